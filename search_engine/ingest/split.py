"""Where one file holds many documents: the heads a file repeats, and the spans between them.

A release of three hundred pages holds hundreds of records; a printed volume, a bundle of memoranda typed one
after another and a calendar of entries are each one file. Such a file declares its documents by repeating the
shape of a document's head: a numbered heading that names a document ("66. Letter From ..."), numbered on
through the file; or a run of head lines (labelled fields, stamps, a title, a dateline) that dates the text
below it. A *head* here is a run of lines that are not prose, between paragraphs, that names a document and
dates it (a numbered document heading needs no date: an edition's editorial notes have none).

The file is parted at the heads that share the *feature* most heads of the file have (the numbered heading,
or one labelled field such as ``DATE:``, a dateline, a stamp...), and only where each part has a paragraph of
its own: a head followed by too little text (a routing slip, a cover sheet) goes with the document after it;
a head with too little text after it at the end (a closing dateline and signature) stays with the one before.
A file whose heads do not repeat, or repeat without text between them, is one document, as before.

A document's marking may stand at its foot as well as at its top: a marking between two texts closes the
document before when it repeats that one's own (and the next bears its own, or the file's documents are seen to
bear theirs at the foot), and two markings one document cannot bear both are one each. A document's notes close
it: the lines between its note list and the next heading (a saved page's site name and volume title) are the
next one's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import DateRange
from ..vocabulary.dates import parse_date
from ..vocabulary.markings import GRADES
from .blocks import Block
from .lines import (
    ENCLOSURE,
    NAMES_A_KIND,
    NOTES_HEADING,
    Context,
    Kind,
    Line,
    kind_of,
    typed_in_capitals,
)
from .notes import UNAMBIGUOUS, find_note_list

MIN_WORDS = 40  # a document's own text, at the least (a two-line telegram is about that)
MIN_WORDS_ENTRY = 12  # an entry of a calendar of entries (a diary's day may be a line or two)
MIN_WORDS_NUMBERED = 12  # under a numbered document heading, numbered on: the edition says it is a document

_HEAD_KINDS = frozenset({Kind.FIELD, Kind.STAMP, Kind.DATE, Kind.DATELINE, Kind.ADDRESS, Kind.HEADER, Kind.TITLE,
                         Kind.SUBTITLE})
_SKIPPED = frozenset({Kind.FURNITURE, Kind.BOILERPLATE})
_OPENING = frozenset({Kind.FIELD, Kind.STAMP, Kind.DATE, Kind.DATELINE, Kind.TITLE, Kind.SUBTITLE})
# what a document's closing block holds: its stamp, its signature and initials (a field, date or title before a page
# turn opens the next document's head, which a scan's page number may interrupt)
_CLOSING = frozenset({Kind.STAMP, Kind.HEADER, Kind.ADDRESS})
_ABOVE_A_HEADING = frozenset({Kind.FIELD, Kind.STAMP, Kind.DATE, Kind.DATELINE, Kind.SUBTITLE})


@dataclass(frozen=True)
class Head:
    """A run of head lines between paragraphs: where its document starts and where its text begins."""

    start: int
    end: int
    dated: bool  # it names a document and dates it
    form: bool  # it is a form or a run of labelled fields (a cover sheet, a routing slip, an identification form)
    number: int | None = None  # of a numbered document heading
    titled: bool = False  # one line of it names and dates the document ("Telegram From Bonn, 2 October 1961")


def document_spans(blocks: Sequence[Block], ocr: bool = False) -> tuple[list[tuple[int, int]], bool, int]:
    """The (start, end) block ranges of the documents a text holds (one range for a text of one document),
    whether they are the entries of a calendar of entries, and where the first document's own head starts when
    the lines above it, too few to be a document, went with it (the whole file's title or title page: 0 when
    there are none). In a scan's text (``ocr``), where debris passes for short lines, a head must name its
    document by a heading or a field (MEMORANDUM, SUBJECT:, TITLE:), not by a line that only looks like a title;
    a scan is no calendar."""
    lines = [b.line(i) for i, b in enumerate(blocks)]
    kinds = _kinds(lines)
    words = _body_words(lines)
    spans, first_head = _headed_spans(lines, kinds, words, ocr)
    if len(spans) == 1 and not ocr and (entries := _entry_spans(lines, kinds, words)):
        return entries, True, 0
    return spans, False, first_head


def _kinds(lines: Sequence[Line]) -> list[Kind]:
    """Each line's kind, read as a head's (a file of many is parted where a head stands)."""
    shouting = typed_in_capitals(lines)
    return [kind_of(line, Context(True, shouting, lines[i + 1] if i + 1 < len(lines) else None))
            for i, line in enumerate(lines)]


def _headed_spans(lines: Sequence[Line], kinds: list[Kind], words: list[int],
                  ocr: bool) -> tuple[list[tuple[int, int]], int]:
    """The documents of a file of many, parted at the heads it repeats (see the module docstring), and where the
    first one's head starts when the few lines above it went with it (else 0)."""
    whole = [(0, len(lines))], 0
    found = heads(lines, kinds, ocr, _tail_citations(lines, kinds))
    if len(found) < 2:
        return whole
    numbered = {id(h) for h in _numbered_on(found)}
    chosen = [h for h in found if id(h) in numbered or h.dated]
    # a numbered document heading, or a heading that names and dates its document on one line, repeated through
    # the file, declares its documents: under it a short text is a document still (a researcher's excerpts)
    titled = sum(1 for h in chosen if id(h) in numbered or h.titled)
    least = MIN_WORDS_NUMBERED if titled >= len(chosen) / 2 else MIN_WORDS
    if len(chosen) >= 2 and all(h.titled for h in chosen[1:]):
        # every other document opens with a heading that names and dates it: the first one opens with its own such
        # heading, and a file's title above it ("# My transcriptions") is the file's, not the first document's
        own = next((i for i in range(chosen[0].start + 1, chosen[0].end)
                    if kinds[i] is Kind.TITLE and lines[i].dated_title), None)
        if own is not None:
            chosen[0] = replace(chosen[0], start=own)
    starts = []
    for start in _parted(chosen, words, len(lines), least):
        if _enclosed(lines, kinds, start) and _covering_letter(lines, words, starts[-1] if starts else 0, start):
            continue  # what a covering letter encloses is the file's document, the letter its header
        starts.append(start)
    if len(starts) < 2:
        return whole
    starts = _opening_markings(lines, kinds, words, _closing_markings(lines, kinds, words, starts, found), found)
    # the text before the first head: its own document if it has text enough (a volume's preface), else the
    # first document's (a letterhead, a volume's title page)
    first_head = 0
    if sum(words[:starts[0]]) < MIN_WORDS:
        first_head, starts = starts[0], [0, *starts[1:]]
    else:
        starts = [0, *starts]
    return [(start, end) for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)], first_head


def _closing_markings(lines: Sequence[Line], kinds: list[Kind], words: list[int], starts: list[int],
                      found: list[Head]) -> list[int]:
    """The starts, each moved past the markings it opens with when they close the document before: they repeat the
    markings of that document's head and the document after bears its own in its head (a forwarded record's
    classification field below its header, a stamp under a routing slip), so they are the first one's foot."""
    before = _words_before(words)

    def parted(either: bool) -> list[int]:
        out = [starts[0]]
        for n, start in enumerate(starts[1:], 1):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            below, foot = start, frozenset()
            # a block of markings, each line adding its own (a line that repeats one opens the next block)
            while below < end and (kinds[below] in _SKIPPED or (
                    (marks := _stamp_markings(lines[below], kinds[below])) and not marks & foot)):
                foot |= marks if kinds[below] not in _SKIPPED else frozenset()
                below += 1
            above = next((i for i in reversed(range(start)) if kinds[i] not in _SKIPPED), None)
            # the document before ends with its foot's marking already: these open the next
            ended = above is not None and bool(_stamp_markings(lines[above], kinds[above]))
            before_marks = _previous_markings(lines, kinds, before, found, start, out[-1])
            if foot & before_marks and below < end and not ended and (
                    either or _opening_markings_of(lines, kinds, before, below, end)):
                start = below
            out.append(start)
        return out

    # a document that bears its own marking below a marking of the one before: that one's foot, and then the
    # file's documents bear theirs at the foot, so one that repeats the marking of the one before closes it even
    # when the next bears none
    moved = parted(False)
    return parted(True) if moved != starts or _foot_stamps(lines, kinds) else moved


def _opening_markings(lines: Sequence[Line], kinds: list[Kind], words: list[int], starts: list[int],
                      found: list[Head]) -> list[int]:
    """The starts, each moved up over the stamps above it (with the archive references and document numbers between
    them and it) when those stamps are the next document's: its head states them again (a printed despatch's "(No. 49.
    Secret. Niact.)" below the SECRET printed above its file reference) and the document before bears none of them."""
    before = _words_before(words)
    out = [starts[0]]
    for n, start in enumerate(starts[1:], 1):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        top, stamps = start, []
        while top - 1 > out[-1] and (kinds[top - 1] in _SKIPPED or lines[top - 1].code_line
                                     or lines[top - 1].document_number is not None
                                     or _stamp_markings(lines[top - 1], kinds[top - 1])):
            top -= 1
            if marks := _stamp_markings(lines[top], kinds[top]):
                stamps.append(marks)
        if stamps:
            own = _opening_markings_of(lines, kinds, before, start, end)
            previous = _previous_markings(lines, kinds, before, found, top, out[-1])
            if all(m <= own and not m & previous for m in stamps):
                start = top
        out.append(start)
    return out


def _markings(lines: Sequence[Line], kinds: list[Kind], start: int, end: int) -> frozenset[str]:
    """The markings the stamps and classification fields of lines ``start`` to ``end`` give."""
    return frozenset(m for i in range(start, end) for m in _stamp_markings(lines[i], kinds[i]))


def _opening_markings_of(lines: Sequence[Line], kinds: list[Kind], before: list[int], start: int,
                         end: int) -> frozenset[str]:
    """The markings above the first sentences of text from ``start`` (``before``: the words before each line)."""
    stop = next((i for i in range(start, end) if before[i + 1] - before[start] >= MIN_WORDS_NUMBERED), end)
    return _markings(lines, kinds, start, stop)


def _previous_markings(lines: Sequence[Line], kinds: list[Kind], before: list[int], found: list[Head], start: int,
                       floor: int) -> frozenset[str]:
    """The markings of the head of the document before line ``start`` (the last head with text of its own), from
    line ``floor`` on."""
    head = _last_with_text([h for h in found if h.start < start], before, start)
    return frozenset() if head is None else _markings(lines, kinds, max(head.start, floor), head.end)


def _enclosed(lines: Sequence[Line], kinds: list[Kind], start: int) -> bool:
    """Whether the head at ``start`` opens what the letter above it encloses ("Enclosure: As stated." just above,
    a release banner aside): the letter covers that document and is no document of its own (see parse_blocks)."""
    j = start - 1
    while j >= 0 and kinds[j] in _SKIPPED:
        j -= 1
    return j >= 0 and bool(ENCLOSURE.match(lines[j].text))


_SALUTATION = re.compile(r"(?i)^(?:my\s+)?dear\s+\S.{0,40}[,:;]$")


def _covering_letter(lines: Sequence[Line], words: list[int], start: int, end: int) -> bool:
    """Whether the lines from ``start`` to ``end`` are a short letter (a salutation, a few paragraphs): a memorandum
    that lists its attachments before the next document is no covering letter."""
    return sum(words[start:end]) <= 250 and any(_SALUTATION.match(line.text) for line in lines[start:end])


def _entry_spans(lines: Sequence[Line], kinds: list[Kind], words: list[int]) -> list[tuple[int, int]]:
    """The entries of a calendar of entries (a diary, a daybook, a chronology), or [] for a text that is not one. Its
    entries are headed by a date alone, a day's ("Tuesday, October 16, 1962"), the only head line between the
    entry before and the text below, in the order of the days; each has text of its own (MIN_WORDS_ENTRY) and the
    text before the first is no more than a title (under MIN_WORDS). At least three entries: two dates on lines
    of their own are a letter's date and a postscript's as often as a diary's days."""
    starts: list[int] = []
    dates: list[DateRange] = []
    for i, line in enumerate(lines[:-1]):
        date = _entry_date(line, kinds[i])
        if date is None or date.start != date.end or kinds[i + 1] is not Kind.BODY:
            continue
        if starts and i > 0 and kinds[i - 1] not in (Kind.BODY, *_SKIPPED):
            return []  # other head lines above the date: a document's head, which names it (see heads)
        starts.append(i)
        dates.append(date)
    if len(starts) < 3 or sum(words[:starts[0]]) >= MIN_WORDS:
        return []
    if any(a.start > b.start for a, b in zip(dates, dates[1:], strict=False)):
        return []
    ends = [*starts[1:], len(lines)]
    if any(sum(words[a + 1:b]) < MIN_WORDS_ENTRY for a, b in zip(starts, ends, strict=True)):
        return []
    return [(0, ends[0]), *zip(starts[1:], ends[1:], strict=True)]


def _entry_date(line: Line, kind: Kind) -> DateRange | None:
    """The date of a line that is a date alone, or a date field ("Date: Tuesday, October 16, 1962")."""
    if kind is Kind.DATE:
        return line.date
    if kind is Kind.FIELD and line.label.field == "date" and line.label.value:
        return parse_date(line.label.value)
    return None


def _tail_citations(lines: Sequence[Line], kinds: list[Kind]) -> bool:
    """Whether the file's documents give their source after their text: its last line is a citation ("Source: ...",
    an archive's reference written out) below a paragraph. Then a citation right below a document's text is that
    document's, not the next one's head."""
    last = next((i for i in reversed(range(len(lines))) if kinds[i] not in _SKIPPED), None)
    if last is None or last == 0 or lines[last].citation is None:
        return False
    above = next((i for i in reversed(range(last)) if kinds[i] not in _SKIPPED), None)
    return above is not None and kinds[above] is Kind.BODY


def heads(lines: Sequence[Line], kinds: list[Kind], ocr: bool = False, tail_citations: bool = False) -> list[Head]:
    """The runs of head lines of a text that name and date a document, or that are a numbered document heading
    (with ``tail_citations``, a run's citations right below a text close the document before)."""
    found: list[Head] = []
    run: list[tuple[int, Kind]] = []
    in_notes = after_notes = False  # the text so far ends with a note list under its heading; the run follows notes
    last = None  # the last line not skipped
    before = _words_before(_body_words(lines))
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind in _SKIPPED:
            continue
        if kind in _HEAD_KINDS and not NOTES_HEADING.match(line.text):
            if not run:
                # a note list closes its document: under a heading, or a run of notes the text above cites
                after_notes = in_notes
                if not after_notes and last is not None and lines[last].note is not None:
                    head = _last_with_text(found, before, i) if found else None
                    text_start = head.end if head else 0
                    after_notes = last >= text_start and find_note_list(list(lines[text_start:i]), 0) is not None
            run.append((i, kind))
            last = i
            continue
        last = i
        if NOTES_HEADING.match(line.text):
            in_notes = True
        elif kind is Kind.BODY:
            in_notes = in_notes and line.note is not None
        if run and kind is Kind.BODY:
            head = _head(lines, _after_citations(lines, run) if tail_citations else run, ocr, after_notes)
            if head is not None:
                found.append(head)
        run = []
    return found


def _foot_stamps(lines: Sequence[Line], kinds: list[Kind]) -> bool:
    """Whether the file's documents bear their marking at their foot too: its last line is a stamp (or a
    classification field), or between two texts the marking stands twice (one document's foot, the next one's top;
    see _after_closing)."""
    shown = [i for i in range(len(lines)) if kinds[i] not in _SKIPPED]
    marks = [_stamp_markings(lines[i], kinds[i]) for i in shown]
    if len(shown) > 1 and marks[-1] and not marks[-2]:
        return True
    return any(kinds[shown[n]] is Kind.BODY and marks[n + 1] and marks[n + 2] and _twice(marks[n + 1], marks[n + 2])
               for n in range(len(shown) - 2))


def _stamp_markings(line: Line, kind: Kind) -> frozenset[str]:
    """The markings a stamp, or a classification field ("Classification: SECRET // NOFORN"), gives."""
    if kind is Kind.STAMP:
        return frozenset(line.markings)
    if kind is Kind.FIELD and line.label.field == "classification" and line.label.value:
        return frozenset(Line(line.label.value).markings)
    return frozenset()


def _twice(above: frozenset[str], below: frozenset[str]) -> bool:
    """Two stamps that one document cannot bear both: the same marking twice, or two security grades."""
    return above == below or bool(above & GRADES and below & GRADES and not above & below & GRADES)


def _last_with_text(found: list[Head], words: list[int], before: int) -> Head | None:
    """The last head with text of its own below it before line ``before``: the document a closing block closes (a
    dated line of its text, "Message released to press at 7 p.m., January 21", passes for a head)."""
    ends = [*(h.start for h in found[1:]), before]
    return next((h for h, end in zip(reversed(found), reversed(ends), strict=True)
                 if words[end] - words[h.end] >= MIN_WORDS_NUMBERED), None)


def _after_citations(lines: Sequence[Line], run: list[tuple[int, Kind]]) -> list[tuple[int, Kind]]:
    """The run without the citations and closing lines above its last citation, when a citation follows the text
    before ("With communist greetings, W. Ulbricht" / "Source: SAPMO-BArch, DY 30/3682"): they close that document."""
    cited = [n for n, (i, _) in enumerate(run) if lines[i].citation is not None]
    if not cited or any(kind in (Kind.DATE, Kind.DATELINE) or _names_document(lines[i], kind)
                        for i, kind in run[:cited[-1]]):
        return run
    return run[cited[-1] + 1:] or run


def _head(lines: Sequence[Line], run: list[tuple[int, Kind]], ocr: bool = False,
          after_notes: bool = False) -> Head | None:
    """The run as a document's head, or None. A run can begin with the last lines of the document before (its
    signature, a closing note): when a line of the run names a document (a numbered heading, "Telegram From ...",
    "MEMORANDUM FOR THE RECORD"), the head starts at the last such line or at the stamps, dates, fields, document
    numbers on a line of their own ("No. 4.") and other such lines right above it, or at the run's first line when
    the run follows a note list, under its heading or cited by the text above (a document's notes close it: what
    stands between them and the next heading is that one's, a web page's site name and volume title);
    otherwise at the run's first stamp, field, date or title."""
    anchor = next((n for n in reversed(range(len(run))) if _names_document(lines[run[n][0]], run[n][1])), None)
    if anchor is not None:
        first = anchor
        while first > 0:
            if after_notes or _heads_above(lines, run, first - 1):
                first -= 1
                continue
            # archive references between two lines that head the document ("Telegram From ..." / "II A 5-82.00/94"
            # / "Fernschreiben Nr. 104"): the head goes on above them
            coded = first - 1
            while coded > 0 and lines[run[coded][0]].code_line:
                coded -= 1
            if coded == first - 1 or not (_names_document(lines[run[coded][0]], run[coded][1])
                                          or lines[run[coded][0]].document_number is not None):
                break
            first = coded
    else:
        first = next((n for n, (_, kind) in enumerate(run) if kind in _OPENING), None)
        if first is None:
            return None
    first = _after_closing(lines, run, first, anchor if anchor is not None else len(run) - 1)
    if first is None:
        return None
    number = None
    named = dated = titled = False
    fields = 0
    for i, kind in run[first:]:
        line = lines[i]
        if line.numbered_heading and number is None and line.numbered_heading[0].isdigit():
            number = int(line.numbered_heading[0])
        if kind is Kind.FIELD:
            fields += 1
            dated = dated or line.label.field == "date"
            named = named or line.label.field in ("title", "subject", "identifier") or bool(line.memo_field)
        elif kind in (Kind.DATE, Kind.DATELINE, Kind.SUBTITLE):
            dated = True
        elif _names_document(line, kind) or (kind is Kind.TITLE and not ocr):
            named = True
            titled = titled or (kind is Kind.TITLE and bool(line.dated_title))
            dated = dated or bool(line.dated_title)
    if not (number is not None or (named and dated)):
        return None
    return Head(run[first][0], run[-1][0] + 1, named and dated, fields >= 2, number, titled)


def _heads_above(lines: Sequence[Line], run: list[tuple[int, Kind]], n: int) -> bool:
    """Whether the run's line ``n`` is one of the lines a document's head may hold above its heading: a stamp, a field,
    a date, another heading that names the document, its number on a line of its own."""
    line, kind = lines[run[n][0]], run[n][1]
    return kind in _ABOVE_A_HEADING or _names_document(line, kind) or line.document_number is not None


def _after_closing(lines: Sequence[Line], run: list[tuple[int, Kind]], first: int, last: int) -> int | None:
    """Where the head starts once the closing block of the document before is left to it: the stamps and short
    lines at the foot of the page before a page turn (a document starts at the top of a page), a stamp that the
    run repeats (the marking typed at one document's foot and again at the next one's top, or two different
    security grades: the first closes, the second opens). None when what is left opens no head (and see
    _closing_markings)."""
    for n in range(first + 1, last + 1):
        if lines[run[n][0]].page is not None and lines[run[n][0]].page != lines[run[n - 1][0]].page and all(
                kind in _CLOSING for _, kind in run[first:n]):
            first = n
    marks = {n: _stamp_markings(lines[run[n][0]], run[n][1]) for n in range(first, last + 1)}
    stamps = [n for n in range(first, last + 1) if marks[n]]
    for a, b in zip(stamps, stamps[1:], strict=False):
        if _twice(marks[a], marks[b]):
            # the same marking twice, or two security grades: one document bears one, and the first closes the
            # document before (what stands between them, a date or a letterhead, is the next one's)
            first = max(first, a + 1)
    if (run[first][1] in _OPENING or _names_document(lines[run[first][0]], run[first][1])
            or lines[run[first][0]].document_number is not None):
        return first
    return next((n for n in range(first, len(run)) if run[n][1] in _OPENING), None)


def _names_document(line: Line, kind: Kind) -> bool:
    """A heading that names a document: "66. Letter From ...", "Telegram From the Embassy ...", "MEMORANDUM"."""
    return bool(line.numbered_heading) or (kind is Kind.HEADER and bool(line.kind_heading)) or (
        kind is Kind.TITLE and bool(NAMES_A_KIND.match(line.unmarked)))


def _numbered_on(found: list[Head]) -> list[Head]:
    """The numbered heads whose numbers go up through the file (the longest such sequence): an edition's
    documents, not a document's numbered sections, which start again at 1."""
    numbered = [h for h in found if h.number is not None]
    best: list[list[Head]] = []
    for head in numbered:
        before = [seq for seq in best if seq[-1].number < head.number]
        best.append([*max(before, key=len, default=[]), head])
    return max(best, key=len, default=[])


def _words_before(words: list[int]) -> list[int]:
    """The words of text before each line (and, last, in all)."""
    before = [0]
    for n in words:
        before.append(before[-1] + n)
    return before


def _body_words(lines: Sequence[Line]) -> list[int]:
    """The words of each line that could be a document's own text (not its head, nor a note whose marker is a note's
    wherever it stands: "¹ Source: ...", "[2] Document 3.")."""
    return [len(line.words) if line.sentence and not (line.note and line.note[0].style in UNAMBIGUOUS) else 0
            for line in lines]


def _parted(chosen: list[Head], words: list[int], total: int, least: int) -> list[int]:
    """The starts of the heads that begin a document with text of its own. A form or run of fields with too
    little text before the next head (a cover sheet, a routing slip) goes with the next; any other head with too
    little text after it (a closing dateline and signature, a quoted message's heading) with the one before."""
    starts: list[int] = []
    pending: int | None = None  # a cover sheet's start: the next head's document begins with it
    for n, head in enumerate(chosen):
        end = chosen[n + 1].start if n + 1 < len(chosen) else total
        start = head.start if pending is None else pending
        if sum(words[head.end:end]) >= least:
            starts.append(start)
            pending = None
        elif head.form and n + 1 < len(chosen):
            pending = start
    return starts
