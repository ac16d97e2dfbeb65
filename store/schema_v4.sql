-- rasd store, schema version 4: armed groups as bits (store/actor_bits.py). Applied by store/db.py after v3.
--
-- `actor_bits` has one bit per actor of `actors` (its rank by id, the first 63), so a filter by
-- group tests one BIGINT instead of searching every row's list. The effective view reads both
-- tables with SELECT *: the column is added to both, in the same place (the end).

ALTER TABLE incidents ADD COLUMN actor_bits BIGINT DEFAULT 0;
ALTER TABLE corrected_rows ADD COLUMN actor_bits BIGINT DEFAULT 0;
UPDATE incidents SET actor_bits = coalesce((SELECT bit_or(1::BIGINT << r.bit) FROM
    (SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS bit FROM actors QUALIFY bit < 63) r
    WHERE list_contains(incidents.actors, r.id)), 0);
UPDATE corrected_rows SET actor_bits = coalesce((SELECT bit_or(1::BIGINT << r.bit) FROM
    (SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS bit FROM actors QUALIFY bit < 63) r
    WHERE list_contains(corrected_rows.actors, r.id)), 0);
