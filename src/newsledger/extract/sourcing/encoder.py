"""The accurate mode: Source, Cue and Content spans from a fine-tuned encoder.

A MiniLM encoder (sentence-transformers/all-MiniLM-L6-v2, 6 layers, 384 wide),
fine-tuned on the PolNeAR train split for token classification
(`newsledger.train.accurate`, `make train-accurate`), tags each word piece
O/B/I for each of the three labels (they nest: a content holds sources and
cues of its own, so each label has its own head). It is shipped quantised as
ONNX (`knowledge/accurate_model.onnx`, 4-bit embeddings and 8-bit matrices in blocks
of 128) with its word-piece vocabulary
(`knowledge/accurate_tokenizer.json`) and runs on onnxruntime and tokenizers:
no torch at run time. Those two come with the `accurate` extra; without them
`--accurate` stops with one line (`AccurateUnavailable`).

Each paragraph (the CRF tagger's sequences) is cut into windows of at most
`MAX_PIECES` word pieces, preferably after a sentence's last piece; the
windows run one by one (`BATCH`: the cheapest on one thread). Word pieces map to spaCy
tokens by character offsets: a token takes the tags of its first piece, so
spans keep spaCy's token bounds and the format's character offsets. The tags
feed `refine.py` exactly as the CRF tagger's do: the rules keep pairing,
nesting, merging, kinds and anonymity.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from newsledger.errors import NewsledgerError
from newsledger.extract.sourcing.quotes import doc_text
from newsledger.extract.sourcing.tagger import LABELS, Tagged, paragraphs, spans_of
from newsledger.knowledge import PACKAGE_DIR

MODEL_FILE = "accurate_model.onnx"
TOKENIZER_FILE = "accurate_tokenizer.json"
MAX_PIECES = 192  # word pieces per window, [CLS] and [SEP] included
# Windows per onnxruntime call, grouped by length within one document (never across
# documents). One by one is the cheapest on one thread: for the 84 PolNeAR dev articles
# (1,900 windows, 90,026 pieces) the shipped model took 22.4 s of CPU one by one, 23.6 s
# by 4, and more by 8 or 16 (padding, larger attention products); and a window's tags
# then cannot depend on the others (with blocks of 128 the int8 kernel's sums differ in
# the last bits with the batch's shape).
BATCH = 1
TAGS = ("O", "B", "I")  # per label; the model's output is (batch, pieces, label, tag)
SENTENCE_END = frozenset(".?!")
NEVER = -1e30  # the log-probability of a forbidden tag sequence


class AccurateUnavailable(NewsledgerError):
    """The accurate mode was asked for, but its extra or its model is missing."""


@dataclass
class Window:
    """One encoder input: word-piece ids and each piece's character offsets in the text."""

    ids: list[int]
    offsets: list[tuple[int, int]]  # (start, end) in the document; (0, 0) for [CLS]/[SEP]


def cut(offsets: Sequence[tuple[int, int]], text: str, limit: int) -> list[tuple[int, int]]:
    """Piece ranges [lo, hi) of at most `limit` pieces each, covering all pieces. A
    range ends after a sentence-final piece in its last half when there is one."""
    out, lo, n = [], 0, len(offsets)
    while lo < n:
        hi = min(n, lo + limit)
        if hi < n:
            ends = [
                k + 1
                for k in range(hi - 1, lo + limit // 2, -1)
                if text[offsets[k][0] : offsets[k][1]] in SENTENCE_END
            ]
            hi = ends[0] if ends else hi
        out.append((lo, hi))
        lo = hi
    return out


def windows(
    tokenizer: Any, text: str, spans: Sequence[tuple[int, int]], limit: int = MAX_PIECES
) -> list[Window]:
    """The windows of each character range in `spans` (paragraphs) of `text`.
    `tokenizer` is a `tokenizers.Tokenizer` (special tokens added here)."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    parts = [text[lo:hi] for lo, hi in spans]
    out = []
    for (lo, _), enc in zip(spans, tokenizer.encode_batch(parts, add_special_tokens=False)):
        offsets = [(a + lo, b + lo) for a, b in enc.offsets]
        for a, b in cut(offsets, text, limit - 2):
            out.append(Window([cls_id, *enc.ids[a:b], sep_id], [(0, 0), *offsets[a:b], (0, 0)]))
    return out


def batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Indexes grouped by similar length (little padding), in a fixed order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    return [order[k : k + size] for k in range(0, len(order), size)]


def padded(group: Sequence[Window]) -> tuple[np.ndarray, np.ndarray]:
    """Input ids and attention mask of a batch, padded with 0 ([PAD])."""
    width = max(len(w.ids) for w in group)
    ids = np.zeros((len(group), width), dtype=np.int64)
    mask = np.zeros((len(group), width), dtype=np.int64)
    for row, w in enumerate(group):
        ids[row, : len(w.ids)] = w.ids
        mask[row, : len(w.ids)] = 1
    return ids, mask


def first_pieces(
    token_starts: Sequence[int], token_ends: Sequence[int], piece_offsets: Sequence[tuple[int, int]]
) -> list[int]:
    """For each token, the index of the first piece starting inside it, or -1 (a
    token of whitespace has none). `piece_offsets` are sorted; empty ones skipped."""
    starts = [a if b > a else -1 for a, b in piece_offsets]
    out = []
    for lo, hi in zip(token_starts, token_ends):
        k = bisect_left(starts, lo)
        out.append(k if k < len(starts) and starts[k] < hi else -1)
    return out


@cache
def session() -> tuple[Any, Any]:
    """The ONNX session and tokenizer, loaded once per process (each --jobs worker
    has its own). One intra-op thread: the workers are the parallelism."""
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise AccurateUnavailable(
            "--accurate needs the accurate extra: pip install 'newsledger[accurate]' "
            f"({exc.name or 'onnxruntime/tokenizers'} is not installed)"
        ) from None
    model = model_file()
    vocab = model.with_name(TOKENIZER_FILE)  # the model's own vocabulary, beside it
    if not model.exists() or not vocab.exists():
        raise AccurateUnavailable(
            f"--accurate: no model at {model} (make train-accurate builds it)"
        )
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = int(os.environ.get("NEWSLEDGER_ACCURATE_THREADS", "1"))
    options.inter_op_num_threads = 1
    sess = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.no_truncation()  # the file's own settings (128, padded) are for sentence embeddings
    tokenizer.no_padding()
    return sess, tokenizer


def model_file() -> Path:
    """The shipped model, or another (NEWSLEDGER_ACCURATE_MODEL, with its tokenizer beside it)."""
    return Path(os.environ.get("NEWSLEDGER_ACCURATE_MODEL") or PACKAGE_DIR / MODEL_FILE)


def available() -> bool:
    try:
        session()
    except AccurateUnavailable:
        return False
    return True


def probabilities(sess: Any, group: Sequence[Window]) -> list[np.ndarray]:
    """Each window's (pieces, label, tag) probabilities."""
    ids, mask = padded(group)
    (probs,) = sess.run(None, {"input_ids": ids, "attention_mask": mask})
    return [probs[row, : len(w.ids)] for row, w in enumerate(group)]


def piece_probabilities(
    text: str, spans: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Offsets and (label, tag) probabilities of every word piece of the `spans`
    of `text`, in text order ([CLS]/[SEP] dropped)."""
    sess, tokenizer = session()
    wins = windows(tokenizer, text, spans)
    out: list[np.ndarray | None] = [None] * len(wins)
    for group in batches([len(w.ids) for w in wins], BATCH):
        for i, probs in zip(group, probabilities(sess, [wins[i] for i in group])):
            out[i] = probs[1:-1]
    offsets = [o for w in wins for o in w.offsets[1:-1]]
    rows = [p for p in out if p is not None]
    table = (
        np.concatenate(rows) if rows else np.zeros((0, len(LABELS), len(TAGS)), dtype=np.float32)
    )
    return offsets, table


def token_probabilities(
    starts: Sequence[int],
    ends: Sequence[int],
    offsets: Sequence[tuple[int, int]],
    table: np.ndarray,
) -> np.ndarray:
    """Each token's (label, tag) probabilities, read from its first word piece
    (a token without one: certainly O)."""
    firsts = np.array(first_pieces(starts, ends, offsets), dtype=np.int64)
    out = np.zeros((len(firsts), len(LABELS), len(TAGS)), dtype=np.float32)
    out[:, :, 0] = 1.0
    has = firsts >= 0
    if len(table):
        out[has] = table[firsts[has]]
    return out


def decoded(probs: np.ndarray) -> list[str]:
    """The likeliest O/B/I tags of one paragraph's tokens ((tokens, 3) probabilities)
    under the rule that independent choices break: I continues a span, so never
    follows O nor opens the paragraph (Viterbi). Read token by token, an I after O
    opened a span of its own; weighing it against its neighbours lifted exact F1 on
    the dev tune part by 0.5 / 2.2 / 1.5 (Source / Cue / Content), mostly in precision."""
    if len(probs) == 0:
        return []
    likeliest = probs.argmax(axis=1)
    if likeliest[0] != 2 and not np.any((likeliest[1:] == 2) & (likeliest[:-1] == 0)):
        return [TAGS[t] for t in likeliest.tolist()]  # already allowed: nothing to search
    logp = np.log(np.clip(probs.astype(np.float64), 1e-9, None)).tolist()
    o, b, i = logp[0][0], logp[0][1], NEVER
    back: list[tuple[int, int, int]] = []  # per step: best previous tag for O, B, I
    for lo, lb, li in logp[1:]:
        best = max(o, b, i)
        came = 0 if best == o else 1 if best == b else 2
        cont, from_i = (b, 1) if b >= i else (i, 2)
        back.append((came, came, from_i))
        o, b, i = best + lo, best + lb, cont + li
    last = max(o, b, i)
    tag = 0 if last == o else 1 if last == b else 2
    path = [tag]
    for step in reversed(back):
        tag = step[tag]
        path.append(tag)
    return [TAGS[t] for t in reversed(path)]


def tag_doc(doc: Doc, found: Sequence[Any] = ()) -> dict[str, Tagged] | None:
    """What the encoder tags as Source, Cue and Content, in the CRF tagger's form
    (`refine.refine` reads either). `found` (the rules' attributions) is unused:
    the encoder reads the text alone."""
    if len(doc) == 0:
        return None
    text = doc_text(doc)
    paras = [(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)) for lo, hi in paragraphs(doc)]
    offsets, table = piece_probabilities(text, [p for p in paras if text[p[0] : p[1]].strip()])
    starts = doc.to_array("IDX").tolist()
    ends = [s + len(t) for s, t in zip(starts, (t.text for t in doc))]
    probs = token_probabilities(starts, ends, offsets, table)
    out = {}
    for k, label in enumerate(LABELS):
        spans = [s for lo, hi in paragraphs(doc) for s in spans_of(decoded(probs[lo:hi, k]), lo)]
        inside = (1.0 - probs[:, k, 0].astype(np.float64)).tolist()  # the chance of being in one
        out[label] = Tagged(spans, dict(enumerate(inside)))
    return out


def check_ready() -> None:
    """Raise `AccurateUnavailable` now (before any work) if the mode cannot run."""
    session()
