"""JSON and JSON Lines: common field names mapped onto a Document."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsledger.errors import EmptyInput, InputError, InputTooLarge, MalformedInput
from newsledger.ingest.decode import decode_bytes, detect_encoding, looks_like_utf16
from newsledger.ingest.document import Document, clean_text
from newsledger.ingest.html import document_from_html, fragment_text, iso_date

# Field names as common tools write them (news-please, newspaper, schema.org,
# GDELT/Common Crawl exports, RSS-to-JSON); matched case-insensitively, in order.
TEXT_FIELDS = (
    "text",
    "body",
    "content",
    "article",
    "articlebody",
    "maintext",
    "full_text",
    "fulltext",
    "body_text",
    "article_text",
    "story",
    "description",
    "summary",
)
HTML_FIELDS = ("html", "raw_html", "body_html", "content_html", "html_content")
TITLE_FIELDS = ("title", "headline", "name")
URL_FIELDS = ("url", "link", "uri", "source_url", "canonical_url", "permalink")
DATE_FIELDS = (
    "published",
    "date",
    "publication_date",
    "date_publish",
    "published_at",
    "date_published",
    "datepublished",
    "pubdate",
    "publishedat",
    "datetime",
    "timestamp",
    "created_at",
    "time",
)
OUTLET_FIELDS = (
    "outlet",
    "source",
    "source_name",
    "publisher",
    "site",
    "site_name",
    "sitename",
    "source_domain",
    "publication",
    "domain",
)
AUTHOR_FIELDS = ("author", "authors", "byline", "creator")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_MARKUP = re.compile(r"<(p|div|br|span|a|em|strong|b|i|li|h[1-6])\b[^>]*>", re.IGNORECASE)
# Keys under which a JSON file wraps its list of articles.
LIST_FIELDS = ("articles", "items", "data", "results", "entries", "documents", "docs", "records")


def first_field(record: dict[str, Any], names: tuple[str, ...], joiner: str = ", ") -> str | None:
    """The first of `names` with a usable value; lists are joined, objects give their name."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if isinstance(value, list):
            value = joiner.join(
                str(v)
                for v in value
                if isinstance(v, (str, int, float)) and not isinstance(v, bool)
            )
        if isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def document_from_record(record: Any, origin: str) -> Document:
    if not isinstance(record, dict):
        raise MalformedInput(origin, f"expected a JSON object, found {type(record).__name__}")
    url = first_field(record, URL_FIELDS)
    body = first_field(record, TEXT_FIELDS, joiner="\n\n")
    if body is None:
        markup = first_field(record, HTML_FIELDS)
        if markup is None:
            raise EmptyInput(origin, f"no text field (one of {', '.join(TEXT_FIELDS)})")
        doc = document_from_html(markup, origin, url)
    else:
        # Some exporters put the body's HTML in a text field: keep its paragraphs.
        text = fragment_text(body) if _MARKUP.search(body[:5000]) else clean_text(body)
        if not text:
            raise EmptyInput(origin, "empty text field")
        doc = Document(text=text, origin=origin)
    return Document(
        text=doc.text,
        origin=origin,
        title=clean_text(first_field(record, TITLE_FIELDS) or "") or doc.title,
        url=url or doc.url,
        outlet=first_field(record, OUTLET_FIELDS) or doc.outlet,
        author=first_field(record, AUTHOR_FIELDS) or doc.author,
        published=iso_date(first_field(record, DATE_FIELDS)) or doc.published,
        language=first_field(record, ("language", "lang")) or doc.language,
    )


def first_list(value: dict[str, Any]) -> list[Any] | None:
    """The list of articles a wrapper object holds, if it is one."""
    if any(isinstance(value.get(name), str) for name in TEXT_FIELDS + HTML_FIELDS):
        return None  # an article that happens to have a list-valued field
    for name in LIST_FIELDS:
        if isinstance(value.get(name), list):
            return value[name]  # type: ignore[no-any-return]
    return None


def _records(value: Any, origin: str) -> Iterator[tuple[Any, str]]:
    if isinstance(value, list):
        for index, item in enumerate(value, 1):
            yield item, f"{origin}[{index}]"
    elif isinstance(value, dict) and first_list(value) is not None:
        yield from _records(first_list(value), origin)
    else:
        yield value, origin


def read_json(data: bytes, origin: str) -> Iterator[Document | InputError]:
    text = decode_bytes(data, origin)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{") and exc.lineno > 1:
            # JSON Lines saved as .json: one object per line.
            yield from read_jsonl(data, origin)
            return
        raise MalformedInput(
            origin, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    except RecursionError as exc:
        raise MalformedInput(origin, "invalid JSON: nested too deeply") from exc
    if isinstance(value, list) and not value:
        raise EmptyInput(origin, "empty JSON list")
    for record, where in _records(value, origin):
        try:
            yield document_from_record(record, where)
        except InputError as exc:
            yield exc


def read_jsonl(data: bytes, origin: str) -> Iterator[Document | InputError]:
    """JSON Lines held in memory (standard input, or a .json that holds lines)."""
    text = decode_bytes(data, origin)
    # Only "\n" ends a line: str.splitlines() would also split at U+2028, which
    # JSON strings may hold raw.
    yield from jsonl_records(enumerate(text.split("\n"), 1), origin)


def read_jsonl_file(
    path: Path, origin: str, max_line_bytes: int
) -> Iterator[Document | InputError]:
    """A JSON Lines file streamed line by line: the size limit applies to each line."""
    with path.open("rb") as handle:
        head = handle.read(65536)
        if head.startswith(_WIDE_BOMS) or looks_like_utf16(head):
            # Lines of UTF-16 cannot be split at b"\n": read it whole, within the limit.
            handle.seek(0)
            data = handle.read(max_line_bytes + 1)
            if len(data) > max_line_bytes:
                raise InputTooLarge(
                    origin, f"UTF-16 JSON Lines above the size limit of {max_line_bytes:,} bytes"
                )
            yield from read_jsonl(data, origin)
            return
        decode_bytes(head, origin)  # an empty or binary file fails here, once
        handle.seek(0)
        yield from jsonl_records(file_lines(handle, origin, max_line_bytes), origin)


def file_lines(handle: BinaryIO, origin: str, limit: int) -> Iterator[tuple[int, str | InputError]]:
    """(line number, text) per line; an InputTooLarge in place of a line above `limit`."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the long line without holding it
            yield (
                number,
                InputTooLarge(
                    f"{origin}:{number}",
                    f"line longer than {limit:,} bytes, the size limit "
                    "(raise it with --max-bytes or NEWSLEDGER_MAX_BYTES)",
                ),
            )
            continue
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield number, raw.decode(detect_encoding(raw), errors="replace")


def jsonl_records(
    lines: Iterable[tuple[int, str | InputError]], origin: str
) -> Iterator[Document | InputError]:
    found = False
    for number, line in lines:
        if isinstance(line, InputError):
            found = True
            yield line
            continue
        if not line.strip():
            continue
        found = True
        where = f"{origin}:{number}"
        try:
            yield document_from_record(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield MalformedInput(where, f"invalid JSON at column {exc.colno}: {exc.msg}")
        except RecursionError:
            yield MalformedInput(where, "invalid JSON: nested too deeply")
        except InputError as exc:
            yield exc
    if not found:
        raise EmptyInput(origin, "no JSON lines")
