"""The relevance benchmark: its metrics on toy rankings, its judgements against the real texts, and one run."""

import dataclasses
import importlib.util
import json
import math
import sqlite3
import sys
from collections import Counter

import pytest

from search_engine.ingest.readers import read_documents
from search_engine.model import Document, Paragraph

from .conftest import ROOT, SEEDS

CATEGORIES = {"name", "event", "phrase", "date", "footnote", "misspelling", "plain", "russian",
              "topical", "question", "later-name"}


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("relevance", ROOT / "benchmarks" / "relevance.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


rel = _load_benchmark()
FRUS = rel.DEFAULT_FRUS  # ../shared beside the project, or beside the folder holding its worktree


# ---------------------------------------------------------------- metrics on toy rankings

def test_ndcg_with_graded_gains_and_log2_discount():
    judgements = {"a": 2, "c": 1, "d": 1}
    # DCG: (2^2-1)/log2(2) + 0 + (2^1-1)/log2(4); ideal order 2, 1, 1
    expected = (3 + 1 / 2) / (3 + 1 / math.log2(3) + 1 / 2)
    assert rel.ndcg_at_k(["a", "b", "c"], judgements) == pytest.approx(expected)
    assert rel.ndcg_at_k(["a", "c", "d"], judgements) == pytest.approx(1.0)
    assert rel.ndcg_at_k(["c", "d", "a"], judgements) == pytest.approx(
        (1 + 1 / math.log2(3) + 3 / 2) / (3 + 1 / math.log2(3) + 1 / 2))


def test_nothing_relevant_found_scores_zero():
    judgements = {"a": 2}
    assert rel.ndcg_at_k(["x", "y"], judgements) == 0.0
    assert rel.reciprocal_rank(["x", "y"], judgements) == 0.0
    assert rel.recall_at_k(["x", "y"], judgements) == 0.0
    assert rel.score([], judgements) == {"ndcg@10": 0.0, "rr": 0.0, "recall@10": 0.0}


def test_fewer_than_ten_results_are_scored_as_they_are():
    judgements = {"a": 1, "b": 2, "c": 1}
    assert rel.ndcg_at_k(["b"], judgements) == pytest.approx(3 / (3 + 1 / math.log2(3) + 1 / 2))
    assert rel.recall_at_k(["x", "a", "b"], judgements) == pytest.approx(2 / 3)
    assert rel.reciprocal_rank(["x", "y", "c"], judgements) == pytest.approx(1 / 3)


def test_only_the_first_ten_count():
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    assert rel.score(ranking, {"a": 2}) == {"ndcg@10": 0.0, "rr": 0.0, "recall@10": 0.0}
    assert rel.ndcg_at_k(ranking, {"a": 2}, k=11) == pytest.approx((3 / math.log2(12)) / 3)


def test_a_passage_listed_twice_counts_once():
    assert rel.score(["a", "a", "b"], {"b": 1})["rr"] == pytest.approx(1 / 2)


def test_judgements_without_relevant_passages_give_zero_not_an_error():
    assert rel.ndcg_at_k(["a"], {}) == 0.0
    assert rel.recall_at_k(["a"], {}) == 0.0


def test_judged_share_counts_judgements_of_any_grade():
    judgements = {"a": 2, "b": 0}
    assert rel.judged_at_k(["a", "b", "c", "d"], judgements) == pytest.approx(2 / 4)
    assert rel.judged_at_k(["c"] * 3 + ["a"] * 20, judgements, k=3) == 0.0
    assert rel.judged_at_k([], judgements) is None
    assert rel.mean([0.5, None, 1.0]) == pytest.approx(0.75)


def test_judged_not_relevant_passages_do_not_count_as_relevant():
    judgements = {"a": 0, "b": 1}
    assert rel.reciprocal_rank(["a", "b"], judgements) == pytest.approx(1 / 2)
    assert rel.recall_at_k(["a"], judgements) == 0.0
    assert rel.ndcg_at_k(["b"], judgements) == pytest.approx(1.0)


# ---------------------------------------------------------------- the randomisation test

def test_randomisation_test_enumerates_every_sign_assignment_of_a_small_case():
    # five queries, ours better by 0.1 on each: of the 2^5 sign assignments only all-plus and all-minus
    # reach a mean difference of 0.1 in absolute value
    result = rel.permutation_test([0.6] * 5, [0.5] * 5)
    assert result["p"] == pytest.approx(2 / 32) and result["exact"]
    assert (result["better"], result["worse"], result["tied"]) == (5, 0, 0)
    assert result["mean_difference"] == pytest.approx(0.1)


def test_randomisation_test_known_mixed_case_and_ties():
    # differences +0.3, -0.1, 0, +0.2: the tie is left out; of the 8 sign assignments of (0.3, 0.1, 0.2)
    # those with |sum| >= 0.4 are (+,-,+), (-,+,-), (+,+,+), (-,-,-): p = 4/8
    result = rel.permutation_test([0.8, 0.4, 0.5, 0.7], [0.5, 0.5, 0.5, 0.5])
    assert result["p"] == pytest.approx(0.5)
    assert (result["better"], result["worse"], result["tied"], result["queries"]) == (2, 1, 1, 4)
    assert rel.permutation_test([0.3, 0.4], [0.3, 0.4]) == {"queries": 2, "better": 0, "worse": 0, "tied": 2,
                                                            "mean_difference": 0.0, "p": 1.0, "exact": True}


def test_randomisation_test_samples_large_cases_reproducibly():
    ours = [0.5 + 0.01 * (i % 7) for i in range(40)]
    other = [0.5] * 40
    first, second = rel.permutation_test(ours, other, samples=2000), rel.permutation_test(ours, other, samples=2000)
    assert first == second and not first["exact"]
    assert first["p"] == pytest.approx(1 / 2001)  # every query better: no random assignment reaches it
    noisy = rel.permutation_test([0.5 + (0.1 if i % 2 else -0.1) for i in range(40)], other, samples=2000)
    assert noisy["p"] > 0.9
    with pytest.raises(ValueError):
        rel.permutation_test([0.1], [0.1, 0.2])


# ---------------------------------------------------------------- resolving fragments

def _doc(*texts):
    return Document("doc", "A title", tuple(Paragraph(i, t) for i, t in enumerate(texts, 1)))


def _judgement(fragment, line=7):
    return rel.Judgement("q01", "doc", fragment, 2, line)


def test_fragments_resolve_to_passage_ids_ignoring_quote_style_and_spacing():
    docs = {"doc": _doc("Noah’s Ark where both the “clean”\nand the unclean", "something else")}
    assert rel.resolve([_judgement('Noah\'s Ark where both the "clean" and')], docs) == {"q01": {"doc#p1": 2}}


def test_a_fragment_in_several_paragraphs_resolves_to_the_one_it_quotes_whole():
    docs = {"doc": _doc("Cde. Khrushchev is dictating the letter.", "Cde. Khrushchev", "Cde.  Khrushchev")}
    with pytest.raises(rel.QrelsError, match="matches #p1, #p2, #p3 of doc"):
        rel.resolve([_judgement("Cde. Khrushchev")], docs)  # paragraphs 2 and 3 both are the fragment
    docs = {"doc": _doc("Cde. Khrushchev is dictating the letter.", "Cde. Khrushchev")}
    assert rel.resolve([_judgement("Cde. Khrushchev")], docs) == {"q01": {"doc#p2": 2}}


@pytest.mark.parametrize("fragment, message", [
    ("not in the text", "matches no paragraph of doc"),
    ("the missiles", "matches #p1, #p2 of doc"),
])
def test_a_fragment_must_match_exactly_one_paragraph(fragment, message):
    docs = {"doc": _doc("dismantle the missiles now", "remove the missiles later")}
    with pytest.raises(rel.QrelsError, match="qrels.tsv line 7") as error:
        rel.resolve([_judgement(fragment)], docs)
    assert message in str(error.value)


def test_unknown_documents_and_double_judgements_are_errors():
    docs = {"doc": _doc("dismantle the missiles now")}
    with pytest.raises(rel.QrelsError, match="no document 'other'"):
        rel.resolve([rel.Judgement("q01", "other", "dismantle", 1, 3)], docs)
    with pytest.raises(rel.QrelsError, match="judged twice"):
        rel.resolve([_judgement("dismantle"), _judgement("the missiles now", line=8)], docs)


def test_a_fragment_is_made_for_any_paragraph_that_has_one():
    doc = _doc("one two three four five six seven eight nine", "one two three four five six seven eight ten",
               "Sincerely,", "Sincerely, John", "Sincerely, John Kennedy", "Sincerely, John Kennedy")
    assert rel.fragment_for(doc, 1) == "two three four five six seven eight nine"
    assert rel.fragment_for(doc, 2) == "two three four five six seven eight ten"
    assert rel.fragment_for(doc, 3) == "Sincerely,"  # in paragraphs 4-6 too, but the whole of paragraph 3
    assert rel.fragment_for(doc, 4) == "Sincerely, John"
    with pytest.raises(rel.QrelsError, match="doc#p5"):
        rel.fragment_for(doc, 5)  # paragraph 6 is the very same text
    for number in (1, 2, 3, 4):
        fragment = rel.fragment_for(doc, number)
        assert rel.resolve([_judgement(fragment)], {"doc": doc}) == {"q01": {f"doc#p{number}": 2}}


def test_judgements_know_their_corpus():
    assert rel.corpus_of("frus1961-63v06-d68") == "frus"
    assert rel.corpus_of("jfk_doc_1002") == "jfk"
    assert rel.corpus_of("000_17656c3dbdfa3f82") == "seeds"


def test_judged0_holds_grade_0_only_and_qrels_grades_1_and_2(tmp_path):
    qrels, judged0 = tmp_path / "qrels.tsv", tmp_path / "judged0.tsv"
    qrels.write_text("# a comment\nq01\tdoc\tdismantle the missiles now\t2\n", encoding="utf-8")
    judged0.write_text("q01\tdoc\tremove the missiles later\t0\n", encoding="utf-8")
    judgements = rel.load_judgements(qrels, judged0)
    assert [(j.grade, j.source, j.line) for j in judgements] == [(2, "qrels.tsv", 2), (0, "judged0.tsv", 1)]
    docs = {"doc": _doc("dismantle the missiles now", "remove the missiles later")}
    assert rel.resolve(judgements, docs) == {"q01": {"doc#p1": 2, "doc#p2": 0}}
    judged0.write_text("q01\tdoc\tdismantle the missiles now\t0\n", encoding="utf-8")
    with pytest.raises(rel.QrelsError, match="judged0.tsv line 1 .* judged twice"):
        rel.resolve(rel.load_judgements(qrels, judged0), docs)
    judged0.write_text("q01\tdoc\tremove the missiles later\t1\n", encoding="utf-8")
    with pytest.raises(rel.QrelsError, match="judged0.tsv line 1: grade must be 0"):
        rel.load_judgements(qrels, judged0)
    assert rel.load_judgements(qrels, tmp_path / "absent.tsv") == judgements[:1]


# ---------------------------------------------------------------- the FTS5 translation

@pytest.mark.parametrize("query, expected", [
    ('"knot of war" Turkey', '"knot of war" OR "Turkey"'),
    ('"dismantle missiles"~5', '"dismantle missiles"'),
    ("date:1962-10 Turkey", '"1962" OR "10" OR "Turkey"'),
    ('title:"dialogue with Castro" Zorin AND Thant', '"dialogue with Castro" OR "Zorin" OR "Thant"'),
    ("+Cuba -Castro^2 Gromyko~ IL-28", '"Cuba" OR "Castro" OR "2" OR "Gromyko" OR "IL" OR "28"'),
    ("особая папка", '"особая" OR "папка"'),
    ("AND ~ ()", ""),
])
def test_fts5_query(query, expected):
    assert rel.fts5_query(query) == expected


def test_every_benchmark_query_is_valid_fts5():
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE p USING fts5(body, tokenize='porter unicode61')")
        for q in rel.load_queries():
            expression = rel.fts5_query(q.text)
            assert expression, q.query_id
            db.execute("SELECT * FROM p WHERE p MATCH ?", (expression,)).fetchall()
    finally:
        db.close()


def test_a_query_a_system_rejects_counts_as_no_results():
    class Picky:
        rejects = ValueError

        def search(self, query):
            if "~" in query:
                raise ValueError("no fuzzy words here")
            return ["a"]

    queries = [rel.Query("q1", "Gromyko~", "misspelling", ""), rel.Query("q2", "Gromyko", "name", "")]
    rankings, errors = rel.run_system(Picky(), queries)
    assert rankings == {"q1": [], "q2": ["a"]}
    assert errors == {"q1": "ValueError: no fuzzy words here"}


# ---------------------------------------------------------------- the judgements themselves

def test_queries_and_judgements_agree():
    queries = rel.load_queries()
    judgements = rel.load_judgements()
    ids = {q.query_id for q in queries}
    assert len(queries) >= 100
    assert {q.category for q in queries} <= CATEGORIES
    assert {j.query_id for j in judgements} <= ids, "every judged query is in queries.tsv"
    first_set = {q.query_id for q in queries if q.query_id.startswith("q")}
    assert len(first_set) == 58 and first_set <= {j.query_id for j in judgements if j.grade > 0}
    seed_queries = {j.query_id for j in judgements if not j.doc_id.startswith("frus") and j.grade > 0}
    assert len(seed_queries) >= 8


def test_at_least_half_of_the_queries_are_plain_topical_queries():
    queries = rel.load_queries()
    plain = [q for q in queries if rel.query_kind(q) == "plain"]
    assert len(plain) >= len(queries) / 2
    assert all(not rel.has_operators(q.text) for q in queries if q.query_id.startswith("n") and q.category != "phrase")


@pytest.mark.parametrize("query, expected", [
    ("U-2 incident", False), ("IL-28 bombers withdrawal", False), ("why did khrushchev agree to remove the missiles", False),
    ("Castro's five points", False), ('"knot of war"', True), ("Gromyko~", True), ("date:1962-10 Turkey", True),
    ("dismant*", True), ("Castro^2 Kennedy", True), ("+Cuba bases", True), ("Kennedy -Castro", True),
    ("Zorin AND Thant", True), ("(Zorin)", True), ("title:letter", True),
])
def test_operators_are_told_from_plain_words(query, expected):
    assert rel.has_operators(query) is expected


def test_every_query_has_a_recorded_split_balanced_within_its_category():
    rows = [line.split("\t") for line in rel.QUERIES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(row) == 4 and row[3] in rel.SPLITS for row in rows), "the split is written down for every query"
    queries = rel.load_queries()
    by_category = Counter((q.category, q.split) for q in queries)
    for category in {q.category for q in queries}:
        assert abs(by_category[category, "dev"] - by_category[category, "test"]) <= 1, category
    assert 0.45 <= sum(q.split == "dev" for q in queries) / len(queries) <= 0.55


def test_splits_are_stratified_deterministic_and_never_move():
    queries = [rel.Query(f"x{i}", "words", "topical" if i % 3 else "name", "") for i in range(12)]
    assigned = rel.assign_splits(queries)
    assert assigned == rel.assign_splits(list(reversed(queries)))
    for category in ("topical", "name"):
        splits = Counter(assigned[q.query_id] for q in queries if q.category == category)
        assert splits["dev"] == splits["test"]
    recorded = [rel.Query("x0", "words", "name", "", "test")] + queries[1:]
    assert "x0" not in rel.assign_splits(recorded)


def _check_resolves(judgements, documents):
    qrels = rel.resolve(judgements, documents)
    for j in judgements:
        doc = documents[j.doc_id]
        paragraph = next(p for p in doc.paragraphs if rel.normalize(j.fragment) in rel.normalize(p.text))
        words = len(j.fragment.split())
        assert 5 <= words <= 15 or rel.normalize(j.fragment) == rel.normalize(paragraph.text), \
            f"qrels.tsv line {j.line}: {words} words"
    return qrels


def test_seed_judgements_resolve():
    documents = {d.doc_id: d for path in sorted(SEEDS.glob("*.txt")) for d in read_documents(str(path))}
    judgements = [j for j in rel.load_qrels() if j.doc_id in documents]
    assert len(_check_resolves(judgements, documents)) >= 8


@pytest.mark.skipif(not FRUS.is_file(), reason=f"the FRUS volume is not at {FRUS}")
def test_every_judgement_resolves_to_exactly_one_passage():
    documents = {d.doc_id: d for d in read_documents(str(FRUS))}
    documents.update({d.doc_id: d for path in sorted(SEEDS.glob("*.txt")) for d in read_documents(str(path))})
    judgements = rel.load_qrels()
    qrels = _check_resolves(judgements, documents)
    assert sum(len(v) for v in qrels.values()) == len(judgements)


# ---------------------------------------------------------------- one run, seeds only

def test_main_runs_on_the_seeds_when_the_frus_volume_is_absent(tmp_path, capsys):
    out, md = tmp_path / "scores.json", tmp_path / "report.md"
    assert rel.main(["--frus", str(tmp_path / "absent.xml"), "--json", str(out), "--markdown", str(md)]) == 0
    printed = capsys.readouterr().out
    assert "FRUS volume not found" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["corpus"]["seeds_only"] is True
    assert set(report["systems"]) == {"search_engine", "whoosh_and", "whoosh_or", "fts5", "bm25_footnotes"}
    seed_queries = {j.query_id for j in rel.load_qrels() if not j.doc_id.startswith("frus")}
    assert {q["query_id"] for q in report["queries"]} == seed_queries
    for summary in report["systems"].values():
        assert summary["queries"] == len(seed_queries)
        assert 0 <= summary["ndcg@10"] <= 1 and 0 <= summary["mrr"] <= 1 and 0 <= summary["recall@10"] <= 1
    assert report["systems"]["search_engine"]["errors"] == 0
    for query in report["queries"]:
        ranking = query["systems"]["search_engine"]["ranking"]
        assert all(p.split("#p")[0] in {"000_17656c3dbdfa3f82", "002_54cc86d0ab452d54"} for p in ranking)
    table = md.read_text(encoding="utf-8")
    assert "| search_engine (ours) |" in table and table in printed


def test_a_split_is_scored_alone_and_against_a_saved_run(tmp_path, capsys):
    absent = str(tmp_path / "absent.xml")
    first, saved, second = tmp_path / "first.json", tmp_path / "saved.json", tmp_path / "second.json"
    assert rel.main(["--frus", absent, "--json", str(first)]) == 0
    report = json.loads(first.read_text(encoding="utf-8"))
    for entry in report["queries"]:  # a saved run that found nothing
        entry["systems"]["search_engine"]["ndcg@10"] = 0.0
    saved.write_text(json.dumps(report), encoding="utf-8")
    everything = capsys.readouterr().out  # the per-query table never shows a test query
    assert all(f"| {q.query_id} `" not in everything for q in rel.load_queries() if q.split == "test")
    assert rel.main(["--frus", absent, "--split", "dev", "--baseline", str(saved), "--json", str(second)]) == 0
    printed = capsys.readouterr().out
    report = json.loads(second.read_text(encoding="utf-8"))
    assert report["split"] == "dev" and report["queries"]
    assert {entry["split"] for entry in report["queries"]} == {"dev"}
    against_saved = report["significance"]["baseline"]
    scored = [entry["systems"]["search_engine"]["ndcg@10"] for entry in report["queries"]]
    assert against_saved["queries"] == len(scored) and against_saved["worse"] == 0
    assert against_saved["better"] == sum(1 for v in scored if v > 0)
    assert "| the saved run (--baseline) |" in printed
    assert {"plain", "feature"} >= set(report["systems"]["fts5"]["by_kind"])
    assert rel.main(["--frus", absent, "--split", "test"]) == 0
    assert "Dev queries where" not in capsys.readouterr().out  # nothing per query about the test split


def test_p_values_too_small_to_print_say_so():
    assert rel._p_value(1 / 20_001) == "<0.0001" and rel._p_value(0.0033) == "0.0033"


# ---------------------------------------------------------------- pools and recording judgements

def _load_pool_tool():
    spec = importlib.util.spec_from_file_location("relevance_pool", ROOT / "benchmarks" / "relevance_pool.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pool_tool = _load_pool_tool()


def test_a_pool_lists_passages_by_best_rank_then_the_ones_added_by_hand():
    docs = {"doc": _doc("first paragraph words here now", "second paragraph words\there\nnow", "third one")}
    rankings = {"a": ["doc#p2", "doc#p1"], "b": ["doc#p1", "doc#p2", "doc#p1"], "c": ["doc#p2"]}
    rows = pool_tool.pool_rows(rankings, docs, {"doc#p1": "2"}, ["doc#p3", "doc#p1"])
    assert [(r.passage_id, r.retrieved_by, r.grade) for r in rows] == [
        ("doc#p2", "a:1 c:1 b:2", ""), ("doc#p1", "b:1 a:2", "2"), ("doc#p3", "-", "")]
    assert rows[0].document == "undated A title"


def test_a_pool_file_reads_back_what_was_written(tmp_path):
    docs = {"doc": _doc("first paragraph words here now", "second paragraph words\there\nnow")}
    rows = pool_tool.pool_rows({"a": ["doc#p2", "doc#p1"]}, docs, {"doc#p2": "0"}, [])
    query = rel.Query("q01", "words", "topical", "topical: words", "dev")
    pool_tool.write_pool(tmp_path / "q01.tsv", query, ["a"], rows)
    read = pool_tool.read_pool(tmp_path / "q01.tsv")
    assert [(r.passage_id, r.grade, r.text) for r in read] == [
        ("doc#p2", "0", "second paragraph words here now"), ("doc#p1", "", "first paragraph words here now")]
    (tmp_path / "bad.tsv").write_text("grade\tpassage\tretrieved_by\tdocument\ttext\tfootnotes\n"
                                      "3\tdoc#p1\ta:1\tdoc\ttext\t\n", encoding="utf-8")
    with pytest.raises(rel.QrelsError, match="bad.tsv line 2: grade must be"):
        pool_tool.read_pool(tmp_path / "bad.tsv")


def _seed_documents():
    return {d.doc_id: d for path in sorted(SEEDS.glob("*.txt")) for d in read_documents(str(path))}


def test_recording_writes_fragments_that_resolve_and_refuses_silent_changes(tmp_path):
    documents = _seed_documents()
    qrels, judged0, pools = tmp_path / "qrels.tsv", tmp_path / "judged0.tsv", tmp_path / "pools"
    pools.mkdir()
    qrels.write_text("# header kept\nq01\t000_17656c3dbdfa3f82\tfor a dialogue with F. Castro (attachment: "
                     "special folder)\t2\n", encoding="utf-8")
    judged0.write_text("# zeros\n", encoding="utf-8")
    query = next(q for q in rel.load_queries() if q.query_id == "q01")
    seed = "000_17656c3dbdfa3f82"
    rows = pool_tool.pool_rows({"a": [f"{seed}#p1", f"{seed}#p3", f"{seed}#p20"]}, documents,
                               {f"{seed}#p1": "2", f"{seed}#p3": "0", f"{seed}#p20": "1"}, [])
    pool_tool.write_pool(pools / "q01.tsv", query, ["a"], rows)
    assert pool_tool.record(["q01"], documents, pools=pools, qrels=qrels, judged0=judged0) == 2
    assert qrels.read_text(encoding="utf-8").startswith("# header kept\n")
    judgements = rel.load_judgements(qrels, judged0)
    assert rel.resolve(judgements, documents) == {"q01": {f"{seed}#p1": 2, f"{seed}#p20": 1, f"{seed}#p3": 0}}
    assert all(5 <= len(j.fragment.split()) <= 15 for j in judgements)
    assert pool_tool.record(["q01"], documents, pools=pools, qrels=qrels, judged0=judged0) == 0
    state = pool_tool.status(documents, pools=pools, qrels=qrels, judged0=judged0)
    assert next(s for s in state if s["query_id"] == "q01")["complete"]
    assert not next(s for s in state if s["query_id"] == "q02")["complete"]

    changed = [r if r.passage_id != f"{seed}#p20" else dataclasses.replace(r, grade="0") for r in rows]
    pool_tool.write_pool(pools / "q01.tsv", query, ["a"], changed)
    with pytest.raises(rel.QrelsError, match=f"q01 {seed}#p20: pool says 0, qrels.tsv says 1"):
        pool_tool.record(["q01"], documents, pools=pools, qrels=qrels, judged0=judged0)
    assert pool_tool.record(["q01"], documents, replace_grades=True, pools=pools, qrels=qrels, judged0=judged0) == 1
    assert rel.resolve(rel.load_judgements(qrels, judged0), documents)["q01"][f"{seed}#p20"] == 0
    assert "p20" not in qrels.read_text(encoding="utf-8") and len(rel.load_qrels(qrels)) == 1


def test_passages_found_by_reading_are_added_to_a_pool_ungraded(tmp_path):
    documents = _seed_documents()
    seed = "000_17656c3dbdfa3f82"
    query = next(q for q in rel.load_queries() if q.query_id == "q01")
    rows = pool_tool.pool_rows({"a": [f"{seed}#p1"]}, documents, {}, [])
    pool_tool.write_pool(tmp_path / "q01.tsv", query, ["a", "b"], rows)
    pool_tool.add("q01", [f"{seed}#p2", f"{seed}#p1"], documents, pools=tmp_path)
    read = pool_tool.read_pool(tmp_path / "q01.tsv")
    assert [(r.passage_id, r.retrieved_by) for r in read] == [(f"{seed}#p1", "a:1"), (f"{seed}#p2", "-")]
    assert "# systems, top 20 each: a, b;" in (tmp_path / "q01.tsv").read_text(encoding="utf-8")
    with pytest.raises(rel.QrelsError, match="no passage"):
        pool_tool.add("q01", [f"{seed}#p99"], documents, pools=tmp_path)


def test_new_queries_get_their_split_written_down(tmp_path):
    path = tmp_path / "queries.tsv"
    path.write_text("# header\nx1\twords\tname: a need\tdev\nx2\tmore words\tname: another\n", encoding="utf-8")
    assert pool_tool.record_splits(path) == ["x2"]
    assert path.read_text(encoding="utf-8") == ("# header\nx1\twords\tname: a need\tdev\n"
                                                "x2\tmore words\tname: another\ttest\n")
    assert pool_tool.record_splits(path) == []
