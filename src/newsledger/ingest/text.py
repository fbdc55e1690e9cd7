"""Plain text: the first line is the title when it looks like one."""

from __future__ import annotations

import re
from typing import Iterator, Union

from newsledger.errors import EmptyInput, InputError
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document, clean_text

# "- The Media Line - https://..." style bylines at the top of saved pages.
_OUTLET_LINE = re.compile(r"^[-–—\s]*(?P<outlet>[^-–—\n]{2,60}?)\s*[-–—]\s*(?P<url>https?://\S+)\s*[-–—]?\s*$")


def looks_like_title(line: str) -> bool:
    """Short, no final full stop, starts with a capital: a headline."""
    line = line.strip()
    return (
        3 <= len(line) <= 200
        and len(line.split()) <= 30
        and not line.endswith((".", ",", ";", ":", "”", '"'))
        and line[:1].isupper()
    )


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Peel an outlet line and a headline off the top of a text."""
    meta: dict[str, str] = {}
    paragraphs = text.split("\n\n")
    first = paragraphs[0].strip() if paragraphs else ""
    match = _OUTLET_LINE.match(first)
    if match and "\n" not in first:
        meta["outlet"] = match.group("outlet").strip()
        meta["url"] = match.group("url").rstrip("/")
        paragraphs = paragraphs[1:]
    if len(paragraphs) > 1:
        head = paragraphs[0].strip()
        if "\n" not in head and looks_like_title(head):
            meta["title"] = head
            paragraphs = paragraphs[1:]
    return meta, "\n\n".join(paragraphs).strip()


def document_from_text(raw: str, origin: str) -> Document:
    cleaned = clean_text(raw)
    if not cleaned:
        raise EmptyInput(origin, "no text")
    meta, body = split_header(cleaned)
    if not body:
        body, meta = cleaned, {}
    return Document(
        text=body,
        origin=origin,
        title=meta.get("title"),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
    )


def read_text(data: bytes, origin: str) -> Iterator[Union[Document, InputError]]:
    yield document_from_text(decode_bytes(data, origin), origin)
