"""Totals, casualty summaries, pivots and facets — by reports or by de-duplicated clusters.

With `Filter.dedupe` the matching reports are first collapsed per cluster (one real-world
incident): a cluster counts once per key, with the highest killed/wounded among its reports
carrying that key (the reports of one cluster share place and event type, so this only matters
for actors, which reports may name differently, and for weeks/months, as dates may differ by a day).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from store.model import Facet, Filter, SummaryBy, Totals
from store.query import where

PERIODS = ("week", "month")


@dataclass(frozen=True)
class Dim:
    """How to group by one dimension: `key`/`label` per incident row (`label` None: made from the key
    after grouping); `key_out`/`label_out` format the grouped k{n}/l{n} (grouping by a DATE or a short
    code is much cheaper than by a formatted string per row)."""
    key: str
    label: str | None
    key_out: str = "k{n}"
    label_out: str = "l{n}"


DIMS: dict[str, Dim] = {
    "place": Dim("i.place_key", "i.place_name"),
    "admin1": Dim("coalesce(i.admin1_pcode, i.admin1, '')", "coalesce(i.admin1, '(unknown)')"),
    "admin2": Dim("coalesce(i.admin2_pcode, i.admin2, '')", "coalesce(i.admin2, '(unknown)')"),
    "actor": Dim("unnest(i.actors)", None, label_out="coalesce((SELECT name_en FROM actors WHERE id = k{n}), k{n})"),
    "event_type": Dim("i.event_type", None, label_out="k{n}"),
    "sub_event_type": Dim("i.event_type || '/' || i.sub_event_type", None, label_out="k{n}"),
    "week": Dim("date_trunc('week', i.date)::DATE", None, "strftime(k{n}, '%Y-%m-%d')",
                "isoyear(k{n}) || '-W' || lpad(week(k{n})::VARCHAR, 2, '0')"),
    "month": Dim("date_trunc('month', i.date)::DATE", None, "strftime(k{n}, '%Y-%m')", "strftime(k{n}, '%Y-%m')"),
}


def _check(dims: list[str]) -> None:
    for d in dims:
        if d not in DIMS:
            raise ValueError(f"cannot summarise by {d!r}; choose one of {', '.join(DIMS)}")
    if dims.count("actor") > 1:
        raise ValueError("cannot cross actors with actors")


def grouped_sql(cur: duckdb.DuckDBPyConnection, f: Filter, dims: list[str]) -> tuple[str, list]:
    """SELECT k0.., l0.., incidents, killed, wounded grouped by the dimensions (no order, no limit)."""
    _check(dims)
    w = where(cur, f)
    spec = [DIMS[d] for d in dims]
    ks = ", ".join(f"k{n}" for n in range(len(dims)))
    labelled = [n for n, d in enumerate(spec) if d.label]
    inner_cols = [f"{d.key} AS k{n}" for n, d in enumerate(spec)] + [f"{spec[n].label} AS l{n}" for n in labelled]
    carry = "".join(f", any_value(l{n}) AS l{n}" for n in labelled)
    conds = [w.sql] + (["i.date IS NOT NULL"] if any(d in PERIODS for d in dims) else [])
    inner = (f"SELECT i.cluster_seq, i.clustered, i.killed, i.wounded, {', '.join(inner_cols)} FROM incidents i "
             f"WHERE {' AND '.join(conds)}")
    params = w.params
    if f.dedupe:    # only reports of multi-report clusters need collapsing
        plain = "".join(f", l{n}" for n in labelled)
        inner = (f"SELECT {ks}{plain}, killed, wounded FROM ({inner}) WHERE NOT clustered UNION ALL "
                 f"SELECT {ks}{carry}, max(killed), max(wounded) FROM ({inner}) WHERE clustered "
                 f"GROUP BY cluster_seq, {ks}")
        params = params * 2
    grouped = (f"SELECT {ks}{carry}, count(*) AS incidents, coalesce(sum(killed), 0)::BIGINT AS killed, "
               f"coalesce(sum(wounded), 0)::BIGINT AS wounded FROM ({inner}) GROUP BY {ks}")
    outs = ", ".join(f"{d.key_out.format(n=n)} AS k{n}, {d.label_out.format(n=n)} AS l{n}" for n, d in enumerate(spec))
    return f"SELECT {outs}, incidents, killed, wounded FROM ({grouped})", params


def summary(cur: duckdb.DuckDBPyConnection, f: Filter, by: SummaryBy, limit: int) -> list[tuple]:
    """(key, label, incidents, killed, wounded): most killed first; weeks and months are the latest
    `limit` periods in date order."""
    sql, params = grouped_sql(cur, f, [by])
    if by in PERIODS:
        rows = cur.execute(f"SELECT * FROM ({sql}) ORDER BY k0 DESC LIMIT ?", params + [limit]).fetchall()
        return rows[::-1]
    return cur.execute(f"SELECT * FROM ({sql}) ORDER BY killed DESC, incidents DESC, k0 LIMIT ?",
                       params + [limit]).fetchall()


def pivot(cur: duckdb.DuckDBPyConnection, f: Filter, rows: SummaryBy, cols: SummaryBy, limit_rows: int,
          limit_cols: int) -> list[tuple[str, str, str, str, int, int, int]]:
    """Cells of the top `limit_rows` × top `limit_cols` keys, in row then column order."""
    row_keys = [r[0] for r in summary(cur, f, rows, limit_rows)]
    col_keys = [r[0] for r in summary(cur, f, cols, limit_cols)]
    sql, params = grouped_sql(cur, f, [rows, cols])
    cells = cur.execute(f"SELECT k0, l0, k1, l1, incidents, killed, wounded FROM ({sql}) "
                        f"WHERE list_contains(?, k0) AND list_contains(?, k1)", params + [row_keys, col_keys]).fetchall()
    rank_r = {k: n for n, k in enumerate(row_keys)}
    rank_c = {k: n for n, k in enumerate(col_keys)}
    return sorted(cells, key=lambda c: (rank_r[c[0]], rank_c[c[2]]))


def totals(cur: duckdb.DuckDBPyConnection, f: Filter) -> Totals:
    w = where(cur, f)
    r = cur.execute(f"""
        SELECT coalesce(sum(n), 0), coalesce(sum(c), 0), coalesce(sum(sk), 0), coalesce(sum(sw), 0),
               coalesce(sum(mk), 0), coalesce(sum(mw), 0) FROM (
            SELECT count(*) n, count(*) c, sum(killed) sk, sum(wounded) sw, sum(killed) mk, sum(wounded) mw
            FROM incidents i WHERE {w.sql} AND NOT i.clustered
            UNION ALL
            SELECT sum(n), count(*), sum(sk), sum(sw), sum(mk), sum(mw)
            FROM (SELECT count(*) n, sum(killed) sk, sum(wounded) sw, max(killed) mk, max(wounded) mw
                  FROM incidents i WHERE {w.sql} AND i.clustered GROUP BY i.cluster_seq))""",
                    w.params * 2).fetchall()[0]
    return Totals(*(int(v) for v in r))


def _count_expr(f: Filter) -> str:
    return "count(DISTINCT i.cluster_seq)" if f.dedupe else "count(*)"


def facet_places(cur: duckdb.DuckDBPyConnection, f: Filter, limit: int) -> list[Facet]:
    """Governorates (level 0), each followed by its busiest places (level 1).

    Counted without the filter's own place constraint, so the other places stay choosable."""
    w = where(cur, f.with_(places=()))
    rows = cur.execute(f"""
        SELECT coalesce(i.admin1_pcode, i.admin1, '') AS g, any_value(coalesce(i.admin1, '')),
               i.place_key AS p, any_value(i.place_name), {_count_expr(f)} AS n
        FROM incidents i WHERE {w.sql} GROUP BY g, p ORDER BY n DESC, p""", w.params).fetchall()
    govs: dict[str, list] = {}
    for g, g_label, p, p_label, n in rows:
        entry = govs.setdefault(g, [g_label, 0, []])
        entry[1] += n
        if p != g:
            entry[2].append(Facet(key=p, label=p_label, label_ar=p_label, count=n, level=1))
    ordered = sorted(govs.items(), key=lambda kv: (-kv[1][1], kv[0]))
    per_gov = max(3, (limit - len(ordered)) // max(1, len(ordered)))
    out: list[Facet] = []
    for g, (label, n, children) in ordered:
        out.append(Facet(key=g, label=label, label_ar=label, count=n, level=0))
        out.extend(children[:per_gov])
    return out[:limit]


def facet_actors(cur: duckdb.DuckDBPyConnection, f: Filter, limit: int) -> list[Facet]:
    """Actors by number of incidents (without the filter's own actor constraint)."""
    w = where(cur, f.with_(actors=(), require_actors=()))
    rows = cur.execute(f"""
        SELECT a.actor_id, any_value(coalesce(ac.name_en, a.actor_id)), any_value(coalesce(ac.name_ar, '')),
               any_value(ac.parent IS NOT NULL), {_count_expr(f)} AS n
        FROM incidents i JOIN incident_actors a ON a.seq = i.seq LEFT JOIN actors ac ON ac.id = a.actor_id
        WHERE {w.sql} GROUP BY a.actor_id ORDER BY n DESC, a.actor_id LIMIT ?""", w.params + [limit]).fetchall()
    return [Facet(key=k, label=l, label_ar=la, count=n, level=int(bool(child))) for k, l, la, child, n in rows]


def facet_event_types(cur: duckdb.DuckDBPyConnection, f: Filter) -> list[Facet]:
    """Event types (level 0), each followed by its sub-types "type/sub" (level 1)."""
    w = where(cur, f.with_(event_types=()))
    rows = cur.execute(f"""
        SELECT i.event_type, i.sub_event_type, {_count_expr(f)} AS n FROM incidents i WHERE {w.sql}
        GROUP BY ALL ORDER BY n DESC""", w.params).fetchall()
    types: dict[str, list] = {}
    for t, sub, n in rows:
        entry = types.setdefault(t, [0, []])
        entry[0] += n
        entry[1].append(Facet(key=f"{t}/{sub}", label=sub, label_ar=sub, count=n, level=1))
    out: list[Facet] = []
    for t, (n, subs) in sorted(types.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.append(Facet(key=t, label=t, label_ar=t, count=n, level=0))
        out.extend(subs)
    return out
