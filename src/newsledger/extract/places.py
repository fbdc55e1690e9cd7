"""Toponyms resolved to GeoNames entries. (Starter: to be deepened.)"""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.models import Place


def extract_places(ctx: Context) -> list[Place]:
    return []
