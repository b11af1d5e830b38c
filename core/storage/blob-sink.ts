import { AppError } from '../errors.js';
import type { ReportSink } from '../report/report-sink.js';
import { BlobErrorCode, type BlobStore } from './blob-store.js';

/**
 * A run's files as blobs under `<prefix>/` in one container: the functions app's counterpart of directorySink,
 * with the same PublishedFile contract (sha256 and bytes of what was written).
 *
 * No temporary name and rename here: a block blob becomes visible only when its block list is committed, so a
 * reader sees the whole previous file, or the whole new one, or none — never a partial write.
 */
export function blobSink(store: BlobStore, container: string, prefix: string): ReportSink {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  const nameOf = (relativePath: string) => {
    // Blob names are flat strings, but `..` or `\` would read as a path to anyone browsing or fetching by URL.
    if (
      relativePath.split('/').some((part) => part === '' || part === '.' || part === '..') ||
      relativePath.includes('\\')
    ) {
      throw new AppError(BlobErrorCode.invalidRequest, `not a relative file path: "${relativePath}"`);
    }
    return base === '' ? relativePath : `${base}/${relativePath}`;
  };
  return {
    async put(relativePath, content, contentType) {
      const written = await store.put(container, nameOf(relativePath), content, { contentType });
      return { path: relativePath, bytes: written.bytes, sha256: written.sha256, content_type: contentType };
    },
    async remove(relativePath) {
      await store.remove(container, nameOf(relativePath));
    },
  };
}
