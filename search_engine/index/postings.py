"""Each whoosh segment's postings as arrays beside it: for every term, the passages that hold it and its weight
in each, written while whoosh writes the segment (a new one or a merge), so that a query reads two arrays from
a memory-mapped file instead of decoding whoosh's pickled, compressed blocks (search.scores). whoosh stays the
index of record: positions (phrases), the term table (idf, wildcards), stored fields, columns. A term whose few
postings whoosh keeps in its term table (the codec's inline limit: a word held by one passage, most of an OCR'd
text's words) is left out: its key and directory entry cost four times its posting, and whoosh reads it without
a block; a Bloom filter of their keys (10 bits a term) tells most terms a segment does not hold from those
whoosh must be asked for (a look-up in whoosh's term table takes some 100 microseconds: a query asks for each of
its words in every field).

``<segment id>_postings.bin`` (not ``<segment id>.*``: whoosh would fold that into the segment's compound file),
little-endian, term after term in whoosh's order (field name, then term):

    chunks      the document numbers within the segment (uint32) of a run of terms, then their weights (uint8 when
                every weight of the chunk is below 256, as most are, uint16 otherwise: a full-text weight is a
                word's count in a passage)
    keys        each term as ``field name NUL term bytes``, one after another (then zeros to a multiple of 8)
    chunks'     uint64 x 3 x chunks: where each chunk's document numbers and its weights begin, and the bytes of
                each of its weights (1 or 2)
    key_starts  uint32 x (terms + 1): where each key begins in ``keys``
    starts      uint32 x terms: where each term's document numbers begin in the file (its weights are found from
                its chunk's: the k-th posting of a chunk has its weight at the chunk's weights + k times their width)
    counts      int32 x terms: its postings (-1: a weight that uint16 does not hold exactly; whoosh decodes it)
    rare keys   a Bloom filter of the keys left out (``bloom`` bytes; :func:`_probes` bits set for each)
    footer      ``_FOOTER``: magic, terms, where ``keys`` begins, its length, the chunks, the width of key_starts
                and starts (4 bytes, or 8 for a file or keys past 4 GiB), the postings below which a term is
                left out (whoosh's inline limit: 1, none left out) and the bytes of the Bloom filter

The writer drops the file of a segment that a merge removed (:func:`drop_orphans`); the manifest checksums it
with every other file of a generation.
"""

from __future__ import annotations

import mmap
import struct
from array import array
from pathlib import Path

SUFFIX = "_postings.bin"
_MAGIC = b"SEPOST04"
_FOOTER = struct.Struct("<8sQQQQQQQ")
_BLOOM_BITS = 10  # a term: 1% of the terms a segment does not hold are looked up in whoosh's term table
_BLOOM_PROBES = 7
_CHUNK = 1 << 20  # postings buffered before they are written


def segment_file(segment_id: str) -> str:
    return segment_id + SUFFIX


def codec():
    """whoosh's W3 codec, writing each segment's posting arrays too. The segments it makes carry
    :class:`.terms.TermsCodec` (whoosh's, reading the lean entries of index.writer's term table), not this one,
    whose writer is made here."""
    from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PerDocReader, W3Segment

    class _Writer(W3FieldWriter):
        def __init__(self, codec, storage, segment):  # W3FieldWriter's, with the term table of index.terms
            from .terms import TermTable

            self._codec, self._storage, self._segment = codec, storage, segment
            self._fieldname = self._fieldid = self._btext = self._fieldobj = self._format = None
            self._tindex = TermTable(self._create_file(W3Codec.TERMS_EXT))
            self._fieldmap = self._tindex.extras["fieldmap"] = {}
            self._postfile = self._create_file(W3Codec.POSTS_EXT)
            self._postwriter = None
            self._infield = False
            self.is_closed = False
            self._arrays = storage.create_file(segment_file(segment.segment_id()))
            self._written = 0
            self._ids = array("I")
            self._weights = array("d")
            self._keys: list[bytes] = []
            self._firsts: list[int] = []  # each term's first posting (counted over the segment)
            self._chunks: list[tuple[int, int, int, int]] = []  # (first posting, offset of ids, of weights, width)
            self._inexact: list[int] = []  # postings whose weight uint16 does not hold
            self._prefix = b""
            self._posted = 0
            self._rare = max(1, codec._inlinelimit)  # a term with fewer postings is inlined by whoosh: left out
            self._rare_keys: list[bytes] = []

        def add_postings(self, schema, lengths, items):
            # whoosh reads each posting's field length from the column file (a quarter of a build's commit);
            # the same lengths, read once per document and field
            lengths = _Lengths(lengths) if isinstance(lengths, W3PerDocReader) else lengths
            by_term = getattr(items, "by_term", None)  # the build's pool (index.pool): a term's postings at once
            if by_term is None:
                return super().add_postings(schema, lengths, items)
            field = None
            for fieldname, btext, docs, weights, values in by_term():
                if fieldname != field:
                    if field is not None:
                        self.finish_field()
                    self.start_field(fieldname, schema[fieldname])
                    field = fieldname
                    table = lengths.table(fieldname) if isinstance(lengths, _Lengths) else None
                self.start_term(btext)
                if table is not None:
                    known = [table[d] for d in docs]
                elif lengths:
                    known = [lengths.doc_field_length(d, fieldname) for d in docs]
                else:
                    known = [0] * len(docs)
                _add_term(self._postwriter, docs, weights, values, known)
                self._ids.extend(docs)
                self._weights.extend(weights)
                self.finish_term()
            if field is not None:
                self.finish_field()

        def start_field(self, fieldname, fieldobj):
            super().start_field(fieldname, fieldobj)
            self._prefix = fieldname.encode("utf-8") + b"\0"

        def start_term(self, btext):
            super().start_term(btext)
            self._keys.append(self._prefix + btext)
            self._firsts.append(self._posted + len(self._ids))

        def add(self, docnum, weight, vbytes, length):
            super().add(docnum, weight, vbytes, length)
            self._ids.append(docnum)
            self._weights.append(weight)

        def finish_term(self):
            super().finish_term()
            first = self._firsts[-1] - self._posted  # the term's first posting in the buffer (flushed between terms)
            if len(self._ids) - first < self._rare:
                self._rare_keys.append(self._keys.pop())
                self._firsts.pop()
                del self._ids[first:]
                del self._weights[first:]
            if len(self._ids) >= _CHUNK:
                self._flush()

        def _flush(self):
            import numpy as np

            if not self._ids:
                return
            weights = np.frombuffer(self._weights, np.float64)
            narrow = np.clip(weights, 0, 0xFFFF).astype("<u2")
            inexact = np.flatnonzero(narrow != weights)
            self._inexact.extend((inexact + self._posted).tolist())
            if narrow.max() <= 0xFF:  # a byte a weight: most chunks (a word written 255 times in a passage is rare)
                narrow = narrow.astype("u1")
            self._chunks.append((self._posted, self._written, self._written + 4 * len(self._ids), narrow.itemsize))
            ids = np.frombuffer(self._ids, np.uint32).astype("<u4")
            self._arrays.write(ids.tobytes())
            self._arrays.write(narrow.tobytes())
            self._arrays.write(b"\0" * (-narrow.nbytes % 4))  # the next chunk's ids begin on a 4-byte boundary
            self._written += 4 * len(self._ids) + narrow.nbytes + (-narrow.nbytes % 4)
            self._posted += len(self._ids)
            self._ids, self._weights = array("I"), array("d")

        def close(self):
            super().close()
            self._flush()
            _write_directory(self._arrays, self._written, self._posted, self._keys, self._firsts, self._chunks,
                             self._inexact, self._rare, _bloom(self._rare_keys))
            self._arrays.close()

    class _Codec(W3Codec):
        def field_writer(self, storage, segment):
            return _Writer(self, storage, segment)

        def new_segment(self, storage, indexname):
            from .terms import TermsCodec

            return W3Segment(TermsCodec(self._blocklimit, self._compression, self._inlinelimit), indexname)

    return _Codec()


class _Lengths:
    """A new segment's field lengths as whoosh's per-document reader gives them (``doc_field_length``), each
    field's decoded once into a list."""

    def __init__(self, reader):
        self._reader = reader
        self._fields: dict[str, list[int] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        table = self.table(fieldname)
        if table is None:
            return default
        return table[docnum]

    def table(self, fieldname: str) -> list[int | None] | None:
        """Each document's length of the field (None for a length of 0), or None when the field keeps none."""
        table = self._fields.get(fieldname, False)
        if table is False:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            from whoosh.util.numeric import byte_to_length

            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = self._fields[fieldname] = (None if column is None else
                                               [byte_to_length(b) if (b := column[i]) else None
                                                for i in range(self._reader.doc_count_all())])
        return table


def _add_term(writer, docs: list[int], weights: list[float], values: list, lengths: list) -> None:
    """A term's postings given to whoosh's W3PostingsWriter (between its start_postings and finish_postings) a
    block at a time, leaving it as its add_posting leaves it after taking them one by one: every full block but the
    last written, the last held for finish_postings (which writes it, or inlines a short list)."""
    limit = writer._blocklimit
    for start in range(0, len(docs), limit):
        if start:  # add_posting writes a full block when the next posting comes
            writer._write_block()
        end = start + limit
        writer._ids = array("I", docs[start:end])
        block = weights[start:end]
        writer._weights = array("f", block)
        top = max(block)
        writer._maxweight = top if top > 0 else 0
        writer._values = [v for v in values[start:end] if v]
        known = [n for n in lengths[start:end] if n]
        writer._minlength = min(known) if known else None
        writer._maxlength = max(known) if known else 0


def _write_directory(out, written: int, posted: int, keys: list[bytes], firsts: list[int], chunks, inexact,
                     rare: int, bloom: bytes) -> None:
    import numpy as np

    firsts_a = np.asarray(firsts, np.int64)
    counts = np.diff(np.append(firsts_a, posted))
    chunk_firsts = np.asarray([c[0] for c in chunks] or [0], np.int64)
    which = np.searchsorted(chunk_firsts, firsts_a, "right") - 1
    within = firsts_a - chunk_firsts[which]  # postings before the term's first in its chunk
    starts = np.asarray([c[1] for c in chunks] or [0], np.int64)[which] + 4 * within
    if inexact:
        counts[np.searchsorted(firsts_a, np.asarray(inexact, np.int64), "right") - 1] = -1  # (a term twice: the same)
    blob = b"".join(keys)
    key_starts = np.zeros(len(keys) + 1, np.int64)
    np.cumsum([len(k) for k in keys], out=key_starts[1:])
    width = 4 if max(written, len(blob)) < 1 << 32 else 8
    out.write(blob)
    out.write(b"\0" * (-len(blob) % 8))
    out.write(np.asarray([c[1:] for c in chunks], "<u8").tobytes())
    out.write(key_starts.astype(f"<u{width}").tobytes())
    out.write(starts.astype(f"<u{width}").tobytes())
    out.write(counts.astype("<i4").tobytes())
    out.write(bloom)
    out.write(_FOOTER.pack(_MAGIC, len(keys), written, len(blob), len(chunks), width, rare, len(bloom)))


def _probes(key: bytes, bits: int):
    """The bits of a Bloom filter of ``bits`` bits that ``key`` sets (double hashing of a 64-bit BLAKE2 hash)."""
    import hashlib

    h = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")
    first, step = h & 0xFFFFFFFF, (h >> 32) | 1
    return [(first + i * step) % bits for i in range(_BLOOM_PROBES)]


def _bloom(keys: list[bytes]) -> bytes:
    """A Bloom filter of ``keys`` (empty for none)."""
    import numpy as np

    if not keys:
        return b""
    bits = max(64, -(-len(keys) * _BLOOM_BITS // 64) * 64)
    at = np.asarray([_probes(k, bits) for k in keys], np.int64).ravel()
    filter_ = np.zeros(bits // 8, np.uint8)
    np.bitwise_or.at(filter_, at >> 3, (1 << (at & 7)).astype(np.uint8))
    return filter_.tobytes()


class SegmentPostings:
    """The posting arrays of one segment, memory-mapped."""

    def __init__(self, path: Path):
        import numpy as np

        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if path.stat().st_size else b""
        if len(self._map) < _FOOTER.size:
            raise ValueError("too short")
        magic, terms, at, length, chunks, width, rare, bloom = _FOOTER.unpack_from(self._map,
                                                                                  len(self._map) - _FOOTER.size)
        if magic != _MAGIC or width not in (4, 8):
            raise ValueError("not a postings file")
        self.terms = terms
        self.rare = rare  # a term held by fewer passages is not here
        table = at + length + (-length % 8)
        self._keys_at = at
        chunk_table = np.frombuffer(self._map, "<u8", 3 * chunks, table).reshape(chunks, 3).astype(np.int64)
        self._chunk_ids, self._chunk_weights, self._chunk_widths = chunk_table.T
        table += 24 * chunks
        self._key_starts = np.frombuffer(self._map, f"<u{width}", terms + 1, table)
        self._starts = np.frombuffer(self._map, f"<u{width}", terms, table + width * (terms + 1))
        self._counts = np.frombuffer(self._map, "<i4", terms, table + width * (2 * terms + 1))
        self._bloom_at, self._bloom_bits = table + width * (2 * terms + 1) + 4 * terms, 8 * bloom
        if self._bloom_at + bloom + _FOOTER.size != len(self._map):
            raise ValueError("its parts do not add up to its size")

    def _key(self, i: int) -> bytes:
        return self._map[self._keys_at + int(self._key_starts[i]):self._keys_at + int(self._key_starts[i + 1])]

    def get(self, field: str, btext: bytes):
        """(document numbers, weights) of a term, empty arrays when the segment does not hold it, None when its
        postings are not kept here (whoosh's hold them: a rare term, or weights uint16 does not hold; a term the
        arrays do not name may then be one whoosh does not hold either)."""
        import numpy as np

        key = field.encode("utf-8") + b"\0" + btext
        lo, hi = 0, self.terms
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        if lo == self.terms or self._key(lo) != key:
            return None if self._maybe_rare(key) else (np.empty(0, np.int64), np.empty(0, np.float64))
        count = int(self._counts[lo])
        if count < 0:
            return None
        start = int(self._starts[lo])
        chunk = int(np.searchsorted(self._chunk_ids, start, "right")) - 1
        width = int(self._chunk_widths[chunk])
        weighted = int(self._chunk_weights[chunk]) + (start - int(self._chunk_ids[chunk])) // 4 * width
        ids = np.frombuffer(self._map, "<u4", count, start)
        weights = np.frombuffer(self._map, f"<u{width}", count, weighted)
        return ids, weights


    def _maybe_rare(self, key: bytes) -> bool:
        """Whether ``key`` may be one of the rare terms left out (the Bloom filter: no for most terms not held)."""
        if not self._bloom_bits:
            return False
        at = self._bloom_at
        return all(self._map[at + (b >> 3)] >> (b & 7) & 1 for b in _probes(key, self._bloom_bits))


_OPEN: dict[str, SegmentPostings | None] = {}


def segment_postings(folder: str, segment_id: str) -> SegmentPostings | None:
    """The posting arrays of a segment of the index in ``folder`` (None for a segment written without them)."""
    path = str(Path(folder) / segment_file(segment_id))
    if path not in _OPEN:
        if len(_OPEN) > 64:
            _OPEN.clear()
        try:
            _OPEN[path] = SegmentPostings(Path(path))
        except FileNotFoundError:
            _OPEN[path] = None
        except (OSError, ValueError) as e:
            from .layout import damaged

            raise damaged(f"cannot read {Path(path).parent.name}/{Path(path).name} ({e})") from e
    return _OPEN[path]


def drop_orphans(folder: Path, segment_ids: set[str]) -> None:
    """Remove the posting arrays of segments the index no longer has (merged away)."""
    for path in folder.glob("*" + SUFFIX):
        if path.name[:-len(SUFFIX)] not in segment_ids:
            path.unlink()
