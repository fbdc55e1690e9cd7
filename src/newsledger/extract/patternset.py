"""Run many regular expressions over one text at the cost of about one.

The caveat phrases are a list of patterns (from a knowledge file) run over the
whole article in order. Python's `re` cannot share work between patterns, so
each pays a full scan. `PatternSet` first finds, with one
combined look-ahead scan, every position where *some* pattern matches, then
tries each pattern only at those positions. The matches, and their order, are
exactly those of running `pattern.finditer(text)` for each pattern in turn:
every match of a pattern starts at a position the combined scan reports.

Patterns the combined scan cannot hold (back-references, differing flags) make
the set fall back to plain scans. It pays off when matches are rare: the time
patterns match so often that the combined scan costs as much as theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

NAMED_GROUP = re.compile(r"\(\?P<\w+>")
BACK_REFERENCE = re.compile(r"\(\?P=|\\[1-9]")


def combined(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """A zero-width pattern that matches where any of `patterns` would, or
    None when they cannot be joined."""
    if not patterns or len({p.flags for p in patterns}) != 1:
        return None
    sources = [p.pattern for p in patterns]
    if any(BACK_REFERENCE.search(s) for s in sources):
        return None
    body = "|".join("(?:" + NAMED_GROUP.sub("(?:", s) + ")" for s in sources)
    try:
        return re.compile("(?=" + body + ")", patterns[0].flags)
    except re.error:
        return None


class PatternSet:
    """Patterns to run over the same texts, cheaply (see the module doc)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        self.patterns = tuple(patterns)
        self.any = combined(self.patterns)

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(pattern number, match) for each pattern in order, and its matches
        left to right without overlaps: as `pattern.finditer` gives them."""
        if self.any is None:
            for k, pattern in enumerate(self.patterns):
                for m in pattern.finditer(text):
                    yield k, m
            return
        starts = [m.start() for m in self.any.finditer(text)]
        for k, pattern in enumerate(self.patterns):
            resume = 0
            for start in starts:
                if start < resume:
                    continue
                found = pattern.match(text, start)
                if found is not None:
                    resume = max(found.end(), start + 1)
                    yield k, found
