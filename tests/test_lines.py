"""The line classifier (search_engine.ingest.lines) and the layouts it reads: kinds of lines, not files."""

from __future__ import annotations

import pytest

from search_engine.ingest.lines import Context, Kind, Line, kind_of
from search_engine.ingest.text import parse_text
from search_engine.vocabulary.labels import field_of

BODY = ("The Ambassador called on the Foreign Minister this morning and handed him the President's reply, which "
        "the Minister read twice before he said that he would give it to the Chairman at once.")


@pytest.mark.parametrize(("text", "kind"), [
    ("TOP SECRET", Kind.STAMP),
    ("Secret, Niact, Limit Distribution", Kind.STAMP),
    ("SECRET - EYES ONLY", Kind.STAMP),
    ("NIACT", Kind.STAMP),  # a handling word typed as a stamp, in capitals
    ("Personal", Kind.TITLE),  # ... but not a word in a heading
    ("MOSCOW, April 18, 1961", Kind.DATELINE),
    ("WASHINGTON, February 15, 1962", Kind.DATELINE),
    ("Moscow, April 18, 1961, 2 p.m.", Kind.DATELINE),
    ("Moscow, [30 December 1961 to 18 January 1962]", Kind.DATELINE),
    ("Moscow, undated.", Kind.DATELINE),
    ("[November 11, 1962]", Kind.DATE),
    ("DATE: APRIL 18, 1961, 2 P.M.", Kind.FIELD),
    ("Title: Letter From Chairman Khrushchev to President Kennedy", Kind.FIELD),
    ("RECORD NUMBER : 124-90137-10230", Kind.FIELD),
    ("Citation:", Kind.FIELD),
    ("SUBJECT: Meeting with the President", Kind.FIELD),
    ("MEMORANDUM FOR THE RECORD", Kind.HEADER),
    ("No. P63/IV", Kind.HEADER),
    ("To Comrades Khrushchev, Mikoyan, Gromyko", Kind.ADDRESS),
    ("Telegram From the Embassy in the Soviet Union to the Department of State", Kind.TITLE),
    ("66. Letter From Chairman Khrushchev to President Kennedy¹", Kind.TITLE),
    ("28 October 1962 / Extract from Protocol No. 63", Kind.SUBTITLE),
    ("[Translator's note: the special folder]", Kind.NOTE),
    ("Leave a Reply", Kind.BOILERPLATE),
    ("Home › Historical Documents › Document 9", Kind.BOILERPLATE),
    ("1. The source stated that the ship would sail on Monday.", Kind.BODY),  # a numbered paragraph is body
    (BODY, Kind.BODY),
])
def test_kind_of_a_line_in_the_head(text, kind):
    assert kind_of(Line(text), Context(in_head=True)) is kind


def test_a_place_above_a_date_line_is_a_dateline():
    assert kind_of(Line("Moscow"), Context(next=Line("April 18, 1961"))) is Kind.DATELINE
    assert kind_of(Line("Moscow"), Context(next=Line(BODY))) is Kind.TITLE


def test_capitals_set_lines_apart_only_in_a_text_not_typed_in_capitals():
    assert kind_of(Line("FREERS"), Context(in_head=False)) is Kind.HEADER
    assert kind_of(Line("FREERS"), Context(in_head=False, shouting=True)) is Kind.BODY


@pytest.mark.parametrize(("label", "field"), [
    ("Title", "title"), ("DOCUMENT TITLE", "title"), ("Date", "date"), ("DATE OF LASTREVIEW", "review"),
    ("AGENCY FILENUMBER", "archive"), ("DOCUMENT_TYPE", "document_type"), ("Publication Date", "date"),
    ("Document Creation Date", "review"), ("Original Classification", "classification"),
    ("Record Group", "archive"), ("Scope and Content", "summary"), ("FROM", "origin"), ("MEMORANDUM FOR", "addressee"),
    ("Present", None), ("Dear Sir", None),
])
def test_labels_are_matched_whatever_their_case_and_spacing(label, field):
    found = field_of(label)
    assert (found[0] if found else None) == field


# -- the failure classes of whole layouts ---------------------------------------------------------


def test_a_dateline_in_capitals_above_the_title_gives_the_date_and_place():
    doc = parse_text(f"Top Secret\n\nWASHINGTON, February 15, 1962\n\nLetter From President Kennedy to Chairman "
                     f"Khrushchev\n\n{BODY}\n", "t")
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev"
    assert (doc.date.iso, doc.place, doc.classification) == ("1962-02-15", "Washington", ("TOP SECRET",))


def test_notes_in_parentheses_under_a_notes_heading_are_footnotes():
    doc = parse_text(f"A Letter\n\n{BODY} (1)\n\nThe second paragraph ends here.(2)\n\nNOTES\n(1) Documents 67 and 68."
                     "\n(2) Printed from an unsigned copy.\n", "t")
    assert [(f.number, f.text, f.paragraph) for f in doc.footnotes] == [
        ("1", "Documents 67 and 68.", 1), ("2", "Printed from an unsigned copy.", 2)]
    assert [p.footnotes for p in doc.paragraphs] == [("1",), ("2",)]
    assert doc.paragraphs[1].text == "The second paragraph ends here.[2]"


def test_an_editions_numbered_heading_cites_its_source_note_which_gives_the_markings():
    text = ("Office of the Historian\n\nForeign Relations of the United States, 1961–1963, Volume VI\n\n"
            "9. Telegram From the Embassy in the Soviet Union to the Department of State¹\n\n"
            f"Moscow, April 18, 1961, 2 p.m.\n\n{BODY}²\n\nFootnotes\n"
            "1. Source: Department of State, Presidential Correspondence: Lot 66 D 204. Secret; Niact; Limit "
            "Distribution. Another copy is in the Kennedy Library.\n2. Not printed.\n")
    doc = parse_text(text, "t")
    assert doc.title == "Telegram From the Embassy in the Soviet Union to the Department of State"
    assert doc.classification == ("SECRET", "NIACT", "LIMIT DISTRIBUTION")
    assert doc.citation.startswith("Department of State, Presidential Correspondence")
    assert (doc.date.iso, doc.place) == ("1961-04-18", "Moscow")
    assert [(f.number, f.paragraph) for f in doc.footnotes] == [("2", 1), ("1", None)]
    assert doc.paragraphs[0].text.endswith("at once.[2]")


@pytest.mark.parametrize(("cited", "listed"), [
    ("[1]", "[1] Printed from an unsigned copy."),
    ("[^1]", "[^1]: Printed from an unsigned copy."),
    ("¹", "¹ Printed from an unsigned copy."),
    ("1/", "----------\n1/ Printed from an unsigned copy."),
    ("*", "____\n* Printed from an unsigned copy."),
    ("†", "____\n† Printed from an unsigned copy."),
    ("1", "____________\n1 Printed from an unsigned copy."),
    (" (1)", "Notes:\n(1) Printed from an unsigned copy."),
    ("¹", "Endnotes\n\n1. Printed from an unsigned copy."),
    ("[1]", "Примечания\n\n1) Printed from an unsigned copy."),
])
def test_note_markers_and_note_lists_in_every_style(cited, listed):
    doc = parse_text(f"A Letter\n\n{BODY}\n\nSincerely,{cited}\n\n{listed}\n", "t")
    assert [f.text for f in doc.footnotes] == ["Printed from an unsigned copy."]
    assert doc.footnotes[0].paragraph == 2 and doc.paragraphs[1].footnotes == (doc.footnotes[0].number,)
    assert len(doc.paragraphs) == 2


def test_numbered_paragraphs_at_the_end_are_body_not_notes():
    doc = parse_text("MEMORANDUM FOR THE RECORD\n\nSUBJECT: Meeting with the Ambassador\n\n"
                     "1. The Ambassador called at noon on 5 May.\n\n2. He said that the ship would sail on Monday.\n\n"
                     "3. The Director asked to be kept informed.\n", "t")
    assert doc.footnotes == ()
    assert [p.text[:2] for p in doc.paragraphs] == ["1.", "2.", "3."]
    assert doc.title == "Memorandum for the Record: Meeting with the Ambassador"


def test_a_memo_subject_that_names_a_document_is_its_title():
    doc = parse_text("MEMORANDUM\nMEMORANDUM FOR: President Kennedy\nFROM: Chairman Khrushchev\n"
                     f"SUBJECT: Message From Chairman Khrushchev to President Kennedy\n\n{BODY}\n", "t")
    assert doc.title == "Message From Chairman Khrushchev to President Kennedy"
    assert dict(doc.metadata) == {"from": "Chairman Khrushchev", "memorandum_for": "President Kennedy"}


def test_stamps_typed_letter_spaced_at_the_top_and_bottom():
    doc = parse_text(f"T O P   S E C R E T   -   E Y E S   O N L Y\n\nMOSCOW, [NOVEMBER 11, 1962]\n\n"
                     f"      MESSAGE FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY\n\n{BODY}\n\n"
                     "T O P   S E C R E T   -   E Y E S   O N L Y\n", "t")
    assert doc.classification == ("TOP SECRET", "EYES ONLY")
    assert doc.title == "MESSAGE FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY"
    assert doc.date.iso == "1962-11-11" and doc.place == "Moscow"


def test_a_typescripts_indented_paragraphs_without_blank_lines():
    doc = parse_text("A Telegram\n\n     1174. For Ambassador. Please pass the following\nmessage to the Chairman.\n"
                     "     Please accept this expression of my\nappreciation for your kind message.\n"
                     "     Rusk\n", "t")
    assert [p.text for p in doc.paragraphs] == [
        "1174. For Ambassador. Please pass the following message to the Chairman.",
        "Please accept this expression of my appreciation for your kind message.", "Rusk"]


def test_a_paragraph_cut_by_a_page_footer_is_joined_and_hyphenation_undone():
    doc = parse_text(f"A Message\n\n{BODY} It is a situa-\ntion that can touch off a chain\n\n"
                     "FRUS DocId:d9 Page 1\n\n-2-\n\nreaction in all parts of the globe, and self-\ncontrol, said he; "
                     "self-control is all.\n", "t")
    assert [(p.text[-60:], p.page) for p in doc.paragraphs] == [
        ("situation that can touch off a chain reaction in all parts of the globe, and self-control, said he; "
         "self-control is all."[-60:], "1")]


def test_labels_give_fields_and_the_rest_is_metadata():
    doc = parse_text("Title: Letter From Chairman Khrushchev to President Kennedy\nDate: 18 April 1961\n"
                     "Place: Moscow\nClassification: Secret; Niact\nRecord Group: RG 59\n"
                     f"Source: Department of State, Central Files.\n\n{BODY}\n", "t")
    assert (doc.title, doc.date.iso, doc.place, doc.classification) == (
        "Letter From Chairman Khrushchev to President Kennedy", "1961-04-18", "Moscow", ("SECRET", "NIACT"))
    assert doc.citation == "Department of State, Central Files."
    assert dict(doc.metadata) == {"record_group": "RG 59"}
