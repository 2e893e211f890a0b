"""E-mail (read with the standard library's ``email`` and ``mailbox``): a message is a document, an mbox many.

A message's document is its text (the plain-text part, else the HTML part read as a web page), titled by its
``Subject`` and dated by its ``Date``: an e-mail's own headers are what it is, so they win over what the text
says; but a message that forwards a document whose own head dates it (a cable, a transcribed memorandum) is
that document, titled and dated by its head, as a forwarded message in a text file is. ``From``, ``To``, ``Cc`` and ``Date`` are kept in the
document's header, as a memo's address lines are. Attachments are members of the message: the container reader
(:mod:`.containers`) reads each one that is a supported file, as ``message.eml/minutes.docx``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from ..errors import SourceError
from ..model import DateRange, Document

# headers that only e-mail has, to tell a saved message from a typed memo with "From:" and "To:" lines
_MAIL_HEADERS = re.compile(rb"^(?:Message-ID|MIME-Version|Received|Return-Path|Content-Type|Delivered-To|"
                           rb"X-[\w-]+|DKIM-Signature|In-Reply-To|References):", re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(rb"^[\w-]+:[ \t]", re.MULTILINE)
_MBOX_FROM = re.compile(rb"^From \S+.*\d{4}\s*$", re.MULTILINE)
# the line above a forwarded message (not a reply's quotation of the message it answers)
_FORWARDS = re.compile(r"^[ \t>]*(?:[-_=]{2,}\s*(?:forwarded message|message transféré|weitergeleitete nachricht|"
                       r"mensaje reenviado|пересылаемое сообщение)\s*[-_=]{2,}|begin forwarded message:?)[ \t]*$",
                       re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Attachment:
    name: str  # the file name the message gives it, else one made from its type
    data: bytes


def looks_like_email(head: bytes) -> bool:
    """A saved message: a block of headers at the top, two or more of them such as only e-mail has."""
    top = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    return bool(_HEADER_LINE.match(top)) and len(_MAIL_HEADERS.findall(top)) >= 2


def looks_like_mbox(head: bytes) -> bool:
    """An mbox: a ``From sender date`` line, then a message's headers."""
    first, _, rest = head.partition(b"\n")
    return bool(_MBOX_FROM.match(first)) and bool(_HEADER_LINE.match(rest))


def parse_message(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def read_message(message: EmailMessage, doc_id: str, source: str) -> tuple[Document | None, list[Attachment]]:
    """The message's document (None when it has no text of its own, only attachments) and its attachments."""
    from .text import parse_text

    try:
        subject = _header(message, "subject")
        sent = _date(message)
        body = _body(message, source)
        attachments = list(_attachments(message))
    except (LookupError, ValueError, TypeError, AttributeError) as e:  # a malformed header or part
        raise SourceError(source, f"damaged e-mail message ({type(e).__name__}: {e})") from None
    if not body.strip():
        return None, attachments
    # the subject heads the text, as a memo's title does: no line of the body is taken for the title instead
    doc = parse_text(f"{subject}\n\n{body}" if subject else body, doc_id, source, "email")
    header = tuple(f"{name}: {value}" for name in ("From", "To", "Cc", "Date")
                   if (value := _header(message, name.lower())))
    fill: dict = {"header": header + tuple(line for line in doc.header if line not in header)}
    # a message that forwards a document whose own head dates it (a cable, a memo's transcription) is that
    # document, as a forwarded message in a text file is: the mail's Subject and Date stay in its header
    forwards = bool(_FORWARDS.search(body)) and doc.date is not None
    if subject and not forwards:
        fill["title"] = subject
    if sent and not forwards:
        fill["date"] = sent
    people = [name or address for name, address in getaddresses(
        [str(message.get(h, "")) for h in ("from", "to", "cc")]) if name or address]
    fill["metadata"] = doc.metadata + tuple((key, value) for key in ("from", "to", "cc")
                                            if (value := _header(message, key)))
    if people and not doc.persons:
        fill["persons"] = tuple(dict.fromkeys(people))
    return replace(doc, **fill), attachments


def _header(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def _date(message: EmailMessage) -> DateRange | None:
    raw = _header(message, "date")
    if not raw:
        return None
    try:
        sent = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    day = sent.date()
    if day.year < 1971 or day > date.today():  # 1970-01-01 is a clock that was never set
        return None
    return DateRange(day, day, raw)


def _body(message: EmailMessage, source: str) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _text_of(part)
    if part.get_content_subtype() == "html":
        from .webpage import read_page

        return read_page(content, source).text
    return content


def _text_of(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):  # a charset Python does not know, or a lie
        payload = part.get_payload(decode=True) or b""
        from .sources import decode

        return decode(payload, "", None)[0]


def _attachments(message: EmailMessage):
    body = message.get_body(preferencelist=("plain", "html"))
    for n, part in enumerate(message.iter_attachments(), 1):
        if part is body:
            continue
        if part.get_content_type() == "message/rfc822":  # a forwarded message, attached whole
            inner = part.get_payload()
            data = inner[0].as_bytes() if isinstance(inner, list) and inner else b""
            name = _safe_name(part.get_filename() or f"message-{n}.eml")
        else:
            data = part.get_payload(decode=True) or b""
            name = _safe_name(part.get_filename() or f"attachment-{n}{_suffix(part.get_content_type())}")
        yield Attachment(name, data)


def _suffix(content_type: str) -> str:
    return {"text/plain": ".txt", "text/html": ".html", "application/pdf": ".pdf", "image/png": ".png",
            "image/jpeg": ".jpg", "image/tiff": ".tif", "application/rtf": ".rtf", "text/rtf": ".rtf",
            "application/zip": ".zip", "application/epub+zip": ".epub",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
            "application/vnd.oasis.opendocument.text": ".odt"}.get(content_type, "")


def _safe_name(name: str) -> str:
    """An attachment's file name without folders (a name is the sender's to choose)."""
    name = re.sub(r"[\x00-\x1f]", "", name.replace("\\", "/")).strip()
    return name.rsplit("/", 1)[-1].strip(". ") or "attachment"


def mbox_messages(path: str | None, data: bytes | None):
    """The messages of an mbox file (read from ``path``), or of mbox bytes (a member of a container)."""
    import mailbox
    import os
    import tempfile

    if path is None:
        with tempfile.NamedTemporaryFile(suffix=".mbox", delete=False) as f:
            f.write(data or b"")
            path = f.name
        try:
            yield from mbox_messages(path, None)
        finally:
            os.unlink(path)
        return
    box = mailbox.mbox(path, factory=None, create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()
