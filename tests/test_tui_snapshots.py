"""Snapshots (pytest-textual-snapshot) of the main screens at 120×40 and 80×24.

The store holds a fixed set of incidents written by hand over the seed article (stored with
`Store.ingest_extracted`), so the pictures change when the app's look changes, not when the
extractors improve. Update after a deliberate change with `pytest --snapshot-update`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.model import Article, Incident, Place, Span, Victim
from store.api import Store
from tui import rtl
from tui.app import RasdApp
from tui_support import settle

JASIM = Place("جاسم", "C6111", "درعا", "إزرع", 32.99115, 36.06023, "Jasim")
NAWA = Place("نوى", "C6124", "درعا", "إزرع", 32.88825, 36.04097, "Nawa")
TAFAS = Place("طفس", "C6034", "درعا", "درعا", 32.73621, 36.06735, "Tafas")
DARAA = Place("درعا", "C5993", "درعا", "درعا", 32.62410, 36.10494, "Dar'a")
MAARAT = Place("معرة النعمان", "C3985", "إدلب", "معرة النعمان", 35.64757, 36.67659, "Maarrat An Numan")
# (day, place, type, sub-type, actors, killed, wounded)
PLAN = [
    (date(2022, 10, 15), JASIM, "explosions", "remote-explosive-landmine-ied", ("local-armed-groups", "isis"), 4, 0),
    (date(2022, 10, 15), JASIM, "strategic-developments", "change-to-group-activity", ("local-armed-groups",), 0, 0),
    (date(2022, 10, 14), JASIM, "battles", "armed-clash", ("eighth-brigade", "isis"), 3, 2),
    (date(2022, 10, 14), NAWA, "violence-against-civilians", "attack", ("unidentified-armed-group",), 1, 0),
    (date(2022, 10, 12), TAFAS, "battles", "armed-clash", ("syria-regime-forces", "local-armed-groups"), 2, 5),
    (date(2022, 9, 30), DARAA, "explosions", "shelling-artillery-missile-attack", ("syria-regime-forces",), 0, 3),
    (date(2022, 9, 21), MAARAT, "explosions", "air-drone-strike", ("russia-forces",), 7, 11),
    (date(2022, 9, 2), NAWA, "violence-against-civilians", "attack", ("unidentified-armed-group",), 1, 1),
]


def build(path: Path, seed_text: str) -> None:
    start = seed_text.index("فجرت")
    end = seed_text.index("حوران”.", start) + len("حوران”.")
    evidence = (Span(start, end, seed_text[start:end]),)
    by_day: dict[date, list[Incident]] = {}
    for day, place, kind, sub, actors, killed, wounded in PLAN:
        victims = (Victim("أحمد الخطيب", "نوى", "killed", actors[-1]),) if killed else ()
        by_day.setdefault(day, []).append(Incident(day, place, kind, sub, actors, killed, wounded, victims, evidence))
    items = [
        (Article(id=f"snap-{day}", published=day, text=seed_text, title="مقتل عناصر من “داعش” في جاسم",
                 outlet="تجمع أحرار حوران", url=f"https://example.org/snap/{day}"), incidents)
        for day, incidents in by_day.items()
    ]
    with Store.open(path) as store:
        report = store.ingest_extracted(items)
        assert report.incidents == len(PLAN), report


@pytest.fixture(scope="module")
def snapshot_db(tmp_path_factory, seed_text: str) -> Path:
    path = tmp_path_factory.mktemp("snap") / "snap.duckdb"
    build(path, seed_text)
    return path


@pytest.fixture()
def app(snapshot_db: Path):
    rtl.set_mode("app")
    with Store.open(snapshot_db, read_only=True) as store:
        yield RasdApp(store, lang="ar")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_main_screen_names_in_both_languages(snap_compare, snapshot_db: Path, size, lang):
    """Actors, event types and places by name (قوات النظام / Syrian regime forces), governorate and
    city of one name told apart by their tags (درعا · محافظة / درعا · مدينة)."""
    rtl.set_mode("app")
    with Store.open(snapshot_db, read_only=True) as store:
        assert snap_compare(RasdApp(store, lang=lang), terminal_size=size, run_before=settle)


def test_l_switches_the_language(snap_compare, app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("t")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_timeline_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_timeline_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_timeline_filtered_by_town_with_search_preview(snap_compare, app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("t", "down", "space")
        await settle(pilot)
        await pilot.press("slash", *"جاسم")

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_incident_120x40(snap_compare, app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_summary_120x40(snap_compare, app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_help_80x24(snap_compare, app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
