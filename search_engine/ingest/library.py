"""A reference manager's library as a source: a Zotero data folder, a Tropy project.

A library is read from its database and the files it names, never written: the database is copied (with its
journal or write-ahead log, so that the copy opens at the last committed state) and the copy is read, because a
running Zotero holds ``zotero.sqlite`` under an exclusive lock that even a read-only connection cannot pass.
Each item of a library becomes one *entry* of the build, as a file of a folder does: its key is a path under
the library (``~/Zotero/zotero.sqlite/items/ABCD2345``), its fingerprint stands for the item's metadata and
the size and time of each file it reads, and only entries whose fingerprint changed are read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from ..errors import SourceError
from ..model import Document, Paragraph, SkippedFile

ZOTERO_DATABASE = "zotero.sqlite"
TROPY_DATABASE = "project.tpy"  # inside a .tropy project folder


def library_kind(path: str | os.PathLike) -> str | None:
    """``zotero`` for a folder holding ``zotero.sqlite``, ``tropy`` for a ``.tpy`` file or a ``.tropy`` folder
    holding ``project.tpy``; None for anything else."""
    p = Path(path)
    if p.is_dir():
        if (p / ZOTERO_DATABASE).is_file():
            return "zotero"
        if (p / TROPY_DATABASE).is_file():
            return "tropy"
        return None
    if p.suffix.lower() == ".tpy" and p.is_file():
        return "tropy"
    if p.name == ZOTERO_DATABASE and p.is_file():
        return "zotero"
    return None


@dataclass
class Entry:
    """One item of a library, as the build sees it: where it is, what stands for its content, how to read it."""

    path: str  # the entry's key: a path under the library's own (``.../zotero.sqlite/items/KEY``)
    fingerprint: str  # SHA-256 of the item's metadata and of the size and time of each file it reads
    size: int  # bytes of the files it reads (progress is counted in bytes)
    read: Callable[[object], object]  # ReadOptions -> FileContents
    format: str = ""  # zotero, tropy
    library: str = ""  # the library it belongs to (the data folder, the project), absolute
    files: tuple[str, ...] = ()  # the files it reads (attachments, photos), absolute: no folder walk reads them again


@dataclass
class Library:
    """What a library holds: its entries, and what was left out of it (the trash) as skipped files."""

    root: str
    kind: str  # zotero, tropy
    entries: list[Entry] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files it holds that no entry reads (a trashed item's photos)


def folder_library(folder: str, names) -> str | None:
    """``zotero`` or ``tropy`` when a folder met in a walk is a library (a Zotero data folder: it holds
    ``zotero.sqlite``; a Tropy project folder: ``NAME.tropy`` holding ``project.tpy``), from the names of the
    files it holds; a ``.tpy`` file found beside other files is a library of its own (see :func:`library_kind`)."""
    if ZOTERO_DATABASE in names:
        return "zotero"
    if folder.lower().endswith(".tropy") and TROPY_DATABASE in names:
        return "tropy"
    return None


def enclosing_library(path: str) -> str | None:
    """The library folder a path lies in (``~/Zotero/storage/ABCD2345/letter.pdf`` is in ``~/Zotero``), or
    None."""
    p = Path(path)
    for folder in (p, *p.parents) if p.is_dir() else p.parents:
        try:
            names = {entry.name for entry in os.scandir(folder) if entry.name in (ZOTERO_DATABASE, TROPY_DATABASE)}
        except OSError:
            continue
        if folder_library(str(folder), names):
            return str(folder)
    return None


def open_library(root: str) -> Library:
    """The entries of the library at ``root``; SourceError naming it when it cannot be read (locked, damaged,
    a schema this version does not know)."""
    kind = library_kind(root)
    if kind == "zotero":
        from .zotero import read_zotero

        return read_zotero(root)
    if kind == "tropy":
        from .tropy import read_tropy

        return read_tropy(root)
    raise SourceError(root, "not a Zotero data folder or a Tropy project")


def fingerprint(*parts) -> str:
    """A stable hash of JSON-able parts (an item's metadata, its files' sizes and times)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def file_state(path: str) -> list | None:
    """[size, mtime in ns] of a file, None when it is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


COPY_ATTEMPTS = 5


@contextmanager
def snapshot(database: str, display: str) -> Iterator[sqlite3.Connection]:
    """A connection to a private copy of a SQLite database, at its last committed state.

    The file is copied with its rollback journal or write-ahead log: opening the copy rolls an interrupted
    write back, or replays the log, as SQLite does for the file itself. A copy that the owner wrote to
    while it was taken (its size or time changed) is taken again. The library itself is only ever read."""
    tmp = tempfile.mkdtemp(prefix="search-engine-library-")
    try:
        copy = os.path.join(tmp, os.path.basename(database))
        for _ in range(COPY_ATTEMPTS):
            before = _states(database)
            if before[0] is None:
                raise SourceError(display, "the database file is missing", "unreadable")
            try:
                for suffix, state in zip(_COMPANIONS, before, strict=True):
                    target = copy + suffix
                    if os.path.exists(target):
                        os.remove(target)
                    if state is not None:
                        shutil.copyfile(database + suffix, target)
            except OSError as e:
                raise SourceError(display, f"cannot read the database: {e.strerror or e}", "unreadable") from e
            if _states(database) == before:
                break
        else:
            raise SourceError(display, f"the database kept changing while it was read ({COPY_ATTEMPTS} attempts); "
                                       "try again when the program using it is idle", "unreadable")
        try:
            connection = sqlite3.connect(copy)
            connection.execute("PRAGMA query_only = ON")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            raise SourceError(display, f"damaged database: {e}", "damaged") from e
        try:
            yield connection
        except sqlite3.DatabaseError as e:
            raise SourceError(display, f"damaged database: {e}", "damaged") from e
        finally:
            connection.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_COMPANIONS = ("", "-journal", "-wal")


def _states(database: str) -> list:
    return [file_state(database + suffix) for suffix in _COMPANIONS]


def columns(connection: sqlite3.Connection, table: str) -> set[str]:
    """The columns of a table (empty when there is no such table)."""
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def attachment_paragraphs(path: str, options, display: str) -> tuple[list[Paragraph], list, list[str]]:
    """The paragraphs (with their pages) and footnotes of a file a library item holds, read by the reader of
    its format; raises SourceError when it cannot be read."""
    from .readers import read_file

    contents = read_file(path, options, finish=False)  # the item's language and references are found once (finish)
    paragraphs: list[Paragraph] = []
    notes = []
    for doc in contents.documents:
        paragraphs.extend(doc.paragraphs)
        notes.extend(doc.footnotes)
    if not paragraphs:
        first = contents.skipped[0] if contents.skipped else None
        raise SourceError(display, first.reason if first else "no body text found", first.kind if first else "empty")
    return paragraphs, notes, contents.ocr_pages


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: blocks between blank lines, hard-wrapped lines joined."""
    blocks = [" ".join(line.strip() for line in block.splitlines() if line.strip())
              for block in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of a note written in HTML (Zotero's notes): each block element's text, in order."""
    import lxml.html
    from lxml import etree

    if not html or not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return text_paragraphs(html)
    blocks = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "div", "td", "th", "dt", "dd"}
    out: list[str] = []

    def walk(element) -> None:
        inner_blocks = [c for c in element if isinstance(c.tag, str) and c.tag in blocks]
        if element.tag in blocks and not inner_blocks:
            text = " ".join(element.text_content().split())
            if text:
                out.append(text)
            return
        if element.text and element.text.strip() and element.tag in blocks:
            out.append(" ".join(element.text.split()))
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail and child.tail.strip():
                out.append(" ".join(child.tail.split()))

    walk(root)
    return out


class Assembler:
    """The paragraphs of one item, gathered from its files, notes and annotations in turn: numbered in
    order, each with the page, link and photo it came from; footnotes of later files renumbered apart."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.footnotes: list = []
        self._parts = 0

    def add_texts(self, texts: list[str], page: str | None = None, link: str = "", image: str = "") -> None:
        for text in texts:
            self.paragraphs.append(Paragraph(len(self.paragraphs) + 1, text, page=page, link=link, image=image))

    def add_file(self, paragraphs: list[Paragraph], notes: list, link: Callable[[str | None], str],
                 image: str = "") -> None:
        """A file's paragraphs; ``link(page)`` gives the address of each paragraph's page."""
        self._parts += 1
        offset = len(self.paragraphs)
        prefix = "" if not self.footnotes else f"{self._parts}."
        for p in paragraphs:
            self.paragraphs.append(replace(p, number=offset + p.number, link=link(p.page), image=image,
                                           footnotes=tuple(prefix + n for n in p.footnotes)))
        for note in notes:
            self.footnotes.append(replace(note, number=prefix + note.number,
                                          paragraph=None if note.paragraph is None else note.paragraph + offset))


def finish(doc: Document) -> Document:
    """The language of an item's text and the references it makes, as every other document gets them."""
    from ..analysis.languages import dominant_language
    from .references import find_references

    if not doc.language:
        doc = replace(doc, language=dominant_language([p.text for p in doc.paragraphs]))
    return replace(doc, references=find_references(doc))


def slug(text: str) -> str:
    """A name as it can stand in a document id: lower case, letters and digits, hyphens between."""
    import re

    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-") or "library"
