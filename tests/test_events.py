"""Triggers, clauses, cues and casualty figures on real sentences from Arabic reporting."""
from __future__ import annotations

import pytest

from extract.events import (EVENT_PRIORITY, SUB_PRIORITY, clauses, find_casualties, find_triggers, gravest,
                            modal_before, negated_clause, source_spans)
from extract.numbers import find_quantities
from extract.text import fold, fold_text


def triggers(text: str) -> list[tuple[str, str, str]]:
    folded = fold_text(text)
    return [(folded[t.start:t.end], t.event_type, t.sub_event_type) for t in find_triggers(folded)]


def tolls(text: str) -> list[tuple[str, int]]:
    f = fold(text)
    return [(c.outcome, c.value) for c in find_casualties(f.text, 0, len(f.text), find_quantities(f))]


@pytest.mark.parametrize("text, etype, sub", [
    ("واحتدمت المواجهات في بيت سوا بين القوات الحكومية ومسلحي جيش الإسلام", "battles", "armed-clash"),
    ("إن الاشتباكات مع عناصر التنظيم أدت إلى مقتل شابين", "battles", "armed-clash"),
    ("سيطر تنظيم داعش، الجمعة، على أجزاء من مدينة البوكمال", "battles", "non-state-actor-overtakes-territory"),
    ("نشت المقاتلات الحربية الروسية غارات جوية", "explosions", "air-drone-strike"),
    ("قصفا مدفعيا للقوات التركية على مدينة عفرين", "explosions", "shelling-artillery-missile-attack"),
    ("جراء انفجار عبوة ناسفة داخل سيارة", "explosions", "remote-explosive-landmine-ied"),
    ("بعد هجوم تخلله 10 عمليات انتحارية", "explosions", "suicide-bomb"),
    ("36 مدنيا خطفوا الأربعاء من قرية الشبكي", "violence-against-civilians", "abduction-forced-disappearance"),
    ("أعلن فيه أبناء جاسم تمديد حظر التجوال لليوم الثاني", "strategic-developments", "change-to-group-activity"),
    ("كما دخلت أرتال عسكرية من أبناء مدن وبلدات درعا", "strategic-developments", "change-to-group-activity"),
    ("النظام قام بقطع الكهرباء والخبز عن سكان جاسم", "strategic-developments", "other"),
    ("وقطعت قوات النظام صباح اليوم المياه والخبز عن أحياء المدينة", "strategic-developments", "other"),
])
def test_trigger_types(text: str, etype: str, sub: str) -> None:
    assert (etype, sub) in {(e, s) for _, e, s in triggers(text)}


def test_an_outage_is_no_cut() -> None:
    # "انقطاع الكهرباء" befalls a town; "قطع الطريق" is no service cut
    assert triggers("يعاني الأهالي من انقطاع الكهرباء عن الحي") == []
    assert triggers("وتمكن من قطع الطريق بين البلدتين") == []


@pytest.mark.parametrize(("text", "kind"), [
    ("ألقت قوى الأمن القبض على خلية تابعة للتنظيم", ("strategic-developments", "arrests")),
    ("وجرى إلقاء القبض على ثلاثة مطلوبين", ("strategic-developments", "arrests")),
    ("احتجزت القوات راعيين قرب البلدة", ("strategic-developments", "arrests")),
])
def test_arrest_verbs(text: str, kind: tuple[str, str]) -> None:
    assert [t[1:] for t in triggers(text)] == [kind]


def test_longest_trigger_wins() -> None:
    # the ceasefire is an agreement, not a shooting
    assert [t[1:] for t in triggers("أو حتى وقف إطلاق النار في جميع أنحاء البلاد")] == [
        ("strategic-developments", "agreement")]
    # nor is the short form of a ceasefire
    assert [t[1:] for t in triggers("وصمد وقف النار على جبهات إدلب")] == [("strategic-developments", "agreement")]
    # dawn (فجر) is not a bombing
    assert triggers("شنت الولايات المتحدة فجر السبت ضربات")[0][1:] == ("explosions", "air-drone-strike")
    assert len(triggers("شنت الولايات المتحدة فجر السبت ضربات")) == 1


def test_priority_orders() -> None:
    assert EVENT_PRIORITY[0] == "battles" and EVENT_PRIORITY[-1] == "strategic-developments"
    assert gravest({"shelling-artillery-missile-attack", "air-drone-strike"}, "explosions") == "air-drone-strike"
    assert all(set(subs) for subs in SUB_PRIORITY.values())


def test_clauses_cut_where_a_new_event_starts() -> None:
    text = fold_text("كثفت القوات القصف الصاروخي على مدن صيدا والطيبة، كما استهدفت السهول المحيطة ببلدة طفس "
                     "وسط اشتباكات عنيفة")
    parts = [text[a:b] for a, b in clauses(text, 0, len(text))]
    assert len(parts) == 2 and parts[1].startswith("كما")


def test_modality_and_negation() -> None:
    text = fold_text("هدد تنظيم الدولة الإسلامية بإعدام سيدات اختطفهن")
    t = find_triggers(text)[0]
    assert modal_before(text, 0, t.start)
    assert negated_clause(fold_text("لم تحقق هدنة الخمس ساعات اليومية أي تقدم"), 0, 40)
    assert not negated_clause(fold_text("قتل 9 أشخاص على الأقل جراء غارة"), 0, 30)


def test_source_spans_cover_who_reported() -> None:
    text = fold_text("قالت مصادر طبية في مشفى حمص المركزي لسكاي نيوز عربية، إن 21 عسكرياً قتلوا")
    ((a, b),) = source_spans(text, 0, len(text))
    assert "حمص" in text[a:b] and "قتلوا" not in text[a:b]


@pytest.mark.parametrize("text, expected", [
    # the seed: two young men of Jasim and one of Tafas killed, two wounded
    ("إن الاشتباكات مع عناصر التنظيم أدت إلى مقتل شابين من جاسم وشاب من مدينة طفس، وجرح اثنين من جاسم",
     [("killed", 2), ("killed", 1), ("wounded", 2)]),
    # "ما أدى لمقتلهم جميعاً" takes back the four leaders
    ("فجرت المجموعات المحلية منزلاً كان يتحصن فيه 4 قادة من تنظيم داعش، ما أدى لمقتلهم جميعاً",
     [("killed", 4)]),
    # a child's age is not a toll
    ("قتل طفل يبلغ من العمر 14 عاما يوم السبت", [("killed", 1)]),
    # "من بينهم 9 إيرانيين" is part of the 21
    ("إن 21 عسكرياً من بينهم 9 إيرانيين قتلوا خلال القصف الجوي", [("killed", 21)]),
    ("وأسفر عن مقتل 20 على الأقل واصابة عشرات صباح هذا اليوم", [("killed", 20), ("wounded", 12)]),
    ("قتل شخصان وأصيب آخرون بجروح، الأربعاء", [("killed", 2)]),
    ("جنديين تركيين قتلا في انفجار عبوة ناسفة", [("killed", 2)]),
    ("27 عنصرا من ميليشيات الدفاع الوطني قد لقوا حتفهم مساء السبت", [("killed", 27)]),
    ("نفذت الطائرات الروسية قرابة 60 ضربة في أقل من ثلاث ساعات", []),
])
def test_casualties(text: str, expected: list[tuple[str, int]]) -> None:
    assert tolls(text) == expected


def test_cumulative_tolls_are_marked() -> None:
    f = fold("ومع هذا القصف الجديد ترتفع الحصيلة إلى 709 قتلى منذ بدء حملة القصف")
    (c,) = find_casualties(f.text, 0, len(f.text), find_quantities(f))
    assert c.cumulative and c.value == 709
