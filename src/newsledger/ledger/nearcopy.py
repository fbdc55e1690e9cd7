"""Near-duplicate articles (wire copies, syndicated rewrites) with MinHash.

Each article gets a MinHash signature of its word 4-gram shingles (datasketch).
Signatures are cut into LSH bands; two articles that share a band hash are
candidates, and a candidate whose estimated Jaccard similarity reaches
``THRESHOLD`` is a copy. With 32 bands of 3 rows the chance that a pair at
Jaccard 0.5 shares no band is (1 - 0.5**3)**32 = 1.4%; at 0.6 it is 0.04%.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 96
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 4
THRESHOLD = 0.5  # estimated Jaccard at or above which an article is a copy
SEED = 7

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # Building the permutations is the slow part; copy them from one template.
    return MinHash(num_perm=NUM_PERM, seed=SEED)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    minhash = _template().copy()
    grams = shingles(text)
    if grams:
        minhash.update_batch(list(grams))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=np.frombuffer(data, dtype=np.uint64))


def bands(minhash: MinHash) -> list[tuple[int, str]]:
    """(band number, hash of that band's rows): the LSH keys of a signature."""
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
    return [
        (b, hashlib.sha1(values[b * ROWS : (b + 1) * ROWS].tobytes()).hexdigest()[:16])
        for b in range(BANDS)
    ]


def similarity(a: MinHash, b: MinHash) -> float:
    return float(a.jaccard(b))


def is_copy(a: MinHash, b: MinHash) -> bool:
    return similarity(a, b) >= THRESHOLD


def copy_groups(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """In-memory grouping of (id, text): id -> the first id of its copy group."""
    canonical: dict[str, str] = {}
    seen: list[tuple[str, MinHash]] = []
    index: dict[tuple[int, str], list[int]] = {}
    for article_id, text in texts:
        minhash = signature(text)
        keys = bands(minhash)
        candidates = sorted({i for key in keys for i in index.get(key, [])})
        match = next((i for i in candidates if is_copy(minhash, seen[i][1])), None)
        canonical[article_id] = canonical[seen[match][0]] if match is not None else article_id
        for key in keys:
            index.setdefault(key, []).append(len(seen))
        seen.append((article_id, minhash))
    return canonical
