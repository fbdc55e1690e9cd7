"""Attribution cues over the dependency parse: the verb, its speaker, its content.

Span conventions follow PolNeAR (the gold set we measure on): the cue is the
reporting verb with its auxiliaries and particle ("has said", "pointed out");
the source is the subject at that place with its whole subtree (appositions
included, "who" in a relative clause, a pronoun); the content is the verb's
clausal complement with "that", or its object and what follows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsledger.extract.sourcing import model
from newsledger.extract.sourcing.lexicon import STRONG, WEAK, lexicon
from newsledger.extract.sourcing.quotes import doc_text, find_quotes, quote_at
from newsledger.knowledge import prepositions, word_list

Offsets = tuple[int, int]

SUBJECTS = {"nsubj", "csubj"}
CLAUSES = {"ccomp", "xcomp"}
# Right-hand children that belong to a cue's content (not time, manner, other verbs).
TRAILING = {"advcl", "appos", "relcl", "npadvmod"}
CLAUSES_OF_NOUN = {"relcl", "acl"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "dative", "prep", "oprd", "attr", "acomp", "pcomp", "obj"}
CUE_PARTS = {"aux", "auxpass", "neg", "prt"}
CUE_RIGHT = {"prt", "prep"}
COLON = {":"}
ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,3}\.")  # "Mr.", "Sen.", "J."
SPINE_DEPTH = 8  # how far down the right spine a trailing ", doing ..." is looked for
MARGIN = 0.0  # added to the model threshold: higher trades recall for precision
PUNCT = set(",.;:!?\"'“”‘’—–-()")


@dataclass
class Found:
    """One attribution found in the parse, as character offsets."""

    cue: Offsets | None
    source: Offsets | None
    source_tok: Token | None  # head token of the source mention
    content: Offsets
    form: str
    head: Token | None = None  # the cue's head token
    copy_of: int | None = None  # a pull quote: index of the body attribution it repeats
    origin: Found | None = None  # a pull quote: the body attribution it repeats


def tok_span(first: Token, last: Token) -> Offsets:
    return first.idx, last.idx + len(last.text)


def subtree_span(tok: Token) -> Offsets:
    return tok_span(tok.left_edge, tok.right_edge)


def paragraph_bounds(tok: Token, lo: int, hi: int) -> tuple[int, int]:
    """Token bounds [lo, hi] narrowed to the paragraph of `tok` (parses cross line breaks)."""
    doc = tok.doc
    for k in range(tok.i - 1, lo - 1, -1):
        if "\n" in doc[k].text_with_ws or doc[k].is_space:
            lo = k + 1
            break
    for k in range(tok.i, hi + 1):
        if "\n" in doc[k].text_with_ws or doc[k].is_space:
            hi = k if not doc[k].is_space else k - 1
            break
    return lo, hi


def trim_tokens(doc: Doc, start: int, end: int) -> Offsets | None:
    """Offsets of tokens [start, end) without punctuation at either end."""
    while start < end and (
        doc[start].text in PUNCT or (doc[start].dep_ == "cc" and start + 1 < end)
    ):
        start += 1
    while end > start and doc[end - 1].text in PUNCT:
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start:end]):
            break  # "Sen. Ted Cruz (R-Texas)": a closed parenthesis stays
        end -= 1
    if start >= end:
        return None
    return tok_span(doc[start], doc[end - 1])


def is_cue_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
        return False
    if tok.pos_ == "VERB":
        quoted = quote_at(find_quotes(doc_text(tok.doc)), tok.idx) is not None
        learned = model.score(tok, quoted)
        if learned is not None and learned > model.threshold() + MARGIN:
            return True
        if learned is not None and not (quoted and nested_report(tok)):
            return False  # the lexicon alone decides only nested reports inside quotes
    strength = lexicon().verbs.get(tok.lemma_.lower(), 0.0)
    if strength >= STRONG:
        return True
    if strength >= WEAK:
        return any(c.dep_ == "ccomp" for c in tok.children) or tok.dep_ in ("parataxis",)
    return False


def nested_report(verb: Token) -> bool:
    """'... eyewitnesses in Ahvaz reported that ...' inside a quote: a third party
    (not "I", "we", "it") reporting a clause."""
    if not any(c.dep_ == "ccomp" for c in verb.children):
        return False
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c.pos_ != "PRON" and (
                bool(c.ent_type_) or c.lemma_.lower() in lexicon().source_kinds
            )
    return False


def cue_span(verb: Token, content: Offsets, subj: Token | None) -> Offsets:
    """The verb with adjacent auxiliaries, negation and adverbs on its left, and on
    its right the particles, prepositions and time words that are neither the
    content nor the speaker ("said in a statement", "called for", "said Sunday")."""
    doc = verb.doc
    i = verb.i
    while i - 1 >= 0 and _left_part(doc[i - 1], verb):
        i -= 1
    chain = chain_head(verb)
    if chain is not None:  # "refused to call", "appeared to imply": the whole chain
        i = chain.i
        while i - 1 >= 0 and _left_part(doc[i - 1], chain):
            i -= 1
    j = verb.i
    skip = set(range(subj.left_edge.i, subj.right_edge.i + 1)) if subj is not None else set()
    content_left = content[1] <= verb.idx
    for child in verb.rights:
        if child.left_edge.i != j + 1 or child.dep_ not in CUE_RIGHT:
            break
        if child.dep_ == "prep" and not _cue_prep(child) and not _channel(child):
            break
        if not content_left and child.dep_ not in ("prt", "prep"):
            break
        lo, hi = tok_span(child.left_edge, child.right_edge)
        if child.i in skip:
            break
        if lo < content[1] and content[0] < hi:
            if child.dep_ == "prep" and content[0] > child.idx:  # "called for" + content
                j = child.i
            break
        j = child.right_edge.i
    return tok_span(doc[i], doc[j])


def chain_head(verb: Token) -> Token | None:
    """The verb governing `verb` as "head to verb" with only "to" and adverbs between."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.pos_ not in ("VERB", "AUX") or head.i >= verb.i:
        return None
    between = verb.doc[head.i + 1 : verb.i]
    short = len(between) <= 3 and all(
        t.lower_ == "to" or t.dep_ in ("aux", "advmod", "neg") for t in between
    )
    # "went so far as to say", "met last week to discuss": a longer stretch ending in "to"
    longer = (
        0 < len(between) <= 6
        and between[-1].lower_ == "to"
        and not any(t.is_punct for t in between)
    )
    if not (short or longer):
        return None
    return head


def _channel(prep: Token) -> bool:
    """ "in a statement": the channel PolNeAR counts as part of the cue."""
    return prep.lower_ == "in" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in lexicon().channels for c in prep.children
    )


def _cue_prep(prep: Token) -> bool:
    """ "said of X", "called on X": a preposition about the topic, not the time or place."""
    if prep.lower_ not in prepositions("cue"):
        return False
    return not any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _left_part(tok: Token, verb: Token) -> bool:
    """An auxiliary, negation or adverb of the verb standing right before it."""
    if tok.head.i != verb.i and not (tok.head.head.i == verb.i and tok.head.dep_ in CUE_PARTS):
        return False
    if tok.dep_ in ("aux", "auxpass", "neg"):
        return True
    return tok.dep_ == "advmod" and tok.tag_ == "RB" and tok.i < verb.i


def subject_of(verb: Token) -> Token | None:
    """The speaker: own subject, the agent of a passive, or a shared subject."""
    for c in verb.children:
        if c.dep_ in SUBJECTS:
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    doc = verb.doc
    if (
        verb.tag_ == "VBG"
        and verb.i > 0
        and doc[verb.i - 1].text == ","
        and verb.sent.root.i != verb.i
    ):
        return subject_of(verb.sent.root)  # "..., commenting that": the main speaker
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None
        return subject_of(verb.head)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.head.i != verb.head.i:
        return subject_of(verb.head.head)  # "After saying X, she ...": her
    return None


def passive_content(verb: Token) -> Offsets | None:
    """ "The issue was first reported by the Post": the passive subject is what
    the agent reports."""
    if not any(c.dep_ == "agent" for c in verb.children):
        return None
    for c in verb.lefts:
        if c.dep_ == "nsubjpass":
            return trim_tokens(verb.doc, c.left_edge.i, c.right_edge.i + 1)
    noun = verb.head
    if verb.dep_ == "acl" and noun.i < verb.i:  # "a sentiment endorsed by X"
        return trim_tokens(verb.doc, noun.left_edge.i, verb.left_edge.i)
    return None


def inverted_subject(verb: Token, content: Offsets) -> Token | None:
    """ "'...,' added a Democrat": a speaker parsed as the object after the verb."""
    if content[1] > verb.idx:
        return None
    for c in verb.rights:
        if c.dep_ in ("dobj", "attr", "oprd") and c.pos_ in ("NOUN", "PROPN"):
            return c
    return stranded_subject(verb, content)


def stranded_subject(verb: Token, content: Offsets) -> Token | None:
    """'"...," Flynn, a surrogate, said': the words between the quote and the
    verb name the speaker even when the parser hung them inside the quote."""
    doc = verb.doc
    words = [t for t in doc[verb.sent.start : verb.i] if t.idx >= content[1] and not t.is_punct]
    nouns = [t for t in words if t.pos_ in ("PROPN", "NOUN", "PRON")]
    if not nouns or len(words) > 12:
        return None
    return nouns[0] if nouns[0].pos_ == "PROPN" else nouns[-1]


def source_span(tok: Token, verb: Token | None = None) -> Offsets:
    """The subject's subtree, kept inside its sentence and paragraph, before the verb."""
    doc = tok.doc
    lo, hi = max(tok.left_edge.i, tok.sent.start), right_end(tok, CLAUSES_OF_NOUN) + 1
    if verb is not None and tok.i < verb.i:
        hi = min(hi, verb.i)
    elif verb is not None and not any(c.dep_ == "relcl" and is_cue_verb(c) for c in tok.rights):
        hi = (
            min(tok.right_edge.i, tok.sent.end - 1) + 1
        )  # '"...," said X, who ...': the clause too,
        # unless the clause is a report of its own ('said X, who noted that ...')
    for k in range(tok.i - 1, lo - 1, -1):  # a dateline or a line break before the name
        if "\n" in doc[k].text_with_ws or (doc[k].text in ("—", "--", "–") and k < tok.i):
            lo = k + 1
            break
    span = trim_tokens(doc, lo, hi)
    return span if span else tok_span(tok, tok)


def content_after(verb: Token) -> Offsets | None:
    """Content to the right of the cue: complement clause, or object and beyond."""
    doc = verb.doc
    kids = [c for c in verb.rights if c.dep_ in CONTENT_DEPS]
    if not kids:
        return None
    clauses = [c for c in kids if c.dep_ == "ccomp"]
    if clauses:
        kids = clauses
    elif all(c.dep_ == "prep" for c in kids):
        # "called for X", "pointed to X": the preposition belongs to the cue
        topical = [c for c in kids if _cue_prep(c)]
        prep = topical[0] if topical else kids[0]
        objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if objs:
            return trim_tokens(doc, objs[0].left_edge.i, right_end(prep) + 1)
    elif verb.lemma_.lower() in word_list("cue_words.jsonl", "tell_like") and len(kids) > 1:
        kids = [c for c in kids if c.dep_ not in ("dative", "dobj")] or kids
    elif verb.lemma_.lower() in word_list("cue_words.jsonl", "tell_like") and is_addressee(kids[0]):
        return None  # '"...," a resident told the monitor': whom he told is not what he said
    first = min(c.left_edge.i for c in kids)
    last = max(right_end(c) for c in kids)
    return trim_tokens(doc, first, last + 1)


def is_addressee(tok: Token) -> bool:
    """A person, group or outlet as the object of "told": the one addressed."""
    if tok.dep_ not in ("dobj", "dative"):
        return False
    if tok.pos_ == "PRON" or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    return tok.lemma_.lower() in lexicon().source_kinds


def right_end(head: Token, trailing: frozenset[str] | set[str] | None = None) -> int:
    """Last token of `head`'s subtree, without a trailing ", doing ..." or ", which ..."
    set off by a comma (PolNeAR leaves those outside the content)."""
    doc = head.doc
    last = head.right_edge.i
    node = head
    for _ in range(SPINE_DEPTH):  # down the right spine: the tail may hang deeper
        rights = list(node.rights)
        for child in reversed(rights):
            before = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
            if child.right_edge.i != last or before is None or before.text != ",":
                break
            if child.dep_ in (trailing or TRAILING) and not (
                child.dep_ == "advcl" and child.tag_ != "VBG"
            ):
                last = before.i - 1
            else:
                break
        nxt = [c for c in node.rights if c.right_edge.i == last and c.dep_ != "punct"]
        if not nxt:
            break
        node = nxt[-1]
    return last


def colon_content(verb: Token) -> Offsets | None:
    """ "said of X: ..." -- what follows the colon in the verb's own clause."""
    doc = verb.doc
    for c in verb.rights:
        if c.text in COLON:
            sent_end = verb.sent.end
            return trim_tokens(doc, c.i + 1, max(c.right_edge.i + 1, sent_end))
    return None


def parenthetical_content(verb: Token) -> Offsets | None:
    """ "X, he said, Y" and "X, he said": the clause the cue interrupts or ends."""
    doc = verb.doc
    head = verb.head
    if head.i == verb.i or any(c.dep_ == "ccomp" for c in verb.children):
        return None
    marked_as = verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )
    if marked_as and verb.i < head.i:  # "As X reported, Y": Y
        return trim_tokens(doc, verb.right_edge.i + 1, head.right_edge.i + 1)
    own = any(c.dep_ in CONTENT_DEPS for c in verb.rights)
    if verb.dep_ == "parataxis" or (
        verb.dep_ in ("ccomp", "advcl") and head.i < verb.i and not own
    ):
        if verb.right_edge.i >= head.right_edge.i:  # the cue ends the clause
            return trim_tokens(doc, head.left_edge.i, verb.left_edge.i)
        return trim_tokens(doc, head.left_edge.i, head.right_edge.i + 1)
    return None


def _set_off(clause: Token, verb: Token) -> bool:
    """The clause ends with a comma or quote mark and only the speaker follows it."""
    doc = verb.doc
    nxt = clause.right_edge.i + 1
    if nxt >= len(doc) or doc[nxt].text not in PUNCT:
        return doc[clause.right_edge.i].text in PUNCT
    return True


def content_before(verb: Token) -> Offsets | None:
    """Content to the left: "'...,' he said" where the clause is the verb's child."""
    doc = verb.doc
    left = [c for c in verb.lefts if c.dep_ in ("ccomp", "parataxis", "dobj")]
    left = [c for c in left if _set_off(c, verb)]
    if left:
        first = min(c.left_edge.i for c in left)
        last = max(c.right_edge.i for c in left)
        return trim_tokens(doc, first, last + 1)
    return None


def adjacent_quote(verb: Token) -> Offsets | None:
    """'"...?" Vitter demanded.' and 'Trump said, "..."': a quote the parser did not
    attach, right before the speaker's words or right after the verb."""
    text = doc_text(verb.doc)
    quotes = find_quotes(text)
    before = [q for q in quotes if q.closed and q.end <= verb.idx]
    if before:
        q = before[-1]
        gap = ABBREVIATION.sub("", text[q.end : verb.idx])  # "Mr." ends no sentence
        if "\n" not in gap and not any(m in gap for m in '.?!"“”') and len(gap.split()) <= 12:
            return q.inner
    after = verb.right_edge.idx + len(verb.right_edge.text)
    for q in quotes:
        if q.start >= after and not text[after : q.start].strip(" ,:"):
            return q.inner
    return None


def continued(verb: Token, content: Offsets) -> Offsets:
    """'"X," the agency said, "and Y"': a clause joined to the cue after the
    content is the rest of what was said (PolNeAR joins both parts)."""
    if content[1] > verb.idx:
        return content
    for child in verb.rights:
        if child.dep_ != "conj" or child.pos_ not in ("VERB", "AUX"):
            continue
        if not any(c.dep_.startswith("nsubj") for c in child.children) or is_cue_verb(child):
            continue
        end = child.right_edge
        while end.i > child.i and end.text in PUNCT:
            end = end.doc[end.i - 1]
        return clip_to_paragraph(verb, (content[0], end.idx + len(end.text)))
    return content


def clip_to_paragraph(tok: Token, span: Offsets) -> Offsets:
    """Parse-derived content stays in the cue's paragraph (quotes extend it later)."""
    text = doc_text(tok.doc)
    para_start = text.rfind("\n", 0, tok.idx) + 1
    para_end = text.find("\n", tok.idx)
    para_end = len(text) if para_end == -1 else para_end
    start, end = max(span[0], para_start), min(span[1], para_end)
    return (start, end) if end > start else span


def from_verb(verb: Token) -> Found | None:
    content = (
        parenthetical_content(verb)
        or colon_content(verb)
        or content_before(verb)
        or content_after(verb)
        or adjacent_quote(verb)
        or passive_content(verb)
    )
    if content is None:
        return None
    content = clip_to_paragraph(verb, content)
    subj = subject_of(verb) or inverted_subject(verb, content)
    if (
        subj is not None
        and "\n" in doc_text(verb.doc)[min(subj.idx, verb.idx) : max(subj.idx, verb.idx)]
    ):
        return None  # the parse joined two paragraphs: no speaker across a line break
    if subj is not None and subj.lower_ == "it" and verb.dep_ == "xcomp":
        return None  # "it was not possible to confirm": the reporter, not a source
    source = source_span(subj, verb) if subj is not None else None
    inside = source is not None and source[0] < content[1] and content[0] < source[1]
    if inside and verb.dep_ != "parataxis":
        return None  # the "speaker" sits inside the content: a parse we cannot use
    if subj is None and not passive(verb):
        return None  # no speaker in reach: "supporting the protests" alone reports nothing
    if subj is None:
        content = raised_content(verb) or content
    cue = cue_span(verb, content, subj)
    return Found(cue, source, subj, continued(verb, content), "indirect", verb)


def passive(verb: Token) -> bool:
    """ "X is expected to win", "he was asked whether": a report with no speaker named."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def raised_content(verb: Token) -> Offsets | None:
    """ "Iowans are expected to attend": the passive subject and the clause together."""
    subj = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    clause = next((c for c in verb.rights if c.dep_ in ("xcomp", "ccomp")), None)
    if subj is None or clause is None:
        return None
    return trim_tokens(verb.doc, subj.left_edge.i, clause.right_edge.i + 1)


def origin_of(noun: Token) -> Token:
    """ "information obtained by X from multiple sources" -> "multiple sources"."""
    if noun.lemma_.lower() not in word_list("cue_words.jsonl", "carrier_nouns"):
        return noun
    for t in noun.subtree:
        if t.lower_ == "from" and t.dep_ == "prep":
            for g in t.children:
                if g.dep_ == "pobj":
                    return g
    return noun


def according_to(tok: Token) -> Found | None:
    """ "according to X, Y" and "Y, according to X"."""
    doc = tok.doc
    if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in tok.children if c.dep_ == "pobj"
    ]
    if objs:
        objs = [origin_of(objs[0])]
    source = source_span(objs[0]) if objs else None
    phrase_lo, phrase_hi = tok.left_edge.i, max(tok.right_edge.i, to.right_edge.i)
    sent = tok.sent
    head = tok.head if tok.head.i != tok.i else sent.root
    lo, hi = min(head.left_edge.i, sent.start), max(head.right_edge.i, sent.end - 1)
    # Narrowed to the sentence first: the paragraph scan then costs a sentence, not a paragraph.
    lo, hi = max(lo, sent.start), min(hi, sent.end - 1)
    lo, hi = paragraph_bounds(tok, lo, hi)
    left = [t for t in doc[lo:phrase_lo] if not t.is_punct and t.dep_ not in ("cc", "advmod")]
    right = [t for t in doc[phrase_hi + 1 : hi + 1] if not t.is_punct]
    if len(left) >= 3 and len(right) >= 3 and doc[phrase_lo - 1].text == ",":
        content = trim_tokens(doc, lo, hi + 1)  # "X, according to Y, Z": both parts
    elif phrase_lo - lo >= hi - phrase_hi:  # the claim is before the phrase
        content = trim_tokens(doc, max(lo, sent.start), phrase_lo)
    else:
        content = trim_tokens(doc, phrase_hi + 1, min(hi, sent.end - 1) + 1)
    if content is None:
        return None
    cue = tok_span(tok, to)
    return Found(cue, source, objs[0] if objs else None, content, "according_to", tok)


def find_in_sentence(sent: Span) -> Iterator[Found]:
    found = list(_in_sentence(sent))
    for f in found:  # "refused" inside "refused to call": the chain's attribution alone
        if not any(
            g is not f
            and g.cue
            and f.cue
            and g.cue[0] <= f.cue[0]
            and f.cue[1] <= g.cue[1]
            and g.cue != f.cue
            for g in found
        ):
            yield f


def _in_sentence(sent: Span) -> Iterator[Found]:
    for tok in sent:
        if tok.lower_ == "according":
            found = according_to(tok)
        elif is_cue_verb(tok):
            found = from_verb(tok)
        else:
            continue
        if found is not None:
            yield found
