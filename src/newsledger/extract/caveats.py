"""The reporter's statements about certainty. (Starter: to be deepened.)"""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.models import Caveat


def extract_caveats(ctx: Context) -> list[Caveat]:
    return []
