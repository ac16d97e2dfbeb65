"""Import hygiene: data flows one way (extract -> store -> tui), and lazy imports keep startup light.

Each check runs in a fresh interpreter, so modules loaded by other tests cannot hide a violation.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


def loaded_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def top_levels(mods: set[str]) -> set[str]:
    return {m.split(".")[0] for m in mods}


@pytest.mark.parametrize(
    "statement, forbidden",
    [
        ("import extract.pipeline", {"store", "tui", "duckdb", "textual"}),
        ("import store.api, store.ingest, store.query, store.export", {"tui", "textual"}),
        ("import tui.cli", {"textual", "duckdb", "store"}),
    ],
)
def test_lower_layers_never_load_higher_ones(statement: str, forbidden: set[str]) -> None:
    assert top_levels(loaded_after(statement)) & forbidden == set()


def test_extract_command_loads_neither_database_nor_ui() -> None:
    """`rasd extract` only needs the extractor, the article reader and the error types: no DuckDB,
    pyarrow or Textual on the path."""
    mods = loaded_after("import tui.cmd_extract")
    assert {"duckdb", "textual", "pyarrow"} & top_levels(mods) == set()
    assert {m for m in mods if m.split(".")[0] == "store"} <= {"store", "store.errors", "store.sources"}


def test_browser_loads_neither_exporter_nor_ingester() -> None:
    """pyarrow, the exporter and the ingester (multiprocessing) load when used, not on the way to first paint."""
    mods = loaded_after("import tui.app, tui.cmd_browse")
    assert {"pyarrow", "store.export", "store.ingest", "multiprocessing"} & mods == set()
