"""What the main screen asks the store for after each filter change, without Textual: the screen's
worker runs these, and so does the browser's prefetch, which starts them while Textual is still
being imported and the first frame drawn (DuckDB works on the other core meanwhile; the store
caches the results and makes the screen's worker wait for a query already running)."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from store import warm
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


SUMMARIES = (("week", 10_000), ("place", TOP), ("actor", TOP))   # the chart, the two top lists
# each list counted as if its own selection were cleared (picking a town keeps the others choosable)
FACETS = (lambda store, f: store.facet_places(f.with_(places=())),
          lambda store, f: store.facet_actors(f.with_(actors=())),
          lambda store, f: store.facet_event_types(f.with_(event_types=())),
          lambda store, f: store.facet_reviews(f))


def load_summary(store: Store, f: Filter) -> Summary:
    return Summary(store.totals(f), *(store.summary(f, by, limit=n) for by, n in SUMMARIES))


def load_facets(store: Store, f: Filter) -> Facets:
    return Facets(*(ask(store, f) for ask in FACETS))


class Prefetch:
    """Loads the first screen of `f` into the store's caches in a thread (see the module docstring).
    `stop()` before closing the store: it waits for the query running then, not for the rest, so a
    person who quits at once is not kept waiting. Errors are left to the screen's own load, which
    reports them."""

    def __init__(self, store: Store, f: Filter) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(store, f), name="rasd-prefetch", daemon=True)
        self._thread.start()

    def _run(self, store: Store, f: Filter) -> None:
        try:
            for step in self._steps(store, f):
                if self._stopping.is_set():
                    return
                step()
        except Exception:   # noqa: BLE001 — the same call on the screen raises it again, shown there
            pass

    @staticmethod
    def _steps(store: Store, f: Filter) -> Iterator[Callable[[], object]]:
        """The calls in order; the unfiltered view is first looked for among the results kept from
        the last launch (store/warm.py, checked against the day histogram the count has just made)
        and, when not found there, kept for the next."""
        yield store.names
        yield lambda: store.count(f)
        restored = f == warm.ANY and warm.restore(store)
        yield lambda: store.totals(f)
        for by, n in SUMMARIES:
            yield lambda by=by, n=n: store.summary(f, by, limit=n)
        for ask in FACETS:
            yield lambda ask=ask: ask(store, f)
        if f == warm.ANY and not restored:
            yield lambda: warm.keep(store)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
