"""Error analysis of the sourcing extractor on PolNeAR (a dev tool, not shipped).

    .venv/bin/python scripts/errors_polnear.py dev            # scores + error categories (dev's tune part)
    .venv/bin/python scripts/errors_polnear.py held --dump 40  # + examples of each category

Parses are cached under /tmp/polnear_cache (a DocBin and the parser's vectors) so
a rerun takes seconds.
`held` is the held-back train slice (every 8th train article in name order),
which the cue model does not train on. `dev` is dev's tune part only: its check
part is scored by `newsledger eval polnear`, never read (src/newsledger/eval/PROTOCOL.md).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from spacy.tokens import DocBin

from newsledger.eval.score_polnear import (
    DATASET,
    LABELS,
    Scores,
    load_items,
    report,
    score_item,
    trim,
)
from newsledger.eval.split import split as split_parts
from newsledger.extract.sourcing import cues, model
from newsledger.extract.sourcing.attribute import find_attributions
from newsledger.extract.sourcing.cues import is_cue_verb
from newsledger.nlp import load_pipeline

ROOT = Path("../shared/datasets/polnear")
CACHE = Path("/tmp/polnear_cache")


def items_of(split: str):
    if split == "held":
        return [it for n, it in enumerate(load_items(ROOT, "train")) if n % 8 == 0]
    if split == "trainrest":
        return [it for n, it in enumerate(load_items(ROOT, "train")) if n % 8 != 0]
    if split == "dev":
        return split_parts(DATASET, load_items(ROOT, "dev"), lambda item: item.name)[0]
    return load_items(ROOT, split)


def docs_of(split: str, items):
    """Parses of the split, cached as a DocBin plus the parser's vectors (a DocBin
    drops `doc.tensor`, and the span tagger's word classes are read from it)."""
    nlp = load_pipeline()
    name = "dev-tune" if split == "dev" else split  # not the cache of the whole of dev
    path, vectors = CACHE / f"{name}.spacy", CACHE / f"{name}.tensors.npz"
    if path.exists() and vectors.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        with np.load(vectors) as saved:
            for n, doc in enumerate(docs):
                doc.tensor = saved[f"d{n}"]
        return docs
    CACHE.mkdir(exist_ok=True)
    docs = list(nlp.pipe((i.text for i in items), batch_size=16))
    bin_ = DocBin(store_user_data=False)
    for d in docs:
        bin_.add(d)
    bin_.to_disk(path)
    np.savez(vectors, **{f"d{n}": d.tensor.astype(np.float32) for n, d in enumerate(docs)})
    return docs


def predict(doc, learned: bool = False) -> dict[str, set[tuple[int, int]]]:
    spans = {k: set() for k in LABELS}
    for f in find_attributions(doc, learned=learned):
        if f.source is not None:
            spans["Source"].add(f.source)
        if f.cue is not None:
            spans["Cue"].add(f.cue)
        spans["Content"].add(f.content)
    return spans


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("--dump", type=int, default=0)
    ap.add_argument("--label", default="Cue")
    ap.add_argument("--margin", type=float, default=None)
    ap.add_argument("--model", default=None, help="a cue_model.json to use instead of the shipped one")
    ap.add_argument("--tagger", action="store_true", help="add the learned span tagger")
    args = ap.parse_args()
    if args.margin is not None:
        cues.MARGIN = args.margin
    if args.model:
        import json
        data = json.loads(Path(args.model).read_text())
        model.weights = lambda: {str(k): float(v) for k, v in data["weights"].items()}
        model.threshold = lambda: float(data.get("threshold", 0.0))
    items = items_of(args.split)
    docs = docs_of(args.split, items)
    scores = Scores()
    misses: Counter[str] = Counter()
    fps: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for item, doc in zip(items, docs):
        pred = predict(doc, args.tagger)
        score_item(item.text, item.gold, pred, scores)
        text = item.text
        g = {trim(text, *s) for s in item.gold[args.label]}
        p = {trim(text, *s) for s in pred[args.label]}
        for s in g - p:
            near = [q for q in p if q[0] < s[1] and s[0] < q[1]]
            cat = category(doc, s, near, "miss")
            misses[cat] += 1
            examples.setdefault(cat, []).append(show(text, s, near))
        for s in p - g:
            near = [q for q in g if q[0] < s[1] and s[0] < q[1]]
            cat = category(doc, s, near, "fp")
            fps[cat] += 1
            examples.setdefault(cat, []).append(show(text, s, near))
    out = report(scores, len(items))
    for name, (p, r, f) in out.prf.items():
        print(f"{name:18s} P {p:5.1f} R {r:5.1f} F {f:5.1f}")
    print(f"\n{args.label} misses:", misses.most_common())
    print(f"{args.label} false positives:", fps.most_common())
    if args.dump:
        for cat, exs in sorted(examples.items()):
            print(f"\n=== {cat} ({len(exs)})")
            for e in exs[: args.dump]:
                print("  ", e)
    return 0


def category(doc, span, near, side: str) -> str:
    chars = doc.char_span(span[0], span[1], alignment_mode="expand")
    rel = "boundary" if near else "none"
    if chars is None:
        return f"{side}:{rel}:?"
    if len(chars) > 6:
        return f"{side}:{rel}:long"
    verbs = [t for t in chars if t.pos_ == "VERB"]
    if verbs:
        v = verbs[-1]
        why = "cue" if is_cue_verb(v) else "notcue"
        return f"{side}:{rel}:verb:{why}"
    if any(t.lower_ == "according" for t in chars):
        return f"{side}:{rel}:according"
    return f"{side}:{rel}:" + "-".join(sorted({t.pos_ for t in chars if not t.is_punct}))


def show(text: str, span, near) -> str:
    ctx = text[max(0, span[0] - 60):span[0]] + "[[" + text[span[0]:span[1]] + "]]" + text[span[1]:span[1] + 60]
    alt = " | other: " + " / ".join(text[a:b][:80] for a, b in near) if near else ""
    return ctx.replace("\n", " ")[:400] + alt


if __name__ == "__main__":
    sys.exit(main())
