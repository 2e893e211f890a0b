"""Read the text layer of a PDF into the plain text that ``documents.parse_text`` understands.

pdfminer's layout analysis gives positioned lines; this module puts them in reading order, drops running
headers, footers and page numbers, and rebuilds paragraphs from the geometry (vertical gaps, indents, short
last lines), so that the parser sees one paragraph per block and a ``[Page N]`` line before each page.
pdfminer is imported only when a PDF is read: ``import search_engine`` stays cheap.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from ..errors import SourceError

NO_TEXT = "no text layer (needs OCR)"

_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
# a page number standing alone: "12", "- 12 -", "Page 12 of 30", "p. 12", "[Page 12]", "xiv"
_PAGE_NUMBER = re.compile(
    r"^[\[(]?[-–—\s]*(?:(?:page|p\.|pg\.?|стр\.?|с\.)\s*)?(?:\d{1,4}[a-z]?|" + _ROMAN + r")"
    r"(?:\s*(?:of|/|из)\s*\d{1,4})?[-–—\s]*[\])]?$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^(?:\d+|" + _ROMAN + r")$", re.IGNORECASE)
# the start of a list item or a note: a bullet, "1.", "(1)", "(a)", "a)", "[1]"
_LIST_MARKER = re.compile(r"^(?:[•·▪‣◦○■□●]\s*|\*\s+|\(?\d{1,3}[.)]\s+|\(?[a-z]\)\s+|\[\d{1,3}\]\s+)")
_CID = re.compile(r"\(cid:\d+\)")
# control characters, the replacement character and private-use glyphs of symbol fonts: never searchable text
_GARBAGE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_LIGATURES = re.compile(r"[\ufb00-\ufb4f]")
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"')
_HYPHENS = ("-", "\u2010", "\u00ad")
_EDGE_ROWS = 3  # how many rows at the top and at the bottom of a page may hold a running header or footer


@dataclass(frozen=True)
class PdfText:
    """The text layer of a PDF: blocks separated by blank lines, a ``[Page N]`` line before each page's blocks."""

    text: str
    pages: int
    info: dict[str, str]
    labels: tuple[str, ...] = ()  # each page's number, as the "[Page N]" lines give it
    blocks: tuple[tuple[str, ...], ...] = ()  # each page's paragraphs
    blank: tuple[int, ...] = ()  # the pages (0-based) without text: scans, or empty pages


@dataclass(frozen=True)
class _Block:
    """A paragraph of one page; ``open_end`` when its last line fills the column, so it may go on overleaf."""

    text: str
    open_end: bool


@dataclass(frozen=True)
class _Line:
    """One line of text on a page; y grows upwards (PDF space), ``size`` is the font size."""

    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    text: str
    column: int = 0  # 0: the page's single column or full width, 1: left column, 2: right column
    value_x: float | None = None  # a labelled field's line ("PARTICIPANTS:  The President"): where its value starts
    value_column: int = 0  # and at which character of ``text``

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


def extract_pdf(data: bytes, source: str, scans: bool = False) -> PdfText:
    """The text, page count and document info of a PDF; raises SourceError for what cannot be read, and for a
    PDF without text unless ``scans`` (its pages are then to be read by OCR)."""
    if b"%PDF-" not in data[:1024]:
        raise SourceError(source, "damaged or unreadable PDF: no %PDF header (is this really a PDF?)")
    document, pages = _open(data, source)
    labels = _page_labels(pages)
    lines = [_page_numbers_removed(page) for page in _layout_lines(pages, source)]
    ordered = [_reading_order(page) for page in _running_lines_removed_across(lines)]
    extent = _column_extent([line for page in ordered for line in page if line.column == 0])
    blocks = [_paragraphs(page, extent) for page in ordered]
    if not any(blocks) and not scans:
        raise SourceError(source, NO_TEXT, "needs-ocr")
    joined = _continued_paragraphs_joined(blocks)
    return PdfText(page_text(labels, joined), len(pages), _info(document), tuple(labels),
                   tuple(tuple(page) for page in joined), tuple(i for i, page in enumerate(blocks) if not page))


def _open(data: bytes, source: str):
    """The pdfminer document and its pages, with pdfminer's many failure modes turned into SourceErrors."""
    from pdfminer.pdfdocument import (
        PDFDocument,
        PDFEncryptionError,
        PDFPasswordIncorrect,
    )
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = list(PDFPage.create_pages(document))
    except PDFPasswordIncorrect:
        raise SourceError(source, "encrypted PDF (needs a password)", "encrypted") from None
    except PDFEncryptionError as e:
        raise SourceError(source, f"encrypted PDF (unsupported encryption: {e})", "encrypted") from None
    except Exception as e:  # noqa: BLE001 - a damaged file makes pdfminer raise almost anything
        raise SourceError(source, f"damaged or unreadable PDF: {_describe(e)}") from None
    if not pages:
        raise SourceError(source, "damaged or unreadable PDF: no pages")
    return document, pages


def _describe(error: Exception) -> str:
    from pdfminer.psexceptions import PSEOF, PSException

    if isinstance(error, PSEOF):
        return "the file ends too early (truncated download?)"
    if isinstance(error, PSException) and str(error):
        return str(error)
    return f"broken internal structure ({type(error).__name__}: {error})"


def _layout_lines(pages, source: str) -> list[list[_Line]]:
    """The lines of every page, from pdfminer's layout analysis."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    # boxes_flow=None: lines are put in reading order here, so pdfminer's hierarchical grouping of text boxes
    # (which orders them, and costs more the more boxes a page has) is skipped.
    # all_texts=True: some producers put a whole page inside a form XObject, which pdfminer treats as a figure.
    laparams = LAParams(line_overlap=0.5, char_margin=2.0, word_margin=0.1, line_margin=0.5,
                        boxes_flow=None, all_texts=True)
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=laparams)
    interpreter = PDFPageInterpreter(resources, device)
    out = []
    for number, page in enumerate(pages, 1):
        try:
            interpreter.process_page(page)
        except Exception as e:  # noqa: BLE001 - see _open
            raise SourceError(source, f"damaged or unreadable PDF: page {number}: {_describe(e)}") from None
        out.append(list(_lines_of(device.get_result())))
    return out


def _lines_of(container):
    from pdfminer.layout import LTChar, LTTextLineHorizontal

    for item in container:
        if isinstance(item, LTTextLineHorizontal):
            chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
            text = clean_text(item.get_text())
            if chars and text:
                size = statistics.median(c.size for c in chars)
                value_x, value_column = _field_value(text, chars)
                # leading spaces are glyphs too: the indent is where the first visible character starts
                yield _Line(chars[0].x0, item.x1, item.y0, item.y1, size, text, 0, value_x, value_column)
        elif hasattr(item, "__iter__"):
            yield from _lines_of(item)


def _field_value(text: str, chars) -> tuple[float | None, int]:
    """Where the value of a labelled field's line starts, on the page and in its text ("PARTICIPANTS:  The
    President": at "The"), so that the lines set under it are read as the value going on; (None, 0) otherwise."""
    from .blocks import FIELD_START
    from .lines import Line

    m = FIELD_START.match(text)
    if not m or not Line(text).label_shaped:
        return None, 0
    k = len(re.sub(r"\s", "", text[:m.end()]))  # the visible characters before the value
    return (chars[k].x0, m.end()) if k < len(chars) else (None, 0)


def clean_text(text: str) -> str:
    """Drop pdfminer's "(cid:NN)" for unmapped glyphs and control characters, spell out ligatures, fold spaces."""
    text = _CID.sub("", text)
    # a soft hyphen at the end of a line marks a hyphenated word; anywhere else it is invisible
    text = re.sub("\u00ad\\s*$", "-", text.rstrip()).replace("\u00ad", "")
    # NFKC only for ligatures: on everything it would also turn "№" into "No" and superscripts into digits
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = _GARBAGE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


# -- running headers, footers and page numbers -------------------------------------------------------


def _edge_lines(lines: list[_Line]) -> list[_Line]:
    """The lines above the first clear gap at the top of a page and below the last one at its bottom.

    Running heads and page numbers stand apart from the text; a table or a list that merely reaches the top
    of a page does not, so its cells are never taken for a running head.
    """
    rows = _page_rows(lines)
    whites = [_white(above, below) for above, below in pairwise(rows)]  # whites[i]: below rows[i]
    usual = statistics.median(whites) if whites else 0.0

    def apart(i: int) -> bool:
        return whites[i] > max(1.5 * usual, 0.8 * max(line.size for line in rows[i] + rows[i + 1]))

    top = next((i + 1 for i in range(min(_EDGE_ROWS, len(whites))) if apart(i)), 0)
    bottom = next((len(rows) - 1 - i for i in range(min(_EDGE_ROWS, len(whites))) if apart(len(whites) - 1 - i)),
                  len(rows))
    if len(rows) <= _EDGE_ROWS:  # a page of a few lines: all of them may be heads, numbers or stamps
        top = len(rows)
    return [line for row in rows[:top] + rows[max(bottom, top):] for line in row]


def _page_rows(lines: list[_Line]) -> list[list[_Line]]:
    """The lines of a page grouped into rows, top to bottom (two columns side by side share a row)."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda line: -line.middle):
        if rows and abs(rows[-1][0].middle - line.middle) < 0.5 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _top(row: list[_Line]) -> float:
    return max(line.y1 for line in row)


def _white(above: list[_Line], below: list[_Line]) -> float:
    """The empty space between two rows."""
    return min(line.y0 for line in above) - _top(below)


def _page_numbers_removed(lines: list[_Line]) -> list[_Line]:
    """A page without the bare page numbers at its top and bottom."""
    numbers = {id(line) for line in _edge_lines(lines) if _PAGE_NUMBER.match(line.text)}
    return [line for line in lines if id(line) not in numbers]


def _edge_candidates(lines: list[_Line]) -> list[_Line]:
    """Edge lines that may be running heads: narrower than the text, unlike the first and last lines of prose."""
    if not lines:
        return []
    width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
    return [line for line in _edge_lines(lines) if line.x1 - line.x0 < 0.75 * width]


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _running_lines_removed_across(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without running heads: edge lines that repeat (digits aside) on at least half of the pages, or
    on the next or previous page (a chapter's running head, a cable's number).

    The first occurrence of a running line in capitals is kept: it is usually a classification stamp
    ("TOP SECRET" on every page) or a letterhead, which the parser needs once. A heading that names a kind of
    document ("Memorandum", "TELEGRAM") is never a running head: a release whose every page opens with one is a
    run of one-page documents, each of which it opens.
    """
    from .lines import Line

    keys = [{_running_key(line.text) for line in _edge_candidates(page) if not Line(line.text).kind_heading}
            for page in pages]
    counts = Counter(key for page_keys in keys for key in page_keys)
    with_text = sum(1 for page in pages if page)
    often = {key for key, n in counts.items() if n >= 2 and 2 * n >= with_text}
    kept: set[str] = set()
    out = []
    for i, page in enumerate(pages):
        neighbours = (keys[i - 1] if i else set()) | (keys[i + 1] if i + 1 < len(keys) else set())
        running = keys[i] & (often | neighbours)
        lines = []
        for line in page:
            key = _running_key(line.text)
            if key in running:
                if key in kept or not line.text.isupper():
                    continue
                kept.add(key)
            lines.append(line)
        out.append(lines)
    return out


# -- reading order -------------------------------------------------------------------------------------


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """The lines of a page top to bottom; where two columns stand side by side, the left one first.

    A line that crosses the middle of the page (a title, a footnote, a single-column paragraph) separates
    the runs of half-width lines, each of which is read either as two columns or row by row.
    """
    if not lines:
        return []
    middle = (min(line.x0 for line in lines) + max(line.x1 for line in lines)) / 2
    out: list[_Line] = []
    run: list[_Line] = []
    for line in sorted(lines, key=lambda line: -line.middle):
        if line.x0 < middle < line.x1:
            out.extend(_run_order(run, middle))
            run = []
            out.append(line)
        else:
            run.append(line)
    out.extend(_run_order(run, middle))
    return _rows_merged(out)


def _run_order(run: list[_Line], middle: float) -> list[_Line]:
    left = [line for line in run if line.x1 <= middle]
    right = [line for line in run if line.x0 >= middle]
    if not _two_columns(left, right, middle - min((line.x0 for line in run), default=middle)):
        return _rows(run)
    return [replace(line, column=1) for line in left] + [replace(line, column=2) for line in right]


def _two_columns(left: list[_Line], right: list[_Line], half_width: float) -> bool:
    """Whether half-width lines stand side by side often enough, and are wide enough, to be columns of text.

    Tables and "TO: ... DATE: ..." memo heads also put text side by side, but in narrow cells, which read
    better row by row.
    """
    side_by_side = sum(any(r.y0 < line.y1 and line.y0 < r.y1 for r in right) for line in left)
    if side_by_side < 3 or side_by_side < 0.6 * min(len(left), len(right)):
        return False
    widths = [line.x1 - line.x0 for line in left + right]
    return statistics.median(widths) >= 0.6 * half_width


def _rows(lines: list[_Line]) -> list[_Line]:
    return sorted(lines, key=lambda line: -line.middle)


def _rows_merged(lines: list[_Line]) -> list[_Line]:
    """Pieces of one row (pdfminer splits a line at a wide gap: tabs, spread headings) made one line."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev and prev.column == line.column and abs(prev.middle - line.middle) < 0.5 * min(prev.size, line.size):
            first, second = sorted((prev, line), key=lambda piece: piece.x0)
            out[-1] = replace(first, x1=max(first.x1, second.x1), text=f"{first.text} {second.text}",
                              y0=min(first.y0, second.y0), y1=max(first.y1, second.y1))
        else:
            out.append(line)
    return out


# -- paragraphs ----------------------------------------------------------------------------------------


def _column_extent(lines: list[_Line]) -> tuple[float, float]:
    """Left and right edges of the text column, from the whole document: a short last page says little."""
    if not lines:
        return 0.0, 0.0
    x0 = sorted(line.x0 for line in lines)
    x1 = sorted(line.x1 for line in lines)
    return x0[len(x0) // 10], x1[len(x1) * 9 // 10]


def _line_pitch(lines: list[_Line]) -> dict[int, float]:
    """The usual distance between baselines, per font size, so that gaps stand out: the smallest distance that is
    common (a quarter of the lines or more), else the most common one. In a short text of one-line paragraphs and
    fields, a blank line's gap is as common as a line's pitch, or more: the pitch is still the smaller."""
    pitches: dict[int, Counter] = {}
    for prev, line in pairwise(lines):
        distance = prev.y0 - line.y0
        if prev.column == line.column and _same_size(prev, line) and 0 < distance <= 3 * line.size:
            pitches.setdefault(round(line.size), Counter())[round(distance * 2) / 2] += 1
    return {size: min((d for d in c if c[d] >= 0.25 * sum(c.values())), default=min(c, key=lambda d: (-c[d], d)))
            for size, c in pitches.items()}


def _same_size(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) <= 0.15 * max(a.size, b.size)


def _paragraphs(lines: list[_Line], extent: tuple[float, float]) -> list[_Block]:
    """The paragraphs of a page in reading order."""
    pitch = _line_pitch(lines)
    edges = {0: extent}
    for column in (1, 2):
        in_column = [line for line in lines if line.column == column]
        if in_column:
            edges[column] = (min(line.x0 for line in in_column), max(line.x1 for line in in_column))
    paragraphs: list[list[_Line]] = []
    under: set[int] = set()  # the lines that go on a field's value, set under its first word
    for line in lines:
        current = paragraphs[-1] if paragraphs else None
        if current and _under_value(current, line, pitch, under):
            current.append(line)
            under.add(id(line))
        elif current and not _starts_paragraph(current, line, pitch, edges):
            current.append(line)
        else:
            paragraphs.append([line])
    blocks = [_Block(_field_text(lines) if id(lines[-1]) in under else _joined(line.text for line in lines),
                     _runs_to_edge(lines[-1], edges[lines[-1].column]))
              for lines in paragraphs]
    # "- 12 -" or "Page 12" left in the middle of a page would read as a "[Page N]" marker to the parser
    return [block for block in blocks if not (_PAGE_NUMBER.match(block.text) and not _BARE_NUMBER.match(block.text))]


def _under_value(paragraph: list[_Line], line: _Line, pitch: dict[int, float], under: set[int]) -> bool:
    """Whether ``line`` stands under the first word of the value of the field that opens ``paragraph`` (a typed
    memorandum's participants, one a line), on the next line, and is no field of its own."""
    first, prev = paragraph[0], paragraph[-1]
    if first.value_x is None or not all(id(line) in under for line in paragraph[1:]):
        return False
    if prev.column != line.column or not _same_size(prev, line) or abs(line.x0 - first.value_x) > 0.3 * line.size:
        return False
    distance = prev.y0 - line.y0
    return 0 < distance <= 1.3 * pitch.get(round(line.size), 1.2 * line.size) and line.value_x is None


def _field_text(lines: list[_Line]) -> str:
    """A field and the lines of its value set under its first word, as a typescript sets them: the text parser
    reads them as one field (see blocks.text_blocks)."""
    return lines[0].text + "".join("\n" + " " * lines[0].value_column + line.text for line in lines[1:])


def _starts_paragraph(paragraph: list[_Line], line: _Line, pitch: dict[int, float],
                      edges: dict[int, tuple[float, float]]) -> bool:
    """Whether ``line`` begins a new paragraph rather than continuing ``paragraph``."""
    prev = paragraph[-1]
    if prev.column == 1 and line.column == 2:  # from the foot of the left column to the head of the right one
        return not (_runs_to_edge(prev, edges[1]) and _continues(prev.text, line.text))
    if prev.column != line.column or not _same_size(prev, line):
        return True
    distance = prev.y0 - line.y0
    usual = pitch.get(round(line.size), 1.2 * line.size)
    if distance > 1.3 * usual or distance < 0:
        return True
    if _LIST_MARKER.match(line.text):
        return True
    step = 0.8 * line.size
    hanging = len(paragraph) == 1 and _LIST_MARKER.match(prev.text)  # "• text" over "  more text"
    if line.x0 > prev.x0 + step and not hanging:  # a first-line indent, or the start of an indented quotation
        return True
    if line.x0 < prev.x0 - step and len(paragraph) > 1:  # back to the margin after a quotation or list item
        return True
    if line.text[0].islower():
        return False
    left, right = edges[line.column]
    shortfall = (right - prev.x1) / max(right - left, 1.0)
    # a heading, a stamp or a date line; or the last line of a paragraph, which ends a sentence
    return shortfall > 0.35 or (shortfall > 0.12 and prev.text.endswith(_SENTENCE_END))


def _runs_to_edge(line: _Line, edge: tuple[float, float]) -> bool:
    """Whether a line fills its column: only then can its paragraph go on after a page or column break."""
    left, right = edge
    return right - line.x1 <= 0.2 * (right - left)


def _joined(lines) -> str:
    text = ""
    for line in lines:
        text = _join(text, line) if text else line
    return text


def _join(before: str, after: str) -> str:
    """Two lines as one: "govern-" + "ment" is "government", "Soviet-" + "American" keeps its hyphen."""
    if before.endswith(_HYPHENS) and len(before) > 1 and before[-2].isalpha():
        if after[:1].islower():
            return before[:-1] + after
        return before[:-1] + "-" + after
    if before.endswith("—"):  # an em dash is set close: "the missiles—which"
        return before + after
    return f"{before} {after}"


def _continued_paragraphs_joined(pages: list[list[_Block]]) -> list[list[str]]:
    """A paragraph cut by a page break is joined to its start, and stays on the page where it began."""
    out: list[list[str]] = []
    last: list[str] = []  # the paragraphs of the last page that had any
    open_end = False
    for blocks in pages:
        blocks = list(blocks)
        if last and blocks and open_end and _continues(last[-1], blocks[0].text):
            rest = blocks.pop(0)
            last[-1] = _join(last[-1], rest.text)
            open_end = rest.open_end
        texts = [block.text for block in blocks]
        out.append(texts)
        if blocks:
            last, open_end = texts, blocks[-1].open_end
    return out


def _continues(before: str, after: str) -> bool:
    """Whether text cut by a page or column break goes on: no sentence end before, lowercase after."""
    return not before.endswith(_SENTENCE_END) and after[:1].islower()


def page_text(labels: list[str], pages: list[list[str]]) -> str:
    """The paragraphs of each page as the text parser reads them: a ``[Page N]`` line before each page."""
    parts = [f"[Page {label}]\n\n" + "\n\n".join(blocks) for label, blocks in zip(labels, pages, strict=False) if blocks]
    return "\n\n".join(parts) + "\n"


# -- page labels and document info ---------------------------------------------------------------------


def _page_labels(pages) -> list[str]:
    """The printed page numbers if the PDF declares them (/PageLabels) as plain numbers, else 1, 2, 3...

    Roman or prefixed labels ("iv", "A-3") are not used: the parser reads only numbers in a "[Page N]" line.
    """
    labels = [getattr(page, "label", None) for page in pages]
    if all(isinstance(label, str) and re.fullmatch(r"\d{1,4}", label) for label in labels):
        return labels
    return [str(n) for n in range(1, len(pages) + 1)]


def _info(document) -> dict[str, str]:
    """Title, author, subject, date and producer from the PDF's document info, when they are filled in."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    merged: dict = {}
    for info in document.info:
        merged.update(resolve1(info) or {})
    out: dict[str, str] = {}
    for key, name in (("Title", "title"), ("Author", "author"), ("Subject", "subject"),
                      ("CreationDate", "date"), ("Producer", "producer")):
        value = resolve1(merged.get(key))
        text = decode_text(value) if isinstance(value, bytes) else str(value or "")
        text = clean_text(text)
        if name == "date":
            text = _iso_date(text) or ""
        if text:
            out[name] = text
    return out


def _iso_date(value: str) -> str | None:
    """ "D:19621027093000-05'00'" -> "1962-10-27"; None when it is not such a date."""
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None
