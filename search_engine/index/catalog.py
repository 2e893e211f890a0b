"""The catalog of a generation: its sources, the files read from them and the documents they gave.

``list`` reads it without opening the whoosh index; the documents themselves are kept (as JSON) in the
generation's document store, located through the catalog, their passages' texts in whoosh's stored fields.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import IndexNewerError, IndexOutdatedError
from ..model import Document
from .layout import CATALOG, FORMAT_VERSION, damaged

# the catalog's key for a document added through the API (it has no file): "added:<doc_id>"
ADDED = "added:"


def added_source(doc_id: str) -> str:
    return ADDED + doc_id


def is_added(path: str) -> bool:
    """Whether a catalog entry is a document added through the API rather than a source file (paths are absolute)."""
    return path.startswith(ADDED)


@dataclass
class Catalog:
    """What a generation holds: its sources, the files read from them and the documents they gave."""

    sources: list[str]
    # absolute path (or added_source(doc_id)) -> {"sha256", "doc_ids", "display", "deleted": ids deleted from it,
    # "stamp": ingest.sources.file_stamp when it was hashed}
    files: dict[str, dict]
    documents: dict[str, dict]  # doc_id -> summary used by `list`
    created: float = 0.0
    # path as shown -> [sha256 or "", reason], and for a file skipped for its content (index.build.SETTLED_KINDS)
    # what lets the next update pass over it unread: {"stamp", "kind", "format", "encoding", "path" if not as shown}
    skipped: dict[str, list] = field(default_factory=dict)
    # a library (Zotero data folder, Tropy project) -> the files it holds that none of its indexed items reads
    # (the photos of a trashed item): a folder walk passes over them while the library cannot be opened
    libraries: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        data = {"version": FORMAT_VERSION, "created": self.created, "sources": self.sources,
                "files": self.files, "documents": self.documents, "skipped": self.skipped}
        if self.libraries:
            data["libraries"] = self.libraries
        return data

    @classmethod
    def from_json(cls, data: dict) -> Catalog:
        check_format(data.get("version"), data.get("sources"))
        return cls(data["sources"], data["files"], data["documents"], data.get("created", 0.0),
                   data.get("skipped") or {}, data.get("libraries") or {})


def check_format(version, sources) -> None:
    """IndexOutdatedError when a generation was written in another format than this version's."""
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise IndexNewerError(f"the index was built by a newer version of search-engine (format {version}; this one "
                              f"reads format {FORMAT_VERSION}): use that version, or start the index over with this "
                              "one: `search-engine index --rebuild`")
    if version != FORMAT_VERSION:
        raise IndexOutdatedError(f"the index was built by another version of search-engine (format "
                                 f"{version!r}, not {FORMAT_VERSION}): run `search-engine index` "
                                 "to rebuild it from its sources", list(sources or []))


def document_summary(doc: Document) -> dict:
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "date": doc.date.iso if doc.date else None,
        "date_raw": doc.date.raw if doc.date else "",
        "period": doc.period.iso if doc.period else None,
        "classification": list(doc.classification),
        "citation": doc.citation,
        "source": doc.source,
        "format": doc.format,
        "language": doc.language,
        "place": doc.place,
        "passages": len(doc.paragraphs),
        "footnotes": len(doc.footnotes),
    }


def load_catalog(gen: Path) -> Catalog:
    try:
        import orjson  # the catalog of a large archive (8.7 MB for 6,830 files) in 0.05-0.07 s, 0.09-0.10 s by json

        return Catalog.from_json(orjson.loads((gen / CATALOG).read_bytes()))
    except IndexOutdatedError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise damaged(f"cannot read {gen.name}/{CATALOG} ({e})") from e


def load_document(gen: Path, doc_id: str, catalog: Catalog | None = None,
                  texts: Callable[[str, int], list[str]] | None = None) -> Document | None:
    """A document of the generation ``gen``, from its store; its passages' texts, which the store leaves out of a
    document read from a file (index.writer.stored_document), from the whoosh index (``texts``: a document's id
    and its passages -> their texts, as :func:`.schema.stored_texts` reads them; by default read from ``gen``'s
    index, opened for this document alone)."""
    entry = (catalog or load_catalog(gen)).documents.get(doc_id)
    if entry is None:
        return None
    try:
        name, offset, length = entry["store"]
        with open(gen / name, "rb") as f:
            f.seek(offset)
            data = json.loads(zlib.decompress(f.read(length)))
        paragraphs = data["paragraphs"]
        if any("text" not in p for p in paragraphs):
            found = (texts or _index_texts(gen))(doc_id, len(paragraphs))
            if len(found) != len(paragraphs):
                raise ValueError(f"the index holds the texts of {len(found)} of its {len(paragraphs)} passages")
            data["paragraphs"] = [{**p, "text": text} for p, text in zip(paragraphs, found, strict=True)]
        return Document.from_json(data)
    except (OSError, ValueError, KeyError, TypeError, zlib.error) as e:
        raise damaged(f"cannot read document {doc_id!r} from {gen.name} ({e})") from e


def _index_texts(gen: Path) -> Callable[[str, int], list[str]]:
    def texts(doc_id: str, count: int) -> list[str]:
        from .schema import stored_texts
        from .storage import open_whoosh

        ix = open_whoosh(gen)
        try:
            with ix.searcher() as searcher:
                return stored_texts(searcher, doc_id, count)
        finally:
            ix.close()

    return texts
