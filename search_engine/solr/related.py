"""More like this on a SolrCloud collection: search/related.py's ranking, over the collection's passages.

search.related ranks the documents like a source from the passages seen document by document (for the
embedded index, its ``_Index`` of a whoosh reader). :class:`CollectionIndex` is the same view of a
collection, read from Solr as the ranking asks for it, so that one ranking serves both backends:

- the numbers of passages and documents and the passages' total length, in one request (a passage's length
  as whoosh keeps it, in one byte: counted per distinct length by a facet, so the means are the embedded
  index's to the last digit);
- the frequency of each of the source's words (Solr's document frequencies in the text and the notes,
  counted by facet queries, as the ranking's statistics are: solr/rerank.py);
- the postings of its heaviest words: the passages Solr finds for them (and the passages in Cyrillic, where
  our analysis posts a word under its own transliteration too, Solr under its stem's only), each word's
  count read from the passage's record of its analysis (``record_json``, solr/records.py), so a Cyrillic
  stem counts the words our analysis gives it, not those Solr transliterates alike;
- the passages and lengths of the candidate documents, their catalog entries (dates), the passages the
  filters keep, and the stored fields of the passages shown.

The forms shown for the shared words (``khrushchev`` -> "Khrushchev") are the commonest among the passages
read (the embedded index reads its words table, which counts every document).
"""

from __future__ import annotations

import json
from collections import Counter

from ..analysis.languages import _CYRILLIC_LANGUAGES
from ..analysis.tokens import CYRILLIC
from ..errors import NotAvailableError
from ..search.related import _FIELDS
from .client import SolrClient
from .query import quote
from .records import (
    TEXT_FIELDS,
    decode_terms,
    document_id_of,
    passage_id_of,
    terms_pattern,
)
from .search import PASSAGE_FIELDS, _Passages, filters

PAGE = 2000  # passages per request
CHUNK = 200  # terms or documents per request


def _decoded_length(n: int) -> int:
    """A field's length as whoosh reads it back from its one byte."""
    from whoosh.util.numeric import byte_to_length, length_to_byte

    return byte_to_length(length_to_byte(n))


class CollectionIndex:
    """A collection's passages seen document by document, as search.related reads an index (see its
    ``_Index``), fetched as asked."""

    def __init__(self, client: SolrClient):
        self.client = client
        self.searcher = _Passages(client)
        answer = client.select({
            "q": "*:*", "rows": 0, "facet": "true", "facet.limit": -1, "facet.mincount": 1,
            "facet.query": ["{!key=passages}record:passage", "{!key=documents}record:document AND paragraph:[1 TO *]"],
            "facet.field": [f"length_{f}" for f in _FIELDS]})
        counts = answer["facet_counts"]
        total = 0
        for f in _FIELDS:
            flat = counts["facet_fields"].get(f"length_{f}", [])
            total += sum(_decoded_length(int(flat[i])) * flat[i + 1] for i in range(0, len(flat), 2))
        self.passage_count = counts["facet_queries"]["passages"]
        self.documents = max(1, counts["facet_queries"]["documents"])
        self.mean_passage = max(1.0, total / max(1, self.passage_count))
        self.mean_document = max(1.0, total / self.documents)
        self.doc_ids: list[str] = []
        self.paragraphs: list[int] = []
        self.lengths: list[int] = []
        self._numbers: dict[str, int] = {}  # Solr id -> passage number here
        # passage number -> (its file, the words a build counts, those it counts once per file)
        self._texts: dict[int, tuple[str, str, str]] = {}
        self._forms = None
        self._postings: dict[str, dict[int, int]] = {}
        self.passages_of: dict[str, list[int]] = {}
        self.document_lengths: dict[str, int] = {}
        self.catalog: dict[str, dict] = {}

    def _number(self, record: dict) -> int:
        """The passage number of a passage record, given on first sight."""
        n = self._numbers.get(record["id"])
        if n is None:
            n = self._numbers[record["id"]] = len(self.doc_ids)
            self.doc_ids.append(record["doc_id"])
            self.paragraphs.append(record["paragraph"])
            self.lengths.append(sum(_decoded_length(record.get(f"length_{f}", 0)) for f in _FIELDS))
        return n

    def _passages(self, query: str, fields: str, params: dict | None = None):
        """Every passage matching ``query``, page by page."""
        cursor = "*"
        while True:
            answer = self.client.select({"q": query, "fq": "record:passage", "fl": fields, "rows": PAGE,
                                         "sort": "id asc", "cursorMark": cursor, **(params or {})})
            yield from answer["response"]["docs"]
            if answer["nextCursorMark"] == cursor:
                return
            cursor = answer["nextCursorMark"]

    def frequencies(self, terms) -> dict[str, int]:
        """term -> the passages holding it in their text plus those holding it in their notes (Solr's counts)."""
        from .rerank import _frequency_query

        terms = list(dict.fromkeys(terms))
        out: dict[str, int] = {}
        for start in range(0, len(terms), CHUNK):
            chunk = terms[start:start + CHUNK]
            queries = [_frequency_query(f, t, len(_FIELDS) * i + j) for i, t in enumerate(chunk)
                       for j, f in enumerate(_FIELDS)]
            held = self.client.select({"q": "record:passage", "rows": 0, "facet": "true",
                                       "facet.query": queries})["facet_counts"]["facet_queries"]
            for i, t in enumerate(chunk):
                n = sum(held.get(f"t{len(_FIELDS) * i + j}", 0) for j in range(len(_FIELDS)))
                if n:
                    out[t] = n
        return out

    def load(self, terms) -> None:
        """Read the postings of ``terms``: the passages Solr finds for any of them, each term's count in the
        passage's text and notes read from its record."""
        from .rerank import _frequency_query

        wanted = [t for t in dict.fromkeys(terms) if t not in self._postings]
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            for t in chunk:
                self._postings[t] = {}
            # (every field, so that the passages read hold every word written under these terms: see Forms)
            params = {f"c{i}": _frequency_query(f, t, i).replace(f" key=t{i}", "")
                      for i, (t, f) in enumerate((t, f) for t in chunk for f in TEXT_FIELDS)}
            if any(not CYRILLIC.search(t) for t in chunk):
                # our analysis also posts a Cyrillic word under its own transliteration (Хрущёва under
                # khrushchev), Solr's under its stem's only: the passages in Cyrillic are read too
                params[f"c{len(params)}"] = "language:(" + " OR ".join(sorted(_CYRILLIC_LANGUAGES)) + ")"
            query = "{!bool " + " ".join(f"should=$c{i}" for i in range(len(params))) + "}"
            pattern = terms_pattern(chunk)
            fields = "id,doc_id,paragraph,body,record_json," + ",".join(f"length_{f}" for f in _FIELDS)
            for record in self._passages(query, fields, params):
                if "record_json" not in record:
                    raise NotAvailableError(f"{self.client.url.text} was built before its passages kept their "
                                            "analysis: run `search-engine index --rebuild` on it to find related "
                                            "documents")
                stored = json.loads(record["record_json"])
                held = stored.get("terms", {})
                if not any(pattern.search(held.get(f, "")) for f in TEXT_FIELDS):
                    continue  # found by Solr's analysis of a Cyrillic stem, not by ours
                n = self._number(record)
                if n not in self._texts:
                    title, _, subtitle = stored.get("title", "").partition("\n")  # (index.schema.passage_records)
                    self._texts[n] = (stored.get("order", "").rpartition("\n")[0], record.get("body", "") + "\n" + title,
                                      "\n".join([subtitle, *(stored.get(f, "") for f in TEXT_FIELDS
                                                              if f not in ("body", "title"))]))
                    self._forms = None
                counts: Counter = Counter()
                for f in _FIELDS:
                    for term, where in decode_terms(held.get(f, "\n"), pattern).items():
                        counts[term] += len(where)
                for term, tf in counts.items():
                    self._postings[term][n] = tf

    def postings(self, term: str) -> dict[int, int]:
        """passage -> how often it holds ``term`` (in its text or its notes)."""
        if term not in self._postings:
            self.load([term])
        return self._postings[term]

    def documents_with(self, term: str) -> set[str]:
        return {self.doc_ids[n] for n in self.postings(term)}

    def passage_idf(self, term: str) -> float:
        import math

        df = len(self.postings(term))
        return math.log(1 + (self.passage_count - df + 0.5) / (df + 0.5))

    def load_documents(self, doc_ids) -> None:
        """Read every passage (number, paragraph, length) and the catalog entry of these documents."""
        wanted = sorted(d for d in doc_ids if d not in self.passages_of)
        fields = "id,doc_id,paragraph," + ",".join(f"length_{f}" for f in _FIELDS)
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            found: dict[str, list[int]] = {d: [] for d in chunk}
            for record in self._passages("doc_id:(" + " OR ".join(quote(d) for d in chunk) + ")", fields):
                found[record["doc_id"]].append(self._number(record))
            for d, numbers in found.items():
                self.passages_of[d] = sorted(numbers, key=lambda n: self.paragraphs[n])
                self.document_lengths[d] = sum(self.lengths[n] for n in numbers)
            ids = " OR ".join(quote(document_id_of(d)) for d in chunk)
            for record in self.client.select({"q": f"id:({ids})", "fl": "doc_id,summary_json",
                                              "rows": len(chunk)})["response"]["docs"]:
                self.catalog[record["doc_id"]] = json.loads(record["summary_json"])

    def allowed(self, date_from, date_to, classification, language, doc_filter) -> set[int] | None:
        """The passages of the documents read that the filters keep (None: no filter)."""
        fq = filters(date_from, date_to, classification, language, doc_filter)
        if len(fq) == 1:  # record:passage alone
            return None
        kept: set[int] = set()
        documents = sorted(self.passages_of)
        for start in range(0, len(documents), CHUNK):
            chunk = documents[start:start + CHUNK]
            query = "doc_id:(" + " OR ".join(quote(d) for d in chunk) + ")"
            for record in self._passages(query, "id", {"fq": fq}):
                if record["id"] in self._numbers:
                    kept.add(self._numbers[record["id"]])
        return kept

    def stored(self, numbers) -> dict[int, dict]:
        """The stored fields of these passages, as search.hits.passage_fields gives them."""
        ids = {passage_id_of(self.doc_ids[n], self.paragraphs[n]): n for n in numbers}
        out = {}
        if ids:
            query = "id:(" + " OR ".join(quote(i) for i in ids) + ")"
            for record in self.client.select({"q": query, "fl": PASSAGE_FIELDS, "rows": len(ids)})["response"]["docs"]:
                out[ids[record["id"]]] = {**record, "meta": json.loads(record["meta"])}
        return out

    def vocabulary(self) -> Forms:
        """The forms of the words of the terms read (after the postings are read: see Forms)."""
        if self._forms is None:
            self._forms = Forms(self)
        return self._forms


class Forms:
    """How the documents write the words of an index term most often, as index.words.Words.form_of_stem
    answers it, counted as a build counts words (index.build.prepare_documents: the title's and the
    paragraphs' words each time, the other fields' once per file) over the passages read, which hold every
    word of the terms read."""

    def __init__(self, index: CollectionIndex):
        import re

        from ..analysis.stemming import word_terms
        from ..analysis.tokens import TOKEN_PATTERN, fold, normalize

        findall = re.compile(TOKEN_PATTERN).findall
        per_file: dict[str, tuple[Counter, set[str]]] = {}
        for path, written, once in index._texts.values():
            counted, elsewhere = per_file.setdefault(path, (Counter(), set()))
            counted.update(findall(written))
            elsewhere.update(findall(once))
        self.words: dict[str, Counter] = {}  # folded word -> as written -> times
        for counted, elsewhere in per_file.values():
            counted.update(dict.fromkeys(elsewhere - counted.keys(), 1))
            for word, k in counted.items():
                self.words.setdefault(fold(word), Counter())[normalize(word)] += k
        self.by_term: dict[str, list[str]] = {}
        for folded in self.words:
            self.by_term.setdefault(word_terms(folded)[0], []).append(folded)

    def form_of_stem(self, stem: str) -> str | None:
        from ..index.words import _commonest

        counted = {w: _commonest(self.words[w]) for w in self.by_term.get(stem, ())}
        if not counted:
            return None
        best = min(counted, key=lambda w: (-counted[w][0], w))
        return counted[best][1]
