import type { Workbook } from 'exceljs';
import type { CleaningRules } from '../../analytics/cleaning-rules.js';
import type { Marts } from '../../analytics/marts.js';
import type { ReportContext } from '../report-context.js';
import type { BulkRows } from './bulk-rows.js';
import type { ChartImages } from './chart-images.js';
import type { WorkbookText } from './workbook-text.js';

/** What every sheet builder gets: the data, the run's facts, the wording and the shared look. */
export interface SheetInput {
  wb: Workbook;
  marts: Marts;
  ctx: ReportContext;
  /** The charts, placed per sheet. */
  images: ChartImages;
  /** Rows of large tables, written into the sheets' XML as the workbook is compressed (bulk-rows.ts). */
  bulk: BulkRows;
  text: WorkbookText;
  cleaningRules: CleaningRules;
  /** ARGB fill per segment name. */
  colours: Map<string, string>;
  /** The footer line, filled in once. */
  footer: string;
}
