"""Building and updating an index: find the sources, read what changed, index it, publish the generation.

In: files and folders (or the sources the index remembers). Out: a new live generation and an
:class:`~search_engine.model.IndexSummary` of what the build did.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Iterable

from ..errors import (
    IndexDamagedError,
    IndexNotFoundError,
    IndexOutdatedError,
    IndexWriteError,
    NoDocumentsError,
    SourceError,
    StrictBuildError,
)
from ..model import FormatSummary, IndexSummary, SkippedFile
from .catalog import Catalog, document_summary, load_catalog
from .schema import passage_records
from .storage import current_generation, salvage_sources
from .writer import GenerationWriter, PreparedFile, Progress, remove_debris, writer_lock


def _prepare(path: str, encoding: str | None) -> PreparedFile:
    from ..analysis.stemming import stem
    from ..analysis.tokens import TOKEN_PATTERN, fold
    from ..ingest.readers import read_documents

    try:
        docs = read_documents(path, encoding)
    except SourceError as e:
        return PreparedFile(path, error=e.reason, error_path=e.path)
    prepared = PreparedFile(path, doc_ids=[d.doc_id for d in docs])
    pattern = re.compile(TOKEN_PATTERN)
    for doc in docs:
        prepared.records.extend(passage_records(doc))
        prepared.payloads.append(json.dumps(doc.to_json(), ensure_ascii=False).encode("utf-8"))
        prepared.summaries.append(document_summary(doc))
        for text in (doc.title, *(p.text for p in doc.paragraphs)):
            for word in pattern.findall(text):
                if len(word) > 2 and not word.isdigit():
                    counts = prepared.forms.setdefault(stem(fold(word)), {})
                    counts[word] = counts.get(word, 0) + 1
        for text in (doc.title, doc.subtitle, doc.summary, doc.citation, *doc.header,
                     *(p.text for p in doc.paragraphs), *(f.text for f in doc.footnotes)):
            prepared.words.update(fold(w) for w in pattern.findall(text or ""))
    return prepared


def build(
    index_dir: str | os.PathLike,
    sources: Iterable[str | os.PathLike] | None = None,
    *,
    rebuild: bool = False,
    encoding: str | None = None,
    wait: float = 0.0,
    strict: bool = False,
    progress: Progress | None = None,
) -> IndexSummary:
    """Build or update the index from source files and folders; see the module docstring.

    Files that cannot be read are skipped and listed in the summary; with ``strict`` any of them
    fails the build (StrictBuildError) and nothing is written. A failed write raises IndexWriteError
    and leaves the previous index as it was.
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    with writer_lock(index_dir, wait):
        live: Path | None = None  # the generation searches see now, kept until the next build
        old: Catalog | None = None  # what an update starts from
        remembered: list[str] = []  # the sources a rebuild with none named starts from
        try:
            live = current_generation(index_dir)
            old = load_catalog(live)
            remembered = old.sources
            remove_debris(index_dir, live)
        except IndexNotFoundError:
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
        given = list(dict.fromkeys(os.path.abspath(s) for s in (sources or ())))
        if old is None:
            roots = given or [s for s in remembered if os.path.exists(s)]
        else:
            roots = old.sources + [s for s in given if s not in old.sources]
        if not roots:
            raise NoDocumentsError("no sources given, and the index remembers none: name files or folders to index")

        from ..ingest.readers import display_path
        from ..ingest.sources import SOURCE_SUFFIXES, discover, file_hash

        paths, skipped = discover(roots)
        files: dict[str, dict] = {}
        unchanged = 0
        doc_owner: dict[str, str] = {}
        old_files = old.files if old else {}
        to_read: list[tuple[str, str, dict | None]] = []
        for path in paths:  # which files changed: by content hash, before anything is read
            try:
                sha = file_hash(path)
            except OSError as e:
                skipped.append(SkippedFile(display_path(path), e.strerror or str(e),
                                           SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "other")))
                continue
            previous = old_files.get(path)
            if previous and previous["sha256"] == sha:
                files[path] = previous
                doc_owner.update((d, path) for d in previous["doc_ids"])
                unchanged += 1
            else:
                to_read.append((path, sha, previous))
        removed = [old_files[p]["display"] for p in old_files if p not in files and p not in {t[0] for t in to_read}]
        stale_ids = {d for p, f in old_files.items() if files.get(p) is not f for d in f["doc_ids"]}
        base = None if old is None else live
        documents = {} if old is None else {k: v for k, v in old.documents.items() if k not in stale_ids}
        added: list[str] = []
        changed: list[str] = []
        writer: GenerationWriter | None = None
        try:
            # each changed file is read, parsed and indexed in turn: no build holds every document at once
            for done, (path, sha, previous) in enumerate(to_read, 1):
                if progress:
                    progress("read", done, len(to_read), path)
                prepared = _prepare(path, encoding)
                display = display_path(path)
                guess = SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "other")
                if prepared.error is not None:
                    skipped.append(SkippedFile(prepared.error_path, prepared.error, guess))
                    continue
                clash = next((d for d in prepared.doc_ids if d in doc_owner), None)
                if clash:
                    skipped.append(SkippedFile(display, f"document id {clash!r} is already used by "
                                                        f"{display_path(doc_owner[clash])}; rename the file or set "
                                                        "'id:' in its front matter", guess))
                    continue
                if writer is None:
                    writer = GenerationWriter(index_dir, base, stale_ids)
                writer.add(prepared, progress)
                doc_owner.update((d, path) for d in prepared.doc_ids)
                documents.update((s["doc_id"], s) for s in prepared.summaries)
                files[path] = {"sha256": sha, "doc_ids": prepared.doc_ids, "display": display}
                (changed if previous else added).append(display)
            removed = [old_files[p]["display"] for p in old_files if p not in files]
            if not files:
                raise NoDocumentsError(
                    "no readable document in the sources: "
                    + ("; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) or "no .txt or .md files found")
                    + ("; the old index is kept" if live else ""))
            if strict and skipped:
                raise StrictBuildError(
                    f"{len(skipped)} source file{'s' if len(skipped) != 1 else ''} could not be read (--strict): "
                    + "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) + ("; ..." if len(skipped) > 5 else "")
                    + ("; the old index is kept" if live else ""), skipped)
            catalog = Catalog(sources=roots, files=files, documents=documents, created=time.time())
            # a changed file that now fails, a removed file, or newly named sources: a generation without new text
            if writer is None and (old is None or removed or stale_ids or catalog.sources != old.sources):
                writer = GenerationWriter(index_dir, base, stale_ids)
            if writer is not None:
                writer.finish(catalog, live)
        except OSError as e:
            if writer is not None:
                writer.abort()
            where = f" ({e.filename})" if e.filename else ""
            raise IndexWriteError(f"cannot write the index in {index_dir}/: {e.strerror or e}{where}; "
                                  + ("the previous index is unchanged" if live else "no index was written")) from e
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        return _summary(catalog, added, changed, removed, unchanged, skipped, started, rebuild, index_dir)


def _summary(catalog: Catalog, added, changed, removed, unchanged, skipped, started, rebuilt, index_dir) -> IndexSummary:
    rows: dict[str, dict[str, int]] = {}

    def row(fmt: str) -> dict[str, int]:
        return rows.setdefault(fmt, {"files": 0, "documents": 0, "passages": 0, "footnotes": 0, "skipped": 0})

    for f in catalog.files.values():
        first = catalog.documents.get(f["doc_ids"][0]) if f["doc_ids"] else None
        row(first.get("format", "text") if first else "text")["files"] += 1
    for d in catalog.documents.values():
        r = row(d.get("format", "text"))
        r["documents"] += 1
        r["passages"] += d["passages"]
        r["footnotes"] += d["footnotes"]
    for s in skipped:
        row(s.format or "other")["skipped"] += 1
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
    )
