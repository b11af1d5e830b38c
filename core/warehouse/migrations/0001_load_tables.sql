-- Load bookkeeping and the raw retail rows.
-- Grain: load_runs = one row per attempted load; load_rejects = one row per refused source row;
-- retail_raw = one row per loaded source row of the current load (a view over that load's own table).

CREATE TABLE lgs.load_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source        text        NOT NULL,
  sha256        text,                       -- of the bytes as uploaded; known once the whole file was read
  bytes         bigint,
  format        text,                       -- sql (COPY), inserts, csv
  compression   text,                       -- none, gzip
  rows_read     bigint      NOT NULL DEFAULT 0,
  rows_loaded   bigint      NOT NULL DEFAULT 0,
  rows_rejected bigint      NOT NULL DEFAULT 0,
  skipped       jsonb       NOT NULL DEFAULT '[]',
  skipped_count integer     NOT NULL DEFAULT 0,
  timings_ms    jsonb       NOT NULL DEFAULT '{}',
  outcome       text        NOT NULL DEFAULT 'running'
                CHECK (outcome IN ('running', 'loaded', 'duplicate', 'rejected', 'failed')),
  error_code    text,
  error_message text,
  bad_lines     jsonb,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX load_runs_sha256 ON lgs.load_runs (sha256) WHERE outcome = 'loaded';

CREATE TABLE lgs.load_rejects (
  load_run_id bigint NOT NULL REFERENCES lgs.load_runs (id) ON DELETE CASCADE,
  line        bigint NOT NULL,
  column_name text,
  value       text,
  reason      text   NOT NULL
);
CREATE INDEX load_rejects_run ON lgs.load_rejects (load_run_id, line);

-- The shape of every load's table. Types are ours, whatever the dump declared: the LGS dump stores customer_id
-- and unit_price as real (float4); here the id is an integer and money is numeric.
CREATE TABLE lgs.retail_shape (
  invoice_no   text      NOT NULL,
  stock_code   text      NOT NULL,
  description  text,
  quantity     integer   NOT NULL,
  invoice_date timestamp NOT NULL,
  unit_price   numeric   NOT NULL,
  customer_id  integer,
  country      text
);

-- Exactly one current load. Each load fills its own table (lgs.retail_load_<id>); publishing it repoints the view
-- retail_raw, so models built on the view survive the swap.
CREATE TABLE lgs.current_load (
  singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  load_run_id bigint      REFERENCES lgs.load_runs (id),
  data_table  text        NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lgs.retail_load_0 (LIKE lgs.retail_shape INCLUDING ALL);
INSERT INTO lgs.current_load (load_run_id, data_table) VALUES (NULL, 'retail_load_0');
CREATE VIEW lgs.retail_raw AS SELECT * FROM lgs.retail_load_0;
