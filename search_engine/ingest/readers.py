"""Read one source file into its documents, whatever its format.

The format is told by the content, the file name only breaking ties: a PDF is a PDF by its ``%PDF``
header, a TEI edition by its root element, a web page by its doctype or ``<html>`` element, even when
they are named ``.txt``; anything else is text (Markdown when named ``.md``). Each format has its reader:

- **tei** (:mod:`.tei`): one document per ``div[@type='document']`` of the edition;
- **html** (:mod:`.webpage`): the page's main text, then the text parser;
- **pdf** (:mod:`.pdf`): the text layer's paragraphs and pages, then the text parser;
- **text**, **markdown** (:mod:`.text`): the line-kind parser, with optional front matter.

Then, for every format, a sidecar file (``NAME.meta.json`` / ``.yaml`` beside the source) overrides
metadata, and each document is given the language its text is written in.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from ..model import Document
from .sources import SOURCE_SUFFIXES, decode, read_bytes, sidecar_for

FORMATS = ("text", "markdown", "html", "tei", "pdf")


def display_path(path: str) -> str:
    """A path as the user will read it: relative to the working folder when it is inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def sniff_format(path: str, data: bytes) -> str:
    """``pdf``, ``tei``, ``html``, ``xml`` (XML that is not TEI), ``markdown`` or ``text``."""
    head = data[:8192]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
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
    suffix = SOURCE_SUFFIXES.get(Path(path).suffix.lower(), "text")
    return suffix if suffix in ("markdown", "text") else "text"


def _head_text(head: bytes) -> str:
    for codec in ("utf-8", "utf-16"):
        try:
            return head.decode(codec, errors="ignore" if codec == "utf-8" else "strict")
        except UnicodeDecodeError:
            continue
    return head.decode("latin-1")


def read_documents(path: str, encoding: str | None = None) -> list[Document]:
    """Parse one source file into its documents; SourceError (naming the file) when it cannot be read."""
    display = display_path(path)
    stem = Path(path).stem
    try:
        data = read_bytes(path)
        fmt = sniff_format(path, data)
        if fmt == "pdf":
            docs = [_read_pdf(data, stem, display)]
        elif fmt == "tei":
            from .tei import parse_tei

            docs = parse_tei(data, display, stem)
        elif fmt == "xml":
            raise SourceError(display, "XML that is not TEI (only TEI editions are read from XML)")
        elif fmt == "html":
            docs = [_read_html(data, stem, display, encoding)]
        else:
            from .text import parse_text

            text, _ = decode(data, display, encoding)
            docs = [parse_text(text, stem, display, fmt)]
        overrides = _sidecar(path, display)
    except SourceError as e:
        raise SourceError(display, e.reason) from e
    docs = [_finish(doc, overrides, multiple=len(docs) > 1) for doc in docs]
    docs = [d for d in docs if d.paragraphs]
    if not docs:
        raise SourceError(display, "no body text found")
    return docs


def _read_pdf(data: bytes, stem: str, display: str) -> Document:
    from .pdf import extract_pdf
    from .text import parse_text

    pdf = extract_pdf(data, display)
    doc = parse_text(pdf.text, stem, display, "pdf")
    info_title = pdf.info.get("title", "")
    # a PDF's Title is often the name of the file it was made from ("Microsoft Word - cable.doc")
    if doc.title == stem and info_title and not re.search(r"\.(docx?|odt|rtf|txt|tif+|jpe?g)$|^untitled$",
                                                          info_title, re.IGNORECASE):
        doc = replace(doc, title=info_title)
    return doc


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
    if not encoding and declared and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
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
