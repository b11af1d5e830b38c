-- mart_invoice_histogram: one row per bin of order amounts, 20 equal-width bins per view.
-- Inputs: lgs.int_invoices, lgs.mart_invoice_amounts (for the IQR fences).
--   'Orders'                        — all placed orders, bins from the smallest to the largest amount;
--   'Orders without outliers (IQR)' — only orders inside the IQR fences, so the common amounts are readable.
WITH orders AS (
  SELECT sale_amount AS amount FROM lgs.int_invoices WHERE NOT is_cancellation AND sale_lines > 0
),
fences AS (
  SELECT q1 - 1.5 * (q3 - q1) AS low, q3 + 1.5 * (q3 - q1) AS high
  FROM lgs.mart_invoice_amounts WHERE ord = 1
),
views AS (
  SELECT 1 AS ord, 'Orders' AS view, amount FROM orders
  UNION ALL
  SELECT 2, 'Orders without outliers (IQR)', o.amount FROM orders o, fences f WHERE o.amount BETWEEN f.low AND f.high
),
ranges AS (
  SELECT ord, view, min(amount) AS lo, max(amount) AS hi FROM views GROUP BY ord, view
),
bins AS (
  SELECT r.ord, r.view, b AS bin,
    r.lo + (r.hi - r.lo) * (b - 1) / 20.0 AS bin_from,
    r.lo + (r.hi - r.lo) * b / 20.0 AS bin_to
  FROM ranges r, generate_series(1, 20) AS b
),
counts AS (
  -- Bins are closed on the left; the largest amount falls in the last bin.
  SELECT v.ord, least(width_bucket(v.amount, r.lo, r.hi + 1e-9, 20), 20) AS bin, count(*) AS invoices
  FROM views v JOIN ranges r USING (ord)
  GROUP BY 1, 2
)
SELECT b.ord, b.view, b.bin, round(b.bin_from, 2) AS bin_from, round(b.bin_to, 2) AS bin_to,
  coalesce(c.invoices, 0)::int AS invoices
FROM bins b
LEFT JOIN counts c USING (ord, bin)
ORDER BY b.ord, b.bin
