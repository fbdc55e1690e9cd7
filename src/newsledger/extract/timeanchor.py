"""Which week or year a weekday, a month or a date without its year names: a learned choice.

"Monday", "December" and "Feb. 1" leave open which week or year is meant. The
candidates are the one on or before the publication date (the anchor), the
one on or after it, the one in its year (months and dates) and the same three
counted from the last date the paragraph gave (the ref: "On March 3 ... on
Monday"). A linear model scores each candidate from features of the
expression (the tense and tag of its governing verb, the word before it,
whether the paragraph gave a date and how far back, which kind of expression)
crossed with the candidate's kind, how far the candidate lies from the anchor
and the ref, and whether the rules (`timerules.py`) would choose it; the best
scoring candidate wins.

The weights (`knowledge/date_anchor_model.json`) are learned by
`make train-dates` from the tune part of TimeBank only (train/dates.py),
which enables them only when, cross-validated over that part, they choose
better than the rules. Without an enabled model, or without an anchor, the
rules decide alone. Scoring is a few dictionary look-ups per expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsledger.extract import timeres as tr
from newsledger.extract.timepatterns import lexicon
from newsledger.extract.timeres import Period
from newsledger.extract.timerules import State
from newsledger.knowledge import PACKAGE_DIR, enabled_weights

MODEL_FILE = "date_anchor_model.json"
RULES = ("weekday", "month", "mdy", "dmy")  # the expressions the model may re-anchor


@dataclass(frozen=True)
class Surroundings:
    """What the model reads of an expression's surroundings (computed from the parse)."""

    tense: str | None  # "past" | "future" | None, of the governing verb
    verb_tag: str  # the governing verb's tag, or "none"
    before: str  # the word before the expression (lower case), or its part of speech
    paragraph: int  # the paragraph's number (0 = the lead)


@dataclass(frozen=True)
class Option:
    kind: str  # "dct:past", "dct:future", "dct:same", "ref:past", ..., or "rule"
    period: Period
    rule: bool  # the rules' own choice


def expression_kind(rule: str, match: re.Match[str]) -> str | None:
    """ "weekday", "month" or "date" for the expressions the model re-anchors, else None."""
    groups = match.groupdict()
    if rule == "weekday":
        return "weekday"
    if rule == "month":
        return "month"
    if (
        rule in ("mdy", "dmy")
        and not groups.get("y")
        and not groups.get("wd")
        and not groups.get("part")
    ):
        return "date"
    return None


def _month_day(match: re.Match[str]) -> tuple[int, int | None]:
    mon = int(lexicon().value("month", match.group("mon")))
    d = match.groupdict().get("d")
    return mon, int(d) if d else None


def _dated(y: int, mon: int, dom: int | None) -> Period | None:
    if dom is None:
        return tr.month(y, mon)
    d = tr.safe_date(y, mon, dom)
    return tr.day(d) if d else None


def candidates_from(kind: str, match: re.Match[str], base: date) -> Iterator[tuple[str, Period]]:
    """(direction, period) counted from one base day: past, future, same (year)."""
    if kind == "weekday":
        wd = int(lexicon().value("weekday", match.group("wd")))
        yield "past", tr.day(tr.weekday_near(base, wd, None))
        yield "future", tr.day(tr.weekday_near(base, wd, "future"))
        return
    mon, dom = _month_day(match)
    options = [
        (y, p)
        for y in (base.year - 1, base.year, base.year + 1)
        if (p := _dated(y, mon, dom)) is not None
    ]
    past = [p for _, p in options if p.start <= base]
    future = [p for _, p in options if p.end >= base]
    if past:
        yield "past", max(past, key=lambda p: p.start)
    if future:
        yield "future", min(future, key=lambda p: p.start)
    same = [p for y, p in options if y == base.year]
    if same:
        yield "same", same[0]


def options(kind: str, match: re.Match[str], state: State, ruled: Period | None) -> list[Option]:
    """Every candidate reading, the rules' one marked (and added if none equals it)."""
    assert state.anchor is not None
    found = [
        Option(f"dct:{d}", p, p == ruled) for d, p in candidates_from(kind, match, state.anchor)
    ]
    if state.ref is not None:
        found += [
            Option(f"ref:{d}", p, p == ruled)
            for d, p in candidates_from(kind, match, state.ref.start)
        ]
    if ruled is not None and not any(o.rule for o in found):
        found.append(Option("rule", ruled, True))
    return found


def expression_features(kind: str, ctx: Surroundings, state: State) -> list[str]:
    assert state.anchor is not None
    feats = [
        f"kind={kind}",
        f"tense={ctx.tense or 'none'}",
        f"tag={ctx.verb_tag}",
        f"before={ctx.before}",
        f"lead={'yes' if ctx.paragraph == 0 else 'no'}",
    ]
    if state.ref is None:
        feats.append("ref=none")
    else:
        days = (state.anchor - state.ref.start).days
        feats.append(
            "ref=after"
            if days < 0
            else "ref=week"
            if days <= 7
            else "ref=quarter"
            if days <= 92
            else "ref=older"
        )
        feats.append(f"refgrain={state.ref.grain}")
    return feats


def option_features(option: Option, expression: list[str], state: State) -> dict[str, float]:
    """The sparse feature vector of one candidate."""
    assert state.anchor is not None
    out = {f"{f}&{option.kind}": 1.0 for f in expression}
    out[f"bias&{option.kind}"] = 1.0
    out["rule"] = 1.0 if option.rule else 0.0
    out["dist_dct"] = min(1.0, abs((option.period.start - state.anchor).days) / 365)
    if state.ref is not None:
        out["dist_ref"] = min(1.0, abs((option.period.start - state.ref.start).days) / 365)
    return out


@dataclass(frozen=True)
class Choice:
    """A candidate and its features, as recorded for training."""

    option: Option
    features: dict[str, float]


def training_choices(
    rule: str, match: re.Match[str], state: State, ctx: Surroundings, ruled: Period
) -> list[Choice]:
    kind = expression_kind(rule, match)
    if kind is None or state.anchor is None:
        return []
    expression = expression_features(kind, ctx, state)
    return [
        Choice(o, option_features(o, expression, state)) for o in options(kind, match, state, ruled)
    ]


@lru_cache(maxsize=1)
def weights() -> dict[str, float] | None:
    """The shipped model's weights, or None when there is no model file or the
    model did not beat the rules when it was trained (its "enabled" flag)."""
    return enabled_weights(PACKAGE_DIR / MODEL_FILE, "date anchoring model")


def score(features: dict[str, float], w: dict[str, float]) -> float:
    return sum(w.get(name, 0.0) * value for name, value in features.items())


def choose(
    rule: str, match: re.Match[str], state: State, ctx: Surroundings, ruled: Period | None
) -> Period | None:
    """The model's reading of a weekday, month or year-less date, or `ruled` when it cannot."""
    kind = expression_kind(rule, match)
    w = weights()
    if kind is None or w is None or state.anchor is None:
        return ruled
    found = options(kind, match, state, ruled)
    if not found:
        return ruled
    expression = expression_features(kind, ctx, state)
    return max(
        found, key=lambda o: (score(option_features(o, expression, state), w), o.rule)
    ).period
