"""The reporter's statements about certainty: caveats with status and scope.

Phrases come from `knowledge/caveats.jsonl` ("has not been verified" ->
unverified, "almost certain" -> speculative, ...), matched per sentence. A
caveat's scope is the claim it qualifies: the subject clause ("Whether X
reached Iran has not been verified"), the rest of the sentence ("It was not
possible to confirm ... why flights increased") or the clause it sits in
(a source's "might"). Two attributions of one sentence from different
sources set against each other ("some reports indicated ..., while other
sources indicated ...") are a conflicting account: disputed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsledger.extract.context import Context
from newsledger.extract.patternset import PatternSet
from newsledger.extract.sourcing.quotes import doc_text
from newsledger.knowledge import load_records
from newsledger.models import Attribution, Caveat, Span, span_of

CONTRAST = {"while", "whereas", "but", "however"}


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern[str]
    status: str
    scope: str


@lru_cache(maxsize=1)
def phrases() -> tuple[Phrase, ...]:
    return tuple(
        Phrase(
            re.compile(r"\b(?:" + r["pattern"] + r")", re.IGNORECASE),
            r["status"],
            r.get("scope", "sentence"),
        )
        for r in load_records("caveats.jsonl")
    )


@lru_cache(maxsize=1)
def phrase_set() -> PatternSet:
    return PatternSet([p.pattern for p in phrases()])


def clause_of(tok: Token) -> Token:
    """The nearest verb above `tok` that heads a clause (has a subject or is a root)."""
    node = tok
    for _ in range(20):
        if node.pos_ in ("VERB", "AUX") and (
            node.dep_ in ("ROOT", "ccomp", "advcl", "conj", "relcl", "parataxis")
            or any(c.dep_.startswith("nsubj") for c in node.children)
        ):
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return node


TRIM = ' ,.;:—–-\n“”"‘’'


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end) if end > start else None


def scope_of(sent: SpacySpan, start: int, end: int, how: str) -> tuple[int, int] | None:
    """The claim a caveat qualifies, inside its sentence and paragraph."""
    found = _scope(sent, start, end, how)
    if found is None:
        return None
    text = doc_text(sent.doc)
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    return trimmed(text, max(found[0], para_start), min(found[1], para_end))


def _scope(sent: SpacySpan, start: int, end: int, how: str) -> tuple[int, int] | None:
    text = doc_text(sent.doc)
    first = sent.doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return None
    tok = first[0]
    if how == "subject":  # "Whether X reached Iran has not been verified"
        subject = trimmed(text, sent.start_char, start)
        if subject:
            return subject
    if how == "clause":
        head = clause_of(tok)
        lo = max(head.left_edge.idx, sent.start_char)
        hi = min(head.right_edge.idx + len(head.right_edge.text), sent.end_char)
        return trimmed(text, lo, hi)
    before = trimmed(text, sent.start_char, start)
    after = trimmed(text, end, sent.end_char)
    sizes = [(s[1] - s[0], s) for s in (before, after) if s]
    return max(sizes)[1] if sizes else None


def is_noun_at(sent: SpacySpan, start: int, end: int) -> bool:
    """ "with all their might": a one-word hedge used as a noun is no hedge."""
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].pos_ == "NOUN"


def phrase_caveats(ctx: Context) -> list[tuple[int, int, str, tuple[int, int] | None]]:
    """Caveat phrases of the lexicon; an earlier phrase wins where two overlap.

    The patterns run over the whole text (not once per sentence: spaCy
    rebuilds a sentence's text on every access), as one `PatternSet`, and
    matches are mapped to their sentence by offset."""
    text = doc_text(ctx.doc)
    sents = list(ctx.doc.sents)
    sent_starts = [sent.start_char for sent in sents]
    found: list[tuple[int, int, str, tuple[int, int] | None]] = []
    taken: list[tuple[int, int]] = []
    for k, m in phrase_set().finditer(text):
        phrase = phrases()[k]
        start, end = m.start(), m.end()
        sent = sents[bisect_right(sent_starts, start) - 1] if sents else None
        if sent is None or end > sent.end_char:
            continue  # a phrase never spans two sentences
        if any(s < end and start < e for s, e in taken) or is_noun_at(sent, start, end):
            continue
        taken.append((start, end))
        found.append((start, end, phrase.status, scope_of(sent, start, end, phrase.scope)))
    return found


def conflicting(ctx: Context) -> list[tuple[int, int, str, tuple[int, int] | None]]:
    """ "Some reports indicated X, while other sources indicated Y": disputed."""
    found = []
    by_sentence: dict[int, list[Attribution]] = {}
    for a in ctx.attributions:
        if a.cue is None or a.source_span is None:
            continue
        tok = ctx.doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        if tok is not None:
            by_sentence.setdefault(tok[0].sent.start, []).append(a)
    for start, group in by_sentence.items():
        for a, b in pairwise(group):
            if a.source == b.source or a.source_span is None or b.source_span is None:
                continue
            between = doc_text(ctx.doc)[a.cue.end : b.source_span.start].lower() if a.cue else ""
            if not set(re.findall(r"\w+", between)) & CONTRAST:
                continue
            sent = ctx.doc[start].sent
            found.append(
                (
                    a.source_span.start,
                    b.cue.end if b.cue else b.source_span.end,
                    "disputed",
                    trimmed(doc_text(ctx.doc), sent.start_char, sent.end_char),
                )
            )
    return found


def extract_caveats(ctx: Context) -> list[Caveat]:
    text = ctx.article.text
    items = sorted(phrase_caveats(ctx) + conflicting(ctx), key=lambda c: (c[0], c[1]))
    caveats: list[Caveat] = []
    for start, end, status, scope in items:
        span: Span | None = span_of(text, *scope) if scope else None
        caveats.append(
            Caveat(
                id=f"C{len(caveats) + 1}",
                start=start,
                end=end,
                text=text[start:end],
                status=status,  # type: ignore[arg-type]
                scope=span,
            )
        )
    return caveats
