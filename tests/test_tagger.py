"""The learned attribution tagger: span decoding, training labels, and how its
spans join the rules' attributions."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsledger.extract.sourcing import refine, tagger
from newsledger.extract.sourcing.attribute import find_attributions
from newsledger.train.tagger import gold_tags


def test_spans_of_decodes_runs_and_restarts() -> None:
    tags = ["O", "B", "I", "O", "I", "I", "B", "B"]
    assert tagger.spans_of(tags, 10) == [(11, 13), (14, 16), (16, 17), (17, 18)]
    assert tagger.spans_of(["O", "O"], 0) == []
    assert tagger.spans_of(["B", "I", "I"], 5) == [(5, 8)]
    assert tagger.spans_of(["U", "B", "L", "I", "L", "O", "U"], 0) == [
        (0, 1),
        (1, 3),
        (3, 5),
        (6, 7),
    ]


def test_paragraphs_split_at_line_breaks(nlp: Language) -> None:
    doc = nlp("The mayor spoke.\nShe said it twice.\n\nNobody listened.")
    paras = tagger.paragraphs(doc)
    texts = [doc[lo:hi].text.strip() for lo, hi in paras]
    assert texts == ["The mayor spoke.", "She said it twice.", "Nobody listened."]
    assert paras[0][0] == 0 and paras[-1][1] == len(doc)


def test_gold_tags_trim_and_keep_the_longer_of_nested_spans(nlp: Language) -> None:
    text = 'The minister said "the port will open soon, the army says."'
    doc = nlp(text)
    outer = (text.index('"'), len(text))
    inner = (text.index("the port"), text.index(", the army"))
    tags = gold_tags(doc, {outer, inner})
    tagged = [t.text for t, tag in zip(doc, tags) if tag != "O"]
    assert tagged[0] == "the" and tagged[-1] == "says"  # quote marks and full stop trimmed
    assert tags.count("B") == 1  # the inner span lies inside the outer one


def test_features_carry_the_rules_marks(nlp: Language) -> None:
    doc = nlp("The governor said the bridge would reopen in May.")
    found = find_attributions(doc, learned=False)
    feats = tagger.doc_features(doc, found)
    said = next(t.i for t in doc if t.text == "said")
    assert "r=OBO" in feats[said]  # marks: source, cue, content
    assert "r=BOO" in feats[0] and "r=OOB" in feats[said + 1]
    assert "1:w=the" in feats[said] and "-1:w=governor" in feats[said]
    assert len(feats) == len(doc) and all("bias" in f for f in feats)


def test_rules_alone_when_the_models_are_absent(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = nlp("The governor said the bridge would reopen in May, aides confirmed.")
    monkeypatch.setattr(tagger, "available", lambda: False)
    learned = find_attributions(doc)
    rules = find_attributions(doc, learned=False)
    assert [(f.cue, f.source, f.content) for f in learned] == [
        (f.cue, f.source, f.content) for f in rules
    ]


def test_shipped_models_load() -> None:
    assert tagger.available(), "knowledge/attribution_*.crfsuite missing: run make train-tagger"


def test_tagged_cue_without_a_rule_becomes_an_attribution(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = nlp(
        "Harbour workers, the union's leader complained bitterly, had not been paid since March."
    )
    cue = doc.text.index("complained")
    fake = {label: tagger.Tagged([], {}) for label in tagger.LABELS}
    tok = next(t for t in doc if t.text == "complained")
    fake["Cue"].spans.append((tok.i, tok.i + 1))
    fake["Source"].spans.append((3, 7))  # the union's leader
    fake["Content"].spans.append((0, 2))  # Harbour workers
    fake["Content"].spans.append((tok.i + 2, len(doc) - 1))
    monkeypatch.setattr(refine, "tag_doc", lambda doc, found: fake)
    found = refine.refine(doc, [])
    assert len(found) == 1
    new = found[0]
    assert new.source is not None
    assert new.cue == (cue, cue + len("complained"))
    assert doc.text[new.source[0] : new.source[1]] == "the union's leader"
    assert new.source_tok is not None and new.source_tok.text == "leader"


def test_tagged_cue_takes_no_content_outside_its_phrase(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tagged cue in a relative clause ("who declined to give his name") does not
    take the claim the man then tells: that content is outside its phrase."""
    doc = nlp("Karl, who declined to give his full name, told reporters that the gate had closed.")
    fake = {label: tagger.Tagged([], {}) for label in tagger.LABELS}
    declined = next(t.i for t in doc if t.text == "declined")
    that = next(t.i for t in doc if t.text == "that")
    fake["Cue"].spans.append((declined, declined + 1))
    fake["Content"].spans.append((that, len(doc) - 1))
    monkeypatch.setattr(refine, "tag_doc", lambda doc, found: fake)
    assert refine.refine(doc, []) == []
    fake["Content"].spans.append((declined + 1, declined + 6))  # "to give his full name"
    found = refine.refine(doc, [])
    assert [doc.text[f.content[0] : f.content[1]] for f in found] == ["to give his full name"]


CONFLICTING = (
    "Harbour officials in Velmar counted the arrivals on Tuesday. Some reports indicated that the "
    "volunteers were headed to the northern port, while other sources indicated that they had "
    "already crossed the border at dawn.\n"
)


def first_indicated(args: list[str], env: dict[str, str] | None = None) -> str:
    import json

    from typer.testing import CliRunner

    import newsledger.cli  # noqa: F401  (registers the commands)
    from newsledger.cli.common import app

    result = CliRunner().invoke(
        app, ["analyze", "-", "--format", "json", *args], input=CONFLICTING, env=env
    )
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    cues = [a for a in analysis["attributions"] if a["cue"] and a["cue"]["text"] == "indicated"]
    return str(min(cues, key=lambda a: a["cue"]["start"])["content"]["text"])


def test_cli_tagger_flag_and_environment() -> None:
    """The rules let the first of two conflicting reports run on into the second;
    the tagger ends it where the second begins. The flag and the variable both
    switch it, and --no-tagger overrides the variable."""
    assert "while other sources" in first_indicated(["--no-tagger"])
    assert first_indicated(["--tagger"]).endswith("headed to the northern port")
    assert first_indicated([], env={"NEWSLEDGER_TAGGER": "1"}).endswith(
        "headed to the northern port"
    )
    assert first_indicated([], env={"NEWSLEDGER_TAGGER": "0"}) == first_indicated(["--no-tagger"])
    assert first_indicated(["--no-tagger"], env={"NEWSLEDGER_TAGGER": "1"}) == first_indicated(
        ["--no-tagger"]
    )


def test_span_lookups_match_a_plain_scan() -> None:
    spans = [(0, 5), (10, 20), (22, 30), (40, 41)]
    index = refine.Disjoint(spans)
    for probe in [(3, 12), (20, 22), (25, 45), (41, 50), (5, 10)]:
        plain = [s for s in spans if refine.overlap(s, probe) > 0]
        assert sorted(index.overlapping(probe)) == plain
    assert index.best((8, 23)) == (10, 20)
    assert index.best((8, 23), avoid=(12, 13)) == (22, 30)
    assert index.nearest((31, 35), 0, 100) == (22, 30)
    assert index.nearest((31, 35), 0, 100, avoid=(22, 30)) == (40, 41)
    assert index.nearest((31, 35), 32, 100) == (40, 41)  # (22, 30) starts before the range
    assert refine.merged([(5, 9), (0, 3), (2, 4), (8, 12)]).spans == [(0, 4), (5, 12)]
    quoted = refine.Enclosing([(0, 50), (10, 20), (60, 70)])
    assert quoted.encloses((30, 40)) and quoted.encloses((61, 69)) and not quoted.encloses((45, 65))


def test_word_classes_skip_vectors_of_another_width(nlp: Language) -> None:
    import numpy as np

    doc = nlp("The governor said the bridge would reopen in May.")
    tables = tagger.centroids()
    assert tables and len(tagger.vector_classes(doc, tables)) == 2  # the shipped pipeline's vectors
    doc.tensor = np.zeros((len(doc), 7), dtype="float32")  # as from a pipeline with other vectors
    assert tagger.vector_classes(doc, tables) == []
    assert len(tagger.doc_features(doc, [])) == len(doc)


def test_tagger_steps_aside_without_its_vectors(
    nlp: Language, caplog: pytest.LogCaptureFixture
) -> None:
    """Without the word classes it was trained with, the tagger reads worse than
    the rules, so another pipeline's vectors leave the rules to decide alone."""
    import numpy as np

    text = (
        "Harbour officials counted the arrivals. Some reports indicated that the volunteers were "
        "headed north, while other sources indicated that they had crossed at dawn."
    )
    doc = nlp(text)
    assert tagger.tag_doc(doc, find_attributions(doc, learned=False)) is not None
    tagger.warn_once.cache_clear()
    doc.tensor = np.zeros((len(doc), 7), dtype="float32")
    rules = find_attributions(doc, learned=False)
    with caplog.at_level("WARNING", logger="newsledger"):
        assert tagger.tag_doc(doc, rules) is None
        learned = find_attributions(doc, learned=True)
    assert [(f.cue, f.content) for f in learned] == [(f.cue, f.content) for f in rules]
    assert "rules decide alone" in caplog.text
