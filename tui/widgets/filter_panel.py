"""The filter side panel: search, towns, armed groups, event types, review status, dates.

The panel owns no filter state: it posts `FilterPanel.Changed` and the screen (which holds the
`Filter`) calls `sync()` with fresh facet counts from the store.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, SelectionList
from textual.widgets.selection_list import Selection

from store.model import Facet, Filter
from tui import rtl
from tui.widgets.arabic import FieldsLine

NAME_CELLS = 11   # at the narrowest panel; wider panels give names more room
CHECKBOX_CELLS = 4
COUNT_CELLS = 5
REVIEW_STATES = ("verified", "needs-check", "rejected", "unreviewed")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
NO_DATE_WORDS = ("none", "no date", "-")   # typed in a date box: only the incidents without a date


def parse_day(text: str, end: bool = False) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first (or, with end=True, last) day."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    if day is None:
        if not end:
            return date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(year, month, int(day))


def compact(n: int) -> str:
    """At most 5 cells: 9,999 · 12k · 1.2M."""
    if n < 10_000:
        return f"{n:,}"
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M"


NameOf = Literal["arabic", "key", "label"]


def facet_prompt(f: Facet, name_of: NameOf, name_cells: int = NAME_CELLS) -> Text:
    """Name then count; sub-levels are indented at the start of the reading direction, and the top
    level is bold, so a governorate and its capital of the same name (إدلب, إدلب) stay apart.

    Places by Arabic name, groups by id (as in the timeline), event types by label (the sub-type)."""
    name = {"arabic": f.label_ar or f.label, "key": f.key, "label": f.label or f.key}[name_of]
    indent = " " * min(f.level, 2)
    cells = name_cells - len(indent)
    named = rtl.cell(name, cells) + indent if rtl.has_arabic(name) else indent + rtl.cell(name, cells, "left")
    return Text.assemble((named, "bold" if f.level == 0 else ""), (compact(f.count).rjust(COUNT_CELLS), "dim"),
                         no_wrap=True)


class FacetList(SelectionList[str]):
    """A multi-select list of facets with counts; keeps selected keys even when their count is 0."""

    def fill(self, facets: list[Facet], selected: tuple[str, ...], labels: dict[str, str], name_of: NameOf) -> None:
        highlighted = self.highlighted
        known = {f.key for f in facets}
        missing = [Facet(k, labels.get(k, k), labels.get(k, k), 0) for k in selected if k not in known]
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            cells = max(NAME_CELLS, self.scrollable_content_region.width - CHECKBOX_CELLS - COUNT_CELLS - 2)
            self.add_options([Selection(facet_prompt(f, name_of, cells), f.key, f.key in selected)
                              for f in missing + facets])
        if highlighted is not None and self.option_count:
            self.highlighted = min(highlighted, self.option_count - 1)


class FilterPanel(VerticalScroll):
    """Everything that narrows the timeline; every change posts one `Changed`."""

    class Changed(Message):
        def __init__(self, **changes) -> None:
            super().__init__()
            self.changes = changes

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"search / {rtl.visual('بحث')}", id="search")  # chrome is displayed text too
        yield FieldsLine(id="search-preview")
        for ident, title in (("places", "towns (t)"), ("groups", "groups (g)"), ("types", "event types (y)")):
            lst = FacetList(id=ident, classes="facets")
            lst.border_title = title
            yield lst
        review = SelectionList[str](*[(s, s) for s in REVIEW_STATES], id="review")
        review.border_title = "review (r)"
        yield review
        with Horizontal(id="dates") as dates:
            dates.border_title = "dates (d)"
            yield Input(placeholder="from", id="date-from")
            yield Input(placeholder="to", id="date-to")

    def sync(self, f: Filter, places: list[Facet], groups: list[Facet], types: list[Facet], labels: dict[str, str]) -> None:
        """Show the filter `f` with fresh counts (without posting Changed)."""
        self.query_one("#places", FacetList).fill(places, f.places, labels, "arabic")
        self.query_one("#groups", FacetList).fill(groups, f.actors, labels, "key")
        self.query_one("#types", FacetList).fill(types, f.event_types, labels, "label")
        review = self.query_one("#review", SelectionList)
        with self.prevent(SelectionList.SelectedChanged):
            for state in REVIEW_STATES:
                (review.select if state in f.review else review.deselect)(state)
        with self.prevent(Input.Changed):
            search = self.query_one("#search", Input)
            if search.value != f.text and not search.has_focus:  # never wipe what is being typed
                search.value = f.text
                self.show_preview(f.text)
            for ident, day in (("#date-from", f.date_from), ("#date-to", f.date_to)):
                box = self.query_one(ident, Input)
                if not box.has_focus:
                    box.value = "none" if f.undated and ident == "#date-from" else day.isoformat() if day else ""

    def show_preview(self, typed: str) -> None:
        """The Input shows logical order; this line shows the query shaped and in reading order."""
        preview = self.query_one("#search-preview", FieldsLine)
        preview.update([("", ""), (typed, "bold")] if rtl.has_arabic(typed) else [])

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.show_preview(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "search":
            self.post_message(self.Changed(text=event.value.strip()))
            return
        end = event.input.id == "date-to"
        if event.value.strip().lower() in NO_DATE_WORDS:
            self.post_message(self.Changed(undated=True, date_from=None, date_to=None))
            return
        try:
            day = parse_day(event.value, end=end) if event.value.strip() else None
        except ValueError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.post_message(self.Changed(undated=False, **{"date_to" if end else "date_from": day}))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        key = {"places": "places", "groups": "actors", "types": "event_types", "review": "review"}[event.selection_list.id or ""]
        self.post_message(self.Changed(**{key: tuple(event.selection_list.selected)}))
