"""The filter side panel: search, towns, armed groups, event types, review status, dates.

The panel owns no filter state: it posts `FilterPanel.Changed` and the screen (which holds the
`Filter`) calls `sync()` with fresh facet counts from the store.
"""
from __future__ import annotations

from datetime import date

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from store.model import Facet, Filter, parse_period
from tui import rtl
from tui.naming import Naming, place_cell
from tui.widgets.arabic import FieldsLine

NAME_CELLS = 11   # at the narrowest panel; wider panels give names more room
CHECKBOX_CELLS = 2
COUNT_CELLS = 5
REVIEW_STATES = ("verified", "needs-check", "rejected", "unreviewed")
NO_DATE_WORDS = ("none", "no date", "-")   # typed in a date box: only the incidents without a date
CHECKED, UNCHECKED = "✓ ", "  "


def parse_day(text: str, end: bool = False) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD (store.model.parse_period): its first day, or with end=True its last."""
    return parse_period(text)[end]


def compact(n: int) -> str:
    """At most 5 cells: 9,999 · 12k · 1.2M."""
    if n < 10_000:
        return f"{n:,}"
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M"


def facet_prompt(name: str, f: Facet, name_cells: int = NAME_CELLS, lang: str = "ar") -> Text:
    """Name then count; sub-levels are indented at the start of the reading direction, and the top
    level is bold. A place name shared with others carries its tag (إدلب · محافظة, إدلب · مدينة),
    cut before the name is."""
    indent = " " * min(f.level, 2)
    cells = name_cells - len(indent)
    rtl_name = rtl.has_arabic(name)
    fitted = place_cell(name, cells, "ar" if lang == "ar" else "en", "right" if rtl_name else "left")
    named = fitted + indent if rtl_name else indent + fitted
    return Text.assemble((named, "bold" if f.level == 0 else ""), (compact(f.count).rjust(COUNT_CELLS), "dim"),
                         no_wrap=True)


class CheckList(SelectionList[str]):
    """A multi-select list whose selection reads without colour (✓ or a blank before each row),
    moved with j/k as well as the arrows, and that opens on its first row highlighted."""

    BINDINGS = [Binding("j", "cursor_down", "down", show=False), Binding("k", "cursor_up", "up", show=False)]

    def _get_left_gutter_width(self) -> int:
        return len(CHECKED)

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)       # the prompt alone; the mark replaces Textual's button
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        chosen = selection.value in self._selected
        style = next(iter(line)).style or self.rich_style
        mark = Segment(CHECKED if chosen else UNCHECKED, style + self.get_component_rich_style(
            "selection-list--button-selected" if chosen else "selection-list--button", partial=True))
        return Strip([mark, *line])

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class FacetList(CheckList):
    """Facets with counts; keeps selected keys even when their count is 0."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._filled: tuple[list[Facet], Naming, str] | None = None   # what fill() showed, for a resize
        self._cells = 0

    def fill(self, facets: list[Facet], selected: tuple[str, ...], naming: Naming, kind: str) -> None:
        highlighted = self.highlighted
        known = {f.key for f in facets}
        missing = [Facet(k, naming.key(kind, k), naming.key(kind, k), 0) for k in selected if k not in known]
        self._filled, self._cells = (facets, naming, kind), self._name_cells()
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            self.add_options([Selection(facet_prompt(naming.facet(f), f, self._cells, naming.lang), f.key,
                                        f.key in selected) for f in missing + facets])
        if self.option_count:
            self.highlighted = min(highlighted or 0, self.option_count - 1)

    def _name_cells(self) -> int:
        return max(NAME_CELLS, self.scrollable_content_region.width - CHECKBOX_CELLS - COUNT_CELLS - 1)

    def on_resize(self) -> None:
        """The prompts are fitted to the width: a new width fits them again once laid out (the
        ticks stay)."""
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self._filled is not None and self._name_cells() != self._cells:
            facets, naming, kind = self._filled
            self.fill(facets, tuple(self.selected), naming, kind)


class FilterPanel(VerticalScroll):
    """Everything that narrows the timeline; every change posts one `Changed`."""

    class Changed(Message):
        def __init__(self, **changes) -> None:
            super().__init__()
            self.changes = changes

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._typed: dict[str, str] = {}    # date box -> the text last applied from it

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"search / {rtl.visual('بحث')}", id="search")  # chrome is displayed text too
        yield FieldsLine(id="search-preview")
        for ident, title in (("places", "towns (t)"), ("groups", "groups (g)"), ("types", "event types (y)")):
            lst = FacetList(id=ident, classes="facets")
            lst.border_title = title
            yield lst
        review = FacetList(id="review")
        review.border_title = "review (r)"
        yield review
        with Vertical(id="dates") as dates:
            dates.border_title = "dates (d): YYYY[-MM[-DD]]"
            yield Input(placeholder="from (2018: the year)", id="date-from")
            yield Input(placeholder="to", id="date-to")

    def sync(self, f: Filter, places: list[Facet], groups: list[Facet], types: list[Facet], naming: Naming,
             reviews: list[Facet] = ()) -> None:
        """Show the filter `f` with fresh counts (without posting Changed)."""
        self.query_one("#places", FacetList).fill(places, f.places, naming, "place")
        self.query_one("#groups", FacetList).fill(groups, f.actors, naming, "actor")
        self.query_one("#types", FacetList).fill(types, f.event_types, naming, "type")
        counted = {r.key: r for r in reviews}
        self.query_one("#review", FacetList).fill([counted.get(s, Facet(s, s, s, 0)) for s in REVIEW_STATES],
                                                  f.review, naming, "review")
        with self.prevent(Input.Changed):
            search = self.query_one("#search", Input)
            if search.value != f.text and not search.has_focus:  # never wipe what is being typed
                search.value = f.text
                self.show_preview(f.text)
            for ident, day in (("#date-from", f.date_from), ("#date-to", f.date_to)):
                box = self.query_one(ident, Input)
                if not box.has_focus:
                    box.value = "none" if f.undated and ident == "#date-from" else day.isoformat() if day else ""
                    self._typed[ident[1:]] = box.value

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
        self._date_typed(event.input, submitted=True)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """Leaving a date box (Tab to "to") keeps what was typed in it."""
        event.stop()
        if event.input.id in ("date-from", "date-to"):
            self._date_typed(event.input, submitted=False)

    def _date_typed(self, box: Input, submitted: bool) -> None:
        """A day, month or year is a whole period: Enter in "from" with "to" empty shows that period
        (2018 = the year); with a "to", or on leaving the box, "from" is the period's first day and
        "to" its last."""
        end = box.id == "date-to"
        text = box.value.strip()
        if not submitted and self._typed.get(box.id) == text:
            return          # nothing new since it was applied
        self._typed[box.id or ""] = text
        if text.lower() in NO_DATE_WORDS:
            self.post_message(self.Changed(undated=True, date_from=None, date_to=None))
            return
        try:
            period = parse_period(text) if text else None
        except ValueError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        to_box = self.query_one("#date-to", Input)
        if submitted and not end and period and not to_box.value.strip():
            to_box.value = period[1].isoformat()
            self.post_message(self.Changed(undated=False, date_from=period[0], date_to=period[1]))
            return
        self.post_message(self.Changed(undated=False, **{"date_to" if end else "date_from": period[end] if period else None}))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        key = {"places": "places", "groups": "actors", "types": "event_types", "review": "review"}[event.selection_list.id or ""]
        self.post_message(self.Changed(**{key: tuple(event.selection_list.selected)}))
