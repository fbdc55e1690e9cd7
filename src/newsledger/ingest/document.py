"""The record every reader yields, and its conversion to the format's Article."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from newsledger.models import Article


@dataclass(frozen=True)
class Document:
    """One article as read from an input, before any NLP."""

    text: str
    origin: str  # the file (and record) it came from, for messages
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None  # ISO date from the input's metadata
    language: str = "en"
    extra: dict[str, str] = field(default_factory=dict)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Normalise line ends, odd spaces and control characters; keep paragraphs.

    Offsets of the analysis point into this cleaned text, so it is what the
    Article carries.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def article_id(text: str) -> str:
    """Content hash: the first 16 hex digits of the text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_article(doc: Document, published: Optional[str], published_source: Optional[str]) -> Article:
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
