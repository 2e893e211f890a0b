"""A generation opened for reading: shared by the queries of any number of threads, closed when the last
query that uses it ends.

whoosh's searchers are not safe to share between threads: a postings list is read by seeking a file
object the searcher shares, so two queries interleaving on one searcher read each other's blocks
(``zlib.error``, ``UnpicklingError``, "Block tag error"; measured: 3 failures in 400 searches by 8 threads
on one searcher, 0 with a searcher per query). So a query checks out a searcher of its generation for
itself and gives it back when it ends; the generation keeps the idle ones (as many as queries ran at
once) and the values computed from its segments (columns, suggestions), which all its searchers share.

A reader holds a shared lock (``flock``) on the generation's manifest while it has the generation open;
a build removes an old generation only when it can take that lock exclusively, so no process's open
generation disappears under its queries (see ``writer._remove_old_generations``). Nothing is written into the index
folder: taking a shared lock needs only a file opened for reading.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import SearchEngineError
from .catalog import Catalog, load_catalog, load_document
from .layout import MANIFEST, WORDS
from .storage import Verifier, open_whoosh
from .words import Words


class Generation:
    """One generation opened for reading: a reference count of the queries using it, a pool of whoosh
    searchers, its catalog and what is known of its files' checksums (in memory)."""

    def __init__(self, path: Path, weighting: Callable[[], Any]):
        self.path = path
        self.name = path.name
        self._weighting = weighting
        self._lock = threading.Lock()
        self._users = 0
        self._retired = False
        self._closed = False
        self._idle: list = []  # searchers no query is using
        self._ix = None
        self._catalog: Catalog | None = None
        self._words = Words(path / WORDS)  # its words table (index.words), opened on first use
        self.cache: dict = {}  # shared by the readers of this generation (index.cache.share_cache)
        self.memo: dict = {}  # what the API computes once per generation (its documents' links)
        self._lease = _lease(path)
        try:
            self._verifier = Verifier(path)
            self._verifier.check()
        except BaseException:
            os.close(self._lease)
            raise

    def __repr__(self) -> str:
        return f"<Generation {self.name} users={self._users}{' retired' if self._retired else ''}>"

    # -- the reference count: a query holds the generation from its start to its end ------------------

    def acquire(self) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"{self.name} is closed")  # the engine never hands out a closed one
            self._users += 1

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            close = self._retired and self._users == 0
        if close:
            self._close()

    def retire(self) -> None:
        """No new query will use this generation: close it now if no query is using it, else when the last ends."""
        with self._lock:
            self._retired = True
            close = self._users == 0
        if close:
            self._close()

    def _close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            _close_quietly(searcher)
        from ..analysis.stemming import forget_stems

        forget_stems(self._words.stem)
        self._words.close()
        self.cache.clear()
        self.memo.clear()
        os.close(self._lease)

    # -- what a query reads ------------------------------------------------------------------------------

    def check(self) -> None:
        """The files are still as verified (sizes, and the content of any file changed since): a change to a
        file after the generation was opened is reported as damage, not read as results."""
        self._verifier.check()

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """A whoosh searcher for this query alone, given back to the pool when the query ends."""
        with self._lock:
            searcher = self._idle.pop() if self._idle else None
            if searcher is None and self._ix is None:
                self._ix = open_whoosh(self.path)
                from ..analysis.stemming import know_stems

                know_stems(self._words.stem)
            ix = self._ix
        if searcher is None:
            from .cache import share_cache

            searcher = ix.searcher(weighting=self._weighting())
            share_cache(searcher.reader(), self.cache)
        broken = False
        try:
            yield searcher
        except SearchEngineError:
            raise  # a query refused as written (QueryError...): the searcher is as it was
        except BaseException:
            broken = True  # a query that failed below the API may have left it mid-read: not reused
            raise
        finally:
            with self._lock:
                keep = not (self._closed or broken)
                if keep:
                    self._idle.append(searcher)
            if not keep:
                _close_quietly(searcher)

    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog(self.path)
        return self._catalog

    def vocabulary(self) -> Words:
        """The generation's words table (index.words): stems, written forms, wildcards."""
        return self._words

    def document(self, doc_id: str):
        def texts(doc_id: str, count: int) -> list[str]:  # its passages' texts, read by a searcher of the pool
            from .schema import stored_texts

            with self.searcher() as searcher:
                return stored_texts(searcher, doc_id, count)

        return load_document(self.path, doc_id, self.catalog(), texts)

    def manifest_files(self) -> int:
        return len(self._verifier.files)

    def verify(self) -> None:
        """Re-read every file against its checksum."""
        self._verifier.check(full=True)


def _close_quietly(searcher) -> None:
    try:
        searcher.close()
    except Exception:  # noqa: BLE001 - closing what whoosh already closed is not an error
        pass


def _lease(gen: Path) -> int:
    """A shared lock on the generation's manifest, held while it is open (see ``writer._remove_old_generations``).

    IndexDamagedError when the generation is gone (a build removed it after CURRENT was read): the caller
    reads CURRENT again."""
    try:
        fd = os.open(gen / MANIFEST, os.O_RDONLY)
    except FileNotFoundError:
        from .storage import read_manifest

        read_manifest(gen)  # an outdated index (IndexOutdatedError) or a missing manifest (damage)
        raise
    except OSError as e:
        from .layout import damaged

        raise damaged(f"cannot open {gen.name}/{MANIFEST} ({e.strerror or e})") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        if os.fstat(fd).st_nlink == 0:  # removed between the open and the lock
            raise FileNotFoundError(errno.ENOENT, "removed by a build", str(gen / MANIFEST))
    except OSError as e:
        os.close(fd)
        if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN):  # a build is removing it right now
            raise FileNotFoundError(errno.ENOENT, "being removed by a build", str(gen / MANIFEST)) from e
        if e.errno not in (errno.ENOLCK, errno.EINVAL, errno.EOPNOTSUPP):  # file systems without locks
            raise
        return os.open(gen / MANIFEST, os.O_RDONLY)
    return fd
