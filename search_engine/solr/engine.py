"""SearchEngine on a SolrCloud collection: ``SearchEngine("solr://host:8983/solr/COLLECTION")``.

The same public methods as the embedded engine, answered by the collection (a collection made from an older
configset raises a NotAvailableError for what its schema has no room for).
"""

from __future__ import annotations

import json
import os
import threading
from typing import Iterable

from ..api import SearchEngine, _with_links
from ..errors import DocumentNotFoundError, NotAvailableError
from ..model import (
    Document,
    DocumentInfo,
    Highlights,
    IndexSummary,
    RelatedResults,
    SearchResults,
    SourceInfo,
)
from .client import ForeignCollectionError, SolrClient, SolrError
from .query import quote


class SolrSearchEngine(SearchEngine):
    """A search index in a SolrCloud collection (see :class:`search_engine.api.SearchEngine`)."""

    def __init__(self, url: str):
        self.client = SolrClient(url)
        self.url = self.client.url.text
        self.index_dir = self.url  # what messages and summaries name
        self._checked = False
        self._lock = threading.Lock()
        self._live = None
        self._aliases = {}
        self._links_record = None
        self._libraries = None

    def __repr__(self) -> str:
        return f"SearchEngine({self.url!r})"

    def _collection(self) -> SolrClient:
        if not self._checked:
            self.client.check_collection()
            self._checked = True
        return self.client

    @property
    def exists(self) -> bool:
        """Whether the collection exists (made from our configset); raises when no node answers."""
        from ..errors import IndexNotFoundError

        try:
            self._collection()
        except ForeignCollectionError:
            raise
        except IndexNotFoundError:
            return False
        return True

    def init_collection(self, *, shards: int = 1, replicas: int = 1) -> dict:
        """Upload the shipped configset and create the collection with ``shards`` x ``replicas`` (an existing
        collection of ours is kept); what was done, as a dict."""
        from .admin import init_collection

        return init_collection(self.client, shards=shards, replicas=replicas)

    def health(self) -> dict:
        """Each shard's replicas: node, state, live, leader."""
        from .admin import health

        return health(self._collection())

    def index(self, sources: Iterable[str | os.PathLike] | None = None, *, rebuild: bool = False,
              encoding: str | None = None, wait: float = 0.0, strict: bool = False, prune: bool = False,
              progress=None, ocr_languages: str | None = None, ocr_photos: bool = False,
              workers: int | None = None) -> IndexSummary:
        """Index files and folders into the collection (see :meth:`SearchEngine.index`); ``workers`` processes
        read and parse files side by side (default: one per core). ``wait`` is accepted for the same calls: a
        collection takes concurrent updates, there is no lock to wait for. Zotero libraries and Tropy projects
        are read as libraries, as the embedded index reads them (one document per item)."""
        from .. import arguments
        from .build import build

        return build(self._collection(), list(sources) if sources else None, rebuild=rebuild, encoding=encoding,
                     strict=strict, prune=prune, progress=progress, ocr_languages=ocr_languages, workers=workers,
                     ocr_photos=arguments.flag("ocr_photos", ocr_photos))

    def sources(self) -> list[SourceInfo]:
        from ..index.build import source_infos
        from .build import held_catalog

        return source_infos(held_catalog(self._collection()))

    def forget_sources(self, paths, *, wait: float = 0.0) -> IndexSummary:
        """As :meth:`SearchEngine.forget_sources`: stop remembering these sources and remove their documents.
        ``wait`` is accepted for the same calls (a collection has no lock to wait for)."""
        from .. import arguments
        from .build import forget_sources

        return forget_sources(self._collection(), arguments.sources(paths) or [])

    def verify(self) -> int:
        """Check that every shard has a live leader and that the collection holds exactly the passages its
        documents' records count (none lost, none twice); the number of documents checked."""
        from .admin import health
        from .build import held_catalog

        client = self._collection()
        for shard, replicas in health(client).items():
            if not any(r["leader"] and r["live"] and r["state"] == "active" for r in replicas):
                raise SolrError(f"shard {shard} of {client.collection} has no live leader: {replicas}")
        catalog = held_catalog(client)
        expected = sum(d["passages"] for d in catalog.documents.values())
        facet = client.select({"q": "record:passage", "rows": 0, "facet": "true", "facet.field": "doc_id",
                               "facet.limit": -1, "facet.mincount": 1})
        flat = facet["facet_counts"]["facet_fields"]["doc_id"]
        held = {flat[i]: flat[i + 1] for i in range(0, len(flat), 2)}
        wrong = [(d, held.get(d, 0), s["passages"]) for d, s in catalog.documents.items() if held.get(d, 0) != s["passages"]]
        orphans = [d for d in held if d not in catalog.documents]
        if wrong or orphans:
            detail = "; ".join(f"{d} holds {h} passage(s), its record says {n}" for d, h, n in wrong[:5])
            if orphans:
                detail += ("; " if detail else "") + f"passages of {len(orphans)} document(s) without a record " \
                          f"({', '.join(orphans[:5])}): run `search-engine index` to finish the interrupted build"
            raise SolrError(f"{client.collection} is inconsistent: {detail}")
        if sum(held.values()) != expected:
            raise SolrError(f"{client.collection} holds {sum(held.values())} passages, its documents {expected}")
        return len(catalog.documents)

    def search(self, query: str, *, limit: int = 10, offset: int = 0, date_from=None, date_to=None,
               classification: Iterable[str] | str = (), language: Iterable[str] | str = (),
               doc: Iterable[str] | str = (), sort: str = "relevance", per_doc: int = 0, facets: bool = False,
               aliases: str | os.PathLike | None = None, thesaurus: bool = True, context: int = 0,
               snippets: bool = True, dedupe: bool = True, collection: Iterable[str] | str = (),
               tag: Iterable[str] | str = (), dir: Iterable[str] | str = (),
               ext: Iterable[str] | str = ()) -> SearchResults:
        """As :meth:`SearchEngine.search`; the aliases file is ``aliases`` or none (a collection has no folder
        to hold one)."""
        from .. import arguments
        from ..query.aliases import load_aliases
        from .search import run

        collection, tag = arguments.strings("collection", collection), arguments.strings("tag", tag)
        self._library_filters(collection, tag)
        folder, ext = arguments.strings("dir", dir), arguments.strings("ext", ext)
        query, limit, offset, date_from, date_to, classification, language, doc = arguments.search_basics(
            query, limit, offset, date_from, date_to, classification, language, doc)
        sort = arguments.choice("sort", sort, arguments.SORTS)
        per_doc = arguments.integer("per_doc", per_doc, 0)
        context = arguments.integer("context", context, 0)
        client = self._collection()
        self._known(doc)
        aliases = load_aliases(arguments.optional_path("aliases", aliases), None,
                               thesaurus=arguments.flag("thesaurus", thesaurus))
        dedupe = arguments.flag("dedupe", dedupe)
        links = self._links()
        results = run(client, query, limit=limit, offset=offset, date_from=date_from, date_to=date_to,
                      classification=classification, language=language, doc=doc, sort=sort, per_doc=per_doc,
                      facets=arguments.flag("facets", facets), aliases=aliases, context=context,
                      snippets=arguments.flag("snippets", snippets), folder=folder, ext=ext,
                      copies=links.copies if dedupe else None, collection=collection, tag=tag,
                      libraries=self._has_library_fields())
        return _with_links(results, links, dedupe)

    def count(self, query: str, *, date_from=None, date_to=None, classification: Iterable[str] | str = (),
              language: Iterable[str] | str = (), doc: Iterable[str] | str = (), aliases=None,
              thesaurus: bool = True, dedupe: bool = True, collection: Iterable[str] | str = (),
              tag: Iterable[str] | str = ()) -> int:
        """As :meth:`SearchEngine.count`."""
        from .. import arguments
        from ..query.aliases import load_aliases
        from .search import count

        collection, tag = arguments.strings("collection", collection), arguments.strings("tag", tag)
        self._library_filters(collection, tag)
        doc = arguments.strings("doc", doc)
        self._known(doc)
        return count(self._collection(), arguments.text("query", query),
                     date_from=arguments.filter_date("date_from", date_from),
                     date_to=arguments.filter_date("date_to", date_to),
                     classification=arguments.strings("classification", classification),
                     language=arguments.strings("language", language), doc=doc,
                     aliases=load_aliases(arguments.optional_path("aliases", aliases), None, thesaurus=thesaurus),
                     copies=self._links().copies if arguments.flag("dedupe", dedupe) else None,
                     collection=collection, tag=tag)

    def _has_library_fields(self) -> bool:
        """Whether the collection's schema holds a library's collections and tags (asked once)."""
        from .connections import has_field

        if self._libraries is None:
            self._libraries = has_field(self._collection(), "collection")
        return self._libraries

    def _library_filters(self, collection, tag) -> None:
        if (collection or tag) and not self._has_library_fields():
            raise NotAvailableError(f"{self.url} was made before collections kept a library's collections and "
                                    "tags: make a new one with `search-engine solr init` and index into it")

    def _links(self):
        """The connections between the collection's documents (solr/connections.py), read again when changed."""
        from .connections import CollectionLinks

        if self._links_record is None:
            self._links_record = CollectionLinks(self._collection())
        return self._links_record.current()

    def _known(self, doc_ids) -> None:
        missing = [d for d in doc_ids if not self._has_document(d)]
        if missing:
            raise DocumentNotFoundError(f"no document {missing[0]!r} in {self.url} (see documents())")

    def add(self, document, *, doc_id=None, wait: float = 0.0):
        """As :meth:`SearchEngine.add`: a document that has no file, kept under ``added:<doc_id>`` by later
        index runs. ``wait`` is accepted for the same calls (a collection has no lock to wait for)."""
        from .. import arguments
        from ..api import _as_document

        if doc_id is not None:
            arguments.text("doc_id", doc_id)
        return self.add_all([_as_document(document, doc_id)], wait=wait)[0]

    def add_all(self, documents, *, wait: float = 0.0):
        """As :meth:`SearchEngine.add_all`: several documents in one update."""
        from ..api import _documents_to_add, _info
        from .build import add_documents

        docs = _documents_to_add(documents)
        if not docs:
            return []
        catalog = add_documents(self._collection(), docs)
        return [_info(catalog.documents[d.doc_id]) for d in docs]

    def delete(self, doc_id, *, wait: float = 0.0) -> None:
        """As :meth:`SearchEngine.delete`: a document of a source file stays out while the file is unchanged;
        an added one is gone for good."""
        from .. import arguments
        from .build import delete_documents

        if doc_id is None:
            raise TypeError("doc_id must be a str or an iterable of str, not NoneType")
        ids = arguments.strings("doc_id", doc_id)
        if not ids:
            raise ValueError("doc_id must name at least one document")
        delete_documents(self._collection(), list(dict.fromkeys(ids)))

    def compact(self, *, wait: float = 0.0):
        """Solr's optimize: each replica of each shard merges its segments into one, which drops the passages
        that updates and deletions replaced. Solr merges as it goes; what compacting changes is that document
        frequencies, which count replaced passages until they are merged away, count the live ones only (the
        ranking's statistics, solr/rerank.py). Heavy on a large collection: run it after many updates."""
        import time

        from ..model import IndexSummary
        from .build import held_catalog

        started = time.monotonic()
        client = self._collection()
        client.request(f"{client.collection}/update", {"optimize": "true", "maxSegments": "1",
                                                       "waitSearcher": "true"}, body={}, retry=True)
        catalog = held_catalog(client)
        docs = catalog.documents.values()
        return IndexSummary(documents=len(catalog.documents), passages=sum(d["passages"] for d in docs),
                            footnotes=sum(d["footnotes"] for d in docs), seconds=time.monotonic() - started,
                            index_dir=self.url)

    def _has_document(self, doc_id: str) -> bool:
        from .records import document_id_of

        found = self._collection().select({"q": f"id:{quote(document_id_of(doc_id))}", "rows": 0})
        return found["response"]["numFound"] > 0

    def documents(self) -> list[DocumentInfo]:
        from ..api import _infos
        from .build import held_catalog

        return _infos(held_catalog(self._collection()))

    def _record(self, doc_id: str) -> dict:
        from .records import document_id_of

        found = self._collection().select({"q": f"id:{quote(document_id_of(doc_id))}",
                                           "fl": "document_json,file_path", "rows": 1})["response"]["docs"]
        if not found:
            raise DocumentNotFoundError(f"no document {doc_id!r} in {self.url} (see `search-engine list`)")
        return found[0]

    def document(self, doc_id: str) -> Document:
        return Document.from_json(json.loads(self._record(doc_id)["document_json"]))

    def source_file(self, doc_id: str):
        from pathlib import Path

        return Path(self._record(doc_id)["file_path"])

    def highlights(self, query: str, doc_id: str, *, aliases=None) -> Highlights:
        from ..query.aliases import load_aliases
        from ..query.parser import parse
        from ..search.highlight import matches
        from .query import SolrCompiler
        from .search import places

        doc = self.document(doc_id)
        compiled = SolrCompiler(query, load_aliases(aliases, None), places=places(self._collection())).compile_ranked(
            parse(query))
        terms, phrases = compiled.highlight, compiled.phrases
        body = (terms.get("body", set()), phrases.get("body", ()))
        notes = (terms.get("footnote", set()), phrases.get("footnote", ()))
        paragraphs = {p.number: spans for p in doc.paragraphs if (spans := tuple(matches(p.text, *body)))}
        footnotes = {f.number: spans for f in doc.footnotes if (spans := tuple(matches(f.text, *notes)))}
        found = self.search(query, limit=max(1, len(doc.paragraphs)), doc=[doc_id], per_doc=0, aliases=aliases,
                            snippets=False)
        return Highlights(query=query, doc_id=doc_id, passages=tuple(sorted(h.paragraph for h in found)),
                          paragraphs=paragraphs, footnotes=footnotes)

    def connections(self, doc_id: str):
        """As :meth:`SearchEngine.connections`, from the links the collection keeps (solr/connections.py)."""
        return self._links().connections(self.document(doc_id))

    def _related(self, source: Document, paragraph: int | None, **options) -> RelatedResults:
        """As :meth:`SearchEngine.related`: search.related's ranking over the collection's passages (solr/related.py)."""
        from ..api import _related_with_links
        from ..search.related import related
        from .related import CollectionIndex

        links = self._links()
        index = CollectionIndex(self._collection())
        found = related(index, source, paragraph, exclude=links.copies.get(source.doc_id, ()), links=links,
                        subjects=self._links_record.subjects(), vocabulary=index.vocabulary, catalog=index.catalog,
                        **options)
        return _related_with_links(found, links)

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""


