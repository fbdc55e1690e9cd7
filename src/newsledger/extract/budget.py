"""The per-article budget: what one article may cost before it is refused.

Hostile or broken text (a 1 MB paragraph, 50,000 numbers in a row) must never
hang a run of `analyze`, `add`, a web import or a Spark executor. Two limits
are checked before spaCy sees the text, since parsing cannot be interrupted:
characters per paragraph and words per article (news paragraphs run to a few
hundred words and the longest features to about 10,000). Parsing costs 0.2 ms
a token on ordinary prose and up to 0.6 ms on dense hostile text (numbers) on a
2-core machine, so 12,000 words keeps the worst article near 10 s. A third is checked
between extractors: once the extraction has run past its time, the article is
refused instead of running on. Each refusal is one AnalysisFailed naming the
input and the limit; the rest of the run goes on.

The defaults can be changed for a run with NEWSLEDGER_MAX_PARAGRAPH_CHARS,
NEWSLEDGER_MAX_WORDS and NEWSLEDGER_EXTRACT_SECONDS (an unreadable value is
ignored), or by passing a Budget in `Options`.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from newsledger.errors import AnalysisFailed

_PARAGRAPH_BREAK = re.compile(r"\n")
_WORD = re.compile(r"\S+")
# spaCy's tokenizer strips punctuation one affix at a time: quadratic in a long run.
# The readers cut runs to 16 characters (ingest.document.clean_text); a Document
# built by a caller without that cleaning is refused instead.
_PUNCT_RUN = re.compile(r"[^\w\s]{1000,}")


def _env(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Budget:
    max_paragraph_chars: int = field(
        default_factory=lambda: int(_env("NEWSLEDGER_MAX_PARAGRAPH_CHARS", 20_000))
    )
    max_words: int = field(default_factory=lambda: int(_env("NEWSLEDGER_MAX_WORDS", 12_000)))
    extract_seconds: float = field(default_factory=lambda: _env("NEWSLEDGER_EXTRACT_SECONDS", 5.0))


def refusal(text: str, budget: Budget) -> str | None:
    """Why the text is over budget before parsing, or None."""
    longest = max((len(p) for p in _PARAGRAPH_BREAK.split(text)), default=0)
    if longest > budget.max_paragraph_chars:
        return (
            f"a paragraph of {longest:,} characters is over the budget of "
            f"{budget.max_paragraph_chars:,} per paragraph (break it into paragraphs)"
        )
    run = _PUNCT_RUN.search(text)
    if run:
        return (
            f"a run of {len(run.group()):,} punctuation characters at {run.start():,} "
            "(clean the text first)"
        )
    words = sum(1 for _ in _WORD.finditer(text))
    if words > budget.max_words:
        return (
            f"{words:,} words are over the budget of {budget.max_words:,} per article "
            "(split the article)"
        )
    return None


class Deadline:
    """The extraction's time budget for one article, checked between extractors."""

    def __init__(self, origin: str, budget: Budget) -> None:
        self.origin = origin
        self.seconds = budget.extract_seconds
        self.end = time.monotonic() + budget.extract_seconds

    def check(self, step: str) -> None:
        if time.monotonic() > self.end:
            raise AnalysisFailed(
                self.origin,
                f"over the extraction budget of {self.seconds:g} s "
                f"(at {step}); the article was not analysed",
            )
