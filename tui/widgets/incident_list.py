"""The timeline: ONE windowed list over the whole filter result (Textual Line API).

Only visible rows are rendered. Rows come from `Store.timeline_at` a page at a time, fetched in
thread workers and kept in a small LRU cache, so a million-row result scrolls like ten rows.
Rows of the same day are grouped: the date is printed once, on the first row of the day (in date
order; sorted by killed or wounded every row shows its date). Undated rows read "no date", never
a blank that would mean "same day as above". A ✎ marks a row a person corrected.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from store.model import Filter, IncidentRow, TimelineOrder
from tui import rtl
from tui.naming import Naming, place_cell
from tui.workers import ReportWorkerErrors

if TYPE_CHECKING:
    from store.api import Store

PAGE = 200
CACHE_PAGES = 64
REVIEW_MARK = {"verified": "✓", "rejected": "✗", "needs-check": "?", "unreviewed": " "}
CORRECTED_MARK = "✎"
NO_DATE = "no date"
MARK_STYLE = {"verified": Style(color="green", bold=True), "rejected": Style(color="red", bold=True),
              "needs-check": Style(color="yellow", bold=True)}


@dataclass(frozen=True)
class Columns:
    """Cell widths of one row; shared by the header and the list so they always line up."""
    mark: int
    date: int
    place: int
    kind: int
    actors: int
    killed: int
    wounded: int

    @classmethod
    def for_width(cls, width: int) -> "Columns":
        killed, wounded = (7, 8) if width >= 80 else (6, 5)   # 5 digits: an outlier must not shift the row
        rest = max(12, width - 2 - 11 - killed - wounded)
        place = max(6, rest * 3 // 10)
        kind = max(6, rest * 4 // 10)
        return cls(2, 11, place, kind, max(0, rest - place - kind), killed, wounded)  # mark: review, corrected


def kind_of(row: IncidentRow) -> str:
    sub = row.sub_event_type or ""
    if not sub or "/" in sub:
        return sub or row.event_type
    return f"{row.event_type}/{sub}"


def header_text(cols: Columns) -> str:
    return "".join([
        " " * cols.mark,
        "date".ljust(cols.date),
        "place".ljust(cols.place),
        "event type".ljust(cols.kind)[: cols.kind],
        "actors".ljust(cols.actors)[: cols.actors],
        ("killed" if cols.killed > 6 else "k").rjust(cols.killed),
        ("wounded" if cols.wounded > 7 else "w").rjust(cols.wounded),
    ])


class ColumnHeader(Widget):
    """The column titles above an IncidentList (kept in step through `Columns`)."""

    DEFAULT_CSS = "ColumnHeader { height: 1; }"

    def render_line(self, y: int) -> Strip:
        cols = Columns.for_width(self.size.width - 1)
        style = self.rich_style
        return Strip([Segment(header_text(cols), style)]).crop_extend(0, self.size.width, style)


class IncidentList(ReportWorkerErrors, ScrollView, can_focus=True):
    """Windowed incident rows. Call `show(store, filter, total, first_page)` after each filter change."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "up", show=False, id="list.up"),
        Binding("down,j", "cursor(1)", "down", show=False, id="list.down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="list.page_up"),
        Binding("pagedown,space", "page(1)", "page down", show=False, id="list.page_down"),
        Binding("home", "edge(0)", "first", show=False, id="list.first"),
        Binding("end", "edge(1)", "last", show=False, id="list.last"),
        Binding("enter", "open", "open", id="list.open"),
    ]
    COMPONENT_CLASSES = {"incident-list--cursor", "incident-list--day", "incident-list--pending"}
    DEFAULT_CSS = """
    IncidentList { height: 1fr; }
    IncidentList > .incident-list--cursor { background: $accent; color: $text; }
    IncidentList:blur > .incident-list--cursor { background: $panel-lighten-2; }
    IncidentList > .incident-list--day { text-style: bold; }
    IncidentList > .incident-list--pending { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Open(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, row: IncidentRow) -> None:
            super().__init__()
            self.row = row

    class PageLoaded(Message):
        def __init__(self, generation: int, page: int, rows: list[IncidentRow]) -> None:
            super().__init__()
            self.generation = generation
            self.page = page
            self.rows = rows

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.store: Store | None = None
        self.filter = Filter()
        self.newest_first = True
        self.order: TimelineOrder = "date"
        self.total = 0
        self._generation = 0
        self._pages: OrderedDict[int, list[IncidentRow]] = OrderedDict()
        self._pending: set[int] = set()

    # -- data -------------------------------------------------------------------------------
    def show(
        self, store: "Store", f: Filter, total: int, first_page: list[IncidentRow], newest_first: bool = True,
        keep_cursor: bool = False, by: TimelineOrder = "date",
    ) -> None:
        """A new result: forget cached pages, size the scroll area, paint page 0 straight away."""
        self.store, self.filter, self.total, self.newest_first, self.order = store, f, total, newest_first, by
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        if first_page or total == 0:
            self._pages[0] = first_page
        self.virtual_size = Size(self.size.width, total)
        if keep_cursor:
            self.cursor = min(self.cursor, max(0, total - 1))
        else:
            self.cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def row(self, index: int) -> IncidentRow | None:
        page, offset = divmod(index, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    @property
    def current(self) -> IncidentRow | None:
        return self.row(self.cursor) if self.total else None

    def _request(self, page: int) -> None:
        if page in self._pending or self.store is None or page * PAGE >= self.total:
            return
        self._pending.add(page)
        store, f, newest, by, generation = self.store, self.filter, self.newest_first, self.order, self._generation

        def fetch() -> None:
            rows = store.timeline_at(f, page * PAGE, PAGE, newest_first=newest, by=by)
            self.post_message(self.PageLoaded(generation, page, rows))

        self.run_worker(fetch, thread=True, group="pages", exit_on_error=False)

    def on_incident_list_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._pages[message.page] = message.rows
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        self.refresh()

    @property
    def loading_pages(self) -> bool:
        return bool(self._pending)

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self.total:
            if index == 0 and self.store is not None and not self._pending:
                pending = self.get_component_rich_style("incident-list--pending")
                return Strip([Segment("  no incidents match these filters", base + pending)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            pending = self.get_component_rich_style("incident-list--pending")
            return Strip([Segment("  …", base + pending)]).crop_extend(0, width, base)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("incident-list--cursor")
        prev = self.row(index - 1) if index and self.order == "date" else None
        segments = self._segments(row, Columns.for_width(width), new_day=prev is None or prev.date != row.date, style=style)
        return Strip(segments).crop_extend(0, width, style)

    def _segments(self, row: IncidentRow, cols: Columns, new_day: bool, style: Style) -> list[Segment]:
        day = self.get_component_rich_style("incident-list--day", partial=True)
        date = row.date.isoformat() if row.date else NO_DATE
        naming: Naming = self.app.naming  # type: ignore[attr-defined]
        actors = naming.actors(row) or "—"
        return [
            Segment(REVIEW_MARK.get(row.review, " "), style + MARK_STYLE.get(row.review, Style())),
            Segment((CORRECTED_MARK if row.corrected else " ").ljust(cols.mark - 1), style),
            Segment((date if new_day or row.date is None else "").ljust(cols.date), style + day),
            Segment(place_cell(naming.place(row), cols.place - 1, naming.lang) + " ", style),
            Segment(rtl.cell(naming.event(row), cols.kind - 1) + " ", style),
            Segment(rtl.cell(actors, cols.actors - 1) + " ", style),
            Segment(str(row.killed).rjust(cols.killed - 1) + " ", style),
            Segment(str(row.wounded).rjust(cols.wounded - 1), style),
        ]

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True, force=True)

    # -- keys and mouse ---------------------------------------------------------------------
    def move_to(self, index: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, index))
            self._scroll_cursor_into_view()

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self.move_to(self.cursor + direction * step)
        self.scroll_to(y=self.scroll_offset.y + direction * step, animate=False, immediate=True)

    def action_edge(self, end: int) -> None:
        self.move_to(self.total - 1 if end else 0)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Open(row))

    def on_click(self, event) -> None:
        self.move_to(self.scroll_offset.y + event.y)
        if event.chain >= 2:
            self.action_open()
