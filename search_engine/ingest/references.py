"""Cross-references written in a document's text and notes: "See Document 27", "vol. XI, Document 59",
"see vol. XIV, pp. 780–784", "Protocol No. 63", "your letter of October 26".

Every format goes through this (an edition's own links, TEI ``<ref>``, are read by :mod:`.tei`; a phrase that
one of them already covers is not read twice). What is read here is what the text says; which indexed
document it means is decided when the index is built (``index.links``), so a reference to a volume or a
letter that is not indexed yet resolves once it is.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import CrossReference, Document
from ..vocabulary.records import dated_records, record_numbers

_VOLUME = r"(?:[Vv]ol(?:ume)?\.?|[Тт]ом)\s+(?P<volume>[IVXLC]+|\d{1,3})"
# "Document 27", "Documents 67 and 68", "vol. XI, Document 59", "документ № 5"
_DOCUMENTS = re.compile(r"(?<![\w-])(?:" + _VOLUME + r",?\s+)?(?:[Dd]ocuments?|[Dd]ocs?\.|[Дд]окумент\w{0,2})\s+"
                        r"(?:No\.?\s*|№\s*)?(?P<numbers>\d{1,5}(?:\s*(?:,|and|&|и)\s*\d{1,5})*)(?![\w.,]\d)(?!\w)")
# "see vol. XIV, pp. 780–784": a volume of the same series (after a publication's title, "Documents on
# Disarmament, 1962, vol. I, pp. 25-26" names another book, so only after "see", "in", "(" or a sentence start)
_PAGES = re.compile(r"(?:(?<=\bsee )|(?<=\bSee )|(?<=\balso )|(?<=\bin )|(?<=\()|(?<=; )|(?<=^))" + _VOLUME
                    + r",?\s+(?:pp?\.|с\.)\s*(?P<first>\d{1,5})(?:\s*[-–—]\s*(?P<last>\d{1,5}))?")
# the word for a volume, which _PAGES needs: a text without one is not searched with it (its look-behinds are
# tried at every character: most of the time of finding a text's references)
_ANY_VOLUME = re.compile(r"[Vv]ol|[Тт]ом")


def find_references(doc: Document) -> tuple[CrossReference, ...]:
    """The references in the document's paragraphs and notes, after (and not repeating) those it already has."""
    found: list[CrossReference] = []
    places = [(p.text, p.number, "") for p in doc.paragraphs]
    places += [(f.text, f.paragraph, f.number) for f in doc.footnotes]
    tagged: dict[tuple, list[str]] = {}
    for ref in doc.references:
        tagged.setdefault((ref.paragraph, ref.footnote), []).append(ref.text)
    for text, paragraph, note in places:
        known = tagged.get((paragraph, note), [])
        for ref in text_references(text, doc.date.start if doc.date else None, doc.date.end if doc.date else None):
            if not any(t and (t in ref.text or ref.text in t) for t in known):
                found.append(_placed(ref, paragraph, note))
    return doc.references + tuple(found)


def _placed(ref: CrossReference, paragraph: int | None, note: str) -> CrossReference:
    from dataclasses import replace

    return replace(ref, paragraph=paragraph, footnote=note)


def text_references(text: str, written_from: date | None = None, written_to: date | None = None) -> list[CrossReference]:
    """The references one passage of text makes, in order. ``written_from``/``written_to`` is when the citing
    document was written: a date without a year ("your letter of October 26") is the last such day before it."""
    out: list[tuple[int, CrossReference]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for m in _PAGES.finditer(text) if _ANY_VOLUME.search(text) else ():
        first, last = m.group("first"), m.group("last")
        out.append((m.start(), CrossReference(m.group(0), m.group(0), "pages", volume=m.group("volume"),
                                              pages=f"{first}-{last}" if last else first)))
        taken.append(m.span())
    for m in _DOCUMENTS.finditer(text):
        if not free(*m.span()):
            continue
        for number in re.findall(r"\d+", m.group("numbers")):
            out.append((m.start(), CrossReference(m.group(0), m.group(0), "document", volume=m.group("volume") or "",
                                                  number=number.lstrip("0") or "0")))
        taken.append(m.span())
    for kind, number, start, end in record_numbers(text):
        if kind == "document" or not free(start, end):
            continue
        out.append((start, CrossReference(text[start:end], text[start:end], "record", number=number)))
        taken.append((start, end))

    def year_of(month: int, day: int) -> int | None:
        if written_to is None:
            return None
        year = written_to.year
        try:
            return year if date(year, month, day) <= written_to else year - 1
        except ValueError:
            return None

    for found in dated_records(text, year_of):
        if not free(found["start"], found["end"]):
            continue
        phrase = text[found["start"]:found["end"]]
        out.append((found["start"], CrossReference(phrase, phrase, "date", date=found["date"])))
    out.sort(key=lambda t: t[0])
    return [ref for _, ref in out]
