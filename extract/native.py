"""Which extractor runs: the modules compiled with mypyc, or their Python source.

The build (hatch_build.py) compiles the modules in COMPILED into C extensions and installs them
apart from the source, in `_rasd_native/extract/` beside the group's runtime library, with the
digest of the sources they were compiled from. `extract/__init__.py` puts that folder first on
the package's path only while the digest still matches the source: an edited module is never
shadowed by a stale build (the next `uv sync` compiles it again), and without a C compiler, or
with RASD_PURE_PYTHON set, the same code runs as Python. Both give the same incidents (a test
compares them); compiled, a 1 MB article is read in about half the time.

Standard library only: the build hook loads this file by path, before the package exists.
"""
from __future__ import annotations

import hashlib
import os
from importlib.machinery import PathFinder
from pathlib import Path

# The modules on the reading path. model (the contract store/ and tui/ build on) and this file stay Python.
COMPILED = ("text", "numbers", "dates", "places", "place_roles", "actors", "events", "victims",
            "grouping", "scope", "pipeline")
GROUP = "rasd_extract"            # mypyc's runtime library for the group: rasd_extract__mypyc
FOLDER = "_rasd_native"           # beside that library: FOLDER/extract/<module>.<abi>.so, DIGEST
DIGEST = "SOURCES.sha256"
PURE_ENV = "RASD_PURE_PYTHON"


def source_digest(package_dir: Path) -> str:
    """sha256 over the compiled modules' names and source bytes."""
    h = hashlib.sha256()
    for name in COMPILED:
        h.update(name.encode() + b"\0" + (package_dir / f"{name}.py").read_bytes() + b"\0")
    return h.hexdigest()


def compiled_dir(package_dir: Path) -> tuple[Path | None, str]:
    """(the folder of compiled modules to put first on the package path, or None; why, in words)."""
    if os.environ.get(PURE_ENV):
        return None, f"Python ({PURE_ENV} is set)"
    spec = PathFinder.find_spec(f"{GROUP}__mypyc")     # (on sys.path; loaded or not)
    if spec is None or not spec.origin:
        return None, "Python (no compiled build installed)"
    folder = Path(spec.origin).parent / FOLDER / "extract"
    try:
        built = (folder / DIGEST).read_text(encoding="ascii").strip()
    except OSError:
        return None, "Python (the compiled build has no source digest)"
    if built != source_digest(package_dir):
        return None, "Python (the compiled build is older than the source: run `uv sync`)"
    return folder, "compiled (mypyc)"
