"""`newsledger eval geowebnews`: toponym recognition and resolution on GeoWebNews.

Gold: ``GWN.xml`` (Gritta et al., "A Pragmatic Guide to Geoparsing
Evaluation"): 100 articles, each toponym with its character offsets, type and,
for real toponyms, GeoNames coordinates. The toponyms scored are the types the
guide counts as locations (literal, metonymic, mixed, modifiers, embedded,
coercion); demonyms used as nouns, languages, homonyms and expressions are not.

- Recognition: a predicted place is correct when it overlaps a gold toponym; a
  gold toponym is found when some place overlaps it. P, R, F1 over spans.
- Resolution: for every found gold toponym that has coordinates, the place
  that overlaps it most must lie within 161 km (100 miles) of the gold point.
  Acc@161km is over those found toponyms; the end-to-end figure (over every
  gold toponym with coordinates, unfound counting as wrong) is a note.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.api import AnalyzeOptions, analyze_documents
from newsledger.errors import EvalError
from newsledger.eval import EvalConfig, EvalReport, Metric, by_part, prf, require
from newsledger.eval.split import split
from newsledger.geodesy import distance_km
from newsledger.ingest.document import Document
from newsledger.models import Analysis, Place

DEFAULT = Path("../shared/datasets/geowebnews")
TOPONYM_TYPES = {
    "Literal",
    "Mixed",
    "Metonymic",
    "Non_Literal_Modifier",
    "Literal_Modifier",
    "Embedded_Literal",
    "Embedded_Non_Lit",
    "Coercion",
}
RADIUS_KM = 161.0
DATASET = "geowebnews"  # the split's name for this set (never change: it re-draws the split)


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    kind: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(node: ET.Element, tag: str) -> float | None:
    value = node.findtext(tag)
    return float(value) if value not in (None, "") else None


def read_gold(path: Path) -> list[GoldArticle]:
    """The articles of GWN.xml (a folder holding it, or the file itself)."""
    file = path / "GWN.xml" if path.is_dir() else path
    try:
        root = ET.parse(file).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalError(f"{file}: cannot read GeoWebNews ({exc})") from exc
    articles = []
    for node in root.iter("article"):
        toponyms = tuple(
            GoldToponym(
                int(t.findtext("start") or 0),
                int(t.findtext("end") or 0),
                t.findtext("extractedName") or "",
                t.findtext("type") or "",
                _float(t, "latitude"),
                _float(t, "longitude"),
            )
            for t in node.iter("toponym")
            if t.findtext("type") in TOPONYM_TYPES
        )
        articles.append(GoldArticle(node.get("file", ""), node.findtext("text") or "", toponyms))
    return articles


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _best(gold: GoldToponym, places: list[Place]) -> Place | None:
    scored = [(_overlap(gold.start, gold.end, p.start, p.end), p) for p in places]
    scored = [(o, p) for o, p in scored if o > 0]
    return max(scored, key=lambda op: op[0])[1] if scored else None


@dataclass
class Tally:
    predicted: int = 0
    predicted_ok: int = 0
    gold: int = 0
    gold_found: int = 0
    resolvable: int = 0  # gold with coordinates
    resolvable_found: int = 0
    within: int = 0
    errors_km: list[float] | None = None

    def add(self, gold: GoldArticle, analysis: Analysis) -> None:
        places = analysis.places
        self.predicted += len(places)
        self.predicted_ok += sum(
            any(_overlap(p.start, p.end, g.start, g.end) for g in gold.toponyms) for p in places
        )
        for toponym in gold.toponyms:
            self.gold += 1
            place = _best(toponym, places)
            self.gold_found += place is not None
            if toponym.lat is None or toponym.lon is None:
                continue
            self.resolvable += 1
            if place is None:
                continue
            self.resolvable_found += 1
            km = (
                distance_km(toponym.lat, toponym.lon, place.lat, place.lon)
                if place.lat is not None and place.lon is not None
                else math.inf
            )
            self.within += km <= RADIUS_KM
            if self.errors_km is not None:
                self.errors_km.append(km)


def _documents(articles: list[GoldArticle]) -> Iterator[Document]:
    for article in articles:
        yield Document(text=article.text, origin=f"GWN.xml#{article.name}")


def article_key(pair: tuple[GoldArticle, Analysis]) -> str:
    """The split key: the article's id in GWN.xml."""
    return pair[0].name


def analysed(config: EvalConfig) -> list[tuple[GoldArticle, Analysis]]:
    path = require(config.data or DEFAULT, "geowebnews")
    articles = read_gold(path)[: config.limit] if config.limit else read_gold(path)
    options = AnalyzeOptions(model=config.model, jobs=config.jobs)
    pairs = []
    for gold, outcome in zip(articles, analyze_documents(_documents(articles), options)):
        if not isinstance(outcome, Analysis):
            raise EvalError(f"geowebnews: article {gold.name} could not be analysed ({outcome})")
        pairs.append((gold, outcome))
    return pairs


def tally_of(pairs: list[tuple[GoldArticle, Analysis]]) -> Tally:
    tally = Tally(errors_km=[])
    for gold, analysis in pairs:
        tally.add(gold, analysis)
    return tally


def run(config: EvalConfig) -> EvalReport:
    pairs = analysed(config)
    tune, check = split(DATASET, pairs, article_key)
    report = _report(tally_of(check), len(pairs))
    report.metrics = by_part(DATASET, pairs, article_key, lambda part: _metrics(tally_of(part)))
    report.notes.insert(
        0,
        f"check part: {len(check)} articles, tune part: {len(tune)} (split by article id); "
        "the table and counts below are the check part's",
    )
    return report


def _metrics(tally: Tally) -> list[Metric]:
    _p, _r, f = prf(tally.predicted_ok, tally.predicted, tally.gold)
    found = tally.resolvable_found
    acc = 100 * tally.within / found if found else 0.0
    overall = 100 * tally.within / tally.resolvable if tally.resolvable else 0.0
    errors = sorted(tally.errors_km or [])
    median = errors[len(errors) // 2] if errors else 0.0
    return [
        Metric("Toponym recognition F1 (overlap)", f, target=85.0),
        Metric(
            "Acc@161km of found gold toponyms",
            acc,
            target=92.0,
            published="mordecai3 94.1 (on gold toponyms)",
        ),
        Metric("Acc@161km end to end (unfound = wrong)", overall),
        Metric("Median error of found toponyms", median, unit="km"),
    ]


def _report(tally: Tally, items: int) -> EvalReport:
    p, r, f = prf(tally.predicted_ok, tally.predicted, tally.gold)
    found = tally.resolvable_found
    report = EvalReport(dataset="geowebnews", items=items)
    report.prf["Toponym recognition (overlap)"] = (p, r, f)
    report.metrics += _metrics(tally)
    report.notes += [
        (
            f"{tally.gold} gold toponyms, {tally.gold_found} found; {tally.predicted} places "
            f"predicted, {tally.predicted_ok} overlapping a gold toponym."
        ),
        (
            f"{tally.resolvable} gold toponyms have coordinates; {found} were found, "
            f"{tally.within} of them resolved within {RADIUS_KM:.0f} km."
        ),
    ]
    return report
