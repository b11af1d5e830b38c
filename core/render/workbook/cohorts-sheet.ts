import type { Worksheet } from 'exceljs';
import type { CohortRow } from '../../analytics/marts.js';
import { COLOUR, FMT, FONT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, columnLetter, finishSheet, heading, pageBreakAfter } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Column, type TableRange, writeTable } from './table.js';
import { addMonths, compareIsoDates, excelDate, fraction, ukMonth } from './values.js';
import { fill, type WorkbookText } from './workbook-text.js';

interface Cohort {
  month: string;
  size: number;
  /** By months since the first order. */
  cells: (CohortRow | undefined)[];
}

/**
 * The retention triangle twice: as a share of each group (with a heat map, the view people read) and as numbers of
 * customers (what the shares are of). A month the data covers only in part is greyed wherever it appears.
 */
export function addCohortsSheet({ wb, marts, text, images, footer }: SheetInput): Worksheet {
  const t = text.cohorts;
  const ws = addSheet(wb, { name: t.sheet, title: t.title, intro: t.intro, footer });
  const cohorts = group(marts.cohorts);
  const span = Math.max(0, ...marts.cohorts.map((c) => c.months_since));
  const partial = new Set(marts.monthly.filter((m) => m.is_partial).map((m) => m.month));
  const lastMonth = marts.monthly.at(-1);

  let row = FIRST_HEADER_ROW;
  if (lastMonth?.is_partial && cohorts.length > 0) {
    ws.getCell(row, 1).value = fill(t.partialNote, { month: ukMonth(lastMonth.month) });
    ws.getCell(row, 1).style = { font: FONT.partial };
    row += 2;
  }
  heading(ws, row, t.retainedHeading);
  const shares = grid(ws, row + 2, t, cohorts, span, partial, (c) => fraction(c.retained_pct), FMT.pct0);
  if (shares.last >= shares.first && span > 0) {
    // Month 0 is always 100 %: left out of the scale, or it would wash out every other month.
    const from = columnLetter(shares.firstCol + 3);
    const to = columnLetter(shares.lastCol);
    ws.addConditionalFormatting({
      ref: `${from}${shares.first}:${to}${shares.last}`,
      rules: [
        {
          type: 'colorScale',
          priority: 1,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: [{ argb: COLOUR.heatLow }, { argb: COLOUR.heatHigh }],
        },
      ],
    });
  }
  row = shares.last + 2;
  // Printed, each grid on a page of its own: together they are longer than one.
  pageBreakAfter(ws, row - 1);
  heading(ws, row, t.customersHeading);
  const counts = grid(ws, row + 2, t, cohorts, span, partial, (c) => c.customers, FMT.count);
  images.place(ws, 'cohorts', counts.last + 3, text.chartsHeading);
  finishSheet(ws, counts.lastCol, counts);
  return ws;
}

function grid(
  ws: Worksheet,
  header: number,
  t: WorkbookText['cohorts'],
  cohorts: readonly Cohort[],
  span: number,
  partial: ReadonlySet<string>,
  value: (cell: CohortRow) => number | null,
  fmt: string,
): TableRange {
  const columns: Column<Cohort>[] = [
    { header: t.cohortColumn, value: (c) => excelDate(c.month), fmt: FMT.month, align: 'left' },
    { header: t.sizeColumn, value: (c) => c.size, fmt: FMT.count },
  ];
  for (let n = 0; n <= span; n++) {
    columns.push({
      header: n === 0 ? t.sameMonth : fill(t.monthN, { n }),
      value: (c) => {
        const cell = c.cells[n];
        return cell === undefined ? null : value(cell);
      },
      fmt,
    });
  }
  // A row above the month columns says what they count.
  const over = ws.getCell(header - 1, 3);
  over.value = t.monthsAfter;
  over.style = { font: FONT.bold };
  const table = writeTable(ws, header, columns, cohorts);
  cohorts.forEach((cohort, i) => {
    cohort.cells.forEach((cell, n) => {
      if (cell === undefined || !partial.has(addMonths(cohort.month, n))) return;
      const target = ws.getCell(table.first + i, table.firstCol + 2 + n);
      target.style = { ...target.style, font: FONT.partial };
    });
  });
  return table;
}

function group(rows: readonly CohortRow[]): Cohort[] {
  const byMonth = new Map<string, Cohort>();
  for (const row of rows) {
    let cohort = byMonth.get(row.cohort_month);
    if (!cohort) {
      cohort = { month: row.cohort_month, size: row.cohort_customers, cells: [] };
      byMonth.set(row.cohort_month, cohort);
    }
    cohort.cells[row.months_since] = row;
  }
  return [...byMonth.values()].sort((a, b) => compareIsoDates(a.month, b.month));
}
