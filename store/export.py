"""Export the incidents of a filter: csv, jsonl, parquet, geojson, and ACLED-style csv.

Rows stream from DuckDB in Arrow record batches, so a million-row export stays small in memory.
Files are written through store/safe_write.py (never half-written, never over a device or, unless
forced, an existing file), and CSV cells that a spreadsheet would run as a formula are quoted.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Literal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from store import names
from store.model import ExportReport, Filter, TimelineOrder
from store.names import Names
from store.query import where
from store.safe_write import open_output, spreadsheet_safe, target_of

ExportFormat = Literal["csv", "jsonl", "parquet", "geojson", "acled"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "jsonl", "parquet", "geojson", "acled")
BATCH_ROWS = 20_000

_COLUMNS = """i.id, i.date, i.date_end, i.date_precision, i.place_name, i.place_pcode, i.admin1, i.admin1_pcode,
    i.admin2, i.admin2_pcode, i.admin3_pcode, i.lat, i.lon, i.event_type, i.sub_event_type, {actors} AS actors,
    i.killed, i.wounded, i.review, i.corrected, i.cluster_id, i.evidence, i.article_id,
    a.title AS article_title, a.url AS article_url, a.outlet AS article_outlet, a.published AS article_published,
    a.ingested_at"""

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp")
# ACLED "inter" codes by our actor kind: 1 state, 2 rebel, 3 political militia, 4 identity militia, 7 civilians, 8 external
ACLED_INTER = {"state": 1, "rebel": 2, "unidentified": 3, "identity-militia": 4, "civilians": 7, "external": 8}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_GEO_PRECISION = {"community": 1, "neighbourhood": 1, "admin3": 2, "admin2": 2, "admin1": 3, "region": 3}


def _disorder(event_type: str, sub: str) -> str:
    if event_type in ("protests", "riots"):
        return "Political violence; Demonstrations" if sub == "excessive-force-against-protesters" else "Demonstrations"
    return "Strategic developments" if event_type == "strategic-developments" else "Political violence"


# each incident's corrections, oldest first (values in the text form of store.corrections)
_HISTORY = """(SELECT list({'field': c.field, 'before': c.before, 'after': c.after, 'note': c.note,
    'at': c.corrected_at} ORDER BY c.cseq) FROM corrections c WHERE c.incident_id = i.id)"""


def _batches(cur: duckdb.DuckDBPyConnection, f: Filter, list_as_text: bool, history: bool = False,
             order: TimelineOrder = "date") -> pa.RecordBatchReader:
    w = where(cur, f)
    cols = _COLUMNS.format(actors="array_to_string(i.actors, ';')" if list_as_text else "i.actors")
    if history:
        cols += f", {f'to_json({_HISTORY})' if list_as_text else _HISTORY} AS corrections"
    sql = (f"SELECT {cols} FROM effective i JOIN articles a ON a.id = i.article_id "
           f"WHERE {w.sql} ORDER BY {'' if order == 'date' else f'i.{order} DESC, '}i.sort_day, i.id")
    return cur.sql(sql, params=w.params).to_arrow_reader(BATCH_ROWS)


def _json_default(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    raise TypeError(f"cannot serialise {type(v).__name__}")


def _rows(reader: pa.RecordBatchReader) -> Iterator[dict]:
    for batch in reader:
        yield from batch.to_pylist()


def _write_csv(reader: pa.RecordBatchReader, fh: IO) -> int:
    out = csv.writer(fh)
    out.writerow(reader.schema.names)
    n = 0
    for row in _rows(reader):
        out.writerow(spreadsheet_safe(["" if v is None else v for v in row.values()]))
        n += 1
    return n


def _write_jsonl(reader: pa.RecordBatchReader, fh: IO) -> int:
    n = 0
    for row in _rows(reader):
        fh.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        n += 1
    return n


def _write_parquet(reader: pa.RecordBatchReader, fh: IO) -> int:
    n = 0
    with pq.ParquetWriter(fh, reader.schema) as w:
        for batch in reader:
            w.write_batch(batch)
            n += batch.num_rows
    return n


def _write_geojson(reader: pa.RecordBatchReader, fh: IO) -> tuple[int, int]:
    """A FeatureCollection of Points (WGS84 lon/lat); an incident without coordinates is a feature
    with a null geometry (RFC 7946 §3.2), so no row is left out. Returns (features, null geometries)."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    n = nulls = 0
    for row in _rows(reader):
        located = row["lat"] is not None and row["lon"] is not None
        nulls += not located
        feature = {"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]} if located else None,
                   "properties": {k: v for k, v in row.items() if k not in ("lat", "lon")}}
        fh.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False, default=_json_default))
        n += 1
    fh.write("\n]}\n")
    return n, nulls


def _acled_row(row: dict, actors: dict[str, tuple[str, str]], level: dict[str, str], known: Names) -> list:
    """Sides are not extracted, so: actor1 = first armed actor, actor2 = last armed actor (or the
    civilians when only one armed actor), armed actors in between = assoc_actor_1. Admin units and
    the location carry OCHA's English names, as ACLED's do (a place the gazetteer does not know
    keeps its Arabic name)."""
    ids = list(row["actors"] or [])
    armed = [a for a in ids if a != "civilians"]
    first = armed[0] if armed else ("civilians" if ids else None)
    second = armed[-1] if len(armed) > 1 else ("civilians" if armed and "civilians" in ids else None)
    assoc1 = armed[1:-1]
    assoc2 = ["civilians"] if "civilians" in ids and second != "civilians" and first != "civilians" else []

    def name(a: str | None) -> str:
        return actors.get(a, (a, ""))[0] if a else ""

    def inter(a: str | None) -> int | str:
        return ACLED_INTER.get(actors.get(a, ("", ""))[1], 3) if a else ""
    i1, i2 = inter(first), inter(second)
    interaction = int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 * 10 if i1 else "")
    # ACLED has no undated events: one the article gives no day for is coded to the day it was
    # published, with the loosest time precision
    day: date = row["date"] or row["article_published"]
    precision = _TIME_PRECISION.get(row["date_precision"], 3) if row["date"] else 3
    return [
        f"SYR{row['id'].upper()}", day.isoformat(), day.year, precision,
        _disorder(row["event_type"], row["sub_event_type"]),
        known.event_key(row["event_type"], "en"),     # store/data/names.csv holds ACLED's English names
        known.event_key(f"{row['event_type']}/{row['sub_event_type']}", "en"),
        name(first), "; ".join(map(name, assoc1)), i1, name(second), "; ".join(map(name, assoc2)), i2,
        interaction, "Civilian targeting" if "civilians" in ids else "", 760, "Middle East", "Syria",
        *(known.places.get(row[f"admin{n}_pcode"] or "", ("", ""))[1] for n in (1, 2, 3)),
        known.reported_place(row["place_name"], row["place_pcode"], "en"),
        "" if row["lat"] is None else row["lat"], "" if row["lon"] is None else row["lon"],
        _GEO_PRECISION.get(level.get(row["place_pcode"] or "", ""), 3),
        row["article_outlet"] or row["article_url"] or "", "", row["evidence"], row["killed"], "",
        int(row["ingested_at"].timestamp()),
    ]


def _write_acled(reader: pa.RecordBatchReader, fh: IO, actors: dict[str, tuple[str, str]],
                 level: dict[str, str], known: Names) -> int:
    out = csv.writer(fh)
    out.writerow(ACLED_COLUMNS)
    n = 0
    for row in _rows(reader):
        out.writerow(spreadsheet_safe(_acled_row(row, actors, level, known)))
        n += 1
    return n


def export(cur: duckdb.DuckDBPyConnection, f: Filter, fmt: ExportFormat, path: Path, history: bool = False,
           order: TimelineOrder = "date", force: bool = False, excel: bool = False) -> ExportReport:
    """Write the incidents of `f` (oldest first, or most killed / wounded first) to `path` (replacing an
    existing file only when `force`). `history` adds a `corrections` column (not to the ACLED csv,
    whose columns are ACLED's); `excel`: csv with a byte-order mark, which spreadsheets need to read
    UTF-8 Arabic."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    target_of(path, force)      # refuse before querying
    if fmt == "acled":   # read before the row stream opens: one cursor holds one pending result
        actors = {i: (n, k) for i, n, k in cur.execute("SELECT id, name_en, kind FROM actors").fetchall()}
        level = dict(cur.execute("SELECT pcode, level FROM places").fetchall())
        known = names.of(cur)
    reader = _batches(cur, f, list_as_text=fmt == "csv", history=history and fmt != "acled", order=order)
    with open_output(path, binary=fmt == "parquet", force=force, encoding="utf-8-sig" if excel else "utf-8") as fh:
        if fmt == "geojson":
            rows, nulls = _write_geojson(reader, fh)
            return ExportReport(rows, fmt, nulls)
        write = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}.get(fmt)
        n = write(reader, fh) if write else _write_acled(reader, fh, actors, level, known)
        return ExportReport(n, fmt, bom=excel)
