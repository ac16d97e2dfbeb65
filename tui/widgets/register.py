"""The victims register list: ONE windowed view over all named people of a filter (Line API).

Like the timeline, only visible lines are rendered and people come from the store a page at a
time (`Store.victims_page`, in thread workers, kept in a small LRU cache). Grouped by hometown,
each group opens with a header line "hometown · n"; the line -> person mapping comes from the
group sizes, so a page deep in the list costs the same as the first.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate
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

from store.model import Filter, RegisterRow
from tui import rtl
from tui.widgets.incident_list import MARK_STYLE, REVIEW_MARK
from tui.workers import ReportWorkerErrors

if TYPE_CHECKING:
    from store.api import Store
    from tui.naming import Naming

PAGE = 200
CACHE_PAGES = 32
UNKNOWN = "hometown unknown"


@dataclass(frozen=True)
class Query:
    """What the register shows: the filter, a name search, the order, grouping by hometown."""
    filter: Filter
    name: str = ""
    order: str = "date"
    grouped: bool = False

    @property
    def store_order(self) -> str:
        return "group" if self.grouped else self.order


@dataclass(frozen=True)
class Columns:
    mark: int
    name: int
    outcome: int
    hometown: int
    date: int
    place: int
    side: int

    @classmethod
    def for_width(cls, width: int) -> "Columns":
        rest = max(20, width - 2 - 11 - 9)
        name = rest * 32 // 100
        hometown = rest * 22 // 100
        place = rest * 22 // 100
        return cls(2, name, 9, hometown, 11, place, max(0, rest - name - hometown - place))


def header_text(c: Columns) -> str:
    return "".join([" " * c.mark, "name".ljust(c.name), "outcome".ljust(c.outcome), "hometown".ljust(c.hometown),
                    "date".ljust(c.date), "place".ljust(c.place), "side".ljust(c.side)[: c.side]])


class RegisterHeader(Widget):
    DEFAULT_CSS = "RegisterHeader { height: 1; }"

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        text = header_text(Columns.for_width(self.size.width - 1))
        return Strip([Segment(text, style)]).crop_extend(0, self.size.width, style)


@dataclass(frozen=True)
class Groups:
    """Hometown groups as lines: group g's header is line starts[g], its people follow."""
    names: tuple[str | None, ...]
    sizes: tuple[int, ...]

    @property
    def starts(self) -> list[int]:
        return [0, *accumulate(n + 1 for n in self.sizes)][:-1]

    @property
    def lines(self) -> int:
        return sum(self.sizes) + len(self.sizes)

    def at(self, line: int) -> tuple[int, int | None]:
        """(group, person index in the whole ordered list, or None on the group's header line)."""
        starts = self.starts
        g = bisect_right(starts, line) - 1
        offset = line - starts[g]
        return g, (None if offset == 0 else line - g - 1)


class RegisterList(ReportWorkerErrors, ScrollView, can_focus=True):
    """Call `show(store, query, total, groups, first_page)` after each change of filter, search or order."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "up", show=False, id="register.up"),
        Binding("down,j", "cursor(1)", "down", show=False, id="register.down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="register.page_up"),
        Binding("pagedown,space", "page(1)", "page down", show=False, id="register.page_down"),
        Binding("home", "edge(0)", "first", show=False, id="register.first"),
        Binding("end", "edge(1)", "last", show=False, id="register.last"),
        Binding("enter", "open", "open incident", id="register.open"),
    ]
    COMPONENT_CLASSES = {"register--cursor", "register--group", "register--pending"}
    DEFAULT_CSS = """
    RegisterList { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    RegisterList > .register--cursor { background: $accent; color: $text; }
    RegisterList:blur > .register--cursor { background: $panel-lighten-2; }
    RegisterList > .register--group { text-style: bold; color: $text; background: $panel; }
    RegisterList > .register--pending { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Open(Message):
        def __init__(self, row: RegisterRow) -> None:
            super().__init__()
            self.row = row

    class PageLoaded(Message):
        def __init__(self, generation: int, page: int, rows: list[RegisterRow]) -> None:
            super().__init__()
            self.generation, self.page, self.rows = generation, page, rows

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store: Store | None = None
        self.shown = Query(Filter())
        self.total = 0
        self.groups: Groups | None = None
        self._generation = 0
        self._pages: OrderedDict[int, list[RegisterRow]] = OrderedDict()
        self._pending: set[int] = set()

    def show(self, store: "Store", query: Query, total: int, groups: Groups | None, first_page: list[RegisterRow]) -> None:
        self.store, self.shown, self.total, self.groups = store, query, total, groups
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self._pages[0] = first_page
        self.virtual_size = Size(self.size.width, self.lines)
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @property
    def lines(self) -> int:
        return self.groups.lines if self.groups else self.total

    @property
    def loading_pages(self) -> bool:
        return bool(self._pending)

    def person(self, index: int) -> RegisterRow | None:
        page, offset = divmod(index, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def line(self, y: int) -> tuple[int | None, int | None]:
        """(group, person index) shown on line y; group None when not grouped, person None on a header."""
        if self.groups:
            return self.groups.at(y)
        return None, y

    @property
    def current(self) -> RegisterRow | None:
        if not self.lines:
            return None
        _, index = self.line(self.cursor)
        return None if index is None else self.person(index)

    def _request(self, page: int) -> None:
        if page in self._pending or self.store is None or page * PAGE >= self.total:
            return
        self._pending.add(page)
        store, q, generation = self.store, self.shown, self._generation

        def fetch() -> None:
            rows = store.victims_page(q.filter, page * PAGE, PAGE, q.store_order, q.name)
            self.post_message(self.PageLoaded(generation, page, rows))

        self.run_worker(fetch, thread=True, group="register-pages", exit_on_error=False)

    def on_register_list_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._pages[message.page] = message.rows
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        self.refresh()

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self.lines:
            if index == 0 and self.store is not None:
                muted = base + self.get_component_rich_style("register--pending")
                return Strip([Segment("  nobody named in these incidents matches", muted)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        group, person = self.line(index)
        if person is None:  # a hometown's header: bold on the panel colour, unless the cursor is on it
            look = "register--cursor" if index == self.cursor else "register--group"
            return self._group_line(group or 0, width, base + self.get_component_rich_style(look))
        style = base + self.get_component_rich_style("register--cursor") if index == self.cursor else base
        row = self.person(person)
        if row is None:
            muted = style + self.get_component_rich_style("register--pending")
            return Strip([Segment("  …", muted)]).crop_extend(0, width, style)
        return Strip(self._segments(row, Columns.for_width(width), style, self.app.naming)).crop_extend(0, width, style)  # type: ignore[attr-defined]

    def _group_line(self, g: int, width: int, style: Style) -> Strip:
        assert self.groups is not None
        name, size = self.groups.names[g], self.groups.sizes[g]
        text = rtl.fields([("▸ ", ""), (name or UNKNOWN, "bold"), (f" · {size:,} {'person' if size == 1 else 'people'}", "")], width)
        return Strip(list(text.render(self.app.console))).apply_style(style).crop_extend(0, width, style)

    @staticmethod
    def _segments(row: RegisterRow, c: Columns, style: Style, naming: Naming) -> list[Segment]:
        side = naming.key("actor", row.side) if row.side else "—"     # قوات النظام / Syrian regime forces, not the id
        return [
            Segment(REVIEW_MARK.get(row.review, " ").ljust(c.mark), style + MARK_STYLE.get(row.review, Style())),
            Segment(rtl.cell(row.name, c.name - 1) + " ", style),
            Segment(row.outcome[: c.outcome - 1].ljust(c.outcome), style),
            Segment(rtl.cell(row.hometown or "—", c.hometown - 1) + " ", style),
            Segment((row.date.isoformat() if row.date else "—").ljust(c.date), style),
            Segment(rtl.cell(row.place_name, c.place - 1) + " ", style),
            Segment(rtl.cell(side, c.side), style),
        ]

    def watch_cursor(self) -> None:
        self.refresh()

    # -- keys and mouse ---------------------------------------------------------------------
    def move_to(self, line: int) -> None:
        if self.lines:
            self.cursor = max(0, min(self.lines - 1, line))
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True, force=True)

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self.move_to(self.cursor + direction * step)

    def action_edge(self, end: int) -> None:
        self.move_to(self.lines - 1 if end else 0)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Open(row))

    def on_click(self, event) -> None:
        self.move_to(self.scroll_offset.y + event.y)
        if event.chain >= 2:
            self.action_open()
