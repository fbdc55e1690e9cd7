"""A fatality count for an event mention, from its quantities and sentence (for exports)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsledger.knowledge import load_records


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], frozenset[str]]:
    records = load_records("fatalities.jsonl")
    cues = sorted({str(r["cue"]).lower() for r in records if r.get("cue")}, key=len, reverse=True)
    units = frozenset(str(r["unit"]).lower() for r in records if r.get("unit"))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.IGNORECASE)
    return pattern, units


def fatalities(row: dict[str, Any]) -> int | None:
    """The largest people-count in a sentence that speaks of deaths; None when there is none."""
    cue, units = _lexicon()
    if not cue.search(row.get("sentence") or ""):
        return None
    counts = [
        q["value"]
        for q in row.get("quantities") or []
        if (q.get("unit") or "").lower() in units and q.get("approx") != "less_than"
    ]
    return int(max(counts)) if counts else None
