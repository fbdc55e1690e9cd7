"""Which trigger matches are events, and of which type: a linear model learned from gold data.

The trigger lexicon proposes candidates; this model, trained by `make train-events`
on the shared event sets (`newsledger.train.events`), decides for each one
whether it tells of a real occurrence and of which PLOVER type, from features of
the parse around it and the rules' own reading (the rule's type is a feature, and
the fallback when the model has no opinion). The weights ship as data
(`knowledge/event_model.json`); inference is one sparse dot product per
candidate, in numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from newsledger.errors import KnowledgeError
from newsledger.knowledge import PACKAGE_DIR, user_dirs

NONE = "NONE"  # the class of a candidate that is not an event
MODEL_FILE = "event_model.json"
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves"})
SPEECH_DEPS = frozenset({"ccomp", "xcomp", "advcl", "dobj", "conj", "parataxis"})


@dataclass(frozen=True)
class EventModel:
    """A multinomial logistic regression over string features."""

    classes: tuple[str, ...]
    index: dict[str, int]  # feature -> column
    weights: tuple[tuple[float, ...], ...]  # one row per feature, one column per class
    bias: tuple[float, ...]
    threshold: float = 0.7  # a candidate whose NONE probability is at least this is dropped

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        scores = list(self.bias)
        for feature in set(features):
            row = self.index.get(feature)
            if row is not None:
                for k, w in enumerate(self.weights[row]):
                    scores[k] += w
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}

    def to_dict(self) -> dict[str, object]:
        features = sorted(self.index, key=self.index.__getitem__)
        return {"classes": list(self.classes), "threshold": self.threshold, "bias": list(self.bias),
                "features": {f: [round(w, 5) for w in self.weights[self.index[f]]] for f in features}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventModel:
        classes = tuple(str(c) for c in data["classes"])
        features: dict[str, list[float]] = data["features"]
        index = {name: n for n, name in enumerate(features)}
        weights = tuple(tuple(float(w) for w in row) for row in features.values())
        if any(len(row) != len(classes) for row in weights):
            raise KnowledgeError(f"{MODEL_FILE}: a feature's weights do not match its {len(classes)} classes")
        return cls(classes=classes, index=index, weights=weights,
                   bias=tuple(float(b) for b in data["bias"]),
                   threshold=float(data.get("threshold", 0.7)))


@lru_cache(maxsize=1)
def shipped_model() -> EventModel | None:
    """The model in knowledge/ (None when it has not been trained: the rules decide alone)."""
    # a user's retrained model (NEWSLEDGER_KNOWLEDGE) replaces the packaged one
    mine = [d / MODEL_FILE for d in user_dirs() if (d / MODEL_FILE).exists()]
    path: Path = mine[-1] if mine else PACKAGE_DIR / MODEL_FILE
    if not path.exists():
        return None
    try:
        return EventModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"{path}: not a valid event model ({exc})") from exc


def _governing_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "poss"):
            return child
    return None


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)


@dataclass(frozen=True)
class Setting:
    """What the features read from the rest of the analysis, built once per article."""

    cue_tokens: frozenset[int]  # tokens of attribution cues ("said", "told", "according to")
    quoted: Sequence[tuple[int, int]]  # character ranges inside quotation marks


def _inside(ranges: Sequence[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in ranges)


def features(head: Token, start: int, end: int, rule_type: str, acled_sub: str | None,
             sent: Span, candidates_in_sentence: int, setting: Setting) -> list[str]:
    """The features of one candidate: its words, its place in the parse, the rules' reading."""
    lemma = head.lemma_.lower()
    doc = head.doc
    phrase = " ".join(t.lemma_.lower() for t in doc[start:end])
    found = [f"rule={rule_type}", f"lemma={lemma}", f"lemma_rule={lemma}|{rule_type}",
             f"phrase={phrase}", f"pos={head.pos_}", f"tag={head.tag_}", f"dep={head.dep_}",
             f"pos_rule={head.pos_}|{rule_type}", f"head={head.head.lemma_.lower()}",
             f"head_dep={head.head.lemma_.lower()}|{head.dep_}", f"acled={acled_sub}",
             f"n_cands={min(candidates_in_sentence, 4)}", f"depth={min(_depth(head), 4)}"]
    if head.dep_ == "ROOT":
        found.append("root")
    governor = _governing_verb(head)
    if governor is not None:
        found.append(f"governor={governor.lemma_.lower()}")
        found.append(f"governor_rule={governor.lemma_.lower()}|{rule_type}")
        if governor.i in setting.cue_tokens:
            found.append("under_cue")
            found.append(f"under_cue_rule={rule_type}")
    if head.i in setting.cue_tokens:
        found.append("is_cue")
        found.append(f"is_cue_rule={rule_type}")
    if _inside(setting.quoted, head.idx):
        found.append("quoted")
        found.append(f"quoted_rule={rule_type}")
    subject = _subject(head)
    if subject is not None:
        found.append(f"subj_dep={subject.dep_}")
        if subject.lower_ in FIRST_PERSON:
            found.append("subj_first_person")
            found.append(f"subj_first_person_rule={rule_type}")
        if subject.ent_type_:
            found.append(f"subj_ent={subject.ent_type_}")
    for child in head.children:
        if child.dep_ == "neg":
            found.append("negated")
        elif child.dep_ == "aux" and child.tag_ == "MD":
            found.append(f"modal={child.lower_}")
        elif child.dep_ == "det":
            found.append(f"det={child.lower_}")
        elif child.dep_ in ("dobj", "pobj", "attr"):
            found.append(f"obj={child.lemma_.lower()}")
        elif child.dep_ == "prep":
            found.append(f"prep={child.lower_}")
        elif child.dep_ == "xcomp":
            found.append(f"xcomp={child.lemma_.lower()}")
    if head.dep_ in SPEECH_DEPS and head.head.i in setting.cue_tokens:
        found.append("complement_of_cue")
    if head.i == sent.start or (head.i > sent.start and doc[head.i - 1].is_punct):
        found.append("clause_initial")
    return found


def not_event_probability(model: EventModel | None, feats: list[str]) -> float:
    """How likely the model finds that the candidate is no event (0 without a model)."""
    if model is None:
        return 0.0
    return model.probabilities(feats).get(NONE, 0.0)


def keep(none_probabilities: Sequence[float], threshold: float) -> list[bool]:
    """Which of one sentence's candidates are events.

    A candidate is dropped when the model finds it no event with at least the
    threshold's probability; but a sentence where the lexicon found triggers keeps
    its likeliest one. The type stays the rules': measured by cross-validation,
    letting the model retype cost more recall than it gained precision (the
    rules' argument checks and recodings see more than these features).
    """
    kept = [p < threshold for p in none_probabilities]
    if none_probabilities and not any(kept):
        kept[min(range(len(kept)), key=none_probabilities.__getitem__)] = True
    return kept
