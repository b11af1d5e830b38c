/**
 * Dates as the marketers read them ("9 Dec 2011", "Dec 2011"), from the marts' ISO dates. Parsed from the text, not
 * through Date, so the server's time zone can never shift a day. Shared by the chart captions and the dashboard.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'YYYY-MM-DD' (or a longer ISO timestamp) → '9 Dec 2011'; anything else is returned as it is. */
export function formatDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || month === undefined) return iso;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/**
 * Orders ISO dates ('YYYY-MM-DD'), which sort as text: plain comparison, not localeCompare, whose first call in a
 * process loads ICU's collator (~10 ms on the render's critical path).
 */
export function compareIsoDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 'YYYY-MM-DD' → 'Dec 2011'. */
export function formatMonth(iso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month !== undefined ? `${month} ${m[1]}` : iso;
}

/** "Data 1 Dec 2010 – 9 Dec 2011 · as of 10 Dec 2011": a published image says what period it covers. */
export function periodCaption(ctx: {
  asOf: string;
  dataFrom: string | null;
  dataThrough: string | null;
}): string {
  const period =
    ctx.dataFrom && ctx.dataThrough
      ? `Data ${formatDay(ctx.dataFrom)} – ${formatDay(ctx.dataThrough)} · `
      : '';
  return `${period}as of ${formatDay(ctx.asOf)}`;
}
