"""The compiled extractor (extract/native.py, hatch_build.py): used only while it matches the
source, and it reads every article exactly as the Python source does."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import extract
from extract import native, pipeline
from conftest import ROOT, SHARED

# Prints the incidents of every sample and dev article, and of the seed, as JSON lines.
_DUMP = """
import json, sys
from datetime import date
from pathlib import Path
import extract
from extract.model import Article
from extract.pipeline import extract_article
paths = [Path(p) for p in sys.argv[1:]]
articles = [Article.from_dict(json.loads(line)) for p in paths if p.suffix == ".jsonl" and p.exists()
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
articles += [Article(p.stem, date(2022, 10, 15), p.read_text(encoding="utf-8"))
             for p in paths if p.suffix == ".txt" and p.exists()]
print(extract.BUILD)
for a in articles:
    print(json.dumps([i.to_guide() for i in extract_article(a)], ensure_ascii=False, default=str))
"""
_INPUTS = [ROOT / "sample_data" / "articles.jsonl", SHARED / "eval" / "dev.articles.jsonl",
           SHARED / "seed" / "jasim-article.txt"]


def _dump(pure: bool) -> tuple[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if pure:
        env[native.PURE_ENV] = "1"
    out = subprocess.run([sys.executable, "-c", _DUMP, *map(str, _INPUTS)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    return out[0], out[1:]


def test_an_installed_build_is_never_stale() -> None:
    """`./run tests` syncs first, and uv rebuilds when extract/*.py change (tool.uv.cache-keys):
    a build older than the source means that wiring broke."""
    assert "older than the source" not in extract.BUILD


def _can_compile() -> bool:
    """A C compiler and Python's headers: what mypyc needs to build the extractor here."""
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return shutil.which(os.environ.get("CC", "cc")) is not None and headers.exists()


@pytest.mark.skipif(not (os.environ.get("RASD_REQUIRE_COMPILED")
                         or (_can_compile() and not os.environ.get(native.PURE_ENV))),
                    reason="no C compiler with Python's headers here, or RASD_PURE_PYTHON is set")
def test_the_build_compiled_the_extractor() -> None:
    """Where the extractor can be compiled (CI sets RASD_REQUIRE_COMPILED; any machine with a C
    compiler and Python's headers), a source mypyc cannot compile (a type error) must fail the
    suite, not quietly fall back to the Python source at half the speed — it once did for a day."""
    assert extract.BUILD == "compiled (mypyc)"


def test_compiled_and_python_extractors_give_the_same_incidents() -> None:
    if not extract.BUILD.startswith("compiled"):
        pytest.skip(f"the extractor runs as {extract.BUILD}")
    assert pipeline.__file__.endswith(".so")
    compiled_build, compiled = _dump(pure=False)
    python_build, python = _dump(pure=True)
    assert compiled_build.startswith("compiled") and python_build.startswith("Python")
    assert len(compiled) >= 66 and sum(line != "[]" for line in compiled) >= 60
    assert compiled == python


def _fake_build(tmp_path: Path, digest: str | None) -> Path:
    """A group runtime module and its _rasd_native folder, on sys.path, as the build lays them out."""
    (tmp_path / f"{native.GROUP}__mypyc.py").write_text("", encoding="utf-8")
    folder = tmp_path / native.FOLDER / "extract"
    folder.mkdir(parents=True)
    if digest is not None:
        (folder / native.DIGEST).write_text(digest + "\n", encoding="ascii")
    return folder


@pytest.fixture
def source_dir() -> Path:
    return Path(native.__file__).parent


def test_a_build_of_this_source_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        source_dir: Path) -> None:
    folder = _fake_build(tmp_path, native.source_digest(source_dir))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    assert native.compiled_dir(source_dir) == (folder, "compiled (mypyc)")


@pytest.mark.parametrize("digest, why", [("0" * 64, "older than the source"), (None, "no source digest")])
def test_a_build_of_other_source_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source_dir: Path,
                                             digest: str | None, why: str) -> None:
    _fake_build(tmp_path, digest)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    folder, build = native.compiled_dir(source_dir)
    assert folder is None and why in build


def test_the_environment_can_ask_for_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            source_dir: Path) -> None:
    _fake_build(tmp_path, native.source_digest(source_dir))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(native.PURE_ENV, "1")
    assert native.compiled_dir(source_dir) == (None, f"Python ({native.PURE_ENV} is set)")
