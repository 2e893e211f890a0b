"""A sixth held-out layout set (``--set unseen6``): real sources no other set imitates, written without reading
the parser.

Each layout renders one FRUS document as a user would save or paste it from a real archive, edition, database or
tool; its docstring says what it imitates. A layout whose real source leaves a field out (no classification on
a speech-archive page, no footnotes in a newspaper) marks it expected empty. ``date_forms`` gives the date forms
these layouts print beyond the harness's common ones.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from layouts_kit import (
    Expected,
    Layout,
    Rendered,
    date_fields,
    date_text,
    join,
    ocr_noise,
    split_markings,
    superscript,
    typed,
    wrap,
    wrap_hyphenated,
)
from layouts_reference import Reference

_NEWS_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def _news_day(iso: str) -> str:
    """A day as a 1960s newspaper or Keesing's prints it: "Oct. 27, 1962", "March 3, 1962", "Sept. 4, 1962"."""
    day = date.fromisoformat(iso)
    return f"{_NEWS_MONTHS[day.month - 1]} {day.day}, {day.year}"


def date_forms(day: date | str) -> tuple[str, ...]:
    """The date forms these layouts print beyond the common ones (``day`` a date or its ISO form)."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    f = date_fields(day)
    return (_news_day(day.isoformat()), f"{f['y']}/{f['mm']}/{f['dd']}")


def _printed_date(ref: Reference, fmt: str = "{month} {d}, {y}", span: str = "between {a} and {b}") -> str | None:
    """The date as the edition's dateline prints it, or, where the editors supplied it ("undated"), the span in
    brackets: a rendering never prints a bare "undated"."""
    if ref.date is None:
        return None
    if ref.date.supplied or not ref.date_printed:
        return date_text(ref, fmt, span=span)
    return ref.date_printed


def _dateline(ref: Reference) -> str:
    """"Moscow, October 27, 1962, 5 p.m." (place and date as the edition prints them), "" when there is neither."""
    return ", ".join(part for part in (ref.place, _printed_date(ref)) if part)


def _notes_free(ref: Reference) -> list[str]:
    return [ref.paragraph(i) for i in range(len(ref.paragraphs))]


def _marked(ref: Reference, marker) -> list[str]:
    return [ref.paragraph(i, marker) for i in range(len(ref.paragraphs))]


# ---------------------------------------------------------------- 1. Miller Center

def miller_center(ref: Reference, rng: random.Random) -> Rendered:
    """The Miller Center's (University of Virginia) presidential document page, copied from the browser: the
    breadcrumb of its collection, a heading "October 22, 1962: Address on ..." (date, colon, title), an "About
    this document" panel with a date and a source line, then "Transcript" and the text. The page prints no
    classification, no footnotes and no place."""
    day = _printed_date(ref, span="{a} - {b}")
    heading = f"{date_text(ref, '{month} {d}, {y}', span='{a} - {b}', supplied='{}')}: {ref.title}" if day else ref.title
    lines = ["Skip to main content", "MILLER CENTER", "", "Presidential Speeches | John F. Kennedy Presidency",
             "", heading, "", "About this document", ""]
    if day:
        lines += ["Date", date_text(ref, "{month} {d}, {y}", span="{a} - {b}", supplied="{}") or "", ""]
    lines += ["Source", ref.volume or "Foreign Relations of the United States", "", "Transcript", ""]
    body = "\n\n".join(_notes_free(ref))
    tail = ["", "Share", "Facebook  Twitter  Email", "", "Related Content", "",
            "Miller Center | University of Virginia | 2201 Old Ivy Road, Charlottesville, VA 22903"]
    text = "\n".join(lines) + body + "\n" + "\n".join(tail) + "\n"
    return Rendered(text, Expected.of(ref, classification=frozenset(), footnotes=0, place=""))


# ---------------------------------------------------------------- 2. Keesing's

def keesings(ref: Reference, rng: random.Random) -> Rendered:
    """A Keesing's Contemporary Archives chronicle entry as typed out from the bound weekly: the running head
    (the week the issue covers, the page number), a country heading in capitals, a subject heading, a sentence
    introducing the text ("The text of the letter, dated Moscow, Oct. 27, 1962, was as follows:"), then the
    quoted text, each paragraph opening with a quotation mark, two columns' width; the chronicle prints no
    footnotes and no classification."""
    page = 18900 + rng.randrange(800)
    week = ""
    if ref.date is not None:
        start = date.fromisoformat(ref.date.start)
        end = start + timedelta(days=6)
        first = f"{start.strftime('%B')} {start.day}" + (f", {start.year}" if start.year != end.year else "")
        week = f"{first}-{end.strftime('%B')} {end.day}, {end.year}"
    head = f"KEESING'S CONTEMPORARY ARCHIVES   {week}   Page {page}" if week else \
        f"KEESING'S CONTEMPORARY ARCHIVES   Page {page}"
    country = rng.choice(("U.S.A. - SOVIET UNION", "SOVIET UNION - U.S.A.", "INTERNATIONAL AFFAIRS"))
    kind = ref.title.split(" ", 1)[0].lower()
    if ref.date is not None:
        when = _news_day(ref.date.start) if ref.date.start == ref.date.end else \
            f"between {_news_day(ref.date.start)} and {_news_day(ref.date.end)}"
        where = f"{ref.place}, " if ref.place else ""
        intro = f"The text of the {kind}, dated {where}{when}, was as follows:"
    else:
        intro = "The following account was given:"
    lines = [head, "", country, "", ref.title, ""] + wrap(intro, 58) + [""]
    for para in _notes_free(ref):
        lines += wrap(f"\u201c{para}", 58, first="   ") + [""]
    lines += [f"- (Tass - U.S.I.S.)  ({page % 97})"]
    return Rendered("\n".join(lines) + "\n", Expected.of(ref, classification=frozenset(), footnotes=0))


# ---------------------------------------------------------------- 3. Outlook message saved as text

def outlook_txt(ref: Reference, rng: random.Random) -> Rendered:
    """An Outlook message saved with File > Save As > Text Only: the header fields tab-separated ("From:\\t",
    "Sent:\\t" with the day the mail was sent, "Subject:\\t FW: ..."), a colleague's covering lines, and below
    them the transcription pasted from a Word file: marking, title, dateline, text with bracketed note numbers,
    and the notes under "Notes". The mail's own date and subject are not the document's."""
    sent = date(2017 + rng.randrange(6), 1 + rng.randrange(12), 1 + rng.randrange(28))
    name = rng.choice(("Hannah Leroy", "Tomasz Wierzbicki", "Aoife Brennan", "Daniel Okafor"))
    levels, precedence, handling = split_markings(ref.markings)
    head = [f"From:\t{name} <{name.split()[0].lower()}@history.example.ac.uk>",
            f"Sent:\t{sent.strftime('%A')}, {sent.day} {sent.strftime('%B %Y')} {9 + rng.randrange(8)}:{rng.randrange(60):02d}",
            "To:\tKennedy-Khrushchev project", f"Subject:\tFW: transcription doc {ref.number or ref.doc_id}",
            f"Attachments:\tscan_{rng.randrange(1000):04d}.pdf", ""]
    cover = ["Dear all,", "", "below my transcription from the scan (attached). Notes are at the end as in "
             "the printed volume.", "", "Best wishes,", name.split()[0]]
    doc: list[str] = []
    if ref.markings:
        doc.append(" - ".join(typed(m) for m in levels + precedence + handling))
    doc.append(ref.title)
    if line := _dateline(ref):
        doc.append(line)
    paras = _marked(ref, lambda k: f"[{k}]")
    notes = ["Notes"] + [f"[{k}] {n}" for k, n in enumerate(ref.notes, 1)] if ref.notes else None
    text = join([head[:-1], cover, "-----Original Message-----", doc, *paras, notes])
    return Rendered(text, Expected.of(ref))


# ---------------------------------------------------------------- 4. State Department purport card

def _file_number(ref: Reference) -> str:
    m = re.search(r"\b\d{3}\.\d{2,4}[A-Z/\-\d.]*", ref.source_note)
    return m.group(0).rstrip(".") if m else ""


def purport_card(ref: Reference, rng: random.Random) -> Rendered:
    """A Department of State Central Decimal File purport card (the index card the Records Branch typed for each
    document, filmed for the 1960-63 files), transcribed field by field in the card's own order — file number
    top left, FROM / TO / NO. / DATED on two lines, the security marking typed in the corner, the purport (here
    the edition's title) — then the researcher's transcription of the document, notes keyed (a), (b)..."""
    levels, precedence, handling = split_markings(ref.markings)
    day = date_text(ref, "{mon} {d}, {y}", span="{a} - {b}") or "n.d."
    parts = ref.title.split(" to ", 1)
    sender = parts[0].split(" From ", 1)[-1] if " From " in parts[0] else "-"
    card = [f"{_file_number(ref) or 'Lot file':<40}{'  '.join(typed(m) for m in levels + handling)}".rstrip(),
            f"FROM   {ref.place or sender:<30} DATED  {day}",
            f"TO     {parts[1] if len(parts) > 1 else '-':<30} NO.    {rng.randrange(100, 2000)}",
            ]
    if precedence:
        card.append("PRECEDENCE  " + ", ".join(typed(m, "title") for m in precedence))
    card += ["", "PURPORT", *wrap(ref.title, 60, indent="  ")]
    letters = "abcdefghijklmnopqrstuvwxyz"

    def key(k: int) -> str:
        return f"({letters[(k - 1) % 26] * ((k - 1) // 26 + 1)})"

    paras = [wrap(p, 72) for p in _marked(ref, key)]
    notes = ["Notes:"] + [f"{key(k)} {n}" for k, n in enumerate(ref.notes, 1)] if ref.notes else None
    text = join(["[Card]", card, "[Transcription of the document]", *paras, notes])
    return Rendered(text, Expected.of(ref))


# ---------------------------------------------------------------- 5. FRUS e-book through Calibre

def calibre_txt(ref: Reference, rng: random.Random) -> Rendered:
    """One document of the FRUS e-book (history.state.gov's EPUB) converted by Calibre's ``ebook-convert book.epub
    book.txt`` and cut out of it: the numbered heading, whose superscript source-note number is now a digit glued
    to the title's last word; the dateline; every paragraph one unwrapped line; the note numbers glued to the words
    (the source note is note 1, the document's own notes 2, 3...); the notes at the end of the document as plain
    numbered lines."""
    first = 2 if ref.source_note else 1
    heading = f"{ref.number}. {ref.title}" if ref.number else ref.title
    if ref.source_note:
        heading += "1"
    blocks: list[str | list[str] | None] = [heading, _dateline(ref).rstrip(".") + "." if _dateline(ref) else None]
    blocks += _marked(ref, lambda k: str(k + first - 1))
    notes = ([f"1 {ref.source_note}"] if ref.source_note else []) + [
        f"{k + first - 1} {n}" for k, n in enumerate(ref.notes, 1)]
    blocks += notes
    return Rendered(join(blocks), Expected.of(ref))


# ---------------------------------------------------------------- 6. WhatsApp chat export

def whatsapp_export(ref: Reference, rng: random.Random) -> Rendered:
    """A WhatsApp group chat exported from an iPhone ("Export Chat", without media): "[27/10/2022, 14:03:11]
    Name: message" lines; one message holds the transcription a member pasted — its lines, blank ones included,
    follow the message's first line unprefixed — with superscript note numbers and the notes after a rule; other
    messages around it, and "<attached: ...>" lines. The chat's dates are not the document's."""
    start = date(2021 + rng.randrange(4), 1 + rng.randrange(12), 1 + rng.randrange(27))
    clock = [9 + rng.randrange(10), rng.randrange(60), rng.randrange(60)]

    def stamp() -> str:
        clock[2] += 7 + rng.randrange(50)
        clock[1] += clock[2] // 60
        clock[2] %= 60
        clock[1] %= 60
        return f"[{start.day:02d}/{start.month:02d}/{start.year}, {clock[0]:02d}:{clock[1]:02d}:{clock[2]:02d}]"

    a, b = rng.sample(("Marta", "Jonas", "Priya", "Sam K.", "Léa"), 2)
    lines = [f"{stamp()} {a}: \u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not "
             "even WhatsApp, can read or listen to them.",
             f"{stamp()} {b}: anyone have doc {ref.number or ref.doc_id} typed up?",
             f"{stamp()} {a}: \u200e<attached: 00000{rng.randrange(10, 99)}-PHOTO-{start.isoformat()}.jpg>",
             f"{stamp()} {a}: here it is, typed from the photo"]
    doc: list[str] = []
    if ref.markings:
        doc.append(", ".join(typed(m, "title") for m in ref.markings))
    doc.append(ref.title)
    if line := _dateline(ref):
        doc.append(line)
    body = join([doc, *_marked(ref, superscript),
                 "———\n" + "\n".join(f"{superscript(k)} {n}" for k, n in enumerate(ref.notes, 1)) if ref.notes
                 else None]).rstrip("\n").split("\n")
    lines.append(f"{stamp()} {a}: {body[0]}")
    lines += body[1:]
    lines.append(f"{stamp()} {b}: thanks!! 🙏")
    if ref.notes:
        lines.append(f"{stamp()} {b}: footnotes too, amazing")
    return Rendered("\n".join(lines) + "\n", Expected.of(ref))


# ---------------------------------------------------------------- 7. DEVONthink MultiMarkdown note

def devonthink_mmd(ref: Reference, rng: random.Random) -> Rendered:
    """A note in a DEVONthink database, written in MultiMarkdown and exported as a file: the MultiMarkdown metadata
    block at the top (``Key: value`` lines, no fences, ended by a blank line — Title, Author, Date in ISO form,
    Keywords, and the historian's own keys for the marking and place), then the text with MultiMarkdown footnotes
    ``[^1]`` and their definitions at the end."""
    meta = [f"Title: {ref.title}", "Author: FRUS 1961-63, vol. VI" + (f", doc. {ref.number}" if ref.number else "")]
    if ref.date is not None:
        iso = ref.date.start if ref.date.start == ref.date.end else f"{ref.date.start} to {ref.date.end}"
        meta.append(f"Date: {iso}" + (" (date supplied by the editors)" if ref.date.supplied else ""))
    meta.append("Keywords: " + ", ".join(rng.sample(("Cuba", "Berlin", "test ban", "Kennedy", "Khrushchev",
                                                     "Laos", "correspondence"), 3)))
    if ref.markings:
        meta.append("Classification: " + "; ".join(typed(m, "title") for m in ref.markings))
    if ref.place:
        meta.append(f"Place: {ref.place}")
    meta.append(f"DEVONthink-UUID: {rng.getrandbits(64):016X}")
    blocks: list = [meta, f"# {ref.title}"]
    blocks += _marked(ref, lambda k: f"[^{k}]")
    blocks += [f"[^{k}]: {n}" for k, n in enumerate(ref.notes, 1)]
    return Rendered(join(blocks), Expected.of(ref), suffix=".md")


# ---------------------------------------------------------------- 8. a newspaper page's OCR (Chronicling America)

def newspaper_ocr(ref: Reference, rng: random.Random) -> Rendered:
    """A newspaper's printing of the text as a digitized-newspaper site (Chronicling America's "ocr.txt") gives
    it: narrow column lines, words hyphenated at line ends, OCR misreadings in the text, the headline and decks
    in capitals, a "Special to" credit, the dateline opening the first paragraph ("MOSCOW, Oct. 27, 1962—"), the
    page's column furniture between stretches. No notes and no classification are printed."""
    head = [ref.title.upper(), "", rng.choice(("Text of Document Made Public", "Full Text Released Here",
                                              "Official Text Given Out")).upper(), ""]
    credit = rng.choice(("By the Associated Press.", "Special to The Evening Star.", "By United Press International."))
    lines = head + [credit, ""]
    paras = _notes_free(ref)
    if ref.date is not None or ref.place:
        when = _news_day(ref.date.start) if ref.date and ref.date.start == ref.date.end else (
            f"{_news_day(ref.date.start)}-{_news_day(ref.date.end)}" if ref.date else "")
        opener = ", ".join(p for p in (ref.place.upper(), when) if p)
        paras = [f"{opener}\u2014{paras[0]}" if paras else opener] + paras[1:]
    width = 36 + rng.randrange(6)
    for i, para in enumerate(paras):
        noisy = para if i == 0 else ocr_noise(para, rng, rate=0.006)
        lines += wrap_hyphenated(noisy, width, rng, rate=0.6) + [""]
        if i % 6 == 5:
            lines += [f"See TEXT, Page A-{rng.randrange(2, 20)}", "", "Continued From First Page", ""]
    return Rendered("\n".join(lines) + "\n", Expected.of(ref, classification=frozenset(), footnotes=0))


# ---------------------------------------------------------------- 9. a reference manager's RIS export

def ris_export(ref: Reference, rng: random.Random) -> Rendered:
    """A historian's reference-manager record (EndNote or Citavi) exported as RIS and saved as text: two-letter tags
    ("TY  - ", "TI  - ", "DA  - 1962/10/27/", "CY  - " for the place, "T2  - " the volume, "AB  - " holding the
    transcribed text, one paragraph a line, bracketed note numbers in it), the editors' source note and each
    footnote as its own "N1  - " field, "ER  - " closing the record. An undated document has a year and a note
    giving the editors' span instead of DA."""
    lines = ["TY  - GOVDOC" if ref.kind != "editorial-note" else "TY  - GEN", f"TI  - {ref.title}",
             "A2  - Office of the Historian, U.S. Department of State"]
    if ref.date is not None:
        start = date.fromisoformat(ref.date.start)
        lines.append(f"PY  - {start.year}")
        if ref.date.start == ref.date.end and not ref.date.supplied:
            lines.append(f"DA  - {start.year}/{start.month:02d}/{start.day:02d}/")
        else:
            lines.append("N1  - Undated; dated by the editors "
                         + date_text(ref, "{month} {d}, {y}", span="between {a} and {b}", supplied="{}") + ".")
    if ref.place:
        lines.append(f"CY  - {ref.place}")
    lines += [f"T2  - {ref.volume}", f"SP  - {ref.number}" if ref.number else "SP  - ", "PB  - GPO",
              "UR  - https://history.state.gov/historicaldocuments/frus1961-63v06/" + ref.doc_id]
    paras = _marked(ref, lambda k: f"[{k}]")
    lines.append(f"AB  - {paras[0] if paras else ''}")
    lines += paras[1:]
    if ref.source_note:
        lines.append(f"N1  - {ref.source_note}")
    lines += [f"N1  - [{k}] {n}" for k, n in enumerate(ref.notes, 1)]
    lines += [f"KW  - {rng.choice(('Cuba', 'Berlin', 'Kennedy-Khrushchev'))}", f"ID  - {rng.randrange(100, 9999)}",
              "ER  - ", ""]
    return Rendered("\n".join(lines) + "\n", Expected.of(ref))


LAYOUTS = [
    Layout("miller_center", "Miller Center presidential document page copied from the browser: date-colon-title "
           "heading, About panel, Transcript; no marking, notes or place", miller_center),
    Layout("keesings", "Keesing's Contemporary Archives entry: running head with the week, country heading, "
           "introducing sentence with place and date, quoted paragraphs; no notes or marking", keesings),
    Layout("outlook_txt", "Outlook message saved as Text Only (tab-separated header, Sent date not the "
           "document's) with a transcription pasted below, [1] notes under 'Notes'", outlook_txt),
    Layout("purport_card", "State Department decimal-file purport card transcribed (file no., FROM/TO/DATED, "
           "marking in the corner, PURPORT) above the document's text, notes keyed (a), (b)", purport_card),
    Layout("calibre_txt", "FRUS EPUB through Calibre ebook-convert to .txt: numbered heading with a glued note "
           "digit, unwrapped paragraphs, glued note numbers, source note as note 1", calibre_txt),
    Layout("whatsapp_export", "WhatsApp chat exported from an iPhone: [dd/mm/yyyy, hh:mm:ss] lines, one message "
           "a pasted transcription with superscript notes", whatsapp_export),
    Layout("devonthink_mmd", "DEVONthink MultiMarkdown note: Key: value metadata block (ISO Date, Classification, "
           "Place), # heading, [^n] footnotes", devonthink_mmd),
    Layout("newspaper_ocr", "Digitized newspaper OCR text (Chronicling America ocr.txt): capitals headline, "
           "narrow hyphenated columns, dateline in the first paragraph, OCR slips; no notes or marking",
           newspaper_ocr),
    Layout("ris_export", "Reference manager record exported as RIS: TI/DA/CY tags, the text in AB one paragraph "
           "a line with [n] markers, source note and footnotes as N1 fields", ris_export),
]
