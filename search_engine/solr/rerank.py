"""Rank a Solr query's candidates as the embedded index ranks its matches: our BM25F over our own analysis,
the share of the query's words, neighbouring paragraphs and grouping (search/scores.py, search/rank.py), with
the collection's statistics.

Why not Solr's score. Lucene's BM25 differs from whoosh's BM25F in its idf (log(1 + (N - n + 0.5)/(n + 0.5))
against log(N/(n + 1)) + 1), in its length encoding, and in what it counts as a field's length (our analysis
indexes a Cyrillic word with its transliterations beside it); the same passages then came out at the same
rank only 74% of the time on the seeds and 31% on FRUS. Matching that in Solr needs a similarity of our own
in a jar that every node must load. Here Solr finds, filters, counts and facets; the candidates it returns
carry the embedded index's record of each passage (``record_json``, written by solr/records.py), which is
indexed into a whoosh index in memory and scored by the embedded engine's own code, its statistics replaced
by the collection's: the number of passages, each term's document frequency and each field's total length
(``length_FIELD``), summed over the shards by Solr's facet and stats components in one request.

Which candidates. The embedded engine ranks every match of a query with at most
:data:`search_engine.search.rank.SCORE_ALL` matches; so does this one (all of them are fetched). Above
that, the embedded engine ranks the best few by BM25F alone; this one takes Solr's best
:data:`CANDIDATES` (by Lucene's BM25, the word-share boost applied), rescores them, and picks the few among
them as the embedded engine does.
"""

from __future__ import annotations

import json

from ..analysis.tokens import CYRILLIC, SURFACE
from .client import SolrClient
from .query import quote
from .records import TEXT_FIELDS

CANDIDATES = 300  # Solr's best passages rescored when a query matches more than SCORE_ALL
BYTE_COLUMNS = ("classification_key", "date_end", "year", "month", "collection_key", "tag_key", "folder", "ext")


class MissingRecords(Exception):
    """The collection was built before its passages carried their records: Solr's own order is used."""


class CollectionStatistics:
    """The number of passages, each field's total length and (fetched as asked) terms' document frequencies,
    of the whole collection."""

    def __init__(self, client: SolrClient, fq: list[str] | None = None):
        self.client = client
        self.passages = 0
        self.lengths: dict[str, float] = {}
        self.frequencies: dict[tuple[str, str], int] = {}
        self._fetched = False

    def fetch(self, terms) -> None:
        """One request: the collection's size and lengths (first time) and the frequencies of ``terms``."""
        wanted = [(f, t) for f, t in dict.fromkeys(terms) if (f, t) not in self.frequencies]
        if self._fetched and not wanted:
            return
        params = {"q": "record:passage", "rows": 0, "facet": "true", "facet.query": [_frequency_query(f, t, i)
                                                                                       for i, (f, t) in enumerate(wanted)]}
        if not self._fetched:
            params.update({"stats": "true", "stats.field": [f"{{!sum=true}}length_{f}" for f in TEXT_FIELDS]})
        answer = self.client.select(params)
        held = answer.get("facet_counts", {}).get("facet_queries", {})
        for i, key in enumerate(wanted):
            self.frequencies[key] = held.get(f"t{i}", 0)
        if not self._fetched:
            self.passages = answer["response"]["numFound"]
            fields = answer["stats"]["stats_fields"]
            self.lengths = {f: float((fields.get(f"length_{f}") or {}).get("sum") or 0) for f in TEXT_FIELDS}
            self._fetched = True

    def frequency(self, field: str, text: str) -> int:
        if (field, text) not in self.frequencies:
            self.fetch([(field, text)])
        return self.frequencies[(field, text)]


def _frequency_query(field: str, text: str, i: int) -> str:
    """A facet query counting the passages whose ``field`` holds our index term ``text``: the term itself
    where Solr's analysis makes the same term; a word as written (=word) in the field of written forms; a
    Cyrillic stem by Solr's analysis of it (Solr indexes a Cyrillic word by its transliteration only)."""
    if text.startswith(SURFACE):
        return f"{{!term key=t{i} f={field}_written}}{text[len(SURFACE):]}"
    if CYRILLIC.search(text):
        return f"{{!field key=t{i} f={field}}}{text}"
    return f"{{!term key=t{i} f={field}}}{text}"


def _searcher(reader, stats: CollectionStatistics):
    """A whoosh searcher of the candidates whose statistics are the collection's."""
    from whoosh.searching import Searcher

    from ..search.rank import weighting

    class CollectionSearcher(Searcher):
        def doc_count_all(self):
            return stats.passages

        def doc_frequency(self, fieldname, text):
            return stats.frequency(fieldname, text.decode("utf-8") if isinstance(text, bytes) else text)

        def avg_field_length(self, fieldname, default=None):
            if not self.schema[fieldname].scorable:
                return default
            return stats.lengths.get(fieldname, 0.0) / (stats.passages or 1)

    return CollectionSearcher(reader, weighting=weighting(), closereader=False)


def whoosh_record(stored: dict) -> dict:
    """The embedded index's record of a passage, from its Solr document."""
    if "record_json" not in stored:
        raise MissingRecords(stored.get("id"))
    record = json.loads(stored["record_json"])
    for name in BYTE_COLUMNS:
        if name in record:
            record[name] = record[name].encode("utf-8")
    record.update(passage_id=stored["passage_id"], doc_id=stored["doc_id"], paragraph=stored["paragraph"],
                  body=stored.get("body", ""), meta=stored["meta"])
    return {k: v for k, v in record.items() if v != ""}


def memory_index(docs: list[dict]):
    """A whoosh index in memory of these passages (document numbers in their order)."""
    from whoosh.filedb.filestore import RamStorage

    from ..index.schema import schema

    ix = RamStorage().create_index(schema())
    writer = ix.writer()
    for stored in docs:
        writer.add_document(**whoosh_record(stored))
    writer.commit()
    return ix


def rank(client: SolrClient, query: str, node, candidates: list[dict], extra: list[dict], aliases, wanted: int,
         per_doc: int, matched: int, stats: CollectionStatistics):
    """(final score, Solr document), best first, ``wanted`` of them at most ``per_doc`` per document: the
    candidates ranked by the embedded engine's rules. ``extra`` are passages that only help compiling (the
    first passages of the candidates' documents, for title: and the like); ``matched`` is the query's total."""
    import numpy as np

    from ..query.compiler import Compiler
    from ..search.rank import rank_passages

    if not candidates:
        return [], 0
    # in the embedded index's order (a document's passages in order, documents by id), which breaks ties
    candidates = sorted(candidates, key=_index_order)
    docs = candidates + extra
    ix = memory_index(docs)
    reader = ix.reader()
    try:
        searcher = _searcher(reader, stats)
        compiled = Compiler(reader, query, aliases).compile_ranked(node)
        terms = set()
        for q in (compiled.query, *compiled.clauses, *compiled.own_clauses, compiled.every_word):
            if q is not None:
                terms.update((f, t.decode("utf-8") if isinstance(t, bytes) else t)
                             for f, t in q.all_terms(phrases=True) if f in TEXT_FIELDS)
        stats.fetch(sorted(terms))
        from ..search.scores import Scorer

        scorer = Scorer(searcher)
        found = scorer.matches(compiled.query).within(np.arange(len(candidates), dtype=np.int64))
        chosen = rank_passages(scorer, compiled, found, "relevance", wanted, per_doc, matched=matched)
        return [(score, docs[d]) for score, d in chosen], len(found)
    finally:
        reader.close()


def _index_order(stored: dict):
    return stored["doc_id"], stored["paragraph"]


def leads_of(client: SolrClient, candidates: list[dict], fields: str) -> list[dict]:
    """The first passages of the candidates' documents that are not candidates themselves."""
    from .records import passage_id_of

    have = {d["id"] for d in candidates}
    ids = [i for i in dict.fromkeys(passage_id_of(d["doc_id"], 1) for d in candidates) if i not in have]
    out = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        out += client.select({"q": "id:(" + " OR ".join(quote(i) for i in chunk) + ")", "fl": fields,
                              "rows": len(chunk)})["response"]["docs"]
    return out
