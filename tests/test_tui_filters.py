"""The browser with a filter set, as a person uses it: dates typed into the date boxes, an export of
the current filter (key and palette) read back, and `--bidi terminal` on the incident screen."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import SelectionList

from store.api import Store
from store.model import Filter
from tui import rtl
from tui.app import RasdApp
from tui.screens.incident import IncidentScreen
from tui.widgets.arabic import FieldsLine, TextBlocks
from tui_support import screen_lines, settle, sync, timeline


def listed_dates(app: RasdApp) -> list[date | None]:
    lst = timeline(app)
    return [lst.row(i).date for i in range(min(lst.total, 200))]


def headline(app: RasdApp) -> str:
    return app.main.query_one("#headline", FieldsLine).plain


@sync
async def test_the_date_boxes_filter_from_and_to(store: Store, tmp_path: Path):
    f = Filter(date_from=date(2022, 1, 1), date_to=date(2023, 6, 30))
    year = Filter(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31))
    everything, inside, in_year = store.count(Filter()), store.count(f), store.count(year)
    until = store.count(Filter(date_to=date(2023, 6, 30)))
    assert 0 < in_year < inside < until < everything, "the sample should have incidents before, inside and after"
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2022", "enter")            # a year, "to" empty: that whole year
        await settle(pilot)
        assert app.main.filter == year and timeline(app).total == in_year
        assert app.main.query_one("#date-to").value == "2022-12-31"
        await pilot.press("d", "tab", *["backspace"] * 10, *"2023-06", "enter")  # a month in "to": its last day
        await settle(pilot)
        assert app.main.filter == f
        assert timeline(app).total == inside
        assert all(f.date_from <= d <= f.date_to for d in listed_dates(app))
        totals = store.totals(f)
        assert f"{totals.incidents:,} reports · {totals.killed:,} killed · {totals.wounded:,} wounded" in headline(app)
        assert "2022-01-01 – 2023-06-30" in app.main.query_one("#breadcrumb", FieldsLine).plain
        assert app.main.query_one("#date-to").value == "2023-06-30"
        # the "from" box emptied: everything up to the "to" date
        await pilot.press("d", *["backspace"] * 12, "enter")
        await settle(pilot)
        assert app.main.filter == Filter(date_to=date(2023, 6, 30))
        assert timeline(app).total == until
        assert "until 2023-06-30" in app.main.query_one("#breadcrumb", FieldsLine).plain


def exported_ids(path: Path) -> list[str]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return [r["id"] for r in csv.DictReader(fh)]
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def expected_ids(store: Store, f: Filter) -> list[str]:
    """The filter's incidents, oldest first (the export's order)."""
    return [r.id for r in store.timeline_at(f, 0, store.count(f), newest_first=False)]


@sync
async def test_export_key_writes_the_current_filter(store: Store, tmp_path: Path):
    word = "درعا"
    f = Filter(text=word)
    assert 0 < store.count(f) < store.count(Filter())
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *word, "enter")
        await settle(pilot)
        assert app.main.filter == f
        await pilot.press("e", "enter")  # the first format: csv
        await settle(pilot)
        await pilot.press("enter")       # the file name offered in the export directory
        await settle(pilot)
        files = list(tmp_path.glob("rasd-*.csv"))
        assert len(files) == 1
        assert exported_ids(files[0]) == expected_ids(store, f)
        assert any(f"wrote {store.count(f):,} incidents to {files[0]} (csv)" == str(n.message) for n in app._notifications)


@sync
async def test_palette_export_writes_the_current_filter(store: Store, tmp_path: Path):
    f = Filter(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    assert 0 < store.count(f) < store.count(Filter())
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2024", "enter")
        await settle(pilot)
        assert app.main.filter == f
        await pilot.press("ctrl+p", *"export jsonl")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")       # the file name offered
        await settle(pilot)
        files = list(tmp_path.glob("rasd-*.jsonl"))
        assert len(files) == 1
        assert exported_ids(files[0]) == expected_ids(store, f)
        assert all("2024-01-01" <= json.loads(line)["date"] <= "2024-12-31" for line in files[0].read_text(encoding="utf-8").splitlines())


@pytest.fixture()
def terminal_bidi():
    rtl.set_mode("terminal")
    yield
    rtl.set_mode("app")


@sync
async def test_bidi_terminal_leaves_the_article_in_logical_order(store: Store, tmp_path: Path, terminal_bidi):
    """With `--bidi terminal` the terminal reorders: every line of the evidence and the article
    reaches it in logical order, unshaped, so the words read back in the article's own order."""
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IncidentScreen) and screen.detail is not None
        d = screen.detail
        article = screen_lines(screen.query_one("#article", TextBlocks))
        assert len(article) > 3, "the article should wrap onto several lines"
        assert " ".join(article).split() == rtl.clean(d.article_text).split()
        fields = screen_lines(screen.query_one("#fields", TextBlocks))
        labels = [line[:17].strip() for line in fields]
        start = labels.index("evidence")
        evidence = " ".join(line[17:] for line in fields[start:labels.index("id", start)])
        assert evidence.split() == rtl.clean(d.evidence).split()


@sync
async def test_export_over_an_existing_file_asks_first(store: Store, tmp_path: Path):
    """Typing the name of a file that exists: Escape keeps it untouched, y writes over it."""
    target = tmp_path / "mine.csv"
    target.write_text("keep me\n", encoding="utf-8")
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for answer in ("escape", "y"):
            await pilot.press("e", "enter")                      # csv, then the file name prompt
            await settle(pilot)
            await pilot.press("ctrl+u", *"mine.csv", "enter")    # an existing file: asked first
            await settle(pilot)
            assert target.read_text(encoding="utf-8") == "keep me\n"
            await pilot.press(answer, *(["enter"] if answer == "y" else []))
            await settle(pilot)
    assert exported_ids(target) == expected_ids(store, Filter())



@sync
async def test_facet_counts_stay_on_screen_when_the_terminal_narrows(store: Store, tmp_path: Path):
    """Facet rows are fitted to their list's width: after a resize each row still ends with its count."""
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for size in ((80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            for ident in ("#places", "#groups", "#types"):
                facets = app.main.query_one(ident, SelectionList)
                rows = screen_lines(facets)
                assert len(rows) >= 5, (size, ident)
                for y, line in enumerate(rows):
                    count = facets.get_option_at_index(facets.scroll_offset.y + y).prompt.plain.split()[-1]
                    assert count.replace(",", "").isdigit() and line.rstrip(" ▁▂▃▄▅▆▇█").endswith(count), (size, line)
