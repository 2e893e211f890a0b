"""Run a parsed query against the live generation and turn whoosh hits into Hit records."""

from __future__ import annotations

import json
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


def build_filter(date_from=None, date_to=None, classification: Iterable[str] = (), language: Iterable[str] = ()):
    from whoosh import query as wq

    from .documents import normalize_classification
    from .languages import LANGUAGES, language_code

    clauses = []
    start = parse_filter_date(date_from, "--from", end=False)
    end = parse_filter_date(date_to, "--to", end=True)
    if start and end and start > end:
        raise QueryError(f"--from {start} is after --to {end}")
    if start or end:
        clauses.append(date_filter(start, end))
    tags: list[str] = []
    for c in classification:
        for tag in normalize_classification(c):
            if tag not in tags:
                tags.append(tag)
    if tags:
        clauses.append(wq.Or([wq.Term("classification_tag", t) for t in tags]))
    codes: list[str] = []
    for name in language:
        code = language_code(name)
        if not code:
            known = ", ".join(f"{c} ({n})" for c, n in LANGUAGES.items())
            raise QueryError(f"--lang {name!r} is not a language this engine knows; use one of {known}")
        if code not in codes:
            codes.append(code)
    if codes:
        clauses.append(wq.Or([wq.Term("language", c) for c in codes]))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


def run(ix, query: str, *, limit: int = 10, date_from=None, date_to=None,
        classification: Iterable[str] = (), language: Iterable[str] = (), context: int = 0) -> SearchResults:
    """Parse, run and highlight one query against an open whoosh index."""
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    node = parse(query)
    filt = build_filter(date_from, date_to, classification, language)
    with ix.searcher(weighting=weighting()) as searcher:
        compiler = Compiler(searcher.reader(), query)
        strict, loose = compiler.compile_tiers(node)
        results = searcher.search(loose, limit=limit, filter=filt)
        # whoosh's count of a filtered, limited search includes the filtered-out passages: count apart
        total = len(results) if filt is None else len(searcher.search(loose, limit=None, filter=filt, scored=False))
        ranked = [(r.score, r.fields()) for r in results]
        if strict is not None and total:
            # passages holding every word come first; the rest follow in their own order
            first = [(r.score, r.fields()) for r in searcher.search(strict, limit=limit, filter=filt)]
            seen = {f["passage_id"] for _, f in first}
            if len(first) < limit:
                more = searcher.search(loose, limit=limit + len(first), filter=filt)
                first += [(r.score, r.fields()) for r in more if r.fields()["passage_id"] not in seen]
            ranked = first[:limit]
        hits = tuple(
            _hit(rank, score, fields, compiler.highlight, searcher, context)
            for rank, (score, fields) in enumerate(ranked, 1)
        )
    return SearchResults(query=query, total=total, hits=hits, warnings=tuple(compiler.warnings))


def _hit(rank: int, score: float, stored: dict, terms: dict[str, set[str]], searcher, context: int) -> Hit:
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
        text = stored.get(field) or ""
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
        citation=stored.get("citation", ""),
        matched_fields=tuple(matched),
        snippet_field=chosen_field,
        before=before,
        after=after,
        language=meta.get("language", ""),
        place=meta.get("place", ""),
    )


def _passage(searcher, doc_id: str, n: int) -> Passage | None:
    if n < 1:
        return None
    stored = searcher.document(passage_id=f"{doc_id}#p{n}")
    if not stored:
        return None
    return Passage(stored["passage_id"], stored["paragraph"], stored["body"], json.loads(stored["meta"]).get("page"))
