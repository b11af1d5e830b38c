-- int_rfm_scores: one row per customer of int_rfm_base with R, F and M scores 1-5 (5 = best).
-- Inputs: lgs.int_rfm_base; setting lgs.scoring.
--   ntile   — quintiles by NTILE(5); ties broken by customer id, so every run and server gives the same scores.
--   classic — pandas qcut as the notebook used it: edges at the 0/20/40/60/80/100% quantiles by linear
--             interpolation (percentile_cont), bins closed on the right with the first including its lowest value;
--             R labels 5..1 on recency, M labels 1..5 on monetary, F on frequency ranked 'first' in customer id order.
WITH ranked AS (
  SELECT
    b.*,
    row_number() OVER (ORDER BY frequency, customer_id) AS frequency_rank,
    ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r_ntile,
    ntile(5) OVER (ORDER BY frequency, customer_id) AS f_ntile,
    ntile(5) OVER (ORDER BY monetary, customer_id) AS m_ntile
  FROM lgs.int_rfm_base b
),
edges AS (
  SELECT
    percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY recency_days) AS recency,
    percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY frequency_rank) AS frequency_rank,
    percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY monetary::float8) AS monetary
  FROM ranked
)
SELECT
  r.customer_id,
  r.country,
  r.first_purchase_at,
  r.last_purchase_at,
  r.recency_days,
  r.frequency,
  r.monetary,
  CASE current_setting('lgs.scoring')
    WHEN 'classic' THEN 5 - (SELECT count(*) FROM unnest(e.recency) x WHERE r.recency_days > x)
    ELSE r.r_ntile
  END::smallint AS r_score,
  CASE current_setting('lgs.scoring')
    WHEN 'classic' THEN 1 + (SELECT count(*) FROM unnest(e.frequency_rank) x WHERE r.frequency_rank > x)
    ELSE r.f_ntile
  END::smallint AS f_score,
  CASE current_setting('lgs.scoring')
    WHEN 'classic' THEN 1 + (SELECT count(*) FROM unnest(e.monetary) x WHERE r.monetary::float8 > x)
    ELSE r.m_ntile
  END::smallint AS m_score
FROM ranked r
CROSS JOIN edges e
