"""HTML pages: body and metadata through trafilatura."""

from __future__ import annotations

import logging
from typing import Iterator, Optional, Union

import trafilatura

from newsledger.errors import EmptyInput, InputError, MalformedInput
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document, clean_text

# trafilatura logs every page it cannot parse; our errors say it once.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def iso_date(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    value = value.strip()
    return value[:10] if len(value) >= 10 and value[4] == "-" and value[7] == "-" else None


def document_from_html(markup: str, origin: str, url: Optional[str] = None) -> Document:
    if "<" not in markup:
        raise MalformedInput(origin, "no HTML markup")
    try:
        body = trafilatura.extract(
            markup, url=url, include_comments=False, include_tables=False,
            favor_precision=False, deduplicate=False,
        )
        meta = trafilatura.extract_metadata(markup, default_url=url)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise MalformedInput(origin, f"malformed HTML ({type(exc).__name__})") from exc
    text = clean_text(body or "")
    if not text:
        raise EmptyInput(origin, "no article text found in the HTML")
    return Document(
        text=text,
        origin=origin,
        title=(meta.title if meta else None) or None,
        url=(meta.url if meta else None) or url,
        outlet=(meta.sitename if meta else None) or None,
        author=(meta.author if meta else None) or None,
        published=iso_date(meta.date if meta else None),
        language=(meta.language if meta and meta.language else "en"),
    )


def read_html(data: bytes, origin: str) -> Iterator[Union[Document, InputError]]:
    yield document_from_html(decode_bytes(data, origin), origin)
