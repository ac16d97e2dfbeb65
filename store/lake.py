"""A store in a DuckLake: the catalog in PostgreSQL (or a `.ducklake` DuckDB file), the data as
Parquet files under a data path; many writers and readers, on many machines, at once.

Each process attaches the lake to an in-memory DuckDB as catalog `lake` and reads and writes it
with the same SQL as a single-file store. What DuckLake gives and the store relies on:

* **Readers read a snapshot**: every query is a transaction on the latest committed snapshot; it
  never waits for a writer and never sees half a batch.
* **Writers do not wait for each other** but commit optimistically. Every write transaction of the
  store updates `meta.generation`, so two of them that overlap conflict at commit and the later
  one is run again from the start (`transaction`) on the new snapshot — it then sees the other's
  articles (no duplicates), allocates incident seqs after them, and appends its review after the
  other's (both kept as history).
* **Time travel**: `--snapshot N` attaches the lake as it was at snapshot N (read-only).

The extensions load from the `duckdb-extension-*` wheels (INSTALL from the wheel's file, then
LOAD): no network at run time. A `.ducklake` catalog is a DuckDB file, so one process at a time;
a team shares a PostgreSQL catalog.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from store.backend import LAKE_PREFIX, Backend, rollback
from store.db import READ_CONFIG, WRITE_CONFIG, first_line, is_ctrl_c
from store.errors import StoreError

CATALOG = "lake"
METADATA = "lake_metadata"     # the catalog database (PostgreSQL or .ducklake) as attached beside it
EXTENSIONS = ("ducklake", "postgres")
RETRY_FOR = 120.0        # seconds a writer keeps retrying a commit that conflicts
T = TypeVar("T")
_loaded: set[str] = set()
_load_lock = threading.Lock()


def extension_file(name: str) -> Path:
    """The extension binary shipped in the duckdb-extension-<name> wheel for this DuckDB."""
    import importlib

    module = importlib.import_module(f"duckdb_extension_{name}")
    path = Path(module.__file__).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        raise StoreError(f"the {name} extension for DuckDB {duckdb.__version__} is not installed "
                         f"(the duckdb-extension-{name} package must match DuckDB's version)")
    return path


def load_extensions(con: duckdb.DuckDBPyConnection, names: tuple[str, ...] = EXTENSIONS) -> None:
    for name in names:
        with _load_lock:
            if name not in _loaded:        # INSTALL copies the file once per process
                con.execute(f"INSTALL '{extension_file(name)}'")
                _loaded.add(name)
        con.execute(f"LOAD {name}")


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _is_conflict(e: Exception) -> bool:
    msg = str(e)
    return "conflict" in msg.lower() and isinstance(e, (duckdb.TransactionException, duckdb.Error))


class Lake(Backend):
    """The Store's connection to a lake (see the module docstring); threads share it, each call
    gets its own cursor."""

    # Readers of a lake never wait for a batch, and a batch's fixed cost (its look-ups of stored
    # hashes and clusters, ~5 catalog round trips a scan, and a commit that may lose to another
    # writer) is shared by more articles: two ingests at 1,000,000 incidents, paired, 2000 against
    # 500 a batch: 101 and 95 against 79 and 48 articles/s, conflicts retried 2 against 6-7.
    ingest_batch = 2000

    def __init__(self, url: str, read_only: bool, data: str | Path | None, snapshot: int | None) -> None:
        if not url.startswith(LAKE_PREFIX) or url == LAKE_PREFIX:
            raise StoreError(f"{url!r}: a lake is named ducklake:FILE.ducklake or ducklake:postgres:CONNINFO")
        self.path = url
        self.read_only = read_only
        self.data = Path(data).expanduser().resolve() if data is not None else None
        self.snapshot = snapshot
        self._mu = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._closed = False

    @property
    def catalog_file(self) -> Path | None:
        """The .ducklake file of a one-machine lake (None for a PostgreSQL catalog)."""
        rest = self.path[len(LAKE_PREFIX):]
        return None if re.match(r"^(postgres|sqlite|mysql):", rest) else Path(rest).expanduser()

    def _attach(self) -> duckdb.DuckDBPyConnection:
        file = self.catalog_file
        if file is not None and not file.exists():
            if self.read_only:
                raise StoreError(f"no lake at {file} (create it with `rasd --db {self.path} lake init`)")
            file.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(config=READ_CONFIG if self.read_only else WRITE_CONFIG)
        try:
            load_extensions(con)
            options = [f"METADATA_CATALOG {_quote(METADATA)}"]
            if self.data is not None:
                self.data.mkdir(parents=True, exist_ok=True)
                options.append(f"DATA_PATH {_quote(str(self.data) + '/')}")
            if self.read_only:
                options.append("READ_ONLY")
            if self.snapshot is not None:
                options.append(f"SNAPSHOT_VERSION {int(self.snapshot)}")
            target = self.path if file is None else LAKE_PREFIX + str(file)
            con.execute(f"ATTACH {_quote(target)} AS {CATALOG} ({', '.join(options)})")
            con.execute(f"USE {CATALOG}")
        except duckdb.Error as e:
            con.close()
            raise self._explain(e) from None
        except BaseException:
            con.close()
            raise
        return con

    def _explain(self, e: Exception) -> StoreError:
        msg, first = str(e), first_line(e)
        if "Could not set lock" in msg:
            return StoreError(f"{self.path}: the catalog file is open in another process (a .ducklake catalog "
                              "serves one process at a time; a team shares a PostgreSQL catalog)")
        if "snapshot" in msg.lower() and self.snapshot is not None:
            return StoreError(f"{self.path} has no snapshot {self.snapshot} (see `rasd lake status`)")
        if "DATA_PATH" in msg or "data path" in msg.lower():
            return StoreError(f"{self.path}: a new lake needs a data path (--data PATH): {first}")
        return StoreError(f"cannot open the lake {self.path}: {first}")

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside a read transaction: the call reads one snapshot, and DuckLake looks its
        catalog up in PostgreSQL once per call rather than once per statement (2-3x faster)."""
        with self.autocommit() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                rollback(cur)
                raise
            cur.execute("COMMIT")

    @contextmanager
    def autocommit(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._mu:
            if self._closed:
                raise StoreError(f"{self.path}: the store is closed")
            if self._con is None:
                self._con = self._attach()
            cur = self._con.cursor()
        try:
            cur.execute(f"USE {CATALOG}")
            yield cur
        except duckdb.Error as e:
            if is_ctrl_c(e):
                raise KeyboardInterrupt from e
            raise StoreError(f"{self.path}: {first_line(e)}") from e
        finally:
            cur.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; cannot ingest")
        yield

    def check_identity(self) -> None:
        """Nothing to check: a lake is no single file that could be deleted or replaced under an
        open store (a catalog that goes away fails the next query, and nothing is acknowledged)."""

    def disk_stamp(self) -> tuple:
        """A lake's writers may be on other machines: no local file tells of them, so every look
        counts as a change and the browser reads `meta.generation` (one small query) each time."""
        return (time.monotonic_ns(),)

    def ddl(self, sql: str) -> str:
        """DuckLake has no sequences: ids the schema would draw from one are given by the writer
        (max + 1 inside the write transaction, which the meta update serialises). A column added
        with a default takes only a literal there: 'false', not false."""
        sql = re.sub(r"CREATE SEQUENCE [^;]+;", "", sql)
        sql = re.sub(r"(?i)(ADD COLUMN [^;]* DEFAULT) (true|false)\b", r"\1 '\2'", sql)
        return re.sub(r"\s+DEFAULT nextval\('[^']+'\)", "", sql)

    def generation(self, cur: duckdb.DuckDBPyConnection) -> int:
        """The snapshot the call reads: every commit makes a new one, and the transaction knows its
        own without a look at the catalog (reading `meta` took a table scan's 5 catalog round trips,
        ~10 ms of every cached call)."""
        return cur.execute(f"SELECT id FROM ducklake_current_snapshot('{CATALOG}')").fetchall()[0][0]

    def upkeep(self, cur: duckdb.DuckDBPyConnection) -> None:
        prime_stats(cur)

    def transaction(self, body: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        deadline = time.monotonic() + RETRY_FOR
        pause = 0.01
        while True:
            with self.autocommit() as cur:
                cur.execute("BEGIN TRANSACTION")
                try:
                    out = body(cur)
                    cur.execute("COMMIT")
                    return out
                except duckdb.Error as e:
                    rollback(cur)
                    if not _is_conflict(e) or time.monotonic() > deadline:
                        raise
                except BaseException:
                    rollback(cur)
                    raise
            time.sleep(pause)               # another writer committed first: run again on its snapshot
            pause = min(pause * 2, 0.5)


# A literal of each column type of the schema, for the row prime_stats writes and deletes.
_ZERO = {"VARCHAR": "''", "BOOLEAN": "false", "DATE": "DATE '2000-01-01'", "TIMESTAMP": "TIMESTAMP '2000-01-01'"}


def prime_stats(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Give every empty table of the store its statistics row in the catalog; returns the tables primed.

    DuckLake writes a table's statistics (row count, min/max per column) at its first insert and
    caches them once read. A table never written to has none, and DuckDB's planner then asks the
    catalog again at every look: a query over `effective` touching the empty corrected_rows made 73
    PostgreSQL round trips for statistics alone (a day histogram at 100,000 incidents: 73 ms, 24 ms
    once primed). One row inserted and deleted in the same transaction writes the statistics row
    (row count 0) and leaves the table empty. Runs in the caller's transaction, so tables it
    created are primed too (they are in no catalog row yet)."""
    have = {r[0] for r in cur.execute(
        f"SELECT t.table_name FROM {METADATA}.ducklake_table t JOIN {METADATA}.ducklake_table_stats s "
        "USING (table_id) WHERE t.end_snapshot IS NULL").fetchall()}
    columns: dict[str, list[str]] = {}
    for table, ctype in cur.execute(
            "SELECT table_name, data_type FROM information_schema.columns WHERE table_catalog = ? "
            "AND table_schema = 'main' AND table_name IN (SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = ? AND table_type = 'BASE TABLE') ORDER BY table_name, ordinal_position",
            [CATALOG, CATALOG]).fetchall():
        columns.setdefault(table, []).append(
            "[]" if ctype.endswith("[]") else _ZERO.get(ctype, f"CAST(0 AS {ctype})"))
    primed = []
    for table, zeros in columns.items():
        if table not in have and not cur.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]:
            cur.execute(f'INSERT INTO "{table}" VALUES ({", ".join(zeros)})')
            cur.execute(f'DELETE FROM "{table}"')
            primed.append(table)
    return primed


# ---- administration: `rasd lake status|compact|import` ----------------------------------------

@dataclass(frozen=True)
class TableInfo:
    name: str
    rows: int
    files: int
    bytes: int


@dataclass(frozen=True)
class LakeStatus:
    url: str
    data_path: str
    snapshots: int
    snapshot: int                  # the latest: `rasd export --snapshot N` reproduces what it held
    snapshot_time: str
    tables: tuple[TableInfo, ...]


def status(cur: duckdb.DuckDBPyConnection, url: str) -> LakeStatus:
    options = dict(cur.execute(f"SELECT option_name, value FROM ducklake_options('{CATALOG}')").fetchall())
    n, last, at = cur.execute(f"SELECT count(*), max(snapshot_id), max(snapshot_time)::VARCHAR "
                              f"FROM ducklake_snapshots('{CATALOG}')").fetchall()[0]
    files = {name: (f, b + db) for name, f, b, db in cur.execute(
        f"SELECT table_name, file_count, file_size_bytes, delete_file_size_bytes "
        f"FROM ducklake_table_info('{CATALOG}')").fetchall()}
    tables = []
    for name in sorted(files):
        rows = cur.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
        tables.append(TableInfo(name, rows, *files[name]))
    return LakeStatus(url, options.get("data_path", ""), n, last, at, tuple(tables))


def compact(lake: Lake) -> tuple[int, int]:
    """Re-sort the search index (one transaction), move rows inlined in the catalog into Parquet
    and merge small files; returns data files (before, after). Old snapshots stay readable."""
    from store import search

    def files(cur: duckdb.DuckDBPyConnection) -> int:
        return cur.execute(f"SELECT coalesce(sum(file_count), 0) FROM ducklake_table_info('{CATALOG}')").fetchall()[0][0]
    with lake.cursor() as cur:
        before = files(cur)
    lake.transaction(search.compact)
    with lake.autocommit() as cur:             # each CALL commits on its own
        cur.execute(f"CALL ducklake_flush_inlined_data('{CATALOG}')")
        cur.execute(f"CALL ducklake_merge_adjacent_files('{CATALOG}')")
    with lake.cursor() as cur:
        return before, files(cur)


def import_file(lake: Lake, source: Path) -> dict[str, int]:
    """Copy every table of a single-file store into this (new, empty) lake in one transaction;
    returns rows per table."""
    from store.db import SCHEMA_VERSION

    if not source.is_file():
        raise StoreError(f"no rasd store at {source}")
    with lake.cursor() as cur:
        if cur.execute("SELECT count(*) FROM articles").fetchall()[0][0]:
            raise StoreError(f"{lake.path} already holds articles; import into a new, empty lake")
    with lake.autocommit() as cur:
        try:
            cur.execute(f"ATTACH {_quote(str(source))} AS rasd_import (READ_ONLY)")
        except duckdb.Error as e:
            raise StoreError(f"cannot read {source}: {str(e).splitlines()[0]}") from None
    try:
        with lake.cursor() as cur:
            tables = [r[0] for r in cur.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'rasd_import' "
                "AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
            version = (cur.execute("SELECT max(version) FROM rasd_import.main.schema_version").fetchall()[0][0]
                       if "schema_version" in tables else None)
        if version != SCHEMA_VERSION:
            raise StoreError(f"{source} is not a rasd store at schema v{SCHEMA_VERSION} "
                             "(open it once with this rasd, without --read-only, to upgrade it)")

        def copy(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
            counts = {}
            for t in tables:
                cur.execute(f'DELETE FROM "{t}"')
                cur.execute(f'INSERT INTO "{t}" BY NAME SELECT * FROM rasd_import.main."{t}"')
                counts[t] = cur.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]
            return counts
        return lake.transaction(copy)
    finally:
        with lake.autocommit() as cur:
            cur.execute("DETACH rasd_import")
