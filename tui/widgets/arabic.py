"""Widgets that draw text through tui/rtl.py at their own width (Textual never wraps or crops it).

Reordered text must not be wrapped again (DESIGN rule 3), so these widgets wrap in logical order
for the width they get and hand Textual finished lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from tui import rtl


@dataclass(frozen=True)
class Block:
    """A labelled paragraph: `label` (Latin, left column) and `text` wrapped beside it."""
    label: str
    text: str
    highlight: tuple[tuple[int, int], ...] = ()
    style: str = ""


class TextBlocks(Widget):
    """Labelled Arabic/Latin paragraphs (incident fields, victims, the source article)."""

    DEFAULT_CSS = "TextBlocks { height: auto; }"
    COMPONENT_CLASSES = {"text-blocks--label", "text-blocks--mark"}

    def __init__(self, blocks: Sequence[Block] = (), label_width: int = 12, **kwargs) -> None:
        super().__init__(**kwargs)
        self.blocks = tuple(blocks)
        self.label_width = label_width
        self._lines: list[Text] = []
        self._width = -1

    def update(self, blocks: Iterable[Block]) -> None:
        self.blocks = tuple(blocks)
        self._width = -1
        self.refresh(layout=True)

    def _layout(self, width: int) -> list[Text]:
        if width == self._width:
            return self._lines
        label_style = self.get_component_rich_style("text-blocks--label", partial=True)
        mark = self.get_component_rich_style("text-blocks--mark", partial=True)
        lines: list[Text] = []
        lw = self.label_width if any(b.label for b in self.blocks) else 0
        for block in self.blocks:
            body = rtl.paragraphs(block.text, width - lw, block.highlight, mark=mark)
            for i, line in enumerate(body or [Text("")]):
                out = Text(no_wrap=True)
                if lw:
                    out.append(rtl.cell(block.label if i == 0 else "", lw - 1, "left") + " ", label_style)
                line.stylize(block.style)
                out.append_text(line)
                lines.append(out)
        self._lines, self._width = lines, width
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._layout(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        lines = self._layout(width)
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        segments = list(lines[y].render(self.app.console))
        return Strip(segments).apply_style(self.rich_style).crop_extend(0, width, self.rich_style)


class FieldsLine(Widget):
    """One line of independent fields (each reordered on its own), cut to the widget width."""

    DEFAULT_CSS = "FieldsLine { height: 1; }"

    def __init__(self, parts: Sequence[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.parts = tuple(parts)

    def update(self, parts: Iterable[tuple[str, str]]) -> None:
        self.parts = tuple(parts)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if y:
            return Strip.blank(width, self.rich_style)
        text = rtl.fields(self.parts, width)
        segments = list(text.render(self.app.console))
        return Strip(segments).apply_style(self.rich_style).crop_extend(0, width, self.rich_style)

    @property
    def plain(self) -> str:
        return rtl.fields(self.parts, 10_000).plain

