"""extract_article: one Arabic article -> the incidents it reports (GUIDE.md).

The article is read clause by clause, in order, keeping a *narrative* day and place: a clause
that names no day or place continues the last one the text gave ("وتدور حاليا معارك في وسط
المدينة" is still Albukamal on Friday). Each clause with an event trigger becomes a candidate
(date, place, event type); a clause with only a casualty figure or names adds them to the
candidate it follows. Candidates with the same (day, place, type) are one incident (GUIDE rule 2).
"""
from __future__ import annotations

import gc
import re
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Generic, Iterator, Protocol, TypeVar

from extract.actors import ActorMention, find_actors
from extract.dates import DateMention, find_dates
from extract.events import (ACCIDENT_CUE, CAME, CASUALTY_CUE, CAUSE_CUE, DENIAL_CUE, EVENT_PRIORITY, MODAL_CUE,
                            OPENER_CUE, PURPOSE_CUE, REPORTING, SOURCE_CUE, STATE_FORCES, UNDATED_CUE,
                            Casualty, Trigger, back_reference, cause_start, clause_words, clauses, cue_bits,
                            find_casualties, find_triggers, gravest, is_accident, is_ongoing,
                            NEGATION_WORDS, is_undated, modal_after, negated, opens_negated, outcome_near, source_spans,
                            undated_spans, word_forms)
from extract.grouping import SYRIA, Candidate, fold_arrests, merge, place_key, subtract_summaries, toll
from extract.model import Article, Incident, Place, Span, Victim
from extract.numbers import find_quantities, person_noun
from extract.place_roles import PLACE_CUES, beyond_border, is_locator_gap, metonym, most_precise, occupied, role_of
from extract.places import PlaceMention, find_places
from extract.scope import ArticleView, features, in_scope, probability
from extract.text import Folded, fold, sentences, token_table
from extract.victims import VictimMention, find_victims, may_name

MAX_AGE = timedelta(days=30)       # GUIDE rule 9
TRANSITION = date(2024, 12, 8)     # the fall of the Assad government
MAX_RANGE = timedelta(days=120)    # a longer "since …" total is a whole-war figure (rule 1)
_TOKEN = re.compile(r"[^\W_]+")
_ANAPHORIC_PLACE = re.compile(r"(?:في|على|علي|الى|الي|ب|دوار|مدخل|اطراف|وسط|محيط|قرب"
                              r"|(?<![^\W\d_])(?:شمالي|جنوبي|شرقي|غربي|شمال|جنوب|شرق|غرب))\s*ال"
                              r"(?:مدينه|بلده|قريه|منطقه|مخيم|حي|مدينتين|بلدتين|قريتين)\b(?!\s+[^\W\d_]{3,}\s)"
                              r"(?!\s+ال[^\W\d_]{2,})")   # "في المنطقة الحدودية": described, not the town just named
# (what every match of it holds: the article and the start of the noun)
_ANAPHORIC_NOUNS = ("المدين", "البلد", "القري", "المنطق", "المخيم", "الحي")


def _anaphoric_place(text: str, c0: int, c1: int) -> bool:
    """"في المدينة", "قرب دوار البلدة": the place named before; the regex only where its noun is."""
    return any(text.find(n, c0, c1) >= 0 for n in _ANAPHORIC_NOUNS) and \
        _ANAPHORIC_PLACE.search(text, c0, c1) is not None


_DIRECTIONS = frozenset("الشمالي الجنوبي الشرقي الغربي الاوسط والشمالي والجنوبي والشرقي والغربي "
                        "الشماليه الجنوبيه الشرقيه الغربيه الوسطي".split())   # (بادية حمص الشرقية)
_ANALYSIS_HEAD = re.compile(r"\s*(?:تحليل|راي|مقال راي|قراءه|وجهه نظر)\s*[:：\-–]")
_SHORT_QUOTE = re.compile(r"[\"“«]((?:[^\"“”«»\s]+\s?){1,4})[\"”»]")
# Countries and regions abroad: where an event named with no Syrian place happened ("… وسط مدينة
# الموصل شمالي العراق"); told as a side ("غارات إسرائيلية"، "روسيا") they say nothing of where.
_ABROAD = frozenset("اسراييل لبنان العراق تركيا الاردن فلسطين ايران روسيا".split())
_WHERE = frozenset("في وفي داخل شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط".split())
# Beyond the line however told: the occupied Golan, Israel's own north, its border, Turkey's Hatay
_BEYOND = frozenset("المحتل المحتله طبريا الجليل صفد هاتاي حدودها حدوده".split())


def _abroad(words: list[str]) -> bool:
    """A country abroad is named as where (after في or a compass word), or the land beyond the line."""
    return any(w in _BEYOND or w in _ABROAD and k and words[k - 1] in _WHERE for k, w in enumerate(words))


_SYRIA_PART = re.compile(r"(?:في\s+)?((?:شمال|جنوب|شرق|غرب|وسط)(?:\s+(?:شرق|غرب))?\s+سوريا)")
_ANNIVERSARY = frozenset("ذكري الذكري ذكراه ذكراها بذكري للذكري والذكري الذكرى".split())
_DESTINATION = frozenset("الي نحو باتجاه صوب".split())
_VILLAGES_OFF = re.compile(r"(?<![^\W_])(?:قري|بلدات|مناطق)\s+(?:شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي)"
                           r"(?:\s+(?:شرق|غرب|شرقي|غربي))?\s+(?:مدينه\s+|بلده\s+)?$")
_FIGHTERS = frozenset("مقاتلين مقاتلي المقاتلين مقاتلو المسلحين مسلحي مسلحين عناصر الفصايل فصايل "
                      "مقاتلا مقاتل".split())
_HIT = frozenset("استهداف استهدف استهدفت مقتل قتل اصابه اصيب متطوع متطوعين".split())
_UNARMED = frozenset({"civilians", "civil-defense"})
_PLANTED = re.compile(r"عبوه|مفخخ|ناسف")
_STRIKES_ON_THE_STATE = frozenset({"us-led-coalition", "israel-forces"})
_THE_STATES_ALLIES = frozenset({"iran-backed-militias", "hezbollah"})   # hit with it: "غارة إسرائيلية على مطار التيفور"
# Weapons only the state wielded before the transition, when the text names no one: the air force
# and its gas (the opposition had neither)
_STATE_WEAPONS = frozenset({"air-drone-strike", "chemical-weapon"})
_AIR_POWERS = frozenset({"us-led-coalition", "russia-forces", "israel-forces", "turkey-forces"})


class _HasStart(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=_HasStart)


class _Sorted(Generic[T]):
    """Mentions sorted by start, sliced by offset range in O(log n) (a 1 MB article has thousands)."""

    def __init__(self, items: list[T]) -> None:
        self.items = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def within(self, a: int, b: int) -> list[T]:
        return self.items[bisect_left(self.starts, a):bisect_left(self.starts, b)]

    def any_within(self, a: int, b: int) -> bool:
        return _first(self.starts, a, b) < b


@dataclass(frozen=True)
class _Named:
    start: int
    end: int


def extract_article(article: Article) -> list[Incident]:
    """The incidents an article reports, in text order. Deterministic; total on any text."""
    return count_once([(inc, probability(x)) for inc, x in scored_candidates(article) if in_scope(x)])


RETOLD = 10     # a figure this large told again for the same ground is one figure told twice


def count_once(kept: list[tuple[Incident, float]]) -> list[Incident]:
    """"مقتل 38 عنصراً في ضربة شرق سوريا" and, below, "38 قتيلاً في الهرى"; the same 40 dead of Douma
    under the day of the attack and under the day of the report: one toll told twice is counted
    once, on the incident the scope model is surest of. Two towns that each lost 12 keep theirs."""
    out = [inc for inc, _ in kept]
    surest = sorted(range(len(kept)), key=lambda k: -kept[k][1])
    for dead in (True, False):
        counted: list[int] = []
        for k in surest:
            n = _figure(out[k], dead)
            if n < RETOLD:
                continue
            if any(_figure(out[j], dead) == n and _same_ground(out[j].place, out[k].place) for j in counted):
                out[k] = replace(out[k], killed=0) if dead else replace(out[k], wounded=0)
            else:
                counted.append(k)
    return out


def _figure(inc: Incident, dead: bool) -> int:
    return inc.killed if dead else inc.wounded


def _same_ground(a: Place, b: Place) -> bool:
    """The same place, or one of them only a region, governorate or the country around the other."""
    return place_key(a) == place_key(b) or not (a.pcode or "").startswith("C") or not (b.pcode or "").startswith("C")


def scored_candidates(article: Article) -> list[tuple[Incident, list[float]]]:
    """Every incident the reader makes of the article, with its scope features (extract.scope),
    before the scope model keeps some: what scripts/train_scope.py learns from."""
    with _no_cycle_collection():
        f = fold(article.text)
        return _Reader(f, article.published).read()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading builds hundreds of thousands of short-lived tuples and mentions, none in a cycle;
    the collector would walk the whole heap (the gazetteer too) again and again for nothing
    (a quarter of a 1 MB article's time). Off while reading, back on after, unless it was off:
    so nesting and other threads never leave it off for good."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class _Reader:
    """One article being read: its mentions (found once, sliced per clause), the narrative day and
    place, and the candidates so far."""

    def __init__(self, f: Folded, published: date) -> None:
        self.f = f
        self.text = f.text
        self.published = published
        self.quantities = _Sorted(find_quantities(f))
        self.actors = _Sorted([_in_time(m, self.text, published) for m in find_actors(self.text)])
        names = _Sorted([_Named(*m.span(1)) for m in _SHORT_QUOTE.finditer(self.text)])
        # a short quoted name ("تجمع أحرار حوران", an outlet or a group) is not where anything happened
        self.places = _Sorted([p for p in find_places(self.text)
                               if not any(n.end > p.start for n in names.within(p.start - 200, p.start + 1))])
        self.dates = _Sorted([d for d in find_dates(self.text, published) if d.date is not None])
        self.triggers = _Sorted(find_triggers(self.text))
        # one pass over the words for the cues clauses ask about, so each clause asks in O(log n)
        tt = token_table(self.text)
        cue_of = {w: c for w in tt.distinct if (c := _cues(w))}
        self.cue_at: dict[int, list[int]] = {bit: [] for bit in _CUES}
        bits_of: dict[int, list[list[int]]] = {}     # a word's cue bits -> the lists it goes to
        for s, w in zip(tt.starts, tt.words):
            c = cue_of.get(w, 0)
            if c:
                lists = bits_of.get(c)
                if lists is None:
                    lists = bits_of[c] = [self.cue_at[bit] for bit in _CUES if c & bit]
                for at in lists:
                    at.append(s)
        self.cur_date: date | None = published     # the lead of a news report is the day's news
        self.cur_level = 0
        self.cur_place: Place | None = None
        self.candidates: list[Candidate] = []
        self.last: Candidate | None = None
        self.last_sentence = -10
        self.prev = (0, 0)                          # the sentence before: "بأنهم سيطروا" names them there
        self.headline_end = _headline_end(self.text)
        self.holes: list[tuple[int, int]] = []
        self._casualty_cache: dict[tuple[int, int], list[Casualty]] = {}
        self._source_cache: dict[int, list[tuple[int, int]]] = {}
        self._participant_cache: dict[tuple[int, int], list[ActorMention]] = {}

    # -- reading --------------------------------------------------------------------------------

    def read(self) -> list[tuple[Incident, list[float]]]:
        if _ANALYSIS_HEAD.match(self.text.lstrip().split("\n", 1)[0]):
            return []                     # "تحليل: …", "رأي: …": analysis is no report (GUIDE rule 1)
        for n, (s0, s1) in enumerate(sentences(self.text)):
            if n and _heading(self.text, s0, s1):
                continue                  # a subheading or another story's title is no report of its own
            if not (self.triggers.any_within(s0, s1) or self.places.any_within(s0, s1)
                    or self.dates.any_within(s0, s1)
                    or self._has(CASUALTY_CUE, s0, s1) or self._has(_NAME_CUE, s0, s1)
                    or self._has(ACCIDENT_CUE, s0, s1) or self._has(_CLAIM_CUE, s0, s1)):
                self.prev = (s0, s1)      # no event, toll, name, place or day: the narrative goes on
                continue
            if self._has(ACCIDENT_CUE, s0, s1) and is_accident(clause_words(self.text, s0, s1)):
                self.last = None
                continue
            denied = self._has(DENIAL_CUE, s0, s1)
            report = [d for d in self.dates.within(s0, s1) if self._report_date(d, s0)]
            # "… بعد أن خطفتهم يوم أمس الثلاثاء، …": an earlier event and its day, told in passing
            holes = _subordinates(self.text, s0, s1)
            # "… أسفر عن مقتله قبل أن يفجر حزاماً ناسفاً": what the dead man did not get to do
            unrealised = [h for h in holes if _cut_short(self.text, s0, h[0])]
            # "قُتل … بعد أن اعتدى عليه حشد غاضب": with no event outside it, it is the event
            self.holes = holes if holes and any(
                not _inside(t.start, holes) and t.kind in ("strong", "weak", "target", "generic", "defuse", "fighters")
                and not back_reference(self.text, t, s0) for t in self._triggers_in(s0, s1)) else unrealised
            every = [d for d in self.dates.within(s0, s1) if d not in report]
            sentence_dates = [d for d in every if not _inside(d.start, self.holes)]
            for a, b in self.holes:
                if (a, b) not in unrealised:
                    self._clause(n, s0, s1, a, b, every, report, denied, background=True)
            for c0, c1 in clauses(self.text, s0, s1) if self._has(OPENER_CUE, s0, s1) else [(s0, s1)]:
                # "… على خلفية اشتباكات", "منذ طرده من جنوب دمشق": the cause or the background is
                # read apart, undated, unless it carries the figures ("منذ 18 شباط … 600 قتيل").
                cut = cause_start(self.text, c0, c1) if self._has(CAUSE_CUE, c0, c1) else c1
                if cut < c1 and self._background(c0, cut, c1):
                    if self.text[c0:cut].strip():
                        self._clause(n, s0, s1, c0, cut, sentence_dates, report, denied)
                    self._clause(n, s0, s1, cut, c1, sentence_dates, report, denied, background=True)
                else:
                    self._clause(n, s0, s1, c0, c1, sentence_dates, report, denied)
            self.prev = (s0, s1)
        return self._finish()

    def _clause(self, n: int, s0: int, s1: int, c0: int, c1: int, sentence_dates: list[DateMention],
                report: list[DateMention], denied: bool, background: bool = False) -> None:
        text = self.text
        words = clause_words(text, c0, c1)
        triggers = self._triggers(c0, c1, denied, words)
        sources = self._sources(s0, s1)
        against, resumed = self._protested(c0, c1)
        casualties = self._casualties(c0, c1) if against == c1 else \
            self._casualties(c0, against) + (self._casualties(resumed, c1) if resumed < c1 else [])
        names = self._has(_NAME_CUE, c0, c1)
        # the sides matter only to an event, a toll or a name (a clause with none of them can still
        # move the narrative's place and day)
        actors = self._participants(c0, c1, sources) if triggers or casualties or names else []
        home = self.cur_place
        victims = find_victims(self.f, c0, c1, actors, (home.admin1 if home else None),
                               home.name if home else None) if names else []
        # a list of origins is each a place of the event, unless the clause moves toward a
        # destination ("دفعت بتعزيزات من إدلب وحماة نحو الساحل") and no one is leaving
        named = self._event_places(c0, c1, [v.end for v in victims], sources,
                                   not _toward(words) or any(t.sub_event_type in _DEPARTURES for t in triggers))
        places = [p for p, _ in named]
        if not places and text.find("سوري", c0, c1) >= 0:    # both patterns below name Syria
            m = _SYRIA_PART.search(text, c0, c1)
            if m and not _DESTINATION.isdisjoint(_TOKEN.findall(text, max(c0, m.start() - 25), m.start())[-3:]):
                m = None                  # "نقلهم إلى منطقة في شمال سوريا": where they went, not where it was
            if m:
                named = [(Place(name=self.f.orig[slice(*self.f.span(*m.span(1)))]), [m.start(1)])]
                places = [p for p, _ in named]
            elif _SYRIAN_TARGETS.search(text, c0, c1):
                named, places = [(SYRIA, [c0])], [SYRIA]   # "ضربات على مواقع سورية": the country, not the story's town
        if not places and _abroad(words):
            return
        if background:
            triggers = [t for t in triggers if t.kind != "weak"]
            own = [d for d in sentence_dates if c0 <= d.start < c1]
            days = [d for d in own if d.precision == "day" and d.date_end is None and not self._since(d, c0)]
            if any((d.date_end or d.date) < self.published - MAX_AGE for d in own if d.date):
                return                    # "منذ 2013": history, not news
            if days:
                day = days[0].date
                assert day is not None          # (self.dates holds dated mentions only)
                date_, date_end, level, ok = day, None, 2, day >= self.published - MAX_AGE
            else:                         # -2: "الشهر الماضي": only as a mention of an incident told here
                date_, date_end, level, ok = None, None, -2 if own or is_undated(words) else -1, True
        else:
            date_, date_end, level, ok = self._date_for(c0, c1, words, sentence_dates, report)
            if places and places[0].admin1:
                self.cur_place = places[0]
        if not ok:
            return
        etype, subs = _classify(triggers, actors, casualties)
        if etype not in (None, "protests") and not _ANNIVERSARY.isdisjoint(words):
            return                        # "في الذكرى الخامسة للهجوم الكيماوي": remembered, not news
        if etype == "violence-against-civilians" and subs == {"attack"} and casualties \
                and all(_combatants(text, c) for c in casualties) \
                and len({m.actor_id for m in actors} - _UNARMED) >= 2:
            etype, subs = "battles", {"armed-clash"}     # "قتل عنصر من الجيش الوطني برصاص قناص من قسد"
        if etype == "protests" and not places and self.cur_place is None:
            named = self._residents_of(c0, c1)
            places = [p for p, _ in named]
        if level == 2 and not background and etype is not None:
            date_ = self._day_of_verb(c0, c1, sentence_dates, triggers, etype) or date_
        if etype == "explosions" and _opened_by_bombing(text, triggers):
            etype, subs = "battles", {"armed-clash"}    # "هجوماً على السجن بدأ بتفجير سيارتين مفخختين"
        if etype is not None and not places and not casualties and (level < 2 or date_ is None) \
                and all(t.kind not in ("strong", "target", "defuse") or (_definite(text, t) and self.candidates)
                        for t in triggers):
            etype = None                  # a bare "هجوم", "القصف" with nothing of its own is no report
        if etype is None:
            if not _CLAIMED.isdisjoint(words[:8]):
                # "فيما تبنى تنظيم داعش العملية": who did the attack told before
                claimants = actors or self._participants(c0, c1, sources)
                claimed = self._claimed(None, places)
                if claimants and claimed is not None:
                    self._attach(claimed, s0, s1, claimants, [], [])
                    return
            if "منذ" in words:            # "… قُتل العشرات منذ مطلع العام": a running count, no event's,
                casualties = []           # but the dead it names are still the story's ("… المنتشرين
                if not victims:           # في المنطقة منذ أسابيع")
                    return
            if triggers and actors and self.last is not None and n - self.last_sentence <= 1 \
                    and any(t.event_type == self.last.event_type for t in triggers):
                self._attach(self.last, s0, s1, actors, [], [])   # "الغارات … تتركز على مقرات للفصائل"
            if (casualties or victims) and self.last is not None and n - self.last_sentence <= 2 \
                    and not (words and words[0] in CAME):   # "وجاء الاتفاق بعد تصعيد أسفر عن مقتل العشرات"
                self._attach(self._of_the_dead(s0, victims) or self.last,
                             s0, s1, actors, casualties, victims)
            return
        if date_end is not None and not casualties:
            return                        # "since 19 April" is only an incident as a toll
        if not _CLAIMED.isdisjoint(words[:8]):
            told = self._claimed(etype, places)
            if told is not None:
                # "وتبنى التنظيم تفجير الشحيل، زاعماً أنه أسفر عن مقتل خمسة": who did the event told
                # before; the figures are the claimant's
                self._attach(told, s0, s1, actors, [], [])
                return
        if etype == "explosions" and not places and not background and text.startswith(_AT_ONCE, c0) \
                and self.last is not None and self.last.event_type == "battles" and n - self.last_sentence <= 1:
            # "دخلت قوات النظام المدينة …، بالتزامن مع قصف مدفعي وجوي مكثف": the text ties the
            # bombardment to the ground battle (GUIDE rule 5)
            self._attach(self.last, s0, s1, actors, casualties, victims)
            return
        if etype == "battles" and not background and text.startswith(_AT_ONCE, c0) and self.last is not None \
                and self.last.event_type == "explosions" and self.last_sentence == n \
                and all(place_key(p) == place_key(self.last.place) for p in places):
            # "شن طيران التحالف غارات على مخيم الباغوز، تزامناً مع استئناف قسد هجومها البري": the
            # strikes were part of the ground battle
            self.last.event_type, self.last.subs = etype, set(subs)
            self._attach(self.last, s0, s1, actors, casualties, victims)
            return
        if etype == "violence-against-civilians" and subs == {"abduction-forced-disappearance"} \
                and self._agent(actors, s0, c0) in STATE_FORCES \
                and any(text[t.start:t.end].lstrip("و").startswith("اقتاد") for t in triggers):
            etype, subs = "strategic-developments", {"arrests"}   # taken away by the state: an arrest
        storming = [text[t.start:t.end].lstrip("وف").startswith("اقتح")
                    for t in triggers if t.event_type == "battles" and t.kind == "strong"]
        if etype == "battles" and subs == {"armed-clash"} and storming and all(storming) \
                and _one_side_on_civilians(actors, casualties):
            etype, subs = "violence-against-civilians", {"attack"}   # "اقتحموا منزلا وقتلوا ثلاثة مدنيين"
        if etype == "battles" and "non-state-actor-overtakes-territory" in subs:
            if self._agent(actors, s0, c0) in STATE_FORCES:
                subs = (subs - {"non-state-actor-overtakes-territory"}) | {"government-regains-territory"}
        targets = places or ([self.cur_place] if self.cur_place else [SYRIA])
        share = _share_casualties(casualties, [pos for _, pos in named] if named else [[0]])
        for k, place in enumerate(targets):
            cand = Candidate(len(self.candidates), date_, date_end, level, place, etype, set(subs),
                              headline=s0 < self.headline_end, inherited=not places)
            if not actors and not background:
                actors = self._sentence_actors(s0, s1) or self._sentence_actors(*self.prev)
            body = not cand.headline          # the body gives the figures a headline sums up
            self._attach(cand, s0, s1, actors, share[k] if body else [], victims if body and k == 0 else [])
            self.candidates.append(cand)
            self.last = cand
        self.last_sentence = n

    def _triggers_in(self, a: int, b: int) -> list[Trigger]:
        return [t for t in self.triggers.within(a, b) if t.end <= b]

    def _background(self, c0: int, cut: int, c1: int) -> bool:
        """Is folded[cut:c1] ("منذ طرده …", "على خلفية اشتباكات") an event in the background?
        Not when it only dates a toll ("منذ أيام", "… ارتفعت الحصيلة إلى 709 منذ بدء الحملة")."""
        if not any(t.kind in ("strong", "weak", "target") for t in self._triggers_in(cut, c1)):
            return False
        return not any(c.cumulative for c in self._casualties(c0, c1)) and not self._casualties(cut, c1)

    def _triggers(self, c0: int, c1: int, denied: bool, words: list[str]) -> list[Trigger]:
        text = self.text
        found = self._triggers_in(c0, c1)
        if not found or denied or opens_negated(words):
            return []
        out = []
        modal = _first(self.cue_at[MODAL_CUE], c0, c1)
        proviso = _PROVISO.search(text, c0, c1)     # "على أن تنسحب التعزيزات خلال 48 ساعة": a term
        if proviso:
            modal = min(modal, proviso.start())
        for t in found:
            if any(a <= t.start < b and (a, b) != (c0, c1) for a, b in self.holes):
                continue
            if modal < t.start or modal_after(text, t.end, c1) \
                    or self._negated(t.start, 3) or back_reference(text, t, c0):
                continue
            if t.kind == "fighters" and _FIGHTERS.isdisjoint(words):
                continue
            out.append(t)
        return out

    def _claimed(self, etype: str | None, places: list[Place]) -> Candidate | None:
        """The incident a claim is about: the last told (not in the headline) of the claim's own
        type and place ("وتبنى التنظيم تفجير الشحيل"), or, when it tells none ("وتبنى التنظيم
        العملية"), the last attack."""
        for c in reversed(self.candidates):
            if c.headline:
                continue
            if etype is None and c.event_type in _CLAIMABLE or c.event_type == etype and (
                    not places or place_key(c.place) == place_key(places[0])):
                return c
        return None

    def _of_the_dead(self, s0: int, victims: list[VictimMention]) -> Candidate | None:
        """Names told among the dead ("ومن بين القتلى الشاب “…”") after an incident that killed
        nobody (a curfew, the abduction that set off a clash) are the dead of the last deadly one."""
        last = self.last
        if not victims or last is None or outcome_near(self.text, s0, victims[0].start) != "killed" \
                or any(c.outcome == "killed" for c in last.casualties) or last.named_dead:
            return None
        return next((c for c in reversed(self.candidates) if any(x.outcome == "killed" for x in c.casualties)), None)

    def _attach(self, cand: Candidate, s0: int, s1: int, actors: list[ActorMention],
                casualties: list[Casualty], victims: list[VictimMention]) -> None:
        for m in actors:
            if m.actor_id not in cand.actors:
                cand.actors.append(m.actor_id)
        cand.casualties.extend(casualties)
        cand.civilians |= any(c.civilian for c in casualties) or (
            cand.event_type in ("explosions", "violence-against-civilians") and any(c.person for c in casualties))
        abducted = cand.event_type == "violence-against-civilians" and \
            "abduction-forced-disappearance" in cand.subs
        killed = any(c.outcome == "killed" for c in casualties)
        # "حالة أحدهم، الطفل “…”، خطرة": a name told with no casualty word shares the toll of the
        # clause, else of the incident (wounded when it has only wounded)
        wounded = not killed and any(c.outcome == "wounded" for c in casualties or cand.casualties) \
            and not (any(c.outcome == "killed" for c in cand.casualties) or cand.named_dead)
        arrested = cand.event_type == "strategic-developments" and "arrests" in cand.subs
        between = [(m.start, m.end) for m in self.actors.within(s0, s1)] + \
            [(d.start, d.end) for d in self.dates.within(s0, s1)] if victims else []
        counted = False                   # the name before was counted a dead man named by the killing
        for v in victims:
            told = outcome_near(self.text, s0, v.start)
            outcome = "abducted" if abducted and not killed else "arrested" if arrested and not killed else (
                told or ("wounded" if wounded else "killed"))
            cand.victims.append(Victim(v.victim.name, v.victim.hometown, outcome, v.victim.actor))
            # "قُتل الشاب “أ” من بلدة …، والشاب “ب” …": the killing names each of a list
            verbs = _KILLING if told == "killed" == outcome else _WOUNDING if told == "wounded" == outcome else None
            counted = verbs is not None and (
                _named_by(verbs, self.text, s0, v.start, between) or counted and _listed(self.text, v.start))
            if counted:
                (cand.named_dead if verbs is _KILLING else cand.named_wounded).add(v.victim.name)
        cand.evidence.add((s0, s1))

    def _participants(self, c0: int, c1: int, sources: list[tuple[int, int]]) -> list[ActorMention]:
        """Sides that acted or were hit: not the source (قال الدفاع المدني), not a negated one
        (عدم مشاركة … جيش النظام), not one after a plan or purpose (بهدف القضاء على خلايا التنظيم),
        not who controls a place (الخاضعة لسيطرة قوات موالية), not a description in brackets,
        and the civil defence only when it is hit. Once per span: a clause that names no side asks
        again for its sentence's, which is often the clause itself."""
        hit = self._participant_cache.get((c0, c1))
        if hit is None:
            hit = self._participant_cache[(c0, c1)] = self._find_participants(c0, c1, sources)
        return hit

    def _find_participants(self, c0: int, c1: int, sources: list[tuple[int, int]]) -> list[ActorMention]:
        text = self.text
        out = []
        purpose = _first(self.cue_at[PURPOSE_CUE], c0, c1)
        reporters = _reporters(text, sources)
        for m in self.actors.within(c0, c1):
            before = _TOKEN.findall(text, max(c0, m.start - 50), m.start)
            if self._negated(m.start, 5) or _inside(m.start, reporters) or purpose < m.start \
                    or (before and before[-1] in ("الي", "نحو")) or not _BORDER.isdisjoint(before[-2:]) \
                    or (before[-1:] == ["في"] and before[-2:-1] and before[-2].lstrip("و") in _FORMER) \
                    or (self._has(_CONTROL_CUE, m.start - 110, m.start) and _controlled_by(text, c0, m.start)) \
                    or text.rfind("(", c0, m.start) > text.rfind(")", c0, m.start):
                continue
            if m.actor_id == "civil-defense" and not any(
                    f in _HIT for w in before[-5:] for f in word_forms(w)):
                continue
            out.append(m)
        return out

    def _sentence_actors(self, s0: int, s1: int) -> list[ActorMention]:
        """A clause that names no side takes the armed sides of its sentence, not one that claims
        an attack in it ("…، فيما تبنى تنظيم داعش العملية": the claimant of the attack told before)."""
        return [m for m in self._participants(s0, s1, self._sources(s0, s1)) if m.actor_id != "civilians"
                and _CLAIMED.isdisjoint(_TOKEN.findall(self.text, max(s0, m.start - 20), m.start)[-2:])]

    def _agent(self, actors: list[ActorMention], s0: int, c0: int) -> str | None:
        if actors:
            return actors[0].actor_id
        before = self.actors.within(s0, c0)
        return before[-1].actor_id if before else None

    # -- places ---------------------------------------------------------------------------------

    def _event_places(self, c0: int, c1: int, name_ends: list[int], sources: list[tuple[int, int]],
                      listing: bool = False) -> list[tuple[Place, list[int]]]:
        """Where the clause's event happened: not hometowns (شابين من جاسم، “فلان” من قرية برقا),
        not the source (مصادر في مشفى حمص), and origins or directions (من، باتجاه، بين، جنوب …)
        only when nothing else is named: the first, or with `listing` every place of its list
        ("إجلاء المسلحين من زملكا وعربين وعين ترما": each left), never both ends of a "بين".
        Each place comes with the offsets where it is named."""
        text = self.text
        mentions = self.places.within(c0, c1)
        if self.holes:
            mentions = [m for m in mentions if not any(a <= m.start < b and (a, b) != (c0, c1) for a, b in self.holes)]
        near: list[tuple[PlaceMention, Place]] = []
        away: list[tuple[PlaceMention, Place]] = []
        homes: list[tuple[PlaceMention, Place]] = []
        roads: list[tuple[PlaceMention, Place]] = []
        prev_role: str | None = None
        prev_end = -100
        listed: set[int] = set()        # mentions coordinated with the one before ("من زملكا وعربين")
        between = False                 # "بين مدينة نوى وبلدة الشيخ سعد": two ends of one stretch, no list
        for m in mentions:
            before = _TOKEN.findall(text, max(c0, m.start - 40), m.start)[-3:]
            gap = text[prev_end:m.start] if prev_end >= 0 else ""
            if prev_role is not None and m.start - prev_end <= 30 and is_locator_gap(gap):
                # "نوى وبلدة الشيخ سعد": a coordinate, in the same role; "المحمودلي غربي مدينة الطبقة",
                # "دوما في الغوطة الشرقية": a locator of the place before, not a place of its own
                role = prev_role if "و" in _TOKEN.findall(gap) or any(
                    w[:1] == "و" and w[1:] in PLACE_CUES for w in _TOKEN.findall(gap)) else "locator"
                if role == prev_role and not between:
                    listed.add(m.start)
                if role == "locator" and prev_role == "road" and not _BY.isdisjoint(_TOKEN.findall(gap)):
                    role = "near"         # "على أوتوستراد دمشق – درعا قرب بلدة خربة غزالة": where on the road
            elif (any(0 <= m.start - e <= 24 for e in name_ends) and not _locative(before)) \
                    or _inside(m.start, sources) or occupied(text, m.start, m.end):
                # "“فلان” من قرية برقا" is his home; "المدعو فلان في بلدة المزيريب" is where it was
                role = "home"
            else:
                role = role_of(before)
            if role != "locator" and not (prev_role is not None and m.start in listed):
                between = not _BETWEEN.isdisjoint(before)
            if role != "home" and (metonym(m, before) or beyond_border(m, before)):
                role = "home"                               # "حذرت تل أبيب دمشق": the government
            if role == "near":
                near.append((m, m.place))
            elif role in ("away", "road"):
                away.append((m, m.place))
                if role == "road":
                    roads.append((m, m.place))
            elif role == "home" and not _inside(m.start, sources):
                homes.append((m, m.place))
            if role != "locator":
                prev_role = role
            prev_end = m.end
        if any(m.level not in _COARSE for m, _ in near):
            # "على مدينة خان شيخون …، لتُحكم الطوق على ريف حماة الشمالي": the most precise place
            # named for the event (GUIDE rule 3); the countryside is context
            near = [(m, p) for m, p in near if m.level not in _COARSE]
        if near and roads and all(m.level in _COARSE for m, _ in near):
            # "على طريق السخنة – دير الزور في بادية حمص": the end of the road in that governorate
            ends = [(m, p) for m, p in roads if p.admin1 in {q.admin1 for _, q in near}]
            near = ends[:1] or near
        if not near and _anaphoric_place(text, c0, c1):
            # "الشاب … من بلدة الشيخ مسكين … قرب دوار البلدة": the town just named; "… من مطار
            # حميميم، ونفذت غارتين على المدينة": with none named, the city told of before (narrative)
            chosen = most_precise(homes)[:1] if homes else []
        else:
            chosen = most_precise(near) if near else _first_list(most_precise(away), listed if listing else set())
        out: list[tuple[Place, list[int]]] = []
        for m, p in chosen:
            p = self._name_region(m, p)
            same = [pos for q, pos in out if place_key(q) == place_key(p)]
            if same:
                same[0].append(m.start)
            else:
                out.append((p, [m.start]))
        return out

    def _residents_of(self, c0: int, c1: int) -> list[tuple[Place, list[int]]]:
        """"خرج المئات من أهالي مدينة السويداء في مظاهرة": a protest that names no place of its own,
        in a story that has named none yet, is where its people are from (not a quarter: "أهالي حي
        الوحدة" is no namesake village)."""
        for m in self.places.within(c0, c1):
            if m.cue == "حي":
                continue
            before = _TOKEN.findall(self.text, max(c0, m.start - 30), m.start)[-2:]
            if before and before[-1] in PLACE_CUES:
                before = before[:-1]
            if before and not _RESIDENTS.isdisjoint(word_forms(before[-1])):
                return [(m.place, [m.start])]
        return []

    def _name_region(self, m: PlaceMention, p: Place) -> Place:
        """"ريف إدلب الجنوبي" is the countryside of Idlib, not the governorate as a whole; "قرى
        شمال غرب البوكمال" are unnamed villages off the town, not the town."""
        if m.level == "community":
            off = _VILLAGES_OFF.search(self.text, max(0, m.start - 40), m.start)
            if off is None:
                return p
            name = self.f.orig[slice(*self.f.span(off.start(), m.end))]
            return Place(name=name, pcode=None, admin1=p.admin1, admin2=p.admin2, lat=p.lat, lon=p.lon)
        area = _AREA_NAMES.get(m.cue or "") if m.level == "admin1" else None
        if area is None:
            return p
        end = m.end
        for tok in _TOKEN.finditer(self.text, m.end, min(len(self.text), m.end + 40)):
            gap = self.text[end:tok.start()]
            if gap.strip() or tok.group() not in _DIRECTIONS:
                break
            end = tok.end()
        tail = self.f.orig[slice(*self.f.span(m.end, end))] if end > m.end else ""
        return Place(name=f"{area} {p.name}{tail}", pcode=None, admin1=p.admin1, lat=p.lat, lon=p.lon)

    # -- dates ----------------------------------------------------------------------------------

    def _report_date(self, d: DateMention, s0: int) -> bool:
        """A day right after a reporting verb ("أعلن المرصد، الجمعة، أن …") dates the report."""
        a = max(s0, d.start - 60)
        if not self._window_may_hold(SOURCE_CUE, a, d.start):
            return False
        before = _TOKEN.findall(self.text, a, d.start)[-6:]
        if not any(f in REPORTING for w in before for f in word_forms(w)):
            return False
        return not self._triggers_in(max(s0, d.start - 60), d.start)

    def _date_for(self, c0: int, c1: int, words: list[str], sentence_dates: list[DateMention],
                  report: list[DateMention]) -> tuple[date | None, date | None, int, bool]:
        """(date, date_end, level (see Candidate), keep): the clause's own day, else the
        sentence's, else none if the text says "days ago"/"last week", else the day of the
        report it is in, else the narrative day."""
        own = [d for d in sentence_dates if c0 <= d.start < c1]
        near = [(t.start, t.end) for t in self._triggers_in(c0, c1)]
        if any(d.precision in ("month", "year") and d.date is not None
               and (d.date_end or d.date) < self.published - MAX_AGE
               and (any(d.start - 60 <= b and a <= d.end + 60 for a, b in near)
                    or self._dated_by(d, c0) and all(d.end <= a for a, _ in near))
               for d in own):
            return None, None, 2, False   # "… أن غارة على السوق في عام 2016 أودت بحياة 40": history,
            # whatever day the report about it names ("نشر اليوم")
        for pool in (own, sentence_dates):
            days = [d for d in pool if d.precision == "day"]
            if days:
                d = days[0]
                start, end = d.date, d.date_end
                assert start is not None
                if self._since(d, c0):
                    end = self.published
                    if end - start > MAX_RANGE:
                        return None, None, 2, False
                    if d.relative and not self._toll_in(c0, c1):
                        if _imperfective(clause_words(self.text, c0, c1)[:1]):
                            return None, None, 2, False   # "وتشن قسد منذ شهر هجوما": a campaign
                        end = None        # "اعتقلت منذ ثلاثة أيام": that day, not a running total
                if (end or start) < self.published - MAX_AGE or start > self.published:
                    return None, None, 2, False
                if end is not None and (end - start).days <= 1:
                    end = None            # "ليل الأحد الاثنين": one night, dated by its evening
                if end is None:
                    self.cur_date, self.cur_level = start, 2
                return start, end, 2, True
            coarse = [d for d in pool if d.precision in ("week", "month", "year")
                      and any(d.start - 60 <= b and a <= d.end + 60 for a, b in near)]
            if coarse and pool is own:    # "هجوما عسكريا في يناير" (not a far-off "… العام الماضي")
                last = coarse[0].date_end or coarse[0].date
                if last is not None and last < self.published - MAX_AGE:
                    return None, None, 2, False
                since = self._since(coarse[0], c0) or self.text.startswith("منذ", coarse[0].start)
                if since and _imperfective(words[:1]) and not self._toll_in(c0, c1):
                    return None, None, 2, False   # "وتتعرض المنطقة منذ نهاية نيسان لحملة قصف": a campaign
                return None, None, 2, not is_ongoing(words) or self._toll_in(c0, c1)
        if near and self._has(UNDATED_CUE, c0, c1) and any(
                a - 40 <= te and ts <= b + 40 for a, b in undated_spans(self.text, c0, c1) for ts, te in near):
            return None, None, 2, not is_ongoing(words) or self._toll_in(c0, c1)
        reported = [d.date for d in report if d.precision == "day" and d.date is not None]
        if reported and reported[0] <= self.published:
            return reported[0], None, 0, True
        return self.cur_date, None, min(self.cur_level, 1), True

    def _day_of_verb(self, c0: int, c1: int, sentence_dates: list[DateMention], triggers: list[Trigger],
                     etype: str) -> date | None:
        """"طوقت البلدة صباح أمس السبت، …، واعتقلت اليوم الأحد ثلاثة": of two days in a clause, the one
        told right after the verb of the event's kind dates it."""
        days = [d for d in sentence_dates if c0 <= d.start < c1 and d.precision == "day" and d.date_end is None]
        if len(days) < 2:
            return None
        told = [d.date for d in days for t in triggers if t.event_type == etype and t.end <= d.start
                and not self.text[t.end:d.start].strip(" ،,") and d.date is not None]
        return told[0] if told and self.published - MAX_AGE <= told[0] <= self.published else None

    def _casualties(self, a: int, b: int) -> list[Casualty]:
        """Casualty figures of folded[a:b], computed once per span."""
        hit = self._casualty_cache.get((a, b))
        if hit is None and not self._has(CASUALTY_CUE, a, b):
            hit = self._casualty_cache[(a, b)] = []
        if hit is None:
            hit = self._casualty_cache[(a, b)] = find_casualties(self.text, a, b, self.quantities.within(a, b))
        return hit

    def _protested(self, c0: int, c1: int) -> tuple[int, int]:
        """Where "احتجاجاً على مقتل شاب تحت التعذيب" starts and ends (at a comma) in the clause, or
        (c1, c1): what people protest against happened before, and its dead are not the protest's
        ("…، ما أدى لمقتل متظاهر" after the comma is)."""
        at = _first(self.cue_at[_PROTEST_CUE], c0, c1)
        if at == c1:
            return c1, c1
        comma = self.text.find("،", at, c1)
        return at, c1 if comma < 0 else comma

    def _sources(self, s0: int, s1: int) -> list[tuple[int, int]]:
        """Who reported, per sentence (a clause's sources are its sentence's)."""
        hit = self._source_cache.get(s0)
        if hit is None:
            hit = self._source_cache[s0] = source_spans(self.text, s0, s1) \
                if self._has(SOURCE_CUE, s0, s1) else []
        return hit

    def _has(self, cue: int, a: int, b: int) -> bool:
        """Does a word with this cue start in [a, b)?"""
        return _first(self.cue_at[cue], a, b) < b

    def _window_may_hold(self, cue: int, a: int, b: int) -> bool:
        """May a word of _TOKEN.findall(text, a, b) have this cue? Not if no word with it starts
        there and the window cuts no word at either end (a cut word's part is a word of its own)."""
        text = self.text
        return self._has(cue, a, b) or (a > 0 and text[a - 1:a + 1].isalnum()) or text[b - 1:b + 1].isalnum()

    def _negated(self, pos: int, window: int) -> bool:
        """events.negated, asked only where a word ending like a negation precedes pos (the
        60-character window it reads may cut a word to such an ending)."""
        return self._has(_NEGATION_CUE, pos - 80, pos) and negated(self.text, pos, window)

    def _toll_in(self, c0: int, c1: int) -> bool:
        return bool(self._casualties(c0, c1))

    def _dated_by(self, d: DateMention, c0: int) -> bool:
        """"وفي شهر آب 2016، …، اندلعت اشتباكات", "عام 2014": the clause is dated by the mention
        (not "المحاصرة منذ 2013", which describes a place). The caller asks only of a date told
        before the clause's event ("اعتقلت شباناً … أجروا التسوية العام الماضي" is today's news)."""
        head = _TOKEN.findall(self.text, max(c0, d.start - 12), d.start)[-1:] \
            + _TOKEN.findall(self.text, d.start, d.end)[:1]
        return not _TIME_HEADS.isdisjoint(head) and not self._since(d, c0)

    def _since(self, d: DateMention, c0: int) -> bool:
        before = _TOKEN.findall(self.text, max(c0, d.start - 60), d.start)
        return "منذ" in before

    # -- incidents ------------------------------------------------------------------------------

    def _finish(self) -> list[tuple[Incident, list[float]]]:
        groups = merge(self.candidates)
        groups = fold_arrests(subtract_summaries(groups))
        for g in groups:                  # "ترتفع الحصيلة إلى 709": the sides of the same fighting
            if not set(g.actors) - _UNARMED:
                same = sorted((h for h in groups if h is not g and h.event_type == g.event_type
                               and place_key(h.place) == place_key(g.place) and set(h.actors) - _UNARMED),
                              key=lambda h: abs(h.order - g.order))
                if same:
                    g.actors += [a for a in same[0].actors if a not in g.actors]
                    g.civilians |= same[0].civilians
            if g.event_type == "explosions" and g.actors and not _STRIKES_ON_THE_STATE.isdisjoint(g.actors) \
                    and set(g.actors) - _UNARMED <= _STRIKES_ON_THE_STATE | _THE_STATES_ALLIES:
                # "الضربات التي نفذتها الولايات المتحدة … ضد أهداف في سوريا", "غارة إسرائيلية على مطار
                # …": a foreign power's strike with no target named hits the state's forces
                g.actors.append("syria-regime-forces" if self.published < TRANSITION else "syria-transitional-forces")
        view = ArticleView(self.text, self.published, self._lead_end())
        out = []
        for g in groups:
            inc = self._incident(g)
            out.append((_one_striker(self._two_sided(inc)), features(view, g, inc, groups)))
        return out

    def _lead_end(self) -> int:
        """Where the first sentence after the headline ends."""
        for s0, s1 in sentences(self.text):
            if s1 > self.headline_end and self.text[s0:s1].strip():
                return s1
        return len(self.text)

    def _sides(self, c: Candidate, sub: str) -> list[str]:
        """Who took part, by the kind of event: civilians in every protest (the protesters, alone
        in a peaceful one), arrest and attack on civilians, never in a deployment, deal or
        handover; an unclaimed planted bomb was set by an unidentified group. The local armed
        groups of a community-held region are its own factions (in Suwayda, the Druze factions)."""
        community = _COMMUNITY_GROUPS.get(c.place.admin1 or "") if c.place else None
        actors = list(dict.fromkeys(community if a == "local-armed-groups" and community else a for a in c.actors))
        if (c.civilians or c.event_type in ("protests", "violence-against-civilians") or sub == "arrests") \
                and "civilians" not in actors:
            actors.append("civilians")
        if sub == "peaceful-protest":
            return ["civilians"]          # whom they protest against took no part
        if c.event_type == "strategic-developments" and sub not in ("arrests", "other"):
            return [a for a in actors if a != "civilians"]
        if sub in _STATE_WEAPONS and not set(actors) - _UNARMED and self.published < TRANSITION:
            actors.insert(0, "syria-regime-forces")   # an unclaimed air raid or gas attack: the state's air force
        if sub == "remote-explosive-landmine-ied" and not set(actors) - _UNARMED and any(
                _PLANTED.search(self.text, a, b) for a, b in c.evidence):
            actors.insert(0, "unidentified-armed-group")   # "انفجار عبوة ناسفة"
        return actors

    def _two_sided(self, inc: Incident) -> Incident:
        """A battle has two sides: with one named, the other is the one the article fights most.
        (Added after the scope features, which were learnt on the sides the clauses name.)"""
        armed = [a for a in inc.actors if a not in _UNARMED]
        foe = self._foe(armed[0]) if inc.event_type == "battles" and len(armed) == 1 else None
        if foe is None:
            return inc
        k = inc.actors.index(armed[0]) + 1
        return replace(inc, actors=inc.actors[:k] + (foe,) + inc.actors[k:])

    def _foe(self, side: str) -> str | None:
        """The armed actor the article names most often outside `side`'s camp (first named on a tie)."""
        camp = _CAMP.get(side, side)
        counts: dict[str, int] = {}
        for m in self.actors.items:
            if m.actor_id not in _UNARMED and _CAMP.get(m.actor_id, m.actor_id) != camp:
                counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
        return max(counts, key=lambda a: counts[a]) if counts else None

    def _incident(self, c: Candidate) -> Incident:
        killed, wounded = toll(c.casualties)
        killed = max(killed, len(c.named_dead))     # "قُتل الشاب “…”": a named dead man is one killed
        wounded = max(wounded, len(c.named_wounded))
        sub = gravest(c.subs, c.event_type)
        actors = self._sides(c, sub)
        spans = []
        for s0, s1 in sorted(c.evidence):
            o0, o1 = self.f.span(s0, s1)
            spans.append(Span(o0, o1, self.f.orig[o0:o1]))
        victims: list[Victim] = []
        for v in c.victims:
            if all(v.name != w.name for w in victims):
                victims.append(v)
        return Incident(
            date=c.date, date_end=c.date_end, place=_governorate_named(c.place), event_type=c.event_type,
            sub_event_type=sub, actors=tuple(actors),
            killed=killed, wounded=wounded, victims=tuple(victims), evidence=tuple(spans),
            date_precision="day" if c.date else "none")


def _one_striker(inc: Incident) -> Incident:
    """A state's or a foreign power's bombardment of an opposition-held area lists who struck and
    whom it killed: the opposition is named there as who holds the area ("أحياء تحت سيطرة
    الفصائل"، "إدلب، التي تسيطر عليها المعارضة"), and is a side of a strike only as the striker."""
    if inc.event_type != "explosions" or "opposition-factions" not in inc.actors \
            or _STRIKERS.isdisjoint(inc.actors):
        return inc
    return replace(inc, actors=tuple(a for a in inc.actors if a != "opposition-factions"))


_STRIKERS = frozenset({"syria-regime-forces", "pro-regime-militias", "russia-forces", "iran-backed-militias",
                       "turkey-forces", "israel-forces", "us-led-coalition", "syria-transitional-forces"})
# Sides that fight on the same side: a battle's foe is never of its side's camp
_CAMP = {a: "state" for a in ("syria-regime-forces", "pro-regime-militias", "russia-forces", "iran-backed-militias",
                             "hezbollah", "syria-transitional-forces")} | {"sna": "turkey-forces", "sdf": "us-led-coalition"}

# Governorate -> the actor its local armed groups are (the Druze of Jabal al-Arab hold their own).
_COMMUNITY_GROUPS = {"السويداء": "druze-factions"}

_NAME_CUE, _NEGATION_CUE, _CONTROL_CUE, _CLAIM_CUE, _PROTEST_CUE = 1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20
_CUES = (MODAL_CUE, PURPOSE_CUE, CASUALTY_CUE, ACCIDENT_CUE, DENIAL_CUE, OPENER_CUE, CAUSE_CUE, UNDATED_CUE,
         SOURCE_CUE, _NAME_CUE, _NEGATION_CUE, _CONTROL_CUE, _CLAIM_CUE, _PROTEST_CUE)


@lru_cache(maxsize=65536)
def _cues(word: str) -> int:
    """events.cue_bits; whether a name may follow the word; whether it ends like a negation or
    holds "سيطر" (the gates of negated() and _controlled_by() read windows that may cut a word);
    whether it claims an attack ("تبنى": a claim names no event, place or day of its own) or
    says what people protest against ("احتجاجاً")."""
    return (cue_bits(word) | (_NAME_CUE if may_name(word) else 0)
            | (_NEGATION_CUE if word.endswith(NEGATION_WORDS) else 0)
            | (_CONTROL_CUE if "سيطر" in word else 0) | (_CLAIM_CUE if word in _CLAIMED else 0)
            | (_PROTEST_CUE if word in _PROTESTED else 0))


def _first(positions: list[int], a: int, b: int) -> int:
    """The first of the sorted positions in [a, b), or b."""
    k = bisect_left(positions, a)
    return positions[k] if k < len(positions) and positions[k] < b else b


def _controlled_by(text: str, c0: int, pos: int) -> bool:
    """"الخاضعة لسيطرة فصائل الجيش الوطني المدعوم من تركيا", "تحت سيطرة الثوار": who holds a place,
    up to the next comma, not who acted. ("غارات ضد آخر جيب يسيطر عليه تنظيم داعش" does hit ISIS.)"""
    start = max(c0, text.rfind("،", c0, pos) + 1, pos - 80)
    words = _TOKEN.findall(text, start, pos)
    return any(w.lstrip("وف").startswith(("لسيطر", "سيطره")) for w in words)


def _headline_end(text: str) -> int:
    """End of the headline block: leading short lines without a full stop, if a body follows."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (len(stripped) > 200 or stripped.rstrip("\"'”»)")[-1:] in (".", "!", "?", "؟", ":", "")):
            return pos if pos < len(text) else 0
        pos += len(line) + 1
    return 0


def _definite(text: str, t: Trigger) -> bool:
    return text[t.start:t.end].lstrip("وفب").startswith(("ال", "ل"))


# "القريبة من الحدود مع تركيا": a country named as a border is no side in the event
_BORDER = frozenset("الحدود حدود الحدوديه بالحدود للحدود".split())
# "القيادي السابق في فصائل المعارضة", "عناصر سابقين في فصائل المعارضة": no longer that side
_FORMER = frozenset("السابق سابق سابقين سابقون السابقين السابقون سابقا".split())
_SYRIAN_TARGETS = re.compile(r"(?:مواقع|اهداف|منشات|مقرات)\s+(?:عسكريه\s+)?(?:سوريه|في سوريا)(?![^\W_])")
_COARSE = frozenset({"admin1", "admin2", "admin3", "region"})
_AT_ONCE = ("بالتزامن", "تزامنا")
# (the word first, then that no letter comes before it: the engine jumps between its occurrences)
_PROVISO = re.compile(r"علي(?<![^\W_]علي)\s+ان\s+[تي][^\W\d_]{2,}")
_SUBORDINATE = re.compile(r"(?:بعد|قبل|وبعد|وقبل)\s+(?:ان|أن)\s")


def _subordinates(text: str, s0: int, s1: int) -> list[tuple[int, int]]:
    """"بعد أن …"/"قبل أن …" up to the next comma: a prior or later event told in passing."""
    out: list[tuple[int, int]] = []
    if text.find("بعد", s0, s1) < 0 and text.find("قبل", s0, s1) < 0:
        return out                        # (what every match holds)
    for m in _SUBORDINATE.finditer(text, s0, s1):
        if m.start() > s0 and not text[m.start() - 1].isspace():
            continue
        stop = text.find("،", m.end(), s1)
        out.append((m.start(), s1 if stop < 0 else stop))
    return out


_CUT_SHORT = frozenset("مقتله مصرعه قتله اعتقاله اعتقالها مقتلها مصرعها بمقتله لمقتله".split())


def _cut_short(text: str, s0: int, pos: int) -> bool:
    """"قبل أن" right after the death or arrest of the one it speaks of: it never happened."""
    return text.startswith(("قبل", "وقبل"), pos) and any(
        w in _CUT_SHORT for w in _TOKEN.findall(text, max(s0, pos - 25), pos)[-3:])


_STATE_WORDS = frozenset("القوات الحكوميه قوات الحكومه الحكومه السوريه الجيش السوري القوات السوريه "
                         "الجيش العربي السوري وزاره الدفاع".split())


def _in_time(m: ActorMention, text: str, published: date) -> ActorMention:
    """"الأمن العام"، "إدارة العمليات العسكرية" were HTS's before December 2024; "القوات
    الحكومية"، "الجيش السوري" are the new state's after it ("فلول النظام" stay the old regime's)."""
    if m.actor_id == "syria-transitional-forces" and published < TRANSITION:
        return ActorMention(m.start, m.end, "hts")
    if m.actor_id == "syria-regime-forces" and published >= TRANSITION \
            and set(_TOKEN.findall(text, m.start, m.end)) <= _STATE_WORDS | {"و", "لل", "ب"} \
            and not any(w.startswith(("النظام", "الاسد")) for w in _TOKEN.findall(text, m.start, m.end)):
        return ActorMention(m.start, m.end, "syria-transitional-forces")
    return m


def _governorate_named(p: Place) -> Place:
    """A governorate-wide place is written "محافظة القنيطرة": the governorate, not its namesake
    capital city (a region keeps its own name: الغوطة الشرقية، الجولان)."""
    if p.pcode and len(p.pcode) == 4 and p.pcode.startswith("SY") and p.name == p.admin1:
        return replace(p, name=f"محافظة {p.name}")
    return p


def _one_side_on_civilians(actors: list[ActorMention], casualties: list[Casualty]) -> bool:
    """Only one armed side, and civilians are who was hit: an attack, not a clash."""
    armed = {m.actor_id for m in actors} - {"civilians", "civil-defense"}
    hit = any(c.civilian for c in casualties) or any(m.actor_id == "civilians" for m in actors)
    return hit and len(armed) <= 1


def _share_casualties(casualties: list[Casualty], starts: list[list[int]]) -> list[list[Casualty]]:
    """Figures of a clause naming several places: "… مقتل مدنيَين اثنين في بلدة التمانعة" belongs
    to the place named right after it, any other figure to the first place."""
    out: list[list[Casualty]] = [[] for _ in starts]
    for c in casualties:
        after = [k for k, at in enumerate(starts) if any(0 <= pos - c.end <= 40 for pos in at)]
        out[after[0] if after else 0].append(c)
    return out


_BEGAN = frozenset("بدا بدات وبدا وبدات استهل استهلت".split())


def _opened_by_bombing(text: str, triggers: list[Trigger]) -> bool:
    """"شنوا هجوماً على السجن بدأ بتفجير …": an assault that a bombing opened is a battle with the
    bombing folded in (GUIDE rule 5), not the bombing alone."""
    attack = next((t for t in triggers if t.kind == "generic"), None)
    if attack is None:
        return False
    return any(t.event_type == "explosions" and t.start > attack.end
               and _BEGAN.intersection(_TOKEN.findall(text, attack.end, t.start)) for t in triggers)


def _imperfective(first: list[str]) -> bool:
    """A clause opened by a present-tense verb (وتشن، ويشهد): something going on, not a day's event."""
    w = first[0].removeprefix("و") if first else ""
    return len(w) >= 3 and w[0] in "تي" and not w.startswith(("تنظيم", "تقرير", "تركيا", "تعزيزات"))


# "في تشرين الأول 2017، طردت …", "عام 2014": a past month or year the clause's event is dated by
_TIME_HEADS = frozenset("في وفي خلال عام العام سنه شهر صيف شتاء ربيع خريف مطلع اواخر منتصف نهايه".split())
# A claim of responsibility: "تبنى التنظيم الهجوم".
_CLAIMED = frozenset("تبني وتبني تبنت وتبنت يتبني ويتبني تتبني وتتبني".split())
_CLAIMABLE = frozenset({"battles", "explosions", "violence-against-civilians"})

_LOCATIVE = frozenset("في وفي علي قرب بالقرب داخل امام عند".split())


HEADING_WORDS = 12


def _heading(text: str, s0: int, s1: int) -> bool:
    """A short line of its own with no end punctuation, after the title: a subheading ("ثلاث
    جبهات") or the title of another story linked in the page ("إسرائيل تؤكد استهداف ثلاثة مواقع
    عسكرية في سوريا"), which tells no event of this article."""
    return (s0 == 0 or text[s0 - 1] == "\n") and (s1 == len(text) or text[s1] == "\n") \
        and text[s1 - 1] not in ".!?؟:…\"”»)" and len(_TOKEN.findall(text, s0, s1)) <= HEADING_WORDS


def _first_list(ms: list[tuple[PlaceMention, Place]], listed: set[int]) -> list[tuple[PlaceMention, Place]]:
    """The first place and those coordinated with it ("من زملكا وعربين وعين ترما": each its own)."""
    out = ms[:1]
    for m, p in ms[1:]:
        if m.start not in listed:
            break
        out.append((m, p))
    return out


def _locative(before: list[str]) -> bool:
    """The words before a place (its cue words dropped) end in a preposition of where: في، ب، على."""
    words = list(before)
    while words and (words[-1] in PLACE_CUES or words[-1][1:] in PLACE_CUES and words[-1][:1] in "وب"):
        if words[-1][:1] == "ب" and words[-1][1:] in PLACE_CUES:
            return True               # "ببلدة المزيريب"
        words.pop()
    return bool(words) and (words[-1] in _LOCATIVE or words[-1] in ("ب", "وب"))


_PROTESTED = frozenset(("احتجاجا", "تنديدا", "استنكارا", "رفضا"))


# The countryside or desert of a governorate, as its name is written: "ريف إدلب الجنوبي"، "بادية حمص"
_AREA_NAMES = {"ريف": "ريف", "ريفي": "ريف", "باديه": "بادية"}
_ARRIVING = ("توافد", "وتوافد", "وصل", "ووصل", "قدم", "وقدم")    # (verb stems: توافدوا، وصلت، قدموا)


def _toward(words: list[str]) -> bool:
    """The clause moves toward a destination, told ("إلى", "نحو") or in its verb ("توافدوا من
    بلدات …": they came to where the event is)."""
    return not _DESTINATION.isdisjoint(words) or any(w.startswith(_ARRIVING) for w in words)


# a clause telling people or fighters leaving: the places they leave are where it happened
_DEPARTURES = frozenset({"agreement", "non-violent-transfer-of-territory"})
_BETWEEN = frozenset("بين وبين".split())
_BY = frozenset("قرب بالقرب عند محيط بمحيط".split())
_RESIDENTS = frozenset("اهالي ابناء سكان".split())   # with their proclitics: events.word_forms
_GROUP_LEAD = frozenset("في لدي السابق البارز العسكري الميداني الامني".split())
_KILLING = frozenset("قتل قتلت مقتل مصرع استشهاد استشهد لقي لقيت اغتيال اغتال اغتالت اعدام اعدم اعدمت توفي "
                     "وفاه قضي".split())
_WOUNDING = frozenset("اصيب اصيبت اصابه جرح جرحت".split())


def _named_by(verbs: frozenset[str], text: str, s0: int, pos: int, between: list[tuple[int, int]]) -> bool:
    """"قُتل الشاب “…”", "اغتيال المدعو …", "لقي الطفل … حتفه": the killing (one of `verbs`; or
    the wounding, "أصيب الطفل “…”") names its dead right after the verb (not "بين القتلى العنصر
    …", who may be one of a figure counted elsewhere).
    Only a when or a who (the spans `between`) may stand between: "اغتال مسلحون مجهولون، فجر
    اليوم، الشاب “…”" puts the killers first (verb, subject, object)."""
    tokens = list(_TOKEN.finditer(text, max(s0, pos - 160), pos))[-16:]
    before = [m.group() for m in tokens]
    # "قتل القيادي [السابق] في هيئة تحرير الشام “…”": the title, then the group he was in, or
    # "مختار بلدة البصيرة “…”" the town he holds it for
    k = next((k for k in range(len(before) - 1, 0, -1) if may_name(before[k])), 0)
    group = before[k + 1:]
    if k == 0 or (group and not ({"في", "لدي"} & set(group[:3]) and group[0] in _GROUP_LEAD)
                  and not (len(group) <= 3 and group[0] in PLACE_CUES)):
        return False
    k -= 1
    while k > 0 and _inside(tokens[k].start(), between):
        k -= 1
    w = before[k].removeprefix("و")
    return w in verbs or (w[:1] in "بل" and w[1:] in verbs)


_SELF = frozenset("انها انهم بانها بانهم".split())


def _reporters(text: str, sources: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sources that only report: "أعلنت قسد أنها أحبطت محاولة تسلل" tells what the speaker
    itself did (her/their "أنها/أنهم"; an impersonal "أنه" does not say)."""
    return [(a, b) for a, b in sources if not _SELF.intersection(text[max(a, b - 6):b].split()[-1:])]


def _combatants(text: str, c: Casualty) -> bool:
    """The figure counts fighters ("عنصر"، "ثلاثة جنود"), not people or a pronoun ("لمقتله")."""
    return any((hit := person_noun(w)) is not None and hit[0].role == "combatant"
               for w in _TOKEN.findall(text, c.start, c.end))


def _listed(text: str, pos: int) -> bool:
    """The name at pos is the next of a list: "والشاب “…”"، "و“…”"."""
    words = _TOKEN.findall(text, max(0, pos - 20), pos)
    return bool(words) and (words[-1] == "و" or words[-1][:1] == "و" and may_name(words[-1][1:]))


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _classify(triggers: list[Trigger], actors: list[ActorMention], casualties: list[Casualty]
              ) -> tuple[str | None, set[str]]:
    if any(t.kind == "defuse" for t in triggers) and not any(
            t.kind == "strong" and t.event_type in ("battles", "protests", "riots") for t in triggers):
        return "strategic-developments", {"disrupted-weapons-use"}   # "فككت عبوة ناسفة": none went off
    strong = [t for t in triggers if t.kind == "strong"]
    if strong:
        strong += [t for t in triggers if t.kind == "escalate"]
    pool = strong or [t for t in triggers if t.kind in ("weak", "fighters")]
    if pool and casualties and not any(t.event_type == "explosions" for t in pool):
        pool += [t for t in triggers if t.kind == "generic"]    # "هجوماً … تسبب بمقتل 1600": the attack
    if not pool:
        if any(t.kind in ("target", "generic") for t in triggers):
            return _targeting(actors, casualties, triggers)       # "استهدف"، "هجوم": by whom, on whom
        return None, set()
    etype = min((t.event_type for t in pool), key=EVENT_PRIORITY.index)
    subs = {t.sub_event_type for t in pool if t.event_type == etype}
    subs |= {t.sub_event_type for t in triggers if t.kind == "modifier" and t.event_type == etype}
    return etype, subs


def _targeting(actors: list[ActorMention], casualties: list[Casualty], triggers: list[Trigger]
               ) -> tuple[str, set[str]]:
    """"استهدف": an air power's targeting is an air strike, an armed group's targeting of
    civilians an attack on them, one armed side's targeting of another a clash."""
    ids = [m.actor_id for m in actors]
    if (ids and ids[0] in _AIR_POWERS) or any(t.kind == "modifier" and t.event_type == "explosions"
                                               for t in triggers):   # "استهدفت طائرات حربية"
        return "explosions", {"air-drone-strike"}
    if "civilians" in ids or any(c.civilian for c in casualties):
        return "violence-against-civilians", {"attack"}
    return "battles", {"armed-clash"}


