"""The main screen: filters on the left, the timeline, the casualty summary of the current filter.

The screen holds the `Filter`. Every change starts ONE exclusive thread worker that asks the store
for the count and the first page (posted at once, so the list repaints first) and then for the
totals, the weekly series, the top lists and the facet counts. Workers only post messages.
"""
from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from store.model import Filter, IncidentRow, TimelineOrder, Totals
from store.names import Names
from tui.loads import Facets, Summary, load_facets, load_summary
from tui.naming import Naming
from tui.screens.dialogs import Prompt
from tui.workers import ReportWorkerErrors
from tui.widgets.arabic import FieldsLine
from tui.widgets.casualties import CasualtyChart, TopList
from tui.widgets.filter_panel import FilterPanel, parse_day
from tui.widgets.footer import KeyFooter
from tui.widgets.incident_list import PAGE, ColumnHeader, IncidentList

TITLE = [("rasd ", "bold"), ("رصد", "bold"), (" —", "bold")]


def breadcrumb(f: Filter, naming: Naming, clear_hint: bool = True) -> list[tuple[str, str]]:
    """The active filters as fields for one line (each name reordered on its own)."""
    parts: list[str] = [naming.key("place", k) for k in f.places] + [naming.key("actor", k) for k in f.actors]
    parts += [naming.key("type", k) for k in f.event_types]
    parts += [f"with {naming.key('actor', k)}" for k in f.require_actors]
    if f.undated:
        parts.append("no date")
    elif f.date_from and f.date_to:
        parts.append(f"{f.date_from} – {f.date_to}")
    elif f.date_from or f.date_to:
        parts.append(f"from {f.date_from}" if f.date_from else f"until {f.date_to}")
    if f.min_killed:
        parts.append(f"killed ≥ {f.min_killed}")
    parts += list(f.review)
    if f.text:
        parts.append(f"“{f.text}”")
    if f.dedupe:
        parts.append("de-duplicated")
    if f.include_rejected:
        parts.append("rejected counted")
    if not parts:
        return [("filters: none — everything is shown", "dim")]
    out: list[tuple[str, str]] = [("filters: ", "dim")]
    for i, p in enumerate(parts):
        if i:
            out.append((" › ", "dim"))
        out.append((p, "bold"))
    if clear_hint:
        out.append(("   [c] clear", "dim"))
    return out


def headline(t: Totals | None, f: Filter) -> list[tuple[str, str]]:
    """The totals of the current filter in its one counting mode (reports, or de-duplicated
    incidents), and whether rejected incidents are in them."""
    if t is None:
        return [*TITLE, ("  loading…", "dim")]
    n, killed, wounded = (t.clusters, t.killed_dedup, t.wounded_dedup) if f.dedupe else (t.incidents, t.killed, t.wounded)
    noun = "incidents" if f.dedupe else "reports"
    rejected = "with rejected (R)" if f.include_rejected else "rejected left out (R)"
    return [*TITLE, (f"  {n:,} {noun} · {killed:,} killed · {wounded:,} wounded", ""), (f" · {rejected}", "dim")]


ORDERS: tuple[TimelineOrder, ...] = ("date", "killed", "wounded")


def order_title(by: TimelineOrder, newest_first: bool) -> str:
    if by == "date":
        return f"{'newest' if newest_first else 'oldest'} first (o · K)"
    return f"most {by} first (K)"


class MainScreen(ReportWorkerErrors, Screen):
    AUTO_FOCUS = "#timeline"      # focused as the screen starts: no first focus on the search box to move
    BINDINGS = [
        Binding("slash", "focus('#search')", "search", id="main.search"),
        Binding("t", "focus('#places')", "towns", id="main.towns"),
        Binding("g", "focus('#groups')", "groups", id="main.groups"),
        Binding("y", "focus('#types')", "types", show=False, id="main.types"),
        Binding("r", "focus('#review')", "review filter", show=False, id="main.review_filter"),
        Binding("d", "focus('#date-from')", "dates", id="main.dates"),
        Binding("c", "clear", "clear", id="main.clear"),
        Binding("o", "sort", "sort", show=False, id="main.sort"),
        Binding("K", "order", "by date / killed / wounded", show=False, id="main.order"),
        Binding("greater_than_sign", "min_killed", "killed ≥ N", show=False, key_display=">", id="main.min_killed"),
        Binding("J", "jump", "jump to date", show=False, id="main.jump"),
        Binding("u", "dedupe", "de-duplicate", show=False, id="main.dedupe"),
        Binding("R", "rejected", "count rejected", show=False, id="main.rejected"),
        Binding("s", "summary", "summary", id="main.summary"),
        Binding("v", "review('verified')", "verify", show=False, id="main.verify"),
        Binding("x", "review('rejected')", "reject", show=False, id="main.reject"),
        Binding("n", "review('needs-check')", "needs check", show=False, id="main.needs_check"),
        Binding("e", "export", "export", id="main.export"),
        Binding("V", "victims", "victims", id="main.victims"),
        Binding("m", "map", "map", id="main.map"),
        Binding("escape", "focus('#timeline')", "to the list", show=False, id="main.to_list"),
    ]

    class ListReady(Message):
        def __init__(self, generation: int, total: int, first_page: list[IncidentRow], keep_cursor: bool,
                     names: Names) -> None:
            super().__init__()
            self.generation, self.total, self.first_page, self.keep_cursor = generation, total, first_page, keep_cursor
            self.names = names    # cached by the store: the same object every time

    class SummaryReady(Message):
        def __init__(self, generation: int, summary: Summary) -> None:
            super().__init__()
            self.generation, self.summary = generation, summary

    class FacetsReady(Message):
        def __init__(self, generation: int, facets: Facets) -> None:
            super().__init__()
            self.generation, self.facets = generation, facets

    class Jump(Message):
        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self) -> None:
        super().__init__()
        self.filter = Filter()
        self.newest_first = True
        self.order: TimelineOrder = "date"
        self.totals: Totals | None = None
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield FieldsLine(headline(None, Filter()), id="headline")
        yield FieldsLine(id="breadcrumb")
        with Horizontal(id="body"):
            yield FilterPanel(id="filters")
            with Vertical(id="right"):
                with Vertical(id="timeline-box"):
                    yield ColumnHeader(id="columns")
                    yield IncidentList(id="timeline")
                with Horizontal(id="overview"):
                    yield CasualtyChart(id="chart")
                    yield TopList("place", id="top-places")
                    yield TopList("actor", id="top-groups")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#timeline-box").border_title = "timeline"
        self.query_one("#chart").border_title = "casualties"
        self.query_one("#top-places").border_title = "places n/killed"
        self.query_one("#top-groups").border_title = "groups n/killed"
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    @property
    def naming(self) -> Naming:
        return self.app.naming  # type: ignore[attr-defined]

    def relabel(self) -> None:
        """The language changed: repaint every name (the counts stay)."""
        self.reload(keep_cursor=True)

    def apply(self, **changes) -> None:
        self.filter = self.filter.with_(**changes)
        self.reload()

    def reload(self, keep_cursor: bool = False) -> None:
        self._generation += 1
        self.query_one("#breadcrumb", FieldsLine).update(breadcrumb(self.filter, self.naming))
        self._load(self._generation, self.filter, self.newest_first, self.order, keep_cursor)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _load(self, generation: int, f: Filter, newest_first: bool, by: TimelineOrder, keep_cursor: bool) -> None:
        store, worker = self.store, get_current_worker()
        total = store.count(f)  # reports, or one per cluster when de-duplicated: what the header counts
        first = store.timeline_at(f, 0, PAGE, newest_first=newest_first, by=by)
        self.post_message(self.ListReady(generation, total, first, keep_cursor, store.names()))
        if worker.is_cancelled:
            return
        summary = load_summary(store, f)
        if worker.is_cancelled:
            return
        self.post_message(self.SummaryReady(generation, summary))
        facets = load_facets(store, f)
        if not worker.is_cancelled:
            self.post_message(self.FacetsReady(generation, facets))

    def on_main_screen_list_ready(self, message: ListReady) -> None:
        self.naming.names = message.names
        if message.generation == self._generation:
            self.query_one("#timeline-box").border_title = \
                f"timeline · {message.total:,} · {order_title(self.order, self.newest_first)}"
            self.query_one("#timeline", IncidentList).show(
                self.store, self.filter, message.total, message.first_page, self.newest_first, message.keep_cursor,
                by=self.order,
            )

    def on_main_screen_summary_ready(self, message: SummaryReady) -> None:
        if message.generation != self._generation:
            return
        o = message.summary
        self.totals = o.totals
        self.query_one("#headline", FieldsLine).update(headline(o.totals, self.filter))
        self.query_one("#chart", CasualtyChart).update(o.totals, o.weekly, self.filter.dedupe)
        self.query_one("#top-places", TopList).update(o.top_places)
        self.query_one("#top-groups", TopList).update(o.top_groups)

    def on_main_screen_facets_ready(self, message: FacetsReady) -> None:
        if message.generation != self._generation:
            return
        o = message.facets
        self.naming.remember(o.places + o.groups + o.types + o.reviews)
        self.query_one("#breadcrumb", FieldsLine).update(breadcrumb(self.filter, self.naming))
        self.query_one("#filters", FilterPanel).sync(self.filter, o.places, o.groups, o.types, self.naming, o.reviews)

    def on_filter_panel_changed(self, message: FilterPanel.Changed) -> None:
        self.apply(**message.changes)
        if {"text", "date_from", "date_to", "undated"} & message.changes.keys():  # typed + Enter: back to the list
            self.query_one("#timeline", IncidentList).focus()

    def on_incident_list_open(self, message: IncidentList.Open) -> None:
        self.app.open_incident(message.row.id)  # type: ignore[attr-defined]

    # -- actions ----------------------------------------------------------------------------
    def action_focus(self, selector: str) -> None:
        self.query_one(selector).focus()

    def action_clear(self) -> None:
        self.filter = Filter()
        self.reload()

    def action_sort(self) -> None:
        self.newest_first = not self.newest_first
        self.order = "date"
        self.reload()

    def action_order(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self.reload()

    def action_dedupe(self) -> None:
        self.apply(dedupe=not self.filter.dedupe)

    def action_rejected(self) -> None:
        self.apply(include_rejected=not self.filter.include_rejected)

    def action_min_killed(self) -> None:
        def go(answer: str | None) -> None:
            if answer is None:
                return
            if answer.strip() and not answer.strip().isdigit():
                self.notify(f"not a number: {answer!r}", severity="error", markup=False)
                return
            self.apply(min_killed=int(answer.strip() or 0))

        self.app.push_screen(Prompt("only incidents with at least N killed (empty or 0: all)", "N",
                                    str(self.filter.min_killed or "")), go)

    def action_summary(self) -> None:
        from tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.filter))

    def action_map(self) -> None:
        from tui.screens.map import MapScreen

        self.app.push_screen(MapScreen(self.filter))

    def action_victims(self) -> None:
        from tui.screens.victims import VictimsScreen

        self.app.push_screen(VictimsScreen(self.filter))

    def action_review(self, status: str) -> None:
        row = self.query_one("#timeline", IncidentList).current
        if row is not None:
            self.app.review(row.id, status)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        self.app.export_dialog(self.filter)  # type: ignore[attr-defined]

    def action_jump(self) -> None:
        def go(answer: str | None) -> None:
            if not answer:
                return
            try:
                day = parse_day(answer)
            except ValueError as e:
                self.notify(str(e), severity="error", markup=False)
                return
            self._position(self.filter, day, self.newest_first)

        self.app.push_screen(Prompt("jump to date (YYYY-MM-DD)", "2022-10-15"), go)

    @work(thread=True, exclusive=True, group="jump", exit_on_error=False)
    def _position(self, f: Filter, day: date, newest_first: bool) -> None:
        self.post_message(self.Jump(self.store.position_of_date(f, day, newest_first=newest_first)))

    def on_main_screen_jump(self, message: Jump) -> None:
        timeline = self.query_one("#timeline", IncidentList)
        timeline.move_to(message.position)
        timeline.scroll_to(y=message.position, animate=False, immediate=True)
        timeline.focus()
