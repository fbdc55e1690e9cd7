"""Every error newsledger raises on purpose, under one base class.

    NewsledgerError
    ├── InputError          an input could not be read as articles
    │   ├── UnsupportedInput    unknown format or extension
    │   ├── EmptyInput          no text at all
    │   ├── BinaryInput         bytes that are not text
    │   ├── InputTooLarge       above the configured size limit
    │   ├── MalformedInput      broken JSON, HTML, feed or WARC
    │   └── AnalysisFailed      an extractor failed on this article (a bug)
    ├── ModelError          the spaCy pipeline could not be loaded
    ├── KnowledgeError      a knowledge file is missing or malformed
    ├── GazetteerError      the gazetteer index is missing or unreadable
    │   └── DumpError           a GeoNames dump could not be read
    ├── EvalError           a gold data set could not be read
    ├── LedgerError         the ledger database could not be opened, read or written
    └── ServeError          the web app cannot start as asked (public address, no token)

Library errors (decoding, JSON, spaCy, SQLAlchemy) are translated at the
boundary with ``raise Ours(...) from exc`` so callers catch one family.
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base class of every error newsledger raises on purpose."""


class InputError(NewsledgerError):
    """An input could not be read as articles. `origin` names the input."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # rebuilt from both arguments when a worker process sends one back (the
        # default pickles only the message, and unpickling then fails)
        return type(self), (self.origin, self.reason)


class UnsupportedInput(InputError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class MalformedInput(InputError):
    pass


class AnalysisFailed(InputError):
    """An extractor raised on one article: reported in its place, the run goes on."""


class ModelError(NewsledgerError):
    pass


class KnowledgeError(NewsledgerError):
    pass


class PluginError(NewsledgerError):
    """An extractor plugin that cannot load, or components whose reads and adds do not fit."""


class GazetteerError(NewsledgerError):
    pass


class DumpError(GazetteerError):
    pass


class EvalError(NewsledgerError):
    pass


class LedgerError(NewsledgerError):
    pass


class ServeError(NewsledgerError):
    pass


class DataMissing(EvalError):
    """The gold data set is not at the given path: the evaluation is skipped."""
