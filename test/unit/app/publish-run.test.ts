import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppServices } from '../../../core/app/app-services.js';
import { moveLatest } from '../../../core/app/latest-pointer.js';
import { publishRun } from '../../../core/app/publish-run.js';
import type { Db } from '../../../core/db/gateway.js';
import { AppError } from '../../../core/errors.js';
import type { Manifest } from '../../../core/report/manifest.js';
import { runReport } from '../../../core/report/run-report.js';
import type { BlobStore } from '../../../core/storage/blob-store.js';
import { fakeSettings } from './fake-settings.js';

// The run itself and the pointer's writing are replaced: these tests are about when latest.json may move.
vi.mock('../../../core/report/run-report.js', () => ({ runReport: vi.fn() }));
vi.mock('../../../core/app/latest-pointer.js', async (original) => ({
  ...(await original<typeof import('../../../core/app/latest-pointer.js')>()),
  moveLatest: vi.fn(),
}));
const run = vi.mocked(runReport);
const move = vi.mocked(moveLatest);

const manifest = { run_id: '20261201T060000Z-abcdef', as_of: '2026-12-01' } as Manifest;
const services = {
  db: {} as Db,
  store: { list: () => Readable.from([]) } as unknown as BlobStore,
  settings: fakeSettings,
  now: () => new Date('2026-12-01T06:00:00Z'),
  log: () => undefined,
} satisfies AppServices;
const upload = { at: '2026-11-30T12:00:00.000Z', etag: '"v1"' };

beforeEach(() => {
  run.mockReset().mockResolvedValue({ manifest, manifestFile: null, load: null, dataUploadedAt: null });
  move.mockReset().mockImplementation(() => Promise.reject(new Error('not expected')));
});

describe('publishRun', () => {
  it('moves latest.json once the run is published and the job still holds its lock', async () => {
    const latest = { run_id: manifest.run_id } as Awaited<ReturnType<typeof moveLatest>>;
    move.mockResolvedValue(latest);
    const check = vi.fn(() => Promise.resolve());
    const result = await publishRun(
      services,
      { asOf: '2026-12-01' },
      { lock: { check }, previous: null, upload },
    );
    expect(check).toHaveBeenCalledOnce();
    expect(move).toHaveBeenCalledOnce();
    expect(check.mock.invocationCallOrder[0]!).toBeLessThan(move.mock.invocationCallOrder[0]!);
    expect(result.latest).toBe(latest);
  });

  it('leaves latest.json where it was when the lock was lost during the run', async () => {
    const lost = new AppError('JOB_LOCK_LOST', 'lost', { retryable: true });
    const check = () => Promise.reject(lost);
    await expect(
      publishRun(services, { asOf: '2026-12-01' }, { lock: { check }, previous: null, upload }),
    ).rejects.toBe(lost);
    expect(run).toHaveBeenCalledOnce();
    expect(move).not.toHaveBeenCalled();
  });
});
