"""The casualty summary under the timeline: totals, a per-week sparkline, top places and groups."""
from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Sparkline

from store.model import SummaryRow, Totals
from tui import rtl
from tui.widgets.arabic import FieldsLine


def totals_parts(t: Totals) -> list[tuple[str, str]]:
    return [
        (f"{t.incidents:,} reports", "bold"),
        (f" · {t.clusters:,} incidents (de-duplicated)", ""),
        (f" · {t.killed:,} killed", "bold"),
        (f" · {t.wounded:,} wounded", ""),
    ]


class CasualtyChart(Vertical):
    """Totals of the current filter and killed per week as a sparkline."""

    def compose(self) -> ComposeResult:
        yield FieldsLine(id="casualty-totals")
        yield Sparkline([], summary_function=max, id="weekly")
        yield FieldsLine(id="weekly-range")

    def update(self, totals: Totals, weekly: list[SummaryRow]) -> None:
        self.query_one("#casualty-totals", FieldsLine).update(totals_parts(totals))
        weeks = sorted(weekly, key=lambda r: r.key)
        self.query_one("#weekly", Sparkline).data = [r.killed for r in weeks] or [0]
        span = f"killed per week {weeks[0].key} … {weeks[-1].key}, max {max(r.killed for r in weeks):,}" if weeks else "no incidents"
        self.query_one("#weekly-range", FieldsLine).update([(span, "dim")])


class TopList(Widget):
    """A ranked list: name (Arabic, right-aligned in its column) | incidents | killed."""

    DEFAULT_CSS = "TopList { height: 1fr; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
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
        name = rtl.cell(r.label or r.key, max(1, width - len(numbers) - 1))
        return Strip([Segment(f"{name} {numbers}", style)]).crop_extend(0, width, style)
