"""The victims register list: ONE windowed view over all named people of a filter (Line API).

Like the timeline (tui/widgets/windowed.py), only visible lines are rendered and people come from
the store a page at a time (`Store.victims_page`). Grouped by hometown,
each group opens with a header line "hometown · n"; the line -> person mapping comes from the
group sizes, so a page deep in the list costs the same as the first.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from store.model import Filter, RegisterRow
from tui import rtl
from tui.widgets.incident_list import MARK_STYLE, REVIEW_MARK
from tui.widgets.windowed import PAGE, WindowedList, list_bindings

if TYPE_CHECKING:
    from store.api import Store
    from tui.naming import Naming

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


class RegisterList(WindowedList[RegisterRow]):
    """Call `show(store, query, total, groups, first_page)` after each change of filter, search or order."""

    BINDINGS = list_bindings("register", "open incident")
    CACHE_PAGES = 32
    COMPONENT_CLASSES = {"register--group"}
    DEFAULT_CSS = """
    RegisterList { overflow-x: hidden; scrollbar-size-vertical: 1; }
    RegisterList > .register--group { text-style: bold; color: $text; background: $panel; }
    """

    class Open(Message):
        def __init__(self, row: RegisterRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = Query(Filter())
        self.groups: Groups | None = None

    def show(self, store: "Store", query: Query, total: int, groups: Groups | None, first_page: list[RegisterRow]) -> None:
        self.shown, self.groups = query, groups
        self._reset(store, total, first_page)

    @property
    def lines(self) -> int:
        return self.groups.lines if self.groups else self.total

    def _fetch(self, store: "Store", page: int):
        q = self.shown
        return lambda: store.victims_page(q.filter, page * PAGE, PAGE, q.store_order, q.name)

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
        return None if index is None else self.row(index)

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self.lines:
            if index == 0 and self.store is not None:
                return self._note("  nobody named in these incidents matches", width, base)
            return Strip.blank(width, base)
        group, person = self.line(index)
        if person is None:  # a hometown's header: bold on the panel colour, unless the cursor is on it
            look = "windowed-list--cursor" if index == self.cursor else "register--group"
            return self._group_line(group or 0, width, base + self.get_component_rich_style(look))
        style = self._line_style(index)
        row = self.row(person)
        if row is None:
            return self._note("  …", width, style)
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

