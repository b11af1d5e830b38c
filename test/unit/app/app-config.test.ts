import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, loadFunctionsConfig } from '../../../core/app/app-config.js';
import { AppError } from '../../../core/errors.js';

const base = { DATABASE_URL: 'postgres://u:p@db/lgs', LGS_STORAGE_CONNECTION: 'UseThis' };

describe('functions configuration', () => {
  it('has defaults for everything but the database and storage', () => {
    const config = loadFunctionsConfig(base);
    expect(config.storage).toEqual({ connectionString: 'UseThis' });
    expect(config.schedule).toBe(DEFAULT_SCHEDULE);
    expect(config.settings).toEqual({
      uploadsContainer: 'uploads',
      reportsContainer: 'reports',
      maxBadRowRatio: 0.001,
      scoring: 'ntile',
      downloadLinkSeconds: 900,
    });
  });

  it('takes the host storage connection, or an account URL for a managed identity', () => {
    expect(
      loadFunctionsConfig({ DATABASE_URL: base.DATABASE_URL, AzureWebJobsStorage: 'Host' }).storage,
    ).toEqual({
      connectionString: 'Host',
    });
    expect(
      loadFunctionsConfig({
        DATABASE_URL: base.DATABASE_URL,
        LGS_STORAGE_ACCOUNT_URL: 'https://lgs.blob.core.windows.net',
      }).storage,
    ).toEqual({ accountUrl: 'https://lgs.blob.core.windows.net' });
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadFunctionsConfig({
        DATABASE_URL: 'mysql://x',
        LGS_SCORING: 'fancy',
        LGS_REPORT_SCHEDULE: '0 6 1 * *',
        LGS_UPLOADS_CONTAINER: 'Up_Loads',
        LGS_DOWNLOAD_LINK_SECONDS: '0',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    for (const key of [
      'DATABASE_URL',
      'LGS_STORAGE_CONNECTION',
      'LGS_SCORING',
      'LGS_REPORT_SCHEDULE',
      'LGS_UPLOADS_CONTAINER',
      'LGS_DOWNLOAD_LINK_SECONDS',
    ]) {
      expect(message).toContain(key);
    }
  });

  it('on Azure, requires DATABASE_URL, and says so with the other problems', () => {
    expect(() => loadFunctionsConfig({ ...base, WEBSITE_INSTANCE_ID: 'i1' })).not.toThrow();
    // Locally the embedded server stands in for a missing DATABASE_URL.
    expect(loadFunctionsConfig({ LGS_STORAGE_CONNECTION: 'UseThis' }).databaseUrl).toBeNull();
    const error = (() => {
      try {
        loadFunctionsConfig({ WEBSITE_INSTANCE_ID: 'i1', LGS_SCORING: 'fancy' });
      } catch (err) {
        return err as AppError;
      }
      throw new Error('no error');
    })();
    expect(error.message).toContain('DATABASE_URL must be set on Azure');
    expect(error.message).toContain('LGS_STORAGE_CONNECTION');
    expect(error.message).toContain('LGS_SCORING');
  });
});
