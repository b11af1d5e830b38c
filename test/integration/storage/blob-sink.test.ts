import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { directorySink } from '../../../core/report/report-sink.js';
import { createAzureBlobStore } from '../../../core/storage/azure-blob-store.js';
import { blobSink } from '../../../core/storage/blob-sink.js';
import { uniqueContainer, useAzurite } from '../../support/azurite.js';

const azurite = useAzurite();

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += (chunk as Buffer).toString('utf8');
  return out;
}

describe('blobSink', () => {
  it('publishes under <container>/<prefix>/ exactly what directorySink would report', async () => {
    const store = createAzureBlobStore({ connectionString: azurite().connectionString });
    const container = uniqueContainer('reports');
    const sink = blobSink(store, container, '/2011-12-10/20111210T120000Z-ab12/');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lgs-sink-'));
    const local = directorySink(dir);
    try {
      const rows = ['segment,customers\n', 'Champions,42\n', 'Hibernating,£7 é\n'];
      const files = [
        {
          path: 'segments.csv',
          content: () => Readable.from(rows.map((r) => Buffer.from(r))),
          type: 'text/csv; charset=utf-8',
        },
        {
          path: 'charts/segments.svg',
          content: () => '<svg xmlns="http://www.w3.org/2000/svg"/>',
          type: 'image/svg+xml',
        },
        { path: 'manifest.json', content: () => '{"run_id":"x"}\n', type: 'application/json' },
      ];
      for (const f of files) {
        const published = await sink.put(f.path, f.content(), f.type);
        expect(published).toEqual(await local.put(f.path, f.content(), f.type));
        expect(published).toMatchObject({ path: f.path, content_type: f.type });
      }

      const names: string[] = [];
      for await (const item of store.list(container)) names.push(item.name);
      expect(names).toEqual([
        '2011-12-10/20111210T120000Z-ab12/charts/segments.svg',
        '2011-12-10/20111210T120000Z-ab12/manifest.json',
        '2011-12-10/20111210T120000Z-ab12/segments.csv',
      ]);
      const blob = await store.open(container, '2011-12-10/20111210T120000Z-ab12/segments.csv');
      expect(blob.contentType).toBe('text/csv; charset=utf-8');
      expect(await text(blob.stream)).toBe(rows.join(''));

      await sink.remove('manifest.json');
      await sink.remove('manifest.json'); // a file that is not there: fine, as with directorySink
      await expect(
        store.open(container, '2011-12-10/20111210T120000Z-ab12/manifest.json'),
      ).rejects.toMatchObject({
        code: 'BLOB_NOT_FOUND',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses paths that would not read as plain relative paths', async () => {
    const store = createAzureBlobStore({ connectionString: azurite().connectionString });
    const sink = blobSink(store, uniqueContainer('reports'), 'run');
    for (const bad of ['../latest.json', '/abs.csv', 'a//b.csv', 'a/./b.csv', 'a\\b.csv', '']) {
      await expect(sink.put(bad, 'x', 'text/plain')).rejects.toMatchObject({ code: 'BLOB_INVALID_REQUEST' });
    }
  });
});
