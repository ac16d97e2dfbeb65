"""Dates in folded Arabic news text, resolved against the publication date.

Local Syrian reporting dates events relative to publication far more often than absolutely:
"يوم أمس الجمعة", "أمس الأول الخميس", "مساء الجمعة", "قبل يومين", and when it gives a calendar
date it mixes Levantine and Egyptian month names ("18 شباط/فبراير") and drops the year. All
patterns match folded text (see extract.text.fold): no hamza, ة -> ه, ى -> ي, ASCII digits.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from extract.numbers import parse_number
from extract.text import token_table


@dataclass(frozen=True)
class DateMention:
    """A date expression at folded text[start:end]. date is None when the text only says the
    event is in the past ("قبل أيام"); precision is "day", "month", "year" or "none"; date_end
    is the last day of a month/year, of a two-day night ("ليل الجمعة السبت"), or publication day
    for a period "منذ …" (since); relative is False for calendar dates written out."""
    start: int
    end: int
    date: datetime.date | None
    precision: str = "day"
    date_end: datetime.date | None = None
    relative: bool = True


# folded weekday names, Monday = 0 as in date.weekday()
_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
             "الاحد": 6}
_MONTHS = {
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين اول": 10, "تشرين الثاني": 11,
    "تشرين ثاني": 11, "كانون الاول": 12, "كانون اول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "جوان": 6, "جويليه": 7, "اوت": 8,
}
_ORDINAL_UNITS = ("الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
                  "التاسع")
# day ordinals 1-31 as written before "من <month>": الأول، الخامس عشر، الحادي والعشرين، الثلاثين
_ORDINAL_DAYS = {w: n for n, w in enumerate(_ORDINAL_UNITS, 1)}
_ORDINAL_DAYS.update({"العاشر": 10, "الحادي عشر": 11, "العشرين": 20, "الثلاثين": 30,
                      "الحادي والعشرين": 21, "الحادي والثلاثين": 31})
for _n, _w in enumerate(_ORDINAL_UNITS[1:], 2):
    _ORDINAL_DAYS[f"{_w} عشر"] = 10 + _n
    _ORDINAL_DAYS[f"{_w} والعشرين"] = 20 + _n


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_B = r"(?<![^\W_])"   # token start
_E = r"(?![^\W_])"    # token end
_WD = _alt(_WEEKDAYS)
_MONTH = f"(?:{_alt(_MONTHS)})"
# "شباط/فبراير", "فبراير/ شباط", "تشرين الأول (أكتوبر)"
_MONTHS_RE = rf"(?P<month>{_MONTH}){_E}(?:\s*[/(]\s*{_MONTH}{_E}(?:\s*\))?)?"
_PAST = r"(?:\s+(?:(?P<past>الماضي|الماضيه|المنصرم|المنصرمه|الفايت)|(?P<current>الجاري|الحالي)))?"
_YEAR = r"(?:\s*[,،]?\s*(?:من\s+)?(?:عام|العام|سنه|السنه)?\s*(?P<year>(?:19|20)\d\d)(?!\d))?"
_TIME_OF_DAY = (r"(?:(?:قبيل\s+|قبل\s+|بعد\s+)?منتصف\s+ليل|(?:ساعات\s+)?(?:فجر|صباح|ظهر|ظهيره|عصر|مساء)"
                r"|ليله|ليل|باكرا\s+صباح)\s+")
_DIRECTION = r"(?:\s+(?P<dir>الماضي|الماضيه|المنصرم|الفايت|المقبل|المقبله|القادم|القادمه))?"
# What turns "اليوم" into "the Nth day" or a named day rather than "today".
_NOT_TODAY = (r"(?!\s+(?:الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|الاخير"
              r"|التالي|السابق|نفسه|ذاته|العالمي|الوطني|الدولي|من\s+ايام|الذي|التي)" + _E + ")")

# a day of the month: digits, or an ordinal followed by من (في الخامس عشر من آذار)
# ("الأسبوع الأول من نيسان" is a week, not the first of April)
_DAY = (rf"(?:(?:ال)?(?P<day>[0-3]?\d)(?!\d)|(?<!الاسبوع )(?<!اليوم )(?<!الربع )(?<!النصف )(?<!الشهر )"
        rf"(?P<ord>{_alt(_ORDINAL_DAYS)})\s+من{_E})")
_CALENDAR = re.compile(
    rf"{_B}[وف]?(?:(?:{_TIME_OF_DAY})?(?:يوم\s+)?(?P<wd>{_WD}){_E}\s*[,،]?\s*(?:الموافق\s+)?)?"
    rf"{_DAY}\s*(?:من\s+)?(?:شهر\s+)?"
    rf"{_MONTHS_RE}{_YEAR}{_PAST}"
)
# a month without a day needs a year, "شهر", الماضي/الجاري or a preposition; آب ("father") one
# of the first three
_MONTH_ONLY = re.compile(
    rf"{_B}[وف]?(?:(?P<cue>شهر|في|خلال|منذ|مطلع|اوايل|اواخر|منتصف|بدايه|نهايه|حتي)\s+)?"
    rf"{_MONTHS_RE}{_YEAR}{_PAST}"
)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?:(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<m>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)(?P<sep2>[/-])(?P<m2>[01]?\d)(?P=sep2)(?P<d2>[0-3]?\d))(?![\d/.-])"
)
_YEAR_ONLY = re.compile(  # عام 2011، بين عامي 2012 و2013
    rf"{_B}[وفبل]?(?:عام|العام|سنه|السنه|عامي)\s+(?P<year>(?:19|20)\d\d)(?!\d)"
    r"(?:\s*(?:و|-|الي|حتي)\s*(?P<year2>(?:19|20)\d\d)(?!\d))?"
)
_DAYS = re.compile(
    rf"{_B}[وف]?(?P<tod>{_TIME_OF_DAY})?(?:يوم\s+)?(?:"
    r"(?P<ereyesterday>(?:ال)?امس\s+الاول|(?:ال)?اول\s+(?:من\s+)?(?:ال)?امس)"
    r"|(?P<yesterday>(?:ب?ال)?امس|الليله\s+الماضيه|ليله\s+امس)"
    r"|(?P<aftertomorrow>بعد\s+غد)|(?P<tomorrow>غدا|الغد)"
    rf"|(?P<today>(?:هذا\s+)?اليوم{_NOT_TODAY}|(?:هذه\s+)?الليله{_NOT_TODAY})"
    rf"|(?<!صلاه )(?<!خطبه )(?<!جمعه )(?P<wd>{_WD})"
    rf"){_E}(?:\s*(?:[,،/-]|علي)?\s*(?P<wd2>{_WD}){_E})?{_DIRECTION}"
)
_PERIOD = re.compile(
    rf"{_B}[وف]?(?:{_DAY}\s*(?:من\s+)?)?(?:(?P<this>هذا|هذه)\s+)?"
    r"(?P<unit>الشهر|العام|السنه|الاسبوع)"
    rf"(?:\s+(?P<which>الماضي|الماضيه|المنصرم|الفايت|الجاري|الحالي|الحاليه|المقبل|القادم))?{_E}"
)
_FUTURE = frozenset({"المقبل", "المقبله", "القادم", "القادمه"})
_PAST_WORDS = frozenset({"الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفايت"})


def find_dates(folded: str, published: date) -> list[DateMention]:
    """Date mentions in folded text, left to right, non-overlapping (the longest at a start)."""
    t = token_table(folded)
    out: list[DateMention] = []
    free = 0  # text offset before which everything is already taken
    # most words start no date: decide once per distinct word, then visit only those that may
    starters = {w: how for w in t.distinct if (how := _starter(w)) is not None}
    for i in [i for i, w in enumerate(t.words) if w in starters]:
        w = t.words[i]
        passes, skip = starters[w]
        start = t.starts[i]
        if start < free:
            continue
        best: DateMention | None = None
        for pattern, resolve in passes:
            m = pattern.match(folded, start)
            mention = resolve(m, published) if m else None
            if mention is not None and (best is None or mention.end > best.end):
                best = mention
        if best is not None:
            if skip and best.start == start:  # the span starts after a proclitic و/ف/ب/ل
                best = replace(best, start=start + 1)
            if w in _SINCE or (t.joined(i) and t.words[i - 1] in _SINCE):
                best = _since(best, t.starts[i - 1] if w not in _SINCE else best.start, published)
            out.append(best)
            free = best.end
    return out


def _starter(w: str) -> tuple[tuple, int] | None:
    """(the patterns a date starting at word w may match, 1 if they start after a proclitic)."""
    if w in _STARTS:
        return _STARTS[w], 0
    if w[0] in "وفبل" and w[1:] in _STARTS:
        return _STARTS[w[1:]], 1
    if not w.isalpha() and (w[0].isdigit() or w[1:2].isdigit() or w[2:3].isdigit()):
        # 15، و15، الـ15 (the tatweel is folded away)
        return _DIGIT_PASSES, int(not w[0].isdigit() and w[1:2].isdigit())
    return None


_SINCE = frozenset({"منذ", "ومنذ"})


def _since(d: DateMention, start: int, published: date) -> DateMention:
    """"منذ 18 شباط", "منذ ثلاثة أيام": a period from that date up to publication (GUIDE rule 2:
    a total over several days runs from date to date_end)."""
    if d.date is None or d.date > published:
        return d
    return replace(d, start=min(start, d.start), date_end=published)


def _calendar(m: re.Match, published: date) -> DateMention | None:
    day = _day(m)
    month = _MONTHS[m.group("month")]
    year = int(m.group("year")) if m.group("year") else None
    resolved = _day_month(day, month, year, published)
    if resolved is None:
        return None
    return DateMention(m.start(), m.end(), resolved, "day", relative=False)


def _day(m: re.Match) -> int:
    return int(m.group("day")) if m.group("day") else _ORDINAL_DAYS[m.group("ord")]


def _day_month(day: int, month: int, year: int | None, published: date) -> date | None:
    """The date of day/month; without a year, the latest one not after publication."""
    if year is not None:
        return _safe_date(year, month, day)
    for y in (published.year, published.year - 1):
        d = _safe_date(y, month, day)
        if d is not None and d <= published:
            return d
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_only(m: re.Match, published: date) -> DateMention | None:
    name, year = m.group("month"), m.group("year")
    if not (year or m.group("cue") or m.group("past") or m.group("current")):
        return None
    if name == "اب" and not (year or m.group("cue") == "شهر" or m.group("past") or m.group("current")):
        return None
    month = _MONTHS[name]
    y = int(year) if year else (published.year if (month < published.month or (
        month == published.month and not m.group("past"))) else published.year - 1)
    return _month_mention(m.start(), m.end(), y, month, relative=not year)


def _month_mention(start: int, end: int, year: int, month: int, relative: bool) -> DateMention | None:
    if not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, month)[1]
    return DateMention(start, end, date(year, month, 1), "month", date(year, month, last), relative)


def _numeric(m: re.Match, published: date) -> DateMention | None:
    if m.group("d"):
        d = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    else:
        d = _safe_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    return DateMention(m.start(), m.end(), d, "day", relative=False) if d else None


def _year_only(m: re.Match, published: date) -> DateMention:
    y = int(m.group("year"))
    last = max(y, int(m.group("year2") or y))
    return DateMention(m.start(), m.end(), date(y, 1, 1), "year", date(last, 12, 31), relative=False)


def _days(m: re.Match, published: date) -> DateMention:
    direction = m.group("dir")
    if m.group("ereyesterday"):
        d = published - timedelta(days=2)
    elif m.group("tomorrow") or m.group("aftertomorrow"):
        d = published + timedelta(days=1 if m.group("tomorrow") else 2)
    elif m.group("yesterday"):
        d = published - timedelta(days=1)
    elif m.group("today"):
        d = published
    else:
        d = _weekday(_WEEKDAYS[m.group("wd")], published, direction)
    end = None
    if m.group("wd2"):
        second = _WEEKDAYS[m.group("wd2")]
        if m.group("wd") and (second - d.weekday()) % 7 == 1:  # ليل الجمعة السبت
            end = d + timedelta(days=1)
    return DateMention(m.start(), m.end(), d, "day", end)


def _weekday(wd: int, published: date, direction: str | None) -> date:
    """The most recent such weekday on or before publication (GUIDE rule 4); strictly before
    with الماضي; the next one after with المقبل/القادم."""
    if direction in _FUTURE:
        return published + timedelta(days=(wd - published.weekday()) % 7 or 7)
    back = (published.weekday() - wd) % 7
    if direction and back == 0:
        back = 7
    return published - timedelta(days=back)


# unit -> (days, months, count): count None means a plural that needs a number ("ثلاثة أيام")
_AGO_UNITS: dict[str, tuple[int, int, int | None]] = {}
for _words, _days_n, _months_n in (
        (("يوم", "يوما"), 1, 0), (("اسبوع", "اسبوعا"), 7, 0), (("شهر", "شهرا"), 0, 1),
        (("عام", "عاما", "سنه"), 0, 12)):
    _AGO_UNITS.update({w: (_days_n, _months_n, 1) for w in _words})
_AGO_UNITS.update({"يومين": (1, 0, 2), "يومان": (1, 0, 2), "اسبوعين": (7, 0, 2), "شهرين": (0, 1, 2),
                   "عامين": (0, 12, 2), "سنتين": (0, 12, 2), "ايام": (1, 0, None),
                   "اسابيع": (7, 0, None), "اشهر": (0, 1, None), "شهور": (0, 1, None),
                   "اعوام": (0, 12, None), "سنوات": (0, 12, None)})
_AGO = re.compile(
    rf"{_B}[وف]?(?:قبل|منذ)\s+(?P<n>(?:[^\W_]+\s+){{0,3}}?)"
    rf"(?P<unit>{_alt(_AGO_UNITS)}){_E}"
    rf"(?!\s+(?:{_WD}|امس|اليوم|(?:19|20)\d\d))"  # not "قبل يوم الجمعة", "منذ عام 2011"
)
# "قبل أسبوع من بدء العام الدراسي": before something else, not before publication
_BEFORE_SOMETHING = re.compile(rf"\s+(?:من|علي){_E}")
_APPROX_WORDS = re.compile(r"^(?:نحو|حوالي|قرابه|زهاء|اكثر من|ما يقارب)\s*")


def _ago(m: re.Match, published: date) -> DateMention | None:
    """قبل يومين، منذ ثلاثة أيام، قبل أسبوع، قبل شهرين; a bare plural (قبل أيام) gives no date."""
    days, months, count = _AGO_UNITS[m.group("unit")]
    words = _APPROX_WORDS.sub("", m.group("n").strip())
    n = parse_number(words) if words else count
    if words and (n is None or count == 2):
        return None  # "قبل بدء الهجوم بيومين": not a count of days before publication
    if n is None:
        return DateMention(m.start(), m.end(), None, "none")
    if _BEFORE_SOMETHING.match(m.string, m.end()):
        return None
    if months:
        return _months_back(m, published, n * months)
    if n * days > min(36_500, (published - date.min).days):    # a century, and never before year 1
        return None
    return DateMention(m.start(), m.end(), published - timedelta(days=n * days), "day")


def _months_back(m: re.Match, published: date, months: int) -> DateMention | None:
    index = published.year * 12 + published.month - 1 - months
    if index < 12:
        return None
    return _month_mention(m.start(), m.end(), index // 12, index % 12 + 1, relative=True)


def _period(m: re.Match, published: date) -> DateMention | None:
    """الشهر الماضي، هذا الشهر، العام الماضي، "15 من الشهر الماضي"; الأسبوع الماضي has no date."""
    unit, which = m.group("unit"), m.group("which")
    day = _day(m) if m.group("day") or m.group("ord") else None
    if which is None and not m.group("this"):
        return None
    step = -1 if which in _PAST_WORDS else 1 if which in _FUTURE else 0
    if unit == "الاسبوع":
        return None if day else DateMention(m.start(), m.end(), None, "none")
    if unit == "الشهر":
        index = published.year * 12 + published.month - 1 + step
        year, month = index // 12, index % 12 + 1
        if day is None:
            return _month_mention(m.start(), m.end(), year, month, relative=True)
        d = _safe_date(year, month, day)
        return DateMention(m.start(), m.end(), d, "day") if d else None
    if day is not None or not 1 <= published.year + step <= 9999:
        return None
    y = published.year + step
    return DateMention(m.start(), m.end(), date(y, 1, 1), "year", date(y, 12, 31))


# Which patterns may start at a token (after an optional و/ف, or ب/ل for عام): a pattern is only
# tried where it can begin, so the text is scanned once, token by token, not once per pattern.
_TIME_WORDS = ("قبيل", "قبل", "بعد", "منتصف", "ساعات", "فجر", "صباح", "ظهر", "ظهيره", "عصر", "مساء",
               "ليله", "ليل", "باكرا")
_DIGIT_PASSES = ((_CALENDAR, _calendar), (_NUMERIC, _numeric), (_PERIOD, _period))
_STARTS: dict[str, tuple] = {}
for _pass, _starters in (
        ((_CALENDAR, _calendar), ("يوم", *_WEEKDAYS, *_ORDINAL_UNITS, "العاشر", "الحادي", "العشرين",
                                  "الثلاثين", *_TIME_WORDS)),
        ((_MONTH_ONLY, _month_only), ("شهر", "في", "خلال", "منذ", "مطلع", "اوايل", "اواخر", "منتصف",
                                      "بدايه", "نهايه", "حتي", *(m.split()[0] for m in _MONTHS))),
        ((_YEAR_ONLY, _year_only), ("عام", "العام", "سنه", "السنه", "عامي")),
        ((_DAYS, _days), (*_TIME_WORDS, "يوم", "امس", "الامس", "بالامس", "اول", "الاول", "اليوم", "الليله",
                          "غدا", "الغد", "هذا", "هذه",
                          *_WEEKDAYS)),
        ((_AGO, _ago), ("قبل", "منذ")),
        ((_PERIOD, _period), ("هذا", "هذه", "الشهر", "العام", "السنه", "الاسبوع", *_ORDINAL_UNITS,
                              "العاشر", "الحادي", "العشرين", "الثلاثين"))):
    for _w in _starters:
        if _pass not in _STARTS.get(_w, ()):
            _STARTS[_w] = (*_STARTS.get(_w, ()), _pass)
