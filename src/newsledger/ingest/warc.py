"""WARC and WARC.gz web archives: one article per HTML response record."""

from __future__ import annotations

import io
from typing import Iterator, Union

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsledger.errors import EmptyInput, InputError, MalformedInput
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document
from newsledger.ingest.html import document_from_html


def is_html_response(record: object) -> bool:
    if getattr(record, "rec_type", None) != "response":
        return False
    headers = getattr(record, "http_headers", None)
    content_type = headers.get_header("Content-Type", "") if headers else ""
    return "html" in (content_type or "").lower()


def read_warc(data: bytes, origin: str) -> Iterator[Union[Document, InputError]]:
    found = 0
    index = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            index += 1
            if not is_html_response(record):
                continue
            found += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{url or index}"
            try:
                payload = record.content_stream().read()
                yield document_from_html(decode_bytes(payload, where), where, url)
            except InputError as exc:
                yield exc
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield MalformedInput(origin, f"truncated or malformed WARC after {index} records: {reason}")
        return
    if not found:
        raise EmptyInput(origin, "no HTML response records in the WARC")
