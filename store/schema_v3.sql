-- rasd store, schema version 3: `effective` reads incidents once. Applied by store/db.py after v2.
--
-- v2's view joined corrected_rows back to incidents for the live `clustered` flag, a second scan
-- of incidents in every query (on a lake also its own catalog look-ups: ~5 PostgreSQL round trips
-- and a Parquet read per scan). corrected_rows now carries `clustered` itself — ingest sets it
-- there too when a cluster grows — and loses its row when its incident is deleted, so the view is
-- the uncorrected incidents plus corrected_rows as stored.

DELETE FROM corrected_rows WHERE seq NOT IN (SELECT seq FROM incidents WHERE corrected);
UPDATE corrected_rows SET clustered = i.clustered FROM incidents i WHERE i.seq = corrected_rows.seq;

CREATE OR REPLACE VIEW effective AS
SELECT * FROM incidents WHERE NOT corrected
UNION ALL
SELECT * FROM corrected_rows;
