"""Alembic environment: runs on the connection the ledger hands over.

The ledger opens a write transaction (SQLite ``BEGIN IMMEDIATE``, PostgreSQL
advisory lock) before upgrading, so two processes opening a new database at
once apply each migration exactly once.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
