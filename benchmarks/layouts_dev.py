"""The development layouts: thirty-three ways real archives, catalogues and editions lay out a document as plain text.

A parser may be tuned on these. Each renders every FRUS document and states what its text gives (Expected);
the summary line of each says what it withholds.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from layouts_kit import (
    GRADES,
    MONTHS,
    Expected,
    Layout,
    Rendered,
    centre,
    date_of,
    date_text,
    format_day,
    join,
    ocr_noise,
    paginate,
    parties,
    right,
    split_markings,
    superscript,
    symbol,
    time_of_day,
    typed,
    wrap,
    wrap_hyphenated,
)
from layouts_reference import Reference


def catalogue(ref: Reference, rng: random.Random) -> Rendered:
    """An archive's catalogue record: labelled fields above the text, "[1]" markers, notes under "Notes"."""
    fields = [f"Title: {ref.title}"]
    if ref.date:
        fields.append(f"Date: {date_text(ref, '{d} {month} {y}')}")
    if ref.place:
        fields.append(f"Place: {ref.place}")
    marks = "; ".join(typed(m, "title") for m in ref.markings)
    fields.append(f"Classification: {marks or 'No classification marking'}")
    if ref.source_note:
        fields.append(f"Source: {ref.source_note.removeprefix('Source: ')}")
    fields.append(f"Document number: {ref.number}")
    body = [ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs))]
    notes = ["Notes", *(f"[{k}] {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([fields, *body, notes]), Expected.of(ref))


def cable(ref: Reference, rng: random.Random) -> Rendered:
    """A telegram as typed: stamps at top and bottom, a capitals caption, FROM/TO/NR/DATE lines, capitals body
    wrapped at 65 columns; no footnotes and no place (a cable carries neither)."""
    levels, precedence, handling = split_markings(ref.markings)
    stamp = " ".join(levels) or None
    who = parties(ref.title)
    head = [ref.title.upper(), ""]
    if who:
        head += [f"FROM: {who[1].upper()}", f"TO:   {who[2].upper()}"]
    first = ref.paragraphs[0].split(".", 1)[0] if ref.paragraphs else ""
    if first.isdigit():  # FRUS prints the telegram number at the start of the text: "1042. Policy."
        head.append(f"NR:   {first}")
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}", supplied="{} (undated)")
    if day:
        hour = time_of_day(ref)
        head.append(f"DATE: {day.upper()}{', ' + hour.upper() if hour else ''}")
    routing = precedence + handling or None  # one caption a line: NIACT, EYES ONLY
    body = [wrap(p.upper()) for p in ref.paragraphs]
    return Rendered(join([right(stamp) if stamp else None, routing, head, *body, "END OF MESSAGE",
                          right(stamp) if stamp else None]),
                    Expected.of(ref, footnotes=0, place=""))


def memo(ref: Reference, rng: random.Random) -> Rendered:
    """A memorandum: stamp top and bottom ("SECRET -- EYES ONLY"), MEMORANDUM FOR / FROM / SUBJECT (the title),
    a right-aligned dateline, notes marked * † ‡ after a rule."""
    stamp = " -- ".join(ref.markings) or None
    who = parties(ref.title)
    head = ["MEMORANDUM"]
    if who:
        head += [f"MEMORANDUM FOR: {who[2]}", f"FROM: {who[1]}"]
    head.append(f"SUBJECT: {ref.title}")
    day = date_text(ref, "{d} {month} {y}", span="{a} to {b}")
    dateline = right(", ".join(x for x in (ref.place, day) if x)) if day or ref.place else None
    body = [ref.paragraph(i, symbol) for i in range(len(ref.paragraphs))]
    notes = ["_" * 20, *(f"{symbol(k)} {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([centre(stamp) if stamp else None, head, dateline, *body, notes,
                          centre(stamp) if stamp else None]), Expected.of(ref))


def hsg(ref: Reference, rng: random.Random) -> Rendered:
    """A history.state.gov page saved as text: site furniture, "66. Letter From ...¹" with the source note as
    footnote 1 (its classification sentence the only statement of the markings), the dateline as printed
    ("Moscow, undated."), superscript markers, the notes numbered 1, 2... under "Footnotes"."""
    shift = 1 if ref.source_note else 0
    heading = f"{ref.number}. {ref.title}" + (superscript(1) if shift else "")
    breadcrumb = f"Home › Historical Documents › {ref.volume} › Document {ref.number}"
    dateline = None
    if ref.date_printed:
        printed = ", ".join(x for x in (ref.place, ref.date_printed) if x)
        dateline = printed if printed.endswith(".") else printed + "."
    body = [ref.paragraph(i, lambda k: superscript(k + shift)) for i in range(len(ref.paragraphs))]
    notes = [*([ref.source_note] if shift else []), *ref.notes]
    foot = ["Footnotes", *(f"{k}. {text}" for k, text in enumerate(notes, 1))] if notes else None
    undated = ref.date is not None and ref.date.supplied
    expected = Expected.of(ref, date=None if undated else (ref.date.iso if ref.date else None))
    return Rendered(join(["Office of the Historian", breadcrumb, ref.volume, heading, dateline, *body, foot]), expected)


def transcription(ref: Reference, rng: random.Random) -> Rendered:
    """A scholar's transcription: the marking in title case at the top only, a dateline in capitals above the
    title ("WASHINGTON, February 15, 1962"), "(1)" markers and a NOTES list at the end."""
    stamp = ", ".join(typed(m, "title") for m in ref.markings) or None
    day = date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    dateline = ", ".join(x for x in (ref.place.upper(), day) if x) or None
    body = [ref.paragraph(i, lambda k: f" ({k})") for i in range(len(ref.paragraphs))]
    notes = ["NOTES", *(f"({k}) {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([stamp, dateline, ref.title, *body, notes]), Expected.of(ref))


def letter(ref: Reference, rng: random.Random) -> Rendered:
    """A typed letter: "SECRET - EYES ONLY" top and bottom, the title centred, place and date on two
    right-aligned lines, superscript markers (¹²) with the notes after a rule, each led by its superscript."""
    stamp = " - ".join(ref.markings) or None
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}")
    corner = [right(x) for x in (ref.place, day) if x] or None
    body = [ref.paragraph(i, superscript) for i in range(len(ref.paragraphs))]
    notes = ["_" * 15, *(f"{superscript(k)} {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([right(stamp) if stamp else None, centre(ref.title), corner, *body, notes,
                          right(stamp) if stamp else None]), Expected.of(ref))


def typescript(ref: Reference, rng: random.Random) -> Rendered:
    """A government typescript: letter-spaced stamps top and bottom ("T O P   S E C R E T"), a capitals
    dateline above the capitals title, paragraphs hard-wrapped at 65 columns and told apart only by their
    indent (no blank lines), "1/" markers and the notes after a dashed rule."""
    stamp = "   -   ".join(typed(m, "spaced") for m in ref.markings) or None
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}")
    dateline = ", ".join(x for x in (ref.place, day) if x).upper() or None
    lines: list[str] = []
    for i in range(len(ref.paragraphs)):
        lines += wrap(ref.paragraph(i, lambda k: f"{k}/"), indent="", first="     ")
    notes = ["-" * 10, *(line for k, text in enumerate(ref.notes, 1) for line in wrap(f"{k}/ {text}", indent="   "))]
    return Rendered(join([centre(stamp) if stamp else None, dateline, centre(ref.title.upper()), lines,
                          notes if ref.notes else None, centre(stamp) if stamp else None]),
                    Expected.of(ref))


def ocr(ref: Reference, rng: random.Random) -> Rendered:
    """A scanned typescript through OCR: ~1% of the body's letters dropped or misread, stray marks, words broken
    with hyphens at line ends, a page header ("-2-") and footer every 40 lines, superscript note numbers read
    as plain digits glued to the word ("tests,1"), notes as "1 text" at the end, markings only at the bottom."""
    day = date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    dateline = ", ".join(x for x in (ref.place, day) if x) or None
    lines = [ref.title, ""] + ([dateline, ""] if dateline else [])
    for i in range(len(ref.paragraphs)):
        text = ocr_noise(ref.paragraph(i, str), rng)
        lines += wrap_hyphenated(text, 65, rng) + [""]
        if rng.random() < 0.08:
            lines += [rng.choice(("'", ". ,", "~", "|  .")), ""]
    if ref.notes:
        lines += ["_" * 12] + [line for k, text in enumerate(ref.notes, 1)
                               for line in wrap_hyphenated(f"{k} {ocr_noise(text, rng)}", 65, rng)] + [""]
    if ref.markings:
        lines.append(" ".join(ref.markings))
    pages = paginate(lines, 40, header=lambda n: [centre(f"-{n}-"), ""] if n > 1 else [],
                     footer=lambda n: ["", f"FRUS-1961-63v06 DocId:{ref.doc_id} Page {n}", ""])
    return Rendered("\n".join(pages) + "\n", Expected.of(ref))


# -- widened in a second round, before the parser was changed for them: each imitates a real way a record is
# presented as text (a repository's Dublin Core view, a MARC display, a Markdown or wiki edition, an exported
# e-mail, a numbered government form, a spreadsheet row, a French finding aid, a paged transcript)


def dublin_core(ref: Reference, rng: random.Random) -> Rendered:
    """A repository's item page (DSpace "full item record") saved as text: ``dc.*`` fields in a
    field/value listing, ISO dates (a span as "1961-12-30/1962-01-18"), the marking under ``dc.rights``,
    "[1]" markers and the notes under "References"."""
    fields = [f"dc.title          {ref.title}"]
    if ref.date:
        iso = ref.date.start if ref.date.start == ref.date.end else f"{ref.date.start}/{ref.date.end}"
        fields.append(f"dc.date.created   {iso}")
    if ref.place:
        fields.append(f"dc.coverage.spatial  {ref.place}")
    if ref.markings:
        fields.append(f"dc.rights         {'; '.join(typed(m, 'title') for m in ref.markings)}")
    fields += [f"dc.identifier     frus1961-63v06/{ref.doc_id}", "dc.type           Text"]
    body = [ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs))]
    notes = ["References", *(f"[{k}] {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([fields, *body, notes]), Expected.of(ref))


def marc(ref: Reference, rng: random.Random) -> Rendered:
    """A library catalogue's MARC display: tagged lines ("245 10 $a Title." with the date in $f as
    "1962 Feb. 15", "506 ## $a Secret; Niact.", "651 #0 $a Moscow" as a subject), then the text with "(1)" markers
    and the notes numbered "1)" after "Notes:"."""
    fields = ["LEADER 00000ntc a2200000 i 4500", f"001    frus-{ref.doc_id}"]
    day = date_text(ref, "{y} {mon}. {d}", span="{a}-{b}", supplied="[{}]")
    fields.append(f"245 10 $a {ref.title}." + (f" $f {day}." if day else ""))
    if ref.markings:
        fields.append(f"506 ## $a {'; '.join(typed(m, 'title') for m in ref.markings)}.")
    if ref.place:
        fields.append(f"651 #0 $a {ref.place}.")
    body = [ref.paragraph(i, lambda k: f" ({k})") for i in range(len(ref.paragraphs))]
    notes = ["Notes:", *(f"{k}) {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    # 651 is a subject heading (the place the document is about), not where it was written
    return Rendered(join([fields, *body, notes]), Expected.of(ref, place=""))


def markdown(ref: Reference, rng: random.Random) -> Rendered:
    """A Markdown edition: the document number as a level-two heading ("## Document 66"), the title as a
    level-three heading, bold labels ("**Date:** 15 February 1962", "**Classification:** Secret"), the place on
    an italic line, Markdown footnotes ("[^1]" and "[^1]: text")."""
    head = [f"## Document {ref.number}", "", f"### {ref.title}"]
    meta = []
    if ref.date:
        meta.append(f"**Date:** {date_text(ref, '{d} {month} {y}', span='{a} – {b}')}  ")
    if ref.markings:
        meta.append(f"**Classification:** {', '.join(typed(m, 'title') for m in ref.markings)}  ")
    place = [f"*{ref.place}*"] if ref.place else None
    body = [ref.paragraph(i, lambda k: f"[^{k}]") for i in range(len(ref.paragraphs))]
    notes = [f"[^{k}]: {text}" for k, text in enumerate(ref.notes, 1)] if ref.notes else None
    return Rendered(join([head, meta or None, place, *body, ["---"] if notes else None, notes]), Expected.of(ref),
                    suffix=".md")


def wiki(ref: Reference, rng: random.Random) -> Rendered:
    """A wiki or reStructuredText edition as plain text: the title underlined with "=" (setext), the date
    day-first numeric on its own line ("15.2.1962"), the place after it, the markings in capitals in brackets
    ("[SECRET; EYES ONLY]"), "[1]" markers and the notes under a "Notes" heading underlined with "-"."""
    head = [ref.title, "=" * len(ref.title)]
    day = date_text(ref, "{d}.{m}.{y}", span="{a} – {b}")
    dateline = "; ".join(x for x in (day, ref.place) if x) or None
    stamp = f"[{'; '.join(ref.markings)}]" if ref.markings else None
    body = [ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs))]
    notes = ["Notes", "-----", "", *(f"{k}. {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([head, dateline, stamp, *body, notes]), Expected.of(ref))


def email(ref: Reference, rng: random.Random) -> Rendered:
    """A document forwarded by e-mail and saved as text: the mail's own header (sent 2019), the forwarded
    header with "Sent: Thursday, February 15, 1962" and "Subject: <title>", a "Classification: SECRET" banner
    as government mail prints it, "{1}" markers and the notes after "Notes:"."""
    weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    outer = ["From: Reading Room <reading.room@archives.example.org>", "Sent: Tuesday, March 5, 2019 10:14 AM",
             "To: researcher@example.edu", f"Subject: FW: {ref.title}", "",
             "Please find the requested document below.", "", "-----Original Message-----"]
    inner = []
    who = parties(ref.title)
    if who:
        inner.append(f"From: {who[1]}")
    if ref.date and ref.date.start == ref.date.end and not ref.date.supplied:
        day = date_of(ref.date.start)
        inner.append(f"Sent: {weekday[day.weekday()]}, {date_text(ref, '{month} {d}, {y}')}")
    elif ref.date:
        inner.append(f"Sent: {date_text(ref, '{month} {d}, {y}', span='{a} - {b}')}")
    if who:
        inner.append(f"To: {who[2]}")
    inner.append(f"Subject: {ref.title}")
    banner = f"Classification: {' // '.join(ref.markings)}" if ref.markings else None
    body = [ref.paragraph(i, lambda k: f"{{{k}}}") for i in range(len(ref.paragraphs))]
    notes = ["Notes:", *(f"{{{k}}} {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([outer, inner, banner, *body, notes, banner]), Expected.of(ref, place=""))


def form(ref: Reference, rng: random.Random) -> Rendered:
    """A numbered government form header: "1. DATE OF DOCUMENT: 15 FEB 62" (military day-month-year),
    "2. SECURITY CLASSIFICATION: SECRET", "3. ORIGIN", "5. TITLE OF DOCUMENT", boxes in capitals with dot
    leaders, then the text with the notes as "NOTE 1 -" lines after "REMARKS"."""
    day = date_text(ref, "{dd} {mon} {yy}", span="{a} THRU {b}")
    who = parties(ref.title)
    rows = [("DATE OF DOCUMENT", day.upper() if day else "NONE"),
            ("SECURITY CLASSIFICATION", " / ".join(ref.markings) or "NONE"),
            ("ORIGIN", who[1].upper() if who else "DEPARTMENT OF STATE"),
            ("PLACE OF ORIGIN", ref.place.upper() or "UNKNOWN"),
            ("TITLE OF DOCUMENT", ref.title)]
    head = ["DOCUMENT TRANSMITTAL AND IDENTIFICATION FORM", ""]
    head += [f"{n}. {label} {'.' * (26 - len(label))} {value}" for n, (label, value) in enumerate(rows, 1)]
    body = [ref.paragraph(i, lambda k: f" (NOTE {k})") for i in range(len(ref.paragraphs))]
    notes = ["REMARKS", *(f"NOTE {k} - {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([head, *body, notes]), Expected.of(ref))


def spreadsheet(ref: Reference, rng: random.Random) -> Rendered:
    """A row of a spreadsheet export pasted above the text: a tab-separated header row
    (id, date, title, classification, place) and the values row, dates as "1962-02-15", then the text with "^1"
    markers and the notes as "^1 text" at the end."""
    iso = (ref.date.start if ref.date.start == ref.date.end else f"{ref.date.start}/{ref.date.end}") if ref.date else ""
    header = "\t".join(("doc_id", "date", "title", "classification", "place"))
    row = "\t".join((ref.doc_id, iso, ref.title, ", ".join(ref.markings), ref.place))
    body = [ref.paragraph(i, lambda k: f"^{k}") for i in range(len(ref.paragraphs))]
    notes = [f"^{k} {text}" for k, text in enumerate(ref.notes, 1)] if ref.notes else None
    return Rendered(join([[header, row], *body, notes]), Expected.of(ref))


def french(ref: Reference, rng: random.Random) -> Rendered:
    """A French finding aid's item record: the date first on a line of its own ("Le 15 février 1962"), then
    "Intitulé :", "Lieu :", "Niveau de classification :" fields (the marking in English as stamped), "Cote :",
    "(1)" markers and the notes under "Notes de l'éditeur"."""
    head = []
    day = date_text(ref, "{jour} {mois} {y}", span="du {a} au {b}", supplied="{}")
    if day:
        head.append(f"Le {day}" if not day.startswith("du ") else day.capitalize())
    head.append(f"Intitulé : {ref.title}")
    if ref.place:
        head.append(f"Lieu : {ref.place}")
    if ref.markings:
        head.append(f"Niveau de classification : {', '.join(ref.markings)}")
    head.append(f"Cote : FRUS 1961-63 VI, doc. {ref.number}")
    body = [ref.paragraph(i, lambda k: f" ({k})") for i in range(len(ref.paragraphs))]
    notes = ["Notes de l'éditeur", *(f"({k}) {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([head, *body, notes]), Expected.of(ref))


def paged(ref: Reference, rng: random.Random) -> Rendered:
    """A transcript with page markers: "[Page 1]" before the text, the title in capitals underlined with
    hyphens, the place and date as "Moscow -- 10 March 1962" below it, the markings centred under that,
    "[Page N]" markers every 30 lines, "<1>" markers and the notes under "ENDNOTES"."""
    title = ref.title.upper()
    day = date_text(ref, "{d} {month} {y}", span="{a} - {b}")
    dateline = " -- ".join(x for x in (ref.place, day) if x) or None
    lines = [title, "-" * len(title), ""]
    if dateline:
        lines += [dateline, ""]
    if ref.markings:
        lines += [centre(", ".join(ref.markings)), ""]
    for i in range(len(ref.paragraphs)):
        lines += wrap(ref.paragraph(i, lambda k: f"<{k}>"), 72) + [""]
    if ref.notes:
        lines += ["ENDNOTES", ""] + [f"<{k}> {text}" for k, text in enumerate(ref.notes, 1)]
    pages = paginate(lines, 30, header=lambda n: [f"[Page {n}]", ""], footer=lambda n: [""])
    return Rendered("\n".join(pages) + "\n", Expected.of(ref))


# -- widened in a third round, before the parser was changed for them: a business letter whose title is only its
# "Re:" line, a printed volume's pages as pdftotext gives them (running heads, notes at each page's foot), a
# Project Gutenberg e-text, a finding aid's container list, a Wikisource page, a word processor's plain-text
# export, a transcription named only by its file name, and a journal edition with the editor's notes inline


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
          "xvii", "xviii", "xix", "xx")


def _letterhead(sender: str) -> str:
    if "Khrushchev" in sender or "Brezhnev" in sender:
        return "CHAIRMAN OF THE COUNCIL OF MINISTERS OF THE U.S.S.R."
    if "Kennedy" in sender:
        return "THE WHITE HOUSE"
    return "DEPARTMENT OF STATE"


def letterhead(ref: Reference, rng: random.Random) -> Rendered:
    """A business letter on letterhead: the office and the place centred in capitals, the date right-aligned below
    them, the marking flush left at top and bottom, an inside address ("His Excellency" / the addressee), the
    title only as the "Re:" line, lettered notes ("[a]") after a rule."""
    who = parties(ref.title)
    head = [centre(_letterhead(who[1] if who else "")), centre(ref.place.upper())] if ref.place else [
        centre(_letterhead(who[1] if who else ""))]
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}")
    if day:
        head.append(right(day))
    stamp = ", ".join(ref.markings) or None
    address = ["His Excellency", f"{who[2]},"] if who else None
    letters = "abcdefghijklmnopqrstuvwxyz"
    body = [ref.paragraph(i, lambda k: f"[{letters[k - 1]}]") for i in range(len(ref.paragraphs))]
    notes = ["-" * 20, *(f"[{letters[k - 1]}] {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([head, stamp, address, f"Re: {ref.title}", *body, notes, stamp]), Expected.of(ref))


def printed_page(ref: Reference, rng: random.Random) -> Rendered:
    """A page of the printed volume as pdftotext gives it: pages separated by form feeds, each headed by its
    running head with the page number ("312   Foreign Relations, 1961–1963, Volume VI" on even pages,
    "Kennedy-Khrushchev Exchanges   313" on odd), the numbered heading with its source-note number glued on
    ("66. Letter From ... Kennedy1"), the dateline as printed, note numbers glued to the word, and each page's
    notes at its foot as "2 text" (the source note is note 1, at the foot of the first page)."""
    shift = 1 if ref.source_note else 0
    first_page = 100 + 3 * int(ref.number)
    lines = wrap(f"{ref.number}. {ref.title}" + ("\x011\x02" if shift else ""), 72) + [""]
    if ref.date_printed:
        printed = ", ".join(x for x in (ref.place, ref.date_printed) if x)
        lines += [printed if printed.endswith(".") else printed + ".", ""]
    for i in range(len(ref.paragraphs)):
        lines += wrap(ref.paragraph(i, lambda k: f"\x01{k + shift}\x02"), 72, first="    ") + [""]
    texts = [*([ref.source_note] if shift else []), *ref.notes]
    pages: list[list[str]] = []
    page: list[str] = []
    foot: list[str] = []
    for line in lines:
        cited = [int(n) for n in re.findall(r"\x01(\d+)\x02", line)]
        line = re.sub(r"\x01(\d+)\x02", r"\1", line)
        page.append(line)
        for n in cited:
            foot += wrap(f"{n} {texts[n - 1]}", 72)
        if len(page) + len(foot) >= 42:
            pages.append(page + ([""] + foot if foot else []))
            page, foot = [], []
    if page or foot:
        pages.append(page + ([""] + foot if foot else []))
    out = []
    for n, body in enumerate(pages):
        number = first_page + n
        head = (f"{number}{' ' * 12}Foreign Relations, 1961–1963, Volume VI" if number % 2 == 0
                else f"{' ' * 20}Kennedy-Khrushchev Exchanges{' ' * 12}{number}")
        out.append("\n".join([head, "", *body]))
    undated = ref.date is not None and ref.date.supplied
    expected = Expected.of(ref, date=None if undated else (ref.date.iso if ref.date else None))
    return Rendered("\n\f".join(out) + "\n", expected)


def gutenberg(ref: Reference, rng: random.Random) -> Rendered:
    """A Project Gutenberg e-text: the title centred in capitals, the dateline in underscores for italics
    ("_Moscow, February 15, 1962._"), the markings centred with a double hyphen ("SECRET--EYES ONLY."), text
    wrapped at 70 columns, "[Pg 213]" page markers between paragraphs, "[1]" markers and each note as a
    "[Footnote 1: ...]" block right after the paragraph that cites it."""
    day = date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    dateline = ", ".join(x for x in (ref.place, day) if x)
    blocks: list = [centre(ref.title.upper(), 70), centre(f"_{dateline}._", 70) if dateline else None,
                    centre("--".join(ref.markings) + ".", 70) if ref.markings else None]
    page = 200 + int(ref.number)
    for i in range(len(ref.paragraphs)):
        if i and i % 3 == 0:
            page += 1
            blocks.append(f"[Pg {page}]")
        blocks.append(wrap(ref.paragraph(i, lambda k: f"[{k}]"), 70))
        for k in sorted(k for k, (p, _) in enumerate(ref.anchors, 1) if p == i):
            blocks.append(wrap(f"[Footnote {k}: {ref.notes[k - 1]}]", 70))
    return Rendered(join(blocks), Expected.of(ref))


def finding_aid(ref: Reference, rng: random.Random) -> Rendered:
    """A finding aid's container list with the digitized item below it: the collection and series lines (with
    their own year spans), "Box 4, Folder 12", the item as "Item 66: <title>, 1962 February 15" (DACS dates,
    "[1962 November 4]" when supplied, "1961 December 30-1962 January 18" for a span), the marking only as
    "Conditions Governing Access: Originally classified Secret; Eyes Only. Declassified 1996.", "¹" markers and
    the notes numbered "1." under "Notes"; no place."""
    n = int(ref.number)
    day = date_text(ref, "{y} {month} {d}", span="{a}-{b}", supplied="[{}]")
    item = f"Item {ref.number}: {ref.title}" + (f", {day}" if day else "")
    fields = ["Kennedy-Khrushchev Correspondence, 1960-1963", "Series 2: Correspondence, 1961-1963",
              f"Box {1 + n // 30}, Folder {1 + n % 30}", item]
    if ref.markings:
        fields.append(f"Conditions Governing Access: Originally classified "
                      f"{'; '.join(typed(m, 'title') for m in ref.markings)}. Declassified 1996.")
    else:
        fields.append("Conditions Governing Access: Open for research.")
    fields.append(f"Physical Description: {1 + len(ref.paragraphs) // 4} pages")
    body = [ref.paragraph(i, superscript) for i in range(len(ref.paragraphs))]
    notes = ["Notes", *(f"{k}. {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([fields, "Transcription:", *body, notes]), Expected.of(ref, place=""))


def wikisource(ref: Reference, rng: random.Random) -> Rendered:
    """A Wikisource page saved as text: the page name, "From Wikisource", "Jump to navigation Jump to search", a
    navigation bar ("← Document 65   Foreign Relations ...   Document 67 →"), the title, "by" and the author,
    the dateline, the markings in title case, "[1]" markers, the notes as "↑ text" under "Notes", then the
    site's footer (retrieved from, categories, "last edited on 3 March 2021")."""
    n = int(ref.number)
    who = parties(ref.title)
    top = [f"Foreign Relations of the United States, 1961–1963, Volume VI/Document {n}", "From Wikisource",
           "Jump to navigation Jump to search",
           f"← Document {n - 1}    Foreign Relations of the United States, 1961–1963, Volume VI    "
           f"Document {n + 1} →"]
    head = [ref.title, f"by {who[1] if who else 'United States Department of State'}"]
    day = date_text(ref, "{month} {d}, {y}", span="{a}–{b}")
    dateline = ", ".join(x for x in (ref.place, day) if x) or None
    stamp = "; ".join(typed(m, "title") for m in ref.markings) or None
    body = [ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs))]
    notes = ["Notes", *(f"↑ {text}" for text in ref.notes)] if ref.notes else None
    footer = [f'Retrieved from "https://en.wikisource.org/w/index.php?title=FRUS_1961-63_VI/Document_{n}'
              f'&oldid={1000000 + 37 * n}"', "Categories: Foreign Relations of the United States",
              "This page was last edited on 3 March 2021, at 14:05.", "Privacy policy About Wikisource Disclaimers"]
    return Rendered(join([top, head, dateline, stamp, *body, notes, footer]), Expected.of(ref))


def word_export(ref: Reference, rng: random.Random) -> Rendered:
    """A word processor's "plain text" export: no blank lines anywhere, each paragraph one long line, the page
    header's banner ("SECRET//EYES ONLY") first and last, the title, the place, the date with its weekday
    ("Thursday 15 February 1962"), "[i]" markers and the endnotes numbered in lower-case roman numerals (the
    word processor's default) after a line of underscores."""
    banner = "//".join(ref.markings) or None
    day = None
    if ref.date and ref.date.start == ref.date.end:
        weekday = _WEEKDAYS[date_of(ref.date.start).weekday()]
        day = date_text(ref, weekday + " {d} {month} {y}")
    elif ref.date:
        day = date_text(ref, "{d} {month} {y}", span="{a} – {b}")
    lines = [banner, ref.title, ref.place or None, day]
    lines += [ref.paragraph(i, lambda k: f"[{_ROMAN[k - 1]}]") for i in range(len(ref.paragraphs))]
    if ref.notes:
        lines += ["_" * 16, *(f"[{_ROMAN[k - 1]}] {text}" for k, text in enumerate(ref.notes, 1))]
    lines.append(banner)
    return Rendered("\n".join(x for x in lines if x) + "\n", Expected.of(ref))


def _file_name(title: str) -> str:
    return re.sub(r"[\\/:*?\"<>|]+", " ", title).strip()


def filename(ref: Reference, rng: random.Random) -> Rendered:
    """A transcription that states no title: the file is named for it ("FRUS-VI-066 Letter From Chairman
    Khrushchev to President Kennedy (1962-02-15).txt", or the same with underscores, as downloads and scanners
    name files); the text gives the place and date in capitals ("MOSCOW, February 15, 1962"), the markings at the
    bottom only, "[1]" markers and the notes numbered under "NOTES:"."""
    iso = ref.date.start if ref.date else ""
    if rng.random() < 0.5:
        stem = f"FRUS-VI-{int(ref.number):03d} {_file_name(ref.title)}" + (f" ({iso})" if iso else "")
    else:
        stem = "_".join([f"FRUS_VI_{int(ref.number):03d}", *_file_name(ref.title).split(), *([iso] if iso else [])])
    day = date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    dateline = ", ".join(x for x in (ref.place.upper(), day) if x) or None
    body = [ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs))]
    notes = ["NOTES:", *(f"{k}. {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    stamp = " - ".join(ref.markings) or None
    return Rendered(join([dateline, *body, notes, stamp]), Expected.of(ref), stem=stem)


def journal(ref: Reference, rng: random.Random) -> Rendered:
    """A journal or diary edition: each entry headed by its day with the weekday ("Thursday, February 15, 1962"),
    then the editor's caption (the title), the place in brackets as the editor supplies it ("[Moscow]"), the
    markings in parentheses ("(Secret; Eyes Only)"), and the editor's notes inline in brackets where they belong
    ("[Ed.: See Document 53.]")."""
    head = []
    if ref.date and ref.date.start == ref.date.end:
        weekday = _WEEKDAYS[date_of(ref.date.start).weekday()]
        head.append(date_text(ref, weekday + ", {month} {d}, {y}"))
    elif ref.date:
        head.append(date_text(ref, "{month} {d}, {y}", span="{a}–{b}"))
    head.append(ref.title)
    if ref.place:
        head.append(f"[{ref.place}]")
    if ref.markings:
        head.append(f"({'; '.join(typed(m, 'title') for m in ref.markings)})")
    body = [ref.paragraph(i, lambda k: f" [Ed.: {ref.notes[k - 1]}]") for i in range(len(ref.paragraphs))]
    return Rendered(join([head, *body]), Expected.of(ref))


# -- widened in a fourth round, before the parser was changed for them: printed documentary editions of other
# governments (Documents diplomatiques français, Akten zur Auswärtigen Politik, the Foreign Office's Confidential
# Print, British Documents on the End of Empire), two commercial databases' records (ProQuest's Digital National
# Security Archive, Gale's Declassified Documents Reference System), a United Nations document and a FOIA release
# with its covering letter


_NIVEAU, _STUFE = GRADES["fr"], GRADES["de"]


def _kind(ref: Reference) -> str:
    who = parties(ref.title)
    return who[0].split()[-1].lower() if who else ref.title.split()[0].lower()


def _next_day(iso: str) -> date:
    return date_of(iso) + timedelta(days=1)


def ddf(ref: Reference, rng: random.Random) -> Rendered:
    """Documents diplomatiques français as printed: the document's number alone, the heading (the title), the
    dispatch line "T. nos 2126 à 2132." (telegrams; "L." for letters, "D." for the rest) with the place and the
    date in French and the hour ("Moscou, 15 février 1962, 19 h."), the level in French ("Très secret",
    "Secret", "Confidentiel"; handling and precedence are not printed), the day received in parentheses, "(1)"
    markers glued to the word and the notes as "(1) text" at the end with no heading."""
    n = int(ref.number)
    kind = _kind(ref)
    sigle = f"T. nos {2000 + 7 * n} à {2003 + 7 * n}." if kind == "telegram" else (
        f"L. no {100 + n}." if kind == "letter" else f"D. no {300 + n}.")
    day = date_text(ref, "{jour} {mois} {y}", span="du {a} au {b}", supplied="[{}]")
    where = ", ".join(x for x in (ref.place, day) if x)
    if where and kind == "telegram" and day and not ref.date.supplied and ref.date.start == ref.date.end:
        where += f", {rng.randint(8, 22)} h."
    levels = [_NIVEAU[m] for m in ref.markings if m in _NIVEAU]
    line = " ".join(x for x in (sigle, where + "." if where else "", ". ".join(levels) + "." if levels else "") if x)
    received = None
    if kind == "telegram" and ref.date and ref.date.start == ref.date.end and not ref.date.supplied:
        received = f"(Reçu : le {_next_day(ref.date.start).day}, {rng.randint(0, 23):02d} h. {rng.choice(('00', '15', '30', '45'))}.)"
    body = [ref.paragraph(i, lambda k: f"({k})") for i in range(len(ref.paragraphs))]
    notes = [f"({k}) {text}" for k, text in enumerate(ref.notes, 1)] if ref.notes else None
    level = frozenset(m for m in ref.markings if m in _NIVEAU)
    return Rendered(join([ref.number, ref.title, line, received, *body, notes]),
                    Expected.of(ref, classification=level))


def aapd(ref: Reference, rng: random.Random) -> Rendered:
    """Akten zur Auswärtigen Politik der Bundesrepublik Deutschland as printed: "Nr. 66" above the heading, the file
    reference with the level in German ("II A 1-82.00/94.29-216/62 geheim"); for a telegram "Fernschreiben Nr.
    123" with "Aufgabe: 15. Februar 1962, 19.30 Uhr" and "Ankunft:" the next day (no place), for the rest the place
    and date right-aligned ("Moskau, den 15. Februar 1962"); superscript markers and the notes after a short rule
    as "1 text" (no full stop after the number)."""
    n = int(ref.number)
    stufe = next((_STUFE[m] for m in ref.markings if m in _STUFE), "")
    ref_line = f"II A {1 + n % 6}-82.00/94.{20 + n % 40}-{200 + n}/62" + (f" {stufe}" if stufe else "")
    head = [f"Nr. {ref.number}", ref.title, ref_line]

    def tag(iso: str) -> str:
        return format_day(iso, "{d}. {monat} {y}")

    place = ref.place
    if ref.date is None:
        day = None
    elif ref.date.start == ref.date.end:
        day = tag(ref.date.start)
    else:
        day = f"{tag(ref.date.start)} bis {tag(ref.date.end)}"
    if day and ref.date.supplied:
        day = f"[{day}]"
    if _kind(ref) == "telegram" and day:
        place = ""
        head.append(f"Fernschreiben Nr. {100 + n}")
        head.append(f"Aufgabe: {day}, {rng.randint(8, 22)}.{rng.choice(('00', '15', '30', '45'))} Uhr")
        if ref.date.start == ref.date.end and not ref.date.supplied:
            head.append(f"Ankunft: {tag(_next_day(ref.date.start).isoformat())}, "
                        f"{rng.randint(0, 9):02d}.{rng.choice(('05', '20', '40'))} Uhr")
    elif day or place:
        head.append(right(", den ".join(x for x in (place, day) if x)))
    body = [ref.paragraph(i, superscript) for i in range(len(ref.paragraphs))]
    notes = ["_" * 10, *(f"{k} {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    level = frozenset(m for m in ref.markings if m in _STUFE)
    return Rendered(join([head, *body, notes]), Expected.of(ref, classification=level, place=place))


def confidential_print(ref: Reference, rng: random.Random) -> Rendered:
    """The Foreign Office's Confidential Print: the property notice, the level centred, the print's file number on
    the right, "No. 66." alone, the heading run on with the day received ("Letter From ...—(Received February
    17.)"), "(No. 45. Secret. Eyes Only.)" on the left with the place on the right and the date on the right of the
    next line, "(1)" markers glued to the word and the notes at the end as "(1) text"."""
    levels, _, _ = split_markings(ref.markings)
    top = ["THIS DOCUMENT IS THE PROPERTY OF HER BRITANNIC MAJESTY'S GOVERNMENT", ""]
    if levels:
        top.append(centre(levels[0]))
    top.append(right(f"AN {1011 + int(ref.number) % 9}/{int(ref.number)}"))
    heading = ref.title
    if ref.date and ref.date.start == ref.date.end and not ref.date.supplied:
        got = _next_day(ref.date.start)
        heading += f".—(Received {MONTHS[got.month - 1]} {got.day}.)"
    serial = f"(No. {40 + int(ref.number)}." + "".join(f" {typed(m, 'title')}." for m in ref.markings) + ")"
    day = date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    place_line = serial + (ref.place + ",").rjust(max(65 - len(serial), len(ref.place) + 4)) if ref.place else serial
    dated = [place_line] + ([right(day + ".")] if day else [])
    body = [ref.paragraph(i, lambda k: f"({k})") for i in range(len(ref.paragraphs))]
    notes = [f"({k}) {text}" for k, text in enumerate(ref.notes, 1)] if ref.notes else None
    return Rendered(join([top, f"No. {ref.number}.", heading, dated, *body, notes]), Expected.of(ref))


def bdee(ref: Reference, rng: random.Random) -> Rendered:
    """British Documents on the End of Empire as printed: each document headed by its number, its file reference
    and its date on one line ("66   PREM 11/3689, no 12   15 Feb 1962"), then the title, the marking in capitals
    on a line of its own ("TOP SECRET AND PERSONAL" style, the level and handling joined by "AND"), superscript
    markers and the notes at the end numbered "1." with no heading; no place."""
    day = date_text(ref, "{d} {mon} {y}", span="{a}–{b}", supplied="[{}]")
    line = f"{ref.number}   PREM 11/{3600 + int(ref.number)}, no {1 + int(ref.number) % 17}"
    if day:
        line += f"   {day}"
    stamp = " AND ".join(ref.markings) or None
    body = [ref.paragraph(i, superscript) for i in range(len(ref.paragraphs))]
    notes = [f"{k}. {text}" for k, text in enumerate(ref.notes, 1)] if ref.notes else None
    return Rendered(join([[line, ref.title], stamp, *body, notes]), Expected.of(ref, place=""))


def dnsa(ref: Reference, rng: random.Random) -> Rendered:
    """A ProQuest Digital National Security Archive record saved as text: the collection's name and span, the
    record's fields ("Accession Number:", "Document Date: February 15, 1962", "Document Title:", "Security
    Classification: SECRET" (the level only, as the record gives it), "Origin:", "From:", "To:", "Pages:", an
    "Abstract:" (the text's first words), "Keywords:"), then "Full Text" and the document without its editor's
    notes; no place."""
    who = parties(ref.title)
    levels, _, _ = split_markings(ref.markings)
    fields = ["Digital National Security Archive", "The Berlin Crisis, 1958-1962", "",
              f"Accession Number:   BC0{2800 + int(ref.number)}"]
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}", supplied="{} [date estimated]")
    fields.append(f"Document Date:   {day or 'Undated'}")
    fields.append(f"Document Title:   {ref.title}")
    fields.append(f"Security Classification:   {levels[0] if levels else 'UNCLASSIFIED'}")
    if who:
        fields += [f"Origin:   {who[1]}", f"From:   {who[1]}", f"To:   {who[2]}"]
    fields.append(f"Document Type:   {who[0] if who else 'Editorial Note'}")
    fields.append(f"Pages:   {1 + len(ref.paragraphs) // 4}")
    words = ref.paragraphs[0].split() if ref.paragraphs else []
    fields.append(f"Abstract:   {' '.join(words[:30])}{' ...' if len(words) > 30 else ''}")
    fields.append("Keywords:   Berlin Crisis; Soviet Union; Disarmament")
    fields.append("Copyright:   Digital National Security Archive, 2004")
    body = [ref.paragraph(i) for i in range(len(ref.paragraphs))]
    expected = Expected.of(ref, classification=frozenset(levels[:1]) if levels else frozenset(), footnotes=0, place="",
                           optional_markings=frozenset(ref.markings) | {"UNCLASSIFIED"})
    return Rendered(join([fields, "Full Text", *body]), expected)


def ddrs(ref: Reference, rng: random.Random) -> Rendered:
    """A Gale Declassified Documents Reference System record saved as text: "Title:", "Source:", "Document Type:
    LETTER", "Classification: SECRET" (the level), "Sanitization:", "Condition:", "Issue Date: Feb 15, 1962",
    "Date Declassified: Jan 30, 1996", "Pagination:", "Document Number: CK3100123456", Gale's citation with the day
    it was accessed, then the text without notes; no place."""
    who = parties(ref.title)
    levels, _, _ = split_markings(ref.markings)
    issued = date_text(ref, "{mon} {d}, {y}", span="{a} - {b}", supplied="{}")
    fields = [f"Title: {ref.title}", "Source: Department of State",
              f"Document Type: {(who[0] if who else 'Note').upper()}",
              f"Classification: {levels[0] if levels else 'UNCLASSIFIED'}", "Sanitization: Complete",
              "Condition: Complete", f"Issue Date: {issued or 'Undated'}",
              f"Date Declassified: {['Jan 30, 1996', 'Aug 4, 1997', 'Mar 12, 1993'][int(ref.number) % 3]}",
              f"Pagination: {1 + len(ref.paragraphs) // 4}", f"Document Number: CK31001{int(ref.number):05d}",
              f"Gale Document Number: CK23491{int(ref.number):05d}",
              "Declassified Documents Reference System. Farmington Hills, Mich.: Gale, 2009. Date Accessed: "
              "2019/03/05."]
    body = [ref.paragraph(i) for i in range(len(ref.paragraphs))]
    expected = Expected.of(ref, classification=frozenset(levels[:1]) if levels else frozenset(), footnotes=0, place="",
                           optional_markings=frozenset(ref.markings) | {"UNCLASSIFIED"})
    return Rendered(join([fields, *body]), expected)


def un_document(ref: Reference, rng: random.Random) -> Rendered:
    """A United Nations document: "UNITED NATIONS" and the organ on the left, the distribution ("Distr." over
    "GENERAL" or "LIMITED"), the symbol (S/5182), the date (15 February 1962) and "ORIGINAL: ENGLISH" stacked on the
    right, the title in capitals, "1/" markers glued to the word and the notes after a short rule as "1/ text"; a
    United Nations document carries no national marking and names no place."""
    n = int(ref.number)
    day = date_text(ref, "{d} {month} {y}", span="{a} - {b}", supplied="[{}]")
    right_col = ["Distr.", "LIMITED" if ref.markings else "GENERAL", "", f"S/{5100 + n}", *([day] if day else []),
                 "", "ORIGINAL: ENGLISH"]
    left_col = ["UNITED NATIONS", "", "SECURITY COUNCIL"]
    rows = [f"{(left_col[i] if i < len(left_col) else ''):<44}{r}".rstrip() for i, r in enumerate(right_col)]
    body = [ref.paragraph(i, lambda k: f"{k}/") for i in range(len(ref.paragraphs))]
    notes = ["-" * 8, *(f"{k}/ {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([rows, centre(ref.title.upper()), *body, notes]),
                    Expected.of(ref, classification=frozenset(), place=""))


def foia_release(ref: Reference, rng: random.Random) -> Rendered:
    """A FOIA release as the requester receives it: the agency's covering letter (its own date, case number,
    "Dear Mr. ...:", the request's date, a signature, "Enclosure: As stated."), then the released document under the
    review banner ("UNCLASSIFIED U.S. Department of State Case No. F-2018-01234 Doc No. C06512345 Date: 03/12/2019")
    and "RELEASED IN FULL": its stamp top and bottom, the place and date right-aligned, the title centred, the text;
    an original document carries no editor's notes."""
    n = int(ref.number)
    case = f"F-2018-{1200 + n:05d}"
    banner = f"UNCLASSIFIED U.S. Department of State Case No. {case} Doc No. C0{6512000 + n} Date: 03/12/2019"
    cover = ["United States Department of State", "Washington, D.C. 20520", "", right("March 12, 2019"), "",
             f"Case No. {case}", "", "Mr. John Smith", "Department of History", "State University", "",
             "Dear Mr. Smith:", "",
             "This is in response to your Freedom of Information Act (FOIA) request, dated February 2, 2018, for "
             "records on the exchanges between the United States and the Soviet Union. We searched the Central "
             "Foreign Policy Records and located one document responsive to your request. After review, we have "
             "determined that it may be released in full. It is enclosed.", "",
             "If you have any questions, you may contact our FOIA Requester Service Center.", "", "Sincerely,", "",
             "Jane Doe, Chief", "Requester Communication Branch", "Office of Information Programs and Services", "",
             "Enclosure: As stated."]
    stamp = " - ".join(ref.markings) or None
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}")
    corner = [right(x) for x in (ref.place, day) if x] or None
    body = [ref.paragraph(i) for i in range(len(ref.paragraphs))]
    text = join([cover, [banner, "RELEASED IN FULL"], centre(stamp) if stamp else None, corner, centre(ref.title),
                 *body, centre(stamp) if stamp else None, banner])
    return Rendered(text, Expected.of(ref, footnotes=0))


LAYOUTS = [
    Layout("catalogue", "archive catalogue record: Title:/Date:/Place:/Classification:/Source: fields, [1] notes",
           catalogue),
    Layout("cable", "telegram: stamps top and bottom, FROM/TO/NR/DATE, capitals body at 65 cols; no notes, no place",
           cable),
    Layout("memo", "memorandum: MEMORANDUM FOR/FROM/SUBJECT (the title), right-aligned dateline, * † ‡ notes",
           memo),
    Layout("hsg", "history.state.gov capture: '66. Letter From ...¹', source note as footnote 1, 'Moscow, undated.'",
           hsg),
    Layout("transcription", "transcription: 'Top Secret' at top, 'WASHINGTON, February 15, 1962' above the title, "
           "(1) notes under NOTES", transcription),
    Layout("letter", "typed letter: 'SECRET - EYES ONLY' top and bottom, centred title, place/date right-aligned, "
           "¹ notes", letter),
    Layout("typescript", "typescript: 'T O P   S E C R E T', capitals dateline and title, indented paragraphs "
           "without blank lines, 1/ notes", typescript),
    Layout("ocr", "OCR'd scan: 1% letter noise, broken hyphenation, page header/footer every 40 lines, glued note "
           "digits, markings at the bottom only", ocr),
    Layout("dublin_core", "repository item record: dc.title/dc.date.created (ISO, spans with /)/dc.rights, [1] "
           "notes under References", dublin_core),
    Layout("library_marc", "library catalogue's MARC display: '245 10 $a Title. $f 1962 Feb. 15.', 506 marking, "
           "651 subject place, (1) notes as 1); no place of origin", marc),
    Layout("markdown", "Markdown edition: '## Document 66', '### Title', **Date:** and **Classification:**, "
           "italic place, [^1] footnotes", markdown),
    Layout("wiki", "wiki/rST edition: title underlined with =, '15.2.1962; Moscow', [SECRET] brackets, [1] notes "
           "under an underlined Notes heading", wiki),
    Layout("email", "forwarded e-mail: outer header (2019), Sent:/Subject: (the title), Classification: banner, "
           "{1} notes; no place", email),
    Layout("form", "numbered form: '1. DATE OF DOCUMENT ..... 15 FEB 62', '5. TITLE OF DOCUMENT', NOTE 1 - "
           "remarks", form),
    Layout("spreadsheet", "spreadsheet row: tab-separated header and values (ISO date), ^1 notes", spreadsheet),
    Layout("french", "French finding aid: 'Le 15 février 1962' first, Intitulé :/Lieu :/Niveau de classification :, "
           "(1) notes", french),
    Layout("paged", "paged transcript: [Page N] markers, capitals title underlined, 'Moscow -- 10 March 1962', "
           "<1> notes under ENDNOTES", paged),
    Layout("letter_re", "business letter: office and place centred, date right, stamp flush left top and bottom, "
           "inside address, the title only as 'Re:', [a] lettered notes", letterhead),
    Layout("pdftotext_volume", "printed volume via pdftotext: form feeds, running heads with page numbers, "
           "'66. Letter ...1', notes at each page's foot as '2 text'", printed_page),
    Layout("gutenberg_etext", "Project Gutenberg e-text: capitals title, '_Moscow, February 15, 1962._', "
           "'SECRET--EYES ONLY.', [Pg N], [Footnote 1: ...] after its paragraph", gutenberg),
    Layout("container_list", "finding aid container list: collection/series spans, 'Item 66: Title, 1962 February 15', "
           "'Originally classified Secret', ¹ notes; no place", finding_aid),
    Layout("wikisource_page", "Wikisource page: page name, navigation bar with arrows, 'by' line, ↑ notes, site footer "
           "'last edited on 3 March 2021'", wikisource),
    Layout("wordproc_txt", "word processor's plain-text export: no blank lines, one line a paragraph, "
           "'SECRET//EYES ONLY' banner, weekday date, [i] roman endnotes", word_export),
    Layout("named_by_file", "transcription named only by its file name ('FRUS-VI-066 Letter From ... (1962-02-15).txt'), "
           "capitals dateline, stamp at the bottom, notes under 'NOTES:'", filename),
    Layout("journal_entry", "journal edition: weekday date first, caption, '[Moscow]', '(Secret; Eyes Only)', editor's "
           "notes inline as [Ed.: ...]", journal),
    Layout("ddf_edition", "Documents diplomatiques français: number, heading, 'T. nos ... Moscou, 15 février 1962, 19 h. "
           "Secret.', '(Reçu : le 16 ...)', (1) notes at the end", ddf),
    Layout("aapd_edition", "Akten zur Auswärtigen Politik: 'Nr. 66', file reference with 'geheim', Aufgabe:/Ankunft: "
           "or 'Moskau, den 15. Februar 1962', ¹ notes as '1 text'", aapd),
    Layout("confidential_print", "Foreign Office Confidential Print: property notice, 'No. 66.', heading with "
           "'—(Received February 17.)', '(No. 45. Secret.)  Moscow,', (1) notes", confidential_print),
    Layout("bdee_volume", "British Documents on the End of Empire: '66   PREM 11/3666, no 15   15 Feb 1962' over the "
           "title, 'SECRET AND EYES ONLY', ¹ notes as '1.'; no place", bdee),
    Layout("dnsa_record", "ProQuest DNSA record: Accession Number/Document Date/Document Title/Security Classification "
           "(level)/Abstract, 'Full Text'; no notes, no place", dnsa),
    Layout("ddrs_record", "Gale DDRS record: Title/Document Type/Classification (level)/Issue Date/Date Declassified/"
           "Document Number, 'Date Accessed'; no notes, no place", ddrs),
    Layout("un_document", "UN document: 'Distr. GENERAL', symbol S/5166 and date stacked right, capitals title, 1/ "
           "notes; no marking, no place", un_document),
    Layout("foia_release", "FOIA release: the agency's covering letter (2019), review banner and 'RELEASED IN FULL', "
           "then the document with its stamps; no notes", foia_release),
]
