"""newsledger: read news reports into a sourced, graded record.

    >>> from newsledger import analyze
    >>> analysis = analyze("Officials said 12 people were killed in Basra on Monday.")
    >>> analysis.to_dict()["format"]
    'newsledger/analysis@1'
"""

from newsledger.api import AnalyzeOptions, analyze, analyze_documents
from newsledger.errors import InputError, NewsledgerError
from newsledger.ingest import Document, IngestOptions, read_inputs
from newsledger.models import FORMAT, Analysis

__version__ = "0.1.0"

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
