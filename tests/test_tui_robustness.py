"""Issue 12 in the browser (Pilot, a real store, real other processes): a review is acknowledged only
once it is in the file, another process's ingest shows up without a key, and reviews made while an
ingest runs survive it."""
from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from store.api import Store
from store.model import Filter
from tui.app import RasdApp
from tui_support import settle, sync, timeline


def messages(app: RasdApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def more_articles(path: Path, copies: int) -> Path:
    """The sample again under new ids with a changed word, so every article is new to the store."""
    sample = (ROOT / "sample_data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [dict(json.loads(s), id=f"more-{k}-{n}") for k in range(copies) for n, s in enumerate(sample)]
    path.write_text("".join(json.dumps(dict(r, text=r["text"] + f" {r['id']}"), ensure_ascii=False) + "\n"
                            for r in rows), encoding="utf-8")
    return path


async def ingest_process(db: Path | str, src: Path, *extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "tui.cli", "--db", str(db), "ingest", str(src),
                                                *extra, cwd=ROOT, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.PIPE)


@pytest.fixture(params=["file", "lake"])
def any_store(request, sample_db: Path, tmp_path: Path):
    """The sample store on each back end: a copy of the file, or a new lake (on a real PostgreSQL)
    it was imported into."""
    if request.param == "file":
        yield request.getfixturevalue("store")
        return
    from conftest import new_lake

    with Store.open(new_lake(request.getfixturevalue("pg_server"), tmp_path / "lake")) as s:
        s.import_store(sample_db)
        yield s


@pytest.mark.parametrize("how", ["deleted", "truncated"])
@sync
async def test_11_a_review_into_a_vanished_store_is_not_acknowledged(store: Store, tmp_path: Path, how: str):
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if how == "deleted":
            store.path.unlink()
        else:
            os.truncate(store.path, 0)
        await pilot.press("v", "enter")
        await settle(pilot)
        said = messages(app)
        assert not [m for m in said if m.startswith("saved:")], said
        assert [m for m in said if m.startswith("review NOT saved") and "was deleted or truncated" in m], said


@sync
async def test_12_another_process_s_ingest_shows_without_a_key(any_store: Store, tmp_path: Path):
    store = any_store
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = timeline(app).total
        proc = await ingest_process(store.path, more_articles(tmp_path / "more.jsonl", 1))
        _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        for _ in range(100):                 # no key pressed: the app notices by itself
            await pilot.pause(0.1)
            if timeline(app).total > before:
                break
        await settle(pilot)
        assert timeline(app).total == store.count(Filter()) > before
        assert any(m.startswith("new data in the store") for m in messages(app))


@sync
async def test_reviews_made_while_another_process_ingests_survive(any_store: Store, tmp_path: Path):
    store = any_store
    app = RasdApp(store, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        ids = [r.id for r in store.timeline_at(Filter(), 0, 6)]
        proc = await ingest_process(store.path, more_articles(tmp_path / "more.jsonl", 2), "--batch", "10")
        reviewed = []
        for iid in ids:               # on each incident's own screen, so the row is the one meant
            if proc.returncode is not None:
                break
            app.open_incident(iid)
            await settle(pilot)
            await pilot.press("v", "enter")
            await settle(pilot)
            await pilot.press("escape")
            reviewed.append(iid)
        _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        assert reviewed and not [m for m in messages(app) if m.startswith("review NOT saved")]
    for iid in reviewed:
        assert store.incident(iid).reviews[0].status == "verified", iid
