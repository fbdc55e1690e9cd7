"""The ledger's tables as SQLAlchemy 2 models.

The stored analysis JSON (``articles.analysis``) is the record of truth: the
other tables are flat, indexed projections of it for filtering and listing.
Migrations in ``migrations/versions`` create exactly these tables; a change
here needs a new migration.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_outlet_caveats", "outlet", "n_caveats"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text)
    analysis: Mapped[str] = mapped_column(Text)  # the exact analysis JSON
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    n_caveats: Mapped[int] = mapped_column(Integer, default=0)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The earliest stored article this one is a near-copy of (wire copy), or None.
    duplicate_of: Mapped[str | None] = mapped_column(String(64), index=True)
    added_at: Mapped[str] = mapped_column(String(32), index=True)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_lat_lon", "lat", "lon"),
        # Filter-then-order-by-date listings (migration 0002).
        Index("ix_events_status_date", "status", "date_start"),
        Index("ix_events_type_country_date", "type", "country", "date_start"),
        Index("ix_events_country_date", "country", "date_start"),
        Index("ix_events_outlet_date", "outlet", "date_start"),
    )

    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    mode: Mapped[str | None] = mapped_column(String(64))
    acled_event_type: Mapped[str | None] = mapped_column(String(64))
    acled_sub_event_type: Mapped[str | None] = mapped_column(String(64))
    cameo: Mapped[str | None] = mapped_column(String(16))
    actor_name: Mapped[str | None] = mapped_column(String(300), index=True)
    actor_kind: Mapped[str | None] = mapped_column(String(64))
    actor_country: Mapped[str | None] = mapped_column(String(8))
    recipient_name: Mapped[str | None] = mapped_column(String(300), index=True)
    recipient_kind: Mapped[str | None] = mapped_column(String(64))
    recipient_country: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    place_name: Mapped[str | None] = mapped_column(String(300), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str | None] = mapped_column(String(16))
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10), index=True)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    when_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    sentence: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(32))
    source_name: Mapped[str | None] = mapped_column(Text)
    source_named: Mapped[str | None] = mapped_column(String(16))
    quantities: Mapped[str] = mapped_column(Text, default="[]")  # JSON list


class SourceRow(Base):
    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_outlet_named", "outlet", "named"),)

    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    named: Mapped[str] = mapped_column(String(16), index=True)
    affiliation: Mapped[str | None] = mapped_column(Text)
    anonymity_reason: Mapped[str | None] = mapped_column(Text)
    descriptors: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    attributions: Mapped[int] = mapped_column(Integer, default=0)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    published: Mapped[str | None] = mapped_column(String(32))


class BandRow(Base):
    """MinHash LSH bands: articles sharing a band hash are near-copy candidates."""

    __tablename__ = "minhash_bands"

    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    first_reported: Mapped[str | None] = mapped_column(String(32))
    n_articles: Mapped[int] = mapped_column(Integer)
    independent_sources: Mapped[int] = mapped_column(Integer, index=True)
    data: Mapped[str] = mapped_column(Text)  # the Incident as JSON


class IncidentEventRow(Base):
    __tablename__ = "incident_events"
    __table_args__ = (Index("ix_incident_events_event", "article_id", "event_id"),)

    incident_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)


class MetaRow(Base):
    __tablename__ = "ledger_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class IncidentUnitRow(Base):
    """One article's events of one type, linked once into an incident (corroborate/linking.py)."""

    __tablename__ = "incident_units"
    __table_args__ = (Index("ix_incident_units_incident", "incident_id", "seq"),)

    article_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)  # linking order within its incident
    data: Mapped[str] = mapped_column(Text)  # the Unit as JSON


class IncidentKeyRow(Base):
    """Blocking index: a unit is compared only with units sharing a key, near in time."""

    __tablename__ = "incident_keys"
    __table_args__ = (Index("ix_incident_keys_key_day", "key", "day_lo"),)

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    day_lo: Mapped[int | None] = mapped_column(Integer)  # date range as day ordinals; None: undated
    day_hi: Mapped[int | None] = mapped_column(Integer)
