"""m — the current filter's incidents on a map of Syria.

One mark per place, a glyph and colour per event type (the legend), sized by incidents or killed
(s switches); the gazetteer's communities are the faint backdrop and governorate names are
shaped like all Arabic. The cursor moves from place to place (arrows, hjkl) and Enter filters the
timeline to the place; + zooms to the cursor's governorate (or the palette to any), - zooms out.
The points come from the store and the map is drawn in one exclusive thread worker, again after
every change of filter, size, zoom or mark size.
"""
from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from store.model import Filter, Governorate, MapPoint
from tui import mapdraw, rtl
from tui.screens.main import breadcrumb
from tui.widgets.arabic import FieldsLine
from tui.widgets.footer import KeyFooter
from tui.widgets.map_canvas import MapCanvas
from tui.workers import ReportWorkerErrors

LEGEND_NAMES = {"violence-against-civilians": "vs civilians", "strategic-developments": "strategic"}


class MapCommands(Provider):
    """The palette on the map: zoom to a governorate (by English or Arabic name), or out."""

    def _hits(self) -> list[tuple[str, object]]:
        screen = self.screen
        if not isinstance(screen, MapScreen):
            return []
        hits: list[tuple[str, object]] = [("map: zoom out to all of Syria", partial(screen.zoom_to, None))]
        for gov in screen.governorates:
            hits.append((f"map: zoom to {gov.name_en} {gov.name_ar}", partial(screen.zoom_to, gov.pcode)))
        return hits

    async def discover(self) -> Hits:
        for text, action in self._hits():
            yield DiscoveryHit(text, action)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._hits():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action)  # type: ignore[arg-type]


def legend(drawing: mapdraw.Drawing | None, size_by: str, unplaced: int, zoom: Governorate | None) -> Text:
    """Glyph and colour per event type with the places of that type shown, the size key, the backdrop."""
    out = Text(no_wrap=True, overflow="ellipsis")
    shown = drawing.shown if drawing else ()
    for kind, (glyph, colour) in [*mapdraw.KINDS.items(), ("other", mapdraw.OTHER)]:
        n = sum(1 for p in shown if mapdraw.kind_of(p.event_type) == (glyph, colour))
        out.append(f"{glyph} ", style=colour)
        out.append(f"{LEGEND_NAMES.get(kind, kind):<13}{n:>4}\n", style="" if n else "dim")
    out.append(f"\nsize: {size_by} (s)\n", style="bold")
    out.append("⠂ ", style="dim")
    out.append("a community\n")
    if zoom is not None:
        out.append("zoom: ", style="dim")
        out.append(rtl.visual(zoom.name_ar) + " (-)\n", style="bold")
    if unplaced:
        out.append(f"{unplaced:,} without coordinates\n", style="dim")
    return out


def place_line(p: MapPoint | None, govs: dict[str, Governorate]) -> list[tuple[str, str]]:
    if p is None:
        return [("no place with coordinates matches these filters", "dim")]
    gov = govs.get(p.admin1 or "")
    glyph, _ = mapdraw.kind_of(p.event_type)
    parts = [(f"{glyph} ", ""), (p.name, "bold")]
    if gov is not None and gov.name_ar != p.name:
        parts += [(" · ", "dim"), (gov.name_ar, "")]
    parts.append((f"  {p.incidents:,} incidents · {p.killed:,} killed · mostly {p.event_type}  (Enter: filter)", ""))
    return parts


class MapScreen(ReportWorkerErrors, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "back", id="mapscreen.back"),
        Binding("plus,equals_sign", "zoom_in", "zoom to governorate", id="mapscreen.zoom_in"),
        Binding("minus", "zoom_out", "zoom out", id="mapscreen.zoom_out"),
        Binding("s", "size_by", "size by incidents/killed", id="mapscreen.size_by"),
    ]
    COMMANDS = Screen.COMMANDS | {MapCommands}

    class Drawn(Message):
        def __init__(self, generation: int, drawing: mapdraw.Drawing, unplaced: int, governorates: list[Governorate]) -> None:
            super().__init__()
            self.generation, self.drawing, self.unplaced, self.governorates = generation, drawing, unplaced, governorates

    def __init__(self, f: Filter) -> None:
        super().__init__()
        self.filter = f
        self.size_by: mapdraw.SizeBy = "incidents"
        self.zoom: str | None = None
        self.governorates: list[Governorate] = []
        self.unplaced = 0
        self._generation = 0
        self.drawn_generation = 0       # the generation the canvas shows (tests and benchmarks wait on it)

    def compose(self) -> ComposeResult:
        yield FieldsLine([("map  (drawing…)", "bold")], id="map-title")
        yield FieldsLine(breadcrumb(self.filter, self.app.naming, clear_hint=False), id="map-crumb")
        with Horizontal(id="map-body"):
            yield MapCanvas(id="map")
            yield Static(id="map-legend")
        yield FieldsLine(id="map-place")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.canvas.focus()
        self.watch(self.canvas, "cursor", lambda _: self.show_place(), init=False)

    def on_map_canvas_resized(self) -> None:
        self.redraw()

    def on_screen_resume(self) -> None:
        main = self.app.main  # type: ignore[attr-defined]
        if main.filter != self.filter:
            self.show_filter(main.filter)

    def show_filter(self, f: Filter) -> None:
        self.filter = f
        self.query_one("#map-crumb", FieldsLine).update(breadcrumb(f, self.app.naming, clear_hint=False))
        self.redraw()

    @property
    def canvas(self) -> MapCanvas:
        return self.query_one(MapCanvas)

    def redraw(self) -> None:
        self._generation += 1
        size = self.canvas.size
        if size.width and size.height:
            self._draw(self._generation, self.filter, self.size_by, self.zoom, size.width, size.height)

    @work(thread=True, exclusive=True, group="map", exit_on_error=False)
    def _draw(self, generation: int, f: Filter, size_by: mapdraw.SizeBy, zoom: str | None, cols: int, rows: int) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        points, unplaced = store.map_points(f)
        govs = store.governorates()
        gov = next((g for g in govs if g.pcode == zoom), None)
        bounds = mapdraw.zoom_bounds(gov) if gov else mapdraw.SYRIA
        drawing = mapdraw.draw(points, store.communities(), govs, cols, rows, size_by, bounds)
        self.post_message(self.Drawn(generation, drawing, unplaced, govs))

    def on_map_screen_drawn(self, message: Drawn) -> None:
        if message.generation != self._generation:
            return
        self.governorates, self.unplaced = message.governorates, message.unplaced
        self.drawn_generation = message.generation
        d = message.drawing
        self.canvas.show(d)
        incidents = sum(p.incidents for p in d.shown)
        killed = sum(p.killed for p in d.shown)
        self.query_one("#map-title", FieldsLine).update(
            [(f"map · {len(d.shown):,} places · {incidents:,} incidents · {killed:,} killed", "bold"),
             ("  ←↑↓→/hjkl move · Enter filter · +/- zoom · s size", "dim")])
        self.query_one("#map-legend", Static).update(legend(d, self.size_by, self.unplaced, self.zoomed))
        self.show_place()

    @property
    def zoomed(self) -> Governorate | None:
        return next((g for g in self.governorates if g.pcode == self.zoom), None)

    @property
    def current(self) -> MapPoint | None:
        d, key = self.canvas.drawing, self.canvas.cursor
        return next((p for p in d.shown if p.key == key), None) if d and key else None

    def show_place(self) -> None:
        govs = {g.pcode: g for g in self.governorates}
        self.query_one("#map-place", FieldsLine).update(place_line(self.current, govs))

    # -- actions ----------------------------------------------------------------------------
    def on_map_canvas_chosen(self, message: MapCanvas.Chosen) -> None:
        p = self.current
        if p is None:
            return
        main = self.app.main  # type: ignore[attr-defined]
        main.naming.seen.setdefault(p.key, (p.name, p.name))   # a place the store may not name
        while self.app.screen is not main:
            self.app.pop_screen()
        main.apply(places=(p.key,))

    def zoom_to(self, pcode: str | None) -> None:
        self.zoom = pcode
        self.redraw()

    def action_zoom_in(self) -> None:
        p = self.current
        if p is not None and p.admin1:
            self.zoom_to(p.admin1)

    def action_zoom_out(self) -> None:
        self.zoom_to(None)

    def action_size_by(self) -> None:
        self.size_by = "killed" if self.size_by == "incidents" else "incidents"
        self.redraw()
