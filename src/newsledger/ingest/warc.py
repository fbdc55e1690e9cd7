"""WARC and WARC.gz web archives: one article per HTML record.

Counted as HTML: `response` records whose HTTP Content-Type is HTML, and
`resource` records whose WARC Content-Type is (pages saved by browsers and
crawlers such as wget --warc-file or Browsertrix). Requests, metadata,
revisits and non-HTML payloads (images, scripts, PDFs) are skipped.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsledger.errors import EmptyInput, InputError, MalformedInput
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document
from newsledger.ingest.html import document_from_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What a damaged archive raises while being read: gzip, HTTP and WARC parsing.
_ARCHIVE_ERRORS = (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error, IndexError, KeyError)


def html_content_type(record: Any) -> str | None:
    """The record's HTML Content-Type, or None when it is not an HTML page."""
    if record.rec_type == "response":
        headers = record.http_headers
        value = headers.get_header("Content-Type", "") if headers else ""
    elif record.rec_type == "resource":
        value = record.rec_headers.get_header("Content-Type", "")
    else:
        return None
    value = (value or "").lower()
    if record.rec_type == "response" and headers and not headers.get_statuscode().startswith("2"):
        return None  # redirects and error pages are not articles
    return value if value.startswith(_HTML_TYPES) else None


def charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def document_from_record(record: Any, content_type: str, where: str, url: str | None) -> Document:
    payload = record.content_stream().read()
    text = decode_bytes(payload, where, markup=True, declared=charset_of(content_type))
    return document_from_html(text, where, url)


def read_warc(data: bytes, origin: str) -> Iterator[Document | InputError]:
    found = index = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            index += 1
            content_type = html_content_type(record)
            if content_type is None:
                continue
            found += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                yield document_from_record(record, content_type, f"{origin}#{url or index}", url)
            except InputError as exc:
                yield exc
    except _ARCHIVE_ERRORS as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield MalformedInput(origin, f"truncated or malformed WARC after {index} record(s): {reason}")
        return
    if not index:
        raise MalformedInput(origin, "not a WARC archive (no records)")
    if not found:
        raise EmptyInput(origin, f"no HTML records among the WARC's {index} record(s)")
