"""A list over a result of any size that renders only its visible lines (Textual's Line API, the
way toolong shows huge logs): rows come from the store a page at a time, fetched in thread
workers and kept in a small LRU cache, so a million rows scroll like ten.

Subclasses say how to fetch a page (`_fetch`), how many lines there are (`lines`; a line may be a
group header rather than a row) and how a line looks (`render_line`); cursor, paging, keys and
clicks are here, for the timeline and the victims register alike.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Callable, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.workers import ReportWorkerErrors

if TYPE_CHECKING:
    from store.api import Store

PAGE = 200
Row = TypeVar("Row")


def list_bindings(prefix: str, open_label: str) -> list[Binding]:
    """The keys every windowed list answers, with ids under `prefix` (for keymaps)."""
    return [
        Binding("up,k", "cursor(-1)", "up", show=False, id=f"{prefix}.up"),
        Binding("down,j", "cursor(1)", "down", show=False, id=f"{prefix}.down"),
        Binding("pageup", "page(-1)", "page up", show=False, id=f"{prefix}.page_up"),
        Binding("pagedown,space", "page(1)", "page down", show=False, id=f"{prefix}.page_down"),
        Binding("home", "edge(0)", "first", show=False, id=f"{prefix}.first"),
        Binding("end", "edge(1)", "last", show=False, id=f"{prefix}.last"),
        Binding("enter", "open", open_label, id=f"{prefix}.open"),
    ]


class WindowedList(ReportWorkerErrors, ScrollView, Generic[Row], can_focus=True):
    """Rows [0, total) of a store result; `Open` (a message class of the subclass, taking the
    row) is posted on Enter or a double click."""

    CACHE_PAGES = 64
    COMPONENT_CLASSES = {"windowed-list--cursor", "windowed-list--pending"}
    DEFAULT_CSS = """
    WindowedList { height: 1fr; }
    WindowedList > .windowed-list--cursor { background: $accent; color: $text; }
    WindowedList:blur > .windowed-list--cursor { background: $panel-lighten-2; }
    WindowedList > .windowed-list--pending { color: $text-muted; }
    """
    Open: Callable[[Row], Message]

    cursor: reactive[int] = reactive(0, always_update=True)

    class PageLoaded(Message):
        def __init__(self, generation: int, page: int, rows: list) -> None:
            super().__init__()
            self.generation, self.page, self.rows = generation, page, rows

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.store: Store | None = None
        self.total = 0
        self._generation = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._pending: set[int] = set()

    # -- data -------------------------------------------------------------------------------
    @property
    def lines(self) -> int:
        """Lines to scroll through (the rows, and any group headers between them)."""
        return self.total

    def _fetch(self, store: "Store", page: int) -> Callable[[], list[Row]]:
        """A call, run in a thread worker, that returns rows [page*PAGE, (page+1)*PAGE) of what
        is shown now (it must capture what it needs: the shown result may change meanwhile)."""
        raise NotImplementedError

    def _reset(self, store: "Store", total: int, first_page: list[Row], keep_cursor: bool = False) -> None:
        """A new result: forget cached pages, size the scroll area, paint page 0 straight away."""
        self.store, self.total = store, total
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        if first_page or total == 0:
            self._pages[0] = first_page
        self.virtual_size = Size(self.size.width, self.lines)
        if keep_cursor:
            self.cursor = min(self.cursor, max(0, self.lines - 1))
        else:
            self.cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def row(self, index: int) -> Row | None:
        """Row `index`, or None while its page is being fetched (the fetch starts here)."""
        page, offset = divmod(index, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def _request(self, page: int) -> None:
        if page in self._pending or self.store is None or page * PAGE >= self.total:
            return
        self._pending.add(page)
        fetch, generation = self._fetch(self.store, page), self._generation

        def run() -> None:
            self.post_message(self.PageLoaded(generation, page, fetch()))

        self.run_worker(run, thread=True, group="pages", exit_on_error=False)

    def on_windowed_list_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._pages[message.page] = message.rows
        while len(self._pages) > self.CACHE_PAGES:
            self._pages.popitem(last=False)
        self.refresh()

    @property
    def loading_pages(self) -> bool:
        return bool(self._pending)

    # -- drawing ----------------------------------------------------------------------------
    def _note(self, text: str, width: int, style: Style) -> Strip:
        """A muted line in place of a row: `…` while it loads, or why the list is empty."""
        muted = style + self.get_component_rich_style("windowed-list--pending")
        return Strip([Segment(text, muted)]).crop_extend(0, width, style)

    def _line_style(self, index: int) -> Style:
        base = self.rich_style
        return base + self.get_component_rich_style("windowed-list--cursor") if index == self.cursor else base

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
        self.scroll_to(y=self.scroll_offset.y + direction * step, animate=False, immediate=True)

    def action_edge(self, end: int) -> None:
        self.move_to(self.lines - 1 if end else 0)

    @property
    def current(self) -> Row | None:
        raise NotImplementedError

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Open(row))

    def on_click(self, event) -> None:
        self.move_to(self.scroll_offset.y + event.y)
        if event.chain >= 2:
            self.action_open()
