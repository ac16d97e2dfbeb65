"""The places and actors tables: extract's gazetteer and actor lexicon, copied into the store.

They give filters and lists their names (Arabic and Latin), the admin hierarchy and coordinates,
and serve fuzzy lookup. They are reloaded whenever extract's data changes (a hash in `meta`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

import duckdb

from extract.text import fold_text

if TYPE_CHECKING:  # pyarrow is imported where a table is built: browsing never needs it
    import pyarrow as pa

PLACE_COLUMNS = ("pcode", "name_ar", "name_en", "level", "admin1_pcode", "admin1_ar", "admin2_pcode",
                 "admin2_ar", "admin3_pcode", "lat", "lon")
ACTOR_COLUMNS = ("id", "parent", "kind", "name_en", "name_ar")


def fold_name(name: str) -> str:
    return fold_text(name).strip().lower()


def _names(*groups) -> list[str]:
    out: list[str] = []
    for g in groups:
        for n in ([g] if isinstance(g, str) else (g or ())):
            folded = fold_name(n) if n else ""
            if folded and folded not in out:
                out.append(folded)
    return out


@dataclass
class Reference:
    places: list[dict]
    actors: list[dict]

    @cached_property
    def digest(self) -> int:
        blob = json.dumps([self.places, self.actors], ensure_ascii=False, sort_keys=True, default=str)
        return int.from_bytes(hashlib.sha256(blob.encode()).digest()[:7], "big")


@cache
def reference() -> Reference:
    """extract's gazetteer and actor lexicon (loaded once per process)."""
    from extract.actors import actor_rows
    from extract.places import gazetteer_rows

    places = [{c: r.get(c) for c in PLACE_COLUMNS} | {"aliases_ar": list(r.get("aliases_ar") or [])}
              for r in gazetteer_rows()]
    actors = [{c: r.get(c) for c in ACTOR_COLUMNS} | {"aliases_ar": list(r.get("aliases_ar") or [])}
              for r in actor_rows()]
    return Reference(places, actors)


def warm() -> None:
    """Load extract's data and its digest now, so the first write transaction does not (it holds the lock)."""
    reference().digest  # noqa: B018 (cached_property: computing it is the point)


def _table(rows: list[dict], columns: tuple[str, ...], names) -> pa.Table:
    import pyarrow as pa

    data = {c: [r[c] for r in rows] for c in columns}
    data["aliases_ar"] = [r["aliases_ar"] for r in rows]
    data["names_fold"] = [names(r) for r in rows]
    return pa.table(data)


def refresh(cur: duckdb.DuckDBPyConnection) -> None:
    """Reload places/actors when extract's data differs from what the store holds (inside the caller's
    transaction)."""
    ref = reference()
    held = cur.execute("SELECT value FROM meta WHERE key = 'reference'").fetchall()
    if held and held[0][0] == ref.digest:
        return
    places = _table(ref.places, PLACE_COLUMNS,
                    lambda r: _names(r["name_ar"], r["aliases_ar"], r["name_en"]))
    actors = _table(ref.actors, ACTOR_COLUMNS,
                    lambda r: _names(r["name_ar"], r["aliases_ar"], r["name_en"], r["id"]))
    for table, rows in (("places", places), ("actors", actors)):
        cur.execute(f"DELETE FROM {table}")
        cur.register("reference_rows", rows)
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM reference_rows")
        cur.unregister("reference_rows")
    # stores written before the gazetteer gave subdistricts had none on their incidents
    cur.execute("UPDATE incidents SET admin3_pcode = p.admin3_pcode FROM places p "
                "WHERE p.pcode = incidents.place_pcode AND incidents.admin3_pcode IS NULL AND p.admin3_pcode IS NOT NULL")
    cur.execute("DELETE FROM meta WHERE key = 'reference'")
    cur.execute("INSERT INTO meta VALUES ('reference', ?)", [ref.digest])
