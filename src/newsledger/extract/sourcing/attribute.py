"""From parse cues and quotes to the article's attributions."""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.extract.sourcing.cues import Found, Offsets, find_in_sentence
from newsledger.extract.sourcing.quotes import Quote, find_quotes, quote_at


def extend_to_quote(found: Found, quotes: tuple[Quote, ...]) -> None:
    """Content that starts or ends inside a quote takes the whole quote."""
    start, end = found.content
    for q in quotes:
        lo, hi = q.inner
        if hi <= start or lo >= end:
            continue
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
    if found.form == "according_to":
        return found.form
    start, end = found.content
    for q in quotes:
        lo, hi = q.inner
        if lo <= start and end <= hi + 1:
            return "direct"
        if start < lo and hi <= end:
            return "mixed"
    return "indirect"


def continue_quote(found: Found, quotes: tuple[Quote, ...], cues: list[Offsets]) -> None:
    """'"A," he said. "B."': the quote right after the speaker's sentence is his too."""
    if found.head is None or found.cue is None or found.content[1] > found.cue[0]:
        return
    text = found.head.doc.text
    pos = found.head.sent.end_char
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    q = quote_at(quotes, pos)
    if q is None or q.start != pos or any(q.start <= c[0] < q.end for c in cues):
        return
    found.content = (found.content[0], q.inner[1])


def find_attributions(doc: Doc) -> list[Found]:
    quotes = find_quotes(doc.text)
    found: list[Found] = []
    for sent in doc.sents:
        for f in find_in_sentence(sent):
            extend_to_quote(f, quotes)
            found.append(f)
    cues = [f.cue for f in found if f.cue is not None]
    for f in found:
        continue_quote(f, quotes, cues)
        f.form = quote_form(f, quotes)
    return found
