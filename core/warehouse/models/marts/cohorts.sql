-- mart_cohorts: one row per (first-purchase month, months since) with customers active and their revenue.
-- Inputs: lgs.int_orders (customers only).
-- retained_pct is the share of the cohort's customers who ordered in that month; revenue_pct compares the month's
-- revenue with the cohort's first month. The grid is complete: a month in which nobody came back is a 0 % row.
WITH orders AS (
  SELECT customer_id, invoice_month, amount FROM lgs.int_orders WHERE customer_id IS NOT NULL
),
cohort_of AS (
  SELECT customer_id, min(invoice_month) AS cohort_month FROM orders GROUP BY 1
),
activity AS (
  SELECT
    c.cohort_month,
    ((extract(year FROM o.invoice_month) - extract(year FROM c.cohort_month)) * 12
      + extract(month FROM o.invoice_month) - extract(month FROM c.cohort_month))::int AS months_since,
    count(DISTINCT o.customer_id)::int AS customers,
    sum(o.amount) AS revenue
  FROM orders o
  JOIN cohort_of c USING (customer_id)
  GROUP BY 1, 2
),
last_month AS (
  SELECT max(invoice_month) AS month FROM orders
),
grid AS (
  SELECT c.cohort_month, m AS months_since
  FROM (SELECT DISTINCT cohort_month FROM cohort_of) c
  CROSS JOIN last_month l
  CROSS JOIN generate_series(0, ((extract(year FROM l.month) - extract(year FROM c.cohort_month)) * 12
    + extract(month FROM l.month) - extract(month FROM c.cohort_month))::int) AS m
),
cells AS (
  SELECT g.cohort_month, g.months_since, coalesce(a.customers, 0) AS customers, coalesce(a.revenue, 0) AS revenue
  FROM grid g
  LEFT JOIN activity a USING (cohort_month, months_since)
)
SELECT
  cohort_month,
  months_since,
  first_value(customers) OVER w AS cohort_customers,
  customers,
  round(100.0 * customers / first_value(customers) OVER w, 2) AS retained_pct,
  round(revenue, 2) AS revenue,
  round(100.0 * revenue / nullif(first_value(revenue) OVER w, 0), 2) AS revenue_pct
FROM cells
WINDOW w AS (PARTITION BY cohort_month ORDER BY months_since)
ORDER BY cohort_month, months_since
