"""Speed of the lexical layer of extraction (run by hand; not part of the test suite).

    uv run python benchmarks/lex.py [--articles PATH] [--repeat 20] [--mb 1]

Measures sanitize, fold, find_quantities and find_dates over real articles (throughput in
articles per second on one core), over one large text built from them (seconds per MB), and
over hostile texts of the same size (escape openers, all-ligature, all-number…) to show the
scans stay linear.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the package, not benchmarks/extract.py beside this script

from extract.dates import find_dates  # noqa: E402
from extract.numbers import find_quantities  # noqa: E402
from extract.text import fold, sanitize, search_terms, sentences  # noqa: E402

DEFAULT_ARTICLES = ROOT.parent / "shared" / "eval" / "dev.articles.jsonl"


def _load(path: Path) -> list[tuple[str, date]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], date.fromisoformat(str(row["published"])[:10])))
    return rows


def _lex(text: str, published: date) -> int:
    f = fold(text)
    return len(find_quantities(f)) + len(find_dates(f.text, published)) + len(sentences(f.text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()
    articles = _load(args.articles)
    chars = sum(len(t) for t, _ in articles)
    print(f"{len(articles)} articles from {args.articles}, mean {chars / len(articles):.0f} chars")

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for text, published in articles:
            _lex(sanitize(text), published)
    dt = time.perf_counter() - t0
    n = args.repeat * len(articles)
    print(f"sanitize+fold+quantities+dates+sentences: {n / dt:,.0f} articles/s ({dt / n * 1e3:.2f} ms each)")

    size = int(args.mb * 1_000_000)
    big = "\n\n".join(t for t, _ in articles)
    big = (big * (size // len(big) + 1))[:size]
    published = articles[0][1]
    timings = {}
    t = time.perf_counter()
    clean = sanitize(big)
    timings["sanitize"] = time.perf_counter() - t
    t = time.perf_counter()
    f = fold(clean)
    timings["fold"] = time.perf_counter() - t
    t = time.perf_counter()
    qs = find_quantities(f)
    timings["find_quantities"] = time.perf_counter() - t
    t = time.perf_counter()
    ds = find_dates(f.text, published)
    timings["find_dates"] = time.perf_counter() - t
    t = time.perf_counter()
    ss = sentences(f.text)
    timings["sentences"] = time.perf_counter() - t
    t = time.perf_counter()
    terms = search_terms(clean)
    timings["search_terms"] = time.perf_counter() - t
    print(f"one {size / 1e6:.1f} MB text: {len(qs)} quantities, {len(ds)} dates, {len(ss)} sentences, "
          f"{len(terms)} terms")
    for name, secs in timings.items():
        print(f"  {name:16s} {secs:.3f} s")
    print(f"  {'total':16s} {sum(timings.values()):.3f} s")

    print("hostile 1 MB inputs (sanitize / fold / quantities / dates, seconds):")
    for name, unit in (("8-bit DCS openers", "\x90a"), ("OSC openers", "\x1b]a"), ("harakat", "بَ"),
                       ("lam-alef ligatures", "ﻻ "), ("one token", "ب"), ("digit run", "1"),
                       ("numbers", "12345 "), ("number words", "ثلاثة وعشرين ألف "),
                       ("dates", "يوم أمس الجمعة قبل يومين ")):
        s = (unit * (size // len(unit) + 1))[:size]
        row = []
        for step in (sanitize, fold):
            t = time.perf_counter()
            out = step(s)
            row.append(time.perf_counter() - t)
        t = time.perf_counter()
        find_quantities(out)
        row.append(time.perf_counter() - t)
        t = time.perf_counter()
        find_dates(out.text, published)
        row.append(time.perf_counter() - t)
        print(f"  {name:20s} " + " / ".join(f"{x:.2f}" for x in row))


if __name__ == "__main__":
    main()
