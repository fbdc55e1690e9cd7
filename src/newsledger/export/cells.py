"""Spreadsheet-safe CSV cells (OWASP's rule against formula injection).

Article text is untrusted: an outlet named ``=HYPERLINK(...)`` or a sentence
starting with ``+`` or ``@`` would run as a formula when the CSV is opened in a
spreadsheet. A text cell starting with one of ``= + - @``, a tab or a carriage
return gets a leading ``'``, which spreadsheets show as text. Numbers the
exporter computed itself (latitude, longitude, codes, counts) are not strings
and stay numbers, negative ones included.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a text cell that could start a formula prefixed by ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}
