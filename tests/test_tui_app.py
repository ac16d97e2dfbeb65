"""Workflows of the app driven by Textual's Pilot against a real DuckDB store built from the
sample articles through the real pipeline; every figure is compared with the Store API."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq

import pytest

from store.api import Store
from store.model import Filter
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tui import rtl
from tui.app import RasdApp
from tui.screens.help import HelpScreen, binding_rows
from tui.screens.incident import IncidentScreen
from tui.screens.summary import CellScreen, SummaryScreen
from tui.widgets.arabic import FieldsLine, TextBlocks
from tui.widgets.filter_panel import FacetList
from tui.widgets.incident_list import PAGE, IncidentList
from tui_support import most_killed_first, screen_lines, settle, shown_ids, sync, timeline


def town_positions(store: Store) -> list[int]:
    """Indexes (in the towns list) of facets below governorate level, as the panel shows them."""
    return [i for i, f in enumerate(store.facet_places(Filter())) if f.level > 0]


@sync
async def test_first_paint_matches_the_store(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lst = timeline(app)
        assert lst.total == store.count(Filter()) > 0
        assert shown_ids(lst) == [r.id for r in store.timeline_at(Filter(), 0, PAGE)]
        totals = store.totals(Filter())
        assert f"{totals.incidents:,} reports · {totals.killed:,} killed" in app.main.query_one("#headline", FieldsLine).plain


def footer_keys(app: RasdApp) -> list[tuple[str, str]]:
    return [(k.key, k.description) for k in app.screen.query(FooterKey)]


@sync
async def test_footer_follows_focus_and_is_rebuilt_only_when_its_keys_change(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert ("enter", "open") in footer_keys(app) and ("m", "map") in footer_keys(app)
        await pilot.press("t")                                # the towns list: no "open"
        await settle(pilot)
        assert ("enter", "open") not in footer_keys(app) and ("m", "map") in footer_keys(app)
        keys = list(app.screen.query(FooterKey))
        await pilot.press("g")                                # the groups list has the same keys
        await settle(pilot)
        assert isinstance(app.focused, FacetList) and app.focused.id == "groups"
        assert list(app.screen.query(FooterKey)) == keys     # the same widgets: nothing rebuilt
        await pilot.press("slash")                            # the search box has its own keys
        await settle(pilot)
        assert footer_keys(app) == [("slash", "search"), ("ctrl+p", "palette")]


@sync
async def test_footer_shows_the_keys_before_the_app_has_focus(store: Store, tmp_path: Path):
    """A browser page (`rasd serve`) starts unfocused: the keys are shown all the same."""
    app = RasdApp(store, export_dir=tmp_path)
    app.set_reactive(RasdApp.app_focus, False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.app_focus and ("m", "map") in footer_keys(app)


@sync
async def test_filter_by_two_towns_updates_rows_and_casualty_totals(store: Store, tmp_path: Path):
    towns = town_positions(store)
    assert len(towns) >= 2, "the sample should name at least two towns"
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.press(*["down"] * towns[0], "space")
        await settle(pilot)
        places = app.main.query_one("#places", FacetList)
        first = tuple(places.selected)
        assert len(first) == 1
        f = Filter(places=first)
        lst = timeline(app)
        assert app.main.filter == f
        assert lst.total == store.count(f) > 0
        assert shown_ids(lst) == [r.id for r in store.timeline_at(f, 0, PAGE)]
        totals = store.totals(f)
        assert app.main.totals == totals
        assert f"{totals.killed:,} killed · {totals.wounded:,} wounded" in app.main.query_one("#headline", FieldsLine).plain
        # a second town (several at once); the list keeps the first one selected after re-sorting
        second = next(i for i, fc in enumerate(store.facet_places(Filter())) if fc.level > 0 and fc.key not in first)
        places.highlighted = second
        await pilot.press("space")
        await settle(pilot)
        both = app.main.filter
        assert len(both.places) == 2 and set(first) <= set(both.places)
        assert lst.total == store.count(both) >= store.count(f)
        assert app.main.totals == store.totals(both)
        # the breadcrumb names both towns; c clears everything
        crumb = app.main.query_one("#breadcrumb", FieldsLine).plain
        assert all(rtl.visual(app.naming.key("place", k)) in crumb for k in both.places)
        await pilot.press("escape", "c")
        await settle(pilot)
        assert app.main.filter == Filter()
        assert lst.total == store.count(Filter())


@sync
async def test_search_arabic_with_shaped_preview(store: Store, tmp_path: Path):
    word = "درعا"
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *word)
        assert app.main.query_one("#search-preview", FieldsLine).plain == rtl.visual(word)
        await pilot.press("enter")
        await settle(pilot)
        f = Filter(text=word)
        assert app.main.filter == f
        assert timeline(app).total == store.count(f) > 0
        assert app.main.totals == store.totals(f)


@sync
async def test_sort_and_jump_to_date(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        lst = timeline(app)
        assert shown_ids(lst) == [r.id for r in store.timeline_at(Filter(), 0, PAGE, newest_first=False)]
        middle = store.timeline_at(Filter(), lst.total // 2, 1, newest_first=False)[0]
        await pilot.press("J", *middle.date.isoformat(), "enter")
        await settle(pilot)
        assert lst.cursor == store.position_of_date(Filter(), middle.date, newest_first=False)
        assert lst.current.date == middle.date


@sync
async def test_drill_down_from_the_summary(store: Store, tmp_path: Path):
    assert len(store.summary(Filter(), "month", limit=13)) > 12  # the sample spans years: place × year
    cells = store.pivot(Filter(), "place", "year")
    rows = list(dict.fromkeys(c[0] for c in cells))
    cols = sorted(dict.fromkeys(c[2] for c in cells))  # years in time order
    row_key, _, col_key, _, incidents, _, _ = max(cells, key=lambda c: c[4])
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press(*["down"] * rows.index(row_key), *["right"] * (cols.index(col_key) + 1), "enter")
        await settle(pilot)
        assert isinstance(app.screen, CellScreen)
        f = store.filter_for_cell(Filter(), "place", row_key, "year", col_key)
        lst = app.screen.query_one(IncidentList)
        assert lst.total == store.count(f)
        assert shown_ids(lst) == [r.id for r in store.timeline_at(f, 0, PAGE)]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and app.screen.detail.row.id == lst.row(0).id
    assert lst.total == incidents, "the cell's number and the incidents behind it disagree"


@sync
async def test_review_from_the_list_and_the_incident_screen(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lst = timeline(app)
        first = lst.row(0).id
        await pilot.press("v", *"called the source", "enter")
        await settle(pilot)
        assert lst.row(0).id == first and lst.row(0).review == "verified"
        assert lst.render_line(0).text.startswith("✓")
        detail = store.incident(first)
        assert detail.reviews[0].status == "verified" and detail.reviews[0].note == "called the source"
        # the incident screen shows the fields and the review; x rejects it there
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        assert screen.detail.row.id == first and screen.detail.article_text
        before = store.totals(Filter())
        await pilot.press("x", "enter")
        await settle(pilot)
        assert screen.detail.row.review == "rejected"
        assert store.incident(first).reviews[0].status == "rejected"
        await pilot.press("escape")
        await settle(pilot)
        # a rejected report leaves the list and every total
        assert lst.row(0).id != first and lst.total == before.incidents - 1
        headline = app.main.query_one("#headline", FieldsLine).plain
        assert f"{before.incidents - 1:,} reports" in headline and "rejected left out" in headline
        # R counts rejected reports again, and says so
        await pilot.press("R")
        await settle(pilot)
        assert lst.row(0).id == first and lst.row(0).review == "rejected" and lst.total == before.incidents
        assert f"{before.incidents:,} reports · {before.killed:,} killed" in app.main.query_one("#headline", FieldsLine).plain
        assert "rejected counted" in app.main.query_one("#breadcrumb", FieldsLine).plain
        await pilot.press("R")
        await settle(pilot)
        # the review filter shows it
        await pilot.press("r", "down", "down", "space")
        await settle(pilot)
        assert app.main.filter.review == ("rejected",)
        assert shown_ids(lst) == [first]


def read_back(path: Path, fmt: str) -> list[dict]:
    """The rows of an exported file, read the way its users' tools read it."""
    if fmt == "geojson":
        return [f["properties"] | {"geometry": f["geometry"]} for f in json.loads(path.read_text("utf-8"))["features"]]
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    with path.open(encoding="utf-8-sig" if fmt == "excel" else "utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("fmt", ["csv", "excel", "jsonl", "parquet", "geojson", "acled"])
@sync
async def test_export_writes_what_the_screen_counts_where_asked(store: Store, tmp_path: Path, fmt: str):
    from tui.screens.dialogs import EXPORT_FORMATS

    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.apply(places=("SY12",))
        await settle(pilot)
        on_screen = timeline(app).total
        assert f"timeline · {on_screen:,} ·" in str(app.main.query_one("#timeline-box").border_title)
        await pilot.press("e", *["down"] * EXPORT_FORMATS.index(fmt), "enter")   # the format, then the path
        await settle(pilot)
        offered = app.screen.query_one(Input).value
        assert offered.startswith(str(tmp_path / "rasd-"))
        await pilot.press("home", "ctrl+k", *f"out-{fmt}.x", "enter")
        await settle(pilot)
    path = tmp_path / f"out-{fmt}.x"
    rows = read_back(path, fmt)
    assert len(rows) == on_screen == store.count(Filter(places=("SY12",))) > 0
    said = " ".join(str(n.message) for n in app._notifications)
    assert f"wrote {on_screen:,} incidents to {path}" in said
    if fmt == "excel":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    if fmt == "acled":
        for col in ("event_date", "year", "event_type", "sub_event_type", "actor1", "admin1", "location", "country"):
            assert all(r[col] for r in rows), col
        assert {r["admin1"] for r in rows} == {"Daraa"}                # OCHA's English names
    if fmt == "geojson":
        nulls = sum(r["geometry"] is None for r in rows)
        assert ("null geometry" in said) == (nulls > 0)


@sync
async def test_palette_jumps_to_a_town_by_arabic_name(store: Store, tmp_path: Path):
    hit = store.find_places("درعا", 8)[0]
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"درعا")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.filter.places == (hit.key,)
        assert timeline(app).total == store.count(Filter(places=(hit.key,)))


@sync
async def test_palette_exports_jsonl(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"export jsonl")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")       # the file name offered
        await settle(pilot)
        files = list(tmp_path.glob("rasd-*.jsonl"))
        assert len(files) == 1
        assert len(files[0].read_text(encoding="utf-8").splitlines()) == store.count(Filter())


@sync
async def test_help_names_every_key_in_words_and_reads_at_60_columns(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = binding_rows()
        assert all(keys and what for _where, keys, what in rows)
        shown = "\n".join(line.plain for blocks in app.screen.query(TextBlocks)
                          for line in blocks._layout(blocks.content_region.width))
        for _where, keys, what in rows:
            assert keys in shown and what.split()[0] in shown
        assert "app.quit" not in shown and "main." not in shown          # no internal ids
        assert "quit" in shown and "names in Arabic / English" in shown and "Leaving a date box" in shown
        assert max(len(line) for line in shown.splitlines()) <= 60
        await pilot.press("escape", "q")
    assert app.return_code == 0


@sync
async def test_dedupe_lists_and_counts_one_row_per_incident(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        f = Filter(dedupe=True)
        totals = store.totals(f)
        assert app.main.filter == f
        assert timeline(app).total == store.count(f) == totals.clusters < totals.incidents
        assert shown_ids(timeline(app)) == [r.id for r in store.timeline_at(f, 0, PAGE)]
        assert f"{totals.clusters:,} incidents · {totals.killed_dedup:,} killed" in app.main.query_one("#headline", FieldsLine).plain
        assert "de-duplicated" in app.main.query_one("#breadcrumb", FieldsLine).plain
        await pilot.press("c")        # clear means every filter, de-duplication too
        await settle(pilot)
        assert app.main.filter == Filter() and timeline(app).total == totals.incidents


@sync
async def test_an_empty_result_says_so(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzqx", "enter")
        await settle(pilot)
        assert store.count(Filter(text="zzqx")) == 0 == timeline(app).total
        assert "no incidents match" in timeline(app).render_line(0).text
        assert app.main.totals.killed == 0


@sync
async def test_mouse_picks_a_place_and_opens_a_row(store: Store, tmp_path: Path):
    first = store.facet_places(Filter())[0].key
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        places = app.main.query_one("#places", FacetList)
        await pilot.click(places, offset=(3, 1))  # inside the border: the first place's checkbox
        await settle(pilot)
        assert app.main.filter.places == (first,)
        lst = timeline(app)
        assert lst.total == store.count(app.main.filter)
        await pilot.click(lst, offset=(20, min(1, lst.total - 1)))
        assert lst.cursor == min(1, lst.total - 1)
        await pilot.click(lst, offset=(20, lst.cursor), times=2)
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and app.screen.detail.row.id == lst.current.id


@sync
async def test_the_incident_screen_shows_its_figures(store: Store, tmp_path: Path):
    """The most killed report (K), opened: the killed and wounded lines read its own figures."""
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row = await most_killed_first(pilot)
        assert row.killed != row.wounded
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        fields = {line.split()[0]: line.split()[1] for line in screen_lines(app.screen.query_one("#fields", TextBlocks))
                  if line.split() and line.split()[0] in ("killed", "wounded")}
    assert fields == {"killed": str(row.killed), "wounded": str(row.wounded)}


@sync
async def test_l_says_which_language_in_a_shaped_toast(store: Store, tmp_path: Path):
    """The toast of L is displayed text like any other: Arabic shaped and in reading order."""
    from textual.widgets._toast import Toast
    app = RasdApp(store, export_dir=tmp_path, lang="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        shown = [str(t.render()) for t in app.screen.query(Toast)]
        assert shown == [rtl.visual("الأسماء بالعربية")] and shown[0] != "الأسماء بالعربية"
