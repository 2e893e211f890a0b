"""The whoosh schema of a passage, and the whoosh documents (one per paragraph) a parsed Document becomes.

In: a :class:`~search_engine.model.Document`. Out: dicts of field values for whoosh's ``add_document``.
"""

from __future__ import annotations

import json
from typing import Callable, Iterator

from ..model import Document


def schema():
    """The whoosh schema of a passage."""
    from whoosh.columns import NumericColumn, RefBytesColumn
    from whoosh.fields import COLUMN, ID, KEYWORD, STORED, Schema

    from ..analysis.fields import IndexedText, text_analyzer
    from .columns import References

    text = text_analyzer()
    return Schema(
        # a passage's id, ``<doc_id>#p<paragraph>``, is not stored: the doc_id and paragraph columns hold it (stored
        # with every passage, it took more than a third of what whoosh kept for a passage besides its text)
        # sortable: a column, for per-document counts and date order; each id stored once and each passage's as a
        # reference to it (index.columns: 2 bytes up to 65,536 documents a segment), not its id, length and offset
        doc_id=ID(sortable=References()),
        # a column only: no query names a paragraph (indexed, its number was a term with a posting per passage)
        paragraph=COLUMN(NumericColumn("I")),
        # not stored per passage: the document's texts are stored together on its first passage (``texts``)
        body=IndexedText(analyzer=text, phrase=True),
        # The document's fields (title and subtitle; summary and header lines; citation) are indexed on its
        # first passage only, which stands for the document: a passage is a hit through its own words, and
        # a title word does not make every paragraph a hit. (Repeating them on every passage, an archival
        # citation often as long as the paragraph, doubled the size and build time of the index.)
        title=IndexedText(analyzer=text, phrase=True),
        footnote=IndexedText(analyzer=text, phrase=True),  # the notes this passage cites (stored in meta)
        subjects=IndexedText(analyzer=text, phrase=True),  # the edition's index headings for its page (in meta)
        description=IndexedText(analyzer=text, phrase=True),
        citation=IndexedText(analyzer=text, phrase=True),
        classification_tag=KEYWORD(commas=True, scorable=False),  # classification: searches these
        # the same markings, comma-separated, as a column for facets: a few distinct values, each stored once
        classification_key=COLUMN(RefBytesColumn()),
        # yyyymmdd, see date_term(); columns for date filters (query.date_filter), as references like doc_id's
        date_start=ID(sortable=References()),
        date_end=COLUMN(References()),
        language=ID,  # ISO 639-1 code of the passage's text (its document's when too short to tell)
        year=COLUMN(RefBytesColumn()),  # of the document's date (its start, for a span): for facets
        month=COLUMN(RefBytesColumn()),  # yyyy-mm
        # a library's collections (Zotero) or lists (Tropy) and tags, each as one term in lower case, for filters;
        # as columns (names joined by a unit separator) for facets
        collection=KEYWORD(commas=True, lowercase=True, scorable=False),
        tag=KEYWORD(commas=True, lowercase=True, scorable=False),
        collection_key=COLUMN(),
        tag_key=COLUMN(),
        # where the source file lies (dir:, ext:, the folder facet): its folder on disk and the document's file
        # type, as columns of a few distinct values (2 bytes a passage), compared when a query names them
        folder=COLUMN(RefBytesColumn()),
        ext=COLUMN(RefBytesColumn()),
        # display data that is not searched (JSON): the passage's own (page, language, notes...), the document's
        # (title, date, source, citation...) on its first passage only (search.hits); a passage whose meta would
        # be empty (it has what its first passage has: see INHERITED) stores none, and whoosh then stores nothing
        meta=STORED,
        # the texts of a document's passages, TEXTS_CHUNK at a time, each chunk stored on its last passage:
        # compressed together they take about half of what each passage's text took stored on its own (whoosh
        # compresses each passage's stored fields alone, and an OCR'd paragraph is short), and a hit reads one
        # chunk, not its whole document; not on the first passage, which is read for its document's title alone
        texts=STORED,
        passages=STORED,  # on the first passage: how many the document has (where its last chunk ends)
    )


_INDEXED = None


def indexed_schema():
    """The schema, made once: the full-text fields that analyse a passage's texts during a build."""
    global _INDEXED
    if _INDEXED is None:
        _INDEXED = schema()
    return _INDEXED


# the passages whose texts are stored together (index.schema's texts; search.hits.DocumentTexts reads them): 16
# passages took 17% more room than a whole document's, 32 took 11% (FRUS, the seeds and 29 OCR'd files)
TEXTS_CHUNK = 32


def stored_texts(searcher, doc_id: str, count: int) -> list[str]:
    """The texts of the ``count`` passages of ``doc_id``, from the passages that store them (``texts``, a chunk of
    TEXTS_CHUNK on the chunk's last passage; index.catalog.load_document). A document's passages are added
    together and in order, so each chunk's passage is looked for where that puts it, and among all of them when
    it is not there; a chunk that cannot be found leaves the list short."""
    from .arrays import paragraph_of

    reader = searcher.reader()
    numbers = sorted(searcher.document_numbers(doc_id=doc_id))
    out: list[str] = []
    for end in [*range(TEXTS_CHUNK, count, TEXTS_CHUNK), count] if count else []:
        at = numbers[end - 1] if end <= len(numbers) and paragraph_of(reader, numbers[end - 1]) == end else None
        if at is None:
            at = next((n for n in numbers if paragraph_of(reader, n) == end), None)
        stored = searcher.stored_fields(at) if at is not None else {}
        if "texts" not in stored:
            break
        out.extend(stored["texts"])
    return out


# the keys of a passage's meta that belong to its document: stored on its first passage only
DOCUMENT_META = ("title", "subtitle", "date", "date_raw", "period", "classification", "source", "place", "citation")
# what a passage's meta leaves out (passage_records' ``inherit``) when it is the same as this, read from its
# document's first passage's meta: the page and language (the same for most passages), and notes when it cites
# none; search.hits reads them back (:func:`inherited_meta`). About 35 bytes a passage of the 110 whoosh stored
# for each besides the texts (FRUS, the seeds and 29 OCR'd files).
INHERITED = {"page": lambda lead: lead.get("page"), "language": lambda lead: lead.get("language"),
             "footnotes": lambda lead: []}


def inherited_meta(own: dict, lead: dict) -> dict:
    """A passage's meta (not its document's first passage's) with what ``passage_records`` left out of it taken
    from ``lead``, its document's first passage's meta (which also holds its document's display data)."""
    return {**lead, **{k: get(lead) for k, get in INHERITED.items()}, **own}


UNIT = "\x1f"  # between the names of a facet column (a collection's name may hold a comma)


def keyword_term(name: str) -> str:
    """A collection's or tag's name as one index term: lower case, spaces kept, commas (the separator of the
    field) turned into spaces."""
    return " ".join(name.replace(",", " ").lower().split())


def date_term(d) -> str:
    """A date as an index term that sorts as text in date order: 19621028."""
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def source_place(path: str, source: str) -> tuple[str, str]:
    """(folder, file type) of a document read from the file ``path`` (``source``: its own name, a member's
    inside a container): the file's folder on disk, absolute; the extension of the document's name, lower
    case and without its dot ("pdf"; "" for none)."""
    import os

    folder = os.path.dirname(os.path.abspath(path)) if path else ""
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    return folder, ext


def passage_records(doc: Document, path: str = "", analyse: Callable | None = None,
                    inherit: bool = False) -> Iterator[dict]:
    """The whoosh documents (one per paragraph) of a parsed document read from the file ``path``. With
    ``analyse`` (a full-text field's name and the texts its value joins, one per line -> its value for whoosh:
    see index.build.prepare_documents), the full-text fields are given analysed. With ``inherit`` (whoosh's
    records), a passage's meta leaves out what a reader takes from its document's first passage
    (:data:`INHERITED`), an empty meta is left out, and so is the passage's id (its doc_id and paragraph)."""
    title_parts = (doc.title, doc.subtitle) if doc.subtitle else (doc.title,)
    title = "\n".join(title_parts)
    # a labelled field the header does not hold ("RECORD NUMBER: 124-90137-10230", "NO: 1115") is searched too
    description_parts = tuple(x for x in (doc.summary, *doc.header, *(v for _, v in doc.labelled_fields())) if x)
    description = "\n".join(description_parts)
    from ..analysis.languages import passage_language

    folder, ext = source_place(path, doc.source or path)
    notes = {f.number: f for f in doc.footnotes}
    # notes on the title or on no paragraph in particular are searched with the first passage
    unattached = [f for f in doc.footnotes if f.paragraph is None or f.paragraph > len(doc.paragraphs)]
    doc_meta = {  # on the first passage, which stands for the document (DOCUMENT_META)
        "title": doc.title,
        "subtitle": doc.subtitle,
        "date": doc.date.iso if doc.date else None,
        "date_raw": doc.date.raw if doc.date else "",
        "period": doc.period.iso if doc.period else None,
        "classification": list(doc.classification),
        "source": doc.source,
        "place": doc.place,
        "citation": doc.citation,
    }
    for p in doc.paragraphs:
        cited = [notes[n] for n in p.footnotes if n in notes]
        if p.number == 1:
            cited = unattached + [f for f in cited if f not in unattached]
        language = passage_language(p.text, doc.language)
        lead = p.number == 1
        meta = {**(doc_meta if lead else {}), "page": p.page, "language": language,
                "footnotes": [{"number": f.number, "text": f.text} for f in cited]}
        if p.subjects:
            meta["subjects"] = "\n".join(p.subjects)
        if p.link or doc.link:
            meta["link"] = p.link or doc.link
        if p.image:
            meta["image"] = p.image
        if lead:
            meta["description"] = description
            lead_meta = meta
        elif inherit:
            meta = {k: v for k, v in meta.items() if k not in INHERITED or v != INHERITED[k](lead_meta)}
        record = {
            "passage_id": doc.passage_id(p.number),
            "doc_id": doc.doc_id,
            "paragraph": p.number,
            "body": p.text,
            "title": title if lead else "",
            "footnote": "\n".join(f.text for f in cited),
            "subjects": "\n".join(p.subjects),
            "description": description if lead else "",
            "citation": doc.citation if lead else "",
            "classification_tag": ",".join(doc.classification),
            "classification_key": ",".join(doc.classification).encode("utf-8"),
            "language": language or "und",
            "meta": json.dumps(meta, ensure_ascii=False),
            "folder": folder.encode("utf-8"),
            "ext": ext.encode("utf-8"),
        }
        if doc.collections or doc.tags:
            record["collection"] = ",".join(keyword_term(c) for c in doc.collections)
            record["tag"] = ",".join(keyword_term(t) for t in doc.tags)
            record["collection_key"] = UNIT.join(doc.collections).encode("utf-8")
            record["tag_key"] = UNIT.join(doc.tags).encode("utf-8")
        if doc.date:
            record["date_start"] = date_term(doc.date.start)
            record["date_end"] = date_term(doc.date.end).encode()
            record["year"] = f"{doc.date.start.year:04d}".encode()
            record["month"] = f"{doc.date.start.year:04d}-{doc.date.start.month:02d}".encode()
        if lead:
            record["passages"] = len(doc.paragraphs)
        if p.number % TEXTS_CHUNK == 0 or p.number == len(doc.paragraphs):
            record["texts"] = [q.text for q in doc.paragraphs[(p.number - 1) // TEXTS_CHUNK * TEXTS_CHUNK:p.number]]
        if inherit:
            del record["passage_id"]
            if meta == {}:
                del record["meta"]
        record = {k: v for k, v in record.items() if v != ""}  # an empty field costs whoosh as much as a word
        if analyse is not None:
            parts = {"body": (p.text,), "title": title_parts, "footnote": tuple(f.text for f in cited),
                     "subjects": tuple(p.subjects), "description": description_parts, "citation": (doc.citation,)}
            for name, texts in parts.items():
                if name in record:
                    record[name] = analyse(name, texts)
        yield record
