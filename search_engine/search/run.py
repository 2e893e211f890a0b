"""Run one query: parse it, compile it, find and count the matching passages, rank them, make the Hits.

In: a query string, the filters and a whoosh searcher of the live generation. Out: SearchResults.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Iterable

from ..errors import QueryError
from ..model import Highlights, SearchResults
from ..query.columns import column_values, date_filter
from ..query.compiler import Compiler
from ..query.parser import parse
from ..query.union import any_of
from .dedupe import keep_one_copy
from .facets import count_matches, document_titles
from .hits import make_hit, passage_fields
from .rank import Ranking, rank_passages, with_scores
from .scores import Scorer


def parse_filter_date(value, name: str, end: bool) -> date | None:
    """``date_from``/``date_to`` values: a date, a month or a year; the range's start (or end for date_to)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    from ..vocabulary.dates import parse_date

    parsed = parse_date(str(value))
    if parsed is None:
        raise QueryError(f"cannot read {name}={value!r} as a date (try 1962-10-28, 1962-10 or 1962)")
    return parsed.end if end else parsed.start


def build_filter(reader, date_from=None, date_to=None, classification: Iterable[str] = (),
                 language: Iterable[str] = (), doc: Iterable[str] = (), collection: Iterable[str] = (),
                 tag: Iterable[str] = (), folder: Iterable[str] = (), ext: Iterable[str] = ()):
    """The whoosh query of the filters (None without any). A classification or language the engine does not
    know is a QueryError that lists the known ones: a misspelt filter must not look like an empty result."""
    from whoosh import query as wq

    clauses = []
    start = parse_filter_date(date_from, "date_from", end=False)
    end = parse_filter_date(date_to, "date_to", end=True)
    if start and end and start > end:
        raise QueryError(f"date_from {start} is after date_to {end}")
    if start or end:
        clauses.append(date_filter(start, end))
    tags: list[str] = []
    if classification:
        from ..vocabulary.markings import MARKINGS, normalize_classification

        held = {t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon("classification_tag")}
    for c in classification:
        found = normalize_classification(c)
        unknown = [t for t in found if t not in MARKINGS and t not in held]
        if unknown or not found:
            raise QueryError(f"classification={c!r} is not a marking this engine knows or a document of this index "
                             f"carries; the index holds {', '.join(sorted(held)) or 'no markings'} "
                             f"(known markings: {', '.join(MARKINGS)})")
        for marking in found:
            if marking not in tags:
                tags.append(marking)
    if tags:
        clauses.append(any_of([wq.Term("classification_tag", t) for t in tags]))
    from ..vocabulary.language_names import language_codes

    codes = language_codes(language, "language=")
    if codes:
        clauses.append(any_of([wq.Term("language", c) for c in codes]))
    doc_ids = list(dict.fromkeys(d for d in doc if d))
    if doc_ids:
        clauses.append(any_of([wq.Term("doc_id", d) for d in doc_ids]))
    from ..index.schema import keyword_term

    for field, names in (("collection", collection), ("tag", tag)):  # a library's collections (lists) and tags
        terms = list(dict.fromkeys(keyword_term(n) for n in names if n and n.strip()))
        if terms:
            clauses.append(any_of([wq.Term(field, t) for t in terms]))
    for field, names in (("folder", folder), ("ext", ext)):  # dir=, ext=: as dir:NAME and ext:NAME (any of them)
        places = [place_query(field, n) for n in names if n and n.strip()]
        if places:
            clauses.append(any_of(places))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


def place_query(field: str, name: str):
    """dir=NAME (``field`` "folder") or ext=NAME as the query language's dir:NAME and ext:NAME."""
    from ..query.compiler import place_filter

    return place_filter(field, name)


SORTS = ("relevance", "date", "-date")  # checked by the API


def count(searcher, query: str, *, date_from=None, date_to=None, classification: Iterable[str] = (),
          language: Iterable[str] = (), doc: Iterable[str] = (), aliases=None, vocabulary=None, copies=None,
          collection: Iterable[str] = (), tag: Iterable[str] = (), shared=None, folder: Iterable[str] = (),
          ext: Iterable[str] = ()) -> int:
    """The number of passages ``query`` matches under the filters, without ranking or reading them."""
    return len(_matching(searcher, query, aliases, vocabulary, date_from, date_to, classification, language, doc,
                         copies, collection, tag, shared, folder, ext)[4])


def _matching(searcher, query: str, aliases, vocabulary, date_from, date_to, classification, language, doc, copies,
              collection=(), tag=(), shared=None, folder=(), ext=(), exclude=()):
    """The parsed query, its compiler and compiled query, the array scorer, and every passage it matches under
    the filter with its BM25F score (:class:`.scores.Matches`, read once from the postings; one copy of each
    text when ``copies`` groups them: doc id -> its group, see search.dedupe)."""
    node = parse(query)
    user_filter = build_filter(searcher.reader(), date_from, date_to, classification, language, doc, collection, tag,
                               folder, ext)
    scorer = Scorer(searcher)
    compiler = Compiler(searcher.reader(), query, aliases, vocabulary=vocabulary, shared=shared,
                        documents=lambda q: scorer.matches(q).ids)
    compiled = compiler.compile_ranked(node)
    found = scorer.matches(compiled.query)
    if user_filter is not None:
        found = found.within(scorer.matches(user_filter).ids)
    matched = keep_one_copy(scorer.reader, found.ids, copies)
    if len(matched) < len(found):
        found = found.within(matched)
    if exclude and len(found):  # documents another index's copy stands for (search.several)
        import numpy as np

        from .scores import codes

        doc_codes, names = codes(scorer.reader, "doc_id")
        dropped = np.isin(np.asarray(names, dtype=object), list(exclude))
        found = found.within(found.ids[~dropped[doc_codes[found.ids]]])
    return node, compiler, compiled, scorer, found


def matching_documents(searcher, query: str, *, date_from=None, date_to=None, classification: Iterable[str] = (),
                       language: Iterable[str] = (), doc: Iterable[str] = (), aliases=None, vocabulary=None,
                       copies=None, collection: Iterable[str] = (), tag: Iterable[str] = (), shared=None,
                       folder: Iterable[str] = (), ext: Iterable[str] = (), **_display) -> dict[str, int]:
    """The passages ``query`` matches in each document under the filters (search.several weighs copies across
    indexes by them); the display options of :func:`run` are accepted and ignored."""
    found = _matching(searcher, query, aliases, vocabulary, date_from, date_to, classification, language, doc,
                      copies, collection, tag, shared, folder, ext)
    return count_matches(found[3], found[4].ids, False)[0]


def run(searcher, query: str, *, limit: int = 10, offset: int = 0, date_from=None, date_to=None,
        classification: Iterable[str] = (), language: Iterable[str] = (), doc: Iterable[str] = (),
        sort: str = "relevance", per_doc: int = 0, facets: bool = False, aliases=None, vocabulary=None,
        context: int = 0, snippets: bool = True, ranking: Ranking | None = None, copies=None,
        collection: Iterable[str] = (), tag: Iterable[str] = (), shared=None, folder: Iterable[str] = (),
        ext: Iterable[str] = ()) -> SearchResults:
    """Parse, run and highlight one query with a whoosh searcher (made with :func:`.rank.weighting`).

    The hits ranked ``offset + 1`` to ``offset + limit``; ``per_doc`` keeps at most that many passages of one
    document (0: no limit); ``vocabulary`` is a callable returning the index's words table (index.words.Words),
    for wildcards and spellings. The arguments are checked by the API (see :mod:`search_engine.arguments`).
    ``shared`` (search.several.Shared) is given when this index is one of several searched at once: the words
    a query respells or suggests are then those no index holds.
    """
    return _run(searcher, query, limit=limit, offset=offset, date_from=date_from, date_to=date_to,
                classification=classification, language=language, doc=doc, sort=sort, per_doc=per_doc, facets=facets,
                aliases=aliases, vocabulary=vocabulary, context=context, snippets=snippets, ranking=ranking,
                copies=copies, collection=collection, tag=tag, shared=shared, folder=folder, ext=ext)[0]


def _run(searcher, query: str, *, limit: int = 10, offset: int = 0, date_from=None, date_to=None,
         classification: Iterable[str] = (), language: Iterable[str] = (), doc: Iterable[str] = (),
         sort: str = "relevance", per_doc: int = 0, facets: bool = False, aliases=None, vocabulary=None,
         context: int = 0, snippets: bool = True, ranking: Ranking | None = None, copies=None,
         collection: Iterable[str] = (), tag: Iterable[str] = (), shared=None, folder: Iterable[str] = (),
         ext: Iterable[str] = (), exclude: Iterable[str] = (), deferred: bool = False) -> tuple[SearchResults, str, object]:
    """:func:`run`, the corrected query to show when nothing matched ("" when there is none), and with
    ``deferred`` a function that marks the snippet of one of its hits (else None). Searching one index, the
    results are the ones shown; searching several (``shared``), the caller searches the correction in every
    index only when none of them matched, and marks the snippets of the hits it shows only (``deferred``)."""
    node, compiler, compiled, scorer, found = _matching(
        searcher, query, aliases, vocabulary, date_from, date_to, classification, language, doc, copies,
        collection, tag, shared, folder, ext, exclude)
    # every matching passage and its BM25F score, read once from the postings as arrays (search.scores): the
    # total, the counts, the facets, the date order and the ranking all come from them
    total = len(found)
    per_document, counts = count_matches(scorer, found.ids, facets)
    chosen = rank_passages(scorer, compiled, found, sort, offset + limit, per_doc, ranking) if total else []
    if sort != "relevance" and chosen:  # ordered by date, each hit still shows how well it matched
        chosen = with_scores(scorer, compiled, found, chosen, ranking)
    shown: dict[str, int] = {}  # passages of each document on this page and the ones before it
    doc_ids = column_values(searcher.reader(), "doc_id")
    for _, d in chosen:
        shown[doc_ids[d]] = shown.get(doc_ids[d], 0) + 1
    page = chosen[offset:]
    ranked = [(score, passage_fields(searcher, d)) for score, d in page]
    folders = column_values(searcher.reader(), "folder") if page else None
    marked = snippets and not deferred  # deferred: the snippets of the hits shown are marked by `remake` (below)
    hits = tuple(
        make_hit(rank, score, fields, compiler.highlight if marked else {}, searcher, context,
                 more=per_document.get(fields["doc_id"], 0) - shown[fields["doc_id"]] if per_doc else 0,
                 phrases=compiler.phrases if marked else {}, docnum=docnum, folder=folders[docnum])
        for rank, ((score, fields), (_, docnum)) in enumerate(zip(ranked, page, strict=True), offset + 1)
    )
    remake = None
    if deferred and snippets:
        stored = {fields["passage_id"]: fields for _, fields in ranked}

        def remake(hit):
            """``hit`` (of this search) with its snippet marked, as the search would have made it."""
            full = make_hit(hit.rank, hit.score, stored[hit.passage_id], compiler.highlight, searcher, 0,
                            phrases=compiler.phrases)
            return replace(hit, snippet=full.snippet, snippet_spans=full.snippet_spans,
                           snippet_field=full.snippet_field, passage_snippet=full.passage_snippet,
                           passage_snippet_spans=full.passage_snippet_spans, matched_fields=full.matched_fields)
    suggestions: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    words: list = []  # query.suggest.Correction: the query's words no passage holds
    if vocabulary is not None:  # for words the index does not hold, however much else matched
        from ..query.suggest import corrected, corrections

        respelled = {typed for typed, _ in compiler.respellings}
        if shared is None:
            words = corrections(query, node, searcher, vocabulary, aliases, lambda q: len(scorer.matches(q)) > 0,
                                term_held=lambda field, term: len(scorer.term(field, term)) > 0)
        else:
            words = corrections(query, node, searcher, shared.vocabulary, aliases, readers=shared.readers,
                                holds=lambda w: shared.holds(query, w, aliases))
        unknown = tuple(dict.fromkeys(c.typed for c in words if c.typed not in respelled))
        offered = [c for c in words if c.form]
        if offered and not (compiler.respellings and total):  # the nearest spellings were searched already, and said so
            suggestions = (corrected(query, offered),)
    # nothing at all: show what the corrected query finds, and say so; only with the spellings a word may be
    # searched as (suggest.Correction.searchable): "Oswald OR Ruby" is not searched as "Oswald OR Ruble", nor
    # as "Oswald OR Rusk": those stay suggestions
    swap = corrected(query, [c for c in words if c.searchable]) if words and not total else query
    if swap != query and shared is None:
        instead = run(searcher, swap, limit=limit, offset=offset, date_from=date_from, date_to=date_to,
                      classification=classification, language=language, doc=doc, sort=sort, per_doc=per_doc,
                      facets=facets, aliases=aliases, context=context, snippets=snippets, ranking=ranking,
                      copies=copies, collection=collection, tag=tag, folder=folder, ext=ext)
        if instead.total:
            return swapped(instead, query, swap, suggestions, unknown, compiler.warnings), "", None
    titles = None
    if facets:
        counts["document"] = dict(sorted(per_document.items(), key=lambda kv: (-kv[1], kv[0])))
        titles = document_titles(searcher, found.ids)
    return SearchResults(query=query, total=total, hits=hits, warnings=tuple(compiler.warnings),
                         suggestions=suggestions, expansions=tuple(compiler.expansions),
                         respellings=tuple(compiler.respellings), unknown=unknown,
                         facets=counts if facets else None, documents=len(per_document),
                         document_titles=titles), (swap if swap != query else ""), remake


def swapped(instead: SearchResults, query: str, swap: str, suggestions, unknown, warnings) -> SearchResults:
    """The results of the corrected query ``swap``, shown for ``query``, which matched nothing: it says so."""
    note = f"no passage matches {query!r}; showing the results for {swap!r}"
    return replace(instead, query=query, suggestions=suggestions, unknown=unknown,
                   warnings=(*warnings, note, *instead.warnings))


def highlight_document(searcher, query: str, doc, aliases=None) -> Highlights:
    """Where the words of ``query`` stand in the paragraphs and notes of ``doc`` (a Document), and which of
    its paragraphs the query finds: what a reader arriving from a search sees marked."""
    from .highlight import matches

    compiler = Compiler(searcher.reader(), query, aliases)
    compiler.compile_ranked(parse(query))
    terms, phrases = compiler.highlight, compiler.phrases
    body = (terms.get("body", set()), phrases.get("body", ()))
    notes = (terms.get("footnote", set()), phrases.get("footnote", ()))
    paragraphs = {p.number: spans for p in doc.paragraphs if (spans := tuple(matches(p.text, *body)))}
    footnotes = {f.number: spans for f in doc.footnotes if (spans := tuple(matches(f.text, *notes)))}
    found = run(searcher, query, limit=max(1, len(doc.paragraphs)), doc=[doc.doc_id], per_doc=0, aliases=aliases,
                snippets=False)
    return Highlights(query=query, doc_id=doc.doc_id, passages=tuple(sorted(h.paragraph for h in found)),
                      paragraphs=paragraphs, footnotes=footnotes)
