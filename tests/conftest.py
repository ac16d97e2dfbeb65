"""Shared test fixtures: paths to ../shared (the seed, eval set, gazetteer) and the sample data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def private_cache_dir(tmp_path_factory) -> Path:
    """Results the browser keeps between launches (store/warm.py) go to a test directory, not ~/.cache."""
    import os

    os.environ["RASD_CACHE_DIR"] = str(path := tmp_path_factory.mktemp("cache"))
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    return (shared_dir / "seed" / "jasim-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A DuckDB file of the bundled sample articles, built once (copy it before writing to it)."""
    from tui_support import sample_store_file

    return sample_store_file(tmp_path_factory.mktemp("sample"))


@pytest.fixture()
def store(sample_db: Path, tmp_path: Path):
    """A read-write copy of the sample store for one test."""
    from store.api import Store
    from tui_support import copy_store

    with Store.open(copy_store(sample_db, tmp_path)) as s:
        yield s


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for lakes: RASD_TEST_PG's, else a temporary cluster started here."""
    import os

    from pg_cluster import server, server_binaries

    if not os.environ.get("RASD_TEST_PG") and server_binaries() is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine: apt-get install postgresql")
    s = server()
    yield s
    s.stop()


@pytest.fixture(scope="module", params=["file", "lake"])
def new_db(request, tmp_path_factory):
    """new_db(name) names a new, empty store on each back end: a DuckDB file, or a lake whose catalog
    is a fresh database on a real PostgreSQL (its Parquet files in a temporary directory)."""
    if request.param == "file":
        return lambda name="s": tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    pg = request.getfixturevalue("pg_server")

    def make(name: str = "s") -> str:
        return new_lake(pg, tmp_path_factory.mktemp(name))
    return make


def new_lake(pg, data: Path) -> str:
    """A new lake on `pg` with its data under `data`; Store.open(url) then needs no --data."""
    from store.lake import Lake

    url = "ducklake:postgres:" + pg.conninfo(pg.create_database())
    lake = Lake(url, False, data, None)
    with lake.cursor():         # attaching creates the catalog and records the data path
        pass
    lake.close()
    return url
