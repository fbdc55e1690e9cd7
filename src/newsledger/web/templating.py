"""Jinja2 templates (autoescaped) and the helpers every page view uses."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
PAGE_SIZE = 50


@lru_cache(maxsize=1)
def environment() -> Environment:
    # Autoescape every template: article text is untrusted input.
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{100 * float(v or 0):.0f}%"
    env.filters["http_url"] = http_url
    env.filters["marked"] = marked
    env.filters["qs"] = lambda d: urlencode({k: v for k, v in d.items() if v not in (None, "")})
    return env


def http_url(value: Any) -> str:
    """The URL when it is http(s), else "" (no javascript: or data: links from article metadata)."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def marked(snippet: Any) -> Markup:
    """A search snippet with the ledger's « » marks as <mark>; everything else escaped."""
    out = []
    for index, part in enumerate(str(snippet or "").replace("»", "«").split("«")):
        out.append(f"<mark>{escape(part)}</mark>" if index % 2 else str(escape(part)))
    return Markup("".join(out))


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    template = environment().get_template(name)
    html = template.render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)
