"""Word processors' files: Word (.docx), OpenDocument (.odt) and RTF.

Each is read with a library (docx2python for Word: unlike python-docx it reads footnotes and endnotes; odfdo
for OpenDocument; striprtf for RTF's text) into the same shape: the paragraphs in order (headings, list items
and table rows among them), a ``[n]`` where a footnote or endnote is cited, the notes, the lines of the page
header and footer (where stamps such as SECRET stand), and the file's properties. That text then goes through
the text parser, which tells the title, date, classification and notes as it does for any text; the
properties fill in what the text does not say, once checked for junk (:mod:`.properties`). Footnotes and
endnotes are both footnotes; when a file has both, the endnotes are numbered on after the footnotes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..errors import SourceError
from ..model import Document
from .properties import plausible_date, plausible_title

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—\s]*\d{1,4}[-–—\s]*(?:(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)


@dataclass
class Written:
    """What a word processor's file holds, before the text parser reads it."""

    paragraphs: list[str] = field(default_factory=list)  # in order, with "[n]" where a note is cited
    notes: list[tuple[str, str]] = field(default_factory=list)  # (number, text)
    running: list[str] = field(default_factory=list)  # page header and footer lines
    styled_title: str = ""  # a paragraph the author styled as the title
    title: str = ""  # the title property
    people: tuple[str, ...] = ()  # author, last editor: a title equal to one of them is junk
    dates: tuple = ()  # property dates: when it was created (the last save is never the document's date)

    def text(self) -> str:
        running = list(dict.fromkeys(line for line in self.running
                                     if line and len(line) <= 80 and not _PAGE_NUMBER.match(line)))
        parts = running + [p for p in self.paragraphs if p.strip()]
        notes = [f"[{number}] {text}" for number, text in self.notes if text.strip()]
        return "\n\n".join(parts + notes) + "\n"


def written_document(written: Written, doc_id: str, source: str, fmt: str, file_days: frozenset[date]) -> Document:
    """The text parser's reading of the text, with the title and date the properties give where it has none."""
    from .text import parse_text

    title = written.styled_title or plausible_title(written.title, written.people)
    text = written.text()
    if title and not written.styled_title and _first_line(text) != title.casefold():
        text = f"{title}\n\n{text}"  # the title the properties give heads the text: no line of it is taken instead
    doc = parse_text(text, doc_id, source, fmt)
    fill: dict = {}
    if title:
        fill["title"] = title
    if doc.date is None:
        for value in written.dates:
            found = plausible_date(value, file_days)
            if found:
                fill["date"] = found
                break
    return replace(doc, **fill)


def _first_line(text: str) -> str:
    return next((line.strip().casefold() for line in text.splitlines() if line.strip()), "")


# -- Word ------------------------------------------------------------------------------------------------
_DOCX_NOTE_MARK = re.compile(r"----(footnote|endnote)(\d+)----")
_DOCX_NOTE_START = re.compile(r"^(footnote|endnote)(\d+)\)\s*")
_DOCX_OTHER_MARK = re.compile(r"----(?:media/[^\s]+?|Image alt text---->.*?<)----")
_TITLE_STYLES = re.compile(r"^(?:title|заголовок|titel|titre)$", re.IGNORECASE)
_HEADING_STYLES = re.compile(r"^(?:heading|заголовок|überschrift|titre)\s*\d", re.IGNORECASE)


def read_docx(data: bytes, doc_id: str, source: str, file_days: frozenset[date] = frozenset()) -> Document:
    from docx2python import docx2python

    try:
        with docx2python(io.BytesIO(data)) as content:
            body = content.body_pars
            footnotes, endnotes = content.footnotes_pars, content.endnotes_pars
            running = [_par_text(p) for part in (content.header_pars, content.footer_pars) for p in _pars(part)]
            properties = content.core_properties
    except KeyError as e:
        raise SourceError(source, f"damaged Word file: it has no {e} part") from None
    except Exception as e:  # noqa: BLE001 - a damaged file makes the zip and XML layers raise almost anything
        raise SourceError(source, f"damaged Word file ({type(e).__name__}: {e})") from None
    notes_by_kind = {"footnote": _docx_notes(footnotes, "footnote"), "endnote": _docx_notes(endnotes, "endnote")}
    numbers = _note_numbers(notes_by_kind["footnote"], notes_by_kind["endnote"])
    written = Written(running=running)
    for number in numbers.values():
        kind, original = number[1]
        written.notes.append((number[0], notes_by_kind[kind][original]))
    for table in body:
        for row in table:
            cells = [[_par for _par in cell] for cell in row]
            pars = [p for cell in cells for p in cell]
            in_table = bool(pars) and len(pars[0].lineage) > 1 and pars[0].lineage[1] == "tbl"
            if in_table and len(cells) > 1:
                texts = [" ".join(t for t in (_mark_notes(_par_text(p), numbers) for p in cell) if t) for cell in cells]
                row_text = " | ".join(t for t in texts if t)
                if row_text:
                    written.paragraphs.append(row_text)
                continue
            for par in pars:
                text = _mark_notes(_par_text(par), numbers)
                if not text:
                    continue
                if _TITLE_STYLES.match(par.style or "") and not written.styled_title:
                    written.styled_title = text
                written.paragraphs.append(text)
    properties = properties or {}
    written.title = properties.get("title") or ""
    written.people = (properties.get("creator"), properties.get("lastModifiedBy"))
    written.dates = (properties.get("created"),)
    return written_document(written, doc_id, source, "docx", file_days)


def _pars(tree):
    """The paragraphs of docx2python's nested lists, in order."""
    if isinstance(tree, list):
        for item in tree:
            yield from _pars(item)
    elif tree is not None:
        yield tree


def _par_text(par) -> str:
    text = "".join(run.text for run in par.runs)
    return re.sub(r"[ \t]+", " ", _DOCX_OTHER_MARK.sub("", text)).strip()


def _docx_notes(tree, kind: str) -> dict[str, str]:
    """Note number (as Word counts them) -> text, from docx2python's footnote or endnote paragraphs."""
    notes: dict[str, list[str]] = {}
    current = None
    for par in _pars(tree):
        text = "".join(run.text for run in par.runs)
        m = _DOCX_NOTE_START.match(text)
        if m and m.group(1) == kind:
            current = m.group(2)
            text = text[m.end():]
        if current is not None and text.strip():
            notes.setdefault(current, []).append(re.sub(r"\s+", " ", _DOCX_OTHER_MARK.sub("", text)).strip())
    return {number: " ".join(parts) for number, parts in notes.items()}


def _note_numbers(footnotes: dict[str, str], endnotes: dict[str, str]) -> dict[tuple[str, str], tuple[str, tuple]]:
    """(kind, Word's number) -> (the number the text shows, (kind, Word's number)): endnotes numbered on after
    the footnotes when a file has both."""
    numbers = {("footnote", n): (n, ("footnote", n)) for n in sorted(footnotes, key=int)}
    offset = max((int(n) for n in footnotes), default=0)
    for n in sorted(endnotes, key=int):
        numbers[("endnote", n)] = (str(int(n) + offset), ("endnote", n))
    return numbers


def _mark_notes(text: str, numbers: dict) -> str:
    def mark(m: re.Match) -> str:
        found = numbers.get((m.group(1), m.group(2)))
        return f"[{found[0]}]" if found else ""

    return _DOCX_NOTE_MARK.sub(mark, text).strip()


# -- OpenDocument ----------------------------------------------------------------------------------------


def read_odt(data: bytes, doc_id: str, source: str, file_days: frozenset[date] = frozenset()) -> Document:
    import odfdo

    try:
        document = odfdo.Document(io.BytesIO(data))
        if document.get_type() not in ("text", "text-template"):
            raise SourceError(source, f"an OpenDocument {document.get_type()}, not a text document", "unsupported")
        body = document.body
        elements = body.get_elements("descendant::text:h | descendant::text:p")
        meta = document.meta
        written = Written(title=meta.get_title() or "",
                          people=(meta.get_initial_creator(), meta.get_creator()),
                          dates=(meta.get_creation_date(),))
        context = {"document": document, "footnotes": [], "endnotes": [], "annotations": [], "rst_mode": False,
                   "img_counter": 0, "images": [], "no_img_level": 0}
        numbered = 0
        for element in elements:
            if _inside_note(element):
                continue
            copy = element.clone
            for note in copy.get_notes():
                numbered += 1
                written.notes.append((str(numbered), re.sub(r"\s+", " ", _note_body_text(note)).strip()))
                note.note_class = "footnote"
                note.citation = str(numbered)
                note.note_body = ""
            text = re.sub(r"[ \t]+", " ", copy.get_formatted_text(context)).strip()
            if not text:
                continue
            style = element.get_attribute("text:style-name") or ""
            if not written.styled_title and (_TITLE_STYLES.match(str(style)) or element.tag == "text:title"):
                written.styled_title = text
            written.paragraphs.append(text)
    except SourceError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged file makes the zip and XML layers raise almost anything
        raise SourceError(source, f"damaged OpenDocument file ({type(e).__name__}: {e})") from None
    return written_document(written, doc_id, source, "odt", file_days)


def _inside_note(element) -> bool:
    parent = element.parent
    while parent is not None:
        if parent.tag == "text:note":
            return True
        parent = parent.parent
    return False


def _note_body_text(note) -> str:
    body = note.get_element("text:note-body")
    return body.text_recursive if body is not None else ""


# -- RTF -------------------------------------------------------------------------------------------------
_RTF_CODEPAGE = re.compile(r"\\ansicpg(\d+)")
_RTF_INFO_TEXT = re.compile(r"\{\\(title|author|operator|subject)\s+((?:[^{}\\]|\\[^a-z]|\\[a-z]+-?\d* ?)*)\}")
_RTF_TIME = re.compile(r"\{\\(creatim|revtim)((?:\\[a-z]+\d+\s*)+)\}")


def read_rtf(data: bytes, doc_id: str, source: str, file_days: frozenset[date] = frozenset()) -> Document:
    from striprtf.striprtf import rtf_to_text

    raw = data.decode("latin-1")
    codepage = _RTF_CODEPAGE.search(raw[:4096])
    encoding = f"cp{codepage.group(1)}" if codepage else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    info, raw = _take_group(raw, "info")
    notes_raw: list[str] = []

    def note(group: str) -> str:
        notes_raw.append(group)
        return f"[{len(notes_raw)}]"

    raw = _replace_groups(raw, "footnote", note)
    raw = re.sub(r"\{\\super\s*\\chftn\s*\}|\\chftn\b", "", raw)  # the automatic note number: ours replaces it
    running: list[str] = []
    for name in ("header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf"):
        raw = _replace_groups(raw, name, lambda group: running.append(group) or "")
    try:
        text = rtf_to_text(raw, encoding=encoding, errors="replace")
        notes = [rtf_to_text(_as_document(group), encoding=encoding, errors="replace") for group in notes_raw]
        running_text = [rtf_to_text(_as_document(group), encoding=encoding, errors="replace") for group in running]
    except Exception as e:  # noqa: BLE001 - striprtf raises what its regular expressions meet
        raise SourceError(source, f"damaged RTF file ({type(e).__name__}: {e})") from None
    written = Written(paragraphs=[p for p in re.split(r"\n\s*\n|\n", text)],
                      notes=[(str(n), re.sub(r"\s+", " ", t).strip()) for n, t in enumerate(notes, 1)],
                      running=[line.strip() for t in running_text for line in t.splitlines()])
    if info:
        fields = {m.group(1): rtf_to_text("{\\rtf1 " + m.group(2) + "}", encoding=encoding, errors="replace").strip()
                  for m in _RTF_INFO_TEXT.finditer(info)}
        times = {m.group(1): _rtf_date(m.group(2)) for m in _RTF_TIME.finditer(info)}
        written.title = fields.get("title", "")
        written.people = (fields.get("author"), fields.get("operator"))
        written.dates = (times.get("creatim"),)
    return written_document(written, doc_id, source, "rtf", file_days)


def _as_document(group: str) -> str:
    """A destination group (``{\\footnote ...}``) as a document of its own, for striprtf to read."""
    return "{\\rtf1 " + re.sub(r"^\{(?:\\\*)?\\[a-z]+", "", group)


def _rtf_date(words: str) -> date | None:
    parts = dict(re.findall(r"\\([a-z]+)(\d+)", words))
    try:
        return date(int(parts["yr"]), int(parts.get("mo", 1)), int(parts.get("dy", 1)))
    except (KeyError, ValueError):
        return None


def _group_end(raw: str, start: int) -> int:
    """The index just past the group that opens with the brace at ``start`` (escaped braces skipped)."""
    depth = 0
    i = start
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(raw)


def _group_starts(raw: str, name: str):
    return re.finditer(r"\{\\\*?\\?" + name + r"(?![a-z])", raw)


def _take_group(raw: str, name: str) -> tuple[str, str]:
    """The first ``{\\name ...}`` group and the text without it."""
    m = next(_group_starts(raw, name), None)
    if m is None:
        return "", raw
    end = _group_end(raw, m.start())
    return raw[m.start():end], raw[:m.start()] + raw[end:]


def _replace_groups(raw: str, name: str, replace_with) -> str:
    out = []
    pos = 0
    for m in _group_starts(raw, name):
        if m.start() < pos:
            continue  # inside a group already replaced
        end = _group_end(raw, m.start())
        out.append(raw[pos:m.start()])
        out.append(replace_with(raw[m.start():end]))
        pos = end
    out.append(raw[pos:])
    return "".join(out)
