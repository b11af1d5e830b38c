-- int_duplicate_rows: one row per set of exact duplicate source rows (all eight columns equal), with the number of
-- extra copies beyond the first. The first copy is a normal line; the extra copies are what the "duplicate" rule
-- removes.
-- Inputs: lgs.stg_retail_lines, lgs.retail_raw (for the candidate pairs).
-- Copies always share invoice and stock code, so whole rows are compared only within such pairs: far cheaper than
-- grouping every row by every column.
WITH candidates AS (
  SELECT invoice_no, stock_code
  FROM lgs.retail_raw
  GROUP BY invoice_no, stock_code
  HAVING count(*) > 1
)
SELECT
  s.invoice_no,
  s.stock_code,
  s.description,
  s.quantity,
  s.invoiced_at,
  s.unit_price,
  s.line_total,
  s.customer_id,
  s.country,
  bool_or(s.is_sale) AS is_sale,
  bool_or(s.is_classic) AS is_classic,
  bool_or(s.is_cancellation) AS is_cancellation,
  bool_or(s.is_non_product) AS is_non_product,
  (count(*) - 1)::int AS extra_copies
FROM lgs.stg_retail_lines s
WHERE (s.invoice_no, s.stock_code) IN (SELECT invoice_no, stock_code FROM candidates)
GROUP BY s.invoice_no, s.stock_code, s.description_raw, s.description, s.quantity, s.invoiced_at, s.unit_price,
  s.line_total, s.customer_id, s.country_raw, s.country
HAVING count(*) > 1
