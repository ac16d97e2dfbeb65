"""Build hook: compile the extractor's reading path with mypyc (see extract/native.py).

Every wheel, editable ones included (what `uv sync` installs), carries the compiled modules in
`_rasd_native/extract/` with the digest of their source, and mypyc's runtime library at the top
level. A failed compile (no C compiler, no Python headers) is reported and the wheel stays pure
Python: rasd then works as before, slower. RASD_PURE_PYTHON=1 skips compiling.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _native(root: Path) -> Any:
    """extract/native.py, loaded by path (the package is not installed while it is built)."""
    spec = importlib.util.spec_from_file_location("_rasd_native_spec", root / "extract" / "native.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CompileExtractor(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._tmp: str | None = None
        native = _native(Path(self.root))
        if self.target_name != "wheel" or os.environ.get(native.PURE_ENV):
            return
        self._tmp = tempfile.mkdtemp(prefix="rasd-mypyc-")
        try:
            built = self._compile(native, Path(self._tmp))
        except (Exception, SystemExit) as e:       # mypyc exits on a type error
            print(f"rasd: the extractor was not compiled ({type(e).__name__}: {e}); "
                  "it is installed as pure Python", file=sys.stderr)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include_editable" if version == "editable" else "force_include"].update(built)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def _compile(self, native: Any, tmp: Path) -> dict[str, str]:
        """Compile into tmp; {built file: its path in the wheel}."""
        from mypyc.build import mypycify
        from setuptools import Distribution

        root = Path(self.root)
        here = os.getcwd()
        os.chdir(root)                   # mypyc names the modules by their paths from here
        try:
            extensions = mypycify([f"extract/{m}.py" for m in native.COMPILED] + [f"--cache-dir={tmp / 'mypy'}"],
                                  opt_level="3", target_dir=str(tmp / "c"), group_name=native.GROUP)
            dist = Distribution({"name": "rasd-extract-native", "ext_modules": extensions})
            build_ext = dist.get_command_obj("build_ext")
            build_ext.build_lib, build_ext.build_temp = str(tmp / "lib"), str(tmp / "obj")
            dist.run_command("build_ext")
        finally:
            os.chdir(here)
        lib = tmp / "lib"
        digest = lib / native.FOLDER / "extract" / native.DIGEST
        digest.parent.mkdir(parents=True, exist_ok=True)
        digest.write_text(native.source_digest(root / "extract") + "\n", encoding="ascii")
        built = {str(digest): f"{native.FOLDER}/extract/{native.DIGEST}"}
        for so in lib.rglob("*.so"):
            rel = so.relative_to(lib)
            if rel.parts[0] == "extract":        # extract/pipeline.<abi>.so -> _rasd_native/extract/
                built[str(so)] = f"{native.FOLDER}/{rel.as_posix()}"
            else:                                # the group's runtime: imported by its top-level name
                built[str(so)] = rel.as_posix()
        return built
