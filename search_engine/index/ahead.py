"""Reading ahead: the files a build reads are read, parsed and analysed in worker processes while the build's
own process writes the ones before them into whoosh, so that a build uses every core.

The build still takes the files in their order, whatever the timing, each prepared by the function it would
prepare it with itself (``build._prepare``): the index is the same as a build in one process gives
(tests/test_index.py compares them). A file whose reading asks for the OCR engine (a scan, a PDF, a container
that may hold them) is read again by the build's own process, where the engine lives with its pool of
Tesseract processes, its cache and its counts; so is a library's item (read through its database).

Workers are forked: a spawned worker would run a caller's unguarded script again. A process that runs other
threads (the web page's server, a watch) does not fork (a lock another thread held stays held in the child),
and reads its files itself, as does a build of less than ``READ_AHEAD_BYTES`` or of one file.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from collections import deque
from typing import Callable, Iterator

from .writer import PreparedFile

READ_AHEAD_BYTES = 4 << 20  # less to read than this and forking workers (each imports the readers) does not pay


def workers(files: int, size: int) -> int:
    """How many worker processes read ahead for a build that reads ``files`` files of ``size`` bytes: one a
    core, none for a small build, on one core, or where forking is not safe."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    if (cores < 2 or files < 2 or size < READ_AHEAD_BYTES or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return 0
    return min(cores, files)


def prepared_in_order(jobs: list[tuple[str, list[str], bool]], prepare: Callable[[int], PreparedFile],
                      encoding: str | None, ocr_photos: bool, size: int) -> Iterator[PreparedFile]:
    """The prepared files of ``jobs`` (path, documents deleted from it, whether a worker may read it), in
    order; ``prepare(i)`` prepares the i-th in this process (those no worker may read, and those that turn out
    to need OCR)."""
    count = workers(sum(1 for _, _, shared in jobs if shared), size)
    if not count:
        for i in range(len(jobs)):
            yield prepare(i)
        return
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # what every worker imports to read and analyse a file, imported once here (a forked worker has it): this
    # process needs the stemmers at the end too, for the words table
    from ..analysis.stemming import load_stemmers
    from ..ingest import readers  # noqa: F401
    from . import sketches  # noqa: F401

    load_stemmers()
    # what this process holds now is shared with the workers forked from it until one of them writes to it; a
    # collection of the cyclic garbage collector writes to every object it visits, so the objects there are now
    # are left out of the collections (gc.freeze) of the workers and of this process while they read: without
    # it, the first full collection in each worker copied most of the libraries' objects
    # (objects a caller froze itself stay frozen: only a freeze begun here is undone)
    ours = gc.get_freeze_count() == 0
    gc.collect()
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(count, multiprocessing.get_context("fork"), initializer=_start,
                                   initargs=(encoding, ocr_photos))
    except (ImportError, NotImplementedError, OSError):  # no working multiprocessing here (no sem_open): read here
        if ours:
            gc.unfreeze()
        for i in range(len(jobs)):
            yield prepare(i)
        return
    try:
        waiting = deque(i for i, (_, _, shared) in enumerate(jobs) if shared)
        pending: dict[int, Future] = {}

        def submit() -> None:  # a file a worker, no more: a prepared file is held here until it is written
            while waiting and len(pending) < count:
                i = waiting.popleft()
                try:
                    pending[i] = pool.submit(_work, *jobs[i][:2])
                except (OSError, RuntimeError, BrokenProcessPool):  # no worker could be started (fork refused:
                    waiting.clear()  # out of memory, a limit on processes): the files not given out are read here

        for i in range(len(jobs)):
            submit()
            result = pending.pop(i, None)
            try:
                pickled = result.result() if result is not None else None
                prepared = pickle.loads(pickled) if pickled is not None else None
                del pickled
            except BrokenProcessPool:  # a worker died (killed, or crashed on a file): the rest are read here
                pending.clear()
                waiting.clear()
                prepared = None
            submit()
            yield prepared if prepared is not None else prepare(i)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if ours:
            gc.unfreeze()


class _NeedsOcr(BaseException):
    """A worker's reading asked for the OCR engine (a BaseException: no reader's handler takes it for damage)."""


class _OcrElsewhere:
    """The OCR engine as a worker sees it: asking anything of it sends the file back to the build's process."""

    def __init__(self):
        self.asked = False

    def wait_for(self, path: str) -> None:  # every file asks whether a scan was read ahead for it: none was
        pass

    def __getattr__(self, name: str):
        self.asked = True
        raise _NeedsOcr(name)


_options = None  # a worker's ReadOptions


def _start(encoding: str | None, ocr_photos: bool) -> None:
    global _options
    from ..ingest.readers import ReadOptions

    _options = ReadOptions(encoding, _OcrElsewhere(), ocr_photos)


def _work(path: str, deleted: list[str]) -> bytes | None:
    """A file prepared in a worker, pickled, or None when its reading needs the OCR engine. Pickled here, it is
    unpickled by the build's process when its turn comes to be written: the files read ahead wait as bytes, a
    quarter of the memory their Python objects take (5 MB against 20 for a copy of the FRUS volume)."""
    from .build import _prepare

    ocr = _options.ocr
    ocr.asked = False
    try:
        prepared = _prepare(path, _options, deleted)
    except _NeedsOcr:
        return None
    return None if ocr.asked else pickle.dumps(prepared, pickle.HIGHEST_PROTOCOL)
