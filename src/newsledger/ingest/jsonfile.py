"""JSON and JSON Lines: common field names mapped onto a Document."""

from __future__ import annotations

import json
from typing import Any, Iterator, Optional, Union

from newsledger.errors import EmptyInput, InputError, MalformedInput
from newsledger.ingest.decode import decode_bytes
from newsledger.ingest.document import Document, clean_text
from newsledger.ingest.html import document_from_html, iso_date

TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "full_text", "story", "description")
HTML_FIELDS = ("html", "raw_html", "body_html", "content_html")
TITLE_FIELDS = ("title", "headline", "name")
URL_FIELDS = ("url", "link", "uri", "source_url")
DATE_FIELDS = ("published", "date", "publication_date", "date_publish", "pubdate", "datetime", "timestamp", "created_at")
OUTLET_FIELDS = ("outlet", "source", "publisher", "site", "site_name", "source_domain", "publication")
AUTHOR_FIELDS = ("author", "authors", "byline", "creator")


def first_field(record: dict[str, Any], names: tuple[str, ...]) -> Optional[str]:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)))
        if isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def document_from_record(record: Any, origin: str) -> Document:
    if not isinstance(record, dict):
        raise MalformedInput(origin, f"expected a JSON object, found {type(record).__name__}")
    url = first_field(record, URL_FIELDS)
    body = first_field(record, TEXT_FIELDS)
    if body is None:
        markup = first_field(record, HTML_FIELDS)
        if markup is None:
            raise EmptyInput(origin, f"no text field (one of {', '.join(TEXT_FIELDS)})")
        doc = document_from_html(markup, origin, url)
    else:
        text = clean_text(body)
        if not text:
            raise EmptyInput(origin, "empty text field")
        doc = Document(text=text, origin=origin)
    return Document(
        text=doc.text,
        origin=origin,
        title=first_field(record, TITLE_FIELDS) or doc.title,
        url=url or doc.url,
        outlet=first_field(record, OUTLET_FIELDS) or doc.outlet,
        author=first_field(record, AUTHOR_FIELDS) or doc.author,
        published=iso_date(first_field(record, DATE_FIELDS)) or doc.published,
        language=first_field(record, ("language", "lang")) or doc.language,
    )


def _records(value: Any, origin: str) -> Iterator[tuple[Any, str]]:
    if isinstance(value, list):
        for index, item in enumerate(value, 1):
            yield item, f"{origin}[{index}]"
    elif isinstance(value, dict) and isinstance(value.get("articles"), list):
        yield from _records(value["articles"], origin)
    else:
        yield value, origin


def read_json(data: bytes, origin: str) -> Iterator[Union[Document, InputError]]:
    try:
        value = json.loads(decode_bytes(data, origin))
    except json.JSONDecodeError as exc:
        raise MalformedInput(origin, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    for record, where in _records(value, origin):
        try:
            yield document_from_record(record, where)
        except InputError as exc:
            yield exc


def read_jsonl(data: bytes, origin: str) -> Iterator[Union[Document, InputError]]:
    text = decode_bytes(data, origin)
    found = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        found = True
        where = f"{origin}:{number}"
        try:
            yield document_from_record(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield MalformedInput(where, f"invalid JSON: {exc.msg}")
        except InputError as exc:
            yield exc
    if not found:
        raise EmptyInput(origin, "no JSON lines")
