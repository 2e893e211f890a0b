"""OCR'd text: the raw output of an OCR engine made into paragraphs with pages, and the form fields it holds.

A scan's text is not a typed text: a line per printed line (hard wraps), blank lines where the scan had gaps,
words broken at line ends, stray marks from stamps, rules, holes and handwriting, the archive's banner and page
stamps on every page. :func:`read_ocr_pages` takes the text of each page and

- drops page furniture: release banners ("2025 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION
  RECORDS ACT OF 1992", "Approved For Release 2001/03/04 : CIA-RDP80..."), record and page stamps ("HW 50953
  DocId:32337464 Page 2", "14-00000"), page numbers, lines repeated on many pages, Markdown wrappers;
- drops noise: lines that are mostly not letters or not words;
- reads identification forms and other labelled headers ("AGENCY :", "RECORD NUMBER :", "TITLE :", "DATE :
  06/14/63"), whether OCR kept each label beside its value or read the labels and the values as two columns;
- joins hard-wrapped lines into paragraphs (by the page's typical line width, sentence ends, hyphenated line
  ends, and blank lines that are only the scan's spacing), keeping the page each paragraph starts on.

:func:`parse_ocr_pages` then gives the blocks and fields to the text parser, which tells titles, dates, stamps and
notes as it does for any text. Tesseract's output for a folder of page images goes through the same two calls.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Sequence

from ..model import Document
from ..vocabulary.dates import find_dates, month_number, parse_date
from ..vocabulary.distance import edit_distance
from ..vocabulary.labels import field_of, label_key
from ..vocabulary.markings import has_marking
from .blocks import (
    Block,
    close_up,
    dehyphenate,
    download_stamp,
    join_lines,
    page_number,
)
from .lines import KIND_ABBREVIATIONS, Label, Line, clean_line, kind_name

# -- furniture ------------------------------------------------------------------------------------
# release and declassification banners an archive stamps on every copy it releases (they are not the document's
# date): NARA's JFK collection, CIA CREST ("Approved For Release 2005/04/22 : CIA-RDP79T00975A000300010001-2"),
# "Sanitized Copy Approved for Release", "Declassified and Approved For Release", "DECLASSIFIED Authority NND 123"
_BANNER = re.compile(
    r"release\s+under\s+the\s+.{0,60}\bact\b|release\s+under\s+the\s+president|assassination\s+records\s+act\s+of|"
    r"approved\s+for\s+release|"
    r"sanitized\s+copy|declassified\s+(?:and\s+approved|authority|by|per|under|e\.?\s?o\.?)|\bCIA-RDP\d|"
    r"\bNND\s*\d{3,}|\bNARA\s+date\b|for\s+foia\s+review|reproduction\s+by\s+other\s+than|"
    r"\bDoc\s?[Il1]d\s*[:.]?\s*\d{5,}", re.IGNORECASE)
_BANNER_HINT = re.compile(r"(?i)releas|assassin|sanitiz|declass|rdp|nnd|nara|foia|reprod|doc\s?[il1]d")
# a record identifier standing alone: NARA's record numbers ("104-10245-10007", "124-90137-10230"), the CIA's
# page stamp "14-00000"
_RECORD_ID = re.compile(r"^[\W_]*(?:[\dIl|oO]{2,3}[-,.]\s?[\dIl|oO]{4,5}(?:[-,. ]\s?[\dIl|oO]{4,5})?)[\W_]*$")
_RULE_LINE = re.compile(r"^[\s\-–—_=*·•.~]{3,}$")
_MAIL_LINE = re.compile(r"^(?:(?:from|to|cc|bcc|sent|date|reply-to)\s*:\s.*@.*|(?:sent|date)\s*:\s.*\d.*|"
                        r"[-_=]{2,}\s*[^\W\d_][\w ]{2,40}\s*[-_=]{2,})$", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_MD_PAGE = re.compile(r"^\s*#{1,6}\s*(?:page|p\.|стр\.?|seite)\s*(?P<n>\d{1,4}[a-z]?)\s*$", re.IGNORECASE)

# -- noise ----------------------------------------------------------------------------------------
_TOKEN = re.compile(r"\S+")
# a token that reads as a word, a number or an abbreviation, with the quotes, brackets, punctuation and note
# marker that may stand around it
_TOKEN_SHAPE = re.compile(r"^[\"'“‘(\[«]*(?P<core>[^\W\d_]+(?:['’./-][^\W\d_]+)*\.?|\d+(?:[.,:/–-]\d+)*(?:st|nd|rd|th|s)?|"
                         r"[A-Z][A-Z.&/-]+)[\"'”’)\]»]*[.,;:!?]*[\"'”’)\]»]*(?:\d{1,2}/?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[*†‡§]+)?$")
# Latin words OCR did not garble are lower case, capitalised or in capitals ("Moutsos", "CIA", "McCone", "O'Neill")
_LATIN_CASE = re.compile(r"(?:[A-Z]?[a-z]+|[A-Z]+|Mc[A-Z][a-z]+|[A-Z]['’][A-Z][a-z]+)(?:['’./-](?:[A-Za-z][a-z]*|[A-Z]+))*\.?")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_LETTERS = re.compile(r"[^\W\d_]")


def _wordlike(token: str) -> bool:
    """Whether a token reads as a word (in any script), a number or an abbreviation: not "G@", "adPxy'", "РУCCКИЙ"."""
    m = _TOKEN_SHAPE.match(token.rstrip("¹²³⁴⁵⁶⁷⁸⁹⁰"))
    if not m:
        return False
    core = m.group("core")
    letters = _LETTERS.findall(core)
    if not letters:
        return True
    if all(c < "\u0250" for c in letters):  # Latin: a case OCR did not mix up, and a vowel in a long word
        return bool(_LATIN_CASE.fullmatch(core)) and (len(letters) <= 3 or bool(_VOWEL.search(core)))
    script = {_script_of(c) for c in letters}
    return len(script) == 1  # a word in one script (Cyrillic, Greek...), not letters of two scripts mixed


def _script_of(c: str) -> str:
    name = unicodedata.name(c, "")
    return name.split(" ")[0] if name else ""


def noise_share(line: str) -> float:
    """How much of a line is not words: 0.0 for clean prose, 1.0 for "‘'\" 4m Charles"-like debris."""
    return _noise(line)[0]


def _noise(line: str) -> tuple[float, int]:
    """(noise share, number of words of two letters or more)."""
    tokens = _TOKEN.findall(line)
    if not tokens:
        return 1.0, 0
    chars = good = words = 0
    for token in tokens:
        chars += len(token)
        if _wordlike(token):
            good += len(token)
            if len(_LETTERS.findall(token)) >= 2:
                words += 1
    letters = len(_LETTERS.findall(line))
    return max(1 - good / chars, 1 - letters / chars / 0.8, 0.0), words


# a line set in emphasis as Markdown and plain-text e-texts write it ("_Moscow, April 22, 1961._"), and a note's
# marker at a line's end ("territory.[1]"): typed marks, not debris
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<text>\S(?:.*\S)?)\1$")
_NOTE_REFERENCE = re.compile(r"\[\^?\d{1,3}\]$")


def is_noise(line: str) -> bool:
    """A line that is mostly not words or not letters (a stamp's debris, a rule, handwriting read as text)."""
    if m := _EMPHASIS.match(line):
        line = m.group("text")
    line = _NOTE_REFERENCE.sub("", line)
    share, words = _noise(line)
    if not words and not re.search(r"\d{2,}", line):
        return True
    if len(line) <= 3:  # "ee", "{", "a ." are debris; "FBI", "HQ", "12" are not
        return not re.fullmatch(r"\d{1,3}\.?|[A-Z]{2,3}", line)
    return share > 0.5


# -- the result -----------------------------------------------------------------------------------
@dataclass
class OcrText:
    """What :func:`read_ocr_pages` found in a scan's text."""

    blocks: list[Block]  # paragraphs and head lines, with the page each starts on
    fields: tuple[Label, ...] = ()  # labelled fields of identification forms and form-like headers
    furniture: tuple[str, ...] = ()  # lines dropped as page furniture
    noise: tuple[str, ...] = ()  # lines dropped as noise
    pages: int = 0

    @property
    def paragraphs(self) -> list[tuple[str, str | None]]:
        """(text, page) of each block."""
        return [(b.text, b.page) for b in self.blocks]


def parse_ocr_pages(pages: Sequence[str | tuple[str, str]], doc_id: str, source: str = "",
                    fmt: str = "text", front: dict | None = None) -> Document:
    """A Document from the OCR text of each page of a scan (see :func:`read_ocr_pages`)."""
    return parse_ocr_documents(pages, doc_id, source, fmt, front, many=False)[0]


def parse_ocr_documents(pages: Sequence[str | tuple[str, str]], doc_id: str, source: str = "",
                        fmt: str = "text", front: dict | None = None, many: bool = True) -> list[Document]:
    """The documents of a scan's pages: one, or each that a release of many holds (see :mod:`.split`)."""
    from .text import parse_documents

    found = read_ocr_pages(pages)
    return parse_documents(found.blocks, doc_id, source, fmt, front, found.fields, ocr=True, many=many)


def read_ocr_pages(pages: Sequence[str | tuple[str, str]]) -> OcrText:
    """Paragraphs with pages, form fields and furniture from the OCR text of each page of a scan.

    ``pages`` holds each page's text, or (page label, text) pairs; a single text of many pages is one item, and
    its page stamps and page numbers then tell the pages apart.
    """
    labelled = [(p if isinstance(p, tuple) else (str(i), p)) for i, p in enumerate(pages, 1)]
    known_pages = len(labelled) > 1
    all_lines = [clean_line(line) for _, text in labelled for line in text.split("\n")]
    repeated = _repeated(all_lines, len(labelled))
    furniture: list[str] = []
    # (page, line, what it may be): "" for text, "noise" and "record" (a record number standing alone) for lines
    # dropped unless a form takes them as a value, "rule" for a rule; a blank line keeps its place as ""
    kept: list[tuple[str, str, str]] = []
    for label, text in labelled:
        page = label
        seen = False
        for raw in text.split("\n"):
            line = clean_line(close_up(raw))
            if _RULE_LINE.match(line) and len(line) >= 5:  # a rule: the notes may begin below it
                kept.append((page, line, "rule"))
                continue
            line = _trim(_HANDLING.sub(" ", _BAR.sub(" ", line)).strip())
            if not line:
                kept.append((page, "", ""))
                continue
            if number := page_number(line):
                furniture.append(line)
                if not known_pages:  # the page stamp or number tells where one page ends and the next begins
                    n, stamp = number
                    page = (str(int(n) + 1) if n.isdigit() else n) if stamp or (seen and n == page) else n
                    seen = False
                kept.append((page, "", ""))
                continue
            if _RECORD_ID.match(line):
                kept.append((page, line, "record"))
                continue
            if _is_furniture(line, repeated):
                furniture.append(line)
                kept.append((page, "", ""))
                continue
            goes_on = bool(kept) and bool(_SUBJECT_GOES_ON.match(kept[-1][1]))  # "... AMBUNNY-1 (201-775391) and"
            kept.append((page, line, "noise" if is_noise(line) and not _keep_short(line) and not goes_on else ""))
            seen = True
    kept = [(page, line, flag) for page, text, flag in kept for line in _memo_lines(text, flag)]
    kept = _label_column(kept)
    kept, fields = _read_forms(kept)
    furniture.extend(line for _, line, flag in kept if flag == "record")
    noise = [line for _, line, flag in kept if flag == "noise"]
    text_lines = [(page, _RULE if flag == "rule" else "" if flag else line) for page, line, flag in kept]
    blocks = _paragraphs(text_lines)
    text = "\n".join(line for _, line in text_lines)
    return OcrText(dehyphenate(blocks, text), tuple(fields), tuple(furniture), tuple(noise), len(labelled))


# the handling stamps of an agency's copy, which OCR reads into the line beside them ("SUBJECT: Herbert Itkin Do Not
# Reproduce"): CIA's "RETURN TO CIA / Background Use Only / Do Not Reproduce", in the letters OCR garbles of a stamp
# ("RETURNTO cla", "Backgrounct ‘Use Only", "ckground Use Only", "Backer aund Uso Only", "Bo Net Beproduce",
# "Not ‘Reproduce")
_HANDLING = re.compile(r"(?i)\b(?:retu\w{0,2}\s*to\s+c[i1l]a\b\W*|\w*(?:gr[o0]un|ckgr|und)\w*[\s‘'’“\"]{1,3}(?-i:U)s[eo]\s+(?-i:O)n\w{0,2}\b|"
                       r"(?:\b[db][o0]\W{0,2}\s*)?\bn[o0e]t\W{0,2}\s*[rb]\w?pr[o0]d\w{2,4}\b|"
                       r"release\s+in\s+(?:full|part)|cia\s+special\s+collections)\W*")
# a rule or margin OCR read as a bar beside a word: "TRANSCRIPT OF |STURBITTS"
_BAR = re.compile(r"(?:(?<=\s)|^)[|¦](?=\S)|(?<=\S)[|¦](?=\s|$)|\s[|¦]\s")
# a typed memo's labels as OCR reads them: "SUBJECT “; Howard Hunt", "MEMORANDUM’ FOR! C/CI/OA", after a speck of
# the margin read as a small word before a subject ("we SUBJECT : NOSENKO, Yuriy Ivanovich"; before a date it is
# no field: "j DATE : 17-22 August 1962")
_MEMO_LABEL = re.compile(r"^(?:[^\w\s]{0,2}|[a-z]{1,2}\s(?=\s*SUBJ))\s*(?P<label>MEMORANDUM\W{0,2}\s+FOR|SUBJECT|SUBJ|FROM|TO|DATE|ATTENTION|ATTN|"
                         r"VIA|INFO|REFERENCES?|REF)\s*(?:[:;!“”\"'’.,=+«{}]\s*){1,3}(?P<value>\S.*)$")
# a second memo label on the same line: "TO : Chief, Security Branch ; DATE: 28 November 1950"
_SECOND_LABEL = re.compile(r"\s+[;|]?\s*(?=(?:DATE|Date|FROM|From|SUBJECT|Subject|TO)\s?:\s*\S)")


# the labels and headings of a typed memo that OCR garbles a letter or two of ("BUBJECT", "SUBIECTS", "MEMORANBOM FOR
# THE RECORD", "MEMORANDUM POR THE RECORD"): long enough that a near miss is still only that label
_REPAIRABLE = ("MEMORANDUM FOR THE RECORD", "MEMORANDUM FOR THE FILES", "MEMO FOR THE RECORD", "MEMORANDUM FOR",
               "MEMO FOR FILE", "MEMORANDUM", "SUBJECTS", "SUBJECT", "ATTENTION", "REFERENCES", "REFERENCE")
# what OCR reads a label's colon as, when it reads it as a character of its own: "SUBJECT 3 PICCOLO", "SUBJECT 4 CROZIER",
# "SUBJECT - AMMUG/1", "SUBJECT C : OTS"
# a label's colon, and at most one mark OCR read for its last letter before it ("SUBJZC?: ...")
_COLON_AFTER = re.compile(r"\s*[^\w\s:;=]?\s*[:;=]\s*")
# (or as a small letter alone before the value's capital: "SUBJECT t Conversation between ...")
_LOST_COLON = re.compile(r"^(?:[0-9:;=+!|/}{\-–—¢©§«»]|[A-Za-z](?=\s*[:;])|[a-z](?=\s+[A-Z]))(?:\s*[:;=+/])*\s+(?=\S)")


def _repair_label(line: str) -> str:
    """A memo line whose label OCR garbled, with the label spelled as typed: the first words, in capitals, within
    one letter in eight of a label (one more when a colon follows, and one more for a label of three words or more
    whose short words are read right: "MEMORADOM FOR THE EZCORD"), no word of the text's own; a heading's trailing
    debris ("MEMORANDUM FOR THE RECORD an") goes. OCR reads a label in capitals as small letters at times
    ("sugjecr: THE LEE HARVEY OSWALD CASE"): a one-word label so read counts only with its first letter right and
    its colon after it. A stray mark before the colon ("SUBJZC?: Conversations") is the label's last letter. Any
    other line is returned as it is."""
    m = re.match(r"^[^\w\s]{0,2}\s*((?:[A-Za-z][A-Za-z]{1,11}\W{0,2}\s*){1,5})", line)
    if not m:
        return line
    words = re.findall(r"[A-Za-z]+", m.group(1))
    capitals = sum(c.isupper() for c in words[0]) >= 3 and words[0][0].isupper()
    if not capitals and words[0].upper() in _REPAIRABLE:
        return line  # "Subject:", "Reference:": a label as typed, read as it is
    found = []  # (words of the label, distance, label, where it ends in the line, whether a colon follows)
    for label in _REPAIRABLE:
        wanted = label.split()
        if len(words) < len(wanted):
            continue
        got = " ".join(w.upper() for w in words[:len(wanted)])
        end = 0
        for w in words[:len(wanted)]:
            end = line.index(w, end) + len(w)
        colon = bool(_COLON_AFTER.match(line[end:]))
        if not capitals and not (colon and len(wanted) == 1 and words[0][0].upper() == wanted[0][0]):
            continue
        short_words_right = len(wanted) >= 3 and all(
            w.upper() == want for w, want in zip(words, wanted, strict=False) if len(want) <= 3)
        budget = max(1, len(label) // 8) + colon + short_words_right
        if abs(len(got) - len(label)) <= budget and edit_distance(words[0].upper(), wanted[0]) <= 2 and \
                (distance := edit_distance(got, label)) <= budget:
            found.append((-len(wanted), distance, label, end, colon))
    if not found:
        return line
    _, _, label, end, colon = min(found)  # the label of most words, then the nearest
    rest = line[end:]
    if colon:
        rest = _COLON_AFTER.sub(": ", rest, count=1)
    if not label.endswith("FOR") and label.startswith("MEMO") and re.fullmatch(r"(?:\s+[a-z]{1,3}|\s*[^\w\s]+)*\s*",
                                                                               rest):
        rest = ""  # "MEMORANDUM FOR THE RECORD an", "MEMORANDUM FOR THE RECORD) -————": debris after a heading
    return label + rest


def _lost_colon(line: str) -> str:
    """"SUBJECT 3 PICCOLO, Joseph" -> "SUBJECT: PICCOLO, Joseph" (a subject or attention line only: their values
    never start with a lone figure)."""
    if re.fullmatch(r"SUBJECT[^\w\s:]{0,2}", line):
        return "SUBJECT:"  # a form's subject box, its label alone and the colon lost: the value is on the next line
    m = re.match(r"^(SUBJECTS?|ATTENTION|REFERENCES?)\s+", line)
    if not m:
        return line
    rest = line[m.end():]
    lost = _LOST_COLON.match(rest)
    return f"{m.group(1)}: {rest[lost.end():]}" if lost else line


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
# a day, a word where the month should be, and a year of four figures: "24 octoeer 1961", "10 Cetodvor 1961",
# "29 sestexber 1960", "i July 1965" (a 1 read as i); or the month first: "Octaber 30, 1962"
_DAY_MONTH_YEAR = re.compile(r"\b(?P<day>[0-3]?[0-9]|[1Iil])\s+(?P<month>[A-Za-z]{4,10})[.,]?\s+(?P<year>1[89]\d\d|20\d\d)\b")
_MONTH_DAY_YEAR = re.compile(r"\b(?P<month>[A-Za-z]{4,10})\.?\s+(?P<day>[0-3]?[0-9]),\s*(?P<year>1[89]\d\d|20\d\d)\b")
# a cable's date-time group: "TOT: 012139Z MAY 98" is the 1st of May 1998, 21:39 GMT
# the stamp of the message center on an incoming cable, month first: "AUG 31 0310Z 62", "DEC 16 2212Z 61" (its Z often
# read as a 2: "NOV 29 01522 62", "DEC 16 22122-61"), the 31st of August 1962
_RECEIVED_STAMP = re.compile(r"\b(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(?P<day>[0-3]?\d)\s+"
                             r"(?P<time>[0-2]\d[0-5]\d)[Z2z]?\s?[-–]?\s?(?P<year>\d{2})\b")
# a date typed with slashes between its parts: "24/MARCH/1965"
_SLASHED = re.compile(r"\b(?P<day>[0-3]?\d)\s?/\s?(?P<month>[A-Za-z]{3,9})\s?/\s?(?P<year>1[89]\d\d)\b")
_DTG = re.compile(r"\b(?P<day>[0-3]\d)(?P<time>[0-2]\d[0-5]\d)[Z2%]{1,2}\s+(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
                  r"\s+(?P<year>\d{2})\b")


# letters OCR reads one for another in typescript (round letters, stems, arches): a swap among them costs half a letter
_LOOKALIKES = ("ceoa", "hnbm", "iljt", "uv")


def _ocr_distance(a: str, b: str) -> float:
    """Edit distance where a letter read for its lookalike ("Cetobor" for "October") counts half."""
    def cost(x: str, y: str) -> float:
        return 0.0 if x == y else 0.5 if any(x in group and y in group for group in _LOOKALIKES) else 1.0

    previous = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        current = [float(i)]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost(x, y)))
        previous = current
    return previous[-1]


def _month(word: str) -> str | None:
    """The month a word OCR garbled stands for: the one month name within a letter in three of it (a letter read
    for its lookalike counts half: "Cetobor"), no other as near, and whose first letter is in the name or one OCR
    reads for another (O as C, S; N as H: "Hovember"); None for a word that is a month already or none at all."""
    if word.capitalize() in _MONTH_NAMES:
        return None
    scored = sorted((_ocr_distance(word.lower(), name.lower()), name) for name in _MONTH_NAMES if len(name) >= 4)
    (best, name), (second, _) = scored[0], scored[1]
    return name if best <= max(1, len(name) // 3) and best < second and word[:1].lower() in name.lower() + "csh" \
        else None


def _group_date(m: re.Match):
    """The date of a date-time group or a received stamp (day, time, month, year), read by the vocabulary's own
    date-time group pattern, whose two-figure years pivot at a fixed year as every date's do (not on today's)."""
    return parse_date(f"{int(m.group('day')):02d}{m.group('time')}Z {m.group('month')} {m.group('year')}")


def _spelled_stamp(m: re.Match) -> str:
    """A date-time group or received stamp with its date spelled out beside it ("092204Z AUG 95 (9 August 1995)")."""
    found = _group_date(m)
    if found is None:
        return m.group(0)
    month = next(name for name in _MONTH_NAMES if name[:3].upper() == m.group("month"))
    return f"{m.group(0)} ({int(m.group('day'))} {month} {found.start.year})"


def stamped_date(texts: Sequence[str]):
    """The day of the first date-time group or received stamp among a cable's lines ("SECRET 171636Z MAY 63",
    "DEC 16 2212Z 61"), whatever stands around it: their form is evidence enough; None if none is read."""
    for text in texts:
        for m in (*_RECEIVED_STAMP.finditer(text), *_DTG.finditer(text)):
            if (found := _group_date(m)) is not None:
                return found
    return None


def _repair_date(line: str) -> str:
    """A short line's date with its month garbled by OCR, spelled out ("10 Cetodvor 1961" -> "10 October 1961"), and
    a cable's date-time group with its date spelled out beside it; only in a short line (a dateline, a date field,
    a cable's header), where a date is expected: the text's own sentences are left as OCR read them."""
    line = _RECEIVED_STAMP.sub(_spelled_stamp, line)  # a stamp's form is evidence enough in any line
    if len(line.split()) > 10:
        return line
    line = _SLASHED.sub(lambda m: f"{m.group('day')} {m.group('month')} {m.group('year')}"
                        if month_number(m.group("month")) else m.group(0), line)

    def day_first(m: re.Match) -> str:
        month = _month(m.group("month"))
        day = "1" if m.group("day") in "Iil" else m.group("day")
        if not month and day == m.group("day"):
            return m.group(0)
        return f"{day} {month or m.group('month')} {m.group('year')}"

    def month_first(m: re.Match) -> str:  # (a space OCR lost after the comma restored: "February 20,1963")
        month = _month(m.group("month")) or (m.group("month") if m.group("month") in _MONTH_NAMES else None)
        return f"{month} {m.group('day')}, {m.group('year')}" if month else m.group(0)

    return _DTG.sub(_spelled_stamp, _MONTH_DAY_YEAR.sub(month_first, _DAY_MONTH_YEAR.sub(day_first, line)))


def _memo_lines(line: str, flag: str) -> list[str]:
    """A memo header line as the text parser reads it: its label spelled out, and one label to a line."""
    if flag or not line:
        return [line]
    line = _repair_date(_lost_colon(_repair_label(line)))
    if (cut := _date_field(line)) is not None:  # "Chief, Contact Division PATE: 31 August 1962": two fields
        before, date = cut
        if (row := _ROW_SUBJECT.match(before)) and edit_distance(row.group("label").upper(), "SUBJECT") <= 2:
            # a report form's row has no colons: "SUBJECT STATEMENTS OF ... DATE DISTR. 24 October 1961" (its date
            # field beside it is the evidence that the first word is the label OCR may have garbled: "sugject)")
            before = "SUBJECT: " + row.group("value")
        return [*_memo_lines(before, flag), date] if before else [date]
    m = _MEMO_LABEL.match(line)
    if m:
        value = m.group("value")
        if m.group("label").startswith("SUBJ"):
            value = _SUBJECT_DEBRIS.sub("", value) or value
        line = re.sub(r"\W+", " ", m.group("label")).strip() + ": " + value
    # a date field at a line's end is one whatever the label before it ("TO 3 Chief, ... Date: 1 July 1965")
    dated = (d := re.search(r"\s(?:DATE|Date)\s?:\s*(?P<v>\S.*)$", line)) and len(line[:d.start()].split()) >= 2 \
        and parse_date(d.group("v").strip())
    parts = _SECOND_LABEL.split(line) if m or dated or _form_label(line) else [line]
    return [p.strip() for p in parts if p.strip()] or [line]


# a word where a form's DATE label stands, and the word after it that may be the rest of the label ("DATE DISTR.",
# an information report's date of distribution), then the debris before the value: "PATE:", "bate Dist,", "DATE pisTR. «|,"
_DATE_LABEL = re.compile(r"(?:^|(?<=\s))(?P<label>[A-Za-z]{3,4})(?P<colon>\s?[:;.])?(?:\s?(?P<more>[A-Za-z]{3,5})\b)?"
                         r"[\s.,:;'\"“”|«»§©=~-]*")


# the first word of a report form's row, where SUBJECT stands (OCR may have read a letter before it), and its value
# after the debris of the box's rule ("I SUBJECT a | Shipment of Weapons")
_ROW_SUBJECT = re.compile(r"^\W*(?:[A-Za-z]\W+)?(?P<label>[Ss][A-Za-z]{5,7})[\W_]*\s+(?:[a-z]{1,2}\s*[|:;=]?\s+(?=[A-Z]))?"
                          r"(?P<value>[\w\"“'‘(].*)$")


def _date_field(line: str) -> tuple[str, str] | None:
    """A form's date field in a short line, spelled out and parted from what stands before it: ("Chief, Contact
    Division", "DATE: 31 August 1962") from "Chief, Contact Division PATE: 31 August 1962"; ("SUBJECT: STATEMENTS OF
    ...", "DATE DISTR: 24 October 1961") from "SUBJECT STATEMENTS OF ... DATE DISTR. 24 October 1961". OCR may have
    garbled a letter of the label ("PATE", "bate", "pisTR") only where its colon or the DISTR after it is read, and
    the value must be a date, to the month at least, right after the label: the value is the evidence."""
    words = line.split()
    if len(words) > 20:
        return None
    for m in _DATE_LABEL.finditer(line):
        label, more = m.group("label"), m.group("more") or ""
        exact = label in ("DATE", "Date")
        distr = bool(more) and not m.group("colon") and edit_distance(more.upper(), "DISTR") <= 2
        if not (exact or (edit_distance(label.upper(), "DATE") <= 1 and (m.group("colon") or distr))):
            continue
        if more and not distr and month_number(more) is None:
            continue  # a word after the label that is neither the label's nor the date's
        if len(line[:m.start()].split()) == 1:
            continue  # a mark or letter before the label is OCR's debris, not a field of the row: "j DATE : 17-22 August"
        value = line[m.start("more"):] if more and not distr else line[m.end():]
        value = _repair_date(value.strip())
        found = find_dates(value)
        if not found or found[0][1] > 3 or found[0][0].start.year == found[0][0].end.year and \
                found[0][0].start.month == 1 and found[0][0].end.month == 12:
            continue  # no date right after the label, or a year alone
        return line[:m.start()].strip(" ;|,"), ("DATE DISTR" if distr else "DATE") + ": " + value
    return None


# a memo's label standing alone, as a printed form's column of labels gives it ("TO :", "FROM", "SUBJECT:"), or a
# word in capitals with its colon and nothing after it, a label OCR garbled ("ATIN:")
_MEMO_COLUMN_LABEL = re.compile(r"^(?P<label>TO|FROM|SUBJECT|SUBJ|ATTN|ATTENTION|VIA|INFO|THRU|THROUGH|DATE|"
                                r"MEMORANDUM FOR|REFERENCES?|REF)\s*[:;.]?$|^(?P<other>[A-Z]{2,12})\s?:$")


def _label_column(kept: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A memo form read column by column: its labels alone on their lines ("TO :", "ATTN:", "FROM", "SUBJECT:"),
    then their values ("Chief, Contact Division", ..., "Cuban Refugee Group"). Where the values below the column,
    up to the text, are as many as its labels (a stamp, a field with its own label and a line of debris among them
    passed over), each label takes its value in order and the pair is one line ("SUBJECT: Cuban Refugee Group"); any
    other column is left as it is, its labels without values."""
    kept = list(kept)
    i = 0
    while i < len(kept):
        column: list[int] = []
        j = i
        while j < len(kept) and (not kept[j][1] or (not kept[j][2] and _MEMO_COLUMN_LABEL.match(kept[j][1]))):
            if kept[j][1]:
                column.append(j)
            j += 1
        known = [k for k in column if _MEMO_COLUMN_LABEL.match(kept[k][1]).group("label")]
        if len(column) < 3 or len(known) < 2 or not any(kept[k][1].startswith("SUBJ") for k in known):
            i = max(j, i + 1)
            continue
        values: list[int] = []
        k = j
        while k < len(kept) and len(values) <= len(column) and kept[k][0] == kept[column[0]][0]:
            page, line, flag = kept[k]
            if line and not flag and not Line(line).label and not has_marking(line):
                if _STARTS_ITEM.match(line) or len(line) > 60:
                    break  # the text begins
                values.append(k)
            k += 1
        if len(values) == len(column):
            # the pairs after what stood among the values (a stamp, the date field), so that no line below the
            # subject reads as more of it
            pairs = [(kept[at][0], re.sub(r"\s*[:;.]?$", "", kept[at][1]) + ": " + kept[value_at][1], "")
                     for at, value_at in zip(column, values, strict=True)]
            between = [row for n, row in enumerate(kept[column[0]:k], column[0])
                       if n not in column and n not in values]
            kept[column[0]:k] = between + pairs
            k = column[0] + len(between) + len(pairs)
        i = k
    return kept


# what OCR leaves after a subject's last word: marks, and a run of specks read as one or two letters ("RFE in
# Turkey pe os Z oe", "Safehouse #405 ; . .", "Harold F. ¥"); a word that may end a wrapped line ("of a") is no speck
_MARKS = r"[^\w\s()\[\]\"”'’&/–—-]+"  # a sign that a wrapped line stops on ("Cover -", "Cuba /") is no speck
_SPECK = rf"(?:{_MARKS}|(?!(?:a|an|of|to|in|on|or|at|by|re|as|is)\b)[a-z]{{1,2}}|[A-Z])"
_SUBJECT_DEBRIS = re.compile(rf"(?:\s+{_MARKS})+$|(?:\s+{_SPECK}){{2,}}$")


def _trim(line: str) -> str:
    """Take off the debris OCR leaves at a line's edges: margins, holes and rules read as | ‘ ! _ ~ characters."""
    line = re.sub(r"^(?:[|¦!‘’`~_\\{}«»°•■□©®>#]+\s*|[^\w\s\"“'(\[*†‡§¹²³⁴⁵⁶⁷⁸⁹:-]\s+)+", "", line)
    line = re.sub(r"(?:\s+[|¦!‘’`~_\\{}«»°•■□©®<]+|\s+[^\w\s.,;:!?\"”')\]*†‡§-])+$", "", line)
    if _CAPS_LINE.fullmatch(line):  # a heading in capitals ends on a letter: "KOSTIKOV— ." is a dash and a speck
        line = re.sub(r"(?:\s*[—–~_]+|\s+[.,])+$", "", line)
    return line.strip()


# a line in capitals: words of capitals, figures and the punctuation of names ("VALERIY VLADIMIROVICH KOSTIKOV— .")
_CAPS_LINE = re.compile(r"[A-Z][A-Z'’.-]+(?:\s+[A-Z0-9][A-Z0-9'’.,&/()-]*)+[\s—–~_.,]*")


# a subject line that stops on a word or sign that needs more: the next line, figures and all, goes on with it
_SUBJECT_GOES_ON = re.compile(r"(?i)^\W*SUBJ\w*\s*[:;].*(?:\b(?:and|or|of|to|for|with|in|on|aka)|[,;&(/-])\s*$")


def _keep_short(line: str) -> bool:
    """Short lines that look like noise but say something: a stamp, a label, a date, a kind heading, a line of
    figures that holds a whole date (a telegram's "No. 2636 R. 5.20 a.m. October 28, 1962"); a memo's label counts
    as its repair reads it ("SUBJECT - ¢ AMMUG/1 ,Operation": a colon OCR read as a dash, and a speck)."""
    probe = Line(line)
    repaired = _lost_colon(_repair_label(line))
    return bool(probe.markings or probe.label or probe.date or probe.kind_heading
                or any(found.exact for found, _, _ in find_dates(line))
                or (repaired != line and Line(repaired).label))


def _repeated(lines: list[str], pages: int) -> set[str]:
    """Lines that recur on half the pages or more: running heads and page stamps (not stamps of markings). Without
    page breaks, a page is taken to be about a hundred lines."""
    counts = Counter(line for line in lines if line)
    least = max(3, pages // 2 + 1 if pages > 1 else sum(counts.values()) // 100)
    # a heading that names a kind ("MEMORANDUM FOR THE RECORD") heads each of many memoranda: it is not furniture
    return {line for line, n in counts.items() if n >= least and len(line) <= 60 and not Line(line).markings
            and not Line(line).sentence and not Line(line).kind_heading}


# the notice printed on a classified form ("This material contains information affecting the National Defense of
# the United States within the meaning of the Espionage Laws, Title 18, U.S.C. Secs. 793 and 794, the transmission
# or revelation of which in any manner to an unauthorized person is prohibited by law."): its phrases, of which OCR
# garbles some; a paragraph with two of them is the notice
_NOTICE = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\bnational\W+defen[cs]e\b", r"\bunited\W+states\W+w\w{4,6}\b", r"\bthe\W+meaning\W+of\b", r"\bespionage\b",
    r"\bU\.\s?S\.\s?C\b|\bUSC\b", r"\b(?:transmission\s+or\s+)?revelation\s+of\b", r"\bprohibited\s+by\s+l\w{2}\b",
    r"\bunauthori[sz]ed\s+person\b"))


def form_notice(text: str) -> bool:
    """A paragraph that is the notice printed on a classified form: kept as text, but no end of the form's head."""
    return len(text) >= 40 and sum(bool(p.search(text)) for p in _NOTICE) >= 2


# what the forms cables and dispatches were typed on print, in words OCR reads even where it garbles the typing:
# CIA's message form ("REPRODUCTION BY OTHER THAN THE ISSUING OFFICE IS PROHIBITED", the releasing, coordinating and
# authenticating officers' boxes, "ROUTING AND/OR INITIALS - SEEN BY", "CLASSIFY TO FILE NO.", "NO NIGHT ACTION",
# the typist's "END OF MESSAGE") and what only a cable's head is typed with: its routing labels in capitals
# ("INFO:", "CONF:", "ACTION:"), the headquarters as sender or addressee alone on its line ("FROM: DIRECTOR"), the
# "CITE" of the sending station, the date-time group after the classification ("SECRET 171636Z") and the incoming
# number of a cable it answers ("(IN 70529)"); and the dispatch form's (the indexing check boxes, "DISPATCH SYMBOL
# AND NO.", "END OF DISPATCH")
_PRINTED_KIND = (
    ("Cable", tuple(re.compile(p, re.IGNORECASE) for p in (
        # (a letter or two of each garbled: "REPRODUCTION BY OFHIR THAN", "SD OF MESSAGE", "END OF MESS46E",
        # "COOROIMATING OFFICERS", "AUTMENCATING OFFICER", "RELEASING OFFICE", "CLASSIFIED wESSAGE", "ASSEFIEO
        # MESSAGE", "CLASSIFIED MESS" at a torn edge, "CLasaIFY TO FILE MO.", "FILE IN CS FILE NO.";
        # the routing box's heading alone on its line)
        r"\breproduction\s+by\s+\w{4,6}\s+than\b|\bthan\s+the\s+issuing\b",
        r"\b[a-z]{2,3}\s+of\s+[a-z]essage\b|\bend\s+of\s+mess\w{0,4}\b",
        r"\brel\w{4,6}\s+officer?", r"\bco[o0]r\w{6,9}\s+officers?\b", r"\bau\w{9,12}\s+officer",
        r"\brouting\s+and\s*/\s*or\s+initials\b", r"(?m)^\W*routing\W*$",
        r"\bclassified\W+(?:\w?essage|mess)|\b(?:outgoing|incoming)\s+message\b", r"\bmessage\s+form\b",
        r"(?-i:\b[A-Z]{0,3}SS[A-Z]{2,5}\s+MESSAGE\b)",
        r"\bto\s+file\s+[nm][o0]\b", r"\bno\s+night\s+action\b", r"\bfile\s+in\W{1,2}cs\b|\bin\s+cs\s+file\b",
        r"(?m)(?-i:^\W{0,3}(?:INFO|CONF|ACTION)\s*[:.+?,;]\W)",
        # the line where the message center noted when a copy was slotted: "(TEMPO COPY SLOTTED AT 1630, 2 NOV 63)"
        r"\bcopy\s+slotted\b|\bslotted\s+at\s+\d{3,4}\b",
        r"(?m)(?-i:\b(?:FROM|TO)\s*[:.+]?\s+DIRECTOR\s*$)",
        r"(?-i:\bCITE\s+[A-Z]{3,12}\b)",
        r"(?-i:\b(?:(?:S\W?)?E\W?C\W?R\W?E\W?T|CONFIDENTIAL|TOT:?|STAFF)\s+[0-3]\d[0-2]\d[0-5]\d\s?[Z2]\b)",
        r"[(C]\s?[I1l]N\s+\d{4,6}\s?\)"))),
    ("Dispatch", tuple(re.compile(p, re.IGNORECASE) for p in (
        r"\bmarked\s+for\s+indexing\b", r"\bno\s+indexing\s+required\b", r"\bindexing\s+can\s+be\s+judged\b",
        r"\bdispatch\s+symbol\b", r"\bend\s+of\s+dispatch\b", r"\bqualified\s+(?:hq\.?\s+|headquarters\s+)?desk\b",
        # the form's other printing ("ONLY QUALIFIED HEADQUARTERS DESK CAN JUDGE INDEXING", "ACTION REQUIRED -
        # REFERENCES") and its name spaced out in capitals ("D I S P A T C H")
        r"\bcan\s+judge\s+indexing\b", r"\baction\s+required\W+references\b",
        r"(?-i:\bD\s?I\s?S\s?P\s?A\s?T\s?C\s?H\b)"))),
)


# a cable's text is typed in capitals (a teletype's), a dispatch's or a memorandum's in small letters and capitals:
# prose in capitals is one more sign of a cable, never enough alone
def _in_capitals(texts: Sequence[str]) -> bool:
    """Whether the lines that read as prose (five words of three letters or more) are typed in capitals: most of
    their words (OCR lowers a letter here and there), and enough of them to judge (20)."""
    words = [w for t in texts if len(found := re.findall(r"[A-Za-z]{3,}", t)) >= 5 for w in found]
    return len(words) >= 20 and sum(w.isupper() for w in words) > 0.6 * len(words)


def printed_kind(texts: Sequence[str]) -> str:
    """The kind of document whose form printed these lines: "Cable" or "Dispatch" where two of that form's printed
    phrases stand among them (one alone, or garbled, is too little to go on), the one with more if both do,
    else "". Text typed in capitals counts as one of a cable's."""
    text = "\n".join(texts)
    found = [(sum(bool(p.search(text)) for p in phrases) + (kind == "Cable" and _in_capitals(texts)), -n, kind)
             for n, (kind, phrases) in enumerate(_PRINTED_KIND)]
    count, _, kind = max(found)
    return kind if count >= 2 else ""


def without_form_printing(text: str) -> str:
    """A value typed in a dispatch form's box, with the form's printing that OCR read into the same lines taken out
    ("Information Concerning |__| __MARKED FOR INDEXING Tad SZULC" -> "Information Concerning Tad SZULC")."""
    text = re.sub(r"(?:(?<=\s)|^)[|\[\]_]+(?=\s|$)", " ", text.replace("_", " "))  # its check boxes: "|__|"
    for pattern in dict(_PRINTED_KIND)["Dispatch"]:
        text = pattern.sub(" ", text)
    return re.sub(r"\s{2,}", " ", text).strip(" \"“”'")


def _is_furniture(line: str, repeated: set[str]) -> bool:
    if _FENCE.match(line) or _MD_HEADING.match(line) and (_MD_PAGE.match(line) or len(line) < 20):
        return True
    if (_BANNER_HINT.search(line) and _BANNER.search(line)) or _RECORD_ID.match(line):
        return True
    return line in repeated


# -- forms ----------------------------------------------------------------------------------------
_FORM_LABEL = re.compile(r"^[\W_]*(?P<label>[A-Za-z][A-Za-z _'’/&().-]{1,40}?)\s*[:;]\s*(?P<value>.*)$")
# the headings of a form's parts ("Agency Information", OCR'd "Agency !nformat on"), its name and version
_FORM_TITLES = re.compile(r"^(?:\W*\w{1,2}\W+){0,3}\W*(?:jfk\s+assassination\s+system.*|identification\s+f\w*rm\W*|"
                          r"(?:agency|document)\s+\S*nf\S*(?:\s+\S{1,3})?|v\d+(?:\.\d+)?\b.*)$", re.IGNORECASE)
# what a form field's value looks like, to pair labels and values read as two columns
_VALUE_SHAPES = {
    "date": lambda v: bool(re.match(r"^\d{1,2}/\d{1,2}/(?:\d{2,4})?$", v)) or parse_date(v) is not None,
    "pages": lambda v: bool(re.fullmatch(r"\d{1,4}\.?", v)),
    "classification": lambda v: bool(re.fullmatch(
        r"(?i)(?:top\s+)?secret|confidential|unclassified|declassified|restricted|\d\w?", v)),
    "record number": lambda v: bool(_RECORD_ID.match(v)),
    "restrictions": lambda v: bool(re.fullmatch(r"(?i)\d{1,2}[a-c]?(?:\s*[;,]\s*(?:\d{1,2}[a-c]?|[a-z .]+))*|"
                                                r"jfk act.*|referred|consulted.*|donor rest.*", v)),
    "current status": lambda v: bool(re.fullmatch(r"(?i)redact\w*|released?|postponed.*|withh\w*|open\w*|p\b.*|"
                                                  r"denied|exempt\w*", v)),
    "date of last review": lambda v: bool(re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}$", v)),
    "file number": lambda v: bool(re.search(r"(?i)\d|\bsee\b", v)) and len(v) <= 60
    and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{0,4}", v),
    "document type": lambda v: bool(re.search(r"(?i)paper|textual|memorandum|letter|report|cable|record|"
                                              r"document|transcript|notes|telegram|dispatch", v)),
}


_BARE_LABEL = re.compile(r"^[\W_]*(?P<label>[A-Za-z][A-Za-z _'’/&().-]{1,40}?)[\W_]*$")


def _form_label(line: str) -> tuple[str, str] | None:
    """(label, value) of a form line whose label is in the vocabulary: "RECORD NUMBER : 124-90137-10230"; a line
    that is nothing but a label ("RECORD NUMBER", "DOCUMENT TYPE |”": OCR lost the colon) has the value ""."""
    m = _FORM_LABEL.match(line)
    if not m or field_of(m.group("label")) is None:
        m = _BARE_LABEL.match(line)
        if not m or field_of(m.group("label")) is None or len(m.group("label").split()) > 5:
            return None
        return m.group("label").strip(" _-."), ""
    return m.group("label").strip(" _-."), _form_value(m.group("value"))


def _form_value(value: str) -> str:
    """A form value without the leaders and rules OCR read around it ("— 124-90137-10230", "2 :", "*")."""
    value = re.sub(r"^[\s—–=_:;.,|~*'\"-]+|[\s—–=_:;,|~*-]+$", "", value)
    if re.fullmatch(r"\(.*\)?", value):  # a printed form's own instructions: "(Optional)", "(Officer designation"
        return ""
    return value if any(c.isalnum() for c in value) else ""


def _read_forms(kept: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], list[Label]]:
    """Take labelled form lines out of the text and read them as fields.

    A form is a run of at least four labelled lines near each other. OCR reads a two-column form either row by
    row ("TITLE : CIA Information Telegram") or column by column: first the labels ("AGENCY :", "RECORD NUMBER
    :", ...), then the values. A label without a value on its line is *open*: the loose lines that follow are its
    values, unless a label with a value of its own comes first (then it was left empty). Open labels and loose
    values are paired in order by :func:`_align`, which puts each value where its shape fits (a date to DATE, a
    page count to PAGES, a marking to CLASSIFICATION) and lets labels stay empty.
    """
    kept = [row for page, line, flag in kept for row in _split_labels(page, line, flag)]
    block = _title_block(kept)
    labels_at = [i for i, (_, line, flag) in enumerate(kept)
                 if line and not flag and i not in block and _form_label(line)]
    if len(labels_at) < 4:
        return kept, []
    fields: list[Label] = []
    consumed: set[int] = set()
    done = 0  # where the last form's reading stopped
    head = [i for i, (_, line, _) in enumerate(kept) if line][:_FORM_HEAD]
    for first, last in _form_runs(labels_at):
        if first < done or not head or first > head[-1]:
            continue  # a form further on belongs to an attachment: its lines stay in the text
        open_labels: list[str] = []
        loose: list[int] = []
        resolve = partial(_resolve, kept, open_labels, loose, consumed, fields)
        i = first
        valued = 0  # labels of this form that had their value beside them
        placeholders: list[str] = []  # values read with their colon but apart from their label
        going_on: int | None = None  # the field a loose line after it would continue
        for i in range(first, len(kept)):
            _, line, flag = kept[i]
            if i > last and not open_labels and going_on is not None and (not line or _subject_wraps(
                    fields[going_on], line, flag)):
                # a memo's subject, the form's last label, wrapped onto the lines below it ("SUBJECT: Operational
                # Plan for Continuing" / "Operations Against Cuba"): one line, or more while each stops on a word
                # that needs more
                if line:
                    previous = fields[going_on]
                    fields[going_on] = Label(previous.field, previous.label, previous.value + " " + line, previous.rank)
                    consumed.add(i)
                    going_on = going_on if _NEEDS_MORE.search(line) else None
                continue
            if i > last and (len(loose) > 2 * len(open_labels) + 4 or not open_labels):
                break
            if not line:
                continue
            if i in block:  # the form's name and its printing's date and page
                consumed.add(i)
                continue
            found = None if flag else _form_label(line)
            if not found and (m := _PLACEHOLDER.match(line)) and i <= last and flag in ("", "record"):
                placeholders.append(_form_value(m.group("value")))  # ": 6/19/1963": its label is read apart
                consumed.add(i)
                continue
            if found and placeholders and not found[1] and not re.search(r"[:;]", line):
                fields.append(_field(found[0], placeholders.pop(0)))  # "DATE" read apart from ": 6/19/1963"
                consumed.add(i)
                continue
            if found:
                label, value = found
                consumed.add(i)
                # a value read row by row ends the open labels' wait; in a form read as a column, labels keep
                # coming after stray lines
                if value or (valued and any(not kept[k][2] for k in loose)):
                    resolve(valued)
                if value:
                    open_labels.clear()  # labels before it with no value of their own were left empty
                    fields.append(_field(label, value))
                    valued += 1
                    going_on = len(fields) - 1 if _multi_line(label) else None
                elif label_key(label) not in {label_key(x) for x in open_labels}:  # OCR repeats a label at times
                    open_labels.append(label)
                    going_on = None
            elif open_labels:
                loose.append(i)
            elif i < last and not flag and _only_a_kind(line):
                # a box's value OCR read apart from its label, that names nothing but the document's kind ("RPT",
                # "MEMO" above "COMMENTS :"): the form's comments, where these forms give the kind
                fields.append(_field("COMMENTS", line.strip()))
                consumed.add(i)
            elif going_on is not None and not flag and i <= last:  # "TITLE : DISCUSSION ... CONCERNING" goes on
                previous = fields[going_on]
                fields[going_on] = Label(previous.field, previous.label, previous.value + "\n" + _form_value(line),
                                         previous.rank)
                consumed.add(i)
        resolve(valued)
        done = i
    kept = [(page, line, "form" if i in consumed else flag) for i, (page, line, flag) in enumerate(kept)]
    return kept, fields


# a line that stops on a word or sign that needs more
_NEEDS_MORE = re.compile(r"(?:[,;(/&-]|\b(?:and|or|of|for|to|in|on|the|with|re|a|an|at|by|aka))\s*$", re.IGNORECASE)


def _subject_wraps(field: Label, line: str, flag: str) -> bool:
    """Whether a line below a form's subject goes on with it: a few words, mostly of three letters or more, with no
    label, marking or date of their own, that neither open a numbered paragraph nor end a sentence."""
    words = line.split()
    if flag or label_key(field.label) not in ("subject", "subj") or not 1 <= len(words) <= 12:
        return False
    probe = Line(line)
    return (not probe.label_shaped and not _form_label(line) and not probe.markings and not probe.date and not _STARTS_ITEM.match(line)
            and not re.search(r"[.:;!?]\W*$", line) and sum(len(w) >= 3 for w in words) >= max(1, len(words) // 2))


def _resolve(kept: list[tuple[str, str, str]], open_labels: list[str], loose: list[int], consumed: set[int],
             fields: list[Label], valued: int) -> None:
    """Give the open labels their values among the loose lines (see :func:`_align`), and close them."""
    values = [(kept[i][1], kept[i][2] or ("page" if k and kept[i][0] != kept[loose[k - 1]][0] else ""))
              for k, i in enumerate(loose)]
    # a form read row by row leaves the values a label could not hold on its line below it: they belong to the
    # last label left open, not to the first
    labels = open_labels[-1:] if valued >= 3 else open_labels
    for label, taken in _align(labels, values):
        consumed.update(loose[k] for k in taken)
        fields.append(_field(label, "\n".join(kept[loose[k]][1] for k in taken)))
    open_labels.clear()
    loose.clear()


_PLACEHOLDER = re.compile(r"^\s*[:>]\s*(?P<value>\S.*)$")
_FORM_HEAD = 120  # a scan's identification form stands in its first lines

_FORM_NAME = re.compile(r"(?i)assassination\s+system|identification\s+f\w*rm")
_PRINTED = re.compile(r"^(?:\W*\w{1,2}\W+){0,2}\W*(?:date|page)\s*[:;.]\s*(?P<value>.*)$", re.IGNORECASE)


def _only_a_kind(line: str) -> bool:
    """A line that is a document kind or its abbreviation alone: "RPT", "MEMO", "LHM", "MEMORANDUM"."""
    text = re.sub(r"[^\w/]+", " ", line).strip().lower()
    return bool(text) and (text in KIND_ABBREVIATIONS or kind_name(text).lower() == text)


def _title_block(kept: list[tuple[str, str, str]]) -> set[int]:
    """The lines of a form's title block: its name ("JFK ASSASSINATION SYSTEM", "IDENTIFICATION FORM", "Agency
    Information") and the date and page its printout carries ("Date: 05/08/96", "Page: 1"), which are not fields
    of the document."""
    lines = [i for i, (_, line, _) in enumerate(kept) if line]
    titles = {k for k, i in enumerate(lines) if _FORM_TITLES.match(kept[i][1])}
    names = {k for k in titles if _FORM_NAME.search(kept[lines[k]][1])}
    block: set[int] = set()
    block.update(lines[k] for k in titles)
    for k in names:
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(lines):
                text = kept[lines[j]][1]
                m = _PRINTED.match(text)
                if j in titles:
                    pass
                elif m:
                    if not m.group("value").strip() and 0 <= j + 1 < len(lines) and re.fullmatch(
                            r"[\d/.\-)( ]{1,12}", kept[lines[j + 1]][1]):
                        block.add(lines[j + 1])  # "Date:" with its value on the next line
                else:
                    break
                block.add(lines[j])
                j += step
    return block


def _split_labels(page: str, line: str, flag: str) -> list[tuple[str, str, str]]:
    """Two labels OCR read as one line ("AGENCY ORIGINATOR") are two lines."""
    words = line.split()
    if flag or not 2 <= len(words) <= 6 or _form_label(line):
        return [(page, line, flag)]
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if _form_label(first) and _form_label(second):
            return [(page, first, flag), (page, second, flag)]
    return [(page, line, flag)]


def _form_runs(labels_at: list[int]) -> list[tuple[int, int]]:
    """The stretches of the text where labelled lines stand close together: (first, last) line of each form."""
    runs: list[list[int]] = [[labels_at[0]]]
    for i in labels_at[1:]:
        if i - runs[-1][-1] <= 12:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [(run[0], run[-1]) for run in runs if len(run) >= 4]


def _field(label: str, value: str) -> Label:
    found = field_of(label)
    return Label(found[0], label, value, found[2]) if found else Label("comments", label, value, 99)


def _align(labels: list[str], values: list[tuple[str, str]]) -> list[tuple[str, list[int]]]:
    """Pair open labels and the loose values after them, in order: each value goes to one label, a label takes
    none (left empty), one, or several (a list: SUBJECTS, COMMENTS). The pairing with the best score wins: a
    value fitting its label's shape scores, a value that does not fit it or fits another label better costs, and
    a line that is noise may be passed over. Values after the last label's are not the form's: they stay in the
    text. ``values`` are (text, flag) pairs, the flag "noise" or "record" for lines the text would drop."""
    if not labels or not values:
        return []
    n, m = len(labels), len(values)
    fits = [[_fit(label, text, flag) for text, flag in values] for label in labels]
    skip = [0.3 if flag in ("noise", "record") else 1.5 for _, flag in values]
    # a list goes on with short lines (SUBJECTS: "ANTI-CASTRO ACTIVITIES", "CIA"), not with sentences of the text
    more = [[-0.2 if flag == "noise" else min(fit, 0.1) if len(text) <= 50 and not flag and not re.search(
        r"[.!?]\s*$", text) else -0.5 for fit, (text, flag) in zip(row, values, strict=True)] for row in fits]
    # ("page": the first value on a new page, which a list does not go on to)
    many = [_multi_line(label) for label in labels]
    neg = float("-inf")
    # best[i][j]: the best score with labels[:i] done and values[:j] placed or passed over
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int, str]] = {}
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            if i > 0 and best[i - 1][j] - 0.5 > best[i][j]:  # label i-1 left empty
                best[i][j], back[(i, j)] = best[i - 1][j] - 0.5, (i - 1, j, "empty")
            if j > 0 and best[i][j - 1] > neg and best[i][j - 1] - skip[j - 1] > best[i][j]:  # value passed over
                best[i][j], back[(i, j)] = best[i][j - 1] - skip[j - 1], (i, j - 1, "skip")
            if i == 0:
                continue
            for k in range(j - 1, max(-1, j - 25), -1):  # label i-1 takes values[k:j]
                if best[i - 1][k] == neg:
                    continue
                if j - k > 1 and not many[i - 1]:
                    break
                score = best[i - 1][k] + fits[i - 1][k] + sum(more[i - 1][t] for t in range(k + 1, j))
                if score > best[i][j]:
                    best[i][j], back[(i, j)] = score, (i - 1, k, "take")
    j = max(range(m + 1), key=lambda j: (best[n][j], -j))  # the shortest prefix that reads the form best
    pairs: list[tuple[str, list[int]]] = []
    i = n
    while (i, j) in back:
        pi, pj, how = back[(i, j)]
        if how == "take":
            pairs.append((labels[i - 1], list(range(pj, j))))
        i, j = pi, pj
    return pairs[::-1]


def _fit(label: str, value: str, flag: str = "") -> float:
    """How well a value fits a label: 2 when its shape is the label's, -3 when it is not; for a label of free
    text 0.5, or less when the value has the shape of another kind of field or is noise."""
    shape = _VALUE_SHAPES.get(_shape_name(label))
    if shape is not None:
        return 2.0 if shape(value) else -3.0
    if flag == "record":
        return -3.0 if label_key(label) != "recordnumber" else 2.0
    if flag == "noise":
        return -2.0
    if any(other(value) for name, other in _VALUE_SHAPES.items() if name not in ("document type", "file number")):
        return -1.0
    return 0.5


def _multi_line(label: str) -> bool:
    return label_key(label) in {"subjects", "subject", "comments", "title", "restrictions"}


def _shape_name(label: str) -> str:
    key = label_key(label)
    return {"date": "date", "pages": "pages", "classification": "classification", "recordnumber": "record number",
            "restrictions": "restrictions", "currentstatus": "current status",
            "dateoflastreview": "date of last review", "documenttype": "document type",
            "agencyfilenumber": "file number"}.get(key, "")


# -- paragraphs ------------------------------------------------------------------------------------
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")
_STARTS_ITEM = re.compile(r"^(?:\d{1,3}[.,)]|\d{4}\.\s+[A-Z]|[a-z][.)]|\(\w{1,3}\)|[-•*]\s)\s*\S")


_RULE = "\x00rule"  # where a rule stood, among the lines _paragraphs joins


def _paragraphs(kept: list[tuple[str, str]]) -> list[Block]:
    """Join a scan's lines into paragraphs; a blank line ends one only where the text ends one too."""
    width = _typical_width([line for _, line in kept if line and line != _RULE])
    blocks: list[Block] = []
    current: list[str] = []
    page: str | None = None
    gap = False  # blank lines since the last line
    alone_before = False  # the line before stands alone
    after_rule = False

    def flush():
        nonlocal after_rule
        if current:
            blocks.append(Block(join_lines(current), page, after_rule=after_rule))
            current.clear()
            after_rule = False

    for line_page, line in kept:
        if not line:
            gap = True
            continue
        if line == _RULE:
            flush()
            after_rule = True
            continue
        if current and line_page != page:
            gap = True  # a new page: as a blank line, that the text may run on across
        alone = _stands_alone(line)
        # a subject line that stops on a word or sign that needs more is wrapped: the lines below it, up to a blank
        # line, are its value
        subject = bool(current) and bool(_SUBJECT_GOES_ON.match(current[0]))
        wrapped = subject and len(current) == 1 and not gap and not alone and not _STARTS_ITEM.match(line)
        if current and not wrapped and (alone or alone_before or (subject and gap) or _next_note(current[0], line)
                                        or _ends_before(current[-1], line, width, gap)):
            flush()
        if not current:
            page = line_page
        current.append(line)
        gap = False
        alone_before = alone
    flush()
    return blocks


def _next_note(first: str, line: str) -> bool:
    """A line that opens a note of a note list: a marker that is always a note's ("[1]", "¹", "*", "1/"), or the
    next number of a list of notes ("2 Printed from ..." after "1 Documents 67 and 68.")."""
    note = Line(line).note
    if not note:
        return False
    if note[0].style in ("bracket", "paren", "super", "symbol", "starred", "slash", "caret", "word") and not note[0].lettered:
        return True  # (a line of a scan that opens with "(a)" goes on the text's enumeration as often as it opens one)
    before = Line(first).note
    return bool(before and before[0].style == note[0].style and before[0].number.isdigit()
                and note[0].number.isdigit() and int(note[0].number) == int(before[0].number) + 1)


def _typical_width(lines: list[str]) -> int:
    """The width of a full line of the text: the upper quartile of its line lengths."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    if len(lengths) < 4:
        return 70
    return int(statistics.quantiles(lengths, n=4)[2])


def _ends_before(previous: str, line: str, width: int, gap: bool) -> bool:
    """Whether a paragraph ends between two lines of running text."""
    full = len(previous) >= 0.75 * width
    ended = bool(_TERMINAL.search(previous))
    if _STARTS_ITEM.match(line) and (ended or not full):
        return True  # "2. Changes were agreed ...", not "paragraphs / 12, 14, and 25 of ..."
    if previous.endswith("-") or previous.endswith(","):
        return False
    if not gap:
        return not full and ended
    if previous.isupper() and not line.isupper():
        return True  # a heading in capitals, then the text
    # a blank line: OCR's spacing inside a paragraph, unless the text ends one there
    return ended or not full


def _stands_alone(text: str) -> bool:
    """A line that stands alone: a stamp, label, date, dateline, kind heading or short line in capitals."""
    if len(text) > 100:
        return False
    line = Line(text)
    return bool(line.label or line.markings or line.date or line.dateline or line.notes_heading
                or (line.caps_line and len(line.words) <= 6 and not text.endswith(",")) or line.kind_heading)


# -- telling OCR'd text and its wrapper ------------------------------------------------------------
def markdown_pages(text: str) -> list[tuple[str, str]] | None:
    """The pages of a scan's Markdown wrapper ("# Document", then "## Page N" and a fenced block per page), or
    None when the text is not such a wrapper (a Markdown document with code blocks is not)."""
    pages: list[tuple[str, str]] = []
    inside = False
    label = None
    body: list[str] = []
    for line in text.split("\n"):
        if _FENCE.match(line):
            if inside:
                pages.append((label or str(len(pages) + 1), "\n".join(body)))
                body = []
                label = None
            inside = not inside
            continue
        if inside:
            body.append(line)
            continue
        if not line.strip():
            continue
        if m := _MD_PAGE.match(line):
            label = m.group("n")
            continue
        if _MD_HEADING.match(line) and len(line) < 60:
            continue  # "# Document", a file's own heading
        return None  # text outside the fences: a Markdown document, not a wrapper
    if inside or not pages:
        return None
    return pages


def seems_ocr(text: str) -> bool:
    """Whether a text has the marks of OCR: many lines of debris (not rules, not letter-spaced stamps) among
    hard-wrapped lines. A clean OCR text reads well enough as typed text."""
    from .records import code_and_mappings

    # (a notebook's code cells and printed records are typed, however many brackets they hold)
    lines = [clean_line(close_up(line)) for line in code_and_mappings(text.split("\n")[:4000])]
    # an e-mail's header lines and a forwarded message's separator are typed structure, not debris
    lines = [line for line in lines if line and not _RULE_LINE.match(line) and not _MAIL_LINE.match(line)
             and not page_number(line) and not download_stamp(line)]  # nor is a page's number, "[Pg 12]", nor a
    # digital library's stamp ("This content downloaded from 128.158.83.171 on ...")
    if len(lines) < 10:
        return False
    # a line that is a date ("April 12, 1961.") is mostly figures, and typed (a scan's record numbers, "14-00000" atop
    # each page, are counted: they come with its debris)
    noisy = sum(1 for line in lines if is_noise(line) and not Line(line).date)
    short = statistics.median(len(line) for line in lines) < 100
    return short and noisy >= max(5, 0.15 * len(lines))
