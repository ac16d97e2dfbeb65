"""The command line's place, type and date language, and its text output, as a person meets them:
`rasd` run as a process, its exit code, stdout and stderr read back."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store_helpers import build
from tui_tmux import ROOT


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    build(path).close()
    return path


def rasd(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("RASD_LANG", "RASD_BIDI")} | env
    return subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(db), *args], cwd=ROOT, env=environ,
                          timeout=120, capture_output=True, text=True)


def test_an_ambiguous_place_exits_2_with_its_candidates(db):
    for name in ("دوما", "Duma"):
        out = rasd(db, "stats", "--place", name)
        assert out.returncode == 2 and out.stdout == ""
        assert "names 3 places" in out.stderr
        for candidate in ("C2338 دوما · مدينة / Duma · city", "C3076 دوما · بلدة · حماة", "C6236 دوما · بلدة · السويداء"):
            assert candidate in out.stderr
    chosen = rasd(db, "stats", "--place", "دوما · بلدة · حماة")      # a candidate as listed
    assert chosen.returncode == 0, chosen.stderr
    unknown = rasd(db, "stats", "--place", "qqqzzzxxx")
    assert unknown.returncode == 2 and "no place matches" in unknown.stderr


def test_place_names_mean_what_the_tui_means(db):
    def total(*args: str) -> str:
        out = rasd(db, "stats", *args)
        assert out.returncode == 0, out.stderr
        return out.stdout.splitlines()[-1]
    assert total("--place", "جاسم") == total("--place", "C6111") == total("--place", "Jasim")   # the town
    assert total("--place", "Jasim").startswith("total: 4 reports")
    assert total("--place", "الغوطة الشرقية").startswith("total: 0 reports")    # a region: known, empty here


def test_an_unknown_event_type_exits_2_with_suggestions(db):
    out = rasd(db, "stats", "--type", "explosion")
    assert out.returncode == 2 and out.stdout == ""
    assert "unknown event type 'explosion'; did you mean explosions" in out.stderr
    by_name = [rasd(db, "stats", "--type", t).stdout.splitlines()[-1]
               for t in ("explosions/air-drone-strike", "air-drone-strike", "غارة جوية", "Air/drone strike")]
    assert len(set(by_name)) == 1 and by_name[0].startswith("total: 1 reports")


def test_dates_are_whole_periods(db):
    def reports(*args: str) -> str:
        out = rasd(db, "stats", "--by", "month", *args)
        assert out.returncode == 0, out.stderr
        return out.stdout.splitlines()[-1].split(" reports")[0]
    assert reports() == "total: 7"
    assert reports("--from", "2022", "--to", "2022") == "total: 6"     # the whole year: all but the undated one
    assert reports("--from", "2022-10", "--to", "2022-10") == "total: 5"
    assert reports("--to", "2022-10-15") == "total: 3"                # through the whole day
    assert reports("--from", "2022-11") == "total: 1"
    bad = rasd(db, "stats", "--from", "2022-13")
    assert bad.returncode == 2 and "--from: not a date: '2022-13'" in bad.stderr


def test_stats_piped_is_logical_text_with_columns_named_for_what_they_count(db):
    out = rasd(db, "stats", "--by", "admin1")
    lines = out.stdout.splitlines()
    assert lines[0] == "# casualties by admin1 — counting reports"
    assert lines[1].split("\t") == ["key", "name", "reports", "killed", "wounded"]
    assert "SY12\tدرعا · محافظة\t5\t14\t" in out.stdout            # logical order, unshaped: grep finds it
    assert not any("\ufe70" <= ch <= "\ufeff" for ch in out.stdout)  # no presentation forms
    deduped = rasd(db, "stats", "--by", "admin1", "--dedupe").stdout.splitlines()
    assert deduped[1].split("\t")[2] == "incidents"
    english = rasd(db, "stats", "--by", "actor", "--lang", "en").stdout
    assert "isis\tIslamic State\t" in english and "russia-forces\tRussian forces\t" in english
    assert "isis\tIslamic State\t" in rasd(db, "stats", "--by", "actor", RASD_LANG="en").stdout
    arabic = rasd(db, "stats", "--by", "sub_event_type").stdout
    assert "explosions/air-drone-strike\tغارة جوية\t1\t7\t10" in arabic
