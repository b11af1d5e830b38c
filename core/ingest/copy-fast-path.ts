import { digits, validDateTime } from './retail-row.js';

/**
 * The fast path for COPY data already in our shape: the eight retail columns in our order, plain values, nothing to
 * normalise. Such a line is copied to PostgreSQL as it is, without being split into values.
 *
 * This is only a filter. It accepts a line when the general check (checkRetailRow) would accept it AND write it out
 * unchanged; everything else — escapes, other number forms, bad values — takes the general path, which also gives the
 * reasons for rejects. A property test holds the two to that contract.
 */

/** Finds the next occurrence of one character in a buffer, remembering it so a scan line by line stays linear. */
export class NextIndex {
  private at = -1;
  constructor(
    private readonly ch: string,
    private buf = '',
  ) {}

  reset(buf: string): void {
    this.buf = buf;
    this.at = -1;
  }

  /** True when the character occurs in [start, end). Calls must come with non-decreasing `start`. */
  within(start: number, end: number): boolean {
    if (this.at < start && this.at !== Infinity) {
      const i = this.buf.indexOf(this.ch, start);
      this.at = i === -1 ? Infinity : i;
    }
    return this.at < end;
  }
}

export class CanonicalLineFilter {
  private readonly backslash = new NextIndex('\\');
  private readonly carriageReturn = new NextIndex('\r');
  private readonly replacement = new NextIndex('\uFFFD');
  private readonly nul = new NextIndex('\u0000');
  private buf = '';

  reset(buf: string): void {
    this.buf = buf;
    this.backslash.reset(buf);
    this.carriageReturn.reset(buf);
    this.replacement.reset(buf);
    this.nul.reset(buf);
  }

  /** True when buf[start, end) (a line without its newline) can be copied unchanged. */
  accepts(start: number, end: number): boolean {
    const buf = this.buf;
    if (
      this.carriageReturn.within(start, end) ||
      this.replacement.within(start, end) ||
      this.nul.within(start, end)
    ) {
      return false;
    }
    const t1 = buf.indexOf('\t', start);
    const t2 = buf.indexOf('\t', t1 + 1);
    const t3 = buf.indexOf('\t', t2 + 1);
    const t4 = buf.indexOf('\t', t3 + 1);
    const t5 = buf.indexOf('\t', t4 + 1);
    const t6 = buf.indexOf('\t', t5 + 1);
    const t7 = buf.indexOf('\t', t6 + 1);
    if (t1 < 0 || t7 < 0 || t7 >= end) return false;
    const t8 = buf.indexOf('\t', t7 + 1);
    if (t8 !== -1 && t8 < end) return false;

    if (this.backslash.within(start, end)) {
      // Only a NULL in a nullable column (description, customer id, country) is plain enough. The ranges are asked
      // in ascending order: NextIndex only moves forward.
      if (this.backslash.within(start, t2)) return false;
      if (this.backslash.within(t2, t3) && !isNull(buf, t2 + 1, t3)) return false;
      if (this.backslash.within(t3, t6)) return false;
      if (this.backslash.within(t6, t7) && !isNull(buf, t6 + 1, t7)) return false;
      if (this.backslash.within(t7, end) && !isNull(buf, t7 + 1, end)) return false;
    }
    return (
      plainText(buf, start, t1) &&
      plainText(buf, t1 + 1, t2) &&
      integer(buf, t3 + 1, t4) &&
      timestamp(buf, t4 + 1, t5) &&
      decimal(buf, t5 + 1, t6) &&
      (isNull(buf, t6 + 1, t7) || customerId(buf, t6 + 1, t7))
    );
  }
}

function isNull(buf: string, s: number, e: number): boolean {
  return e - s === 2 && buf.charCodeAt(s) === 92 && buf.charCodeAt(s + 1) === 78;
}

/** Starts with a printable ASCII character, so no kind of trimming can leave it blank. */
function plainText(buf: string, s: number, e: number): boolean {
  const c = buf.charCodeAt(s);
  return e > s && c > 32 && c < 127;
}

function digitsOnly(buf: string, s: number, e: number): boolean {
  if (e <= s) return false;
  for (let i = s; i < e; i++) {
    const c = buf.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** -?digits, at most 9 of them (always in int32 range). */
function integer(buf: string, s: number, e: number): boolean {
  if (buf.charCodeAt(s) === 45) s++;
  return e - s <= 9 && digitsOnly(buf, s, e);
}

/** 1 to 9 digits without a leading zero: written back exactly as read. */
function customerId(buf: string, s: number, e: number): boolean {
  return e - s <= 9 && digitsOnly(buf, s, e) && (buf.charCodeAt(s) !== 48 || e - s === 1);
}

/** -?digits[.digits] with no trailing fractional zero (those are trimmed by the general path). */
function decimal(buf: string, s: number, e: number): boolean {
  if (buf.charCodeAt(s) === 45) s++;
  const dot = buf.indexOf('.', s);
  if (dot === -1 || dot >= e) return digitsOnly(buf, s, e);
  return digitsOnly(buf, s, dot) && digitsOnly(buf, dot + 1, e) && buf.charCodeAt(e - 1) !== 48;
}

/** Exactly YYYY-MM-DD HH:MM:SS, a real date and time. */
function timestamp(buf: string, s: number, e: number): boolean {
  if (e - s !== 19) return false;
  if (
    buf.charCodeAt(s + 4) !== 45 ||
    buf.charCodeAt(s + 7) !== 45 ||
    buf.charCodeAt(s + 10) !== 32 ||
    buf.charCodeAt(s + 13) !== 58 ||
    buf.charCodeAt(s + 16) !== 58
  ) {
    return false;
  }
  return validDateTime(
    digits(buf, s, 4),
    digits(buf, s + 5, 2),
    digits(buf, s + 8, 2),
    digits(buf, s + 11, 2),
    digits(buf, s + 14, 2),
    digits(buf, s + 17, 2),
  );
}
