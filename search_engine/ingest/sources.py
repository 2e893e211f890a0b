"""Find source files, read their bytes and decode them to text."""

from __future__ import annotations

import codecs
import hashlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import SourceError, SourceWarning
from ..model import SkippedFile

# what a folder is searched for; the format of each file is then told by its content (see readers)
SOURCE_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                   ".tex": "latex", ".latex": "latex", ".ltx": "latex", ".rst": "rst", ".rest": "rst",
                   ".adoc": "asciidoc", ".asciidoc": "asciidoc", ".asc": "asciidoc", ".html": "html",
                   ".htm": "html", ".xhtml": "html", ".xml": "xml", ".tei": "tei", ".pdf": "pdf",
                   ".docx": "docx", ".odt": "odt", ".rtf": "rtf", ".epub": "epub", ".eml": "email", ".mbox": "mbox",
                   ".zip": "zip", ".csv": "table", ".tsv": "table", ".png": "scan", ".jpg": "scan", ".jpeg": "scan", ".tif": "scan", ".tiff": "scan"}
# files a folder often holds beside its sources that this engine does not read, with what to do about them
UNSUPPORTED = {".doc": "an old Word file (.doc): save it as .docx", ".wpd": "a WordPerfect file: save it as .docx",
               ".msg": "an Outlook message (.msg): save it as .eml", ".pages": "a Pages file: export it as .docx",
               ".xls": "a spreadsheet (save it as CSV)", ".xlsx": "a spreadsheet (save it as CSV)", ".ods": "a spreadsheet (save it as CSV)",
               ".ppt": "a presentation", ".pptx": "a presentation", ".odp": "a presentation",
               ".gif": "a GIF image (save scans as PNG, JPEG or TIFF)", ".bmp": "a BMP image (save scans as PNG)",
               ".webp": "a WebP image (save scans as PNG)", ".heic": "a HEIC photo (save it as JPEG)",
               ".rar": "a RAR archive (unpack it, or repack it as .zip)", ".7z": "a 7-Zip archive (repack it as .zip)",
               ".tar": "a tar archive (unpack it)", ".gz": "a gzip file (unpack it)"}
SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")
# files that describe a folder rather than belong to it (SOURCE.md beside a corpus, a README): passed over in
# folders, read when named on their own
FOLDER_NOTES = frozenset({"readme", "source", "sources", "license", "licence", "copying", "notice", "changelog",
                          "authors", "contributing"})
MAX_BYTES = 64 * 1024 * 1024  # the most of one file (or one member of a container) read into memory


def is_sidecar(name: str) -> bool:
    """``letter.meta.json``: metadata for ``letter.pdf`` (or ``letter.pdf.meta.json``), not a source."""
    return name.lower().endswith(SIDECAR_SUFFIXES)


def name_parts(name: str) -> tuple[str, str]:
    """(stem, suffix) of a file name as :class:`pathlib.PurePath` gives them ("a.tar.gz" -> "a.tar", ".gz"; ".notes"
    and "README." have no suffix), without making a path object: a folder walk asks for every file's."""
    i = name.rfind(".")
    if 0 < i < len(name) - 1:
        return name[:i], name[i:]
    return name, ""


def sidecar_for(path: str, listing: Callable[[str], frozenset[str] | None] | None = None) -> Path | None:
    """The metadata file beside ``path``, if there is one: NAME.EXT.meta.json or NAME.meta.json (or .yaml).

    ``listing`` (a folder -> the case-folded names in it, as :class:`FolderNames` gives them) spares the six
    look-ups of a file that has none: a folder of thousands of files is listed once, not stat'ed six times a file.
    """
    folder, name = os.path.split(path)
    names = listing(folder) if listing is not None else None
    for base in (name, name_parts(name)[0]):
        for suffix in SIDECAR_SUFFIXES:
            if names is not None and (base + suffix).casefold() not in names:
                continue  # (a name found is still checked as it is written: the file system decides the case)
            candidate = Path(path).with_name(base + suffix)
            if candidate.is_file():
                return candidate
    return None


class FolderNames:
    """Each folder's names, case-folded, listed once (for :func:`sidecar_for` over many files of one build); None
    for a folder that cannot be listed."""

    def __init__(self) -> None:
        self._names: dict[str, frozenset[str]] = {}

    def __call__(self, folder: str) -> frozenset[str] | None:
        names = self._names.get(folder)
        if names is None:
            try:
                names = frozenset(n.casefold() for n in os.listdir(folder or "."))
            except OSError:  # not listable: each name is looked up
                return None
            self._names[folder] = names
        return names


@dataclass(frozen=True)
class Source:
    """One file to index: where it is, its content hash, and its decoded text."""

    path: str  # as the user named it (relative where it was given relative)
    sha256: str
    text: str
    encoding: str

    @property
    def stem(self) -> str:
        return Path(self.path).stem


def discover(paths: list[str | os.PathLike], libraries: list[str] | None = None) -> tuple[list[str], list[SkippedFile]]:
    """Expand files and folders (recursively) into the source files they hold, sorted and de-duplicated.

    Hidden files and folders, sidecar metadata files and a folder's own notes (README, SOURCE, LICENSE...)
    are passed over; a file of a type this engine does not read and a path that does not exist are reported
    as skipped. With a ``libraries`` list, the libraries met inside the folders (a Zotero data folder, a Tropy
    project folder or ``.tpy`` file: see ingest.library) are appended to it, and their folders not walked.
    """
    from .library import folder_library

    found: dict[str, None] = {}
    skipped: list[SkippedFile] = []

    def unreadable(error: OSError) -> None:
        skipped.append(SkippedFile(printable(str(error.filename)), f"cannot read the folder: {error.strerror}",
                                   kind="unreadable"))

    for given in paths:
        p = Path(given)
        if p.is_dir():
            seen_dirs: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, onerror=unreadable, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen_dirs:  # a symlink loop
                    dirs[:] = []
                    continue
                seen_dirs.add((st.st_dev, st.st_ino))
                if libraries is not None and folder_library(root, files):
                    libraries.append(root)  # read as a library: its items, not its files
                    dirs[:] = []
                    continue
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                folder = str(Path(root))  # (as a path object writes it; each file's name is joined to it as text)
                for name in sorted(files):
                    stem, suffix = name_parts(name)
                    if name.startswith(".") or is_sidecar(name) or stem.lower() in FOLDER_NOTES:
                        continue
                    if libraries is not None and name.lower().endswith(".tpy"):
                        libraries.append(os.path.join(folder, name))
                        continue
                    if suffix.lower() in SOURCE_SUFFIXES:
                        found[os.path.join(folder, name)] = None
                    else:
                        skipped.append(unsupported(os.path.join(folder, name)))
        elif p.is_file():
            found[str(p)] = None
        else:
            skipped.append(SkippedFile(str(p), "no such file or folder", kind="unreadable"))
    for path in [path for path in found if printable(path) != path]:
        del found[path]
        skipped.append(SkippedFile(printable(path), "its path is not valid UTF-8 (shown here as \\xNN): rename it",
                                   SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "other"), kind="unreadable"))
    return sorted(found), skipped


def unsupported(path: str) -> SkippedFile:
    """A file found in a folder that is of no type this engine reads."""
    suffix = Path(path).suffix.lower()
    what = UNSUPPORTED.get(suffix) or (f"{suffix} files are not read" if suffix else "no file extension")
    return SkippedFile(printable(_shown(path)), f"unsupported type: {what}", suffix.lstrip(".") or "other",
                       kind="unsupported")


def _shown(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def printable(path: str) -> str:
    """A path as text that can be written anywhere: bytes of its name that are not UTF-8 (which Python holds
    as surrogates) shown as ``\\xff``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_stamp(path: str, listing: Callable[[str], frozenset[str] | None] | None = None) -> list[int]:
    """[inode, size, modification time in ns] of a source file, and of its sidecar metadata file if any: what
    tells, without opening either, that they are as they were when they were hashed (``listing``: see
    :func:`sidecar_for`)."""
    stamp: list[int] = []
    for p in (path, sidecar_for(path, listing)):
        if p is not None:
            st = os.stat(p)
            stamp += [st.st_ino, st.st_size, st.st_mtime_ns]
    return stamp


def file_hash(path: str) -> str:
    """SHA-256 of a source file and of its sidecar metadata file, if any: a change to either re-reads it."""
    h = hashlib.sha256()
    for p in (path, sidecar_for(path)):
        if p is None:
            continue
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes; SourceError for a file that is unreadable, too large or empty."""
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise SourceError(path, f"file too large ({size // (1024 * 1024)} MB; the limit is {limit // (1024 * 1024)} MB)",
                              "too-large")
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise SourceError(path, e.strerror or str(e), "unreadable") from e
    if not data.strip():
        raise SourceError(path, "empty file", "empty")
    return data


def read_head(path: str, size: int = 8192) -> bytes:
    """The first bytes of a file, to tell its format before reading it whole."""
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except OSError as e:
        raise SourceError(path, e.strerror or str(e), "unreadable") from e


def read_source(path: str, encoding: str | None = None) -> Source:
    """Read and decode one text file; raise SourceError with a reason a person can act on."""
    data = read_bytes(path)
    text, used = decode(data, path, encoding)
    return Source(path=path, sha256=hashlib.sha256(data).hexdigest(), text=text, encoding=used)


_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_BINARY_MAGIC = [(b"%PDF", "a PDF file"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
                 (b"PK\x03\x04", "a ZIP archive (or .docx/.odt)"), (b"GIF8", "a GIF image"),
                 (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file")]


def decode(data: bytes, path: str = "", encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes by BOM, as UTF-8, else as the given encoding or by detection; refuse binary data.

    A given encoding is for the files that are not UTF-8: a file with a byte-order mark, or whose bytes
    are valid UTF-8 text, is read as UTF-8 whatever it says (text in a legacy encoding practically never
    forms valid UTF-8, so ``--encoding cp1251`` on a folder of mixed files turns nothing into mojibake).
    Bytes holding NULs are not UTF-8 text: a given UTF-16 or UTF-32 without a BOM still applies."""
    if encoding and not _is_utf8_text(data):
        try:
            return _clean(data.decode(encoding)), encoding
        except (UnicodeDecodeError, LookupError) as e:
            raise SourceError(path, f"cannot decode as {encoding}: {e}", "encoding") from e
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as e:
            raise SourceError(path, f"cannot decode as {encoding}: {e}", "encoding") from e
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _clean(data.decode(name)), name
            except UnicodeDecodeError as e:
                raise SourceError(path, f"starts with a {name} byte-order mark but does not decode: {e}", "encoding") from e
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise SourceError(path, f"binary file ({what}), not text", "unsupported")
    data = _strip_nul(data, path)
    try:
        return _clean(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as e:
        first_error = e.start
    # text in a legacy encoding almost never holds well-formed UTF-8 sequences, so these decide, not a detector
    # (which would read all of a UTF-8 file with one bad byte as mojibake)
    well_formed, damaged = _utf8_counts(data)
    if damaged * 10 <= well_formed:  # UTF-8 with a few damaged bytes: each becomes U+FFFD (see _is_utf8_text)
        return _clean(data.decode("utf-8", errors="replace")), "utf-8"
    if damaged <= well_formed:
        line = data.count(b"\n", 0, first_error) + 1
        raise SourceError(path, f"partly UTF-8 and partly not ({damaged} places that are not, the first on line "
                                f"{line}); convert it to one encoding, or pass --encoding", "encoding")
    detected = _detect(data[:200_000])
    if detected is None:
        raise SourceError(path, "cannot tell the text encoding with confidence; pass --encoding (e.g. cp1251, latin-1)",
                          "encoding")
    try:
        return _clean(data.decode(detected)), detected
    except UnicodeDecodeError as e:
        raise SourceError(path, f"cannot decode as detected {detected}; pass --encoding", "encoding") from e


def _is_utf8_text(data: bytes) -> bool:
    """A byte-order mark, or bytes without NULs that are UTF-8 (perhaps with a few damaged bytes, as
    :func:`decode` reads them)."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return True
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        well_formed, damaged = _utf8_counts(data)
        return 0 < well_formed and damaged * 10 <= well_formed
    return True


# C0 control bytes that text does not hold (tab, line feed, form feed, carriage return and escape it does)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_MAX_CONTROL_SHARE = 0.05


def _strip_nul(data: bytes, path: str) -> bytes:
    """Text with a few stray NUL bytes (a damaged copy, a bad conversion) loses them, with a warning; data that is
    more than a few percent NULs and control bytes is binary, and refused."""
    nul = data.count(b"\x00")
    if not nul:
        return data
    controls = len(data) - len(data.translate(None, _CONTROL))
    if controls > len(data) * _MAX_CONTROL_SHARE:
        raise SourceError(path, "binary file (contains NUL bytes), not text", "unsupported")
    warnings.warn(SourceWarning(path, f"{nul} NUL byte{'s' if nul != 1 else ''} removed"), stacklevel=3)
    return data.replace(b"\x00", b"")


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """(non-ASCII characters that are well-formed UTF-8, places where the bytes are not UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode())
    return len(text) - len(text.encode("ascii", errors="ignore")) - damaged, damaged


# what wins when the detector cannot tell encodings apart (the same chaos and coherence, as French in
# latin-1 read as cp1250 or cp1252): the encodings archival files are most often in, commonest first
_PREFERRED = ("cp1252", "cp1251", "cp1250", "koi8_r")


def _detect(data: bytes) -> str | None:
    """The encoding charset-normalizer finds for non-UTF-8 bytes; None when no reading is clean enough."""
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.chaos > 0.2:
        return None
    # charset-normalizer's own notion of a tie (CharsetMatch.__lt__), which it breaks by the order it tried
    tied = [m for m in matches if abs(m.chaos - best.chaos) < 0.01 and abs(m.coherence - best.coherence) <= 0.02]
    for name in _PREFERRED:
        if any(name in (m.encoding, *m.could_be_from_charset) for m in tied):
            return name
    return best.encoding


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
