"""A compiled query's matches and BM25F scores as NumPy arrays, read once from whoosh's postings.

In: a whoosh searcher (with the :mod:`.rank` weighting) and a whoosh query. Out: :class:`Matches`, the
sorted document numbers that match and the score whoosh gives each.

Why arrays. whoosh scores a query by walking a tree of matchers one posting at a time in Python; for our
queries (every word in six fields, variants under max, alias phrases, the share of words in two more
trees) that tree has hundreds of leaves that cannot skip, and a query walked it up to four times (the
matches, two ranking tiers, the shares). Here each term's postings are decoded once per query, block by
block, into arrays (ids by ``cumsum`` of whoosh's deltas), scored with whoosh's own BM25F formula over the
same quantised field lengths, and the tree is combined with vector operations: the scores are whoosh's
to the last bits of floating point (the sum order of a union may differ), so the ranking does not move.
Queries this module does not know (phrases, spans, column queries, Every) are matched and scored by
whoosh itself, each once.
"""

from __future__ import annotations

import bisect
import io
import itertools
import pickle
import zlib
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Matches:
    """Matching document numbers (sorted, unique) and their scores, aligned."""

    ids: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def within(self, ids: np.ndarray) -> "Matches":
        """The matches whose document numbers are in ``ids`` (sorted, unique)."""
        keep = np.isin(self.ids, ids, assume_unique=True)
        return self if keep.all() else Matches(self.ids[keep], self.scores[keep])


EMPTY = Matches(np.empty(0, np.int64), np.empty(0, np.float64))


class Scorer:
    """Evaluates whoosh queries against one searcher as arrays; a term read for one query is read once."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.weighting = searcher.weighting
        self.segments = [(r, offset) for r, offset in self.reader.leaf_readers()]
        self._terms: dict[tuple, Matches] = {}
        self._values: dict[tuple, list] = {}  # (field, text) -> each posting's encoded positions, for phrases
        # id(query) -> (the query, its matches) (a query object shared by two trees); the query is kept so that
        # its id is not reused by another while the scorer lives (a spelling probe is dropped once matched)
        self._done: dict[int, tuple[object, Matches]] = {}
        self._live: np.ndarray | None = None
        self._postings: list | None = None
        # a phrase's matches by (field, words, slop): the ranking tiers and the names of an alias group compile
        # it again within one query
        self._phrases: dict[tuple, Matches] = {}
        self._kept: _KeptTerms | None | bool = False  # (see _kept_terms)
        self._kept_values: _KeptTerms | None | bool = False  # (see _kept_positions)
        self._kept_phrase_matches: _KeptTerms | None | bool = False  # (see _kept_phrases)

    # ------------------------------------------------------------------ the tree

    def matches(self, query) -> Matches:
        """The documents ``query`` matches and their scores, as whoosh's searcher would score them."""
        key = id(query)
        if key not in self._done:
            self._done[key] = (query, self._evaluate(query))
        return self._done[key][1]

    def _evaluate(self, q) -> Matches:
        from whoosh import query as wq
        from whoosh.query.qcore import _NullQuery

        kind = type(q)
        if isinstance(q, _NullQuery):
            return EMPTY
        if kind is wq.Term:
            return self.term(q.fieldname, q.text, q.boost)
        if kind in (wq.DisjunctionMax, wq.And) or (isinstance(q, wq.Or) and not q.scale):  # (query.union's Or too)
            subs = q.subqueries
            if not subs:
                return EMPTY
            if len(subs) == 1:  # whoosh uses the only clause's matcher as it is (its boost is not applied)
                return self.matches(subs[0])
            parts = [self.matches(s) for s in subs]
            combined = (_union(parts, self.size, np.add) if isinstance(q, wq.Or) else
                        _union(parts, self.size, np.maximum) if kind is wq.DisjunctionMax else _intersection(parts))
            return _boosted(combined, q.boost)
        if kind in _column_types():
            return self._column_query(q)
        if kind is wq.AndMaybe:
            return _and_maybe(self.matches(q.a), self.matches(q.b))
        if isinstance(q, wq.AndNot):  # (query.columns.excluding's too: its matcher's fix is whoosh's alone)
            return _and_not(self.matches(q.a), self.matches(q.b))
        return self._by_whoosh(q)

    def _by_whoosh(self, q) -> Matches:
        """A query this module does not know, matched and scored by whoosh's own matchers, segment by segment."""
        from whoosh.searching import SearchContext

        if isinstance(q, _phrase_type()):
            return self._phrase(q)
        ids: list[int] = []
        scores: list[float] = []
        context = SearchContext(needs_current=True, weighting=self.weighting)
        for sub, offset in _subsearchers(self.searcher):
            m = q.matcher(sub, context)
            while m.is_active():
                ids.append(m.id() + offset)
                scores.append(m.score())
                m.next()
        if not ids:
            return EMPTY
        found = Matches(np.asarray(ids, np.int64), np.asarray(scores, np.float64))
        if not np.all(found.ids[1:] > found.ids[:-1]):
            order = np.argsort(found.ids, kind="stable")
            found = Matches(found.ids[order], found.scores[order])
        return self._without_deleted(found)

    def _column_query(self, q) -> Matches:
        """query.columns' date overlap and set of documents, from the columns as arrays. whoosh's ListMatcher
        scores a weight of 0.0 as 1.0 (it tests the weight for truth): so do these."""
        dates, documents, places = _column_types()
        if type(q) is documents:
            doc_codes, names = codes(self.reader, "doc_id")
            wanted = np.zeros(len(names) + 1, bool)
            wanted[[i for i, name in enumerate(names) if name in q.doc_ids]] = True
            ids = np.flatnonzero(wanted[doc_codes])
        elif type(q) is places:  # dir:, ext:: the column's few distinct values compared
            ids = np.asarray(q._ids(self.reader), np.int64)
        else:
            from ..index.schema import date_term

            starts, ends = texts(self.reader, "date_start"), texts(self.reader, "date_end")
            low = date_term(q.start) if q.start is not None else ""
            high = date_term(q.end) if q.end is not None else "99999999"
            ids = np.flatnonzero((starts != "") & (starts <= high) & (ends >= low))
        weight = q._weight() or 1.0
        return self._without_deleted(Matches(ids.astype(np.int64), np.full(len(ids), weight, np.float64)))

    def _phrase(self, q) -> Matches:
        """A phrase as whoosh matches and scores it (SpanNear2, ordered, mindist 1): the passages holding every
        word, each word at most ``slop`` positions after the previous one, scored as the sum of the words'
        scores, times the phrase's boost. The positions are decoded only for the passages still in the running
        (each word's whoosh blocks that hold none of them are skipped), and compared as arrays."""
        key = (q.fieldname, tuple(q.words), q.slop)
        found = self._phrases.get(key)
        if found is None:
            kept = self._kept_phrases()
            found = kept.get(key) if kept is not None else None
            if found is None:
                found = self._phrase_matches(q)
                if kept is not None:
                    kept.keep(key, found)
            self._phrases[key] = found
        return _boosted(found, q.boost)

    def _phrase_matches(self, q) -> Matches:
        words = [self.term(q.fieldname, word) for word in q.words]
        both = _intersection(words)
        if not len(both):
            return EMPTY
        ids = both.ids
        # each surviving end of the phrase so far, as one sortable key: its passage's place in ``ids``, then its
        # position (the stride keeps two passages' positions more than ``slop`` apart)
        where, positions = self._positions(q.fieldname, q.words[0], ids)
        alive = np.arange(len(ids))
        for word in q.words[1:]:
            where_next, following = self._positions(q.fieldname, word, ids[alive])
            stride = int(max(positions.max(initial=0), following.max(initial=0))) + q.slop + 2
            ends = alive[where] * stride + positions
            keys = alive[where_next] * stride + following
            before = np.searchsorted(ends, keys, "left") - 1  # the nearest end before each position
            found = before >= 0
            found[found] = keys[found] - ends[before[found]] <= q.slop
            keys = keys[found]
            alive = distinct(keys // stride)
            if not len(alive):
                return EMPTY
            where = np.searchsorted(alive, keys // stride)
            positions = keys % stride
        return Matches(ids[alive], both.scores[alive])

    def _positions(self, field: str, text, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The positions of a term in the passages ``ids`` (sorted; all of them hold it), flattened: for each
        position, the place of its passage in ``ids``, and the position (in order within a passage). Decoded by
        the field's format from the term's postings (whoosh's, or those a Solr query's candidates hold)."""
        fmt = self.searcher.schema[field].format
        chosen = self._values_of(field, text, ids)
        many = getattr(fmt, "decode_many", None)  # (our CompactPositions: all at once, as arrays)
        if many is not None:
            return many(chosen)
        decode = fmt.decode_positions
        lists = [decode(value) for value in chosen]
        counts = np.fromiter(map(len, lists), np.int64, len(lists))
        where = np.repeat(np.arange(len(lists)), counts)
        return where, np.fromiter(itertools.chain.from_iterable(lists), np.int64, int(counts.sum()))

    # ------------------------------------------------------------------ the leaves

    def term(self, field: str, text, boost: float = 1.0) -> Matches:
        """One term's postings, each scored by BM25F as whoosh's scorer does (times ``boost``)."""
        key = (field, text, boost)
        if key in self._terms:
            return self._terms[key]
        if boost != 1.0:
            found = _boosted(self.term(field, text), boost)
        else:
            kept = self._kept_terms()
            found = kept.get((field, text)) if kept is not None else None
            if found is None:
                found = self._read_term(field, text)
                if kept is not None:
                    kept.keep((field, text), found)
        self._terms[key] = found
        return found

    def _kept_terms(self) -> "_KeptTerms | None":
        """The terms read and scored for earlier queries on this generation (None for a reader that is not an
        index's, such as the candidates of a Solr query, and for a searcher of several indexes)."""
        if self._kept is False:
            from whoosh.searching import Searcher

            self._kept = None
            # a searcher of several indexes at once (search.several) weighs a term by the statistics of them all
            if type(self.searcher) is Searcher and not any(
                    hasattr(segment, "posting_values") or hasattr(segment, "posting_arrays")
                    for segment, _ in self.segments):
                from ..query.columns import reader_cache, segments_key

                w = self.weighting
                key = ("terms", segments_key(self.reader), type(w).__name__, getattr(w, "K1", None),
                       getattr(w, "B", None), tuple(sorted(getattr(w, "_field_B", {}).items())))
                cache = reader_cache(self.reader)
                self._kept = cache.get(key)
                if self._kept is None:
                    self._kept = cache.setdefault(key, _KeptTerms())
        return self._kept

    def _read_term(self, field: str, text) -> Matches:
        schema = self.searcher.schema
        if field not in schema:
            return EMPTY
        try:
            btext = schema[field].to_bytes(text)
        except ValueError:
            return EMPTY
        found = []  # (segment, offset, ids, weights) of each segment that holds the term
        for segment, offset, arrays in self._segment_postings():
            held = arrays.get(field, btext) if arrays is not None else None
            if held is None:  # no arrays, or a term they leave to whoosh (a rare one: inlined in its term table)
                if (field, btext) not in segment:
                    continue
                held = _postings(segment, field, btext)[:2]
            if len(held[0]):
                found.append((segment, offset, *held))
        if not found:
            return EMPTY
        scorable = schema[field].scorable
        if scorable:
            idf = self.searcher.idf(field, btext)
            avgfl = self.searcher.avg_field_length(field) or 1
            b = self.weighting._field_B.get(field, self.weighting.B)
            k1 = self.weighting.K1
        all_ids, all_scores = [], []
        for segment, offset, ids, weights in found:
            ids, weights = ids.astype(np.int64), weights.astype(np.float64)
            if scorable:
                fl = self.lengths(segment, field)[ids]
                scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * fl / avgfl)))
            else:  # whoosh's WeightScorer: the posting's weight
                scores = weights
            all_ids.append(ids + offset)
            all_scores.append(scores)
        if len(all_ids) == 1:
            return self._without_deleted(Matches(all_ids[0], all_scores[0]))
        return self._without_deleted(Matches(np.concatenate(all_ids), np.concatenate(all_scores)))

    def _segment_postings(self) -> list:
        """(segment, offset, its posting arrays or None) of each segment, looked up once per query."""
        if self._postings is None:
            self._postings = [(segment, offset, _arrays(segment)) for segment, offset in self.segments]
        return self._postings

    def _values_of(self, field: str, text, ids: np.ndarray) -> list:
        """The encoded positions of a term in the passages ``ids`` (sorted; all of them hold it), for phrases. A
        term's positions are decoded from whoosh's postings whole and kept for the next queries (see
        :meth:`_kept_positions`), unless the term is too common to be kept or the phrase asks for fewer than an
        eighth of its postings: then only the blocks of its postings that hold one of ``ids`` are decoded, each
        time. At 64x the words of "test ban treaty" have tens of thousands of postings, and decoding all their
        blocks (again whenever the queries between had pushed them out of the kept positions) was half of the
        slowest queries' time."""
        key = (field, text)
        values = self._values.get(key)
        if values is None:
            kept = self._kept_positions()
            values = kept.get(key) if kept is not None else None
            postings = len(self.term(field, text))
            # decoded whole (and kept) when the phrase asks for a good share of the term's postings
            if values is None and (kept is None or (kept.would_keep(postings) and len(ids) * 8 > postings)):
                values = self._read_values(field, text)
                if kept is not None:
                    kept.keep(key, values)
            if values is not None:
                self._values[key] = values
        if values is not None:
            held = self.term(field, text).ids
            return [values[at] for at in np.searchsorted(held, ids).tolist()]
        btext = self.searcher.schema[field].to_bytes(text)
        chosen: list = []
        for segment, offset in self.segments:
            low, high = np.searchsorted(ids, [offset, offset + segment.doc_count_all()]).tolist()
            if low < high:
                chosen.extend(_values_at(segment, field, btext, ids[low:high] - offset))
        return chosen

    def _read_values(self, field: str, text) -> list:
        btext = self.searcher.schema[field].to_bytes(text)
        ids, values = [], []
        for segment, offset in self.segments:
            if (field, btext) in segment:
                found, _, held = _postings(segment, field, btext)
                ids.append(found + offset)
                values.extend(held)
        if ids and self.reader.has_deletions():
            keep = self.live()[np.concatenate(ids)]
            values = [v for v, k in zip(values, keep, strict=True) if k]
        return values

    def _kept_positions(self) -> "_KeptTerms | None":
        """The encoded positions of the terms earlier phrases of this generation read (kept as the terms' scores
        are, see :meth:`_kept_terms`): a phrase's words are read from the postings once, not for every query
        that holds them (the names of an alias group hold the same words again and again)."""
        if self._kept_values is False:
            self._kept_values = self._kept_with_terms("positions", _KeptTerms.MAX_KEPT_POSITIONS)
        return self._kept_values

    def _kept_phrases(self) -> "_KeptTerms | None":
        """The phrases earlier queries of this generation matched, with their (unboosted) scores, kept as the
        terms' scores are: the thesaurus searches every name of a group as a phrase for each query that names
        the group, and the ranking tiers compile a query's phrases again (a tenth of the time of a query went
        to matching the same phrases again)."""
        if self._kept_phrase_matches is False:
            self._kept_phrase_matches = self._kept_with_terms("phrases", _KeptTerms.MAX_KEPT_PHRASES)
        return self._kept_phrase_matches

    def _kept_with_terms(self, kind: str, most: int) -> "_KeptTerms | None":
        """A store of ``kind`` kept with the generation where the terms' scores are (None where they are not)."""
        if self._kept_terms() is None:  # (not one index's own searcher)
            return None
        from ..query.columns import reader_cache, segments_key

        cache = reader_cache(self.reader)
        key = (kind, segments_key(self.reader))
        kept = cache.get(key)
        return kept if kept is not None else cache.setdefault(key, _KeptTerms(most))

    def lengths(self, segment, field: str):
        """Each document's length of ``field`` in one segment, as whoosh decodes its length byte (an array, or an
        object indexed as one)."""
        from ..query.columns import reader_cache

        cache = reader_cache(self.reader)
        key = ("lengths", segment.segment().segment_id(), segment.doc_count_all(), field)
        lengths = cache.get(key)
        if lengths is None:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            from whoosh.util.numeric import byte_to_length

            from ..index.arrays import segment_arrays

            table = np.array([byte_to_length(i) for i in range(256)], np.float64)
            arrays = segment_arrays(segment)
            stored = arrays.lengths(field) if arrays is not None else None
            column = None if stored is not None else segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            if stored is not None:  # written by the build (index.arrays): decoded for the postings read only
                lengths = _Lengths(stored, table)
            elif column is None:  # whoosh's default for a field without lengths
                lengths = np.ones(segment.doc_count_all(), np.float64)
            else:
                lengths = table[np.fromiter((column[i] for i in range(segment.doc_count_all())), np.uint8,
                                            count=segment.doc_count_all())]
            cache[key] = lengths
        return lengths

    def passage_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """Each passage's document (as a number) and paragraph number, by document number."""
        return codes(self.reader, "doc_id")[0], numbers(self.reader, "paragraph")

    def live(self) -> np.ndarray:
        """A mask of the documents that are not deleted."""
        if self._live is None:
            live = np.ones(self.size, bool)
            for segment, offset in self.segments:
                if segment.has_deletions():
                    gone = np.fromiter(segment._perdoc.deleted_docs(), np.int64)
                    live[gone + offset] = False
            self._live = live
        return self._live

    def _without_deleted(self, found: Matches) -> Matches:
        if not self.reader.has_deletions():
            return found
        keep = self.live()[found.ids]
        return found if keep.all() else Matches(found.ids[keep], found.scores[keep])


class _KeptTerms:
    """Terms read and scored (unboosted) for the queries of one generation, by (field, text), up to MAX_KEPT_POSTINGS
    postings in all (the oldest forgotten first): a query's words are read from the postings and scored once, not
    again for each query that asks for them (each word is asked in six fields, most of which hold it in few
    passages or none)."""

    MAX_KEPT_POSTINGS = 1 << 20  # about 16 MB of document numbers and scores
    MAX_KEPT_POSITIONS = 1 << 18  # postings' encoded positions (a bytes object each: about 16 MB)
    MAX_KEPT_PHRASES = 1 << 18  # phrases' matching documents and scores (about 4 MB)

    def __init__(self, most: int = MAX_KEPT_POSTINGS):
        import threading

        self.most = most
        self._found: dict[tuple, Matches] = {}
        self._postings = 0
        self._lock = threading.Lock()  # the searchers of one generation serve several threads (the web interface)

    def get(self, key) -> Matches | None:
        return self._found.get(key)

    def would_keep(self, postings: int) -> bool:
        return postings <= self.most // 8  # a very common term would push out hundreds of others

    def keep(self, key, found: Matches) -> None:
        if not self.would_keep(len(found)):
            return
        with self._lock:
            if key in self._found:
                return
            # each counts one more than its postings, so that no number of empty ones grows without bound
            while self._found and self._postings + len(found) + 1 > self.most:
                self._postings -= len(self._found.pop(next(iter(self._found)))) + 1
            self._found[key] = found
            self._postings += len(found) + 1


class _Lengths:
    """A segment's field lengths as whoosh decodes its length bytes, decoded for the documents asked for (a
    float per passage of the segment would be 8 bytes per passage per field, held for every query)."""

    def __init__(self, raw: np.ndarray, table: np.ndarray):
        self.raw, self.table = raw, table

    def __getitem__(self, ids):
        return self.table[self.raw[ids]]


def codes(reader, name: str) -> tuple[np.ndarray, list[str]]:
    """A text column as (a number per document, the distinct values those numbers stand for, sorted), cached
    with the reader (query.columns.reader_cache): counting by a column is then a ``bincount``."""
    from ..index.cache import cached
    from ..query.columns import coded_column, column_values

    def make():
        found = coded_column(reader, name)  # the arrays the build wrote (index.arrays)
        if found is None:
            values, coded = np.unique(np.asarray(column_values(reader, name), dtype=object), return_inverse=True)
            found = (coded.astype(np.int64).ravel(), [str(v) for v in values])
        return found

    return cached(reader, "codes", name, make)


def texts(reader, name: str) -> np.ndarray:
    """A text column as a NumPy string array by document number (for vectorised comparisons)."""
    from ..index.cache import cached
    from ..query.columns import column_values

    return cached(reader, "texts", name, lambda: np.asarray(column_values(reader, name), dtype=str))


def numbers(reader, name: str) -> np.ndarray:
    """A numeric column by document number, read segment by segment (see query.columns.column_values)."""
    from ..index.arrays import segment_arrays
    from ..index.cache import cached

    def make():
        parts = []
        for leaf, _ in reader.leaf_readers():
            arrays = segment_arrays(leaf)
            stored = arrays.numbers(name) if arrays is not None else None
            parts.append(stored if stored is not None else np.fromiter(
                (v or 0 for v in leaf.column_reader(name)), np.int64, count=leaf.doc_count_all()))
        return parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else np.empty(0, np.int64)

    return cached(reader, "numbers", name, make)


def _postings(segment, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray, list]:
    """(ids, weights, encoded values) of one term in one segment, read block by block from whoosh's W3 postings file
    (or as a reader that holds its postings as arrays gives them: solr/candidates.py)."""
    if hasattr(segment, "posting_values"):
        return segment.posting_values(field, btext)
    terminfo = segment._terms.term_info(field, btext)
    if terminfo.is_inlined():
        ids, weights, values = terminfo.inlined_postings()
        values = list(values) if values and len(values) == len(ids) else [None] * len(ids)
        return np.asarray(ids, np.int64), np.asarray(weights, np.float64), values
    postfile = segment._terms._postfile
    start, _length = terminfo.extent()
    position = start + 4  # after the block tag
    id_parts, weight_parts, values = [], [], []
    while True:  # a block: its signed length (negative for the last), its pickled info, its pickled data
        length = postfile.get_int(position)
        block = postfile.get(position + 4, abs(length))
        buffer = io.BytesIO(block)
        count, _maxid, _maxweight, compression, _low, _high = pickle.load(buffer)
        data = block[buffer.tell():]
        ids, weights, block_values = pickle.loads(zlib.decompress(data) if compression else data)
        values.extend(block_values if isinstance(block_values, tuple) else (None,) * count)  # positions or nothing
        id_parts.append(np.cumsum(np.asarray(ids, np.int64)))  # deltas within the block
        if weights is None:
            weight_parts.append(np.ones(count, np.float64))
        elif isinstance(weights, float):
            weight_parts.append(np.full(count, weights, np.float64))
        else:
            weight_parts.append(np.asarray(weights, np.float64))
        if length < 0:
            break
        position += 4 + length
    return np.concatenate(id_parts), np.concatenate(weight_parts), values


def _values_at(segment, field: str, btext: bytes, wanted: np.ndarray) -> list:
    """The encoded values (positions) of one term's postings of the documents ``wanted`` (sorted numbers within
    the segment, each holding the term), as :func:`_postings` gives them, decoding only whoosh's blocks that hold
    one of them: a block's header (pickled before its compressed data) names its last document."""
    if hasattr(segment, "posting_values") or segment._terms.term_info(field, btext).is_inlined():
        ids, _, values = _postings(segment, field, btext)
        return [values[at] for at in np.searchsorted(ids, wanted).tolist()]
    start, _length = segment._terms.term_info(field, btext).extent()
    postfile = segment._terms._postfile
    position = start + 4  # after the block tag
    deltas: list[int] = []  # the ids of the blocks decoded, as whoosh writes them: deltas within each block
    counts: list[int] = []
    values: list = []
    wanted_ids = wanted.tolist()
    at = 0  # the first of ``wanted`` not in a block decoded yet
    while at < len(wanted_ids):
        length = postfile.get_int(position)
        head = postfile.get(position + 4, min(abs(length), _BLOCK_HEAD))
        buffer = io.BytesIO(head)
        try:
            count, maxid, _maxweight, compression, _low, _high = pickle.load(buffer)
        except (EOFError, pickle.UnpicklingError):  # a header longer than read: read the whole block
            head = postfile.get(position + 4, abs(length))
            buffer = io.BytesIO(head)
            count, maxid, _maxweight, compression, _low, _high = pickle.load(buffer)
        if wanted_ids[at] <= maxid:
            data = postfile.get(position + 4 + buffer.tell(), abs(length) - buffer.tell())
            ids, _weights, block_values = pickle.loads(zlib.decompress(data) if compression else data)
            deltas.extend(ids)
            counts.append(count)
            values.extend(block_values if isinstance(block_values, tuple) else (None,) * count)
            at = bisect.bisect_right(wanted_ids, maxid, at)
        if length < 0:
            break
        position += 4 + abs(length)
    if not counts:
        return []
    running = np.cumsum(np.asarray(deltas, np.int64))
    ends = np.cumsum(counts)
    before = np.concatenate(([0], running[ends[:-1] - 1]))  # the sum of the blocks before each
    return [values[i] for i in np.searchsorted(running - np.repeat(before, counts), wanted).tolist()]


_BLOCK_HEAD = 64  # bytes read for a block's header: its pickled (count, last id, max weight, compression, lengths)


def _arrays(segment):
    """The posting arrays written beside a segment (index.postings), or those a reader holds (the candidates of a
    Solr query, solr/candidates.py), or None."""
    from ..index.postings import segment_postings

    held = getattr(segment, "posting_arrays", None)
    if held is not None:
        return held
    storage = segment._storage
    folder = getattr(getattr(storage, "b", storage), "folder", None)  # (a compound segment's overlay)
    return segment_postings(folder, segment.segment().segment_id()) if folder else None


def _subsearchers(searcher):
    subs = searcher.subsearchers
    return subs if subs else [(searcher, 0)]


_PHRASE = None
_COLUMN_TYPES: tuple = ()


def _column_types() -> tuple:
    """(date overlap, set of documents, folder or file type): the query classes query.columns answers from
    columns."""
    global _COLUMN_TYPES
    if not _COLUMN_TYPES:
        from ..query.columns import _column_queries

        _COLUMN_TYPES = tuple(_column_queries()[:3])
    return _COLUMN_TYPES


def _phrase_type():
    global _PHRASE
    if _PHRASE is None:
        from whoosh.query import Phrase

        _PHRASE = Phrase
    return _PHRASE


def distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a 1-D array of numbers, without reading ``np.ma`` as ``np.unique`` does (which
    imports numpy.ma, about 35 ms of a cold query's CPU)."""
    values = np.sort(values)
    if len(values) > 1:
        values = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return values


def _boosted(found: Matches, boost: float) -> Matches:
    return found if boost == 1.0 or not len(found) else Matches(found.ids, found.scores * boost)


def _union(parts: list[Matches], size: int, combine) -> Matches:
    parts = [p for p in parts if len(p)]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    total = sum(len(p) for p in parts)
    if total * 8 < size:  # few postings: sort them rather than touch an array of every document
        ids = np.concatenate([p.ids for p in parts])
        scores = np.concatenate([p.scores for p in parts])
        unique, where = np.unique(ids, return_inverse=True)
        if combine is np.add:
            out = np.zeros(len(unique))
            np.add.at(out, where, scores)
        else:
            out = np.full(len(unique), -np.inf)
            np.maximum.at(out, where, scores)
        return Matches(unique, out)
    held = np.zeros(size, bool)
    if combine is np.add:
        acc = np.zeros(size)
        for p in parts:
            acc[p.ids] += p.scores
            held[p.ids] = True
    else:
        acc = np.full(size, -np.inf)
        for p in parts:
            acc[p.ids] = np.maximum(acc[p.ids], p.scores)
            held[p.ids] = True
    ids = np.flatnonzero(held)
    return Matches(ids, acc[ids])


def _intersection(parts: list[Matches]) -> Matches:
    result = parts[0]
    for p in parts[1:]:
        common, left, right = np.intersect1d(result.ids, p.ids, assume_unique=True, return_indices=True)
        result = Matches(common, result.scores[left] + p.scores[right])
        if not len(result):
            return EMPTY
    return result


def _and_maybe(required: Matches, optional: Matches) -> Matches:
    if not len(required) or not len(optional):
        return required
    _, left, right = np.intersect1d(required.ids, optional.ids, assume_unique=True, return_indices=True)
    scores = required.scores.copy()
    scores[left] += optional.scores[right]
    return Matches(required.ids, scores)


def _and_not(positive: Matches, negative: Matches) -> Matches:
    if not len(positive) or not len(negative):
        return positive
    keep = ~np.isin(positive.ids, negative.ids, assume_unique=True)
    return Matches(positive.ids[keep], positive.scores[keep])
