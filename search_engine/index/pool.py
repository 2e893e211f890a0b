"""The postings of a segment being written, held compactly until whoosh writes them in term order.

whoosh's writer puts every posting in a pool as a tuple (field, term, document, weight, positions), about 200
bytes of Python objects each, and when its estimate of their size passes ``limitmb`` it sorts them and pickles
them one by one into a run file, to be read back and merged at the commit: at 16x FRUS, spilling and merging
took over half of the build process's time. This pool keeps a posting in about 16 bytes (a term number, the
document, its weight and where its positions end, in arrays; the positions in one byte string) and sorts it by
term at the commit with NumPy, so a build of this size never writes a run. Past ``limitmb`` of its own (real)
size it spills, sorted, into a run of its own: the arrays themselves (whoosh's runs pickle each posting alone and
read them back one by one: at 64x FRUS that was most of the commit); the commit merges the runs a term at a time
(:class:`_Merged`), reading each run a batch of whole terms at a time, never holding a run whole.

The postings come out exactly as whoosh's pool gives them: in order of field, term, document (tests compare
the index files a build writes with and without it).
"""

from __future__ import annotations

import heapq
import pickle
import struct
from array import array
from bisect import bisect_right

from whoosh.writing import PostingPool, SegmentWriter

from ..analysis.fields import Analysed

_WEIGHT_MAX = 0xFFFF  # a weight held as uint16 (a full-text weight is a word's count in a passage); others aside
_TERM_BYTES = 120  # what a new term costs the pool besides its text (its key in a dict, a tuple)
_BATCH = 1 << 16  # postings turned into whoosh's tuples at a time
_SORT_SLICE = 1 << 18  # postings sorted at a time (see CompactPostingPool._ordered)
_SEPARATOR = Analysed._SEPARATOR.encode()
_RUN_MAGIC = b"SEPRUN01"
_RUN_FOOTER = struct.Struct("<8sQQ")  # magic, where the run's directory (pickled) begins, its length


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

    def _ranked_terms(self):
        """The pool's terms in order of field and term: the fields' names, each term's field number (uint16) and
        bytes in that order, and each term number's place (rank) among them (uint32). A list of the terms' bytes
        rather than of (field, term) tuples: 8 bytes a term where a tuple took 64."""
        import numpy as np

        fields = sorted(f for f, terms in self._terms.items() if terms)
        terms: list[bytes] = []
        field_of = np.empty(self._term_count, np.uint16)
        rank = np.empty(self._term_count, np.uint32)
        for i, field in enumerate(fields):
            held = self._terms[field]
            ordered = sorted(held)
            start, stop = len(terms), len(terms) + len(ordered)
            field_of[start:stop] = i
            rank[np.fromiter(map(held.__getitem__, ordered), np.uint32, len(ordered))] = np.arange(start, stop,
                                                                                                 dtype=np.uint32)
            terms.extend(ordered)
        return fields, field_of, terms, rank

    def save(self) -> None:
        """Spill the postings held into a run (:meth:`_write_run_arrays`), sorted."""
        if self._docs:
            path, f = self._new_run()
            try:
                self._write_run_arrays(f)
            finally:
                f.close()
            self._add_run(path)
            self._clear()

    def items(self, maxfiles: int = 128):
        if not self.runs:
            return _Held(self)
        self.save()
        runs, self.runs = self.runs, []
        return _Merged(self, runs)

    def _write_run_arrays(self, f) -> None:
        """Write the postings held, in order of field, term and document, as a run: little-endian sections
        ``documents`` (uint32 each), ``weights`` (uint16), ``value lengths`` (uint32), ``values`` (their bytes),
        then for each term its field's number (uint16), where its bytes end (uint64), the terms' bytes and
        where each term's postings begin (int64, and their count), then the directory (pickled: the field
        names, the counts, the weights uint16 does not hold and the postings without a value) and
        ``_RUN_FOOTER``."""
        import numpy as np

        fields, field_of, terms, order, bounds = self._ordered()
        n = len(order)
        docs = np.frombuffer(self._docs, np.uint32)
        ends = np.frombuffer(self._ends, np.uint64)
        values = np.frombuffer(self._values, np.uint8)
        weights = np.frombuffer(self._weights, np.uint16)

        def lengths(batch):  # the values' lengths of these postings (no array of every posting's: less memory)
            return (ends[batch] - np.where(batch > 0, ends[batch - 1], 0)).astype(np.int64)  # batch - 1 wraps at 0

        for held in (docs, weights, None):
            for start in range(0, n, _BATCH * 16):
                batch = order[start:start + _BATCH * 16].astype(np.int64)
                f.write(held[batch].tobytes() if held is not None else lengths(batch).astype(np.uint32).tobytes())
        value_bytes = 0
        for start in range(0, n, _BATCH):  # the values in the postings' new order, gathered a batch at a time
            batch = order[start:start + _BATCH].astype(np.int64)
            size = lengths(batch)
            total = int(size.sum())
            if total:
                firsts = ends[batch].astype(np.int64) - size
                f.write(values[np.repeat(firsts - (np.cumsum(size) - size), size) + np.arange(total)].tobytes())
                value_bytes += total
        del values
        f.write(field_of.tobytes())
        f.write(np.cumsum(np.fromiter(map(len, terms), np.int64, len(terms))).tobytes())
        f.write(b"".join(terms))
        f.write(bounds.tobytes())
        odd = none = {}
        if self._odd_weights or self._no_value:  # in the run's order
            place = np.empty(n, np.int64)
            place[order] = np.arange(n)
            odd = {int(place[i]): w for i, w in self._odd_weights.items()}
            none = {int(place[i]): None for i in self._no_value}
        directory = pickle.dumps({"fields": fields, "postings": n, "terms": len(terms),
                                  "value_bytes": value_bytes, "term_bytes": sum(map(len, terms)),
                                  "odd": odd, "none": set(none)}, protocol=pickle.HIGHEST_PROTOCOL)
        where = f.tell()
        f.write(directory)
        f.write(_RUN_FOOTER.pack(_RUN_MAGIC, where, len(directory)))

    def _ordered(self):
        """(the fields' names, each term's field number and bytes in order: see :meth:`_ranked_terms`; the
        postings' order by term and document, uint32; where each term's postings begin in that order, then their
        count, int64) of the postings held. Sorted a slice of terms at a time, each slice of about _SORT_SLICE
        postings: the sort's own arrays (int64 each) are of one slice, not of every posting held, which at a spill
        of the 128 MB pool took 95 MB beside it."""
        import numpy as np

        fields, field_of, terms, rank = self._ranked_terms()
        term_of = np.frombuffer(self._term_of, np.uint32)
        docs = np.frombuffer(self._docs, np.uint32)
        n, t = len(term_of), len(terms)
        counts = np.zeros(t, np.int64)  # each term number's postings, counted a batch at a time (bincount's int64 copy)
        for start in range(0, n, _BATCH * 16):
            counts += np.bincount(term_of[start:start + _BATCH * 16], minlength=t)
        by_rank = np.empty(t, np.int64)
        by_rank[rank] = counts
        del counts
        bounds = np.concatenate(([0], np.cumsum(by_rank))).astype(np.int64)
        del by_rank
        order = np.empty(n, np.uint32 if n <= 0xFFFFFFFF else np.int64)
        # the terms cut into slices of about _SORT_SLICE postings (a term of more: a slice of its own); each
        # posting's slice, a byte each (at most 255 slices: past that, larger slices)
        cuts = np.unique(np.searchsorted(bounds, np.arange(0, n, max(_SORT_SLICE, -(-n // 255)), dtype=np.int64),
                                         "right") - 1)
        cuts = np.append(cuts, t)
        slice_of_rank = np.repeat(np.arange(len(cuts) - 1, dtype=np.uint8), np.diff(cuts))
        slice_of = slice_of_rank[rank][term_of]
        del slice_of_rank
        for i in range(len(cuts) - 1):
            chosen = np.flatnonzero(slice_of == i)
            if len(chosen):
                o = np.lexsort((docs[chosen], rank[term_of[chosen]]))
                order[bounds[cuts[i]]:bounds[cuts[i + 1]]] = chosen[o]
        return fields, field_of, terms, order, bounds

    def _sorted(self):
        """The postings held, as whoosh's tuples, in order of field, term and document (a term has one posting a
        document: whoosh's writer adds a document's terms, and merges a segment's postings, once)."""
        import numpy as np

        if not self._docs:
            return
        fields, field_of, terms, order, bounds = self._ordered()
        names = [fields[i] for i in field_of.tolist()]
        term_at = np.repeat(np.arange(len(terms), dtype=np.int64), np.diff(bounds))  # each place's term rank
        docs = np.frombuffer(self._docs, np.uint32)
        ends = np.frombuffer(self._ends, np.uint64)
        weights = np.frombuffer(self._weights, np.uint16)
        values = bytes(self._values)
        odd, none = self._odd_weights, self._no_value
        for start in range(0, len(order), _BATCH):
            batch = order[start:start + _BATCH].astype(np.int64)
            firsts = np.where(batch > 0, ends[batch - 1], 0)  # batch - 1 wraps at 0: where() takes 0 there
            rows = [(names[k], terms[k], d, odd.get(i, w) if odd else w,
                     None if i in none else values[a:b])
                    for k, d, w, a, b, i in zip(term_at[start:start + _BATCH].tolist(), docs[batch].tolist(),
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
        fields, field_of, terms, order, bounds = self._ordered()
        bounds = bounds.tolist()
        field_of = field_of.tolist()
        docs = np.frombuffer(self._docs, np.uint32)
        ends = np.frombuffer(self._ends, np.uint64)
        weights = np.frombuffer(self._weights, np.uint16)
        values = bytes(self._values)
        odd, none = self._odd_weights, self._no_value
        t, count = 0, len(terms)
        while t < count:  # whole terms of about _BATCH postings at a time (a term of more: alone)
            u = max(t + 1, bisect_right(bounds, bounds[t] + _BATCH, t) - 1)
            first = bounds[t]
            batch = order[first:bounds[u]].astype(np.int64)
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
                yield fields[field_of[k]], terms[k], held_docs[a:b], held_weights[a:b], held_values[a:b]
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


class _Run:
    """One run a pool spilled (:meth:`CompactPostingPool._write_run_arrays`), read a batch of whole terms at a
    time."""

    def __init__(self, f):
        import numpy as np

        self._f = f
        f.seek(-_RUN_FOOTER.size, 2)
        magic, where, length = _RUN_FOOTER.unpack(f.read(_RUN_FOOTER.size))
        if magic != _RUN_MAGIC:
            raise ValueError("not a run of index.pool")
        f.seek(where)
        d = pickle.loads(f.read(length))
        self._fields, n, t = d["fields"], d["postings"], d["terms"]
        self._odd, self._none = d["odd"], d["none"]
        self._weights_at, self._lengths_at, self._values_at = 4 * n, 6 * n, 10 * n
        terms_at = self._values_at + d["value_bytes"]
        self._field_of = self._read(terms_at, 2 * t, np.uint16)
        self._term_ends = self._read(terms_at + 2 * t, 8 * t, np.int64)
        self._terms_at = terms_at + 10 * t
        self._bounds = self._read(self._terms_at + d["term_bytes"], 8 * (t + 1), np.int64)

    def _read(self, at: int, size: int, dtype=None):
        self._f.seek(at)
        data = self._f.read(size)
        if len(data) != size:
            raise EOFError("a run of index.pool ends early")
        if dtype is None:
            return data
        import numpy as np

        return np.frombuffer(data, dtype)

    def terms(self, tag: int):
        """((field, term), tag, documents, weights, values) of each term of the run, in order."""
        import numpy as np

        bounds, term_ends, field_of, fields = self._bounds, self._term_ends, self._field_of, self._fields
        terms, value_at = len(term_ends), self._values_at
        t = 0
        while t < terms:
            u = max(t + 1, int(np.searchsorted(bounds, bounds[t] + _BATCH, "right")) - 1)
            lo, hi = int(bounds[t]), int(bounds[u])
            docs = self._read(4 * lo, 4 * (hi - lo), np.uint32).tolist()
            weights = self._read(self._weights_at + 2 * lo, 2 * (hi - lo), np.uint16).astype(np.float64).tolist()
            ends = np.cumsum(self._read(self._lengths_at + 4 * lo, 4 * (hi - lo), np.uint32), dtype=np.int64)
            size = int(ends[-1])
            blob = self._read(value_at, size)
            value_at += size
            ends = ends.tolist()
            values = [blob[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
            for i in range(lo, hi) if self._odd or self._none else ():
                if i in self._odd:
                    weights[i - lo] = self._odd[i]
                if i in self._none:
                    values[i - lo] = None
            first = int(term_ends[t - 1]) if t else 0
            blob = self._read(self._terms_at + first, int(term_ends[u - 1]) - first)
            cuts = (term_ends[t:u] - first).tolist()
            starts = (bounds[t:u] - lo).tolist()
            stops = (bounds[t + 1:u + 1] - lo).tolist()
            names = field_of[t:u].tolist()
            a = 0
            for k in range(u - t):
                yield ((fields[names[k]], blob[a:cuts[k]]), tag,
                       docs[starts[k]:stops[k]], weights[starts[k]:stops[k]], values[starts[k]:stops[k]])
                a = cuts[k]
            t = u


class _Merged:
    """The postings of a pool that spilled, its runs merged a term at a time (a k-way merge of the runs' terms;
    a term's postings are those of each run in turn, whose documents come in order): ``by_term()``, a term's
    postings at once; iterated, whoosh's tuples."""

    def __init__(self, pool: CompactPostingPool, runs: list[str]):
        self._pool = pool
        self._runs = runs

    def __iter__(self):
        for field, term, docs, weights, values in self._terms():
            for posting in zip(docs, weights, values, strict=True):
                yield field, term, *posting

    def by_term(self):
        return self._terms()

    def _terms(self):
        pool = self._pool
        files = [pool._open_run(path) for path in self._runs]
        try:
            runs = [_Run(f) for f in files]
            key = docs = weights = values = None
            in_order = True  # a run's postings are in order of document: only where two runs meet may they not be
            for next_key, _, d, w, v in heapq.merge(*(run.terms(i) for i, run in enumerate(runs))):
                if next_key != key:
                    if docs is not None:
                        yield key[0], key[1], *((docs, weights, values) if in_order else _sort(docs, weights, values))
                    key, docs, weights, values, in_order = next_key, d, w, v, True
                else:
                    in_order = in_order and docs[-1] <= d[0]
                    docs += d
                    weights += w
                    values += v
            if docs is not None:
                yield key[0], key[1], *((docs, weights, values) if in_order else _sort(docs, weights, values))
        finally:
            for f in files:
                f.close()
        for path in self._runs:
            pool._remove_run(path)
        self._runs = []


def _sort(docs: list[int], weights: list, values: list) -> tuple[list, list, list]:
    """A term's postings gathered from runs whose documents were added out of order, sorted by document."""
    rows = sorted(zip(docs, weights, values, strict=True), key=lambda row: row[0])
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


