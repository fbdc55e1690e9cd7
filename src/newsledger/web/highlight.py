"""Cut an article's text into highlighted segments for the article view.

Findings overlap (a place inside a quote inside a caveat's scope), so the text
is split at every span boundary into flat segments, each carrying the set of
kinds that cover it. The template escapes each segment's text; nothing here
produces markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from newsledger.models import Analysis, Attribution, Caveat, Source

KINDS = ("source", "quote", "caveat", "place", "date", "quantity")


@dataclass(frozen=True)
class Mark:
    """One highlighted span: what it is and which finding it belongs to."""

    start: int
    end: int
    kind: str  # one of KINDS
    ref: str  # id of the finding (S1, A3, C2, P1, T4, Q1)


@dataclass
class Segment:
    text: str
    kinds: tuple[str, ...] = ()
    attribution: str | None = None  # innermost attribution covering the segment
    refs: tuple[str, ...] = ()
    title: str = ""


@dataclass
class Panel:
    """What clicking a quote shows: speaker, how identified, caveats that apply."""

    attribution: Attribution
    source: Source | None
    caveats: list[Caveat] = field(default_factory=list)


def marks_of(analysis: Analysis) -> list[Mark]:
    """Every highlightable span of the analysis, clipped to the text."""
    marks: list[Mark] = []
    for source in analysis.sources:
        marks += [Mark(m.start, m.end, "source", source.id) for m in source.mentions]
    for attr in analysis.attributions:
        marks.append(Mark(attr.content.start, attr.content.end, "quote", attr.id))
    for caveat in analysis.caveats:
        marks.append(Mark(caveat.start, caveat.end, "caveat", caveat.id))
    marks += [Mark(p.start, p.end, "place", p.id) for p in analysis.places]
    marks += [Mark(t.start, t.end, "date", t.id) for t in analysis.times]
    marks += [Mark(q.start, q.end, "quantity", q.id) for q in analysis.quantities]
    size = len(analysis.article.text)
    return [Mark(max(0, m.start), min(size, m.end), m.kind, m.ref)
            for m in marks if 0 <= m.start < m.end and m.start < size]


def _boundaries(marks: Iterable[Mark], size: int) -> list[int]:
    points = {0, size}
    for mark in marks:
        points.add(mark.start)
        points.add(mark.end)
    return sorted(points)


def segments(analysis: Analysis, labels: dict[str, str] | None = None) -> list[Segment]:
    """The text as flat segments; each knows the marks covering it.

    A sweep over sorted boundaries keeps this linear in text size plus marks,
    which matters for long articles with hundreds of findings.
    """
    text = analysis.article.text
    marks = marks_of(analysis)
    starts: dict[int, list[Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    out: list[Segment] = []
    points = _boundaries(marks, len(text))
    for left, right in pairwise(points):
        active = [m for m in active if m.end > left] + starts.get(left, [])
        out.append(_segment(text[left:right], active, labels or {}))
    return out


def _segment(piece: str, active: list[Mark], labels: dict[str, str]) -> Segment:
    if not active:
        return Segment(piece)
    kinds = tuple(k for k in KINDS if any(m.kind == k for m in active))
    quotes = [m for m in active if m.kind == "quote"]
    inner = min(quotes, key=lambda m: m.end - m.start).ref if quotes else None
    refs = tuple(sorted({m.ref for m in active}))
    title = "; ".join(labels[r] for r in refs if r in labels)
    return Segment(piece, kinds, inner, refs, title)


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
        hits = _overlaps(caveat.start, caveat.end, c.start, c.end) or (
            caveat.scope is not None and _overlaps(caveat.scope.start, caveat.scope.end, c.start, c.end)
        ) or _overlaps(caveat.start, caveat.end, *para)
        if hits:
            found.append(caveat)
    return found


def panels(analysis: Analysis) -> list[Panel]:
    """One panel per attribution, in text order."""
    by_id = {s.id: s for s in analysis.sources}
    ordered = sorted(analysis.attributions, key=lambda a: a.content.start)
    return [Panel(a, by_id.get(a.source) if a.source else None, caveats_for(analysis, a)) for a in ordered]
