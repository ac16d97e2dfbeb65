"""Scope: does the article report this candidate incident as having happened, in Syria, lately?

The reader makes a candidate of every clause with an event trigger; many are not incidents at all
(GUIDE rules 1 and 9): statements, threats and plans, diplomacy, reports and reactions about an
older event, anniversaries, events abroad. Which of them to keep is one decision, taken here for
each merged candidate by a logistic model over hand-made features of it, its evidence sentence and
its article. The weights (data/scope.json) are fitted by scripts/train_scope.py on the gold of
../shared/eval (dev, train, train2) with cross-validation; reading is deterministic.
"""
from __future__ import annotations

import json
import math
import re
from datetime import date
from functools import lru_cache

from extract.events import word_forms
from extract.grouping import SYRIA, Candidate
from extract.model import Incident
from extract.text import fold_text

_TOKEN = re.compile(r"[^\W_]+")
_SPEECH = re.compile(r"[\"“«](?:[^\"“”«»\s]+\s+){4,}")   # a quoted passage of words, not a quoted name
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def _vocab(words: str) -> frozenset[str]:
    return frozenset(fold_text(words).split())


# Cue groups, folded; a word counts when any of its readings without proclitics is listed.
_CUES: tuple[tuple[str, frozenset[str]], ...] = (
    ("said", _vocab("قال قالت أكد أكدت أعلن أعلنت أوضح أوضحت ذكر ذكرت أفاد أفادت صرح أضاف أضافت نقل نقلت "
                    "يقول تقول أشار أشارت بحسب وفق وفقا")),
    ("intent", _vocab("سوف يسعى تسعى يهدد تهدد هدد هددت حذر حذرت يحذر تحذر تحضير التحضير تستعد يستعد استعداد "
                      "الاستعداد يعتزم تعتزم نية خطة محتمل المحتمل مرتقب المرتقب وشيك الوشيك تخشى يخشى مخاوف "
                      "قادمة سيتم لشن يتوقع توقع المتوقع ستستمر سيستمر تريد يريد ينوي تنوي")),
    ("diplomacy", _vocab("قمة اجتماع اجتمع اجتمعوا مجلس الأمم مفاوضات محادثات أدان أدانت يدين تدين ندد نددت "
                         "استنكر استنكرت دعا دعت يدعو طالب طالبت الرئيس وزير وزارة الخارجية السفير مبعوث "
                         "المبعوث مؤتمر")),
    ("report", _vocab("تقرير التقرير تحقيق التحقيق لجنة منظمة خلص خلصت كشف كشفت وثق وثقت دراسة صور فيديو "
                      "لقطات مقطع شريط")),
    ("anniversary", _vocab("ذكرى الذكرى سنوات عاما أعوام")),
    ("past", _vocab("كان كانت قد سابق سابقا")),
    ("deny", _vocab("نفى نفت ينفي تنفي نفيه مزاعم ادعاءات فبركة مزعوم المزعوم اتهم اتهمت يتهم تتهم")),
    ("negation", _vocab("لم لن لا ليس")),
    ("foreign", _vocab(
        "العراق بغداد الموصل الأنبار كركوك أربيل اليمن صنعاء صعدة عدن الحديدة لبنان بيروت تركيا أنقرة "
        "إسطنبول ألمانيا برلين كولونيا فرنسا باريس بريطانيا لندن أمريكا واشنطن روسيا موسكو إيران طهران "
        "إسرائيل تونس مصر القاهرة ليبيا طرابلس الأردن عمان السعودية الرياض قطر الدوحة الكويت أفغانستان "
        "باكستان غزة الضفة القدس فلسطين أوروبا بلجيكا هولندا السويد النمسا سنجق كردستان")),
)
_ETYPES = ("battles", "protests", "riots", "explosions", "violence-against-civilians", "strategic-developments")
FEATURES: tuple[str, ...] = (
    "bias", "level_told", "level_carried", "level_assumed", "level_passing", "undated",
    "age_0", "age_1", "age_2_7", "age_older", "date_range", "headline", "inherited",
    "place_community", "place_admin", "place_uncoded", "place_syria",
    *(f"type_{t}" for t in _ETYPES),
    "killed", "killed_log", "wounded", "actors", "civilians", "victims", "mentions_log",
    "position", "first_sentence", "incidents_log", "place_shared", "place_early",
    "article_foreign", *(f"cue_{name}" for name, _ in _CUES), "quote", "old_year",
)
_STRIP = ("محافظه ", "مدينه ", "ريف ", "بلده ", "قريه ", "منطقه ", "مخيم ")


class ArticleView:
    """What the features need of the whole article, computed once (a 1 MB article has thousands
    of candidates): its text and day, where its lead ends, and how much of it is about abroad."""

    def __init__(self, text: str, published: date, lead_end: int) -> None:
        self.text = text
        self.published = published
        self.lead_end = lead_end
        foreign = syria = 0
        vocab = _CUES[-1][1]
        for w in _TOKEN.findall(text):
            if w.find("سوري") >= 0:
                syria += 1
            elif w in vocab or (w[:1] in "وبلف" and w[1:] in vocab):
                foreign += 1
        self.foreign = foreign / (foreign + syria + 1.0)


def _place_word(name: str) -> str:
    s = fold_text(name)
    for p in _STRIP:
        if s.startswith(p):
            s = s[len(p):]
    words = s.split()
    return words[0] if words else ""


def features(view: ArticleView, c: Candidate, inc: Incident, groups: list[Candidate]) -> list[float]:
    """The feature vector of one merged candidate, in the order of FEATURES."""
    text = view.text
    spans = sorted(c.evidence)
    first = spans[0] if spans else (0, 0)
    words = _TOKEN.findall(text, first[0], first[1])
    forms: set[str] = set()
    for w in words:
        forms.update(word_forms(w))
    age = (view.published - c.date).days if c.date is not None else -1
    pcode = inc.place.pcode or ""
    word = _place_word(inc.place.name)
    x: list[float] = [
        1.0, float(c.level == 2), float(c.level == 1), float(c.level == 0), float(c.level < 0),
        float(c.date is None),
        float(age == 0), float(age == 1), float(2 <= age <= 7), float(age > 7), float(c.date_end is not None),
        float(c.headline), float(c.inherited),
        float(pcode.startswith("C")), float(pcode.startswith("SY")),
        float(not pcode and c.place != SYRIA), float(c.place == SYRIA),
    ]
    x.extend(float(inc.event_type == t) for t in _ETYPES)
    x.extend([
        float(inc.killed > 0), math.log1p(inc.killed), float(inc.wounded > 0), min(len(inc.actors), 3) / 3.0,
        float("civilians" in inc.actors), float(bool(inc.victims)), math.log1p(len(spans)),
        first[0] / max(len(text), 1), float(first[0] <= view.lead_end),
        math.log1p(len(groups)),
        float(any(g is not c and g.place == c.place for g in groups)),
        float(bool(word) and text.find(word, 0, 300) >= 0),
        view.foreign,
    ])
    x.extend(float(not vocab.isdisjoint(forms)) for _, vocab in _CUES)
    sentence = text[first[0]:first[1]]
    x.append(float(_SPEECH.search(sentence) is not None))
    x.append(float(any(int(y) < view.published.year for y in _YEAR.findall(sentence))))
    return x


@lru_cache(maxsize=1)
def _model() -> tuple[list[float], float]:
    """(weights in the order of FEATURES, threshold), from data/scope.json."""
    from extract import DATA_DIR
    with (DATA_DIR / "scope.json").open(encoding="utf-8") as f:
        data = json.load(f)
    names = tuple(data["features"])
    if names != FEATURES:
        raise RuntimeError("extract/data/scope.json was trained on other features: "
                           "run scripts/train_scope.py")
    return [float(w) for w in data["weights"]], float(data["threshold"])


def probability(x: list[float]) -> float:
    weights, _ = _model()
    z = sum(w * v for w, v in zip(weights, x))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def in_scope(x: list[float]) -> bool:
    return probability(x) >= _model()[1]
