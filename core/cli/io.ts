import type { Writable } from 'node:stream';

/** Where the CLI writes: real streams in bin/, in-memory ones in tests. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  /** Raw environment, parsed once by loadConfig. */
  env: Readonly<Record<string, string | undefined>>;
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
