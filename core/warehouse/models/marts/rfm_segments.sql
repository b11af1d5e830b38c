-- mart_rfm_segments: one row per segment of the segment map (also those with no customer), in the map's order.
-- Inputs: lgs.mart_rfm_customers, lgs.segment_map.
WITH totals AS (
  SELECT count(*) AS customers, sum(monetary) AS revenue FROM lgs.mart_rfm_customers
)
SELECT
  m.ord,
  m.segment,
  m.description,
  m.action,
  count(c.customer_id)::int AS customers,
  round(100.0 * count(c.customer_id) / nullif(t.customers, 0), 2) AS customer_share_pct,
  round(avg(c.recency_days), 1) AS recency_mean,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY c.recency_days) AS recency_median,
  round(avg(c.frequency), 2) AS frequency_mean,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY c.frequency) AS frequency_median,
  round(avg(c.monetary), 2) AS monetary_mean,
  round(percentile_cont(0.5) WITHIN GROUP (ORDER BY c.monetary)::numeric, 2) AS monetary_median,
  coalesce(sum(c.monetary), 0) AS revenue,
  round(100.0 * coalesce(sum(c.monetary), 0) / nullif(t.revenue, 0), 2) AS revenue_share_pct
FROM lgs.segment_map m
CROSS JOIN totals t
LEFT JOIN lgs.mart_rfm_customers c ON c.segment = m.segment
GROUP BY m.ord, m.segment, m.description, m.action, t.customers, t.revenue
ORDER BY m.ord
