-- int_rfm_base: one row per customer who bought goods before as_of: recency, frequency, monetary.
-- Inputs: lgs.int_invoices (already cut at as_of); settings lgs.as_of, lgs.scoring.
-- Which lines count depends on the scoring method:
--   ntile   — sale lines (no cancellations, adjustments, non-product codes or duplicates);
--   classic — exactly the proof-of-concept notebook: customer present, quantity > 0, unit price > 0, nothing else.
-- Recency is whole days from the last invoice (date and time) to as_of (midnight), rounded down, as pandas'
-- Timedelta.days does.
WITH params AS MATERIALIZED (
  SELECT current_setting('lgs.as_of')::date AS as_of, current_setting('lgs.scoring') = 'classic' AS classic
),
orders AS (
  SELECT
    i.customer_id,
    i.country,
    i.invoiced_at,
    CASE WHEN p.classic THEN i.classic_amount ELSE i.sale_amount END AS amount,
    p.as_of
  FROM lgs.int_invoices i
  CROSS JOIN params p
  WHERE i.customer_id IS NOT NULL
    AND NOT i.is_cancellation
    AND CASE WHEN p.classic THEN i.classic_lines > 0 ELSE i.sale_lines > 0 END
)
SELECT
  customer_id,
  -- A customer's country: where most of their orders went (ties: alphabetical).
  mode() WITHIN GROUP (ORDER BY country) AS country,
  min(invoiced_at) AS first_purchase_at,
  max(invoiced_at) AS last_purchase_at,
  floor(extract(epoch FROM (min(as_of) - max(invoiced_at))) / 86400)::int AS recency_days,
  count(*)::int AS frequency,
  sum(amount) AS monetary
FROM orders
GROUP BY customer_id
