"""Train the place ranker (geo/ranker.py) on the tune part of GeoWebNews.

    python -m newsledger.train.places ../shared/datasets/geowebnews [OUT]

Every toponym the pipeline finds in a tune-part article that overlaps a gold
toponym with coordinates is an example: its gazetteer candidates are labelled
right when within 161 km of the gold point. Examples where every candidate is
right or none is carry nothing and are left out. The ranker is a softmax over
the candidates (full-batch gradient descent from zero weights: deterministic);
its L2 strength and whether it uses the rules' own score as a feature are
chosen by 5-fold cross-validation over the tune part's articles
(split.fold_of), never by the check part, which is only scored at the end,
beside the rules, for the record. The weights go to
`knowledge/place_ranker.json` (or OUT), marked enabled only when the
cross-validated choices beat the rules' on the same examples.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsledger.eval.score_geowebnews import DATASET, RADIUS_KM, GoldArticle, GoldToponym, read_gold
from newsledger.eval.split import fold_of, split
from newsledger.geo.gazetteer import Candidate
from newsledger.geo.ranker import FEATURES, MODEL_FILE
from newsledger.geodesy import distance_km
from newsledger.knowledge import PACKAGE_DIR

STEPS = 300
RATE = 1.0
STRENGTHS = (0.001, 0.01, 0.1)
RULES_SCORE = FEATURES.index("rules_score")


@dataclass
class Example:
    article: str
    x: np.ndarray  # candidates x features
    right: np.ndarray  # which candidates lie within 161 km of the gold point
    rule: int  # the rules' choice (index)


def _gold(start: int, end: int, toponyms: tuple[GoldToponym, ...]) -> GoldToponym | None:
    hits = [(min(end, t.end) - max(start, t.start), t) for t in toponyms]
    hits = [(o, t) for o, t in hits if o > 0 and t.lat is not None and t.lon is not None]
    return max(hits, key=lambda ot: ot[0])[1] if hits else None


def _within(lat: float, lon: float, c: Candidate) -> bool:
    return (
        c.lat is not None and c.lon is not None and distance_km(lat, lon, c.lat, c.lon) <= RADIUS_KM
    )


def examples(articles: list[GoldArticle]) -> list[Example]:
    """The informative choices the rules face in these articles."""
    from newsledger.extract.places import toponym_queries
    from newsledger.geo.gazetteer import default_gazetteer
    from newsledger.geo.resolve import resolve
    from newsledger.nlp import load_pipeline

    nlp, gazetteer = load_pipeline(), default_gazetteer()
    out = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        toponyms, queries = toponym_queries(doc, gazetteer)
        record: list[list[tuple[Candidate, list[float]]]] = []
        resolve(gazetteer, [q for q, _whole in queries], record=record)
        for toponym, ranked in zip(toponyms, record):
            span = doc[toponym.start : toponym.end]
            gold = _gold(span.start_char, span.end_char, article.toponyms)
            if gold is None or gold.lat is None or gold.lon is None or len(ranked) < 2:
                continue
            right = np.array([_within(gold.lat, gold.lon, c) for c, _f in ranked], dtype=float)
            if 0 < right.sum() < len(right):
                x = np.array([f for _c, f in ranked])
                out.append(Example(article.name, x, right, int(np.argmax(x[:, RULES_SCORE]))))
    return out


def train(data: list[Example], strength: float, mask: np.ndarray) -> np.ndarray:
    w = np.zeros(len(FEATURES))
    for _ in range(STEPS):
        grad = strength * len(data) * w
        for ex in data:
            scores = ex.x @ w
            p = np.exp(scores - scores.max())
            p /= p.sum()
            q = p * ex.right
            q /= q.sum()
            grad += ex.x.T @ (p - q)
        w -= RATE * (grad * mask) / len(data)
    return w


def right_share(data: list[Example], w: np.ndarray | None) -> float:
    if not data:
        return 0.0
    hits = sum(ex.right[int(np.argmax(ex.x @ w)) if w is not None else ex.rule] for ex in data)
    return 100 * float(hits) / len(data)


def cross_validated(data: list[Example], strength: float, mask: np.ndarray) -> float:
    hits = 0.0
    for fold in range(5):
        held = [ex for ex in data if fold_of(DATASET, ex.article) == fold]
        w = train([ex for ex in data if fold_of(DATASET, ex.article) != fold], strength, mask)
        hits += sum(ex.right[int(np.argmax(ex.x @ w))] for ex in held)
    return 100 * hits / len(data) if data else 0.0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[1]) if len(argv) > 1 else PACKAGE_DIR / MODEL_FILE
    tune, check = split(DATASET, read_gold(Path(argv[0])), lambda a: a.name)
    data = examples(tune)
    with_rules = np.ones(len(FEATURES))
    without_rules = with_rules.copy()
    without_rules[RULES_SCORE] = 0.0
    settings = [
        (s, name, m)
        for s in STRENGTHS
        for name, m in (("with", with_rules), ("without", without_rules))
    ]
    cv = {(s, name): cross_validated(data, s, m) for s, name, m in settings}
    strength, name, mask = max(settings, key=lambda t: (cv[(t[0], t[1])], t[1] == "without", t[0]))
    w = train(data, strength, mask)
    rules = right_share(data, None)
    print(
        f"tune part: {len(tune)} articles, {len(data)} informative choices; rules right on "
        f"{rules:.1f}%"
    )
    for (s, n), value in cv.items():
        print(f"  L2 {s:g}, {n} the rules' score: cross-validated {value:.1f}%")
    held = examples(check)
    print(
        f"check part (scored once, for the record): {len(held)} choices, rules "
        f"{right_share(held, None):.1f}%, "
        f"ranker {right_share(held, w):.1f}%"
    )
    best = cv[(strength, name)]
    enabled = best > rules
    about = (
        "Place ranker (geo/ranker.py): softmax weights over gazetteer candidates, learned by "
        f"`make train-places` from the GeoWebNews tune part ({len(tune)} articles, {len(data)} "
        f"choices, L2 {strength:g}, {name} the rules' score). Cross-validated {best:.1f}% against "
        f"the rules' {rules:.1f}%: " + ("enabled." if enabled else "not enabled, the rules decide.")
    )
    record = {
        "about": about,
        "enabled": bool(enabled),
        "cross_validated": round(best, 2),
        "rules": round(rules, 2),
        "weights": {f: round(float(v), 5) for f, v in zip(FEATURES, w)},
    }
    out.write_text(json.dumps(record, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out} ({'enabled' if enabled else 'not enabled: the rules decide'})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
