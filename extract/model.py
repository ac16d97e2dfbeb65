"""The contract between extract, store and tui: frozen dataclasses, no behaviour beyond (de)serialising.

Offsets in `Span` are character offsets into `Article.text` exactly as published (before
normalisation), so evidence can be highlighted in the source.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

# Publication dates outside these years are typos or attacks (and push "yesterday"/"tomorrow" past
# what a date can hold); they are refused with the line that carries them.
MIN_YEAR, MAX_YEAR = 1900, 2100
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", re.S)



def parse_published(value: object) -> date:
    """A publication date: `YYYY-MM-DD`, or an ISO date-time whose date part is the day, as written
    (`2018-10-16T23:30:00-05:00` is the 16th: the writer's "اليوم" and "أمس" count from the writer's
    own day, GUIDE.md rule 4; converting to Damascus time moved relative dates a day for articles
    filed late in the evening and cost 0.107 dev strict F1). ValueError with a readable reason
    otherwise."""
    text = str(value).strip()
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"bad 'published' date {value!r} (want YYYY-MM-DD or an ISO date-time)") from None
    if not MIN_YEAR <= when.year <= MAX_YEAR:     # checked first: converting year 9999 could overflow
        raise ValueError(f"'published' year {when.year} is outside {MIN_YEAR}–{MAX_YEAR}")
    return when.date()


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    published: date
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> "Article":
        """Build from a JSONL row (GUIDE.md input); raises ValueError with a readable reason."""
        if not isinstance(row, dict):
            raise ValueError("an article must be a JSON object")
        for key in ("id", "published", "text"):
            if row.get(key) in (None, ""):
                raise ValueError(f"missing field {key!r}")
        if not isinstance(row["text"], str):
            raise ValueError("field 'text' must be a string")
        published = parse_published(row["published"])
        opt = {k: (str(row[k]) if row.get(k) is not None else None) for k in ("title", "url", "outlet")}
        return cls(id=str(row["id"]), published=published, text=row["text"], **opt)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original article text: text == article.text[start:end]."""
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Place:
    name: str                     # Arabic, as resolved (gazetteer spelling)
    pcode: str | None = None      # OCHA community code C#### or admin P-code SY....
    admin1: str | None = None     # governorate (Arabic)
    admin2: str | None = None     # district (Arabic)
    lat: float | None = None
    lon: float | None = None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class Victim:
    name: str
    hometown: str | None = None
    outcome: str = "killed"       # killed | wounded | abducted | arrested
    actor: str | None = None      # actor id the victim belonged to, if said


@dataclass(frozen=True, slots=True)
class Incident:
    date: datetime.date | None
    place: Place
    event_type: str
    sub_event_type: str
    actors: tuple[str, ...] = ()
    killed: int = 0
    wounded: int = 0
    victims: tuple[Victim, ...] = ()
    evidence: tuple[Span, ...] = ()
    date_end: datetime.date | None = None
    date_precision: str = "day"   # day | month | year | none

    @property
    def evidence_text(self) -> str:
        return " … ".join(s.text for s in self.evidence)

    def to_guide(self) -> dict[str, Any]:
        """The output format of ../shared/eval/GUIDE.md (extra keys are allowed there)."""
        return {
            "date": self.date.isoformat() if self.date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_precision": self.date_precision,
            "place": asdict(self.place),
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actors": list(self.actors),
            "killed": self.killed,
            "wounded": self.wounded,
            "victims": [asdict(v) for v in self.victims],
            "evidence": self.evidence_text,
            "evidence_spans": [[s.start, s.end] for s in self.evidence],
        }
