"""The learned tagger's spans correct and complete the rules' attributions.

The rules (`cues.py`, `attribute.py`) know which source goes with which cue
and content; the tagger (`tagger.py`) knows better where spans start and end
and finds cues the rules have no pattern for. So:
- a rule span that overlaps a tagged span of its kind takes the tagged
  boundaries (content only when the tagged stretch does not swallow its cue);
- a tagged cue no rule found becomes an attribution of its own, with the
  nearest tagged content in its paragraph that touches the cue's phrase (or
  the phrase it modifies) and the nearest tagged source in its sentence;
- a rule attribution whose cue the tagger does not mark is dropped, unless
  it is a quotation's (those the rules read well) or sits inside one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from newsledger.extract.sourcing.cues import Found, Offsets
from newsledger.extract.sourcing.quotes import doc_text
from newsledger.extract.sourcing.tagger import Tagged, char_span, paragraphs, tag_doc

# A rule's cue (not a quotation's) whose every token the tagger gives less than this
# chance of being a cue is dropped. Settings of these choices were compared on PolNeAR
# dev and the held-back train slice: confidence floors on the tagged spans cost more
# than they saved, and dropping quotations' cues as well lost more than it gained.
DROP = 0.5
# Also measured and left out: dropping rule attributions whose content the tagger does
# not mark (+0.7 Content, -0.4 Source and Cue F1), and requiring a source for tagger-only
# attributions (-0.5 Cue F1: PolNeAR has many sourceless ones, passives).


def overlap(a: Offsets, b: Offsets) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


class Disjoint:
    """One label's tagged spans: sorted and never overlapping (one tag per
    token), so lookups bisect instead of scanning (long articles have thousands)."""

    def __init__(self, spans: Sequence[Offsets]) -> None:
        self.spans = sorted(spans)
        self.starts = [s[0] for s in self.spans]

    def overlapping(self, span: Offsets) -> list[Offsets]:
        out = []
        k = bisect_left(self.starts, span[1]) - 1  # the last one starting before span ends
        while k >= 0 and self.spans[k][1] > span[0]:
            out.append(self.spans[k])
            k -= 1
        return out

    def best(self, span: Offsets, avoid: Offsets | None = None) -> Offsets | None:
        """The span sharing the most characters with `span` (and none with `avoid`)."""
        found = [c for c in self.overlapping(span) if avoid is None or overlap(c, avoid) <= 0]
        return max(found, key=lambda c: overlap(span, c), default=None)

    def nearest(
        self,
        cue: Offsets,
        lo: int,
        hi: int,
        avoid: Offsets | None = None,
        excluded: Callable[[Offsets], bool] | None = None,
    ) -> Offsets | None:
        """The closest span within [lo, hi), before or after the cue, touching
        neither it nor `avoid`, and not `excluded`."""

        def usable(c: Offsets) -> bool:
            return (
                overlap(c, cue) <= 0
                and (avoid is None or overlap(c, avoid) <= 0)
                and (excluded is None or not excluded(c))
            )

        k = bisect_left(self.starts, cue[0])
        before = next(
            (
                self.spans[j]
                for j in range(k - 1, -1, -1)
                if self.spans[j][0] < lo or usable(self.spans[j])
            ),
            None,
        )
        after = next(
            (
                self.spans[j]
                for j in range(k, len(self.spans))
                if self.spans[j][1] > hi or usable(self.spans[j])
            ),
            None,
        )
        options = [
            c for c in (before, after) if c is not None and lo <= c[0] and c[1] <= hi and usable(c)
        ]
        return min(options, key=lambda c: distance(c, cue), default=None)


def merged(spans: Sequence[Offsets]) -> Disjoint:
    """Possibly nested spans joined into disjoint stretches."""
    out: list[Offsets] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return Disjoint(out)


class Enclosing:
    """Spans that may nest (quotations), asked whether any encloses a span."""

    def __init__(self, spans: Sequence[Offsets]) -> None:
        ordered = sorted(spans)
        self.starts = [s[0] for s in ordered]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def encloses(self, span: Offsets) -> bool:
        k = bisect_right(self.starts, span[0])
        return k > 0 and self.reach[k - 1] >= span[1]


def snapped(f: Found, spans: dict[str, Disjoint], text: str) -> None:
    """Rule spans take the boundaries of the tagged spans they overlap. The
    tagger reads one paragraph at a time, so content running over several
    (a long quotation) keeps the rules' bounds."""
    if f.cue is not None:
        f.cue = spans["Cue"].best(f.cue) or f.cue
    if f.source is not None:
        f.source = spans["Source"].best(f.source) or f.source
    if "\n" in text[f.content[0] : f.content[1]].strip():
        return
    content = spans["Content"].best(f.content, avoid=f.cue)
    if content is not None:
        f.content = content


def distance(a: Offsets, b: Offsets) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def head_of(doc: Doc, span: Offsets) -> Token | None:
    chars: Span | None = doc.char_span(span[0], span[1], alignment_mode="expand")
    if chars is None or len(chars) == 0:
        return None
    verbs = [t for t in chars if t.pos_ in ("VERB", "AUX")]
    return verbs[-1] if verbs else chars.root


def subtree_chars(tok: Token) -> Offsets:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def new_attribution(
    doc: Doc, cue: Offsets, spans: dict[str, Disjoint], para: Offsets
) -> Found | None:
    """An attribution built around a cue only the tagger found. Its content
    must touch the cue's phrase or the phrase the cue modifies: the nearest
    tagged content elsewhere is another claim ("Ali, who declined to give his
    name, told ... that X": X is not what he declined)."""
    head = head_of(doc, cue)
    sent = head.sent if head is not None else None

    def unrelated(c: Offsets) -> bool:  # outside the cue's phrase and the one it modifies
        return head is not None and not any(
            overlap(c, subtree_chars(t)) > 0 for t in (head, head.head)
        )

    content = spans["Content"].nearest(cue, *para, excluded=unrelated)
    if content is None:
        return None
    lo, hi = (sent.start_char, sent.end_char) if sent is not None else para
    source = spans["Source"].nearest(cue, lo, hi, avoid=content)
    chars = doc.char_span(*source, alignment_mode="expand") if source is not None else None
    source_tok = chars.root if chars is not None else None
    return Found(cue, source, source_tok, content, "other", head)


def to_chars(doc: Doc, ranges: Sequence[tuple[int, int]]) -> list[Offsets]:
    return [s for s in (char_span(doc, lo, hi) for lo, hi in ranges) if s is not None]


def doubted(doc: Doc, cue: Offsets, inside: dict[int, float]) -> bool:
    """Does the tagger give every token of a rule's cue little chance of being one?"""
    chars = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    return chars is not None and max((inside.get(t.i, 1.0) for t in chars), default=1.0) < DROP


Tagging = Callable[[Doc, Sequence[Found]], "dict[str, Tagged] | None"]


def refine(doc: Doc, found: list[Found], tag: Tagging | None = None) -> list[Found]:
    """`tag`: the accurate mode's `encoder.tag_doc`; by default the CRF tagger's."""
    tagged = (tag or tag_doc)(doc, found)
    if tagged is None:
        return found
    spans = {label: Disjoint(to_chars(doc, t.spans)) for label, t in tagged.items()}
    text = doc_text(doc)
    quoted = Enclosing([f.content for f in found if f.form == "direct"])
    kept = []
    for f in found:
        # a report nested in a quotation stays ("I think ..."): the hedge is the speaker's
        if (
            f.cue is not None
            and f.form != "direct"
            and doubted(doc, f.cue, tagged["Cue"].inside)
            and not quoted.encloses(f.cue)
        ):
            continue
        snapped(f, spans, text)
        kept.append(f)
    known = merged([f.cue for f in kept if f.cue is not None])
    paras = [p for p in (char_span(doc, lo, hi) for lo, hi in paragraphs(doc)) if p is not None]
    para_starts = [p[0] for p in paras]
    for cue in spans["Cue"].spans:
        if known.overlapping(cue):
            continue
        k = bisect_right(para_starts, cue[0]) - 1
        if k < 0 or not paras[k][0] <= cue[0] < paras[k][1]:
            continue
        new = new_attribution(doc, cue, spans, paras[k])
        if new is not None:
            kept.append(new)
    return kept
