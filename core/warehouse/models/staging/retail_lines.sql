-- materialized: view
-- stg_retail_lines: one row per loaded source row (lgs.retail_raw), typed and flagged; nothing is removed here.
-- Inputs: lgs.retail_raw, lgs.cleaning_config (from templates/cleaning-rules.json).
-- Every cleaning rule is a boolean column, so the data-quality mart can count rows and £ per rule. Two summary flags
-- say which lines an analysis uses:
--   is_sale    — a sale of goods: not a cancellation or adjustment, a product, quantity and price > 0 (lines
--                without a customer count in sales; customer analytics add customer_id);
--   is_classic — what the proof-of-concept notebook kept: customer present, quantity > 0, unit price > 0.
-- Exact duplicate copies cannot be told apart row by row here: int_duplicate_rows counts them, and the models that
-- leave them out subtract them (see int_invoices).
-- A view, not a table: writing 540,000 wide rows costs more than the few aggregations that read it, and a reader
-- pays only for the columns it uses.
SELECT
  f.*,
  NOT (is_cancellation OR is_adjustment OR is_non_positive_quantity OR is_non_positive_price OR is_non_product)
    AS is_sale,
  (NOT is_missing_customer AND NOT is_non_positive_quantity AND NOT is_non_positive_price) AS is_classic
FROM (
  SELECT
    r.invoice_no,
    r.stock_code,
    nullif(btrim(r.description), '') AS description,
    r.description AS description_raw,
    r.quantity,
    r.invoice_date AS invoiced_at,
    date_trunc('month', r.invoice_date)::date AS invoice_month,
    r.unit_price,
    r.quantity * r.unit_price AS line_total,
    r.customer_id,
    btrim(r.country) AS country,
    r.country AS country_raw,
    r.invoice_no LIKE 'C%' AS is_cancellation,
    r.invoice_no LIKE 'A%' AS is_adjustment,
    r.customer_id IS NULL AS is_missing_customer,
    r.quantity <= 0 AS is_non_positive_quantity,
    r.unit_price <= 0 AS is_non_positive_price,
    -- Goods codes start with a digit; when no configured code or prefix does, that settles most rows cheaply.
    (
      NOT (p.digits_are_products AND r.stock_code >= '0' AND r.stock_code < ':')
      AND (upper(r.stock_code) = ANY (p.non_product_codes) OR upper(r.stock_code) LIKE ANY (p.non_product_prefixes))
    ) AS is_non_product,
    -- Written without abs() and with the cheap integer test first: numeric arithmetic is what costs here.
    (
      r.quantity >= p.extreme_quantity OR r.quantity <= -p.extreme_quantity
      OR r.quantity * r.unit_price >= p.extreme_line_value OR r.quantity * r.unit_price <= -p.extreme_line_value
    ) AS is_extreme
  FROM lgs.retail_raw r
  CROSS JOIN lgs.cleaning_config p
) f
