-- mart_top_products: the 50 products with the most revenue and the 50 bought by the most customers (one row each).
-- Inputs: lgs.stg_retail_lines; setting lgs.as_of. Sale lines only (so no extra duplicate copies). order_lines
-- counts the sale lines (an order rarely lists a product twice); the description shown is the code's first
-- non-blank one in sort order, trimmed (they vary only in spelling). Taking the first before trimming spares a
-- btrim per line.
-- Both passes are MATERIALIZED so each is a hash aggregation of its own: inlined, and with no statistics on a
-- freshly loaded table, the planner sorted both by product for a merge join (0.9 s instead of 0.7 s).
WITH sold AS MATERIALIZED (
  SELECT
    stock_code,
    nullif(btrim(min(description_raw) FILTER (WHERE NOT is_missing_description)), '') AS description,
    sum(quantity)::bigint AS units,
    round(sum(line_total), 2) AS revenue,
    count(*)::int AS order_lines
  FROM lgs.stg_retail_lines
  WHERE is_sale AND invoiced_at < (SELECT current_setting('lgs.as_of')::date)
  GROUP BY stock_code
),
-- Buyers per product from the distinct (product, customer) pairs: two hashed passes cost less than count(DISTINCT),
-- which sorts every sale line by product and customer.
buyers AS MATERIALIZED (
  SELECT stock_code, count(*)::int AS customers
  FROM (
    SELECT DISTINCT stock_code, customer_id
    FROM lgs.stg_retail_lines
    WHERE is_sale AND customer_id IS NOT NULL AND invoiced_at < (SELECT current_setting('lgs.as_of')::date)
  ) pairs
  GROUP BY stock_code
),
ranked AS (
  SELECT s.stock_code, s.description, s.units, s.revenue, coalesce(b.customers, 0) AS customers, s.order_lines
  FROM sold s
  LEFT JOIN buyers b USING (stock_code)
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
