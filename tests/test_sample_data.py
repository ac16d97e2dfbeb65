"""Checks sample_data/articles.jsonl: well-formed, and still covering what the extractor must meet.

The coverage figures are computed from the text itself (regexes over Arabic), so the test fails
if an edit loses a governorate, an event sub-type, an actor, a date form, a number form, the
orthographic noise of real writers, the no-incident articles or the duplicate pairs.
Run `uv run python tests/test_sample_data.py` to print the figures.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import pytest

from extract.model import Article

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "articles.jsonl"

KEYS = {"id", "published", "title", "outlet", "url", "text"}
YEARS = range(2019, 2026)
FALL_OF_ASSAD = date(2024, 12, 8)
NO_INCIDENT_SECTIONS = ("/economy/", "/world/", "/statements/", "/analysis/")

# Governorate -> real towns of it used in the articles (whole words; the governorate name itself counts).
GOVERNORATES: dict[str, tuple[str, ...]] = {
    "درعا": ("درعا", "جاسم", "طفس", "نوى", "الصنمين", "انخل", "داعل", "بصرى الشام", "الشيخ مسكين", "المزيريب"),
    "إدلب": ("إدلب", "معرة النعمان", "أريحا", "سرمدا", "خان شيخون", "كفرنبل", "جسر الشغور", "سرمين"),
    "حلب": ("حلب", "الباب", "عفرين", "منبج", "عين العرب", "دارة عزة", "تل رفعت"),
    "دير الزور": ("دير الزور", "الميادين", "البوكمال", "الشحيل", "الباغوز", "ذيبان", "البصيرة"),
    "الرقة": ("الرقة", "الطبقة", "المنصورة", "الكرامة"),
    "الحسكة": ("الحسكة", "القامشلي", "المالكية", "عامودا", "تل تمر", "الشدادي"),
    "حمص": ("حمص", "تلبيسة", "الرستن", "القصير", "السخنة"),
    "حماة": ("حماة", "مورك", "اللطامنة", "كفرزيتا", "سلحب", "صوران"),
    "ريف دمشق": ("ريف دمشق", "الغوطة الشرقية", "دوما", "حرستا", "مسرابا"),
    "السويداء": ("السويداء", "شهبا", "عرمان", "ملح", "القريا", "عتيل"),
    "القنيطرة": ("القنيطرة", "خان أرنبة", "جباتا الخشب", "الحميدية", "مسحرة"),
    "اللاذقية": ("اللاذقية", "جبلة", "بيت عانا"),
}

# events.csv id -> trigger words that report that kind of event.
EVENT_TRIGGERS: dict[str, str] = {
    "battles/armed-clash": r"اشتباك|اشتبك",
    "battles/government-regains-territory": r"سيطرت قوات النظام|استعادت القوات الحكومية السيطرة",
    "battles/non-state-actor-overtakes-territory": r"سيطرت فصائل المعارضة|سيطر(?:ت|وا) .{0,40}على (?:كامل|معظم)",
    "protests/peaceful-protest": r"وقفة احتجاجية|مظاهرة سلمية|تظاهر",
    "protests/protest-with-intervention": r"فرّق|فرقوا|فرّقوا",
    "riots/mob-violence": r"حشد غاضب|الشبان الغاضبين",
    "explosions/air-drone-strike": r"غار(?:ة|ات)|مسيّرة|مسيرة",
    "explosions/shelling-artillery-missile-attack": r"قصف (?:مدفعي|صاروخي)|قذائف|المدفعية",
    "explosions/remote-explosive-landmine-ied": r"عبوة ناسفة|مفخخة|لغم",
    "explosions/suicide-bomb": r"انتحاري|حزام(?:اً)? ناسف",
    "explosions/grenade": r"قنبلة يدوية",
    "violence-against-civilians/attack": r"اغتال|اغتيال|برصاص",
    "violence-against-civilians/abduction-forced-disappearance": r"خط(?:ف|فت|فوا)|اختطاف|اختطفت",
    "strategic-developments/arrests": r"اعتقل|اعتقال",
    "strategic-developments/change-to-group-activity": r"حظر تجو|رتل|أرتال|تعزيزات",
    "strategic-developments/agreement": r"اتفاق",
    "strategic-developments/disrupted-weapons-use": r"فكك|تفكيك|أسقطت|ضبطت .{0,20}شحنة|أزالت",
    "strategic-developments/looting-property-destruction": r"نهب|أحرق|جرّف|هدمت",
    "strategic-developments/headquarters-or-base-established": r"إنشاء قاعدة|تنشئ قاعدة|نقطة عسكرية جديدة",
}

# actors.csv id -> the names the articles use for it (aliases of actors.csv and natural variants).
ACTOR_NAMES: dict[str, str] = {
    "syria-regime-forces": r"قوات النظام|قوات الأسد|الفرقة الرابعة|الأمن العسكري|المخابرات الجوية",
    "pro-regime-militias": r"الدفاع الوطني|الميليشيات الموالية",
    "syria-transitional-forces": r"الأمن العام|وزارة الدفاع السورية|وزارة الداخلية السورية|القوات الحكومية",
    "russia-forces": r"الطيران (?:الحربي )?الروسي|الشرطة العسكرية الروسية|طائرات حربية روسية|روسيا",
    "iran-backed-militias": r"الميليشيات الإيرانية|الحرس الثوري|مدعومة من إيران",
    "hezbollah": r"حزب الله",
    "isis": r"داعش|تنظيم الدولة",
    "hts": r"هيئة تحرير الشام|تحرير الشام",
    "opposition-factions": r"فصائل المعارضة|الفصائل",
    "sna": r"الجيش الوطني",
    "eighth-brigade": r"اللواء الثامن",
    "central-committees": r"اللجان المركزية",
    "sdf": r"قوات سوريا الديمقراطية|قسد|وحدات حماية الشعب",
    "turkey-forces": r"الجيش التركي|القوات التركية|الطيران (?:الحربي )?التركي|مسيّرة تركية|المدفعية التركية",
    "us-led-coalition": r"التحالف الدولي|القوات الأمريكية|مروحيات أمريكية",
    "israel-forces": r"الطيران الإسرائيلي|الجيش الإسرائيلي|مسيّرة إسرائيلية|قوات إسرائيلية",
    "jordan-forces": r"الجو الأردني|الجيش الأردني",
    "druze-factions": r"رجال الكرامة|فصائل (?:محلية )?درزية",
    "tribal-forces": r"العشائر",
    "local-armed-groups": r"مسلحين محليين|مسلحون محليون|المسلحين المحليين|مجموعات محلية|المجموعات المحلية",
    "unidentified-armed-group": r"مسلحون مجهولون|مسلحين مجهولين|مجهولون|مجهولين",
    "civilians": r"مدنيين|مدنيون|مدنيَين|مدنيان|المدنيين|الأهالي",
    "civil-defense": r"الدفاع المدني|الخوذ البيضاء",
}

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # date.weekday() order
WEEKDAY = "|".join(WEEKDAYS)
MONTHS = ("كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول"
          "|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر")

# Date expressions an extractor must resolve against the publication date.
DATE_FORMS: dict[str, str] = {
    "today": r"اليوم",
    "yesterday": r"(?<!يوم )أمس(?! الأول)",
    "yesterday+weekday": rf"يوم أمس (?:{WEEKDAY})",
    "day before yesterday": r"أمس الأول",
    "dawn today": r"فجر اليوم",
    "evening+weekday": rf"مساء (?:{WEEKDAY})",
    "night of+weekday": rf"ليلة (?:{WEEKDAY})",
    "three days ago": r"منذ ثلاثة أيام",
    "absolute day+month": rf"[0-9٠-٩]{{1,2}} (?:{MONTHS})",
    "eastern arabic digits": r"[٠-٩]",
}
# Phrases naming a weekday that must agree with the publication date: (regex, days before publication).
WEEKDAY_CLAIMS = (
    (rf"(?:اليوم|فجر اليوم|صباح اليوم|ظهر اليوم|مساء اليوم) ({WEEKDAY})", 0),
    (rf"(?<!يوم )(?<!مساء )أمس (?!الأول)({WEEKDAY})", 1),
    (rf"يوم أمس ({WEEKDAY})", 1),
    (rf"أمس الأول ({WEEKDAY})", 2),
)

NUMBER_FORMS: dict[str, str] = {
    "dual noun": r"شابين|قتيلين|طفلين|عنصرين|مدنيَين|مدنيان|طفلان|راعيين|ناشطَين|مسلحَين",
    "number word + noun": r"(?:ثلاثة|أربعة|اربعة|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة) (?:أطفال|عناصر|مدنيين|أشخاص|شبان)",
    "compound number word": r"(?:أحد|اثنا|اثني|ثلاثة|أربعة|خمسة|ستة|سبعة|ثمانية|تسعة) عشر",
    "approximately": r"نحو (?:عشرين|[0-9]+|خمسين)",
    "dozens": r"عشرات",
    "digits + noun": r"[0-9٠-٩]+ (?:عناصر|مدنيين|شبان|أشخاص|آخرين|قتلى)",
}

ORTHOGRAPHY: dict[str, str] = {
    "hamza dropped": r"\b(?:اربعة|اطلاق|امس|الامن|اصابة|اكد|افاد|الاخباري)\b",
    "harakat": r"[\u064B-\u0652]",
    "arabic comma": r"،",
    "curly quotes": r"“[^”\n]+”",
}

VICTIM = re.compile(
    r"(?:الشاب|الطفل|الطفلة|المدعو|السيدة|الرجل|المسن|الناشط|المصور|العنصر|القيادي|المعلم|الصحفي|العامل)"
    r" “?[^\s“”،.]+(?: [^\s“”،.]+){1,3}”?.{0,60}?(?:من|المنحدر من|من أهالي|من أبناء) "
    r"(?:بلدة|قرية|مدينة|أهالي|أبناء|حي)? ?[^\s،.]+"
)
QUOTED_NAME = re.compile(r"“[^”\s]+(?: [^”\s]+){1,3}”")
SEQUEL_MARK = re.compile(r"وفي سياق (?:منفصل|آخر)|أما يوم|وفي مدينة|وفي بلدة|وفي ريف|وفي الجنوب|ففي")
CASUALTY_LEAD = re.compile(r"(?:قُتل|مقتل|أصيب|إصابة)[^.\n]{0,80}(?:اليوم|أمس)|(?:اليوم|أمس)[^.\n]{0,80}(?:قُتل|مقتل|أصيب|إصابة)")
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def load(path: Path = SAMPLE) -> list[dict]:
    """Read the JSONL file; a bad line fails with the file and line number."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise AssertionError(f"{path}:{n}: not JSON ({e})") from e
    return rows


def found(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def towns_in(text: str) -> set[str]:
    return {t for towns in GOVERNORATES.values() for t in towns if found(rf"(?<!\w){t}(?!\w)", text)}


def governorates_in(text: str) -> set[str]:
    return {g for g, towns in GOVERNORATES.items() if any(found(rf"(?<!\w){t}(?!\w)", text) for t in towns)}


def is_no_incident(a: dict) -> bool:
    return any(s in a["url"] for s in NO_INCIDENT_SECTIONS)


def day_offsets(text: str) -> set[int]:
    """Days before publication that the article's relative date words point at."""
    offsets = set()
    if found(r"اليوم", text):
        offsets.add(0)
    if found(r"أمس(?! الأول)", text):
        offsets.add(1)
    if found(r"أمس الأول", text):
        offsets.add(2)
    if found(r"منذ ثلاثة أيام", text):
        offsets.add(3)
    return offsets


def numbers_in(text: str) -> set[str]:
    words = r"[0-9٠-٩]+|اثنا عشر|أحد عشر|ثلاثة عشر|ستة عشر|سبعة عشر|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة|عشرين"
    return set(re.findall(words, text))


def duplicate_pairs(rows: list[dict]) -> list[tuple[str, str]]:
    """Different outlets, published at most a day apart, the same town in both headlines."""
    pairs = []
    for a, b in combinations(rows, 2):
        if a["outlet"] == b["outlet"]:
            continue
        gap = abs(date.fromisoformat(a["published"]) - date.fromisoformat(b["published"]))
        if gap <= timedelta(days=1) and towns_in(a["title"]) & towns_in(b["title"]):
            pairs.append((a["id"], b["id"]))
    return pairs


def coverage(rows: list[dict]) -> dict[str, object]:
    corpus = "\n".join(a["text"] for a in rows)
    return {
        "articles": len(rows),
        "years": sorted({int(a["published"][:4]) for a in rows}),
        "governorates": sorted({g for a in rows for g in governorates_in(a["text"])}),
        "event sub-types": sorted(e for e, p in EVENT_TRIGGERS.items() if found(p, corpus)),
        "actor ids": sorted(i for i, p in ACTOR_NAMES.items() if found(p, corpus)),
        "date forms": sorted(k for k, p in DATE_FORMS.items() if found(p, corpus)),
        "number forms": sorted(k for k, p in NUMBER_FORMS.items() if found(p, corpus)),
        "named victims with hometown": len(VICTIM.findall(corpus)),
        "quoted names": len(QUOTED_NAME.findall(corpus)),
        "multi-incident articles": sorted(
            a["id"] for a in rows
            if not is_no_incident(a) and len(day_offsets(a["text"])) >= 2 and found(SEQUEL_MARK.pattern, a["text"])),
        "no-incident articles": sorted(a["id"] for a in rows if is_no_incident(a)),
        "duplicate pairs": duplicate_pairs(rows),
        "orthography": sorted(k for k, p in ORTHOGRAPHY.items() if found(p, corpus)),
        "tatweel headlines": sorted(a["id"] for a in rows if "\u0640" in a["title"]),
    }


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load()


@pytest.fixture(scope="module")
def cov(rows: list[dict]) -> dict[str, object]:
    return coverage(rows)


def test_at_least_sixty_articles_with_unique_ids(rows):
    ids = [a["id"] for a in rows]
    assert len(rows) >= 60
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"sample-\d{3}", i) for i in ids)


def test_each_line_is_a_valid_project_article(rows):
    for n, a in enumerate(rows, 1):
        where = f"{SAMPLE.name}:{n} ({a.get('id')})"
        assert set(a) == KEYS, where
        art = Article.from_dict(a)
        assert art.published == date.fromisoformat(a["published"]), where
        assert re.fullmatch(r"https://example\.(org|net|com)/\S+", a["url"]), where
        assert 600 <= len(a["text"]) <= 2500, f"{where}: {len(a['text'])} characters"


def test_text_is_headline_then_clean_paragraphs(rows):
    for a in rows:
        paras = a["text"].split("\n\n")
        assert paras[0] == a["title"], a["id"]
        assert len(paras) >= 4, a["id"]
        assert all(p and p == p.strip() and "\n" not in p for p in paras), a["id"]
        assert not CONTROL.search(a["text"]), a["id"]
        assert unicodedata.normalize("NFC", a["text"]) == a["text"], a["id"]
        assert a["text"].count("“") == a["text"].count("”"), f"{a['id']}: unbalanced quotes"


def test_every_year_2019_to_2025(cov):
    assert set(YEARS) <= set(cov["years"])


def test_governorates(cov):
    assert len(cov["governorates"]) >= 10, cov["governorates"]


def test_event_sub_types_exist_and_are_covered(cov, shared_dir):
    with (shared_dir / "eval" / "events.csv").open(encoding="utf-8") as fh:
        known = {row["id"] for row in csv.DictReader(fh)}
    assert set(EVENT_TRIGGERS) <= known
    assert len(cov["event sub-types"]) >= 16, cov["event sub-types"]


def test_actor_ids_exist_and_are_covered(cov, shared_dir):
    with (shared_dir / "eval" / "actors.csv").open(encoding="utf-8") as fh:
        known = {row["id"] for row in csv.DictReader(fh)}
    assert set(ACTOR_NAMES) <= known
    assert len(cov["actor ids"]) >= 18, cov["actor ids"]


def test_general_security_is_hts_before_the_fall_of_assad(rows):
    """'الأمن العام' names the transitional government's forces only after 8 December 2024;
    before that it may only be HTS's security service, named as such in the same sentence."""
    for a in rows:
        if date.fromisoformat(a["published"]) >= FALL_OF_ASSAD:
            continue
        for sentence in re.split(r"[.\n]", a["text"]):
            if "الأمن العام" in sentence:
                assert "هيئة تحرير الشام" in sentence, a["id"]
    assert any("الأمن العام" in a["text"] for a in rows if a["published"] >= "2025")


def test_date_forms(cov):
    assert set(cov["date forms"]) == set(DATE_FORMS)


def test_weekday_names_agree_with_publication_date(rows):
    checked = 0
    for a in rows:
        published = date.fromisoformat(a["published"])
        for pattern, days_before in WEEKDAY_CLAIMS:
            for name in re.findall(pattern, a["text"]):
                day = published - timedelta(days=days_before)
                assert WEEKDAYS[day.weekday()] == name, f"{a['id']}: {name} is not {day}"
                checked += 1
    assert checked >= 40


def test_number_forms(cov):
    assert set(cov["number forms"]) == set(NUMBER_FORMS)


def test_named_victims(cov):
    assert cov["named victims with hometown"] >= 25
    assert cov["quoted names"] >= 60


def test_multi_incident_articles(cov):
    assert len(cov["multi-incident articles"]) >= 10


def test_no_incident_articles(rows, cov):
    assert 6 <= len(cov["no-incident articles"]) <= 8
    for a in rows:
        if is_no_incident(a):
            assert not CASUALTY_LEAD.search(a["text"]), f"{a['id']} reads like an incident report"


def test_duplicate_pairs_have_different_tolls(rows, cov):
    by_id = {a["id"]: a for a in rows}
    assert len(cov["duplicate pairs"]) >= 2
    for x, y in cov["duplicate pairs"]:
        assert numbers_in(by_id[x]["text"]) != numbers_in(by_id[y]["text"]), (x, y)


def test_orthography_of_real_writers(cov):
    assert set(cov["orthography"]) == set(ORTHOGRAPHY)
    assert cov["tatweel headlines"]


def test_not_copied_from_the_eval_set_or_the_seed(rows, shared_dir):
    """No run of ten words is shared with the seed or the dev articles."""
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text)
        return {tuple(words[i:i + 10]) for i in range(len(words) - 9)}

    theirs = shingles((shared_dir / "seed" / "jasim-article.txt").read_text(encoding="utf-8"))
    dev = shared_dir / "eval" / "dev.articles.jsonl"
    for line in dev.read_text(encoding="utf-8").splitlines():
        theirs |= shingles(json.loads(line)["text"])
    for a in rows:
        assert not shingles(a["text"]) & theirs, a["id"]


if __name__ == "__main__":
    for key, value in coverage(load()).items():
        shown = value if not isinstance(value, list) else f"{len(value)}: {', '.join(map(str, value))}"
        print(f"{key}: {shown}")
