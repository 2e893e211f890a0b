"""Ranking: the weighting, the all-words tier first, per-document grouping, and the order by date.

In: a whoosh searcher, the compiled tiers and the matching passages. Out: the (score, docnum) pairs to
show, in order.
"""

from __future__ import annotations

from ..query.columns import column_values


def weighting():
    """BM25F tuned for short archival passages: body length matters, title and notes length less."""
    from whoosh.scoring import BM25F

    return BM25F(B=0.75, K1=1.2, title_B=0.3, description_B=0.3, citation_B=0.3, footnote_B=0.5, subjects_B=0.3)


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
# blocks that cannot reach the top) is run for as many as the page needs, then more if grouping ate them
SCORE_ALL = 1000


def rank_passages(searcher, strict, loose, user_filter, matched: list[int], sort: str, limit: int, per_doc: int):
    """The (score, docnum) pairs to show, in order: at most ``per_doc`` per document, ``limit`` in all."""
    reader = searcher.reader()
    doc_ids = column_values(reader, "doc_id")
    if sort != "relevance":
        return grouped(_by_date(reader, doc_ids, matched, sort), limit, per_doc)
    if len(matched) <= SCORE_ALL:
        scored = searcher.search(loose, limit=None, filter=set(matched)).top_n
        return grouped(_tiers(searcher, strict, scored, doc_ids), limit, per_doc)
    k = limit * (per_doc or 1) * 2
    while True:  # (the matches are exactly what these queries find under the user's filter)
        first = searcher.search(strict, limit=k, filter=user_filter).top_n if strict is not None else []
        order = [(s, d, doc_ids[d]) for s, d in first]
        chosen = grouped(order, limit, per_doc)
        if len(chosen) == limit:  # the all-words tier fills the page: the others would come after it
            return chosen
        seen = {d for _, d in first}
        top = searcher.search(loose, limit=k, filter=user_filter).top_n
        chosen = grouped(order + [(s, d, doc_ids[d]) for s, d in top if d not in seen], limit, per_doc)
        if len(chosen) == limit or k >= len(matched):
            return chosen
        k *= 4


def _tiers(searcher, strict, scored: list[tuple[float, int]], doc_ids):
    """Every scored passage as (score, docnum, doc_id): those holding every word first, each tier by score."""
    if strict is None:
        for score, d in scored:
            yield score, d, doc_ids[d]
        return
    every_word = set(searcher.docs_for_query(strict))
    for score, d in scored:
        if d in every_word:
            yield score, d, doc_ids[d]
    for score, d in scored:
        if d not in every_word:
            yield score, d, doc_ids[d]


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
