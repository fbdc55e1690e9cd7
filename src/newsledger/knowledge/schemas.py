"""The shape of every knowledge record, checked when a file is read.

One `TypedDict` per kind of record: the loaders keep handing out the plain
dicts they always did (so typed and untyped readers see the same objects), but
a record that does not fit its schema stops the run with a `KnowledgeError`
naming the file and line, instead of a `KeyError` deep in an extractor.
Unknown fields are errors too: a misspelt key in a user file would otherwise be
ignored without a word.

Files with several kinds of record tell them apart by a key (`Keyed`): the
first listed key the record has picks its schema.

This module is imported only when a file is validated, i.e. when the knowledge
cache is rebuilt (`knowledge.load_records`); a run that finds the cache current
never builds these validators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, TypeAdapter, ValidationError, with_config
from typing_extensions import NotRequired, TypedDict

STRICT = ConfigDict(extra="forbid")


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:  # a ValueError is reported as the field's problem
        raise ValueError(f"not a regular expression ({exc})") from exc
    return value


Regex = Annotated[str, AfterValidator(_regex)]
Words = list[str]


# --- events ------------------------------------------------------------------


@with_config(STRICT)
class AcledCue(TypedDict):
    """acled_cues.jsonl: a refinement of an event's ACLED sub-event type from its context."""

    name: str
    priority: NotRequired[int]
    scope: NotRequired[Literal["sentence", "paragraph", "event"]]
    from_subs: NotRequired[Words]
    to_event: str
    to_sub: str
    cues: NotRequired[Words]
    unless_cues: NotRequired[Words]
    actor_kinds: NotRequired[Words]
    recipient_kinds: NotRequired[Words]


@with_config(STRICT)
class AcledSubtypes(TypedDict):
    """acled_subtypes.jsonl: an ACLED event type and its sub-event types."""

    event_type: str
    sub_event_types: Words


@with_config(STRICT)
class Trigger(TypedDict):
    """event_triggers.jsonl: the words that name one kind of event."""

    type: str
    mode: NotRequired[str | None]
    cameo: NotRequired[str | None]
    acled_event: NotRequired[str | None]
    acled_sub: NotRequired[str | None]
    lemmas: NotRequired[Words]
    phrases: NotRequired[Words]
    pos: NotRequired[Words]
    args: NotRequired[Words]
    priority: NotRequired[int]


@with_config(STRICT)
class TriggerExclusions(TypedDict):
    """event_triggers.jsonl: (lemma, part of speech) pairs that are never triggers."""

    exclude: list[tuple[str, str]]


@with_config(STRICT)
class TriggerPhraseExclusions(TypedDict):
    exclude_phrases: Words


@with_config(STRICT)
class LightVerbs(TypedDict):
    """event_triggers.jsonl: verbs whose object noun is the event ("carry out an attack")."""

    light_verbs: Words
    not_agentive_verbs: NotRequired[Words]


@with_config(STRICT)
class Modality(TypedDict):
    """event_modality.jsonl: words that make an event future, hypothetical or negated."""

    kind: Literal["aux", "det", "governor", "intent", "mark", "neg", "obligation", "subject"]
    status: Literal["future", "hypothetical", "negated"]
    words: Words


@with_config(STRICT)
class NonEvent(TypedDict):
    """non_events.jsonl: trigger matches that are not events."""

    kind: Literal["declined_to_be_named", "own_words_in_quote", "reporting"]
    why: NotRequired[str]
    lemmas: NotRequired[Words]
    objects: NotRequired[Words]
    actors: NotRequired[Words]
    types: NotRequired[Words]
    model_decides: NotRequired[bool]


@with_config(STRICT)
class EventWords(TypedDict):
    """event_words.jsonl: a named list of words the event roles read."""

    list: Literal["proxy_nouns", "anaphors", "anaphor_determiners"]
    words: Words


# --- sourcing ----------------------------------------------------------------


@with_config(STRICT)
class CueWord(TypedDict):
    """cues.jsonl: a reporting verb or noun; p is the share of its uses that are cues."""

    lemma: str
    pos: NotRequired[Literal["VERB", "NOUN"]]
    p: NotRequired[float]


@with_config(STRICT)
class CueChannel(TypedDict):
    channel: str


@with_config(STRICT)
class CuePhrase(TypedDict):
    phrase: str
    form: NotRequired[str]


@with_config(STRICT)
class CueList(TypedDict):
    """cue_words.jsonl: a named list of words the cue finder reads (extract/sourcing/cues.py)."""

    list: Literal["carrier_nouns", "tell_like"]
    words: Words


@with_config(STRICT)
class SourceNoun(TypedDict):
    """source_nouns.jsonl: a noun that names a source, and what kind of source."""

    lemma: str
    kind: Literal[
        "data", "document", "media_report", "organization", "people", "person", "social_media"
    ]


@with_config(STRICT)
class OutletWord(TypedDict):
    outlet_word: str


@with_config(STRICT)
class VagueWord(TypedDict):
    vague: str


@with_config(STRICT)
class AnonymityPattern(TypedDict):
    anonymity: Regex


@with_config(STRICT)
class MentionWords(TypedDict):
    """mention_words.jsonl: a named list of words that mentions of people are read by."""

    list: Literal["relative", "personal", "plural", "name_particles", "female"]
    words: Words


# --- caveats, actors, quantities, times ---------------------------------------


@with_config(STRICT)
class Caveat(TypedDict):
    """caveats.jsonl: a phrase saying how certain a statement is."""

    pattern: Regex
    status: Literal["confirmed", "denied", "disputed", "speculative", "unconfirmed", "unverified"]
    scope: NotRequired[Literal["clause", "sentence", "subject"]]


@with_config(STRICT)
class Actor(TypedDict):
    """actors.jsonl (and --actors files): an actor, its aliases, ACLED kind and country."""

    name: str
    aliases: NotRequired[Words]
    kind: NotRequired[str | None]
    country: NotRequired[str | None]
    institution: NotRequired[str]
    country_words: NotRequired[Words]


@with_config(STRICT)
class QuantityWord(TypedDict):
    """quantity_words.jsonl: numbers, scales, units and approximations of counts."""

    kind: Literal[
        "approx",
        "currency",
        "currency_word",
        "not_unit",
        "number",
        "per_unit",
        "scale",
        "suffix_scale",
        "unit_alias",
        "vague",
    ]
    word: NotRequired[str]
    phrase: NotRequired[str]
    value: NotRequired[float]
    unit: NotRequired[str]
    approx: NotRequired[Literal["about", "exact", "less_than", "more_than"]]


@with_config(STRICT)
class NumberWord(TypedDict):
    """number_words.jsonl: a cardinal number word and its value (times and quantities read it)."""

    word: str
    value: int


@with_config(STRICT)
class QuantityRole(TypedDict):
    """quantity_roles.jsonl: a cue word saying what a count counts."""

    cue: str
    role: Literal["arrested", "crowd", "dead", "displaced", "injured", "missing"]


@with_config(STRICT)
class FatalityCue(TypedDict):
    cue: str


@with_config(STRICT)
class FatalityUnit(TypedDict):
    unit: str


@with_config(STRICT)
class TimeWord(TypedDict):
    """time_words.jsonl: a word of the time vocabulary, by kind."""

    kind: Literal[
        "anaphoric",
        "count",
        "direction",
        "future_aux",
        "future_verb",
        "holiday",
        "month",
        "not_time",
        "part_of_day",
        "part_of_period",
        "period_ref",
        "quarter_ordinal",
        "relative_day",
        "season",
        "shift",
        "time_noun",
        "unit",
        "vague",
        "weekday",
        "weekday_abbr",
        "year_end",
    ]
    word: str
    value: NotRequired[int | str]
    ref: NotRequired[Literal["future", "past", "present"]]
    offset: NotRequired[int]
    unit: NotRequired[str]
    abbr: NotRequired[bool]
    day: NotRequired[int]
    month: NotRequired[int]
    months: NotRequired[list[int]]
    anaphoric: NotRequired[bool]  # a shift counted from the last date named ("the following week")
    vague: NotRequired[bool]  # a count that is no number ("a few")


# --- places and outlets -------------------------------------------------------


@with_config(STRICT)
class ExtraPlace(TypedDict):
    """places_extra.jsonl: a place with its own point, or another name of one (alias_of)."""

    name: str
    aliases: NotRequired[Words]
    alias_of: NotRequired[str]
    lat: NotRequired[float]
    lon: NotRequired[float]
    country: NotRequired[str | None]
    feature: NotRequired[str]
    population: NotRequired[int]
    geonameid: NotRequired[int]
    admin1: NotRequired[str | None]


@with_config(STRICT)
class Demonym(TypedDict):
    """places_extra.jsonl: an adjective that denotes a country or a place."""

    demonym: str
    country: NotRequired[str]
    place: NotRequired[str]


@with_config(STRICT)
class PlaceWord(TypedDict):
    """place_words.jsonl: a word after a place name that makes a facility or division of it."""

    head: str
    feature: str


@with_config(STRICT)
class PlaceContext(TypedDict):
    """place_context.jsonl: a named list of words around place names."""

    list: Literal[
        "directions", "not_locative", "region_prefixes", "region_suffixes", "town_suffixes"
    ]
    words: Words


@with_config(STRICT)
class Preposition(TypedDict):
    """prepositions.jsonl: a preposition and the readings it is used in."""

    word: str
    uses: list[Literal["locative", "event_place", "setting", "cue", "recipient", "noun_recipient"]]


@with_config(STRICT)
class OutletWords(TypedDict):
    """outlet_words.jsonl: words that make a capitalised phrase after a place an outlet."""

    words: Words


@with_config(STRICT)
class Outlet(TypedDict):
    """outlets.jsonl: an outlet's ACLED source scale."""

    outlet: str
    scale: str


@with_config(STRICT)
class CountryPoint(TypedDict):
    """country_points.csv: the point a country name resolves to."""

    country: str
    lat: float
    lon: float


@with_config(STRICT)
class PlaceStopword(TypedDict):
    """place_stopwords.csv: a word that is a place only when NER says so."""

    word: str


# --- the registry -------------------------------------------------------------


@dataclass(frozen=True)
class Keyed:
    """Several kinds of record in one file: the first of `kinds`' keys that a
    record has picks its schema."""

    kinds: tuple[tuple[str, type], ...]

    def pick(self, record: dict[str, Any]) -> type | str:
        for key, schema in self.kinds:
            if key in record:
                return schema
        return "a record needs one of the fields " + ", ".join(k for k, _ in self.kinds)


SCHEMAS: dict[str, type | Keyed] = {
    "acled_cues.jsonl": AcledCue,
    "acled_subtypes.jsonl": AcledSubtypes,
    "actors.jsonl": Actor,
    "caveats.jsonl": Caveat,
    "country_points.csv": CountryPoint,
    "cue_words.jsonl": CueList,
    "cues.jsonl": Keyed((("lemma", CueWord), ("channel", CueChannel), ("phrase", CuePhrase))),
    "event_modality.jsonl": Modality,
    "event_triggers.jsonl": Keyed(
        (
            ("exclude", TriggerExclusions),
            ("exclude_phrases", TriggerPhraseExclusions),
            ("light_verbs", LightVerbs),
            ("type", Trigger),
        )
    ),
    "event_words.jsonl": EventWords,
    "fatalities.jsonl": Keyed((("cue", FatalityCue), ("unit", FatalityUnit))),
    "mention_words.jsonl": MentionWords,
    "non_events.jsonl": NonEvent,
    "number_words.jsonl": NumberWord,
    "outlet_words.jsonl": OutletWords,
    "outlets.jsonl": Outlet,
    "place_context.jsonl": PlaceContext,
    "place_stopwords.csv": PlaceStopword,
    "place_words.jsonl": PlaceWord,
    "places_extra.jsonl": Keyed((("demonym", Demonym), ("name", ExtraPlace))),
    "prepositions.jsonl": Preposition,
    "quantity_roles.jsonl": QuantityRole,
    "quantity_words.jsonl": QuantityWord,
    "source_nouns.jsonl": Keyed(
        (
            ("lemma", SourceNoun),
            ("outlet_word", OutletWord),
            ("vague", VagueWord),
            ("anonymity", AnonymityPattern),
        )
    ),
    "time_words.jsonl": TimeWord,
}

_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def problem(name: str, record: dict[str, Any]) -> str | None:
    """What is wrong with `record` as a record of the knowledge file `name`, or None.
    A file with no schema here is not checked."""
    schema = SCHEMAS.get(name)
    if schema is None:
        return None
    if isinstance(schema, Keyed):
        picked = schema.pick(record)
        if isinstance(picked, str):
            return picked
        schema = picked
    adapter = _ADAPTERS.get(schema)
    if adapter is None:
        adapter = _ADAPTERS[schema] = TypeAdapter(schema)
    try:
        adapter.validate_python(record)
    except ValidationError as exc:
        return describe(exc)
    return None


def describe(exc: ValidationError) -> str:
    """The first error in one line: the field (and item) and what is wrong."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"])
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}" if where else f"{first['msg']}{more}"
