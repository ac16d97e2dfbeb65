"""Scope: what an article tells that is no incident (GUIDE rules 1 and 9), on sentences written
for these tests; and the scope model's data file."""
from __future__ import annotations

import json
from datetime import date

import pytest

from extract import DATA_DIR
from extract.model import Article, Incident
from extract.pipeline import extract_article, scored_candidates
from extract.scope import FEATURES, in_scope, probability

PUBLISHED = date(2018, 7, 17)     # a Tuesday


def read(text: str) -> list[Incident]:
    return extract_article(Article(id="t", published=PUBLISHED, text=text))


@pytest.mark.parametrize("text", [
    # abroad
    "قتل سبعة أشخاص وأصيب عشرون آخرون، اليوم الثلاثاء، في انفجار سيارة مفخخة وسط مدينة الموصل شمالي "
    "العراق، بحسب مصادر أمنية عراقية.",
    # an anniversary
    "أحيا ناشطون، اليوم السبت، الذكرى السنوية الخامسة للهجوم الكيماوي على بلدة زملكا في الغوطة الشرقية، "
    "الذي قتل فيه مئات المدنيين عام 2013.",
    # a statement
    "قال وزير الخارجية الروسي، اليوم الخميس، إن بلاده تدعم جهود الحكومة السورية لإعادة الاستقرار إلى "
    "محافظة حماة، ودعا الدول الغربية إلى وقف تدخلها.",
    # a threat
    "هدد قائد عسكري في قوات النظام، اليوم الأحد، بشن هجوم واسع على مدينة جسر الشغور إذا لم تنسحب "
    "الفصائل المسلحة منها خلال أيام.",
    # a report, published today, about an old event
    "خلص تقرير للجنة تحقيق دولية، نشر اليوم الأربعاء، إلى أن غارة جوية على سوق بلدة أريحا في عام 2016 "
    "أودت بحياة 40 مدنيا.",
])
def test_what_did_not_happen_here_lately_is_no_incident(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize("text", [
    "قتل سبعة أشخاص اليوم في انفجار سيارة مفخخة في لبنان.",
    "أسقطت الدفاعات الجوية اليوم طائرة مسيرة قرب بحيرة طبريا.",
])
def test_a_country_abroad_named_as_where_is_no_incident(text: str) -> None:
    assert read(text) == []


def test_a_country_named_as_a_side_does_not_put_the_event_abroad() -> None:
    """"قصفت إسرائيل …" names who struck, not where: with no place named, the event is in Syria."""
    (i,) = read("قصفت إسرائيل فجر اليوم مستودعات للذخيرة تابعة لقوات النظام، ما أدى إلى مقتل ثلاثة عناصر.")
    assert (i.date, i.place.name, i.event_type, i.killed) == (PUBLISHED, "سوريا", "explosions", 3)


def test_an_event_told_plainly_is_kept() -> None:
    (i,) = read("قتل ثلاثة مدنيين وأصيب خمسة آخرون، أمس الاثنين، جراء قصف مدفعي لقوات النظام على بلدة "
                "كفرنبل في ريف إدلب الجنوبي.")
    assert (i.date, i.place.pcode, i.event_type, i.killed, i.wounded) == \
        (date(2018, 7, 16), "C4068", "explosions", 3, 5)


def test_the_model_decides_what_the_reader_found() -> None:
    text = ("شنت طائرات حربية روسية، مساء أمس، غارات على مدينة معرة النعمان جنوبي إدلب، ما أدى إلى مقتل "
            "طفلين.\nوكان المبعوث الأممي قد قال في جنيف إن \"القتال في إدلب قد يؤدي إلى كارثة إنسانية لم "
            "يشهدها العالم من قبل\".")
    scored = scored_candidates(Article(id="t", published=PUBLISHED, text=text))
    kept = read(text)
    assert len(scored) == 2           # the reader makes a battle of the envoy's words; the model drops it
    assert kept == [inc for inc, x in scored if in_scope(x)]
    assert all(len(x) == len(FEATURES) and 0.0 <= probability(x) <= 1.0 for _, x in scored)
    assert [(i.place.pcode, i.killed) for i in kept] == [("C3985", 2)]


def test_the_weights_file_is_for_these_features() -> None:
    data = json.loads((DATA_DIR / "scope.json").read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES and len(data["weights"]) == len(FEATURES)
    assert 0.0 < data["threshold"] < 1.0
