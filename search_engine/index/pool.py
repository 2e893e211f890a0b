"""The postings of a segment being written, held compactly until whoosh writes them in term order.

whoosh's writer puts every posting in a pool as a tuple (field, term, document, weight, positions), about 200
bytes of Python objects each, and when its estimate of their size passes ``limitmb`` it sorts them and pickles
them one by one into a run file, to be read back and merged at the commit: at 16x FRUS, spilling and merging
took over half of the build process's time. This pool keeps a posting in about 16 bytes (a term number, the
document, its weight and where its positions end, in arrays; the positions in one byte string) and sorts it by
term at the commit with NumPy, so a build of this size never writes a run. Past ``limitmb`` of its own (real)
size it spills as whoosh's pool does, into whoosh's run format, and the commit merges the runs as whoosh does.

The postings come out exactly as whoosh's pool gives them: in order of field, term, document (tests compare
the index files a build writes with and without it).
"""

from __future__ import annotations

from array import array

from whoosh.writing import PostingPool

_WEIGHT_MAX = 0xFFFF  # a weight held as uint16 (a full-text weight is a word's count in a passage); others aside
_TERM_BYTES = 120  # what a new term costs the pool besides its text (its key in a dict, a tuple)
_BATCH = 1 << 16  # postings turned into whoosh's tuples at a time


class CompactPostingPool(PostingPool):
    """whoosh's PostingPool (its runs, its merge), with the postings in memory held as arrays."""

    def __init__(self, tempstore, segment, limitmb: int = 128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._clear()

    def _clear(self) -> None:
        self._terms: dict[tuple[str, bytes], int] = {}  # (field, term) -> its number in this pool
        self._term_of = array("I")  # each posting's term number
        self._docs = array("I")
        self._weights = array("H")
        self._odd_weights: dict[int, float] = {}  # posting -> a weight uint16 does not hold exactly
        self._ends = array("Q")  # where each posting's value ends in _values
        self._values = bytearray()
        self._no_value: set[int] = set()  # postings whose value is None (not b"")
        self.currentsize = 0

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self._terms
        key = (fieldname, tbytes)
        number = terms.get(key)
        if number is None:
            number = terms[key] = len(terms)
            self.fieldnames.add(fieldname)
            self.currentsize += _TERM_BYTES + len(tbytes)
        posting = len(self._docs)
        self._term_of.append(number)
        self._docs.append(docnum)
        if weight.__class__ is float and weight.is_integer() and 0 <= weight <= _WEIGHT_MAX:
            self._weights.append(int(weight))
        else:
            self._weights.append(0)
            self._odd_weights[posting] = weight
        if vbytes is None:
            self._no_value.add(posting)
        else:
            self._values += vbytes
        self._ends.append(len(self._values))
        self.currentsize += 22 + (len(vbytes) if vbytes else 0)
        if self.currentsize > self.limit:
            self.save()

    def save(self) -> None:
        """Spill the postings held into a run (whoosh's format), sorted."""
        if self._docs:
            path, f = self._new_run()
            self._write_run(f, self._sorted())
            self._add_run(path)
            self._clear()

    def items(self, maxfiles: int = 128):
        if not self.runs:
            return self._sorted()
        return super().items(maxfiles)  # spills what is held, then merges the runs

    def _sorted(self):
        """The postings held, as whoosh's tuples, in order of field, term and document (a term has one posting a
        document: whoosh's writer adds a document's terms, and merges a segment's postings, once)."""
        import numpy as np

        if not self._docs:
            return
        keys = sorted(self._terms)
        rank = np.empty(len(keys), np.uint32)
        rank[np.fromiter((self._terms[k] for k in keys), np.uint32, len(keys))] = np.arange(len(keys), dtype=np.uint32)
        ranks = rank[np.frombuffer(self._term_of, np.uint32)]
        docs = np.frombuffer(self._docs, np.uint32)
        order = np.lexsort((docs, ranks))
        ends = np.frombuffer(self._ends, np.uint64)
        weights = np.frombuffer(self._weights, np.uint16)
        values = bytes(self._values)
        odd, none = self._odd_weights, self._no_value
        for start in range(0, len(order), _BATCH):
            batch = order[start:start + _BATCH]
            firsts = np.where(batch > 0, ends[batch - 1], 0)  # batch - 1 wraps at 0: where() takes 0 there
            rows = [(keys[k][0], keys[k][1], d, odd.get(i, w) if odd else w,
                     None if i in none else values[a:b])
                    for k, d, w, a, b, i in zip(ranks[batch].tolist(), docs[batch].tolist(),
                                                weights[batch].astype(np.float64).tolist(), firsts.tolist(),
                                                ends[batch].tolist(), batch.tolist())]
            yield from rows
        self._clear()

    def cleanup(self) -> None:
        self._clear()
        super().cleanup()


def writer(ix, limitmb: int, **kwargs):
    """``ix.writer(...)`` with its postings in a :class:`CompactPostingPool`."""
    w = ix.writer(limitmb=limitmb, **kwargs)
    w.pool = CompactPostingPool(w._tempstorage, w.newsegment, limitmb=limitmb)
    return w
