"""What a query reads of every passage, as arrays written beside each whoosh segment when the build makes it.

A query counts, groups and ranks passages by their document, paragraph, folder and field lengths. whoosh keeps
these in columns that are decoded one value at a time in Python: a new process decoded every passage's
document id before its first answer, a cost that grew with the archive (1.9 s and 1 GB at 2.5 million
passages). Here each segment's values are written once, by the build, as NumPy arrays in
``<segment id>_arrays.npz`` (not ``<segment id>.*``: whoosh would take that for a file of its own): a
reader loads them as they lie, without decoding a value.

- ``<column>.codes`` (int32) and ``<column>.names`` (the distinct values, UTF-8, NUL-separated, sorted): a
  text column (the document id, the folder) as the number of each passage's value;
- ``paragraph`` (int64): each passage's paragraph number;
- ``<field>.lengths`` (uint8): whoosh's length byte of each passage's text field, as BM25F reads it.

A segment without the file (written by a whoosh writer of its own: the tests make some) is read from whoosh's
columns as before. The build removes the file of a segment that a merge removed (:func:`drop_orphans`).
"""

from __future__ import annotations

import io
import mmap
import os
import zipfile
from pathlib import Path

SUFFIX = "_arrays.npz"
CODED = ("doc_id", "folder")  # text columns kept as codes
NUMBERS = ("paragraph",)
LENGTHS = ("body", "title", "footnote", "subjects", "description", "citation")  # the text fields BM25F scores


def segment_file(segment_id: str) -> str:
    return segment_id + SUFFIX


def write_arrays(folder: Path, ix) -> None:
    """Write the arrays of each segment of ``ix`` (an index in ``folder``) that has none yet, and remove those of
    segments it no longer has."""
    import numpy as np
    from whoosh.reading import SegmentReader

    segments = ix._segments()
    ids = {s.segment_id() for s in segments}
    for path in folder.glob("*" + SUFFIX):
        if path.name[:-len(SUFFIX)] not in ids:
            path.unlink()
    for segment in segments:
        target = folder / segment_file(segment.segment_id())
        if target.exists():
            continue
        reader = SegmentReader(ix.storage, ix.schema, segment)
        try:
            arrays = _segment_arrays(reader, np)
        finally:
            reader.close()
        from .writer import _open_output

        with _open_output(target) as f:
            np.savez(f, **arrays)


def _segment_arrays(reader, np) -> dict:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    n = reader.doc_count_all()
    out = {}
    for name in CODED:
        if name not in reader.schema or not reader.has_column(name):
            continue
        seen: dict[str, int] = {}  # value -> its code in the order first seen (no list of every passage's value)
        first = np.fromiter((seen.setdefault(_text(v), len(seen)) for v in reader.column_reader(name)), np.int32,
                            count=n)
        names = sorted(seen)
        order = np.empty(len(seen), np.int32)
        order[[seen[v] for v in names]] = np.arange(len(names), dtype=np.int32)
        out[f"{name}.codes"] = order[first] if n else first
        out[f"{name}.names"] = np.frombuffer("\0".join(names).encode("utf-8"), np.uint8)
    for name in NUMBERS:
        if name in reader.schema and reader.has_column(name):
            out[name] = np.fromiter((v or 0 for v in reader.column_reader(name)), np.int64, count=n)
    for field in LENGTHS:
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if field in reader.schema else None
        if column is not None:
            out[f"{field}.lengths"] = np.fromiter((column[i] for i in range(n)), np.uint8, count=n)
    return out


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")


class SegmentArrays:
    """The arrays of one segment, memory-mapped where they lie: ``np.savez`` stores each array uncompressed, so a
    member is a view of the file (its pages read when a query touches them), not a copy read, checked and kept
    whole by every new process (at 10x, some 30 MB). A member stored otherwise is read as ``np.load`` reads it,
    when first asked for."""

    def __init__(self, path: Path):
        import threading

        self.path = path
        self._members: dict[str, zipfile.ZipInfo] = {}
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""
        with zipfile.ZipFile(_MapFile(self._map)) as z:
            for info in z.infolist():
                if info.filename.endswith(".npy"):
                    self._members[info.filename[:-4]] = info
        self._loaded: dict = {}
        self._lock = threading.Lock()  # the threads of an engine share it

    def get(self, name: str):
        info = self._members.get(name)
        if info is None:
            return None
        with self._lock:
            if name not in self._loaded:
                try:
                    self._loaded[name] = self._view(info)
                except (OSError, ValueError, EOFError, zipfile.BadZipFile) as e:
                    from .layout import damaged

                    raise damaged(f"cannot read {name} from {self.path.parent.name}/{self.path.name} ({e})") from e
            return self._loaded[name]

    def _view(self, info: zipfile.ZipInfo):
        """A member as an array: a read-only view of the mapped file where it is stored as it is, else read."""
        import numpy as np
        from numpy.lib import format as npy

        at = info.header_offset  # the member's local header: 30 bytes, then its name and extra field
        start = at + zipfile.sizeFileHeader + int.from_bytes(self._map[at + 26:at + 28], "little") + int.from_bytes(
            self._map[at + 28:at + 30], "little")
        f = _MapFile(self._map, start)
        version = npy.read_magic(f) if info.compress_type == zipfile.ZIP_STORED else None
        if version not in ((1, 0), (2, 0)):  # compressed (np.savez_compressed), or a header of another kind
            with zipfile.ZipFile(_MapFile(self._map)) as z, z.open(info) as member:
                return npy.read_array(member, allow_pickle=False)
        read_header = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
        shape, fortran, dtype = read_header(f)
        if dtype.hasobject:
            raise ValueError("an array of objects")
        count = int(np.prod(shape, dtype=np.int64))
        if f.tell() + count * dtype.itemsize > start + info.file_size:
            raise ValueError("shorter than its header says")
        flat = np.frombuffer(self._map, dtype, count, f.tell())
        return flat.reshape(shape, order="F" if fortran else "C")

    def coded(self, name: str):
        """(each passage's code, the distinct values), or None when the segment has no such column."""
        codes = self.get(f"{name}.codes")
        if codes is None:
            return None
        names = self.get(f"{name}.names").tobytes().decode("utf-8").split("\0")
        return codes, names

    def numbers(self, name: str):
        return self.get(name)

    def lengths(self, field: str):
        return self.get(f"{field}.lengths")


class _MapFile(io.RawIOBase):
    """A file object reading a memory map from ``start`` (what zipfile and numpy's header reader read)."""

    def __init__(self, data, start: int = 0):
        self._data, self._at = data, start

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else min(len(self._data), self._at + size)
        out = self._data[self._at:end]
        self._at = max(self._at, end)
        return bytes(out)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        self._at = offset if whence == 0 else self._at + offset if whence == 1 else len(self._data) + offset
        return self._at

    def tell(self) -> int:
        return self._at


def segment_arrays(leaf) -> SegmentArrays | None:
    """The arrays written beside a segment reader's segment, kept with the reader (None without them)."""
    from .cache import reader_cache

    cache = reader_cache(leaf)
    segment_id = leaf.segment().segment_id()
    key = ("arrays", segment_id)
    if key not in cache:
        storage = leaf._storage
        folder = getattr(getattr(storage, "b", storage), "folder", None)  # (a compound segment's overlay)
        found = None
        if folder is not None:
            path = Path(folder) / segment_file(segment_id)
            try:
                found = SegmentArrays(path)
            except FileNotFoundError:
                found = None
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
                from .layout import damaged

                raise damaged(f"cannot read {path.parent.name}/{path.name} ({e})") from e
        cache[key] = found
    return cache[key]


def paragraph_of(reader, docnum: int) -> int:
    """The paragraph number of passage ``docnum`` of a reader (one segment's or several's): from its segment's
    arrays, else whoosh's column."""
    for leaf, offset in reader.leaf_readers():
        local = docnum - offset
        if 0 <= local < leaf.doc_count_all():
            arrays = segment_arrays(leaf)
            found = arrays.numbers("paragraph") if arrays is not None else None
            if found is None:
                return leaf.column_reader("paragraph")[local] or 0
            return int(found[local])
    raise IndexError(docnum)
