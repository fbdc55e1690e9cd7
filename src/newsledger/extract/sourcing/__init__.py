"""Sources and attributions: who says what, and how the source is identified.

tagger.py     a learned CRF tagger of Source/Cue/Content tokens (opt-in: --tagger)
encoder.py    the accurate mode: a fine-tuned MiniLM tags them instead (opt-in: --accurate)
refine.py     their spans redraw the rules' bounds and add cues the rules miss
cues.py       reporting verbs and "according to" over the parse: cue, speaker, content
model.py      the learned cue model (which verbs report), with lexicon fallback
quotes.py     quotation spans on the raw text (multi-paragraph ones joined)
attribute.py  quotes joined to speakers: continuations, captions, pull and signed quotes
mentions.py   what a mention refers to: relatives, pronouns, surnames, titles
sources.py    mentions merged into sources with kind, naming, descriptors, nesting
(Their trainers are in newsledger.train: cues, tagger, accurate.)
"""

from __future__ import annotations

from newsledger.extract.context import Context
from newsledger.extract.sourcing.attribute import find_attributions
from newsledger.extract.sourcing.sources import build_sources
from newsledger.models import Attribution, Source

__all__ = ["extract_sourcing"]


def extract_sourcing(ctx: Context) -> tuple[list[Source], list[Attribution]]:
    """Every source cited in the article and every act of attribution."""
    found = find_attributions(
        ctx.doc, learned=ctx.options.span_tagger, accurate=ctx.options.accurate
    )
    return build_sources(ctx.doc, ctx.article.text, found, ctx.article.outlet)
