"""One repagination fewer: WeasyPrint 70 lays out every page with a forward page reference
three times where two give the same pages.

A reference such as the contents' ``target-counter(attr(href), page)`` is unknown on the first
pass, so the page that holds it is laid out again once its target's page is known.  On that
second pass the page's own anchors are stored again with their page counters, which now also
hold the total ``pages`` (0 on the first pass).  WeasyPrint then tells every box that refers to
one of those anchors that its counters changed, whatever counter it shows, and lays out those
boxes' pages a third time: in the default report, 19 pages laid out three times, 38 page
layouts and about 3 s of CPU that change nothing (see the ``TODO`` in WeasyPrint's
``TargetCollector.cache_target_page_counters``: "Is the item at all interested in the new
page_counter_values?").

:func:`fewer_repaginations` answers that question: when none of the counters that changed is
one a referring box shows, the anchor's new counters are stored and no box is told.  Any other
change goes to WeasyPrint's own code, which does what it did.  Like :mod:`.svgtext`, it is
applied only while the report is laid out and is not thread-safe (one render per process, as
the pipeline runs).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["changed_counters", "fewer_repaginations"]


def changed_counters(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    """The names of the counters whose values differ between ``old`` and ``new``."""
    return {name for name in set(old) | set(new) if old.get(name) != new.get(name)}


def _by_anchor(box: Any, targets: Mapping[Any, list[str]]) -> dict[Any, list[str]]:
    """``targets`` with the counters filed under ``None`` (a ``target-counter(attr(…))``,
    which WeasyPrint files before it reads the attribute) filed under the anchors that the
    box's ``target-counter(attr(…))`` values name."""
    named = {k: list(v) for k, v in targets.items() if k is not None}
    element = getattr(box, "element", None)
    if element is None:
        return named
    for value in box.style["content"]:
        if value[0] not in ("target-counter()", "target-counters()"):
            continue
        token = value[1][0]
        if token[0] != "attr()":
            continue
        ref = element.get(token[1][0], token[1][2]) or ""
        if ref.startswith("#"):
            counters = named.setdefault(ref[1:], [])
            counters.extend(c for c in targets[None] if c not in counters)
    return named


def _shown(collector: Any, anchor: str) -> set[str]:
    """The counters of ``anchor`` that some box of the document shows (``target-counter``)."""
    shown: set[str] = set()
    for lookup in collector.counter_lookup_items.values():
        shown.update(lookup.missing_target_counters.get(anchor) or ())
    return shown


@contextlib.contextmanager
def fewer_repaginations() -> Iterator[None]:
    """Within this block, WeasyPrint does not lay out a page again for an anchor's counter
    change that no box shows.  Restores WeasyPrint on exit."""
    from weasyprint.css.targets import CounterLookupItem, TargetCollector

    original = TargetCollector.cache_target_page_counters

    def cache_target_page_counters(
        self: Any, anchor_name: str, page_counter_values: Any, page_maker_index: int, pm: Any
    ) -> None:
        item = self.target_lookup_items.get(anchor_name)
        if (
            not self.collecting
            and item is not None
            and item.state == "up-to-date"
            and item.cached_page_counter_values
        ):
            changed = changed_counters(item.cached_page_counter_values, page_counter_values)
            if changed and not changed & _shown(self, anchor_name):
                item.page_maker_index = page_maker_index
                item.cached_page_counter_values = copy.deepcopy(page_counter_values)
                return
        original(self, anchor_name, page_counter_values, page_maker_index, pm)

    collect = TargetCollector.collect_missing_counters

    def collect_missing_counters(
        self: Any, parent_box: Any, css_token: str, parse_again: Any, missing: Any, targets: Any
    ) -> None:
        if None in targets:
            targets = _by_anchor(parent_box, targets)
        collect(self, parent_box, css_token, parse_again, missing, targets)

    TargetCollector.cache_target_page_counters = cache_target_page_counters
    TargetCollector.collect_missing_counters = collect_missing_counters
    CounterLookupItem.cached_page_counter_values = property(_seen_get, _seen_set)
    try:
        yield
    finally:
        TargetCollector.cache_target_page_counters = original
        TargetCollector.collect_missing_counters = collect
        del CounterLookupItem.cached_page_counter_values


class SeenCounters(dict[str, Any]):
    """Page counter values as a box that shows the counters ``names`` sees them: equal to
    other values when those counters are."""

    __slots__ = ("names",)

    def __init__(self, values: Mapping[str, Any], names: frozenset[str]) -> None:
        super().__init__(values)
        self.names = names

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return all(self.get(name) == other.get(name) for name in self.names)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None


# stored under the attribute's own name: after the block, the instance attribute (still a
# SeenCounters, a dict) is what WeasyPrint reads
def _seen_get(lookup: Any) -> SeenCounters:
    return lookup.__dict__["cached_page_counter_values"]


def _seen_set(lookup: Any, values: Mapping[str, Any]) -> None:
    seen = SeenCounters(values, frozenset(lookup.missing_counters))
    lookup.__dict__["cached_page_counter_values"] = seen
