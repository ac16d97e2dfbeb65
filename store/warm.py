"""The unfiltered first screen of a store, kept between launches in the person's cache directory.

At a million incidents the totals, the casualty chart, the top lists and the facet lists of the
unfiltered timeline are ~1 s of DuckDB work at every launch, yet they change only when the store
does. After a launch has computed them they are written, as JSON, to `$RASD_CACHE_DIR` (default
`$XDG_CACHE_HOME/rasd`, i.e. `~/.cache/rasd`) — never beside the store, which may be read-only or
shared. A kept file is used only by a launch that finds the same store (path and file, or lake URL),
at the same generation (lake: snapshot) and the same reference data (place and actor names, which a
refresh replaces without a new generation), computed by the same code (a digest of store/), and
whose day histogram — computed anyway for the first page — equals the kept one; anything else, and
any file that cannot be read, is ignored and replaced.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from store.db import meta_value
from store.model import Facet, Filter, SummaryRow, Totals
from store.query import DayHistogram

_TYPES = {c.__name__: c for c in (Totals, SummaryRow, Facet, DayHistogram)}
ANY = Filter()


def cache_dir() -> Path:
    chosen = os.environ.get("RASD_CACHE_DIR")
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rasd"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """What computed the results: a change to any query (store/*.py, *.sql) retires kept files."""
    h = hashlib.sha256()
    for p in sorted(Path(__file__).parent.glob("*.py")) + sorted(Path(__file__).parent.glob("*.sql")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _encode(v):
    if isinstance(v, Filter):
        if v != ANY:
            raise ValueError("only the unfiltered view is kept")
        return {"filter": None}
    if isinstance(v, date):
        return {"date": v.isoformat()}
    if dataclasses.is_dataclass(v) and type(v).__name__ in _TYPES:
        return {"type": type(v).__name__, "fields": {f.name: _encode(getattr(v, f.name)) for f in dataclasses.fields(v)}}
    if isinstance(v, tuple):
        return {"tuple": [_encode(x) for x in v]}
    if isinstance(v, list):
        return [_encode(x) for x in v]
    if v is None or isinstance(v, (str, int, float)):
        return v
    raise ValueError(f"cannot keep a {type(v).__name__}")


def _decode(v):
    if isinstance(v, list):
        return [_decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "filter" in v:
        return ANY
    if "date" in v:
        return date.fromisoformat(v["date"])
    if "tuple" in v:
        return tuple(_decode(x) for x in v["tuple"])
    return _TYPES[v["type"]](**{k: _decode(x) for k, x in v["fields"].items()})


def _reference(store) -> int | None:
    with store.connections.cursor() as cur:
        return meta_value(cur, "reference")


def kept_file(store) -> Path:
    """Where the results of `store` are kept (one file per store)."""
    return cache_dir() / f"first-screen-{hashlib.sha256(store.identity().encode()).hexdigest()[:20]}.json"


def restore(store) -> bool:
    """Put the kept unfiltered results back into `store`'s cache when they hold for it now (see the
    module docstring); False when there was nothing usable."""
    try:
        kept = json.loads(kept_file(store).read_text(encoding="utf-8"))
        if (kept["identity"], kept["code"], kept["reference"]) != (store.identity(), code_digest(), _reference(store)):
            return False
        generation, entries = kept["generation"], [(_decode(k), _decode(v)) for k, v in kept["entries"]]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    days = {k: v for k, v in entries}.get(("days", ANY))
    if days is None or days != store.day_histogram(ANY) or generation != store.generation():
        return False
    store.restore_results(generation, entries)
    return True


def keep(store) -> None:
    """Write `store`'s cached unfiltered results (after a launch computed them); a cache directory
    that cannot be written is left alone: the next launch computes them again."""
    generation, entries = store.results_of(ANY)
    encoded = []
    for k, v in entries:
        try:
            encoded.append((_encode(k), _encode(v)))
        except ValueError:      # a result of another screen (the map's points): not kept
            continue
    target = kept_file(store)
    body = json.dumps({"identity": store.identity(), "code": code_digest(), "reference": _reference(store),
                       "generation": generation, "entries": encoded}, ensure_ascii=False)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".first-screen-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, target)       # complete or not there: a reader never sees half a file
    except OSError:
        Path(tmp).unlink(missing_ok=True)
