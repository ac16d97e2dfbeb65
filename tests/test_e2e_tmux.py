"""End to end in a real terminal: `rasd` on a new store builds it from the sample on first run,
then a typed Arabic search filters the timeline; the screen is read back with capture-pane."""
from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from store.api import Store
from store.model import Filter
from tui import rtl
from tui_tmux import Tmux

HEADLINE = re.compile(r"([\d,]+) reports · ([\d,]+) killed")
LISTED = re.compile(r"timeline · ([\d,]+) ·")
LOGICAL_ARABIC = re.compile("[\u0621-\u064a]+")   # letters a shaped line shows as presentation forms


def wait_for_new_result(term: Tmux, before: str, must_show: str, timeout: float = 30.0) -> str:
    """The screen once the list and the headline both show a result other than `before`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = term.screen()
        head, listed = HEADLINE.search(screen), LISTED.search(screen)
        if must_show in screen and head and listed and head[1] == listed[1] != before:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"no new result on screen:\n{term.screen()}")


def type_arabic(term: Tmux, word: str) -> None:
    """Type into the focused search box until it shows the word (the box is the one place the logical,
    unshaped letters appear: everything else is drawn shaped). On a machine loaded
    far past its cores (load 19 on 2) the letters sent by tmux were seen lost now and then, the box
    left empty; they are sent once more then (see the closing note of issue 15)."""
    for _ in range(2):
        term.keys(word, literal=True)
        try:
            term.wait_for(word, timeout=10)
            return
        except AssertionError:
            continue
    raise AssertionError(f"{word!r} typed twice never reached the search box:\n{term.screen()}")


def test_first_run_then_search_in_a_16_colour_terminal(tmp_path: Path):
    db = tmp_path / "new.duckdb"
    term = Tmux(db, tmp_path / "raw.out", size=(120, 40), term="xterm")
    try:
        screen = term.settled(" reports · ", timeout=90)        # the first loads done before the first key
        assert "timeline" in screen and "filters: none" in screen
        # every Arabic letter on screen went through the display pipeline (chrome and placeholders too)
        assert not LOGICAL_ARABIC.findall(screen), LOGICAL_ARABIC.findall(screen)
        everything = HEADLINE.search(screen)[1]
        term.keys("/")
        term.gone("t towns")        # the footer of a focused search box: keys typed before it went to the list
        type_arabic(term, "درعا")
        term.keys("Enter")
        crumb = f"“{'درعا'}”"
        screen = wait_for_new_result(term, everything, rtl.visual(crumb))
        shown = HEADLINE.search(screen)
        # joined, reordered Arabic on screen (presentation forms), never the logical string
        assert rtl.visual("درعا") in screen
        term.keys("q")
        term.wait_for("RASD-EXITED 0")
    finally:
        term.close()
    with Store.open(db, read_only=True) as store:
        assert int(shown[1].replace(",", "")) == store.count(Filter(text="درعا")) > 0
        assert int(shown[2].replace(",", "")) == store.totals(Filter(text="درعا")).killed
    raw = (tmp_path / "raw.out").read_bytes()
    assert rtl.BIDI_APP_ENTER.encode() in raw and rtl.BIDI_APP_EXIT.encode() in raw
    assert b"\x1b[38;2;" not in raw and b"\x1b[38;5;" not in raw  # TERM=xterm: 16 colours only


def test_bad_db_path_is_one_line_on_stderr(tmp_path: Path):
    import subprocess
    import sys

    bad = tmp_path / "not-a-db.duckdb"
    bad.write_text("this is not a duckdb file\n")
    rasd = Path(sys.executable).with_name("rasd")
    out = subprocess.run([str(rasd), "--db", str(bad)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2         # a store error a person can fix (tui/cli.py: guarded)
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr and str(bad.name) in out.stderr


def test_bidi_terminal_mode_sends_logical_text(tmp_path: Path):
    db = tmp_path / "t.duckdb"
    term = Tmux(db, tmp_path / "raw.out", size=(100, 30), args="browse --bidi terminal")
    try:
        screen = term.settled(" reports · ", timeout=90)
        assert "رصد" in screen and rtl.shape("رصد") not in screen  # logical, unshaped: the terminal does it
        term.keys("q")
        term.wait_for("RASD-EXITED 0")
    finally:
        term.close()
    raw = (tmp_path / "raw.out").read_bytes()
    assert rtl.BIDI_APP_ENTER.encode() not in raw


def test_stats_piped_to_a_file_is_text_grep_finds(tmp_path: Path):
    """In a real terminal: `rasd stats` on the screen is shaped for it; redirected to a file it is
    logical-order text, so grep finds the Arabic name typed on a keyboard."""
    from tests.store_helpers import build

    db = tmp_path / "s.duckdb"
    build(db).close()
    out = tmp_path / "stats.tsv"
    term = Tmux(db, tmp_path / "raw.out", size=(100, 30), args=f"stats --by admin1 > {out}")
    try:
        term.wait_for("RASD-EXITED 0")
    finally:
        term.close()
    found = subprocess.run(["grep", "درعا", str(out)], capture_output=True, text=True)
    assert found.returncode == 0 and found.stdout.startswith("SY12\tدرعا · محافظة\t5\t14\t")
    shown = Tmux(db, tmp_path / "raw2.out", size=(100, 30), args="stats --by admin1")
    try:
        screen = shown.wait_for("RASD-EXITED 0")
    finally:
        shown.close()
    assert rtl.visual("درعا · محافظة") in screen and "درعا" not in screen   # shaped for the screen only
