import type { Scoring } from '../analytics/build-analytics.js';

/**
 * What a report says about itself besides the marts: which run, which data, which method. Every renderer (charts,
 * workbook, segment lists, dashboard) takes the same context, so they all state the same facts.
 */
export interface ReportContext {
  runId: string;
  /** YYYY-MM-DD: recency and partial months are judged at this date. */
  asOf: string;
  scoring: Scoring;
  /** ISO timestamp of the run. */
  generatedAt: string;
  /** First and last invoice date in the loaded data, YYYY-MM-DD (null when nothing is loaded). */
  dataFrom: string | null;
  dataThrough: string | null;
  input: {
    name: string;
    sha256: string;
    format: string;
    rows_read: number;
    rows_loaded: number;
    rows_rejected: number;
  };
  /** Plain-words warnings the reports must show, e.g. that the newest data is older than the report period. */
  notices: string[];
}

/** One chart rendered for the workbook, the dashboard and the published images. */
export interface RenderedChart {
  /** kebab-case file stem, e.g. "monthly-net-sales". */
  name: string;
  title: string;
  /** The spec with its data inlined (Vega-Lite or Vega), as the dashboard embeds it. */
  spec: object;
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** A chart laid out (spec, SVG, size) whose PNG may still be rasterising: see drawCharts. */
export interface DrawnChart extends Omit<RenderedChart, 'png'> {
  png: Promise<Buffer>;
}
