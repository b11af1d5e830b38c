-- int_invoice_lines: one row per invoice and customer id (null included) over every loaded row, whatever as_of:
-- the one pass over the lines that invoices, orders and the data-quality account are all built from.
-- Inputs: lgs.stg_retail_lines.
-- An invoice's lines share its number, so cancellation and adjustment are facts of the row here, and a missing
-- customer is its key; the other rules are counted per row. Money is summed only over the rows a figure needs — the
-- sale lines, and the few thousand rows that are not sales — because numeric arithmetic on every row is what a pass
-- costs: all rows' value is sale_amount + other_amount, and the notebook's lines are the sale lines plus
-- classic_extra_* (for a customer, a sale line always has quantity and price > 0).
SELECT
  invoice_no,
  customer_id,
  bool_or(is_cancellation) AS is_cancellation,
  bool_or(is_adjustment) AS is_adjustment,
  min(country) AS country,
  min(invoiced_at) AS invoiced_at,
  count(*)::int AS rows,
  count(*) FILTER (WHERE is_sale)::int AS sale_lines,
  coalesce(sum(line_total) FILTER (WHERE is_sale), 0) AS sale_amount,
  coalesce(sum(line_total) FILTER (WHERE NOT is_sale), 0) AS other_amount,
  count(*) FILTER (WHERE is_cancellation AND NOT is_non_product AND NOT is_duplicate)::int AS cancelled_lines,
  coalesce(-sum(line_total) FILTER (WHERE is_cancellation AND NOT is_non_product AND NOT is_duplicate), 0)
    AS cancelled_amount,
  count(*) FILTER (WHERE is_classic AND NOT is_sale)::int AS classic_extra_lines,
  coalesce(sum(line_total) FILTER (WHERE is_classic AND NOT is_sale), 0) AS classic_extra_amount,
  bool_or(is_extreme) AS has_extreme_line,
  -- Per-row rules, for the data-quality account: rows, and £ where the rule touches few rows.
  count(*) FILTER (WHERE is_non_positive_quantity)::int AS non_positive_quantity_rows,
  coalesce(sum(line_total) FILTER (WHERE is_non_positive_quantity), 0) AS non_positive_quantity_value,
  count(*) FILTER (WHERE is_non_positive_price)::int AS non_positive_price_rows,
  coalesce(sum(line_total) FILTER (WHERE is_non_positive_price), 0) AS non_positive_price_value,
  count(*) FILTER (WHERE is_non_product)::int AS non_product_rows,
  coalesce(sum(line_total) FILTER (WHERE is_non_product), 0) AS non_product_value,
  count(*) FILTER (WHERE is_duplicate)::int AS duplicate_rows,
  coalesce(sum(line_total) FILTER (WHERE is_duplicate), 0) AS duplicate_value,
  count(*) FILTER (WHERE is_extreme)::int AS extreme_rows,
  coalesce(sum(line_total) FILTER (WHERE is_extreme), 0) AS extreme_value,
  count(*) FILTER (WHERE description IS NULL)::int AS missing_description_rows,
  coalesce(sum(line_total) FILTER (WHERE description IS NULL), 0) AS missing_description_value,
  count(*) FILTER (WHERE description <> description_raw)::int AS trimmed_description_rows
FROM lgs.stg_retail_lines
GROUP BY invoice_no, customer_id
