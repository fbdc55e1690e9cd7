"""Named entities as spaCy's NER finds them (actors and places refine them later)."""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.models import Entity
from newsledger.nlp import labels

# The names an analysis lists (products and works are rarely parties to the news).
KEPT_LABELS = labels.NAMES - {"PRODUCT", "WORK_OF_ART"}


def extract_entities(ctx: Context) -> list[Entity]:
    return [
        Entity(
            start=ent.start_char, end=ent.end_char, text=ent.text, label=ent.label_, name=ent.text
        )
        for ent in ctx.doc.ents
        if ent.label_ in KEPT_LABELS
    ]
