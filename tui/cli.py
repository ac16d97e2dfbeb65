"""The `rasd` command line. Imports are lazy so `rasd extract` never loads Textual or DuckDB.

    rasd [--db PATH] [--read-only] [--bidi app|terminal] [browse]
    rasd extract [FILE|-]
    rasd ingest PATH... [--published DATE]
    rasd export --format csv|jsonl|parquet|geojson|acled -o FILE [filters]
    rasd stats [--by place|admin1|actor|event_type|week|month|year] [filters]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO_SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "articles.jsonl"


def default_db() -> Path:
    """RASD_DB, else a file under the user's data directory."""
    if os.environ.get("RASD_DB"):
        return Path(os.environ["RASD_DB"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("rasd")) / "rasd.duckdb"


def _add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day")
    p.add_argument("--place", action="append", default=[], metavar="PCODE|NAME", help="place (repeatable)")
    p.add_argument("--actor", action="append", default=[], metavar="ID", help="actor id (repeatable)")
    p.add_argument("--type", dest="event_type", action="append", default=[], metavar="TYPE[/SUB]")
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
    ap.add_argument("--db", type=Path, default=None, help="DuckDB file (default: $RASD_DB or the user data directory)")
    ap.add_argument("--read-only", action="store_true", help="open the store read-only (for browsing while another process ingests)")
    bidi_help = "who reorders right-to-left text: rasd (app, the default) or the terminal; env RASD_BIDI"
    ap.add_argument("--bidi", choices=["app", "terminal"], default=None, help=bidi_help)
    sub = ap.add_subparsers(dest="cmd")

    b = sub.add_parser("browse", help="open the incident browser (the default)")
    # SUPPRESS: `rasd --bidi terminal` and `rasd browse --bidi terminal` both work
    b.add_argument("--bidi", choices=["app", "terminal"], default=argparse.SUPPRESS, help=bidi_help)

    e = sub.add_parser("extract", help="articles JSONL -> incidents JSONL (GUIDE.md format)")
    e.add_argument("file", nargs="?", default="-", help="articles JSONL, or - for stdin")

    i = sub.add_parser("ingest", help="extract and store articles (JSONL, .txt, directories, or - for stdin)")
    i.add_argument("paths", nargs="+", help="files, directories or -")
    i.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for plain .txt articles")
    i.add_argument("--batch", type=int, default=500, help="articles per transaction")

    x = sub.add_parser("export", help="export the incidents of a filter")
    x.add_argument("--format", "-f", required=True, choices=["csv", "jsonl", "parquet", "geojson", "acled"])
    x.add_argument("--output", "-o", required=True, type=Path)
    x.add_argument("--sort", choices=["date", "killed", "wounded"], default="date",
                   help="row order: oldest first (date), or most killed / wounded first")
    x.add_argument("--history", action="store_true", help="add each incident's corrections (a `corrections` column)")
    _add_filter_args(x)

    s = sub.add_parser("stats", help="casualty summary tables in the terminal")
    s.add_argument("--by", default="admin1", choices=["place", "admin1", "admin2", "actor", "event_type", "sub_event_type", "week", "month", "year"])
    s.add_argument("--limit", type=int, default=20)
    _add_filter_args(s)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    cmd = args.cmd or "browse"
    if cmd == "extract":
        from tui.cmd_extract import run_extract

        return run_extract(args.file)
    if args.db is None:
        args.db = default_db()
    if cmd == "browse":
        from tui.cmd_browse import run_browse

        return run_browse(args)
    from tui import cmd_store

    return {"ingest": cmd_store.run_ingest, "export": cmd_store.run_export, "stats": cmd_store.run_stats}[cmd](args)


if __name__ == "__main__":
    sys.exit(main())
