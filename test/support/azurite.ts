import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startAzurite, type Azurite, type AzuriteOptions } from '../../core/storage/azurite-launcher.js';

/**
 * A real Azurite for the calling test file: started in beforeAll (under a second, in memory), stopped in afterAll.
 * Per file rather than global: only the storage tests pay for it, and a file may stop or restart its own server.
 */
export function useAzurite(options: AzuriteOptions = {}): () => Azurite {
  let azurite: Azurite | undefined;
  beforeAll(async () => {
    azurite = await startAzurite(options);
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  return () => {
    if (azurite === undefined) throw new Error('Azurite is not started yet: use it inside a test or hook');
    return azurite;
  };
}

/** A container name no other test uses (lowercase letters, digits and hyphens, 3 to 63 characters). */
export function uniqueContainer(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}
