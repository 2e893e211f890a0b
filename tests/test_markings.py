"""Classification markings: their canonical names, source-note sentences, and filtering by them."""

from __future__ import annotations

import pytest

from search_engine import SearchEngine
from search_engine.ingest.text import parse_text
from search_engine.vocabulary.markings import (
    has_marking,
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


@pytest.mark.parametrize(("text", "expected"), [
    ("S-E-C-R-E-T", ("SECRET",)),
    ("S E C R E T", ("SECRET",)),
    ("C-O-N-F-I-D-E-N-T-I-A-L", ("CONFIDENTIAL",)),
    ("S-E-C-R-E-T/NO FOREIGN DISSEM/CONTROLLED DISSEM", ("SECRET", "NOFORN")),
    # letters apart by hyphens, words apart by a space: a typist's two-word stamp
    ("T-O-P S-E-C-R-E-T", ("TOP SECRET",)),
    ("C-O-N-F-I-D-E-N-T-I-A-L - N-I-A-C-T - E-Y-E-S O-N-L-Y", ("CONFIDENTIAL", "NIACT", "EYES ONLY")),
])
def test_a_marking_typed_letter_by_letter_is_that_marking(text, expected):
    assert normalize_classification(text) == expected


def test_a_stamp_typed_letter_by_letter_is_read_as_the_documents_marking_not_its_place():
    # the CIA typists' form, which 28 of the 561 OCR'd JFK files use above and below the text
    text = ("S-E-C-R-E-T\n\n9 November 1962\n\nMEMORANDUM FOR: Director of Central Intelligence\n\n"
            "SUBJECT: Soviet Missile Withdrawal from Cuba\n\n1. Aerial photography of 8 November shows that the "
            "Soviets have removed the missile erectors from all known sites.\n\nS-E-C-R-E-T\n")
    doc = parse_text(text, "memo")
    assert doc.classification == ("SECRET",)
    assert doc.place == ""
    assert doc.title == "Memorandum: Soviet Missile Withdrawal from Cuba"
    assert doc.date.start.isoformat() == "1962-11-09"


def test_letters_set_apart_in_prose_are_not_a_marking():
    assert not has_marking("the grades were A B C and D")
    assert not parse_text("A B C\n\nThe grades went from A to C over the year, as the report of the board "
                          "said in its notes to the school.\n", "grades").classification
