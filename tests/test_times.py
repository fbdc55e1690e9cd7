"""Time expressions on invented articles, resolved against a publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsledger.extract import timeres as tr
from newsledger.extract.pubdate import infer_publication_date
from newsledger.extract.times import find_times, times_in_span
from newsledger.models import Time

FIXTURES = Path(__file__).parent / "fixtures" / "times"


def times_of(nlp, text: str, anchor: date | None) -> dict[str, Time]:  # type: ignore[no-untyped-def]
    return {t.text: t for t in find_times(nlp(text), anchor)}


@pytest.fixture(scope="module")
def flood(nlp) -> dict[str, Time]:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "flood_wire.txt").read_text(encoding="utf-8")
    return times_of(nlp, text, date(2025, 3, 14))  # a Friday


@pytest.mark.parametrize(
    "text, value, end_value, precision",
    [
        ("Monday, March 10, 2025", "2025-03-10", None, "day"),
        ("Thursday", "2025-03-13", None, "day"),  # said on Thursday: the past one
        ("February 2025", "2025-02", None, "month"),
        ("1998", "1998", None, "year"),
        ("the 1970s", "1970", "1979", "year"),
        ("Tuesday", "2025-03-11", None, "day"),
        ("The next day", "2025-03-12", None, "day"),  # the day after Tuesday
        ("Two days later", "2025-03-14", None, "day"),
        ("Monday", "2025-03-17", None, "day"),  # "we will reopen ... on Monday"
        ("next month", "2025-04", None, "month"),
        ("Between 2019 and 2021", "2019", "2021", "year"),
        ("Last week", "2025-03-03", "2025-03-09", "week"),
        ("yesterday", "2025-03-13", None, "day"),
        ("March 17 to March 19", "2025-03-17", "2025-03-19", "day"),
        ("the third quarter of 2024", "2024-07", "2024-09", "month"),
        (
            "for more than a week",
            "2025-03-07",
            "2025-03-14",
            "day",
        ),  # perfect tense: ends at the anchor
    ],
)
def test_flood_story_times(
    flood: dict[str, Time], text: str, value: str, end_value: str | None, precision: str
) -> None:
    assert text in flood, sorted(flood)
    t = flood[text]
    assert (t.value, t.end_value, t.precision) == (value, end_value, precision)


def test_vague_times_carry_ref(flood: dict[str, Time]) -> None:
    assert flood["recently"].ref == "past" and flood["recently"].value is None
    assert flood["currently"].ref == "present" and flood["currently"].value == "2025-03-14"


def test_ids_offsets_and_order(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "flood_wire.txt").read_text(encoding="utf-8")
    times = find_times(nlp(text), date(2025, 3, 14))
    assert [t.id for t in times] == [f"T{i}" for i in range(1, len(times) + 1)]
    assert all(text[t.start : t.end] == t.text for t in times)
    assert [t.start for t in times] == sorted(t.start for t in times)


def test_results_story_periods(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "results_story.txt").read_text(encoding="utf-8")
    got = times_of(nlp, text, date(2024, 10, 24))
    assert (got["third-quarter"].value, got["third-quarter"].end_value) == ("2024-07", "2024-09")
    assert got["a year earlier"].value == "2023-07"  # the quarter a year before
    assert got["the latest quarter"].value == "2024-07"
    assert got["late January"].value == "2025-01"  # "will report them in late January"
    assert got["the end of the year"].value == "2024-12-31"


def test_seed_style_weekdays_and_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Monday, Jan. 5, 2026, a friend offered him work. He left on Tuesday, Jan. 6. "
        "We lost contact with him on Wednesday. More than 60 buses had crossed by Sunday "
        "evening, Jan. 11. The number of flights reached 13 last Monday. Unlike in June 2025, "
        "he was dismissed after 2017."
    )
    got = times_of(nlp, text, date(2026, 1, 12))
    assert got["Monday, Jan. 5, 2026"].value == "2026-01-05"
    assert got["Tuesday, Jan. 6"].value == "2026-01-06"
    assert got["Wednesday"].value == "2026-01-07"
    assert got["Sunday evening, Jan. 11"].value == "2026-01-11"
    assert got["last Monday"].value == "2026-01-05"
    assert (got["June 2025"].value, got["June 2025"].precision) == ("2025-06", "month")
    assert (got["2017"].value, got["2017"].precision) == ("2017", "year")


def test_month_and_number_words_are_not_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "She may march to the square, and 1500 soldiers arrived. Officials counted 2017 ballots."
    assert find_times(nlp(text), date(2025, 1, 1)) == []


def test_without_anchor_only_absolute_dates_resolve(nlp) -> None:  # type: ignore[no-untyped-def]
    got = times_of(nlp, "The talks opened on 5 January 2026 and resumed yesterday.", None)
    assert got["5 January 2026"].value == "2026-01-05"
    assert got["yesterday"].value is None


def test_infer_publication_date_takes_latest_full_date(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The ceasefire of March 3, 2024 held until 2024-04-02. Talks resumed in 2023 terms.")
    assert infer_publication_date(doc) == "2024-04-02"
    assert (
        infer_publication_date(nlp("Talks resumed on Friday.")) is None
    )  # no year written: no date


@pytest.mark.parametrize(
    "text, published",
    [
        # a date without its year, in the year the text establishes
        ("Rebels took the town on Dec. 30, 2025. On Jan. 2 they withdrew.", "2026-01-02"),
        ("Rebels took the town on Jan. 2, 2026. The siege had begun on Dec. 20.", "2026-01-02"),
        # across the new year, with the weekday that fits it
        ("The strike began on Dec. 28, 2019. It ended on Thursday, Jan. 2.", "2020-01-02"),
        # a bare weekday could be any day of the week before publication: it does not move the date
        (
            "Police said on Monday, Feb. 2, 2026 that two people died. On Thursday a curfew began.",
            "2026-02-02",
        ),
        # a day far ahead of every written date is talk of the future, whatever the tense says
        (
            "Fallon wrote on Aug. 2, 2016: “And I’m telling you, November 8, we’d better be "
            "careful.”",
            "2016-08-02",
        ),
        # future days do not date the report
        ("The vote on March 3, 2026 went ahead. Talks will resume on March 20.", "2026-03-03"),
    ],
)
def test_infer_publication_date_uses_dates_without_a_year(  # type: ignore[no-untyped-def]
    nlp,
    text: str,
    published: str,
) -> None:
    assert infer_publication_date(nlp(text)) == published


def test_inferred_date_anchors_weekdays(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fighting broke out on Tuesday, Nov. 3, 2026, in the north of the country.\n\n"
        "By Friday evening, Nov. 6, the army had retaken two villages, an officer said. "
        "Aid workers lost contact with the convoy on Wednesday."
    )
    analysis = analyze_text(text)
    assert (analysis.article.published, analysis.article.published_source) == (
        "2026-11-06",
        "inferred",
    )
    values = {t.text: t.value for t in analysis.times}
    assert values["Wednesday"] == "2026-11-04"


def test_times_in_span(flood: dict[str, Time]) -> None:
    times = sorted(flood.values(), key=lambda t: t.start)
    first = times[0]
    assert times_in_span(times, first.start, first.end) == [first]
    assert times_in_span(times, 0, 0) == []


def test_calendar_helpers() -> None:
    anchor = date(2026, 1, 12)  # a Monday
    assert tr.weekday_near(anchor, 2, None) == date(2026, 1, 7)
    assert tr.weekday_near(anchor, 2, "future") == date(2026, 1, 14)
    assert tr.weekday_near(anchor, 0, None, -1) == date(2026, 1, 5)
    assert tr.nearest_year(12, 15, date(2025, 1, 10), None) == 2024
    assert tr.nearest_year(12, 15, date(2025, 11, 20), "past") == 2025
    assert tr.fields(tr.quarter(1989, 3)) == ("1989-07", "1989-09", "month")
    assert tr.fields(tr.week_of(anchor)) == ("2026-01-12", "2026-01-18", "week")


def test_seed_article_times(seed_analysis) -> None:  # type: ignore[no-untyped-def]
    values = {t.text: t.value for t in seed_analysis.times}
    assert values.get("Jan. 7") == "2026-01-07"
    assert values.get("Sunday evening, Jan. 11") == "2026-01-11"
    assert values.get("Wednesday") == "2026-01-07"  # "We lost contact with him on Wednesday"
    assert values.get("last Monday") == "2026-01-05"
    article = seed_analysis.article
    if article.published_source == "inferred":  # the seed carries no date: on or after Jan. 11
        assert article.published is not None and "2026-01-11" <= article.published <= "2026-01-14"


def test_time_for_token_prefers_the_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.extract.times import time_for_token

    doc = nlp("Troops left the base on Tuesday and arrived in the capital on Thursday.")
    times = find_times(doc, date(2025, 3, 14))
    left = next(t for t in doc if t.lemma_ == "leave")
    arrived = next(t for t in doc if t.lower_ == "arrived")
    assert time_for_token(times, left).text == "Tuesday"  # type: ignore[union-attr]
    assert time_for_token(times, arrived).text == "Thursday"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "sentence, text, value, end_value",
    [
        (
            "In the past 24 hours, shelling hit the town.",
            "In the past 24 hours",
            "2025-05-09",
            "2025-05-10",
        ),
        (
            "Over the last three weeks, 40 people died.",
            "Over the last three weeks",
            "2025-04-19",
            "2025-05-10",
        ),
        ("Last night a drone fell on the depot.", "Last night", "2025-05-09", None),
        (
            "Clashes erupted the day before yesterday.",
            "the day before yesterday",
            "2025-05-08",
            None,
        ),
        ("The siege began on Christmas Eve.", "Christmas Eve", "2024-12-24", None),
        ("Talks will resume on 14 May.", "14 May", "2025-05-14", None),
        ("The ceasefire collapsed in early April.", "early April", "2025-04", None),
        ("The group was founded in the late 1980s.", "the late 1980s", "1980", "1989"),
        ("A decade ago the town had a market.", "A decade ago", "2015", None),
        ("Aid arrived in the first half of 2024.", "the first half of 2024", "2024-01", "2024-06"),
    ],
)
def test_conflict_news_phrases(  # type: ignore[no-untyped-def]
    nlp,
    sentence: str,
    text: str,
    value: str,
    end_value: str | None,
) -> None:
    got = times_of(nlp, sentence, date(2025, 5, 10))
    assert text in got, sorted(got)
    assert (got[text].value, got[text].end_value) == (value, end_value)


@pytest.mark.parametrize("anchor", [date(1, 1, 5), date(9999, 12, 20), None])
def test_messy_text_and_extreme_anchors_never_raise(nlp, anchor: date | None) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Feb. 30 and 13/45/2020 or 2026-13-45, the 45th century, a year ago, the '90s, "
        "last Monday, next quarter, two thousand and, nineteen ninety, Christmas, from 2021 to "
        "2019."
    )
    times = find_times(nlp(text), anchor)
    assert all(text[t.start : t.end] == t.text for t in times)
    assert not any(t.text.startswith(("Feb. 30", "13/45", "2026-13")) and t.value for t in times)


def test_day_first_range(nlp) -> None:  # type: ignore[no-untyped-def]
    got = times_of(nlp, "The summit runs 3-5 March 2025 in the capital.", date(2025, 2, 1))
    assert (got["3-5 March 2025"].value, got["3-5 March 2025"].end_value) == (
        "2025-03-03",
        "2025-03-05",
    )


def test_following_weekday_counts_from_the_paragraph_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The convoy left on Jan. 3, 2025. The following Tuesday it reached the border."
    got = times_of(nlp, text, date(2025, 3, 14))
    assert got["following Tuesday"].value == "2025-01-07"
