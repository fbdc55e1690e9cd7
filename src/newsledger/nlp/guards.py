"""Guards that keep spaCy's work, and the extractors', linear on hostile text.

A "sentence" of 50,000 numbers or of "according to" repeated has one head
with tens of thousands of children, and every extractor that looks at a
token's children or its sentence does so once per token: quadratic time (issue
14). `sentence_cap` runs before the parser and starts a new sentence after
`MAX_SENTENCE_TOKENS` tokens without a full stop, question or exclamation mark or
line break; the parser respects preset sentence starts, so no sentence, and so
no token's set of children, grows past that. Real sentences in news are far
shorter (a 100-token sentence is already rare), so ordinary text is untouched.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

MAX_SENTENCE_TOKENS = 200
SENTENCE_ENDS = frozenset({".", "!", "?", "…"})


@Language.component("newsledger_sentence_cap")
def sentence_cap(doc: Doc) -> Doc:
    run = 0
    for token in doc:
        if run >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 0
        run += 1
        if token.text in SENTENCE_ENDS or "\n" in token.text_with_ws:
            run = 0
    return doc


def add_guards(nlp: Language) -> None:
    """Put the sentence cap before the parser (a pipeline without one needs none)."""
    if "parser" in nlp.pipe_names and "newsledger_sentence_cap" not in nlp.pipe_names:
        nlp.add_pipe("newsledger_sentence_cap", before="parser")
