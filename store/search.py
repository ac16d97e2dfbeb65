"""Arabic full-text search over a term index built at ingest (DuckDB's fts extension is unavailable).

Both sides use extract.text.search_terms, so spelling variants (أ/ا/إ, ة/ه, ى/ي, harakat) and
proclitics (و ف ب ل ك ال …) meet in the same folded term. A query matches an incident when every
one of its terms is indexed for it; a quoted phrase is just its terms.

Index layout (schema.sql): term_dict(tid, term) and postings(tid, sort_day, seq), kept sorted by
(tid, sort_day) by `compact`, so DuckDB's zone maps confine a term lookup to the row groups that
hold it and a page of results to its days. (Tried first: one list of seqs per term, which reads
whole vectors of neighbouring lists — 6-9 ms per term already at 100k incidents.)
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import duckdb

from extract.text import search_terms

if TYPE_CHECKING:  # pyarrow is imported where a table is built: browsing never needs it
    import pyarrow as pa


def incident_terms(evidence: str, place_name: str, admin1: str | None, admin2: str | None) -> list[str]:
    """What an incident is findable by: its evidence and the names of its place and admin units."""
    return search_terms(" ".join(s for s in (evidence, place_name, admin1, admin2) if s))


def query_terms(text: str) -> list[str]:
    return search_terms(text.replace('"', " "))


# term ids looked up per cursor: a Store call is one cursor (one snapshot), and its histogram and page
# both need them (on a lake a term_dict scan costs ~5 catalog round trips; the cursor's entry goes with it)
_resolved: WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[str, list[int] | None]] = WeakKeyDictionary()


def resolve_terms(cur: duckdb.DuckDBPyConnection, text: str) -> list[int] | None:
    """Term ids of a query, or None when some term is not indexed at all (nothing can match)."""
    known = _resolved.setdefault(cur, {})
    if text not in known:
        known[text] = _lookup_terms(cur, text)
    return known[text]


def _lookup_terms(cur: duckdb.DuckDBPyConnection, text: str) -> list[int] | None:
    terms = query_terms(text)
    if not terms:
        return []
    found = dict(cur.execute("SELECT term, tid FROM term_dict WHERE list_contains(?, term)", [terms]).fetchall())
    if len(found) < len(set(terms)):
        return None
    return list(dict.fromkeys(found[t] for t in terms))


def matching(tids: list[int], window: tuple | None = None, cols: str = "seq") -> tuple[str, list]:
    """SELECT `cols` (seq, or sort_day and seq) of the incidents indexed under every term, optionally
    only on days window=(first, last). One scan of the postings of all the terms, grouped by incident:
    an incident has at most one posting per term, so it matches when it has one per term. (Nested
    semi-joins, one scan per term, cost a lake ~5 catalog round trips a term.)"""
    days = " AND sort_day BETWEEN ? AND ?" if window else ""
    params = [*tids, *(window or ())]
    if len(tids) == 1:
        return f"SELECT {cols} FROM postings WHERE tid = ?{days}", params
    return (f"SELECT {cols} FROM postings WHERE tid IN ({', '.join('?' * len(tids))}){days} "
            f"GROUP BY {cols} HAVING count(*) = {len(tids)}"), params


def postings_rows(cur: duckdb.DuckDBPyConnection, terms: list[tuple[str, int, object]]) -> pa.Table:
    """Postings rows for a batch of (term, seq, sort_day); unseen terms are added to term_dict."""
    import pyarrow as pa

    distinct = list(dict.fromkeys(t for t, _, _ in terms))
    cur.register("batch_terms", pa.table({"term": distinct}))
    tids = dict(cur.execute("SELECT d.term, d.tid FROM term_dict d JOIN batch_terms b USING (term)").fetchall())
    cur.unregister("batch_terms")
    new = [t for t in distinct if t not in tids]
    if new:
        top = cur.execute("SELECT coalesce(max(tid), 0) FROM term_dict").fetchall()[0][0]
        tids.update({t: top + n + 1 for n, t in enumerate(new)})
        cur.register("new_terms", pa.table({"tid": pa.array([tids[t] for t in new], pa.int32()), "term": new}))
        cur.execute("INSERT INTO term_dict BY NAME SELECT * FROM new_terms")
        cur.unregister("new_terms")
    return pa.table({"tid": pa.array([tids[t] for t, _, _ in terms], pa.int32()),
                     "sort_day": pa.array([d for _, _, d in terms], pa.date32()),
                     "seq": pa.array([s for _, s, _ in terms], pa.int64())})


def forget(cur: duckdb.DuckDBPyConnection, seqs: list[int]) -> None:
    """Drop incidents from the index (an article replaced by a new version)."""
    cur.execute("DELETE FROM postings WHERE list_contains(?, seq)", [seqs])


def compact(cur: duckdb.DuckDBPyConnection) -> None:
    """Rewrite postings sorted by (tid, sort_day, seq); run it inside a transaction
    (Backend.transaction), so readers see the old or the new index, never half of it."""
    cur.execute("CREATE TABLE postings_sorted (tid INTEGER NOT NULL, sort_day DATE NOT NULL, seq BIGINT NOT NULL)")
    cur.execute("INSERT INTO postings_sorted SELECT * FROM postings ORDER BY tid, sort_day, seq")
    cur.execute("DROP TABLE postings")
    cur.execute("ALTER TABLE postings_sorted RENAME TO postings")
    cur.execute("UPDATE meta SET value = (SELECT count(*) FROM postings) WHERE key = 'postings_compacted'")


def compact_if_needed(cur: duckdb.DuckDBPyConnection) -> None:
    """Compact (inside a transaction) once the unsorted tail outgrows a quarter of the sorted
    part, so the cost of rewriting stays proportional to what was added since."""
    total, done = cur.execute("SELECT (SELECT count(*) FROM postings), value FROM meta "
                              "WHERE key = 'postings_compacted'").fetchall()[0]
    if total - done > max(20_000, done // 4):
        compact(cur)
