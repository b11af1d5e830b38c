import { describe, expect, it } from 'vitest';
import { loadFunctionsConfig } from '../../../core/app/app-config.js';

/** Which storage the functions app uses when Azure sets the host's own storage setting too. */
describe('storage settings precedence', () => {
  const db = { DATABASE_URL: 'postgres://u:p@db/lgs' };
  const host =
    'DefaultEndpointsProtocol=https;AccountName=host;AccountKey=a2V5;EndpointSuffix=core.windows.net';

  it("prefers the app's own settings to the host's AzureWebJobsStorage", () => {
    expect(loadFunctionsConfig({ ...db, AzureWebJobsStorage: host }).storage).toEqual({
      connectionString: host,
    });
    expect(
      loadFunctionsConfig({ ...db, AzureWebJobsStorage: host, LGS_STORAGE_CONNECTION: 'mine' }).storage,
    ).toEqual({ connectionString: 'mine' });
    // A managed identity for the data, while the host keeps its connection string.
    expect(
      loadFunctionsConfig({
        ...db,
        AzureWebJobsStorage: host,
        LGS_STORAGE_ACCOUNT_URL: 'https://lgsdata.blob.core.windows.net',
      }).storage,
    ).toEqual({ accountUrl: 'https://lgsdata.blob.core.windows.net' });
  });

  it('follows an identity-based host storage (AzureWebJobsStorage__accountName or __blobServiceUri)', () => {
    expect(loadFunctionsConfig({ ...db, AzureWebJobsStorage__accountName: 'lgsdata' }).storage).toEqual({
      accountUrl: 'https://lgsdata.blob.core.windows.net',
    });
    expect(
      loadFunctionsConfig({
        ...db,
        AzureWebJobsStorage__blobServiceUri: 'https://lgsdata.blob.core.usgovcloudapi.net',
      }).storage,
    ).toEqual({ accountUrl: 'https://lgsdata.blob.core.usgovcloudapi.net' });
  });

  it('refuses an account URL that is not one, and no storage at all', () => {
    expect(() => loadFunctionsConfig({ ...db, LGS_STORAGE_ACCOUNT_URL: 'lgsdata' })).toThrow(
      /https:\/\/ URL/,
    );
    expect(() => loadFunctionsConfig(db)).toThrow(/LGS_STORAGE_CONNECTION/);
  });
});
