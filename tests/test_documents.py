"""Tests for search_engine.ingest.text: parse_text on the real seeds (golden files) and on small inline fixtures."""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search_engine.errors import SourceError
from search_engine.ingest.readers import read_documents
from search_engine.ingest.text import parse_text
from search_engine.model import Document
from search_engine.vocabulary.markings import normalize_classification

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"

SEED_000 = "000_17656c3dbdfa3f82"
SEED_002 = "002_54cc86d0ab452d54"
SEED_NAMES = [SEED_000, SEED_002]


def parse_seed(doc_id: str) -> Document:
    """A seed read as the indexer reads it (format sniffing, parser, language detection)."""
    (doc,) = read_documents(str(SEEDS / f"{doc_id}.txt"))
    return replace(doc, source=f"seeds/{doc_id}.txt")


@pytest.fixture(scope="module")
def doc000() -> Document:
    return parse_seed(SEED_000)


@pytest.fixture(scope="module")
def doc002() -> Document:
    return parse_seed(SEED_002)


def parse(text: str, doc_id: str = "doc", source: str = "inline.txt") -> Document:
    return parse_text(text, doc_id, source)


def para_texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


# -- golden files --------------------------------------------------------------------------------


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("doc_id", SEED_NAMES)
def test_seed_matches_golden(doc_id):
    """The parse of each seed equals tests/golden/<doc_id>.json.

    After an intended parser change: review the new output, then regenerate with
    ``UPDATE_GOLDEN=1 python -m pytest tests/test_documents.py`` and review the diff of the golden files.
    """
    doc = parse_seed(doc_id)
    actual = doc.to_json()
    path = GOLDEN / f"{doc_id}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(actual), encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing: create it with UPDATE_GOLDEN=1 python -m pytest tests/test_documents.py")
    expected = json.loads(path.read_text(encoding="utf-8"))
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                _dump(expected).splitlines(keepends=True),
                _dump(actual).splitlines(keepends=True),
                fromfile=f"golden/{doc_id}.json",
                tofile="parse_text output",
            )
        )
        pytest.fail(
            f"The parse of seeds/{doc_id}.txt differs from the golden file {path}.\n"
            "If the parser change is intended, review this diff by hand, then regenerate the golden files with\n"
            "    UPDATE_GOLDEN=1 python -m pytest tests/test_documents.py\n"
            "and commit them. Otherwise this is a regression.\n\n" + diff,
            pytrace=False,
        )


@pytest.mark.parametrize("doc_id", SEED_NAMES)
def test_seed_json_round_trips(doc_id):
    doc = parse_seed(doc_id)
    assert Document.from_json(json.loads(json.dumps(doc.to_json()))) == doc


# -- seed 000: a translated Soviet protocol extract from a blog post ----------------------------


def test_seed000_metadata(doc000):
    assert doc000.doc_id == SEED_000
    assert doc000.source == f"seeds/{SEED_000}.txt"
    assert doc000.title == "Cuban Missile Crisis, Document 29"
    assert (
        "Extract from Protocol No. 63 of the Meeting of the TsK KPSS: "
        "Instructions to the Soviet Ambassador for a dialogue with Castro"
    ) in doc000.subtitle
    assert doc000.date is not None
    assert doc000.date.iso == "1962-10-28"
    assert doc000.classification == ("TOP SECRET", "SPECIAL FOLDER")


def test_seed000_translator_note_is_a_footnote_of_paragraph_1(doc000):
    p1 = doc000.paragraphs[0]
    assert p1.number == 1
    assert p1.text.startswith("Approve the draft instructions")
    notes = [f for f in doc000.footnotes if f.text.startswith("Translator note:")]
    assert len(notes) == 1
    note = notes[0]
    assert "особая папка" in note.text
    assert note.paragraph == 1
    assert note.number in p1.footnotes
    # the note is not body text of its own
    assert not any("Translator note" in t for t in para_texts(doc000))


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Published by",
        "Leave a Reply",
        "Fill in your details",
        "bloggers like this",
        "WordPress.com",
        "Connecting to",
        "Professional RU-EN translator",
    ],
)
def test_seed000_has_no_web_boilerplate(doc000, boilerplate):
    offending = [p.number for p in doc000.paragraphs if boilerplate in p.text]
    assert offending == [], f"{boilerplate!r} found in paragraphs {offending}"


@pytest.mark.parametrize("line", ["TOP SECRET", "HAVANA", "No. P63/IV", "SPECIAL FOLDER"])
def test_seed000_stamps_and_address_lines_are_header(doc000, line):
    assert line not in para_texts(doc000)
    assert line in doc000.header


def test_seed000_page_break_is_not_a_paragraph(doc000):
    assert not any("page break" in t.lower() for t in para_texts(doc000))
    # the rule marks the start of page 2: the protocol extract is page 1, the attachment page 2
    assert doc000.paragraphs[0].page == "1"
    assert doc000.paragraphs[-1].page == "2"


def test_seed000_body_ends_with_the_last_instruction(doc000):
    assert doc000.paragraphs[-1].text == "Familiarize Comrade Pavlov with this telegram."
    assert [p.number for p in doc000.paragraphs] == list(range(1, len(doc000.paragraphs) + 1))


# -- seed 002: a Wilson Center record with labelled metadata and numbered footnotes ---------------


def test_seed002_metadata(doc002):
    assert doc002.doc_id == SEED_002
    assert doc002.title == "Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63"
    assert doc002.date is not None
    assert (doc002.date.start, doc002.date.end) == (date(1962, 10, 28), date(1962, 10, 28))
    assert doc002.date.iso == "1962-10-28"
    assert doc002.classification == ()
    assert doc002.citation.startswith('"Central Committee')
    assert "RGANI" in doc002.citation
    assert doc002.summary.startswith("According to Protocol 63")
    assert doc002.original_language == "Russian"
    assert doc002.url.endswith("/document/115092")


@pytest.mark.parametrize(
    "label", ["Citation", "Summary", "Credits", "Original Language", "Contents", "Translation - English"]
)
def test_seed002_labelled_blocks_are_not_paragraphs(doc002, label):
    offending = [p.number for p in doc002.paragraphs if p.text.startswith(label)]
    assert offending == [], f"paragraphs {offending} start with {label!r}"


def test_seed002_footnote_1_attached_to_pavlov_paragraph(doc002):
    matches = [p for p in doc002.paragraphs if p.text == "On the telegram to Cde. Pavlov[1]"]
    assert len(matches) == 1
    para = matches[0]
    assert para.footnotes == ("1",)
    note = doc002.footnote("1")
    assert note is not None
    assert note.paragraph == para.number
    assert note.text.startswith("Translator's Note: Here, once again, \"Pavlov\"")


@pytest.mark.parametrize("number", ["2", "3"])
def test_seed002_footnotes_2_and_3_attached_to_their_markers(doc002, number):
    carriers = [p for p in doc002.paragraphs if f"[{number}]" in p.text]
    assert len(carriers) == 1
    para = carriers[0]
    assert number in para.footnotes
    note = doc002.footnote(number)
    assert note is not None
    assert note.paragraph == para.number
    assert note.text.startswith("Translator's Note:")


def test_seed002_footnote_definitions_are_not_paragraphs(doc002):
    assert not any(t.startswith(("[1]", "[2]", "[3]", "Translator's Note")) for t in para_texts(doc002))
    assert sorted(f.number for f in doc002.footnotes) == ["1", "2", "3"]


def test_seed002_paragraphs_numbered_in_order(doc002):
    assert len(doc002.paragraphs) > 0
    assert [p.number for p in doc002.paragraphs] == list(range(1, len(doc002.paragraphs) + 1))
    assert doc002.paragraphs[0].text.startswith("Present: Brezhnev")
    assert doc002.paragraphs[-1].text == "Compose an informational letter to Kennedy."


# -- small inline fixtures -----------------------------------------------------------------------


FRONT_MATTER = """---
title: Memorandum on the Turkish Missiles
date: 1962-10
classification: [Top Secret, Eyes Only]
---
SECRET

Some Heading In The Text

28 October 1962

The text of the memorandum is a sentence about the Jupiter missiles in Turkey.
"""


def test_front_matter_overrides_title_date_and_classification():
    doc = parse(FRONT_MATTER)
    assert doc.title == "Memorandum on the Turkish Missiles"
    assert doc.date is not None
    assert doc.date.iso == "1962-10"
    assert (doc.date.start, doc.date.end) == (date(1962, 10, 1), date(1962, 10, 31))
    assert doc.classification == ("TOP SECRET", "EYES ONLY")
    assert para_texts(doc) == ["The text of the memorandum is a sentence about the Jupiter missiles in Turkey."]
    assert not any("title:" in t for t in para_texts(doc) + list(doc.header))


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: [unclosed\n---\nThe body is a sentence.\n",
        "---\ntitle: a\n  bad: indentation: here\n---\nThe body is a sentence.\n",
        "---\n- a list\n- not a mapping\n---\nThe body is a sentence.\n",
    ],
    ids=["unclosed-flow", "bad-indentation", "not-a-mapping"],
)
def test_invalid_front_matter_raises_source_error(front):
    with pytest.raises(SourceError) as info:
        parse(front, source="bad.md")
    assert info.value.path == "bad.md"


def test_front_matter_bad_date_error_names_the_file():
    with pytest.raises(SourceError) as info:
        parse("---\ndate: sometime in autumn\n---\nThe body is a sentence.\n", source="bad-date.md")
    assert info.value.path == "bad-date.md"


MEMO_FIELDS = ["TO: The Secretary of State", "FROM: The Director of Intelligence", "SUBJECT: Soviet missiles in Cuba"]
MEMO_BODY = "The photographs taken on 14 October show missile sites under construction near San Cristobal."


def _check_memo(doc: Document) -> None:
    assert doc.subtitle == "Soviet missiles in Cuba"
    for line in MEMO_FIELDS:
        assert line in doc.header
    assert para_texts(doc) == [MEMO_BODY]


def test_memo_fields_on_consecutive_lines():
    doc = parse("MEMORANDUM\n\n" + "\n".join(MEMO_FIELDS) + "\n\n" + MEMO_BODY + "\n")
    _check_memo(doc)


def test_memo_fields_separated_by_blank_lines():
    doc = parse("MEMORANDUM\n\n" + "\n\n".join(MEMO_FIELDS) + "\n\n" + MEMO_BODY + "\n")
    _check_memo(doc)


def test_dateline_gives_date_and_place():
    doc = parse(
        "Letter from Khrushchev to Kennedy\n\n"
        "Moscow, October 27, 1962\n\n"
        "Dear Mr. President, I have studied with great satisfaction your reply to Mr. U Thant.\n"
    )
    assert doc.title == "Letter from Khrushchev to Kennedy"
    assert doc.date is not None
    assert doc.date.iso == "1962-10-27"
    assert doc.place == "Moscow"
    assert "Moscow, October 27, 1962" in doc.header
    assert para_texts(doc) == ["Dear Mr. President, I have studied with great satisfaction your reply to Mr. U Thant."]


def test_hard_wrapped_lines_are_joined():
    doc = parse(
        "Report\n\n"
        "This paragraph was typed on a machine\n"
        "that wrapped it across several\n"
        "short lines of text.\n\n"
        "A second paragraph follows.\n"
    )
    assert para_texts(doc) == [
        "This paragraph was typed on a machine that wrapped it across several short lines of text.",
        "A second paragraph follows.",
    ]


def test_hard_wrapped_line_that_is_only_a_marking_word_is_not_a_stamp():
    doc = parse(
        "Report\n\n"
        "The Soviet leaders asked that the whole arrangement be kept\n"
        "strictly secret.\n"
        "Kennedy agreed to this.\n"
    )
    assert para_texts(doc) == [
        "The Soviet leaders asked that the whole arrangement be kept strictly secret. Kennedy agreed to this."
    ]


def test_bullets_become_separate_paragraphs():
    doc = parse("Report\n\nThe points agreed are as follows:\n- first item\n- second item\n- third item\n")
    assert para_texts(doc) == ["The points agreed are as follows:", "first item", "second item", "third item"]
    assert [p.number for p in doc.paragraphs] == [1, 2, 3, 4]


def test_page_break_increments_page():
    doc = parse(
        "Report\n\n"
        "The first page has this sentence.\n\n"
        "—[page break]—\n\n"
        "The second page has this sentence.\n\n"
        "——————[page break]——————\n\n"
        "The third page has this sentence.\n"
    )
    assert [(p.text, p.page) for p in doc.paragraphs] == [
        ("The first page has this sentence.", "1"),
        ("The second page has this sentence.", "2"),
        ("The third page has this sentence.", "3"),
    ]
    assert not any("page break" in t for t in para_texts(doc) + list(doc.header))


def test_no_page_break_means_no_page():
    doc = parse("Report\n\nA single page of text.\n")
    assert doc.paragraphs[0].page is None


def test_inline_editor_note_becomes_footnote_with_marker():
    doc = parse("Report\n\nThe ambassador [Editor's note: Dobrynin] met the attorney general on Saturday.\n")
    assert len(doc.paragraphs) == 1
    para = doc.paragraphs[0]
    assert para.text == "The ambassador [*1] met the attorney general on Saturday."
    assert para.footnotes == ("*1",)
    note = doc.footnote("*1")
    assert note is not None
    assert note.text == "Editor's note: Dobrynin"
    assert note.paragraph == 1


def test_inline_notes_are_numbered_in_order():
    doc = parse(
        "Report\n\n"
        "The ambassador met the minister [Editor's note: Gromyko] and then\n"
        "the attorney general [Editor's note: Robert Kennedy] later.\n"
    )
    para = doc.paragraphs[0]
    assert para.text == "The ambassador met the minister [*1] and then the attorney general [*2] later."
    assert para.footnotes == ("*1", "*2")
    assert [(f.number, f.text, f.paragraph) for f in doc.footnotes] == [
        ("*1", "Editor's note: Gromyko", 1),
        ("*2", "Editor's note: Robert Kennedy", 1),
    ]


def test_title_falls_back_to_doc_id():
    doc = parse("the meeting began at noon and the ambassador spoke first.\n", doc_id="memo-1962-10-28")
    assert doc.title == "memo-1962-10-28"
    assert doc.doc_id == "memo-1962-10-28"
    assert para_texts(doc) == ["the meeting began at noon and the ambassador spoke first."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Top Secret; Eyes Only", ("TOP SECRET", "EYES ONLY")),
        ("No classification marking", ()),
        ("Secret; Niact; Limit Distribution", ("SECRET", "NIACT", "LIMIT DISTRIBUTION")),
        ("СОВЕРШЕННО СЕКРЕТНО", ("TOP SECRET",)),
        ("top secret", ("TOP SECRET",)),
        ("Confidential", ("CONFIDENTIAL",)),
    ],
)
def test_normalize_classification(text, expected):
    assert normalize_classification(text) == expected


def test_cyrillic_stamp_is_top_secret():
    doc = parse("СОВЕРШЕННО СЕКРЕТНО\n\nПротокол № 63\n\nТекст документа здесь.\n")
    assert doc.classification == ("TOP SECRET",)
    assert "СОВЕРШЕННО СЕКРЕТНО" in doc.header
    assert "СОВЕРШЕННО СЕКРЕТНО" not in para_texts(doc)


def test_published_by_line_inside_body_does_not_truncate_document():
    doc = parse(
        "Report\n\n"
        "The first paragraph is a sentence.\n\n"
        "Published by Pravda on 29 October 1962\n\n"
        "The second paragraph is a sentence.\n"
    )
    assert "The second paragraph is a sentence." in para_texts(doc)


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_parse_text_returns_document_or_source_error(text):
    try:
        doc = parse_text(text, "fuzz", "fuzz.txt")
    except SourceError:
        return
    assert isinstance(doc, Document)
    assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))


def test_page_number_lines_set_the_page_and_are_not_passages():
    text = ("A Cable\n\nThe first page ends with this sentence.\n\n[Page 12]\n\n"
            "The next page starts here.\n\n- 13 -\n\nAnd the last page.\n")
    doc = parse_text(text, "cable")
    assert [(p.text, p.page) for p in doc.paragraphs] == [
        ("The first page ends with this sentence.", "1"),
        ("The next page starts here.", "12"),
        ("And the last page.", "13"),
    ]


def test_web_capture_of_an_edition_document():
    """A history.state.gov-style capture: series line, numbered heading with a source note, dateline."""
    text = ("Foreign Relations of the United States, 1961–1963, Volume VI\n\n"
            "66. Letter From Chairman Khrushchev to President Kennedy[1]\n\n"
            "Moscow, October 27, 1962.\n\n"
            "Dear Mr. President, I have studied with great satisfaction your reply to Mr. U Thant.\n\n"
            "[1] Source: Department of State, Presidential Correspondence: Lot 66 D 204. No classification marking.\n")
    doc = parse_text(text, "frus-66")
    assert doc.date.iso == "1962-10-27"
    assert doc.place == "Moscow"
    assert doc.citation.startswith("Department of State, Presidential Correspondence")
    assert [p.text[:16] for p in doc.paragraphs] == ["Dear Mr. Preside"]
    assert "66. Letter From Chairman Khrushchev to President Kennedy[1]" in doc.header


def test_date_falls_back_to_a_header_line():
    doc = parse_text("SECRET\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Meeting with the President, 22 October 1962\n\n"
                     "1. The Director briefed the President.\n", "memo")
    assert doc.date.iso == "1962-10-22"
    assert doc.subtitle == "Meeting with the President, 22 October 1962"
    assert doc.classification == ("SECRET",)


def test_a_title_quoted_in_a_citation_leaves_the_citation_styles_comma_outside():
    # the Wilson Center's "Cite as" style puts the comma inside the quotes: it is not part of the title
    text = ("Letter from Fidel Castro to Nikita Khrushchev, 26 October 1962\n\n"
            "Citation: \"Letter from Fidel Castro to Nikita Khrushchev,\" October 26, 1962, History and Public "
            "Policy Program Digital Archive, Archive of Foreign Policy, Russian Federation (AVP RF).\n\n"
            "Havana\nOctober 26, 1962\n\nDear Comrade Khrushchev:\n\nGiven the analysis of the situation and the "
            "reports which have reached us, I consider an attack to be almost imminent.\n")
    doc = parse_text(text, "castro")
    assert doc.title == "Letter from Fidel Castro to Nikita Khrushchev"
    assert doc.subtitle == ""
    assert doc.date.start.isoformat() == "1962-10-26"
    cited = parse_text(text.replace('Khrushchev,"', 'Khrushchev, Jr. U.S."'), "castro")
    assert cited.title == "Letter from Fidel Castro to Nikita Khrushchev, Jr. U.S."


CABLE = ("CONFIDENTIAL\n\nDepartment of State\nTELEGRAM\n\nFM AMEMBASSY MOSCOW\nTO SECSTATE WASHDC IMMEDIATE 1234\n"
         "DATE: 22 NOV 63\n\nSUBJECT: SOVIET REACTION TO PRESIDENT'S DEATH\n\n1. NEWS OF PRESIDENT KENNEDY'S "
         "ASSASSINATION REACHED MOSCOW LATE EVENING. SOVIET TELEVISION INTERRUPTED ITS PROGRAM TO ANNOUNCE IT.\n\n"
         "2. MANY MUSCOVITES CAME TO EMBASSY TO EXPRESS SYMPATHY.\n\nKOHLER\n\nCONFIDENTIAL\n")


def test_a_telegrams_routing_lines_are_its_fields_and_its_letterhead_is_not_its_title():
    doc = parse_text(CABLE, "cable")
    assert doc.title == "Telegram: SOVIET REACTION TO PRESIDENT'S DEATH"
    assert doc.place == ""  # "FM AMEMBASSY MOSCOW" is who sent it, not a dateline
    assert doc.date.start.isoformat() == "1963-11-22"
    assert doc.classification == ("CONFIDENTIAL",)
    assert [p.text[:8] for p in doc.paragraphs][:2] == ["1. NEWS ", "2. MANY "]


def test_a_letterhead_stays_the_title_when_the_document_names_no_kind_and_subject():
    # without a kind and a subject there is nothing better to call it: the institution's line stays the title
    doc = parse_text("Department of State\n\nThe Secretary met the Ambassador this morning and spoke with him about "
                     "the situation in Berlin for an hour, as the record of the talk shows.\n", "talk")
    assert doc.title == "Department of State"


MEMCON = """SECRET - EYES ONLY

                    MEMORANDUM OF CONVERSATION

DATE:          October 18, 1962
TIME:          5:00 p.m.
PLACE:         The White House

PARTICIPANTS:  The President
               Andrei A. Gromyko, Minister of Foreign Affairs of the USSR
               Anatoly F. Dobrynin, Soviet Ambassador
               Secretary Rusk

SUBJECT:       The meeting of the President with the Soviet Foreign Minister on
               Berlin and on Cuba

     Mr. Gromyko opened by saying that the Soviet Government
had instructed him to raise the question of West Berlin once
more. He said that the Soviet Union could not indefinitely
postpone the signing of a German peace treaty.

     The President replied that our position on Berlin was well
known and that he saw no reason to change it.
"""


def test_a_memorandum_of_conversations_participants_are_a_field_whose_lines_go_on_under_its_value():
    doc = parse_text(MEMCON, "memcon")
    # the participants are its header, not its title: the kind and the subject name it
    assert doc.title == ("Memorandum of Conversation: The meeting of the President with the Soviet Foreign Minister "
                         "on Berlin and on Cuba")
    # one participant a line: a list; a subject wrapped under its first word: one value
    assert dict(doc.metadata)["participants"] == ("The President; Andrei A. Gromyko, Minister of Foreign Affairs of "
                                                  "the USSR; Anatoly F. Dobrynin, Soviet Ambassador; Secretary Rusk")
    assert doc.persons == ("The President", "Andrei A. Gromyko", "Anatoly F. Dobrynin", "Secretary Rusk")
    assert doc.date.iso == "1962-10-18" and doc.place == "The White House"
    assert doc.classification == ("SECRET", "EYES ONLY")
    assert [p.text[:14] for p in doc.paragraphs] == ["Mr. Gromyko op", "The President "]
    # the same header with unknown labels in capitals: still no title
    other = parse_text(MEMCON.replace("PARTICIPANTS:", "ATTENDEES:   "), "memcon")
    assert other.title == doc.title
    # names on one line, apart by commas and "and"
    one_line = parse_text("MEMORANDUM FOR THE RECORD\n\nPARTICIPANTS: Rusk, Thompson and Kohler\n\nSUBJECT: Berlin\n\n"
                          "The Secretary opened the meeting by reviewing the contingency plans for the access routes.\n",
                          "mfr")
    assert one_line.persons == ("Rusk", "Thompson", "Kohler") and one_line.title == "Memorandum for the Record: Berlin"


# ---- layouts nobody wrote a rule for: the mechanisms the former held-out layouts showed missing

_BODY = ("The Chairman said that the question of Berlin must be settled this year and that he would not wait "
         "for a conference of the four powers to do it.")
_OTHER = "The Ambassador replied that the President would give the Chairman's proposal careful thought."


def test_numbered_first_paragraph_below_a_rule_is_text_not_a_note_list():
    text = (f"# Telegram From the Department of State to the Embassy in the Soviet Union\n\n**Date:** 12 July 1962\n\n"
            f"---\n\n81. Please deliver the following message to the Chairman.\n\n{_BODY}\n\n{_OTHER}\n")
    doc = parse_text(text, "x", fmt="markdown")
    assert doc.title == "Telegram From the Department of State to the Embassy in the Soviet Union"
    assert len(doc.paragraphs) == 3 and not doc.footnotes


@pytest.mark.parametrize("cited, listed", [("[n1]", "n1. Printed from an unsigned copy."),
                                           ("*1", "*1 Printed from an unsigned copy."),
                                           (" (n. 1)", "n. 1  Printed from an unsigned copy.")])
def test_note_markers_of_finding_aids_and_release_forms(cited, listed):
    text = (f"Item title: Letter From Chairman Khrushchev to President Kennedy\nDates: 1961 September 29\n"
            f"Location of original: Department of State, Presidential Correspondence: Lot 66 D 204.\n\n"
            f"Transcription:\n\n{_BODY}{cited}\n\n{_OTHER}\n\nEditorial notes:\n{listed}\n")
    doc = parse_text(text, "x")
    assert [f.text for f in doc.footnotes] == ["Printed from an unsigned copy."]
    assert len(doc.paragraphs) == 2  # neither "Transcription:" nor the location of the original is text
    assert doc.citation.startswith("Department of State, Presidential Correspondence")


def test_quoted_title_dateline_with_supplied_span_and_notes_across_a_page_break():
    text = ("TRANSCRIPT\n“Message From Chairman Khrushchev to President Kennedy”\n"
            "Moscow -- 30.12.1961 - 18.01.1962 (date supplied)\n\n"
            f"{_BODY}^1\n\n{_BODY}^2\n\nEndnotes\n\n   1) See Document 7.\n   2) Following transmission of the\n"
            "\fthe text the Department of State informed him that he should seek an appointment with the Acting "
            "Soviet Foreign Minister to say that, subject to Austrian approval, a meeting on June 3 and 4 was "
            "agreeable, and that the Ambassador would call on the Foreign Minister at once.\n\n"
            "Cite as: Foreign Relations of the United States, 1961–1963, Volume VI, Document 30.\n")
    doc = parse_text(text, "x")
    assert doc.title == "Message From Chairman Khrushchev to President Kennedy"
    assert (doc.place, doc.date.iso) == ("Moscow", "1961-12-30/1962-01-18")
    assert len(doc.footnotes) == 2 and doc.footnotes[1].text.endswith("at once.")


def test_quoted_kind_is_the_title_under_a_kind_heading():
    doc = parse_text(f"TRANSCRIPT\n“Editorial Note”\n\n{_BODY}\n", "x")
    assert doc.title == "Editorial Note"


def test_forwarded_cable_covering_note_and_break_signal_are_not_text():
    text = ("From: Reading Room <reading.room@example.org>\nSubject: FW: cable text as requested\n\n"
            "Here is the text you asked for.\n\n-----Original Message-----\n"
            "SUBJECT: TELEGRAM FROM THE DEPARTMENT OF STATE TO THE EMBASSY IN THE SOVIET UNION\n"
            f"DATE: 21 JAN 61\n\n{_BODY.upper()}\n\n{_OTHER.upper()}\n\nBT\n")
    doc = parse_text(text, "x")
    assert len(doc.paragraphs) == 2
    assert "Here is the text you asked for." in doc.header


def test_marc_security_classification_field():
    text = ("245 10 $a Telegram From the Department of State to the Embassy in the Soviet Union.\n"
            "260 ## $a Washington, $c 21 Jan. 1961.\n355 0# $a Secret $b Eyes Only $b Niact\n\nFULL TEXT\n\n"
            f"{_BODY}\n")
    doc = parse_text(text, "x")
    assert set(doc.classification) == {"SECRET", "EYES ONLY", "NIACT"}
