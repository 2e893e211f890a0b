"""Running Tesseract on page images: one process per core, each page's text kept by the hash of its file.

Tesseract is Debian's ``tesseract-ocr`` command, run as ``tesseract - - -l LANGS`` with the page image (PNG)
on its standard input. Each process is given ``OMP_THREAD_LIMIT=1``: its own OpenMP threads only fight over the
cores, so pages run side by side instead, one process per core (measured: a dense page costs 2-4 s of one
core; with Tesseract's threads on two shared cores, 14-16 s). A page's text is written to the cache folder
under the SHA-256 of the file it comes from, its page and the languages, so an unchanged scan is never read
twice, whatever the index does with it (``--rebuild`` too).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterable

INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus"
# the languages read when none is set: those of these that are installed. With both, Tesseract picks per word
# (measured on a page of English: no slower, and the same words right, as English alone)
DEFAULT_LANGUAGES = ("eng", "rus")
PAGE_SECONDS = 300  # a page Tesseract has not read in this long is given up (a damaged image can hang it)
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
    """

    def __init__(self, languages: str | None = None, cache: str | os.PathLike | None = None,
                 workers: int | None = None, progress: OcrProgress | None = None):
        self.command = shutil.which("tesseract")
        self.requested = languages
        self.cache = Path(cache) if cache else None
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.progress = progress
        self.used: set[str] = set()  # cache keys of the pages of this build
        self.pages_read = 0  # pages Tesseract read in this build (not from the cache)
        self.pages_cached = 0
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
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
        of the PNG that ``render()`` returns. Pages are rendered here, one at a time (renderers such as PDFium are
        not thread-safe), and read side by side; at most two pages per worker wait rendered in memory."""
        if self.problem:
            raise OcrError(self.problem)
        results: list[tuple[str, str | Future]] = []
        pending: list[Future] = []
        for page, render in pages:
            key = page_key(file_sha256, page, self.languages)
            cached = self._cached(key)
            if cached is not None:
                results.append((page, cached))
                continue
            while len(pending) >= 2 * self.workers:
                self._wait(pending, first=True)
                pending = [f for f in pending if not f.done()]
            future = self._submit(key, render())
            results.append((page, future))
            pending.append(future)
        self._wait(pending)
        return [(page, value if isinstance(value, str) else value.result()) for page, value in results]

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
        """Start reading the image files among ``paths`` on the pool, so that a folder of one-page photos is
        read a page per core while the build reads the files in turn; :meth:`wait_for` is then called before
        a file is read. ``pages_of(data, path)`` lists a file's (page, render) as :meth:`read_pages` takes them."""
        if self.problem:
            return
        for path in paths:
            if path in self._jobs or not str(path).lower().endswith(IMAGE_SUFFIXES):
                continue
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="tesseract")
            self._jobs[path] = self._pool.submit(self._read_ahead, path, pages_of)

    def _read_ahead(self, path: str, pages_of) -> None:
        try:
            if os.path.getsize(path) > _READ_AHEAD_BYTES:
                return
            data = Path(path).read_bytes()
            if not is_image(data):
                return
            sha = hashlib.sha256(data).hexdigest()
            pages = [(page_key(sha, page, self.languages), render) for page, render in pages_of(data, path)]
            todo = [(key, render) for key, render in pages if self._cached(key, count=False) is None]
            with self._lock:
                self._submitted += len(todo)
            for key, render in todo:
                self._run(key, render())
        except Exception:  # noqa: BLE001 - reading ahead only saves time; the file's own reading reports errors
            return

    def wait_for(self, path: str) -> None:
        """Wait until a file read ahead is done (its pages are then in the cache)."""
        job = self._jobs.pop(path, None)
        if job is not None:
            self._wait([job])

    def _path(self, key: str) -> Path:
        return self.cache / key[:2] / f"{key}.txt"

    def _submit(self, key: str, image: bytes) -> Future:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="tesseract")
        with self._lock:
            self._submitted += 1
        return self._pool.submit(self._run, key, image)

    def _run(self, key: str, image: bytes) -> str:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        try:
            done = subprocess.run([self.command, "-", "-", "-l", self.languages], input=image, capture_output=True,
                                  env=env, timeout=PAGE_SECONDS)
        except subprocess.TimeoutExpired:
            raise OcrError(f"Tesseract did not finish a page in {PAGE_SECONDS} s") from None
        except OSError as e:
            raise OcrError(f"Tesseract does not run: {e}") from None
        finally:
            with self._lock:
                self._done += 1
        if done.returncode != 0:
            message = [line for line in done.stderr.decode(errors="replace").splitlines() if line.strip()]
            raise OcrError(f"Tesseract could not read a page: {message[-1] if message else done.returncode}")
        text = done.stdout.decode("utf-8", errors="replace").replace("\f", "")
        with self._lock:
            self.pages_read += 1
            self._fresh[key] = text
        if self.cache is not None:
            path = self._path(key)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                partial.write_text(text, encoding="utf-8")
                os.replace(partial, path)
            except OSError:
                pass  # a cache that cannot be written costs time, not text
        return text

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
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def is_image(data: bytes) -> bool:
    """PNG, JPEG or TIFF, by the first bytes."""
    return data.startswith(_IMAGE_MAGIC)
