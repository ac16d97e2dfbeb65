"""Names people read: actors, event types and places in Arabic (the default) or English.

Ids and slugs (`syria-regime-forces`, `explosions/air-drone-strike`, `C2338`) are for machines.
`Names` turns them into قوات النظام / Syrian regime forces, غارة جوية / Air/drone strike,
دوما / Duma. Event-type names and short actor names are kept in store/data/names.csv; other actors
take the lexicon's names, places the gazetteer's Arabic and OCHA English names.

Places that share an Arabic name (the governorate, district, subdistrict and city of إدلب; four
places called دوما) carry a tag: their kind, and their governorate (then district) when the kind
alone does not tell them apart: `إدلب · محافظة`, `دوما · بلدة · حماة`. TAG_SEP joins name and tag,
so a display can cut the tag before the name (see split_label).
"""
from __future__ import annotations

import csv
import os
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import duckdb

from store.db import meta_value
from store.reference import REGION

Lang = Literal["ar", "en"]
LANGS: tuple[Lang, ...] = ("ar", "en")
NAMES_FILE = Path(__file__).with_name("data") / "names.csv"
TAG_SEP = " · "
KIND = {"admin1": ("محافظة", "governorate"), "admin2": ("منطقة", "district"), "admin3": ("ناحية", "subdistrict"),
        "city": ("مدينة", "city"), "community": ("بلدة", "town"), "region": ("منطقة", "region")}
# words that say what kind of place follows; a label that must be cut moves them behind the name
GENERIC_AR = ("محافظة", "منطقة", "ناحية", "ريف", "بادية", "مدينة", "بلدة", "قرية")
GENERIC_EN = ("governorate", "district", "subdistrict", "countryside", "city", "town", "village")


def choose_lang(arg: str | None) -> Lang:
    """--lang wins, then $RASD_LANG, then Arabic; anything else is an error the CLI reports."""
    value = (arg or os.environ.get("RASD_LANG") or "ar").strip().lower()
    if value not in LANGS:
        raise ValueError(f"the language must be 'ar' or 'en', not {value!r} (--lang or RASD_LANG)")
    return value  # type: ignore[return-value]


@cache
def name_table() -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, key) -> (Arabic, English) from store/data/names.csv."""
    with NAMES_FILE.open(encoding="utf-8", newline="") as fh:
        return {(r["kind"], r["key"]): (r["name_ar"], r["name_en"]) for r in csv.DictReader(fh)}


def event_keys() -> list[str]:
    """Every event type and "type/sub-type" the store knows (for checking `--type`)."""
    return [key for kind, key in name_table() if kind == "event"]


def join(name: str, tag: str) -> str:
    return f"{name}{TAG_SEP}{tag}" if tag else name


def split_label(label: str, lang: Lang = "ar") -> tuple[str, str]:
    """(distinctive name, tag): the tag after TAG_SEP, and a leading generic word (محافظة درعا,
    ريف إدلب الشرقي) moved into the tag, so a cut keeps the distinctive part."""
    name, _, tag = label.partition(TAG_SEP)
    words = name.split(" ")
    generic = GENERIC_AR if lang == "ar" else GENERIC_EN
    if len(words) > 1 and words[0] in generic:
        name, tag = " ".join(words[1:]), TAG_SEP.join(t for t in (words[0], tag) if t)
    return name, tag


@dataclass(frozen=True)
class Names:
    actors: dict[str, tuple[str, str]]          # id -> (ar, en)
    events: dict[str, tuple[str, str]]          # "type" or "type/sub" -> (ar, en)
    places: dict[str, tuple[str, str, str, str]]  # place key -> (ar, en, tag ar, tag en)
    place_by_name: dict[str, str]               # Arabic name as stored -> its key (regions, governorates)

    def actor(self, key: str, lang: Lang) -> str:
        found = self.actors.get(key)
        return found[lang == "en"] if found else key

    def event(self, event_type: str, sub: str, lang: Lang) -> str:
        """The sub-type's name (what the incident was), or the type's when there is no sub-type."""
        found = self.events.get(f"{event_type}/{sub}" if sub else event_type) or self.events.get(event_type)
        return found[lang == "en"] if found else (f"{event_type}/{sub}" if sub else event_type)

    def event_key(self, key: str, lang: Lang) -> str:
        """A filter key: "battles" or "battles/armed-clash"."""
        found = self.events.get(key)
        return found[lang == "en"] if found else key

    def place(self, key: str, lang: Lang, fallback: str = "") -> str:
        """A place key's name with its tag when it shares its name ("إدلب · محافظة")."""
        found = self.places.get(key)
        if found is None:
            return fallback or key.removeprefix(REGION).removeprefix("name:")
        ar, en, tag_ar, tag_en = found
        return join(ar, tag_ar) if lang == "ar" else join(en or ar, tag_en)

    def label(self, by: str, key: str, lang: Lang, fallback: str = "") -> str:
        """The name of a key of a summary dimension (store.summary.DIMS)."""
        if by in ("place", "admin1", "admin2"):
            return self.place(key, lang, fallback)
        if by == "actor":
            return self.actor(key, lang)
        if by in ("event_type", "sub_event_type"):
            return self.event_key(key, lang)
        if by == "review":
            return name_table().get(("review", key), (key, key))[lang == "en"]
        return fallback or key

    def reported_place(self, name_ar: str, key: str | None, lang: Lang) -> str:
        """An incident's place as reported: the Arabic name, or in English the gazetteer's English
        name of the place it was coded to when the names agree (else the Arabic as reported)."""
        if lang == "ar":
            return name_ar
        for k in (key, self.place_by_name.get(name_ar)):
            found = self.places.get(k or "")
            if found and found[0] == name_ar and found[1]:
                return found[1]
        return name_ar


def _place_tags(rows: list[tuple]) -> dict[str, tuple[str, str]]:
    """Tags for places whose Arabic name others share: kind, then governorate, then district, as
    far as needed to tell them apart. Rows: pcode, name ar, name en, kind, governorate ar/en,
    district ar/en, the Arabic name folded (store.reference.fold_name)."""
    groups: dict[str, list[tuple]] = defaultdict(list)
    for r in rows:
        groups[r[8]].append(r)
    out: dict[str, tuple[str, str]] = {}
    for same in groups.values():
        if len(same) < 2:
            continue
        for r in same:
            pcode, kind = r[0], r[3]
            parts = [KIND[kind]]
            peers = [o for o in same if o[3] == kind and o is not r]
            if peers and kind != "admin1":
                parts.append((r[4] or "", r[5] or ""))
                if any(o[4] == r[4] for o in peers):
                    parts.append((r[6] or "", r[7] or ""))
            out[pcode] = (TAG_SEP.join(p[0] for p in parts if p[0]), TAG_SEP.join(p[1] for p in parts if p[1]))
    return out


_LOADED: dict[int, Names] = {}
_LOADING = threading.Lock()


def of(cur: duckdb.DuckDBPyConnection) -> Names:
    """The store's names, loaded once per version of its reference data (a second thread asking
    while they load waits for them)."""
    digest = meta_value(cur, "reference") or 0
    with _LOADING:
        if digest not in _LOADED:
            _LOADED[digest] = load(cur)
        return _LOADED[digest]


def load(cur: duckdb.DuckDBPyConnection) -> Names:
    """Every name from the store's reference tables and names.csv."""
    table = name_table()
    actors = {}
    for key, en, ar in cur.execute("SELECT id, name_en, coalesce(name_ar, id) FROM actors").fetchall():
        actors[key] = table.get(("actor", key), (ar, en))
    events = {key: names for (kind, key), names in table.items() if kind == "event"}
    rows = cur.execute("""
        SELECT p.pcode, p.name_ar, coalesce(p.name_en, ''), p.level, g.name_ar, coalesce(g.name_en, ''),
               d.name_ar, coalesce(d.name_en, ''), p.names_fold[1]
        FROM places p LEFT JOIN places g ON g.pcode = p.admin1_pcode AND g.level = 'admin1'
                      LEFT JOIN places d ON d.pcode = p.admin2_pcode AND d.level = 'admin2'""").fetchall()
    cities = _cities()
    rows = [(r[0], r[1], r[2], "city" if r[0] in cities else r[3], *r[4:]) for r in rows]
    tags = _place_tags(rows)
    places = {r[0]: (r[1], r[2], *tags.get(r[0], ("", ""))) for r in rows}
    by_name = {r[1]: r[0] for r in rows if r[3] in ("admin1", "region")}
    return Names(actors, events, places, by_name)


@cache
def _cities() -> frozenset[str]:
    """Communities the gazetteer gives a population (the cities; OCHA counts no villages)."""
    from extract import DATA_DIR

    with (DATA_DIR / "gazetteer.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)   # not DictReader: this runs on every launch, and is 4x faster
        header = next(rows)
        pcode, level, population = (header.index(c) for c in ("pcode", "level", "population"))
        return frozenset(r[pcode] for r in rows if r[level] == "community" and r[population])
