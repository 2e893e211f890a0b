"""OCR'd scans (search_engine.ingest.ocr): page texts into paragraphs with pages, form fields and furniture;
golden parses of real OCR'd JFK records from ../shared/corpora/jfk-ocr."""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from search_engine import SearchEngine
from search_engine.ingest.ocr import (
    markdown_pages,
    parse_ocr_pages,
    read_ocr_pages,
    seems_ocr,
)
from search_engine.ingest.readers import read_documents

from .conftest import SEEDS, SHARED

JFK = SHARED / "corpora" / "jfk-ocr"
GOLDEN = Path(__file__).resolve().parent / "golden" / "ocr"
needs_jfk = pytest.mark.skipif(not JFK.is_dir(), reason=f"the JFK OCR corpus is not in the shared corpora ({JFK})")

BANNER = "104-10004-10143 | 2025 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992 |"


def wrapper(*pages: str) -> str:
    """A scan as the JFK corpus wraps it: "# Document", then "## Page N" and a fenced block per page."""
    return "# Document\n\n" + "".join(f"## Page {n}\n\n```text\n{text}\n```\n\n" for n, text in enumerate(pages, 1))


# -- telling a scan -------------------------------------------------------------------------------


def test_a_markdown_wrapper_gives_its_pages():
    assert markdown_pages(wrapper("first page", "second page")) == [("1", "first page"), ("2", "second page")]


def test_markdown_with_code_blocks_is_not_a_wrapper():
    text = "# Notes on the cable\n\nThe text reads:\n\n```text\nSECRET\n```\n\nSee above.\n"
    assert markdown_pages(text) is None


def test_ocr_is_told_by_its_debris_not_by_the_file_name():
    scan = "\n".join(["The ambassador called on the minister at noon and", "‘'\" 4m G@ PB. &105RB ~~ |",
                      "handed him the reply of the President.", "ee oe ae", "| / YY | oe", ". {", "Vv wea",
                      "The minister read it twice and said he would answer.", "a _", "(ee a", "Ci"] * 2)
    assert seems_ocr(scan)
    for seed in SEEDS.glob("*.txt"):
        assert not seems_ocr(seed.read_text(encoding="utf-8"))


# -- lines into paragraphs ------------------------------------------------------------------------


def test_hard_wrapped_lines_hyphens_and_blank_lines_of_ocr_spacing_are_joined():
    page = ("MEMORANDUM FOR THE RECORD\n\nSUBJECT: Meeting with the Ambassador\n\n"
            "1. On 28 September 1974 the Deputy Chief and I met in the Field Office with\n"
            "the Ambassador and his attorney. As the meeting began, he asked if it was\n\n"
            "being recorded; I assured him that it was not. He said he did not care, but\n"
            "that, if it were to be recorded, he would like to know the reason for the re-\n"
            "cording.\n\n2. Changes were agreed to in the items set forth.\n")
    found = read_ocr_pages([page])
    texts = [text for text, _ in found.paragraphs]
    assert ("1. On 28 September 1974 the Deputy Chief and I met in the Field Office with the Ambassador and his "
            "attorney. As the meeting began, he asked if it was being recorded; I assured him that it was not. He "
            "said he did not care, but that, if it were to be recorded, he would like to know the reason for the "
            "recording.") in texts
    assert "2. Changes were agreed to in the items set forth." in texts


def test_a_hyphen_before_a_capital_or_a_digit_is_the_compounds_own_and_stays():
    page = ("The station reported that the group was in contact with the anti-\n"
            "Castro exiles who had flown the MIG-\n21 from the base and had received the re-\n"
            "port of the self-\ncontrol that the group showed; its self-control was noted.\n")
    (text,) = [text for text, _ in read_ocr_pages([page]).paragraphs]
    assert "the anti-Castro exiles" in text and "the MIG-21 from" in text  # not "anti- Castro", "MIG- 21"
    assert "the report of" in text  # a word broken at the line end is mended
    assert "of the self-control that" in text  # the text writes it with its hyphen elsewhere


def test_furniture_and_noise_are_dropped_and_pages_kept():
    page1 = (f"{BANNER}\n\nSECRET\n\nThe captioned individual was utilized by the Agency as an\n"
             "informant in the Greek Maritime Organization during the past year.\n\n"
             "‘'\" 4m G@ PB. &105RB\n\nHW 50953 DocId:32337464 Page 1")
    page2 = "The subject is currently a crew member of the ship which is\nscheduled to dock within two weeks.\n"
    found = read_ocr_pages([page1 + "\n" + page2])  # one text: its page stamps tell the pages apart
    assert found.paragraphs[-2:] == [
        ("The captioned individual was utilized by the Agency as an informant in the Greek Maritime Organization "
         "during the past year.", "1"),
        ("The subject is currently a crew member of the ship which is scheduled to dock within two weeks.", "2")]
    assert "2025 RELEASE UNDER THE PRESIDENT" in " ".join(found.furniture)
    assert "HW 50953 DocId:32337464 Page 1" in found.furniture
    assert any("4m G@ PB. &105RB" in line for line in found.noise)


def test_given_pages_label_their_paragraphs():
    found = read_ocr_pages([("12", "The first page of the report ends here with a sentence."),
                            ("13", "The second page starts with another sentence of text.")])
    assert found.paragraphs == [("The first page of the report ends here with a sentence.", "12"),
                                ("The second page starts with another sentence of text.", "13")]


# -- identification forms -------------------------------------------------------------------------

INLINE_FORM = """JFK Assassination System Date: 4/16/201
Identification Form
Agency Information
AGENCY: FBI
RECORD NUMBER: — 124-90137-10230
RECORD SERIES: HQ
AGENCY FILE NUMBER: = CR 105-30972-68
Document Information
ORIGINATOR: FBI
FROM: HQ
TO: NO
TITLE :
DATE: 09/23/1960
_ PAGES: = 1 \\
SUBJECTS : :
CIA LIAISON MATERIAL
PETROS MOUTSOS
DOCUMENT TYPE: PAPER, TEXTUAL DOCUMENT
CLASSIFICATION: — Secret
RESTRICTIONS: 1B; 1C
CURRENT STATUS: = Redact
DATE OF LAST REVIEW: — 09/28/1998
OPENING CRITERIA: INDEFINITE, APPROVAL OF CIA
COMMENTS: MEMO
v9.1
HW 50953 DocId:32337464 Page 1
The captioned individual was utilized by the Agency as an informant in the
Greek Maritime Organization during the past year.
"""

# the same form as OCR often reads it: the labels' column first, then the values'
COLUMN_FORM = """124-90137-10355
AGENCY :
RECORD NUMBER :
RECORD SERIES :
AGENCY FILE NUMBER :
ORIGINATOR :
FROM:
TO:
TITLE:
DATE:
PAGES:
SUBJECTS :
DOCUMENT TYPE :
CLASSIFICATION :
RESTRICTIONS :
CURRENT STATUS :
DATE OF LAST REVIEW :
OPENING CRITERIA :
COMMENTS :
v9.1
JFK Assassination System Date: 4/17/201
Identification Form
Agency Information
FBI
124-90137-10355
HQ
CR SEE TITLE
Document Information
FBI
HQ
CIA
[Restricted]
08/28/1961
2
CIA LIAISON MATERIAL
PAPER, TEXTUAL DOCUMENT
Secret
1B; 1C;4
Redact
09/28/1998
INDEFINITE, APPROVAL OF CIA
MEMO
HW 50953 DocId:32337589 Page 1
The Bureau has been asked by the Agency to review its files on the subject.
"""


@pytest.mark.parametrize("form", [INLINE_FORM, COLUMN_FORM], ids=["row by row", "column by column"])
def test_an_identification_form_is_read_as_fields_however_ocr_read_it(form):
    fields = {f.label.rstrip(" :"): f.value for f in read_ocr_pages([form]).fields}
    assert fields["AGENCY"] == "FBI" and fields["ORIGINATOR"] == "FBI" and fields["FROM"] == "HQ"
    assert fields["DATE"] in ("09/23/1960", "08/28/1961") and fields["CLASSIFICATION"] == "Secret"
    assert fields["SUBJECTS"].startswith("CIA LIAISON MATERIAL") and fields["COMMENTS"] == "MEMO"
    assert fields["DATE OF LAST REVIEW"] == "09/28/1998"  # not the form's own printing date, 4/16/201
    assert fields["RECORD NUMBER"] in ("124-90137-10230", "124-90137-10355")


def test_a_forms_document_is_named_and_dated_by_the_form():
    doc = parse_ocr_pages([INLINE_FORM], "jfk_doc_1000", "jfk_doc_1000.md")
    assert doc.title == "Memo: CIA LIAISON MATERIAL; PETROS MOUTSOS"  # TITLE is empty: kind and subjects
    assert doc.date.iso == "1960-09-23" and doc.classification == ("SECRET",)
    meta = dict(doc.metadata)
    assert meta["record_number"] == "124-90137-10230" and meta["current_status"] == "Redact"
    assert [p.text for p in doc.paragraphs] == [
        "The captioned individual was utilized by the Agency as an informant in the Greek Maritime Organization "
        "during the past year."]
    column = parse_ocr_pages([COLUMN_FORM], "jfk_doc_1002")
    assert column.title == "Memo: CIA LIAISON MATERIAL" and column.date.iso == "1961-08-28"  # TITLE [Restricted]


def test_a_kind_read_apart_from_the_comments_box_names_the_form_document():
    # OCR read the COMMENTS box's value "RPT" above its label, between two labelled lines of the form
    form = INLINE_FORM.replace("OPENING CRITERIA: INDEFINITE, APPROVAL OF CIA\nCOMMENTS: MEMO\n",
                               "OPENING CRITERIA: INDEFINITE, APPROVAL OF CIA\nRPT\nCOMMENTS :\n")
    doc = parse_ocr_pages([form], "jfk_doc_1000")
    assert doc.title == "Report: CIA LIAISON MATERIAL; PETROS MOUTSOS"
    assert "RPT" not in [p.text for p in doc.paragraphs]


def test_a_form_that_says_the_date_is_unknown_is_believed():
    form = INLINE_FORM.replace("DATE: 09/23/1960", "DATE: 00/00/0000")
    doc = parse_ocr_pages([form + "\nMoscow, October 27, 1962\n"], "x")
    assert doc.date is None and dict(doc.metadata)["date"] == "00/00/0000"


def test_a_memo_without_a_title_is_named_by_its_kind_and_subject():
    page = ("14-00000\n\nSECRET\n\n30 September 1974\n\nMEMORANDUM FOR THE RECORD\n\n"
            "SUBJECT “; Meeting with E. Howard Hunt Re His Memoirs Do Not Reproduce\n\n"
            "1. On 28 September 1974 the Deputy Chief and I met in the Field Office with the author.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Memorandum for the Record: Meeting with E. Howard Hunt Re His Memoirs"
    assert (doc.date.iso, doc.classification) == ("1974-09-30", ("SECRET",))



@pytest.mark.parametrize("heading, subject", [
    ("MEMORANBOM FOR THE RECORD:", "BUBJECT: Debriefing of Edward G. Tichborn (P)"),  # letters garbled
    ("MEMORANDUM POR THE RECORD |", "SUBJECT 3 Debriefing of Edward G. Tichborn (P)"),  # the colon read as a 3
    ("MEMORANDUM FOR THE RECORD an", "SUBJECT C : Debriefing of Edward G. Tichborn (P)"),  # debris on both lines
    ("MEMORANDUM FOR THE RECORD", "SUBJECT 2 Debriefing of Edward G. Tichborn (P)"),  # the colon read as a 2
    ("MEMORANDUM FOR THE RECORD", "SUBJECT t Debriefing of Edward G. Tichborn (P)"),  # as a small letter alone
])
def test_memo_labels_are_read_despite_ocr_damage_to_letters_and_colons(heading, subject):
    page = (f"SECRET\n\n2 February 1960\n\n{heading}\n\n{subject}\n\n"
            "1. Edward G. Tichborn arrived in Washington from his trip during the night of 31 January 1960.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Memorandum for the Record: Debriefing of Edward G. Tichborn (P)"
    assert doc.date.iso == "1960-02-02"


@pytest.mark.parametrize("heading, subject", [
    ("MEMORADOM FOR THE EZCORD i ,", "‘SUBJZC?: Debriefing of Edward G. Tichborn (P)"),  # two words garbled; a mark for T
    ("MEMORANDUM FOR THE RECORD", "“sugjecr: Debriefing of Edward G. Tichborn (P)"),  # capitals read as small letters
])
def test_memo_labels_are_read_when_ocr_garbled_more_of_a_long_label_or_its_case(heading, subject):
    page = (f"SECRET\n\n2 February 1960\n\n{heading}\n\n{subject}\n\n"
            "1. Edward G. Tichborn arrived in Washington from his trip during the night of 31 January 1960.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Memorandum for the Record: Debriefing of Edward G. Tichborn (P)"


@pytest.mark.parametrize("line", ["object: the Station's view of it", "sugar: the price of it", "Subjects of the report"])
def test_a_word_in_small_letters_near_a_label_is_no_label_without_its_first_letter_and_colon(line):
    page = f"{line} was discussed at length by the officers of the Station in the course of the week.\n"
    doc = parse_ocr_pages([page], "x")
    assert doc.paragraphs[0].text.startswith(line)


def test_a_date_field_beside_another_field_is_read_when_its_label_is_garbled():
    # an office memorandum's row: the addressee, then the date field OCR read as "PATE:"
    page = ("SECRET\n\nMemorandum\n\nTO : Chief, Contact Division PATE: 31 August 1962\n\n"
            "FROM : Chief, Minneapolis Office\n\nSUBJECT: Cuban Refugee Group\n\n"
            "1. Enclosed are three names provided by a source of this office in Cleveland, Ohio.\n")
    doc = parse_ocr_pages([page], "x")
    assert (doc.title, doc.date.iso) == ("Memorandum: Cuban Refugee Group", "1962-08-31")


@pytest.mark.parametrize("row", [
    "SUBJECT = STATEMENTS OF MANOLO RAY, EXILE LEADER DATE pisTR. «|, 24 octoeer 1961",
    "sugject) STATEMENTS OF MANOLO RAY, EXILE LEADER bate Dist, 24 October 1961",
    "I SUBJECT a | STATEMENTS OF MANOLO RAY, EXILE LEADER DATE DISTR. 24 Oct 61",
])
def test_an_information_reports_row_gives_its_subject_its_date_of_distribution_and_its_kind(row):
    page = (f"SECRET\n\nCOUNTRY Cuba REPORT NO. CS-3/490,978\n\n{row}\n\nPRECEDENCE ROUTINE\n\n"
            "1. The source stated that the leader of the movement had spoken at length of its plans.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Information Report: STATEMENTS OF MANOLO RAY, EXILE LEADER"
    assert doc.date.iso == "1961-10-24"


@pytest.mark.parametrize("line", ["He came in late September 1963 and stayed", "j DATE : 17-22 August 1962"])
def test_a_word_near_date_before_a_date_is_no_field_without_a_colon_or_a_row(line):
    page = f"30 September 1962\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Training\n\n{line}\n\n" \
           "1. The agent was instructed in the techniques by the undersigned in a safehouse in the city.\n"
    assert parse_ocr_pages([page], "x").date.iso == "1962-09-30"


def test_a_classified_forms_printed_notice_does_not_end_its_head():
    page = ("CENTRAL INTELLIGENCE AGENCY\n\n"
            "contelag txtormation ¢: fectng § {he Korine! Deteres of the United States vithia, the meaning, of the "
            "tpionsge Laws, Tire If, U.S.C. Seca,\n"
            "TMD end TH the trammlssion or revelation of wtich te egy mance tp an ngactnorbes erica ls prohibited by lew.\n\n"
            "SECRET\n\nSUBJECT: STATEMENTS OF MANOLO RAY, EXILE LEADER DATE DISTR. 24 October 1961\n\n"
            "1. The source stated that the leader of the movement had spoken at length of its plans.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Information Report: STATEMENTS OF MANOLO RAY, EXILE LEADER"
    assert doc.date.iso == "1961-10-24"
    # the notice stays searchable text
    assert [p.text[:10] for p in doc.paragraphs] == ["contelag t", "1. The sou"]


def test_a_heading_in_capitals_loses_the_dash_and_speck_ocr_left_after_it():
    page = ("6/705\n\n10 May 1982\n\nVALERIY VLADIMIROVICH KOSTIKOV— .\n\n"
            "1. Please refer to our conversation of 6 May. KOSTIKOV, born 17 March 1933, was posted to Beirut.\n")
    doc = parse_ocr_pages([page], "x")
    assert (doc.title, doc.date.iso) == ("VALERIY VLADIMIROVICH KOSTIKOV", "1982-05-10")


def test_a_memo_forms_column_of_labels_takes_the_values_below_it_in_order():
    page = ("UNITED STATES GOVERNMENT\n\nMemorandum\n\nTO :\n\nATIN:\n\nFROM\n\nSUBJECT:\n\neins SECRET ges\n\n"
            "Chief, Contact Division PATE: 31 August 1962\n\nSupport Branch (Crowley)\n\n"
            "Chief, Minneapolis Office\n\nCuban Refugee Group\n\n"
            "1. Enclosed are three names provided by a source of this office in Cleveland, Ohio.\n")
    doc = parse_ocr_pages([page], "x")
    assert (doc.title, doc.date.iso) == ("Memorandum: Cuban Refugee Group", "1962-08-31")
    assert dict(doc.metadata)["from"] == "Chief, Minneapolis Office"


def test_a_column_of_labels_with_fewer_values_than_labels_is_not_paired():
    page = ("Memorandum\n\nTO :\n\nFROM\n\nSUBJECT:\n\nCuban Refugee Group\n\n"
            "1. Enclosed are three names provided by a source of this office in Cleveland, Ohio.\n")
    doc = parse_ocr_pages([page], "x")
    assert "from" not in dict(doc.metadata)


def test_specks_read_as_short_words_above_a_memo_do_not_end_its_head():
    page = ("cr . - Le ee OD ALE . OC Base, , “y Le, .\n\na Pane a L . . bet.\n\nCN, wet (Nem ; an\n\nTy TR eo\n\n"
            "23 February 1965\n\nMEMORANDUM FOR: Deputy Director for Support\n\nSUBJECT: Key Assignments\n\n"
            "1. This memorandum submits proposed key assignments in the Office for your information and approval.\n")
    doc = parse_ocr_pages([page], "x")
    assert (doc.title, doc.date.iso) == ("Memorandum: Key Assignments", "1965-02-23")


def test_words_that_only_resemble_a_label_are_left_alone():
    page = ("SUBJECTIVE views of the Station were reported at length by the officer in charge of it.\n\n"
            "MEMORIAL DAY arrangements were discussed with the Embassy in the course of the week.\n")
    doc = parse_ocr_pages([page], "x")
    assert [p.text for p in doc.paragraphs][0].startswith("SUBJECTIVE views")


def test_a_subject_wrapped_over_lines_is_read_whole():
    page = ("27 November 1962\n\nMEMORANDUM FOR: Director of Central Intelligence\n\n"
            "SUBJECT: Meeting with AMBUNNY-1 (201-775391) and\nAMWHIP-1 (201-267966)\n"
            "REFERENCE: Form 1322, dated 21 September 1962\n\n"
            "1. This memorandum is for your information and pursuant to your request of last week.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Memorandum: Meeting with AMBUNNY-1 (201-775391) and AMWHIP-1 (201-267966)"


def test_a_wrapped_subject_ends_at_a_blank_line():
    page = ("30 September 1963\n\nTO: Members of Subcommittee\n\nFROM: Chairman, Subcommittee\n\n"
            "SUBJECT: Report for July - August on Actions Taken to\nCombat Castro-Communist Subversion,\n\n"
            "Attached is a draft of the Subcommittee's report for July and August on actions taken. The draft has been\n"
            "prepared on the basis of the material which you furnished.\n")
    doc = parse_ocr_pages([page], "x")
    assert "draft has been prepared on the" in doc.paragraphs[0].text


def test_a_subject_wrapped_over_several_lines_below_a_line_that_stops_on_a_sign_is_read_whole():
    page = ("9 September 1960\n\nMEMORANDUM FOR: Chief, FI/Division D\n\nSUBJECT: ZRGRACE - Tokyo Aspect;\n"
            "George PERIS aka George PERISTEROPOULOS aka\nGeorge PARIS, Identified Contact of Valentin HAHN\n"
            "aka Valentine Vasiliyevich KHAN aka Won-shin HAN,\nSelf Confessed Soviet Agent\n\n"
            "1, Following information was made available to the writer by the Station in the course of the week.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == ("Memorandum: ZRGRACE - Tokyo Aspect; George PERIS aka George PERISTEROPOULOS aka George "
                         "PARIS, Identified Contact of Valentin HAHN aka Valentine Vasiliyevich KHAN aka Won-shin HAN, "
                         "Self Confessed Soviet Agent")
    assert doc.paragraphs[0].text.startswith("1, Following")


MEMO_FORM = ("27 November 1962\n\nMEMORANDUM FOR: Director of Central Intelligence\n\nTHROUGH : Deputy Director\n\n"
             "ATTENTION : Mr. Robert Jones\n\nREFERENCE : Form 1322\n\nSUBJECT: Operational Plan for Continuing\n\n"
             "{line}\n\n1. Action: This memorandum is for your information and pursuant to your request.\n")


def test_a_subject_that_ends_a_memo_header_read_as_a_form_goes_on_below_it():
    doc = parse_ocr_pages([MEMO_FORM.format(line=". Operations Against Cuba")], "x")
    assert doc.title == "Memorandum: Operational Plan for Continuing Operations Against Cuba"


@pytest.mark.parametrize("line", ["REF: NONE", "TOP SECRET", "2. The plan provides for an intelligence effort."])
def test_a_label_a_stamp_or_a_paragraph_below_a_forms_subject_is_no_more_of_it(line):
    doc = parse_ocr_pages([MEMO_FORM.format(line=line)], "x")
    assert doc.title == "Memorandum: Operational Plan for Continuing"


@pytest.mark.parametrize("line, subject", [
    ("SUBJECT: RFE in Turkey pe os Z oe", "RFE in Turkey"),  # specks read as letters
    ("SUBJECT: Safehouse #405 ; . .", "Safehouse #405"),
    ("SUBJECT “} Verification of Contract Service ¥", "Verification of Contract Service"),  # marks on both sides
    ("SUBJECT: Establishment of Plan B", "Establishment of Plan B"),  # a letter of the subject's own
])
def test_a_subjects_trailing_specks_are_no_part_of_it(line, subject):
    page = f"7 January 1953\n\nMEMORANDUM FOR: Chief, Division\n\n{line}\n\n1. The station reports on the matter.\n"
    assert parse_ocr_pages([page], "x").title == f"Memorandum: {subject}"


def test_a_subject_goes_on_one_line_unless_it_stops_on_a_word_that_needs_more():
    # the short lines of a distribution list below a one-line subject are not the subject
    page = ("29 October 1999\n\nMEMORANDUM FOR: Chief, Historical Review Group\n\n"
            "SUBJECT: DCI Sources and Methods Authority w/Respect\nto JFK Assassination Records\n\n"
            "Original - Addressee (hand delivered)\n\n- OGC Registry\n\nLit File\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Memorandum: DCI Sources and Methods Authority w/Respect to JFK Assassination Records"


def test_a_heading_that_heads_many_memoranda_is_no_running_head():
    # "MEMORANDUM FOR THE RECORD" on every page is each page's memorandum, not page furniture
    pages = [f"{d} June 1964\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Committee Meeting - {d} June 1964\n\n"
             "1. The meeting discussed the operations of the past month and the plans for the next.\n"
             for d in (18, 19, 22)]
    doc = parse_ocr_pages(pages, "x")
    assert doc.title == "Memorandum for the Record: Committee Meeting - 18 June 1964"


@pytest.mark.parametrize("line, iso", [
    ("24 octoeer 1961", "1961-10-24"), ("30 Octaber 1962", "1962-10-30"), ("7 Jariuary 1953;", "1953-01-07"),
    ("Octaber 30, 1962", "1962-10-30"), ("Date: i July 1965", "1965-07-01"),
    ("12 Hovember 1965", "1965-11-12"),  # N read as H, as in "HEMORANDUM"
    ("10 Cetobor 1961", "1961-10-10"),  # three letters read for their lookalikes: C for O, e for c, o for e
    ("TOT: 092204Z AUG 95 DIRECTOR 398108", "1995-08-09"),  # a cable's date-time group
])
def test_a_date_is_read_despite_ocr_damage_to_its_month(line, iso):
    page = (f"SECRET\n\n{line}\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Meeting with the Ambassador\n\n"
            "1. The Ambassador received us in his office and we discussed the situation at some length.\n")
    assert parse_ocr_pages([page], "x").date.iso == iso


def test_a_cable_dated_by_nothing_else_is_dated_by_the_day_it_was_received():
    head = ("ACTION: C/EUR/NOR (729) INFO: EUDORECORD, FILE\n\nTOR: 0812482 FEB 96 COPE 94608\n\n"
            "CITE COPENHAGEN 94608\n\nTO: IMMEDIATE DIRECTOR.\n\nSLUGS: WNINTEL RYBAT\n\n"
            "SUBJECT: RELEASE OF CLASSIFIED DOCUMENT\n\n")
    body = "1. THE STATION HAS BEEN ASKED BY THE SERVICE TO RELEASE A DOCUMENT OF THE PERIOD.\n"
    assert parse_ocr_pages([head + body], "x").date.iso == "1996-02-08"
    # a date the cable gives outranks it
    assert parse_ocr_pages([head + "DATE: 6 February 1996\n\n" + body], "x").date.iso == "1996-02-06"


def test_a_word_near_no_single_month_is_no_date():
    page = ("SECRET\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Meeting with the Ambassador\n\n"
            "1. We had 4 Items 1962 on the list and the Ambassador discussed each of them at some length.\n")
    assert parse_ocr_pages([page], "x").date is None


# -- the real scans -------------------------------------------------------------------------------

GOLDEN_DOCS = ["jfk_doc_184", "jfk_doc_1000", "jfk_doc_1002", "jfk_doc_1062", "jfk_doc_880"]


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@needs_jfk
@pytest.mark.parametrize("name", GOLDEN_DOCS)
def test_ocr_scan_matches_golden(name):
    """The parse of a real OCR'd record equals tests/golden/ocr/<name>.json (reviewed by a person).

    After an intended change: review the new output, then ``UPDATE_GOLDEN=1 python -m pytest tests/test_ocr.py``.
    """
    docs = [replace(doc, source=f"jfk-ocr/{name}.md").to_json() for doc in read_documents(str(JFK / f"{name}.md"))]
    actual = docs[0] if len(docs) == 1 else docs  # a file of many documents: the list of them
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(actual), encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    if actual != expected:
        diff = "".join(difflib.unified_diff(_dump(expected).splitlines(keepends=True),
                                            _dump(actual).splitlines(keepends=True), f"golden/ocr/{name}.json", "now"))
        pytest.fail(f"the parse of {name}.md differs from its golden file:\n{diff}", pytrace=False)


@needs_jfk
@pytest.mark.parametrize("name", GOLDEN_DOCS)
def test_no_markdown_or_page_furniture_in_a_title_or_passage(name):
    for doc in read_documents(str(JFK / f"{name}.md")):
        for text in (doc.title, *(p.text for p in doc.paragraphs)):
            assert "```" not in text and "## Page" not in text and not text.startswith("#")
            assert "RELEASE UNDER THE PRESIDENT" not in text and "DocId:" not in text


@needs_jfk
def test_a_phrase_across_a_line_wrap_is_found(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    for name in ("jfk_doc_184", "jfk_doc_880"):
        (folder / f"{name}.md").write_bytes((JFK / f"{name}.md").read_bytes())
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    # "...the classified and unclassi-/fied items", "...the Act imposed un-/realistic deadlines"
    hits = engine.search('"classified and unclassified items"')
    assert [h.doc_id for h in hits] == ["jfk_doc_184"] and hits[0].page == "1"
    # jfk_doc_880 is a packet of nine papers: the memo for the record, and its draft, which says it too
    assert {h.doc_id for h in engine.search('"imposed unrealistic deadlines"')} == {"jfk_doc_880", "jfk_doc_880/2"}
    assert engine.document("jfk_doc_184").title.startswith("Memorandum for the Record: Meeting with E. Howard Hunt")


def test_a_line_of_figures_that_holds_a_whole_date_is_kept():
    """A telegram's "No. 2636 R. 5.20 a.m. October 28, 1962" is mostly figures, but its date says something."""
    from search_engine.ingest.ocr import read_ocr_pages

    page = ("CONFIDENTIAL\n\nFROM WASHINGTON TO FOREIGN OFFICE\n\nNo. 2636 R. 5.20 a.m. October 28, 1962\n\n"
            "The President told me this evening that he saw no alternative to action against the missile sites.\n"
            "2 3 .. 4 ,, 5\n")
    found = read_ocr_pages([page])
    texts = " ".join(b.text for b in found.blocks)
    assert "No. 2636 R. 5.20 a.m. October 28, 1962" in texts
    assert "2 3 .. 4 ,, 5" in found.noise


# -- cables, years alone, garbled subject labels ----------------------------------------------------


@pytest.mark.parametrize("head", [
    "CLASSIFIED MESSAGE\n\nSECRET\n\nDIRECTOR\n\nMEXICO CITY\n\nDIR INFO WAVE CITE MEXI 1743\n\nGYROSE\n\n",
    "SECRET 270082 27 NOV 63\n\nPRIORITY DIR CITE WAVE 8281\n\nRYBAT TYPIC\n\n",  # its routing line alone
    "wo CLASSIFIED MESSAGE\n\nBELL\n\nFROM 4 MEXICO CITY», . ft\n\n",  # the form's name with OCR's debris
    "ff aman\" MESSAGE FORM _t\n\nTOTAL COPIES:\n\nSECRET\n\n",
])
def test_a_cables_routing_line_or_form_names_it_a_cable_and_is_never_its_title(head):
    body = "1. PLEASE ADVISE WHETHER THE STATION HAS TRACES ON THE PERSONS NAMED IN THE REFERENCE AND WHEN.\n"
    assert parse_ocr_pages([head + body], "x").title == "Cable"


def test_a_cables_subject_still_titles_it():
    page = ("CLASSIFIED MESSAGE\n\nDIR INFO WAVE CITE MEXI 1743\n\nSUBJECT: JFK ASSASSINATION ISSUES\n\n"
            "1. PLEASE ADVISE WHETHER THE STATION HAS TRACES ON THE PERSONS NAMED IN THE REFERENCE.\n")
    assert parse_ocr_pages([page], "x").title == "Cable: JFK ASSASSINATION ISSUES"


@pytest.mark.parametrize("line", [
    "cAon, wi 3 (wa COPY SLOTTED 1840",  # a time
    "SUITE 2004, 347 MADISON AVENUE, NEW YORK",  # a street number
    "DOB 1927, INDUSTRIAL ENGINEER",  # a birth year
    "1955",  # a figure alone
])
def test_a_figure_read_as_a_year_alone_does_not_date_a_scan(line):
    page = (f"SECRET\n\n{line}\n\nMEMORANDUM FOR: Chief, Division\n\nSUBJECT: Accommodation Addresses\n\n"
            "1. The station reports that the addresses requested are now available for the agents.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Memorandum: Accommodation Addresses"
    assert doc.date is None
    # a date to the day still dates it
    assert parse_ocr_pages([page.replace("SECRET", "SECRET\n\n17 November 1961")], "x").date.iso == "1961-11-17"


@pytest.mark.parametrize("line, subject", [
    ("SUBJECT - ¢ AMMUG/1 Operation", "¢ AMMUG/1 Operation"),  # the colon read as a dash, a speck after it
    ("SUBJECT 4 CROZIER, R. L.", "CROZIER, R. L."),  # the colon read as a figure
    ("we | SUBJECT : NOSENKO, Yuriy Ivanovich :", "NOSENKO, Yuriy Ivanovich"),  # a speck of the margin before it
])
def test_a_subject_label_is_read_through_a_colon_or_margin_ocr_garbled(line, subject):
    page = f"1 October 1965\n\nMEMORANDUM FOR: Director of Security\n\n{line}\n\n1. In accordance with the request.\n"
    assert parse_ocr_pages([page], "x").title == f"Memorandum: {subject}"


def test_an_offices_name_below_a_whole_subject_is_the_headers_not_the_subjects():
    head = "23 February 1965\n\nMEMORANDUM FOR: Deputy Director for Support\n\n"
    body = "\n\n1. This memorandum submits proposed key assignments for your information and approval.\n"
    assert parse_ocr_pages([head + "SUBJECT 2 Key Assignments\n. Office of Security" + body],
                           "x").title == "Memorandum: Key Assignments"
    # a subject that stops on a word that needs more goes on into it
    assert parse_ocr_pages([head + "SUBJECT: Reorganization of the\nOffice of Security" + body],
                           "x").title == "Memorandum: Reorganization of the Office of Security"


@pytest.mark.parametrize("page, kind", [
    # a cable whose head OCR left as debris: its form's printed boxes and its typist's last line say what it is
    ("“CARA “MARA WATE: VOUS\n\nMEXI LIMA PACY GUAT\n\n1. THE STATION SUGGESTS THE ACTIVITIES CONCENTRATE ON THIS "
     "ASPECT OF THE QUESTION BEFORE THE ORGANIZATION.\n\nSD OF MESSAGE\n\nCOOROIMATING OFFICERS\n\n"
     "REPRODUCTION BY OFHIR THAN THE ISSUING OFFICE IS PROHIBITED.\n", "Cable"),
    # a cable answering another: the incoming number of the one it answers, its typist's last line garbled
    ("FaiuellY ROBE ~~ MEXI, SALY\n\nREF: SALV 4839 CIN 63096)\n\nIF PCI DOES NOT GIVE DEVISTA-1 CONTACTS IN SALV, "
     "STATION SHOULD PASS TO DEVISTA-1 ONLY FIRST FOUR NAMES OF ABOVE REF.\n\nEND OF MESS46E Backer aund Uso Only\n", "Cable"),
    # the message form's boxes, garbled, and its precedence line
    ("RPRICRITY NO NIGHT ACTION\n\nASUNCION, BARCELONA, BEIRUT, BERLIN, BERN, BOGOTA\n\n1. WILLARD, BORN 20 JULY "
     "1931, HEIGHT FIVE FEET EIGHT INCHES, MAY TRAVEL THROUGH YOUR AREA.\n\nRELEASING OFFICE’\n\n"
     "AUTHENTICATING OFFICER\n", "Cable"),
    ("cs ASSEFIEO MESSAGE \" f?\n\nCLasaIFY TO FILE MO. Lge bn LEZ A\n\n1. AMMUG-1 DEBRIEFING (SPANISH VERSION) "
     "FORWARDED TO HEADQUARTERS BY POUCH THIS WEEK.\n", "Cable"),
    # its routing labels in capitals and the date-time group after its classification (the S lost)
    ("“INFO. ~~ COP, ADDP/A, WH 3\n\nEC RE T 1716362\n\n1. REQUEST CONTACT INSTRUCTOR BERLITZ SCHOOL AND RELAY "
     "MESSAGE FROM SON.\n", "Cable"),
    # a dispatch form as OCR left it: its name spaced out, the indexing box's other wording, its action box
    ("D I S P A T C H S-E-C-R-E-T\n\nX NO INDEXIN\n\nONLY QUALIFIED\nHEADQUARTERS OFSK\nCAN JUDGE INDEXING\n\n"
     "ACTION REQUIRED - REFERENCES\n\nFYI\n\n1. The Warren Commission's Report on the assassination of President "
     "Kennedy focused attention on the magnitude of the problem.\n", "Dispatch"),
    # a dispatch: its form's indexing check boxes, and its last line
    ("PROCESSING ACTION\n\nMARKED FOR INDEXING\n\nONLY QUALIFIED DESK CAN JUDGE INDEXING\n\n"
     "As a result of the recent review done of the project it came to Headquarters attention that the agent "
     "was still covered by it.\n\nEND OF DISPATCH\n", "Dispatch"),
])
def test_a_scan_whose_head_names_no_kind_is_named_by_what_its_form_prints(page, kind):
    assert parse_ocr_pages([page], "x").title == kind


def test_one_printed_phrase_alone_names_no_kind():
    page = ("WEEKLY SUMMARY OF OPERATIONS\n\n1. The station reports that the project continues and that the agent "
            "was paid for the month.\n\nEND OF MESSAGE\n")
    assert parse_ocr_pages([page], "x").title == "WEEKLY SUMMARY OF OPERATIONS"


@pytest.mark.parametrize("sender", [
    "DIRECTOR",
    "SAN WAN . Ne Ce Record Veiue, poe a",  # the box's value run into its neighbours' debris
    "os HAVANA",  # a speck before it
])
def test_a_scanned_cable_without_a_subject_is_a_cable_whoever_sent_it(sender):
    page = (f"CLASSIFIED MESSAGE\n\nFROM : {sender}\n\nPRIORITY DIR CITE WAVE 8281\n\n"
            "1. PLEASE ADVISE WHETHER THE STATION HAS TRACES ON THE PERSONS NAMED IN THE REFERENCE AND WHEN.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Cable"  # the routing boxes are no subject (truth.tsv's convention, batch 4)
    assert dict(doc.metadata).get("from", "").startswith(sender.split()[0]) or sender != "DIRECTOR"


@pytest.mark.parametrize("page", [
    # a copy slotted by the message center, the text in capitals
    "1 DIRECTOR\n\nMEXICO.CITY\n\nwi & (wh TEMPO COPY SLOTTED AT 1630, 2 NOV 63)BP\n\n"
    "IDEN IS CARLOS CRUZ MORALES, PRESIDENTE FEDERACION UNIVERSITARIO DE SOCIEDADES ESTUDIANTILES. WHO ARRIVED "
    "MEXICO CITY LAST WEEK AND WILL STAY UNTIL END OF MONTH PER HIS OWN STATEMENT TO STATION ASSET.\n",
])
def test_a_cable_typed_in_capitals_needs_one_printed_phrase_more(page):
    assert parse_ocr_pages([page], "x").title == "Cable"


def test_text_in_capitals_alone_names_no_cable():
    page = ("WEEKLY SUMMARY OF OPERATIONS\n\n1. THE STATION REPORTS THAT THE PROJECT CONTINUES AND THAT THE AGENT "
            "WAS PAID FOR THE MONTH AS AGREED WITH HEADQUARTERS AND THE BASE CHIEF IN THE SPRING.\n")
    assert parse_ocr_pages([page], "x").title == "WEEKLY SUMMARY OF OPERATIONS"


@pytest.mark.parametrize("stamp", [
    "RETURN TO CIA\nBackground Use Only\nDo Not Reproduce",  # as stamped
    "RETURNTO cla\nckground Use Only\n- Bo ‘Not Reproduce",  # as OCR garbles it
    "Backgrounct ‘Use Only Not ‘Reproduce",
])
def test_an_agencys_handling_stamp_is_no_title_however_ocr_reads_it(stamp):
    page = (f"DOHB 70-1-1\n\n{stamp}\n\nTHE 201 SYSTEM\n\n1. INTRODUCTION\n\nThe 201 system provides a method for "
            "identifying a person of specific interest to the Operations Directorate and for filing all information.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "THE 201 SYSTEM"  # a heading in capitals whose figure is a word of it
    assert not any("Use Only" in t or "Reproduce" in t for t in (*doc.header, *(p.text for p in doc.paragraphs)))


@pytest.mark.parametrize("head", [
    "February 20,1963 “8 t\n\nMr. Miguel A. Diaz\n1343 NE Miami Court\nMiami 32, Florida\n\nDoar Mr. Diaz:\n\n",
    "February 20,1963\n\nDear Miguel, ",  # the salutation joined to the letter's first sentence
])
def test_a_scanned_letter_is_known_by_its_salutation_despite_ocr(head):
    page = head + ("This will confirm our previous discussions wherein we agreed that you would represent the "
                   "organization in the Miami area.\n\nSincerely,\n")
    doc = parse_ocr_pages([page], "x")
    assert (doc.title, doc.date.iso) == ("Letter", "1963-02-20")  # the space OCR lost after the comma, restored


def test_a_dispatch_subject_box_is_read_without_the_forms_printing_beside_it():
    # the subject box's label alone, its colon lost, and the indexing box's printing read into the same lines
    page = ("Chief, WHD HEADQUARTERS FILE NO.\n\nFROM\nChief of Station, Rio de Janeiro\n\n"
            "D S p A T C H SECRET/NOFORN DISPATCH SYMBOL AND NO.\n\nSUBJECT\n"
            "Information Concerning |__| __MARKED FOR INDEXING\nTad SZULC (201-050539) [_|__NO INDEXING REQUIRED\n"
            "ACTION REQUIRED. INDEXING CAN BE JUDGED\nFYI BY QUALIFIED HQ. DESK ONLY\n\n"
            "1. The Station has learned that the correspondent plans to travel to Brasilia next week.\n")
    assert parse_ocr_pages([page], "x").title == "Dispatch: Information Concerning Tad SZULC (201-050539)"


def test_an_empty_subject_box_takes_no_paragraph_for_its_value():
    # the SUBJECT label alone, its value blacked out: the numbered paragraph below it is the memo's text
    page = ("9 April 1962\nMEMORANDUM FOR: Chief, Technical Services Division\nFROM : Deputy Director of Security\n"
            "SUBJECT\n\n1. This will confirm our verbal request of 5 April 1962 that you\nprepare alias documentation "
            "in the alias indicated which will include\nbut not necessarily be limited to the following documents: "
            "Driver's License, Social Security card, Reserve Officers Association\nidentity card with the rank of "
            "Commander.\n\n2. Your prompt attention to this matter is sincerely appreciated.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title.startswith("MEMORANDUM") and "confirm" not in doc.title
    assert any("Reserve Officers Association identity card with" in p.text for p in doc.paragraphs)


@needs_jfk
def test_a_scans_part_full_of_record_numbers_and_debris_is_still_read_as_a_scan():
    # jfk_doc_428: routing slips and file covers whose pages each open with the record number ("14-00000"); a part of
    # it read as typed text joined no lines and split the debris into hundreds of passages
    docs = read_documents(str(JFK / "jfk_doc_428.md"))
    passages = [p.text for d in docs for p in d.paragraphs]
    junk = [t for t in passages if len(t.split()) < 3 or sum(c.isalpha() for c in t) < 0.6 * len(t.replace(" ", ""))]
    assert len(junk) < 0.05 * len(passages)


@pytest.mark.parametrize("head, iso", [
    # jfk_doc_738: the message center's stamp, month first, beside the sender's box
    ("FROM + uaaA\\y AUG 31 03102 62\n\nACTION: IFW 10\n\nOPIM DIR CITE WAVE 7916\n\n", "1962-08-31"),
    # jfk_doc_750: the stamp run into the debris of the filing boxes, its Z read as a 2
    ("FROM 4\n\nACTION,\n\nINFO 4\n\n/ AE ie this copy as inaiested = EJ pe DEC 16 22122-61\n\n"
     "mo . Marked None required\n\n_ DIN INFO WAVE CITE PACY 7273 oo -e\n\n", "1961-12-16"),
    # jfk_doc_672: the outgoing form's DATE typed with slashes
    ("MESSAGE FORM\n\noan, 24/MARCH/1965 (mut ae cs mE NO.\n\nto « PARIS\n\nPRITY PARI CITE DIR 95512\n\n", "1965-03-24"),
])
def test_a_scanned_cables_date_is_read_from_its_stamp_or_date_box_however_ocr_typed_it(head, iso):
    page = head + ("1. REQUEST POA FOR VICENTE HERRERO DIAZ, CUBAN NATIONAL BORN HAVANA 22 SEPTEMBER 1915, FOR USE "
                   "AS SAFEHOUSE KEEPER IN PANAMA CITY.\n\n2. NO INDEX.\n")
    doc = parse_ocr_pages([page], "x")
    assert doc.title == "Cable"
    assert doc.date is not None and doc.date.iso == iso


def test_a_level_whose_letters_ocr_spaced_apart_is_a_stamp_not_a_title():
    # jfk_doc_280's head: the stamp above the form's printed name
    page = ("104-10129-10439) | 2025 RELEASE UNDER THE PRESIDENT JOHN F. KENNEDY ASSASSINATION RECORDS ACT OF 1992 |\n\n"
            ". CONF IDENT IAL\n\n(When Filled In)\n\nREASSIGNMENT PROCESSING\n\n"
            "!. THIS 1S TO RECORD RECEIPT OF, AND WHERE INDICATED. ACTION ON A ROUT ING DOCUMENT WHICH PLACES THIS "
            "EMPLOYEE IN THE ASSIGNMENT SPEC IFiED.\n")
    doc = parse_ocr_pages([page], "x")
    assert "CONF" not in doc.title
    assert doc.classification == ("CONFIDENTIAL",)


def test_a_subject_label_whose_colon_ocr_read_as_a_cent_sign_is_read():
    # jfk_doc_640's head
    page = ("REMORANDUM POR: Deputy Directer (Plans)\n\nSUBJECT ¢ Related Mission Directive fcr Mexico\n\n"
            "1. Attached im the revised Related Mission Directive for\nMexico.\n\n2. Your approval is requested.\n")
    assert parse_ocr_pages([page], "x").title == "Memorandum: Related Mission Directive fcr Mexico"
