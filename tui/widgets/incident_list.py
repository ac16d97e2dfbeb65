"""The timeline: ONE windowed list over the whole filter result (Textual Line API).

Only visible rows are rendered; rows come from `Store.timeline_at` a page at a time
(tui/widgets/windowed.py), so a million-row result scrolls like ten rows.
Rows of the same day are grouped: the date is printed once, on the first row of the day (in date
order; sorted by killed or wounded every row shows its date). Undated rows read "no date", never
a blank that would mean "same day as above". A ✎ marks a row a person corrected.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from store.model import Filter, IncidentRow, TimelineOrder
from tui import rtl
from tui.naming import Naming, place_cell
from tui.widgets.windowed import PAGE, WindowedList, list_bindings

if TYPE_CHECKING:
    from store.api import Store

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


class IncidentList(WindowedList[IncidentRow]):
    """Windowed incident rows. Call `show(store, filter, total, first_page)` after each filter change."""

    BINDINGS = list_bindings("list", "open")
    COMPONENT_CLASSES = {"incident-list--day"}
    DEFAULT_CSS = "IncidentList > .incident-list--day { text-style: bold; }"

    class Open(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, row: IncidentRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.filter = Filter()
        self.newest_first = True
        self.order: TimelineOrder = "date"

    def show(
        self, store: "Store", f: Filter, total: int, first_page: list[IncidentRow], newest_first: bool = True,
        keep_cursor: bool = False, by: TimelineOrder = "date",
    ) -> None:
        self.filter, self.newest_first, self.order = f, newest_first, by
        self._reset(store, total, first_page, keep_cursor)

    def _fetch(self, store: "Store", page: int):
        f, newest, by = self.filter, self.newest_first, self.order
        return lambda: store.timeline_at(f, page * PAGE, PAGE, newest_first=newest, by=by)

    @property
    def current(self) -> IncidentRow | None:
        return self.row(self.cursor) if self.total else None

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self.total:
            if index == 0 and self.store is not None and not self._pending:
                return self._note("  no incidents match these filters", width, base)
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            return self._note("  …", width, base)
        style = self._line_style(index)
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

