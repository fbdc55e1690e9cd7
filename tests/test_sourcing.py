"""Sources and attributions on invented reports (tests/fixtures/sourcing) and the seed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsledger.models import Analysis, Attribution, Source

SOURCING = Path(__file__).resolve().parent / "fixtures" / "sourcing"


@pytest.fixture(scope="module")
def border(analyze_text: Callable[..., Analysis]) -> Analysis:
    return analyze_text(
        (SOURCING / "border_report.txt").read_text(encoding="utf-8"), published="2026-03-02"
    )


@pytest.fixture(scope="module")
def harbour(analyze_text: Callable[..., Analysis]) -> Analysis:
    return analyze_text(
        (SOURCING / "multiparagraph.txt").read_text(encoding="utf-8"), published="2026-03-02"
    )


def source_named(analysis: Analysis, name: str) -> Source:
    found = [s for s in analysis.sources if name in s.name]
    assert found, f"no source named {name!r} in {[s.name for s in analysis.sources]}"
    return found[0]


def said_by(analysis: Analysis, source: Source) -> list[Attribution]:
    return [a for a in analysis.attributions if a.source == source.id]


def content_with(analysis: Analysis, words: str) -> Attribution:
    found = [a for a in analysis.attributions if words in a.content.text]
    assert found, f"no attribution whose content holds {words!r}"
    return min(found, key=lambda a: len(a.content.text))


def test_spans_point_into_the_text(border: Analysis, harbour: Analysis) -> None:
    for analysis in (border, harbour):
        text = analysis.article.text
        spans = [m for s in analysis.sources for m in s.mentions]
        for a in analysis.attributions:
            spans += [x for x in (a.source_span, a.cue, a.content) if x is not None]
        for span in spans:
            assert text[span.start : span.end] == span.text


def test_relation_and_pronoun_merge_into_one_source(border: Analysis) -> None:
    father = source_named(border, "his father")
    assert (father.kind, father.named) == ("person", "unnamed")
    mentions = {m.text for m in father.mentions}
    assert {"his father", "He"} <= mentions
    assert content_with(border, "out of work for two years").source == father.id
    assert content_with(border, "I pray every night").source == father.id


def test_partial_name_with_reason_descriptor(border: Analysis) -> None:
    marek = source_named(border, "Marek T.")
    assert marek.named == "partial"
    assert marek.anonymity_reason == "declined to give his full name"
    assert "a clerk at the Velmo customs office" in marek.descriptors
    # "He told ..." in the next sentence and the quote after it are his
    assert content_with(border, "more than 40 trucks").source == marek.id
    assert content_with(border, "I saw them myself").source == marek.id


def test_anonymous_group_with_reason(border: Analysis) -> None:
    officials = source_named(border, "officials at the customs office")
    assert officials.kind == "people" and officials.named == "unnamed"
    assert officials.anonymity_reason is not None
    assert "not authorised to speak" in officials.anonymity_reason


def test_named_person_descriptor_affiliation_surname(border: Analysis) -> None:
    weiss = source_named(border, "Anna Weiss")
    assert weiss.named == "named"
    assert "a spokeswoman for the regional council" in weiss.descriptors
    assert "Weiss" in {m.text for m in weiss.mentions}
    quote = content_with(border, "The council never approved this")
    assert quote.source == weiss.id and quote.form == "direct" and quote.cue is not None
    # the quote right after "Weiss said." is hers too
    assert "who signed the papers" in quote.content.text


def test_according_to_in_both_orders(border: Analysis) -> None:
    data = content_with(border, "the number of trucks doubled")
    assert data.form == "according_to" and data.cue is not None and data.cue.text == "According to"
    assert source_named(border, "shipping data").kind == "data"
    council = content_with(border, "Fuel deliveries to the valley")
    assert council.form == "according_to" and council.source_span is not None
    assert council.source_span.text == "the regional council"


def test_multiple_sources_behind_obtained_information(border: Analysis) -> None:
    a = content_with(border, "sending volunteers across the Karsa border")
    assert a.source_span is not None and a.source_span.text == "multiple sources"
    source = next(s for s in border.sources if s.id == a.source)
    assert (source.kind, source.named) == ("unspecified", "unnamed")


def test_vague_sources_stay_apart(border: Analysis) -> None:
    some = source_named(border, "Some reports")
    other = source_named(border, "other sources")
    assert some.id != other.id
    assert some.kind == other.kind == "unspecified"


def test_caption_after_colon_and_pull_quote(border: Analysis) -> None:
    henning = source_named(border, "Jarl Henning")
    assert henning.affiliation == "Red Hill Brigade"
    caption = content_with(border, "Nobody will stop the brave sons")
    assert caption.source == henning.id and caption.form == "direct"
    marek = source_named(border, "Marek T.")
    pulls = [a for a in said_by(border, marek) if a.cue is None]
    assert pulls and pulls[0].content.text == "The trucks carried no markings at all"


def test_nested_attribution_has_parent(border: Analysis) -> None:
    inner = content_with(border, "they heard gunfire every night")
    assert inner.parent is not None
    outer = next(a for a in border.attributions if a.id == inner.parent)
    assert outer.source == source_named(border, "Ilse Brandt").id
    residents = next(s for s in border.sources if s.id == inner.source)
    assert residents.kind == "people"


def test_quote_over_two_paragraphs_and_speaker_after(harbour: Analysis) -> None:
    quote = content_with(harbour, "eleven hours")
    assert "until the safety rules change" in quote.content.text
    assert quote.source == source_named(harbour, "Tomas Ekberg").id
    assert quote.form == "direct"


def test_social_media_and_document_sources(harbour: Analysis) -> None:
    account = source_named(harbour, "account on the Velo social network")
    assert account.kind == "social_media"
    statement = source_named(harbour, "A statement from the company")
    assert statement.kind == "document"


def cue_speaker(analysis: Analysis, cue: str) -> Source:
    """The source of the first attribution whose cue ends in the word `cue` (the
    accurate mode draws cues as PolNeAR does: "with a comment")."""
    attribution = next(
        a for a in analysis.attributions if a.cue is not None and a.cue.text.split()[-1:] == [cue]
    )
    return next(s for s in analysis.sources if s.id == attribution.source)


def test_seed_sources(seed_analysis: Analysis) -> None:
    kinds = {s.name: (s.kind, s.named) for s in seed_analysis.sources}
    assert kinds["his mother"] == ("person", "unnamed")
    assert kinds["Ali D."] == ("person", "partial")
    poster = cue_speaker(seed_analysis, "comment")  # the commander known by his nom de guerre
    assert (poster.kind, poster.named) == ("person", "partial")
    assert kinds["Mehdi Reza"] == ("person", "named")
    assert kinds["Ibrahim al-Khayyat"] == ("person", "named")
    assert kinds["airport data"][0] == "data"
    assert kinds["multiple sources"] == ("unspecified", "unnamed")
    assert kinds["eyewitnesses in Ahvaz"] == ("people", "unnamed")
    social = [s for s in seed_analysis.sources if s.kind == "social_media" and "account" in s.name]
    assert social and social[0].affiliation == "US State Department"
    ali = source_named(seed_analysis, "Ali D.")
    assert ali.anonymity_reason == "declined to give his full name"
    assert ali.affiliation == "Iraqi Interior Ministry"
    khayyat = source_named(seed_analysis, "Ibrahim al-Khayyat")
    assert "Al-Khayyat" in {m.text for m in khayyat.mentions}
    assert "a former Iraqi army general" in khayyat.descriptors


def test_seed_attributions(seed_analysis: Analysis) -> None:
    def speaker(words: str) -> str:
        a = content_with(seed_analysis, words)
        return next(s.name for s in seed_analysis.sources if s.id == a.source)

    assert speaker("unemployed for over three years") == "his mother"
    assert speaker("I’m very affected") == "his mother"
    assert speaker("I was on duty at the time") == "Ali D."
    commander = cue_speaker(seed_analysis, "comment")
    assert speaker("Whoever burns houses of worship") == commander.name
    text = seed_analysis.article.text
    posted = text.index("posted a video")  # the comment's speaker is the one who posted the video
    assert any(text.rfind("\n", 0, posted) < m.start < posted for m in commander.mentions)
    assert speaker("strong confirmations from inside Iran") == "Mehdi Reza"
    assert speaker("spoke Arabic with an Iraqi accent").startswith("eyewitnesses")
    assert speaker("defending the sacred values") == "Abu Hussein al-Hamidawi"
    assert speaker("the number of flights reached 13") == "airport data"
    assert speaker("almost certain") == "Ibrahim al-Khayyat"
    assert speaker("search-and-arrest campaigns") == "Ibrahim al-Khayyat"
    eyewitness = content_with(seed_analysis, "spoke Arabic with an Iraqi accent")
    assert eyewitness.parent is not None


def test_outlets_are_media_reports(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text(
        "Reuters reported that the border was closed. The Interior Ministry said it was calm."
    )
    assert source_named(a, "Reuters").kind == "media_report"
    assert source_named(a, "Interior Ministry").kind == "organization"


def test_signed_quote(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text("Readers wrote to us.\n\n“The valley deserves better.” ― Lena Okafor\n")
    quote = content_with(a, "The valley deserves better")
    assert quote.cue is not None and quote.cue.text == "―"
    assert source_named(a, "Lena Okafor").id == quote.source


def test_own_outlet_is_not_a_source(analyze_text: Callable[..., Analysis]) -> None:
    text = (
        "- The Northern Ledger - https://northernledger.example -\n\nFerry Halted\n\n"
        "The Northern Ledger has learned that the ferry stopped running. "
        "The harbour master said the engines had failed."
    )
    a = analyze_text(text)
    names = [s.name for s in a.sources]
    assert not any("Northern Ledger" in n for n in names)
    assert any("harbour master" in n for n in names)


def test_transcript_speaker_lines(analyze_text: Callable[..., Analysis]) -> None:
    text = (
        "Bridge Talk\n\nHost Mara Velden spoke with Governor Ilse Brandt on Sunday.\n\n"
        "VELDEN: Will the bridge reopen this spring?\n\n"
        "BRANDT: I think the engineers will finish by April.\n"
    )
    a = analyze_text(text)
    turns = [x for x in a.attributions if x.source_span and x.source_span.text == "BRANDT"]
    assert turns, [x.source_span for x in a.attributions]
    assert turns[0].content.text.startswith("I think the engineers")
    assert any(x.cue and x.cue.text == "think" for x in a.attributions)  # the nested one stays


def test_speaker_line_needs_a_known_name(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text(
        "Correction: March 3, 2026.\n\nThe harbour master said the ferry runs again.\n"
    )
    assert not any(a.source_span and a.source_span.text == "Correction" for a in a.attributions)


def test_verb_chain_is_one_cue(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text("The mayor appeared to suggest that the dam had failed.")
    cues = [x.cue.text for x in a.attributions if x.cue is not None]
    assert cues == ["appeared to suggest"]


def test_quote_resumes_after_speaker_clause(analyze_text: Callable[..., Analysis]) -> None:
    text = (
        "''The dam is safe,'' said Mr. Okoro, who runs the water board. "
        "''We checked every gate last week.''\n"
    )
    a = analyze_text(text)
    quote = content_with(a, "The dam is safe")
    assert "every gate" in quote.content.text


def test_quote_before_told_addressee(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text(
        '"The water rose to the second floor overnight," a fisherman who gave his name '
        "only as Abu Karim told the monitor."
    )
    told = [x for x in a.attributions if x.cue and x.cue.text == "told"]
    assert told, [(x.cue, x.content.text) for x in a.attributions]
    assert told[0].content.text.startswith("The water rose")  # the quote, not "the monitor"
    assert told[0].form == "direct"


def test_wire_dateline_is_not_content(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text(
        "SALTMARSH, Norland, May 4, 2026 (Coastal Wire) - Two ferries collided off the "
        "harbour wall on Sunday, the coast guard said.\n"
    )
    said = [x for x in a.attributions if x.cue and x.cue.text == "said"]
    assert said and said[0].content.text.startswith("Two ferries collided"), [
        x.content.text for x in said
    ]


def test_anonymity_reason_stays_with_its_own_source(analyze_text: Callable[..., Analysis]) -> None:
    a = analyze_text(
        "The ministry said the border would stay closed, but an official who spoke "
        "on condition of anonymity said it had reopened."
    )
    reasons = {s.name: s.anonymity_reason for s in a.sources}
    assert reasons.get("an official") and "anonymity" in (reasons["an official"] or ""), reasons
    assert reasons.get("The ministry") is None, reasons
