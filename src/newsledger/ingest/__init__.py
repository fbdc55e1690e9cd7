"""Readers per input kind, each turning bytes into `Document` records.

No NLP here. `read_inputs` is the one entry for messy input: it yields a
`Document` per article and an `InputError` per input (or record) that could
not be read, so one bad file never stops a run.
"""

from newsledger.ingest.dispatch import IngestOptions, read_bytes, read_inputs
from newsledger.ingest.document import Document, make_article

__all__ = ["Document", "IngestOptions", "make_article", "read_bytes", "read_inputs"]
