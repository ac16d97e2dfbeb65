"""V — the victims register: the named people of the current filter, as VDC and SNHR list them.

Name, outcome, hometown, date, place, side and the incident's review mark; sorted by date, name or
hometown (o), grouped by hometown with counts (h), searched by name spelling-insensitively (/);
Enter opens the incident, e exports the register (csv, jsonl). Every change runs one exclusive
thread worker that posts the count, the groups and the first page together.
"""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from store.model import Filter, RegisterRow
from tui import rtl
from tui.screens.dialogs import ExportDialog
from tui.screens.main import breadcrumb
from tui.widgets.arabic import FieldsLine
from tui.widgets.footer import KeyFooter
from tui.widgets.register import PAGE, Groups, Query, RegisterHeader, RegisterList
from tui.workers import ReportWorkerErrors

ORDERS = ("date", "name", "hometown")
VICTIM_FORMATS = ("csv", "jsonl")


def title(total: int | None, q: Query) -> list[tuple[str, str]]:
    if total is None:
        return [("named victims  (loading…)", "bold")]
    how = "grouped by hometown (h)" if q.grouped else f"by {q.order} (o)"
    parts = [(f"named victims · {total:,} {'person' if total == 1 else 'people'} · {how}", "bold")]
    if q.name.strip():
        parts += [("  name: ", "dim"), (q.name.strip(), "bold")]
    return parts


class VictimsScreen(ReportWorkerErrors, Screen):
    BINDINGS = [
        Binding("escape", "back", "back", id="victims.back"),
        Binding("slash", "search", "name search", id="victims.search"),
        Binding("o", "order", "sort", id="victims.sort"),
        Binding("h", "group", "group by hometown", id="victims.group"),
        Binding("e", "export", "export", id="victims.export"),
    ]

    class Loaded(Message):
        def __init__(self, query: Query, total: int, groups: Groups | None, first_page: list[RegisterRow]) -> None:
            super().__init__()
            self.query, self.total, self.groups, self.first_page = query, total, groups, first_page

    def __init__(self, f: Filter) -> None:
        super().__init__()
        self.request = Query(f)
        self.total: int | None = None

    def relabel(self) -> None:
        """The language changed (L): the side column names groups in the other language."""
        self.query_one(RegisterList).refresh()

    def compose(self) -> ComposeResult:
        yield FieldsLine(title(None, self.request), id="victims-title")
        yield FieldsLine(breadcrumb(self.request.filter, self.app.naming, clear_hint=False))
        with Vertical(id="victims-search-box"):
            yield Input(placeholder=f"name / {rtl.visual('الاسم')} — spelling-insensitive; Enter to the list",
                        id="victim-search")
            yield FieldsLine(id="victim-preview")
        with Vertical(id="register-box"):
            yield RegisterHeader()
            yield RegisterList(id="register")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#register", RegisterList).focus()
        self.reload()

    def reload(self, **changes) -> None:
        self.request = Query(**{**self.request.__dict__, **changes})
        self._load(self.request)

    @work(thread=True, exclusive=True, group="register", exit_on_error=False)
    def _load(self, q: Query) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        total = store.victims_count(q.filter, q.name)
        groups = None
        if q.grouped:
            pairs = store.victims_by_hometown(q.filter, q.name)
            groups = Groups(tuple(h for h, _ in pairs), tuple(n for _, n in pairs))
        self.post_message(self.Loaded(q, total, groups, store.victims_page(q.filter, 0, PAGE, q.store_order, q.name)))

    def on_victims_screen_loaded(self, message: Loaded) -> None:
        if message.query != self.request:
            return
        self.total = message.total
        self.query_one("#victims-title", FieldsLine).update(title(message.total, message.query))
        self.query_one("#register", RegisterList).show(self.app.store, message.query, message.total,  # type: ignore[attr-defined]
                                                       message.groups, message.first_page)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#victim-preview", FieldsLine).update([(event.value, "bold")])
        self.reload(name=event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#register", RegisterList).focus()

    def on_register_list_open(self, message: RegisterList.Open) -> None:
        self.app.open_incident(message.row.incident_id)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        if self.focused is self.query_one("#victim-search"):
            self.query_one("#register", RegisterList).focus()
        else:
            self.app.pop_screen()

    def action_search(self) -> None:
        self.query_one("#victim-search", Input).focus()

    def action_order(self) -> None:
        self.reload(order=ORDERS[(ORDERS.index(self.request.order) + 1) % len(ORDERS)], grouped=False)

    def action_group(self) -> None:
        self.reload(grouped=not self.request.grouped)

    def action_export(self) -> None:
        q = self.request

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.app.export_victims(q.filter, fmt, q.order if not q.grouped else "hometown", q.name)  # type: ignore[attr-defined]

        self.app.push_screen(ExportDialog(VICTIM_FORMATS, "the victims register"), chosen)
