"""Name keys: how a place name is normalised before it is looked up.

One function decides equality of names everywhere (index build, look-up,
text matching), so "Basrah", "BASRAH" and "Al-Basrah" meet where they should.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[.'’`ʼʻ‘]")
_SPACE = re.compile(r"[\s\-‐‑–—_/,]+")
_LEADING_THE = re.compile(r"^the\s+")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Accents off, case folded, dots and apostrophes dropped, dashes as spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _DROP.sub("", plain.casefold())
    plain = _SPACE.sub(" ", plain).strip()
    return _LEADING_THE.sub("", plain)


def is_latin(name: str) -> bool:
    """True when every letter is Latin once accents are off (keeps the index small)."""
    key = name_key(name)
    return bool(key) and all(c.isascii() for c in key)
