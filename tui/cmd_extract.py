"""`rasd extract`: articles JSONL in, one GUIDE.md line per article out (what score.py scores).

Input is read as bytes and decoded per line (a UTF-16 or latin-1 line is reported, not fatal);
every string written is sanitised like stored text (no escape sequences, C1 or bidi controls).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from extract.pipeline import extract_article
from extract.text import sanitize
from store.errors import InputError, OutputError
from store.sources import jsonl
from tui.cli import say


def _clean(v: Any) -> Any:
    if isinstance(v, str):
        return sanitize(v)
    if isinstance(v, dict):
        return {_clean(k): _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def _sources(file: str):
    if file == "-":
        if sys.stdin is None:
            raise InputError("standard input is closed")
        return jsonl(sys.stdin.buffer, "<stdin>")
    try:
        fh = open(file, "rb")
    except OSError as e:
        raise InputError(f"cannot read {file}: {e.strerror}") from None
    return _closing(fh, file)


def _closing(fh: IO[bytes], name: str) -> Iterator:
    with fh:
        yield from jsonl(fh, name)


def run_extract(file: str, out: IO[str] | None = None) -> int:
    """Bad lines are reported as FILE:LINE on stderr and skipped; the exit code is 1 if any failed."""
    out = out or sys.stdout
    failed = 0
    for origin, article, error in _sources(file):
        if article is None:
            say(f"{origin}: skipped: {error}")
            failed += 1
            continue
        try:
            incidents = [i.to_guide() for i in extract_article(article)]
        except Exception as e:      # extract promises never to raise; one article must not stop the rest
            say(f"{origin}: skipped: extraction failed: {type(e).__name__}: {e}")
            failed += 1
            continue
        line = json.dumps(_clean({"id": article.id, "incidents": incidents}), ensure_ascii=False) + "\n"
        try:
            out.write(line)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(f"cannot write the output: {e.strerror or e}") from None
    return 1 if failed else 0
