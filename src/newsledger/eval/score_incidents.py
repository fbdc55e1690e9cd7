"""`newsledger eval incidents`: how well reports are grouped into incidents.

The corpus (shipped in ``eval/data/incidents/reports.jsonl``, written by
``scripts/ledger/build_incidents_corpus.py``) holds invented reports of a few
invented incidents by several invented outlets, with wire copies and
conflicting numbers; each report names its expected incident and the report it
copies. Two scores, both pairwise over reports (a pair is positive when both
reports are put in one incident):

- *gold mentions*: the hand-coded event of each report goes through the ledger
  and the grouping, which isolates the corroboration logic;
- *end to end*: the real pipeline analyses the text; a report's event is its
  first extracted event of the expected type.

It also scores near-copy detection (pairs of copies), whether incidents whose
reports give different figures are flagged with a contradiction (and only
those), and whether each incident counts the right number of independent
reports (copies and same-outlet reports merged).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from newsledger.corroborate import open_ledger
from newsledger.corroborate.rollup import independent_reports
from newsledger.eval import EvalConfig, EvalReport, Metric, prf, require
from newsledger.incident import Mention
from newsledger.ingest import Document
from newsledger.ingest.document import article_id
from newsledger.ledger import Incident, Ledger
from newsledger.models import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Event,
    Location,
    Quantity,
    Source,
    When,
    span_of,
)

DEFAULT_DATA = Path(__file__).parent / "data" / "incidents" / "reports.jsonl"
Pairs = set[frozenset[str]]


def load_reports(config: EvalConfig) -> list[dict[str, Any]]:
    path = require(config.data or DEFAULT_DATA, "incidents")
    if path.is_dir():
        path = path / "reports.jsonl"
    reports = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return reports[: config.limit] if config.limit else reports


def gold_analysis(report: dict[str, Any]) -> Analysis:
    """An Analysis holding the report's hand-coded event (no NLP)."""
    text, g = report["text"], report["gold"]
    first = text.split("\n")[0]
    article = Article(
        id=article_id(text),
        title=report.get("title"),
        outlet=report["outlet"],
        published=report["published"],
        text=text,
    )
    quantities = [
        Quantity(
            id=f"Q{i}",
            start=text.index(qt),
            end=text.index(qt) + len(qt),
            text=qt,
            value=value,
            unit=unit,
            approx=approx,
        )
        for i, (qt, value, unit, approx) in enumerate(g["quantities"], 1)
    ]
    sources, attributions, attribution = [], [], None
    if g.get("source"):
        sources = [Source(id="S1", name=g["source"], named=g.get("named") or "unnamed")]
        attributions = [Attribution(id="A1", source="S1", content=span_of(text, 0, len(first)))]
        attribution = "A1"
    event = Event(
        id="E1",
        type=g["type"],
        trigger=span_of(text, 0, len(first.split()[0])),
        sentence=span_of(text, 0, len(first)),
        actor=Actor(text=g["actor"], name=g["actor"]) if g.get("actor") else None,
        recipient=Actor(text=g["recipient"], name=g["recipient"]) if g.get("recipient") else None,
        location=Location(name=g["place"], lat=g["lat"], lon=g["lon"], country=g["country"]),
        when=When(text=g["date"], start=g["date"], end=g["date"], precision=g["precision"]),
        quantities=[q.id for q in quantities],
        attribution=attribution,
        status=g["status"],
    )
    return Analysis(
        article=article,
        sources=sources,
        attributions=attributions,
        events=[event],
        quantities=quantities,
    )


def gold_pairs(reports: list[dict[str, Any]], key: str) -> Pairs:
    groups: dict[str, list[str]] = {}
    for r in reports:
        label = r.get(key)
        if key == "copy_of":
            label = label or r["id"]
        if label:
            groups.setdefault(label, []).append(r["id"])
    return {frozenset(p) for ids in groups.values() for p in combinations(ids, 2)}


def predicted_pairs(labels: dict[str, str | None]) -> Pairs:
    groups: dict[str, list[str]] = {}
    for rid, label in labels.items():
        if label:
            groups.setdefault(label, []).append(rid)
    return {frozenset(p) for ids in groups.values() for p in combinations(ids, 2)}


def score(predicted: Pairs, gold: Pairs) -> tuple[float, float, float]:
    return prf(len(predicted & gold), len(predicted), len(gold))


def _main_event(analysis: Analysis, wanted: str) -> str | None:
    return next((e.id for e in analysis.events if e.type == wanted), None)


def group(
    reports: list[dict[str, Any]], analyses: Iterable[Analysis]
) -> tuple[dict[str, str | None], Ledger]:
    """Report id -> predicted incident id, through a fresh in-memory ledger."""
    ledger = open_ledger("sqlite://")
    chosen: dict[str, tuple[str, str | None]] = {}
    for report, analysis in zip(reports, analyses):
        ledger.add(analysis)
        chosen[report["id"]] = (analysis.article.id, _main_event(analysis, report["gold"]["type"]))
    labels = {
        rid: (ledger.incident_of(aid, eid) if eid else None) for rid, (aid, eid) in chosen.items()
    }
    return labels, ledger


def copy_labels(reports: list[dict[str, Any]], ledger: Ledger) -> dict[str, str | None]:
    labels: dict[str, str | None] = {}
    for r in reports:
        row = ledger.article(article_id(r["text"]))
        labels[r["id"]] = (row["duplicate_of"] or row["id"]) if row else None
    return labels


def _incident_of_label(
    reports: list[dict[str, Any]], labels: dict[str, str | None], label: str, ledger: Ledger
) -> Incident | None:
    """The predicted incident holding most of a gold incident's reports."""
    votes = Counter(i for r in reports if r["incident"] == label and (i := labels[r["id"]]))
    return ledger.incident(votes.most_common(1)[0][0]) if votes else None


def contradiction_scores(
    reports: list[dict[str, Any]], labels: dict[str, str | None], ledger: Ledger
) -> tuple[float, float]:
    """Precision and recall of flagging gold incidents whose reports give different figures."""
    incidents = {r["incident"] for r in reports if r["incident"]}
    expected = {
        label
        for label in incidents
        if len({q[1] for r in reports if r["incident"] == label for q in r["gold"]["quantities"]})
        > 1
    }
    flagged = set()
    for label in incidents:
        found = _incident_of_label(reports, labels, label, ledger)
        if found is not None and any(c["kind"] == "quantity" for c in found.contradictions):
            flagged.add(label)
    precision, recall, _ = prf(len(flagged & expected), len(flagged), len(expected))
    return precision, recall


def gold_independent(reports: list[dict[str, Any]], label: str) -> int:
    """Independent reports of a gold incident: copies and same-outlet reports merged."""
    members = [
        Mention(
            article_id=r["id"],
            event_id="E1",
            type="",
            copy_of=r["copy_of"] or r["id"],
            outlet=r["outlet"],
        )
        for r in reports
        if r["incident"] == label
    ]
    return independent_reports(members)


def independence_accuracy(
    reports: list[dict[str, Any]], labels: dict[str, str | None], ledger: Ledger
) -> float:
    """Share of gold incidents whose predicted incident counts the right independent reports."""
    incidents = sorted({r["incident"] for r in reports if r["incident"]})
    right = 0
    for label in incidents:
        found = _incident_of_label(reports, labels, label, ledger)
        right += found is not None and found.independent_sources == gold_independent(reports, label)
    return 100 * right / len(incidents) if incidents else 0.0


def _roll_up_metrics(
    report: EvalReport,
    mode: str,
    reports: list[dict[str, Any]],
    labels: dict[str, str | None],
    ledger: Ledger,
) -> None:
    precision, recall = contradiction_scores(reports, labels, ledger)
    report.metrics.append(Metric(f"Conflicting figures flagged, recall ({mode})", recall))
    report.metrics.append(Metric(f"Conflicting figures flagged, precision ({mode})", precision))
    report.metrics.append(
        Metric(
            f"Independent-report count exact ({mode})",
            independence_accuracy(reports, labels, ledger),
        )
    )


def end_to_end(reports: list[dict[str, Any]], config: EvalConfig) -> list[Analysis]:
    from newsledger.api import AnalyzeOptions, analyze_documents

    documents = [
        Document(
            text=r["text"],
            origin=r["id"],
            title=r.get("title"),
            outlet=r["outlet"],
            published=r["published"],
        )
        for r in reports
    ]
    options = AnalyzeOptions(model=config.model, jobs=config.jobs)
    return [a for a in analyze_documents(documents, options) if isinstance(a, Analysis)]


def run(config: EvalConfig) -> EvalReport:
    reports = load_reports(config)
    gold_incidents, gold_copies = gold_pairs(reports, "incident"), gold_pairs(reports, "copy_of")
    report = EvalReport(dataset="incidents (invented corpus)", items=len(reports))

    labels, ledger = group(reports, (gold_analysis(r) for r in reports))
    report.prf["grouping, gold mentions"] = score(predicted_pairs(labels), gold_incidents)
    report.prf["near copies"] = score(predicted_pairs(copy_labels(reports, ledger)), gold_copies)
    _roll_up_metrics(report, "gold mentions", reports, labels, ledger)
    ledger.close()

    analyses = end_to_end(reports, config)
    labels, ledger = group(reports, analyses)
    report.prf["grouping, end to end"] = score(predicted_pairs(labels), gold_incidents)
    _roll_up_metrics(report, "end to end", reports, labels, ledger)
    found = sum(1 for label in labels.values() if label)
    report.notes.append(
        f"end to end: {found}/{len(reports)} reports had an event of the expected type"
    )
    report.notes.append(
        f"gold: {len(gold_incidents)} same-incident pairs, {len(gold_copies)} copy pairs"
    )
    report.notes.append(
        "basis 'all': an invented corpus written for this test, too small to split; "
        "its figures check the logic and do not predict real reports"
    )
    ledger.close()
    return report
