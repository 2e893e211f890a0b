"""Running Tesseract on page images: one process per core, each reading a batch of pages, each page's text kept
by the hash of its file.

Tesseract is Debian's ``tesseract-ocr`` command. Pages are spooled to files and each worker gives one process
a batch of them (``tesseract LIST - -l LANGS``, LIST naming the files; their texts come back parted by its page
separator, a form feed): loading the language models costs about 0.15 s of CPU a process, a tenth of a dense
page. A worker takes no more than its share of the queued pages, so every core has work, and a page the
process stops at is read alone, its error naming it, while the pages before and after it are read. Each page is
first scaled to the type size Tesseract needs (:mod:`.typesize`: only when its type is larger than that). Each
process is given ``OMP_THREAD_LIMIT=1``: its own OpenMP threads only fight over the cores, so pages run side by
side instead, one process per core (measured: a dense page costs 2-4 s of one core; with Tesseract's threads on
two shared cores, 14-16 s). A page's text is written to the cache folder under the SHA-256 of the file it comes
from, its page and the languages, so an unchanged scan is never read twice, whatever the index does with it
(``--rebuild`` too).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

from .typesize import fit_page

INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus"
# the languages read when none is set: those of these that are installed. With both, Tesseract picks per word
# (measured on a page of English: no slower, and the same words right, as English alone)
DEFAULT_LANGUAGES = ("eng", "rus")
# pages one Tesseract process reads at most: loading the models costs about 0.15 s of CPU a process (measured with
# eng+rus on an empty page), a tenth of a dense page; in batches of 8 it is under 2% of the pages' cost, and a
# batch is still small enough for the pages of a short file to be shared among the cores
BATCH_PAGES = 8
LINGER_SECONDS = 0.3  # how long a worker waits for a batch's worth of pages while they are still being rendered
PAGE_SECONDS = 300  # a page Tesseract has not read in this long is given up (a damaged image can hang it)
_NOT_A_CAUSE = ("Page ", "Estimating resolution", "Detected ", "Warning", "Error during processing")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_READ_AHEAD_BYTES = 64 * 1024 * 1024

# progress(done, total): pages read by Tesseract so far in this build, of those it has been given
OcrProgress = Callable[[int, int], None]


class OcrError(Exception):
    """Tesseract failed on a page (its message), or cannot run at all."""


def page_key(file_sha256: str, page: str, languages: str) -> str:
    """The cache key of one page of a file read with these languages."""
    return hashlib.sha256(f"{file_sha256}/{page}/{languages}".encode()).hexdigest()


class Tesseract:
    """Tesseract for one build: finds the command and its languages, runs pages in parallel, caches them.

    Parameters
    ----------
    languages : str, optional
        Tesseract's language codes joined by ``+`` (``eng+rus``, ``deu``); by default those of English and
        Russian that are installed.
    cache : folder, optional
        Where each page's text is kept (by default nothing is kept).
    workers : int, optional
        Tesseract processes at once (by default one per core).
    batch : int, optional
        Pages one Tesseract process reads at most (by default :data:`BATCH_PAGES`).
    """

    def __init__(self, languages: str | None = None, cache: str | os.PathLike | None = None,
                 workers: int | None = None, progress: OcrProgress | None = None, batch: int | None = None):
        self.command = shutil.which("tesseract")
        self.requested = languages
        self.cache = Path(cache) if cache else None
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.progress = progress
        self.used: set[str] = set()  # cache keys of the pages of this build
        self.pages_read = 0  # pages Tesseract read in this build (not from the cache)
        self.pages_cached = 0
        self.batch = max(1, batch or BATCH_PAGES)
        self.linger = LINGER_SECONDS
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)  # pages queued, or taken, or closing
        self._queue: deque[tuple[str, Path, Future]] = deque()  # (cache key, spooled image, its text to come)
        self._workers: list[threading.Thread] = []
        self._busy = 0  # workers reading a batch
        self._producers = 0  # threads rendering pages into the queue
        self._spool: tempfile.TemporaryDirectory | None = None
        self._spooled = 0
        self._closing = False
        self._feeder: ThreadPoolExecutor | None = None  # reads image files ahead of the build, in order
        self._fresh: dict[str, str] = {}  # pages read in this build, by key
        self._jobs: dict[str, Future] = {}  # files being read ahead of the build, by path
        self._submitted = self._done = 0
        self._installed: tuple[str, ...] | None = None
        self._languages: str | None = None
        self._problem: str | None = None
        self._advice = ""
        self._checked = False

    # -- what is installed ----------------------------------------------------------------------------
    @property
    def problem(self) -> str | None:
        """Why scans cannot be read ("Tesseract is not installed"), or None when Tesseract is ready."""
        self._check()
        return self._problem

    @property
    def advice(self) -> str:
        """What to do about the problem: the command that installs what is missing."""
        self._check()
        return self._advice

    @property
    def languages(self) -> str:
        """The languages pages are read with, as Tesseract's ``-l`` takes them (``eng+rus``)."""
        self._check()
        return self._languages or ""

    def _check(self) -> None:
        if self._checked:
            return
        self._checked = True
        if self.command is None:
            self._problem, self._advice = "Tesseract is not installed", f"install it: {INSTALL}"
            return
        try:
            listed = subprocess.run([self.command, "--list-langs"], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as e:
            self._problem, self._advice = f"Tesseract does not run ({e})", f"reinstall it: {INSTALL}"
            return
        self._installed = tuple(line.strip() for line in listed.stdout.splitlines()[1:] if line.strip())
        if self.requested:
            wanted = [code for code in self.requested.replace(",", "+").split("+") if code.strip()]
            missing = [code for code in wanted if code not in self._installed]
            if missing:
                packages = " ".join(f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in missing)
                self._problem = (f"Tesseract has no language data for {'+'.join(missing)} (installed: "
                                 f"{'+'.join(self._installed) or 'none'})")
                self._advice = f"install it: sudo apt-get install {packages}"
                return
            self._languages = "+".join(wanted)
        else:
            found = [code for code in DEFAULT_LANGUAGES if code in self._installed]
            if not found:
                found = [code for code in self._installed if code not in ("osd", "equ")][:1]
            if not found:
                self._problem, self._advice = "Tesseract has no language data installed", f"install it: {INSTALL}"
                return
            self._languages = "+".join(found)

    # -- reading pages ----------------------------------------------------------------------------------
    def read_pages(self, file_sha256: str, pages: Iterable[tuple[str, Callable[[], bytes]]]) -> list[tuple[str, str]]:
        """(page, text) for each (page, render) of one file, in order: the cached text, else Tesseract's reading
        of the image that ``render()`` returns. Pages are rendered here, one at a time (renderers such as PDFium
        are not thread-safe), spooled to disk and read side by side in batches; at most a batch per worker waits.
        A page Tesseract cannot read raises :class:`OcrError` naming it, once the other pages are read (and
        cached)."""
        if self.problem:
            raise OcrError(self.problem)
        results: list[tuple[str, str | Future]] = []
        pending: list[Future] = []
        with self._producing():
            for page, render in pages:
                key = page_key(file_sha256, page, self.languages)
                cached = self._cached(key)
                if cached is not None:
                    results.append((page, cached))
                    continue
                while len(pending) >= self.batch * self.workers:
                    self._wait(pending, first=True)
                    pending = [f for f in pending if not f.done()]
                future = self._submit(key, render())
                results.append((page, future))
                pending.append(future)
        self._wait(pending)
        texts, failed = [], []
        for page, value in results:
            if isinstance(value, str):
                texts.append((page, value))
            elif value.exception() is not None:
                failed.append(f"page {page}: {value.exception()}")
            else:
                texts.append((page, value.result()))
        if failed:
            raise OcrError("; ".join(failed))
        return texts

    def _cached(self, key: str, count: bool = True) -> str | None:
        with self._lock:
            self.used.add(key)
            if key in self._fresh:
                return self._fresh[key]
        if self.cache is None:
            return None
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if count:
            with self._lock:
                self.pages_cached += 1
        return text

    # -- reading ahead -----------------------------------------------------------------------------------
    def prefetch(self, paths: Iterable[str], pages_of: Callable[[bytes, str], list]) -> None:
        """Start reading the image files among ``paths``, so that a folder of one-page photos is read in batches,
        a batch per core, while the build reads the files in turn; :meth:`wait_for` is then called before a file
        is read. ``pages_of(data, path)`` lists a file's (page, render) as :meth:`read_pages` takes them."""
        if self.problem:
            return
        chosen = []
        for path in paths:
            if path in self._jobs or not str(path).lower().endswith(IMAGE_SUFFIXES):
                continue
            self._jobs[path] = Future()
            chosen.append((path, self._jobs[path]))
        if not chosen:
            return
        if self._feeder is None:
            self._feeder = ThreadPoolExecutor(1, thread_name_prefix="tesseract-feeder")
        self._feeder.submit(self._read_ahead, chosen, pages_of)

    def _read_ahead(self, jobs: list[tuple[str, Future]], pages_of) -> None:
        """Queue the pages of the files in turn (the workers wait for batches while this goes on); each file's
        job gives the futures of its pages."""
        try:
            with self._producing():
                for path, job in jobs:
                    job.set_result([] if self._closing else self._read_file_ahead(path, pages_of))
        finally:
            for _, job in jobs:
                if not job.done():
                    job.set_result([])

    def _read_file_ahead(self, path: str, pages_of) -> list[Future]:
        futures: list[Future] = []
        try:
            if os.path.getsize(path) > _READ_AHEAD_BYTES:
                return futures
            data = Path(path).read_bytes()
            if not is_image(data):
                return futures
            sha = hashlib.sha256(data).hexdigest()
            pages = [(page_key(sha, page, self.languages), render) for page, render in pages_of(data, path)]
            todo = [(key, render) for key, render in pages if self._cached(key, count=False) is None]
            for key, render in todo:
                with self._ready:  # read ahead no further than two batches per worker
                    while len(self._queue) >= 2 * self.batch * self.workers and not self._closing:
                        self._ready.wait(0.5)
                    if self._closing:
                        return futures
                futures.append(self._submit(key, render()))
        except Exception:  # noqa: BLE001 - reading ahead only saves time; the file's own reading reports errors
            pass
        return futures

    @contextmanager
    def _producing(self):
        """While pages are being rendered and queued: workers then wait a moment to take a whole batch."""
        with self._ready:
            self._producers += 1
        try:
            yield
        finally:
            with self._ready:
                self._producers -= 1
                self._ready.notify_all()

    def wait_for(self, path: str) -> None:
        """Wait until a file read ahead is done (its pages are then in the cache)."""
        job = self._jobs.pop(path, None)
        if job is not None:
            self._wait([job])
            if not job.cancelled() and job.exception() is None:
                self._wait(job.result())

    def _path(self, key: str) -> Path:
        return self.cache / key[:2] / f"{key}.txt"

    # -- the workers: one Tesseract process per batch of pages -----------------------------------------------
    def _submit(self, key: str, image: bytes) -> Future:
        """Queue a page image for the workers (spooled to a file: Tesseract reads a batch as a list of files)."""
        future: Future = Future()
        with self._ready:
            self._start()
            self._spooled += 1
            path = Path(self._spool.name) / f"{self._spooled}.img"
            path.write_bytes(image)
            self._submitted += 1
            self._queue.append((key, path, future))
            self._ready.notify_all()
        return future

    def _start(self) -> None:
        if self._spool is None:
            self._spool = tempfile.TemporaryDirectory(prefix="search-engine-ocr-")
        while len(self._workers) < self.workers:
            worker = threading.Thread(target=self._work, name=f"tesseract-{len(self._workers)}", daemon=True)
            self._workers.append(worker)
            worker.start()

    def _work(self) -> None:
        """A worker: takes its share of the queued pages (a batch: no more than :attr:`batch`, and no more than
        the queue divided among the idle workers, so that every core gets pages) and reads them in one process."""
        while True:
            with self._ready:
                while not self._queue and not self._closing:
                    self._ready.wait()
                # while a file's pages are still being rendered, wait a moment for a batch's worth of them
                lingered = time.monotonic() + self.linger
                while (self._producers and len(self._queue) < self.batch * (self.workers - self._busy)
                       and not self._closing and time.monotonic() < lingered):
                    self._ready.wait(lingered - time.monotonic())
                if not self._queue:
                    if self._closing:
                        return
                    continue
                share = -(-len(self._queue) // max(1, self.workers - self._busy))
                batch = [self._queue.popleft() for _ in range(min(self.batch, share))]
                self._busy += 1
                self._ready.notify_all()
            batch = [(key, path, future) for key, path, future in batch if future.set_running_or_notify_cancel()]
            try:
                self._read_batch(batch)
            except BaseException as e:  # noqa: BLE001 - no page may wait for ever on a worker that died
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(OcrError(f"Tesseract could not read the page: {e}"))
            finally:
                for _, path, _ in batch:
                    path.unlink(missing_ok=True)
                with self._ready:
                    self._busy -= 1

    def _read_batch(self, batch: list) -> None:
        """Read pages in one process; when it stops at a page, the pages before it are kept, that page is read
        alone (its own error then names it) and the pages after it are read on."""
        todo = list(batch)
        for _, path, _ in todo:
            _fit(path)
        while todo:
            texts, error = self._tesseract([path for _, path, _ in todo])
            for (key, _, future), text in zip(todo, texts, strict=False):  # texts: the pages read
                self._finish(key, future, text)
            todo = todo[len(texts):]
            if error is None or not todo:
                continue
            key, path, future = todo.pop(0)
            if len(texts) == 0 and not todo:  # it was read alone: the error is its own
                self._finish(key, future, None, error)
                continue
            alone, error = self._tesseract([path])
            self._finish(key, future, alone[0] if alone else None, error)

    def _tesseract(self, paths: list[Path]) -> tuple[list[str], str | None]:
        """The text of each page Tesseract read of ``paths`` (one process, the pages given as a list of files,
        their texts parted by Tesseract's page separator), and the error that stopped it (None when none did)."""
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        if len(paths) == 1:
            source, listing = str(paths[0]), None
        else:
            listing = paths[0].with_suffix(".list")
            listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
            source = str(listing)
        limit = PAGE_SECONDS * len(paths)
        error: str | None = None
        try:
            done = subprocess.run([self.command, source, "-", "-l", self.languages], capture_output=True, env=env,
                                  timeout=limit)
            out, code, err = done.stdout, done.returncode, done.stderr
        except subprocess.TimeoutExpired as e:
            out, code, err = e.stdout or b"", None, b""
            error = f"Tesseract did not finish a page in {PAGE_SECONDS} s"
        except OSError as e:
            return [], f"Tesseract does not run: {e}"
        finally:
            if listing is not None:
                listing.unlink(missing_ok=True)
        chunks = out.decode("utf-8", errors="replace").split("\f")
        if code == 0 and len(chunks) == len(paths):
            return chunks, None
        if code == 0 and len(paths) == 1:  # a page that holds a form feed of its own
            return ["".join(chunks)], None
        if error is None:
            # the first cause Tesseract (or the image library under it) gives, without the spool's file names
            lines = [line.replace(f"{self._spool.name}/", "") for line in err.decode(errors="replace").splitlines()
                     if line.strip() and not line.startswith(_NOT_A_CAUSE)]
            error = f"Tesseract could not read the page: {lines[0] if lines else f'exit status {code}'}"
        return chunks[:-1], error  # the text after the last separator may be cut short: that page is read again

    def _finish(self, key: str, future: Future, text: str | None, error: str | None = None) -> None:
        with self._lock:
            self._done += 1
            if text is not None:
                self.pages_read += 1
                self._fresh[key] = text
        if text is None:
            future.set_exception(OcrError(error or "Tesseract could not read the page"))
            return
        if self.cache is not None:
            path = self._path(key)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                partial.write_text(text, encoding="utf-8")
                os.replace(partial, path)
            except OSError:
                pass  # a cache that cannot be written costs time, not text
        future.set_result(text)

    def _wait(self, futures: list[Future], first: bool = False) -> None:
        """Wait for the pages (or the first of them), reporting progress from this thread every half second."""
        remaining = [f for f in futures if not f.done()]
        while remaining:
            done, _ = wait(remaining, timeout=0.5, return_when="FIRST_COMPLETED" if first else "ALL_COMPLETED")
            self._report()
            if first and done:
                return
            remaining = [f for f in remaining if not f.done()]
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            with self._lock:
                done, total = self._done, self._submitted
            if total:
                self.progress(done, total)

    # -- the cache -------------------------------------------------------------------------------------
    def prune(self, keep: Iterable[str]) -> int:
        """Remove cached pages not in ``keep`` (the pages of the files the index holds); how many were removed."""
        if self.cache is None or not self.cache.is_dir():
            return 0
        keep = set(keep)
        removed = 0
        for path in self.cache.glob("*/*"):
            key = path.name.split(".", 1)[0]
            stale_tmp = path.suffix == ".tmp" and time.time() - path.stat().st_mtime > 3600
            if (key not in keep and path.suffix == ".txt") or stale_tmp:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def close(self) -> None:
        """Stop reading: pages still queued are cancelled, the workers and the spool folder are gone."""
        with self._ready:
            self._closing = True
            for _, path, future in self._queue:
                future.cancel()
                path.unlink(missing_ok=True)
            self._queue.clear()
            self._ready.notify_all()
        if self._feeder is not None:
            self._feeder.shutdown(wait=True, cancel_futures=True)
            self._feeder = None
        for worker in self._workers:
            worker.join()
        self._workers = []
        if self._spool is not None:
            self._spool.cleanup()
            self._spool = None
        self._closing = False


def _fit(path: Path) -> None:
    """Scale a spooled page to the type size Tesseract needs (:mod:`.typesize`), in place."""
    data = path.read_bytes()
    fitted, _, factor = fit_page(data)
    if factor < 1.0:
        path.write_bytes(fitted)


def is_image(data: bytes) -> bool:
    """PNG, JPEG or TIFF, by the first bytes."""
    return data.startswith(_IMAGE_MAGIC)
