-- rasd store, schema version 1. Applied by store/db.py inside one transaction on a new file.
-- Integer `seq` keys join the big tables (incidents, incident_actors, victims, postings); the string
-- `id` is the stable public incident id (see store/ids.py) that reviews refer to.

CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);

-- generation: bumped by every write, so readers can cache per-filter date histograms safely.
CREATE TABLE meta (key VARCHAR NOT NULL, value BIGINT NOT NULL);
INSERT INTO meta VALUES ('generation', 0), ('postings_compacted', 0);

CREATE TABLE articles (
    id           VARCHAR NOT NULL,      -- the source's id (file name for .txt articles)
    content_hash VARCHAR NOT NULL,      -- sha256 of published + title + sanitised text
    hash_key     BIGINT NOT NULL,       -- its first 8 bytes: an integer to look hashes up by
    outlet       VARCHAR,
    url          VARCHAR,
    title        VARCHAR,
    published    DATE NOT NULL,
    text         VARCHAR NOT NULL,      -- sanitised, NFKC, logical order
    n_incidents  INTEGER NOT NULL,      -- written in the same transaction as the incidents
    ingested_at  TIMESTAMP NOT NULL
);

CREATE TABLE incidents (
    seq            BIGINT NOT NULL,
    id             VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    date           DATE,
    sort_day       DATE NOT NULL,       -- date, or 0001-01-01 when unknown: the timeline order key
    date_end       DATE,
    date_precision VARCHAR NOT NULL,
    place_key      VARCHAR NOT NULL,    -- pcode, else 'name:' + folded name (clustering key)
    place_pcode    VARCHAR,
    place_name     VARCHAR NOT NULL,
    admin1_pcode   VARCHAR,
    admin1         VARCHAR,
    admin2_pcode   VARCHAR,
    admin2         VARCHAR,
    admin3_pcode   VARCHAR,
    lat            DOUBLE,
    lon            DOUBLE,
    event_type     VARCHAR NOT NULL,
    sub_event_type VARCHAR NOT NULL,
    actors         VARCHAR[] NOT NULL,
    killed         INTEGER NOT NULL,
    wounded        INTEGER NOT NULL,
    evidence       VARCHAR NOT NULL,
    evidence_spans INTEGER[] NOT NULL,  -- flattened start, end pairs into articles.text
    cluster_id     VARCHAR NOT NULL,    -- id of the cluster's first incident (see store/ingest.py)
    cluster_seq    BIGINT NOT NULL,     -- its seq: integer grouping key for de-duplicated counts
    clustered      BOOLEAN NOT NULL,    -- the cluster has other reports (singletons skip the grouping)
    review         VARCHAR NOT NULL     -- copy of the latest reviews row (for fast filters), or 'unreviewed'
);

CREATE TABLE incident_actors (seq BIGINT NOT NULL, actor_id VARCHAR NOT NULL);

CREATE TABLE victims (
    seq      BIGINT NOT NULL,
    pos      INTEGER NOT NULL,
    name     VARCHAR NOT NULL,
    hometown VARCHAR,
    outcome  VARCHAR NOT NULL,
    actor_id VARCHAR
);

-- Arabic search index (store/search.py): term ids from extract.text.search_terms and postings
-- (tid, the incident's sort_day, incident seq). Ingest appends; compaction (after an ingest, once
-- the unsorted tail is a quarter of the rest) rewrites postings sorted by (tid, sort_day), so a
-- term lookup reads one or two row groups of the sorted part (zone maps) plus the short tail, and
-- a page of search results reads only the postings of its days. meta.postings_compacted = sorted rows.
CREATE TABLE term_dict (tid INTEGER NOT NULL, term VARCHAR NOT NULL);
CREATE TABLE postings (tid INTEGER NOT NULL, sort_day DATE NOT NULL, seq BIGINT NOT NULL);

-- Append-only; the row with the highest rseq per incident is the current review
-- (copied into incidents.review in the same transaction).
CREATE SEQUENCE review_seq;
CREATE TABLE reviews (
    rseq        BIGINT NOT NULL DEFAULT nextval('review_seq'),
    incident_id VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    note        VARCHAR NOT NULL,
    reviewed_at TIMESTAMP NOT NULL
);
CREATE VIEW latest_reviews AS
    SELECT incident_id, arg_max(status, rseq) AS status FROM reviews GROUP BY incident_id;

-- Reference data from extract (gazetteer and actor lexicon); *_fold columns serve fuzzy lookup.
CREATE TABLE places (
    pcode        VARCHAR NOT NULL,
    name_ar      VARCHAR NOT NULL,
    name_en      VARCHAR,
    level        VARCHAR NOT NULL,
    admin1_pcode VARCHAR,
    admin1_ar    VARCHAR,
    admin2_pcode VARCHAR,
    admin2_ar    VARCHAR,
    admin3_pcode VARCHAR,
    lat          DOUBLE,
    lon          DOUBLE,
    aliases_ar   VARCHAR[] NOT NULL,
    names_fold   VARCHAR[] NOT NULL     -- folded Arabic names + lower-case Latin names
);

CREATE TABLE actors (
    id         VARCHAR NOT NULL,
    parent     VARCHAR,
    kind       VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL,
    name_ar    VARCHAR,
    aliases_ar VARCHAR[] NOT NULL,
    names_fold VARCHAR[] NOT NULL
);
