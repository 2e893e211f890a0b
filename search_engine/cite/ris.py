"""A Reference as an RIS record, tagged as Zotero's RIS translator reads it (TY MANSCPT, PCOMM or CHAP;
DB archive, AN archive location; T2 book title, A2 editor or recipient, A4 translator; M2 extra)."""

from __future__ import annotations

from ..model import Creator, Reference
from .dates import date_parts, zotero_date

TYPES = {"manuscript": "MANSCPT", "letter": "PCOMM", "bookSection": "CHAP"}


def ris(ref: Reference) -> str:
    lines: list[tuple[str, str]] = [("TY", TYPES.get(ref.item_type, "MANSCPT")), ("ID", ref.id), ("TI", ref.title)]
    for role, tag in (("author", "AU"), ("recipient", "A2"), ("editor", "A2"), ("translator", "A4")):
        lines += [(tag, _name(c)) for c in ref.creators if c.role == role]
    extra = list(ref.extra)
    if ref.item_type == "bookSection":
        lines += [("T2", ref.container_title), ("PB", ref.publisher), ("CY", ref.publisher_place)]
        if ref.issued[:4].isdigit():
            lines += [("PY", ref.issued[:4]), ("DA", _ris_date([int(ref.issued[:4])]))]
        if ref.place:  # where the document was written: a chapter's place is its volume's
            extra.insert(0, f"Place: {ref.place}")
        if ref.date:  # the document's own date; Zotero reads "Original Date:" in extra as CSL original-date
            extra.insert(0, "Original Date: " + zotero_date(ref.date))
        if ref.document_number:
            extra.insert(0, f"Document number: {ref.document_number}")
    else:
        parts = date_parts(ref.date)
        if parts:
            lines += [("PY", f"{parts[0]:04d}"), ("DA", _ris_date(parts))]
        lines += [("CY", ref.place), ("DB", ref.archive), ("AN", ref.archive_location)]
    if ref.pages:
        first, _, last = ref.pages.partition("-")
        lines += [("SP", first), ("EP", last)]
    if ref.paragraph:
        extra.append(f"Passage: {ref.id} (paragraph {ref.paragraph})")
    lines += [("LA", ref.language), ("UR", ref.url), ("N1", ref.note)]
    lines += [("M2", line) for line in extra]
    body = "".join(f"{tag}  - {_clean(value)}\n" for tag, value in lines if value)
    return body + "ER  - \n\n"


def _name(c: Creator) -> str:
    return f"{c.family}, {c.given}" if c.family and c.given else c.name


def _ris_date(parts: list[int]) -> str:
    """RIS's YYYY/MM/DD/ form, with the unknown parts empty."""
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]
    return "/".join(padded + [""] * (3 - len(padded))) + "/"


def _clean(value: str) -> str:
    """One line: RIS ends a value at the line's end."""
    return " ".join(str(value).split())
