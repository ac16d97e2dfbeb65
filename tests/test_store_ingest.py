"""Ingest with the real extractor: inputs, malformed lines, idempotence, kill -9, readers meanwhile."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from extract.model import Article
from store.api import Store
from store.ingest import ingest_paths
from store.model import Filter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "articles.jsonl"


def sample_lines(n: int | None = None) -> list[str]:
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:n] if n else lines


def variants(n: int) -> list[dict]:
    """n distinct articles made from the sample (a different last line each)."""
    base = [json.loads(line) for line in sample_lines()]
    return [dict(base[k % len(base)], id=f"v{k}", text=base[k % len(base)]["text"] + f"\n(نسخة {k})")
            for k in range(n)]


def rows_of(db: Path | str) -> list[tuple]:
    with Store.open(db, read_only=True) as store, store.connections.cursor() as cur:
        return cur.execute("SELECT id, article_id, date, place_name, event_type, killed, wounded, cluster_id "
                           "FROM incidents ORDER BY id").fetchall()


def test_jsonl_with_malformed_lines(tmp_path, new_db):
    good = sample_lines(3)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([good[0], "{not json", good[1], "", json.dumps({"id": "x", "text": "نص"}),
                              json.dumps({"id": "y", "published": "yesterday", "text": "نص"}), "[1, 2]", good[2]])
                   + "\n", encoding="utf-8")
    with Store.open(new_db()) as store:
        report = ingest_paths(store, [str(src)])
        assert report.added == 3 and report.incidents > 0
        assert [f.split(": ")[0] for f in report.failed] == [f"{src}:2", f"{src}:5", f"{src}:6", f"{src}:7"]
        assert "invalid JSON" in report.failed[0] and "missing field 'published'" in report.failed[1]
        assert "bad 'published' date" in report.failed[2]
        assert store.count(Filter()) == report.incidents


def test_text_files_directories_and_missing(tmp_path, new_db):
    seed = (ROOT.parent / "shared" / "seed" / "jasim-article.txt")
    if not seed.exists():
        pytest.skip("../shared is not beside the repository")
    (tmp_path / "in" / "deep").mkdir(parents=True)
    (tmp_path / "in" / "deep" / "jasim.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "some.jsonl").write_text("\n".join(sample_lines(2)) + "\n", encoding="utf-8")
    (tmp_path / "in" / "notes.md").write_text("ignored")
    with Store.open(new_db()) as store:
        report = ingest_paths(store, [str(tmp_path / "in")], published=None)
        assert report.added == 2 and report.failed == (f"{tmp_path / 'in' / 'deep' / 'jasim.txt'}: "
                                                      "plain-text articles need --published YYYY-MM-DD",)
        report = ingest_paths(store, [str(tmp_path / "in"), str(tmp_path / "gone.jsonl")], published=date(2022, 10, 15))
        assert (report.added, report.skipped_duplicates) == (1, 2)
        assert report.failed == (f"{tmp_path / 'gone.jsonl'}: no such file",)
        jasim = store.timeline(Filter(places=("C6111",)), 50)
        assert jasim and {store.incident(r.id).article_id for r in jasim} == {"jasim.txt"}


def test_idempotent_same_rows_and_ids(tmp_path, new_db):
    a, b = new_db("a"), new_db("b")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(sample_lines(25)) + "\n", encoding="utf-8")
    with Store.open(a) as store:
        first = ingest_paths(store, [str(src)])
        again = ingest_paths(store, [str(src)])
    assert again.added == 0 and again.incidents == 0 and again.skipped_duplicates == first.added == 25
    with Store.open(b) as store:
        ingest_paths(store, [str(src)], batch=7)        # other batching, fresh store
    assert rows_of(a) == rows_of(b) and len(rows_of(a)) == first.incidents


def test_changed_article_replaces_old_version(new_db):
    row = json.loads(sample_lines(1)[0])
    with Store.open(new_db()) as store:
        store.ingest_articles([Article.from_dict(row)])
        before = store.count(Filter())
        store.ingest_articles([Article.from_dict(dict(row, text=row["text"] + "\nتحديث: لا جديد."))])
        assert store.count(Filter()) == before
        with store.connections.cursor() as cur:
            assert cur.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 1


def test_hostile_text_is_sanitised_before_storing(new_db):
    text = "\x1b]8;;http://evil\x07قتل\u202e شخصان\x1b[31m في مدينة جاسم اليوم بإطلاق نار. ﻻ"
    with Store.open(new_db()) as store:
        store.ingest_articles([Article("h1", date(2022, 10, 15), text, title="\x1b[2Jعنوان")])
        with store.connections.cursor() as cur:
            stored_text, title = cur.execute("SELECT text, title FROM articles").fetchall()[0]
    assert "\x1b" not in stored_text and "\u202e" not in stored_text and "\x07" not in stored_text
    assert title == "عنوان" and stored_text.endswith("لا")          # NFKC folds the presentation form


def test_cli_stdin_exit_codes(new_db):
    db = new_db()
    env = dict(os.environ, RASD_DB=str(db))
    ok = subprocess.run([sys.executable, "-m", "tui.cli", "ingest", "-"], cwd=ROOT, env=env, timeout=120,
                        input="\n".join(sample_lines(2)) + "\n", capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "added 2 articles" in ok.stderr
    bad = subprocess.run([sys.executable, "-m", "tui.cli", "ingest", "-"], cwd=ROOT, env=env, timeout=120,
                         input=sample_lines(3)[2] + "\n{oops\n", capture_output=True, text=True)
    assert bad.returncode == 1 and "rasd: <stdin>:2: invalid JSON" in bad.stderr and "added 1 articles" in bad.stderr
    stats = subprocess.run([sys.executable, "-m", "tui.cli", "stats", "--by", "month"], cwd=ROOT, env=env,
                           timeout=120, capture_output=True, text=True)
    assert stats.returncode == 0 and "casualties by month" in stats.stdout


INGESTER = textwrap.dedent("""
    import json, sys, time
    from extract.model import Article
    from store.api import Store
    path, src, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0     # after each batch: a slow extraction
    arts = [Article.from_dict(json.loads(l)) for l in open(src, encoding="utf-8")]

    def progress(done, total):
        print(done, flush=True)
        time.sleep(pause)
    with Store.open(path) as store:
        r = store.ingest_articles(arts, batch=batch, progress=progress)
    print("done", r.added, flush=True)
""")


def write_variants(path: Path, n: int) -> Path:
    path.write_text("\n".join(json.dumps(v, ensure_ascii=False) for v in variants(n)) + "\n", encoding="utf-8")
    return path


def check_whole(cur) -> tuple[int, int]:
    """(articles, incidents) after asserting that every article has all its incidents, actors and
    search terms, and that no incident is stored twice."""
    n_articles, bad = cur.execute("""
        SELECT count(*), count(*) FILTER (WHERE a.n_incidents <> coalesce(i.n, 0)) FROM articles a
        LEFT JOIN (SELECT article_id, count(*) n FROM incidents GROUP BY ALL) i ON i.article_id = a.id""").fetchall()[0]
    orphans = cur.execute("""
        SELECT (SELECT count(*) FROM incidents WHERE article_id NOT IN (SELECT id FROM articles))
             + (SELECT count(*) FROM incident_actors WHERE seq NOT IN (SELECT seq FROM incidents))
             + (SELECT count(*) FROM postings WHERE seq NOT IN (SELECT seq FROM incidents))
             + (SELECT count(*) FROM incidents WHERE seq NOT IN (SELECT seq FROM postings))""").fetchall()[0][0]
    n, ids, seqs, hashes = cur.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT seq), "
                                       "(SELECT count(DISTINCT content_hash) FROM articles) FROM incidents").fetchall()[0]
    assert bad == 0 and orphans == 0 and n == ids == seqs and hashes == n_articles
    return n_articles, n


def kill_9_mid_ingest_then_rerun(db: str, src: Path) -> None:
    """An ingest of `src` (120 articles, batches of 10) killed with SIGKILL after three committed
    batches, the next under way: the store holds whole batches only, and running the ingest again
    adds exactly the rest. The file and the lake back end are checked alike."""
    child = subprocess.Popen([sys.executable, "-c", INGESTER, db, str(src), "10"], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    seen = [child.stdout.readline() for _ in range(3)]          # three batches committed
    time.sleep(0.05)                                           # ... and the next one under way
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert all(line.strip().isdigit() for line in seen)
    with Store.open(db) as store:                              # replays the WAL if any
        with store.connections.cursor() as cur:
            n_articles, _ = check_whole(cur)
        assert 30 <= n_articles < 120 and n_articles % 10 == 0
        # and the interrupted ingest can simply be run again
        report = store.ingest_articles([Article.from_dict(v) for v in variants(120)], batch=200)
        assert report.skipped_duplicates == n_articles and report.added == 120 - n_articles
        with store.connections.cursor() as cur:
            assert check_whole(cur)[0] == 120


def test_kill_9_mid_ingest_leaves_no_half_article(tmp_path):
    kill_9_mid_ingest_then_rerun(str(tmp_path / "k.duckdb"), write_variants(tmp_path / "in.jsonl", 120))


READER = textwrap.dedent("""
    import sys, time
    from store.api import Store
    from store.model import Filter
    path, stop = sys.argv[1], sys.argv[2]
    import os
    queries, last = 0, -1
    with Store.open(path, read_only=True, lock_timeout=30) as store:
        while not os.path.exists(stop):
            n = store.count(Filter())
            assert n >= last, (n, last)
            store.timeline(Filter(), 50)
            store.summary(Filter(), "admin1")
            last, queries = n, queries + 1
            print(queries, n, flush=True)
            time.sleep(0.02)
    print("reader done", queries, last, flush=True)
""")


def test_readers_keep_working_while_ingesting(tmp_path):
    db = tmp_path / "c.duckdb"
    Store.open(db).close()
    src = write_variants(tmp_path / "in.jsonl", 120)
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().split()[0] == "1"          # holding the file before the ingest starts
    ingest = subprocess.run([sys.executable, "-c", INGESTER, str(db), str(src), "12", "0.4"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    stop.touch()
    out, _ = reader.communicate(timeout=60)
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.splitlines()[-1] == "done 120"
    assert reader.returncode == 0, out
    counts = [int(line.split()[1]) for line in out.splitlines() if line[0].isdigit()]
    assert len(counts) >= 5 and counts == sorted(counts)
    # it saw the ingest progress batch by batch (10 batches, each followed by 0.4 s without the file),
    # not only the store before and after: an ingest that held the file throughout shows just those two
    assert len(set(counts) - {counts[0], counts[-1]}) >= 3, sorted(set(counts))
    assert out.splitlines()[-1].startswith("reader done")


def test_an_open_store_keeps_duckdbs_lock(tmp_path):
    """While a Store holds its connection, no other process can open the file behind rasd's back
    (the lock is what stops two writers; a stray close of the file in this process once dropped it)."""
    db = tmp_path / "l.duckdb"
    with Store.open(db) as store:
        store.count(Filter())
        store.count(Filter())      # a second call checks the file's identity again
        other = subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r})"],
                               capture_output=True, text=True, timeout=60)
    assert other.returncode != 0 and "lock" in other.stderr.lower(), other.stderr
    assert subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r})"],
                          timeout=60).returncode == 0        # ... and lets it go when closed
