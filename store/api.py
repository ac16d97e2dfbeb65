"""The store's public face: `Store` (the only thing tui/ calls) and `StoreError`.

Every method takes its own DuckDB cursor, so Textual thread workers may call one Store
concurrently. Where the store lives (one DuckDB file, or a DuckLake for a team) is behind
store/backend.py; how several processes share a file while an ingest runs: see store/db.py.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sized
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from extract.model import Article, Incident
from store import corrections, geo, lookup, names as names_mod, query, summary as summary_mod, victims as victims_mod
from store.backend import Backend, open_backend
from store.db import SCHEMA_VERSION, StoreError, check_and_migrate
from store.model import (CorrectionField, Cursor, ExportReport, Facet, Filter, Governorate, IncidentDetail, IncidentRow,
                         IngestReport, MapPoint, RegisterRow, Review, ReviewStatus, SummaryBy, SummaryRow, TimelineOrder,
                         Totals, VictimRow)
from store.names import Names
from store.reference import is_current, refresh

if TYPE_CHECKING:  # export and ingest load pyarrow and multiprocessing: imported when used
    from store.export import ExportFormat
    from store.lake import Lake, LakeStatus

__all__ = ["Store", "StoreError"]
CACHE_SIZE = 64     # per-filter results kept until the store changes
REGISTER_IN_MEMORY = 20_000   # people; a few MB per cached register


class Store:
    def __init__(self, conns: Backend) -> None:
        self.connections = conns
        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._running: dict[tuple, threading.Event] = {}   # keys being computed now

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False, lock_timeout: float = 10.0,
             data: Path | str | None = None, snapshot: int | None = None) -> "Store":
        """Open a DuckDB file or a lake (`ducklake:...`, its Parquet files under `data`; see
        store/backend.py), creating and migrating unless read_only; `snapshot` opens a lake as it
        was then (read-only). StoreError for missing, locked, corrupt, foreign or newer-version stores."""
        conns = open_backend(path, read_only, lock_timeout, data, snapshot)

        def migrate(cur) -> int:
            version = check_and_migrate(cur, conns.path, conns.read_only, conns.ddl)
            if version == SCHEMA_VERSION and not conns.read_only:
                conns.upkeep(cur)
            return version
        try:
            while conns.transaction(migrate) < SCHEMA_VERSION:     # one version per transaction
                pass
            with conns.cursor() as cur:
                current = is_current(cur)
            if not current and not conns.read_only:
                conns.transaction(refresh)
        except BaseException:
            conns.close()
            raise
        return cls(conns)

    def close(self) -> None:
        self.connections.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def path(self) -> Path | str:
        return self.connections.path

    def is_empty(self) -> bool:
        with self.connections.cursor() as cur:
            return cur.execute("SELECT NOT EXISTS (SELECT 1 FROM articles)").fetchall()[0][0]

    # ---- ingest ----------------------------------------------------------------------------

    def ingest_articles(self, articles: Iterable[Article], batch: int | None = None,
                        progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """`batch` articles per transaction; by default the back end's (Backend.ingest_batch)."""
        from store import ingest as ingest_mod

        total = len(articles) if isinstance(articles, Sized) else 0
        return ingest_mod.ingest(self.connections, ((a.id, a, None) for a in articles), batch, progress, total)

    def ingest_extracted(self, items: Iterable[tuple[Article, list[Incident]]],
                         batch: int | None = None) -> IngestReport:
        """Store incidents extracted elsewhere (e.g. `rasd extract` run on other machines) with their
        articles; the articles must already be sanitised, as evidence offsets point into their text."""
        from store import ingest as ingest_mod

        given: dict[str, list[Incident]] = {}

        def sources():
            for n, (a, incidents) in enumerate(items):
                given[f"{a.id}#{n}"] = incidents
                yield f"{a.id}#{n}", a, None
        return ingest_mod.ingest(self.connections, sources(), batch, None, 0,
                                 extractor=lambda origin, _a: given.pop(origin))

    # ---- timeline --------------------------------------------------------------------------

    def _cached(self, cur, key: tuple, compute: Callable[[], object]):
        """Results per filter (day histograms, totals, summaries, facets) are kept until the store
        changes (its generation: every ingest batch and review raises it): going back to a filter
        the person looked at before costs nothing. One computation per key at a time: a thread
        asking for what another is computing waits for it (the browser's prefetch, then its screen)."""
        key = (*key, self.connections.generation(cur))
        while True:
            with self._cache_lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return self._cache[key]
                running = self._running.get(key)
                if running is None:     # ours to compute; a second thread asking meanwhile waits for it
                    self._running[key] = running = threading.Event()
                    break
            running.wait()              # then finds it cached (or, if that call failed, computes it itself)
        try:
            value = compute()
            with self._cache_lock:
                self._cache[key] = value
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        finally:
            with self._cache_lock:
                del self._running[key]
            running.set()
        return value

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def results_of(self, f: Filter) -> tuple[int, list[tuple[tuple, object]]]:
        """(generation, the cached results of the current generation whose key names `f` and no
        other filter), for store/warm.py to keep between launches."""
        def of_f(key: tuple) -> bool:
            filters = [k for k in key if isinstance(k, Filter)]
            return bool(filters) and all(k == f for k in filters)
        generation = self.generation()
        with self._cache_lock:
            return generation, [(key[:-1], value) for key, value in self._cache.items()
                                if key[-1] == generation and of_f(key)]

    def restore_results(self, generation: int, entries: list[tuple[tuple, object]]) -> None:
        """Results kept by store/warm.py for `generation`, back into the cache."""
        with self._cache_lock:
            for key, value in entries:
                self._cache[(*key, generation)] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def identity(self) -> str:
        return self.connections.identity()

    def day_histogram(self, f: Filter) -> query.DayHistogram:
        """Incidents of `f` per day (what count and timeline_at are computed from)."""
        with self.connections.cursor() as cur:
            return self._histogram(cur, f)

    def _histogram(self, cur, f: Filter) -> query.DayHistogram:
        return self._cached(cur, ("days", f), lambda: query.day_histogram(cur, f))

    def timeline(self, f: Filter, limit: int = 100, after: Cursor | None = None,
                 newest_first: bool = True) -> list[IncidentRow]:
        """A page in (date, id) order after `after` (keyset pagination); undated incidents come last
        when newest first."""
        with self.connections.cursor() as cur:
            return query.timeline(cur, f, self._histogram(cur, f), limit, after, newest_first)

    def timeline_at(self, f: Filter, offset: int, limit: int, newest_first: bool = True,
                    by: TimelineOrder = "date") -> list[IncidentRow]:
        """Rows [offset, offset+limit) of the timeline (by date, or most killed / wounded first):
        random access for a scrolling list."""
        with self.connections.cursor() as cur:
            return query.timeline_at(cur, f, self._histogram(cur, f), offset, limit, newest_first, by)

    def position_of_date(self, f: Filter, day: date, newest_first: bool = True) -> int:
        with self.connections.cursor() as cur:
            return query.position_of_date(self._histogram(cur, f), day, newest_first)

    def count(self, f: Filter) -> int:
        """Rows of the timeline of `f` (reports; one per cluster when f.dedupe)."""
        with self.connections.cursor() as cur:
            return self._histogram(cur, f).total

    # ---- totals and summaries --------------------------------------------------------------

    def totals(self, f: Filter) -> Totals:
        with self.connections.cursor() as cur:
            return self._cached(cur, ("totals", f), lambda: summary_mod.totals(cur, f))

    def summary(self, f: Filter, by: SummaryBy, limit: int = 20) -> list[SummaryRow]:
        """Casualties by one dimension (see store.summary.summary for the order)."""
        with self.connections.cursor() as cur:
            return list(self._cached(cur, ("summary", f, by, limit),
                                     lambda: tuple(SummaryRow(*r) for r in summary_mod.summary(cur, f, by, limit))))

    def pivot(self, f: Filter, rows: SummaryBy, cols: SummaryBy, limit_rows: int = 20,
              limit_cols: int = 12) -> list[tuple[str, str, str, str, int, int, int]]:
        with self.connections.cursor() as cur:
            return list(self._cached(cur, ("pivot", f, rows, cols, limit_rows, limit_cols),
                                     lambda: tuple(summary_mod.pivot(cur, f, rows, cols, limit_rows, limit_cols))))

    def filter_for_cell(self, f: Filter, rows: SummaryBy, row_key: str, cols: SummaryBy, col_key: str) -> Filter:
        """The filter whose incidents are those behind one pivot (or summary) cell."""
        with self.connections.cursor() as cur:
            return _narrow(cur, _narrow(cur, f, rows, row_key), cols, col_key)

    def facet_places(self, f: Filter, limit: int = 200) -> list[Facet]:
        with self.connections.cursor() as cur:
            return list(self._cached(cur, ("places", f, limit), lambda: tuple(summary_mod.facet_places(cur, f, limit))))

    def facet_actors(self, f: Filter, limit: int = 100) -> list[Facet]:
        with self.connections.cursor() as cur:
            return list(self._cached(cur, ("actors", f, limit), lambda: tuple(summary_mod.facet_actors(cur, f, limit))))

    def facet_event_types(self, f: Filter) -> list[Facet]:
        with self.connections.cursor() as cur:
            return list(self._cached(cur, ("types", f), lambda: tuple(summary_mod.facet_event_types(cur, f))))

    def facet_reviews(self, f: Filter) -> list[Facet]:
        with self.connections.cursor() as cur:
            return list(self._cached(cur, ("reviews", f), lambda: tuple(summary_mod.facet_reviews(cur, f))))

    def find_places(self, text: str, limit: int = 20) -> list[Facet]:
        with self.connections.cursor() as cur:
            return lookup.find_places(cur, text, limit)

    def resolve_place(self, text: str) -> list[Facet]:
        """The place a typed name means; several when it is ambiguous (store.lookup.resolve_place)."""
        with self.connections.cursor() as cur:
            return lookup.resolve_place(cur, text)

    def names(self) -> Names:
        """Actors, event types and places by name, in Arabic and English (store.names)."""
        with self.connections.cursor() as cur:
            return names_mod.of(cur)

    def find_actors(self, text: str, limit: int = 20) -> list[Facet]:
        with self.connections.cursor() as cur:
            return lookup.find_actors(cur, text, limit)

    # ---- the map (store/geo.py) ---------------------------------------------------------------

    def map_points(self, f: Filter) -> tuple[list[MapPoint], int]:
        """The places of `f` with coordinates and their totals, biggest first; and the number of
        incidents without coordinates."""
        with self.connections.cursor() as cur:
            points, unplaced = self._cached(cur, ("map", f), lambda: geo.map_points(cur, f))
            return list(points), unplaced

    def communities(self) -> tuple[tuple[float, float, str | None], ...]:
        with self.connections.cursor() as cur:
            return self._cached(cur, ("communities",), lambda: geo.communities(cur))

    def governorates(self) -> list[Governorate]:
        with self.connections.cursor() as cur:
            return self._cached(cur, ("governorates",), lambda: geo.governorates(cur))

    # ---- the victims register (store/victims.py) ---------------------------------------------

    def _register(self, cur, f: Filter, name: str) -> query.Where:
        names = None
        if name.strip():
            index = self._cached(cur, ("victim-names",), lambda: victims_mod.name_index(cur))
            names = victims_mod.matching_names(index, name)
        return victims_mod.base(cur, f, names)

    def victims_count(self, f: Filter, name: str = "") -> int:
        """People named in the incidents of `f` whose name matches `name` (spelling-insensitive)."""
        with self.connections.cursor() as cur:
            return self._victims_count(cur, f, name)

    def _victims_count(self, cur, f: Filter, name: str) -> int:
        return self._cached(cur, ("victims-count", f, name), lambda: victims_mod.count(cur, self._register(cur, f, name)))

    def victims_page(self, f: Filter, offset: int, limit: int, order: str = "date", name: str = "") -> list[RegisterRow]:
        """People [offset, offset+limit) by date (newest first), name, hometown, or "group" (by
        hometown, biggest first, as victims_by_hometown lists the groups). A register of at most
        REGISTER_IN_MEMORY people is read whole once per filter, search and order, so scrolling and
        jumping in it cost no query (each page joins the people to the incidents, ~0.1 s at 1M)."""
        with self.connections.cursor() as cur:
            if self._victims_count(cur, f, name) > REGISTER_IN_MEMORY:
                return victims_mod.page(cur, self._register(cur, f, name), order, offset, limit)
            everyone = self._cached(cur, ("victims-all", f, name, order), lambda: tuple(
                victims_mod.page(cur, self._register(cur, f, name), order, 0, REGISTER_IN_MEMORY)))
            return list(everyone[offset:offset + limit])

    def victims_by_hometown(self, f: Filter, name: str = "") -> list[tuple[str | None, int]]:
        with self.connections.cursor() as cur:
            return list(self._cached(cur, ("victims-hometowns", f, name),
                                     lambda: tuple(victims_mod.by_hometown(cur, self._register(cur, f, name)))))

    def export_victims(self, f: Filter, fmt: str, path: Path | str, order: str = "date", name: str = "",
                       force: bool = False) -> int:
        """Write the register of `f` as csv or jsonl (replacing a file only when `force`); returns people written."""
        with self.connections.cursor() as cur:
            return victims_mod.export(cur, self._register(cur, f, name), fmt, Path(path), order, force)

    # ---- one incident, reviews, export -------------------------------------------------------

    def incident(self, incident_id: str) -> IncidentDetail | None:
        with self.connections.cursor() as cur:
            found = cur.execute(f"""
                SELECT i.date_end, i.date_precision, i.admin2, i.lat, i.lon, i.evidence,
                       i.evidence_spans, i.article_id, i.seq, i.cluster_seq, {query.ROW_COLUMNS}
                FROM effective i WHERE i.id = ?""", [incident_id]).fetchall()
            if not found:
                return None
            date_end, precision, admin2, lat, lon, evidence, spans, article_id, seq, cluster_seq = found[0][:10]
            row = query.to_row(found[0][10:])
            title, outlet, url, published, text = cur.execute(
                "SELECT title, outlet, url, published, text FROM articles WHERE id = ?", [article_id]).fetchall()[0]
            reviews = tuple(Review(s, n, at) for s, n, at in cur.execute(
                "SELECT status, note, reviewed_at FROM reviews WHERE incident_id = ? ORDER BY rseq DESC",
                [incident_id]).fetchall())
            victims = tuple(VictimRow(*v) for v in cur.execute(
                "SELECT name, hometown, outcome, actor_id FROM effective_victims WHERE seq = ? ORDER BY pos",
                [seq]).fetchall())
            others = query.rows(cur, f"SELECT {query.ROW_COLUMNS} FROM effective i WHERE i.cluster_seq = ? "
                                     f"AND i.seq <> ? ORDER BY i.sort_day, i.id", [cluster_seq, seq])
            history = corrections.history(cur, incident_id)
        return IncidentDetail(
            row=row, date_end=date_end, date_precision=precision, admin2=admin2, lat=lat, lon=lon,
            victims=victims, evidence=evidence,
            evidence_spans=tuple((spans[k], spans[k + 1]) for k in range(0, len(spans), 2)), article_id=article_id,
            article_title=title, article_outlet=outlet, article_url=url, article_published=published,
            article_text=text, reviews=reviews, same_cluster=tuple(others), corrections=history)

    def add_review(self, incident_id: str, status: ReviewStatus, note: str = "") -> None:
        """Append a review; the newest one is the incident's status."""
        if status not in get_args(ReviewStatus):
            raise ValueError(f"unknown review status {status!r}")
        if self.connections.read_only:
            raise StoreError(f"{self.path} is open read-only; reviews need a read-write store")
        from extract.text import sanitize

        with self.connections.cursor() as cur:
            if cur.execute("SELECT count(*) FROM incidents WHERE id = ?", [incident_id]).fetchall()[0][0] == 0:
                raise StoreError(f"no incident {incident_id} in {self.path}")

        def write(cur) -> None:
            # rseq given here, not by a sequence: a lake has none (two reviewers at once: store/lake.py)
            cur.execute("INSERT INTO reviews (rseq, incident_id, status, note, reviewed_at) "
                        "SELECT coalesce(max(rseq), 0) + 1, ?, ?, ?, ? FROM reviews",
                        [incident_id, status, sanitize(note), datetime.now()])
            cur.execute("UPDATE incidents SET review = ? WHERE id = ?", [status, incident_id])
            corrections.sync(cur, [incident_id])      # a corrected incident's row carries its review too
            cur.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        self.connections.transaction(write)     # only once committed, into the store still there

    def correct(self, incident_id: str, field: CorrectionField, value: str, note: str = "") -> bool:
        """Record a correction of one field (value in the text form of store.corrections); the
        extracted value stays. False when the value equals the current one (nothing is stored).
        StoreError for a value that cannot be stored, an unknown incident or a read-only store."""
        if self.connections.read_only:
            raise StoreError(f"{self.path} is open read-only; corrections need a read-write store")

        def write(cur) -> bool:
            changed = corrections.add(cur, incident_id, field, value, note)
            cur.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            return changed
        try:
            return self.connections.transaction(write)
        except corrections.CorrectionError as e:
            raise StoreError(str(e)) from None

    def generation(self) -> int:
        """A counter every committed write (ingest batch, review) raises: cheap change detection."""
        with self.connections.cursor() as cur:
            return self.connections.generation(cur)

    def disk_stamp(self) -> tuple:
        """Modification time and size of the store file and its WAL: a stat, no database access, to
        decide cheaply whether `generation` is worth reading (on a lake, always: store/lake.py)."""
        return self.connections.disk_stamp()

    def orphaned_reviews(self) -> int:
        """Reviewed incident ids that no stored incident has any more (their article changed and the
        incident is gone; see store.ingest._follow_reviews)."""
        with self.connections.cursor() as cur:
            return cur.execute("SELECT count(DISTINCT incident_id) FROM reviews "
                               "WHERE incident_id NOT IN (SELECT id FROM incidents)").fetchall()[0][0]

    def export(self, f: Filter, fmt: ExportFormat, path: Path | str, history: bool = False,
               order: TimelineOrder = "date", force: bool = False, excel: bool = False) -> ExportReport:
        """Write the incidents of `f` as csv / jsonl / parquet / geojson / acled; says how many rows
        it wrote. `history` adds each incident's corrections (field, before, after, note, at). An
        existing file is replaced only when `force` (OutputError otherwise, as for a device);
        `excel`: csv with a byte-order mark."""
        from store import export as export_mod

        with self.connections.cursor() as cur:
            return export_mod.export(cur, f, fmt, Path(path), history, order, force, excel)

    # ---- a lake: status, compaction, import (store/lake.py) -------------------------------------

    def _lake(self) -> Lake:
        from store.lake import Lake

        if not isinstance(self.connections, Lake):
            raise StoreError(f"{self.path} is a single DuckDB file, not a lake (--db ducklake:...)")
        return self.connections

    def lake_status(self) -> LakeStatus:
        from store import lake

        with self._lake().cursor() as cur:
            return lake.status(cur, str(self.path))

    def compact(self) -> tuple[int, int]:
        """Merge the lake's small files and re-sort its search index; data files (before, after)."""
        from store import lake

        return lake.compact(self._lake())

    def import_store(self, source: Path | str) -> dict[str, int]:
        """Copy a single-file store into this new, empty lake; rows per table."""
        from store import lake

        return lake.import_file(self._lake(), Path(source).expanduser())


# ---- pivot cells -> filters ------------------------------------------------------------------

def _ancestors(cur, codes: list[str]) -> dict[str, set[str]]:
    found = {c: {c} for c in codes}
    for p, *up in cur.execute("SELECT pcode, admin1_pcode, admin2_pcode, admin3_pcode FROM places "
                              "WHERE list_contains(?, pcode)", [codes]).fetchall():
        found[p] |= {u for u in up if u}
    return found


def _meet(current: tuple[str, ...], key: str, covers: Callable[[str, str], bool]) -> tuple[str, ...]:
    """Intersect an "any of `current`" constraint with `key`, given covers(a, b): a contains b."""
    if not current:
        return (key,)
    inside = [c for c in current if covers(key, c)]
    return tuple(dict.fromkeys(inside + ([key] if any(covers(c, key) for c in current) else [])))


def _narrow(cur, f: Filter, by: SummaryBy, key: str) -> Filter:
    if by in ("place", "admin1", "admin2"):
        anc = _ancestors(cur, list(f.places) + [key])
        return f.with_(places=_meet(f.places, key, lambda a, b: a in anc.get(b, {b})))
    if by in ("event_type", "sub_event_type"):
        return f.with_(event_types=_meet(f.event_types, key, lambda a, b: b == a or b.startswith(a + "/")))
    if by == "actor":
        return f.with_(actors=(key,)) if not f.actors or f.actors == (key,) else \
            f.with_(require_actors=tuple(dict.fromkeys(f.require_actors + (key,))))
    if by == "week":
        start = date.fromisoformat(key)
        end = start + timedelta(days=6)
    elif by == "month":
        start = date.fromisoformat(key + "-01")
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif by == "year":
        start, end = date(int(key), 1, 1), date(int(key), 12, 31)
    else:
        raise ValueError(f"cannot narrow by {by!r}")
    return f.with_(date_from=max(start, f.date_from or start), date_to=min(end, f.date_to or end))
