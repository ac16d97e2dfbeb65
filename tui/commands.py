"""Command palette (ctrl+p): jump to a town or armed group by Arabic or Latin name, export the filter.

Name lookups are fuzzy in the store (`find_places` / `find_actors`) and run in a thread so typing
never waits on DuckDB.
"""
from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from store.model import Facet, admin_level
from store.reference import REGION
from tui import rtl
from tui.screens.dialogs import EXPORT_FORMATS

LOOKUP_LIMIT = 8
SCREENS = (("open the map of the current filter", "map", "m · on the map, the palette zooms to a governorate"),
           ("open the victims register of the current filter", "victims", "V · named people, by hometown"))


def place_kind(pcode: str) -> str:
    """What a place key names: a region (الغوطة الشرقية), an OCHA admin level, or a community (the
    neighbourhoods filed under them are C-codes too)."""
    if pcode.startswith(REGION):
        return "region"
    return admin_level(pcode) or "town or village"


def hit_text(kind: str, facet: Facet) -> Text:
    """Each name is its own field (reordered alone), spaces between them stay where they are."""
    names = dict.fromkeys(n for n in (facet.label_ar, facet.label) if n)
    parts: list[tuple[str, str]] = [(f"{kind}: ", "dim")]
    for name in names:
        parts += [(name, "bold"), ("  ", "")]
    return rtl.fields(parts + [(facet.key, "dim")], 200)


class RasdCommands(Provider):
    """Places, groups and exports for the palette."""

    @property
    def _main(self):
        from tui.screens.main import MainScreen

        return next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)

    def _jump(self, field: str, facet: Facet) -> None:
        main = self._main
        if main is None:
            return
        self.app.naming.remember([facet])  # type: ignore[attr-defined]
        while self.app.screen is not main:
            self.app.pop_screen()
        current = getattr(main.filter, field)
        if facet.key not in current:
            main.apply(**{field: current + (facet.key,)})

    def _export(self, fmt: str) -> None:
        main = self._main
        if main is not None:
            self.app.export(main.filter, fmt)  # type: ignore[attr-defined]

    def _open(self, action: str) -> None:
        main = self._main
        if main is not None:
            while self.app.screen is not main:
                self.app.pop_screen()
            getattr(main, f"action_{action}")()

    async def discover(self) -> Hits:
        for label, action, why in SCREENS:
            yield DiscoveryHit(label, partial(self._open, action), help=why)
        for fmt in EXPORT_FORMATS:
            yield DiscoveryHit(f"export the current filter as {fmt}", partial(self._export, fmt),
                               help="asks for the file to write")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, why in SCREENS:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._open, action), help=why)
        for fmt in EXPORT_FORMATS:
            label = f"export the current filter as {fmt}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._export, fmt), help="asks for the file to write")
        if len(query.strip()) < 2:
            return
        store = self.app.store  # type: ignore[attr-defined]
        places, groups = await asyncio.gather(
            asyncio.to_thread(store.find_places, query, LOOKUP_LIMIT),
            asyncio.to_thread(store.find_actors, query, LOOKUP_LIMIT),
        )
        for rank, facet in enumerate(places):
            yield Hit(0.9 - rank * 0.01, hit_text("place", facet), partial(self._jump, "places", facet),
                      text=f"place {facet.label} {facet.label_ar}",
                      help=f"{place_kind(facet.key)} · {facet.count:,} incidents · Enter filters the timeline to it")
        for rank, facet in enumerate(groups):
            yield Hit(0.8 - rank * 0.01, hit_text("group", facet), partial(self._jump, "actors", facet),
                      text=f"group {facet.label} {facet.label_ar}",
                      help=f"{facet.count:,} incidents · Enter filters the timeline to it")
