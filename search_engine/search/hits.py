"""Hits: a ranked passage's stored fields turned into a :class:`~search_engine.model.Hit`, with its
snippet (the matched words marked), the footnotes it cites and its neighbouring paragraphs.

A passage stores its own display data, if any (its id is read from the doc_id and paragraph columns); its
document's (title, date, source, citation...) is stored once, on the document's first passage, and the texts of
its passages together, a chunk of them on the last passage of the chunk (see index.schema); a hit reads them
from there (:func:`passage_fields`).
A document's passages are added together and in order, and deleted together, so its paragraph ``n`` is
``n - p`` document numbers away from its paragraph ``p``; that is checked, and the document's postings are
read when it does not hold.
"""

from __future__ import annotations

import json
from functools import lru_cache

from ..index.cache import generation_dict, keep
from ..index.schema import TEXTS_CHUNK, inherited_meta
from ..model import DateRange, Footnote, Hit, Passage
from .highlight import Spans, join_spans, matches, snippet_spans, to_html
from .highlight import matched as matched_in

# (index field, label shown before a snippet taken from it), in the order a snippet is chosen
_SNIPPET_FIELDS = (("body", ""), ("footnote", "note"), ("title", "title"), ("subjects", "index"),
                   ("description", "summary"), ("citation", "citation"))


def passage_fields(searcher, docnum: int) -> dict:
    """A passage's stored fields with its id, document id and paragraph number (read from the columns), ``meta``
    as a dict holding its document's display data too (not to be changed: it is kept for the next hits), its text
    (``body``) and its document's passage texts (``texts``, for its neighbours)."""
    stored = _stored(searcher, docnum)
    kept = _kept(searcher, "place")  # (its place, meta and document's, read once: the stored fields do not change)
    found = kept.get(docnum)
    if found is None:
        doc_id, paragraph = _place(searcher, docnum)
        meta = lead = _meta(stored)
        if paragraph != 1:
            lead, count = _document(searcher, docnum - paragraph + 1, doc_id)
            meta = inherited_meta(meta, lead)
        else:
            count = stored.get("passages", 0)
        found = _keep(kept, docnum, (doc_id, paragraph, meta, lead, count))
    doc_id, paragraph, meta, lead, count = found
    texts = DocumentTexts(searcher, doc_id, docnum, paragraph, count, stored, lead)
    return {**stored, "passage_id": f"{doc_id}#p{paragraph}", "doc_id": doc_id, "paragraph": paragraph,
            "meta": meta, "body": texts.get(paragraph) or "", "texts": texts}


def _place(searcher, docnum: int) -> tuple[str, int]:
    """(document id, paragraph number) of passage ``docnum``, from the columns (the arrays the build wrote)."""
    from ..query.columns import column_values
    from .scores import numbers

    reader = searcher.reader()
    return column_values(reader, "doc_id")[docnum], int(numbers(reader, "paragraph")[docnum])


def _meta(stored: dict) -> dict:
    """A passage's own meta (a passage that has nothing of its own stores none)."""
    return json.loads(stored["meta"]) if "meta" in stored else {}


_MAX_KEPT = 4096  # documents' display data and chunks of passage texts kept with a generation (see _kept)


def _kept(searcher, kind: str) -> dict:
    """What hits read from the stored fields of the searcher's generation (documents' display data, chunks of
    their passage texts), kept for the next hits and queries: the stored fields of a generation do not change.
    The oldest goes past _MAX_KEPT."""
    return generation_dict(searcher.reader(), kind)


def _keep(kept: dict, key, value):
    return keep(kept, key, value, _MAX_KEPT)


def _stored(searcher, docnum: int) -> dict:
    """The stored fields of passage ``docnum`` (not to be changed: they are kept for the next hits and queries).
    whoosh decodes a passage's stored fields anew on every call, which cost more than the rest of a hit."""
    kept = _kept(searcher, "stored")
    found = kept.get(docnum)
    if found is None:
        found = _keep(kept, docnum, searcher.stored_fields(docnum))
    return found


def _document(searcher, guess: int, doc_id: str) -> tuple[dict, int]:
    """The display data a document stores on its first passage (``guess``: where it should be) and its number of
    passages ({} and 0 when it has no first passage)."""
    kept = _kept(searcher, "document")
    key = (guess, doc_id)
    found = kept.get(key)
    if found is None:
        first = _find_stored(searcher, guess, doc_id, 1)
        stored = first[1] if first is not None else {}
        found = _keep(kept, key, (_meta(stored), stored.get("passages", 0)))
    return found


class DocumentTexts:
    """The texts of one document's passages, read a chunk at a time (TEXTS_CHUNK passages) from the passage
    that stores it, the chunk's last."""

    def __init__(self, searcher, doc_id: str, docnum: int, paragraph: int, count: int, stored: dict, lead: dict):
        self._searcher, self._doc_id, self._count = searcher, doc_id, count
        self.lead = lead  # the meta of its first passage, which its other passages' inherit from (index.schema)
        self._first = docnum - paragraph + 1  # where its first passage should be
        self._chunks: dict[int, list[str]] = {}
        if "texts" in stored:  # passage ``paragraph`` ends a chunk
            self._chunks[(paragraph - 1) // TEXTS_CHUNK] = stored["texts"]

    def get(self, n: int) -> str | None:
        """The text of paragraph ``n``, None when the document has no such paragraph."""
        if not 1 <= n <= self._count:
            return None
        chunk = (n - 1) // TEXTS_CHUNK
        if chunk not in self._chunks:
            end = min((chunk + 1) * TEXTS_CHUNK, self._count)
            kept = _kept(self._searcher, "texts")
            key = (self._first, self._doc_id, end)
            if key not in kept:
                found = _find_stored(self._searcher, self._first + end - 1, self._doc_id, end)
                _keep(kept, key, found[1].get("texts", []) if found is not None else [])
            self._chunks[chunk] = kept[key]
        texts, at = self._chunks[chunk], n - 1 - chunk * TEXTS_CHUNK
        return texts[at] if at < len(texts) else None


def document_meta(searcher, docnum: int, doc_id: str, paragraph: int) -> dict:
    """The display data of the document of passage ``docnum`` (its ``paragraph``), read from its first passage."""
    found = _find_stored(searcher, docnum - paragraph + 1, doc_id, 1)
    return _meta(found[1]) if found is not None else {}


def _find_stored(searcher, guess: int, doc_id: str, n: int) -> tuple[int, dict] | None:
    """(document number, stored fields) of paragraph ``n`` of ``doc_id``: ``guess`` when it is that passage, else
    looked up among the document's passages; None when the document has no such paragraph."""
    reader = searcher.reader()
    wanted = (doc_id, n)
    if 0 <= guess < reader.doc_count_all() and not reader.is_deleted(guess) and _place(searcher, guess) == wanted:
        return guess, _stored(searcher, guess)
    for docnum in searcher.document_numbers(doc_id=doc_id):
        if _place(searcher, docnum) == wanted:
            return docnum, _stored(searcher, docnum)
    return None


def make_hit(rank: int, score: float, stored: dict, terms: dict[str, set[str]], searcher, context: int,
             more: int = 0, phrases: dict[str, list] | None = None, docnum: int = -1, folder: str = "") -> Hit:
    """The hit of a passage (``stored``: its :func:`passage_fields`, ``docnum`` its document number, ``folder``
    the folder of its source file)."""
    meta = stored["meta"]
    notes = tuple(Footnote(n["number"], n["text"]) for n in meta["footnotes"])
    matched: list[str] = []
    chosen: Spans = ()
    chosen_field = "body"
    phrases = phrases or {}
    for field, label in _SNIPPET_FIELDS:
        field_terms, field_phrases = terms.get(field, set()), phrases.get(field, ())
        if not (field_terms or field_phrases):
            continue
        # once the snippet is chosen, a field (or a note) is only asked whether it matches
        if field == "footnote":
            for note in notes:
                if chosen:
                    if matched_in(note.text, field_terms, field_phrases):
                        matched.append("footnote")
                        break
                    continue
                spans = matches(note.text, field_terms, field_phrases)
                if spans:
                    matched.append("footnote")
                    chosen = join_spans(((f"[{label} {note.number}] ", False), *snippet_spans(note.text, spans)))
                    chosen_field = field
                    break
            continue
        text = _field_text(field, stored, meta)
        if chosen:
            if matched_in(text, field_terms, field_phrases):
                matched.append(field)
            continue
        spans = matches(text, field_terms, field_phrases)
        if spans:
            matched.append(field)
            if not chosen:
                chosen = join_spans(((f"[{label}] " if label else "", False), *snippet_spans(text, spans)))
                chosen_field = field
    if not chosen:
        chosen = snippet_spans(stored["body"], [])
    own = chosen if chosen_field == "body" else snippet_spans(stored["body"], [])
    html = to_html(chosen)
    doc_id, paragraph = stored["doc_id"], stored["paragraph"]
    before = after = ()
    if context > 0:
        # clamped to the document: paragraphs are numbered from 1 without gaps, so the first one missing
        # after the hit is the end (a context of a million reads only what the document holds)
        texts = stored.get("texts")
        before = tuple(p for n in range(max(1, paragraph - context), paragraph)
                       if (p := _passage(searcher, docnum + n - paragraph, doc_id, n, texts)))
        following = []
        for n in range(paragraph + 1, paragraph + context + 1):
            if (p := _passage(searcher, docnum + n - paragraph, doc_id, n, texts)) is None:
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
        date=_date(meta["date"], meta.get("date_raw", "")) if meta.get("date") else None,
        period=_date(meta["period"]) if meta.get("period") else None,
        classification=tuple(meta.get("classification", ())),
        paragraph=paragraph,
        page=meta.get("page"),
        text=stored["body"],
        snippet=html,
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
        passage_snippet=html if own is chosen else to_html(own),
        passage_snippet_spans=own,
        library_link=meta.get("link", ""),
        image=meta.get("image", ""),
        folder=folder,
    )


@lru_cache(maxsize=4096)
def _date(iso: str, raw: str = "") -> DateRange:
    """The DateRange of a document's ``date`` or ``period`` (one object for the hits of all its passages)."""
    return DateRange.from_iso(iso, raw)


def _field_text(field: str, stored: dict, meta: dict) -> str:
    """The text of a field as indexed for this passage (only the body is stored as a field of its own)."""
    if field == "body":
        return stored["body"]
    if field == "title":
        return meta["title"] + ("\n" + meta["subtitle"] if meta.get("subtitle") else "")
    return meta.get(field) or ""


def _passage(searcher, guess: int, doc_id: str, n: int, texts: DocumentTexts | None) -> Passage | None:
    """Paragraph ``n`` of ``doc_id`` (``guess``: where it should be; ``texts``: its document's), None when the
    document has no such one. Another backend's searcher (the Solr backend's) looks it up itself
    (``passage_at``)."""
    if n < 1:
        return None
    lookup = getattr(searcher, "passage_at", None)
    if lookup is not None:
        return lookup(doc_id, n)
    text = texts.get(n) if texts is not None else None
    if text is None:
        return None
    found = _find_stored(searcher, guess, doc_id, n)
    if found is None:
        return None
    return Passage(f"{doc_id}#p{n}", n, text, inherited_meta(_meta(found[1]), texts.lead).get("page"))
