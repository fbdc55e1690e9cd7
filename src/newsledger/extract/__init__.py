"""Extractors: one module per question, each a pure function of a parsed document.

`analyze_doc` runs them in order and builds the `Analysis`; nothing else does.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from newsledger.extract.caveats import extract_caveats
from newsledger.extract.context import Context, Options
from newsledger.extract.entities import extract_entities
from newsledger.extract.events import extract_events
from newsledger.extract.places import extract_places
from newsledger.extract.pubdate import infer_publication_date
from newsledger.extract.quantities import extract_quantities
from newsledger.extract.sourcing import extract_sourcing
from newsledger.extract.times import extract_times
from newsledger.ingest.document import Document, make_article
from newsledger.models import Analysis

__all__ = ["Context", "Options", "analyze_doc", "context_of"]


def publication_date(doc: Doc, document: Document, given: str | None) -> tuple[str | None, str | None]:
    """The article's date and where it came from: metadata, given, or inferred."""
    if document.published:
        return document.published, "metadata"
    if given:
        return given, "given"
    inferred = infer_publication_date(doc)
    return (inferred, "inferred") if inferred else (None, None)


def context_of(doc: Doc, document: Document, published: str | None = None,
               options: Options | None = None) -> Context:
    """The article with every finding but its events (what the event extractor reads)."""
    when, when_source = publication_date(doc, document, published)
    article = make_article(document, when, when_source)
    anchor = date.fromisoformat(when) if when else None
    ctx = Context(doc=doc, article=article, anchor=anchor, options=options or Options())
    ctx.entities = extract_entities(ctx)
    ctx.times = extract_times(ctx)
    ctx.places = extract_places(ctx)
    ctx.quantities = extract_quantities(ctx)
    ctx.sources, ctx.attributions = extract_sourcing(ctx)
    ctx.caveats = extract_caveats(ctx)
    return ctx


def analyze_doc(doc: Doc, document: Document, published: str | None = None,
                options: Options | None = None) -> Analysis:
    """Every finding of one parsed article, as the format's Analysis."""
    ctx = context_of(doc, document, published, options)
    article = ctx.article
    events = extract_events(ctx)
    return Analysis(
        article=article, sources=ctx.sources, attributions=ctx.attributions,
        caveats=ctx.caveats, events=events, places=ctx.places, times=ctx.times,
        quantities=ctx.quantities, entities=ctx.entities,
    )
