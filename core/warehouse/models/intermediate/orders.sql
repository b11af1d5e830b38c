-- int_orders: one row per placed order of goods (an invoice with at least one sale line) and customer, before
-- as_of (see int_invoices: count orders with DISTINCT invoice_no).
-- Inputs: lgs.int_invoices. The customer-facing marts (monthly, cohorts, countries) count these.
SELECT invoice_no, customer_id, country, invoiced_at, invoice_month, sale_lines, sale_amount AS amount,
  has_extreme_line
FROM lgs.int_invoices
WHERE NOT is_cancellation AND sale_lines > 0
