"""A learned tagger that marks Source, Cue and Content tokens.

The parse rules in `cues.py` find most attributions but miss the long tail
(nouns and verbs of position: "criticism of", "wants", "is expected to") and
draw content boundaries by a few fixed habits. A linear-chain CRF per label
(python-crfsuite: C, fast, small) reads each token's words, parse, quote state
and the rules' own decisions, and tags the label's spans as B/I/O over each
paragraph. `refine.py` uses those spans to correct and complete the rules'
attributions.

The three models are trained on the PolNeAR train split by `train_tagger.py`
(`make train-tagger`, deterministic L-BFGS) and shipped as
`knowledge/attribution_<label>.crfsuite`. Without them the rules decide alone.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from newsledger.extract.sourcing import model
from newsledger.extract.sourcing.cues import Found, Offsets
from newsledger.extract.sourcing.lexicon import lexicon
from newsledger.extract.sourcing.quotes import doc_text, find_quotes
from newsledger.knowledge import PACKAGE_DIR

LABELS = ("Source", "Cue", "Content")
CLUSTERS_FILE = "attribution_clusters.npz"  # k-means centroids of the parser's token vectors
ANCESTOR_HOPS = 6  # how far up the parse to look for a governing cue
Features = list[list[str]]


def model_path(label: str, folder: Path | None = None) -> Path:
    return (folder or PACKAGE_DIR) / f"attribution_{label.lower()}.crfsuite"


@lru_cache(maxsize=None)
def tagger(label: str):  # -> pycrfsuite.Tagger | None
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


def nearest_centroid(vectors: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Index of the closest centroid for each row (squared distance, |v|² dropped)."""
    return np.argmin((table * table).sum(axis=1) - 2.0 * vectors @ table.T, axis=1)


def vector_clusters(doc: Doc, tables: tuple[np.ndarray, ...]) -> list[list[str]]:
    """Word-class features from the parser's own contextual vectors: which
    cluster each token's vector falls in, at each granularity. They come free
    with the parse and tell the CRF what the sparse features cannot."""
    tensor = doc.tensor
    if not tables or tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(doc):
        return [[] for _ in range(len(doc))]
    ids = [nearest_centroid(np.asarray(tensor, dtype=np.float32), t) for t in tables]
    return [[f"v{k}={int(col[i])}" for k, col in enumerate(ids)] for i in range(len(doc))]


def available() -> bool:
    return all(tagger(label) is not None for label in LABELS)


# --- features ---------------------------------------------------------------

def paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs (line breaks), the tagger's sequences."""
    out, start = [], 0
    for tok in doc:
        if "\n" in tok.text_with_ws:
            if tok.i + 1 > start:
                out.append((start, tok.i + 1))
            start = tok.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


@dataclass
class Columns:
    """Token attributes read once (each spaCy attribute access builds objects)."""

    tokens: list[Token]
    idx: list[int]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        tokens = list(doc)
        return cls(tokens, [t.idx for t in tokens], [t.lower_ for t in tokens],
                   [t.lemma_.lower() for t in tokens], [t.pos_ for t in tokens],
                   [t.tag_ for t in tokens], [t.dep_ for t in tokens], [t.head.i for t in tokens])


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
    cues = {i for i, (lemma, pos) in enumerate(zip(cols.lemma, cols.pos))
            if (strengths.get(lemma, 0.0) >= 0.1 if pos == "VERB" else lemma in nouns or lemma == "accord")}
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


def branch_edge(i: int, branch: int, cols: Columns, edges: dict[int, tuple[int, int]]) -> str:
    """Is token `i` the first (L) or last (R) token of its cue branch's subtree?
    Content and source spans mostly follow those subtrees."""
    if branch < 0:
        return "-"
    if branch not in edges:
        tok = cols.tokens[branch]
        edges[branch] = (tok.left_edge.i, tok.right_edge.i)
    lo, hi = edges[branch]
    return ("L" if i == lo else "") + ("R" if i == hi else "") or "M"


def cue_score(tok: Token, quoted: bool) -> str:
    """The learned cue model's verdict on a verb, in coarse steps."""
    value = model.score(tok, quoted)
    if value is None:
        return "?"
    return str(max(-3, min(3, round((value - model.threshold()) / 2))))


def strength_bucket(lemma: str, pos: str, strengths: dict[str, float]) -> str:
    if pos not in ("VERB", "NOUN", "ADP"):
        return "-"
    p = strengths.get(lemma, 0.0)
    return str(min(9, int(p * 10))) if p else "x"


def base_features(doc: Doc, found: Sequence[Found],
                  tables: tuple[np.ndarray, ...]) -> list[list[str]]:
    """Each token's own features (neighbours are added by `doc_features`)."""
    cols = Columns.of(doc)
    strengths = lexicon().verbs
    marks = rule_marks(cols.idx, found)
    rs, rc, rt = marks["rS"], marks["rC"], marks["rT"]
    quotes = quote_states(doc_text(doc), cols.idx)
    cues = cue_candidates(cols, found)
    clusters = vector_clusters(doc, tables)
    edges: dict[int, tuple[int, int]] = {}
    out = []
    n = len(cols.tokens)
    for i, tok in enumerate(cols.tokens):
        node, branch, hops, governor = governing_cue(i, cols, cues)
        edge = branch_edge(i, node, cols, edges)
        head = cols.head[i]
        dep, pos, lemma = cols.dep[i], cols.pos[i], cols.lemma[i]
        ent = tok.ent_type_
        feats = [
            "w=" + cols.lower[i], "l=" + lemma, "p=" + pos, "t=" + cols.tag[i],
            "d=" + dep, "dh=" + dep + "|" + cols.pos[head], "hl=" + cols.lemma[head],
            "e=" + (tok.ent_iob_ + ent if ent else "O"),
            "q=" + quotes[i], "st=" + strength_bucket(lemma, pos, strengths),
            "rS=" + rs[i], "rC=" + rc[i], "rT=" + rt[i], "rall=" + rs[i] + rc[i] + rt[i],
            "gc=" + branch, "gch=" + branch + hops, "gl=" + governor, "glb=" + governor + branch,
            "cm=" + (cue_score(tok, quotes[i] != "out") if pos == "VERB" else "-"),
            "cap=" + ("T" if tok.is_title else "U" if tok.is_upper else "l"),
            "cue=" + str(i in cues), "edge=" + edge, "edgeb=" + edge + branch,
        ]
        feats += clusters[i]
        if tok.is_sent_start:
            feats.append("sent0")
        if i + 1 < n and cols.tokens[i + 1].is_sent_start:
            feats.append("sentN")
        if tok.is_space:
            feats.append("space")
        out.append(feats)
    return out


NEIGHBOUR_KEYS = ("w=", "p=", "rS=", "rC=", "rT=", "q=", "d=", "cue=", "edge=", "v")


def doc_features(doc: Doc, found: Sequence[Found],
                 tables: tuple[np.ndarray, ...] | None = None) -> Features:
    """Own features plus selected features of the tokens up to two away
    (`tables`: centroids to use instead of the shipped ones, when training)."""
    own = base_features(doc, found, centroids() if tables is None else tables)
    picked = [[f for f in feats if f.startswith(NEIGHBOUR_KEYS)] for feats in own]
    out = []
    n = len(doc)
    for i, feats in enumerate(own):
        full = list(feats)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                keys = picked[j] if abs(off) == 1 else picked[j][:2]
                full.extend(f"{off}:{f}" for f in keys)
            else:
                full.append(f"{off}:edge")
        full.append("bias")
        out.append(full)
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
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


@dataclass
class Tagged:
    """One label's tagged token ranges and, for the tokens `refine` asks
    about, the probability of being inside a span of that label."""

    spans: list[tuple[int, int]]
    inside: dict[int, float]


def tag_sequence(model, seq, lo: int, asked: Sequence[int], tagged: Tagged) -> None:
    """Tag one paragraph (`seq`: a pycrfsuite.ItemSequence) with one label's model."""
    tagged.spans += spans_of(model.tag(seq), lo)
    for i in asked:
        tagged.inside[i] = 1.0 - model.marginal("O", i - lo)


def tag_doc(doc: Doc, found: Sequence[Found]) -> dict[str, Tagged] | None:
    """What the models tag as Source, Cue and Content, or None without models.
    The Cue model also reports how likely each token of the rules' cues is a cue."""
    if not available() or len(doc) == 0:
        return None
    import pycrfsuite

    feats = doc_features(doc, found)
    rule_cues = sorted({t.i for f in found if f.cue is not None
                        for t in doc.char_span(*f.cue, alignment_mode="expand") or ()})
    out = {label: Tagged([], {}) for label in LABELS}
    for lo, hi in paragraphs(doc):
        seq = pycrfsuite.ItemSequence(feats[lo:hi])
        for label in LABELS:
            asked = [i for i in rule_cues if lo <= i < hi] if label == "Cue" else []
            tag_sequence(tagger(label), seq, lo, asked, out[label])
    return out
