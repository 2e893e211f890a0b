"""A fourth held-out layout set (``--set unseen4``): real sources' plain text, written without reading the parser.

Each layout imitates how one real kind of source presents a document as text when a user saves, exports or pastes
it: a Presidential library's digitized folder (its OCR text layer), a Roam Research Markdown export, the AsciiDoc
source of a digital edition, a Russian documentary edition in English translation, the Congressional Record's
text from govinfo, a Confluence page copied from the browser, an RTF translation turned into text by UnRTF, a
journal article's PDF from JSTOR as text, a project's document register printed from its database, and a
historian's Jupyter notebook exported as Markdown. None of these kinds is used by another set. Each says in its
Expected what its text does not state (no notes in an archive's copy, "undated" where the editors supplied the
date), and prints nothing it withholds.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from layouts_kit import (
    MONTHS,
    Expected,
    Layout,
    Rendered,
    centre,
    date_text,
    format_day,
    ocr_noise,
    paginate,
    right,
    split_markings,
    superscript,
    symbol,
    typed,
    wrap,
    wrap_hyphenated,
)
from layouts_reference import Reference


def date_forms(day: str) -> tuple[str, ...]:
    """The date forms these layouts print beyond the common ones: Roam's "October 27th, 1962", a register's
    "27-OCT-1962"."""
    return (format_day(day, "{month} {ord}, {y}"), format_day(day, "{dd}-{mon}-{y}"))


def _day(ref: Reference) -> date:
    return date.fromisoformat(ref.date.start) if ref.date else date(1962, 1, 1)


# -- 1. a Presidential library's digitized folder ------------------------------------------------------------

_SERIES = ("President's Office Files. Countries. USSR: Khrushchev correspondence",
           "National Security Files. Countries. USSR: Khrushchev correspondence",
           "President's Office Files. Special Correspondence")


def _folder(ref: Reference, rng: random.Random) -> Rendered:
    """The PDF of a digitized folder of the John F. Kennedy Library saved as text (its OCR layer): the folder title
    sheet (library, digital identifier, collection path, folder title with its year), the withdrawal sheet with
    the items still closed (their dates are not the document's; restriction codes), then the item as typed: the
    security stamp at the top and foot of each page, a declassification stamp with its own date, the title in
    capitals above the dateline, the text hard-wrapped with light OCR damage and "Page N of M" at the foot. An
    archive's copy has no editor's notes: none are printed or expected; the supplied dates are not on the item."""
    day = _day(ref)
    folder_no = rng.randint(100, 140)
    series = rng.choice(_SERIES)
    levels, precedence, handling = split_markings(ref.markings)
    stamp = " - ".join(typed(m) for m in levels + handling)
    identifier = f"JFKPOF-{folder_no:03d}-{rng.randint(1, 9):03d}"
    sheet = ["John F. Kennedy Presidential Library & Museum", "", f"Digital Identifier: {identifier}", "", "Papers of John F. Kennedy.", "Presidential Papers.", f"{series}, "
             f"{day.year}: {MONTHS[max(day.month - 2, 0)]}-{MONTHS[min(day.month, 11)]}", "", "\f"]
    withdrawn = []
    for i in range(1, rng.randint(2, 4)):
        other = day + timedelta(days=rng.randint(-40, 40))
        kind, who = rng.choice((("memo", "Bundy to JFK"), ("memo", "Rusk to JFK"), ("cable", "Moscow 1011"),
                                ("cable", "Deptel 965 to Moscow"), ("report", "CIA, Soviet intentions")))
        withdrawn.append(f"{i:<4}{kind:<10}{who:<28}"
                         f"{other.month}/{other.day}/{other.year % 100:02d}  {rng.choice(('3p', '2p', '1p'))}   A")
    sheet += [centre("WITHDRAWAL SHEET (PRESIDENTIAL LIBRARIES)", 72), "",
              "NO. FORM OF  CORRESPONDENTS OR TITLE         DATE      PAGES RESTRICTION", "    DOCUMENT", ""]
    sheet += withdrawn + ["", f"FILE LOCATION  Papers of John F. Kennedy. {series}. Box {rng.randint(120, 190)}.",
                          "", "RESTRICTION CODES", "(A) Closed by Executive Order 12356 governing access to national "
                          "security information.", "(B) Closed by statute or by the agency which originated the "
                          "document.", "", "\f"]
    head = [typed(m) for m in precedence] + [""] if precedence else []
    head += [centre(ref.title.upper(), 72)] if len(ref.title) <= 72 else wrap(ref.title.upper(), 72)
    dated = ref.date is not None and not ref.date.supplied
    dateline = ", ".join(p for p in (ref.place, ref.date_printed if dated else "") if p)
    if dateline:
        head += ["", right(dateline, 72)]
    body: list[str] = []
    for i in range(len(ref.paragraphs)):
        body += [""] + [ocr_noise(line, rng, 0.004) for line in wrap_hyphenated(
            ("     " if i else "") + ref.paragraph(i), 70, rng, 0.3)]
    lines = head + body
    pages = [lines[i:i + 46] for i in range(0, len(lines), 46)] or [[]]
    out = list(sheet)
    for n, page in enumerate(pages, 1):
        top = [centre(stamp, 72), ""] if stamp else []
        if n == 1 and stamp:
            top += ["DECLASSIFIED  E.O. 12958, Sec. 3.6", f"NLK-{rng.randint(90, 99)}-{rng.randint(10, 299)}",
                    f"By {rng.choice(('JW', 'SMF', 'RB'))} NARA, Date {rng.randint(1, 12)}/{rng.randint(1, 28)}/"
                    f"{rng.randint(96, 99)}", ""]
        foot = ["", centre(f"Page {n} of {len(pages)}", 72)] + (["", centre(stamp, 72)] if stamp else [])
        out += top + page + foot + ["\f"]
    expected = Expected.of(ref, footnotes=0, date=ref.date.iso if dated else None)
    return Rendered("\n".join(out) + "\n", expected, stem=f"{identifier}_item{ref.number.zfill(3)}")


# -- 2. Roam Research Markdown export ------------------------------------------------------------------------


def _roam_date(iso: str) -> str:
    return "[[" + format_day(iso, "{month} {ord}, {y}") + "]]"


def _roam(ref: Reference, rng: random.Random) -> Rendered:
    """A page of a researcher's Roam Research graph exported as Markdown: one file per page named by the page's
    title (the title is nowhere else), every line a "- " block with children indented four spaces, attributes as
    ``Name:: value`` with daily-note links in Roam's ordinal form ("[[October 27th, 1962]]"), markings as tags
    (#Secret #[[Eyes Only]]), the text as child blocks of a "Transcript" block with "[1]" markers and the notes
    as child blocks of "Notes". A supplied date is written as the researcher read it: the editors' bracketed span
    or day, marked "undated"."""
    kind = ref.title.split(" ")[0]
    out = [f"- Type:: [[{'Editorial Note' if ref.kind == 'editorial-note' else kind}]]"]
    if ref.date is not None:
        when = _roam_date(ref.date.start)
        if ref.date.end != ref.date.start:
            when += f" to {_roam_date(ref.date.end)}"
        out.append(f"- Date:: {when}" + (" (undated; date supplied by the editors)" if ref.date.supplied else ""))
    if ref.place:
        out.append(f"- Place:: [[{ref.place}]]")
    if ref.markings:
        tags = " ".join(f"#[[{typed(m, 'title')}]]" if " " in m else f"#{typed(m, 'title')}" for m in ref.markings)
        out.append(f"- Classification:: {tags}")
    out.append(f"- Source:: [[FRUS 1961-1963 Vol VI]], Document {ref.number}")
    out.append(f"- Tags:: #[[Kennedy-Khrushchev]] #{rng.choice(('primary-source', 'to-read', 'chapter-3'))}")
    out.append("- **Transcript**")
    out += [f"    - {ref.paragraph(i, lambda k: f'[{k}]')}" for i in range(len(ref.paragraphs))]
    if ref.notes:
        out.append("- **Notes**")
        out += [f"    - [{k}] {note}" for k, note in enumerate(ref.notes, 1)]
    stem = re.sub(r'[\\/:*?"<>|]', "-", f"FRUS VI {ref.number} - {ref.title}")
    return Rendered("\n".join(out) + "\n", Expected.of(ref), suffix=".md", stem=stem)


# -- 3. the AsciiDoc source of a digital edition -------------------------------------------------------------


def _adoc_escape(text: str) -> str:
    return text.replace("]", "\\]")


def _sentences(text: str) -> list[str]:
    """One sentence per line, as AsciiDoc writers keep their sources ("ventilated prose")."""
    ends = r"(?<=[a-z]{2}[.?!])\s+(?=[A-Z“\"(])|(?<=[a-z]{2}[.?!][”\"])\s+(?=[A-Z“\"(])"
    return [s for s in re.split(ends, text) if s]


def _asciidoc(ref: Reference, rng: random.Random) -> Rendered:
    """One chapter file (``.adoc``, saved as text) of a digital edition built with Asciidoctor: a comment line
    naming the volume, an anchor and role, a level-2 section title with the document number, the source note as
    a ``footnote:source[...]`` on the title, the dateline in an italic ``[.dateline]`` paragraph, the text one
    sentence per line with ``footnote:[...]`` macros inline (closing brackets escaped), blank lines between
    paragraphs. The supplied dates print "undated", as the edition does."""
    out = [f"// {ref.volume}", f"// document {ref.number}; generated {rng.choice(('2019', '2021', '2023'))} from "
           f"the edition's XML", "", f"[#{ref.doc_id}.document]"]
    title = f"== {ref.number}. {ref.title}"
    if ref.source_note:
        title += f" footnote:source[{_adoc_escape(ref.source_note)}]"
    out += [title, ""]
    if ref.date_printed or ref.place:
        where = ", ".join(p for p in (ref.place, ref.date_printed) if p)
        out += ["[.dateline]", f"_{where.rstrip('.')}._", ""]
    notes = list(ref.notes)
    for i in range(len(ref.paragraphs)):
        sentences = _sentences(ref.paragraph(i, lambda k: f"\0{k}\0"))  # a note's own full stops split nothing
        out += [re.sub(r"\0(\d+)\0", lambda m: f"footnote:[{_adoc_escape(notes[int(m.group(1)) - 1])}]", line)
                for line in sentences] + [""]
    dated = ref.date is not None and not ref.date.supplied
    return Rendered("\n".join(out), Expected.of(ref, date=ref.date.iso if dated else None), suffix=".txt",
                    stem=f"ch{ref.number.zfill(3)}")


# -- 4. a Russian documentary edition in English translation -----------------------------------------------


def _soviet(ref: Reference, rng: random.Random) -> Rendered:
    """A document of "Sovetsko-amerikanskie otnosheniya, 1961-1963" (Soviet-American Relations) in English
    translation, as its PDF gives it as text: "No. 66" and the title, the grade at the top right ("Secret", "Top
    secret") only for documents graded alone (handling and precedence words have no equivalent there, and the
    whole classification is then left out), the text, the signature, then place and date at the foot as Soviet
    letters give them ("Moscow, 27 October 1962"; a date the editors supplied in brackets, a span as "[30
    December 1961 - 18 January 1962]"), the archive reference ("AVP RF. F. 0129. Op. 46. ... Copy."), and the
    notes under a short rule with superscript numbers. Running heads carry the edition's title and page."""
    levels, precedence, handling = split_markings(ref.markings)
    graded = bool(levels) and not precedence and not handling
    out = [f"No. {ref.number}", "", *wrap(ref.title, 72), ""]
    if graded:
        out += [right(typed(m).capitalize(), 72) for m in levels] + [""]
    for i in range(len(ref.paragraphs)):
        out += wrap(ref.paragraph(i, superscript), 72, indent="", first="    ") + [""]
    when = date_text(ref, "{d} {month} {y}", span="{a} - {b}", supplied="[{}]")
    foot = ", ".join(p for p in (ref.place, when) if p)
    if foot:
        out += [foot, ""]
    fond = rng.choice(("AVP RF. F. 0129. Op. 46. P. 331. D. 4.", "AP RF. F. 3. Op. 66. D. 311.",
                       "RGANI. F. 52. Op. 1. D. 595."))
    out += [f"{fond} L. {rng.randint(1, 90)}-{rng.randint(91, 180)}. {rng.choice(('Copy', 'Original'))}.", ""]
    if ref.notes:
        out += ["_______"] + [line for k, note in enumerate(ref.notes, 1)
                              for line in wrap(f"{superscript(k)} {note}", 72)]
    page = rng.randint(180, 600)
    running = ["SOVIET-AMERICAN RELATIONS, 1961-1963", "DOCUMENTS"]
    lines = paginate(out, 50, lambda n: [f"{page + n - 1}{running[n % 2]:>68}", ""], lambda n: [""])
    expected = Expected.of(ref, classification=frozenset(ref.markings) if graded else frozenset())
    return Rendered("\n".join(lines) + "\n", expected, stem=f"sao_{ref.number.zfill(3)}")


# -- 5. the Congressional Record's text from govinfo ----------------------------------------------------------

_SPEAKERS = ("Mr. LEAHY", "Mr. LUGAR", "Mr. BIDEN", "Mr. KENNEDY", "Mr. DODD", "Mrs. FEINSTEIN")


def _gpo(text: str) -> str:
    """Text as GPO's Record files type it: ``quotes'' and -- for dashes."""
    return (text.replace("“", "``").replace("”", "''").replace("‘", "`").replace("’", "'").replace("—", "--")
            .replace("–", "-"))


def _record(ref: Reference, rng: random.Random) -> Rendered:
    """The text of a Congressional Record page from govinfo (CREC .txt): the bracketed header with volume, number
    and the issue's own date (a session day of 2002, at the crisis's fortieth anniversary), chamber and pages, the
    GPO line, the insertion's heading in capitals, a Senator's request and the Record's formula as paragraphs of
    their own, then the document as printed there: its markings typed in capitals with "--", the dateline,
    paragraphs opened by two spaces, lines wrapped short with a space at their end, quotes typed ``so'', a
    "[[Page S9708]]" marker where the printed page turns, and no notes (the Record prints none); a rule of
    underscores closes the insertion."""
    issue = date(2002, 10, rng.choice((1, 2, 3, 8, 9, 10, 16, 17)))
    weekday = issue.strftime("%A")
    number = 120 + (issue - date(2002, 10, 1)).days
    page = rng.randint(9700, 10400)
    speaker = rng.choice(_SPEAKERS)
    out = [f"[Congressional Record Volume 148, Number {number} ({weekday}, {MONTHS[issue.month - 1]} {issue.day}, "
           f"{issue.year})]", "[Senate]", f"[Pages S{page}-S{page + rng.randint(1, 3)}]",
           "From the Congressional Record Online through the Government Publishing Office [www.gpo.gov]", "", "", "",
           *(centre(line, 72) for line in wrap(ref.title.upper(), 60)), "", ""]
    body = [f"  {speaker}. Mr. President, I ask unanimous consent that the text of this document, declassified and "
            f"published by the Department of State, be printed in the Record.",
            "  There being no objection, the material was ordered to be printed in the Record, as follows:"]
    for paragraph in body:
        out += [line + " " for line in wrap(paragraph, 64)]
    out.append("")
    if ref.markings:
        out += [centre("--".join(typed(m) for m in ref.markings), 72), ""]
    dated = ref.date is not None and not ref.date.supplied
    if ref.place or ref.date_printed:
        where = ", ".join(p for p in (ref.place, ref.date_printed) if p)
        out += [f"                                 {where.rstrip('.')}.", ""]
    turn = rng.randint(30, 60)
    for i in range(len(ref.paragraphs)):
        lines = [line + " " for line in wrap(_gpo(ref.paragraph(i)), 64, first="  ")]
        if len(out) + len(lines) > turn:  # the printed page turns inside this paragraph
            cut = max(1, turn - len(out))
            page += 1
            lines[cut:cut] = ["", f"[[Page S{page}]]", ""]
            turn += 110
        out += lines
    out += ["", "                          ____________________", ""]
    return Rendered("\n".join(out), Expected.of(ref, footnotes=0, date=ref.date.iso if dated else None),
                    stem=f"CREC-{issue.isoformat()}-pt1-PgS{page}-{ref.number}")


# -- 6. a Confluence page copied from the browser ------------------------------------------------------------


def _confluence(ref: Reference, rng: random.Random) -> Rendered:
    """A page of a research group's Confluence space, selected in the browser and pasted into a text file: the
    breadcrumb trail, the page title, "Created by ..., last modified on Mar 04, 2021" (the page's dates, not the
    document's), the Page Properties table pasted as tab-separated rows (Document, Date in Confluence's "27 Oct
    1962" form, Origin, Classification, Archive), the transcript with note numbers glued to the word as pasted
    superscripts ("letter2"), the notes as an ordered list under "Notes", and the page's footer (likes, labels,
    "Powered by Atlassian Confluence")."""
    who = rng.choice(("Anna Keller", "Tom Reyes", "Priya Nair", "Jonas Berg"))
    edited = date(2021, 1, 1) + timedelta(days=rng.randint(0, 700))
    out = ["Pages  /  Cold War Reading Group  /  Source packets  /  Kennedy-Khrushchev", "", ref.title, "",
           f"Created by {who}, last modified on {edited.strftime('%b')} {edited.day:02d}, {edited.year}", ""]
    rows = [("Document", f"FRUS 1961-1963, Volume VI, Document {ref.number}")]
    if ref.date is not None:
        when = date_text(ref, "{d} {mon} {y}", span="{a} – {b}", supplied="{} (undated)")
        rows.append(("Date", when))
    if ref.place:
        rows.append(("Origin", ref.place))
    if ref.markings:
        rows.append(("Classification", ", ".join(typed(m, "title") for m in ref.markings)))
    if ref.source_note:
        archive = re.sub(r"^Source:\s*", "", ref.source_note).split(". ")[0]
        rows.append(("Archive", archive))
    out += [f"{a}\t{b}" for a, b in rows] + ["", "Transcript", ""]
    out += [line for i in range(len(ref.paragraphs)) for line in (ref.paragraph(i, str), "")][:-1]
    if ref.notes:
        out += ["", "Notes", ""] + [f"{k}. {note}" for k, note in enumerate(ref.notes, 1)]
    out += ["", "Like Be the first to like this", "No labels", "", "Powered by Atlassian Confluence 7.13.2",
            "Printed by Atlassian Confluence 7.13.2", "Report a bug", "Atlassian News"]
    return Rendered("\n".join(out) + "\n", Expected.of(ref), stem=f"confluence-{ref.number}")


# -- 7. an RTF translation as UnRTF gives it -------------------------------------------------------------


def _unrtf(ref: Reference, rng: random.Random) -> Rendered:
    """A typed translation kept as an RTF file and turned into text with ``unrtf --text``: UnRTF's "###" header
    (version, font table, the file's creation and revision times, its title and author from the info group), a
    row of dashes, then the translation as the Division of Language Services typed it (division, "(TRANSLATION)",
    LS number, language; an American original is headed "COPY"), the markings in capitals one to a line, the
    dateline at the right, paragraphs one per line opened by a tab with no blank line between them (each RTF
    \\par a line), the notes after a line of underscores marked with the printers' symbols (*, †...). An undated
    document prints no date."""
    made = date(2003, 1, 1) + timedelta(days=rng.randint(0, 1500))
    out = ["###  Translation from RTF performed by UnRTF, version 0.21.10 ",
           f"### font table contains {rng.randint(2, 5)} fonts total",
           f"### creation date: {made.day:02d} {MONTHS[made.month - 1]} {made.year} {rng.randint(8, 18)}:"
           f"{rng.randint(0, 59):02d}",
           f"### revision date: {made.day:02d} {MONTHS[made.month - 1]} {made.year} {rng.randint(8, 18)}:"
           f"{rng.randint(0, 59):02d}",
           f"### title: {ref.title}", "### author: Reading Room transcription", "-----------------", ""]
    sender = ref.title.split(" to ")[0]
    if any(w in sender for w in ("Khrushchev", "Chairman", "Soviet Government")):  # a Soviet original, translated
        out += ["DIVISION OF LANGUAGE SERVICES", "(TRANSLATION)", f"LS NO. {rng.randint(40000, 49999)}",
                f"T-{rng.randint(10, 99)}/R-{rng.choice(('XII', 'XIV', 'IX'))}", "Russian", ""]
    else:  # an American original: the researcher's typed copy
        out += ["COPY", ""]
    if ref.markings:
        out += [typed(m) for m in ref.markings] + [""]  # each marking typed on a line of its own
    dated = ref.date is not None and not ref.date.supplied
    if ref.place or dated:
        out += ["\t\t\t\t\t" + ", ".join(p for p in (ref.place, ref.date_printed if dated else "") if p), ""]
    out += ["\t" + ref.paragraph(i, symbol) + " " for i in range(len(ref.paragraphs))]
    if ref.notes:
        out += ["", "_______________"] + [f"{symbol(k)} {note} " for k, note in enumerate(ref.notes, 1)]
    return Rendered("\n".join(out) + "\n", Expected.of(ref, date=ref.date.iso if dated else None),
                    stem=f"LS-translation-{ref.number}")


# -- 8. a journal article's PDF from JSTOR, as text ----------------------------------------------------------


def _jstor(ref: Reference, rng: random.Random) -> Rendered:
    """The pages of a journal's "Documents" section that print one document, from a JSTOR PDF saved as text: JSTOR's
    cover page (the article's own title, author, source with the issue's date, stable URL, "Accessed" date, terms
    paragraph), then each page with the journal's running head and page number, the document's title as a
    heading, the dateline, the text hard-wrapped with hyphenation, the notes at the page foot numbered on from the
    article's earlier notes (the source note first), superscripts read as plain digits glued to the word, and at
    every page's foot JSTOR's "This content downloaded from ... on Tue, 03 Mar 2020 ..." stamp."""
    first_note = rng.randint(8, 40)  # the article's own notes come first
    accessed = date(2019, 1, 1) + timedelta(days=rng.randint(0, 900))
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    stamp = (f"This content downloaded from 128.{rng.randint(10, 250)}.{rng.randint(1, 250)}.{rng.randint(1, 250)} "
             f"on {accessed.strftime('%a')}, {accessed.day:02d} {accessed.strftime('%b')} {accessed.year} "
             f"{hour:02d}:{minute:02d}:{rng.randint(0, 59):02d} UTC")
    volume = rng.randint(20, 30)
    cover = ["Kennedy, Khrushchev, and the Letters: New Documents", "Author(s): Editors", f"Source: Diplomatic "
             f"History, Vol. {volume}, No. {rng.randint(1, 4)} (Spring {volume + 1976}), pp. {rng.randint(100, 400)}-"
             f"{rng.randint(401, 700)}", "Published by: Oxford University Press",
             f"Stable URL: https://www.jstor.org/stable/{rng.randint(24000000, 24999999)}",
             f"Accessed: {accessed.day:02d}-{accessed.month:02d}-{accessed.year} {hour:02d}:{minute:02d} UTC", "",
             "JSTOR is a not-for-profit service that helps scholars, researchers, and students discover, use, and "
             "build upon a wide", "range of content in a trusted digital archive. We use information technology "
             "and tools to increase productivity and", "facilitate new forms of scholarship. For more information "
             "about JSTOR, please contact support@jstor.org.", "", "Your use of the JSTOR archive indicates your "
             "acceptance of the Terms & Conditions of Use, available at", "https://about.jstor.org/terms", "", stamp,
             "All use subject to https://about.jstor.org/terms", "\f"]
    numbers = {k: first_note + k - (0 if ref.source_note else 1) for k in range(1, len(ref.notes) + 1)}
    head = wrap(ref.title, 60)
    if ref.source_note:
        head[-1] += str(first_note)
    head.append("")
    if ref.place or ref.date_printed:
        head += [", ".join(p for p in (ref.place, ref.date_printed) if p), ""]
    body = list(head)
    ends = []  # the line on which each paragraph ends
    for i in range(len(ref.paragraphs)):
        body += wrap_hyphenated("   " + ref.paragraph(i, lambda k: str(numbers[k])), 68, rng, 0.5)
        ends.append(len(body) - 1)
    per_page = 40
    pages = [body[i:i + per_page] for i in range(0, len(body), per_page)] or [[]]
    foot: dict[int, list[str]] = {}  # page index -> its notes: a note at the foot of the page its paragraph ends on
    if ref.source_note:
        foot.setdefault(0, []).append(f"{first_note}. {ref.source_note}")
    for k, note in enumerate(ref.notes, 1):
        foot.setdefault(ends[ref.anchors[k - 1][0]] // per_page, []).append(f"{numbers[k]}. {note}")
    start = rng.randint(100, 600)
    out = list(cover)
    for n, page in enumerate(pages):
        page_no = start + n
        heading = f"{page_no}   DIPLOMATIC HISTORY" if page_no % 2 == 0 else f"{'Documents':>60}   {page_no}"
        notes = [line for f in foot.get(n, []) for line in wrap(f, 68)]
        out += [heading, ""] + page + ([""] + notes if notes else [])
        out += ["", stamp, "All use subject to https://about.jstor.org/terms", "\f"]
    dated = ref.date is not None and not ref.date.supplied
    return Rendered("\n".join(out) + "\n", Expected.of(ref, date=ref.date.iso if dated else None),
                    stem=f"jstor-{ref.number}")


# -- 9. a document register printed from a project database -----------------------------------------------


def _register(ref: Reference, rng: random.Random) -> Rendered:
    """One entry of a project's document register as its database prints it (a mail-merge report saved as text):
    a header line with the project, "DOCUMENT REGISTER" and the page, a rule of equals signs, aligned ``Field :
    value`` rows (register number, the document's date in the database's "27-OCT-1962" form, from, to, title,
    place, grading in capitals with slashes or "Unmarked", location from the source note, number of notes), a
    dashed rule, "FULL TEXT:" and the paragraphs, "EDITOR'S NOTES:" with "(1)" notes, and the printing line with
    the report's own date. A supplied date is entered with "(supplied)", a span as "from ... to ..."."""
    page = int(ref.number)
    out = [f"PROJECT KK-LETTERS{'DOCUMENT REGISTER':>34}{'Page ' + str(page):>27}", "=" * 79]
    fields = [("Reg. no.", ref.number.zfill(4))]
    if ref.date is not None:
        when = date_text(ref, "{dd}-{mon}-{y}", span="from {a} to {b}", supplied="{} (supplied)").upper()
        fields.append(("Date of doc.", when.replace("FROM", "from").replace(" TO ", " to ").replace(
            "(SUPPLIED)", "(supplied)")))
    else:
        fields.append(("Date of doc.", ""))
    who = ref.title.split(" From ", 1)[-1].split(" to ") if " From " in ref.title else ["", ""]
    fields += [("From", who[0]), ("To", who[1] if len(who) > 1 else ""), ("Title", ref.title)]
    fields.append(("Place", ref.place))
    fields.append(("Grading", " / ".join(ref.markings) if ref.markings else "Unmarked"))
    if ref.source_note:
        fields.append(("Location", re.sub(r"^Source:\s*", "", ref.source_note).split(". ")[0]))
    fields.append(("Notes", str(len(ref.notes))))
    for name, value in fields:
        lines = wrap(value, 62) if value else [""]
        out.append(f"{name:<14}: {lines[0]}".rstrip())
        out += [" " * 16 + line for line in lines[1:]]
    out += ["-" * 79, "FULL TEXT:", ""]
    for i in range(len(ref.paragraphs)):
        out += wrap(ref.paragraph(i, lambda k: f"({k})"), 79) + [""]
    if ref.notes:
        out += ["EDITOR'S NOTES:", ""] + [line for k, note in enumerate(ref.notes, 1)
                                          for line in wrap(f"({k}) {note}", 79, indent="    ")] + [""]
    printed = date(1994, 1, 1) + timedelta(days=rng.randint(0, 700))
    out += ["-" * 79, f"Printed {printed.day:02d}/{printed.month:02d}/{printed.year} by REGISTER v2.1"
                      f"{'End of entry':>39}"]
    return Rendered("\n".join(out) + "\n", Expected.of(ref), stem=f"register_{ref.number.zfill(4)}")


# -- 10. a historian's Jupyter notebook as Markdown --------------------------------------------------------


def _notebook(ref: Reference, rng: random.Random) -> Rendered:
    """A historian's Jupyter notebook (one per document) exported with ``jupyter nbconvert --to markdown``: a
    heading cell with the document number and title, a code cell that loads the document's record from the
    project's table and prints it (the output indented four spaces, a Python dict with the date in ISO form,
    place and markings as a list), then Markdown cells with the text, notes as ``<sup>1</sup>`` markers and a
    "### Notes" list, and a last code cell that counts words, with its output."""
    record = {"doc": f"frus1961-63v06/d{ref.number}", "date": ref.date.iso if ref.date else None,
              "place": ref.place or None, "classification": list(ref.markings), "notes": len(ref.notes)}
    out = [f"## {ref.number}. {ref.title}", "", "```python", "row = letters.loc[%r]" % f"d{ref.number}",
           "print(row.to_dict())", "```", ""]
    out += ["    " + repr(record), "", ""]
    out += [ref.paragraph(i, lambda k: f"<sup>{k}</sup>") + "\n" for i in range(len(ref.paragraphs))]
    if ref.notes:
        out += ["### Notes", ""] + [f"{k}. {note}" for k, note in enumerate(ref.notes, 1)] + [""]
    words = sum(len(p.split()) for p in ref.paragraphs)
    out += ["```python", "len(text.split())", "```", "", "", "", "", f"    {words}", "", ""]
    return Rendered("\n".join(out), Expected.of(ref), suffix=".md", stem=f"d{ref.number}_reading")


LAYOUTS = [
    Layout("jfk_library_folder", "a Presidential library's digitized folder as text: folder title sheet, withdrawal "
           "sheet, the item with stamps at top and foot, a declassification stamp; no notes", _folder),
    Layout("roam_export", "a Roam Research page exported as Markdown: file named by the title, Name:: attributes, "
           "ordinal daily-note dates, tags for markings, notes as child blocks", _roam),
    Layout("asciidoc_source", "the AsciiDoc source of a digital edition: section title with number, footnote:[] "
           "macros inline, source note on the title, one sentence per line", _asciidoc),
    Layout("soviet_edition_en", "a Russian documentary edition in English translation: grade at the top right, "
           "place and date at the foot, archive reference, superscript notes", _soviet),
    Layout("congressional_record", "the Congressional Record's text from govinfo: bracketed issue header, "
           "heading in capitals, a Senator's request, the document inserted without notes", _record),
    Layout("confluence_page", "a Confluence page copied from the browser: breadcrumbs, last-modified line, page "
           "properties as tab rows, glued note digits, Notes list, footer", _confluence),
    Layout("unrtf_translation", "an RTF of a typed State Department translation as unrtf --text gives it: ### "
           "header, LS number, tab-indented one-line paragraphs, symbol notes", _unrtf),
    Layout("jstor_pdf_text", "a journal's Documents section from a JSTOR PDF as text: cover page, running heads, "
           "notes numbered on from the article's at each page foot, download stamp", _jstor),
    Layout("document_register", "a project's document register printed from its database: aligned Field : value "
           "rows, 27-OCT-1962 dates, grading or Unmarked, FULL TEXT, (1) notes, print date", _register),
    Layout("nbconvert_notebook", "a historian's Jupyter notebook exported by nbconvert to Markdown: heading cell, a "
           "printed dict record with an ISO date, text cells, <sup> notes", _notebook),
]
