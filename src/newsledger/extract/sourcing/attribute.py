"""From parse cues and quotes to the article's attributions."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsledger.extract.repeats import normalise
from newsledger.extract.sourcing import encoder
from newsledger.extract.sourcing.cues import (
    Found,
    Offsets,
    find_in_sentence,
    is_cue_verb,
    source_span,
    subject_of,
)
from newsledger.extract.sourcing.lexicon import lexicon
from newsledger.extract.sourcing.quotes import (
    Quote,
    doc_text,
    find_quotes,
    first_ending_after,
    quote_at,
)
from newsledger.extract.sourcing.refine import refine
from newsledger.nlp import labels
from newsledger.nlp.paragraphs import paragraph_spans

# A wire dateline opening a paragraph: "BAGHDAD, March 3, 2026 (Wire) - ", "KIRKUK, Iraq - ".
DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{2,}(?:,[^\n()\-—–]{1,40})?[ \t]*(?:\([^()\n]{1,60}\))?[ \t]+[-—–]{1,2}[ \t]+"
)
# "TAPPER: ...", "Sen. Graham: Trump's ...": a line opened by a speaker's name and a colon.
SPEAKER_LINE = re.compile(
    r"^[ \t]*((?:[A-Z][\w.’'-]*|\([A-Z-]+\))(?:[ "
    r"\t]+(?:[A-Z][\w.’'-]*|\([A-Z-]+\)|of|al-\w+)){0,4}):[ \t]+(?=\S)"
)


def extend_to_quote(found: Found, quotes: tuple[Quote, ...]) -> None:
    """Content that starts or ends inside a quote takes the whole quote."""
    start, end = found.content
    cue = found.cue[0] if found.cue else start
    for k in range(first_ending_after(quotes, start), len(quotes)):  # not a slice: no copy
        q = quotes[k]
        lo, hi = q.inner
        if lo >= end:  # in order: every later quote starts later still
            break
        if hi <= start:
            continue
        if q.start <= cue < q.end:  # a cue inside the quote: content stays inside too
            found.content = (max(start, lo), min(end, hi))
            return
        inside_start = lo <= start < hi
        inside_end = lo < end <= hi
        if inside_start and inside_end:
            found.content = (lo, hi)
            return
        if inside_start:
            start = min(start, lo)
        if inside_end:
            end = max(end, hi)
    found.content = (start, end)


def quote_form(found: Found, quotes: tuple[Quote, ...]) -> str:
    """direct: the content is quoted; mixed: partly quoted; indirect: reported speech."""
    if found.form == "according_to":
        return found.form
    start, end = found.content
    quoted = 0
    for k in range(first_ending_after(quotes, start), len(quotes)):  # not a slice: no copy
        lo, hi = quotes[k].inner
        if lo >= end:
            break
        quoted += max(0, min(end, hi) - max(start, lo))
    share = quoted / max(1, end - start)
    if share >= 0.8:
        return "direct"
    return "mixed" if share > 0 else "indirect"


def continue_quote(found: Found, quotes: tuple[Quote, ...], cues: list[Offsets]) -> None:
    """'"A," he said. "B."' and '"A," he said, "but B."': the quote that resumes
    right after the speaker's clause or sentence is his too."""
    if found.head is None or found.cue is None or found.content[1] > found.cue[0]:
        return
    text = doc_text(found.head.doc)
    verb = found.head
    for pos in (found.cue[1], verb.right_edge.idx + len(verb.right_edge.text), verb.sent.end_char):
        while pos < len(text) and text[pos] in " \t,.":
            pos += 1
        q = quote_at(quotes, pos)
        if (
            q is None or pos > q.inner[0] or q.start < found.content[1]
        ):  # the parse may end on the mark
            continue
        tail = text[q.end : q.end + 80].split("\n", 1)[0]
        if any(q.end <= c[0] < q.end + len(tail) for c in cues):  # '"B," she said': her own
            return
        found.content = (found.content[0], q.inner[1])
        return


def find_attributions(doc: Doc, learned: bool = False, accurate: bool = False) -> list[Found]:
    """Every attribution in `doc`, by the parse rules, corrected and completed
    by the learned span tagger when `learned` (and its models are shipped), or
    by the accurate mode's encoder when `accurate` (which wins over `learned`)."""
    quotes = find_quotes(doc_text(doc))
    found: list[Found] = []
    for sent in doc.sents:
        for f in find_in_sentence(sent):
            extend_to_quote(f, quotes)
            found.append(f)
    cues = [f.cue for f in found if f.cue is not None]
    for f in found:
        continue_quote(f, quotes, cues)
        f.form = quote_form(f, quotes)
    found += introduced_quotes(doc, quotes, found)
    found += signed_quotes(doc, quotes, found)
    found += speaker_lines(doc, found)
    if learned or accurate:
        found = refine(doc, found, encoder.tag_doc) if accurate else refine(doc, found)
        for f in found:
            if f.form == "other":  # found by the tagger alone
                f.form = quote_form(f, quotes)
    for f in found:
        f.content = without_dateline(doc_text(doc), f.content)
    found.sort(key=lambda f: (f.cue or f.content)[0])
    pulled = pull_quotes(doc_text(doc), found)
    found = [
        f
        for f in found
        if not any(p.content[0] <= (f.cue or f.content)[0] < p.content[1] for p in pulled)
    ]
    for p in pulled:  # indexes shift once the pull quotes' own parses are dropped
        p.copy_of = next((i for i, f in enumerate(found) if f is p.origin), None)
    return found + [p for p in pulled if p.copy_of is not None]


def without_dateline(text: str, content: Offsets) -> Offsets:
    """Content that opens a paragraph starts after the wire dateline, which is
    where and by whom the report was filed, not what the source said."""
    start, end = content
    if start > 0 and text[start - 1] != "\n":
        return content
    m = DATELINE.match(text, start, end)
    return (m.end(), end) if m and m.end() < end else content


def covered(span: Offsets, found: list[Found]) -> bool:
    return any(f.content[0] < span[1] and span[0] < f.content[1] for f in found)


def introduced_quotes(doc: Doc, quotes: tuple[Quote, ...], found: list[Found]) -> list[Found]:
    """'X accompanied the video with a comment: "..."': a quote after a colon
    belongs to the subject of the clause that introduces it."""
    text = doc_text(doc)
    out = []
    for q in quotes:
        before = text[: q.start].rstrip()
        outside = [f for f in found if not (f.cue and q.start <= f.cue[0] < q.end)]
        if not before.endswith(":") or covered(q.inner, outside):
            continue
        colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if colon is None:
            continue
        tok = colon[0]
        intro = doc[tok.i - 1] if tok.i > 0 else tok
        root = intro
        while root.pos_ not in ("VERB", "AUX") and root.head.i != root.i and root.head.i < tok.i:
            root = root.head
        subj = subject_of(root)
        if subj is None:
            continue
        cue_tok = intro if intro.lemma_.lower() in lexicon().nouns or is_cue_verb(intro) else root
        out.append(
            Found(
                (cue_tok.idx, cue_tok.idx + len(cue_tok.text)),
                source_span(subj, root),
                subj,
                q.inner,
                "direct",
                cue_tok,
            )
        )
    return out


def speaker_lines(doc: Doc, found: list[Found]) -> list[Found]:
    """Transcript turns and headline attributions ("FALLIN: I think ..."): the
    name before the colon is the speaker of the rest of the line."""
    text = doc_text(doc)
    out = []
    for line_start, line_end in paragraph_spans(text):
        head = SPEAKER_LINE.match(text[line_start:line_end])
        if head is None:
            continue
        lo, colon = line_start + head.start(1), line_start + head.end(1)
        if any(f.source and line_start <= f.source[0] < line_start + head.end() for f in found):
            continue  # the name is already a speaker's subject in this line
        name = doc.char_span(lo, colon, alignment_mode="expand")
        if name is None or not is_speaker_name(name):
            continue
        if any(t.ent_type_ in ("DATE", "TIME", "CARDINAL") or t.tag_ == "POS" for t in name):
            continue
        content = (line_start + head.end(), line_end)
        out.append(Found((colon, colon + 1), (lo, colon), name.root, content, "direct", None))
    return out


def is_speaker_name(name: Span) -> bool:
    """A person or organisation the tagger knows, or a surname named elsewhere
    as a person ("TAPPER" after "Jake Tapper"); not "Correction" or "Twitter"."""
    if all(t.ent_type_ in labels.SPEAKERS for t in name if not t.is_punct):
        return True
    last = name[-1].lower_
    return any(
        e.label_ == "PERSON" and e[-1].lower_ == last and e.start != name[-1].i
        for e in name.doc.ents
    )


DASHES = "―—–"


def signed_quotes(doc: Doc, quotes: tuple[Quote, ...], found: list[Found]) -> list[Found]:
    """'"..." ― Pamela Padilla': a quote signed with a dash and a name."""
    text = doc_text(doc)
    out = []
    for q in quotes:
        pos = q.end
        while pos < len(text) and text[pos] in " \u00a0":
            pos += 1
        if pos >= len(text) or text[pos] not in DASHES or covered(q.inner, found):
            continue
        span = doc.char_span(pos + 1, min(len(text), pos + 80), alignment_mode="expand")
        if span is None:
            continue
        names: list[Token] = []
        for tok in span:
            if tok.is_space or (tok.is_punct and not names):
                continue
            if tok.pos_ != "PROPN":
                break
            names.append(tok)
        if names:
            head = names[-1]
            out.append(
                Found(
                    (pos, pos + 1),
                    (names[0].idx, head.idx + len(head.text)),
                    head,
                    q.inner,
                    "direct",
                    None,
                )
            )
    return out


def pull_quotes(text: str, found: list[Found]) -> list[Found]:
    """A paragraph repeated from a quote elsewhere is that speaker's pull quote."""
    out = []
    sourced = [f for f in found if f.source is not None]
    quoted = [
        (f, normalise(text[f.content[0] : f.content[1]]))
        for f in found
        if f.form in ("direct", "mixed")
    ]
    for span in paragraph_spans(text):
        line = text[span[0] : span[1]]
        words = normalise(line)
        if len(words.split()) < 6 or covered(span, sourced):
            continue
        for f, quote in quoted:
            if words in quote:
                trimmed = line.strip()
                start = span[0] + line.find(trimmed)
                out.append(
                    Found(None, None, None, (start, start + len(trimmed)), "direct", None, origin=f)
                )
                break
    return out
