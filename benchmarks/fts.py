"""DuckDB's fts extension (BM25, Snowball arabic stemmer) against rasd's own term index, on the
incidents of the sample articles (run by hand; prints one line per query and the timings).

    uv run python benchmarks/fts.py

Both sides index the same text (evidence + place, district and governorate names) and require
every query word (fts: conjunctive). A spelling variant of a query should find what the query
finds; rasd's index was kept because it does (see README "Measured").
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)     # this folder's store.py would shadow the package

import duckdb  # noqa: E402

from store.api import Store  # noqa: E402
from store.ingest import ingest_paths  # noqa: E402
from store.lake import load_extensions  # noqa: E402
from store.model import Filter  # noqa: E402

QUERIES = ["أدّى", "ادى", "ادي", "إصابة", "اصابه", "غارات", "الغارات", "وبالغارات", "غاراتٍ", "المدنيين", "مدنيين",
           "ومدنيين", "مَدَنِيِّين", "اشتباكات", "باشتباكات", "اشتباك", "داعش", "منزلا", "منزلاً", "قصف", "الأطفال",
           "الاطفال", "عبوه ناسفه", "عبوة ناسفة", "درعا", "ادلب", "إدلب", "قوات النظام"]


def main() -> None:
    db = Path(tempfile.mkdtemp()) / "s.duckdb"
    with Store.open(db) as s:
        ingest_paths(s, [str(ROOT / "sample_data" / "articles.jsonl")])
        t = time.perf_counter()
        ours = {q: {r.id for r in s.timeline(Filter(text=q), 1000)} for q in QUERIES}
        ours_ms = (time.perf_counter() - t) * 1000 / len(QUERIES)
    con = duckdb.connect(str(db))
    load_extensions(con, ("fts",))
    con.execute("CREATE TABLE docs AS SELECT id, concat_ws(' ', evidence, place_name, admin1, admin2) AS body "
                "FROM incidents")
    t = time.perf_counter()
    con.execute("PRAGMA create_fts_index('docs', 'id', 'body', stemmer='arabic', strip_accents=1, lower=1)")
    build_ms = (time.perf_counter() - t) * 1000
    n = con.execute("SELECT count(*) FROM docs").fetchall()[0][0]

    def fts(q: str) -> set[str]:
        return {r[0] for r in con.execute("SELECT id FROM (SELECT id, fts_main_docs.match_bm25(id, ?, conjunctive := 1) "
                                          "AS score FROM docs) WHERE score IS NOT NULL", [q]).fetchall()}
    t = time.perf_counter()
    theirs = {q: fts(q) for q in QUERIES}
    fts_ms = (time.perf_counter() - t) * 1000 / len(QUERIES)
    for q in QUERIES:
        o, f = ours[q], theirs[q]
        print(f"{'=' if o == f else '≠'} {q:14} rasd {len(o):3}  fts {len(f):3}  both {len(o & f):3}")
    print(f"{n} incidents; fts: index built in {build_ms:.0f} ms (rebuilt whole after every ingest: it is not "
          f"incremental), {fts_ms:.1f} ms per query; rasd's index: {ours_ms:.1f} ms per query (page of 1000)")


if __name__ == "__main__":
    main()
