"""The event knowledge files, read once: trigger rules and ACLED refinement cues."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsledger.errors import KnowledgeError
from newsledger.knowledge import load_records

DEFAULT_POS = frozenset({"VERB", "NOUN"})


@dataclass(frozen=True)
class TriggerRule:
    type: str  # PLOVER event type
    mode: str | None
    cameo: str | None  # CAMEO root code
    acled_event: str | None
    acled_sub: str | None
    pos: frozenset[str]
    args: frozenset[str]  # empty: no argument needed
    priority: int
    order: int  # position in the file: earlier wins ties


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, tuple[TriggerRule, ...]]  # lemma -> rules
    phrases: dict[
        str, tuple[tuple[tuple[str, ...], TriggerRule], ...]
    ]  # first word -> (words, rule)
    excluded: frozenset[tuple[str, str]]  # (lemma, pos) never a single-word trigger
    excluded_phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases never triggers
    light_verbs: frozenset[str]  # verbs whose object names the event ("carried out an attack")
    not_agentive: frozenset[str]  # verbs whose subject is not the actor of their object's event


@dataclass(frozen=True)
class CueRule:
    name: str
    scope: str  # "sentence", "paragraph" or "event"
    priority: int
    cues: tuple[str, ...]  # padded " lemma phrase " strings
    unless: tuple[str, ...]
    from_subs: frozenset[str]
    actor_kinds: frozenset[str | None] | None
    recipient_kinds: frozenset[str | None] | None
    to_event: str
    to_sub: str


def _rule(record: dict[str, Any], order: int) -> TriggerRule:
    try:
        return TriggerRule(
            type=str(record["type"]),
            mode=record.get("mode") or None,
            cameo=record.get("cameo") or None,
            acled_event=record.get("acled_event") or None,
            acled_sub=record.get("acled_sub") or None,
            pos=frozenset(record.get("pos") or DEFAULT_POS),
            args=frozenset(a.lower() for a in record.get("args") or ()),
            priority=int(record.get("priority", 0)),
            order=order,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError(f"event_triggers.jsonl: bad record {record!r} ({exc})") from exc


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    words: dict[str, list[TriggerRule]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], TriggerRule]]] = {}
    excluded: set[tuple[str, str]] = set()
    excluded_phrases: dict[str, list[tuple[str, ...]]] = {}
    light: set[str] = set()
    not_agentive: set[str] = set()
    for order, record in enumerate(load_records("event_triggers.jsonl")):
        if "exclude" in record:
            excluded.update((str(lemma).lower(), str(pos)) for lemma, pos in record["exclude"])
            continue
        if "exclude_phrases" in record:
            for phrase in record["exclude_phrases"]:
                seq = tuple(str(phrase).lower().split())
                excluded_phrases.setdefault(seq[0], []).append(seq)
            continue
        if "light_verbs" in record:
            light.update(str(v).lower() for v in record["light_verbs"])
            not_agentive.update(str(v).lower() for v in record.get("not_agentive_verbs", ()))
            continue
        rule = _rule(record, order)
        for lemma in record.get("lemmas", ()):
            words.setdefault(str(lemma).lower(), []).append(rule)
        for phrase in record.get("phrases", ()):
            seq = tuple(str(phrase).lower().split())
            phrases.setdefault(seq[0], []).append((seq, rule))
    ordered = {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in phrases.items()}
    return Lexicon(
        words={k: tuple(v) for k, v in words.items()},
        phrases=ordered,
        excluded=frozenset(excluded),
        excluded_phrases={k: tuple(v) for k, v in excluded_phrases.items()},
        light_verbs=frozenset(light),
        not_agentive=frozenset(not_agentive),
    )


def _kinds(value: Any) -> frozenset[str | None] | None:
    return None if value is None else frozenset(value)


@lru_cache(maxsize=1)
def cue_rules() -> tuple[CueRule, ...]:
    rules = []
    for record in load_records("acled_cues.jsonl"):
        rules.append(
            CueRule(
                name=str(record.get("name", "")),
                scope=str(record.get("scope", "sentence")),
                priority=int(record.get("priority", 0)),
                cues=tuple(f" {c.lower()} " for c in record.get("cues", ())),
                unless=tuple(f" {c.lower()} " for c in record.get("unless_cues", ())),
                from_subs=frozenset(record.get("from_subs", ())),
                actor_kinds=_kinds(record.get("actor_kinds")),
                recipient_kinds=_kinds(record.get("recipient_kinds")),
                to_event=str(record["to_event"]),
                to_sub=str(record["to_sub"]),
            )
        )
    return tuple(sorted(rules, key=lambda r: -r.priority))
