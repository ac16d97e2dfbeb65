"""The victims register (V): a hand-built store of seven named people whose order, groups and
spelling variants are worked out in the comments; driven through Pilot, the CLI and the files it
writes, compared with those hand counts."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from extract.model import Article, Incident, Place, Span, Victim
import store.api as store_api
from store.api import Store
from store.model import Filter
from tui.app import RasdApp
from tui.screens.incident import IncidentScreen
from tui.screens.victims import VictimsScreen
from tui.widgets.arabic import FieldsLine
from tui.widgets.register import RegisterList
from tui_support import settle, sync

JASIM = Place("جاسم", "C6111", "درعا")
NAWA = Place("نوى", "C6124", "درعا")
IDLIB = Place("إدلب", "C3871", "إدلب")
# (day, place, killed, [(name as the article spells it, hometown, outcome, side)])
PLAN = [
    (date(2022, 10, 15), JASIM, 2, [("أحمد الخطيب", "نوى", "killed", "isis"), ("مُحَمَّد العلي", "جاسم", "wounded", None)]),
    (date(2022, 10, 14), NAWA, 1, [("فاطمة الزهراء", "نوى", "killed", None), ("مصطفى الحلبي", None, "arrested", None)]),
    (date(2022, 9, 2), IDLIB, 1, [("عيسى إبراهيم", "سرمين", "abducted", None), ("احمد خطيب", "نوى", "killed", None),
                                  ("زينب الحسن", "سرمين", "killed", None)]),
]
# 7 people. By date: the 10-15 pair, the 10-14 pair, the 09-02 three.
# By hometown, biggest group first: نوى 3 (أحمد الخطيب, فاطمة الزهراء, احمد خطيب), سرمين 2, جاسم 1,
# unknown 1 (مصطفى الحلبي) last.
# "احمد الخطيب" matches أحمد الخطيب (hamza, article) and احمد خطيب; "فاطمه" فاطمة (ta marbuta);
# "مصطفي" مصطفى (alef maqsura); "محمد" مُحَمَّد (diacritics); "عيسي ابراهيم" عيسى إبراهيم.
SEARCHES = {"احمد الخطيب": {"أحمد الخطيب", "احمد خطيب"}, "فاطمه": {"فاطمة الزهراء"}, "مصطفي": {"مصطفى الحلبي"},
            "محمد": {"مُحَمَّد العلي"}, "عيسي ابراهيم": {"عيسى إبراهيم"}, "الحسن زينب": {"زينب الحسن"}}


@pytest.fixture(scope="module")
def register_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("register") / "register.duckdb"
    items = []
    for day, place, killed, people in PLAN:
        text = f"قتل {killed} في {place.name} يوم {day}."
        victims = tuple(Victim(n, h, o, s) for n, h, o, s in people)
        incident = Incident(day, place, "violence-against-civilians", "attack", ("unidentified-armed-group",), killed, 0,
                            victims, (Span(0, len(text), text),))
        items.append((Article(id=f"r-{day}", published=day, text=text, title="تقرير"), [incident]))
    with Store.open(path) as store:
        assert store.ingest_extracted(items).incidents == len(PLAN)
    return path


@pytest.fixture()
def store(register_db: Path):
    with Store.open(register_db, read_only=True) as s:
        yield s


def names(rows) -> list[str]:
    return [r.name for r in rows]


@pytest.mark.parametrize("in_memory", [20_000, 0], ids=["read-whole", "page-by-page"])
def test_store_orders_groups_and_searches(store: Store, monkeypatch, in_memory: int):
    monkeypatch.setattr(store_api, "REGISTER_IN_MEMORY", in_memory)
    everyone = Filter()
    assert names(store.victims_page(everyone, 2, 3, "name")) == sorted(n for *_, people in PLAN for n, *_ in people)[2:5]
    assert store.victims_count(everyone) == 7
    assert names(store.victims_page(everyone, 0, 10, "date"))[:2] == ["أحمد الخطيب", "مُحَمَّد العلي"]
    assert names(store.victims_page(everyone, 0, 10, "name")) == sorted(n for *_, people in PLAN for n, *_ in people)
    assert store.victims_by_hometown(everyone) == [("نوى", 3), ("سرمين", 2), ("جاسم", 1), (None, 1)]
    assert [r.hometown for r in store.victims_page(everyone, 0, 10, "group")] == ["نوى"] * 3 + ["سرمين"] * 2 + ["جاسم", None]
    for query, expected in SEARCHES.items():
        assert set(names(store.victims_page(everyone, 0, 10, "date", query))) == expected, query
        assert store.victims_count(everyone, query) == len(expected)
    # the filter applies: Daraa's incidents name four people
    assert store.victims_count(Filter(places=("SY12",))) == 4


async def open_register(pilot) -> VictimsScreen:
    await settle(pilot)
    await pilot.press("V")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, VictimsScreen)
    return screen


def shown(screen: VictimsScreen) -> list[str]:
    """What the register's lines say: a person's name, or "# hometown n" on a group's header."""
    lst = screen.query_one(RegisterList)
    out = []
    for y in range(lst.lines):
        group, person = lst.line(y)
        out.append(f"# {lst.groups.names[group]} {lst.groups.sizes[group]}" if person is None else lst.row(person).name)
    return out


@sync
async def test_register_sorts_groups_searches_and_opens(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        assert "named victims · 7 people · by date" in screen.query_one("#victims-title", FieldsLine).plain
        assert shown(screen) == names(store.victims_page(Filter(), 0, 10, "date"))
        await pilot.press("o")
        await settle(pilot)
        assert shown(screen) == names(store.victims_page(Filter(), 0, 10, "name"))
        await pilot.press("o")
        await settle(pilot)
        assert shown(screen)[-1] == "مصطفى الحلبي"   # by hometown: the unknown last
        await pilot.press("h")
        await settle(pilot)
        assert shown(screen) == ["# نوى 3", "أحمد الخطيب", "فاطمة الزهراء", "احمد خطيب", "# سرمين 2", "عيسى إبراهيم",
                                 "زينب الحسن", "# جاسم 1", "مُحَمَّد العلي", "# None 1", "مصطفى الحلبي"]
        lst = screen.query_one(RegisterList)
        assert "5 people" not in lst.render_line(0).text and "3 people" in lst.render_line(0).text
        # Enter on a group's header does nothing; on a person it opens the incident
        await pilot.press("enter")
        assert app.screen is screen
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        assert "فاطمة الزهراء" in [v.name for v in app.screen.detail.victims]
        await pilot.press("escape")
        await settle(pilot)
        # a spelling-insensitive name search, typed
        await pilot.press("slash", *"احمد الخطيب", "enter")
        await settle(pilot)
        assert shown(screen) == ["# نوى 2", "أحمد الخطيب", "احمد خطيب"]
        assert "named victims · 2 people" in screen.query_one("#victims-title", FieldsLine).plain


@sync
async def test_register_follows_the_filter_and_exports(store: Store, tmp_path: Path):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.main.apply(places=("SY12",))
        screen = await open_register(pilot)
        assert sorted(shown(screen)) == sorted(["أحمد الخطيب", "مُحَمَّد العلي", "فاطمة الزهراء", "مصطفى الحلبي"])
        await pilot.press("e", "down", "enter")   # jsonl
        await settle(pilot)
        await pilot.press("enter")                # the file name offered in the export directory
        await settle(pilot)
    [path] = tmp_path.glob("rasd-victims-*.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["name"] for r in rows] == names(store.victims_page(Filter(places=("SY12",)), 0, 10, "date"))
    assert rows[0] | {"incident_id": None} == {"name": "أحمد الخطيب", "outcome": "killed", "hometown": "نوى",
                                                "date": "2022-10-15", "place_name": "جاسم", "place_pcode": "C6111",
                                                "admin1": "درعا", "side": "isis", "review": "unreviewed",
                                                "incident_id": None}


def test_cli_exports_the_register(register_db: Path, tmp_path: Path):
    rasd = Path(sys.executable).with_name("rasd")
    out = tmp_path / "people.csv"
    done = subprocess.run([str(rasd), "--db", str(register_db), "export", "--victims", "-f", "csv", "-o", str(out),
                           "--from", "2022-10-01"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "wrote 4 people" in done.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == ["أحمد الخطيب", "مُحَمَّد العلي", "فاطمة الزهراء", "مصطفى الحلبي"]
    assert rows[3]["hometown"] == "" and rows[3]["outcome"] == "arrested"
    bad = subprocess.run([str(rasd), "--db", str(register_db), "export", "--victims", "-f", "parquet", "-o",
                          str(tmp_path / "x.parquet")], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "csv or jsonl" in bad.stderr


def test_register_reads_corrected_victims(register_db: Path, tmp_path: Path):
    import json
    import shutil

    db = tmp_path / "corrected.duckdb"
    shutil.copy(register_db, db)
    with Store.open(db) as store:
        first = store.victims_page(Filter(), 0, 1, "date")[0]     # أحمد الخطيب, of the 10-15 incident
        fixed = [{"name": "أحمد الخطيب", "hometown": "طفس", "outcome": "killed", "actor_id": "isis"}]
        assert store.correct(first.incident_id, "victims", json.dumps(fixed, ensure_ascii=False))
        assert store.victims_count(Filter()) == 6                  # مُحَمَّد العلي was taken off that list
        assert store.victims_count(Filter(), "محمد") == 0
        assert ("طفس", 1) in store.victims_by_hometown(Filter())
