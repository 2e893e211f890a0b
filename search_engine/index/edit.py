"""Changing the index without its sources: documents added or deleted through the API, and compaction.

Each change is published as a new generation, exactly as a build is (lock, new folder, manifest, atomic
swap), so queries running on the previous one finish on it.

- An **added** document has no file: the catalog keeps it under a pseudo-source (``added:<doc_id>``),
  updates leave it alone (it is never "removed" for want of a file) and a rebuild indexes it again from
  the previous generation's store. Adding a document with the id of one added before replaces it; the
  id of a document read from a file is refused.
- A **deleted** document of a source file stays out of the index as long as that file is unchanged (the
  catalog remembers it with the file's checksum); when the file changes, the next update reads the file
  again, and the document comes back. Deleting an added document forgets it.
- **Compaction** merges every segment into one and every document store file into one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Iterable

from ..errors import DocumentNotFoundError, IndexNotFoundError, IndexWriteError
from ..model import Document
from .build import prepare_documents
from .catalog import Catalog, added_source, is_added, load_catalog
from .storage import current_generation
from .writer import GenerationWriter, remove_debris, writer_lock


def edit(index_dir: str | os.PathLike, *, add: Iterable[Document] = (), delete: Iterable[str] = (),
         compact: bool = False, wait: float = 0.0) -> Catalog:
    """Publish a generation with ``add`` documents added (or replaced), ``delete`` ids removed, and with
    ``compact`` everything merged. DocumentNotFoundError for an id to delete that the index does not hold;
    ValueError for a document whose id a source file's document has. Returns the published catalog."""
    index_dir = Path(index_dir)
    add, delete = list(add), list(dict.fromkeys(delete))
    with writer_lock(index_dir, wait):
        try:
            live: Path | None = current_generation(index_dir)
            old = load_catalog(live)
        except IndexNotFoundError:
            if delete or compact:
                raise
            live, old = None, Catalog(sources=[], files={}, documents={})
        remove_debris(index_dir, live)
        owner = {d: path for path, entry in old.files.items() for d in entry["doc_ids"]}
        for doc_id in delete:
            if doc_id not in owner:
                raise DocumentNotFoundError(f"no document {doc_id!r} in {index_dir}/ (see documents())")
        for doc in add:
            path = owner.get(doc.doc_id)
            if path is not None and not is_added(path):
                raise ValueError(f"doc_id {doc.doc_id!r} is the id of a document of {old.files[path]['display']}; "
                                 "give the added document another id")
        files = dict(old.files)
        for doc_id in delete:
            path = owner[doc_id]
            entry = files[path]
            if is_added(path):
                del files[path]
            else:
                files[path] = {**entry, "doc_ids": [d for d in entry["doc_ids"] if d != doc_id],
                               "deleted": sorted({*entry.get("deleted", ()), doc_id})}
        stale = set(delete) | {d.doc_id for d in add if d.doc_id in owner}
        documents = {k: v for k, v in old.documents.items() if k not in stale}
        writer = GenerationWriter(index_dir, live, stale)
        try:
            for doc in add:
                path = added_source(doc.doc_id)
                prepared = prepare_documents(path, [doc])
                writer.add(prepared)
                documents.update((s["doc_id"], s) for s in prepared.summaries)
                files[path] = {"sha256": "", "doc_ids": [doc.doc_id], "display": path}
            catalog = Catalog(sources=old.sources, files=files, documents=documents, created=time.time(),
                              skipped=old.skipped, libraries=old.libraries)
            writer.finish(catalog, live, compact=compact)
        except OSError as e:
            writer.abort()
            where = f" ({e.filename})" if e.filename else ""
            raise IndexWriteError(f"cannot write the index in {index_dir}/: {e.strerror or e}{where}; "
                                  + ("the previous index is unchanged" if live else "no index was written")) from e
        except BaseException:
            writer.abort()
            raise
    return catalog
