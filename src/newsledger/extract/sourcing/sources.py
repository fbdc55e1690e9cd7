"""Source records: mentions merged across the article, kind, naming, descriptors."""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.extract.sourcing.cues import Found
from newsledger.models import Attribution, Source, span_of


def build_sources(doc: Doc, text: str, found: list[Found]) -> tuple[list[Source], list[Attribution]]:
    attributions = []
    for n, f in enumerate(found, 1):
        attributions.append(Attribution(
            id=f"A{n}", source=None,
            source_span=span_of(text, *f.source) if f.source else None,
            cue=span_of(text, *f.cue) if f.cue else None,
            content=span_of(text, *f.content), form=f.form,  # type: ignore[arg-type]
        ))
    return [], attributions
