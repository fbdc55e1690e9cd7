"""RSS and Atom feeds: one article per entry, full content when present."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from newsledger.errors import EmptyInput, InputError, MalformedInput
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document, clean_text
from newsledger.ingest.html import fragment_text, iso_date


def entry_date(entry: Any) -> str | None:
    """The entry's date as written (its own time zone), else feedparser's UTC reading."""
    for key in ("published", "updated", "created"):
        written = iso_date(entry.get(key))
        if written:
            return written
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def entry_markup(entry: Any) -> str:
    """The fullest body an entry carries: content:encoded, else the summary."""
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary


def document_from_entry(entry: Any, outlet: str | None, origin: str) -> Document:
    """An entry's body is already the article: its markup needs no boilerplate removal."""
    text = fragment_text(entry_markup(entry))
    if not text:
        raise EmptyInput(origin, "feed entry has no text")
    return Document(
        text=text,
        origin=origin,
        title=clean_text(entry.get("title", "") or "") or None,
        url=entry.get("link") or None,
        outlet=outlet,
        author=entry.get("author") or None,
        published=entry_date(entry),
    )


def read_feed(data: bytes, origin: str) -> Iterator[Document | InputError]:
    decode_bytes(data, origin, markup=True)  # empty and binary inputs fail here
    # A stream, never raw bytes: feedparser opens a str/bytes argument as a
    # file name or URL when it can.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "malformed feed")()
            raise MalformedInput(origin, f"malformed feed: {reason}")
        raise EmptyInput(origin, "feed has no entries")
    outlet = clean_text(parsed.get("feed", {}).get("title", "")) or None
    for index, entry in enumerate(entries, 1):
        try:
            yield document_from_entry(entry, outlet, f"{origin}#{index}")
        except InputError as exc:
            yield exc
