"""Two whoosh span queries of the exact form (``=castro``, ``="castro said"``), built by query.compiler.

The index posts no written form for a word that is its own one index term (see analysis.stemming.posted_terms):
``castro`` is found as its term where no other word posted under that term stands (``castros``, ``castro's``: each
has its written form beside it at the same position). :func:`unless` is that query; :func:`near` puts such queries
in a phrase. whoosh's own ``SpanNot`` cannot serve: it asks an exhausted matcher for its document (an error) and
adds the excluded terms' scores to the score.
"""

from __future__ import annotations

_CLASSES: dict[str, type] = {}


def unless(term, others: list):
    """The passages where ``term`` (a whoosh Term) stands at a position none of ``others`` (Terms of the same field)
    stands at; scored as ``term`` is."""
    return _classes()["unless"](term, others)


def near(queries: list, slop: int, boost: float):
    """``queries`` in order, each at most ``slop`` positions after the one before, scored as whoosh scores a
    phrase (the sum of its words' scores, times ``boost``): a phrase of queries rather than of terms."""
    return _classes()["near"](queries, slop, boost)


def _classes() -> dict[str, type]:
    if _CLASSES:
        return _CLASSES
    from whoosh import matching
    from whoosh.query.spans import SpanNear2, SpanQuery, SpanWrappingMatcher

    class UnlessMatcher(SpanWrappingMatcher):
        def __init__(self, child, others):
            self.others = others
            super().__init__(child)

        def _get_spans(self):
            doc = self.child.id()
            taken: set[int] = set()
            for m in self.others:
                if m.is_active() and m.id() < doc:
                    m.skip_to(doc)
                if m.is_active() and m.id() == doc:
                    taken.update(m.value_as("positions"))
            return [s for s in self.child.spans() if s.start not in taken]

        def copy(self):
            return UnlessMatcher(self.child.copy(), [m.copy() for m in self.others])

        def _replacement(self, newchild):
            return UnlessMatcher(newchild, self.others)

    class Unless(SpanQuery):
        def __init__(self, term, others):
            self.q = self.term = term
            self.others = list(others)

        def __eq__(self, other):
            return type(other) is type(self) and self.term == other.term and self.others == other.others

        def __hash__(self):
            return hash((type(self).__name__, self.term, *self.others))

        def __repr__(self):
            return f"Unless({self.term!r}, {self.others!r})"

        def apply(self, fn):
            return type(self)(fn(self.term), [fn(q) for q in self.others])

        def matcher(self, searcher, context=None):
            found = self.term.matcher(searcher, context)
            if not found.is_active():
                return found
            others = [m for q in self.others if (m := q.matcher(searcher, context)).is_active()]
            return UnlessMatcher(found, others) if others else found

    class Near(SpanNear2):
        def __init__(self, queries, slop, boost):
            super().__init__(queries, slop=slop, ordered=True, mindist=1)
            self.boost = boost

        def matcher(self, searcher, context=None):
            m = super().matcher(searcher, context)
            return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m

    _CLASSES.update(unless=Unless, near=Near)
    return _CLASSES
