"""Several indexes searched as one: the FRUS volume and the seeds in two indexes rank as in one index of both."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from search_engine import QueryError, SearchEngine
from search_engine.cli import main
from search_engine.errors import (
    DocumentNotFoundError,
    IndexNotFoundError,
    IndexOutdatedError,
)

from .conftest import ROOT, SHARED
from .test_unicode import _as_previous_format

FRUS = SHARED / "corpora" / "frus"
pytestmark = pytest.mark.skipif(not FRUS.exists(), reason="needs ../shared/corpora/frus")

QUERIES = ["dismantle the missiles", "Berlin", "Jupiter missiles in Turkey", '"missile installations"', "Pavlov",
           "Krushchev blockade", "assassinat*", "=missiles", "title:letter Berlin", "Castro -Kennedy",
           "quid pro quo", "dir:seeds Pavlov", "date:1962-10 Turkey", "Oswald OR Ruby", "Alekseev"]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """(one index of FRUS and the seeds, the FRUS index, the seeds index), each built from its files (a FRUS
    index made from the first by forgetting the seeds would not do: whoosh's merge keeps the field lengths
    of deleted passages in its totals)."""
    work = tmp_path_factory.mktemp("several")
    merged = SearchEngine(work / "both")
    merged.index([FRUS, ROOT / "seeds"])
    frus = SearchEngine(work / "frus")
    frus.index(FRUS)
    seeds = SearchEngine(work / "seeds")
    seeds.index(ROOT / "seeds")
    return merged, frus, seeds


@pytest.mark.parametrize("options", [{}, {"per_doc": 2}, {"offset": 7, "limit": 5}])
def test_a_passage_ranks_and_scores_as_in_one_index_of_both(indexes, options):
    merged, frus, seeds = indexes
    several = SearchEngine([frus.index_dir, seeds.index_dir])
    for q in QUERIES:
        one, two = merged.search(q, **options), several.search(q, **options)
        assert [(h.rank, h.passage_id, round(h.score, 6), h.more_in_document) for h in two] == \
               [(h.rank, h.passage_id, round(h.score, 6), h.more_in_document) for h in one], q
        assert (two.total, two.documents, two.suggestions, two.unknown, two.respellings) == \
               (one.total, one.documents, one.suggestions, one.unknown, one.respellings), q
        assert all(h.index == str(frus.index_dir if h.doc_id.startswith("frus") else seeds.index_dir) for h in two)
        assert several.count(q) == merged.count(q), q


def test_facets_add_up_and_count_each_index(indexes):
    merged, frus, seeds = indexes
    one = merged.search("missiles", facets=True)
    two = SearchEngine([frus.index_dir, seeds.index_dir]).search("missiles", facets=True)
    assert {k: v for k, v in two.facets.items() if k != "index"} == one.facets
    assert two.facets["index"] == {str(frus.index_dir): frus.count("missiles"), str(seeds.index_dir): seeds.count("missiles")}
    assert sum(two.facets["index"].values()) == one.total
    assert two.document_titles == one.document_titles


def test_the_scores_differ_from_each_index_searched_alone(indexes):
    """Without shared statistics a seed's passage would score as in a 45-passage index: the test above is not
    passing because the statistics do not matter."""
    merged, frus, seeds = indexes
    alone = seeds.search("dismantle the missiles")[0]
    together = SearchEngine([frus.index_dir, seeds.index_dir]).search("dismantle the missiles", doc=[alone.doc_id])
    assert round(together[0].score, 6) != round(alone.score, 6)
    assert round(together[0].score, 6) == round(merged.search("dismantle the missiles", doc=[alone.doc_id])[0].score, 6)


def test_documents_are_found_in_the_index_that_holds_them(indexes):
    _, frus, seeds = indexes
    several = SearchEngine([frus.index_dir, seeds.index_dir])
    infos = several.documents()
    assert len(infos) == 122 and {i.index for i in infos} == {str(frus.index_dir), str(seeds.index_dir)}
    assert several.document("002_54cc86d0ab452d54").title.startswith("Central Committee")
    assert several.passage("frus1961-63v06-d66#p2").document.doc_id == "frus1961-63v06-d66"
    assert several.connections("frus1961-63v06-d66").cited_by
    with pytest.raises(DocumentNotFoundError, match="nosuch.*" + str(seeds.index_dir)):
        several.document("nosuch")
    with pytest.raises(DocumentNotFoundError):
        several.search("Castro", doc="nosuch")
    with pytest.raises(TypeError, match="writes one index"):
        several.index()


def test_errors_name_the_index(indexes, tmp_path):
    _, frus, seeds = indexes
    several = SearchEngine([frus.index_dir, seeds.index_dir])
    with pytest.raises(QueryError, match=f"^{frus.index_dir}/: '\\*s' matches more than 512 words") as caught:
        several.search("*s")
    assert caught.value.position == 1
    with pytest.raises(QueryError, match="^unbalanced quote"):  # the query's own error: no index to name
        several.search('"dismantle the')
    with pytest.raises(IndexNotFoundError, match=str(tmp_path / "none")):
        SearchEngine([frus.index_dir, tmp_path / "none"]).search("Castro")
    old = tmp_path / "old"
    shutil.copytree(seeds.index_dir, old)
    _as_previous_format(old)
    with pytest.raises(IndexOutdatedError, match=f"^{old}/: the index was built by another version"):
        SearchEngine([frus.index_dir, old]).search("Castro")
    with pytest.raises(ValueError, match="twice"):
        SearchEngine([seeds.index_dir, seeds.index_dir])


def test_cli_takes_index_more_than_once(indexes):
    merged, frus, seeds = indexes
    runner = CliRunner()
    args = ["--index", str(frus.index_dir), "--index", str(seeds.index_dir)]
    result = runner.invoke(main, ["search", "dismantle the missiles", "-n", "3", "--per-doc", "1", *args])
    assert result.exit_code == 0, result.output
    assert f"index {seeds.index_dir}/" in result.output and f"index {frus.index_dir}/" in result.output
    more = f"--per-doc 0 -n 42 --index {frus.index_dir} --index {seeds.index_dir})"
    assert more in result.output
    data = json.loads(runner.invoke(main, ["search", "dismantle the missiles", "--json", "--facets", *args]).output)
    one = json.loads(runner.invoke(main, ["search", "dismantle the missiles", "--json", "--index", str(merged.index_dir)]).output)
    assert [(h["passage_id"], h["score"]) for h in data["hits"]] == [(h["passage_id"], h["score"]) for h in one["hits"]]
    assert {h["index"] for h in data["hits"]} == {str(frus.index_dir), str(seeds.index_dir)}
    assert "index" not in one["hits"][0]
    assert set(data["facets"]["index"]) == {str(frus.index_dir), str(seeds.index_dir)}
    shown = runner.invoke(main, ["show", "002_54cc86d0ab452d54", *args])
    assert shown.exit_code == 0 and "Presidium Protocol 63" in shown.output
    listed = runner.invoke(main, ["list", *args])
    assert listed.exit_code == 0 and f"index {seeds.index_dir}/)" in listed.output
    bad = runner.invoke(main, ["search", "*s", *args])
    assert bad.exit_code == 2 and f"Error: {frus.index_dir}/: '*s' matches more than 512 words" in bad.output


def test_copies_across_indexes_are_one_hit_as_in_one_index(tmp_path):
    """Seed 000 in one index, its saved page, OCR'd copy and first 60% in another: one hit for the group, from
    the copy one index of all the files would show, with the others under it."""
    from .test_connections import _copies_of_seed_000

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "copies").mkdir()
    _copies_of_seed_000(tmp_path / "copies")
    merged = SearchEngine(tmp_path / "ix-both")
    merged.index([tmp_path / "seeds", tmp_path / "copies"])
    a, b = SearchEngine(tmp_path / "ix-seeds"), SearchEngine(tmp_path / "ix-copies")
    a.index(tmp_path / "seeds")
    b.index(tmp_path / "copies")
    several = SearchEngine([a.index_dir, b.index_dir])
    for q in ("Familiarize Comrade Pavlov", "dismantle the missiles", "Castro", "telegram"):
        for options in ({}, {"per_doc": 1}, {"dedupe": False}):
            one, two = merged.search(q, **options), several.search(q, **options)
            assert _ranked(two) == _ranked(one), (q, options)
            assert two.total == one.total and several.count(q, **{k: v for k, v in options.items() if k == "dedupe"}) == one.total
            assert sorted(sorted(link.doc_id for link in h.also_in) for h in two) == \
                   sorted(sorted(link.doc_id for link in h.also_in) for h in one), (q, options)
    hit = several.search("Familiarize Comrade Pavlov", limit=1)[0]
    assert {link.doc_id for link in hit.also_in} == {"000_17656c3dbdfa3f82", "document29", "document29_ocr",
                                                     "document29_short"} - {hit.doc_id}
    assert any(link.detail == f"index {a.index_dir}/" or link.detail == f"index {b.index_dir}/" for link in hit.also_in)


def _ranked(results) -> tuple:
    """The scores in rank order, and the passages of each score above the last one shown: equal scores (copies of
    one text, shown apart with dedupe=False) rank in index order, which differs between one index and several."""
    scores = [round(h.score, 6) for h in results]
    return scores, sorted((s, h.passage_id) for s, h in zip(scores, results, strict=True) if s > scores[-1])


def test_the_web_page_serves_several_indexes(indexes):
    from search_engine.web import create_app

    _, frus, seeds = indexes
    client = create_app(SearchEngine([frus.index_dir, seeds.index_dir])).test_client()
    page = client.get("/search?q=dismantle+the+missiles")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'title="{seeds.index_dir}">index ' in text and f'title="{frus.index_dir}">index ' in text
    data = client.get("/search.json?q=dismantle+the+missiles").get_json()
    assert {h["index"] for h in data["hits"]} == {str(frus.index_dir), str(seeds.index_dir)}
    assert client.get("/doc/002_54cc86d0ab452d54").status_code == 200
    assert client.get("/doc/frus1961-63v06-d66").status_code == 200
    assert client.get("/documents.json").status_code == 200
