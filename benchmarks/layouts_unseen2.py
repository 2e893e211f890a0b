"""A second held-out set of layouts (``--set unseen2``): how real editions, databases and tools present a document
as text, written by someone who has read neither the parser nor the other sets' layouts.

Each layout imitates one real source, named in its docstring, as a user would save or paste it: a web edition of
another government's documents (Australia, Canada, Ireland), a printed bulletin's PDF text or a scanned volume's
full text, a transcript site, an outliner's page, an edition's LaTeX source, a monitoring service's daily report, a
thesis appendix. What the real source leaves out (a transcript page prints no classification, a broadcast has no
footnotes), the layout leaves out too and its ``Expected`` says so. Whoever tunes the parser does not read this
file nor the failures of ``python benchmarks/layouts.py --set unseen2``.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import layouts_kit as kit
from layouts_kit import Expected, Layout, Rendered
from layouts_reference import Reference

# -- what the source note says, in the pieces the layouts print -------------------------------------------

_MARKING_SENTENCE = re.compile(
    r"\.\s+(?=(?:Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified|Eyes Only|"
    r"Niact|Priority|Operational Immediate|No classification marking)\b)")


def archive_reference(ref: Reference) -> str:
    """Where the original is: the source note without "Source:" and up to its classification sentence."""
    text = re.sub(r"^Source:\s*", "", ref.source_note)
    return _MARKING_SENTENCE.split(text, maxsplit=1)[0].rstrip(" .")


def kind(ref: Reference) -> str:
    """"Letter", "Telegram", "Oral Statement"...: the title's words before "From"/"by", "" for an editorial note."""
    found = kit.parties(ref.title)
    return found[0] if found else ""


def dotted_time(ref: Reference) -> str:
    """The hour as British and Australian editions print it: "5.45 p.m."."""
    return kit.time_of_day(ref).replace(":", ".")


# a sender whose message reached Washington in Russian (the Embassy in the Soviet Union wrote in English)
SOVIET_SENDER = re.compile(r"Khrushchev|Brezhnev|Mikoyan|Gromyko|Dobrynin|Soviet Ministry|Soviet Government|Soviet "
                           r"Ambassador|Soviet Union to (?!the Department)")

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman_day(iso: str) -> str:
    """"23.X.1962": the day, the month in Roman numerals, the year, as Central and East European typists wrote."""
    day = date.fromisoformat(iso)
    return f"{day.day}.{ROMAN[day.month - 1]}.{day.year}"


def ordinal_day(iso: str) -> str:
    """"Oct 23rd, 1962": Logseq's default date format (MMM do, yyyy)."""
    return kit.format_day(iso, "{mon} {ord}, {y}")


# every form of a day these layouts print, for the test that each rendering states its date
DATE_FORMATS = ("{d} {month} {y}", "{month} {d}, {y}", "{mon} {ord}, {y}", "{d} {mon} {yy}", "{mon}. {d}, {y}",
                "{d} {mon} {y}")


def date_forms(iso: str) -> set[str]:
    return {kit.format_day(iso, fmt) for fmt in DATE_FORMATS} | {roman_day(iso)}


def markings_line(ref: Reference, order: str = "level first", style: str = "caps", sep: str = " ") -> str:
    """The markings on one line: security level, precedence and handling in the order a format gives them."""
    levels, precedence, handling = kit.split_markings(ref.markings)
    words = precedence + levels + handling if order == "precedence first" else levels + handling + precedence
    return sep.join(kit.typed(m, style) for m in words)


def marked(ref: Reference, index: int, marker) -> str:
    return ref.paragraph(index, marker)


def paragraphs(ref: Reference, marker=None) -> list[str]:
    return [ref.paragraph(i, marker) for i in range(len(ref.paragraphs))]


def latex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    for ch in "&%$#_":
        text = text.replace(ch, "\\" + ch)
    text = re.sub(r"“|\"(?=\w)", "``", text)
    text = text.replace("”", "''").replace('"', "''").replace("‘", "`").replace("’", "'")
    return text.replace("—", "---").replace("–", "--")


# -- the layouts ------------------------------------------------------------------------------------------


def dafp_online(ref: Reference, rng: random.Random) -> Rendered:
    """Documents on Australian Foreign Policy, a volume's document page on the DFAT historical documents site
    (and its mirror of the printed volumes), copied from the browser: the site's navigation, the heading
    "61 TELEGRAM FROM ... TO ..." in capitals, then the document's type line ("Cablegram"), its dateline in
    capitals with a dotted hour ("MOSCOW, 23 October 1962, 5 p.m."), precedence and classification on one line
    ("NIACT SECRET EYES ONLY"), the text with notes as " [1]", the archive reference in square brackets, and the
    notes as "[1] ...". A date the editors supplied stands in square brackets."""
    kind_line = {"Telegram": "Cablegram"}.get(kind(ref), kind(ref))
    head = ["Home > About us > Publications > Historical documents", "",
            f"Historical documents: {ref.volume}", "",
            f"‹ Previous document    Document {ref.number}    Next document ›", "",
            f"{ref.number} {ref.title.upper()}"]
    dateline = []
    if kind_line:
        dateline.append(kind_line)
    when = kit.date_text(ref, "{d} {month} {y}", span="between {a} and {b}", supplied="[{}]")
    if when:
        hour = dotted_time(ref)
        dateline.append(", ".join(p for p in (ref.place.upper(), when, hour) if p))
    markings = markings_line(ref, "precedence first")
    if markings:
        dateline.append(markings)
    body = paragraphs(ref, lambda k: f" [{k}]")
    tail = [f"[{archive_reference(ref)}]"] if ref.source_note else []
    notes = [f"[{k}] {text}" for k, text in enumerate(ref.notes, 1)]
    return Rendered(kit.join([head, dateline, *body, tail, notes, ["Back to top", "", "Share this page"]]),
                    Expected.of(ref))


def dcer_edition(ref: Reference, rng: random.Random) -> Rendered:
    """Documents on Canadian External Relations as the printed volume sets a document (and its PDF text gives
    it): the file reference alone at the top ("DEA/50271-A-40", here the archive reference), the document number,
    the heading, then one line with the document's type and number on the left and place and date on the right,
    the markings in capitals with full stops ("SECRET. EYES ONLY. NIACT."), the text hard-wrapped, and the notes
    at the foot with superscript numbers, below a short rule."""
    number = re.match(r"(\d+)\.", ref.paragraphs[0]) if ref.paragraphs else None
    kind_text = kind(ref).upper() + (f" {number.group(1)}" if number and kind(ref) == "Telegram" else "")
    lines = [archive_reference(ref) if ref.source_note else "", "", f"{ref.number}.", "", *kit.wrap(ref.title, 60)]
    when = kit.date_text(ref, "{month} {d}, {y}", span="{a}–{b}")
    place_date = ", ".join(p for p in (ref.place, when) if p)
    head = [kind_text.ljust(max(len(kind_text) + 4, 70 - len(place_date))) + place_date
            if kind_text or place_date else ""]
    markings = ". ".join(kit.typed(m) for m in (lambda s: s[0] + s[2] + s[1])(kit.split_markings(ref.markings)))
    if markings:
        head.append(markings + ".")
    body = ["\n".join(kit.wrap(p, 70)) for p in paragraphs(ref, kit.superscript)]
    notes = ["\n".join(kit.wrap(f"{kit.superscript(k)} {text}", 70)) for k, text in enumerate(ref.notes, 1)]
    foot = ["_" * 12, *notes] if notes else []
    return Rendered(kit.join([lines, head, *body, "\n\n".join(foot)]), Expected.of(ref))


def difp_online(ref: Reference, rng: random.Random) -> Rendered:
    """Documents on Irish Foreign Policy's online edition (difp.ie, and the older viewdoc pages), copied: the
    volume line, the title, "No. 61 <archive reference>", the classification in capitals on its own line, the
    dateline "Moscow, 23 October 1962", the text with the note numbers glued to the word before them (a
    superscript copied as a plain digit: "Morocco2"), the notes as "1 ..." under the text, and the site's footer."""
    when = kit.date_text(ref, "{d} {month} {y}", span="{a} – {b}")
    head = ["Documents on Irish Foreign Policy", f"Volume: {ref.volume}", "", ref.title, "",
            f"No. {ref.number} {archive_reference(ref)}" if ref.source_note else f"No. {ref.number}"]
    stamp = [markings_line(ref, style="caps")] if ref.markings else []
    dateline = [", ".join(p for p in (ref.place, when) if p)] if when or ref.place else []
    body = paragraphs(ref, str)
    notes = [f"{k} {text}" for k, text in enumerate(ref.notes, 1)]
    footer = ["Royal Irish Academy · National Archives · Department of Foreign Affairs",
              "Search the documents | Browse by volume | About the project | Contact"]
    return Rendered(kit.join([head, stamp, dateline, *body, notes, footer]), Expected.of(ref))


def cwihp_bulletin(ref: Reference, rng: random.Random) -> Rendered:
    """A document in the Cold War International History Project Bulletin, as the PDF's text comes out: two
    narrow columns read one after the other (lines of about 45 characters, words broken with hyphens), the
    running head and page number between pages, the heading with the date after a comma ("Letter from ... to
    ..., 23 October 1962"), the translator's headnote in square brackets giving the archive and the translator,
    the markings in capitals line by line, and the notes as endnotes under "NOTES" with the article's own
    numbers. The Bulletin prints no place line."""
    when = kit.date_text(ref, "{d} {month} {y}", span="{a}-{b}", supplied="[{}]")
    heading = ref.title + (f", {when}" if when else "")
    sender = (kit.parties(ref.title) or ("", "", ""))[1]
    translated = " Translated from Russian for CWIHP." if re.search(SOVIET_SENDER, sender) else ""
    source = f"[Source: {archive_reference(ref)}.{translated}]" if ref.source_note else "[Editors' note.]"
    start = rng.randint(4, 60)  # the endnote numbers continue the article's, which opened with an introduction
    col: list[str] = []
    col += kit.wrap(heading, 45) + [""] + kit.wrap(source, 45) + [""]
    levels, precedence, handling = kit.split_markings(ref.markings)
    col += [kit.typed(m) for m in levels + handling + precedence] + ([""] if ref.markings else [])
    for text in paragraphs(ref, lambda k: kit.superscript(start + k - 1)):
        col += kit.wrap_hyphenated(text, 45, rng, rate=0.6) + [""]
    if ref.notes:
        col += ["NOTES", ""]
        for k, text in enumerate(ref.notes, start):
            col += kit.wrap(f"{k} {text}", 45) + [""]
    page = rng.randint(100, 400)
    issue = "COLD WAR INTERNATIONAL HISTORY PROJECT BULLETIN, ISSUE 8-9"

    def header(n: int) -> list[str]:
        number = page + n - 1
        return [f"{number} {issue}", ""] if number % 2 == 0 else [f"{issue} {number}", ""]

    lines = kit.paginate(col, 58, header, lambda n: ["", ""])
    return Rendered("\n".join(lines).rstrip() + "\n", Expected.of(ref, place=""))


def presidency_project(ref: Reference, rng: random.Random) -> Rendered:
    """A document page of The American Presidency Project (UC Santa Barbara), selected and copied: the site's
    menu, the president the page is filed under and his term, the title, the date ("October 27, 1962"), the
    text, the citation block ("... Online by Gerhard Peters and John T. Woolley, The American Presidency
    Project") and the page's categories. The project prints no place, no marking and no editorial notes."""
    when = kit.date_text(ref, "{month} {d}, {y}", span="{a} - {b}", supplied="{}")
    node = 236000 + int(ref.number or 0) * 7 + rng.randint(0, 6)
    head = ["Skip to main content", "The American Presidency Project", "About  Search  Documents  Statistics  Media",
            "", "John F. Kennedy", "", "35th President of the United States: 1961 ‐ 1963", "", ref.title, "",
            when or ""]
    cite = [f"John F. Kennedy, {ref.title} Online by Gerhard Peters and John T. Woolley, The American Presidency "
            f"Project https://www.presidency.ucsb.edu/node/{node}"]
    tail = ["Filed Under", "", "Categories", "Letters" if kind(ref) == "Letter" else "Messages", "",
            "The American Presidency Project", "Contact   Twitter   Facebook", "Copyright © The American Presidency "
            "Project", "Terms of Service | Privacy"]
    return Rendered(kit.join([head, *paragraphs(ref), "Citation", cite, tail]),
                    Expected.of(ref, classification=frozenset(), footnotes=0, place="", optional_markings=frozenset()))


def logseq_page(ref: Reference, rng: random.Random) -> Rendered:
    """A page of a Logseq graph (pages/*.md): the page's properties as ``key:: value`` lines (dates and places
    as page links, the journal date format "Oct 23rd, 1962"), then every paragraph a "- " block, notes as
    Markdown footnotes ``[^1]`` defined in child blocks of a "Notes" block, as a researcher keeps a source."""
    props = [f"title:: {ref.title}", f"type:: [[{kind(ref) or 'Editorial Note'}]]"]
    if ref.date:
        start, end = ordinal_day(ref.date.start), ordinal_day(ref.date.end)
        value = f"[[{start}]]" if start == end else f"between [[{start}]] and [[{end}]]"
        props.append(f"date:: {value}" + (" (supplied)" if ref.date.supplied else ""))
    if ref.place:
        props.append(f"place:: [[{ref.place}]]")
    if ref.markings:
        props.append("classification:: " + ", ".join(f"[[{kit.typed(m, 'title')}]]" for m in ref.markings))
    if ref.source_note:
        props.append(f"source:: {archive_reference(ref)}")
    props.append("tags:: [[Kennedy-Khrushchev]], [[FRUS]]")
    blocks = [f"- {p}" for p in paragraphs(ref, lambda k: f"[^{k}]")]
    if ref.notes:
        blocks.append("- Notes")
        blocks += [f"\t- [^{k}]: {text}" for k, text in enumerate(ref.notes, 1)]
    return Rendered("\n".join(props) + "\n\n" + "\n".join(blocks) + "\n", Expected.of(ref), suffix=".md")


def latex_edition(ref: Reference, rng: random.Random) -> Rendered:
    """An edition's LaTeX source, one file per document as the source pane of Overleaf exports it (saved as
    text): a preamble, ``\\section*{61. Title}`` with the source note as the heading's ``\\footnote`` (where the
    markings are, as in the printed edition), the dateline right-aligned in a ``flushright`` environment, TeX
    quotes and dashes, and each note as a ``\\footnote{...}`` where it stands in the text."""
    title = latex_escape(ref.title)
    source = f"\\footnote{{{latex_escape(ref.source_note)}}}" if ref.source_note else ""
    lines = [r"\documentclass[11pt]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage{microtype}", "",
             r"\begin{document}", "", f"\\section*{{{ref.number}. {title}{source}}}", f"\\label{{{ref.doc_id}}}", ""]
    when = ref.date_printed if ref.date_printed and ref.date_printed != "undated" else None
    if ref.date and not when:
        when = kit.date_text(ref, "{month} {d}, {y}", span="{a}--{b}", supplied="[{}]")
    if when or ref.place:
        lines += [r"\begin{flushright}", latex_escape(", ".join(p for p in (ref.place, when) if p)).rstrip(".") + ".",
                  r"\end{flushright}", ""]
    notes = ref.notes
    for text in paragraphs(ref, lambda k: f"\\footnote{{{latex_escape(notes[k - 1])}}}"):
        lines += ["\n".join(kit.wrap(latex_escape_body(text), 78)), ""]
    lines += [r"\end{document}"]
    return Rendered("\n".join(lines) + "\n", Expected.of(ref))


def latex_escape_body(text: str) -> str:
    """A paragraph whose notes are already ``\\footnote{...}`` commands: escape only the text around them."""
    parts = re.split(r"(\\footnote\{(?:[^{}]|\{[^{}]*\})*\})", text)
    return "".join(p if p.startswith("\\footnote{") else latex_escape(p) for p in parts)


def fbis_daily_report(ref: Reference, rng: random.Random) -> Rendered:
    """An item of the FBIS Daily Report (Foreign Broadcast Information Service), as its scanned issues' text
    reads: the issue's masthead with its own number and date (a day or two after the broadcast), the section
    and page ("USSR & EAST EUROPE ... BB 1"), the item's caption in capitals, the monitored source line
    ("Moscow TASS International Service in English 1612 GMT 27 Oct 62--L"), "(Text)", then the text. A
    broadcast carries no marking and no editors' notes, and a message the editors had to date was not broadcast
    on a day of its own (its source line gives none); the place the source line names is the broadcast's,
    which is the document's only when that was Moscow too."""
    broadcast = date.fromisoformat(ref.date.end) if ref.date else None
    issue = broadcast + timedelta(days=rng.choice((1, 1, 2))) if broadcast else None
    mast = ["FOREIGN BROADCAST INFORMATION SERVICE", "DAILY REPORT", "FOREIGN RADIO BROADCASTS", "",
            f"No. {rng.randint(150, 250)}" + (f"    {issue.strftime('%A')}, {issue.day} {kit.MONTHS[issue.month - 1]} "
                                               f"{issue.year}" if issue else ""), "",
            "USSR & EAST EUROPE" + " " * 38 + f"BB {rng.randint(1, 19)}", "USSR INTERNATIONAL AFFAIRS"]
    caption = kit.wrap(ref.title.upper(), 60)
    dated = ref.date is not None and not ref.date.supplied  # an undated message has no broadcast of its own
    if dated:
        hhmm = f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}"
        source = [f"Moscow TASS International Service in English {hhmm} GMT "
                  f"{kit.format_day(ref.date.start, '{d} {mon} {yy}')}--L"]
    else:
        source = ["Moscow Domestic Service in Russian--L"]
    body = ["\n".join(kit.wrap(p, 68)) for p in paragraphs(ref)]
    place = ref.place if ref.place == "Moscow" else ""
    return Rendered(kit.join([mast, caption, source, "(Text)", *body]),
                    Expected.of(ref, date=ref.date.iso if dated else None, classification=frozenset(), footnotes=0,
                                place=place, optional_markings=frozenset()))


def hathitrust_dsb(ref: Reference, rng: random.Random) -> Rendered:
    """The Department of State Bulletin as HathiTrust's full-text download gives a volume: each page opened by
    "## p. 741 (#757) ####...", the Bulletin's running heads (the issue's date, not the document's, and "THE
    DEPARTMENT OF STATE BULLETIN") with the page number, OCR'd text hard-wrapped and hyphenated with a few
    misread letters, the dateline as the Bulletin prints it, and each note at the foot of its page with a
    superscript number. The Bulletin prints no marking."""
    issue = date.fromisoformat(ref.date.end) + timedelta(days=14) if ref.date else date(1963, 1, 7)
    issue += timedelta(days=(0 - issue.weekday()) % 7)  # the Bulletin came out on Mondays
    issue_head = f"{kit.MONTHS[issue.month - 1].upper()} {issue.day}, {issue.year}"
    first_page = rng.randint(20, 980)
    scan = first_page + rng.randint(10, 20)
    when = kit.date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    head = kit.wrap(ref.title, 60) + [""]
    if when or ref.place:
        head += [", ".join(p for p in (ref.place.upper(), when) if p) + ".", ""]
    # pages are cut by lines, each keeping the notes cited on it at its foot
    pages: list[tuple[list[str], list[str]]] = [(head, [])]
    for text in paragraphs(ref, kit.superscript):
        body = kit.ocr_noise(text, rng, rate=0.004) if rng.random() < 0.5 else text
        for line in kit.wrap_hyphenated(body, 60, rng, rate=0.5) + [""]:
            if len(pages[-1][0]) >= 44:
                pages.append(([], []))
            pages[-1][0].append(line)
            for k in (int(s.translate(_PLAIN_DIGITS)) for s in re.findall("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", line)):
                if 1 <= k <= len(ref.notes):
                    pages[-1][1].append(f"{kit.superscript(k)} {ref.notes[k - 1]}")
    out: list[str] = []
    for n, (body, notes) in enumerate(pages):
        page = first_page + n
        running = (f"{issue_head}{' ' * 40}{page}" if page % 2 else f"{page}{' ' * 30}THE DEPARTMENT OF STATE "
                                                                          "BULLETIN")
        out += [f"## p. {page} (#{scan + n}) " + "#" * 50, "", running, "", *body]
        if notes and body[-1]:
            out.append("")
        for note in notes:
            out += kit.wrap(note, 60)
        out.append("")
    return Rendered("\n".join(out).rstrip() + "\n",
                    Expected.of(ref, classification=frozenset(), optional_markings=frozenset()))


_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def thesis_appendix(ref: Reference, rng: random.Random) -> Rendered:
    """A document retyped in a doctoral thesis's appendix, as pdftotext gives the PDF: the page number alone at
    the top of each page, "APPENDIX B" and the appendix's title, "Document B.12" over the title, the markings in
    square brackets as the typist noted them ("[Secret; Niact; Eyes Only]"), the dateline, the text
    with the thesis's own footnote numbers (they run on from the
    chapters: the first note of the document is, say, 312) glued to the word as a superscript comes out,
    at the foot of the page under a rule. The thesis gives the original's location in a "Source:" note on the
    title."""
    start = rng.randint(180, 640)
    page = rng.randint(250, 400)
    sources = [f"Source: {archive_reference(ref)}."] if ref.source_note else []
    notes = sources + list(ref.notes)
    offset = start + len(sources)
    head = ["APPENDIX B", "", "SELECTED DOCUMENTS", "", f"Document B.{ref.number}", "",
            *kit.wrap(ref.title + (str(start) if sources else ""), 70), ""]
    markings = "; ".join(kit.typed(m, "title") for m in ref.markings)
    if markings:
        head += [f"[{markings}]", ""]
    when = kit.date_text(ref, "{d} {month} {y}", span="{a} to {b}", supplied="[{}]")
    if when or ref.place:
        head += [", ".join(p for p in (ref.place, when) if p), ""]
    body: list[str] = []
    for text in paragraphs(ref, lambda k: str(offset + k - 1)):
        body += kit.wrap(text, 70) + [""]
    pages = [head + body[: 40 - len(head)]] + [body[i:i + 40] for i in range(40 - len(head), len(body), 40)]
    out: list[str] = []
    cited = set()
    for n, lines in enumerate(pages):
        out += [f"{page + n}".rjust(70), "", *lines]
        here = [k for k in range(len(notes)) if k not in cited and any(
            re.search(rf"(?<!\d){start + k}(?!\d)", line) for line in lines + (head if n == 0 else []))]
        if here:
            out += ["_" * 20]
            for k in here:
                cited.add(k)
                out += kit.wrap(f"{start + k} {notes[k]}", 70)
        out += ["\f"]
    rest = [k for k in range(len(notes)) if k not in cited]  # a note whose marker the wrap hid: at the end
    if rest:
        out += ["_" * 20] + [line for k in rest for line in kit.wrap(f"{start + k} {notes[k]}", 70)]
    return Rendered("\n".join(out).rstrip("\f\n") + "\n", Expected.of(ref))


def bloc_translation(ref: Reference, rng: random.Random) -> Rendered:
    """A document from a Warsaw Pact party or foreign-ministry archive as a research project's collection posts
    it in English (the Parallel History Project's and national institutes' document readers), saved as text: the
    translator's line, the archive signature, the markings and copy number typed at the upper right, the
    heading in capitals, the text with the typist's note markers "1)", the place and date at the foot with the
    month in Roman numerals ("Moscow, 23.X.1962"), and the notes below a rule as "1) ..."."""
    head = ["[Translation from Russian]" if re.search(SOVIET_SENDER, (kit.parties(ref.title) or ("", "", ""))[1])
            else "[Translation]", ""]
    if ref.source_note:
        head += [f"Archive: {archive_reference(ref)}", ""]
    stamp = [kit.right(kit.typed(m, "title")) for m in ref.markings]
    if ref.markings:
        stamp.append(kit.right(f"Copy No. {rng.randint(1, 6)}"))
    heading = [kit.centre(line) for line in kit.wrap(ref.title.upper(), 60)]
    body = ["\n".join(kit.wrap(p, 72)) for p in paragraphs(ref, lambda k: f"{k})")]
    foot = []
    if ref.date:
        when = roman_day(ref.date.start) if ref.date.start == ref.date.end else (
            f"{roman_day(ref.date.start)}-{roman_day(ref.date.end)}")
        foot.append(", ".join(p for p in (ref.place, f"[{when}]" if ref.date.supplied else when) if p))
    elif ref.place:
        foot.append(ref.place)
    notes = ["-" * 15, *(line for k, text in enumerate(ref.notes, 1) for line in kit.wrap(f"{k}) {text}", 72))
             ] if ref.notes else []
    return Rendered(kit.join([head, stamp, heading, *body, foot, notes]), Expected.of(ref))


LAYOUTS = [
    Layout("dafp_online", "Documents on Australian Foreign Policy's web page of a document: heading in capitals, "
           "type line, dateline in capitals, precedence before classification, [1] notes", dafp_online),
    Layout("dcer_edition", "Documents on Canadian External Relations' printed page: file reference at the top, "
           "type and place-date on one line, markings with full stops, superscript notes under a rule", dcer_edition),
    Layout("difp_online", "Documents on Irish Foreign Policy online: title, 'No. N <archive>', marking, dateline, "
           "note numbers glued to words, footer", difp_online),
    Layout("cwihp_bulletin", "CWIHP Bulletin PDF text: narrow hyphenated columns, running heads, title with its "
           "date after a comma, translator's headnote, endnotes with the article's numbers; no place", cwihp_bulletin),
    Layout("presidency_project", "The American Presidency Project's page: president and term, title, date, text, "
           "citation block; no place, markings or notes", presidency_project),
    Layout("logseq_page", "A Logseq page: key:: value properties with page links and 'Oct 23rd, 1962', every "
           "paragraph a block, [^n] footnotes", logseq_page),
    Layout("latex_edition", "An edition's LaTeX source: \\section* heading with the source note as its footnote, "
           "flushright dateline, \\footnote{} notes, TeX quotes", latex_edition),
    Layout("fbis_daily_report", "An FBIS Daily Report item: masthead with the issue's own date, caption in "
           "capitals, monitored source line, (Text); no markings, no notes", fbis_daily_report),
    Layout("hathitrust_dsb", "The Department of State Bulletin in HathiTrust full text: '## p. N (#M)' page "
           "marks, running heads with the issue's date, OCR, notes at each page's foot; no markings",
           hathitrust_dsb),
    Layout("bloc_translation", "A Warsaw Pact archive's document in a research project's English translation: "
           "archive signature, markings at the upper right, heading in capitals, '1)' notes, 'Moscow, 23.X.1962' at "
           "the foot", bloc_translation),
    Layout("thesis_appendix", "A thesis appendix via pdftotext: page numbers, 'Document B.n', [markings], "
           "the thesis's running footnote numbers at each page's foot", thesis_appendix),
]
