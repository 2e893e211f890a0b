"""Ranking: BM25F weighed by the share of the query's words a passage holds, neighbouring paragraphs,
per-document grouping, and the order by date.

In: a whoosh searcher, the compiled query and the matching passages. Out: the (score, docnum) pairs to
show, in order.
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


# up to this many matches, every one is scored in one pass; above it, whoosh's top-k search (which skips
# blocks that cannot reach the top) finds the candidates, as many as the page needs, then more if grouping
# ate them
SCORE_ALL = 1000


def rank_passages(searcher, compiled, user_filter, matched: list[int], sort: str, limit: int, per_doc: int,
                  ranking: Ranking | None = None):
    """The (score, docnum) pairs to show, in order: at most ``per_doc`` per document, ``limit`` in all."""
    ranking = ranking or RANKING
    reader = searcher.reader()
    doc_ids = column_values(reader, "doc_id")
    if sort != "relevance":
        return grouped(_by_date(reader, doc_ids, matched, sort), limit, per_doc)
    if len(matched) <= SCORE_ALL:
        scored = searcher.search(compiled.query, limit=None, filter=set(matched)).top_n
        return grouped(_final(searcher, compiled, scored, doc_ids, ranking), limit, per_doc)
    k = limit * (per_doc or 1) * 2
    while True:  # (the matches are exactly what these queries find under the user's filter)
        candidates: dict[int, float] = {}
        if compiled.every_word is not None:
            candidates.update((d, s) for s, d in searcher.search(compiled.every_word, limit=k, filter=user_filter).top_n)
        if compiled.every_word is None or len(candidates) < k:
            for s, d in searcher.search(compiled.query, limit=k, filter=user_filter).top_n:
                candidates.setdefault(d, s)
        # a passage found by the every-word query scores as the query does (the same clauses, all matching)
        scored = [(s, d) for d, s in candidates.items()]
        chosen = grouped(_final(searcher, compiled, scored, doc_ids, ranking), limit, per_doc)
        if len(chosen) == limit or k >= len(matched):
            return chosen
        k *= 4


def with_scores(searcher, compiled, chosen: list[tuple[float, int]], ranking: Ranking | None = None):
    """``chosen`` (in its order) with each passage's relevance score: the date order does not score, so only
    the passages shown are scored, in one pass (a neighbour's part counts the neighbours among them)."""
    ranking = ranking or RANKING
    doc_ids = column_values(searcher.reader(), "doc_id")
    scored = searcher.search(compiled.query, limit=None, filter={d for _, d in chosen}).top_n
    scores = {d: s for s, d, _ in _final(searcher, compiled, scored, doc_ids, ranking)}
    return [(scores.get(d, 0.0), d) for _, d in chosen]


def _final(searcher, compiled, scored: list[tuple[float, int]], doc_ids, ranking: Ranking):
    """Every scored passage as (final score, docnum, doc_id), best first: BM25F weighed by the share of the
    query's words the passage holds, plus a part of its best neighbour's."""
    scores = {d: s for s, d in scored}
    if compiled.clauses:
        share = _shares(searcher, compiled, set(scores), ranking.document_credit)
        scores = {d: s * share.get(d, 0.0) ** ranking.coverage_power for d, s in scores.items()}
    if ranking.window:
        scores = _with_neighbours(searcher.reader(), scores, doc_ids, ranking.window)
    order = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(s, d, doc_ids[d]) for d, s in order]


def _shares(searcher, compiled, docs: set[int], document_credit: float) -> dict[int, float]:
    """The share of the query's counted words each passage holds (a word held only by the document's
    fields counts ``document_credit``)."""
    held: dict[int, float] = dict.fromkeys(docs, 0.0)
    found: dict[int, set[int]] = {}  # id of a query -> the passages it matches (a run's alias query is shared)
    for anywhere, own in zip(compiled.clauses, compiled.own_clauses, strict=False):
        in_own = _matching(searcher, own, found) & docs
        for d in in_own:
            held[d] += 1.0
        if document_credit:
            for d in (_matching(searcher, anywhere, found) & docs) - in_own:
                held[d] += document_credit
    n = len(compiled.clauses)
    return {d: h / n for d, h in held.items()}


def _matching(searcher, query, found: dict[int, set[int]]) -> set[int]:
    """The passages ``query`` matches; the parts of an Or are looked up once each (in ``found``)."""
    from whoosh import query as wq

    if isinstance(query, wq.Or):
        return set().union(*(_matching(searcher, q, found) for q in query.subqueries))
    if id(query) not in found:
        found[id(query)] = set(searcher.docs_for_query(query))
    return found[id(query)]


def _with_neighbours(reader, scores: dict[int, float], doc_ids, window: float) -> dict[int, float]:
    """Each passage's score plus ``window`` times the better of its two neighbours' (same document)."""
    numbers = reader.column_reader("paragraph")
    where = {(doc_ids[d], numbers[d]): d for d in scores}
    out = {}
    for d, s in scores.items():
        doc, n = doc_ids[d], numbers[d]
        best = max((scores[o] for k in ((doc, n - 1), (doc, n + 1)) if (o := where.get(k)) is not None), default=0.0)
        out[d] = s + window * best
    return out


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
