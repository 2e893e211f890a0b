"""Several indexes in one search: one ranking whose scores compare across them, by shared statistics.

BM25F weighs a word by statistics of the whole index: how many passages there are, how many hold the word
(its idf) and how long a field is on average. Searched apart, two indexes would weigh "Berlin" by each
one's own counts, and a score of 5 in one would not mean what 5 means in the other. So each index's
searcher here takes those statistics summed over every index of the search (:class:`Shared`): the score of
a passage is then the score it would have in one index built from all their files, and the hits of every
index are merged by score (:func:`merge`). What decides which words a query searches is shared too: a word
is respelled or suggested only when no index holds it.

In: the whoosh searchers of the indexes' live generations. Out: searchers that score with the shared
statistics, and the merged SearchResults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from math import log

from ..model import Hit, SearchResults
from .rank import _Reverse
from .scores import Scorer


class Shared:
    """The statistics BM25F takes from an index (passages, passages holding a term, total field lengths), summed
    over several indexes, and which words any of them holds (for respellings and suggestions)."""

    def __init__(self, searchers, vocabularies=()):
        self.searchers = list(searchers)
        self.readers = [s.reader() for s in self.searchers]
        self.passages = sum(r.doc_count_all() for r in self.readers)
        self._vocabularies = list(vocabularies)  # each index's words table (a callable, see index.words)
        self._frequencies: dict[tuple, int] = {}
        self._lengths: dict[str, float] = {}
        self._scorers: list[Scorer] | None = None
        self._held: dict[tuple, bool] = {}

    def doc_frequency(self, field: str, text) -> int:
        """Passages of every index holding the term."""
        key = (field, text)
        found = self._frequencies.get(key)
        if found is None:
            found = self._frequencies[key] = sum(r.doc_frequency(field, text) for r in self.readers)
        return found

    def idf(self, field: str, text) -> float:
        """whoosh's idf (scoring.WeightingModel.idf) over every index's passages."""
        return log(self.passages / (self.doc_frequency(field, text) + 1)) + 1

    def avg_field_length(self, field: str) -> float:
        if field not in self._lengths:
            total = sum(r.field_length(field) for r in self.readers)
            self._lengths[field] = total / (self.passages or 1)
        return self._lengths[field]

    def searcher(self, searcher):
        """A searcher over ``searcher``'s reader that scores with these statistics (the reader, its columns and
        caches are the generation's own; only the weights change)."""
        return _shared_searcher_class()(searcher.reader(), weighting=searcher.weighting, closereader=False,
                                        statistics=self)

    def holds(self, query: str, word, aliases=None) -> bool:
        """Whether a word of the query (a parser.Word), searched as the query searches it, matches a passage in
        any index (compiled against each: a title: word finds the documents of that index)."""
        from ..query.compiler import Compiler

        key = (query, word.pos, id(aliases))  # each index's run asks of the same words
        if key not in self._held:
            if self._scorers is None:
                self._scorers = [Scorer(s) for s in self.searchers]
            self._held[key] = any(len(scorer.matches(Compiler(reader, query, aliases).compile(word))) > 0
                                  for reader, scorer in zip(self.readers, self._scorers, strict=True))
        return self._held[key]

    def vocabulary(self):
        """The indexes' words tables as one, for how a word is written (the first index that writes it)."""
        return _Written([v() for v in self._vocabularies])


class _Written:
    def __init__(self, tables):
        self.tables = tables

    def written(self, word: str) -> str | None:
        return next((form for t in self.tables if (form := t.written(word))), None)


_SHARED_SEARCHER = None


def _shared_searcher_class():
    global _SHARED_SEARCHER
    if _SHARED_SEARCHER is None:
        from whoosh.searching import Searcher

        class SharedSearcher(Searcher):
            """A whoosh searcher whose idf and average field lengths are those of :class:`Shared` (BM25F's
            scorers and search.scores ask the top searcher for them)."""

            def __init__(self, reader, statistics=None, parent=None, **kwargs):
                super().__init__(reader, parent=parent, **kwargs)
                self.statistics = statistics if parent is None else parent.statistics

            def _subsearcher(self, reader):
                return self.__class__(reader, fromindex=self._ix, weighting=self.weighting, parent=self)

            def idf(self, fieldname, text):
                return self.get_parent().statistics.idf(fieldname, text)

            def avg_field_length(self, fieldname, default=None):
                if not self.schema[fieldname].scorable:
                    return default
                return self.get_parent().statistics.avg_field_length(fieldname)

        _SHARED_SEARCHER = SharedSearcher
    return _SHARED_SEARCHER


def merge(parts: list[tuple[str, SearchResults]], *, limit: int, offset: int, sort: str, per_doc: int,
          facets: bool) -> SearchResults:
    """One ranked list from the results of each index, each searched for its first ``offset + limit`` hits:
    by score (scores compare, see :class:`Shared`), or by date; ranks numbered again, each hit naming its
    index, "+ K more" counted against the hits shown before it, totals and facets added up."""
    pool: list[tuple[tuple, Hit]] = []
    matching: dict[tuple[str, str], int] = {}  # (index, doc_id) -> its matching passages, when grouped
    for order, (name, results) in enumerate(parts):
        shown: dict[str, int] = {}
        for hit in results.hits:
            shown[hit.doc_id] = shown.get(hit.doc_id, 0) + 1
        for hit in results.hits:
            if per_doc:
                matching[(name, hit.doc_id)] = hit.more_in_document + shown[hit.doc_id]
            pool.append((_sort_key(hit, sort, order), replace(hit, index=name)))
    pool.sort(key=lambda kv: kv[0])
    chosen = [hit for _, hit in pool[:offset + limit]]
    seen: dict[tuple[str, str], int] = {}
    hits = []
    for rank, hit in enumerate(chosen, 1):
        key = (hit.index, hit.doc_id)
        seen[key] = seen.get(key, 0) + 1
        if rank > offset:
            hits.append(replace(hit, rank=rank))
    if per_doc:  # what the page and the pages before it show of each document, as one index would count it
        hits = [replace(h, more_in_document=matching[(h.index, h.doc_id)] - seen[(h.index, h.doc_id)]) for h in hits]
    first = parts[0][1]
    found = [r for _, r in parts]
    total = sum(r.total for r in found)
    respellings = _union(s for r in found for s in r.respellings)
    # the nearest spellings were searched already (and said so) when anything matched; else the suggestions
    # agree, the words no index holds being the same for each
    suggestions = () if respellings and total else _union(s for r in found for s in r.suggestions)
    return SearchResults(
        query=first.query, total=total, hits=tuple(hits),
        warnings=_union(w for r in found for w in r.warnings), suggestions=suggestions[:1],
        expansions=_union(e for r in found for e in r.expansions), respellings=respellings, unknown=first.unknown,
        facets={**_facets([r.facets for r in found]), "index": {name: r.total for name, r in parts if r.total}}
        if facets else None, documents=sum(r.documents for r in found),
        document_titles=_titles([r.document_titles for r in found]) if facets else None,
        generation=", ".join(f"{name}:{r.generation}" for name, r in parts))


def _sort_key(hit: Hit, sort: str, order: int) -> tuple:
    """Relevance: the score, then the index (in the order given), then the rank there. By date: as one index
    orders by date (undated last either way, then document and paragraph), then the index."""
    if sort == "relevance":
        return (-hit.score, order, hit.rank)
    if hit.date is None:
        return (1, "", hit.doc_id, hit.paragraph, order)
    start = hit.date.start.isoformat()
    if sort == "date":
        return (0, start, hit.doc_id, hit.paragraph, order)
    return (0, _Reverse(start), hit.doc_id, hit.paragraph, order)  # newest first, then as "date" does


def _union(items) -> tuple:
    return tuple(dict.fromkeys(items))


def _facets(each: list[dict | None]) -> dict[str, dict[str, int]]:
    """Each facet's counts added up over the indexes, in the order one index gives them: by count for names,
    by value for years and months (undated last)."""
    summed: dict[str, dict[str, int]] = {}
    for facets in each:
        for name, counts in (facets or {}).items():
            into = summed.setdefault(name, {})
            for value, n in counts.items():
                into[value] = into.get(value, 0) + n
    out = {}
    for name, counts in summed.items():
        if name in ("year", "month"):
            undated = counts.pop("undated", 0)
            out[name] = dict(sorted(counts.items()))
            if undated:
                out[name]["undated"] = undated
        else:
            out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def _titles(each: list[dict | None]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for found in each:
        for doc_id, title in (found or {}).items():
            titles.setdefault(doc_id, title)
    return titles


# -- copies across indexes -------------------------------------------------------------------------------------

_SEP = "\x1f"  # between an index's number and a document id, in the keys of documents of several indexes


@dataclass(frozen=True)
class CrossCopies:
    """The groups of copies that span indexes: each a tuple of (index number, doc id), the best source first, and
    the relation and similarity of each pair found across indexes."""

    groups: tuple[tuple[tuple[int, str], ...], ...] = ()
    pairs: dict = field(default_factory=dict)  # frozenset of two (index, doc id) -> {"relation", "similarity"}

    def group_of(self) -> dict[tuple[int, str], tuple[tuple[int, str], ...]]:
        return {member: group for group in self.groups for member in group}


def cross_copies(profiles: list[dict[str, dict]], links: list[dict]) -> CrossCopies:
    """Copies (the same text, an excerpt) of one index's documents in another, found as a build finds them in one
    index (MinHash of each document's profile, ``links.sqlite``), joined with each index's own groups of copies
    and versions (``links.sqlite``): the groups one index of all their files would have, where they span indexes.
    Versions (translations) are compared by aligning paragraphs, within one index only."""
    from ..index.connections import EXCERPT, SAME_TEXT, _groups, _similar_texts

    keyed = {f"{i}{_SEP}{d}": p for i, found in enumerate(profiles) for d, p in found.items()}
    pairs: dict[tuple[str, str], dict] = {}
    across: dict = {}
    for a, b, similarity, contained in _similar_texts(keyed):
        if a.split(_SEP, 1)[0] == b.split(_SEP, 1)[0]:
            continue  # within one index: its build decided
        relation = "same text" if similarity >= SAME_TEXT else "excerpt" if contained >= EXCERPT else ""
        if relation:
            pairs[(a, b)] = {"relation": relation, "similarity": round(similarity, 3)}
            across[frozenset((_split(a), _split(b)))] = pairs[(a, b)]
    if not pairs:
        return CrossCopies()
    for i, data in enumerate(links):
        for pair in data.get("pairs", ()):
            if pair["relation"] in ("same text", "excerpt", "version"):
                pairs[(f"{i}{_SEP}{pair['a']}", f"{i}{_SEP}{pair['b']}")] = pair
    groups = [tuple(_split(k) for k in g) for g in _groups(pairs, keyed)]
    return CrossCopies(tuple(g for g in groups if len({i for i, _ in g}) > 1), across)


def _split(key: str) -> tuple[int, str]:
    i, d = key.split(_SEP, 1)
    return int(i), d


def standing_copies(cross: CrossCopies, matching: list[dict[str, int]]) -> list[set[str]]:
    """For each index, the documents whose passages are left out because a copy in another index stands for
    their group: of a group's documents that match, the one with the most matching passages (the best source
    among equals), as search.dedupe chooses in one index."""
    left_out: list[set[str]] = [set() for _ in matching]
    for group in cross.groups:
        present = [(matching[i].get(d, 0), -place, (i, d)) for place, (i, d) in enumerate(group)
                   if matching[i].get(d, 0)]
        if len(present) < 2:
            continue
        stands = max(present)[2]
        for _, _, (i, d) in present:
            if (i, d) != stands:
                left_out[i].add(d)
    return left_out
