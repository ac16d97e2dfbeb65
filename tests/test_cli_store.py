"""`rasd stats`, `rasd export` and `rasd ingest` as a person runs them: a real process on the
hand-built store of tests/store_helpers.py, judged by its output, its exit code and the file it
wrote, read back. The figures are worked out by hand in store_helpers.py."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from store.api import Store
from store.model import Filter
from tests.store_helpers import build

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "articles.jsonl"
# every incident of the hand-built store by date (None: the undated arrest in Daraa)
ALL_DATES = ["2022-10-14", "2022-10-15", "2022-10-15", "2022-10-16", "2022-10-20", "2022-11-02", None]
DARAA_DATES = [None, "2022-10-14", "2022-10-15", "2022-10-15", "2022-10-16"]    # --place SY12, oldest first


def rasd(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(db), *args], cwd=ROOT, timeout=120,
                          capture_output=True, text=True, input=stdin, env=dict(os.environ, COLUMNS="120"))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "hand.duckdb"
    build(path).close()
    return path


def ordered(dates):
    """Dates as an export lists them: oldest first, the undated first (sort day 0001-01-01)."""
    return sorted(dates, key=lambda d: d or "")


def totals_line(out: str) -> str:
    """The last line of `rasd stats`, without the note on rejected incidents."""
    return next(line for line in out.splitlines() if line.startswith("total:")).split(" (rejected")[0]


def table_rows(out: str) -> dict[str, list[str]]:
    """key -> the cells of its row in the tab-separated table `rasd stats` prints into a pipe."""
    rows = {}
    for line in out.splitlines():
        cells = line.split("\t")
        if len(cells) > 2 and cells[0].startswith(("SY", "C")) and cells[-1].isdigit():
            rows[cells[0]] = cells
    return rows


def test_stats_everything(db):
    out = rasd(db, "stats", "--by", "admin1")
    assert out.returncode == 0, out.stderr
    assert totals_line(out.stdout) == "total: 7 reports; killed 22, wounded 13"
    rows = table_rows(out.stdout)
    assert {k: r[-3:] for k, r in rows.items()} == {"SY12": ["5", "14", "3"], "SY07": ["1", "7", "10"],
                                                     "SY04": ["1", "1", "0"]}
    out = rasd(db, "stats", "--by", "admin1", "--dedupe")
    assert totals_line(out.stdout) == "total: 6 incidents (de-duplicated); killed 18, wounded 13"
    assert {k: r[-3:] for k, r in table_rows(out.stdout).items()} == {
        "SY12": ["4", "10", "3"], "SY07": ["1", "7", "10"], "SY04": ["1", "1", "0"]}


@pytest.mark.parametrize("actor", ["داعش", "isis"])
def test_stats_by_actor_name_or_id(db, actor):
    """ISIS took part in #1, #2 and #3 (4 + 3 + 5 killed, 0 + 2 + 1 wounded), all in Daraa."""
    out = rasd(db, "stats", "--by", "admin1", "--actor", actor)
    assert out.returncode == 0, out.stderr
    assert totals_line(out.stdout) == "total: 3 reports; killed 12, wounded 3"
    assert {k: r[-3:] for k, r in table_rows(out.stdout).items()} == {"SY12": ["3", "12", "3"]}


def test_stats_says_when_the_table_is_cut(db):
    out = rasd(db, "stats", "--by", "admin1", "--limit", "2")
    assert out.returncode == 0, out.stderr
    assert list(table_rows(out.stdout)) == ["SY12", "SY07"]
    assert "only the first 2 rows are shown; --limit N shows more" in out.stdout
    assert "only the first" not in rasd(db, "stats", "--by", "admin1", "--limit", "3").stdout


@pytest.mark.parametrize("place, totals, rows", [
    ("SY12", "total: 5 reports; killed 14, wounded 3", {"SY12": ["5", "14", "3"]}),
    # a name: looked up (Jasim's subdistrict), the undated arrest in Daraa left out
    ("جاسم", "total: 4 reports; killed 14, wounded 3", {"SY12": ["4", "14", "3"]}),
    ("C3871", "total: 1 reports; killed 7, wounded 10", {"SY07": ["1", "7", "10"]}),
])
def test_stats_by_place(db, place, totals, rows):
    out = rasd(db, "stats", "--by", "admin1", "--place", place)
    assert out.returncode == 0, out.stderr
    assert totals_line(out.stdout) == totals
    assert {k: r[-3:] for k, r in table_rows(out.stdout).items()} == rows


def test_stats_by_places_of_two_kinds(db):
    """A governorate and a town: either one's incidents (Idlib's 1 and Jasim's 4)."""
    out = rasd(db, "stats", "--by", "admin1", "--place", "SY07", "--place", "C6111")
    assert out.returncode == 0, out.stderr
    assert totals_line(out.stdout) == "total: 5 reports; killed 21, wounded 13"
    assert {k: r[-3:] for k, r in table_rows(out.stdout).items()} == {"SY07": ["1", "7", "10"], "SY12": ["4", "14", "3"]}


def test_stats_filters_combine(db):
    out = rasd(db, "stats", "--place", "SY12", "--from", "2022-10-15", "--to", "2022-10-15", "--by", "place")
    assert out.returncode == 0, out.stderr
    assert totals_line(out.stdout) == "total: 2 reports; killed 9, wounded 1"
    assert {k: r[-3:] for k, r in table_rows(out.stdout).items()} == {"C6111": ["2", "9", "1"]}


def test_stats_unknown_place_is_one_line_and_exit_2(db):
    out = rasd(db, "stats", "--place", "zzqx-nowhere")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == "rasd: no place matches 'zzqx-nowhere'\n"


def read_back(fmt: str, path: Path) -> list[dict]:
    """Rows of an exported file as dicts, dates as ISO strings or None."""
    if fmt in ("csv", "acled"):
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection"
        return [f["properties"] | dict(zip(("lon", "lat"), (f["geometry"] or {}).get("coordinates", (None, None))))
                for f in doc["features"]]
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
            for r in pq.read_table(path).to_pylist()]


DATE_COLUMN = {"csv": "date", "jsonl": "date", "geojson": "date", "parquet": "date", "acled": "event_date"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet", "acled"])
def test_export_writes_the_dates(db, tmp_path, fmt):
    out_file = tmp_path / f"all.{fmt}"
    out = rasd(db, "export", "-f", fmt, "-o", str(out_file))
    assert out.returncode == 0, out.stderr
    rows = read_back(fmt, out_file)
    dates = [r[DATE_COLUMN[fmt]] or None for r in rows]
    # ACLED has no undated events: the undated arrest takes its article's publication day
    assert dates == [d or ("2022-11-03" if fmt == "acled" else None) for d in ordered(ALL_DATES)]
    said = f"rasd: wrote {len(ALL_DATES)} incidents to {out_file} ({fmt})"
    if fmt == "geojson":     # the farm has no coordinates: kept, with a null geometry
        assert [r["lon"] is None for r in rows].count(True) == 1
        said += "; 1 have no coordinates and have a null geometry"
    assert out.stderr == said + "\n"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet", "acled"])
def test_export_by_place(db, tmp_path, fmt):
    out_file = tmp_path / f"daraa.{fmt}"
    out = rasd(db, "export", "-f", fmt, "-o", str(out_file), "--place", "SY12")
    assert out.returncode == 0, out.stderr
    rows = read_back(fmt, out_file)
    killed = "fatalities" if fmt == "acled" else "killed"
    if fmt == "geojson":     # the undated arrest is placed at the governorate's centre: it has coordinates
        assert len(rows) == 5
    assert [r[DATE_COLUMN[fmt]] or None for r in rows] == [d or ("2022-11-03" if fmt == "acled" else None)
                                                           for d in DARAA_DATES]
    assert sum(int(r[killed]) for r in rows) == 14
    admin1 = [r["admin1"] for r in rows]
    assert set(admin1) == {"Daraa" if fmt == "acled" else "درعا"}      # ACLED's files name places in English
    assert out.stderr == f"rasd: wrote 5 incidents to {out_file} ({fmt})\n"


def test_export_filters_by_type_and_dates(db, tmp_path):
    out_file = tmp_path / "x.jsonl"
    out = rasd(db, "export", "-f", "jsonl", "-o", str(out_file), "--type", "battles", "--from", "2022-10-15",
               "--to", "2022-10-16")
    assert out.returncode == 0, out.stderr
    rows = read_back("jsonl", out_file)
    assert [r["date"] for r in rows] == ["2022-10-15", "2022-10-15", "2022-10-16"]
    assert sorted(r["killed"] for r in rows) == [2, 4, 5] and {r["event_type"] for r in rows} == {"battles"}


# ---- reviews across re-ingest -------------------------------------------------------------------

def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_review_comes_back_with_the_article_version_it_was_made_on(tmp_path):
    """Edit an article (its incidents are re-created, unreviewed), then undo the edit: the incident
    the person verified is verified again, as `rasd export --review verified` shows."""
    db = tmp_path / "r.duckdb"
    original = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    edited = dict(original, text=original["text"] + "\nتحديث: لا جديد.")
    v1, v2 = jsonl(tmp_path / "v1.jsonl", [original]), jsonl(tmp_path / "v2.jsonl", [edited])
    assert rasd(db, "ingest", str(v1)).returncode == 0
    with Store.open(db) as store:
        first = store.timeline_at(Filter(), 0, 100)
        assert first, "the first sample article should give incidents"
        chosen = first[0]
        store.add_review(chosen.id, "verified", "called the source")
    exported = tmp_path / "verified.jsonl"

    def verified() -> list[dict]:
        out = rasd(db, "export", "-f", "jsonl", "-o", str(exported), "--review", "verified", "--force")
        assert out.returncode == 0, out.stderr
        return read_back("jsonl", exported)

    assert [r["id"] for r in verified()] == [chosen.id]
    edit = rasd(db, "ingest", str(v2))
    assert edit.returncode == 0 and "added 1 articles" in edit.stderr
    undo = rasd(db, "ingest", str(v1))
    assert undo.returncode == 0 and "added 1 articles" in undo.stderr
    back = verified()
    assert [(r["id"], r["review"], r["killed"]) for r in back] == [(chosen.id, "verified", chosen.killed)]
    stats = rasd(db, "stats", "--review", "verified")
    assert stats.returncode == 0 and totals_line(stats.stdout) == f"total: 1 reports; killed {chosen.killed}, wounded {chosen.wounded}"
    with Store.open(db, read_only=True) as store:
        assert store.count(Filter()) == len(first)    # the edited version is gone, not kept beside it
        detail = store.incident(chosen.id)
        assert [(r.status, r.note) for r in detail.reviews] == [("verified", "called the source")]


def test_a_store_from_before_subdistrict_codes_gets_them_at_the_next_ingest(tmp_path):
    """Incidents stored while the gazetteer gave no subdistrict codes could not be found by one
    (`--place جاسم` picks Jasim's subdistrict, SY120301); the next ingest fills them in."""
    db = tmp_path / "old.duckdb"
    with build(db) as store, store.connections.cursor() as cur:
        cur.execute("UPDATE incidents SET admin3_pcode = NULL")
        cur.execute("UPDATE meta SET value = 0 WHERE key = 'reference'")    # made with other reference data
    assert totals_line(rasd(db, "stats", "--place", "SY120301").stdout) == "total: 0 reports; killed 0, wounded 0"
    empty = tmp_path / "none.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert rasd(db, "ingest", str(empty)).returncode == 0
    out = rasd(db, "stats", "--place", "SY120301")
    assert out.returncode == 0 and totals_line(out.stdout) == "total: 4 reports; killed 14, wounded 3"
