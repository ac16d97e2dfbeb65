"""The browser's first screen is loaded while Textual starts (tui/loads.py): the prefetch fills the
store's caches, and a screen asking for a result the prefetch is still computing waits for it
instead of running the query a second time."""
from __future__ import annotations

import threading
import time

from store.model import Filter
from tui.loads import Prefetch, load_facets, load_summary


def test_a_result_being_computed_is_waited_for_not_computed_again(store):
    calls = []

    def slow():
        calls.append(threading.current_thread().name)
        time.sleep(0.3)
        return object()

    got = []

    def ask():
        with store.connections.cursor() as cur:
            got.append(store._cached(cur, ("slow-test",), slow))

    threads = [threading.Thread(target=ask, name=f"asker-{i}") for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(got) == 3 and got[0] is got[1] is got[2]


def test_a_failed_computation_is_not_cached_and_the_waiter_tries_itself(store):
    attempts = []

    def failing_then_working():
        attempts.append(1)
        if len(attempts) == 1:
            time.sleep(0.2)
            raise RuntimeError("first attempt fails")
        return "ok"

    errors, got = [], []

    def ask():
        with store.connections.cursor() as cur:
            try:
                got.append(store._cached(cur, ("flaky-test",), failing_then_working))
            except RuntimeError as e:
                errors.append(e)

    first = threading.Thread(target=ask)
    first.start()
    time.sleep(0.05)
    ask()
    first.join()
    assert len(errors) == 1 and got == ["ok"] and len(attempts) == 2


def test_the_prefetch_leaves_the_first_screen_in_the_cache(store, monkeypatch):
    f = Filter()
    loading = Prefetch(store, f)
    while loading.running:
        time.sleep(0.01)

    def no_query(*_a, **_k):
        raise AssertionError("the first screen's results should come from the cache")

    import store.summary as summary_mod
    for name in ("totals", "summary", "facet_places", "facet_actors", "facet_event_types", "facet_reviews"):
        monkeypatch.setattr(summary_mod, name, no_query)
    summary, facets = load_summary(store, f), load_facets(store, f)
    assert summary.totals.incidents == store.count(f) > 0
    assert summary.weekly and summary.top_places and facets.places and facets.groups and facets.types


def test_a_stopped_prefetch_ends_after_the_query_it_is_in(store, monkeypatch):
    """Quitting at once waits for one query, not for the whole first screen."""
    asked = []

    def slow_names():
        asked.append("names")
        time.sleep(0.3)
        return store.__class__.names(store)

    monkeypatch.setattr(store, "names", slow_names)
    monkeypatch.setattr(store, "count", lambda f: asked.append("count"))
    loading = Prefetch(store, Filter())
    time.sleep(0.05)
    loading.stop()
    assert asked == ["names"] and not loading.running
