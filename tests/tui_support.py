"""Helpers for the tui tests: a real DuckDB store built from the sample articles through the real
pipeline, and a way to wait until the app's thread workers have delivered their results."""
from __future__ import annotations

import asyncio
import functools
import shutil
from pathlib import Path

from textual.worker import WorkerCancelled

from store.api import Store
from store.ingest import ingest_paths
from tui.cli import REPO_SAMPLE
from tui.widgets.incident_list import PAGE, IncidentList

_BUILT: dict[str, Path] = {}


def sample_store_file(directory: Path) -> Path:
    """A DuckDB file of the bundled sample articles (built once per session, copied per test)."""
    if "sample" not in _BUILT:
        src = directory / "sample-master.duckdb"
        with Store.open(src) as store:
            report = ingest_paths(store, [str(REPO_SAMPLE)], None)
            assert report.incidents > 0, report
        _BUILT["sample"] = src
    return _BUILT["sample"]


def eval_store_file(directory: Path, train: Path) -> Path:
    """The sample articles plus the 64 real articles of ../shared/eval/train.articles.jsonl: outliers,
    undated reports and clusters of real reports."""
    if "eval" not in _BUILT:
        src = directory / "eval-master.duckdb"
        with Store.open(src) as store:
            report = ingest_paths(store, [str(REPO_SAMPLE), str(train)], None)
            assert report.incidents > 0 and not report.failed, report
        _BUILT["eval"] = src
    return _BUILT["eval"]


def copy_store(src: Path, dest_dir: Path) -> Path:
    dest = dest_dir / "rasd.duckdb"
    shutil.copy(src, dest)
    return dest


async def settle(pilot, rounds: int = 200) -> None:
    """Wait until no worker is running and no timeline page is pending (workers post messages)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:     # an exclusive reload replaced it (e.g. another process's ingest)
            continue
        await pilot.pause()
        busy = any(w.is_running for w in app.workers) or any(
            getattr(lst, "loading_pages", False) for lst in app.screen.query("IncidentList")
        )
        if not busy:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app did not settle")


def sync(test):
    """Run an async test with asyncio.run (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def timeline(app) -> IncidentList:
    """The main screen's incident list."""
    return app.main.query_one("#timeline", IncidentList)


async def most_killed_first(pilot):
    """Press K (most killed first) and return the top row: the report with the most killed."""
    await pilot.press("K")
    await settle(pilot)
    return timeline(pilot.app).row(0)


def shown_ids(lst: IncidentList) -> list[str]:
    """Ids of the rows of the list's first page."""
    return [lst.row(i).id for i in range(min(lst.total, PAGE))]


def screen_lines(widget) -> list[str]:
    """The text of every line a Line-API widget draws in its region now (what the person sees)."""
    return [widget.render_line(y).text for y in range(widget.size.height)]
