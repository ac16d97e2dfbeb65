"""Drawing the map into terminal cells: a faint dot in every cell that holds one of the gazetteer's
communities (the country's shape), braille discs (2×4 dots per cell) sized by each place's total,
a glyph per event type on each place, governorate names shaped via tui/rtl.py.

Pure functions of the data and the size (no Textual): the map screen runs `draw` in a thread
worker and hands the finished cells to its widget. Longitude is scaled by cos(latitude) and a
braille dot is about square (a cell is twice as tall as wide, 4 dots tall and 2 wide), so the
country keeps its shape at any terminal size.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal, Sequence

from rich.cells import cell_len

from store.model import Governorate, MapPoint
from tui import rtl

SizeBy = Literal["incidents", "killed"]
Bounds = tuple[float, float, float, float]   # south, north, west, east
SYRIA: Bounds = (32.25, 37.4, 35.55, 42.45)

# event type -> (glyph, colour): glyphs tell the types apart where colours cannot (16 colours, none)
KINDS: dict[str, tuple[str, str]] = {
    "battles": ("✕", "bright_red"),
    "explosions": ("✱", "bright_yellow"),
    "violence-against-civilians": ("▲", "bright_magenta"),
    "protests": ("◆", "bright_cyan"),
    "riots": ("✚", "bright_green"),
    "strategic-developments": ("■", "bright_blue"),
}
OTHER = ("●", "white")
_BRAILLE_BIT = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))   # [dot row][dot column]
RADIUS = {1: 0, 2: 1, 3: 2, 4: 3}   # a mark's disc radius in dots by size class
BACKDROP_DOT = "⠂"                   # a cell with communities in it

# what a cell holds: the character and a style name the widget maps to a rich Style
Cell = tuple[str, str]
BACKDROP, LABEL, BLANK = "backdrop", "label", ""


@dataclass(frozen=True)
class Projection:
    """lat/lon -> dot (x, y) for a map `cols` × `rows` cells showing `bounds`, centred."""
    bounds: Bounds
    cols: int
    rows: int

    @cached_property
    def _scale(self) -> tuple[float, float, float, float]:
        south, north, west, east = self.bounds
        k = math.cos(math.radians((south + north) / 2))
        dots_w, dots_h = self.cols * 2, self.rows * 4
        per_unit = min(dots_w / max(1e-9, (east - west) * k), dots_h / max(1e-9, north - south))
        pad_x = (dots_w - (east - west) * k * per_unit) / 2
        pad_y = (dots_h - (north - south) * per_unit) / 2
        return k * per_unit, per_unit, pad_x, pad_y

    def dot(self, lat: float, lon: float) -> tuple[int, int]:
        sx, sy, pad_x, pad_y = self._scale
        south, north, west, _ = self.bounds
        return int(pad_x + (lon - west) * sx), int(pad_y + (north - lat) * sy)

    def cell(self, lat: float, lon: float) -> tuple[int, int]:
        x, y = self.dot(lat, lon)
        return x // 2, y // 4

    def inside(self, col: int, row: int) -> bool:
        return 0 <= col < self.cols and 0 <= row < self.rows


def size_class(value: int, biggest: int) -> int:
    """1-4 by the square root of the share of the biggest value (area follows the number)."""
    if value <= 0 or biggest <= 0:
        return 1
    return 1 + min(3, int(3 * math.sqrt(value / biggest) + 0.5))


def kind_of(event_type: str) -> tuple[str, str]:
    return KINDS.get(event_type, OTHER)


@dataclass(frozen=True)
class Drawing:
    """The finished map: rows of cells, and where each place's mark sits (for the cursor)."""
    cells: tuple[tuple[Cell, ...], ...]
    at: dict[str, tuple[int, int]]      # place key -> (col, row) of its glyph
    pos: dict[str, tuple[int, int]]     # place key -> its true position in dots (for moving the cursor)
    shown: tuple[MapPoint, ...]          # the places inside the view, biggest first
    sizes: dict[str, int]               # place key -> size class 1-4 of its mark


def zoom_bounds(gov: Governorate) -> Bounds:
    south, north, west, east = gov.bounds
    pad = max(0.05, 0.08 * max(north - south, east - west))
    return south - pad, north + pad, west - pad, east + pad


@lru_cache(maxsize=8)
def land_cells(backdrop: tuple[tuple[float, float, str | None], ...], proj: Projection) -> frozenset[tuple[int, int]]:
    """Cells holding at least one community (kept for the last few sizes and zooms: the backdrop
    does not change with the filter)."""
    return frozenset(proj.cell(lat, lon) for lat, lon, _gov in backdrop)


@lru_cache(maxsize=256)
def _shown_name(name: str, mode: str) -> str:
    return rtl.visual(name)


def draw(points: Sequence[MapPoint], backdrop: Sequence[tuple[float, float, str | None]],
         governorates: Sequence[Governorate], cols: int, rows: int, size_by: SizeBy = "incidents",
         bounds: Bounds = SYRIA) -> Drawing:
    proj = Projection(bounds, max(1, cols), max(1, rows))
    land = land_cells(tuple(backdrop), proj)
    mark_bits = [[0] * proj.cols for _ in range(proj.rows)]
    mark_style = [[BLANK] * proj.cols for _ in range(proj.rows)]
    glyphs: dict[tuple[int, int], Cell] = {}

    def put(bits: list[list[int]], x: int, y: int) -> bool:
        col, row = x // 2, y // 4
        if 0 <= x and 0 <= y and proj.inside(col, row):
            bits[row][col] |= _BRAILLE_BIT[y % 4][x % 2]
            return True
        return False

    shown = sorted((p for p in points if proj.inside(*proj.cell(p.lat, p.lon))), key=lambda p: -getattr(p, size_by))
    biggest = max((getattr(p, size_by) for p in shown), default=0)
    at: dict[str, tuple[int, int]] = {}
    pos: dict[str, tuple[int, int]] = {}
    sizes = {p.key: size_class(getattr(p, size_by), biggest) for p in shown}
    # biggest first, so smaller marks are drawn over the discs of bigger ones and stay visible
    for p in shown:
        glyph, colour = kind_of(p.event_type)
        cx, cy = proj.dot(p.lat, p.lon)
        r = RADIUS[sizes[p.key]]
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                if r and dx * dx + dy * dy <= r * r + r and put(mark_bits, cx + dx, cy + dy):
                    mark_style[(cy + dy) // 4][(cx + dx) // 2] = colour
        cell = _free_cell(proj, glyphs, (cx // 2, cy // 4))
        if cell is not None:  # else: the bigger places all around hide it (the cursor cannot reach it)
            glyphs[cell] = (glyph, colour)
            at[p.key] = cell
            pos[p.key] = (cx, cy)

    grid: list[list[Cell]] = []
    for row in range(proj.rows):
        line: list[Cell] = []
        for col in range(proj.cols):
            if (col, row) in glyphs:
                line.append(glyphs[col, row])
            elif mark_bits[row][col]:
                line.append((chr(0x2800 + mark_bits[row][col]), mark_style[row][col]))
            elif (col, row) in land:
                line.append((BACKDROP_DOT, BACKDROP))
            else:
                line.append((" ", BLANK))
        grid.append(line)
    _label(grid, proj, governorates, set(glyphs))
    return Drawing(tuple(tuple(line) for line in grid), at, pos, tuple(shown), sizes)


_NEAR = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1), (2, 0), (-2, 0)]


def _free_cell(proj: Projection, glyphs: dict, cell: tuple[int, int]) -> tuple[int, int] | None:
    """The place's own cell, or the nearest free one when a bigger place's glyph is there already
    (neighbouring towns share a cell at country scale; each keeps a glyph the cursor can reach)."""
    for dx, dy in _NEAR:
        c = (cell[0] + dx, cell[1] + dy)
        if proj.inside(*c) and c not in glyphs:
            return c
    return None


def _label(grid: list[list[Cell]], proj: Projection, governorates: Sequence[Governorate],
           taken: set[tuple[int, int]]) -> None:
    """Governorate names, shaped and reordered, centred on their seat, moved up or down a row to
    keep clear of the places' glyphs and other names (left out where no row is free)."""
    for gov in governorates:
        text = _shown_name(gov.name_ar, rtl.get_mode())
        n = cell_len(text)
        col, row = proj.cell(gov.lat, gov.lon)
        start = max(0, min(proj.cols - n, col - n // 2))
        for r in (row, row + 1, row - 1, row + 2, row - 2):
            span = {(start + k, r) for k in range(-1, n + 1)}
            if 0 <= r < proj.rows and n <= proj.cols and not span & taken:
                for k, ch in enumerate(text):
                    grid[r][start + k] = (ch, LABEL)
                taken |= span
                break


def step(pos: dict[str, tuple[int, int]], current: str, dx: int, dy: int) -> str:
    """The place nearest `current` in direction (dx, dy), by true positions in (square) dots: ahead
    of it, off the line as little as possible (the offset costs double). `current` when none is."""
    if current not in pos:
        return current
    x0, y0 = pos[current]
    best, best_score = current, math.inf
    for key, (x, y) in pos.items():
        along = (x - x0) * dx + (y - y0) * dy
        across = abs((x - x0) * dy) + abs((y - y0) * dx)
        if key == current or along < 0 or (along == 0 and across == 0):
            continue
        score = along + 2 * across
        if along == 0:      # beside it, exactly across the line: only if nothing lies ahead
            score += 10_000
        if score < best_score:
            best, best_score = key, score
    return best
