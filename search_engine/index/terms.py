"""whoosh's term table, leaner: what each term of a segment costs there, where OCR'd text has hundreds of
thousands of terms, most of them misreadings held by one passage.

The table's file (:class:`TermTable`, read by :class:`TermTableReader`) is whoosh's ordered hash file without its
hash: each term's key and entry after their lengths as varints (2 bytes for most terms, where whoosh writes two
4-byte integers), in key order, then whoosh's extras (the field map, and the key of every SAMPLE-th term) and the
position of each term's key. A term is found by a binary search of the sampled keys, read with the extras, and then
of its run of SAMPLE terms, read at once. whoosh's 256 hash tables (12 bytes a slot, 4 slots for 3 terms) took 16
bytes a term for a look-up that the posting arrays' Bloom filter and directory spare most terms (index.postings).

whoosh keeps a term's statistics in 23 bytes (flags, total weight, passages, shortest and longest length, highest
weight, first and last document number) beside its postings, inlined in the term table for a rare term
(index.writer's INLINE_POSTINGS). For inlined postings all but the lengths can be counted from the postings
themselves, so such a term's entry here is the byte ``LEAN``, its two length bytes (3 bytes where whoosh's took
23) and its postings as varints, each posting's document number (after the previous one's), weight and the length
of its positions, then its positions as the field's format encodes them (a term held once with one position takes
4 or 5 bytes, where pickled, as whoosh inlines postings, it took 12); a term with a block in the postings file, or a
weight that is not a whole number (whoosh keeps it as a 32-bit float), keeps whoosh's entry. The segments a build writes name
:class:`TermsCodec`, whose reader decodes either entry into whoosh's own term info, with the same values.
"""

from __future__ import annotations

import struct

from whoosh.codec.whoosh3 import W3Codec, W3FieldCursor, W3TermInfo, W3TermsReader
from whoosh.filedb.filetables import FileFormatError
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util.numlists import GrowableArray

from ..analysis.fields import varint

LEAN = 2  # the first byte of a lean entry (whoosh's flags byte is 0, or 1 for inlined postings)


def lean_entry(terminfo: W3TermInfo) -> bytes | None:
    """A term's lean entry (its statistics' length bytes and its inlined postings), None when whoosh's entry must
    stay (a term whose postings have a block, or a weight that is not a whole number)."""
    if terminfo._inlined is None or not all(isinstance(w, int) and w >= 0 for w in terminfo._inlined[1]):
        return None
    lengths = (0 if terminfo._minlength is None else length_to_byte(terminfo._minlength),
               length_to_byte(terminfo._maxlength))
    out, previous = bytearray((LEAN, *lengths)), 0
    for docnum, weight, value in zip(*terminfo._inlined, strict=True):
        out += varint(docnum - previous) + varint(weight) + varint(len(value)) + value
        previous = docnum
    return bytes(out)


def _lean_postings(entry: bytes) -> tuple[tuple, tuple, tuple]:
    """(document numbers, weights, positions) of a lean entry's postings, as whoosh's inlined postings are."""
    ids, weights, values = [], [], []
    numbers, number, shift, at, end = [], 0, 0, 3, len(entry)
    while at < end:
        byte = entry[at]
        at += 1
        number |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        numbers.append(number)
        number = shift = 0
        if len(numbers) == 3:
            gap, weight, length = numbers
            ids.append(gap + (ids[-1] if ids else 0))
            weights.append(weight)
            values.append(entry[at:at + length])
            at += length
            numbers = []
    return tuple(ids), tuple(weights), tuple(values)


def term_info(entry: bytes) -> W3TermInfo:
    """whoosh's term info of a term table's entry, lean or whoosh's own."""
    if entry[0] != LEAN:
        return W3TermInfo.from_bytes(entry)
    ids, weights, values = postings = _lean_postings(entry)
    info = W3TermInfo()
    # as whoosh's writer counts them (TermInfo.add_block), its floats as a 32-bit float holds a whole number
    info._weight, info._df = float(sum(weights)), len(ids)
    info._minlength, info._maxlength = byte_to_length(entry[1]), byte_to_length(entry[2])
    info._maxweight, info._minid, info._maxid = float(max(weights)), ids[0], ids[-1]
    info._inlined = postings
    return info


TABLE_MAGIC = b"SETT"  # a term table of this module's (whoosh's own begins "HSH3")
_PROBE = 32  # bytes read at a key's place: its lengths and most keys
# every SAMPLE-th key is kept with the extras: a look-up searches them in memory, then reads one run of SAMPLE
# terms (about 1.5 KB) where a binary search of every key read two places of the file for each of ~17 steps
# (a look-up took 200 microseconds of CPU, where whoosh's hash took 37; `related` asks for a thousand terms)
SAMPLE = 64


def _lengths(data: bytes) -> tuple[int, int, int]:
    """(key length, entry length, bytes they take) from the varints at the start of ``data``."""
    values, number, shift, at = [], 0, 0, 0
    while len(values) < 2:
        byte = data[at]
        at += 1
        number |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            values.append(number)
            number = shift = 0
    return values[0], values[1], at


class TermTable:
    """Writes a segment's term table: keys (in increasing order) and their entries, as whoosh's ordered hash writer
    takes them (``add``, ``extras``, ``close``), in this module's format."""

    def __init__(self, dbfile):
        self.dbfile = dbfile
        self.extras: dict = {}
        self.index = GrowableArray("H")  # where each key begins
        self.sample: list[bytes] = []  # every SAMPLE-th key
        self.lastkey = b""
        dbfile.write(TABLE_MAGIC)

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        if len(self.index) % SAMPLE == 0:
            self.sample.append(key)
        self.index.append(self.dbfile.tell())
        self.dbfile.write(varint(len(key)) + varint(len(value)) + key + value)
        self.lastkey = key

    def close(self) -> int:
        from array import array
        from itertools import accumulate

        dbfile = self.dbfile
        extras_at = dbfile.tell()
        self.extras["indextype"], self.extras["indexlen"] = self.index.typecode, len(self.index)
        self.extras["sample"] = b"".join(self.sample)
        self.extras["sample_ends"] = array("Q", accumulate(map(len, self.sample))).tobytes()
        dbfile.write_pickle(self.extras)
        self.index.to_file(dbfile)
        dbfile.write_int(dbfile.tell() - extras_at)
        end = dbfile.tell()
        dbfile.close()
        return end


class TermTableReader:
    """Reads a :class:`TermTable` with the methods of whoosh's ordered hash reader that its term reader and field
    cursor call; a key is found by a binary search of the keys' positions."""

    def __init__(self, dbfile, length: int):
        self.dbfile = dbfile
        self.is_closed = False
        if dbfile.get(0, len(TABLE_MAGIC)) != TABLE_MAGIC:
            raise FileFormatError(f"Unknown file header {dbfile.get(0, len(TABLE_MAGIC))!r}")
        extras_at = length - 4 - dbfile.get_int(length - 4)
        dbfile.seek(extras_at)
        self.extras = dbfile.read_pickle()
        self.indexbase = dbfile.tell()
        self.indexlen = self.extras["indexlen"]
        self.indexsize = struct.calcsize(self.extras["indextype"])
        self._get_pos = {"B": dbfile.get_byte, "H": dbfile.get_ushort, "i": dbfile.get_int, "I": dbfile.get_uint,
                         "q": dbfile.get_long}[self.extras["indextype"]]
        self.startofdata, self.endofdata = len(TABLE_MAGIC), extras_at
        from array import array

        self._sample = self.extras.pop("sample")
        self._sample_ends = array("Q")
        self._sample_ends.frombytes(self.extras.pop("sample_ends"))

    def key_and_range_at(self, pos: int):
        """(key, where its entry begins, the entry's length) of the term at ``pos``; None past the last."""
        if pos >= self.endofdata:
            return None
        data = self.dbfile.get(pos, _PROBE)
        keylen, datalen, at = _lengths(data)
        key = data[at:at + keylen] if at + keylen <= len(data) else self.dbfile.get(pos + at, keylen)
        return key, pos + at + keylen, datalen

    def key_at(self, pos: int) -> bytes:
        return self.key_and_range_at(pos)[0]

    def closest_key_pos(self, key: bytes):
        """The position of ``key``, or of the first key after it (None: none)."""
        sample, ends = self._sample, self._sample_ends
        lo, hi = 0, len(ends)
        while lo < hi:  # the first sampled key after ``key``
            mid = (lo + hi) // 2
            if sample[ends[mid - 1] if mid else 0:ends[mid]] <= key:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:  # before the first key (or no key at all)
            return self._get_pos(self.indexbase) if self.indexlen else None
        first, last = (lo - 1) * SAMPLE, min(lo * SAMPLE, self.indexlen)  # key is after term first, before last
        size, code = self.indexsize, self.extras["indextype"]
        held = last + 1 if last < self.indexlen else last  # positions of the run's terms and of the one after
        positions = struct.unpack(f">{held - first}{code}", self.dbfile.get(self.indexbase + first * size,
                                                                            (held - first) * size))
        end = positions[-1] if held > last else self.endofdata
        run = self.dbfile.get(positions[0], end - positions[0])
        lo, hi = 0, last - first
        while lo < hi:
            mid = (lo + hi) // 2
            at = positions[mid] - positions[0]
            keylen, _, header = _lengths(run[at:at + 20])
            if run[at + header:at + header + keylen] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo == last - first:  # after the run's terms: the next run's first term, if any
            return positions[lo] if held > last else None
        return positions[lo]

    def ranges_for_key(self, key: bytes):
        pos = self.closest_key_pos(key)
        found = self.key_and_range_at(pos) if pos is not None else None
        if found is not None and found[0] == key:
            yield found[1], found[2]

    def range_for_key(self, key: bytes) -> tuple[int, int]:
        for item in self.ranges_for_key(key):
            return item
        raise KeyError(key)

    def __contains__(self, key: bytes) -> bool:
        return any(True for _ in self.ranges_for_key(key))

    def __getitem__(self, key: bytes) -> bytes:
        return self.dbfile.get(*self.range_for_key(key))

    def get(self, key: bytes, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def _items(self, pos: int | None):
        while pos is not None:
            found = self.key_and_range_at(pos)
            if found is None:
                return
            key, datapos, datalen = found
            yield key, datapos, datalen
            pos = datapos + datalen

    def items(self):
        return ((key, self.dbfile.get(at, n)) for key, at, n in self._items(self.startofdata))

    def keys(self):
        return (key for key, _, _ in self._items(self.startofdata))

    def items_from(self, key: bytes):
        return ((k, self.dbfile.get(at, n)) for k, at, n in self._items(self.closest_key_pos(key)))

    def keys_from(self, key: bytes):
        return (k for k, _, _ in self._items(self.closest_key_pos(key)))

    def close(self) -> None:
        if not self.is_closed:
            self.dbfile.close()
            self.is_closed = True


class TermsCodec(W3Codec):
    """whoosh's W3 codec, reading a segment's term table with :func:`term_info` (named by the segments a build
    writes: see index.postings.codec)."""

    def terms_reader(self, storage, segment):
        name = segment.make_filename(self.TERMS_EXT)
        return _TermsReader(self, storage.open_file(name), storage.file_length(name),
                            segment.open_file(storage, self.POSTS_EXT))


class _TermsReader(W3TermsReader):
    def __init__(self, codec, dbfile, length, postfile):  # W3TermsReader's, with a TermTableReader
        self._codec, self._dbfile, self._postfile = codec, dbfile, postfile
        self._tindex = TermTableReader(dbfile, length)
        self._fieldmap = self._tindex.extras["fieldmap"]
        self._fieldunmap = [None] * len(self._fieldmap)
        for fieldname, num in self._fieldmap.items():
            self._fieldunmap[num] = fieldname

    def items(self):
        decode = self._keydecoder
        return ((decode(key), term_info(entry)) for key, entry in self._tindex.items())

    def items_from(self, fieldname, prefix):
        decode = self._keydecoder
        return ((decode(key), term_info(entry))
                for key, entry in self._tindex.items_from(self._keycoder(fieldname, prefix)))

    def term_info(self, fieldname, tbytes):
        try:
            return term_info(self._tindex[self._keycoder(fieldname, tbytes)])
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def frequency(self, fieldname, tbytes):
        return self._entry_info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname, tbytes):
        return self._entry_info(fieldname, tbytes).doc_frequency()

    def _entry_info(self, fieldname, tbytes) -> W3TermInfo:
        """The term info of a term; KeyError when the segment does not hold it (as whoosh's reader raises)."""
        datapos, datalen = self._range_for_key(fieldname, tbytes)
        return term_info(self._dbfile.get(datapos, datalen))

    def cursor(self, fieldname, fieldobj):
        return _FieldCursor(self._tindex, fieldname, self._keycoder, self._keydecoder, fieldobj)


class _FieldCursor(W3FieldCursor):
    def term_info(self):
        if self._pos is None:
            return None
        return term_info(self._tindex.dbfile.get(self._datapos, self._datalen))
