-- Analytics configuration and history.
-- Grain: cleaning_config = exactly one row (rewritten from templates/cleaning-rules.json by every build);
-- segment_map = one row per RFM segment (rewritten from templates/segment-map.json by every build);
-- rfm_history = one row per customer per (as_of, scoring): each report run's RFM result, kept for segment migration.

CREATE TABLE lgs.cleaning_config (
  singleton            boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  non_product_codes    text[]  NOT NULL,  -- upper case
  non_product_prefixes text[]  NOT NULL,  -- upper case LIKE patterns ('TEST%')
  extreme_line_value   numeric NOT NULL,
  extreme_quantity     integer NOT NULL,
  -- true when no configured code or prefix starts with a digit: a code starting with one is then always goods
  digits_are_products  boolean NOT NULL
);

CREATE TABLE lgs.segment_map (
  ord         integer PRIMARY KEY,
  segment     text    NOT NULL UNIQUE,
  pattern     text    NOT NULL,
  description text    NOT NULL,
  action      text    NOT NULL
);

CREATE TABLE lgs.rfm_history (
  as_of        date    NOT NULL,
  scoring      text    NOT NULL,
  customer_id  integer NOT NULL,
  load_run_id  bigint,
  recency_days integer NOT NULL,
  frequency    integer NOT NULL,
  monetary     numeric NOT NULL,
  r_score      smallint NOT NULL,
  f_score      smallint NOT NULL,
  m_score      smallint NOT NULL,
  segment      text    NOT NULL,
  built_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (as_of, scoring, customer_id)
);
