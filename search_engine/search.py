"""Run a parsed query against the live generation and turn whoosh hits into Hit records."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Iterable

from .errors import QueryError
from .highlight import matches, snippet
from .model import Footnote, Hit, Passage, SearchResults
from .query import Compiler, date_filter, parse

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
    from .dates import parse_date

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
        from .documents import normalize_classification
    for c in classification:
        for tag in normalize_classification(c):
            if tag not in tags:
                tags.append(tag)
    if tags:
        clauses.append(wq.Or([wq.Term("classification_tag", t) for t in tags]))
    codes: list[str] = []
    if language:
        from .languages import LANGUAGES, language_code
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


def run(ix, query: str, *, limit: int = 10, date_from=None, date_to=None, classification: Iterable[str] = (),
        language: Iterable[str] = (), doc: Iterable[str] = (), sort: str = "relevance", per_doc: int = 3,
        facets: bool = False, aliases=None, vocabulary=None, context: int = 0) -> SearchResults:
    """Parse, run and highlight one query against an open whoosh index.

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
    with ix.searcher(weighting=weighting()) as searcher:
        from whoosh import query as wq

        compiler = Compiler(searcher.reader(), query, aliases)
        strict, loose = compiler.compile_tiers(node)
        # every matching passage, found once (unscored); the ranked searches below only score among them
        matched = set(searcher.docs_for_query(loose if user_filter is None else wq.And([user_filter, loose])))
        per_document, counts = _counts(searcher.reader(), matched, facets)
        total = len(matched)
        ranked = _grouped(searcher, strict, loose, matched, sort, limit, per_doc, total) if total else []
        shown: dict[str, int] = {}
        for _, fields in ranked:
            shown[fields["doc_id"]] = shown.get(fields["doc_id"], 0) + 1
        hits = tuple(
            _hit(rank, score, fields, compiler.highlight, searcher, context,
                 more=per_document.get(fields["doc_id"], 0) - shown[fields["doc_id"]] if per_doc else 0)
            for rank, (score, fields) in enumerate(ranked, 1)
        )
        suggestions = ()
        if vocabulary is not None:  # for words the index does not hold, however much else matched
            from .suggest import suggest

            suggestions = suggest(query, node, searcher.reader(), vocabulary)
    if not total and suggestions:  # nothing at all: show what the corrected query finds, and say so
        corrected = run(ix, suggestions[0], limit=limit, date_from=date_from, date_to=date_to,
                        classification=classification, language=language, doc=doc, sort=sort, per_doc=per_doc,
                        facets=facets, aliases=aliases, context=context)
        if corrected.total:
            note = f"no passage matches {query!r}; showing the results for {suggestions[0]!r}"
            return replace(corrected, query=query, suggestions=suggestions,
                           warnings=(*compiler.warnings, note, *corrected.warnings))
    if facets:
        counts["document"] = dict(sorted(per_document.items(), key=lambda kv: (-kv[1], kv[0])))
    return SearchResults(query=query, total=total, hits=hits, warnings=tuple(compiler.warnings),
                         suggestions=suggestions, expansions=tuple(compiler.expansions),
                         facets=counts if facets else None, documents=len(per_document))


def _counts(reader, matched: set[int], facets: bool) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Matching passages per document, and for facets by classification, year and month, read from the
    index's columns (no stored fields are loaded)."""
    from collections import Counter

    docs = reader.column_reader("doc_id")
    per_document = Counter(docs[d] for d in matched)
    if not facets:
        return dict(per_document), {}
    counts: dict[str, dict[str, int]] = {}
    tags = reader.column_reader("classification_key")
    counts["classification"] = dict(sorted(Counter(t for d in matched for t in _tags(tags[d])).items(),
                                           key=lambda kv: (-kv[1], kv[0])))
    for name in ("year", "month"):
        column = reader.column_reader(name)
        found = Counter(column[d] for d in matched)
        undated = found.pop("", 0) + found.pop(None, 0)
        counts[name] = dict(sorted((_text(k), n) for k, n in found.items()))
        if undated:
            counts[name]["undated"] = undated
    return dict(per_document), counts


def _text(key) -> str:
    return key.decode("utf-8") if isinstance(key, bytes) else str(key)


def _tags(value) -> list[str]:
    value = _text(value) if value else ""
    return [t for t in value.split(",") if t]


def _grouped(searcher, strict, loose, filt: set[int], sort: str, limit: int, per_doc: int, total: int):
    """The passages to show, in order: at most ``per_doc`` from one document, ``limit`` in all."""
    want = limit * 2 if per_doc else limit
    while True:
        ranked = _ordered(searcher, strict, loose, filt, sort, min(want, total))
        chosen: list = []
        taken: dict[str, int] = {}
        for score, fields in ranked:
            d = fields["doc_id"]
            if per_doc and taken.get(d, 0) >= per_doc:
                continue
            taken[d] = taken.get(d, 0) + 1
            chosen.append((score, fields))
            if len(chosen) == limit:
                return chosen
        if want >= total:
            return chosen
        want *= 4


def _ordered(searcher, strict, loose, filt: set[int], sort: str, k: int) -> list[tuple[float, dict]]:
    """The first ``k`` matching passages in display order."""
    if sort != "relevance":
        from whoosh import query as wq
        from whoosh import sorting

        by_date = sorting.MultiFacet([
            sorting.QueryFacet({"dated": wq.TermRange("date_start", "0", "99999999")}, other="undated"),
            sorting.FieldFacet("date_start", reverse=sort == "-date"),
            sorting.FieldFacet("doc_id"),
            sorting.FieldFacet("paragraph"),
        ])
        # a sorted search has no relevance score (whoosh puts the sort key there)
        return [(0.0, r.fields()) for r in searcher.search(loose, limit=k, filter=filt, sortedby=by_date)]
    results = [(r.score, r.fields()) for r in searcher.search(loose, limit=k, filter=filt)]
    if strict is None:
        return results
    # passages holding every word come first; the rest follow in their own order
    first = [(r.score, r.fields()) for r in searcher.search(strict, limit=k, filter=filt)]
    seen = {f["passage_id"] for _, f in first}
    return (first + [(s, f) for s, f in results if f["passage_id"] not in seen])[:k]


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
