"""Armed groups as bits: every incident row carries `actor_bits`, one bit per actor of the store's
`actors` table, so a filter by group tests one BIGINT instead of searching each row's list.

Measured on the 1,000,000-incident store (day histogram of one group, median of 7, load 4–6):
list_contains 46–149 ms, the bit test 13–45 ms. The bit of an actor is its rank among the ids of
`actors` (ordered by id), for the first 63; an actor past them has none and is found by its list.
Every writer of `incidents` or `corrected_rows` keeps the column exact: ingest computes it
(`row_bits`), corrections and a changed actors table recompute it (`recompute`), schema_v4.sql
fills it once.
"""
from __future__ import annotations

import duckdb

BITS = 63      # a signed BIGINT's
RANKED = (f"(SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS bit FROM actors "
          f"QUALIFY bit < {BITS})")


def bits(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Actor id -> its bit's value (1 << rank), for the actors that have one."""
    return {a: 1 << b for b, a in enumerate(ranking(cur))}


def row_bits(actors: list[str], of: dict[str, int]) -> int:
    out = 0
    for a in actors:
        out |= of.get(a, 0)
    return out


def recompute(cur: duckdb.DuckDBPyConnection, table: str, where: str = "true", params: list | None = None) -> None:
    """Set `actor_bits` from `actors` for the rows of `table` matching `where`."""
    cur.execute(f"UPDATE {table} SET actor_bits = coalesce((SELECT bit_or(1::BIGINT << r.bit) FROM {RANKED} r "
                f"WHERE list_contains({table}.actors, r.id)), 0) WHERE {where}", params or [])


def ranking(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """The ids that have bits, in bit order: when they change, every row's bits must be recomputed."""
    return [r[0] for r in cur.execute(f"SELECT id FROM {RANKED} ORDER BY bit").fetchall()]
