"""Place-matcher timings (run by hand; not part of the test suite).

    uv run python benchmarks/places.py [--repeat 300]

Measures the gazetteer's first load, find_places on the first 3 KB of the seed article, on 1 MB
of real article text (the dev articles repeated) and on the seed article repeated to 1 MB (dense
in place names), and prints one JSON line of the numbers.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from extract import places  # noqa: E402
from extract.text import fold  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=300)
    args = ap.parse_args()

    t = time.perf_counter()
    places._gaz()
    load_s = time.perf_counter() - t

    seed = (SHARED / "seed" / "jasim-article.txt").read_text(encoding="utf-8")
    small = fold(seed[:3000]).text
    runs = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        places.find_places(small)
        runs.append(time.perf_counter() - t)

    texts = [json.loads(line)["text"] for line in
             (SHARED / "eval" / "dev.articles.jsonl").read_text(encoding="utf-8").splitlines()]
    corpus = "\n\n".join(texts)
    big = fold((corpus + "\n\n") * (1_000_000 // len(corpus) + 1)).text[:1_000_000]
    places._gaz().hits.clear()                     # time the big text with a cold token cache
    t = time.perf_counter()
    found = places.find_places(big)
    big_s = time.perf_counter() - t
    # the seed article repeated to 1 MB (as benchmarks/extract.py's 1 MB article): dense in names
    dense = fold((seed + "\n") * (1_000_000 // (len(seed) + 1) + 1)).text
    places._gaz().hits.clear()
    t = time.perf_counter()
    dense_found = places.find_places(dense)
    dense_s = time.perf_counter() - t

    print(json.dumps({
        "gazetteer_load_s": round(load_s, 3),
        "find_places_3kb_ms_median": round(statistics.median(runs) * 1000, 3),
        "find_places_3kb_ms_p95": round(sorted(runs)[int(len(runs) * 0.95)] * 1000, 3),
        "find_places_1mb_s": round(big_s, 3),
        "mentions_in_1mb": len(found),
        "find_places_1mb_seed_s": round(dense_s, 3),
        "mentions_in_1mb_seed": len(dense_found),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
