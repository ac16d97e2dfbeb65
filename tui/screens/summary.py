"""Pivot tables of the current filter (place × month or year, actor × event type); Enter on a cell
lists the incidents behind it (`Store.filter_for_cell`)."""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable

from rich.cells import cell_len
from rich.text import Text

from store.model import Filter, SummaryBy
from tui import rtl
from tui.naming import Naming, place_cell
from tui.screens.main import breadcrumb
from tui.widgets.arabic import FieldsLine
from tui.widgets.footer import KeyFooter
from tui.widgets.incident_list import PAGE, ColumnHeader, IncidentList
from tui.workers import ReportWorkerErrors

PIVOTS: tuple[tuple[str, SummaryBy, SummaryBy], ...] = (
    ("place-time", "place", "month"),
    ("actor-type", "actor", "event_type"),
)
MAX_COLS = 12
ROW_LABEL_CELLS = 18
COL_LABEL_CELLS = 14
Pivot = list[tuple[str, str, str, str, int, int, int]]


def fill_table(table: DataTable, cells: Pivot, rows_by: SummaryBy, cols_by: SummaryBy, naming: Naming) -> None:
    """Rows in the store's order (biggest first), time columns in time order; a cell is incidents/killed.
    Places, actors and event types by name in the chosen language."""
    table.clear(columns=True)
    cols: dict[str, str] = {}
    rows: dict[str, str] = {}
    values: dict[tuple[str, str], str] = {}
    for row_key, row_label, col_key, col_label, incidents, killed, _wounded in cells:
        rows.setdefault(row_key, row_label)
        cols.setdefault(col_key, col_label)
        if incidents:
            values[row_key, col_key] = f"{incidents}/{killed}"
    if cols_by in ("month", "week", "year"):
        cols = dict(sorted(cols.items()))
    rows = {key: naming.key(rows_by, key, label) for key, label in rows.items()}
    cols = {key: naming.key(cols_by, key, label) for key, label in cols.items()}
    # explicit widths: auto-sized columns depend on when the table gets to measure its rows
    table.add_column(Text("n / killed", style="dim"), width=ROW_LABEL_CELLS, key="")
    for key, label in cols.items():
        shown = rtl.cell(label or key, min(COL_LABEL_CELLS, rtl.width(label or key)))
        width = max([cell_len(shown)] + [len(text) for (_, c), text in values.items() if c == key])
        table.add_column(Text(shown), width=width, key=key)
    for key, label in rows.items():
        row = [Text(place_cell(label or key, ROW_LABEL_CELLS, naming.lang), no_wrap=True)]
        for col in cols:
            text = values.get((key, col))
            row.append(Text(text or "·", style="" if text else "dim", justify="right"))
        table.add_row(*row, key=key)


def pivot_title(rows: SummaryBy, cols: SummaryBy) -> str:
    return f"{rows} × {cols}  (Enter: the incidents behind a cell)"


class SummaryScreen(ReportWorkerErrors, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "back", id="summary.back"),
        Binding("tab", "app.focus_next", "next table", id="summary.next"),
    ]

    class Loaded(Message):
        def __init__(self, pivots: dict[str, tuple[SummaryBy, SummaryBy, Pivot]]) -> None:
            super().__init__()
            self.pivots = pivots

    class Drill(Message):
        def __init__(self, f: Filter) -> None:
            super().__init__()
            self.filter = f

    def __init__(self, f: Filter) -> None:
        super().__init__()
        self.filter = f
        self.pivots: dict[str, tuple[SummaryBy, SummaryBy, Pivot]] = {}
        self.dims = {ident: (rows, cols) for ident, rows, cols in PIVOTS}

    def compose(self) -> ComposeResult:
        yield FieldsLine([("rasd — summary of the current filter  (loading…)", "bold")], id="summary-title")
        yield FieldsLine(breadcrumb(self.filter, self.app.naming, clear_hint=False), id="summary-filter")  # type: ignore[attr-defined]
        for ident, rows, cols in PIVOTS:
            with Vertical(classes="pivot") as box:
                box.border_title = pivot_title(rows, cols)
                yield DataTable(id=ident, cursor_type="cell", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="pivot", exit_on_error=False)
    def load(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        # months while they fit the table, else years: the latest 12 of 80 months would hide the rest
        many_months = len(store.summary(self.filter, "month", limit=MAX_COLS + 1)) > MAX_COLS
        pivots = {}
        for ident, rows, cols in PIVOTS:
            cols = "year" if cols == "month" and many_months else cols
            pivots[ident] = (rows, cols, store.pivot(self.filter, rows, cols, limit_cols=MAX_COLS))
        self.post_message(self.Loaded(pivots))

    def on_summary_screen_loaded(self, message: Loaded) -> None:
        self.query_one("#summary-title", FieldsLine).update([("rasd — summary of the current filter", "bold")])
        self.pivots = message.pivots
        self._fill()
        if self.is_current:     # loaded after the person left: never take the focus from another screen
            self.query_one(f"#{PIVOTS[0][0]}", DataTable).focus()

    def _fill(self) -> None:
        naming: Naming = self.app.naming  # type: ignore[attr-defined]
        for ident, (rows, cols, cells) in self.pivots.items():
            self.dims[ident] = (rows, cols)
            table = self.query_one(f"#{ident}", DataTable)
            table.parent.border_title = pivot_title(rows, cols)
            fill_table(table, cells, rows, cols, naming)

    def relabel(self) -> None:
        self.query_one("#summary-filter", FieldsLine).update(breadcrumb(self.filter, self.app.naming, clear_hint=False))  # type: ignore[attr-defined]
        self._fill()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        ident = event.data_table.id
        rows, cols = self.dims[ident]
        row_key, col_key = event.cell_key.row_key.value, event.cell_key.column_key.value
        if col_key:  # not the label column
            self.drill(rows, row_key, cols, col_key)

    @work(thread=True, exclusive=True, group="drill", exit_on_error=False)
    def drill(self, rows: SummaryBy, row_key: str, cols: SummaryBy, col_key: str) -> None:
        f = self.app.store.filter_for_cell(self.filter, rows, row_key, cols, col_key)  # type: ignore[attr-defined]
        self.post_message(self.Drill(f))

    def on_summary_screen_drill(self, message: Drill) -> None:
        self.app.push_screen(CellScreen(message.filter))


class CellScreen(ReportWorkerErrors, Screen):
    """The incidents behind one pivot cell, in the same windowed list as the timeline."""

    BINDINGS = [Binding("escape", "app.pop_screen", "back", id="cell.back")]

    class Loaded(Message):
        def __init__(self, total: int, first_page: list) -> None:
            super().__init__()
            self.total, self.first_page = total, first_page

    def __init__(self, f: Filter) -> None:
        super().__init__()
        self.filter = f

    def compose(self) -> ComposeResult:
        yield FieldsLine(id="cell-title")
        yield FieldsLine(breadcrumb(self.filter, self.app.naming, clear_hint=False), id="cell-filter")  # type: ignore[attr-defined]
        with Vertical(id="timeline-box"):
            yield ColumnHeader()
            yield IncidentList(id="cell-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#cell-list").focus()
        self.load()

    @work(thread=True, exclusive=True, group="cell", exit_on_error=False)
    def load(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        f = self.filter  # de-duplicated or not, as the cell counted: one row per figure in it
        self.post_message(self.Loaded(store.count(f), store.timeline_at(f, 0, PAGE)))

    def on_cell_screen_loaded(self, message: Loaded) -> None:
        noun = "incidents" if self.filter.dedupe else "reports"
        self.query_one("#cell-title", FieldsLine).update([(f"{message.total:,} {noun} behind this cell", "bold")])
        self.query_one("#cell-list", IncidentList).show(self.app.store, self.filter, message.total, message.first_page)  # type: ignore[attr-defined]

    def relabel(self) -> None:
        self.query_one("#cell-filter", FieldsLine).update(breadcrumb(self.filter, self.app.naming, clear_hint=False))  # type: ignore[attr-defined]
        self.query_one("#cell-list", IncidentList).refresh()

    def on_incident_list_open(self, message: IncidentList.Open) -> None:
        self.app.open_incident(message.row.id)  # type: ignore[attr-defined]
