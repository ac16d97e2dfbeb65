"""extract_article: one Arabic article -> the incidents it reports (GUIDE.md).

The article is read clause by clause, in order, keeping a *narrative* day and place: a clause
that names no day or place continues the last one the text gave ("وتدور حاليا معارك في وسط
المدينة" is still Albukamal on Friday). Each clause with an event trigger becomes a candidate
(date, place, event type); a clause with only a casualty figure or names adds them to the
candidate it follows. Candidates with the same (day, place, type) are one incident (GUIDE rule 2).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from extract.actors import ActorMention, find_actors
from extract.dates import DateMention, find_dates
from extract.events import (EVENT_PRIORITY, REPORTING, STATE_FORCES, Casualty, Trigger, cause_start,
                            clause_words, clauses, find_casualties, find_triggers, gravest, is_accident, is_denied,
                            is_undated, modal_before, negated, word_forms)
from extract.model import Article, Incident, Place, Span, Victim
from extract.numbers import find_quantities
from extract.places import PlaceMention, find_places
from extract.text import Folded, fold, sentences
from extract.victims import VictimMention, find_victims

SYRIA = Place(name="سوريا")
MAX_AGE = timedelta(days=30)       # GUIDE rule 9
MAX_RANGE = timedelta(days=120)    # a longer "since …" total is a whole-war figure (rule 1)
_TOKEN = re.compile(r"[^\W_]+")
_PERSON_BEFORE_FROM = frozenset(
    "ابناء اهالي سكان شاب شابين شابا شبان عنصر عناصر مدني مدنيا مدنيين مدنيون طفل طفلا اطفال "
    "قيادي مقاتل مقاتلين مقاتلا رجل رجال امراه نساء اشخاص شخص شخصا مهجرين نازحين عائلات عائله "
    "المتحدر المنحدر ينحدر وعائلاتهم ومدنيين".split())
_AWAY = frozenset("من باتجاه نحو بين وبين اطراف".split())
_SHORT_QUOTE = re.compile(r"[\"“«]((?:[^\"“”«»\s]+\s?){1,4})[\"”»]")
_FOREIGN = frozenset(
    "اسراييل لبنان العراق تركيا الاردن هاتاي فلسطين الجليل صفد طبريا الاقليم ايران روسيا".split())


@dataclass
class _Candidate:
    order: int
    date: date | None
    date_end: date | None
    level: int                     # 2: the text dates this event; 1: carried from a dated one; 0: assumed
    place: Place
    event_type: str
    subs: set[str]
    actors: list[str] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    evidence: list[tuple[int, int]] = field(default_factory=list)
    civilians: bool = False

    def key(self) -> tuple[object, ...]:
        return (self.date, _place_key(self.place), self.event_type)


def _place_key(p: Place) -> str:
    return p.pcode or p.name


def extract_article(article: Article) -> list[Incident]:
    """The incidents an article reports, in text order. Deterministic; total on any text."""
    f = fold(article.text)
    return _Reader(f, article.published).read()


class _Reader:
    def __init__(self, f: Folded, published: date) -> None:
        self.f = f
        self.text = f.text
        self.published = published
        self.quantities = find_quantities(f)
        self.actors = find_actors(self.text)
        names = [m.span(1) for m in _SHORT_QUOTE.finditer(self.text)]
        # a short quoted name ("تجمع أحرار حوران", an outlet or a group) is not where anything happened
        self.places = [p for p in find_places(self.text) if not any(a <= p.start < b for a, b in names)]
        self.dates = [d for d in find_dates(self.text, published) if d.date is not None]
        self.cur_date: date | None = published     # the lead of a news report is the day's news
        self.cur_level = 0
        self.cur_place: Place | None = None
        self.candidates: list[_Candidate] = []
        self.last: _Candidate | None = None
        self.last_sentence = -10

    # -- reading --------------------------------------------------------------------------------

    def read(self) -> list[Incident]:
        for n, (s0, s1) in enumerate(sentences(self.text)):
            words = clause_words(self.text, s0, s1)
            if is_accident(words):
                self.last = None
                continue
            denied = is_denied(words)
            parts = clauses(self.text, s0, s1)
            sentence_dates = [d for d in self.dates if s0 <= d.start < s1 and not self._report_date(d, s0)]
            for c0, c1 in parts:
                self._clause(n, s0, s1, c0, c1, sentence_dates, denied)
        return self._finish()

    def _clause(self, n: int, s0: int, s1: int, c0: int, c1: int,
                sentence_dates: list[DateMention], denied: bool) -> None:
        text = self.text
        words = clause_words(text, c0, c1)
        triggers = [t for t in find_triggers(text, c0, c1)
                    if not modal_before(text, c0, t.start) and not negated(text, t.start, 2)]
        if denied:
            triggers = []
        cut = cause_start(text, c0, c1)
        if any(t.start < cut and t.kind == "strong" for t in triggers):
            triggers = [t for t in triggers if t.start < cut]
        actors = [m for m in self.actors if c0 <= m.start < c1 and not negated(text, m.start, 5)]
        casualties = find_casualties(text, c0, c1, self.quantities)
        home = self.cur_place
        victims = find_victims(self.f, c0, c1, actors, (home.admin1 if home else None),
                               home.name if home else None)
        places = self._event_places(c0, c1, [v.end for v in victims])
        if any(w in _FOREIGN for w in words) and not places:
            return
        date_, date_end, level, ok = self._date_for(c0, c1, words, sentence_dates)
        if places:
            self.cur_place = places[0]
        if not ok:
            return
        etype, subs = _classify(triggers)
        if etype is None:
            if (casualties or victims) and self.last is not None and n - self.last_sentence <= 2:
                self._attach(self.last, s0, s1, actors, casualties, victims, triggers)
            return
        if etype == "battles" and subs & {"non-state-actor-overtakes-territory"}:
            agent = self._agent(actors, s0, c0)
            if agent in STATE_FORCES:
                subs = (subs - {"non-state-actor-overtakes-territory"}) | {"government-regains-territory"}
        targets = places or ([self.cur_place] if self.cur_place else [SYRIA])
        for k, place in enumerate(targets):
            cand = _Candidate(len(self.candidates), date_, date_end, level, place, etype, set(subs))
            self._attach(cand, s0, s1, actors if actors else self._sentence_actors(s0, s1),
                         casualties if k == 0 else [], victims if k == 0 else [], triggers)
            self.candidates.append(cand)
            self.last = cand
        self.last_sentence = n

    def _attach(self, cand: _Candidate, s0: int, s1: int, actors: list[ActorMention],
                casualties: list[Casualty], victims: list[VictimMention], triggers: list[Trigger]) -> None:
        for m in actors:
            if m.actor_id not in cand.actors:
                cand.actors.append(m.actor_id)
        cand.casualties.extend(casualties)
        cand.civilians |= any(c.civilian for c in casualties)
        abducted = cand.event_type == "violence-against-civilians" and \
            "abduction-forced-disappearance" in cand.subs
        killed = any(c.outcome == "killed" for c in casualties)
        wounded = any(c.outcome == "wounded" for c in casualties)
        for v in victims:
            outcome = "abducted" if abducted and not killed else (
                "wounded" if wounded and not killed else "killed")
            cand.victims.append(Victim(v.victim.name, v.victim.hometown, outcome, v.victim.actor))
        if (s0, s1) not in cand.evidence:
            cand.evidence.append((s0, s1))

    def _sentence_actors(self, s0: int, s1: int) -> list[ActorMention]:
        return [m for m in self.actors if s0 <= m.start < s1 and not negated(self.text, m.start, 5)]

    def _agent(self, actors: list[ActorMention], s0: int, c0: int) -> str | None:
        if actors:
            return actors[0].actor_id
        before = [m for m in self.actors if s0 <= m.start < c0]
        return before[-1].actor_id if before else None

    # -- places ---------------------------------------------------------------------------------

    def _event_places(self, c0: int, c1: int, name_ends: list[int]) -> list[Place]:
        """Where the clause's event happened: not hometowns (شابين من جاسم، “فلان” من قرية برقا),
        and origins or directions (من، باتجاه، بين) only when nothing else is named."""
        text = self.text
        mentions = [m for m in self.places if c0 <= m.start < c1]
        near: list[PlaceMention] = []
        away: list[PlaceMention] = []
        homes: list[PlaceMention] = []
        prev_role: str | None = None
        prev_end = -100
        for m in mentions:
            before = _TOKEN.findall(text, max(c0, m.start - 40), m.start)[-3:]
            gap = text[prev_end:m.start] if prev_end >= 0 else ""
            if prev_role is not None and m.start - prev_end <= 14 and _is_locator_gap(gap):
                role = prev_role                           # "دوما في الغوطة الشرقية", "جاسم شمالي درعا"
            elif any(0 <= m.start - e <= 24 for e in name_ends):
                role = "home"
            else:
                role = _role(before)
            (homes if role == "home" else away if role == "away" else near).append(m)
            prev_role, prev_end = role, m.end
        chosen = near or away
        chosen = _most_precise(chosen)
        out: list[Place] = []
        for m in chosen:
            p = _incident_place(m)
            if all(_place_key(p) != _place_key(q) for q in out):
                out.append(p)
        return out

    # -- dates ----------------------------------------------------------------------------------

    def _report_date(self, d: DateMention, s0: int) -> bool:
        """A day right after a reporting verb ("أعلن المرصد، الجمعة، أن …") dates the report."""
        before = _TOKEN.findall(self.text, max(s0, d.start - 60), d.start)[-6:]
        if not any(f in REPORTING for w in before for f in word_forms(w)):
            return False
        return not find_triggers(self.text, max(s0, d.start - 60), d.start)

    def _date_for(self, c0: int, c1: int, words: list[str], sentence_dates: list[DateMention]
                  ) -> tuple[date | None, date | None, int, bool]:
        """(date, date_end, level (see _Candidate), keep): the clause's own day, else the
        sentence's, else none if the text says "days ago"/"last week", else the narrative day."""
        own = [d for d in sentence_dates if c0 <= d.start < c1]
        for pool in (own, sentence_dates):
            days = [d for d in pool if d.precision == "day"]
            if days:
                d = days[0]
                start, end = d.date, d.date_end
                if self._since(d, c0):
                    start, end = d.date, self.published
                    if end - start > MAX_RANGE:
                        return None, None, 2, False
                assert start is not None
                if (end or start) < self.published - MAX_AGE or start > self.published:
                    return None, None, 2, False
                if end == start:
                    end = None
                if end is None:
                    self.cur_date, self.cur_level = start, 2
                return start, end, 2, True
            coarse = [d for d in pool if d.precision in ("week", "month", "year")]
            if coarse and pool is own:
                d = coarse[0]
                last = d.date_end or d.date
                if last is not None and last < self.published - MAX_AGE:
                    return None, None, 2, False
                return None, None, 2, True
        if is_undated(words):
            return None, None, 2, True
        return self.cur_date, None, min(self.cur_level, 1), True

    def _since(self, d: DateMention, c0: int) -> bool:
        before = _TOKEN.findall(self.text, max(c0, d.start - 60), d.start)
        return "منذ" in before

    # -- incidents ------------------------------------------------------------------------------

    def _finish(self) -> list[Incident]:
        groups = _merge(self.candidates)
        groups = _subtract_summaries(groups)
        return [self._incident(g) for g in groups]

    def _incident(self, c: _Candidate) -> Incident:
        killed, wounded = _toll(c.casualties)
        actors = list(c.actors)
        if c.civilians and "civilians" not in actors:
            actors.append("civilians")
        spans = []
        for s0, s1 in sorted(c.evidence):
            o0, o1 = self.f.span(s0, s1)
            spans.append(Span(o0, o1, self.f.orig[o0:o1]))
        victims: list[Victim] = []
        for v in c.victims:
            if all(v.name != w.name for w in victims):
                victims.append(v)
        return Incident(
            date=c.date, date_end=c.date_end, place=c.place, event_type=c.event_type,
            sub_event_type=gravest(c.subs, c.event_type), actors=tuple(actors),
            killed=killed, wounded=wounded, victims=tuple(victims), evidence=tuple(spans),
            date_precision="day" if c.date else "none")


def _role(before: list[str]) -> str:
    """near: the event is there (في، ب، على …); away: origin/direction; home: someone's hometown."""
    if not before:
        return "near"
    cues = {"قريه", "مدينه", "بلده", "محافظه", "منطقه", "حي", "مخيم", "بلدتي", "قريتي", "مدينتي",
            "ريف", "بلدات", "قري", "مدن"}
    k = len(before) - 1
    while k >= 0 and before[k] in cues:
        k -= 1
    if k < 0:
        return "near"
    w = before[k]
    if w in ("من", "ومن"):
        prev = before[k - 1] if k >= 1 else ""
        if any(f in _PERSON_BEFORE_FROM for f in word_forms(prev)) or prev.endswith(("ين", "ون")):
            return "home"
        return "away"
    if w in _AWAY or w in ("باتجاه", "بلدتي"):
        return "away"
    return "near"


def _is_locator_gap(gap: str) -> bool:
    words = _TOKEN.findall(gap)
    return len(words) <= 2 and all(w in ("في", "ب", "بريف", "ريف", "شمالي", "جنوبي", "شرقي", "غربي",
                                          "شمال", "جنوب", "شرق", "غرب", "بمحافظه", "محافظه")
                                   for w in words)


_LEVEL_RANK = {"neighbourhood": 0, "community": 1, "admin3": 2, "admin2": 3, "region": 4, "admin1": 5}


def _most_precise(ms: list[PlaceMention]) -> list[PlaceMention]:
    """Drop a district/region/governorate that only locates a more precise place in the clause."""
    out = []
    for m in ms:
        finer = [o for o in ms if _LEVEL_RANK.get(o.level, 9) < _LEVEL_RANK.get(m.level, 9)
                 and o.place.admin1 == m.place.admin1]
        if not finer:
            out.append(m)
    return out


def _incident_place(m: PlaceMention) -> Place:
    """A neighbourhood belongs to its city; "ريف X" is X's countryside, not the governorate."""
    p = m.place
    if m.level == "admin1" and m.cue and m.cue.startswith("ريف"):
        return Place(name="ريف " + p.name, pcode=None, admin1=p.admin1, lat=p.lat, lon=p.lon)
    return p


def _classify(triggers: list[Trigger]) -> tuple[str | None, set[str]]:
    strong = [t for t in triggers if t.kind == "strong"]
    if strong:
        strong += [t for t in triggers if t.kind == "escalate"]
    pool = strong or [t for t in triggers if t.kind == "weak"]
    if not pool:
        return None, set()
    etype = min((t.event_type for t in pool), key=EVENT_PRIORITY.index)
    subs = {t.sub_event_type for t in pool if t.event_type == etype}
    subs |= {t.sub_event_type for t in triggers if t.kind == "modifier" and t.event_type == etype}
    return etype, subs


def _merge(cands: list[_Candidate]) -> list[_Candidate]:
    """One incident per (day, place, type); a carried-over or missing day joins the one incident
    of that place and type whose day the text gave, if there is exactly one."""
    by_key: dict[tuple[object, ...], _Candidate] = {}
    for c in cands:
        if c.key() in by_key:
            _absorb(by_key[c.key()], c)
        else:
            by_key[c.key()] = c
    groups = list(by_key.values())
    for c in [g for g in groups if g.level == 0 or g.date is None]:
        mates = [g for g in groups if g is not c and g.level > 0 and g.date is not None
                 and _place_key(g.place) == _place_key(c.place) and g.event_type == c.event_type]
        if len(mates) == 1:
            _absorb(mates[0], c)
            groups.remove(c)
    return sorted(groups, key=lambda g: g.order)


def _absorb(into: _Candidate, c: _Candidate) -> None:
    into.level = max(into.level, c.level)
    into.subs |= c.subs
    for a in c.actors:
        if a not in into.actors:
            into.actors.append(a)
    into.casualties.extend(c.casualties)
    into.victims.extend(c.victims)
    into.civilians |= c.civilians
    for e in c.evidence:
        if e not in into.evidence:
            into.evidence.append(e)


def _subtract_summaries(groups: list[_Candidate]) -> list[_Candidate]:
    """A lead total for a governorate/region ("32 civilians in Deir ez-Zor in 24 hours") restates
    the incidents at its towns: keep only what the towns do not account for."""
    out = []
    for g in groups:
        finer = [h for h in groups if h is not g and h.event_type == g.event_type
                 and h.place.pcode and g.place.admin1 and h.place.admin1 == g.place.admin1
                 and _is_coarse(g.place) and not _is_coarse(h.place) and h.date_end is None
                 and g.date_end is None]
        if finer:
            k, w = _toll(g.casualties)
            fk = sum(_toll(h.casualties)[0] for h in finer)
            fw = sum(_toll(h.casualties)[1] for h in finer)
            if k <= fk and w <= fw:
                for h in finer[:1]:
                    for a in g.actors:
                        if a not in h.actors:
                            h.actors.append(a)
                continue
            g.casualties = [Casualty(0, 0, "killed", max(0, k - fk)),
                            Casualty(0, 0, "wounded", max(0, w - fw))]
        out.append(g)
    return out


def _is_coarse(p: Place) -> bool:
    return p.pcode is None or not p.pcode.startswith("C")


def _toll(cs: list[Casualty]) -> tuple[int, int]:
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
