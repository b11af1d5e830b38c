import type { Font, Style } from 'exceljs';
import { ALIGN, COLOUR, FMT, STYLE, solid } from './formats.js';

/** What of a table column decides its cells' look. */
export interface ColumnLook {
  fmt?: unknown;
  wrap?: number;
  align?: 'left';
}

/** A column of words (no number format, or the text format '@'). */
export const isText = (column: ColumnLook): boolean => column.fmt === undefined || column.fmt === FMT.text;

/** Text after another column stands off, by an indent, from a right-aligned number before it. */
const indented = (column: ColumnLook, index: number) => index > 0 && isText(column);

/** A faint rule under each row: printed pages have no gridlines to follow across a wide row. */
const ROW_RULE = { style: 'thin', color: { argb: COLOUR.rowRule } } as const;

const HEADER = {
  left: STYLE.header,
  indented: Object.freeze({ ...STYLE.header, alignment: { ...ALIGN.header, indent: 1 } }),
  right: Object.freeze({ ...STYLE.header, alignment: ALIGN.headerRight }),
} satisfies Record<string, Partial<Style>>;

/** A header cell lines up with its column: numbers right, words left (indented after the first column). */
export function headerStyle(column: ColumnLook, index: number): Partial<Style> {
  if (!isText(column) && column.align !== 'left') return HEADER.right;
  return indented(column, index) ? HEADER.indented : HEADER.left;
}

/**
 * One frozen style object per distinct look of a table's cells. exceljs's writer recognises a style object it has
 * already seen and skips its work, which is most of the cost of a large sheet; frozen, so no code can restyle one
 * cell and silently restyle every cell sharing its look.
 */
export class CellStyles {
  private readonly styles = new Map<string, Partial<Style>>();
  private readonly fontIds = new Map<object, number>();

  get(column: ColumnLook, index: number, fmt?: string, fill?: string, font?: Partial<Font>): Partial<Style> {
    let fontId = 0;
    if (font) {
      fontId = this.fontIds.get(font) ?? this.fontIds.size + 1;
      this.fontIds.set(font, fontId);
    }
    const key = `${index}|${fmt ?? ''}|${fill ?? ''}|${fontId}`;
    let style = this.styles.get(key);
    if (!style) {
      style = Object.freeze({
        ...(fmt ? { numFmt: fmt } : {}),
        ...(fill ? { fill: solid(fill) } : {}),
        ...(font ? { font } : {}),
        alignment: {
          vertical: 'top' as const,
          ...(column.wrap !== undefined ? { wrapText: true } : {}),
          ...(indented(column, index) ? { indent: 1 } : {}),
          ...(column.align ? { horizontal: column.align } : {}),
        },
        border: { bottom: ROW_RULE },
      });
      this.styles.set(key, style);
    }
    return style;
  }
}
