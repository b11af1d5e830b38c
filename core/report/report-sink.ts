import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { measuringStream } from '../measuring-stream.js';

/** One published file, as the manifest lists it. */
export interface PublishedFile {
  path: string;
  bytes: number;
  sha256: string;
  content_type: string;
}

/**
 * Where a run's files go: a folder now, blob storage in the functions app. Files are written under a temporary name
 * and renamed, so a reader never sees a half-written file.
 */
export interface ReportSink {
  put(relativePath: string, content: Readable | Buffer | string, contentType: string): Promise<PublishedFile>;
  /** Removes a file if it is there. */
  remove(relativePath: string): Promise<void>;
}

export function directorySink(dir: string): ReportSink {
  return {
    async remove(relativePath) {
      await rm(path.join(dir, relativePath), { force: true });
    },
    async put(relativePath, content, contentType) {
      const target = path.join(dir, relativePath);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.partial`;
      const measure = measuringStream();
      try {
        const source =
          typeof content === 'string' || Buffer.isBuffer(content) ? [Buffer.from(content)] : content;
        await pipeline(source, measure.stream, createWriteStream(temp));
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return {
        path: relativePath,
        bytes: measure.bytes,
        sha256: measure.sha256(),
        content_type: contentType,
      };
    },
  };
}
