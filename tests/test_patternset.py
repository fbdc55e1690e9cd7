"""PatternSet gives exactly what running each pattern's finditer in turn gives."""

import re
from collections.abc import Sequence
from typing import Any

import pytest

from newsledger.extract.caveats import phrase_set, phrases
from newsledger.extract.patternset import PatternSet
from newsledger.extract.timepatterns import rules

TEXT = (
    "It could not be independently verified. Officials said on Monday, March 3, that "
    "figures vary widely; it was not possible to confirm the toll. In early March 2024 "
    "reports differ. aaa aaaa aa the day before yesterday, 12/03/2024."
)


def one_by_one(
    patterns: Sequence[re.Pattern[str]], text: str
) -> list[tuple[int, tuple[int, int], dict[str, Any]]]:
    return [(k, m.span(), m.groupdict()) for k, p in enumerate(patterns) for m in p.finditer(text)]


def together(
    patterns: Sequence[re.Pattern[str]], text: str
) -> list[tuple[int, tuple[int, int], dict[str, Any]]]:
    return [(k, m.span(), m.groupdict()) for k, m in PatternSet(patterns).finditer(text)]


@pytest.mark.parametrize(
    "patterns",
    [
        [
            re.compile(r"a+"),
            re.compile(r"aa"),
            re.compile(r"\baa(?P<x>a)?\b"),
        ],  # overlapping, nested
        [
            re.compile(r"\b(?:could not|not) be (?:independently )?verified", re.IGNORECASE),
            re.compile(r"figures vary", re.IGNORECASE),
        ],
        [re.compile(r"(?P<w>a)(?P=w)"), re.compile(r"a")],  # a back-reference: plain scans
        [re.compile(r"a", re.IGNORECASE), re.compile(r"A")],  # differing flags: plain scans
        [re.compile(r"(?=a)"), re.compile(r"x?")],  # empty matches
    ],
)
def test_same_matches_in_the_same_order(patterns: list[re.Pattern[str]]) -> None:
    expected = one_by_one(patterns, TEXT)
    assert expected  # the case tests something
    assert together(patterns, TEXT) == expected


def test_fallback_when_patterns_cannot_be_joined() -> None:
    assert PatternSet([re.compile(r"(?P<w>a)(?P=w)")]).any is None
    assert PatternSet([re.compile("a", re.IGNORECASE), re.compile("b")]).any is None
    assert PatternSet([re.compile("a"), re.compile("b")]).any is not None


def test_shipped_caveat_and_time_patterns_agree() -> None:
    caveat_patterns = [p.pattern for p in phrases()]
    assert phrase_set().any is not None
    assert together(caveat_patterns, TEXT) == one_by_one(caveat_patterns, TEXT)
    time_patterns = [p for _, p in rules()]
    low = TEXT.lower()
    assert together(time_patterns, low) == one_by_one(time_patterns, low)
