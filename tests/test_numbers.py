"""extract.numbers: digits, number words, duals, singulars, approximations, vague quantifiers."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.numbers import PERSON_NOUNS, Quantity, find_quantities, parse_number, person_noun
from extract.text import fold, token_table


def quantities(s: str) -> list[tuple[int, bool, bool, str | None, str]]:
    """(value, approx, vague, noun, original text of the span) for each quantity in s."""
    f = fold(s)
    out = []
    for q in find_quantities(f):
        a, b = f.span(q.start, q.end)
        out.append((q.value, q.approx, q.vague, q.noun, s[a:b]))
    return out


def values(s: str) -> list[int]:
    return [q[0] for q in quantities(s)]


# --- parse_number ---

@pytest.mark.parametrize("words, value", [
    ("واحد", 1), ("واحدة", 1), ("اثنان", 2), ("اثنين", 2), ("اثنتين", 2), ("ثلاثة", 3), ("ثلاث", 3),
    ("أربعة", 4), ("اربعة", 4), ("ثمانية", 8), ("ثماني", 8), ("عشرة", 10), ("عشر", 10),
    ("أحد عشر", 11), ("احد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12), ("اثنتي عشرة", 12),
    ("أربعة عشر", 14), ("تسع عشرة", 19), ("عشرون", 20), ("عشرين", 20), ("خمسة وعشرين", 25),
    ("واحد وثلاثون", 31), ("تسعة وتسعين", 99), ("مئة", 100), ("مائة", 100), ("مئتين", 200),
    ("مئتان", 200), ("مائتين", 200), ("ثلاثمئة", 300), ("ثلاثمائة", 300), ("ثلاث مئة", 300),
    ("خمسمائة", 500), ("مئة وخمسون", 150), ("مائة وخمسة وعشرون", 125), ("ألف", 1000),
    ("ألفاً", 1000), ("ألفين", 2000), ("ثلاثة آلاف", 3000), ("عشرة آلاف", 10000),
    ("أحد عشر ألفاً", 11000), ("عشرين ألف", 20000), ("ثلاثمئة ألف", 300000),
    ("ألف وخمسمئة وخمسة وعشرون", 1525), ("أربعة آلاف وثلاثمائة", 4300), ("مليون", 10**6),
    ("ثلاثة ملايين", 3 * 10**6), ("12", 12), ("١٢", 12), ("۱۲۰", 120), ("1,200", 1200),
    ("3 آلاف", 3000), ("٣ آلاف", 3000), ("2.5 مليون", 2_500_000), ("ثلاثةٌ", 3), ("عشرينَ", 20),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("words", ["", "قتلى", "ثلاثة وخمسة", "أحد", "ثلاثة قتلى", "آلاف", "15/10"])
def test_parse_number_rejects_non_numbers(words):
    assert parse_number(words) is None


# --- the seed article (published 2022-10-15) ---

def test_seed_quantities(seed_text):
    qs = quantities(seed_text)
    assert (4, False, False, "قايد", "4 قادة") in qs
    assert (100, True, False, "مقاتل", "نحو 100 مقاتل") in qs
    assert (2, False, False, "شاب", "شابين") in qs
    assert (5, False, False, "قايد", "5 من قادة") in qs
    assert (2, False, False, None, "اثنين") in qs
    # "عدم مشاركة أي عنصر" is no one, and the counted "مقاتل" of "100 مقاتل" is not one more
    assert not any(q[4] == "عنصر" for q in qs)
    assert [q[0] for q in qs].count(1) == 4  # شاب (من طفس), قائد, إحدى, أحد عناصر


def test_seed_sentence_two_young_men_and_one():
    s = "أدت إلى مقتل شابين من جاسم وشاب من مدينة طفس، وجرح اثنين من جاسم"
    assert quantities(s) == [(2, False, False, "شاب", "شابين"), (1, False, False, "شاب", "شاب"),
                             (2, False, False, None, "اثنين")]


# --- digits, words and nouns in local-news sentences ---

def test_digits_with_counted_nouns():
    assert quantities("قتل 22 مقاتلا مواليا للنظام") == [(22, False, False, "مقاتل", "22 مقاتلا")]
    assert quantities("بينهم ٧ أطفال") == [(7, False, False, "طفل", "٧ أطفال")]
    assert quantities("مقتل 3 من عناصر الفرقة") == [(3, False, False, "عنصر", "3 من عناصر")]


def test_words_with_counted_nouns():
    assert quantities("أسفر عن إصابة ستة أشخاص بجروح") == [(6, False, False, "شخص", "ستة أشخاص")]
    assert quantities("مقتل ثلاثة وعشرين عنصراً") == [(23, False, False, "عنصر", "ثلاثة وعشرين عنصراً")]
    assert quantities("وخمسة جرحى و3 قتلى") == [(5, False, False, "جريح", "خمسة جرحى"),
                                                (3, False, False, "قتيل", "3 قتلى")]


def test_two_numbers_joined_by_and_stay_two():
    assert values("مقتل ثلاثة وإصابة خمسة") == [3, 5]
    assert values("قتل ثلاثة وخمسة جرحى") == [3, 5]


def test_thousands_separator_and_decimals():
    assert values("نزوح 1,200 عائلة") == [1200]
    assert values("نحو 2.5 مليون نازح") == [2_500_000]


def test_dates_and_times_are_not_quantities():
    assert values("في 15/10/2022 عند الساعة 10:30 وفي 2022-10-15") == []


# --- duals and singulars ---

@pytest.mark.parametrize("s, noun", [
    ("مقتل شابين", "شاب"), ("إصابة عنصرين من الفرقة", "عنصر"), ("سقوط قتيلين", "قتيل"),
    ("إصابة طفلين", "طفل"), ("مقتل جنديين تركيين", "جندي"), ("إصابة امرأتين", "امراه"),
    ("قتل شخصان", "شخص"), ("مقتل شقيقين", "شقيق"), ("إصابة طفلتين", "طفل"), ("مقتل ضابطين", "ضابط"),
])
def test_duals_are_two(s, noun):
    [q] = quantities(s)
    assert (q[0], q[3]) == (2, noun)


def test_sound_plural_is_a_dual_only_with_a_fatha():
    assert quantities("مقتل مدنيَين") == [(2, False, False, "مدني", "مدنيَين")]
    assert quantities("مقتل مقاتلَين من الفصائل") == [(2, False, False, "مقاتل", "مقاتلَين")]
    assert quantities("مقتل مدنيين") == []
    assert quantities("إصابة مدنيِّين") == []
    assert quantities("قتل مواطنان") == [(2, False, False, "مواطن", "مواطنان")]


def test_dual_followed_by_two_is_one_quantity():
    assert quantities("مقتل طفلين اثنين") == [(2, False, False, "طفل", "طفلين اثنين")]


@pytest.mark.parametrize("s", ["مقتل شاب برصاص مجهولين", "إصابة طفل بانفجار لغم", "مقتل عنصر من قوات النظام",
                               "استشهاد مدني في قصف", "وإصابة آخر بجروح", "سقوط قتيل", "مقتل طفل واحد"])
def test_singular_indefinite_is_one(s):
    assert [q[0] for q in quantities(s)] == [1]


@pytest.mark.parametrize("s", [
    "عدم مشاركة أي عنصر من جيش النظام", "لم يصب أحد بأذى", "حتى إشعار آخر", "منظمات المجتمع المدني",
    "الدفاع المدني", "مقتل الشاب", "قتل القيادي في التنظيم", "لكل شاب الحق", "مجتمع مدني",
    "الاجتماع يوم الأحد", "ليس هناك أية ضحية في صفوف المدنيين", "ليست هناك ضحية بين المدنيين",
])
def test_not_a_person_count(s):
    assert quantities(s) == []


# --- approximations and vague quantifiers ---

@pytest.mark.parametrize("s, value", [
    ("نحو 100 مقاتل", 100), ("قرابة 60 ضربة", 60), ("حوالي خمسين عنصرا", 50), ("حوالى 30", 30),
    ("أكثر من 600 قتيل", 600), ("ما لا يقل عن 14 مدنيا", 14), ("زهاء ألف مقاتل", 1000),
    ("ما يزيد عن 200 شخص", 200), ("53 قتيلا على الأقل", 53), ("20 على الأقل", 20),
    ("عشرة أشخاص تقريبا", 10), ("بين 10 و15 قتيلا", 10), ("ما بين عشرة وعشرين", 10),
    ("ما يناهز 300 عنصر", 300), ("ما يربو على ألف نازح", 1000), ("ما يفوق 50 مدنيا", 50),
    ("من 3 إلى 5 جرحى", 3), ("ونحو 40 عنصرا", 40),
])
def test_approximations(s, value):
    [q] = quantities(s)
    assert q[0] == value and q[1] and not q[2]


def test_approximation_span_covers_the_cue():
    assert quantities("قتل نحو 100 مقاتل")[0][4] == "نحو 100 مقاتل"
    assert quantities("قتل ما لا يقل عن 14 مدنيا")[0][4] == "ما لا يقل عن 14 مدنيا"


@pytest.mark.parametrize("s, value, noun", [
    ("مقتل عدد من عناصر النظام", 3, "عنصر"), ("عدداً من المدنيين", 3, "مدني"), ("عدة جرحى", 3, "جريح"),
    ("بضعة أشخاص", 3, "شخص"), ("إصابة عشرات المدنيين", 12, "مدني"), ("سقوط العشرات", 12, None),
    ("مئات الأشخاص فروا", 100, "شخص"), ("آلاف النازحين", 1000, "نازح"),
    ("عشرات الآلاف من النازحين", 12000, "نازح"), ("العديد من الجرحى", 3, "جريح"),
])
def test_vague_quantifiers(s, value, noun):
    [q] = quantities(s)
    assert (q[0], q[2], q[3]) == (value, True, noun)


def test_number_of_is_not_vague_without_min():
    assert quantities("ارتفع عدد القتلى") == []


# --- the lexicon ---

def test_person_noun_lookup():
    noun, number, definite = person_noun("والمدنيين")
    assert (noun.lemma, number, definite, noun.role) == ("مدني", "plural", True, "civilian")
    assert person_noun("بعنصرين")[:2] == (PERSON_NOUNS["عنصر"], "dual")
    assert person_noun("قتلي")[0].role == "killed"
    assert person_noun("منزل") is None


def test_every_lexicon_form_is_found():
    for noun in PERSON_NOUNS.values():
        for form in (*noun.singular, *noun.dual, *noun.plural):
            assert person_noun(form)[0] is noun, form


# --- robustness ---

@given(st.text())
@settings(max_examples=300)
def test_find_quantities_never_raises_and_spans_are_ordered(s):
    f = fold(s)
    qs = find_quantities(f)
    prev = 0
    for q in qs:
        assert isinstance(q, Quantity)
        assert prev <= q.start < q.end <= len(f.text)
        assert q.value >= 0
        prev = q.end


arabic_words = st.sampled_from([
    "مقتل", "شابين", "و", "ثلاثة", "عشر", "وعشرين", "ألف", "آلاف", "مئة", "نحو", "عدد", "من", "عشرات",
    "مدنيَين", "اثنين", "أحد", "لم", "5", "١٢", "،", ".", "\n", "بين", "إلى", "على الأقل", "عنصراً",
])


@given(st.lists(arabic_words, max_size=30).map(" ".join))
@settings(max_examples=300)
def test_find_quantities_on_word_soup(s):
    for q in find_quantities(fold(s)):
        assert q.start < q.end and q.value >= 0
    parse_number(s)


def test_accusative_singular_after_a_count_is_not_one_more():
    assert quantities("خطف أكثر من 30 امرأة وطفلا رهائن") == [(30, True, False, "امراه", "أكثر من 30 امرأة")]
    assert values("مقتل 3 عناصر وقائد") == [3, 1]


def test_years_are_not_quantities():
    assert values("الصراع الدائر منذ 2011 وفي عام 2018") == []
    assert values("بين عامي 2012 و2013") == []
    assert values("قتل 2000 شخص") == [2000]


def test_fighter_jet_is_not_a_fighter():
    assert values("سقطت طائرة مقاتلة للنظام") == []
    assert values("مقتل مقاتل من الفصائل") == [1]


def test_dash_range_is_its_low_end():
    assert quantities("سقوط 10-15 قتيلا") == [(10, True, False, "قتيل", "10-15 قتيلا")]
    assert values("في 2022-10-15 و15-10-2022") == []


@pytest.mark.parametrize("s", ["وهو ما عده محللون رسالة", "وطالب ناشطون بالإفراج عنهم", "وصل إلى ألمانيا لاجئاً",
                               "أحرقت مزارع القمح", "المسجد معلم أثري"])
def test_words_that_only_look_like_counts(s):
    assert quantities(s) == []


def test_plural_followed_by_two_is_two():
    assert quantities("ومقتل مدنيين اثنين من الرستن") == [(2, False, False, "مدني", "مدنيين اثنين")]


@pytest.mark.parametrize("s", ["وبعده انسحبت القوات", "وعده بالإفراج عن المعتقلين", "لست أدري", "بعضه"])
def test_words_that_contain_number_words(s):
    assert quantities(s) == []


def test_several_with_a_preposition():
    assert quantities("قصف بعدة صواريخ") == [(3, False, True, None, "عدة")]


def test_huge_digit_runs_are_not_quantities_and_do_not_raise():
    # int() refuses strings over 4300 digits; a run that long is an id, not a count
    assert quantities("1" * 5000) == []
    assert values("سقوط 1-" + "2" * 5000) == []
    assert parse_number("9" * 5000) is None
    assert values("رقم الهاتف 0912345678901234") == []


def test_more_person_nouns():
    assert quantities("خطف رهينتين") == [(2, False, False, "رهينه", "رهينتين")]
    assert quantities("اعتقال 5 متظاهرين") == [(5, False, False, "متظاهر", "5 متظاهرين")]
    assert quantities("خرج عشرات المحتجين") == [(12, False, True, "محتج", "عشرات المحتجين")]
    assert values("سقطت القذائف قرب مدرسة") == []
    assert values("وقال مراسل الوكالة إن القصف استمر") == []
    assert values("اغتيال مختار في البصيرة") == [1]


@pytest.mark.parametrize("s, expected", [
    ("قتل نحو الـ50 عنصراً", (50, True, False, "عنصر", "نحو الـ50 عنصراً")),
    ("قتل نحو الـ 50 عنصراً", (50, True, False, "عنصر", "نحو الـ 50 عنصراً")),
    ("والـ30 جريحاً", (30, False, False, "جريح", "30 جريحاً")),
    ("قصف بـ3 صواريخ", (3, False, False, None, "3")),
])
def test_digits_behind_the_article_or_a_preposition(s, expected):
    assert quantities(s) == [expected]


# --- lower bounds, "which led to", subsets ---

@pytest.mark.parametrize("s, value", [
    ("وقالت المصادر إن عدد الجرحى تجاوز العشرين، ونقل بعضهم إلى تركيا.", 20),
    ("ارتفعت حصيلة القتلى لتتجاوز المئة منذ بدء الحملة.", 100),
    ("تجاوز عدد القتلى 30 شخصاً في يومين.", 30),
    ("وقتل في القصف أكثر من عشرين مدنياً.", 20),
])
def test_a_total_that_passed_a_figure_is_its_lower_bound(s, value):
    q = next(q for q in find_quantities(fold(s)) if q.value == value)
    assert q.approx


def test_a_definite_number_word_counts_only_after_a_verb_of_passing():
    assert values("شهدت سوريا في القرن العشرين انقلابات عدة.") == []
    assert values("احتفل بعيد ميلاده العشرين.") == []


def test_ma_before_a_result_verb_is_no_negation():
    # "ما أدى لإصابة امرأة": ما is "which", the woman is counted
    assert quantities("قصفت المدفعية البلدة، ما أدى لإصابة امرأة وابنها بجروح.")[0][:4] == \
        (1, False, False, "امراه")
    assert values("ما قتل أي مدني في القصف.") == []


def test_parts_of_a_figure_are_marked_subsets():
    f = fold("قُتل عشرة مدنيين، بينهم طفلان وامرأة، وأصيب 15 آخرون نقل ثلاثة منهم إلى تركيا.")
    got = [(q.value, q.subset) for q in find_quantities(f)]
    assert got == [(10, False), (2, True), (1, True), (15, False), (3, True)]
    f = fold("قتل سبعة أشخاص، من بينهم أربعة أطفال.")
    assert [(q.value, q.subset) for q in find_quantities(f)] == [(7, False), (4, True)]
    # the constructor keeps its old shape
    assert Quantity(0, 1, 5).subset is False


_SOUP = ["12", "2011", "5", "1,200", "2.5", "300", "ألف", "آلاف", "من", "بين", "و", "و15", "إلى",
         "نحو", "تجاوز", "عدد", "القتلى", "بينهم", "منهم", "أطفال", "شخصا", "تقريبا", "على", "الأقل",
         "عام", "الـ", "ال", "قتل", "امرأة", "-", "/", "،", ".", "العشرين", "ثلاثة", "عشرات", "ومن"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SOUP), st.sampled_from([" ", " ", "  ", "، ", "\n"])),
                max_size=30))
def test_the_bare_figure_shortcut_reads_as_the_full_reading(parts):
    import extract.numbers as numbers
    f = fold("".join(w + sep for w, sep in parts))
    fast = find_quantities(f)
    saved = numbers._PLAIN_AFTER
    # every word of the text stops the shortcut: every figure takes the full reading
    numbers._PLAIN_AFTER = frozenset(token_table(f.text).words)
    try:
        assert find_quantities(f) == fast
    finally:
        numbers._PLAIN_AFTER = saved


def test_a_person_noun_describing_the_one_just_counted_adds_nobody():
    assert values("قُتل رجل مسن برصاص قناص.") == [1]
    assert values("أسفر القصف عن مقتل شابين شقيقين.") == [2]


def test_a_dual_with_a_possessive_pronoun_is_two():
    assert quantities("أسفر القصف عن مقتل سيدة وطفليها.") == [
        (1, False, False, "سيده", "سيدة"), (2, False, False, "طفل", "طفليها")]
