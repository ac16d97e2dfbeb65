"""Store queries against the hand-built store of tests/store_helpers.py (totals worked out by hand)."""
from __future__ import annotations

from datetime import date

import pytest

from store.api import Store
from store.model import Cursor, Filter, Totals
from tests.store_helpers import articles_with_incidents, build


@pytest.fixture(scope="module")
def store(new_db) -> Store:
    s = build(new_db("q"))
    yield s
    s.close()


def by_key(rows) -> dict[str, tuple[int, int, int]]:
    return {r.key: (r.incidents, r.killed, r.wounded) for r in rows}


def test_totals(store):
    assert store.totals(Filter()) == Totals(incidents=7, clusters=6, killed=22, wounded=13,
                                            killed_dedup=18, wounded_dedup=13, undated=1)
    assert store.count(Filter()) == 7
    assert store.count(Filter(dedupe=True)) == 6


@pytest.mark.parametrize("by, dedupe, expected", [
    ("admin1", False, {"SY12": (5, 14, 3), "SY07": (1, 7, 10), "SY04": (1, 1, 0)}),
    # Daraa clusters: {1,3} stood for by #3 5/1, {2} 3/2, {6} 0/0, {7} 2/0
    ("admin1", True, {"SY12": (4, 10, 3), "SY07": (1, 7, 10), "SY04": (1, 1, 0)}),
    ("admin2", False, {"SY1203": (4, 14, 3), "SY0700": (1, 7, 10), "": (2, 1, 0)}),
    ("place", False, {"C6111": (4, 14, 3), "C3871": (1, 7, 10), "name:مزرعه الوادي": (1, 1, 0), "SY12": (1, 0, 0)}),
    ("event_type", False, {"battles": (4, 14, 3), "explosions": (1, 7, 10),
                           "violence-against-civilians": (1, 1, 0), "strategic-developments": (1, 0, 0)}),
    ("event_type", True, {"battles": (3, 10, 3), "explosions": (1, 7, 10),
                          "violence-against-civilians": (1, 1, 0), "strategic-developments": (1, 0, 0)}),
    ("sub_event_type", False, {"battles/armed-clash": (4, 14, 3), "explosions/air-drone-strike": (1, 7, 10),
                               "violence-against-civilians/attack": (1, 1, 0),
                               "strategic-developments/arrests": (1, 0, 0)}),
    ("actor", False, {"isis": (3, 12, 3), "local-armed-groups": (2, 7, 2), "civilians": (2, 8, 10),
                      "russia-forces": (1, 7, 10), "eighth-brigade": (1, 3, 2), "hezbollah": (1, 2, 0),
                      "unidentified-armed-group": (1, 1, 0), "syria-regime-forces": (1, 0, 0)}),
    # a cluster counts as the report that stands for it: {1,3} is #3 (isis 5/1), so of the
    # local-armed-groups reports only #2 (3/2) is left
    ("actor", True, {"isis": (2, 8, 3), "local-armed-groups": (1, 3, 2), "civilians": (2, 8, 10),
                     "russia-forces": (1, 7, 10), "eighth-brigade": (1, 3, 2), "hezbollah": (1, 2, 0),
                     "unidentified-armed-group": (1, 1, 0), "syria-regime-forces": (1, 0, 0)}),
    ("week", False, {"2022-10-10": (4, 14, 3), "2022-10-17": (1, 7, 10), "2022-10-31": (1, 1, 0)}),
    ("month", False, {"2022-10": (5, 21, 13), "2022-11": (1, 1, 0)}),
    ("month", True, {"2022-10": (4, 17, 13), "2022-11": (1, 1, 0)}),
    ("year", False, {"2022": (6, 22, 13)}),
])
def test_summaries_match_hand_totals(store, by, dedupe, expected):
    assert by_key(store.summary(Filter(dedupe=dedupe), by, limit=50)) == expected


def test_summary_order_and_labels(store):
    rows = store.summary(Filter(), "admin1")
    assert [r.key for r in rows] == ["SY12", "SY07", "SY04"]            # most killed first
    assert rows[0].label == "درعا · محافظة"        # the governorate, told apart from the city
    assert [r.key for r in store.summary(Filter(), "month")] == ["2022-10", "2022-11"]   # periods in date order
    assert [r.label for r in store.summary(Filter(), "week")][0] == "2022-W41"
    assert [r.key for r in store.summary(Filter(), "month", limit=1)] == ["2022-11"]    # the latest periods
    actor = {r.key: r.label for r in store.summary(Filter(), "actor", limit=50)}
    assert actor["isis"] == "داعش"                       # names people read (store/data/names.csv)


def test_place_rollup_and_filters(store):
    assert store.count(Filter(places=("SY12",))) == 5        # governorate covers its communities
    assert store.count(Filter(places=("SY1203",))) == 4      # district
    assert store.count(Filter(places=("C6111",))) == 4
    assert store.count(Filter(places=("SY04",))) == 1        # found by governorate name, no P-code
    assert store.count(Filter(places=("C6111", "C3871"))) == 5
    assert store.count(Filter(actors=("iran-backed-militias",))) == 1   # covers hezbollah
    assert store.count(Filter(actors=("isis", "russia-forces"))) == 4
    assert store.count(Filter(require_actors=("isis", "eighth-brigade"))) == 1
    assert store.count(Filter(event_types=("battles",))) == 4
    assert store.count(Filter(event_types=("explosions/air-drone-strike", "strategic-developments"))) == 2
    assert store.count(Filter(date_from=date(2022, 10, 15), date_to=date(2022, 10, 20))) == 4
    assert store.count(Filter(date_from=date(2022, 10, 15), places=("SY12",), actors=("isis",))) == 2


def _all_newest_first(store) -> list[tuple]:
    rows = [(r.date or date(1, 1, 1), r.id) for r in store.timeline(Filter(), limit=100)]
    assert rows == sorted(rows, reverse=True)
    return rows


@pytest.mark.parametrize("newest_first", [True, False])
@pytest.mark.parametrize("limit", [1, 2, 3, 100])
def test_keyset_pages_cover_everything_once(store, newest_first, limit):
    expected = sorted(_all_newest_first(store), reverse=newest_first)
    got, after = [], None
    while page := store.timeline(Filter(), limit=limit, after=after, newest_first=newest_first):
        got += [(r.date or date(1, 1, 1), r.id) for r in page]
        after = Cursor(page[-1].date, page[-1].id)
    assert got == expected
    assert store.timeline(Filter(), 10)[-1].date is None       # undated last when newest first


@pytest.mark.parametrize("newest_first", [True, False])
def test_random_access_matches_full_order(store, newest_first):
    full = [r.id for r in store.timeline(Filter(), 100, newest_first=newest_first)]
    for offset in range(len(full) + 1):
        for limit in (1, 2, 5):
            assert [r.id for r in store.timeline_at(Filter(), offset, limit, newest_first)] == full[offset:offset + limit]
    f = Filter(places=("SY12",))
    sub = [r.id for r in store.timeline(f, 100, newest_first=newest_first)]
    assert [r.id for r in store.timeline_at(f, 1, 3, newest_first)] == sub[1:4]


def test_position_of_date(store):
    newest = store.timeline(Filter(), 100)
    pos = store.position_of_date(Filter(), date(2022, 10, 15))
    assert newest[pos].date == date(2022, 10, 15) and newest[pos - 1].date > date(2022, 10, 15)
    oldest = store.timeline(Filter(), 100, newest_first=False)
    pos = store.position_of_date(Filter(), date(2022, 10, 15), newest_first=False)
    assert oldest[pos].date == date(2022, 10, 15) and oldest[pos - 1].date < date(2022, 10, 15)
    assert store.position_of_date(Filter(), date(2030, 1, 1)) == 0


def test_clusters(store):
    rows = {(r.date, r.killed): r for r in store.timeline(Filter(places=("C6111",)), 10)}
    first = rows[(date(2022, 10, 15), 4)]
    assert first.cluster_id == first.id
    assert rows[(date(2022, 10, 15), 5)].cluster_id == first.id
    assert rows[(date(2022, 10, 16), 2)].cluster_id != first.id      # a day later: another event
    assert rows[(date(2022, 10, 14), 3)].cluster_id != first.id
    detail = store.incident(first.id)
    assert {r.killed for r in detail.same_cluster} == {5}


def test_incident_detail_and_evidence_offsets(store):
    row = store.timeline(Filter(places=("C3871",)), 1)[0]
    d = store.incident(row.id)
    assert d.article_id == "a2" and d.article_title == "تقرير a2" and d.article_published == date(2022, 10, 20)
    (s, e), = d.evidence_spans
    assert d.article_text[s:e] == d.evidence
    assert d.victims[0].name == "محمد العلي" and d.victims[0].hometown == "سرمين"
    assert (d.lat, d.lon) != (None, None) and d.admin2 == "إدلب"
    assert store.incident("no-such-id") is None


def test_facets(store):
    places = store.facet_places(Filter(places=("SY07",)))    # own place constraint ignored for counts
    assert [(f.key, f.count, f.level) for f in places][:2] == [("SY12", 5, 0), ("C6111", 4, 1)]
    assert {f.key for f in places if f.level == 0} == {"SY12", "SY07", "SY04"}
    # a place the gazetteer does not know is labelled as reported, in the facet and in a summary
    assert {(f.label_ar, f.label) for f in places if f.key.startswith("name:")} == {("مزرعة الوادي", "مزرعة الوادي")}
    assert {r.label for r in store.summary(Filter(), "place", 50) if r.key.startswith("name:")} == {"مزرعة الوادي"}
    actors = {f.key: f.count for f in store.facet_actors(Filter())}
    assert actors["isis"] == 3 and actors["hezbollah"] == 1
    types = [(f.key, f.count, f.level) for f in store.facet_event_types(Filter())]
    assert types[:2] == [("battles", 4, 0), ("battles/armed-clash", 4, 1)]


def test_find_places_and_actors(store):
    # the town first (as a reader of the news means the name), tagged apart from its subdistrict
    jasim = store.find_places("جاسم", 5)
    assert (jasim[0].key, jasim[0].label_ar, jasim[0].label) == ("C6111", "جاسم · مدينة", "Jasim · city")
    assert jasim[1].label_ar == "جاسم · ناحية"
    assert [f.label_ar for f in store.find_places("ادلب", 5)][:2] == ["إدلب · مدينة", "إدلب · منطقة"]  # no hamza
    assert store.find_places("Idlib", 5)[0].label == "Idlib · district"   # OCHA spells the city Idleb
    assert store.find_actors("داعش")[0].key == "isis"
    assert store.find_actors("Hezbollah")[0].key == "hezbollah"
    assert store.find_places("") == []


def test_resolve_place_ranks_and_ambiguity(store):
    def keys(text):
        return [f.key for f in store.resolve_place(text)]
    assert keys("دوما") == keys("Duma") == ["C2338", "C3076", "C6236"]   # three towns: the caller must choose
    assert keys("دوما · بلدة · حماة") == ["C3076"]                        # a name as the lists show it
    assert keys("Douma") == ["SY0302"]                                    # OCHA's district spelling
    assert keys("درعا") == ["C5993"]                                      # the city before the governorate
    assert keys("الغوطة الشرقية") == keys("Eastern Ghouta") == ["region:الغوطة الشرقية"]
    assert keys("zzzzqqq") == []


def test_pivot_cells_and_filter_for_cell(store):
    cells = store.pivot(Filter(), "admin1", "actor")
    assert ("SY12", "درعا · محافظة", "isis", "داعش", 3, 12, 3) in cells
    for row_key, _, col_key, _, n, killed, _ in cells:
        f = store.filter_for_cell(Filter(), "admin1", row_key, "actor", col_key)
        assert store.count(f) == n
        assert store.totals(f).killed == killed
    f = store.filter_for_cell(Filter(places=("C6111",)), "admin1", "SY12", "month", "2022-10")
    assert f.places == ("C6111",) and f.date_from == date(2022, 10, 1) and f.date_to == date(2022, 10, 31)
    assert store.count(f) == 4
    f = store.filter_for_cell(Filter(date_from=date(2022, 10, 20)), "actor", "isis", "year", "2022")
    assert f.date_from == date(2022, 10, 20) and f.date_to == date(2022, 12, 31)
    f = store.filter_for_cell(Filter(event_types=("battles",)), "sub_event_type", "battles/armed-clash",
                              "week", "2022-10-10")
    assert f.event_types == ("battles/armed-clash",) and store.count(f) == 4


def test_reviews_append_only_latest_wins(new_db):
    with build(new_db("r")) as s:
        rid = s.timeline(Filter(places=("C3871",)), 1)[0].id
        s.add_review(rid, "needs-check", "عدد القتلى؟")
        s.add_review(rid, "verified", "تم التحقق")
        assert s.timeline(Filter(places=("C3871",)), 1)[0].review == "verified"
        assert [r.status for r in s.incident(rid).reviews] == ["verified", "needs-check"]
        assert s.count(Filter(review=("verified",))) == 1
        assert s.count(Filter(review=("unreviewed",))) == 6
        assert s.count(Filter(review=("unreviewed", "verified"))) == 7
        s.add_review(rid, "rejected")
        assert s.count(Filter(review=("verified",))) == 0
        with pytest.raises(ValueError):
            s.add_review(rid, "maybe")  # type: ignore[arg-type]
        # re-ingesting the same articles keeps the ids, so the review still applies
        report = s.ingest_extracted(articles_with_incidents())
        assert (report.added, report.skipped_duplicates) == (0, 4)
        assert s.incident(rid).row.review == "rejected"


def test_a_review_note_is_stored_sanitised(tmp_path):
    """A note typed or pasted by a person reaches other people's terminals: no escape sequences or
    bidi overrides survive in it (markup stays text: the screens never parse it)."""
    with build(tmp_path / "n.duckdb") as s:
        rid = s.timeline(Filter(places=("C3871",)), 1)[0].id
        s.add_review(rid, "needs-check", "\x1b[2J\u202eعدد القتلى؟\x07 [bold]x[/bold]")
        note = s.incident(rid).reviews[0].note
    assert "عدد القتلى؟" in note
    assert not any(ch in note for ch in ("\x1b", "\u202e", "\x07")) and note.endswith("[bold]x[/bold]")


def test_threads_share_one_store(store):
    from concurrent.futures import ThreadPoolExecutor

    calls = [lambda: store.count(Filter(places=("SY12",))), lambda: store.totals(Filter()).killed,
             lambda: len(store.timeline_at(Filter(), 2, 3)), lambda: store.summary(Filter(), "admin1")[0].key]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda k: calls[k % 4](), range(40)))
    assert results == [5, 22, 3, "SY12"] * 10


def test_group_filters_stay_exact_when_the_actors_table_changes(new_db):
    """A store left by an older lexicon (one actor missing, every row's bits ranked without it) has
    them ranked again when an ingest brings the lexicon up to date: each group's filter still finds
    exactly its incidents (store/actor_bits.py)."""
    from extract.model import Article
    from store import actor_bits
    from store.db import set_meta

    s = build(new_db("bits"))
    try:
        groups = [r[0] for r in s.connections.transaction(
            lambda cur: cur.execute("SELECT DISTINCT unnest(actors) FROM incidents ORDER BY 1").fetchall())]
        counts = {g: s.count(Filter(actors=(g,))) for g in groups}
        assert len(groups) >= 6 and all(counts.values())

        def older_lexicon(cur) -> None:
            cur.execute("DELETE FROM actors WHERE id = (SELECT min(id) FROM actors)")
            for table in ("incidents", "corrected_rows"):
                actor_bits.recompute(cur, table)
            set_meta(cur, "reference", 0)
        s.connections.transaction(older_lexicon)
        article, incidents = articles_with_incidents()[-1]          # a5: a4's hezbollah ambush again
        s.ingest_extracted([(Article("a5", article.published, article.text + " .", article.title, outlet="test"),
                             incidents)])
        assert {g: s.count(Filter(actors=(g,))) for g in groups} == counts | {"hezbollah": counts["hezbollah"] + 1}
    finally:
        s.close()
