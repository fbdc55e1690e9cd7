"""Cut an article's text into highlighted segments: the one highlighter of the
HTML report (`render.html`) and the web app's article view.

Findings overlap (a place inside a quote inside a caveat's scope), so the text
is split at every span boundary into flat segments, each carrying the marks
that cover it. Nothing here produces markup: each presenter escapes the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from newsledger.models import Analysis

# Highlight layers, in the order their classes are listed on a segment (CSS: `hl-<layer>`).
LAYERS = ("source", "cue", "quote", "caveat", "place", "time", "quantity")


@dataclass(frozen=True)
class Mark:
    """One highlighted span: its layer, the finding it belongs to, and a tooltip."""

    start: int
    end: int
    layer: str  # one of LAYERS
    ref: str  # id of the finding (S1, A3, C2, P1, T4, Q1)
    note: str = ""  # who said it, how sure, where it resolves


@dataclass(frozen=True)
class Segment:
    """A piece of the text and the marks covering all of it, in the order they were given."""

    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def layers(self) -> tuple[str, ...]:
        present = {m.layer for m in self.marks}
        return tuple(layer for layer in LAYERS if layer in present)

    @property
    def attribution(self) -> str | None:
        """The innermost attribution covering the segment (quotes nest)."""
        quotes = [m for m in self.marks if m.layer == "quote"]
        return min(quotes, key=lambda m: m.end - m.start).ref if quotes else None

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(sorted({m.ref for m in self.marks}))

    @property
    def notes(self) -> str:
        return " · ".join(dict.fromkeys(m.note for m in self.marks if m.note))


def _caveat_notes(analysis: Analysis) -> dict[str, list[str]]:
    """Per attribution id, the caveats whose scope overlaps its content."""
    over: dict[str, list[str]] = {}
    for c in analysis.caveats:
        if c.scope:
            for a in analysis.attributions:
                if a.content.start < c.scope.end and c.scope.start < a.content.end:
                    over.setdefault(a.id, []).append(f"{c.status}: {c.text}")
    return over


def _attribution_marks(analysis: Analysis) -> list[Mark]:
    sources = {s.id: s for s in analysis.sources}
    caveats_over = _caveat_notes(analysis)
    marks: list[Mark] = []
    for a in analysis.attributions:
        source = sources.get(a.source or "")
        who = f"{source.name} — {source.named}" if source else "unknown source"
        if source and source.descriptors:
            who += "; " + "; ".join(source.descriptors)
        if source and source.anonymity_reason:
            who += f"; anonymous: {source.anonymity_reason}"
        note = f"{a.id} {a.form} · {who}"
        if caveats_over.get(a.id):
            note += " · caveats: " + " | ".join(caveats_over[a.id])
        marks.append(Mark(a.content.start, a.content.end, "quote", a.id, note))
        if a.cue:
            marks.append(Mark(a.cue.start, a.cue.end, "cue", a.id, f"{a.id} cue"))
    return marks


def marks_of(analysis: Analysis, layers: Iterable[str] = LAYERS) -> list[Mark]:
    """Every highlightable span of `layers`, clipped to the text (empty ones dropped)."""
    marks: list[Mark] = []
    for s in analysis.sources:
        marks += [
            Mark(m.start, m.end, "source", s.id, f"{s.id} {s.name} ({s.kind}, {s.named})")
            for m in s.mentions
        ]
    marks += _attribution_marks(analysis)
    marks += [Mark(c.start, c.end, "caveat", c.id, f"{c.id} {c.status}") for c in analysis.caveats]
    marks += [
        Mark(p.start, p.end, "place", p.id, f"{p.id} {p.name} {p.country or ''} {p.lat},{p.lon}")
        for p in analysis.places
    ]
    marks += [
        Mark(t.start, t.end, "time", t.id, f"{t.id} {t.value or '?'} ({t.precision})")
        for t in analysis.times
    ]
    marks += [
        Mark(q.start, q.end, "quantity", q.id, f"{q.id} {q.value:g} {q.unit or ''} ({q.approx})")
        for q in analysis.quantities
    ]
    wanted, size = set(layers), len(analysis.article.text)
    return [
        Mark(max(0, m.start), min(size, m.end), m.layer, m.ref, m.note)
        for m in marks
        if m.layer in wanted and 0 <= m.start < m.end and m.start < size
    ]


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """The text as flat segments; each knows the marks covering it.

    A sweep over sorted boundaries keeps this linear in text size plus marks,
    which matters for long articles with hundreds of findings.
    """
    order = {id(m): i for i, m in enumerate(marks)}
    starts: dict[int, list[Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    active: list[Mark] = []
    out: list[Segment] = []
    for left, right in pairwise(points):
        active = [m for m in active if m.end > left] + starts.get(left, [])
        active.sort(key=lambda m: order[id(m)])
        out.append(Segment(text[left:right], tuple(active)))
    return out
