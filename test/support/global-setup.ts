import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer } from '../../core/db/embedded-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server for integration tests; each test file creates its own database on it. */
    databaseUrl: string;
  }
}

/** One real PostgreSQL for the whole run: TEST_DATABASE_URL if given, else an embedded server in a temp dir. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    return () => Promise.resolve();
  }
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'lgs-test-pg-'));
  // The server runs as the postgres user when we are root: it must be able to reach its directory.
  await import('node:fs/promises').then((fs) => fs.chmod(stateDir, 0o755));
  const server = await startEmbeddedServer(stateDir);
  project.provide('databaseUrl', server.url);
  return async () => {
    await server.stop();
    await rm(stateDir, { recursive: true, force: true });
  };
}
