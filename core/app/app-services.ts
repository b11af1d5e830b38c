import type { Scoring } from '../analytics/build-analytics.js';
import type { Db } from '../db/gateway.js';
import type { BlobStore } from '../storage/blob-store.js';

/** What the functions app's use-cases need, built once per worker by the adapters and passed down. */
export interface AppServices {
  db: Db;
  store: BlobStore;
  settings: AppSettings;
  now: () => Date;
  log: (message: string) => void;
}

export interface AppSettings {
  /** Where LGS IT uploads dumps; bad ones are copied under `rejected/` there. */
  uploadsContainer: string;
  /** Where runs are published: `<as_of>/<run_id>/…` and `latest.json`. */
  reportsContainer: string;
  maxBadRowRatio: number;
  scoring: Scoring;
  /** How long a download link from the reports API works. */
  downloadLinkSeconds: number;
}

/** Upload names the app loads; anything else in the container (and the quarantine folder) is left alone. */
export const UPLOAD_PATTERN = /\.(sql|csv)(\.gz)?$/i;
export const REJECTED_PREFIX = 'rejected/';
