"""The analysis format (`newsledger/analysis@1`) as typed objects.

Field names here are the public contract documented in
`docs/analysis-format.md`: add fields freely, never rename or re-type one.
Every span is a pair of character offsets into `Article.text`.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "newsledger/analysis@1"

SourceKind = Literal[
    "person", "people", "organization", "document", "data",
    "media_report", "social_media", "unspecified",
]
Named = Literal["named", "partial", "unnamed"]
AttributionForm = Literal["direct", "indirect", "mixed", "according_to", "other"]
CaveatStatus = Literal[
    "unverified", "unconfirmed", "disputed", "denied", "speculative", "confirmed"
]
EventStatus = Literal[
    "asserted", "reported", "unverified", "disputed", "denied",
    "hypothetical", "future", "negated",
]
Precision = Literal["day", "week", "month", "year", "unknown"]
GeoPrecision = Literal["point", "region", "country"]
Approx = Literal["more_than", "less_than", "about", "exact"]
PublishedSource = Optional[Literal["metadata", "given", "inferred"]]


class Record(BaseModel):
    """Base for every object of the format: strict about unknown input fields."""

    model_config = ConfigDict(extra="forbid")


class Span(Record):
    start: int
    end: int
    text: str


class Article(Record):
    id: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None
    published_source: PublishedSource = None
    language: str = "en"
    text: str


class Source(Record):
    id: str
    name: str
    kind: SourceKind = "unspecified"
    named: Named = "unnamed"
    descriptors: list[str] = Field(default_factory=list)
    affiliation: Optional[str] = None
    anonymity_reason: Optional[str] = None
    mentions: list[Span] = Field(default_factory=list)


class Attribution(Record):
    id: str
    source: Optional[str] = None
    source_span: Optional[Span] = None
    cue: Optional[Span] = None
    content: Span
    form: AttributionForm = "other"
    parent: Optional[str] = None


class Caveat(Record):
    id: str
    start: int
    end: int
    text: str
    status: CaveatStatus
    scope: Optional[Span] = None


class Actor(Record):
    text: str
    name: str
    kind: Optional[str] = None
    country: Optional[str] = None


class Location(Record):
    name: str
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None
    precision: GeoPrecision = "point"


class When(Record):
    text: str
    start: Optional[str] = None
    end: Optional[str] = None
    precision: Precision = "unknown"


class AcledType(Record):
    event_type: str
    sub_event_type: str


class Event(Record):
    id: str
    type: str
    mode: Optional[str] = None
    acled: Optional[AcledType] = None
    cameo: Optional[str] = None
    trigger: Span
    sentence: Span
    actor: Optional[Actor] = None
    recipient: Optional[Actor] = None
    place: Optional[str] = None
    location: Optional[Location] = None
    when: Optional[When] = None
    quantities: list[str] = Field(default_factory=list)
    attribution: Optional[str] = None
    status: EventStatus = "asserted"


class Place(Record):
    id: str
    start: int
    end: int
    text: str
    name: str
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None
    feature: Optional[str] = None
    geonameid: Optional[int] = None
    # point: the place's own coordinates; region/country: a containing area's
    # (a facility placed at its town, an adjective like "Iraqi" at its country).
    precision: Optional[GeoPrecision] = None


class Time(Record):
    id: str
    start: int
    end: int
    text: str
    value: Optional[str] = None
    precision: Precision = "unknown"
    end_value: Optional[str] = None
    # vague expressions ("recently", "now", "in the future") relative to publication
    ref: Optional[Literal["past", "present", "future"]] = None


class Quantity(Record):
    id: str
    start: int
    end: int
    text: str
    value: int | float
    unit: Optional[str] = None
    approx: Approx = "exact"
    per: Optional[str] = None  # rate period: "$600 a month" -> "month"
    max_value: Optional[int | float] = None  # upper end of a range: "50 to 60 people"


class Entity(Record):
    start: int
    end: int
    text: str
    label: str
    name: Optional[str] = None


class Analysis(Record):
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
