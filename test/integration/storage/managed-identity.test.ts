import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../../../core/storage/azurite-launcher.js';
import { createAzureBlobStore } from '../../../core/storage/azure-blob-store.js';
import type { BlobStore } from '../../../core/storage/blob-store.js';
import { uniqueContainer } from '../../support/azurite.js';

/**
 * The managed-identity path (account URL + TokenCredential, user-delegation SAS) against Azurite in OAuth mode.
 * Azurite only takes bearer tokens over https, so it gets a throwaway self-signed certificate, which this test
 * process (its own fork) is told to accept. Azurite's "basic" OAuth checks a token's issuer, audience and lifetime
 * but not its signature, so a hand-made token stands in for what DefaultAzureCredential would fetch.
 */
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const tenant = randomUUID();
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function fakeIdentity(): TokenCredential & { calls: number } {
  const identity = {
    calls: 0,
    getToken() {
      identity.calls++;
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        aud: 'https://storage.azure.com',
        iss: `https://sts.windows.net/${tenant}/`,
        iat: now - 60,
        nbf: now - 60,
        exp: now + 3600,
        oid: randomUUID(),
        tid: tenant,
      };
      const token = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;
      return Promise.resolve({ token, expiresOnTimestamp: (now + 3600) * 1000 });
    },
  };
  return identity;
}

describe.skipIf(!hasOpenssl)('AzureBlobStore with a token credential (managed identity)', () => {
  let dir: string;
  let azurite: Azurite;
  let store: BlobStore;
  const identity = fakeIdentity();
  const container = uniqueContainer('mi');
  const tlsBefore = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lgs-azurite-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
      ],
      { stdio: 'ignore' },
    );
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    azurite = await startAzurite({ https: { cert, key }, oauth: true });
    store = createAzureBlobStore({ accountUrl: azurite.blobEndpoint, credential: identity });
  });

  afterAll(async () => {
    await azurite?.stop();
    if (tlsBefore === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = tlsBefore;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes, lists, reads and removes with bearer tokens', async () => {
    const put = await store.put(container, '2011-12-10/run-1/segments.csv', 'a,b\n1,2\n', {
      contentType: 'text/csv',
    });
    expect(put.bytes).toBe(8);
    const names: string[] = [];
    for await (const item of store.list(container, '2011-12-10/')) names.push(item.name);
    expect(names).toEqual(['2011-12-10/run-1/segments.csv']);
    const blob = await store.open(container, '2011-12-10/run-1/segments.csv');
    let text = '';
    for await (const chunk of blob.stream) text += (chunk as Buffer).toString();
    expect(text).toBe('a,b\n1,2\n');
    expect(identity.calls).toBeGreaterThan(0);
  });

  it('hands out a user-delegation SAS: https only, read-only, one blob', async () => {
    await store.put(container, 'report.csv', 'x,y\n', { contentType: 'text/csv' });
    const url = new URL(await store.readUrl(container, 'report.csv', 600));
    expect(url.protocol).toBe('https:');
    expect(url.searchParams.get('spr')).toBe('https');
    expect(url.searchParams.get('sp')).toBe('r');
    expect(url.searchParams.get('sktid')).toBe(tenant); // signed with a delegation key, not an account key
    expect(url.searchParams.get('skoid')).toMatch(/^[0-9a-f-]{36}$/);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('x,y\n');
    const put = await fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'no' });
    expect(put.status).toBe(403);
    const tampered = new URL(url);
    tampered.searchParams.set('sp', 'rw');
    expect((await fetch(tampered)).status).toBe(403);

    // The delegation key is kept and reused for the next links.
    const second = new URL(await store.readUrl(container, 'report.csv', 60));
    expect(second.searchParams.get('skoid')).toBe(url.searchParams.get('skoid'));
  });

  it('copies by way of a SAS source, so no account key is needed', async () => {
    const { etag } = await store.put(container, 'uploads/bad.sql', 'nope', {
      contentType: 'application/sql',
    });
    await store.copy(
      { container, name: 'uploads/bad.sql' },
      { container, name: 'rejected/bad.sql' },
      { sourceEtag: etag },
    );
    const copied = await store.open(container, 'rejected/bad.sql');
    expect(copied.size).toBe(4);
    copied.stream.resume();
  });
});
