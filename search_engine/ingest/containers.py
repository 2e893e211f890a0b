"""Files that hold files: ZIP archives (nested folders too), e-mail attachments, the messages of an mbox.

Each member is read as the file it is, by the same readers; its documents name their container and the member
(``source`` = ``release-bundle.zip/release-2025/memo-a.txt``, ``doc_id`` = ``release-bundle/release-2025/memo-a``),
so a hit says where to find it, and they belong to the container's file in the index: updating the container
re-reads its members, removing it removes them. A member that cannot be read is skipped with its reason and
the others are read. An archive built to exhaust the reader (a bomb) is refused by name and reason, within
these limits:

- a member that unpacks to more than 64 MB (the limit of any one file) is refused;
- an archive of more than 10,000 members is refused whole;
- what one source file unpacks to, all members and nested archives together, stops at 1 GB: the members past
  it are refused;
- containers nest at most 4 deep (a ZIP in a ZIP in a ZIP in a ZIP); a container deeper is refused.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from ..errors import SourceError
from ..model import SkippedFile
from .sources import FOLDER_NOTES, MAX_BYTES, SOURCE_SUFFIXES, is_sidecar

MAX_MEMBERS = 10_000
MAX_INFLATED = 1024 * 1024 * 1024
MAX_DEPTH = 4
_MB = 1024 * 1024
# the parts of a Word, OpenDocument or EPUB file that its library parses whole: their sum is held to the limit
_PARSED_PARTS = (".xml", ".rels", ".xhtml", ".html", ".htm", ".opf", ".ncx")


@dataclass
class Budget:
    """What one source file may still unpack, and what its reading passed over."""

    inflated: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)

    def take(self, size: int, display: str) -> None:
        if self.inflated + size > MAX_INFLATED:
            raise SourceError(display, f"not unpacked: the file it is in unpacks to more than "
                                       f"{MAX_INFLATED // _MB} MB (the limit)", "too-large")
        self.inflated += size


def zip_kind(archive: zipfile.ZipFile) -> str:
    """``docx``, ``odt``, ``epub``, an OpenDocument or Office file of another kind (``xlsx``...), or ``zip``."""
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "mimetype" in names:
        try:
            info = archive.getinfo("mimetype")
            mimetype = archive.read(info).decode("ascii", "replace").strip() if info.file_size < 200 else ""
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError):
            mimetype = ""
        if mimetype == "application/epub+zip":
            return "epub"
        if mimetype.startswith("application/vnd.oasis.opendocument.text"):
            return "odt"
        if mimetype.startswith("application/vnd.oasis.opendocument."):
            return "opendocument " + mimetype.rsplit(".", 1)[-1]
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def check_package(archive: zipfile.ZipFile, display: str, kind: str) -> None:
    """Refuse a Word, OpenDocument or EPUB file whose parts would unpack past the limit, before its library
    reads them; and one that is encrypted."""
    parsed = 0
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise SourceError(display, f"encrypted {kind} file (needs a password)", "encrypted")
        if info.filename.lower().endswith(_PARSED_PARTS):
            parsed += info.file_size
    if parsed > MAX_BYTES:
        raise SourceError(display, f"its text unpacks to {parsed // _MB} MB (the limit is {MAX_BYTES // _MB} MB)",
                          "too-large")


@dataclass(frozen=True)
class Member:
    """One file inside a container, ready to read."""

    name: str  # its path inside the container ("release-2025/memo-a.txt")
    data: bytes
    days: frozenset[date] = frozenset()  # the day it was packed: a property date that day is the packing's


def zip_members(archive: zipfile.ZipFile, display: str, budget: Budget):
    """Each member of a ZIP that is a source (others are skipped with their reason; hidden files, folders,
    sidecar files and a folder's notes are passed over as in a folder)."""
    infos = archive.infolist()
    files = [info for info in infos if not info.is_dir()]
    if len(files) > MAX_MEMBERS:
        raise SourceError(display, f"ZIP archive of {len(files)} members (the limit is {MAX_MEMBERS}): refused as a "
                                   "possible zip bomb", "too-large")
    for info in files:
        name = _member_name(info.filename)
        if name is None:
            continue
        shown = f"{display}/{name}"
        path = PurePosixPath(name)
        if is_sidecar(path.name) or path.stem.lower() in FOLDER_NOTES:
            continue
        try:
            if info.flag_bits & 0x1:
                raise SourceError(shown, "encrypted member of the ZIP (needs a password)", "encrypted")
            if info.file_size > MAX_BYTES:
                raise SourceError(shown, f"too large: unpacks to {info.file_size // _MB} MB (the limit is "
                                         f"{MAX_BYTES // _MB} MB)", "too-large")
            budget.take(info.file_size, shown)
            data = archive.read(info)
        except SourceError as e:
            budget.skipped.append(SkippedFile(e.path, e.reason, guess_format(name), kind=e.kind))
            continue
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as e:
            budget.skipped.append(SkippedFile(shown, f"damaged member of the ZIP: {e}", guess_format(name)))
            continue
        try:
            packed = frozenset({date(*info.date_time[:3])})
        except ValueError:
            packed = frozenset()
        yield Member(name, data, packed)


def _member_name(raw: str) -> str | None:
    """A member's path as shown and used in ids: ``/`` separators, no ``.`` or ``..`` or empty parts; None for
    what is passed over (hidden files and folders, macOS resource forks)."""
    parts = [p for p in raw.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return None
    return "/".join(parts)


def guess_format(name: str) -> str:
    return SOURCE_SUFFIXES.get(PurePosixPath(name).suffix.lower(), "other")


def open_zip(data: bytes | None, path: str | None, display: str, what: str = "a ZIP archive") -> zipfile.ZipFile:
    """The archive; SourceError naming it as what it is named (``a Word file``) when it cannot be opened."""
    try:
        return zipfile.ZipFile(path if path is not None else io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as e:
        reason = "cut short, or not a ZIP at all" if "not a zip file" in str(e).lower() else str(e)
        raise SourceError(display, f"damaged {what.split(' ', 1)[1]}: {reason}") from None
