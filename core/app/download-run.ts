import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import type { BlobStore } from '../storage/blob-store.js';
import { runPrefix } from './latest-pointer.js';

/**
 * Copies one published run (every blob under `<as_of>/<run_id>/` in the reports container) to `<dir>/<as_of>/<run_id>/`,
 * streamed file by file. Written to a temporary folder and renamed when complete, like a run written locally: a
 * folder under `dir` with a manifest is always a whole run.
 */
export async function downloadRun(
  store: BlobStore,
  container: string,
  run: { as_of: string; run_id: string },
  dir: string,
): Promise<{ dir: string; files: number; bytes: number }> {
  const prefix = `${runPrefix(run)}/`;
  const target = path.join(dir, run.as_of, run.run_id);
  const pending = path.join(dir, `.pending-${run.run_id}`);
  await rm(pending, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  try {
    for await (const item of store.list(container, prefix)) {
      const relative = item.name.slice(prefix.length);
      if (relative.split('/').some((part) => part === '' || part === '.' || part === '..')) continue;
      const file = path.join(pending, ...relative.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      const blob = await store.open(container, item.name);
      await pipeline(blob.stream, createWriteStream(file));
      files++;
      bytes += item.size;
    }
    if (files === 0) throw new AppError('RUN_NOT_FOUND', `no files under ${container}/${prefix}`);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(pending, target);
  } catch (err) {
    await rm(pending, { recursive: true, force: true });
    throw err;
  }
  return { dir: target, files, bytes };
}
