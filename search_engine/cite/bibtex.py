"""A Reference as a BibTeX entry for biblatex (which reads ``date`` spans, ``translator``, ``@letter``):
@unpublished for a manuscript, @letter for a letter, @incollection for a document printed in a volume."""

from __future__ import annotations

import re

from ..model import Creator, Reference
from .dates import date_text, zotero_date

TYPES = {"manuscript": "unpublished", "letter": "letter", "bookSection": "incollection"}


def bibtex(ref: Reference) -> str:
    fields: list[tuple[str, str]] = [("title", _braced_title(ref.title))]
    for role, field in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        names = [_name(c) for c in ref.creators if c.role == role]
        if names:
            fields.append((field, " and ".join(names)))
    recipients = [c.name for c in ref.creators if c.role == "recipient"]
    notes: list[str] = []
    if ref.item_type == "bookSection":
        fields += [("booktitle", _escape(ref.container_title)), ("publisher", _escape(ref.publisher)),
                   ("address", _escape(ref.publisher_place)), ("year", _escape(ref.issued[:4])),
                   ("number", _escape(ref.document_number))]
        written = ", ".join(x for x in (ref.place, date_text(ref.date)) if x)
        if written:
            notes.append(written)
    else:
        fields += [("date", _span(ref)), ("year", str(ref.date.start.year) if ref.date else ""),
                   ("location", _escape(ref.place))]
        archive = ", ".join(x for x in (ref.archive_location, ref.archive) if x)
        if archive:
            notes.append(archive)
    if recipients:
        notes.insert(0, "To " + " and ".join(recipients))
    if ref.note:
        notes.append(ref.note)
    if ref.paragraph:
        notes.append(f"para. {ref.paragraph}")
    fields += [("pages", ref.pages.replace("-", "--")), ("note", _escape(". ".join(n.rstrip(". ") for n in notes))),
               ("language", _escape(ref.language)), ("url", ref.url),
               ("addendum", _escape("; ".join(ref.extra)))]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
    return f"@{TYPES.get(ref.item_type, 'unpublished')}{{{cite_key(ref.id)},\n{body}\n}}\n"


def cite_key(ref_id: str) -> str:
    """A key BibTeX accepts: the id with anything but letters, digits, - and _ made _ ("doc#p12" -> doc_p12)."""
    return re.sub(r"[^\w-]", "_", ref_id, flags=re.ASCII)


def _span(ref: Reference) -> str:
    if ref.date is None:
        return ""
    if ref.date.exact or len(ref.date.iso) <= 7:
        return zotero_date(ref.date)
    return f"{ref.date.start.isoformat()}/{ref.date.end.isoformat()}"


def _name(c: Creator) -> str:
    if c.literal:
        return "{" + _escape(c.literal) + "}"  # braces: one name, not split into first and last
    return _escape(f"{c.family}, {c.given}" if c.given else c.family)


def _braced_title(title: str) -> str:
    """The title, escaped, with its capitals protected from a style's sentence-casing."""
    return "{" + _escape(title) + "}"


_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _escape(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in " ".join(str(text).split()))
