"""A small hand-built store for the store tests: 4 articles, 7 incidents whose totals are worked out
by hand in the comments (and asserted in tests/test_store_queries.py)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from extract.model import Article, Incident, Place, Span, Victim
from store.api import Store

JASIM = Place("جاسم", "C6111", "درعا")
IDLIB = Place("إدلب", "C3871", "إدلب")
FARM = Place("مزرعة الوادي", None, "حمص")          # no P-code: governorate found by name (SY04)
DARAA_GOV = Place("درعا", "SY12", "درعا")

# article id, published, [(sentence, incident)]; the article text is the sentences joined by "\n"
ARTICLES = [
    ("a1", date(2022, 10, 15), [
        ("فجّرت المجموعات المحلية في مدينة جاسم منزلاً كان يتحصن فيه قادة من تنظيم داعش، ما أسفر عن مقتل أربعة منهم.",
         Incident(date(2022, 10, 15), JASIM, "battles", "armed-clash", ("local-armed-groups", "isis"), 4, 0)),
        ("وأمس دارت اشتباكات بين اللواء الثامن وخلايا التنظيم قُتل فيها ثلاثة وأصيب اثنان.",
         Incident(date(2022, 10, 14), JASIM, "battles", "armed-clash",
                  ("local-armed-groups", "eighth-brigade", "isis"), 3, 2)),
    ]),
    ("a2", date(2022, 10, 20), [
        ("قُتل خمسة عناصر من داعش في اشتباكات بجاسم.",
         Incident(date(2022, 10, 15), JASIM, "battles", "armed-clash", ("isis",), 5, 1)),
        ("شنّت الطائرات الحربية الروسية غاراتٍ على مدينة إدلب، ما أدّى إلى مقتل سبعة مدنيين وإصابة عشرة آخرين.",
         Incident(date(2022, 10, 20), IDLIB, "explosions", "air-drone-strike", ("russia-forces", "civilians"), 7, 10,
                  victims=(Victim("محمد العلي", "سرمين", "killed"),))),
    ]),
    ("a3", date(2022, 11, 3), [
        ("عُثر على جثة امرأة مقتولة في مزرعة الوادي بريف حمص.",
         Incident(date(2022, 11, 2), FARM, "violence-against-civilians", "attack",
                  ("unidentified-armed-group", "civilians"), 1, 0)),
        ("واعتقلت قوات النظام شاباً في درعا البلد.",
         Incident(None, DARAA_GOV, "strategic-developments", "arrests", ("syria-regime-forces",), 0, 0,
                  date_precision="none")),
    ]),
    ("a4", date(2022, 10, 17), [
        ("وقُتل عنصران من حزب الله في كمين قرب جاسم.",
         Incident(date(2022, 10, 16), JASIM, "battles", "armed-clash", ("hezbollah",), 2, 0)),
    ]),
]
# Clusters (store/ingest.py rule: same day, place and type, different articles): #3 (a2, Jasim, 10-15)
# joins #1's cluster; #2 (10-14) and #7 (10-16) are other days, so each stays alone.
# Totals: 7 reports, 6 clusters; killed 22 (de-duplicated: #3 stands for {1,3}: 5+3+7+1+0+2 = 18);
# wounded 13 (1+2+10 = 13).


def articles_with_incidents() -> list[tuple[Article, list[Incident]]]:
    out = []
    for aid, published, parts in ARTICLES:
        text = "\n".join(s for s, _ in parts)
        incidents = []
        for sentence, inc in parts:
            start = text.index(sentence)
            incidents.append(Incident(inc.date, inc.place, inc.event_type, inc.sub_event_type, inc.actors,
                                      inc.killed, inc.wounded, inc.victims,
                                      (Span(start, start + len(sentence), sentence),), inc.date_end,
                                      inc.date_precision))
        out.append((Article(aid, published, text, title=f"تقرير {aid}", outlet="test"), incidents))
    return out


def build(path: Path | str) -> Store:
    store = Store.open(path)
    store.ingest_extracted(articles_with_incidents())
    return store
