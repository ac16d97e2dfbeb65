"""? — every key of every screen in words, generated from the bindings themselves, and how focus
moves (Esc, Tab). Wrapped to the screen's width, so it reads at 60 columns."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.screens.incident import IncidentScreen
from tui.screens.main import MainScreen
from tui.screens.map import MapScreen
from tui.screens.summary import CellScreen, SummaryScreen
from tui.screens.victims import VictimsScreen
from tui.widgets.arabic import Block, TextBlocks
from tui.widgets.filter_panel import CheckList
from tui.widgets.incident_list import IncidentList
from tui.widgets.map_canvas import MapCanvas
from tui.widgets.register import RegisterList

KEY_NAMES = {"question_mark": "?", "slash": "/", "greater_than_sign": ">", "escape": "Esc", "enter": "Enter",
             "space": "Space", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "up": "↑",
             "down": "↓", "left": "←", "right": "→", "tab": "Tab", "plus": "+", "equals_sign": "=", "minus": "-"}
FOCUS_RULES = [
    Block("Esc", "back: from a filter box or list to the timeline; from the incident, summary or help "
                 "screen to the one before; closes a dialog without doing anything"),
    Block("Tab", "next box (shift+Tab: previous): search, towns, groups, event types, review, dates, "
                 "timeline. Leaving a date box keeps what was typed in it"),
    Block("dates", "2018 is the whole year, 2018-04 the month, 2018-04-07 the day; Enter in \"from\" "
                   "with \"to\" empty shows that period; none shows the reports without a date"),
    Block("lists", "open on their first row; ↑↓ or j k move, Space or Enter ticks (✓) a row"),
]


def key_text(key: str) -> str:
    return " ".join(KEY_NAMES.get(k, k) for k in key.split(","))


def binding_rows() -> list[tuple[str, str, str]]:
    """(where, keys, what) for the app, each screen and the lists."""
    from tui.app import RasdApp

    where = [("everywhere", RasdApp), ("timeline", MainScreen), ("list", IncidentList), ("filter lists", CheckList),
             ("incident", IncidentScreen), ("summary", SummaryScreen), ("cell", CellScreen), ("victims", VictimsScreen),
             ("register", RegisterList), ("map", MapScreen), ("map", MapCanvas)]
    rows = []
    for name, owner in where:
        for b in owner.BINDINGS:
            if isinstance(b, Binding):
                rows.append((name, key_text(b.key), b.description))
    rows.append(("everywhere", "ctrl+p", "palette: go to a town, region or group by name; export; open the map (zoom it there)"))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark", "dismiss", "close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "keys (Esc closes)"
            sections: dict[str, list[Block]] = {}
            for where, keys, what in binding_rows():
                sections.setdefault(where, []).append(Block(keys, what))
            for where, blocks in sections.items():
                yield Label(where, classes="section")
                yield TextBlocks(blocks, label_width=13)
            yield Label("focus", classes="section")
            yield TextBlocks(FOCUS_RULES, label_width=13)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
