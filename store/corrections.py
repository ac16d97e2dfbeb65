"""Corrections: a person sets a field of an incident; the extracted value is never overwritten.

Each correction is one row of the append-only `corrections` table (schema_v2.sql): incident id,
field, the value before and after (as text, see `FIELDS`), a note and the time. The view
`effective` applies the latest correction of each field, and every total, list, chart and export
reads that view. Corrections are keyed by the stable incident id, as reviews are, so an incident
that comes back on re-ingest finds its corrections again (`sync`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime

import duckdb

from extract.text import sanitize
from store import actor_bits
from store.db import registered
from store.model import EVENT_TYPES, Correction, CorrectionField, VictimRow

FIELDS: tuple[CorrectionField, ...] = ("killed", "wounded", "date", "place", "event", "actors", "victims")
VICTIM_OUTCOMES = ("killed", "wounded", "abducted", "arrested")  # extract.model.Victim
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CorrectionError(ValueError):
    """A correction value that cannot be stored, said in one line."""


def victims_text(victims: Iterable[VictimRow]) -> str:
    """The stored (and editable) form of a victims list: JSON."""
    return json.dumps([{"name": v.name, "hometown": v.hometown, "outcome": v.outcome, "actor_id": v.actor}
                       for v in victims], ensure_ascii=False)


def _current(cur: duckdb.DuckDBPyConnection, incident_id: str) -> dict[str, str] | None:
    """The effective value of every field of an incident, in the text form corrections store."""
    found = cur.execute("""
        SELECT seq, killed, wounded, date, date_end, place_pcode, place_key, event_type, sub_event_type, actors
        FROM effective WHERE id = ?""", [incident_id]).fetchall()
    if not found:
        return None
    seq, killed, wounded, day, end, pcode, key, kind, sub, actors = found[0]
    victims = [VictimRow(*v) for v in cur.execute(
        "SELECT name, hometown, outcome, actor_id FROM effective_victims WHERE seq = ? ORDER BY pos", [seq]).fetchall()]
    when = "" if day is None else day.isoformat() + (f"/{end.isoformat()}" if end and end != day else "")
    return {"killed": str(killed), "wounded": str(wounded), "date": when, "place": pcode or key,
            "event": f"{kind}/{sub}", "actors": ";".join(actors), "victims": victims_text(victims)}


def normalise(cur: duckdb.DuckDBPyConnection, field: str, value: str) -> str:
    """Check a new value and put it in its stored form; CorrectionError says what is wrong."""
    value = sanitize(value).strip()
    if field in ("killed", "wounded"):
        if not value.isascii() or not value.isdigit():
            raise CorrectionError(f"{field} must be a whole number ≥ 0, not {value!r}")
        return str(int(value))
    if field == "date":
        days = [d.strip() for d in re.split(r"/|…|\.\.", value) if d.strip()]
        if not 1 <= len(days) <= 2 or not all(_DAY.match(d) for d in days):
            raise CorrectionError(f"a date is YYYY-MM-DD, or a range YYYY-MM-DD/YYYY-MM-DD, not {value!r}")
        try:
            first, *last = (date.fromisoformat(d) for d in days)
        except ValueError as e:
            raise CorrectionError(f"not a date: {value!r} ({e})") from None
        if last and last[0] < first:
            raise CorrectionError(f"the range ends before it starts: {value!r}")
        return first.isoformat() + (f"/{last[0].isoformat()}" if last and last[0] != first else "")
    if field == "place":
        if not cur.execute("SELECT count(*) FROM places WHERE pcode = ?", [value]).fetchall()[0][0]:
            raise CorrectionError(f"no place with the code {value!r} in the gazetteer")
        return value
    if field == "event":
        kind, _, sub = value.partition("/")
        if sub not in EVENT_TYPES.get(kind, ()):
            raise CorrectionError(f"not an event type/sub-type: {value!r}")
        return value
    if field == "actors":
        ids = list(dict.fromkeys(a.strip() for a in re.split(r"[;,\s]+", value) if a.strip()))
        known = {r[0] for r in cur.execute("SELECT id FROM actors WHERE list_contains(?, id)", [ids]).fetchall()}
        unknown = [a for a in ids if a not in known]
        if unknown:
            raise CorrectionError(f"unknown actor id {unknown[0]!r}")
        return ";".join(ids)
    if field == "victims":
        try:
            rows = json.loads(value or "[]")
            victims = [VictimRow(sanitize(v["name"]).strip(), sanitize(v.get("hometown") or "").strip() or None,
                                 v.get("outcome") or "killed", v.get("actor_id") or None) for v in rows]
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            raise CorrectionError(f"victims must be a JSON list of {{name, hometown, outcome, actor_id}}: {e}") from None
        bad = [v for v in victims if not v.name or v.outcome not in VICTIM_OUTCOMES]
        if bad:
            raise CorrectionError(f"each victim needs a name and an outcome ({', '.join(VICTIM_OUTCOMES)})")
        return victims_text(victims)
    raise CorrectionError(f"cannot correct {field!r}; choose one of {', '.join(FIELDS)}")


def add(cur: duckdb.DuckDBPyConnection, incident_id: str, field: str, value: str, note: str) -> bool:
    """Append a correction (inside the caller's transaction); False when the value is unchanged."""
    current = _current(cur, incident_id)
    if current is None:
        raise CorrectionError(f"no incident {incident_id}")
    after = normalise(cur, field, value)
    if after == current[field]:
        return False
    # cseq given here, not by a sequence: a lake has none (store/lake.py)
    cur.execute("INSERT INTO corrections (cseq, incident_id, field, before, after, note, corrected_at) "
                "SELECT coalesce(max(cseq), 0) + 1, ?, ?, ?, ?, ?, ? FROM corrections",
                [incident_id, field, current[field], after, sanitize(note).strip(), datetime.now()])
    sync(cur, [incident_id])
    return True


def sync(cur: duckdb.DuckDBPyConnection, ids: list[str], first_new_seq: int | None = None) -> None:
    """After a write to the incidents `ids`: mark those with corrections, store their corrected rows
    where the `effective` view reads them, and file the search postings of those whose day was
    corrected under that day (a page of search results reads the postings of its days).
    `first_new_seq` (from an ingest batch): rows left from deleted incidents whose seq a new
    incident took go. Costs one look at the small corrections table when none of `ids` has any."""
    with registered(cur, "sync_ids", id=ids):
        hit = [r[0] for r in cur.execute("SELECT DISTINCT incident_id FROM corrections "
                                         "WHERE incident_id IN (SELECT id FROM sync_ids)").fetchall()]
    if first_new_seq is not None:
        cur.execute("DELETE FROM corrected_rows WHERE seq >= ? AND NOT list_contains(?, id)", [first_new_seq, hit])
    if not hit:
        return
    cur.execute("UPDATE incidents SET corrected = true WHERE list_contains(?, id) AND NOT corrected", [hit])
    cur.execute("DELETE FROM corrected_rows WHERE list_contains(?, id)", [hit])
    cur.execute("INSERT INTO corrected_rows SELECT * FROM corrected_compute WHERE list_contains(?, id)", [hit])
    actor_bits.recompute(cur, "corrected_rows", "list_contains(?, id)", [hit])   # corrected actors, corrected bits
    moved = cur.execute("""SELECT r.seq, r.sort_day FROM corrected_rows r WHERE list_contains(?, r.id)
                           AND r.sort_day <> (SELECT i.sort_day FROM incidents i WHERE i.seq = r.seq)""",
                        [hit]).fetchall()
    for seq, day in moved:
        cur.execute("UPDATE postings SET sort_day = ? WHERE seq = ? AND sort_day <> ?", [day, seq, day])


def history(cur: duckdb.DuckDBPyConnection, incident_id: str) -> tuple[Correction, ...]:
    """Newest first."""
    return tuple(Correction(*r) for r in cur.execute(
        "SELECT field, before, after, note, corrected_at FROM corrections WHERE incident_id = ? ORDER BY cseq DESC",
        [incident_id]).fetchall())
