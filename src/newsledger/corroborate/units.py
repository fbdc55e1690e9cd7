"""What one article says about one kind of event: the unit incidents are built from.

An article's events of one type are grouped into one `Unit` (its "shooting",
its "arrest"): extractors often give one trigger the place and its neighbour the
date, and an article rarely reports two different incidents of one type. The
unit keeps what the pairwise model compares (`pairscore.py`): trigger stems,
actors, places, a date range, the words and named entities of the paragraphs
around its events, and the article's salient entities and word signature.
Everything is derived from the stored analysis, so a unit is a pure function of it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash

from newsledger.corroborate.compare import _TOKEN, _stop_words, stem, tokens
from newsledger.incident import Mention, PlaceRef
from newsledger.models import Place

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
CONTEXT_CHARS = 400  # a paragraph shorter than this takes in its neighbours
SALIENT = 6  # the article's most mentioned entities used as blocking keys
SIGNATURE_PERM = 64
SIGNATURE_SEED = 11
CELL_DEGREES = 1.0  # place blocking grid
UNDATED_WINDOW_DAYS = 7
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Unit:
    article_id: str
    type: str
    events: tuple[str, ...]
    copy_of: str
    outlet: str | None
    published: str | None
    triggers: frozenset[str]
    actors: tuple[frozenset[str], ...]  # distinctive: sharing a word with a named entity
    places: tuple[PlaceRef, ...]  # the most precise first: the unit's own place
    start: date | None  # the date the unit's events most agree on (or the publication window)
    end: date | None
    dated: bool
    precise: bool
    words: frozenset[str]  # content words of the paragraphs around the events
    entities: frozenset[str]  # named entities in those paragraphs
    article_entities: frozenset[str]
    salient: tuple[str, ...]  # most mentioned entities of the article
    signature: tuple[int, ...] = field(default=(), repr=False)  # MinHash of the article's words
    numbers: frozenset[str] = frozenset()  # figures the article gives ("6.1", "20")
    months: frozenset[str] = frozenset()  # year-months its dates resolve to
    generic: tuple[frozenset[str], ...] = ()  # common-noun actors ("protesters", "police")
    sentence: frozenset[str] = frozenset()  # content words of its first event's sentence

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.type)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "article_id": self.article_id,
            "type": self.type,
            "events": list(self.events),
            "copy_of": self.copy_of,
            "outlet": self.outlet,
            "published": self.published,
            "triggers": sorted(self.triggers),
            "actors": [sorted(a) for a in self.actors],
            "places": [[p.name, p.country, p.lat, p.lon, p.precision] for p in self.places],
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "dated": self.dated,
            "precise": self.precise,
            "words": sorted(self.words),
            "entities": sorted(self.entities),
            "article_entities": sorted(self.article_entities),
            "salient": list(self.salient),
            "signature": list(self.signature),
            "numbers": sorted(self.numbers),
            "months": sorted(self.months),
            "generic": [sorted(a) for a in self.generic],
            "sentence": sorted(self.sentence),
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> Unit:
        d = json.loads(raw)
        return cls(
            article_id=d["article_id"],
            type=d["type"],
            events=tuple(d["events"]),
            copy_of=d["copy_of"],
            outlet=d["outlet"],
            published=d["published"],
            triggers=frozenset(d["triggers"]),
            actors=tuple(frozenset(a) for a in d["actors"]),
            places=tuple(PlaceRef(*p) for p in d["places"]),
            start=date.fromisoformat(d["start"]) if d["start"] else None,
            end=date.fromisoformat(d["end"]) if d["end"] else None,
            dated=d["dated"],
            precise=d["precise"],
            words=frozenset(d["words"]),
            entities=frozenset(d["entities"]),
            article_entities=frozenset(d["article_entities"]),
            salient=tuple(d["salient"]),
            signature=tuple(d["signature"]),
            numbers=frozenset(d.get("numbers", ())),
            months=frozenset(d.get("months", ())),
            generic=tuple(frozenset(a) for a in d.get("generic", ())),
            sentence=frozenset(d.get("sentence", ())),
        )

    def block_keys(self) -> list[str]:
        """Blocking keys: a unit is compared only with units sharing one (and near in time)."""
        found = [f"{self.type}|e:{e}" for e in self.salient]
        for p in self.places:
            if p.lat is not None and p.lon is not None and p.precision in ("point", "region"):
                found.append(
                    f"{self.type}|c:{math.floor(p.lat / CELL_DEGREES)}:"
                    f"{math.floor(p.lon / CELL_DEGREES)}"
                )
            elif p.name and p.precision != "country":
                found.append(f"{self.type}|p:{' '.join(sorted(tokens(p.name)))}")
        for actor in self.actors:
            if actor:
                found.append(f"{self.type}|a:{' '.join(sorted(actor))}")
        return sorted(set(found))


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=SIGNATURE_PERM, seed=SIGNATURE_SEED)


def signature(words: frozenset[str]) -> tuple[int, ...]:
    minhash = _template().copy()
    if words:
        minhash.update_batch([w.encode() for w in sorted(words)])
    return tuple(int(v) for v in minhash.hashvalues)


def signature_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


def words_of(text: str) -> frozenset[str]:
    """compare.tokens without its cache: paragraphs and whole articles are read once, and
    caching them kept up to 65,536 texts alive (the bench's peak memory grew with the ledger)."""
    stop = _stop_words()
    return frozenset(stem(t) for t in _TOKEN.findall(text.lower()) if len(t) > 1 and t not in stop)


def entity_name(text: str) -> str:
    words = text.lower().replace("’s", "").replace("'s", "").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around a span, widened by neighbouring lines to CONTEXT_CHARS."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    while hi - lo < CONTEXT_CHARS and (lo > 0 or hi < len(text)):
        if lo > 0:
            lo = text.rfind("\n", 0, lo - 1) + 1
        if hi < len(text):
            nxt = text.find("\n", hi + 1)
            hi = len(text) if nxt < 0 else nxt
    return lo, hi


def _dates(mentions: list[Mention]) -> tuple[date | None, date | None, bool, bool]:
    """The date of the unit's first precisely dated mention (mentions in text order: the lede
    tells the incident, later sentences its background), else of its first dated one, else
    the publication window."""
    for precise_only in (True, False):
        chosen = next(
            (m for m in mentions if (m.precise if precise_only else m.dated) and m.start and m.end),
            None,
        )
        if chosen is not None:
            return chosen.start, chosen.end, True, chosen.precise
    published = next((m.published for m in mentions if m.published), None)
    try:
        day = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        day = None
    if day is None:
        return None, None, False, False
    return day - timedelta(days=UNDATED_WINDOW_DAYS), day, False, False


_RANK = {"point": 0, "region": 1, "country": 2}


def outlying_towns(places: Sequence[Place]) -> frozenset[tuple[str, str]]:
    """(name, country) of the towns too doubtful to place a unit: each the article's only
    place in a country that is not the article's main one (the country with the most
    different places; counted by name, not by mention, so a misread name repeated through
    the article does not make its country the main one). An article names the country of
    what it tells, or more of its places; a lone town in another country is more often a
    name misread as a place ("Palin" as Palín, Guatemala, in a story set in Alaska; "Bush",
    "Toyota", "Saints") than a second scene. Such a town still shows on the map; it only
    cannot rule two reports apart."""
    names: dict[str, set[str]] = {}
    for p in places:
        if p.country:
            names.setdefault(p.country, set()).add(p.name)
    if not names:
        return frozenset()
    most = max(len(found) for found in names.values())
    return frozenset(
        (name, country)
        for country, found in names.items()
        if len(found) == 1 < most
        for name in found
    )


def _places(
    mentions: list[Mention], outlying: frozenset[tuple[str, str]] = frozenset()
) -> tuple[PlaceRef, ...]:
    """The unit's places, the most precise first, then in text order (the lede's first),
    without outlying towns."""
    first: dict[PlaceRef, int] = {}
    for i, m in enumerate(mentions):
        if m.place or m.country or m.lat is not None:
            place = m.own_place
            if place.precision == "point" and (place.name, place.country) in outlying:
                continue
            first.setdefault(place, i)
    return tuple(
        sorted(
            first,
            key=lambda p: (_RANK.get(p.precision or "", 3) if p.lat is not None else 4, first[p]),
        )
    )


def _actors(
    mentions: list[Mention], named: frozenset[str]
) -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
    """(distinctive, generic) actor names as token sets: an actor is distinctive when it is a
    proper name or shares a word with a named entity of the article ("Kataib Hezbollah",
    "Iraqi army"), generic otherwise ("protesters", "police"): matching one is weak evidence."""
    distinctive: dict[frozenset[str], None] = {}
    generic: dict[frozenset[str], None] = {}
    for m in mentions:
        for name in (m.actor, m.recipient):
            if name and (t := tokens(name)):
                proper = any(w[:1].isupper() for w in name.split()[1:]) or (
                    name[:1].isupper() and m.sentence.find(name) > 0
                )
                (distinctive if proper or t & named else generic)[t] = None
    return tuple(distinctive), tuple(g for g in generic if g not in distinctive)


def build_units(
    analysis: Any, rows: list[dict[str, Any]], copy_of: str | None = None
) -> list[Unit]:
    """The units of one analysed article, from its analysis and its event rows."""
    text: str = analysis.article.text
    spans = {e.id: (e.trigger, e.sentence) for e in analysis.events}
    named = [
        (e.start, e.end, entity_name(e.name or e.text))
        for e in analysis.entities
        if e.label in ENTITY_LABELS
    ]
    counts = Counter(n for _, _, n in named if n)
    salient = tuple(n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SALIENT])
    article_words = words_of(text)
    sig = signature(article_words)
    named_words = frozenset(w for _, _, n in named for w in tokens(n))
    numbers = frozenset(_NUMBER.findall(text))
    months = frozenset(t.value[:7] for t in analysis.times if t.value and len(t.value) >= 7)
    outlying = outlying_towns(analysis.places)
    by_type: dict[str, list[Mention]] = {}
    order = {e.id: e.trigger.start for e in analysis.events}
    for row in sorted(rows, key=lambda r: (order.get(r["event_id"], 0), r["event_id"])):
        by_type.setdefault(row["type"], []).append(Mention.from_row(row, copy_of))
    units = []
    for type_, mentions in sorted(by_type.items()):
        windows = [
            _context(text, spans[m.event_id][1].start, spans[m.event_id][1].end)
            for m in mentions
            if m.event_id in spans
        ]
        words: set[str] = set()
        for lo, hi in windows:
            words |= words_of(text[lo:hi])
        entities = {n for s, e, n in named if n and any(lo <= s and e <= hi for lo, hi in windows)}
        start, end, dated, precise = _dates(mentions)
        units.append(
            Unit(
                article_id=mentions[0].article_id,
                type=type_,
                events=tuple(m.event_id for m in mentions),
                copy_of=mentions[0].copy_of,
                outlet=mentions[0].outlet,
                published=mentions[0].published,
                triggers=frozenset(
                    stem(spans[m.event_id][0].text.lower()) for m in mentions if m.event_id in spans
                ),
                actors=_actors(mentions, named_words)[0],
                generic=_actors(mentions, named_words)[1],
                places=_places(mentions, outlying),
                start=start,
                end=end,
                dated=dated,
                precise=precise,
                words=frozenset(words),
                entities=frozenset(entities),
                article_entities=frozenset(counts),
                salient=salient,
                signature=sig,
                numbers=numbers,
                months=months,
                sentence=words_of(mentions[0].sentence),
            )
        )
    return units
