"""A self-contained HTML page: the article text with every finding highlighted.

All article text is untrusted: it goes through Jinja2's autoescaping (or
markupsafe.escape) and never into an attribute unescaped. The page has no
script and loads nothing from the network.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from newsledger.models import Analysis
from newsledger.render.highlight import LAYERS, Mark, marks_of, segments


def highlight(text: str, marks: list[Mark]) -> Markup:
    """The text as escaped HTML, split at every mark boundary into classed spans."""
    parts: list[str] = []
    for seg in segments(text, marks):
        piece = escape(seg.text).replace("\n", Markup("<br>\n"))
        if not seg.marks:
            parts.append(str(piece))
            continue
        classes = " ".join("hl-" + layer for layer in seg.layers)
        parts.append(f'<span class="{classes}" title="{escape(seg.notes)}">{piece}</span>')
    return Markup("".join(parts))


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("newsledger", "templates"), autoescape=select_autoescape(default=True)
    )


def render_page(analyses: list[Analysis]) -> str:
    """One page holding every analysis of the run."""
    items = [(a, highlight(a.article.text, marks_of(a))) for a in analyses]
    return environment().get_template("report.html").render(items=items, layers=LAYERS)
