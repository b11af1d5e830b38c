import { escapeCopyField } from './copy-text.js';

/**
 * Checks one retail row and writes it as a line of COPY text for our typed table (lgs.retail_shape). The checks are
 * at least as strict as PostgreSQL's input functions, so a row that passes here can never abort the COPY, and a row
 * that fails is reported with its column and value instead.
 *
 * Input values are in our column order (see RETAIL_COLUMNS); null is SQL NULL.
 */
export interface RowReject {
  column: string;
  value: string | null;
  reason: string;
}
export type RowCheck = { ok: true; line: string } | ({ ok: false } & RowReject);

const INT32_MAX = 2147483647;
const INTEGER = /^[+-]?\d+$/;
const INTEGRAL_DECIMAL = /^[+-]?\d+\.0*$/;
const UNLOADABLE = /[\u0000\uFFFD]/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

export function checkRetailRow(v: readonly (string | null)[]): RowCheck {
  const result = retailCopyLine(v);
  return typeof result === 'string' ? { ok: true, line: result } : { ok: false, ...result };
}

// Reused for every row: the hot path allocates only the output line.
const fields: string[] = new Array<string>(8).fill('');

/** The row as a COPY text line (with its newline), or why it is refused. */
export function retailCopyLine(v: readonly (string | null)[]): string | RowReject {
  const invoiceNo = v[0] ?? null;
  const stockCode = v[1] ?? null;
  const description = v[2] ?? null;
  const quantity = v[3] ?? null;
  const invoiceDate = v[4] ?? null;
  const unitPrice = v[5] ?? null;
  const customerId = v[6] ?? null;
  const country = v[7] ?? null;

  if (invoiceNo === null || invoiceNo.trim() === '')
    return bad('invoice_no', invoiceNo, 'missing invoice number');
  if (stockCode === null || stockCode.trim() === '')
    return bad('stock_code', stockCode, 'missing stock code');
  if (quantity === null) return bad('quantity', quantity, 'missing quantity');
  const qty = integerText(quantity);
  if (qty === null) return bad('quantity', quantity, 'not an integer');
  const n = Number(qty);
  if (n > INT32_MAX || n < -INT32_MAX - 1) return bad('quantity', quantity, 'integer out of range');

  if (invoiceDate === null) return bad('invoice_date', invoiceDate, 'missing invoice date');
  const ts = timestampText(invoiceDate);
  if (ts === null)
    return bad('invoice_date', invoiceDate, 'not a valid timestamp (expected YYYY-MM-DD HH:MM:SS)');

  if (unitPrice === null) return bad('unit_price', unitPrice, 'missing unit price');
  const price = decimalText(unitPrice);
  if (price === null) return bad('unit_price', unitPrice, 'not a number');

  let customer: string | null = null;
  if (customerId !== null && customerId.trim() !== '') {
    customer = customerIdText(customerId);
    if (customer === null) return bad('customer_id', customerId, 'not a whole-number customer id');
  }

  fields[0] = escapeCopyField(invoiceNo);
  fields[1] = escapeCopyField(stockCode);
  fields[2] = description === null ? '\\N' : escapeCopyField(description);
  fields[3] = qty;
  fields[4] = ts;
  fields[5] = price;
  fields[6] = customer ?? '\\N';
  fields[7] = country === null ? '\\N' : escapeCopyField(country);
  const line = fields.join('\t') + '\n';
  // One scan of the whole line instead of one per column: both characters are rare.
  if (UNLOADABLE.test(line)) {
    for (const [column, text] of [
      ['invoice_no', invoiceNo],
      ['stock_code', stockCode],
      ['description', description],
      ['country', country],
    ] as const) {
      if (text !== null && UNLOADABLE.test(text)) {
        // The decoder turns bytes that are not UTF-8 into U+FFFD; PostgreSQL rejects NUL in text.
        return bad(column, text, text.includes('\u0000') ? 'contains a NUL character' : 'invalid UTF-8');
      }
    }
  }
  return line;
}

function bad(column: string, value: string | null, reason: string): RowReject {
  return { column, value: value === null ? null : value.slice(0, 200), reason };
}

/**
 * A decimal as PostgreSQL numeric text with no trailing fractional zeros: "15.0" (a CSV written from floats) and
 * "15" (the dump's float4) must load as the same value with the same scale, whatever the file format.
 */
function decimalText(raw: string): string | null {
  let s = raw.trim();
  if (!DECIMAL.test(s)) return null;
  if (s.charCodeAt(0) === 43) s = s.slice(1);
  if (s.includes('.') && !/[eE]/.test(s)) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '' || s === '-' ? '0' : s;
}

/** "6", "-12", "6.0" (CSV written from floats): the integer as text, or null. */
function integerText(raw: string): string | null {
  if (raw.length <= 9 && isDigits(raw, raw.charCodeAt(0) === 45 ? 1 : 0)) return raw;
  const s = raw.trim();
  if (INTEGER.test(s)) return s.length > 12 ? null : s.replace(/^\+/, '');
  if (INTEGRAL_DECIMAL.test(s)) return integerText(s.slice(0, s.indexOf('.')));
  return null;
}

/**
 * Customer ids arrive as integers, as floats from the LGS dump's `real` column and the UCI CSV ("17850.0"), or in
 * exponent form for large float4 values ("1.2345e+06"). Only whole numbers in integer range are ids.
 */
function customerIdText(raw: string): string | null {
  if (raw.length <= 9 && raw.charCodeAt(0) !== 48 && isDigits(raw, 0)) return raw;
  const s = raw.trim();
  if (/^\d{1,10}$/.test(s)) return Number(s) <= INT32_MAX ? String(Number(s)) : null;
  if (!DECIMAL.test(s)) return null;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 && n <= INT32_MAX ? String(n) : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * ISO timestamps (what pg_dump writes) and the UCI spreadsheet export's US form "12/1/2010 8:26" (month first).
 * Returns a canonical "YYYY-MM-DD HH:MM:SS[.ffffff]" or null when it is not a real date and time.
 */
export function timestampText(raw: string): string | null {
  // The common case, exactly as pg_dump writes it, without a regex.
  if (raw.length === 19 && raw.charCodeAt(4) === 45 && raw.charCodeAt(10) === 32) {
    const y = digits(raw, 0, 4);
    const mo = digits(raw, 5, 2);
    const d = digits(raw, 8, 2);
    const h = digits(raw, 11, 2);
    const mi = digits(raw, 14, 2);
    const se = digits(raw, 17, 2);
    if (raw.charCodeAt(7) === 45 && raw.charCodeAt(13) === 58 && raw.charCodeAt(16) === 58) {
      return validDateTime(y, mo, d, h, mi, se) ? raw : null;
    }
  }
  const s = raw.trim();
  let m = ISO.exec(s);
  if (m !== null) {
    const [, y, mo, d, h = '0', mi = '0', se = '0', frac = ''] = m;
    return build(+y!, +mo!, +d!, +h, +mi, +se, frac);
  }
  m = US.exec(s);
  if (m !== null) {
    const [, mo, d, y, h = '0', mi = '0', se = '0'] = m;
    return build(+y!, +mo!, +d!, +h, +mi, +se, '');
  }
  return null;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  se: number,
  frac: string,
): string | null {
  if (!validDateTime(y, mo, d, h, mi, se)) return null;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}:${p2(se)}${frac}`;
}

export function validDateTime(y: number, mo: number, d: number, h: number, mi: number, se: number): boolean {
  if (!(
    y >= 1 &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    h >= 0 &&
    h <= 23 &&
    mi >= 0 &&
    mi <= 59 &&
    se >= 0 &&
    se <= 59
  )) {
    return false;
  }
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

/** The number in raw[at, at+len) if all are ASCII digits, else NaN. */
export function digits(raw: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** raw[from..] is one or more ASCII digits. */
function isDigits(raw: string, from: number): boolean {
  if (raw.length <= from) return false;
  for (let i = from; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
