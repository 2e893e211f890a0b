"""Keep an index current as its sources change: file-system events, coalesced into batches, each published by
the ordinary update (``build`` of the folders and files that changed), so a batch is atomic like any update.

The events come from ``watchdog`` (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows; a
polling observer where none is available). A burst of events (an editor's save writes, renames and deletes;
a folder copied in) is gathered until the sources have been quiet for ``quiet`` seconds, or ``longest`` seconds
have passed since the first event, then published as one update. What a batch updates is the folder each
changed file lies in (its listing and the stat of each file say what changed, and only those files are
opened), so a deletion, a move or a new file is found the same way a later ``index`` would find it, and the
rules of ``index`` hold: hidden files and a folder's notes are passed over, and documents are never dropped
because a folder is unmounted (a missing source is left as it is). A Zotero library or Tropy project among the
sources is updated as a whole when anything in it changes (its database is re-read through the library update,
which reads only the items that changed).
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..errors import SearchEngineError
from ..model import IndexSummary

QUIET = 0.3  # seconds without an event that end a batch
LONGEST = 1.5  # seconds after a batch's first event it is published, however busy the sources are


@dataclass(frozen=True)
class Batch:
    """One published update: the folders and files it updated, and what the update said (or the error)."""

    paths: tuple[str, ...]
    summary: IndexSummary | None
    error: SearchEngineError | None = None


def watch(index_dir: Path, sources: Iterable[str], update: Callable[[list[str]], IndexSummary], *,
          stop: threading.Event, on_batch: Callable[[Batch], None] | None = None,
          on_start: Callable[[list[str]], None] | None = None, quiet: float = QUIET, longest: float = LONGEST,
          polling: bool = False) -> None:
    """Watch ``sources`` (absolute paths the index remembers) until ``stop`` is set, calling ``update(paths)`` for
    each batch of changes (the API's ``index(paths)``) and ``on_batch`` with its result."""
    from watchdog.events import FileSystemEventHandler

    if polling:
        from watchdog.observers.polling import PollingObserver as Observer
    else:
        from watchdog.observers import Observer

    roots = [_Root(Path(s)) for s in sources]
    index_dir = Path(os.path.abspath(index_dir))
    events: queue.Queue[str] = queue.Queue()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write"):  # reads (our own update's among them)
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    events.put(os.fsdecode(path))

    observer = Observer()
    watched = []
    for root in roots:
        where = root.watched_folder()
        if where is not None:
            try:
                observer.schedule(Handler(), str(where), recursive=root.path.is_dir())
            except OSError as e:  # inotify's limit on watched folders, a folder that cannot be read
                raise SearchEngineError(f"cannot watch {where}: {e.strerror or e} (on Linux, a large tree may "
                                        "need a higher fs.inotify.max_user_watches; or watch with --poll)") from e
            watched.append(str(root.path))
    observer.start()
    try:
        if on_start is not None:
            on_start(watched)
        while not stop.is_set():
            try:
                first = events.get(timeout=0.2)
            except queue.Empty:
                continue
            changed = {first}
            started = last = time.monotonic()
            while time.monotonic() - started < longest and not stop.is_set():
                try:
                    changed.add(events.get(timeout=max(0.01, min(quiet - (time.monotonic() - last),
                                                                  longest - (time.monotonic() - started)))))
                    last = time.monotonic()
                except queue.Empty:
                    if time.monotonic() - last >= quiet:
                        break
            paths = _to_update(changed, roots, index_dir)
            if not paths:
                continue
            try:
                batch = Batch(tuple(paths), update(paths))
            except SearchEngineError as error:
                batch = Batch(tuple(paths), None, error)
            if on_batch is not None:
                on_batch(batch)
    finally:
        observer.stop()
        observer.join(timeout=10)


class _Root:
    """A source the index remembers: a folder, a file, or a library (a Zotero data folder, a Tropy project)."""

    def __init__(self, path: Path):
        from ..ingest.library import library_kind

        self.path = path
        self.library = library_kind(path) is not None if path.exists() else False

    def watched_folder(self) -> Path | None:
        """What the observer watches: the folder (recursively), or the folder a file lies in; None when the
        source is not there (an unmounted drive: nothing to watch, nothing dropped)."""
        if self.path.is_dir():
            return self.path
        if self.path.is_file():
            return self.path.parent
        return None

    def update_for(self, changed: Path) -> Path | None:
        """What to update for a change at ``changed`` (a path under the watched folder), or None."""
        if self.path.is_file() or self.library:  # a file source, a .tpy project, a Zotero data folder
            if changed == self.path or (self.library and _within(changed, self.path)):
                return self.path if self.path.exists() else None
            if self.path.suffix and changed.parent == self.path.parent and changed.name.startswith(self.path.name):
                return self.path if self.path.exists() else None  # its journal or sidecar (x.tpy-wal, x.md.yaml)
            return None
        if not _within(changed, self.path):
            return None
        # the folder the change happened in (the nearest one still there, a deleted folder's parent): its listing
        # says what was added, changed or removed
        if not self.path.is_dir():
            return None  # the source itself is gone (unmounted): its documents stay, as `index` keeps them
        folder = changed if changed.is_dir() else changed.parent
        while not folder.is_dir():
            folder = folder.parent
        return folder if _within(folder, self.path) else self.path


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _to_update(changed: set[str], roots: list[_Root], index_dir: Path) -> list[str]:
    """The folders and files one batch updates: none inside another, nothing of the index's own folder."""
    found: set[Path] = set()
    for raw in changed:
        path = Path(raw)
        if _within(path, index_dir) or any(part.startswith(".") and part not in (".", "..") for part in
                                           path.parts[-1:]):
            continue  # the index writing its generation; an editor's hidden swap and lock files
        if path.name.endswith("~"):
            continue
        for root in roots:
            target = root.update_for(path)
            if target is not None:
                found.add(target)
                break
    ordered = sorted(found, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for p in ordered:
        if not any(_within(p, k) for k in kept):
            kept.append(p)
    return [str(p) for p in kept]
