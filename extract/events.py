"""What happened, clause by clause: event triggers (data/triggers.csv), casualty figures, and the
cues that say a clause does not report an event that happened (threats, forecasts, denials,
road accidents).

Everything here works over folded text and returns folded offsets. The unit is the *clause*: a
sentence cut where Arabic news prose starts a new event ("، كما …", "فيما …", "في حين …",
"، موضحا أن …"), so "shelling of A, B and C, as well as clashes near D" gives explosions at A, B,
C and a battle at D, while "an attack that included ten suicide bombings" stays one event.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from extract import DATA_DIR
from extract.numbers import PERSON_NOUNS, Quantity, parse_number, person_noun
from extract.text import fold_text, indexes_where, token_table

DATA = DATA_DIR / "triggers.csv"

# ACLED's order: the incident takes the highest-priority type that fits it (GUIDE rule 5).
EVENT_PRIORITY = ("battles", "protests", "riots", "explosions", "violence-against-civilians",
                  "strategic-developments")
# Within a type, the sub-type of the gravest part (GUIDE rule 2); first listed wins.
SUB_PRIORITY = {
    "battles": ("non-state-actor-overtakes-territory", "government-regains-territory", "armed-clash"),
    "protests": ("excessive-force-against-protesters", "protest-with-intervention", "peaceful-protest"),
    "riots": ("mob-violence", "violent-demonstration"),
    "explosions": ("chemical-weapon", "suicide-bomb", "air-drone-strike",
                   "remote-explosive-landmine-ied", "shelling-artillery-missile-attack", "grenade"),
    "violence-against-civilians": ("sexual-violence", "attack", "abduction-forced-disappearance"),
    "strategic-developments": ("agreement", "non-violent-transfer-of-territory", "arrests",
                               "disrupted-weapons-use", "looting-property-destruction",
                               "headquarters-or-base-established", "change-to-group-activity", "other"),
}
STATE_FORCES = frozenset({"syria-regime-forces", "syria-transitional-forces"})

_TOKEN = re.compile(r"[^\W_]+")
_PROCLITIC = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل|[وف]?[بكل]|[وف])")


@lru_cache(maxsize=65536)
def word_forms(token: str) -> tuple[str, ...]:
    """A folded token and its readings without proclitics and article (والقصف -> القصف, قصف)."""
    return tuple(_word_forms(token))


def _word_forms(token: str) -> list[str]:
    out = [token]
    m = _PROCLITIC.match(token)
    if m and len(token) - m.end() >= 2:
        out.append(token[m.end():])
        if m.group().endswith("ال") and m.end() > 2:
            out.append("ال" + token[m.end():])
        if m.group().endswith("لل"):
            out.append("ال" + token[m.end():])
    if token[:1] in "وفبلك" and len(token) > 3 and token[1:] not in out:
        out.append(token[1:])
    return out


def _words(*texts: str) -> frozenset[str]:
    return frozenset(fold_text(" ".join(texts)).split())


# --- triggers -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    event_type: str
    sub_event_type: str
    kind: str          # strong | weak (types a clause only when nothing stronger) | modifier


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]
    prefix: bool        # last word is a prefix (اشتباك* = اشتباك, اشتباكات, الاشتباكات …)
    event_type: str
    sub_event_type: str
    kind: str


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, list[_Pattern]], dict[str, list[_Pattern]]]:
    """Patterns indexed by first word (exact), and prefix patterns by their first 3 letters."""
    exact: dict[str, list[_Pattern]] = {}
    prefixed: dict[str, list[_Pattern]] = {}
    with open(DATA, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            raw = fold_text(row["pattern"].strip())
            prefix = raw.endswith("*")
            words = tuple(_TOKEN.findall(raw.rstrip("*")))
            p = _Pattern(words, prefix and len(words) == 1, row["event_type"], row["sub_event_type"],
                         row["kind"])
            if p.prefix:
                prefixed.setdefault(words[0][:3], []).append(p)
            else:
                exact.setdefault(words[0], []).append(p)
    for ps in (*exact.values(), *prefixed.values()):
        ps.sort(key=lambda p: -len(p.words))
    return exact, prefixed


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


@lru_cache(maxsize=65536)
def _bare_forms(token: str) -> frozenset[str]:
    """"التجوال" and "تجوال" alike, after the first word of a pattern ("حظر تجوال")."""
    return frozenset(_bare(f) for f in word_forms(token))


def _window(folded: str, start: int, end: int) -> tuple[list[str], list[int], list[int]]:
    """Words, starts and ends of the tokens of folded[start:end], as _TOKEN.finditer(folded,
    start, end) gives them (a word the window cuts is cut too), from the text's token table."""
    t = token_table(folded)
    k = t.overlapping(start, end)
    words, starts, ends = t.words[k.start:k.stop], t.starts[k.start:k.stop], t.ends[k.start:k.stop]
    if words and (starts[0] < start or ends[-1] > end):
        starts[0], ends[-1] = max(starts[0], start), min(ends[-1], end)
        words[0], words[-1] = folded[starts[0]:ends[0]], folded[starts[-1]:ends[-1]]
    return words, starts, ends


@lru_cache(maxsize=65536)
def _trigger_forms(token: str) -> tuple[str, ...]:
    """The forms of a token that may start a trigger pattern (none for most words)."""
    exact, prefixed = _patterns()
    return tuple(f for f in word_forms(token) if f in exact or f[:3] in prefixed)


def find_triggers(folded: str) -> list[Trigger]:
    """Trigger phrases in a folded text, longest first, non-overlapping, in text order."""
    exact, prefixed = _patterns()
    t = token_table(folded)
    words, starts, ends = t.words, t.starts, t.ends
    out: list[Trigger] = []
    i = 0
    for k in indexes_where(t, _trigger_forms):
        if k < i:
            continue
        i = k
        best: tuple[int, _Pattern] | None = None
        for form in _trigger_forms(words[i]):
            for p in (*exact.get(form, ()), *prefixed.get(form[:3], ())):
                n = len(p.words)
                if best is not None and n <= best[0] - i:
                    continue
                if p.prefix:
                    ok = form.startswith(p.words[0])
                else:
                    ok = form == p.words[0] and i + n <= len(words) and all(
                        _bare(p.words[j]) in _bare_forms(words[i + j]) for j in range(1, n))
                if ok:
                    best = (i + n, p)
        if best is None:
            continue
        j, p = best
        if p.kind != "none":              # "خط فض الاشتباك" is a line on a map, not a clash
            out.append(Trigger(starts[i], ends[j - 1], p.event_type, p.sub_event_type, p.kind))
        i = j
    if "قطع" in folded:
        out = _service_cuts(folded, 0, len(folded), out)
    if "النار" in folded:
        out = _fire_at(folded, out)
    return out


# "أطلق مسلحون النار، مساء أمس، على الشاب …": the day told between the fire and its target (the
# phrase pattern "النار على" needs the words side by side)
_WHEN_WORDS = "اليوم|امس|الامس|فجر|صباح|ظهر|عصر|مساء|ليل|ليله|يوم|السبت|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه"
_FIRE_AT = re.compile(rf"(?<![^\W_])النار(?:[\s،,]+(?:{_WHEN_WORDS})){{1,3}}[\s،,]+علي(?![^\W_])")


def _fire_at(folded: str, found: list[Trigger]) -> list[Trigger]:
    """found with the shootings "النار <when> على" not already among them."""
    return _with_new(found, [Trigger(m.start(), m.end(), "violence-against-civilians", "attack", "strong")
                             for m in _FIRE_AT.finditer(folded)])


def _with_new(found: list[Trigger], new: list[Trigger]) -> list[Trigger]:
    """found (in text order, without overlaps) and those of new that overlap none of it, in text order."""
    starts = [t.start for t in found]
    keep = [t for t in new if (k := bisect_left(starts, t.end)) == 0 or found[k - 1].end <= t.start]
    return sorted(found + keep, key=lambda t: t.start) if keep else found


# "قطعت قوات النظام الكهرباء والخبز عن المدينة": the verb, its subject, then the service cut
# (the phrase patterns need the words side by side, as in "قطع الكهرباء"). The pattern opens with
# the stem, which the regex engine scans for fast; what may come before it is checked after.
_CUT = re.compile(r"قطع(?:ت|وا)?\s+(?:[^\W\d_]+\s+){0,4}?(?:[وب]?ال)?(?:كهرباء|مياه|ماء|خبز|اتصالات|انترنت)(?![^\W_])")
_CUT_LEAD = re.compile(r"[وف]?[بليت]?")


def _service_cuts(folded: str, start: int, end: int, found: list[Trigger]) -> list[Trigger]:
    """found with the service cuts of folded[start:end] not already among them (strategic
    developments, sub-type other: events.csv)."""
    cuts = []
    for m in _CUT.finditer(folded, start, end):
        a = m.start()
        token = _TOKEN.search(folded, max(0, a - 3), m.end())       # the word the stem ends
        while token is not None and token.end() <= a:
            token = _TOKEN.search(folded, token.end(), m.end())
        if token is None or not _CUT_LEAD.fullmatch(folded, token.start(), a):
            continue                      # "انقطع", "مقطع": no cut made
        cuts.append(Trigger(token.start(), m.end(), "strategic-developments", "other", "strong"))
    return _with_new(found, cuts)


# --- clauses ------------------------------------------------------------------------------------

# A new clause starts at these words (the comma before them, if any, goes with the old clause).
_CLAUSE_OPENERS = _words("كما فيما بينما وبينما تزامنا بالتزامن علما علماً موضحا موضحة مشيرا مشيرة مضيفا مضيفة مؤكدا مؤكدة "
                         "لافتا لافتة ولفت وأضاف وأوضح وأشار")
_CLAUSE_PAIRS = (("في", "حين"), ("في", "وقت"), ("من", "جهة"), ("من", "جانبه"), ("من", "جانبها"),
                 ("في", "المقابل"), ("وفي", "المقابل"), ("من", "ناحية"))


def clauses(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut the sentence folded[start:end] into event clauses."""
    words, starts, _ = _window(folded, start, end)
    cuts = [start]
    for k in range(1, len(words)):
        w = words[k]
        if w in _CLAUSE_OPENERS or (w, words[k + 1] if k + 1 < len(words) else "") in _CLAUSE_PAIRS:
            cuts.append(starts[k])
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if folded[a:b].strip()]


# --- cues that cancel or qualify ----------------------------------------------------------------

# Threats, warnings, forecasts, plans, demands and conditions: what follows did not happen (yet).
MODAL = _words(
    "هدد يهدد تهدد هددت تهديد تهديدات توعد يتوعد حذر يحذر تحذر حذرت تحذير تحذيرات محذرا محذرة "
    "يتوقع توقع تتوقع المتوقع متوقع سوف وشيك محتمل المحتمل مرتقب المرتقب تعتزم يعتزم تنوي ينوي "
    "تستعد يستعد استعدادا خطة تخطط يخطط حال إذا لو طالب يطالب تطالب مطالب المطالب مطالبه دعا يدعو "
    "تدعو دعت شروط بشروط يمكن احتمال إمكانية تعهد تعهدت ستحتفظ يهدف تهدف بهدف لمنع "
    "يسمح تسمح ستتحرك خوفا خشية ضرورة بضرورة شدد اعتبر واعتبر معتبرا يعتبر تعتبر وصف وصفت وصفتها "
    "المفترض مفترض مزعوم المزعوم دعوات انهاء المزيد للقضاء القضاء لمساندة علما ينهي تنهي لانهاء "
    "متكرر متكررة المتكررة باستمرار عادة دأبت كعادته تتكرر يتكرر مخاوف خشية دوي طالبوا زاعما زاعمة تعد يعد "
    "زعم زعمت يزعم تزعم مزاعم "
    # "نزحوا هرباً من القصف", "ملجأ يقيهم من القصف": what people flee or shelter from, no event told
    "هربا هروبا فرارا يقيهم تقيهم يقيه تقيه يحميهم تحميهم")
# A plan or purpose: the sides after it are aimed at, not yet in the event (بهدف القضاء على خلايا التنظيم).
PURPOSE = _words("بهدف يهدف تهدف لمنع للقضاء القضاء لمساندة خطة تخطط يخطط تعتزم يعتزم تنوي ينوي تستعد "
                 "يستعد هدد يهدد تهدد توعد يتوعد تطالب يطالب طالب طالبت مطالبين مطالبة بمطالبة اتهمت اتهم "
                 "يتهم تتهم متهما متهمة اتهام")
# Right after a trigger: "هجوم وشيك", "الهجوم المرتقب", "هجوم محتمل".
MODAL_AFTER = _words("وشيك الوشيك مرتقب المرتقب محتمل المحتمل متوقع المتوقع مفترض المفترض متكررة "
                     "المتكررة متكرر متفرقة المتفرقة مماثلة المماثلة مماثل")
# "هذه الغارات", "الغارات ذاتها": a back-reference to an event already reported.
_DEMONSTRATIVE = _words("هذه هذا تلك ذلك هذين هاتين")
_SAME = _words("ذاتها ذاته نفسها نفسه المذكور المذكورة")
_AFTER_THE = _words("عقب بعد إثر اثر وعقب وبعد")
# "وجاء الاتفاق بعد …", "ويأتي القصف بعد …": an event told before, placed in its background.
CAME = _words("جاء وجاء جاءت وجاءت ياتي وياتي تاتي وتاتي")
_KINDS_OF = _words("عمليات حوادث حملات ظاهرة موجة")
_CHARGED = _words("متورط متورطا متورطة متورطين متورطون المتورطين بتورط بتورطه بتورطهم بتهمة بتهم متهم متهما "
                  "متهمين المتهم")
# A denied claim did not happen by the source's own account.
DENIAL = _words("نفى نفت نفاه نفته ينفي تنفي نفي ونفى ونفت")
# An analyst's view is analysis, not a report of an incident (GUIDE rule 1).
ANALYSIS = _words("الباحث باحث محلل محللون المحلل محللين خبير الخبير خبراء")
# A trial (abroad, as a rule): what the defendant is charged with is not news of an incident.
TRIAL = _words("محكمة المحكمة محاكمة المحاكمة محاكمته الادعاء تهما تهم التهم بتهمة المتهم متهم القضائية")
# Not political violence.
ACCIDENT = (("حادث", "سير"), ("حادث", "مروري"), ("حادث", "مرور"), ("حادث", "السير"),
            ("حادثة", "سير"), ("حوادث", "السير"))
NEGATION = _words("لم لن لا ليس عدم دون بدون")
NEGATION_WORDS = tuple(NEGATION)

# A reporting verb: a weekday right after it dates the report, not the event.
REPORTING = _words("قال قالت أفاد أفادت ذكر ذكرت أعلن أعلنت أكد أكدت نقل نقلت أوضح أوضحت وثق "
                   "تحدثت تحدث بحسب حسب وفق وفقا أشار أشارت")
# "a while ago", "days ago", "last week": the event happened, but no day can be given (rule 4).
UNDATED = (("في", "وقت", "سابق"), ("قبل", "أيام"), ("قبل", "ايام"), ("منذ", "أيام"),
           ("الأسبوع", "الماضي"), ("الشهر", "الماضي"), ("العام", "الماضي"), ("مطلع", "الأسبوع"),
           ("منذ", "أشهر"), ("منذ", "شهر"), ("قبل", "شهر"), ("قبل", "أسابيع"), ("قبل", "أشهر"),
           ("قبل", "سنوات"), ("قبل", "عام"), ("خلال", "سنوات"), ("سابقا",), ("مؤخرا",), ("مؤخراً",))


def _fold_seqs(seqs: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for s in seqs:
        f = tuple(fold_text(w) for w in s)
        out.setdefault(f[0], []).append(f)
    return out


def _find_seq(words: list[str], seqs: dict[str, list[tuple[str, ...]]]) -> int:
    """Index of the first word starting one of the sequences, or -1."""
    for i, w in enumerate(words):
        if w in seqs:
            for s in seqs[w]:
                if tuple(words[i:i + len(s)]) == s:
                    return i
    return -1


def _has_seq(words: list[str], seqs: dict[str, list[tuple[str, ...]]]) -> bool:
    return _find_seq(words, seqs) >= 0


def clause_words(folded: str, start: int, end: int) -> list[str]:
    """_TOKEN.findall(folded, start, end), from the token table (no second tokenisation)."""
    return _window(folded, start, end)[0]


_ACCIDENT_F = _fold_seqs(ACCIDENT)
_UNDATED_F = _fold_seqs(UNDATED)


def is_accident(words: list[str]) -> bool:
    return _has_seq(words, _ACCIDENT_F)


def is_denied(words: list[str]) -> bool:
    """Denied by the source, or a charge heard in a court: not an incident the text reports."""
    return any(w in DENIAL or w in TRIAL or w in ANALYSIS for w in words)


def is_undated(words: list[str]) -> bool:
    return _has_seq(words, _UNDATED_F)


def undated_spans(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the clause says "a while ago"/"last week" (folded offsets)."""
    words, starts, ends = _window(folded, start, end)
    out = []
    for i in [i for i, w in enumerate(words) if w in _UNDATED_F]:
        for seq in _UNDATED_F[words[i]]:
            if tuple(words[i:i + len(seq)]) == seq:
                out.append((starts[i], ends[i + len(seq) - 1]))
    return out


_ONGOING_F = _fold_seqs((("منذ", "أيام"), ("منذ", "ايام"), ("منذ", "أشهر"), ("منذ", "شهر"), ("منذ", "أسابيع"),
                         ("منذ", "سنوات"), ("منذ", "أسبوعين"), ("منذ", "شهرين"), ("خلال", "سنوات")))


def is_ongoing(words: list[str]) -> bool:
    """"تشن … منذ شهر هجوما": a campaign going on for a while, not an incident of a day."""
    return _has_seq(words, _ONGOING_F)


# "… على خلفية اشتباكات", "ردا على الغارات", "، في إطار تعزيزات متواصلة": what follows is the cause
# or the frame, not this clause's event.
_BECAUSE = (("على", "خلفية"), ("ردا", "على"), ("رداً", "على"), ("منذ",), ("كرد", "فعل"), ("رد", "فعل"),
            ("في", "إطار"))
_BECAUSE_F = _fold_seqs(_BECAUSE)
# The word of each that gates cause_start (CAUSE_CUE): its first, or its last where the first is
# a preposition of nearly every clause ("في إطار", "على خلفية").
_BECAUSE_CUES = frozenset(s[-1] if s[0] in ("في", "علي") else s[0] for seqs in _BECAUSE_F.values() for s in seqs)
_DURATION = _words("أيام ايام يوم يومين ساعات ساعة ساعتين أسبوع أسبوعين أسابيع شهر شهرين أشهر شهور سنة "
                   "سنتين سنوات عام عامين أعوام مطلع بداية أواخر منتصف نهاية صباح مساء ساعات الصباح "
                   "أمس ليل ليلة الليلة فجر فجر اليوم ظهر عصر مساء الأحد الاثنين الإثنين الثلاثاء الأربعاء "
                   "الخميس الجمعة السبت")   # "منذ ليل أمس، استهدفت …": when it began


def cause_start(folded: str, start: int, end: int) -> int:
    """Offset where a "because of/since" phrase starts in the clause (end if none)."""
    words, starts, _ = _window(folded, start, end)
    k0 = 0
    while True:
        k = _find_seq(words[k0:], _BECAUSE_F)
        if k < 0:
            return end
        k += k0
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if words[k] == "منذ" and (nxt.isdigit() or nxt in _DURATION or parse_number(nxt) is not None):
            k0 = k + 1                    # "منذ ثلاثة أيام", "منذ 18 شباط": a time, not a background event
            continue
        if words[k] == "في" and not folded[start:starts[k]].rstrip().endswith("،"):
            k0 = k + 1                    # "قوافل خرجت في إطار الإجلاء … لإطلاق نار": the frame of this event
            continue
        return starts[k]


def first_cue(folded: str, start: int, end: int, vocab: frozenset[str]) -> int:
    """Offset of the first word of `vocab` in folded[start:end] (end if none): a threat, forecast
    or plan cue governs what follows it in the clause."""
    for m in _TOKEN.finditer(folded, start, end):
        if not vocab.isdisjoint(word_forms(m.group())):
            return m.start()
    return end


def modal_before(folded: str, clause_start: int, pos: int) -> bool:
    """A threat/forecast/plan cue earlier in the clause governs the trigger at pos."""
    return first_cue(folded, clause_start, pos, MODAL) < pos


def modal_after(folded: str, end: int, clause_end: int) -> bool:
    return any(w in MODAL_AFTER for w in _TOKEN.findall(folded, end, min(clause_end, end + 30))[:2])


def back_reference(folded: str, t: Trigger, clause_start: int) -> bool:
    """"هذه الغارات" or "the attack" (a definite weak trigger) points back to an event reported
    before; "الغارات ذاتها" too."""
    before = _TOKEN.findall(folded, max(clause_start, t.start - 20), t.start)[-1:]
    if before and before[0] in _DEMONSTRATIVE:
        return True
    word = folded[t.start:t.end]
    after = _TOKEN.findall(folded, t.end, t.end + 20)[:1]
    if after and after[0] in _SAME and word.lstrip("وفب").startswith(("ال", "لل")):
        return True                       # (after an indefinite word it is reflexive: "فجر انتحاري نفسه")
    if word.lstrip("وفب").startswith(("ال", "لل")) and before and before[0] in _AFTER_THE:
        return True                       # "فرضت عقب الاغتيال حظر تجوال": after the event told before
    if word.lstrip("وفب").startswith("ال") and before and before[0] in CAME:
        return True                       # "وجاء الاتفاق بعد حصار …": the event told, and its background
    if word.lstrip("وفب").startswith(("ال", "لل")) and before and before[0].lstrip("و") in _KINDS_OF:
        return True                       # "عمليات الاغتيال", "حوادث الخطف": a kind of event, not one
    if not _CHARGED.isdisjoint(_TOKEN.findall(folded, max(clause_start, t.start - 30), t.start)[-3:]):
        return True                       # "بوصفه متورطاً في اعتقال شبان": what a man is charged with
    return t.kind in ("weak", "generic") and t.event_type == "battles" and word.lstrip("وفب").startswith("ال")


def negated_clause(folded: str, start: int, end: int) -> bool:
    """"لم تحقق هدنة …", "لن تتمكن …": a clause opened by a negation reports a non-event."""
    return opens_negated(_TOKEN.findall(folded, start, end))


def opens_negated(words: list[str]) -> bool:
    """negated_clause over the clause's words."""
    return any(w in ("لم", "لن", "ولم", "ولن", "ليس", "ليست") for w in words[:3])


# A source: "قالت مصادر طبية في مشفى حمص، إن …" up to the complementiser, or "وفق ما أفاد …"
# to the next comma. Places and sides named there are who reported, not where or who acted.
_ACCORDING = _words("وفق وفقا بحسب حسب نقلا")


def source_spans(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    words, starts, ends = _window(folded, start, end)
    k = 0                                 # the first word not yet inside a source
    for i in [i for i, w in enumerate(words) if _source_kind(w)]:
        if i < k:
            continue
        k = i + 1
        if _source_kind(words[i]) == "reporting":
            j = next((j for j in range(i + 1, min(len(words), i + 14)) if words[j] in _THAT), 0)
            if j:
                out.append((starts[i], ends[j]))
                k = j + 1
        else:
            stop = folded.find("،", ends[i], end)
            stop = end if stop < 0 else stop
            out.append((starts[i], stop))
            k = bisect_left(starts, stop)
    return out


_THAT = frozenset(("ان", "بان", "انه", "انها", "انهم"))


@lru_cache(maxsize=65536)
def _source_kind(word: str) -> str | None:
    forms = word_forms(word)
    if not _ACCORDING.isdisjoint(forms):
        return "according"
    return "reporting" if not REPORTING.isdisjoint(forms) else None


# Cue bits of a word, for gates that skip a sentence or clause with none of a kind of cue: the
# reader finds every word's bits once (cached per distinct word) and asks by position.
MODAL_CUE, PURPOSE_CUE, CASUALTY_CUE, ACCIDENT_CUE, DENIAL_CUE, OPENER_CUE, CAUSE_CUE, UNDATED_CUE, \
    SOURCE_CUE = (1 << k for k in range(9))
_PAIR_SECOND = frozenset(b for _, b in _CLAUSE_PAIRS)


@lru_cache(maxsize=65536)
def cue_bits(word: str) -> int:
    """The cue vocabularies a folded token belongs to: MODAL/PURPOSE/CASUALTY by its forms; the
    others as the functions they gate test it (is_accident, is_denied, undated_spans: the whole
    token or the first word of a sequence; cause_start: a word of each sequence; clauses: an opener or the second word of a
    two-word one; source_spans: its forms)."""
    forms = word_forms(word)
    bits = 0
    for bit, hit in ((MODAL_CUE, not MODAL.isdisjoint(forms)),
                     (PURPOSE_CUE, not PURPOSE.isdisjoint(forms)),
                     (CASUALTY_CUE, not CASUALTY_WORDS.isdisjoint(forms)),
                     (ACCIDENT_CUE, word in _ACCIDENT_F),
                     (DENIAL_CUE, word in DENIAL or word in TRIAL or word in ANALYSIS),
                     (OPENER_CUE, word in _CLAUSE_OPENERS or word in _PAIR_SECOND),
                     (CAUSE_CUE, word in _BECAUSE_CUES),
                     (UNDATED_CUE, word in _UNDATED_F),
                     (SOURCE_CUE, not (REPORTING.isdisjoint(forms) and _ACCORDING.isdisjoint(forms)))):
        if hit:
            bits |= bit
    return bits


def negated(folded: str, pos: int, window: int = 3) -> bool:
    """A negation among the `window` words before pos (لم تسفر، عدم مشاركة)."""
    before = _TOKEN.findall(folded, max(0, pos - 60), pos)[-window:]
    return any(w in NEGATION for w in before)


# --- casualties ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Casualty:
    start: int
    end: int
    outcome: str        # killed | wounded
    value: int
    vague: bool = False
    cumulative: bool = False
    civilian: bool = False
    person: bool = False      # "أشخاص", "شخصان": people with no side named


_KILL = _words(
    "مقتل مصرع استشهاد وفاة قتل قتلوا قتلا قتلت قتلتا يقتل تقتل حتفهم حتفه حتفهما حتفها مصرعهم "
    "مصرعه مصرعهما مصرعها لقي لقيا لقوا لقيت توفي توفيت أودى أودت بحياة أوقع أوقعت موقعا "
    "موقعة يوقع قضى قضوا مقتلهم مقتله مقتلهما مقتلها قتلهم قتلى قتيل قتيلا قتيلة الحصيلة حصيلة "
    "شهداء شهيدا ضحايا ضحية إعدام أعدم أعدمت مقتول مقتولين مقتولا مقتولة مقتولان "
    "استشهد استشهدت استشهدوا استشهدا "
    "اغتال اغتالت اغتالوا")   # the verb, done; not the noun: "محاولة اغتيال" may have failed
_WOUND = _words(
    "إصابة إصابات أصيب أصيبوا أصيبا أصيبت جرح جرحى جريح جريحا جرحا بجروح جروح مصابين مصابا "
    "إصابتهم إصابته إصابتهما يصاب")
_KILL_VERBS = _words("قتل قتلوا قتلا قتلت قتلتا لقي لقيا لقوا لقيت توفي توفيت قضى قضوا "
                     "استشهد استشهدت استشهدوا استشهدا")
_WOUND_VERBS = _words("أصيب أصيبوا أصيبا أصيبت جرح جرحوا")
# Taken alive: a figure after these is neither killed nor wounded (وأسر المسلحون عنصراً آخر).
_CAPTURE = _words("أسر وأسر أسروا أسرت اعتقل اعتقلوا اعتقلت اعتقال اختطف اختطفوا اختطاف خطف خطفوا احتجز "
                  "احتجزوا احتجاز اقتاد")
CASUALTY_WORDS = _KILL | _WOUND | _CAPTURE   # a clause without one of these has no casualty figure
# People counted in another role than dead or wounded: the displaced, the evacuated, the exposed,
# the besieged, the treated. A figure governed by one of these is none of the toll ("بمقتل 29 مدنيا
# … وبنزوح أكثر من عشرين ألف شخص" killed 29).
_OTHER_ROLE = _words(
    "نزوح نزح نزحوا نازح نازحين النازحين تهجير هجر هجروا مهجرين تشريد شرد شردوا مشردين إجلاء أجلي "
    "أجليت إخراج خروج خرج خرجوا فرار فر فروا لجوء لاجئ لاجئين اللاجئين حصار محاصر محاصرين المحاصرين "
    "يحاصر تعرض تعرضوا تعرضهم معالجة علاج عولج عولجوا يعيش يعيشون يقطن يقطنون سكان يسكن عالقين "
    "ينتظرون إسعاف أسعف أسعفوا انقاذ إنقاذ أنقذ")
# Pronoun forms that refer back to people counted earlier ("4 قادة … ما أدى لمقتلهم جميعاً").
_KILL_ANAPHORIC = _words("مقتلهم مقتلهما مقتلها مقتله قتلهم مصرعهم مصرعهما حتفهم حتفهما")
_SUBSET = _words("بينهم بينهما بينها منهم منهما منها")
# "قتل ثلاثة مدنيين، وهم: طفلان وامرأة": the figure just given, broken down
_THEY_ARE = frozenset("هم وهم هما وهما هن وهن".split())
# "بين القتلى طفلان", "وبين الضحايا في أريحا الطفل …": who comes after "among the victims" is one of
# a figure already given
_AMONG = _words("بين وبين")
_THE_VICTIMS = _words("الضحايا القتلى الشهداء الجرحى المصابين المصابون الموتى")
_CUMULATIVE = _words("ارتفع ارتفعت ترتفع يرتفع ارتفاع الحصيلة حصيلة")
# Counted things that are not people: "طفل (14 عاماً)", "18 غارة", "3 كيلومتر".
_NOT_PEOPLE = _words(
    "عام عاما عاماً سنة سنوات أعوام سنين يوم يوما أيام ساعة ساعات دقيقة دقائق شهر أشهر شهور أسبوع "
    "أسابيع كيلومتر كيلومترا كم متر مترا ميل غارة غارات ضربة ضربات صاروخ صواريخ صاروخا قذيفة "
    "قذائف برميل براميل شاحنة شاحنات سيارة سيارات حافلة حافلات عملية عمليات منزل منازل بلدة بلدات "
    "قرية قرى مدينة مدن في المئة بالمئة بالمائة ألف مليون دولار ليرة طن طنا مرة مرات نقطة نقاط "
    "عائلة عائلات أسرة أسر موقع مواقع مقر مقرات طائرة طائرات دبابة دبابات نوفمبر يناير فبراير "
    "مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر ديسمبر حزيران تموز آب أيلول نيسان آذار شباط "
    "كانون تشرين ضابطا")
_HUNDRED = _words("المئة المائة المية مئة مائة")
_CIVILIAN_ROLES = frozenset({"civilian"})
_PLAIN_PEOPLE = frozenset({"شخص", "اخر"})


def _forms_in(token: str, vocab: frozenset[str]) -> bool:
    return not vocab.isdisjoint(word_forms(token))


@lru_cache(maxsize=65536)
def _casualty_cue(word: str) -> tuple[str, bool] | None:
    """(outcome, is a verb) of a casualty word; captured counts as an outcome to be skipped."""
    if _forms_in(word, _KILL):
        return "killed", _forms_in(word, _KILL_VERBS)
    if _forms_in(word, _WOUND):
        return "wounded", _forms_in(word, _WOUND_VERBS)
    if _forms_in(word, _CAPTURE):
        return "captured", True
    if _forms_in(word, _OTHER_ROLE):
        return "other", True
    return None


@lru_cache(maxsize=65536)
def _cumulative(word: str) -> bool:
    """A word of a running toll (ارتفعت الحصيلة): its figure may be a total, not new dead."""
    return _forms_in(word, _CUMULATIVE)


# "العثور على جثة شاب مقتولاً": a body found killed is one of the dead (not a body of the dead
# already counted, "انتشال جثث القتلى": GUIDE rule 7).
_FOUND_DEAD = _words("مقتولا مقتولة مقتولين مقتولتين مقتولان")


def _person_like(q: Quantity, next_word: str, after_next: str = "") -> bool:
    """A counted amount of people: a person noun, or a bare number not followed by a unit. "في"
    makes a share only before المئة ("14 في المئة"; "وأصيب 14 في القصف" are people), and the
    noun a number counts is indefinite: "وأصيب 14 اليوم" counts no days (a vague quantity takes
    a definite noun: "عشرات الغارات")."""
    if q.noun is not None:
        return PERSON_NOUNS[q.noun].role not in ("detained", "body")
    if next_word == "في":
        return not _forms_in(after_next, _HUNDRED)
    if next_word.startswith("ال") and next_word not in _NOT_PEOPLE and not q.vague:
        return True
    return not _forms_in(next_word, _NOT_PEOPLE)


def find_casualties(folded: str, start: int, end: int, quantities: list[Quantity]) -> list[Casualty]:
    """Killed and wounded figures in the clause folded[start:end].

    A figure belongs to the nearest casualty word: a verb right after it (جنديين تركيين قتلا),
    else the last casualty word before it (مقتل شابين … وشاب …، وجرح اثنين), else one a few words
    after it (27 عنصرا … لقوا حتفهم). Figures after بينهم/منهم/وهم are parts of a figure already
    counted; a pronoun form (لمقتلهم جميعا) takes back the people counted before it.
    """
    words, starts, ends = _window(folded, start, end)
    cues = [(k, *cue) for k, cue in enumerate(map(_casualty_cue, words)) if cue]   # (index, outcome, verb?)
    if not cues:
        return []
    cumulative_clause = any(map(_cumulative, words))
    among = next((k for k in range(len(words) - 1) if words[k] in _AMONG and words[k + 1] in _THE_VICTIMS), len(words))
    qs = [q for q in quantities if start <= q.start < end]
    out: list[Casualty] = []
    subset_end = -1
    for q in qs:
        qi, qj = bisect_right(ends, q.start), bisect_left(starts, q.end)
        if qi == len(words):
            continue
        nxt = words[qj] if qj < len(words) else ""
        found_dead = q.noun is not None and PERSON_NOUNS[q.noun].role == "body" \
            and not _FOUND_DEAD.isdisjoint(words[qj:qj + 6])
        # "توفي معتقل تحت التعذيب", "مقتل معتقلين في السجن": the dead were detainees
        found_dead = found_dead or q.noun is not None and PERSON_NOUNS[q.noun].role == "detained" \
            and any(k in (qi - 1, qj) and o == "killed" for k, o, _ in cues)
        after_next = words[qj + 1] if qj + 1 < len(words) else ""
        if not (_person_like(q, nxt, after_next) or found_dead) or _one_of_a_thing(words, qi, q, cues):
            continue
        if any(words[k] in _SUBSET or words[k][1:] in _SUBSET or words[k] in _AMONG
               for k in range(max(0, qi - 2), qi)) or (qi >= 1 and words[qi - 1] in _THEY_ARE and out) \
                or (subset_end >= 0 and _only_and(folded, subset_end, q.start)) or among < qi \
                or (q.subset and _of_the_victims(words, cues, qi)):
            subset_end = q.end
            continue                      # "بينهم طفلان", "بين القتلى طفلين وامرأة": part of a figure
        subset_end = -1
        role = PERSON_NOUNS[q.noun].role if q.noun else _referent_role(words, qi) if nxt in _OF_THEM else None
        outcome = "killed" if found_dead else {"killed": "killed", "wounded": "wounded"}.get(role or "")
        if outcome is None:
            outcome = _cue_for(cues, qi, qj)
        if outcome not in ("killed", "wounded") or (_killed_or_wounded(cues, qi) and not any(
                qi - 6 <= bisect_left(starts, p.end) - 1 < qi - 2 for p in qs)):
            continue
        cum = cumulative_clause and _after_to(words, qi)
        out.append(Casualty(q.start, q.end, outcome, q.value, q.vague, cum, role in _CIVILIAN_ROLES,
                            q.noun in _PLAIN_PEOPLE))

    # "ما أدى لمقتلهم جميعا": a pronoun casualty word with no figure of its own.
    for k, outcome, _ in cues:
        if words[k] in _KILL_ANAPHORIC or any(f in _KILL_ANAPHORIC for f in word_forms(words[k])):
            if any(c.start > starts[k] and c.outcome == outcome for c in out):
                continue
            prior = [q for q in qs if q.end <= starts[k] and q.noun is not None
                     and PERSON_NOUNS[q.noun].role not in ("killed", "wounded", "detained", "body")]
            if prior and not any(c.start == prior[-1].start for c in out):
                q = prior[-1]
                assert q.noun is not None
                out.append(Casualty(q.start, q.end, outcome, q.value, q.vague, False,
                                    PERSON_NOUNS[q.noun].role in _CIVILIAN_ROLES))
            elif not prior and words[k].endswith(("ه", "ها")) and not out:
                # "اغتال مسلحون القيادي … ما أدى لمقتله": the one person the clause is about
                out.append(Casualty(starts[k], ends[k], outcome, 1))
    return out


_OF_THEM = frozenset(("منهم", "منهن"))


def _referent_role(words: list[str], qi: int) -> str | None:
    """"بسيارة تقل عمالاً زراعيين …، ما أدى إلى مقتل خمسة منهم": the role of the people a figure
    "منهم" counts among, the last person noun before it in the clause (a plural may carry the
    accusative alef: عمالاً)."""
    for w in reversed(words[:qi]):
        hit = person_noun(w) or (person_noun(w[:-1]) if w.endswith("ا") and len(w) > 3 else None)
        if hit is not None:
            return PERSON_NOUNS[hit[0].lemma].role
    return None


def _killed_or_wounded(cues: list[tuple[int, str, bool]], qi: int) -> bool:
    """"مقتل وإصابة العشرات", "قُتل وجرح 20": one figure for the dead and the wounded together, no
    split: none of them is surely dead, none surely wounded (GUIDE rule 7). (Not when the first
    word has a figure of its own: "ستة قُتلوا وأصيب 12".)"""
    told = {k: o for k, o, _ in cues}
    return told.get(qi - 2) is not None and told.get(qi - 1) is not None and told[qi - 2] != told[qi - 1]


_BEFORE_A_COUNT = _words("الي إلى علي على من عن في و")


def _one_of_a_thing(words: list[str], qi: int, q: Quantity, cues: list[tuple[int, str, bool]]) -> bool:
    """"من عائلة واحدة", "دفعة واحدة": a bare "one" after a noun is that noun's adjective, not a
    person ("مقتل واحد من العناصر" counts one after the casualty word)."""
    if q.noun is not None or q.value != 1 or words[qi] not in ("واحد", "واحده") or qi == 0:
        return False
    return words[qi - 1] not in _BEFORE_A_COUNT and all(k != qi - 1 for k, _, _ in cues)


def _of_the_victims(words: list[str], cues: list[tuple[int, str, bool]], qi: int) -> bool:
    """"نُقل الجرحى إلى المشفى، وحالة اثنين منهم حرجة": "of them" points back to the dead or the
    wounded themselves (the casualty word last before the figure), so the figure is a part of
    theirs; after a verb ("اعتقلت خمسة وأعدمت ثلاثة منهم") it is a count of its own."""
    before = [k for k, _, _ in cues if qi - 12 <= k < qi]
    return bool(before) and any(w in _THE_VICTIMS for w in (words[before[-1]], words[before[-1]][1:]))


def _only_and(folded: str, a: int, b: int) -> bool:
    return folded[a:b].strip() in ("و", "") or folded[a:b].strip(" ،,") == "و"


def outcome_near(folded: str, start: int, pos: int) -> str | None:
    """The casualty word governing a name at pos: the last one before it in the clause ("واعتقلت
    اثنين منهم، بينهم الشاب “…”": the man was taken, abducted if by a خطف word)."""
    words: list[str] = _TOKEN.findall(folded, start, pos)
    for w in reversed(words):
        if _forms_in(w, _KILL):
            return "killed"
        if _forms_in(w, _WOUND):
            return "wounded"
        if _forms_in(w, _CAPTURE):
            return "abducted" if "خطف" in w else "arrested"
    return None


def _cue_for(cues: list[tuple[int, str, bool]], qi: int, qj: int) -> str | None:
    """"مقتل 20 … واصابة عشرات": a casualty word right before the figure governs it; else a verb
    right after it (جنديين تركيين قتلا); else the last one before it, else one a little after."""
    before = [(k, o) for k, o, _ in cues if qi - 12 <= k < qi]
    if before and before[-1][0] >= qi - 2:
        return before[-1][1]
    after = [(k, o) for k, o, verb in cues if qj <= k <= qj + 2 and verb]
    if after:
        return after[0][1]
    if before:
        return before[-1][1]
    later = [(k, o) for k, o, _ in cues if qj <= k <= qj + 12]
    return later[0][1] if later else None


def _after_to(words: list[str], qi: int) -> bool:
    """The figure is what a toll rose *to* (… ارتفعت الحصيلة إلى 709)."""
    for k in range(max(0, qi - 3), qi):
        w = words[k]
        if w in ("الي", "لاكثر", "لنحو", "لقرابه") or w.startswith("لـ"):
            return True
    return False


def gravest(subs: set[str], event_type: str) -> str:
    order = SUB_PRIORITY[event_type]
    return min(subs, key=lambda s: order.index(s) if s in order else len(order))
