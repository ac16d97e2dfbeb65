"""`rasd extract` on the open hand-annotated sets of ../shared/eval: every line keeps the contract of
GUIDE.md that score.py reads, and the scores do not fall.

The floor is data/accuracy_floor.json: strict F1, killed and actors per set, as score.py computes
them; a figure more than `tolerance` below its floor fails. `uv run python tests/test_extract_eval.py`
prints the figures of the current extractor (`--write` records them).
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
FLOOR_FILE = Path(__file__).with_name("data") / "accuracy_floor.json"
FLOOR = json.loads(FLOOR_FILE.read_text(encoding="utf-8"))
PCODE = re.compile(r"^(SY\d{2,8}|C\d+)$")


def need_eval() -> None:
    if not (EVAL / "score.py").is_file():
        pytest.skip("../shared/eval is absent (CI has it)")


@cache
def extracted(name: str) -> tuple[list[dict], list[str]]:
    """(output lines of `rasd extract` on the set's articles, the input ids in order)."""
    src = EVAL / f"{name}.articles.jsonl"
    done = subprocess.run([sys.executable, "-m", "tui.cli", "extract", str(src)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["id"] for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line) for line in done.stdout.splitlines()], ids


def scores(name: str, tmp: Path) -> dict[str, float]:
    """score.py's figures (run as the guide says) for the set's extraction."""
    pred = tmp / f"{name}.pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extracted(name)[0]), encoding="utf-8")
    done = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / f"{name}.gold.jsonl"), str(pred),
                           "--json"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    s = json.loads(done.stdout)
    return {"f1": s["incident_p_r_f1"][2], "killed": s["killed_acc"], "actors": s["actor_f1"]}


@pytest.mark.parametrize("name", sorted(FLOOR["sets"]))
def test_accuracy_stays_above_the_recorded_floor(name: str, tmp_path: Path):
    need_eval()
    got = scores(name, tmp_path)
    floor = FLOOR["sets"][name]
    fallen = {k: f"{got[k]:.3f} < {floor[k]:.3f} - {FLOOR['tolerance']}" for k in floor
              if got[k] < floor[k] - FLOOR["tolerance"]}
    assert not fallen, f"{name}: the extractor fell below its floor ({FLOOR_FILE.name}): {fallen}"


@cache
def events() -> set[tuple[str, str]]:
    with (EVAL / "events.csv").open(encoding="utf-8") as fh:
        return {(r["event_type"], r["sub_event_type"]) for r in csv.DictReader(fh)}


def is_day(v) -> bool:
    if not isinstance(v, str) or len(v) != 10:
        return False
    try:
        date.fromisoformat(v)
    except ValueError:
        return False
    return True


def is_count(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def contract_errors(i: dict) -> list[str]:
    """What in one incident breaks GUIDE.md's output format (every key score.py reads, and its type)."""
    place = i.get("place")
    checks = {
        "date is YYYY-MM-DD or null": i.get("date", "missing") is None or is_day(i.get("date")),
        "date_end is YYYY-MM-DD or null, not before date": i.get("date_end", "missing") is None
        or (is_day(i.get("date_end")) and is_day(i.get("date")) and i["date_end"] >= i["date"]),
        "place is an object": isinstance(place, dict),
        "place.name is text": isinstance(place, dict) and isinstance(place.get("name"), str) and place["name"].strip() != "",
        "place.pcode is an OCHA code or null": isinstance(place, dict) and "pcode" in place
        and (place["pcode"] is None or bool(PCODE.match(str(place["pcode"])))),
        "place.admin1 is text or null": isinstance(place, dict) and "admin1" in place
        and (place["admin1"] is None or isinstance(place["admin1"], str)),
        "event_type/sub_event_type is a row of events.csv": (i.get("event_type"), i.get("sub_event_type")) in events(),
        "actors is a list of ids": isinstance(i.get("actors"), list)
        and all(isinstance(a, str) and a for a in i["actors"]),
        "killed is an integer >= 0": is_count(i.get("killed")),
        "wounded is an integer >= 0": is_count(i.get("wounded")),
        "victims is a list of {name, hometown, outcome, actor}": isinstance(i.get("victims"), list) and all(
            isinstance(v, dict) and isinstance(v.get("name"), str) and v["name"].strip() != ""
            and {"hometown", "outcome", "actor"} <= v.keys() for v in i["victims"]),
        "evidence is text": isinstance(i.get("evidence"), str) and i["evidence"].strip() != "",
    }
    return [what for what, ok in checks.items() if not ok]


@pytest.mark.parametrize("name", ["dev", "train"])
def test_rasd_extract_keeps_the_guides_contract(name: str):
    need_eval()
    rows, ids = extracted(name)
    assert [r.get("id") for r in rows] == ids            # one line per article, in order
    assert all(set(r) == {"id", "incidents"} and isinstance(r["incidents"], list) for r in rows)
    incidents = [i for r in rows for i in r["incidents"]]
    assert len(incidents) > len(rows)                     # these sets tell incidents: the check has material
    broken = {f"{r['id']}#{n}": contract_errors(i) for r in rows for n, i in enumerate(r["incidents"])}
    broken = {k: v for k, v in broken.items() if v}
    assert not broken, broken
    assert any(i["victims"] for i in incidents) and any(i["place"]["pcode"] for i in incidents)


def test_contract_errors_names_each_break():
    """The check above can fail: each kind of break is named."""
    good = {"date": "2022-10-15", "date_end": None, "place": {"name": "جاسم", "pcode": "C6111", "admin1": "درعا"},
            "event_type": "battles", "sub_event_type": "armed-clash", "actors": ["isis"], "killed": 4, "wounded": 0,
            "victims": [{"name": "أيوب", "hometown": None, "outcome": "killed", "actor": None}], "evidence": "…"}
    if not (EVAL / "events.csv").is_file():
        pytest.skip("../shared/eval is absent (CI has it)")
    assert contract_errors(good) == []
    bad = {"date": "15/10/2022", "date_end": "2022-10-01", "place": {"name": "جاسم", "pcode": "Jasim"},
           "event_type": "battles", "sub_event_type": "air-drone-strike", "actors": "isis", "killed": "4",
           "wounded": True, "victims": [{"name": ""}], "evidence": ""}
    assert contract_errors(bad) == [
        "date is YYYY-MM-DD or null", "date_end is YYYY-MM-DD or null, not before date",
        "place.pcode is an OCHA code or null", "place.admin1 is text or null",
        "event_type/sub_event_type is a row of events.csv", "actors is a list of ids", "killed is an integer >= 0",
        "wounded is an integer >= 0", "victims is a list of {name, hometown, outcome, actor}", "evidence is text"]
    assert contract_errors({k: v for k, v in good.items() if k != "date"}) == ["date is YYYY-MM-DD or null"]


if __name__ == "__main__":
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for set_name in sorted(FLOOR["sets"]):
            figures[set_name] = {k: round(v, 3) for k, v in scores(set_name, Path(tmp)).items()}
            print(set_name, figures[set_name])
    if "--write" in sys.argv:
        FLOOR["sets"] = figures
        FLOOR_FILE.write_text(json.dumps(FLOOR, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"recorded in {FLOOR_FILE}")
