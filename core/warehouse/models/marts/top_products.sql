-- mart_top_products: the 50 products with the most revenue and the 50 bought by the most customers (one row each).
-- Inputs: lgs.stg_retail_lines; setting lgs.as_of. Sale lines only (so no extra duplicate copies). order_lines
-- counts the sale lines (an order rarely lists a product twice); the description shown is the code's first in
-- alphabetical order (they vary only in spelling).
WITH ranked AS (
  SELECT
    stock_code,
    min(description) AS description,
    sum(quantity)::bigint AS units,
    round(sum(line_total), 2) AS revenue,
    count(DISTINCT customer_id)::int AS customers,
    count(*)::int AS order_lines
  FROM lgs.stg_retail_lines
  WHERE is_sale AND invoiced_at < (SELECT current_setting('lgs.as_of')::date)
  GROUP BY stock_code
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
