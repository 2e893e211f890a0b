"""Held-out layouts: measure a parser on designs it was not tuned on.

Whoever tunes the parser does not read this module: its layouts differ from the development ones in their
labels, date forms, marking typography, note styles and page furniture, so that their figures say how the
parser does on an archive nobody wrote a rule for. The harness needs only ``LAYOUTS`` from here.
"""

from __future__ import annotations

import random

from layouts_kit import Expected, Layout, Rendered, date_text, join, paginate, parties, split_markings, wrap
from layouts_reference import Reference


def finding_aid(ref: Reference, rng: random.Random) -> Rendered:
    """An item in a finding aid: collection and item labels, DACS dates ("1962 October 27"), a slashed
    security line ("SECRET//EYES ONLY"), "[n1]" markers and the notes under "Editorial notes"."""
    lines = [f"Collection: {ref.volume}", f"Item: {ref.number}", f"Item title: {ref.title}"]
    day = date_text(ref, "{y} {month} {d}", span="{a}-{b}")
    if day:
        lines.append(f"Dates: {day}")
    if ref.place:
        lines.append(f"Place of origin: {ref.place}")
    if ref.markings:
        lines.append("Security classification: " + "//".join(ref.markings))
    if ref.source_note:
        lines.append(f"Location of original: {ref.source_note.removeprefix('Source: ')}")
    body = [ref.paragraph(i, lambda k: f"[n{k}]") for i in range(len(ref.paragraphs))]
    notes = ["Editorial notes:", *(f"n{k}. {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([lines, "Transcription:", *body, notes]), Expected.of(ref))


def paged_transcript(ref: Reference, rng: random.Random) -> Rendered:
    """A typed transcript: the title in quotation marks, "Moscow -- 27.10.1962", "Security:" line, the text
    wrapped at 72 columns with "Page 2 of 5" furniture, "^1" markers, "Endnotes" as "1)", and a trailing
    citation block."""
    day = date_text(ref, "{dd}.{mm}.{y}", span="{a} - {b}", supplied="{} (date supplied)")
    head = ["TRANSCRIPT", f"“{ref.title}”"]
    if ref.place or day:
        head.append(" -- ".join(x for x in (ref.place, day) if x))
    if ref.markings:
        head.append("Security: " + " / ".join(m.title() for m in ref.markings))
    text: list[str] = []
    for i in range(len(ref.paragraphs)):
        text += wrap(ref.paragraph(i, lambda k: f"^{k}"), width=72) + [""]
    if ref.notes:
        text += ["Endnotes", ""] + [line for k, note in enumerate(ref.notes, 1)
                                    for line in wrap(f"{k}) {note}", width=72, indent="   ")]
    total = max(1, -(-len(text) // 45))
    lines = head + [""] + paginate(text, 45, header=lambda n: [f"Page {n} of {total}", ""], footer=lambda n: [""])
    cite = [f"Cite as: {ref.volume}, Document {ref.number}."]
    if ref.source_note:
        cite.append(ref.source_note)
    return Rendered("\n".join(lines) + "\n" + "-" * 40 + "\n" + "\n".join(cite) + "\n", Expected.of(ref))


def markdown_edition(ref: Reference, rng: random.Random) -> Rendered:
    """A Markdown edition (``.md``): "# title", bold "**Date:**" fields, ``[^1]`` footnotes; a document without
    markings says "**Classification:** none"."""
    fields = [f"**Date:** {date_text(ref, '{d} {month} {y}', span='{a} – {b}')}  " if ref.date else None,
              f"**Place:** {ref.place}  " if ref.place else None,
              "**Classification:** " + (", ".join(m.capitalize() for m in ref.markings) or "none") + "  ",
              f"**Source:** {ref.source_note.removeprefix('Source: ')}" if ref.source_note else None]
    body = [ref.paragraph(i, lambda k: f"[^{k}]") for i in range(len(ref.paragraphs))]
    notes = [f"[^{k}]: {text}" for k, text in enumerate(ref.notes, 1)] or None
    return Rendered(join([f"# {ref.title}", [f for f in fields if f], "---", *body, notes]), Expected.of(ref),
                    suffix=".md")


def marc(ref: Reference, rng: random.Random) -> Rendered:
    """A library catalogue's MARC view above the text: 245 title, 260 place and date ("27 Oct. 1962"), 355
    security classification ($a level, $b handling), 500 source note; "(n. 1)" markers, notes as "n. 1"."""
    levels, precedence, handling = split_markings(ref.markings)
    record = [f"001    {ref.doc_id}", f"245 10 $a {ref.title}."]
    day = date_text(ref, "{d} {mon}. {y}", span="{a}-{b}")
    if ref.place or day:
        record.append("260 ## " + " ".join(x for x in (f"$a {ref.place}," if ref.place else "",
                                                       f"$c {day}." if day else "") if x))
    if ref.markings:
        record.append("355 0# " + " ".join([f"$a {m.title()}" for m in levels]
                                           + [f"$b {m.title()}" for m in precedence + handling]))
    if ref.source_note:
        record.append(f"500 ## $a {ref.source_note}")
    record.append(f"773 0# $t {ref.volume} $g Document {ref.number}")
    body = [ref.paragraph(i, lambda k: f" (n. {k})") for i in range(len(ref.paragraphs))]
    notes = ["NOTES", *(f"n. {k}  {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([record, "FULL TEXT", *body, notes]), Expected.of(ref))


def email_forward(ref: Reference, rng: random.Random) -> Rendered:
    """A cable forwarded by e-mail: the e-mail's own headers (its 2011 date is not the document's), then the
    cable with SUBJECT (the title), FM/TO, "DATE: 27 OCT 62", a capitals body and "BT"; no notes, no place."""
    levels, precedence, handling = split_markings(ref.markings)
    mail = ["From: Reading Room <reading.room@example.org>", "Sent: Tuesday, March 15, 2011 10:42 AM",
            "To: researcher@example.org", "Subject: FW: cable text as requested"]
    cable = ["-----Original Message-----", f"SUBJECT: {ref.title.upper()}"]
    if levels or handling:
        cable.append(" ".join(levels + handling))
    if precedence:
        cable.append("PRECEDENCE: " + " ".join(precedence))
    who = parties(ref.title)
    if who:
        cable += [f"FM {who[1].upper()}", f"TO {who[2].upper()}"]
    day = date_text(ref, "{d} {mon} {yy}", span="{a} - {b}", supplied="{}")
    if day:
        cable.append(f"DATE: {day.upper()}")
    body = [wrap(p.upper(), width=69) for p in ref.paragraphs]
    return Rendered(join([mail, "Here is the text you asked for.", cable, *body, "BT"]),
                    Expected.of(ref, footnotes=0, place=""))


def nara_form(ref: Reference, rng: random.Random) -> Rendered:
    """A NARA identification form as the JFK release puts before each record: AGENCY/RECORD NUMBER, FROM/TO,
    TITLE in capitals, "DATE: 10/27/1962", CLASSIFICATION, a "DocId" page footer, then the text with "*1"
    markers and the notes under FOOTNOTES; the form has no place."""
    who = parties(ref.title)
    form = [f"{ref.doc_id.upper()}, [RELEASED UNDER THE FOREIGN RELATIONS SERIES]", "Identification Form", "",
            "Agency Information", "", "AGENCY: STATE", f"RECORD NUMBER: FRUS-1961-63V06-{ref.doc_id.upper()}", "",
            "Document Information", ""]
    if who:
        form += [f"FROM: {who[1].upper()}", f"TO: {who[2].upper()}"]
    form.append(f"TITLE: {ref.title.upper()}")
    day = date_text(ref, "{mm}/{dd}/{y}", span="{a} - {b}", supplied="{}")
    form.append(f"DATE: {day}" if day else "DATE:")
    form += ["DOCUMENT TYPE: PAPER, TEXTUAL DOCUMENT",
             "CLASSIFICATION: " + ", ".join(m.title() for m in ref.markings),
             f"COMMENTS: DOCUMENT {ref.number}", "", f"DocId:{ref.doc_id} Page 1"]
    body = [ref.paragraph(i, lambda k: f"*{k}") for i in range(len(ref.paragraphs))]
    notes = ["FOOTNOTES", *(f"*{k} {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([form, *body, notes]), Expected.of(ref, place=""))


LAYOUTS = [
    Layout("finding_aid", "finding-aid item record", finding_aid),
    Layout("paged_transcript", "typed transcript with page furniture and a citation block", paged_transcript),
    Layout("markdown_edition", "Markdown edition with bold fields and [^1] notes", markdown_edition),
    Layout("marc", "library catalogue MARC view above the text", marc),
    Layout("email_forward", "cable forwarded by e-mail; no notes, no place", email_forward),
    Layout("nara_form", "NARA identification form above the text; no place", nara_form),
]
