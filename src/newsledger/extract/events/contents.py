"""Which unreal acts are what another event is about, not occurrences of their own.

"Iran threatened to shell Iraqi towns", "demanded that troops withdraw", "refused to
deploy peacekeepers": the shelling, the withdrawal and the deployment are the content
of the threat, the demand and the refusal. PLOVER and CAMEO code such a sentence as the
governing act only. So a hypothetical, future or negated act that hangs in the parse
from another kept event of its sentence is folded into that event's `about`, with its
type and status; an unreal act nothing governs ("the army may attack the town") stays
a record of its own, with its status.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from newsledger.models import UNREAL_STATUSES, Event, EventContent


def _governing(head: Token, n: int, at: dict[int, int]) -> int | None:
    """The nearest event above `head` in the parse that it is the content of: not one it is
    only coordinated with ("attacked the town and may burn the market": two acts)."""
    child = head
    for ancestor in head.ancestors:
        found = at.get(ancestor.i)
        if found is not None and found != n and child.dep_ != "conj":
            return found
        child = ancestor
    return None


def governors(heads: Sequence[Token], unreal: Sequence[bool]) -> list[int | None]:
    """For each event (its trigger's head token; whether it is unreal), the index of the
    event it is folded into, or None: an unreal event goes into the nearest event whose
    trigger it hangs from, and on up while that one is itself folded."""
    at = {head.i: n for n, head in reversed(list(enumerate(heads)))}
    nearest = [_governing(head, n, at) if unreal[n] else None for n, head in enumerate(heads)]
    roots: list[int | None] = []
    for n in range(len(heads)):
        target, seen = nearest[n], {n}
        while target is not None and nearest[target] is not None and target not in seen:
            seen.add(target)
            target = nearest[target]
        roots.append(target if target not in seen else None)
    return roots


def content_of(event: Event) -> EventContent:
    return EventContent(
        type=event.type,
        mode=event.mode,
        trigger=event.trigger,
        sentence=event.sentence,
        actor=event.actor,
        recipient=event.recipient,
        status=event.status,
    )


def fold(events: Sequence[Event], heads: Sequence[Token]) -> tuple[list[Event], list[int]]:
    """The events left once each governed unreal act is folded into the event it is about,
    and the positions (in `events`) of those left."""
    targets = governors(heads, [e.status in UNREAL_STATUSES for e in events])
    about: dict[int, list[EventContent]] = {}
    for n, target in enumerate(targets):
        if target is not None:
            about.setdefault(target, []).append(content_of(events[n]))
    left = [n for n, target in enumerate(targets) if target is None]
    folded = [
        events[n].model_copy(update={"about": [*events[n].about, *about[n]]})
        if n in about
        else events[n]
        for n in left
    ]
    return folded, left
