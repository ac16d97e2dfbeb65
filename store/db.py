"""Opening a rasd DuckDB file: one-line errors, schema migrations, and sharing the file.

DuckDB lets one process hold a file read-write, and while it does, no other process can open the
file at all (read-only included); read-only holders in turn block the writer. So the store never
sits on the file while someone else needs it:

* a process that wants the file announces it with a flag file `<db>.want.<pid>`: an ingest for its
  whole run, anyone else while it retries a busy lock;
* an ingest takes the write lock only for the few hundred milliseconds it takes to write one batch
  and releases it while it extracts the next batch;
* every Store keeps its connection open (fast, warm caches) only while no other live process
  wants the file; while one does, it opens per call and closes afterwards, and a watcher thread
  closes an idle connection within `WATCH_INTERVAL`, so nobody waits on an idle browser;
* opening retries on "Could not set lock" for up to `lock_timeout` seconds.

A flag left behind by a killed process is ignored once its PID is gone.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from contextlib import contextmanager
from functools import cache
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from store.backend import Backend
from store.errors import StoreError

SCHEMA_VERSION = 4
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
# version -> SQL that upgrades a store at version-1 to version (1 creates a new store).
MIGRATIONS: dict[int, Path] = {1: SCHEMA_FILE, 2: Path(__file__).with_name("schema_v2.sql"),
                               3: Path(__file__).with_name("schema_v3.sql"), 4: Path(__file__).with_name("schema_v4.sql")}
WATCH_INTERVAL = 0.2
LOCK_RETRY = 0.05
# Bounded buffer pool so a browsing process stays small on a million-incident store.
READ_CONFIG = {"memory_limit": "192MB", "threads": 2}
WRITE_CONFIG = {"memory_limit": "1GB", "threads": 2}


def want_flag(path: Path, pid: int | None = None) -> Path:
    return path.with_name(f"{path.name}.want.{pid or os.getpid()}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def others_waiting(path: Path) -> list[int]:
    """PIDs of other live processes that announced they want `path`."""
    me = os.getpid()
    pids = []
    for flag in path.parent.glob(f"{path.name}.want.*"):
        try:
            pid = int(flag.name.rsplit(".", 1)[1])
        except ValueError:
            continue
        if pid == me:
            continue
        if _alive(pid):
            pids.append(pid)
        else:                           # left behind by a killed process
            _drop(flag)
    return pids


def _raise_flag(flag: Path) -> bool:
    """Announce that this process wants the file; False where the directory is not writable for us
    (a reader of someone else's store still works, it only cannot ask the holder to let go)."""
    try:
        flag.write_text("")
    except OSError:
        return False
    return True


def _drop(flag: Path) -> None:
    try:
        flag.unlink(missing_ok=True)
    except OSError:
        pass


def _is_lock_error(e: Exception) -> bool:
    return "Could not set lock" in str(e)


def connect(path: Path, read_only: bool, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    """Open `path`, retrying while another process holds its lock; errors become StoreError."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a rasd store")
    if read_only and not path.exists():
        raise StoreError(f"no rasd store at {path} (run `rasd ingest` first, or open it without --read-only)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_timeout
    flag = want_flag(path)
    announced = False
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only,
                                      config=READ_CONFIG if read_only else WRITE_CONFIG)
            except duckdb.Error as e:
                if _is_lock_error(e) and time.monotonic() < deadline:
                    if not announced and not flag.exists():     # ask idle holders to let go
                        announced = _raise_flag(flag)
                    time.sleep(LOCK_RETRY)
                    continue
                raise _explain(path, e) from None
    finally:
        if announced:
            _drop(flag)


def _explain(path: Path, e: Exception) -> StoreError:
    msg = str(e)
    if _is_lock_error(e):
        holder = msg.split("Conflicting lock is held in", 1)[-1].split(". See", 1)[0].strip()
        return StoreError(f"{path} is locked by another process ({holder}); close it or wait, then retry")
    if "not a valid DuckDB database" in msg:
        return StoreError(f"{path} is not a DuckDB database (corrupt, or another kind of file)")
    if "different configuration" in msg:
        return StoreError(f"{path} is already open in this process in the other mode (read-only vs read-write)")
    return StoreError(f"cannot open {path}: {first_line(e)}")


def first_line(e: BaseException) -> str:
    msg = str(e)
    if "No space left on device" in msg:
        return "disk full (no space left on device)"
    return msg.splitlines()[0] if msg else type(e).__name__


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, **columns: list) -> Iterator[str]:
    """Python lists as a table `name` (one column per keyword) for the statements inside. A long
    list as a query parameter (`list_contains(?, id)`) costs DuckDB 1.5 about 0.15 ms per element
    to bind — 170-200 ms for the 1,200 incident ids of a 500-article ingest batch — an Arrow table
    a few ms."""
    import pyarrow as pa

    con.register(name, pa.table(columns))
    try:
        yield name
    finally:
        con.unregister(name)


def is_ctrl_c(e: duckdb.Error) -> bool:
    """A Ctrl-C that DuckDB caught mid-query, or while it read a Python object we registered."""
    return isinstance(e, duckdb.InterruptException) or "KeyboardInterrupt" in str(e)


def explain_failure(path: Path, e: duckdb.Error) -> StoreError:
    """A DuckDB error in the middle of work, in one line that says where."""
    if "No space left on device" in str(e):
        return StoreError(f"disk full: cannot write {path} (or its .wal) in {path.parent}; "
                          "what was being written is not stored, earlier writes are kept")
    return StoreError(f"{path}: {first_line(e)}")


FileIdentity = tuple[int, int]
_HEADER = 12        # a DuckDB file starts with 8 bytes of checksum and the magic "DUCK"


def file_identity(path: Path) -> FileIdentity | None:
    """(device, inode) of the file at `path`, or None when there is none (gone, or truncated).

    Only stat, never open: DuckDB's lock on the file is a POSIX record lock, which belongs to the
    process and is dropped when the process closes *any* descriptor of that file — reading the
    header here once let a second writer in while this process held the store."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if st.st_size >= _HEADER else None


def check_and_migrate(con: duckdb.DuckDBPyConnection, path: Path | str, read_only: bool,
                      ddl: Callable[[str], str] = str) -> int:
    """Verify the schema (read-only), or bring it one version closer to SCHEMA_VERSION (read-write);
    returns the version it is at now. Run it in a transaction (Backend.transaction) until it returns
    SCHEMA_VERSION: DuckDB cannot alter a table that the same transaction has updated (v2 updates
    incidents, v4 adds a column to it), and a version is whole or not there. `ddl` adapts the schema
    SQL to the back end."""
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database()").fetchall()}
    if "schema_version" in tables:
        version = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] or 0
    elif tables:
        raise StoreError(f"{path} is a DuckDB database but not a rasd store")
    else:
        version = 0
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer rasd (schema v{version}; this rasd reads up to "
                         f"v{SCHEMA_VERSION}); upgrade rasd")
    if version == SCHEMA_VERSION:
        if meta_value(con, "schema") != schema_digest():     # else made by these very migrations: nothing to verify
            missing = expected_columns() - _columns(con)
            if missing:
                table, column = sorted(missing)[0]
                raise StoreError(f"{path} was made by a development version of rasd (no column {table}.{column}); "
                                 "move it away and ingest again")
            if not read_only:
                set_meta(con, "schema", schema_digest())
        return version
    if read_only:
        what = "is empty" if version == 0 else f"has schema v{version} and needs upgrading"
        raise StoreError(f"{path} {what}; open it once without --read-only")
    version += 1
    con.execute(ddl(MIGRATIONS[version].read_text(encoding="utf-8")))
    con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, datetime.now()])
    if version == SCHEMA_VERSION:
        set_meta(con, "schema", schema_digest())
    return version


@cache
def schema_digest() -> int:
    """A fingerprint of the migration files. A store stamped with it (meta 'schema') was made by
    exactly these migrations, so its columns need no check; any other store is checked against
    expected_columns(), which costs a launch ~0.2 s (it builds the schema in memory)."""
    h = hashlib.sha256()
    for v in sorted(MIGRATIONS):
        h.update(MIGRATIONS[v].read_bytes())
    return int.from_bytes(h.digest()[:7], "big")


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> int | None:
    """The store's `meta` value under `key` (a digest or a counter), None when unset."""
    held = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
    return held[0][0] if held else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: int) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


def _columns(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(con.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "WHERE table_schema = 'main' AND table_catalog = current_database()").fetchall())


@cache
def expected_columns() -> frozenset[tuple[str, str]]:
    """(table, column) pairs of the current schema (every migration applied to an in-memory database)."""
    with duckdb.connect() as con:
        for v in range(1, SCHEMA_VERSION + 1):
            con.execute(MIGRATIONS[v].read_text(encoding="utf-8"))
        return frozenset(_columns(con))


class Connections(Backend):
    """The one DuckDB connection of a Store, shared by its threads (each call gets its own cursor).

    It is opened on demand and, while some process is ingesting (see the module docstring),
    closed as soon as no call is using it. The file's identity is noted at the first open: a store
    deleted, replaced or truncated behind our back is reported (StoreError) instead of read from a
    ghost inode, or silently re-created empty, and a write is never acknowledged into it.
    """

    def __init__(self, path: Path, read_only: bool, lock_timeout: float) -> None:
        self.path = path
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self._mu = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._writing = False
        self._closed = False
        self._watcher: threading.Thread | None = None
        self._identity: FileIdentity | None = None

    def _must_release(self) -> bool:
        return self._writing or bool(others_waiting(self.path))

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._mu:
            if self._closed:
                raise StoreError(f"{self.path}: the store is closed")
            if self._identity is not None:
                self.check_identity()
            if self._con is None:
                self._con = connect(self.path, self.read_only, self.lock_timeout)
                self._identity = self._identity or file_identity(self.path)
                self._start_watcher()
            self._users += 1
            cur = self._con.cursor()
        try:
            yield cur
        except duckdb.Error as e:      # e.g. disk full, or a file changed behind our back: one line for people
            if is_ctrl_c(e):
                raise KeyboardInterrupt from e
            raise explain_failure(self.path, e) from e
        finally:
            cur.close()
            with self._mu:
                self._users -= 1
                if self._users == 0 and self._con is not None and self._must_release():
                    self._con.close()
                    self._con = None

    def check_identity(self) -> None:
        """StoreError unless `path` is still the DuckDB file this store opened first."""
        now = file_identity(self.path)
        if now is None or (self._identity is not None and now != self._identity):
            what = ("was deleted or truncated" if now is None else "was replaced by another file")
            raise StoreError(f"{self.path} {what} while rasd had it open; nothing more is written to it — "
                             "restart rasd to open the store that is there now")

    def identity(self) -> str:
        """The file's path and (device, inode): a store rebuilt under the same name is another one."""
        return f"{self.path.resolve()}:{file_identity(self.path)}"

    def disk_stamp(self) -> tuple:
        stamp = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                stamp += [st.st_mtime_ns, st.st_size, st.st_ino]
            except OSError:
                stamp += [None, None, None]
        return tuple(stamp)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Announce an ingest: other Stores release the file, and so does this one between calls."""
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; cannot ingest")
        flag = want_flag(self.path)
        if not _raise_flag(flag):
            raise StoreError(f"cannot write in {self.path.parent} (permission denied); cannot ingest into {self.path}")
        self._writing = True
        try:
            yield
        finally:
            self._writing = False
            _drop(flag)

    def _start_watcher(self) -> None:
        if self._watcher is None:
            self._watcher = threading.Thread(target=self._watch, name="rasd-store-release", daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(WATCH_INTERVAL)
            with self._mu:
                if self._con is not None and self._users == 0 and self._must_release():
                    self._con.close()
                    self._con = None
