"""Research querying: document filter, sorting, per-document grouping, facets, suggestions, aliases,
date queries with the overlap rule, and the query language's limits."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.errors import AliasesError, DocumentNotFoundError, QueryError
from search_engine.query.aliases import load_aliases, parse_aliases
from tests.conftest import ROOT, SEED_000, SEED_002

SHIPPED_ALIASES = ROOT / "index_data" / "aliases.txt"

DATED = {
    "cable_1961.txt": "Cable of 1961\n\nMay 16, 1961\n\nThe ambassador discussed Berlin and the test ban with the minister.\n",
    "memo_oct.txt": "Memorandum of October\n\nOctober 1962\n\nThe minister raised Berlin again, and the missiles in Cuba.\n",
    "letter_1962.txt": "Letter of 28 October\n\nOctober 28, 1962\n\nBerlin was not mentioned; the missiles will be dismantled.\n",
    "undated.txt": "Undated note\n\nA note on Berlin kept with the papers, of no known date.\n",
}


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> SearchEngine:
    root = tmp_path_factory.mktemp("dated")
    for name, text in DATED.items():
        (root / "src").mkdir(exist_ok=True)
        (root / "src" / name).write_text(text, encoding="utf-8")
    engine = SearchEngine(root / "ix")
    engine.index([root / "src"])
    return engine


@pytest.fixture
def aliased(seeds_index, tmp_path) -> SearchEngine:
    """The seeds' index with the aliases file the project ships in index_data/."""
    index_dir = tmp_path / "ix"
    shutil.copytree(seeds_index, index_dir)
    shutil.copy(SHIPPED_ALIASES, index_dir / "aliases.txt")
    return SearchEngine(index_dir)


def run(index_dir, *args):
    return CliRunner().invoke(main, ["--index", str(index_dir), *args])


# -- date queries and the overlap rule -------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("Berlin date:1962-10-28", {"memo_oct", "letter_1962"}),  # the month-dated memo overlaps the day
    ("Berlin date:1962-10", {"memo_oct", "letter_1962"}),
    ("Berlin date:1961", {"cable_1961"}),
    ("Berlin date:[1961-01-01 TO 1962-10-15]", {"cable_1961", "memo_oct"}),
    ("Berlin date:>=1962-10-27", {"memo_oct", "letter_1962"}),
    ("Berlin date:<1962-10-01", {"cable_1961"}),
])
def test_date_queries_match_overlapping_spans_and_never_undated(dated, query, expected):
    assert {h.doc_id for h in dated.search(query, limit=20)} == expected


def test_date_filter_options_follow_the_same_rule(dated):
    ids = {h.doc_id for h in dated.search("Berlin", date_from="1962-10-15", date_to="1962-10-20")}
    assert ids == {"memo_oct"}


@pytest.mark.parametrize(("query", "message"), [
    ("date:1962-13-45", "date"),
    ("date:[1962-10-01 TO", "position"),
    ("nosuchfield:Berlin", "nosuchfield"),
    ("*", "wildcard"),
    ("?*", "alone would match every word"),
    ("x" * 1001, "1000"),
])
def test_malformed_query_forms_are_errors(dated, query, message):
    with pytest.raises(QueryError, match=message):
        dated.search(query)


def test_proximity_phrase(engine):
    assert engine.search('"dismantle missile"~3').total >= 1
    assert engine.search('"dismantle missile"').total == 0  # "dismantle the missile..." is not adjacent


# -- --doc and --sort ------------------------------------------------------------------------------


def test_doc_filter_keeps_one_document(engine):
    results = engine.search("missiles", doc=SEED_000, limit=50, per_doc=0)
    assert results.hits and {h.doc_id for h in results} == {SEED_000}
    with pytest.raises(DocumentNotFoundError, match="no document"):
        engine.search("missiles", doc="no-such-doc")


def test_sort_by_date_puts_undated_last_both_ways(dated):
    ascending = [h.doc_id for h in dated.search("Berlin", sort="date")]
    descending = [h.doc_id for h in dated.search("Berlin", sort="-date")]
    assert ascending == ["cable_1961", "memo_oct", "letter_1962", "undated"]
    assert descending == ["letter_1962", "memo_oct", "cable_1961", "undated"]
    with pytest.raises(ValueError, match="sort must be one of 'relevance', 'date', '-date', not 'title'"):
        dated.search("Berlin", sort="title")


# -- grouping --------------------------------------------------------------------------------------


def test_at_most_per_doc_passages_of_one_document(engine):
    assert engine.search("missiles", limit=10).hits == engine.search("missiles", limit=10, per_doc=0).hits
    results = engine.search("missiles", limit=10, per_doc=3)
    counts = {}
    for h in results:
        counts[h.doc_id] = counts.get(h.doc_id, 0) + 1
    assert max(counts.values()) <= 3 and set(counts) == {SEED_000, SEED_002}
    for doc_id, shown in counts.items():
        more = {h.more_in_document for h in results if h.doc_id == doc_id}
        assert len(more) == 1
        all_of_doc = engine.search("missiles", doc=doc_id, limit=100, per_doc=0)
        assert shown + more.pop() == all_of_doc.total


def test_per_doc_zero_turns_grouping_off(engine):
    results = engine.search("missiles", limit=10, per_doc=0)
    assert len(results) == 10 and all(h.more_in_document == 0 for h in results)
    assert len(engine.search("missiles", limit=10, per_doc=1)) == 2  # two documents, one passage each


def test_cli_says_how_many_more_in_a_document(seeds_index):
    result = run(seeds_index, "search", "missiles", "--per-doc", "3")
    assert result.exit_code == 0, result.output
    assert "more in this document (search-engine search missiles --doc " in result.output
    assert "more in this document" not in run(seeds_index, "search", "missiles").output  # no grouping by default
    assert "passage(s) in 2 document(s) match" in result.output


# -- facets ----------------------------------------------------------------------------------------


def test_facets_count_every_match(dated):
    results = dated.search("Berlin", facets=True, limit=1)
    f = results.facets
    assert f["year"] == {"1961": 1, "1962": 2, "undated": 1}
    assert f["month"] == {"1961-05": 1, "1962-10": 2, "undated": 1}
    assert sum(f["document"].values()) == results.total == 4


def test_facets_by_classification_follow_filters(engine):
    results = engine.search("missiles", facets=True, classification="top secret")
    assert results.facets["classification"] == {"SPECIAL FOLDER": results.total, "TOP SECRET": results.total}
    assert set(results.facets["document"]) == {SEED_000}
    assert engine.search("missiles").facets is None


def test_cli_facets_as_text_and_json(seeds_index):
    text = run(seeds_index, "search", "missiles", "--facets")
    assert text.exit_code == 0
    assert "By classification" in text.output and "By document" in text.output and "By month" in text.output
    assert "By language" in text.output
    data = json.loads(run(seeds_index, "search", "missiles", "--facets", "--json").stdout)
    assert set(data["facets"]) == {"classification", "language", "folder", "year", "month", "document"}
    assert sum(data["facets"]["language"].values()) == data["total"]
    assert sum(data["facets"]["folder"].values()) == data["total"]
    assert sum(data["facets"]["document"].values()) == data["total"]


# -- suggestions -----------------------------------------------------------------------------------


def test_a_word_no_passage_holds_is_searched_by_its_nearest_spelling_too(engine):
    results = engine.search("Khrushchov")
    assert results.respellings == (("Khrushchov", "Khrushchev"),)
    assert results.total == engine.search("Khrushchev").total > 0
    assert results.suggestions == () and results.warnings == ()  # said once, as a respelling
    assert engine.search("Khrushchov OR Castro").respellings == (("Khrushchov", "Khrushchev"),)
    assert engine.search("Khrushchev").respellings == ()
    assert engine.search("Khrushchov~").respellings == ()  # fuzzy words find their own spellings


def test_a_name_is_never_respelled_as_a_common_word(engine):
    # "Dismantel" capitalised reads as a name: it is not searched as "dismantle", only suggested
    results = engine.search("Dismantel the missiles")
    assert results.respellings == ()
    assert results.suggestions == ("Dismantle the missiles",)
    assert engine.search("dismantel the missiles").respellings == (("dismantel", "dismantle"),)


def test_no_suggestion_for_a_word_that_matches(tmp_path):
    """Алексеев (stem алексе) finds Алексееву (stem алексеев) through their shared transliteration; a word
    only in a footnote matches too: neither gets a "Did you mean"."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "telegram.txt").write_text("Телеграмма\n\nПередать товарищу Алексееву текст письма.[1]\n\n"
                                      "[1] Translator's Note: the ambassador's pseudonym was Pavlov.\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([src])
    results = engine.search("Алексеев")
    assert results.total == 1 and results.suggestions == ()
    assert engine.search("pseudonym").total == 1 and engine.search("pseudonym").suggestions == ()
    assert engine.search("Текстт").suggestions == ("Текст",)  # a word that matches nothing


def test_cli_says_what_was_searched_and_did_you_mean(seeds_index):
    text = run(seeds_index, "search", "Mikoyn")
    assert text.exit_code == 0 and "No passage holds 'Mikoyn': searched 'Mikoyan' too." in text.output
    data = json.loads(run(seeds_index, "search", "Mikoyn", "--json").stdout)
    assert data["respellings"] == [{"query": "Mikoyn", "searched": "Mikoyan"}] and data["total"] > 0
    text = run(seeds_index, "search", "Dismantel missiles")
    assert "Did you mean: Dismantle missiles" in text.output


# -- aliases ---------------------------------------------------------------------------------------


def test_shipped_aliases_expand_alekseev_to_pavlov(aliased):
    results = aliased.search("Alekseev", limit=10, per_doc=0)
    ids = {h.passage_id for h in results}
    assert f"{SEED_000}#p20" in ids  # "Familiarize Comrade Pavlov with this telegram."
    assert f"{SEED_002}#p17" in ids  # "About the instructions to Alekseev."
    (word, group), = results.expansions
    assert word == "Alekseev" and "Pavlov" in group
    assert any("<mark>Pavlov</mark>" in h.snippet for h in results)


def test_without_aliases_nothing_is_expanded(engine):
    results = engine.search("Alekseev", per_doc=0)
    assert results.expansions == () and f"{SEED_000}#p20" not in {h.passage_id for h in results}


def test_cli_aliases_file_and_report(seeds_index, tmp_path):
    aliases = tmp_path / "names.txt"
    aliases.write_text("# test\nU Thant = Thant = the Secretary-General\n", encoding="utf-8")
    result = run(seeds_index, "search", "Thant", "--aliases", str(aliases))
    assert result.exit_code == 0, result.output
    # the file's group joins the shipped thesaurus's group for U Thant
    assert ("Searched Thant as U Thant OR Secretary-General Thant OR Acting Secretary-General Thant OR Thant OR "
            "the Secretary-General (aliases).") in result.output
    result = run(seeds_index, "search", "Thant", "--aliases", str(aliases), "--no-thesaurus")
    assert "Searched Thant as U Thant OR Thant OR the Secretary-General (aliases)." in result.output
    data = json.loads(run(seeds_index, "search", "Thant", "--aliases", str(aliases), "--json", "--no-thesaurus").stdout)
    assert data["expansions"] == [{"query": "Thant", "aliases": ["U Thant", "Thant", "the Secretary-General"]}]


def test_malformed_aliases_file_is_a_usage_error_with_its_line(seeds_index, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Pavlov = Alekseev\nJust one name\n", encoding="utf-8")
    result = run(seeds_index, "search", "Pavlov", "--aliases", str(bad))
    assert result.exit_code == 2 and "line 2" in result.output
    with pytest.raises(AliasesError, match="already in the group on line 1"):
        parse_aliases("A = B\nB = C\n")
    with pytest.raises(AliasesError, match="cannot read"):
        load_aliases(tmp_path / "missing.txt")


def test_alias_groups_fold_case_and_diacritics():
    aliases = parse_aliases("Dorticós = Osvaldo Dorticos Torrado\n")
    assert aliases.group("DORTICOS") == ("Dorticós", "Osvaldo Dorticos Torrado")
    assert aliases.group("osvaldo dorticós torrado") is not None and aliases.group("Castro") is None


def test_shipped_aliases_file_parses():
    aliases = load_aliases(SHIPPED_ALIASES)
    assert aliases.group("Pavlov") == aliases.group("Alekseev") and len(aliases.groups) >= 1


def test_small_words_rank_but_do_not_make_hits(engine):
    with_small = engine.search("withdrawal of the missiles from Cuba", per_doc=0, limit=100)
    assert with_small.total == engine.search("withdrawal missiles Cuba", per_doc=0, limit=100).total
    assert engine.search("of the").total > 0  # only small words: they are the query


def test_date_beside_a_word_that_matches_nothing_finds_nothing(dated):
    assert dated.search("overflights date:1962-10").total == 0
    assert dated.search("date:1962-10").total == 2  # a date alone lists the passages of the span


# -- the shipped thesaurus -------------------------------------------------------------------------


def test_the_thesaurus_parses_and_no_name_is_in_two_groups():
    from search_engine.query.aliases import key, shipped_thesaurus

    groups = shipped_thesaurus().groups
    assert len(groups) > 50
    names = [key(n) for g in groups for n in g]
    assert len(names) == len(set(names))


def test_the_thesaurus_ships_its_words_snowball_stems():
    """vocabulary/thesaurus_stems.txt gives every word of the thesaurus (and transliteration of its Cyrillic
    words) the stem nltk gives it, so a query expanded through the thesaurus does not import nltk. After the
    thesaurus changes: UPDATE_GOLDEN=1 python -m pytest tests/test_query_features.py, and review the diff."""
    import os

    from search_engine.analysis.stemming import snowball_stem, stem
    from search_engine.query.aliases import (
        THESAURUS_STEMS,
        shipped_stems,
        shipped_thesaurus,
        thesaurus_stems,
    )

    expected = thesaurus_stems()
    if os.environ.get("UPDATE_GOLDEN"):
        THESAURUS_STEMS.write_text(expected, encoding="utf-8")
        shipped_stems.cache_clear()
    assert THESAURUS_STEMS.read_text(encoding="utf-8") == expected, \
        "vocabulary/thesaurus_stems.txt is out of date: UPDATE_GOLDEN=1 python -m pytest tests/test_query_features.py"
    stems = shipped_stems()
    assert {"treaty": "treati", "khrushchev": "khrushchev", "карибский": "карибск", "karibskiy": "karibskiy"}.items() \
        <= stems.items()
    assert all(snowball_stem(word) == s for word, s in stems.items())
    shipped_thesaurus()
    assert stem("treaties") == "treati" and stem("disarmament") == stems["disarmament"]


def test_a_run_of_plain_words_naming_an_event_also_finds_its_other_names(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "protocol.txt").write_text("Protocol\n\nOctober 28, 1962\n\nOn the Caribbean crisis: the Presidium "
                                         "approves the letter to President Kennedy.\n", encoding="utf-8")
    (folder / "memo.txt").write_text("Memo\n\nMarch 1, 1963\n\nThe harvest in Cuba was poor this year.\n",
                                     encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    results = engine.search("cuban missile crisis")
    assert results.hits[0].doc_id == "protocol"
    assert "<mark>Caribbean</mark> <mark>crisis</mark>" in results.hits[0].snippet
    assert results.expansions[0][0] == "cuban missile crisis" and "Caribbean crisis" in results.expansions[0][1]
    assert "protocol" not in {h.doc_id for h in engine.search('"cuban missile crisis"', thesaurus=False).hits}


def test_a_russian_name_finds_the_spelling_other_languages_records_give_it(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "vermerk.txt").write_text("Vermerk\n\nBonn, den 29. Oktober 1962\n\nDer Botschafter unterrichtete den "
                                        "Minister über den Brief Chruschtschows an Kennedy.\n", encoding="utf-8")
    (folder / "note.txt").write_text("Note\n\nParis, le 24 octobre 1962\n\nLa lettre de M. Khrouchtchev est arrivée "
                                     "ce matin.\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    assert {h.doc_id for h in engine.search("Khrushchev").hits} == {"vermerk", "note"}
    assert {h.doc_id for h in engine.search("Khrushchev", thesaurus=False).hits} == set()


def test_names_an_index_cannot_hold_are_left_out_unstemmed():
    """A name of a group is stemmed only if some word of the index begins with the letters a Snowball stemmer keeps
    (those before R1): stemming imports nltk, and an English index holds no Chruschtschow."""
    from search_engine.analysis.stemming import stem
    from search_engine.query.compiler import _kept_prefix

    assert [_kept_prefix(w) for w in ("chruschtschow", "khrouchtchev", "breschnew", "missiles")] == [
        "chrus", "khrouc", "bres", "mis"]
    for word in ("nationalization", "generously", "communities", "hopping", "chruschtschows", "kossygins"):
        assert stem(word).startswith(_kept_prefix(word)), word


def test_names_of_an_alias_group_are_not_respelled(aliased):
    results = aliased.search("pseudonym Alekseev")
    assert results.expansions and results.respellings == ()  # Alekseyev, Alexeev: the group's own spellings


def test_a_designator_typed_run_together_finds_it_written_apart(tmp_path):
    """"IL28" is written "IL-28" (or "IL 28") in the documents: the parts in order are searched beside the word,
    and said to be when no passage holds the word as typed."""
    from search_engine.query.compiler import designator_parts

    assert designator_parts("IL28") == ("IL", "28") and designator_parts("1960s") == ("1960", "s")
    assert designator_parts("missiles") == () and designator_parts("124-90137") == ()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Memorandum\n\nThe Soviets have not yet agreed to remove the IL-28 bombers from "
                                  "Cuba, and the MiG 21 fighters stay.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Note\n\nThe IL28 crates were counted at Mariel by the ship's crew.\n",
                                  encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    found = engine.search("IL28")
    assert {h.doc_id for h in found.hits} == {"a", "b"} and found.respellings == ()  # held as typed: said nothing
    found = engine.search("MiG21")
    assert [h.doc_id for h in found.hits] == ["a"] and found.respellings == (("MiG21", "MiG 21"),)
    assert found.unknown == () and found.suggestions == ()
