"""A Document (or one of its passages) -> the Reference a citation is written from.

Which Zotero item type: a document printed in a published volume (``container_title``: a FRUS volume) is a
``bookSection`` of it; a document whose title calls it a letter is a ``letter`` (its recipient from the
title's "to ..."); anything else is a ``manuscript``. Zotero's ``document`` type is never used.
"""

from __future__ import annotations

import re

from ..model import Creator, Document, Reference
from .archive import split_citation

# titles that call a document a letter and name its writer and recipient ("Letter From Chairman
# Khrushchev to President Kennedy", "Letter to Castro"); the names are kept as written
_LETTER = re.compile(r"^letter\b(?:\s+from\s+(?P<author>.+?))?(?:\s+to\s+(?P<recipient>.+?))?\s*$", re.IGNORECASE)
_RANKS = re.compile(r"^(?:president(?:-elect)?|chairm[ae]n|premier|secretary|ambassador|comrades?|cde\.?|"
                    r"mr\.?|mrs\.?|general|prime\s+minister|the)\b", re.IGNORECASE)


def reference(doc: Document, paragraph: int | None = None) -> Reference:
    """What a citation of ``doc`` (or of its paragraph ``paragraph``) says."""
    if doc.item_type:
        return library_reference(doc, paragraph)
    parts = split_citation(doc.citation)
    in_volume = bool(doc.container_title)
    letter = None if in_volume else _LETTER.match(doc.title)
    item_type = "bookSection" if in_volume else ("letter" if letter else "manuscript")
    creators: list[Creator] = []
    if letter:
        if letter.group("author"):
            creators.append(_named("author", letter.group("author")))
        if letter.group("recipient"):
            creators.append(_named("recipient", letter.group("recipient")))
    creators += [person_name("editor", n) for n in doc.editors]
    creators += [person_name("translator", n) for n in parts.translators]
    extra: list[str] = []
    if doc.classification:
        extra.append("Classification: " + ", ".join(doc.classification))
    if doc.date and not doc.date.exact:
        extra.append(f"Date span: {doc.date.start.isoformat()}/{doc.date.end.isoformat()}"
                     + (f" ({doc.date.raw})" if doc.date.raw else ""))
    if doc.original_language:
        extra.append(f"Original language: {doc.original_language}")
    archive, location, note = parts.archive, parts.archive_location, parts.rest
    if in_volume:  # the edition's source note says where the original is: a note, not the item's archive
        archive, location, note = "", "", doc.citation
    title = doc.title + (f": {doc.subtitle}" if doc.subtitle and doc.subtitle not in doc.title else "")
    return Reference(
        id=doc.passage_id(paragraph) if paragraph else doc.doc_id,
        doc_id=doc.doc_id,
        item_type=item_type,
        title=title,
        date=doc.date,
        creators=tuple(creators),
        place=doc.place,
        archive=archive,
        archive_location=location,
        container_title=doc.container_title,
        publisher=doc.publisher,
        publisher_place=doc.publisher_place,
        issued=doc.issued,
        document_number=doc.document_number,
        pages=_pages(doc, paragraph),
        paragraph=paragraph,
        language=doc.language,
        url=doc.url or parts.url,
        note=note,
        extra=tuple(extra),
    )


# Tropy's types of items (dc:type, as typed) that are Zotero item types; any other Tropy item cites as a manuscript
_TROPY_TYPES = {"letter": "letter", "photo": "manuscript", "manuscript": "manuscript", "map": "map",
                "document": "document", "report": "report", "artwork": "artwork"}
_EXTRA_FIELDS = ("extra",)


def library_reference(doc: Document, paragraph: int | None = None) -> Reference:
    """The citation of an item of a reference manager's library: its own fields as the library holds them
    (Zotero's names: title, date, place, archive, archiveLocation, publicationTitle...), its creators in their
    roles, nothing guessed from its text. The page of a passage is its page in the attachment it was read from."""
    fields = dict(doc.fields)
    item_type = doc.item_type if doc.format != "tropy" else _TROPY_TYPES.get(doc.item_type, "manuscript")
    extra = tuple(line for name in _EXTRA_FIELDS for line in fields.get(name, "").splitlines() if line.strip())
    if doc.date and not doc.date.exact and doc.date.iso.count("/"):
        extra += (f"Date span: {doc.date.start.isoformat()}/{doc.date.end.isoformat()}",)
    pages = _pages(doc, paragraph) if paragraph else fields.get("pages", "")
    return Reference(
        id=doc.passage_id(paragraph) if paragraph else doc.doc_id,
        doc_id=doc.doc_id,
        item_type=item_type,
        title=fields.get("title") or doc.title,
        date=doc.date,
        creators=doc.creators,
        place=fields.get("place", ""),
        archive=fields.get("archive", ""),
        archive_location=fields.get("archiveLocation", ""),
        container_title=fields.get("publicationTitle") or fields.get("bookTitle", ""),
        publisher=fields.get("publisher", ""),
        issued="",
        document_number=fields.get("number", ""),
        pages=pages,
        paragraph=paragraph,
        language=fields.get("language") or doc.language,
        url=fields.get("url", ""),
        note="",
        extra=extra,
    )


def _pages(doc: Document, paragraph: int | None) -> str:
    """The page of a passage; for a document, the pages it spans ("178-181")."""
    if paragraph:
        return doc.paragraphs[paragraph - 1].page or ""
    pages = [p.page for p in doc.paragraphs if p.page]
    if not pages:
        return ""
    return pages[0] if pages[0] == pages[-1] else f"{pages[0]}-{pages[-1]}"


def _named(role: str, name: str) -> Creator:
    """A name taken from a title ("President Kennedy", "the Department of State"): kept whole."""
    return Creator(role, literal=name.strip().rstrip(".,"))


def person_name(role: str, name: str) -> Creator:
    """A personal name split for sorting: "Kennedy, John F." and "John F. Kennedy" both give family
    "Kennedy" and given "John F."; a name with a rank or of one word is kept whole."""
    name = " ".join(name.split()).strip(" ,.")
    if "," in name:
        family, given = (x.strip() for x in name.split(",", 1))
        return Creator(role, family=family, given=given)
    words = name.split()
    if len(words) < 2 or _RANKS.match(name):
        return Creator(role, literal=name)
    # particles stay with the family name: "Charles de Gaulle", "Ludwig van Beethoven"
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in ("de", "van", "von", "der", "da", "di", "la", "le", "du", "del"):
        i -= 1
    return Creator(role, family=" ".join(words[i:]), given=" ".join(words[:i]))
