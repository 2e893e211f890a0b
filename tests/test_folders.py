"""Folders and file types are filters: dir:NAME (whole path components, case-insensitive), ext:NAME, both
negatable, with a facet by folder, and each hit names its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_engine import QueryError, SearchEngine
from search_engine.cli import main

FILES = {
    "archive/drafts/draft-memo.txt": "Draft Memo\n\nThe blockade of Cuba begins on Monday.\n",
    "archive/final/final-memo.md": "# Final Memo\n\nThe blockade of Cuba began on Monday.\n",
    "archive/final/cable-one.txt": "Cable\n\nNo word of the blockade from Havana.\n",
    "archive/Final Cables/cable-two.md": "Cable Two\n\nThe blockade holds.\n",
    "archive/draftsman/note.txt": "Note\n\nThe draftsman saw the blockade plans.\n",
    "other/final/letter.txt": "Letter\n\nA letter about the quarantine, not a blockade.\n",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> SearchEngine:
    root = tmp_path_factory.mktemp("folders")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    engine = SearchEngine(tmp_path_factory.mktemp("folders-ix"))
    engine.index([root / "archive", root / "other"])
    engine.root = root
    return engine


def found(engine, query: str) -> set[str]:
    """The files of the hits of ``query``, relative to the folder the fixture wrote."""
    results = engine.search(query, limit=50, per_doc=0)
    return {str(Path(h.folder, Path(h.source).name).relative_to(engine.root.resolve())) for h in results.hits}


BLOCKADE = {name for name, text in FILES.items() if "blockade" in text}


def test_dir_matches_whole_path_components(engine):
    assert found(engine, "blockade dir:drafts") == {"archive/drafts/draft-memo.txt"}  # not archive/draftsman
    assert found(engine, "blockade dir:final") == {"archive/final/final-memo.md", "archive/final/cable-one.txt",
                                                   "other/final/letter.txt"}
    assert found(engine, "blockade dir:archive/final") == {"archive/final/final-memo.md", "archive/final/cable-one.txt"}
    assert found(engine, "blockade dir:final/archive") == set()  # components in the order of the path


def test_dir_is_case_insensitive_and_takes_quotes_and_wildcards(engine):
    assert found(engine, "blockade dir:FINAL") == found(engine, "blockade dir:final")
    assert found(engine, 'blockade dir:"final cables"') == {"archive/Final Cables/cable-two.md"}
    assert found(engine, "blockade dir:draft*") == {"archive/drafts/draft-memo.txt", "archive/draftsman/note.txt"}


def test_ext_matches_the_file_type(engine):
    assert found(engine, "blockade ext:md") == {"archive/final/final-memo.md", "archive/Final Cables/cable-two.md"}
    assert found(engine, "blockade ext:.MD") == found(engine, "blockade ext:md")
    assert found(engine, "blockade ext:pdf") == set()


def test_filters_are_negatable_and_combine(engine):
    assert found(engine, "blockade -dir:final") == BLOCKADE - {"archive/final/final-memo.md", "archive/final/cable-one.txt",
                                                               "other/final/letter.txt"}
    assert found(engine, "blockade -ext:txt") == {"archive/final/final-memo.md", "archive/Final Cables/cable-two.md"}
    assert found(engine, "blockade dir:archive -dir:final ext:txt") == {"archive/drafts/draft-memo.txt",
                                                                        "archive/draftsman/note.txt"}
    assert found(engine, "blockade dir:(drafts OR other)") == {"archive/drafts/draft-memo.txt", "other/final/letter.txt"}


def test_a_filter_alone_lists_every_passage_it_holds(engine):
    assert found(engine, "dir:other") == {"other/final/letter.txt"}


def test_a_filter_keeps_the_order_of_the_words_hits(engine):
    """As date: does: the passages it keeps rank among themselves as the words alone rank them."""
    plain = [h.passage_id for h in engine.search("blockade", limit=50, per_doc=0)]
    kept = [h.passage_id for h in engine.search("blockade dir:final", limit=50, per_doc=0)]
    assert len(kept) == 3 and kept == [p for p in plain if p in kept]


def test_malformed_filters_are_query_errors(engine):
    with pytest.raises(QueryError, match="ext: takes a file type"):
        engine.search("blockade ext:a/b")
    with pytest.raises(QueryError, match="'dir:' needs a value"):
        engine.search("blockade dir:")


def test_the_folder_facet_and_each_hits_folder(engine):
    results = engine.search("blockade", facets=True, per_doc=0)
    root = engine.root.resolve()
    assert results.facets["folder"] == {str(root / "archive" / "final"): 2, str(root / "archive" / "Final Cables"): 1,
                                        str(root / "archive" / "drafts"): 1, str(root / "archive" / "draftsman"): 1,
                                        str(root / "other" / "final"): 1}
    assert all(Path(h.folder).is_absolute() and (Path(h.folder) / Path(h.source).name).is_file() for h in results)


def test_the_cli_and_json(engine):
    result = CliRunner().invoke(main, ["--index", str(engine.index_dir), "search", "blockade -dir:archive",
                                       "--json", "--facets"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"] == 1 and data["hits"][0]["folder"] == str(engine.root.resolve() / "other" / "final")
    assert data["facets"]["folder"] == {str(engine.root.resolve() / "other" / "final"): 1}
    result = CliRunner().invoke(main, ["--index", str(engine.index_dir), "search", "blockade dir:drafts", "--facets"])
    assert result.exit_code == 0
    assert "draft-memo.txt" in result.output and "By folder" in result.output
    assert str(engine.root.resolve() / "archive" / "drafts") in result.output


def test_an_excluded_word_excludes_the_first_passage_too(tmp_path):
    """whoosh's AndNot kept the first passage the words match when the excluded words match it and an
    earlier passage: the exclusion must not depend on the order of the passages."""
    (tmp_path / "a.txt").write_text("A\n\nHavana only.\n\nBerlin only.\n\nBerlin and Havana.\n\nBerlin again.\n")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([tmp_path / "a.txt"])
    assert {h.text for h in engine.search("Berlin -Havana", per_doc=0)} == {"Berlin only.", "Berlin again."}


def test_dir_and_ext_keyword_arguments_filter_as_the_query_does(engine):
    def files(**filters) -> set[str]:
        hits = engine.search("blockade", limit=50, **filters).hits
        return {str(Path(h.folder, Path(h.source).name).relative_to(engine.root.resolve())) for h in hits}

    assert files(dir="archive/final") == found(engine, "blockade dir:archive/final")
    assert files(dir=["drafts", "Final Cables"]) == found(engine, 'blockade dir:(drafts OR "final cables")')
    assert files(ext="md") == found(engine, "blockade ext:md")
    assert files(dir="final", ext=".txt") == found(engine, "blockade dir:final ext:txt")
    assert engine.count("blockade") > len(files(dir="final"))
    with pytest.raises(QueryError, match="ext: takes a file type"):
        engine.search("blockade", ext="a/b")
    with pytest.raises(TypeError, match="dir"):
        engine.search("blockade", dir=3)
