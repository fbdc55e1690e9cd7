"""RSS and Atom feeds: one article per entry, full content when present."""

from __future__ import annotations

import time
from typing import Any, Iterator, Optional, Union

import feedparser

from newsledger.errors import EmptyInput, InputError, MalformedInput
from newsledger.ingest.document import Document, clean_text
from newsledger.ingest.html import document_from_html


def entry_date(entry: Any) -> Optional[str]:
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


def document_from_entry(entry: Any, outlet: Optional[str], origin: str) -> Document:
    markup = entry_markup(entry)
    title = clean_text(entry.get("title", "")) or None
    url = entry.get("link")
    text = ""
    if "<" in markup:
        try:
            text = document_from_html(f"<html><body><article>{markup}</article></body></html>", origin, url).text
        except InputError:
            text = ""
        if not text:
            import lxml.html  # a fragment too short for trafilatura: keep its text

            text = clean_text(lxml.html.fromstring(markup).text_content()) if markup.strip() else ""
    else:
        text = clean_text(markup)
    if not text:
        raise EmptyInput(origin, "feed entry has no text")
    author = entry.get("author") or None
    return Document(
        text=text, origin=origin, title=title, url=url, outlet=outlet,
        author=author, published=entry_date(entry),
    )


def read_feed(data: bytes, origin: str) -> Iterator[Union[Document, InputError]]:
    parsed = feedparser.parse(data)
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
