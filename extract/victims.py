"""Named victims: people the text names, with hometown (من قرية …، من أبناء مدينة …) and side.

A name is only taken where the prose marks it as one: in quotes after a person word
(القيادي “أيوب فضل جباوي”، العنصر “حمد ياسر حمد”), or after a title or “called” word
(المدعو، اللواء، الشاب، الطفل، يدعى …), never from a bare run of words — a list of words that
might be names would drag in places and verbs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract.actors import ActorMention
from extract.model import Victim
from extract.numbers import parse_number, person_noun
from extract.places import lookup
from extract.text import Folded, fold_text, token_table

# Words after which a name follows (folded, with or without the article/و).
_TITLES = frozenset(fold_text(
    "المدعو المدعوة يدعى تدعى يُدعى الشاب الشابة الشابين الطفل الطفلة الرجل المسن السيدة المواطن "
    "المواطنة الناشط الناشطة الإعلامي الصحفي الصحفية المصور الطبيب الدكتور المهندس المعلم "
    "القيادي القائد العنصر المقاتل المجند الجندي الضابط اللواء العميد العقيد المقدم الرائد النقيب "
    "الملازم المساعد الرقيب العريف الشهيد الحاج المختار الأسير المعتقل المختطف المختطفة عضو "
    # trades the reports name people by ("ومن بين القتلى العامل “…”", "هما المزارع “…” والراعي “…”")
    "العامل العاملة المزارع الراعي التاجر السائق الطالب الطالبة المحامي الممرض الممرضة الموظف "
    "الموظفة المدرس المعلمة الصيدلاني البائع"
).split())
# Titles used without the article before a name ("مختار بلدة البصيرة “…”", "عضو مجلس …").
_BARE_TITLES = frozenset(fold_text("مختار عضو عنصر").split())
# "القتلى هم “…” و“…”", "بينهم “…”", "والطفلان “…” و“…”": a quoted name right after these is a
# name too (a group's quoted name is no actor's nor place's: checked where they are used).
_THEY_ARE = frozenset(fold_text(
    "هم هما هو هي القتلى القتيلان القتيلين الضحايا الضحيتان الضحيتين أسماؤهم بينهم بينهما منهم منهما "
    "الطفلان الطفلين الطفلتان الطفلتين الشابان الشقيقان الشقيقين الأخوان الأخوين الأطفال الشبان"
).split())
# A name never contains these: they end it.
_STOP = frozenset(fold_text(
    "من في إلى الى عن مع بعد قبل إثر اثر خلال جراء برصاص بقصف أحد احد إحدى احدى قائد عضو "
    "عنصر وهو وهي الذي التي الذين و أو او حيث كما بينما فيما ثم وقد قد قتل أصيب اصيب لقي متأثرا "
    "ابن ابنة بنت والد شقيق أمام وذلك ذلك بسبب بعدما وسط اليوم أمس يوم داخل أثناء اثناء عند قرب "
    "بالقرب نتيجة كان كانت أنه أنها أن إن أيضا نيابة عبر لدى بلدة مدينة قرية حي مخيم ناحية منطقة"
).split())

_WORD = re.compile(r"[^\W\d_]+")
_QUOTED = re.compile(r"[\"“”«»']\s*([^\"“”«»'\n]{3,60}?)\s*[\"“”«»']")
# Between two quoted names of one list, the first one's hometown: "“أ” من القامشلي، و“ب”".
_LIST_GAP = re.compile(r"\s*من\s+(?:[^\W\d_]+\s+){0,3}[^\W\d_]+\s*[،,]?\s*و\s*")
_HOMETOWN = re.compile(
    r"(?:من\s+(?:ابناء\s+|اهالي\s+|سكان\s+)?|المتحدر\s+من\s+|المنحدر\s+من\s+|ينحدر\s+من\s+|ابن\s+)"
    r"(?:(?P<cue>قريه|مدينه|بلده|محافظه|حي|مخيم|بلدتي|قريتي)\s+)?(?P<name>[^\W\d_]+(?:\s+[^\W\d_]+)?)"
)


# "… وهم: أحمد محمد الخطيب، وعلي حسن الخطيب": an unquoted list of names after a colon
_LIST_HEAD = re.compile(r"(?<![^\W\d_])(?:و?هما?|القتلي|الضحايا|اسماوهم)\s*:\s*(?:كل\s+من\s+)?")
# given names that begin with و (elsewhere a list item's و is "and")
_WAW_NAMES = frozenset(fold_text("وليد وائل وسيم وسام وجيه وديع وفاء وعد وداد وضاح").split())


@dataclass(frozen=True, slots=True)
class VictimMention:
    start: int          # folded offsets of the name
    end: int
    victim: Victim


def _name_tokens(text: str, quoted: bool = False, least: int = 2) -> list[re.Match[str]]:
    """Leading name words of text: `least`-5 words, stopping at a stop word or punctuation. Outside
    quotes a word like a plural verb (أصيبوا) ends it too; inside them "كاوا" is a name."""
    out: list[re.Match[str]] = []
    pos = 0
    for m in _WORD.finditer(text):
        gap = text[pos:m.start()]
        if out and gap.strip():          # punctuation between words ends the name
            break
        if not out and gap.strip():
            break
        w = m.group()
        if not out and w.removeprefix("و").startswith("ال"):     # a given name takes no article
            break
        if w in _STOP or (out and w[0] == "و") or w in _TITLES or (w.endswith("وا") and not quoted):
            break
        if w == "علي" and out and not quoted:     # the name Ali, or the preposition على (folded alike)
            rest = text[m.end():].split(maxsplit=1)
            if rest and not (rest[0] in _STOP or rest[0][:1] in "،,.؛:()\"“”"):
                break
        out.append(m)
        pos = m.end()
        if len(out) == 5:
            break
    return out if least <= len(out) <= 5 else []


def _bare(word: str) -> str:
    """The word without a conjunction or a preposition fused to its article: "وللعنصر" ->
    "العنصر", "بالشاب" -> "الشاب", "وهو" -> "هو"."""
    w = word[1:] if word[:1] in "وف" and word[1:] else word
    if w.startswith("لل") and len(w) > 4:
        return "ا" + w[1:]
    if w[:1] in "بك" and w[1:3] == "ال":
        return w[1:]
    return w


# A title as a whole word, with or without a conjunction or a fused preposition (what _is_title
# accepts): whole words are found at C speed and looked up (a regex alternation of the titles
# would be tried at every character).
_TITLE_FORMS = frozenset(c + v for t in _TITLES | _BARE_TITLES
                         for v in (t, *(("ب" + t, "ك" + t, "ل" + t[1:]) if t.startswith("ال") else ()))
                         for c in ("", "و", "ف"))
_WHOLE_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]+")


def _title_ends(text: str, start: int, end: int) -> list[int]:
    """Where the titles in text[start:end] end: the _WHOLE_WORD matches there that are in
    _TITLE_FORMS, read off the token table (a token of letters only is one such word, counted when
    it starts in the span; a token with digits is searched as a whole word would be)."""
    t = token_table(text)
    out: list[int] = []
    for k in t.overlapping(start, end):
        a, b, w = t.starts[k], t.ends[k], t.words[k]
        if w.isalpha():
            if a >= start and (w if b <= end else text[a:end]) in _TITLE_FORMS:
                out.append(min(b, end))
        else:
            out += [m.end() for m in _WHOLE_WORD.finditer(text, max(a, start), min(b, end))
                    if m.group() in _TITLE_FORMS]
    return out


# "القيادي في هيئة تحرير الشام أبو محمد الحوراني": after the title, its group, then a kunya (a
# kunya is a name wherever it stands; another word after a group may be anything).
_AFFILIATED_KUNYA = re.compile(r"\s+(?:(?:ال[^\W\d_]+|سابق|بارز)\s+){0,2}(?:في|لدي)\s+(?P<group>(?:[^\W\d_]+\s+){1,5}?)"
                               r"(?P<kunya>(?:ابو|ام)\s+[^\W\d_]+)")


def may_name(word: str) -> bool:
    """Can a name follow this folded word? (A clause with none of these names nobody.)"""
    w = _bare(word)
    return w in _TITLES or w in _BARE_TITLES or w in _THEY_ARE


def _is_title(word: str) -> bool:
    """القيادي، والمدعو، للعنصر، مختار (بلدة …): with or without the article, a conjunction or a
    fused preposition."""
    w = _bare(word)
    return w in _TITLES or w in _BARE_TITLES


def find_victims(f: Folded, start: int, end: int, actors: list[ActorMention],
                 near_admin1: str | None = None, home: str | None = None) -> list[VictimMention]:
    """Named people in the folded span [start, end). `home` is the place "من أبناء المدينة" means."""
    text = f.text
    spans: list[tuple[int, int]] = []
    listed = -1                           # end of the last quoted name taken: "“أ” و“ب”" lists go on
    for m in _QUOTED.finditer(text, start, end):
        before = _WORD.findall(text, max(start, m.start() - 60), m.start())[-6:]
        gap = text[listed:m.start()] if listed >= 0 else ""
        joined = (0 <= m.start() - listed <= 4 and gap.strip(" \"“”«»'،,") in ("و", "")) \
            or (0 <= m.start() - listed <= 50 and _LIST_GAP.fullmatch(gap) is not None)
        right_after = bool(before) and m.start() - 12 <= text.rfind(before[-1], 0, m.start()) \
            and (_is_title(before[-1]) or _bare(before[-1]) in _THEY_ARE)
        if not (any(_is_title(w) for w in before) or right_after or joined):
            continue
        # a lone given name only right after its title or in a list ("الطفلان “سارة” و“يزن”")
        words = _name_tokens(m.group(1), quoted=True, least=1 if right_after or joined else 2)
        if words and len(words) == len(_WORD.findall(m.group(1))) \
                and not any(x.start < m.end(1) and m.start(1) < x.end for x in actors):
            s = m.start(1)
            spans.append((s + words[0].start(), s + words[-1].end()))
            listed = m.end()
    for title_end in _title_ends(text, start, end):
        nxt = text[title_end:min(end, title_end + 80)]
        if not nxt[:1].isspace():
            continue
        words = _name_tokens(nxt)
        off = title_end
        if not words:
            kunya = _AFFILIATED_KUNYA.match(nxt)
            if kunya and _STOP.isdisjoint(kunya.group("group").split()) \
                    and lookup(" ".join(_WORD.findall(nxt, kunya.start("kunya"))[:2])) is None:
                off += kunya.start("kunya")
                words = _name_tokens(nxt[kunya.start("kunya"):])
        if words and not any(a <= off + words[0].start() < b for a, b in spans):
            spans.append((off + words[0].start(), off + words[-1].end()))
    for m in _LIST_HEAD.finditer(text, start, end):
        spans += [sp for sp in _listed_names(text, m.end(), end) if not any(a < sp[1] and sp[0] < b for a, b in spans)]
    spans.sort()
    out: list[VictimMention] = []
    for k, (a, b) in enumerate(spans):
        nxt_start = spans[k + 1][0] if k + 1 < len(spans) else end
        prev_end = spans[k - 1][1] if k > 0 else max(start, a - 40)
        oa, ob = f.span(a, b)
        name = f.orig[oa:ob].strip("\"“”«»' ")
        hometown = _hometown(text, b, nxt_start, near_admin1, home) or _group_hometown(text, max(start, a - 160), a,
                                                                                    near_admin1)
        actor = _affiliation(text, actors, prev_end, a, b, nxt_start)
        if actor is None and out and _combatant_title(text, prev_end, a):
            actor = out[-1].victim.actor        # "… والعنصر “أبو عمر الحمصي”": one of the same group
        out.append(VictimMention(a, b, Victim(name=name, hometown=hometown, outcome="killed", actor=actor)))
    # "“أ” و“ب” من بصرى الشام": a hometown told after names listed together is all of theirs
    for k in range(len(out) - 2, -1, -1):
        one, after = out[k], out[k + 1]
        if one.victim.hometown is None and after.victim.hometown is not None \
                and text[one.end:after.start].strip(" \"“”«»'،,") in ("و", ""):
            out[k] = VictimMention(one.start, one.end, replace(one.victim, hometown=after.victim.hometown))
    return out


def _listed_names(text: str, a: int, end: int) -> list[tuple[int, int]]:
    """The names of a comma-separated list from a to the first item that is not wholly a name of
    2-5 words (a figure or a person noun like "ثلاثة أطفال" is no name: the list names nobody)."""
    out: list[tuple[int, int]] = []
    pos = a
    while pos < end:
        stop = text.find("،", pos, end)
        stop = end if stop < 0 else stop
        item_start = pos + len(text[pos:stop]) - len(text[pos:stop].lstrip())
        item = text[item_start:stop].rstrip(" .")
        if out and item[:1] == "و" and item.split(maxsplit=1)[0] not in _WAW_NAMES:
            item_start, item = item_start + 1, item[1:]
        words = _name_tokens(item)
        every = _WORD.findall(item)
        if not words or len(words) != len(every) or any(person_noun(w) or parse_number(w) for w in every):
            break
        out.append((item_start + words[0].start(), item_start + words[-1].end()))
        pos = stop + 1
    return out


_COMBATANT_TITLES = frozenset(fold_text("القيادي القائد العنصر المقاتل المجند").split())


def _combatant_title(text: str, a: int, b: int) -> bool:
    return any(w in _COMBATANT_TITLES or w[1:] in _COMBATANT_TITLES for w in _WORD.findall(text, a, b))


_GROUP_HEAD = frozenset(fold_text("بينهم بينهما منهم منهما هم هما وهم وهما").split())


def _group_hometown(text: str, a: int, b: int, near_admin1: str | None) -> str | None:
    """"ثلاثة شبان من مدينة شهبا، بينهم “…”": the town of the people a list head (بينهم، هما)
    right before the name refers to."""
    heads = [m for m in _WORD.finditer(text, a, b) if m.group() in _GROUP_HEAD]
    if not heads or len(_WORD.findall(text, heads[-1].end(), b)) > 1:
        return None
    towns = [m for m in _HOMETOWN.finditer(text, a, heads[-1].start()) if m.group("cue")]
    if not towns or len(_WORD.findall(text, towns[-1].end(), heads[-1].start())) > 8:
        return None
    return _hometown(text, towns[-1].start(), heads[-1].start(), near_admin1, None)


def _hometown(text: str, a: int, b: int, near_admin1: str | None, home: str | None) -> str | None:
    m = _HOMETOWN.search(text, a, min(b, a + 80))
    if m is None or text[max(0, m.start() - 7):m.start()].rstrip().endswith(("قرب", "بالقرب")):
        return None                       # "بالقرب من بلدة طفس" is where, not whence
    words = m.group("name").split()
    if words[0] in ("المدينه", "البلده", "القريه", "المنطقه", "الحي", "المخيم"):
        return home
    for n in (2, 1):
        if len(words) >= n:
            place = lookup(" ".join(words[:n]), near_admin1)
            if place is not None:
                return place.name
    return None if m.group("cue") is None else words[0]


def _affiliation(text: str, actors: list[ActorMention], prev_end: int, a: int, b: int, nxt: int) -> str | None:
    """The side a named person belongs to: named before the name ("عنصر من قسد “…”"), else after
    it ("“…” من عناصر التنظيم") unless it is who hit him ("“…” برصاص مجهولين"، "على يد …")."""
    before = [m for m in actors if prev_end <= m.start < a]
    if before:
        return before[-1].actor_id
    after = [m for m in actors if b <= m.start < nxt and _BY_AGENT.isdisjoint(_WORD.findall(text, b, m.start))]
    return after[0].actor_id if after else None


# what brings in the one who did it: "برصاص"، "بنيران"، "على يد"، "من قبل"، "بقصف"، "بغارة"، or
# who held him: "تحت التعذيب في سجون النظام"
_BY_AGENT = frozenset("برصاص رصاص بنيران نيران يد قبل بقصف قصف بغاره غاره بهجوم هجوم باستهداف استهداف "
                      "بطلق بطلقات بانفجار سجون سجن معتقلات فرع فروع".split())
