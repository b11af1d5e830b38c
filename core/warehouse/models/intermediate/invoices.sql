-- int_invoices: one row per invoice (placed or cancelled) and customer, dated before as_of, with its amounts. An
-- invoice whose lines carry no customer id (or, rarely, lines with and lines without one) gives a row with a null
-- customer: those lines count in sales but never in a customer's figures. Count invoices with DISTINCT invoice_no.
-- Inputs: lgs.int_invoice_lines; setting lgs.as_of.
--   sale_*      — the invoice's sale lines (stg is_sale: no extra duplicate copies);
--   cancelled_* — for a cancellation invoice, its goods lines (no non-product codes, no extra copies), made positive;
--   classic_*   — the lines the proof-of-concept notebook kept (duplicates included, as it did).
-- An invoice is dated by its first line (its lines share one timestamp in practice). Bad-debt adjustments ('A…')
-- are not invoices of goods and are left out. Most marts start here: about 26,000 invoices instead of 540,000 lines.
SELECT
  invoice_no,
  is_cancellation,
  customer_id,
  country,
  invoiced_at,
  date_trunc('month', invoiced_at)::date AS invoice_month,
  sale_lines,
  sale_amount,
  cancelled_lines,
  cancelled_amount,
  CASE WHEN customer_id IS NULL THEN 0 ELSE sale_lines + classic_extra_lines END AS classic_lines,
  CASE WHEN customer_id IS NULL THEN 0 ELSE sale_amount + classic_extra_amount END AS classic_amount,
  has_extreme_line
FROM lgs.int_invoice_lines
WHERE NOT is_adjustment
  AND invoiced_at < (SELECT current_setting('lgs.as_of')::date)
