"""The victims register: the named people of a filter's incidents, paged, sorted, grouped by
hometown, searched by name, exported.

Name search uses the search index's own normalisation (extract.text.search_terms: hamza, ta
marbuta, alef maqsura, diacritics, the article and proclitics), applied once per store generation
to the distinct names (the Store caches them), so "احمد الخطيب" finds "أحمد خطيب" and "أَحْمَد الخَطيب".
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from extract.text import search_terms
from store.model import Filter, RegisterRow, VictimOrder
from store.query import Where, where

VICTIM_FORMATS = ("csv", "jsonl")
NameIndex = tuple[tuple[str, tuple[str, ...]], ...]   # (stored name, its search terms)

_ORDER: dict[str, str] = {
    "date": "sort_day DESC, incident_id, pos",
    "name": "name, sort_day DESC, incident_id, pos",
    "hometown": "hometown IS NULL, hometown, name, sort_day DESC, incident_id, pos",
    # grouped by hometown: biggest group first, unknown hometowns last, newest first within a group
    "group": "hometown IS NULL, n DESC, hometown, sort_day DESC, incident_id, pos",
}
ORDERS: tuple[VictimOrder, ...] = ("date", "name", "hometown")
_SHOWN = "name, outcome, hometown, date, place_name, side, review, incident_id"
_EXPORTED = "name, outcome, hometown, date, place_name, place_pcode, admin1, side, review, incident_id"


def name_index(cur: duckdb.DuckDBPyConnection) -> NameIndex:
    return tuple((n, tuple(search_terms(n))) for (n,) in
                 cur.execute("SELECT DISTINCT name FROM effective_victims").fetchall())


def matching_names(index: NameIndex, query: str) -> list[str]:
    """Stored names in which every word of `query` begins a word (spelling-insensitive)."""
    wanted = search_terms(query)
    return [name for name, terms in index if all(any(t.startswith(q) for t in terms) for q in wanted)]


def base(cur: duckdb.DuckDBPyConnection, f: Filter, names: list[str] | None) -> Where:
    """SELECT of the register's people (one row per person named in an incident of `f`, as
    corrected); `names` (from a name search) or None for everybody. With f.dedupe only the people of
    each incident's representative report (query.where), so a person is not listed once per report."""
    w = where(cur, f)
    sql = (f"SELECT v.name, v.outcome, nullif(v.hometown, '') AS hometown, i.date, i.place_name, i.place_pcode, "
           f"i.admin1, v.actor_id AS side, i.review, i.id AS incident_id, i.sort_day, v.pos "
           f"FROM effective_victims v JOIN effective i ON i.seq = v.seq WHERE {w.sql}")
    params = list(w.params)
    if names is not None:
        # an Arrow table on this cursor, not a list parameter: DuckDB binds a list parameter at
        # ~0.17 ms an element (a common first name matches thousands of stored names)
        import pyarrow as pa

        cur.register("register_names", pa.table({"name": pa.array(names, pa.string())}))
        sql += " AND v.name IN (SELECT name FROM register_names)"
    return Where(sql, params)


def count(cur: duckdb.DuckDBPyConnection, b: Where) -> int:
    return cur.execute(f"SELECT count(*) FROM ({b.sql})", b.params).fetchall()[0][0]


def by_hometown(cur: duckdb.DuckDBPyConnection, b: Where) -> list[tuple[str | None, int]]:
    """(hometown, people) in the grouped register's order; None for people of unknown hometown."""
    return cur.execute(f"SELECT hometown, count(*) AS n FROM ({b.sql}) GROUP BY hometown "
                       "ORDER BY hometown IS NULL, n DESC, hometown", b.params).fetchall()


def _ordered(b: Where, order: str) -> str:
    if order not in _ORDER:
        raise ValueError(f"cannot sort victims by {order!r}; choose one of {', '.join(_ORDER)}")
    if order == "group":
        return f"SELECT *, count(*) OVER (PARTITION BY hometown) AS n FROM ({b.sql}) ORDER BY {_ORDER[order]}"
    return f"SELECT * FROM ({b.sql}) ORDER BY {_ORDER[order]}"


def page(cur: duckdb.DuckDBPyConnection, b: Where, order: str, offset: int, limit: int) -> list[RegisterRow]:
    """People [offset, offset+limit) in `order` (date, name, hometown, or group: by hometown group)."""
    rows = cur.execute(f"SELECT {_SHOWN} FROM ({_ordered(b, order)}) LIMIT ? OFFSET ?",
                       b.params + [limit, offset]).fetchall()
    return [RegisterRow(*r) for r in rows]


def export(cur: duckdb.DuckDBPyConnection, b: Where, fmt: str, path: Path, order: str = "date",
           force: bool = False) -> int:
    """Write the register (csv or jsonl, in `order`) to `path` as the incident exports are written
    (store/safe_write.py: atomically, an existing file replaced only when `force`); returns people written."""
    from store.export import _write_csv, _write_jsonl
    from store.safe_write import open_output, target_of

    if fmt not in VICTIM_FORMATS:
        raise ValueError(f"victims export as {fmt!r} is not supported; choose csv or jsonl")
    target_of(Path(path), force)      # refuse before querying
    reader = cur.sql(f"SELECT {_EXPORTED} FROM ({_ordered(b, order)})", params=b.params).to_arrow_reader(20_000)
    with open_output(Path(path), force=force) as fh:
        return (_write_csv if fmt == "csv" else _write_jsonl)(reader, fh)
