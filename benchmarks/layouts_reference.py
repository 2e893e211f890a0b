"""Reference metadata for the layout benchmark: what each FRUS document *is*, read from the TEI edition.

Our TEI reader (``search_engine.read_documents``) gives the title, date, place, paragraphs and footnotes; each
of those is checked here against the TEI itself (the ``<head>``, the dateline's ``<date>`` attributes and
``<placeName>``, the ``<note>`` elements), and where the two disagree the TEI's value is used and the
disagreement is reported. The classification markings are read here from the source note's classification
sentence ("Secret; Niact; Limit Distribution."), in the words the edition uses, because the renderers must
type the marking the document bears ("Limited Official Use" is a marking of its own, not OFFICIAL USE ONLY).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# canonical marking -> the spellings of the edition's classification sentences that mean it (longest first)
MARKINGS: dict[str, tuple[str, ...]] = {
    "TOP SECRET": ("top secret",),
    "SECRET": ("secret",),
    "CONFIDENTIAL": ("confidential",),
    "LIMITED OFFICIAL USE": ("limited official use",),
    "OFFICIAL USE ONLY": ("official use only",),
    "UNCLASSIFIED": ("unclassified",),
    "EYES ONLY": ("eyes only",),
    "LIMIT DISTRIBUTION": ("limit distribution",),
    "NIACT": ("niact",),
    "PRIORITY": ("priority",),
    "OPERATIONAL IMMEDIATE": ("operational immediate",),
}
LEVELS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "OFFICIAL USE ONLY", "UNCLASSIFIED")
PRECEDENCE = ("NIACT", "OPERATIONAL IMMEDIATE", "PRIORITY")
_SPELLING = re.compile(
    r"\b(" + "|".join(sorted((re.escape(s) for v in MARKINGS.values() for s in v), key=len, reverse=True)) + r")\b",
    re.IGNORECASE)
_CANON = {s: canon for canon, spellings in MARKINGS.items() for s in spellings}


@dataclass(frozen=True)
class DocumentDate:
    """A document's date: one day (``start == end``) or the span the editors put an undated one in."""

    start: str  # ISO dates
    end: str
    supplied: bool = False  # printed "undated": the editors inferred it

    @property
    def iso(self) -> str:
        """``1962-10-27``, or ``1961-12-30/1962-01-18`` for a span (the form ``DateRange.iso`` gives)."""
        return self.start if self.start == self.end else f"{self.start}/{self.end}"


@dataclass(frozen=True)
class Reference:
    """What one FRUS document is: the metadata a parser should recover, and the text to render."""

    doc_id: str  # "d66"
    number: str  # "66", the edition's document number
    kind: str  # "historical-document" or "editorial-note"
    title: str
    date: DocumentDate | None  # None for the editorial notes, which have no dateline
    date_printed: str  # the dateline's date as the edition prints it: "October 27, 1962", "undated"
    place: str
    markings: tuple[str, ...]  # canonical, in the order of the classification sentence
    extra_markings: tuple[str, ...]  # words of that sentence outside the vocabulary ("Verbatim Text")
    source_note: str  # "Source: ..." as printed; "" for the editorial notes
    paragraphs: tuple[str, ...]
    notes: tuple[str, ...]  # footnote texts, in reading order: note k is printed as number k + 1
    anchors: tuple[tuple[int, int], ...] = ()  # per note: (paragraph index, character offset of its marker)
    volume: str = ""
    # markings a later agency gave a document that bears none ("No classification marking, but the Department of
    # State classified the message Top Secret and Eyes Only"): wherever the source note is printed, a parser may
    # read them (search_engine does, and says who gave them) or not
    later_markings: tuple[str, ...] = ()

    def paragraph(self, index: int, marker=None) -> str:
        """Paragraph ``index`` with ``marker(k)`` (k = 1, 2... the note's number) inserted where each note stands."""
        text = self.paragraphs[index]
        if marker is None:
            return text
        here = sorted((offset, k) for k, (p, offset) in enumerate(self.anchors, 1) if p == index)
        for offset, k in reversed(here):
            text = text[:offset] + marker(k) + text[offset:]
        return text


@dataclass
class ReferenceSet:
    references: list[Reference]
    discrepancies: list[dict] = field(default_factory=list)  # where the TEI reader and the TEI part, and why


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def classification_sentence(source_note: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The markings of a source note's classification sentences, and the words there outside the vocabulary.

    A classification sentence is one whose first clause is a marking ("Secret; Eyes Only."); "No classification
    marking, but the Department classified it Top Secret" states that the document bears none."""
    markings: list[str] = []
    extras: list[str] = []
    for sentence in re.split(r"(?<=\.)\s+", source_note):
        clauses = [c.strip(" .") for c in re.split(r"[;—]", sentence.strip())]
        if not clauses or not _SPELLING.fullmatch(clauses[0]):
            continue
        for clause in clauses:
            found = [_CANON[m.lower()] for m in _SPELLING.findall(clause)]
            markings.extend(m for m in found if m not in markings)
            if not found and clause and clause not in extras:
                extras.append(clause)
    return tuple(markings), tuple(extras)


_LATER = re.compile(r"no classification marking,?\s+but\b(?P<rest>.*)", re.IGNORECASE)


def later_markings(source_note: str) -> tuple[str, ...]:
    """The markings a later agency gave a document that bears none, as its source note states them."""
    found: list[str] = []
    for sentence in re.split(r"(?<=\.)\s+", source_note):
        if m := _LATER.search(sentence):
            found.extend(c for c in (_CANON[x.lower()] for x in _SPELLING.findall(m.group("rest"))) if c not in found)
    return tuple(found)


# -- reading the TEI ----------------------------------------------------------------------------------------


def _text(el: etree._Element, stop: etree._Element | None = None) -> tuple[str, bool]:
    """The text of ``el`` without notes (up to ``stop`` when given), and whether ``stop`` was reached."""
    parts: list[str] = []

    def walk(node) -> bool:
        parts.append(node.text or "")
        for child in node:
            if child is stop:
                return True
            if child.tag == TEI + "lb":
                parts.append(" ")
            elif isinstance(child.tag, str) and child.tag not in (TEI + "note", TEI + "pb"):
                if walk(child):
                    return True
            parts.append(child.tail or "")
        return False

    reached = walk(el)
    return clean("".join(parts)), reached


def _date(dateline: etree._Element | None) -> tuple[DocumentDate | None, str]:
    """The dateline's date from its attributes (the day it bears, whatever the time zone)."""
    el = dateline.find(f".//{TEI}date") if dateline is not None else None
    if el is None:
        return None, ""
    printed = _text(el)[0]
    supplied = printed.lower().startswith("undated")
    when = el.get("when")
    if when:
        return DocumentDate(when[:10], when[:10], supplied), printed
    lower, upper = el.get("notBefore") or el.get("from"), el.get("notAfter") or el.get("to")
    if lower and upper:
        return DocumentDate(lower[:10], upper[:10], supplied), printed
    return None, printed


def _notes(div: etree._Element) -> list[etree._Element]:
    """The document's footnotes in document order: not the source note, not a note inside a note."""
    return [n for n in div.iter(TEI + "note") if n.get("type") != "source"
            and not any(a.tag == TEI + "note" for a in n.iterancestors()) and _text(n)[0]]


_CONTAINERS = {TEI + t for t in ("p", "ab", "item", "quote", "closer", "head", "dateline", "lg", "l", "cell")}


def _anchor(note: etree._Element, paragraph: str, start: int) -> int | None:
    """Where the marker of ``note`` goes in the reader's text of its paragraph: after the words before it."""
    container = next((a for a in note.iterancestors() if a.tag in _CONTAINERS), None)
    if container is None:
        return None
    before = _text(container, stop=note)[0]
    chars = re.sub(r"\s+", "", before)[-40:]
    if not chars:
        return 0
    pattern = re.compile(r"\s*".join(map(re.escape, chars)))
    m = pattern.search(paragraph, start)
    return m.end() if m else None


def load_references(frus: Path) -> ReferenceSet:
    """One Reference per ``div[@type='document']`` of the FRUS volume, checked against the TEI reader."""
    from search_engine import read_documents

    root = etree.parse(str(frus), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    volume = clean(root.findtext(f".//{TEI}titleStmt/{TEI}title[@type='complete']")
                   or root.findtext(f".//{TEI}titleStmt/{TEI}title") or "")
    divs = {d.get(XML_ID): d for d in root.iter(TEI + "div") if d.get("type") == "document"}
    read = {doc.doc_id.rsplit("-", 1)[-1]: doc for doc in read_documents(str(frus))}
    out = ReferenceSet([])
    for doc_id, div in divs.items():
        out.references.append(_reference(doc_id, div, read.get(doc_id), volume, out.discrepancies))
    return out


def _reference(doc_id: str, div: etree._Element, doc, volume: str, discrepancies: list[dict]) -> Reference:
    def differ(name: str, reader, tei, note: str = "") -> None:
        discrepancies.append({"doc_id": doc_id, "field": name, "reader": reader, "tei": tei, "note": note})

    number = div.get("n") or ""
    head = div.find(TEI + "head")
    title = re.sub(rf"^{re.escape(number)}\.\s*", "", _text(head)[0]) if head is not None else ""
    if doc.title != title:
        differ("title", doc.title, title)
    dateline = div.find(TEI + "dateline")
    date, printed = _date(dateline)
    reader_iso = doc.date.iso if doc.date else None
    if reader_iso != (date.iso if date else None):
        note = ("no dateline: the reader dates the note by the dates its text gives between its neighbours' "
                "(the div's frus:doc-dateTime span is the whole compilation's)" if dateline is None else "")
        differ("date", reader_iso, date.iso if date else None, note)
    place_el = dateline.find(f".//{TEI}placeName") if dateline is not None else None
    place = _text(place_el)[0] if place_el is not None else ""
    if doc.place != place:
        differ("place", doc.place, place)
    source = div.find(f".//{TEI}note[@type='source']")
    source_note = _text(source)[0] if source is not None else ""
    source_note = re.sub(r"^Source:\s*", "Source: ", source_note)
    markings, extras = classification_sentence(source_note)
    later = later_markings(source_note)
    if set(doc.classification) not in (set(markings), set(markings) | set(later)):
        differ("classification", list(doc.classification), list(markings))
    elif later:
        differ("classification", list(doc.classification), list(markings),
               "markings a later agency gave: the reader reads them (and says who), a parser may")
    if extras:
        differ("classification", list(doc.classification), list(markings),
               f"the classification sentence also names {', '.join(extras)}, outside the vocabulary: neither the "
               f"reader nor the reference counts it, a parser may")

    notes = _notes(div)
    texts = [f.text for f in doc.footnotes]
    paragraphs = tuple(p.text for p in doc.paragraphs)
    anchors: list[tuple[int, int]] = []
    if len(notes) != len(texts):
        differ("footnotes", len(texts), len(notes))
    numbers = [f.number for f in doc.footnotes]
    if numbers != [str(i) for i in range(1, len(numbers) + 1)]:
        tei_numbers = [n.get("n") for n in notes]
        differ("footnotes", numbers, tei_numbers, "the edition numbers two notes alike; rendered as 1, 2...")
    last: dict[int, int] = {}
    for k, footnote in enumerate(doc.footnotes):
        index = (footnote.paragraph or 1) - 1
        note = notes[k] if len(notes) == len(texts) else None  # else the notes cannot be told apart
        offset = _anchor(note, paragraphs[index], last.get(index, 0)) if note is not None and paragraphs else None
        if offset is None:
            offset = len(paragraphs[index]) if paragraphs else 0
            differ("footnote marker", footnote.number, None,
                   "the words before the note were not found in the reader's paragraph: marker at its end")
        last[index] = offset
        anchors.append((index, offset))
    order = sorted(range(len(anchors)), key=lambda k: (anchors[k], k))
    return Reference(
        doc_id=doc_id, number=number, kind=div.get("subtype") or "", title=title, date=date,
        date_printed=printed, place=place, markings=markings, extra_markings=extras, source_note=source_note,
        paragraphs=paragraphs, notes=tuple(texts[k] for k in order), anchors=tuple(anchors[k] for k in order),
        volume=volume, later_markings=later_markings(source_note))
