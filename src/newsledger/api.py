"""The library entry points: `analyze` one text, `analyze_documents` many.

Flow: Documents (from ingest) -> spaCy Docs (batched with nlp.pipe) ->
`extract.analyze_doc` -> Analysis. With ``jobs > 1`` whole batches go to
worker processes, each loading the pipeline once; results keep input order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain, islice

from newsledger.errors import AnalysisFailed, InputError, KnowledgeError
from newsledger.extract import Options, analyze_doc, budget
from newsledger.ingest import Document
from newsledger.ingest.text import document_from_text
from newsledger.models import Analysis
from newsledger.nlp import load_pipeline, parse

Outcome = Analysis | InputError


@dataclass(frozen=True)
class AnalyzeOptions:
    """How to run an analysis (one object, passed whole)."""

    published: str | None = None  # reference date when an article has none
    model: str | None = None  # spaCy pipeline name; None for the default
    jobs: int = 1  # worker processes
    batch_size: int = 16
    extract: Options = field(default_factory=Options)


def analyze(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    model: str | None = None,
    tagger: bool | None = None,
    accurate: bool | None = None,
) -> Analysis:
    """Analyse one article's text (the body; a headline line on top is split off).
    `tagger` turns the learned sourcing span tagger on or off (default: NEWSLEDGER_TAGGER),
    `accurate` the accurate mode (default: NEWSLEDGER_ACCURATE; raises AccurateUnavailable
    without its extra or model)."""
    document = document_from_text(text, "<text>")
    if title or url or outlet:
        document = Document(
            text=document.text,
            origin=document.origin,
            title=title or document.title,
            url=url or document.url,
            outlet=outlet or document.outlet,
        )
    extract = Options()
    if tagger is not None:
        extract = replace(extract, span_tagger=tagger)
    if accurate is not None:
        extract = replace(extract, accurate=accurate)
    check_mode(extract)
    outcome = next(
        analyze_batch([document], AnalyzeOptions(published=published, model=model, extract=extract))
    )
    if isinstance(outcome, InputError):
        raise outcome
    return outcome


def check_mode(extract: Options) -> None:
    """Fail before any work when the accurate mode is asked for but cannot run
    (inside an article's analysis the error would be reported per article)."""
    if extract.accurate:
        from newsledger.extract.sourcing.encoder import check_ready

        check_ready()


def analyze_batch(documents: list[Document], options: AnalyzeOptions) -> Iterator[Outcome]:
    """One Outcome per document, in order: an extractor's failure on one article
    becomes an AnalysisFailed in its place (NEWSLEDGER_DEBUG=1 re-raises it)."""
    nlp = load_pipeline(options.model)
    # Articles over the budget are refused before parsing, which cannot be interrupted.
    over = [budget.refusal(d.text, options.extract.budget) for d in documents]
    parsed = parse(
        nlp, ((d.text, d) for d, why in zip(documents, over) if why is None), options.batch_size
    )
    for document, why in zip(documents, over):
        if why is not None:
            yield AnalysisFailed(document.origin, why)
            continue
        doc, _ = next(parsed)
        try:
            yield analyze_doc(doc, document, options.published, options.extract)
        except AnalysisFailed as exc:  # over the time budget
            yield exc
        except KnowledgeError:  # a broken knowledge file fails every article: stop the run
            raise
        except Exception as exc:  # a bug in an extractor must not end the whole run
            if os.environ.get("NEWSLEDGER_DEBUG"):
                raise
            yield AnalysisFailed(
                document.origin,
                f"analysis failed ({type(exc).__name__}: {exc}); "
                "NEWSLEDGER_DEBUG=1 shows the traceback",
            )


def _worker_batch(args: tuple[list[Document], AnalyzeOptions]) -> list[Outcome]:
    documents, options = args
    return list(analyze_batch(documents, options))


Item = Document | InputError


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _work(chunk: list[Item], options: AnalyzeOptions) -> tuple[list[Document], AnalyzeOptions]:
    return [d for d in chunk if isinstance(d, Document)], options


def _merge(chunk: list[Item], results: list[Outcome]) -> Iterator[Outcome]:
    """Put analyses back between the errors, in input order."""
    analyses = iter(results)
    for item in chunk:
        yield item if isinstance(item, InputError) else next(analyses)


WARM_UP = "Officials said on Monday that two people were hurt in Basra, according to police."


def settle(options: AnalyzeOptions) -> None:
    """Load the pipeline and the knowledge (by analysing one short sentence),
    then, once per process, freeze what is loaded out of the garbage collector's
    sight (`gc.freeze`): its passes stop re-scanning the long-lived objects
    (0.2 of 6 s of CPU on 30 PolNeAR articles), and forked workers share them
    instead of each loading and touching its own copy."""
    load_pipeline(options.model)
    document = document_from_text(WARM_UP, "<warm-up>")
    for _ in analyze_batch(
        [document],
        AnalyzeOptions(published="2026-01-05", model=options.model, extract=options.extract),
    ):
        pass
    _freeze_once()


@cache
def _freeze_once() -> None:
    # Once: freezing on every call would also keep whatever garbage exists then.
    gc.freeze()


def analyze_documents(
    items: Iterable[Item], options: AnalyzeOptions = AnalyzeOptions()
) -> Iterator[Outcome]:
    """Analyse a stream of Documents; InputErrors pass through in their place.

    With ``options.jobs > 1`` batches are analysed in worker processes forked
    after the pipeline and knowledge are loaded, so their memory is shared, not copied.
    """
    # Workers take small chunks so a short run still keeps every process busy.
    size = (
        options.batch_size
        if options.jobs <= 1
        else max(2, options.batch_size // (2 * options.jobs))
    )
    chunks = _chunks(iter(items), size)
    first = next(chunks, None)
    if first is None:
        return
    check_mode(options.extract)
    settle(options)
    chunks = chain([first], chunks)
    if options.jobs <= 1:
        for chunk in chunks:
            yield from _merge(chunk, _worker_batch(_work(chunk, options)))
        return
    # imap feeds work from its own thread; chunks wait here, in order, for
    # their results (a deque is safe across the two threads).
    pending: deque[list[Item]] = deque()

    def work() -> Iterator[tuple[list[Document], AnalyzeOptions]]:
        for chunk in chunks:
            pending.append(chunk)
            yield _work(chunk, options)

    with multiprocessing.get_context("fork").Pool(options.jobs) as pool:
        for results in pool.imap(_worker_batch, work()):
            yield from _merge(pending.popleft(), results)
