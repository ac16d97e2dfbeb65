"""What the app calls things on screen, in the language the person chose (L switches).

The store names actors, event types and places (store.names); this keeps the language and the
names of facets the store has no table for (a place known only by the name it was reported
under), and fits a tagged place name into a cell by cutting its tag before its name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from store.model import Facet, IncidentRow
from store.names import Lang, Names, join, split_label
from tui import rtl

Align = Literal["auto", "left", "right"]
FilterKind = str   # "place", "actor" or "type": which Filter field a key belongs to


@dataclass
class Naming:
    lang: Lang = "ar"
    names: Names | None = None
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)   # key -> (ar, en) from facets and hits

    def remember(self, facets: list[Facet]) -> None:
        for f in facets:
            self.seen.setdefault(f.key, (f.label_ar or f.label, f.label or f.label_ar))

    def facet(self, f: Facet) -> str:
        return (f.label_ar or f.label) if self.lang == "ar" else (f.label or f.label_ar)

    def key(self, kind: FilterKind, key: str, fallback: str = "") -> str:
        """A filter key ("place", "actor" or "type") or summary key (store.summary.DIMS) as lists,
        tables and the breadcrumb show it; `fallback` names a place the store has no name for."""
        seen = self.seen.get(key)
        fallback = seen[self.lang == "en"] if seen else fallback
        if self.names is None:
            return fallback or key
        by = {"type": "event_type"}.get(kind, kind)
        return self.names.label(by, key, self.lang, fallback)

    def place(self, row: IncidentRow) -> str:
        if self.names is None:
            return row.place_name
        return self.names.reported_place(row.place_name, row.place_pcode, self.lang)

    def event(self, row: IncidentRow) -> str:
        if self.names is None:
            return f"{row.event_type}/{row.sub_event_type}" if row.sub_event_type else row.event_type
        return self.names.event(row.event_type, row.sub_event_type, self.lang)

    def actors(self, row: IncidentRow) -> str:
        if self.names is None:
            return ", ".join(row.actors)
        return "، ".join(self.names.actor(a, self.lang) for a in row.actors) if self.lang == "ar" else \
            ", ".join(self.names.actor(a, self.lang) for a in row.actors)


def place_cell(label: str, cells: int, lang: Lang, align: Align = "auto") -> str:
    """A place label in exactly `cells` cells. When it does not fit, its tag (and a leading generic
    word such as محافظة or ريف, moved behind the name) is cut, letter by letter, before the
    distinctive name is; a name that does not fit is cut as every cell is (rtl.cell)."""
    return _place_cell(label, cells, lang, align, rtl.get_mode())


@lru_cache(maxsize=4096)
def _place_cell(label: str, cells: int, lang: Lang, align: Align, mode: str) -> str:
    """place_cell, cached per bidi mode (a cell shaped for one mode is wrong in the other)."""
    if rtl.width(label) <= cells:
        return rtl.cell(label, cells, align)
    name, tag = split_label(label, lang)
    tagged = join(name, tag)
    if rtl.width(tagged) <= cells:
        return rtl.cell(tagged, cells, align)
    for end in range(len(tagged) - 1, len(name), -1):     # from the logical end: the tag goes first
        head = tagged[:end].rstrip(" ·")
        if head == name:
            break
        if rtl.width(head) + 1 <= cells:
            # the ellipsis goes where the text was cut: its logical end, the left of a right-to-left line
            right_to_left = rtl.has_arabic(head) if align == "auto" else align == "right"
            cut = rtl.ELLIPSIS + rtl.visual(head) if right_to_left else rtl.visual(head) + rtl.ELLIPSIS
            gap = " " * (cells - rtl.width(head) - 1)
            return gap + cut if right_to_left else cut + gap
    return rtl.cell(name, cells, align)      # the name itself is cut as every cell is
