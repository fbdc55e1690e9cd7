"""Pick a reader by extension (or content sniffing) and walk paths.

Size limits, both refused before the expensive step:
- `max_bytes` (default 50 MB; ``--max-bytes``, ``NEWSLEDGER_MAX_BYTES``, which
  also takes "200M"-style sizes): an input file larger than this is refused
  from its size on disk, before any of it is read; standard input is read up
  to the limit and refused past it. WARC and JSONL files are streamed record
  by record, so for them the limit applies to each record or line (a 1 GB
  crawl file is fine).
- `max_chars` (default 1,000,000, spaCy's own guard; ``NEWSLEDGER_MAX_CHARS``):
  one article longer than this is refused before parsing, since the parser
  needs memory in proportion to a document's length.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.errors import InputError, InputTooLarge, MalformedInput, UnsupportedInput
from newsledger.ingest.document import Document

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_CHARS = 1_000_000
STDIN = "<stdin>"

Reader = Callable[[bytes, str], Iterator[Document | InputError]]
Outcome = Document | InputError


class _Lazy:
    """A reader function named by its module, imported on first call: the HTML
    (trafilatura), feed (feedparser) and WARC (warcio) libraries load only when
    an input of their kind is read, not for a run of text files."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.__name__ = f"newsledger.ingest.{module}", name

    def __call__(self, *args: Any) -> Any:
        return getattr(importlib.import_module(self.module), self.__name__)(*args)


TEXT, HTML = _Lazy("text", "read_text"), _Lazy("html", "read_html")
JSON, JSONL = _Lazy("jsonfile", "read_json"), _Lazy("jsonfile", "read_jsonl")
FEED, WARC = _Lazy("feed", "read_feed"), _Lazy("warc", "read_warc")
READERS: dict[str, Reader] = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".json": JSON,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".warc": WARC,
    ".gz": WARC,  # only .warc.gz is accepted; see reader_for
}
# Readers of many-article files that stream from the file instead of holding it.
STREAMED: dict[Reader, Callable[[Path, str, int], Iterator[Outcome]]] = {
    WARC: _Lazy("warc", "read_warc_file"),
    JSONL: _Lazy("jsonfile", "read_jsonl_file"),
}
_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(value: str | None) -> int | None:
    """'200000', '50M', '1 GiB' -> bytes; None for anything else."""
    match = _SIZE.match(value or "")
    if not match or int(match[1]) <= 0:
        return None
    return int(match[1]) * _UNITS[match[2].lower()]


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES  # largest input file read
    max_chars: int = DEFAULT_MAX_CHARS  # longest article passed on

    @classmethod
    def from_env(cls, max_bytes: int | None = None) -> IngestOptions:
        """Limits from arguments, else NEWSLEDGER_MAX_BYTES/_MAX_CHARS, else defaults.

        An unreadable variable is ignored (the default applies), so a typo
        never stops a run.
        """
        env_bytes = parse_size(os.environ.get("NEWSLEDGER_MAX_BYTES"))
        env_chars = parse_size(os.environ.get("NEWSLEDGER_MAX_CHARS"))
        return cls(
            max_bytes=max_bytes or env_bytes or DEFAULT_MAX_BYTES,
            max_chars=env_chars or DEFAULT_MAX_CHARS,
        )


def sniff(data: bytes) -> Reader:
    """Guess a reader for standard input from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:2] == b"\x1f\x8b" or head.startswith(b"warc/"):
        return WARC
    if head.startswith((b"{", b"[")):
        first_line = data.lstrip().split(b"\n", 1)[0].strip()
        if (
            first_line.startswith(b"{")
            and first_line.endswith(b"}")
            and data.strip().count(b"\n") >= 1
        ):
            return JSONL
        return JSON
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return FEED
    if head.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return FEED
    if (
        head.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<body" in head
        or b"<p>" in head
    ):
        return HTML
    return TEXT


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    if name.endswith(".gz") and not name.endswith(".warc.gz"):
        return None
    return READERS.get(path.suffix.lower())


def read_bytes(data: bytes, origin: str, reader: Reader | None = None) -> Iterator[Outcome]:
    """Read one input's bytes with the given (or sniffed) reader."""
    return guarded((reader or sniff(data))(data, origin), origin)


def guarded(items: Iterator[Outcome], origin: str) -> Iterator[Outcome]:
    """A reader's records with its errors turned into records of the stream.

    Besides our own errors, anything a parsing library raises on hostile input
    is reported as a malformed input (with the exception's type) rather than
    ending the run.
    """
    try:
        yield from items
    except InputError as exc:
        yield exc
    except (RecursionError, MemoryError) as exc:
        yield MalformedInput(
            origin, f"too deeply nested or too large to read ({type(exc).__name__})"
        )
    except Exception as exc:
        yield MalformedInput(
            origin, f"could not be read ({type(exc).__name__}: {_first_line(exc)})"
        )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else "no detail"


def _too_large(size: int, limit: int) -> str:
    return (
        f"{size:,} bytes is above the size limit of {limit:,} bytes "
        "(raise it with --max-bytes or NEWSLEDGER_MAX_BYTES)"
    )


def _read_file(path: Path, options: IngestOptions) -> Iterator[Outcome]:
    origin = str(path)
    reader = reader_for(path)
    if reader is None:
        yield UnsupportedInput(
            origin,
            f"unknown input format '{path.suffix or path.name}' "
            f"(expected one of {', '.join(sorted(set(READERS) - {'.gz'}))}, .warc.gz)",
        )
        return
    try:
        if not path.is_file():
            yield UnsupportedInput(origin, "not a regular file")
            return
        streamed = STREAMED.get(reader)
        if streamed is not None:
            # Read record by record (line by line), so the limit applies to each one.
            yield from guarded(streamed(path, origin, options.max_bytes), origin)
            return
        size = path.stat().st_size
        if size > options.max_bytes:
            yield InputTooLarge(origin, _too_large(size, options.max_bytes))
            return
        with path.open("rb") as handle:  # read no more than the limit, even if the file grew
            data = handle.read(options.max_bytes + 1)
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > options.max_bytes:
        yield InputTooLarge(origin, _too_large(len(data), options.max_bytes))
        return
    yield from read_bytes(data, origin, reader)


def _read_stdin(options: IngestOptions) -> Iterator[Outcome]:
    try:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    except (OSError, AttributeError, ValueError) as exc:
        yield InputError(STDIN, f"cannot read standard input ({type(exc).__name__})")
        return
    if len(data) > options.max_bytes:
        yield InputTooLarge(
            STDIN,
            f"more than {options.max_bytes:,} bytes, the size limit "
            "(raise it with --max-bytes or NEWSLEDGER_MAX_BYTES)",
        )
        return
    yield from read_bytes(data, STDIN)


def directory_files(root: Path) -> list[Path]:
    """Readable files under a folder, sorted by path; hidden files and folders skipped."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):  # does not follow symlinked folders (no loops)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder, f) for f in files if not f.startswith("."))
    return sorted(p for p in found if reader_for(p) is not None)


def expand(paths: Iterable[str]) -> Iterator[Path | str | InputError]:
    """Files as given, directories as their readable files sorted by path."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            files = directory_files(path)
            if not files:
                yield UnsupportedInput(raw, "directory holds no readable input files")
            yield from files
        else:
            yield path


def check_length(item: Outcome, options: IngestOptions) -> Outcome:
    """Refuse an article too long to parse, before it reaches spaCy."""
    if isinstance(item, Document) and len(item.text) > options.max_chars:
        return InputTooLarge(
            item.origin,
            f"article of {len(item.text):,} characters is above the limit "
            f"of {options.max_chars:,} (NEWSLEDGER_MAX_CHARS)",
        )
    return item


def read_inputs(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Outcome]:
    """Every article of every input, in input order; errors in their place."""
    options = options or IngestOptions.from_env()
    for item in expand(paths):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield from (check_length(o, options) for o in _read_stdin(options))
        elif isinstance(item, Path):
            if not item.exists():
                yield InputError(str(item), "no such file or directory")
                continue
            yield from (check_length(o, options) for o in _read_file(item, options))
