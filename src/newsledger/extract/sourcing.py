"""Sources and attributions: who says what. (Starter: to be deepened.)"""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.models import Attribution, Source


def extract_sourcing(ctx: Context) -> tuple[list[Source], list[Attribution]]:
    return [], []
