"""How a clause names a place: where its event happened ("near": في، ب، على، قرب), an origin,
direction or compass point off it ("away": من، نحو، بين، جنوب دمشق), someone's hometown or the
source's seat ("home": شابين من جاسم، مصادر في مشفى حمص), or a locator of the place before it
("دوما في الغوطة الشرقية"). Works on folded words; the roles are language, not a list of towns.
"""
from __future__ import annotations

import re

from extract.events import word_forms
from extract.model import Place
from extract.places import PlaceMention

_TOKEN = re.compile(r"[^\W_]+")
_PERSON_BEFORE_FROM = frozenset(
    "ابناء اهالي سكان شاب شابين شابا شبان عنصر عناصر مدني مدنيا مدنيين مدنيون طفل طفلا اطفال "
    "قيادي مقاتل مقاتلين مقاتلا رجل رجال امراه نساء اشخاص شخص شخصا مهجرين نازحين عائلات عائله "
    "المتحدر المنحدر ينحدر وعائلاتهم ومدنيين".split())
_AWAY = frozenset("من باتجاه نحو بين وبين اطراف صوب المجاور المجاوره المحاذي المحاذيه المتاخم المتاخمه "
                  "القريب القريبه".split())
_COMPASS = frozenset("جنوب شمال شرق غرب جنوبي شمالي شرقي غربي".split())
_ON_THE_WAY = frozenset("طريقها طريقه طريقهم متجهه متجهين متوجهه".split())
_PEOPLE_OF = frozenset("عمال ابناء اهالي سكان مهجري نازحي وجهاء ثوار مقاتلي".split())
_HEARD = frozenset("سمع سمعت وسمع وسمعت يسمع تسمع شوهد شوهدت وشوهد سمعوا".split())
_NEAR_FROM = frozenset("بالقرب قرب مقربه".split())
PLACE_CUES = frozenset("قريه مدينه بلده محافظه منطقه حي مخيم بلدتي قريتي مدينتي ريف ريفي بلدات قري "
                        "مدن ناحيه مطار قاعده معبر سجن مشفي مستشفي ساحه سوق طريق اوتوستراد حاجز جسر سد "
                        "محطه مدرسه جامع مسجد".split())


def role_of(before: list[str]) -> str:
    """near: the event is there (في، ب، على، قرب …); away: origin, direction or a compass point
    off it (من، نحو، بين، جنوب دمشق); road: an end of the road it was on (طريق السخنة – دير الزور);
    home: someone's hometown (شابين من جاسم)."""
    if any(w in _HEARD for w in before):   # "سُمع دوي الانفجارات في أحياء اللاذقية": heard, not hit
        return "away"
    if before and before[-1] in ("ب", "وب", "فب"):     # "بمدينة" split off by the place finder
        return "near"
    if before and before[-1] in ("ل", "و", "ف", "ول", "فل"):
        before = before[:-1]
    k = len(before) - 1
    while k >= 0 and (before[k] in PLACE_CUES or before[k][1:] in PLACE_CUES and before[k][0] in "وفب"):
        k -= 1
    if k < 0:
        return "near"
    w = before[k]
    prev = before[k - 1] if k >= 1 else ""
    if w in ("من", "ومن"):
        if prev in _NEAR_FROM:
            return "near"
        if any(f in _PERSON_BEFORE_FROM for f in word_forms(prev)) or prev.endswith(("ين", "ون")):
            return "home"
        return "away"
    if not _PEOPLE_OF.isdisjoint(word_forms(w)):   # "نادي عمال القنيطرة", "لأبناء الغوطة": people from there
        return "home"
    if any(b in ("طريق", "الطريق", "اوتوستراد", "لطريق", "بطريق") for b in before[-3:]):
        return "road"                     # "طريق القامشلي – عامودا": the ends of a road
    if w in ("الي", "نحو") and prev in _ON_THE_WAY:
        return "home"                     # "وهي في طريقها إلى منطقة الباب": where it was going, not where
    if w in ("الي", "حتي") and prev == "وصولا":
        return "away"                     # "… وصولاً إلى مدينة جبلة": how far it reached
    if w in _AWAY or w.lstrip("وف") in _COMPASS:
        return "away"
    return "near"


_HELD = ("المحتل", "محتل", "تحتل")


def occupied(text: str, start: int, end: int) -> bool:
    """"الجولان السوري المحتل", "الجزء الذي تحتله إسرائيل من (هضبة) الجولان": held by Israel, not a
    place of this conflict's events."""
    if text.find("حتل", max(0, start - 50), end + 30) < 0:
        return False                      # every word it looks for holds these letters
    if any(w.startswith(_HELD) for w in _TOKEN.findall(text, end, end + 30)[:3]):
        return True
    before = _TOKEN.findall(text, max(0, start - 50), start)[-5:]
    if before[-1:] and (before[-1] == "هضبه" or before[-1] in PLACE_CUES):
        before.pop()                      # "من هضبة الجولان"
    return before[-1:] == ["من"] and any(w.startswith(_HELD) for w in before[:-1])


_BORDER = frozenset("حدود الحدود بحدود لحدود وحدود".split())


def beyond_border(m: PlaceMention, before: list[str]) -> bool:
    """"قرى على حدود الجولان": a region whose border is named is where the event was not (a
    town's "حدود" is its edge, and the town is still the place)."""
    return m.level == "region" and before[-1:] != [] and before[-1] in _BORDER


def metonym(m: PlaceMention, before: list[str]) -> bool:
    """A bare capital with no preposition or cue stands for its government ("حليفي دمشق"); not
    the end of a road or a facility named after it ("أوتوستراد دمشق – درعا"، "مطار دمشق")."""
    if m.level not in ("community", "admin1") or m.cue or m.place.pcode not in ("C1001", "SY01"):
        return False
    return not before or before[-1] not in _NOT_GOVERNMENT and before[-1] not in PLACE_CUES


_NOT_GOVERNMENT = frozenset("في الي علي قرب من العاصمه الطريق لطريق بطريق".split())


_LOCATOR_WORDS = frozenset("في ب و بريف ريف شمالي جنوبي شرقي غربي شمال جنوب شرق غرب بمحافظه محافظه قرب بالقرب "
                           "من".split())


def is_locator_gap(gap: str) -> bool:
    """Between a place and its locator or its coordinate: "في", "شمالي", "العسكري في ريف", "وبلدة"."""
    words = _TOKEN.findall(gap)
    return len(words) <= 4 and "،" not in gap and all(
        w in _LOCATOR_WORDS or w in PLACE_CUES or (w[:1] == "و" and w[1:] in PLACE_CUES)
        or (w.startswith("ال") and w.endswith(("ي", "يه"))) for w in words)


_LEVEL_RANK = {"neighbourhood": 0, "community": 1, "admin3": 2, "admin2": 3, "region": 4, "admin1": 5}


def most_precise(ms: list[tuple[PlaceMention, Place]]) -> list[tuple[PlaceMention, Place]]:
    """Drop a district/region/governorate that only locates a more precise place in the clause."""
    out = []
    for m, p in ms:
        finer = [o for o, q in ms if _LEVEL_RANK.get(o.level, 9) < _LEVEL_RANK.get(m.level, 9)
                 and q.admin1 == p.admin1]
        if m.cue and m.cue.startswith("ريف"):     # "مدينة إدلب … وبلدات ريف إدلب": both
            finer = [o for o in finer if 0 <= m.start - o.end <= 20]
        if not finer:
            out.append((m, p))
    return out
