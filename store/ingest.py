"""Ingest: articles -> extract -> one transaction per batch.

Per batch: sanitise and hash the articles; ask the store which hashes it already holds (a short
read); extract the new ones without holding the file; then write articles, incidents, actors,
victims and search terms in ONE transaction. A kill -9 therefore loses at most the batch in
flight, never half an article. Readers get the file back between batches (see store/db.py).

An article id that comes back with other content replaces the stored version, and the reviews of
its incidents follow them (see _follow_reviews). Within one run an id is one article: a later line
with the same id and other content is reported as failed (naming the first line) and not stored.
Ctrl-C stops between batches (the one in flight is rolled back) and raises `Interrupted`.

Clusters (`incidents.cluster_id`): reports of the same event from different articles — the same
day, place key (P-code, else folded name) and event type — are one cluster, named by its earliest
report. An incident joins the cluster of the earliest stored incident with its key when some
earlier incident with that key comes from a different article; otherwise (the first, or a second
incident of the same article, which that article tells apart) it starts its own cluster (its id).
Undated incidents are their own cluster. Existing cluster ids never change, so the rule is
incremental (schema_v2.sql applies the same rule to a store clustered by an older rule).
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import islice

import duckdb
import pyarrow as pa

from extract.model import Article, Incident
from extract.text import sanitize
from store import actor_bits, corrections, reference
from store.backend import Backend
from store.db import registered
from store.errors import Interrupted, StoreError
from store.ids import content_hash, hash_key, incident_id, place_key
from store.model import IngestReport
from store import search
from store.sources import Source, count_articles, read_sources

Progress = Callable[[int, int], None]
POOL_MIN = 100      # articles in a batch before extraction moves to worker processes
WORKERS = 2
MAX_BATCH = 5_000   # a batch is one transaction held against readers (and its rows held in memory)
Extractor = Callable[[str, Article], list[Incident]]


@dataclass
class _Tally:
    added: int = 0
    duplicates: int = 0
    incidents: int = 0
    failed: list[str] = field(default_factory=list)
    reviews_moved: int = 0
    reviews_orphaned: int = 0

    @property
    def done(self) -> int:
        return self.added + self.duplicates + len(self.failed)


def _clean(a: Article) -> Article:
    """Sanitised (NFKC, no control/bidi characters) before extraction, so evidence offsets point into
    the text exactly as stored."""
    opt = {k: sanitize(v) if v is not None else None for k, v in (("title", a.title), ("url", a.url),
                                                                  ("outlet", a.outlet))}
    return Article(id=sanitize(a.id), published=a.published, text=sanitize(a.text), **opt)


@cache
def _places() -> tuple[dict[str, dict], dict[str, str]]:
    """pcode -> gazetteer row; folded governorate name -> its pcode."""
    rows = reference.reference().places
    by_code = {r["pcode"]: r for r in rows}
    admin1 = {reference.fold_name(r["name_ar"]): r["pcode"] for r in rows if r["level"] == "admin1"}
    return by_code, admin1


def extract_with_pipeline(origin: str, a: Article) -> list[Incident]:
    from extract.pipeline import extract_article

    return extract_article(a)


def _place_columns(inc: Incident) -> dict:
    by_code, admin1_by_name = _places()
    p = inc.place
    row = by_code.get(p.pcode or "") or {}
    level = row.get("level")

    def code(n: int) -> str | None:
        return row.get(f"admin{n}_pcode") or (p.pcode if level == f"admin{n}" else None)
    admin1 = sanitize(p.admin1 or row.get("admin1_ar") or "") or None
    return {
        "place_key": place_key(p), "place_pcode": p.pcode, "place_name": sanitize(p.name),
        "admin1_pcode": code(1) or admin1_by_name.get(reference.fold_name(admin1 or "")),
        "admin1": admin1 if level != "admin1" else (admin1 or row.get("name_ar")),
        "admin2_pcode": code(2), "admin2": sanitize(p.admin2 or row.get("admin2_ar") or "") or None,
        "admin3_pcode": code(3),
        "lat": p.lat if p.lat is not None else row.get("lat"),
        "lon": p.lon if p.lon is not None else row.get("lon"),
    }


Prepared = list[tuple[dict, list[dict], list[str]]]   # per incident: row, victims, search terms


def _prepare(a: Article, h: str, incidents: list[Incident]) -> Prepared:
    """Everything about an article's incidents that needs no database (runs in the extraction worker):
    the incidents row (but seq and cluster), victims, search terms."""
    out: Prepared = []
    seen: dict[tuple, int] = {}
    for inc in incidents:
        cols = _place_columns(inc)
        key = (inc.date, cols["place_key"], inc.event_type)
        repeat = seen[key] = seen.get(key, -1) + 1
        iid = incident_id(h, inc.date, cols["place_key"], inc.event_type, repeat)
        evidence = sanitize(inc.evidence_text)
        row = {"id": iid, "article_id": a.id, "date": inc.date, "sort_day": inc.date or date(1, 1, 1),
               "date_end": inc.date_end, "date_precision": inc.date_precision, **cols,
               "event_type": inc.event_type, "sub_event_type": inc.sub_event_type,
               "actors": list(dict.fromkeys(inc.actors)), "killed": inc.killed, "wounded": inc.wounded,
               "evidence": evidence, "evidence_spans": [x for s in inc.evidence for x in (s.start, s.end)],
               "cluster_id": iid, "clustered": False, "review": "unreviewed"}
        victims = [{"pos": n, "name": sanitize(v.name), "hometown": sanitize(v.hometown) if v.hometown else None,
                    "outcome": v.outcome, "actor_id": v.actor} for n, v in enumerate(inc.victims)]
        out.append((row, victims, search.incident_terms(evidence, cols["place_name"], cols["admin1"], cols["admin2"])))
    return out


class _Batch:
    """The rows of one batch, built in Python and inserted as Arrow tables."""

    def __init__(self) -> None:
        self.articles: list[dict] = []
        self.incidents: list[dict] = []
        self.actors: list[tuple[int, str]] = []
        self.victims: list[dict] = []
        self.terms: list[tuple[str, int, date]] = []

    def add(self, a: Article, h: str, prepared: Prepared, seq0: int) -> int:
        for row, victims, terms in prepared:
            seq = seq0 + len(self.incidents) + 1
            self.incidents.append(row | {"seq": seq, "cluster_seq": seq})
            self.actors += [(seq, actor) for actor in row["actors"]]
            self.victims += [v | {"seq": seq} for v in victims]
            self.terms += [(t, seq, row["sort_day"]) for t in terms]
        self.articles.append({"id": a.id, "content_hash": h, "hash_key": hash_key(h), "outlet": a.outlet, "url": a.url, "title": a.title,
                              "published": a.published, "text": a.text, "n_incidents": len(prepared),
                              "ingested_at": datetime.now()})
        return len(prepared)


def _insert(cur: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    if rows.num_rows:
        cur.register("batch_rows", rows)
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch_rows")
        cur.unregister("batch_rows")


def _assign_clusters(cur: duckdb.DuckDBPyConnection, incidents: list[dict]) -> None:
    """Set cluster_id/cluster_seq/clustered of the batch (rule in the module docstring) and mark
    stored clusters that gain a report as clustered."""
    dated = [i for i in incidents if i["date"] is not None]
    if not dated:
        return
    lo = min(i["date"] for i in dated)
    hi = max(i["date"] for i in dated)
    known: dict[tuple[date, str, str], list[tuple[str, int, str]]] = {}
    # the whole key, day included: a batch spanning years matched every report of its places and
    # types on any day (half the store at 1,000,000 incidents, 1.4-2.9 s a batch; now 0.3 s)
    with registered(cur, "batch_keys", date=[i["date"] for i in dated],
                    place_key=[i["place_key"] for i in dated], event_type=[i["event_type"] for i in dated]):
        for d, k, t, c, cs, art in cur.execute("""
                SELECT i.date, i.place_key, i.event_type, i.cluster_id, i.cluster_seq, i.article_id FROM incidents i
                WHERE i.date BETWEEN ? AND ?
                  AND (i.date, i.place_key, i.event_type) IN (SELECT DISTINCT date, place_key, event_type FROM batch_keys)
                ORDER BY i.seq""", [lo, hi]).fetchall():
            known.setdefault((d, k, t), []).append((c, cs, art))
    first_new = dated[0]["seq"]
    members: dict[int, int] = {}
    for inc in dated:
        peers = known.setdefault((inc["date"], inc["place_key"], inc["event_type"]), [])
        if any(art != inc["article_id"] for _, _, art in peers):
            inc["cluster_id"], inc["cluster_seq"] = peers[0][0], peers[0][1]
        peers.append((inc["cluster_id"], inc["cluster_seq"], inc["article_id"]))
        members[inc["cluster_seq"]] = members.get(inc["cluster_seq"], 0) + 1
    for inc in dated:
        inc["clustered"] = members[inc["cluster_seq"]] > 1 or inc["cluster_seq"] < first_new
    grown = [cs for cs in members if cs < first_new]
    if grown:
        with registered(cur, "grown_clusters", seq=grown):
            for table in ("incidents", "corrected_rows"):      # the effective view reads both
                cur.execute(f"UPDATE {table} SET clustered = true "
                            "WHERE cluster_seq IN (SELECT seq FROM grown_clusters) AND NOT clustered")


def _carry_reviews(cur: duckdb.DuckDBPyConnection, incidents: list[dict]) -> None:
    """Incidents that come back (an article re-added after a change was undone) keep their review."""
    cur.register("batch_ids", pa.table({"id": [i["id"] for i in incidents]}))
    status = dict(cur.execute("SELECT r.incident_id, r.status FROM latest_reviews r "
                              "JOIN batch_ids b ON b.id = r.incident_id").fetchall())
    cur.unregister("batch_ids")
    for inc in incidents:
        inc["review"] = status.get(inc["id"], "unreviewed")


def _known_hashes(cur: duckdb.DuckDBPyConnection, hashes: list[str]) -> set[str]:
    cur.register("batch_hashes", pa.table({"k": [hash_key(h) for h in hashes]}))
    found = {r[0] for r in cur.execute(
        "SELECT content_hash FROM articles WHERE hash_key IN (SELECT k FROM batch_hashes)").fetchall()} & set(hashes)
    cur.unregister("batch_hashes")
    return found


ReviewKey = tuple[str, date | None, str, str, int]     # article id, day, place key, event type, n-th


def _reviewed(cur: duckdb.DuckDBPyConnection, articles: list[str]) -> dict[ReviewKey, str]:
    """Reviewed incidents of `articles`, by article and the key that names an incident in it."""
    found: dict[ReviewKey, str] = {}
    seen: dict[tuple, int] = {}
    for iid, art, day, pk, et, reviewed in cur.execute("""
            SELECT i.id, i.article_id, i.date, i.place_key, i.event_type,
                   i.id IN (SELECT incident_id FROM reviews)
            FROM incidents i WHERE list_contains(?, i.article_id) ORDER BY i.seq""", [articles]).fetchall():
        n = seen[(art, day, pk, et)] = seen.get((art, day, pk, et), -1) + 1
        if reviewed:
            found[(art, day, pk, et, n)] = iid
    return found


def _follow_reviews(cur: duckdb.DuckDBPyConnection, old: dict[ReviewKey, str], incidents: list[dict]) -> tuple[int, int]:
    """Reviews are the analysts' work: when an article changes, the reviews of its old incidents move
    to the new incident with the same day, place and type (the n-th of that key, as ids count them).
    Those with no such incident stay in the table, orphaned (`rasd stats` counts them; they come back
    if the article does). Corrections stay with the old ids on purpose (a changed text may change the
    numbers they correct; store/corrections.py). Returns (incidents whose reviews moved, orphaned)."""
    if not old:
        return 0, 0
    seen: dict[tuple, int] = {}
    moves: list[tuple[str, str]] = []
    for inc in incidents:
        key = (inc["article_id"], inc["date"], inc["place_key"], inc["event_type"])
        n = seen[key] = seen.get(key, -1) + 1
        was = old.pop((*key, n), None)
        if was is not None:
            moves.append((was, inc["id"]))
    if moves:
        cur.register("review_moves", pa.table({"old": [o for o, _ in moves], "new": [n for _, n in moves]}))
        cur.execute("UPDATE reviews SET incident_id = m.new FROM review_moves m WHERE reviews.incident_id = m.old")
        cur.unregister("review_moves")
    return len(moves), len(old)


def _delete_replaced(cur: duckdb.DuckDBPyConnection, new: list[tuple[Article, str]]) -> dict[ReviewKey, str]:
    """An article id that comes back with different content replaces the old version; returns the old
    version's reviewed incidents (see _follow_reviews)."""
    cur.register("batch_ids", pa.table({"id": [a.id for a, _ in new], "h": [h for _, h in new]}))
    old = [r[0] for r in cur.execute(
        "SELECT a.id FROM articles a JOIN batch_ids b ON a.id = b.id WHERE a.content_hash <> b.h").fetchall()]
    cur.unregister("batch_ids")
    if not old:
        return {}
    reviewed = _reviewed(cur, old)
    seqs = [r[0] for r in cur.execute("SELECT seq FROM incidents WHERE list_contains(?, article_id)", [old]).fetchall()]
    search.forget(cur, seqs)
    for table in ("incident_actors", "victims", "corrected_rows"):
        cur.execute(f"DELETE FROM {table} WHERE list_contains(?, seq)", [seqs])
    cur.execute("DELETE FROM incidents WHERE list_contains(?, article_id)", [old])
    cur.execute("DELETE FROM articles WHERE list_contains(?, id)", [old])
    return reviewed


@dataclass
class _Written:
    articles: int
    incidents: int
    reviews_moved: int
    reviews_orphaned: int


def _write(cur: duckdb.DuckDBPyConnection, new: list[tuple[Article, str, Prepared]], first: bool) -> _Written:
    """The body of one write transaction, for one batch."""
    if first:
        reference.refresh(cur)
    known = _known_hashes(cur, [h for _, h, _ in new])
    new = [n for n in new if n[1] not in known]
    reviewed = _delete_replaced(cur, [(a, h) for a, h, _ in new])
    seq0 = cur.execute("SELECT coalesce(max(seq), 0) FROM incidents").fetchall()[0][0]
    b = _Batch()
    for a, h, prepared in new:
        b.add(a, h, prepared, seq0)
    _assign_clusters(cur, b.incidents)
    moved, orphaned = _follow_reviews(cur, reviewed, b.incidents)
    _carry_reviews(cur, b.incidents)
    _insert(cur, "articles", pa.Table.from_pylist(b.articles))
    if b.incidents:
        cols = {k: [i[k] for i in b.incidents] for k in b.incidents[0]}
        cols["actors"] = pa.array(cols["actors"], pa.list_(pa.string()))
        of = actor_bits.bits(cur)
        cols["actor_bits"] = [actor_bits.row_bits(i["actors"], of) for i in b.incidents]
        cols["evidence_spans"] = pa.array(cols["evidence_spans"], pa.list_(pa.int32()))
        _insert(cur, "incidents", pa.table(cols))
    _insert(cur, "incident_actors", pa.table({"seq": [s for s, _ in b.actors], "actor_id": [x for _, x in b.actors]}))
    _insert(cur, "victims", pa.Table.from_pylist(b.victims))
    if b.terms:
        _insert(cur, "postings", search.postings_rows(cur, b.terms))
    if b.incidents:     # incidents that come back keep their corrections
        corrections.sync(cur, [i["id"] for i in b.incidents], first_new_seq=seq0 + 1)
    cur.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")   # also what makes two
    return _Written(len(new), len(b.incidents), moved, orphaned)               # writers of a lake take turns


def _pipeline_safe(item: tuple[Article, str]) -> tuple[Prepared | None, str | None]:
    """Worker-process entry: the pipeline and _prepare, with any exception turned into a message."""
    a, h = item
    try:
        return _prepare(a, h, extract_with_pipeline("", a)), None
    except Exception as e:      # extract promises never to raise; one bad article must not stop the rest
        return None, f"extraction failed: {type(e).__name__}: {e}"


class _Extraction:
    """Extracts a batch — in worker processes (one per core, at most WORKERS) when it runs the pipeline
    over enough articles to pay for starting them — asynchronously, so the main process writes the
    previous batch meanwhile."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self.pool: multiprocessing.pool.Pool | None = None

    def start(self, items: list[tuple[str, str, Article]]):
        """Begin extracting (origin, content hash, article) items; `results` waits for them."""
        if self.extractor is extract_with_pipeline and len(items) >= POOL_MIN and (os.cpu_count() or 1) > 1:
            if self.pool is None:
                ctx = multiprocessing.get_context("spawn")     # no fork: this process runs DuckDB threads
                self.pool = ctx.Pool(min(WORKERS, os.cpu_count() or 1), initializer=_ignore_sigint)
            return self.pool.map_async(_pipeline_safe, [(a, h) for _, h, a in items], chunksize=8)
        out = []
        for origin, h, a in items:
            try:
                out.append((_prepare(a, h, self.extractor(origin, a)), None))
            except Exception as e:      # see _pipeline_safe
                out.append((None, f"extraction failed: {type(e).__name__}: {e}"))
        return out

    @staticmethod
    def results(handle) -> list[tuple[Prepared | None, str | None]]:
        return handle if isinstance(handle, list) else handle.get()

    def close(self, abort: bool = False) -> None:
        """Wait for the workers; on an error or Ctrl-C stop them instead (their batch is dropped)."""
        if self.pool is not None:
            if abort:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (a worker that died of it would be
    replaced by the pool, and the run would go on)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass
class _CtrlC:
    noted: bool = False
    committing: bool = False    # a batch is being committed and counted: a Ctrl-C now waits for its end


@contextmanager
def _ctrl_c_noted() -> Iterator[_CtrlC]:
    """Ctrl-C during an ingest raises KeyboardInterrupt as always and is also noted, because DuckDB
    1.5 loses the KeyboardInterrupt of a signal that lands while it scans a Python (Arrow) object,
    or reports it as another error: the batch loop looks at the note at every batch boundary.
    While a batch commits and is counted it is only noted: raised between COMMIT and the count, it
    stored a batch that the message left out. Only in the main thread, where Python runs signal
    handlers, and only over Python's own handler."""
    ctrl_c = _CtrlC()
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield ctrl_c
        return

    def note(signum, frame) -> None:
        ctrl_c.noted = True
        if not ctrl_c.committing:
            raise KeyboardInterrupt
    signal.signal(signal.SIGINT, note)
    try:
        yield ctrl_c
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def ingest(conns: Backend, sources: Iterable[Source], batch: int | None = None, progress: Progress | None = None,
           total: int = 0, extractor: Extractor = extract_with_pipeline) -> IngestReport:
    """Ingest (origin, article, error) items; malformed ones are reported and skipped.

    `extractor(origin, sanitised_article)` gives the incidents (extract.pipeline by default;
    Store.ingest_extracted passes incidents extracted elsewhere). Batch N+1 is extracted while
    batch N is written."""
    tally = _Tally()
    it = iter(sources)
    reference.warm()
    extraction = _Extraction(extractor)
    waiting: tuple[list, object] | None = None      # (items, extraction handle) not yet written
    first = True

    def write(items: list[tuple[str, str, Article]], handle) -> None:
        nonlocal first
        extracted = []
        for (origin, h, a), (prepared, error) in zip(items, extraction.results(handle), strict=True):
            if error is not None:
                tally.failed.append(f"{origin}: {error}")
            else:
                extracted.append((a, h, prepared))
        if extracted or first:
            def body(cur: duckdb.DuckDBPyConnection) -> _Written:
                ctrl_c.committing = False          # run again after a lost commit (a lake): interruptible
                if ctrl_c.noted:
                    raise KeyboardInterrupt
                out = _write(cur, extracted, first)
                ctrl_c.committing = True
                return out
            try:
                w = conns.transaction(body)
                first = False
                tally.added += w.articles
                tally.duplicates += len(extracted) - w.articles
                tally.incidents += w.incidents
                tally.reviews_moved += w.reviews_moved
                tally.reviews_orphaned += w.reviews_orphaned
            finally:
                ctrl_c.committing = False
        if progress:
            progress(tally.done, total)
        if ctrl_c.noted:
            raise KeyboardInterrupt

    batch = conns.ingest_batch if batch is None else batch
    if not 1 <= batch <= MAX_BATCH:
        raise ValueError(f"a batch is 1 to {MAX_BATCH:,} articles, not {batch:,}")
    first_at: dict[str, tuple[str, str]] = {}      # article id -> (origin, content hash) of its first line
    aborted = True
    try:
        with _ctrl_c_noted() as ctrl_c, conns.writing():
            while chunk := list(islice(it, batch)):
                pending: dict[str, tuple[str, Article]] = {}
                for origin, article, error in chunk:
                    if article is None:
                        tally.failed.append(f"{origin}: {error}")
                        continue
                    clean = _clean(article)
                    h = content_hash(clean)
                    was, was_h = first_at.setdefault(clean.id, (origin, h))
                    if was_h != h:      # one id, two texts in one run: the first one is the article
                        tally.failed.append(f"{origin}: duplicate article id {clean.id!r} with other content "
                                            f"(first at {was}); not stored")
                        continue
                    if h in pending:
                        tally.duplicates += 1
                    else:
                        pending[h] = (origin, clean)
                known: set[str] = set()
                if pending:
                    with conns.cursor() as cur:
                        known = _known_hashes(cur, list(pending))
                tally.duplicates += len(known)
                items = [(origin, h, a) for h, (origin, a) in pending.items() if h not in known]
                handle = extraction.start(items)
                if waiting:
                    write(*waiting)
                waiting = (items, handle)
            if waiting:
                write(*waiting)
            elif first:
                write([], [])
            if tally.added:
                conns.transaction(search.compact_if_needed)
        aborted = False
    except (KeyboardInterrupt, duckdb.InterruptException, RuntimeError, StoreError) as e:
        # a Ctrl-C inside a DuckDB query comes back as its InterruptException, RuntimeError("Query
        # interrupted"), or (wrapped in StoreError by the cursor) whatever the interrupted query failed with
        if isinstance(e, (RuntimeError, StoreError)) and not ctrl_c.noted and "interrupted" not in str(e).lower():
            raise
        raise Interrupted(f"stopped by Ctrl-C after storing {tally.added} articles ({tally.incidents} incidents) "
                          f"of {tally.done} read; the batch in flight was not written. Run the same ingest "
                          "again to go on: what is stored is skipped") from None
    finally:
        extraction.close(aborted)
    return IngestReport(tally.added, tally.duplicates, tuple(tally.failed), tally.incidents,
                        tally.reviews_moved, tally.reviews_orphaned)


def ingest_paths(store, paths: list[str], published: date | None = None, progress: Progress | None = None,
                 batch: int | None = None) -> IngestReport:
    """Ingest JSONL files, .txt files (need `published`), directories (recursively) and "-" (stdin JSONL)."""
    return ingest(store.connections, read_sources(paths, published), batch, progress, count_articles(paths))
