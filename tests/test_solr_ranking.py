"""The Solr backend's ranking of its candidates (solr/rerank.py, solr/candidates.py) without a cluster: the
passages' Solr records of the seeds, ranked with the embedded index's statistics, give the embedded engine's
hits and scores, whether a record carries its fields analysed (as a collection built now does) or only their
text (a collection built before)."""

import json

import pytest

from search_engine import SearchEngine
from search_engine.ingest.readers import ReadOptions, read_file
from search_engine.query.aliases import load_aliases
from search_engine.query.parser import parse
from search_engine.solr import rerank
from search_engine.solr.records import (
    decode_terms,
    encode_terms,
    field_terms,
    solr_passages,
    terms_pattern,
)
from tests.conftest import SEEDS


class EmbeddedStatistics:
    """The statistics rerank asks the collection for, read from the embedded index instead."""

    def __init__(self, reader):
        self.reader = reader
        self.passages = reader.doc_count_all()
        self.lengths = {f: float(reader.field_length(f)) for f in rerank.TEXT_FIELDS}

    def fetch(self, terms):
        pass

    def frequency(self, field, text):
        return self.reader.doc_frequency(field, text)


@pytest.fixture(scope="module")
def candidates():
    docs = []
    for path in sorted(SEEDS.iterdir()):
        if path.is_file():
            for position, doc in enumerate(read_file(str(path), ReadOptions(None, None)).documents):
                docs += solr_passages(doc, str(path), position)
    return docs


def without_analysis(docs):
    """The records as a collection built before they carried their fields' terms holds them."""
    out = []
    for d in docs:
        record = {k: v for k, v in json.loads(d["record_json"]).items() if k not in ("terms", "lengths")}
        out.append(dict(d, record_json=json.dumps(record)))
    return out


@pytest.mark.parametrize("query", [
    "dismantle the missiles", "Khrushchev", '"missile installations"', "Хрущёв", "Kennedy -Castro", "dismant*",
    "Khrushchov~", "title:letter missiles", "Cuba Turkey", '"Soviet Union" Castro', "=missiles",
])
@pytest.mark.parametrize("analysed", [True, False])
def test_candidates_rank_as_the_embedded_index(seeds_index, candidates, query, analysed):
    local = SearchEngine(seeds_index)
    expected = local.search(query, limit=10, dedupe=False, thesaurus=False)
    docs = candidates if analysed else without_analysis(candidates)
    gen = local._acquire()
    try:
        with gen.searcher() as searcher:
            chosen, _ = rerank.rank(None, query, parse(query), docs, [], load_aliases(None, None, thesaurus=False),
                                    10, 0, expected.total, EmbeddedStatistics(searcher.reader()))
    finally:
        gen.release()
    assert [d["passage_id"] for _, d in chosen] == [h.passage_id for h in expected]
    assert [s for s, _ in chosen] == pytest.approx([h.score for h in expected], rel=1e-12)


def test_a_fields_terms_are_found_as_written():
    terms = field_terms({"body": "The missiles, the Missile and Хрущёв's letter: missiles again."})["body"]
    encoded = encode_terms(terms)
    assert decode_terms(encoded) == terms
    asked = {"missil", "=missiles", "letter", "nowhere"}
    assert decode_terms(encoded, terms_pattern(asked)) == {t: terms[t] for t in asked if t in terms}
