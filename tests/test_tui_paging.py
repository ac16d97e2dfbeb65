"""The timeline beyond its first page: a store of more than two pages of incidents, each on its own
day and with its own death toll, so every row on screen tells which incident it is."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from extract.model import Article, Incident, Place, Span
from store.api import Store
from store.model import Filter
from tui.app import RasdApp
from tui.widgets.incident_list import PAGE
from tui_support import copy_store, screen_lines, settle, sync, timeline

N = 2 * PAGE + 57                       # rows on three pages, the last one partly filled
FIRST_DAY = date(2020, 1, 1)
PLACES = [Place("جاسم", "C6111", "درعا"), Place("إدلب", "C3871", "إدلب"), Place("دوما", None, "ريف دمشق")]
ROW = re.compile(r"(\d{4}-\d{2}-\d{2}) .* (\d+) +(\d+)\s*$")


def day_of(k: int) -> date:
    """Incident k (oldest first) happened on this day: two days apart, so none share a day or a cluster."""
    return FIRST_DAY + timedelta(days=2 * k)


def synthetic() -> list[tuple[Article, list[Incident]]]:
    """Incident k: killed k, wounded k % 7, on day_of(k); one article each."""
    out = []
    for k in range(N):
        text = f"قتل {k} أشخاص في قصف على المدينة."
        inc = Incident(day_of(k), PLACES[k % len(PLACES)], "explosions", "shelling-artillery-missile-attack",
                       ("syria-regime-forces", "civilians"), k, k % 7, evidence=(Span(0, len(text), text),))
        out.append((Article(f"big-{k}", day_of(k), text, title=f"تقرير {k}", outlet="test"), [inc]))
    return out


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.duckdb"
    with Store.open(path) as store:
        assert store.ingest_extracted(synthetic()).incidents == N
    return path


@pytest.fixture()
def big(big_db: Path, tmp_path: Path):
    with Store.open(copy_store(big_db, tmp_path)) as s:
        yield s


def visible(app: RasdApp) -> list[tuple[int, date, int, int]]:
    """(index, date, killed, wounded) of each row on screen, read from the drawn lines."""
    lst = timeline(app)
    out = []
    for y, line in enumerate(screen_lines(lst)):
        m = ROW.search(line)
        assert m, f"row {lst.scroll_offset.y + y} is not drawn: {line!r}"
        out.append((lst.scroll_offset.y + y, date.fromisoformat(m[1]), int(m[2]), int(m[3])))
    return out


def expected(index: int, newest_first: bool) -> tuple[int, date, int, int]:
    k = N - 1 - index if newest_first else index
    return index, day_of(k), k, k % 7


async def jump(pilot, day: date) -> None:
    await pilot.press("J", *day.isoformat(), "enter")
    await settle(pilot)


@sync
async def test_rows_on_every_page_are_the_right_ones(big: Store, tmp_path: Path):
    app = RasdApp(big, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lst = timeline(app)
        assert lst.total == N
        assert f"{N:,} reports · {sum(range(N)):,} killed" in app.main.query_one("#headline").plain
        seen = visible(app)
        assert seen == [expected(i, True) for i in range(len(seen))]
        # across the first and second page boundaries, by jumping to a date just before each
        for boundary in (PAGE, 2 * PAGE):
            await jump(pilot, day_of(N - 1 - (boundary - 5)))
            assert lst.cursor == boundary - 5
            seen = visible(app)
            assert seen[0][0] == boundary - 5 and seen[-1][0] > boundary
            assert seen == [expected(i, True) for i in range(seen[0][0], seen[0][0] + len(seen))]
        # the last rows (End), then page up over the boundary
        await pilot.press("end")
        await settle(pilot)
        assert lst.cursor == N - 1 and lst.current.killed == 0
        seen = visible(app)
        assert seen[-1] == expected(N - 1, True)
        assert seen == [expected(i, True) for i in range(seen[0][0], N)]
        for _ in range(3):
            await pilot.press("pageup")
            await settle(pilot)
            seen = visible(app)
            assert seen == [expected(i, True) for i in range(seen[0][0], seen[0][0] + len(seen))]
        # Enter opens the incident under the cursor, wherever the page
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.detail.row.killed == N - 1 - lst.cursor


@sync
async def test_oldest_first_under_a_date_filter_pages_the_same_way(big: Store, tmp_path: Path):
    skip = 50                               # the date box leaves out the 50 oldest: still over two pages
    app = RasdApp(big, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o", "d", *day_of(skip).isoformat(), "tab")     # leaving "from": that day onwards
        await settle(pilot)
        lst = timeline(app)
        assert app.main.filter == Filter(date_from=day_of(skip)) and lst.total == N - skip > PAGE

        def oldest(i: int) -> tuple[int, date, int, int]:
            return (i, *expected(i + skip, False)[1:])
        seen = visible(app)
        assert seen == [oldest(i) for i in range(len(seen))]
        await jump(pilot, day_of(skip + PAGE - 3))
        seen = visible(app)
        assert seen[0][0] == PAGE - 3 and seen[-1][0] > PAGE
        assert seen == [oldest(i) for i in range(PAGE - 3, PAGE - 3 + len(seen))]
        await pilot.press("end")
        await settle(pilot)
        seen = visible(app)
        assert seen == [oldest(i) for i in range(seen[0][0], lst.total)]
