"""Arbitrary JSONL lines through `rasd ingest` and `rasd extract` (in-process `tui.cli.main`, the
same entry point as the command): exit code 0 or 1 only, every bad line named as file:line, every
good line stored (or extracted) exactly once, and no exception escapes."""
from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings, strategies as st

from tui.cli import main

SENTENCES = ["قتل شخصان في مدينة جاسم اليوم بإطلاق نار.", "وقصفت قوات النظام مدينة إدلب اليوم.", "لا شيء هنا."]

good = st.tuples(st.sampled_from(SENTENCES), st.text(max_size=30),
                 st.sampled_from(["2022-10-15", "2019-01-31T23:30:00+00:00", "2024-02-29"]))
bad = st.one_of(
    st.binary(max_size=40).map(lambda b: b"\xff" + b.replace(b"\n", b"")),                        # not UTF-8
    st.one_of(st.integers(), st.text(), st.lists(st.integers(), max_size=3), st.none()).map(json.dumps),
    st.just('{"id": "x", "published": "2022-10-15"}'),                                           # no text
    st.text(alphabet="abc :/-", max_size=12).map(
        lambda p: json.dumps({"id": "p", "published": p, "text": "نص"})),                         # bad date
    st.sampled_from(["2022-13-01", "0001-01-01", "9999-12-31", "20181016xx"]).map(
        lambda p: json.dumps({"id": "y", "published": p, "text": "قتل أمس شخص في جاسم، وغدا"})),
    st.integers(1_000, 20_000).map(lambda n: "[" * n + "]" * n),                                   # too deep
    st.just('{"id": "z", "text": "نص", "published": "2022-10-15"'),                                 # cut short
)
line = st.one_of(good.map(lambda g: ("good", g)), bad.map(lambda b: ("bad", b)), st.just(("blank", "  ")))


def write(lines: list[tuple[str, object]], path: Path) -> tuple[list[str], list[int], list[int]]:
    """The file; returns the good ids in order, and the line numbers of good and bad lines."""
    ids, goods, bads, out = [], [], [], []
    for n, (kind, value) in enumerate(lines, 1):
        if kind == "good":
            sentence, extra, published = value
            aid = f"g{n}"
            ids.append(aid)
            goods.append(n)
            raw = json.dumps({"id": aid, "published": published, "text": f"{sentence} {aid} {extra}"}).encode()
        else:
            if kind == "bad":
                bads.append(n)
            raw = value if isinstance(value, bytes) else str(value).encode()
        out.append(raw)
    path.write_bytes(b"\n".join(out) + b"\n")
    return ids, goods, bads


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@given(st.lists(line, max_size=12))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_lines_through_ingest_and_extract(lines):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        ids, goods, bads = write(lines, src)
        for argv in (["--db", str(Path(tmp) / "s.duckdb"), "ingest", str(src)], ["extract", str(src)]):
            code, out, err = run(argv)
            assert code == (1 if bads else 0), err
            assert "Traceback" not in err and "internal error" not in err
            named = {int(part.split(":", 1)[0]) for part in err.split(f"{src}:")[1:]}
            assert named == set(bads), err
        assert [json.loads(row)["id"] for row in out.splitlines()] == ids          # extract: once each, in order
        with duckdb.connect(str(Path(tmp) / "s.duckdb"), read_only=True) as con:
            stored = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        assert stored == sorted(ids)                                                # ingest: once each
