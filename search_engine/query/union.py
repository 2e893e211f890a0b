"""whoosh's Or query, with its array of preloaded matches sized to the segment.

whoosh answers an Or of many clauses on a segment of up to 5,000 passages by preloading the matches into
an array of 2,048 slots, allocated and cleared in Python for every Or on every segment, however few
passages the segment holds. An update leaves small segments behind (see index.merge), and each one then
cost a query a third of its time; with the array sized to the segment it costs a few percent. The class
is built on first use: ``import search_engine`` does not import whoosh.
"""

from __future__ import annotations

_OR = None

PARTSIZE = 2048  # whoosh's own size, for segments at least this large


def any_of(subqueries, **kwargs):
    """A whoosh ``Or`` of ``subqueries`` (keyword arguments as whoosh's: boost, scale)."""
    return _or_class()(subqueries, **kwargs)


def _or_class():
    global _OR
    if _OR is not None:
        return _OR
    from whoosh import query as wq
    from whoosh.matching import ArrayUnionMatcher

    class _SizedOr(wq.Or):
        def _matcher(self, subs, searcher, context):
            count = searcher.doc_count_all()
            if self.matcher_type != self.AUTO_MATCHER or count >= PARTSIZE or len(subs) == 2 or self.scale or (
                    len(subs) < self.TOO_MANY_CLAUSES and (context.needs_current if context else True)):
                return super()._matcher(subs, searcher, context)
            scored = context.weighting is not None if context else True
            return ArrayUnionMatcher([q.matcher(searcher, context) for q in subs], count, boost=self.boost,
                                     scored=scored, partsize=max(count, 1))

    _OR = _SizedOr
    return _OR
