import type { RenderedChart } from '../report-context.js';

/**
 * Segment → colour exactly as the charts drew them: read from the rows inlined in the chart specs (every row that
 * has both `segment` and `segment_color`), so the dashboard's tables and cards match the charts without loading the
 * theme a second time.
 */
export function segmentColoursFromCharts(
  charts: readonly Pick<RenderedChart, 'spec'>[],
): Map<string, string> {
  const colours = new Map<string, string>();
  const take = (rows: unknown): void => {
    if (!Array.isArray(rows)) return;
    for (const row of rows as unknown[]) {
      if (typeof row !== 'object' || row === null) continue;
      const { segment, segment_color: colour } = row as { segment?: unknown; segment_color?: unknown };
      if (typeof segment === 'string' && typeof colour === 'string' && !colours.has(segment)) {
        colours.set(segment, colour);
      }
    }
  };
  for (const { spec } of charts) {
    const s = spec as { datasets?: Record<string, unknown>; data?: unknown };
    if (s.datasets) Object.values(s.datasets).forEach(take);
    if (Array.isArray(s.data)) for (const d of s.data as { values?: unknown }[]) take(d.values);
  }
  return colours;
}
