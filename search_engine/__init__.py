"""Full-text search over primary historical sources.

``import search_engine`` is cheap: nothing heavy (whoosh, nltk) is imported and no index is opened
until it is used. The names below are imported on first use (a module ``__getattr__``); type checkers
read them from the explicit imports under ``TYPE_CHECKING`` (the package ships ``py.typed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .deferred import install as _defer_unused_imports

__version__ = "0.1.0"

# modules whoosh imports for features the engine does not use wait until they are used (see deferred.py)
_defer_unused_imports()

if TYPE_CHECKING:
    from .api import SearchEngine
    from .cite import CITATION_FORMATS, CITATION_MEDIA_TYPES
    from .cite.export import EXPORT_FORMATS, EXPORT_LIMIT, EXPORT_MEDIA_TYPES
    from .errors import (
        AliasesError,
        DocumentNotFoundError,
        ExitStatus,
        IndexDamagedError,
        IndexLockedError,
        IndexNotFoundError,
        IndexPathError,
        IndexReadError,
        IndexWriteError,
        NoDocumentsError,
        QueryError,
        SearchEngineError,
        SourceError,
        SourceNotFoundError,
        SourcesMissingError,
        SourceWarning,
        StrictBuildError,
    )
    from .ingest.readers import read_documents
    from .ingest.text import parse_text
    from .model import (
        Creator,
        DateRange,
        Document,
        DocumentInfo,
        FileWarning,
        Footnote,
        FormatSummary,
        Highlights,
        Hit,
        IndexSummary,
        MissingSource,
        Paragraph,
        Passage,
        PassageView,
        Progress,
        Reference,
        SearchResults,
        SkippedFile,
        SourceInfo,
    )
    from .vocabulary.dates import parse_date
    from .vocabulary.language_names import LANGUAGES

# the public names, imported on first use from their modules (see __getattr__)
_EXPORTS = {
    "SearchEngine": "api",
    "Document": "model",
    "Paragraph": "model",
    "Footnote": "model",
    "DateRange": "model",
    "DocumentInfo": "model",
    "Hit": "model",
    "Passage": "model",
    "PassageView": "model",
    "SearchResults": "model",
    "IndexSummary": "model",
    "SkippedFile": "model",
    "FileWarning": "model",
    "FormatSummary": "model",
    "MissingSource": "model",
    "SourceInfo": "model",
    "AliasesError": "errors",
    "read_documents": "ingest.readers",
    "SearchEngineError": "errors",
    "QueryError": "errors",
    "IndexNotFoundError": "errors",
    "IndexDamagedError": "errors",
    "IndexPathError": "errors",
    "IndexReadError": "errors",
    "IndexLockedError": "errors",
    "IndexWriteError": "errors",
    "StrictBuildError": "errors",
    "NoDocumentsError": "errors",
    "DocumentNotFoundError": "errors",
    "SourceError": "errors",
    "SourceNotFoundError": "errors",
    "SourcesMissingError": "errors",
    "SourceWarning": "errors",
    "ExitStatus": "errors",
    "parse_text": "ingest.text",
    "parse_date": "vocabulary.dates",
    "Reference": "model",
    "Creator": "model",
    "Highlights": "model",
    "CITATION_FORMATS": "cite",
    "CITATION_MEDIA_TYPES": "cite",
    "EXPORT_FORMATS": "cite.export",
    "EXPORT_LIMIT": "cite.export",
    "EXPORT_MEDIA_TYPES": "cite.export",
    "LANGUAGES": "vocabulary.language_names",
    "Progress": "model",
}

__all__ = [  # a literal list, as type checkers read it
    "AliasesError",
    "CITATION_FORMATS",
    "CITATION_MEDIA_TYPES",
    "Creator",
    "DateRange",
    "Document",
    "DocumentInfo",
    "DocumentNotFoundError",
    "EXPORT_FORMATS",
    "EXPORT_LIMIT",
    "EXPORT_MEDIA_TYPES",
    "ExitStatus",
    "FileWarning",
    "Footnote",
    "FormatSummary",
    "Highlights",
    "Hit",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexPathError",
    "IndexReadError",
    "IndexSummary",
    "IndexWriteError",
    "LANGUAGES",
    "MissingSource",
    "NoDocumentsError",
    "Paragraph",
    "Passage",
    "PassageView",
    "Progress",
    "QueryError",
    "Reference",
    "SearchEngine",
    "SearchEngineError",
    "SearchResults",
    "SkippedFile",
    "SourceError",
    "SourceInfo",
    "SourceNotFoundError",
    "SourcesMissingError",
    "SourceWarning",
    "StrictBuildError",
    "parse_date",
    "parse_text",
    "read_documents",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'search_engine' has no attribute {name!r}")
