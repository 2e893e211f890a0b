"""Hits: a ranked passage's stored fields turned into a :class:`~search_engine.model.Hit`, with its
snippet (the matched words marked), the footnotes it cites and its neighbouring paragraphs.
"""

from __future__ import annotations

import json

from ..model import DateRange, Footnote, Hit, Passage
from .highlight import Spans, join_spans, matches, snippet_spans, to_html

# (index field, label shown before a snippet taken from it), in the order a snippet is chosen
_SNIPPET_FIELDS = (("body", ""), ("footnote", "note"), ("title", "title"), ("subjects", "index"),
                   ("description", "summary"), ("citation", "citation"))


def make_hit(rank: int, score: float, stored: dict, terms: dict[str, set[str]], searcher, context: int,
             more: int = 0, phrases: dict[str, list] | None = None) -> Hit:
    meta = json.loads(stored["meta"])
    notes = tuple(Footnote(n["number"], n["text"]) for n in meta["footnotes"])
    matched: list[str] = []
    chosen: Spans = ()
    chosen_field = "body"
    phrases = phrases or {}
    for field, label in _SNIPPET_FIELDS:
        field_terms, field_phrases = terms.get(field, set()), phrases.get(field, ())
        if not (field_terms or field_phrases):
            continue
        if field == "footnote":
            for note in notes:
                spans = matches(note.text, field_terms, field_phrases)
                if spans:
                    if "footnote" not in matched:
                        matched.append("footnote")
                    if not chosen:
                        chosen = join_spans(((f"[{label} {note.number}] ", False), *snippet_spans(note.text, spans)))
                        chosen_field = field
            continue
        text = _field_text(field, stored, meta)
        spans = matches(text, field_terms, field_phrases)
        if spans:
            matched.append(field)
            if not chosen:
                chosen = join_spans(((f"[{label}] " if label else "", False), *snippet_spans(text, spans)))
                chosen_field = field
    if not chosen:
        chosen = snippet_spans(stored["body"], [])
    own = chosen if chosen_field == "body" else snippet_spans(stored["body"], [])
    doc_id, paragraph = stored["doc_id"], stored["paragraph"]
    before = after = ()
    if context > 0:
        # clamped to the document: paragraphs are numbered from 1 without gaps, so the first one missing
        # after the hit is the end (a context of a million reads only what the document holds)
        before = tuple(p for n in range(max(1, paragraph - context), paragraph) if (p := _passage(searcher, doc_id, n)))
        following = []
        for n in range(paragraph + 1, paragraph + context + 1):
            if (p := _passage(searcher, doc_id, n)) is None:
                break
            following.append(p)
        after = tuple(following)
    return Hit(
        rank=rank,
        score=float(score or 0.0),
        passage_id=stored["passage_id"],
        doc_id=doc_id,
        title=meta["title"],
        subtitle=meta.get("subtitle", ""),
        date=DateRange.from_iso(meta["date"], meta.get("date_raw", "")) if meta.get("date") else None,
        period=DateRange.from_iso(meta["period"]) if meta.get("period") else None,
        classification=tuple(meta.get("classification", ())),
        paragraph=paragraph,
        page=meta.get("page"),
        text=stored["body"],
        snippet=to_html(chosen),
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
        snippet_spans=chosen,
        passage_snippet=to_html(own),
        passage_snippet_spans=own,
        library_link=meta.get("link", ""),
        image=meta.get("image", ""),
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
