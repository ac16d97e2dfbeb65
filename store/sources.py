"""Reading articles: JSONL files, .txt files, directories, FIFOs and stdin, each problem named as
`file:line` (or `file`) and skipped, never a traceback and never a silent skip.

Free of DuckDB and pyarrow: `rasd extract` reads its input with `jsonl` too.
"""
from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from extract.model import Article

Source = tuple[str, Article | None, str | None]     # (origin "file:line", article, error)
SUFFIXES = (".jsonl", ".txt")


def parse_line(raw: bytes) -> Article:
    """One JSONL line -> Article; ValueError with a readable reason."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not valid UTF-8 (is the file UTF-16 or latin-1?)") from None
    try:
        row = json.loads(text)
    except json.JSONDecodeError as e:
        # some of json's messages end in "at" ("Unterminated string starting at"): the column follows
        raise ValueError(f"invalid JSON: {e.msg.removesuffix(' at')} (column {e.colno})") from None
    except RecursionError:
        raise ValueError("invalid JSON: nested too deeply") from None
    return Article.from_dict(row)


def jsonl(lines: Iterable[bytes], name: str) -> Iterator[Source]:
    """(origin, article, error) per non-blank line; a read error ends the file with one error."""
    n = 0
    try:
        for n, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                yield f"{name}:{n}", parse_line(raw), None
            except ValueError as e:
                yield f"{name}:{n}", None, str(e)
    except OSError as e:
        yield f"{name}:{n + 1}", None, f"cannot read: {e.strerror or e}"


def _text_file(path: Path, published: date | None) -> Iterator[Source]:
    if published is None:
        yield str(path), None, "plain-text articles need --published YYYY-MM-DD"
        return
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        yield str(path), None, "not valid UTF-8"
        return
    except OSError as e:
        yield str(path), None, f"cannot read: {e.strerror}"
        return
    if not text.strip():
        yield str(path), None, "empty file"
        return
    yield str(path), Article(id=path.name, published=published, text=text), None


def expand(paths: list[str]) -> Iterator[tuple[Path | str, str | None]]:
    """(path, None) per input in the order given — directories become their *.jsonl and *.txt
    entries (FIFOs too), recursively and sorted — or (path, error) for what cannot be listed."""
    for p in paths:
        if p == "-":
            yield p, None
            continue
        path = Path(p)
        if not path.is_dir():
            yield path, None
            continue
        errors: list[OSError] = []
        found = []
        for root, dirs, files in os.walk(path, onerror=errors.append):
            dirs.sort()
            found += [Path(root, f) for f in files if Path(f).suffix in SUFFIXES]
        for e in errors:
            yield Path(e.filename or p), f"cannot read directory: {e.strerror or e}"
        yield from ((f, None) for f in sorted(found))


def _kind(path: Path) -> str | None:
    """None for what can be read as input (a file, a FIFO, a device); else why not."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as e:
        return f"cannot read: {e.strerror}"
    return "is a directory" if stat.S_ISDIR(mode) else None


def read_sources(paths: list[str], published: date | None) -> Iterator[Source]:
    for p, error in expand(paths):
        if error is not None:
            yield str(p), None, error
        elif p == "-":
            if sys.stdin is None:
                yield "<stdin>", None, "standard input is closed"
            else:
                yield from jsonl(sys.stdin.buffer, "<stdin>")
        elif (why := _kind(p)) is not None:
            yield str(p), None, why
        elif p.suffix == ".txt":
            yield from _text_file(p, published)
        else:
            try:
                fh = p.open("rb")
            except OSError as e:
                yield str(p), None, f"cannot read: {e.strerror}"
                continue
            with fh:
                yield from jsonl(fh, str(p))


def count_articles(paths: list[str]) -> int:
    """Articles to expect (non-blank JSONL lines + text files); 0 (unknown) when reading stdin or a
    FIFO, which can be read only once."""
    n = 0
    for p, error in expand(paths):
        if p == "-":
            return 0
        if error is not None or p.suffix == ".txt":
            n += 1
            continue
        try:
            if not stat.S_ISREG(p.stat().st_mode):
                return 0
            with p.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        except OSError:
            n += 1
    return n
