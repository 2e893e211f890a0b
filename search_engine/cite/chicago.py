"""A Reference as a full note in the Chicago Manual of Style's notes-and-bibliography form.

Manuscript:  "Title," Place, Date, p. 2, para. 8, Location, Repository, trans. Translator, URL.
Letter:      Writer to Recipient, Place, Date, ... (as a manuscript, when the title names both)
In a volume: "Title," Place, Date, in Volume, ed. Editors (Place: Publisher, Year), Document 66, pp. 178–181, URL.
"""

from __future__ import annotations

from ..model import Reference
from .dates import date_text


def note(ref: Reference) -> str:
    """The note for ``ref``, one line."""
    parts: list[str] = []
    if ref.place:
        parts.append(ref.place)
    parts.append(date_text(ref.date) or ("" if ref.container_title else "n.d."))
    if ref.item_type == "bookSection":
        parts.append(_in_volume(ref))
        if ref.document_number:
            parts.append(f"Document {ref.document_number}")
        parts += [_pages(ref.pages), _paragraph(ref)]
    else:
        if ref.paragraph:
            parts += [_pages(ref.pages), _paragraph(ref)]
        parts += [ref.archive_location, ref.archive]
    translators = [c.name for c in ref.creators if c.role == "translator"]
    if translators:
        parts.append("trans. " + _names(translators))
    if not ref.archive and not ref.archive_location and ref.note and ref.item_type != "bookSection":
        parts.append(ref.note)
    parts.append(ref.url)
    rest = ", ".join(p for p in parts if p)
    return _head(ref) + (" " + rest if rest else "") + ("" if rest.endswith(".") else ".")


def _head(ref: Reference) -> str:
    """The quoted title, or "Writer to Recipient," for a letter whose title names both."""
    writers = [c.name for c in ref.creators if c.role == "author"]
    recipients = [c.name for c in ref.creators if c.role == "recipient"]
    if ref.item_type == "letter" and writers and recipients:
        return f"{_names(writers)} to {_names(recipients)},"
    title = ref.title.replace('"', "'").replace("“", "‘").replace("”", "’")
    if title.endswith(("?", "!")):
        return f"“{title}”"
    return f"“{title},”"


def _in_volume(ref: Reference) -> str:
    editors = [c.name for c in ref.creators if c.role == "editor"]
    text = f"in {ref.container_title}"
    if editors:
        text += ", ed. " + _names(editors)
    imprint = ", ".join(x for x in (": ".join(x for x in (ref.publisher_place, ref.publisher) if x), ref.issued) if x)
    return text + (f" ({imprint})" if imprint else "")


def _paragraph(ref: Reference) -> str:
    return f"para. {ref.paragraph}" if ref.paragraph else ""


def _pages(pages: str) -> str:
    if not pages:
        return ""
    if "-" in pages:
        return "pp. " + pages.replace("-", "–")
    return f"p. {pages}"


def _names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]
