"""The ledger: analyses stored in SQLite or PostgreSQL, queried for the CLI and web app.

>>> from newsledger.ledger import Ledger, EventFilter
>>> ledger = Ledger.memory()
>>> ledger.count_events(EventFilter(type="ASSAULT"))
0
"""

from newsledger.incident import Incident
from newsledger.ledger.core import SNIPPET_MARKS, AddResult, Ledger
from newsledger.ledger.queries import EventFilter

__all__ = ["SNIPPET_MARKS", "AddResult", "EventFilter", "Incident", "Ledger"]
