"""The analysis format (`newsledger/analysis@1`) as typed objects.

Field names here are the public contract documented in
`docs/analysis-format.md`: add fields freely, never rename or re-type one.
Every span is a pair of character offsets into `Article.text`.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "newsledger/analysis@1"

SourceKind = Literal[
    "person",
    "people",
    "organization",
    "document",
    "data",
    "media_report",
    "social_media",
    "unspecified",
]
Named = Literal["named", "partial", "unnamed"]
AttributionForm = Literal["direct", "indirect", "mixed", "according_to", "other"]
CaveatStatus = Literal[
    "unverified", "unconfirmed", "disputed", "denied", "speculative", "confirmed"
]
EventStatus = Literal[
    "asserted",
    "reported",
    "unverified",
    "disputed",
    "denied",
    "hypothetical",
    "future",
    "negated",
]
# PLOVER v2's 16 event types (`Event.type` stays a plain string: the format's field is not
# re-typed).
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
Precision = Literal["day", "week", "month", "year", "unknown"]
GeoPrecision = Literal["point", "region", "country"]
Approx = Literal["more_than", "less_than", "about", "exact"]
PublishedSource = Literal["metadata", "given", "inferred"] | None

# The vocabularies as tuples, for filters, forms and evals: derived, never re-listed.
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
NAMED: tuple[str, ...] = get_args(Named)
EVENT_STATUSES: tuple[str, ...] = get_args(EventStatus)
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
# Statuses of an act that has not happened: a threatened or planned one, or one said not to have.
UNREAL_STATUSES: frozenset[EventStatus] = frozenset({"hypothetical", "future", "negated"})


class Record(BaseModel):
    """Base for every object of the format: strict about unknown input fields."""

    model_config = ConfigDict(extra="forbid")


class Span(Record):
    start: int
    end: int
    text: str


class Article(Record):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_source: PublishedSource = None
    language: str = "en"
    text: str


class Source(Record):
    id: str
    name: str
    kind: SourceKind = "unspecified"
    named: Named = "unnamed"
    descriptors: list[str] = Field(default_factory=list)
    affiliation: str | None = None
    anonymity_reason: str | None = None
    mentions: list[Span] = Field(default_factory=list)


class Attribution(Record):
    id: str
    source: str | None = None
    source_span: Span | None = None
    cue: Span | None = None
    content: Span
    form: AttributionForm = "other"
    parent: str | None = None


class Caveat(Record):
    id: str
    start: int
    end: int
    text: str
    status: CaveatStatus
    scope: Span | None = None


class Actor(Record):
    text: str
    name: str
    kind: str | None = None
    country: str | None = None


class Location(Record):
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    precision: GeoPrecision = "point"


class When(Record):
    text: str
    start: str | None = None
    end: str | None = None
    precision: Precision = "unknown"


class AcledType(Record):
    event_type: str
    sub_event_type: str


class EventMention(Record):
    """One place in the text that tells of an event: the lead, a quote, a later paragraph."""

    trigger: Span
    sentence: Span
    attribution: str | None = None
    status: EventStatus = "asserted"


class EventContent(Record):
    """An act another event is about: what was threatened, demanded, promised or refused
    ("threatened to shell the towns": the shelling). Not an occurrence of its own."""

    type: str
    mode: str | None = None
    trigger: Span
    sentence: Span
    actor: Actor | None = None
    recipient: Actor | None = None
    status: EventStatus = "future"


class Event(Record):
    id: str
    type: str
    mode: str | None = None
    acled: AcledType | None = None
    cameo: str | None = None
    trigger: Span
    sentence: Span
    actor: Actor | None = None
    recipient: Actor | None = None
    place: str | None = None
    location: Location | None = None
    when: When | None = None
    quantities: list[str] = Field(default_factory=list)
    attribution: str | None = None
    status: EventStatus = "asserted"
    # Every mention of this one event in the article, in text order (added in the
    # format's later revision; `trigger` and `sentence` are the best-supported one's).
    mentions: list[EventMention] = Field(default_factory=list)
    # How sure the learned event model is that this is a real event of this type (0..1).
    confidence: float | None = None
    # The hypothetical, future or negated acts this event is about, in text order (added
    # in the format's later revision): a threat's threatened act, a demand's demanded one.
    about: list[EventContent] = Field(default_factory=list)


class Place(Record):
    id: str
    start: int
    end: int
    text: str
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature: str | None = None
    geonameid: int | None = None
    # point: the place's own coordinates; region/country: a containing area's
    # (a facility placed at its town, an adjective like "Iraqi" at its country).
    precision: GeoPrecision | None = None


class Time(Record):
    id: str
    start: int
    end: int
    text: str
    value: str | None = None
    precision: Precision = "unknown"
    end_value: str | None = None
    # vague expressions ("recently", "now", "in the future") relative to publication
    ref: Literal["past", "present", "future"] | None = None


class Quantity(Record):
    id: str
    start: int
    end: int
    text: str
    value: int | float
    unit: str | None = None
    approx: Approx = "exact"
    per: str | None = None  # rate period: "$600 a month" -> "month"
    max_value: int | float | None = None  # upper end of a range: "50 to 60 people"


class Entity(Record):
    start: int
    end: int
    text: str
    label: str
    name: str | None = None


class Analysis(Record):
    """One article's findings. Extractor plugins (`extract.registry`) add theirs as
    further top-level fields, so this one record, unlike the others, keeps unknown fields."""

    model_config = ConfigDict(extra="allow")

    format: str = FORMAT
    article: Article
    sources: list[Source] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """The analysis as plain JSON-ready data, every field present."""
        return self.model_dump(mode="json")


def span_of(text: str, start: int, end: int) -> Span:
    """A Span whose text is exactly text[start:end] (the format's invariant)."""
    return Span(start=start, end=end, text=text[start:end])
