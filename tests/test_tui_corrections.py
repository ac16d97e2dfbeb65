"""Correcting and counting honestly, driven by Pilot (and the `rasd` command) on a real store of the
sample articles plus the 64 real articles of ../shared/eval/train.articles.jsonl (hundreds of
reports, outliers, undated reports, clusters of real reports)."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from store.api import Store
from store.model import Filter
from tui.app import WATCH_SECONDS, RasdApp
from tui.screens.incident import IncidentScreen
from tui.widgets.arabic import FieldsLine, TextBlocks
from tui_support import copy_store, eval_store_file, most_killed_first, settle, sync, timeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def eval_db(tmp_path_factory, shared_dir: Path) -> Path:
    return eval_store_file(tmp_path_factory.mktemp("eval"), shared_dir / "eval" / "train.articles.jsonl")


@pytest.fixture()
def store(eval_db: Path, tmp_path: Path):
    with Store.open(copy_store(eval_db, tmp_path)) as s:
        yield s


def headline(app: RasdApp) -> str:
    return app.main.query_one("#headline", FieldsLine).plain


def rasd(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(db), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@sync
async def test_sort_finds_the_outlier_and_a_correction_changes_every_total(store: Store, tmp_path: Path):
    before = store.totals(Filter())
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert f"{before.killed:,} killed" in headline(app)
        outlier = await most_killed_first(pilot)
        lst = timeline(app)
        assert outlier.killed == max(r.killed for r in store.timeline_at(Filter(), 0, 1000)) > 100
        assert "most killed first" in app.main.query_one("#timeline-box").border_title
        await pilot.press("enter", "e", "enter")     # open it, correct…, the first field: killed
        await settle(pilot)
        await pilot.press("end", *["backspace"] * 8, "1", "enter", *"displaced, not killed", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IncidentScreen) and screen.detail.row.killed == 1
        history = screen.query_one("#corrections", TextBlocks)
        assert any(f"killed: {outlier.killed} → 1 — displaced, not killed" in b.text for b in history.blocks)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause(WATCH_SECONDS + 0.5)        # the store watcher has looked: our own write is no news
        await settle(pilot)
        assert not [n for n in app._notifications if str(n.message).startswith("new data in the store")]
        after = store.totals(Filter())
        assert after.killed == before.killed - (outlier.killed - 1)
        assert f"{after.killed:,} killed" in headline(app)
        assert lst.row(0).id != outlier.id              # no longer the most killed
        marked = next(i for i in range(lst.total) if lst.row(i).id == outlier.id)
        lst.move_to(marked)
        await settle(pilot)
        assert lst.row(marked).corrected and lst.render_line(marked - lst.scroll_offset.y).text[1] == "✎"
        # the stats table and an export read the corrected figure
        assert sum(r.killed for r in store.summary(Filter(), "admin1", limit=100)) == after.killed
    exported = tmp_path / "all.jsonl"
    store.close()
    r = rasd(store.path, "export", "-f", "jsonl", "-o", str(exported), "--history")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert sum(x["killed"] for x in rows) == after.killed
    (mine,) = [x for x in rows if x["id"] == outlier.id]
    assert mine["corrected"] and [(c["before"], c["after"]) for c in mine["corrections"]] == [(str(outlier.killed), "1")]


@sync
async def test_place_is_corrected_through_the_gazetteer_search(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = timeline(app).row(0)
        await pilot.press("enter", "e", "down", "down", "down", "enter")   # killed, wounded, date, place
        await settle(pilot)
        await pilot.press(*"Jasim")
        await settle(pilot)
        hits = app.screen.query_one("#place-hits")
        town = next(i for i in range(hits.option_count) if hits.get_option_at_index(i).id == "C6111")
        await pilot.press("down", *["down"] * town, "enter", *"wrong town", "enter")
        await settle(pilot)
        d = store.incident(first.id)
        assert d.row.place_pcode == "C6111" and d.row.place_name == "جاسم" and d.corrections[0].field == "place"
        assert first.id in {r.id for r in store.timeline(Filter(places=("C6111",)), 100)}


@sync
async def test_reject_drops_the_outlier_from_every_total_and_R_brings_it_back(store: Store, tmp_path: Path):
    before = store.totals(Filter())
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        outlier = await most_killed_first(pilot)
        await pilot.press("x", *"20,000 displaced", "enter")
        await settle(pilot)
        assert f"{before.incidents - 1:,} reports · {before.killed - outlier.killed:,} killed" in headline(app)
        assert timeline(app).row(0).id != outlier.id
        assert app.main.query_one("#top-places").rows[0].killed < outlier.killed
        await pilot.press("R")
        await settle(pilot)
        assert f"{before.incidents:,} reports · {before.killed:,} killed" in headline(app)
        assert "rejected counted" in app.main.query_one("#breadcrumb", FieldsLine).plain
    store.close()
    r = rasd(store.path, "stats")
    assert r.returncode == 0 and f"total: {before.incidents - 1} reports; killed {before.killed - outlier.killed}," in r.stdout
    r = rasd(store.path, "stats", "--include-rejected")
    assert f"total: {before.incidents} reports; killed {before.killed}," in r.stdout


@sync
async def test_one_dedupe_mode_for_header_panel_list_export_and_cli(store: Store, tmp_path: Path):
    f = Filter(dedupe=True)
    t = store.totals(f)
    assert t.clusters < t.incidents
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert f"{t.clusters:,} incidents · {t.killed_dedup:,} killed" in headline(app)
        assert app.main.query_one("#chart #reports", FieldsLine).plain.startswith(f"{t.clusters:,} incidents")
        assert f"{t.killed_dedup:,} killed" in app.main.query_one("#chart #casualties", FieldsLine).plain
        assert timeline(app).total == t.clusters
        await pilot.press("e", "enter", "enter")  # csv of the current filter, to the file name offered
        await settle(pilot)
        (tui_csv,) = tmp_path.glob("rasd-*.csv")
        await pilot.press("c")
        await settle(pilot)
        assert app.main.filter == Filter() and f"{t.incidents:,} reports" in headline(app)
    rows = csv_rows(tui_csv)
    assert len(rows) == t.clusters and sum(int(r["killed"]) for r in rows) == t.killed_dedup
    store.close()
    cli_csv = tmp_path / "cli.csv"
    r = rasd(store.path, "export", "--dedupe", "-f", "csv", "-o", str(cli_csv))
    assert r.returncode == 0 and len(csv_rows(cli_csv)) == t.clusters
    r = rasd(store.path, "stats", "--dedupe")
    assert f"total: {t.clusters} incidents (de-duplicated); killed {t.killed_dedup}, wounded {t.wounded_dedup}" in r.stdout


def test_reports_of_one_event_from_different_articles_are_one_cluster(store: Store):
    """The Douma chemical attack of 7 April 2018, reported as explosions by four articles."""
    f = Filter(places=("C2338",), event_types=("explosions",), date_from=date(2018, 4, 7), date_to=date(2018, 4, 7))
    reports = store.timeline(f, 50)
    assert len({r.id for r in reports}) >= 3 and len({r.cluster_id for r in reports}) == 1
    assert store.count(f.with_(dedupe=True)) == 1


@sync
async def test_undated_reports_are_counted_reachable_and_marked(store: Store, tmp_path: Path):
    t = store.totals(Filter())
    assert t.undated > 0
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert f"{t.undated:,} no date" in app.main.query_one("#chart #reports", FieldsLine).plain
        await pilot.press("d", *"none", "enter")
        await settle(pilot)
        lst = timeline(app)
        assert app.main.filter.undated and lst.total == t.undated
        assert all(lst.render_line(i).text[2:].startswith("no date") for i in range(min(lst.total, 10)))
        assert "no date" in app.main.query_one("#breadcrumb", FieldsLine).plain
    store.close()
    r = rasd(store.path, "export", "--no-date", "-f", "csv", "-o", str(tmp_path / "u.csv"))
    assert r.returncode == 0 and len(csv_rows(tmp_path / "u.csv")) == t.undated


@sync
async def test_killed_at_least_n(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("greater_than_sign", *"100", "enter")
        await settle(pilot)
        lst = timeline(app)
        assert app.main.filter.min_killed == 100 and 0 < lst.total == store.count(Filter(min_killed=100))
        assert all(lst.row(i).killed >= 100 for i in range(lst.total))
        assert "killed ≥ 100" in app.main.query_one("#breadcrumb", FieldsLine).plain
    store.close()
    r = rasd(store.path, "export", "--min-killed", "100", "--sort", "killed", "-f", "csv", "-o", str(tmp_path / "k.csv"))
    killed = [int(x["killed"]) for x in csv_rows(tmp_path / "k.csv")]
    assert r.returncode == 0 and len(killed) == lst.total and killed == sorted(killed, reverse=True)


@sync
async def test_day_event_type_and_victims_are_corrected_on_the_incident_screen(store: Store, tmp_path: Path):
    with_victims = next(r for r in store.timeline_at(Filter(), 0, 1000) if store.incident(r.id).victims)
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_incident(with_victims.id)
        await settle(pilot)
        await pilot.press("e", "down", "down", "enter", "end", *["backspace"] * 30, *"2019-03-01/2019-03-02", "enter",
                          *"the article dates it", "enter")
        await settle(pilot)
        await pilot.press("e", *["down"] * 4, "enter", "home", "enter", "enter")   # the first event type/sub-type
        await settle(pilot)
        await pilot.press("e", *["down"] * 6, "enter", "end", *["backspace"] * 200, *"أحمد | جاسم | wounded",
                          "enter", "enter")
        await settle(pilot)
        d = app.screen.detail
        assert (d.row.date, d.date_end) == (date(2019, 3, 1), date(2019, 3, 2))
        assert (d.row.event_type, d.row.sub_event_type) == ("battles", "government-regains-territory")
        assert [(v.name, v.hometown, v.outcome) for v in d.victims] == [("أحمد", "جاسم", "wounded")]
        assert [c.field for c in d.corrections] == ["victims", "event", "date"]
        fields = "\n".join(b.label + " " + b.text for b in app.screen.query_one("#fields", TextBlocks).blocks)
        assert "date ✎" in fields and "event ✎" in fields
    assert store.count(Filter(date_from=date(2019, 3, 1), date_to=date(2019, 3, 1), event_types=("battles",))) >= 1
