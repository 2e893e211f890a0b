"""The array scorer (search.scores) against whoosh's own matchers, and the ranking built on it against the
ranking as whoosh computed it before: the same matches, the same scores, the same top hits.

The reference ranking below is the scorer the relevance issue settled on, as it ran on whoosh: every
matching passage scored by ``searcher.search``, the share of the query's words from ``docs_for_query``
of each clause, a tenth of the best neighbour's score, ties by index order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from search_engine import SearchEngine
from search_engine.index.layout import VOCABULARY
from search_engine.index.storage import current_generation, load_vocabulary
from search_engine.query.aliases import load_aliases
from search_engine.query.columns import column_values
from search_engine.query.compiler import Compiler
from search_engine.query.parser import parse
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


def _compiled(engine, query):
    searcher = engine._open()
    aliases = load_aliases(None, engine.index_dir, thesaurus=True)
    vocabulary = current_generation(engine.index_dir) / VOCABULARY  # respells as engine.search does
    compiler = Compiler(searcher.reader(), query, aliases, vocabulary=lambda: load_vocabulary(vocabulary))
    return searcher, compiler.compile_ranked(parse(query))


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
    searcher, compiled = _compiled(frus_engine, query)
    expected = _whoosh_matches(searcher, compiled.query)
    found = Scorer(searcher).matches(compiled.query)
    assert found.ids.tolist() == sorted(expected)
    assert np.allclose(found.scores, [expected[d] for d in found.ids.tolist()], rtol=1e-9, atol=0)


@pytest.mark.parametrize("query", list(dict.fromkeys(q for q in QUERIES + JUDGED if q not in EXCLUDING)))
def test_the_top_hits_are_the_whoosh_scorers(frus_engine, query):
    searcher, compiled = _compiled(frus_engine, query)
    reference = [searcher.stored_fields(d)["passage_id"] for d in _reference_top(searcher, compiled)]
    results = frus_engine.search(query, limit=10, dedupe=False)
    if not reference and results.suggestions:  # nothing matched: the engine shows the corrected query's hits
        searcher, compiled = _compiled(frus_engine, results.suggestions[0])
        reference = [searcher.stored_fields(d)["passage_id"] for d in _reference_top(searcher, compiled)]
    assert [h.passage_id for h in results.hits] == reference
    assert results.total == len(_whoosh_matches(searcher, compiled.query))


def test_a_minus_word_excludes_every_passage_holding_it(frus_engine):
    """whoosh's own AndNot kept one passage that holds "Castro" for `Kennedy -Castro`; the arrays do not."""
    results = frus_engine.search("Kennedy -Castro", limit=2000, dedupe=False, snippets=False)
    assert results.total > 100
    assert not [h.passage_id for h in results.hits if "castro" in h.text.lower()]


def test_scores_follow_updates_and_deletions(corpus, tmp_path):
    """After a changed file is indexed again (its old passages deleted, the new ones in a new segment), the
    arrays still match and score as whoosh does."""
    engine = SearchEngine(tmp_path / "index")
    engine.index([corpus])
    changed = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA new paragraph on missiles and Berlin.\n",
                       encoding="utf-8")
    engine.index([corpus])
    searcher = engine._open()
    assert searcher.reader().has_deletions() or len(list(searcher.reader().leaf_readers())) > 1
    for query in ("missiles", "Berlin missiles", '"new paragraph"', "Khrushchev OR Kennedy"):
        _, compiled = _compiled(engine, query)
        expected = _whoosh_matches(searcher, compiled.query)
        found = Scorer(searcher).matches(compiled.query)
        assert found.ids.tolist() == sorted(expected), query
        assert np.allclose(found.scores, [expected[d] for d in found.ids.tolist()], rtol=1e-9, atol=0), query
