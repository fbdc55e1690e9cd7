"""Train the attribution span tagger on the PolNeAR train split (CRF, CPU, minutes).

    python -m newsledger.train.tagger ../shared/datasets/polnear [--out DIR]

Like the cue model, every 8th train article (name order) is held back for
checking. Each paragraph of every other article is a sequence; each token's
features come from `tagger.doc_features` (which includes what the parse rules
found), and its label is B/I/L/U/O of the first annotator's spans of one kind,
trimmed the way the scorer trims them. Where gold spans of one kind nest, the
longer one is kept. L-BFGS is deterministic, so the same data gives the same
weights. One model per label goes to `knowledge/attribution_<label>.crfsuite`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from newsledger.eval.score_polnear import Item
from newsledger.extract.sourcing.attribute import find_attributions
from newsledger.extract.sourcing.tagger import (
    CLUSTERS_FILE,
    LABELS,
    Features,
    doc_features,
    model_path,
    nearest_centroid,
    paragraphs,
)
from newsledger.knowledge import PACKAGE_DIR
from newsledger.train.cues import HOLD_EVERY, parsed

# Elastic net, strong: weaker settings (c1 0.05-0.3, c2 1) fit the train split better and
# held-out text worse. Cue and Content gain from more L2 (c2 3: about +1 Content F1 on the
# held slice), Source loses a little (c2 5: -0.2), so it keeps c2 1.
PARAMS = {"c1": 1.0, "c2": 3.0, "max_iterations": 150, "feature.possible_transitions": True}
LABEL_PARAMS = {"Source": {"c2": 1.0}}
SCHEME = "BILOU"  # last (L) and single-token (U) tags help the CRF end spans where they end
MIN_FREQ = 2
SEED = 13
COARSE, FINE = 32, 8  # word classes from the parser's vectors: 32, each split in 8
KMEANS_SAMPLE = 200_000  # token vectors the centroids are fitted on
KMEANS_ROUNDS = 20  # features seen once in the train split carry noise, not knowledge


def gold_tags(doc: Doc, spans: set[tuple[int, int]]) -> list[str]:
    """B/I/O of one label's gold spans over the tokens; nested spans keep the longer."""
    from newsledger.eval.score_polnear import trim

    text = doc.text
    tags = ["O"] * len(doc)
    for start, end in sorted((trim(text, *s) for s in spans), key=lambda s: s[0] - s[1]):
        span = doc.char_span(start, end, alignment_mode="expand")
        if (
            span is None
            or len(span) == 0
            or any(tags[i] != "O" for i in range(span.start, span.end))
        ):
            continue
        for i in range(span.start, span.end):
            tags[i] = "I"
        tags[span.start] = "B"
        if SCHEME == "BILOU":
            tags[span.end - 1] = "L" if len(span) > 1 else "U"
    return tags


def fit_centroids(vectors: np.ndarray, k: int) -> np.ndarray:
    """k-means (Lloyd, seeded start, fixed rounds) over token vectors."""
    rng = np.random.default_rng(SEED)
    table = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    for _ in range(KMEANS_ROUNDS):
        ids = nearest_centroid(vectors, table)
        for c in range(k):
            members = vectors[ids == c]
            if len(members):
                table[c] = members.mean(axis=0)
    return table


def vector_tables(docs: list[Doc]) -> tuple[np.ndarray, ...]:
    """Coarse centroids, and sub-centroids within each coarse class (coarse ×
    sub × dims), from a sample of the training tokens' vectors."""
    rows = np.concatenate(
        [np.asarray(d.tensor, dtype=np.float32) for d in docs if d.tensor.shape[0] == len(d)]
    )
    rng = np.random.default_rng(SEED)
    sample = rows[rng.choice(len(rows), size=min(len(rows), KMEANS_SAMPLE), replace=False)]
    coarse = fit_centroids(sample, COARSE)
    ids = nearest_centroid(sample, coarse)
    fine = np.stack(
        [
            fit_centroids(sample[ids == c], FINE)
            if (ids == c).sum() >= FINE
            else np.repeat(coarse[c : c + 1], FINE, axis=0)
            for c in range(COARSE)
        ]
    )
    return coarse, fine


def training_docs(root: Path) -> tuple[list[Item], list[Doc]]:
    """The training articles and their parses (fresh: the parser's vectors are
    features, and a DocBin cache does not keep them)."""
    from newsledger.eval.score_polnear import load_items

    items = [it for n, it in enumerate(load_items(root, "train")) if n % HOLD_EVERY]
    return items, parsed([i.text for i in items], None)


def sequences(
    items: list[Item], docs: list[Doc], tables: tuple[np.ndarray, ...]
) -> list[tuple[Features, dict[str, list[str]]]]:
    """(features, {label: tags}) for each paragraph of the training articles."""
    out = []
    for item, doc in zip(items, docs):
        feats = doc_features(doc, find_attributions(doc, learned=False), tables)
        tags = {label: gold_tags(doc, item.gold[label]) for label in LABELS}
        for lo, hi in paragraphs(doc):
            out.append((feats[lo:hi], {label: tags[label][lo:hi] for label in LABELS}))
    return out


def train_label(data: list[tuple[Features, dict[str, list[str]]]], label: str, out: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**PARAMS, **LABEL_PARAMS.get(label, {}), "feature.minfreq": MIN_FREQ})
    for feats, tags in data:
        trainer.append(feats, tags[label])
    trainer.train(str(out))
    print(f"{label}: {out.stat().st_size // 1024} KB -> {out}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="train_tagger", description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default="../shared/datasets/polnear", type=Path)
    ap.add_argument("--out", type=Path, default=PACKAGE_DIR, help="folder for the .crfsuite files")
    ap.add_argument("--label", choices=LABELS, action="append", help="train only this label")
    args = ap.parse_args(argv)
    items, docs = training_docs(args.data)
    tables = vector_tables(docs)
    np.savez(args.out / CLUSTERS_FILE, coarse=tables[0], fine=tables[1])
    data = sequences(items, docs, tables)
    print(f"{len(data)} paragraphs, {sum(len(f) for f, _ in data)} tokens")
    for label in args.label or LABELS:
        train_label(data, label, model_path(label, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
