"""The record every reader yields, and its conversion to the format's Article."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from newsledger.models import Article


@dataclass(frozen=True)
class Document:
    """One article as read from an input, before any NLP."""

    text: str
    origin: str  # the file (and record) it came from, for messages
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date from the input's metadata
    language: str = "en"
    extra: dict[str, str] = field(default_factory=dict)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Line ends of every kind (CRLF, CR, NEL, vertical tab, form feed, Unicode line
# and paragraph separators) become one "\n".
_LINE_ENDS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Invisible characters that split words for the tokenizer without showing:
# zero-width space, word joiner, BOM, soft hyphen, bidi marks and embeddings.
# (ZWJ/ZWNJ stay: they carry meaning in Persian, Arabic and emoji.)
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A long run of punctuation without a space ('"' x 8,000) costs spaCy's tokenizer
# quadratic time, one affix at a time: runs are cut to their first 16 characters.
_PUNCT_RUN = re.compile(r"[^\w\s]{17,}")
MAX_PUNCT_RUN = 16
# Lone surrogates (from JSON escapes or broken UTF-16) cannot be encoded.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise line ends, odd spaces and control characters, cut runs of
    punctuation to 16 characters; keep paragraphs.

    Offsets of the analysis point into this cleaned text, so it is what the
    Article carries.
    """
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_ENDS.sub("\n", text)
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    text = _PUNCT_RUN.sub(lambda m: m.group()[:MAX_PUNCT_RUN], text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def article_id(text: str) -> str:
    """Content hash: the first 16 hex digits of the text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_article(doc: Document, published: str | None, published_source: str | None) -> Article:
    return Article(
        id=article_id(doc.text),
        title=doc.title,
        url=doc.url,
        outlet=doc.outlet,
        author=doc.author,
        published=published,
        published_source=published_source,  # type: ignore[arg-type]
        language=doc.language,
        text=doc.text,
    )
