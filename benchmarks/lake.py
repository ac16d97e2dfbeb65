"""Lake benchmark (run by hand; not part of the test suite): the store of benchmarks/store.py in a
DuckLake on a local PostgreSQL catalog, read alone and while two ingests write to it.

    uv run python benchmarks/lake.py [--rows 1000000] [--source FILE] [--seconds 60] [--catalog CONNINFO] [--data DIR]

Generates N synthetic incidents into a DuckDB file (benchmarks/store.py's generator), or takes the
single-file store --source (e.g. benchmarks/store.py's /tmp/rasd-bench.duckdb; only read), moves
them into a new lake with `Store.import_store` (what `rasd lake import` does) and compacts it,
then times the Store API (p95 per query kind, cold caches), and finally runs 2 ingest processes
(real extraction, distinct articles, one `ingest` run each in the batches `rasd ingest` makes on a
lake) and 4 reader processes (a first page every 50 ms each) for --seconds. Without
--catalog it starts a temporary PostgreSQL cluster (tests/pg_cluster.py) and stops it at the end.
Ends with ONE JSON line.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0:0] = [str(ROOT), str(ROOT / "tests")]

from store.api import Store  # noqa: E402
from store.model import Filter  # noqa: E402

# benchmarks/store.py (its name would shadow the package if imported plainly)
_spec = importlib.util.spec_from_file_location("bench_store", ROOT / "benchmarks" / "store.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def reader(db: str, stop: Path) -> None:
    """Child process: a first page of a filter every 50 ms until `stop` exists; one line per request
    (ms, or ERR and the message)."""
    with Store.open(db, read_only=True) as store:
        while not stop.exists():
            store.clear_cache()
            t = time.perf_counter()
            try:
                store.timeline(bench.FILTERS["governorate"], 100)
                print(f"{(time.perf_counter() - t) * 1000:.1f}", flush=True)
            except Exception as e:      # counted as an error by the parent
                print(f"ERR {type(e).__name__}: {str(e).splitlines()[0]}", flush=True)
            time.sleep(0.05)


def ingester(db: str, stop: Path, name: str) -> None:
    """Child process: one ingest run of distinct articles (the sample and dev set, renamed) in the
    lake's batches (Lake.ingest_batch, as `rasd ingest` makes them), fed until `stop` exists; prints
    articles added, seconds and errors."""
    from extract.model import Article

    base = [Article.from_dict(json.loads(line)) for path in (ROOT / "sample_data" / "articles.jsonl",
                                                               ROOT.parent / "shared" / "eval" / "dev.articles.jsonl")
            if path.exists() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def articles():
        k = 0
        while not stop.exists():
            a = base[k % len(base)]
            yield Article(id=f"{name}-{k}", published=a.published, title=a.title, outlet=a.outlet,
                          text=a.text + f"\n(نسخة {name}-{k})")
            k += 1
    added, errors, t = 0, 0, time.perf_counter()
    feed = articles()
    with Store.open(db) as store:
        while not stop.exists():
            try:
                added += store.ingest_articles(feed).added     # in the lake's batches, as rasd ingest
            except Exception as e:          # counted; the run goes on with the next articles
                errors += 1
                print(f"ERR {type(e).__name__}: {str(e).splitlines()[0]}", file=sys.stderr, flush=True)
    print(added, time.perf_counter() - t, errors, flush=True)


def during_ingest(db: str, seconds: float, work: Path) -> tuple[list[float], int, float]:
    """(reader latencies ms, errors, articles/s of both ingests together)."""
    stop = work / "stop"
    stop.unlink(missing_ok=True)
    me = [sys.executable, __file__, "--db", db]
    readers = [subprocess.Popen(me + ["--reader", str(stop)], stdout=subprocess.PIPE, text=True) for _ in range(4)]
    writers = [subprocess.Popen(me + ["--ingester", str(stop), f"w{n}-{int(time.time())}"], stdout=subprocess.PIPE,
                                text=True) for n in range(2)]
    time.sleep(seconds)
    stop.touch()
    lat, errors = [], 0
    for r in readers:
        for line in r.communicate(timeout=300)[0].splitlines():
            if line.startswith("ERR"):
                errors += 1
            else:
                lat.append(float(line))
    added, spent = 0, 0.0
    for w in writers:
        out, _ = w.communicate(timeout=600)
        a, s, e = out.split()
        added, spent, errors = added + int(a), max(spent, float(s)), errors + int(e)
        errors += w.returncode != 0
    return lat, errors, added / spent if spent else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--source", type=Path, help="a single-file store to import instead of generating --rows "
                                                "(only read)")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--catalog", help="libpq conninfo of an empty PostgreSQL database for the catalog "
                                      "(default: a temporary cluster)")
    ap.add_argument("--data", type=Path, help="the lake's data directory (default: a temporary one)")
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--reader", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--ingester", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.reader:
        return reader(a.db, a.reader)
    if a.ingester:
        return ingester(a.db, Path(a.ingester[0]), a.ingester[1])

    import pg_cluster

    work = Path(tempfile.mkdtemp(prefix="rasd-lake-bench-"))
    server = None
    try:
        if a.catalog:
            db = f"ducklake:postgres:{a.catalog}"
        else:
            server = pg_cluster.TempCluster(fsync=True)
            db = f"ducklake:postgres:{server.conninfo(server.create_database('bench'))}"
        file = a.source or work / "source.duckdb"
        if a.source is None:
            t = time.perf_counter()
            bench.generate(file, a.rows)
            print(f"generated {a.rows:,} incidents in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        with Store.open(db, data=a.data or work / "data") as store:
            t = time.perf_counter()
            counts = store.import_store(file)
            print(f"imported {counts['incidents']:,} incidents into the lake in {time.perf_counter() - t:.0f} s",
                  file=sys.stderr)
            t = time.perf_counter()
            before, after = store.compact()
            print(f"compacted: {before} -> {after} data files in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        if a.source is None:
            file.unlink()
        with Store.open(db, read_only=True) as store:
            rows = store.count(Filter())
            res = bench.run_queries(store, a.runs)
        print(f"{'query':44} {'p50 ms':>8} {'p95 ms':>8}", file=sys.stderr)
        for name, xs in res.items():
            print(f"{name:44} {bench.p(xs, .5):8.1f} {bench.p(xs, .95):8.1f}", file=sys.stderr)
        with Store.open(db, read_only=True) as store:
            before = store.lake_status().snapshot
        lat, errors, rate = during_ingest(db, a.seconds, work)
        with Store.open(db, read_only=True) as store:
            print(f"during ingest: {store.lake_status().snapshot - before} commits", file=sys.stderr)
        print(f"during ingest: {len(lat)} reader requests" + (f", p50 {bench.p(lat, .5):.1f} ms, max "
              f"{max(lat):.1f} ms" if lat else " (no reader got an answer in time)"), file=sys.stderr)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)

    def worst(prefix: str) -> float:
        return round(max(bench.p(xs, .95) for k, xs in res.items() if k.startswith(prefix)), 1)
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other processes inflate every figure)", file=sys.stderr)
    print(json.dumps({
        "rows": rows,
        "page_first_p95_ms": worst("first page"),
        "search_p95_ms": worst("search"),
        "summary_max_p95_ms": max(worst("summary"), worst("totals"), worst("pivot"), worst("facet")),
        "reader_p95_during_ingest_ms": round(bench.p(lat, .95), 1) if lat else None,
        "ingest_articles_per_s": round(rate, 1),
        "errors": errors,
    }))


if __name__ == "__main__":
    main()
