-- rasd store, schema version 2: corrections. Applied by store/db.py after schema.sql (v1).
--
-- A person corrects a field of an incident (store/corrections.py); the extracted value in
-- `incidents` is never overwritten. `corrections` is append-only and keyed by the stable incident
-- id, like reviews, so a correction survives re-ingest. Every query reads the view `effective`
-- (incidents with the latest correction of each field applied) instead of the table;
-- `incidents.corrected` marks the few rows that have corrections, so the view scans the others
-- as the plain table (zone maps and all) and reads those few from corrected_rows.

CREATE SEQUENCE correction_seq;
CREATE TABLE corrections (
    cseq         BIGINT NOT NULL DEFAULT nextval('correction_seq'),
    incident_id  VARCHAR NOT NULL,
    field        VARCHAR NOT NULL,      -- killed, wounded, date, place, event, actors, victims
    before       VARCHAR NOT NULL,      -- the value it replaced, in the same text form as `after`
    after        VARCHAR NOT NULL,      -- killed/wounded: digits; date: YYYY-MM-DD[/YYYY-MM-DD];
                                        -- place: P-code; event: type/sub; actors: ids joined by ';';
                                        -- victims: JSON list of {name, hometown, outcome, actor_id}
    note         VARCHAR NOT NULL,
    corrected_at TIMESTAMP NOT NULL
);

ALTER TABLE incidents ADD COLUMN corrected BOOLEAN DEFAULT false;

-- The latest value of each corrected field, one row per corrected incident (NULL: not corrected).
CREATE VIEW corrected_values AS
SELECT incident_id AS id,
       CAST(arg_max(after, cseq) FILTER (WHERE field = 'killed') AS INTEGER) AS killed,
       CAST(arg_max(after, cseq) FILTER (WHERE field = 'wounded') AS INTEGER) AS wounded,
       arg_max(after, cseq) FILTER (WHERE field = 'date') AS day,
       arg_max(after, cseq) FILTER (WHERE field = 'place') AS pcode,
       arg_max(after, cseq) FILTER (WHERE field = 'event') AS event,
       arg_max(after, cseq) FILTER (WHERE field = 'actors') AS actors,
       arg_max(after, cseq) FILTER (WHERE field = 'victims') AS victims
FROM corrections GROUP BY incident_id;

-- Corrected incidents as whole rows, with the latest correction of each field applied.
-- store/corrections.py copies them into corrected_rows whenever a correction is added, a review
-- changes or a corrected incident is (re)inserted: queries then read those few rows as they are.
CREATE VIEW corrected_compute AS
SELECT i.* REPLACE (
    CASE WHEN c.day IS NULL THEN i.date ELSE CAST(split_part(c.day, '/', 1) AS DATE) END AS date,
    CASE WHEN c.day IS NULL THEN i.sort_day ELSE CAST(split_part(c.day, '/', 1) AS DATE) END AS sort_day,
    CASE WHEN c.day IS NULL THEN i.date_end ELSE CAST(nullif(split_part(c.day, '/', 2), '') AS DATE) END AS date_end,
    CASE WHEN c.day IS NULL THEN i.date_precision ELSE 'day' END AS date_precision,
    coalesce(p.pcode, i.place_key) AS place_key,
    coalesce(p.pcode, i.place_pcode) AS place_pcode,
    coalesce(p.name_ar, i.place_name) AS place_name,
    CASE WHEN p.pcode IS NULL THEN i.admin1_pcode WHEN p.level = 'admin1' THEN p.pcode ELSE p.admin1_pcode END AS admin1_pcode,
    CASE WHEN p.pcode IS NULL THEN i.admin1 WHEN p.level = 'admin1' THEN p.name_ar ELSE p.admin1_ar END AS admin1,
    CASE WHEN p.pcode IS NULL THEN i.admin2_pcode WHEN p.level = 'admin2' THEN p.pcode ELSE p.admin2_pcode END AS admin2_pcode,
    CASE WHEN p.pcode IS NULL THEN i.admin2 WHEN p.level = 'admin2' THEN p.name_ar ELSE p.admin2_ar END AS admin2,
    CASE WHEN p.pcode IS NULL THEN i.admin3_pcode WHEN p.level = 'admin3' THEN p.pcode ELSE p.admin3_pcode END AS admin3_pcode,
    CASE WHEN p.pcode IS NULL THEN i.lat ELSE p.lat END AS lat,
    CASE WHEN p.pcode IS NULL THEN i.lon ELSE p.lon END AS lon,
    coalesce(split_part(c.event, '/', 1), i.event_type) AS event_type,
    coalesce(split_part(c.event, '/', 2), i.sub_event_type) AS sub_event_type,
    CASE WHEN c.actors IS NULL THEN i.actors ELSE list_filter(string_split(c.actors, ';'), lambda a: a <> '') END AS actors,
    coalesce(c.killed, i.killed) AS killed,
    coalesce(c.wounded, i.wounded) AS wounded)
FROM incidents i JOIN corrected_values c ON c.id = i.id LEFT JOIN places p ON p.pcode = c.pcode
WHERE i.corrected;

CREATE TABLE corrected_rows AS SELECT * FROM incidents LIMIT 0;

-- What every query reads. Measured at 300,000 incidents with 97 corrected (fastest of 31 runs on a
-- loaded 2-core machine): a timeline page 3.0 ms against 1.6 ms for the bare table, totals 6 ms
-- against 2.5 ms; computing the corrected rows inside the view instead cost 18 ms and 60 ms.
-- `clustered` comes live from incidents (an ingest may grow a cluster); a row of corrected_rows
-- whose incident was deleted matches nothing.
CREATE VIEW effective AS
SELECT * FROM incidents WHERE NOT corrected
UNION ALL
SELECT r.* REPLACE (g.clustered AS clustered)
FROM corrected_rows r JOIN (SELECT seq, clustered FROM incidents WHERE corrected) g ON g.seq = r.seq;

-- Named victims with corrected lists applied.
CREATE VIEW effective_victims AS
WITH replaced AS (
    SELECT i.seq, from_json(c.victims, '[{"name": "VARCHAR", "hometown": "VARCHAR", "outcome": "VARCHAR", "actor_id": "VARCHAR"}]') AS vs
    FROM incidents i JOIN corrected_values c ON c.id = i.id WHERE i.corrected AND c.victims IS NOT NULL)
SELECT v.* FROM victims v WHERE v.seq NOT IN (SELECT seq FROM replaced)
UNION ALL
SELECT seq, CAST(k - 1 AS INTEGER) AS pos, vs[k].name AS name, vs[k].hometown AS hometown, vs[k].outcome AS outcome,
       vs[k].actor_id AS actor_id
FROM (SELECT seq, vs, generate_subscripts(vs, 1) AS k FROM replaced);

-- Clusters by the rule of store/ingest.py (same day, place key and event type, from different
-- articles); v1 let reports a day apart join, which chained different days into one cluster.
UPDATE incidents SET cluster_seq = k.cseq, cluster_id = k.cid FROM (
    SELECT seq,
           CASE WHEN min(article_id) OVER earlier <> article_id OR max(article_id) OVER earlier <> article_id
                THEN first(seq) OVER key ELSE seq END AS cseq,
           CASE WHEN min(article_id) OVER earlier <> article_id OR max(article_id) OVER earlier <> article_id
                THEN first(id) OVER key ELSE id END AS cid
    FROM incidents WHERE date IS NOT NULL
    WINDOW key AS (PARTITION BY date, place_key, event_type ORDER BY seq),
           earlier AS (key ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) k
WHERE incidents.seq = k.seq;
UPDATE incidents SET clustered = cluster_seq IN (SELECT cluster_seq FROM incidents GROUP BY 1 HAVING count(*) > 1);
