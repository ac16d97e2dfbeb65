"""`rasd extract`: articles JSONL in, one GUIDE.md line per article out (what score.py scores)."""
from __future__ import annotations

import json
import os
import sys
from typing import IO, Iterator

from extract.model import Article
from extract.pipeline import extract_article


def _lines(file: str) -> Iterator[tuple[str, int, str]]:
    if file == "-":
        for n, line in enumerate(sys.stdin, 1):
            yield "<stdin>", n, line
        return
    with open(file, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            yield file, n, line


def run_extract(file: str, out: IO[str] | None = None) -> int:
    """Bad lines are reported as FILE:LINE on stderr and skipped; the exit code is 1 if any failed."""
    out = out or sys.stdout
    failed = 0
    try:
        for name, n, line in _lines(file):
            if not line.strip():
                continue
            try:
                article = Article.from_dict(json.loads(line))
            except (json.JSONDecodeError, ValueError) as e:
                print(f"{name}:{n}: skipped: {e}", file=sys.stderr)
                failed += 1
                continue
            incidents = [i.to_guide() for i in extract_article(article)]
            out.write(json.dumps({"id": article.id, "incidents": incidents}, ensure_ascii=False) + "\n")
    except BrokenPipeError:
        # the reader stopped early (`rasd extract … | head`): nothing is wrong, stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1 if failed else 0
    except OSError as e:
        print(f"rasd extract: cannot read {file}: {e.strerror}", file=sys.stderr)
        return 2
    return 1 if failed else 0
