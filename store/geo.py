"""Where: the places of a filter's incidents with their totals (one mark each on the map), and the
gazetteer's communities and governorates the map draws behind them."""
from __future__ import annotations

import duckdb

from store.model import Filter, Governorate, MapPoint
from store.query import place_key_sql, where


def map_points(cur: duckdb.DuckDBPyConnection, f: Filter) -> tuple[list[MapPoint], int]:
    """One point per place of `f` that has coordinates (incidents and killed as corrected, counted
    as the summaries count them, a region under its own key as they list it), biggest first; and how
    many incidents have no coordinates."""
    w = where(cur, f)
    # one scan of the filter's incidents: (place, event type) counts and killed, the unplaced apart;
    # a place's totals are its groups' sums (as store.summary counts them: every row of its key)
    rows = cur.execute(f"""
        WITH g AS (SELECT {place_key_sql(cur)} AS k, i.event_type, count(*) AS n,
                          coalesce(sum(i.killed), 0)::BIGINT AS killed, any_value(i.place_name) AS name,
                          any_value(i.lat) AS lat, any_value(i.lon) AS lon, any_value(i.admin1_pcode) AS gov,
                          i.lat IS NULL OR i.lon IS NULL AS unplaced
                   FROM effective i WHERE {w.sql} GROUP BY ALL),
        t AS (SELECT k, sum(n)::BIGINT AS incidents, sum(killed)::BIGINT AS killed FROM g GROUP BY k),
        -- the commonest event type; a tie goes the same way every time (mode() picks either)
        p AS (SELECT k, first(event_type ORDER BY n DESC, event_type) AS kind, any_value(name) AS name,
                     any_value(lat) AS lat, any_value(lon) AS lon, any_value(gov) AS gov
              FROM g WHERE NOT unplaced GROUP BY k)
        SELECT p.k, p.name, p.lat, p.lon, p.gov, p.kind, t.incidents, t.killed, (SELECT sum(n) FROM g WHERE unplaced)
        FROM p JOIN t ON t.k = p.k ORDER BY t.incidents DESC, t.killed DESC, p.k""", w.params).fetchall()
    if not rows:        # nothing placed: the unplaced are still counted
        return [], cur.execute(f"SELECT count(*) FROM effective i WHERE {w.sql}", w.params).fetchall()[0][0]
    unplaced = int(rows[0][-1] or 0)
    return [MapPoint(*r[:-1]) for r in rows], unplaced


def communities(cur: duckdb.DuckDBPyConnection) -> tuple[tuple[float, float, str | None], ...]:
    """(lat, lon, governorate) of every community in the gazetteer: the map's backdrop."""
    return tuple(cur.execute("SELECT lat, lon, admin1_pcode FROM places WHERE level = 'community' AND lat IS NOT NULL "
                       "ORDER BY pcode").fetchall())


def governorates(cur: duckdb.DuckDBPyConnection) -> list[Governorate]:
    """The 14 governorates with their names and the bounding box of their communities."""
    rows = cur.execute("""
        SELECT g.pcode, g.name_ar, coalesce(g.name_en, g.pcode), g.lat, g.lon,
               min(c.lat), max(c.lat), min(c.lon), max(c.lon)
        FROM places g JOIN places c ON c.admin1_pcode = g.pcode AND c.level = 'community' AND c.lat IS NOT NULL
        WHERE g.level = 'admin1' GROUP BY ALL ORDER BY g.pcode""").fetchall()
    return [Governorate(p, ar, en, lat, lon, (s, n, w, e)) for p, ar, en, lat, lon, s, n, w, e in rows]
