"""A record's head in the syntaxes catalogues, editions and exports write it, read as labelled lines.

Before a text's lines are classified (:mod:`.lines`), the head's fields written in other syntaxes become
``Label: value`` lines the classifier knows, so that one mechanism reads them all:

- a label and its value apart by a tab, a run of spaces or dot leaders, after a form's box number
  ("dc.title<TAB>...", "5. TITLE OF DOCUMENT ........ Letter From ...");
- a table of fields: a header row of labels and a row of values, separated by tabs, pipes, semicolons or
  commas (a spreadsheet or CSV export, a Markdown table);
- MARC tagged lines ("245 10 $a Title. $f 1962 Feb. 15.", "=260  \\\\$aMoscow$c1962"), by what each tag and
  subfield holds;
- a telegram's routing lines, typed in capitals with one space after the label ("FM AMEMBASSY MOSCOW");
- Markdown: heading markers ("### Letter From ..."), bold or italic labels ("**Date:** ..."), a line in
  emphasis ("*Moscow*");
- a table of two columns, label and value, a row for each field ("| Date | 15 Feb 1962 |"), under a header
  row that names the columns ("| Field | Value |");
- a definition list as HTML-to-text converters and Pandoc write it: the label, then its value indented or
  after a colon (":   1962 Feb 15");
- a calendar-of-documents entry, where description, place, date, markings and extent run in one paragraph
  ("Letter from X to Y, Moscow, February 15, 1962. Secret. 3 pp.");
- a record's fields below the body (a full-text export that gives the text first and its "Details" after):
  read as if they stood above it.
"""

from __future__ import annotations

import csv
import re

from ..vocabulary.dates import BASIC_DAY, date_line, find_dates
from ..vocabulary.labels import field_of, record_label
from ..vocabulary.markings import MARKING_PATTERN, has_marking
from .lines import NAMES_A_KIND, Line

_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)(?:\s+#+)?\s*$")
_EMPHASIS_LABEL = re.compile(r"^\s*(?P<mark>\*\*|__|\*|_)(?P<label>[^*_:]{1,60}?)\s*(?P<colon>[:：]?)\s*(?P=mark)"
                             r"\s*(?P<colon2>[:：]?)\s*(?P<value>.*)$")
_EMPHASIS_LINE = re.compile(r"^\s*(?P<mark>\*\*|__|\*|_)(?P<text>[^*_\s](?:.*[^*_\s])?)(?P=mark)\s*$")
# a label, then its value after a tab, two spaces or more, dot leaders or underscores; a form's box number first
_SPACED_FIELD = re.compile(r"^\s*(?:\(?\d{1,2}[a-z]?[.)]\s+)?(?P<label>[^\W\d_][\w .'’/&()-]{0,60}?)"
                           r"(?:\s*\t\s*|\s{2,}|\s+\.{2,}\s*|\s*\.{3,}\s*|\s*_{3,}\s*)(?P<value>\S.*)$")
_BOXED_FIELD = re.compile(r"^\s*\(?\d{1,2}[a-z]?[.)]\s+(?P<label>[^\W\d_][\w .'’/&()-]{0,60}?)\s*[:：]\s*(?P<value>.*)$")
_MARC = re.compile(r"^\s*=?(?P<tag>\d{3})\s+(?:[\d#_\\ ]{1,2}\s*)?(?P<subfields>[$|‡ǂ][a-z0-9].*)$")
# a MARC record's first line: its leader (24 characters of codes), as catalogues display it
_MARC_LEADER = re.compile(r"^\s*=?(?:LEADER|LDR)\s+[\d#\\ ]{5}[a-z#\\ ]{3}")
_SUBFIELD = re.compile(r"[$|‡ǂ](?P<code>[a-z0-9])\s*")
_TABLE_SPLIT = ("\t", "|", ";", ",")
_PROSE_WORDS = 15  # the head ends at the first line this long

# MARC tag -> subfield -> the label its value is read under
_MARC_FIELDS = {
    "245": {"a": "Title", "f": "Inclusive dates", "g": "Inclusive dates"},
    "260": {"a": "Place", "c": "Date"},
    "264": {"a": "Place", "c": "Date"},
    "100": {"a": "Author"}, "110": {"a": "Author"}, "111": {"a": "Author"},
    "500": {"a": "Note"}, "520": {"a": "Summary"}, "546": {"a": "Language"},
    "300": {"a": "Extent"}, "001": {"a": "Record number"}, "099": {"a": "Call number"},
    "506": {"a": "Access restrictions"},
    # security classification control: $a the level, $b handling instructions ("$a Secret $b Eyes Only")
    "355": {"a": "Classification", "b": "Classification"},
    "600": {"a": "Subjects"}, "610": {"a": "Subjects"}, "650": {"a": "Subjects"},
    "651": {"a": "Geographic reference"},
    "852": {"a": "Repository"}, "856": {"u": "URL"},
}


# a converter's comment lines above the text that print the file's properties (UnRTF's "### creation date: 08 January
# 2003 15:36", "### title: ...", "### author: ..."): the properties, never the document's text
_PROPERTY_COMMENT = re.compile(r"^\s*(?:###|%%|#)\s+(?P<key>[a-z][\w ]{1,30}?)\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)
_PROPERTY_KEYS = {"title": "Title", "subject": "Subject", "author": "Author", "operator": "Operator",
                  "creation date": "Creation date", "revision date": "Revision date", "keywords": "Keywords",
                  "company": "Company", "comment": "Comment", "doccomm": "Comment"}


# a digital library's cover sheet for an article (JSTOR's: Title, Author(s), Source, Published by, Stable URL,
# Accessed): the record of the article the document is printed in
_COVER_SIGN = re.compile(r"(?i)^\s*(?:stable url|published by|doi)\s*:")
_COVER_TITLE = re.compile(r"(?i)^\s*title\s*:")


def _cover_sheet(lines: list[str]) -> list[str]:
    """A cover sheet's title as what it is, the title of the article the document is printed in ("Printed in: ..."),
    when the sheet gives the article's stable URL or publisher: the document's own heading follows on the next page."""
    head = lines[:20]
    if sum(bool(_COVER_SIGN.match(line)) for line in head) < 2:
        return lines
    out = [_COVER_TITLE.sub("Printed in:", line, count=1) if k < 20 else line for k, line in enumerate(lines)]
    first = next((k for k, line in enumerate(out) if line.strip()), None)
    if first is not None and out == lines and not _COLON_FIELD.match(out[first]) and ":" not in out[first][:1]:
        out[first] = "Printed in: " + out[first].strip()  # the sheet's first line, unlabelled, is the article's title
    return out


_LINE_NUMBER = re.compile(r"^\s*(\d{1,3})\.\s")


def _numbered_on(line: str, before: list[str]) -> bool:
    """A line numbered on from no line before it ("35. Source: ..." below a text): a note, not a form's numbered
    field, whose numbers run 1, 2, 3 on the lines above."""
    m = _LINE_NUMBER.match(line)
    if m is None or int(m.group(1)) <= 1:
        return False
    previous = next((b for b in reversed(before) if b.strip()), "")
    prior = _LINE_NUMBER.match(previous)
    return prior is None or int(prior.group(1)) != int(m.group(1)) - 1


# a note's figure as Markdown writes it in HTML: "Khrushchev<sup>1</sup>", "<sup>[2]</sup>"
_SUP_NOTE = re.compile(r"<sup>\s*\[?(\d{1,3})\]?\s*</sup>", re.IGNORECASE)
# a code cell of a notebook or a Markdown page: a fence that names a programming language ("```python")
_CODE_FENCE = re.compile(r"^\s*(?:```|~~~)\s*(?:python|py|r|julia|js|javascript|sql|bash|sh|shell|console|ipython\d?|"
                         r"json|yaml)?\s*$", re.IGNORECASE)


def code_and_mappings(lines: list[str]) -> list[str]:
    """A notebook's code cells out of the text (their source is no part of the document), and a record printed as
    a mapping (a cell's output, ``{'date': '1963-07-04', 'place': 'Moscow'}``; a JSON object on a line) as its
    fields, as a catalogue's would be."""
    import ast

    out: list[str] = []
    fence: str | None = None
    for line in lines:
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if _CODE_FENCE.match(line) and re.search(r"[a-z]", stripped, re.IGNORECASE):
            fence = stripped[:3]  # a fence naming its language: code until the fence closes
            continue
        if stripped.startswith("{") and stripped.endswith("}") and len(stripped) <= 2000:
            try:
                value = ast.literal_eval(stripped)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                value = None
            if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
                for key, item in value.items():
                    if isinstance(item, (list, tuple)):
                        item = "; ".join(str(x) for x in item)
                    if item not in ("", None) and not isinstance(item, dict):
                        out.append(f"{key.replace('_', ' ').strip().capitalize()}: {item}")
                continue
        out.append(line)
    return out


def _withdrawal_rows(lines: list[str]) -> list[str]:
    """A withdrawal sheet's rows as what they are, the papers withdrawn ("Withdrawn item: 1 memo Rusk to JFK 1/17/62
    2p A"): the sheet's history of the folder, never the document that follows, its title or its date."""
    out = list(lines)
    k = 0
    while k < len(lines):
        if not WITHDRAWAL.search(lines[k]):
            k += 1
            continue
        j = k + 1
        while j < len(lines) and j <= k + 40 and not WITHDRAWAL_END.match(lines[j]):
            if lines[j].strip() and (find_dates(lines[j]) or re.search(r"\S\s{2,}\S.*\S\s{2,}\S", lines[j])):
                out[j] = "Withdrawn item: " + re.sub(r"\s{2,}", "  ", lines[j].strip())
            j += 1
        while j < len(lines) and (WITHDRAWAL_END.match(lines[j]) or _CODE_LEGEND.match(lines[j])):
            if _CODE_LEGEND.match(lines[j]):  # "(A) Closed by Executive Order 12356 ...": the sheet's legend
                out[j] = "Restriction code: " + lines[j].strip()
            j += 1
        k = j
    return out


def _properties_header(lines: list[str]) -> list[str]:
    """A converter's property header at the top, as fields: its title as the document's title field (the text's own
    heading still outranks it), its creation and revision dates as the file's history; its other comment lines
    ("### font table contains 4 fonts total") dropped."""
    run = 0
    while run < len(lines) and lines[run].lstrip().startswith(("###", "%%")):
        run += 1
    found = [m for line in lines[:run] if (m := _PROPERTY_COMMENT.match(line)) and m.group("key").lower() in
             _PROPERTY_KEYS]
    if run < 3 or len(found) < 2:
        return lines
    fields = [f"{_PROPERTY_KEYS[m.group('key').lower()]}: {m.group('value').strip()}" for m in found]
    return fields + lines[run:]


def record_lines(lines: list[str]) -> list[str]:
    """The lines of a text, with the head's fields in other syntaxes written as ``Label: value`` and Markdown
    heading markers taken off (see the module docstring)."""
    lines = [_SUP_NOTE.sub(r"[\1]", line) if "<sup" in line.lower() else line for line in lines]
    lines = _cover_sheet(_withdrawal_rows(_properties_header(code_and_mappings(_record_below(lines)))))
    out: list[str] = []
    head = True
    i = 0
    while i < len(lines):
        line = lines[i]
        if m := _ATX.match(line):
            line = m.group("text")
        if head and (pairs := _key_value_table(lines, i)) is not None:
            out += pairs[0]
            i += pairs[1]
            continue
        column = _NUMBER_COLUMN.match(out[-1]) if out and out[-1].strip() else None
        if head and (not (out and out[-1].strip()) or column) and (entry := _calendar_entry(lines, i)) is not None:
            if column and not column.group("n"):
                out.pop()  # the heading of the column of numbers is the list's, not the document's
            out += entry[0]
            i += entry[1]
            continue
        if (below := _value_below(line, lines[i + 1:i + 3], head)) is not None:
            out.append(below[0])  # a label on a line of its own, its value below (a catalogue display pasted)
            i += 1 + below[1]
            continue
        if not head and not (out and out[-1].strip()) and _opens_record(line, lines[i + 1:i + 3]) and not (
                (note := Line(line.strip()).note) and note[0].number.isdigit() and note[0].number not in ("0", "1")):
            # ("35. Source: ..." at a page's foot is a note numbered on, not a form's first numbered field)
            head = True  # the next record of a file of many: a title or date field after a blank line
        if head:
            if (table := _table(line, lines[i + 1:i + 3])) is not None:
                fields, used = table
                out += fields
                i += 1 + used
                continue
            read = line if _numbered_on(line, lines[:i]) else _field_line(line)
            words = len(line.split())
            probe = Line(line.strip())
            if read == line and (words >= 3 * _PROSE_WORDS or probe.notes_heading or words >= _PROSE_WORDS
                                 and re.search(r"[.!?:;…][\"”’')\]]*$", probe.unmarked)):
                head = False  # the first paragraph of prose (a long heading is not one), or the notes
            line = read
        out.append(line)
        i += 1
    return out


_QUOTED = re.compile(r"^\s?>\s?")


def unquoted(lines: list[str]) -> list[str]:
    """An e-mail that quotes a document line by line ("> ...") gives the document's own lines: one level of
    quoting is taken off when the quoted lines are most of the text (a reply above them keeps its lines)."""
    filled = [line for line in lines if line.strip()]
    quoted = [line for line in filled if _QUOTED.match(line)]
    if len(quoted) < 5 or len(quoted) < 0.6 * len(filled):
        return lines
    out: list[str] = []
    for k, line in enumerate(lines):
        if _QUOTED.match(line) and k and lines[k - 1].strip() and not _QUOTED.match(lines[k - 1]):
            out.append("")  # the quote starts a block of its own: the attribution above it is not its first line
        out.append(_QUOTED.sub("", line, count=1))
    return out


def _value_below(line: str, below: list[str], head: bool = True) -> tuple[str, int] | None:
    """(``Label: value``, lines used below) for a known label standing alone (with or without its colon) above its
    value, as a catalogue's two-column display reads when pasted; None if the line is not such a label. Below the
    head only a label of the record's own history above its date is one ("Record opening date" / "01 January 1992")."""
    label = _LIST_ITEM.sub("", line).strip().rstrip(":：").strip()  # a display's fields as a list: "- Date"
    if not label or len(label.split()) > 5 or ":" in label or re.search(r"\d|\s{2}|\t", label) or not below:
        return None
    found = field_of(label)
    used = 1 if below[0].strip() else 2  # one blank line between them: a double-spaced typescript's
    glossed = bool(_GLOSS.match(below[0])) and len(below) > 1 and bool(below[1].strip())
    if glossed:
        used = 2  # a display's gloss on its label between them: "Date" / "(When the record was created)" / "18 Apr 1961"
    value_line = below[used - 1] if used <= len(below) else ""
    history = found is None and record_label(label) and bool(re.search(r"(?i)\bdate[ds]?\b", label)) and (
        date_line(_LIST_ITEM.sub("", value_line).strip()) is not None)
    if history:
        found = ("review", label, 90)  # "Record opening date" / "01 January 1992": the record's history
    elif not head:
        return None
    # a definition list's value stands indented under its label or after a colon: then any field's label is one
    defined = bool(_DEFINITION.match(value_line)) or _indent(value_line) > _indent(line) or glossed
    if found is None or (found[0] not in _LABEL_ABOVE and not defined and not history) or Line(label).notes_heading:
        return None
    value = _LIST_ITEM.sub("", _DEFINITION.sub("", value_line)).strip()
    if not value or len(value.split()) > 25 or (used == 2 and not defined and Line(value).sentence):
        return None
    if (m := _COLON_FIELD.match(value)) and field_of(m.group("label")) is not None:
        return None  # the next line is a field of its own: this label's value is missing, not below
    return f"{label}: {value}", used


_DEFINITION = re.compile(r"^\s*[:~](?:\s+|$)")  # Pandoc's definition marker
_GLOSS = re.compile(r"^\s*(?:[-*•]\s+)?\([^()]{3,120}\)\s*$")  # a label's explanation in brackets on a line of its own
_LIST_ITEM = re.compile(r"^\s*[-*•]\s+")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


# the rule under a table's header row: "|---|:---:|", "+----+----+", "---- ----"
_SEPARATOR_ROW = re.compile(r"[\s|:\-+]+")


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a Markdown table's row ("| Date | 15 Feb 1962 |"), None for a line that is not one."""
    text = line.strip()
    if not (text.startswith("|") and text.endswith("|") and len(text) > 2):
        return None
    return [c.strip() for c in text[1:-1].split("|")]


def _key_value_table(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """(``Label: value`` lines, lines used) for a two-column table of fields from line ``i`` on: each row a label
    and its value, the rows' labels mostly ones the vocabulary knows; a header row that names the columns
    ("| Field | Value |", "| Metadata | |") and the separator below it are left out."""
    rows: list[list[str]] = []
    k = i
    while k < len(lines) and (cells := _pipe_cells(lines[k])) is not None:
        if not _SEPARATOR_ROW.fullmatch(lines[k]):
            if len(cells) != 2:
                return None
            rows.append(cells)
        k += 1
    known = [bool(field_of(label, guess=True)) for label, _ in rows]
    if len(rows) < 2 or sum(known) < max(2, len(rows) // 2):
        return None
    if not known[0]:
        rows = rows[1:]  # the header row
    return [_labelled(label, value) for label, value in rows if label and value], k - i


# an entry's sentences after its description: markings, an extent ("3 pp.", "2 pages", "1 leaf")
_EXTENT = re.compile(r"(?i)\b\d{1,4}\s*(?:pp?|pages?|leaves|leaf|ff|fols?|folios?|sheets?)\b\.?")
# an entry's number: "12. ", or a guide's or list's column of item, frame or page numbers ("0654  Letter from ...")
_ENTRY_NUMBER = r"\d{1,5}(?:\.\s+|\s{2,}|\t\s*)"
_ENTRY_START = re.compile(rf"^\s*(?:{_ENTRY_NUMBER})?\[?")
# the heading of that column above the entries ("Frame No.", "Item", "Doc. no."), or of one entry ("Document 09")
_NUMBER_COLUMN = re.compile(r"(?i)^\s*(?:frame|item|doc(?:ument)?\.?|page|entry|folio|no|number)s?\.?"
                            r"(?:\s+(?:no|nos|number|numbers)\.?)?(?P<n>\s+\d{1,5}[a-z]?)?\s*$")


# a presidential library's or archive's list of the papers withdrawn from a folder ("WITHDRAWAL SHEET (PRESIDENTIAL
# LIBRARIES)", "Withdrawal/Redaction Sheet", "RECORD OF WITHDRAWN ITEM")
WITHDRAWAL = re.compile(r"(?i)\bwithdrawal(?:\s*/\s*redaction)?\s+(?:sheet|notice|marker)\b|\bwithdrawn\s+items?\b")
# where its list of papers ends: its legend of restriction codes, the folder's location
WITHDRAWAL_END = re.compile(r"(?i)^\s*(?:restriction codes|file location|document type|\(a\)\s)")
_CODE_LEGEND = re.compile(r"^\s*\([A-Z]\)\s+\S")  # "(A) Closed by Executive Order 12356 ..."


def _calendar_entry(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """A calendar-of-documents entry as fields: the paragraph from line ``i`` whose first sentence is a description
    that names a document and ends with its date (after its place), the others nothing but markings or an extent
    ("12. Letter from X to Y, Moscow, February 15, 1962. Secret; Niact. 3 pp."); None for any other paragraph."""
    if not NAMES_A_KIND.match(_ENTRY_START.sub("", lines[i])):
        return None  # an entry opens with a description that names a document
    if any(WITHDRAWAL.search(line) for line in lines[max(0, i - 12):i]):
        return None  # a withdrawal sheet's rows are the papers taken out of the folder, not the one that follows
    block: list[str] = []
    k = i
    while k < len(lines) and lines[k].strip() and len(block) < 8:
        block.append(lines[k].strip())
        k += 1
        if k + 1 < len(lines) and not lines[k].strip() and lines[k + 1].strip():
            k += 1  # a double-spaced typescript's blank line inside the entry
        # the entry's lines, as wrapped: the first line or the first few (no blank line may part it from the text)
        if (entry := _entry_fields(re.sub(r"(\w)- (\w)", r"\1\2", _joined(block)))) is not None:
            return entry, k - i
    return None


def _joined(block: list[str]) -> str:
    """An entry's lines as one: a dateline on a line of its own under the description is its place and date, set off
    by a comma as a one-line entry sets them ("Telegram From ... Soviet Union" / "Washington, 21 January 1961")."""
    text = block[0]
    for line in block[1:]:
        apart = Line(line).dateline is not None and not text.rstrip().endswith((",", ".", ";", ":"))
        text += (", " if apart else " ") + line
    return text


# a date in ISO 8601's basic form where an entry's date stands, before its full stop ("..., 19620215.")
_BASIC_DATE = re.compile(rf"(?<=, )\[?{BASIC_DAY}\]?(?=\.)")


_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Capt|Lt|Sgt|Adm|Rev|Hon|No|Nr))$")


def _one_sentence(text: str) -> bool:
    """Whether a description is one sentence: a full stop before a capital only after an abbreviation ("the U.S.
    Ambassador", "Mr. Bohlen"); a heading over a dispatch's number and dateline is two ("... Geneva T. nos 2105 à
    2108. Washington")."""
    pieces = re.split(r"\.\s+(?=[A-Z])", text)
    return all(_ABBREVIATION.search(piece) for piece in pieces[:-1])


def _entry_fields(text: str) -> list[str] | None:
    if not _EXTENT.search(text) and not has_marking(text):
        return None
    text = re.sub(rf"^{_ENTRY_NUMBER}", "", text)  # the entry's number
    text = re.sub(r"^\[([^\[\]]+)\]", r"\1", text)  # a description the cataloguer supplied
    text = _BASIC_DATE.sub(r"\g<y>-\g<m>-\g<d>", text)
    text = re.sub(r"(\d{4}-\d\d-\d\d)[ T]\d\d:\d\d(?::\d\d)?Z?", r"\1", text)  # a timestamp's time of day
    parts = re.split(r"(?<=\.)\s+(?=[A-Z\d(])", text)
    if len(parts) == 1 and len(pieces := text.rsplit(", ", 1)) == 2 and not re.search(r"\d", pieces[1]) and (
            _only_markings(pieces[1].rstrip("."))):
        parts = [pieces[0] + ".", pieces[1]]  # the markings after a comma: "Letter from X to Y, 18 April 1961, Secret/Niact"
    if len(parts) < 2 or not _entry_tail(parts[-1]):
        return None  # an entry ends with its markings or its extent
    if NAMES_A_KIND.match(parts[0]) and not find_dates(parts[0]) and all(map(_entry_tail, parts[1:])):
        parts = [parts[0].rstrip(".") + ", n.d.", *parts[1:]]  # an undated entry: "Editorial note. 2 pp."
    for n in range(1, len(parts)):  # the first sentence ends where the date does
        first = " ".join(parts[:n]).rstrip(".")
        if n >= 2 and date_line(parts[n - 1].rstrip(".")) is not None:
            # the date a sentence of its own after the description, as guides and lists print it ("Letter from X
            # to Y. 4/18/61. Secret. 2 pp.")
            first = " ".join(parts[:n - 1]).rstrip(".") + ", " + parts[n - 1].rstrip(".")
        dated = (first[:-len(", n.d")], None) if first.endswith(", n.d") else Line(first).dated_title
        rest = parts[n:]
        if dated is not None and NAMES_A_KIND.match(dated[0]) and _one_sentence(dated[0]) and all(
                map(_entry_tail, rest)):
            title, date = dated
            if date is not None and len(title.split()) < 3:
                continue  # a kind alone above a dateline ("Cablegram" / "WASHINGTON, 21 January 1961") describes nothing
            place = ""
            if "," in title and Line(tail := title.rsplit(",", 1)[1].strip()).place_name:
                title, place = title.rsplit(",", 1)[0].strip(), tail
            fields = [f"Title: {title}"] + ([f"Date: {date.raw}"] if date else []) + ([f"Place: {place}"] if place else [])
            fields += [f"Classification: {p.rstrip('.')}" for p in rest if not _EXTENT.fullmatch(p.strip())]
            fields += [f"Extent: {p.strip()}" for p in rest if _EXTENT.fullmatch(p.strip())]
            return fields
    return None


def _entry_tail(sentence: str) -> bool:
    """A sentence of an entry after its description: its extent ("3 pp.") or nothing but markings ("Secret; Niact.")."""
    return bool(_EXTENT.fullmatch(sentence.strip())) or _only_markings(sentence.rstrip("."))


_RULE = re.compile(r"^\s*(?:_{5,}|-{5,}|—{3,})\s*$")


def _furniture(line: str) -> bool:
    """A page's furniture, as it stands below a record or between two of its fields where a page turned: a short
    line with a figure ("Page 3 of 3", "- 3 -"), a release banner, a stamp."""
    probe = Line(line.strip())
    return (len(line.split()) <= 10 and bool(re.search(r"\d", line)) and not probe.sentence) or probe.boilerplate \
        or bool(probe.markings) and len(line.split()) <= 12


def _record_below(lines: list[str]) -> list[str]:
    """The lines with a record's fields that stand below the body moved above it: a run of labelled lines at the
    end (blank lines between them, a heading such as "Details" above them and page furniture below them aside)
    that titles the document and gives two fields more."""
    end = len(lines)
    rules = [k for k in range(max(0, end - 60), end) if _RULE.match(lines[k])]
    if rules and all(not x.strip() or x[:1].isspace() or Line(x.strip()).note or _furniture(x)
                     for x in lines[rules[-1] + 1:]):
        end = rules[-1]  # the notes at the last page's foot, below its rule
    tail = 0  # page furniture after the fields: short lines with a figure ("Page 3 of 3", "- 3 -")
    while end and (not lines[end - 1].strip() or (tail < 2 and _furniture(lines[end - 1])
                                                     and not _COLON_FIELD.match(lines[end - 1]))):
        tail += bool(lines[end - 1].strip())
        end -= 1
    start, fields, furniture = end, [], 0
    while start:
        line = lines[start - 1]
        if (m := _COLON_FIELD.match(line)) and (found := field_of(m.group("label"), guess=True)) is not None:
            fields.append(found[0])
        elif line.strip() and (furniture >= 2 or not fields or not _furniture(line)):
            break
        furniture += bool(line.strip()) and not m
        start -= 1
    while start < end and not _COLON_FIELD.match(lines[start]):
        start += 1  # the block opens with a field
    if len(fields) < 3 or not {"title", "summary"} & set(fields) or start == 0:
        return lines
    above = lines[start - 1].strip()
    if len(above.split()) <= 3 and not Line(above).sentence and not re.search(r"\d", above):
        start -= 1  # the block's heading ("Details", "Metadata", "----")
    if not any(line.strip() for line in lines[:start]):
        return lines
    return lines[start:end] + [""] + lines[:start] + lines[end:]


# the fields a label above its value is read for: a word such as "Summary" or "Note" alone is a heading too
_LABEL_ABOVE = {"title", "subject", "date", "classification", "origin", "addressee", "place", "document_type"}


def _opens_record(line: str, following: list[str]) -> bool:
    """A line that opens a record's head: its title or date field, in any syntax, a MARC record's leader or tagged
    line, a table's header row of field labels with its row of values below (a spreadsheet's records, each above
    its text), or a heading that names a document ("LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV",
    "66. Telegram From ...", "MEMORANDUM FOR THE RECORD": the next document of an e-text or a printed volume)."""
    if _MARC_LEADER.match(line) or _MARC.match(line) or _table(line, following) is not None:
        return True
    read = _field_line(line).split("\n")[0]
    m = _COLON_FIELD.match(read)
    found = field_of(m.group("label"), guess=True) if m else None
    if found is not None and found[0] in ("title", "date"):
        return True
    probe = Line(line.strip())
    return bool(probe.numbered_heading or probe.kind_heading) or (
        bool(NAMES_A_KIND.match(probe.unmarked)) and 3 <= len(probe.words) <= 25 and not probe.sentence)


_COLON_FIELD = re.compile(r"^\s*(?P<label>[^\W\d_][\w .'’/&()-]{0,60}?)\s*[:：]\s*(?P<value>\S.*)$")
_CANONICAL = {"date": "Date", "title": "Title", "classification": "Classification"}


def _labelled(label: str, value: str) -> str:
    """``Label: value``; a label no list names but that says what it holds ("Date of conversation") is written
    as its field's label, so that the line classifier reads it."""
    label = label.strip()
    if field_of(label) is None and (guessed := field_of(label, guess=True)):
        label = _CANONICAL[guessed[0]]
    return f"{label}: {value.strip()}"


_WEEKDAY = re.compile(r"^\s*\[?\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|"
                      r"fri|sat|sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|"
                      r"donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
                      r"\.?,?\s+(?P<rest>.+)$", re.IGNORECASE)


# a telegram's routing lines, label and value apart by one space and typed in capitals: "FM AMEMBASSY MOSCOW",
# "TO SECSTATE WASHDC IMMEDIATE 1234", "INFO AMEMBASSY LONDON" (the labels a cable's header uses without a colon)
# (an address of a few words, no sentence: a body typed in capitals has lines that open with "TO " too); a
# teletype's "FROM SAC DALLAS 89-43" likewise
_ROUTING = re.compile(r"^\s*(?P<label>FM|FROM|TO|INFO)\s(?P<value>[A-Z][A-Z0-9/&'-]*(?:[ ,.]{1,2}[A-Z0-9/&'-]+){0,5})$")


# an outliner's or wiki's property ("date:: [[Oct 23rd, 1962]]": Logseq, Roam, Obsidian's Dataview, Org-roam's
# "#+title:"), its value's page links bare
_PROPERTY = re.compile(r"^\s*(?:[-*]\s+)?(?:#\+)?(?P<label>[^\W\d_][\w .-]{0,40}?)\s*::?\s+(?P<value>.*\S)\s*$")
# an outliner's tag, as a page link or a word: "#[[Eyes Only]]", "#Secret"
_TAG = re.compile(r"(?<!\S)#(?:\[\[(?P<linked>[^\[\]]+)\]\]|(?P<word>[^\W\d_][\w-]*))")
_WIKI_LINK = re.compile(r"\[\[(?:[^\[\]|]*\|)?(?P<text>[^\[\]]+)\]\]")


def _field_line(line: str) -> str:
    if "::" in line or line.lstrip().startswith("#+"):
        if (m := _PROPERTY.match(line)) and field_of(m.group("label").strip(), guess=True):
            value = _TAG.sub(lambda t: (t.group("linked") or t.group("word")) + ";", m.group("value"))
            return _labelled(m.group("label"), _WIKI_LINK.sub(r"\g<text>", value).strip().rstrip(";"))
    if (m := _ROUTING.match(line.rstrip())) and field_of(m.group("label")) is not None and \
            not Line(line.strip()).routing:  # "FROM WASHINGTON TO FOREIGN OFFICE": both ends on one line
        return _labelled(m.group("label"), m.group("value"))
    if (m := _WEEKDAY.match(line)) and date_line(m.group("rest")):
        return f"Date: {line.strip()}"  # "Thursday, February 15, 1962", "[Sunday, May 6, 1962]": a date that names its day
    if (m := _COLON_FIELD.match(line)) and field_of(m.group("label")) is None and \
            field_of(m.group("label"), guess=True):
        return _labelled(m.group("label"), m.group("value"))
    if m := _MARC.match(line):
        return "\n".join(_marc(m.group("tag"), m.group("subfields"))) or line
    if m := _EMPHASIS_LABEL.match(line):
        if (m.group("colon") or m.group("colon2")) and field_of(m.group("label"), guess=True):
            return _labelled(m.group("label"), m.group("value"))
    if m := _EMPHASIS_LINE.match(line):
        return m.group("text")
    if ":" not in line.split("\t")[0][:62]:
        if (m := _SPACED_FIELD.match(line)) and field_of(m.group("label").strip(), guess=True):
            return _labelled(m.group("label"), m.group("value"))
    elif (m := _BOXED_FIELD.match(line)) and field_of(m.group("label").strip(), guess=True):
        return _labelled(m.group("label"), m.group("value"))
    return line


def _marc(tag: str, subfields: str) -> list[str]:
    wanted = _MARC_FIELDS.get(tag)
    if not wanted:
        return []
    parts = _SUBFIELD.split(subfields)[1:]
    out: list[str] = []
    for code, value in zip(parts[::2], parts[1::2], strict=False):
        label = wanted.get(code)
        value = value.strip().rstrip(" /:;,=").strip()
        if value.endswith(".") and not re.search(r"\b[A-Z][a-z]?\.$|\b[a-z]{1,4}\.$", value):
            value = value[:-1]  # ISBD's closing full stop, not an abbreviation's
        if not label or not value:
            continue
        if label == "Access restrictions" and _only_markings(value):
            label = "Classification"
        if label == "Classification" and out and out[-1].startswith("Classification: "):
            out[-1] += f", {value}"  # a level and its handling, or two subfields of one field: one line of markings
        else:
            out.append(f"{label}: {value}")
    return out


def _only_markings(value: str) -> bool:
    return has_marking(value) and not re.search(r"[^\W\d_]", MARKING_PATTERN.sub(" ", value))


def _table(line: str, following: list[str]) -> tuple[list[str], int] | None:
    """A header row of labels and the row of values below it (a separator row "|---|---|" between them skipped):
    ``Label: value`` lines and how many lines after the header it used."""
    for sep in _TABLE_SPLIT:
        if line.count(sep) < 1:
            continue
        labels = _cells(line, sep)
        if len(labels) < 2 or sum(bool(field_of(c)) for c in labels) < max(2, (len(labels) + 1) // 2):
            continue
        rows = following
        skip = 0
        if rows and _SEPARATOR_ROW.fullmatch(rows[0] or "x"):
            rows, skip = rows[1:], 1
        if len(rows) > 1 and not rows[0].strip() and len(_cells(rows[1], sep)) == len(labels):
            rows, skip = rows[1:], skip + 1  # double-spaced: a blank line between the header and its values
        if not rows or not rows[0].strip():
            return None
        values = _cells(rows[0], sep)
        if len(values) != len(labels):
            return None
        return [f"{label}: {value}" for label, value in zip(labels, values, strict=True) if label and value], 1 + skip
    return None


def _cells(line: str, sep: str) -> list[str]:
    text = line.strip(" \r\n")  # a row's empty last cells are cells
    if sep == "|":
        text = text.strip("|")
    try:
        row = next(csv.reader([text], delimiter=sep, skipinitialspace=True))
    except (csv.Error, StopIteration):
        return []
    return [c.strip() for c in row]
