"""Shared test fixtures: paths to ../shared (the seed, eval set, gazetteer) and the sample data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


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
