"""Building and updating an index: find the sources, read what changed, index it, publish the generation.

In: files and folders (or the sources the index remembers). Out: a new live generation and an
:class:`~search_engine.model.IndexSummary` of what the build did.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Generator, Iterable

from ..errors import (
    IndexDamagedError,
    IndexNotFoundError,
    IndexOutdatedError,
    IndexWriteError,
    NoDocumentsError,
    SourceError,
    SourceNotFoundError,
    SourcesMissingError,
    SourceWarning,
    StrictBuildError,
)
from ..model import (
    Document,
    FileWarning,
    FormatSummary,
    IndexSummary,
    MissingSource,
    Progress,
    SkippedFile,
    SourceInfo,
)
from .ahead import prepared_in_order
from .catalog import Catalog, document_summary, is_added, load_catalog, load_document
from .layout import OCR_CACHE
from .schema import passage_records
from .storage import STAMP_MARGIN_NS, current_generation, salvage_sources
from .writer import (
    GenerationWriter,
    PreparedFile,
    remove_debris,
    stored_document,
    writer_lock,
)


def _prepare(path: str, options, deleted: list[str], entry=None) -> PreparedFile:
    """One source file read and made ready for the index, without the documents deleted from it (see
    SearchEngine.delete: they stay out while the file is unchanged)."""
    from ..ingest.readers import read_file

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SourceWarning)
        try:
            contents = entry.read(options) if entry is not None else read_file(path, options)
        except SourceError as e:
            return PreparedFile(path, error=e.reason, error_path=e.path, error_kind=e.kind)
    noted = []
    for w in caught:
        if isinstance(w.message, SourceWarning):
            noted.append(FileWarning(w.message.path, w.message.message))
        else:  # not ours: let it through as it came
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    prepared = prepare_documents(path, [d for d in contents.documents if d.doc_id not in deleted])
    prepared.deleted = [d.doc_id for d in contents.documents if d.doc_id in deleted]
    prepared.skipped, prepared.ocr_pages, prepared.container = contents.skipped, contents.ocr_pages, contents.container
    prepared.warnings = noted
    return prepared


def prepare_documents(path: str, docs: list[Document]) -> PreparedFile:
    """Documents made ready for the index: their passages as whoosh documents, analysed, serialised, words
    counted. Each text is split into words once, for its fields' postings and for the words table."""
    from collections import Counter

    from ..analysis.tokens import TOKEN_PATTERN, fold, normalize
    from .schema import indexed_schema
    from .sketches import profile

    prepared = PreparedFile(path, doc_ids=[d.doc_id for d in docs])
    findall = re.compile(TOKEN_PATTERN).findall
    fields = indexed_schema()
    written: Counter = Counter()
    elsewhere: set[str] = set()
    split: dict[str, list[str]] = {}  # a text of the document -> its words

    def words(text: str) -> list[str]:
        found = split.get(text)
        if found is None:
            found = split[text] = findall(text or "")
        return found

    def analyse(name: str, texts: tuple[str, ...]):
        return fields[name].postings([w for text in texts for w in words(text)])

    for doc in docs:
        split.clear()
        # added: no folder
        prepared.records.extend(passage_records(doc, "" if is_added(path) else path, analyse, inherit=True))
        prepared.payloads.append(stored_document(doc, texts=is_added(path)))
        prepared.summaries.append(document_summary(doc))
        prepared.profiles.append(profile(doc))
        # every word of every field the index searches, as written, for the words table (index.words): those
        # of the title and passages counted (the form shown for a word is the one they write most), the others
        # once (a citation's "National Security Files" is not how a reader writes "security")
        for text in (doc.title, *(p.text for p in doc.paragraphs)):
            written.update(words(text))
        for text in (doc.subtitle, doc.summary, doc.citation, *doc.header, *(v for _, v in doc.labelled_fields()),
                     *(f.text for f in doc.footnotes),
                     *{s for p in doc.paragraphs for s in p.subjects}):
            elsewhere.update(words(text))
    written.update(dict.fromkeys(elsewhere - written.keys(), 1))
    for word, n in written.items():
        counts = prepared.forms.setdefault(fold(word), {})
        form = normalize(word)  # as suggestions will write it
        counts[form] = counts.get(form, 0) + n
    return prepared


def build(
    index_dir: str | os.PathLike,
    sources: Iterable[str | os.PathLike] | None = None,
    *,
    rebuild: bool = False,
    encoding: str | None = None,
    wait: float = 0.0,
    strict: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
    ocr_languages: str | None = None,
    ocr_photos: bool = False,
) -> IndexSummary:
    """Build or update the index from source files and folders; see the module docstring.

    A named source that does not exist raises SourceNotFoundError (nothing is built or remembered).
    A remembered source that is missing (gone, or a folder that now yields no file while the index
    holds files from it, as an unmounted drive does) keeps its documents and is listed in the
    summary's ``missing``; ``prune`` forgets it and drops them instead (a rebuild that would lose them
    raises SourcesMissingError). An indexed file that cannot be read now keeps its last good version
    (``stale``). Files that cannot be read are skipped and listed in the summary; with ``strict`` any
    of them fails the build (StrictBuildError) and nothing is written. A failed write raises
    IndexWriteError and leaves the previous index as it was. Scans are read by Tesseract in
    ``ocr_languages`` (``eng+rus``; by default those of English and Russian installed), each page once:
    its text is kept in the index folder's OCR cache.
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    named = [os.fspath(s) for s in (sources or ())]
    absent = [s for s in named if not os.path.exists(s)]
    if absent:
        raise SourceNotFoundError(f"no such file or folder: {', '.join(absent)}; nothing was indexed", absent)
    with writer_lock(index_dir, wait):
        live: Path | None = None  # the generation searches see now, kept until the next build
        old: Catalog | None = None  # what an update starts from
        held: Catalog | None = None  # what the live index holds (also known to a rebuild)
        remembered: list[str] = []  # the sources a rebuild with none named starts from
        created = False
        try:
            live = current_generation(index_dir)
            old = held = load_catalog(live)
            remembered = old.sources
            remove_debris(index_dir, live)
        except IndexNotFoundError:
            created = True
            remove_debris(index_dir, None)
        except IndexDamagedError as e:
            if isinstance(e, IndexOutdatedError):  # written by an older version: start over
                rebuild, remembered = True, e.sources
            else:
                if not rebuild:
                    raise
                remembered = salvage_sources(index_dir)
        if rebuild:
            old = None
        given = list(dict.fromkeys(os.path.abspath(s) for s in named))
        # files or folders inside the sources the index remembers: only they are looked at, the rest is kept
        scope = given if old is not None and given and all(
            any(_under(g, r) for r in old.sources) for g in given) else None
        if scope:  # a file of a library (its attachment, its photo), a folder inside one or holding its files
            scope = list(dict.fromkeys(p for g in scope for p in _scope_of(g, old)))
        if old is None:
            roots = given or list(remembered)
        elif scope:
            roots = list(old.sources)
        else:
            roots = old.sources + [s for s in given if s not in old.sources]
        # documents added through the API (they have no file): kept by every build, a rebuild included
        kept_added = {p: f for p, f in (held.files if held else {}).items() if is_added(p)}
        if not roots and not kept_added:
            raise NoDocumentsError("no sources given, and the index remembers none: name files or folders to index")

        from ..ingest.readers import ReadOptions, display_path
        from ..ingest.sources import SOURCE_SUFFIXES, FolderNames, file_hash, file_stamp
        from ..ingest.tesseract import IMAGE_SUFFIXES, Tesseract

        held_files = held.files if held else {}
        held_libraries = held.libraries if held else {}
        found, listing_problems, missing, entries, libraries = _find(scope or roots, held_files, held_libraries)
        # each skipped file with what identifies it from one build to the next: the previous build's
        # skips that are the same (path, content and reason) are summarised, not listed again
        keyed: list[tuple[SkippedFile, str, str]] = [(s, s.path, "") for s in listing_problems]
        forgotten: list[str] = []
        if missing and prune:
            forgotten = [m.path for m in missing]
            roots = [r for r in roots if r not in forgotten]
            missing = []
        elif missing and old is None:
            raise SourcesMissingError(
                "cannot rebuild: " + "; ".join(f"{m.path} is missing ({m.reason})" + (
                    f" and its {_count(m.documents, 'document')} would be lost" if m.documents else "")
                    for m in missing)
                + "; restore it, or pass prune=True to rebuild without it (sources() lists the sources)",
                missing)
        files: dict[str, dict] = {}
        unchanged = 0
        doc_owner: dict[str, str] = {}
        old_files = old.files if old else {}
        for path, entry in kept_added.items():
            files[path] = entry
            doc_owner.update((d, path) for d in entry["doc_ids"])
        # the files of a missing source stay as they were: not there is not deleted; so do those outside the scope
        listed = set(found)  # found is a sorted list: a set to ask, once a file, whether a held file is among them
        for path, entry in old_files.items():
            if path not in listed and (any(_under(path, m.path) for m in missing)
                                      or (scope and not any(_under(path, g) for g in scope))):
                files[path] = entry
                doc_owner.update((d, path) for d in entry["doc_ids"])
        to_read: list[tuple[str, str, dict | None]] = []
        stamps: dict[str, list[int]] = {}  # path -> its stamp, when it can vouch for the file next time
        passed_over: dict[str, dict] = {}  # path -> what lets the next update pass over a file skipped for its content
        listing = FolderNames()  # each folder listed once, for the sidecars (not six look-ups a file)
        for path in found:  # which files changed: by size and time, else by content hash, before anything is read
            previous = old_files.get(path)
            try:
                stamp = [] if path in entries else file_stamp(path, listing)
                if path in entries:  # a library item: its fingerprint stands for its content
                    sha = _entry_hash(entries[path], ocr_photos)
                elif previous and previous.get("stamp") == stamp:  # as it was when hashed: not opened
                    sha = previous["sha256"]
                elif not previous and (again := _skipped_again(old, path, stamp, encoding)) is not None:
                    keyed.append(again)  # skipped for its content, which has not changed: not opened
                    passed_over[path] = old.skipped[path][2]
                    continue
                else:
                    hashed_at = time.time_ns()
                    sha = file_hash(path)
                    # a write in the same clock tick as the hash would go unseen: a stamp vouches for the file
                    # only if it had not been written for a while (storage.STAMP_MARGIN_NS, as for the index's files)
                    if all(t < hashed_at - STAMP_MARGIN_NS for t in stamp[2::3]):
                        stamps[path] = stamp
            except OSError as e:
                keyed.append((SkippedFile(display_path(path), e.strerror or str(e),
                                          SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "other"), kind="unreadable"),
                              path, ""))
                continue
            if previous and previous["sha256"] == sha:
                files[path] = {**previous, "stamp": stamps[path]} if path in stamps else previous
                if path in entries:  # what the library's item reads, as this build found it
                    files[path] = {**files[path], **_entry_record(entries[path])}
                doc_owner.update((d, path) for d in previous["doc_ids"])
                # the members of a container passed over, as they were when it was read
                keyed.extend((SkippedFile(**m), m["path"], sha) for m in previous.get("skipped", ()))
                unchanged += 1
            else:
                to_read.append((path, sha, previous))
        reading = {t[0] for t in to_read}
        removed_ids = {d for p, f in old_files.items() if p not in files and p not in reading for d in f["doc_ids"]}
        base = None if old is None else live
        documents = {} if old is None else {k: v for k, v in old.documents.items() if k not in removed_ids}
        added: list[str] = []
        changed: list[str] = []
        stale: list[SkippedFile] = []
        noted: list[FileWarning] = []
        writer: GenerationWriter | None = None
        sizes = [entries[path].size if path in entries else _size(path) for path, _, _ in to_read]
        total, done = sum(sizes), 0  # progress is counted in bytes read, so one large file moves it too
        reading_file = [""]
        ocr = Tesseract(ocr_languages, cache=index_dir / OCR_CACHE,
                        progress=(lambda done, total: progress("ocr", done, total, reading_file[0])) if progress else None)
        options = ReadOptions(encoding, ocr, ocr_photos)
        if any(Path(path).suffix.lower() in IMAGE_SUFFIXES for path, _, _ in to_read):
            from ..ingest.scans import image_pages

            ocr.prefetch([path for path, _, _ in to_read], image_pages)  # a page per core, across files
        ready: Generator[PreparedFile, None, None] | None = None  # the prepared files, in order (a generator)
        if to_read:
            return_large_blocks()
        try:
            if old is None and kept_added and live is not None:  # a rebuild: the added documents from the old store
                writer = GenerationWriter(index_dir, base, removed_ids)
                for path, entry in kept_added.items():
                    docs = [load_document(live, d, held) for d in entry["doc_ids"]]
                    added_docs = prepare_documents(path, [d for d in docs if d is not None])
                    writer.add(added_docs)
                    documents.update((s["doc_id"], s) for s in added_docs.summaries)
            # each changed file is read, parsed and indexed in turn (read ahead by worker processes while this
            # one writes: see .ahead): no build holds every document at once
            jobs = [(path, _deleted(held_files.get(path), sha), path not in entries) for path, sha, _ in to_read]

            def prepare_here(i: int) -> PreparedFile:
                path = jobs[i][0]
                reading_file[0] = path
                return _prepare(path, options, jobs[i][1], entries.get(path))

            ready = prepared_in_order(jobs, prepare_here, encoding, ocr_photos, total)
            for (path, sha, previous), size in zip(to_read, sizes, strict=True):
                if progress:
                    progress("read", done, total, path)
                prepared = next(ready)
                file_progress = _passage_progress(progress, done, size, total)
                done += size
                display = display_path(path)
                guess = entries[path].format if path in entries else SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "other")
                problem: SkippedFile | None = None
                if prepared.error is not None:
                    problem = SkippedFile(prepared.error_path, prepared.error, guess, kind=prepared.error_kind)
                elif not prepared.doc_ids and not prepared.deleted:  # a container none of whose members could be read
                    problem = SkippedFile(display, f"none of the {len(prepared.skipped)} files in it could be read",
                                          guess, kind="empty")
                elif clash := next((d for d in prepared.doc_ids if d in doc_owner), None):
                    problem = SkippedFile(display, f"document id {clash!r} is already used by "
                                                   f"{display_path(doc_owner[clash])}; rename the file or set "
                                                   "'id:' in its front matter", guess, kind="duplicate")
                keyed.extend((s, s.path, sha) for s in prepared.skipped)  # members of a container
                if problem is not None:
                    previous_ids = previous["doc_ids"] if previous else []
                    if previous and not any(d in doc_owner for d in previous_ids):
                        # indexed before and unreadable now (emptied, half-written): keep the last good version
                        files[path] = previous
                        doc_owner.update((d, path) for d in previous_ids)
                        stale.append(problem)
                        continue
                    keyed.append((problem, path, sha))
                    if prepared.error is not None and path in stamps and _settled(problem, path):
                        passed_over[path] = {"stamp": stamps[path], "kind": problem.kind, "format": problem.format,
                                             "encoding": encoding}
                        if problem.path != display:  # else shown as the update that passes over it shows the path
                            passed_over[path]["path"] = problem.path
                    if previous_ids:
                        if writer is None:
                            writer = GenerationWriter(index_dir, base, removed_ids)
                        writer.delete(previous_ids)
                        for d in previous_ids:
                            if d not in doc_owner:
                                documents.pop(d, None)
                    continue
                if writer is None:
                    writer = GenerationWriter(index_dir, base, removed_ids)
                previous_ids = previous["doc_ids"] if previous else []
                writer.add(prepared, file_progress, replaces=previous_ids)
                for d in previous_ids:
                    if d not in doc_owner:
                        documents.pop(d, None)
                doc_owner.update((d, path) for d in prepared.doc_ids)
                documents.update((s["doc_id"], s) for s in prepared.summaries)
                files[path] = {"sha256": sha, "doc_ids": prepared.doc_ids, "display": display}
                if prepared.deleted:
                    files[path]["deleted"] = prepared.deleted
                if path in stamps:
                    files[path]["stamp"] = stamps[path]
                if prepared.skipped:
                    files[path]["skipped"] = [s.to_json() for s in prepared.skipped]
                if prepared.ocr_pages:
                    files[path]["ocr"] = prepared.ocr_pages
                if prepared.container:
                    files[path]["format"] = prepared.container
                if path in entries:
                    files[path].update(_entry_record(entries[path]))
                noted.extend(prepared.warnings)
                (changed if previous else added).append(display)
            ready.close()  # the workers stop before the commit (and when the build fails: see below)
            removed = [old_files[p]["display"] for p in old_files if p not in files]
            skip_records = {key: [sha, s.reason, *([passed_over[key]] if key in passed_over else [])]
                            for s, key, sha in keyed}
            before = old.skipped if old else {}
            if scope:  # the skips outside it stand as the last build found them
                skip_records = {**{k: v for k, v in before.items()
                                   if not any(_under(os.path.abspath(k), g) for g in scope)}, **skip_records}
            skipped = [replace(s, new=(before.get(key) or [])[:2] != skip_records[key][:2]) for s, key, _ in keyed]
            if not files:
                raise NoDocumentsError(
                    "no readable document in the sources: "
                    + ("; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) or _nothing_to_index(roots))
                    + ("; the old index is kept" if live else ""))
            unreadable = skipped + stale
            if strict and unreadable:
                raise StrictBuildError(
                    f"{len(unreadable)} source file{'s' if len(unreadable) != 1 else ''} could not be read (strict=True): "
                    + "; ".join(f"{s.path}: {s.reason}" for s in unreadable[:5])
                    + ("; ..." if len(unreadable) > 5 else "") + ("; the old index is kept" if live else ""), unreadable)
            # the libraries' own files: as opened now, else (missing, or outside the scope) as last found
            kept_libraries = {k: v for k, v in held_libraries.items()
                              if k not in libraries and any(_under(p, k) for p in files)}
            catalog = Catalog(sources=roots, files=files, documents=documents, created=time.time(),
                              skipped=skip_records,
                              libraries={k: v for k, v in {**kept_libraries, **libraries}.items() if v})
            # a removed file, sources named or forgotten, other skips: a generation without new text
            # (or files whose stamps are new: the next update then opens none of them)
            if writer is None and (old is None or removed or catalog.sources != old.sources
                                   or catalog.skipped != old.skipped or catalog.files != old.files
                                   or catalog.libraries != old.libraries):
                writer = GenerationWriter(index_dir, base, removed_ids)
            if writer is not None:
                if progress:
                    progress("save", total, total, str(index_dir))
                writer.finish(catalog, live)
            ocr.prune(key for f in files.values() for key in f.get("ocr", ()))
        except OSError as e:
            if writer is not None:
                writer.abort()
            raise _write_error(e, index_dir, live) from e
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        finally:
            if ready is not None:
                ready.close()
            ocr.close()
        summary = _summary(catalog, added, changed, removed, unchanged, skipped, started, rebuild, index_dir,
                           missing=missing, forgotten=forgotten, stale=stale, created=created)
        scans = sum(1 for s in skipped if s.kind == "needs-ocr")
        notices = ((f"{scans} scan{'s were' if scans != 1 else ' was'} not read: {ocr.problem}; {ocr.advice}",)
                   if scans and ocr.problem else ())
        return replace(summary, ocr_pages=ocr.pages_read, ocr_cached=ocr.pages_cached, notices=notices,
                       warnings=tuple(noted))


# why a file is skipped that its content alone decides (not its permissions, the other files, OCR, the options):
# while its stamp is the same, the next update passes over it without reading it again
SETTLED_KINDS = frozenset({"empty", "damaged", "encrypted", "too-large"})


def _settled(problem: SkippedFile, path: str) -> bool:
    from ..ingest.tesseract import IMAGE_SUFFIXES

    return problem.kind in SETTLED_KINDS and Path(path).suffix.lower() not in (*IMAGE_SUFFIXES, ".pdf")


def _skipped_again(old: Catalog | None, path: str, stamp: list[int], encoding: str | None):
    """The last build's skip of ``path`` (as ``keyed`` holds it), when it was for its content and the file (and its
    sidecar) are as they were then; else None."""
    record = old.skipped.get(path) if old is not None else None
    if not record or len(record) < 3 or not isinstance(record[2], dict):
        return None
    known = record[2]
    if known.get("stamp") != stamp or known.get("encoding") != encoding or known.get("kind") not in SETTLED_KINDS:
        return None
    from ..ingest.readers import display_path

    shown = known.get("path") or display_path(path)
    return SkippedFile(shown, record[1], known.get("format", ""), kind=known["kind"]), path, record[0]


LARGE_BLOCK = 1 << 20  # bytes: a block of this size or more is mapped alone, and unmapped as soon as it is freed
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def return_large_blocks() -> None:
    """Have glibc's malloc give every block of LARGE_BLOCK or more back to the system as soon as it is freed (in
    this process, for the rest of its life, and in the workers forked from it), rather than keep it in its heap.

    glibc maps a block larger than its threshold alone, but raises the threshold to the size of each mapped block
    freed (up to 32 MB): after the first few, a build's large and short-lived blocks (a source file and its text, a
    prepared file's pickle, NumPy's temporaries, the pool's arrays as they grow) came from the heap, whose holes it
    keeps. A fixed threshold turns that off. 16x FRUS, the PSS of the build's process tree: 274-286 -> 233-239 MB
    (the build's process 140-152 -> 120-124 MB, each worker 66 -> 55-62), its CPU time within the noise of
    repeated runs. Nothing elsewhere than glibc (musl, macOS): their allocators decide for themselves."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return
    except (ValueError, OSError, AttributeError):  # no such name here: not glibc
        return
    import ctypes

    try:
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)
    except (OSError, AttributeError):
        pass


def _deleted(known: dict | None, sha: str) -> list[str]:
    """The documents deleted from a file (SearchEngine.delete): they stay out while it is unchanged."""
    return known.get("deleted", []) if known and known["sha256"] == sha else []


def _entry_hash(entry, ocr_photos: bool) -> str:
    """What stands for a library item's content: with the photos read by OCR, a Tropy item reads more."""
    return entry.fingerprint + ("+ocr" if ocr_photos and entry.format == "tropy" else "")


def _scope_of(path: str, catalog: Catalog) -> list[str]:
    """What updating ``path`` inside the remembered sources reads: the library folder it lies in instead of it;
    else the path, and the libraries whose items read it or files under it (as the last build found them)."""
    from ..ingest.library import enclosing_library

    folder = enclosing_library(path)
    if folder and any(_under(folder, r) for r in catalog.sources):
        return [folder]
    libraries = {record["library"] for record in catalog.files.values() if record.get("library")
                 and any(_under(f, path) for f in record.get("reads", ()))}
    libraries.update(k for k, files in catalog.libraries.items() if any(_under(f, path) for f in files))
    return [path, *sorted(libraries)]


def _entry_record(entry) -> dict:
    """What the catalog keeps of a library item beyond a file's record: its library, and the files it reads
    (a folder holding them does not index them again while the library cannot be opened)."""
    return {"library": entry.library, "reads": list(entry.files)}


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _passage_progress(progress: Progress | None, before: int, size: int, total: int):
    """The writer's per-passage steps of one file, as bytes of the whole build: the file's bytes shared
    out over its passages."""
    if progress is None:
        return None
    return lambda phase, k, n, item: progress(phase, before + size * k // max(n, 1), total, item)


def _find(roots: list[str], held_files: dict[str, dict], held_libraries: dict[str, list[str]]):
    """The source files under ``roots``, the files that cannot be listed, the sources that are missing (gone,
    or a folder that yields no file at all while the index holds files from it: an unmounted drive or share is
    an empty folder, not a folder whose files were all deleted; a library that cannot be opened now), and the
    entries of the libraries among the roots or inside their folders (a Zotero data folder, a Tropy project:
    one per item) by path. The files a library reads (its attachments, its photos) are its items' own: a
    folder that holds them does not give them again as files of their own."""
    from ..ingest.library import library_kind
    from ..ingest.sources import discover

    found: dict[str, None] = {}
    skipped: list[SkippedFile] = []
    missing: list[MissingSource] = []
    entries: dict = {}
    claimed: set[str] = set()  # files that libraries read
    libraries: dict[str, list[str]] = {}  # each library opened -> its files that no item reads

    def held(root: str) -> tuple[list[str], tuple[int, int]]:
        mine = [p for p in held_files if _under(p, root)]
        return mine, (len(mine), len({d for p in mine for d in held_files[p]["doc_ids"]}))

    for root in roots:
        mine, counts = held(root)
        if not os.path.exists(root):
            missing.append(MissingSource(root, "no such file or folder", *counts))
            continue
        kind = library_kind(root)
        if kind is not None:
            _library(root, kind, mine, counts, found, skipped, missing, entries, claimed, libraries)
            continue
        inside: list[str] = []
        paths, problems = discover([root], inside)
        for library in inside:
            mine_there, counts_there = held(library)
            _library(library, library_kind(library) or "zotero", mine_there, counts_there, found, skipped,
                     missing, entries, claimed, libraries)
        if not paths and not inside and mine:
            unreadable = next((s.reason for s in problems if s.path == root), "")
            reason = unreadable or ("the folder is empty (is a drive or share not mounted?)" if _is_empty(root)
                                    else "no file to index in the folder now")
            missing.append(MissingSource(root, reason, *counts))
            continue
        found.update(dict.fromkeys(paths))
        skipped.extend(problems)
    # the files of the libraries not opened now (outside the scope of this update, or that cannot be opened) are
    # theirs as the last build found them
    opened = set(libraries)
    for record in held_files.values():
        if record.get("library") and record["library"] not in opened:
            claimed.update(record.get("reads", ()))
    claimed.update(f for library, files in held_libraries.items() if library not in opened for f in files)
    for path in [p for p in found if p not in entries and os.path.abspath(p) in claimed]:
        del found[path]  # a library's file named, or found, beside it
    return sorted(found), skipped, missing, entries, libraries


def _library(root: str, kind: str, mine: list[str], counts: tuple[int, int], found: dict, skipped: list,
             missing: list, entries: dict, claimed: set, libraries: dict) -> bool:
    """The entries of one library added to what _find gathers; False when it cannot be opened now (listed as
    missing when the index holds items from it, which are kept with the files they read, else as skipped)."""
    from ..ingest.library import open_library

    try:
        library = open_library(root)
    except SourceError as e:
        reason = f"cannot open the {kind.capitalize()} library: {e.reason}"
        if mine:  # kept as it was: a library locked or damaged for a moment loses nothing
            missing.append(MissingSource(root, reason, *counts))
        else:
            skipped.append(SkippedFile(e.path or root, reason, kind, kind=e.kind))
        return False
    if not library.entries and mine:
        missing.append(MissingSource(root, f"the {kind.capitalize()} library holds no item now", *counts))
        return False
    entries.update((entry.path, entry) for entry in library.entries)
    found.update(dict.fromkeys(entry.path for entry in library.entries))
    claimed.update(f for entry in library.entries for f in entry.files)
    claimed.update(library.files)
    libraries[os.path.abspath(root)] = sorted(library.files)
    skipped.extend(library.skipped)
    return True


def source_infos(catalog: Catalog) -> list[SourceInfo]:
    """What ``sources`` shows: each remembered source, whether it is there, and what the index holds from it;
    of a folder, also each library found in it (a Zotero data folder, a Tropy project) with what it gave."""
    from ..ingest.library import library_kind

    def info(root: str, paths: list[str], kind: str, libraries: tuple = ()) -> SourceInfo:
        ids = {d for p in paths for d in catalog.files[p]["doc_ids"]}
        status = "missing" if not os.path.exists(root) else "empty" if os.path.isdir(root) and _is_empty(root) else "ok"
        return SourceInfo(root, status, len(paths), len(ids),
                          sum(catalog.documents[d]["passages"] for d in ids if d in catalog.documents), kind, libraries)

    infos = []
    for root in catalog.sources:
        mine = [p for p in catalog.files if _under(p, root)]
        kind = (library_kind(root)  # a library not there now: as its items say
                or next((catalog.files[p].get("format") for p in mine if catalog.files[p].get("library") == root), "")
                or ("file" if root in catalog.files or os.path.isfile(root) else "folder"))
        inside: dict[str, list[str]] = {}
        for p in mine:
            library = catalog.files[p].get("library")
            if library and library != root and _under(library, root):
                inside.setdefault(library, []).append(p)
        libraries = tuple(info(lib, paths, library_kind(lib) or catalog.files[paths[0]].get("format", ""))
                          for lib, paths in sorted(inside.items()))
        infos.append(info(root, mine, kind, libraries))
    return infos


def _nothing_to_index(roots: list[str]) -> str:
    from ..ingest.sources import SOURCE_SUFFIXES

    kinds = list(SOURCE_SUFFIXES)
    return f"no file to index in {', '.join(roots)} (it reads {', '.join(kinds[:-1])} and {kinds[-1]} files)"


def _is_empty(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def _under(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or inside it (both absolute)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _write_error(e: OSError, index_dir: Path, live: Path | None) -> IndexWriteError:
    where = f" ({e.filename})" if e.filename else ""
    return IndexWriteError(f"cannot write the index in {index_dir}/: {e.strerror or e}{where}; "
                           + ("the previous index is unchanged" if live else "no index was written"))


def sources_to_forget(sources, files, paths) -> tuple[list[str], list[str], list[str]]:
    """For ``forget_sources`` (here and on Solr): the remembered sources ``paths`` name (as given or absolute),
    the sources that stay, and the files only the named ones hold (of ``files``, a catalog's file paths);
    SourceNotFoundError for a path that is not a source, NoDocumentsError when nothing would be left."""
    wanted: list[str] = []
    for p in map(os.fspath, paths):
        source = p if p in sources else os.path.abspath(p)
        if source not in sources:
            raise SourceNotFoundError(f"{p} is not a source of this index; its sources are: " + ", ".join(sources), [p])
        if source not in wanted:
            wanted.append(source)
    roots = [s for s in sources if s not in wanted]
    dropped = [p for p in files if any(_under(p, w) for w in wanted) and not any(_under(p, r) for r in roots)]
    if len(dropped) == len(files):
        raise NoDocumentsError(f"removing {', '.join(wanted)} would leave the index empty; index other "
                               "sources first, or delete the index folder")
    return wanted, roots, dropped


def forget_sources(index_dir: str | os.PathLike, paths: Iterable[str | os.PathLike], *, wait: float = 0.0) -> IndexSummary:
    """Stop remembering these sources and remove the documents of their files (those that another
    remembered source does not also hold). Nothing is read from the sources."""
    started = time.monotonic()
    index_dir = Path(index_dir)
    with writer_lock(index_dir, wait):
        live = current_generation(index_dir)
        old = load_catalog(live)
        remove_debris(index_dir, live)
        wanted, roots, dropped = sources_to_forget(old.sources, old.files, paths)
        ids = {d for p in dropped for d in old.files[p]["doc_ids"]}
        files = {p: f for p, f in old.files.items() if p not in dropped}
        documents = {k: v for k, v in old.documents.items() if k not in ids}
        skipped = {k: v for k, v in old.skipped.items() if not any(_under(k, w) for w in wanted)}
        libraries = {k: v for k, v in old.libraries.items() if any(_under(p, k) for p in files)}
        catalog = Catalog(sources=roots, files=files, documents=documents, created=time.time(), skipped=skipped,
                          libraries=libraries)
        writer = None
        try:
            writer = GenerationWriter(index_dir, live, ids)
            writer.finish(catalog, live)
        except OSError as e:
            if writer is not None:
                writer.abort()
            raise _write_error(e, index_dir, live) from e
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        return _summary(catalog, [], [], [old.files[p]["display"] for p in dropped], len(files), [], started,
                        False, index_dir, forgotten=wanted)


def _summary(catalog: Catalog, added, changed, removed, unchanged, skipped, started, rebuilt, index_dir, *,
             missing=(), forgotten=(), stale=(), created=False) -> IndexSummary:
    rows: dict[str, dict[str, int]] = {}

    def row(fmt: str) -> dict[str, int]:
        return rows.setdefault(fmt, {"files": 0, "documents": 0, "passages": 0, "footnotes": 0, "skipped": 0})

    file_format: dict[str, str] = {}  # a container's documents (an mbox's messages, a ZIP's files) are its row's
    for path, f in catalog.files.items():
        if is_added(path):  # documents added through the API: counted, but they are no file
            continue
        first = catalog.documents.get(f["doc_ids"][0]) if f["doc_ids"] else None
        fmt = f.get("format") or (first.get("format", "text") if first else "text")
        row(fmt)["files"] += 1
        file_format.update((doc_id, fmt) for doc_id in f["doc_ids"])
    for doc_id, d in catalog.documents.items():
        r = row(file_format.get(doc_id) or d.get("format", "text"))
        r["documents"] += 1
        r["passages"] += d["passages"]
        r["footnotes"] += d["footnotes"]
    for s in skipped:  # a skipped file is a file of its format too
        row(s.format or "other")["skipped"] += 1
        row(s.format or "other")["files"] += 1
    return IndexSummary(
        documents=len(catalog.documents),
        passages=sum(d["passages"] for d in catalog.documents.values()),
        footnotes=sum(d["footnotes"] for d in catalog.documents.values()),
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
        unchanged=unchanged,
        skipped=tuple(skipped),
        seconds=time.monotonic() - started,
        rebuilt=rebuilt,
        index_dir=str(index_dir),
        formats=tuple(FormatSummary(fmt, **counts) for fmt, counts in sorted(rows.items())),
        missing=tuple(missing),
        forgotten=tuple(forgotten),
        stale=tuple(stale),
        created=created,
    )
