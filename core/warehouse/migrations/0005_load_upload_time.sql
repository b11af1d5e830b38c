-- When the upload a load came from was made (its blob's last-modified time), kept with the load's record: the upload
-- function skips an upload older than the newest one already loaded, or found to hold the data already loaded
-- (core/app/process-upload.ts). latest.json alone did not say: it moves only when a report is published, so an
-- upload loaded but not reported on (its report failed), or one repeating the current data, left it behind, and an
-- older upload processed next replaced newer data.
-- Grain unchanged: one row per load attempt. Null for a load from a local file, and for loads made before this.
ALTER TABLE lgs.load_runs ADD COLUMN source_uploaded_at timestamptz;
