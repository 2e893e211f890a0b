"""Read one source file into its documents, whatever its format.

The format is told by the content, the file name only breaking ties: a PDF is a PDF by its ``%PDF``
header, a TEI edition by its root element, a web page by its doctype or ``<html>`` element, even when
they are named ``.txt``; a ZIP by what it holds (a Word, OpenDocument or EPUB file is a ZIP too); anything
else is text (Markdown when named ``.md``; LaTeX or reStructuredText when so named or when its head is written in
their markup). Each format has its reader:

- **tei** (:mod:`.tei`): one document per ``div[@type='document']`` of the edition;
- **html** (:mod:`.webpage`): the page's main text, then the text parser;
- **pdf** (:mod:`.pdf`): the text layer's paragraphs and pages, then the text parser; pages that are only an
  image are read by OCR (:mod:`.scans`);
- **docx**, **odt**, **rtf** (:mod:`.office`), **epub** (:mod:`.epub`: a document per chapter), **email**
  (:mod:`.mail`);
- **scan** (:mod:`.scans`): PNG, JPEG and TIFF images read by Tesseract;
- **zip**, **mbox**, and an e-mail's attachments (:mod:`.containers`): each member read as the file it is;
- **text**, **markdown** (:mod:`.text`): the line-kind parser, with optional front matter;
- **latex**, **rst**, **asciidoc** (:mod:`.markup`): LaTeX, reStructuredText and AsciiDoc source, their markup read,
  then the text parser.

Then, for every format, a sidecar file (``NAME.meta.json`` / ``.yaml`` beside the source) overrides
metadata, and each document is given the language its text is written in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import SourceError
from ..model import Document, SkippedFile
from .sources import SOURCE_SUFFIXES, decode, read_bytes, read_head, sidecar_for

if TYPE_CHECKING:
    from .tesseract import Tesseract

FORMATS = ("text", "markdown", "latex", "rst", "asciidoc", "html", "tei", "pdf", "docx", "odt", "rtf", "epub", "email", "scan",
           "table")
CONTAINERS = ("zip", "mbox", "email")
MAX_CONTAINER_BYTES = 4 * 1024 * 1024 * 1024  # a ZIP or mbox is read from disk a member at a time
_TEXT_NAMES = (".txt", ".text", ".md", ".markdown", ".csv", ".tsv", ".tex", ".latex", ".ltx", ".rst", ".rest", ".adoc",
               ".asciidoc", ".asc")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def display_path(path: str) -> str:
    """A path as the user will read it: relative to the working folder when it is inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def sniff_format(path: str, data: bytes) -> str:
    """``pdf``, ``tei``, ``html``, ``xml`` (XML that is not TEI), ``zip`` (or a format that is one: see
    :func:`.containers.zip_kind`), ``rtf``, ``email``, ``mbox``, ``scan``, ``table`` (CSV, TSV), ``latex``, ``rst``
    (reStructuredText), ``asciidoc``, ``markdown`` or ``text``."""
    from .mail import looks_like_email, looks_like_mbox
    from .tesseract import is_image

    head = data[:8192]
    suffix = Path(path).suffix.lower()
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    # binary formats named as text are refused as binary by the text decoder, as they always were
    if suffix not in _TEXT_NAMES:
        if head.startswith(_ZIP_MAGIC):
            return "zip"
        if is_image(head):
            return "scan"
        if head.lstrip()[:5] == b"{\\rtf":
            return "rtf"
        if looks_like_mbox(head) and suffix in (".mbox", ".mbx", ""):
            return "mbox"
        if suffix == ".eml" or (suffix not in SOURCE_SUFFIXES and looks_like_email(head)):
            return "email"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        from .tei import is_tei
        from .webpage import looks_like_html

        if is_tei(head):
            return "tei"
        text = _head_text(head)
        if looks_like_html(text):
            return "html"
        if text.lstrip("\ufeff \t\r\n").startswith("<?xml"):
            return "xml"
    known = SOURCE_SUFFIXES.get(suffix, "text")
    if known in ("latex", "rst", "asciidoc", "table", "markdown"):
        return known
    from .markup import (
        looks_like_asciidoc,
        looks_like_latex,
        looks_like_rst,
        rst_by_name,
    )

    text = _head_text(head)
    if looks_like_latex(text):
        return "latex"
    if rst_by_name(path) or looks_like_rst(text):
        return "rst"
    if looks_like_asciidoc(text):
        return "asciidoc"
    if _tab_table(text):
        return "table"
    return "text"


_TEXT_COLUMNS = {"text", "body", "full text", "fulltext", "transcript", "transcription", "content", "document text"}


def _tab_table(text: str) -> bool:
    """A spreadsheet saved as tab-delimited text (Excel's "Text (Tab delimited)", named .txt): a header row of three
    columns or more, two of them labels a catalogue uses (Title, Date...), and a row below it."""
    from ..vocabulary.labels import field_of

    lines = text.lstrip("\ufeff").split("\n")
    header = lines[0].rstrip("\r").split("\t")
    if len(header) < 3 or len(lines) < 2:
        return False
    cells = [cell.strip().strip('"') for cell in header]
    known = sum(1 for cell in cells if cell and field_of(cell) is not None)
    if known < 2 or lines[1].count("\t") < max(2, (len(header) - 1) // 2):  # (a quoted cell may span lines)
        return False
    # the text in a column of its own, or rows that go on: a record's row pasted above the text is a head
    rows = sum(1 for line in lines[1:40] if line.count("\t") >= max(2, (len(header) - 1) // 2))
    if any(cell.lower() in _TEXT_COLUMNS for cell in cells):
        return True
    # rows that go on under one header; a header repeated over each text is a file of records, each a head
    return rows >= 3 and sum(1 for line in lines if line.rstrip("\r") == lines[0].rstrip("\r")) == 1


def _head_text(head: bytes) -> str:
    for codec in ("utf-8", "utf-16"):
        try:
            return head.decode(codec, errors="ignore" if codec == "utf-8" else "strict")
        except UnicodeDecodeError:
            continue
    return head.decode("latin-1")


@dataclass
class ReadOptions:
    """How to read sources: ``encoding`` for text files that are not UTF-8, and ``ocr`` (a :class:`Tesseract`)
    for scans; without it a scan is skipped as needing OCR."""

    encoding: str | None = None
    ocr: Tesseract | None = None
    ocr_photos: bool = False  # also read the photos of a Tropy project's items by OCR


@dataclass
class FileContents:
    """What one source file gave: its documents, the members of it passed over, the OCR pages it used."""

    documents: list[Document]
    skipped: list[SkippedFile] = field(default_factory=list)
    ocr_pages: list[str] = field(default_factory=list)  # cache keys of its OCR'd pages
    container: str = ""  # "zip" or "mbox" for a file of files


def read_documents(path: str, encoding: str | None = None, ocr: Tesseract | None = None) -> list[Document]:
    """Parse one source file into its documents; SourceError (naming the file) when it cannot be read."""
    contents = read_file(path, ReadOptions(encoding, ocr))
    if not contents.documents:
        first = contents.skipped[0]
        raise SourceError(first.path, first.reason, first.kind)
    return contents.documents


def read_file(path: str, options: ReadOptions | None = None, *, finish: bool = True) -> FileContents:
    """Read one source file: its documents, and the members of a container that could not be read. Raises
    SourceError (naming the file) when the file itself cannot be read, or gives no document and no reason.
    ``finish=False`` leaves out what a document made of several files gets once for all of them (its language,
    the references it makes, a sidecar's metadata): a library item's attachment."""
    options = options or ReadOptions()
    display = display_path(path)
    stem = Path(path).stem
    reading = _Reading(options, display)
    if options.ocr is not None:
        options.ocr.wait_for(path)  # a scan read ahead by the build
    try:
        reading.days = _file_days(path)
        head = read_head(path)
        fmt = sniff_format(path, head) if head.strip() else "text"
        if fmt in ("zip", "mbox"):
            size = os.path.getsize(path)
            if size > MAX_CONTAINER_BYTES:
                raise SourceError(display, f"file too large ({size // (1024 * 1024)} MB; the limit of a ZIP or mbox "
                                           f"is {MAX_CONTAINER_BYTES // (1024 * 1024)} MB)", "too-large")
            docs = reading.container(fmt, None, path, display, stem, 0)
        else:
            docs = reading.read(read_bytes(path), path, display, stem, 0)
        overrides = _sidecar(path, display) if finish else {}
    except SourceError as e:
        raise SourceError(display if e.path in (path, display, "") else e.path, e.reason, e.kind) from e
    except OSError as e:
        raise SourceError(display, e.strerror or str(e), "unreadable") from e
    if finish:
        docs = [_finish(doc, overrides, multiple=len(docs) > 1) for doc in docs]
    docs = _unique_ids([d for d in docs if d.paragraphs])
    if not docs and not reading.skipped:
        raise SourceError(display, "no body text found", "empty")
    return FileContents(docs, reading.skipped, reading.ocr_pages, reading.container_format)


def _file_days(path: str) -> frozenset[date]:
    """The days a file was written and copied here: a property date on one of them is the file's, not the
    document's."""
    st = os.stat(path)
    return frozenset(date.fromtimestamp(t) for t in (st.st_mtime, st.st_ctime))


def _unique_ids(docs: list[Document]) -> list[Document]:
    seen: dict[str, int] = {}
    out = []
    for doc in docs:
        n = seen.get(doc.doc_id, 0) + 1
        seen[doc.doc_id] = n
        out.append(doc if n == 1 else replace(doc, doc_id=f"{doc.doc_id}-{n}"))
    return out


class _Reading:
    """The reading of one source file: every format's reader, members of containers within the limits."""

    def __init__(self, options: ReadOptions, display: str):
        from .containers import Budget

        self.options = options
        self.display = display
        self.budget = Budget()
        self.ocr_pages: list[str] = []
        self.days: frozenset[date] = frozenset()
        self.container_format = ""  # "zip" or "mbox" when the file itself is one

    @property
    def skipped(self) -> list[SkippedFile]:
        return self.budget.skipped

    def read(self, data: bytes, name: str, display: str, doc_id: str, depth: int,
             days: frozenset[date] | None = None) -> list[Document]:
        """The documents of one file (or member) of any format."""
        days = self.days if days is None else days
        fmt = sniff_format(name, data)
        claimed = SOURCE_SUFFIXES.get(PurePosixPath(name).suffix.lower())
        if fmt in ("text", "markdown") and claimed in _BINARY_FORMATS:
            raise SourceError(display, f"damaged, or not {_BINARY_FORMATS[claimed]}: its content is not one")
        if fmt in ("zip", "mbox", "email"):
            return self.container(fmt, data, None, display, doc_id, depth)
        if fmt == "pdf":
            return self._pdf(data, doc_id, display)
        if fmt == "scan":
            from .scans import read_scan

            doc, keys = read_scan(data, _sha256(data), doc_id, display, self.options.ocr)
            self.ocr_pages.extend(keys)
            return [doc]
        if fmt == "tei":
            from .tei import parse_tei

            return parse_tei(data, display, doc_id)
        if fmt == "xml":
            raise SourceError(display, "XML that is not TEI (only TEI editions are read from XML)", "unsupported")
        if fmt == "html":
            return [_read_html(data, doc_id, display, self.options.encoding)]
        if fmt == "rtf":
            from .office import read_rtf

            return [read_rtf(data, doc_id, display, days)]
        from .text import parse_text_documents

        text, _ = decode(data, display, self.options.encoding)
        if fmt == "table":
            from .table import read_table

            return read_table(text, doc_id, display, name)
        if fmt in ("latex", "rst", "asciidoc"):
            from .markup import read_asciidoc, read_latex, read_rst

            reader = {"latex": read_latex, "rst": read_rst, "asciidoc": read_asciidoc}[fmt]
            return reader(text, doc_id, display, days)
        return parse_text_documents(text, doc_id, display, fmt)

    def container(self, fmt: str, data: bytes | None, path: str | None, display: str, doc_id: str,
                  depth: int) -> list[Document]:
        """The documents of a ZIP (or a file that is one: Word, OpenDocument, EPUB), an mbox or an e-mail."""
        from .containers import (
            MAX_DEPTH,
            check_package,
            open_zip,
            zip_kind,
            zip_members,
        )

        if fmt == "email":
            return self._message(data, display, doc_id, depth)
        if depth >= MAX_DEPTH:
            raise SourceError(display, f"a {fmt.upper() if fmt == 'zip' else fmt} nested {depth} containers deep "
                                       f"(the limit is {MAX_DEPTH}): not unpacked", "too-large")
        if depth == 0 and fmt in ("zip", "mbox"):
            self.container_format = fmt
        if fmt == "mbox":
            from .mail import mbox_messages

            docs = []
            for n, message in enumerate(mbox_messages(path, data), 1):
                docs += self.member(message, f"{n}.eml", f"{display}/{n}", doc_id, depth + 1)
            if not docs and not self.skipped:
                raise SourceError(display, "an mbox without messages", "empty")
            return docs
        with open_zip(data, path, display, _BINARY_FORMATS.get(SOURCE_SUFFIXES.get(PurePosixPath(display).suffix.lower(), ""),
                                                              "a ZIP archive")) as archive:
            kind = zip_kind(archive)
            if kind in ("docx", "odt", "epub"):
                if depth == 0:
                    self.container_format = ""  # a Word, OpenDocument or EPUB file: its documents' format
                check_package(archive, display, kind)
                if data is None:
                    data = read_bytes(path)
                return self._package(kind, data, display, doc_id)
            if kind != "zip":
                raise SourceError(display, f"unsupported type: {_KIND_NAMES.get(kind, kind)}", "unsupported")
            docs = []
            for member in zip_members(archive, display, self.budget):
                docs += self.member(member.data, member.name, f"{display}/{member.name}", doc_id, depth + 1,
                                    member.days)
        if not docs and not self.skipped:
            raise SourceError(display, "a ZIP archive without any file to read", "empty")
        return docs

    def member(self, data: bytes, name: str, display: str, container_id: str, depth: int,
               days: frozenset[date] = frozenset()) -> list[Document]:
        """A member's documents, or none when it is skipped (the reason goes into the file's skips). Their ids
        start with the container's: ``bundle/release-2025/memo-a``."""
        from .containers import guess_format
        from .sources import UNSUPPORTED

        suffix = PurePosixPath(name).suffix.lower()
        doc_id = f"{container_id}/{PurePosixPath(name).with_suffix('') if suffix else name}"
        try:
            if not data.strip():
                raise SourceError(display, "empty file", "empty")
            if suffix in UNSUPPORTED or (suffix not in SOURCE_SUFFIXES
                                         and sniff_format(name, data) in ("text", "markdown", "xml")):
                what = UNSUPPORTED.get(suffix) or (f"{suffix} files are not read" if suffix else "no file extension")
                raise SourceError(display, f"unsupported type: {what}", "unsupported")
            docs = self.read(data, name, display, doc_id, depth, days)
            docs = [doc for doc in docs if doc.paragraphs]
            if not docs:
                raise SourceError(display, "no body text found", "empty")
        except SourceError as e:
            self.skipped.append(SkippedFile(e.path or display, e.reason, guess_format(name), kind=e.kind))
            return []
        from ..analysis.languages import dominant_language

        prefix = f"{container_id}/"
        docs = [doc if doc.doc_id.startswith(prefix) else replace(doc, doc_id=prefix + doc.doc_id) for doc in docs]
        return [doc if doc.language else replace(doc, language=dominant_language([p.text for p in doc.paragraphs]))
                for doc in docs]

    def _message(self, data: bytes | None, display: str, doc_id: str, depth: int) -> list[Document]:
        from .containers import MAX_DEPTH
        from .mail import parse_message, read_message

        doc, attachments = read_message(parse_message(data or b""), doc_id, display)
        docs = [doc] if doc is not None else []
        for attachment in attachments:
            shown = f"{display}/{attachment.name}"
            if depth + 1 > MAX_DEPTH:
                self.skipped.append(SkippedFile(shown, f"an attachment nested {depth + 1} containers deep (the limit "
                                                       f"is {MAX_DEPTH}): not read", kind="too-large"))
                continue
            try:
                self.budget.take(len(attachment.data), shown)
            except SourceError as e:
                self.skipped.append(SkippedFile(e.path, e.reason, kind=e.kind))
                continue
            docs += self.member(attachment.data, attachment.name, shown, doc_id, depth + 1)
        if not docs and not self.skipped:
            raise SourceError(display, "an e-mail message without text or attachments", "empty")
        return docs

    def _package(self, kind: str, data: bytes, display: str, doc_id: str) -> list[Document]:
        if kind == "epub":
            from .epub import read_epub

            return read_epub(data, doc_id, display, self.days)
        from .office import read_docx, read_odt

        return [(read_docx if kind == "docx" else read_odt)(data, doc_id, display, self.days)]

    def _pdf(self, data: bytes, doc_id: str, display: str) -> list[Document]:
        ocr = self.options.ocr
        usable = ocr is not None and not ocr.problem
        try:
            docs = _read_pdf(data, doc_id, display, self if usable else None)
        except SourceError as e:
            if e.kind == "needs-ocr" and ocr is not None and ocr.problem:
                raise SourceError(e.path, f"{e.reason}: {ocr.problem}", e.kind) from None
            raise
        return docs


_BINARY_FORMATS = {"scan": "a PNG, JPEG or TIFF image", "docx": "a Word file", "odt": "an OpenDocument file",
                   "epub": "an EPUB", "zip": "a ZIP archive"}
_KIND_NAMES = {"xlsx": "an Excel spreadsheet (.xlsx)", "pptx": "a PowerPoint presentation (.pptx)",
               "opendocument spreadsheet": "an OpenDocument spreadsheet (.ods)",
               "opendocument presentation": "an OpenDocument presentation (.odp)"}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_pdf(data: bytes, stem: str, display: str, reading: _Reading | None = None) -> list[Document]:
    """The documents of a PDF's text layer (one, or each a release of many holds); with ``reading`` (OCR at hand),
    its pages that are only an image are read by OCR."""
    from .pdf import extract_pdf, page_text
    from .text import parse_text_documents

    pdf = extract_pdf(data, display, scans=reading is not None)
    text = pdf.text
    if reading is not None and pdf.blank:
        from .ocr import parse_ocr_documents, read_ocr_pages
        from .scans import read_pdf_pages
        from .tesseract import page_key

        ocr = reading.options.ocr
        sha = _sha256(data)
        scanned = read_pdf_pages(ocr, data, sha, list(pdf.blank), display)
        if not any(text.strip() for text in scanned.values()) and not any(pdf.blocks):
            raise SourceError(display, "no text layer, and OCR found no text on its pages", "empty")
        reading.ocr_pages.extend(page_key(sha, str(page), ocr.languages) for page in scanned)
        if not any(pdf.blocks):  # a scan, all of it: the OCR handling reads it whole
            docs = parse_ocr_documents([(pdf.labels[i], scanned[i]) for i in range(pdf.pages) if i in scanned],
                                       stem, display, "pdf")
            return _pdf_title(docs, stem, pdf.info)
        # a PDF of typed pages and scanned ones: each scanned page's paragraphs in its place
        pages = [list(blocks) or [text for text, _ in read_ocr_pages([(pdf.labels[i], scanned.get(i, ""))]).paragraphs]
                 for i, blocks in enumerate(pdf.blocks)]
        text = page_text(list(pdf.labels), pages)
    elif not any(pdf.blocks):
        raise SourceError(display, "no text layer (needs OCR)", "needs-ocr")
    return _pdf_title(parse_text_documents(text, stem, display, "pdf"), stem, pdf.info)


def _pdf_title(docs: list[Document], stem: str, info: dict) -> list[Document]:
    """The PDF's Title for a PDF of one document whose text gives none (a release of many has one per record)."""
    from .properties import plausible_title

    # a PDF's Title is often the name of the file it was made from ("Microsoft Word - cable.doc")
    title = plausible_title(info.get("title", ""), (info.get("author"),))
    if len(docs) == 1 and docs[0].title == stem and title:
        return [replace(docs[0], title=title)]
    return docs


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _read_html(data: bytes, stem: str, display: str, encoding: str | None) -> Document:
    """A web page: the encoding its <meta> declares (else detected), its main text through the text parser,
    and what its markup says filled in where the text said nothing."""
    from ..vocabulary.dates import parse_date
    from ..vocabulary.language_names import language_code
    from .text import parse_text
    from .webpage import read_page

    declared = _CHARSET.search(data[:4096])
    text = None
    if (not encoding and declared and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))
            and b"\x00" not in data):
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, _ = decode(data, display, encoding)
    page = read_page(text, display)
    doc = parse_text(page.text, stem, display, "html")
    fill: dict = {}
    if doc.title == stem and page.title:
        fill["title"] = page.title
    if doc.date is None and page.meta.get("date"):
        fill["date"] = parse_date(page.meta["date"])
    for key in ("url", "summary"):
        if not getattr(doc, key) and page.meta.get(key):
            fill[key] = page.meta[key]
    if page.meta.get("language"):
        fill["language"] = language_code(page.meta["language"])
    return replace(doc, **{k: v for k, v in fill.items() if v})


def _sidecar(path: str, display: str) -> dict:
    """The metadata a sidecar file gives, as Document fields."""
    from .text import load_yaml, metadata_fields, metadata_keys

    side = sidecar_for(path)
    if side is None:
        return {}
    import yaml

    try:
        raw = side.read_text(encoding="utf-8-sig")
        data = json.loads(raw) if side.suffix == ".json" else load_yaml(raw)
    except RecursionError as e:  # JSON nested deeper than Python's stack
        raise SourceError(display, f"cannot read its metadata file {side.name}: nested too deeply") from e
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
        raise SourceError(display, f"cannot read its metadata file {side.name}: {e}") from e
    if not isinstance(data, dict):
        raise SourceError(display, f"its metadata file {side.name} must hold 'key: value' pairs")
    data = metadata_keys(data)
    fields = metadata_fields(data, display)
    if "id" in data or "doc_id" in data:
        fields["doc_id"] = str(data.get("doc_id") or data.get("id"))
    return fields


def _finish(doc: Document, overrides: dict, multiple: bool) -> Document:
    """Apply sidecar metadata (a file of many documents keeps their own ids), detect the language and read the
    cross-references the text makes."""
    from ..analysis.languages import dominant_language

    if overrides:
        doc = replace(doc, **{k: v for k, v in overrides.items() if not (multiple and k == "doc_id")})
    if not doc.language:
        doc = replace(doc, language=dominant_language([p.text for p in doc.paragraphs]))
    from .references import find_references

    return replace(doc, references=find_references(doc))
