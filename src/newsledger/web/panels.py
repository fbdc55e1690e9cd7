"""What the article view shows around the highlighted text (`render.highlight`):
hover labels for the findings, and one panel per quote with its speaker and caveats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.models import Analysis, Attribution, Caveat, Source
from newsledger.render import highlight
from newsledger.render.highlight import Segment, marks_of, segments

# The report's layers but the cues: the quote itself is what a reader clicks.
LAYERS = tuple(layer for layer in highlight.LAYERS if layer != "cue")


@dataclass
class Panel:
    """What clicking a quote shows: speaker, how identified, caveats that apply."""

    attribution: Attribution
    source: Source | None
    caveats: list[Caveat] = field(default_factory=list)


def highlighted(analysis: Analysis) -> list[tuple[Segment, str]]:
    """The article text as segments, each with its hover text."""
    labels = labels_of(analysis)
    return [
        (seg, "; ".join(labels[r] for r in seg.refs if r in labels))
        for seg in segments(analysis.article.text, marks_of(analysis, LAYERS))
    ]


def labels_of(analysis: Analysis) -> dict[str, str]:
    """Short hover texts for places, dates, quantities and caveats."""
    labels: dict[str, str] = {}
    for p in analysis.places:
        labels[p.id] = f"place: {p.name}" + (f" ({p.country})" if p.country else "")
    for t in analysis.times:
        labels[t.id] = f"date: {t.value or '?'} ({t.precision})"
    for q in analysis.quantities:
        labels[q.id] = f"quantity: {q.value} {q.unit or ''} ({q.approx})".replace("  ", " ")
    for c in analysis.caveats:
        labels[c.id] = f"caveat: {c.status}"
    for s in analysis.sources:
        labels[s.id] = f"source: {s.name} ({s.named})"
    return labels


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def caveats_for(analysis: Analysis, attr: Attribution) -> list[Caveat]:
    """Caveats that qualify an attribution's content.

    A caveat applies when it or its scope overlaps the content, or when it sits
    in the same paragraph (reporters add "this could not be verified" right
    after the quote it qualifies).
    """
    text = analysis.article.text
    c = attr.content
    para = _paragraph(text, c.start)
    found = []
    for caveat in analysis.caveats:
        hits = (
            _overlaps(caveat.start, caveat.end, c.start, c.end)
            or (
                caveat.scope is not None
                and _overlaps(caveat.scope.start, caveat.scope.end, c.start, c.end)
            )
            or _overlaps(caveat.start, caveat.end, *para)
        )
        if hits:
            found.append(caveat)
    return found


def panels(analysis: Analysis) -> list[Panel]:
    """One panel per attribution, in text order."""
    by_id = {s.id: s for s in analysis.sources}
    ordered = sorted(analysis.attributions, key=lambda a: a.content.start)
    return [
        Panel(a, by_id.get(a.source) if a.source else None, caveats_for(analysis, a))
        for a in ordered
    ]
