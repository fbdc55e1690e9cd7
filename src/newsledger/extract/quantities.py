"""Numbers with units and qualifiers. (Starter: to be deepened.)"""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.models import Quantity


def extract_quantities(ctx: Context) -> list[Quantity]:
    return []
