"""Store benchmark at scale (run by hand; not part of the test suite).

    uv run python benchmarks/store.py [--rows 1000000] [--db /tmp/rasd-bench.duckdb] [--keep]

Generates N synthetic incidents — Arabic evidence sentences from a vocabulary, real gazetteer
places, skewed distributions of places, types, actors, dates and casualties, ~20% repeat reports
of an earlier incident (same cluster) — straight into a DuckDB file through Arrow tables, then
times the Store API (p50/p95 per query), real ingest with extraction into that big store, and the
peak RSS of a separate read-only viewer process. Ends with ONE JSON line of the headline numbers.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.model import Article  # noqa: E402
from store.api import Store  # noqa: E402
from store.ids import hash_key, incident_id  # noqa: E402
from store.model import Cursor, Filter  # noqa: E402
from store.search import compact, incident_terms, postings_rows  # noqa: E402

EVENTS = [  # (type, sub-type, weight)
    ("battles", "armed-clash", 30), ("explosions", "shelling-artillery-missile-attack", 25),
    ("explosions", "air-drone-strike", 15), ("violence-against-civilians", "attack", 10),
    ("explosions", "remote-explosive-landmine-ied", 5), ("strategic-developments", "arrests", 4),
    ("violence-against-civilians", "abduction-forced-disappearance", 3), ("protests", "peaceful-protest", 3),
    ("battles", "non-state-actor-overtakes-territory", 1), ("battles", "government-regains-territory", 1),
    ("strategic-developments", "change-to-group-activity", 2), ("strategic-developments", "looting-property-destruction", 1),
]
TEMPLATES = [
    "قُتل {n} {victims} وأصيب آخرون جراء قصف {a1} على {ptype} {place} في ريف {gov}",
    "اندلعت اشتباكات عنيفة بين {a1} و{a2} في محيط {ptype} {place} أسفرت عن مقتل {n} {victims}",
    "شن الطيران الحربي غارات جوية على أطراف {place} ما ادى الى سقوط {n} قتلى بينهم {victims}",
    "اغتال مسلحون مجهولون شاباً من أبناء {ptype} {place} في ريف {gov} {when}",
    "انفجرت عبوة ناسفة بسيارة عسكرية تابعة لـ{a1} على الطريق الواصل بين {place} و{place2}",
    "شنت {a1} حملة دهم واعتقالات في {place} طالت {n} شبان من أبناء البلدة {when}",
    "خرجت مظاهرة في {ptype} {place} طالب المشاركون فيها بالإفراج عن المعتقلين",
    "سيطرت {a1} على {ptype} {place} بعد معارك مع {a2} استمرت ساعات",
    "استهدفت {a1} بقذائف المدفعية الأحياء السكنية في {place} وأفادت مصادر محلية بإصابة {n} مدنيين",
    "عثر الأهالي على جثة شاب مجهول الهوية قرب {place} في محافظة {gov} وعليها آثار تعذيب",
    "أصيب {n} {victims} بجروح اثر سقوط قذيفة صاروخية على سوق {place} الشعبي {when}",
    "وثّق المرصد مقتل {n} {victims} في {ptype} {place} خلال الساعات الماضية",
]
VICTIMS = ["مدنيين", "أطفال", "عناصر", "مقاتلين", "أشخاص", "نساء", "شبان"]
PTYPES = ["مدينة", "بلدة", "قرية", "حي", "مخيم"]
WHEN = ["اليوم", "أمس", "مساء أمس", "فجر اليوم", "يوم الجمعة", "صباح الأحد"]
NUMBERS = ["3", "5", "ثلاثة", "أربعة", "عشرة", "7", "12", "اثنين", "عدد من", "عشرات"]
SPELLING = [("أ", "ا"), ("إ", "ا"), ("ة ", "ه ")]   # careless spellings the search must still find
START, DAYS = date(2011, 3, 15), 365 * 14
INGEST_BATCH_TERMS = 1500 * 25   # ~ the (term, incident) pairs of one 500-article ingest batch


def _zipf_weights(n: int, s: float = 1.05) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


class Generator:
    def __init__(self, seed: int = 7) -> None:
        from extract.actors import actor_rows
        from extract.places import gazetteer_rows

        self.rng = random.Random(seed)
        self.places = [r for r in gazetteer_rows() if r["level"] == "community" and r["lat"] is not None]
        self.rng.shuffle(self.places)
        self.place_w = _zipf_weights(len(self.places))
        actors = actor_rows()
        self.actors = [a["id"] for a in actors]
        self.actor_ar = {a["id"]: a["name_ar"] or a["name_en"] for a in actors}
        self.actor_w = _zipf_weights(len(self.actors), 0.8)
        self.events = [(t, s) for t, s, _ in EVENTS]
        self.event_w = [w for *_, w in EVENTS]

    def sentence(self, place: dict, actors: list[str]) -> str:
        rng = self.rng
        text = rng.choice(TEMPLATES).format(
            n=rng.choice(NUMBERS), victims=rng.choice(VICTIMS), a1=self.actor_ar[actors[0]],
            a2=self.actor_ar[actors[-1]], ptype=rng.choice(PTYPES), place=place["name_ar"],
            place2=rng.choice(self.places)["name_ar"], gov=place["admin1_ar"] or "", when=rng.choice(WHEN))
        if rng.random() < 0.3:
            a, b = rng.choice(SPELLING)
            text = text.replace(a, b)
        return text

    def day(self, k: int, n: int) -> date:
        """Articles arrive roughly in date order; the war's early years are busier."""
        frac = (k / n) ** 0.8
        return START + timedelta(days=min(DAYS - 1, int(frac * DAYS) + self.rng.randint(-3, 3)))


def generate(db: Path, rows: int, chunk: int = 100_000) -> None:
    """Write `rows` incidents (with articles, actors, victims, terms, some reviews) into a new store."""
    db.unlink(missing_ok=True)
    Store.open(db).close()     # schema + places/actors tables
    import duckdb

    con = duckdb.connect(str(db))
    g = Generator()
    rng = g.rng
    seq = 0
    recent: list[tuple] = []
    article_n = 0
    t0 = time.perf_counter()
    while seq < rows:
        inc_rows: list[dict] = []
        art_rows: list[dict] = []
        act_seq, act_id, terms, vic_rows = [], [], [], []
        while len(inc_rows) < chunk and seq < rows:
            article_n += 1
            published = g.day(seq, rows)
            sentences, members = [], []
            for _ in range(min(rng.choice((1, 1, 1, 2, 2, 3, 4, 6)), rows - seq)):
                seq += 1
                if recent and rng.random() < 0.2:       # another outlet's report of a recent incident
                    place, etype, sub, actors, day0, cluster = rng.choice(recent)
                    day = day0 + timedelta(days=rng.choice((-1, 0, 0, 1)))
                else:
                    place = rng.choices(g.places, g.place_w)[0]
                    etype, sub = rng.choices(g.events, g.event_w)[0]
                    actors = list(dict.fromkeys(rng.choices(g.actors, g.actor_w, k=rng.choice((1, 2, 2, 3)))))
                    day, cluster = published - timedelta(days=rng.choice((0, 0, 0, 1, 2))), None
                text = g.sentence(place, actors)
                h = hashlib.sha256(f"bench-{article_n}".encode()).hexdigest()
                iid = incident_id(h, day, place["pcode"], etype, len(members))
                killed = 0 if etype in ("strategic-developments", "protests") else min(
                    int(rng.paretovariate(1.6)) - 1, 400)
                offset = sum(len(s) + 1 for s in sentences)
                row = {"seq": seq, "id": iid, "article_id": f"bench-{article_n}", "date": day, "sort_day": day,
                       "date_end": None, "date_precision": "day", "place_key": place["pcode"],
                       "place_pcode": place["pcode"], "place_name": place["name_ar"],
                       "admin1_pcode": place["admin1_pcode"], "admin1": place["admin1_ar"],
                       "admin2_pcode": place["admin2_pcode"], "admin2": place["admin2_ar"], "admin3_pcode": None,
                       "lat": place["lat"], "lon": place["lon"], "event_type": etype, "sub_event_type": sub,
                       "actors": actors, "killed": killed, "wounded": int(rng.expovariate(0.5)) if killed else 0,
                       "evidence": text, "evidence_spans": [offset, offset + len(text)],
                       "cluster_id": cluster[0] if cluster else iid, "cluster_seq": cluster[1] if cluster else seq,
                       "clustered": False, "review": "unreviewed"}
                sentences.append(text)
                members.append((place, etype, sub, actors, day, (row["cluster_id"], row["cluster_seq"])))
                inc_rows.append(row)
                act_seq += [seq] * len(actors)
                act_id += actors
                terms += [(t, seq, day) for t in incident_terms(text, place["name_ar"], place["admin1_ar"], place["admin2_ar"])]
                if "civilians" in actors and rng.random() < 0.1:
                    vic_rows.append({"seq": seq, "pos": 0, "name": "محمد أحمد العلي", "hometown": place["name_ar"],
                                     "outcome": "killed", "actor_id": None})
            recent = (recent + members)[-200:]
            art_rows.append({"id": f"bench-{article_n}", "content_hash": h, "hash_key": hash_key(h), "outlet": rng.choice(("SOHR", "Enab Baladi", "Horan Free League")),
                             "url": None, "title": None, "published": published, "text": "\n".join(sentences),
                             "n_incidents": len(members), "ingested_at": datetime.now()})
        cols = {k: [r[k] for r in inc_rows] for k in inc_rows[0]}
        cols["actors"] = pa.array(cols["actors"], pa.list_(pa.string()))
        cols["evidence_spans"] = pa.array(cols["evidence_spans"], pa.list_(pa.int32()))
        tables = {"incidents": pa.table(cols), "articles": pa.Table.from_pylist(art_rows),
                  "incident_actors": pa.table({"seq": act_seq, "actor_id": act_id}),
                  "victims": pa.Table.from_pylist(vic_rows)}
        for name, table in tables.items():
            if table.num_rows:
                con.register("gen_rows", table)
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM gen_rows")
                con.unregister("gen_rows")
        for k in range(0, len(terms), INGEST_BATCH_TERMS):    # postings as real ingest batches make them
            con.register("gen_rows", postings_rows(con, terms[k:k + INGEST_BATCH_TERMS]))
            con.execute("INSERT INTO postings BY NAME SELECT * FROM gen_rows")
            con.unregister("gen_rows")
        print(f"  generated {seq:,} incidents ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    con.execute("""INSERT INTO reviews (incident_id, status, note, reviewed_at)
                   SELECT id, ['verified', 'rejected', 'needs-check'][1 + seq % 3], '', now() FROM incidents
                   WHERE seq % 97 = 0""")
    con.execute("UPDATE incidents SET review = r.status FROM latest_reviews r WHERE r.incident_id = incidents.id")
    con.execute("""UPDATE incidents SET clustered = true WHERE cluster_seq IN
                   (SELECT cluster_seq FROM incidents GROUP BY 1 HAVING count(*) > 1)""")
    con.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
    t = time.perf_counter()
    compact(con)
    print(f"  compacted the search index in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    con.execute("CHECKPOINT")
    con.close()


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


FILTERS = {
    "all": Filter(),
    "governorate": Filter(places=("SY12",)),
    "district+type": Filter(places=("SY0700",), event_types=("explosions",)),
    "actor+dates": Filter(actors=("isis",), date_from=date(2015, 1, 1), date_to=date(2016, 12, 31)),
    "subtype+review": Filter(event_types=("battles/armed-clash",), review=("unreviewed",)),
}
SEARCHES = ["قصف", "اشتباكات عنيفة", "الأطفال", "الاطفال", "إصابة مدنيين", "عبوه ناسفه", "درعا", "\"حملة دهم\" شبان"]


def run_queries(store: Store, runs: int) -> dict[str, list[float]]:
    """Time every API query kind; returns name -> list of ms."""
    res: dict[str, list[float]] = {}
    rng = random.Random(1)
    def cold(fn):
        """As after a filter change: nothing about this filter is cached yet (every timing here is cold
        except keyset/random-access pages and counts, which a scrolling list repeats per filter)."""
        store.clear_cache()
        return fn()
    for name, f in FILTERS.items():
        res[f"first page [{name}]"] = timed(lambda f=f: cold(lambda: store.timeline(f, 100)), runs)
        first = store.timeline(f, 100)
        cur = Cursor(first[-1].date, first[-1].id) if first else None
        res[f"keyset next page [{name}]"] = timed(lambda f=f, c=cur: store.timeline(f, 100, after=c), runs)
        n = store.count(f)
        res[f"random-access page [{name}]"] = timed(
            lambda f=f, n=n: store.timeline_at(f, rng.randrange(max(1, n)), 100, newest_first=rng.random() < .5), runs)
        res[f"count [{name}]"] = timed(lambda f=f: store.count(f), runs)
    for q in SEARCHES:
        res[f"search {q}"] = timed(lambda q=q: cold(lambda: store.timeline(Filter(text=q), 100)), runs)
        res[f"search+place {q}"] = timed(
            lambda q=q: cold(lambda: store.timeline(Filter(text=q, places=("SY12",)), 100)), runs)
    for by in ("place", "admin1", "admin2", "actor", "event_type", "sub_event_type", "week", "month"):
        for dedupe in (False, True):
            res[f"summary {by}{' dedupe' if dedupe else ''}"] = timed(
                lambda by=by, d=dedupe: cold(lambda: store.summary(Filter(dedupe=d), by, 20)), runs)
    res["summary admin2 [governorate]"] = timed(lambda: cold(lambda: store.summary(FILTERS["governorate"], "admin2")), runs)
    res["totals"] = timed(lambda: cold(lambda: store.totals(Filter())), runs)
    res["totals [actor+dates]"] = timed(lambda: cold(lambda: store.totals(FILTERS["actor+dates"])), runs)
    res["pivot admin1 x month"] = timed(lambda: cold(lambda: store.pivot(Filter(), "admin1", "month")), runs)
    res["facet places"] = timed(lambda: cold(lambda: store.facet_places(Filter())), runs)
    res["facet actors"] = timed(lambda: cold(lambda: store.facet_actors(Filter())), runs)
    res["facet event types"] = timed(lambda: cold(lambda: store.facet_event_types(Filter())), runs)
    res["find place"] = timed(lambda: store.find_places("جاسم"), runs)
    ids = [r.id for r in store.timeline_at(Filter(), 500_000 % max(1, store.count(Filter())), 20)]
    res["incident detail"] = timed(lambda: store.incident(rng.choice(ids)), runs)
    return res


def viewer(db: Path) -> None:
    """Child process: a read-only browser running the query suite; prints its peak RSS in MB."""
    with Store.open(db, read_only=True) as store:
        run_queries(store, 3)
    # VmHWM, not ru_maxrss: ru_maxrss survives exec and would report the benchmark parent's peak
    hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
    print(int(hwm.split()[1]) / 1024)


def ingest_rate(db: Path, n: int) -> float | None:
    """Articles/s of real ingest (sanitise, extract, cluster, index, write) into the big store."""
    try:
        import extract.pipeline  # noqa: F401
    except ImportError:
        return None
    base = [Article.from_dict(json.loads(line)) for path in (ROOT / "sample_data" / "articles.jsonl",
                                                               ROOT.parent / "shared" / "eval" / "dev.articles.jsonl")
            if path.exists() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    run = int(time.time())      # new articles on every run, also when the store file is reused
    arts = [Article(id=f"rate-{run}-{k}", published=a.published, title=a.title, outlet=a.outlet,
                    text=a.text + f"\n(نسخة {run}-{k})") for k in range(n) for a in [base[k % len(base)]]]
    import store.ingest as ingest_mod

    held: list[float] = []
    write = ingest_mod._write

    def timed_write(*a, **kw):          # how long each batch holds the write lock (the transaction)
        t = time.perf_counter()
        try:
            return write(*a, **kw)
        finally:
            held.append((time.perf_counter() - t) * 1000)
    ingest_mod._write = timed_write
    stop = db.with_name(db.name + ".stop")
    stop.unlink(missing_ok=True)
    browser = subprocess.Popen([sys.executable, __file__, "--browse-loop", "--db", str(db)], stdout=subprocess.PIPE,
                               text=True)
    browser.stdout.readline()       # it holds the file before the ingest starts
    with Store.open(db) as store:
        t = time.perf_counter()
        report = store.ingest_articles(arts, batch=500)
        dt = time.perf_counter() - t
    ingest_mod._write = write
    stop.touch()
    waits = [float(x) for x in browser.communicate(timeout=120)[0].split()]
    stop.unlink()
    print(f"  a browser asking for a first page every 50 ms during that ingest: {len(waits)} requests, "
          f"p50 {statistics.median(waits):.0f} ms, p95 {p(waits, .95):.0f} ms, max {max(waits):.0f} ms", file=sys.stderr)
    print(f"  ingest: {report.added} articles, {report.incidents} incidents in {dt:.1f} s; write transaction "
          f"per 500-article batch: p50 {statistics.median(held):.0f} ms, max {max(held):.0f} ms", file=sys.stderr)
    return report.added / dt


def browse_loop(db: Path, stop: Path) -> None:
    """Child process: a read-only browser asking for a first page every 50 ms until `stop` exists;
    prints the latency of each request in ms."""
    with Store.open(db, read_only=True, lock_timeout=60) as store:
        while not stop.exists():
            store.clear_cache()
            t = time.perf_counter()
            store.timeline(FILTERS["governorate"], 100)
            print(f"{(time.perf_counter() - t) * 1000:.1f}", flush=True)
            time.sleep(0.05)


def shared_mode_cost(db: Path, runs: int) -> None:
    """Per-request open/close, as browsers do while another process wants the file."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    flag = db.with_name(f"{db.name}.want.{other.pid}")
    flag.write_text("")
    try:
        with Store.open(db, read_only=True) as store:
            xs = timed(lambda: store.timeline(FILTERS["governorate"], 100), runs)
        print(f"  first page while another process waits (open per request): p50 {statistics.median(xs):.1f} ms, "
              f"p95 {p(xs, .95):.1f} ms", file=sys.stderr)
    finally:
        flag.unlink()
        other.kill()
    t = time.perf_counter()
    shutil.copyfile(db, db.with_suffix(".copy"))
    print(f"  copying the store file (the swap-a-copy alternative): {time.perf_counter() - t:.1f} s for "
          f"{db.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
    db.with_suffix(".copy").unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/rasd-bench.duckdb"))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--ingest-articles", type=int, default=2000)
    ap.add_argument("--reuse", action="store_true", help="reuse an existing benchmark file of the right size")
    ap.add_argument("--viewer", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--browse-loop", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.viewer:
        return viewer(a.db)
    if a.browse_loop:
        return browse_loop(a.db, a.db.with_name(a.db.name + ".stop"))
    if not (a.reuse and a.db.exists()):
        t = time.perf_counter()
        generate(a.db, a.rows)
        print(f"generated {a.rows:,} incidents in {time.perf_counter() - t:.0f} s; "
              f"file {a.db.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
    with Store.open(a.db, read_only=True) as store:
        rows = store.count(Filter())
        res = run_queries(store, a.runs)
    print(f"{'query':44} {'p50 ms':>8} {'p95 ms':>8}")
    for name, xs in res.items():
        print(f"{name:44} {statistics.median(xs):8.1f} {p(xs, .95):8.1f}")
    rss = float(subprocess.run([sys.executable, __file__, "--viewer", "--db", str(a.db)], check=True,
                               capture_output=True, text=True).stdout.strip().splitlines()[-1])
    shared_mode_cost(a.db, a.runs)
    rate = ingest_rate(a.db, a.ingest_articles)

    def worst(prefix: str) -> float:
        return round(max(p(xs, .95) for k, xs in res.items() if k.startswith(prefix)), 1)
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other processes inflate every figure)", file=sys.stderr)
    print(json.dumps({
        "rows": rows,
        "page_first_p95_ms": worst("first page"),
        "page_later_p95_ms": max(worst("keyset next page"), worst("random-access page")),
        "search_p95_ms": worst("search"),
        "summary_max_p95_ms": max(worst("summary"), worst("totals"), worst("pivot"), worst("facet")),
        "ingest_articles_per_s": round(rate, 1) if rate else None,
        "viewer_rss_mb": round(rss, 1),
    }))


if __name__ == "__main__":
    main()
