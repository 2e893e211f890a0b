"""Full-text search over primary historical sources.

``import search_engine`` is cheap: nothing heavy (whoosh, nltk) is imported and no index is opened
until it is used.
"""

from __future__ import annotations

__version__ = "0.1.0"

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
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'search_engine' has no attribute {name!r}")
