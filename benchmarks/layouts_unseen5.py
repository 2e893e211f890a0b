"""A fifth held-out layout set (``--set unseen5``): real sources that no other set imitates.

Written by someone who has read neither the parser nor the other sets' layouts, from how each source presents a
document as text when a user saves or pastes it. Each layout's docstring names what it imitates and what it
leaves out; where the source has no place for a field, the rendering's Expected says so (no place: ``place=""``).

    python benchmarks/layouts.py --set unseen5 [--keep DIR]
"""

from __future__ import annotations

import random
import re

from layouts_kit import (
    Expected,
    Layout,
    Rendered,
    date_text,
    format_day,
    join,
    ocr_noise,
    parties,
    split_markings,
    superscript,
    time_of_day,
    typed,
    wrap,
    wrap_hyphenated,
)
from layouts_reference import Reference

# the date forms these layouts print beyond the harness's common ones
_MORE_FORMS = ("{m}/{d}/{y}", "{d}.{m}.{y}", "{d}th {month}, {y}", "{ord} {month}, {y}", "{d}.{mm}.{y}",
               "{mon} {d}, {y}", "{month} {ord}, {y}")


def date_forms(day: str) -> tuple[str, ...]:
    """The forms of ``day`` (ISO) that these layouts print and the harness's test does not already know."""
    return tuple(format_day(day, fmt) for fmt in _MORE_FORMS)


def _kind(ref: Reference) -> str:
    """"Telegram", "Letter"... from the title; "Editorial Note" for the editors' notes."""
    found = parties(ref.title)
    if found:
        return found[0]
    return ref.title if ref.kind == "editorial-note" else ref.title.split(" ")[0]


def _sentence(markings) -> str:
    """"Secret; Eyes Only; Niact" as an edition's classification sentence types them."""
    return "; ".join(typed(m, "title") for m in markings)


def _source_citation(ref: Reference) -> str:
    """The source note's archival citation: its first sentence, without "Source:" (no markings in it)."""
    text = re.sub(r"^Source:\s*", "", ref.source_note)
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", text, maxsplit=1)[0]
    return first.rstrip(".")


def _undated(ref: Reference) -> bool:
    return ref.date is not None and ref.date.supplied


# ---------------------------------------------------------------- Dodis


def dodis_page(ref: Reference, rng: random.Random) -> Rendered:
    """The Documents diplomatiques suisses database (dodis.ch), a document's page copied from the browser: the site's
    menu, the permalink ``dodis.ch/3xxxx`` above the title, the page's record (``Date: 23.10.1962`` in the Swiss
    day.month.year form, ``Type:``, ``Classification:`` only when the document bears one, ``Place:`` only when it
    has one, ``Archival classification:`` with the archive's reference, ``Language:``), ``Print / Cite`` links, the
    transcription with the editors' notes as bracketed numbers and their list under ``Footnotes``, then the
    recommended citation with its access date and the site's foot. A supplied date is given as Dodis gives a
    document it dated itself: ``Date: [ca. 1.1.1962]`` is not what the editors printed, so the row says ``undated``
    and nothing is expected."""
    number = 30000 + int(ref.number) * 7 + rng.randrange(7)
    lines = ["Dodis", "Home  Database  Publications  e-Dossiers  About us", "Search...", "", f"dodis.ch/{number}",
             ref.title]
    head: list[str] = []
    date_value = None
    if ref.date and not ref.date.supplied:
        date_value = date_text(ref, "{d}.{m}.{y}", span="{a}–{b}")
    head.append(f"Date: {date_value or 'undated'}")
    head.append(f"Type: {_kind(ref)}")
    if ref.markings:
        head.append(f"Classification: {_sentence(ref.markings)}")
    if ref.place:
        head.append(f"Place: {ref.place}")
    if ref.source_note:
        head.append(f"Archival classification: {_source_citation(ref)}")
    head.append("Language: English")
    body = [ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs))]
    notes = ["Footnotes"] + [f"[{k}] {note}" for k, note in enumerate(ref.notes, 1)] if ref.notes else []
    accessed = f"{rng.randrange(1, 29)}.{rng.randrange(1, 13)}.{rng.choice((2019, 2021, 2023))}"
    cite = [f"Recommended citation: {ref.title}, dodis.ch/{number}, accessed {accessed}."]
    foot = ["Diplomatic Documents of Switzerland", "Hallwylstrasse 4, CH-3003 Berne", "Newsletter  Contact  Imprint"]
    expected = Expected.of(ref, date=ref.date.iso if date_value else None,
                           classification=frozenset(ref.markings))
    return Rendered(join([lines, head, "Print   Cite   Facsimile (PDF)", *body, notes, cite, foot]), expected)


# ---------------------------------------------------------------- Excel tab-delimited text


def _cell(text: str) -> str:
    """A cell as Excel writes it in "Text (Tab delimited)": quoted, quotes doubled, when it holds a quote, a tab or
    a line break."""
    if any(c in text for c in '"\t\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def excel_tab_text(ref: Reference, rng: random.Random) -> Rendered:
    """A researcher's document database kept in a spreadsheet and saved by Excel as "Text (Tab delimited) (*.txt)":
    a header row, then the document's row; the date cell as Excel shows a date (``10/23/1962``), the markings as
    one cell ("Secret, Eyes Only, Niact"; "None" when unmarked), the full text in one quoted cell with its
    paragraphs on lines of their own (Alt+Enter), ``[1]`` markers and the notes in a cell of their own ("1. ...").
    No place column: the database keeps sender and recipient instead. Rows end in CR LF (Windows), the line
    breaks inside a cell are bare LF. A span is typed as the researcher dates an
    undated item, "c. 12/30/1961-1/18/1962"."""
    fields = {"ID": f"FRUS-VI-{int(ref.number):03d}", "Doc No": ref.number, "Title": ref.title}
    date_cell = ""
    if ref.date:
        a = format_day(ref.date.start, "{m}/{d}/{y}")
        date_cell = a if ref.date.start == ref.date.end else f"{a}-{format_day(ref.date.end, '{m}/{d}/{y}')}"
        date_cell = f"c. {date_cell}" if ref.date.supplied else date_cell
    fields["Date"] = date_cell
    who = parties(ref.title)
    fields["From"] = who[1] if who else ""
    fields["To"] = who[2] if who else ""
    fields["Classification"] = ", ".join(typed(m, "title") for m in ref.markings) or "None"
    fields["Source"] = ref.source_note
    fields["Text"] = "\n".join(ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs)))
    fields["Notes"] = "\n".join(f"{k}. {note}" for k, note in enumerate(ref.notes, 1))
    fields["Entered"] = f"{rng.randrange(1, 13)}/{rng.randrange(1, 29)}/2018"
    # Windows line ends after each row; a line break inside a cell stays a bare line feed
    text = "\t".join(fields) + "\r\n" + "\t".join(_cell(v) for v in fields.values()) + "\r\n"
    return Rendered(text, Expected.of(ref, place=""))


# ---------------------------------------------------------------- ABBYY FineReader


def abbyy_finereader(ref: Reference, rng: random.Random) -> Rendered:
    """A scanned page of the printed FRUS volume through ABBYY FineReader, saved as "Text (*.txt)" with "Keep line
    breaks" and "Insert page break character (#12) as page separator": form feeds between pages, each page's running
    head with its page number, the numbered heading in bold read as it stands (a long one over two lines), the
    dateline in italics, the source note and the footnotes at the foot of the page where they are cited, the
    superscript note numbers read as plain digits glued to the word before, hyphenated line ends, and light OCR
    damage to the running text (never to the heading)."""
    width = 66
    page_no = 200 + int(ref.number) * 3
    heads = ("Kennedy-Khrushchev Exchanges", "Foreign Relations, 1961-1963, Volume VI")
    pages: list[list[str]] = []
    page: list[str] = []
    feet: list[str] = []

    def flush():
        nonlocal page, feet
        number = page_no + len(pages)
        run = f"{number}    {heads[1]}" if number % 2 == 0 else f"{heads[0]}    {number}"
        pages.append([run, ""] + page + ([""] + feet if feet else []))
        page, feet = [], []

    # the source note is the heading's note 1 in the printed volume, the editors' notes run on from 2
    heading = wrap(f"{ref.number}. {ref.title}" + ("1" if ref.source_note else ""), width=58)
    first = 2 if ref.source_note else 1
    page += heading + [""]
    if ref.date_printed or ref.place:
        dateline = ", ".join(x for x in (ref.place, ref.date_printed) if x)
        page += [dateline, ""]
    if ref.source_note:
        feet += wrap(f"1 {ref.source_note}", width=width)
    marker = {k: str(k + first - 1) for k in range(1, len(ref.notes) + 1)}
    for i in range(len(ref.paragraphs)):
        text = ocr_noise(ref.paragraph(i, lambda k: marker[k]), rng, rate=0.003)
        lines = wrap_hyphenated(text, width, rng, rate=0.4)
        lines[0] = "    " + lines[0]
        for line in lines:  # a page ends where its lines run out, in the middle of a paragraph or not
            if len(page) + len(feet) >= 44:
                flush()
            page.append(line)
        for k, (p, _) in enumerate(ref.anchors, 1):  # a paragraph's notes at the foot of the page it ends on
            if p == i:
                feet += wrap(f"{marker[k]} {ref.notes[k - 1]}", width=width)
    if page or feet:
        flush()
    text = "\n\f".join("\n".join(p) for p in pages) + "\n"
    expected = Expected.of(ref, date=None if _undated(ref) else Expected.of(ref).date)
    return Rendered(text, expected)


# ---------------------------------------------------------------- Scrivener


def scrivener_compile(ref: Reference, rng: random.Random) -> Rendered:
    """A researcher's transcription in Scrivener, compiled to "Plain Text (.txt)": the binder's document titles as
    headings (the researcher's own "Doc 61 - Moscow to Washington, 23 Oct 62" above the document's title), the
    compile separator ``#`` between documents, the researcher's metadata as the compile's "Meta-Data" block
    (``Date:`` typed as the researcher types dates, 23 Oct 1962; ``Status:``, ``Label:``, ``Keywords:`` with the
    markings), inline annotations exported in double brackets (``[[check against microfilm]]``), footnotes as
    endnotes numbered ``[1]`` under a line of dashes. Supplied dates: the researcher writes "n.d." and no date is
    expected; no place field (the place is only in the researcher's heading when the document has one)."""
    day = None
    if ref.date and not ref.date.supplied:
        day = date_text(ref, "{d} {mon} {y}", span="{a} to {b}")
    short = format_day(ref.date.start, "{d} {mon} {yy}") if ref.date and not ref.date.supplied else "n.d."
    who = parties(ref.title)
    route = f"{_short(who[1])} to {_short(who[2])}" if who else _kind(ref)
    heading = f"Doc {ref.number} - {route}, {short}"
    meta = [f"Date: {day or 'n.d.'}", f"Status: {rng.choice(('Transcribed', 'Checked', 'To Do'))}",
            f"Label: {rng.choice(('Cuba', 'Berlin', 'Test ban', 'Laos', 'General'))}"]
    if ref.markings:
        meta.append("Keywords: " + ", ".join(typed(m, "title") for m in ref.markings))
    body = [ref.title]
    for i in range(len(ref.paragraphs)):
        text = ref.paragraph(i, lambda k: f"[{k}]")
        if i == 0 and rng.random() < 0.5:
            text += " [[check against microfilm]]"
        body.append(text)
    notes = ["-----"] + [f"[{k}] {note}" for k, note in enumerate(ref.notes, 1)] if ref.notes else []
    text = join([["#", heading], meta, *body, notes, "#"])
    expected = Expected.of(ref, date=ref.date.iso if day else None, place="",
                           classification=frozenset(ref.markings))
    return Rendered(text, expected)


_SHORT = {"Union": "USSR", "State": "State Dept", "Kingdom": "UK"}


def _short(party: str) -> str:
    """How a researcher names a party in a heading: the name in brackets, else the last word ("Khrushchev")."""
    m = re.search(r"\(([^)]+)\)", party)
    word = m.group(1) if m else party.split()[-1]
    return _SHORT.get(word, word)


# ---------------------------------------------------------------- Slack


def slack_thread(ref: Reference, rng: random.Random) -> Rendered:
    """A research team's Slack channel, the thread selected and copied from the desktop app: each message opens
    with the member's display name and the time on a line of their own ("Maria Lopez  10:42 AM"), a day divider
    ("Tuesday, March 5th"), the transcription pasted in a code block between triple backticks (with the
    document's own head: title, markings as typed on the original, dateline), a reply asking for the notes and a
    second message with them as "1) ..."; reactions (":+1: 2") and "3 replies" lines. Dates in the chat are the
    chat's, never the document's."""
    people = ("Maria Lopez", "Tom Becker", "Ana Ruiz", "Jonas Meyer")
    a, b = rng.sample(people, 2)
    hour = rng.randrange(8, 12)
    minute = rng.randrange(10, 50)
    weekday = rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday"))
    day = rng.randrange(1, 28)
    sfx = "th" if 10 <= day <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    block = [ref.title]
    levels, precedence, handling = split_markings(ref.markings)
    if levels or handling:
        block.append(" ".join(levels + handling))
    if precedence:
        block.append(" ".join(precedence))
    undated = _undated(ref)
    dateline = ", ".join(x for x in (ref.place, "" if undated else ref.date_printed) if x)
    if dateline:
        block.append(dateline)
    block.append("")
    for i in range(len(ref.paragraphs)):
        block.append(ref.paragraph(i, lambda k: f"({k})"))
        block.append("")
    block = block[:-1]
    lines = [f"{weekday}, {rng.choice(('March', 'April', 'May'))} {day}{sfx}", "",
             f"{a}  {hour}:{minute:02d} AM", f"pasting doc {ref.number} here for the chapter draft", "```",
             *block, "```"]
    if ref.notes:
        lines += [":+1: 2", "", f"{b}  {hour}:{minute + 7:02d} AM", "can you add the footnotes too?", "",
                  f"{a}  {hour}:{minute + 9:02d} AM", "notes:"]
        lines += [f"{k}) {note}" for k, note in enumerate(ref.notes, 1)]
    lines += ["", f"{rng.randrange(1, 5)} replies", ""]
    date = None if undated else Expected.of(ref).date
    return Rendered("\n".join(lines), Expected.of(ref, date=date))


# ---------------------------------------------------------------- court exhibit


def court_exhibit(ref: Reference, rng: random.Random) -> Rendered:
    """A declassified document filed as an exhibit in a federal FOIA suit, text from the court's PDF (PACER): the
    CM/ECF header on every page ("Case 1:19-cv-02163-RC Document 31-4 Filed 06/14/21 Page 2 of 5"), an exhibit
    slip-sheet ("EXHIBIT D"), the declaration's index of exhibits naming the document and its date, then the copy
    as the agency released it: the marking typed at the top and foot of each page, the dateline, the text; no
    notes (an agency's copy has none of the edition's)."""
    case = f"Case 1:{rng.randrange(15, 22)}-cv-{rng.randrange(1000, 3000):05d}-{rng.choice(('RC', 'TSC', 'APM', 'CKK'))}"
    docket = f"Document {rng.randrange(20, 60)}-{rng.randrange(2, 8)}"
    filed = f"Filed {rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/{rng.randrange(19, 23)}"
    letter = "ABCDEFGH"[int(ref.number) % 8]
    levels, precedence, handling = split_markings(ref.markings)
    stamp = " ".join(levels + handling)
    undated = _undated(ref)
    day = None if (ref.date is None or undated) else date_text(ref, "{mon}. {d}, {y}", span="{a} - {b}")
    index = [f"Exhibit {letter}: {ref.title}" + (f" ({day})" if day else "") + "."]
    body: list[str] = []
    if stamp:
        body += [stamp.center(65).rstrip(), ""]
    if precedence:
        body += [" ".join(precedence), ""]
    dateline = ", ".join(x for x in (ref.place, "" if undated else ref.date_printed) if x)
    if dateline:
        body += [dateline.rjust(65), ""]
    for i in range(len(ref.paragraphs)):
        body += wrap(ref.paragraph(i), 65) + [""]
    per = 44
    chunks = [body[i:i + per] for i in range(0, len(body), per)] or [[]]
    total = len(chunks) + 1
    pages = [[f"{case} {docket} {filed} Page 1 of {total}", "", f"EXHIBIT {letter}", "", *index]]
    for n, chunk in enumerate(chunks, 2):
        page = [f"{case} {docket} {filed} Page {n} of {total}", ""] + chunk
        if stamp:
            page += ["", stamp.center(65).rstrip()]
        pages.append(page)
    text = "\n\n".join("\n".join(p) for p in pages) + "\n"
    return Rendered(text, Expected.of(ref, date=None if undated else Expected.of(ref).date, footnotes=0))


# ---------------------------------------------------------------- command paper


def command_paper(ref: Reference, rng: random.Random) -> Rendered:
    """A British White Paper reprinting a correspondence, as the text of its scanned copy (a parliamentary papers
    database's OCR): the cover ("Miscellaneous No. 4 (1963)", the paper's subject, "Presented to Parliament by the
    Secretary of State for Foreign Affairs by Command of Her Majesty", the month, HMSO's imprint and price, "Cmnd.
    1917"), the paper's table of documents ("No. | Name | Date | Subject | Page"), then the document as "No. 4" with
    the title as the paper's heading, the place and date in the British form ("Moscow, 23rd October, 1962"), the
    text, and "(Translation)" for a Soviet message; no markings (a published paper prints none), no notes: the Paper
    prints none of the American edition's."""
    serial = 1900 + int(ref.number) % 60
    no = rng.randrange(1, 9)
    day = None
    if ref.date and not ref.date.supplied:
        day = date_text(ref, "{ord} {month}, {y}", span="{a}-{b}")
    year = ref.date.end[:4] if ref.date else "1963"
    cover = [f"Miscellaneous No. {rng.randrange(1, 12)} ({int(year) + 1})", "",
             "CORRESPONDENCE", "BETWEEN THE PRESIDENT OF THE UNITED STATES", "AND THE CHAIRMAN OF THE COUNCIL OF",
             "MINISTERS OF THE U.S.S.R.", "",
             "Presented to Parliament by the Secretary of State for Foreign Affairs", "by Command of Her Majesty",
             f"{rng.choice(('January', 'February', 'March'))} {int(year) + 1}", "", "LONDON",
             "HER MAJESTY'S STATIONERY OFFICE", f"{rng.randrange(1, 4)}s. {rng.randrange(0, 12)}d. NET", "",
             f"Cmnd. {serial}"]
    contents = ["TABLE OF CONTENTS", "", "No.   Name                         Date            Subject        Page",
                f"{no:<5} {ref.title[:28]:<28} {(format_day(ref.date.start, '{mon}. {d}') if day else ''):<15} "
                f"{rng.choice(('Cuba', 'Berlin', 'Nuclear tests', 'Laos', 'General')):<14} {rng.randrange(2, 9)}"]
    page = [f"No. {no}", "", ref.title]
    if "Khrushchev" in ref.title.split(" to ")[0]:
        page.append("(Translation)")
    head = ", ".join(x for x in (ref.place, day or "") if x)
    if head:
        page += ["", head.rjust(60)]
    body = []  # the scan's OCR damages the running text a little (the headings are set large and read clean)
    for i in range(len(ref.paragraphs)):
        body.append("\n".join(wrap(ocr_noise(ref.paragraph(i), rng, rate=0.003), 60, indent="", first="     ")))
    text = join([cover, contents, page, *body])
    return Rendered(text, Expected.of(ref, date=ref.date.iso if day else None, classification=frozenset(),
                                      footnotes=0, optional_markings=frozenset()))


# ---------------------------------------------------------------- Evernote


def evernote_note(ref: Reference, rng: random.Random) -> Rendered:
    """An Evernote note (a researcher's typed transcription), exported as HTML and saved as text by the browser:
    the note's title, then the attributes Evernote writes at the head of an exported note (``Created:`` and
    ``Updated:`` in the export's "3/4/2019 10:12 AM", ``Author:``, ``Tags:`` with the markings as tags,
    ``Source:`` the URL or the archive), then the body as the researcher typed it: the document's dateline as
    "23 October 1962" with the place, the text, superscript note numbers typed with Unicode superscripts and the
    notes after "---". The note's dates are the note's, never the document's."""
    made = f"{rng.randrange(1, 13)}/{rng.randrange(1, 29)}/{rng.choice((2016, 2017, 2019))}"
    head = [ref.title, "",
            f"Created:\t{made} {rng.randrange(1, 12)}:{rng.randrange(0, 60):02d} {rng.choice(('AM', 'PM'))}",
            f"Updated:\t{made} {rng.randrange(1, 12)}:{rng.randrange(0, 60):02d} PM",
            f"Author:\t{rng.choice(('mlopez', 'tbecker', 'aruiz'))}"]
    tags = ["FRUS", "1961-63 VI"] + [typed(m, "title") for m in ref.markings]
    head.append("Tags:\t" + ", ".join(tags))
    head.append(f"Source:\thttps://history.state.gov/historicaldocuments/frus1961-63v06/{ref.doc_id}")
    undated = _undated(ref)
    day = None if (ref.date is None or undated) else date_text(ref, "{d} {month} {y}", span="{a} - {b}")
    line = ", ".join(x for x in (ref.place, day or "") if x)
    hour = time_of_day(ref)
    if line and hour and day:
        line += f", {hour}"
    body = [line] if line else []
    body += [ref.paragraph(i, superscript) for i in range(len(ref.paragraphs))]
    notes = ["---"] + [f"{superscript(k)} {note}" for k, note in enumerate(ref.notes, 1)] if ref.notes else []
    text = join([head, *body, notes])
    return Rendered(text, Expected.of(ref, date=ref.date.iso if day else None,
                                      classification=frozenset(ref.markings)))


# ---------------------------------------------------------------- Hansard


def hansard_reading(ref: Reference, rng: random.Random) -> Rendered:
    """A Minister reading the document to the House, as the historic Hansard site (api.parliament.uk/historic-hansard)
    shows the sitting's section, copied from the browser: the breadcrumb ("HANSARD 1803–2005 → 1960s → 1962 →
    October 1962 → 30 October 1962 → Commons Sitting"), the section heading in capitals (the paper read), the
    citation line "HC Deb 30 October 1962 vol 666 cc31-8", the time, the speaker in capitals with his office, his
    words introducing the text with its date in Hansard's form ("dated 27th October, 1962"), then the text as
    Hansard prints a quotation: each paragraph opened by a quotation mark, only the last one closed; a Member's
    question after it. No markings, no notes, no place line (the House is told none of them); the sitting's date
    is not the document's."""
    from datetime import date, timedelta

    end = date.fromisoformat(ref.date.end) if ref.date else date(1963, 6, 1)
    sitting = end + timedelta(days=rng.randrange(3, 12))
    if sitting.weekday() >= 5:
        sitting += timedelta(days=7 - sitting.weekday())
    on = f"{sitting.day} {format_day(sitting.isoformat(), '{month}')} {sitting.year}"
    volume = 600 + (sitting.year - 1959) * 25 + sitting.month * 2
    col = rng.randrange(20, 1400)
    crumbs = (f"HANSARD 1803–2005 → 1960s → {sitting.year} → {format_day(sitting.isoformat(), '{month}')} "
              f"{sitting.year} → {on} → Commons Sitting")
    head = [crumbs, "", ref.title.upper(), "", f"HC Deb {sitting.day:02d} {format_day(sitting.isoformat(), '{month}')} "
            f"{sitting.year} vol {volume} cc{col}-{col + rng.randrange(2, 9)}",
            f"{rng.randrange(3, 5)}.{rng.randrange(10, 60)} p.m."]
    day = None if ref.date is None or ref.date.supplied else date_text(ref, "{ord} {month}, {y}",
                                                                          span="{a} and {b}")
    speaker = rng.choice(("THE PRIME MINISTER (Mr. Harold Macmillan)",
                          "THE LORD PRIVY SEAL (Mr. Edward Heath)",
                          "THE PARLIAMENTARY UNDER-SECRETARY OF STATE FOR FOREIGN AFFAIRS (Mr. Peter Thomas)"))
    dated = f", dated {day}," if day else ""
    intro = (f"With permission, I will read to the House the text of the {ref.title}{dated} which the Government of "
             f"the United States have made available to Her Majesty's Government. It reads:")
    quoted = [f"\u201c{p}" for p in ref.paragraphs]
    quoted[-1] += "\u201d"
    after = [rng.choice(("MR. GAITSKELL (Leeds, South)", "MR. H. WILSON (Huyton)", "MR. GRIMOND (Orkney and Shetland)")),
             "May I thank the right hon. Gentleman for that statement and ask whether the House will have an opportunity "
             "to debate it?"]
    text = join([head, speaker, intro, *quoted, after])
    return Rendered(text, Expected.of(ref, date=ref.date.iso if day else None, classification=frozenset(),
                                      footnotes=0, place="", optional_markings=frozenset()))


LAYOUTS = [
    Layout("dodis_page", "Dodis (Documents diplomatiques suisses) document page copied from the browser",
           dodis_page),
    Layout("excel_tab_text", "a researcher's spreadsheet saved by Excel as Text (Tab delimited), one row",
           excel_tab_text),
    Layout("abbyy_finereader", "a printed FRUS page through ABBYY FineReader, Text with line and page breaks",
           abbyy_finereader),
    Layout("scrivener_compile", "a researcher's Scrivener project compiled to plain text, one document",
           scrivener_compile),
    Layout("slack_thread", "a Slack thread where a transcription was pasted in a code block, copied", slack_thread),
    Layout("court_exhibit", "a released document filed as a FOIA suit's exhibit, text of the PACER PDF",
           court_exhibit),
    Layout("command_paper", "a British Command Paper (White Paper) reprinting the correspondence, OCR text",
           command_paper),
    Layout("evernote_note", "an Evernote note exported as HTML and saved as text", evernote_note),
    Layout("hansard_reading", "historic Hansard: a Minister reading the document to the House, page copied",
           hansard_reading),
]
