"""extract.dates: relative and calendar dates resolved against the publication date."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.dates import DateMention, find_dates
from extract.text import fold

SEED_PUBLISHED = date(2022, 10, 15)  # a Saturday


def mentions(s: str, published: date) -> list[tuple[str, date | None, str]]:
    """(original text of the span, date, precision) for each date mention in s."""
    f = fold(s)
    out = []
    for d in find_dates(f.text, published):
        a, b = f.span(d.start, d.end)
        out.append((s[a:b], d.date, d.precision))
    return out


def one(s: str, published: date) -> DateMention:
    found = find_dates(fold(s).text, published)
    assert len(found) == 1, found
    return found[0]


# --- the seed article ---

def test_seed_article_dates(seed_text):
    found = mentions(seed_text, SEED_PUBLISHED)
    d = date
    assert ("اليوم", d(2022, 10, 15), "day") in found
    assert ("يوم أمس الجمعة", d(2022, 10, 14), "day") in found
    assert ("منذ صباح أمس", d(2022, 10, 14), "day") in found  # clashes since yesterday morning
    assert ("مساء الجمعة", d(2022, 10, 14), "day") in found
    assert ("أمس الأول الخميس", d(2022, 10, 13), "day") in found
    # "لليوم الثاني" / "اليوم الثاني على التوالي" are "for the second day", not dates
    assert [m for m in found if "اليوم" in m[0]] == [("اليوم", d(2022, 10, 15), "day")]
    assert len(found) == 5


@pytest.mark.parametrize("s", ["تمديد حظر التجول لليوم الثاني", "لليوم الثاني على التوالي",
                               "في اليوم الثالث من الحملة", "اليوم العالمي لحقوق الإنسان",
                               "خرجوا بعد صلاة الجمعة", "خطبة الجمعة"])
def test_not_dates(s):
    assert mentions(s, SEED_PUBLISHED) == []


# --- relative days ---

@pytest.mark.parametrize("s, expected", [
    ("قتل شاب اليوم", date(2022, 10, 15)), ("صباح اليوم", date(2022, 10, 15)),
    ("فجر اليوم السبت", date(2022, 10, 15)), ("أمس", date(2022, 10, 14)),
    ("بالأمس", date(2022, 10, 14)), ("ليلة أمس", date(2022, 10, 14)),
    ("الليلة الماضية", date(2022, 10, 14)), ("عصر أمس الجمعة", date(2022, 10, 14)),
    ("أول أمس", date(2022, 10, 13)), ("أول من أمس", date(2022, 10, 13)),
    ("أمس الأول", date(2022, 10, 13)), ("ظهر أمس الأول", date(2022, 10, 13)),
])
def test_today_yesterday_day_before(s, expected):
    d = one(s, SEED_PUBLISHED)
    assert (d.date, d.precision, d.relative) == (expected, "day", True)


@pytest.mark.parametrize("s, expected", [
    ("السبت", date(2022, 10, 15)),           # the publication day itself
    ("يوم الجمعة", date(2022, 10, 14)), ("الخميس", date(2022, 10, 13)), ("الأحد", date(2022, 10, 9)),
    ("يوم الاثنين", date(2022, 10, 10)), ("الثلاثاء", date(2022, 10, 11)),
    ("الأربعاء", date(2022, 10, 12)), ("مساء الأربعاء", date(2022, 10, 12)),
    ("السبت الماضي", date(2022, 10, 8)),     # الماضي: strictly before publication
    ("يوم الجمعة الماضي", date(2022, 10, 14)), ("الجمعة الماضية", date(2022, 10, 14)),
    ("الأحد المقبل", date(2022, 10, 16)), ("السبت القادم", date(2022, 10, 22)),
    ("قبيل منتصف ليل الخميس", date(2022, 10, 13)), ("وفجر السبت", date(2022, 10, 15)),
])
def test_weekdays(s, expected):
    assert one(s, SEED_PUBLISHED).date == expected


def test_night_across_two_days():
    d = one("خرجت دفعة أخرى ليل الجمعة السبت", SEED_PUBLISHED)
    assert (d.date, d.date_end) == (date(2022, 10, 14), date(2022, 10, 15))


@pytest.mark.parametrize("s, expected", [
    ("قبل يومين", date(2022, 10, 13)), ("منذ يومين", date(2022, 10, 13)),
    ("قبل يوم", date(2022, 10, 14)), ("منذ ثلاثة أيام", date(2022, 10, 12)),
    ("قبل 5 أيام", date(2022, 10, 10)), ("قبل أسبوع", date(2022, 10, 8)),
    ("قبل أسبوعين", date(2022, 10, 1)), ("قبل نحو عشرة أيام", date(2022, 10, 5)),
])
def test_days_ago(s, expected):
    d = one(s, SEED_PUBLISHED)
    assert (d.date, d.precision) == (expected, "day")


def test_vague_past_has_no_date():
    for s in ("قبل أيام", "منذ أسابيع", "الأسبوع الماضي"):
        d = one(s, SEED_PUBLISHED)
        assert (d.date, d.precision) == (None, "none"), s


def test_since_runs_to_publication():
    s = "الاشتباكات مستمرة منذ يوم الخميس"
    assert mentions(s, SEED_PUBLISHED) == [("منذ يوم الخميس", date(2022, 10, 13), "day")]
    assert one(s, SEED_PUBLISHED).date_end == SEED_PUBLISHED
    d = one("وخلف القتال الدائر منذ 18 فبراير/ شباط الماضي أكثر من 600 قتيل", date(2018, 3, 4))
    assert (d.date, d.date_end) == (date(2018, 2, 18), date(2018, 3, 4))
    d = one("ومنذ ثلاثة أيام", SEED_PUBLISHED)
    assert (d.date, d.date_end) == (date(2022, 10, 12), SEED_PUBLISHED)
    assert one("قبل ثلاثة أيام", SEED_PUBLISHED).date_end is None


# --- months and years ---

def test_last_month_and_year():
    d = one("في الشهر الماضي", SEED_PUBLISHED)
    assert (d.date, d.date_end, d.precision) == (date(2022, 9, 1), date(2022, 9, 30), "month")
    d = one("منذ مطلع العام الجاري", SEED_PUBLISHED)
    assert (d.date, d.date_end, d.precision) == (date(2022, 1, 1), date(2022, 12, 31), "year")
    d = one("العام الماضي", SEED_PUBLISHED)
    assert (d.date, d.precision) == (date(2021, 1, 1), "year")
    assert one("في 3 من الشهر الماضي", SEED_PUBLISHED).date == date(2022, 9, 3)
    assert one("قبل شهرين", date(2022, 1, 20)).date == date(2021, 11, 1)


@pytest.mark.parametrize("s, expected", [
    ("15 تشرين الأول 2022", date(2022, 10, 15)), ("15 تشرين الأول", date(2022, 10, 15)),
    ("في 3 تشرين الثاني", date(2021, 11, 3)),   # no year: not after publication
    ("15 شباط/فبراير", date(2022, 2, 15)), ("18 فبراير/ شباط الماضي", date(2022, 2, 18)),
    ("24 حزيران (يونيو) الماضي", date(2022, 6, 24)), ("في 1 كانون الثاني/يناير 2019", date(2019, 1, 1)),
    ("الأول من نيسان/أبريل", date(2022, 4, 1)), ("٥ آب", date(2022, 8, 5)), ("12 أيار", date(2022, 5, 12)),
    ("7 أيلول", date(2022, 9, 7)), ("في 9 مارس", date(2022, 3, 9)), ("10 ديسمبر 2021", date(2021, 12, 10)),
    ("الجمعة 14 تشرين الأول", date(2022, 10, 14)), ("15/10/2022", date(2022, 10, 15)),
    ("2022-10-13", date(2022, 10, 13)), ("يوم 20 من شهر أيلول", date(2022, 9, 20)),
    ("31 كانون الأول", date(2021, 12, 31)),
])
def test_calendar_dates(s, expected):
    d = one(s, SEED_PUBLISHED)
    assert (d.date, d.precision, d.relative) == (expected, "day", False)


def test_impossible_calendar_date_is_dropped():
    assert find_dates(fold("31 شباط").text, SEED_PUBLISHED) == []


@pytest.mark.parametrize("s, first, last", [
    ("في شهر آب", date(2022, 8, 1), date(2022, 8, 31)),
    ("خلال شباط الماضي", date(2022, 2, 1), date(2022, 2, 28)),
    ("في تشرين الثاني", date(2021, 11, 1), date(2021, 11, 30)),
    ("في آذار 2020", date(2020, 3, 1), date(2020, 3, 31)),
    ("كانون الثاني/يناير 2019", date(2019, 1, 1), date(2019, 1, 31)),
])
def test_month_precision(s, first, last):
    d = one(s, SEED_PUBLISHED)
    assert (d.date, d.date_end, d.precision) == (first, last, "month")


def test_year_precision():
    d = one("في عام 2011", SEED_PUBLISHED)
    assert (d.date, d.date_end, d.precision, d.relative) == (date(2011, 1, 1), date(2011, 12, 31), "year", False)
    d = one("منذ عام 2011", SEED_PUBLISHED)
    assert (d.date, d.date_end, d.precision) == (date(2011, 1, 1), SEED_PUBLISHED, "year")


def test_father_is_not_august():
    assert mentions("زار أب ابنه المعتقل", SEED_PUBLISHED) == []
    assert mentions("في أب", SEED_PUBLISHED) == []


# --- sentences in the register of local news ---

def test_sentence_with_two_dates():
    s = ("وكانت قوات النظام قد اعتقلت الشاب يوم الأحد الماضي، قبل أن تفرج عنه مساء أمس "
         "بعد تعرضه للتعذيب، بحسب ما أفاد به مراسل شبكة درعا 24.")
    assert mentions(s, date(2023, 3, 8)) == [("يوم الأحد الماضي", date(2023, 3, 5), "day"),
                                            ("مساء أمس", date(2023, 3, 7), "day")]


def test_sentence_with_levantine_date_and_no_year_across_new_year():
    s = "قُتل ثلاثة مدنيين في قصف مدفعي استهدف بلدة كفرنبل في 28 كانون الأول"
    assert mentions(s, date(2023, 1, 4)) == [("28 كانون الأول", date(2022, 12, 28), "day")]


def test_harakat_and_tatweel_do_not_hide_a_date():
    assert mentions("مَسـاءَ أَمْسِ", SEED_PUBLISHED) == [("مَسـاءَ أَمْسِ", date(2022, 10, 14), "day")]


# --- robustness ---

@given(st.text(), st.dates(min_value=date(1, 3, 1), max_value=date(9998, 12, 31)))
@settings(max_examples=300)
def test_find_dates_never_raises_on_arbitrary_text(s, published):
    prev = 0
    for d in find_dates(fold(s).text, published):
        assert prev <= d.start < d.end
        prev = d.end


date_words = st.sampled_from([
    "يوم", "أمس", "الأول", "أول", "اليوم", "الجمعة", "السبت", "الماضي", "المقبل", "مساء", "ليل", "قبل",
    "منذ", "ثلاثة", "أيام", "يومين", "أسبوع", "الشهر", "العام", "الجاري", "15", "31", "2022", "1", "/",
    "شباط", "تشرين", "الثاني", "آب", "شهر", "في", "من", "فبراير", "،", "\n", "9999", "0",
])


@given(st.lists(date_words, max_size=25).map(" ".join), st.dates(min_value=date(1, 1, 1)))
@settings(max_examples=400)
def test_find_dates_on_word_soup_with_extreme_publication_dates(s, published):
    for d in find_dates(fold(s).text, published):
        assert d.start < d.end
        assert d.precision in ("day", "month", "year", "none")
        assert (d.date is None) == (d.precision == "none")


@pytest.mark.parametrize("s, expected", [
    ("في الخامس عشر من آذار", date(2022, 3, 15)), ("الحادي والعشرين من أيلول", date(2022, 9, 21)),
    ("في الثلاثين من حزيران", date(2022, 6, 30)), ("العاشر من الشهر الجاري", date(2022, 10, 10)),
    ("الثالث من الشهر الماضي", date(2022, 9, 3)),
    ("سبق أن تعرض المرفأ لغارة مماثلة في السابع من تشرين الأول/أكتوبر.", date(2022, 10, 7)),
    ("وقعت المجزرة في السابع عشر من أيلول/سبتمبر الماضي.", date(2022, 9, 17)),
    ("قصفت الطائرات البلدة يوم الأحد الثاني من تشرين الأول (أكتوبر).", date(2022, 10, 2)),
])
def test_ordinal_days(s, expected):
    assert one(s, SEED_PUBLISHED).date == expected


@pytest.mark.parametrize("s", ["ليل الخميس - الجمعة", "ليلة الخميس على الجمعة", "ليل الخميس/الجمعة"])
def test_night_separators(s):
    d = one(s, SEED_PUBLISHED)
    assert (d.date, d.date_end) == (date(2022, 10, 13), date(2022, 10, 14))


def test_first_week_of_a_month_is_not_its_first_day():
    d = one("شهدت درعا خلال الأسبوع الأول من نيسان/أبريل الجاري سلسلة من الحوادث", date(2023, 4, 8))
    assert (d.date, d.date_end, d.precision) == (date(2023, 4, 1), date(2023, 4, 30), "month")


def test_year_range():
    d = one("بتهمة قتل مدنيين بين عامي 2012 و2013", SEED_PUBLISHED)
    assert (d.date, d.date_end, d.precision) == (date(2012, 1, 1), date(2013, 12, 31), "year")


def test_tomorrow_and_a_week_before_something_else():
    published = date(2021, 5, 25)  # a Tuesday
    assert mentions("الانتخابات التي يجريها النظام غداً الأربعاء", published) == [
        ("غداً الأربعاء", date(2021, 5, 26), "day")]
    assert one("بعد غد", published).date == date(2021, 5, 27)
    assert mentions("سقطت القذيفة قبل أسبوع من بدء العام الدراسي", published) == []


def test_this_day_and_weekday_with_muwafiq():
    published = date(2015, 8, 3)
    assert mentions("وأسفر عن مقتل 20 على الأقل واصابة عشرات صباح هذا اليوم", published) == [
        ("صباح هذا اليوم", published, "day")]
    d = one("يوم السبت الموافق 1 آب", published)
    assert (d.date, d.relative) == (date(2015, 8, 1), False)


def test_days_ago_without_a_number_survive_a_following_preposition():
    d = one("وكانت الجمعية العامة قد صوّتت قبل أيام على قرار", SEED_PUBLISHED)
    assert (d.date, d.precision) == (None, "none")


def test_august_needs_more_than_a_preposition():
    assert one("في آب الماضي", SEED_PUBLISHED).date == date(2022, 8, 1)
    assert one("خلال شهر آب", SEED_PUBLISHED).date == date(2022, 8, 1)
    assert mentions("قال إن أب الضحية", SEED_PUBLISHED) == []


def test_time_of_day_before_a_weekday_and_a_calendar_date_is_one_date():
    assert mentions("قصفت الطائرات البلدة صباح الثلاثاء 4 تشرين الأول.", SEED_PUBLISHED) == \
        [("صباح الثلاثاء 4 تشرين الأول", date(2022, 10, 4), "day")]


def test_a_day_number_with_the_article():
    # "في الـ12 من الشهر الجاري": the tatweel folds away, ال stays on the digits
    assert mentions("اعتقلت دورية شابين في الـ12 من الشهر الجاري.", SEED_PUBLISHED) == \
        [("الـ12 من الشهر الجاري", date(2022, 10, 12), "day")]
