"""Bytes to text: BOMs, UTF-16 sniffing, a declared charset, UTF-8, then
charset detection with a Windows-1252 preference, ending in replacement.

Order and why:
1. known binary formats (PNG, PDF, ZIP...) are refused by their magic bytes;
2. a BOM is the strongest signal there is;
3. UTF-16 without a BOM shows as every other byte zero;
4. strict UTF-8 (nearly all text today; it almost never decodes by accident),
   and UTF-8 with a few bad bytes: when the valid multi-byte sequences are at
   least as many as the invalid bytes, the file is UTF-8 with damage, not a
   legacy encoding. It stays UTF-8, each bad byte becomes U+FFFD, and a
   one-line warning names the input and the first bad byte's offset
   (decoding such a file as cp1252 would garble every accent and curly quote);
5. a charset the document declares (HTML ``<meta charset>``), if Python knows it;
6. charset_normalizer, except that Windows-1252 wins whenever detection finds it
   about as plausible as its best guess: on short texts detection cannot tell
   Western encodings apart (it reads "Muñoz" in Latin-1 as Central European
   "Muńoz"), and cp1252 is by far the commonest legacy encoding of news pages.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from newsledger.errors import BinaryInput, EmptyInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Leading bytes of binary formats people save next to articles by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_1", "iso8859_15"})
_DETECT_BYTES = 200_000
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
log = logging.getLogger("newsledger")
# Share of control or replacement characters above which decoded text is binary.
_BINARY_SHARE = 0.05


def binary_kind(data: bytes) -> str | None:
    """What known binary format the bytes start with, if any."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte of mostly-ASCII text is zero."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zeros = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zeros > 0.4 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.4 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares, when Python has a codec for it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    return _known(match.group(1).decode("ascii"))


def binary_share(text: str) -> float:
    """Share of control and replacement characters in the first 20,000."""
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t\f"))
    return bad / len(sample)


def is_binary(text: str) -> bool:
    """Decoded text that is mostly control or replacement characters."""
    return binary_share(text) > _BINARY_SHARE


def detect_encoding(data: bytes) -> str:
    """charset_normalizer's guess, yielding to cp1252 when that is as plausible."""
    matches = list(from_bytes(data[:_DETECT_BYTES]))
    if not matches:
        return "cp1252"
    best = matches[0]
    if best.encoding in _WESTERN:
        return "cp1252"
    western = next((m for m in matches if m.encoding in _WESTERN), None)
    if western is not None and western.chaos <= best.chaos + 0.01:
        return "cp1252"
    return best.encoding


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("cp1252", errors="replace")


def decode_bytes(
    data: bytes, origin: str, *, markup: bool = False, declared: str | None = None
) -> str:
    """Decode an input's bytes, or raise a typed error naming the input.

    `markup=True` (HTML, XML) lets a ``<meta charset>`` take part; `declared`
    is a charset from outside the bytes (an HTTP Content-Type header).
    """
    if not data.strip():
        raise EmptyInput(origin, "empty input" if not data else "only whitespace")
    kind = binary_kind(data)
    if kind:
        raise BinaryInput(origin, f"binary data ({kind}), not text")
    text = _decode_text(data, markup, declared, origin)
    if is_binary(text):
        raise BinaryInput(origin, "binary data, not text")
    return text


def _known(charset: str | None) -> str | None:
    """Python's name for a charset label, or None for an unknown one."""
    try:
        return codecs.lookup(charset).name if charset else None
    except (LookupError, ValueError, TypeError):
        return None


def damaged_utf8(data: bytes, origin: str) -> str | None:
    """UTF-8 with a few invalid bytes, decoded with U+FFFD in their place (and a warning).

    None when the bytes read better as a legacy encoding: fewer well-formed
    multi-byte sequences than invalid bytes (cp1252 text almost never forms them).
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return data.decode("utf-8")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(_UTF8_MULTIBYTE.findall(data))
    if good < max(1, bad):
        return None
    log.warning(
        "%s: %d invalid UTF-8 byte(s), the first at byte %d, replaced with U+FFFD",
        origin,
        bad,
        first,
    )
    return text


def _decode_text(data: bytes, markup: bool, declared: str | None, origin: str = "<bytes>") -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    utf16 = looks_like_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    # Before any declaration: pages that declare Latin-1 but are UTF-8 abound,
    # while non-UTF-8 text that decodes as UTF-8 is vanishingly rare.
    utf8 = damaged_utf8(data, origin)
    if utf8 is not None:
        return utf8
    declared = _known(declared) or (declared_charset(data) if markup else None)
    if declared and not declared.startswith("utf"):
        # HTML5 reads Latin-1 and ASCII labels as Windows-1252.
        return _decode(data, "cp1252" if declared in ("iso8859-1", "ascii") else declared)
    return _decode(data, detect_encoding(data))
