"""Pick a reader by extension (or content sniffing) and walk paths."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

from newsledger.errors import InputError, InputTooLarge, UnsupportedInput
from newsledger.ingest import feed, html, jsonfile, text, warc
from newsledger.ingest.document import Document

# Default refusal size for one input file; NEWSLEDGER_MAX_BYTES or
# `--max-bytes` change it. 50 MB of text is ~8M words: far beyond a report.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

Reader = Callable[[bytes, str], Iterator[Union[Document, InputError]]]

READERS: dict[str, Reader] = {
    ".txt": text.read_text,
    ".text": text.read_text,
    ".md": text.read_text,
    ".html": html.read_html,
    ".htm": html.read_html,
    ".json": jsonfile.read_json,
    ".jsonl": jsonfile.read_jsonl,
    ".ndjson": jsonfile.read_jsonl,
    ".xml": feed.read_feed,
    ".rss": feed.read_feed,
    ".atom": feed.read_feed,
    ".warc": warc.read_warc,
    ".gz": warc.read_warc,  # only .warc.gz is accepted; see reader_for
}


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_env(cls) -> "IngestOptions":
        value = os.environ.get("NEWSLEDGER_MAX_BYTES")
        return cls(max_bytes=int(value)) if value and value.isdigit() else cls()


def sniff(data: bytes) -> Reader:
    """Guess a reader for standard input or an unknown extension."""
    head = data[:2048].lstrip().lower()
    if data[:2] == b"\x1f\x8b" or head.startswith(b"warc/"):
        return warc.read_warc
    if head.startswith((b"{", b"[")):
        first_line = data.split(b"\n", 1)[0].strip()
        if first_line.startswith(b"{") and first_line.endswith(b"}") and data.count(b"\n") > 1:
            return jsonfile.read_jsonl
        return jsonfile.read_json
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head):
        return feed.read_feed
    if head.startswith((b"<rss", b"<feed")):
        return feed.read_feed
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return html.read_html
    return text.read_text


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    if name.endswith(".gz") and not name.endswith(".warc.gz"):
        return None
    return READERS.get(path.suffix.lower())


def read_bytes(data: bytes, origin: str, reader: Reader | None = None) -> Iterator[Union[Document, InputError]]:
    """Read one input's bytes with the given (or sniffed) reader."""
    try:
        yield from (reader or sniff(data))(data, origin)
    except InputError as exc:
        yield exc


def _read_file(path: Path, options: IngestOptions) -> Iterator[Union[Document, InputError]]:
    origin = str(path)
    reader = reader_for(path)
    if reader is None:
        yield UnsupportedInput(origin, f"unknown input format '{path.suffix or path.name}'")
        return
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield InputTooLarge(
                origin,
                f"{size:,} bytes is above the size limit of {options.max_bytes:,} "
                "(set --max-bytes or NEWSLEDGER_MAX_BYTES)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, origin, reader)


def _read_stdin(options: IngestOptions) -> Iterator[Union[Document, InputError]]:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield InputTooLarge("<stdin>", f"above the size limit of {options.max_bytes:,} bytes")
        return
    yield from read_bytes(data, "<stdin>")


def expand(paths: Iterable[str]) -> Iterator[Path | str]:
    """Files as given, directories as their readable files sorted by path."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and reader_for(p) is not None)
            yield from files
        else:
            yield path


def read_inputs(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Union[Document, InputError]]:
    """Every article of every input, in input order; errors in their place."""
    options = options or IngestOptions.from_env()
    for item in expand(paths):
        if item == "-":
            yield from _read_stdin(options)
        elif isinstance(item, Path):
            if not item.exists():
                yield InputError(str(item), "no such file or directory")
                continue
            yield from _read_file(item, options)
