"""One record per event: the mentions of one occurrence in an article, joined.

A report tells of its main event in the lead, again in a quote, and again in a
later paragraph. Mentions join when nothing they say tells them apart: the same
PLOVER type, the same real-or-not status class, and actors, recipients, places,
dates and ACLED categories that agree wherever both give one ("killed after the
vehicle hit a mine": an IED and an air strike are two ACLED events). The record
carries every mention; its actor, recipient, place, date and quantities come from the best-supported
mention (the one that fills most of them, said in the outlet's own voice first),
and what that mention leaves empty is filled from the others in text order.

Two ties beyond shared trigger words and a shared named actor: mentions in one
sentence ("blocked the road to demonstrate against ...": whom each acts on may
differ), and a mention that points back to the sentence before, by its actor
("They rallied ...", "The group blocked ...") or as a definite noun ("The rally
was called by ..."); the words are `anaphors` and `anaphor_determiners` in
knowledge/event_words.jsonl.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from newsledger.knowledge import word_list
from newsledger.models import UNREAL_STATUSES, Actor, Event, EventMention, When

# Statuses of something that did not (or not yet) happen: such mentions join only their own kind.
VOICE_RANK = {"asserted": 3, "reported": 2, "unverified": 1, "disputed": 1, "denied": 0}


def _actor_key(actor: Actor | None) -> str | None:
    return actor.name.lower() if actor is not None else None


def _head_word(actor: Actor) -> str:
    words = actor.text.lower().split()
    return words[-1] if words else ""


def _actors_agree(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if _actor_key(a) == _actor_key(b):
        return True
    # "Iraqi militias" and "Several Iraqi Shiite militias": the same group, named twice
    return _head_word(a) == _head_word(b) and (
        a.country == b.country or not a.country or not b.country
    )


@cache
def _words(which: str) -> frozenset[str]:
    return word_list("event_words.jsonl", which)


def _anaphoric(actor: Actor | None) -> bool:
    """A pronoun or a generic definite ("they", "the group"): it names no one of its own."""
    if actor is None:
        return False
    words = actor.text.lower().split()
    anaphors, determiners = _words("anaphors"), _words("anaphor_determiners")
    return (len(words) == 1 and words[0] in anaphors) or (
        len(words) == 2 and words[0] in determiners and words[1] in anaphors
    )


SENTENCE_GAP = 3  # characters between one sentence's end and the next one's start


def _definite(event: Event) -> bool:
    """The trigger is a noun after a definite determiner ("the rally", "during this march")."""
    at = event.trigger.start - event.sentence.start
    before = event.sentence.text[max(0, at - 16) : max(0, at)].split()  # the word before only
    return bool(before) and before[-1].lower() in _words("anaphor_determiners")


def refers_back(earlier: Event, later: Event) -> bool:
    """The later mention points back to the earlier, told in the same sentence or the one
    right after it: by its actor ("Truck drivers protested in X. They blocked the road.") or
    as a definite noun ("The rally was called by the drivers' union.")."""
    gap = later.sentence.start - earlier.sentence.end
    adjacent = later.sentence.start == earlier.sentence.start or 0 <= gap <= SENTENCE_GAP
    by_actor = _anaphoric(later.actor) and earlier.actor is not None
    return adjacent and (by_actor or _definite(later))


def _places_agree(a: Event, b: Event) -> bool:
    if a.location is None or b.location is None:
        return True
    if a.place is not None and a.place == b.place:
        return True
    if a.location.name == b.location.name:
        return True
    # a country-level reading joins a town in that country; two towns do not join
    loose = a.location.precision == "country" or b.location.precision == "country"
    return loose and a.location.country is not None and a.location.country == b.location.country


def _dates_agree(a: When | None, b: When | None) -> bool:
    if a is None or b is None or a.start is None or b.start is None:
        return True
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end and b.start <= a_end


def _status_class(event: Event) -> str:
    return event.status if event.status in UNREAL_STATUSES else "real"


def same_event(a: Event, b: Event, same_words: bool = True, anaphor: bool = False) -> bool:
    """Nothing the two mentions say tells them apart, and something ties them: the same
    trigger words (`same_words`: one lexicon entry, "protests" / "demonstrations"), the
    same named actor, one sentence, or `b`'s actor pointing back (`anaphor`: `refers_back`
    to the mention before it)."""
    named_alike = a.actor is not None and b.actor is not None and _actors_agree(a.actor, b.actor)
    one_sentence = a.sentence.start == b.sentence.start  # "attacked a checkpoint, killing five"
    return (
        a.type == b.type
        and _status_class(a) == _status_class(b)
        and (same_words or named_alike or one_sentence or anaphor)
        and (anaphor or _actors_agree(a.actor, b.actor))
        and (one_sentence or anaphor or _actors_agree(a.recipient, b.recipient))
        and _places_agree(a, b)
        and _dates_agree(a.when, b.when)
        and (a.acled is None or b.acled is None or a.acled == b.acled)
    )


def _empty(value: object) -> bool:
    """No value: nothing, or a time with no date to read ("recent")."""
    return value is None or (isinstance(value, When) and value.start is None)


def support(event: Event) -> tuple[int, int, int]:
    """How well a mention supports its record: filled slots, then the outlet's own voice."""
    filled = sum(
        x is not None and x != []
        for x in (event.actor, event.recipient, event.location, event.quantities)
    ) + int(not _empty(event.when))
    precise = int(event.location is not None and event.location.precision == "point")
    return filled + precise, VOICE_RANK.get(event.status, 0), -event.trigger.start


def _mention(event: Event) -> EventMention:
    return EventMention(
        trigger=event.trigger,
        sentence=event.sentence,
        attribution=event.attribution,
        status=event.status,
    )


def _record(group: Sequence[Event]) -> Event:
    # a mention that points back ("they", "the capture") leans on the one it points to
    primary = [e for e in group if not (_anaphoric(e.actor) or _definite(e))] or group
    best = max(primary, key=support)
    update: dict[str, object] = {}
    for field in ("actor", "recipient", "place", "location", "when", "acled", "mode"):
        if _empty(getattr(best, field)):
            donor = next((e for e in group if not _empty(getattr(e, field))), None)
            if donor is not None:
                update[field] = getattr(donor, field)
                if field == "place":
                    update["location"] = donor.location
    if not best.quantities:
        donor = next((e for e in group if e.quantities), None)
        if donor is not None:
            update["quantities"] = donor.quantities
    # the record is as real as its most confident mention says
    update["status"] = max(group, key=lambda e: VOICE_RANK.get(e.status, -1)).status
    if best.confidence is not None:
        update["confidence"] = max(e.confidence or 0.0 for e in group)
    update["mentions"] = [_mention(e) for e in sorted(group, key=lambda e: e.trigger.start)]
    update["about"] = sorted((c for e in group for c in e.about), key=lambda c: c.trigger.start)
    return best.model_copy(update=update)


MAX_OPEN_GROUPS = 64  # per type: keeps joining linear on hostile text with thousands of triggers


def join_mentions(events: Sequence[Event], words: Sequence[str] | None = None) -> list[Event]:
    """Records in text order of their best-supported mention, each with its mentions; ids E1, E2,
    ...

    `words[i]` names the trigger words of `events[i]` (its lexicon entry); without
    them only mentions with agreeing actors join.
    """
    keyed = sorted(zip(events, words or [""] * len(events)), key=lambda pair: pair[0].trigger.start)
    groups: list[list[Event]] = []
    group_words: dict[int, str] = {}
    open_groups: dict[tuple[str, str], list[list[Event]]] = {}
    for event, word in keyed:
        candidates = open_groups.setdefault((event.type, _status_class(event)), [])
        for group in candidates:
            alike = bool(word) and group_words.get(id(group)) == word
            back = refers_back(group[-1], event)
            if same_event(group[0], event, alike, back) and same_event(
                group[-1], event, alike, back
            ):
                group.append(event)
                break
        else:
            groups.append([event])
            group_words[id(groups[-1])] = word
            candidates.append(groups[-1])
            del candidates[:-MAX_OPEN_GROUPS]
    records = [_record(group) for group in groups]
    records.sort(key=lambda e: e.trigger.start)
    return [record.model_copy(update={"id": f"E{n}"}) for n, record in enumerate(records, 1)]
