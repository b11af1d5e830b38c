/**
 * The shop's trading year, 2010-12-01 08:26 to 2011-12-09 12:50, as a distribution of orders over time: monthly
 * volumes of the real data (quiet February, a November peak near twice an average month), weekday and hour-of-day
 * profiles, closed on Saturdays, over Christmas and on bank holidays.
 *
 * A dump of any size is spread over the whole year: the generator asks for the time at which a given fraction of
 * the rows has been written, and since that fraction only grows, timestamps ascend and a cursor walks the table.
 */

/** Rows per month in the real data, Dec 2010 .. Dec 2011 (the last month has nine days). */
const MONTH_ROWS = [
  42481, 35147, 27707, 36748, 29916, 37030, 36874, 39518, 35284, 50226, 60742, 84711, 25525,
];
/** Sunday .. Friday (Saturday closed). Thursday is the busiest day, Sunday a short one. */
const WEEKDAY = [0.62, 0.95, 1.1, 1.1, 1.25, 0.8, 0];
/** Share of orders by hour, 07:00 .. 19:00 (the last bucket runs to 19:59). */
const HOURS = [0.004, 0.025, 0.06, 0.1, 0.12, 0.15, 0.135, 0.125, 0.14, 0.08, 0.04, 0.012, 0.004];
const SUNDAY_HOURS = [0, 0, 0, 0.12, 0.17, 0.2, 0.18, 0.16, 0.12, 0.05, 0, 0, 0];
const FIRST_HOUR = 7;
const CLOSED = new Set([
  '2011-04-22', // Good Friday
  '2011-04-25', // Easter Monday
  '2011-04-29', // royal wedding
  '2011-05-02',
  '2011-05-30',
  '2011-08-29',
]);
const FIRST_DAY = Date.UTC(2010, 11, 1);
const LAST_DAY = Date.UTC(2011, 11, 9);
const CHRISTMAS_START = Date.UTC(2010, 11, 23);
const CHRISTMAS_END = Date.UTC(2011, 0, 4);

const MINUTES: readonly string[] = Array.from({ length: 60 }, (_, m) => String(m).padStart(2, '0'));

export class TradingCalendar {
  /** Per bucket (one trading hour): the text up to the minutes, 'YYYY-MM-DD HH:'. */
  private readonly prefix: string[] = [];
  private readonly firstMinute: number[] = [];
  private readonly minutes: number[] = [];
  /** Cumulative share of orders at the end of each bucket; the last is 1. */
  private readonly cumulative: number[] = [];
  private at = 0;

  constructor() {
    const days: { ms: number; month: number; weekday: number }[] = [];
    for (let ms = FIRST_DAY; ms <= LAST_DAY; ms += 86_400_000) {
      const d = new Date(ms);
      const weekday = d.getUTCDay();
      if (weekday === 6 || (ms >= CHRISTMAS_START && ms < CHRISTMAS_END) || CLOSED.has(isoDate(d))) continue;
      const month = (d.getUTCFullYear() - 2010) * 12 + d.getUTCMonth() - 11;
      days.push({ ms, month, weekday });
    }
    const monthWeekdays = new Array<number>(MONTH_ROWS.length).fill(0);
    for (const day of days) monthWeekdays[day.month]! += WEEKDAY[day.weekday]!;

    const weights: number[] = [];
    for (const day of days) {
      const dayWeight = (MONTH_ROWS[day.month]! * WEEKDAY[day.weekday]!) / monthWeekdays[day.month]!;
      const profile = day.weekday === 0 ? SUNDAY_HOURS : HOURS;
      const date = isoDate(new Date(day.ms));
      for (let h = 0; h < profile.length; h++) {
        const hour = FIRST_HOUR + h;
        let from = 0;
        let to = 60;
        // The data opens with invoice 536365 at 08:26 and closes at 12:50 on its last day.
        if (day.ms === FIRST_DAY && hour < 8) continue;
        if (day.ms === FIRST_DAY && hour === 8) from = 26;
        if (day.ms === LAST_DAY && hour > 12) continue;
        if (day.ms === LAST_DAY && hour === 12) to = 51;
        const w = (dayWeight * profile[h]! * (to - from)) / 60;
        if (w <= 0) continue;
        this.prefix.push(`${date} ${String(hour).padStart(2, '0')}:`);
        this.firstMinute.push(from);
        this.minutes.push(to - from);
        weights.push(w);
      }
    }
    const total = weights.reduce((a, b) => a + b, 0);
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w) / total);
    this.cumulative[this.cumulative.length - 1] = 1;
  }

  /** The timestamp ('YYYY-MM-DD HH:MM:00') by which `fraction` of the orders are placed. Fractions must not decrease. */
  timestampAt(fraction: number): string {
    const cum = this.cumulative;
    while (this.at < cum.length - 1 && cum[this.at]! <= fraction) this.at++;
    const start = this.at === 0 ? 0 : cum[this.at - 1]!;
    const within = Math.min(0.999999, Math.max(0, (fraction - start) / (cum[this.at]! - start)));
    const minute = this.firstMinute[this.at]! + Math.floor(within * this.minutes[this.at]!);
    return this.prefix[this.at]! + MINUTES[minute]! + ':00';
  }
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
