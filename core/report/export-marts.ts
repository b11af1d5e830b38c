import type { Tx } from '../db/gateway.js';
import type { PublishedFile, ReportSink } from './report-sink.js';

/** The marts published as CSV (under data/), in the order a reader meets them. */
export const MART_FILES = [
  { table: 'lgs.mart_rfm_segments', file: 'segments.csv' },
  { table: 'lgs.mart_rfm_customers', file: 'customers.csv' },
  { table: 'lgs.mart_monthly', file: 'monthly.csv' },
  { table: 'lgs.mart_cohorts', file: 'cohorts.csv' },
  { table: 'lgs.mart_countries', file: 'countries.csv' },
  { table: 'lgs.mart_top_products', file: 'top-products.csv' },
  { table: 'lgs.mart_invoice_amounts', file: 'invoice-amounts.csv' },
  { table: 'lgs.mart_invoice_histogram', file: 'invoice-histogram.csv' },
  { table: 'lgs.mart_data_quality', file: 'data-quality.csv' },
] as const;

/** Streams each mart out of PostgreSQL as UTF-8 CSV with a header (COPY TO STDOUT): no rows held in memory. */
export async function exportMarts(tx: Tx, sink: ReportSink): Promise<PublishedFile[]> {
  const files: PublishedFile[] = [];
  for (const { table, file } of MART_FILES) {
    // Table names come from the constant list above, never from input.
    const stream = tx.copyTo(
      `COPY (SELECT * FROM ${table}) TO STDOUT WITH (FORMAT csv, HEADER, ENCODING 'UTF8')`,
    );
    files.push(await sink.put(`data/${file}`, stream, 'text/csv; charset=utf-8'));
  }
  return files;
}
