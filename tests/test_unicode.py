"""One Unicode form on both sides: decomposed letters and invisible format characters are the words they
look like, at indexing and at query time (index, highlighter, query parser, suggestions, aliases)."""

import json
import re

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.analysis.tokens import TOKEN_PATTERN, fold, normalize
from search_engine.cli import main
from search_engine.errors import IndexOutdatedError
from search_engine.index.layout import CATALOG, FORMAT_VERSION, MANIFEST
from search_engine.index.storage import current_generation, manifest_digest

from .conftest import SHARED

ZWSP, SOFT_HYPHEN, ZWJ, BOM = "\u200b", "\u00ad", "\u200d", "\ufeff"
ACUTE, BREVE, DIAERESIS = "\u0301", "\u0306", "\u0308"


@pytest.mark.parametrize(("written", "word"), [
    ("Be" + ACUTE + "rlin", "berlin"),
    ("Bérlin", "berlin"),
    ("Ber" + ZWSP + "lin", "berlin"),
    ("Khrush" + SOFT_HYPHEN + "chev", "khrushchev"),
    ("Dortico" + ACUTE + "s", "dorticos"),
    ("Castro" + ZWJ, "castro"),
    ("Хрущ" + "е" + DIAERESIS + "в", "хрущев"),  # ё decomposed folds as ё does
    ("и" + BREVE + "од", "йод"),  # й decomposed stays й, as the composed letter does
    ("ﬁle", "file"),
    ("Kennedy’s", "kennedy's"),
])
def test_a_word_is_one_token_in_any_unicode_form(written, word):
    assert re.findall(TOKEN_PATTERN, f"({written}),") == [written]
    assert fold(written) == word


def test_normalize_composes_and_drops_format_characters_but_keeps_case():
    assert normalize("Be" + ACUTE + "rlin") == "Bérlin"
    assert normalize(BOM + "Ber" + ZWSP + "lin") == "Berlin"
    assert normalize("plain") == "plain"


TEXT = ("Unicode in the record\n\n"
        "Dortico" + ACUTE + "s met the Soviet ambassador in Ber" + ZWSP + "lin.\n\n"
        "Khrush" + SOFT_HYPHEN + "chev wrote about the Jupiter missiles in Izmir.\n\n"
        "Гром" + "ы" + "ко встретился с Хрущ" + "е" + DIAERESIS + "вым.\n")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unicode")
    (folder / "src").mkdir()
    (folder / "src" / "forms.txt").write_text(TEXT, encoding="utf-8")
    engine = SearchEngine(folder / "ix")
    engine.index(folder / "src")
    return engine


@pytest.mark.parametrize("query", ["Dorticós", "Dortico" + ACUTE + "s", "dorticos", "Dorti" + ZWSP + "cós",
                                   "Berlin", "Bérlin", "Be" + ACUTE + "rlin", "Khrushchev", "Khrush" + SOFT_HYPHEN + "chev",
                                   "Хрущёв", "Хрущев", "Khrushchev Izmir", '"Ber' + ZWSP + 'lin"', "Dortic" + ZWSP + "*",
                                   "Dortico" + ACUTE + "s~"])
def test_every_form_finds_every_form(mixed, query):
    assert mixed.search(query).total >= 1, query


def test_the_highlighter_marks_the_whole_word_as_written(mixed):
    from search_engine.analysis.stemming import word_terms
    from search_engine.search.highlight import matches

    hit = mixed.search("Dorticós Berlin")[0]
    assert ("Dorticós", True) in hit.snippet_spans  # plain text is composed (NFC) when it is read
    assert ("Ber" + ZWSP + "lin", True) in hit.snippet_spans  # an invisible character inside a word stays in it
    marked = {span for h in mixed.search("Хрущёв", per_doc=0) for span in h.snippet_spans if span[1]}
    assert {("Хрущёвым", True), ("Khrush" + SOFT_HYPHEN + "chev", True)} <= marked
    # a stored text in another form (a Document added as it is) is marked word for word
    text = "Dortico" + ACUTE + "s and Khrush" + SOFT_HYPHEN + "chev"
    spans = matches(text, {*word_terms("Dorticós"), *word_terms("Khrushchev")})
    assert [text[s:e] for s, e in spans] == ["Dortico" + ACUTE + "s", "Khrush" + SOFT_HYPHEN + "chev"]


def test_respellings_and_suggestions_write_words_in_their_composed_form(mixed):
    results = mixed.search("Dorticoz")
    assert results.respellings == (("Dorticoz", "Dorticós"),) and results.total >= 1
    assert mixed.search("Dortico" + ACUTE + "z").respellings == (("Dortico" + ACUTE + "z", "Dorticós"),)


def test_aliases_match_any_form(tmp_path, mixed):
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("Dortico" + ACUTE + "s = Osvaldo\n", encoding="utf-8")
    assert mixed.search("Osvaldo", aliases=aliases).total >= 1
    assert mixed.search("Dorticós", aliases=aliases).expansions


@pytest.mark.skipif(not (SHARED / "corpora" / "frus" / "frus1961-63v06.xml").exists(), reason="needs ../shared")
def test_a_decomposed_query_finds_what_the_composed_one_finds_in_frus(tmp_path):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(SHARED / "corpora" / "frus")
    berlin = engine.count("Berlin")
    assert berlin > 100
    assert engine.count("Be" + ACUTE + "rlin") == engine.count("Bérlin") == engine.count("Ber" + ZWSP + "lin") == berlin


def _as_previous_format(index_dir, version: int = FORMAT_VERSION - 1) -> None:
    """Make the live generation look as if an engine of another index format (the previous one) had written it."""
    gen = current_generation(index_dir)
    catalog = json.loads((gen / CATALOG).read_text())
    catalog["version"] = version
    (gen / CATALOG).write_text(json.dumps(catalog))
    manifest = json.loads((gen / MANIFEST).read_bytes())
    del manifest["sha256"]
    manifest["format"] = version
    manifest["files"][CATALOG] = [(gen / CATALOG).stat().st_size, manifest["files"][CATALOG][1]]
    (gen / MANIFEST).write_text(json.dumps({**manifest, "sha256": manifest_digest(manifest)}))


def test_an_index_of_the_previous_format_is_rebuilt(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    _as_previous_format(engine.index_dir)
    with pytest.raises(IndexOutdatedError, match=f"format {FORMAT_VERSION - 1}, not {FORMAT_VERSION}"):
        SearchEngine(engine.index_dir).search("Castro")
    summary = engine.index()  # no sources named: the old index remembers them
    assert summary.rebuilt and summary.documents == 2
    assert engine.search("Castro").total > 0
    _as_previous_format(engine.index_dir)
    result = CliRunner().invoke(main, ["--index", str(engine.index_dir), "search", "Castro"])
    assert result.exit_code == 0, result.output
    assert "was built by an older version: rebuilding it" in result.output


def test_an_index_of_a_newer_format_is_left_alone(tmp_path, corpus):
    """An older copy of the program never rebuilds (downgrades) an index a newer one wrote: it says so, exit 4."""
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    _as_previous_format(engine.index_dir, FORMAT_VERSION + 1)
    live = (engine.index_dir / "CURRENT").read_text()
    result = CliRunner().invoke(main, ["--index", str(engine.index_dir), "search", "Castro"])
    assert result.exit_code == 4 and "built by a newer version of search-engine" in result.output, result.output
    assert "--rebuild" in result.output and (engine.index_dir / "CURRENT").read_text() == live
    result = CliRunner().invoke(main, ["--index", str(engine.index_dir), "index"])
    assert result.exit_code == 4 and (engine.index_dir / "CURRENT").read_text() == live
    assert SearchEngine(engine.index_dir).index([corpus], rebuild=True).documents == 2  # started over on purpose
    assert engine.search("Castro").total > 0
