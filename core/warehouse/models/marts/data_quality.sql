-- mart_data_quality: one row per cleaning rule: how many loaded rows it touches and their value in £.
-- Inputs: lgs.int_line_groups. Covers every loaded row (whatever as_of), so the account adds up to the file. Rules
-- overlap (a cancellation has a negative quantity too); each is counted on its own.
-- value_gbp is the sum of quantity × unit price of the rows touched (negative for cancellations).
WITH counts AS (
  SELECT
    sum(rows) AS all_rows,
    sum(amount) AS all_value,
    sum(rows) FILTER (WHERE customer_id IS NULL) AS missing_customer,
    sum(amount) FILTER (WHERE customer_id IS NULL) AS missing_customer_value,
    sum(rows) FILTER (WHERE is_cancellation) AS cancellation,
    sum(amount) FILTER (WHERE is_cancellation) AS cancellation_value,
    sum(rows) FILTER (WHERE is_adjustment) AS adjustment,
    sum(amount) FILTER (WHERE is_adjustment) AS adjustment_value,
    sum(rows) FILTER (WHERE is_non_positive_quantity) AS non_positive_quantity,
    sum(amount) FILTER (WHERE is_non_positive_quantity) AS non_positive_quantity_value,
    sum(rows) FILTER (WHERE is_non_positive_price) AS non_positive_price,
    sum(amount) FILTER (WHERE is_non_positive_price) AS non_positive_price_value,
    sum(rows) FILTER (WHERE is_non_product) AS non_product,
    sum(amount) FILTER (WHERE is_non_product) AS non_product_value,
    sum(rows) FILTER (WHERE is_duplicate) AS duplicate,
    sum(amount) FILTER (WHERE is_duplicate) AS duplicate_value,
    sum(rows) FILTER (WHERE is_extreme) AS extreme,
    sum(amount) FILTER (WHERE is_extreme) AS extreme_value,
    sum(rows) FILTER (WHERE is_missing_description) AS missing_description,
    sum(amount) FILTER (WHERE is_missing_description) AS missing_description_value,
    sum(trimmed_description_rows) AS trimmed,
    sum(rows) FILTER (WHERE is_sale) AS sale,
    sum(amount) FILTER (WHERE is_sale) AS sale_value,
    sum(rows) FILTER (WHERE is_sale AND customer_id IS NOT NULL) AS customer_sale,
    sum(amount) FILTER (WHERE is_sale AND customer_id IS NOT NULL) AS customer_sale_value
  FROM lgs.int_line_groups
)
SELECT
  r.ord,
  r.rule,
  r.treatment,
  coalesce(r.rows, 0)::bigint AS rows,
  round(100.0 * coalesce(r.rows, 0) / nullif(c.all_rows, 0), 2) AS rows_pct,
  round(coalesce(r.value, 0), 2) AS value_gbp
FROM counts c
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
    (8, 'Exact duplicate row (extra copies)', 'extra copies left out; the first copy is kept', c.duplicate,
      c.duplicate_value),
    (9, 'Extreme outlier line (≥ the configured quantity or £ value)', 'flagged only; kept', c.extreme,
      c.extreme_value),
    (10, 'Missing description', 'kept', c.missing_description, c.missing_description_value),
    (11, 'Description with leading or trailing spaces', 'trimmed', c.trimmed, NULL),
    (12, 'Rows counted as sales', 'used for sales figures', c.sale, c.sale_value),
    (13, 'Rows used for customer analytics', 'sales rows with a customer id', c.customer_sale,
      c.customer_sale_value)
) AS r (ord, rule, treatment, rows, value)
ORDER BY r.ord
