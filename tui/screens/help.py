"""? — every key binding of every screen, generated from the bindings themselves (with their ids)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable

from tui.screens.incident import IncidentScreen
from tui.screens.main import MainScreen
from tui.screens.map import MapScreen
from tui.screens.summary import CellScreen, SummaryScreen
from tui.screens.victims import VictimsScreen
from tui.widgets.incident_list import IncidentList
from tui.widgets.map_canvas import MapCanvas
from tui.widgets.register import RegisterList


def binding_rows() -> list[tuple[str, str, str, str]]:
    """(where, keys, id, what) for the app, each screen and the timeline list."""
    from tui.app import RasdApp

    where = [("everywhere", RasdApp), ("timeline", MainScreen), ("list", IncidentList), ("incident", IncidentScreen),
             ("summary", SummaryScreen), ("cell", CellScreen), ("victims", VictimsScreen), ("register", RegisterList), ("map", MapScreen), ("map", MapCanvas)]
    rows = []
    for name, owner in where:
        for b in owner.BINDINGS:
            if isinstance(b, Binding):
                rows.append((name, b.key.replace("question_mark", "?").replace("slash", "/"), b.id or "", b.description))
    rows.append(("everywhere", "ctrl+p", "app.command_palette", "palette: go to a town / group, export, open the map (zoom it there)"))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark", "dismiss", "close", id="help.close")]

    def compose(self) -> ComposeResult:
        table = DataTable(id="help-table", cursor_type="row")
        table.border_title = "keys (Escape closes)"
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("where", "key", "id", "what")
        for row in binding_rows():
            table.add_row(*(Text(cell) for cell in row))
        table.focus()
