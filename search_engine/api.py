"""The public Python entry point: the CLI and other tools go through SearchEngine."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from . import arguments
from .errors import (
    DocumentNotFoundError,
    IndexDamagedError,
    IndexNotFoundError,
    IndexReadError,
    SearchEngineError,
)
from .model import (
    Connections,
    DateRange,
    Document,
    DocumentInfo,
    Highlights,
    Hit,
    IndexSummary,
    Passage,
    PassageView,
    Progress,
    Reference,
    RelatedResults,
    SearchResults,
    SourceInfo,
    StrPath,
)

if TYPE_CHECKING:
    from .cite.export import Export
    from .index.generation import Generation
    from .query.aliases import Aliases
    from .search.links import Links
    from .search.related import Subjects

T = TypeVar("T")

DEFAULT_INDEX = "index_data"


class SearchEngine:
    """A search index on disk.

    One engine may be shared by any number of threads while this or another process updates the index:
    each query runs on one generation of the index, held until the query ends (see the README, "Using it
    from Python").

    >>> engine = SearchEngine("index_data")
    >>> engine.index(["seeds"])                          # doctest: +SKIP
    >>> for hit in engine.search("dismantle missiles"):  # doctest: +SKIP
    ...     print(hit.passage_id, hit.snippet)
    """

    def __new__(cls, index_dir: StrPath | Iterable[StrPath] = DEFAULT_INDEX) -> SearchEngine:
        # "solr://host:8983/solr/COLLECTION": the same engine on a SolrCloud collection (search_engine/solr/)
        if cls is SearchEngine and isinstance(index_dir, str) and index_dir.startswith("solr://"):
            from .solr.engine import SolrSearchEngine

            return super().__new__(SolrSearchEngine)
        # a list of index folders: searched as one (SeveralIndexes); a list of one is that index
        if cls is SearchEngine and isinstance(index_dir, (list, tuple)) and len(index_dir) != 1:
            return super().__new__(SeveralIndexes)
        return super().__new__(cls)

    def __init__(self, index_dir: StrPath | Iterable[StrPath] = DEFAULT_INDEX) -> None:
        if isinstance(index_dir, (list, tuple)) and len(index_dir) == 1:
            index_dir = index_dir[0]
        self.index_dir = Path(arguments.path("index_dir", index_dir))
        self._lock = threading.Lock()  # guards _live: which generation new queries use
        self._live: Generation | None = None
        self._named: tuple = ()  # (CURRENT's stamp, the generation it named) when last read (see _named_generation)
        self._aliases: dict[tuple, Aliases] = {}  # the aliases last read, by file and state (see _load_aliases)

    def __repr__(self) -> str:
        return f"SearchEngine({str(self.index_dir)!r})"

    @property
    def exists(self) -> bool:
        """Whether an index has been built here."""
        from .index.layout import CURRENT

        return (self.index_dir / CURRENT).is_file()

    # -- writing --------------------------------------------------------------------------------------------

    def index(self, sources: StrPath | Iterable[StrPath] | None = None, *,
              rebuild: bool = False, encoding: str | None = None, wait: float = 0.0, strict: bool = False,
              prune: bool = False, progress: Progress | None = None,
              ocr_languages: str | None = None, ocr_photos: bool = False) -> IndexSummary:
        """Build or update the index from files and folders (or from the sources it remembers).

        Parameters
        ----------
        sources : path or iterable of paths, optional
            Files and folders to index (a single path is one source); new ones are added to the sources the
            index remembers, and with none the index is updated from those. A named source that does not
            exist raises SourceNotFoundError.
        rebuild : bool
            Start over instead of updating (the old index stays live until the new one is complete).
        encoding : str, optional
            Decode the text files that are not UTF-8 with this encoding ("cp1251") instead of detecting it.
        wait : float
            Seconds to wait for another build's lock before raising IndexLockedError.
        strict : bool
            Raise StrictBuildError (and write nothing) if any source file cannot be read, instead of
            listing it in the summary's ``skipped`` (or keeping its last good version: ``stale``).
        prune : bool
            Forget remembered sources that are missing and drop their documents (by default they are kept,
            and listed in the summary's ``missing``).
        progress : callable, optional
            ``progress(phase, done, total, item)``, ``done`` and ``total`` in bytes of the files to read:
            phase "read" as each file is read, "write" as each of its passages is indexed, "save" once;
            "ocr" counts the pages of scans Tesseract has read, of those it was given.
        ocr_languages : str, optional
            The languages Tesseract reads scans in ("eng+rus"; by default those of English and Russian
            installed); each page is read once (the index folder caches them).
        ocr_photos : bool
            Also read the photos of Tropy projects by OCR, each photo's text as passages of that photo (an
            update with it turned on or off reads the projects' items again).

        A Zotero data folder or a Tropy project among the sources, or found in a folder among them, is read an
        item at a time (its database from a copy: the library is never written), and the files its items read
        are not indexed again as files of the folder. Unchanged files are skipped by content hash, changed ones re-parsed, deleted ones removed. Searches
        keep seeing the previous index until the new one is complete, and queries running on it finish on it.
        """
        from .index.build import build

        return build(self.index_dir, arguments.sources(sources), rebuild=arguments.flag("rebuild", rebuild),
                     encoding=arguments.optional_text("encoding", encoding), wait=arguments.seconds("wait", wait),
                     strict=arguments.flag("strict", strict), prune=arguments.flag("prune", prune),
                     progress=arguments.callback("progress", progress),
                     ocr_languages=arguments.optional_text("ocr_languages", ocr_languages),
                     ocr_photos=arguments.flag("ocr_photos", ocr_photos))

    def watch(self, sources: StrPath | Iterable[StrPath] | None = None, *, stop: threading.Event | None = None,
              on_batch: Callable[[Any], None] | None = None, on_start: Callable[[list[str]], None] | None = None,
              wait: float = 30.0, quiet: float = 0.3, polling: bool = False) -> None:
        """Keep the index current as its sources change, until ``stop`` is set (or Ctrl-C).

        ``sources`` are first indexed as :meth:`index` does (none: the index is brought up to date from the
        sources it remembers); then each burst of changes to the remembered sources (a save, a move, a
        deletion; a change to a Zotero library's database or a Tropy project) is gathered until they have been
        quiet for ``quiet`` seconds (at most 1.5 s) and published as one update, ``index(folders)`` of the
        folders that changed (atomic, like any update; ``wait`` seconds for another build's lock). A source that
        disappears keeps its documents. ``on_start(watched)`` is called once the watching starts, with the
        sources being watched; ``on_batch(batch)`` after each update (an ``index.watch.Batch``: ``paths``,
        ``summary``, ``error``). ``polling`` polls the folders instead of asking the system for events
        (network shares that send none)."""
        from .errors import SourcesMissingError
        from .index.watch import watch

        stop = stop or threading.Event()
        wait = arguments.seconds("wait", wait)
        try:
            self.index(sources, wait=wait)
        except SourcesMissingError:
            pass  # a missing source keeps its documents; it is watched again once it is back (restart)
        watch(self.index_dir, [s.path for s in self.sources() if s.status != "missing"],
              lambda paths: self.index(paths, wait=wait), stop=stop, on_batch=on_batch, on_start=on_start,
              quiet=quiet, polling=polling)

    def sources(self) -> list[SourceInfo]:
        """The sources the index remembers, whether each is there, and what the index holds from it."""
        from .index.build import source_infos

        return self._on_generation(lambda gen: source_infos(gen.catalog()))

    def forget_sources(self, paths: Iterable[StrPath], *, wait: float = 0.0) -> IndexSummary:
        """Stop remembering these sources and remove their documents (nothing is read from them)."""
        from .index.build import forget_sources

        return forget_sources(self.index_dir, arguments.sources(paths) or [], wait=arguments.seconds("wait", wait))

    def add(self, document: Document | str, *, doc_id: str | None = None, wait: float = 0.0) -> DocumentInfo:
        """Add a document that has no file (a note, a transcription, a record from another tool): a Document,
        or a text read as a plain-text file is (front matter included), whose ``doc_id`` is given here or by
        ``id:`` in its front matter. Returns what ``documents()`` lists for it.

        The document is published atomically, like any update, and kept by later updates and rebuilds
        (the catalog holds it under the pseudo-source ``added:<doc_id>``); adding one with the same id again
        replaces it. The id of a document read from a source file is a ValueError.
        """
        if doc_id is not None:
            arguments.text("doc_id", doc_id)
        return self.add_all([_as_document(document, doc_id)], wait=wait)[0]

    def add_all(self, documents: Iterable[Document | str], *, wait: float = 0.0) -> list[DocumentInfo]:
        """Add several documents (see :meth:`add`) in one update: one new generation for all of them. A text
        needs ``id:`` in its front matter here."""
        from .index.edit import edit

        docs = _documents_to_add(documents)
        if not docs:
            return []
        catalog = edit(self.index_dir, add=docs, wait=arguments.seconds("wait", wait))
        return [_info(catalog.documents[d.doc_id]) for d in docs]

    def delete(self, doc_id: str | Iterable[str], *, wait: float = 0.0) -> None:
        """Remove a document (or several) from the index, published atomically like any update.

        A document of a source file stays out while that file is unchanged, and comes back when the file
        changes (the next ``index()`` reads it again); an added document is gone for good.
        DocumentNotFoundError if the index does not hold it.
        """
        from .index.edit import edit

        if doc_id is None:
            raise TypeError("doc_id must be a str or an iterable of str, not NoneType")
        ids = arguments.strings("doc_id", doc_id)
        if not ids:
            raise ValueError("doc_id must name at least one document")
        edit(self.index_dir, delete=ids, wait=arguments.seconds("wait", wait))

    def compact(self, *, wait: float = 0.0) -> IndexSummary:
        """Merge the index into one whoosh segment and one document store file, published as a new generation.

        Updates merge as they go (a few small segments stay beside the large ones); after many of them,
        this gives the search speed of a rebuilt index without reading the sources again.
        """
        import time

        from .index.edit import edit

        started = time.monotonic()
        catalog = edit(self.index_dir, compact=True, wait=arguments.seconds("wait", wait))
        docs = catalog.documents.values()
        return IndexSummary(documents=len(catalog.documents), passages=sum(d["passages"] for d in docs),
                            footnotes=sum(d["footnotes"] for d in docs), seconds=time.monotonic() - started,
                            index_dir=str(self.index_dir))

    def verify(self) -> int:
        """Re-check every file of the index against its checksum manifest; the number of files checked.

        Every query checks sizes, and the contents of files changed since they were last checked; this
        reads everything. Raises IndexDamagedError naming the first bad file.
        """
        from .index.storage import Verifier, named_generation

        verifier = Verifier(named_generation(self.index_dir))
        verifier.check(full=True)
        return len(verifier.files)

    # -- reading --------------------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 10, offset: int = 0, date_from: str | date | None = None,
               date_to: str | date | None = None, classification: str | Iterable[str] = (),
               language: str | Iterable[str] = (), doc: str | Iterable[str] = (), sort: str = "relevance",
               per_doc: int = 0, facets: bool = False, aliases: StrPath | None = None,
               thesaurus: bool = True, context: int = 0, snippets: bool = True, dedupe: bool = True,
               collection: str | Iterable[str] = (), tag: str | Iterable[str] = (), dir: str | Iterable[str] = (),
               ext: str | Iterable[str] = ()) -> SearchResults:
        """Ranked passages for ``query``; see the README for the query syntax.

        Parameters
        ----------
        limit : int
            Passages to return, 1 to 10,000 (``results.total`` counts them all).
        offset : int
            Passages to skip first: ``offset=10, limit=10`` is the second page (hits are ranked from 11).
        date_from, date_to : str or datetime.date, optional
            Keep passages whose document date overlaps this span ("1962-10-28", "1962-10", "1962").
        classification : str or iterable of str
            Keep passages of documents carrying any of these markings ("top secret", "EYES ONLY"); a
            marking neither the engine nor the index knows is a QueryError listing the known ones.
        language : str or iterable of str
            Keep passages written in any of these languages ("ru", "Russian", "en").
        doc : str or iterable of str
            Keep passages of these documents (ids as ``documents()`` gives them).
        collection, tag : str or iterable of str
            Keep passages of library items (Zotero, Tropy) in any of these collections (Tropy lists), or with
            any of these tags; whole names, in any case.
        dir, ext : str or iterable of str
            Keep passages of files in a folder of this name (whole path components, in order: "frus",
            "corpora/frus"), or of this file type ("pdf", "md"): any of them, as ``dir:`` and ``ext:`` in a query.
        sort : "relevance", "date" or "-date"
            Order of the hits; by date, undated documents come last (each hit keeps its score).
        per_doc : int
            At most this many passages of one document (``hit.more_in_document`` says how many more
            matched); 0 turns grouping off.
        facets : bool
            Count the matching passages by classification, year, month and document (``results.facets``).
        aliases : path, optional
            An aliases file (``Pavlov = Alekseev``); by default the index folder's ``aliases.txt``.
        thesaurus : bool
            Also search the names the shipped thesaurus gives events, treaties, bodies and people
            ("Cuban missile crisis" = "Caribbean crisis"); False searches only the query's own words
            (and the aliases file's).
        context : int
            Attach this many neighbouring paragraphs before and after each hit (as many as the document has).
        snippets : bool
            Mark the matched words in a window of each hit (``hit.snippet``); False gives the passage's
            opening words instead, for callers that only want the ranking.
        dedupe : bool
            Show one hit per group of copies and versions of a text (the others in ``hit.also_in``);
            False shows every copy's passages.
        """
        query, limit, offset, date_from, date_to, classification, language, doc = arguments.search_basics(
            query, limit, offset, date_from, date_to, classification, language, doc)
        collection, tag = arguments.strings("collection", collection), arguments.strings("tag", tag)
        folder, ext = arguments.strings("dir", dir), arguments.strings("ext", ext)
        sort = arguments.choice("sort", sort, arguments.SORTS)
        per_doc = arguments.integer("per_doc", per_doc, 0)
        facets, snippets = arguments.flag("facets", facets), arguments.flag("snippets", snippets)
        dedupe = arguments.flag("dedupe", dedupe)
        context = arguments.integer("context", context, 0)
        aliases, thesaurus = arguments.optional_path("aliases", aliases), arguments.flag("thesaurus", thesaurus)
        return self._search(query, aliases, thesaurus, limit=limit, offset=offset, date_from=date_from,
                            date_to=date_to, classification=classification, language=language, doc=doc, sort=sort,
                            per_doc=per_doc, facets=facets, context=context, snippets=snippets, dedupe=dedupe,
                            collection=collection, tag=tag, folder=folder, ext=ext)

    def _search(self, query: str, aliases: StrPath | None, thesaurus: bool, *, limit: int, offset: int, date_from,
                date_to, classification: list[str], language: list[str], doc: list[str], sort: str, per_doc: int,
                facets: bool, context: int, snippets: bool, dedupe: bool, collection: list[str],
                tag: list[str], folder: list[str], ext: list[str]) -> SearchResults:
        """:meth:`search` with its arguments checked."""
        from .search.run import run

        found_aliases = self._load_aliases(aliases, thesaurus)

        def on(gen: Generation) -> SearchResults:
            self._known_documents(gen, doc)
            links = self._links_of(gen)
            with gen.searcher() as searcher:
                results = run(searcher, query, limit=limit, offset=offset, date_from=date_from, date_to=date_to,
                              classification=classification, language=language, doc=doc, sort=sort,
                              per_doc=per_doc, facets=facets, aliases=found_aliases, vocabulary=gen.vocabulary,
                              context=context, snippets=snippets, copies=links.copies if dedupe else None,
                              collection=collection, tag=tag, folder=folder, ext=ext)
            return replace(_with_links(results, links, dedupe), generation=gen.name)

        return self._on_generation(on)

    def count(self, query: str, *, date_from: str | date | None = None, date_to: str | date | None = None,
              classification: str | Iterable[str] = (), language: str | Iterable[str] = (),
              doc: str | Iterable[str] = (), aliases: StrPath | None = None,
              thesaurus: bool = True, dedupe: bool = True) -> int:
        """How many passages ``query`` matches under these filters (as ``search(...).total``), without
        ranking, reading or highlighting any of them."""
        query = arguments.text("query", query)
        date_from, date_to = arguments.filter_date("date_from", date_from), arguments.filter_date("date_to", date_to)
        classification = arguments.strings("classification", classification)
        language, doc = arguments.strings("language", language), arguments.strings("doc", doc)
        aliases, thesaurus = arguments.optional_path("aliases", aliases), arguments.flag("thesaurus", thesaurus)
        return self._count(query, aliases, thesaurus, date_from=date_from, date_to=date_to,
                           classification=classification, language=language, doc=doc,
                           dedupe=arguments.flag("dedupe", dedupe))

    def _count(self, query: str, aliases: StrPath | None, thesaurus: bool, *, date_from, date_to,
               classification: list[str], language: list[str], doc: list[str], dedupe: bool) -> int:
        """:meth:`count` with its arguments checked."""
        from .search.run import count

        found_aliases = self._load_aliases(aliases, thesaurus)

        def on(gen: Generation) -> int:
            self._known_documents(gen, doc)
            copies = self._links_of(gen).copies if dedupe else None
            with gen.searcher() as searcher:
                return count(searcher, query, date_from=date_from, date_to=date_to, classification=classification,
                             language=language, doc=doc, aliases=found_aliases, vocabulary=gen.vocabulary,
                             copies=copies)

        return self._on_generation(on)

    def _load_aliases(self, path: StrPath | None, thesaurus: bool) -> Aliases:
        """The aliases of ``path`` (else the index folder's aliases.txt) and the thesaurus, read again only
        when the file changes: a long-lived engine does not parse them for every query."""
        from .query.aliases import FILENAME, load_aliases

        file = Path(path) if path is not None else self.index_dir / FILENAME
        try:
            st = file.stat()
            state: tuple = (st.st_ino, st.st_size, st.st_mtime_ns)
        except OSError:
            state = ()  # no file: load_aliases says whether that is an error
        key = (str(path) if path is not None else None, state, thesaurus)
        found = self._aliases.get(key)
        if found is None:
            found = load_aliases(path, self.index_dir, thesaurus=thesaurus)
            if state or path is None:
                self._aliases = {key: found}  # keep only the latest: a file that changed is not read back
        return found

    def _known_documents(self, gen: Generation, doc_ids: list[str]) -> None:
        if not doc_ids:
            return  # a search without doc= does not read the catalog
        known = gen.catalog().documents
        missing = [d for d in doc_ids if d not in known]
        if missing:
            raise DocumentNotFoundError(f"no document {missing[0]!r} in {self.index_dir}/ (see documents())")

    def connections(self, doc_id: str) -> Connections:
        """What connects document ``doc_id`` to the others: the references it makes (each with the indexed
        documents it points at), the documents that cite it, its copies and versions, and the records of the
        same protocol or file (with the section of the longer one that the shorter one is)."""
        doc = self.document(doc_id)
        return self._on_generation(lambda gen: self._links_of(gen).connections(doc))

    def related(self, doc_or_passage_id: str, *, limit: int = 10, per_doc: int = 1, date_from=None, date_to=None,
                classification: Iterable[str] | str = (), language: Iterable[str] | str = (),
                doc: Iterable[str] | str = ()) -> RelatedResults:
        """The documents most like a document (``doc_id``) or a passage (``doc_id#p12``) elsewhere in the index,
        each as its passages most like it (at most ``per_doc``; 0: all), in the order of the documents'
        likeness: the distinctive words and names they share (``results.terms``; ``hit.shared``), the
        edition's index headings (``hit.shared_subjects``), a citation either way (``hit.link``), weighted by
        nearness in time (see the README). The source and its copies are left out. Filters as :meth:`search`."""
        limit = arguments.integer("limit", limit, 1, arguments.MAX_LIMIT)
        per_doc = arguments.integer("per_doc", per_doc, 0)
        date_from, date_to = arguments.filter_date("date_from", date_from), arguments.filter_date("date_to", date_to)
        classification = arguments.strings("classification", classification)
        language, doc = arguments.strings("language", language), arguments.strings("doc", doc)
        if "#p" in arguments.text("doc_or_passage_id", doc_or_passage_id):
            source, passages = self.passage(doc_or_passage_id)
            paragraph = passages[0].paragraph
        else:
            source, paragraph = self.document(doc_or_passage_id), None
        return self._related(source, paragraph, limit=limit, per_doc=per_doc, date_from=date_from, date_to=date_to,
                             classification=classification, language=language, doc_filter=doc)

    def _related(self, source: Document, paragraph: int | None, **options: Any) -> RelatedResults:
        """:meth:`related` of a document (or its paragraph), its arguments checked: search.related over the
        current generation (a backend answers it over its own index view, see solr/engine.py)."""
        from .search.related import related, whoosh_index

        def on(gen: Generation) -> RelatedResults:
            links = self._links_of(gen)
            with gen.searcher() as searcher:
                found = related(whoosh_index(searcher), source, paragraph, exclude=links.copies.get(source.doc_id, ()),
                                links=links, subjects=self._subjects_of(gen), vocabulary=gen.vocabulary, **options)
            return _related_with_links(found, links)

        return self._on_generation(on)

    def _links_of(self, gen: Generation) -> Links:
        """The connections of generation ``gen``, read once per generation (kept with it)."""
        links = gen.memo.get("links")
        if links is None:
            from .index.layout import LINKS
            from .index.linkstore import LinkReader
            from .search.links import Links

            store = LinkReader(gen.path / LINKS)
            links = gen.memo.setdefault("links", Links.stored(store, _CatalogDocuments(store)))
        return links

    def _subjects_of(self, gen: Generation) -> Subjects:
        """The index headings of generation ``gen``'s documents, for ``related``: read once per generation."""
        subjects = gen.memo.get("subjects")
        if subjects is None:
            from .index.storage import load_connections
            from .search.related import Subjects

            subjects = gen.memo.setdefault("subjects", Subjects(load_connections(gen.path)[0]))
        return subjects

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, sorted by date then id, read from the catalog (no index is opened)."""

        def on(gen: Generation) -> list[DocumentInfo]:
            return _infos(gen.catalog())

        return self._on_generation(on)

    def document(self, doc_id: str) -> Document:
        """One indexed document with all its paragraphs and footnotes."""

        doc_id = arguments.text("doc_id", doc_id)

        def on(gen: Generation) -> Document:
            doc = gen.document(doc_id)
            if doc is None:
                raise DocumentNotFoundError(f"no document {doc_id!r} in {self.index_dir}/ (see documents())")
            return doc

        return self._on_generation(on)

    def passage(self, passage_id: str, context: int = 0) -> PassageView:
        """A passage ``<doc_id>#p<n>`` and ``context`` paragraphs on each side (as many as the document has),
        with its document; it unpacks as ``document, passages``."""
        doc_id, sep, num = arguments.text("passage_id", passage_id).rpartition("#p")
        context = arguments.integer("context", context, 0)
        if not sep or not doc_id or not num.isdigit():
            raise DocumentNotFoundError(f"{passage_id!r} is not a passage id (they look like <doc_id>#p12)")
        doc = self.document(doc_id)
        n = int(num)
        if not 1 <= n <= len(doc.paragraphs):
            raise DocumentNotFoundError(f"{doc_id} has paragraphs 1 to {len(doc.paragraphs)}, not {n}")
        chosen = doc.paragraphs[max(0, n - 1 - context): n + context]
        return PassageView(doc, tuple(Passage(doc.passage_id(p.number), p.number, p.text, p.page) for p in chosen))

    def highlights(self, query: str, doc_id: str, *, aliases: StrPath | None = None) -> Highlights:
        """Where the words of ``query`` stand in document ``doc_id`` (character spans per paragraph and
        footnote) and which of its paragraphs the query finds, for showing a document from a search."""
        from .search.run import highlight_document

        query = arguments.text("query", query)
        doc = self.document(doc_id)
        found_aliases = self._load_aliases(arguments.optional_path("aliases", aliases), True)

        def on(gen: Generation) -> Highlights:
            with gen.searcher() as searcher:
                return highlight_document(searcher, query, doc, found_aliases)

        return self._on_generation(on)

    def reference(self, doc_or_passage_id: str) -> Reference:
        """What a citation of a document (``doc_id``) or a passage (``doc_id#p12``: with its page and
        paragraph) says: item type, title, date, archive and location, volume, editors... (see README)."""
        from .cite import reference

        if "#p" in arguments.text("doc_or_passage_id", doc_or_passage_id):
            doc, passages = self.passage(doc_or_passage_id)
            return reference(doc, passages[0].paragraph)
        return reference(self.document(doc_or_passage_id))

    def cite(self, doc_or_passage_id: str, format: str = "chicago") -> str:
        """The citation of a document or passage as a Chicago note, RIS, CSL-JSON or BibTeX
        (``format``: "chicago", "ris", "csl-json", "bibtex")."""
        from .cite import FORMATS, render

        arguments.choice("format", format, tuple(FORMATS))
        return render(self.reference(doc_or_passage_id), format)

    def export(self, query: str, format: str, *, limit: int | None = None, **filters: Any) -> Export:
        """Every passage matching ``query`` (up to ``limit``, at most EXPORT_LIMIT = 10,000; no grouping per
        document unless ``per_doc`` is given) as CSV, JSON Lines or RIS (``format``: "csv", "jsonl", "ris"):
        iterate the Export for its text; ``.passages`` of ``.total`` are in it. ``filters`` are :meth:`search`'s."""
        from .cite.export import EXPORT_FORMATS, EXPORT_LIMIT, Export

        arguments.choice("format", format, tuple(EXPORT_FORMATS))
        limit = EXPORT_LIMIT if limit is None else min(arguments.integer("limit", limit, 1), EXPORT_LIMIT)
        filters.setdefault("per_doc", 0)
        results = self.search(query, limit=limit, snippets=False, **filters)
        documents: dict[str, Document] = {}

        def reference_of(passage_id: str) -> Reference:
            from .cite import reference

            doc_id, _, num = passage_id.rpartition("#p")
            if doc_id not in documents:
                documents[doc_id] = self.document(doc_id)
            return reference(documents[doc_id], int(num))

        return Export(format, results.total, len(results.hits), results, reference_of)

    def passage_image(self, doc_id: str, paragraph: int) -> Path:
        """The photo a passage of a library item (a Tropy note or transcription) belongs to, as the index
        recorded it; DocumentNotFoundError when it has none or it is no longer there."""
        doc = self.document(doc_id)
        paragraph = arguments.integer("paragraph", paragraph, 1)
        if paragraph > len(doc.paragraphs) or not doc.paragraphs[paragraph - 1].image:
            raise DocumentNotFoundError(f"passage {paragraph} of {doc_id!r} has no photo")
        path = Path(doc.paragraphs[paragraph - 1].image)
        if not path.is_file():
            raise DocumentNotFoundError(f"the photo of {doc_id}#p{paragraph} is no longer at {path}")
        return path

    def source_file(self, doc_id: str) -> Path:
        """The file document ``doc_id`` was read from, as the index knows it (absolute); it may have moved since."""
        doc_id = arguments.text("doc_id", doc_id)
        catalog = self._on_generation(lambda gen: gen.catalog())
        if doc_id not in catalog.documents:
            raise DocumentNotFoundError(f"no document {doc_id!r} in {self.index_dir}/ (see documents())")
        from .index.catalog import is_added

        for path, entry in catalog.files.items():
            if doc_id in entry.get("doc_ids", ()):
                if is_added(path):
                    raise DocumentNotFoundError(f"{doc_id!r} was added through the API: it has no source file")
                return Path(path)
        raise DocumentNotFoundError(f"the index does not record which file {doc_id!r} was read from")

    # -- generations: which one a query reads, held from its start to its end ------------------------------

    def _on_generation(self, read: Callable[[Generation], T]) -> T:
        """``read(generation)`` on the live generation, held until it returns. A failure below the API
        becomes a SearchEngineError; one caused by a build replacing the generation is retried on the new one."""
        for attempt in range(3):
            gen = self._acquire()
            try:
                return read(gen)
            except SearchEngineError:
                raise
            except Exception as e:  # noqa: BLE001 - whatever whoosh or the file system raised
                failure = e
            finally:
                gen.release()
            if attempt < 2 and self._live_name() != gen.name:
                continue
            raise _read_error(self.index_dir, gen, failure) from failure
        raise AssertionError("unreachable")

    def _acquire(self) -> Generation:
        """The live generation, held for one query (release it with ``release()``): a generation is opened
        once, under the lock, and the one it replaces is closed when its last query ends."""
        from .index.generation import Generation
        from .index.layout import CURRENT, damaged
        from .index.storage import named_generation
        from .search.rank import weighting

        for _ in range(5):
            with self._lock:
                live = self._live
                path = self._named_generation(live)
                if live is None or live.path != path:
                    try:
                        fresh = Generation(path, weighting)
                    except (FileNotFoundError, IndexDamagedError):
                        if named_generation(self.index_dir) != path:
                            continue  # replaced (and removed) by a build while it was being opened
                        raise
                    if live is not None:
                        live.retire()
                    self._live = live = fresh
                live.acquire()
            try:
                live.check()
            except BaseException:
                live.release()
                raise
            return live
        raise damaged(f"{self.index_dir}/{CURRENT} keeps changing")

    def _named_generation(self, live: Generation | None) -> Path:
        """The generation CURRENT names; read again only when CURRENT changed since it named the live one (a
        build replaces it by a rename: a new inode), or when its stamp was too fresh to vouch for it (see
        index.storage.STAMP_MARGIN_NS): a query stats one file here rather than reading and checking it."""
        from .index.layout import CURRENT
        from .index.storage import STAMP_MARGIN_NS, named_generation

        try:
            st = os.stat(os.path.join(self.index_dir, CURRENT))
        except OSError:
            return named_generation(self.index_dir)  # which says what is wrong
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        if live is not None and self._named == (stamp, live.path):
            return live.path
        path = named_generation(self.index_dir)
        self._named = (stamp, path) if st.st_mtime_ns < time.time_ns() - STAMP_MARGIN_NS else ()
        return path

    def _live_name(self) -> str | None:
        from .index.storage import named_generation

        try:
            return named_generation(self.index_dir).name
        except SearchEngineError:
            return None

    def close(self) -> None:
        """Close the open index files once the queries running on them end (a later search opens them again)."""
        with self._lock:
            live, self._live = self._live, None
        if live is not None:
            live.retire()

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at interpreter exit whoosh may be half gone
            pass


def _infos(catalog) -> list[DocumentInfo]:
    """The catalog's documents as ``documents()`` lists them: by date, then id."""
    infos = [_info(d) for d in catalog.documents.values()]
    return sorted(infos, key=lambda i: (i.date is None, i.date.start if i.date else None, i.doc_id))


def _info(d: dict) -> DocumentInfo:
    """A catalog entry as the record ``documents()`` gives."""
    return DocumentInfo(
        doc_id=d["doc_id"], title=d["title"], classification=tuple(d["classification"]),
        date=DateRange.from_iso(d["date"], d.get("date_raw", "")) if d["date"] else None,
        source=d["source"], passages=d["passages"], footnotes=d["footnotes"],
        subtitle=d.get("subtitle", ""), citation=d.get("citation", ""), format=d.get("format", "text"),
        language=d.get("language", ""), place=d.get("place", ""),
        period=DateRange.from_iso(d["period"]) if d.get("period") else None,
    )


def _documents_to_add(documents: object) -> list[Document]:
    """The documents given to ``add_all`` (of either backend) as Documents, each doc_id once."""
    if isinstance(documents, (str, Document)) or not hasattr(documents, "__iter__"):
        raise TypeError(f"documents must be an iterable of Document or str, not {type(documents).__name__}")
    docs = [_as_document(d, None) for d in documents]
    seen: set[str] = set()
    for doc in docs:
        if doc.doc_id in seen:
            raise ValueError(f"doc_id {doc.doc_id!r} is given twice")
        seen.add(doc.doc_id)
    return docs


def _as_document(value: object, doc_id: str | None) -> Document:
    """A document to add: a Document checked (an id, paragraphs numbered 1, 2, 3...; its language detected
    when not given), or a text parsed as a plain-text file is."""
    from dataclasses import replace as with_

    from .analysis.languages import dominant_language
    from .model import Paragraph

    if isinstance(value, str):
        from .ingest.text import parse_text

        doc = parse_text(value, doc_id or "")
        if not doc.doc_id:
            raise ValueError("doc_id is needed for a text without 'id:' in its front matter")
        if not doc.paragraphs:
            raise ValueError(f"the text of {doc.doc_id!r} has no body text")
    elif isinstance(value, Document):
        doc = value if doc_id is None else with_(value, doc_id=doc_id)
        if not isinstance(doc.doc_id, str) or not doc.doc_id.strip():
            raise ValueError("a Document needs a doc_id")
        if not doc.paragraphs or not all(isinstance(p, Paragraph) for p in doc.paragraphs):
            raise ValueError(f"Document {doc.doc_id!r} needs paragraphs (a tuple of Paragraph)")
        if [p.number for p in doc.paragraphs] != list(range(1, len(doc.paragraphs) + 1)):
            raise ValueError(f"the paragraphs of Document {doc.doc_id!r} must be numbered 1, 2, 3... in order")
    else:
        raise TypeError(f"a document to add must be a Document or a str, not {type(value).__name__}")
    if not doc.language:
        doc = with_(doc, language=dominant_language([p.text for p in doc.paragraphs]))
    return doc


def _read_error(index_dir: Path, gen: Generation, error: Exception) -> SearchEngineError:
    """The SearchEngineError for a failure below the API: damage if the files no longer match their
    checksums, else what the file system or whoosh said."""
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return IndexReadError(f"cannot read the index in {index_dir}/: {error.strerror or error}{where}")
    try:
        gen.verify()
    except IndexDamagedError as damage:
        return damage
    return IndexReadError(f"reading the index in {index_dir}/ failed ({type(error).__name__}: {error})")


class _CatalogDocuments:
    """A generation's catalog entries by document id, each read when first asked for (from its connections'
    store, ``index.linkstore``): a hit that links to other documents does not parse the whole catalog."""

    def __init__(self, store):
        self._store = store
        self._found: dict[str, dict | None] = {}

    def get(self, doc_id: str, default=None):
        if doc_id not in self._found:
            self._found[doc_id] = self._store.document(doc_id)
        found = self._found[doc_id]
        return default if found is None else found

    def read_ahead(self, doc_ids) -> None:
        """Read the entries of these documents in one statement (the copies of a hit's text: 63 of them at 64x,
        each read by a statement of its own before)."""
        wanted = [d for d in dict.fromkeys(doc_ids) if d not in self._found]
        if len(wanted) > 1:
            found = self._store.documents(wanted)
            self._found.update((d, found.get(d)) for d in wanted)


def _with_links(results: SearchResults, links: Links, dedupe: bool) -> SearchResults:
    """Each hit with the references its passage makes, resolved, and (deduplicating) the other copies of its text."""
    hits = tuple(_linked(h, links.passage_references(h.doc_id, h.paragraph),
                         links.also_in(h.doc_id, h.paragraph) if dedupe else ()) for h in results.hits)
    return replace(results, hits=hits)


def _related_with_links(found: RelatedResults, links: Links) -> RelatedResults:
    """Each related hit with the references its passage makes, resolved, and the other copies of its text."""
    return replace(found, hits=tuple(replace(h, references=links.passage_references(h.doc_id, h.paragraph),
                                             also_in=links.also_in(h.doc_id, h.paragraph)) for h in found.hits))


def _linked(hit, references: tuple, also_in: tuple):
    """``hit`` with these references and copies (itself when it has them already: most hits have none)."""
    if references == hit.references and also_in == hit.also_in:
        return hit
    return replace(hit, references=references, also_in=also_in)


def open_or_build(index_dir: StrPath, default_sources: Iterable[StrPath],
                  notify: Callable[[str], None] | None = None) -> SearchEngine:
    """An engine whose index exists: built from ``default_sources`` on first use when they exist."""
    from .errors import IndexOutdatedError
    from .index.storage import check_index_path

    engine = SearchEngine(index_dir)
    if str(index_dir).startswith("solr://"):  # a collection is created and filled with its own commands
        if not engine.exists:
            raise IndexNotFoundError(f"no search-engine collection at {index_dir}: run `search-engine solr init "
                                     f"{index_dir}`, then `search-engine index SOURCES... --index {index_dir}`")
        return engine
    check_index_path(engine.index_dir)
    if engine.exists:
        try:  # opening the live generation reads its manifest, which names its format; the catalog (which grows
            # with the archive) is not read for that
            engine._on_generation(lambda gen: None)
        except IndexOutdatedError:
            if notify:
                notify(f"The index in {engine.index_dir}/ was built by an older version: rebuilding it ...")
            engine.index()
    else:
        existing = [s for s in default_sources if Path(s).exists()]
        if not existing:
            raise IndexNotFoundError(f"no index in {engine.index_dir}/: run `search-engine index SOURCES...` first")
        if notify:
            notify(f"No index in {engine.index_dir}/ yet: building it from {', '.join(map(str, existing))}/ ...")
        engine.index(existing)
    return engine


class SeveralIndexes(SearchEngine):
    """Several indexes searched as one: ``SearchEngine(["index_data", "../letters/index"])``.

    Read-only. One ranked list whose scores compare across the indexes: each index scores its passages with
    BM25F's statistics (passages, passages holding each word, average field lengths) summed over all of them,
    so a passage scores as it would in one index built from every index's files (see the README, "Several
    indexes"). Each hit names its index (``hit.index``); totals, facets, grouping per document and snippets
    cover them all. A document is looked up in the indexes in the order given (the first that holds its id).
    """

    def __init__(self, index_dir: Iterable[StrPath]) -> None:
        dirs = [Path(arguments.path("index_dir", d)) for d in index_dir]
        if not dirs:
            raise ValueError("index_dir must name at least one index folder")
        seen: set[str] = set()
        for d in dirs:
            if str(d).startswith("solr:"):
                raise ValueError(f"a Solr collection ({d}) cannot be searched beside other indexes")
            key = os.path.realpath(d)
            if key in seen:
                raise ValueError(f"index_dir names {d} twice")
            seen.add(key)
        self.engines: tuple[SearchEngine, ...] = tuple(SearchEngine(d) for d in dirs)
        self.index_dirs: tuple[Path, ...] = tuple(e.index_dir for e in self.engines)
        self.index_dir = self.index_dirs[0]  # the first: where a document id is looked up first
        self._cross: tuple[tuple[str, ...], Any] | None = None  # (generations, their copies across indexes)

    def __repr__(self) -> str:
        return f"SearchEngine({[str(d) for d in self.index_dirs]!r})"

    @property
    def exists(self) -> bool:
        return all(e.exists for e in self.engines)

    def close(self) -> None:
        for e in getattr(self, "engines", ()):
            e.close()

    # -- writing: one index at a time ------------------------------------------------------------------------

    def _one_index(self, method: str):
        raise TypeError(f"{method}() writes one index: open it alone, SearchEngine({str(self.index_dirs[0])!r})")

    def index(self, *args, **kwargs):  # type: ignore[override]
        self._one_index("index")

    def add(self, *args, **kwargs):  # type: ignore[override]
        self._one_index("add")

    def add_all(self, *args, **kwargs):  # type: ignore[override]
        self._one_index("add_all")

    def delete(self, *args, **kwargs):  # type: ignore[override]
        self._one_index("delete")

    def forget_sources(self, *args, **kwargs):  # type: ignore[override]
        self._one_index("forget_sources")

    def compact(self, *args, **kwargs):  # type: ignore[override]
        self._one_index("compact")

    def sources(self) -> list[SourceInfo]:
        return [s for e in self.engines for s in _naming_index(e, e.sources)]

    def verify(self) -> int:
        return sum(_naming_index(e, e.verify) for e in self.engines)

    # -- reading ---------------------------------------------------------------------------------------------

    def _search(self, query: str, aliases: StrPath | None, thesaurus: bool, *, limit: int, offset: int,
                **options: Any) -> SearchResults:
        from .search.run import swapped

        results, swap = self._search_all(query, aliases, thesaurus, limit, offset, options)
        if not results.total and swap:  # nothing in any index: the corrected query, as one index shows it
            instead, _ = self._search_all(swap, aliases, thesaurus, limit, offset, options)
            if instead.total:
                return swapped(instead, query, swap, results.suggestions, results.unknown, results.warnings)
        return results

    def _search_all(self, query: str, aliases, thesaurus: bool, limit: int, offset: int,
                    options: dict) -> tuple[SearchResults, str]:
        """Each index's first ``offset + limit`` hits, scored with the statistics of them all, merged."""
        from .query.parser import parse
        from .search.run import _run
        from .search.several import merge, standing_copies

        parse(query)  # a malformed query is an error of the query, not of an index
        options = dict(options)
        dedupe = options.pop("dedupe")
        self._known_anywhere(options["doc"])

        left_out: list[set[str]] = []
        cross = None

        def read(engine: SearchEngine, gen: Generation, searcher, shared, i: int) -> tuple[SearchResults, str, Any]:
            links = engine._links_of(gen)
            found, swap, remake = _run(shared.searcher(searcher), query, limit=offset + limit, offset=0,
                                       aliases=engine._load_aliases(aliases, thesaurus), vocabulary=gen.vocabulary,
                                       copies=links.copies if dedupe else None, shared=shared,
                                       exclude=left_out[i] if left_out else (), deferred=True, **options)
            found = replace(_with_links(found, links, dedupe), generation=gen.name)
            if cross is not None and cross.groups:
                found = replace(found, hits=tuple(self._also_in_other_indexes(h, i, cross) for h in found.hits))
            return found, swap, remake

        def merged(parts: list[tuple[SearchResults, str, Any]]) -> tuple[SearchResults, str]:
            """One list from each index's hits; the snippets of those shown marked (while the searchers are held)."""
            names = [str(e.index_dir) for e in self.engines]
            results = merge([(name, r) for name, (r, _, _) in zip(names, parts, strict=True)], limit=limit,
                            offset=offset, sort=options["sort"], per_doc=options["per_doc"], facets=options["facets"])
            remakes = {name: remake for name, (_, _, remake) in zip(names, parts, strict=True)}
            hits = tuple(remakes[h.index](h) if remakes[h.index] else h for h in results.hits)
            return replace(results, hits=hits), next((swap for _, swap, _ in parts if swap), "")

        if dedupe:  # copies of one text in several indexes: one hit for them all, as one index would show
            cross = self._on_every(lambda e, gen, searcher, shared, i: gen, copies=True)
            if cross.groups:
                from .search.run import matching_documents

                left_out[:] = standing_copies(cross, self._on_every(
                    lambda e, gen, searcher, shared, i: matching_documents(
                        shared.searcher(searcher), query, aliases=e._load_aliases(aliases, thesaurus),
                        vocabulary=gen.vocabulary, copies=e._links_of(gen).copies, shared=shared, **options)))
        return self._on_every(read, then=merged)

    def _count(self, query: str, aliases, thesaurus: bool, *, dedupe: bool, **filters: Any) -> int:
        from .query.parser import parse
        from .search.run import count

        parse(query)
        self._known_anywhere(filters["doc"])

        def read(engine: SearchEngine, gen: Generation, searcher, shared, i: int) -> int:
            copies = engine._links_of(gen).copies if dedupe else None
            return count(shared.searcher(searcher), query, aliases=engine._load_aliases(aliases, thesaurus),
                         vocabulary=gen.vocabulary, copies=copies, shared=shared, **filters)

        if dedupe and self._on_every(lambda e, gen, searcher, shared, i: gen, copies=True).groups:
            return self._search(query, aliases, thesaurus, limit=1, offset=0, sort="relevance", per_doc=0,
                                facets=False, context=0, snippets=False, dedupe=True, collection=[], tag=[],
                                folder=[], ext=[], **filters).total
        return sum(self._on_every(read))

    def _on_every(self, read: Callable[..., T], copies: bool = False, then: Callable[[list[T]], Any] | None = None
                  ) -> Any:
        """``read(engine, generation, searcher, shared, i)`` for each index (the i-th), with every index's live
        generation and a searcher of each held from the first to the last (the statistics are summed over them
        all), then ``then(every result)`` while they are still held; an error names the index it happened in.
        ``copies``: the copies across these generations (search.several.CrossCopies) instead, computed once for
        each set of generations."""
        from contextlib import ExitStack

        from .search.several import Shared

        with ExitStack() as stack:
            gens = []
            for e in self.engines:
                gen = _naming_index(e, e._acquire)
                stack.callback(gen.release)
                gens.append(gen)
            if copies:
                return self._copies_across(gens)
            searchers = [stack.enter_context(g.searcher()) for g in gens]
            shared = Shared(searchers, [g.vocabulary for g in gens])
            out = []
            for i, (e, gen, searcher) in enumerate(zip(self.engines, gens, searchers, strict=True)):
                try:
                    out.append(read(e, gen, searcher, shared, i))
                except SearchEngineError as error:
                    raise _named(error, e.index_dir) from error
                except Exception as failure:  # noqa: BLE001 - whatever whoosh or the file system raised
                    raise _read_error(e.index_dir, gen, failure) from failure
            if then is None:
                return out
            try:
                return then(out)
            except SearchEngineError:
                raise
            except Exception as failure:  # noqa: BLE001 - marking a snippet reads the index too
                raise _read_error(self.index_dir, gens[0], failure) from failure

    def _copies_across(self, gens: list[Generation]):
        """The copies of one text in several of the indexes (search.several.cross_copies), for these generations."""
        from .index.storage import load_connections
        from .search.several import cross_copies

        key = tuple(str(g.path) for g in gens)
        cached = self._cross
        if cached is not None and cached[0] == key:
            return cached[1]
        for e, gen in zip(self.engines, gens, strict=True):
            _naming_index(e, lambda gen=gen: gen.memo.get("connections") or gen.memo.setdefault(
                "connections", load_connections(gen.path)))
        found = cross_copies([g.memo["connections"][0] for g in gens], [g.memo["connections"][1] for g in gens])
        self._cross = (key, found)
        return found

    def _also_in_other_indexes(self, hit: Hit, i: int, cross) -> Hit:
        """A hit whose text has copies in other indexes: every other copy under it ("also in"), in its group's
        order, each link naming its index in ``detail``."""
        group = cross.group_of().get((i, hit.doc_id))
        if group is None:
            return hit
        links = []
        for j, d in group:
            if (j, d) == (i, hit.doc_id):
                continue
            mine = next((link for link in hit.also_in if link.doc_id == d), None) if j == i else None
            if mine is not None:
                links.append(mine)
                continue
            pair = cross.pairs.get(frozenset(((i, hit.doc_id), (j, d)))) or {}
            other = self.engines[j]
            found = other._on_generation(lambda g, other=other, d=d, pair=pair: other._links_of(g).link(
                pair.get("relation", "same text"), d, similarity=pair.get("similarity"),
                detail=f"index {other.index_dir}/"))
            links.append(found)
        return replace(hit, also_in=tuple(links))

    def _known_anywhere(self, doc_ids: list[str]) -> None:
        if doc_ids:
            known = set().union(*(_naming_index(e, lambda e=e: set(e._on_generation(lambda g: g.catalog()).documents))
                                  for e in self.engines))
            missing = [d for d in doc_ids if d not in known]
            if missing:
                raise DocumentNotFoundError(f"no document {missing[0]!r} in {self._names()} (see documents())")

    def _names(self) -> str:
        return ", ".join(f"{d}/" for d in self.index_dirs)

    def _holding(self, doc_id: str) -> SearchEngine:
        """The first index that holds document ``doc_id``."""
        doc_id = arguments.text("doc_id", doc_id)
        for e in self.engines:
            if doc_id in _naming_index(e, lambda e=e: e._on_generation(lambda g: g.catalog()).documents):
                return e
        raise DocumentNotFoundError(f"no document {doc_id!r} in {self._names()} (see documents())")

    def documents(self) -> list[DocumentInfo]:
        """Every index's documents, each naming its index (``info.index``), by date then id."""
        infos = [replace(i, index=str(e.index_dir)) for e in self.engines for i in _naming_index(e, e.documents)]
        return sorted(infos, key=lambda i: (i.date is None, i.date.start if i.date else None, i.doc_id))

    def document(self, doc_id: str) -> Document:
        return self._holding(doc_id).document(doc_id)

    def highlights(self, query: str, doc_id: str, *, aliases: StrPath | None = None) -> Highlights:
        return self._holding(doc_id).highlights(query, doc_id, aliases=aliases)

    def connections(self, doc_id: str) -> Connections:
        return self._holding(doc_id).connections(doc_id)

    def related(self, doc_or_passage_id: str, **options: Any) -> RelatedResults:  # type: ignore[override]
        """The documents most like a document or passage, in the index that holds it (see :meth:`SearchEngine.related`)."""
        doc_id = arguments.text("doc_or_passage_id", doc_or_passage_id).rpartition("#p")[0] or doc_or_passage_id
        return self._holding(doc_id).related(doc_or_passage_id, **options)

    def passage_image(self, doc_id: str, paragraph: int) -> Path:
        return self._holding(doc_id).passage_image(doc_id, paragraph)

    def source_file(self, doc_id: str) -> Path:
        return self._holding(doc_id).source_file(doc_id)


def _named(error: SearchEngineError, index_dir: Path) -> SearchEngineError:
    """``error`` with the index it happened in named first, when its message does not name it already."""
    if str(index_dir) in str(error):
        return error
    named = error.__class__.__new__(error.__class__)
    named.__dict__.update(error.__dict__)
    named.args = (f"{index_dir}/: {error}",)
    return named


def _naming_index(engine: SearchEngine, read: Callable[[], T]) -> T:
    try:
        return read()
    except SearchEngineError as error:
        raise _named(error, engine.index_dir) from error
