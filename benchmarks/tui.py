"""TUI benchmark on a big store, headless (run by hand; not part of the test suite).

    uv run python benchmarks/tui.py [--rows 1000000] [--db /tmp/rasd-bench.duckdb] [--reuse]

The store is made by the store benchmark's generator (benchmarks/store.py). The app runs headless
through Textual's Pilot at 120×40 and we time, in the app's own event loop:
  first paint       a new `python` process (imports included) until the timeline has rendered its
                    first rows (median of 3); also from Store.open in a warm interpreter
  filter repaint    a filter change until the list has the new result's visible rows and has
                    rendered them (p95); the casualty summary that follows is timed apart
  scroll page       one PageDown until the visible rows are loaded and rendered (p95), and a
                    jump to a random, uncached position (p95, reported apart)
  map redraw        on the map screen, a filter change until the map is drawn (points queried, cells
                    drawn in the worker) and rendered (p95)
  victims page      in the victims register, a jump to a random, uncached position until its rows
                    are loaded and rendered (p95)
  first screen      `rasd --read-only` launched in a new tmux window (120×40) until the screen is
                    complete: headline totals, timeline rows, towns and the casualty chart (median of 3),
                    with an empty cache directory, and (first_screen_kept_s) with the unfiltered
                    first screen kept by an earlier launch (store/warm.py)
Keys are not sent through Pilot.press, which adds its own idle waits; the actions are called.
and the peak RSS of this process. Ends with ONE JSON line.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def store_generator():
    """benchmarks/store.py's `generate` (the file is not a package: `store` is taken by ours)."""
    spec = importlib.util.spec_from_file_location("store_benchmark", ROOT / "benchmarks" / "store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


async def until(predicate, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)


def visible_loaded(lst) -> bool:
    top = lst.scroll_offset.y
    height = lst.scrollable_content_region.height
    return all(lst.row(i) is not None for i in range(top, min(lst.total, top + height)))


def paint(lst) -> None:
    """Render the visible rows now (what the compositor would ask the list for)."""
    from textual.geometry import Region

    lst._styles_cache.clear()  # bypass Textual's line cache: really render every visible row
    lst.render_lines(Region(0, 0, lst.size.width, lst.size.height))


async def measure(db: Path, changes: int, scrolls: int) -> dict:
    from store.api import Store
    from store.model import Filter
    from tui.app import RasdApp
    from tui.widgets.incident_list import IncidentList

    rng = random.Random(11)
    t0 = time.perf_counter()
    store = Store.open(db, read_only=True)
    app = RasdApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = app.main.query_one("#timeline", IncidentList)
        await until(lambda: lst.total > 0 and visible_loaded(lst))
        paint(lst)
        first_paint = time.perf_counter() - t0
        rows = lst.total
        await app.workers.wait_for_complete()

        places = [f.key for f in store.facet_places(Filter(), limit=60)]
        actors = [f.key for f in store.facet_actors(Filter())]
        types = [f.key for f in store.facet_event_types(Filter())]
        words = ["درعا", "قصف", "اشتباكات", "مدنيين", "عبوة ناسفة", "غارات"]
        filters = []
        for k in range(changes):
            kind = k % 5
            if kind == 0:
                filters.append(Filter(places=(rng.choice(places),)))
            elif kind == 1:
                filters.append(Filter(actors=(rng.choice(actors),)))
            elif kind == 2:
                filters.append(Filter(event_types=(rng.choice(types),), places=(rng.choice(places),)))
            elif kind == 3:
                filters.append(Filter(text=rng.choice(words)))
            else:
                y = rng.randint(2012, 2024)
                filters.append(Filter(date_from=date(y, 1, 1), date_to=date(y, 6, 30)))
        repaint, overview = [], []
        for f in filters:
            generation = lst._generation
            t = time.perf_counter()
            app.main.apply(**{k: getattr(f, k) for k in ("places", "actors", "event_types", "text", "date_from", "date_to")})
            await until(lambda: lst._generation > generation and (lst.total == 0 or visible_loaded(lst)))
            paint(lst)
            repaint.append((time.perf_counter() - t) * 1000)
            await until(lambda: app.main.totals is not None and app.main.totals.incidents == lst.total)
            overview.append((time.perf_counter() - t) * 1000)
            await app.workers.wait_for_complete()
            app.main.totals = None

        app.main.action_clear()
        await until(lambda: lst.total == rows and visible_loaded(lst))
        await app.workers.wait_for_complete()
        lst.focus()
        page = []
        for _ in range(scrolls):
            t = time.perf_counter()
            lst.action_page(1)
            await until(lambda: visible_loaded(lst))
            paint(lst)
            page.append((time.perf_counter() - t) * 1000)
        map_redraw = await measure_map(app, filters)
        victims_page = await measure_register(app, rng, max(10, scrolls // 4))
        jump = []
        for _ in range(max(10, scrolls // 4)):
            target = rng.randrange(rows)
            t = time.perf_counter()
            lst.move_to(target)
            lst.scroll_to(y=target, animate=False, immediate=True)
            await until(lambda: visible_loaded(lst))
            paint(lst)
            jump.append((time.perf_counter() - t) * 1000)
        await pilot.press("q")
    return {"store": store, "rows": rows, "first_paint_s": first_paint, "repaint": repaint, "overview": overview, "page": page,
            "jump": jump, "map": map_redraw, "victims": victims_page}


def paint_widget(widget) -> None:
    from textual.geometry import Region

    widget._styles_cache.clear()
    widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))


async def measure_map(app, filters) -> list[float]:
    """Filter change on the map screen -> points queried, map drawn in the worker, rendered."""
    from tui.screens.map import MapScreen

    app.main.action_map()
    await until(lambda: isinstance(app.screen, MapScreen) and app.screen.drawn_generation > 0)
    screen = app.screen
    out = []
    for f in filters:
        t = time.perf_counter()
        screen.show_filter(f)
        await until(lambda: screen.drawn_generation == screen._generation)
        paint_widget(screen.canvas)
        out.append((time.perf_counter() - t) * 1000)
    app.pop_screen()
    await app.workers.wait_for_complete()
    return out


async def measure_register(app, rng, jumps: int) -> list[float]:
    """A jump to a random position of the victims register -> its rows loaded and rendered."""
    from tui.screens.victims import VictimsScreen
    from tui.widgets.register import RegisterList

    app.main.action_victims()
    await until(lambda: isinstance(app.screen, VictimsScreen) and app.screen.total is not None)
    lst = app.screen.query_one(RegisterList)

    def loaded() -> bool:
        top, height = lst.scroll_offset.y, lst.scrollable_content_region.height
        return all(lst.line(y)[1] is None or lst.row(lst.line(y)[1]) is not None
                   for y in range(top, min(lst.lines, top + height)))

    out = []
    for _ in range(jumps if lst.lines else 0):
        target = rng.randrange(lst.lines)
        t = time.perf_counter()
        lst.move_to(target)
        lst.scroll_to(y=target, animate=False, immediate=True)
        await until(loaded)
        paint_widget(lst)
        out.append((time.perf_counter() - t) * 1000)
    app.pop_screen()
    await app.workers.wait_for_complete()
    return out


def first_screen(db: Path, runs: int = 3, kept: bool = False) -> float | None:
    """Seconds from launching `rasd --read-only` in a new tmux window until the first screen is
    complete (headline totals, timeline rows, the towns list with counts, the casualty chart), read
    with capture-pane every 20 ms; median of `runs`. None without tmux. Each launch gets an empty
    cache directory, or with `kept` one where an untimed launch has kept the first screen
    (store/warm.py): a person's first launch after a change, and every launch after that."""
    import shutil
    import tempfile

    if shutil.which("tmux") is None:
        return None
    times = []
    with tempfile.TemporaryDirectory(prefix="rasd-bench-cache-") as caches:
        if kept:
            launch_until_complete(db, Path(caches) / "kept", until_kept=True)
        for k in range(runs):
            times.append(launch_until_complete(db, Path(caches) / ("kept" if kept else f"cold-{k}")))
    return statistics.median(times)


def launch_until_complete(db: Path, cache: Path, until_kept: bool = False) -> float:
    """One launch in tmux, timed to its complete first screen; `until_kept`: not stopped before
    it has written its first screen to `cache`."""
    import re

    rasd = Path(sys.executable).with_name("rasd")
    complete = [re.compile(r"[\d,]+ reports · [\d,]+ killed"), re.compile(r"timeline · [\d,]+"),
                re.compile(r"─ towns \(t\) ─[^\n]*\n│[^│\n]*[\dkM] │"), re.compile("killed/week")]
    name = "rasd-bench-screen"
    t = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                    f"env TERM=xterm-256color RASD_CACHE_DIR={cache} {rasd} --db {db} --read-only"], check=True)
    try:
        while True:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True,
                                    text=True).stdout
            if all(p.search(screen) for p in complete) and (not until_kept or any(cache.glob("first-screen-*"))):
                elapsed = time.perf_counter() - t
                break
            if time.perf_counter() - t > 60:
                raise TimeoutError(f"the first screen never completed:\n{screen}")
            time.sleep(0.02)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)
    time.sleep(1.0)     # the app has quit (and kept what it computed) before the next launch
    return elapsed


def child_first_paint(db: Path, started: float) -> None:
    """Run in a fresh process: print seconds from `started` (wall clock) to the first rendered rows."""
    from store.api import Store
    from tui.app import RasdApp
    from tui.widgets.incident_list import IncidentList

    async def run(store) -> None:
        app = RasdApp(store)
        async with app.run_test(size=(120, 40)):
            lst = app.main.query_one("#timeline", IncidentList)
            await until(lambda: lst.total > 0 and visible_loaded(lst))
            paint(lst)
            print(time.time() - started)

    with Store.open(db, read_only=True) as store:
        asyncio.run(run(store))  # returns once the worker threads are done, so the store can close


def cold_first_paint(db: Path) -> float:
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, __file__, "--db", str(db), "--child-first-paint", str(time.time())],
                             check=True, capture_output=True, text=True).stdout
        runs.append(float(out.strip().splitlines()[-1]))
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/rasd-bench.duckdb"))
    ap.add_argument("--reuse", action="store_true", help="reuse an existing benchmark file")
    ap.add_argument("--changes", type=int, default=40)
    ap.add_argument("--scrolls", type=int, default=120)
    ap.add_argument("--child-first-paint", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child_first_paint:
        return child_first_paint(a.db, a.child_first_paint)
    if a.generate_only:
        t = time.perf_counter()
        store_generator()(a.db, a.rows)
        print(f"generated {a.rows:,} incidents in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        return
    if not (a.reuse and a.db.exists()):
        # in a child process, so the generator's memory peak is not counted as the browser's RSS
        subprocess.run([sys.executable, __file__, "--db", str(a.db), "--rows", str(a.rows), "--generate-only"], check=True)
    cold = cold_first_paint(a.db)
    screen_s = first_screen(a.db)
    screen_kept_s = first_screen(a.db, kept=True)
    r = asyncio.run(measure(a.db, a.changes, a.scrolls))
    r["store"].close()  # after asyncio.run: its worker threads have finished
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name in ("repaint", "overview", "page", "jump", "map", "victims"):
        xs = r[name]
        print(f"{name:8} n={len(xs):4} p50 {statistics.median(xs):7.1f} ms  p95 {p95(xs):7.1f} ms  max {max(xs):7.1f} ms",
              file=sys.stderr)
    print(json.dumps({
        "rows": r["rows"],
        "first_paint_s": round(cold, 3),
        "first_paint_warm_s": round(r["first_paint_s"], 3),
        "filter_repaint_p95_ms": round(p95(r["repaint"]), 1),
        "scroll_page_p95_ms": round(p95(r["page"]), 1),
        "summary_after_filter_p95_ms": round(p95(r["overview"]), 1),
        "jump_uncached_p95_ms": round(p95(r["jump"]), 1),
        "map_redraw_p95_ms": round(p95(r["map"]), 1),
        "victims_page_p95_ms": round(p95(r["victims"]), 1) if r["victims"] else None,
        "first_screen_s": None if screen_s is None else round(screen_s, 3),
        "first_screen_kept_s": None if screen_kept_s is None else round(screen_kept_s, 3),
        "rss_mb": round(rss_mb, 1),
    }))


if __name__ == "__main__":
    main()
