"""A small linear model that decides whether a verb is an attribution cue.

Reporting is broad in news ("criticized", "wants", "believes", "called for"):
whether a verb reports someone's words or position depends on its lemma and
on its context (a clause or quote as complement, a person as subject). The
weights are learned from the PolNeAR train split by `newsledger.train.cues` (an
averaged perceptron, fixed seed) and shipped as `knowledge/cue_model.json`;
without that file the lexicon thresholds decide alone.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import ClassVar

import numpy as np
from spacy import symbols
from spacy.attrs import DEP, IS_QUOTE, LOWER
from spacy.tokens import Doc, Token

from newsledger.extract.sourcing.lexicon import lexicon
from newsledger.knowledge import PACKAGE_DIR
from newsledger.knowledge.cache import cached, code_files

MODEL_FILE = "cue_model.json"
CLAUSE_DEPS = ("ccomp", "xcomp", "dobj", "prep", "nsubj", "nsubjpass", "agent", "advcl", "dative")


def subject_type(verb: Token) -> str:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.pos_ == "PRON":
                return "pron:" + c.lower_
            if c.ent_type_:
                return "ent:" + c.ent_type_
            kind = lexicon().source_kinds.get(c.lemma_.lower())
            return "noun:" + (kind or c.pos_)
    return "none"


def strength_bucket(lemma: str) -> str:
    p = lexicon().verbs.get(lemma, 0.0)
    return str(min(9, int(p * 10))) if p else "x"


@dataclass(frozen=True)
class Marks:
    """What `features` asks of every verb's surroundings, read once per doc."""

    quote: list[bool]  # is token i a quote mark
    that: list[int]  # the "that" complementisers, in order

    @classmethod
    def of(cls, doc: Doc) -> Marks:
        table = doc.to_array([IS_QUOTE, DEP, LOWER])  # one call, no Token objects
        that = (table[:, 1] == symbols.mark) & (table[:, 2] == doc.vocab.strings.add("that"))
        return cls((table[:, 0] == 1).tolist(), np.flatnonzero(that).tolist())


def has_that_clause(verb: Token, marks: Marks) -> bool:
    """Is a "that" complementiser in the verb's subtree? The subtree lies
    within its edges, so only the few marks there are checked."""
    k = bisect_left(marks.that, verb.left_edge.i)
    last = verb.right_edge.i
    while k < len(marks.that) and marks.that[k] <= last:
        if verb.is_ancestor(verb.doc[marks.that[k]]):
            return True
        k += 1
    return False


def features(verb: Token, quoted: bool, marks: Marks | None = None) -> list[str]:
    """Feature strings of one verb in its context (`marks`: the doc's, when
    the caller has them)."""
    marks = marks or Marks.of(verb.doc)
    lemma = verb.lemma_.lower()
    deps = {c.dep_ for c in verb.children}
    subj = subject_type(verb)
    doc = verb.doc
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    prev = doc[verb.i - 1] if verb.i > 0 else None
    out = [
        "bias",
        "l=" + lemma,
        "d=" + verb.dep_,
        "t=" + verb.tag_,
        "s=" + subj,
        "st=" + strength_bucket(lemma),
        "hd=" + verb.head.dep_,
        "hl=" + verb.head.lemma_.lower(),
        "q=" + str(quoted),
        "l+d=" + lemma + verb.dep_,
        "l+s=" + lemma + subj.split(":")[0],
        "n=" + (nxt.lower_ if nxt is not None else "</s>"),
        "p=" + (prev.lower_ if prev is not None else "<s>"),
        "ln=" + lemma + "_" + (nxt.lower_ if nxt is not None else "</s>"),
    ]
    for dep in CLAUSE_DEPS:
        has = dep in deps
        out.append(f"c:{dep}={has}")
        if has:
            out.append(f"l+c:{lemma}+{dep}")
    if has_that_clause(verb, marks):
        out.append("that")
    out += [
        "l+q=" + lemma + str(quoted),
        "l+hd=" + lemma + "_" + verb.head.dep_,
        "cc+s=" + str("ccomp" in deps) + subj,
        "sent0=" + str(verb.i == verb.sent.start),
        "punct_before=" + (prev.text if prev is not None and prev.is_punct else "-"),
        "punct_after=" + (nxt.text if nxt is not None and nxt.is_punct else "-"),
    ]
    near = quote_near(verb, marks)
    out += ["qnear=" + near, "l+qnear=" + lemma + near]
    return out


def quote_near(verb: Token, marks: Marks) -> str:
    """Is a quote mark within three tokens before the clause or after the verb?"""
    first = verb.left_edge.i
    before = any(marks.quote[max(0, first - 3) : first])
    after = any(marks.quote[verb.i + 1 : verb.i + 4])
    return ("b" if before else "") + ("a" if after else "")


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float] | None:
    """(weights, threshold), read once from the knowledge cache (parsing the
    JSON file costs more than loading its plain copy)."""
    path = PACKAGE_DIR / MODEL_FILE
    if not path.exists():
        return None
    return cached("cue-model", [path, *code_files(__name__)], lambda: _read_model(path), _restore)


def _read_model(path: Path) -> tuple[dict[str, float], float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data["weights"].items()}, float(data.get("threshold", 0.0))


def _restore(plain: tuple[dict[str, float], float]) -> tuple[dict[str, float], float]:
    found, cut = plain
    if not isinstance(found, dict):
        raise TypeError("cached cue model is not a table of weights")
    return found, float(cut)


def weights() -> dict[str, float] | None:
    found = _model()
    return found[0] if found else None


def threshold() -> float:
    found = _model()
    return found[1] if found else 0.0


class _Memo:
    """Scores of the last doc's verbs: the rules and the tagger both ask, often
    more than once, and building a verb's features is the costly part."""

    doc: ClassVar[object] = None
    scores: ClassVar[dict[tuple[int, bool], float]] = {}
    marks: ClassVar[Marks | None] = None


def score(verb: Token, quoted: bool) -> float | None:
    """The model's score for `verb` being a cue, or None without a model."""
    w = weights()
    if w is None:
        return None
    if _Memo.doc is not verb.doc:
        _Memo.doc, _Memo.scores, _Memo.marks = verb.doc, {}, Marks.of(verb.doc)
    key = (verb.i, quoted)
    if key not in _Memo.scores:
        # map, not a generator: the same sum in the same order, without a frame per feature
        _Memo.scores[key] = sum(map(w.get, features(verb, quoted, _Memo.marks), repeat(0.0)))
    return _Memo.scores[key]
