import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/**
 * A pass-through that counts and hashes what flows through it, so a file's size and sha256 are of exactly the bytes
 * written, without a second read. `bytes` and `sha256()` are final once the stream has ended.
 */
export function measuringStream(): { stream: Transform; readonly bytes: number; sha256: () => string } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return {
    stream,
    get bytes() {
      return bytes;
    },
    sha256: () => hash.digest('hex'),
  };
}
