import type { LoadReport } from '../ingest/load-dump.js';
import type { LoadStatus } from '../ingest/load-status.js';
import type { Manifest } from '../report/manifest.js';

/** Everything the CLI says to a person, in one place. */
const n = (x: number) => x.toLocaleString('en-GB');

export function loadSummary(r: LoadReport): string[] {
  if (r.outcome === 'duplicate') {
    return [
      `${r.source}: same content as the data already loaded (sha256 ${r.sha256.slice(0, 12)}…); nothing changed.`,
    ];
  }
  const lines = [
    `Loaded ${n(r.rows_loaded)} rows from ${r.source} (${r.format}${r.compression === 'gzip' ? ', gzip' : ''}, ` +
      `${(r.bytes / 1e6).toFixed(1)} MB) in ${(r.timings_ms.total / 1000).toFixed(2)} s.`,
    `  rows read ${n(r.rows_read)}, rejected ${n(r.rows_rejected)}; sha256 ${r.sha256}`,
  ];
  for (const bad of r.rejects_sample.slice(0, 5)) {
    lines.push(`  rejected line ${bad.line}${bad.column ? ` (${bad.column})` : ''}: ${bad.reason}`);
  }
  if (r.skipped_count > 0) {
    const kinds = new Map<string, number>();
    for (const s of r.skipped) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
    const list = [...kinds].map(([k, c]) => (c > 1 ? `${k} ×${c}` : k)).join(', ');
    lines.push(`  not executed (${n(r.skipped_count)}): ${list}`);
  }
  if (r.ignored_columns.length > 0) lines.push(`  columns not loaded: ${r.ignored_columns.join(', ')}`);
  return lines;
}

export function statusSummary(s: LoadStatus, where: string): string[] {
  const lines = [`Database: ${where}`];
  if (s.current === null) lines.push('No data loaded yet. Load a dump with: lgs-report ingest <file>');
  else {
    lines.push(
      `Current data: ${n(s.current.rows_loaded)} rows from ${s.current.source} (${s.current.format}), ` +
        `loaded ${s.current.loaded_at}, sha256 ${s.current.sha256.slice(0, 12)}…`,
    );
  }
  if (s.loads.length > 0) lines.push('', 'Recent loads:');
  for (const l of s.loads) {
    const detail = l.outcome === 'loaded' ? `${n(l.rows_loaded)} rows` : (l.error ?? '');
    lines.push(`  #${l.run_id} ${l.started_at}  ${l.outcome.padEnd(9)} ${l.source}  ${detail}`.slice(0, 200));
  }
  return lines;
}

export const errorLine = (message: string) => `error: ${message.split('\n').join(' ')}`;

const gbp = (x: number) => `£${x.toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;

export function reportSummary(m: Manifest, dir: string): string[] {
  const lines = [
    `Report ${m.run_id}: ${n(m.customers)} customers as of ${m.as_of} (${m.scoring} scoring), written to ${dir}/`,
    '',
    `  ${'segment'.padEnd(22)}${'customers'.padStart(10)}${'revenue'.padStart(14)}`,
  ];
  for (const s of m.segments) {
    lines.push(`  ${s.segment.padEnd(22)}${n(s.customers).padStart(10)}${gbp(s.revenue).padStart(14)}`);
  }
  lines.push('', `  files: ${m.files.map((f) => f.path).join(', ')}, manifest.json`);
  const t = m.timings_ms;
  lines.push(
    `  took: ingest ${t.ingest} ms, analytics ${t.analytics} ms, render ${t.render} ms, publish ${t.publish} ms`,
  );
  return lines;
}
