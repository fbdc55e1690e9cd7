"""Paragraphs that repeat text found elsewhere in the article (pull quotes, captions).

Layouts repeat a striking line of a quote as a standalone paragraph. It is the
same claim by the same speaker, so it must not count as a second event.
"""

from __future__ import annotations

import re

from newsledger.nlp.paragraphs import paragraph_spans

WORD = re.compile(r"\w+")
MIN_WORDS = 6  # shorter lines repeat by chance ("He said no.")


def normalise(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def repeated_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs whose words occur inside a longer paragraph,
    or equal an earlier one.

    Linear in the article's length: a paragraph is compared only with the
    paragraphs that contain its first MIN_WORDS words (an index of word runs),
    never with every other paragraph.
    """
    paragraphs = [(start, end, normalise(text[start:end])) for start, end in paragraph_spans(text)]
    holders: dict[str, list[int]] = {}  # a run of MIN_WORDS words -> paragraphs holding it
    for index, (_, _, words) in enumerate(paragraphs):
        tokens = words.split()
        for k in range(len(tokens) - MIN_WORDS + 1):
            found = holders.setdefault(" ".join(tokens[k : k + MIN_WORDS]), [])
            if not found or found[-1] != index:
                found.append(index)
    repeated = []
    for index, (start, end, words) in enumerate(paragraphs):
        tokens = words.split()
        if len(tokens) < MIN_WORDS:
            continue
        for other_index in holders.get(" ".join(tokens[:MIN_WORDS]), ()):
            other = paragraphs[other_index][2]
            if other_index == index:
                continue
            longer_holds = len(other) > len(words) and words in other
            if longer_holds or (other == words and other_index < index):
                repeated.append((start, end))
                break
    return repeated
