-- mart_rfm_customers: one row per customer: RFM figures, scores, segment and the segment's marketing action.
-- Inputs: lgs.int_rfm_scores, lgs.segment_map (from templates/segment-map.json; exactly one match per R×F cell).
SELECT
  s.customer_id,
  s.country,
  s.first_purchase_at::date AS first_purchase,
  s.last_purchase_at::date AS last_purchase,
  s.recency_days,
  s.frequency,
  round(s.monetary, 2) AS monetary,
  s.r_score,
  s.f_score,
  s.m_score,
  s.r_score::text || s.f_score::text || s.m_score::text AS rfm_score,
  m.segment,
  m.action
FROM lgs.int_rfm_scores s
JOIN lgs.segment_map m ON (s.r_score::text || s.f_score::text) ~ ('^(?:' || m.pattern || ')$')
ORDER BY s.customer_id
