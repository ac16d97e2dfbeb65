"""extract.text: sanitising, folding with an offset map, sentences, tokens, search terms."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.text import Folded, fold, fold_text, indexes_where, search_terms, sanitize, sentences, token_table, tokens

BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# --- sanitize ---

def test_sanitize_removes_csi_sequences_whole():
    assert sanitize("قتل \x1b[31mثلاثة\x1b[0m مدنيين\x1b[2J") == "قتل ثلاثة مدنيين"


def test_sanitize_removes_osc_title_and_hyperlink():
    s = "أ\x1b]0;pwned\x07ب \x1b]8;;http://x\x1b\\رابط\x1b]8;;\x1b\\ ج"
    assert sanitize(s) == "أب رابط ج"


def test_sanitize_removes_8bit_csi_and_c1_controls():
    assert sanitize("a\x9b31mb\x85c\x9fd") == "abcd"


def test_sanitize_removes_dcs_string():
    assert sanitize("x\x1bPq#0;2;0;0;0\x1b\\y") == "xy"


def test_sanitize_removes_bidi_controls_keeps_newline_and_tab():
    s = "\u202eدرعا\u202c\t\u2066حمص\u2069\n\u200fإدلب\u200e\u061c"
    assert sanitize(s) == "درعا\tحمص\nإدلب"


def test_sanitize_normalises_line_ends_and_c0():
    assert sanitize("سطر\r\nسطر\rسطر\x00\x07\x08") == "سطر\nسطر\nسطر"


def test_sanitize_nfkc_folds_presentation_forms():
    # "ﻣﻘﺘﻞ" written with positional presentation forms, and the lam-alef ligature
    assert sanitize("ﻣﻘﺘﻞ ﻻ") == "مقتل لا"


def test_sanitize_keeps_unterminated_osc_text_but_not_esc():
    out = sanitize("before\x1b]0;never ends")
    assert "\x1b" not in out and out.startswith("before")


@given(st.text())
@settings(max_examples=300)
def test_sanitize_output_has_no_controls(s):
    out = sanitize(s)
    assert not BAD.search(out)
    assert sanitize(out) == out


@given(st.lists(st.sampled_from(["\x1b", "[", "]", "P", "\\", "\x07", "\x9b", "\x9d", "3", "m", ";", "ق", "\n"])).map("".join))
def test_sanitize_escape_soup_has_no_escape_left(s):
    assert "\x1b" not in sanitize(s) and "\x9b" not in sanitize(s)


# --- fold ---

def _full_map(f: Folded) -> list[int]:
    return [f.orig_at(i) for i in range(len(f.text) + 1)]


def test_fold_letters_digits_and_marks():
    f = fold("أُصيبَ إبراهيم وآمنة ومُـصطفى في ٱلمدينة، ٣ و۱۲ ومؤتمر وهيئة")
    assert f.text == "اصيب ابراهيم وامنه ومصطفي في المدينه، 3 و12 وموتمر وهييه"


def test_fold_keeps_punctuation_and_newlines():
    assert fold_text("قال: «نعم»!\n- لا؟") == "قال: «نعم»!\n- لا؟"


def test_fold_presentation_forms_expand_and_map_back():
    orig = "ﻻ يوجد ﷲ"
    f = fold(orig)
    assert f.text.startswith("لا يوجد ")
    assert f.orig[slice(*f.span(0, 2))] == "ﻻ"
    assert f.orig[slice(*f.span(0, 1))] == "ﻻ"  # half a ligature maps to the whole ligature


def test_fold_span_points_into_original_with_harakat():
    orig = "مقتلُ شابَّينِ من جاسمَ"
    f = fold(orig)
    i = f.text.index("شابين")
    a, b = f.span(i, i + len("شابين"))
    assert orig[a:b] == "شابَّينِ"


def test_fold_identity_map_when_nothing_shifts():
    f = fold("مقتل شاب")
    assert _full_map(f) == list(range(len("مقتل شاب") + 1))


def test_fold_drops_invisible_format_characters():
    f = fold("در\u200fعا\u200d")
    assert f.text == "درعا"
    assert f.span(0, 4) == (0, 6)


def test_fold_text_matches_fold():
    s = "ﻣﻘﺘﻞ أربعةٍ في «حيّ العالية» ٢٠٢٢"
    assert fold_text(s) == fold(s).text


@given(st.text())
@settings(max_examples=400)
def test_fold_map_is_monotonic_and_in_range(s):
    f = fold(s)
    assert isinstance(f, Folded)
    m = _full_map(f)
    assert m[-1] == len(s)
    assert all(0 <= x <= len(s) for x in m)
    assert all(a <= b for a, b in zip(m, m[1:]))
    for a, b, _ in tokens(f.text):
        oa, ob = f.span(a, b)
        assert 0 <= oa < ob <= len(s)


@given(st.text(alphabet=st.characters(min_codepoint=0x600, max_codepoint=0x6FF) | st.sampled_from(" .،\n")))
def test_fold_arabic_block_folds_each_kept_char_from_its_origin(s):
    f = fold(s)
    for i, ch in enumerate(f.text):
        assert ch in fold_text(s[f.orig_at(i)])


# --- sentences ---

def test_sentences_on_punctuation_and_newlines():
    t = "قتل شاب. وأصيب آخر! هل انتهى؟ لا\nسطر جديد"
    assert [t[a:b] for a, b in sentences(t)] == ["قتل شاب.", "وأصيب آخر!", "هل انتهى؟", "لا", "سطر جديد"]


def test_sentences_not_inside_numbers_or_domains_nor_on_arabic_comma():
    t = "ارتفعت الأسعار 3.5 مرة، وفق موقع enabbaladi.net اليوم. ثم"
    assert [t[a:b] for a, b in sentences(t)] == ["ارتفعت الأسعار 3.5 مرة، وفق موقع enabbaladi.net اليوم.", "ثم"]


def test_sentences_keep_closing_quote_and_ellipsis():
    t = "قال: “انتهى الأمر...” ثم غادر"
    assert [t[a:b] for a, b in sentences(t)] == ["قال: “انتهى الأمر...”", "ثم غادر"]


def test_sentences_of_seed_article(seed_text):
    spans = sentences(seed_text)
    texts = [seed_text[a:b] for a, b in spans]
    assert texts[0] == "مقتل عناصر من “داعش” بتفجير منزل يتحصنون فيه بمدينة جاسم شمالي درعا"
    assert any(x.startswith("وكانت المجموعات المحلية") and x.endswith("منذ صباح أمس.") for x in texts)
    assert all(x == x.strip() and x for x in texts)


@given(st.text())
def test_sentences_are_ordered_disjoint_and_trimmed(s):
    prev = 0
    for a, b in sentences(s):
        assert prev <= a < b <= len(s)
        assert s[a:b] == s[a:b].strip()
        prev = b


# --- tokens and search terms ---

def test_tokens_words_and_numbers():
    assert tokens("مقتل 4 قادة، و“داعش”") == [(0, 4, "مقتل"), (5, 6, "4"), (7, 11, "قادة"), (13, 14, "و"), (15, 19, "داعش")]


def test_search_terms_strip_proclitics():
    for w in ["والمدينة", "بالمدينة", "المدينة", "مدينة", "للمدينة", "فالمدينة", "كالمدينة", "ومدينة", "بمدينة"]:
        assert search_terms(w) == ["مدينه"], w


def test_search_terms_fold_and_dedupe():
    assert search_terms("أحرار الأحرار وأحرار إحرار") == ["احرار"]
    assert search_terms("مستشفى المستشفي") == ["مستشفي"]


def test_search_terms_keep_short_stems():
    assert search_terms("ولد") == ["ولد"]
    assert search_terms("بها") == ["بها"]
    assert search_terms("الباب") == ["باب"]


def test_search_terms_query_meets_document():
    doc = set(search_terms("وصلت أرتال عسكرية إلى مدينة جاسم بريف درعا الغربي"))
    assert set(search_terms("جاسم درعا")) <= doc
    assert set(search_terms("الارتال")) <= doc


def test_sentences_not_after_an_initial():
    t = "ويُعرف المتهم باسم “فراس ع.”، وهو عنصر سابق. وقال د. أحمد إن الوضع سيئ."
    assert [t[a:b] for a, b in sentences(t)] == ["ويُعرف المتهم باسم “فراس ع.”، وهو عنصر سابق.",
                                                 "وقال د. أحمد إن الوضع سيئ."]


sparse_marks = st.lists(st.sampled_from(["مقتل ", "شاب", "َ", "ّ", "ﻻ", "ـ", "\u200f", "أ", "ة", " ", "٣"]),
                        min_size=150, max_size=400).map("".join)


@given(sparse_marks)
@settings(max_examples=50)
def test_fold_long_texts_map_each_kept_char_to_its_origin(s):
    # marks after a long unmarked stretch: the sparse map's shift points lie far from offset 0
    pad = 30_000
    f = fold("ب" * pad + s)
    assert [f.orig_at(i) for i in range(pad)] == list(range(pad))
    for i in range(pad, len(f.text)):
        assert f.text[i] in fold_text(f.orig[f.orig_at(i)])
    assert f.orig_at(len(f.text)) == pad + len(s)


def test_sentences_end_at_an_ellipsis_character():
    t = "انقطعت الاتصالات… ثم عادت"
    assert [t[a:b] for a, b in sentences(t)] == ["انقطعت الاتصالات…", "ثم عادت"]


def test_sanitize_unterminated_osc_does_not_swallow_the_article():
    s = "أ\x1b]0;عنوان\nقتل ثلاثة مدنيين في درعا.\n" + "نص " * 2000 + "\x07ب"
    out = sanitize(s)
    assert "قتل ثلاثة مدنيين في درعا." in out and out.endswith("ب")
    assert not BAD.search(out) and "\x1b" not in out


# --- the token table stands in for regex scans ---------------------------------------------------

_PIECES = ["القيادي", "والعنصر", "2القيادي", "المدعو", "x", "الشاب", "١٢", "²", "_", " ", "  ", "،", "\n",
           "“", "”", "ab3", "للعنصر", "فلان"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.integers(0, 60), st.integers(0, 60))
def test_title_ends_are_the_whole_word_scan(pieces: list[str], a: int, b: int) -> None:
    from extract import victims
    text = "".join(pieces)
    want = [m.end() for m in victims._WHOLE_WORD.finditer(text, a, b) if m.group() in victims._TITLE_FORMS]
    assert victims._title_ends(text, a, b) == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25))
def test_indexes_where_visits_what_a_scan_of_every_token_would(pieces: list[str]) -> None:
    t = token_table("".join(pieces))
    keep = lambda w: w.startswith(("ال", "و"))      # noqa: E731
    assert indexes_where(t, keep) == [i for i, w in enumerate(t.words) if keep(w)]
