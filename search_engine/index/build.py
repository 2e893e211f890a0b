"""The index on disk: schema, build, incremental update and atomic swap.

Layout of an index folder::

    index_data/
      CURRENT          name of the live generation (replaced atomically)
      .lock            held (flock) by the one build that may run at a time
      gen-.../         one generation: whoosh files, catalog.json, vocabulary.json, the documents
                       (docs-*.jsonl, located through the catalog) and MANIFEST.json, written last

A build never touches the live generation. It writes a new one (an update starts from hard links to
the live files, which are never written through), syncs it to disk, and then replaces CURRENT. A crash
at any point leaves CURRENT naming the old, complete generation; the debris is removed by the next build.
The manifest holds the size and SHA-256 of every file of a generation: opening an index checks it, so a
truncated, zeroed, deleted or altered file is reported as damage instead of giving wrong results.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexNotFoundError,
    IndexOutdatedError,
    IndexWriteError,
    NoDocumentsError,
    SourceError,
    StrictBuildError,
)
from ..model import Document, FormatSummary, IndexSummary, SkippedFile

# 2: formats, languages, transliterated terms; 3: year/month facets, vocabulary; 4: manifest;
# 5: document fields indexed on the first passage only, stored in meta; columns for counts and facets
FORMAT_VERSION = 5
VOCABULARY = "vocabulary.json"  # index term -> the word form most often seen for it, for suggestions
STEMS = "stems.json"  # folded word -> its Snowball stem, for every word of the documents (analysis.know_stems)
CATALOG = "catalog.json"
MANIFEST = "MANIFEST.json"  # file name -> [size, sha256] for every other file of the generation
VERIFIED = ".verified.json"  # file name -> [inode, size, mtime_ns] when its content last matched the manifest
DOCS_PREFIX = "docs-"  # docs-<token>.jsonl: the parsed documents, one JSON per line
CURRENT = "CURRENT"
LOCK = ".lock"
WHOOSH_INDEX = "MAIN"

# progress(phase, done, total, item): phase "read" for each source file, "write" for each document indexed
Progress = Callable[[str, int, int, str], None]


def schema():
    """The whoosh schema of a passage."""
    from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    from ..analysis.stemming import IndexedText, keyword_analyzer, text_analyzer

    text = text_analyzer()
    return Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),  # sortable: a column, for per-document counts and date order
        paragraph=NUMERIC(int, stored=True, sortable=True, shift_step=0),  # no range queries: one term
        body=IndexedText(analyzer=text, stored=True, phrase=True),
        # The document's fields (title and subtitle; summary and header lines; citation) are indexed on its
        # first passage only, which stands for the document: a passage is a hit through its own words, and
        # a title word does not make every paragraph a hit. (Repeating them on every passage, an archival
        # citation often as long as the paragraph, doubled the size and build time of the index.)
        title=IndexedText(analyzer=text, phrase=True),
        footnote=IndexedText(analyzer=text, phrase=True),  # the notes this passage cites (stored in meta)
        description=IndexedText(analyzer=text, phrase=True),
        citation=IndexedText(analyzer=text, phrase=True),
        classification=TEXT(analyzer=keyword_analyzer(), phrase=True),
        classification_tag=KEYWORD(stored=True, commas=True, scorable=False),
        classification_key=COLUMN(),  # the same markings, comma-separated, as a column for facets
        date_start=ID(sortable=True),  # yyyymmdd, see date_term(); columns for date filters (query.date_filter)
        date_end=COLUMN(),
        language=ID,  # ISO 639-1 code of the passage's text (its document's when too short to tell)
        year=COLUMN(),  # of the document's date (its start, for a span): for facets
        month=COLUMN(),  # yyyy-mm
        meta=STORED,  # per-passage display data that is not searched (JSON)
    )


def date_term(d) -> str:
    """A date as an index term that sorts as text in date order: 19621028."""
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def passage_records(doc: Document) -> Iterator[dict]:
    """The whoosh documents (one per paragraph) of a parsed document."""
    title = doc.title + ("\n" + doc.subtitle if doc.subtitle else "")
    description = "\n".join(x for x in (doc.summary, *doc.header) if x)
    from ..analysis.languages import detect_language

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
        "citation": doc.citation,
    }
    for p in doc.paragraphs:
        cited = [notes[n] for n in p.footnotes if n in notes]
        if p.number == 1:
            cited = unattached + [f for f in cited if f not in unattached]
        language = detect_language(p.text) or doc.language
        lead = p.number == 1
        meta = {**doc_meta, "page": p.page, "language": language,
                "footnotes": [{"number": f.number, "text": f.text} for f in cited]}
        if lead:
            meta["description"] = description
        record = {
            "passage_id": doc.passage_id(p.number),
            "doc_id": doc.doc_id,
            "paragraph": p.number,
            "body": p.text,
            "title": title if lead else "",
            "footnote": "\n".join(f.text for f in cited),
            "description": description if lead else "",
            "citation": doc.citation if lead else "",
            "classification": "\n".join(doc.classification),
            "classification_tag": ",".join(doc.classification),
            "classification_key": ",".join(doc.classification).encode("utf-8"),
            "language": language or "und",
            "meta": json.dumps(meta, ensure_ascii=False),
        }
        if doc.date:
            record["date_start"] = date_term(doc.date.start)
            record["date_end"] = date_term(doc.date.end).encode()
            record["year"] = f"{doc.date.start.year:04d}".encode()
            record["month"] = f"{doc.date.start.year:04d}-{doc.date.start.month:02d}".encode()
        yield {k: v for k, v in record.items() if v != ""}  # an empty field costs whoosh as much as a word


# -- preparing files: read, parse, and turn into passages ---------------------------------------------


@dataclass
class _Prepared:
    """One source file, ready to go into the index: its passages as whoosh documents, its documents
    serialised, its words counted. (A worker process preparing the next file while whoosh takes this
    one was tried: no faster on two cores, and a spawned worker re-runs a caller's unguarded script.)"""

    path: str
    error: str | None = None  # why the file cannot be read (it is skipped)
    error_path: str = ""
    doc_ids: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)  # whoosh documents (passage_records)
    payloads: list[bytes] = field(default_factory=list)  # Document JSON, for the document store
    summaries: list[dict] = field(default_factory=list)  # catalog entries
    forms: dict[str, dict[str, int]] = field(default_factory=dict)  # index term -> word form -> count
    words: set[str] = field(default_factory=set)  # folded words, for stems.json


def _prepare(path: str, encoding: str | None) -> _Prepared:
    from ..analysis.stemming import TOKEN_PATTERN, fold, stem
    from ..ingest.readers import read_documents

    try:
        docs = read_documents(path, encoding)
    except SourceError as e:
        return _Prepared(path, error=e.reason, error_path=e.path)
    prepared = _Prepared(path, doc_ids=[d.doc_id for d in docs])
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


# -- reading the live generation ---------------------------------------------------------------


def _damaged(what: str) -> IndexDamagedError:
    return IndexDamagedError(f"index damaged: {what}; run `search-engine index --rebuild`")


def current_generation(index_dir: str | os.PathLike, verify: bool = True) -> Path:
    """The folder of the live generation, checked against its manifest (see :func:`verify_generation`).

    IndexNotFoundError when there is no index yet. A generation replaced by a build while it was being
    checked is not damage: the check moves on to the new one.
    """
    index_dir = Path(index_dir)
    for _ in range(5):
        gen = _named_generation(index_dir)
        if not verify:
            return gen
        try:
            verify_generation(gen)
            return gen
        except IndexDamagedError:
            if _named_generation(index_dir) == gen:
                raise
    raise _damaged(f"{index_dir}/{CURRENT} keeps changing")


def _named_generation(index_dir: Path) -> Path:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        if any((g / MANIFEST).is_file() for g in index_dir.glob("gen-*")):  # complete generations, none named
            raise _damaged(f"{index_dir}/{CURRENT} is missing") from None
        raise IndexNotFoundError(f"no index in {index_dir}/: run `search-engine index SOURCES...` first") from None
    except OSError as e:
        raise _damaged(f"cannot read {index_dir}/{CURRENT} ({e.strerror or e})") from e
    if not re.fullmatch(r"gen-[\w.-]+", name) or not (index_dir / name).is_dir():
        raise _damaged(f"{index_dir}/{CURRENT} names no generation ({name[:40]!r})")
    return index_dir / name


def verify_generation(gen: Path, full: bool = False) -> None:
    """Check a generation's files against its manifest; IndexDamagedError names the first bad file.

    Sizes are checked on every open. Contents (SHA-256) are checked unless the file is unchanged since
    a previous open read it all (same inode, size and modification time, recorded in ``.verified.json``),
    and always with ``full``.
    """
    try:
        manifest = json.loads((gen / MANIFEST).read_bytes())
        files = manifest["files"]
        if not isinstance(files, dict):
            raise ValueError("no file list")
        if manifest.pop("sha256", None) != _manifest_digest(manifest):
            raise ValueError("it does not match its own checksum")
    except FileNotFoundError:
        load_catalog(gen)  # an index from before manifests: IndexOutdatedError, so it is rebuilt
        raise _damaged(f"{gen.name}/{MANIFEST} is missing") from None
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise _damaged(f"cannot read {gen.name}/{MANIFEST} ({e})") from e
    trusted = {} if full else _trusted_stamps(gen)
    checked_at = time.time_ns()
    stamps: dict[str, list] = {}
    for name, entry in files.items():
        try:
            size, digest = entry
            st = os.stat(gen / name)
        except FileNotFoundError:
            raise _damaged(f"{gen.name}/{name} is missing") from None
        except (OSError, ValueError, TypeError) as e:
            raise _damaged(f"cannot check {gen.name}/{name} ({e})") from e
        if st.st_size != size:
            raise _damaged(f"{gen.name}/{name} has {st.st_size} bytes, not {size}")
        stamp = [st.st_ino, st.st_size, st.st_mtime_ns]
        if trusted.get(name) != stamp and _sha256(gen / name) != digest:
            raise _damaged(f"{gen.name}/{name} does not match its checksum")
        stamps[name] = stamp
    if stamps != trusted:
        _save_stamps(gen, {"checked_at": checked_at, "files": stamps})


# A file's modification time comes from a coarse clock: a write in the same tick as the one a stamp
# recorded would go unseen. So a stamp vouches for a file only if the file had not been written for this
# long when its content was checked (git's "racily clean" entries, solved the same way).
_STAMP_MARGIN_NS = 2_000_000_000


def _trusted_stamps(gen: Path) -> dict:
    try:
        data = json.loads((gen / VERIFIED).read_bytes())
        checked_at = int(data["checked_at"])
        return {name: stamp for name, stamp in data["files"].items()
                if isinstance(stamp, list) and len(stamp) == 3 and stamp[2] < checked_at - _STAMP_MARGIN_NS}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    except OSError as e:
        raise _damaged(f"cannot read {path.parent.name}/{path.name} ({e.strerror or e})") from e
    return h.hexdigest()


def _save_stamps(gen: Path, stamps: dict) -> None:
    """Remember what was verified, so the next open checks sizes only (best effort: a read-only index
    is simply verified in full each time)."""
    tmp = gen / f"{VERIFIED}.{os.getpid()}.{secrets.token_hex(3)}"
    try:
        tmp.write_text(json.dumps(stamps), encoding="utf-8")
        os.replace(tmp, gen / VERIFIED)
    except OSError:
        tmp.unlink(missing_ok=True)


def load_catalog(gen: Path) -> Catalog:
    try:
        return Catalog.from_json(json.loads((gen / CATALOG).read_text(encoding="utf-8")))
    except IndexOutdatedError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise _damaged(f"cannot read {gen.name}/{CATALOG} ({e})") from e


def load_document(gen: Path, doc_id: str, catalog: Catalog | None = None) -> Document | None:
    entry = (catalog or load_catalog(gen)).documents.get(doc_id)
    if entry is None:
        return None
    try:
        name, offset, length = entry["store"]
        with open(gen / name, "rb") as f:
            f.seek(offset)
            return Document.from_json(json.loads(f.read(length)))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise _damaged(f"cannot read document {doc_id!r} from {gen.name} ({e})") from e


def open_whoosh(gen: Path):
    from whoosh.index import EmptyIndexError, open_dir

    try:
        return open_dir(str(gen), indexname=WHOOSH_INDEX)
    except (EmptyIndexError, OSError, ValueError, EOFError, KeyError, IndexError, TypeError) as e:
        raise _damaged(f"cannot open {gen.name} ({e})") from e
    except Exception as e:  # whoosh unpickles its table of contents: anything can come out of a bad one
        raise _damaged(f"cannot open {gen.name} ({type(e).__name__}: {e})") from e


# -- writing -----------------------------------------------------------------------------------


def _open_output(path: Path, mode: str = "wb"):
    """Every file of a generation is created here (one place to simulate a full disk in tests)."""
    return open(path, mode)


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
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
                    raise IndexLockedError(
                        f"index is locked by another build{f' (process {holder})' if holder.isdigit() else ''} "
                        f"in {index_dir}/; wait for it to finish or pass --wait SECONDS") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, data) -> None:
    """Write a new file (never through a hard link shared with the live generation)."""
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path.unlink(missing_ok=True)
    with _open_output(path) as f:
        f.write(payload)


def _link_generation(src: Path, dst: Path) -> None:
    """Populate a new generation with hard links to the files of the live one (copies if links fail)."""
    dst.mkdir(parents=True)
    for path in src.iterdir():
        if (not path.is_file() or path.name.endswith("WRITELOCK") or path.name.startswith(VERIFIED)
                or path.name in (CATALOG, MANIFEST, VOCABULARY, STEMS)):
            continue
        try:
            os.link(path, dst / path.name)
        except OSError:
            shutil.copy2(path, dst / path.name)


def _storage(folder: Path, opened: list | None = None):
    """A whoosh FileStorage that never writes into an existing file: a file shared by hard link with
    the live generation is replaced by a new one, so the live generation cannot change under a build.
    Its temporary files stay inside the generation, so a killed build leaves nothing elsewhere, and
    every file it opens is listed in ``opened``: whoosh leaves files open when a commit fails."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import StructFile

    files = opened if opened is not None else []

    class _GenerationStorage(FileStorage):
        def create_file(self, name, excl=False, mode="wb", **kwargs):
            path = Path(self._fpath(name))
            path.unlink(missing_ok=True)
            files.append(_open_output(path, mode))
            return StructFile(files[-1], name=name, **kwargs)

        def open_file(self, name, **kwargs):
            files.append(open(self._fpath(name), "rb"))
            return StructFile(files[-1], name=name, **kwargs)

        def temp_storage(self, name=None):
            return _GenerationStorage(os.path.join(self.folder, f"tmp-{name or secrets.token_hex(4)}")).create()

        # whoosh asks whether a column file exists once per term it writes (a stat call each: 158,000 for
        # a 5 MB text); within one build a file that exists stays until whoosh itself deletes it
        def file_exists(self, name):
            existing = self.__dict__.setdefault("_existing", set())
            if name in existing:
                return True
            found = super().file_exists(name)
            if found:
                existing.add(name)
            return found

        def delete_file(self, name):
            self.__dict__.setdefault("_existing", set()).discard(name)
            return super().delete_file(name)

        def rename_file(self, oldname, newname, safe=False):
            self.__dict__.setdefault("_existing", set()).difference_update((oldname, newname))
            return super().rename_file(oldname, newname, safe)

    return _GenerationStorage(str(folder))


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
        except (IndexNotFoundError, IndexDamagedError) as e:
            if isinstance(e, IndexOutdatedError):  # written by an older version: start over
                rebuild, remembered = True, e.sources
            elif isinstance(e, IndexDamagedError):
                if not rebuild:
                    raise
                remembered = _salvage_sources(index_dir)
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
        writer: _GenerationWriter | None = None
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
                    writer = _GenerationWriter(index_dir, base, stale_ids)
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
                writer = _GenerationWriter(index_dir, base, stale_ids)
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


def _salvage_sources(index_dir: Path) -> list[str]:
    """The sources a damaged index was built from, read from whichever catalog is still readable."""
    gens = sorted(index_dir.glob("gen-*"), key=lambda g: g.stat().st_mtime, reverse=True)
    try:
        gens.insert(0, _named_generation(index_dir))
    except (IndexNotFoundError, IndexDamagedError):
        pass
    for gen in gens:
        for name in (MANIFEST, CATALOG):
            try:
                sources = json.loads((gen / name).read_bytes())["sources"]
                if isinstance(sources, list) and all(isinstance(s, str) for s in sources):
                    return sources
            except (OSError, ValueError, KeyError, TypeError):
                continue
    return []


class _GenerationWriter:
    """A new generation being written: documents go in as they are read (nothing holds them all), and
    :meth:`finish` syncs it and makes it live. Any failure removes the folder and leaves the live one."""

    def __init__(self, index_dir: Path, base: Path | None, stale_ids: set[str]):
        self.index_dir = index_dir
        self.base = base
        self.gen = index_dir / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        self.opened: list = []  # every file whoosh opened: closed here when a write fails (whoosh leaves them open)
        self.writer = None
        self.store_name = f"{DOCS_PREFIX}{secrets.token_hex(4)}.jsonl"
        self.store = None
        self.store_offset = 0
        self.locations: dict[str, list] = {}  # doc_id -> [store file, offset, length]
        self.forms: dict[str, dict[str, int]] = {}  # index term -> word form -> count, for the vocabulary
        self.words: set[str] = set()  # folded words, for stems.json
        try:
            if base is not None:
                _link_generation(base, self.gen)
                ix = _storage(self.gen, self.opened).open_index(WHOOSH_INDEX)
            else:
                self.gen.mkdir(parents=True)
                ix = _storage(self.gen, self.opened).create_index(schema(), indexname=WHOOSH_INDEX)
            # whoosh's default memory for postings before it spills to temporary files, as bare whoosh has
            self.writer = ix.writer(limitmb=128)
            for doc_id in stale_ids:
                self.writer.delete_by_term("doc_id", doc_id)
        except BaseException:
            self.abort()
            raise

    def add(self, prepared: _Prepared, progress: Progress | None = None) -> None:
        for done, record in enumerate(prepared.records, 1):
            if progress:
                progress("write", done, len(prepared.records), record["passage_id"])
            self.writer.add_document(**record)
        for doc_id, payload in zip(prepared.doc_ids, prepared.payloads):
            self._store(doc_id, payload)
        for term, counts in prepared.forms.items():
            mine = self.forms.setdefault(term, {})
            for form, n in counts.items():
                mine[form] = mine.get(form, 0) + n
        self.words |= prepared.words

    def _store(self, doc_id: str, payload: bytes) -> None:
        if self.store is None:
            self.store = _open_output(self.gen / self.store_name)
        self.store.write(payload + b"\n")
        self.locations[doc_id] = [self.store_name, self.store_offset, len(payload)]
        self.store_offset += len(payload) + 1

    def finish(self, catalog: Catalog, live: Path | None) -> Path:
        """Commit, write the catalog, vocabulary, stems and manifest, sync, and make the generation live."""
        try:
            try:
                self.writer.commit()
            except BaseException:
                _close_quietly([self.writer.cancel], self.opened)
                raise
            self._compact_store(catalog)
            if self.store is not None:
                self.store.close()
            for doc_id, location in self.locations.items():
                catalog.documents[doc_id]["store"] = location
            previous = self.base
            _write_json(self.gen / VOCABULARY, _vocabulary(previous / VOCABULARY if previous else None, self.forms))
            _write_json(self.gen / STEMS, _stems(previous / STEMS if previous else None, self.words))
            _write_json(self.gen / CATALOG, catalog.to_json())
            _write_manifest(self.gen, self.base, catalog.sources)
            _fsync_tree(self.gen)
            tmp = self.index_dir / (CURRENT + ".tmp")
            tmp.unlink(missing_ok=True)
            with _open_output(tmp) as f:
                f.write(self.gen.name.encode() + b"\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.index_dir / CURRENT)
            _fsync_dir(self.index_dir)
        except BaseException:
            self.abort()
            raise
        _remove_old_generations(self.index_dir, keep={self.gen.name, live.name if live else ""})
        return self.gen

    def _compact_store(self, catalog: Catalog) -> None:
        """When most bytes of the store files linked from the previous generation belong to documents no
        longer indexed, copy the live ones into this generation's store and drop the old files."""
        kept = [e for e in catalog.documents.values() if e["doc_id"] not in self.locations and "store" in e]
        linked = {p.name: p.stat().st_size for p in self.gen.glob(DOCS_PREFIX + "*") if p.name != self.store_name}
        if not linked or sum(linked.values()) <= 2 * sum(e["store"][2] for e in kept) + (1 << 20):
            return
        for e in kept:
            name, offset, length = e["store"]
            with open(self.gen / name, "rb") as f:
                f.seek(offset)
                payload = f.read(length)
            if self.store is None:
                self.store = _open_output(self.gen / self.store_name)
            self.store.write(payload + b"\n")
            self.locations[e["doc_id"]] = [self.store_name, self.store_offset, len(payload)]
            self.store_offset += len(payload) + 1
        for name in linked:
            (self.gen / name).unlink()

    def abort(self) -> None:
        _close_quietly([self.writer.cancel] if self.writer is not None else [],
                       [*self.opened, *([self.store] if self.store is not None else [])])
        shutil.rmtree(self.gen, ignore_errors=True)


def _close_quietly(cancels, files) -> None:
    """Cancel whoosh's writer and close what it left open, after an error: the error is the one to report."""
    for action in [*cancels, *(f.close for f in files)]:
        try:
            action()
        except Exception:  # noqa: BLE001
            pass


def _write_manifest(gen: Path, base: Path | None, sources: list[str]) -> None:
    """Record the size and SHA-256 of every file; a file still shared with the (verified) base
    generation by hard link keeps the base's checksum instead of being read again. The sources are
    kept here too, so that a rebuild can find them when the catalog is what was damaged."""
    base_files: dict = {}
    if base is not None:
        try:
            base_files = json.loads((base / MANIFEST).read_bytes())["files"]
        except (OSError, ValueError, KeyError):
            base_files = {}
    files = {}
    for path in sorted(gen.iterdir()):
        if not path.is_file() or path.name.endswith("WRITELOCK") or path.name.startswith((MANIFEST, VERIFIED)):
            continue
        st = path.stat()
        shared = base_files.get(path.name)
        try:
            same = shared is not None and os.path.samefile(path, base / path.name)
        except OSError:
            same = False
        files[path.name] = [st.st_size, shared[1] if same else _sha256(path)]
    body = {"format": FORMAT_VERSION, "sources": sources, "files": files}
    _write_json(gen / MANIFEST, {**body, "sha256": _manifest_digest(body)})


def _manifest_digest(body: dict) -> str:
    """The manifest's checksum of itself, so a damaged manifest is not mistaken for damaged files."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _vocabulary(previous: Path | None, forms: dict[str, dict[str, int]]) -> dict[str, list]:
    """index term -> [the word form seen most often for it, how often], merged into the previous
    generation's. Terms of removed documents stay: a suggestion is only made for a term the index holds."""
    vocab: dict[str, list] = {}
    if previous is not None and previous.exists():
        vocab = load_vocabulary(previous)
    for term, counts in forms.items():
        form, n = max(counts.items(), key=lambda kv: (kv[1], kv[0][:1].isupper()))
        old = vocab.get(term)
        vocab[term] = [form if old is None or n >= old[1] else old[0], n + (old[1] if old else 0)]
    return vocab


def _stems(previous: Path | None, words: set[str]) -> dict[str, str]:
    """Every word of the documents (folded) -> its stem, merged into the previous generation's."""
    from ..analysis.stemming import stems_of

    stems = load_stems(previous) if previous is not None else {}
    stems.update(stems_of(words - stems.keys()))
    return stems


def load_stems(path: Path) -> dict[str, str]:
    return _load_map(path)


def load_vocabulary(path: Path) -> dict[str, list]:
    return _load_map(path)


def _load_map(path: Path) -> dict:
    """A JSON object of the index (empty when the file is absent: an index from before it existed)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise _damaged(f"cannot read {path.parent.name}/{path.name} ({e})") from e


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
