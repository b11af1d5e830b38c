import type { Alignment, Border, Fill, Font, Style } from 'exceljs';

/**
 * Number formats and the few cell styles the workbook uses. Readers are in the UK: pounds with two decimals, day
 * month-name year dates (never 03/04, which reads differently in the US), real percentages.
 */
export const FMT = {
  gbp: '"£"#,##0.00',
  count: '#,##0',
  /** Customer numbers and ranks: no thousands separator, a customer number is a name, not an amount. */
  id: '0',
  decimal1: '#,##0.0',
  pct: '0.0%',
  pct0: '0%',
  pct2: '0.00%',
  /** Changes on the previous month: signed, falls in red. */
  change: '+0.0%;[Red]-0.0%;0.0%',
  date: 'd mmm yyyy',
  month: 'mmm yyyy',
  dateTime: 'd mmm yyyy hh:mm',
  text: '@',
} as const;

export const COLOUR = {
  brand: 'FF1F4E79',
  headerText: 'FFFFFFFF',
  notice: 'FFFFF2CC',
  noticeBorder: 'FFBF9000',
  partial: 'FF7F7F7F',
  gridLine: 'FFBFBFBF',
  rowRule: 'FFE0E0E0',
  /** Light enough that the amount printed over the bar stays readable. */
  dataBar: 'FF9DC3E6',
  // Excel's own Good / Neutral / Bad fills: light, so black text on them reads.
  good: 'FFC6EFCE',
  middle: 'FFFFEB9C',
  bad: 'FFFFC7CE',
  white: 'FFFFFFFF',
  heatLow: 'FFF7FBFF',
  heatHigh: 'FF4292C6',
} as const;

export const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

const thin = { style: 'thin', color: { argb: COLOUR.gridLine } } as const;
// White rules between header cells: two right-aligned headers side by side otherwise read as one.
const headerBorder: Partial<Border> = { style: 'thin', color: { argb: COLOUR.white } };

/**
 * Every font names its family: a font without a name is whatever the application's default is (a serif in
 * LibreOffice), not the workbook's Calibri.
 */
const base = { name: 'Calibri', family: 2, size: 11 } as const;
export const FONT = {
  title: { ...base, bold: true, size: 16, color: { argb: COLOUR.brand } },
  heading: { ...base, bold: true, size: 12, color: { argb: COLOUR.brand } },
  header: { ...base, bold: true, color: { argb: COLOUR.headerText } },
  bold: { ...base, bold: true },
  partial: { ...base, italic: true, color: { argb: COLOUR.partial } },
} satisfies Record<string, Partial<Font>>;

export const ALIGN = {
  wrapTop: { wrapText: true, vertical: 'top' },
  header: { wrapText: true, vertical: 'bottom' },
  headerRight: { wrapText: true, vertical: 'bottom', horizontal: 'right' },
} satisfies Record<string, Partial<Alignment>>;

export const STYLE = {
  header: {
    font: FONT.header,
    fill: solid(COLOUR.brand),
    alignment: ALIGN.header,
    border: { top: headerBorder, bottom: headerBorder, left: headerBorder, right: headerBorder },
  },
  total: {
    font: FONT.bold,
    border: { top: thin, bottom: { style: 'double', color: { argb: COLOUR.brand } } },
  },
  notice: {
    font: FONT.bold,
    fill: solid(COLOUR.notice),
    alignment: { wrapText: true, vertical: 'top' },
    border: {
      left: { style: 'thick', color: { argb: COLOUR.noticeBorder } },
    },
  },
} satisfies Record<string, Partial<Style>>;
