"""Attribution cues over the dependency parse: the verb, its speaker, its content.

Span conventions follow PolNeAR (the gold set we measure on): the cue is the
reporting verb with its auxiliaries and particle ("has said", "pointed out");
the source is the subject at that place with its whole subtree (appositions
included, "who" in a relative clause, a pronoun); the content is the verb's
clausal complement with "that", or its object and what follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from newsledger.extract.sourcing.lexicon import STRONG, WEAK, lexicon

Offsets = tuple[int, int]

SUBJECTS = {"nsubj", "csubj"}
CLAUSES = {"ccomp", "xcomp"}
# Right-hand children that belong to a cue's content (not time, manner, other verbs).
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "dative", "prep", "oprd", "attr", "acomp", "pcomp", "obj"}
CUE_PARTS = {"aux", "auxpass", "neg", "prt"}
PUNCT = set(",.;:!?\"'“”‘’—–-()")


@dataclass
class Found:
    """One attribution found in the parse, as character offsets."""

    cue: Optional[Offsets]
    source: Optional[Offsets]
    source_tok: Optional[Token]  # head token of the source mention
    content: Offsets
    form: str
    head: Optional[Token] = None  # the cue's head token


def tok_span(first: Token, last: Token) -> Offsets:
    return first.idx, last.idx + len(last.text)


def subtree_span(tok: Token) -> Offsets:
    return tok_span(tok.left_edge, tok.right_edge)


def trim_tokens(doc: Doc, start: int, end: int) -> Optional[Offsets]:
    """Offsets of tokens [start, end) without punctuation at either end."""
    while start < end and doc[start].text in PUNCT:
        start += 1
    while end > start and doc[end - 1].text in PUNCT:
        end -= 1
    if start >= end:
        return None
    return tok_span(doc[start], doc[end - 1])


def is_cue_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
        return False
    strength = lexicon().verbs.get(tok.lemma_.lower(), 0.0)
    if strength >= STRONG:
        return True
    if strength >= WEAK:
        return any(c.dep_ == "ccomp" for c in tok.children) or tok.dep_ in ("parataxis",)
    return False


def cue_span(verb: Token) -> Offsets:
    """The verb with its auxiliaries, negation and particle, when adjacent."""
    parts = [verb] + [c for c in verb.children if c.dep_ in CUE_PARTS]
    lo = min(p.i for p in parts)
    hi = max(p.i for p in parts)
    doc = verb.doc
    # keep only the run of cue parts touching the verb (no gaps over other words)
    i = verb.i
    while i - 1 >= lo and (doc[i - 1] in parts or doc[i - 1].dep_ == "advmod" and doc[i - 2] in parts):
        i -= 1
    j = verb.i
    while j + 1 <= hi and doc[j + 1] in parts:
        j += 1
    return tok_span(doc[i], doc[j])


def subject_of(verb: Token) -> Optional[Token]:
    """The speaker: own subject, the agent of a passive, or a shared subject."""
    for c in verb.children:
        if c.dep_ in SUBJECTS:
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None
        return subject_of(verb.head)
    return None


def source_span(tok: Token) -> Offsets:
    doc = tok.doc
    span = trim_tokens(doc, tok.left_edge.i, tok.right_edge.i + 1)
    return span if span else subtree_span(tok)


def content_after(verb: Token) -> Optional[Offsets]:
    """Content to the right of the cue: complement clause or object and beyond."""
    doc = verb.doc
    kids = [c for c in verb.rights if c.dep_ in CONTENT_DEPS]
    if not kids:
        return None
    clauses = [c for c in kids if c.dep_ == "ccomp"]
    if clauses:
        kids = clauses
    elif verb.lemma_.lower() in ("tell", "ask", "remind", "assure", "inform") and len(kids) > 1:
        kids = [c for c in kids if c.dep_ != "dative" and c.dep_ != "dobj"] or kids
    first = min(c.left_edge.i for c in kids)
    last = max(c.right_edge.i for c in kids)
    return trim_tokens(doc, first, last + 1)


def content_before(verb: Token) -> Optional[Offsets]:
    """Content to the left: "..., he said" where the clause is the verb's head or child."""
    doc = verb.doc
    left = [c for c in verb.lefts if c.dep_ in ("ccomp", "parataxis", "dobj")]
    if left:
        first = min(c.left_edge.i for c in left)
        last = max(c.right_edge.i for c in left)
        return trim_tokens(doc, first, last + 1)
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i < verb.i:
        head = verb.head
        end = verb.left_edge.i
        return trim_tokens(doc, head.left_edge.i, end)
    return None


def from_verb(verb: Token) -> Optional[Found]:
    content = content_after(verb)
    before = content_before(verb)
    if content is None or (before is not None and not any(c.dep_ == "ccomp" for c in verb.rights)
                           and verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i):
        content = before or content
    if content is None:
        return None
    subj = subject_of(verb)
    source = source_span(subj) if subj is not None else None
    if source and source[0] < content[1] and content[0] < source[1]:
        return None  # the "speaker" sits inside the content: a parse we cannot use
    form = "indirect"
    return Found(cue_span(verb), source, subj, content, form, verb)


def according_to(tok: Token) -> Optional[Found]:
    """"according to X, Y" and "Y, according to X"."""
    doc = tok.doc
    if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    source = source_span(objs[0]) if objs else None
    phrase_lo, phrase_hi = tok.left_edge.i, max(tok.right_edge.i, to.right_edge.i)
    sent = tok.sent
    head = tok.head if tok.head is not tok else sent.root
    lo, hi = head.left_edge.i, head.right_edge.i
    if phrase_lo - lo >= hi - phrase_hi:  # the claim is before the phrase
        content = trim_tokens(doc, max(lo, sent.start), phrase_lo)
    else:
        content = trim_tokens(doc, phrase_hi + 1, min(hi, sent.end - 1) + 1)
    if content is None:
        return None
    cue = tok_span(tok, to)
    return Found(cue, source, objs[0] if objs else None, content, "according_to", tok)


def find_in_sentence(sent: Span) -> Iterator[Found]:
    for tok in sent:
        if tok.lower_ == "according":
            found = according_to(tok)
        elif is_cue_verb(tok):
            found = from_verb(tok)
        else:
            continue
        if found is not None:
            yield found
