"""Time expressions, resolved against the publication date. (Starter: to be deepened.)"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from newsledger.extract.context import Context
from newsledger.models import Time


def infer_publication_date(doc: Doc) -> Optional[str]:
    """The latest absolute date the text mentions, as ISO, or None."""
    return None


def extract_times(ctx: Context) -> list[Time]:
    return []
