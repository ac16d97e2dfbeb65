"""Where a store lives: the one boundary between store/ and the database it runs on.

`--db PATH` is one DuckDB file (the embedded default; store/db.py shares it between processes by
taking turns). `--db ducklake:...` is a DuckLake (store/lake.py): a catalog in PostgreSQL
(`ducklake:postgres:dbname=rasd host=...`) or in a `.ducklake` file, the data as Parquet files
under `--data PATH`, with snapshot isolation for many readers and writers at once.

Both back ends give the rest of store/ the same things, so every query, migration and ingest
runs unchanged on either: `cursor()` (a DuckDB cursor whose default catalog is the store),
`transaction(body)` (BEGIN, body, COMMIT; on a lake a commit that lost to a concurrent writer is
run again), `writing()` (an ingest announces itself), `ddl(sql)` (schema SQL as the back end
takes it), `check_identity()` (a write is never acknowledged into a file that vanished; a lake has
no file to vanish) and `disk_stamp()` (a cheap hint that another process may have written).
"""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TypeVar

import duckdb

from store.errors import StoreError

LAKE_PREFIX = "ducklake:"
T = TypeVar("T")


class Backend(ABC):
    """What a Store holds: connections to one store, shared by its threads."""

    #: the store as named in messages (a file path, or the lake's URL)
    path: Path | str
    read_only: bool
    #: articles an ingest writes per transaction unless told (readers of a file wait for each batch)
    ingest_batch: int = 500
    # the one connection the store's threads share, its lock, and whether close() was called
    _mu: threading.Lock
    _con: duckdb.DuckDBPyConnection | None
    _closed: bool

    @abstractmethod
    def cursor(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A cursor for one call; duckdb.Error inside becomes a one-line StoreError."""

    @abstractmethod
    def writing(self) -> AbstractContextManager[None]:
        """Held for the whole of an ingest."""

    def close(self) -> None:
        """Close the connection; calls after this raise StoreError."""
        with self._mu:
            self._closed = True
            if self._con is not None:
                self._con.close()
                self._con = None

    @abstractmethod
    def check_identity(self) -> None:
        """StoreError when the store is no longer the one opened (e.g. its file was deleted)."""

    @abstractmethod
    def disk_stamp(self) -> tuple:
        """Without touching the database: a value that changes when another process may have
        written (the browser then reads `meta.generation` to know)."""

    def identity(self) -> str:
        """Which store this is, for results kept outside it (store/warm.py): here its URL."""
        return str(self.path)

    def ddl(self, sql: str) -> str:
        """Schema SQL as this back end runs it."""
        return sql

    def generation(self, cur: duckdb.DuckDBPyConnection) -> int:
        """A number every committed write raises, read in the caller's transaction: `meta.generation`,
        which every write of the store bumps."""
        return cur.execute("SELECT value FROM meta WHERE key = 'generation'").fetchall()[0][0]

    def upkeep(self, cur: duckdb.DuckDBPyConnection) -> None:
        """What a store opened for writing does once its schema is current (in that transaction)."""

    def transaction(self, body: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run body(cursor) in one transaction: all of it is stored, or none of it. The store's
        identity is checked before the commit and after it, so a write into a store that vanished
        meanwhile is reported as not saved."""
        with self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                out = body(cur)
                self.check_identity()
                cur.execute("COMMIT")
            except BaseException:
                rollback(cur)
                raise
        self.check_identity()
        return out


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back, quietly when DuckDB already ended the transaction (it does on some failures,
    and a failed COMMIT has ended it too; a second error would hide the first)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def is_lake(db: str | Path) -> bool:
    return str(db).startswith(LAKE_PREFIX)


def open_backend(db: str | Path, read_only: bool = False, lock_timeout: float = 10.0,
                 data: str | Path | None = None, snapshot: int | None = None) -> Backend:
    """The back end `db` names (see the module docstring); nothing is opened yet."""
    from store.db import Connections

    if is_lake(db):
        from store.lake import Lake

        return Lake(str(db), read_only or snapshot is not None, data, snapshot)
    if data is not None:
        raise StoreError("--data is for a lake (--db ducklake:...); a DuckDB file keeps its data inside")
    if snapshot is not None:
        raise StoreError(f"{db} is a single DuckDB file, which keeps no snapshots; snapshots need a lake "
                         "(--db ducklake:...)")
    return Connections(Path(db).expanduser(), read_only, lock_timeout)
