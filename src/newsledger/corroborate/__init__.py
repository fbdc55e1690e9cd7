"""Corroboration: which mentions are one incident, how many independent reports tell of it,
and where they disagree.

It sits above the ledger: the ledger stores, corroboration links what is stored.
`open_ledger` opens a ledger whose incident queries are kept up to date by it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.incident import Incident, Mention

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from newsledger.ledger import Ledger

__all__ = ["Incident", "Mention", "open_ledger"]


def _link(conn: Connection, force: bool) -> None:
    # imported when incidents are asked for, so a plain query never loads the pair model
    from newsledger.corroborate.store import link_stored

    link_stored(conn, force)


def open_ledger(url: str | None = None) -> Ledger:
    """The ledger at ``url`` (NEWSLEDGER_DB or ./newsledger.db), linking incidents on demand."""
    from newsledger.ledger import Ledger

    return Ledger(url, linker=_link)
