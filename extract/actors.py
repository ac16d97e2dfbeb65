"""Who acted or was targeted: the actor lexicon (data/actors.csv) matched over folded text.

Arabic glues conjunctions and prepositions to the next word (لقوات النظام، وداعش، للنظام = ل + النظام),
so the first word of an alias is matched after stripping those proclitics. Two kinds of mention are
not in the lexicon as plain strings:
- nationality adjectives (بقصف روسي، غارة تركية، القصف الجوي الإسرائيلي) count only after a word
  for a force or a weapon, so "وكالة إنترفاكس الروسية" or "الأراضي السورية" name nobody;
- identity adjectives (فصائل درزية، مسلحين دروز، مجموعات عشائرية، فصائل محلية) make generic armed men
  — otherwise opposition factions or nobody — the community's own groups;
- generic back-references (التنظيم، الهيئة، الحزب، الجيش، المسلحون) name the organisation of that
  kind mentioned last, and nothing when none was mentioned before ("الجيش" alone: the Syrian army,
  "المسلحون" alone: the opposition's).
A sound masculine plural is matched in either case (المقاتلين/المقاتلون الأكراد).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from extract import DATA_DIR
from extract.text import fold_text, indexes_where, token_table

DATA = DATA_DIR / "actors.csv"

_TOKEN = re.compile(r"[^\W_]+")
_PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    actor_id: str


# Nationality adjective (folded, all genders and numbers) -> actor id.
_NATIONALITY = {
    "russia-forces": "روسي روسيه الروسي الروسيه",
    "turkey-forces": "تركي تركيه التركي التركيه تركيين تركيان",
    "israel-forces": "إسرائيلي إسرائيلية الإسرائيلي الإسرائيلية إسرائيليين",
    "us-led-coalition": "امريكي امريكيه الامريكي الامريكيه اميركي اميركيه الاميركي الاميركيه",
    "iran-backed-militias": "ايراني ايرانيه الايراني الايرانيه",
    "jordan-forces": "اردني اردنيه الاردني الاردنيه",
    "syria-regime-forces": "سوري سوريه السوري السوريه",
}
ADJECTIVES = {w: a for a, ws in _NATIONALITY.items() for w in fold_text(ws).split()}

# Community adjective (folded) -> actor id, and the generic words for armed men they qualify
# ("فصائل محلية درزية": the last adjective names the community).
_IDENTITY = {
    "druze-factions": "درزي درزيه الدرزي الدرزيه دروز الدروز",
    "tribal-forces": "عشائري عشائريه العشائري العشائريه عشائريون عشائريين",
    "local-armed-groups": "محلي محليه المحلي المحليه محليون محليين المحليين",
}
IDENTITY = {w: a for a, ws in _IDENTITY.items() for w in fold_text(ws).split()}
_ARMED_MEN = set(fold_text(
    "فصائل الفصائل فصيل الفصيل مسلحين مسلحون المسلحين المسلحون مسلحي مقاتلين مقاتلون المقاتلين مقاتلي "
    "مجموعات المجموعات مجموعة المجموعة مجموعه المجموعه عناصر مسلحة المسلحة مسلحه المسلحه"
).split())

# Words for forces, weapons and strikes that a nationality adjective may qualify, directly or
# after other adjectives (القصف الجوي الإسرائيلي، المقاتلات الحربية الروسية).
_HEADS = set(fold_text(
    "قصف قصفا القصف غارة غارات الغارات ضربة ضربات الضربات ضربه الطيران طيران الطائرات طائرات "
    "الطائرة طائرة المقاتلات مقاتلات مقاتلة القوات قوات الجيش جيش جنود جندي جنديين جنديان ضباط "
    "ضابط ضابطين الجانب صواريخ صاروخ الصواريخ قذائف قذيفة القذائف المدفعية مدفعية دورية دوريات "
    "رتل أرتال الأرتال تعزيزات عسكريين عسكريا الشرطة مواقع موقع موقعا المواقع دعم هجوم الهجوم "
    "عملية العملية مروحية المروحيات الدفاعات دفاعات القاعدة قاعدة مطار المطار البوارج عناصر "
    "مستشارين المستشارين الميليشيات ميليشيات المليشيات مليشيات الحرس مسيرة مسيرات المسيرة المسيرات "
    "قوة القوة وحدة الوحدة وحدات الوحدات آليات الآليات دبابات الدبابات جرافات الجرافات"
).split())
_SKIPPABLE = set(fold_text(
    "الجوي الجوية جوي جوية الحربي الحربية حربي حربية العسكري العسكرية عسكري عسكرية عسكريا "
    "المدفعي المدفعية مدفعي مدفعيا الصاروخي الصاروخية المسيرة المسيرات مسيرة مسيرات بدون طيار المكثف المكثفة "
    "العنيف العنيفة الثقيلة المسلحة الخاصة البرية"
).split())

# "المسلحون" are the armed men told last ("اشتباكات بين مسلحين محليين وقوات النظام … وأسر المسلحون
# عنصرا"), and with none told the opposition's
_GUNMEN = ("local-armed-groups", "opposition-factions", "isis", "hts", "sna", "druze-factions", "tribal-forces",
           "unidentified-armed-group", "pro-regime-militias", "central-committees", "eighth-brigade")
# a state -> its auxiliaries; the words that make armed men a state's ("الموالية لها", "المتحالفة معه")
_PROXIES = {"syria-regime-forces": "pro-regime-militias", "turkey-forces": "sna",
            "iran-backed-militias": "iran-backed-militias", "russia-forces": "pro-regime-militias"}
_LOYAL = tuple(fold_text("الموالي موالي الموالو موالو المتحالف متحالف الحليف حليف المساند مساند الرديف رديف "
                         "المدعوم مدعوم").split())
_QUALIFIERS = set(fold_text("السورية سورية المسلحة مسلحة المحلية محلية").split())
_PRONOUNS = set(fold_text("لها له لهم لهما معها معه معهم منها منه").split())
# Generic back-references -> the actor kinds they can stand for (most recent mention wins).
_ANAPHORS = {
    "التنظيم": ("isis", "hts"),
    "الهيئه": ("hts",),
    "الحزب": ("hezbollah",),
    "الميليشيا": ("hezbollah", "pro-regime-militias", "iran-backed-militias"),
    "المليشيا": ("hezbollah", "pro-regime-militias", "iran-backed-militias"),
    "الوحدات": ("sdf",),
    "الجيش": ("syria-regime-forces", "syria-transitional-forces", "turkey-forces", "israel-forces",
              "russia-forces", "jordan-forces"),
    "المسلحين": _GUNMEN,
    "المسلحون": _GUNMEN,
}
_ANAPHORS = {fold_text(k): v for k, v in _ANAPHORS.items()}
_ALONE = {"المسلحين": "opposition-factions", "المسلحون": "opposition-factions"}   # with no one named before
_ARMY = "الجيش"
# "أبناء جاسم / أبناء مدينة جاسم" are the town's own armed men; "من أبناء …" is a hometown.
_SONS = "ابناء"
_QUOTES = "“”\"«»'"
_NOT_SONS_OF = set(fold_text("العشائر العشيرة الشعب الطائفة عمومته عمومتهم الشهداء").split())


@dataclass(frozen=True)
class _Lexicon:
    rows: list[dict[str, str]]
    by_first: dict[str, list[tuple[tuple[str, ...], str]]]


def _variants(alias: str) -> set[str]:
    """Spelling variants seen in the press: ميليشيا/مليشيا, أمريكية/أميركية, ديمقراطية/ديموقراطية."""
    out = {alias}
    for a, b in (("ميليشي", "مليشي"), ("امريك", "اميرك"), ("ديمقراط", "ديموقراط")):
        out |= {v.replace(a, b) for v in out} | {v.replace(b, a) for v in out}
    # a sound masculine plural in either case: "المقاتلين الأكراد" is also "المقاتلون الأكراد"
    for v in list(out):
        words = v.split(" ")
        for case, other in (("ين", "ون"), ("ون", "ين")):
            if any(len(w) > 4 and w.endswith(case) for w in words):
                out.add(" ".join(w[:-2] + other if len(w) > 4 and w.endswith(case) else w for w in words))
    return out


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with open(DATA, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for row in rows:
        for alias in row["aliases_ar"].split("|"):
            for v in _variants(fold_text(alias.strip())):
                toks = tuple(_TOKEN.findall(v))
                if toks:
                    by_first.setdefault(toks[0], []).append((toks, row["id"]))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    return _Lexicon(rows, by_first)


@lru_cache(maxsize=65536)
def stems(token: str) -> tuple[str, ...]:
    """The token and its readings without a proclitic (وللنظام -> للنظام, النظام)."""
    return tuple(_stems(token))


def _stems(token: str) -> list[str]:
    out = [token]
    for p in _PROCLITICS:
        if token.startswith(p) and len(token) - len(p) >= 2:
            rest = token[len(p):]
            out.append(rest)
            if p.endswith("ل") and rest.startswith("ل") and len(rest) >= 3:
                out += ["ا" + rest, "ال" + rest]   # للنظام -> النظام, للجان -> اللجان
    return out


def _match_alias(words: list[str], i: int) -> tuple[int, str] | None:
    """Longest lexicon alias starting at token i: (index after it, actor id)."""
    by_first = _lexicon().by_first
    best: tuple[int, str] | None = None
    for s in stems(words[i]):
        for alias, actor in by_first.get(s, ()):
            n = len(alias)
            if best is not None and i + n <= best[0]:
                break
            if i + n <= len(words) and all(words[i + k] == alias[k] for k in range(1, n)) \
                    and not (alias[0] == _SONS and i > 0 and words[i - 1] == "من"):
                best = (i + n, actor)
                break
    return best


def _adjective_actor(words: list[str], i: int) -> str | None:
    """Actor of a nationality adjective at token i, if it qualifies a force or weapon word."""
    actor = None
    for s in stems(words[i]):
        actor = ADJECTIVES.get(s)
        if actor:
            break
    if actor is None:
        return None
    j = i - 1
    while j >= 0 and i - j <= 3:
        prev = words[j]
        if any(s in _HEADS for s in stems(prev)):
            return actor
        if not any(s in _SKIPPABLE or s in ADJECTIVES for s in stems(prev)):
            return None
        j -= 1
    return None


@lru_cache(maxsize=65536)
def _may_start(token: str) -> bool:
    """Can an actor mention start at this token? (Most words of an article cannot: the scan
    looks only at those that can, which keeps a 1 MB article fast.)"""
    by_first = _lexicon().by_first
    return any(s in by_first or s in ADJECTIVES or s in _ANAPHORS or s == _SONS or s in _ARMED_MEN
               for s in stems(token))


def find_actors(folded: str) -> list[ActorMention]:
    """Actor mentions in folded text, in order; overlapping matches resolved longest-first."""
    t = token_table(folded)
    words, starts, ends = t.words, t.starts, t.ends
    out: list[ActorMention] = []
    i = 0
    for k in indexes_where(t, _may_start):
        if k < i:
            continue
        i = k
        hit = _match_alias(words, i)
        # "الطيران الحربي الروسي", "وزارة الدفاع الروسية": a generic alias followed by a nationality
        # belongs to that nation (a Syrian one keeps the state of its day: see pipeline._in_time).
        nation = ADJECTIVES.get(words[hit[0]]) if hit is not None and hit[0] < len(words) else None
        if hit is not None and nation is not None and nation != hit[1] and (
                hit[1] == "syria-regime-forces" or hit[1] == "syria-transitional-forces" and nation != "syria-regime-forces"):
            hit = (hit[0] + 1, nation)
        if hit is None or all(_armed(w) for w in words[i:hit[0]]):
            hit = _community(words, i, hit)
        if (hit is None and _armed(words[i])) or hit is not None and (
                hit[1] == "opposition-factions" or all(_armed(w) for w in words[i:hit[0]])):
            hit = _backed(words, hit[0] if hit is not None else i + 1, out) or hit
        if hit is not None and hit[0] == i + 1 and not _ALONE.keys().isdisjoint(stems(words[i])):
            hit = (i + 1, _anaphor(folded, words, i, out) or hit[1])    # "المسلحون": the armed men told last
        if hit is not None:
            out.append(ActorMention(starts[i], ends[hit[0] - 1], hit[1]))
            i = hit[0]
            continue
        gap = folded[ends[i]:starts[i + 1]] if i + 1 < len(words) else ""
        actor = _adjective_actor(words, i) or _anaphor(folded, words, i, out) or _sons_of(words, i, gap)
        if actor:
            out.append(ActorMention(starts[i], ends[i], actor))
    return out


def _backed(words: list[str], j: int, before: list[ActorMention]) -> tuple[int, str] | None:
    """"القوات التركية والفصائل السورية الموالية لها", "مسلحين متحالفين معها", "مدعومة بميليشيات
    مساندة": armed men loyal to, allied with or backing a state are that state's auxiliaries (the
    state named after them, or by the pronoun, or by none: the last named before)."""
    start = j
    while j < len(words) and j - start < 2 and words[j] in _QUALIFIERS:
        j += 1
    if j >= len(words) or not words[j].startswith(_LOYAL):
        return None
    j += 1
    patron = None
    if j < len(words) and words[j] == "من":
        j += 1
    if j < len(words) and words[j] not in _PRONOUNS:
        named = _match_alias(words, j)
        if named is not None:
            j, patron = named[0], named[1]
    elif j < len(words):
        j += 1
    if patron is None:
        patron = next((m.actor_id for m in reversed(before) if m.actor_id in _PROXIES), None)
    proxy = _PROXIES.get(patron or "")
    return (j, proxy) if proxy else None


def _armed(word: str) -> bool:
    return any(s in _ARMED_MEN for s in stems(word))


def _community(words: list[str], i: int, hit: tuple[int, str] | None) -> tuple[int, str] | None:
    """Generic armed men at token i followed by community adjectives: (index after the last, its actor)."""
    j = i
    while j < len(words) and _armed(words[j]) and j - i < 2:
        j += 1
    if j == i:
        return hit
    found = None
    while j < len(words) and words[j] in IDENTITY and j - i < 4:
        found = (j + 1, IDENTITY[words[j]])
        j += 1
    return found or hit


def _anaphor(folded: str, words: list[str], i: int, before: list[ActorMention]) -> str | None:
    """"الجيش" is the army named last ("الجيش التركي"), and with none the Syrian army: not a
    state named otherwise ("الجانب الروسي")."""
    for s in stems(words[i]):
        kinds = _ANAPHORS.get(s)
        if kinds:
            army = s == _ARMY
            for m in reversed(before):
                if m.actor_id in kinds and (not army or "جيش" in folded[m.start:m.end]):
                    return m.actor_id
            return "syria-regime-forces" if army else _ALONE.get(s)
    return None


def _sons_of(words: list[str], i: int, gap: str) -> str | None:
    """"أبناء جاسم" are the town's armed men; not "من أبناء …" (a hometown), "أبناء العشائر", or the
    sons of a quoted person ("الطفلان أبناء “خالد الدياب”")."""
    if _SONS not in stems(words[i]) or i + 1 >= len(words) or any(q in gap for q in _QUOTES):
        return None
    if i > 0 and words[i - 1] == "من":
        return None
    if words[i + 1] in _NOT_SONS_OF:
        return None
    return "local-armed-groups"


def actor_rows() -> list[dict[str, object]]:
    """Rows for the store's actors table: id, parent, kind, name_en, name_ar, aliases_ar."""
    out: list[dict[str, object]] = []
    for r in _lexicon().rows:
        aliases = [a for a in r["aliases_ar"].split("|") if a]
        out.append({"id": r["id"], "parent": r["parent"] or None, "kind": r["kind"],
                    "name_en": r["name_en"], "name_ar": aliases[0] if aliases else r["id"],
                    "aliases_ar": aliases})
    return out
