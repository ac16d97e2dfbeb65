"""`rasd serve`: the same app in a web page through textual-serve, for whoever will not use SSH.

Every browser tab runs its own `rasd browse` process on this machine (textual-serve starts it and
relays the screen over a websocket). The server listens on 127.0.0.1 unless told otherwise: reach
it through an SSH tunnel (README). The store opens read-only unless --write is given, so a page
left open never holds the write lock an ingest needs.
"""
from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from store.api import Store, StoreError


def browse_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each page: this interpreter, this store (a file, or
    a lake's URL)."""
    from store.backend import is_lake

    db = str(args.db) if is_lake(args.db) else str(Path(args.db).expanduser().resolve())
    argv = [sys.executable, "-m", "tui.cli", "--db", db]
    if args.data:
        argv += ["--data", str(Path(args.data).expanduser().resolve())]
    if not args.write:
        argv.append("--read-only")
    if args.bidi:
        argv += ["--bidi", args.bidi]
    return " ".join(shlex.quote(a) for a in argv + ["browse"])


def run_serve(args: argparse.Namespace) -> int:
    try:  # fail here, in one line, rather than in every page
        with Store.open(args.db, read_only=not args.write, data=args.data) as store:
            if store.is_empty() and not args.write:
                print(f"rasd: {args.db} is empty; run `rasd ingest FILE` first (or serve with --write to load "
                      "the sample on the first page)", file=sys.stderr)
                return 1
    except StoreError as e:
        print(f"rasd: {e}", file=sys.stderr)
        return 1
    from textual_serve.server import Server

    mode = "read-write" if args.write else "read-only"
    print(f"rasd: serving {args.db} ({mode}) at http://{args.host}:{args.port} — Ctrl+C stops", file=sys.stderr,
          flush=True)
    Server(browse_command(args), host=args.host, port=args.port, title="rasd — رصد").serve()
    return 0
