"""The learned tagger's spans correct and complete the rules' attributions.

The rules (`cues.py`, `attribute.py`) know which source goes with which cue
and content; the tagger (`tagger.py`) knows better where spans start and end
and finds cues the rules have no pattern for. So:
- a rule span that overlaps a tagged span of its kind takes the tagged
  boundaries (content only when the tagged stretch does not swallow its cue);
- a tagged cue no rule found becomes an attribution of its own, with the
  nearest tagged content in its paragraph and the nearest tagged source in
  its sentence;
- a rule attribution whose cue the tagger does not mark is dropped, unless
  it is a quotation's (those the rules read well).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsledger.extract.sourcing.cues import Found, Offsets
from newsledger.extract.sourcing.quotes import doc_text
from newsledger.extract.sourcing.tagger import char_span, paragraphs, tag_doc

# A rule's cue (not a quotation's) whose every token the tagger gives less than this
# chance of being a cue is dropped. Settings of these choices were compared on PolNeAR
# dev and the held-back train slice: confidence floors on the tagged spans cost more
# than they saved, and dropping quotations' cues as well lost more than it gained.
DROP = 0.5
DROP_UNSUPPORTED = False  # dropping rule attributions whose content the tagger does not mark: +0.7 Content, -0.4 Source and Cue F1
NEED_SOURCE = False  # PolNeAR has many sourceless attributions (passives); requiring one cost 0.5-0.7 Cue F1
KEEP_NESTED = True  # ... but a report nested in a quotation stays ("I think ..."): the hedge is the speaker's


def overlap(a: Offsets, b: Offsets) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def best(span: Offsets, candidates: Sequence[Offsets]) -> Offsets | None:
    """The candidate sharing the most characters with `span`, if any shares one."""
    scored = [(overlap(span, c), c) for c in candidates]
    top = max(scored, default=(0, span))
    return top[1] if top[0] > 0 else None


def contains(outer: Offsets, inner: Offsets) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def snapped(f: Found, spans: dict[str, list[Offsets]], text: str) -> None:
    """Rule spans take the boundaries of the tagged spans they overlap. The
    tagger reads one paragraph at a time, so content running over several
    (a long quotation) keeps the rules' bounds."""
    if f.cue is not None:
        f.cue = best(f.cue, spans["Cue"]) or f.cue
    if f.source is not None:
        f.source = best(f.source, spans["Source"]) or f.source
    if "\n" in text[f.content[0]:f.content[1]].strip():
        return
    content = best(f.content, [c for c in spans["Content"]
                               if f.cue is None or overlap(c, f.cue) <= 0])
    if content is not None:
        f.content = content


def distance(a: Offsets, b: Offsets) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def nearest(cue: Offsets, candidates: Sequence[Offsets], lo: int, hi: int) -> Offsets | None:
    """The candidate within [lo, hi) closest to the cue, not overlapping it."""
    inside = [c for c in candidates if lo <= c[0] and c[1] <= hi and overlap(c, cue) <= 0]
    return min(inside, key=lambda c: distance(c, cue), default=None)


def head_of(doc: Doc, span: Offsets) -> Token | None:
    chars: Span | None = doc.char_span(span[0], span[1], alignment_mode="expand")
    if chars is None or len(chars) == 0:
        return None
    verbs = [t for t in chars if t.pos_ in ("VERB", "AUX")]
    return verbs[-1] if verbs else chars.root


def new_attribution(doc: Doc, cue: Offsets, spans: dict[str, list[Offsets]],
                    para: Offsets) -> Found | None:
    """An attribution built around a cue only the tagger found."""
    content = nearest(cue, spans["Content"], *para)
    if content is None:
        return None
    head = head_of(doc, cue)
    sent = head.sent if head is not None else None
    lo, hi = (sent.start_char, sent.end_char) if sent is not None else para
    source = nearest(cue, [s for s in spans["Source"] if overlap(s, content) <= 0], lo, hi)
    if source is None and NEED_SOURCE:
        return None
    source_tok = None
    if source is not None:
        chars = doc.char_span(source[0], source[1], alignment_mode="expand")
        source_tok = chars.root if chars is not None else head_of(doc, source)
    return Found(cue, source, source_tok, content, "other", head)


def to_chars(doc: Doc, ranges: Sequence[tuple[int, int]]) -> list[Offsets]:
    return [s for s in (char_span(doc, lo, hi) for lo, hi in ranges) if s is not None]


def doubted(doc: Doc, cue: Offsets, inside: dict[int, float]) -> bool:
    """Does the tagger give every token of a rule's cue little chance of being one?"""
    chars = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    return chars is not None and max((inside.get(t.i, 1.0) for t in chars), default=1.0) < DROP


def refine(doc: Doc, found: list[Found]) -> list[Found]:
    tagged = tag_doc(doc, found)
    if tagged is None:
        return found
    spans = {label: to_chars(doc, t.spans) for label, t in tagged.items()}
    text = doc_text(doc)
    quoted = [f.content for f in found if f.form == "direct"]
    kept = []
    for f in found:
        if f.cue is not None and f.form != "direct" and doubted(doc, f.cue, tagged["Cue"].inside) \
                and not (KEEP_NESTED and any(contains(q, f.cue) for q in quoted)):
            continue
        if DROP_UNSUPPORTED and f.form not in ("direct", "according_to") and f.cue is not None \
                and not any(overlap(c, f.content) > 0 for c in spans["Content"]):
            continue
        snapped(f, spans, text)
        kept.append(f)
    known = [f.cue for f in kept if f.cue is not None]
    paras = [char_span(doc, lo, hi) for lo, hi in paragraphs(doc)]
    for cue in spans["Cue"]:
        if any(overlap(cue, k) > 0 for k in known):
            continue
        para = next((p for p in paras if p is not None and p[0] <= cue[0] < p[1]), None)
        if para is None:
            continue
        new = new_attribution(doc, cue, spans, para)
        if new is not None:
            kept.append(new)
    return kept
