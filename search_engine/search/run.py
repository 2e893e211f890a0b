"""Run one query: parse it, compile it, find and count the matching passages, rank them, make the Hits.

In: a query string, the filters and a whoosh searcher of the live generation. Out: SearchResults.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Iterable

from ..errors import QueryError
from ..model import Highlights, SearchResults
from ..query.columns import date_filter
from ..query.compiler import Compiler
from ..query.parser import parse
from .dedupe import keep_one_copy
from .facets import count_matches, document_titles
from .hits import make_hit
from .rank import Ranking, rank_passages


def parse_filter_date(value, name: str, end: bool) -> date | None:
    """``--from``/``--to`` values: a date, a month or a year; the range's start (or end for --to)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    from ..vocabulary.dates import parse_date

    parsed = parse_date(str(value))
    if parsed is None:
        raise QueryError(f"cannot read {name} {value!r} as a date (try 1962-10-28, 1962-10 or 1962)")
    return parsed.end if end else parsed.start


def build_filter(date_from=None, date_to=None, classification: Iterable[str] = (), language: Iterable[str] = (),
                 doc: Iterable[str] = ()):
    from whoosh import query as wq

    clauses = []
    start = parse_filter_date(date_from, "--from", end=False)
    end = parse_filter_date(date_to, "--to", end=True)
    if start and end and start > end:
        raise QueryError(f"--from {start} is after --to {end}")
    if start or end:
        clauses.append(date_filter(start, end))
    tags: list[str] = []
    if classification:
        from ..vocabulary.markings import normalize_classification
    for c in classification:
        for tag in normalize_classification(c):
            if tag not in tags:
                tags.append(tag)
    if tags:
        clauses.append(wq.Or([wq.Term("classification_tag", t) for t in tags]))
    codes: list[str] = []
    if language:
        from ..vocabulary.language_names import LANGUAGES, language_code
    for name in language:
        code = language_code(name)
        if not code:
            known = ", ".join(f"{c} ({n})" for c, n in LANGUAGES.items())
            raise QueryError(f"--lang {name!r} is not a language this engine knows; use one of {known}")
        if code not in codes:
            codes.append(code)
    if codes:
        clauses.append(wq.Or([wq.Term("language", c) for c in codes]))
    doc_ids = list(dict.fromkeys(d for d in doc if d))
    if doc_ids:
        clauses.append(wq.Or([wq.Term("doc_id", d) for d in doc_ids]))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


SORTS = ("relevance", "date", "-date")


def run(searcher, query: str, *, limit: int = 10, date_from=None, date_to=None, classification: Iterable[str] = (),
        language: Iterable[str] = (), doc: Iterable[str] = (), sort: str = "relevance", per_doc: int = 0,
        facets: bool = False, aliases=None, vocabulary=None, context: int = 0, snippets: bool = True,
        ranking: Ranking | None = None, copies=None) -> SearchResults:
    """Parse, run and highlight one query with a whoosh searcher (made with :func:`.rank.weighting`).

    ``per_doc`` keeps at most that many passages of one document (0: no limit); ``vocabulary`` is a
    callable returning the index's term -> word-form map, read only when a suggestion is needed.
    """
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    if sort not in SORTS:
        raise QueryError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if per_doc < 0:
        raise QueryError(f"--per-doc must be 0 (no grouping) or more, not {per_doc}")
    node = parse(query)
    user_filter = build_filter(date_from, date_to, classification, language, doc)
    compiler = Compiler(searcher.reader(), query, aliases, vocabulary=vocabulary)
    compiled = compiler.compile_ranked(node)
    from whoosh import query as wq

    # every matching passage, found once without scoring: the total, the counts and a date order come
    # from it; relevance scores only as many passages as the page needs (see rank.rank_passages)
    matched = list(searcher.docs_for_query(compiled.query if user_filter is None
                                           else wq.And([user_filter, compiled.query])))
    matched = keep_one_copy(searcher.reader(), matched, copies)  # copies: doc id -> its group (search.dedupe)
    total = len(matched)
    per_document, counts = count_matches(searcher.reader(), matched, facets)
    chosen = rank_passages(searcher, compiled, user_filter, matched, sort, limit, per_doc, ranking) if total else []
    shown: dict[str, int] = {}
    ranked = [(score, searcher.stored_fields(d)) for score, d in chosen]
    for _, fields in ranked:
        shown[fields["doc_id"]] = shown.get(fields["doc_id"], 0) + 1
    hits = tuple(
        make_hit(rank, score, fields, compiler.highlight if snippets else {}, searcher, context,
                 more=per_document.get(fields["doc_id"], 0) - shown[fields["doc_id"]] if per_doc else 0,
                 phrases=compiler.phrases if snippets else {})
        for rank, (score, fields) in enumerate(ranked, 1)
    )
    suggestions = ()
    if vocabulary is not None:  # for words the index does not hold, however much else matched
        from ..query.suggest import suggest

        suggestions = suggest(query, node, searcher, vocabulary, aliases)
        if compiler.respellings and total:  # the nearest spellings were searched already, and said so
            suggestions = ()
    if not total and suggestions:  # nothing at all: show what the corrected query finds, and say so
        corrected = run(searcher, suggestions[0], limit=limit, date_from=date_from, date_to=date_to,
                        classification=classification, language=language, doc=doc, sort=sort, per_doc=per_doc,
                        facets=facets, aliases=aliases, context=context, snippets=snippets, copies=copies)
        if corrected.total:
            note = f"no passage matches {query!r}; showing the results for {suggestions[0]!r}"
            return replace(corrected, query=query, suggestions=suggestions,
                           warnings=(*compiler.warnings, note, *corrected.warnings))
    titles = None
    if facets:
        counts["document"] = dict(sorted(per_document.items(), key=lambda kv: (-kv[1], kv[0])))
        titles = document_titles(searcher, matched)
    return SearchResults(query=query, total=total, hits=hits, warnings=tuple(compiler.warnings),
                         suggestions=suggestions, expansions=tuple(compiler.expansions),
                         respellings=tuple(compiler.respellings),
                         facets=counts if facets else None, documents=len(per_document), document_titles=titles)


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
