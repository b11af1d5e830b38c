-- materialized: view
-- stg_retail_lines: one row per loaded source row (lgs.retail_raw), typed and flagged; nothing is removed here.
-- Inputs: lgs.retail_raw, lgs.cleaning_config (from templates/cleaning-rules.json).
-- Every cleaning rule is a boolean column, so the data-quality account can count rows and £ per rule. Two summary
-- flags say which lines an analysis uses:
--   is_sale    — a sale of goods: not a cancellation or adjustment, a product, quantity and price > 0, not an
--                extra copy of a duplicate row (lines without a customer count in sales; customer analytics add
--                customer_id);
--   is_classic — what the proof-of-concept notebook kept: customer present, quantity > 0, unit price > 0.
-- is_duplicate was set by the loader: every copy after the first of a row whose eight columns are all equal.
-- A view, not a table: writing 540,000 wide rows costs more than the few aggregations that read it, and a reader
-- pays only for the columns it uses. The configuration is read through scalar subqueries, which PostgreSQL runs once
-- per query (init plans) and hands to parallel workers; a join to it would be re-read for every row.
SELECT
  f.*,
  NOT (is_cancellation OR is_adjustment OR is_non_positive_quantity OR is_non_positive_price OR is_non_product
    OR is_duplicate) AS is_sale,
  (NOT is_missing_customer AND NOT is_non_positive_quantity AND NOT is_non_positive_price) AS is_classic
FROM (
  SELECT
    r.invoice_no,
    r.stock_code,
    nullif(btrim(r.description), '') AS description,
    r.description AS description_raw,
    r.quantity,
    r.invoice_date AS invoiced_at,
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
    r.is_duplicate,
    -- Goods codes start with a digit; when no configured code or prefix does, that settles most rows cheaply.
    (
      NOT ((SELECT digits_are_products FROM lgs.cleaning_config) AND r.stock_code >= '0' AND r.stock_code < ':')
      AND (
        upper(r.stock_code) = ANY ((SELECT non_product_codes FROM lgs.cleaning_config)::text[])
        OR upper(r.stock_code) LIKE ANY ((SELECT non_product_prefixes FROM lgs.cleaning_config)::text[])
      )
    ) AS is_non_product,
    -- |quantity × price| ≥ V needs |quantity| ≥ 1000 or |price| ≥ V / 1000, so that cheap test spares almost every
    -- row the numeric multiplication, the costly part of a pass. The bounds are negated once, in their init plans,
    -- not on every row.
    (
      r.quantity >= (SELECT extreme_quantity FROM lgs.cleaning_config)
      OR r.quantity <= (SELECT -extreme_quantity FROM lgs.cleaning_config)
      OR (
        (r.quantity >= 1000 OR r.quantity <= -1000
          OR r.unit_price >= (SELECT extreme_line_value / 1000 FROM lgs.cleaning_config)
          OR r.unit_price <= (SELECT -extreme_line_value / 1000 FROM lgs.cleaning_config))
        AND (r.quantity * r.unit_price >= (SELECT extreme_line_value FROM lgs.cleaning_config)
          OR r.quantity * r.unit_price <= (SELECT -extreme_line_value FROM lgs.cleaning_config))
      )
    ) AS is_extreme,
    -- Blank (null, empty or only spaces) without trimming every description: in byte order only a text starting
    -- with a space or a control character sorts before '!', so btrim runs on those few alone.
    (r.description IS NULL OR (r.description COLLATE "C" < '!' AND btrim(r.description) = '')) AS is_missing_description,
    -- btrim removes spaces only: a description it changes starts or ends with one.
    (r.description LIKE ' %' OR r.description LIKE '% ') AS has_outer_spaces
  FROM lgs.retail_raw r
) f
