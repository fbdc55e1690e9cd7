"""Named entities as spaCy's NER finds them (actors and places refine them later)."""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.models import Entity

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"}


def extract_entities(ctx: Context) -> list[Entity]:
    return [
        Entity(start=ent.start_char, end=ent.end_char, text=ent.text, label=ent.label_, name=ent.text)
        for ent in ctx.doc.ents
        if ent.label_ in KEPT_LABELS
    ]
