"""The array scorer (search.scores) against whoosh's own matchers, and the ranking built on it against the
ranking as whoosh computed it before: the same matches, the same scores, the same top hits.

The reference ranking below is the scorer the relevance issue settled on, as it ran on whoosh: every
matching passage scored by ``searcher.search``, the share of the query's words from ``docs_for_query``
of each clause, a tenth of the best neighbour's score, ties by index order.
"""

from __future__ import annotations

import ast
import shutil
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from search_engine import SearchEngine
from search_engine.query.columns import column_values
from search_engine.query.compiler import Compiler
from search_engine.query.parser import parse
from search_engine.search.hits import passage_fields
from search_engine.search.rank import RANKING, SCORE_ALL
from search_engine.search.scores import Scorer
from tests.conftest import SEEDS, SHARED

FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
QUERIES = [line.partition("\t")[2] for line in
           (Path(__file__).resolve().parent.parent / "benchmarks" / "queries.txt").read_text().splitlines()
           if line.strip() and not line.startswith("#")]
# the judged queries of benchmarks/relevance/queries.tsv (query_id<TAB>query<TAB>note[<TAB>split])
JUDGED = [line.split("\t")[1] for line in
          (Path(__file__).resolve().parent.parent / "benchmarks" / "relevance" / "queries.tsv").read_text().splitlines()
          if line.strip() and not line.startswith("#")]
# whoosh 2.7's AndNot matcher can keep the first passage that holds the excluded word (see
# test_a_minus_word_excludes_every_passage_holding_it): these are compared without the exclusion
EXCLUDING = [q for q in QUERIES + JUDGED if " -" in q or " NOT " in q]


@pytest.fixture(scope="module")
def frus_engine(tmp_path_factory):
    if not FRUS.exists():
        pytest.skip(f"needs the FRUS volume ({FRUS})")
    folder = tmp_path_factory.mktemp("frus_corpus")
    shutil.copy(FRUS, folder)
    for seed in SEEDS.iterdir():
        if seed.is_file():
            shutil.copy(seed, folder)
    engine = SearchEngine(tmp_path_factory.mktemp("frus_index"))
    engine.index([folder])
    return engine


@contextmanager
def _searcher(engine):
    """The live generation's searcher (with the engine's weighting), held while in use."""
    gen = engine._acquire()
    try:
        with gen.searcher() as searcher:
            yield searcher
    finally:
        gen.release()


def _compiled(engine, searcher, query):
    """The query compiled as engine.search compiles it (thesaurus, respellings)."""
    gen = engine._acquire()
    gen.release()
    compiler = Compiler(searcher.reader(), query, engine._load_aliases(None, True), vocabulary=gen.vocabulary)
    return compiler.compile_ranked(parse(query))


def _whoosh_matches(searcher, query) -> dict[int, float]:
    return {d: s for s, d in searcher.search(query, limit=None).top_n}


def _reference_top(searcher, compiled, limit=10) -> list[int]:
    """The top passages as the whoosh-based scorer ranked them (per_doc 0, no filter): every match scored up
    to SCORE_ALL matches; above, the best by BM25F that hold every word (else that match), 2 x limit of them,
    four times more while the page is short."""
    matched = list(searcher.docs_for_query(compiled.query))
    if len(matched) <= SCORE_ALL:
        return _final_order(searcher, compiled, _whoosh_matches(searcher, compiled.query))[:limit]
    k = limit * 2
    while True:
        candidates = {}
        if compiled.every_word is not None:
            candidates.update((d, s) for s, d in searcher.search(compiled.every_word, limit=k).top_n)
        if compiled.every_word is None or len(candidates) < k:
            for s, d in searcher.search(compiled.query, limit=k).top_n:
                candidates.setdefault(d, s)
        chosen = _final_order(searcher, compiled, candidates)[:limit]
        if len(chosen) == limit or k >= len(matched):
            return chosen
        k *= 4


def _final_order(searcher, compiled, scores: dict[int, float]) -> list[int]:
    if compiled.clauses:
        held = dict.fromkeys(scores, 0.0)
        for anywhere, own in zip(compiled.clauses, compiled.own_clauses, strict=True):
            in_own = set(searcher.docs_for_query(own)) & set(scores)
            for d in in_own:
                held[d] += 1.0
            for d in (set(searcher.docs_for_query(anywhere)) & set(scores)) - in_own:
                held[d] += RANKING.document_credit
        scores = {d: s * (held[d] / len(compiled.clauses)) ** RANKING.coverage_power for d, s in scores.items()}
    doc_ids = column_values(searcher.reader(), "doc_id")
    numbers = searcher.reader().column_reader("paragraph")
    where = {(doc_ids[d], numbers[d]): d for d in scores}
    final = {}
    for d, s in scores.items():
        near = [scores[o] for k in ((doc_ids[d], numbers[d] - 1), (doc_ids[d], numbers[d] + 1))
                if (o := where.get(k)) is not None]
        final[d] = s + RANKING.window * max(near, default=0.0)
    return [d for d, _ in sorted(final.items(), key=lambda kv: (-kv[1], kv[0]))]


@pytest.mark.parametrize("query", [q for q in QUERIES if q not in EXCLUDING])
def test_the_array_scorer_matches_and_scores_as_whoosh_does(frus_engine, query):
    with _searcher(frus_engine) as searcher:
        compiled = _compiled(frus_engine, searcher, query)
        expected = _whoosh_matches(searcher, compiled.query)
        found = Scorer(searcher).matches(compiled.query)
    assert found.ids.tolist() == sorted(expected)
    assert np.allclose(found.scores, [expected[d] for d in found.ids.tolist()], rtol=1e-9, atol=0)


@pytest.mark.parametrize("query", list(dict.fromkeys(q for q in QUERIES + JUDGED if q not in EXCLUDING)))
def test_the_top_hits_are_the_whoosh_scorers(frus_engine, query):
    results = frus_engine.search(query, limit=10, dedupe=False)
    with _searcher(frus_engine) as searcher:
        compiled = _compiled(frus_engine, searcher, query)
        reference = [passage_fields(searcher, d)["passage_id"] for d in _reference_top(searcher, compiled)]
        shown = [w.split("showing the results for ", 1)[1] for w in results.warnings if "showing the results for " in w]
        if not reference and shown:  # nothing matched: the engine shows the hits of the query it says it ran
            compiled = _compiled(frus_engine, searcher, ast.literal_eval(shown[0]))
            reference = [passage_fields(searcher, d)["passage_id"] for d in _reference_top(searcher, compiled)]
        total = len(_whoosh_matches(searcher, compiled.query))
    assert [h.passage_id for h in results.hits] == reference
    assert results.total == total


def test_the_positions_of_some_passages_are_those_of_all_the_terms_postings(frus_engine):
    """A phrase reads the positions of the passages it still considers from the blocks of a term's postings that
    hold them (scores._values_at): the same as decoding every block, for terms of one block and of many."""
    from search_engine.search.scores import _values_at

    rng = np.random.default_rng(13)
    with _searcher(frus_engine) as searcher:
        scorer = Scorer(searcher)
        blocks = 0
        for field, word in [("body", w) for w in ("soviet", "the", "missil", "treati", "berlin", "adzhubei")] + [
                ("title", "khrushchev"), ("title", "memorandum")]:
            held = scorer.term(field, word).ids
            assert len(held), word
            every = scorer._read_values(field, word)
            blocks = max(blocks, len(held) // 128)
            btext = searcher.schema[field].to_bytes(word)
            for n in (1, 2, 10, len(held) // 3, len(held)):
                ids = np.sort(rng.choice(held, min(n, len(held)), replace=False))
                some = []
                for segment, offset in scorer.segments:
                    low, high = np.searchsorted(ids, [offset, offset + segment.doc_count_all()]).tolist()
                    some.extend(_values_at(segment, field, btext, ids[low:high] - offset))
                assert some == [every[i] for i in np.searchsorted(held, ids).tolist()], (field, word, n)
        assert blocks >= 8  # a term of many blocks was read


def test_a_minus_word_excludes_every_passage_holding_it(frus_engine):
    """whoosh's own AndNot kept one passage that holds "Castro" for `Kennedy -Castro`; the arrays do not."""
    results = frus_engine.search("Kennedy -Castro", limit=2000, dedupe=False, snippets=False)
    assert results.total > 100
    assert not [h.passage_id for h in results.hits if "castro" in h.text.lower()]


@pytest.mark.parametrize("arrays", [True, False], ids=["posting arrays", "whoosh's blocks"])
def test_scores_follow_segments_and_deletions(tmp_path, arrays):
    """On an index of several segments with deleted passages (as updates leave it before a merge), the arrays
    still match and score as whoosh does: read from the posting arrays written beside each segment, or decoded
    from whoosh's blocks (segments written without them)."""
    from whoosh import index

    from search_engine.index.postings import SUFFIX, codec
    from search_engine.index.schema import schema
    from search_engine.search.rank import weighting

    ix = index.create_in(str(tmp_path), schema())
    options = {"codec": codec()} if arrays else {}
    texts = ["Soviet missiles in Cuba and the Jupiter missiles in Turkey", "Berlin and the missiles question",
             "Khrushchev wrote to Kennedy about Berlin", "a letter on the test ban treaty",
             "missiles, missiles and more missiles", "Kennedy replied on Cuba"]
    for part in (texts[:3], texts[3:], texts[:2]):  # three commits: three segments
        writer = ix.writer(**options)
        for i, text in enumerate(part):
            n = texts.index(text)
            writer.add_document(doc_id=f"d{n}", paragraph=i + 1, body=text,
                                title=f"Document {n} on missiles" if n % 2 else "")
        writer.commit(merge=False)
    writer = ix.writer(**options)
    writer.delete_by_term("doc_id", "d1")
    writer.commit(merge=False)
    assert len(list(tmp_path.glob("*" + SUFFIX))) == (4 if arrays else 0)  # (the delete's commit wrote no segment)
    with ix.searcher(weighting=weighting()) as searcher:
        assert searcher.reader().has_deletions() and len(list(searcher.reader().leaf_readers())) == 3
        for query in ("missiles", "Berlin missiles", '"jupiter missiles"', "Khrushchev OR Kennedy", "title:missiles"):
            compiled = Compiler(searcher.reader(), query).compile_ranked(parse(query))
            expected = _whoosh_matches(searcher, compiled.query)
            found = Scorer(searcher).matches(compiled.query)
            assert expected and found.ids.tolist() == sorted(expected), query
            assert np.allclose(found.scores, [expected[d] for d in found.ids.tolist()], rtol=1e-9, atol=0), query
