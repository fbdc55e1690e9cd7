"""Patterns that find time expressions, built once from `knowledge/time_words.jsonl`.

Each rule is a named, precompiled regular expression run once over the whole
lower-cased article text (never token by token); `times.py` resolves what they match.
Rules are tried together and overlaps are settled by `times.py` (longest
match wins, then the order below).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsledger.knowledge import load_records

YEAR = r"(?:1[5-9]|20)\d\d"
# Number words count time units up to sixty ("sixty days ago"); the pattern has
# never read larger ones, which news writes in digits.
COUNT_LIMIT = 60


@dataclass(frozen=True)
class Lexicon:
    """Time words by kind: word -> record."""

    by_kind: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def words(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.by_kind.get(kind, {})

    def value(self, kind: str, word: str) -> Any:
        record = self.words(kind).get(normal(word))
        return None if record is None else record.get("value")


def normal(text: str) -> str:
    """Lower case, single spaces, no trailing dot, hyphens as in the lexicon."""
    return " ".join(text.lower().replace("\u2019", "'").split()).rstrip(".")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for record in load_records("time_words.jsonl"):
        by_kind.setdefault(str(record["kind"]), {})[normal(str(record["word"]))] = record
    for record in load_records("number_words.jsonl"):
        kind = spoken_kind(int(record["value"]))
        if kind is not None:
            by_kind.setdefault(kind, {})[normal(str(record["word"]))] = {**record, "kind": kind}
    return Lexicon(by_kind)


def spoken_kind(value: int) -> str | None:
    """How a number word takes part in a spoken year: "nineteen (tens) eighty (tens)
    four (digit)", "two thousand and six (digit)"."""
    if 1 <= value <= 9:
        return "spoken_digit"
    if 10 <= value <= 19 or (20 <= value <= 90 and value % 10 == 0):
        return "spoken_tens"
    return None


@lru_cache(maxsize=1)
def word_numbers() -> dict[str, int]:
    """Counts of time units by word: the number words up to COUNT_LIMIT, then the
    counts of time_words.jsonl ("a few", "a"), in the order the pattern tries them."""
    table = {
        normal(str(r["word"])): int(r["value"])
        for r in load_records("number_words.jsonl")
        if int(r["value"]) <= COUNT_LIMIT
    }
    table.update({word: int(r["value"]) for word, r in lexicon().words("count").items()})
    return table


def count_pattern() -> str:
    """The words `word_numbers` reads (not "zero"), then any digits."""
    return "|".join([*(re.escape(w) for w, n in word_numbers().items() if n > 0), r"\d+"])


def alt(words: Any) -> str:
    """An alternation of words, longest first, spaces matching any white space."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    lx = lexicon()
    mon = rf"(?P<mon>{alt(lx.words('month'))})\.?"
    wd = rf"(?P<wd>{alt(lx.words('weekday'))})"
    pod = rf"(?P<pod>{alt(lx.words('part_of_day'))})"
    part = (
        r"(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
        r"|the\s+middle\s+of)[\s-]+)"
    )
    shifts = alt(lx.words("shift"))
    units = r"(?P<unit>weekend|week|month|year|quarter|decade|century)"
    dom = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    num = rf"(?P<num>{count_pattern()})"
    patterns = {
        "iso": r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b",
        "slash": r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d{2})\b",
        "mdy_range": (
            rf"\b{mon}\s+(?P<d>[0-3]?\d)\s*(?:-|\u2013|to|through)\s*(?P<d2>[0-3]?\d)\b"
            rf"(?:,?\s+(?P<y>{YEAR})\b)?"
        ),
        "dmy_range": (
            rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|\u2013|to)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+"
            rf"(?:of\s+)?{mon}(?:,?\s+(?P<y>{YEAR})\b)?"
        ),
        "mdy": (
            rf"\b(?:{wd}(?:\s+{pod})?,?\s+)?(?:{part})?{mon}\s+{dom}\b(?!\s*(?:%|percent|-))"
            rf"(?:,?\s+(?P<y>{YEAR})\b)?"
        ),
        "dmy": rf"\b(?:{wd},?\s+)?(?:the\s+)?{dom}\s+(?:of\s+)?{mon}(?:,?\s+(?P<y>{YEAR})\b)?",
        "month_year": rf"\b{part}?{mon},?\s+(?:of\s+)?(?P<y>{YEAR})\b",
        "month_rel": rf"\b{part}?{mon}\s+(?P<shift>this|last|next)\s+year\b",
        "quarter": (
            rf"\b(?:(?P<qy>{YEAR})(?:'s)?\s+|(?P<qshift>this|last|next)\s+year's\s+)?(?:the\s+)?"
            r"(?:(?P<ya>year-earlier|year-ago|year-before)\s+)?"
            r"(?:(?P<fiscal>fiscal)\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
            rf"[\s-]+(?:fiscal\s+)?quarter\b(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR}))?"
        ),
        "half": (
            r"\b(?:the\s+)?(?P<h>first|second|last)\s+half(?:\s+of\s+"
            rf"(?:(?P<y>{YEAR})|(?:the|this)\s+year|(?P<hshift>last|next)\s+year))?\b"
        ),
        "shifted": (
            rf"\b(?:(?P<pre>earlier|later|early|late)\s+)?(?P<shift>{shifts})\s+"
            rf"(?:(?P<mon>{alt(lx.words('month'))})|{wd}|(?P<season>{alt(lx.words('season'))})|{units})"
            rf"(?:\s+{pod})?\b"
        ),
        "ago": (
            rf"\b{num}\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+"
            r"(?P<dir>ago|earlier|later|from\s+now|hence)\b"
        ),
        "anaphoric": rf"\b(?P<ana>{alt(lx.words('anaphoric'))})\b",
        "period_ref": rf"(?<![\w-])(?P<pref>{alt(lx.words('period_ref'))})\b",
        "relday": (
            rf"\b(?:(?P<pre>early|late)\s+)?(?P<rel>{alt(lx.words('relative_day'))})"
            rf"(?:\s+{pod})?\b"
        ),
        "weekday": rf"\b{wd}(?:\s+{pod})?\b",
        "season": (
            rf"\b(?:the\s+)?(?P<season>{alt(lx.words('season'))})\s+(?:of\s+)?(?P<y>{YEAR})\b"
        ),
        "decade": rf"\b(?:the\s+)?{part}?(?:(?P<dec>(?:1[5-9]|20)\d0)|'(?P<dec2>\d0))'?s\b",
        "century": r"\b(?:the\s+)?(?P<cent>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b",
        "year_range": (
            rf"\b(?:from\s+|between\s+)?(?P<y>{YEAR})\s*(?:-|\u2013|to|and|through)\s*"
            rf"(?P<y2>{YEAR}|\d\d)\b(?!\s*%)"
        ),
        "year": rf"\b(?:(?P<fiscal>fiscal)\s+|{part})?(?P<y>{YEAR})\b(?![-/]\d|\s*%|,\d)",
        "month": rf"\b{part}?{mon}(?![\w-])",
        "duration": (
            rf"\b(?:for|over|in|during)\s+(?:the\s+)?(?:(?P<approx>more\s+than|over|nearly|almost|about|around|"
            rf"at\s+least|less\s+than|past|last)\s+)?{num}?\s*(?P<unit>hours?|days?|weeks?|months?|years?|decades?)\b"
        ),
        "year_end": rf"\b(?:around\s+)?(?P<ye>{alt(lx.words('year_end'))})\b",
        "year_period": rf"\bthe\s+(?P<y>{YEAR})\s+(?:period|quarter)\b",
        "season_bare": (
            rf"\b(?:in\s+the|the|in)\s+(?:(?:early|late)\s+)?(?P<season>{alt(lx.words('season'))})\b"
            r"(?!\s+(?:of|in|to)\b)"
        ),
        "holiday": rf"\b(?P<hol>{alt(lx.words('holiday'))})(?![\w-])(?:,?\s+(?P<y>{YEAR})\b)?",
        "spoken_year": (
            rf"\b(?:the\s+year\s+)?(?:(?P<cent>nineteen|twenty)[\s-]+(?P<tens>{alt(lx.words('spoken_tens'))})"
            rf"(?:[\s-]+(?P<unit>{alt(lx.words('spoken_digit'))}))?|(?P<mil>two\s+thousand)"
            rf"(?:\s+(?:and\s+)?(?P<small>{alt(lx.words('spoken_digit'))}|{alt(lx.words('spoken_tens'))}))?)\b"
        ),
        "vague": rf"(?<![\w-])(?P<vague>{alt(lx.words('vague'))})(?![\w-])",
    }
    # Run over the lower-cased text (twice as fast as IGNORECASE); callers check
    # capitals against the original text at the same offsets.
    return tuple((name, re.compile(p)) for name, p in patterns.items())
