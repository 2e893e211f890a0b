"""The Solr documents a parsed Document becomes: one per passage, with the fields of the embedded index
(:func:`search_engine.index.schema.passage_records`), and one for the document itself.

Ids are ``DOC_ID!pN`` and ``DOC_ID!doc``: Solr's compositeId router sends every record of a document to
the same shard, which per-document counts and joins need, and a passage sent twice replaces itself.
"""

from __future__ import annotations

import json
import re

from ..analysis.tokens import SURFACE
from ..index.catalog import document_summary
from ..index.schema import DOCUMENT_META, passage_records
from ..model import Document

TEXT_FIELDS = ("body", "title", "footnote", "subjects", "description", "citation")


def passage_id_of(doc_id: str, paragraph: int) -> str:
    return f"{doc_id}!p{paragraph}"


def document_id_of(doc_id: str) -> str:
    return f"{doc_id}!doc"


def deleted_id_of(doc_id: str) -> str:
    """The record that keeps a document deleted from an unchanged file out (see solr/build.delete_documents)."""
    return f"{doc_id}!deleted"


SOURCES_ID = "_sources!sources"
LINKS_ID = "_links!links"  # the connections between the documents (solr/connections.py)
SUBJECTS_ID = "_links!subjects"  # the documents' index headings, for related documents (solr/connections.py)
BEFORE_ID = "_links!before"  # the profiles of documents replaced or removed since the links were computed


def date_value(span) -> str:
    """A document's date span as a DateRangeField value: a day, or [start TO end]."""
    start, end = span.start.isoformat(), span.end.isoformat()
    return start if start == end else f"[{start} TO {end}]"


# the embedded index's record of a passage beyond its body and meta (its document's fields on its first passage,
# its notes and headings, the columns of its filters), for ranking candidates as that index ranks them
# (solr/rerank.py); whoosh's byte columns are kept as text
RECORD_FIELDS = ("title", "footnote", "subjects", "description", "citation", "classification_tag",
                 "classification_key", "date_start", "date_end", "language", "year", "month", "collection", "tag",
                 "collection_key", "tag_key", "folder", "ext")


def field_terms(record: dict) -> dict[str, dict[str, list[int]]]:
    """Each full-text field of a passage analysed as the embedded index analyses it: its index terms and their
    positions (analysis.fields.IndexedText.positions)."""
    field = _text_field()
    return {name: field.positions(record[name]) for name in TEXT_FIELDS if record.get(name)}


def field_lengths(terms: dict[str, dict[str, list[int]]]) -> dict[str, int]:
    """Each full-text field's length as whoosh records it: its words' index terms, not their written forms
    (see analysis.fields.IndexedText)."""
    return {name: sum(len(where) for term, where in positions.items() if term[0] != SURFACE)
            for name, positions in terms.items()}


def encode_terms(positions: dict[str, list[int]]) -> str:
    """A field's terms and positions as one string, ``\nTERM\tP,P,P`` per term: kept in the passage's record,
    so that ranking its candidates (solr/rerank.py) neither tokenizes nor stems their text again, and
    finds the few terms a query asks for by one scan (decoding a JSON object of every term took longer than
    analysing the text)."""
    return "".join(f"\n{term}\t{','.join(map(str, where))}" for term, where in positions.items()) + "\n"


def decode_terms(encoded: str, pattern=None) -> dict[str, list[int]]:
    """The terms and positions of :func:`encode_terms` (those ``pattern`` finds, by default every one)."""
    return {m.group(1): [int(p) for p in m.group(2).split(",")]
            for m in (pattern or _EVERY_TERM).finditer(encoded)}


def terms_pattern(terms) -> re.Pattern:
    """What finds ``terms`` in an :func:`encode_terms` string."""
    return re.compile("\n(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + ")\t([0-9,]+)")


_EVERY_TERM = re.compile("\n([^\t\n]+)\t([0-9,]+)")


_FIELD = None


def _text_field():
    global _FIELD
    if _FIELD is None:
        from ..index.schema import schema

        _FIELD = schema()["body"]
    return _FIELD


def solr_passages(doc: Document, path: str = "", position: int = 0, libraries: bool = True) -> list[dict]:
    """The passages of ``doc``, the ``position``-th document of the file ``path``; each one's ``meta`` holds its
    document's display data too (the embedded index keeps that on the first passage only: a hit here is read
    from its own record). With ``libraries``, a library item's collections and tags (a collection made from
    an older configset has no fields for them)."""
    from ..index.schema import keyword_term

    library = {}
    if libraries and (doc.collections or doc.tags):
        library = {"collection": list(dict.fromkeys(keyword_term(c) for c in doc.collections)),
                   "tag": list(dict.fromkeys(keyword_term(t) for t in doc.tags)),
                   "collection_name": list(dict.fromkeys(doc.collections)), "tag_name": list(dict.fromkeys(doc.tags))}
    out = []
    document_meta: dict = {}
    from ..index.catalog import is_added

    # where the embedded index puts the document (it breaks ties between passages): added ones last
    order = f"{'~' if is_added(path) else ''}{path}\n{position:06d}"
    for record in passage_records(doc, "" if is_added(path) else path):
        meta = json.loads(record["meta"])
        if record["paragraph"] == 1:
            document_meta = {k: meta[k] for k in DOCUMENT_META if k in meta}
        record["meta"] = json.dumps({**document_meta, **meta}, ensure_ascii=False)
        solr = {
            "id": passage_id_of(doc.doc_id, record["paragraph"]),
            "record": "passage",
            "passage_id": record["passage_id"],
            "doc_id": record["doc_id"],
            "paragraph": record["paragraph"],
            "language": record["language"],
            "meta": record["meta"],
        }
        solr.update((f, record[f]) for f in TEXT_FIELDS if record.get(f))
        terms = field_terms(record)
        lengths = field_lengths(terms)
        # summed by the collection for BM25F's average field lengths
        solr.update((f"length_{name}", n) for name, n in lengths.items())
        solr.update((f, record[f].decode()) for f in ("folder", "ext") if record.get(f))
        solr["record_json"] = json.dumps({f: record[f].decode() if isinstance(record[f], bytes) else record[f]
                                          for f in RECORD_FIELDS if f in record}
                                         | {"order": order, "lengths": lengths,
                                            "terms": {name: encode_terms(t) for name, t in terms.items()}},
                                         ensure_ascii=False)
        solr.update((k, v) for k, v in library.items() if v)
        if doc.classification:
            solr["classification_tag"] = list(dict.fromkeys(doc.classification))
        if doc.date:
            solr["date"] = date_value(doc.date)
            solr["date_start"] = record["date_start"]
            solr["year"] = record["year"].decode()
            solr["month"] = record["month"].decode()
        out.append(solr)
    return out


def solr_document(doc: Document, path: str, sha256: str, profiles: bool = True) -> dict:
    """The record of a whole document, written after its passages: a document without it is not indexed.
    With ``profiles``, it keeps what connects the document with the others (index.sketches.profile)."""
    from ..index.sketches import profile

    summary = document_summary(doc)
    return {
        **({"profile_json": json.dumps(profile(doc), ensure_ascii=False)} if profiles else {}),
        "id": document_id_of(doc.doc_id),
        "record": "document",
        "doc_id": doc.doc_id,
        "title_text": doc.title,
        "document_json": json.dumps(doc.to_json(), ensure_ascii=False),
        "summary_json": json.dumps(summary, ensure_ascii=False),
        "file_path": path,
        "file_sha256": sha256,
        "paragraph": len(doc.paragraphs),
    }
