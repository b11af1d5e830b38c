import ExcelJS from 'exceljs';
import { type CleaningRules, loadCleaningRules } from '../../analytics/cleaning-rules.js';
import type { Marts } from '../../analytics/marts.js';
import type { ReportContext } from '../report-context.js';
import { addAboutSheet } from './about-sheet.js';
import { BulkRows } from './bulk-rows.js';
import { ChartImages, type WorkbookChart } from './chart-images.js';
import { addCohortsSheet } from './cohorts-sheet.js';
import { addCountriesSheet } from './countries-sheet.js';
import { addCustomersSheet } from './customers-sheet.js';
import { addDataQualitySheet } from './data-quality-sheet.js';
import { addMonthlySheet } from './monthly-sheet.js';
import { addOrderValuesSheet } from './order-values-sheet.js';
import { addOverviewSheet } from './overview-sheet.js';
import { segmentColours } from './segment-colours.js';
import { addSegmentsSheet } from './segments-sheet.js';
import type { SheetInput } from './sheet-input.js';
import { addTopProductsSheet } from './top-products-sheet.js';
import { ukDate } from './values.js';
import { deflateStoredZip } from './zip-deflate.js';
import { fill, loadWorkbookText, type WorkbookText } from './workbook-text.js';

export interface WorkbookOptions {
  /** The wording; default templates/workbook-text.json. */
  text?: WorkbookText;
  /** The cleaning settings to list on Data quality; default templates/cleaning-rules.json, as the build used. */
  cleaningRules?: CleaningRules;
}

/** The sheets, in the order a reader meets them. */
const SHEETS = [
  addOverviewSheet,
  addSegmentsSheet,
  addCustomersSheet,
  addMonthlySheet,
  addCohortsSheet,
  addCountriesSheet,
  addTopProductsSheet,
  addOrderValuesSheet,
  addDataQualitySheet,
  addAboutSheet,
];

/**
 * The marketing team's Excel workbook (.xlsx) for one run. The whole workbook is built in memory — exceljs's
 * streaming writer cannot embed images — which at a few thousand customers is a few megabytes at most.
 */
export async function buildWorkbook(
  marts: Marts,
  ctx: ReportContext,
  charts: readonly WorkbookChart[],
  options: WorkbookOptions = {},
): Promise<Buffer> {
  const [text, cleaningRules] = await Promise.all([
    options.text ?? loadWorkbookText(),
    options.cleaningRules ?? loadCleaningRules(),
  ]);
  const wb = new ExcelJS.Workbook();
  const generatedAt = new Date(ctx.generatedAt);
  wb.creator = 'lgs-report';
  wb.title = text.reportTitle;
  wb.created = generatedAt;
  wb.modified = generatedAt;

  const segmentNames = [
    ...marts.rfmSegments.map((s) => s.segment),
    ...marts.rfmCustomers.map((c) => c.segment),
  ];
  const images = new ChartImages(wb, charts, text.charts);
  const bulk = new BulkRows();
  const input: SheetInput = {
    wb,
    marts,
    ctx,
    images,
    bulk,
    text,
    cleaningRules,
    colours: segmentColours(text, segmentNames),
    footer: fill(text.footer, { asOf: ukDate(ctx.asOf) }),
  };
  wb.subject = input.footer;
  for (const addSheet of SHEETS) addSheet(input);
  // Open on the Overview, whatever sheet was built last.
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' },
  ];

  // Written uncompressed, then compressed natively: see zip-deflate.ts. Charts still rasterising (drawCharts) were
  // placed by size with empty images: the file is written and compressed meanwhile, and each PNG goes in as it
  // arrives; the large tables' rows (bulk-rows.ts) go in as the file is compressed.
  const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  const edits = new Map<string, (stored: Buffer) => Buffer | Promise<Buffer>>(bulk.edits());
  for (const [name, png] of images.lateImages()) edits.set(name, () => png);
  return deflateStoredZip(Buffer.from(stored), edits);
}
