"""Find toponyms in a parsed article: NER places, gazetteer names NER missed,
adjectives of places ("Iraqi militias"), and facility phrases ("Najaf Airport").

Recognition only; `extract.places` resolves what is found here. Passes, each
claiming tokens no earlier pass took:

1. NER's GPE/LOC/FAC entities (extended by a facility or division word after
   them: "Shalamcheh border crossing", "Najaf Governorate").
2. Entities NER calls people or groups whose whole text is a sizeable place
   ("Liverpool said"), or any known place after "in", "from"... .
3. Adjectives of places used as modifiers ("Iraqi militias"; not "Iraqis").
4. The gazetteer pass: a dictionary look-up of token n-grams that start at a
   capitalised token whose first word begins some well-known name (a few set
   probes per capitalised token); plus known names after a locative word.
5. Known names listed with a found place ("Nitra, Presov and Kosice",
   "Croft, Yorkshire", "Rafah in the Gaza Strip").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.geo.gazetteer import Gazetteer, extra_key
from newsledger.geo.names import name_key
from newsledger.knowledge import load_records, paths_of, prepositions, word_list
from newsledger.knowledge.cache import cached, code_files
from newsledger.nlp import labels

PLACE_LABELS = labels.PLACES
BLOCKING_LABELS = labels.VALUES | {"PERSON"}
# Names of things inside which a town name is not a place ("Miami Dolphins", "Baghdad Airport").
NAME_LABELS = labels.OTHER_NAMES - {"PERSON", "NORP"} | {"FAC"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss"}
INNER_WORDS = {"of", "and", "the", "de", "del", "al", "el", "upon", "on", "-", "&"}
MAX_WORDS = 6
POSSESSIVE = {"'s", "’s", "'", "’"}
HYPHENS = {"-", "‐", "‑"}
MISLABELS = labels.OTHER_NAMES - {"EVENT", "LAW"}  # NER's usual errors for towns
STRONG_POPULATION = 50_000  # towns the gazetteer pass may find without NER's help
MAJOR_POPULATION = 500_000  # towns it may find inside an organisation's name
KNOWN_ALIAS_POPULATION = 20_000
# a region named after a town ("Town (Province)") is this short  # towns known by another spelling
# after "in" ("Misrata")
REGION_WORDS = 4


@dataclass(frozen=True)
class Toponym:
    """A place phrase as token offsets; `name_end` < `end` when a head word follows."""

    start: int
    end: int
    name_end: int
    kind: str  # "name" or "demonym"
    feature: str | None = None  # the head word's kind ("airport", "region"...), if any
    label: str | None = None  # NER label it came from, if any


@dataclass(frozen=True)
class Lexicon:
    keys: frozenset[str]  # names the gazetteer pass may match
    major: frozenset[str]  # own names it may match inside other names ("Oman Film Society")
    first_words: frozenset[str]
    short_ok: frozenset[str]  # all-capital short names allowed (US, UK, EU...)
    demonyms: frozenset[str]
    stopwords: frozenset[str]  # single words that are only places when NER says so
    heads: dict[tuple[str, ...], str]
    max_head: int


@lru_cache(maxsize=4)
def lexicon_for(gazetteer: Gazetteer) -> Lexicon:
    """The names the passes match, built once per gazetteer and knowledge files,
    then read from the knowledge cache (the index's queries and the sets of
    25,000 keys cost about 0.1 s)."""
    sources = [
        gazetteer.path,
        *paths_of("places_extra.jsonl"),
        *paths_of("place_words.jsonl"),
        *paths_of("place_stopwords.csv"),
        *code_files(
            __name__, "newsledger.geo.gazetteer", "newsledger.geo.names", "newsledger.knowledge"
        ),
    ]
    return cached("toponyms", sources, lambda: _plain(build_lexicon(gazetteer)), _restore)


def _plain(lex: Lexicon) -> tuple[Any, ...]:
    return tuple(getattr(lex, f.name) for f in fields(lex))


def _restore(plain: tuple[Any, ...]) -> Lexicon:
    return Lexicon(*plain)


def build_lexicon(gazetteer: Gazetteer) -> Lexicon:
    keys = gazetteer.keys(STRONG_POPULATION)
    records = load_records("places_extra.jsonl")
    extras = frozenset(extra_key(r["name"]) for r in records if r.get("name"))
    aliases = frozenset(extra_key(a) for r in records for a in r.get("aliases", []))
    heads = {tuple(r["head"].split()): r["feature"] for r in load_records("place_words.jsonl")}
    major = gazetteer.major_keys(MAJOR_POPULATION)
    stopwords = frozenset(name_key(r["word"]) for r in load_records("place_stopwords.csv"))
    return Lexicon(
        keys,
        major,
        frozenset(k.split()[0] for k in keys if k),
        extras | aliases,
        gazetteer.demonym_keys(),
        stopwords,
        heads,
        max(len(h) for h in heads),
    )


def _head_after(doc: Doc, end: int, lex: Lexicon) -> tuple[int, str | None]:
    """(new end, feature) when a facility/division word follows the name."""
    for size in range(lex.max_head, 0, -1):
        words = tuple(t.lower_ for t in doc[end : end + size])
        if len(words) == size and words in lex.heads:
            return end + size, lex.heads[words]
    return end, None


def _head_inside(span: Span, lex: Lexicon) -> tuple[int, str | None]:
    """(name end, feature) when the entity itself ends with a head word."""
    for size in range(min(lex.max_head, len(span) - 1), 0, -1):
        words = tuple(t.lower_ for t in span[len(span) - size :])
        if words in lex.heads:
            return span.end - size, lex.heads[words]
    return span.end, None


def _ner_toponyms(doc: Doc, lex: Lexicon) -> Iterator[Toponym]:
    for ent in doc.ents:
        start = ent.start
        while start < ent.end - 1 and (doc[start].pos_ == "DET" or doc[start].lower_ == "the"):
            start += 1
        end = ent.end
        while end > start + 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in POSSESSIVE):
            end -= 1  # "Saudi Arabia's" -> "Saudi Arabia"
        if ent.label_ in PLACE_LABELS:
            end = _longer_name(doc, start, end, lex)  # "Deir" + "ez-Zor"
        span = doc[start:end]
        if ent.label_ in PLACE_LABELS:
            name_end, feature = _head_inside(span, lex)
            if feature is None:
                end, feature = _head_after(doc, end, lex)
            yield Toponym(start, end, name_end, "name", feature, ent.label_)
        elif ent.label_ == "ORG":
            name_end, feature = _head_inside(span, lex)
            if feature is not None and name_key(doc[start:name_end].text) in lex.keys:
                yield Toponym(start, ent.end, name_end, "name", feature, ent.label_)


def _longer_name(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Extend an entity NER cut short when the longer text is a known name."""
    if name_key(doc[start:end].text) in lex.keys:
        return end
    for stop in range(min(len(doc), end + 3), end, -1):
        if name_key(doc[start:stop].text) in lex.keys and not doc[stop - 1].is_punct:
            return stop
    return end


def _is_modifier(token: Token) -> bool:
    """An adjective of a place used as a modifier ("Iraqi militias"), not a people noun."""
    if token.tag_ in ("NNS", "NNPS"):
        return False
    if token.dep_ in MODIFIER_DEPS and token.head.i > token.i:
        return True
    if (
        token.dep_ == "conj" and token.head.dep_ in MODIFIER_DEPS
    ):  # "American and Mexican officials"
        return token.head.head.i > token.i
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.ent_type_ in NAME_LABELS and following is not None and following.ent_iob_ == "I"


def _demonym_at(doc: Doc, i: int, lex: Lexicon) -> int:
    """End of a demonym phrase starting at token i, or i when there is none."""
    first = doc[i]  # checked once: most tokens are not capitalised
    if first.pos_ == "DET" or not first.text[:1].isupper():
        return i
    for size in (2, 1):
        span = doc[i : i + size]
        if len(span) < size:
            continue
        if name_key(span.text) in lex.demonyms and _is_modifier(span[-1]):
            return i + size
    return i


def _capitalised(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper()


def _gazetteer_at(doc: Doc, i: int, lex: Lexicon) -> int:
    """End of the longest known name starting at token i, or i."""
    token = doc[i]
    if not _capitalised(token) or name_key(token.text) not in lex.first_words:
        return i
    for end in range(min(len(doc), i + MAX_WORDS), i, -1):
        span = doc[i:end]
        last = span[-1]
        if not (_capitalised(last) or last.lower_ in ("crossing", "airport", "border")):
            continue
        key = name_key(span.text)
        if key in lex.keys and _plausible(span, key, lex):
            return end
    return i


def _plausible(span: Span, key: str, lex: Lexicon) -> bool:
    """Guards against common words that are also town names."""
    if span.text.isupper() and len(span.text) <= 4:
        return key in lex.short_ok
    if any(t.ent_type_ == "PERSON" for t in span):
        return key in lex.short_ok
    if span[0].is_stop or span[0].pos_ == "DET":
        return False
    if (
        any(t.ent_type_ in NAME_LABELS for t in span)
        and key not in lex.major
        and span[0].ent_iob_ != "B"
    ):  # inside a name: only its leading town ("Miami Dolphins")
        return False
    if len(span) == 1:
        token = span[0]
        if token.pos_ != "PROPN" or token.is_stop or key in lex.stopwords:
            return False
    return all(
        _capitalised(t)
        or t.lower_ in INNER_WORDS
        or t.is_punct
        or t.lower_ in ("crossing", "airport", "border")
        for t in span
    )


SCAN_BLOCKING = BLOCKING_LABELS - {"PERSON", "MONEY"}


def find_toponyms(doc: Doc, gazetteer: Gazetteer) -> list[Toponym]:
    """Toponyms in text order, without overlaps (NER first, then the other passes)."""
    lex = lexicon_for(gazetteer)
    taken = [False] * len(doc)
    found: list[Toponym] = []

    def claim(t: Toponym) -> None:
        if not any(taken[t.start : t.end]):
            found.append(t)
            for k in range(t.start, t.end):
                taken[k] = True

    for toponym in _towns_of_named_regions(doc, lex, gazetteer):
        claim(toponym)  # "in Ingeniero Jacobacci (Rio Negro)": before NER cuts or mislabels it
    people = _person_words(doc)
    for toponym in _ner_toponyms(doc, lex):
        if toponym.end - toponym.start > 1 or name_key(doc[toponym.start].text) not in people:
            claim(toponym)  # but not "Obama" in an article about Barack Obama
    for toponym in _entity_places(doc, lex, gazetteer):
        if (
            toponym.label != "PERSON"
            or name_key(doc[toponym.start : toponym.end].text) not in people
        ):
            claim(toponym)
    # Every pass below starts on a capitalised token: test that once per token.
    starts = [
        not taken[t.i] and t.text[:1].isupper() and t.ent_type_ not in SCAN_BLOCKING for t in doc
    ]
    i = 0
    while i < len(doc):
        if not starts[i] or taken[i]:
            i += 1
            continue
        end = _demonym_at(doc, i, lex)
        if end > i:
            claim(Toponym(i, end, end, "demonym"))
        elif doc[i].ent_type_ != "MONEY":
            end = _gazetteer_at(doc, i, lex)
            if end == i and _after_locative(doc, i) and name_key(doc[i].text) not in people:
                end = _known_run(doc, i, taken, gazetteer)
            if end > i:
                head_end, feature = _head_after(doc, end, lex)
                claim(Toponym(i, head_end, end, "name", feature))
        i = max(end, i + 1)
    for _round in range(2):  # "Khan Younis and Rafah in the Gaza Strip": two links
        for toponym in list(_listed_places(doc, found, taken, gazetteer)):
            claim(toponym)
    return sorted(found, key=lambda t: t.start)


def _person_words(doc: Doc) -> frozenset[str]:
    """Words of the article's full person names: "Obama" after "Barack Obama" is him."""
    return frozenset(
        name_key(t.text)
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) > 1
        for t in ent
        if t.is_alpha
    )


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without a leading article and a trailing possessive."""
    while start < end - 1 and (doc[start].pos_ == "DET" or doc[start].lower_ == "the"):
        start += 1
    while end > start + 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in POSSESSIVE):
        end -= 1
    return start, end


def _after_locative(doc: Doc, start: int) -> bool:
    """Preceded by "in", "at", "from", "to"... (over "the" and compass words)."""
    j = start - 1
    directions = word_list("place_context.jsonl", "directions")
    while j >= 0 and (doc[j].lower_ in directions or doc[j].lower_ == "the"):
        j -= 1
    if j < 0 or doc[j].lower_ not in prepositions("locative") or doc[j].pos_ != "ADP":
        return False
    # "according to Al-Khayyat"
    return j == 0 or doc[j - 1].lower_ not in word_list("place_context.jsonl", "not_locative")


def _known(gazetteer: Gazetteer, text: str) -> bool:
    """Some place has this as its own name (or as another name of a sizeable town), and
    the text is not an acronym or a common word that happens to name a hamlet."""
    lex = lexicon_for(gazetteer)
    key = name_key(text)
    if text.isupper() and len(text) <= 4:
        return key in lex.short_ok
    if key in lex.stopwords:
        return False
    return any(c.main or c.population >= KNOWN_ALIAS_POPULATION for c in gazetteer.lookup(text))


def _run_end(doc: Doc, i: int, taken: list[bool]) -> int:
    """End of the run of capitalised proper nouns starting at i (at most MAX_WORDS)."""
    end = i
    while (
        end < min(len(doc), i + MAX_WORDS)
        and not taken[end]
        and doc[end].pos_ == "PROPN"
        and _capitalised(doc[end])
    ):
        end += 1
    return end


def _hyphenated(doc: Doc, end: int) -> bool:
    """The run goes on past a hyphen: only part of a longer name."""
    return end < len(doc) and doc[end].text in HYPHENS and not doc[end - 1].whitespace_


def _known_run(doc: Doc, i: int, taken: list[bool], gazetteer: Gazetteer) -> int:
    end = _run_end(doc, i, taken)
    if end == i or _hyphenated(doc, end):
        return i  # "Al" of "Al-Khayyat"
    text = doc[i:end].text
    if doc[i].ent_type_ == "PERSON":  # NER's "person": only a sizeable town overrides it
        return end if name_key(text) in lexicon_for(gazetteer).keys else i
    return end if _known(gazetteer, text) else i


def _entity_places(doc: Doc, lex: Lexicon, gazetteer: Gazetteer) -> Iterator[Toponym]:
    """Entities NER labels as people or groups whose whole text is a place:
    "Liverpool said" (a big town), "a cottage in Dewsbury" (after a locative word)."""
    for ent in doc.ents:
        if ent.label_ not in MISLABELS:
            continue
        start, end = _trimmed(doc, ent.start, ent.end)
        text = doc[start:end].text
        key = name_key(text)
        if (text.isupper() and len(text) <= 4 and key not in lex.short_ok) or key in lex.stopwords:
            continue
        person = ent.label_ == "PERSON"
        major = key in (lex.major if person else lex.keys)
        # After "in", "from"...: any known place, but a "person" must be a sizeable town
        near = _after_locative(doc, start) and (
            key in lex.keys if person else _known(gazetteer, text)
        )
        if major or near:
            yield Toponym(start, end, end, "name", None, ent.label_)


def _listed_places(
    doc: Doc, found: list[Toponym], taken: list[bool], gazetteer: Gazetteer
) -> Iterator[Toponym]:
    """Known names listed with a place: "Nitra, Presov and Kosice", "Croft, Yorkshire"."""
    starts = {t.start: t for t in found if t.kind == "name"}
    inside = {k for t in found if t.kind == "name" for k in range(t.start, t.end)}
    i = 0
    while i < len(doc):
        end = _run_end(doc, i, taken) if not taken[i] else i
        if (
            end > i
            and not _hyphenated(doc, end)
            and _known(gazetteer, doc[i:end].text)
            and _listed(doc, i, end, inside, _container(doc, end, starts), gazetteer)
        ):
            yield Toponym(i, end, end, "name")
        i = max(end, i + 1)


def _container(doc: Doc, end: int, starts: dict[int, Toponym]) -> Toponym | None:
    """The place right after "X, ..." or "X in (the) ...": "Croft, Yorkshire"."""
    k = end
    if k < len(doc) and doc[k].text in (",", "in"):
        k += 1
        while k < len(doc) and doc[k].lower_ == "the":
            k += 1
        return starts.get(k)
    return None


def _listed(
    doc: Doc,
    start: int,
    end: int,
    inside: set[int],
    container: Toponym | None,
    gazetteer: Gazetteer,
) -> bool:
    root = doc[start:end].root
    if root.dep_ in ("conj", "appos") and root.head.i in inside:
        return True
    if any(child.dep_ in ("conj", "appos") and child.i in inside for child in root.children):
        return True
    if container is None:
        return False
    outer = gazetteer.lookup(doc[container.start : container.name_end].text)
    countries = {c.country for c in outer[:3] if c.country}
    return any(c.country in countries for c in gazetteer.lookup(doc[start:end].text))


def _region_after(doc: Doc, k: int, lex: Lexicon, gazetteer: Gazetteer) -> tuple[str, str] | None:
    """(country, admin1) of the first-level region named right after token k ("(" or ","),
    by its largest region of that name."""
    stop = k + 1
    while stop < min(len(doc), k + 1 + REGION_WORDS) and not doc[stop].is_punct:
        stop += 1
    text = doc[k + 1 : stop].text
    if stop == k + 1 or not doc[k + 1].text[:1].isupper() or name_key(text) not in lex.keys:
        return None
    regions = [
        c for c in gazetteer.lookup(text) if c.feature == "region" and c.country and c.admin1
    ]
    best = max(regions, key=lambda c: c.population, default=None)
    return (best.country, best.admin1) if best and best.country and best.admin1 else None


def _towns_of_named_regions(doc: Doc, lex: Lexicon, gazetteer: Gazetteer) -> Iterator[Toponym]:
    """A capitalised name right before "(Region)" or ", Region" that the gazetteer knows
    inside that region: "Colonia Baron (La Pampa)", whatever NER made of it."""
    for k in range(1, len(doc)):
        if doc[k].text not in ("(", ","):
            continue
        start = k
        while start > max(0, k - MAX_WORDS) and (
            _capitalised(doc[start - 1])
            or (doc[start - 1].lower_ in INNER_WORDS and start - 1 < k - 1)
        ):
            start -= 1
        if start == k:
            continue
        region = _region_after(doc, k, lex, gazetteer)
        if region is None:
            continue
        for i in range(start, k):  # the longest known name ending before the bracket
            if _capitalised(doc[i]) and gazetteer.lookup_in(doc[i:k].text, *region):
                yield Toponym(i, k, k, "name")
                break
