-- mart_monthly: one row per calendar month from the first invoice to the month before as_of (or as_of's month).
-- Inputs: lgs.int_invoices, lgs.int_orders; settings lgs.as_of and lgs.data_end (the day after the last invoice).
-- gross_sales = placed orders; cancelled_sales = cancelled goods; net_sales = gross − cancelled. A customer is new in
-- the month of their first order and existing after. Partial months are flagged, as their growth figures compare
-- unlike periods: the first month when the data starts after the 1st, the last when the observed window — up to
-- as_of or to the end of the data, whichever is earlier — closes before the month does.
WITH span AS (
  SELECT
    min(i.invoiced_at) AS first_at,
    max(i.invoiced_at) AS last_at,
    least(
      (SELECT current_setting('lgs.as_of')::date),
      (SELECT current_setting('lgs.data_end')::date)
    ) AS window_end
  FROM lgs.int_invoices i
),
months AS (
  SELECT m::date AS month
  FROM span, generate_series(date_trunc('month', first_at), date_trunc('month', last_at), interval '1 month') AS m
),
first_orders AS (
  SELECT customer_id, min(invoice_month) AS first_month FROM lgs.int_orders WHERE customer_id IS NOT NULL GROUP BY 1
),
placed AS (
  SELECT
    invoice_month AS month,
    count(DISTINCT invoice_no)::int AS placed_orders,
    sum(amount) AS gross_sales,
    count(DISTINCT customer_id)::int AS active_customers
  FROM lgs.int_orders
  GROUP BY 1
),
cancelled AS (
  SELECT invoice_month AS month, count(DISTINCT invoice_no)::int AS cancelled_orders,
    sum(cancelled_amount) AS cancelled_sales
  FROM lgs.int_invoices
  WHERE is_cancellation AND cancelled_lines > 0
  GROUP BY 1
),
newcomers AS (
  SELECT first_month AS month, count(*)::int AS new_customers FROM first_orders GROUP BY 1
),
monthly AS (
  SELECT
    m.month,
    (m.month = date_trunc('month', s.first_at)::date AND s.first_at::date > m.month)
      OR s.window_end < (m.month + interval '1 month')::date AS is_partial,
    coalesce(p.placed_orders, 0) AS placed_orders,
    coalesce(c.cancelled_orders, 0) AS cancelled_orders,
    round(coalesce(p.gross_sales, 0), 2) AS gross_sales,
    round(coalesce(c.cancelled_sales, 0), 2) AS cancelled_sales,
    round(coalesce(p.gross_sales, 0) - coalesce(c.cancelled_sales, 0), 2) AS net_sales,
    coalesce(p.active_customers, 0) AS active_customers,
    coalesce(n.new_customers, 0) AS new_customers
  FROM months m
  CROSS JOIN span s
  LEFT JOIN placed p USING (month)
  LEFT JOIN cancelled c USING (month)
  LEFT JOIN newcomers n USING (month)
)
SELECT
  month,
  is_partial,
  placed_orders,
  cancelled_orders,
  round(100.0 * cancelled_orders / nullif(placed_orders, 0), 2) AS cancellation_rate_pct,
  gross_sales,
  cancelled_sales,
  net_sales,
  round(100.0 * (net_sales - lag(net_sales) OVER w) / nullif(lag(net_sales) OVER w, 0), 2) AS net_sales_growth_pct,
  round(100.0 * (placed_orders - lag(placed_orders) OVER w) / nullif(lag(placed_orders) OVER w, 0), 2)
    AS orders_growth_pct,
  active_customers,
  new_customers,
  active_customers - new_customers AS existing_customers
FROM monthly
WINDOW w AS (ORDER BY month)
ORDER BY month
