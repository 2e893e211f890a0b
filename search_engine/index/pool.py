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
from bisect import bisect_right

from whoosh.writing import PostingPool, SegmentWriter

from ..analysis.fields import Analysed

_WEIGHT_MAX = 0xFFFF  # a weight held as uint16 (a full-text weight is a word's count in a passage); others aside
_TERM_BYTES = 120  # what a new term costs the pool besides its text (its key in a dict, a tuple)
_BATCH = 1 << 16  # postings turned into whoosh's tuples at a time
_SEPARATOR = Analysed._SEPARATOR.encode()


class CompactPostingPool(PostingPool):
    """whoosh's PostingPool (its runs, its merge), with the postings in memory held as arrays."""

    def __init__(self, tempstore, segment, limitmb: int = 128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._clear()

    def _clear(self) -> None:
        self._terms: dict[str, dict[bytes, int]] = {}  # field -> term -> its number in this pool
        self._term_count = 0
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
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        number = terms.get(tbytes)
        if number is None:
            number = terms[tbytes] = self._term_count
            self._term_count += 1
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

    def add_analysed(self, fieldname: str, docnum: int, value) -> int | None:
        """Add the postings of a full-text value analysed before whoosh took it (analysis.fields.Analysed) at
        once, as whoosh's writer would add them one by one; its length (the words it counts), or None when it
        is not for this way (a weight other than a whole count: the caller adds it posting by posting)."""
        if value.boost != 1.0:
            return None
        if not value.counts:
            return 0
        import numpy as np

        counts = np.frombuffer(value.counts, np.uint32)
        if int(counts.max()) > _WEIGHT_MAX:
            return None
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
        held = value.terms.split(_SEPARATOR)
        found = [terms.get(term) for term in held]
        if None in found:  # terms new to the pool, numbered in order (a value's terms are distinct)
            for i, number in enumerate(found):
                if number is None:
                    term = held[i]
                    found[i] = terms[term] = self._term_count
                    self._term_count += 1
                    self.currentsize += _TERM_BYTES + len(term)
        numbers = array("I", found)
        length = value.length
        self.fieldnames.add(fieldname)
        n = len(numbers)
        self._term_of.extend(numbers)
        self._docs.extend(array("I", [docnum]) * n)
        self._weights.frombytes(counts.astype(np.uint16).tobytes())
        self._ends.frombytes((np.frombuffer(value.ends, np.uint64) + np.uint64(len(self._values))).tobytes())
        self._values += value.values
        self.currentsize += 22 * n + len(value.values)
        if self.currentsize > self.limit:
            self.save()
        return length

    def _ranks(self):
        """The pool's (field, term) keys in order, and each term number's place among them."""
        import numpy as np

        keys = sorted((field, term) for field, terms in self._terms.items() for term in terms)
        rank = np.empty(len(keys), np.uint32)
        rank[np.fromiter((self._terms[f][t] for f, t in keys), np.uint32, len(keys))] = np.arange(len(keys),
                                                                                                 dtype=np.uint32)
        return keys, rank

    def save(self) -> None:
        """Spill the postings held into a run (whoosh's format), sorted."""
        if self._docs:
            path, f = self._new_run()
            self._write_run(f, self._sorted())
            self._add_run(path)
            self._clear()

    def items(self, maxfiles: int = 128):
        if not self.runs:
            return _Held(self)
        return _Merged(super().items(maxfiles))  # spills what is held, then merges the runs

    def _ordered(self):
        """(the terms' keys, each posting's term rank, each posting's document, the postings' order by term and
        document) of the postings held."""
        import numpy as np

        keys, rank = self._ranks()
        ranks = rank[np.frombuffer(self._term_of, np.uint32)]
        docs = np.frombuffer(self._docs, np.uint32)
        return keys, ranks, docs, np.lexsort((docs, ranks))

    def _sorted(self):
        """The postings held, as whoosh's tuples, in order of field, term and document (a term has one posting a
        document: whoosh's writer adds a document's terms, and merges a segment's postings, once)."""
        import numpy as np

        if not self._docs:
            return
        keys, ranks, docs, order = self._ordered()
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
                                                ends[batch].tolist(), batch.tolist(), strict=True)]
            yield from rows
        self._clear()

    def _by_term(self):
        """The postings held, a term at a time: (field, term, documents, weights, values), each a list in order of
        document, the terms in the order of :meth:`_sorted`; a segment's writer takes a term's postings at once
        (index.postings) where whoosh's takes them one by one."""
        import numpy as np

        if not self._docs:
            return
        keys, ranks, docs, order = self._ordered()
        ranks = ranks[order]
        bounds = np.concatenate(([0], np.flatnonzero(ranks[1:] != ranks[:-1]) + 1, [len(order)])).tolist()
        term_ranks = ranks[bounds[:-1]].tolist()
        ends = np.frombuffer(self._ends, np.uint64)
        weights = np.frombuffer(self._weights, np.uint16)
        values = bytes(self._values)
        odd, none = self._odd_weights, self._no_value
        t, terms = 0, len(term_ranks)
        while t < terms:  # whole terms of about _BATCH postings at a time (a term of more: alone)
            u = max(t + 1, bisect_right(bounds, bounds[t] + _BATCH, t) - 1)
            first = bounds[t]
            batch = order[first:bounds[u]]
            starts = np.where(batch > 0, ends[batch - 1], 0).tolist()  # batch - 1 wraps at 0: where() takes 0 there
            held_values = [values[a:b] for a, b in zip(starts, ends[batch].tolist(), strict=True)]
            held_weights = weights[batch].astype(np.float64).tolist()
            if odd or none:
                for j, i in enumerate(batch.tolist()):
                    if i in odd:
                        held_weights[j] = odd[i]
                    if i in none:
                        held_values[j] = None
            held_docs = docs[batch].tolist()
            for k in range(t, u):
                a, b = bounds[k] - first, bounds[k + 1] - first
                field, term = keys[term_ranks[k]]
                yield field, term, held_docs[a:b], held_weights[a:b], held_values[a:b]
            t = u
        self._clear()

    def cleanup(self) -> None:
        self._clear()
        super().cleanup()


class _Held:
    """The postings a pool holds, to be written without a run: iterated, whoosh's tuples (:meth:`_sorted`);
    ``by_term()``, a term's postings at once."""

    def __init__(self, pool: CompactPostingPool):
        self._pool = pool

    def __iter__(self):
        return self._pool._sorted()

    def by_term(self):
        return self._pool._by_term()


class _Writer(SegmentWriter):
    """whoosh's segment writer, whose ``add_document`` gives the pool a full-text value analysed before (see
    index.build.prepare_documents) in one call rather than a posting at a time; the rest is whoosh's own."""

    def add_document(self, **fields):
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        add_post = pool.add

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]

            length = 0
            if field.indexed:
                fieldboost = self._field_boost(fields, fieldname, docboost)
                added = (pool.add_analysed(fieldname, docnum, value)
                         if fieldboost == 1.0 and isinstance(value, Analysed) else None)
                if added is not None:
                    length = added if field.scorable else 0
                else:
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in field.index(value):
                        weight *= fieldboost
                        if scorable:
                            length += freq
                        add_post((fieldname, tbytes, docnum, weight, vbytes))

            if field.separate_spelling():
                spellfield = field.spelling_fieldname(fieldname)
                for word in field.spellable_words(value):
                    add_post((spellfield, word.encode("utf-8"), 0, 1, None))

            if field.vector:
                vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes
                                in field.vector.word_values(value, field.analyzer, mode="index"))
                perdocwriter.add_vector_items(fieldname, field, vitems)

            customval = fields.get("_stored_%s" % fieldname, value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1


def writer(ix, limitmb: int, **kwargs):
    """``ix.writer(...)`` with its postings in a :class:`CompactPostingPool`."""
    w = ix.writer(limitmb=limitmb, **kwargs)
    w.pool = CompactPostingPool(w._tempstorage, w.newsegment, limitmb=limitmb)
    if type(w) is SegmentWriter:  # (a writer with other ways of its own keeps them)
        w.__class__ = _Writer
    return w


class _Merged:
    """The postings of a pool that spilled, as whoosh merges its runs: iterated, whoosh's tuples; ``by_term()``,
    gathered a term at a time (the runs are still read and merged a posting at a time)."""

    def __init__(self, items):
        self._items = items

    def __iter__(self):
        return iter(self._items)

    def by_term(self):
        field = term = None
        docs: list[int] = []
        weights: list[float] = []
        values: list = []
        for fieldname, btext, docnum, weight, value in self._items:
            if btext != term or fieldname != field:
                if docs:
                    yield field, term, docs, weights, values
                field, term, docs, weights, values = fieldname, btext, [], [], []
            docs.append(docnum)
            weights.append(weight)
            values.append(value)
        if docs:
            yield field, term, docs, weights, values
