import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  update(done: number, rows: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr (rows, MB, rows/s), only when stderr is a terminal: piped output and --json stay clean.
 * `total` is in bytes of the input as stored (compressed size for .gz), which is what the reader counts.
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
    update(done, rows) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(total === null ? 0 : Math.min(done, total), {
        mb: (done / 1e6).toFixed(1),
        rows: rows.toLocaleString('en-GB'),
        rate: Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-GB'),
      });
    },
    stop: () => bar.stop(),
  };
}
