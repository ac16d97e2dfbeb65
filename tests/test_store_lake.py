"""A lake on a real PostgreSQL (tests/pg_cluster.py): writers at once in real processes, readers
meanwhile, two reviewers of one incident, kill -9, snapshots, import and the `rasd lake` commands."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap

import pytest

from extract.model import Article
from store.api import Store, StoreError
from store.model import Filter
from tests.conftest import new_lake
from tests.store_helpers import build
from tests.test_store_ingest import (INGESTER, READER, ROOT, check_whole, kill_9_mid_ingest_then_rerun, rows_of,
                                     variants, write_variants)


@pytest.fixture
def lake(pg_server, tmp_path) -> str:
    return new_lake(pg_server, tmp_path / "data")


def rasd(*args: str, db: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", "--db", db, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_two_ingests_and_a_reader_at_once(lake, tmp_path):
    # two writers with 30 articles in common, small batches so their commits interleave
    first = write_variants(tmp_path / "a.jsonl", 60)
    second = tmp_path / "b.jsonl"
    second.write_text("\n".join(json.dumps(v, ensure_ascii=False) for v in variants(90)[30:]) + "\n", encoding="utf-8")
    stop = tmp_path / "stop"
    Store.open(lake).close()
    reader = subprocess.Popen([sys.executable, "-c", READER, lake, str(stop)], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    assert reader.stdout.readline().split()[0] == "1"
    writers = [subprocess.Popen([sys.executable, "-c", INGESTER, lake, str(src), "6"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for src in (first, second)]
    outs = [w.communicate(timeout=600) for w in writers]
    stop.touch()
    out, _ = reader.communicate(timeout=60)
    assert [w.returncode for w in writers] == [0, 0], [e for _, e in outs]
    added = [int(o.splitlines()[-1].split()[1]) for o, _ in outs]
    assert sum(added) == 90                                  # the 30 in common stored once
    assert reader.returncode == 0, out
    counts = [int(line.split()[1]) for line in out.splitlines() if line[0].isdigit()]
    assert counts == sorted(counts) and counts[0] < counts[-1]   # it read on, and saw the ingest progress
    with Store.open(lake, read_only=True) as store, store.connections.cursor() as cur:
        assert check_whole(cur)[0] == 90
        lake_ids = sorted(r[0] for r in cur.execute("SELECT id FROM incidents").fetchall())
    with Store.open(tmp_path / "one.duckdb") as one:                # the same 90 by one writer into a file
        one.ingest_articles([Article.from_dict(v) for v in variants(90)], batch=500)
    assert lake_ids == sorted(r[0] for r in rows_of(tmp_path / "one.duckdb"))


REVIEWER = textwrap.dedent("""
    import sys
    from store.api import Store
    from store.model import Filter
    path, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store.open(path) as store:
        iid = store.timeline(Filter(places=("C3871",)), 1)[0].id
        for k in range(n):
            store.add_review(iid, "verified" if k % 2 else "needs-check", f"{name} {k}")
    print("done", flush=True)
""")


def test_two_reviewers_of_one_incident_both_kept(lake):
    build(lake).close()
    reviewers = [subprocess.Popen([sys.executable, "-c", REVIEWER, lake, name, "12"], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    outs = [r.communicate(timeout=300) for r in reviewers]
    assert [r.returncode for r in reviewers] == [0, 0], [e for _, e in outs]
    with Store.open(lake, read_only=True) as store:
        iid = store.timeline(Filter(places=("C3871",)), 1)[0].id
        detail = store.incident(iid)
        notes = sorted(r.note for r in detail.reviews)
        assert notes == sorted(f"{who} {k}" for who in "ab" for k in range(12))     # nothing lost
        assert detail.row.review == detail.reviews[0].status                        # the newest is current
        with store.connections.cursor() as cur:
            assert cur.execute("SELECT count(DISTINCT rseq) FROM reviews").fetchall()[0][0] == 24


def test_kill_9_mid_ingest_into_a_lake(lake, tmp_path):
    kill_9_mid_ingest_then_rerun(lake, write_variants(tmp_path / "in.jsonl", 120))


def test_export_at_a_snapshot(lake, tmp_path):
    with build(lake) as store:
        then = store.lake_status().snapshot
        store.ingest_articles([Article.from_dict(v) for v in variants(3)])
        now = store.count(Filter())
    assert now > 7
    old, new = rasd("export", "-f", "csv", "-o", str(tmp_path / "old.csv"), "--snapshot", str(then), db=lake), \
        rasd("export", "-f", "csv", "-o", str(tmp_path / "new.csv"), db=lake)
    assert old.returncode == 0 and new.returncode == 0, old.stderr + new.stderr
    assert len(list(csv.DictReader((tmp_path / "old.csv").open(encoding="utf-8")))) == 7
    assert len(list(csv.DictReader((tmp_path / "new.csv").open(encoding="utf-8")))) == now
    gone = rasd("export", "-f", "csv", "-o", str(tmp_path / "x.csv"), "--snapshot", "99999", db=lake)
    assert gone.returncode == 2 and gone.stderr.count("\n") == 1 and "no snapshot 99999" in gone.stderr


def test_import_a_file_then_compact(pg_server, tmp_path):
    file = tmp_path / "one.duckdb"
    with Store.open(file) as store:
        store.ingest_articles([Article.from_dict(v) for v in variants(40)])
        store.add_review(store.timeline(Filter(), 1)[0].id, "verified", "checked")
    url = "ducklake:postgres:" + pg_server.conninfo(pg_server.create_database())
    init = rasd("--data", str(tmp_path / "data"), "lake", "init", db=url)
    assert init.returncode == 0, init.stderr
    done = rasd("lake", "import", str(file), db=url)
    assert done.returncode == 0, done.stderr
    assert f"imported 40 articles and {len(rows_of(file))} incidents" in done.stdout
    assert rows_of(url) == rows_of(file)
    search = Filter(text="قوات النظام")
    with Store.open(file, read_only=True) as store:
        found = sorted(r.id for r in store.timeline(search, 500))
        reviewed = store.count(Filter(review=("verified",)))
    again = rasd("lake", "import", str(file), db=url)
    assert again.returncode == 2 and "already holds articles" in again.stderr
    compact = rasd("lake", "compact", db=url)
    assert compact.returncode == 0 and "data files:" in compact.stdout, compact.stderr
    with Store.open(url, read_only=True) as store:
        assert sorted(r.id for r in store.timeline(search, 500)) == found and found
        assert store.count(Filter(review=("verified",))) == reviewed == 1
    status = rasd("lake", "status", db=url)
    assert status.returncode == 0 and str(tmp_path / "data") in status.stdout and "incidents" in status.stdout


def test_one_machine_lake_in_a_ducklake_file(tmp_path):
    url = f"ducklake:{tmp_path / 'team.ducklake'}"
    with build(url) as store:                      # no --data: the Parquet files go beside the catalog
        assert store.count(Filter()) == 7
    with Store.open(url, read_only=True) as store:
        assert store.totals(Filter()).killed == 22
    assert any((tmp_path / "team.ducklake.files").rglob("*.parquet"))


def test_errors_are_one_line(tmp_path, pg_server):
    nowhere = f"ducklake:postgres:dbname=none host={tmp_path} user=rasd"
    out = rasd("stats", db=nowhere)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "cannot open the lake" in out.stderr
    missing = rasd("lake", "status", db=f"ducklake:{tmp_path / 'nope.ducklake'}")
    assert missing.returncode == 2 and "no lake at" in missing.stderr
    file_db = rasd("lake", "status", db=str(tmp_path / "x.duckdb"))
    assert file_db.returncode == 2 and "works on a lake" in file_db.stderr
    with pytest.raises(StoreError, match="keeps no snapshots"):
        Store.open(tmp_path / "x.duckdb", snapshot=1)


def test_empty_tables_have_their_statistics_and_stay_empty(lake):
    # DuckLake asks the catalog again at every plan for statistics a table lacks (store/lake.py
    # prime_stats): a new store writes them for its empty tables, which stay empty
    with Store.open(lake) as store, store.connections.cursor() as cur:
        missing = cur.execute("SELECT t.table_name FROM lake_metadata.ducklake_table t LEFT JOIN "
                              "lake_metadata.ducklake_table_stats s USING (table_id) "
                              "WHERE t.end_snapshot IS NULL AND s.table_id IS NULL").fetchall()
        assert missing == []
        for table in ("articles", "incidents", "corrections", "corrected_rows", "reviews", "postings"):
            assert cur.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)], table
    with Store.open(lake) as store:
        snapshots = store.lake_status().snapshots
    with Store.open(lake) as store:                   # opening again writes nothing more
        assert store.lake_status().snapshots == snapshots


def test_an_ingest_commits_once_per_batch(lake):
    # writers serialise on their commits (store/lake.py): an ingest makes one snapshot per batch,
    # never one per article or per table
    with Store.open(lake) as store:
        before = store.lake_status().snapshot
        report = store.ingest_articles([Article.from_dict(v) for v in variants(30)], batch=10)
        assert report.added == 30
        assert store.lake_status().snapshot - before == 3


def test_a_lake_ingests_2000_articles_a_batch_unless_told(lake):
    # a lake's readers never wait for a batch, so its batches are bigger than a file's 500 (Lake.ingest_batch):
    # 2,001 articles are two commits, not five
    from datetime import date

    items = [(Article(id=f"b{k}", published=date(2020, 1, 1), text=f"خبر رقم {k}"), []) for k in range(2001)]
    with Store.open(lake) as store:
        before = store.lake_status().snapshot
        assert store.ingest_extracted(items).added == 2001
        assert store.lake_status().snapshot - before == 2
