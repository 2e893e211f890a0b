"""A Reference as a CSL-JSON item (the citation-style-language schema's csl-data), as Zotero maps its
types: manuscript, letter -> personal_communication, bookSection -> chapter."""

from __future__ import annotations

from ..model import Creator, Reference
from .dates import date_parts

# Zotero's item types as Zotero maps them to CSL (its schema's csl types); any other is a manuscript
TYPES = {"manuscript": "manuscript", "letter": "personal_communication", "bookSection": "chapter", "book": "book",
         "document": "document", "report": "report", "journalArticle": "article-journal",
         "magazineArticle": "article-magazine", "newspaperArticle": "article-newspaper", "thesis": "thesis",
         "webpage": "webpage", "interview": "interview", "map": "map", "artwork": "graphic", "email": "personal_communication",
         "film": "motion_picture", "audioRecording": "song", "case": "legal_case", "statute": "legislation",
         "hearing": "bill", "bill": "bill", "presentation": "speech", "note": "document"}
ROLES = {"author": "author", "recipient": "recipient", "editor": "editor", "translator": "translator",
         "contributor": "contributor", "seriesEditor": "collection-editor", "interviewer": "interviewer",
         "director": "director", "bookAuthor": "container-author", "reviewedAuthor": "reviewed-author"}


def csl_item(ref: Reference) -> dict:
    item: dict = {"id": ref.id, "type": TYPES.get(ref.item_type, "manuscript"), "title": ref.title}
    for role, variable in ROLES.items():
        names = [_name(c) for c in ref.creators if c.role == role]
        if names:
            item[variable] = names
    span = _date(ref)
    if ref.item_type == "bookSection":
        if span:
            item["original-date"] = span
        if ref.issued[:4].isdigit():
            item["issued"] = {"date-parts": [[int(ref.issued[:4])]]}
        item.update({"container-title": ref.container_title, "publisher": ref.publisher,
                     "publisher-place": ref.publisher_place, "number": ref.document_number})
    else:
        if span:
            item["issued"] = span
        item.update({"publisher-place": ref.place, "archive": ref.archive, "archive_location": ref.archive_location,
                     "container-title": ref.container_title, "publisher": ref.publisher})
        if ref.item_type == "letter":
            item["genre"] = "Letter"
    item.update({"page": ref.pages, "language": ref.language, "URL": ref.url})
    if ref.paragraph:
        item["locator"] = str(ref.paragraph)
    notes = [ref.note] if ref.note else []
    if ref.item_type == "bookSection" and ref.place:
        notes.append(f"Place: {ref.place}")
    notes += list(ref.extra)
    if notes:
        item["note"] = "\n".join(notes)
    return {k: v for k, v in item.items() if v not in ("", None, [])}


def _name(c: Creator) -> dict:
    if c.literal:
        return {"literal": c.literal}
    return {"family": c.family, "given": c.given} if c.given else {"family": c.family}


def _date(ref: Reference) -> dict | None:
    """A day, month or year as one date; any other span as two (CSL's date range)."""
    if ref.date is None:
        return None
    start = date_parts(ref.date)
    if ref.date.exact or len(start) < 3:
        return {"date-parts": [start]}
    e = ref.date.end
    return {"date-parts": [start, [e.year, e.month, e.day]]}
