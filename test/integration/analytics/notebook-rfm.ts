/**
 * An independent JavaScript version of the proof-of-concept notebook's RFM (pandas), to check the 'classic' scoring
 * against: nothing here comes from the SQL models.
 *
 *   df = df[df.CustomerID.notna() & (df.Quantity > 0) & (df.UnitPrice > 0)]        # nothing else removed
 *   rfm = df.groupby('CustomerID').agg(Recency=('InvoiceDate', lambda d: (as_of - d.max()).days),
 *                                      Frequency=('InvoiceNo', 'nunique'), Monetary=('Total', 'sum'))
 *   rfm['R'] = pd.qcut(rfm.Recency, 5, labels=[5, 4, 3, 2, 1])
 *   rfm['F'] = pd.qcut(rfm.Frequency.rank(method='first'), 5, labels=[1, 2, 3, 4, 5])
 *   rfm['M'] = pd.qcut(rfm.Monetary, 5, labels=[1, 2, 3, 4, 5])
 */

/** numpy.quantile(values, qs) with the default 'linear' method; `sorted` ascending. */
export function numpyQuantile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of nothing');
  const virtual = (n - 1) * q;
  const previous = Math.max(0, Math.min(n - 1, Math.floor(virtual)));
  const next = Math.min(n - 1, previous + 1);
  const gamma = virtual - Math.floor(virtual);
  const a = sorted[previous]!;
  const b = sorted[next]!;
  // numpy's _lerp: a + (b − a)·t, computed from b's side when t ≥ 0.5 (it keeps the result monotonic).
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * pandas.qcut(values, 5, labels=labels): edges at the quantiles np.linspace(0, 1, 6) (pandas passes them to
 * np.percentile as q·100), bins closed on the right, the lowest edge included in the first bin. Like pandas with its
 * default duplicates='raise', repeated edges are an error.
 */
export function qcut5(values: readonly number[], labels: readonly number[]): number[] {
  const sorted = [...values].sort((x, y) => x - y);
  const qs = [0, 1, 2, 3, 4, 5].map((i) => (i * 0.2 * 100) / 100);
  const edges = qs.map((q) => numpyQuantile(sorted, q));
  if (new Set(edges).size !== edges.length) throw new Error(`Bin edges must be unique: ${edges.join(', ')}`);
  return values.map((x) => {
    // bins.searchsorted(x, side='left'): the first edge ≥ x; x equal to the lowest edge goes to bin 1.
    let id = edges.findIndex((e) => e >= x);
    if (x === edges[0]) id = 1;
    if (id < 1) throw new Error(`value ${x} outside the bins`);
    return labels[id - 1]!;
  });
}

export interface RawLine {
  invoice_no: string;
  quantity: number;
  /** 'YYYY-MM-DD HH:MM:SS' */
  invoice_date: string;
  /** as PostgreSQL prints numeric, e.g. '2.55' */
  unit_price: string;
  customer_id: number | null;
}

export interface NotebookRfm {
  customer_id: number;
  recency_days: number;
  frequency: number;
  /** exact, in millionths of a pound (prices have at most 6 decimals) */
  monetary_micros: bigint;
  monetary: number;
  r_score: number;
  f_score: number;
  m_score: number;
}

const SCALE = 1_000_000n;

/** Parses a decimal text into millionths exactly. */
export function micros(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new Error(`not a decimal with at most 6 decimals: ${text}`);
  const value = BigInt(m[2]!) * SCALE + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] === '-' ? -value : value;
}

/** Half away from zero to 2 decimals, as PostgreSQL's round(numeric, 2). */
export function roundMicrosTo2(value: bigint): number {
  const step = 10_000n;
  const abs = value < 0n ? -value : value;
  const cents = (abs + step / 2n) / step;
  return Number(value < 0n ? -cents : cents) / 100;
}

export function notebookRfm(lines: Iterable<RawLine>, asOf: string): NotebookRfm[] {
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  const byCustomer = new Map<number, { last: number; invoices: Set<string>; total: bigint }>();
  for (const l of lines) {
    if (l.customer_id === null || !(l.quantity > 0) || !(micros(l.unit_price) > 0n)) continue;
    let c = byCustomer.get(l.customer_id);
    if (!c) byCustomer.set(l.customer_id, (c = { last: -Infinity, invoices: new Set(), total: 0n }));
    c.last = Math.max(c.last, Date.parse(`${l.invoice_date.replace(' ', 'T')}Z`));
    c.invoices.add(l.invoice_no);
    c.total += BigInt(l.quantity) * micros(l.unit_price);
  }
  // groupby sorts by CustomerID: rank(method='first') then breaks frequency ties in ascending id order.
  const ids = [...byCustomer.keys()].sort((a, b) => a - b);
  const base = ids.map((id) => {
    const c = byCustomer.get(id)!;
    return {
      customer_id: id,
      // Timedelta.days: whole days, rounded down.
      recency_days: Math.floor((asOfMs - c.last) / 86_400_000),
      frequency: c.invoices.size,
      monetary_micros: c.total,
      // float64 of the exact sum, as PostgreSQL's numeric::float8 gives it.
      monetary: Number(c.total) / Number(SCALE),
    };
  });
  const order = base.map((_, i) => i).sort((i, j) => base[i]!.frequency - base[j]!.frequency || i - j);
  const rankFirst = new Array<number>(base.length);
  order.forEach((i, r) => (rankFirst[i] = r + 1));
  const r = qcut5(
    base.map((b) => b.recency_days),
    [5, 4, 3, 2, 1],
  );
  const f = qcut5(rankFirst, [1, 2, 3, 4, 5]);
  const m = qcut5(
    base.map((b) => b.monetary),
    [1, 2, 3, 4, 5],
  );
  return base.map((b, i) => ({ ...b, r_score: r[i]!, f_score: f[i]!, m_score: m[i]! }));
}
