"""Snapshots of the map (m) and the victims register (V) at 80×24 and 120×40, over the fixed
hand-written store of tests/test_tui_snapshots.py. Update after a deliberate change of look with
`pytest --snapshot-update`."""
from __future__ import annotations

from pathlib import Path

import pytest

from store.api import Store
from tui import rtl
from tui.app import RasdApp
from tui_support import settle
from test_tui_snapshots import build


@pytest.fixture(scope="module")
def snapshot_db(tmp_path_factory, seed_text: str) -> Path:
    path = tmp_path_factory.mktemp("snap") / "snap.duckdb"
    build(path, seed_text)
    return path


@pytest.fixture()
def app(snapshot_db: Path):
    rtl.set_mode("app")
    with Store.open(snapshot_db, read_only=True) as store:
        yield RasdApp(store)


def press(*keys: str):
    async def run_before(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
    return run_before


def test_map_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=press("m"))


def test_map_120x40_killed_after_a_step_north(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=press("m", "s", "k"))


def test_register_80x24_grouped_by_hometown(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=press("V", "h"))


def test_register_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=press("V"))
