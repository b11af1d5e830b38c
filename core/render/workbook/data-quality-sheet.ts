import type { Worksheet } from 'exceljs';
import type { DataQualityRow } from '../../analytics/marts.js';
import { FMT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet, heading } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Pair, writePairs } from './pairs.js';
import { type Column, writeTable } from './table.js';
import { fraction } from './values.js';

/** Each cleaning rule with the rows and pounds it touched, then the configurable settings the rules used. */
export function addDataQualitySheet({ wb, marts, text, cleaningRules, footer }: SheetInput): Worksheet {
  const t = text.dataQuality;
  const h = t.columns;
  const ws = addSheet(wb, { name: t.sheet, title: t.title, intro: t.intro, footer });
  const columns: Column<DataQualityRow>[] = [
    { header: h.rule, value: (r) => r.rule, wrap: 48 },
    { header: h.treatment, value: (r) => r.treatment, wrap: 44 },
    { header: h.rows, value: (r) => r.rows, fmt: FMT.count },
    // Some rules touch a handful of rows out of half a million: two decimals keep them from reading 0.0 %.
    { header: h.rowsShare, value: (r) => fraction(r.rows_pct), fmt: FMT.pct2 },
    { header: h.value, value: (r) => r.value_gbp, fmt: FMT.gbp },
  ];
  const table = writeTable(ws, FIRST_HEADER_ROW, columns, marts.dataQuality);

  const settings: Pair[] = [
    { label: t.nonProductCodes, value: cleaningRules.nonProductCodes.join(', ') },
    { label: t.nonProductPrefixes, value: cleaningRules.nonProductPrefixes.join(', ') },
    { label: t.extremeQuantity, value: cleaningRules.extremeQuantity, fmt: FMT.count },
    { label: t.extremeLineValue, value: cleaningRules.extremeLineValue, fmt: FMT.gbp },
  ];
  const row = table.last + 2;
  heading(ws, row, t.settingsHeading);
  writePairs(ws, row + 1, settings);
  finishSheet(ws, columns.length, table);
  return ws;
}
