"""newsledger: read news reports into a sourced, graded record.

>>> from newsledger import analyze
>>> analysis = analyze("Officials said 12 people were killed in Basra on Monday.")
>>> analysis.to_dict()["format"]
'newsledger/analysis@1'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from newsledger.version import __version__ as __version__

__all__ = [
    "FORMAT",
    "Analysis",
    "AnalyzeOptions",
    "Document",
    "IngestOptions",
    "InputError",
    "NewsledgerError",
    "analyze",
    "analyze_documents",
    "read_inputs",
]

# The public names load on first use (PEP 562), not at `import newsledger`:
# every submodule import runs this file first, and `newsledger --help` or a
# ledger query must not pay for spaCy and the extractors (issue 13).
_HOMES = {
    "AnalyzeOptions": "newsledger.api",
    "analyze": "newsledger.api",
    "analyze_documents": "newsledger.api",
    "InputError": "newsledger.errors",
    "NewsledgerError": "newsledger.errors",
    "Document": "newsledger.ingest",
    "IngestOptions": "newsledger.ingest",
    "read_inputs": "newsledger.ingest",
    "FORMAT": "newsledger.models",
    "Analysis": "newsledger.models",
}

if TYPE_CHECKING:
    from newsledger.api import AnalyzeOptions, analyze, analyze_documents
    from newsledger.errors import InputError, NewsledgerError
    from newsledger.ingest import Document, IngestOptions, read_inputs
    from newsledger.models import FORMAT, Analysis


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
