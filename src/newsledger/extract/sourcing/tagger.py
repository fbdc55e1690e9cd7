"""A learned tagger that marks Source, Cue and Content tokens.

The parse rules in `cues.py` find most attributions but miss the long tail
(nouns and verbs of position: "criticism of", "wants", "is expected to") and
draw content boundaries by a few fixed habits. A linear-chain CRF per label
(python-crfsuite: C, fast, small) reads each token's words, parse, quote state,
word class (from the parser's own vectors) and the rules' own decisions, and
tags the label's spans as B/I/L/U/O over each paragraph. `refine.py` uses
those spans to correct and complete the rules' attributions.

The three models and the word-class centroids are trained on the PolNeAR
train split by `train/tagger.py` (`make train-tagger`, deterministic) and
shipped as `knowledge/attribution_*`. Without them, or without the default
pipeline's vectors (another `--model`), the rules decide alone.
The tagger is opt-in (`Options.span_tagger`, `--tagger`): about 11 ms per
article, which takes the whole process to 0.78 of bare spaCy's, below the
0.85 that would make it the default (README, Speed).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Token

from newsledger.extract.sourcing import model
from newsledger.extract.sourcing.cues import Found, Offsets, tok_span
from newsledger.extract.sourcing.lexicon import lexicon
from newsledger.extract.sourcing.quotes import doc_text, find_quotes
from newsledger.knowledge import PACKAGE_DIR
from newsledger.nlp.paragraphs import token_paragraphs

LABELS = ("Source", "Cue", "Content")
CLUSTERS_FILE = "attribution_clusters.npz"  # k-means centroids of the parser's token vectors
ANCESTOR_HOPS = 6  # how far up the parse to look for a governing cue
Features = list[list[str]]


def model_path(label: str, folder: Path | None = None) -> Path:
    return (folder or PACKAGE_DIR) / f"attribution_{label.lower()}.crfsuite"


@cache
def tagger(label: str) -> Any:  # a pycrfsuite.Tagger (untyped), or None
    path = model_path(label)
    if not path.exists():
        return None
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(path))
    return t


@lru_cache(maxsize=1)
def centroids() -> tuple[np.ndarray, ...]:
    """Centroid tables (coarse, fine) over spaCy's tok2vec vectors, or none."""
    path = PACKAGE_DIR / CLUSTERS_FILE
    if not path.exists():
        return ()
    with np.load(path) as data:
        return tuple(data[k] for k in sorted(data.files))


@cache
def _ops() -> Any:
    from thinc.api import NumpyOps

    return NumpyOps()


def products(vectors: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``vectors @ table.T`` by thinc's single-threaded gemm (blis), the one spaCy's
    own layers use. numpy's OpenBLAS starts threads for it, and on a busy 2-core
    machine they took 15 to 45 ms a document instead of 3 (and fought --jobs
    workers for the cores)."""
    left = np.ascontiguousarray(vectors, dtype=np.float32)
    right = np.ascontiguousarray(table, dtype=np.float32)
    result: np.ndarray = _ops().gemm(left, right, trans2=True)
    return result


def nearest_centroid(vectors: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Index of the closest centroid for each row (squared distance, |v|² dropped)."""
    ids: np.ndarray = np.argmin(
        (table * table).sum(axis=1) - 2.0 * products(vectors, table), axis=1
    )
    return ids


def nearest_within(vectors: np.ndarray, coarse: np.ndarray, fine: np.ndarray) -> np.ndarray:
    """Fine class of each row: the closest of the sub-centroids of its coarse
    class (`fine` is coarse × sub × dims). One product against all of them is
    cheaper than gathering each row's own sub-centroids."""
    n_coarse, n_sub, dims = fine.shape
    flat = fine.reshape(n_coarse * n_sub, dims)
    dist = (flat * flat).sum(axis=1) - 2.0 * products(vectors, flat)
    own = dist.reshape(len(vectors), n_coarse, n_sub)[np.arange(len(vectors)), coarse]
    ids: np.ndarray = coarse * n_sub + own.argmin(axis=1)
    return ids


def vectors_fit(doc: Doc, tables: tuple[np.ndarray, ...]) -> bool:
    """Does the doc carry the contextual vectors the word classes were built from?"""
    tensor = doc.tensor
    return (
        len(tables) == 2
        and tensor is not None
        and len(tensor.shape) == 2
        and tensor.shape[0] == len(doc)
        and tensor.shape[1] == tables[0].shape[1]
    )


def vector_classes(doc: Doc, tables: tuple[np.ndarray, ...]) -> list[list[str]]:
    """Word-class features from the parser's own contextual vectors: a coarse
    class and a finer one within it for every token. They come free with the
    parse and tell the CRF what the sparse features cannot."""
    if not vectors_fit(doc, tables):
        return []  # no vectors, or another pipeline's (--model): the classes are left out
    vectors = np.asarray(doc.tensor, dtype=np.float32)
    coarse = nearest_centroid(vectors, tables[0])
    fine = nearest_within(vectors, coarse, tables[1])
    coarse_names = class_names("v0=", len(tables[0]))
    fine_names = class_names("v1=", tables[1].shape[0] * tables[1].shape[1])
    return [[coarse_names[c] for c in coarse.tolist()], [fine_names[c] for c in fine.tolist()]]


@cache
def class_names(prefix: str, count: int) -> tuple[str, ...]:
    """The feature strings of `count` word classes (built once, not per token)."""
    return tuple(f"{prefix}{c}" for c in range(count))


@cache
def warn_once(message: str) -> None:
    logging.getLogger("newsledger").warning("newsledger: %s", message)


def available() -> bool:
    return all(tagger(label) is not None for label in LABELS)


# --- features ---------------------------------------------------------------


def paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs (line breaks), the tagger's sequences.
    Read from the text's line breaks: walking the tokens costs more."""
    return token_paragraphs(doc, doc_text(doc))


IOB = ("", "I", "O", "B")  # spaCy's ent_iob codes
COLUMN_ATTRS: list[int | str] = [
    "LOWER",
    "LEMMA",
    "POS",
    "TAG",
    "DEP",
    "HEAD",
    "ENT_IOB",
    "ENT_TYPE",
    "SENT_START",
    "IDX",
]


@dataclass
class Columns:
    """Token attributes read once, as plain lists: one `doc.to_array` call
    instead of a spaCy Token object per token and attribute."""

    idx: list[int]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    ent: list[str]  # IOB and type: "BPERSON", "O"
    sent_start: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        table = doc.to_array(COLUMN_ATTRS)  # uint64: string hashes and codes
        strings = doc.vocab.strings

        def column(k: int) -> list[str]:
            ids = table[:, k].tolist()
            names = {h: strings[h] if h else "" for h in set(ids)}
            return [names[h] for h in ids]

        lemma_of = {s: s.lower() for s in set(column(1))}
        iob = table[:, 6].tolist()
        ent = [IOB[b] + t if t else "O" for b, t in zip(iob, column(7))]
        rows = range(len(table))  # HEAD is a signed offset from the token
        return cls(
            table[:, 9].tolist(),
            column(0),
            [lemma_of[s] for s in column(1)],
            column(2),
            column(3),
            column(4),
            [i + h for i, h in zip(rows, table[:, 5].astype(np.int64).tolist())],
            ent,
            [v == 1 for v in table[:, 8].tolist()],
        )


def rule_marks(starts: list[int], found: Sequence[Found]) -> dict[str, list[str]]:
    """B/I marks of the rules' source, cue and content spans on each token
    (`starts`: each token's first character)."""
    marks = {k: ["O"] * len(starts) for k in ("rS", "rC", "rT")}

    def mark(key: str, span: Offsets | None) -> None:
        if span is None or span[1] <= span[0]:
            return
        first = max(0, bisect_right(starts, span[0]) - 1)
        last = bisect_right(starts, span[1] - 1) - 1
        row = marks[key]
        for i in range(first, last + 1):
            if row[i] == "O":
                row[i] = "B" if i == first else "I"

    for f in found:
        mark("rC", f.cue)
        mark("rS", f.source)
        mark("rT", f.content)
    return marks


def quote_states(text: str, starts: list[int]) -> list[str]:
    """For each token: outside a quote, a quote mark, or inside a quote."""
    quotes = find_quotes(text)
    states = ["out"] * len(starts)
    qi = 0
    for i, idx in enumerate(starts):
        while qi < len(quotes) and quotes[qi].end <= idx:
            qi += 1
        if qi < len(quotes) and quotes[qi].start <= idx < quotes[qi].end:
            lo, hi = quotes[qi].inner
            states[i] = "in" if lo <= idx < hi else "mark"
    return states


def cue_candidates(cols: Columns, found: Sequence[Found]) -> set[int]:
    """Tokens that could govern reported content: reporting verbs (even weak
    ones), cue nouns, "according", and the heads of the rules' cues."""
    lex = lexicon()
    strengths, nouns = lex.verbs, lex.nouns
    cues = {
        i
        for i, (lemma, pos) in enumerate(zip(cols.lemma, cols.pos))
        if (
            strengths.get(lemma, 0.0) >= 0.1
            if pos == "VERB"
            else lemma in nouns or lemma == "accord"
        )
    }
    return cues | {f.head.i for f in found if f.head is not None}


def governing_cue(i: int, cols: Columns, cues: set[int]) -> tuple[int, str, str, str]:
    """The nearest cue above token `i`: the branch node right under it, that
    branch's relation ("ccomp", "nsubj") and side, the hops and the cue's lemma."""
    child, node = i, cols.head[i]
    for hop in range(1, ANCESTOR_HOPS + 1):
        if node == child:
            break
        if node in cues:
            side = "L" if i < node else "R"
            return child, cols.dep[child] + side, str(min(hop, 3)), cols.lemma[node]
        child, node = node, cols.head[node]
    return -1, "-", "-", "-"


def branch_edge(i: int, branch: int, doc: Doc, edges: dict[int, tuple[int, int]]) -> str:
    """Is token `i` the first (L) or last (R) token of its cue branch's subtree?
    Content and source spans mostly follow those subtrees."""
    if branch < 0:
        return "-"
    if branch not in edges:
        tok = doc[branch]
        edges[branch] = (tok.left_edge.i, tok.right_edge.i)
    lo, hi = edges[branch]
    return ("L" if i == lo else "") + ("R" if i == hi else "") or "M"


def cue_score(tok: Token, quoted: bool) -> str:
    """The learned cue model's verdict on a verb, in coarse steps."""
    value = model.score(tok, quoted)
    if value is None:
        return "?"
    return str(max(-3, min(3, round((value - model.threshold()) / 2))))


def shifted(values: list[str], prefix: str, offset: int) -> list[str]:
    """`prefix + value` of the token `offset` away, for every token ("<" / ">"
    past the ends): the neighbour features."""
    n = len(values)
    edge = prefix + ("<" if offset < 0 else ">")
    return [prefix + values[i + offset] if 0 <= i + offset < n else edge for i in range(n)]


def doc_features(
    doc: Doc, found: Sequence[Found], tables: tuple[np.ndarray, ...] | None = None
) -> Features:
    """Each token's features: its words, parse, entity, quote state, word
    class, the cue governing it and the rules' marks, plus the words and
    classes of its neighbours (`tables`: centroids to use instead of the
    shipped ones, when training). Kept lean: every string costs time in
    Python and again in each model's lookup."""
    cols = Columns.of(doc)
    n = len(cols.idx)
    marks = rule_marks(cols.idx, found)
    quotes = quote_states(doc_text(doc), cols.idx)
    cues = cue_candidates(cols, found)
    classes = vector_classes(doc, centroids() if tables is None else tables)
    fine = classes[-1] if classes else ["-"] * n
    edges: dict[int, tuple[int, int]] = {}
    governed, edged = [], []
    for i in range(n):
        node, branch, _, governor = governing_cue(i, cols, cues)
        governed.append("g=" + governor + branch)
        edged.append("ge=" + branch_edge(i, node, doc, edges) + branch)
    # Built column by column (a list comprehension per feature) and zipped into
    # rows: far cheaper than appending to each token's list in turn.
    columns = [
        ["bias"] * n,
        ["w=" + w for w in cols.lower],
        ["l=" + w for w in cols.lemma],
        ["t=" + t for t in cols.tag],
        ["d=" + d for d in cols.dep],
        ["dh=" + d + "|" + cols.pos[h] for d, h in zip(cols.dep, cols.head)],
        ["hl=" + cols.lemma[h] for h in cols.head],
        ["e=" + e for e in cols.ent],
        ["q=" + q for q in quotes],
        ["r=" + a + b + c for a, b, c in zip(marks["rS"], marks["rC"], marks["rT"])],
        governed,
        edged,
        *classes,
        shifted(cols.lower, "-2:w=", -2),
        shifted(cols.lower, "-1:w=", -1),
        shifted(cols.lower, "1:w=", 1),
        shifted(cols.lower, "2:w=", 2),
        shifted(fine, "-1:v=", -1),
        shifted(fine, "1:v=", 1),
        shifted(cols.dep, "-1:d=", -1),
        shifted(cols.dep, "1:d=", 1),
    ]
    out = [list(row) for row in zip(*columns)]
    for i, pos in enumerate(cols.pos):
        if pos == "VERB":
            out[i].append("cm=" + cue_score(doc[i], quotes[i] != "out"))
        if cols.sent_start[i]:
            out[i].append("sent0")
    return out


# --- spans ------------------------------------------------------------------


def spans_of(tags: Sequence[str], offset: int) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the spans in one sequence's tags, read as
    BILOU (B/I/O alone works too): B or U opens a span, L or U closes it."""
    spans, start = [], None
    for i, tag in enumerate(tags):
        if tag in ("B", "U") or (tag in ("I", "L") and start is None):
            if start is not None:
                spans.append((start + offset, i + offset))
            start = i
        elif tag == "O" and start is not None:
            spans.append((start + offset, i + offset))
            start = None
        if tag in ("L", "U") and start is not None:
            spans.append((start + offset, i + 1 + offset))
            start = None
    if start is not None:
        spans.append((start + offset, len(tags) + offset))
    return spans


def char_span(doc: Doc, start: int, end: int) -> Offsets | None:
    """Character offsets of tokens [start, end) without spaces at the ends."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return None
    return tok_span(doc[start], doc[end - 1])


@dataclass
class Tagged:
    """One label's tagged token ranges and, for the tokens `refine` asks
    about, the probability of being inside a span of that label."""

    spans: list[tuple[int, int]]
    inside: dict[int, float]


def tag_sequence(model: Any, seq: Any, lo: int, asked: Sequence[int], tagged: Tagged) -> None:
    """Tag one paragraph (`seq`: a pycrfsuite.ItemSequence) with one label's model."""
    tagged.spans += spans_of(model.tag(seq), lo)
    for i in asked:
        tagged.inside[i] = 1.0 - model.marginal("O", i - lo)


def tag_doc(doc: Doc, found: Sequence[Found]) -> dict[str, Tagged] | None:
    """What the models tag as Source, Cue and Content, or None without models.
    The Cue model also reports how likely each token of the rules' cues is a
    cue. Sources and contents are only looked for in paragraphs with a cue
    (the rules' or the tagger's): elsewhere there is nothing to attribute."""
    if not available() or len(doc) == 0:
        return None
    if not vectors_fit(doc, centroids()):
        # Without its word classes the tagger reads worse than the rules alone
        # (PolNeAR held slice: 66.7 / 60.8 / 50.1 exact F1 against 71.5 / 65.3 / 54.2).
        warn_once(
            "the span tagger needs the default pipeline's vectors (not those of --model); "
            "the sourcing rules decide alone"
        )
        return None
    import pycrfsuite

    feats = doc_features(doc, found)
    rule_cues = sorted(
        {
            t.i
            for f in found
            if f.cue is not None
            for t in doc.char_span(*f.cue, alignment_mode="expand") or ()
        }
    )
    out = {label: Tagged([], {}) for label in LABELS}
    for lo, hi in paragraphs(doc):
        seq = pycrfsuite.ItemSequence(feats[lo:hi])
        asked = [i for i in rule_cues if lo <= i < hi]
        cues_before = len(out["Cue"].spans)
        tag_sequence(tagger("Cue"), seq, lo, asked, out["Cue"])
        if not asked and len(out["Cue"].spans) == cues_before:
            continue
        for label in ("Source", "Content"):
            tag_sequence(tagger(label), seq, lo, [], out[label])
    return out
