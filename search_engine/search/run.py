"""Run a parsed query against the live generation and turn whoosh hits into Hit records."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Iterable

from ..errors import QueryError
from ..model import Footnote, Hit, Passage, SearchResults
from ..query.parser import Compiler, column_values, date_filter, parse
from .highlight import matches, snippet

# (index field, label shown before a snippet taken from it), in the order a snippet is chosen
_SNIPPET_FIELDS = (("body", ""), ("footnote", "note"), ("title", "title"), ("description", "summary"),
                   ("citation", "citation"))


def weighting():
    """BM25F tuned for short archival passages: body length matters, title and notes length less."""
    from whoosh.scoring import BM25F

    return BM25F(B=0.75, K1=1.2, title_B=0.3, description_B=0.3, citation_B=0.3, footnote_B=0.5)


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
        from ..ingest.text import normalize_classification
    for c in classification:
        for tag in normalize_classification(c):
            if tag not in tags:
                tags.append(tag)
    if tags:
        clauses.append(wq.Or([wq.Term("classification_tag", t) for t in tags]))
    codes: list[str] = []
    if language:
        from ..analysis.languages import LANGUAGES, language_code
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
        language: Iterable[str] = (), doc: Iterable[str] = (), sort: str = "relevance", per_doc: int = 3,
        facets: bool = False, aliases=None, vocabulary=None, context: int = 0, snippets: bool = True) -> SearchResults:
    """Parse, run and highlight one query with a whoosh searcher (made with :func:`weighting`).

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
    compiler = Compiler(searcher.reader(), query, aliases)
    strict, loose = compiler.compile_tiers(node)
    from whoosh import query as wq

    # every matching passage, found once without scoring: the total, the counts and a date order come
    # from it; relevance scores only as many passages as the page needs (see _ranked)
    matched = list(searcher.docs_for_query(loose if user_filter is None else wq.And([user_filter, loose])))
    total = len(matched)
    per_document, counts = _counts(searcher.reader(), matched, facets)
    chosen = _ranked(searcher, strict, loose, user_filter, matched, sort, limit, per_doc) if total else []
    shown: dict[str, int] = {}
    ranked = [(score, searcher.stored_fields(d)) for score, d in chosen]
    for _, fields in ranked:
        shown[fields["doc_id"]] = shown.get(fields["doc_id"], 0) + 1
    hits = tuple(
        _hit(rank, score, fields, compiler.highlight if snippets else {}, searcher, context,
             more=per_document.get(fields["doc_id"], 0) - shown[fields["doc_id"]] if per_doc else 0)
        for rank, (score, fields) in enumerate(ranked, 1)
    )
    suggestions = ()
    if vocabulary is not None:  # for words the index does not hold, however much else matched
        from ..query.suggest import suggest

        suggestions = suggest(query, node, searcher.reader(), vocabulary)
    if not total and suggestions:  # nothing at all: show what the corrected query finds, and say so
        corrected = run(searcher, suggestions[0], limit=limit, date_from=date_from, date_to=date_to,
                        classification=classification, language=language, doc=doc, sort=sort, per_doc=per_doc,
                        facets=facets, aliases=aliases, context=context, snippets=snippets)
        if corrected.total:
            note = f"no passage matches {query!r}; showing the results for {suggestions[0]!r}"
            return replace(corrected, query=query, suggestions=suggestions,
                           warnings=(*compiler.warnings, note, *corrected.warnings))
    if facets:
        counts["document"] = dict(sorted(per_document.items(), key=lambda kv: (-kv[1], kv[0])))
    return SearchResults(query=query, total=total, hits=hits, warnings=tuple(compiler.warnings),
                         suggestions=suggestions, expansions=tuple(compiler.expansions),
                         facets=counts if facets else None, documents=len(per_document))


def _counts(reader, matched: list[int], facets: bool) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Matching passages per document, and for facets by classification, year and month, read from the
    index's columns (no stored fields are loaded)."""
    from collections import Counter

    docs = column_values(reader, "doc_id")
    per_document = Counter(docs[d] for d in matched)
    if not facets:
        return dict(per_document), {}
    counts: dict[str, dict[str, int]] = {}
    tags = column_values(reader, "classification_key")
    counts["classification"] = dict(sorted(Counter(t for d in matched for t in tags[d].split(",") if t).items(),
                                           key=lambda kv: (-kv[1], kv[0])))
    for name in ("year", "month"):
        column = column_values(reader, name)
        found = Counter(column[d] for d in matched)
        undated = found.pop("", 0)
        counts[name] = dict(sorted(found.items()))
        if undated:
            counts[name]["undated"] = undated
    return dict(per_document), counts


def _grouped(order, limit: int, per_doc: int) -> list[tuple[float, int]]:
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


def _ranked(searcher, strict, loose, user_filter, matched: list[int], sort: str, limit: int, per_doc: int):
    """The (score, docnum) pairs to show, in order: at most ``per_doc`` per document, ``limit`` in all."""
    reader = searcher.reader()
    doc_ids = column_values(reader, "doc_id")
    if sort != "relevance":
        return _grouped(_by_date(reader, doc_ids, matched, sort), limit, per_doc)
    if len(matched) <= SCORE_ALL:
        scored = searcher.search(loose, limit=None, filter=set(matched)).top_n
        return _grouped(_tiers(searcher, strict, scored, doc_ids), limit, per_doc)
    k = limit * (per_doc or 1) * 2
    while True:  # (the matches are exactly what these queries find under the user's filter)
        first = searcher.search(strict, limit=k, filter=user_filter).top_n if strict is not None else []
        order = [(s, d, doc_ids[d]) for s, d in first]
        chosen = _grouped(order, limit, per_doc)
        if len(chosen) == limit:  # the all-words tier fills the page: the others would come after it
            return chosen
        seen = {d for _, d in first}
        top = searcher.search(loose, limit=k, filter=user_filter).top_n
        chosen = _grouped(order + [(s, d, doc_ids[d]) for s, d in top if d not in seen], limit, per_doc)
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


def _hit(rank: int, score: float, stored: dict, terms: dict[str, set[str]], searcher, context: int,
         more: int = 0) -> Hit:
    meta = json.loads(stored["meta"])
    notes = tuple(Footnote(n["number"], n["text"]) for n in meta["footnotes"])
    matched: list[str] = []
    chosen, chosen_field = "", "body"
    for field, label in _SNIPPET_FIELDS:
        field_terms = terms.get(field, set())
        if not field_terms:
            continue
        if field == "footnote":
            for note in notes:
                spans = matches(note.text, field_terms)
                if spans:
                    if "footnote" not in matched:
                        matched.append("footnote")
                    if not chosen:
                        chosen, chosen_field = f"[{label} {note.number}] " + snippet(note.text, spans), field
            continue
        text = _field_text(field, stored, meta)
        spans = matches(text, field_terms)
        if spans:
            matched.append(field)
            if not chosen:
                chosen, chosen_field = (f"[{label}] " if label else "") + snippet(text, spans), field
    if not chosen:
        chosen = snippet(stored["body"], [])
    doc_id, paragraph = stored["doc_id"], stored["paragraph"]
    before = after = ()
    if context > 0:
        before = tuple(p for n in range(paragraph - context, paragraph) if (p := _passage(searcher, doc_id, n)))
        after = tuple(p for n in range(paragraph + 1, paragraph + context + 1) if (p := _passage(searcher, doc_id, n)))
    return Hit(
        rank=rank,
        score=float(score or 0.0),
        passage_id=stored["passage_id"],
        doc_id=doc_id,
        title=meta["title"],
        subtitle=meta.get("subtitle", ""),
        date=meta.get("date"),
        classification=tuple(meta.get("classification", ())),
        paragraph=paragraph,
        page=meta.get("page"),
        text=stored["body"],
        snippet=chosen,
        footnotes=notes,
        source=meta.get("source", ""),
        citation=meta.get("citation", ""),
        matched_fields=tuple(matched),
        snippet_field=chosen_field,
        before=before,
        after=after,
        language=meta.get("language", ""),
        place=meta.get("place", ""),
        more_in_document=more,
    )


def _field_text(field: str, stored: dict, meta: dict) -> str:
    """The text of a field as indexed for this passage (only the body is stored as a field of its own)."""
    if field == "body":
        return stored["body"]
    if field == "title":
        return meta["title"] + ("\n" + meta["subtitle"] if meta.get("subtitle") else "")
    return meta.get(field) or ""


def _passage(searcher, doc_id: str, n: int) -> Passage | None:
    if n < 1:
        return None
    stored = searcher.document(passage_id=f"{doc_id}#p{n}")
    if not stored:
        return None
    return Passage(stored["passage_id"], stored["paragraph"], stored["body"], json.loads(stored["meta"]).get("page"))
