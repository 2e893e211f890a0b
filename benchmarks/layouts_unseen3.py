"""A third held-out layout set (``--set unseen3``): documents as eight more real sources give them as text.

Written by someone who read neither the parser nor the other sets' layouts, from real sources of kinds that no
other set uses, each layout's docstring naming what it imitates. Whoever tunes the parser does not read this file
nor the failures of ``--set unseen3``: it is a measure of layouts no rule was written for.

What a real source leaves out is expected empty: a reading-room clip has no note list, a hobbyist's page no marking.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta

from layouts_kit import (
    Expected,
    Layout,
    Rendered,
    date_text,
    format_day,
    ocr_noise,
    parties,
    right,
    split_markings,
    superscript,
    time_of_day,
    typed,
    wrap,
    wrap_hyphenated,
)
from layouts_reference import Reference


def _sentence(markings) -> str:
    """The markings as an edition's classification sentence: "Secret; Eyes Only; Niact"."""
    return "; ".join(typed(m, "title") for m in markings)


def _dateline(ref: Reference, fmt: str, *, undated: str = "undated", span: str = "between {a} and {b}",
              supplied: str = "[{}]", hour: bool = True) -> str:
    """"Moscow, October 23, 1962, 5 p.m." as the source prints it; a supplied date in ``supplied``."""
    when = date_text(ref, fmt, span=span, supplied=supplied) if ref.date else ""
    if ref.date and ref.date.supplied and not supplied:
        when = undated
    if hour and (t := time_of_day(ref)):
        when = f"{when}, {t}"
    return ", ".join(p for p in (ref.place, when) if p)


def _paragraphs(ref: Reference, marker=None) -> list[str]:
    return [ref.paragraph(i, marker) for i in range(len(ref.paragraphs))]


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# ---------------------------------------------------------------- 1. Internet Archive full text of a reprint


RUNNING_VERSO = "Foreign Relations, 1961-1963, Volume VI"
RUNNING_RECTO = "Kennedy-Khrushchev Exchanges"


def ia_djvu_reprint(ref: Reference, rng: random.Random) -> Rendered:
    """The Internet Archive's "FULL TEXT" (``_djvu.txt``) of a scanned printed book of the correspondence (as the
    2001 reprint of this volume, "The Kennedy-Khrushchev Letters", is on archive.org): every OCR line ends with a
    space, the page's parts are set apart by two blank lines, long headings wrap, a running head with the page
    number heads each page (the volume's title on the left-hand page, the chapter's on the right), words are
    hyphenated at line ends and now and then misread, the superscripts are read as plain digits glued to the word
    (now and then as ``'`` or ``^``), and the notes stand at the foot of each page, the source note first (note 1,
    on the heading). The editors' supplied dates are printed "undated", as the book prints them: no date is
    stated then."""

    def mark(k: int) -> str:  # each superscript read on its own
        return str(k) if rng.random() < 0.85 else rng.choice(("'", "^"))

    offset = 1 if ref.source_note else 0
    heading = f"{ref.number}. {ref.title}" + (mark(1) if ref.source_note else "")
    date_line = ""
    expected = Expected.of(ref)
    if ref.date is not None:
        date_line = _dateline(ref, "{month} {d}, {y}", supplied="")
        if ref.date.supplied:
            expected = Expected.of(ref, date=None)
    # the book's lines: the heading and dateline, then each paragraph hyphenated at the page's width
    lines: list[tuple[str, list[str]]] = [(line, []) for line in wrap(heading, 62, indent="    ")] + [("", [])]
    if date_line:
        lines += [(right(date_line.rstrip(".") + ".", 62), []), ("", [])]
    notes = list(ref.notes)
    note_of_paragraph: dict[int, list[int]] = {}
    for k, (p, _) in enumerate(ref.anchors, 1):
        note_of_paragraph.setdefault(p, []).append(k)
    for i, text in enumerate(_paragraphs(ref, lambda k: mark(k + offset))):
        wrapped = wrap_hyphenated(ocr_noise(text, rng, 0.004), 62, rng, rate=0.6)
        wrapped[0] = "    " + wrapped[0]
        for j, line in enumerate(wrapped):
            lines.append((line, [k + offset for k in note_of_paragraph.get(i, [])] if j == 0 else []))
        lines.append(("", []))
    all_notes = ([ref.source_note] if ref.source_note else []) + notes
    first_page = 200 + 2 * int(ref.number or 0)
    out: list[str] = []
    per_page = 38
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    for n, page in enumerate(pages):
        number = first_page + n
        head = f"{number} {RUNNING_VERSO}" if number % 2 == 0 else f"{RUNNING_RECTO} {number}"
        out += [head, "", ""]
        body = [text for text, _ in page]
        out += body
        feet = sorted({k for _, ks in page for k in ks} | ({1} if n == 0 and ref.source_note else set()))
        if feet:
            out += ["", ""]
            for k in feet:
                note = all_notes[k - 1]
                out += wrap_hyphenated(f"{mark(k)} {note}", 66, rng, rate=0.3)
        out += ["", "", ""]
    text = "\n".join(f"{line} " if line.strip() else "" for line in out).rstrip() + " \n"
    return Rendered(text, expected)


# ---------------------------------------------------------------- 2. Google Docs, downloaded as plain text

COMMENTS = ("Reading uncertain in the copy; check against the original.", "Underlined in the source text.",
            "Same wording as the Russian text? Ask A.", "Handwritten insertion in the margin.",
            "Cf. the Embassy's translation.", "Illegible in the microfilm copy.")


def gdocs_transcription(ref: Reference, rng: random.Random) -> Rendered:
    """A researcher's transcription in Google Docs, saved with File > Download > Plain text (.txt): a byte-order
    mark, CRLF line ends, one line per paragraph with a blank line where the writer pressed Enter twice, footnotes
    as ``[1]`` in the text and listed after a line of underscores, and the writer's comments as ``[a]``, ``[b]``
    anchors whose texts follow the notes (comments are not footnotes). The heading block is the researcher's own:
    the title, a line "Moscow, 23 October 1962, 5 p.m.", the markings in capitals as the copy shows them, then
    the edition's source note."""
    comments = []
    anchors: dict[int, str] = {}
    if len(ref.paragraphs) > 1:
        for index in sorted(rng.sample(range(len(ref.paragraphs)), k=min(len(ref.paragraphs) - 1, rng.randint(1, 2)))):
            letter = "abcdefgh"[len(comments)]
            anchors[index] = letter
            comments.append(f"[{letter}]{rng.choice(COMMENTS)}")
    body = []
    for i, text in enumerate(_paragraphs(ref, lambda k: f"[{k}]")):
        if i in anchors:
            words = text.split(" ")
            at = rng.randrange(len(words))
            words[at] += f"[{anchors[i]}]"
            text = " ".join(words)
        body.append(text)
    head = [ref.title]
    if ref.date is not None:
        head.append(_dateline(ref, "{d} {month} {y}"))
    elif ref.place:
        head.append(ref.place)
    blocks = ["\n".join(head)]
    if ref.markings:
        blocks.append(" - ".join(typed(m) for m in ref.markings))
    if ref.source_note:
        blocks.append(ref.source_note)
    blocks += body
    tail = []
    if ref.notes:
        tail += ["", "", "________________", ""] + [f"[{k}] {note}" for k, note in enumerate(ref.notes, 1)]
    if comments:
        tail += [""] + comments
    text = "\ufeff" + "\n\n".join(blocks) + "\n".join(tail) + "\n"
    return Rendered(_crlf(text), Expected.of(ref))


# ---------------------------------------------------------------- 3. Notion, exported as Markdown

NOTION_TAGS = ("Berlin", "Cuba", "Test ban", "Laos", "Disarmament", "Correspondence")


def notion_export(ref: Reference, rng: random.Random) -> Rendered:
    """A page of a researcher's Notion database exported with "Markdown & CSV": the file is named after the page's
    title and a 32-digit id, the title is a ``#`` heading, the database's properties follow as ``Name: value``
    lines (a date range as "December 30, 1961 → January 18, 1962", a multi-select of markings joined with
    commas, the page's own Created time, empty properties left out), then the text. Notion has no footnotes: the
    researcher typed ``[1]`` and a numbered list under a "Notes" heading."""
    created = format_day(f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                         "{month} {d}, {y}") + f" {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice('AP')}M"
    props = []
    if ref.date is not None:
        props.append("Date: " + date_text(ref, "{month} {d}, {y}", span="{a} → {b}", supplied="{}"))
    if ref.place:
        props.append(f"Place: {ref.place}")
    if ref.markings:
        props.append("Classification: " + ", ".join(typed(m, "title") for m in ref.markings))
    props.append(f"Created: {created}")
    props.append(f"FRUS no.: {ref.number}")
    props.append("Tags: " + ", ".join(sorted(rng.sample(NOTION_TAGS, 2))))
    if ref.source_note:
        props.append(f"Archive: {ref.source_note.removeprefix('Source: ')}")
    props.append(rng.choice(("Status: Transcribed", "Status: Checked", "Status: To check")))
    blocks = [f"# {ref.title}", "\n".join(props)] + _paragraphs(ref, lambda k: f"[{k}]")
    if ref.notes:
        blocks.append("## Notes")
        blocks.append("\n".join(f"{k}. {note}" for k, note in enumerate(ref.notes, 1)))
    page_id = hashlib.sha1(f"notion:{ref.doc_id}".encode()).hexdigest()[:32]
    return Rendered("\n\n".join(blocks) + "\n", Expected.of(ref), suffix=".md", stem=f"{ref.title} {page_id}")


# ---------------------------------------------------------------- 4. Zotero report

def zotero_report(ref: Reference, rng: random.Random) -> Rendered:
    """A Zotero item's report (right-click > "Generate Report from Item...") saved from the report window as
    text: the title, then one row per field, label and value parted by a tab (Item Type Manuscript, Type, Author,
    Date as the researcher typed it "23 Oct 1962", Place, Archive, Loc. in Archive, Extra with the markings, Date
    Added and Modified with the times the researcher worked), the tags, then the child note that holds the
    transcription, with ``(1)`` markers and its notes under "Footnotes:"."""
    kind = parties(ref.title)
    rows = [("Item Type", "Manuscript"), ("Type", kind[0] if kind else ref.title)]
    if kind and not kind[1].startswith("the "):
        rows.append(("Author", kind[1]))
    if ref.date is not None:
        rows.append(("Date", date_text(ref, "{d} {mon} {y}", span="{a} - {b}")))
    if ref.place:
        rows.append(("Place", ref.place))
    if ref.source_note:
        archive, _, rest = ref.source_note.removeprefix("Source: ").partition(", ")
        rows += [("Archive", archive.rstrip(".")), ("Loc. in Archive", rest.split(". ")[0].rstrip("."))]
    if ref.markings:
        rows.append(("Extra", "Classification: " + _sentence(ref.markings)))
    added = datetime(rng.randint(2016, 2023), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                     rng.randint(0, 59), rng.randint(0, 59))
    for label, when in (("Date Added", added), ("Modified", added + timedelta(minutes=rng.randint(3, 90000)))):
        hour = when.hour % 12 or 12
        noon = "AM" if when.hour < 12 else "PM"
        rows.append((label, f"{when.month}/{when.day}/{when.year}, {hour}:{when:%M:%S} {noon}"))
    lines = [ref.title, ""] + [f"{label}\t{value}" for label, value in rows]
    lines += ["", "Tags:", "", rng.choice(("Kennedy-Khrushchev", "FRUS")), rng.choice(("Cold War", "USSR")), ""]
    lines += ["Notes:", "", "Transcription", ""]
    if ref.source_note:
        lines += [ref.source_note, ""]
    for text in _paragraphs(ref, lambda k: f" ({k})"):
        lines += [text, ""]
    if ref.notes:
        lines += ["Footnotes:", ""] + [f"({k}) {note}" for k, note in enumerate(ref.notes, 1)]
    return Rendered("\n".join(lines).rstrip() + "\n", Expected.of(ref))


# ---------------------------------------------------------------- 5. Sphinx source of an edition

def sphinx_rst_source(ref: Reference, rng: random.Random) -> Rendered:
    """The reStructuredText source of an edition built with Sphinx, saved from its "Show Source" link
    (``_sources/d61.rst.txt``): a label, the numbered title underlined with ``=``, a field list (``:Date:`` in
    ISO form, ``:Place:``, ``:Classification:``, ``:Source:``), paragraphs wrapped at 79 columns, auto-numbered
    footnote references ``\\ [#]_`` and their ``.. [#]`` bodies under a ``.. rubric:: Notes``."""
    title = f"{ref.number}. {ref.title}"
    lines = [f".. _frus-{ref.doc_id}:", "", title, "=" * len(title), ""]
    fields = []
    if ref.date is not None:
        fields.append((":Date:", date_text(ref, "{y}-{mm}-{dd}", span="{a} -- {b}", supplied="{} (supplied)")))
    if ref.place:
        fields.append((":Place:", ref.place))
    if ref.markings:
        fields.append((":Classification:", _sentence(ref.markings)))
    if ref.source_note:
        fields.append((":Source:", ref.source_note.removeprefix("Source: ")))
    for name, value in fields:
        lines += wrap(value, 79, indent="   ", first=f"{name} ")
    if fields:
        lines.append("")
    for text in _paragraphs(ref, lambda k: "\\ [#]_"):
        lines += wrap(text, 79) + [""]
    if ref.notes:
        lines += [".. rubric:: Notes", ""]
        for note in ref.notes:
            lines += wrap(note, 79, indent="   ", first=".. [#] ") + [""]
    return Rendered("\n".join(lines).rstrip() + "\n", Expected.of(ref), stem=f"{ref.doc_id}.rst")


# ---------------------------------------------------------------- 6. OneNote page

def onenote_clip(ref: Reference, rng: random.Random) -> Rendered:
    """A OneNote page copied out as text: the page title, the page's creation date and time on the two lines
    beneath it (the day the researcher made the page, not the document's), then what was pasted from the
    edition's web page (the dateline, "Washington, undated." where the editors supplied the date, so that none is
    stated; the text with its superscript note numbers flattened to digits glued to the word; the notes as a
    numbered list under "Footnotes", the source note with its classification sentence first), and OneNote's own
    "Pasted from <URL>" line."""
    made = date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))
    created = f"{made.strftime('%A')}, {format_day(made.isoformat(), '{month} {d}, {y}')}"
    offset = 1 if ref.source_note else 0  # the edition's note 1 is the source note, on the heading (not pasted)
    blocks = [ref.title, f"{created}\n{rng.randint(8, 21)}:{rng.randint(0, 59):02d}"]
    expected = Expected.of(ref)
    if ref.date is not None:
        blocks.append(_dateline(ref, "{month} {d}, {y}", supplied="").rstrip(".") + ".")
        if ref.date.supplied:  # the page prints "Washington, undated."
            expected = Expected.of(ref, date=None)
    elif ref.place:
        blocks.append(ref.place)
    blocks += _paragraphs(ref, lambda k: str(k + offset))
    if ref.notes or ref.source_note:
        blocks.append("Footnotes")
        notes = ([ref.source_note] if ref.source_note else []) + list(ref.notes)
        blocks.append("\n".join(f"{k}. {note}" for k, note in enumerate(notes, 1)))
    blocks.append(f"Pasted from <https://history.state.gov/historicaldocuments/frus1961-63v06/{ref.doc_id}>")
    return Rendered("\n\n".join(blocks) + "\n", expected)


# ---------------------------------------------------------------- 7. Documents on British Policy Overseas


def dbpo_volume(ref: Reference, rng: random.Random) -> Rendered:
    """A printed page of a documents volume in the manner of Documents on British Policy Overseas, copied from the
    publisher's e-book: "No. 61" on a line of its own, the heading, the archive reference in square brackets,
    then one line with the markings as the volume types them, precedence first ("Niact. Secret"), at the left and
    the dateline with the place in capitals at the right ("MOSCOW, 23 October 1962, 5 p.m."), a supplied date in
    square brackets; the running head in capitals with the page number; superscript note numbers and the notes under
    a short rule at each page's foot. No source note: the reference in brackets takes its place (an editorial
    note has none)."""
    levels, precedence, handling = split_markings(ref.markings)
    marks = ". ".join(typed(m, "title") for m in precedence + levels + handling)
    reference = f"[{rng.choice(('NS', 'AU', 'PREM 11', 'FO 371'))} {rng.randint(1000, 4999)}/{rng.randint(1, 99)}]"
    dateline = ""
    if ref.date is not None:
        when = date_text(ref, "{d} {month} {y}")
        if t := time_of_day(ref):
            when = f"{when}, {t}"
        dateline = ", ".join(p for p in (ref.place.upper(), when) if p)
    elif ref.place:
        dateline = ref.place.upper()
    head = [f"No. {ref.number}", "", *wrap(ref.title, 60), ""]
    if ref.source_note:  # an editorial note has no file of its own
        head += [reference, ""]
    if marks or dateline:
        gap = max(3, 66 - len(marks) - len(dateline))
        head += [(marks + " " * gap + dateline).rstrip() if marks else right(dateline, 66), ""]
    body: list[tuple[str, list[int]]] = [(line, []) for line in head]
    notes_in: dict[int, list[int]] = {}
    for k, (p, _) in enumerate(ref.anchors, 1):
        notes_in.setdefault(p, []).append(k)
    for i, text in enumerate(_paragraphs(ref, superscript)):
        wrapped = wrap(text, 66, first="   ")
        body += [(line, notes_in.get(i, []) if j == 0 else []) for j, line in enumerate(wrapped)] + [("", [])]
    out: list[str] = []
    first = 100 + 3 * int(ref.number or 0)
    per_page = 42
    running = "THE KENNEDY-KHRUSHCHEV EXCHANGES"
    for n in range(0, len(body), per_page):
        page = body[n:n + per_page]
        number = first + n // per_page
        out += [f"{running}{number:>{66 - len(running)}}" if number % 2 else f"{number:<6}{running}", ""]
        out += [line for line, _ in page]
        feet = sorted({k for _, ks in page for k in ks})
        if feet:
            out += ["", "_" * 12]
            for k in feet:
                out += wrap(ref.notes[k - 1], 66, first=f"{superscript(k)} ", indent="  ")
        out += ["", ""]
    return Rendered("\n".join(out).rstrip() + "\n", Expected.of(ref))


# ---------------------------------------------------------------- 8. an enthusiast's web page


def enthusiast_page(ref: Reference, rng: random.Random) -> Rendered:
    """A page of an enthusiast's history site that posts the documents of one crisis (as historyofcuba.com does),
    copied from the browser: the site's name and its menu, the document's title as the page heading, the date on
    a line of its own ("October 25, 1962"; a supplied one in brackets), the text without the edition's notes,
    markers or markings, a "Source:" line naming the edition, then the site's links and copyright. No place and no
    marking is printed, no note either."""
    site = rng.choice(("The Kennedy-Khrushchev Letters", "The Cold War Files", "Letters of the Cold War"))
    menu = "Home | Timeline | Documents | People | Links"
    blocks = [site, menu, ref.title]
    if ref.date is not None:
        blocks.append(date_text(ref, "{month} {d}, {y}", span="{a} - {b}"))
    blocks += list(ref.paragraphs)
    blocks.append(f"Source: {ref.volume}, Document {ref.number}.")
    blocks.append(rng.choice(("<< Previous document | Documents | Next document >>",
                              "Return to the Documents page")))
    blocks.append(f"Copyright © 1998-{rng.randint(2009, 2016)} {site}. All rights reserved.")
    return Rendered("\n\n".join(blocks) + "\n",
                    Expected.of(ref, classification=frozenset(), footnotes=0, place="", optional_markings=frozenset()))



# ---------------------------------------------------------------- 9. Emacs Org file exported as plain text


AUTHORS = ("A. Novak", "J. Whitfield", "M. Ortega", "S. Lindqvist")


def org_ascii_export(ref: Reference, rng: random.Random) -> Rendered:
    """A researcher's Emacs Org file exported with Org's plain-text (UTF-8) back end: the title centred between
    rules of underscores with the author and the file's ``#+DATE`` (the day the note was written, not the
    document's) beneath it, a table of contents, numbered headings underlined with ``═`` and ``─``, the body
    indented by two spaces and wrapped at 72 columns, ``[1]`` footnote references and their texts under a
    "Footnotes" heading at the end. The researcher's first section gives the dateline, the markings ("Secret; Eyes
    Only") and the source note as paragraphs of their own."""
    width = 72
    rule = "_" * (min(width - 8, max(len(ref.title), 40)) + 2)
    written = date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28))
    top = [centre_line(rule, width), ""]
    top += [centre_line(line, width) for line in wrap(ref.title, width - 10)]
    top += ["", centre_line(rng.choice(AUTHORS), width), centre_line(rule, width), "", "",
            centre_line(written.isoformat(), width), "", ""]
    sections = ["The document", "Text"] + (["Footnotes"] if ref.notes else [])
    toc = ["Table of Contents", "─" * 17, ""] + [f"{i}. {name}" for i, name in enumerate(sections[:2], 1)]

    def heading(number: int, name: str) -> list[str]:
        text = f"{number} {name}"
        return ["", "", text, "═" * len(text), ""]

    def para(text: str) -> list[str]:
        return wrap(text, width, indent="  ") + [""]

    out = top + toc + heading(1, sections[0])
    if ref.date is not None:
        out += para(_dateline(ref, "{d} {month} {y}").rstrip(".") + ".")
    elif ref.place:
        out += para(ref.place + ".")
    if ref.markings:
        out += para(_sentence(ref.markings) + ".")
    if ref.source_note:
        out += para(ref.source_note)
    out += heading(2, sections[1])
    for text in _paragraphs(ref, lambda k: f"[{k}]"):
        out += para(text)
    if ref.notes:
        out += ["", "", "Footnotes", "─" * 9, ""]
        for k, note in enumerate(ref.notes, 1):
            out += wrap(note, width, indent="    ", first=f"[{k}] ") + [""]
    return Rendered("\n".join(out).rstrip() + "\n", Expected.of(ref))


def centre_line(text: str, width: int) -> str:
    return text.center(width).rstrip()


LAYOUTS = [
    Layout("ia_djvu_reprint", "Internet Archive full text (_djvu.txt) of a printed reprint: trailing spaces, running "
           "heads with page numbers, OCR'd superscripts, source note as note 1, notes at each page's foot",
           ia_djvu_reprint),
    Layout("gdocs_transcription", "Google Docs downloaded as plain text: BOM, CRLF, [1] notes after a rule of "
           "underscores, [a] comment anchors and comments at the end", gdocs_transcription),
    Layout("notion_export", "Notion database page exported as Markdown: file named title + id, properties as "
           "'Name: value' lines (date range with an arrow, Created time), [1] notes under '## Notes'",
           notion_export),
    Layout("zotero_report", "Zotero item report saved as text: tab-separated field rows (Date Added, Modified), "
           "tags, the transcription in a child note with (1) notes", zotero_report),
    Layout("sphinx_rst_source", "Sphinx _sources/*.rst.txt of an edition: underlined title, field list with ISO "
           "date, auto-numbered [#]_ footnotes under a rubric", sphinx_rst_source),
    Layout("onenote_clip", "OneNote page as text: title, the page's creation date and time, a pasted edition page "
           "with glued note digits, numbered Footnotes, 'Pasted from <URL>'", onenote_clip),
    Layout("dbpo_volume", "a British documents volume (DBPO manner): 'No. 61', bracketed file reference, markings "
           "and dateline on one line, place in capitals, superscript notes at each page's foot", dbpo_volume),
    Layout("enthusiast_page", "an enthusiast's history site copied from the browser: site name and menu, title, "
           "date line, text without notes or markings, a Source line, links and copyright (no place, markings, "
           "notes)", enthusiast_page),
    Layout("org_ascii_export", "Emacs Org file exported as plain text: title centred between rules with author and "
           "the note's own date, table of contents, numbered underlined headings, indented body, [1] notes under "
           "'Footnotes'", org_ascii_export),
]
