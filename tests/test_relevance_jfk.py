"""The JFK page-relevance benchmark: reading pages, its judgements, mapping our hits to pages, plain BM25, scoring."""

import importlib.util
import sys
from collections import Counter
from types import SimpleNamespace

import pytest

from .conftest import ROOT, SHARED


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("relevance_jfk", ROOT / "benchmarks" / "relevance_jfk.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


jfk = _load_benchmark()
CORPUS = SHARED / "corpora" / "jfk-ocr"

TWO_PAGES = """# Document

## Page 1

```text
MEMORANDUM FOR THE RECORD
Subject: Meeting with AMLASH-1
```

## Page 2

```text
The second page, about Kostikov.
```
"""


# ---------------------------------------------------------------- pages

def test_read_pages_takes_each_page_heading_and_its_fenced_text():
    pages = jfk.read_pages(TWO_PAGES, "jfk_doc_7")
    assert [(p.page_id, p.text) for p in pages] == [
        ("jfk_doc_7#page1", "MEMORANDUM FOR THE RECORD\nSubject: Meeting with AMLASH-1"),
        ("jfk_doc_7#page2", "The second page, about Kostikov.")]


def test_a_file_without_page_headings_is_one_page_and_unfenced_text_is_kept():
    assert [(p.number, p.text) for p in jfk.read_pages("# Document\n\nplain words\n", "x")] == [
        ("1", "# Document\n\nplain words")]
    assert jfk.read_pages("## Page 3\n\nno fence here\n", "x")[0].text == "no fence here"


def test_load_pages_skips_source_md(tmp_path):
    (tmp_path / "SOURCE.md").write_text("# Source\n", encoding="utf-8")
    (tmp_path / "jfk_doc_7.md").write_text(TWO_PAGES, encoding="utf-8")
    assert list(jfk.load_pages(tmp_path)) == ["jfk_doc_7"]


# ---------------------------------------------------------------- judgements

def _qrels(tmp_path, lines):
    path = tmp_path / "qrels.tsv"
    path.write_text("# comment\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_page_qrels_hold_grades_0_to_2(tmp_path):
    path = _qrels(tmp_path, ["j01\tjfk_doc_7\t1\t2", "j01\tjfk_doc_7\t2\t0", "j02\tjfk_doc_9\t1\t1"])
    assert jfk.load_page_qrels(path) == {"j01": {"jfk_doc_7#page1": 2, "jfk_doc_7#page2": 0},
                                         "j02": {"jfk_doc_9#page1": 1}}


@pytest.mark.parametrize("lines, message", [
    (["j01\tjfk_doc_7\t1\t3"], "grade must be 0, 1 or 2"),
    (["j01\tjfk_doc_7\t1\t2", "j01\tjfk_doc_7\t1\t1"], "judged twice"),
    (["j01\tjfk_doc_7\t2"], "expected 4 tab-separated fields"),
])
def test_bad_qrels_lines_are_named(tmp_path, lines, message):
    with pytest.raises(jfk.QrelsError, match=message):
        jfk.load_page_qrels(_qrels(tmp_path, lines))


def test_check_qrels_refuses_unknown_queries_and_pages():
    pages = {"jfk_doc_7": jfk.read_pages(TWO_PAGES, "jfk_doc_7")}
    queries = [jfk.Query("j01", "AMLASH", "operation", "operation: AMLASH", "dev")]
    jfk.check_qrels({"j01": {"jfk_doc_7#page2": 1}}, queries, pages)
    with pytest.raises(jfk.QrelsError, match="no page jfk_doc_7#page3"):
        jfk.check_qrels({"j01": {"jfk_doc_7#page3": 1}}, queries, pages)
    with pytest.raises(jfk.QrelsError, match="query j09 is not in"):
        jfk.check_qrels({"j09": {"jfk_doc_7#page1": 1}}, queries, pages)


# ---------------------------------------------------------------- our hits mapped to pages

def _hit(text, page=None, doc_id="jfk_doc_7", source="/corpus/jfk_doc_7.md"):
    return SimpleNamespace(text=text, page=page, doc_id=doc_id, source=source)


def test_page_mapper_uses_the_page_field_only_when_the_text_is_on_that_page():
    pages = {"jfk_doc_7": jfk.read_pages(TWO_PAGES, "jfk_doc_7"),
             "jfk_doc_9": jfk.read_pages("## Page 1\n\n```\nOne page only\n```\n", "jfk_doc_9")}
    mapper = jfk.PageMapper(pages)
    assert mapper.page_of(_hit("The second page, about Kostikov.", page="2")) == ("jfk_doc_7#page2", "page field")
    # a page the parser read from the text ("Page 181") names no page heading: the text tells the page
    assert mapper.page_of(_hit("the second  page, about\nKostikov", page="181")) == ("jfk_doc_7#page2", "text")
    assert mapper.page_of(_hit("Meeting with AMLASH-1", page="2")) == ("jfk_doc_7#page1", "text")
    assert mapper.page_of(_hit("One page only", page="12", doc_id="jfk_doc_9",
                               source="/corpus/jfk_doc_9.md")) == ("jfk_doc_9#page1", "only page")
    assert mapper.page_of(_hit("words on no page")) == (None, "unmapped")
    assert mapper.page_of(_hit("x", doc_id="seed_1", source="/seeds/seed_1.txt")) == (None, "unmapped")


def test_our_engine_ranks_a_page_where_its_first_passage_ranks():
    pages = {"jfk_doc_7": jfk.read_pages(TWO_PAGES, "jfk_doc_7")}
    hits = [_hit("The second page"), _hit("MEMORANDUM FOR THE RECORD"), _hit("about Kostikov")]

    class Engine:
        def search(self, query, limit, snippets):
            return SimpleNamespace(hits=hits[:limit])

    mapper = jfk.PageMapper(pages)
    assert jfk.OurEngine(Engine(), mapper, depth=10).search("q") == ["jfk_doc_7#page2", "jfk_doc_7#page1"]
    assert mapper.how == Counter({"text": 3})


# ---------------------------------------------------------------- plain BM25 and scoring

def test_plain_bm25_ors_the_words_and_prefers_more_of_them():
    passages = [jfk.Passage("a", "Castro Castro plots"), jfk.Passage("b", "plots against Castro by exiles"),
                jfk.Passage("c", "nothing relevant here"), jfk.Passage("d", "assassination plots")]
    bm25 = jfk.PlainBM25(passages, limit=10)
    ranking = bm25.search("Castro plots")
    assert set(ranking) == {"a", "b", "d"} and ranking[0] == "a"
    assert bm25.search('"castro plot"') == ranking  # a phrase counts as its (stemmed) words
    assert bm25.search("zzz") == []


def test_scoring_reuses_the_relevance_metrics_per_split_and_category():
    queries = [jfk.Query("j01", "q1", "name", "name: x", "dev"), jfk.Query("j02", "q2", "place", "place: y", "test")]
    qrels = {"j01": {"f#page1": 2, "g#page1": 0}, "j02": {"h#page1": 1}}
    systems = [SimpleNamespace(name="ours", label="ours"), SimpleNamespace(name="other", label="other")]
    rankings = {"ours": {"j01": ["f#page1"], "j02": ["g#page1", "h#page1"]},
                "other": {"j01": ["g#page1", "f#page1"], "j02": []}}
    report = jfk.evaluate(queries, qrels, systems, rankings, {"ours": {}, "other": {}})
    jfk._by_category(report)
    ours = report["systems"]["ours"]
    assert ours["by_split"]["dev"]["ndcg@10"] == 1.0 and ours["by_split"]["test"]["mrr"] == 0.5
    assert list(ours["by_category"]) == ["name", "place"] and ours["by_kind"] == {}
    assert report["systems"]["other"]["by_category"]["place"]["ndcg@10"] == 0.0
    assert ours["judged@10"] == pytest.approx(0.75)  # g#page1 is not judged for j02


# ---------------------------------------------------------------- the judged set itself

def test_queries_are_split_evenly_by_category_and_all_judged():
    queries = jfk.load_queries(jfk.QUERIES)
    qrels = jfk.load_page_qrels()
    assert len(queries) >= 40
    counts = Counter((q.category, q.split) for q in queries)
    for category in {q.category for q in queries}:
        assert category in jfk.CATEGORIES
        assert abs(counts[category, "dev"] - counts[category, "test"]) <= 1, category
    for q in queries:
        assert any(g > 0 for g in qrels.get(q.query_id, {}).values()), f"{q.query_id} has no relevant page"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpora/jfk-ocr")
def test_every_judged_page_is_a_page_of_the_corpus():
    jfk.check_qrels(jfk.load_page_qrels(), jfk.load_queries(jfk.QUERIES), jfk.load_pages(CORPUS))
