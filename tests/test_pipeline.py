"""extract_article end to end: the seed article, real sentences, and hostile input."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.model import Article, Incident
from extract.pipeline import extract_article
from extract.places import lookup


def article(text: str, published: date = date(2018, 7, 17)) -> Article:
    return Article(id="t", published=published, text=text)


def one(text: str, published: date = date(2024, 3, 10)) -> Incident:
    """The one incident a text reports (the test fails if it reports none or several)."""
    (incident,) = extract_article(article(text, published))
    return incident


@pytest.fixture(scope="module")
def seed(seed_text: str) -> list[Incident]:
    return extract_article(Article(id="seed", published=date(2022, 10, 15), text=seed_text))


def _clash(incidents: list[Incident], day: date) -> Incident:
    (hit,) = [i for i in incidents if i.date == day and i.event_type == "battles"]
    return hit


@pytest.mark.parametrize("day", [date(2022, 10, 15), date(2022, 10, 14)])
def test_seed_clashes_in_jasim(seed: list[Incident], day: date) -> None:
    i = _clash(seed, day)
    assert i.sub_event_type == "armed-clash"
    assert (i.place.name, i.place.pcode, i.place.admin1) == ("جاسم", "C6111", "درعا")
    assert {"local-armed-groups", "isis"} <= set(i.actors)


def test_seed_tolls(seed: list[Incident]) -> None:
    today, friday = _clash(seed, date(2022, 10, 15)), _clash(seed, date(2022, 10, 14))
    assert today.killed == 4                  # "4 قادة … ما أدى لمقتلهم جميعاً"
    # 2 + 1 locals ("شابين من جاسم وشاب من مدينة طفس"), and the 5 ISIS dead the source lists
    assert 3 <= friday.killed <= 8 and friday.wounded == 2


def test_seed_named_dead_with_home_villages(seed: list[Incident]) -> None:
    friday = _clash(seed, date(2022, 10, 14))
    homes = {v.name: v.hometown for v in friday.victims}
    expected = {"أيوب فضل جباوي": "برقا", "فيصل أيهم الحلقي": "جاسم", "حمد ياسر حمد": "عين ذكر",
                "أبو عمر الحمصي": "حمص"}
    assert set(homes) == set(expected)
    for name, town in expected.items():
        assert homes[name] == lookup(town, "درعا").name
    assert {v.actor for v in friday.victims} == {"isis"}
    assert {v.outcome for v in friday.victims} == {"killed"}


def test_a_quoted_list_of_the_dead_goes_on_past_a_hometown() -> None:
    text = ("قُتل عنصران من قوات سوريا الديمقراطية، مساء أمس الأربعاء، بغارة على سيارة قرب مدينة القامشلي. "
            "وقال المراسل إن القتيلين هما “آزاد محمد حسو” من القامشلي، و“شيار عبد الله خليل” من مدينة الدرباسية.")
    i = one(text, date(2021, 10, 21))
    assert [v.name for v in i.victims] == ["آزاد محمد حسو", "شيار عبد الله خليل"]
    assert i.victims[1].hometown == "الدرباسية"


@pytest.mark.parametrize(("text", "names"), [
    ("قتل طفلان، اليوم الأحد، جراء قصف مدفعي لقوات النظام على بلدة كفرنبل في ريف إدلب الجنوبي، "
     "والطفلان هما “علي” و“مريم” من عائلة الحسن.", ["علي", "مريم"]),
    ("قتل ثلاثة مدنيين، اليوم الأحد، بقصف جوي روسي على مدينة معرة النعمان، بينهم “خالد أحمد العمر”.",
     ["خالد أحمد العمر"]),
    ("قتل شاب، اليوم الأحد، برصاص مجهولين قرب بلدة طفس، وهو “محمد سليمان الزعبي” (25 عاماً).",
     ["محمد سليمان الزعبي"]),
    ("قتل ثلاثة عناصر من قوات النظام، اليوم الأحد، بهجوم لخلايا تنظيم الدولة في بادية الميادين. "
     "ونشرت صفحات موالية صوراً للعنصر “حسن علي يوسف” المنحدر من قرية بيت ياشوط.", ["حسن علي يوسف"]),
    ("قتل عشرة مقاتلين، اليوم الأحد، بينهم “فيلق الشام”، في معارك مع قوات النظام في ريف حماة.", []),
])
def test_quoted_names_after_they_are_among_them_and_fused_titles(text: str, names: list[str]) -> None:
    """"والطفلان هما “علي” و“مريم”": a lone given name right after its noun; "بينهم “…”", "وهو
    “…”", "صوراً للعنصر “…”" (a title with a fused preposition); a quoted group is no one."""
    i = one(text, date(2019, 5, 12))
    assert [v.name for v in i.victims] == names


@pytest.mark.parametrize(("tail", "names"), [
    ("وهم: أحمد محمد الخطيب، وعلي حسن الخطيب، ووليد يوسف العلي.",
     ["أحمد محمد الخطيب", "علي حسن الخطيب", "وليد يوسف العلي"]),
    ("والقتلى هم: أحمد محمد الخطيب، وعلي حسن الخطيب، فيما أصيب خمسة آخرون بجروح.",
     ["أحمد محمد الخطيب", "علي حسن الخطيب"]),
    ("وهم: ثلاثة أطفال، ووالدتهم.", []),
])
def test_an_unquoted_list_of_names_after_a_colon(tail: str, names: list[str]) -> None:
    text = "قتل ثلاثة مدنيين، اليوم الأحد، بقصف لقوات النظام على بلدة كنصفرة، " + tail
    i = one(text, date(2019, 5, 12))
    assert [v.name for v in i.victims] == names


@pytest.mark.parametrize(("text", "killed"), [
    ("قتل ثلاثة مدنيين، اليوم الأحد، بقصف لقوات النظام على بلدة كنصفرة، وهم: طفلان وامرأة.", 3),
    ("قتل خمسة مدنيين، اليوم الأحد، بقصف لقوات النظام على بلدة كنصفرة، هم 3 أطفال وامرأتان.", 5),
])
def test_a_breakdown_after_they_are_restates_the_figure(text: str, killed: int) -> None:
    i = one(text, date(2019, 5, 12))
    assert i.killed == killed


def test_a_place_after_a_name_with_in_is_where_it_happened_not_his_home() -> None:
    text = "اغتال مسلحون مجهولون، اليوم الأحد، المدعو أحمد سعيد الحريري في بلدة المزيريب بريف درعا الغربي."
    i = one(text, date(2019, 5, 12))
    assert i.place.pcode == lookup("المزيريب", "درعا").pcode
    assert i.victims[0].hometown is None


@pytest.mark.parametrize(("text", "killed"), [
    ("قتل الشاب محمد خالد العبود، اليوم الأحد، برصاص مجهولين في مدينة الميادين.", 1),
    ("لقي الطفل “أحمد محمد العلي” حتفه، اليوم الأحد، بانفجار لغم في بلدة المزيريب.", 1),
    ("قتل ثلاثة مدنيين، اليوم الأحد، بقصف على بلدة كنصفرة. "
     "ونعت صفحات محلية الشاب “أحمد محمد العلي” الذي قتل في القصف.", 3),
])
def test_a_named_dead_man_is_one_killed(text: str, killed: int) -> None:
    """The killing names its dead with no figure: one each; a figure given already counts them."""
    i = one(text, date(2019, 5, 12))
    assert i.killed == killed


@pytest.mark.parametrize(("text", "wounded"), [
    ("قتل شخصان وأصيب 14 في قصف على مدينة إدلب اليوم.", 14),          # "في" starts a place, not a share
    ("قالت مصادر محلية إن شخصين لقيا حتفهما وأصيب 14 اليوم في قصف على مدينة إدلب.", 14),   # no days
    ("قتل شخصان في قصف على مدينة إدلب اليوم، وارتفعت نسبة الدمار إلى 14 في المئة.", 0),
])
def test_a_bare_figure_counts_people_unless_a_unit_follows(text: str, wounded: int) -> None:
    i = one(text)
    assert (i.killed, i.wounded) == (2, wounded)


@pytest.mark.parametrize("text", [
    "أطلق مجهولون النار على شاب في بلدة طفس بريف درعا الغربي اليوم، ما أدى لمقتله.",
    "فتح مسلحون النار على شاب في بلدة طفس بريف درعا الغربي اليوم، ما أدى لمقتله.",
    "أطلق مسلحون مجهولون النار، صباح اليوم، على شاب في بلدة طفس بريف درعا الغربي، ما أدى لمقتله.",
])
def test_fire_opened_on_someone_by_a_named_subject_is_a_shooting(text: str) -> None:
    i = one(text)
    assert (i.event_type, i.place.name, i.killed) == ("violence-against-civilians", "طفس", 1)


@pytest.mark.parametrize(("text", "place"), [
    ("خرج المئات من أهالي مدينة السويداء اليوم في مظاهرة في ساحة الكرامة للمطالبة برحيل النظام.", "السويداء"),
    ("تظاهر أبناء بلدة جاسم اليوم احتجاجاً على الاعتقالات.", "جاسم"),
])
def test_a_protest_naming_only_its_people_is_where_they_are_from(text: str, place: str) -> None:
    i = one(text)
    assert (i.event_type, i.place.name) == ("protests", place)


def test_a_protest_of_residents_stays_in_the_town_the_story_is_about() -> None:
    text = ("شنت قوات سوريا الديمقراطية اليوم حملة اعتقالات في مدينة الطبقة غربي الرقة. "
            "وخرج أهالي حي الوحدة اليوم في احتجاج أمام مقر الإدارة المدنية رفضاً للحملة.")
    protest = next(i for i in extract_article(article(text, date(2024, 9, 16))) if i.event_type == "protests")
    assert protest.place.pcode == lookup("الطبقة", "الرقة").pcode


@pytest.mark.parametrize(("text", "killed"), [
    ("خرج العشرات من أهالي بلدة طفس اليوم في مظاهرة تنديداً بمقتل ثلاثة شبان برصاص مجهولين.", 0),
    ("أحرق محتجون مبنى البلدية في مدينة داعل اليوم، احتجاجاً على مقتل شاب تحت التعذيب.", 0),
    ("فرقت قوات النظام بالرصاص مظاهرة في بلدة طفس اليوم خرجت احتجاجاً على الاعتقالات، ما أدى لمقتل متظاهر.", 1),
])
def test_the_dead_a_protest_is_against_are_not_its_own(text: str, killed: int) -> None:
    i = one(text)
    assert (i.event_type, i.killed) == ("protests", killed)


def test_a_figure_of_them_counts_the_people_named_before() -> None:
    text = ("انفجر لغم أرضي بسيارة تقل عمالاً زراعيين على طريق السخنة – تدمر في بادية حمص الشرقية اليوم، "
            "ما أدى إلى مقتل خمسة منهم.")
    i = one(text)
    assert (i.killed, i.actors) == (5, ("civilians",))


@pytest.mark.parametrize("text", [
    "كمن مسلحون لدورية من قوات النظام قرب بلدة الصنمين اليوم، وقتلوا ثلاثة عناصر منهم.",
    "نصب مسلحون كميناً لدورية من قوات النظام قرب بلدة الصنمين اليوم، وقتلوا ثلاثة عناصر منهم.",
])
def test_an_ambush_is_a_fight_not_a_patrol(text: str) -> None:
    i = one(text)
    assert (i.event_type, i.killed) == ("battles", 3)


def test_a_speaker_telling_what_it_did_is_a_side() -> None:
    text = ("أعلنت قوات سوريا الديمقراطية أنها أحبطت محاولة تسلل لخلايا تنظيم داعش إلى بلدة ذيبان اليوم، "
            "وقتلت اثنين منهم.")
    i = one(text)
    assert (i.event_type, set(i.actors), i.killed) == ("battles", {"sdf", "isis"}, 2)


def test_a_detainee_who_died_is_one_killed() -> None:
    text = "توفي معتقل من أبناء مدينة دوما تحت التعذيب في سجن صيدنايا اليوم، بحسب ما أبلغت عائلته."
    i = one(text)
    assert (i.event_type, i.killed) == ("violence-against-civilians", 1)


@pytest.mark.parametrize("text", [
    "انفجرت عبوة ناسفة بحافلة عسكرية على أوتوستراد دمشق – درعا قرب بلدة خربة غزالة اليوم.",
    "خطف مسلحون تاجراً على طريق دمشق – السويداء قرب بلدة خربة غزالة اليوم.",
])
def test_a_town_by_a_road_from_the_capital_is_where_on_the_road(text: str) -> None:
    i = one(text)
    assert i.place.name == "خربة غزالة"


@pytest.mark.parametrize("text", [
    "قصفت قوات النظام بلدة كفرنبل اليوم، ما أدى لمقتل مدني.",
    "قصفت قوات النظام بلدة كفرنبل اليوم، وتسبب القصف بمقتل مدني.",
])
def test_a_civilian_after_a_fused_casualty_word_is_one(text: str) -> None:
    i = one(text)
    assert i.killed == 1


def test_each_name_of_a_list_after_the_killing_is_one_killed_and_not_his_killers() -> None:
    text = ("قتل الشاب “أحمد محمد الزعبي” من بلدة المسيفرة، والشاب “خالد علي الحريري” من بلدة الجيزة، "
            "برصاص مجهولين في مدينة بصرى الشام، اليوم.")
    i = one(text)
    assert i.killed == 2
    assert [(v.hometown, v.actor) for v in i.victims] == [("المسيفرة", None), ("الجيزة", None)]


def test_a_detainee_named_as_he_died_is_one_killed_and_not_his_jailers() -> None:
    text = ("قضى المعتقل “محمود حسن العبدالله”، من أبناء مدينة داريا، تحت التعذيب في سجون النظام، "
            "وفق ما أبلغت عائلته اليوم.")
    i = one(text)
    assert (i.killed, i.victims[0].hometown, i.victims[0].actor) == (1, "داريا", None)


@pytest.mark.parametrize(("text", "toll"), [
    ("أصيب الطفل “عمر خالد السعدي” (10 أعوام) بجروح بليغة جراء انفجار لغم في بلدة نوى اليوم.", (0, 1)),
    ("قتل الشاب “أحمد العلي” وأصيب الشاب “خالد الحسن” برصاص مجهولين في بلدة طفس اليوم.", (1, 1)),
    ("أصيب ثلاثة أطفال بينهم الطفل “عمر السعدي” بانفجار لغم في بلدة نوى اليوم.", (0, 3)),   # one of the three
])
def test_a_man_named_as_he_is_wounded_is_one_wounded(text: str, toll: tuple[int, int]) -> None:
    i = one(text)
    assert (i.killed, i.wounded) == toll


def test_a_suicide_bomber_blowing_himself_up_is_a_suicide_bombing() -> None:
    """"نفسه" after an indefinite word is reflexive, not "the same (attack)"."""
    text = "فجر انتحاري نفسه بحزام ناسف عند حاجز في مدينة حمص اليوم، ما أدى لمقتل ثلاثة عناصر."
    i = one(text)
    assert (i.sub_event_type, i.killed) == ("suicide-bomb", 3)


def test_a_claim_in_a_sentence_of_its_own_names_who_did_the_attack() -> None:
    text = "انفجرت سيارة مفخخة في مدينة اعزاز اليوم، ما أدى لمقتل خمسة مدنيين. وتبنى تنظيم داعش العملية عبر وكالة أعماق."
    i = one(text)
    assert set(i.actors) == {"isis", "civilians"}


def test_a_claimant_is_no_side_of_the_next_clause_that_names_none() -> None:
    text = ("انفجرت سيارة مفخخة عند حاجز في مدينة الميادين اليوم، ما أدى لمقتل أربعة عناصر. ونشرت "
            "الميليشيات تعزيزات في المدينة عقب التفجير، فيما تبنى تنظيم داعش العملية.")
    bombing, deployment = extract_article(article(text, date(2024, 3, 10)))
    assert ("isis" in bombing.actors, "isis" in deployment.actors) == (True, False)


@pytest.mark.parametrize(("name", "governorate"), [("بادية دير الزور", "دير الزور"), ("بادية حمص الشرقية", "حمص")])
def test_the_desert_of_a_governorate_is_named_as_written(name: str, governorate: str) -> None:
    i = one(f"قتل 12 عنصراً من قوات النظام اليوم في هجمات لتنظيم داعش في {name}.")
    assert (i.place.name, i.place.pcode, i.place.admin1) == (name, None, governorate)


@pytest.mark.parametrize(("text", "kind"), [
    ("قتل عنصر من الجيش الوطني برصاص قناص من قسد على محور تل تمر اليوم.", ("battles", "armed-clash")),
    ("قتل مدني برصاص قناص من قسد في مدينة الباب اليوم.", ("violence-against-civilians", "attack")),
    ("اغتال مسلحون مجهولون اليوم عضو مجلس بلدة الكرامة، ما أدى لمقتله، ويرجح الأهالي وقوف خلايا التنظيم "
     "وراء العملية.", ("violence-against-civilians", "attack")),
])
def test_a_fighter_shot_by_the_other_side_is_a_clash(text: str, kind: tuple[str, str]) -> None:
    i = one(text)
    assert (i.event_type, i.sub_event_type) == kind


@pytest.mark.parametrize(("text", "kind", "toll"), [
    ("استُشهد ثلاثة مدنيين بينهم طفلة جراء قصف مدفعي على مدينة دارة عزة اليوم.", "explosions", (3, 0)),
    ("أصيب خمسة أشخاص في مشاجرة عشائرية استخدمت فيها الأسلحة النارية في بلدة الشحيل اليوم.", "riots", (0, 5)),
    ("اندلع اقتتال بين فصيلين من الجيش الوطني في مدينة عفرين اليوم، ما أدى لمقتل عنصرين.", "battles", (2, 0)),
])
def test_martyrdom_brawls_and_infighting(text: str, kind: str, toll: tuple[int, int]) -> None:
    i = one(text)
    assert (i.event_type, (i.killed, i.wounded)) == (kind, toll)


def test_arrests_told_with_a_fight_are_part_of_it() -> None:
    text = ("وأضاف المراسل أن طيران التحالف الدولي شن يوم أمس الجمعة غارات على مبانٍ في محيط سجن غويران "
            "بمدينة الحسكة يتحصن فيها مهاجمون، فيما أعلنت قسد مقتل ثلاثين مهاجماً على الأقل واعتقال أكثر من مئة فار.")
    i = one(text, date(2022, 1, 22))
    assert (i.event_type, i.date, i.killed) == ("battles", date(2022, 1, 21), 30)
    assert "sdf" in i.actors


def test_an_assault_opened_by_a_bombing_is_a_battle() -> None:
    text = ("وكان عناصر من التنظيم قد شنوا مساء الخميس هجوماً على سجن غويران بمدينة الحسكة بدأ بتفجير "
            "سيارتين مفخختين عند بوابته، وقُتل في الهجوم سبعة عشر عنصراً من قسد.")
    i = one(text, date(2022, 1, 22))
    assert (i.event_type, i.sub_event_type, i.date, i.killed) == ("battles", "armed-clash", date(2022, 1, 20), 17)


def test_what_the_dead_man_did_not_get_to_do_is_no_incident() -> None:
    text = ("وقال المراسل إن عربات قسد طوقت المنازل المستهدفة في قرية المحمودلي غربي مدينة الطبقة، اليوم السبت، "
            "وإن اشتباكاً قصيراً دار مع أحد المطلوبين أسفر عن مقتله قبل أن يفجر حزاماً ناسفاً كان يرتديه.")
    i = one(text, date(2022, 6, 11))
    assert (i.event_type, i.killed) == ("battles", 1)


def test_arrests_in_a_raid_with_a_fight_are_the_battle() -> None:
    text = ("نفذت قوات التحالف الدولي بمشاركة قوات سوريا الديمقراطية، فجر اليوم السبت، عملية إنزال جوي في قرية "
            "المحمودلي غربي مدينة الطبقة بريف الرقة، اعتقلت خلالها ثلاثة أشخاص يُشتبه بانتمائهم لتنظيم داعش.\n"
            "وقال المراسل إن اشتباكاً قصيراً دار مع أحد المطلوبين أسفر عن مقتله.")
    i = one(text, date(2022, 6, 11))
    assert (i.event_type, i.killed) == ("battles", 1)
    assert {"us-led-coalition", "sdf", "isis"} <= set(i.actors)


def test_where_a_blast_was_heard_is_not_where_it_hit() -> None:
    text = ("شن الطيران الإسرائيلي فجر اليوم الثلاثاء غارة جوية على ساحة الحاويات في ميناء اللاذقية التجاري.\n"
            "وقالت المصادر إن الصواريخ أُطلقت من فوق البحر المتوسط غرب المدينة، وإن دوي الانفجارات سُمع في "
            "أحياء اللاذقية وصولاً إلى مدينة جبلة.")
    incidents = extract_article(article(text, date(2021, 12, 28)))
    assert [(i.place.name, i.event_type) for i in incidents] == [("اللاذقية", "explosions")]


def test_a_country_named_as_a_border_is_no_side() -> None:
    text = ("قُتل ثلاثة مدنيين، اليوم الجمعة، بقصف مدفعي لقوات النظام على بلدة خربة الجوز القريبة من الحدود مع تركيا.")
    i = one(text, date(2018, 3, 16))
    assert set(i.actors) == {"syria-regime-forces", "civilians"}


def test_bombardment_tied_to_a_ground_battle_is_part_of_it() -> None:
    text = ("سيطرت قوات النظام مساء أمس الثلاثاء على مدينة معرة النعمان، بعد أيام من المعارك العنيفة مع فصائل المعارضة.\n"
            "وقال المراسل إن قوات النظام دخلت المدينة الخالية تقريباً من السكان بعد انسحاب مقاتلي الفصائل نحو القرى "
            "الواقعة شمالها، بالتزامن مع قصف مدفعي وجوي مكثف طال الطريق الدولي ومحيطه.")
    incidents = extract_article(article(text, date(2020, 1, 29)))
    assert [(i.place.name, i.event_type) for i in incidents] == [("معرة النعمان", "battles")]


def test_foreign_strikes_on_syria_target_its_state() -> None:
    text = ("قال مسؤولون بالإدارة الأمريكية، إن صواريخ كروز استخدمت في الضربات التي نفذتها الولايات المتحدة "
            "الأمريكية وبريطانيا وفرنسا ضد أهداف في سوريا.")
    i = one(text, date(2018, 4, 14))
    assert (i.place.name, i.event_type) == ("سوريا", "explosions")
    assert set(i.actors) == {"us-led-coalition", "syria-regime-forces"}


def test_strikes_at_the_time_of_a_ground_assault_are_the_battle() -> None:
    text = ("شن طيران التحالف الدولي بقيادة واشنطن فجر اليوم الأحد غارات مكثفة على مخيم الباغوز، آخر جيب لتنظيم "
            "الدولة الإسلامية شرقي دير الزور، تزامناً مع استئناف قوات سوريا الديمقراطية (قسد) هجومها البري على المنطقة.")
    i = one(text, date(2019, 3, 10))
    assert i.event_type == "battles"
    assert {"us-led-coalition", "sdf", "isis"} <= set(i.actors)


def test_protesters_are_the_actors_of_a_protest() -> None:
    text = ("قتيلان بقصف مدفعي تركي على أحياء القامشلي ومظاهرة ضد العملية العسكرية\n\n"
            "وفي سياق متصل، خرج المئات من أهالي القامشلي ظهر اليوم في مظاهرة سلمية جابت الشارع العام، رفعوا "
            "خلالها لافتات تطالب بوقف العملية العسكرية التركية وحماية المدنيين، وانفضت دون حوادث.")
    (i,) = [i for i in extract_article(article(text, date(2019, 10, 14))) if i.event_type == "protests"]
    assert (i.sub_event_type, i.actors) == ("peaceful-protest", ("civilians",))


def test_people_kept_away_are_no_side_of_a_deployment_but_the_arrested_are() -> None:
    moved = ("وانتشرت دوريات من الأمن العسكري صباح اليوم الأربعاء في محيط مكان الاستهداف، "
             "ومنعت الأهالي من الاقتراب، كما أقامت حاجزاً مؤقتاً على مدخل خان أرنبة الجنوبي.")
    i = one(moved, date(2021, 1, 13))
    assert (i.sub_event_type, i.actors) == ("change-to-group-activity", ("syria-regime-forces",))
    arrested = ("اعتقل عناصر جهاز الأمن العام التابع لهيئة تحرير الشام، مساء أمس الاثنين، ناشطَين إعلاميين "
                "اثنين في مدينة سرمدا شمالي إدلب، بعد مداهمة منزليهما.")
    i = one(arrested, date(2022, 3, 15))
    assert (i.sub_event_type, set(i.actors)) == ("arrests", {"hts", "civilians"})


def test_an_unclaimed_planted_bomb_and_an_assassination() -> None:
    text = ("اغتال مسلحون مجهولون يوم أمس الجمعة القيادي السابق في فصائل المعارضة “خالد محمود الزعبي”، بإطلاق النار "
            "عليه أمام منزله في مدينة طفس بريف درعا الغربي.\n"
            "وفي سياق منفصل، انفجرت عبوة ناسفة أمس الأول الخميس بسيارة مدنية على الطريق الواصل بين مدينة نوى "
            "وبلدة الشيخ سعد، ما أدى إلى إصابة ثلاثة أشخاص بينهم طفلان.")
    shot, bomb = extract_article(article(text, date(2019, 1, 19)))
    assert shot.event_type == "violence-against-civilians" and "civilians" in shot.actors
    assert (bomb.sub_event_type, bomb.wounded) == ("remote-explosive-landmine-ied", 3)
    assert bomb.actors[0] == "unidentified-armed-group"


def test_fighting_with_no_place_is_where_the_next_sentence_puts_it() -> None:
    text = ("وتشن قوات سوريا الديمقراطية، منذ شهر، هجوما ضد آخر جيب يتحصن فيه التنظيم في دير الزور شرقي البلاد.\n"
            "من جانبه، بدأ التنظيم شن هجمات مضادة ضد تلك القوات، الجمعة، وتمكن من عرقلة تقدمها في المنطقة.\n"
            "وذكر المرصد أن تنظيم داعش يواصل هجماته المضادة في منطقة هجين، فيما تعمل قوات سوريا الديمقراطية "
            "جاهدة على صدها.")
    battles = [i for i in extract_article(article(text, date(2018, 10, 19))) if i.date == date(2018, 10, 19)]
    assert [i.place.name for i in battles] == ["هجين"]


def test_former_members_are_not_the_side_they_left() -> None:
    text = ("اغتال مسلحون مجهولون يوم أمس الجمعة القيادي السابق في فصائل المعارضة “خالد محمود الزعبي”، بإطلاق النار "
            "عليه أمام منزله في مدينة طفس بريف درعا الغربي.")
    i = one(text, date(2019, 1, 19))
    assert set(i.actors) == {"unidentified-armed-group", "civilians"}


def test_a_road_located_in_a_governorate_is_at_its_end_there() -> None:
    text = ("قُتل أربعة عشر عنصراً من قوات النظام، أمس الأول الخميس، بكمين نصبه عناصر من تنظيم الدولة لحافلة "
            "عسكرية على طريق السخنة – دير الزور في بادية حمص الشرقية.")
    i = one(text, date(2021, 3, 27))
    assert (i.place.name, i.place.admin1, i.killed) == ("السخنة", "حمص", 14)


def test_a_countryside_named_beside_the_town_taken_is_no_second_place() -> None:
    text = ("سيطرت قوات النظام والميليشيات المساندة لها، اليوم الجمعة، على كامل مدينة خان شيخون في ريف إدلب الجنوبي، "
            "بعد انسحاب فصائل المعارضة منها، لتُحكم بذلك الطوق على ريف حماة الشمالي.")
    i = one(text, date(2019, 8, 23))
    assert (i.place.name, i.sub_event_type) == ("خان شيخون", "government-regains-territory")


def test_an_event_placed_in_its_background_is_told_once() -> None:
    text = ("دخلت دوريات من الشرطة العسكرية الروسية، اليوم الخميس، إلى أحياء درعا البلد لبدء تنفيذ اتفاق التسوية.\n"
            "وبحسب مصدر من اللجان المركزية، فإن قوات النظام ستبدأ بتطبيق اتفاقات مماثلة في مدن وبلدات الريف الغربي، "
            "مثل طفس واليادودة والمزيريب.\n"
            "وجاء الاتفاق بعد حصار استمر أكثر من سبعين يوماً وتصعيد عسكري أسفر عن مقتل وجرح العشرات.")
    i = one(text, date(2021, 9, 9))
    assert (i.place.name, i.killed, i.wounded) == ("درعا", 0, 0)


def test_a_campaign_going_on_since_last_month_is_no_incident() -> None:
    text = ("وتتعرض مناطق ريفي إدلب الجنوبي وحماة الشمالي منذ نهاية نيسان/أبريل الماضي لحملة قصف جوي وبري مكثفة "
            "من قوات النظام وروسيا، تسببت بنزوح عشرات الآلاف نحو المناطق الحدودية مع تركيا.")
    assert extract_article(article(text, date(2019, 5, 12))) == []


def test_a_new_post_in_the_frame_of_ongoing_reinforcements() -> None:
    text = ("دخل رتل عسكري تركي جديد، صباح اليوم الثلاثاء، إلى محافظة إدلب عبر معبر كفرلوسين الحدودي.\n"
            "وقالت المصادر إن القوات التركية ثبتت نقطة عسكرية جديدة قرب بلدة المسطومة جنوب مدينة إدلب، في إطار "
            "تعزيزات متواصلة منذ أيام.")
    posts = [(i.date, i.sub_event_type) for i in extract_article(article(text, date(2020, 2, 11)))
             if i.place.name == "المسطومة"]
    assert posts == [(date(2020, 2, 11), "headquarters-or-base-established")]


def test_strikes_on_syrian_positions_are_placed_in_syria() -> None:
    text = ("وأصيب ثلاثة مدنيين يوم السبت بإطلاق نار على حاجز في مدينة دوما.\n"
            "بينما شنت الولايات المتحدة وبريطانيا وفرنسا فجر السبت ضربات على مواقع سورية.")
    strikes = [i for i in extract_article(article(text, date(2018, 4, 15))) if i.event_type == "explosions"]
    assert [(i.place.name, i.date) for i in strikes] == [("سوريا", date(2018, 4, 14))]


def test_seed_strategic_developments(seed: list[Incident]) -> None:
    moves = {(i.date, i.sub_event_type) for i in seed if i.event_type == "strategic-developments"}
    assert (date(2022, 10, 15), "change-to-group-activity") in moves   # the curfew, extended
    assert (date(2022, 10, 14), "change-to-group-activity") in moves   # convoys arrive on Friday


def test_seed_denied_claim_adds_no_regime_clash(seed: list[Incident]) -> None:
    # "وادّعت وسائل إعلام تابعة لنظام الأسد أن قوات النظام شنت … الأمر الذي نفاه المصدر"
    for i in seed:
        if i.event_type == "battles":
            assert "syria-regime-forces" not in i.actors


def test_evidence_spans_point_into_the_original(seed_text: str, seed: list[Incident]) -> None:
    for i in seed:
        assert i.evidence
        for s in i.evidence:
            assert seed_text[s.start:s.end] == s.text
    assert "لمقتلهم جميعاً" in _clash(seed, date(2022, 10, 15)).evidence_text


def test_harakat_keep_evidence_offsets_exact() -> None:
    text = "قُتِلَ 9 أشخاصٍ على الأقل، الجمعة، جراء غارةٍ تركية استهدفت المستشفى الرئيسي في مدينة عفرين."
    i = one(text, date(2018, 3, 16))
    assert i.evidence[0].text == text[i.evidence[0].start:i.evidence[0].end] == text
    assert (i.place.pcode, i.event_type, i.killed, i.date) == ("C1366", "explosions", 9, date(2018, 3, 16))
    assert "turkey-forces" in i.actors


def test_one_incident_per_place_in_a_list() -> None:
    text = "واستهدفت قوات النظام السوري قرى قصيبة وقرقس في ريف القنيطرة الأوسط بالمدفعية الثقيلة والصواريخ."
    incidents = extract_article(article(text))
    assert [(i.place.name, i.event_type, i.date) for i in incidents] == [
        ("القصيبة", "explosions", date(2018, 7, 17)), ("قرقس", "explosions", date(2018, 7, 17))]


def test_relative_days_and_separate_days() -> None:
    text = ("وذكر المرصد السوري أن التحالف استهدف قبل منتصف ليل الخميس بلدة السوسة بريف دير الزور، ما أسفر "
            "عن مقتل 18 مدنيا بينهم 7 أطفال.\nوكرر التحالف الدولي غاراته مجددا، الجمعة، على البلدة ذاتها "
            "موقعا 14 مدنيا، وأسفر القصف عن سقوط عشرات الجرحى.")
    incidents = extract_article(article(text, date(2018, 10, 19)))
    got = [(i.date, i.place.pcode, i.event_type, i.killed, i.wounded) for i in incidents]
    assert got == [(date(2018, 10, 18), "C5186", "explosions", 18, 0),
                   (date(2018, 10, 19), "C5186", "explosions", 14, 12)]
    assert all({"us-led-coalition", "civilians"} <= set(i.actors) for i in incidents)


@pytest.mark.parametrize("text", [
    # statements, reactions, forecasts, analysis: no incident (GUIDE rule 1)
    "وحذرت تل أبيب، دمشق من جراء اقتراب قواتها من هضبة الجولان.",
    "وتوقع مصدر في المعارضة تنفيذ بقية مراحل الاتفاق الأخرى في الأيام المقبلة.",
    "وتحذر الأمم المتحدة ومنظمات إنسانية من كارثة إنسانية في حال شن هجوم على إدلب.",
    "هدد تنظيم الدولة الإسلامية بإعدام سيدات اختطفهن في محافظة السويداء.",
    # a description ("تُعد", "is considered") tells the background, not an event
    "وكانت هذه المنطقة تعد منذ 2012 معقل الفصائل المعارضة قرب دمشق، وتعرضت لحصار محكم منذ 2013، قبل أن يغادر "
    "نحو نصفهم مع تقدم قوات النظام في المنطقة أو بموجب اتفاقات إجلاء.",
    # the terms of a deal, still to be met
    "وبحسب مصدر من لجنة التفاوض، فإن من يرفض الترحيل سيخضع لتسوية جديدة، على أن تنسحب تعزيزات الفرقة "
    "الرابعة من محيط مدينة الصنمين خلال ثمانٍ وأربعين ساعة.",
    # a road accident is not political violence
    "ذكرت وسائل إعلام أن 27 عنصرا قد لقوا حتفهم مساء السبت جراء حادث مروري على طريق أثريا.",
    # an event older than 30 days is not annotated (rule 9)
    "بدأ الجيش التركي هجوما عسكريا في يناير على وحدات حماية الشعب الكردية في منطقة عفرين.",
])
def test_no_incident(text: str) -> None:
    assert extract_article(article(text, date(2018, 3, 27))) == []


@pytest.mark.parametrize("text", [
    # a clause dated by a past month or year, however far from its verb, tells history (rule 9)
    "وفي شهر آب/أغسطس 2016، وفي ظل حشود تركية كبيرة على طول الحدود الشمالية للبلاد، اندلعت "
    "اشتباكات عنيفة في مدينة جرابلس.",
    "وفي عام 2015، وبعد حصار طويل للمدينة فرضته الفصائل المعارضة من كل الجهات، اندلعت اشتباكات في مدينة إدلب.",
])
def test_a_clause_dated_long_ago_is_history(text: str) -> None:
    assert extract_article(article(text, date(2018, 5, 2))) == []


def test_a_past_year_told_after_the_event_describes_its_people() -> None:
    # "العام الماضي" dates the settlement the young men made, not today's arrests
    text = ("اعتقلت دورية للأمن العسكري صباح اليوم ثلاثة شبان في بلدة كفر بطنا، بينهم الشاب “سامر محمود” "
            "من كفر بطنا، وهو من الذين أجروا التسوية مع النظام العام الماضي.")
    i = one(text, date(2019, 6, 18))
    assert (i.date, i.place.pcode, i.sub_event_type) == (date(2019, 6, 18), "C2319", "arrests")
    assert [v.name for v in i.victims] == ["سامر محمود"]


def test_a_clause_told_since_long_ago_is_still_today_s_news() -> None:
    # "المحاصرة منذ عام 2013" describes the place; the shelling is the day's
    text = "قتل خمسة مدنيين اليوم في قصف مدفعي على بلدة كفر بطنا المحاصرة منذ عام 2013 في الغوطة الشرقية."
    i = one(text, date(2018, 3, 2))
    assert (i.date, i.place.pcode, i.killed) == (date(2018, 3, 2), "C2319", 5)


def test_undated_past_event_has_no_date() -> None:
    text = "وقتل قبل أيام 45 مسلحا مواليا للنظام جراء هجمات متتالية للتنظيم في قرى شمال غرب البوكمال."
    i = one(text, date(2018, 6, 8))
    assert i.date is None and i.killed == 45 and i.event_type == "battles"


def test_running_total_covers_its_days() -> None:
    text = ("وقال المرصد إن عدد جنود النظام السوري الذين قتلوا في معركة السيطرة على الحجر الأسود منذ 19 "
            "أبريل الماضي ارتفع إلى 142 قتيلا، في حين ارتفع عدد قتلى داعش إلى 111 قتيلا.")
    i = one(text, date(2018, 5, 5))
    assert (i.date, i.date_end, i.killed) == (date(2018, 4, 19), date(2018, 5, 5), 253)


def test_no_place_named_is_syria() -> None:
    text = "قال مسؤولون إن صواريخ كروز استخدمت في الضربات التي نفذتها الولايات المتحدة ضد أهداف."
    i = one(text, date(2018, 4, 14))
    assert i.place.name == "سوريا" and i.place.pcode is None and "us-led-coalition" in i.actors


def test_headline_restates_the_body() -> None:
    text = ("مقتل خمسة مدنيين بانفجار سيارة مفخخة في الباب\n\n"
            "قُتل خمسة مدنيين وأصيب عشرون آخرون، اليوم الأحد، جراء انفجار سيارة مفخخة وسط سوق الخضار في "
            "مدينة الباب بريف حلب الشرقي.")
    i = one(text, date(2020, 8, 16))
    assert (i.place.pcode, i.killed, i.wounded) == ("C1202", 5, 20)
    assert i.evidence[0].text.startswith("مقتل خمسة")      # the headline is evidence too


def test_captured_are_not_killed() -> None:
    text = ("وأضاف أن اشتباكات اندلعت ليلة الخميس بين مسلحين محليين وقوات النظام على أطراف مدينة تلبيسة، "
            "قُتل خلالها ثلاثة عناصر من قوات النظام، وأسر المسلحون عنصراً آخر.")
    i = one(text, date(2022, 4, 19))
    assert (i.event_type, i.killed, i.date) == ("battles", 3, date(2022, 4, 14))


def test_arrest_victims_and_the_state() -> None:
    text = ("شنت دوريات تابعة للأمن العسكري، صباح اليوم الثلاثاء، حملة دهم واعتقال في مدينة حرستا، "
            "واقتادت الشبان إلى جهة مجهولة، بينهم الشاب “عبد الرحمن سليم طه” من مدينة دوما.")
    i = one(text, date(2019, 6, 18))
    assert (i.event_type, i.sub_event_type) == ("strategic-developments", "arrests")
    assert i.actors == ("syria-regime-forces", "civilians")   # not "جهة مجهولة", a destination
    (v,) = i.victims
    assert (v.name, v.hometown, v.outcome) == ("عبد الرحمن سليم طه", "دوما", "arrested")


@pytest.mark.parametrize(("text", "published"), [
    pytest.param("تحليل: خلايا داعش في درعا بعد معركة جاسم\nويقول الباحث إن مقتل زعيم التنظيم في مدينة جاسم شكّل "
                 "ضربة.", date(2020, 11, 25), id="analysis"),
    pytest.param("بدأت محكمة في مدينة هامبورغ الألمانية الاستماع إلى شهادات في قضية متهم بالمشاركة في اعتقال مدنيين "
                 "في حمص.", date(2020, 11, 25), id="trial abroad"),
    pytest.param("وتتعرض مدن الباب وعفرين وأعزاز بشكل متكرر لتفجيرات بسيارات مفخخة تستهدف الأسواق.",
                 date(2020, 11, 25), id="habit"),
    pytest.param("ونزح مئات المدنيين اليوم الأربعاء إلى مدينة أريحا هرباً من القصف.", date(2019, 6, 12),
                 id="what people flee"),
    pytest.param("ولجأت عشرات العائلات اليوم الأربعاء إلى مدينة أريحا بحثاً عن ملجأ يقيهم من الغارات الجوية.",
                 date(2019, 6, 12), id="what people shelter from"),
])
def test_texts_that_tell_no_incident(text: str, published: date) -> None:
    assert extract_article(article(text, published)) == []


def test_figures_go_to_the_place_named_with_them() -> None:
    text = ("وأضاف أن الطيران الروسي شن اليوم عشرات الغارات على محيط مدينة معرة النعمان وبلدتي التمانعة "
            "وكفرسجنة، ما أدى لمقتل مدنيَين اثنين في بلدة التمانعة.")
    incidents = extract_article(article(text, date(2019, 8, 23)))
    assert {i.place.name: i.killed for i in incidents} == {"معرة النعمان": 0, "التمانعة": 2, "كفرسجنة": 0}
    assert all(i.event_type == "explosions" and "russia-forces" in i.actors for i in incidents)


def test_an_earlier_event_told_in_passing_keeps_its_day() -> None:
    text = ("اندلعت اشتباكات اليوم الأربعاء بين فصائل محلية ومجموعة مسلحة في بلدة عتيل، بعد أن خطفت "
            "المجموعة شبانا يوم أمس الثلاثاء على طريق السويداء – شهبا، وأسفرت عن مقتل ستة من عناصر المجموعة.")
    incidents = extract_article(article(text, date(2022, 7, 27)))
    clash = [i for i in incidents if i.event_type == "battles"]
    assert [(i.date, i.place.name, i.killed) for i in clash] == [(date(2022, 7, 27), "عتيل", 6)]


@pytest.mark.parametrize("published, expected", [
    (date(2022, 3, 15), "hts"),                          # "الأمن العام" of Idlib was HTS's
    (date(2025, 1, 4), "syria-transitional-forces"),     # after December 2024, the state's
])
def test_state_security_by_date(published: date, expected: str) -> None:
    text = "اعتقل عناصر جهاز الأمن العام، مساء أمس، ناشطَين إعلاميين اثنين في مدينة سرمدا شمالي إدلب."
    i = one(text, published)
    assert i.actors[0] == expected and i.sub_event_type == "arrests"


def test_deterministic(seed_text: str) -> None:
    a = Article(id="seed", published=date(2022, 10, 15), text=seed_text)
    assert [i.to_guide() for i in extract_article(a)] == [i.to_guide() for i in extract_article(a)]


def test_guide_output_is_json(seed: list[Incident]) -> None:
    for i in seed:
        row = json.loads(json.dumps(i.to_guide(), ensure_ascii=False))
        assert row["event_type"] and row["place"]["name"]


# --- hostile input: total on any text --------------------------------------------------------------

_ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
_WORDS = ["مقتل", "قتل", "اشتباكات", "غارة", "في", "مدينة", "جاسم", "درعا", "من", "قرية", "“", "”", "،", ".",
          "4", "شابين", "اليوم", "أمس", "الجمعة", "منذ", "تنظيم", "داعش", "التنظيم", "المدعو", "\n", "<b>",
          "بين", "وسط", "كما", "على", "خلفية", "إلى", "ارتفعت", "الحصيلة", "جرح", "اثنين", "بينهم", "ريف"]


def _check(text: str) -> None:
    for i in extract_article(article(text)):
        for s in i.evidence:
            assert text[s.start:s.end] == s.text
        assert i.killed >= 0 and i.wounded >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_unicode(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(_ARABIC, max_size=6), max_size=60).map(" ".join))
def test_arabic_word_salad(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<a href='x'>", "&nbsp;", "script", "Jasim", "ISIS 2022",
                                 "\x1b[31m", "\u202e", "\u200f", "جاسم", "قتل 5", "غارة"]), max_size=40).map("".join))
def test_html_and_mixed_scripts(text: str) -> None:
    _check(text)


def test_empty_and_whitespace() -> None:
    for text in ("", " ", "\n\n", "\u200f", "."):
        assert extract_article(article(text)) == []


def test_one_megabyte_article_finishes(seed_text: str) -> None:
    text = (seed_text + "\n") * (1_000_000 // (len(seed_text) + 1) + 1)
    assert len(text) >= 1_000_000
    incidents = extract_article(article(text, date(2022, 10, 15)))
    assert incidents and all(text[s.start:s.end] == s.text for i in incidents for s in i.evidence)


def test_rasd_extract_writes_one_guide_line_per_article(tmp_path, seed_text: str) -> None:
    from io import StringIO

    from tui.cmd_extract import run_extract
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "published": "2022-10-15", "text": seed_text}, ensure_ascii=False)
                   + "\n{not json}\n\n" + json.dumps({"id": "b", "published": "2022-10-15", "text": ""}) + "\n",
                   encoding="utf-8")
    out = StringIO()
    assert run_extract(str(src), out) == 1                 # line 2 is bad, reported and skipped
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a"]                # "b" has empty text: Article refuses it
    assert rows[0]["incidents"] and all(i["evidence"] for i in rows[0]["incidents"])


def test_a_governorate_wide_place_is_named_as_the_governorate() -> None:
    i = one("سقطت قذائف صاروخية اليوم الأربعاء في محافظة القنيطرة دون أن تسفر عن إصابات.", date(2019, 6, 12))
    assert (i.place.name, i.place.pcode, i.place.admin1) == ("محافظة القنيطرة", "SY14", "القنيطرة")


def test_villages_on_the_border_of_a_region_are_not_in_it_nor_where_they_went() -> None:
    text = ("وصلت تعزيزات لقوات النظام إلى ريف محافظة القنيطرة. واستؤنفت اليوم الأربعاء عملية إجلاء مقاتلي "
            "المعارضة وعائلاتهم من قرى على حدود الجولان إلى منطقة في شمال سوريا.")
    i = one(text, date(2019, 6, 12))
    assert i.event_type == "strategic-developments"
    assert (i.place.name, i.place.pcode) == ("محافظة القنيطرة", "SY14")


def test_the_occupied_part_of_a_region_is_no_place_of_the_story() -> None:
    text = ("وصلت تعزيزات لقوات النظام إلى محافظة القنيطرة. وتسيطر القوات على تلال تطل على الجزء الذي تحتله "
            "إسرائيل من هضبة الجولان. وغادر المقاتلون المنطقة اليوم الأربعاء.")
    assert {i.place.name for i in extract_article(article(text, date(2019, 6, 12)))} == {"محافظة القنيطرة"}


def test_a_closing_retelling_with_no_place_or_figure_is_the_incident_told_before() -> None:
    text = ("قال ناشطون إن ثمانية مدنيين خطفوا أمس الثلاثاء من قرية الشبكي شرقي السويداء. وتعيش مدينة شهبا "
            "حالة من التوتر منذ أشهر. ويقول ناشطون إن المسلحين خطفوا الرهائن واقتادوهم إلى جهة مجهولة.")
    i = one(text, date(2019, 6, 12))
    assert (i.place.name, i.date, i.sub_event_type) == ("الشبكي", date(2019, 6, 11), "abduction-forced-disappearance")
    assert len(i.evidence) == 2


def test_an_undated_governorate_wide_mention_is_the_dated_incident_at_its_town() -> None:
    text = ("قال ناشطون إن ثمانية مدنيين خطفوا أمس الثلاثاء من قرية الشبكي شرقي السويداء. ويحتجز المسلحون "
            "رهائن خطفوا خلال مداهمتهم لمحافظة السويداء الأسبوع الماضي.")
    i = one(text, date(2019, 6, 12))
    assert (i.place.name, i.date) == ("الشبكي", date(2019, 6, 11))


def test_unnamed_villages_off_a_town_are_their_own_place_with_their_own_toll() -> None:
    text = ("قُتل ثلاثة عناصر من قوات النظام أمس الثلاثاء بهجوم لتنظيم داعش على مدينة الميادين. وقتل خمسة "
            "عناصر آخرين في هجمات للتنظيم على قرى جنوب شرق الميادين.")
    town, villages = extract_article(article(text, date(2019, 6, 12)))
    assert (town.place.pcode, town.killed) == ("C5192", 3)
    assert (villages.place.name, villages.place.pcode, villages.place.admin1) == \
        ("قرى جنوب شرق الميادين", None, "دير الزور")
    assert villages.killed == 5                # not a governorate total the town's dead account for


def test_local_factions_of_suwayda_are_its_druze_factions() -> None:
    text = ("اندلعت اشتباكات، اليوم الثلاثاء، بين فصائل محلية ومجموعة مسلحة تابعة للأمن العسكري في بلدة "
            "القريا بريف السويداء الجنوبي، ما أدى إلى مقتل ثلاثة من عناصر المجموعة.")
    found = extract_article(article(text, date(2023, 5, 16)))
    assert [(i.place.name, i.date) for i in found] == [("القريا", date(2023, 5, 16))]
    assert "druze-factions" in found[0].actors and "local-armed-groups" not in found[0].actors


def test_a_kunya_after_the_title_and_its_group_is_a_name() -> None:
    text = ("قتل القيادي في هيئة تحرير الشام أبو خالد الشامي، اليوم الأحد، بانفجار عبوة ناسفة استهدفت "
            "سيارته في مدينة سرمدا شمالي إدلب.")
    i = one(text, date(2023, 5, 14))
    assert [v.name for v in i.victims] == ["أبو خالد الشامي"]


def test_a_named_dead_man_after_his_title_and_group_is_one_killed() -> None:
    text = ("قتل القائد العسكري في جيش العزة “محمود سعيد العمر”، مساء اليوم الأحد، بغارة جوية روسية على "
            "بلدة اللطامنة في ريف حماة الشمالي.")
    i = one(text, date(2023, 5, 14))
    assert i.killed == 1


def test_a_body_found_killed_is_one_killed_by_violence_against_civilians() -> None:
    text = ("عثر أهالي بلدة المسيفرة شرقي درعا، صباح اليوم الأحد، على جثة شاب مقتولاً بطلقات نارية في أرض "
            "زراعية قرب البلدة.")
    i = one(text, date(2023, 5, 14))
    assert (i.event_type, i.sub_event_type, i.killed) == ("violence-against-civilians", "attack", 1)


def test_a_described_area_is_not_the_hometown_just_named() -> None:
    # "في المنطقة الحدودية" describes an area; it does not point back to the victim's home town
    text = ("استهدفت مسيّرة سيارة قرب بلدة خان أرنبة في ريف القنيطرة اليوم الثلاثاء، ما أدى لمقتل شخصين. "
            "وقال مصدر إن القتيلين هما “سامر خالد العلي” من بلدة حضر، ويعملان في المنطقة الحدودية. "
            "وكانت مسيّرة قد استهدفت أمس الاثنين سيارة قرب تلة مجاورة.")
    places = {i.place.name for i in extract_article(article(text, date(2024, 6, 4)))}
    assert "حضر" not in places and "خان أرنبة" in places


_TWO_TOWNS = ("قُتل سبعة مدنيين اليوم الأحد جراء قصف مدفعي لقوات النظام على مدينة سرمين وبلدة النيرب "
              "شرقي إدلب. ")


def test_the_dead_named_at_one_of_two_towns_go_to_that_town() -> None:
    text = _TWO_TOWNS + "وأضاف المراسل أن بين الضحايا في سرمين الطفل “يامن خالد الحسين” والمسن “عبد الله حسن الأحمد”."
    by_place = {i.place.name: i for i in extract_article(article(text, date(2020, 1, 12)))}
    assert {v.name for v in by_place["سرمين"].victims} == {"يامن خالد الحسين", "عبد الله حسن الأحمد"}
    assert not by_place["النيرب"].victims


@pytest.mark.parametrize("among", [
    "وأضاف المراسل أن بين الضحايا في سرمين الطفل “يامن خالد الحسين” وشقيقه.",
    "وأضاف المراسل أن بين الضحايا في سرمين طفلين من عائلة واحدة.",
])
def test_who_is_among_the_victims_was_counted_already(among: str) -> None:
    incidents = extract_article(article(_TWO_TOWNS + among, date(2020, 1, 12)))
    assert sum(i.killed for i in incidents) == 7


def test_a_named_man_killed_by_a_subject_told_first_is_one_dead() -> None:
    text = ("اغتال مسلحون مجهولون، مساء أمس الاثنين، الشاب “سامي عادل الخطيب” بإطلاق النار عليه قرب منزله "
            "في بلدة المزيريب بريف درعا الغربي.")
    i = one(text, date(2022, 3, 15))
    assert (i.date, i.killed) == (date(2022, 3, 14), 1)
    mukhtar = ("اغتال مسلحون مجهولون فجر اليوم مختار بلدة اليادودة “حسن علي المصري” أمام منزله في ريف درعا الغربي.")
    i = one(mukhtar, date(2022, 3, 15))
    assert i.killed == 1
    attempt = ("نجا المدعو “سامي عادل الخطيب” من محاولة اغتيال بإطلاق النار عليه في بلدة المزيريب بريف درعا.")
    assert all(i.killed == 0 for i in extract_article(article(attempt, date(2022, 3, 15))))


def test_names_told_among_the_dead_belong_to_the_deadly_incident() -> None:
    text = ("قُتل سبعة عناصر من قوات النظام، فجر اليوم الأحد، بهجوم لمسلحين مجهولين على حاجز عسكري في بلدة "
            "الصنمين بريف درعا الشمالي.\n"
            "وفرضت قوات النظام حظر تجوال في مدينة إزرع المجاورة حتى إشعار آخر.\n"
            "وبحسب المصدر، فإن من بين القتلى المجند “وسيم فايز الحمد” من مدينة جبلة، وهو من عناصر الحاجز "
            "المنتشرين هناك منذ أشهر.")
    attack, curfew = extract_article(article(text, date(2022, 3, 13)))
    assert (attack.place.name, attack.killed) == ("الصنمين", 7)
    assert [(v.name, v.outcome) for v in attack.victims] == [("وسيم فايز الحمد", "killed")]
    assert curfew.victims == ()


def test_a_risen_toll_told_before_its_event_is_that_event_s() -> None:
    text = ("تسعة قتلى من الأمن العام بهجمات لمسلحين على حواجز في ريف إدلب الشمالي\n"
            "ارتفعت حصيلة قتلى عناصر الأمن العام في الهجمات التي شنها مسلحون على حواجز في ريف إدلب الشمالي، "
            "فجر أمس الاثنين، إلى تسعة قتلى، بحسب مصدر أمني.\n"
            "وقال المصدر إن المسلحين هاجموا حاجزاً في بلدة كفرتخاريم، واشتبكوا مع العناصر لساعات قبل انسحابهم.")
    i = one(text, date(2022, 3, 15))
    assert (i.date, i.place.name, i.killed) == (date(2022, 3, 14), "كفر تخاريم", 9)


def test_of_them_after_the_wounded_and_one_family_are_no_new_figures() -> None:
    text = ("قُتل ثلاثة عناصر من قوات النظام وأصيب خمسة آخرون، اليوم الثلاثاء، بانفجار عبوة ناسفة في بلدة "
            "المليحة الغربية بريف درعا الشرقي.\n"
            "وقال المصدر إن الجرحى نُقلوا إلى مشفى درعا الوطني، وإن حالة ثلاثة منهم خطيرة.")
    i = one(text, date(2022, 3, 15))
    assert (i.killed, i.wounded) == (3, 5)
    executed = ("اعتقلت قوات النظام خمسة شبان، اليوم الثلاثاء، في بلدة المليحة الغربية بريف درعا الشرقي، "
                "ثم أعدمت ثلاثة منهم ميدانياً.")
    i = one(executed, date(2022, 3, 15))
    assert i.killed == 3
    family = ("قُتل ستة مدنيين، فجر اليوم الثلاثاء، جراء غارة جوية على منزل في بلدة كفرنبل بريف إدلب الجنوبي، "
              "والضحايا جميعهم من عائلة واحدة.")
    i = one(family, date(2022, 3, 15))
    assert i.killed == 6


def test_a_named_person_has_the_outcome_told_of_them() -> None:
    taken = ("فرّق عناصر من الأسايش، مساء أمس الأحد، وقفة احتجاجية لأهالي مدينة الشدادي أمام مقر البلدية، "
             "واعتقلوا خمسة من المحتجين، بينهم الناشط “ماجد خليل العساف” من قرية العريشة.")
    i = one(taken, date(2022, 3, 14))
    assert [(v.name, v.outcome) for v in i.victims] == [("ماجد خليل العساف", "arrested")]
    hurt = ("أصيب أربعة أطفال بجروح، ظهر اليوم الاثنين، جراء انفجار قنبلة عنقودية من مخلفات القصف في "
            "بلدة كفرنبل بريف إدلب الجنوبي.\n"
            "وقال المسعفون إن الأطفال نُقلوا إلى مشفى المدينة، وإن حالة أحدهم، الطفل “ياسر عمر الحسين”، حرجة.")
    i = one(hurt, date(2022, 3, 14))
    assert [(v.name, v.outcome) for v in i.victims] == [("ياسر عمر الحسين", "wounded")]


def test_people_named_by_their_trade_are_victims_not_places() -> None:
    text = ("قُتل مزارعان، اليوم الثلاثاء، بانفجار لغم أرضي في بلدة التمانعة بريف إدلب الجنوبي، هما المزارع "
            "“سعيد أحمد الخلف” والراعي “محمود علي الحسن”.")
    i = one(text, date(2022, 3, 15))
    assert [v.name for v in i.victims] == ["سعيد أحمد الخلف", "محمود علي الحسن"]


def test_what_a_man_is_charged_with_is_no_event_of_the_sentence() -> None:
    text = ("قُتل عنصر سابق في قوات النظام، مساء أمس السبت، بعد أن اعتدى عليه حشد غاضب بالضرب وسط مدينة الميادين "
            "شرقي دير الزور، إثر تعرف أهالٍ عليه بوصفه متورطاً في اعتقال شبان من المدينة قبل سنوات.")
    i = one(text, date(2025, 3, 2))
    assert (i.date, i.event_type, i.killed) == (date(2025, 3, 1), "riots", 1)


def test_a_hometown_told_after_names_listed_together_is_all_of_theirs() -> None:
    text = ("قُتل عنصران من الفيلق الخامس، اليوم الثلاثاء، بانفجار عبوة ناسفة في بلدة المليحة الشرقية بريف درعا "
            "الشرقي، هما “عماد سالم الحريري” و“فادي خالد الزعبي” من بلدة الجيزة.")
    i = one(text, date(2022, 3, 15))
    assert [v.hometown for v in i.victims] == ["الجيزة", "الجيزة"]
    each = ("قُتل عنصران، اليوم الثلاثاء، بانفجار عبوة ناسفة في بلدة المليحة الشرقية بريف درعا الشرقي، هما "
            "“عماد سالم الحريري” من مدينة بصرى الشام، و“فادي خالد الزعبي” من بلدة الجيزة.")
    i = one(each, date(2022, 3, 15))
    assert [v.hometown for v in i.victims] == ["بصرى الشام", "الجيزة"]


def test_the_town_of_a_group_is_the_hometown_of_those_named_among_it() -> None:
    text = ("خطف مسلحون مجهولون، اليوم الثلاثاء، ثلاثة شبان من بلدة الكرك الشرقي على طريق درعا، بينهم "
            "“فارس علي النابلسي”.")
    i = one(text, date(2022, 3, 15))
    assert [(v.name, v.hometown) for v in i.victims] == [("فارس علي النابلسي", "الكرك")]


def test_of_two_days_in_a_clause_the_one_after_the_event_verb_dates_it() -> None:
    text = ("وأضاف أن قوات الأمن العام طوقت البلدة صباح أمس الاثنين، وأقامت حواجز على مداخلها، واعتقلت اليوم "
            "الثلاثاء أربعة أشخاص يُشتبه بتورطهم في الجريمة في بلدة تلكلخ بريف حمص.")
    i = one(text, date(2025, 3, 4))
    assert (i.date, i.sub_event_type) == (date(2025, 3, 4), "arrests")


def test_a_member_named_after_his_unit_is_a_victim() -> None:
    text = "اغتال مسلحون مجهولون اليوم عنصر الأمن العسكري “سامر خليل الحوري” في بلدة طفس بريف درعا الغربي."
    i = one(text, date(2022, 3, 15))
    assert ([v.name for v in i.victims], i.killed) == (["سامر خليل الحوري"], 1)
    count = "قُتل عنصر من قوات النظام وأصيب عنصر آخر اليوم بانفجار عبوة ناسفة في بلدة طفس بريف درعا."
    i = one(count, date(2022, 3, 15))
    assert (i.victims, i.killed, i.wounded) == ((), 1, 1)


@pytest.mark.parametrize("text, killed, wounded", [
    # "وإصابة ثالث": a third man, one wounded (an ordinal, not a figure)
    ("انفجرت عبوة ناسفة اليوم بسيارة عسكرية لقوات النظام قرب بلدة طفس بريف درعا، ما أدى لمقتل عنصرين "
     "وإصابة ثالث بجروح.", 2, 1),
    # "وأصيب والده": a relative hurt is one wounded
    ("قُتل الشاب “سامر خليل الحوري”، اليوم الثلاثاء، برصاص مسلحين مجهولين أمام منزله في بلدة طفس "
     "بريف درعا، وأصيب والده بجروح.", 1, 1),
    # one figure for the dead and wounded together is neither (GUIDE rule 7)
    ("استهدف هجوم بطائرات مسيّرة، اليوم الخميس، حفلاً عسكرياً في مدينة حمص، ما أدى إلى مقتل وإصابة "
     "العشرات.", 0, 0),
    ("قالت مصادر طبية إن ستة مدنيين قُتلوا وأصيب اثنا عشر آخرون، اليوم الخميس، بقصف مدفعي على مدينة "
     "حمص.", 6, 12),
])
def test_one_incidents_toll(text: str, killed: int, wounded: int) -> None:
    i = one(text, date(2022, 3, 15))
    assert (i.killed, i.wounded) == (killed, wounded)


def test_a_claim_of_an_event_told_names_its_doer_not_a_new_event() -> None:
    text = ("قُتل عنصران من قوات سوريا الديمقراطية، صباح اليوم الأحد، بانفجار عبوة ناسفة استهدفت سيارتهما في "
            "بلدة ذيبان بريف دير الزور الشرقي.\n"
            "وأضاف المصدر أن قوات التحالف نفذت أمس عملية إنزال قرب بلدة الشدادي.\n"
            "وتبنى تنظيم داعش عبر معرفاته تفجير ذيبان، زاعماً أنه أسفر عن مقتل أربعة عناصر.")
    (bomb,) = [i for i in extract_article(article(text, date(2022, 3, 13))) if i.event_type == "explosions"]
    assert (bomb.date, bomb.killed, "isis" in bomb.actors) == (date(2022, 3, 13), 2, True)


def test_a_compass_point_off_the_town_points_back_to_the_town_just_named() -> None:
    text = ("قُتل ثلاثة عناصر، مساء أمس، بانفجار عبوة ناسفة في مدينة بصرى الشام.\n"
            "وفي سياق منفصل، اغتال مسلحون مجهولون فجر اليوم الشاب “قصي فرحان الحشيش” من مدينة طفس، بإطلاق "
            "النار عليه أثناء توجهه إلى عمله في الأراضي الزراعية غربي المدينة.")
    _, shot = extract_article(article(text, date(2022, 3, 15)))
    assert (shot.place.name, shot.killed) == ("طفس", 1)


@pytest.mark.parametrize(("text", "killed"), [
    ("قتل 12 مدنيا، اليوم الأحد، في غارات جوية على بلدة سراقب، ما تسبب بنزوح أكثر من خمسة آلاف شخص "
     "من البلدة.", 12),
    ("قصفت قوات النظام، اليوم الأحد، بلدة اللطامنة بالغازات السامة، ما أدى إلى مقتل أربعة مدنيين "
     "وتعرض 60 شخصا لحالات اختناق.", 4),
    ("قتل ستة مدنيين في قصف على مخيم اليرموك اليوم الأحد، حيث يعيش 3000 شخص محاصرين.", 6),
])
def test_the_displaced_the_exposed_and_the_besieged_are_not_the_dead(text: str, killed: int) -> None:
    assert one(text).killed == killed


def test_since_last_night_dates_the_strikes_and_each_listed_town_is_an_incident() -> None:
    text = ("شنت الطائرات الحربية عشرات الغارات منذ فجر اليوم، استهدفت بلدات الحراك والمليحة الشرقية وناحتة "
            "في ريف درعا الشرقي.")
    found = extract_article(article(text, date(2018, 7, 16)))
    assert [(i.date, i.place.pcode, i.event_type) for i in found] == [
        (date(2018, 7, 16), pcode, "explosions") for pcode in ("C6116", "C6117", "C6118")]


def test_who_struck_and_who_was_struck_when_the_text_names_one_side_or_none() -> None:
    raid = "شنت طائرات حربية غارات على بلدة حمورية، اليوم، ما أدى إلى مقتل خمسة مدنيين."
    # before the transition only the state's air force bombed: the unclaimed raid is its
    assert one(raid, date(2018, 3, 1)).actors == ("syria-regime-forces", "civilians")
    assert one(raid, date(2025, 3, 1)).actors == ("civilians",)
    # a foreign power's strike on a town, its target unnamed: the state's forces were struck
    strike = "شنت طائرات إسرائيلية، فجر اليوم، غارات على مواقع قرب مدينة الكسوة جنوبي دمشق."
    assert one(strike, date(2018, 3, 1)).actors == ("israel-forces", "syria-regime-forces")
    # its strike on the state's allies hits the state's bases with them
    allies = "شنت طائرات إسرائيلية، فجر اليوم، غارات على مواقع للميليشيات الإيرانية قرب مدينة الكسوة جنوبي دمشق."
    assert one(allies, date(2018, 3, 1)).actors == ("israel-forces", "iran-backed-militias", "syria-regime-forces")


def test_a_town_is_read_in_the_governorate_its_own_sentence_names() -> None:
    """"وفي ريف حماة …، قرية دير سنبل": the Hama village of that name, though the story began in
    Idlib, which has a village of the same name too."""
    _, village = extract_article(article(
        "قصفت طائرات حربية روسية صباح اليوم مدينة سراقب في ريف إدلب الشرقي. وفي ريف حماة الغربي، قتل "
        "مدنيان بقصف مدفعي على قرية دير سنبل.", date(2019, 3, 5)))
    assert (village.place.name, village.place.admin1, village.killed) == ("دير سنبل", "حماة", 2)
    assert village.place.pcode == lookup("دير سنبل", "حماة").pcode != lookup("دير سنبل", "إدلب").pcode


def test_a_toll_told_again_is_counted_once() -> None:
    # the lead's figure for a region and the body's for the village are the same 38 dead
    text = ("مقتل 38 عنصراً من الميليشيات في ضربة جوية شرق سوريا.\n"
            "أفاد المرصد السوري، الأحد، بمقتل 38 عنصراً من الميليشيات الموالية للنظام في ضربة جوية استهدفت "
            "مواقعهم في بلدة الهري قرب البوكمال ليل السبت الأحد. وقال المرصد إن طائرات مجهولة نفذت الضربة "
            "التي أسفرت عن مقتل 38 عنصراً في الهري.")
    found = extract_article(article(text, date(2018, 6, 18)))
    assert sum(i.killed for i in found) == 38
    assert [i.killed for i in found if i.place.pcode == "C5162"] == [38]


def test_two_towns_with_the_same_toll_keep_theirs() -> None:
    text = ("وقتل 12 مدنياً في غارات على بلدة جسرين يوم الأحد، و12 مدنياً في غارات على بلدة عربين "
            "يوم السبت.")
    found = extract_article(article(text, date(2018, 3, 19)))
    assert sorted((i.place.pcode, i.killed) for i in found) == [("C2317", 12), ("C2321", 12)]


def test_gunmen_storming_a_home_and_killing_civilians_is_an_attack_not_a_clash() -> None:
    text = "قُتل مدنيان، مساء أمس، برصاص مسلحين مجهولين اقتحموا منزلاً في بلدة كفر بطنا."
    i = one(text, date(2019, 6, 18))
    assert (i.event_type, i.sub_event_type, i.killed) == ("violence-against-civilians", "attack", 2)


def test_an_evacuation_from_a_list_of_towns_is_one_incident_per_town() -> None:
    text = ("بدأت صباح اليوم الأحد عملية إجلاء مئات المقاتلين وعائلاتهم من بلدات كفربطنا وجسرين وسقبا "
            "نحو الشمال السوري، بموجب اتفاق مع قوات النظام.")
    got = extract_article(article(text, date(2024, 3, 10)))
    assert [(i.place.name, i.event_type) for i in got] == [
        ("كفر بطنا", "strategic-developments"), ("جسرين", "strategic-developments"),
        ("سقبا", "strategic-developments")]


def test_origins_of_a_move_toward_a_destination_and_the_ends_of_a_road_are_no_list() -> None:
    sent = "أرسلت قوات النظام اليوم الأحد تعزيزات عسكرية كبيرة من مدينتي حمص وحماة نحو جبهات القتال."
    assert "حماة" not in [i.place.name for i in extract_article(article(sent, date(2024, 3, 10)))]
    came = "توافد المحتجون اليوم الأحد من بلدات صلخد والقريا وعرمان للمشاركة في مظاهرة."
    assert "عرمان" not in [i.place.name for i in extract_article(article(came, date(2024, 3, 10)))]
    road = ("انفجرت سيارة مفخخة اليوم الأحد على الطريق الواصل بين مدينة نوى وبلدة الشيخ سعد، "
            "ما أدى إلى مقتل ثلاثة مدنيين.")
    assert [i.place.name for i in extract_article(article(road, date(2024, 3, 10)))] == ["نوى"]


def test_a_heading_line_in_the_body_tells_no_event_of_its_own() -> None:
    # a linked story's title between two paragraphs: short, a line of its own, no full stop
    text = ("مظاهرة في السويداء\n"
            "تظاهر مئات الأشخاص اليوم الأحد في مدينة السويداء للمطالبة بالإفراج عن المعتقلين.\n"
            "مقاتلات إسرائيلية تقصف مواقع عسكرية قرب مطار المزة\n"
            "وردد المتظاهرون هتافات ضد الحكومة.")
    got = extract_article(article(text, date(2024, 3, 10)))
    assert [(i.place.name, i.event_type) for i in got] == [("السويداء", "protests")]
    told = text.replace("قرب مطار المزة\n", "قرب مطار المزة، دون ورود أنباء عن إصابات.\n")
    assert "explosions" in [i.event_type for i in extract_article(article(told, date(2024, 3, 10)))]


_ONE_SIDED = ("اندلعت اشتباكات عنيفة اليوم في محيط بلدة اللطامنة بريف حماة الشمالي، وقال ناشطون إن قوات "
              "النظام حاولت التقدم نحو البلدة.\n")


def test_a_battle_with_one_side_named_takes_the_side_the_article_fights() -> None:
    """A battle has two sides: the one the clause leaves out is the armed actor the article names
    most outside the first side's camp; an ally is no foe, and with none named it stays one-sided."""
    foe = "وتسيطر هيئة تحرير الشام على معظم ريف إدلب، وتعلن هيئة تحرير الشام رفضها للاتفاقات."
    assert one(_ONE_SIDED + foe, date(2018, 7, 17)).actors == ("syria-regime-forces", "hts")
    ally = "وتشارك القوات الروسية والطيران الروسي في دعم قوات النظام منذ أشهر."
    assert one(_ONE_SIDED + ally, date(2018, 7, 17)).actors == ("syria-regime-forces",)
    assert one(_ONE_SIDED, date(2018, 7, 17)).actors == ("syria-regime-forces",)


def test_a_bombardment_lists_the_opposition_only_as_the_striker() -> None:
    """Beside the state's guns the opposition holds the area hit; alone it fired the shells."""
    held = "قتل ثلاثة مدنيين في غارات جوية لقوات النظام ضربت بلدة كفرنبل، التي تسيطر عليها المعارضة، اليوم."
    assert one(held, date(2018, 7, 17)).actors == ("civilians", "syria-regime-forces")
    fired = "قصفت فصائل المعارضة بقذائف الهاون حي باب توما في دمشق اليوم، ما أدى إلى مقتل ثلاثة مدنيين."
    assert one(fired, date(2018, 7, 17)).actors == ("opposition-factions", "civilians")
