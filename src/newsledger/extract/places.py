"""Toponyms resolved to GeoNames entries (`places` in the format).

Recognition is `extract.toponyms`; resolution is `geo.resolve`, with every
toponym of the article resolved together so that they inform each other.
Adjectives of places ("Iraqi militias", "the Iranian regime") are places too:
their `name` is the country (or continent) and their precision "country" or
"region", so events can locate an actor's country from them.
A facility phrase ("Najaf Airport") keeps its own point when the gazetteer
has it, otherwise it takes the point of the place it names with precision
"region".
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from newsledger.extract.context import Context
from newsledger.extract.toponyms import Toponym, find_toponyms, lexicon_for
from newsledger.geo.gazetteer import Candidate, Gazetteer, default_gazetteer
from newsledger.geo.names import name_key
from newsledger.geo.resolve import Query, candidates_for, resolve
from newsledger.knowledge import load_records
from newsledger.models import GeoPrecision, Location, Place

POINT_FEATURES = {"city", "airport", "border_crossing", "facility"}
FACILITY_LABELS = {"FAC", "LOC"}
COMMON_WORD_TOWN = 100_000
WITHIN_WORDS = 4  # a province named after a town is this short


def precision_of(feature: str | None) -> GeoPrecision:
    if feature == "country":
        return "country"
    return "point" if feature in POINT_FEATURES else "region"


def _within_text(doc: Doc, toponym: Toponym) -> str | None:
    """The region or country named right after a town: "Town (Province)", "Town (District,
    Province)" or "Town, Province" (capitalised words up to the next punctuation)."""
    end = toponym.end
    if end >= len(doc) or doc[end].text not in ("(", ","):
        return None
    stop = end + 1
    while stop < min(len(doc), end + 1 + WITHIN_WORDS) and not doc[stop].is_punct:
        stop += 1
    if doc[end].text == "(":
        if stop >= len(doc) or doc[stop].text not in (")", ","):
            return None
        while stop < len(doc) and doc[stop].text == ",":  # "(Capital, La Pampa)": the last part
            end, stop = stop, stop + 1
            while stop < min(len(doc), end + 1 + WITHIN_WORDS) and not doc[stop].is_punct:
                stop += 1
    words = doc[end + 1 : stop]
    if not words or not all(t.text[:1].isupper() or t.lower_ in ("de", "del", "la") for t in words):
        return None
    return words.text


def _query(doc: Doc, toponym: Toponym, gazetteer: Gazetteer) -> tuple[Query, bool]:
    """What to look up, and whether it names the whole phrase (not just a place in it)."""
    whole = doc[toponym.start : toponym.end].text
    if toponym.kind == "demonym":
        return Query(whole, demonym=True), True
    within = _within_text(doc, toponym)
    if candidates_for(gazetteer, Query(whole)):
        return Query(whole, within=within), True
    if toponym.name_end < toponym.end:  # "Najaf Airport": placed at Najaf
        return Query(
            doc[toponym.start : toponym.name_end].text, local=toponym.feature == "neighbourhood"
        ), False
    inner = _inner_name(doc, toponym, gazetteer) if toponym.label in FACILITY_LABELS else None
    return (Query(inner), False) if inner else (Query(whole), True)


def _inner_name(doc: Doc, toponym: Toponym, gazetteer: Gazetteer) -> str | None:
    """The longest well-known place name inside an unknown facility ("Manila Cathedral")."""
    tokens = doc[toponym.start : toponym.end]
    keys = lexicon_for(gazetteer).keys
    for size in range(len(tokens) - 1, 0, -1):
        for i in range(len(tokens) - size + 1):
            span = tokens[i : i + size]
            if span[0].text[:1].isupper() and span[-1].is_alpha and name_key(span.text) in keys:
                return span.text
    return None


def _plausible_choice(
    doc: Doc, toponym: Toponym, found: Candidate | None, gazetteer: Gazetteer
) -> Candidate | None:
    """A common word ("the West") is not the small town that bears it."""
    if found is None or found.feature != "city" or found.population >= COMMON_WORD_TOWN:
        return found
    text = doc[toponym.start : toponym.end].text
    return None if name_key(text) in lexicon_for(gazetteer).stopwords else found


def _kept(toponym: Toponym, found: Candidate | None) -> bool:
    """NER's towns and countries that no gazetteer knows are mostly people and groups."""
    return found is not None or toponym.label in FACILITY_LABELS or toponym.feature is not None


def _place(doc: Doc, index: int, toponym: Toponym, found: Candidate | None, whole: bool) -> Place:
    span = doc[toponym.start : toponym.end]
    text = span.text
    if found is None:
        return Place(
            id=f"P{index}",
            start=span.start_char,
            end=span.end_char,
            text=text,
            name=text,
            feature=toponym.feature,
        )
    feature, precision = found.feature, precision_of(found.feature)
    name, geonameid = found.name, found.geonameid
    if not whole:  # "X Airport" placed at X: the facility's kind, X's point, not X's entry
        feature, name, geonameid = toponym.feature or found.feature, text, None
        precision = "region" if found.feature in POINT_FEATURES else precision
    elif (toponym.kind == "demonym" or toponym.feature == "region") and precision == "point":
        precision = "region"  # "Iraqi" placed at a town, "Donetsk region" at Donetsk
    return Place(
        id=f"P{index}",
        start=span.start_char,
        end=span.end_char,
        text=text,
        name=name,
        lat=found.lat,
        lon=found.lon,
        country=found.country,
        feature=feature,
        geonameid=geonameid,
        precision=precision,
    )


@lru_cache(maxsize=1)
def outlet_words() -> frozenset[str]:
    return frozenset(
        str(w) for record in load_records("outlet_words.jsonl") for w in record.get("words", ())
    )


def _outlet_spans(text: str, outlet: str | None) -> list[tuple[int, int]]:
    """Where the article's own outlet is named ("Tigris Wire Service", "Tigris Wire")."""
    if not outlet:
        return []
    words = outlet.split()
    names = {" ".join(words[:n]) for n in range(2, len(words) + 1)} if len(words) > 1 else {outlet}
    return [(m.start(), m.end()) for name in names for m in re.finditer(re.escape(name), text)]


def _names_an_outlet(doc: Doc, toponym: Toponym, outlets: list[tuple[int, int]]) -> bool:
    """An outlet or agency name is never a place: inside the article's outlet name, or
    followed by an outlet word ("Tigris Wire Service")."""
    span = doc[toponym.start : toponym.end]
    if any(start <= span.start_char < end for start, end in outlets):
        return True
    return toponym.end < len(doc) and doc[toponym.end].text in outlet_words()


def toponym_queries(
    doc: Doc, gazetteer: Gazetteer
) -> tuple[list[Toponym], list[tuple[Query, bool]]]:
    """The toponyms of a text, and for each what to look up (and whether it names the whole
    phrase)."""
    toponyms = find_toponyms(doc, gazetteer)
    return toponyms, [_query(doc, t, gazetteer) for t in toponyms]


def extract_places(ctx: Context) -> list[Place]:
    gazetteer = default_gazetteer()
    doc = ctx.doc
    toponyms, queries = toponym_queries(doc, gazetteer)
    chosen = [
        _plausible_choice(doc, t, c, gazetteer)
        for t, c in zip(toponyms, resolve(gazetteer, [q for q, _whole in queries]))
    ]
    outlets = _outlet_spans(doc.text, ctx.article.outlet)
    kept = [
        (t, c, whole)
        for t, c, (_q, whole) in zip(toponyms, chosen, queries)
        if _kept(t, c) and not _names_an_outlet(doc, t, outlets)
    ]
    return [_place(doc, i, t, c, whole) for i, (t, c, whole) in enumerate(kept, 1)]


def location_of(place: Place) -> Location:
    """The event-side view of a place (for `Event.location`)."""
    return Location(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        precision=place.precision or precision_of(place.feature),
    )
