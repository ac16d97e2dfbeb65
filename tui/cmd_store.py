"""`rasd ingest`, `rasd export`, `rasd stats`: the store from the command line.

Errors a person can fix (bad database file, bad date, unknown place) are raised as RasdError and
printed as one line by tui/cli.py (status 2); an ingest where some input failed exits with status 1
after storing the rest.
"""
from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.model import parse_published
from store.api import Store
from store.errors import UsageError
from store.ingest import MAX_BATCH, ingest_paths
from store.model import Filter
from tui import rtl
from tui.cli import say

PCODE = re.compile(r"^(SY\d{2,8}|C\d+)$")


def _day(value: str | None, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} must be a date YYYY-MM-DD, not {value!r}") from None


def _filter(store: Store, args: argparse.Namespace) -> Filter:
    """The CLI's filter flags -> Filter; place and actor names are looked up (best match)."""
    places = []
    for p in args.place:
        if PCODE.match(p):
            places.append(p)
            continue
        found = store.find_places(p, 1)
        if not found:
            raise UsageError(f"no place matches {p!r}")
        places.append(found[0].key)
    actors = []
    for a in args.actor:
        found = store.find_actors(a, 1)
        if not found:
            raise UsageError(f"no actor matches {a!r}")
        actors.append(found[0].key)
    return Filter(date_from=_day(args.date_from, "--from"), date_to=_day(args.date_to, "--to"),
                  places=tuple(places), actors=tuple(actors), event_types=tuple(args.event_type),
                  review=tuple(args.review), text=args.search, dedupe=args.dedupe, min_killed=args.min_killed,
                  undated=args.undated, include_rejected=args.include_rejected)


def run_ingest(args: argparse.Namespace) -> int:
    if args.read_only:
        raise UsageError("cannot ingest with --read-only")
    if not 1 <= args.batch <= MAX_BATCH:
        raise UsageError(f"--batch must be 1 to {MAX_BATCH:,} articles (one transaction; readers wait for it), "
                         f"not {args.batch:,}")
    try:
        published = parse_published(args.published) if args.published else None
    except ValueError as e:
        raise UsageError(f"--published: {e}") from None
    with Store.open(args.db) as store, Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
            TextColumn("{task.fields[rate]:>7.1f}/s"), TimeElapsedColumn(), console=Console(stderr=True)) as bar:
        task = bar.add_task("ingest", total=None, rate=0.0)

        def progress(done: int, total: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            bar.update(task, completed=done, total=total or None, rate=done / elapsed if elapsed else 0.0)
        report = ingest_paths(store, args.paths, published, progress, batch=args.batch)
    for line in report.failed:
        say(line)
    if report.reviews_moved or report.reviews_orphaned:
        say(f"changed articles: the reviews of {report.reviews_moved} incidents followed them to the new version; "
            f"{report.reviews_orphaned} reviewed incidents are gone (their reviews are kept, orphaned)")
    say(f"added {report.added} articles ({report.incidents} incidents), skipped "
        f"{report.skipped_duplicates} already stored, {len(report.failed)} failed")
    return 1 if report.failed else 0


def run_export(args: argparse.Namespace) -> int:
    if not args.output:
        raise UsageError("-o/--output needs a file name")
    if args.victims and args.format not in ("csv", "jsonl"):
        raise UsageError(f"--victims exports csv or jsonl, not {args.format}")
    with Store.open(args.db, read_only=True) as store:
        f = _filter(store, args)
        if args.victims:
            n = store.export_victims(f, args.format, Path(args.output), force=args.force)
        else:
            n = store.export(f, args.format, Path(args.output), history=args.history, order=args.sort, force=args.force)
    say(f"wrote {n} {'people' if args.victims else 'incidents'} to {args.output}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    rtl.set_mode(rtl.choose_mode(getattr(args, "bidi", None)))
    out = Console()
    with Store.open(args.db, read_only=True) as store:
        f = _filter(store, args)
        t = store.totals(f)
        rows = store.summary(f, args.by, args.limit)
        orphaned = store.orphaned_reviews()
    unit = "incidents (de-duplicated)" if f.dedupe else "reports"
    n, killed, wounded = (t.clusters, t.killed_dedup, t.wounded_dedup) if f.dedupe else (t.incidents, t.killed, t.wounded)
    table = Table(title=f"casualties by {args.by} — {unit}", title_justify="left")
    for col, justify in (("key", "left"), ("name", "right"), ("incidents", "right"), ("killed", "right"),
                         ("wounded", "right")):
        table.add_column(col, justify=justify)
    for r in rows:
        table.add_row(rtl.text(r.key), rtl.text(r.label), str(r.incidents), str(r.killed), str(r.wounded))
    out.print(table)
    print(f"total: {n} {unit}; killed {killed}, wounded {wounded}"
          + ("" if f.counts_rejected else " (rejected incidents left out; --include-rejected counts them)"))
    if orphaned:
        print(f"orphaned reviews: {orphaned} reviewed incidents are no longer stored (their article changed)")
    return 0
