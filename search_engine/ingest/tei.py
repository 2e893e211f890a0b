"""Read a TEI P5 documentary edition (a FRUS volume) into one Document per ``div[@type="document"]``.

TEI states the structure that :mod:`.text` has to guess from the look of lines: the title is the
``<head>``, the date is the dateline's ``<date>``, a footnote is a ``<note>``, a page break is a ``<pb>``.
So this reader only walks the tree, in reading order, and keeps each piece of text in its one place.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree

from ..errors import SourceError
from ..model import CrossReference, DateRange, Document, Footnote, Paragraph
from ..vocabulary.dates import find_dates, parse_date
from ..vocabulary.markings import source_note_markings
from .text import clean_line

TEI_NS = "http://www.tei-c.org/ns/1.0"
_FRUS_NS = "http://history.state.gov/frus/ns/1.0"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


_P, _AB, _NOTE, _PB, _LB, _HEAD, _DIV, _TEXT = map(_tei, ("p", "ab", "note", "pb", "lb", "head", "div", "text"))
_DATELINE, _DATE, _PLACE, _PERSON, _LIST, _ITEM, _LABEL = map(
    _tei, ("dateline", "date", "placeName", "persName", "list", "item", "label"))
_OPENER, _BYLINE, _ARGUMENT, _BODY, _REF = map(_tei, ("opener", "byline", "argument", "body", "ref"))

_PARAGRAPHS = {_P, _AB}  # always a paragraph of their own; a paragraph nested in one splits it
# a paragraph when it stands in the body (not inside a <p>) and holds no <p> of its own
_LOOSE_BLOCKS = set(map(_tei, ("quote", "head", "closer", "postscript", "lg", "table", "salute")))
# elements whose text is set off from their neighbours' when they are read as part of a larger paragraph
_SPACED = _PARAGRAPHS | set(map(_tei, ("item", "label", "head", "l", "row", "cell", "signed", "salute", "dateline")))
# what frames a document rather than being its text: read for the metadata, not as paragraphs
_FRAME = {_HEAD, _DATELINE, _OPENER, _BYLINE, _ARGUMENT}

_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False}


def is_tei(head: bytes) -> bool:
    """Whether the first few KB of a file are TEI XML (root element TEI / namespace http://www.tei-c.org/ns/1.0).

    Only the root element decides: an XSLT stylesheet or an XHTML page may declare the TEI namespace too."""
    text = _decode_head(head)
    pos = 0
    while m := _PROLOG.match(text, pos):
        pos = m.end()
    root = _START_TAG.match(text, pos)
    if not root:
        return False
    prefix, _, local = root.group("name").rpartition(":")
    declares = re.search(r"\bxmlns" + (":" + re.escape(prefix) if prefix else "") + r"\s*=\s*[\"']([^\"']*)[\"']",
                         root.group("attrs"))
    return local in ("TEI", "teiCorpus") and bool(declares) and declares.group(1) == TEI_NS


_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.DOTALL)
_START_TAG = re.compile(r"\s*<(?P<name>[\w.:-]+)(?P<attrs>[^>]*)")


def _decode_head(head: bytes) -> str:
    """The head as text; it may be cut in the middle of a character, so undecodable bytes are dropped."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


def parse_tei(data: bytes, source: str, doc_prefix: str) -> list[Document]:
    """One Document per div[@type='document'] (if there are none, the whole <text> as one document)."""
    root = _parse(data, source)
    if root.tag not in (_tei("TEI"), _tei("teiCorpus")):
        raise SourceError(source, f"not a TEI P5 document: the root element is <{etree.QName(root).localname}>")
    text = root.find(f".//{_TEXT}")
    if text is None:
        raise SourceError(source, "TEI document without a <text> element")
    volume = _volume_id(root) or doc_prefix
    names = _person_names(root)
    edition = _edition(root)
    frus = _frus_id(root)
    divs = list(_document_divs(root))
    docs = []
    for i, (div, page) in enumerate(divs, 1):
        doc = _document(div, page, f"{volume}-{_div_id(div, i)}", source, names)
        url = f"{HISTORY_STATE_GOV}/{frus}/{_div_id(div, i)}" if frus and div.get(_XML_ID) else ""
        docs.append(replace(doc, **edition, document_number=(div.get("n") or "").strip(), url=url))
    docs = _date_by_context(docs, [div for div, _ in divs])
    headings = _index_headings(root)
    if headings:
        docs = [replace(d, paragraphs=tuple(replace(p, subjects=tuple(headings.get(p.page, ())))
                                            for p in d.paragraphs)) for d in docs]
    if not docs:  # a single letter or report: the text is the document, titled by the header
        body = text.find(_BODY)
        frame = body if body is not None else text
        title = clean_line(root.findtext(f".//{_tei('titleStmt')}/{_tei('title')}") or "")
        docs = [_document(text, None, volume, source, names, frame=frame, title=title)]
    return docs


# libxml2's resource limits, said without its advice to programmers ("use XML_PARSE_HUGE option")
_LIMITS = [(re.compile(r"^Excessive depth in document: (\d+).*"), r"elements nested more than \1 deep"),
           (re.compile(r"^Maximum entity amplification factor exceeded.*"), "entities that expand without bound"),
           (re.compile(r"^Resource limit exceeded: (.*?),? try XML_PARSE_HUGE.*"), r"\1")]


def _parse(data: bytes, source: str) -> etree._Element:
    """Parse without touching the network, a DTD or entity definitions; every failure becomes a SourceError."""
    try:
        return etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as e:
        line, column = e.position
        message = re.sub(r", line \d+, column \d+$", "", e.msg or str(e))
        for limit, plain in _LIMITS:
            message = limit.sub(plain, message)
        raise SourceError(source, f"not well-formed XML: {message} (line {line}, column {column})") from e
    except (etree.LxmlError, ValueError) as e:
        raise SourceError(source, f"cannot read the XML: {e}") from e


def _volume_id(root: etree._Element) -> str:
    """The edition's own id: the root's xml:id, else the FRUS idno of the publication statement."""
    return (root.get(_XML_ID) or _frus_id(root)).strip()


# a FRUS volume's documents are published at history.state.gov under the volume's FRUS id and the div's id
HISTORY_STATE_GOV = "https://history.state.gov/historicaldocuments"


def _frus_id(root: etree._Element) -> str:
    return (root.findtext(f"{_tei('teiHeader')}//{_tei('publicationStmt')}/{_tei('idno')}[@type='frus']") or "").strip()


def _edition(root: etree._Element) -> dict[str, object]:
    """What a citation of one of the edition's documents needs of the volume: its full title, editors and
    imprint, from the TEI header (``titleStmt``, ``publicationStmt``)."""
    header = root.find(_tei("teiHeader"))
    if header is None:
        return {}
    stmt = header.find(f".//{_tei('titleStmt')}")
    pub = header.find(f".//{_tei('publicationStmt')}")
    titles = stmt.findall(_tei("title")) if stmt is not None else []
    title = next((t for t in titles if t.get("type") == "complete"), None)
    if title is None:
        title = next((t for t in titles if t.get("type") in (None, "main")), None)
    # the volume's own editors first (role "primary"), then the series' general editor
    editors = sorted(stmt.findall(_tei("editor")) if stmt is not None else [],
                     key=lambda e: e.get("role") not in (None, "primary", "volume"))

    def text(el) -> str:
        return _inline_text(el) if el is not None else ""

    date = None
    if pub is not None:
        date = next((d for d in pub.findall(_tei("date")) if d.get("type") in (None, "publication-date")), None)
    return {
        "container_title": text(title),
        "editors": tuple(name for e in editors if (name := text(e))),
        "publisher": text(pub.find(_tei("publisher"))) if pub is not None else "",
        "publisher_place": text(pub.find(_tei("pubPlace"))) if pub is not None else "",
        "issued": (date.get("when") or text(date)) if date is not None else "",
    }


def _document_divs(root: etree._Element):
    """Each document div with the page it starts on: the last <pb> before it, which may stand before the div."""
    page = None
    for el in root.iter(_PB, _DIV):
        if el.tag == _PB:
            page = el.get("n") or page
        elif el.get("type") == "document":
            yield el, page


def _div_id(div: etree._Element, position: int) -> str:
    return div.get(_XML_ID) or f"d{position}"


def _person_names(root: etree._Element) -> dict[str, str]:
    """The names of the people the edition lists (``xml:id`` -> "Khrushchev, Nikita S.")."""
    return {p.get(_XML_ID): _inline_text(p) for p in root.iter(_PERSON) if p.get(_XML_ID)}


def _document(div: etree._Element, page: str | None, doc_id: str, source: str, names: dict[str, str],
              frame: etree._Element | None = None, title: str = "") -> Document:
    frame = div if frame is None else frame
    body = _Body(frame, page)
    body.read(div)
    head = frame.find(_HEAD)
    source_note = div.find(f".//{_NOTE}[@type='source']")
    citation = re.sub(r"^Source:\s*", "", _inline_text(source_note)) if source_note is not None else ""
    dateline = frame.find(_DATELINE)
    markings, classified_by = source_note_markings(citation)
    return Document(
        doc_id=doc_id,
        title=_title(head, div.get("n")) or title or doc_id,
        subtitle=" ".join(_inline_text(el) for el in frame.iterfind(f"{_LIST}[@type='subject']/{_ITEM}")),
        paragraphs=tuple(body.paragraphs),
        footnotes=tuple(body.footnotes),
        date=_date(dateline, div),
        classification=markings,
        # markings a later agency gave a text that bore none (FRUS: "No classification marking, but ...")
        metadata=(("classified_by", classified_by),) if classified_by else (),
        citation=citation,
        summary=" ".join(_inline_text(el) for el in frame.iterfind(_ARGUMENT)),
        header=_header(frame, head),
        source=source,
        format="tei",
        language=_language(div),
        place=_place(dateline),
        persons=_persons(div, names),
        references=_references(body.refs, doc_id.rpartition("-")[0] if frame is div else doc_id),
    )


# -- the edition's back-of-book index ---------------------------------------------------------------


def _index_headings(root: etree._Element) -> dict[str, list[str]]:
    """Page -> the headings of the edition's index that point at it (``<list type="index">``).

    A sub-entry is read with its entry ("Bay of Pigs invasion: Khrushchev on"); a range of pages
    ("<ref>29</ref>–<ref>35</ref>") points at every page in it. The editors index what a page is about
    in the words of their own day, which are often not the words of the documents."""
    pages: dict[str, list[str]] = {}
    for index in root.iter(_LIST):
        if index.get("type") != "index" or any(a.tag == _LIST and a.get("type") == "index" for a in index.iterancestors()):
            continue
        for item in index.iterfind(_ITEM):
            _index_item(item, "", pages)
    return pages


def _index_item(item: etree._Element, parent: str, pages: dict[str, list[str]]) -> None:
    own = _Text()
    own.add(item.text)
    refs = [child for child in item.iterfind(_REF) if (child.get("target") or "").startswith("#pg_")]
    for child in item:
        if child.tag == _LIST or (refs and child is refs[0]):
            break
        if isinstance(child.tag, str):
            own.add(" " + _inline_text(child))
        own.add(child.tail)
    # "Offensive weapons issue (see also IL-28 bombers above)": the cross-reference is not the subject
    label = re.sub(r"\(\s*see(?: also)?\b[^)]*\)?", "", own.value(), flags=re.IGNORECASE)
    label = re.sub(r"\s+", " ", label).strip(" ,;:")
    heading = f"{parent}: {label}" if parent and label else (label or parent)
    if not heading:
        return
    for page in _referenced_pages(refs):
        if heading not in pages.setdefault(page, []):
            pages[page].append(heading)
    for sub in item.iterfind(f"{_LIST}/{_ITEM}"):
        _index_item(sub, heading, pages)


def _referenced_pages(refs: list[etree._Element]) -> list[str]:
    """The pages a run of index references names, ranges ("12–16", a dash between two refs) expanded."""
    out: list[str] = []
    previous: int | None = None
    for ref in refs:
        page = (ref.get("target") or "").removeprefix("#pg_")
        if previous is not None and page.isdigit() and previous < int(page) <= previous + 50:
            out.extend(str(n) for n in range(previous + 1, int(page)))
        out.append(page)
        previous = int(page) if page.isdigit() and re.match(r"\s*[–—-]", ref.tail or "") else None
    return out


def _title(head: etree._Element | None, number: str | None) -> str:
    """The head without its notes, and without the document number the edition prints before it ("66. ")."""
    if head is None:
        return ""
    title = _inline_text(head)
    if number:
        title = re.sub(rf"^{re.escape(number)}\.\s*", "", title)
    return title


def _place(dateline: etree._Element | None) -> str:
    place = dateline.find(f".//{_PLACE}") if dateline is not None else None
    return _inline_text(place) if place is not None else ""


def _header(frame: etree._Element, title: etree._Element | None) -> tuple[str, ...]:
    """The dateline, opener and byline lines, further heads, and labelled lists ("SUBJECT: ...") of a memo."""
    lines = []
    for el in frame:
        if el.tag in (_DATELINE, _OPENER, _BYLINE) or (el.tag == _HEAD and el is not title):
            lines.append(_inline_text(el))
        elif el.tag == _LIST and (label := el.find(_HEAD)) is not None:
            lines.append(f"{_inline_text(label)}: " + "; ".join(_inline_text(i) for i in el.iter(_ITEM)))
    return tuple(line for line in lines if line)


def _language(div: etree._Element) -> str:
    """The two-letter code of the nearest ``xml:lang`` around the document ("en-US" -> "en"), else ""."""
    langs = div.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")
    code = str(langs[0]).split("-")[0].lower() if langs else ""
    return code if len(code) == 2 else ""


def _persons(div: etree._Element, names: dict[str, str]) -> tuple[str, ...]:
    """Each person tagged in the document once, by the name the edition's list of persons gives them."""
    out: list[str] = []
    for el in div.iter(_PERSON):
        ref = (el.get("corresp") or "").strip()
        name = names.get(ref[1:], "") if re.fullmatch(r"#[\w.-]+", ref) else ""
        name = name or _inline_text(el)
        if name and name not in out:
            out.append(name)
    return tuple(out)


# -- dates ---------------------------------------------------------------------------------------


def _date(dateline: etree._Element | None, div: etree._Element) -> DateRange | None:
    """The dateline's date; else the span the edition assigns the document (``frus:doc-dateTime-min/max``).

    A date-time keeps the day it was written with (``1962-10-27T23:30:00-05:00`` is the 27th, not the 28th
    in UTC), because that is the day the document bears."""
    date_el = dateline.find(f".//{_DATE}") if dateline is not None else None
    raw = _inline_text(date_el) if date_el is not None else ""
    found = _date_attributes(date_el) if date_el is not None else None
    if found is None and date_el is not None:
        found = parse_date(raw)
    if found is None:
        found = _span(div.get(f"{{{_FRUS_NS}}}doc-dateTime-min"), div.get(f"{{{_FRUS_NS}}}doc-dateTime-max"))
    return DateRange(found.start, found.end, raw) if found else None


def _date_by_context(docs: list[Document], divs: list[etree._Element]) -> list[Document]:
    """Date the documents whose only date is the span of the division they stand in.

    FRUS gives an editorial note, which has no dateline, its compilation's span (the whole volume,
    1960-11-09 to 1963-12-01): a date that matched every date filter. Such a document is dated by the
    dates of its own text (not those in parentheses, where its sources are cited) that fall between
    the dates of the documents before and after it (an edition is in date order); failing that, by the
    span between those; failing that, it is undated, with the division's span kept as its ``period``."""
    contextual = {i: span for i, div in enumerate(divs) if (span := _inherited_span(div, docs[i].date)) is not None}
    if not contextual:
        return docs
    own = [None if i in contextual else d.date for i, d in enumerate(docs)]
    out = list(docs)
    for i, container in contextual.items():
        before = next((own[j] for j in range(i - 1, -1, -1) if own[j] is not None), None)
        after = next((own[j] for j in range(i + 1, len(own)) if own[j] is not None), None)
        between = (DateRange(before.start, after.end) if before is not None and after is not None
                   and before.start <= after.end else None)
        window = between or container
        said = [found for p in docs[i].paragraphs for found in _dates_said(p.text)
                if found.start <= window.end and found.end >= window.start]
        if said:
            raw = "; ".join(dict.fromkeys(d.raw for d in said))
            out[i] = replace(docs[i], date=DateRange(min(d.start for d in said), max(d.end for d in said), raw))
        else:
            out[i] = replace(docs[i], date=between, period=None if between else container)
    return out


_MONTH_DAYS = 31


def _dates_said(text: str) -> list[DateRange]:
    """The days and months a text names outside parentheses (a bare year says too little)."""
    while (unparenthesised := re.sub(r"\([^()]*\)", " ", text)) != text:
        text = unparenthesised
    return [d for d, _, _ in find_dates(text) if (d.end - d.start).days < _MONTH_DAYS]


def _inherited_span(div: etree._Element, date: DateRange | None) -> DateRange | None:
    """The span of the division around ``div`` when that is all ``div``'s date is: the same
    ``frus:doc-dateTime-min/max`` as an element it stands in, and no dateline date."""
    low, high = div.get(f"{{{_FRUS_NS}}}doc-dateTime-min"), div.get(f"{{{_FRUS_NS}}}doc-dateTime-max")
    span = _span(low, high)
    if span is None or date is None or (date.start, date.end) != (span.start, span.end) or date.raw:
        return None
    inherited = any(a.get(f"{{{_FRUS_NS}}}doc-dateTime-min") == low and a.get(f"{{{_FRUS_NS}}}doc-dateTime-max") == high
                    for a in div.iterancestors())
    return span if inherited else None


def _date_attributes(el: etree._Element) -> DateRange | None:
    when = el.get("when")
    if when:
        return parse_date(when)
    return _span(el.get("notBefore") or el.get("from"), el.get("notAfter") or el.get("to"))


def _span(lower: str | None, upper: str | None) -> DateRange | None:
    """The days from one ISO date(-time) to another; None unless both ends are known."""
    start, end = parse_date(lower or ""), parse_date(upper or "")
    if start is None or end is None or end.end < start.start:
        return None
    return DateRange(start.start, end.end)


# -- text ----------------------------------------------------------------------------------------


class _Text:
    """Text gathered piece by piece from the tree.

    The encoders sometimes dropped the space at a tag ("Mr.<persName>Rusk", "USSR</gloss><persName>N.S."), so
    text that starts an element right after such punctuation, or right after another element, gets it back."""

    def __init__(self):
        self.parts: list[str] = []
        self.edge = ""  # "start", "end" or "abut" (an end then a start) when only tags came since the last text

    def start(self) -> None:
        self.edge = "abut" if self.edge == "end" else "start"

    def end(self) -> None:
        self.edge = "end"

    def add(self, text: str | None) -> None:
        if not text:
            return
        if self.parts and self.edge in ("start", "abut"):
            last, first = self.parts[-1][-1], text[0]
            if (last in ".,;:" and first.isalpha()) or (self.edge == "abut" and last.isalnum() and first.isalnum()):
                self.parts.append(" ")
        self.parts.append(text)
        self.edge = ""

    def value(self) -> str:
        return clean_line("".join(self.parts))


def _inline_text(el: etree._Element) -> str:
    """The text of an element without the notes inside it, whitespace normalised."""
    text = _Text()
    _gather(el, text)
    return text.value()


def _gather(el: etree._Element, text: _Text) -> None:
    text.add(el.text)
    for child in el:
        if child.tag == _LB:
            text.add("" if child.get("break") == "no" else " ")
        elif isinstance(child.tag, str) and child.tag not in (_NOTE, _PB):
            spaced = child.tag in _SPACED
            text.add(" " if spaced else "")
            text.start()
            _gather(child, text)
            text.end()
            text.add(" " if spaced else "")
        text.add(child.tail)


class _Body:
    """The paragraphs and footnotes of one document, read in one walk through it in reading order.

    Each ``<p>`` is read once: a ``<p>`` (or list item) nested in another ends the text before it and is a
    paragraph of its own, and the text after it goes on as a new one. A note belongs to the paragraph it
    stands in; the page of a paragraph is that of the last ``<pb>`` before its first word."""

    def __init__(self, frame: etree._Element, page: str | None):
        self.frame = frame  # the element whose head, dateline... frame the text
        self.page = page
        self.paragraphs: list[Paragraph] = []
        self.footnotes: list[Footnote] = []
        self.numbers: set[str] = set()
        self.depth = 0  # paragraphs open around the current element
        self.absorbing = False  # inside a paragraph that reads everything in it as its own text
        self.refs: list[tuple[etree._Element, int | None, str]] = []  # each <ref>, its paragraph and note
        self._start()

    def _start(self) -> None:
        self.text = _Text()
        self.text_page: str | None = None
        self.notes: list[tuple[str, str]] = []
        self.pending_refs: list[tuple[etree._Element, str]] = []  # refs of the paragraph being read (and its notes)

    def read(self, el: etree._Element) -> None:
        self.add(el.text)
        for child in el:
            if isinstance(child.tag, str):  # not a comment, processing instruction or unresolved entity
                self._element(child)
            self.add(child.tail)

    def add(self, text: str | None) -> None:
        if not self.depth or not text:
            return  # text between paragraphs is only the indentation of the file
        if self.text_page is None and text.strip():
            self.text_page = self.page
        self.text.add(text)

    def _element(self, el: etree._Element) -> None:
        if el.tag == _NOTE:
            self._note(el)
        elif el.tag == _PB:
            self.page = el.get("n") or self.page
        elif el.tag == _LB:
            self.add("" if el.get("break") == "no" else " ")
        elif el.getparent() is self.frame and (el.tag in _FRAME or (el.tag == _LIST and el.find(_HEAD) is not None)):
            self._frame(el)
        elif self.absorbing:
            self._inline(el)
        elif el.tag in _PARAGRAPHS:
            self._paragraph(el, absorbing=False)
        elif el.tag == _LABEL and el.getparent().tag == _LIST:
            return  # read as the start of the item it numbers
        elif (el.tag == _ITEM or (el.tag in _LOOSE_BLOCKS and not self.depth)) and not _holds_paragraphs(el):
            self._paragraph(el, absorbing=True)
        else:
            self._inline(el)

    def _paragraph(self, el: etree._Element, absorbing: bool) -> None:
        self._flush()
        self.depth += 1
        self.absorbing = absorbing
        label = el.getprevious()
        if label is not None and label.tag == _LABEL:
            self.add(_inline_text(label) + " ")
        self.read(el)
        self._flush()
        self.depth -= 1
        self.absorbing = False

    def _inline(self, el: etree._Element) -> None:
        if el.tag == _REF:
            self.pending_refs.append((el, ""))
        spaced = el.tag in _SPACED
        self.add(" " if spaced else "")
        self.text.start()
        self.read(el)
        self.text.end()
        self.add(" " if spaced else "")

    def _frame(self, el: etree._Element) -> None:
        """A head or dateline is not body text, but its notes are footnotes and its page breaks count."""
        for child in el.iter(_NOTE, _PB):
            if child.tag == _PB:
                self.page = child.get("n") or self.page
            elif not any(a.tag == _NOTE for a in child.iterancestors()):
                self._note(child)

    def _note(self, el: etree._Element) -> None:
        """A footnote; the source note is the citation, and notes inside notes are read as part of their note."""
        text = _inline_text(el)
        if el.get("type") == "source":  # the citation: its links are the document's, on no paragraph
            self.refs.extend((ref, None, "") for ref in el.iter(_REF))
            return
        if not text:
            return
        number = self._number(el.get("n"))
        refs = [(ref, number) for ref in el.iter(_REF)]
        if self.depth:
            self.notes.append((number, text))
            self.pending_refs.extend(refs)
        else:
            self.footnotes.append(Footnote(number, text))
            self.refs.extend((ref, None, n) for ref, n in refs)

    def _number(self, n: str | None) -> str:
        """The note's own number, or ``*1``, ``*2``... when it has none or repeats one."""
        number = (n or "").strip()
        k = 0
        while not number or number in self.numbers:
            k += 1
            number = f"*{k}"
        self.numbers.add(number)
        return number

    def _flush(self) -> None:
        """End the paragraph being read; notes in a stretch without text go to the paragraph before it."""
        text, notes, page, refs = self.text.value(), self.notes, self.text_page, self.pending_refs
        self._start()
        if text:
            number = len(self.paragraphs) + 1
            self.paragraphs.append(Paragraph(number, text, tuple(n for n, _ in notes), page))
        elif notes and self.paragraphs:
            last = self.paragraphs[-1]
            number = last.number
            self.paragraphs[-1] = replace(last, footnotes=last.footnotes + tuple(n for n, _ in notes))
        else:
            number = None
        self.footnotes.extend(Footnote(n, note, number) for n, note in notes)
        self.refs.extend((ref, number, note) for ref, note in refs)


# -- cross-references -------------------------------------------------------------------------------

_DOC_TARGET = re.compile(r"(?P<volume>[\w.-]*)#(?P<div>d\d+)(?:fn(?P<note>\w+))?")
_PAGE_TARGET = re.compile(r"(?P<volume>[\w.-]*)#pg_(?P<page>\w+)")
_VOLUME_TARGET = re.compile(r"[A-Za-z][\w.-]*")


def _references(refs: list[tuple[etree._Element, int | None, str]], volume: str) -> tuple[CrossReference, ...]:
    """The edition's links (``<ref target>``) to documents and pages of this volume and of others, in
    reading order; a page range written as two links ("pp. <ref>780</ref>–<ref>784</ref>") is one reference."""
    out: list[CrossReference] = []
    previous: etree._Element | None = None
    for ref, paragraph, note in refs:
        target = (ref.get("target") or "").strip()
        text = _inline_text(ref)
        where = {"paragraph": paragraph, "footnote": note or ""}
        page = _PAGE_TARGET.fullmatch(target)
        if page:
            own = page.group("volume") or volume
            last = out[-1] if out else None
            if (last is not None and previous is not None and last.kind == "pages" and last.volume == own
                    and re.match(r"\s*[–—-]\s*$", previous.tail or "") and "-" not in last.pages):
                out[-1] = replace(last, text=f"{last.text}–{text}", pages=f"{last.pages}-{page.group('page')}")
            else:
                out.append(CrossReference(text, target, "pages", volume=own, pages=page.group("page"), **where))
        elif doc := _DOC_TARGET.fullmatch(target):
            own = doc.group("volume") or volume
            out.append(CrossReference(text, target, "document", doc_id=f"{own}-{doc.group('div')}",
                                      volume=own, number=doc.group("div")[1:], **where))
        elif _VOLUME_TARGET.fullmatch(target) and target != volume:
            out.append(CrossReference(text, target, "volume", volume=target, **where))
        previous = ref
    return tuple(out)


def _holds_paragraphs(el: etree._Element) -> bool:
    return el.find(f".//{_P}") is not None or el.find(f".//{_AB}") is not None
