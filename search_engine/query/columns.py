"""Queries answered from the index's columns rather than its postings (date overlap, sets of documents),
and the cached column values that counts, facets and date order read.
"""

from __future__ import annotations

# the cache of values computed from a reader lives with the index (a generation shares it among its readers)
from ..index.cache import reader_cache, segments_key, share_cache  # noqa: F401


def date_filter(start, end):
    """Passages whose document date range overlaps [start, end] (either end may be open)."""
    return _column_queries()[0](start, end)


def documents_in(doc_ids, score: float = 1.0):
    """Every passage of these documents, each scoring ``score``."""
    return _column_queries()[1](frozenset(doc_ids), score)


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
    from whoosh.matching import ListMatcher, NullMatcher

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

    _COLUMN_QUERIES = (_DateOverlap, _DocumentsIn)
    return _COLUMN_QUERIES


def column_values(reader, name: str) -> list[str]:
    """A text column as a list indexed by document number (cached with the reader, see :func:`reader_cache`).

    Read segment by segment: whoosh's multi-segment column reader leaves out the segments that hold no
    value for the column (a segment of undated documents has no date columns), which would shift every
    document number after them."""
    cache = reader_cache(reader)
    key = ("column", segments_key(reader), name)
    values = cache.get(key)
    if values is None:
        values = []
        for leaf, _ in reader.leaf_readers():
            values.extend(_text(v) for v in leaf.column_reader(name))
        cache[key] = values
    return values


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")
