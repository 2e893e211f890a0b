"""Ingest: files -> Documents.

:mod:`.sources` finds source files, hashes and decodes them; :mod:`.readers` sniffs each file's format
and hands it to its reader (:mod:`.text`, the line-kind parser for plain text and Markdown; :mod:`.tei`;
:mod:`.webpage`; :mod:`.pdf`); out come :class:`~search_engine.model.Document` records with their
paragraphs, footnotes and metadata.
"""
