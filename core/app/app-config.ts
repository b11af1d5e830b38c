import type { Scoring } from '../analytics/build-analytics.js';
import { loadConfig, type AppConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { AppSettings } from './app-services.js';

/** The functions app's settings: the core's, plus storage, containers and the timer's schedule. */
export interface FunctionsConfig extends AppConfig {
  storage: { connectionString: string } | { accountUrl: string };
  settings: AppSettings;
  /** NCRONTAB (six fields) for the monthly report; read by the host from the same app setting. */
  schedule: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_SCHEDULE = '0 0 6 1 * *'; // 06:00 UTC on the 1st of every month

/**
 * Reads the app settings once, at the edge, and reports every problem together. Storage, first match wins:
 * LGS_STORAGE_CONNECTION (a connection string); LGS_STORAGE_ACCOUNT_URL (a managed identity); the host's own storage
 * when it is identity-based (AzureWebJobsStorage__blobServiceUri or __accountName); the host's AzureWebJobsStorage
 * connection string. The app's own settings come before the host's, which Azure always sets.
 */
export function loadFunctionsConfig(env: Env): FunctionsConfig {
  const problems: string[] = [];
  let base: AppConfig | null = null;
  try {
    base = loadConfig(env);
  } catch (err) {
    problems.push(...(err instanceof AppError ? err.message.split('\n- ').slice(1) : [String(err)]));
  }

  // On Azure (WEBSITE_INSTANCE_ID is set) the embedded PostgreSQL would keep the data on an instance's own disk,
  // which goes with the instance: a server is required.
  if (text(env.WEBSITE_INSTANCE_ID) !== null && text(env.DATABASE_URL) === null) {
    problems.push('DATABASE_URL must be set on Azure');
  }

  const hostAccount = text(env.AzureWebJobsStorage__accountName);
  const accountUrl =
    text(env.LGS_STORAGE_ACCOUNT_URL) ??
    text(env.AzureWebJobsStorage__blobServiceUri) ??
    (hostAccount === null ? null : `https://${hostAccount}.blob.core.windows.net`);
  const connectionString =
    text(env.LGS_STORAGE_CONNECTION) ?? (accountUrl === null ? text(env.AzureWebJobsStorage) : null);
  if (connectionString === null && accountUrl !== null && !/^https?:\/\//.test(accountUrl)) {
    problems.push(
      'LGS_STORAGE_ACCOUNT_URL must be an https:// URL (https://<account>.blob.core.windows.net)',
    );
  }
  if (connectionString === null && accountUrl === null) {
    problems.push('set LGS_STORAGE_CONNECTION (or AzureWebJobsStorage), or LGS_STORAGE_ACCOUNT_URL');
  }
  const scoring = (text(env.LGS_SCORING) ?? 'ntile') as Scoring;
  if (scoring !== 'ntile' && scoring !== 'classic') problems.push('LGS_SCORING must be ntile or classic');
  const schedule = text(env.LGS_REPORT_SCHEDULE) ?? DEFAULT_SCHEDULE;
  if (schedule.split(/\s+/).length !== 6) {
    problems.push(`LGS_REPORT_SCHEDULE must be an NCRONTAB expression with six fields (got "${schedule}")`);
  }
  const linkText = text(env.LGS_DOWNLOAD_LINK_SECONDS) ?? '900';
  const downloadLinkSeconds = Number(linkText);
  if (!Number.isInteger(downloadLinkSeconds) || downloadLinkSeconds < 1 || downloadLinkSeconds > 86_400) {
    problems.push(`LGS_DOWNLOAD_LINK_SECONDS must be whole seconds from 1 to 86400 (got "${linkText}")`);
  }
  const containers = {
    uploadsContainer: text(env.LGS_UPLOADS_CONTAINER) ?? 'uploads',
    reportsContainer: text(env.LGS_REPORTS_CONTAINER) ?? 'reports',
  };
  for (const [key, name] of Object.entries(containers)) {
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name)) {
      problems.push(
        `${key === 'uploadsContainer' ? 'LGS_UPLOADS_CONTAINER' : 'LGS_REPORTS_CONTAINER'} "${name}" is not a valid container name`,
      );
    }
  }

  if (problems.length > 0 || base === null) {
    throw new AppError('CONFIG_INVALID', `Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  return {
    ...base,
    storage: connectionString !== null ? { connectionString } : { accountUrl: accountUrl! },
    schedule,
    settings: { ...containers, maxBadRowRatio: base.maxBadRowRatio, scoring, downloadLinkSeconds },
  };
}

function text(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
