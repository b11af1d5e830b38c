-- mart_countries: one row per country with placed orders: customers, orders, revenue and shares.
-- Inputs: lgs.int_orders. Orders without a customer count in orders and revenue, not in customers.
WITH totals AS (SELECT sum(amount) AS revenue FROM lgs.int_orders)
SELECT
  rank() OVER (ORDER BY sum(o.amount) DESC, o.country) AS rank,
  o.country,
  count(DISTINCT o.customer_id)::int AS customers,
  count(DISTINCT o.invoice_no)::int AS orders,
  round(sum(o.amount), 2) AS revenue,
  round(100.0 * sum(o.amount) / nullif(min(t.revenue), 0), 2) AS revenue_share_pct,
  round(sum(o.amount) / count(DISTINCT o.invoice_no), 2) AS average_order
FROM lgs.int_orders o
CROSS JOIN totals t
GROUP BY o.country
ORDER BY rank
