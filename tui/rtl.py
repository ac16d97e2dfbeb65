"""Everything between a stored string and the terminal: sanitise, shape, wrap, reorder, align.

This is the only module that prepares text for display (DESIGN.md, Arabic text rules 1-6):

    sanitise -> shape (arabic_reshaper, Allah ligature off, harakat dropped)
             -> wrap / truncate by terminal cells in LOGICAL order
             -> reorder each line (bidi.algorithm, base direction R for Arabic fields)
             -> right-align RTL lines.

Widgets get rich `Text` objects or plain visual strings from here, never markup strings, so
article text can neither inject escape sequences nor run Textual actions.

In `terminal` mode (for terminals that reorder RTL themselves) text is sanitised and measured but
sent in logical order, unshaped.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Iterable, Literal, Sequence

import arabic_reshaper
from bidi import algorithm as _bidi
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from extract.text import sanitize

BidiMode = Literal["app", "terminal"]
ELLIPSIS = "…"
# CSI 8 l / CSI 8 h: tell a bidi-aware terminal that the application does the reordering (BDSM).
BIDI_APP_ENTER = "\x1b[8l"
BIDI_APP_EXIT = "\x1b[8h"

_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_SPACE = re.compile(r"\s+")
_reshaper = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": True, "support_ligatures": True, "ARABIC LIGATURE ALLAH": False}
)


class _Options(dict):
    """The reshaper's switches read once: `reshape` asks its ConfigParser for six booleans on every
    call, which was 80% of the time to shape a name (0.093 → 0.020 ms)."""

    def getboolean(self, key: str) -> bool:
        return self[key]


_reshaper._ligatures_re       # built from the ligature switches first (a cached property)
_reshaper.configuration = _Options((key, _reshaper.configuration.getboolean(key)) for key in (
    "delete_harakat", "delete_tatweel", "support_zwj", "shift_harakat_position",
    "use_unshaped_instead_of_isolated", "support_ligatures"))
_mode: BidiMode = "app"

StyleRun = tuple[str, Style | str | None]


def choose_mode(arg: str | None) -> BidiMode:
    """--bidi wins, then $RASD_BIDI, then "app"; anything else is an error the CLI reports."""
    value = (arg or os.environ.get("RASD_BIDI") or "app").strip().lower()
    if value not in ("app", "terminal"):
        raise ValueError(f"RASD_BIDI must be 'app' or 'terminal', not {value!r}")
    return value  # type: ignore[return-value]


def set_mode(mode: BidiMode) -> None:
    global _mode
    _mode = mode
    _cell.cache_clear()


def get_mode() -> BidiMode:
    return _mode


def has_arabic(s: str) -> bool:
    return _ARABIC_LETTER.search(s) is not None


def clean(s: str | None) -> str:
    """Sanitised single-line text: controls gone, runs of whitespace (incl. newlines) collapsed."""
    return _SPACE.sub(" ", sanitize(s or "")).strip()


def shape(s: str) -> str:
    """Joined presentation forms (logical order). Identity in terminal mode or for non-Arabic."""
    if _mode == "terminal" or not has_arabic(s):
        return s
    return _shape_short(s) if len(s) <= SHAPE_CACHED_CHARS else _reshaper.reshape(s)


MIN_FRAGMENT = 3           # letters of a word cut inside that are still worth showing
SHAPE_CACHED_CHARS = 160   # names and cells repeat on every repaint; paragraphs are shaped once


@lru_cache(maxsize=16384)
def _shape_short(s: str) -> str:
    """Names a list repaints are shaped once."""
    return _reshaper.reshape(s)


def width(s: str) -> int:
    """Terminal cells the string takes once shaped (lam-alef: 2 letters, 1 cell)."""
    return cell_len(shape(clean(s)))


def _cut(shaped: str, cells: int) -> str:
    """The longest logical prefix of `shaped` that fits in `cells`; a word cut inside keeps at least
    three of its letters or goes whole ("قوات الحكو…", "Syrian reg…": a bare "قوات…" or "Syrian…"
    names no group; "Islamic…", not "Islamic St…")."""
    out, used = [], 0
    for ch in shaped:
        w = cell_len(ch)
        if used + w > cells:
            break
        out.append(ch)
        used += w
    kept = "".join(out)
    inside_word = len(out) < len(shaped) and shaped[len(out)] != " "
    space = kept.rfind(" ")
    if inside_word and space > 0 and cell_len(kept[space + 1:]) < MIN_FRAGMENT:
        kept = kept[:space]
    return kept.rstrip()


def truncate(shaped: str, cells: int) -> str:
    """Keep the logical start, end with "…" (before reordering, so the cut is at the logical end)."""
    if cell_len(shaped) <= cells:
        return shaped
    if cells <= 1:
        return ELLIPSIS[:cells]
    return _cut(shaped, cells - 1) + ELLIPSIS


def reorder(line: str) -> str:
    """Visual order for one already-shaped line (base direction R when it holds Arabic)."""
    if _mode == "terminal" or not has_arabic(line):
        return line
    return _bidi.get_display(line, base_dir="R")


def reorder_with_map(line: str) -> tuple[str, list[int]]:
    """Like `reorder`, plus for every visual position the logical index it came from (for styles).

    Runs the same steps as bidi.algorithm.get_display, tagging each character with its index.
    """
    if _mode == "terminal" or not has_arabic(line):
        return line, list(range(len(line)))
    storage = _bidi.get_empty_storage()
    storage["base_level"] = _bidi.PARAGRAPH_LEVELS["R"]
    storage["base_dir"] = "R"
    _bidi.get_embedding_levels(line, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["i"] = i
    _bidi.explicit_embed_and_overrides(storage)
    _bidi.resolve_weak_types(storage)
    _bidi.resolve_neutral_types(storage, False)
    _bidi.resolve_implicit_levels(storage, False)
    _bidi.reorder_resolved_levels(storage, False)
    _bidi.apply_mirroring(storage, False)
    chars = storage["chars"]
    return "".join(c["ch"] for c in chars), [c["i"] for c in chars]


def _pad(visual: str, cells: int, rtl: bool) -> str:
    gap = " " * max(0, cells - cell_len(visual))
    return gap + visual if rtl else visual + gap


@lru_cache(maxsize=8192)
def _cell(s: str, cells: int, align: str) -> str:
    shaped = shape(clean(s))
    rtl = has_arabic(shaped) if align == "auto" else align == "right"
    return _pad(reorder(truncate(shaped, cells)), cells, rtl)


def cell(s: str | None, cells: int, align: Literal["auto", "left", "right"] = "auto") -> str:
    """One table cell: exactly `cells` wide, visual order, RTL right-aligned (cached: names repeat)."""
    return _cell(s or "", max(0, cells), align)


def visual(s: str | None) -> str:
    """One line of any length in visual order (sanitised, shaped, reordered), not padded."""
    return reorder(shape(clean(s)))


def text(s: str | None, style: Style | str = "") -> Text:
    """A one-line rich Text of a field (no markup parsing; for labels, list items, hits)."""
    return Text(visual(s), style=style, no_wrap=True, overflow="ellipsis")


def fit(s: str | None, cells: int, style: Style | str = "", align: Literal["auto", "left", "right"] = "auto") -> Text:
    return Text(cell(s, cells, align), style=style, no_wrap=True)


def fields(parts: Iterable[StyleRun], cells: int, sep: str = "") -> Text:
    """Join independent fields left to right (each reordered on its own) into at most `cells` cells.

    A field that does not fit is truncated in logical order; later fields are dropped.
    """
    out = Text(no_wrap=True)
    used = 0
    for i, (raw, style) in enumerate(parts):
        piece = (sep if i and sep else "") + _SPACE.sub(" ", sanitize(raw or ""))
        shaped = shape(piece)
        need = cell_len(shaped)
        if used + need > cells:
            room = cells - used
            if room > 1:
                out.append(reorder(truncate(shaped, room)), style or "")
            break
        out.append(reorder(shaped), style or "")
        used += need
    return out


def _snap(text_: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Widen highlight spans to word boundaries so every style run can be shaped on its own."""
    out = []
    n = len(text_)
    for start, end in sorted(spans):
        start, end = max(0, min(start, n)), max(0, min(end, n))
        while start > 0 and not text_[start - 1].isspace():
            start -= 1
        while end < n and not text_[end].isspace():
            end += 1
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        elif start < end:
            out.append((start, end))
    return out


def _styled_chars(text_: str, spans: Sequence[tuple[int, int]], mark: Style | str) -> list[tuple[str, Style | str]]:
    """Sanitise and shape run by run (runs split at whitespace, so joining is never broken)."""
    runs: list[tuple[str, Style | str]] = []
    pos = 0
    for start, end in _snap(text_, spans):
        runs.append((text_[pos:start], ""))
        runs.append((text_[start:end], mark))
        pos = end
    runs.append((text_[pos:], ""))
    chars: list[tuple[str, Style | str]] = []
    for chunk, style in runs:
        chars.extend((ch, style) for ch in shape(sanitize(chunk)))
    return chars


def _wrap(chars: list[tuple[str, Style | str]], cells: int) -> list[list[tuple[str, Style | str]]]:
    """Greedy word wrap in logical order by terminal cells; over-long words are split."""
    lines: list[list[tuple[str, Style | str]]] = []
    line: list[tuple[str, Style | str]] = []
    used = 0
    words: list[list[tuple[str, Style | str]]] = []
    word: list[tuple[str, Style | str]] = []
    for item in chars:
        if item[0] == " ":
            if word:
                words.append(word)
            word = []
        else:
            word.append(item)
    if word:
        words.append(word)
    for word in words:
        w = sum(cell_len(c) for c, _ in word)
        if line and used + 1 + w > cells:
            lines.append(line)
            line, used = [], 0
        if line:
            line.append((" ", line[-1][1] if line[-1][1] == word[0][1] else ""))
            used += 1
        while w > cells:
            head, rest, hw = [], list(word), 0
            while rest and hw + cell_len(rest[0][0]) <= cells - used:
                hw += cell_len(rest[0][0])
                head.append(rest.pop(0))
            if not head and not line:
                head.append(rest.pop(0))
            lines.append(line + head)
            line, used = [], 0
            word = rest
            w = sum(cell_len(c) for c, _ in word)
        line.extend(word)
        used += w
    if line or not lines:
        lines.append(line)
    return lines


def paragraphs(
    s: str | None,
    cells: int,
    highlight: Sequence[tuple[int, int]] = (),
    mark: Style | str = "reverse",
) -> list[Text]:
    """A long text as display lines `cells` wide; `highlight` offsets index into `s` (evidence)."""
    s = s or ""
    cells = max(4, cells)
    out: list[Text] = []
    pos = 0
    for para in s.split("\n"):
        local = [(a - pos, b - pos) for a, b in highlight if b > pos and a < pos + len(para)]
        pos += len(para) + 1
        chars = [(" " if c in "\t" else c, st) for c, st in _styled_chars(para, local, mark)]
        if not "".join(c for c, _ in chars).strip():
            out.append(Text(""))
            continue
        rtl = has_arabic("".join(c for c, _ in chars))
        for line in _wrap(chars, cells):
            logical = "".join(c for c, _ in line)
            vis, order = reorder_with_map(logical)
            t = Text(no_wrap=True)
            t.append(" " * max(0, cells - cell_len(vis)) if rtl else "")
            for i, ch in zip(order, vis):
                t.append(ch, line[i][1] or None)
            out.append(t)
    return out
