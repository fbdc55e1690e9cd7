"""Quotation spans found on the raw characters, before any parse.

spaCy splits sentences inside long quotes, so quotes are found on the text:
curly pairs “…”, straight pairs "…", and quotes that run over several
paragraphs (each continuation paragraph reopens with a quote mark and only
the last one closes).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from newsledger.nlp.paragraphs import paragraph_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

OPEN = "“"
CLOSE = "”"


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end)
    closed: bool
    mark: int = 1  # length of the quote mark: 2 for ''

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the quoted words, without the marks."""
        end = self.end - self.mark if self.closed else self.end
        return self.start + self.mark, end


class Quotes(tuple[Quote, ...]):
    """A text's quotes, in order and never overlapping, with their offsets indexed once:
    the per-attribution and per-cue lookups bisect instead of passing over all quotes
    (an article of thousands of quotes made those quadratic)."""

    @cached_property
    def starts(self) -> list[int]:
        return [q.start for q in self]

    @cached_property
    def ends(self) -> list[int]:
        return [q.end for q in self]


def first_ending_after(quotes: tuple[Quote, ...], offset: int) -> int:
    """Index of the first quote that ends after `offset` (those before cannot overlap it)."""
    ends = quotes.ends if isinstance(quotes, Quotes) else [q.end for q in quotes]
    return bisect_right(ends, offset)


def _opener(text: str, i: int, start: int) -> str | None:
    """The closing mark that matches an opening mark at `i`, if one opens there."""
    ch = text[i]
    if ch == OPEN:
        return CLOSE
    if i > start and text[i - 1].isalnum():
        return None
    if text.startswith("''", i):  # typewriter double quote of some newswires
        return "''"
    return '"' if ch == '"' else None


def _in_paragraph(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open, close, closed) quote pairs inside one paragraph."""
    found: list[tuple[int, int, bool]] = []
    i = start
    while i < end:
        closer = _opener(text, i, start)
        if closer is None:
            i += 1
            continue
        j = text.find(closer, i + len(closer), end)
        if j == -1:
            found.append((i, end, False))
            break
        found.append((i, j + len(closer), True))
        i = j + len(closer)
    return found


@lru_cache(maxsize=64)
def find_quotes(text: str) -> Quotes:
    """Every quotation, multi-paragraph ones joined into one."""
    quotes: list[Quote] = []
    pending: Quote | None = None
    for p_start, p_end in paragraph_spans(text, blank=False):  # a blank line does not end a quote
        pairs = _in_paragraph(text, p_start, p_end)
        if pending is not None:
            if pairs and pairs[0][0] == p_start:
                first = pairs.pop(0)
                pending = Quote(pending.start, first[1], first[2], pending.mark)
                if pending.closed:
                    quotes.append(pending)
                    pending = None
            else:
                quotes.append(pending)
                pending = None
        for s, e, closed in pairs:
            if closed:
                quotes.append(Quote(s, e, True, 2 if text.startswith("''", s) else 1))
            else:
                pending = Quote(s, e, False, 2 if text.startswith("''", s) else 1)
    if pending is not None:
        quotes.append(pending)
    return Quotes(q for q in quotes if q.end - q.start > 2)


@lru_cache(maxsize=8)
def doc_text(doc: Doc) -> str:
    """The text of a parsed doc (spaCy rebuilds `doc.text` on every access)."""
    return str(doc.text)


def quote_at(quotes: tuple[Quote, ...], offset: int) -> Quote | None:
    """The quote whose marks enclose `offset`, if any."""
    starts = quotes.starts if isinstance(quotes, Quotes) else [q.start for q in quotes]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and quotes[i].start <= offset < quotes[i].end:
        return quotes[i]
    return None
