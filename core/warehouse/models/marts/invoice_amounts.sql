-- mart_invoice_amounts: one row per view of the invoice amounts: count, mean, median, mode, min, max, quartiles.
-- Inputs: lgs.int_order_amounts.
--   'Orders'                         — placed orders (sale lines only), the amount a customer paid;
--   'Orders and cancellations'       — the same plus each cancellation invoice as a negative amount;
--   'Orders without outliers (IQR)'  — orders within Q1 − 1.5·IQR .. Q3 + 1.5·IQR of the orders' amounts.
WITH fences AS (
  -- One sort for both quartiles (percentile_cont of an array): they fix view 3 and the histogram's view 3.
  SELECT q[1] - 1.5 * (q[2] - q[1]) AS low, q[2] + 1.5 * (q[2] - q[1]) AS high
  FROM (
    SELECT percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY amount_f) AS q
    FROM lgs.int_order_amounts
    WHERE NOT is_cancellation
  ) quartiles
),
-- One aggregate per view over its own rows: grouping the three views' 60,000 rows together sorted them all by
-- view first, on top of the sorts the mode and the quartiles make of each view.
summary AS (
  SELECT 1 AS ord, 'Orders' AS view, count(*)::int AS invoices, avg(amount) AS mean,
    -- The most frequent amount (ties: the smallest), as a spreadsheet's MODE would pick one.
    mode() WITHIN GROUP (ORDER BY amount) AS mode, min(amount) AS min, max(amount) AS max,
    percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY amount_f) AS q
  FROM lgs.int_order_amounts
  WHERE NOT is_cancellation
  HAVING count(*) > 0 -- a view with no invoices has no row, as a grouped aggregate would give
  UNION ALL
  SELECT 2, 'Orders and cancellations', count(*)::int, avg(amount), mode() WITHIN GROUP (ORDER BY amount),
    min(amount), max(amount), percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY amount_f)
  FROM lgs.int_order_amounts
  HAVING count(*) > 0
  UNION ALL
  SELECT 3, 'Orders without outliers (IQR)', count(*)::int, avg(o.amount), mode() WITHIN GROUP (ORDER BY o.amount),
    min(o.amount), max(o.amount), percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY o.amount_f)
  FROM lgs.int_order_amounts o, fences f
  WHERE NOT o.is_cancellation AND o.amount_f BETWEEN f.low AND f.high
  HAVING count(*) > 0
)
SELECT
  ord,
  view,
  invoices,
  round(mean, 2) AS mean,
  round(q[2]::numeric, 2) AS median,
  mode,
  min,
  max,
  round(q[1]::numeric, 2) AS q1,
  round(q[3]::numeric, 2) AS q3,
  -- The orders' IQR fences, from the unrounded quartiles: they define view 3 (and the histogram's), so they are
  -- given on the orders' row only.
  CASE WHEN ord = 1 THEN (SELECT low FROM fences) END AS lower_fence,
  CASE WHEN ord = 1 THEN (SELECT high FROM fences) END AS upper_fence
FROM summary
ORDER BY ord
