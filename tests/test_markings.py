"""Classification markings: their canonical names, source-note sentences, and filtering by them."""

from __future__ import annotations

import pytest

from search_engine import SearchEngine
from search_engine.vocabulary.markings import (
    normalize_classification,
    source_note_markings,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("Limited Official Use", ("LIMITED OFFICIAL USE",)),
    ("LIMITED OFFICIAL USE", ("LIMITED OFFICIAL USE",)),
    ("Official Use Only", ("OFFICIAL USE ONLY",)),
    ("For Official Use Only", ("OFFICIAL USE ONLY",)),
    ("Limited Official Use; Priority", ("LIMITED OFFICIAL USE", "PRIORITY")),
])
def test_limited_official_use_is_not_official_use_only(text, expected):
    assert normalize_classification(text) == expected


@pytest.mark.parametrize(("note", "marks", "by"), [
    ("Department of State, Central Files, 611.61. No classification marking, but the Department of State "
     "classified the message Top Secret and Eyes Only.", ("TOP SECRET", "EYES ONLY"), "Department of State"),
    ("Source: Kennedy Library. No classification marking, but it was later classified Secret by the Embassy "
     "in Moscow.", ("SECRET",), "Embassy in Moscow"),
    ("Source: Kennedy Library. No classification marking.", (), ""),
    ("Source: Central Files. Limited Official Use; Niact.", ("LIMITED OFFICIAL USE", "NIACT"), ""),
    ("Secret; Niact. The text is marked “immediate release” and was for the President’s eyes only.",
     ("SECRET", "NIACT"), ""),
    # "but" without an agency that classified it adds nothing
    ("No classification marking, but the source text is a copy.", (), ""),
])
def test_source_note_markings(note, marks, by):
    assert source_note_markings(note) == (marks, by)


def test_filtering_by_limited_official_use_leaves_official_use_only_out(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "lou.txt").write_text("Telegram From the Embassy\n\nLIMITED OFFICIAL USE\n\n"
                                    "The ambassador called on the minister about the wheat sale.\n", encoding="utf-8")
    (folder / "ouo.txt").write_text("Memorandum on Procurement\n\nFOR OFFICIAL USE ONLY\n\n"
                                    "The office ordered more wheat for the canteen.\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    lou = engine.search("wheat", classification=["limited official use"])
    assert [h.doc_id for h in lou] == ["lou"] and lou[0].classification == ("LIMITED OFFICIAL USE",)
    ouo = engine.search("wheat", classification=["official use only"])
    assert [h.doc_id for h in ouo] == ["ouo"] and ouo[0].classification == ("OFFICIAL USE ONLY",)
    assert engine.search('classification:"limited official use"').total == 1
