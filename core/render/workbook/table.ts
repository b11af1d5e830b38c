import type { Font, Worksheet } from 'exceljs';
import type { BulkRows } from './bulk-rows.js';
import { CellStyles, headerStyle, isText } from './cell-styles.js';
import { STYLE } from './formats.js';
import { displayLength, rowHeight, widen, wrappedLines } from './text-width.js';

export type CellInput = string | number | Date | null;

export interface Column<R> {
  header: string;
  value: (row: R) => CellInput;
  /** Number format; a function when it changes from row to row (small tables only). */
  fmt?: string | ((row: R) => string | undefined);
  /** Wrap the text at about this many characters: the column is no wider, the row grows instead. */
  wrap?: number;
  /** Numbers and dates sit right; a date that labels its row (a month) reads better on the left. */
  align?: 'left';
  /** A background colour (ARGB) for this column's cell in a row, e.g. the segment's colour. */
  fill?: (row: R) => string | undefined;
}

export interface TableOptions<R> {
  /** First column, 1-based (default 1). */
  col?: number;
  /** A font for a whole row, e.g. grey italics for a partial month. Use shared constants: styles are cached. */
  font?: (row: R) => Partial<Font> | undefined;
  /** Filter arrows on the header. */
  filter?: boolean;
  /** Keep the rows down to the header in view when scrolling. */
  freeze?: boolean;
  /**
   * Rows after the first written straight into the sheet's XML (see bulk-rows.ts), for a large table whose look
   * does not change from row to row: no `font`, no per-row `fmt` or `fill`, no `wrap`.
   */
  bulk?: BulkRows;
}

export interface TableRange {
  header: number;
  first: number;
  /** Last data row; first - 1 when there are no rows. */
  last: number;
  firstCol: number;
  lastCol: number;
}

/**
 * Writes a header and one row per item, and sizes the columns to fit. Cells share one style object per distinct
 * look (see cell-styles.ts): on the Customers sheet that is tens of thousands of cells and a dozen styles.
 */
export function writeTable<R>(
  ws: Worksheet,
  header: number,
  columns: readonly Column<R>[],
  rows: readonly R[],
  options: TableOptions<R> = {},
): TableRange {
  const firstCol = options.col ?? 1;
  const lastCol = firstCol + columns.length - 1;
  const styles = new CellStyles();
  const lengths = columns.map(() => 0);
  // The widest value shown in each column, for its width.
  const measure = (c: number, value: CellInput, fmt: string | undefined) => {
    if (value === null) return;
    const length = displayLength(value, fmt);
    if (length > lengths[c]!) lengths[c] = length;
  };

  // The look of a column's cells when nothing varies by row: looked up once, not once per cell.
  const plain = columns.map((column, c) =>
    typeof column.fmt === 'function' || column.fill ? undefined : styles.get(column, c, column.fmt),
  );

  const bulk = options.bulk;
  if (
    bulk &&
    (options.font || columns.some((c) => typeof c.fmt === 'function' || c.fill || c.wrap !== undefined))
  ) {
    throw new Error('a table written in bulk has one look per column');
  }
  const written = bulk ? rows.slice(0, 1) : rows;
  if (bulk) {
    // The rest: only their values, and their widths for the columns.
    const values = rows.slice(1).map((item) =>
      columns.map((column, c) => {
        const value = column.value(item);
        measure(c, value, column.fmt as string | undefined);
        return value;
      }),
    );
    bulk.add(ws, header + 1, firstCol, values);
  }

  written.forEach((item, i) => {
    const row = ws.getRow(header + 1 + i);
    const font = options.font?.(item);
    columns.forEach((column, c) => {
      const value = column.value(item);
      const fmt = typeof column.fmt === 'function' ? column.fmt(item) : column.fmt;
      const cell = row.getCell(firstCol + c);
      const same = font === undefined ? plain[c] : undefined;
      cell.style = same ?? styles.get(column, c, fmt, column.fill?.(item), font);
      measure(c, value, fmt);
      if (value !== null) cell.value = value;
    });
  });

  const widths = columns.map((column, c) => {
    const longestWord = Math.max(...column.header.split(/\s+/).map((w) => w.length));
    // A header may wrap onto three lines rather than widen a column of short numbers.
    const headerNeed = Math.max(longestWord, Math.ceil(column.header.length / 3)) * 1.1;
    const dataNeed = column.wrap === undefined ? lengths[c]! : Math.min(lengths[c]!, column.wrap);
    const indent = c > 0 && isText(column) ? 1 : 0;
    return Math.ceil(Math.max(headerNeed, dataNeed, 4) + 2 + indent);
  });
  widths.forEach((width, c) => widen(ws, firstCol + c, width));

  const headerRow = ws.getRow(header);
  columns.forEach((column, c) => {
    const cell = headerRow.getCell(firstCol + c);
    cell.value = column.header;
    cell.style = headerStyle(column, c);
  });
  headerRow.height = rowHeight(
    Math.max(...columns.map((column, c) => wrappedLines(column.header, ws.getColumn(firstCol + c).width!))),
  );

  if (columns.some((column) => column.wrap !== undefined)) {
    rows.forEach((item, i) => {
      const lines = columns.map((column, c) => {
        const value = column.wrap === undefined ? null : column.value(item);
        return typeof value === 'string' ? wrappedLines(value, ws.getColumn(firstCol + c).width!) : 1;
      });
      const most = Math.max(...lines);
      if (most > 1) ws.getRow(header + 1 + i).height = rowHeight(most);
    });
  }

  const last = header + rows.length;
  if (options.freeze) {
    ws.views = [
      { state: 'frozen', xSplit: 0, ySplit: header, topLeftCell: `A${header + 1}`, activeCell: 'A1' },
    ];
  }
  if (options.filter) {
    ws.autoFilter = {
      from: { row: header, column: firstCol },
      to: { row: Math.max(last, header), column: lastCol },
    };
  }
  return { header, first: header + 1, last, firstCol, lastCol };
}

/** A bold total row under a table, each value in its column's format (fixed formats only). */
export function writeTotalRow<R>(
  ws: Worksheet,
  rowNumber: number,
  columns: readonly Column<R>[],
  values: readonly CellInput[],
  firstCol = 1,
): void {
  const row = ws.getRow(rowNumber);
  columns.forEach((column, c) => {
    const cell = row.getCell(firstCol + c);
    const fmt = typeof column.fmt === 'string' ? column.fmt : undefined;
    cell.style = { ...STYLE.total, ...(fmt ? { numFmt: fmt } : {}) };
    const value = values[c];
    if (value === undefined || value === null) return;
    cell.value = value;
    // A total is often the widest number of its column.
    widen(ws, firstCol + c, Math.ceil(displayLength(value, fmt) * 1.1 + 2));
  });
}
