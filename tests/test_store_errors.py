"""Bad database files give StoreError with one clear line; the CLI prints it without a traceback."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from store.api import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent


def error_of(path: Path, **kw) -> str:
    with pytest.raises(StoreError) as e:
        Store.open(path, **kw)
    msg = str(e.value)
    assert "\n" not in msg and str(path) in msg
    return msg


def test_missing_read_only(tmp_path):
    assert "no rasd store" in error_of(tmp_path / "nope.duckdb", read_only=True)
    assert not (tmp_path / "nope.duckdb").exists()


def test_corrupt_file(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("this is not a database\n")
    assert "not a DuckDB database" in error_of(bad)
    assert "not a DuckDB database" in error_of(bad, read_only=True)
    assert bad.read_text() == "this is not a database\n"          # left untouched


def test_directory(tmp_path):
    assert "is a directory" in error_of(tmp_path)


def test_foreign_duckdb_file(tmp_path):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE sales (x INTEGER)")
    assert "not a rasd store" in error_of(other)


def altered_store(tmp_path, *sql: str) -> Path:
    """A new store, then changed behind rasd's back with `sql`."""
    path = tmp_path / "altered.duckdb"
    Store.open(path).close()
    with duckdb.connect(str(path)) as con:
        for statement in sql:
            con.execute(statement)
    return path


def test_newer_schema_version(tmp_path):
    path = altered_store(tmp_path, "INSERT INTO schema_version VALUES (99, now())")
    assert "newer rasd" in error_of(path)
    assert "newer rasd" in error_of(path, read_only=True)


@pytest.mark.parametrize("stamp", ["DELETE FROM meta WHERE key = 'schema'",           # made before stamps
                                   "UPDATE meta SET value = 1 WHERE key = 'schema'"])   # by other migrations
def test_store_from_a_development_schema(tmp_path, stamp):
    path = altered_store(tmp_path, "ALTER TABLE incidents DROP COLUMN review", stamp)
    assert "development version of rasd (no column incidents.review)" in error_of(path, read_only=True)
    assert "development version of rasd (no column incidents.review)" in error_of(path)


def test_a_store_without_the_schema_stamp_is_checked_once_then_stamped(tmp_path):
    path = altered_store(tmp_path, "DELETE FROM meta WHERE key = 'schema'")

    def stamps() -> int:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute("SELECT count(*) FROM meta WHERE key = 'schema'").fetchall()[0][0]

    Store.open(path, read_only=True).close()        # checked, all columns there; read-only writes nothing
    assert stamps() == 0
    Store.open(path).close()
    assert stamps() == 1


def test_empty_file_read_only(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    assert "open it once without --read-only" in error_of(path, read_only=True)


def test_locked_by_another_process(tmp_path):
    path = tmp_path / "locked.duckdb"
    Store.open(path).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); "
                               "print('held', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        t = time.monotonic()
        msg = error_of(path, lock_timeout=0.3)
        assert "locked by another process" in msg and time.monotonic() - t >= 0.3
    finally:
        holder.kill()
        holder.wait()
    Store.open(path, lock_timeout=5).close()         # free again once the holder is gone


def test_cli_prints_one_line_without_traceback(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("garbage")
    for cmd in (["stats"], ["export", "-f", "csv", "-o", str(tmp_path / "o.csv")], ["ingest", "-"]):
        r = subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(bad), *cmd], cwd=ROOT, input="",
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, r.stderr
        assert "Traceback" not in r.stderr
        assert r.stderr.strip().splitlines() == [f"rasd: {bad} is not a DuckDB database (corrupt, or another kind of file)"]
