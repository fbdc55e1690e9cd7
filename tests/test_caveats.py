"""Caveats: status and scope on an invented report and the seed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsledger.models import Analysis, Caveat

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sourcing" / "border_report.txt"


@pytest.fixture(scope="module")
def border(analyze_text: Callable[..., Analysis]) -> Analysis:
    return analyze_text(FIXTURE.read_text(encoding="utf-8"), published="2026-03-02")


def caveat(analysis: Analysis, words: str) -> Caveat:
    found = [c for c in analysis.caveats if words.lower() in c.text.lower()]
    assert found, f"no caveat {words!r} in {[c.text for c in analysis.caveats]}"
    return found[0]


def test_caveat_spans_point_into_the_text(border: Analysis) -> None:
    text = border.article.text
    for c in border.caveats:
        assert text[c.start : c.end] == c.text
        if c.scope is not None:
            assert text[c.scope.start : c.scope.end] == c.scope.text


def test_not_verified_scopes_the_subject_clause(border: Analysis) -> None:
    c = caveat(border, "has not been verified")
    assert c.status == "unverified"
    assert c.scope is not None and c.scope.text == "Whether the trucks actually reached the front"


def test_not_possible_to_confirm(border: Analysis) -> None:
    c = caveat(border, "not possible to confirm")
    assert c.status == "unconfirmed"
    assert c.scope is not None and "who paid for the fuel" in c.scope.text


def test_no_confirmed_information_and_varying_figures(border: Analysis) -> None:
    assert caveat(border, "No confirmed information").status == "unconfirmed"
    assert caveat(border, "figures vary").status == "disputed"


def test_conflicting_accounts_are_disputed(border: Analysis) -> None:
    c = caveat(border, "while other sources indicated")
    assert c.status == "disputed"
    assert c.scope is not None and "near the capital" in c.scope.text


def test_hedges_in_a_source_words(border: Analysis) -> None:
    certain = caveat(border, "almost certain")
    assert certain.status == "speculative"
    might = caveat(border, "might")
    assert might.status == "speculative"
    assert might.scope is not None and "double their numbers" in might.scope.text


def test_might_as_a_noun_is_no_hedge(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text("The volunteers pushed with all their might against the gate.")
    assert not [c for c in a.caveats if c.text.lower() == "might"]


def test_seed_caveats(seed_analysis: Analysis) -> None:
    statuses = {c.text: c.status for c in seed_analysis.caveats}
    assert statuses["has not been verified"] == "unverified"
    assert statuses["It was not possible to confirm"] == "unconfirmed"
    assert statuses["No confirmed information"] == "unconfirmed"
    assert statuses["almost certain"] == "speculative"
    assert statuses["might"] == "speculative"
    assert any(c.status == "disputed" and "other sources" in c.text for c in seed_analysis.caveats)
    verified = caveat(seed_analysis, "has not been verified")
    assert verified.scope is not None and verified.scope.text.startswith(
        "Whether these military vehicles"
    )
