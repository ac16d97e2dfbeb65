"""The actor lexicon over real phrasing: attached forms, adjectives, back-references."""
from __future__ import annotations

import csv

import pytest

from extract.actors import actor_rows, find_actors
from extract.text import fold_text


def ids(text: str) -> list[str]:
    return [m.actor_id for m in find_actors(fold_text(text))]


@pytest.mark.parametrize("text, expected", [
    ("قصف مدفعي لقوات النظام على المدينة", ["syria-regime-forces"]),
    ("تعرضت البلدة بقصف روسي عنيف", ["russia-forces"]),
    ("وداعش يتبنى الهجوم", ["isis"]),
    ("للجان المركزية غربي درعا", ["central-committees"]),
    ("غارة تركية استهدفت المستشفى", ["turkey-forces"]),
    ("القصف الجوي الإسرائيلي على مطار الضبعة", ["israel-forces"]),
    ("المقاتلات الحربية الروسية", ["russia-forces"]),
    ("الطيران الحربي الروسي", ["russia-forces"]),
    ("غارات للطائرات الأمريكية", ["us-led-coalition"]),
    ("جنديين تركيين قتلا في انفجار", ["turkey-forces"]),
    ("إطلاق نار من مسلحين موالين للنظام", ["pro-regime-militias"]),
    ("اشتباكات مع قوات سوريا الديموقراطية", ["sdf"]),
    ("هجمات مفاجئة شنها مسلحو تنظيم الدولة الإسلامية", ["isis"]),
    ("أعلن فيه أبناء جاسم تمديد حظر التجوال", ["local-armed-groups"]),
    ("باستهداف طائرة مسيّرة تركية سيارة عسكرية", ["turkey-forces"]),     # a drone's nationality
    ("مسيّرة تركية تقتل عنصرين", ["turkey-forces"]),
])
def test_attached_forms_and_adjectives(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("اندلعت اشتباكات بين فصائل درزية ومسلحين من العشائر", ["druze-factions", "tribal-forces"]),
    ("هاجم مسلحون دروز حاجزاً لقوات الأمن العام", ["druze-factions", "syria-transitional-forces"]),
    ("بين فصائل محلية درزية وعناصر الأمن العام", ["druze-factions", "syria-transitional-forces"]),  # the last adjective
    ("استعادت مجموعات عشائرية السيطرة على القرية", ["tribal-forces"]),
    ("وقتل عنصران من الفصائل المحلية في ريف درعا", ["local-armed-groups"]),
    ("هاجمت الفصائل المسلحة مواقع قوات النظام", ["opposition-factions", "syria-regime-forces"]),  # no community
])
def test_community_adjectives_name_the_armed_men(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("قالت وزارة الدفاع الروسية إنها قصفت", ["russia-forces"]),
    ("وزارة الدفاع التركية", ["turkey-forces"]),
    ("الطيران الحربي الروسي", ["russia-forces"]),
    ("عناصر الأمن العام السوري", ["syria-transitional-forces"]),     # a Syrian state keeps its day's
    ("توغلت قوة إسرائيلية في البلدة", ["israel-forces"]),
    ("دخلت آليات تركية إلى القرية", ["turkey-forces"]),
    ("قصفت الفرقة 25 مهام خاصة البلدة", ["syria-regime-forces"]),   # the Tiger Forces renamed, 2019
])
def test_ministries_units_and_vehicles_name_their_forces(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize("text", [
    "وأكدت وكالة إنترفاكس الروسية",          # a Russian news agency is no Russian force
    "صواريخ سقطت داخل الأراضي السورية",       # Syrian territory is not the regime
    "وذكر المرصد السوري لحقوق الإنسان",
    "أحد عناصر التنظيم من أبناء المدينة",      # a hometown, not the town's fighters
    "وقال إن الطفلين هما أبناء “خالد الدياب”",  # the sons of a named person
])
def test_no_actor_where_an_adjective_or_noun_names_nobody(text: str) -> None:
    assert "russia-forces" not in ids(text)
    assert "syria-regime-forces" not in ids(text)
    assert "local-armed-groups" not in ids(text)


@pytest.mark.parametrize("text, expected", [
    ("ويتحصن المقاتلون الأكراد في المدينة", ["sdf"]),          # the lexicon has "المقاتلين الأكراد"
    ("هاجم مسلحون موالون للنظام الحاجز", ["pro-regime-militias"]),
    ("أطلق مسلحين مجهولين النار على السيارة", ["unidentified-armed-group"]),
])
def test_a_plural_names_its_group_in_either_case(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("تقدم الجيش التركي والفصائل السورية الموالية له", ["turkey-forces", "sna"]),
    ("قتل عناصر من القوات الحكومية ومسلحين متحالفين معها", ["syria-regime-forces", "pro-regime-militias"]),
    ("هاجمت فصائل موالية لتركيا القرية", ["sna"]),
    ("هاجمت فصائل المعارضة القرية", ["opposition-factions"]),        # loyal to no state
])
def test_armed_men_loyal_to_a_state_are_its_auxiliaries(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


def test_the_gunmen_are_the_armed_men_told_last() -> None:
    assert ids("اشتباكات بين مسلحين محليين وقوات النظام، وأسر المسلحون عنصرا") == \
        ["local-armed-groups", "syria-regime-forces", "local-armed-groups"]
    assert ids("وأسر المسلحون عنصرا") == ["opposition-factions"]


def test_the_organisation_refers_back_to_the_last_one_named() -> None:
    text = "مقتل 4 قادة من تنظيم داعش في جاسم، ضمن حملة ضد عناصر وخلايا التنظيم في المدينة"
    assert ids(text) == ["isis", "isis"]
    # with no organisation named before, "التنظيم" names nobody
    assert ids("ضمن حملة ضد عناصر التنظيم في المدينة") == []
    # "الهيئة" after Hayat Tahrir al-Sham
    assert ids("هاجمت هيئة تحرير الشام مواقع ثم انسحبت الهيئة") == ["hts", "hts"]


def test_the_army_is_the_army_named_last_or_syrias() -> None:
    text = "اتفاق بين مسلحي المعارضة والجانب الروسي، وقالت القيادة إن الجيش استعاد السيطرة على معظم البلدات"
    assert ids(text)[-1] == "syria-regime-forces"           # not "الجانب الروسي", a state but no army
    text = "قصف الجيش التركي مواقع الوحدات، وقال الجيش إن اثنين من جنوده قتلا في انفجار"
    assert ids(text)[-1] == "turkey-forces"


def test_longest_alias_wins_over_its_prefix() -> None:
    assert ids("الجيش السوري الحر") == ["opposition-factions"]
    assert ids("قوات النظام السوري") == ["syria-regime-forces"]


def test_offsets_point_at_the_mention() -> None:
    folded = fold_text("قصف لقوات النظام")
    (m,) = find_actors(folded)
    assert folded[m.start:m.end] == "لقوات النظام"


def test_every_shared_id_is_kept_with_its_parent(shared_dir) -> None:
    with open(shared_dir / "eval" / "actors.csv", encoding="utf-8") as f:
        shared = {r["id"]: r for r in csv.DictReader(f)}
    rows = {r["id"]: r for r in actor_rows()}
    assert set(shared) <= set(rows)
    for aid, r in shared.items():
        assert (rows[aid]["parent"] or "") == r["parent"]
        assert set(r["aliases_ar"].split("|")) <= set(rows[aid]["aliases_ar"])
        assert rows[aid]["name_ar"] == rows[aid]["aliases_ar"][0]


def test_every_alias_finds_its_own_actor() -> None:
    wrong = [(alias, row["id"], ids(alias)) for row in actor_rows() for alias in row["aliases_ar"]
             if ids(alias)[:1] != [row["id"]]]
    assert wrong == []
