"""Parse the text of a source into a Document.

The text is split into blocks (:mod:`.blocks`: paragraphs, single lines, page furniture dropped), each block is
given a kind from its features (:mod:`.lines`: title, date, dateline, stamp, label field, address, header, note,
body...), the note list at the end is found (:mod:`.notes`), and the document is assembled: title, subtitle,
date, place, markings, citation, header lines, paragraphs with their page and notes, metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..errors import SourceError
from ..model import DateRange, Document, Footnote, Paragraph
from ..vocabulary.dates import date_line, find_dates, parse_date, undated_place
from ..vocabulary.labels import label_key
from ..vocabulary.markings import (
    MARKING_LOOKUP,
    MARKING_PATTERN,
    normalize_classification,
    source_note_markings,
)
from .blocks import Block, text_blocks
from .lines import (
    BULLET,
    ENCLOSURE,
    FORWARDED,
    INLINE_NOTE,
    KIND_ABBREVIATIONS,
    NAMES_A_KIND,
    RECEIVED_CLAUSE,
    Context,
    Kind,
    Label,
    Line,
    NoteMark,
    choose_title,
    clean_line,
    kind_name,
    kind_of,
    kind_title,
    typed_in_capitals,
    unquoted_title,
)
from .notes import (
    cite,
    find_note_list,
    find_page_notes,
    is_citation,
    unglue_note_numbers,
)
from .records import WITHDRAWAL, WITHDRAWAL_END

__all__ = ["clean_line", "parse_text", "parse_text_documents", "parse_documents", "parse_blocks", "split_front_matter", "metadata_fields"]

_URL = re.compile(r"https?://\S+[\w/]")
_FOOTNOTE_MARK = re.compile(r"\[(\d{1,3})\]")
# labels only a cable's header has: its citation, routing slugs, time of receipt or transmission, date-time group
# labels that only one kind of document's form prints: a cable's header ("CITE WAVE 8281", "SLUGS: WNINTEL"), an
# information report's date of distribution ("DATE DISTR. 24 October 1961", CIA's information report forms)
_KIND_LABELS = ((re.compile(r"(?i)^(?:cite|slugs?|tor|tot|dtg|precedence|routing)$"), "Cable"),
                (re.compile(r"(?i)^date\W*distr\W*$"), "Information Report"))
_EARLY = 8  # a form's printed words that name a scan's kind stand in its head or by its first paragraphs
# a cable's routing line, which ends on its citation: the station that sent it and its serial ("PRIORITY DIR CITE WAVE
# 8281", "DIR INFO WAVE CITE MEXI 6628", "CITE DIR"): it names the document a cable, and is never its title
_CABLE_CITE = re.compile(r"\bCITE\s+[A-Z]{2,12}\b(?:\s+[\dIlO]{2,6}\b)?")
# the printed name of the form a cable was typed on ("CLASSIFIED MESSAGE", "MESSAGE FORM", "OUTGOING MESSAGE"): a
# cable, whatever debris OCR leaves beside it
_MESSAGE_FORM = re.compile(r"(?i)\b(?:(?:classified|outgoing|incoming)\s+message|message\s+form)\b")
_SALUTATION = re.compile(r"^(?:my\s+)?dear\s+[^\W\d_][\w.'’ -]{1,40}[,:;]$", re.IGNORECASE)
# a scan's salutation: OCR misreads a letter of "Dear" ("Doar Mr. Diaz:"), and the joining of its hard-wrapped lines
# may have put the letter's first sentence after it ("Dear Charles, Thank you for your letter of 15 October")
_SCANNED_SALUTATION = re.compile(r"^(?:[Mm]y\s+)?[Dd][eoc][ae]r\s+(?:(?:Mr|Mrs|Ms|Dr|Sir|Madam)\b\.?\s*)?[A-Z][\w.'’-]{1,20}"
                                 r"(?:\s+[A-Z][\w.'’-]{1,20}){0,2}[,:;](?:\s|$)")
# a line under a kind heading that says whom the document is for: "for the Secretary", "pour le Ministre", "für den
# Herrn Minister", "для товарища Хрущева"
# (German "an" only before an article or a title: "An assessment of ..." is a heading of its own)
_KIND_ADDRESSEE = re.compile(r"^(?:for|pour|für|à|para|per|для|an(?=\s+(?:den|die|das|dem|herrn|frau)\b))\s+"
                             r"[^\W\d_][^.;:!?]{1,60}$", re.IGNORECASE)
_SOURCE_NOTE = re.compile(r"^(?:source(?:\s+note)?|источник)\s*:", re.IGNORECASE)
# a line an archive adds when it processes a record: its date is the archive's, not the document's
_PROCESSED = re.compile(r"(?i)\b(?:opened|declassified|released|reviewed|sanitized|approved for release|"
                        r"date of (?:last )?review|withdrawal)\b")
# the word that opens a stamp or note of what a registry, an archive or a library did with the document, and when:
# "RECEIVED / FEB 16 1961", "Rec'd February 18, 1961", "Drafted: 2/14/62", "DECLASSIFIED / E.O. 12958 ... Date
# 5/7/1997", "Scanned 11 Feb 2007", "Accessed on March 5, 2019"; its date is the handling's (a receipt or a draft
# ranks as a receipt, after every date of the document's own: the others date nothing)
_HANDLED = re.compile(r"(?i)^\W{0,3}(?P<word>received|rec'?d|drafted|declassified|digiti[sz]ed|date\s+digiti[sz]ed|scanned|"
                      r"accessed|retrieved|downloaded|approved\s+for\s+release|released|sanitized|opened)\b\.?")
_STAMP_LINES = 3  # a stamp's lines below its word ("E.O. 12958, Sec. 3.6" / "By SH NARA, Date 5/7/1997")
# what a mail client puts before a subject it forwards or answers: "FW:", "Fwd:", "RE:", "AW:", "WG:", "TR:"
_REPLY_PREFIX = re.compile(r"^(?:(?:fwd?|re|aw|wg|tr|sv|vs)\s*:\s*)+", re.IGNORECASE)


@dataclass
class _Draft:
    """Mutable state of one parse; frozen into a Document at the end."""

    title: str = ""
    title_rank: int = 99  # rank of the label that gave the title (99: not a label)
    subtitle: str = ""
    kind: str = ""  # the document kind a heading names ("Memorandum for the Record")
    kind_for: str = ""  # whom, on the line under it ("for the Secretary", "pour le Ministre")
    date: DateRange | None = None
    date_rank: int = 99
    place: str = ""
    classification: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)
    body_notes: dict[int, list[str]] = field(default_factory=dict)  # body index -> inline note texts
    numbered: dict[str, str] = field(default_factory=dict)
    marks: list[NoteMark] = field(default_factory=list)  # the note list's markers, in order
    pending_notes: list[str] = field(default_factory=list)
    candidates: list[Line] = field(default_factory=list)  # title-like lines of the head
    form: bool = False  # an identification form (or other labelled header a reader found) described the document
    form_kind: str = ""  # the kind the form names (DOCUMENT TYPE: MEMORANDUM; COMMENTS: RPT)
    form_subjects: list[str] = field(default_factory=list)  # the form's SUBJECTS
    date_locked: bool = False  # the form gave the date, or said there is none: the text does not change it
    form_classified: bool = False  # the form gave the markings: stamps in the text (of attachments too) add none
    cover_lines: int = 0  # the header's first lines are a covering letter's, which dates nothing of the document
    ocr: bool = False  # a scan's text: a year alone its lines give is no date (see _set_date)
    kind_printed: bool = False  # the kind was read from what its form prints (see ocr.printed_kind)
    handled: set[str] = field(default_factory=set)  # lines of a registry's or archive's stamp: they date nothing


def parse_text(text: str, doc_id: str, source: str = "", fmt: str = "text") -> Document:
    """Parse a text into one Document (an e-mail's body, a web page's text, a string handed to the API)."""
    return parse_text_documents(text, doc_id, source, fmt, many=False)[0]


def parse_text_documents(text: str, doc_id: str, source: str = "", fmt: str = "text",
                         many: bool = True) -> list[Document]:
    """The documents of one source file's text: one, or, with ``many``, each document a file of many holds
    (see :mod:`.split`). The first keeps ``doc_id``; the others are ``doc_id/2``, ``doc_id/3``..."""
    front, text = split_front_matter(text, source)
    if fields := front_matter_fields(front):  # read where a record's head stands, with its own vocabulary
        text = "\n".join(fields) + "\n\n" + text
    many = many and not front.get("title") and not fields  # front matter that describes the file: one document
    from .ocr import markdown_pages, parse_ocr_documents, seems_ocr
    from .records import record_lines, unquoted

    text = "\n".join(unquoted(text.split("\n")))  # a reply quoting the document: its quote marks are no OCR debris

    pages = markdown_pages(text)
    if pages is not None or seems_ocr(text):  # a scan's text: cleaned and joined first
        return parse_ocr_documents(pages if pages is not None else [text], doc_id, source, fmt, front, many)

    blocks = text_blocks("\n".join(record_lines(text.split("\n"))))
    return parse_documents(blocks, doc_id, source, fmt, front, many=many)


def parse_documents(blocks: list[Block], doc_id: str, source: str = "", fmt: str = "text", front: dict | None = None,
                    fields: tuple[Label, ...] = (), ocr: bool = False, many: bool = True) -> list[Document]:
    """:func:`parse_blocks` for each document the blocks hold (one unless ``many`` and the text repeats a
    document's head, see :mod:`.split`); a form's fields describe the first."""
    from .split import document_spans

    spans, calendar, first_head = document_spans(blocks, ocr) if many else ([(0, len(blocks))], False, 0)
    if calendar:
        # a calendar of entries (a diary): each entry is a document dated by its day, under the title of the whole
        first = parse_blocks(blocks[:spans[0][1]], doc_id, source, fmt, front, fields, ocr)
        titled = {**(front or {}), "title": first.title}
        return [first, *(parse_blocks(blocks[start:end], f"{doc_id}/{n}", source, fmt, titled, (), ocr)
                          for n, (start, end) in enumerate(spans[1:], 2))]
    spans[0] = (first_head, spans[0][1])  # the first document from its own head (0: from the file's start)
    docs = [parse_blocks(blocks[start:end], doc_id if n == 1 else f"{doc_id}/{n}", source, fmt, front,
                         fields if n == 1 else (), ocr)
            for n, (start, end) in enumerate(spans, 1)]
    if first_head:  # the whole file's title (or title page) above the first document's head: said in its header
        docs[0] = replace(docs[0], header=(*(b.text for b in blocks[:first_head]), *docs[0].header))
    return docs


def parse_blocks(blocks: list[Block], doc_id: str, source: str = "", fmt: str = "text", front: dict | None = None,
                 fields: tuple[Label, ...] = (), ocr: bool = False) -> Document:
    """Assemble a Document from a text's blocks (and the labelled fields a form gave), kind by kind."""
    lines = [b.line(i) for i, b in enumerate(blocks)]
    draft = _Draft(form=bool(fields), ocr=ocr)
    for label in fields:
        _set_form_field(draft, label)
    # notes at each page's foot (a scan's pages are left to the note list: OCR's digits are too unsure a sign)
    taken, page_notes = find_page_notes(lines, len(lines)) if not ocr else (set(), [])
    note_list = None if taken and max(taken) == len(lines) - 1 else find_note_list(lines)
    end = note_list.start if note_list else len(lines)
    for mark, note_text in page_notes:
        draft.numbered[mark.number] = note_text
        draft.marks.append(mark)
    # notes numbered in plain figures: a lost superscript may have glued its number to a date ("February 6, 19621")
    numbers = {m.number for m, _ in [*page_notes, *(note_list.notes if note_list else [])]
               if m.number.isdigit() and m.style in ("bare", "dot", "super", "slash")}
    if numbers and not ocr:
        for i in range(end):
            fixed = unglue_note_numbers(blocks[i].text, numbers)
            if fixed != blocks[i].text:
                b = blocks[i]
                blocks[i] = Block(fixed, b.page, b.indent, b.after_rule, b.page_break_before)
                lines[i] = blocks[i].line(i)
    shouting = typed_in_capitals(lines[:end])
    owners = {m.group("name").strip().casefold() for line in lines[-12:] if (m := _COPYRIGHT.match(line.text))}
    in_head = True  # before the first sentence of the body
    pending: Label | None = None
    fragments: list[Block] = []  # the lines of a scan's head that are text, should it have no paragraph
    subject_open = False  # the line before was a subject line, which a line in capitals may go on
    subject_line = ""
    kind_line = -1  # the line whose heading named the document's kind, which the next line may address
    stamp, stamp_left = "", 0  # a handling stamp's word, and how many of its lines may follow (see _HANDLED)
    early_end = len(blocks)  # the end of the lines up to the document's first paragraphs (see _EARLY)
    cited_at_foot = False  # the source note below the text was read: what follows is notes and the page's foot
    for i, line in enumerate(lines[:end]):
        if i in taken:
            continue
        block = blocks[i]
        text = line.text
        if kind_line == i - 1 and in_head and _KIND_ADDRESSEE.match(text) and not line.label:
            draft.kind_for = text  # "NOTE" / "pour le Ministre": whom the note is for, as "MEMORANDUM FOR ..." says
            draft.header.append(text)
            continue
        if not ocr and not in_head and block.page_break_before and _cover_page(draft) and \
                _head_follows(lines[i:min(end, i + 4)], shouting):
            # the first page held no paragraph of prose, only a form's short lines (a withdrawal sheet, a
            # transmittal slip): the document's own head starts on this page, and names and dates it
            draft.header += [b.text for b in draft.body]
            draft.body.clear()
            draft.candidates.clear()
            in_head = True
        if (ENCLOSURE.match(text) and not in_head and draft.kind == "Letter" and _covering(draft, 10, 250)
                and _enclosure_follows(lines[i + 1:min(end, i + 6)], shouting)):
            # "Enclosure: As stated." under a short letter, a document's head below it: the letter covers the
            # document the file holds (an agency's FOIA release, a transmittal), which it neither names nor dates
            _body_to_header(draft)
            draft.header.append(text)
            draft.cover_lines = len(draft.header)
            draft.candidates.clear()
            draft.kind, draft.place, draft.subtitle, draft.date, draft.date_rank = "", "", "", None, 99
            if draft.title_rank < 99:
                draft.title, draft.title_rank = "", 99
            in_head = True
            continue
        if FORWARDED.match(text):
            # a forwarded message: its own header names and dates the document, not the mail that carried it
            draft.subtitle, draft.date, draft.date_rank = "", None, 99
            if draft.title_rank < 99:
                draft.title, draft.title_rank = "", 99
            draft.candidates.clear()
            in_head = True
            if not _REPLY.match(text) and _covering(draft, 3, 80):
                # the forwarder's few lines above the message ("Here is the text you asked for.") are the mail's,
                # not the document's text: they stay searchable in the header
                _body_to_header(draft)
            draft.header.append(text)
            continue
        if pending is not None:
            label, pending = pending, None
            # (in a scan a label's box may be empty, its value blacked out: the numbered paragraph or the paragraph
            # below it is the text, not the value)
            if not line.label and not (ocr and (line.numbered or len(line.words) > 40)):
                _set_field(draft, label, text)
                continue
        if not in_head and not ocr and draft.body and _AS_FOLLOWS.search(draft.body[-1].text) and (
                found := line.dateline) is not None and len(line.words) <= 12:
            # a text printed within another ("... ordered to be printed in the Record, as follows:"): its dateline
            # dates the document the file holds, not the record it was printed in
            draft.place = _place(found[0]) or draft.place
            _set_date(draft, found[1], _EMBEDDED)
            draft.header.append(text)
            continue
        if not in_head and _tail_field(lines, i, end, taken):
            _set_field(draft, line.citation, line.citation.value)  # a source note after the text: the citation
            cited_at_foot = True
            continue
        if cited_at_foot and line.site_foot:
            continue  # a saved page's links and address below the source note: no text of the document
        kind = kind_of(line, Context(in_head, shouting, lines[i + 1] if i + 1 < end else None))
        if kind is Kind.TITLE and (WITHDRAWAL.search(text) or WITHDRAWAL_END.match(text) or _ATTACHMENT.match(text)):
            # a withdrawal sheet's name and headings are the form's, an exhibit's or annex's label the filing's:
            # never the document's title
            kind = Kind.HEADER
        if in_head and i + 1 < end and _CLOCK.match(lines[i + 1].text) and (
                (kind is Kind.DATE and line.date.exact) or (kind is Kind.FIELD and line.label.field == "date" and (
                    stamped := date_line(line.label.value)) is not None and stamped.exact)):
            # a day and, on a line of its own, a time of day under a page's title ("Monday, March 4, 2024" /
            # "10:42 AM"): a note-taking program's stamp of when the page was made, as OneNote heads every page;
            # the record's history, not the date of the document pasted into it
            _add_meta(draft, "created", f"{line.label.value if kind is Kind.FIELD else text} {lines[i + 1].text}")
            draft.header += [text, lines[i + 1].text]
            taken = taken | {i + 1}
            continue
        handled_word = _HANDLED.match(text)
        if handled_word and not ocr and kind is not Kind.FIELD and not line.sentence:
            stamp = handled_word.group("word").lower()
            stamp_left = _STAMP_LINES
        if stamp_left and not ocr and kind in (Kind.TITLE, Kind.HEADER, Kind.DATE, Kind.DATELINE, Kind.SUBTITLE):
            # a line of a registry's or archive's stamp: never the title, and its date is the handling's
            stamp_left = 0 if (found := find_dates(text)) else stamp_left - 1
            if found and stamp.startswith(("rec", "draft")):
                _set_date(draft, found[0][0], _RECEIVED)
            draft.header.append(text)
            draft.handled.add(text)
            continue
        stamp_left = 0
        if ocr and in_head and not draft.kind and not draft.body and _SCANNED_SALUTATION.match(text):
            draft.kind = "Letter"  # a scan's salutation read as a short line of the head: it still opens a letter
        if ocr and kind in (Kind.TITLE, Kind.HEADER, Kind.BODY) and line.scanned_markings:
            kind = Kind.STAMP  # a stamp with a little OCR debris on it: "CONFIDENTIAL “me a"
        if ocr and kind is Kind.BODY and in_head and not _prose(line):
            kind = Kind.HEADER  # debris that ends like a sentence does not end a scan's head
        if ocr and kind is Kind.BODY and in_head and _form_notice(text):
            draft.body.append(block)  # a classified form's printed notice is text, but its fields follow it
            continue
        if ocr and not in_head and line.memo_field and len(draft.body) <= 3:
            kind = Kind.FIELD  # a memo's header after a routing slip or cover sheet on the first page
        if ocr and in_head and kind in (Kind.TITLE, Kind.HEADER, Kind.BODY) and len(line.words) <= 20 and (
                _CABLE_CITE.search(text) or (len(line.words) <= 6 and _MESSAGE_FORM.search(text))):
            draft.kind = draft.kind or "Cable"  # a cable's routing line or its form's name: header, never a title
            draft.header.append(text)
            continue
        if in_head and kind in (Kind.TITLE, Kind.HEADER) and line.routing:
            draft.meta.setdefault("from", line.routing[0])  # "FROM WASHINGTON TO FOREIGN OFFICE": who sent it, to whom
            draft.meta.setdefault("to", line.routing[1])
        if in_head and not ocr and kind in (Kind.TITLE, Kind.HEADER, Kind.SUBTITLE) and _site_name(
                line, lines[i + 1] if i + 1 < end else None, owners):
            draft.header.append(text)  # a site's name: its banner above the menu, or the owner its foot names
            continue
        if kind is Kind.BOILERPLATE:
            footer = line.footer_start and _footer_follows(lines[i + 1:i + 6])
            if footer and draft.body:
                _footnotes_after(lines[i + 1:], draft)
                break
            if footer or not line.footer_start:
                continue
            kind = Kind.BODY  # a footer marker with real text after it ("Published by Pravda on...") is text
        if subject_open and kind in (Kind.HEADER, Kind.TITLE) and line.caps_line and not line.kind_heading:
            draft.subtitle = _subject_and(draft.subtitle, text)  # a subject block's second line: "INTERNAL SECURITY - CUBA"
            draft.header.append(text)
            continue
        if subject_open and ocr and in_head and _subject_goes_on(line, kind) and (
                (draft.subtitle == subject_line and not line.institution_name) or _WRAPPED.search(draft.subtitle)):
            # one line more, or more while each stops on a word that needs more (a distribution list below is not)
            # a typed subject wrapped over lines ("Operational Plan for Continuing" / "Operations Against Cuba"):
            # OCR loses the indent that showed it, not the short line without a sentence's end before the text
            # (an office's name alone below a subject that stops on a whole word is the office's line of the header,
            # "SUBJECT: Key Assignments" / "Office of Security", not the subject's)
            draft.subtitle = _subject_and(draft.subtitle, re.sub(r"^[^\w(\[]+", "", text))
            draft.header.append(text)
            continue
        subject_open = False
        if kind is Kind.FIELD:
            if not line.label.value:
                pending = line.label  # its value is the next line
                continue
            _set_field(draft, line.label, line.label.value)
            subject_open = line.label.field == "subject" and draft.subtitle == line.label.value
            subject_line = draft.subtitle if subject_open else ""  # a scan's subject goes on a line, or more if wrapped
            if line.memo_field:
                draft.header.append(text)
                if (in_head or ocr) and not draft.kind and (named := kind_name(line.label.label)):
                    draft.kind = named  # "MEMORANDUM FOR: ..." is a memorandum
            elif (in_head or ocr) and not draft.kind and (
                    named := next((kind for label, kind in _KIND_LABELS if label.match(line.label.label)), "")):
                draft.kind = named
        elif kind is Kind.NOTE:
            if line.inline_note is not None:
                _attach_inline_note(draft, line.inline_note)
            else:
                draft.numbered[line.note[0].number] = line.note[1]
                draft.marks.append(line.note[0])
        elif kind is Kind.STAMP:
            marks = line.markings or line.scanned_markings
            if not draft.form_classified:  # the markings an identification form gives are the record's
                draft.classification.extend(c for c in marks if c not in draft.classification)
            draft.header.append(text)
        elif kind in (Kind.DATELINE, Kind.DATE, Kind.SUBTITLE):
            _dates(draft, line, kind)
        elif kind is Kind.TITLE and line.dated_title and not ocr:
            title_text, date = line.dated_title  # "Letter From ... to ..., October 26, 1962": a title and its date
            _set_date(draft, date, _precision(date))
            draft.candidates.append(Line(title_text, line.page, line.position, line.indent, line.after_rule))
            draft.header += [title_text, date.raw]
        elif kind is Kind.TITLE:
            draft.candidates.append(line)
            draft.header.append(text)
            fragments.append(block)
        elif kind in (Kind.HEADER, Kind.ADDRESS):
            if in_head and line.kind_heading:
                if not draft.kind:
                    draft.kind, kind_line = text, i
            else:
                fragments.append(block)
            draft.header.append(text)
        elif kind is Kind.BODY and ocr and _fragment(line):
            # in a scan a few words alone are a line the OCR split off (an answer, a date, a signature): they go on
            # the paragraph before; a block mostly of figures and debris is kept with the header, not as a passage
            if draft.body:
                last = draft.body[-1]
                draft.body[-1] = Block(last.text + " " + text, last.page, last.indent, last.after_rule,
                                       last.page_break_before)
            else:
                draft.header.append(text)
                fragments.append(block)
        elif kind is Kind.BODY:
            if not draft.body and not draft.kind and (_SALUTATION.match(text) or ocr and _SCANNED_SALUTATION.match(text)):
                draft.kind = "Letter"  # "Dear Mr. President," opens a letter
            in_head = False
            if BULLET.match(text) and not (line.note and line.note[0].style == "bracket"):
                block = Block(BULLET.sub("", text), block.page, block.indent, block.after_rule,
                              block.page_break_before)
            draft.body.append(block)
            if len(draft.body) == _EARLY:
                early_end = i + 1
            if draft.pending_notes:  # notes that came before any paragraph annotate the first one
                draft.body_notes.setdefault(len(draft.body) - 1, []).extend(draft.pending_notes)
                draft.pending_notes.clear()
    foot = None if ocr or draft.date_locked else next(
        (found for b in reversed(draft.body[-6:]) if (found := _closing(b.text)) is not None), None) or next(
        (("", found) for line in reversed(lines[-4:]) if (found := _dated_reference(line)) is not None), None)
    if foot is not None:
        # a document its head does not date: the closing formula or the dateline above the signature, in its last
        # paragraphs, does ("Done at Moscow, February 15, 1962.", "Moscow, 15 February 1962" / "N. Khrushchev"), or
        # the date that ends the archival citation below it; the foot names the place of the day the text gives
        if draft.date is None or draft.date_rank > _AT_FOOT:
            _set_date(draft, foot[1], _AT_FOOT)
        if (draft.date.start, draft.date.end) == (foot[1].start, foot[1].end):
            draft.place = draft.place or _place(foot[0])
    if ocr and not draft.kind and (printed := _printed_kind([b.text for b in blocks[:early_end]])):
        # a scan whose head named no kind: the form it was typed on does, by the words that form prints around its
        # first paragraphs (a cable quoted pages later is not the document); a cable or a dispatch has no heading
        # of its own, so the head's short lines (routing, check boxes) are no title
        draft.kind, draft.kind_printed = printed, True
    if ocr and draft.kind == "Cable" and draft.date is None and (
            stamped := _stamped_date([b.text for b in blocks[:early_end]])) is not None:
        # a scan's cable whose head gave no date: the date-time group or the received stamp OCR ran into the
        # debris of its boxes (read as text) still dates it, ranked as its time of receipt
        _set_date(draft, stamped, _RECEIVED)
    if ocr and not draft.body and fragments:  # a scan with no paragraph at all: its fragments are all its text
        draft.body = fragments
        draft.header = [h for h in draft.header if h not in {b.text for b in fragments}]
        draft.candidates = []
    if note_list:
        for mark, note_text in note_list.notes:
            if mark.number not in draft.numbered:
                draft.numbered[mark.number] = note_text
                draft.marks.append(mark)
        for line in note_list.fields:  # a source note below the notes
            _set_field(draft, line.citation, line.citation.value)
        for stamp in note_list.stamps:
            draft.classification.extend(c for c in stamp.markings if c not in draft.classification)
            draft.header.append(stamp.text)
    return _finish(draft, front or {}, doc_id, source, fmt, ocr)


# a line that stops on a word or sign that needs more
_WRAPPED = re.compile(r"(?:[,(/&-]|\b(?:and|or|of|for|to|in|on|the|with|re|a|an|at|by))\s*$", re.IGNORECASE)


def _subject_and(subject: str, more: str) -> str:
    """A subject with its next line: one phrase wrapped when the line stopped on a word or sign that needs more or
    the next goes on in small letters ("... (201-775391) and" / "AMWHIP-1"), else a second subject after "; "."""
    wrapped = _WRAPPED.search(subject) or more[:1].islower()
    return subject.rstrip(" -") + (" " if wrapped else "; ") + more


def _subject_goes_on(line: Line, kind: Kind) -> bool:
    """A scan's line below its subject line that goes on with the subject: a few words, mostly letters, with no
    label, marking, date, paragraph number or kind heading of their own, that do not end a sentence."""
    text = line.text.strip()
    words = text.split()
    return (kind in (Kind.HEADER, Kind.TITLE, Kind.BODY) and 1 <= len(words) <= 12 and not line.label
            and not line.kind_heading and not line.markings and not line.scanned_markings and not line.date
            and not re.match(r"^\W*(?:\(?\d{1,2}[.)]|[a-z][.)]\s)", text) and not re.search(r"[.:;!?]\W*$", text)
            and not re.match(r"^\W*[A-Z][A-Z.]{2,}(?:\s+[A-Z][A-Z.]+){0,3}\s*(?:[:;=\\]|$)", text)  # a label of its own
            and not _few_letters(re.sub(r"\([\d\s/-]+\)", "", text))  # "AMWHIP-1 (201-267966)" is a name and its file
            and sum(len(w) >= 3 for w in words) >= max(1, len(words) // 2))


_REPLY = re.compile(r"^(?:on|le|am)\s", re.IGNORECASE)  # "On Tue, Mar 5, 2019, X wrote:": a reply's own text stays


def _covering(draft: _Draft, paragraphs: int, words: int) -> bool:
    """Whether what was read as text so far covers the document below it: at most ``paragraphs`` paragraphs and
    ``words`` words, none cited by a note (a note above a forwarded message: 3 and 80; a covering letter above
    an enclosure, its salutation, a paragraph or two, its close and signature: 10 and 250)."""
    counts = [len(b.text.split()) for b in draft.body]
    return len(counts) <= paragraphs and sum(counts) <= words and not draft.body_notes


def _body_to_header(draft: _Draft) -> None:
    """The text read so far goes to the header (a covering note's or letter's: searchable, not the document's)."""
    draft.header += [b.text for b in draft.body]
    draft.body.clear()
    draft.body_notes.clear()


def _cover_page(draft: _Draft) -> bool:
    """What was read as text before a page break is only a cover sheet's lines: at most four, none of forty words,
    a hundred words in all, no note attached, and no title field, date or place read before them."""
    words = [len(b.text.split()) for b in draft.body]
    if draft.title or draft.date is not None or draft.place:
        return False  # the page named, dated or placed the document: its own head, not a cover sheet
    return bool(words) and len(words) <= 4 and max(words) < 40 and sum(words) <= 100 and not draft.body_notes


_HEAD_KINDS = (Kind.TITLE, Kind.FIELD, Kind.DATELINE, Kind.DATE, Kind.STAMP)


def _head_follows(lines: list[Line], shouting: bool) -> bool:
    """A document's head opens these lines: a title, field, dateline, date or stamp before any paragraph (a
    reference line or a box and folder above them)."""
    for k, line in enumerate(lines):
        kind = kind_of(line, Context(True, shouting, lines[k + 1] if k + 1 < len(lines) else None))
        if kind in _HEAD_KINDS:
            return True
        if kind not in (Kind.HEADER, Kind.BOILERPLATE):  # a release banner above the head is no text of its own
            return False
    return False


def _enclosure_follows(lines: list[Line], shouting: bool) -> bool:
    """A document's head below an enclosure line, before any paragraph: a title, dateline, date or stamp, a field that
    names or dates a document, or a heading that names its kind ("Editorial Note"); the letter's own last lines
    ("cc: Office of the Historian", a release banner) aside."""
    for k, line in enumerate(lines):
        kind = kind_of(line, Context(True, shouting, lines[k + 1] if k + 1 < len(lines) else None))
        if kind in (Kind.TITLE, Kind.DATELINE, Kind.DATE, Kind.STAMP) or line.kind_heading or (
                kind is Kind.FIELD and line.label.field in ("title", "date", "subject", "classification")):
            return True
        if kind not in (Kind.HEADER, Kind.BOILERPLATE, Kind.FIELD, Kind.ADDRESS):
            return False
    return False


def _tail_field(lines: list[Line], i: int, end: int, taken: set[int]) -> bool:
    """A citation ("Source: ...", "Cite as: ...") after the last paragraph: below it only notes, stamps, other such
    fields and page furniture, so it is the document's source note and not a paragraph of its text."""
    if not is_citation(lines[i]):
        return False
    return all(j in taken or lines[j].markings or lines[j].note or lines[j].boilerplate or lines[j].notes_heading
               or is_citation(lines[j]) or lines[j].site_foot for j in range(i + 1, end))


def _dates(draft: _Draft, line: Line, kind: Kind) -> None:
    """A dateline gives a place and a date; a date line a date; "28 October 1962 / Extract ..." a date and a
    subtitle; "Moscow, undated." or a place above the date line, a place."""
    if kind is Kind.SUBTITLE:
        date, subtitle = line.dated_description
        _set_date(draft, date, _precision(date))
        draft.subtitle = draft.subtitle or subtitle
        return
    if kind is Kind.DATELINE and line.dispatch:
        place, date, marks = line.dispatch  # "T. nos 2126 à 2132. Paris, 7 février 1962, 19 h. Secret."
        draft.place = draft.place or _place(place)
        _set_date(draft, date, _precision(date))
        if not draft.form_classified:
            draft.classification.extend(c for c in marks if c not in draft.classification)
    elif kind is Kind.DATELINE and line.dateline:
        draft.place = draft.place or _place(line.dateline[0])
        _set_date(draft, line.dateline[1], _precision(line.dateline[1]))
    elif kind is Kind.DATE:
        # a day without a place ranks after a dateline's day: a title block's or an export's date line ("2020-02-12"
        # under a note's title and author) gives way to the dateline the writer typed ("Moscow, 18 April 1961")
        _set_date(draft, line.date, _precision(line.date) + (1 if line.date.exact else 0))
    elif kind is Kind.DATELINE:
        draft.place = draft.place or _place(undated_place(line.text) or line.supplied_place or line.text)
    draft.header.append(line.text)


# a closing formula that ends a paragraph, its last sentence: "... at 7:00 pm Washington time. Done at Washington, 21
# JAN 61."
_LAST_FORMULA = re.compile(r"(?<=[.!?”\"]\s)(?:Done|Given|Signed|Dated)\s+(?:at|in|on|this)\b.{0,120}$")


def _closing(text: str) -> tuple[str, DateRange] | None:
    """(place, date) of a paragraph near the end that dates the document: a short line that is a closing formula or a
    dateline, or a longer paragraph whose last sentence is a closing formula."""
    line = Line(text)
    found = line.closing_dateline if len(line.words) <= 25 else None
    if found is None and (at := _LAST_FORMULA.search(text)):
        found = Line(text[at.start():]).closing_dateline
    return found


# what an archival citation names: a repository, a series or a file's unit
_REPOSITORY = re.compile(r"\b(?:Library|Archives?|Papers|Files?|Box|Folder|Lot|RG|Record\s+Group|Collection|"
                         r"Correspondence|Series|Fonds|MS|Reel)\b")


def _dated_reference(line: Line) -> DateRange | None:
    """The date that ends an archival citation below the text, the item's as citation styles give it: "[John F.
    Kennedy Library, National Security Files, Box 185, June 10, 1961]", "Citation: Department of State, Presidential
    Correspondence: Lot 77 D 163, 1961 Apr 30." (a day, after three parts or more; the date stands last)."""
    text = line.citation.value if line.citation is not None and line.citation.label else line.text
    text = text.strip().strip("[]").rstrip(" .")
    head, _, last = text.rpartition(",")
    parts = [p.split() for p in re.split(r"[,;]", text) if p.strip()]
    if line.note or len(line.words) > 40 or len(parts) < 3 or not _REPOSITORY.search(head) or not all(
            len(p) <= 8 and (p[0][0].isupper() or p[0][0].isdigit()) for p in parts):
        return None  # each part a name, a code or a unit, never a clause ("and to the Archives, on June 10")
    found = date_line(last)
    if found is None or _precision(found) != 50:
        # "..., 1961 Apr 30": the archival order's date has no comma inside; "..., June 10, 1961": the comma is its own
        head2, _, middle = head.rpartition(",")
        found = date_line(f"{middle},{last}") if _REPOSITORY.search(head2) else None
    return found if found is not None and _precision(found) == 50 else None


def _fragment(line: Line) -> bool:
    """A block too short or too poor in letters to be a passage of its own: fewer than three words, or fewer than
    60% letters."""
    return len(line.words) < 3 or _few_letters(line.text)


def _few_letters(text: str) -> bool:
    visible = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in visible) < 0.6 * len(visible)


def _precision(date: DateRange) -> int:
    """The rank of a date the text gives (lower wins; the first of equals): a day before a month before a year, so
    that a year stamped above the date line ("RELEASE ... 2000") does not date the document."""
    days = (date.end - date.start).days
    return 50 if days == 0 else 52 if days <= 31 else 54


def _place(place: str) -> str:
    """A place as a dateline gives it; capitals ("MOSCOW") become "Moscow"."""
    place = place.rstrip(" ,;")  # "Moscow," above the date, as a despatch sets it
    return place.title() if place.isupper() else place


def _set_date(draft: _Draft, date: DateRange, rank: int) -> None:
    """Keep the best-ranked date: a labelled date (by its label's rank), then a dateline, then a date line; a
    form's date (or its saying there is none) stays."""
    if draft.date_locked or (draft.ocr and rank == 54):
        return  # in a scan, a figure alone read as a year is too often a time, a street number or a birth year
    if draft.date is None or rank < draft.date_rank:
        draft.date, draft.date_rank = date, rank


def split_front_matter(text: str, source: str = "") -> tuple[dict, str]:
    """Split a YAML front matter block (between ``---`` lines at the very top) or a TOML one (between ``+++``
    lines, as Hugo and Zola write it) from the text."""
    stripped = text.lstrip("\ufeff")
    if t := re.match(r"^\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|$)", stripped, re.DOTALL):
        import tomllib

        try:
            data = tomllib.loads(t.group(1))
        except tomllib.TOMLDecodeError as e:
            raise SourceError(source, f"front matter is not valid TOML: {e}") from e
        return metadata_keys(data), stripped[t.end():]
    m = re.match(r"^---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", stripped, re.DOTALL)
    if not m:
        return {}, text
    import yaml  # only files that have front matter pay for the import

    try:
        data = load_yaml(m.group(1))
    except yaml.YAMLError as e:
        raise SourceError(source, f"front matter is not valid YAML: {str(e).splitlines()[0]}") from e
    if not isinstance(data, dict):
        raise SourceError(source, "front matter must be a block of 'key: value' lines")
    return metadata_keys(data), stripped[m.end():]


def load_yaml(text: str):
    """The YAML of front matter or a sidecar file; any failure is a ``yaml.YAMLError``.

    Dates stay the strings they were written as, for the date parser (which reads impossible ones too);
    aliases are refused, since a few lines of them can stand for billions of values.
    """
    import yaml

    try:
        return yaml.load(text, Loader=_yaml_loader())
    except ValueError as e:  # a value PyYAML recognised but could not build
        raise yaml.YAMLError(str(e)) from e
    except RecursionError as e:
        raise yaml.YAMLError("nested too deeply") from e


@lru_cache(maxsize=1)
def _yaml_loader():
    import yaml
    from yaml.composer import ComposerError

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise ComposerError(None, None, "aliases (*name) are not read in metadata", mark)
            return super().compose_node(parent, index)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


# the keys front matter gives the engine's own fields by (metadata_fields; ``id`` names the document, api.py)
_OWN_KEYS = frozenset({"id", "title", "subtitle", "citation", "summary", "url", "place", "original_language",
                       "description", "language", "persons", "source_url", "date", "classification"})


def front_matter_fields(front: dict) -> list[str]:
    """Front matter keys the engine has no field of its own for but that a catalogue's label names
    ("document_title", "date_of_document", "security_classification", "post"), as ``Label: value`` lines for
    the head reader, which reads them as it reads a record's fields. Keys about the file itself ("created",
    "updated", "date_modified": what a note-taking app or a site generator stamps on it) are not the document's."""
    from ..vocabulary.labels import field_of, record_label

    out: list[str] = []
    for key, value in front.items():
        label = key.replace("_", " ").strip()
        if key in _OWN_KEYS or field_of(label, guess=True) is None or isinstance(value, dict) or record_label(label):
            continue
        text = "; ".join(str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip())
        if text and "\n" not in text:
            out.append(f"{label}: {text}")
    return out


def metadata_keys(data: dict) -> dict:
    """Front matter or sidecar keys as metadata_fields reads them: "Original-Language" -> original_language."""
    return {str(k).lower().replace("-", "_").replace(" ", "_"): v for k, v in data.items() if v is not None}


def _set_form_field(draft: _Draft, label: Label) -> None:
    """A field of an identification form: the document's own description, which the text does not override."""
    if label.field == "date" and not draft.date_locked and label.rank < 90:  # a label the vocabulary lists
        _set_field(draft, label, label.value)
        draft.date_locked = True  # "DATE: 00/00/0000" too: the catalogue says it is unknown
        return
    if label.field == "classification":
        _set_field(draft, label, label.value)
        draft.form_classified = draft.form_classified or bool(draft.classification)
        return
    if not draft.kind and label.field == "addressee" and (named := kind_name(label.label)):
        draft.kind = named  # "MEMORANDUM FOR: ..." read with a form's fields still says the document is a memorandum
    if label.field == "document_type":
        draft.form_kind = draft.form_kind or kind_name(label.value, whole=True)
    elif label.label.lower() == "comments" and _names_only_a_kind(label.value):
        draft.form_kind = draft.form_kind or kind_name(label.value)  # COMMENTS: MEMO, COMMENTS: RPT
    elif label.field == "keywords" and not draft.form_subjects:
        # one subject a line; a line ending in a comma goes on on the next
        joined = re.sub(r",\s*\n\s*", ", ", label.value)
        draft.form_subjects = [_tidy(s) for s in joined.split("\n") if s.strip() and not _withheld(s)
                               and not _PLACEHOLDER.search(s)]
    _set_field(draft, label, label.value)


def _tidy(value: str) -> str:
    """A value without the punctuation OCR left at its end ("PETROS MOUTSOS.)", "CIA LIAISON MATERIAL:")."""
    value = value.strip().rstrip(".,;: ")
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip(".,;: ")
    return value


def _names_only_a_kind(value: str) -> bool:
    text = re.sub(r"[^\w/]+", " ", value).strip().lower()
    return text in KIND_ABBREVIATIONS or kind_name(text).lower() == text


# the one- and two-letter classification codes of US catalogues and forms
_CLASSIFICATION_CODES = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET", "T": "TOP SECRET"}
_PLACEHOLDER = re.compile(r"(?i)\b(?:need\s+subject|subject\s+assigned|to be assigned|unassigned|none)\b")


# what a form writes in a box it cannot fill
_UNKNOWN = re.compile(r"\W*(?:unknown|unk|none|n/?a|not\s+(?:given|known|stated|applicable))\W*", re.IGNORECASE)


def _set_field(draft: _Draft, label: Label, value: str) -> None:
    """Put a labelled field's value where it belongs: a Document field, or the metadata under its label."""
    value = value.strip()
    if not value or _UNKNOWN.fullmatch(value):
        return
    if label.field == "title":
        if label.rank < draft.title_rank and not _withheld(value):
            probe = Line(value)
            if (dated := probe.dated_title) is not None:  # "Item 13: Letter From ... to ..., 1961-05-06"
                value = dated[0]
                _set_date(draft, dated[1], _precision(dated[1]))
            else:
                value = probe.unmarked or value  # the marker of the note the title cites is not the title's
            draft.title, draft.title_rank = value, label.rank
    elif label.field == "date" and _STAMP_LABEL.match(label.label) and _CLOCK_IN.search(value):
        # "Created:  5/14/2017 3:24 PM", "Updated: ...": a note program's stamp of when the note was made or
        # changed, to the minute, is the note's history, not the date of the document it holds
        _add_meta(draft, _meta_key(label.label), value)
    elif label.field == "date":
        if draft.date_locked:
            return
        parsed = parse_date(value)
        if parsed is None:  # kept as the source wrote it rather than lost
            draft.meta.setdefault("date", value)
        else:
            _set_date(draft, parsed, label.rank)
            if (written := Line(value).dateline) is not None:  # "Date: Moscow, November 9, 1960": the place too
                draft.place = draft.place or written[0]
    elif label.field == "classification":
        code = _CLASSIFICATION_CODES.get(re.sub(r"[^A-Za-z]", "", value).upper()) if len(value) <= 4 else None
        found = (code,) if code else tuple(MARKING_LOOKUP[m.group(1).lower()] for m in MARKING_PATTERN.finditer(value))
        if found:
            draft.classification.extend(c for c in found if c not in draft.classification)
        else:  # a value that names no marking ("Declassified") is kept as written, not taken for one
            _add_meta(draft, "classification", value)
    elif label.field == "subject":
        value = _unbracketed(Line(_REPLY_PREFIX.sub("", value)).unmarked)
        if value and not re.fullmatch(r"\(.*[)}\]]?", value):  # a printed form's "(Optional)" is not a subject
            draft.subtitle = draft.subtitle or value
    elif label.field == "place":
        draft.place = draft.place or value
    elif label.field in ("citation", "summary", "url"):
        _add_meta(draft, label.field, value)
    elif label.field == "participants":
        _add_meta(draft, "participants", value)
    elif label.field == "language":
        _add_meta(draft, "original_language", value)
    elif label.field == "review" and (marks := _classified_as(value)):
        # "Conditions Governing Access: Originally classified Secret; Eyes Only. Declassified 1996.": the markings
        # the document bore, stated by its record
        draft.classification.extend(c for c in marks if c not in draft.classification)
        _add_meta(draft, _meta_key(label.label), value)
    elif label.field == "comments" and (marks := Line(value).markings):
        # "Rights: Secret; Niact", "Remarks: TOP SECRET": a note field that holds nothing but markings states them
        draft.classification.extend(c for c in marks if c not in draft.classification)
        _add_meta(draft, _meta_key(label.label), value)
    else:
        _add_meta(draft, _meta_key(label.label), value)
        if label_key(label.label) == "tor" and (found := find_dates(value)) and found[0][0].exact:
            # a cable's time of receipt ("TOR: 0812482 FEB 96"): hours after it was sent, so its day dates a cable
            # that gives no other date, ranked below every date the text gives
            _set_date(draft, found[0][0], _RECEIVED)


# a page's copyright line, and the owner it names: "Copyright © 1998-2014 Letters of the Cold War. All rights reserved."
_COPYRIGHT = re.compile(r"(?i)^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?"
                        r"(?P<name>[^.]{3,80}?)\.?(?:\s+all rights reserved\.?)?$")


def _site_name(line: Line, following: Line | None, owners: set[str]) -> bool:
    """A web page's name for its site in the head: the line above the site's menu ("Letters of the Cold War" /
    "Home | Timeline | Documents"), or the name the page's copyright line gives its owner; never a line that names
    a document."""
    if len(line.words) > 10 or NAMES_A_KIND.match(line.text) or line.kind_heading or line.date:
        return False
    menu = following is not None and following.boilerplate and (
        "|" in following.text or following.text.lower().startswith("home "))
    return menu or line.text.strip().rstrip(".").casefold() in owners


_STAMP_LABEL = re.compile(r"(?i)^(?:date\s+)?(?:created|updated|modified|edited|saved|last\s+(?:modified|updated|edited))"
                          r"(?:\s+(?:on|at|date))?$")
_CLOCK_IN = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\b")
# a time of day alone on a line: "10:42 AM", "15:12", "3:05 p.m. EST"
_CLOCK = re.compile(r"^\s*(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,5})?\s*$",
                    re.IGNORECASE)


def _same_paper(row: str, title: str) -> bool:
    """Whether a list's row describes the document titled so: most of the row's longer words are the title's."""
    words = {w.casefold() for w in re.findall(r"[^\W\d_]{4,}", row)}
    titled = {w.casefold() for w in re.findall(r"[^\W\d_]{4,}", title)}
    return len(words & titled) >= 3 and len(words & titled) * 2 >= len(words)


# the label a filing or a report gives what it attaches: "EXHIBIT F", "Tab A", "Annex 2", "Attachment 3"
_ATTACHMENT = re.compile(r"(?i)^(?:exhibit|tab|annex|attachment|appendix|schedule)\s+[A-Z0-9]{1,4}\.?$")
# a paragraph that introduces a text printed after it
_AS_FOLLOWS = re.compile(r"(?i)\b(?:as follows|reads?|text follows|the text of which is)\s*:\s*$")
# the rank of the dateline of a text printed within another: before any date the record around it gives
_EMBEDDED = 49
# the rank of the day a cable was received (see _set_date): after a day, month or year the text gives (50-54)
_RECEIVED = 58
# the rank of a date given only at the document's foot (a closing formula, a dateline above the signature): after a
# day or a month its head gives, before a year alone
_AT_FOOT = 53


_CLASSIFIED_AS = re.compile(r"\b(?:originally|formerly|previously|once|was)?\s*classified\s+(?:as\s+|at\s+)?"
                            r"(?P<marks>[^.()]+)", re.IGNORECASE)


def _classified_as(value: str) -> tuple[str, ...]:
    """The markings a record says a document bore: "Originally classified Secret; Eyes Only." (never "declassified")."""
    m = _CLASSIFIED_AS.search(value)
    if not m:  # "declassified" is not "classified": the pattern wants the word whole
        return ()
    marks = m.group("marks").strip()
    if re.search(r"[^\W\d_]", _COPYLESS.sub(" ", MARKING_PATTERN.sub(" ", marks))):
        return ()
    return normalize_classification(marks)


_COPYLESS = re.compile(r"(?i)\b(?:and|or)\b")


def _withheld(value: str) -> bool:
    """A title a catalogue withholds or leaves for later: "[Restricted]", "[Withheld]", "See title"."""
    return bool(re.fullmatch(r"\W*(?:restricted|withheld|redacted|classified|see\s+title|none|n/?a|untitled)\W*",
                             value, re.IGNORECASE))


def _meta_key(label: str) -> str:
    """The metadata key of a label: "RECORD NUMBER" -> record_number, "Original Language" -> original_language."""
    return re.sub(r"\W+", "_", label.lower()).strip("_") or "field"


def _add_meta(draft: _Draft, key: str, value: str) -> None:
    if key in draft.meta:
        if value not in draft.meta[key].split("\n"):
            draft.meta[key] += "\n" + value
    else:
        draft.meta[key] = value


def _attach_inline_note(draft: _Draft, text: str) -> None:
    if draft.body:
        draft.body_notes.setdefault(len(draft.body) - 1, []).append(text)
    else:
        draft.pending_notes.append(text)


def _footer_follows(lines: list[Line]) -> bool:
    """Whether a page footer goes on after a footer marker: more boilerplate, or nothing at all."""
    return not lines or any(line.boilerplate for line in lines)


def _footnotes_after(lines: list[Line], draft: _Draft) -> None:
    """Footnote definitions that follow the page footer still belong to the document."""
    for line in lines:
        note = line.note
        if note and note[0].style == "bracket" and note[0].number not in draft.numbered:
            draft.numbered[note[0].number] = note[1]
            draft.marks.append(note[0])


def _clean_title(line: Line) -> str:
    """A heading as a title: without the number an edition prints before it ("66. ") or note markers after it."""
    text = RECEIVED_CLAUSE.sub("", line.text)
    if numbered := line.numbered_heading:
        text = RECEIVED_CLAUSE.sub("", numbered[1])
    if NAMES_A_KIND.match(text) and not re.search(r"‘|'\w|\s'", text):  # (a closing quote has its opening one)
        # a note's figure glued to the heading's last word, or what OCR made of it ("... Kennedy1", "... Kennedy^",
        # "... Brezhnev'"), when no note list said which note it is
        text = _MARK_AT_END.sub("", text)
    return unquoted_title(text)


_MARK_AT_END = re.compile(r"(?<=[^\W\d_]{3})(?:[\^'’*†]|[1-9]\d{0,2})$")




def _finish(draft: _Draft, front: dict, doc_id: str, source: str, fmt: str, ocr: bool) -> Document:
    source_note = next((m for m in draft.marks if _SOURCE_NOTE.match(draft.numbered[m.number])), None)
    candidates = draft.candidates
    if draft.kind and not draft.title:
        # a place alone on a line ("Moscow") is not the title of a document whose heading names its kind: it is
        # where it was written
        places = [line for line in candidates if line.place_name and not NAMES_A_KIND.match(line.text)]
        if places and len(places) < len(candidates) + 1:
            draft.place = draft.place or _place(places[0].text)
            candidates = [line for line in candidates if line not in places]
    if draft.kind and not draft.title and all(line.code_line for line in candidates):
        # an archive's file reference ("II A 1-82.00/94.29-216/62") above a heading that names the document's kind
        # ("Editorial Note") says where it is filed, not what it is: the kind does (a letterhead's name stays a
        # candidate, which the file's name may outrank: see below)
        candidates = []
    if draft.kind and draft.subtitle and not draft.title and candidates and all(
            line.institution_name for line in candidates):
        # a letterhead ("Department of State" above TELEGRAM and its SUBJECT:) says who sent the document, not
        # what it is: the kind its heading names and its subject say that (see _description)
        candidates = []
    if ocr:  # in a scan, only a clean heading is a title: debris read as a short line is not
        candidates = [line for line in candidates if _clean_heading(line)]
    if ocr and (draft.kind == "Cable" or draft.kind_printed):
        candidates = []  # a cable's head, or a form's, is routing and boxes: its kind and subject describe it
    if ocr and draft.kind == "Letter":
        # a scanned letter's head above its salutation is a letterhead and an inside address: no heading names it
        # unless it names a document ("Letter From ... to ...")
        candidates = [line for line in candidates if NAMES_A_KIND.match(line.unmarked)]
    # a scan's cable or form with no subject line is still named by its kind ("Cable from DIRECTOR"), not its file
    described = _description(draft) if (draft.form or (ocr and (
        draft.subtitle or draft.kind == "Cable" or draft.kind_printed))) else ""
    if not described and not draft.title and _names_document(draft.subtitle) and not any(
            _names_document(_heading(line)) for line in candidates):
        # "Re: Letter From ... to ...": a subject line that names the document outranks lines that name none (a
        # letterhead, an address, a collection's name)
        described = draft.subtitle
    summary = _unbracketed(draft.meta.get("summary") or (
        "" if front.get("title") else str(front.get("summary") or front.get("description") or "")))
    if not described and not draft.title and _one_line_description(summary) and (
            _names_document(summary) or not candidates):
        # a record that titles the document only by its description ("Summary: Letter from ... to ...", Hugo's
        # "description"): a line that names a document, or the only words that describe it
        described = summary
    title_line = None if described else choose_title(candidates, source_note.number if source_note else None)
    title = draft.title or described
    if not title and title_line is not None:
        title = _clean_title(title_line)
        if not ocr and (dated := Line(title).dated_title) is not None:  # "Item 13: Letter From ..., 1961-05-06"
            title = dated[0]
            _set_date(draft, dated[1], _precision(dated[1]))
        if not title_line.numbered_heading:  # a numbered heading stays in the header too, for its number
            draft.header.remove(title_line.text)
        if not NAMES_A_KIND.match(title) and _names_document(named := title_from_name(doc_id)) and named != doc_id:
            title = named  # a site's or office's name heads the text; the file's name says what document it is
    texts, cited_by, title = cite([b.text for b in draft.body], draft.marks, title)
    if len(title.split()) >= 3:
        title = Line(title).unmarked or title  # a marker whose note was not found is still no part of the title

    paragraphs: list[Paragraph] = []
    footnotes: list[Footnote] = []
    inline_count = 0
    for i, block in enumerate(draft.body):
        number = len(paragraphs) + 1
        text, notes = _split_inline_notes(texts[i])
        refs: list[str] = []
        for k, note in enumerate([*notes, *draft.body_notes.get(i, ())]):
            inline_count += 1
            label = f"*{inline_count}"
            footnotes.append(Footnote(label, note, number))
            refs.append(label)
            if k < len(notes):  # notes from inside the text leave a marker where they stood
                text = text.replace("\x00", f"[{label}]", 1)
        for n in _FOOTNOTE_MARK.findall(text):
            if cited_by.get(n) == i and n not in refs:
                refs.append(n)
        refs.extend(m.number for m in draft.marks if cited_by.get(m.number) == i and m.number not in refs)
        paragraphs.append(Paragraph(number, text, tuple(refs), block.page))
    for mark in draft.marks:
        cited = cited_by.get(mark.number)
        footnotes.append(Footnote(mark.number, draft.numbered[mark.number], None if cited is None else cited + 1))
    footnotes.sort(key=lambda f: (f.paragraph or 10**9, f.number.startswith("*"), _note_order(f.number)))

    meta = dict(draft.meta)
    citation = meta.pop("citation", "")
    classification = list(draft.classification)
    stated = ""  # the source note whose classification sentence states the markings
    if source_note is not None:  # an edition's source note (FRUS: "[1] Source: Department of State...")
        note_text = draft.numbered[source_note.number]
        citation = citation or _SOURCE_NOTE.sub("", note_text).strip()
        stated = note_text
    elif citation and not draft.form_classified:
        stated = citation  # a "Source:" field above the text or below it is the same note, and states as much
    if stated:
        marks, classified_by = source_note_markings(stated)
        classification.extend(m for m in marks if m not in classification)
        if classified_by:
            meta["classified_by"] = classified_by
    quoted = re.match(r"^[\"“](?P<t>[^\"”]{3,250})[\"”]", citation)
    if quoted and not front.get("title") and draft.title_rank == 99:
        # the punctuation a citation style puts inside the quotes ("Letter from ... to ...," October 26, 1962)
        # is the citation's, not the title's; an abbreviation's full stop ("... U.S.") stays
        named = re.sub(r"(?:[,;:]|(?<![A-Z.][A-Z])\.)$", "", quoted.group("t").strip()).rstrip()
        if title and title != named and not draft.subtitle:
            draft.subtitle = title
        title = named
    if not title:
        title = _description(draft)
        named = title_from_name(doc_id)
        if named != doc_id and (not title or (title == draft.kind and draft.kind not in draft.header)):
            # the file's name says more than a kind the text implies ("Dear Mr. President," opens a "Letter");
            # a heading the document gives itself ("ШИФРОТЕЛЕГРАММА") stays its title
            title = named
    elif title == draft.subtitle:
        draft.subtitle = ""
    # else the first date within one year in the citation or a header line ("SUBJECT: ..., 22 October 1962")
    # (in a scan, to the month at least: a figure alone read as a year is too often a time, a street number, a birth
    # year or a cut banner's: "SLOTTED 1840", "SUITE 2004", "DOB 1927", "... RECORDS ACT OF 1992")
    date = draft.date if draft.date_locked else draft.date or next(
        (d for text in (citation, *draft.header[draft.cover_lines:]) if not _PROCESSED.search(text)
         and text not in draft.handled
         for d, _, _ in find_dates(text) if d.start.year == d.end.year and not (ocr and _precision(d) == 54)), None)
    if date is None and meta.get("withdrawn_item"):
        # a withdrawal sheet's row that describes this very paper (opened since: it follows the sheet) dates it
        date = next((found[0][0] for row in meta["withdrawn_item"].split("\n")
                     if _same_paper(row, title) and (found := find_dates(row))), None)
    url = meta.pop("url", "") or (m.group(0) if (m := _URL.search(citation)) else "")

    fields = {
        "doc_id": str(front.get("doc_id") or front.get("id") or doc_id),
        "title": _unbracketed(title) or title_from_name(doc_id),
        "subtitle": draft.subtitle,
        "date": date,
        "classification": tuple(classification),
        "citation": citation,
        "summary": meta.pop("summary", ""),
        "original_language": meta.pop("original_language", ""),
        "url": url,
        "place": draft.place,
    }
    if meta.get("participants"):
        fields["persons"] = _participants(meta["participants"])
    if meta.get("printed_in"):
        fields["container_title"] = meta["printed_in"]  # the article or volume a cover sheet names
    fields.update(metadata_fields(front, source))
    return Document(
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes),
        header=tuple(draft.header),
        metadata=tuple(sorted(meta.items())),
        source=source,
        format=fmt,
        **fields,
    )


# the parts of a file name that are not its title: an identifier in capitals and figures before it ("FRUS-VI-066",
# "CIA_RDP80", "104-10001-10001"), a date after it ("(1962-02-15)", "_1962-02-15");
# or a number with the word for a file or item a scanner, a download or a person puts before it ("doc 044 - ",
# "Item_12_", "0012. ", "No. 7 -")
_NAME_ID = re.compile(r"^(?:(?:[A-Z0-9][A-Z0-9.\-]*(?:[\s_]+|$))*?(?:[A-Z0-9.\-]*\d[A-Z0-9.\-]*)(?:[\s_]+|$)|"
                      r"(?i:doc(?:ument)?|item|file|scan|image|img|no|nr|number|p|page)?\.?[\s_]*\d{1,6}[a-z]?"
                      r"(?:[\s_]*[-–—.:)][\s_]*|[\s_]+))")
_NAME_DATE = re.compile(r"[\s_]*[(\[]?\d{4}-\d\d(?:-\d\d)?[)\]]?$")


def _participants(value: str) -> tuple[str, ...]:
    """Who took part, by name: one a line or between semicolons, a name before its office ("Andrei A. Gromyko,
    Minister of Foreign Affairs"); on a line of their own, names apart by commas and "and" ("Rusk, Thompson and
    Kohler")."""
    items = [item.strip() for item in re.split(r"[;\n]", value) if item.strip()]
    if len(items) > 1:
        names = [item.split(",")[0].strip() for item in items]
    else:
        names = [name.strip() for name in re.split(r",|\band\b|\bи\b", value)]
    return tuple(dict.fromkeys(name.rstrip(".") for name in names if name.strip(" .")))


def title_from_name(doc_id: str) -> str:
    """A document that states no title is named by its file: "FRUS-VI-066 Letter From Chairman Khrushchev to
    President Kennedy (1962-02-15)" or "FRUS_VI_066_Letter_From_..._1962-02-15" -> "Letter From Chairman
    Khrushchev to President Kennedy"; a name that is only an identifier stays as it is."""
    name = doc_id.rsplit("/", 1)[-1]
    rest = _NAME_DATE.sub("", _NAME_ID.sub("", name, count=1)).strip(" _-")
    if rest == name.strip(" _-"):
        return doc_id  # no identifier or date around it: a name such as "memo_draft" is kept as it is
    if "_" in rest and " " not in rest:
        rest = rest.replace("_", " ")
    if len(rest.split()) < 2 or not re.search(r"[a-z]", rest) or rest == name:
        return doc_id
    return rest


def _description(draft: _Draft) -> str:
    """A document without a title is named by what it says it is: its kind and subject ("Memorandum for the
    Record: Conversation with the Ambassador"); a subject that names a kind itself is the title as it is. A form
    names it by the kind it gives (DOCUMENT TYPE, or the kind its comments name) and its first three SUBJECTS."""
    if draft.form and (draft.form_kind or draft.form_subjects):
        kind, subject = kind_title(draft.form_kind), "; ".join(draft.form_subjects[:3])
        return f"{kind}: {subject}" if kind and subject and not NAMES_A_KIND.match(subject) else subject or kind
    subject = draft.subtitle
    if draft.ocr and draft.kind == "Dispatch":
        subject = _without_form_printing(subject)
    if subject and draft.kind and not NAMES_A_KIND.match(subject):
        kind = " ".join(filter(None, (kind_title(Line(draft.kind).kind_heading or draft.kind), draft.kind_for)))
        return f"{kind}: {subject}"
    if not subject and draft.kind:  # "Cable from MEXICO CITY to DIRECTOR"; a heading alone as it is written
        sender = draft.meta.get("from", "").split("\n")[0]
        to = (draft.meta.get("to") or draft.meta.get("memorandum_for", "")).split("\n")[0]
        if draft.ocr:  # a scan's FROM and TO boxes as OCR read them: only a clean name in capitals says who
            sender, to = (v if _CLEAN_NAME.fullmatch(v.strip()) else "" for v in (sender, to))
        if not draft.kind.isascii() or draft.ocr and draft.kind == "Cable":
            # a scan's cable is "Cable": the boxes it was sent from and to are routing, kept in its metadata, and
            # OCR reads them clean too seldom to name documents by them
            return draft.kind
        return draft.kind + (f" from {sender}" if sender else "") + (f" to {to}" if to else "")
    return subject or draft.kind


# a sender or addressee with nothing OCR left beside it: "DIRECTOR", "MEXICO CITY", "Chief, WH/3", "Director of
# Security" (each word a name's, in capitals or capitalised, or a small word between them; no speck or stray mark)
_NAME_WORD = r"(?:[A-Z][\w'’.&/-]*,?|of|the|for|and|de|del|la)"
_CLEAN_NAME = re.compile(rf"[A-Z][\w'’.&/-]*,?(?:\s+{_NAME_WORD}){{0,6}}")


def _heading(line: Line) -> str:
    return line.numbered_heading[1] if line.numbered_heading else line.unmarked


def _one_line_description(text: str) -> bool:
    """A description short enough to be a title: one line of a few words, at most one sentence."""
    return bool(text) and "\n" not in text and 2 <= len(text.split()) <= 30 and not re.search(r"[.!?]\s+\S", text)


# a title a cataloguer supplied, in square brackets (AACR2, DACS, RDA), after the number of an edition's heading
_SUPPLIED = re.compile(r"^(?P<n>\d{1,4}\.\s+)?\[(?P<title>[^\[\]]{3,})\]$")


def _unbracketed(title: str) -> str:
    """"[Memorandum of conversation]" -> "Memorandum of conversation": the brackets say who wrote the title, not
    what it is (an editor's note in brackets names no document, and stays as it is)."""
    m = _SUPPLIED.match(title.strip())
    if not m or (not _names_document(m.group("title")) and Line(m.group("title")).sentence):
        return title
    return m.group("title").strip()


def _names_document(text: str) -> bool:
    """A heading or subject that says what document it is: a kind and at least two more words ("Letter From
    Chairman Khrushchev to President Kennedy", "Memorandum of Conversation")."""
    return bool(text) and bool(NAMES_A_KIND.match(text)) and len(text.split()) >= 2


def _printed_kind(texts: list[str]) -> str:
    from .ocr import printed_kind

    return printed_kind(texts)


def _stamped_date(texts: list[str]) -> DateRange | None:
    from .ocr import stamped_date

    return stamped_date(texts)


def _without_form_printing(text: str) -> str:
    from .ocr import without_form_printing

    return without_form_printing(text)


def _form_notice(text: str) -> bool:
    from .ocr import form_notice

    return form_notice(text)


def _prose(line: Line) -> bool:
    """A scan's line that reads as text: five words or more, nearly all of them words, and half of them of three
    letters or more (specks read as letters, "cr . - Le ee OD ALE . OC Base", are not)."""
    from .ocr import noise_share

    words = line.words
    return len(words) >= 5 and noise_share(line.text) < 0.25 and 2 * sum(len(w) >= 3 for w in words) >= len(words)


def _clean_heading(line: Line) -> bool:
    """A scan's line that reads as a heading: every word a word, three of them of three letters or more."""
    from .ocr import noise_share

    text = Line(line.numbered_heading[1] if line.numbered_heading else line.text).unmarked
    long_words = sum(len(w) >= 3 and w.isalpha() for w in Line(text).words)
    # "wee TET" is debris; "Editorial Note", "66. Letter From ..." and a heading in capitals of three words or more
    # ("THE 201 SYSTEM") are headings
    # (whose figures are words too: "THE 201 SYSTEM")
    caps_heading = long_words >= 2 and text.isupper() and len(Line(text).words) >= 3 and \
        noise_share(re.sub(r"\b\d{1,4}\b", " ", text)) == 0
    return caps_heading or noise_share(text) == 0 and (long_words >= 3 or (long_words >= 2 and (
        bool(line.numbered_heading) or bool(NAMES_A_KIND.match(text)))))


def _split_inline_notes(text: str) -> tuple[str, list[str]]:
    """Take "[Editor's note: ...]" out of a paragraph, leaving a NUL placeholder where each stood."""
    notes = [m.group("text").strip() for m in INLINE_NOTE.finditer(text)]
    return INLINE_NOTE.sub("\x00", text).strip(), notes


def _note_order(number: str) -> int:
    digits = re.sub(r"\D", "", number)
    return int(digits) if digits else 0


def metadata_fields(front: dict, source: str) -> dict:
    """Document fields given by front matter or a sidecar file, which override what the parser found.

    ``language`` is the language of the text as written (a code or a name: ``ru``, ``Russian``);
    ``original_language`` the language a translation was made from.
    """
    from ..vocabulary.language_names import language_code

    out: dict = {}
    for key in ("title", "subtitle", "citation", "summary", "url", "place", "original_language"):
        if key in front and str(front[key]).strip():
            out[key] = str(front[key]).strip()
    if "description" in front and "subtitle" not in front:
        out["subtitle"] = str(front["description"]).strip()
    if "language" in front:
        code = language_code(str(front["language"]))
        if not code:
            raise SourceError(source, f"language {front['language']!r} is not one this engine knows "
                                      f"(use a code such as en or ru)")
        out["language"] = code
    if "persons" in front:
        value = front["persons"]
        out["persons"] = tuple(str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip())
    if "source_url" in front:
        out["url"] = str(front["source_url"]).strip()
    if "date" in front:
        raw = front["date"]
        parsed = parse_date(str(raw))
        if parsed is None:
            raise SourceError(source, f"front matter date {raw!r} is not a date this parser knows")
        out["date"] = parsed
    if "classification" in front:
        value = front["classification"]
        items = value if isinstance(value, list) else [value]
        marks: list[str] = []
        for item in items:
            for c in normalize_classification(str(item)):
                if c not in marks:
                    marks.append(c)
        out["classification"] = tuple(marks)
    return out
