"""What the main screen asks the store for after each filter change, without Textual: the screen's
worker runs these, and so does the browser's prefetch, which starts them while Textual is still
being imported and the first frame drawn (DuckDB works on the other core meanwhile; the store
caches the results and makes the screen's worker wait for a query already running)."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from store.api import Store
from store.model import Facet, Filter, SummaryRow, Totals

TOP = 5


@dataclass(frozen=True)
class Summary:
    totals: Totals
    weekly: list[SummaryRow]
    top_places: list[SummaryRow]
    top_groups: list[SummaryRow]


@dataclass(frozen=True)
class Facets:
    places: list[Facet]
    groups: list[Facet]
    types: list[Facet]
    reviews: list[Facet]


def load_summary(store: Store, f: Filter) -> Summary:
    return Summary(
        totals=store.totals(f),
        weekly=store.summary(f, "week", limit=10_000),
        top_places=store.summary(f, "place", limit=TOP),
        top_groups=store.summary(f, "actor", limit=TOP),
    )


def load_facets(store: Store, f: Filter) -> Facets:
    """Each list counted as if its own selection were cleared (picking a town keeps the others)."""
    return Facets(
        places=store.facet_places(f.with_(places=())),
        groups=store.facet_actors(f.with_(actors=())),
        types=store.facet_event_types(f.with_(event_types=())),
        reviews=store.facet_reviews(f),
    )


def prefetch(store: Store, f: Filter) -> threading.Thread:
    """Start loading the first screen of `f` into the store's caches; join the thread before
    closing the store. Errors are left to the screen's own load, which reports them."""
    def run() -> None:
        try:
            store.names()
            store.count(f)
            load_summary(store, f)
            load_facets(store, f)
        except Exception:   # noqa: BLE001 — the same call on the screen raises it again, shown there
            pass

    thread = threading.Thread(target=run, name="rasd-prefetch", daemon=True)
    thread.start()
    return thread
