"""The bounded cache the overview and the search share: computed once, least recently used out."""

from __future__ import annotations

from library.caching import BoundedCache


def test_a_kept_value_is_not_computed_again():
    cache = BoundedCache(2)
    computed = []
    for _ in range(3):
        assert cache.get("a", lambda: computed.append("a") or 1) == 1
    assert computed == ["a"]


def test_the_least_recently_used_value_goes_first():
    cache = BoundedCache(2)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    cache.get("a", lambda: 0)  # a is used again, so b is now the oldest
    cache.get("c", lambda: 3)
    assert cache.get("a", lambda: "computed") == 1
    assert cache.get("b", lambda: "computed") == "computed"
