import path from 'node:path';
import { AppError } from './errors.js';
import { projectRoot } from './paths.js';

/** Everything the core needs from the outside world, parsed and validated once at the edge. */
export interface AppConfig {
  /** An external PostgreSQL server; when absent, the embedded one under `stateDir` is used. */
  databaseUrl: string | null;
  /** Project-local, git-ignored state: the embedded server's data directory lives here. */
  stateDir: string;
  /** A file with more bad rows than this share of the rows read is rejected as a whole. */
  maxBadRowRatio: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the app settings, reporting every problem at once rather than the first one. */
export function loadConfig(env: Env, overrides: Partial<AppConfig> = {}): AppConfig {
  const problems: string[] = [];

  const databaseUrl = overrides.databaseUrl ?? nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const stateDir =
    overrides.stateDir ?? path.resolve(nonEmpty(env.LGS_STATE_DIR) ?? path.join(projectRoot, '.lgs'));

  let maxBadRowRatio = overrides.maxBadRowRatio ?? 0.001;
  const ratioText = nonEmpty(env.LGS_MAX_BAD_ROW_RATIO);
  if (overrides.maxBadRowRatio === undefined && ratioText !== null) {
    maxBadRowRatio = Number(ratioText);
    if (!Number.isFinite(maxBadRowRatio) || maxBadRowRatio < 0 || maxBadRowRatio > 1) {
      problems.push(`LGS_MAX_BAD_ROW_RATIO must be a number between 0 and 1 (got "${ratioText}")`);
    }
  }

  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', `Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  return { databaseUrl, stateDir, maxBadRowRatio };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
