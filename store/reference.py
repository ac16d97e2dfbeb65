"""The places and actors tables: extract's gazetteer and actor lexicon, copied into the store.

They give filters and lists their names (Arabic and Latin), the admin hierarchy and coordinates,
and serve fuzzy lookup. They are reloaded whenever extract's data changes (a hash in `meta`).
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from extract.text import fold_text
from store import actor_bits
from store.db import meta_value, set_meta

if TYPE_CHECKING:  # pyarrow is imported where a table is built: browsing never needs it
    import pyarrow as pa

REGION = "region:"
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


@cache
def digest() -> int:
    """A hash of the data files the reference tables are built from and of the code building them:
    cheap to check on every open (building the tables takes over a second)."""
    from extract import DATA_DIR

    h = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("gazetteer.csv", "place_aliases.csv", "actors.csv"):
        h.update((DATA_DIR / name).read_bytes())
    return int.from_bytes(h.digest()[:7], "big")


def is_current(cur: duckdb.DuckDBPyConnection) -> bool:
    return meta_value(cur, "reference") == digest()


@cache
def reference() -> Reference:
    """extract's gazetteer and actor lexicon (loaded once per process)."""
    from extract.actors import actor_rows
    from extract.places import gazetteer_rows

    places = [{c: r.get(c) for c in PLACE_COLUMNS} | {"aliases_ar": list(r.get("aliases_ar") or [])}
              for r in gazetteer_rows()]
    places += _regions({p["pcode"]: p for p in places})
    actors = [{c: r.get(c) for c in ACTOR_COLUMNS} | {"aliases_ar": list(r.get("aliases_ar") or [])}
              for r in actor_rows()]
    return Reference(places, actors)


def _regions(by_code: dict[str, dict]) -> list[dict]:
    """Regions (الغوطة الشرقية, سهل الغاب) as places of their own, keyed `region:` + the name the
    extractor gives incidents placed there (it codes them to their governorate)."""
    from extract import DATA_DIR

    out = []
    with (DATA_DIR / "place_aliases.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            gov = by_code.get(r["target"]) if r["kind"] in ("region", "region-cue") else None
            if gov:
                out.append({c: None for c in PLACE_COLUMNS} | {
                    "pcode": REGION + r["name_ar"], "name_ar": r["name_ar"], "name_en": r["name_en"] or None,
                    "level": "region", "admin1_pcode": gov["pcode"], "admin1_ar": gov["name_ar"],
                    "lat": gov["lat"], "lon": gov["lon"], "aliases_ar": []})
    return out


def warm() -> None:
    """Load extract's data now, so the first write transaction does not (it holds the lock)."""
    reference()


def _table(rows: list[dict], columns: tuple[str, ...], names) -> pa.Table:
    import pyarrow as pa

    data = {c: [r[c] for r in rows] for c in columns}
    data["aliases_ar"] = [r["aliases_ar"] for r in rows]
    data["names_fold"] = [names(r) for r in rows]
    return pa.table(data)


def refresh(cur: duckdb.DuckDBPyConnection) -> None:
    """Reload places/actors when extract's data differs from what the store holds (inside the caller's
    transaction)."""
    if is_current(cur):
        return
    ref = reference()
    places = _table(ref.places, PLACE_COLUMNS,
                    lambda r: _names(r["name_ar"], r["aliases_ar"], r["name_en"]))
    actors = _table(ref.actors, ACTOR_COLUMNS,
                    lambda r: _names(r["name_ar"], r["aliases_ar"], r["name_en"], r["id"]))
    ranked = actor_bits.ranking(cur)
    for table, rows in (("places", places), ("actors", actors)):
        cur.execute(f"DELETE FROM {table}")
        cur.register("reference_rows", rows)
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM reference_rows")
        cur.unregister("reference_rows")
    if actor_bits.ranking(cur) != ranked:      # an actor added or gone moves the bits of those after it
        for table in ("incidents", "corrected_rows"):
            actor_bits.recompute(cur, table)
    # stores written before the gazetteer gave subdistricts had none on their incidents
    cur.execute("UPDATE incidents SET admin3_pcode = p.admin3_pcode FROM places p "
                "WHERE p.pcode = incidents.place_pcode AND incidents.admin3_pcode IS NULL AND p.admin3_pcode IS NOT NULL")
    set_meta(cur, "reference", digest())
