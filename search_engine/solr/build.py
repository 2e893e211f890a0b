"""Index files into a SolrCloud collection: read and parse them in parallel with the ingest stage, send
their passages in batches, and remember each file's hash so that an update reads only what changed.

Every write is idempotent (a passage's id is its document's and its number), and a document's own record
is written only after its passages: a run stopped halfway (a node gone, Ctrl-C) is finished by the next
one without losing or duplicating a passage, because a document without its record is read again.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from ..errors import NoDocumentsError, SourceNotFoundError, StrictBuildError
from ..index.build import _entry_hash, _summary, _under, sources_to_forget
from ..index.catalog import Catalog, added_source, is_added
from ..model import IndexSummary, MissingSource, SkippedFile
from .client import SolrClient
from .records import SOURCES_ID, deleted_id_of, solr_document, solr_passages

BATCH = 500  # passages per update request: fewer requests, and a request still small enough to resend
PAGE = 1000  # records per page when the held documents are listed


def held_catalog(client: SolrClient) -> Catalog:
    """What the collection holds, as the embedded index's catalog: sources, files (hash, document ids) and
    each document's summary, read from the document records."""
    files: dict[str, dict] = {}
    documents: dict[str, dict] = {}
    for record in all_records(client, "record:(document OR deleted)",
                              "record,doc_id,summary_json,file_path,file_sha256,file_json"):
        entry = files.setdefault(record["file_path"], {"sha256": record["file_sha256"], "doc_ids": [],
                                                       **json.loads(record.get("file_json") or "{}")})
        if record["record"] == "deleted":  # deleted from an unchanged file: it stays out (engine.delete)
            entry["deleted"] = sorted({*entry.get("deleted", ()), record["doc_id"]})
            continue
        entry["doc_ids"].append(record["doc_id"])
        documents[record["doc_id"]] = json.loads(record["summary_json"])
    found = client.select({"q": f"id:\"{SOURCES_ID}\"", "fl": "sources_json", "rows": 1})["response"]["docs"]
    sources = json.loads(found[0]["sources_json"]) if found else []
    return Catalog(sources=sources, files=files, documents=documents, created=0.0, skipped={})


def all_records(client: SolrClient, query: str, fields: str):
    """Every record matching ``query``, page by page with a cursor (stable while the collection changes)."""
    cursor = "*"
    while True:
        answer = client.select({"q": query, "fl": fields, "rows": PAGE, "sort": "id asc", "cursorMark": cursor})
        yield from answer["response"]["docs"]
        if answer["nextCursorMark"] == cursor:
            return
        cursor = answer["nextCursorMark"]


_OPTIONS = None


def _init_worker(encoding, ocr_languages, ocr_photos: bool = False) -> None:
    global _OPTIONS
    from ..ingest.readers import ReadOptions
    from ..ingest.tesseract import Tesseract

    _OPTIONS = ReadOptions(encoding, Tesseract(ocr_languages, workers=1), ocr_photos)


def _read(path: str, entry=None):
    """(path, documents, members passed over, problem): one file, or one item of a library (``entry``,
    ingest.library.Entry), read by the ingest stage."""
    from ..errors import SourceError
    from ..ingest.readers import display_path, read_file
    from ..ingest.sources import SOURCE_SUFFIXES

    guess = entry.format if entry is not None else SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "other")
    try:
        contents = entry.read(_OPTIONS) if entry is not None else read_file(path, _OPTIONS)
    except SourceError as e:
        return path, [], [], SkippedFile(e.path, e.reason, guess, kind=e.kind)
    if not contents.documents:
        return path, [], contents.skipped, SkippedFile(
            display_path(path), f"none of the {len(contents.skipped)} files in it could be read", guess, kind="empty")
    return path, contents.documents, contents.skipped, None


def build(client: SolrClient, sources=None, *, rebuild: bool = False, encoding: str | None = None,
          strict: bool = False, prune: bool = False, progress=None, ocr_languages: str | None = None,
          workers: int | None = None, batch: int = BATCH, ocr_photos: bool = False) -> IndexSummary:
    from ..ingest.readers import display_path
    from ..ingest.sources import file_hash

    started = time.monotonic()
    client.check_collection()
    named = [os.path.abspath(s) for s in (sources or ())]
    absent = [s for s in named if not os.path.exists(s)]
    if absent:
        raise SourceNotFoundError(f"no such file or folder: {', '.join(absent)} (nothing was indexed)", absent)
    held = held_catalog(client)
    created = not held.documents and not held.sources
    roots = list(dict.fromkeys(held.sources + named)) if not (rebuild and named) else named
    if not roots:
        raise NoDocumentsError("no sources given, and the collection remembers none: name files or folders to index")
    missing_roots = [r for r in roots if not os.path.exists(r)]
    forgotten: list[str] = []
    if missing_roots and prune:
        forgotten, roots = missing_roots, [r for r in roots if r not in missing_roots]
    paths, skipped, entries, unopened = _walk([r for r in roots if os.path.exists(r)])
    to_read: list[tuple[str, str]] = []
    unchanged = 0
    for path in paths:
        try:
            sha = _entry_hash(entries[path], ocr_photos) if path in entries else file_hash(path)
        except OSError as e:
            skipped.append(SkippedFile(display_path(path), e.strerror or str(e), kind="unreadable"))
            continue
        previous = held.files.get(path)
        if previous and previous["sha256"] == sha and not rebuild:
            unchanged += 1
        else:
            to_read.append((path, sha))
    listed = set(paths)
    # a file gone from a source that is there (not from a missing one: not there is not deleted)
    # (a document added through the API has no file: it is kept)
    # (nor from a library that cannot be opened now: its items are kept as they were)
    gone = [p for p in held.files if p not in listed and not is_added(p)
            and not any(_under(p, m) for m in missing_roots if m not in forgotten)
            and not any(_under(p, u) for u in unopened)]
    sender = _Sender(client, batch)
    added: list[str] = []
    changed: list[str] = []
    stale: list[SkippedFile] = []
    owner = {d: p for p, f in held.files.items() for d in f["doc_ids"] if p not in gone}
    total = sum(entries[p].size if p in entries else _size(p) for p, _ in to_read)
    done = 0
    hashes = dict(to_read)
    pending: list[tuple] = []  # with strict, nothing is sent until every file has been read
    for path, documents, members, problem in _read_all(list(hashes), encoding, ocr_languages, workers, entries, ocr_photos):
        sha = hashes[path]
        previous = held.files.get(path)
        if progress:
            progress("read", done, total, path)
        done += entries[path].size if path in entries else _size(path)
        skipped.extend(members)
        if problem is None and (clash := next((d.doc_id for d in documents if owner.get(d.doc_id, path) != path), None)):
            problem = SkippedFile(display_path(path), f"document id {clash!r} is already used by "
                                  f"{display_path(owner[clash])}; rename the file or set 'id:' in its front matter",
                                  kind="duplicate")
        if problem is not None:
            # indexed before and unreadable now (emptied, half-written): its last good version stays
            (stale if previous and problem.kind != "duplicate" else skipped).append(problem)
            continue
        if strict and (skipped or stale):
            continue  # nothing is sent: the build fails below
        entry = {"display": display_path(path)}
        if path in entries:  # a library's item: its library and the files it reads, as the embedded catalog keeps them
            entry.update(library=entries[path].library, reads=list(entries[path].files))
        if members:
            entry["skipped"] = [s.to_json() for s in members]
        for position, doc in enumerate(documents):
            owner[doc.doc_id] = path
            if strict:
                pending.append((doc, path, sha, entry, position))
            else:
                sender.document(doc, path, sha, entry, position)
        for doc_id in (previous or {}).get("doc_ids", ()):
            if doc_id not in {d.doc_id for d in documents}:
                sender.drop(doc_id)
        if previous and previous.get("deleted"):  # read again: what was deleted from it comes back
            sender.deletes.append(f"(record:deleted AND file_path:{_quote(path)})")
        (changed if previous else added).append(display_path(path))
    unreadable = skipped + stale
    if strict and unreadable:
        raise StrictBuildError(f"{len(unreadable)} source file{'s' if len(unreadable) != 1 else ''} could not be "
                               "read (--strict): " + "; ".join(f"{s.path}: {s.reason}" for s in unreadable[:5])
                               + "; nothing was written", unreadable)
    for item in pending:
        sender.document(*item)
    if progress:
        progress("write", total, total, client.url.text)
    sender.flush()
    removed = []
    for path in gone:
        for doc_id in held.files[path]["doc_ids"]:
            if owner.get(doc_id) in (None, path):
                sender.drop(doc_id)
        sender.deletes.append(f"(record:deleted AND file_path:{_quote(path)})")
        removed.append(held.files[path].get("display", path))
    sender.flush()
    client.update([{"id": SOURCES_ID, "record": "sources", "sources_json": json.dumps(roots)}])
    client.commit()
    connect_documents(client)
    if progress:
        progress("save", total, total, client.url.text)
    now = held_catalog(client)
    if not now.documents:
        raise NoDocumentsError("no readable document in the sources: "
                               + ("; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) or "no files"))
    missing = [MissingSource(r, "no such file or folder", len(mine := [p for p in now.files if _under(p, r)]),
                             sum(len(now.files[p]["doc_ids"]) for p in mine))
               for r in missing_roots if r not in forgotten]
    summary = _summary(now, added, changed, removed, unchanged, skipped, started, rebuild, client.url.text,
                       forgotten=forgotten, stale=stale, created=created, missing=missing)
    return replace(summary, index_dir=client.url.text)


def add_documents(client: SolrClient, docs: list) -> Catalog:
    """Write documents that have no file (see :meth:`search_engine.api.SearchEngine.add`), each under the
    pseudo-source ``added:<doc_id>`` as the embedded index keeps them, replacing an added one of the same id."""
    client.check_collection()
    held = held_catalog(client)
    owner = {d: path for path, entry in held.files.items() for d in entry["doc_ids"]}
    for doc in docs:
        path = owner.get(doc.doc_id)
        if path is not None and not is_added(path):
            raise ValueError(f"doc_id {doc.doc_id!r} is the id of a document of {held.files[path]['display']}; "
                             "give the added document another id")
    sender = _Sender(client, BATCH)
    for doc in docs:
        path = added_source(doc.doc_id)
        sender.document(doc, path, "", {"display": path})
    sender.flush()
    client.commit()
    connect_documents(client)
    return held_catalog(client)


def delete_documents(client: SolrClient, doc_ids: list[str]) -> None:
    """Remove documents. One of a source file stays out while that file is unchanged (a ``deleted`` record
    keeps the file's hash), as in the embedded index; an added one is gone for good."""
    from ..errors import DocumentNotFoundError

    client.check_collection()
    held = held_catalog(client)
    owner = {d: path for path, entry in held.files.items() for d in entry["doc_ids"]}
    for doc_id in doc_ids:
        if doc_id not in owner:
            raise DocumentNotFoundError(f"no document {doc_id!r} in {client.url.text} (see documents())")
    sender = _Sender(client, BATCH)
    tombstones = []
    for doc_id in doc_ids:
        path = owner[doc_id]
        sender.drop(doc_id)
        if not is_added(path):
            entry = {k: v for k, v in held.files[path].items() if k not in ("sha256", "doc_ids", "deleted")}
            tombstones.append({"id": deleted_id_of(doc_id), "record": "deleted", "doc_id": doc_id, "file_path": path,
                               "file_sha256": held.files[path]["sha256"], "file_json": json.dumps(entry)})
    sender.flush()
    if tombstones:
        client.update(tombstones)
    client.commit()
    connect_documents(client)


def forget_sources(client: SolrClient, paths) -> IndexSummary:
    """Stop remembering these sources and remove the documents of their files (those that another remembered
    source does not also hold), as index.build.forget_sources does. Nothing is read from the sources."""
    started = time.monotonic()
    held = held_catalog(client)
    wanted, roots, dropped = sources_to_forget(held.sources, held.files, paths)
    sender = _Sender(client, BATCH)
    for path in dropped:
        for doc_id in held.files[path]["doc_ids"]:
            sender.drop(doc_id)
        sender.deletes.append(f"(record:deleted AND file_path:{_quote(path)})")
    sender.flush()
    client.update([{"id": SOURCES_ID, "record": "sources", "sources_json": json.dumps(roots)}])
    client.commit()
    connect_documents(client)
    now = held_catalog(client)
    summary = _summary(now, [], [], [held.files[p].get("display", p) for p in dropped], len(now.files), [], started,
                       False, client.url.text, forgotten=wanted)
    return replace(summary, index_dir=client.url.text)


def connect_documents(client: SolrClient) -> None:
    """The connections between the documents, computed again when the documents are not those they were
    computed for (an interrupted build's documents too, once it is resumed)."""
    from .connections import (
        current_links_fingerprint,
        has_profiles,
        links_fingerprint,
        update_links,
    )

    if has_profiles(client):
        fingerprint = links_fingerprint(client)
        if fingerprint != current_links_fingerprint(client):
            update_links(client, fingerprint)
            client.commit()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _read_all(paths: list[str], encoding, ocr_languages, workers: int | None, entries: dict | None = None,
              ocr_photos: bool = False):
    """Each file read and parsed, in parallel processes when there are several files and cores; the items of
    libraries (``entries``: path -> ingest.library.Entry) in this one, which holds the open library."""
    entries = entries or {}
    items = [p for p in paths if p in entries]
    paths = [p for p in paths if p not in entries]
    _init_worker(encoding, ocr_languages, ocr_photos)
    yield from (_read(p, entries[p]) for p in items)
    workers = max(1, workers or os.cpu_count() or 1)
    if workers == 1 or len(paths) < 2:
        yield from map(_read, paths)
        return
    import multiprocessing

    # fork: the workers inherit the loaded modules (a spawned worker would import them again, and re-run
    # a caller's script that does not guard its main code)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker,
                             initargs=(encoding, ocr_languages)) as pool:
        yield from pool.map(_read, paths, chunksize=4)


def _walk(roots: list[str]):
    """(the source files and library items under ``roots``, the files passed over, the items by path, the
    libraries that cannot be opened now), as the embedded index walks its sources (index.build._find): a Zotero
    data folder or a Tropy project, named or met in a folder, is read as a library, one entry per item, and
    the files it holds (its attachments, its photos) are its items', not files of their own."""
    from ..errors import SourceError
    from ..ingest.library import library_kind, open_library
    from ..ingest.sources import discover

    paths: list[str] = []
    skipped: list[SkippedFile] = []
    entries: dict = {}
    claimed: set[str] = set()
    unopened: list[str] = []
    for root in roots:
        libraries = [root] if library_kind(root) else []
        if not libraries:
            found, problems = discover([root], libraries)
            paths += found
            skipped += problems
        for library in libraries:
            kind = library_kind(library) or "zotero"
            try:
                opened = open_library(library)
            except SourceError as e:
                skipped.append(SkippedFile(e.path or library, f"cannot open the {kind.capitalize()} library: {e.reason}",
                                           kind, kind=e.kind))
                unopened.append(os.path.abspath(library))
                continue
            entries.update((item.path, item) for item in opened.entries)
            claimed.update(f for item in opened.entries for f in item.files)
            claimed.update(opened.files)
            skipped += opened.skipped
    return [p for p in dict.fromkeys(paths) if p not in claimed] + list(entries), skipped, entries, unopened


class _Sender:
    """Passages in batches; a document's stale passages deleted and its record written once its passages
    are in (see the module's docstring)."""

    def __init__(self, client: SolrClient, batch: int):
        from .connections import has_field, has_profiles

        self.client = client
        self.batch = batch
        # (a collection made from an older configset has no room for them)
        self.profiles = has_profiles(client)
        self.libraries = has_field(client, "collection")
        self.passages: list[dict] = []
        self.records: list[dict] = []
        self.deletes: list[str] = []
        self.dropped: list[str] = []

    def document(self, doc, path: str, sha: str, entry: dict, position: int = 0) -> None:
        self.passages.extend(solr_passages(doc, path, position, self.libraries))
        n = len(doc.paragraphs)
        self.deletes.append(f"(doc_id:{_quote(doc.doc_id)} AND record:passage AND paragraph:[{n + 1} TO *])")
        self.deletes.append(f"id:{_quote(deleted_id_of(doc.doc_id))}")  # read again: no longer deleted
        record = solr_document(doc, path, sha, self.profiles)
        record["file_json"] = json.dumps(entry, ensure_ascii=False)
        self.records.append(record)
        if len(self.passages) >= self.batch:
            self.flush()

    def drop(self, doc_id: str) -> None:
        self.deletes.append(f"doc_id:{_quote(doc_id)}")
        self.dropped.append(doc_id)

    def flush(self) -> None:
        if self.profiles and (self.records or self.dropped):  # (what the next links update compares against)
            from .connections import remember_profiles

            remember_profiles(self.client, [r["doc_id"] for r in self.records] + self.dropped)
        for start in range(0, len(self.passages), self.batch):
            self.client.update(self.passages[start:start + self.batch])
        for start in range(0, len(self.deletes), 200):
            self.client.delete(" OR ".join(self.deletes[start:start + 200]))
        if self.records:
            self.client.update(self.records)
        self.passages, self.records, self.deletes, self.dropped = [], [], [], []


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
