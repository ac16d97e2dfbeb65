"""Fuzzy place and actor lookup by Arabic or Latin name (for the command palette and `--place NAME`).

Names are compared folded (extract.text.fold_text, lower-cased): exact beats prefix beats
substring beats Jaro-Winkler similarity above `MIN_SIMILARITY`.
"""
from __future__ import annotations

import duckdb

from store.model import Facet
from store.query import place_column
from store.reference import fold_name

MIN_SIMILARITY = 0.85
_SCORE = ("list_max(list_transform(names_fold, lambda n: CASE WHEN n = $q THEN 4.0 "
          "WHEN starts_with(n, $q) THEN 3.0 WHEN contains(n, $q) THEN 2.0 "
          "ELSE jaro_winkler_similarity(n, $q) END))")
_LEVEL_RANK = "CASE level WHEN 'admin1' THEN 0 WHEN 'admin2' THEN 1 WHEN 'admin3' THEN 2 ELSE 3 END"


def find_places(cur: duckdb.DuckDBPyConnection, text: str, limit: int) -> list[Facet]:
    """Best-matching places (label the Latin name where the gazetteer has one, label_ar the Arabic);
    count = incidents at or under each place."""
    q = fold_name(text)
    if not q:
        return []
    rows = cur.execute(f"""
        SELECT pcode, name_ar, coalesce(name_en, ''), {_LEVEL_RANK} AS lvl, {_SCORE} AS score FROM places
        WHERE score >= $min ORDER BY score DESC, lvl, length(name_ar), pcode LIMIT $limit""",
                       {"q": q, "min": MIN_SIMILARITY, "limit": limit}).fetchall()
    by_column: dict[str, list[str]] = {}
    for r in rows:
        by_column.setdefault(place_column(r[0]), []).append(r[0])
    counts = dict(cur.execute(" UNION ALL ".join(
        f"SELECT {col}, count(*) FROM effective WHERE list_contains(?, {col}) GROUP BY 1" for col in by_column),
        list(by_column.values())).fetchall()) if rows else {}
    return [Facet(key=p, label=en or ar, label_ar=ar, count=counts.get(p, 0), level=0 if lvl == 0 else 1)
            for p, ar, en, lvl, _s in rows]


def find_actors(cur: duckdb.DuckDBPyConnection, text: str, limit: int) -> list[Facet]:
    """Best-matching actors (label English, label_ar the first Arabic alias); count = incidents."""
    q = fold_name(text)
    if not q:
        return []
    rows = cur.execute(f"""
        SELECT a.id, a.name_en, coalesce(a.name_ar, ''), a.parent IS NOT NULL, {_SCORE} AS score,
               (SELECT count(*) FROM incident_actors ia WHERE ia.actor_id = a.id) AS n
        FROM actors a WHERE score >= $min ORDER BY score DESC, n DESC, a.id LIMIT $limit""",
                       {"q": q, "min": MIN_SIMILARITY, "limit": limit}).fetchall()
    return [Facet(key=i, label=en, label_ar=ar, count=n, level=int(child)) for i, en, ar, child, _s, n in rows]
