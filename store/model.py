"""Typed values the store hands to its callers (the tui never sees SQL or DuckDB rows).

This is the contract between store/ and tui/: a `Filter` goes in, these rows come out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

ReviewStatus = Literal["verified", "rejected", "needs-check", "unreviewed"]
SummaryBy = Literal["place", "admin1", "admin2", "actor", "event_type", "sub_event_type", "week", "month", "year"]
AdminLevel = Literal["governorate", "district", "subdistrict"]
CorrectionField = Literal["killed", "wounded", "date", "place", "event", "actors", "victims"]
TimelineOrder = Literal["date", "killed", "wounded"]

# ACLED's event types and their sub-types (the ids of ../shared/eval/events.csv)
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "battles": ("government-regains-territory", "non-state-actor-overtakes-territory", "armed-clash"),
    "protests": ("excessive-force-against-protesters", "protest-with-intervention", "peaceful-protest"),
    "riots": ("violent-demonstration", "mob-violence"),
    "explosions": ("chemical-weapon", "air-drone-strike", "suicide-bomb", "shelling-artillery-missile-attack",
                   "remote-explosive-landmine-ied", "grenade"),
    "violence-against-civilians": ("sexual-violence", "attack", "abduction-forced-disappearance"),
    "strategic-developments": ("agreement", "arrests", "change-to-group-activity", "disrupted-weapons-use",
                               "headquarters-or-base-established", "looting-property-destruction",
                               "non-violent-transfer-of-territory", "other"),
}

_ADMIN_CODE = re.compile(r"^SY(\d\d)(\d\d)?(\d\d)?$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def parse_period(text: str) -> tuple[date, date]:
    """A day, month or year as the first and last day it covers: `2018` is the whole year,
    `2018-04` the month, `2018-04-07` the day (the one date language of the TUI and the CLI)."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise ValueError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            one = date(year, int(month), int(day))
            return one, one
        if month is not None:
            first = date(year, int(month), 1)
            nxt = date(year + first.month // 12, first.month % 12 + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (no such day or month)") from None


def admin_level(code: str) -> AdminLevel | None:
    """The admin level an OCHA P-code names by its length (SY12 governorate, SY1203 district,
    SY120301 subdistrict); None for a community's C-code or any other place key."""
    m = _ADMIN_CODE.match(code)
    if not m:
        return None
    return "subdistrict" if m.group(3) else "district" if m.group(2) else "governorate"


@dataclass(frozen=True, slots=True)
class Filter:
    """What the person is looking at. Empty fields mean "no constraint".

    places: P-codes of any admin level (SY02 governorate, SY0200 district, SY020000 subdistrict,
    C6111 community); an admin code rolls up everything beneath it.
    event_types: "battles" (a whole type) or "battles/armed-clash" (one sub-type).
    text: Arabic or Latin words; every word must match (spelling-insensitive, clitics handled).
    dedupe: one row per cluster (one real-world incident): its report with the most killed, then
    wounded, among the reports that match the rest of the filter. Lists, totals and exports alike.
    include_rejected: rejected reports are left out of everything unless this is set (or `review`
    names them).
    min_killed: only incidents with at least this many killed.
    undated: only incidents without a date (date_from/date_to are then ignored).
    require_actors: every one of these actors must be involved (set by Store.filter_for_cell when an
    actor cell meets an `actors` constraint it cannot be folded into).
    """
    date_from: date | None = None
    date_to: date | None = None
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    review: tuple[ReviewStatus, ...] = ()
    text: str = ""
    dedupe: bool = False
    require_actors: tuple[str, ...] = ()
    include_rejected: bool = False
    min_killed: int = 0
    undated: bool = False

    def with_(self, **changes) -> "Filter":
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return self == Filter(dedupe=self.dedupe, include_rejected=self.include_rejected)

    @property
    def counts_rejected(self) -> bool:
        """Rejected reports count only when asked for: the toggle, or the review filter naming them."""
        return self.include_rejected or "rejected" in self.review


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One line of the timeline."""
    id: str
    date: date | None
    place_name: str
    place_pcode: str | None
    admin1: str | None
    event_type: str
    sub_event_type: str
    actors: tuple[str, ...]
    killed: int
    wounded: int
    review: ReviewStatus
    cluster_id: str
    corrected: bool = False     # a person corrected some field (the values shown are the corrected ones)


@dataclass(frozen=True, slots=True)
class Cursor:
    """Keyset position after a row: (date, id) in the sort order of the page it came from."""
    date: date | None
    id: str


@dataclass(frozen=True, slots=True)
class Totals:
    incidents: int      # reports (incident rows) matching the filter
    clusters: int       # de-duplicated incidents
    killed: int
    wounded: int
    killed_dedup: int   # of the report that stands for each cluster (the one with the most killed)
    wounded_dedup: int
    undated: int = 0    # reports without a date (each is its own cluster, so as many incidents)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    key: str            # pcode / actor id / event type / ISO week start / YYYY-MM / YYYY
    label: str          # human label (Arabic place name, actor name, …)
    incidents: int
    killed: int
    wounded: int


@dataclass(frozen=True, slots=True)
class Facet:
    key: str            # pcode or actor id or event type
    label: str          # Arabic name for places; English name for actors
    label_ar: str
    count: int
    level: int = 0      # 0 governorate, 1 district/town (for indenting place lists)


@dataclass(frozen=True, slots=True)
class Review:
    status: ReviewStatus
    note: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction of one field (values in the text form of store.corrections)."""
    field: CorrectionField
    before: str
    after: str
    note: str
    at: datetime


@dataclass(frozen=True, slots=True)
class VictimRow:
    name: str
    hometown: str | None
    outcome: str
    actor: str | None


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One place on the map: the incidents of a filter there, and the event type most of them are."""
    key: str            # the incidents' place key (a P-code, or "name:" + folded name)
    name: str
    lat: float
    lon: float
    admin1: str | None  # governorate P-code
    event_type: str
    incidents: int
    killed: int


@dataclass(frozen=True, slots=True)
class Governorate:
    pcode: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    bounds: tuple[float, float, float, float]   # south, north, west, east of its communities


VictimOrder = Literal["date", "name", "hometown"]


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One named person in the victims register, with the incident they were named in."""
    name: str
    outcome: str
    hometown: str | None
    date: date | None
    place_name: str
    side: str | None
    review: ReviewStatus
    incident_id: str


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    row: IncidentRow
    date_end: date | None
    date_precision: str
    admin2: str | None
    lat: float | None
    lon: float | None
    victims: tuple[VictimRow, ...]
    evidence: str
    evidence_spans: tuple[tuple[int, int], ...]   # offsets into article_text
    article_id: str
    article_title: str | None
    article_outlet: str | None
    article_url: str | None
    article_published: date
    article_text: str
    reviews: tuple[Review, ...]                   # newest first
    same_cluster: tuple[IncidentRow, ...] = field(default=())  # other reports of the same incident
    corrections: tuple[Correction, ...] = field(default=())    # newest first


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote: `rows` incidents, `no_geometry` of them (GeoJSON) without coordinates,
    written with a null geometry; `bom`: a csv with a byte-order mark (--excel)."""
    rows: int
    fmt: str
    no_geometry: int = 0
    bom: bool = False

    def describe(self, path: object) -> str:
        kind = f"{self.fmt}, with a byte-order mark for spreadsheets" if self.bom else self.fmt
        said = f"wrote {self.rows:,} incidents to {path} ({kind})"
        if self.no_geometry:
            said += f"; {self.no_geometry:,} have no coordinates and have a null geometry"
        return said


@dataclass(frozen=True, slots=True)
class IngestReport:
    added: int                      # articles stored
    skipped_duplicates: int         # articles already in the store (same content hash)
    failed: tuple[str, ...]         # "file:line: reason" (or "article-id: reason")
    incidents: int                  # incidents stored
    reviews_moved: int = 0          # reviewed incidents of changed articles whose reviews followed them
    reviews_orphaned: int = 0       # reviewed incidents of changed articles that are gone (reviews kept)
