"""tui/rtl.py on the seed article's real sentences: shaping, wrapping, reordering, truncation."""
from __future__ import annotations

import unicodedata

import pytest
from bidi.algorithm import get_display
from rich.cells import cell_len

from tui import rtl

HOSTILE = "جاسم\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eدرعا\u2066 [@click=app.quit]x[/] \x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\"


@pytest.fixture(autouse=True)
def app_mode():
    rtl.set_mode("app")
    yield
    rtl.set_mode("app")


@pytest.fixture()
def sentence(seed_text: str) -> str:
    # "فجرت المجموعات المحلية في مدينة جاسم شمالي درعا اليوم منزلاً كان يتحصن فيه 4 قادة من تنظيم داعش، …"
    return next(p for p in seed_text.split("\n") if p.startswith("فجرت"))


def _logical_words(visual_line: str) -> list[str]:
    """Undo the display: presentation forms back to letters (NFKC), words back to logical order."""
    return [unicodedata.normalize("NFKC", w[::-1]) for w in visual_line.split()][::-1]


def test_shape_joins_letters_and_keeps_allah_unligated():
    shaped = rtl.shape("جاسم")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)  # presentation forms = joined glyphs
    assert unicodedata.normalize("NFKC", shaped) == "جاسم"
    assert "\ufdf2" not in rtl.shape("الحمد لله والله")  # Allah ligature off
    assert rtl.shape("مَنْزِلاً") == rtl.shape("منزلا")  # harakat dropped


def test_width_counts_lam_alef_as_one_cell():
    assert rtl.width("لا") == 1
    assert rtl.width("منزلاً") == 4


def test_paragraph_wraps_in_logical_order_right_aligned(sentence: str):
    lines = [t.plain for t in rtl.paragraphs(sentence, 40)]
    assert len(lines) > 2
    assert all(cell_len(line) == 40 for line in lines)
    assert all(line.startswith(" ") or line == lines[0] for line in lines)  # right-aligned
    # reading each line right-to-left and the lines top-down gives the sentence back, word for word
    words = [w for line in lines for w in _logical_words(line)]
    original = unicodedata.normalize("NFKC", rtl.clean(sentence)).split()
    assert [w for w in words if not w.isdigit()] == [
        unicodedata.normalize("NFKC", rtl.shape(w)) for w in original if not w.isdigit()
    ]
    # the first line starts with the sentence's first word at the right edge
    assert _logical_words(lines[0])[0] == "فجرت"


def test_number_inside_arabic_stays_left_to_right():
    visual = rtl.visual("قتل 12 شخصا")
    assert "12" in visual and visual.index("12") > 0


def test_reorder_with_map_equals_get_display(sentence: str):
    shaped = rtl.shape(sentence)
    visual, order = rtl.reorder_with_map(shaped)
    assert visual == get_display(shaped, base_dir="R")
    assert sorted(order) == list(range(len(shaped)))


def test_brackets_are_mirrored():
    assert rtl.visual("(جاسم)").startswith("(") and rtl.visual("(جاسم)").endswith(")")


def test_truncate_keeps_the_logical_start(sentence: str):
    cell = rtl.cell(sentence, 20)
    assert cell_len(cell) == 20
    assert cell.lstrip().startswith("…")  # the cut (logical end) sits at the left in RTL
    assert _logical_words(cell.replace("…", ""))[0] == "فجرت"


def test_cell_is_exact_width_and_right_aligned_for_arabic():
    assert rtl.cell("جاسم", 10) == " " * 6 + rtl.visual("جاسم")
    assert rtl.cell("battles/armed-clash", 8) == "battles…"
    assert rtl.cell("isis", 6) == "isis  "


def test_evidence_highlight_survives_shaping_and_reordering(sentence: str):
    start = sentence.index("مدينة جاسم")
    lines = rtl.paragraphs(sentence, 50, [(start, start + len("مدينة جاسم"))], mark="reverse")
    marked = "".join(line.plain[s.start:s.end] for line in lines for s in line.spans)
    assert set(_logical_words(marked)) == {"مدينة", "جاسم"}


def test_hostile_text_loses_escapes_controls_and_markup_power():
    for out in (rtl.visual(HOSTILE), rtl.cell(HOSTILE, 30), "".join(t.plain for t in rtl.paragraphs(HOSTILE, 30))):
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
        assert not any(c in out for c in "\u202e\u2066\u2069\u200f")
    # markup stays literal text inside a rich Text (never parsed)
    assert "[@click=app.quit]" in rtl.text("[@click=app.quit]x[/]").plain


def test_fields_join_independent_fields_within_width():
    t = rtl.fields([("filters: ", ""), ("درعا", "bold"), (" › ", ""), ("isis", "")], 80)
    assert t.plain == "filters: " + rtl.visual("درعا") + " › isis"
    assert cell_len(rtl.fields([("x" * 50, ""), ("درعا", "")], 20).plain) <= 20


def test_terminal_mode_sends_logical_unshaped_text():
    rtl.set_mode("terminal")
    assert rtl.visual("جاسم \x1b[2Jدرعا") == "جاسم درعا"
    assert rtl.cell("جاسم", 6) == "  جاسم"


def test_choose_mode(monkeypatch):
    monkeypatch.delenv("RASD_BIDI", raising=False)
    assert rtl.choose_mode(None) == "app"
    monkeypatch.setenv("RASD_BIDI", "terminal")
    assert rtl.choose_mode(None) == "terminal"
    assert rtl.choose_mode("app") == "app"
    with pytest.raises(ValueError):
        rtl.choose_mode("both")


def test_truncation_keeps_three_letters_of_a_word_it_cuts_or_none():
    cell = rtl.cell("قوات النظام السوري", 14)
    assert cell.lstrip() == "…" + rtl.visual("قوات النظام")  # the logical end (the cut) is on the left
    # "معرة…" alone names no town (معرة النعمان, معرة مصرين…): the cut falls inside the second word
    assert rtl.cell("معرة النعمان", 11).lstrip() == "…" + rtl.reorder(rtl.shape("معرة النعمان")[:10])
    assert rtl.cell("Syrian regime forces", 11) == "Syrian reg…" and rtl.cell("Islamic State", 11) == "Islamic…   "
    assert rtl.cell("النعمان", 4).strip().startswith("…")  # one long word: cut it, mark it
