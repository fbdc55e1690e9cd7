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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from newsledger.errors import KnowledgeError
from newsledger.knowledge import PACKAGE_DIR, load_records, user_dirs
from newsledger.knowledge.cache import cached, code_files
from newsledger.models import Event

NONE = "NONE"  # the class of a candidate that is not an event
KEEP_FLOOR = (
    0.95  # a sentence's likeliest candidate is kept unless its NONE probability reaches this
)
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
    threshold: float = 0.6  # a candidate whose NONE probability is at least this is dropped

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
        return {
            "classes": list(self.classes),
            "threshold": self.threshold,
            "bias": list(self.bias),
            "features": {f: [round(w, 5) for w in self.weights[self.index[f]]] for f in features},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventModel:
        classes = tuple(str(c) for c in data["classes"])
        features: dict[str, list[float]] = data["features"]
        index = {name: n for n, name in enumerate(features)}
        weights = tuple(tuple(float(w) for w in row) for row in features.values())
        if any(len(row) != len(classes) for row in weights):
            raise KnowledgeError(
                f"{MODEL_FILE}: a feature's weights do not match its {len(classes)} classes"
            )
        return cls(
            classes=classes,
            index=index,
            weights=weights,
            bias=tuple(float(b) for b in data["bias"]),
            threshold=float(data.get("threshold", 0.6)),
        )


@lru_cache(maxsize=1)
def shipped_model() -> EventModel | None:
    """The model in knowledge/ (None when it has not been trained: the rules decide alone)."""
    return _load(MODEL_FILE)


def _load(name: str) -> EventModel | None:
    # a user's retrained model (NEWSLEDGER_KNOWLEDGE) replaces the packaged one
    mine = [d / name for d in user_dirs() if (d / name).exists()]
    path: Path = mine[-1] if mine else PACKAGE_DIR / name
    if not path.exists():
        return None
    # parsed once into the knowledge cache (20 ms of JSON per process otherwise)
    return cached(
        name.removesuffix(".json"),
        [path, *code_files(__name__)],
        lambda: _read_model(path),
        _restore,
    )


def _read_model(path: Path) -> tuple[Any, ...]:
    try:
        model = EventModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"{path}: not a valid model ({exc})") from exc
    return model.classes, model.index, model.weights, model.bias, model.threshold


def _restore(plain: tuple[Any, ...]) -> EventModel:
    classes, index, weights, bias, threshold = plain
    return EventModel(
        classes=tuple(classes),
        index=dict(index),
        weights=tuple(map(tuple, weights)),
        bias=tuple(bias),
        threshold=float(threshold),
    )


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


def features(
    head: Token,
    start: int,
    end: int,
    rule_type: str,
    acled_sub: str | None,
    sent: Span,
    candidates_in_sentence: int,
    setting: Setting,
) -> list[str]:
    """The features of one candidate: its words, its place in the parse, the rules' reading."""
    lemma = head.lemma_.lower()
    doc = head.doc
    phrase = " ".join(t.lemma_.lower() for t in doc[start:end])
    found = [
        f"rule={rule_type}",
        f"lemma={lemma}",
        f"lemma_rule={lemma}|{rule_type}",
        f"phrase={phrase}",
        f"pos={head.pos_}",
        f"tag={head.tag_}",
        f"dep={head.dep_}",
        f"pos_rule={head.pos_}|{rule_type}",
        f"head={head.head.lemma_.lower()}",
        f"head_dep={head.head.lemma_.lower()}|{head.dep_}",
        f"acled={acled_sub}",
        f"n_cands={min(candidates_in_sentence, 4)}",
        f"depth={min(_depth(head), 4)}",
    ]
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


def sentence_ranks(heads: Sequence[Token]) -> list[list[str]]:
    """Features that compare a candidate with the sentence's others: the shallowest in
    the parse and the first are most often the sentence's own event."""
    depths = [_depth(h) for h in heads]
    lowest = min(depths, default=0)
    ranks = []
    for n, depth in enumerate(depths):
        found = [f"depth_rank={min(sorted(set(depths)).index(depth), 2)}"]
        if depth == lowest:
            found.append("shallowest")
        found.append(
            "first_candidate" if n == 0 else ("last_candidate" if n == len(heads) - 1 else "middle")
        )
        ranks.append(found)
    return ranks


def not_event_probability(model: EventModel | None, feats: list[str]) -> float:
    """How likely the model finds that the candidate is no event (0 without a model)."""
    if model is None:
        return 0.0
    return model.probabilities(feats).get(NONE, 0.0)


def keep(none_probabilities: Sequence[float], threshold: float) -> list[bool]:
    """Which of one sentence's candidates are events.

    A candidate is dropped when the model finds it no event with at least the
    threshold's probability; but a sentence where the lexicon found triggers keeps
    its likeliest one, unless even that is almost surely none (KEEP_FLOOR: on the PLOVER
    tune part, 0.95 lost no sentence, 0.9 lost two of 102). The type stays the rules': measured by
    cross-validation,
    letting the model retype cost more recall than it gained precision (the
    rules' argument checks and recodings see more than these features).
    """
    kept = [p < threshold for p in none_probabilities]
    if none_probabilities and not any(kept):
        likeliest = min(range(len(kept)), key=none_probabilities.__getitem__)
        kept[likeliest] = none_probabilities[likeliest] < KEEP_FLOOR
    return kept


# --- ACLED sub-event types -------------------------------------------------------------

ACLED_MODEL_FILE = "acled_model.json"
WORD = re.compile(r"[a-z]+")
RULE_WEIGHT = 3  # the rules' sub-event type counts as three features: measured best of 1 and 3


@lru_cache(maxsize=1)
def shipped_acled_model() -> EventModel | None:
    """The sub-event model in knowledge/ (None: the ACLED cue rules decide alone)."""
    return _load(ACLED_MODEL_FILE)


@lru_cache(maxsize=1)
def acled_event_types() -> dict[str, str]:
    """ACLED sub-event type -> its event type (knowledge/acled_subtypes.jsonl)."""
    table = {}
    for record in load_records("acled_subtypes.jsonl"):
        for sub in record.get("sub_event_types", ()):
            table[str(sub)] = str(record["event_type"])
    return table


def acled_features(
    sentence: str,
    rule_sub: str,
    event_type: str,
    actor_kind: str | None,
    recipient_kind: str | None,
) -> list[str]:
    """The sentence's words and word pairs, the rules' sub-event type, the roles' kinds."""
    words = WORD.findall(sentence.lower())
    found = [f"w={w}" for w in words] + [f"b={a}_{b}" for a, b in pairwise(words)]
    found += [f"rule{n}={rule_sub}" for n in range(RULE_WEIGHT)]
    found += [f"type={event_type}", f"actor={actor_kind}", f"recipient={recipient_kind}"]
    return found


def event_acled_features(event: Event, text: str) -> list[str]:
    """`acled_features` of an ACLED-typed event, read from its sentence in ``text``."""
    assert event.acled is not None
    return acled_features(
        text[event.sentence.start : event.sentence.end],
        event.acled.sub_event_type,
        event.type,
        event.actor.kind if event.actor else None,
        event.recipient.kind if event.recipient else None,
    )


def acled_sub_event(model: EventModel | None, feats: list[str], rule_sub: str) -> str:
    """The sub-event type the model finds likeliest (the rules' without a model)."""
    if model is None:
        return rule_sub
    probs = model.probabilities(feats)
    return max(probs, key=probs.__getitem__)
