import type { Marts, RfmCustomerRow } from '../analytics/marts.js';

/** One file to publish: a path relative to the run's folder, and its text. */
export interface SegmentListFile {
  path: string;
  content: string;
  segment: string;
  customers: number;
}

export interface SegmentListOptions {
  /** Folder of the lists inside the run's folder (default "segments"). */
  dir?: string;
}

/** The columns an e-mail or CRM tool maps on import: stable machine names, as in the marts' CSV exports. */
const HEADER = [
  'customer_id',
  'country',
  'last_purchase',
  'recency_days',
  'frequency',
  'monetary_gbp',
  'rfm_score',
];

/**
 * One CSV per segment, for the marketing team to load into their e-mail or CRM tool: UTF-8 with a byte-order mark
 * (so Excel, which many will open it with first, reads accents right; import tools skip it), a header row, CRLF
 * line ends and RFC 4180 quoting.
 *
 * Every segment of the segment map gets its file, even with no customers (a header only): a tool or person that
 * picks up "segments/champions.csv" after every run always finds it, and an empty list says "nobody this time"
 * rather than leaving them to wonder whether the export failed. Order: the segment map's; within a file, the most
 * valuable customers first (monetary, then customer id), as a campaign list is read from the top.
 */
export function segmentLists(marts: Marts, options: SegmentListOptions = {}): SegmentListFile[] {
  const dir = options.dir ?? 'segments';
  const bySegment = new Map<string, RfmCustomerRow[]>();
  for (const s of [...marts.rfmSegments].sort((a, b) => a.ord - b.ord)) bySegment.set(s.segment, []);
  for (const c of marts.rfmCustomers) {
    // A customer in a segment the segment summary lacks should not happen; if it does, they still get a list.
    let list = bySegment.get(c.segment);
    if (!list) bySegment.set(c.segment, (list = []));
    list.push(c);
  }

  const used = new Set<string>();
  return [...bySegment].map(([segment, customers]) => {
    const sorted = [...customers].sort((a, b) => b.monetary - a.monetary || a.customer_id - b.customer_id);
    const lines = [HEADER.join(','), ...sorted.map(csvLine)];
    return {
      path: `${dir}/${uniqueName(fileStem(segment), used)}.csv`,
      content: `\uFEFF${lines.join('\r\n')}\r\n`,
      segment,
      customers: customers.length,
    };
  });
}

function csvLine(c: RfmCustomerRow): string {
  return [
    String(c.customer_id),
    textField(c.country),
    c.last_purchase,
    String(c.recency_days),
    String(c.frequency),
    c.monetary.toFixed(2),
    textField(c.rfm_score),
  ].join(',');
}

/**
 * A text field, safe to open in a spreadsheet: a value starting with = + - @ (or a tab or carriage return, which
 * some spreadsheets skip before one of those) would be run as a formula, so it is prefixed with an apostrophe,
 * the OWASP advice; then quoted as RFC 4180 says when it holds a comma, quote or line break.
 */
export function textField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** "Can't Lose" → "cant-lose": lower case ASCII letters, digits and hyphens, whatever the analysts name a segment. */
export function fileStem(segment: string): string {
  const stem = segment
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: é → e
    .toLowerCase()
    .replace(/['’]/g, '') // an apostrophe joins: can't → cant
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem === '' ? 'segment' : stem;
}

/** Two segment names can give one stem ("At risk" and "At-Risk"): the later one gets -2, -3, … */
function uniqueName(stem: string, used: Set<string>): string {
  let name = stem;
  for (let n = 2; used.has(name); n++) name = `${stem}-${n}`;
  used.add(name);
  return name;
}
