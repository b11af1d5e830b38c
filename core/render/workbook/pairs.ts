import type { Worksheet } from 'exceljs';
import { ALIGN, FONT } from './formats.js';
import type { CellInput } from './table.js';
import { rowHeight, wrappedLines } from './text-width.js';

export interface Pair {
  label: string;
  value: CellInput;
  fmt?: string;
}

/**
 * Label and value side by side in columns A and B, without a header: facts about the run, settings. Values are
 * left-aligned, as in a sentence; a long value wraps within its column and its row grows. Returns the next row.
 */
export function writePairs(ws: Worksheet, first: number, pairs: readonly Pair[]): number {
  pairs.forEach((pair, i) => {
    const row = ws.getRow(first + i);
    const label = row.getCell(1);
    label.value = pair.label;
    label.style = { font: FONT.bold, alignment: ALIGN.wrapTop };
    const value = row.getCell(2);
    value.value = pair.value;
    value.style = {
      alignment: { ...ALIGN.wrapTop, horizontal: 'left' },
      ...(pair.fmt ? { numFmt: pair.fmt } : {}),
    };
    const lines = Math.max(
      wrappedLines(pair.label, ws.getColumn(1).width ?? 9),
      typeof pair.value === 'string' ? wrappedLines(pair.value, ws.getColumn(2).width ?? 9) : 1,
    );
    if (lines > 1) row.height = rowHeight(lines);
  });
  return first + pairs.length;
}
