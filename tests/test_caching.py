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


def test_a_cache_with_sizes_keeps_values_up_to_their_total_size():
    cache = BoundedCache(10, size_of=len)
    cache.get("a", lambda: "xxxx")
    cache.get("b", lambda: "yyyy")
    cache.get("c", lambda: "zzzz")  # 12 > 10: the oldest goes
    assert cache.get("c", lambda: "computed") == "zzzz"
    assert cache.get("b", lambda: "computed") == "yyyy"
    assert cache.get("a", lambda: "?") == "?"


def test_a_value_larger_than_the_cache_is_returned_but_not_kept():
    cache = BoundedCache(10, size_of=len)
    cache.get("small", lambda: "xx")
    assert cache.get("big", lambda: "x" * 11) == "x" * 11
    assert cache.get("big", lambda: "computed") == "computed"
    assert cache.get("small", lambda: "computed") == "xx"
