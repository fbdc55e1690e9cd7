"""Train the attribution span tagger on the PolNeAR train split (CRF, CPU, minutes).

    python -m newsledger.extract.sourcing.train_tagger ../shared/datasets/polnear [--out DIR] [--cache FILE]

Like the cue model, every 8th train article (name order) is held back for
checking. Each paragraph of every other article is a sequence; each token's
features come from `tagger.doc_features` (which includes what the parse rules
found), and its label is B/I/O of the first annotator's spans of one kind,
trimmed the way the scorer trims them. Where gold spans of one kind nest, the
longer one is kept. L-BFGS is deterministic, so the same data gives the same
weights. One model per label goes to `knowledge/attribution_<label>.crfsuite`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spacy.tokens import Doc

from newsledger.extract.sourcing.attribute import find_attributions
from newsledger.extract.sourcing.tagger import LABELS, Features, doc_features, model_path, paragraphs
from newsledger.extract.sourcing.train_cues import HOLD_EVERY, parsed
from newsledger.knowledge import PACKAGE_DIR

# Elastic net: L1 drops most of the sparse features (a small file), L2 steadies the rest.
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
MIN_FREQ = 2  # features seen once in the train split carry noise, not knowledge


def gold_tags(doc: Doc, spans: set[tuple[int, int]]) -> list[str]:
    """B/I/O of one label's gold spans over the tokens; nested spans keep the longer."""
    from newsledger.eval.score_polnear import trim

    text = doc.text
    tags = ["O"] * len(doc)
    for start, end in sorted((trim(text, *s) for s in spans), key=lambda s: s[0] - s[1]):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0 or any(tags[i] != "O" for i in range(span.start, span.end)):
            continue
        tags[span.start] = "B"
        for i in range(span.start + 1, span.end):
            tags[i] = "I"
    return tags


def sequences(root: Path, cache: Path | None) -> list[tuple[Features, dict[str, list[str]]]]:
    """(features, {label: tags}) for each paragraph of the training articles."""
    from newsledger.eval.score_polnear import load_items

    items = [it for n, it in enumerate(load_items(root, "train")) if n % HOLD_EVERY]
    out = []
    for item, doc in zip(items, parsed([i.text for i in items], cache)):
        feats = doc_features(doc, find_attributions(doc, learned=False))
        tags = {label: gold_tags(doc, item.gold[label]) for label in LABELS}
        for lo, hi in paragraphs(doc):
            out.append((feats[lo:hi], {label: tags[label][lo:hi] for label in LABELS}))
    return out


def train_label(data: list[tuple[Features, dict[str, list[str]]]], label: str, out: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**PARAMS, "feature.minfreq": MIN_FREQ})
    for feats, tags in data:
        trainer.append(feats, tags[label])
    trainer.train(str(out))
    print(f"{label}: {out.stat().st_size // 1024} KB -> {out}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="train_tagger", description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default="../shared/datasets/polnear", type=Path)
    ap.add_argument("--out", type=Path, default=PACKAGE_DIR, help="folder for the .crfsuite files")
    ap.add_argument("--cache", type=Path, default=None, help="DocBin file keeping the train parses")
    ap.add_argument("--label", choices=LABELS, action="append", help="train only this label")
    args = ap.parse_args(argv)
    data = sequences(args.data, args.cache)
    print(f"{len(data)} paragraphs, {sum(len(f) for f, _ in data)} tokens")
    for label in args.label or LABELS:
        train_label(data, label, model_path(label, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
