"""Corrections and honest totals against the hand-built store of tests/store_helpers.py: a corrected
field changes every figure, the extracted value stays, the history is exported, and corrections
survive re-ingest and a v1 store's migration; rejected reports leave the totals; one row per
cluster when de-duplicated; sort by killed; killed ≥ N; undated incidents are reachable."""
from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from store.api import Store, StoreError
from store.db import SCHEMA_FILE
from store.model import Filter, Totals
from tests.store_helpers import IDLIB, articles_with_incidents, build


@pytest.fixture()
def store(new_db) -> Store:
    s = build(new_db("c"))
    yield s
    s.close()


def idlib(store: Store):
    """#4: Idlib air strike, 7 killed 10 wounded, one named victim."""
    return store.timeline(Filter(places=("C3871",)), 1)[0]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_killed_correction_flows_into_totals_summaries_and_exports(store, tmp_path):
    row = idlib(store)
    assert store.correct(row.id, "killed", "70", "the article says seventy")
    assert store.totals(Filter()) == Totals(incidents=7, clusters=6, killed=85, wounded=13,
                                            killed_dedup=81, wounded_dedup=13, undated=1)
    assert {r.key: r.killed for r in store.summary(Filter(), "admin1")}["SY07"] == 70
    assert store.timeline_at(Filter(), 0, 10, by="killed")[0].id == row.id
    assert store.export(Filter(), "csv", tmp_path / "x.csv", history=True).rows == 7
    out = {r["id"]: r for r in read_csv(tmp_path / "x.csv")}[row.id]
    assert out["killed"] == "70" and out["corrected"] == "True"
    (c,) = json.loads(out["corrections"])
    assert (c["field"], c["before"], c["after"], c["note"]) == ("killed", "7", "70", "the article says seventy")
    # the extracted value is still there, and the history says what it was
    with store.connections.cursor() as cur:
        assert cur.execute("SELECT killed FROM incidents WHERE id = ?", [row.id]).fetchall() == [(7,)]
    d = store.incident(row.id)
    assert d.row.killed == 70 and d.row.corrected and [(c.before, c.after) for c in d.corrections] == [("7", "70")]
    # the same value again stores nothing
    assert not store.correct(row.id, "killed", "70")
    assert len(store.incident(row.id).corrections) == 1


def test_place_date_event_actors_and_victims(store):
    row = idlib(store)
    store.correct(row.id, "place", "C6111", "it was Jasim")
    store.correct(row.id, "date", "2022-10-18/2022-10-19", "")
    store.correct(row.id, "event", "explosions/shelling-artillery-missile-attack", "")
    store.correct(row.id, "actors", "syria-regime-forces; civilians", "")
    store.correct(row.id, "victims", json.dumps([{"name": "أحمد", "hometown": "جاسم", "outcome": "wounded"}]), "")
    d = store.incident(row.id)
    assert (d.row.place_pcode, d.row.place_name, d.row.admin1, d.row.date, d.date_end) == \
        ("C6111", "جاسم", "درعا", date(2022, 10, 18), date(2022, 10, 19))
    assert (d.row.event_type, d.row.sub_event_type, d.row.actors) == \
        ("explosions", "shelling-artillery-missile-attack", ("syria-regime-forces", "civilians"))
    assert [(v.name, v.hometown, v.outcome) for v in d.victims] == [("أحمد", "جاسم", "wounded")]
    assert [c.field for c in d.corrections] == ["victims", "actors", "event", "date", "place"]
    # filters, facets and pivots read the corrected values
    assert row.id in {r.id for r in store.timeline(Filter(places=("SY12",)), 10)}
    assert store.count(Filter(places=("C3871",))) == 0
    assert store.count(Filter(actors=("syria-regime-forces",), date_from=date(2022, 10, 18))) == 1
    assert store.count(Filter(event_types=("explosions/shelling-artillery-missile-attack",))) == 1
    # a search restricted to days finds it under its corrected day (its postings moved with it)
    assert [r.id for r in store.timeline(Filter(text="إدلب", date_from=date(2022, 10, 18), date_to=date(2022, 10, 18)), 5)] \
        == [row.id]
    assert store.timeline(Filter(text="إدلب", date_from=date(2022, 10, 20)), 5) == []


@pytest.mark.parametrize("field, value, says", [
    ("killed", "-3", "whole number"), ("killed", "seven", "whole number"), ("date", "2022-13-01", "not a date"),
    ("date", "2022-10-19/2022-10-01", "ends before"), ("place", "C99999999", "no place"),
    ("event", "battles/grenade", "not an event"), ("actors", "isis; nobody", "unknown actor"),
    ("victims", "[{\"hometown\": \"x\"}]", "victims"), ("colour", "red", "cannot correct"),
])
def test_bad_values_are_refused_in_one_line(store, field, value, says):
    with pytest.raises(StoreError, match=says):
        store.correct(idlib(store).id, field, value)
    assert store.totals(Filter()).killed == 22


def test_corrections_survive_re_ingest(store):
    row = idlib(store)
    store.correct(row.id, "killed", "70", "")
    store.ingest_extracted(articles_with_incidents())            # the same articles again: nothing changes
    assert store.incident(row.id).row.killed == 70 and store.totals(Filter()).killed == 85
    # a2 comes back changed (its incidents get new ids), then as it was: the correction is found again
    original = next((a, incs) for a, incs in articles_with_incidents() if a.id == "a2")
    changed = (replace(original[0], text=original[0].text + "\nوفي خبر آخر."), original[1])
    store.ingest_extracted([changed])
    assert store.incident(row.id) is None and store.totals(Filter()).killed == 22
    store.ingest_extracted([original])
    assert store.incident(row.id).row.killed == 70 and store.totals(Filter()).killed == 85
    assert store.incident(row.id).row.corrected


def test_a_corrected_report_whose_cluster_grows_is_de_duplicated(store):
    """`effective` reads a corrected incident from corrected_rows alone: a later report of the same
    Idlib strike from another article must mark that row clustered too, or both would be counted."""
    row = idlib(store)
    store.correct(row.id, "killed", "70")
    a, (inc,) = next((a, [i for i in incs if i.place == IDLIB]) for a, incs in articles_with_incidents()
                     if a.id == "a2")
    store.ingest_extracted([(replace(a, id="a5", text=a.text + "\nتقرير آخر."), [inc])])
    f = Filter(dedupe=True)
    assert store.totals(f).clusters == 6 and store.count(f) == 6     # 8 reports: the new one joins #4's cluster
    assert store.totals(Filter()).incidents == 8
    assert [r.killed for r in store.timeline(replace(f, places=("C3871",)), 10)] == [70]


def test_a_v1_store_migrates_keeps_its_rows_and_is_re_clustered(tmp_path):
    old, new = tmp_path / "v1.duckdb", tmp_path / "v2.duckdb"      # migrating a file store
    build(new).close()
    tables = ("articles", "incidents", "incident_actors", "victims", "term_dict", "postings", "reviews", "places",
              "actors")
    with duckdb.connect(str(old)) as con:
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_version VALUES (1, now())")
        con.execute(f"ATTACH '{new}' AS v2 (READ_ONLY)")
        for t in tables:
            con.execute(f"INSERT INTO {t} SELECT * {'EXCLUDE (corrected, actor_bits)' if t == 'incidents' else ''} "
                        f"FROM v2.{t}")
        con.execute("UPDATE meta SET value = 1 WHERE key = 'generation'")
        # v1's rule let #7 (a day later) join #1's cluster
        con.execute("UPDATE incidents SET cluster_seq = 1, cluster_id = (SELECT id FROM incidents WHERE seq = 1), "
                    "clustered = true WHERE date = '2022-10-16'")
    with Store.open(old) as migrated:
        assert migrated.totals(Filter()) == Totals(7, 6, 22, 13, 18, 13, 1)
        assert migrated.count(Filter(actors=("isis",))) == 3           # v4 gave the old rows their group bits
        row = idlib(migrated)
        migrated.correct(row.id, "killed", "70")
        assert migrated.totals(Filter()).killed == 85


def test_rejected_reports_leave_every_total_until_asked_for(store, tmp_path):
    row = idlib(store)
    store.add_review(row.id, "rejected", "not in Idlib")
    assert store.totals(Filter()) == Totals(6, 5, 15, 3, 11, 3, 1)
    assert store.count(Filter()) == 6 and row.id not in {r.id for r in store.timeline(Filter(), 10)}
    assert "SY07" not in {r.key for r in store.summary(Filter(), "admin1")}
    assert store.export(Filter(), "csv", tmp_path / "x.csv").rows == 6
    assert store.totals(Filter(include_rejected=True)).killed == 22
    assert [r.id for r in store.timeline(Filter(review=("rejected",)), 10)] == [row.id]


def test_dedupe_is_one_row_per_cluster_everywhere(store, tmp_path):
    f = Filter(dedupe=True)
    t = store.totals(f)
    assert store.count(f) == t.clusters == 6
    rows = store.timeline(f, 10)
    assert len(rows) == 6 and sum(r.killed for r in rows) == t.killed_dedup == 18
    assert store.export(f, "csv", tmp_path / "d.csv").rows == 6
    exported = read_csv(tmp_path / "d.csv")
    assert sum(int(r["killed"]) for r in exported) == 18 and sum(int(r["wounded"]) for r in exported) == 13
    assert sum(r.incidents for r in store.summary(f, "admin1")) == 6


def test_sort_min_killed_and_undated(store):
    killed = [r.killed for r in store.timeline_at(Filter(), 0, 10, by="killed")]
    assert killed == sorted(killed, reverse=True) == [7, 5, 4, 3, 2, 1, 0]
    assert [r.wounded for r in store.timeline_at(Filter(), 0, 2, by="wounded")] == [10, 2]
    assert [r.killed for r in store.timeline_at(Filter(), 2, 2, by="killed")] == [4, 3]
    assert store.count(Filter(min_killed=4)) == 3 and store.totals(Filter(min_killed=4)).killed == 16
    undated = store.timeline(Filter(undated=True), 10)
    assert [r.date for r in undated] == [None] and store.totals(Filter()).undated == 1
    assert store.count(Filter(undated=True, date_from=date(2022, 1, 1))) == 1   # "no date" wins over a range
