"""Issue 12, one test per item: nothing lost, nothing injected, no traceback — through the `rasd`
command as a person runs it (exit code, stderr, the store and the exported file read back)."""
from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT
from store.api import Store

THREE = ("قتل شخصان في مدينة جاسم اليوم بإطلاق نار. وقصفت قوات النظام مدينة إدلب اليوم ما أدى إلى مقتل "
         "ثلاثة مدنيين. واعتقلت قوات النظام شاباً في مدينة درعا اليوم.")
ONE = "قتل شخصان في مدينة جاسم اليوم بإطلاق نار."
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# root reads and writes anything: these drop the capabilities that let it, so permissions apply
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]


def rasd(db: Path | str, *args: str, stdin=None, input: str | None = None, prefix: tuple = (), timeout: float = 180,
         **kw) -> subprocess.CompletedProcess:
    cmd = [*prefix, sys.executable, "-m", "tui.cli", "--db", str(db), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, stdin=stdin, input=input,
                          env=dict(os.environ, COLUMNS="200"), **kw)


def article(aid: str, text: str = ONE, published: str = "2022-10-15", **extra) -> str:
    return json.dumps({"id": aid, "published": published, "text": text, **extra}, ensure_ascii=False)


def jsonl(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr.replace("rasd: ", ""), r.stderr


def ids_in_store(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]


def needs_no_dac() -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to test permissions")


# 1 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("batch", ["500", "1"])
def test_1_duplicate_id_in_one_run_keeps_the_first_and_names_the_second(tmp_path, batch, new_db):
    src = jsonl(tmp_path / "dup.jsonl", article("X", ONE, title="first"), article("X", THREE, title="second"))
    db = new_db()
    r = rasd(db, "ingest", str(src), "--batch", batch)
    assert r.returncode == 1, r.stderr
    assert f"{src}:2: duplicate article id 'X' with other content (first at {src}:1)" in r.stderr
    assert "added 1 articles" in r.stderr
    out = tmp_path / "x.csv"
    assert rasd(db, "export", "-f", "csv", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["article_title"] for row in rows] == ["first"]         # one incident, its own article


# 2 ---------------------------------------------------------------------------------------------

def test_2_reviews_follow_a_changed_article_or_are_reported_orphaned(tmp_path, new_db):
    db = new_db()
    assert rasd(db, "ingest", str(jsonl(tmp_path / "a.jsonl", article("A", THREE, title="عنوان")))).returncode == 0
    with Store.open(db) as store:
        with store.connections.cursor() as cur:
            ids = [r[0] for r in cur.execute("SELECT id FROM incidents").fetchall()]
        assert len(ids) == 3
        for iid in ids:
            store.add_review(iid, "verified", "checked")
    changed = rasd(db, "ingest", str(jsonl(tmp_path / "b.jsonl", article("A", THREE, title="عنوان!"))))
    assert changed.returncode == 0, changed.stderr
    assert "the reviews of 3 incidents followed them" in changed.stderr
    stats = rasd(db, "stats", "--review", "verified")
    assert "total: 3 reports" in stats.stdout and "orphaned" not in stats.stdout
    # the Idlib sentence goes: its review is kept and reported, the other two still follow
    shorter = THREE.replace("وقصفت قوات النظام مدينة إدلب اليوم ما أدى إلى مقتل ثلاثة مدنيين. ", "")
    again = rasd(db, "ingest", str(jsonl(tmp_path / "c.jsonl", article("A", shorter, title="عنوان!"))))
    assert "the reviews of 2 incidents followed them" in again.stderr
    assert "1 reviewed incidents are gone" in again.stderr
    stats = rasd(db, "stats", "--review", "verified")
    assert "total: 2 reports" in stats.stdout and "orphaned reviews: 1 " in stats.stdout


# 3 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_3_no_exported_cell_starts_a_formula(tmp_path, fmt):
    hostile = [article("=HYPERLINK(\"http://x\")", "=1+1 " + ONE, title="@SUM(A1)", url="+cmd|' /C calc'!A0",
                       outlet="-2+3"),
               article("\tid", "-" + ONE.replace("جاسم", "إدلب"), title="\rtitle", url="@x", outlet="=evil")]
    db = tmp_path / "s.duckdb"
    assert rasd(db, "ingest", str(jsonl(tmp_path / "h.jsonl", *hostile))).returncode == 0
    out = tmp_path / f"x.{fmt}.csv"
    assert rasd(db, "export", "-f", fmt, "-o", str(out)).returncode == 0
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == 3
    cells = [c for row in rows[1:] for c in row]
    assert [c for c in cells if c.startswith(FORMULA)] == []
    assert any(c.startswith("'=") for c in cells) and any(c.startswith("'-") for c in cells)


# 4 ---------------------------------------------------------------------------------------------

def test_4_export_writes_only_regular_files_keeps_their_mode_and_needs_force(tmp_path):
    db = tmp_path / "s.duckdb"
    assert rasd(db, "ingest", str(jsonl(tmp_path / "a.jsonl", article("A")))).returncode == 0
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    r = rasd(db, "export", "-f", "csv", "-o", str(fifo), "--force")
    assert r.returncode == 2 and "is a FIFO; export writes only regular files" in r.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    private = tmp_path / "private.csv"
    private.write_text("keep me\n")
    private.chmod(0o600)
    r = rasd(db, "export", "-f", "csv", "-o", str(private))
    assert r.returncode == 2 and "exists; use --force to overwrite it" in r.stderr
    assert private.read_text() == "keep me\n"
    link = tmp_path / "link.csv"
    link.symlink_to(private)
    assert rasd(db, "export", "-f", "csv", "-o", str(link), "--force").returncode == 0
    assert link.is_symlink() and stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text(encoding="utf-8").startswith("id,")


# 5 ---------------------------------------------------------------------------------------------

def test_5_extract_writes_no_control_characters(tmp_path):
    name = tmp_path / "in\x1b[31mput\u202e.jsonl"
    jsonl(name, article("a\x9b31m\u202eb", "قتل\u202e شخصان\x85 في مدينة جاسم اليوم بإطلاق نار."), "{bad")
    r = subprocess.run([sys.executable, "-m", "tui.cli", "extract", str(name)], cwd=ROOT, capture_output=True,
                       timeout=120)
    assert r.returncode == 1
    out, err = r.stdout.decode(), r.stderr.decode()
    row = json.loads(out)
    assert row["id"] == "ab" and row["incidents"]        # the 8-bit CSI goes whole, as on ingest
    for text in (out, err):
        assert not any(c in text for c in "\x1b\x9b\x85\u202e"), text
    assert ":2: skipped: invalid JSON" in err


# 6 ---------------------------------------------------------------------------------------------

def test_6_ingest_goes_past_deep_json_and_unreadable_files(tmp_path):
    needs_no_dac()
    deep = jsonl(tmp_path / "deep.jsonl", "[" * 100_000 + "]" * 100_000, article("after-deep"))
    locked = jsonl(tmp_path / "locked.jsonl", article("locked"))
    locked.chmod(0)
    later = jsonl(tmp_path / "later.jsonl", article("later", ONE.replace("جاسم", "إدلب")))
    db = tmp_path / "s.duckdb"
    r = rasd(db, "ingest", str(deep), str(locked), str(later), prefix=tuple(NO_DAC))
    no_traceback(r)
    assert r.returncode == 1
    assert f"{deep}:1: invalid JSON: nested too deeply" in r.stderr
    assert f"{locked}: cannot read: Permission denied" in r.stderr
    assert ids_in_store(db) == ["after-deep", "later"]


def test_6_closed_stdin_and_stdout_are_one_line(tmp_path):
    db = tmp_path / "s.duckdb"
    assert rasd(db, "ingest", str(jsonl(tmp_path / "a.jsonl", article("A")))).returncode == 0
    closed_in = subprocess.run(f"{sys.executable} -m tui.cli --db {db} ingest - <&-", shell=True, cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
    no_traceback(closed_in)
    assert closed_in.returncode == 1 and "<stdin>: standard input is closed" in closed_in.stderr
    closed_out = subprocess.run(f"{sys.executable} -m tui.cli --db {db} stats >&-", shell=True, cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
    no_traceback(closed_out)
    assert closed_out.returncode == 2 and "standard output is closed" in closed_out.stderr


def test_6_extract_reports_undecodable_lines_and_impossible_dates_and_goes_on(tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_bytes(article("utf16").encode("utf-16") + b"\n" + article("latin").encode("utf-8").replace(
        "قتل".encode(), "caf\xe9".encode("latin-1")) + b"\n"
        + (article("old", "قتل شخصان أمس في مدينة جاسم.", published="0001-01-01") + "\n").encode()
        + (article("future", "سيقتل غدا في مدينة جاسم.", published="9999-12-31") + "\n").encode()
        + (article("good") + "\n").encode())
    r = subprocess.run([sys.executable, "-m", "tui.cli", "extract", str(src)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    no_traceback(r)
    assert r.returncode == 1
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["good"]
    for n in (1, 2):
        assert f"{src}:{n}: skipped: not valid UTF-8" in r.stderr
    assert f"{src}:3: skipped: 'published' year 1 is outside 1900–2100" in r.stderr
    assert f"{src}:4: skipped: 'published' year 9999 is outside 1900–2100" in r.stderr


@pytest.mark.parametrize("where, message", [
    ("missing/x.csv", "directory {tmp}/missing does not exist"),
    (".", "is a directory; export writes only regular files"),
    ("", "-o/--output needs a file name"),
])
def test_6_export_to_an_impossible_path_is_one_line(tmp_path, where, message):
    db = tmp_path / "s.duckdb"
    assert rasd(db, "ingest", str(jsonl(tmp_path / "a.jsonl", article("A")))).returncode == 0
    target = str(tmp_path / where) if where else ""
    r = rasd(db, "export", "-f", "csv", "-o", target, "--force")
    no_traceback(r)
    assert r.returncode == 2 and message.format(tmp=tmp_path) in r.stderr and r.stderr.count("\n") == 1


# 8 (and the full-disk export of 6) ---------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)])


def test_8_disk_full_during_ingest_and_export_says_disk_full(tmp_path, small_disk):
    db = small_disk / "s.duckdb"
    sample = (ROOT / "sample_data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [json.dumps(dict(json.loads(s), id=f"{k}-{n}", text=json.loads(s)["text"] + f" {k}"), ensure_ascii=False)
             for k in range(4) for n, s in enumerate(sample)]
    r = rasd(db, "ingest", str(jsonl(tmp_path / "many.jsonl", *lines)), "--batch", "20")
    no_traceback(r)
    assert r.returncode == 2 and "disk full" in r.stderr and str(db) in r.stderr, r.stderr
    assert "TransactionContext" not in r.stderr
    assert "total: " in rasd(db, "--read-only", "stats").stdout       # what was stored is intact
    subprocess.run(["dd", "if=/dev/zero", f"of={small_disk / 'filler'}", "bs=64k"], capture_output=True)
    out = small_disk / "x.jsonl"
    r = rasd(db, "--read-only", "export", "-f", "jsonl", "-o", str(out))
    no_traceback(r)
    assert r.returncode == 2 and f"disk full: cannot write {out}; nothing was written" in r.stderr
    assert sorted(p.name for p in small_disk.iterdir() if p.name.startswith(".")) == []


# 9 ---------------------------------------------------------------------------------------------

def test_9_a_reader_in_a_directory_it_cannot_write(tmp_path):
    needs_no_dac()
    d = tmp_path / "ro"
    d.mkdir()
    db = d / "s.duckdb"
    assert rasd(db, "ingest", str(jsonl(tmp_path / "a.jsonl", article("A")))).returncode == 0
    (d / "s.duckdb.want.999999999").write_text("")        # left by a killed process
    d.chmod(0o555)
    try:
        r = rasd(db, "--read-only", "stats", prefix=tuple(NO_DAC))
    finally:
        d.chmod(0o755)
    no_traceback(r)
    assert r.returncode == 0 and "total: 1 reports" in r.stdout


# 10 --------------------------------------------------------------------------------------------

def test_10_unreadable_directories_and_fifos_are_not_skipped_silently(tmp_path):
    needs_no_dac()
    top = tmp_path / "in"
    (top / "locked").mkdir(parents=True)
    jsonl(top / "locked" / "a.jsonl", article("hidden"))
    (top / "locked").chmod(0)
    os.mkfifo(top / "piped.jsonl")
    os.mkfifo(tmp_path / "arg.jsonl")

    def feed(path: Path, line: str) -> None:
        with path.open("w", encoding="utf-8") as fh:
            fh.write(line + "\n")
    writers = [threading.Thread(target=feed, args=(top / "piped.jsonl", article("in-dir")), daemon=True),
               threading.Thread(target=feed, args=(tmp_path / "arg.jsonl", article("arg", ONE.replace("جاسم", "إدلب"))),
                                daemon=True)]
    for w in writers:
        w.start()
    db = tmp_path / "s.duckdb"
    try:
        r = rasd(db, "ingest", str(top), str(tmp_path / "arg.jsonl"), prefix=tuple(NO_DAC), timeout=60)
    finally:
        (top / "locked").chmod(0o755)
        for fifo in (top / "piped.jsonl", tmp_path / "arg.jsonl"):     # release a writer nobody read
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
    no_traceback(r)
    assert r.returncode == 1
    assert f"{top / 'locked'}: cannot read directory: Permission denied" in r.stderr
    assert sorted(ids_in_store(db)) == ["arg", "in-dir"]


# 13 --------------------------------------------------------------------------------------------

def test_13_batch_bound_output_errors_dates_and_time_zones(tmp_path):
    db = tmp_path / "s.duckdb"
    src = jsonl(tmp_path / "a.jsonl", article("tz", published="2018-10-16T23:30:00-05:00"),
                article("junk", published="20181016xx"), article("far", published="9999-01-01"),
                '{"id": "x", "text": "unterminated')
    r = rasd(db, "ingest", str(src), "--batch", "40000")
    assert r.returncode == 2 and "--batch must be 1 to 5,000 articles" in r.stderr
    r = rasd(db, "ingest", str(src))
    assert r.returncode == 1
    assert f"{src}:2: bad 'published' date '20181016xx'" in r.stderr
    assert f"{src}:3: 'published' year 9999 is outside 1900–2100" in r.stderr
    assert f"{src}:4: invalid JSON: Invalid control character (column 34)" in r.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        # the date part as written: the writer's own day (GUIDE.md rule 4), not converted to Damascus
        assert str(con.execute("SELECT published FROM articles").fetchall()[0][0]) == "2018-10-16"
    full = subprocess.run(f"{sys.executable} -m tui.cli extract {src} > /dev/full", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    no_traceback(full)
    assert full.returncode == 2 and "cannot write the output: No space left on device" in full.stderr
    assert "cannot read" not in full.stderr


# 7 ---------------------------------------------------------------------------------------------

def test_7_one_ctrl_c_stops_an_ingest_at_a_batch_boundary(tmp_path):
    from tui_tmux import Tmux

    sample = (ROOT / "sample_data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [json.dumps(dict(json.loads(s), id=f"{k}-{n}", text=json.loads(s)["text"] + f" {k}"), ensure_ascii=False)
             for k in range(8) for n, s in enumerate(sample)]
    src = jsonl(tmp_path / "many.jsonl", *lines)
    db = tmp_path / "s.duckdb"
    term = Tmux(db, tmp_path / "raw.out", size=(160, 20), args=f"ingest {src} --batch 100")
    try:
        deadline = 120
        screen = term.wait_for("articles", timeout=deadline)
        import re
        import time
        end = time.monotonic() + deadline
        while time.monotonic() < end:         # the pool is extracting batch 3 once 100 are stored
            done = re.search(r"(\d+)/\d+ articles", term.screen())
            if done and int(done[1]) >= 100:
                break
            time.sleep(0.2)
        term.keys("C-c")
        screen = term.wait_for("RASD-EXITED 130", timeout=15)
        flat = screen.replace("\n", " ")
        stored = int(re.search(r"stopped by Ctrl-C after storing (\d+) articles", flat)[1])
    finally:
        term.close()
    assert stored % 100 == 0 and stored >= 100          # whole batches only
    assert len(ids_in_store(db)) == stored
