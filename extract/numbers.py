"""Quantities in folded Arabic text: digits, number words, duals and singulars of person nouns,
approximations and vague quantifiers.

Everything matches *folded* spellings (see extract.text.fold: no hamza seat, ة -> ه, ى -> ي),
so "أربعة"/"اربعة" are both "اربعه" here. One case needs the unfolded text: a sound masculine
plural (مدنيِين) and the dual of the same noun (مدنيَين) fold to the same "مدنيين"; only the
fatha before the ي in the original tells them apart, hence find_quantities takes a Folded.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from extract.text import Folded, TokenTable, fold, indexes_where, token_table

# --- the person-noun lexicon ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonNoun:
    """A noun that counts people. Forms are folded. `sound_plural` means the oblique dual (-ين)
    is spelled like the plural, so it is a dual only when the original carries a fatha."""
    lemma: str
    singular: tuple[str, ...]
    dual: tuple[str, ...]
    plural: tuple[str, ...]
    role: str = "person"          # person | civilian | combatant | killed | wounded | detained | body
    sound_plural: bool = False
    adjectival: bool = False      # also an adjective, verb or other noun (مدني "civil", طالب
                                  # "demanded"): a bare singular counts only after a casualty cue


def _duals(singular: str, *endings: str) -> tuple[str, ...]:
    stem = singular[:-1] + "ت" if singular.endswith("ه") else singular  # ة becomes ت: امرأتين
    return tuple(stem + end for end in endings)


def _noun(lemma: str, fem: str | None, broken: tuple[str, ...], role: str = "person", *,
          sound: bool = False, adjectival: bool = False) -> PersonNoun:
    singular = (lemma,) if fem is None else (lemma, fem)
    # a sound plural's oblique dual is spelled like the plural: listed there, see _fatha_dual
    dual = _duals(lemma, "ان") if sound else _duals(lemma, "ان", "ين")
    if fem is not None:
        dual += _duals(fem, "ان", "ين")
    plural = broken + ((lemma + "ون", lemma + "ين") if sound else ())
    if fem is not None and sound:
        plural += (fem[:-1] + "ات",)
    return PersonNoun(lemma, singular, dual, plural, role, sound, adjectival)


PERSON_NOUNS: dict[str, PersonNoun] = {n.lemma: n for n in (
    _noun("شخص", None, ("اشخاص",)),
    _noun("شاب", "شابه", ("شبان", "شباب")),
    _noun("رجل", None, ("رجال",)),
    _noun("امراه", None, ("نساء", "نسوه")),
    _noun("سيده", None, ("سيدات",)),
    _noun("فتاه", None, ("فتيات",)),
    _noun("طفل", "طفله", ("اطفال",), "civilian"),
    _noun("فتي", None, ("فتيه", "فتيان")),
    _noun("ولد", None, ("اولاد",), adjectival=True),  # وُلد "was born"
    _noun("مسن", "مسنه", (), "civilian", sound=True),
    _noun("مدني", "مدنيه", (), "civilian", sound=True, adjectival=True),
    _noun("مواطن", "مواطنه", (), "civilian", sound=True),
    _noun("نازح", "نازحه", (), "civilian", sound=True),
    _noun("لاجي", "لاجيه", (), "civilian", sound=True, adjectival=True),  # وصل لاجئاً
    _noun("مزارع", None, (), "civilian", sound=True, adjectival=True),  # مزارع "farms"
    _noun("راعي", None, ("رعاه",), "civilian", adjectival=True),  # راعى "heeded"
    _noun("عامل", "عامله", ("عمال",), "civilian", sound=True, adjectival=True),  # "factor"
    _noun("طالب", "طالبه", ("طلاب",), "civilian", sound=True, adjectival=True),  # "demanded"
    _noun("طبيب", "طبيبه", ("اطباء",), "civilian"),
    _noun("ممرض", "ممرضه", (), "civilian", sound=True),
    _noun("معلم", "معلمه", (), "civilian", sound=True, adjectival=True),  # "landmark"
    _noun("صحفي", "صحفيه", (), "civilian", sound=True, adjectival=True),
    _noun("صحافي", "صحافيه", (), "civilian", sound=True, adjectival=True),
    _noun("ناشط", "ناشطه", (), "civilian", sound=True),
    _noun("موظف", "موظفه", (), "civilian", sound=True),
    _noun("شقيق", "شقيقه", ("اشقاء",)),
    _noun("اخ", None, ("اخوه", "اخوان")),
    _noun("قاصر", None, ("قاصرات",), "civilian", sound=True, adjectival=True),
    _noun("رضيع", "رضيعه", ("رضع",), "civilian"),
    _noun("تلميذ", "تلميذه", ("تلاميذ",), "civilian"),
    _noun("مدرس", None, (), "civilian", sound=True),  # no feminine: مدرسة is "school"
    _noun("سايق", None, (), "civilian", sound=True),
    _noun("صياد", None, (), "civilian", sound=True),
    _noun("مهندس", "مهندسه", (), "civilian", sound=True),
    _noun("محامي", "محاميه", ("محامين",), "civilian", adjectival=True),  # "قال محامي الادعاء"
    _noun("مسعف", "مسعفه", (), "civilian", sound=True),
    _noun("مراسل", "مراسله", (), "civilian", sound=True, adjectival=True),  # "قال مراسل": a source
    _noun("مصور", None, (), "civilian", sound=True, adjectival=True),  # "illustrated"
    _noun("متظاهر", "متظاهره", (), "civilian", sound=True),
    _noun("محتج", "محتجه", (), "civilian", sound=True),
    _noun("مختار", None, ("مخاتير",), "civilian", adjectival=True),  # "chosen"
    _noun("حارس", None, ("حراس",)),
    _noun("شرطي", None, (), "combatant", sound=True, adjectival=True),  # "conditional"
    _noun("عنصر", None, ("عناصر",), "combatant"),
    _noun("مقاتل", "مقاتله", (), "combatant", sound=True, adjectival=True),  # طائرة مقاتلة
    _noun("جندي", None, ("جنود",), "combatant"),
    _noun("عسكري", None, (), "combatant", sound=True, adjectival=True),
    _noun("ضابط", None, ("ضباط",), "combatant"),
    _noun("قايد", None, ("قاده",), "combatant"),
    _noun("قيادي", None, (), "combatant", sound=True, adjectival=True),
    _noun("مسلح", None, (), "combatant", sound=True, adjectival=True),
    _noun("مجند", None, (), "combatant", sound=True),
    _noun("منتسب", None, (), "combatant", sound=True),
    _noun("متطوع", None, (), "combatant", sound=True),
    _noun("ارهابي", None, (), "combatant", sound=True, adjectival=True),
    _noun("مهاجم", None, (), "combatant", sound=True, adjectival=True),
    _noun("انغماسي", None, (), "combatant", sound=True),
    _noun("منشق", None, (), "combatant", sound=True, adjectival=True),
    _noun("مهرب", None, (), "combatant", sound=True, adjectival=True),
    _noun("انتحاري", None, (), "combatant", sound=True, adjectival=True),
    _noun("مسوول", None, (), "person", sound=True),
    _noun("عضو", None, ("اعضاء",)),
    _noun("فرد", None, ("افراد",)),
    _noun("قتيل", "قتيله", ("قتلي",), "killed"),
    _noun("شهيد", "شهيده", ("شهداء",), "killed"),
    _noun("ضحيه", None, ("ضحايا",), "killed"),
    _noun("جريح", "جريحه", ("جرحي",), "wounded"),
    _noun("مصاب", "مصابه", (), "wounded", sound=True, adjectival=True),
    _noun("معتقل", "معتقله", (), "detained", sound=True, adjectival=True),
    _noun("مختطف", "مختطفه", (), "detained", sound=True, adjectival=True),
    _noun("اسير", "اسيره", ("اسري",), "detained"),
    _noun("سجين", "سجينه", ("سجناء",), "detained"),
    _noun("رهينه", None, ("رهاين",), "detained"),
    _noun("مخطوف", "مخطوفه", (), "detained", sound=True, adjectival=True),
    _noun("موقوف", None, (), "detained", sound=True, adjectival=True),
    _noun("مطلوب", None, (), "detained", sound=True, adjectival=True),  # "required"
    _noun("مفقود", "مفقوده", (), "detained", sound=True, adjectival=True),
    _noun("جثه", None, ("جثث",), "body"),
    _noun("اخر", "اخري", (), "person", sound=True, adjectival=True),
    # "وإصابة ثالث بجروح", "وإصابة والده": one more person, as "آخر" is
    _noun("ثالث", "ثالثه", (), "person", adjectival=True),
    _noun("رابع", "رابعه", (), "person", adjectival=True),
    _noun("والد", "والده", (), "person", adjectival=True),   # his father / her mother: one person
)}

# Every spelling of every person noun, behind every proclitic: word -> (noun, number, proclitic).
# Number is "singular" | "dual" | "plural"; a sound plural's -ين is listed as plural and re-read
# as a dual when the original has a fatha. Singulars also take the accusative alef (11 عنصرا).
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "ال", "وال", "فال",
               "بال", "كال", "وبال", "فبال", "وكال", "لل", "ولل", "فلل")
_FORMS: dict[str, tuple[PersonNoun, str, str]] = {}
for _p in _PROCLITICS:
    for _n in PERSON_NOUNS.values():
        for _number, _forms in (("singular", _n.singular), ("singular", tuple(s + "ا" for s in _n.singular)),
                                ("dual", _n.dual), ("plural", _n.plural)):
            for _f in _forms:
                if _p.endswith("لل") and _f.startswith("ل"):
                    continue
                _FORMS.setdefault(_p + _f, (_n, _number, _p))
# A dual in construct with a pronoun ("سيدة وطفليها", "شقيقيه"): the dual's ن drops before it.
for _p in ("", "و", "ف", "ب", "ل"):
    for _n in PERSON_NOUNS.values():
        if _n.adjectival or _n.sound_plural:    # مواطنيه is also "his citizens"
            continue
        for _f in _n.singular:
            for _end in ("يه", "يها", "يهما", "يهم"):
                _FORMS.setdefault(_p + _duals(_f, _end)[0], (_n, "dual", _p))


def person_noun(word: str) -> tuple[PersonNoun, str, bool] | None:
    """Look a folded word up as a person noun: (noun, number, definite) or None; proclitics
    (و ف ب ك ل) and the article are understood. number is "singular", "dual" or "plural"."""
    hit = _FORMS.get(word)
    if hit is None:
        return None
    noun, number, prefix = hit
    return noun, number, prefix.endswith(("ال", "لل"))


# --- number words -----------------------------------------------------------------------------

# kinds of number words, which decide what may follow what (_NEXT)
_K_UNIT, _K_TEN, _K_TENS, _K_HUNDRED, _K_THOUSAND, _K_THOUSANDS, _K_MILLION, _K_MILLIONS = range(8)
_NO_WORD = (None, 0)
_UNITS = {
    1: ("واحد", "واحده"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي", "ثنتان", "ثنتين"),
    3: ("ثلاثه", "ثلاث"), 4: ("اربعه", "اربع"), 5: ("خمسه", "خمس"), 6: ("سته", "ست"),
    7: ("سبعه", "سبع"), 8: ("ثمانيه", "ثماني", "ثمان"), 9: ("تسعه", "تسع"),
}
_TENS = {20: "عشر", 30: "ثلاث", 40: "اربع", 50: "خمس", 60: "ست", 70: "سبع", 80: "ثمان", 90: "تسع"}
_HUNDRED_FORMS = ("ميه", "مايه")
# احد / احدي ("one of", and the 11 of احد عشر) — also "anyone" and Sunday, so it stands alone
# only in construct ("أحد عناصر") and never after a negation.
_ONE_OF = ("احد", "احدي")

_WORDS: dict[str, tuple[int, int]] = {}
for _v, _fs in _UNITS.items():
    for _f in _fs:
        _WORDS[_f] = (_K_UNIT, _v)
for _f in _ONE_OF:
    _WORDS[_f] = (_K_UNIT, 1)
for _f in ("عشر", "عشره"):
    _WORDS[_f] = (_K_TEN, 10)
for _v, _stem in _TENS.items():
    for _end in ("ون", "ين"):
        _WORDS[_stem + _end] = (_K_TENS, _v)
for _h in _HUNDRED_FORMS:
    _WORDS[_h] = (_K_HUNDRED, 100)
    _WORDS[_h[:-1] + "تان"] = (_K_HUNDRED, 200)
    _WORDS[_h[:-1] + "تين"] = (_K_HUNDRED, 200)
    for _v, _fs in _UNITS.items():
        if _v >= 3:
            for _f in _fs:
                if not _f.endswith("ه"):  # ثلاثمئة, not ثلاثةمئة
                    _WORDS[_f + _h] = (_K_HUNDRED, _v * 100)
_WORDS.update({"الف": (_K_THOUSAND, 1000), "الفا": (_K_THOUSAND, 1000), "الفان": (_K_THOUSAND, 2000),
               "الفين": (_K_THOUSAND, 2000), "الاف": (_K_THOUSANDS, 1000),
               "مليون": (_K_MILLION, 10**6), "مليونا": (_K_MILLION, 10**6), "مليونان": (_K_MILLION, 2 * 10**6),
               "مليونين": (_K_MILLION, 2 * 10**6), "ملايين": (_K_MILLIONS, 10**6)})

# What may follow what inside one number: (previous kind, joined by و?) -> allowed kinds.
_SMALL = {_K_UNIT, _K_TEN, _K_TENS}
_NEXT: dict[tuple[int | None, bool], set[int]] = {
    (_K_UNIT, False): {_K_TEN, _K_HUNDRED, _K_THOUSAND, _K_THOUSANDS, _K_MILLION, _K_MILLIONS},
    (_K_UNIT, True): {_K_TENS},
    (_K_TEN, False): {_K_THOUSAND, _K_THOUSANDS, _K_MILLION, _K_MILLIONS},
    (_K_TENS, False): {_K_THOUSAND, _K_MILLION},
    (_K_HUNDRED, False): {_K_THOUSAND, _K_MILLION},
    (_K_HUNDRED, True): _SMALL,
    (_K_THOUSAND, True): _SMALL | {_K_HUNDRED},
    (_K_THOUSANDS, True): _SMALL | {_K_HUNDRED},
    (_K_MILLION, True): _SMALL | {_K_HUNDRED, _K_THOUSAND, _K_THOUSANDS},
    (_K_MILLIONS, True): _SMALL | {_K_HUNDRED, _K_THOUSAND, _K_THOUSANDS},
}

_VAGUE = {"عشرات": 12, "العشرات": 12, "ميات": 100, "مايات": 100, "الميات": 100, "المايات": 100,
          "الاف": 1000, "الالاف": 1000, "ملايين": 10**6, "الملايين": 10**6,
          "عده": 3, "بضع": 3, "بضعه": 3}
_VAGUE_MULTIPLIER = {"الاف": 1000, "الالاف": 1000, "ملايين": 10**6, "الملايين": 10**6}
# "عدد من", "عددا من", "العديد من": some = 3
_VAGUE_OF = {"عدد": 3, "عددا": 3, "العديد": 3}

_RELATIVES = frozenset({"ما", "مما", "كما", "الذي", "التي", "وهو", "وهي"})
# "ما أدى/أسفر عن": ما is the relative "which", not a negation, before these verbs
_RESULT_VERBS = frozenset({"ادي", "اسفر", "تسبب", "نجم", "نتج", "خلف", "اوقع", "يعني", "اودي"})
_NEGATIONS = frozenset({"لم", "لا", "لن", "ما", "عدم", "دون", "بدون", "بلا", "غير", "ليس", "ليست"})
_NOT_COUNTED_BEFORE = _NEGATIONS | {"اي", "ايه", "كل", "اول", "ثاني", "اخر"}   # "ليس هناك أية ضحية"
# Casualty cues that let an adjectival singular (مدني، مسلح، آخر) count as one person.
_CUES = frozenset({
    "مقتل", "قتل", "اصابه", "اصيب", "جرح", "استشهاد", "استشهد", "مصرع", "اغتيال", "اعدام",
    "اعتقال", "اعتقل", "اختطاف", "اختطف", "خطف", "اسر", "سقوط", "وفاه", "توفي", "قضي", "نجاه",
})

_APPROX_BEFORE = re.compile(
    r"(?<![^\W_])[وف]?(?P<cue>نحو|قرابه|حوالي|زهاء|(?:ما )?(?:يقارب|يناهز|يفوق)|(?:ما )?يقرب من"
    r"|(?:ما )?يربو (?:عن|علي)|اكثر من|ازيد من"
    r"|(?:ما )?يزيد (?:عن|علي)|(?:ما )?لا يقل (?:عن|علي)|اقل من|(?:ما )?بين|من)\s+$"
)
# the last word of every cue above: the regex runs only behind one of them
_APPROX_LAST = frozenset({"نحو", "قرابه", "حوالي", "زهاء", "يقارب", "يناهز", "يفوق", "من", "عن", "علي",
                          "بين", "ونحو", "وقرابه", "وحوالي", "وزهاء", "وبين", "فنحو"})
# A total that "passed" a figure gives its lower bound: "تجاوز عدد الجرحى العشرين", "فاق 30".
_EXCEED = frozenset(p + v for p in ("", "و", "ف", "ل") for v in (
    "تجاوز", "تجاوزت", "يتجاوز", "تتجاوز", "تخطي", "تخطت", "يتخطي", "تتخطي", "فاق", "فاقت",
    "يفوق", "تفوق", "تعدي", "تعدت", "يتعدي", "تتعدي"))
_TOTAL_NOUNS = frozenset({"عدد", "حصيله"})
# "بينهم 3 أطفال", "ومنهم امرأة": part of a figure already given
_SUBSET = frozenset(p + w for p in ("", "و") for w in (
    "بينهم", "منهم", "بينهن", "منهن", "بينهما", "منهما"))
_OF_THEM = frozenset({"منهم", "منهن", "منهما"})     # "ثلاثة منهم"
_APPROX_AFTER = re.compile(r"\s+(?:علي الاقل|تقريبا|او اكثر|علي اقل تقدير)(?![^\W_])")
_AFTER_FIRST = frozenset({"علي", "تقريبا", "او"})
_DIGIT_PROCLITIC = re.compile(r"(?:[وف]?(?:ال|لل|بال)|[وفبل])(?=\d)")  # و15، الـ50 (tatweel folded away)
_DASH_HIGH = re.compile(r"-(\d{1,12})(?![\d/.:-])")  # the "-15" of a range "10-15"
# at most 12 digits (a longer run is a phone number or an id, and int() refuses huge strings)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3}){1,3}(?![\d,])|\d{1,12}(?:\.\d{1,6})?(?!\d)")
_TEN_WORDS = ("عشر", "عشره")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_CUES = frozenset({"عامي", "عام", "العام", "سنه", "السنه", "منذ", "مطلع", "اواخر", "اوايل", "خلال", "حتي",
                        "بدايه", "نهايه", "ومنذ", "لعام", "بعام"})


# Number words that may carry the article after an exceed verb (العشرين، المئة، الألف).
_DEFINITE_OK = frozenset(w for w, (kind, _) in _WORDS.items()
                         if kind in (_K_TENS, _K_HUNDRED, _K_THOUSAND, _K_MILLION))
# Tokens worth a closer look (digits are found by not being all letters).
_CANDIDATES = frozenset(
    {p + w for p in ("", "و", "ف", "ب", "ل") for w in (*_WORDS, *_VAGUE, *_VAGUE_OF)}
    | {"ال" + w for w in _DEFINITE_OK} | set(_FORMS))


@dataclass(frozen=True)
class Quantity:
    """A counted amount at folded text[start:end]. value is the conservative (lowest) reading;
    noun is the lemma of the person noun counted (a PERSON_NOUNS key), if any."""
    start: int
    end: int
    value: int
    approx: bool = False
    vague: bool = False
    noun: str | None = None
    subset: bool = False    # a part of a figure given before it ("بينهم 3 أطفال"), not a total


def _negated(t: TokenTable, i: int) -> bool:
    words = t.words
    return any(words[k] in _NEGATIONS and not (words[k] == "ما" and words[k + 1] in _RESULT_VERBS)
               for k in range(max(0, i - 3), i))


def _exceeded(t: TokenTable, i: int) -> bool:
    """The number at token i is what a total passed: "تجاوز العشرين", "تجاوز عدد القتلى 30"."""
    words, glued = t.words, t.glued
    if not glued[i]:
        return False
    if words[i - 1] in _EXCEED:
        return True
    return i >= 3 and words[i - 2] in _TOTAL_NOUNS and words[i - 3] in _EXCEED \
        and glued[i - 1] and glued[i - 2]


# --- parsing one number -----------------------------------------------------------------------

def _words_at(t: TokenTable, i: int) -> tuple[int, int, int] | None:
    """The number in words starting at token i: (value, index after its last token, length of
    a proclitic و/ف/ب/ل on the first token), or None."""
    w, skip = t.words[i], 0
    if w not in _WORDS and w[1:] in _WORDS and (w[0] == "و" or (w[0] in "فبل" and len(w) > 3)):
        w, skip = w[1:], 1  # وخمسة، بثلاثة; but لست is "you are not", not ل + ست
    elif w.startswith("ال") and w[2:] in _DEFINITE_OK and _exceeded(t, i):
        w = w[2:]  # "تجاوز العشرين"; elsewhere العشرين is an ordinal (القرن العشرين)
    if w not in _WORDS:
        return None
    kind, value = _WORDS[w]
    if kind in (_K_THOUSANDS, _K_MILLIONS):
        return None  # a bare "آلاف" is vague, see _vague_at
    if w in _ONE_OF and t.next_word(i + 1) not in _TEN_WORDS and (
            not t.next_word(i + 1) or _negated(t, i)):
        return None
    total, cur = (value, 0) if kind in (_K_THOUSAND, _K_MILLION) else (0, value)
    last, j = kind, i + 1
    while t.joined(j):
        w = t.words[j]
        conj = w not in _WORDS and w[:1] == "و" and w[1:] in _WORDS
        kind, v = _WORDS.get(w[1:] if conj else w, (-1, 0))   # -1: no number word
        if kind not in _NEXT.get((last, conj), ()):
            break
        if kind in (_K_UNIT, _K_TEN, _K_TENS):
            cur += v  # a ten after a unit without و makes a teen, which behaves like a ten
        elif kind == _K_HUNDRED:
            cur = cur * 100 if (v == 100 and last == _K_UNIT and not conj) else cur + v
        else:  # thousands and millions close a group
            unit = 1000 if kind in (_K_THOUSAND, _K_THOUSANDS) else 10**6
            total += cur * unit if (cur and not conj and v == unit) else v
            cur = 0
        last, j = kind, j + 1
    return total + cur, j, skip


def _digits_at(t: TokenTable, i: int) -> tuple[int, int, int, int] | None:
    """Digits in token i, maybe behind a proclitic (1,200 / 2.5 مليون / 3 آلاف / و15 / الـ50):
    (value, next token, start offset, end offset). Dates and times (15/10/2022, 10:30,
    2022-10-15) are not quantities."""
    text, start = t.text, t.starts[i]
    if not text[start].isdigit():
        lead = _DIGIT_PROCLITIC.match(t.words[i])
        if lead is None:
            return None
        start += lead.end()
    m = _DIGITS.match(text, start)
    if m is None:
        return None
    end = m.end()
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    if (len(before) == 2 and before[1] in "/:-" and before[0].isdigit()) or (
            len(after) == 2 and after[0] in "/:-" and after[1].isdigit()
            and not _DASH_HIGH.match(text, end)):
        return None
    raw = m.group()
    if "," in raw:
        raw = raw.replace(",", "")
    if len(raw) == 4 and raw[:2] in ("19", "20") and t.glued[i] and (
            t.words[i - 1] in _YEAR_CUES or _YEAR.fullmatch(t.words[i - 1])):
        return None  # منذ 2011، عام 2018، بين عامي 2012 و2013
    number = float(raw) if "." in raw else int(raw)
    j = i + 1 if end == t.ends[i] else _token_after(t, i + 1, end)
    kind = _WORDS.get(t.next_word(j), _NO_WORD)[0]
    if kind is not None and kind >= _K_THOUSAND:
        number *= 1000 if kind in (_K_THOUSAND, _K_THOUSANDS) else 10**6
        end, j = t.ends[j], j + 1
    return int(number), j, start, end


def _number_at(t: TokenTable, i: int) -> tuple[int, int, int, int] | None:
    """Digits or words at token i: (value, next token, start offset, end offset)."""
    if not t.words[i].isalpha():
        return _digits_at(t, i)
    found = _words_at(t, i)
    if found is None:
        return None
    value, j, skip = found
    return value, j, t.starts[i] + skip, t.ends[j - 1]


# --- find_quantities --------------------------------------------------------------------------

def _may_count(word: str) -> bool:
    """May a quantity start at this word (a number word, a vague quantifier, a person noun, digits)?"""
    return word in _CANDIDATES or not word.isalpha()


def find_quantities(f: Folded) -> list[Quantity]:
    """All quantities in a folded text, left to right, non-overlapping; offsets into f.text."""
    t = token_table(f.text)
    out: list[Quantity] = []
    free = 0  # text offset before which everything is already taken
    words, starts, seps = t.words, t.starts, t.seps
    last = len(words) - 1
    for i in indexes_where(t, _may_count):
        if starts[i] < free:
            continue
        w = words[i]
        if w.isdigit() and 0 < i < last:
            if (seps[i] in ("/", ":", "-") and words[i - 1][-1].isdigit()
                    or seps[i + 1] in ("/", ":") and words[i + 1][0].isdigit()):
                continue          # a part of a date or a time (15/10/2022, 10:30): see _digits_at
            if _plain_figure(t, i, out[-1] if out else None):
                out.append(Quantity(starts[i], t.ends[i], int(w)))
                free = out[-1].end
                continue
        after_count = bool(out) and out[-1].noun is not None and out[-1].end == t.ends[i - 1]
        q = _number_quantity(t, i) or _vague_at(f, t, i) or _noun_at(f, t, i, after_count)
        if q is None:
            continue
        if _is_subset(t, i, q, out[-1] if out else None):
            q = Quantity(q.start, q.end, q.value, q.approx, q.vague, q.noun, subset=True)
        out.append(q)
        free = q.end
    return out


def _plain_figure(t: TokenTable, i: int, prev: Quantity | None) -> bool:
    """Token i (digits, not first or last) is a bare figure between plain words, as in a table
    of numbers: nothing around it can change what the full reading would give."""
    words, seps, w = t.words, t.seps, t.words[i]
    return (seps[i] == " " and seps[i + 1] == " " and w.isascii() and len(w) <= 12
            and words[i - 1] not in _PLAIN_BEFORE and words[i + 1] not in _PLAIN_AFTER
            and (i < 2 or words[i - 2] not in _PLAIN_TWO_BEFORE) and not (prev and prev.subset)
            and not (len(w) == 4 and w[:2] in ("19", "20")))


# Words around a bare figure that may change its reading (see find_quantities' fast path).
_PLAIN_BEFORE = _APPROX_LAST | _EXCEED | _SUBSET | _YEAR_CUES | {"ال", "بين", "وبين", "من", "ومن"}
_PLAIN_AFTER = frozenset(_WORDS) | frozenset(_FORMS) | _AFTER_FIRST | _OF_THEM | {"الي", "حتي", "من", "و"}
_PLAIN_TWO_BEFORE = _TOTAL_NOUNS | _EXCEED | {"بين", "وبين", "ومن", "من"}


def _is_subset(t: TokenTable, i: int, q: Quantity, prev: Quantity | None) -> bool:
    """q (first token i) counts part of a figure already given: "بينهم 3 أطفال", "من بينهم",
    "منهم امرأة", "بين القتلى طفلان", "ثلاثة منهم", and the rest of such a list ("بينهم طفلان
    وامرأة")."""
    words = t.words
    if "منه" in t.text[q.end:q.end + 6]:
        k = bisect_left(t.starts, q.end)
        if k < len(words) and t.joined(k) and words[k] in _OF_THEM:
            return True
    if t.glued[i]:
        before = words[i - 1]
        if before in _SUBSET or (before in ("بينهم", "منهم") and words[i - 2] in ("من", "ومن")):
            return True
        if i >= 2 and t.joined(i - 1) and words[i - 2] in ("بين", "وبين", "ومن") \
                and before.startswith("ال"):
            return True
    return prev is not None and prev.subset and t.text[prev.end:q.start].strip(" ،,") in ("", "و")


def _number_quantity(t: TokenTable, i: int) -> Quantity | None:
    """A number at token i dressed with what is around it: approximation words, a range
    ("بين 10 و15", "من 10 الى 15" -> 10, approx) and the counted person noun."""
    found = _number_at(t, i)
    if found is None:
        return None
    value, j, start, end = found
    text = t.text
    approx = False
    # the cue ends where the number's token starts, or before a separate article (نحو الـ 100)
    cue_end, k = t.starts[i], i - 1
    if t.words[k] == "ال" and t.starts[i] == start and t.joined(i) and k > 0:
        cue_end, k = t.starts[k], k - 1
    m = _APPROX_BEFORE.search(text, max(0, cue_end - 24), cue_end) if (
        k >= 0 and t.words[k] in _APPROX_LAST and text[t.starts[i]:start] in ("", "ال")) else None
    cue = m.group("cue") if m else None
    if m is not None and cue not in ("من", "بين", "ما بين"):
        approx, start = True, m.start()
    elif _exceeded(t, i):
        approx = True
    dash = _DASH_HIGH.match(text, end) if text.startswith("-", end) else None
    if dash is not None:
        high: tuple[int, int] | None = (int(dash.group(1)), _token_after(t, j, dash.end()))
    else:
        high = _range_end(t, j, cue)
    if high is not None and high[0] > value:
        approx, j, end = True, high[1], t.ends[high[1] - 1]
        if m is not None:
            start = m.start()
    noun, k = _counted_noun(t, j)
    after = _APPROX_AFTER.match(text, end) if noun is None and t.next_word(j) in _AFTER_FIRST \
        else None
    if noun is not None:
        end = t.ends[k - 1]
        after = after or (_APPROX_AFTER.match(text, end) if t.next_word(k) in _AFTER_FIRST else None)
    if after is not None:
        approx, end = True, after.end()
    return Quantity(start, end, value, approx=approx, noun=noun)


def _token_after(t: TokenTable, j: int, offset: int) -> int:
    """The first token at or after j that starts at or after offset."""
    while j < len(t.starts) and t.starts[j] < offset:
        j += 1
    return j


def _range_end(t: TokenTable, j: int, cue: str | None) -> tuple[int, int] | None:
    """The upper end of a range whose lower number ended before token j: (value, next token)."""
    join = t.next_word(j)
    if join in ("الي", "حتي") or (join == "و" and cue in ("بين", "ما بين")):
        if t.joined(j + 1):
            found = _number_at(t, j + 1)
            return (found[0], found[1]) if found else None
    elif join[:1] == "و" and cue in ("بين", "ما بين"):
        found = _number_at(t, j)
        return (found[0], found[1]) if found else None
    return None


def _counted_noun(t: TokenTable, j: int) -> tuple[str | None, int]:
    """The person noun counted right after a number ("4 قادة", "5 من عناصر", "عشرات المدنيين"):
    (lemma, index after it) or (None, j)."""
    nxt = t.next_word(j)
    if nxt == "من":
        k, nxt = j + 1, t.next_word(j + 1)
    else:
        k = j
    hit = _FORMS.get(nxt)
    if hit is None:
        return None, j
    return hit[0].lemma, k + 1


def _vague_at(f: Folded, t: TokenTable, i: int) -> Quantity | None:
    """عدد من / عدة / بضعة = 3, عشرات = 12, مئات = 100, آلاف = 1000, عشرات الآلاف = 12000."""
    w, start = t.words[i], t.starts[i]
    if w not in _VAGUE and w not in _VAGUE_OF and len(w) > 3 and w[0] in "وفبل":
        w, start = w[1:], start + 1
    if w in ("عده", "بضعه") and f.orig[f.orig_at(t.ends[i] - 1)] not in "ةﺓﺔ":
        return None  # بعده "after it", وعده "his promise": only عدّة with ta marbuta is "several"
    if w in _VAGUE_OF:
        if t.next_word(i + 1) != "من":
            return None
        noun, k = _counted_noun(t, i + 1)
        return Quantity(start, t.ends[k - 1] if noun else t.ends[i + 1], _VAGUE_OF[w],
                        vague=True, noun=noun)
    if w not in _VAGUE:
        return None
    value, j = _VAGUE[w], i + 1
    nxt = t.next_word(j)
    if w in ("عده", "بضع", "بضعه") and (not nxt or t.words[i - 1] in _RELATIVES and t.joined(i)):
        return None  # "وهو ما عدّه محللون": the verb "counted", not "several"
    if nxt in _VAGUE_MULTIPLIER and w not in _VAGUE_MULTIPLIER:
        value, j = value * _VAGUE_MULTIPLIER[nxt], j + 1
    noun, k = _counted_noun(t, j)
    return Quantity(start, t.ends[k - 1], value, vague=True, noun=noun)


def _noun_at(f: Folded, t: TokenTable, i: int, after_count: bool = False) -> Quantity | None:
    """A dual person noun (= 2) or an indefinite singular one (= 1) at token i. Definite ones
    are left alone: they usually refer back to someone already counted; so is an accusative
    singular joined by و to a counted noun ("30 امرأة وطفلا": women and children, not +1), and
    a person noun right after a counted one describes it ("مقتل رجل مسن" is one man)."""
    hit = _FORMS.get(t.words[i])
    if hit is None or hit[2].endswith(("ال", "لل")):
        return None
    noun, number, prefix = hit
    if after_count and t.joined(i) and (
            prefix == "" or number == "singular" and prefix == "و" and t.words[i].endswith("ا")):
        return None               # "رجل مسن", "شابين شقيقين": a description of those just counted
    start, end = t.starts[i] + len(prefix), t.ends[i]
    follow = t.next_word(i + 1)
    if number == "singular":
        prev = t.words[i - 1] if t.joined(i) else ""
        if prev in _NOT_COUNTED_BEFORE or (prev[:1] in "وفبلك" and prev[1:] in _NOT_COUNTED_BEFORE) \
                or _negated(t, i):
            return None
        if noun.adjectival and _strip_conj(prev) not in _CUES:
            return None
        value = 1
        if follow in _UNITS[1]:
            end = t.ends[i + 1]
    elif number == "dual" or _fatha_dual(f, t, i, noun) or (number == "plural" and follow in _UNITS[2]):
        value = 2  # شابين، مدنيَين، and "مدنيين اثنين" however it is voweled
        if follow in _UNITS[2]:
            end = t.ends[i + 1]
    else:
        return None
    return Quantity(start, end, value, noun=noun.lemma)


def _fatha_dual(f: Folded, t: TokenTable, i: int, noun: PersonNoun) -> bool:
    """A sound-plural spelling (مدنيين) read as a dual because the original has a fatha before
    its last ي (مدنيَين)."""
    end = t.ends[i]
    if not (noun.sound_plural and t.words[i].endswith("ين")) or end - t.starts[i] < 4:
        return False
    a, b = f.orig_at(end - 3), f.orig_at(end - 2)
    return "\u064e" in f.orig[a + 1:b]


def _strip_conj(w: str) -> str:
    """A cue behind و/ف or a fused preposition: "ومقتل", "لمقتل", "بمقتل", "ولمقتل"."""
    if len(w) > 3 and w[0] in "وفلب" and w[1:] in _CUES:
        return w[1:]
    return w[2:] if len(w) > 4 and w[0] in "وف" and w[1] in "لب" and w[2:] in _CUES else w


def parse_number(words: str) -> int | None:
    """The value of a string that is exactly one number ("خمسة وعشرين", "ثلاثمئة", "1,200",
    "٣ آلاف"), else None."""
    t = TokenTable(fold(words).text)
    if not t.words:
        return None
    found = _number_at(t, 0)
    if found is None or found[1] != len(t.words) or found[2] != t.starts[0]:
        return None
    return found[0]
