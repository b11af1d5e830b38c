-- mart_invoice_amounts: one row per view of the invoice amounts: count, mean, median, mode, min, max, quartiles.
-- Inputs: lgs.int_invoices.
--   'Orders'                         — placed orders (sale lines only), the amount a customer paid;
--   'Orders and cancellations'       — the same plus each cancellation invoice as a negative amount;
--   'Orders without outliers (IQR)'  — orders within Q1 − 1.5·IQR .. Q3 + 1.5·IQR of the orders' amounts.
WITH orders AS (
  SELECT sum(amount) AS amount FROM lgs.int_orders GROUP BY invoice_no
),
with_cancellations AS (
  SELECT amount FROM orders
  UNION ALL
  SELECT -sum(cancelled_amount) FROM lgs.int_invoices WHERE is_cancellation AND cancelled_lines > 0 GROUP BY invoice_no
),
fences AS (
  SELECT
    percentile_cont(0.25) WITHIN GROUP (ORDER BY amount) AS q1,
    percentile_cont(0.75) WITHIN GROUP (ORDER BY amount) AS q3
  FROM orders
),
without_outliers AS (
  SELECT o.amount
  FROM orders o, fences f
  WHERE o.amount BETWEEN f.q1 - 1.5 * (f.q3 - f.q1) AND f.q3 + 1.5 * (f.q3 - f.q1)
),
views AS (
  SELECT 1 AS ord, 'Orders' AS view, amount FROM orders
  UNION ALL
  SELECT 2, 'Orders and cancellations', amount FROM with_cancellations
  UNION ALL
  SELECT 3, 'Orders without outliers (IQR)', amount FROM without_outliers
)
SELECT
  ord,
  view,
  count(*)::int AS invoices,
  round(avg(amount), 2) AS mean,
  round(percentile_cont(0.5) WITHIN GROUP (ORDER BY amount)::numeric, 2) AS median,
  -- The most frequent amount (ties: the smallest), as a spreadsheet's MODE would pick one.
  mode() WITHIN GROUP (ORDER BY amount) AS mode,
  min(amount) AS min,
  max(amount) AS max,
  round(percentile_cont(0.25) WITHIN GROUP (ORDER BY amount)::numeric, 2) AS q1,
  round(percentile_cont(0.75) WITHIN GROUP (ORDER BY amount)::numeric, 2) AS q3,
  -- The orders' IQR fences, from the unrounded quartiles: they define view 3 (and the histogram's), so they are
  -- given on the orders' row only.
  CASE WHEN ord = 1 THEN (SELECT q1 - 1.5 * (q3 - q1) FROM fences) END AS lower_fence,
  CASE WHEN ord = 1 THEN (SELECT q3 + 1.5 * (q3 - q1) FROM fences) END AS upper_fence
FROM views
GROUP BY ord, view
ORDER BY ord
