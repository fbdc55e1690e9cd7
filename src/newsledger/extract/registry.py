"""Extractors as registered components, as spaCy registers pipeline components.

Each extractor says what it is called, which findings it reads and which it adds.
The order they run in is derived from that: an extractor runs after every extractor
that adds what it reads (ties keep the order of registration). So adding one means
registering it, not editing a sequencer:

- inside the package, with `register` (extract/components.py registers the built-ins);
- from another package, through the entry point group ``newsledger.extractors``: the
  entry point names an `Extractor` (or a function returning one). Its findings are
  added to the analysis under the names in ``adds``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any

from newsledger.errors import PluginError

ENTRY_POINT_GROUP = "newsledger.extractors"
# What every extractor may read without anyone adding it (see `extract.context.Context`).
GIVEN = frozenset({"doc", "article", "anchor", "options"})


@dataclass(frozen=True)
class Extractor:
    """One question asked of a parsed article.

    ``run`` takes the `Context` and returns its findings: one value when it adds one
    name, or a tuple with one value per name in ``adds``.
    """

    name: str
    run: Callable[[Any], Any]
    reads: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()


_BUILT_IN: dict[str, Extractor] = {}


def register(extractor: Extractor) -> Extractor:
    """Add a built-in extractor (a name registered again replaces the first)."""
    _BUILT_IN[extractor.name] = extractor
    return extractor


def built_in() -> list[Extractor]:
    return list(_BUILT_IN.values())


@lru_cache(maxsize=1)
def plugins() -> tuple[Extractor, ...]:
    """The extractors other installed packages offer (read once per process)."""
    found = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            loaded = point.load()
            extractor = loaded if isinstance(loaded, Extractor) else loaded()
        except Exception as exc:  # a broken plugin is named, never a traceback
            raise PluginError(
                f"extractor plugin {point.name!r} ({point.value}) failed to load: {exc}"
            ) from exc
        if not isinstance(extractor, Extractor):
            raise PluginError(
                f"extractor plugin {point.name!r} ({point.value}) is not an Extractor"
            )
        found.append(extractor)
    return tuple(found)


def ordered(extractors: Iterable[Extractor]) -> list[Extractor]:
    """The extractors in an order where each runs after what it reads is added."""
    pending = list(extractors)
    _check_names(pending)
    available = set(GIVEN)
    order: list[Extractor] = []
    while pending:
        ready = next((e for e in pending if available.issuperset(e.reads)), None)
        if ready is None:
            missing = {e.name: sorted(set(e.reads) - available) for e in pending}
            raise PluginError(f"extractors wait for findings no extractor adds: {missing}")
        order.append(ready)
        available.update(ready.adds)
        pending.remove(ready)
    return order


def _check_names(extractors: list[Extractor]) -> None:
    seen: dict[str, str] = {}
    for e in extractors:
        for name in e.adds:
            if name in GIVEN or name in seen:
                owner = "the context" if name in GIVEN else seen[name]
                raise PluginError(
                    f"extractor {e.name!r} adds {name!r}, which {owner} already gives"
                )
            seen[name] = e.name


def pipeline(skip: frozenset[str] = frozenset()) -> list[Extractor]:
    """The built-in and plugin extractors in run order, without ``skip`` and what needs it."""
    order = ordered([*built_in(), *plugins()])
    dropped: set[str] = set()
    kept = []
    for e in order:
        if e.name in skip or dropped.intersection(e.reads):
            dropped.update(e.adds)
            continue
        kept.append(e)
    return kept
