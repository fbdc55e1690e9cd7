"""The accurate mode (sourcing/encoder.py): windows, word-piece alignment, batching,
the missing-extra error and the flag/env/api plumbing, on invented text.

The plumbing tests run a stand-in for the ONNX session (a fixed rule on the word
pieces) so they do not need the shipped model; the tests of the model itself
skip cleanly without it.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spacy.language import Language
from typer.testing import CliRunner

import newsledger.cli  # noqa: F401  (registers the commands)
from newsledger import api
from newsledger.cli.common import app, extract_options
from newsledger.extract.budget import Budget
from newsledger.extract.context import Options
from newsledger.extract.sourcing import encoder
from newsledger.extract.sourcing.attribute import find_attributions
from newsledger.models import Analysis

tokenizers = pytest.importorskip("tokenizers")

ARTICLE = (
    "The harbour master said the new pier would open in June.\n"
    "Fishermen, a union spokeswoman complained, had not been consulted."
)
WORDS = [
    "the",
    "harbour",
    "master",
    "said",
    "new",
    "pier",
    "would",
    "open",
    "in",
    "june",
    "fisher",
    "##men",
    "a",
    "union",
    "spoke",
    "##s",
    "##woman",
    "complained",
    "had",
    "not",
    "been",
    "consult",
    "##ed",
    ",",
    ".",
    "'",
    "s",
]


def tiny_tokenizer() -> Any:
    """A BERT-style word-piece tokenizer over a made-up vocabulary."""
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordPiece

    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS])}
    tok = Tokenizer(WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    return tok


class FakeSession:
    """Stands in for onnxruntime: a Cue on "said"/"complained", a Source on the two
    words before them, Content on what follows up to the full stop; the rest O.
    Each piece's answer depends on its window alone, never on the batch."""

    def __init__(self, tok: Any) -> None:
        self.ids = {w: tok.token_to_id(w) for w in ("said", "complained", ".", "[SEP]")}
        self.calls: list[int] = []

    def run(self, _: Any, feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        ids, mask = feed["input_ids"], feed["attention_mask"]
        self.calls.append(len(ids))
        out = np.zeros((*ids.shape, 3, 3), dtype=np.float32)
        out[..., 0] = 1.0
        for r in range(len(ids)):
            row = [int(i) for i, m in zip(ids[r], mask[r]) if m]
            for k, piece in enumerate(row):
                if piece in (self.ids["said"], self.ids["complained"]):
                    out[r, k, 1] = (0.1, 0.9, 0.0)  # Cue B
                    for j, tag in ((k - 2, 1), (k - 1, 2)):
                        if j > 0:
                            out[r, j, 0] = (0.2, 0.0, 0.8) if tag == 2 else (0.2, 0.8, 0.0)
                    end = next(
                        (
                            j
                            for j in range(k + 1, len(row))
                            if row[j] in (self.ids["."], self.ids["[SEP]"])
                        ),
                        len(row),
                    )
                    for j in range(k + 1, end):
                        out[r, j, 2] = (0.1, 0.9, 0.0) if j == k + 1 else (0.1, 0.0, 0.9)
        return [out]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSession]:
    tok = tiny_tokenizer()
    session = FakeSession(tok)
    monkeypatch.setattr(encoder, "session", lambda: (session, tok))
    yield session


def test_word_pieces_align_to_spacy_tokens(nlp: Language) -> None:
    doc = nlp(ARTICLE)
    tok = tiny_tokenizer()
    wins = encoder.windows(tok, ARTICLE, [(0, len(ARTICLE))])
    offsets = [o for w in wins for o in w.offsets[1:-1]]
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t.text) for t in doc]
    firsts = encoder.first_pieces(starts, ends, offsets)
    for t, k in zip(doc, firsts):
        if t.is_space:
            assert k == -1
            continue
        a, b = offsets[k]
        assert a == t.idx and b <= t.idx + len(t.text)  # the token's own first piece
    fishermen = next(t for t in doc if t.text == "Fishermen")
    k = firsts[fishermen.i]
    assert [ARTICLE[a:b] for a, b in offsets[k : k + 2]] == ["Fisher", "men"]


def test_windows_stay_within_the_limit_and_prefer_sentence_ends() -> None:
    tok = tiny_tokenizer()
    text = " ".join(["the harbour master said the new pier would open in june ."] * 6)
    wins = encoder.windows(tok, text, [(0, len(text))], limit=20)
    assert all(len(w.ids) <= 20 for w in wins)
    pieces = [o for w in wins for o in w.offsets[1:-1]]
    assert pieces == sorted(pieces) and len(pieces) == len(
        tok.encode(text, add_special_tokens=False).ids
    )
    assert all(
        text[w.offsets[-2][0] : w.offsets[-2][1]] == "." for w in wins
    )  # 12 pieces a sentence


def test_cut_splits_a_window_without_sentence_end() -> None:
    offsets = [(i * 2, i * 2 + 1) for i in range(10)]
    assert encoder.cut(offsets, "a " * 10, 4) == [(0, 4), (4, 8), (8, 10)]


def test_batches_keep_every_index_once() -> None:
    groups = encoder.batches([5, 3, 9, 3, 7], 2)
    assert sorted(i for g in groups for i in g) == [0, 1, 2, 3, 4]
    assert groups[0] == [1, 3]  # the shortest together


def test_tags_become_spans_and_attributions(nlp: Language, fake: FakeSession) -> None:
    doc = nlp(ARTICLE)
    tagged = encoder.tag_doc(doc)
    assert tagged is not None
    cues = [doc[lo:hi].text for lo, hi in tagged["Cue"].spans]
    assert cues == ["said", "complained"]
    assert doc[slice(*tagged["Source"].spans[0])].text == "harbour master"
    found = find_attributions(doc, accurate=True)
    spans = {
        (
            ARTICLE[f.cue[0] : f.cue[1]] if f.cue else None,
            ARTICLE[f.content[0] : f.content[1]].strip(", "),
        )
        for f in found
    }
    assert ("complained", "had not been consulted") in spans  # a cue only the model marks


def test_batching_gives_the_same_spans_as_one_by_one(
    nlp: Language, fake: FakeSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = nlp(ARTICLE + "\n" + ARTICLE.replace("June", "July"))
    single = encoder.tag_doc(doc)
    assert fake.calls and max(fake.calls) == 1  # one by one unless asked (encoder.BATCH)
    monkeypatch.setattr(encoder, "BATCH", 4)
    fake.calls.clear()
    batched = encoder.tag_doc(doc)
    assert max(fake.calls) > 1
    assert batched is not None and single is not None
    assert {k: v.spans for k, v in batched.items()} == {k: v.spans for k, v in single.items()}


def test_the_shipped_model_tags_a_paragraph_alike_alone_and_among_others(
    nlp: Language,
) -> None:
    """One window per run: a paragraph's tags do not depend on what else the article holds."""
    if not encoder.available():
        pytest.skip("the accurate mode's model or extra is not installed")
    other = "Officials said on Monday that the bridge had been closed, according to police."
    alone = encoder.tag_doc(nlp(other))
    among = encoder.tag_doc(nlp(ARTICLE + "\n" + other + "\n" + ARTICLE.replace("June", "May")))
    assert alone is not None and among is not None
    assert alone["Cue"].spans  # "said" at least: a real model, not an empty one
    shift = len(nlp(ARTICLE + "\n"))  # the tokens before the second paragraph

    def moved(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(lo - shift, hi - shift) for lo, hi in spans if lo >= shift]

    for label, tagged in alone.items():
        width = len(nlp(other))
        assert [s for s in moved(among[label].spans) if s[1] <= width] == tagged.spans


def test_options_env_and_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLEDGER_ACCURATE", raising=False)
    assert Options().accurate is False
    monkeypatch.setenv("NEWSLEDGER_ACCURATE", "1")
    assert Options().accurate is True
    assert extract_options().accurate is True  # unset flag: the environment's
    assert extract_options(accurate=False).accurate is False
    monkeypatch.setenv("NEWSLEDGER_ACCURATE", "0")
    assert extract_options(accurate=True, tagger=True) == Options(span_tagger=True, accurate=True)
    # the encoder's time: a longer per-article budget, unless one was given
    assert Options(accurate=True).budget.extract_seconds == 4 * Options().budget.extract_seconds
    assert Options(accurate=True, budget=Budget(extract_seconds=1.0)).budget.extract_seconds == 1.0


def test_api_accurate_uses_the_encoder(fake: FakeSession) -> None:
    out = api.analyze(ARTICLE, published="2026-01-05", accurate=True)
    assert fake.calls
    assert "complained" in {a.cue.text for a in out.attributions if a.cue is not None}
    fake.calls.clear()
    api.analyze(ARTICLE, published="2026-01-05", accurate=False)
    assert not fake.calls


def without_onnxruntime(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import onnxruntime` fail as it does where the extra is not installed."""
    real = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "onnxruntime" or name.startswith("onnxruntime."):
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "onnxruntime", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse)
    encoder.session.cache_clear()


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    without_onnxruntime(monkeypatch)
    yield
    encoder.session.cache_clear()  # the next user loads the real one again


def test_missing_extra_is_an_error_from_the_api(no_extra: None) -> None:
    with pytest.raises(encoder.AccurateUnavailable, match="accurate extra"):
        api.analyze(ARTICLE, accurate=True)
    assert not encoder.available()


@pytest.mark.parametrize("command", [["analyze", "--format", "jsonl"], ["add", "--db"]])
def test_missing_extra_is_one_error_line(
    no_extra: None, tmp_path: Path, command: list[str]
) -> None:
    article = tmp_path / "pier.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = [*command, str(tmp_path / "l.db")] if command[-1] == "--db" else command
    result = CliRunner().invoke(app, [*args, str(article), "--accurate"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    expected = (
        "error: --accurate needs the accurate extra: pip install 'newsledger[accurate]' "
        "(onnxruntime is not installed)"
    )
    assert lines == [expected]
    assert "Traceback" not in result.output


def test_workers_give_the_same_analyses(fake: FakeSession) -> None:
    """--jobs N forks workers that inherit the loaded session; a document's
    windows are batched within it, so the output does not depend on N."""
    from newsledger.ingest import Document

    docs = [
        Document(text=ARTICLE.replace("June", month), origin=f"<{month}>")
        for month in ("May", "June", "July", "August", "October")
    ]
    runs = []
    for jobs in (1, 2):
        options = api.AnalyzeOptions(
            published="2026-01-05", jobs=jobs, batch_size=2, extract=Options(accurate=True)
        )
        outcomes = list(api.analyze_documents(iter(docs), options))
        assert all(isinstance(o, Analysis) for o in outcomes)
        runs.append([o.to_dict() for o in outcomes if isinstance(o, Analysis)])
    assert runs[0] == runs[1]
    first: list[dict[str, Any]] = runs[0][0]["attributions"]  # type: ignore[assignment]
    assert any(a["cue"] and a["cue"]["text"] == "complained" for a in first)


def test_decoding_drops_or_opens_a_lone_inside_tag_by_its_odds() -> None:
    p = np.array
    assert encoder.decoded(p([[0.9, 0.05, 0.05], [0.4, 0.1, 0.5], [0.4, 0.1, 0.5]])) == [
        "O",
        "O",
        "O",
    ]  # I after O, B unlikely: no span (the argmax read O I I, a span)
    assert encoder.decoded(p([[0.9, 0.05, 0.05], [0.35, 0.3, 0.35], [0.1, 0.1, 0.8]])) == [
        "O",
        "B",
        "I",
    ]
    assert encoder.decoded(p([[0.3, 0.2, 0.5]])) == ["O"]  # never I first
    assert encoder.decoded(p([[0.2, 0.7, 0.1], [0.45, 0.05, 0.5], [0.9, 0.05, 0.05]])) == [
        "B",
        "I",
        "O",
    ]
    assert encoder.decoded(np.zeros((0, 3))) == []


def test_decoding_is_the_likeliest_allowed_sequence() -> None:
    import itertools
    import math

    rng = np.random.default_rng(3)
    for _ in range(60):
        n = int(rng.integers(1, 6))
        probs = rng.dirichlet([1.0, 1.0, 1.0], size=n)
        allowed = [
            seq
            for seq in itertools.product("OBI", repeat=n)
            if seq[0] != "I" and ("O", "I") not in itertools.pairwise(seq)
        ]

        def score(seq: tuple[str, ...], probs: np.ndarray = probs) -> float:
            return sum(math.log(probs[t]["OBI".index(tag)]) for t, tag in enumerate(seq))

        got = tuple(encoder.decoded(probs))
        assert got in allowed
        assert score(got) == pytest.approx(max(score(s) for s in allowed))
