"""ACLED sub-event types refined by context (knowledge/acled_cues.jsonl).

A trigger gives a default ("attack" -> Violence against civilians / Attack);
the weapon named in its sentence, who the actor and target are, and what else
the paragraph reports about a protest refine it ("grenade" -> Grenade,
troops as target -> Armed clash, stones thrown at a march -> Violent demonstration).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsledger.extract.events.lexicon import CueRule, cue_rules
from newsledger.models import AcledType, Event


@dataclass(frozen=True)
class Words:
    """Lower-cased lemmas and words of a whole doc, read once (punctuation as empty strings)."""

    lemmas: list[str]
    lowers: list[str]

    @classmethod
    def of(cls, doc: Doc) -> Words:
        lemmas, lowers = [], []
        for token in doc:
            punct = token.is_punct
            lemmas.append("" if punct else token.lemma_.lower())
            lowers.append("" if punct else token.lower_)
        return cls(lemmas, lowers)


def cue_text(words: Words, start: int, end: int) -> str:
    """Lemmas and words of tokens [start, end), space-padded so cues match whole words."""
    lemmas = " ".join(w for w in words.lemmas[start:end] if w)
    lowers = " ".join(w for w in words.lowers[start:end] if w)
    return f" {lemmas} | {lowers} "


def _applies(
    rule: CueRule,
    sub: str,
    texts: dict[str, str],
    actor_kind: str | None,
    recipient_kind: str | None,
) -> bool:
    if sub not in rule.from_subs:
        return False
    if rule.actor_kinds is not None and actor_kind not in rule.actor_kinds:
        return False
    if rule.recipient_kinds is not None and recipient_kind not in rule.recipient_kinds:
        return False
    text = texts.get(rule.scope, "")
    if rule.cues and not any(_contains(text, cue) for cue in rule.cues):
        return False
    return not any(_contains(text, cue) for cue in rule.unless)


@lru_cache(maxsize=4096)
def _contains(text: str, cue: str) -> bool:
    # Every event of a paragraph asks the same paragraph text for the same cues:
    # searched once per paragraph, not once per event (quadratic on a long paragraph).
    return cue in text


def refine(
    acled: AcledType | None,
    texts: dict[str, str],
    actor_kind: str | None,
    recipient_kind: str | None,
) -> AcledType | None:
    """The most specific ACLED category the context supports (rules by priority)."""
    if acled is None:
        return None
    for rule in cue_rules():
        if _applies(rule, acled.sub_event_type, texts, actor_kind, recipient_kind):
            return AcledType(event_type=rule.to_event, sub_event_type=rule.to_sub)
    return acled


# --- Protests: what else the paragraph reports about them -------------------

NESTING_TYPES = frozenset({"PROTEST", "REQUEST", "ACCUSE", "REJECT", "SUPPORT", "THREATEN"})
REAL = frozenset({"asserted", "reported", "unverified", "disputed"})
PROTEST_SUBS = frozenset({"Peaceful protest", "Protest with intervention"})
LETHAL_LEMMAS = frozenset(
    {
        "kill",
        "killing",
        "shoot",
        "shooting",
        "massacre",
        "shoot dead",
        "open fire",
        "opened fire",
        "shot dead",
        "fire",
    }
)


@dataclass(frozen=True)
class Linked:
    """An event with what the protest refinement needs to know about it."""

    event: Event
    head: Token
    paragraph: tuple[int, int]
    sentence: int  # token index where the sentence starts
    rule_key: str = ""  # the lexicon entry that matched: mentions with one entry may be one event


TOPIC_PREPS = frozenset({"for", "over", "against", "about", "after", "following", "of", "since"})


def _nested(other: Linked, heads: dict[int, str]) -> bool:
    """Inside what a protest, demand or statement is about ("to demand justice for the killing").

    A nominal event after "for", "over", "after" ("protested over the killing")
    is the protest's topic or background, whatever the parse attached it to.
    """
    head = other.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" and head.head.lower_ in TOPIC_PREPS:
        return True
    return any(heads.get(a.i) in NESTING_TYPES for a in head.ancestors)


def _destroys(event: Event) -> bool:
    return event.acled is not None and event.acled.sub_event_type == "Looting/property destruction"


def _targets_protesters(event: Event) -> bool:
    return event.recipient is not None and event.recipient.kind == "protesters"


def protest_sub(
    protest: Linked, paragraph: list[Linked], heads: dict[int, str]
) -> AcledType | None:
    """The protest's ACLED category given the real, un-nested events around it."""
    found: set[str] = set()
    for other in paragraph:
        event = other.event
        if other is protest or event.status not in REAL or _nested(other, heads):
            continue
        if other.sentence < protest.sentence:
            continue
        state = event.actor is not None and event.actor.kind == "state forces"
        sub = event.acled.sub_event_type if event.acled else None
        lethal = (
            other.head.lemma_.lower() in LETHAL_LEMMAS
            or event.trigger.text.lower() in LETHAL_LEMMAS
        )
        if sub == "Excessive force against protesters" or (
            event.type == "ASSAULT"
            and lethal
            and (state or (event.actor is None and _targets_protesters(event)))
        ):
            found.add("Excessive force against protesters")  # deadly force by the state
        elif sub in ("Armed clash", "Violent demonstration") or (
            (event.type == "ASSAULT" or _destroys(event))
            and not state
            and not _targets_protesters(event)
            and event.acled
        ):
            found.add("Violent demonstration")
        elif event.type in ("COERCE", "ASSAULT"):
            found.add("Protest with intervention")
    for sub, kind in (
        ("Excessive force against protesters", "Protests"),
        ("Violent demonstration", "Riots"),
        ("Protest with intervention", "Protests"),
    ):
        if sub in found:
            return AcledType(event_type=kind, sub_event_type=sub)
    return None


def refine_protests(linked: list[Linked]) -> dict[int, AcledType]:
    """New ACLED categories for protest events, by their position in `linked`.

    ACLED codes a protest and what happens to it (arrests, tear gas, clashes)
    as one event: the violence and arrests of the protest's own sentence take
    the protest's category too.
    """
    heads = {item.head.i: item.event.type for item in linked}
    changes: dict[int, AcledType] = {}
    for index, item in enumerate(linked):
        acled = item.event.acled
        if (
            acled is None
            or acled.sub_event_type not in PROTEST_SUBS
            or item.event.type != "PROTEST"
        ):
            continue
        paragraph = [other for other in linked if other.paragraph == item.paragraph]
        better = protest_sub(item, paragraph, heads)
        if better is not None:
            changes[index] = better
    for index, item in enumerate(linked):
        if (
            item.event.type != "PROTEST"
            or item.event.acled is None
            or item.event.status not in REAL
        ):
            continue
        final = changes.get(index, item.event.acled)
        if final.event_type not in ("Protests", "Riots"):
            continue
        for other_index, other in enumerate(linked):
            if (
                other.sentence == item.sentence
                and other.event.type in ("ASSAULT", "COERCE")
                and other.event.acled is not None
                and not _nested(other, heads)
                and other.event.acled.event_type not in ("Protests", "Riots")
                and other_index not in changes
            ):
                changes[other_index] = final
    return changes
