"""Cross-references read from the sources: an edition's links (TEI <ref>) and the phrases of any text."""

from __future__ import annotations

from datetime import date

import pytest

from search_engine.ingest.readers import read_documents
from search_engine.ingest.references import text_references
from search_engine.model import CrossReference, Document

from .conftest import SEEDS, SHARED

FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
needs_frus = pytest.mark.skipif(not FRUS.exists(), reason="needs ../shared/corpora/frus")


@pytest.fixture(scope="module")
def frus() -> dict[str, Document]:
    return {d.doc_id: d for d in read_documents(str(FRUS))}


@needs_frus
def test_tei_link_to_another_volume_keeps_the_id_it_will_have(frus):
    """d66's first note: "Regarding this message, see vol. XI, <ref target="frus1961-63v11#d59">Document 59</ref>"."""
    refs = frus["frus1961-63v06-d66"].references
    ref = next(r for r in refs if r.volume == "frus1961-63v11")
    assert (ref.text, ref.target, ref.kind, ref.doc_id, ref.number) == (
        "Document 59", "frus1961-63v11#d59", "document", "frus1961-63v11-d59", "59")
    assert ref.footnote == "1" and ref.paragraph == 1


@needs_frus
def test_tei_links_in_the_same_volume_name_their_document(frus):
    refs = [r for r in frus["frus1961-63v06-d37"].references if r.kind == "document"]
    assert [r.doc_id for r in refs][:3] == ["frus1961-63v06-d33", "frus1961-63v06-d32", "frus1961-63v06-d31"]
    assert all(r.footnote for r in refs[:3])
    # "#d16fn2": a note of another document is a reference to that document
    d = next(d for d in frus.values() if any(r.target == "#d16fn2" for r in d.references))
    assert next(r for r in d.references if r.target == "#d16fn2").doc_id == "frus1961-63v06-d16"


@needs_frus
def test_a_page_range_written_as_two_links_is_one_reference(frus):
    ref = next(r for r in frus["frus1961-63v06-d34"].references if r.kind == "pages")
    assert (ref.text, ref.target, ref.volume, ref.pages) == (
        "vol. XIV, pp. 780–784", "frus1961-63v14#pg_780", "frus1961-63v14", "780-784")


@needs_frus
def test_links_in_the_source_note_belong_to_no_paragraph(frus):
    refs = frus["frus1961-63v06-d7"].references
    assert [(r.kind, r.doc_id or r.volume, r.paragraph) for r in refs] == [
        ("volume", "frus1961-63v05", None), ("document", "frus1961-63v05-d28", None)]


@needs_frus
def test_letters_named_by_their_date_in_the_text(frus):
    """Kennedy's reply of 27 October 1962 (d67) begins "I have read your letter of October 26th"."""
    dated = [r for r in frus["frus1961-63v06-d67"].references if r.kind == "date"]
    assert any(r.date == "1962-10-26" and r.text.startswith("your letter of October 26") for r in dated)


def test_seed_000_names_protocol_63_and_the_message_of_28_october():
    doc = read_documents(str(SEEDS / "000_17656c3dbdfa3f82.txt"))[0]
    assert [(r.kind, r.text, r.paragraph) for r in doc.references] == [
        ("record", "Protocol No. 63", 2),
        ("date", "message to President Kennedy on 28 October", 14),
        ("date", "our 28 October message", 15),
    ]
    assert {r.date for r in doc.references if r.kind == "date"} == {"1962-10-28"}


@pytest.mark.parametrize("text, expected", [
    ("See Document 27.", [("document", "", "27", "")]),
    ("see vol. XI, Document 59", [("document", "XI", "59", "")]),
    ("See Documents 67 and 68.", [("document", "", "67", ""), ("document", "", "68", "")]),
    ("(see vol. XV, pp. 215-222)", [("pages", "XV", "", "215-222")]),
    ("see vol. XIV, p. 387", [("pages", "XIV", "", "387")]),
    ("Volume XIV, pp. 10-12", [("pages", "XIV", "", "10-12")]),  # each word for a volume (see _ANY_VOLUME)
    ("Том 3, с. 45", [("pages", "3", "", "45")]),
    # another publication's volume is not one of this series
    ("Printed in Documents on Disarmament, 1962, vol. I, pp. 25-26.", []),
    ("Telegram No. 1070 from Moscow", [("record", "", "1070", "")]),
    ("Протокол № 63 заседания Президиума", [("record", "", "63", "")]),
    ("In 1962 the telegram 1962 arrived", []),
    ("Your message of February 7, 1962 reached me", [("date", "", "", "1962-02-07")]),
    ("your letter of October 26th", [("date", "", "", "1962-10-26")]),
    # a date after the citing document is the year before
    ("your message of December 19", [("date", "", "", "1961-12-19")]),
    ("it was reported on 28 October", []),
])
def test_text_references(text, expected):
    found = text_references(text, date(1962, 1, 1), date(1962, 10, 30))
    assert [(r.kind, r.volume, r.number, r.pages or r.date) for r in found] == expected


def test_a_date_without_a_year_in_an_undated_document_is_not_guessed():
    assert text_references("your letter of October 26") == []


def test_references_survive_the_json_round_trip():
    doc = read_documents(str(SEEDS / "000_17656c3dbdfa3f82.txt"))[0]
    assert Document.from_json(doc.to_json()).references == doc.references
    old = doc.to_json()
    del old["references"]  # a document stored before references existed
    assert Document.from_json(old).references == ()
    assert CrossReference.from_json({"text": "x", "target": "y", "unknown": 1}) == CrossReference("x", "y")
