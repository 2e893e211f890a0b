"""A published generation's SQLite file (the words table, the connections' store), read-only.

Opened on first use, one connection shared by the threads of an engine; an error reading it says the index is
damaged (``IndexCorruptError`` through :func:`.layout.damaged`).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from .layout import damaged


def open_readonly(path: Path) -> sqlite3.Connection:
    # immutable: the file never changes once published, so SQLite takes no lock and writes nothing
    return sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)


class PublishedDatabase:
    """A published SQLite file, opened read-only on first use (a reader never writes into the index); a file
    that is not there (an index written before it existed) reads as empty."""

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one connection, shared by the threads of an engine
        self._closing = False  # close() came while a query held the connection: the query closes it

    def _rows(self, sql: str, args=()) -> list[tuple]:
        with self._lock:
            if self._db is None:
                if not self.path.is_file():
                    return []
                try:
                    self._db = open_readonly(self.path)
                except sqlite3.Error as e:
                    raise damaged(f"cannot open {self.path.parent.name}/{self.path.name} ({e})") from e
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as e:
                raise damaged(f"cannot read {self.path.parent.name}/{self.path.name} ({e})") from e
            finally:
                if self._closing:
                    self._close_db()

    def close(self) -> None:
        """Close the connection; a query running now (on another thread, or on this one when an engine's
        finalizer runs in the middle of it) closes it when it ends: never wait here, or such a finalizer
        would wait for its own thread."""
        if not self._lock.acquire(blocking=False):
            self._closing = True
            return
        try:
            self._close_db()
        finally:
            self._lock.release()

    def _close_db(self) -> None:
        self._closing = False
        if self._db is not None:
            self._db.close()
            self._db = None
