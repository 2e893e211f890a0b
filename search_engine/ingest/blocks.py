"""Text into blocks: the paragraphs and single lines a document's parser classifies.

Blank lines separate blocks; hard-wrapped lines are joined (a word hyphenated at a line end is joined whole
unless the document writes it with its hyphen elsewhere); a paragraph that a page break cut in two is joined
again. A line begins a block of its own when it is a list item, a note, a stamp, a label, a memo line, or set
apart by its indent (a typescript's first-line indent, a right-aligned date). Page furniture is dropped and sets
the page: page-break rules, page numbers ("[Page 12]", "- 13 -", "Page 2 of 5", a scan's "DocId:... Page 2"),
lines repeated as running heads, and lines repeated at the pages' edges (a release banner at the top and foot of
every page). Letter-spaced capitals ("T O P   S E C R E T") are closed up, and a double-spaced typescript (a blank
line after every line) is single-spaced first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import partial

from ..vocabulary.dates import date_line, parse_date
from ..vocabulary.labels import field_of
from .lines import (
    BYLINE,
    FORWARDED,
    GARBLED_MARK,
    INLINE_NOTE,
    NAMES_A_KIND,
    Line,
    clean_line,
)

# a digital library's or publisher's stamp on every page of a download, where the page ends ("This content downloaded
# from 128.158.83.171 on Thu, 25 Jun 2020 03:19:45 UTC", "All use subject to https://about.jstor.org/terms",
# "Downloaded from https://academic.oup.com/dh/article/30/3/251/... by guest on 15 March 2021", "Downloaded by
# [University of Oxford] at 10:12 05 June 2016")
_DOWNLOAD_STAMP = re.compile(r"(?i)^(?:this content downloaded from \S+ on .{6,40}|all use subject to \S*terms\S*|"
                             r"downloaded from https?://\S+(?: by .{1,80})? on .{6,40}|downloaded by \[.{1,80}\] at .{6,40})$")
_RULE = re.compile(r"^[\s\-–—_=*·•.~\u2500-\u257f\u2580-\u259f‗¯]{3,}$")  # box-drawing rules too ("════", "────")
_PAGE_BREAK = re.compile(r"^[\s\-–—_=*·.~]*\[?\s*page[\s-]*break\s*\]?[\s\-–—_=*·.~]*$|"
                         # a typist's mark at a page's foot that the text goes on overleaf
                         r"^\(?(?:continued|cont['’]?d\.?)(?: on (?:next page|page \d{1,4}|reverse))?\)?\.*$|"
                         r"^[-(]\s*(?:more|over)\s*[-)]$|^\./\.$", re.IGNORECASE)
# "[Page 12]", "[Pg 12]" (Project Gutenberg), "Page 12", "- 12 -", "Page 2 of 5": a page number on a line of its own
_PAGE_NUMBER = re.compile(
    r"^(?:\[\s*(?:page|p\.|pg\.?|стр\.?|л\.)\s*(?P<a>\d{1,4}[a-z]?)\s*\]|(?:page|стр\.?)\s+(?P<b>\d{1,4}[a-z]?)"
    r"(?:\s+(?:of|из|/)\s+\d{1,4})?|[-–—]\s*(?P<c>\d{1,4})\s*[-–—]|"
    # a full-text export's page separator, ruled or as a Markdown heading, with the scan's sequence number:
    # "## p. 940 (#956) ####...", "--- Page 12 ---", "=== p. 12 ==="
    r"[#=~*\s-]*(?:page|p\.|pg\.?)\s*(?P<d>\d{1,4}[a-z]?)(?:\s*\(#?\d{1,5}\))?[#=~*\s-]*)$", re.IGNORECASE)
# a scanned page's stamp ending in its page number: "HW 50953 DocId:32337464 Page 2", "NW 64578 Docld:32112782 Page i";
# a court filing's header on every page (PACER: "Case 1:17-cv-02663-RC Document 50-5 Filed 05/07/22 Page 2 of 3")
_PAGE_STAMP = re.compile(r"^(?P<id>(?:\S+\s+){0,4}\S*\d\S*|case\s+\S+\s+document\s+\S+\s+filed\s+\S+)\s+page\s+"
                         r"(?P<n>\d{1,4}|[il|!])(?:\s+of\s+\d{1,4})?\s*[.|]?$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:[-*•·]\s+|\d{1,3}[.)]\s+|[IVXLC]{1,6}\.\s+)")
_SPACED = re.compile(r"^\S(?: \S)+$")  # "S E C R E T"
_HYPHENATED = re.compile(r"([^\W\d_]+)-$")
# a printed page's running head: the page number at the outer edge, set apart by wide space from the book's or
# chapter's title ("312        Foreign Relations, 1961–1963, Volume VI", "Kennedy-Khrushchev Exchanges      313")
_RUNNING_HEAD = re.compile(r"^\s*(?:(?P<a>\d{1,4})\s{3,}(?P<t1>\S.*?\S)|(?P<t2>\S.*?\S)\s{3,}(?P<b>\d{1,4}))\s*$")
# a letter's or memorandum's continuation head: addressee, page number between dashes, date ("The President
# - 2 - February 15, 1962")
_CONTINUATION = re.compile(r"^\s*(?:(?P<t1>\S.*?\S)\s{2,})?[-–—]\s?(?P<n>\d{1,3})\s?[-–—](?:\s{2,}(?P<t2>\S.*?\S))?\s*$")
# a labelled field's first line, up to where its value starts: "PARTICIPANTS:  The President" (the lines of a
# value that goes on below stand under its first word: "               Andrei A. Gromyko, ...")
FIELD_START = re.compile(r"^\s*(?P<label>[^\W\d_][\w &'’/().,-]{0,40}?)[:：][ \t]+(?=\S)")
# the least column a field's value goes on under: a short label's value ("TO: ...", column 4) stands where a
# paragraph's first-line indent does
_VALUE_COLUMN = 6
_UNWRAPPED_LINE = 110  # no typewriter, printed page or screen capture wraps lines longer than this
_FAR_INDENT = 12  # a line indented this far stands apart (centred or right-aligned: a date, a place, a stamp)


@dataclass
class Block:
    """A paragraph or single line of a document, with the page it starts on."""

    text: str
    page: str | None = None
    indent: int = 0
    after_rule: bool = False  # a rule line (____, -----) stands right above it
    page_break_before: bool = False  # page furniture stands between it and the block before

    def line(self, position: int) -> Line:
        return Line(self.text, self.page, position, self.indent, self.after_rule)


def _next_page(page: str | None) -> str | None:
    """The page after a break: the next number (the first page is 1), or the label as it was when it is none."""
    return str(int(page or "1") + 1) if (page or "1").isdigit() else page


def download_stamp(line: str) -> bool:
    """A digital library's or publisher's stamp at a downloaded page's foot (see _DOWNLOAD_STAMP)."""
    return bool(_DOWNLOAD_STAMP.match(line.strip()))


def close_up(raw: str) -> str:
    """Close up letter-spaced words: "T O P   S E C R E T" -> "TOP SECRET" (words are 2+ spaces apart)."""
    stripped = raw.strip()
    parts = re.split(r"\s{2,}", stripped)
    if len(stripped) < 5 or not any(_SPACED.match(p) and len(p) >= 5 for p in parts):
        return raw
    if not all(_SPACED.match(p) or len(p) <= 2 for p in parts):
        return raw
    indent = raw[:len(raw) - len(raw.lstrip())]
    return indent + " ".join(p.replace(" ", "") for p in parts)


def page_number(line: str) -> tuple[str, bool] | None:
    """(number, is_stamp) of a page-number line; a scan's page stamp tells the page it ends, not the one it begins."""
    if m := _PAGE_NUMBER.match(line):
        return m.group("a") or m.group("b") or m.group("c") or m.group("d"), False
    if (m := _PAGE_STAMP.match(line)) and not re.search(r"[.!?;]\s", m.group("id")):
        n = m.group("n")
        return ("1" if not n.isdigit() else n), True
    return None


def continuation_head(raw: str) -> str | None:
    """The page number of a letter's or memorandum's continuation head ("The President    - 2 -    February 15,
    1962"): a page number between dashes set apart by wide spaces from an addressee or a date, wherever the page
    turns (a typescript's pages are not always marked otherwise)."""
    m = _CONTINUATION.match(raw)
    if not m or not (m.group("t1") or m.group("t2")):
        return None
    if any(len((m.group(t) or "").split()) > 8 or re.search(r"[.!?;]$", m.group(t) or "") for t in ("t1", "t2")):
        return None
    return m.group("n")


def running_head(raw: str) -> str | None:
    """The page number of a running head at a page's top (see _RUNNING_HEAD): never a year, a stamp, a date or
    a sentence."""
    if (number := continuation_head(raw)) is not None:
        return number
    m = _RUNNING_HEAD.match(raw)
    if not m:
        return None
    number, title = m.group("a") or m.group("b"), m.group("t1") or m.group("t2")
    probe = Line(clean_line(title))
    if (re.fullmatch(r"1[5-9]\d\d|20\d\d", number) or not re.search(r"[^\W\d_]{3}", title) or not 2 <= len(probe.words) <= 12
            or probe.markings or probe.date or probe.dateline or re.search(r"[.!?:;]$", title)):
        return None
    return number


# a running head set with one space between the page number and the book's or chapter's title, as an OCR text layer
# gives it ("212 Foreign Relations, 1961-1963, Volume VI", "Kennedy-Khrushchev Exchanges 277")
_NARROW_HEAD = re.compile(r"^\s*(?:(?P<a>\d{1,4})\s+(?P<t1>[^\W\d_].*?\S)|(?P<t2>[^\W\d_].*?\S)\s+(?P<b>\d{1,4}))\s*$")
# what names a publication rather than a document: its volume, issue, part, or the years it covers
_PUBLICATION = re.compile(r"(?i)\b(?:volume|vol\.|issue|bulletin|part|chapter|series|papers|\d{4}\s*[-–]\s*\d{2,4})\b")
_PAGE_LINES = 10  # a printed page holds at least this many lines between its running heads


def _title_case(title: str) -> bool:
    """A book's or chapter's title as running heads print it: its longer words capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", title) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def numbered_heads(lines: list[str]) -> dict[int, str]:
    """Running heads whose page numbers run on through the text (line index -> page number): lines of a title and a
    page number at its edge, the numbers following each other a page apart; or the first line of a text alone when
    it names a publication (a volume's page saved on its own). Wide-spaced heads are running_head's."""
    found: list[tuple[int, int]] = []
    for i, raw in enumerate(lines):
        m = _NARROW_HEAD.match(raw)
        if m is None or _RUNNING_HEAD.match(raw) or page_number(clean_line(raw)) is not None or re.search(
                r"(?i)\bp(?:age|p?\.)|[:/#]", raw):
            continue  # a page's stamp or number ("DocId:d4 Page 1") is page_number's
        number, title = m.group("a") or m.group("b"), m.group("t1") or m.group("t2")
        probe = Line(clean_line(title))
        if (re.fullmatch(r"1[5-9]\d\d|20\d\d", number) or not 2 <= len(probe.words) <= 12 or probe.markings
                or probe.date or probe.dateline or probe.note or NAMES_A_KIND.match(title)
                or re.search(r"[.!?:;,]$", title) or len(title) > 60 or not _title_case(title)):
            continue  # (a note's first line at a page's foot is a sentence: "1 The word “kind” is crossed out ...")
        found.append((i, int(number)))
    heads: dict[int, str] = {}
    for (i, a), (j, b) in zip(found, found[1:], strict=False):
        if b == a + 1 and j - i >= _PAGE_LINES:
            heads[i], heads[j] = str(a), str(b)
    first = next((i for i, raw in enumerate(lines) if raw.strip()), None)
    if first is not None and found and found[0][0] == first and first not in heads and _PUBLICATION.search(
            lines[first]):
        heads[first] = str(found[0][1])
    return heads


def unwrapped(lines: list[str]) -> bool:
    """Whether a text's paragraphs are each one line (a word processor's or web page's text export): it has lines
    longer than any page or screen wraps, and no more lines of a wrapped text's width (50 to 110 columns) than
    those. Then every line break ends a block."""
    lengths = [len(line.strip()) for line in lines if line.strip()]
    long = sum(n > _UNWRAPPED_LINE for n in lengths)
    return long > 0 and long >= sum(50 <= n <= _UNWRAPPED_LINE for n in lengths)


def text_width(lines: list[str]) -> int:
    """The width a text is wrapped at: the length its longer lines reach (the 90th percentile)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def running_lines(lines: list[str], minimum: int = 3) -> set[str]:
    """Short lines repeated on many pages (running heads and feet, a scan's per-page reference number). A heading
    that names a document ("Letter From President Kennedy to Chairman Khrushchev") or a labelled field
    ("Rights: Unclassified") is not one: in a file of many documents, several bear the same title or field; nor is
    a heading of a note list or of a kind of document ("Footnotes", "MEMORANDUM"), which each of them opens, nor a
    line that cites a note ("N. Khrushchev (NOTE 2)", a signature each letter of a bundle ends with)."""
    cleaned = [clean_line(line) for line in lines]
    counts = Counter(cleaned)
    found = {text for text, n in counts.items()
             if n >= minimum and text and len(text) <= 60 and not re.search(r"[.!?]$", text)
             and len(text.split()) <= 8 and any(c.isalnum() for c in text) and not _a_record_line(Line(text))}
    # the tail of a heading wrapped over two lines ("4. Telegram From the Department of State to the Embassy in the
    # Soviet" / "Union1"), which a volume repeats with every document of that heading, is the heading's
    # (a byline below a heading, "by President Kennedy", is its own line, however often the file repeats it)
    tails = {text for k, text in enumerate(cleaned)
             if k and text in found and not BYLINE.match(text) and _wraps_a_heading(cleaned[k - 1])}
    return found - tails - _dates_of_documents(counts, found)


_FRAME_LINES = 40  # how far into the text and from its end a site's menu stands


def frame_lines(lines: list[str]) -> set[str]:
    """A web page's menu, printed above the text and again below it (a saved or pasted page: "Avalon Home",
    "Document Collections", "20th Century"...): three short lines or more that the first and the last forty lines of
    a text both hold. A heading, a stamp, a field or a date a document repeats at its foot is none of them."""
    texts = [clean_line(line) for line in lines if line.strip()]
    if len(texts) < 12:
        return set()
    top, bottom = texts[:_FRAME_LINES], texts[-_FRAME_LINES:]
    if len(texts) < 2 * _FRAME_LINES:  # a short text: its first and last thirds
        third = max(4, len(texts) // 3)
        top, bottom = texts[:third], texts[-third:]
    shared = {text for text in set(top) & set(bottom)
              if len(text) <= 60 and len(text.split()) <= 8 and not re.search(r"[.!?;:,]$", text)
              and any(c.isalpha() for c in text) and not _a_record_line(Line(text))
              and date_line(text) is None}
    return shared if len(shared) >= 3 else set()


def _dates_of_documents(counts: Counter, found: set[str]) -> set[str]:
    """The dates alone among the repeated lines that date documents, not pages: a running head's date is the date
    the file's lines alone give most of the time (a newspaper's issue on every page); in a volume of letters, three
    written on October 28 bear that date each, among the file's many other dates."""
    def a_date(text: str) -> bool:
        return len(text) <= 40 and bool(re.search(r"\d", text)) and date_line(text) is not None

    repeated = {text for text in found if a_date(text)}
    if not repeated:
        return set()
    total = sum(n for text, n in counts.items() if a_date(text))
    return {text for text in repeated if counts[text] < 0.5 * total}


def _wraps_a_heading(text: str) -> bool:
    """A heading that names a document, cut before its end: no sentence's or clause's stop at its end."""
    probe = Line(text)
    return bool(NAMES_A_KIND.match(probe.numbered_heading[1] if probe.numbered_heading else text)) and not re.search(
        r"[.!?:;,)\]]$", text) and len(probe.words) >= 4


def _a_record_line(probe: Line) -> bool:
    """What a record says of itself and no running head is: a labelled field, a line that cites a note or holds an
    editor's note ("Sincerely, [Ed.: Printed from an unsigned copy.]", which many letters of a volume end with), a
    note of a note list (see _a_note), or what heads something (see _heads_something)."""
    return (probe.label is not None and bool(probe.label.value)) or probe.unmarked != probe.text or \
        _heads_something(probe) or _a_note(probe) or INLINE_NOTE.search(probe.text) is not None


def _a_note(probe: Line) -> bool:
    """A note of a note list, a sentence under its marker ("<1> Printed from a copy that bears this typed signature.",
    "[Footnote 2: Printed from an unsigned copy.]"): the same note ends many documents of a volume."""
    return probe.note is not None and probe.sentence and len(probe.words) >= 3


_WRAPPED_END = re.compile(r"[.!?:;\"”’)\]]$")


def double_spaced(lines: list[str]) -> bool:
    """Whether a text is typed double-spaced: a blank line after every line, also inside its paragraphs. Told
    from the lines a single blank line follows: many are cut mid-sentence (a long line without a sentence's end,
    or the next line going on in lower case, as two of them at least do), and fewer lines are followed directly by another
    (a single-spaced quotation or note list) than by one blank line."""
    width = text_width(lines)
    single = mid = lower = adjacent = 0
    for i in range(len(lines) - 2):
        if not lines[i].strip():
            continue
        if lines[i + 1].strip():
            adjacent += 1
            continue
        if lines[i + 2].strip():
            single += 1
            line, below = lines[i].strip(), lines[i + 2].strip()
            if _WRAPPED_END.search(line) or _LIST_ITEM.match(below) or re.match(r"[a-z][.)]\s", below):
                continue  # a sentence ends there, or a list item ("a) The Cuban ...") begins: a paragraph break
            if below[:1].islower():
                lower += 1
                mid += 1
            elif len(line) >= 0.7 * width and not Line(clean_line(below)).label:
                mid += 1
    return lower >= 2 and mid >= 3 and mid >= 0.3 * single and adjacent < single


def undouble(lines: list[str]) -> list[str]:
    """A double-spaced text single-spaced: one blank line is the typist's spacing and goes, two or more are one
    (paragraphs are then told by their indent, or by the wider gap)."""
    out: list[str] = []
    blanks = 0
    for line in lines:
        if not line.strip() and "\f" not in line:  # a form feed is a page break, not a blank line
            blanks += 1
            continue
        if blanks >= 2 and out:
            out.append("")
        blanks = 0
        out.append(line)
    return out


def edge_lines(lines: list[str]) -> set[str]:
    """Lines that stand at a page's edge two times or more: a release banner or archive stamp typed at the top and
    foot of every page ("Approved For Release 2003/04/17 : CIA-RDP80B01676R000400010012-3"), however long. A
    page's edges are the text's first and last lines, the lines beside a form feed, and the lines beside a page
    number; a run of markings is a stamp, not furniture, and a heading that names a kind of document ("Memorandum"
    atop each page of a release of one-page memoranda) or a document ("Letter From President Kennedy to Chairman
    Khrushchev", atop the pages of a volume whose letters each begin a page) opens each document, not a page."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if "\f" in line:
            head, *_, tail = line.split("\f")
            pages[-1].append(head)
            pages.append([tail])
        elif page_number(clean_line(line)):
            pages.append([])
        else:
            pages[-1].append(line)
    counts: Counter[str] = Counter()
    for page in pages:
        texts = [clean_line(x) for x in page if x.strip()]
        for text in texts[:1] + texts[1:][-1:]:  # the first and the last line (one line is counted once)
            counts[text] += 1
    return {text for text, n in counts.items()
            if n >= 2 and len(text) <= 160 and any(c.isalnum() for c in text) and not _RULE.match(text)
            and not _edge_of_a_document(Line(text))}


def _edge_of_a_document(probe: Line) -> bool:
    """What heads something (see _heads_something), or a note of a note list, a sentence under its marker ("<1>
    Printed from a copy that bears this typed signature."): the last line of many pages that end a document."""
    return _heads_something(probe) or _a_note(probe)


def _heads_something(probe: Line) -> bool:
    """A stamp, a note list's heading, a document kind's heading, a heading that names a document ("Letter From
    President Kennedy to Chairman Khrushchev", atop each of a volume's pages that opens a letter) or the line above a
    forwarded message ("-----Original Message-----", in each of a file of forwarded records): what a page's edge
    holds but no furniture is."""
    return bool(probe.markings or probe.notes_heading or probe.kind_heading or FORWARDED.match(probe.text)) or (
        bool(NAMES_A_KIND.match(probe.text)) and len(probe.words) >= 3)


def text_blocks(text: str, furniture: set[str] | None = None) -> list[Block]:
    """Split text into blocks (see the module docstring); ``furniture`` adds lines known to be page furniture."""
    raw_lines = [close_up(line.expandtabs(4)) for line in text.split("\n")]
    if double_spaced(raw_lines):
        raw_lines = undouble(raw_lines)
    raw_lines = split_columns(raw_lines)
    repeated = running_lines(raw_lines) | edge_lines(raw_lines) | frame_lines(raw_lines) | (furniture or set())
    one_line_paragraphs = unwrapped(raw_lines)
    narrow_heads = numbered_heads(raw_lines)
    last_note: int | None = None  # the number of the last note that began a block
    width = text_width(raw_lines)
    prose = False  # a block of prose has been read: the head, whose short lines stand alone, is over
    page_top = True  # no text yet on this page: where a running head stands
    blocks: list[Block] = []
    page: str | None = None
    seen_text = False  # text since the last page boundary
    paged = False
    current: list[str] = []
    current_indent = 0
    last_indent = 0
    after_rule = False
    page_break = False
    page_first = 0  # the first block of the page a form feed will end
    value_column: int | None = None  # where the value of the field that opens the current block starts
    continued = False  # the current block is a field whose value went on under its first word
    ends: list[int] = []  # the column each line of the current block ends at

    def flush():
        nonlocal after_rule, page_break
        nonlocal prose
        if current:
            text = _field_value_lines(current, ends, width) if continued else join_lines(current)
            blocks.append(Block(text, page, current_indent, after_rule, page_break))
            # a field whose value goes on under it (a meeting's participants) is a head's, not prose
            prose = prose or (len(blocks[-1].text.split()) >= 20 and not continued)
            current.clear()
            after_rule = page_break = False

    for index, raw in enumerate(raw_lines):
        if "\f" in raw:  # a form feed (pdftotext, line printers) ends a page
            flush()
            if raw.split("\f")[0].strip():
                blocks.append(Block(clean_line(raw.split("\f")[0]), page, 0, after_rule, page_break))
            if sum(len(b.text.split()) for b in blocks[page_first:]) <= 100:
                prose = False  # a page of a few lines (a cover sheet): the next page may open with a head
            page_first = len(blocks)
            page = _next_page(page)
            paged = page_break = page_top = True
            seen_text = False
            raw = raw.split("\f")[-1]
        line = clean_line(raw)
        indent = len(raw) - len(raw.lstrip())
        if not line:
            flush()
            if prose and _opens_head(raw_lines[index + 1:index + 2]):
                prose = False  # the head of the next document of a file of many: its short lines stand alone
            continue
        if index in narrow_heads:
            flush()
            page, paged, page_break, page_top = narrow_heads[index], True, True, True
            continue
        if page_top and (number := running_head(raw)) is not None:
            flush()
            page, paged, page_break = number, True, True  # page_top stays: a second head line may follow
            continue
        if not page_top and (number := continuation_head(raw)) is not None:
            flush()
            page, paged, page_break, page_top = number, True, True, True
            continue
        page_top = False
        if _DOWNLOAD_STAMP.match(line):
            flush()
            if seen_text:  # the stamp ends its page (the one below it on the same page adds nothing)
                page = _next_page(page)
            paged = page_break = page_top = True
            seen_text = False
            continue
        if _PAGE_BREAK.match(line):
            flush()
            page = _next_page(page)
            paged = page_break = True
            seen_text = False
            continue
        if number := page_number(line):
            flush()
            page_top = True
            n, stamp = number
            if stamp or (seen_text and n == (page or "1")):  # a footer: the page that ends here
                page = str(int(n) + 1) if n.isdigit() else n
            else:  # a header: the page that begins here
                page = n
            paged = page_break = True
            seen_text = False
            continue
        if line in repeated:
            flush()
            page_break = True
            continue
        if _RULE.match(line):
            flush()
            after_rule = True
            continue
        if current and value_column is not None and not prose and indent == value_column >= _VALUE_COLUMN \
                and (continued or len(current) == 1) and _goes_on_field(line):
            current.append(line)  # a field's value goes on under its first word: the participants of a meeting
            ends.append(len(raw.rstrip()))
            last_indent = indent
            continued = True
            continue
        if current and not _heading_goes_on(current, line, prose) and (
                (one_line_paragraphs and not line[:1].islower())
                        # a line longer than any typewriter, page or screen wraps is not a wrapped line: unless a
                        # word broken at its end or a lower-case start says otherwise, it is a paragraph of its own
                        or (max(len(current[-1]), len(line)) > _UNWRAPPED_LINE and not line[:1].islower()
                            and not current[-1].endswith("-"))
                        or _starts_block(line, indent, last_indent, current, current_indent)
                        or _next_note(line, current[-1], last_note)
                        # in the text, a sentence that ends well short of the width with the next word fitting
                        # easily ends its paragraph (text typed without blank lines between paragraphs)
                        or (prose and _WRAPPED_END.search(current[-1]) and not line[:1].islower()
                            and len(current[-1]) + 1 + len(line.split()[0]) <= width - max(10, width // 5))
                        # in the head, a line the next word would have fitted on was not wrapped: the next line is
                        # another (a title, then the place on the line below)
                        # (with a margin: justified and proportional lines vary by a few columns)
                        # (unless the line stops on a comma and the next goes on in lower case: "CONCLUSIONS of a
                        # Meeting of the Cabinet held at Admiralty House, S.W.1," / "on Saturday, 27th October, 1962")
                        or (not prose and not (current[-1].endswith(",") and line[:1].islower())
                            and (len(current[-1]) + 1 + len(line.split()[0]) <= width - 5
                                 or _head_line(line, raw_lines[index + 1:index + 2])))):
            flush()
        if not current:
            current_indent = indent
            ends.clear()
            continued = False
            probe = Line(line)
            field = FIELD_START.match(raw)
            value_column = field.end() if field and probe.label_shaped else None
            note = probe.note
            if note and note[0].number.isdigit() and (last_note is None or int(note[0].number) in (1, last_note + 1)):
                last_note = int(note[0].number)
        current.append(line)
        ends.append(len(raw.rstrip()))
        last_indent = indent
        seen_text = True
    flush()
    if paged:  # pages are known only once a break is seen: the first page is page 1
        for b in blocks:
            b.page = b.page or "1"
    return dehyphenate(_rejoin_across_pages(_without_contents(blocks)), text)


# a table of contents' heading: "Contents", "Table of Contents", "Inhalt", "Содержание"
_CONTENTS = re.compile(r"^(?:table of contents|contents|inhalt(?:sverzeichnis)?|table des matières|sommaire|índice|"
                       r"indice|содержание|оглавление)\s*:?$", re.IGNORECASE)
# an entry's number and its page, around the heading it repeats ("1.2 Source .......... 4")
_ENTRY_NUMBER = re.compile(r"^(?:[\divxlc]{1,4}(?:\.\d{1,3})*\.?|[-*•·])\s+", re.IGNORECASE)
_ENTRY_PAGE = re.compile(r"(?:\s*\.{2,}\s*|\s{2,}|\s+)\d{1,4}$")


def _without_contents(blocks: list[Block]) -> list[Block]:
    """Blocks without a table of contents: a "Contents" heading and the short entries under it, when most entries
    name headings the text then carries (an export's outline, a volume's list of its documents). Its entries are no
    document's lines: read as lines of the text, "1. Source" and "2. Text" would be taken for numbered notes."""
    start = next((i for i, b in enumerate(blocks[:40]) if _CONTENTS.match(b.text.strip())), None)
    if start is None:
        return blocks
    entries: list[str] = []
    end = start + 1
    while end < len(blocks):
        lines = [line.strip() for line in blocks[end].text.split("\n")]
        if not all(0 < len(line) <= 100 and not line.endswith((".", ":", ";")) or _ENTRY_PAGE.search(line)
                   for line in lines):
            break
        if any(_entry_name(line) in map(_entry_name, entries) for line in lines):
            break  # the first heading the contents listed: the text has begun
        entries += lines
        end += 1
    names = [_entry_name(e) for e in entries]
    later = {_entry_name(line) for b in blocks[end:] for line in b.text.split("\n")}
    if not names or sum(name in later for name in names) * 2 < len(names):
        return blocks
    return blocks[:start] + blocks[end:]


def _entry_name(line: str) -> str:
    return re.sub(r"\W+", " ", _ENTRY_PAGE.sub("", _ENTRY_NUMBER.sub("", line.strip()))).strip().casefold()


# the words a heading or a sentence cannot stop on: a wrapped line goes on below
# ("a" in lower case only: a code letter ends a form's row, "7/27/63   A")
_OPEN_END = re.compile(r"\b(?:(?i:the|of|to|in|and|from|for|an|at|on|by|with|between|concerning|regarding)|a)$")
# a title of rank with no article before it, which a name follows ("... to President" / "Kennedy"; "... to Secretary
# of State" / "Rusk at Geneva"): "for the President" is whole
_RANK_END = re.compile(r"(?i)\b(?:to|from|and|for|by|with)\s+(?:President(?:-elect)?|Chairm[ae]n|Secretary(?: of State| of "
                       r"Defense| General)?|Ambassador|(?:Prime |Foreign )?Minister|Premier|Chancellor|Governor|Senator|"
                       r"General|Admiral|King|Queen|Pope|Mr\.|Mrs\.|Dr\.)$")


def _heading_goes_on(current: list[str], line: str, prose: bool) -> bool:
    """In the head, a heading that stops on a word no heading ends with goes on on the next line, however the two are
    set (centred, the next line shorter or a date after it): "Telegram From the Department of State to the" /
    "Embassy in the Soviet Union, 21 January 1961"."""
    last = current[-1].rstrip()
    if prose or len(current) > 2 or not (_OPEN_END.search(last) or _RANK_END.search(last)) or len(last.split()) < 3:
        return False
    probe = Line(clean_line(line))
    return line.strip()[:1].isupper() and probe.label is None and not probe.markings


# a wide gap on a line of the head: what stands right of it was set at the margin on its own
_GAP = re.compile(r"\S(?P<gap> {3,})(?=\S)")
_HEAD_WORDS = 20  # a line of this many words is prose (as for a block): the head is over
_LEFT_WORDS = 8  # what stands left of the gap: a number, a reference, a stamp, a heading


def split_columns(raw_lines: list[str]) -> list[str]:
    """Head lines that set two things apart with a wide gap, the right one a date, a dateline or a place ("(No. 45.
    Secret.)          Moscow," above the date; "66   PREM 11/3689, no 12   15 Feb 1962" in a printed edition's
    heading), as two lines: the right one where it stands. A label and its value in aligned columns ("Date    15
    February 1962") stay one line. Once the text has begun, only a line after a blank line may be a head's (the
    next document's, in a file of many)."""
    out: list[str] = []
    in_text = False
    for k, raw in enumerate(raw_lines):
        if not raw.strip() or raw.startswith("\f"):
            in_text = False
        elif in_text or len(raw.split()) >= _HEAD_WORDS or _wrapped_text(raw, raw_lines[k + 1:k + 4]):
            in_text = True  # a paragraph's line
            out.append(raw)
            continue
        gaps = list(_GAP.finditer(raw.rstrip()))
        if gaps and raw.strip() and continuation_head(raw) is None:  # "Chairman Khrushchev  - 2 -  July 17, 1962"
            cut = gaps[-1].end("gap")
            left, right = raw[:gaps[-1].start("gap")], raw[cut:].rstrip()
            probe = Line(clean_line(right))
            below = Line(clean_line(raw_lines[k + 1])) if k + 1 < len(raw_lines) else None
            placed = probe.place_name and below is not None and below.date is not None
            # (a few words on the left, or a stamp however long: a justified line of text may have wide gaps too)
            if ((probe.date or probe.dateline or placed) and left.strip() and field_of(clean_line(left)) is None
                    and not left.rstrip().endswith((":", "："))  # "Updated:<tab>5/14/2017": a label and its value
                    and (len(left.split()) <= _LEFT_WORDS or Line(clean_line(left)).markings)):
                out += [left.rstrip(), " " * cut + right]
                continue
        out.append(raw)
    return out


def _wrapped_text(raw: str, following: list[str]) -> bool:
    """A line of a paragraph wrapped over lines: six words or more, and the next line that is not blank goes on in
    lower case."""
    below = next((line for line in following if line.strip()), "")
    return len(raw.split()) >= 6 and below.lstrip()[:1].islower()


def _starts_block(line: str, indent: int, last_indent: int, current: list[str], current_indent: int) -> bool:
    """Whether a line begins a new block rather than continuing the wrapped paragraph before it."""
    if indent >= _FAR_INDENT or last_indent >= _FAR_INDENT:
        return True  # a centred or right-aligned line stands on its own
    first = Line(current[0])
    if last_indent + 2 <= indent <= 10:
        if last_indent < current_indent:
            return True  # indented again after lines at the margin: the next paragraph of a typescript
        if not (first.note or _LIST_ITEM.match(current[0])):
            return True  # a first-line indent begins a paragraph (a hanging indent continues a list item or note)
    if _LIST_ITEM.match(line) and not _number_wrapped(line, current):
        return True
    if first.note and GARBLED_MARK.match(line) and re.search(r"[.!?)\]]$", current[-1].rstrip()):
        return True  # the next note of a page's foot, its figure garbled by OCR ("' Document 21.")
    probe = Line(line)
    if probe.note and (probe.note[0].style in ("bracket", "paren", "super", "symbol", "starred", "slash", "caret", "word", "arrow")
                       or (first.note and first.note[0].style == probe.note[0].style
                           and _follows(first.note[0].number, probe.note[0].number))):
        return True  # a note of a note list, or the next note of a list of bare numbers ("1 Documents 67")
    return bool(probe.markings or probe.memo_field or probe.label or probe.notes_heading or first.notes_heading
                or probe.boilerplate or (Line(current[-1]).boilerplate and not _goes_on(current[-1])))
    # (a site's chrome, "Retrieved from ...", stands alone; a publisher's terms wrapped over lines go on)


def _goes_on(line: str) -> bool:
    """A long line that stops mid-sentence: its sentence goes on on the next line."""
    return len(line.strip()) >= 60 and not re.search(r"[.!?:;)\]\"”]$", line.rstrip())


def _number_wrapped(line: str, current: list[str]) -> bool:
    """A figure that a wrap put at a line's start ("... Lot 66 D" / "204. Secret; Niact."): the line before is a long
    one that stops mid-sentence, and the figure is not the next item of a list the block began."""
    before = current[-1].rstrip()
    if len(before) < 50 or before.endswith((".", ":", ";", "!", "?", ")", "”", '"')):
        return False
    number = re.match(r"\s*(\d{1,3})[.)]\s", line)
    item = re.match(r"\s*(\d{1,3})[.)]\s", current[0])
    return number is not None and not (item is not None and int(number.group(1)) == int(item.group(1)) + 1)


def _goes_on_field(line: str) -> bool:
    """Whether a line standing under a field's value goes on with it: not a field, stamp, note or list item of its own."""
    probe = Line(line)
    return not (probe.label or FIELD_START.match(line) or probe.markings or probe.note or _LIST_ITEM.match(line)
                or probe.boilerplate or probe.notes_heading)


def _field_value_lines(lines: list[str], ends: list[int], width: int) -> str:
    """A field whose value goes on under its first word: one value wrapped over lines (joined as a paragraph's), or a
    list, one item a line ("PARTICIPANTS: The President / Andrei A. Gromyko, ... / Secretary Rusk"), joined with
    semicolons. It is a list when a line ends where the next line's first word would have fitted."""
    listed = any(ends[i] + 1 + len(lines[i + 1].split()[0]) <= width - 5 for i in range(len(lines) - 1))
    if not listed:
        return join_lines(lines)
    return " ".join(line if line.endswith((",", ";")) or i == len(lines) - 1 else line + ";"
                    for i, line in enumerate(lines))


def _opens_head(following: list[str]) -> bool:
    """After a blank line, a line that opens a document's head: a title or date field, a stamp, or a heading that
    names a document ("Message From President Kennedy to Chairman Khrushchev", a web page's heading with its byline
    below it: the next document of a file of many)."""
    if not following or not following[0].strip():
        return False
    line = Line(clean_line(following[0]))
    return bool(line.markings) or (line.label is not None and line.label.field in ("title", "date")
                                   and bool(line.label.value)) or (
        bool(NAMES_A_KIND.match(line.numbered_heading[1] if line.numbered_heading else line.unmarked))
        and 3 <= len(line.words) <= 25 and not re.search(r"[.!?;…][\"”’')\]]*$", line.unmarked))


# an archive's file reference alone on a line: codes with a number cut by a stroke, point or dash
# ("II A 1-82.00/94.29-216/62", "FO 371/162375"), no full stop (a wrapped line's end: "DEPTEL 982.")
_FILE_REFERENCE = re.compile(r"^(?:[A-Z]{1,6}\.?\s+){0,3}(?:[\w.]*\d[/.-]\d[\w./-]*)(?:\s+[\w./-]*\d[\w./-]*)?$")


def _head_line(line: str, following: list[str]) -> bool:
    """A line of a document's head that stands alone whatever the line above it: a date, a dateline, a byline
    ("by the Department of State"), a file reference, a place on the line above a date."""
    probe = Line(line)
    if probe.date or probe.dateline or probe.supplied_place or BYLINE.match(line) or _FILE_REFERENCE.search(line):
        return True
    if not probe.place_name or not following:
        return False
    below = Line(clean_line(following[0]))  # "Date: Saturday 6 October 1962" as record_lines writes a weekday date
    return bool(below.date or (below.label and below.label.field == "date" and parse_date(below.label.value)))


def _next_note(line: str, before: str, last_note: int | None) -> bool:
    """A line that begins the next note of a list after a note that ended a sentence: "2 Document 10." after a
    source note wrapped over several lines (one of which began "204. No classification marking")."""
    if last_note is None or not re.search(r"[.!?)\]”\"]$", before):
        return False
    note = Line(line).note
    return bool(note) and note[0].number.isdigit() and int(note[0].number) == last_note + 1


def _follows(number: str, then: str) -> bool:
    return number.isdigit() and then.isdigit() and int(then) == int(number) + 1


# where join_lines joined a line ending in a hyphen to one going on in lower case: a private-use character, which
# almost no text holds (a soft hyphen, U+00AD, is the text's own: "Khrush\u00adchev", and must stay)
_JOIN = "\ue000"


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines. A word broken at a line end by a hyphen is marked for :func:`dehyphenate` when the
    next line goes on in lower case ("situa-/tion"); before a capital the hyphen is the compound's own and stays,
    closed up ("anti-/Castro" -> "anti-Castro"), and so before a number after a name in capitals ("MIG-/21"; a page
    or note number after "pre-" is not the word's)."""
    out = lines[0]
    for line in lines[1:]:
        broken = _HYPHENATED.search(out)
        if broken and line[:1].islower():
            out = out + _JOIN + line  # marks the join; dehyphenate decides
        elif broken and (line[:1].isupper() or line[:1].isdigit() and broken.group(1).isupper()):
            out = out + line
        else:
            out = out + " " + line
    return out


def dehyphenate(blocks: list[Block], text: str) -> list[Block]:
    """"situa-/tion" -> "situation", unless the document writes the word with its hyphen elsewhere ("self-control")."""
    hyphenated: set[str] | None = None
    for b in blocks:
        if _JOIN in b.text:
            if hyphenated is None:
                hyphenated = set(re.findall(r"[^\W\d_]+-[^\W\d_]+", text))
            b.text = re.sub(rf"([^\W\d_]+)-{_JOIN}([^\W\d_]+)", partial(_mend, hyphenated), b.text).replace(_JOIN, " ")
    return blocks


def _mend(hyphenated: set[str], m: re.Match) -> str:
    """A word broken at a line end, whole again: with its hyphen when the text writes it so elsewhere."""
    word = f"{m.group(1)}-{m.group(2)}"
    return word if word in hyphenated else m.group(1) + m.group(2)


def _rejoin_across_pages(blocks: list[Block]) -> list[Block]:
    """A paragraph cut by page furniture goes on on the next page: it ends mid-sentence and the next block
    starts in lower case."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and b.page_break_before and not re.search(r"[.!?:;»\"”’)\]]$", prev.text)
                and b.text[:1].islower() and len(prev.text.split()) >= 5):
            joined = join_lines([prev.text, b.text])
            out[-1] = Block(joined, prev.page, prev.indent, prev.after_rule, prev.page_break_before)
            continue
        out.append(b)
    return out
