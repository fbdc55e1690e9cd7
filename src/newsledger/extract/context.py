"""What every extractor receives: the parsed document and what came before it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from spacy.tokens import Doc

from newsledger.errors import PluginError
from newsledger.extract.budget import Budget
from newsledger.models import (
    Article,
    Attribution,
    Caveat,
    Entity,
    Event,
    Place,
    Quantity,
    Source,
    Time,
)

ACCURATE_SLOWER = 4  # the accurate mode's time budget per article, in default budgets


@dataclass(frozen=True)
class Options:
    """Settings that change what extractors find (passed whole, never piecemeal)."""

    actor_files: tuple[str, ...] = ()
    # The learned span tagger on top of the sourcing rules (sourcing/tagger.py): a few
    # points more attribution F1 on PolNeAR at about 11 ms more per article, which takes
    # the whole process to 0.78 of bare spaCy's (issue 13, target 0.85 for a default),
    # so it is asked for (--tagger, NEWSLEDGER_TAGGER=1).
    span_tagger: bool = field(default_factory=lambda: os.environ.get("NEWSLEDGER_TAGGER") == "1")
    # The accurate mode (sourcing/encoder.py): a fine-tuned encoder's spans instead of the
    # CRF tagger's, on onnxruntime (the `accurate` extra); slower, so asked for
    # (--accurate, NEWSLEDGER_ACCURATE=1). It takes precedence over span_tagger.
    accurate: bool = field(default_factory=lambda: os.environ.get("NEWSLEDGER_ACCURATE") == "1")
    # Which trigger matches are events: None = the shipped learned model
    # (knowledge/event_model.json), "rules" = the trigger rules alone, or an
    # `extract.events.classifier.EventModel` (cross-validation trains one per fold);
    # NEWSLEDGER_EVENT_MODEL=rules turns the model off.
    event_model: object = field(
        default_factory=lambda: os.environ.get("NEWSLEDGER_EVENT_MODEL") or None
    )
    # Which ACLED sub-event type an event has: likewise None = knowledge/acled_model.json,
    # "rules" = the ACLED cue rules alone, or an EventModel.
    acled_model: object = None
    # Join the mentions of one event into one record (events.records); off, every mention is a
    # record.
    join_events: bool = True
    # What one article may cost before it is refused (extract/budget.py).
    budget: Budget = field(default_factory=Budget)

    def __post_init__(self) -> None:
        # The encoder reads about 3,000 word pieces a second on one busy core: the longest
        # article the budget admits (12,000 words) takes it past the default 5 s alone.
        if self.accurate and self.budget == Budget():
            slower = replace(
                self.budget, extract_seconds=self.budget.extract_seconds * ACCURATE_SLOWER
            )
            object.__setattr__(self, "budget", slower)


@dataclass
class Context:
    """The parsed article and the findings of the extractors that ran before.

    Extractors run in the order their reads and adds give (`extract.registry`).
    Each reads what it needs from here and returns its own findings; only
    `extract.context_of` writes them in, with `store`. Findings of plugin
    extractors, which have no field here, are kept in ``extra``.
    """

    doc: Doc
    article: Article
    anchor: date | None  # publication date: the reference for relative dates
    options: Options = field(default_factory=Options)
    entities: list[Entity] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    caveats: list[Caveat] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def store(self, extractor: str, names: tuple[str, ...], result: Any) -> None:
        """Keep an extractor's findings: one value per name it adds."""
        values = (result,) if len(names) == 1 else tuple(result)
        if len(values) != len(names):
            raise PluginError(
                f"extractor {extractor!r} returned {len(values)} findings for {names}"
            )
        for name, value in zip(names, values):
            if name in _FIELDS:
                setattr(self, name, value)
            else:
                self.extra[name] = value

    def finding(self, name: str) -> Any:
        """A finding by name, whether a field here or a plugin's."""
        return getattr(self, name) if name in _FIELDS else self.extra[name]


_FIELDS = frozenset(f.name for f in fields(Context)) - {"extra"}
