#!/usr/bin/env python3
"""A small mutation check, run by hand: does the suite fail when a user-visible feature breaks?

    uv run python scripts/mutation_check.py [--issue15] [--only WORD ...] [--list] [--no-baseline]

Each mutant below is one deliberate break (a source edit: file, old text, new text) with the test
files that should catch it. They are applied one at a time to a copy of the repository (beside
../shared, which the tests read) and those tests run there with the project's environment; a
mutant is *killed* when they fail, *survived* when they pass. It prints one line per mutant and
the score; the exit status is 1 when any survived. Targeted test files keep a run near 15 minutes
on two cores.

The first eight are the breaks of issue 15 that the suite once missed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


TUI = ("tests/test_tui_app.py", "tests/test_tui_filters.py")
CLI = ("tests/test_cli_store.py",)
STORE = ("tests/test_store_queries.py", "tests/test_store_export.py", "tests/test_store_ingest.py")

MUTANTS = [
    # ---- the eight breaks of issue 15 ----
    Mutant("reviews not carried over on re-ingest", "store/ingest.py",
           'inc["review"] = status.get(inc["id"], "unreviewed")', 'inc["review"] = "unreviewed"', CLI),
    Mutant("CLI --place ignored", "tui/cmd_store.py",
           "places=tuple(places), actors", "places=(), actors", CLI),
    Mutant("--bidi terminal reorders paragraphs", "tui/rtl.py",
           '''    if _mode == "terminal" or not has_arabic(line):
        return line, list(range(len(line)))''',
           '''    if not has_arabic(line):
        return line, list(range(len(line)))''', ("tests/test_tui_filters.py",)),
    Mutant("an ingest holds the file for its whole run", "store/ingest.py",
           "        with _ctrl_c_noted() as ctrl_c, conns.writing():\n",
           "        with _ctrl_c_noted() as ctrl_c, conns.writing(), conns.cursor():\n",
           ("tests/test_store_ingest.py::test_readers_keep_working_while_ingesting",)),
    Mutant("export dates written as null", "store/export.py",
           "        return v.isoformat()\n", "        return None\n", CLI),
    Mutant("timeline rows after the first page shifted", "tui/widgets/incident_list.py",
           "lambda: store.timeline_at(f, page * PAGE, PAGE,", "lambda: store.timeline_at(f, page * PAGE + 1, PAGE,",
           ("tests/test_tui_paging.py",)),
    Mutant("the browser's export ignores the filter", "tui/app.py",
           "lambda path, force: self._export(f, fmt, path, force)",
           "lambda path, force: self._export(Filter(), fmt, path, force)", ("tests/test_tui_filters.py",)),
    Mutant("the date range box drops the 'to' date", "tui/widgets/filter_panel.py",
           '''        self.post_message(self.Changed(undated=False, **{"date_to" if end else "date_from": period[end] if period else None}))''',
           '''        if not end:
            self.post_message(self.Changed(undated=False, date_from=period[0] if period else None))''',
           ("tests/test_tui_filters.py",)),
    # ---- store ----
    Mutant("date_to filter off by one day", "store/query.py", 'parts.append("i.date <= ?")',
           'parts.append("i.date < ?")', STORE),
    Mutant("place filter matches only the first code", "store/query.py",
           "for col, codes in by_column.items()) + \")\")", "for col, codes in list(by_column.items())[:1]) + \")\")",
           STORE + CLI),
    Mutant("actor filter ignores sub-actors", "store/query.py",
           "ids = actor_ids_with_children(cur, group)",
           "ids = {a: b for a, b in actor_ids_with_children(cur, group).items() if a in group}", STORE),
    Mutant("review filter ignored", "store/query.py", 'parts.append(f"i.review IN {_in(len(f.review))}")',
           'parts.append("TRUE")', STORE + CLI),
    Mutant("sub-event type ignored in filter", "store/query.py",
           'alts.append("(i.event_type = ? AND i.sub_event_type = ?)" if sub else "i.event_type = ?")',
           'alts.append("(i.event_type = ? AND ? = ?)" if sub else "i.event_type = ?")', STORE),
    Mutant("oldest-first order reversed within a day", "store/query.py",
           'days = f"i.sort_day {d}, i.id {d}"', 'days = f"i.sort_day {d}, i.id DESC"', STORE + ("tests/test_tui_paging.py",)),
    Mutant("keyset page skips the cursor's day", "store/query.py",
           'sql += f" AND (i.sort_day {op} ? OR (i.sort_day = ? AND i.id {op} ?))"',
           'sql += f" AND (i.sort_day {op} ? OR (i.sort_day = ? AND FALSE AND i.id {op} ?))"', STORE),
    Mutant("jump to date one row late", "store/query.py",
           "return rows_from(bisect_left(hist.days, day))", "return rows_from(bisect_left(hist.days, day)) + 1",
           STORE + ("tests/test_tui_paging.py",)),
    Mutant("reports of one day and place from two articles not clustered", "store/ingest.py",
           'if any(art != inc["article_id"] for _, _, art in peers):', 'if False:', STORE),
    Mutant("changed article kept beside its new version", "store/ingest.py",
           "    reviewed = _delete_replaced(cur, [(a, h) for a, h, _ in new])\n", "    reviewed = {}\n", STORE + CLI),
    Mutant("review note not sanitised", "store/api.py", "[incident_id, status, sanitize(note), datetime.now()]",
           "[incident_id, status, note, datetime.now()]", ("tests/test_store_queries.py",)),
    Mutant("review does not update the incident's status", "store/api.py",
           '            cur.execute("UPDATE incidents SET review = ? WHERE id = ?", [status, incident_id])\n', "",
           ("tests/test_store_queries.py",) + TUI),
    Mutant("csv export drops the first row", "store/export.py",
           "        out.writerow(spreadsheet_safe([\"\" if v is None else v for v in row.values()]))\n        n += 1",
           "        n += 1\n        if n > 1:\n            out.writerow(spreadsheet_safe([\"\" if v is None else v for v in row.values()]))",
           ("tests/test_store_export.py",) + CLI),
    Mutant("geojson swaps lon and lat", "store/export.py",
           '"coordinates": [row["lon"], row["lat"]]', '"coordinates": [row["lat"], row["lon"]]',
           ("tests/test_store_export.py",) + CLI),
    Mutant("acled fatalities from wounded", "store/export.py", '''row["evidence"], row["killed"], "",''',
           '''row["evidence"], row["wounded"], "",''', ("tests/test_store_export.py",)),
    Mutant("de-duplication keeps the report with the fewest killed", "store/query.py",
           'REPRESENTATIVE = "first(i.seq ORDER BY i.killed DESC,', 'REPRESENTATIVE = "first(i.seq ORDER BY i.killed ASC,',
           STORE + CLI),
    Mutant("search does not find an incident by its place name", "store/search.py",
           "(evidence, place_name, admin1, admin2)", "(evidence, admin1, admin2)", ("tests/test_store_search.py",)),
    # ---- the command line ----
    Mutant("stats --dedupe ignored", "tui/cmd_store.py", "text=args.search, dedupe=args.dedupe",
           "text=args.search, dedupe=False", CLI),
    Mutant("--to read as --from", "tui/cmd_store.py", 'date_to=_day(args.date_to, "--to", end=True)',
           'date_to=_day(args.date_from, "--to", end=True)', CLI),
    Mutant("ingest exits 0 when lines failed", "tui/cmd_store.py", "return 1 if report.failed else 0", "return 0",
           ("tests/test_store_ingest.py",)),
    Mutant("stats table shows killed as wounded", "tui/cmd_store.py",
           'f"{r.incidents}", f"{r.killed}", f"{r.wounded}"', 'f"{r.incidents}", f"{r.wounded}", f"{r.wounded}"', CLI),
    Mutant("actor name looked up but dropped", "tui/cmd_store.py", "actors=tuple(actors)", "actors=()", CLI),
    Mutant("extract output drops the victims", "extract/model.py",
           '"victims": [asdict(v) for v in self.victims],', '"victims": [],',
           ("tests/test_extract_eval.py",)),
    Mutant("extract output gives wounded as killed", "extract/model.py", '"killed": self.killed,',
           '"killed": self.wounded,', ("tests/test_extract_eval.py",)),
    Mutant("extract output dates shifted a day", "extract/model.py",
           '"date": self.date.isoformat() if self.date else None,',
           '"date": (self.date + datetime.timedelta(days=1)).isoformat() if self.date else None,',
           ("tests/test_extract_eval.py",)),
    # ---- the map and the victims register (issue 13) ----
    Mutant("victims register ignores the filter", "store/victims.py", "    w = where(cur, f)\n",
           "    w = where(cur, Filter())\n", ("tests/test_victims.py",)),
    Mutant("victims name search ignores spelling variants", "store/api.py",
           "names = victims_mod.matching_names(index, name)", "names = [name]", ("tests/test_victims.py",)),
    Mutant("map points ignore the filter", "store/geo.py", "    w = where(cur, f)\n", "    w = where(cur, Filter())\n",
           ("tests/test_map.py",)),
    # ---- the browser ----
    Mutant("timeline cursor row off by one on Enter", "tui/widgets/windowed.py",
           "        row = self.current\n        if row is not None:\n            self.post_message(self.Open(row))",
           "        row = self.row(self.cursor + 1)\n        if row is not None:\n            self.post_message(self.Open(row))",
           TUI),
    Mutant("review from the list marks the wrong status", "tui/app.py",
           "self.store.add_review(incident_id, status, note)", "self.store.add_review(incident_id, 'verified', note)",
           TUI),
    Mutant("clear keeps the filter", "tui/screens/main.py",
           "    def action_clear(self) -> None:\n        self.filter = Filter()\n",
           "    def action_clear(self) -> None:\n        self.filter = self.filter.with_(text='')\n", TUI),
    Mutant("sort key does nothing", "tui/screens/main.py",
           "        self.newest_first = not self.newest_first\n", "", TUI + ("tests/test_tui_paging.py",)),
    Mutant("search box submits an empty query", "tui/widgets/filter_panel.py",
           "self.post_message(self.Changed(text=event.value.strip()))", "self.post_message(self.Changed(text=''))", TUI),
    Mutant("headline shows reports for de-duplicated", "tui/screens/main.py",
           "(t.clusters, t.killed_dedup, t.wounded_dedup) if f.dedupe", "(t.incidents, t.killed, t.wounded) if f.dedupe",
           TUI),
    Mutant("incident screen shows wounded as killed", "tui/screens/incident.py",
           'str(r.killed) + was("killed")', 'str(r.wounded) + was("killed")',
           ("tests/test_tui_app.py::test_the_incident_screen_shows_its_figures", "tests/test_tui_snapshots.py")),
    # the first screen kept between launches (store/warm.py) must never show another state's figures
    Mutant("kept first screen outlives a correction", "store/warm.py",
           " or generation != store.generation():", ":", ("tests/test_first_screen.py",)),
    Mutant("kept first screen outlives a rebuilt store", "store/db.py",
           'return f"{self.path.resolve()}:{file_identity(self.path)}"', "return str(self.path.resolve())",
           ("tests/test_first_screen.py",)),
    Mutant("kept first screen outlives new place names", "store/warm.py",
           '(kept["identity"], kept["code"], kept["reference"]) != (store.identity(), code_digest(), _reference(store))',
           '(kept["identity"], kept["code"]) != (store.identity(), code_digest())', ("tests/test_first_screen.py",)),
    Mutant("footer blank until the page is clicked", "tui/widgets/footer.py",
           "if not self._pending and self.is_attached", "if not self._pending and self.app.app_focus and self.is_attached",
           ("tests/test_tui_app.py",)),
    Mutant("footer rebuilt on every focus change", "tui/widgets/footer.py",
           "if shown != self._shown:", "if True:", ("tests/test_tui_app.py",)),
]


def copy_repo(dest: Path) -> Path:
    """The tracked and new files of the working tree (not .venv, .git or caches) at dest/rasd, with
    dest/shared pointing at ../shared."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")
    repo = dest / "rasd"
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    (dest / "shared").symlink_to((ROOT.parent / "shared").resolve())
    return repo


def run_tests(repo: Path, tests: tuple[str, ...]) -> tuple[str | None, float]:
    """The first failing test on the (mutated) copy, or None when they all pass."""
    env = dict(os.environ, PYTHONPATH=str(repo), PYTHONDONTWRITEBYTECODE="1")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - start
    if done.returncode == 0:
        return None, seconds
    failed = [line.split(" ", 1)[1] for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return (failed or [done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no output)"])[0], seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", default=[], help="mutants whose name contains one of these words")
    ap.add_argument("--issue15", action="store_true", help="only the eight breaks of issue 15")
    ap.add_argument("--list", action="store_true", help="list the mutants and stop")
    ap.add_argument("--no-baseline", action="store_true", help="skip running the chosen tests unmutated first")
    args = ap.parse_args()
    chosen = [m for m in (MUTANTS[:8] if args.issue15 else MUTANTS) if not args.only or any(w in m.name for w in args.only)]
    if args.list:
        for m in chosen:
            found = (ROOT / m.file).read_text(encoding="utf-8").count(m.old)
            print(f"{'' if found == 1 else 'STALE '}{m.name:55} {m.file:32} {' '.join(m.tests)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="rasd-mutants-", dir=ROOT.parent) as tmp:
        repo = copy_repo(Path(tmp))
        if not args.no_baseline:      # a test that fails unmutated would count every mutant as killed
            every = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
            failed, seconds = run_tests(repo, every)
            if failed:
                print(f"the unmutated copy fails: {failed}", file=sys.stderr)
                return 2
            print(f"baseline: {len(every)} test files pass unmutated ({seconds:.0f}s)", flush=True)
        survived = []
        for m in chosen:
            path = repo / m.file
            original = path.read_text(encoding="utf-8")
            if original.count(m.old) != 1:
                print(f"STALE     {m.name}: the text to break is not in {m.file} exactly once", flush=True)
                survived.append(m.name)
                continue
            path.write_text(original.replace(m.old, m.new), encoding="utf-8")
            try:
                failed, seconds = run_tests(repo, m.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            print(f"{'killed  ' if failed else 'SURVIVED'}  {seconds:5.1f}s  {m.name}" + (f"  <- {failed}" if failed else ""),
                  flush=True)
            if not failed:
                survived.append(m.name)
    print(f"score: {len(chosen) - len(survived)}/{len(chosen)} killed")
    for name in survived:
        print(f"  survived: {name}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
