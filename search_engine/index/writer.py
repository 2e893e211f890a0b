"""Writing a generation: the build lock, a new generation folder, its manifest, and the atomic swap.

A build never touches the live generation. It writes a new one (an update starts from hard links to
the live files, which are never written through), syncs it to disk, and then replaces CURRENT. A crash
at any point leaves CURRENT naming the old, complete generation; the debris is removed by the next build
(any build, also one that finds nothing to update: see :func:`remove_debris`).
Every file of a generation is created through :func:`_open_output` (one place to simulate a full disk).
"""

from __future__ import annotations

import errno
import fcntl
import itertools
import json
import operator
import os
import secrets
import shutil
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import orjson

from ..errors import IndexLockedError, IndexWriteError
from ..model import FileWarning, Progress
from .catalog import Catalog
from .layout import (
    CATALOG,
    CURRENT,
    DOCS_PREFIX,
    FORMAT_VERSION,
    LINKS,
    LOCK,
    MANIFEST,
    VERIFIED,
    WHOOSH_INDEX,
    WORDS,
)
from .merge import STORE_FLOOR, expunge_deletions, merge_segments, needs_expunging, plan
from .postings import codec as postings_codec
from .postings import drop_orphans
from .schema import schema
from .storage import (
    STAMP_MARGIN_NS,
    check_index_path,
    file_sha256,
    manifest_digest,
)


@dataclass
class PreparedFile:
    """One source file, ready to go into the index: its passages as whoosh documents, its documents
    serialised, its words counted. Forked workers prepare the next files while whoosh takes this one
    (:mod:`.ahead`); their results wait pickled, and a file's records are freed as whoosh takes them."""

    path: str
    error: str | None = None  # why the file cannot be read (it is skipped)
    error_path: str = ""
    doc_ids: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)  # whoosh documents (passage_records)
    payloads: list[bytes] = field(default_factory=list)  # Document JSON compressed, for the document store
    summaries: list[dict] = field(default_factory=list)  # catalog entries
    forms: dict[str, dict[str, int]] = field(default_factory=dict)  # folded word -> as written -> times
    profiles: list[dict] = field(default_factory=list)  # what connects each document to others (links.sqlite)
    skipped: list = field(default_factory=list)  # members of a container passed over (SkippedFile)
    error_kind: str = "damaged"
    ocr_pages: list[str] = field(default_factory=list)  # the OCR cache keys of its pages
    container: str = ""  # "zip" or "mbox": the format the file counts under
    deleted: list[str] = field(default_factory=list)  # documents of the file deleted from the index (left out)
    warnings: list[FileWarning] = field(default_factory=list)  # read, but not exactly as it is


# The postings of a term held by fewer passages than this are kept in its entry of the term table rather than
# in a block of their own in the postings file (a block's header, its pickled description and its compressed
# data cost about 60 bytes more) and out of the posting arrays (index.postings): OCR'd text holds hundreds of
# thousands of words read once or twice. 4, not 2: 4.4% less index (FRUS, the seeds and 29 OCR'd files); 8, not
# 4: 3.9% less (the same folder: postings 1.94 -> 1.63 MB, posting arrays 2.47 -> 2.27, term table 3.25 -> 3.31)
INLINE_POSTINGS = 8
# of the postings' blocks and inlined postings (whoosh reads any; it writes 2, which wraps each posting's
# positions in a call that decodes a Latin-1 string): 3 writes bytes as they are, without protocol 4's 9-byte
# frame header (see _pickled)
PICKLE_PROTOCOL = 3
# the postings a build holds in memory before it spills them (see .pool): half of whoosh's default limitmb, in .pool's
# compact form about 4 million postings where whoosh's own pool holds some 800,000 in 128 MB. Half, so that the
# build's processes together (this pool, and the two workers reading ahead beside it at about 55 MB each) stay
# within the memory of bare whoosh's build: 64x FRUS, the process tree's peak PSS 370 -> 318 MB (whoosh: 321), at
# the cost of a run or three more to merge at the commit (16x FRUS never spills)
POOL_MB = 64
STORE_COMPRESSION = 6  # zlib level of each stored document: a document's JSON takes about a quarter


def stored_document(doc, texts: bool = False) -> bytes:
    """A document as the store keeps it: its JSON, compressed (catalog.load_document reads it), without its
    passages' texts unless ``texts``: whoosh stores them (index.schema's ``texts``), and they were most of the
    store (0.95 of its 1.09 MB for FRUS, the seeds and 29 OCR'd files). A document added through the API keeps
    them: it has no file a rebuild could read them from again."""
    data = doc.to_json()
    # whoosh's chunks are read back by paragraph number (index.schema.stored_texts): numbers other than 1..N keep
    # their texts here
    if not texts and [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1)):
        data["paragraphs"] = [{k: v for k, v in p.items() if k != "text"} for p in data["paragraphs"]]
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), STORE_COMPRESSION)


def codec():
    """index.postings' codec (whoosh's W3, writing each segment's posting arrays too), with the few postings
    of rare terms inlined in the term table (INLINE_POSTINGS).
    whoosh 2.7 reads inlined postings, but its writer calls a method its term info does not have
    (``set_inline`` for ``set_inlined``), so they are written here; a term without values (no positions)
    keeps an empty value for each posting, which is what a merge reads back from a block."""
    import pickle

    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter, W3TermInfo
    from whoosh.util.numeric import length_to_byte

    from .terms import lean_entry

    class _TermInfo(W3TermInfo):
        def to_bytes(self):  # W3TermInfo's, its inlined postings pickled as a block's are (see _write_block)
            if self._inlined is None:
                return super().to_bytes()
            lean = lean_entry(self)  # most inlined postings: their statistics left to the reader
            if lean is not None:
                return lean
            pickled = _pickled(self._inlined)
            minid = 0xffffffff if self._minid is None else self._minid
            maxid = 0xffffffff if self._maxid is None else self._maxid
            return self._struct.pack(True, self._weight, self._df, 0 if self._minlength is None else
                                     length_to_byte(self._minlength), length_to_byte(self._maxlength),
                                     self._maxweight, minid, maxid) + pickled

    class _PostingsWriter(W3PostingsWriter):
        def start_postings(self, format_, terminfo):
            super().start_postings(format_, _TermInfo())

        def _write_block(self, last=False):
            # W3PostingsWriter's, with the block's data pickled as _pickled does
            if not self._blockcount:
                self._postfile.write(WHOOSH3_HEADER_MAGIC)
            self._terminfo.add_block(self)
            data = _pickled((self._mini_ids(), self._mini_weights(), self._mini_values()))
            if self._compression:
                data = zlib.compress(data, self._compression)
            ids = self._ids
            info = pickle.dumps((len(ids), ids[-1], self._maxweight, self._compression,
                                 length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
            length = len(info) + len(data)
            self._postfile.write_int(-length if last else length)
            self._postfile.write(info)
            self._postfile.write(data)
            self._blockcount += 1
            self._new_block()

        def _mini_ids(self):  # whoosh's (the ids' differences), without a generator a posting
            ids = self._ids
            return tuple(map(operator.sub, ids, itertools.chain((0,), ids)))

        def _mini_weights(self):
            # whoosh's (None when every weight is 1, the one weight when all are the same), with whole numbers
            # (a word's count in a passage, as every full-text weight is) pickled as integers: a float takes 9
            # bytes in a block, a count 2
            weights = self._weights
            first = weights[0]
            if weights.count(first) == len(weights):
                return None if first == 1.0 else first
            return _whole(weights.tolist())

        def finish_postings(self):
            if self.written() or len(self) >= self._inlinelimit:
                return super().finish_postings()
            terminfo = self._terminfo
            terminfo.add_block(self)
            values = tuple(self._values) if self._values else (b"",) * len(self._ids)
            terminfo._inlined = (tuple(self._ids), _whole(self._weights), values)
            self._terminfo = None
            return terminfo

    class _Codec(type(postings_codec())):  # its new segments name whoosh's own codec, with this inline limit
        def postings_writer(self, dbfile, byteids=False):
            if byteids:  # term vectors (the index has none): whoosh's own
                return super().postings_writer(dbfile, byteids)
            return _PostingsWriter(dbfile, blocklimit=self._blocklimit, compression=self._compression,
                                   inlinelimit=self._inlinelimit)

    return _Codec(inlinelimit=INLINE_POSTINGS)


def _pickled(postings: tuple) -> bytes:
    """Postings (document numbers, weights, positions) as whoosh unpickles them, in PICKLE_PROTOCOL without a
    memo (nothing in them is repeated by reference: each posting's positions took a byte more to memoize) and
    without the protocol's 2-byte header (an unpickler reads any opcode it knows): the postings' blocks, and the
    inlined postings of the few terms index.terms cannot write leaner (a weight that is not a whole number)."""
    import io
    import pickle

    out = io.BytesIO()
    pickler = pickle.Pickler(out, PICKLE_PROTOCOL)
    pickler.fast = True
    pickler.dump(postings)
    return out.getbuffer()[2:].tobytes()


def _whole(weights) -> tuple:
    """Postings' weights with each whole number as an integer (pickled in 2 bytes where a float takes 9)."""
    try:
        whole = tuple(map(int, weights))  # most often every one of them is whole: compared at once
    except (ValueError, OverflowError):  # NaN, infinity
        whole = None
    if whole is not None and whole == tuple(weights) and (not whole or -(1 << 31) < min(whole) <= max(whole) < 1 << 31):
        return whole
    return tuple(int(w) if w.is_integer() and abs(w) < 1 << 31 else w for w in weights)


def _open_output(path: Path, mode: str = "wb"):
    """Every file of a generation is created here (one place to simulate a full disk in tests)."""
    return open(path, mode)


@contextmanager
def writer_lock(index_dir: Path, wait: float = 0.0):
    """Hold the index's build lock; the kernel drops it if the process dies, so it never goes stale."""
    check_index_path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as e:
        raise IndexWriteError(f"cannot write the index in {index_dir}/: {e.strerror or e}"
                              + (f" ({e.filename})" if e.filename else "")) from e
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
                        f"in {index_dir}/; wait for it to finish or pass wait=SECONDS") from None
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
    """Write a new file (never through a hard link shared with the live generation). Encoded by orjson: the
    catalog of a large archive (8.7 MB for 6,830 files) in 0.007 s where the json module takes 0.096 s, each
    update writing it whole; the same JSON (any reader reads it), keys that are not strings written as strings
    as the json module writes them."""
    payload = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    path.unlink(missing_ok=True)
    with _open_output(path) as f:
        f.write(payload)


def _link_generation(src: Path, dst: Path) -> None:
    """Populate a new generation with hard links to the files of the live one (copies if links fail)."""
    dst.mkdir(parents=True)
    for path in src.iterdir():
        if (not path.is_file() or path.name.endswith("WRITELOCK") or path.name.startswith(VERIFIED)
                or path.name in (CATALOG, MANIFEST, WORDS, LINKS)):
            continue
        try:
            os.link(path, dst / path.name)
        except OSError:
            shutil.copy2(path, dst / path.name)


def _storage(folder: Path, opened: list | None = None):
    """A whoosh FileStorage that never writes into an existing file: a file shared by hard link with
    the live generation is replaced by a new one, so the live generation cannot change under a build.
    Its temporary files stay inside the generation, so a killed build leaves nothing elsewhere, and
    every file it opens is listed in ``opened``: whoosh leaves files open when a commit fails. Segments are read
    from their files, not memory-mapped (as storage.open_whoosh reads them): a reader of a mapped segment holds its
    term table in memory, and a one-file update of the 1x folder took 113 MB, 60 now (at 10x, ten times the
    term table)."""
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

    return _GenerationStorage(str(folder), supports_mmap=False)


class GenerationWriter:
    """A new generation being written: documents go in as they are read (nothing holds them all), and
    :meth:`finish` syncs it and makes it live. Any failure removes the folder and leaves the live one."""

    def __init__(self, index_dir: Path, base: Path | None, removed_ids: Iterable[str] = ()):
        self.index_dir = index_dir
        self.base = base
        self.gen = index_dir / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        self.opened: list = []  # every file whoosh opened: closed here when a write fails (whoosh leaves them open)
        self.writer = None
        self.store_name = f"{DOCS_PREFIX}{secrets.token_hex(4)}.z"
        self.store = None
        self.store_offset = 0
        self.locations: dict[str, list] = {}  # doc_id -> [store file, offset, length]
        self.forms: dict[str, dict[str, int]] = {}  # folded word -> as written -> times, for the words table
        self.profiles: dict[str, dict] = {}  # doc_id -> profile, for the documents this build read
        try:
            if base is not None:
                _link_generation(base, self.gen)
                ix = _storage(self.gen, self.opened).open_index(WHOOSH_INDEX)
            else:
                self.gen.mkdir(parents=True)
                ix = _storage(self.gen, self.opened).create_index(schema(), indexname=WHOOSH_INDEX)
            from .pool import writer

            self.writer = writer(ix, POOL_MB, codec=codec())
            self.delete(removed_ids)
        except BaseException:
            self.abort()
            raise

    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove these documents of the base generation (documents added by this writer stay: whoosh
        deletes from the segments it started from)."""
        for doc_id in doc_ids:
            self.writer.delete_by_term("doc_id", doc_id)

    def add(self, prepared: PreparedFile, progress: Progress | None = None, replaces: Iterable[str] = ()) -> None:
        """Index one prepared file; ``replaces`` are the documents its previous version gave. Its records are
        consumed: each passage's is let go once whoosh holds its postings, so that a build does not hold a whole
        volume's records (Python objects, several times their pickled size) beside the pool."""
        self.delete(replaces)
        records, prepared.records = prepared.records, []
        records.reverse()  # taken from the end: each one popped is freed as soon as it is written
        count = len(records)
        for done in range(1, count + 1):
            record = records.pop()
            if progress:
                progress("write", done, count, f"{record['doc_id']}#p{record['paragraph']}")
            self.writer.add_document(**record)
        for doc_id, payload in zip(prepared.doc_ids, prepared.payloads, strict=True):
            self._store(doc_id, payload)
        self.profiles.update(zip(prepared.doc_ids, prepared.profiles, strict=True))
        for word, counts in prepared.forms.items():
            mine = self.forms.setdefault(word, {})
            for form, n in counts.items():
                mine[form] = mine.get(form, 0) + n

    def _store(self, doc_id: str, payload: bytes) -> None:
        """Append a document (its JSON, compressed: :func:`stored_document`) to this generation's store."""
        if self.store is None:
            self.store = _open_output(self.gen / self.store_name)
        self.store.write(payload + b"\n")
        self.locations[doc_id] = [self.store_name, self.store_offset, len(payload)]
        self.store_offset += len(payload) + 1

    def finish(self, catalog: Catalog, live: Path | None, compact: bool = False) -> Path:
        """Commit (merging segments and store files as :mod:`.merge` decides, or all of them with ``compact``),
        write the catalog, the words table and the manifest, sync, and make the generation live."""
        from whoosh.writing import OPTIMIZE

        try:
            try:
                self.writer.commit(mergetype=OPTIMIZE if compact else merge_segments)
            except BaseException:
                _close_quietly([self.writer.cancel], self.opened)
                raise
            if not compact:
                self._expunge()
            segments = _storage(self.gen, self.opened).open_index(WHOOSH_INDEX)._segments()
            drop_orphans(self.gen, {s.segment_id() for s in segments})
            from .arrays import write_arrays

            write_arrays(self.gen, _storage(self.gen, self.opened).open_index(WHOOSH_INDEX))
            self._merge_stores(catalog, compact)
            if self.store is not None:
                self.store.close()
            for doc_id, location in self.locations.items():
                catalog.documents[doc_id]["store"] = location
            previous = self.base
            from ..analysis.stemming import stems_of
            from .words import write_words

            write_words(self.gen / WORDS, previous / WORDS if previous else None, self.forms, stems_of(self.forms))
            self._connect(catalog)
            _write_json(self.gen / CATALOG, catalog.to_json())
            written = _write_manifest(self.gen, self.base, catalog.sources, live)
            _stamp_generation(self.gen, written)
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
        # the previous generation stays for the searches still reading it, and any other one an engine has open
        _remove_old_generations(self.index_dir, keep={self.gen.name, live.name if live else ""})
        return self.gen

    def _connect(self, catalog: Catalog) -> None:
        """Write the generation's profiles and connections (:mod:`.linkstore`): an update changes those of the
        documents it read, removed or profiled again in a copy of the previous generation's; a build computes
        them all."""
        from . import linkstore
        from .catalog import load_document
        from .connections import connections, update_links
        from .schema import stored_texts
        from .sketches import PROFILE_VERSION, profile
        from .storage import open_whoosh

        previous = self.base / LINKS if self.base is not None else None
        kept = previous is not None and linkstore.usable(previous)
        db = linkstore.create(self.gen / LINKS, previous if kept else None)
        ix = searcher = None
        try:
            def texts(doc_id: str, count: int) -> list[str]:  # from one searcher of the new generation
                nonlocal ix, searcher
                if searcher is None:
                    ix = open_whoosh(self.gen)
                    searcher = ix.searcher()
                return stored_texts(searcher, doc_id, count)

            def load(doc_id: str):
                return load_document(self.gen, doc_id, catalog, texts)

            if kept:
                versions = linkstore.profile_versions(db)
                new = {d: p for d, p in self.profiles.items() if d in catalog.documents}
                for d in sorted(catalog.documents):
                    if d not in new and versions.get(d) != PROFILE_VERSION and (doc := load(d)) is not None:
                        new[d] = profile(doc)  # a profile of an older kind, or none: made from the stored document
                gone = versions.keys() - catalog.documents.keys()
                linkstore.put_documents(db, catalog.documents, [d for d in self.profiles if d in catalog.documents],
                                        gone)
                if update_links(db, new, gone, load):
                    db.execute("COMMIT")
                    return
                profiles = linkstore.all_profiles(db)
            else:
                profiles = _profiles_from({}, self.profiles, catalog, self.gen, load)
                linkstore.put_documents(db, catalog.documents, catalog.documents)
            linkstore.store_all(db, profiles, connections(profiles, load))
            db.execute("COMMIT")
        finally:
            db.close()
            if searcher is not None:
                _close_quietly([searcher.close, ix.close], [])

    def _expunge(self) -> None:
        """Rewrite the small segments that hold deleted documents, in a second commit (see merge.EXPUNGE_SHARE)."""
        ix = _storage(self.gen, self.opened).open_index(WHOOSH_INDEX)
        if not needs_expunging(ix._segments()):
            return
        from .pool import writer

        self.writer = writer(ix, POOL_MB, codec=codec())
        try:
            self.writer.commit(mergetype=expunge_deletions)
        except BaseException:
            _close_quietly([self.writer.cancel], self.opened)
            raise

    def _merge_stores(self, catalog: Catalog, everything: bool) -> None:
        """Copy the documents of the store files :func:`.merge.plan` chooses (or of all of them) into this
        generation's store and drop those files; a file no indexed document is in any more is always dropped."""
        kept = [e for e in catalog.documents.values() if e["doc_id"] not in self.locations and "store" in e]
        files = sorted(p.name for p in self.gen.glob(DOCS_PREFIX + "*") if p.name != self.store_name)
        live = dict.fromkeys(files, 0)
        for e in kept:
            live[e["store"][0]] += e["store"][2] + 1
        sizes = [(live[name], (self.gen / name).stat().st_size) for name in files]
        chosen = {files[i] for i in (range(len(files)) if everything else plan(self.store_offset, sizes, STORE_FLOOR))}
        for e in kept:
            name, offset, length = e["store"]
            if name not in chosen:
                continue
            with open(self.gen / name, "rb") as f:
                f.seek(offset)
                payload = f.read(length)
            if self.store is None:
                self.store = _open_output(self.gen / self.store_name)
            self.store.write(payload + b"\n")
            self.locations[e["doc_id"]] = [self.store_name, self.store_offset, len(payload)]
            self.store_offset += len(payload) + 1
        for name in chosen:
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


def _write_manifest(gen: Path, base: Path | None, sources: list[str], live: Path | None) -> set[str]:
    """Record the size and SHA-256 of every file; a file still shared with the (verified) base
    generation by hard link keeps the base's checksum instead of being read again. The sources are
    kept here too, so that a rebuild can find them when the catalog is what was damaged, and the
    generation this one replaces, which is kept while searches may still read it. Returns the names of
    the files this build wrote (not shared with the base)."""
    base_files: dict = {}
    if base is not None:
        try:
            base_files = json.loads((base / MANIFEST).read_bytes())["files"]
        except (OSError, ValueError, KeyError):
            base_files = {}
    files = {}
    written: set[str] = set()
    for path in sorted(gen.iterdir()):
        if not path.is_file() or path.name.endswith("WRITELOCK") or path.name.startswith((MANIFEST, VERIFIED)):
            continue
        st = path.stat()
        shared = base_files.get(path.name)
        try:
            same = shared is not None and os.path.samefile(path, base / path.name)
        except OSError:
            same = False
        files[path.name] = [st.st_size, shared[1] if same else file_sha256(path)]
        if not same:
            written.add(path.name)
    body = {"format": FORMAT_VERSION, "sources": sources, "files": files, "previous": live.name if live else ""}
    _write_json(gen / MANIFEST, {**body, "sha256": manifest_digest(body)})
    return written


def _stamp_generation(gen: Path, written: set[str]) -> None:
    """Record that every file matches the manifest (``.verified.json``: inode, size and modification time),
    so that readers need not hash them again; readers never write into the index folder, so this is the one
    place stamps are made. The files this build wrote get a modification time from before the stamp's
    margin (see storage.STAMP_MARGIN_NS): a later change to one always changes its time, and the stamp
    can vouch for it at once instead of after the margin has passed."""
    checked_at = time.time_ns()
    files = json.loads((gen / MANIFEST).read_bytes())["files"]
    stamps = {}
    for name in files:
        path = gen / name
        if name in written:
            os.utime(path, ns=(checked_at, checked_at - 2 * STAMP_MARGIN_NS))
        st = path.stat()
        stamps[name] = [st.st_ino, st.st_size, st.st_mtime_ns]
    _write_json(gen / VERIFIED, {"checked_at": checked_at, "files": stamps})


def remove_debris(index_dir: Path, live: Path | None) -> None:
    """Remove what killed builds left (their generation folders, a CURRENT.tmp): every generation but the
    live one and the one it replaced. Called by every build under the lock, before it decides anything."""
    (index_dir / (CURRENT + ".tmp")).unlink(missing_ok=True)
    if live is None:  # no index yet: any generation folder is a killed first build's
        keep: set[str] = set()
    else:
        try:
            keep = {live.name, json.loads((live / MANIFEST).read_bytes())["previous"]}
        except (OSError, ValueError, KeyError, TypeError):
            return  # written before generations named the one they replaced: the next swap cleans up
    _remove_generations(index_dir, keep)


def _profiles_from(kept: dict[str, dict], new: dict[str, dict], catalog: Catalog, gen: Path,
                   load=None) -> dict[str, dict]:
    """The profile of every document of the generation: those this build read (``new``), the others' from the
    previous generation (``kept``; a profile of an older kind is made again from the stored document, read by
    ``load``: a document's id -> the document)."""
    from .catalog import load_document
    from .sketches import PROFILE_VERSION, profile

    load = load or (lambda doc_id: load_document(gen, doc_id, catalog))

    out = {}
    for d in sorted(catalog.documents):
        if d in new:
            out[d] = new[d]
        elif d in kept and kept[d].get("version") == PROFILE_VERSION:
            out[d] = kept[d]
        elif (doc := load(d)) is not None:
            out[d] = profile(doc)
    return out


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    """Keep the new generation and the one before it (a search may still be reading it)."""
    _remove_generations(index_dir, keep)


def _remove_generations(index_dir: Path, keep: set[str]) -> None:
    """Remove the generations other than ``keep`` that no reader has open: a reader holds a shared lock on
    its generation's manifest (see :mod:`.generation`), so a generation an engine still uses, in any process,
    stays until a later build finds it unused."""
    for path in index_dir.glob("gen-*"):
        if path.name in keep:
            continue
        try:
            fd = os.open(path / MANIFEST, os.O_RDONLY)
        except OSError:  # an unfinished generation (no manifest yet): debris of a build that died
            shutil.rmtree(path, ignore_errors=True)
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                    continue  # in use
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)
