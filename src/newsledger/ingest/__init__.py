"""Readers per input kind, each turning bytes into `Document` records.

No NLP here. `read_inputs` is the one entry for messy input: it yields a
`Document` per article and an `InputError` per input (or record) that could
not be read, so one bad file never stops a run.
"""

from newsledger.ingest.document import Document, make_article
from newsledger.ingest.dispatch import IngestOptions, read_inputs, read_bytes

__all__ = ["Document", "IngestOptions", "make_article", "read_bytes", "read_inputs"]
