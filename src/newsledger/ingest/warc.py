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
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsledger.errors import EmptyInput, InputError, InputTooLarge, MalformedInput
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document
from newsledger.ingest.html import document_from_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What a damaged archive raises while being read: gzip, HTTP and WARC parsing.
_ARCHIVE_ERRORS = (
    ArchiveLoadFailed,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    IndexError,
    KeyError,
    AttributeError,
)


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


_CHUNK = 1 << 20
_HEADER = b"\r\nWARC/1."


def gzip_complete(stream: BinaryIO) -> bool:
    """Whether every gzip member is whole (warcio stops quietly at a cut one).

    Reads the stream once in chunks; the decompressed output is discarded.
    """
    member, started = zlib.decompressobj(wbits=31), False
    data = stream.read(_CHUNK)
    while data:
        if not started and not data.strip(b"\x00"):
            data = stream.read(_CHUNK)  # zero padding between or after members
            continue
        try:
            member.decompress(data, 1 << 16)
            while member.unconsumed_tail and not member.eof:
                member.decompress(member.unconsumed_tail, 1 << 16)
        except zlib.error:
            return False
        started = True
        if member.eof:
            data = member.unused_data or stream.read(_CHUNK)
            member, started = zlib.decompressobj(wbits=31), False
        else:
            data = stream.read(_CHUNK)
    return not started


def count_headers(stream: BinaryIO) -> int:
    """Record header lines in an uncompressed WARC, counted chunk by chunk."""
    count, tail = 0, b""
    first = stream.read(_CHUNK)
    data = first
    count += first.startswith(b"WARC/1.")
    while data:
        window = tail + data
        count += window.count(_HEADER)
        tail = window[-(len(_HEADER) - 1) :]
        data = stream.read(_CHUNK)
    return count


def archive_complete(stream: BinaryIO, records_read: int) -> bool:
    """No cut gzip member, and no WARC record header left unread."""
    stream.seek(0)
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(0)
    return gzip_complete(stream) if gzipped else count_headers(stream) <= records_read


def read_payload(record: Any, limit: int | None, where: str) -> bytes:
    """The record's decoded payload; InputTooLarge above `limit`, MalformedInput if cut."""
    stream = record.content_stream()
    payload: bytes = stream.read() if limit is None else stream.read(limit + 1)
    drain(record)
    if limit is not None and len(payload) > limit:
        raise InputTooLarge(
            where,
            f"record of more than {limit:,} bytes is above the size limit "
            "(raise it with --max-bytes or NEWSLEDGER_MAX_BYTES)",
        )
    return payload


def drain(record: Any) -> None:
    """Read what is left of a record; raise if the archive ends before its Content-Length."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise _Truncated(
            f"the archive ends inside record {record.rec_headers.get_header('WARC-Record-ID')}"
        )


class _Truncated(ValueError):
    pass


def starts_like_warc(data: bytes) -> bool:
    """The (decompressed) bytes open with a WARC version line."""
    head = data[:65536]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip().startswith(b"WARC/")


def archive_error_reason(exc: Exception) -> str:
    if isinstance(exc, (AttributeError, IndexError, KeyError)):
        return "damaged record headers"  # warcio's parser failing on a cut header
    return str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__


def read_warc(data: bytes, origin: str) -> Iterator[Document | InputError]:
    """A WARC held in memory (standard input)."""
    yield from read_warc_stream(io.BytesIO(data), origin)


def read_warc_file(
    path: Path, origin: str, max_record_bytes: int | None
) -> Iterator[Document | InputError]:
    """A WARC file streamed record by record: memory stays bounded by the largest record."""
    with path.open("rb") as handle:
        yield from read_warc_stream(handle, origin, max_record_bytes)


def read_warc_stream(
    stream: BinaryIO, origin: str, max_record_bytes: int | None = None
) -> Iterator[Document | InputError]:
    head = stream.read(65536)
    stream.seek(0)
    if not head.strip():
        raise EmptyInput(origin, "empty input")
    if not starts_like_warc(head):
        raise MalformedInput(origin, "not a WARC archive (no WARC/1.x record header at the start)")
    found = index = 0
    try:
        for record in ArchiveIterator(stream):
            index += 1
            content_type = html_content_type(record)
            if content_type is None:
                drain(record)
                continue
            found += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{url or index}"
            try:
                yield document_from_record(record, content_type, where, url, max_record_bytes)
            except _Truncated:
                index -= 1
                raise
            except InputError as exc:
                yield exc
    except _ARCHIVE_ERRORS as exc:
        yield MalformedInput(
            origin,
            f"truncated or malformed WARC after {index} complete record(s): "
            f"{archive_error_reason(exc)}",
        )
        return
    if not archive_complete(stream, index):
        yield MalformedInput(
            origin,
            f"truncated or malformed WARC: the archive ends early, "
            f"after {index} complete record(s)",
        )
        return
    if not index:
        raise MalformedInput(origin, "not a WARC archive (no records)")
    if not found:
        raise EmptyInput(origin, f"no HTML records among the WARC's {index} record(s)")


def document_from_record(
    record: Any, content_type: str, where: str, url: str | None, limit: int | None
) -> Document:
    payload = read_payload(record, limit, where)
    text = decode_bytes(payload, where, markup=True, declared=charset_of(content_type))
    return document_from_html(text, where, url)
