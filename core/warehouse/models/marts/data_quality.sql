-- mart_data_quality: one row per cleaning rule: how many loaded rows it touches and their value in £.
-- Inputs: lgs.stg_retail_lines, lgs.int_duplicate_rows. Covers every loaded row (whatever as_of), so the account
-- adds up to the file. Rules overlap (a cancellation has a negative quantity too); each is counted on its own.
-- value_gbp is the sum of quantity × unit price of the rows touched (negative for cancellations).
WITH combos AS (
  -- Rows and £ per combination of flags: two aggregates per row instead of two per rule; the rules are then summed
  -- over a few dozen combinations.
  SELECT
    is_missing_customer, is_cancellation, is_adjustment, is_non_positive_quantity, is_non_positive_price,
    is_non_product, is_extreme, is_sale,
    description IS NULL AS no_description,
    description IS DISTINCT FROM description_raw AND description IS NOT NULL AS trimmed,
    count(*) AS rows,
    sum(line_total) AS value
  FROM lgs.stg_retail_lines
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
),
counts AS (
  SELECT
    sum(rows) AS all_rows,
    sum(value) AS all_value,
    sum(rows) FILTER (WHERE is_missing_customer) AS missing_customer,
    sum(value) FILTER (WHERE is_missing_customer) AS missing_customer_value,
    sum(rows) FILTER (WHERE is_cancellation) AS cancellation,
    sum(value) FILTER (WHERE is_cancellation) AS cancellation_value,
    sum(rows) FILTER (WHERE is_adjustment) AS adjustment,
    sum(value) FILTER (WHERE is_adjustment) AS adjustment_value,
    sum(rows) FILTER (WHERE is_non_positive_quantity) AS non_positive_quantity,
    sum(value) FILTER (WHERE is_non_positive_quantity) AS non_positive_quantity_value,
    sum(rows) FILTER (WHERE is_non_positive_price) AS non_positive_price,
    sum(value) FILTER (WHERE is_non_positive_price) AS non_positive_price_value,
    sum(rows) FILTER (WHERE is_non_product) AS non_product,
    sum(value) FILTER (WHERE is_non_product) AS non_product_value,
    sum(rows) FILTER (WHERE is_extreme) AS extreme,
    sum(value) FILTER (WHERE is_extreme) AS extreme_value,
    sum(rows) FILTER (WHERE no_description) AS missing_description,
    sum(value) FILTER (WHERE no_description) AS missing_description_value,
    sum(rows) FILTER (WHERE trimmed) AS trimmed,
    sum(rows) FILTER (WHERE is_sale) AS sale,
    sum(value) FILTER (WHERE is_sale) AS sale_value,
    sum(rows) FILTER (WHERE is_sale AND NOT is_missing_customer) AS customer_sale,
    sum(value) FILTER (WHERE is_sale AND NOT is_missing_customer) AS customer_sale_value
  FROM combos
),
copies AS (
  SELECT
    coalesce(sum(extra_copies), 0) AS duplicate,
    coalesce(sum(extra_copies * line_total), 0) AS duplicate_value,
    coalesce(sum(extra_copies) FILTER (WHERE is_sale), 0) AS sale_duplicate,
    coalesce(sum(extra_copies * line_total) FILTER (WHERE is_sale), 0) AS sale_duplicate_value,
    coalesce(sum(extra_copies) FILTER (WHERE is_sale AND customer_id IS NOT NULL), 0) AS customer_sale_duplicate,
    coalesce(sum(extra_copies * line_total) FILTER (WHERE is_sale AND customer_id IS NOT NULL), 0)
      AS customer_sale_duplicate_value
  FROM lgs.int_duplicate_rows
)
SELECT
  r.ord,
  r.rule,
  r.treatment,
  r.rows::bigint AS rows,
  round(100.0 * r.rows / nullif(c.all_rows, 0), 2) AS rows_pct,
  round(coalesce(r.value, 0), 2) AS value_gbp
FROM counts c
CROSS JOIN copies d
CROSS JOIN LATERAL (
  VALUES
    (1, 'All loaded rows', 'the whole file as loaded', c.all_rows, c.all_value),
    (2, 'Missing customer id', 'kept in sales totals; left out of customer analytics', c.missing_customer,
      c.missing_customer_value),
    (3, 'Cancellation (invoice starting with C)', 'left out of sales; counted as cancelled orders',
      c.cancellation, c.cancellation_value),
    (4, 'Bad-debt adjustment (invoice starting with A)', 'left out', c.adjustment, c.adjustment_value),
    (5, 'Quantity zero or negative', 'left out of sales', c.non_positive_quantity, c.non_positive_quantity_value),
    (6, 'Unit price zero or negative', 'left out of sales', c.non_positive_price, c.non_positive_price_value),
    (7, 'Not a product (postage, fees, manual, vouchers, …)', 'left out of sales and product rankings',
      c.non_product, c.non_product_value),
    (8, 'Exact duplicate row (extra copies)', 'extra copies left out; the first copy is kept', d.duplicate,
      d.duplicate_value),
    (9, 'Extreme outlier line (≥ the configured quantity or £ value)', 'flagged only; kept', c.extreme,
      c.extreme_value),
    (10, 'Missing description', 'kept', c.missing_description, c.missing_description_value),
    (11, 'Description with leading or trailing spaces', 'trimmed', c.trimmed, NULL),
    (12, 'Rows counted as sales', 'used for sales figures', c.sale - d.sale_duplicate,
      c.sale_value - d.sale_duplicate_value),
    (13, 'Rows used for customer analytics', 'sales rows with a customer id', c.customer_sale
      - d.customer_sale_duplicate, c.customer_sale_value - d.customer_sale_duplicate_value)
) AS r (ord, rule, treatment, rows, value)
ORDER BY r.ord
