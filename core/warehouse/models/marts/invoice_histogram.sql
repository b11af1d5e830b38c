-- mart_invoice_histogram: one row per bin of invoice amounts, 20 equal-width bins per view, numbered as in
-- mart_invoice_amounts.
-- Inputs: lgs.int_order_amounts, lgs.mart_invoice_amounts (each view's smallest and largest amount, the IQR fences).
--   1 'Orders'                        — all placed orders, bins from the smallest to the largest amount;
--   2 'Orders and cancellations'      — the same with each cancellation invoice as a negative amount;
--   3 'Orders without outliers (IQR)' — only orders inside the IQR fences, so the common amounts are readable.
WITH fences AS (
  SELECT lower_fence AS low, upper_fence AS high FROM lgs.mart_invoice_amounts WHERE ord = 1
),
views AS (
  SELECT 1 AS ord, amount FROM lgs.int_order_amounts WHERE NOT is_cancellation
  UNION ALL
  SELECT 2, amount FROM lgs.int_order_amounts
  UNION ALL
  SELECT 3, o.amount
  FROM lgs.int_order_amounts o, fences f
  WHERE NOT o.is_cancellation AND o.amount_f BETWEEN f.low AND f.high
),
-- The summary mart has each view's range: three rows, joined by hash to every amount.
ranges AS (
  SELECT ord, view, min AS lo, max AS hi FROM lgs.mart_invoice_amounts
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
