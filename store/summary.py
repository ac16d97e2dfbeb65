"""Totals, casualty summaries, pivots and facets — by reports or by de-duplicated clusters.

With `Filter.dedupe` the filter itself keeps one report per cluster (store.query.where: the one
with the most killed), so every figure here counts exactly the rows the timeline lists and an
export writes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import get_args
from datetime import date

import duckdb

from store import names as names_mod
from store.model import Facet, Filter, ReviewStatus, SummaryBy, Totals
from store.names import Lang
from store.query import place_key_sql, representatives, where

PERIODS = ("week", "month", "year")
WEEK0 = "DATE '2000-01-03'"     # a Monday: weeks are grouped as whole weeks since it


@dataclass(frozen=True)
class Dim:
    """Grouping by one dimension. `keys` are computed per incident row and kept cheap to group by
    (short codes, an integer week or month number; grouping by a formatted or concatenated string
    per row measured several times slower); `key_out` makes the key shown from the grouped k{n}_0,
    k{n}_1 …; labels are looked up afterwards for the few keys shown (see _labels)."""
    keys: tuple[str, ...]
    key_out: str = "k{n}_0"


DIMS: dict[str, Dim] = {
    "place": Dim(("{place_key}",)),
    "admin1": Dim(("coalesce(i.admin1_pcode, i.admin1, '')",)),
    "admin2": Dim(("coalesce(i.admin2_pcode, i.admin2, '')",)),
    "actor": Dim(("unnest(i.actors)",)),
    "event_type": Dim(("i.event_type",)),
    "sub_event_type": Dim(("i.event_type", "i.sub_event_type"), "k{n}_0 || '/' || k{n}_1"),
    "week": Dim((f"(i.date - {WEEK0}) // 7",), f"strftime({WEEK0} + (k{{n}}_0 * 7)::INTEGER, '%Y-%m-%d')"),
    "month": Dim(("year(i.date) * 12 + month(i.date) - 1",), "printf('%04d-%02d', k{n}_0 // 12, k{n}_0 % 12 + 1)"),
    "year": Dim(("year(i.date)",), "printf('%04d', k{n}_0)"),
}


def _check(dims: list[str]) -> None:
    for d in dims:
        if d not in DIMS:
            raise ValueError(f"cannot summarise by {d!r}; choose one of {', '.join(DIMS)}")
    if dims.count("actor") > 1:
        raise ValueError("cannot cross actors with actors")


def grouped_sql(cur: duckdb.DuckDBPyConnection, f: Filter, dims: list[str]) -> tuple[str, list]:
    """SELECT k0.., incidents, killed, wounded grouped by the dimensions (no order, no limit)."""
    _check(dims)
    w = where(cur, f)
    spec = [DIMS[d] for d in dims]
    ks = ", ".join(f"k{n}_{j}" for n, d in enumerate(spec) for j in range(len(d.keys)))
    place = place_key_sql(cur) if "place" in dims else ""
    keys = ", ".join(f"{key.replace('{place_key}', place)} AS k{n}_{j}"
                     for n, d in enumerate(spec) for j, key in enumerate(d.keys))
    conds = [w.sql] + (["i.date IS NOT NULL"] if any(d in PERIODS for d in dims) else [])
    inner, params = f"SELECT {keys}, i.killed, i.wounded FROM effective i WHERE {' AND '.join(conds)}", w.params
    grouped = (f"SELECT {ks}, count(*) AS incidents, coalesce(sum(killed), 0)::BIGINT AS killed, "
               f"coalesce(sum(wounded), 0)::BIGINT AS wounded FROM ({inner}) GROUP BY {ks}")
    outs = ", ".join(f"{d.key_out.format(n=n)} AS k{n}" for n, d in enumerate(spec))
    return f"SELECT {outs}, incidents, killed, wounded FROM ({grouped})", params


def _labels(cur: duckdb.DuckDBPyConnection, by: str, keys: list[str], lang: Lang = "ar",
            reported: dict[str, str] | None = None) -> dict[str, str]:
    """Human labels for the keys of one dimension (store.names; a place the gazetteer does not
    know is named as reported: `reported` gives those names, else they are looked up)."""
    if by in ("place", "admin1", "admin2", "actor", "event_type", "sub_event_type"):
        known = names_mod.of(cur)
        if reported is None:
            reported = reported_names(cur, keys) if by == "place" else {}
        return {k: known.label(by, k, lang, reported.get(k, "")) or "(unknown)" for k in keys}
    if by == "week":
        return {k: "{}-W{:02d}".format(*date.fromisoformat(k).isocalendar()[:2]) for k in keys}
    return {k: k for k in keys}


def reported_names(cur: duckdb.DuckDBPyConnection, places: list[str]) -> dict[str, str]:
    """The names reported for the place keys the gazetteer does not know (`name:…`). A scan of every
    incident, so none when every key is a P-code (on a lake also ~5 catalog round trips)."""
    unknown = [k for k in places if k.startswith("name:")]
    return dict(cur.execute("SELECT place_key, any_value(place_name) FROM effective WHERE list_contains(?, place_key) "
                            "GROUP BY 1", [unknown]).fetchall()) if unknown else {}


def summary(cur: duckdb.DuckDBPyConnection, f: Filter, by: SummaryBy, limit: int) -> list[tuple]:
    """(key, label, incidents, killed, wounded): most killed first; weeks, months and years are the
    latest `limit` periods in date order."""
    sql, params = grouped_sql(cur, f, [by])
    if by in PERIODS:
        rows = cur.execute(f"SELECT * FROM ({sql}) ORDER BY k0 DESC LIMIT ?", params + [limit]).fetchall()[::-1]
    else:
        rows = cur.execute(f"SELECT * FROM ({sql}) ORDER BY killed DESC, incidents DESC, k0 LIMIT ?",
                           params + [limit]).fetchall()
    labels = _labels(cur, by, [r[0] for r in rows])
    return [(k, labels.get(k, k), n, killed, wounded) for k, n, killed, wounded in rows]


def pivot(cur: duckdb.DuckDBPyConnection, f: Filter, rows: SummaryBy, cols: SummaryBy, limit_rows: int,
          limit_cols: int) -> list[tuple[str, str, str, str, int, int, int]]:
    """Cells of the top `limit_rows` × top `limit_cols` keys, in row then column order."""
    top_rows = summary(cur, f, rows, limit_rows)
    top_cols = summary(cur, f, cols, limit_cols)
    row_label = {r[0]: r[1] for r in top_rows}
    col_label = {c[0]: c[1] for c in top_cols}
    sql, params = grouped_sql(cur, f, [rows, cols])
    cells = cur.execute(f"SELECT * FROM ({sql}) WHERE list_contains(?, k0) AND list_contains(?, k1)",
                        params + [list(row_label), list(col_label)]).fetchall()
    rank_r = {k: n for n, k in enumerate(row_label)}
    rank_c = {k: n for n, k in enumerate(col_label)}
    return [(r, row_label[r], c, col_label[c], n, killed, wounded)
            for r, c, n, killed, wounded in sorted(cells, key=lambda x: (rank_r[x[0]], rank_c[x[1]]))]


def totals(cur: duckdb.DuckDBPyConnection, f: Filter) -> Totals:
    """Reports and their casualties, and the same de-duplicated (whichever `f.dedupe` says), in one
    pass over the reports (the de-duplicated figures are those of the rows that stand for a cluster)."""
    reports = where(cur, f.with_(dedupe=False))
    chosen = representatives(reports)
    row = cur.execute(f"""
        SELECT count(*), coalesce(sum(killed), 0), coalesce(sum(wounded), 0), count(*) FILTER (WHERE undated),
               count(*) FILTER (WHERE chosen), coalesce(sum(killed) FILTER (WHERE chosen), 0),
               coalesce(sum(wounded) FILTER (WHERE chosen), 0)
        FROM (SELECT i.killed, i.wounded, i.date IS NULL AS undated, {chosen.sql} AS chosen
              FROM effective i WHERE {reports.sql})""", chosen.params + reports.params).fetchall()[0]
    n, killed, wounded, undated, clusters, killed_dedup, wounded_dedup = (int(v) for v in row)
    return Totals(n, clusters, killed, wounded, killed_dedup, wounded_dedup, undated)


def facet_places(cur: duckdb.DuckDBPyConnection, f: Filter, limit: int) -> list[Facet]:
    """Governorates (level 0), each followed by its busiest places (level 1).

    Counted without the filter's own place constraint, so the other places stay choosable."""
    w = where(cur, f.with_(places=()))
    rows = cur.execute(f"""
        SELECT any_value(coalesce(i.admin1_pcode, i.admin1, '')) AS g, {place_key_sql(cur)} AS p, count(*) AS n
        FROM effective i WHERE {w.sql} GROUP BY p ORDER BY n DESC, p""", w.params).fetchall()
    govs: dict[str, list] = {}      # a place key lies in one governorate, so group by the key alone
    for g, p, n in rows:
        entry = govs.setdefault(g, [0, []])
        entry[0] += n
        if p != g:
            entry[1].append((p, n))
    ordered = sorted(govs.items(), key=lambda kv: (-kv[1][0], kv[0]))
    per_gov = max(3, (limit - len(ordered)) // max(1, len(ordered)))
    shown = [(g, n, children[:per_gov]) for g, (n, children) in ordered]
    govs_ar, govs_en = (_labels(cur, "admin1", [g for g, _, _ in shown], lang) for lang in ("ar", "en"))
    children_keys = [p for _, _, children in shown for p, _ in children]
    reported = reported_names(cur, children_keys)       # once for both languages
    places_ar, places_en = (_labels(cur, "place", children_keys, lang, reported) for lang in ("ar", "en"))
    out: list[Facet] = []
    for g, n, children in shown:
        out.append(Facet(key=g, label=govs_en[g], label_ar=govs_ar[g], count=n, level=0))
        out += [Facet(key=p, label=places_en[p], label_ar=places_ar[p], count=c, level=1) for p, c in children]
    return out[:limit]


def facet_actors(cur: duckdb.DuckDBPyConnection, f: Filter, limit: int) -> list[Facet]:
    """Actors by number of incidents (without the filter's own actor constraint); sub-actors level 1."""
    w = where(cur, f.with_(actors=(), require_actors=()))
    counts = cur.execute(f"""
        SELECT a, count(*) AS n FROM (SELECT unnest(i.actors) AS a FROM effective i WHERE {w.sql})
        GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?""", w.params + [limit]).fetchall()
    children = {i for (i,) in cur.execute("SELECT id FROM actors WHERE parent IS NOT NULL").fetchall()}
    known = names_mod.of(cur)
    return [Facet(key=k, label=known.actor(k, "en"), label_ar=known.actor(k, "ar"), count=n, level=int(k in children))
            for k, n in counts]


def facet_event_types(cur: duckdb.DuckDBPyConnection, f: Filter) -> list[Facet]:
    """Event types (level 0), each followed by its sub-types "type/sub" (level 1)."""
    w = where(cur, f.with_(event_types=()))
    rows = cur.execute(f"""
        SELECT i.event_type, i.sub_event_type, count(*) AS n FROM effective i WHERE {w.sql}
        GROUP BY ALL ORDER BY n DESC""", w.params).fetchall()
    known = names_mod.of(cur)

    def facet(key: str, n: int, level: int) -> Facet:
        return Facet(key=key, label=known.event_key(key, "en"), label_ar=known.event_key(key, "ar"), count=n,
                     level=level)
    types: dict[str, list] = {}
    for t, sub, n in rows:
        entry = types.setdefault(t, [0, []])
        entry[0] += n
        entry[1].append(facet(f"{t}/{sub}", n, 1))
    out: list[Facet] = []
    for t, (n, subs) in sorted(types.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.append(facet(t, n, 0))
        out.extend(subs)
    return out


def facet_reviews(cur: duckdb.DuckDBPyConnection, f: Filter) -> list[Facet]:
    """Reports per review status (rejected ones counted too: choosing them is how they are seen)."""
    w = where(cur, f.with_(review=(), include_rejected=True))
    counts = dict(cur.execute(f"SELECT i.review, count(*) FROM effective i WHERE {w.sql} GROUP BY 1",
                              w.params).fetchall())
    known = names_mod.name_table()
    return [Facet(key=s, label=known.get(("review", s), (s, s))[1], label_ar=known.get(("review", s), (s, s))[0],
                  count=counts.get(s, 0)) for s in get_args(ReviewStatus)]
