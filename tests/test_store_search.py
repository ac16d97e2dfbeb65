"""Arabic search through the term index: spelling variants, diacritics, clitics, phrases, place names."""
from __future__ import annotations

import pytest

from store.api import Store
from store.model import Filter
from tests.store_helpers import build


@pytest.fixture(scope="module")
def store(new_db) -> Store:
    s = build(new_db("s"))
    yield s
    s.close()


def places_found(store: Store, text: str) -> set[str]:
    return {r.place_name for r in store.timeline(Filter(text=text), 50)}


def killed_found(store: Store, text: str) -> set[int]:
    return {r.killed for r in store.timeline(Filter(text=text), 50)}


@pytest.mark.parametrize("query", [
    "أدّى", "أدى", "ادى", "ادي", "أدي",          # hamza, shadda, alef maqsura / ya
    "إصابة", "اصابة", "اصابه", "إصابه",          # hamza below, ta marbuta / ha
    "غارات", "الغارات", "وبالغارات", "غاراتٍ",   # clitics, tanween
    "المدنيين", "مدنيين", "ومدنيين", "مَدَنِيِّين",   # article, waw, full harakat
])
def test_spelling_variants_find_the_idlib_strike(store, query):
    assert killed_found(store, query) == {7}


@pytest.mark.parametrize("query, killed", [
    ("جثه", {1}), ("جُثّة", {1}),
    ("اشتباكات", {3, 5}), ("باشتباكات", {3, 5}),
    ("داعش", {4, 5}),
    ("منزلا", {4}), ("منزلاً", {4}),
])
def test_more_variants(store, query, killed):
    assert killed_found(store, query) == killed


def test_every_word_must_match(store):
    assert killed_found(store, "جاسم داعش") == {4, 5}
    assert killed_found(store, "داعش اشتباكات") == {5}
    assert killed_found(store, "داعش إدلب") == set()
    assert killed_found(store, "كلمةغيرموجودة") == set()
    assert store.count(Filter(text="داعش كلمةغيرموجودة")) == 0


def test_phrase_is_all_its_terms(store):
    assert killed_found(store, '"قوات النظام"') == {0}
    assert killed_found(store, '"قوات المعارضة"') == set()


def test_place_and_governorate_names_are_indexed(store):
    assert places_found(store, "إدلب") == {"إدلب"}
    assert places_found(store, "ادلب") == {"إدلب"}
    assert places_found(store, "حمص") == {"مزرعة الوادي"}       # governorate of a place without P-code
    assert places_found(store, "جاسم") == {"جاسم"}


def test_search_combines_with_other_filters(store):
    assert store.count(Filter(text="جاسم", event_types=("battles",))) == 4
    assert store.count(Filter(text="جاسم", places=("C3871",))) == 0
    assert store.totals(Filter(text="جاسم")).killed == 14


def test_empty_or_punctuation_query_matches_everything(store):
    assert store.count(Filter(text="  ")) == 7
    assert store.count(Filter(text="،؟")) == 7


def test_same_results_after_compacting_the_index(new_db):
    from datetime import date

    from extract.model import Article, Incident, Place, Span
    from store.search import compact

    queries = ["جاسم", "داعش اشتباكات", "ادي", "حمص", '"قوات النظام"']
    with build(new_db("c")) as s:
        before = {q: sorted(r.id for r in s.timeline(Filter(text=q), 50)) for q in queries}
        s.connections.transaction(compact)
        with s.connections.cursor() as cur:
            assert cur.execute("SELECT value FROM meta WHERE key = 'postings_compacted'").fetchall()[0][0] > 0
        assert {q: sorted(r.id for r in s.timeline(Filter(text=q), 50)) for q in queries} == before
        text = "قُتل مدني برصاص قناص في حي المنشية بدرعا."
        s.ingest_extracted([(Article("late", date(2022, 12, 1), text), [Incident(
            date(2022, 12, 1), Place("درعا", "SY12", "درعا"), "violence-against-civilians", "attack",
            ("civilians",), 1, 0, evidence=(Span(0, len(text), text),))])])
        assert killed_found(s, "قناص") == {1}                  # found in the unsorted tail
        assert len(s.timeline(Filter(text="درعا"), 50)) == 6          # 5 in the governorate + the new one


def test_search_with_dates_uses_dated_incidents_only(store):
    from datetime import date

    assert store.count(Filter(text="درعا")) == 5                      # incl. the undated arrest
    assert store.count(Filter(text="درعا", date_to=date(2030, 1, 1))) == 4
    assert store.count(Filter(text="درعا", date_from=date(2022, 10, 15))) == 3
    assert store.count(Filter(text="درعا", date_from=date(2022, 10, 15), date_to=date(2022, 10, 15))) == 2
    assert [r.killed for r in store.timeline(Filter(text="درعا"), 10, newest_first=False)][:2] == [0, 3]
