"""EPUB editions: each chapter of the reading order is a document.

An EPUB is a published volume, like a FRUS volume in TEI, and its chapters are what a search should return
by name: "Chapter 3. The Blockade", or "66. Telegram From the Embassy in the Soviet Union". So each chapter of
the spine is a document (``doc_id`` = the file's name and the chapter's number, ``edition-ch03``), titled by
the table of contents (else its first heading), read as a web page is (main text, notes, then the text
parser), and printed in its book: the book's ``dc:title`` is the container title, ``dc:creator`` its editors,
``dc:publisher`` and ``dc:date`` its imprint. A chapter's date is what its text says; the book's ``dc:date`` is
when the book was published, and is a document's date only when the book is one chapter long. The navigation
document and chapters outside the reading order (``linear="no"``: cover pages, pop-up notes) are not
documents; nor is a chapter without text.

The package is read with the standard library's zipfile and lxml, by the EPUB standard's own path
(``META-INF/container.xml`` -> the package document's metadata, manifest and spine -> the EPUB 3 navigation
document or the EPUB 2 NCX). The one maintained EPUB library for Python, EbookLib, is under the AGPL, which
this MIT-licensed engine does not take on.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import date
from posixpath import dirname, join, normpath

from ..errors import SourceError
from ..model import Document
from .properties import plausible_date, plausible_title

_NS = {"c": "urn:oasis:names:tc:opendocument:xmlns:container", "opf": "http://www.idpf.org/2007/opf",
       "dc": "http://purl.org/dc/elements/1.1/", "ncx": "http://www.daisy.org/z3986/2005/ncx/",
       "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


@dataclass(frozen=True)
class _Chapter:
    path: str  # inside the package
    data: bytes


def read_epub(data: bytes, stem: str, source: str, file_days: frozenset[date] = frozenset()) -> list[Document]:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            meta, chapters, toc = _package(package)
    except SourceError as e:
        raise SourceError(source, e.reason, e.kind) from None
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError) as e:
        raise SourceError(source, f"damaged EPUB ({type(e).__name__}: {e})") from None
    title = plausible_title(meta.get("title", ""))
    published = meta.get("date", "")
    docs = []
    for number, chapter in enumerate(chapters, 1):
        doc_id = f"{stem}-ch{number:02d}"
        try:
            doc = _chapter(chapter, doc_id, source)
        except SourceError:
            doc = None  # a chapter that is not XHTML text (a cover image page): the others are the book
        if doc is None:
            continue
        fill: dict = {"container_title": title, "editors": meta.get("creators", ()), "issued": published,
                      "publisher": meta.get("publisher", ""), "document_number": str(number)}
        name = toc.get(chapter.path)
        if name:
            fill["title"] = name
        elif doc.title == doc_id and title:
            fill["title"] = f"{title}, {number}"
        docs.append(replace(doc, **{k: v for k, v in fill.items() if v}))
    if len(docs) == 1 and docs[0].date is None:
        found = plausible_date(published, file_days)
        if found:
            docs[0] = replace(docs[0], date=found)
    if not docs:
        raise SourceError(source, "no chapter with text in the EPUB", "empty")
    return docs


def _xml(package: zipfile.ZipFile, path: str):
    from lxml import etree

    try:
        return etree.fromstring(package.read(path), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                     recover=False))
    except KeyError:
        raise SourceError("", f"damaged EPUB: it names {path}, which it does not hold") from None
    except etree.XMLSyntaxError as e:
        raise SourceError("", f"damaged EPUB: {path} is not well-formed XML ({e})") from None


def _package(package: zipfile.ZipFile) -> tuple[dict, list[_Chapter], dict[str, str]]:
    """The book's metadata, its chapters in reading order, and chapter path -> title in its table of contents."""
    container = _xml(package, "META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", _NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise SourceError("", "damaged EPUB: its container names no package document")
    opf_path = rootfile.get("full-path")
    opf = _xml(package, opf_path)
    base = dirname(opf_path)

    def text(name: str) -> list[str]:
        return [" ".join("".join(el.itertext()).split()) for el in opf.findall(f".//opf:metadata/dc:{name}", _NS)]

    meta = {"title": next(iter(text("title")), ""), "date": next(iter(text("date")), ""),
            "publisher": next(iter(text("publisher")), ""), "creators": tuple(c for c in text("creator") if c)}
    manifest = {item.get("id"): item for item in opf.findall(".//opf:manifest/opf:item", _NS)}
    chapters = []
    nav_path = ncx_path = ""
    for item in manifest.values():
        if "nav" in (item.get("properties") or "").split():
            nav_path = normpath(join(base, item.get("href", "")))
        if item.get("media-type") == "application/x-dtbncx+xml":
            ncx_path = normpath(join(base, item.get("href", "")))
    for ref in opf.findall(".//opf:spine/opf:itemref", _NS):
        item = manifest.get(ref.get("idref"))
        if item is None or ref.get("linear") == "no" or "html" not in (item.get("media-type") or ""):
            continue
        path = normpath(join(base, item.get("href", "")))
        if path == nav_path:
            continue
        try:
            chapters.append(_Chapter(path, package.read(path)))
        except KeyError:
            continue
    toc: dict[str, str] = {}
    if nav_path:
        nav = _xml(package, nav_path)
        lists = [el for el in nav.iter("{*}nav") if "toc" in (el.get(f"{{{_NS['epub']}}}type") or "")] or \
            list(nav.iter("{*}nav"))
        for a in (lists[0].iter("{*}a") if lists else ()):
            _add_entry(toc, dirname(nav_path), a.get("href"), "".join(a.itertext()))
    elif ncx_path:
        ncx = _xml(package, ncx_path)
        for point in ncx.iter(f"{{{_NS['ncx']}}}navPoint"):
            label = point.find("ncx:navLabel/ncx:text", _NS)
            content = point.find("ncx:content", _NS)
            if label is not None and content is not None:
                _add_entry(toc, dirname(ncx_path), content.get("src"), label.text or "")
    return meta, chapters, toc


def _add_entry(toc: dict[str, str], base: str, href: str | None, label: str) -> None:
    label = " ".join(label.split())
    if href and label:
        toc.setdefault(normpath(join(base, href.split("#", 1)[0])), label)


def _chapter(chapter: _Chapter, doc_id: str, source: str) -> Document | None:
    from .sources import decode
    from .text import parse_text
    from .webpage import read_page

    text, _ = decode(_notes_marked(chapter.data), f"{source}/{chapter.path}")
    page = read_page(text, source)
    if not page.text.strip():
        return None
    doc = parse_text(page.text, doc_id, source, "epub")
    if doc.title == doc_id and page.title:
        doc = replace(doc, title=page.title)
    return doc if doc.paragraphs else None


_EPUB_NS = "http://www.idpf.org/2007/ops"


def _notes_marked(content: bytes) -> bytes:
    """EPUB 3 notes (``<aside epub:type="footnote">``) as the notes a web page has, which the page reader takes
    out of the text and attaches where they are cited (it drops asides, as a page's sidebars)."""
    if b"aside" not in content:
        return content
    from lxml import etree

    try:
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return content
    changed = False
    for aside in root.iter("{*}aside"):
        kind = aside.get(f"{{{_EPUB_NS}}}type") or aside.get("role") or ""
        if re.search(r"(?:foot|end|rear)note", kind):
            aside.tag = aside.tag.replace("aside", "div")
            aside.set("class", ((aside.get("class") or "") + " footnote").strip())
            changed = True
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) if changed else content
