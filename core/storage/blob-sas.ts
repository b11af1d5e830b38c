import {
  BlobSASPermissions,
  SASProtocol,
  StorageSharedKeyCredential,
  type BlobClient,
  type BlobServiceClient,
  type UserDelegationKey,
} from '@azure/storage-blob';
import { AppError } from '../errors.js';
import { fromBlobError } from './blob-errors.js';
import { BlobErrorCode } from './blob-store.js';

/** Signs a read-only SAS URL for one blob, valid for `ttlSeconds` from now. */
export type ReadUrlSigner = (blob: BlobClient, ttlSeconds: number) => Promise<string>;

const MAX_TTL_SECONDS = 7 * 24 * 3600; // the longest a user-delegation key (and so its SAS) may live
const CLOCK_SKEW_MS = 5 * 60_000; // a SAS starting "now" by our clock may not have started yet by the server's
// The SAS format version. The SDK's default (its newest, 2026-04-06) adds fields to the user-delegation string to
// sign that Azurite 3.35 does not know yet, so its links fail there; Azure accepts every older version, and this
// one has everything a read-only link to one blob needs.
const SAS_VERSION = '2025-07-05';
const MIN_KEY_LIFETIME_MS = 6 * 3600_000; // ask for keys that outlive many short SAS, not one key per URL

/**
 * With an account key (connection string) the SAS is signed locally. With a token credential (managed identity)
 * there is no key: we ask the service for a user-delegation key, valid for hours, and sign with that — the SAS can
 * then grant no more than the identity itself has, and revoking the identity's role revokes the links.
 */
export function readUrlSigner(service: BlobServiceClient, auth: 'key' | 'token'): ReadUrlSigner {
  let cachedKey: UserDelegationKey | undefined;

  async function delegationKey(validUntil: Date): Promise<UserDelegationKey> {
    if (cachedKey !== undefined && cachedKey.signedExpiresOn.getTime() >= validUntil.getTime())
      return cachedKey;
    const now = Date.now();
    const expiresOn = new Date(
      Math.min(now + MAX_TTL_SECONDS * 1000, Math.max(validUntil.getTime(), now + MIN_KEY_LIFETIME_MS)),
    );
    try {
      cachedKey = await service.getUserDelegationKey(new Date(now - CLOCK_SKEW_MS), expiresOn);
    } catch (err) {
      throw fromBlobError(err, 'getting a user delegation key');
    }
    return cachedKey;
  }

  return async (blob, ttlSeconds) => {
    if (!Number.isFinite(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new AppError(
        BlobErrorCode.invalidRequest,
        `a read URL must live between 1 s and ${MAX_TTL_SECONDS} s (got ${ttlSeconds})`,
      );
    }
    const now = Date.now();
    const options = {
      version: SAS_VERSION,
      permissions: BlobSASPermissions.parse('r'),
      startsOn: new Date(now - CLOCK_SKEW_MS),
      expiresOn: new Date(now + Math.floor(ttlSeconds * 1000)),
      // Plain http only where the endpoint itself is http (Azurite); a real account's links are https-only.
      protocol: blob.url.startsWith('https:') ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
    };
    if (auth === 'token') {
      return blob.generateUserDelegationSasUrl(options, await delegationKey(options.expiresOn));
    }
    if (!(blob.credential instanceof StorageSharedKeyCredential)) {
      throw new AppError(
        BlobErrorCode.configInvalid,
        'read URLs need an account key or a token credential; this connection string has neither',
      );
    }
    return blob.generateSasUrl(options);
  };
}
