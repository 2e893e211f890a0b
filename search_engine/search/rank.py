"""Ranking: BM25F weighed by the share of the query's words a passage holds, neighbouring paragraphs,
per-document grouping, and the order by date.

In: a :class:`.scores.Scorer`, the compiled query and the matching passages with their BM25F scores.
Out: the (score, docnum) pairs to show, in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..query.columns import column_values


@dataclass(frozen=True)
class Ranking:
    """The parameters of relevance ranking (see the README's "How results are ranked").

    ``k1``, ``b`` and ``field_b`` are BM25F's term-frequency saturation and length normalisation (per field);
    a passage's score is its BM25F score times ``share ** coverage_power``, where ``share`` is the part of
    the query's words it holds (a word held only by the document's title, summary or citation counts
    ``document_credit``); a passage then adds ``window`` times the best score of its neighbouring
    paragraphs, so a point made over several short paragraphs is found where its words cluster."""

    k1: float = 0.6
    b: float = 0.3
    field_b: tuple[tuple[str, float], ...] = (("title", 0.3), ("description", 0.3), ("citation", 0.3),
                                              ("footnote", 0.5), ("subjects", 0.3))
    coverage_power: float = 3.0
    document_credit: float = 0.5
    window: float = 0.1

    def weighting(self):
        """The whoosh weighting model."""
        from whoosh.scoring import BM25F

        return BM25F(B=self.b, K1=self.k1, **{f"{field}_B": b for field, b in self.field_b})


RANKING = Ranking()


def weighting():
    """BM25F tuned for short archival passages (see :class:`Ranking`)."""
    return RANKING.weighting()


def grouped(order, limit: int, per_doc: int) -> list[tuple[float, int]]:
    """The passages to show: the first ``limit`` of ``order``, at most ``per_doc`` of one document."""
    chosen: list = []
    taken: dict[str, int] = {}
    for score, docnum, doc_id in order:
        if per_doc and taken.get(doc_id, 0) >= per_doc:
            continue
        taken[doc_id] = taken.get(doc_id, 0) + 1
        chosen.append((score, docnum))
        if len(chosen) == limit:
            break
    return chosen


# up to this many matches, every one is ranked by its final score; above it, the candidates are the best
# passages by BM25F alone that hold every word (or, when too few do, that match), as many as the page
# needs, then four times more while grouping by document leaves the page short (the ranking the relevance
# figures were measured with)
SCORE_ALL = 1000


def rank_passages(scorer, compiled, found, sort: str, limit: int, per_doc: int, ranking: Ranking | None = None,
                  matched: int | None = None):
    """The (score, docnum) pairs to show, in order: at most ``per_doc`` per document, ``limit`` in all.

    ``found`` holds every matching passage with its BM25F score (:class:`.scores.Matches`); ``matched`` is
    how many passages the query matches when ``found`` holds only some of them (the Solr backend's
    candidates, solr/rerank.py)."""
    ranking = ranking or RANKING
    reader = scorer.reader
    doc_ids = column_values(reader, "doc_id")
    if sort != "relevance":
        return grouped(_by_date(reader, doc_ids, found.ids.tolist(), sort), limit, per_doc)
    if (len(found) if matched is None else matched) <= SCORE_ALL:
        return grouped(_ordered(scorer, compiled, found, doc_ids, ranking, limit, per_doc), limit, per_doc)
    from .scores import Matches

    every = None if compiled.every_word is None else scorer.matches(compiled.every_word).within(found.ids)
    k = limit * (per_doc or 1) * 2
    while True:
        candidates = {} if every is None else dict(_best(every, k))
        if every is None or len(candidates) < k:
            for d, s in _best(found, k):
                candidates.setdefault(d, s)
        ids = sorted(candidates)
        scored = Matches(_array(ids, "int64"), _array([candidates[d] for d in ids], "float64"))
        chosen = grouped(_ordered(scorer, compiled, scored, doc_ids, ranking, limit, per_doc), limit, per_doc)
        if len(chosen) == limit or k >= len(found):
            return chosen
        k *= 4


def with_scores(scorer, compiled, found, chosen: list[tuple[float, int]], ranking: Ranking | None = None):
    """``chosen`` (in its order) with each passage's relevance score: the date order does not score, so only
    the passages shown are scored (a neighbour's part counts the neighbours among them)."""
    import numpy as np

    from .scores import distinct

    shown = found.within(distinct(np.asarray([d for _, d in chosen], np.int64)))
    scores = dict(zip(shown.ids.tolist(), _final(scorer, compiled, shown, ranking or RANKING).tolist(), strict=True))
    return [(scores.get(d, 0.0), d) for _, d in chosen]


def _best(found, k: int):
    """The ``k`` best (docnum, score) of ``found`` by score, ties by index order (as whoosh's top-k search)."""
    import numpy as np

    order = np.lexsort((found.ids, -found.scores))[:k]
    return zip(found.ids[order].tolist(), found.scores[order].tolist(), strict=True)


def _array(values, dtype: str):
    import numpy as np

    return np.asarray(values, dtype=dtype)


def _ordered(scorer, compiled, found, doc_ids, ranking: Ranking, limit: int, per_doc: int):
    """(final score, docnum, doc id) of the passages of ``found``, best first, ties by index order (only the
    first ``limit`` when nothing is grouped)."""
    import numpy as np

    scores = _final(scorer, compiled, found, ranking)
    order = np.lexsort((found.ids, -scores))
    if not per_doc:
        order = order[:limit]
    return ((float(scores[i]), int(found.ids[i]), doc_ids[found.ids[i]]) for i in order)


def _final(scorer, compiled, found, ranking: Ranking):
    """Each matching passage's final score: BM25F weighed by the share of the query's words the passage
    holds, plus a part of its best neighbour's (aligned with ``found.ids``)."""
    scores = found.scores
    if compiled.clauses:
        scores = scores * _shares(scorer, compiled, found.ids, ranking.document_credit) ** ranking.coverage_power
    if ranking.window:
        scores = _with_neighbours(scorer, found.ids, scores, ranking.window)
    return scores


def _shares(scorer, compiled, ids, document_credit: float):
    """The share of the query's counted words each passage holds (a word held only by the document's
    fields counts ``document_credit``)."""
    import numpy as np

    held = np.zeros(len(ids))
    for anywhere, own in zip(compiled.clauses, compiled.own_clauses, strict=True):
        in_own = np.isin(ids, scorer.matches(own).ids, assume_unique=True)
        held += in_own
        if document_credit:
            held += document_credit * (np.isin(ids, scorer.matches(anywhere).ids, assume_unique=True) & ~in_own)
    return held / len(compiled.clauses)


def _with_neighbours(scorer, ids, scores, window: float):
    """Each passage's score plus ``window`` times the better of its two neighbours' (same document, the
    paragraphs numbered one before and one after, if they match too)."""
    import numpy as np

    documents, paragraphs = scorer.passage_keys()
    # one sortable key per passage: its document, then its paragraph number (+1 and -1 are its neighbours; the
    # largest number among these passages is enough to keep documents apart, and reads no other passage's)
    paragraphs = paragraphs[ids]
    keys = documents[ids].astype(np.int64) * (int(paragraphs.max(initial=0)) + 3) + paragraphs + 1
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    best = np.zeros(len(ids))
    for step in (-1, 1):
        at = np.searchsorted(ordered, keys + step)
        inside = at < len(ordered)
        hit = np.zeros(len(ids), bool)
        hit[inside] = ordered[at[inside]] == keys[inside] + step
        neighbour = np.zeros(len(ids))
        neighbour[hit] = scores[order[at[hit]]]
        best = np.maximum(best, neighbour)
    return scores + window * best


def _by_date(reader, doc_ids, matched: list[int], sort: str):
    """By the document's date (undated last, either way), then document and paragraph."""
    starts = column_values(reader, "date_start")
    paragraphs = reader.column_reader("paragraph")
    keyed = [(starts[d], doc_ids[d], paragraphs[d], d) for d in matched]
    dated = sorted((k for k in keyed if k[0]), reverse=sort == "-date",
                   key=lambda k: (k[0], k[1], k[2]) if sort == "date" else (k[0], _Reverse(k[1]), -k[2]))
    for key in dated + sorted(k for k in keyed if not k[0]):
        yield 0.0, key[3], key[1]


class _Reverse:
    """Sorts a string in reverse inside an otherwise reversed sort (newest first, then doc id A-Z)."""

    __slots__ = ("value",)

    def __init__(self, value: str):
        self.value = value

    def __lt__(self, other):
        return self.value > other.value

    def __eq__(self, other):
        return self.value == other.value
