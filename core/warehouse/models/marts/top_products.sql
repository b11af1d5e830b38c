-- mart_top_products: the 50 products with the most revenue and the 50 bought by the most customers (one row each).
-- Inputs: lgs.stg_retail_lines, lgs.int_duplicate_rows; setting lgs.as_of. Sale lines only, extra duplicate copies
-- subtracted; the description is the most common one for the code.
WITH sales AS (
  SELECT
    stock_code,
    mode() WITHIN GROUP (ORDER BY description) AS description,
    sum(quantity) AS units,
    sum(line_total) AS revenue,
    count(DISTINCT customer_id) AS customers,
    count(DISTINCT invoice_no) AS orders
  FROM lgs.stg_retail_lines
  WHERE is_sale AND invoiced_at < (SELECT current_setting('lgs.as_of')::date)
  GROUP BY stock_code
),
copies AS (
  SELECT stock_code, sum(extra_copies * quantity) AS units, sum(extra_copies * line_total) AS revenue
  FROM lgs.int_duplicate_rows
  WHERE is_sale AND invoiced_at < (SELECT current_setting('lgs.as_of')::date)
  GROUP BY stock_code
),
ranked AS (
  SELECT
    s.stock_code,
    s.description,
    (s.units - coalesce(c.units, 0))::bigint AS units,
    round(s.revenue - coalesce(c.revenue, 0), 2) AS revenue,
    s.customers::int AS customers,
    s.orders::int AS orders
  FROM sales s
  LEFT JOIN copies c USING (stock_code)
)
SELECT *
FROM (
  SELECT
    r.*,
    rank() OVER (ORDER BY revenue DESC, stock_code) AS revenue_rank,
    rank() OVER (ORDER BY customers DESC, stock_code) AS customers_rank
  FROM ranked r
) x
WHERE revenue_rank <= 50 OR customers_rank <= 50
ORDER BY revenue_rank
