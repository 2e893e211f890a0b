"""The candidates of a Solr query as an index reader: each term's postings as arrays, read from the passages'
records as the embedded index's analysis indexes them, for the embedded engine's compiler and scorer.

In: the candidates' records (``whoosh_record`` in solr/rerank.py) and the index terms the query can ask for.
Out: :class:`CandidateReader`, a whoosh reader of those passages alone (document numbers in their order)
whose postings, field lengths and columns are what a whoosh index of them holds, so that
:class:`search_engine.search.scores.Scorer` scores them to the same bits.

Why not a whoosh index in memory. Writing one (whoosh's writer pools, sorts and encodes every posting,
then decodes them again to score) took 85% of ranking a thousand candidates; here each field's words are
analysed once and their postings kept as the arrays the scorer reads (``posting_arrays``).
"""

from __future__ import annotations

import itertools

import numpy as np
from whoosh.reading import IndexReader, TermInfo, TermNotFound

_SEGMENT_IDS = itertools.count()


class _Segment:
    """What the caches that key on a reader's segments ask of it (index.cache.segments_key)."""

    def __init__(self, size: int):
        self._id = f"candidates{next(_SEGMENT_IDS)}"
        self._size = size

    def segment_id(self) -> str:
        return self._id

    def doc_count_all(self) -> int:
        return self._size


class _Arrays:
    """The arrays a build writes beside a segment (index.arrays.SegmentArrays), as far as the candidates have
    them: each full-text field's length bytes; the columns are read from :meth:`CandidateReader.column_reader`."""

    def __init__(self, length_bytes: dict[str, np.ndarray]):
        self._lengths = length_bytes

    def lengths(self, field: str):
        return self._lengths.get(field)

    def coded(self, name: str):
        return None

    def numbers(self, name: str):
        return None


class _Postings:
    """Each term's (document numbers, weights), as index.postings' arrays give them to the scorer."""

    def __init__(self, postings: dict[tuple[str, bytes], tuple[np.ndarray, np.ndarray, list]]):
        self._postings = postings

    def get(self, field: str, btext: bytes):
        found = self._postings.get((field, btext))
        return (_EMPTY_IDS, _EMPTY_WEIGHTS) if found is None else found[:2]


def _length_bytes(lengths: np.ndarray, length_to_byte) -> np.ndarray:
    """whoosh's length byte of each length (computed once per distinct length)."""
    distinct, at = np.unique(lengths, return_inverse=True)
    return np.asarray([length_to_byte(int(n)) for n in distinct], np.uint8)[at.ravel()]


_EMPTY_IDS = np.empty(0, np.int64)
_EMPTY_WEIGHTS = np.empty(0, np.float64)


class CandidateReader(IndexReader):
    """A whoosh reader of the candidates' records (``schema``: the index schema whose full-text fields give
    only the query's terms, see solr/rerank.candidate_reader)."""

    def __init__(self, schema, records: list[dict]):
        from whoosh.util.numeric import byte_to_length, length_to_byte

        from ..index.cache import reader_cache

        self.schema = schema
        self._size = len(records)
        self._segment = _Segment(self._size)
        lengths: dict[str, np.ndarray] = {}
        postings: dict[tuple[str, bytes], list] = {}
        columns: dict[str, list] = {}
        analysed: dict[tuple[str, object], list] = {}  # the short fields' values repeat (a document's id, its language)
        for docnum, record in enumerate(records):
            for name, value in record.items():
                # a name the schema does not hold (the passage's id) is the record's own: no reader of these asks it
                if value is None or name.startswith("_") or name not in schema:
                    continue
                field = schema[name]
                if field.indexed:
                    if field.scorable:  # full text
                        items = field.index(value)
                    else:
                        items = analysed.get((name, value))
                        if items is None:
                            items = analysed[(name, value)] = list(field.index(value))
                    length = 0
                    for btext, freq, weight, vbytes in items:
                        length += freq
                        held = postings.get((name, btext))
                        if held is None:
                            held = postings[(name, btext)] = ([], [], [])
                        held[0].append(docnum)
                        held[1].append(weight)
                        held[2].append(vbytes)
                    if field.scorable:
                        if name not in lengths:
                            lengths[name] = np.zeros(self._size, np.int64)
                        lengths[name][docnum] = length
                if field.column_type is not None:
                    columns.setdefault(name, [None] * self._size)[docnum] = field.to_column_value(value)
        self._postings = {key: (np.asarray(ids, np.int64), np.asarray(weights, np.float64), values)
                          for key, (ids, weights, values) in postings.items()}
        self._terms = sorted(self._postings)
        self._total_lengths = {name: int(found.sum()) for name, found in lengths.items()}
        # whoosh keeps a field's length in one byte: the scorer decodes it with whoosh's table
        self._length_bytes = {name: _length_bytes(found, length_to_byte) for name, found in lengths.items()}
        table = np.array([byte_to_length(i) for i in range(256)], np.float64)
        self._decoded = {name: table[found] for name, found in self._length_bytes.items()}
        self._columns = columns
        self.posting_arrays = _Postings(self._postings)
        reader_cache(self)[("arrays", self._segment.segment_id())] = _Arrays(self._length_bytes)

    # -- what whoosh's searcher and queries ask of a reader

    def __contains__(self, term) -> bool:
        field, text = term
        try:
            return (field, self._text_to_bytes(field, text)) in self._postings
        except (TermNotFound, ValueError):
            return False

    def segment(self):
        return self._segment

    def leaf_readers(self):
        return [(self, 0)]

    def indexed_field_names(self):
        return sorted({field for field, _ in self._terms})

    def all_terms(self):
        return iter(self._terms)

    def terms_from(self, fieldname, prefix):
        import bisect

        if isinstance(prefix, str):
            prefix = prefix.encode("utf-8")
        return iter(self._terms[bisect.bisect_left(self._terms, (fieldname, prefix)):])

    def term_info(self, fieldname, text):
        found = self._postings.get((fieldname, self._text_to_bytes(fieldname, text)))
        if found is None:
            raise TermNotFound((fieldname, text))
        ids, weights, _ = found
        lengths = self._decoded.get(fieldname)
        held = lengths[ids] if lengths is not None else None
        return TermInfo(weight=float(weights.sum()), df=len(ids),
                        minlength=None if held is None else int(held.min()),
                        maxlength=0 if held is None else int(held.max()), maxweight=float(weights.max()),
                        minid=int(ids[0]), maxid=int(ids[-1]))

    def has_deletions(self) -> bool:
        return False

    def is_deleted(self, docnum) -> bool:
        return False

    def stored_fields(self, docnum):
        return {}

    def doc_count_all(self) -> int:
        return self._size

    def doc_count(self) -> int:
        return self._size

    def frequency(self, fieldname, text) -> float:
        found = self._postings.get((fieldname, self._text_to_bytes(fieldname, text)))
        return 0.0 if found is None else float(found[1].sum())

    def doc_frequency(self, fieldname, text) -> int:
        try:
            btext = self._text_to_bytes(fieldname, text)
        except (TermNotFound, ValueError):
            return 0
        found = self._postings.get((fieldname, btext))
        return 0 if found is None else len(found[0])

    def field_length(self, fieldname) -> int:
        return self._total_lengths.get(fieldname, 0)

    def min_field_length(self, fieldname) -> int:
        found = self._decoded.get(fieldname)
        return int(found.min()) if found is not None and len(found) else 0

    def max_field_length(self, fieldname) -> int:
        found = self._decoded.get(fieldname)
        return int(found.max()) if found is not None and len(found) else 0

    def doc_field_length(self, docnum, fieldname, default=0):
        found = self._decoded.get(fieldname)
        return default if found is None else found[docnum]

    def has_vector(self, docnum, fieldname) -> bool:
        return False

    def postings(self, fieldname, text, scorer=None):
        from whoosh.matching import ListMatcher, NullMatcher

        btext = self._text_to_bytes(fieldname, text)
        found = self._postings.get((fieldname, btext))
        if found is None:
            raise TermNotFound((fieldname, text))
        ids, weights, values = found
        if not len(ids):
            return NullMatcher()
        return ListMatcher(ids.tolist(), weights.tolist(), values, self.schema[fieldname].format, scorer=scorer,
                           term=(fieldname, btext))

    def posting_values(self, fieldname, btext: bytes) -> tuple[np.ndarray, np.ndarray, list]:
        """(document numbers, weights, each posting's encoded positions) of a term (search.scores' phrases)."""
        return self._postings.get((fieldname, btext), (_EMPTY_IDS, _EMPTY_WEIGHTS, []))

    def has_column(self, fieldname) -> bool:
        return fieldname in self._columns

    def column_reader(self, fieldname, column=None, reverse=False, translate=True):
        field = self.schema[fieldname]
        default = field.column_type.default_value(reverse)
        values = [default if v is None else v for v in self._columns.get(fieldname, [None] * self._size)]
        return [field.from_column_value(v) for v in values] if translate else values
