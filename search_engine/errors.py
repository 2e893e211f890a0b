"""Typed errors and the CLI's exit codes."""

from __future__ import annotations

import enum
import re


class ExitStatus(enum.IntEnum):
    """The exit codes of the ``search-engine`` command."""

    OK = 0
    ERROR = 1
    USAGE = 2  # bad options or a malformed query
    NO_INDEX = 3  # no index at the given place, and nothing to build it from
    INDEX_DAMAGED = 4
    INDEX_LOCKED = 5
    SOURCES_MISSING = 6  # a remembered source is missing: its documents were kept (or a rebuild refused)


class SearchEngineError(Exception):
    """Base class: every error the API raises on purpose."""

    exit_status = ExitStatus.ERROR


class QueryError(SearchEngineError):
    """A query that cannot be run as written.

    ``position`` is where the problem starts, counted from 1 as the message says it ("at position 7"):
    ``query[position - 1]`` is that character; None when the problem is the query as a whole.
    """

    exit_status = ExitStatus.USAGE

    def __init__(self, message: str, query: str = "", offset: int | None = None):
        """``offset`` is the 0-based index of the problem in ``query``."""
        self.query = query
        self.position = offset + 1 if offset is not None else None
        if offset is not None and query:
            message = f"{message} (at position {offset + 1}: {query[:offset]}»{query[offset:]})"
        super().__init__(message)


class AliasesError(SearchEngineError):
    """An aliases file that cannot be read, or a malformed line in it."""

    exit_status = ExitStatus.USAGE


class IndexNotFoundError(SearchEngineError):
    """No index has been built in the index folder yet (or the folder does not exist)."""

    exit_status = ExitStatus.NO_INDEX


class IndexPathError(SearchEngineError):
    """The index path cannot be an index folder: it is a file, or a folder above it is a file."""

    exit_status = ExitStatus.USAGE


class IndexDamagedError(SearchEngineError):
    """A file of the index does not match its checksum, is missing or cannot be parsed; rebuilding the
    index (``index(rebuild=True)``) repairs it from its sources."""

    exit_status = ExitStatus.INDEX_DAMAGED


class IndexReadError(SearchEngineError):
    """Reading the index failed for a reason other than damage: a file that cannot be read (permissions,
    an I/O error) or an unexpected failure below the API. The message names the cause; the original
    exception is chained as ``__cause__``."""


class IndexOutdatedError(IndexDamagedError):
    """The index was written by an older version of the engine; a build redoes it from ``sources``."""

    def __init__(self, message: str, sources: list[str]):
        super().__init__(message)
        self.sources = sources


class IndexNewerError(IndexDamagedError):
    """The index was written by a newer version of the engine: this one neither reads nor rebuilds it on its own
    (an older copy of the program must not overwrite a newer index); ``index(rebuild=True)`` starts it over."""


class IndexLockedError(SearchEngineError):
    """Another build holds the index's lock; ``index(wait=SECONDS)`` waits for it instead."""

    exit_status = ExitStatus.INDEX_LOCKED


class NoDocumentsError(SearchEngineError):
    """A build whose sources yielded no readable document: the old index is kept."""


class IndexWriteError(SearchEngineError):
    """Writing a new generation failed (disk full, I/O error): the previous index is unchanged."""


class StrictBuildError(SearchEngineError):
    """A strict build (``strict=True``) found source files it could not read, so nothing was written.
    ``skipped`` lists them (SkippedFile: path and reason)."""

    def __init__(self, message: str, skipped: list):
        super().__init__(message)
        self.skipped = skipped


class SourceNotFoundError(SearchEngineError):
    """A source named for a build does not exist: nothing is built, and it is not remembered."""

    exit_status = ExitStatus.USAGE

    def __init__(self, message: str, paths: list[str]):
        super().__init__(message)
        self.paths = paths


class SourcesMissingError(SearchEngineError):
    """A rebuild would lose the documents of remembered sources that are missing; nothing was written."""

    exit_status = ExitStatus.SOURCES_MISSING

    def __init__(self, message: str, missing: list):
        super().__init__(message)
        self.missing = missing


class DocumentNotFoundError(SearchEngineError):
    """No document or passage with this id in the index (or a passage id that is malformed)."""


class SourceError(SearchEngineError):
    """A source file that cannot be read or parsed; the build reports it and goes on.

    ``kind`` is why, in the words the build's summary counts by (see :data:`search_engine.model.SKIP_KINDS`):
    ``damaged``, ``unsupported``, ``encrypted``, ``too-large``, ``needs-ocr``, ``empty``, ``encoding``...
    """

    def __init__(self, path: str, reason: str, kind: str = "damaged"):
        self.path = path
        self.reason = reason
        self.kind = kind
        super().__init__(f"{path}: {reason}")


class NotAvailableError(SearchEngineError):
    """This kind of index cannot do that: a SolrCloud collection made from an older configset has no room for it."""


# The API's messages name its parameters as a Python caller writes them (``date_from=``, ``wait=SECONDS``,
# ``documents()``); the command line (and the web page, which answers with the command line's messages)
# says its options instead.
_COMMAND_LINE = [(re.compile(pattern), words) for pattern, words in (
    (r"\bdate_from=", "--from "), (r"\bdate_from\b", "--from"), (r"\bdate_to=", "--to "), (r"\bdate_to\b", "--to"),
    (r"\blanguage=", "--lang "), (r"\bclassification=", "--classification "), (r"\bper_doc\b", "--per-doc"),
    (r"\bwait=SECONDS\b", "--wait SECONDS"), (r"\bstrict=True\b", "--strict"), (r"\bencoding=", "--encoding "),
    (r"\bprune=True\b", "--prune"), (r"\bsources\(\)", "`search-engine sources`"),
    (r"\bdocuments\(\)", "`search-engine list`"), (r"\bindex\(rebuild=True\)", "`search-engine index --rebuild`"),
)]


def command_line_words(message: str) -> str:
    """An API error message with its parameter names as the ``search-engine`` command's options."""
    for pattern, words in _COMMAND_LINE:
        message = pattern.sub(words, message)
    return message


class SourceWarning(UserWarning):
    """A source file that was read, but not exactly as it is (stray NUL bytes removed); the build lists it."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")
