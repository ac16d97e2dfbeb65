"""Place names in folded Arabic text -> OCHA-coded places.

The gazetteer (extract/data/gazetteer.csv, built by scripts/build_gazetteer.py) holds governorates,
districts, subdistricts, communities and city neighbourhoods; extract/data/place_aliases.csv adds
hand-kept aliases, neighbourhoods, regions and common-word collisions. Both load once, lazily.

Matching is whole-token over folded text. A token may carry proclitics (وب، ل، ف …, للـ = ل+ال)
and a name may or may not carry ال, so names are indexed by their first token without ال. At each
token the longest name wins. Then each match is read in its context:
- a cue word before it (مدينة، بلدة، قرية، حي، ريف، محافظة، منطقة، مخيم، ناحية …) says which level
  is meant and lets names that are also common words (الباب "the door") through;
- a governorate named just after it ("جاسم شمالي درعا", "بريف حمص") is a locator: it picks among
  namesakes and is itself read as the governorate, not its capital city;
- otherwise namesakes are told apart by the governorates named in the sentence and in the article,
  and a name located once ("المالكية (ديريك) بريف الحسكة") keeps that reading in the article;
- a facility (مطار، سجن، جسر، معبر، سد، حقل …) names the place after it;
- a name inside a noun phrase is a common word: an adjective agreeing with the noun before it
  ("مظاهرة سلمية") or a bare name heading a construct ("راعي أغنام").
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from collections.abc import Iterator

from extract import DATA_DIR
from extract.model import Place
from extract.text import TokenTable, fold_text, sentences, token_table

DATA = DATA_DIR

LEVELS = ("admin1", "admin2", "admin3", "community", "neighbourhood", "region")


@dataclass(frozen=True)
class PlaceMention:
    start: int            # offsets into the folded text, covering the name (not its proclitics)
    end: int
    place: Place
    level: str            # one of LEVELS
    cue: str | None       # the folded cue word that introduced the name, if any
    score: float          # 0..1, how sure the reading is


_TWIN_WORDS = frozenset(fold_text(
    "فوقاني تحتاني الفوقاني التحتاني الفوقا التحتا فوقا تحتا كبير صغير الكبير الصغير كبيرة صغيرة "
    "الكبيرة الصغيرة شرقي غربي الشرقي الغربي شرقية غربية الشرقية الغربية").split())


@dataclass(frozen=True)
class _Entry:
    place: Place
    level: str
    admin1_pcode: str
    admin2_pcode: str
    prominence: float
    common: frozenset[str]      # folded forms that are common words: need a cue or context
    stop: frozenset[str] = frozenset()   # forms as frequent as function words: need a "قرية"-cue
    region_cue_only: bool = False


# --- loading --------------------------------------------------------------------------------

def _strip_al(word: str) -> str:
    """The index key of a name's first word: without the article when 3+ letters remain."""
    return word[2:] if word.startswith("ال") and len(word) >= 5 else word


def _common_set(forms: list[str]) -> frozenset[str]:
    """Common-word forms as written and without the article, so "باب" also meets "الباب"."""
    return frozenset(f for x in forms if x for f in (x, _strip_al(x)))


def _split_common(field: str) -> tuple[frozenset[str], frozenset[str]]:
    """The gazetteer's common_forms column: "!" marks a stop form."""
    forms = [x for x in field.split("|") if x]
    return (_common_set([x for x in forms if not x.startswith("!")]),
            _common_set([x[1:] for x in forms if x.startswith("!")]))


class _Gazetteer:
    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.rows: list[dict[str, str]] = []
        self.by_pcode: dict[str, int] = {}
        # first-token key (without ال) -> [(following tokens, {entry id: forms' article bits})];
        # bit 1: a form written with ال, bit 2: one without, so the written form can be preferred.
        # Grouped by the second token ("" for one-word names) so "عين" does not try 200 tails.
        self.index: dict[str, dict[str, list[tuple[tuple[str, ...], dict[int, int]]]]] = {}
        # token -> its readings that hit the index (see _scan)
        self.hits: dict[str, list[tuple[str, int, bool, dict[str, list[tuple[tuple[str, ...], dict[int, int]]]]]]] = {}
        self.stop_only: dict[str, bool] = {}   # one-token names that are only stop forms
        self._load()
        self.small_capitals = _small_capitals(self.rows)

    def _add_form(self, form: str, eid: int) -> None:
        words = fold_text(form).split()
        if not words:
            return
        head, tail = _strip_al(words[0]), tuple(words[1:])
        bit = 1 if head != words[0] else 2
        bucket = self.index.setdefault(head, {}).setdefault(tail[0] if tail else "", [])
        for t, ids in bucket:
            if t == tail:
                ids[eid] = ids.get(eid, 0) | bit
                return
        bucket.append((tail, {eid: bit}))

    def candidates(self, words: list[str]) -> list[tuple[tuple[str, ...], dict[int, int]]]:
        """Index entries that may spell the folded words (first word without ال)."""
        groups = self.index.get(_strip_al(words[0]), {})
        return groups.get(words[1] if len(words) > 1 else "", [])

    def _load(self) -> None:
        with (DATA / "gazetteer.csv").open(encoding="utf-8", newline="") as f:
            self.rows = list(csv.DictReader(f))
        for r in self.rows:
            level = r["level"]
            place = Place(
                name=r["name_ar"], pcode=r["pcode"] or None, admin1=r["admin1_ar"] or None,
                admin2=(r["admin2_ar"] or None) if level != "admin1" else None,
                lat=float(r["lat"]) if r["lat"] else None,
                lon=float(r["lon"]) if r["lon"] else None,
                name_en=r["name_en"] or None)
            common, stop = _split_common(r["common_forms"])
            eid = len(self.entries)
            if level == "neighbourhood":
                city = self.entries[self.by_pcode[r["pcode"]]]
                self.entries.append(_Entry(city.place, level, city.admin1_pcode,
                                           city.admin2_pcode, 0.3, common, stop))
            else:
                self.entries.append(_Entry(place, level, r["admin1_pcode"], r["admin2_pcode"],
                                           float(r["prominence"]), common, stop))
                self.by_pcode.setdefault(r["pcode"], eid)
            for form in [r["name_ar"], *r["aliases_ar"].split("|")]:
                if form:
                    self._add_form(form, eid)
                    if level == "community":
                        for other in _spelled_apart(fold_text(form)):
                            self._add_form(other, eid)
        self._add_twin_bases()
        self._load_aliases()

    def _add_twin_bases(self) -> None:
        """Twin villages "X فوقاني" / "X تحتاني" (upper/lower, big/small, east/west) are
        reported as plain X ("مخيم الباغوز"): X names the first twin when nothing else in the
        governorate is called X. X may be a common word (السلام), so it needs a cue or a locator."""
        names = {(fold_text(r["name_ar"]), r["admin1_pcode"]) for r in self.rows}
        for r in self.rows:
            words = fold_text(r["name_ar"]).split()
            if r["level"] != "community" or len(words) < 2 or words[-1] not in _TWIN_WORDS:
                continue
            base = " ".join(words[:-1])
            if len(base) >= 4 and (base, r["admin1_pcode"]) not in names:
                names.add((base, r["admin1_pcode"]))
                eid = self.by_pcode[r["pcode"]]
                e = self.entries[eid]
                self.entries[eid] = replace(e, common=e.common | _common_set([base]))
                self._add_form(base, eid)

    def _load_aliases(self) -> None:
        path = DATA / "place_aliases.csv"
        with path.open(encoding="utf-8", newline="") as f:
            for line, r in enumerate(csv.DictReader(f), start=2):
                name, target, kind = r["name_ar"], r["target"], r["kind"]
                if kind != "common" and target not in self.by_pcode:
                    raise ValueError(f"{path}:{line}: unknown target P-code {target!r}")
                folded = fold_text(name)
                t = self.entries[self.by_pcode.get(target, 0)]
                if kind == "alias":
                    self._add_form(name, self.by_pcode[target])
                elif kind == "neighbourhood":
                    self.entries.append(_Entry(t.place, "neighbourhood", t.admin1_pcode,
                                               t.admin2_pcode, 0.3, frozenset()))
                    self._add_form(name, len(self.entries) - 1)
                elif kind in ("region", "region-cue"):
                    gov = t.place
                    place = Place(name=name, pcode=gov.pcode, admin1=gov.admin1, lat=gov.lat,
                                  lon=gov.lon, name_en=r["name_en"] or None)
                    self.entries.append(_Entry(place, "region", t.admin1_pcode, "", 0.5,
                                               frozenset(), region_cue_only=kind == "region-cue"))
                    self._add_form(name, len(self.entries) - 1)
                elif kind == "common":        # the form is a common word whatever it names
                    words = folded.split()
                    for tail, ids in self.candidates(words):
                        if tail == tuple(words[1:]):
                            for eid in ids:
                                e = self.entries[eid]
                                self.entries[eid] = _Entry(
                                    e.place, e.level, e.admin1_pcode, e.admin2_pcode,
                                    e.prominence, e.common | _common_set([folded]), e.stop,
                                    e.region_cue_only)
                else:
                    raise ValueError(f"{path}:{line}: unknown kind {kind!r}")


_JOINABLE_HEADS = ("كفر", "تل")


def _spelled_apart(form: str) -> list[str]:
    """"كفر نبودة" is also written "كفرنبودة", and "كفرنبل" "كفر نبل" (likewise تل)."""
    for head in _JOINABLE_HEADS:
        if form.startswith(head + " ") and form.count(" ") == 1 and len(form) > len(head) + 3:
            return [head + form[len(head) + 1:]]
        if form.startswith(head) and " " not in form and len(form) >= len(head) + 3:
            return [head + " " + form[len(head):]]
    return []


@lru_cache(maxsize=1)
def _gaz() -> _Gazetteer:
    return _Gazetteer()


# --- the words around a name -----------------------------------------------------------------

# Cue word (folded) -> the level it points at. Plurals and duals introduce lists of names.
_CUES = {
    "مدينه": "community", "مدينتي": "community", "مدينتا": "community", "مدن": "community",
    "بلده": "community", "بلدتي": "community", "بلدتا": "community", "بلدات": "community",
    "قريه": "community", "قريتي": "community", "قريتا": "community", "قري": "community",
    "مخيم": "community", "مخيمي": "community", "مزرعه": "community", "بلدها": "community",
    "حي": "neighbourhood", "حيي": "neighbourhood", "احياء": "neighbourhood",
    "ريف": "countryside", "ريفي": "countryside", "باديه": "countryside",
    "محافظه": "admin1", "محافظتي": "admin1", "محافظات": "admin1",
    "منطقه": "area", "مناطق": "area", "ناحيه": "admin3",
    # facilities named after the place they serve (مطار النيرب، جسر الرستن، معبر نصيب): the name
    # after one is that place; the facility itself wins when the gazetteer holds it (سد تشرين)
    **dict.fromkeys(("سجن", "مطار", "جسر", "معبر", "سد", "حقل", "قاعده", "مشفي", "مستشفي",
                     "ميناء", "مرفا", "حاجز"), "community"),
}
# Cues that introduce several names ("بلدات X وY"); and those that make even a very common word
# a place name (قرية الجديدة).
_LIST_CUES = {"مدينتي", "مدينتا", "مدن", "بلدتي", "بلدتا", "بلدات", "قريتي", "قريتا", "قري",
              "مخيمي", "حيي", "احياء", "محافظتي", "محافظات", "ريفي", "مناطق"}
_STRICT_CUES = {"مدينه", "بلده", "قريه", "حي", "مخيم", "ناحيه", "مزرعه"}
# Words that may sit between a name and the governorate that locates it.
_LOCATOR_WORDS = {
    "شمال", "شمالي", "جنوب", "جنوبي", "شرق", "شرقي", "غرب", "غربي", "وسط", "قرب", "بالقرب",
    "في", "ريف", "ريفي", "محافظه", "منطقه", "الشمالي", "الجنوبي", "الشرقي", "الغربي", "من",
    "شمالا", "جنوبا", "شرقا", "غربا", "اطراف", "باديه", "ضمن", "التابعه", "لمحافظه",
}
# Before a governorate name these make it the governorate, not its capital city.
# (not وسط: "وسط السويداء" is the city centre)
_GOV_CONTEXT = {"شمال", "شمالي", "جنوب", "جنوبي", "شرق", "شرقي", "غرب", "غربي", "ريف",
                "ريفي", "محافظه", "محافظتي", "مدن", "بلدات", "قري", "ابناء", "اهالي", "عموم",
                "انحاء", "باديه", "مناطق", "شمالا", "جنوبا", "شرقا", "غربا", "ارياف"}
# Before a governorate's name these make it the town (its capital), told bare or not.
_CITY_CONTEXT = {"وسط", "داخل", "مركز", "شوارع", "احياء", "اسواق", "مدخل", "مداخل"}
_DIRECTION_ADJ = {"الشمالي", "الجنوبي", "الشرقي", "الغربي", "الاوسط", "الشماليه", "الجنوبيه",
                  "الشرقيه", "الغربيه"}
# Before a name these make it a person's name (أبو جاسم), not a place.
_NAME_WORDS = {"ابو", "ام", "بن", "ابن", "بنت", "ال", "الشيخ", "الحاج", "السيد"}
# Prepositions that, with the article's governorate, make a common-word name a place (في نوى).
_PREPOSITIONS = {"في", "الي", "من", "قرب", "باتجاه", "نحو", "داخل", "اطراف", "محيط", "حول", "وسط"}
# Verbs and verbal nouns whose subject or object right after them is a place: "شهدته دوما",
# "تعرضت X لقصف", "قصف X"; like a preposition they vouch for a common-word name.
_PLACE_VERBS = frozenset(
    [v + suffix for v in ("شهد", "شهدت", "يشهد", "تشهد") for suffix in ("", "ه", "ها")]
    + ["تعرضت", "تعرض", "يتعرض", "تتعرض", "اقتحمت", "اقتحم", "اقتحام", "قصف", "استهداف",
       "حصار", "دخلت", "دخول", "حاصرت", "تحرير"])
# Function words that may follow a place name ("حراك في", "سلمية أمس"): after a name written
# without its article they do not make it a common noun in a phrase (see _in_phrase).
_AFTER_NAME = frozenset(fold_text(
    "في على عن من إلى مع قرب بعد قبل خلال منذ حيث عند ضد إثر جراء بسبب أمس يوم صباح مساء ليل "
    "ليلة فجر ظهر عصر حتى لدى نحو باتجاه وسط ما او أو ثم بين دون عبر تجاه لا لم قد كما أي كل إلا "
    "حين عندما بينما أن إن انه إذ اليوم الذي التي").split())
# Landmarks named after something: "ساحة الكرامة", "دوار النعيم", "شارع بغداد" are no towns.
_LANDMARKS = frozenset({"ساحه", "دوار", "شارع", "جامع", "مسجد", "كنيسه", "مدرسه", "ثانويه"})
# City adjectives after a name locate it ("حي جوبر الدمشقي"): the governorates they point at.
_NISBA_GOVS = {
    stem + end: govs
    for stem, govs in (("الدمشقي", ("SY01", "SY03")), ("الحلبي", ("SY02",)), ("الحمصي", ("SY04",)),
                       ("الحموي", ("SY05",)), ("الادلبي", ("SY07",)), ("الدرعاوي", ("SY12",)),
                       ("الحوراني", ("SY12",)), ("الرقاوي", ("SY11",)), ("الديري", ("SY09",)),
                       ("الحسكاوي", ("SY08",)), ("اللاذقاني", ("SY06",)), ("الطرطوسي", ("SY10",)),
                       ("السويداوي", ("SY13",)), ("القنيطري", ("SY14",)))
    for end in ("", "ه")}
# Neighbouring countries and their adjectives: "صيدا جنوب لبنان" is not صيدا in Daraa.
_FOREIGN = frozenset(fold_text(
    "لبنان اللبنانية اللبناني العراق العراقية العراقي تركيا التركية التركي الأردن الأردنية "
    "الأردني فلسطين الفلسطينية إسرائيل الإسرائيلية مصر المصرية").split())
# Whether one is named near: the words that hold none of the others (الأردنية holds الأردن) are
# enough to look for, and an alternation of fewer words is scanned faster.
_FOREIGN_NEAR = re.compile("|".join(sorted(
    w for w in _FOREIGN if not any(o != w and o in w for o in _FOREIGN))))
_PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
_PROCLITIC_LETTERS = frozenset("وفبلك")
_BETWEEN = re.compile(r"^[\s\u200c]*$")           # only spaces between two tokens of one name
_LIST_GAP = re.compile(r"^[\s،,]*$")              # a list: "X، Y و Z"
_LOCATOR_GAP = re.compile(r"^\s*[(\[]?\s*$")       # "بلدة الطيبة (شرقي درعا)"


_CONTEXT_WORDS = frozenset(_CUES) | _LOCATOR_WORDS | _GOV_CONTEXT
_HOOD_CUES = frozenset(p + "حي" for p in ("", *_PROCLITICS))     # حي، وبحي …


@lru_cache(maxsize=1 << 16)
def _bare(word: str) -> str:
    """A context word without its proclitics (بمدينة -> مدينه, وبريف -> ريف)."""
    for p in _PROCLITICS:
        if word.startswith(p) and word[len(p):] in _CONTEXT_WORDS:
            return word[len(p):]
    return word


@dataclass(slots=True)
class _Match:
    ti: int                     # first token index
    tj: int                     # last token index (inclusive)
    start: int
    end: int
    surface: str                # folded tokens as written (with proclitics)
    ids: dict[int, int]         # entry id -> article bits of its forms (see _Gazetteer.index)
    bare_prefix: str            # the proclitics stripped from the first token
    has_al: bool                # the name was written with ال
    core: str                   # the name as matched: no proclitics, no ال on its first word
    cue: str | None = None
    cue_level: str | None = None
    gov_context: bool = False   # read as the governorate (ريف درعا، شمالي درعا, a locator)
    city_context: bool = False  # "وسط درعا", "داخل إدلب": the town itself
    locator: _Match | None = None
    name_context: bool = False  # أبو جاسم
    preposition: bool = False
    unknown_hood: bool = False  # "حي X" where X is no neighbourhood the gazetteer knows
    foreign: bool = False       # "صيدا جنوب لبنان", "مدينة القائم العراقية": not the Syrian one
    inherited: bool = False     # the cue came from the name before it in a list
    in_phrase: bool = False     # an adjective or head noun of a phrase: "مظاهرة سلمية", "راعي أغنام"
    nisba_govs: tuple[str, ...] = ()   # "جوبر الدمشقي": governorates its city adjective names
    next_govs: frozenset[str] = frozenset()   # governorates of a place named in locator position
    told_as_place: bool = False  # "في دوما", "على دوما", "بدوما", "دوما السورية": where, by its grammar


def _analyses(tok: str) -> list[tuple[str, int, bool]]:
    """Ways to read a token: (index key, characters of proclitics before the name, has ال)."""
    key = _strip_al(tok)
    out = [(key, 0, key != tok)]
    if tok[:1] not in _PROCLITIC_LETTERS:
        return out
    for p in _PROCLITICS:
        if tok.startswith(p) and (len(tok) - len(p) >= 3 or tok[len(p):] in _TOPONYM_HEADS):
            rest = tok[len(p):]                   # وتل، وأم: heads of longer names
            if rest.startswith("ل") and p[-1] == "ل":   # للرقة = ل + الرقة
                out.append((_strip_al("ا" + rest), len(p), True))
            key = _strip_al(rest)
            out.append((key, len(p), key != rest))
    return out


# First words of compound village names (خربة المليحة، تل الكرامة): alone they are no name.
_TOPONYM_HEADS = {"خربه", "خربا", "تل", "تله", "عين", "دير", "كفر", "جب", "بير", "بئر", "ام",
                  "ابو", "مزرعه", "رسم", "قصر", "حوش", "بيت", "وادي", "مشرفه", "جبل",
                  "مغاره", "كوم", "قبر", "بستان", "ضهر", "ظهر", "نبع", "راس", "مرج"}


@lru_cache(maxsize=1 << 14)
def _head_word(tok: str) -> bool:
    """tok is a bare compound-name head (خربة، وتل، بعين), not a name with ال (القصر)."""
    return tok in _TOPONYM_HEADS or any(
        tok.startswith(p) and tok[len(p):] in _TOPONYM_HEADS for p in _PROCLITICS)


def _scan(text: str) -> tuple[TokenTable, list[_Match]]:
    tt = token_table(text)
    words, seps = tt.words, tt.seps
    g = _gaz()
    index = g.index
    memo = g.hits
    if len(memo) > 1 << 18:                   # token readings are cached across articles
        memo.clear()
        g.stop_only.clear()
    hit_words = set()
    for w in tt.distinct:
        hits = memo.get(w)
        if hits is None:
            hits = memo[w] = [(k, plen, al, index[k]) for k, plen, al in _analyses(w) if k in index]
        if hits:
            hit_words.add(w)
    matches: list[_Match] = []
    n = len(tt)
    free = 0                                  # tokens before this one are inside a name
    for i in [i for i, w in enumerate(words) if w in hit_words]:
        if i < free:
            continue
        tok = words[i]
        # (last token, proclitic length, written with ال, entry ids, matched name)
        best: tuple[int, int, bool, dict[int, int], str] | None = None
        nxt = words[i + 1] if i + 1 < n and _BETWEEN.match(seps[i + 1]) else None
        for key, plen, al, groups in memo[tok]:
            for tail, ids in chain(groups.get("", ()), groups.get(nxt, ()) if nxt else ()):
                j = i + len(tail)
                if j >= n or best is not None and j <= best[0]:
                    continue
                if len(tail) < 2 or all(words[i + k + 1] == tail[k] and _BETWEEN.match(seps[i + k + 1])
                                        for k in range(1, len(tail))):
                    best = (j, plen, al, ids, " ".join((key, *tail)))
        if best is None:
            continue
        j, plen, al, ids, core = best
        if j == i and (_bare(tok) in _CUES or core in _TOPONYM_HEADS and not al) or (
                i > 0 and _head_word(words[i - 1])):
            # "محافظة" is a cue, not the quarter المحافظة; "خربة" alone, or the word after it,
            # is the start or the rest of a longer name the gazetteer does not hold.
            continue
        if j == i and _stop_only(g, tok, core, ids) and not (
                plen == 0 and i > 0 and _BETWEEN.match(seps[i]) and _bare(words[i - 1]) in _STRICT_CUES):
            continue                          # علي (= على): a place only right after قرية …
        start, end = tt.starts[i] + plen, tt.ends[j]
        matches.append(_Match(i, j, start, end, text[tt.starts[i]:end], ids, tok[:plen], al, core))
        free = j + 1
    return tt, matches


def _stop_only(g: _Gazetteer, tok: str, core: str, ids: dict[int, int]) -> bool:
    """Every reading of the one-token name is a stop form (see _acceptable); cached per token."""
    got = g.stop_only.get(tok)
    if got is None:
        got = g.stop_only[tok] = all(tok in g.entries[e].stop or core in g.entries[e].stop
                                     for e in ids)
    return got


def _read_context(text: str, tt: TokenTable, matches: list[_Match]) -> None:
    g = _gaz()
    by_start = {m.ti: m for m in matches}
    prev: _Match | None = None
    for m in matches:
        before = tt.words[m.ti - 1] if m.ti > 0 else ""
        gap = tt.seps[m.ti] if m.ti > 0 else ""
        adjacent = _BETWEEN.match(gap) is not None
        word = _bare(before) if adjacent and not m.bare_prefix else ""
        if word in _CUES:
            m.cue, m.cue_level = word, _CUES[word]
        elif prev is not None and prev.cue in _LIST_CUES and _continues_list(tt, prev, m):
            m.cue, m.cue_level, m.inherited = prev.cue, prev.cue_level, True   # "بلدات X، Y وZ"
        after = tt.words[m.tj + 1] if m.tj + 1 < len(tt) else ""
        m.gov_context = word in _GOV_CONTEXT or m.cue_level in ("admin1", "countryside") \
            or _bare(after) in _DIRECTION_ADJ          # "اللاذقية الشمالي": its countryside
        m.name_context = adjacent and before in _NAME_WORDS
        m.city_context = word in _CITY_CONTEXT
        m.preposition = adjacent and any(
            w in _PREPOSITIONS or w in _PLACE_VERBS
            for w in (before, before[1:] if before[:1] in ("و", "ف") else ""))
        m.told_as_place = adjacent and (before in _PREPOSITIONS or before in ("علي", "وعلي")) \
            or m.bare_prefix in ("ب", "وب") or (bool(after) and _bare(after) in _SYRIAN
                                                 and _BETWEEN.match(tt.seps[m.tj + 1]) is not None)
        m.in_phrase = m.cue is None and (
            _in_phrase(tt, by_start, prev, m, adjacent)
            or adjacent and _bare(before) in _LANDMARKS or _in_quoted_name(text, m))
        if after and _BETWEEN.match(tt.seps[m.tj + 1]):
            m.nisba_govs = _NISBA_GOVS.get(after, ())
        m.unknown_hood = m.cue_level == "neighbourhood" and not any(
            g.entries[e].level == "neighbourhood" for e in m.ids)
        m.locator = _locator(tt, by_start, m)
        m.foreign = _foreign_after(text, tt, m)
        if m.locator is not None:
            m.locator.gov_context = True
        prev = m


def _in_quoted_name(text: str, m: _Match) -> bool:
    """m ends a short quoted name after other words ("“سالم عيد الرفاعي”", "“رجال الكرامة”"):
    a family or a group name, not a place."""
    if text[m.end:m.end + 1] not in ("”", '"', "»"):
        return False
    opening = max(text.rfind("“", max(0, m.start - 40), m.start),
                  text.rfind("«", max(0, m.start - 40), m.start))
    return opening >= 0 and len(text[opening + 1:m.start].split()) >= 1


def _in_phrase(tt: TokenTable, by_start: dict[int, _Match], prev: _Match | None, m: _Match,
               adjacent: bool) -> bool:
    """m is a common word inside a noun phrase, not a place: an adjective agreeing with the noun
    before it ("مظاهرة سلمية", "الاحتجاجات السلمية": a nisba form -يه after a feminine or a
    definite noun), or a name that carries ال in the gazetteer written bare and followed by a
    noun of its own ("راعي أغنام", "حراك سياسي")."""
    if m.ti != m.tj or m.bare_prefix:
        return False
    word = m.surface
    if adjacent and m.ti > 0 and (prev is None or prev.tj != m.ti - 1):
        before = tt.words[m.ti - 1]
        if _bare(before) not in _CONTEXT_WORDS and before not in _NAME_WORDS \
                and before not in _PREPOSITIONS and before not in _PLACE_VERBS and len(before) > 2:
            if not m.has_al and word.endswith("يه") and before.endswith("ه") \
                    and not before.startswith("ال"):
                return True                   # مظاهرة سلمية، وقفة سلمية
            if m.has_al and word.endswith(("يه", "ي")) and before.startswith(
                    ("ال", "وال", "بال", "فال", "لل")):
                return True                   # المظاهرات السلمية
    if m.has_al or m.tj + 1 >= len(tt) or m.tj + 1 in by_start:
        return False
    g = _gaz()
    # every reading is a name with ال (a quarter's own name shows in its forms: no bare one)
    if not all(g.entries[e].place.name.startswith("ال") or not m.ids[e] & 2 for e in m.ids):
        return False
    if not _BETWEEN.match(tt.seps[m.tj + 1]):
        return False
    nxt = tt.words[m.tj + 1]
    # (a word behind و ف ب ل ك starts a new phrase: "من سلمية برصاص قناص")
    return not (nxt.startswith(("ال", "لل", "و", "ف", "ب", "ل", "ك")) or nxt in _AFTER_NAME
                or _bare(nxt) in _CONTEXT_WORDS or nxt in _DIRECTION_ADJ or nxt.isdigit())


def _continues_list(tt: TokenTable, prev: _Match, m: _Match) -> bool:
    """m follows prev in a list: "X، Y", "X وY" or "X و Y"."""
    if prev.tj == m.ti - 1:
        gap = tt.seps[m.ti]
        if m.bare_prefix.startswith("و"):
            return _BETWEEN.match(gap) is not None
        return _LIST_GAP.match(gap) is not None and ("،" in gap or "," in gap)
    return prev.tj == m.ti - 2 and tt.words[m.ti - 1] == "و"


def _locator(tt: TokenTable, by_start: dict[int, _Match], m: _Match) -> _Match | None:
    """A governorate or district named within a few locator words after m ("جاسم شمالي درعا",
    "بريف حمص") that holds one of m's readings."""
    g = _gaz()
    k, limit, aside, listed = m.tj + 1, min(m.tj + 4, len(tt)), False, 0
    while k < limit:
        gap = tt.seps[k]
        if aside:                              # after "المالكية (ديريك"
            gap, aside = gap.lstrip().lstrip(")]"), False
        if not _LOCATOR_GAP.match(gap) and not (
                k == m.tj + 1 and _LIST_GAP.match(gap) and k not in by_start):
            return None                       # "الطيبة، بريف درعا" yes; "الطيبة، درعا" is a list
        nxt = by_start.get(k)
        if nxt is not None:
            if nxt.bare_prefix.startswith("و") and k == m.tj + 1 + listed and listed < 2 \
                    and not any(g.entries[e].level == "admin1" for e in nxt.ids):
                # "الحميدية وجباتا الخشب في ريف القنيطرة": the list's locator locates each item
                listed += nxt.tj - k + 1
                limit, k = min(limit + nxt.tj - k + 1, len(tt)), nxt.tj + 1
                continue
            if nxt.bare_prefix.startswith(("و", "ف")):
                return None
            if "(" in gap and not m.ids.keys().isdisjoint(nxt.ids):
                # "المالكية (ديريك) بريف الحسكة": the same place's other name, then the locator
                limit, k, aside = min(limit + nxt.tj - k + 1, len(tt)), nxt.tj + 1, True
                continue
            govs = {g.entries[e].admin1_pcode for e in nxt.ids
                    if g.entries[e].level in ("admin1", "admin2")}
            mine = {g.entries[e].admin1_pcode for e in m.ids}
            if not listed:
                m.next_govs = frozenset(g.entries[e].admin1_pcode for e in nxt.ids)
            return nxt if govs & mine else None
        if _bare(tt.words[k]) not in _LOCATOR_WORDS:
            return None
        k += 1
    return None


def _foreign_after(text: str, tt: TokenTable, m: _Match) -> bool:
    """A country other than Syria, or its adjective, located right after the name (and within
    60 characters: the words are read first, as most names are followed by no locator word)."""
    for k in range(m.tj + 1, min(m.tj + 4, len(tt))):
        if not _LOCATOR_GAP.match(tt.seps[k]):
            return False
        word = _bare(tt.words[k])
        if word in _FOREIGN:
            return _FOREIGN_NEAR.search(text, m.end, m.end + 60) is not None
        if word not in _LOCATOR_WORDS:
            return False
    return False


# The bonus of a level by the cue before the name (None: no cue, or one of no level of its own).
_LEVEL_BONUS: dict[str | None, dict[str, float]] = {
    "community": {"community": 2.0, "neighbourhood": 1.0},
    "neighbourhood": {"neighbourhood": 3.0, "community": 0.5},
    "admin3": {"admin3": 2.0},
    # "منطقة القنيطرة": the area of the governorate, not the city
    "area": {"admin1": 1.0, "admin2": 1.0, "region": 1.5, "community": 0.8},
    None: {"community": 1.0, "region": 1.0, "neighbourhood": 0.9, "admin1": 0.6,
           "admin3": 0.3, "admin2": 0.2},
}
_GOV_BONUS = {"admin1": 3.0, "region": 2.5}
# Damascus lies inside Rif Dimashq: a sentence of Ghouta towns may name its eastern quarters
# ("جوبر وزملكا وعربين") with them.
_SURROUNDING = {"SY01": "SY03"}


def _small_capitals(rows: list[dict[str, str]]) -> frozenset[str]:
    """The governorates (P-codes) whose capital, of the same name, is a small town: told bare,
    "إدلب", "درعا" is the province the war is about, while "حلب", "حمص" are the cities."""
    govs = {r["name_ar"]: r["pcode"] for r in rows if r["level"] == "admin1"}
    big = {govs[r["name_ar"]] for r in rows if r["level"] == "community" and r["name_ar"] in govs
           and int(r["population"] or 0) >= SMALL_CAPITAL}
    return frozenset(set(govs.values()) - big)


SMALL_CAPITAL = 200_000
_KNOWN_CITY = 0.75                        # prominence of a city named in reports from abroad
_SYRIAN = frozenset({"السوريه"})


def _level_bonus(e: _Entry, m: _Match) -> float:
    lvl, cue = e.level, m.cue_level
    if m.gov_context:
        if lvl == "admin2":
            return 1.0 if cue == "countryside" else 0.0          # ريف القصير: the district
        return _GOV_BONUS.get(lvl, 0.0)
    if lvl == "admin1" and cue is None and not m.city_context and e.admin1_pcode in _gaz().small_capitals:
        return 1.2                        # above a community's 1.0: the province, not its capital
    return _LEVEL_BONUS.get(cue, _LEVEL_BONUS[None]).get(lvl, 0.0)


def _acceptable(eid: int, m: _Match, strong: bool) -> bool:
    """Common-word names, person-name contexts and cue-only regions need more than the name."""
    e = _gaz().entries[eid]
    if e.region_cue_only:
        return m.cue_level == "area" or m.locator is not None
    if (m.name_context or m.in_phrase) and m.cue is None and m.locator is None:
        return False
    if e.common or e.stop:
        glued = m.surface.split()[0]
        if glued in e.stop or m.core in e.stop:
            return m.cue in _STRICT_CUES and not m.inherited
        written_as_named = m.ids[eid] & (1 if m.has_al else 2)
        if glued in e.common or m.core in e.common:
            # "في نوى" in a Daraa article is the town; "في تشرين" is a month, not a village:
            # a preposition with the article's governorate vouches only for towns.
            strong = strong and bool(written_as_named) and (
                m.locator is not None or e.prominence >= 0.6 and e.level != "neighbourhood")
            return m.cue is not None or strong
    return True


def _told_as_town(e: _Entry, m: _Match, eid: int, here: Counter[str]) -> bool:
    """A common-word name written bare where the grammar wants a place ("الهجوم على دوما", "دوما
    السورية"; the word "دوماً" takes no preposition): the namesake in a governorate the sentence
    names ("السيطرة على دوما والشبكي" in Suwayda), else a city known beyond its governorate."""
    if not (m.told_as_place and e.common and not m.has_al and e.level == "community"
            and m.ids[eid] & 2):
        return False
    local = {_gaz().entries[o].admin1_pcode for o in m.ids} & set(here)
    return e.admin1_pcode in local if local else e.prominence >= _KNOWN_CITY


def _neighbourhood_city(matches: list[_Match], chosen: dict[int, tuple[_Entry, float]],
                        k: int, skip_first: bool) -> _Entry | None:
    """The city an unknown "حي X" belongs to: the nearest community named before it, else after
    (k: the first match after "حي"; skip it when it is X itself)."""
    for idx in chain(range(k - 1, -1, -1), range(k + int(skip_first), len(matches))):
        got = chosen.get(idx)
        if got and got[0].level in ("community", "neighbourhood"):
            return got[0]
    return None


def find_places(folded: str) -> list[PlaceMention]:
    """Place mentions in folded text, disambiguated, without overlaps, in text order."""
    g = _gaz()
    tt, matches = _scan(folded)
    _read_context(folded, tt, matches)
    sent_starts = [s for s, _ in sentences(folded)] or [0]

    def sentence_of(pos: int) -> int:
        return bisect_right(sent_starts, pos) - 1

    # Article and sentence governorates from the names that are not in doubt; "anchored" ones
    # only from governorates, cities, regions and names with a cue or a locator.
    article: Counter[str] = Counter()
    anchored: Counter[str] = Counter()
    per_sentence: dict[int, Counter[str]] = {}
    for m in matches:
        if m.unknown_hood or m.foreign:
            continue
        ok = [e for e in m.ids if _acceptable(e, m, False)]
        govs = {g.entries[e].admin1_pcode for e in ok}
        if len(govs) == 1:
            gov = govs.pop()
            article[gov] += 1
            at = sentence_of(m.start)
            here = per_sentence.get(at)
            if here is None:              # (setdefault would build a Counter per mention)
                here = per_sentence[at] = Counter()
            here[gov] += 1
            if m.cue or m.locator or m.gov_context or any(
                    g.entries[e].level != "community" or g.entries[e].prominence >= 0.6
                    for e in ok):
                anchored[gov] += 1
    total = sum(article.values()) or 1
    dominant = article.most_common(1)[0][0] if article else None
    # cities the article names: a quarter's generic name (سوق الهال) is that city's only there
    cities = {g.entries[e].place.pcode for m in matches if not m.gov_context for e in m.ids
              if g.entries[e].level == "community" and g.entries[e].prominence >= 0.6}

    # One sense per article: a name located once ("المالكية (ديريك) بريف الحسكة") keeps that
    # reading where it is named again without a locator.
    located: dict[str, set[int]] = {}
    for m in matches:
        govs = {g.entries[e].admin1_pcode for e in m.locator.ids} if m.locator else set()
        govs.update(m.nisba_govs)
        if govs and len(m.ids) > 1:
            located.setdefault(m.core, set()).update(
                e for e in m.ids if g.entries[e].admin1_pcode in govs)

    chosen: dict[int, tuple[_Entry, float]] = {}
    nothing: Counter[str] = Counter()
    for k, m in enumerate(matches):
        here = per_sentence.get(sentence_of(m.start), nothing)
        if m.foreign:
            continue
        if m.unknown_hood:
            # "حي الحجر الأسود": a community of the article's governorates is meant itself.
            m.unknown_hood = not any(g.entries[e].level == "community" and (
                g.entries[e].admin1_pcode in here or g.entries[e].admin1_pcode == dominant)
                for e in m.ids)
            if m.unknown_hood:
                continue
        loc_govs = {g.entries[e].admin1_pcode for e in m.locator.ids} if m.locator else set()
        loc_govs.update(m.nisba_govs)
        loc_dists = {g.entries[e].place.pcode for e in m.locator.ids} if m.locator else set()
        scored: list[tuple[float, int]] = []
        for eid in m.ids:
            e = g.entries[eid]
            in_context = e.admin1_pcode in loc_govs or e.admin1_pcode in here \
                or (m.preposition and e.admin1_pcode == dominant)
            if not (_acceptable(eid, m, strong=bool(in_context and (m.locator or m.preposition)))
                    or _told_as_town(e, m, eid, here)):
                continue
            if e.level == "neighbourhood" and m.cue_level != "neighbourhood" and not (
                    e.admin1_pcode in here or e.admin1_pcode in anchored
                    or _SURROUNDING.get(e.admin1_pcode) in here):
                continue                      # ساحة المرجة in Damascus is no quarter of Aleppo
            if e.level == "neighbourhood" and m.cue is None \
                    and e.place.pcode not in cities and e.admin1_pcode != "SY01":
                continue                      # "سوق الهال" in a Manbij article is no Aleppo quarter
            if e.level == "neighbourhood" and m.next_govs and e.admin1_pcode not in m.next_govs:
                continue                      # "الكلية الحربية في حمص" is no quarter of Aleppo
            if e.level == "community" and e.prominence < 0.6 and not (m.cue or m.locator) \
                    and anchored and e.admin1_pcode not in anchored:
                continue                      # a lone village far from every governorate named
            s = e.prominence + _level_bonus(e, m)
            if not m.ids[eid] & (1 if m.has_al else 2):
                s -= 0.8                      # جولان for الجولان: the written form fits better
            if e.admin1_pcode in loc_govs:
                s += 4.0 + (1.0 if e.admin2_pcode in loc_dists else 0.0)
            elif not loc_govs and eid in located.get(m.core, ()):
                s += 3.0
            if here.get(e.admin1_pcode) and len(m.ids) > 1:
                s += 2.0 * here[e.admin1_pcode] / sum(here.values())
            s += 2.0 * article[e.admin1_pcode] / total
            scored.append((s, eid))
        if not scored:
            continue
        scored.sort(reverse=True)
        best_s, best = scored[0]
        gov = g.entries[best].admin1_pcode
        rival = None
        for sc, other in scored:
            if g.entries[other].admin1_pcode != gov:
                rival = sc
                break
        if rival is not None:   # namesakes in other governorates: as sure as the margin
            conf = 0.45 + 0.4 * min(1.0, (best_s - rival) / 3.0)
        else:
            conf = 0.9 if m.cue or m.locator else 0.75
        if best in located.get(m.core, ()):
            conf = max(conf, 0.85)            # located where the article first names it
        chosen[k] = (g.entries[best], round(conf, 2))

    # "الغوطة" in an article that names "الغوطة الشرقية" (and no other الغوطة …) is that one.
    regions = {e.place.name: e for e, _ in chosen.values() if e.level == "region"}
    for k, (e, conf) in chosen.items():
        if e.level == "region":
            longer = [r for name, r in regions.items() if name.startswith(e.place.name + " ")]
            if len(longer) == 1:
                chosen[k] = (longer[0], conf)

    out: list[PlaceMention] = []
    for k, m in enumerate(matches):
        if k in chosen:
            e, conf = chosen[k]
            out.append(PlaceMention(m.start, m.end, e.place, e.level, m.cue, conf))
    # "حي X" with X no known place of that city: the neighbourhood of the city named nearby.
    out.extend(_unknown_neighbourhoods(tt, matches, chosen))
    out.sort(key=lambda p: p.start)
    return out


def _unknown_neighbourhoods(tt: TokenTable, matches: list[_Match],
                            chosen: dict[int, tuple[_Entry, float]]) -> list[PlaceMention]:
    """"حي X" where X is no known neighbourhood (حي العالية in a Jasim article): the
    neighbourhood of the community that locates it ("حي X وسط دوما"), else of the one named
    nearest before it (else after it); GUIDE rule 3."""
    taken = {i for m in matches if not m.unknown_hood for i in range(m.ti, m.tj + 1)}
    hood_at = {m.ti: m for m in matches if m.unknown_hood}
    starts = [m.ti for m in matches]
    community_at = {m.ti: chosen[k][0] for k, m in enumerate(matches)
                    if k in chosen and chosen[k][0].level == "community"}
    known: dict[str, _Entry] = {}       # a quarter keeps the city it was first given
    out = []
    for t in [t for t, w in enumerate(tt.words[:-1]) if w in _HOOD_CUES]:
        if t + 1 in taken:
            continue
        nxt = tt.words[t + 1]
        if not _BETWEEN.match(tt.seps[t + 1]) or len(nxt) < 3 \
                or _bare(nxt) in _CONTEXT_WORDS or nxt in _PREPOSITIONS or nxt in _AFTER_NAME \
                or nxt.isdigit():
            continue
        m = hood_at.get(t + 1)
        name = m.core if m else nxt
        city = _locating_city(tt, community_at, m.tj if m else t + 1) or known.get(name) \
            or _neighbourhood_city(matches, chosen, bisect_right(starts, t), m is not None)
        if city is None:
            continue
        known.setdefault(name, city)
        a, b = (m.start, m.end) if m else (tt.starts[t + 1], tt.ends[t + 1])
        out.append(PlaceMention(a, b, city.place, "neighbourhood", "حي", 0.6))
    return out


def _locating_city(tt: TokenTable, community_at: dict[int, _Entry], last: int) -> _Entry | None:
    """A community named within a few locator words after token last ("وسط دوما", "في حرستا")."""
    for k in range(last + 1, min(last + 4, len(tt))):
        if not _LOCATOR_GAP.match(tt.seps[k]):
            return None
        if k in community_at:
            return community_at[k]
        if _bare(tt.words[k]) not in _LOCATOR_WORDS and _bare(tt.words[k]) not in _CUES:
            return None
    return None


# --- hometowns and the store ---------------------------------------------------------------

_LOOKUP_CUE = re.compile(r"^(?:(?:من|في)\s+)?(?:(?:ابناء|اهالي|سكان)\s+)?"
                         r"(?:[وفبل]?(مدينه|بلده|قريه|محافظه|حي|ناحيه|منطقه|مخيم|ريف)\s+)?")


@lru_cache(maxsize=1 << 12)
def lookup(name: str, near_admin1: str | None = None) -> Place | None:
    """The place a hometown names ("قرية برقا" -> برقة; "من أبناء مدينة طفس" -> طفس;
    "محافظة حمص" -> the governorate).
    near_admin1 (Arabic governorate name or SY## P-code) decides between namesakes. Cached: the
    clause reader asks again for every town a list names."""
    g = _gaz()
    s = fold_text(name).strip()
    m = _LOOKUP_CUE.match(s)                  # "من أبناء مدينة طفس" -> cue مدينه, name طفس
    assert m is not None                      # (every part of it is optional)
    cue = m.group(1)
    s = s[m.end():]
    words = s.split()
    if not words:
        return None
    ids: dict[int, int] = {}
    for key, _plen, _al in _analyses(words[0]):
        for tail, bucket_ids in g.candidates([key, *words[1:]]):
            if list(tail) == words[1:]:
                ids = bucket_ids
                break
        if ids:
            break
    if not ids:
        return None
    near = fold_text(near_admin1) if near_admin1 else None
    want = {"محافظه": "admin1", "ريف": "admin1", "ناحيه": "admin3",
            "منطقه": "admin2"}.get(cue or "")

    def rank(eid: int) -> tuple[int, int, float]:
        e = g.entries[eid]
        near_hit = near is not None and near in (e.admin1_pcode, fold_text(e.place.admin1 or ""))
        level_hit = e.level == want if want else e.level == "community"
        return (near_hit, level_hit, e.prominence)

    return g.entries[max(ids, key=rank)].place


def gazetteer_rows() -> Iterator[dict]:
    """Rows for the store's places table: one per P-code (neighbourhoods and regions resolve to
    their city's or governorate's code and are not rows of their own)."""
    for r in _gaz().rows:
        if r["level"] == "neighbourhood":
            continue
        yield {
            "pcode": r["pcode"], "name_ar": r["name_ar"], "name_en": r["name_en"],
            "level": r["level"], "admin1_pcode": r["admin1_pcode"], "admin1_ar": r["admin1_ar"],
            "admin2_pcode": r["admin2_pcode"] or None, "admin2_ar": r["admin2_ar"] or None,
            "admin3_pcode": r["admin3_pcode"] or None,
            "lat": float(r["lat"]) if r["lat"] else None,
            "lon": float(r["lon"]) if r["lon"] else None,
            "aliases_ar": [a for a in r["aliases_ar"].split("|") if a],
        }
