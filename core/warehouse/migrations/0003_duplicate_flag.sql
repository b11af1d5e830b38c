-- Exact duplicate rows are marked when a file is loaded (see core/ingest/duplicate-tracker.ts), not found by the
-- analytics: grouping every row by all eight columns was the costliest step of a build.
-- Grain unchanged: one row per loaded source row; is_duplicate is true on every copy after the first of a row whose
-- eight columns are all equal.

ALTER TABLE lgs.retail_shape ADD COLUMN is_duplicate boolean NOT NULL DEFAULT false;

-- The current load was made before this column existed: add it there and mark its copies once, here.
DO $$
DECLARE
  t text := (SELECT data_table FROM lgs.current_load);
BEGIN
  EXECUTE format('ALTER TABLE lgs.%I ADD COLUMN is_duplicate boolean NOT NULL DEFAULT false', t);
  EXECUTE format(
    'UPDATE lgs.%1$I r SET is_duplicate = true
       FROM (SELECT ctid AS id,
                    row_number() OVER (PARTITION BY invoice_no, stock_code, description, quantity, invoice_date,
                                                    unit_price, customer_id, country ORDER BY ctid) AS copy
               FROM lgs.%1$I) d
      WHERE r.ctid = d.id AND d.copy > 1', t);
  EXECUTE format('CREATE OR REPLACE VIEW lgs.retail_raw AS SELECT * FROM lgs.%I', t);
END
$$;
