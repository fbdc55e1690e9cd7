"""Paragraphs of an article: its lines, as ingest writes one paragraph a line.

One definition for every pass that works paragraph by paragraph (repeated
pull quotes, speaker lines, quotes running over paragraphs, the span tagger's
sequences), so they agree on where a paragraph ends.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

LINE = re.compile(r"[^\n]+")
LINE_BREAK = re.compile("\n")


def paragraph_spans(text: str, blank: bool = True) -> list[tuple[int, int]]:
    """(start, end) character offsets of the paragraphs (the non-empty lines).
    `blank=False` leaves out lines of white space only."""
    spans = [m.span() for m in LINE.finditer(text)]
    return spans if blank else [(s, e) for s, e in spans if not text[s:e].isspace()]


def token_paragraphs(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs of `doc` (whose text is `text`): a range ends
    at each token holding a line break. Read from the text's line breaks: walking
    the tokens costs more."""
    starts = doc.to_array("IDX").tolist()
    ends = sorted({bisect_right(starts, m.start()) - 1 for m in LINE_BREAK.finditer(text)})
    out, start = [], 0
    for last in ends:
        if last + 1 > start:
            out.append((start, last + 1))
        start = last + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out
