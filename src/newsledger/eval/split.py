"""The evaluation protocol's one split: which gold items may be tuned on, which only checked.

Every shared gold set is development data. So that its figures predict unseen
reports, each item is assigned once, by a hash of its stable key (an article
name, a sentence id, a row id), either to the *tune* part, which rules and
thresholds may be adjusted against, or to the *check* part, which is only ever
scored. The assignment depends on nothing but the key, so it never changes when
a set grows or is re-ordered, and a test asserts the two parts never overlap.

Learned parts use k-fold cross-validation instead (`fold_of`): every item is
predicted by a model trained without it, with a fixed seed in the hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TypeVar

Part = Literal["tune", "check"]
T = TypeVar("T")

CHECK_SHARE = 0.4  # share of each set kept for checking: large enough that its figure is stable
SALT = (
    "newsledger-eval-split-1"  # changing it re-draws every split: never do so to improve a figure
)
FOLDS = 5
FOLD_SEED = "newsledger-cv-1"


def _unit(text: str) -> float:
    """A uniform number in [0, 1) from a key."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def part_of(dataset: str, key: str) -> Part:
    """The part an item belongs to, for ever."""
    return "check" if _unit(f"{SALT}:{dataset}:{key}") < CHECK_SHARE else "tune"


def split(dataset: str, items: Iterable[T], key: Callable[[T], str]) -> tuple[list[T], list[T]]:
    """(tune, check) parts of the items, in their given order."""
    tune: list[T] = []
    check: list[T] = []
    for item in items:
        (check if part_of(dataset, key(item)) == "check" else tune).append(item)
    return tune, check


def fold_of(dataset: str, key: str, folds: int = FOLDS) -> int:
    """The cross-validation fold (0..folds-1) an item is held out in."""
    return int(_unit(f"{FOLD_SEED}:{dataset}:{key}") * folds)


def folds(dataset: str, keys: Sequence[str], folds: int = FOLDS) -> list[list[int]]:
    """Indices of the items held out in each fold."""
    held: list[list[int]] = [[] for _ in range(folds)]
    for index, key in enumerate(keys):
        held[fold_of(dataset, key, folds)].append(index)
    return held
