"""The map (m): a hand-built store of seven incidents at four places whose totals and mark sizes are
worked out in the comments, driven through Pilot; and the map in a real 16-colour terminal."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.model import Article, Incident, Place, Span
from store.api import Store
from store.model import Filter
from tui import mapdraw, rtl
from tui.app import RasdApp
from tui.screens.map import MapScreen
from tui.widgets.arabic import FieldsLine
from tui_support import copy_store, sample_store_file, settle, sync
from tui_tmux import Tmux

JASIM = Place("جاسم", "C6111", "درعا", "إزرع", 32.99115, 36.06023, "Jasim")
NAWA = Place("نوى", "C6124", "درعا", "إزرع", 32.88825, 36.04097, "Nawa")
MAARAT = Place("معرة النعمان", "C3985", "إدلب", "معرة النعمان", 35.64757, 36.67659, "Maarrat An Numan")
QAMISHLI = Place("القامشلي", "C4564", "الحسكة", "القامشلي", 37.04475, 41.22618, "Qamishli")
# (day, place, type, sub-type, actors, killed)
PLAN = [
    (date(2022, 10, 15), JASIM, "battles", "armed-clash", ("local-armed-groups", "isis"), 4),
    (date(2022, 10, 14), JASIM, "battles", "armed-clash", ("eighth-brigade", "isis"), 3),
    (date(2022, 10, 13), JASIM, "explosions", "remote-explosive-landmine-ied", ("isis",), 0),
    (date(2022, 10, 12), NAWA, "violence-against-civilians", "attack", ("unidentified-armed-group",), 1),
    (date(2022, 9, 21), MAARAT, "explosions", "air-drone-strike", ("russia-forces",), 12),
    (date(2022, 9, 1), QAMISHLI, "protests", "peaceful-protest", ("civilians",), 0),
    (date(2022, 9, 2), QAMISHLI, "protests", "peaceful-protest", ("civilians",), 0),
]
# Totals (7 incidents, 20 killed): Jasim 3 incidents / 7 killed (mostly battles), Qamishli 2 / 0, Nawa 1 / 1, Maarat 1 / 12.
# Size class = 1 + min(3, int(3 * sqrt(value / biggest) + 0.5)):
#   by incidents (biggest 3): Jasim 4; Qamishli sqrt(2/3) -> 3; Nawa, Maarat sqrt(1/3) -> 3
#   by killed (biggest 12):   Maarat 4; Jasim sqrt(7/12) -> 3; Nawa sqrt(1/12) -> 2; Qamishli 0 -> 1
BY_INCIDENTS = {"C6111": 4, "C4564": 3, "C6124": 3, "C3985": 3}
BY_KILLED = {"C3985": 4, "C6111": 3, "C6124": 2, "C4564": 1}


@pytest.fixture(scope="module")
def map_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.duckdb"
    items = []
    for n, (day, place, kind, sub, actors, killed) in enumerate(PLAN):
        text = f"حادثة رقم {n} في {place.name}."
        incident = Incident(day, place, kind, sub, actors, killed, 0, (), (Span(0, len(text), text),))
        items.append((Article(id=f"m-{n}", published=day, text=text, title="تقرير"), [incident]))
    with Store.open(path) as store:
        assert store.ingest_extracted(items).incidents == len(PLAN)
    return path


@pytest.fixture()
def store(map_db: Path, tmp_path: Path):
    with Store.open(copy_store(map_db, tmp_path)) as s:
        yield s


async def open_map(pilot) -> MapScreen:
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MapScreen) and screen.canvas.drawing is not None
    return screen


def colour_cells(screen: MapScreen, colour: str) -> int:
    return sum(1 for line in screen.canvas.drawing.cells for _ch, look in line if look == colour)


def test_store_totals_per_place(store: Store):
    points, unplaced = store.map_points(Filter())
    assert unplaced == 0
    assert [(p.key, p.incidents, p.killed, p.event_type) for p in points] == [
        ("C6111", 3, 7, "battles"), ("C4564", 2, 0, "protests"), ("C3985", 1, 12, "explosions"),
        ("C6124", 1, 1, "violence-against-civilians")]
    # filtered to explosions, Jasim's mark is its one explosion (its glyph no longer its battles')
    points, unplaced = store.map_points(Filter(event_types=("explosions",)))
    assert [(p.key, p.incidents, p.event_type) for p in points] == [("C3985", 1, "explosions"), ("C6111", 1, "explosions")]


@sync
async def test_mark_sizes_follow_the_filter_and_the_size_key(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_map(pilot)
        assert screen.canvas.drawing.sizes == BY_INCIDENTS
        assert "map · 4 places · 7 incidents · 20 killed" in screen.query_one("#map-title", FieldsLine).plain
        explosions = mapdraw.KINDS["explosions"][1]     # Maarat's colour: no other place is mostly explosions
        small = colour_cells(screen, explosions)
        await pilot.press("s")
        await settle(pilot)
        assert screen.canvas.drawing.sizes == BY_KILLED
        assert colour_cells(screen, explosions) > small
        assert screen.canvas.cursor == "C6111"          # the cursor stays on its place (Jasim)
        await pilot.press("escape")
        await settle(pilot)
        app.main.apply(actors=("russia-forces",))
        screen = await open_map(pilot)
        assert screen.canvas.drawing.sizes == {"C3985": 4}
        assert "map · 1 places · 1 incidents · 12 killed" in screen.query_one("#map-title", FieldsLine).plain


@sync
async def test_cursor_then_enter_filters_the_timeline(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_map(pilot)
        assert screen.canvas.cursor == "C6111"          # the biggest mark by incidents: Jasim
        assert rtl.visual("جاسم") in screen.query_one("#map-place", FieldsLine).plain
        await pilot.press("j")                          # south of Jasim: Nawa
        assert screen.canvas.cursor == "C6124"
        await pilot.press("k", "k")                     # north of Nawa: Jasim, then Maarat
        assert screen.canvas.cursor == "C3985"
        assert "1 incidents · 12 killed" in screen.query_one("#map-place", FieldsLine).plain
        await pilot.press("l")                          # east of Maarat: Qamishli
        assert screen.canvas.cursor == "C4564"
        await pilot.press("h", "enter")
        await settle(pilot)
        assert app.screen is app.main
        assert app.main.filter == Filter(places=("C3985",))
        assert app.main.query_one("#timeline").total == store.count(Filter(places=("C3985",))) == 1


@sync
async def test_zoom_to_a_governorate_and_out(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_map(pilot)
        await pilot.press("plus")                       # the cursor's governorate: Daraa
        await settle(pilot)
        assert screen.zoom == "SY12"
        assert {p.key for p in screen.canvas.drawing.shown} == {"C6111", "C6124"}
        await pilot.press("minus")
        await settle(pilot)
        assert screen.zoom is None and len(screen.canvas.drawing.shown) == 4
        await pilot.press("ctrl+p", *"zoom to Hasakah")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.zoom == "SY08"
        assert [p.key for p in screen.canvas.drawing.shown] == ["C4564"]


def test_map_in_a_16_colour_terminal_shows_shaped_governorate_names(tmp_path_factory, tmp_path: Path):
    db = copy_store(sample_store_file(tmp_path_factory.mktemp("sample")), tmp_path)
    term = Tmux(db, tmp_path / "raw.out", size=(80, 24), term="xterm")
    try:
        term.settled(" reports · ", timeout=90)
        term.keys("m")
        screen = term.settled("map · ")
        with Store.open(db, read_only=True) as store:
            names = [g.name_ar for g in store.governorates()]
        shown = [n for n in names if rtl.visual(n) in screen]
        assert len(shown) >= 3, screen              # shaped and reordered, as every Arabic field
        assert not [n for n in names if len(n) > 3 and n in screen], screen   # never in logical order
        assert "✕ battles" in screen and "size: incidents (s)" in screen
        term.keys("q")
        term.wait_for("RASD-EXITED 0")
    finally:
        term.close()
    raw = (tmp_path / "raw.out").read_bytes()
    assert b"\x1b[38;2;" not in raw and b"\x1b[38;5;" not in raw   # TERM=xterm: 16 colours only


@sync
async def test_the_palette_opens_the_map(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"open the map")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen) and len(app.screen.canvas.drawing.shown) == 4


def test_a_corrected_place_moves_its_mark(store: Store):
    nawa = store.timeline_at(Filter(places=("C6124",)), 0, 1)[0]
    assert store.correct(nawa.id, "place", "C3985")               # Nawa's incident was in Maarat
    points = {p.key: (p.incidents, p.killed) for p in store.map_points(Filter())[0]}
    assert "C6124" not in points and points["C3985"] == (2, 13)


def test_an_incident_in_a_region_has_its_own_mark(store: Store):
    """The extractor codes an incident in a region (الغوطة الشرقية) to its governorate under the
    region's name; the lists count it under the region, and so does the map (it once left it out)."""
    ghouta = Place("الغوطة الشرقية", "SY03", "ريف دمشق", None, 33.5, 37.38333, "Eastern Ghouta")
    text = "قصف على الغوطة الشرقية."
    day = date(2022, 10, 20)
    incident = Incident(day, ghouta, "explosions", "shelling-artillery-missile-attack", ("syria-regime-forces",), 5, 0,
                        (), (Span(0, len(text), text),))
    store.ingest_extracted([(Article(id="m-ghouta", published=day, text=text, title="تقرير"), [incident])])
    points, unplaced = store.map_points(Filter())
    assert ("region:الغوطة الشرقية", 1, 5) in [(p.key, p.incidents, p.killed) for p in points]
    assert sum(p.incidents for p in points) + unplaced == store.count(Filter()) == len(PLAN) + 1
    assert [p.key for p in store.map_points(Filter(places=("region:الغوطة الشرقية",)))[0]] == ["region:الغوطة الشرقية"]


def test_incidents_without_coordinates_are_counted_not_drawn(store: Store):
    """A place the gazetteer has no coordinates for has no mark; the map says how many such incidents
    the filter holds, also when they are all it holds."""
    nowhere = Place("مكان ما", None, None, None, None, None, None)
    day = date(2022, 11, 5)
    text = "اشتباكات في مكان ما."
    incident = Incident(day, nowhere, "battles", "armed-clash", ("isis",), 2, 0, (), (Span(0, len(text), text),))
    store.ingest_extracted([(Article(id="m-nowhere", published=day, text=text, title="تقرير"), [incident])])
    points, unplaced = store.map_points(Filter())
    assert unplaced == 1 and sum(p.incidents for p in points) == len(PLAN)
    assert store.map_points(Filter(date_from=day, date_to=day)) == ([], 1)
    assert store.map_points(Filter(date_from=date(2030, 1, 1))) == ([], 0)
