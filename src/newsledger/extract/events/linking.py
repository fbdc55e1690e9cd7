"""Tie an event to the places, times and quantities found by the other extractors.

A place or time hanging from the event's clause (by a preposition or inside its
subtree) wins; else one in the same sentence; else, for places, the paragraph's
first place and then the article's most mentioned place. Events of a sentence
without a time of its own take the time of the previous event in the paragraph
(news narrative keeps its date until it names another).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from spacy.tokens import Doc, Span, Token

from newsledger.knowledge import prepositions
from newsledger.models import Location, Place, Quantity, Time, When

T = TypeVar("T", Place, Time, Quantity)


@dataclass(frozen=True)
class Found:
    """A finding of another extractor with the token it starts on."""

    item: Place | Time | Quantity
    token: Token


def index_findings(doc: Doc, items: Sequence[T]) -> list[tuple[T, Token]]:
    """Each finding with its first token (findings that do not start on a token are skipped)."""
    out = []
    for item in items:
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((item, span.root if len(span) < 8 else span[0]))
    return out


class Findings(Generic[T]):
    """Findings with their tokens, looked up by token or character range in log time.

    Every event asks for the places, times and quantities of its sentence and
    paragraph; a pass over all of the article's findings per event made an article
    with thousands of both quadratic. Lookups return findings in their original order.
    """

    def __init__(self, found: list[tuple[T, Token]]) -> None:
        self.all: list[tuple[T, Token]] = found
        self._by_token = sorted(range(len(found)), key=lambda k: found[k][1].i)
        self._tokens = [found[k][1].i for k in self._by_token]
        self._by_char = sorted(range(len(found)), key=lambda k: found[k][0].start)
        self._chars = [found[k][0].start for k in self._by_char]
        self.longest = max((item.end - item.start for item, _ in found), default=0)

    def _token_keys(self, start: int, end: int) -> list[int]:
        return self._by_token[bisect_left(self._tokens, start) : bisect_left(self._tokens, end)]

    def _char_keys(self, start: int, end: int) -> list[int]:
        return self._by_char[bisect_left(self._chars, start) : bisect_left(self._chars, end)]

    def in_tokens(self, start: int, end: int) -> list[tuple[T, Token]]:
        """Those whose token lies in [start, end)."""
        return [self.all[k] for k in sorted(self._token_keys(start, end))]

    def in_chars(self, start: int, end: int) -> list[tuple[T, Token]]:
        """Those starting at a character in [start, end)."""
        return [self.all[k] for k in sorted(self._char_keys(start, end))]

    def either(self, tokens: tuple[int, int], chars: tuple[int, int]) -> list[tuple[T, Token]]:
        """Those in the token range or the character range."""
        keys = set(self._token_keys(*tokens)) | set(self._char_keys(*chars))
        return [self.all[k] for k in sorted(keys)]


def clause_head(head: Token) -> Token:
    """The verb of the trigger's clause (a nominal trigger's governing verb)."""
    current = head
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX") or current.dep_ == "ROOT":
            return current
        current = current.head
    return current


def _in_subtree(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


EMBEDDING_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl"})


def _attached_to(token: Token, root: Token) -> bool:
    """In the root's subtree without passing through a clause of its own
    ("trucks that were transporting shrimp to Mar del Plata" is not where they gathered)."""
    if not _in_subtree(token, root):
        return False
    current = token
    for _ in range(64):  # bounded: a subtree's span may hold non-descendants
        if current.i == root.i:
            return True
        if current.dep_ in EMBEDDING_DEPS or current.head.i == current.i:
            return False
        current = current.head
    return False


def _main_clause(head: Token) -> Token:
    """The verb whose clause the trigger is part of, through infinitives and conjuncts."""
    current = clause_head(head)
    for _ in range(4):
        if current.dep_ in ("xcomp", "conj", "advcl", "acl") and current.head.pos_ in (
            "VERB",
            "AUX",
            "NOUN",
        ):
            current = clause_head(current.head)
        else:
            break
    return current


def _prep_attached(token: Token) -> bool:
    head = token.head
    while head.dep_ in ("compound", "conj", "appos") and head.head.i != head.i:
        head = head.head
    places = prepositions("event_place")
    if token.ent_type_ == "NORP" and head.dep_ == "pobj" and head.head.lower_ in places:
        return True  # "in Iraqi Shiite provinces"
    return (head.dep_ == "prep" and head.lower_ in places) or (
        token.dep_ == "pobj" and token.head.lower_ in places
    )


def pick(
    head: Token, sent: Span, candidates: list[tuple[T, Token]], avoid: Sequence[Span] = ()
) -> T | None:
    """The finding that belongs to the event: attached to its clause first, then same sentence."""
    in_sent = [(item, tok) for item, tok in candidates if sent.start <= tok.i < sent.end]
    if not in_sent:
        return None
    clause = clause_head(head)

    main = _main_clause(head)

    def score(pair: tuple[T, Token]) -> tuple[int, int, int, int, int]:
        item, tok = pair
        inside_role = any(span.start <= tok.i < span.end for span in avoid)
        in_clause = _attached_to(tok, head) or _attached_to(tok, clause) or _attached_to(tok, main)
        return (
            0 if inside_role else 1,
            0 if getattr(item, "lat", 0) is None else 1,  # a place we cannot map is a last resort
            1 if in_clause else 0,
            1 if _prep_attached(tok) else 0,
            # the first place phrase of the clause is usually the most specific ("in X, Y province")
            -tok.i if in_clause and isinstance(item, Place) else -abs(tok.i - head.i),
        )

    return max(in_sent, key=score)[0]


def location_of(place: Place) -> Location:
    feature = (place.feature or "").lower()
    if feature.startswith("pcl") or feature in ("country", "a.pcli"):
        precision = "country"
    elif feature.startswith(("adm", "a.adm")) or feature in (
        "region",
        "admin1",
        "admin2",
        "state",
        "province",
        "county",
        "district",
    ):
        precision = "region"
    else:
        precision = "point"
    return Location(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        precision=precision,  # type: ignore[arg-type]
    )


TOWN_BEFORE_REGION = re.compile(r"\s*[(,]\s*(?:[^(),\n]{1,40},\s*)?$")


def town_before_region(found: Place, places: Sequence[tuple[Place, Token]], text: str) -> Place:
    """In "La Paz (Entre Rios)" or "Rawson, Chubut" the event is at the town the
    region only locates: a region right after a point place yields to it."""
    if location_of(found).precision != "region":
        return found
    before = [
        p
        for p, _ in places
        if p.end <= found.start
        and found.start - p.end <= 50
        and p.lat is not None
        and location_of(p).precision == "point"
    ]
    if before:
        town = max(before, key=lambda p: p.end)
        if TOWN_BEFORE_REGION.fullmatch(text[town.end : found.start]):
            return town
    return found


def refine_country(
    found: Place, sent: Span, paragraph: tuple[int, int], places: Sequence[tuple[Place, Token]]
) -> Place:
    """A finer place for an event located only to a country: the first town,
    facility or region of the sentence, else of the paragraph, that lies in a
    country the sentence names ("crossed the border between Iraq and Iran" in a
    paragraph about the Shalamcheh crossing is at the crossing)."""
    if location_of(found).precision != "country":
        return found
    in_sentence = [p for p, tok in places if sent.start <= tok.i < sent.end]
    countries = {p.country for p in in_sentence if location_of(p).precision == "country"} | {
        found.country
    }
    in_paragraph = [p for p, _ in places if paragraph[0] <= p.start < paragraph[1]]
    for scope in (in_sentence, in_paragraph):
        for place in scope:
            if (
                place.lat is not None
                and place.country in countries
                and location_of(place).precision != "country"
            ):
                return place
    return found


def focus_place(places: Sequence[Place]) -> Place | None:
    """The article's most mentioned place (first mention wins ties)."""
    if not places:
        return None
    counts = Counter(p.name for p in places)
    best = max(counts.values())
    return next(p for p in places if counts[p.name] == best)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _range(value: str | None) -> tuple[str | None, str | None]:
    """First and last day of an ISO date, month ("2025-06") or year ("2017")."""
    if not value:
        return None, None
    try:
        if len(value) == 10:
            date.fromisoformat(value)
            return value, value
        if len(value) == 7 and value[4] == "-":
            year, month = int(value[:4]), int(value[5:])
            return f"{value}-01", _month_end(year, month).isoformat()
        if len(value) == 4 and value.isdigit():
            return f"{value}-01-01", f"{value}-12-31"
    except ValueError:
        return None, None
    return None, None


def when_of(time: Time) -> When:
    start, end = _range(time.value)
    if time.end_value:
        end = _range(time.end_value)[1] or end
    return When(text=time.text, start=start, end=end, precision=time.precision)


def quantities_of(
    head: Token, sent: Span, found: list[tuple[Quantity, Token]], alone: bool
) -> list[str]:
    """Ids of the quantities in the event's clause (all of the sentence's when it has one event)."""
    clause = clause_head(head)
    ids = []
    for quantity, tok in found:
        if not sent.start <= tok.i < sent.end:
            continue
        if alone or _in_subtree(tok, clause) or _in_subtree(tok, head):
            ids.append(quantity.id)
    return ids
