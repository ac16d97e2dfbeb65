"""Fuzzy place and actor lookup by Arabic or Latin name (for the command palette and `--place NAME`).

Names are compared folded (extract.text.fold_text, lower-cased): exact beats prefix beats
substring beats Jaro-Winkler similarity above `MIN_SIMILARITY`.
"""
from __future__ import annotations

import duckdb

from store import names
from store.model import Facet
from store.query import place_column, place_value
from store.reference import fold_name

MIN_SIMILARITY = 0.85
_SCORE = ("list_max(list_transform(names_fold, lambda n: CASE WHEN n = $q THEN 4.0 "
          "WHEN starts_with(n, $q) THEN 3.0 WHEN contains(n, $q) THEN 2.0 "
          "ELSE jaro_winkler_similarity(n, $q) END))")
# a name several places share means the town first, then the subdistrict, district, governorate
# (as a reader of the news means it); a region's name is its own
_LEVEL_RANK = "CASE level WHEN 'admin1' THEN 3 WHEN 'admin2' THEN 2 WHEN 'admin3' THEN 1 ELSE 0 END"
EXACT = 4.0


def _place_hits(cur: duckdb.DuckDBPyConnection, text: str, limit: int) -> list[tuple[Facet, float, int]]:
    """(place, score, level rank) best first; label the English name, label_ar the Arabic (with tags,
    store.names); count = incidents at or under each place."""
    q = fold_name(text)
    if not q:
        return []
    rows = cur.execute(f"""
        SELECT pcode, {_LEVEL_RANK} AS lvl, {_SCORE} AS score FROM places
        WHERE score >= $min ORDER BY score DESC, lvl, length(name_ar), pcode LIMIT $limit""",
                       {"q": q, "min": MIN_SIMILARITY, "limit": limit}).fetchall()
    by_column: dict[str, list[str]] = {}
    for r in rows:
        by_column.setdefault(place_column(r[0]), []).append(r[0])
    counts = dict(cur.execute(" UNION ALL ".join(
        f"SELECT {col}, count(*) FROM effective WHERE list_contains(?, {col}) GROUP BY 1" for col in by_column),
        [[place_value(c) for c in codes] for codes in by_column.values()]).fetchall()) if rows else {}
    known = names.of(cur)
    return [(Facet(key=p, label=known.place(p, "en"), label_ar=known.place(p, "ar"),
                   count=counts.get(place_value(p), 0), level=0 if lvl == 3 else 1), score, lvl)
            for p, lvl, score in rows]


def find_places(cur: duckdb.DuckDBPyConnection, text: str, limit: int) -> list[Facet]:
    """Best-matching places by Arabic or English name (see _place_hits)."""
    return [facet for facet, _s, _l in _place_hits(cur, text, limit)]


def resolve_place(cur: duckdb.DuckDBPyConnection, text: str) -> list[Facet]:
    """The place a typed name means: one place, or every candidate when several places of the same
    rank carry that name (دوما: three towns), or nothing. A name as the lists show it, with its tag
    (`دوما · بلدة · حماة`), names one place."""
    name = text.split(names.TAG_SEP)[0] if names.TAG_SEP in text else text
    hits = _place_hits(cur, name, 50)
    if names.TAG_SEP in text:
        wanted = fold_name(text)
        return [f for f, _s, _l in hits if wanted in (fold_name(f.label_ar), fold_name(f.label))][:1]
    exact = [(f, lvl) for f, score, lvl in hits if score >= EXACT]
    if not exact:
        return [f for f, _s, _l in hits[:1]]
    best = min(lvl for _f, lvl in exact)
    return [f for f, lvl in exact if lvl == best]


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
