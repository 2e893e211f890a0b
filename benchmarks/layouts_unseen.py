"""Unseen layouts: eight more archives' ways of presenting a primary source as text, written apart from the parser.

Each layout imitates one real presentation that a historian copies into a folder: a web archive's item page,
a reading room's OCR text layer, a database record, a catalogue entry with its transcription, a notes file, a
briefing book's document entry, a microfilm edition's calendar. They were written without reading the parser or
the other layout sets, from the real formats, and are scored with ``--set unseen``; whoever tunes the parser does
not read this file. Each layout's Expected states what its text lets a reader know (see ``layouts_kit``).
"""

from __future__ import annotations

import random
import re

from layouts_kit import (
    Expected,
    Layout,
    Rendered,
    centre,
    date_text,
    join,
    ocr_noise,
    parties,
    right,
    split_markings,
    superscript,
    symbol,
    typed,
    wrap,
    wrap_hyphenated,
)
from layouts_reference import MARKINGS, Reference

_MARKING_WORDS = re.compile(r"\b(" + "|".join(re.escape(s) for v in MARKINGS.values() for s in v) + r")\b", re.I)

# -- shared pieces ------------------------------------------------------------------------------------------


def _source_location(ref: Reference) -> str:
    """The first sentence of the source note (where the document is kept), if it names no marking: the citation
    an archive or a briefing book gives without the edition's classification sentence."""
    text = re.sub(r"^Source:\s*", "", ref.source_note)
    first = re.split(r"(?<=[a-z0-9]\.)\s+(?=[A-Z])", text, maxsplit=1)[0].strip()
    return "" if not first or _MARKING_WORDS.search(first) else first.rstrip(".")


def _body(ref: Reference, marker=None) -> list[str]:
    return [ref.paragraph(i, marker) for i in range(len(ref.paragraphs))]


def _wilson_case(title: str) -> str:
    """Titles as the Wilson Center's catalogue writes them: "Letter from Chairman Khrushchev to President Kennedy"."""
    return re.sub(r"\b(From|To|By|Of|The|And|In|At|On|For)\b(?!$)",
                  lambda m: m.group(0).lower() if m.start() else m.group(0), title)


def _markings_said(markings, style: str, sep: str) -> str:
    return sep.join(typed(m, style) for m in markings)


# -- 1. Wilson Center Digital Archive item page ---------------------------------------------------------------


def render_wilson(ref: Reference, rng: random.Random) -> Rendered:
    """An item page of the Wilson Center's Digital Archive, selected in a browser and pasted into a text file:
    site navigation, the date above the title, the citation, the translation, "[1]" notes, then the
    "Document Information" block. The page gives no classification and no place; its upload date is not the
    document's date."""
    record = 110000 + int(ref.number) * 37 + rng.randrange(30)
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}", supplied="{}")
    title = _wilson_case(ref.title)
    where = _source_location(ref)
    citation = (f'"{title}," {day + ", " if day else ""}History and Public Policy Program Digital Archive'
                f'{", " + where if where else ""}. https://digitalarchive.wilsoncenter.org/document/{record}')
    notes = [f"[{k}] {text}" for k, text in enumerate(ref.notes, 1)]
    uploaded = f"{rng.randrange(2011, 2020)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    text = join([
        ["Skip to main content", "Wilson Center", "Digital Archive", "International History Declassified",
         "Search", "Browse", "Collections"],
        day,
        title,
        ["Cite", "Download", "Share"],
        ["Citation", citation],
        *_body(ref, marker=lambda k: f"[{k}]"),
        notes,
        ["Document Information", "Source", where or "Foreign Relations of the United States",
         "Original Archive", "U.S. Department of State", "Rights",
         "The History and Public Policy Program welcomes reuse of Digital Archive materials for research and "
         "educational purposes.", "Original Uploaded Date", uploaded, "Type", "Letter" if "Letter" in title else
         "Document", "Language", "English", "Record ID", str(record)],
        ["Wilson Center", "Ronald Reagan Building and International Trade Center", "One Woodrow Wilson Plaza",
         "1300 Pennsylvania Avenue NW", "Washington, DC 20004-3027"],
    ])
    return Rendered(text, Expected.of(ref, classification=frozenset(), place="", optional_markings=frozenset()))


# -- 2. Avalon Project page -------------------------------------------------------------------------------------


def render_avalon(ref: Reference, rng: random.Random) -> Rendered:
    """A page of Yale's Avalon Project copied as text: the site's menu, the collection heading over the title,
    the dateline as printed ("Moscow, October 31, 1962, 2 p.m."), "(1)" markers, notes listed as "1 Document
    115. Back" with no heading, the source note with its classification sentence last, then the page links."""
    dateline = None
    if ref.date_printed or ref.place:
        dateline = ", ".join(p for p in (ref.place, ref.date_printed) if p)
        dateline += "" if dateline.endswith(".") else "."
    notes = [f"{k} {text} Back" for k, text in enumerate(ref.notes, 1)]
    text = join([
        ["Avalon Home", "Document Collections", "Ancient 4000bce - 399", "Medieval 400 - 1399",
         "15th Century", "16th Century", "17th Century", "18th Century", "19th Century", "20th Century",
         "21st Century", "Avalon Statement of Purpose", "Search Avalon", "Contact Us", "Yale Law Library",
         "University Library", "Yale Law School", "Search Orbis", "Search Morris"],
        ["Kennedy-Khrushchev Exchanges", ref.title],
        dateline,
        *_body(ref, marker=lambda k: f"({k})"),
        notes,
        ref.source_note,
        ["Previous Document", "Contents", "Next Document"],
        ["Avalon Home", "Document Collections", "Ancient 4000bce - 399", "Medieval 400 - 1399",
         "15th Century", "16th Century", "17th Century", "18th Century", "19th Century", "20th Century",
         "21st Century"],
        ["© 2008 Lillian Goldman Law Library", "127 Wall Street, New Haven, CT 06511."],
    ])
    # "Moscow, undated.": the page gives no date; the span the editors inferred is not printed
    changes = {"date": None} if ref.date and ref.date.supplied else {}
    return Rendered(text, Expected.of(ref, **changes))


# -- 3. CIA CREST reading room: catalogue fields and the OCR text layer --------------------------------------------

_CREST_LEVEL = {"TOP SECRET": "T", "SECRET": "S", "CONFIDENTIAL": "C", "UNCLASSIFIED": "U"}


def render_crest(ref: Reference, rng: random.Random) -> Rendered:
    """A document page of the CIA's CREST reading room saved as text: the title in capitals, the catalogue fields
    with their values on the next line (Original Classification as a letter, the creation and release dates of
    the scan), then "Body:", the OCR text layer: every page framed by the release banner and the stamped
    markings (top and bottom), the date typed "27 October 1962", paragraphs hard-wrapped with hyphens and
    marked only by their indent, letters misread. No place, no notes."""
    levels, precedence, handling = split_markings(ref.markings)
    rdp = f"CIA-RDP80B01676R{rng.randrange(10**9):09d}{int(ref.number):03d}-{rng.randrange(10)}"
    released = f"{rng.randrange(1999, 2009)}/{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}"
    banner = f"Approved For Release {released} : {rdp}"
    style = rng.choice(("caps", "spaced"))
    stamp = [centre(typed(m, style)) for m in levels + handling]
    code = _CREST_LEVEL.get(levels[0], "") if levels else ""
    day = date_text(ref, "{d} {month} {y}")
    lines: list[str] = []
    lines += [" " * 40 + p for p in precedence]
    if day and not ref.date.supplied:
        lines += [right(day), ""]
    for paragraph in _body(ref):
        wrapped = wrap_hyphenated(ocr_noise(paragraph, rng, rate=0.004), 60, rng)
        lines += ["     " + wrapped[0]] + wrapped[1:]
    pages = [lines[i:i + 46] for i in range(0, len(lines), 46)] or [[]]
    body: list[str] = []
    for number, page in enumerate(pages, 1):
        body += [banner] + stamp + page + ([centre(f"- {number} -")] if len(pages) > 1 else []) + stamp + [banner]
    fields = [
        ("Document Type:", ""), ("Collection:", ""), ("Document Number (FOIA) /ESDN (CREST):", rdp),
        ("Release Decision:", "RIPPUB"), ("Original Classification:", code),
        ("Document Page Count:", str(len(pages))),
        ("Document Creation Date:", f"December {rng.randrange(9, 23)}, 2016"),
        ("Document Release Date:", f"{rng.choice(('January', 'July', 'October'))} {rng.randrange(1, 29)}, "
                                   f"{released[:4]}"),
        ("Sequence Number:", str(int(ref.number))), ("Case Number:", ""),
        ("Publication Date:", date_text(ref, "{month} {d}, {y}") if ref.date and not ref.date.supplied else ""),
        ("Content Type:", "LETTER" if "Letter" in ref.title else "MF"),
    ]
    head = [ref.title.upper().replace("’", "'"), ""]
    for label, value in fields:
        head += [label, value] if value else [label]
    head += ["File:", "Attachment\tSize", f"PDF icon {rdp}.pdf\t{rng.randrange(80, 990)}.{rng.randrange(10, 99)} KB",
             "Body:"]
    text = "\n".join(head + body) + "\n"
    # the date stands in the text only when the document bears one (the editors' inferred dates are not typed)
    changes = {"date": None} if ref.date and ref.date.supplied else {}
    return Rendered(text, Expected.of(ref, place="", footnotes=0, optional_markings=frozenset(), **changes), stem=rdp)


# -- 4. NARA Access to Archival Databases: a telegram record -----------------------------------------------------


def render_aad(ref: Reference, rng: random.Random) -> Rendered:
    """A record of NARA's Access to Archival Databases (State Department central files, electronic telegrams)
    printed as "Label: value" lines in the database's alphabetical order: the subject in capitals, the draft
    date "27 OCT 1962" among review and disposition dates, the original classification and handling
    restrictions as fields, the precedence in the message header, and the message text in capitals. From and To
    name offices, not a place; telegrams carry no notes."""
    levels, precedence, handling = split_markings(ref.markings)
    who = parties(ref.title)
    sender, recipient = (who[1].upper(), who[2].upper()) if who else ("n/a", "n/a")
    number = f"{ref.date.start[:4] if ref.date else '1962'}STATE{int(ref.number) * 97 + rng.randrange(90):06d}"
    draft = date_text(ref, "{dd} {mon} {y}", span="{a}", supplied="{}") if ref.date and not ref.date.supplied else ""
    review = f"{rng.randrange(1, 29):02d} {rng.choice(('JAN', 'MAR', 'JUN', 'AUG', 'NOV'))} {rng.randrange(1998, 2008)}"
    fields = [
        ("Archive Status", "Electronic Telegrams"),
        ("Channel", "n/a"),
        ("Concepts", "n/a"),
        ("Disposition Date", "01 JAN 1960"),
        ("Document Number", number),
        ("Draft Date", draft.upper()),
        ("Executive Order", "N/A"),
        ("Film Number", f"D{number[2:4]}0{rng.randrange(100, 999)}-{rng.randrange(1000):04d}"),
        ("Format", "TEL"),
        ("From", sender),
        ("Handling Restrictions", "n/a"),
        ("Line Count", str(sum(len(wrap(p, 69)) for p in ref.paragraphs))),
        ("Locator", "TEXT ON-LINE, ON MICROFILM"),
        ("Markings", f"Declassified/Released US Department of State EO Systematic Review {review}"),
        ("Original Classification", levels[0] if levels else "n/a"),
        ("Original Handling Restrictions", ", ".join(handling) if handling else "n/a"),
        ("Page Count", str(1 + len(ref.paragraphs) // 8)),
        ("Review Action", "RELEASED, APPROVED"),
        ("Review Date", review),
        ("Subject", ref.title.upper().replace("’", "'")),
        ("TAGS", rng.choice(("PFOR, UR, US", "PREL, UR, US", "PFOR, US, UR, CU"))),
        ("To", recipient),
        ("Type", "TE"),
    ]
    message = [" ".join(p for p in (levels[0] if levels else "", "PAGE 01") if p), "", *precedence]
    message += ["", f"FM {sender}", f"TO {recipient}"]
    text = join([
        ["Access to Archival Databases (AAD)", "Central Foreign Policy Files, created, 7/1/1973 - 12/31/1979, "
         "documenting the period ca. 1973 - 12/31/1979", "Record Display"],
        [f"{label}: {value}" for label, value in fields],
        "Message Text:",
        message,
        *["\n".join(wrap(p.upper(), 69)) for p in ref.paragraphs],
        "NNN",
    ])
    changes = {"date": None} if not draft else {}
    return Rendered(text, Expected.of(ref, place="", footnotes=0, optional_markings=frozenset(), **changes),
                    stem=number)


# -- 5. The National Archives (Kew) catalogue record and a researcher's transcription -----------------------------


def render_tna(ref: Reference, rng: random.Random) -> Rendered:
    """A record of The National Archives' catalogue as its page reads when copied (each label followed by the
    page's own explanation in brackets, then the value: "Date / (When the record was created) / 27 Oct 1962"),
    with the record opening date, then a researcher's transcription: the markings in square brackets as found,
    the dateline "Moscow, 27 October 1962", notes marked "[a]" and listed under "Transcriber's notes"."""
    piece = f"FO 371/{162300 + int(ref.number) * 3 + rng.randrange(3)}"
    when = date_text(ref, "{d} {mon} {y}", span="{a} - {b}", supplied="{}")
    letters = "abcdefghijklmnopqrstuvwxyz"
    note_mark = lambda k: letters[(k - 1) % 26] * ((k - 1) // 26 + 1)  # noqa: E731
    group = [("Reference", "(The unique identifier to the record described, used to order and refer to it)", piece),
             ("Title", "(The name of the record)", ref.title)]
    if when:
        group.append(("Date", "(When the record was created)", when))
    group += [("Description", "(What the record is about)",
               "Copy as received in the Foreign Office from the United States Embassy, with minutes."),
              ("Held by", "(Who holds the record)", "The National Archives, Kew"),
              ("Legal status", "(Whether the record is a public record)", "Public Record(s)"),
              ("Closure status", "(Whether the record is open to the public)", "Open Document, Open Description"),
              ("Record opening date", "(When the record was made available to the public)",
               f"01 January {int(ref.date.start[:4]) + 31 if ref.date else 1993}")]
    head = []
    for label, why, value in group:
        head += [f"- {label}", f"- {why}", f"- {value}"]
    marked = f"[Marked: {_markings_said(ref.markings, 'title', '. ')}.]" if ref.markings else None
    dateline = ", ".join(p for p in (ref.place, date_text(ref, "{d} {month} {y}", supplied="[{}]")
                                     if ref.date and not ref.date.supplied else "") if p) or None
    notes = (["Transcriber's notes"] + [f"[{note_mark(k)}] {text}" for k, text in enumerate(ref.notes, 1)]
             if ref.notes else None)
    text = join([
        ["Skip to main content", "The National Archives", "Search the catalogue", "Catalogue description"],
        ref.title,
        head,
        ["Transcription", "Transcribed from the photocopy in the file; spelling as in the original."],
        marked,
        dateline,
        *_body(ref, marker=lambda k: f"[{note_mark(k)}]"),
        notes,
        "Crown copyright. Transcription reproduced under the Open Government Licence v3.0.",
    ])
    return Rendered(text, Expected.of(ref, optional_markings=frozenset()))


# -- 6. A historian's Obsidian note ------------------------------------------------------------------------------


def render_obsidian(ref: Reference, rng: random.Random) -> Rendered:
    """A Markdown note in a historian's Obsidian vault, named as such vaults name them: YAML properties
    (``doc-date``, ``origin``, ``marking`` as a list, ``created`` for the note itself, the source note as
    ``source``), a heading, the dateline as an info callout, the text as plain paragraphs, notes as Markdown
    footnotes ``[^1]`` defined at the end."""
    iso = ref.date.start if ref.date and ref.date.start == ref.date.end else ""
    props = ["---", f"title: \"{ref.title}\"",
             f"aliases: [\"FRUS 1961-63 VI, {ref.number}\"]",
             f"created: 20{rng.randrange(21, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T"
             f"{rng.randrange(8, 23):02d}:{rng.randrange(60):02d}"]
    if ref.date:
        props.append(f"doc-date: {ref.date.iso}")
    if ref.place:
        props.append(f"origin: {ref.place}")
    if ref.markings:
        props += ["marking:"] + [f"  - {typed(m, 'title')}" for m in ref.markings]
    if ref.source_note:
        props.append("source: \"" + re.sub(r"^Source:\s*", "", ref.source_note).replace('"', "'") + "\"")
    props += ["tags:", "  - frus", "  - kennedy-khrushchev", "---"]
    callout = None
    if ref.place or iso:
        shown = ", ".join(p for p in (ref.place, date_text(ref, "{month} {d}, {y}") if iso else "") if p)
        callout = f"> [!info] {shown}"
    notes = [f"[^{k}]: {text}" for k, text in enumerate(ref.notes, 1)]
    text = "\n".join(props) + "\n" + join([
        f"# {ref.title}",
        callout,
        *_body(ref, marker=lambda k: f"[^{k}]"),
        notes,
    ])
    stem = f"{ref.date.start if ref.date else 'nd'} {int(ref.number):03d} {ref.title.replace('’', '')}"
    return Rendered(text, Expected.of(ref), suffix=".md", stem=stem)


# -- 7. National Security Archive briefing book: a document's entry and its transcript --------------------------------


def render_nsarchive(ref: Reference, rng: random.Random) -> Rendered:
    """A document of a National Security Archive Electronic Briefing Book as saved from the page: the book's
    masthead with its posting date, "Document 12", then one line that is the title, the date ("27 October
    1962") and the classification ("Secret/Eyes Only") run together, "Source:", the transcript, and notes
    with superscript markers listed under a rule. No place."""
    levels, precedence, handling = split_markings(ref.markings)
    day = date_text(ref, "{d} {month} {y}")
    marks = "/".join(typed(m, "title") for m in levels + handling + precedence)
    entry = ", ".join(p for p in (ref.title, day, marks) if p)
    book = 390 + rng.randrange(120)
    notes = (["______________"] + [f"{superscript(k)} {text}" for k, text in enumerate(ref.notes, 1)]
             if ref.notes else None)
    text = join([
        ["THE NATIONAL SECURITY ARCHIVE", "home | about | documents | news | postings | FOIA | research | search"],
        [f"National Security Archive Electronic Briefing Book No. {book}",
         f"Posted - {rng.choice(('October', 'November', 'June'))} {rng.randrange(1, 29)}, {rng.randrange(2002, 2013)}",
         "Compiled by the staff of the National Security Archive"],
        [f"Document {int(ref.number):02d}", entry,
         f"Source: Foreign Relations of the United States, 1961-1963, Volume VI, Document {ref.number}"],
        *_body(ref, marker=superscript),
        notes,
        "home | about | documents | news | postings | FOIA | research | internships | search | donate | mailing list",
    ])
    return Rendered(text, Expected.of(ref, place="", optional_markings=frozenset()))


# -- 8. A microfilm edition's reel guide entry with the transcription of its frames --------------------------------


def render_microfilm(ref: Reference, rng: random.Random) -> Rendered:
    """A document of a commercial microfilm edition (a UPA-style collection of State Department files) as a
    researcher keeps it: the reel's heading, the guide's calendar entry (frame number, the subject, the date
    as "10/27/62", the classification, the page count), then the text frame by frame with "[Frame 0346]"
    markers between paragraphs, notes marked "*", "†"... and set at the foot. No place."""
    reel = 1 + int(ref.number) // 12
    frame = 100 + (int(ref.number) % 12) * 61 + rng.randrange(40)
    day = date_text(ref, "{m}/{d}/{yy}", span="{a}-{b}", supplied="[{}]") or "n.d."
    marks = ". ".join(typed(m, "title") for m in ref.markings)
    pages = 1 + len(ref.paragraphs) // 5
    entry = (f"{frame:04d}  {ref.title}. {day}{'' if day.endswith('.') else '.'} {marks + '. ' if marks else ''}"
             f"{pages} {'p.' if pages == 1 else 'pp.'}")
    body: list[str] = []
    for i, paragraph in enumerate(_body(ref, marker=symbol)):
        if i and i % 5 == 0:
            body.append(f"[Frame {frame + i // 5:04d}]")
        body.append("\n".join(wrap(paragraph, 72)))
    notes = ["\n".join(wrap(f"{symbol(k)} {text}", 72)) for k, text in enumerate(ref.notes, 1)]
    text = join([
        ["CONFIDENTIAL U.S. STATE DEPARTMENT CENTRAL FILES", "THE SOVIET UNION, 1960-JANUARY 1963",
         "EXCHANGES OF MESSAGES", f"Reel {reel}"],
        ["Frame No.", entry],
        f"[Frame {frame:04d}]",
        *body,
        ["-" * 20] + notes if notes else None,
        f"[End of document. Reel {reel}]",
    ])
    return Rendered(text, Expected.of(ref, place="", optional_markings=frozenset()),
                    stem=f"reel{reel:02d}_frame{frame:04d}")


LAYOUTS = [
    Layout("wilson-item-page", "Wilson Center Digital Archive item page pasted as text: date above the title, "
           "citation, [n] notes, Document Information block with an upload date; no classification, no place",
           render_wilson),
    Layout("avalon-page", "Yale Avalon Project page as text: site menu, collection heading, printed dateline, (n) "
           "markers, notes listed as \"n text Back\", source note with its classification sentence last",
           render_avalon),
    Layout("crest-text-layer", "CIA CREST reading-room page: capitals title, catalogue fields with values on the "
           "next line, OCR body with release banners and page stamps, military date, indented paragraphs; no "
           "notes, no place", render_crest),
    Layout("aad-telegram-record", "NARA AAD electronic telegram record: alphabetical Label: value fields (Draft "
           "Date 27 OCT 1962 among review dates, Original Classification), message text in capitals; no notes, "
           "no place", render_aad),
    Layout("tna-catalogue-transcription", "The National Archives (Kew) catalogue record with its bracketed field "
           "explanations, then a transcription: [Marked: ...], dateline, [a] notes under Transcriber's notes",
           render_tna),
    Layout("obsidian-note", "Obsidian vault note (.md): YAML properties (doc-date, origin, marking list, note "
           "created date, source), heading, info callout dateline, [^n] Markdown footnotes", render_obsidian),
    Layout("nsarchive-ebb-document", "National Security Archive briefing book entry: title, date and "
           "classification on one line, FRUS source line, transcript, superscript notes under a rule; no place",
           render_nsarchive),
    Layout("microfilm-reel-guide", "Microfilm edition reel guide: frame-numbered calendar entry (subject. "
           "10/27/62. Secret. 3 pp.), [Frame n] markers in the text, * † notes at the foot; no place",
           render_microfilm),
]
