"""The terminal report: one Rich section per part of the analysis."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsledger.models import Analysis, Event, Span


def clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def span_text(span: Span | None, width: int = 60) -> str:
    return clip(span.text, width) if span else "—"


def table(title: str, columns: Iterable[str]) -> Table:
    return Table(*columns, title=title, title_justify="left", show_lines=False, expand=True)


def header_lines(analysis: Analysis) -> list[str]:
    a = analysis.article
    lines = [f"[bold]{escape(a.title or '(untitled)')}[/bold]"]
    meta = [f"id {a.id}"]
    if a.outlet:
        meta.append(escape(a.outlet))
    if a.published:
        meta.append(f"published {a.published} ({a.published_source})")
    if a.url:
        meta.append(escape(a.url))
    lines.append(" · ".join(meta))
    counts = (
        f"{len(analysis.sources)} sources, {len(analysis.attributions)} attributions, "
        f"{len(analysis.caveats)} caveats, {len(analysis.events)} events, "
        f"{len(analysis.places)} places, {len(analysis.times)} times, "
        f"{len(analysis.quantities)} quantities"
    )
    lines.append(counts)
    return lines


def sources_table(analysis: Analysis) -> Table:
    t = table(
        "Sources",
        ("id", "source", "kind", "named", "descriptors / affiliation", "why anonymous", "mentions"),
    )
    for s in analysis.sources:
        described = "; ".join(
            s.descriptors + ([f"affiliation: {s.affiliation}"] if s.affiliation else [])
        )
        t.add_row(
            s.id,
            escape(s.name),
            s.kind,
            s.named,
            escape(clip(described, 70)),
            escape(s.anonymity_reason or ""),
            str(len(s.mentions)),
        )
    return t


def attributions_table(analysis: Analysis) -> Table:
    names = {s.id: s.name for s in analysis.sources}
    t = table("Attributions", ("id", "source", "cue", "form", "content"))
    for a in analysis.attributions:
        who = names.get(a.source or "", span_text(a.source_span, 30))
        parent = f" (in {a.parent})" if a.parent else ""
        t.add_row(
            a.id,
            escape(who) + parent,
            escape(span_text(a.cue, 25)),
            a.form,
            escape(clip(a.content.text, 100)),
        )
    return t


def caveats_table(analysis: Analysis) -> Table:
    t = table("Caveats", ("id", "status", "caveat", "qualifies"))
    for c in analysis.caveats:
        t.add_row(c.id, c.status, escape(clip(c.text, 60)), escape(span_text(c.scope, 60)))
    return t


def event_cells(event: Event, analysis: Analysis) -> list[str]:
    places = {p.id: p for p in analysis.places}
    where = (
        event.location.name
        if event.location
        else (places[event.place].name if event.place in places else "")
    )
    when = ""
    if event.when:
        when = event.when.start or event.when.text
        if event.when.end and event.when.end != event.when.start:
            when += f"–{event.when.end}"
    quantity_text = {q.id: q.text for q in analysis.quantities}
    acled = event.acled.sub_event_type if event.acled else ""
    return [
        event.id,
        f"{event.type}" + (f"/{event.mode}" if event.mode else ""),
        escape(acled),
        escape(event.actor.name if event.actor else ""),
        escape(event.trigger.text),
        escape(event.recipient.name if event.recipient else ""),
        escape(where),
        when,
        escape(", ".join(quantity_text.get(q, q) for q in event.quantities)),
        (event.attribution or "") + " " + event.status,
    ]


def events_table(analysis: Analysis) -> Table:
    t = table(
        "Events",
        (
            "id",
            "PLOVER",
            "ACLED",
            "actor",
            "trigger",
            "recipient",
            "where",
            "when",
            "quantities",
            "source · status",
        ),
    )
    for e in analysis.events:
        t.add_row(*event_cells(e, analysis))
    return t


def places_times_quantities(analysis: Analysis) -> list[Table]:
    places = table("Places", ("id", "text", "resolved", "country", "lat, lon", "feature"))
    for p in analysis.places:
        coords = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else ""
        places.add_row(
            p.id, escape(p.text), escape(p.name), p.country or "", coords, p.feature or ""
        )
    times = table("Times", ("id", "text", "value", "precision"))
    for t in analysis.times:
        times.add_row(
            t.id,
            escape(t.text),
            (t.value or "") + (f"–{t.end_value}" if t.end_value else ""),
            t.precision,
        )
    quantities = table("Quantities", ("id", "text", "value", "unit", "approx"))
    for q in analysis.quantities:
        quantities.add_row(q.id, escape(q.text), f"{q.value:g}", q.unit or "", q.approx)
    return [places, times, quantities]


def print_report(analysis: Analysis, out: IO[str], width: int | None = None) -> None:
    """Write the human report of one analysis to `out` (colour only on a terminal)."""
    console = Console(file=out, width=width or (None if out.isatty() else 160), highlight=False)
    for line in header_lines(analysis):
        console.print(line)
    sections = [
        sources_table(analysis),
        attributions_table(analysis),
        caveats_table(analysis),
        events_table(analysis),
        *places_times_quantities(analysis),
    ]
    for section in sections:
        if section.row_count:
            console.print(section)
        else:
            console.print(f"[dim]{section.title}: none found[/dim]")
    console.print()
