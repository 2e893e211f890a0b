"""Queries answered from the index's columns rather than its postings (date overlap, sets of documents),
and the cached column values that counts, facets and date order read.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# the cache of values computed from a reader lives with the index (a generation shares it among its readers)
from ..index.cache import cached, reader_cache, segments_key, share_cache  # noqa: F401


def date_filter(start, end):
    """Passages whose document date range overlaps [start, end] (either end may be open)."""
    return _column_queries()[0](start, end)


def documents_in(doc_ids, score: float = 1.0):
    """Every passage of these documents, each scoring ``score``."""
    return _column_queries()[1](frozenset(doc_ids), score)


def in_place(field: str, parts: tuple[str, ...]):
    """Every passage whose source lies in a folder holding ``parts`` as whole path components in that order
    (``field`` "folder"), or whose document has the file type ``parts[0]`` ("ext"); each scoring 0."""
    return _column_queries()[2](field, parts)


def place_matches(field: str, value: str, parts: tuple[str, ...]) -> bool:
    """Whether a folder (or a file type) holds ``parts`` (folded, ``*`` and ``?`` within a component)."""
    from fnmatch import fnmatchcase

    from ..analysis.tokens import fold

    have = [fold(c.lower()) for c in re.split(r"[/\\]+", value) if c]
    n = len(parts)
    return any(all(fnmatchcase(have[i + k], parts[k]) for k in range(n)) for i in range(len(have) - n + 1)) and (
        field == "folder" or len(have) == 1)


def excluding(query, excluded):
    """``query`` without the passages ``excluded`` matches (whoosh's AndNot, whose matcher keeps the first
    passage ``query`` matches when ``excluded`` matches it and an earlier one: `Castro -dir:seeds` kept one)."""
    return _column_queries()[3](query, excluded)


_COLUMN_QUERIES: tuple | None = None


def _column_queries():
    """Queries answered from the index's columns rather than its postings. A TermRange on the date fields
    has to union the postings of every date in the range (for `date_end >= X`, nearly all of them), and an
    Or of one doc_id term per document walks a union tree as deep as the documents are many: both made
    the query several times slower than the words beside it. (whoosh 2.7's NumericRange gives wrong
    answers for open or wide ranges.) The classes are built on first use: ``import search_engine`` does not
    import whoosh."""
    global _COLUMN_QUERIES
    if _COLUMN_QUERIES is not None:
        return _COLUMN_QUERIES
    from whoosh import query as wq
    from whoosh.matching import AndNotMatcher, ListMatcher, NullMatcher

    from ..index.schema import date_term

    class _ColumnQuery(wq.Query):
        def __eq__(self, other):
            return type(other) is type(self) and other._key() == self._key()

        def __hash__(self):
            return hash((type(self).__name__, self._key()))

        def __repr__(self):
            return f"{type(self).__name__}{self._key()}"

        def is_leaf(self):
            return True

        def estimate_size(self, reader):
            return reader.doc_count()

        def matcher(self, searcher, context=None):
            reader = searcher.reader()
            ids = self._ids(reader)
            if reader.has_deletions():
                ids = [i for i in ids if not reader.is_deleted(i)]
            return ListMatcher(ids, all_weights=self._weight()) if ids else NullMatcher()

        def _weight(self) -> float:
            return 0.0

    class _DateOverlap(_ColumnQuery):
        """Passages whose document's [date_start, date_end] overlaps [start, end]."""

        def __init__(self, start, end, boost: float = 1.0):
            self.start, self.end, self.boost = start, end, boost

        def _key(self):
            return self.start, self.end

        def _ids(self, reader):
            starts, ends = column_values(reader, "date_start"), column_values(reader, "date_end")
            low = date_term(self.start) if self.start is not None else ""
            high = date_term(self.end) if self.end is not None else "99999999"
            return [i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if s and s <= high and e >= low]

    class _DocumentsIn(_ColumnQuery):
        """Every passage of the given documents, each scoring a constant."""

        def __init__(self, doc_ids: frozenset, score: float = 1.0, boost: float = 1.0):
            self.doc_ids, self.score, self.boost = doc_ids, score, boost

        def _key(self):
            return tuple(sorted(self.doc_ids)), self.score

        def _ids(self, reader):
            wanted = self.doc_ids
            return [i for i, d in enumerate(column_values(reader, "doc_id")) if d in wanted]

        def _weight(self) -> float:
            return self.score

    class _InPlace(_ColumnQuery):
        """Every passage whose folder (or file type) matches: the column's few distinct values are compared."""

        def __init__(self, field: str, parts: tuple[str, ...], boost: float = 1.0):
            self.field, self.parts, self.boost = field, parts, boost

        def _key(self):
            return self.field, self.parts

        def _ids(self, reader):
            values = column_values(reader, self.field)
            wanted = {v for v in set(values) if v and place_matches(self.field, v, self.parts)}
            return [i for i, v in enumerate(values) if v in wanted]

    class _AndNotMatcher(AndNotMatcher):
        def _find_first(self):
            if self.a.is_active() and self.b.is_active() and self.b.id() < self.a.id():
                self.b.skip_to(self.a.id())
            super()._find_first()

    class _Excluding(wq.AndNot):
        def matcher(self, searcher, context=None):
            return _AndNotMatcher(self.a.matcher(searcher, context), self.b.matcher(searcher, searcher.boolean_context()))

    _COLUMN_QUERIES = (_DateOverlap, _DocumentsIn, _InPlace, _Excluding)
    return _COLUMN_QUERIES


def column_values(reader, name: str):
    """A text column as a sequence indexed by document number (cached with the reader, see :func:`reader_cache`):
    the document id and the folder from the arrays the build wrote (index.arrays), each value looked up when
    asked for; the others decoded from whoosh's columns.

    Read segment by segment: whoosh's multi-segment column reader leaves out the segments that hold no
    value for the column (a segment of undated documents has no date columns), which would shift every
    document number after them."""
    def make():
        found = coded_column(reader, name)
        if found is not None:
            return CodedValues(*found)
        return [_text(v) for leaf, _ in reader.leaf_readers() for v in leaf.column_reader(name)]

    return cached(reader, "column", name, make)


class CodedValues:
    """A text column as each passage's code and the distinct values: ``values[docnum]`` is the passage's value."""

    def __init__(self, codes, names: list[str]):
        self.codes, self.names = codes, names

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, docnum) -> str:
        return self.names[self.codes[docnum]]

    def __iter__(self):
        names = self.names
        return (names[c] for c in self.codes.tolist())


def coded_column(reader, name: str):
    """(each passage's code, the distinct values sorted) of a text column, from the arrays each segment has
    beside it (index.arrays); None when a segment has none. Cached with the reader."""
    from ..index.arrays import CODED, segment_arrays

    if name not in CODED:
        return None

    def make():
        parts = []
        for leaf, _ in reader.leaf_readers():
            arrays = segment_arrays(leaf)
            found = arrays.coded(name) if arrays is not None else None
            if found is None:
                return None
            parts.append(found)
        import numpy as np

        if len(parts) == 1:  # the segment's own codes (its names are sorted): not a copy of every passage's
            return parts[0]
        # an update's small segments mostly name what the largest names already (an edited document's id and
        # folder stay among the largest's names when its old passages are deleted): then the largest's sorted
        # names are the column's and its codes stand as they are, only the small segments' are translated
        _, largest = max(parts, key=lambda part: len(part[0]))
        if all(_sorted_has(largest, n) for _, segment_names in parts if segment_names is not largest
               for n in segment_names):
            names, place = largest, lambda n: bisect_left(largest, n)
        else:
            names = sorted({n for _, segment_names in parts for n in segment_names})
            place = {n: i for i, n in enumerate(names)}.__getitem__
        # int32 as each segment writes them (index.arrays): 4 bytes a passage, not 8
        codes = [segment_codes if segment_names is names else
                 np.asarray([place(n) for n in segment_names], np.int32)[segment_codes]
                 for segment_codes, segment_names in parts]
        return (np.concatenate(codes) if codes else np.empty(0, np.int32), names)

    return cached(reader, "coded", name, make)


def _sorted_has(names: list[str], name: str) -> bool:
    i = bisect_left(names, name)
    return i < len(names) and names[i] == name


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")
