"""Citations of documents and passages: one Reference (:mod:`.reference`), written as a Chicago note, RIS,
CSL-JSON or BibTeX. Shared by the CLI's ``cite``, the web page's Cite box and exports.

Below the API: it reads :class:`~search_engine.model.Document` and knows nothing of the index.
"""

from __future__ import annotations

from ..model import Document, Reference
from .reference import reference

FORMATS = ("chicago", "ris", "csl-json", "bibtex")
MEDIA_TYPES = {"chicago": "text/plain", "ris": "application/x-research-info-systems",
               "csl-json": "application/vnd.citationstyles.csl+json", "bibtex": "application/x-bibtex"}
SUFFIXES = {"chicago": "txt", "ris": "ris", "csl-json": "json", "bibtex": "bib"}
CITATION_FORMATS, CITATION_MEDIA_TYPES = FORMATS, MEDIA_TYPES  # as search_engine exports them


def render(references: Reference | list[Reference], fmt: str) -> str:
    """One or more references in a format of FORMATS (several: one RIS or BibTeX file, one CSL-JSON array,
    Chicago notes one per line)."""
    refs = [references] if isinstance(references, Reference) else list(references)
    if fmt == "chicago":
        from .chicago import note

        return "\n".join(note(r) for r in refs)
    if fmt == "ris":
        from .ris import ris

        return "".join(ris(r) for r in refs)
    if fmt == "csl-json":
        import json

        from .csl import csl_item

        return json.dumps([csl_item(r) for r in refs], ensure_ascii=False, indent=2)
    if fmt == "bibtex":
        from .bibtex import bibtex

        return "\n".join(bibtex(r) for r in refs)
    raise ValueError(f"unknown citation format {fmt!r}: use one of {', '.join(FORMATS)}")


__all__ = ["CITATION_FORMATS", "CITATION_MEDIA_TYPES", "FORMATS", "MEDIA_TYPES", "SUFFIXES", "Document", "Reference", "reference", "render"]
