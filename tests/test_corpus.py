"""The FRUS volume and the seeds in one index, from the Python API and the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from tests.conftest import ROOT, SEED_002, SEEDS, SHARED

FRUS_DIR = SHARED / "corpora" / "frus"
pytestmark = pytest.mark.skipif(not (FRUS_DIR / "frus1961-63v06.xml").exists(),
                                reason=f"the FRUS corpus is not beside the checkout ({FRUS_DIR})")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("frus_index")
    summary = SearchEngine(index_dir).index([FRUS_DIR, SEEDS])
    return index_dir, summary


@pytest.fixture
def engine(built) -> SearchEngine:
    return SearchEngine(built[0])


def cli(built, *args):
    result = CliRunner().invoke(main, ["--index", str(built[0]), *args])
    return result


def test_frus_folder_and_seeds_give_122_documents_without_warnings(built):
    _, summary = built
    assert summary.documents == 122
    assert not summary.skipped  # the folder's SOURCE.md describes the corpus and is passed over
    rows = {f.format: f for f in summary.formats}
    assert (rows["tei"].files, rows["tei"].documents, rows["text"].documents) == (1, 120, 2)
    assert rows["tei"].passages > 1500 and rows["tei"].footnotes > 200


def test_frus_documents_carry_the_teis_metadata(engine):
    d66 = engine.document("frus1961-63v06-d66")
    assert (d66.title, d66.date.iso, d66.place, d66.format, d66.language) == (
        "Letter From Chairman Khrushchev to President Kennedy", "1962-10-27", "Moscow", "tei", "en")
    assert engine.document("frus1961-63v06-d74").classification == ("TOP SECRET", "EYES ONLY")
    d20 = engine.document("frus1961-63v06-d20")
    assert d20.date.iso == "1961-09-05" and d20.period is None  # what its text says, not the volume's span
    listed = {d.doc_id: d for d in engine.documents()}
    assert listed["frus1961-63v06-d66"].place == "Moscow" and listed["frus1961-63v06-d66"].format == "tei"


def test_search_finds_frus_passages_with_pages_and_notes(engine):
    results = engine.search('"Eyes Only"', classification="eyes only", limit=50)
    assert "frus1961-63v06-d74" in {h.doc_id for h in results}
    assert all("EYES ONLY" in h.classification for h in results)
    hit = engine.search("Khrushchev letter Cuba missiles", date_from="1962-10-27", date_to="1962-10-27").hits[0]
    assert hit.date.iso == "1962-10-27" and hit.page and hit.page.isdigit()
    assert hit.language == "en"


def test_a_note_in_the_volume_leads_to_the_paragraph_citing_it(engine):
    d66 = engine.document("frus1961-63v06-d66")
    note = next(f for f in d66.footnotes if f.paragraph)
    words = " ".join(note.text.split()[:6])
    hits = engine.search(f'footnote:"{words}"', limit=20)
    assert d66.passage_id(note.paragraph) in {h.passage_id for h in hits}


def test_seed_and_frus_are_searched_together(engine):
    ids = {h.doc_id for h in engine.search("dismantle missile installations", limit=30)}
    assert SEED_002 in ids and any(i.startswith("frus1961-63v06-") for i in ids)


def test_cli_search_shows_place_page_and_language(built):
    result = cli(built, "search", "quarantine", "--from", "1962-10-24", "--to", "1962-10-24", "-n", "1")
    assert result.exit_code == 0, result.output
    assert "[1962-10-24 · Moscow · en]" in result.output and " · p. " in result.output


def test_cli_lang_filter_and_json(built):
    result = cli(built, "search", "Khrushchev", "--lang", "ru", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["hits"] == []  # an English-only index
    result = cli(built, "search", "Khrushchev", "--lang", "xx")
    assert result.exit_code == 2 and "not a language" in result.output


def test_cli_show_prints_place_language_and_format(built):
    result = cli(built, "show", "frus1961-63v06-d66")
    assert result.exit_code == 0, result.output
    for line in ("Date: 1962-10-27", "Place: Moscow", "Language: English (en)", "(tei)"):
        assert line in result.output


def test_the_editions_index_finds_what_the_documents_call_by_other_names(engine):
    """FRUS vol. VI never writes "quid pro quo": its back-of-book index does, for the pages of the trade."""
    assert not any("quid pro quo" in p.text.lower() for d in ("d66", "d67")
                   for p in engine.document(f"frus1961-63v06-{d}").paragraphs)
    results = engine.search('"quid pro quo"', limit=50, per_doc=0)
    assert "frus1961-63v06-d66" in {h.doc_id for h in results}
    hit = next(h for h in results if h.doc_id == "frus1961-63v06-d66")
    assert "subjects" in hit.matched_fields and hit.snippet_field == "subjects"
    assert "<mark>quid</mark>" in hit.snippet.lower()
    scoped = engine.search('subject:"Turkish missile"', limit=50, per_doc=0)
    assert {h.doc_id for h in scoped} >= {"frus1961-63v06-d66"}


QUERIES = [line.split("\t", 1)[1] for line in (ROOT / "benchmarks" / "queries.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("query", ["Krushchev blockade", "Jupiter missiles in Turkey", "dismantle the missiles",
                                   "Khrushchev letter Cuba missiles"])
def test_scores_are_shown_in_order_and_an_unknown_word_does_not_zero_them(engine, query):
    hits = engine.search(query, limit=20).hits
    assert hits
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True), scores
    assert all(s > 0 for s in scores), scores


def test_every_benchmark_query_ranks_by_descending_score(engine):
    for query in QUERIES:
        scores = [h.score for h in engine.search(query, limit=10).hits]
        assert scores == sorted(scores, reverse=True), (query, scores)
