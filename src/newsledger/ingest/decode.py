"""Bytes to text: BOMs, UTF-8, then charset detection, ending in replacement."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from newsledger.errors import BinaryInput, EmptyInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte of ASCII text is zero."""
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


def is_binary(text: str) -> bool:
    """Decoded text that is mostly control or replacement characters."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t\f"))
    return bad / len(sample) > 0.05


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode an input's bytes, or raise a typed error naming the input."""
    if not data.strip():
        raise EmptyInput(origin, "empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    utf16 = looks_like_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    if b"\x00" in data[:8000]:
        raise BinaryInput(origin, "binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000]).best()
        encoding = best.encoding if best is not None else "cp1252"
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            text = data.decode("cp1252", errors="replace")
    if is_binary(text):
        raise BinaryInput(origin, "binary data, not text")
    return text
