import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  /** `done` in the unit of `total`; `bytes` defaults to `done` (for a total in bytes). */
  update(done: number, rows: number, bytes?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr (rows, MB, rows/s), only when stderr is a terminal: piped output and --json stay clean.
 * `total` is the size of the job in any unit (bytes read for a load: the compressed size for .gz; rows for generate).
 */
export function startProgress(io: CliIo, total: number | null, label: string): Progress {
  if (io.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: `${label} {bar} {percentage}% | {mb} MB | {rows} rows | {rate} rows/s`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 1, 0, { mb: '0.0', rows: 0, rate: 0 });
  return {
    update(done, rows, bytes = done) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(total === null ? 0 : Math.min(done, total), {
        mb: (bytes / 1e6).toFixed(1),
        rows: rows.toLocaleString('en-GB'),
        rate: Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-GB'),
      });
    },
    stop: () => bar.stop(),
  };
}
