-- mart_top_products: the 50 products with the most revenue and the 50 bought by the most customers (one row each).
-- Inputs: lgs.stg_retail_lines, lgs.int_duplicate_rows; setting lgs.as_of. Sale lines only, extra duplicate copies
-- subtracted. order_lines counts the sale lines (an order rarely lists a product twice); the description shown is
-- the code's first in alphabetical order (they vary only in spelling).
WITH sales AS (
  SELECT
    stock_code,
    min(description) AS description,
    sum(quantity) AS units,
    sum(line_total) AS revenue,
    count(DISTINCT customer_id) AS customers,
    count(*) AS lines
  FROM lgs.stg_retail_lines
  WHERE is_sale AND invoiced_at < (SELECT current_setting('lgs.as_of')::date)
  GROUP BY stock_code
),
copies AS (
  SELECT stock_code, sum(extra_copies * quantity) AS units, sum(extra_copies * line_total) AS revenue,
    sum(extra_copies) AS lines
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
    (s.lines - coalesce(c.lines, 0))::int AS order_lines
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
