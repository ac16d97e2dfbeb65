"""A throwaway PostgreSQL cluster for the lake tests and benchmarks/lake.py: initdb into a temporary
directory, a server listening only on a unix socket there, trust authentication, stopped and
deleted at the end. As root it runs the server as the `postgres` user (PostgreSQL refuses root).

`RASD_TEST_PG` (a libpq conninfo without dbname, e.g. `host=/tmp/pg user=rasd`) names a running
server to use instead; .ci/run starts one that way.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

USER = "rasd"


def server_binaries() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None when no server is installed."""
    found = shutil.which("pg_ctl")
    candidates = ([Path(found).resolve().parent] if found else []) + \
        [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for d in candidates:
        if all((d / b).is_file() for b in ("initdb", "pg_ctl", "postgres")):
            return d
    return None


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Server:
    """A PostgreSQL server reached by a conninfo; creates one database per lake."""

    def __init__(self, conninfo: str) -> None:
        self.base = conninfo

    def conninfo(self, dbname: str) -> str:
        return f"dbname={dbname} {self.base}"

    def create_database(self, prefix: str = "rasd") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.conninfo("postgres"),
                        "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True, text=True)
        return name

    def stop(self) -> None:
        """A server we did not start is left running."""


class TempCluster(Server):
    def __init__(self, fsync: bool = False) -> None:
        bindir = server_binaries()
        if bindir is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="rasd-pg-"))      # short: a socket path has ~100 bytes
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        data = self.dir / "data"
        subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER,
                                        "-E", "UTF8", "--no-sync"]), check=True, capture_output=True)
        options = f"-k {self.dir} -c listen_addresses='' -c max_connections=200" + ("" if fsync else " -c fsync=off")
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                                        "-l", str(self.dir / "log"), "-w", "start"]), check=True, capture_output=True)
        super().__init__(f"host={self.dir} user={USER}")

    def stop(self) -> None:
        subprocess.run(_as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                                        "-w", "stop"]), capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def server() -> Server:
    """RASD_TEST_PG's server, else a new temporary cluster (RuntimeError when none can be started)."""
    given = os.environ.get("RASD_TEST_PG")
    return Server(given) if given else TempCluster()
