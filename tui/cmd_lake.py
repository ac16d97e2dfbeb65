"""`rasd lake init|status|compact|import FILE`: a store shared by a team (a DuckLake; store/lake.py).

Errors are raised as RasdError and printed as one line by tui/cli.py (status 2), as for the other
store commands.
"""
from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from store.api import Store
from store.errors import UsageError


def _print_status(store: Store) -> None:
    st = store.lake_status()
    out = Console()
    out.print(f"lake {st.url}", markup=False, highlight=False)
    out.print(f"data {st.data_path}", markup=False, highlight=False)
    out.print(f"snapshot {st.snapshot} of {st.snapshots}, committed {st.snapshot_time}", markup=False, highlight=False)
    table = Table(title_justify="left")
    for col in ("table", "rows", "files", "MB"):
        table.add_column(col, justify="left" if col == "table" else "right")
    for t in st.tables:
        table.add_row(t.name, f"{t.rows:,}", str(t.files), f"{t.bytes / 1e6:.1f}")
    out.print(table)


def run_lake(args: argparse.Namespace) -> int:
    if not str(args.db).startswith("ducklake:"):
        raise UsageError(f"`rasd lake` works on a lake: --db ducklake:FILE.ducklake or "
                         f"'ducklake:postgres:dbname=... host=...' (not {args.db})")
    read_only = args.lake_cmd == "status"
    with Store.open(args.db, read_only=read_only, data=args.data) as store:
        if args.lake_cmd == "compact":
            before, after = store.compact()
            print(f"data files: {before} before, {after} after")
        elif args.lake_cmd == "import":
            counts = store.import_store(args.file)
            print(f"imported {counts.get('articles', 0)} articles and {counts.get('incidents', 0)} incidents "
                  f"from {args.file}")
        _print_status(store)
    return 0
