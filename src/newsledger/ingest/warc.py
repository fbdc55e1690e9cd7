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
_ARCHIVE_ERRORS = (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error, IndexError, KeyError,
                   AttributeError)


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


def gzip_complete(data: bytes) -> bool:
    """Whether every gzip member is whole (warcio stops quietly at a cut one)."""
    position = 0
    while position < len(data):
        member = zlib.decompressobj(wbits=31)
        try:
            for start in range(position, len(data), 1 << 20):  # output discarded chunk by chunk
                member.decompress(data[start:start + (1 << 20)], 1 << 16)
                while member.unconsumed_tail:
                    member.decompress(member.unconsumed_tail, 1 << 16)
                if member.eof:
                    break
        except zlib.error:
            return False
        if not member.eof:
            return False
        position = len(data) - len(member.unused_data)
        if not data[position:].strip(b"\x00"):
            return True
    return True


def archive_complete(data: bytes, records_read: int) -> bool:
    """No cut gzip member, and no WARC record header left unread."""
    if data[:2] == b"\x1f\x8b":
        return gzip_complete(data)
    headers = data.count(b"\r\nWARC/1.") + data.startswith(b"WARC/1.")
    return headers <= records_read


def read_payload(record: Any) -> bytes:
    """The record's decoded payload, or MalformedInput if the archive ends inside it."""
    payload: bytes = record.content_stream().read()
    drain(record)
    return payload


def drain(record: Any) -> None:
    """Read what is left of a record; raise if the archive ends before its Content-Length."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise _Truncated(f"the archive ends inside record {record.rec_headers.get_header('WARC-Record-ID')}")


class _Truncated(ValueError):
    pass


def document_from_record(record: Any, content_type: str, where: str, url: str | None) -> Document:
    payload = read_payload(record)
    text = decode_bytes(payload, where, markup=True, declared=charset_of(content_type))
    return document_from_html(text, where, url)


def archive_error_reason(exc: Exception) -> str:
    if isinstance(exc, (AttributeError, IndexError, KeyError)):
        return "damaged record headers"  # warcio's parser failing on a cut header
    return str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__


def starts_like_warc(data: bytes) -> bool:
    """The (decompressed) bytes open with a WARC version line."""
    head = data[:65536]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip().startswith(b"WARC/")


def read_warc(data: bytes, origin: str) -> Iterator[Document | InputError]:
    if not data.strip():
        raise EmptyInput(origin, "empty input")
    if not starts_like_warc(data):
        raise MalformedInput(origin, "not a WARC archive (no WARC/1.x record header at the start)")
    found = index = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            index += 1
            content_type = html_content_type(record)
            if content_type is None:
                drain(record)
                continue
            found += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{url or index}"
            try:
                payload = read_payload(record)
            except _Truncated:
                index -= 1
                raise
            try:
                text = decode_bytes(payload, where, markup=True, declared=charset_of(content_type))
                yield document_from_html(text, where, url)
            except InputError as exc:
                yield exc
    except _ARCHIVE_ERRORS as exc:
        reason = archive_error_reason(exc)
        yield MalformedInput(origin, f"truncated or malformed WARC after {index} complete record(s): {reason}")
        return
    if not archive_complete(data, index):
        yield MalformedInput(origin, f"truncated or malformed WARC: the archive ends early, "
                                     f"after {index} complete record(s)")
        return
    if not index:
        raise MalformedInput(origin, "not a WARC archive (no records)")
    if not found:
        raise EmptyInput(origin, f"no HTML records among the WARC's {index} record(s)")
