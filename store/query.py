"""Filter -> parameterised SQL, and the timeline: keyset pages, random-access pages, counts.

Values never enter SQL text: every constraint is a `?` placeholder with its value in `params`.
Pages go through a per-filter histogram of rows per day (cached by the Store until the data
changes): the days that hold rows N..N+limit (random access, `timeline_at`) or the next `limit`
rows after a cursor (keyset, `timeline`) are found by a running sum, and only those days are
filtered and sorted, so a page a million rows deep costs about the same as the first.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

import duckdb

from store import actor_bits
from store.model import Cursor, Filter, IncidentRow, TimelineOrder, admin_level
from store.reference import REGION
from store.search import matching, resolve_terms

NO_DATE = date(1, 1, 1)   # incidents.sort_day for undated incidents: last when newest first
ROW_COLUMNS = ("i.id, i.date, i.place_name, i.place_pcode, i.admin1, i.event_type, i.sub_event_type, "
               "i.actors, i.killed, i.wounded, i.cluster_id, i.review, i.corrected")
# the report that stands for its cluster under Filter.dedupe
REPRESENTATIVE = "first(i.seq ORDER BY i.killed DESC, i.wounded DESC, i.seq)"


@dataclass(frozen=True)
class Where:
    sql: str
    params: list


def _in(n: int) -> str:
    return "(" + ", ".join("?" * n) + ")"


def actor_ids_with_children(cur: duckdb.DuckDBPyConnection, actors: tuple[str, ...]) -> dict[str, int | None]:
    """An actor covers its sub-actors (hezbollah is under iran-backed-militias): id -> its bit's
    value (store/actor_bits.py), None for an id that has none."""
    rows = cur.execute(f"""
        WITH RECURSIVE sub(id) AS (SELECT unnest(?::VARCHAR[])
            UNION SELECT a.id FROM actors a JOIN sub ON a.parent = sub.id)
        SELECT sub.id, 1::BIGINT << r.bit FROM sub LEFT JOIN {actor_bits.RANKED} r ON r.id = sub.id""",
                       [list(actors)]).fetchall()
    found = dict(rows)
    return {a: found.get(a) for a in sorted(set(found) | set(actors))}


_ADMIN_COLUMN = {"governorate": "admin1_pcode", "district": "admin2_pcode", "subdistrict": "admin3_pcode"}


def place_column(code: str) -> str:
    """The incidents column a place code is matched against (with `place_value`): an OCHA admin
    code its level's (model.admin_level), a region the place name (the extractor codes incidents in
    a region to its governorate, under the region's name), anything else the place key."""
    if code.startswith(REGION):
        return "place_name"
    return _ADMIN_COLUMN.get(admin_level(code) or "", "place_key")


def place_value(code: str) -> str:
    return code.removeprefix(REGION)


def place_key_sql(cur: duckdb.DuckDBPyConnection) -> str:
    """The place an incident is listed and counted under: its place key, or its region's key when
    it is placed in a region (الغوطة الشرقية, not all of ريف دمشق)."""
    names = [r[0] for r in cur.execute("SELECT name_ar FROM places WHERE level = 'region'").fetchall()]
    if not names:
        return "i.place_key"
    listed = ", ".join("'" + n.replace("'", "''") + "'" for n in names)   # our own data, quoted
    return (f"CASE WHEN i.place_key = i.admin1_pcode AND i.place_name IN ({listed}) "
            f"THEN '{REGION}' || i.place_name ELSE i.place_key END")


def where(cur: duckdb.DuckDBPyConnection, f: Filter, window: tuple[date, date] | None = None) -> Where:
    """The WHERE clause (over `effective i`, see schema_v3.sql) for a filter; `window` (first, last sort_day) when the
    caller only wants those days (it narrows the search postings read)."""
    parts: list[str] = []
    params: list = []
    if f.undated:
        parts.append("i.date IS NULL")
    if f.date_from and not f.undated:
        parts.append("i.date >= ?")
        params.append(f.date_from)
    if f.date_to and not f.undated:
        parts.append("i.date <= ?")
        params.append(f.date_to)
    if f.min_killed:
        parts.append("i.killed >= ?")
        params.append(f.min_killed)
    if not f.counts_rejected:
        parts.append("i.review <> 'rejected'")
    if f.places:
        by_column: dict[str, list[str]] = {}
        for code in f.places:
            by_column.setdefault(place_column(code), []).append(code)
        parts.append("(" + " OR ".join(f"i.{col} IN {_in(len(codes))}" for col, codes in by_column.items()) + ")")
        params += [place_value(c) for codes in by_column.values() for c in codes]
    # the group's bits in one test; an actor without a bit by its list (one list_contains per id:
    # 4-6x faster than list_has_any at a million rows)
    for group in ([f.actors] if f.actors else []) + [(a,) for a in f.require_actors]:
        ids = actor_ids_with_children(cur, group)
        mask = sum(b for b in ids.values() if b)
        unbitted = [a for a, b in ids.items() if not b]
        parts.append("(" + " OR ".join((["(i.actor_bits & ?) <> 0"] if mask else [])
                                        + ["list_contains(i.actors, ?)"] * len(unbitted)) + ")")
        params += ([mask] if mask else []) + unbitted
    if f.event_types:
        alts = []
        for t in f.event_types:
            kind, _, sub = t.partition("/")
            alts.append("(i.event_type = ? AND i.sub_event_type = ?)" if sub else "i.event_type = ?")
            params += [kind, sub] if sub else [kind]
        parts.append("(" + " OR ".join(alts) + ")")
    if f.review:
        parts.append(f"i.review IN {_in(len(f.review))}")
        params += list(f.review)
    if f.text.strip():
        tids = resolve_terms(cur, f.text)
        if tids is None:
            parts.append("FALSE")
        elif tids:
            sql, p = matching(tids, window)
            parts.append(f"i.seq IN ({sql})")
            params += p
    if f.dedupe:   # the whole result, not the window: a cluster's reports may lie on either side of it
        chosen = representatives(where(cur, f.with_(dedupe=False)))
        parts.append(chosen.sql)
        params += chosen.params
    return Where(" AND ".join(parts) or "TRUE", params)


def representatives(reports: Where) -> Where:
    """A condition on a row of `reports`: it stands for its cluster (the report with the most killed),
    or is in none."""
    return Where(f"(NOT i.clustered OR i.seq IN (SELECT {REPRESENTATIVE} FROM effective i "
                 f"WHERE {reports.sql} AND i.clustered GROUP BY i.cluster_seq))", reports.params)


def to_row(r: tuple) -> IncidentRow:
    return IncidentRow(id=r[0], date=r[1], place_name=r[2], place_pcode=r[3], admin1=r[4], event_type=r[5],
                       sub_event_type=r[6], actors=tuple(r[7]), killed=r[8], wounded=r[9], cluster_id=r[10],
                       review=r[11], corrected=bool(r[12]))


def rows(cur: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[IncidentRow]:
    return [to_row(r) for r in cur.execute(sql, params).fetchall()]


def _order(newest_first: bool, by: TimelineOrder = "date") -> str:
    d = "DESC" if newest_first else "ASC"
    days = f"i.sort_day {d}, i.id {d}"
    return days if by == "date" else f"i.{by} DESC, {days}"


@dataclass(frozen=True)
class DayHistogram:
    """Rows per sort_day under one filter, oldest first, with running totals."""
    days: list[date]
    counts: list[int]
    before: list[int]     # rows on days strictly older than days[k]

    @property
    def total(self) -> int:
        return (self.before[-1] + self.counts[-1]) if self.days else 0

    def rows_newer_than(self, k: int) -> int:
        return self.total - self.before[k] - self.counts[k]


def day_histogram(cur: duckdb.DuckDBPyConnection, f: Filter) -> DayHistogram:
    pairs = _text_only_histogram(cur, f)
    if pairs is None:
        w = where(cur, f)
        pairs = cur.execute(f"SELECT i.sort_day, count(*) FROM effective i WHERE {w.sql} GROUP BY 1 ORDER BY 1",
                            w.params).fetchall()
    before, run = [], 0
    for _, n in pairs:
        before.append(run)
        run += n
    return DayHistogram([p[0] for p in pairs], [p[1] for p in pairs], before)


def _text_only_histogram(cur: duckdb.DuckDBPyConnection, f: Filter) -> list[tuple[date, int]] | None:
    """A search with at most a date range needs the postings alone (they carry sort_day)."""
    if not f.text.strip() or f.with_(text="", date_from=None, date_to=None, include_rejected=False) != Filter():
        return None
    tids = resolve_terms(cur, f.text)
    if not tids:
        return None if tids == [] else []
    sql, params = matching(tids, cols="sort_day, seq")
    conds = ["sort_day > ?"] if f.date_from or f.date_to else []      # dated incidents only
    params = params + ([NO_DATE] if conds else [])
    if not f.counts_rejected:
        conds.append("seq NOT IN (SELECT seq FROM incidents WHERE review = 'rejected')")
    if f.date_from:
        conds.append("sort_day >= ?")
        params.append(f.date_from)
    if f.date_to:
        conds.append("sort_day <= ?")
        params.append(f.date_to)
    return cur.execute(f"SELECT sort_day, count(*) FROM ({sql}) {'WHERE ' + ' AND '.join(conds) if conds else ''} "
                       "GROUP BY 1 ORDER BY 1", params).fetchall()


def timeline_at(cur: duckdb.DuckDBPyConnection, f: Filter, hist: DayHistogram, offset: int, limit: int,
                newest_first: bool, by: TimelineOrder = "date") -> list[IncidentRow]:
    """Rows [offset, offset+limit) of the timeline: sort only the days that hold them (by date), or
    the whole result by killed or wounded, most first (an outlier hunt, not a scroll through years)."""
    total = hist.total
    if limit <= 0 or offset >= total or offset < 0:
        return []
    if by != "date":
        w = where(cur, f)
        return rows(cur, f"SELECT {ROW_COLUMNS} FROM effective i WHERE {w.sql} ORDER BY {_order(newest_first, by)} "
                         "LIMIT ? OFFSET ?", w.params + [limit, offset])
    last = min(offset + limit, total) - 1
    # position p in the chosen order -> position in oldest-first order
    asc_first, asc_last = (total - 1 - last, total - 1 - offset) if newest_first else (offset, last)
    k0 = bisect_right(hist.before, asc_first) - 1
    k1 = bisect_right(hist.before, asc_last) - 1
    skip = (offset - hist.rows_newer_than(k1)) if newest_first else (offset - hist.before[k0])
    w = where(cur, f, (hist.days[k0], hist.days[k1]))
    sql = (f"SELECT {ROW_COLUMNS} FROM effective i WHERE {w.sql} AND i.sort_day BETWEEN ? AND ? "
           f"ORDER BY {_order(newest_first)} LIMIT ? OFFSET ?")
    return rows(cur, sql, w.params + [hist.days[k0], hist.days[k1], limit, skip])


def _window(hist: DayHistogram, limit: int, after: Cursor | None, newest_first: bool) -> tuple[int, int] | None:
    """Indexes (lo, hi) of the fewest consecutive days that hold the next `limit` rows after `after`
    (the cursor's own day is included whole, but its rows are not counted towards `limit`)."""
    days, n = hist.days, len(hist.days)
    cut = (after.date or NO_DATE) if after else None
    if newest_first:
        hi = n - 1 if cut is None else bisect_right(days, cut) - 1
        if hi < 0:
            return None
        top = hist.before[hi] + (0 if cut is not None and days[hi] == cut else hist.counts[hi])
        return max(0, bisect_right(hist.before, top - limit) - 1), hi
    lo = 0 if cut is None else bisect_left(days, cut)
    if lo >= n:
        return None
    bottom = hist.before[lo] + (hist.counts[lo] if cut is not None and days[lo] == cut else 0)
    return lo, max(lo, min(n, bisect_left(hist.before, bottom + limit)) - 1)


def timeline(cur: duckdb.DuckDBPyConnection, f: Filter, hist: DayHistogram, limit: int, after: Cursor | None,
             newest_first: bool) -> list[IncidentRow]:
    """Keyset page; the histogram narrows the scan to the days that can hold it."""
    win = _window(hist, limit, after, newest_first) if limit > 0 else None
    if win is None:
        return []
    w = where(cur, f, (hist.days[win[0]], hist.days[win[1]]))
    sql = f"SELECT {ROW_COLUMNS} FROM effective i WHERE {w.sql} AND i.sort_day BETWEEN ? AND ?"
    params = w.params + [hist.days[win[0]], hist.days[win[1]]]
    if after is not None:
        op = "<" if newest_first else ">"
        day = after.date or NO_DATE
        sql += f" AND (i.sort_day {op} ? OR (i.sort_day = ? AND i.id {op} ?))"
        params += [day, day, after.id]
    sql += f" ORDER BY {_order(newest_first)} LIMIT ?"
    return rows(cur, sql, params + [limit])


def position_of_date(hist: DayHistogram, day: date, newest_first: bool) -> int:
    """Index of the first row on `day` (or where such a row would be) in the chosen order."""
    def rows_from(k: int) -> int:
        return hist.before[k] if k < len(hist.days) else hist.total
    if newest_first:                       # rows on later days come first
        return hist.total - rows_from(bisect_right(hist.days, day))
    return rows_from(bisect_left(hist.days, day))
