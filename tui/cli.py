"""The `rasd` command line. Imports are lazy so `rasd extract` never loads Textual or DuckDB.

    rasd [--db PATH|ducklake:...] [--data PATH] [--read-only] [--bidi app|terminal] [browse]
    rasd extract [FILE|-]
    rasd ingest PATH... [--published DATE]
    rasd export --format csv|jsonl|parquet|geojson|acled -o FILE [--force] [--excel] [--victims] [--snapshot N] [filters]
    rasd serve [--host 127.0.0.1] [--port 8000] [--write]
    rasd stats [--by place|admin1|actor|event_type|week|month|year] [--lang ar|en] [filters]
    rasd lake init|status|compact · rasd lake import FILE

Every exception a command meets becomes one sanitised line on stderr and an exit status here, in
`guarded`: 0 fine, 1 some input failed (the rest is stored), 2 an error a person can fix
(RasdError and OSError), 130 Ctrl-C, 70 a bug (RASD_DEBUG=1 shows its traceback).
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

LANG_HELP = "names in Arabic (ar, the default) or English (en); env RASD_LANG"
REPO_SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "articles.jsonl"


def default_db() -> Path | str:
    """RASD_DB (a file, or a lake's ducklake: URL), else a file under the user's data directory."""
    if os.environ.get("RASD_DB"):
        return os.environ["RASD_DB"]
    from platformdirs import user_data_dir

    return Path(user_data_dir("rasd")) / "rasd.duckdb"


def _add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM[-DD]]",
                   help="from this day, or the first day of this month or year")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM[-DD]]",
                   help="through this day, or the last day of this month or year")
    p.add_argument("--place", action="append", default=[], metavar="PCODE|NAME",
                   help="place code, or Arabic or English name of a town, district, governorate or region "
                        "(repeatable; an ambiguous name lists its candidates)")
    p.add_argument("--actor", action="append", default=[], metavar="ID|NAME", help="actor (repeatable)")
    p.add_argument("--type", dest="event_type", action="append", default=[], metavar="TYPE[/SUB]|NAME",
                   help="event type or sub-type, by id or name (repeatable)")
    p.add_argument("--review", action="append", default=[], choices=["verified", "rejected", "needs-check", "unreviewed"])
    p.add_argument("--search", default="", metavar="WORDS", help="Arabic text search")
    p.add_argument("--dedupe", action="store_true",
                   help="one row per incident reported by several articles (same day, place and type), not per report")
    p.add_argument("--min-killed", type=int, default=0, metavar="N", help="only incidents with at least N killed")
    p.add_argument("--no-date", dest="undated", action="store_true", help="only incidents without a date")
    p.add_argument("--include-rejected", action="store_true",
                   help="count incidents reviewed as rejected too (left out by default)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="rasd", description="rasd (raṣd, 'monitoring') — a terminal incident browser for Arabic conflict reporting")
    ap.add_argument("--db", default=None, help="a DuckDB file, or a lake: ducklake:FILE.ducklake or "
                    "'ducklake:postgres:dbname=rasd host=...' (default: $RASD_DB or the user data directory)")
    ap.add_argument("--data", default=os.environ.get("RASD_DATA"), metavar="PATH",
                    help="where a new lake keeps its Parquet files (default: $RASD_DATA)")
    ap.add_argument("--read-only", action="store_true", help="open the store read-only (for browsing while another process ingests)")
    bidi_help = "who reorders right-to-left text: rasd (app, the default) or the terminal; env RASD_BIDI"
    ap.add_argument("--bidi", choices=["app", "terminal"], default=None, help=bidi_help)
    ap.add_argument("--lang", choices=["ar", "en"], default=None, help=LANG_HELP)
    sub = ap.add_subparsers(dest="cmd")

    b = sub.add_parser("browse", help="open the incident browser (the default)")
    # SUPPRESS: `rasd --bidi terminal` and `rasd browse --bidi terminal` both work
    b.add_argument("--bidi", choices=["app", "terminal"], default=argparse.SUPPRESS, help=bidi_help)
    b.add_argument("--lang", choices=["ar", "en"], default=argparse.SUPPRESS, help=LANG_HELP)

    e = sub.add_parser("extract", help="articles JSONL -> incidents JSONL (GUIDE.md format)")
    e.add_argument("file", nargs="?", default="-", help="articles JSONL, or - for stdin")

    i = sub.add_parser("ingest", help="extract and store articles (JSONL, .txt, directories, or - for stdin)")
    i.add_argument("paths", nargs="+", help="files, directories or -")
    i.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for plain .txt articles")
    i.add_argument("--batch", type=int, help="articles per transaction (1 to 5000; default 500 for a file, "
                                             "2000 for a lake)")

    x = sub.add_parser("export", help="export the incidents of a filter")
    x.add_argument("--format", "-f", required=True, choices=["csv", "jsonl", "parquet", "geojson", "acled"])
    x.add_argument("--output", "-o", required=True, metavar="FILE", help="the file to write")
    x.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    x.add_argument("--excel", action="store_true", help="csv for spreadsheets: UTF-8 with a byte-order mark")
    x.add_argument("--sort", choices=["date", "killed", "wounded"], default="date",
                   help="row order: oldest first (date), or most killed / wounded first")
    x.add_argument("--history", action="store_true", help="add each incident's corrections (a `corrections` column)")
    x.add_argument("--victims", action="store_true", help="the named victims of the filter's incidents (csv or jsonl)")
    x.add_argument("--snapshot", type=int, metavar="N", help="what a lake held at snapshot N (see `rasd lake status`)")
    _add_filter_args(x)

    w = sub.add_parser("serve", help="the browser in a web page (textual-serve), on 127.0.0.1 unless --host")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: reach it via an SSH tunnel)")
    w.add_argument("--port", type=int, default=8000)
    w.add_argument("--write", action="store_true", help="open the store read-write (reviews); read-only by default")

    s = sub.add_parser("stats", help="casualty summary tables in the terminal")
    s.add_argument("--by", default="admin1", choices=["place", "admin1", "admin2", "actor", "event_type", "sub_event_type", "week", "month", "year"])
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--lang", choices=["ar", "en"], default=argparse.SUPPRESS, help=LANG_HELP)
    _add_filter_args(s)

    lk = sub.add_parser("lake", help="a store shared by a team: a DuckLake (--db ducklake:...)")
    lk_sub = lk.add_subparsers(dest="lake_cmd", required=True)
    lk_sub.add_parser("init", help="create the lake's catalog and schema (needs --data for a new lake)")
    lk_sub.add_parser("status", help="snapshots, tables, files and sizes")
    lk_sub.add_parser("compact", help="merge small Parquet files and re-sort the search index")
    imp = lk_sub.add_parser("import", help="copy a single-file store into a new, empty lake")
    imp.add_argument("file", type=Path, help="the rasd DuckDB file")
    return ap


def one_line(text: str) -> str:
    """Text for the terminal in one line: undecodable file-name bytes shown as escapes, then
    extract.text.sanitize (no escape sequences, controls or bidi overrides), line breaks shown."""
    from extract.text import sanitize

    return sanitize(text.encode("utf-8", "backslashreplace").decode("utf-8")).replace("\n", "⏎").replace("\t", " ")


def say(msg: str) -> None:
    """One line on stderr, `rasd: ` first (messages quote file names and file content)."""
    if sys.stderr is not None:
        print(f"rasd: {one_line(msg)}", file=sys.stderr, flush=True)


def _stdout_gone() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _flush_stdout() -> None:
    """Write what is still buffered now, so a full disk is reported like any failed write (and the
    interpreter's own last flush has nothing left to fail on)."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        _stdout_gone()
        raise OSError(e.errno, f"cannot write the output: {e.strerror}") from None


def guarded(body: Callable[[], int]) -> int:
    """Run a command; every exception becomes one line and an exit status (module docstring)."""
    from store.errors import Interrupted, RasdError

    try:
        code = body()
        _flush_stdout()
        return code
    except RasdError as e:
        say(str(e))
        return e.exit_code
    except Interrupted as e:
        say(e.done)
        return 130
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:         # the reader stopped early (`rasd extract … | head`): nothing is wrong
        _stdout_gone()
        return 0
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        say(f"{where}{e.strerror or e}")
        return 2
    except (MemoryError, RecursionError) as e:
        say(f"out of memory ({type(e).__name__}); try a smaller input or --batch")
        return 2
    except Exception as e:
        if os.environ.get("RASD_DEBUG"):
            raise
        say(f"internal error, please report it: {type(e).__name__}: {e} (RASD_DEBUG=1 shows the traceback)")
        return 70


def _keep_std_fds() -> None:
    """A closed fd 0/1/2 is pointed at /dev/null, so no file rasd opens later (the store!) gets that
    number and receives what is printed; sys.stdin/stdout stay None, which the commands report."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def main(argv: list[str] | None = None) -> int:
    _keep_std_fds()
    args = build_parser().parse_args(argv)
    return guarded(lambda: _dispatch(args))


def _dispatch(args: argparse.Namespace) -> int:
    from store.errors import UsageError

    cmd = args.cmd or "browse"
    if cmd in ("extract", "stats") and sys.stdout is None:
        raise UsageError("standard output is closed; nothing to write the result to")
    if cmd == "extract":
        from tui.cmd_extract import run_extract

        return run_extract(args.file)
    if args.db is None:
        args.db = default_db()
    if cmd == "browse":
        from tui.cmd_browse import run_browse

        return run_browse(args)
    if cmd == "serve":
        from tui.cmd_serve import run_serve

        return run_serve(args)
    if cmd == "lake":
        from tui.cmd_lake import run_lake

        return run_lake(args)
    from tui import cmd_store

    return {"ingest": cmd_store.run_ingest, "export": cmd_store.run_export, "stats": cmd_store.run_stats}[cmd](args)


if __name__ == "__main__":
    sys.exit(main())
