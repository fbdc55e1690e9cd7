"""The first ledger schema: articles, events, sources, bands, incidents, full-text index.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

S = sa.String
T = sa.Text


def _article_fk() -> sa.Column[str]:
    return sa.Column(
        "article_id", S(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


def _articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", S(64), primary_key=True),
        sa.Column("title", T),
        sa.Column("url", T),
        sa.Column("outlet", S(200)),
        sa.Column("author", T),
        sa.Column("published", S(32)),
        sa.Column("language", S(16), nullable=False),
        sa.Column("text", T, nullable=False),
        sa.Column("analysis", T, nullable=False),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("n_caveats", sa.Integer, nullable=False),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("duplicate_of", S(64)),
        sa.Column("added_at", S(32), nullable=False),
    )
    for column in ("outlet", "published", "duplicate_of", "added_at"):
        op.create_index(f"ix_articles_{column}", "articles", [column])


def _events() -> None:
    op.create_table(
        "events",
        _article_fk(),
        sa.Column("event_id", S(32), primary_key=True),
        sa.Column("type", S(32), nullable=False),
        sa.Column("mode", S(64)),
        sa.Column("acled_event_type", S(64)),
        sa.Column("acled_sub_event_type", S(64)),
        sa.Column("cameo", S(16)),
        sa.Column("actor_name", S(300)),
        sa.Column("actor_kind", S(64)),
        sa.Column("actor_country", S(8)),
        sa.Column("recipient_name", S(300)),
        sa.Column("recipient_kind", S(64)),
        sa.Column("recipient_country", S(8)),
        sa.Column("country", S(8)),
        sa.Column("place_name", S(300)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geo_precision", S(16)),
        sa.Column("date_start", S(10)),
        sa.Column("date_end", S(10)),
        sa.Column("date_precision", S(16)),
        sa.Column("when_text", T),
        sa.Column("status", S(16), nullable=False),
        sa.Column("outlet", S(200)),
        sa.Column("published", S(32)),
        sa.Column("sentence", T, nullable=False),
        sa.Column("trigger", T, nullable=False),
        sa.Column("source_id", S(32)),
        sa.Column("source_name", T),
        sa.Column("source_named", S(16)),
        sa.Column("quantities", T, nullable=False),
    )
    for column in (
        "type",
        "actor_name",
        "recipient_name",
        "country",
        "place_name",
        "date_start",
        "date_end",
        "status",
        "outlet",
        "published",
    ):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])


def _sources() -> None:
    op.create_table(
        "sources",
        _article_fk(),
        sa.Column("source_id", S(32), primary_key=True),
        sa.Column("name", T, nullable=False),
        sa.Column("kind", S(32), nullable=False),
        sa.Column("named", S(16), nullable=False),
        sa.Column("affiliation", T),
        sa.Column("anonymity_reason", T),
        sa.Column("descriptors", T, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("attributions", sa.Integer, nullable=False),
        sa.Column("outlet", S(200)),
        sa.Column("published", S(32)),
    )
    for column in ("kind", "named", "outlet"):
        op.create_index(f"ix_sources_{column}", "sources", [column])


def _corroboration() -> None:
    op.create_table(
        "minhash_bands",
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("hash", S(40), primary_key=True),
        _article_fk(),
    )
    op.create_table(
        "incidents",
        sa.Column("id", S(32), primary_key=True),
        sa.Column("type", S(32), nullable=False),
        sa.Column("first_reported", S(32)),
        sa.Column("n_articles", sa.Integer, nullable=False),
        sa.Column("independent_sources", sa.Integer, nullable=False),
        sa.Column("data", T, nullable=False),
    )
    op.create_index("ix_incidents_type", "incidents", ["type"])
    op.create_index("ix_incidents_independent_sources", "incidents", ["independent_sources"])
    op.create_table(
        "incident_events",
        sa.Column("incident_id", S(32), primary_key=True),
        sa.Column("article_id", S(64), primary_key=True),
        sa.Column("event_id", S(32), primary_key=True),
    )
    op.create_index("ix_incident_events_event", "incident_events", ["article_id", "event_id"])
    op.create_table(
        "ledger_meta",
        sa.Column("key", S(64), primary_key=True),
        sa.Column("value", T, nullable=False),
    )


def _full_text() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "article_id UNINDEXED, title, body, tokenize='porter unicode61')"
        )
    else:
        op.execute(
            "CREATE INDEX ix_articles_fts ON articles USING GIN ("
            "to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )


def upgrade() -> None:
    _articles()
    _events()
    _sources()
    _corroboration()
    _full_text()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in (
        "ledger_meta",
        "incident_events",
        "incidents",
        "minhash_bands",
        "sources",
        "events",
        "articles",
    ):
        op.drop_table(table)
