"""`rasd` / `rasd browse`: open the store (building it from the bundled sample on first run), run the app.

Textual is imported only after the store is open, so a bad --db fails fast with one line; the
first screen's queries start before that import (tui/loads.py), so they run while it does.
"""
from __future__ import annotations

import argparse
import sys

from store.api import Store
from store.errors import UsageError
from store.model import Filter
from store.names import choose_lang
from tui import rtl
from tui.cli import REPO_SAMPLE
from tui.loads import Prefetch


def first_run_ingest(store: Store) -> None:
    """Fill an empty store from sample_data/articles.jsonl with a progress bar on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from store.ingest import ingest_paths

    console = Console(stderr=True)
    with Progress(TextColumn("first run: reading the sample articles"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("ingest", total=None)
        report = ingest_paths(store, [str(REPO_SAMPLE)], None,
                              progress=lambda done, total: progress.update(task, completed=done, total=total))
    console.print(f"stored {report.incidents} incidents from {report.added} articles ({REPO_SAMPLE.name})")
    for failure in report.failed:
        console.print(f"  skipped {failure}", style="yellow", markup=False, highlight=False)


def run_browse(args: argparse.Namespace) -> int:
    try:
        rtl.set_mode(rtl.choose_mode(getattr(args, "bidi", None)))
        lang = choose_lang(getattr(args, "lang", None))
    except ValueError as e:
        raise UsageError(str(e)) from None
    with Store.open(args.db, read_only=args.read_only, data=args.data) as store:
        if store.is_empty():
            if args.read_only:
                raise UsageError(f"{args.db} is empty; run `rasd ingest FILE` first (opened read-only)")
            first_run_ingest(store)
        loading = Prefetch(store, Filter())     # the first screen's queries, while Textual loads
        from tui.app import RasdApp

        terminal = sys.__stderr__  # where Textual's driver writes
        if rtl.get_mode() == "app" and terminal is not None:
            terminal.write(rtl.BIDI_APP_ENTER)
            terminal.flush()
        try:
            RasdApp(store, lang=lang).run()
        finally:
            if rtl.get_mode() == "app" and terminal is not None:
                terminal.write(rtl.BIDI_APP_EXIT)
                terminal.flush()
            loading.stop()
    return 0
