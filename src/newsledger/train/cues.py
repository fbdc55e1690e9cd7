"""Train the cue model on the PolNeAR train split (averaged perceptron, CPU, seconds).

    python -m newsledger.train.cues ../shared/datasets/polnear [OUT] [CACHE]

CACHE (optional) is a DocBin file keeping the train parses between runs.

Every 8th train article (in name order) is held back, so that slice can check
changes without the model having seen it. Every verb of every other train article is an example; it
is positive when it is the
last verb of a gold Cue span of the first annotator. Training is deterministic
(fixed seed, fixed epochs). The weights, pruned to the useful ones, go to
`knowledge/cue_model.json` (or OUT).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from spacy.tokens import Doc

from newsledger.extract.sourcing.model import MODEL_FILE, Marks, features
from newsledger.extract.sourcing.quotes import find_quotes
from newsledger.knowledge import PACKAGE_DIR

SEED = 13
EPOCHS = 6
THRESHOLD = (
    -1.5
)  # a little below zero: recall is worth more than precision here (checked on dev and held)
HOLD_EVERY = 8  # train articles n with n % HOLD_EVERY == 0 are held back for checking
PRUNE = 0.5  # weights below this (in averaged update counts) change almost nothing


def parsed(texts: list[str], cache: Path | None) -> list[Doc]:
    """The parses of `texts`, read from (or written to) a DocBin `cache` file."""
    from spacy.tokens import DocBin

    from newsledger.nlp import load_pipeline

    nlp = load_pipeline()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(nlp.pipe(texts, batch_size=16))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs


def examples(root: Path, cache: Path | None = None) -> list[tuple[list[str], int]]:
    from newsledger.eval.score_polnear import load_items

    items = [it for n, it in enumerate(load_items(root, "train")) if n % HOLD_EVERY]
    out: list[tuple[list[str], int]] = []
    for item, doc in zip(items, parsed([i.text for i in items], cache)):
        heads = set()  # the last verb of each gold cue ("went on to criticize": criticize)
        for start, end in item.gold["Cue"]:
            span = doc.char_span(start, end, alignment_mode="expand")
            verbs = [t for t in span if t.pos_ == "VERB"] if span is not None else []
            if verbs:
                heads.add(verbs[-1].i)
        quotes = find_quotes(item.text)
        marks = Marks.of(doc)
        for tok in doc:
            if tok.pos_ != "VERB":
                continue
            quoted = any(q.start <= tok.idx < q.end for q in quotes)
            out.append((features(tok, quoted, marks), int(tok.i in heads)))
    return out


def train(data: list[tuple[list[str], int]]) -> dict[str, float]:
    """Averaged perceptron with labels +1/-1."""
    w: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    stamp: dict[str, int] = defaultdict(int)
    rng = random.Random(SEED)
    step = 0
    order = list(range(len(data)))
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            step += 1
            feats, label = data[i]
            y = 1 if label else -1
            if y * sum(w[f] for f in feats) <= 0:
                for f in feats:
                    total[f] += (step - stamp[f]) * w[f]
                    stamp[f] = step
                    w[f] += y
    for f, value in w.items():
        total[f] += (step - stamp[f]) * value
    return {f: total[f] / step for f in w}


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path("../shared/datasets/polnear")
    out = Path(argv[1]) if len(argv) > 1 else PACKAGE_DIR / MODEL_FILE
    data = examples(root, Path(argv[2]) if len(argv) > 2 else None)
    weights = train(data)
    kept = {f: round(v, 2) for f, v in sorted(weights.items()) if abs(v) >= PRUNE}
    out.write_text(
        json.dumps(
            {"threshold": THRESHOLD, "seed": SEED, "epochs": EPOCHS, "weights": kept},
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(data)} verbs, {len(kept)} weights -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
