"""`rasd ingest`, `rasd export`, `rasd stats`: the store from the command line.

Errors a person can fix (bad database file, bad date, unknown place) are raised as RasdError and
printed as one line by tui/cli.py (status 2); an ingest where some input failed exits with status 1
after storing the rest.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.model import parse_published
from extract.text import sanitize
from store.api import Store
from store.errors import UsageError
from store.ingest import MAX_BATCH, ingest_paths
from store.model import Filter, parse_period
from store.names import LANGS, Lang, Names, choose_lang, event_keys
from store.reference import fold_name
from tui import rtl
from tui.cli import say

PCODE = re.compile(r"^(SY\d{2,8}|C\d+)$")


def _day(value: str | None, what: str, end: bool = False) -> date | None:
    """A day, month or year (store.model.parse_period): its first day, or with `end` its last."""
    if not value:
        return None
    try:
        return parse_period(value)[end]
    except ValueError as e:
        raise UsageError(f"{what}: {e}") from None


def _place(store: Store, text: str, lang: Lang) -> str:
    if PCODE.match(text):
        return text
    found = store.resolve_place(text)
    if not found:
        raise UsageError(f"no place matches {text!r}")
    if len(found) > 1:
        listed = "; ".join(f"{f.key} {f.label_ar} / {f.label} ({f.count:,} incidents)" for f in found)
        raise UsageError(f"--place {text!r} names {len(found)} places; give one code or name with its tag: {listed}")
    return found[0].key


def _event_type(names: Names, text: str) -> str:
    """An event type or sub-type by id ("explosions/air-drone-strike", "air-drone-strike") or name
    (غارة جوية, "Air/drone strike"); unknown -> suggestions."""
    keys = event_keys()
    by_name = {fold_name(k): k for k in keys}
    for k in keys:
        for lang in LANGS:
            by_name.setdefault(fold_name(names.event_key(k, lang)), k)
        by_name.setdefault(k.partition("/")[2], k)
    found = by_name.get(fold_name(text))
    if found:
        return found
    close = difflib.get_close_matches(fold_name(text), list(by_name), n=4, cutoff=0.5)
    hint = f"; did you mean {', '.join(dict.fromkeys(by_name[c] for c in close))}?" if close else ""
    raise UsageError(f"unknown event type {text!r}{hint} (types: {', '.join(k for k in keys if '/' not in k)})")


def _filter(store: Store, args: argparse.Namespace, lang: Lang = "ar") -> Filter:
    """The CLI's filter flags -> Filter; place, actor and event-type names are looked up."""
    places = [_place(store, p, lang) for p in args.place]
    actors = []
    for a in args.actor:
        found = store.find_actors(a, 1)
        if not found:
            raise UsageError(f"no actor matches {a!r}")
        actors.append(found[0].key)
    names = store.names()
    types = [_event_type(names, t) for t in args.event_type]
    return Filter(date_from=_day(args.date_from, "--from"), date_to=_day(args.date_to, "--to", end=True),
                  places=tuple(places), actors=tuple(actors), event_types=tuple(types),
                  review=tuple(args.review), text=args.search, dedupe=args.dedupe, min_killed=args.min_killed,
                  undated=args.undated, include_rejected=args.include_rejected)


def _lang(args: argparse.Namespace) -> Lang:
    try:
        return choose_lang(getattr(args, "lang", None))
    except ValueError as e:
        raise UsageError(str(e)) from None


def run_ingest(args: argparse.Namespace) -> int:
    if args.read_only:
        raise UsageError("cannot ingest with --read-only")
    if args.batch is not None and not 1 <= args.batch <= MAX_BATCH:
        raise UsageError(f"--batch must be 1 to {MAX_BATCH:,} articles (one transaction; readers wait for it), "
                         f"not {args.batch:,}")
    try:
        published = parse_published(args.published) if args.published else None
    except ValueError as e:
        raise UsageError(f"--published: {e}") from None
    with Store.open(args.db, data=args.data) as store, Progress(
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
    if args.excel and args.format not in ("csv", "acled"):
        raise UsageError("--excel is for csv and acled exports")
    if args.victims and args.format not in ("csv", "jsonl"):
        raise UsageError(f"--victims exports csv or jsonl, not {args.format}")
    with Store.open(args.db, read_only=True, data=args.data, snapshot=args.snapshot) as store:
        f = _filter(store, args, _lang(args))
        if args.victims:
            n = store.export_victims(f, args.format, Path(args.output), force=args.force)
            said = f"wrote {n} people to {args.output}"
        else:
            said = store.export(f, args.format, Path(args.output), history=args.history, order=args.sort,
                                force=args.force, excel=args.excel).describe(args.output)
    say(said)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    """A table on a terminal (Arabic shaped for the screen); tab-separated text in logical order
    when stdout is a file or a pipe, so `grep`, `sort` and `cut` read it."""
    lang = _lang(args)
    with Store.open(args.db, read_only=True, data=args.data) as store:
        f = _filter(store, args, lang)
        t = store.totals(f)
        rows = store.summary(f, args.by, args.limit + 1)     # one more: to say when the table is cut
        names = store.names()
        orphaned = store.orphaned_reviews()
    counted = "incidents" if f.dedupe else "reports"   # what the count column counts
    unit = "incidents (de-duplicated)" if f.dedupe else "reports"
    n, killed, wounded = (t.clusters, t.killed_dedup, t.wounded_dedup) if f.dedupe else (t.incidents, t.killed, t.wounded)
    header = ("key", "name", counted, "killed", "wounded")
    lines = [(r.key, names.label(args.by, r.key, lang, r.label), f"{r.incidents}", f"{r.killed}", f"{r.wounded}")
             for r in rows]
    total = [f"total: {n} {unit}; killed {killed}, wounded {wounded}"
             + ("" if f.counts_rejected else " (rejected incidents left out; --include-rejected counts them)")]
    if len(rows) > args.limit:
        lines = lines[:args.limit]
        total.append(f"only the first {args.limit} rows are shown; --limit N shows more")
    if orphaned:
        total.append(f"orphaned reviews: {orphaned} reviewed incidents are no longer stored (their article changed)")
    title = f"casualties by {args.by} — counting {counted}"
    if not sys.stdout.isatty():
        print(f"# {title}")
        for line in (header, *lines):
            print("\t".join(sanitize(cell) for cell in line))
        print("\n".join(total))
        return 0
    rtl.set_mode(rtl.choose_mode(getattr(args, "bidi", None)))
    table = Table(title=title, title_justify="left")
    for col, justify in zip(header, ("left", "right", "right", "right", "right")):
        table.add_column(col, justify=justify)   # type: ignore[arg-type]
    for line in lines:
        table.add_row(*(rtl.text(cell) for cell in line))
    Console().print(table)
    print("\n".join(total))
    return 0
