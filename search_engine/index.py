"""The index on disk: schema, build, incremental update and atomic swap.

Layout of an index folder::

    index_data/
      CURRENT          name of the live generation (replaced atomically)
      .lock            held (flock) by the one build that may run at a time
      gen-.../         one generation: whoosh files, catalog.json, docs/<doc_id>.json

A build never touches the live generation. It writes a new one (an update starts from hard links to
the live files, which whoosh never rewrites), syncs it to disk, and then replaces CURRENT. A crash at
any point leaves CURRENT naming the old, complete generation; the debris is removed by the next build.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import quote

from .errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexNotFoundError,
    IndexOutdatedError,
    NoDocumentsError,
    SourceError,
)
from .model import Document, FormatSummary, IndexSummary, SkippedFile
from .readers import display_path, read_documents
from .sources import SOURCE_SUFFIXES, discover, file_hash

FORMAT_VERSION = 3  # 2: formats, languages, transliterated terms; 3: year/month facets, vocabulary
VOCABULARY = "vocabulary.json"  # index term -> the word form most often seen for it, for suggestions
CATALOG = "catalog.json"
CURRENT = "CURRENT"
LOCK = ".lock"
WHOOSH_INDEX = "MAIN"

# progress(phase, done, total, item): phase "read" for each source file, "write" for each document indexed
Progress = Callable[[str, int, int, str], None]


def schema():
    """The whoosh schema of a passage."""
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    from .analysis import keyword_analyzer, text_analyzer

    text = text_analyzer()
    return Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        paragraph=NUMERIC(int, stored=True),
        body=TEXT(analyzer=text, stored=True, phrase=True),
        title=TEXT(analyzer=text, stored=True, phrase=True),  # title and subtitle
        footnote=TEXT(analyzer=text, stored=True, phrase=True),  # the notes this passage cites
        description=TEXT(analyzer=text, stored=True, phrase=True),  # summary and header lines
        citation=TEXT(analyzer=text, stored=True, phrase=True),
        classification=TEXT(analyzer=keyword_analyzer(), phrase=True),
        classification_tag=KEYWORD(stored=True, commas=True, scorable=False),
        date_start=ID,  # yyyymmdd, see date_term()
        date_end=ID,
        language=ID,  # ISO 639-1 code of the passage's text (its document's when too short to tell)
        lead=ID,  # "1" on a document's first passage, which stands for the document (query.match_filter)
        year=ID,  # of the document's date (its start, for a span): for facets
        month=ID,  # yyyy-mm
        meta=STORED,  # per-passage display data that is not searched (JSON)
    )


def date_term(d) -> str:
    """A date as an index term that sorts as text in date order: 19621028."""
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def passage_records(doc: Document) -> Iterator[dict]:
    """The whoosh documents (one per paragraph) of a parsed document."""
    title = doc.title + ("\n" + doc.subtitle if doc.subtitle else "")
    description = "\n".join(x for x in (doc.summary, *doc.header) if x)
    from .languages import detect_language

    notes = {f.number: f for f in doc.footnotes}
    # notes on the title or on no paragraph in particular are searched with the first passage
    unattached = [f for f in doc.footnotes if f.paragraph is None or f.paragraph > len(doc.paragraphs)]
    doc_meta = {
        "title": doc.title,
        "subtitle": doc.subtitle,
        "date": doc.date.iso if doc.date else None,
        "classification": list(doc.classification),
        "source": doc.source,
        "place": doc.place,
    }
    for p in doc.paragraphs:
        cited = [notes[n] for n in p.footnotes if n in notes]
        if p.number == 1:
            cited = unattached + [f for f in cited if f not in unattached]
        language = detect_language(p.text) or doc.language
        record = {
            "passage_id": doc.passage_id(p.number),
            "doc_id": doc.doc_id,
            "paragraph": p.number,
            "body": p.text,
            "title": title,
            "footnote": "\n".join(f.text for f in cited),
            "description": description,
            "citation": doc.citation,
            "classification": "\n".join(doc.classification),
            "classification_tag": ",".join(doc.classification),
            "language": language or "und",
            "lead": "1" if p.number == 1 else "0",
            "meta": json.dumps(
                {**doc_meta, "page": p.page, "language": language, "footnotes": [{"number": f.number, "text": f.text} for f in cited]},
                ensure_ascii=False,
            ),
        }
        if doc.date:
            record["date_start"] = date_term(doc.date.start)
            record["date_end"] = date_term(doc.date.end)
            record["year"] = f"{doc.date.start.year:04d}"
            record["month"] = f"{doc.date.start.year:04d}-{doc.date.start.month:02d}"
        yield record


# -- the catalog: what is indexed, from where --------------------------------------------------


@dataclass
class Catalog:
    """What a generation holds: its sources, the files read from them and the documents they gave."""

    sources: list[str]
    files: dict[str, dict]  # absolute path -> {"sha256", "doc_ids", "display"}
    documents: dict[str, dict]  # doc_id -> summary used by `list`
    created: float = 0.0

    def to_json(self) -> dict:
        return {"version": FORMAT_VERSION, "created": self.created, "sources": self.sources,
                "files": self.files, "documents": self.documents}

    @classmethod
    def from_json(cls, data: dict) -> Catalog:
        if data.get("version") != FORMAT_VERSION:
            raise IndexOutdatedError(f"the index was built by another version of search-engine (format "
                                     f"{data.get('version')!r}, not {FORMAT_VERSION}): run `search-engine index` "
                                     "to rebuild it from its sources", list(data.get("sources") or []))
        return cls(data["sources"], data["files"], data["documents"], data.get("created", 0.0))


def document_summary(doc: Document) -> dict:
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "date": doc.date.iso if doc.date else None,
        "classification": list(doc.classification),
        "citation": doc.citation,
        "source": doc.source,
        "format": doc.format,
        "language": doc.language,
        "place": doc.place,
        "passages": len(doc.paragraphs),
        "footnotes": len(doc.footnotes),
    }


def doc_filename(doc_id: str) -> str:
    return quote(doc_id, safe="") + ".json"


# -- reading the live generation ---------------------------------------------------------------


def current_generation(index_dir: str | os.PathLike) -> Path:
    """The folder of the live generation; IndexNotFoundError when there is no index yet."""
    index_dir = Path(index_dir)
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexNotFoundError(f"no index in {index_dir}/: run `search-engine index SOURCES...` first") from None
    gen = index_dir / name
    if not name or "/" in name or not (gen / CATALOG).is_file():
        raise IndexDamagedError(f"index damaged: {index_dir}/{CURRENT} names a missing generation {name!r}; "
                                "run `search-engine index --rebuild`")
    return gen


def load_catalog(gen: Path) -> Catalog:
    try:
        return Catalog.from_json(json.loads((gen / CATALOG).read_text(encoding="utf-8")))
    except IndexOutdatedError:
        raise
    except (OSError, ValueError, KeyError) as e:
        raise IndexDamagedError(f"index damaged: cannot read {gen / CATALOG} ({e}); "
                                "run `search-engine index --rebuild`") from e


def load_document(gen: Path, doc_id: str) -> Document | None:
    path = gen / "docs" / doc_filename(doc_id)
    try:
        return Document.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as e:
        raise IndexDamagedError(f"index damaged: cannot read {path} ({e}); run `search-engine index --rebuild`") from e


def open_whoosh(gen: Path):
    from whoosh.index import EmptyIndexError, open_dir

    try:
        return open_dir(str(gen), indexname=WHOOSH_INDEX)
    except (EmptyIndexError, OSError, ValueError, EOFError) as e:
        raise IndexDamagedError(f"index damaged: cannot open {gen} ({e}); run `search-engine index --rebuild`") from e


# -- writing -----------------------------------------------------------------------------------


@contextmanager
def writer_lock(index_dir: Path, wait: float = 0.0):
    """Hold the index's build lock; the kernel drops it if the process dies, so it never goes stale."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"index is locked by another build in {index_dir}/; wait for it to finish "
                        "or pass --wait SECONDS") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync_tree(folder: Path) -> None:
    for root, _, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(root))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, data) -> None:
    path.unlink(missing_ok=True)  # never write through a hard link shared with the live generation
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _link_generation(src: Path, dst: Path) -> None:
    """Populate a new generation with hard links to the files of the live one (copies if links fail)."""
    (dst / "docs").mkdir(parents=True)
    for path in src.rglob("*"):
        if path.is_dir() or path.name.endswith("WRITELOCK") or path.name == CATALOG:
            continue
        target = dst / path.relative_to(src)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def _storage(folder: Path):
    """A whoosh FileStorage that never writes into an existing file: a file shared by hard link with
    the live generation is replaced by a new one, so the live generation cannot change under a build."""
    from whoosh.filedb.filestore import FileStorage

    class _CopyOnWriteStorage(FileStorage):
        def create_file(self, name, **kwargs):
            path = self._fpath(name)
            if os.path.exists(path):
                os.remove(path)
            return super().create_file(name, **kwargs)

    return _CopyOnWriteStorage(str(folder))


def build(
    index_dir: str | os.PathLike,
    sources: Iterable[str | os.PathLike] | None = None,
    *,
    rebuild: bool = False,
    encoding: str | None = None,
    wait: float = 0.0,
    progress: Progress | None = None,
) -> IndexSummary:
    """Build or update the index from source files and folders; see the module docstring."""
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
        except (IndexNotFoundError, IndexDamagedError) as e:
            if isinstance(e, IndexOutdatedError):  # written by an older version: start over
                rebuild, remembered = True, e.sources
            elif isinstance(e, IndexDamagedError) and not rebuild:
                raise
        if rebuild:
            old = None
        given = list(dict.fromkeys(os.path.abspath(s) for s in (sources or ())))
        if old is None:
            roots = given or [s for s in remembered if os.path.exists(s)]
        else:
            roots = old.sources + [s for s in given if s not in old.sources]
        if not roots:
            raise NoDocumentsError("no sources given, and the index remembers none: name files or folders to index")

        paths, skipped = discover(roots)
        files: dict[str, dict] = {}
        new_docs: list[Document] = []
        added: list[str] = []
        changed: list[str] = []
        unchanged = 0
        doc_owner: dict[str, str] = {}
        old_files = old.files if old else {}
        for done, path in enumerate(paths, 1):
            if progress:
                progress("read", done, len(paths), path)
            display = display_path(path)
            guess = SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "other")
            try:
                sha = file_hash(path)
            except OSError as e:
                skipped.append(SkippedFile(display, e.strerror or str(e), guess))
                continue
            previous = old_files.get(path)
            if previous and previous["sha256"] == sha:
                files[path] = previous
                doc_owner.update((d, path) for d in previous["doc_ids"])
                unchanged += 1
                continue
            try:
                docs = read_documents(path, encoding)
            except SourceError as e:
                skipped.append(SkippedFile(e.path, e.reason, guess))
                continue
            clash = next((d.doc_id for d in docs if d.doc_id in doc_owner), None)
            if clash:
                skipped.append(SkippedFile(display, f"document id {clash!r} is already used by "
                                                    f"{display_path(doc_owner[clash])}; rename the file or set "
                                                    "'id:' in its front matter", guess))
                continue
            doc_owner.update((d.doc_id, path) for d in docs)
            files[path] = {"sha256": sha, "doc_ids": [d.doc_id for d in docs], "display": display}
            new_docs.extend(docs)
            (changed if previous else added).append(display)
        removed = [old_files[p]["display"] for p in old_files if p not in files]
        stale_ids = {d for p, f in old_files.items() if files.get(p) is not f for d in f["doc_ids"]}

        if not files:
            raise NoDocumentsError(
                "no readable document in the sources: "
                + ("; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) or "no .txt or .md files found")
                + ("; the old index is kept" if live else ""))

        documents = {} if old is None else {k: v for k, v in old.documents.items() if k not in stale_ids}
        documents.update((d.doc_id, document_summary(d)) for d in new_docs)
        catalog = Catalog(sources=roots, files=files, documents=documents, created=time.time())
        if old is not None and not (added or changed or removed):
            if catalog.sources != old.sources:  # remember newly named sources even when they add nothing
                _write_generation(index_dir, live, catalog, [], set(), base=live, progress=progress)
            return _summary(catalog, added, changed, removed, unchanged, skipped, started, rebuild, index_dir)
        _write_generation(index_dir, live, catalog, new_docs, stale_ids, base=None if old is None else live,
                          progress=progress)
        return _summary(catalog, added, changed, removed, unchanged, skipped, started, rebuild, index_dir)


def _write_generation(index_dir: Path, live: Path | None, catalog: Catalog, new_docs: list[Document],
                      stale_ids: set[str], base: Path | None, progress: Progress | None = None) -> Path:
    """Write a complete new generation (from ``base``'s files, or empty), sync it, and make it live."""
    gen = index_dir / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    try:
        if base is not None:
            _link_generation(base, gen)
            ix = _storage(gen).open_index(WHOOSH_INDEX)
        else:
            (gen / "docs").mkdir(parents=True)
            ix = _storage(gen).create_index(schema(), indexname=WHOOSH_INDEX)
        writer = ix.writer(limitmb=256)
        try:
            for doc_id in stale_ids:
                writer.delete_by_term("doc_id", doc_id)
                (gen / "docs" / doc_filename(doc_id)).unlink(missing_ok=True)
            for done, doc in enumerate(new_docs, 1):
                if progress:
                    progress("write", done, len(new_docs), doc.doc_id)
                for record in passage_records(doc):
                    writer.add_document(**record)
                _write_json(gen / "docs" / doc_filename(doc.doc_id), doc.to_json())
            writer.commit()
        except BaseException:
            writer.cancel()  # whoosh keeps its write lock after a failed commit otherwise
            raise
        _write_json(gen / VOCABULARY, _vocabulary(gen / VOCABULARY if base is not None else None, new_docs))
        _write_json(gen / CATALOG, catalog.to_json())
        _fsync_tree(gen)
        tmp = index_dir / (CURRENT + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(gen.name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, index_dir / CURRENT)
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    _remove_old_generations(index_dir, keep={gen.name, live.name if live else ""})
    return gen


def _vocabulary(previous: Path | None, new_docs: list[Document]) -> dict[str, list]:
    """index term -> [the word form seen most often for it, how often], merged into the previous
    generation's. Terms of removed documents stay: a suggestion is only made for a term the index holds."""
    from .analysis import TOKEN_PATTERN, fold, stem

    vocab: dict[str, list] = {}
    if previous is not None and previous.exists():
        vocab = load_vocabulary(previous)
    forms: dict[str, dict[str, int]] = {}
    for doc in new_docs:
        for text in (doc.title, *(p.text for p in doc.paragraphs)):
            for word in re.findall(TOKEN_PATTERN, text):
                if len(word) > 2 and not word.isdigit():
                    counts = forms.setdefault(stem(fold(word)), {})
                    counts[word] = counts.get(word, 0) + 1
    for term, counts in forms.items():
        form, n = max(counts.items(), key=lambda kv: (kv[1], kv[0][:1].isupper()))
        old = vocab.get(term)
        vocab[term] = [form if old is None or n >= old[1] else old[0], n + (old[1] if old else 0)]
    return vocab


def load_vocabulary(path: Path) -> dict[str, list]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise IndexDamagedError(f"index damaged: cannot read {path} ({e}); run `search-engine index --rebuild`") from e


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    """Keep the new generation and the one before it (a search may still be reading it)."""
    for path in index_dir.glob("gen-*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


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
