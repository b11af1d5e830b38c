import type { Workbook, Worksheet } from 'exceljs';
import type { DrawnChart, RenderedChart } from '../report-context.js';
import { heading, pageBreakAfter } from './sheet.js';
import type { WorkbookText } from './workbook-text.js';

/** A chart as the workbook takes it: its PNG ready, or still rasterising (see drawCharts). */
export type WorkbookChart = RenderedChart | DrawnChart;

/** The sheets that can show charts, as named in the text file's "charts" section. */
export type ChartSheet = keyof WorkbookText['charts'];

/** A row of the default 15 pt is 20 px high: how an image's height converts to the rows it covers. */
const ROW_PX = 20;
/** Widest a chart is shown, in pixels: about the width of a landscape page at 100 %. */
const MAX_CHART_WIDTH = 900;
/**
 * Printable A4 page with this workbook's margins (see sheet.ts), in pixels at 96 per inch, a little kept back for
 * the footer. Printing fits a sheet to the page width, so a wide sheet is shrunk and its page holds more rows.
 */
const PAGE = { landscape: { width: 1045, height: 680 }, portrait: { width: 717, height: 1000 } };

/**
 * Which charts each sheet shows, by the chart's name. The text file places them (the main ones on the Overview,
 * the others next to the table they illustrate); a chart it does not place goes on the Overview, so none is lost
 * when the charts gain a new one. A chart's PNG is stored once in the file however many sheets show it.
 */
export class ChartImages {
  private readonly ids = new Map<WorkbookChart, number>();
  private readonly late = new Map<number, Promise<Buffer>>();

  constructor(
    private readonly wb: Workbook,
    private readonly charts: readonly WorkbookChart[],
    private readonly placement: WorkbookText['charts'],
  ) {}

  chartsFor(sheet: ChartSheet): WorkbookChart[] {
    const byName = new Map(this.charts.map((c) => [c.name, c]));
    const placed = this.placement[sheet].flatMap((name) => byName.get(name) ?? []);
    if (sheet !== 'overview') return placed;
    const elsewhere = new Set(Object.values(this.placement).flat());
    return [...placed, ...this.charts.filter((c) => !elsewhere.has(c.name))];
  }

  /**
   * Puts a sheet's charts one below the other from `row`, under a heading; returns the next free row. Printed, they
   * start on a page of their own, and a chart that would not fit below the previous one starts the next page
   * rather than being cut in two.
   */
  place(ws: Worksheet, sheet: ChartSheet, row: number, title: string): number {
    const charts = this.chartsFor(sheet);
    if (charts.length === 0) return row;
    if (row > 1) pageBreakAfter(ws, row - 1);
    heading(ws, row++, title);
    const page = PAGE[ws.pageSetup.orientation === 'portrait' ? 'portrait' : 'landscape'];
    const widest = Math.max(sheetWidthPx(ws), ...charts.map((c) => Math.min(c.width, MAX_CHART_WIDTH)));
    const pageHeight = page.height / Math.min(1, page.width / widest);
    let used = 2 * ROW_PX;
    for (const chart of charts) {
      // No wider than the page's content, no taller than a printed page (with the heading above it).
      const scale = Math.min(1, MAX_CHART_WIDTH / chart.width, (pageHeight - 3 * ROW_PX) / chart.height);
      const width = Math.round(chart.width * scale);
      const height = Math.round(chart.height * scale);
      const rows = Math.ceil(height / ROW_PX) + 1;
      if (used + rows * ROW_PX > pageHeight && used > 0) {
        pageBreakAfter(ws, row - 1);
        used = 0;
      }
      // Anchors count rows from 0: index `row` is the sheet's row row + 1, just below the previous content. The
      // image carries its own title, so nothing is written beside it.
      ws.addImage(this.idOf(chart), { tl: { col: 0, row }, ext: { width, height }, editAs: 'oneCell' });
      used += rows * ROW_PX;
      row += rows;
    }
    return row;
  }

  /**
   * The PNGs of placed charts that were still rasterising when their sheet was built, by their entry in the file
   * (exceljs names the n-th image added xl/media/image<n>.png), as promises. They were added empty, so that the
   * workbook is written while the last images are drawn; deflateStoredZip puts each in as it arrives.
   */
  lateImages(): Map<string, Promise<Buffer>> {
    return new Map([...this.late].map(([id, png]) => [`xl/media/image${id + 1}.png`, png] as const));
  }

  private idOf(chart: WorkbookChart): number {
    let id = this.ids.get(chart);
    if (id === undefined) {
      const { png } = chart;
      // exceljs types its image buffer as an ArrayBuffer: hand it one (a copy of the PNG's bytes).
      id = this.wb.addImage({
        buffer: Buffer.isBuffer(png) ? new Uint8Array(png).buffer : new ArrayBuffer(0),
        extension: 'png',
      });
      if (!Buffer.isBuffer(png)) this.late.set(id, png);
      this.ids.set(chart, id);
    }
    return id;
  }
}

/** A sheet's width in pixels: a column of width w characters is about 7w + 5 px in Calibri 11. */
function sheetWidthPx(ws: Worksheet): number {
  let px = 0;
  for (let c = 1; c <= ws.columnCount; c++) px += (ws.getColumn(c).width ?? 9) * 7 + 5;
  return px;
}
