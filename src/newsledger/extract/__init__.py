"""Extractors: one module per question, each a pure function of a parsed document.

Each is a registered component (`registry`, `components`) that says what it reads and
adds; `analyze_doc` runs them in the order that follows and builds the `Analysis`.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from newsledger.extract import components  # noqa: F401  (registers the built-in extractors)
from newsledger.extract.budget import Deadline
from newsledger.extract.context import Context, Options
from newsledger.extract.pubdate import infer_publication_date
from newsledger.extract.registry import Extractor, pipeline, register
from newsledger.ingest.document import Document, make_article
from newsledger.models import Analysis

__all__ = [
    "Context",
    "Extractor",
    "Options",
    "analyze_doc",
    "build_caches",
    "context_of",
    "register",
]

WITHOUT_EVENTS = frozenset({"events"})


def build_caches(actor_files: tuple[str, ...] = ()) -> None:
    """Build the knowledge that is kept across processes (`knowledge.cache`)
    now, as `newsledger gazetteer build` does at install, rather than on the
    first analysis."""
    from newsledger.extract.actors import actor_table
    from newsledger.extract.sourcing.model import weights
    from newsledger.extract.toponyms import lexicon_for
    from newsledger.geo.gazetteer import default_gazetteer

    actor_table(actor_files)
    lexicon_for(default_gazetteer())
    weights()


def publication_date(
    doc: Doc, document: Document, given: str | None
) -> tuple[str | None, str | None]:
    """The article's date and where it came from: metadata, given, or inferred."""
    if document.published:
        return document.published, "metadata"
    if given:
        return given, "given"
    inferred = infer_publication_date(doc)
    return (inferred, "inferred") if inferred else (None, None)


def context_of(
    doc: Doc,
    document: Document,
    published: str | None = None,
    options: Options | None = None,
    deadline: Deadline | None = None,
    skip: frozenset[str] = WITHOUT_EVENTS,
) -> Context:
    """The article with the findings of every registered extractor but ``skip``'s
    (by default every finding but its events: what the event extractor reads)."""
    when, when_source = publication_date(doc, document, published)
    article = make_article(document, when, when_source)
    anchor = date.fromisoformat(when) if when else None
    ctx = Context(doc=doc, article=article, anchor=anchor, options=options or Options())
    if deadline is None:  # never hang a run on one article
        deadline = Deadline(document.origin, ctx.options.budget)
    for extractor in pipeline(skip):
        ctx.store(extractor.name, extractor.adds, extractor.run(ctx))
        deadline.check(extractor.name)
    return ctx


def analyze_doc(
    doc: Doc, document: Document, published: str | None = None, options: Options | None = None
) -> Analysis:
    """Every finding of one parsed article, as the format's Analysis."""
    ctx = context_of(doc, document, published, options, skip=frozenset())
    return Analysis(
        article=ctx.article,
        sources=ctx.sources,
        attributions=ctx.attributions,
        caveats=ctx.caveats,
        events=ctx.events,
        places=ctx.places,
        times=ctx.times,
        quantities=ctx.quantities,
        entities=ctx.entities,
        **ctx.extra,
    )
