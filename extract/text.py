"""Arabic text hygiene: sanitising for storage/display, folding for matching, sentences and tokens.

Extraction matches over *folded* text (no harakat or tatweel, one spelling of alef/ya/ta-marbuta,
ASCII digits) but evidence must point into the article *as published*. `fold` therefore keeps an
offset map (`Folded.orig_at`) from every folded character back to the original string.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate

# --- sanitize ---------------------------------------------------------------------------------

# Escape sequences are removed whole so their parameters ("[31m", "]0;title") do not survive as
# visible junk. String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST within one line and
# 4096 characters; an unterminated one loses only its introducer (the rest is harmless once ESC
# is gone), so a stray introducer never swallows article text up to some distant BEL. Bodies
# also stop at the next introducer, which keeps the scan linear on adversarial input.
_ESCAPES = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\n\x90\x98\x9c-\x9f]{0,4096}(?:\x07|\x1b\\|\x9c)"  # OSC…
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"                                          # CSI (7- and 8-bit)
    r"|\x1b[ -/]*[0-~]?"                                                             # other ESC sequences
)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
# C0 except \t \n, DEL, C1, bidi controls (ALM, LRM, RLM, embeddings/overrides, isolates), BOM.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+"
)


def sanitize(s: str) -> str:
    """Text safe to store and to print: NFKC, \\n line ends, no escape sequences or controls."""
    s = _ESCAPES.sub("", s)
    s = _LINE_BREAKS.sub("\n", s)
    if not unicodedata.is_normalized("NFKC", s):
        s = unicodedata.normalize("NFKC", s)
    return _CONTROLS.sub("", s)


# --- fold -------------------------------------------------------------------------------------

_ARABIC_FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۀ": "ه", "ى": "ي", "ی": "ي", "ې": "ي", "ؤ": "و", "ئ": "ي", "ک": "ك",
    "٫": ".", "٬": ",", "٪": "%",
    **{chr(0x660 + d): str(d) for d in range(10)},
    **{chr(0x6F0 + d): str(d) for d in range(10)},
}
# Harakat, superscript alef, tatweel, Quranic annotation marks, and invisible format characters
# (ZW space/joiners, bidi marks, word joiner, BOM, soft hyphen) that would split or hide words.
_DELETED = (
    "\u064b-\u065f\u0670\u0640\u0610-\u061a\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
)
_DELETED_RE = re.compile(f"[{_DELETED}]")

# Code points whose NFKC form differs from themselves live in these ranges (Latin-1 compatibility
# characters, the Arabic block, spacing/ligature blocks, Arabic presentation forms, fullwidth
# forms, math letters…); every folded or deleted character above is inside them too.
_NFKC_RANGES = ((0x00A0, 0x33FF), (0xA000, 0xABFF), (0xF900, 0xFFFF), (0x1D400, 0x1D7FF),
                (0x1EE00, 0x1EEFF), (0x1F100, 0x1F2FF), (0x2F800, 0x2FA1F))


def _build_table() -> dict[int, str]:
    """Per-code-point fold (NFKC, then Arabic folds and deletions)."""
    table: dict[int, str] = {}
    for lo, hi in _NFKC_RANGES:
        for cp in range(lo, hi + 1):
            c = chr(cp)
            n = unicodedata.normalize("NFKC", c)
            if n == c and c not in _ARABIC_FOLDS and not _DELETED_RE.match(c):
                continue
            out = _DELETED_RE.sub("", "".join(_ARABIC_FOLDS.get(x, x) for x in n))
            if out != c:
                table[cp] = out
    return table


def _char_class(chars: list[str]) -> str:
    """Regex class body for chars as ranges: a class of thousands of single characters is
    scanned several times slower than the same set as ranges."""
    spans: list[list[int]] = []
    for cp in sorted(map(ord, chars)):
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans)


_TABLE = _build_table()
_SHIFT_LEN = {chr(cp): len(out) for cp, out in _TABLE.items() if len(out) != 1}
# str.translate looks every character up in the table; news text is mostly letters that stay as
# they are and a few common ones that fold one-to-one (ة أ إ ى ئ …). Those are replaced whole-text
# (a C scan each); what is left to fold is found as runs of anything outside ASCII and the
# unchanged Arabic letters, and translated run by run (the folds produce none of the replaced
# letters, so the order does not matter).
_COMMON = {chr(cp): _TABLE[cp] for cp in map(ord, "ةأإىئآؤ")}
_PLAIN = _char_class([chr(cp) for cp in range(0x600, 0x700) if cp not in _TABLE])
_TO_FOLD = re.compile(f"([^\\x00-\\x9f{_PLAIN}]+)")


class Folded:
    """Folded text plus the original it came from. orig_at(i) is the original offset of text[i]
    (orig_at(len(text)) == len(orig)); non-decreasing. The map is kept sparse, as the points where
    the offset shift changes (news has a few thousand in a megabyte)."""
    __slots__ = ("text", "orig", "_at", "_shift")

    def __init__(self, text: str, orig: str, at: list[int], shift: list[int]) -> None:
        self.text = text
        self.orig = orig
        self._at = at               # folded offsets, ascending, _at[0] == 0
        self._shift = shift         # from _at[k] on (until _at[k+1]), orig offset = i + _shift[k]

    def orig_at(self, i: int) -> int:
        return i + self._shift[bisect_right(self._at, i) - 1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) covering folded text[start:end], incl. marks deleted inside it."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        ostart = self.orig_at(start)
        if end == start:
            return ostart, ostart
        oend = self.orig_at(end)
        last = self.orig_at(end - 1)
        if oend <= last:  # end falls inside one expanded character (e.g. the lam-alef ligature)
            oend = last + 1
        return ostart, oend


def fold(s: str) -> Folded:
    """Fold for matching: see module doc. Everything not listed (punctuation, newlines) is kept."""
    text = s
    for c, out in _COMMON.items():
        text = text.replace(c, out)
    parts = _TO_FOLD.split(text)
    at, shift = [0], [0]
    pos = delta = 0                       # original offset, and original minus folded offset
    for k in range(1, len(parts), 2):
        pos += len(parts[k - 1])
        run = parts[k]
        parts[k] = run.translate(_TABLE)
        for c in run:                     # a mark deleted or a ligature expanded moves the shift
            n = _SHIFT_LEN.get(c, 1)
            if n != 1:
                for d in range(delta, delta - n, -1):   # an expansion's characters all map back to c
                    _shift_point(at, shift, pos - d, d)
                delta += 1 - n
                _shift_point(at, shift, pos + 1 - delta, delta)
            pos += 1
    return Folded("".join(parts), s, at, shift)


def _shift_point(at: list[int], shift: list[int], i: int, d: int) -> None:
    """From folded offset i on, the original offset is i + d (a later point at i replaces one)."""
    if at[-1] == i:
        shift[-1] = d
    else:
        at.append(i)
        shift.append(d)


def fold_text(s: str) -> str:
    """fold(s).text without the offset map, for lexicons and queries."""
    return s.translate(_TABLE)


# --- sentences and tokens -----------------------------------------------------------------------

# A sentence ends at . ! ? ؟ ۔ … (a run of them, plus closing quotes/brackets) or a line break.
# A dot between two ASCII letters/digits (3.5, enabbaladi.net, U.S) or after a one-letter word
# (the initial of “فراس ع.”, د. for doctor) does not end one; the Arabic comma ، never does.
_TERMINATOR = r"(?:[!?؟۔…]|\.(?<![\s“\"(«][^\W\d_]\.)(?!(?<=[A-Za-z0-9]\.)[A-Za-z0-9]))"
# Every alternative starts with one of a few characters; the lookahead names them, so the regex
# engine skips to the next one at C speed instead of trying the alternatives at every position.
_SENTENCE_END = re.compile(rf"(?=[\n!?؟۔….])(?:\n|{_TERMINATOR}+[\"'”’»)\]]*)")
_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_SPLIT = re.compile(r"([^\W_]+)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, whitespace-trimmed, each including its end punctuation. The spans of the
    last text asked about are kept (the place and the clause passes over one article both ask)."""
    global _last_sentences
    cached = _last_sentences
    if cached is None or cached[0] is not text:
        cached = _last_sentences = (text, _sentence_spans(text))
    return list(cached[1])


_last_sentences: tuple[str, list[tuple[int, int]]] | None = None


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    bounds = [0, *[m.end() for m in _SENTENCE_END.finditer(text)], len(text)]
    spans: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        chunk = text[a:b]
        rest = chunk.lstrip()
        if rest:
            a += len(chunk) - len(rest)
            spans.append((a, a + len(rest.rstrip())))
    return spans


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens: maximal runs of letters and digits (harakat split words: fold first)."""
    t = token_table(text)
    return list(zip(t.starts, t.ends, t.words))


class TokenTable:
    """The tokens of a text as parallel lists, built at C speed (one split, one accumulate) for
    the extractors that scan every token: words[k] is text[starts[k]:ends[k]] and seps[k] the
    text before it (seps[len(words)] is what trails the last token); glued[k] is joined(k) for
    0 <= k <= len(words), for scans that test it at every token; distinct is the set of words."""
    __slots__ = ("text", "words", "seps", "starts", "ends", "glued", "distinct")

    def __init__(self, text: str) -> None:
        parts = _TOKEN_SPLIT.split(text)
        offsets = list(accumulate(map(len, parts), initial=0))
        self.text = text
        self.words: list[str] = parts[1::2]
        self.seps: list[str] = parts[0::2]
        self.starts: list[int] = offsets[1:-1:2]
        self.ends: list[int] = offsets[2::2]
        glued = [s == " " or not s.strip(" \t") for s in self.seps]
        glued[0] = glued[-1] = False
        self.glued: list[bool] = glued
        self.distinct: frozenset[str] = frozenset(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def overlapping(self, a: int, b: int) -> range:
        """Indexes of the tokens that overlap text[a:b] (the first and last may stick out of it)."""
        return range(bisect_right(self.ends, a), bisect_left(self.starts, b))

    def joined(self, k: int) -> bool:
        """Whether token k exists and follows token k-1 across spaces only (no punctuation or
        line break), i.e. the two can belong to one phrase."""
        return 0 < k < len(self.glued) and self.glued[k]

    def next_word(self, k: int) -> str:
        """Token k if it is joined to token k-1, else ""."""
        return self.words[k] if 0 < k < len(self.glued) and self.glued[k] else ""


def indexes_where(t: TokenTable, keep: Callable[[str], object]) -> list[int]:
    """Indexes of the tokens whose word keep() accepts, asking it once per distinct word: the scans
    over every token of a text visit only the few that may start what they look for (a 1 MB
    article has some 170,000 tokens but 15,000 distinct words)."""
    wanted = {w for w in t.distinct if keep(w)}
    return [i for i, w in enumerate(t.words) if w in wanted]


_last_table: TokenTable | None = None


def token_table(text: str) -> TokenTable:
    """TokenTable of text; the last one is kept, so the number, date, place… passes over one
    article tokenise it once."""
    global _last_table
    table = _last_table
    if table is None or table.text is not text:
        table = _last_table = TokenTable(text)
    return table


# --- search terms -----------------------------------------------------------------------------

# Article forms: (و|ف)? (ب|ك|ل)? ال, and the contracted لل (ل + ال). Stems of >= 2 letters.
_ARTICLE_PREFIX = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل)(?=\w\w)")
# Bare one-letter proclitics only in front of stems of >= 3 letters ("ولد" stays "ولد").
_BARE_PREFIX = re.compile(r"^(?:[وف][بكل]?|[بكل])(?=\w\w\w)")


def search_term(token: str) -> str:
    """One folded token -> its index term (proclitics stripped, lower-cased)."""
    t = token.lower()
    stripped = _ARTICLE_PREFIX.sub("", t, count=1)
    if stripped == t:
        stripped = _BARE_PREFIX.sub("", t, count=1)
    return stripped


def search_terms(text: str) -> list[str]:
    """De-duplicated index terms of a text, in order of first appearance. The store runs the same
    function over documents and queries, so "والمدينة", "بالمدينة", "المدينة", "مدينة" meet."""
    distinct = dict.fromkeys(_TOKEN.findall(fold_text(text)))
    return list(dict.fromkeys(map(search_term, distinct)))
