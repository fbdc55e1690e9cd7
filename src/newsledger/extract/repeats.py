"""Paragraphs that repeat text found elsewhere in the article (pull quotes, captions).

Layouts repeat a striking line of a quote as a standalone paragraph. It is the
same claim by the same speaker, so it must not count as a second event.
"""

from __future__ import annotations

import re

PARAGRAPH = re.compile(r"[^\n]+")
WORD = re.compile(r"\w+")
MIN_WORDS = 6  # shorter lines repeat by chance ("He said no.")


def normalise(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def repeated_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs whose words occur inside a longer paragraph,
    or equal an earlier one."""
    paragraphs = [(m.start(), m.end(), normalise(m.group(0))) for m in PARAGRAPH.finditer(text)]
    repeated = []
    for index, (start, end, words) in enumerate(paragraphs):
        if len(words.split()) < MIN_WORDS:
            continue
        for other_index, (_, _, other) in enumerate(paragraphs):
            if other_index == index:
                continue
            longer_holds = len(other) > len(words) and words in other
            if longer_holds or (other == words and other_index < index):
                repeated.append((start, end))
                break
    return repeated
