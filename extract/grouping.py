"""Candidates -> incidents: one per (day, place, event type) (GUIDE rule 2), and their tolls.

A candidate is what one clause reports; the merge passes decide which candidates are the same
incident told twice (a headline and its lead, a cause named in passing, an assumed day and the day
the text gives, a running total and a mention of the same fighting), and a governorate-wide lead
total is cut down to what its towns' incidents do not account for.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date

from extract.events import Casualty
from extract.model import Place, Victim

SYRIA = Place(name="سوريا")


@dataclass
class Candidate:
    order: int
    date: datetime.date | None
    date_end: datetime.date | None
    level: int                     # 2: the text dates this event; 1: carried from a dated one; 0: assumed
    place: Place
    event_type: str
    subs: set[str]
    actors: list[str] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    named_dead: set[str] = field(default_factory=set)   # names whose death the text tells (قتل الشاب …)
    named_wounded: set[str] = field(default_factory=set)   # and whose wounding (أصيب الطفل …)
    evidence: set[tuple[int, int]] = field(default_factory=set)   # sentence spans
    civilians: bool = False
    headline: bool = False         # from the headline: restates the body, adds no incident of its own
    inherited: bool = False        # the clause named no place: it has the narrative's

    def key(self) -> tuple[object, ...]:
        return (self.date, place_key(self.place), self.event_type)


def place_key(p: Place) -> str:
    return p.pcode or p.name


def merge(cands: list[Candidate]) -> list[Candidate]:
    """One incident per (day, place, type). An assumed day (level 0) joins the one incident of that
    place and type whose day the text gave, an undated mention the one running total of that place
    and type, a lead with no place the first incident of its day and type."""
    by_key: dict[tuple[object, ...], Candidate] = {}
    for c in cands:
        if c.key() in by_key:
            _absorb(by_key[c.key()], c)
        else:
            by_key[c.key()] = c
    groups = list(by_key.values())

    def same(g: Candidate, c: Candidate) -> bool:
        return g is not c and place_key(g.place) == place_key(c.place) and g.event_type == c.event_type

    for c in [g for g in groups if g.headline]:     # the headline names an incident of the body
        mates = [g for g in groups if same(g, c) and not g.headline]
        if mates:                         # its actors may belong to the headline's other event
            mates[0].evidence |= c.evidence
        # a lead telling the risen toll before the event ("ارتفعت حصيلة القتلى … إلى 16"، then
        # "هاجم المسلحون حاجزاً في قرية …") left it and its names on the headline: they are the
        # event's, the first of its kind the body places in the headline's governorate (a plain
        # sum, "أسفرت الحوادث عن مقتل خمسة", restates the body's incidents)
        told = mates or [g for g in groups if g.event_type == c.event_type and not g.headline
                         and g.place.admin1 == c.place.admin1 and g.date_end is None]
        if told:
            told[0].casualties.extend(x for x in c.casualties if x.cumulative)
            _take_names(told[0], c)
        groups.remove(c)
    for c in [g for g in groups if g.level < 0]:    # a cause named in passing: the event it names
        mates = [g for g in groups if same(g, c) and g.order < c.order and g.level >= 0]
        if mates:
            _absorb(mates[-1], c)
        if mates or c.level < -1:
            groups.remove(c)
    for c in [g for g in groups if g.level == 0 and g.date is not None]:
        # an assumed day gives way to the day the text gave, or to "في وقت سابق" for the same event
        mates = [g for g in groups if same(g, c) and g.level > 0 and g.date_end is None]
        if len(mates) == 1:
            _absorb(mates[0], c)
            groups.remove(c)
    for c in [g for g in groups if g.date is None and g.place != SYRIA]:
        mates = [g for g in groups if same(g, c) and g.date_end is not None]   # "منذ أيام" in a total
        if not mates and c.place.pcode and _is_coarse(c.place):
            # "خطفوا خلال مداهمة مسلحي التنظيم لمنطقة السويداء الأسبوع الماضي": the one incident of
            # that type the article dates at a town of the governorate, told again loosely
            mates = [g for g in groups if g.event_type == c.event_type and g.date is not None
                     and g.place.admin1 == c.place.admin1 and not _is_coarse(g.place) and not g.inherited]
        if len(mates) == 1:
            _absorb(mates[0], c)
            groups.remove(c)
    for c in [g for g in groups if g.inherited]:
        def retells(g: Candidate) -> bool:
            return g.event_type == c.event_type and g.date == c.date and not g.inherited \
                and place_key(g.place) != place_key(c.place) and g.place.admin1 == c.place.admin1
        # "بدأ التنظيم شن هجمات مضادة … في المنطقة" then "يواصل هجماته المضادة في منطقة هجين": the
        # fighting the next incident names, not more fighting across the governorate
        nxt = min((g for g in groups if g.order > c.order), key=lambda g: g.order, default=None)
        if nxt is not None and retells(nxt):
            _absorb(nxt, c)
            groups.remove(c)
            continue
        # else, with no figure of its own, "… إن المسلحين خطفوا رهائن" retells the abduction of
        # that day told before: it adds the sentence, not new sides
        before = max((g for g in groups if g.order < c.order and retells(g)), key=lambda g: g.order, default=None)
        if before is not None and not c.casualties:
            before.evidence |= c.evidence
            _take_names(before, c)
            groups.remove(c)
    for c in [g for g in groups if g.place == SYRIA]:  # a lead with no place: the first incident of its day
        mates = [g for g in groups if g.place != SYRIA and g.date == c.date and g.event_type == c.event_type]
        if mates:
            _absorb(mates[0], c)
            groups.remove(c)
    return sorted(groups, key=lambda g: g.order)


def fold_arrests(groups: list[Candidate]) -> list[Candidate]:
    """Arrests at the place and on the day of a battle were made in it ("عملية إنزال جوي …
    اعتقلت خلالها ثلاثة … اشتباكاً قصيراً دار مع أحد المطلوبين"): one incident, the battle."""
    battles: dict[tuple[date | None, str], Candidate] = {(g.date, place_key(g.place)): g for g in groups if g.event_type == "battles" and g.date}
    out = []
    for g in groups:
        fight = battles.get((g.date, place_key(g.place)))
        if fight is not None and g.event_type == "strategic-developments" and g.subs == {"arrests"}:
            subs = fight.subs
            _absorb(fight, g)
            fight.subs = subs
            continue
        out.append(g)
    return out


def _absorb(into: Candidate, c: Candidate) -> None:
    into.level = max(into.level, c.level)
    if into.headline and not c.headline:   # a headline names two events at once: the body's kind wins
        into.subs = set(c.subs)
    elif c.headline == into.headline:
        into.subs |= c.subs
    into.headline = into.headline and c.headline
    for a in c.actors:
        if a not in into.actors:
            into.actors.append(a)
    into.casualties.extend(c.casualties)
    _take_names(into, c)
    into.civilians |= c.civilians
    into.evidence |= c.evidence


def _take_names(into: Candidate, c: Candidate) -> None:
    """The people c names, and which of them its text names as killed or wounded."""
    into.victims.extend(c.victims)
    into.named_dead |= c.named_dead
    into.named_wounded |= c.named_wounded


def subtract_summaries(groups: list[Candidate]) -> list[Candidate]:
    """A lead total for a governorate/region ("32 civilians in Deir ez-Zor in 24 hours") restates
    the incidents at its towns: keep only what the towns do not account for."""
    out = []
    for g in groups:
        finer = [h for h in groups if h is not g and h.event_type == g.event_type
                 and h.place.pcode and g.place.admin1 and h.place.admin1 == g.place.admin1
                 and _is_coarse(g.place) and not _is_coarse(h.place) and h.date_end is None
                 and g.date_end is None]
        k, w = toll(g.casualties)
        if finer and k + w > 0:
            fk = sum(toll(h.casualties)[0] for h in finer)
            fw = sum(toll(h.casualties)[1] for h in finer)
            if k <= fk and w <= fw:
                for a in g.actors:
                    if a not in finer[0].actors:
                        finer[0].actors.append(a)
                continue
            g.casualties = [Casualty(0, 0, "killed", max(0, k - fk)),
                            Casualty(0, 0, "wounded", max(0, w - fw))]
        out.append(g)
    return out


def _is_coarse(p: Place) -> bool:
    """Governorate-, region- or countryside-wide; a place known to its district ("قرى شمال غرب
    البوكمال") is not, though it has no code."""
    return not p.pcode.startswith("C") if p.pcode else p.admin2 is None


def toll(cs: list[Casualty]) -> tuple[int, int]:
    """Conservative killed/wounded: a repeated figure is one restatement; a cumulative "rose to N"
    replaces the partial figures; a vague one (عدد من، عشرات) counts only without a precise one."""
    out = []
    for outcome in ("killed", "wounded"):
        cs_o = [c for c in cs if c.outcome == outcome]
        cum = [c for c in cs_o if c.cumulative]
        pool = cum or cs_o
        precise = [c for c in pool if not c.vague]
        pool = precise or pool
        out.append(sum(set(c.value for c in pool)))
    return out[0], out[1]
