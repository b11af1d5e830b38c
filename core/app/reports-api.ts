import { AppError } from '../errors.js';
import type { Manifest } from '../report/manifest.js';
import { BlobErrorCode } from '../storage/blob-store.js';
import type { AppServices } from './app-services.js';
import { readLatest, runPrefix } from './latest-pointer.js';

export interface RunListing {
  run_id: string;
  as_of: string;
  generated_at: string;
  scoring: string;
  input: string;
  customers: number;
  notices: string[];
  latest: boolean;
  files: { path: string; bytes: number; content_type: string }[];
}

/** Complete runs (those with a manifest), newest first. */
export async function listRuns(services: AppServices, limit = 50): Promise<RunListing[]> {
  const { store, settings } = services;
  const names: string[] = [];
  for await (const item of store.list(settings.reportsContainer)) {
    if (/^\d{4}-\d{2}-\d{2}\/[^/]+\/manifest\.json$/.test(item.name)) names.push(item.name);
  }
  // <as_of>/<run_id>: run ids start with their UTC time, so name order is as-of, then time order.
  const newest = names.sort().reverse().slice(0, limit);
  const latest = await readLatest(store, settings.reportsContainer);
  return Promise.all(
    newest.map(async (name) => {
      const m = await readManifest(services, name);
      return {
        run_id: m.run_id,
        as_of: m.as_of,
        generated_at: m.generated_at,
        scoring: m.scoring,
        input: m.input.name,
        customers: m.customers,
        notices: m.notices ?? [],
        latest: latest?.latest.run_id === m.run_id,
        files: m.files.map((f) => ({ path: f.path, bytes: f.bytes, content_type: f.content_type })),
      };
    }),
  );
}

/**
 * A short-lived, read-only link to one published file. Only files the run's manifest lists can be linked, so the
 * API never signs an arbitrary blob name.
 */
export async function fileLink(
  services: AppServices,
  run: { asOf: string; runId: string },
  path: string,
): Promise<{ url: string; expires_at: string }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(run.asOf) || !/^[\w-]+$/.test(run.runId)) {
    throw new AppError('RUN_NOT_FOUND', `no run ${run.asOf}/${run.runId}`);
  }
  const prefix = runPrefix({ as_of: run.asOf, run_id: run.runId });
  const manifest = await readManifest(services, `${prefix}/manifest.json`);
  if (path !== 'manifest.json' && !manifest.files.some((f) => f.path === path)) {
    throw new AppError('FILE_NOT_FOUND', `run ${prefix} has no file ${path}`);
  }
  const ttl = services.settings.downloadLinkSeconds;
  const url = await services.store.readUrl(services.settings.reportsContainer, `${prefix}/${path}`, ttl);
  return { url, expires_at: new Date(services.now().getTime() + ttl * 1000).toISOString() };
}

async function readManifest(services: AppServices, name: string): Promise<Manifest> {
  try {
    const blob = await services.store.open(services.settings.reportsContainer, name);
    const chunks: Buffer[] = [];
    for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
  } catch (err) {
    if (err instanceof AppError && err.code === BlobErrorCode.notFound) {
      throw new AppError('RUN_NOT_FOUND', `no complete run at ${name.replace(/\/manifest\.json$/, '')}`);
    }
    throw err;
  }
}
