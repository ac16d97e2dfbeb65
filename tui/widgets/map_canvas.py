"""The map widget: draws a finished `tui.mapdraw.Drawing` line by line (Line API) and keeps the
cursor, a place key, which moves from place to place with the arrows or hjkl."""
from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui import mapdraw


class MapCanvas(Widget, can_focus=True):
    BINDINGS = [
        Binding("left,h", "step(-1, 0)", "west", show=False, id="map.west"),
        Binding("right,l", "step(1, 0)", "east", show=False, id="map.east"),
        Binding("up,k", "step(0, -1)", "north", show=False, id="map.north"),
        Binding("down,j", "step(0, 1)", "south", show=False, id="map.south"),
        Binding("enter", "choose", "filter to place", id="map.choose"),
    ]
    COMPONENT_CLASSES = {"map--backdrop", "map--label", "map--cursor"}
    DEFAULT_CSS = """
    MapCanvas { width: 1fr; height: 1fr; }
    MapCanvas > .map--backdrop { color: $text-muted; }
    MapCanvas > .map--label { color: $text; text-style: bold; }
    MapCanvas > .map--cursor { text-style: reverse bold; }
    """

    cursor: reactive[str | None] = reactive(None)

    class Chosen(Message):
        """Enter on a place."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class Resized(Message):
        """The canvas has a new size: the map is drawn again for it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.drawing: mapdraw.Drawing | None = None

    def show(self, drawing: mapdraw.Drawing) -> None:
        """A new drawing; the cursor stays on its place if the place is still shown, else goes to the biggest."""
        self.drawing = drawing
        if self.cursor not in drawing.at:
            self.cursor = drawing.shown[0].key if drawing.shown else None
        self.refresh()

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    def _styles(self) -> dict[str, Style]:
        return {mapdraw.BACKDROP: self.get_component_rich_style("map--backdrop", partial=True),
                mapdraw.LABEL: self.get_component_rich_style("map--label", partial=True),
                mapdraw.BLANK: Style()}

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self.drawing is None or y >= len(self.drawing.cells):
            return Strip.blank(width, base)
        styles = self._styles()
        cursor_at = self.drawing.at.get(self.cursor) if self.cursor else None
        cursor_style = self.get_component_rich_style("map--cursor", partial=True)
        segments = []
        for x, (ch, look) in enumerate(self.drawing.cells[y]):
            if look not in styles:
                styles[look] = Style(color=look)
            style = base + styles[look]
            if cursor_at == (x, y):
                style += cursor_style
            segments.append(Segment(ch, style))
        return Strip(segments).simplify().crop_extend(0, width, base)

    def watch_cursor(self) -> None:
        self.refresh()

    def action_step(self, dx: int, dy: int) -> None:
        if self.drawing and self.cursor:
            self.cursor = mapdraw.step(self.drawing.pos, self.cursor, dx, dy)

    def action_choose(self) -> None:
        if self.cursor:
            self.post_message(self.Chosen(self.cursor))
