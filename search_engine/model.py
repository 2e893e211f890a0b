"""Data contracts passed between the stages: frozen dataclasses, no behaviour beyond small views.

Every record has ``to_dict()`` (plain dicts and lists that ``json.dumps`` takes; ``to_json()`` is the same,
under its older name) and a short ``repr``; SearchResults and Hit also render themselves as escaped HTML
in notebooks (``_repr_html_``).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from html import escape
from typing import Callable, Iterator, NamedTuple, Union

# what to_dict() gives: values json.dumps takes
JSONValue = Union[None, bool, int, float, str, list["JSONValue"], dict[str, "JSONValue"]]
# a path as the API takes one
StrPath = Union[str, "os.PathLike[str]"]

# progress(phase, done, total, item) of a build, done and total in bytes of the source files to read: phase
# "read" as a file is read (item: its path), "write" as each of its passages is indexed (item: the passage
# id), "save" once, as the new generation is written to disk (item: the index folder)
Progress = Callable[[str, int, int, str], None]


def _short(text: str, width: int = 48) -> str:
    """``text`` on one line, cut to about ``width`` characters for a repr."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class _Record:
    """What every record shares: ``to_json()`` is ``to_dict()`` under the name it had first."""

    def to_dict(self) -> dict[str, JSONValue]:
        return asdict(self)  # type: ignore[call-overload]

    def to_json(self) -> dict[str, JSONValue]:
        """The same as :meth:`to_dict` (kept for callers written before it)."""
        return self.to_dict()


@dataclass(frozen=True)
class DateRange(_Record):
    """A document date: exact when ``start == end``, otherwise the span it is known to fall in.

    The one type for dates on Document, DocumentInfo and Hit; ``str(d)`` and ``d.iso`` give ``1962-10-28``,
    ``1962-10``, ``1962`` or ``1962-10-27/1962-10-29``; ``raw`` is the date as the source wrote it.
    """

    start: date
    end: date
    raw: str = ""

    def __str__(self) -> str:
        return self.iso

    def __format__(self, spec: str) -> str:
        return format(self.iso, spec)

    def __repr__(self) -> str:
        return f"DateRange.from_iso({self.iso!r}" + (f", raw={self.raw!r})" if self.raw else ")")

    @property
    def exact(self) -> bool:
        return self.start == self.end

    @property
    def iso(self) -> str:
        """``1962-10-28`` for an exact date, ``1962-10`` or ``1962`` for a whole month or year,
        ``1962-10-27/1962-10-29`` for any other span."""
        if self.exact:
            return self.start.isoformat()
        s, e = self.start, self.end
        if s.day == 1 and s.year == e.year:
            if s.month == 1 and e.month == 12 and e.day == 31:
                return f"{s.year:04d}"
            if s.month == e.month and _last_day(e):
                return f"{s.year:04d}-{s.month:02d}"
        return f"{s.isoformat()}/{e.isoformat()}"

    def to_dict(self) -> dict[str, JSONValue]:
        return {"iso": self.iso, "start": self.start.isoformat(), "end": self.end.isoformat(), "raw": self.raw}

    @classmethod
    def from_json(cls, data: dict | None) -> DateRange | None:
        if not data:
            return None
        return cls(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), data.get("raw", ""))

    @classmethod
    def from_iso(cls, iso: str, raw: str = "") -> DateRange:
        """The range an :attr:`iso` string stands for: ``1962-10-28``, ``1962-10``, ``1962`` or ``START/END``."""
        if "/" in iso:
            start, end = iso.split("/", 1)
            return cls(date.fromisoformat(start), date.fromisoformat(end), raw)
        parts = [int(x) for x in iso.split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return cls(day, day, raw)
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            last = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1).toordinal() - 1
            return cls(first, date.fromordinal(last), raw)
        return cls(date(parts[0], 1, 1), date(parts[0], 12, 31), raw)


def _last_day(d: date) -> bool:
    return (d.month == 12 and d.day == 31) or date.fromordinal(d.toordinal() + 1).month != d.month


def iso_span(iso: str | None) -> tuple[date, date] | None:
    """The first and last day of a date as :attr:`DateRange.iso` writes it ("1962-10-27", "1962-10", "1962",
    "1961-12-30/1962-01-18"); None for no date or one that cannot be read."""
    if not iso:
        return None
    first, _, last = iso.partition("/")
    try:
        return _first_or_last_day(first, end=False), _first_or_last_day(last or first, end=True)
    except (ValueError, TypeError):
        return None


def _first_or_last_day(text: str, end: bool) -> date:
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        y, m = parts
        return (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)) if end else date(y, m, 1)
    if len(parts) == 1:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    raise ValueError(text)


@dataclass(frozen=True)
class Footnote(_Record):
    """A translator's or editor's note. ``number`` is the marker printed in the text (``"1"``);
    notes written inline in brackets get ``"*1"``, ``"*2"``... in order of appearance."""

    number: str
    text: str
    paragraph: int | None = None  # the paragraph it is attached to, 1-based

    def __repr__(self) -> str:
        return f"Footnote(number={self.number!r}, text={_short(self.text)!r})"


@dataclass(frozen=True)
class Paragraph(_Record):
    """One body paragraph: the unit the index returns as a passage."""

    number: int  # 1-based position in the document body
    text: str
    footnotes: tuple[str, ...] = ()  # numbers of the footnotes this paragraph carries
    page: str | None = None
    # headings an edition's own finding aid (its back-of-book index) gives the page this paragraph is on
    # ("Cuban missile crisis: Turkish missile quid pro quo"): the editors' words for what the text discusses
    subjects: tuple[str, ...] = ()
    # in a reference manager's library: the address that opens what this passage was read from (a Zotero
    # attachment at its page, a note), and the photo it was typed from (a Tropy transcription or note)
    link: str = ""
    image: str = ""

    def __repr__(self) -> str:
        return f"Paragraph(number={self.number}, text={_short(self.text)!r})"

    def to_dict(self) -> dict[str, JSONValue]:
        data: dict[str, JSONValue] = {"number": self.number, "text": self.text, "footnotes": list(self.footnotes),
                                "page": self.page}
        if self.subjects:
            data["subjects"] = list(self.subjects)
        if self.link:
            data["link"] = self.link
        if self.image:
            data["image"] = self.image
        return data


@dataclass(frozen=True)
class CrossReference(_Record):
    """A reference a document makes to another document, as it was read: an edition's link (TEI
    ``<ref target="#d27">``), "See Document 27", "vol. XIV, pp. 780–784", "Protocol No. 63", "your letter of
    October 26". Which indexed document it points at is decided against the index (see ``index.links``)."""

    text: str  # the words that make the reference, as written ("See Document 27")
    target: str  # what it points at, as written: "#d27", "frus1961-63v11#d59", "Document 27", "letter of October 26"
    kind: str = "document"  # document (by id or number), pages (of a volume), volume, record (Protocol No. 63), date
    doc_id: str = ""  # the document it names, when the source names it exactly (an edition's link)
    paragraph: int | None = None  # the paragraph it stands in, or whose note holds it (None: title, header, citation)
    footnote: str = ""  # the number of the note it stands in ("" in the text itself)
    volume: str = ""  # the volume it points into: an edition's id ("frus1961-63v14") or as written ("XIV")
    number: str = ""  # the document's or record's number ("27", "63")
    pages: str = ""  # "780-784"
    date: str = ""  # for a reference by date: the day it names (ISO), the year taken from the citing document

    def __repr__(self) -> str:
        return f"CrossReference(text={_short(self.text)!r}, target={self.target!r}, kind={self.kind!r})"

    @classmethod
    def from_json(cls, data: dict) -> CrossReference:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Document(_Record):
    """A parsed source document: metadata, body paragraphs and footnotes."""

    doc_id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    subtitle: str = ""
    date: DateRange | None = None
    classification: tuple[str, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    citation: str = ""
    summary: str = ""
    original_language: str = ""  # the language the source says it was written in ("Russian")
    url: str = ""
    header: tuple[str, ...] = ()  # stamps, address lines, reference numbers
    metadata: tuple[tuple[str, str], ...] = ()  # other labelled blocks, e.g. ("credits", "...")
    source: str = ""
    format: str = "text"  # text, markdown, html, tei, pdf, docx, odt, rtf, epub, email, scan
    language: str = ""  # ISO 639-1 code of the text as indexed ("en", "ru"), detected or given
    place: str = ""  # where it was written, from a dateline ("Moscow")
    persons: tuple[str, ...] = ()  # people the edition tags in the text (TEI persName)
    # the published volume the document is printed in, when it is one of many (a FRUS volume's documents)
    container_title: str = ""  # "Foreign Relations of the United States, 1961–1963, Volume VI, ..."
    editors: tuple[str, ...] = ()  # the volume's editors, as printed ("Charles S. Sampson")
    publisher: str = ""
    publisher_place: str = ""
    issued: str = ""  # the volume's publication date as written ("1996")
    document_number: str = ""  # the document's number in the volume ("66")
    # for an undated document, the span of the volume or collection it stands in (shown beside "undated";
    # it matches no date filter)
    period: DateRange | None = None
    references: tuple[CrossReference, ...] = ()  # what the document cites, in reading order
    # what a reference manager's library (Zotero, Tropy) says of its item, taken as it is rather than guessed
    item_type: str = ""  # the library's item type ("letter", "manuscript"; "photo" for a Tropy item)
    creators: tuple[Creator, ...] = ()  # with the roles the library gives them
    fields: tuple[tuple[str, str], ...] = ()  # the item's fields by Zotero's names (archive, archiveLocation, extra...)
    collections: tuple[str, ...] = ()  # Zotero collections (with the collections they are in), Tropy lists
    tags: tuple[str, ...] = ()
    link: str = ""  # the address that shows the item in its library (zotero://select/library/items/KEY)

    def field(self, name: str) -> str:
        return next((v for k, v in self.fields if k == name), "")

    def footnote(self, number: str) -> Footnote | None:
        return next((f for f in self.footnotes if f.number == number), None)

    def labelled_fields(self) -> tuple[tuple[str, str], ...]:
        """The document's other labelled fields (its ``metadata``: a form's "RECORD NUMBER", a telegram's "NO:",
        a mail's sender) as (label, value) to show and to search, the label as a reader writes it ("Record
        number"); a value its header lines, title, citation or summary already hold is left out."""
        said = "\n".join((self.title, self.subtitle, self.citation, self.summary, *self.header)).casefold()
        out = []
        for key, value in self.metadata:
            value = "; ".join(v.strip() for v in str(value).split("\n") if v.strip())
            if value and value.casefold() not in said:
                out.append((key.replace("_", " ").strip().capitalize() or "Field", value))
        return tuple(out)

    def passage_id(self, paragraph: int) -> str:
        return f"{self.doc_id}#p{paragraph}"

    def __repr__(self) -> str:
        return (f"Document(doc_id={self.doc_id!r}, title={_short(self.title)!r}, date={str(self.date) if self.date else None!r}, "
                f"paragraphs={len(self.paragraphs)}, footnotes={len(self.footnotes)})")

    def to_dict(self) -> dict[str, JSONValue]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "date": self.date.iso if self.date else None,
            "date_range": self.date.to_dict() if self.date else None,
            "period": self.period.to_dict() if self.period else None,
            "classification": list(self.classification),
            "citation": self.citation,
            "summary": self.summary,
            "original_language": self.original_language,
            "url": self.url,
            "header": list(self.header),
            "metadata": dict(self.metadata),
            "source": self.source,
            "format": self.format,
            "language": self.language,
            "place": self.place,
            "persons": list(self.persons),
            "container_title": self.container_title,
            "editors": list(self.editors),
            "publisher": self.publisher,
            "publisher_place": self.publisher_place,
            "issued": self.issued,
            "document_number": self.document_number,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "footnotes": [f.to_dict() for f in self.footnotes],
            "references": [r.to_dict() for r in self.references],
            # what a library (Zotero, Tropy) says of its item: only on the documents of a library
            **({"item_type": self.item_type, "creators": [c.to_dict() for c in self.creators],
                "fields": dict(self.fields), "collections": list(self.collections), "tags": list(self.tags),
                "link": self.link} if self.item_type else {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> Document:
        return cls(
            doc_id=data["doc_id"],
            title=data["title"],
            subtitle=data.get("subtitle", ""),
            date=DateRange.from_json(data.get("date_range")),
            period=DateRange.from_json(data.get("period")),
            classification=tuple(data.get("classification", ())),
            citation=data.get("citation", ""),
            summary=data.get("summary", ""),
            original_language=data.get("original_language", ""),
            url=data.get("url", ""),
            header=tuple(data.get("header", ())),
            metadata=tuple(data.get("metadata", {}).items()),
            source=data.get("source", ""),
            format=data.get("format", "text"),
            language=data.get("language", ""),
            place=data.get("place", ""),
            persons=tuple(data.get("persons", ())),
            container_title=data.get("container_title", ""),
            editors=tuple(data.get("editors", ())),
            publisher=data.get("publisher", ""),
            publisher_place=data.get("publisher_place", ""),
            issued=data.get("issued", ""),
            document_number=data.get("document_number", ""),
            paragraphs=tuple(
                Paragraph(p["number"], p["text"], tuple(p.get("footnotes", ())), p.get("page"),
                          tuple(p.get("subjects", ())), p.get("link", ""), p.get("image", ""))
                for p in data["paragraphs"]
            ),
            footnotes=tuple(Footnote(f["number"], f["text"], f.get("paragraph")) for f in data.get("footnotes", ())),
            references=tuple(CrossReference.from_json(r) for r in data.get("references", ())),
            item_type=data.get("item_type", ""),
            creators=tuple(Creator(**c) for c in data.get("creators", ())),
            fields=tuple(data.get("fields", {}).items()),
            collections=tuple(data.get("collections", ())),
            tags=tuple(data.get("tags", ())),
            link=data.get("link", ""),
        )


@dataclass(frozen=True)
class DocumentInfo(_Record):
    """What ``list`` shows of an indexed document, read from the catalog without opening the index."""

    doc_id: str
    title: str
    date: DateRange | None
    classification: tuple[str, ...]
    source: str
    passages: int
    footnotes: int
    subtitle: str = ""
    citation: str = ""
    format: str = "text"
    language: str = ""
    place: str = ""
    period: DateRange | None = None  # an undated document's volume or collection span, see Document.period
    index: str = ""  # documents() of several indexes: the index folder that holds it

    def __repr__(self) -> str:
        return (f"DocumentInfo(doc_id={self.doc_id!r}, title={_short(self.title)!r}, "
                f"date={str(self.date) if self.date else None!r}, passages={self.passages})")

    def to_dict(self) -> dict[str, JSONValue]:
        data = asdict(self)
        data["date"] = self.date.iso if self.date else None
        data["period"] = self.period.iso if self.period else None
        data["classification"] = list(self.classification)
        if not self.index:
            del data["index"]
        return data


@dataclass(frozen=True)
class Passage(_Record):
    """A paragraph seen from the index: used for ``--context`` neighbours."""

    passage_id: str
    paragraph: int
    text: str
    page: str | None = None

    def __repr__(self) -> str:
        return f"Passage(passage_id={self.passage_id!r}, text={_short(self.text)!r})"


class PassageView(NamedTuple):
    """A passage with its neighbours, and the document they belong to (what ``passage()`` returns; it
    unpacks as ``document, passages``)."""

    document: Document
    passages: tuple[Passage, ...]

    def __repr__(self) -> str:
        return f"PassageView(document={self.document.doc_id!r}, passages={[p.passage_id for p in self.passages]!r})"

    def to_dict(self) -> dict[str, JSONValue]:
        return {"document": self.document.to_dict(), "passages": [p.to_dict() for p in self.passages]}


@dataclass(frozen=True)
class Link(_Record):
    """A connection of one document to another: a reference it makes or receives, a copy or version of it,
    a record of the same protocol or file."""

    relation: str  # cites, cited by, same text, excerpt, version, record; in related: cited with, cites the same
    doc_id: str  # the other document
    title: str = ""
    date: str | None = None
    source: str = ""
    format: str = ""
    language: str = ""
    reference: CrossReference | None = None  # cites: the reference this document makes; cited by: the other's
    similarity: float | None = None  # same text, excerpt: the estimated share of shingles in common
    detail: str = ""  # record: which record they both are ("Protocol 63"); version: "translation"
    section: str = ""  # record: the part of the longer record the shorter one is ("IX. On the instructions to ...")
    section_paragraphs: tuple[int, int] | None = None  # its first and last paragraph
    alignment: tuple[tuple[int, int], ...] = ()  # (paragraph of this document, paragraph of the other)
    passage_id: str = ""  # also in: the other copy's matching passage, when one matched

    def __repr__(self) -> str:
        return f"Link(relation={self.relation!r}, doc_id={self.doc_id!r}, title={_short(self.title)!r})"

    def to_dict(self) -> dict[str, JSONValue]:
        """The fields that say something (a reference inside the list of a reference's targets is left out)."""
        data = {k: v for k, v in asdict(self).items()
                if k not in ("reference", "alignment", "section_paragraphs") and v not in ("", None)}
        if self.reference is not None and self.relation == "cited by":
            data["reference"] = self.reference.to_dict()
        if self.section_paragraphs:
            data["section_paragraphs"] = list(self.section_paragraphs)
        if self.alignment:
            data["alignment"] = [list(a) for a in self.alignment]
        return data


@dataclass(frozen=True)
class Connections(_Record):
    """Everything that connects one document to the others: what it cites (each reference, with the indexed
    documents it points at: none until they are indexed), what cites it, its copies and versions, and the
    records of the same protocol or file."""

    doc_id: str
    references: tuple[tuple[CrossReference, tuple[Link, ...]], ...] = ()
    cited_by: tuple[Link, ...] = ()
    copies: tuple[Link, ...] = ()  # same text, excerpts and versions: the documents a search shows as "also in"
    records: tuple[Link, ...] = ()

    def __repr__(self) -> str:
        return (f"Connections(doc_id={self.doc_id!r}, references={len(self.references)}, "
                f"cited_by={len(self.cited_by)}, copies={len(self.copies)}, records={len(self.records)})")

    def to_dict(self) -> dict[str, JSONValue]:
        return {
            "doc_id": self.doc_id,
            "references": [{**ref.to_dict(), "resolved": [link.to_dict() for link in links]}
                           for ref, links in self.references],
            "cited_by": [link.to_dict() for link in self.cited_by],
            "copies": [link.to_dict() for link in self.copies],
            "records": [link.to_dict() for link in self.records],
        }


@dataclass(frozen=True)
class Hit(_Record):
    """One ranked passage."""

    rank: int
    score: float
    passage_id: str
    doc_id: str
    title: str
    date: DateRange | None
    classification: tuple[str, ...]
    paragraph: int
    text: str
    snippet: str  # HTML: the text escaped, the matched words wrapped in <mark>...</mark>
    footnotes: tuple[Footnote, ...]
    source: str
    subtitle: str = ""
    citation: str = ""
    page: str | None = None
    matched_fields: tuple[str, ...] = ()
    snippet_field: str = "body"  # the field the snippet was taken from: body, footnote, title, description, citation
    before: tuple[Passage, ...] = ()
    after: tuple[Passage, ...] = ()
    language: str = ""  # ISO 639-1 code of the passage's text
    place: str = ""
    more_in_document: int = 0  # matching passages of the same document left out by per-document grouping
    passage_snippet: str = ""  # a window of the passage's own text (HTML): the snippet itself when it comes from the body
    period: DateRange | None = None  # an undated document's volume or collection span, see Document.period
    also_in: tuple[Link, ...] = ()  # the other copies and versions of this document, not shown as hits of their own
    references: tuple[tuple[CrossReference, tuple[Link, ...]], ...] = ()  # what this passage cites, resolved
    shared: tuple[str, ...] = ()  # related: the words and names this passage's document shares with the source
    shared_subjects: tuple[str, ...] = ()  # related: the edition's index headings it shares with the source
    # related: how its document and the source cite each other ("cites": it cites the source; "cited by": the
    # source cites it; "record": the same protocol or file; "cited with": a third document, doc_id, cites
    # both; "cites the same": both cite doc_id)
    link: Link | None = None
    # an item of a library: the address that opens the passage (else its item) there (zotero://open-pdf/...),
    # and the photo a Tropy passage belongs to (a path)
    library_link: str = ""
    image: str = ""
    snippet_spans: tuple[tuple[str, bool], ...] = ()  # the snippet as (text, matched) pairs, for other renderers
    passage_snippet_spans: tuple[tuple[str, bool], ...] = ()
    folder: str = ""  # the folder of the source file on disk (a container's, for a member): dir:
    index: str = ""  # a search of several indexes: the index folder this hit is from

    def __repr__(self) -> str:
        return (f"Hit(rank={self.rank}, score={self.score:.2f}, passage_id={self.passage_id!r}, "
                f"title={_short(self.title)!r}, date={str(self.date) if self.date else None!r})")

    def _repr_html_(self) -> str:
        meta = " · ".join(escape(x) for x in (str(self.date or "undated"), self.place, ", ".join(self.classification),
                                              self.language) if x)
        return (f"<div><b>{self.rank}. {escape(self.title)}</b> [{meta}]<br><small>{escape(self.passage_id)}"
                f"{' · p. ' + escape(self.page) if self.page else ''} · score {self.score:.2f}</small>"
                f"<br>{self.snippet}</div>")

    def to_dict(self) -> dict[str, JSONValue]:
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "passage_id": self.passage_id,
            "doc_id": self.doc_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "date": self.date.iso if self.date else None,
            "period": self.period.iso if self.period else None,
            "place": self.place,
            "classification": list(self.classification),
            "language": self.language,
            "paragraph": self.paragraph,
            "page": self.page,
            "text": self.text,
            "snippet": self.snippet,
            "matched_fields": list(self.matched_fields),
            "snippet_field": self.snippet_field,
            "footnotes": [{"number": f.number, "text": f.text} for f in self.footnotes],
            "citation": self.citation,
            "source": self.source,
            "folder": self.folder,
            "more_in_document": self.more_in_document,
            "also_in": [link.to_dict() for link in self.also_in],
            "references": [{**ref.to_dict(), "resolved": [link.to_dict() for link in links]}
                           for ref, links in self.references],
            **({"shared": list(self.shared)} if self.shared else {}),
            **({"shared_subjects": list(self.shared_subjects)} if self.shared_subjects else {}),
            **({"link": self.link.to_json()} if self.link else {}),
            **({"library_link": self.library_link} if self.library_link else {}),
            **({"image": self.image} if self.image else {}),
            **({"index": self.index} if self.index else {}),
            "context": {
                "before": [p.to_dict() for p in self.before],
                "after": [p.to_dict() for p in self.after],
            },
        }


@dataclass(frozen=True)
class SearchResults(_Record):
    """The hits of one query, with the total number of matching passages and any warnings."""

    query: str
    total: int  # matching passages (before grouping and the limit)
    hits: tuple[Hit, ...]
    warnings: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()  # corrected queries ("Did you mean"), when little or nothing matched
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (query word, the alias names it was searched as)
    respellings: tuple[tuple[str, str], ...] = ()  # (query word no passage holds, the nearest spelling searched too)
    unknown: tuple[str, ...] = ()  # query words no passage holds and searched as typed only (not respelled)
    facets: dict[str, dict[str, int]] | None = None  # {facet: {value: passages}}: classification, language, folder, year, month, document
    documents: int = 0  # documents with a matching passage
    document_titles: dict[str, str] | None = None  # with facets: the title of each document the "document" facet counts
    generation: str = ""  # the index generation the results were read from ("gen-20261206T112800-757d65")

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, i: int) -> Hit:
        return self.hits[i]

    def __repr__(self) -> str:
        return (f"SearchResults(query={_short(self.query)!r}, total={self.total}, documents={self.documents}, "
                f"hits={len(self.hits)})")

    def _repr_html_(self) -> str:
        head = (f"<p>{self.total} passage(s) in {self.documents} document(s) match "
                f"<code>{escape(self.query)}</code>; showing {len(self.hits)}.</p>")
        notes = "".join(f"<p><i>{escape(w)}</i></p>" for w in self.warnings)
        return head + notes + "".join(h._repr_html_() for h in self.hits)

    def to_dict(self) -> dict[str, JSONValue]:
        data: dict[str, JSONValue] = {
            "query": self.query,
            "total": self.total,
            "documents": self.documents,
            "warnings": list(self.warnings),
            "suggestions": list(self.suggestions),
            "expansions": [{"query": q, "aliases": list(g)} for q, g in self.expansions],
            "respellings": [{"query": q, "searched": s} for q, s in self.respellings],
            "unknown": list(self.unknown),
            "hits": [h.to_dict() for h in self.hits],
        }
        if self.facets is not None:
            data["facets"] = self.facets
            data["document_titles"] = self.document_titles or {}
        return data


@dataclass(frozen=True)
class RelatedResults(_Record):
    """The passages most like a document or passage (``search-engine related``): the words and names searched
    (the source's most distinctive, heaviest first), and the hits, each with the ones it shares (``hit.shared``)."""

    source: str  # the document or passage id
    terms: tuple[str, ...]
    total: int  # passages that share any of the terms (under the filters)
    documents: int
    hits: tuple[Hit, ...]
    warnings: tuple[str, ...] = ()
    date: str | None = None  # the source's date (ISO), against which the hits' nearness in time counts

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, i: int) -> Hit:
        return self.hits[i]

    def days_apart(self, hit: Hit) -> int | None:
        """Days from the source's date to the hit's (negative: before it; 0 when their dates or spans overlap;
        None when either is undated)."""
        a = iso_span(self.date)
        if a is None or hit.date is None:
            return None
        b = (hit.date.start, hit.date.end)
        return (b[0] - a[1]).days if b[0] > a[1] else (b[1] - a[0]).days if b[1] < a[0] else 0

    def when(self, hit: Hit) -> str:
        """The hit's distance in time from the source, in words: "the same day", "1 day after", "5 months
        before" ("" when either is undated)."""
        days = self.days_apart(hit)
        if days is None:
            return ""
        if days == 0:
            return "the same day"
        n = abs(days)
        amount = (f"{n} day{'s' if n != 1 else ''}" if n < 60 else f"{round(n / 30.44)} months" if n < 730
                  else f"{round(n / 365.25)} years")
        return f"{amount} {'after' if days > 0 else 'before'}"

    def __repr__(self) -> str:
        return f"RelatedResults(source={self.source!r}, total={self.total}, hits={len(self.hits)})"

    def to_dict(self) -> dict[str, JSONValue]:
        return {"source": self.source, "date": self.date, "terms": list(self.terms), "total": self.total,
                "documents": self.documents, "warnings": list(self.warnings), "hits": [h.to_dict() for h in self.hits]}


@dataclass(frozen=True)
class Highlights(_Record):
    """Where a query's words stand in one document: character spans in each paragraph and footnote.

    ``passages`` are the paragraphs the query finds as hits (in document order); a paragraph may hold a
    highlighted word and not be a hit (``Castro -Kennedy``)."""

    query: str
    doc_id: str
    passages: tuple[int, ...] = ()
    paragraphs: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # number -> (start, end)
    footnotes: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # note number -> spans

    def __repr__(self) -> str:
        return f"Highlights(query={_short(self.query)!r}, doc_id={self.doc_id!r}, passages={list(self.passages)!r})"

    def to_dict(self) -> dict[str, JSONValue]:
        return {"query": self.query, "doc_id": self.doc_id, "passages": list(self.passages),
                "paragraphs": {str(k): [list(s) for s in v] for k, v in self.paragraphs.items()},
                "footnotes": {k: [list(s) for s in v] for k, v in self.footnotes.items()}}


@dataclass(frozen=True)
class Creator(_Record):
    """A person or body named in a citation, in the role Zotero gives them (author, recipient, editor,
    translator). A personal name is split into family and given names; any other name is ``literal``."""

    role: str
    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def name(self) -> str:
        """The name as it is written in running text: "Charles S. Sampson"."""
        return self.literal or " ".join(x for x in (self.given, self.family) if x)

    def to_dict(self) -> dict[str, JSONValue]:
        return {k: v for k, v in asdict(self).items() if v}


@dataclass(frozen=True)
class Reference(_Record):
    """What a citation of a document or of one passage says, in Zotero's terms (``item_type`` is a Zotero
    item type: manuscript, letter or bookSection); :mod:`search_engine.cite` writes it in each format."""

    id: str  # the document id, or the passage id (``doc#p12``)
    doc_id: str
    item_type: str
    title: str
    date: DateRange | None = None
    creators: tuple[Creator, ...] = ()
    place: str = ""  # where the document was written ("Moscow")
    archive: str = ""  # the repository ("Wilson Center Digital Archive")
    archive_location: str = ""  # where in it ("RGANI, F. 3, Op. 16, D. 947, L. 45-46ob.")
    container_title: str = ""  # the published volume it is printed in
    publisher: str = ""
    publisher_place: str = ""
    issued: str = ""  # the volume's publication date
    document_number: str = ""  # its number in the volume
    pages: str = ""  # "178-181" for a document, "179" for a passage
    paragraph: int | None = None  # for a passage
    language: str = ""
    url: str = ""
    note: str = ""  # the source's own citation, when it cannot be split into archive and location
    extra: tuple[str, ...] = ()  # "Classification: TOP SECRET", "Date span: 1962-10-27/1962-10-29"...

    def __repr__(self) -> str:
        return f"Reference(id={self.id!r}, item_type={self.item_type!r}, title={_short(self.title)!r})"

    def to_dict(self) -> dict[str, JSONValue]:
        data = {k: v for k, v in asdict(self).items() if k not in ("date", "creators")}
        data["date"] = self.date.to_dict() if self.date else None
        data["creators"] = [c.to_dict() for c in self.creators]
        data["extra"] = list(self.extra)
        return data


# why a file, or a member of a container, was passed over: a build's summary counts its skips by these
SKIP_KINDS = {
    "unsupported": "unsupported type",
    "damaged": "damaged",
    "encrypted": "encrypted",
    "too-large": "too large",
    "needs-ocr": "needs OCR",
    "empty": "no text",
    "encoding": "encoding unknown",
    "unreadable": "cannot be read",
    "duplicate": "document id used twice",
    "trash": "in the library's trash",
    "missing": "file missing",
}


@dataclass(frozen=True)
class SkippedFile(_Record):
    """A file (or a member of a container: ``bundle.zip/memo.docx``) the build passed over, and why."""

    path: str
    reason: str
    format: str = ""  # the format its name suggests: the file could not be read far enough to tell
    new: bool = True  # False when the previous build skipped it too, for the same reason, unchanged
    kind: str = "damaged"  # a key of SKIP_KINDS: what the summary counts it as


@dataclass(frozen=True)
class MissingSource(_Record):
    """A remembered source that a build could not find (no such folder, or a folder that is now empty,
    as an unmounted drive is): the documents it gave are kept until it is back or removed on purpose."""

    path: str
    reason: str
    files: int = 0  # its files the index holds
    documents: int = 0


@dataclass(frozen=True)
class SourceInfo(_Record):
    """A source the index remembers (``sources``): whether it is there, and what the index holds from it."""

    path: str
    status: str  # "ok", "missing" (no such file or folder) or "empty" (a folder with nothing in it)
    files: int = 0  # of a library, its items
    documents: int = 0
    passages: int = 0
    kind: str = ""  # "folder", "file", "zotero" (a Zotero data folder) or "tropy" (a Tropy project)
    libraries: tuple[SourceInfo, ...] = ()  # of a folder: the libraries found in it, each with what it gave


@dataclass(frozen=True)
class FileWarning(_Record):
    """A source file that was indexed, but not exactly as it is (``"3 NUL bytes removed"``)."""

    path: str
    message: str


@dataclass(frozen=True)
class FormatSummary(_Record):
    """One line of a build's per-format table: what the index holds from files of one format."""

    format: str
    files: int = 0
    documents: int = 0
    passages: int = 0
    footnotes: int = 0
    skipped: int = 0  # files of this format skipped by this build


@dataclass(frozen=True)
class IndexSummary(_Record):
    """What a build did."""

    documents: int  # documents in the index after the build
    passages: int
    footnotes: int
    added: tuple[str, ...] = ()  # source paths newly indexed
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    skipped: tuple[SkippedFile, ...] = ()
    seconds: float = 0.0
    rebuilt: bool = False
    index_dir: str = ""
    formats: tuple[FormatSummary, ...] = field(default=())
    missing: tuple[MissingSource, ...] = ()  # remembered sources not found: their documents are kept
    forgotten: tuple[str, ...] = ()  # sources no longer remembered (pruned or removed): their documents are gone
    stale: tuple[SkippedFile, ...] = ()  # indexed files that cannot be read now: their last good version is kept
    created: bool = False  # there was no index before this build
    ocr_pages: int = 0  # scan pages Tesseract read in this build
    ocr_cached: int = 0  # scan pages whose text came from the OCR cache (the scan had been read before)
    notices: tuple[str, ...] = ()  # what the whole build has to say once ("Tesseract is not installed...")
    warnings: tuple[FileWarning, ...] = ()  # files indexed with a change to their text

    @property
    def modified(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt or self.created or self.forgotten)

    def __repr__(self) -> str:
        return (f"IndexSummary(documents={self.documents}, passages={self.passages}, footnotes={self.footnotes}, "
                f"added={len(self.added)}, changed={len(self.changed)}, removed={len(self.removed)}, "
                f"unchanged={self.unchanged}, skipped={len(self.skipped)})")

    def to_dict(self) -> dict[str, JSONValue]:
        return {
            "documents": self.documents,
            "passages": self.passages,
            "footnotes": self.footnotes,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "unchanged": self.unchanged,
            "skipped": [s.to_dict() for s in self.skipped],
            "seconds": round(self.seconds, 3),
            "rebuilt": self.rebuilt,
            "index_dir": self.index_dir,
            "formats": {f.format: {k: v for k, v in f.to_dict().items() if k != "format"} for f in self.formats},
            "missing": [m.to_dict() for m in self.missing],
            "forgotten": list(self.forgotten),
            "stale": [s.to_dict() for s in self.stale],
            "created": self.created,
            "skipped_by_kind": self.skipped_by_kind(),
            "ocr": {"pages_read": self.ocr_pages, "pages_cached": self.ocr_cached},
            "notices": list(self.notices),
            "warnings": [w.to_json() for w in self.warnings],
        }

    def skipped_by_kind(self) -> dict[str, int]:
        """How many files were passed over for each reason (``SKIP_KINDS``), most first."""
        counts: dict[str, int] = {}
        for s in self.skipped:
            counts[s.kind] = counts.get(s.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
