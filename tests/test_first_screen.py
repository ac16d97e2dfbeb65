"""The browser's first screen is loaded while Textual starts (tui/loads.py): the prefetch fills the
store's caches, and a screen asking for a result the prefetch is still computing waits for it
instead of running the query a second time. The unfiltered first screen is kept between launches
(store/warm.py) and used only while the store is unchanged."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from store import warm
from store.api import Store
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


def prefetched(store: Store, f: Filter = Filter()) -> None:
    loading = Prefetch(store, f)
    while loading.running:
        time.sleep(0.01)


def no_queries(monkeypatch) -> None:
    def no_query(*_a, **_k):
        raise AssertionError("the first screen's results should come from the cache")

    import store.summary as summary_mod
    for name in ("totals", "summary", "facet_places", "facet_actors", "facet_event_types", "facet_reviews"):
        monkeypatch.setattr(summary_mod, name, no_query)


def test_the_prefetch_leaves_the_first_screen_in_the_cache(store, monkeypatch):
    f = Filter()
    prefetched(store, f)
    no_queries(monkeypatch)
    summary, facets = load_summary(store, f), load_facets(store, f)
    assert summary.totals.incidents == store.count(f) > 0
    assert summary.weekly and summary.top_places and facets.places and facets.groups and facets.types


def next_launch(store: Store) -> Store:
    """The same store as a new process opens it: nothing in memory."""
    return Store(store.connections)


def test_the_next_launch_finds_the_unfiltered_first_screen_kept(store, monkeypatch):
    prefetched(store)
    kept = load_summary(store, Filter()), load_facets(store, Filter())
    assert warm.kept_file(store).is_file()
    again = next_launch(store)
    prefetched(again)
    no_queries(monkeypatch)
    assert (load_summary(again, Filter()), load_facets(again, Filter())) == kept


@pytest.mark.parametrize("change", ["review", "correction"])
def test_a_kept_first_screen_is_not_used_after_the_store_changed(store, change: str):
    prefetched(store)
    before = load_summary(store, Filter()).totals
    worst = store.timeline_at(Filter(), 0, 1, by="killed")[0]
    if change == "review":
        store.add_review(worst.id, "rejected", "a duplicate")     # rejected reports leave the totals
        expected = (before.incidents - 1, before.killed - worst.killed)
    else:                                                        # the same days, another toll
        assert store.correct(worst.id, "killed", str(worst.killed + 10), "recounted")
        expected = (before.incidents, before.killed + 10)
    again = next_launch(store)
    assert not warm.restore(again)
    prefetched(again)
    after = load_summary(again, Filter()).totals
    assert (after.incidents, after.killed) == expected
    third = next_launch(store)                                  # and the new figures are what is kept
    assert warm.restore(third) and load_summary(third, Filter()).totals == after


def test_a_store_rebuilt_under_the_same_name_does_not_use_the_kept_first_screen(store, tmp_path: Path):
    prefetched(store)
    path = Path(store.path)
    store.close()
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    path.unlink()
    copy.rename(path)                   # the same bytes, another file
    with Store.open(path) as rebuilt:
        assert not warm.restore(rebuilt)


def test_new_place_names_retire_the_kept_first_screen(store):
    """A newer gazetteer renames places without a new generation: the kept facets would be stale."""
    from store.db import set_meta

    prefetched(store)
    store.connections.transaction(lambda cur: set_meta(cur, "reference", 12345))
    assert not warm.restore(next_launch(store))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other code"])
def test_an_unusable_kept_file_is_ignored_and_replaced(store, monkeypatch, damage: str):
    prefetched(store)
    kept = warm.kept_file(store)
    if damage == "garbage":
        kept.write_text("{not json", encoding="utf-8")
    elif damage == "truncated":
        kept.write_bytes(kept.read_bytes()[: kept.stat().st_size // 2])
    else:
        monkeypatch.setattr(warm, "code_digest", lambda: "a later version of the queries")
    again = next_launch(store)
    assert not warm.restore(again)
    prefetched(again)                   # computed, and kept anew
    assert warm.restore(next_launch(store))


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
