"""Where: the places of a filter's incidents with their totals (one mark each on the map), and the
gazetteer's communities and governorates the map draws behind them."""
from __future__ import annotations

import duckdb

from store.model import Filter, Governorate, MapPoint
from store.summary import grouped_sql
from store.query import place_key_sql, where


def map_points(cur: duckdb.DuckDBPyConnection, f: Filter) -> tuple[list[MapPoint], int]:
    """One point per place of `f` that has coordinates (incidents and killed as corrected, counted
    as the summaries count them, a region under its own key as they list it), biggest first; and how
    many incidents have no coordinates."""
    totals, params = grouped_sql(cur, f, ["place"])
    w = where(cur, f)
    rows = cur.execute(f"""
        WITH t AS ({totals}),
        placed AS (SELECT i.*, {place_key_sql(cur)} AS map_key FROM effective i
                   WHERE {w.sql} AND i.lat IS NOT NULL AND i.lon IS NOT NULL),
        kinds AS (SELECT map_key AS k, event_type, count(*) AS n FROM placed GROUP BY ALL),
        -- the commonest event type; a tie goes the same way every time (mode() picks either)
        kind AS (SELECT k, first(event_type ORDER BY n DESC, event_type) AS kind FROM kinds GROUP BY k),
        p AS (SELECT map_key AS k, any_value(place_name) AS name, any_value(lat) AS lat, any_value(lon) AS lon,
                     any_value(admin1_pcode) AS gov FROM placed GROUP BY map_key)
        SELECT p.k, p.name, p.lat, p.lon, p.gov, kind.kind, t.incidents, t.killed
        FROM p JOIN kind USING (k) JOIN t ON t.k0 = p.k ORDER BY t.incidents DESC, t.killed DESC, p.k""",
                       params + w.params).fetchall()
    unplaced = cur.execute(f"SELECT count(*) FROM effective i WHERE {w.sql} AND (i.lat IS NULL OR i.lon IS NULL)",
                           w.params).fetchall()[0][0]
    return [MapPoint(*r) for r in rows], unplaced


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
