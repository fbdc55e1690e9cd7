"""Plain text: the first line is the title when it looks like one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsledger.errors import EmptyInput, InputError
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document, clean_text

# "By Aminata Traoré" (optionally ", Staff Writer") on its own line under the headline.
_BYLINE = re.compile(
    r"^(?:By|BY|Von|Par)\s+(?P<author>[A-Z][\w.'’-]*(?:\s+(?:and\s+)?[A-Z][\w.'’-]*){0,5})\s*(?:[,|].{0,60})?$"
)
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
# A wire dateline names the agency: "BAGHDAD, March 3 (Tigris Wire Service) -".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,[^()\n]{1,40})?\s*\((?P<outlet>[A-Z][\w .&'’-]{1,50})\)\s*[-–—]"
)
# "- The Media Line - https://themedialine.org -" at the top of saved pages.
_OUTLET_LINE = re.compile(
    r"^[-–—\s]*(?P<outlet>[^-–—\n]{2,60}?)\s*[-–—]\s*(?P<url>https?://\S+)\s*[-–—]?\s*$"
)


def looks_like_title(line: str, alone: bool = False) -> bool:
    """Short, starts with a capital, and no final full stop: a headline.

    A final full stop is allowed when the line stands alone above a blank line
    and is in Title Case ("Poll: Wealthy Voters Abandon Party."), as some
    sites print their headlines.
    """
    line = line.strip()
    if not (3 <= len(line) <= 200 and len(line.split()) <= 30 and line[:1].isupper()):
        return False
    if not line.endswith((".", ",", ";", ":", "”", '"')):
        return True
    return alone and line.endswith(".") and not line.endswith("..") and title_case(line)


def title_case(line: str) -> bool:
    """Most words of four letters or more start with a capital."""
    words = [w for w in _WORDS.findall(line) if len(w) >= 4]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _byline(line: str) -> str | None:
    match = _BYLINE.match(line.strip())
    return match.group("author").strip() if match else None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Peel an outlet line, a headline and a byline off the top of a text.

    Each is taken only when it stands on its own line above more text, so a
    one-paragraph report keeps its first sentence.
    """
    meta: dict[str, str] = {}
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    match = _OUTLET_LINE.match(lines[0]) if lines else None
    if match and len(lines) > 1:
        meta["outlet"] = match.group("outlet").strip()
        meta["url"] = match.group("url").rstrip("/")
        lines = _rest(lines)
    alone = len(lines) > 2 and not lines[1].strip()
    if len(lines) > 1 and looks_like_title(lines[0], alone) and not _byline(lines[0]):
        meta["title"] = lines[0].strip()
        lines = _rest(lines)
    author = _byline(lines[0]) if len(lines) > 1 else None
    if author:
        meta["author"] = author
        lines = _rest(lines)
    return meta, "\n".join(lines).strip()


def _rest(lines: list[str]) -> list[str]:
    """The lines after the first, without the blank lines that follow it."""
    rest = lines[1:]
    while rest and not rest[0].strip():
        rest.pop(0)
    return rest


def document_from_text(raw: str, origin: str) -> Document:
    cleaned = clean_text(raw)
    if not cleaned:
        raise EmptyInput(origin, "no text")
    meta, body = split_header(cleaned)
    if not body:
        body, meta = cleaned, {}
    dateline = _DATELINE.match(body)
    if dateline and "outlet" not in meta:
        meta["outlet"] = dateline.group("outlet").strip()
    return Document(
        text=body,
        origin=origin,
        title=meta.get("title"),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        author=meta.get("author"),
    )


def read_text(data: bytes, origin: str) -> Iterator[Document | InputError]:
    yield document_from_text(decode_bytes(data, origin), origin)
