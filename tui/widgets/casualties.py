"""The casualty summary under the timeline: totals, a per-week sparkline, top places and groups."""
from __future__ import annotations

from datetime import date, timedelta

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Sparkline

from store.model import SummaryRow, Totals
from tui import rtl
from tui.naming import Naming, place_cell
from tui.widgets.arabic import FieldsLine


def weekly_series(rows: list[SummaryRow]) -> list[int]:
    """Killed per week from the first to the last week, weeks without incidents as 0."""
    by_week = {date.fromisoformat(r.key): r.killed for r in rows}
    if not by_week:
        return [0]
    first, last = min(by_week), max(by_week)
    return [by_week.get(first + timedelta(weeks=k), 0) for k in range((last - first).days // 7 + 1)]


class CasualtyChart(Vertical):
    """Totals of the current filter and killed per week as a sparkline."""

    def compose(self) -> ComposeResult:
        yield FieldsLine(id="reports")
        yield FieldsLine(id="casualties")
        yield Sparkline([], summary_function=max, id="weekly")
        yield FieldsLine(id="weekly-range")

    def update(self, t: Totals, weekly: list[SummaryRow], dedupe: bool) -> None:
        """The figures of the one counting mode the header uses (reports, or de-duplicated incidents)."""
        n, killed, wounded = (t.clusters, t.killed_dedup, t.wounded_dedup) if dedupe else (t.incidents, t.killed, t.wounded)
        undated = [(f" · {t.undated:,} no date", "dim")] if t.undated else []
        self.query_one("#reports", FieldsLine).update(
            [(f"{n:,} {'incidents (de-dup.)' if dedupe else 'reports'}", "bold"), *undated])
        self.query_one("#casualties", FieldsLine).update([(f"{killed:,} killed · {wounded:,} wounded", "bold")])
        series = weekly_series(weekly)
        self.query_one("#weekly", Sparkline).data = series
        keys = sorted(r.key for r in weekly)
        span = f"killed/week {keys[0][:7]}–{keys[-1][:7]} max {max(series):,}" if keys else "no incidents"
        self.query_one("#weekly-range", FieldsLine).update([(span, "dim")])


class TopList(Widget):
    """A ranked list: name (Arabic, right-aligned in its column) | incidents | killed."""

    DEFAULT_CSS = "TopList { height: 1fr; }"

    def __init__(self, by: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.by = by          # the summary dimension ("place", "actor"): how keys are named
        self.rows: list[SummaryRow] = []

    def update(self, rows: list[SummaryRow]) -> None:
        self.rows = rows
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        style = self.rich_style
        if y >= len(self.rows):
            return Strip.blank(width, style)
        r = self.rows[y]
        numbers = f"{r.incidents:>5,} {r.killed:>6,}"
        naming: Naming = self.app.naming  # type: ignore[attr-defined]
        name = place_cell(naming.key(self.by, r.key, r.label), max(1, width - len(numbers) - 1), naming.lang)
        return Strip([Segment(f"{name} {numbers}", style)]).crop_extend(0, width, style)
