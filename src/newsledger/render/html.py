"""A self-contained HTML page: the article text with every finding highlighted.

All article text is untrusted: it goes through Jinja2's autoescaping (or
markupsafe.escape) and never into an attribute unescaped. The page has no
script and loads nothing from the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from newsledger.models import Analysis

# Highlight layers, in the order their classes are listed on a segment.
LAYERS = ("source", "cue", "quote", "caveat", "place", "time", "quantity")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    layer: str
    note: str  # tooltip: who said it, how sure, where it resolves


def marks_of(analysis: Analysis) -> list[Mark]:
    sources = {s.id: s for s in analysis.sources}
    caveats_over: dict[str, list[str]] = {}
    for c in analysis.caveats:
        if c.scope:
            for a in analysis.attributions:
                if a.content.start < c.scope.end and c.scope.start < a.content.end:
                    caveats_over.setdefault(a.id, []).append(f"{c.status}: {c.text}")
    marks: list[Mark] = []
    for s in analysis.sources:
        for m in s.mentions:
            marks.append(Mark(m.start, m.end, "source", f"{s.id} {s.name} ({s.kind}, {s.named})"))
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
        marks.append(Mark(a.content.start, a.content.end, "quote", note))
        if a.cue:
            marks.append(Mark(a.cue.start, a.cue.end, "cue", f"{a.id} cue"))
    for c in analysis.caveats:
        marks.append(Mark(c.start, c.end, "caveat", f"{c.id} {c.status}"))
    for p in analysis.places:
        marks.append(Mark(p.start, p.end, "place", f"{p.id} {p.name} {p.country or ''} {p.lat},{p.lon}"))
    for t in analysis.times:
        marks.append(Mark(t.start, t.end, "time", f"{t.id} {t.value or '?'} ({t.precision})"))
    for q in analysis.quantities:
        marks.append(Mark(q.start, q.end, "quantity", f"{q.id} {q.value:g} {q.unit or ''} ({q.approx})"))
    return [m for m in marks if 0 <= m.start < m.end <= len(analysis.article.text)]


def highlight(text: str, marks: list[Mark]) -> Markup:
    """The text as escaped HTML, split at every mark boundary into classed spans."""
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    parts: list[str] = []
    for start, end in pairwise(bounds):
        segment = escape(text[start:end]).replace("\n", Markup("<br>\n"))
        active = [m for m in marks if m.start <= start and end <= m.end]
        if not active:
            parts.append(str(segment))
            continue
        layers = sorted({m.layer for m in active}, key=LAYERS.index)
        note = " · ".join(dict.fromkeys(m.note for m in active))
        parts.append(f'<span class="{" ".join("hl-" + layer for layer in layers)}" title="{escape(note)}">{segment}</span>')
    return Markup("".join(parts))


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=PackageLoader("newsledger", "templates"), autoescape=select_autoescape(default=True))


def render_page(analyses: list[Analysis]) -> str:
    """One page holding every analysis of the run."""
    items = [(a, highlight(a.article.text, marks_of(a))) for a in analyses]
    return environment().get_template("report.html").render(items=items, layers=LAYERS)
