"""Train the date anchoring model (extract/timeanchor.py) on the tune part of TimeBank.

    python -m newsledger.train.dates ../shared/datasets/tempeval3/TimeBank [OUT]

Every weekday, month and year-less date of a tune-part document that overlaps a
gold DATE is an example; its candidates (past or future of the publication
date, in its year, or the same counted from the paragraph's last date) are
labelled by whether they carry the gold value. Examples where every candidate
is right or none is carry nothing and are left out. The model is a softmax over
the candidates (full-batch gradient descent from zero weights: deterministic);
its L2 strength is chosen by 5-fold cross-validation over the tune part's
documents (split.fold_of), never by the check part, which is only scored at
the end, beside the rules, for the record. The weights go to
`knowledge/date_anchor_model.json` (or OUT), marked enabled only when the
cross-validated choices beat the rules' on the same examples: a learned part
earns its place on data it was not fitted to, or the rules keep deciding.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsledger.eval.score_timebank import DATASET, Item, Timex, items, overlap, value_matches
from newsledger.eval.split import fold_of, split
from newsledger.extract import timeres as tr
from newsledger.extract.timeanchor import MODEL_FILE, Choice
from newsledger.knowledge import PACKAGE_DIR
from newsledger.models import Time

STEPS = 400
RATE = 0.5
STRENGTHS = (0.001, 0.01, 0.1)  # L2 per example, chosen by cross-validation on the tune part
PRUNE = 1e-4


@dataclass
class Example:
    document: str
    names: list[dict[str, float]]  # each candidate's features
    right: list[bool]  # which candidates carry the gold value
    rule: int  # the rules' choice (index)


def as_time(choice: Choice) -> Time:
    value, end_value, precision = tr.fields(choice.option.period)
    return Time(
        id="T0",
        start=0,
        end=0,
        text="",
        value=value,
        end_value=end_value,
        precision=precision,  # type: ignore[arg-type]
    )


def gold_for(start: int, end: int, timexes: list[Timex]) -> Timex | None:
    dates = [t for t in timexes if t.type == "DATE" and overlap(start, end, t.start, t.end)]
    return max(dates, key=lambda t: overlap(start, end, t.start, t.end)) if dates else None


def examples(docs: list[Item]) -> list[Example]:
    """The informative choices the rules face in these documents."""
    from datetime import date

    from newsledger.extract.times import resolve
    from newsledger.nlp import load_pipeline

    nlp = load_pipeline()
    out = []
    for item, doc in zip(docs, nlp.pipe(i.text for i in docs)):
        if item.dct is None:
            continue
        record: list = []  # type: ignore[type-arg]
        resolve(doc, date.fromisoformat(item.dct), item.text, record=record)
        for found, choices in record:
            gold = gold_for(found.start, found.end, item.timexes)
            if gold is None:
                continue
            right = [value_matches(gold.value, as_time(c)) for c in choices]
            if any(right) and not all(right):
                rule = next(i for i, c in enumerate(choices) if c.option.rule)
                out.append(Example(item.name, [c.features for c in choices], right, rule))
    return out


def matrices(data: list[Example], index: dict[str, int]) -> list[np.ndarray]:
    out = []
    for ex in data:
        m = np.zeros((len(ex.names), len(index)))
        for row, feats in enumerate(ex.names):
            for name, value in feats.items():
                if name in index:
                    m[row, index[name]] = value
        out.append(m)
    return out


def train(data: list[Example], strength: float) -> dict[str, float]:
    names = sorted({n for ex in data for feats in ex.names for n in feats})
    index = {n: i for i, n in enumerate(names)}
    xs = matrices(data, index)
    targets = [np.array(ex.right, dtype=float) for ex in data]
    w = np.zeros(len(names))
    for _ in range(STEPS):
        grad = strength * len(data) * w
        for x, right in zip(xs, targets):
            scores = x @ w
            p = np.exp(scores - scores.max())
            p /= p.sum()
            q = p * right
            q /= q.sum()
            grad += x.T @ (p - q)
        w -= RATE * grad / len(data)
    return {n: round(float(v), 5) for n, v in zip(names, w) if abs(v) >= PRUNE}


def pick(ex: Example, w: dict[str, float]) -> int:
    scores = [sum(w.get(n, 0.0) * v for n, v in feats.items()) for feats in ex.names]
    best = max(range(len(scores)), key=lambda i: (scores[i], i == ex.rule))
    return best


def accuracy(data: list[Example], w: dict[str, float] | None) -> float:
    if not data:
        return 0.0
    right = sum(ex.right[pick(ex, w) if w is not None else ex.rule] for ex in data)
    return 100 * right / len(data)


def cross_validated(data: list[Example], strength: float) -> float:
    right = 0
    for fold in range(5):
        held = [ex for ex in data if fold_of(DATASET, ex.document) == fold]
        model = train([ex for ex in data if fold_of(DATASET, ex.document) != fold], strength)
        right += sum(ex.right[pick(ex, model)] for ex in held)
    return 100 * right / len(data) if data else 0.0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    path = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else PACKAGE_DIR / MODEL_FILE
    tune, check = split(DATASET, list(items(path, None)), lambda item: item.name)
    data = examples(tune)
    cv = {s: cross_validated(data, s) for s in STRENGTHS}
    strength = max(STRENGTHS, key=lambda s: (cv[s], s))
    w = train(data, strength)
    print(
        f"tune part: {len(tune)} documents, {len(data)} informative choices; rules right on "
        f"{accuracy(data, None):.1f}%"
    )
    for s in STRENGTHS:
        print(f"  L2 {s:g}: cross-validated {cv[s]:.1f}%")
    print(f"chosen L2 {strength:g}: {len(w)} weights")
    held = examples(check)
    print(
        f"check part (scored once, for the record): {len(held)} choices, rules "
        f"{accuracy(held, None):.1f}%, "
        f"model {accuracy(held, w):.1f}%"
    )
    rules = accuracy(data, None)
    enabled = cv[strength] > rules
    about = (
        "Date anchoring model (extract/timeanchor.py): softmax weights over candidate readings, "
        f"learned by `make train-dates` from the TimeBank tune part ({len(tune)} documents, "
        f"{len(data)} choices, L2 {strength:g}). Cross-validated {cv[strength]:.1f}% against the "
        f"rules' {rules:.1f}%: " + ("enabled." if enabled else "not enabled, the rules decide.")
    )
    record = {
        "about": about,
        "enabled": enabled,
        "cross_validated": round(cv[strength], 2),
        "rules": round(rules, 2),
        "weights": dict(sorted(w.items())),
    }
    out.write_text(json.dumps(record, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out} ({'enabled' if enabled else 'not enabled: the rules decide'})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
