"""Rank a Solr query's candidates as the embedded index ranks its matches: our BM25F over our own analysis,
the share of the query's words, neighbouring paragraphs and grouping (search/scores.py, search/rank.py), with
the collection's statistics.

Why not Solr's score. Lucene's BM25 differs from whoosh's BM25F in its idf (log(1 + (N - n + 0.5)/(n + 0.5))
against log(N/(n + 1)) + 1), in its length encoding, and in what it counts as a field's length (our analysis
indexes a Cyrillic word with its transliterations beside it); the same passages then came out at the same
rank only 74% of the time on the seeds and 31% on FRUS. Matching that in Solr needs a similarity of our own
in a jar that every node must load. Here Solr finds, filters, counts and facets; the candidates it returns
carry the embedded index's record of each passage (``record_json``, written by solr/records.py: its fields
as our analysis indexes them, each term with its positions, and their lengths); the postings of the terms
the query can ask for are read from them into arrays (solr/candidates.py) and scored by the embedded
engine's own code, its statistics replaced by the collection's: the number of passages, each term's
document frequency and each field's total length (``length_FIELD``), summed over the shards by Solr's
facet and stats components in one request. (A collection built before its records carried their terms
has its candidates' text analysed again here, with the same result.)

Which candidates. The embedded engine ranks every match of a query with at most
:data:`search_engine.search.rank.SCORE_ALL` matches; so does this one (all of them are fetched). Above
that, the embedded engine ranks the best few by BM25F alone; this one takes Solr's best
:data:`CANDIDATES` (by Lucene's BM25, the word-share boost applied), rescores them, and picks the few among
them as the embedded engine does. (Solr's order is asked for only then: its word-share boost evaluates
each word's query for every match, seconds for a few hundred matches on a busy node.)
"""

from __future__ import annotations

import json
import re
from collections import Counter

from ..analysis.fields import IndexedText
from ..analysis.stemming import word_terms, written_posted
from ..analysis.tokens import CYRILLIC, SURFACE, fold
from .client import SolrClient
from .query import quote
from .records import TEXT_FIELDS, decode_terms, terms_pattern

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
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # whoosh's Searcher copies its reader's doc_frequency onto itself: the collection's instead
            self.doc_frequency = self._collection_frequency

        def doc_count_all(self):
            return stats.passages

        def _collection_frequency(self, fieldname, text):
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
    record.pop("order", None)
    terms = record.pop("terms", None)
    lengths = record.pop("lengths", {})
    for name in BYTE_COLUMNS:
        if name in record:
            record[name] = record[name].encode("utf-8")
    record.update(passage_id=stored["passage_id"], doc_id=stored["doc_id"], paragraph=stored["paragraph"],
                  body=stored.get("body", ""))
    # what ranking does not read (the facets' columns, the display data) is left out of the candidates
    record = {k: v for k, v in record.items() if v != "" and k not in _NOT_RANKED}
    if terms is not None:  # the full-text fields as analysed when the passage was indexed (solr/records.py)
        record.update((name, Analysed(terms.get(name, "\n"), lengths.get(name, 0)))
                      for name in TEXT_FIELDS if name in record)
    return record


_NOT_RANKED = frozenset({"year", "month", "classification_key", "collection_key", "tag_key"})


def candidate_reader(docs: list[dict], wanted: set[str] | None = None):
    """A reader of these passages (document numbers in their order, see solr/candidates.py). With ``wanted``
    (see :func:`query_terms`), the full-text fields hold only the words that have one of those terms: every
    other word still counts in the field's length, so BM25F scores what is kept as the whole field would
    (analysing every word of a thousand passages took most of a query's time)."""
    from ..index.schema import schema
    from .candidates import CandidateReader

    fields = schema()
    for name in TEXT_FIELDS:
        field = fields[name]
        field.__class__ = _QueryText
        field.start(wanted)
    records = [whoosh_record(stored) for stored in docs]
    if wanted is not None and _PATTERNS_KEY in wanted:  # wildcards: the index terms of the words they match
        wanted |= _wildcard_terms(records, wanted)
    return CandidateReader(fields, records)


_PAD = "\x00"  # the term that holds the length of the words left out (no query asks for it)
_PATTERNS_KEY = "\x00patterns"  # in ``wanted``: the query has wildcards (held in _QueryTerms.patterns)


class _WantedTerms(set):
    """Index terms a query can ask for, and the wildcard patterns of its words (folded regexes)."""

    patterns: tuple = ()


def query_terms(node, aliases) -> _WantedTerms | None:
    """Every index term (stems, transliterations, words as written) the words and phrases of a query and
    their aliases can ask for, and its wildcards' patterns; None when a fuzzy word makes the set open."""
    import re

    from ..analysis.stemming import index_terms
    from ..analysis.tokens import TOKEN_PATTERN, fold, surface
    from ..query.compiler import MAX_ALIAS_WORDS
    from ..query.parser import Bool, Phrase, Word

    wanted = _WantedTerms()
    patterns = []
    texts = []

    def words_of(text: str) -> None:
        for token in re.findall(TOKEN_PATTERN, text):
            wanted.update(index_terms(fold(token)))
            wanted.add(surface(token))

    def walk(x) -> bool:
        if isinstance(x, Bool):
            return all(walk(y) for y in (*x.items, *x.required, *x.excluded))
        if isinstance(x, Word):
            if x.fuzzy:
                return False
            if "*" in x.text or "?" in x.text:
                pattern = fold(x.text)
                patterns.append(re.compile(re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$"))
                return True
            texts.append(x.text)
            words_of(x.text)
        elif isinstance(x, Phrase):
            texts.append(x.text)
            words_of(x.text)
        return True

    if not walk(node):
        return None
    if aliases:
        tokens = [t for text in texts for t in re.findall(TOKEN_PATTERN, text)]
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + MAX_ALIAS_WORDS) + 1):
                for name in aliases.group(" ".join(tokens[i:j])) or ():
                    words_of(name)
    if patterns:
        wanted.add(_PATTERNS_KEY)
        wanted.patterns = tuple(patterns)
    return wanted


def _wildcard_terms(records: list[dict], wanted: _WantedTerms) -> set[str]:
    import re

    from ..analysis.tokens import TOKEN_PATTERN

    found = set()
    for record in records:
        for name in TEXT_FIELDS:
            value = record.get(name, "")
            if isinstance(value, Analysed):
                # the words as written are its =terms, and the terms that are a word as written (its own one
                # index term, whose written form is not posted: analysis.stemming.written_posted)
                folded_words = [t[1:] if t[:1] == SURFACE else t for t in decode_terms(value.terms)
                                if t[:1] == SURFACE or not written_posted(t)]
            else:
                folded_words = [fold(token) for token in re.findall(TOKEN_PATTERN, value)]
            for folded in folded_words:
                if any(p.match(folded) for p in wanted.patterns):
                    found.update(word_terms(folded))
                    if written_posted(folded):
                        found.add(SURFACE + folded)
    return found


class _QueryText(IndexedText):
    """The candidates' full-text fields: only the words with a ``wanted`` term (see :func:`candidate_reader`)."""

    wanted = None

    def start(self, wanted: set[str] | None) -> None:
        """Index the words with one of ``wanted``'s terms (None: every word) from now on."""
        self.wanted = wanted
        self.seen: set[str] = set()  # the words met so far, each classified once
        self.kept: dict[str, tuple[str, ...]] = {}  # a wanted word -> its terms and its written form
        self.several: dict[str, int] = {}  # a word of more or fewer terms than one -> how many
        self._finder = None  # what finds the wanted terms in an analysed field (see _analysed)

    def index(self, value, **kwargs):
        if isinstance(value, Analysed):
            yield from self._analysed(value)
            return
        wanted = self.wanted
        if wanted is None:
            yield from IndexedText.index(self, value, **kwargs)
            return
        words = self._PATTERN.findall(value)
        counts = Counter(words)
        kept, several = self.kept, self.several
        for word in counts.keys() - self.seen:  # (set operations in C: most words are met many times)
            self.seen.add(word)
            terms = word_terms(word)
            folded = fold(word)
            written = SURFACE + folded
            if written in wanted or not wanted.isdisjoint(terms):
                # as the index posts it: no written form beside a word that is its own one index term
                kept[word] = (*terms, written) if written_posted(folded) else terms
            if len(terms) != 1:
                several[word] = len(terms)
        # the field's length counts every word's index terms (not its written form); what the query cannot
        # ask for is one padding term
        rest = len(words) + sum((several[w] - 1) * counts[w] for w in counts.keys() & several.keys())
        positions: dict[str, list[int]] = {}
        for word in [w for w in counts if w in kept]:  # (in the order of their first use)
            found = kept[word]
            n = counts[word]
            rest -= sum(t[:1] != SURFACE for t in found) * n  # its index terms (a written form adds no length)
            at = [i for i, w in enumerate(words) if w == word] if n > 1 else [words.index(word)]
            for term in found:
                held = positions.get(term)
                # two words of one term (a stem's inflections): their positions in order
                positions[term] = at if held is None else sorted(held + at)
        boost = self.format.field_boost
        encode = self.format.encode
        for term, where in positions.items():
            yield term.encode("utf-8"), 0 if term[0] == SURFACE else len(where), len(where) * boost, encode(where)
        if rest:
            yield _PAD.encode("utf-8"), rest, rest * boost, encode([])

    def _analysed(self, value: Analysed):
        """The postings of a field analysed when its passage was indexed (solr/records.py)."""
        wanted = self.wanted
        if wanted is not None and self._finder is None:  # (once the wildcards' terms are in)
            self._finder = terms_pattern(wanted - {_PATTERNS_KEY}) if wanted - {_PATTERNS_KEY} else _NOTHING
        boost = self.format.field_boost
        encode = self.format.encode
        rest = value.length
        for term, where in decode_terms(value.terms, self._finder).items():
            freq = 0 if term[0] == SURFACE else len(where)
            rest -= freq
            yield term.encode("utf-8"), freq, len(where) * boost, encode(where)
        if rest:
            yield _PAD.encode("utf-8"), rest, rest * boost, encode([])


class Analysed:
    """A full-text field of a candidate as analysed when its passage was indexed: its terms and positions
    (solr/records.encode_terms) and its length."""

    __slots__ = ("terms", "length")

    def __init__(self, terms: str, length: int):
        self.terms, self.length = terms, length


_NOTHING = re.compile("(?!)(.)(.)")


def rank(client: SolrClient, query: str, node, candidates: list[dict], extra: list[dict], aliases, wanted: int,
         per_doc: int, matched: int, stats: CollectionStatistics):
    """(final score, Solr document), best first, ``wanted`` of them at most ``per_doc`` per document: the
    candidates ranked by the embedded engine's rules. ``extra`` are passages that only help compiling (the
    first passages of the candidates' documents, for title: and the like); ``matched`` is the query's total."""
    import numpy as np

    from ..query.compiler import Compiler
    from ..search.rank import rank_passages
    from ..search.scores import Scorer

    if not candidates:
        return [], 0
    if any("record_json" not in d for d in candidates):
        raise MissingRecords(next(d["id"] for d in candidates if "record_json" not in d))
    candidates = sorted(candidates, key=_index_order)  # in the embedded index's order, which breaks ties
    docs = candidates + extra
    reader = candidate_reader(docs, query_terms(node, aliases))
    try:
        searcher = _searcher(reader, stats)
        compiled = Compiler(reader, query, aliases).compile_ranked(node)
        terms = set()
        for q in (compiled.query, *compiled.clauses, *compiled.own_clauses, compiled.every_word):
            if q is not None:
                terms.update((f, t.decode("utf-8") if isinstance(t, bytes) else t)
                             for f, t in q.all_terms(phrases=True) if f in TEXT_FIELDS)
        stats.fetch(sorted(terms))
        scorer = Scorer(searcher)
        found = scorer.matches(compiled.query).within(np.arange(len(candidates), dtype=np.int64))
        chosen = rank_passages(scorer, compiled, found, "relevance", wanted, per_doc, matched=matched)
        return [(score, docs[d]) for score, d in chosen], len(found)
    finally:
        reader.close()


def _index_order(stored: dict):
    """Where the embedded index holds a passage: files by path, a file's documents and their passages in order."""
    return json.loads(stored["record_json"]).get("order", ""), stored["doc_id"], stored["paragraph"]


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
