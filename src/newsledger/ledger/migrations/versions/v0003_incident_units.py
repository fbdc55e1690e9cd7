"""Incremental incident grouping: each article's units, their incident, and a blocking index.

Adding an article used to regroup every event in the ledger. Now each article's
units (its events of one type, with what the pair model compares) are linked once,
against the candidates that share a blocking key (an entity, a place cell, an
actor) within the time window, and stored with their incident.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_units",
        sa.Column("article_id", sa.String(64), primary_key=True),
        sa.Column("type", sa.String(32), primary_key=True),
        sa.Column("incident_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_incident_units_incident", "incident_units", ["incident_id", "seq"])
    op.create_table(
        "incident_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("article_id", sa.String(64), primary_key=True),
        sa.Column("type", sa.String(32), primary_key=True),
        sa.Column("day_lo", sa.Integer),
        sa.Column("day_hi", sa.Integer),
    )
    op.create_index("ix_incident_keys_key_day", "incident_keys", ["key", "day_lo"])
    # Incidents were regrouped from scratch; now they are built unit by unit.
    op.execute("DELETE FROM incident_events")
    op.execute("DELETE FROM incidents")
    op.execute("UPDATE ledger_meta SET value = '' WHERE key = 'incidents_token'")


def downgrade() -> None:
    op.drop_table("incident_keys")
    op.drop_table("incident_units")
