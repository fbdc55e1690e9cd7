"""Events: who did what to whom, where and when. (Starter: to be deepened.)"""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.models import Event


def extract_events(ctx: Context) -> list[Event]:
    return []
