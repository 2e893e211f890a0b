"""Note lists and note markers, in every style editors, typists and web pages use.

A note list stands at the end of a document: under a heading ("Notes", "NOTES", "Footnotes", "Endnotes",
"Примечания"), below a rule ("____", "----------"), or as a run of lines that each open with a marker the body
cites. Its markers may be ``[1]``, ``[^1]:``, ``(1)``, ``1.``, ``1)``, ``1/``, ``¹``, ``*``, ``†``, ``^1``,
``Note 1:``, ``n1.``, ``[n1]``, ``*1``, a bare ``1``, a bracketed letter or roman numeral (``[a]``, ``[iv]``: a word processor's endnotes), or a
wiki's back-link arrow (``↑``, ``^``), numbered by its place in the list. Numbered paragraphs ("1. The source
stated ...") are not notes: a run of numbered lines is a note list only under a heading or a rule, or when the
body cites every one of its numbers as notes are cited (``[1]``, ``(1)``, ``¹``, ``1/``, a digit glued to the word
before it: "Sincerely,2").

Notes printed at the foot of each page (a printed volume through pdftotext) are found page by page
(:func:`find_page_notes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import (
    GARBLED_MARK,
    GLUED_LETTER,
    Line,
    NoteMark,
    citation_pattern,
    to_superscript,
)

# marker styles that are notes wherever they stand; the others ("1.", "(1)", "1") could be numbered paragraphs
UNAMBIGUOUS = frozenset({"bracket", "super", "symbol", "starred", "slash", "caret", "word", "arrow"})


@dataclass
class NoteList:
    """The note list at the end of a document: where it starts and its notes, in order."""

    start: int  # index of its first line (the heading, when there is one)
    notes: list[tuple[NoteMark, str]] = field(default_factory=list)
    stamps: list[Line] = field(default_factory=list)  # markings typed below the notes
    fields: list[Line] = field(default_factory=list)  # a source note ("Source: ...") typed below the notes


def is_citation(line: Line) -> bool:
    """A citation with its value: "Source: Department of State, Central Files...", "Cite as: ...", or an archive's
    reference written out ("Archives diplomatiques, La Courneuve, 91QO/125.")."""
    return line.citation is not None


_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
          r"jun|jul|aug|sep|sept|oct|nov|dec)\.?")
# a date's year with a note number glued on, as a lost superscript leaves it: "February 6, 19621", "6 Feb 19621",
# "2/6/19621", "1962-02-061"
_GLUED_YEAR = re.compile(rf"(?i)((?:\b{_MONTH}\s+\d{{1,2}},?\s+|\b\d{{1,2}}\s+{_MONTH},?\s+|\b\d{{1,2}}[./]\d{{1,2}}[./])"
                         r"(?:1[5-9]\d\d|20\d\d)|\b(?:1[5-9]\d\d|20\d\d)-\d\d-\d\d)(\d{1,2})\b")
# a day with a note number after its comma: "February 21,2 I"
_GLUED_DAY = re.compile(rf"(?i)(\b{_MONTH}\s+\d{{1,2}},)(\d{{1,2}})(?=\s|$)")
# a day with a note number glued to it, the figures no day ("on February 73 is", "of October 162 the"): in a
# sentence, the month first and no figure before it, a word in lower case after it ("JUN 61", "10 JUN 61" and
# "R 101200Z JUN 61" are a month and its year)
_GLUED_BARE_DAY = re.compile(rf"(?i)(?<!\d\s)(?<!\w)(\b{_MONTH}\s+)(\d{{1,2}})(\d{{1,2}})(?=\s+(?-i:[a-z]))")


def unglue_note_numbers(text: str, numbers: set[str]) -> str:
    """A note number that a lost superscript glued to a date's figures, set apart as a marker: "February 6, 19621"
    -> "February 6, 1962[1]", "February 21,2 I welcome" -> "February 21,[2] I welcome", "on February 73 is" ->
    "on February 7[3] is" (no day is 73; "February 13" stays a day). Only the numbers of the
    document's own notes are taken (a year is never read as a note without one to cite)."""
    def mark(m: re.Match) -> str:
        return f"{m.group(1)}[{m.group(2)}]" if m.group(2) in numbers else m.group(0)

    def mark_day(m: re.Match) -> str:
        day, number = m.group(2), m.group(3)
        if number in numbers and int(day + number) > 31 and 1 <= int(day) <= 31:
            return f"{m.group(1)}{day}[{number}]"
        return m.group(0)

    return _GLUED_BARE_DAY.sub(mark_day, _GLUED_DAY.sub(mark, _GLUED_YEAR.sub(mark, text)))


def find_note_list(lines: list[Line], body_start: int = 1) -> NoteList | None:
    """The note list ending the document, if there is one (see the module docstring)."""
    n = len(lines)
    start = None
    for i in range(n - 1, body_start - 1, -1):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < n else None
        if line.notes_heading and nxt is not None and nxt.note:
            start = i
            break
        if line.after_rule and line.note and i > body_start and _opens_list(lines, i, body_start):
            start = i
            break
    if start is None:
        start = _cited_run(lines, body_start)
    if start is None:
        return None
    if start > body_start and GARBLED_MARK.match(lines[start - 1].text):
        lines = ungarbled(lines)
        start -= lines[start - 1].note is not None and lines[start - 1].note[0].number.isdigit()
    found = NoteList(start)
    first = start + 1 if lines[start].notes_heading else start
    style = lines[first].note[0].style if lines[first].note else None
    last_field = False  # the last line taken is a source note's
    for k, line in enumerate(lines[first:], first):
        if line.page != lines[first].page and not line.note and _text_follows(lines[k:]) and not (
                found.notes and line.page != lines[k - 1].page and _cut_short(found.notes[-1][1])):
            return None  # a page's foot, not the list that ends the document: the text goes on overleaf
        note = _numbered(line.note, len(found.notes))
        if note and (note[0].style == style or style is None) and _next_in_list(found, note[0]):
            found.notes.append(note)
            last_field = False
        elif line.markings:
            found.stamps.append(line)
        elif line.boilerplate:
            continue
        elif is_citation(line) and not (note and note[0].style == style):
            found.fields.append(line)  # the source note below the notes is not a wrapped note's text
            last_field = True
        elif last_field and (joined := Line(found.fields[-1].text + " " + line.text, found.fields[-1].page)).citation:
            # the source note wrapped over several blocks ("... Lot 77 D" / "163. The source text"); a line that would
            # make it no citation ("Retrieved ... from https://...") is not its text
            found.fields[-1] = joined
        elif last_field:
            last_field = False
        elif found.notes:  # a note wrapped over several blocks
            mark, text = found.notes[-1]
            found.notes[-1] = (mark, text + " " + line.text)
    return found if found.notes else None



# a superscript figure OCR read as a caret glued to the word it follows, or a quote mark at a line's end ("... to
# President Kennedy^", "... Brezhnev'"): it cites the next note, whichever that is
_GARBLED_CITATION = re.compile(r"(?<=[^\W\d_])\^(?!\d)|(?<=[^\W\d_]{3})'(?=[ \t]*$)", re.MULTILINE)


def ungarbled(lines: list[Line]) -> list[Line]:
    """Lines with the notes whose figure OCR garbled (a superscript read as "^" or "'") numbered as their place
    among the notes around them says: "^ Source: ..." above "2 Document 5." is note 1, "' Document 21." below
    "1 Source: ..." note 2; a run of them numbered back from the next note the text numbers ("^ Source: ...",
    "^ See ..." at one page's foot, "3 See ..." at the next's: notes 1 and 2)."""
    out = list(lines)
    k = 0
    while k < len(lines):
        if not GARBLED_MARK.match(lines[k].text):
            k += 1
            continue
        run = k
        while run < len(lines) and GARBLED_MARK.match(lines[run].text):
            run += 1
        before = out[k - 1].note if k > 0 else None
        after = next((line.note for line in lines[run:] if _plain_number(line.note)), None)
        if _plain_number(before):
            first = int(before[0].number) + 1
        elif after is not None and int(after[0].number) > run - k:
            first = int(after[0].number) - (run - k)
        else:
            k = run
            continue
        for n, j in enumerate(range(k, run)):
            line = lines[j]
            out[j] = Line(f"{first + n} {GARBLED_MARK.sub('', line.text)}", line.page, line.position, line.indent,
                          line.after_rule)
        k = run
    return out


def _plain_number(note) -> bool:
    return bool(note) and note[0].number.isdigit() and note[0].style in ("bare", "super")


def _opens_list(lines: list[Line], i: int, body_start: int) -> bool:
    """A numbered line below a rule that opens a note list: a marker that is always a note's, the first number
    ("1.", "a)"), or one the text above cites; "81. Please deliver ..." below the rule that ends a head is the
    text's numbered first paragraph."""
    mark = lines[i].note[0]
    if mark.lettered:
        pass  # "(a)" opens the text's own enumeration as often as a list of lettered notes: the text must cite it
    elif mark.style in UNAMBIGUOUS or not mark.number.isdigit() or mark.number in ("0", "1"):
        return True
    return bool(citation_pattern(mark).search("\n".join(line.text for line in lines[body_start:i])))


def _cut_short(text: str) -> bool:
    """A note that stops in mid-sentence at a page's foot: its text goes on at the top of the next page."""
    return not re.search(r"[.!?;)\]\"”’]\s*$", text)


def _text_follows(lines: list[Line]) -> bool:
    """Forty words or more of sentences that are not notes or a source note: a page of the document's text."""
    return sum(len(line.words) for line in lines if line.sentence and not line.note and not is_citation(line)) >= 40


def _numbered(note: tuple[NoteMark, str] | None, before: int) -> tuple[NoteMark, str] | None:
    """A wiki's "↑ text" note is numbered by its place in the list (the body cites it "[3]")."""
    if note and note[0].style == "arrow":
        return NoteMark(str(before + 1), "arrow"), note[1]
    return note


def find_page_notes(lines: list[Line], end: int) -> tuple[set[int], list[tuple[NoteMark, str]]]:
    """Notes printed at the foot of each page (a printed volume, a typescript), as pdftotext or a scan gives them:
    on each page, a run of lines after its text that opens with the next note numbers, in sequence across pages,
    each cited in the text above it as notes are cited. Returns the indexes of those lines and the notes."""
    if not any(line.page for line in lines[:end]):
        return set(), []
    lines = ungarbled(lines)
    taken: set[int] = set()
    notes: list[tuple[NoteMark, str]] = []
    position = 0  # where the last note's citation was found in the text before
    start = 0
    while start < end:
        stop = start
        while stop < end and lines[stop].page == lines[start].page:
            stop += 1
        for j in range(start + 1, stop):
            # numbered on from the last note; the first may bear any number the text cites (a thesis or a book numbers
            # its notes on through its chapters: a document in its appendix may begin at note 548)
            following = int(notes[-1][0].number) + 1 if notes else None
            found = _page_foot(lines, j, stop, following, taken, position)
            if found is not None:
                run, position, last = found
                taken.update(range(j, last))
                notes += run
                break
        start = stop
    return taken, notes


def _page_foot(lines: list[Line], j: int, stop: int, number: int | None, taken: set[int],
               position: int) -> tuple[list[tuple[NoteMark, str]], int, int] | None:
    """The notes at the foot of a page from line ``j`` (numbered from ``number``, or from any number when None: then
    the text must cite the first), where the last citation was found, and the line after the last note (a stamp
    typed below the notes is not a note's text)."""
    first = lines[j].note
    if not first or not first[0].number.isdigit() or first[0].style == "arrow":
        return None
    numbered_on = number is None and int(first[0].number) > 1  # a first note numbered on from elsewhere
    if number is None:
        number = int(first[0].number)
    if first[0].number != str(number):
        return None
    if (first[0].style in ("dot", "paren") or numbered_on) and not lines[j].after_rule and not (
            numbered_on and first[0].style == "dot" and int(first[0].number) >= 10  # (an article's notes run on)
            and _glued_citation(first[0], "\n".join(line.text for line in lines[:j]))):
        return None  # "1." and "(1)" at a page's foot are as often numbered paragraphs, unless a rule sets them off
        # (or the text cites the note, numbered on from elsewhere, by its figure glued to a word: "Kennedy35")
    text = "\n".join(line.text for i, line in enumerate(lines[:j]) if i not in taken)
    if numbered_on and not citation_pattern(first[0]).search(text):
        return None  # ... and a note numbered on is one only if the text cites it
    # the numbers this foot's notes may bear: a lost superscript glued to a date's figures ("February 10, 19622",
    # "on February 73") cites one of them
    numbers, expected = set(), number
    for k in range(j, stop):
        if (note := lines[k].note) and note[0].number == str(expected):
            numbers.add(str(expected))
            expected += 1
    text = unglue_note_numbers(text, numbers)
    run: list[tuple[NoteMark, str]] = []
    cited = 0
    last = j
    for last in range(j, stop + 1):
        note = lines[last].note if last < stop else None
        following = note and note[0].number == str(number + len(run)) and (
            not run or note[0].style == run[0][0].style)
        if last == stop or lines[last].markings or (is_citation(lines[last]) and not following):
            break  # a stamp or a source note typed below the notes is not a note's text (a note that is one is)
        line = lines[last]
        if following:
            m = citation_pattern(note[0]).search(text, position) or _GARBLED_CITATION.search(text, position)
            if m:
                position = m.end()
                cited += 1
            run.append(note)
        elif run:
            run[-1] = (run[-1][0], run[-1][1] + " " + line.text)
    # a marker the text lost ("October 16²" printed as "October 162") leaves a note uncited; most must be cited
    return (run, position, last) if run and 2 * cited >= len(run) else None


def _glued_citation(mark: NoteMark, text: str) -> bool:
    return mark.number.isdigit() and bool(re.search(rf"(?<=[^\W\d_]){mark.number}(?!\d)|(?<=[^\W\d_][.,;:!?\"”’')])"
                                                   rf"{mark.number}(?!\d)", text))


def _next_in_list(found: NoteList, mark: NoteMark) -> bool:
    """Numbered notes follow each other: a wrapped note's line that begins with "12 to discuss" goes on note 2."""
    if not found.notes:
        return True
    last = found.notes[-1][0].number
    if mark.style == "paren" and len(mark.number) == 1 and mark.number.isalpha() and len(last) == 1:
        return ord(mark.number) == ord(last) + 1  # lettered notes: "(b)" after "(a)"
    if not mark.number.isdigit() or not last.isdigit():
        return True
    return int(mark.number) == int(last) + 1


def _cited_run(lines: list[Line], body_start: int) -> int | None:
    """The start of a trailing run of notes that the body cites, without a heading or rule above it."""
    end = len(lines)
    while end > body_start and (lines[end - 1].markings or lines[end - 1].boilerplate or is_citation(lines[end - 1])
                                or lines[end - 1].site_foot):
        end -= 1  # stamps or a source note below the notes, a saved page's links and address
    start = end
    style = None
    while start > body_start:
        note = lines[start - 1].note
        if not note or (style and note[0].style != style):
            break
        style = note[0].style
        start -= 1
    if start == end or start <= body_start:
        return None
    marks = [_numbered(lines[i].note, k)[0] for k, i in enumerate(range(start, end))]
    body = unglue_note_numbers("\n".join(line.text for line in lines[body_start:start]),
                               {m.number for m in marks if m.number.isdigit()})
    if style in UNAMBIGUOUS:
        cited = all(citation_pattern(m).search(body) for m in marks)
    else:  # numbers that could be numbered paragraphs must be cited as notes are: each, in order
        cited = _cited_in_order(marks, body)
    return start if cited else None


def _cited_in_order(marks: list[NoteMark], body: str) -> bool:
    position = 0
    for mark in marks:
        m = citation_pattern(mark).search(body, position)
        if not m:
            return False
        position = m.end()
    return True


def _title_citation(mark: NoteMark) -> re.Pattern:
    """How a heading cites a note: with the marker at its very end, "... to President Kennedy[1]", "...¹" or
    "... (note 1)"."""
    n = re.escape(mark.number)
    if mark.style == "symbol":
        return re.compile(rf"(?<=\S){n}\s*$")
    if mark.style == "starred":
        return re.compile(rf"(?<=\S)[*†‡]{n}\s*$")
    if not mark.number.isdigit():  # a letter or a roman numeral marks a note only in brackets: "...Geneva[a]"
        # (or, in a list of lettered notes "(a) ...", in parentheses glued to the heading: "...Geneva(a)")
        glued = rf"|{GLUED_LETTER}\({n}\)\s*$" if mark.lettered else ""
        return re.compile(rf"\[\^?{n}\]\s*${glued}")
    forms = [rf"\[\^?{n}\]", to_superscript(mark.number), rf"(?i:[(\[](?:foot|end)?note\s+{n}[)\]])"]
    if mark.style == "paren":
        forms.append(rf"\({n}\)")
    if mark.style in ("slash", "bare", "dot", "caret", "word", "super"):
        forms += [rf"\^{n}", rf"(?<=[^\W\d_]){n}/?"]
    return re.compile(rf"(?:{'|'.join(forms)})\s*$")


def cite(paragraphs: list[str], marks: list[NoteMark], title: str = "") -> tuple[list[str], dict[str, int | None], str]:
    """Find where each note is cited: the paragraph texts with each citation written ``[n]``, the paragraph each
    note belongs to (None when only the title or nothing cites it), and the title without its markers.

    Notes are cited in order, so each is looked for from where the one before was found.
    """
    texts = list(paragraphs)
    where: dict[str, int | None] = {}
    for mark in marks:
        pattern = citation_pattern(mark)
        if title and (m := _title_citation(mark).search(title)):
            title = title[:m.start()].rstrip()
            where[mark.number] = None
            continue
        found = None
        for i, text in enumerate(texts):
            if f"[{mark.number}]" in text:
                found = i
                break
            m = pattern.search(text)
            if m:
                texts[i] = text[:m.start()] + f"[{mark.number}]" + text[m.end():]
                found = i
                break
        where[mark.number] = found
    return texts, where, title
