"""Trigger matches that are never events: the fallback rules beside the learned model.

The shared gold data has few quotes, so the model cannot learn from it that
a speaker's "we discussed" or "our refusal" inside a quote, or a source who
"declined to give his name", is no occurrence. These tests, read from
`knowledge/non_events.jsonl`, say so. Each returns the reason, or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from newsledger.errors import KnowledgeError
from newsledger.knowledge import load_records


@dataclass(frozen=True)
class NonEventRules:
    declined: dict[str, tuple[frozenset[str], frozenset[str]]]  # why -> (lemmas, objects)
    own_words: dict[str, tuple[frozenset[str], frozenset[str]]]  # why -> (types, actor words)
    reporting: dict[str, frozenset[str]]  # why -> types
    soft: frozenset[str]  # the reasons a learned model may overrule ("model_decides": true)


def _words(record: dict[str, object], key: str) -> frozenset[str]:
    value = record.get(key) or ()
    if not isinstance(value, list):
        raise KnowledgeError(f"non_events.jsonl: '{key}' must be a list in {record}")
    return frozenset(str(v).lower() if key != "types" else str(v) for v in value)


@lru_cache(maxsize=1)
def rules() -> NonEventRules:
    declined: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    own: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    reporting: dict[str, frozenset[str]] = {}
    soft: set[str] = set()
    for record in load_records("non_events.jsonl"):
        kind, why = record.get("kind"), str(record.get("why") or record.get("kind"))
        if record.get("model_decides") is True:
            soft.add(why)
        if kind == "declined_to_be_named":
            declined[why] = (_words(record, "lemmas"), _words(record, "objects"))
        elif kind == "own_words_in_quote":
            own[why] = (_words(record, "types"), _words(record, "actors"))
        elif kind == "reporting":
            reporting[why] = _words(record, "types")
        else:
            raise KnowledgeError(f"non_events.jsonl: unknown kind {kind!r}")
    return NonEventRules(
        declined=declined, own_words=own, reporting=reporting, soft=frozenset(soft)
    )


def soft_non_events() -> frozenset[str]:
    """The reasons that decide only without a learned model (the model reads the same cue)."""
    return rules().soft


def _speaker_words(head: Token) -> set[str]:
    """Lower-cased subject and possessor of the trigger ("we discussed", "our refusal")."""
    return {c.lower_ for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "poss", "agent")}


def non_event_reason(head: Token, event_type: str, quoted: bool, is_cue: bool) -> str | None:
    """Why this trigger match is not an event, or None when nothing says so."""
    found = rules()
    lemma = head.lemma_.lower()
    for why, (lemmas, objects) in found.declined.items():
        if lemma in lemmas:
            for child in head.children:
                if child.dep_ == "xcomp" and any(
                    t.lower_ in objects or t.lemma_.lower() in objects for t in child.subtree
                ):
                    return why
    if quoted:
        speaker = _speaker_words(head)
        for why, (types, actors) in found.own_words.items():
            if event_type in types and speaker & actors:
                return why
    if is_cue:
        for why, types in found.reporting.items():
            if event_type in types:
                return why
    return None
