"""The line classifier (search_engine.ingest.lines) and the layouts it reads: kinds of lines, not files."""

from __future__ import annotations

import pytest

from search_engine.ingest.lines import Context, Kind, Line, kind_of
from search_engine.ingest.notes import unglue_note_numbers
from search_engine.ingest.text import parse_text, parse_text_documents
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
    ("[1]", "Notes and Sources\n\n1. Printed from an unsigned copy."),
    ("[1]", "Sources and notes\n\n1. Printed from an unsigned copy."),
    ("[1]", "References\n\n1. ^ Printed from an unsigned copy."),  # a wiki's back-link after the number
    ("[1]", "References\n\n1. ↑ Printed from an unsigned copy."),
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


# -- the third round: mechanisms for layouts the parser had never seen ------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("His Excellency", Kind.ADDRESS),  # a letter's inside address
    ("The Honorable Dean Rusk", Kind.ADDRESS),
    ("by the President’s Special Assistant for National Security Affairs (Bundy)", Kind.HEADER),  # a byline
    ("[Moscow]", Kind.DATELINE),  # a place an editor supplies
    ("From Wikisource", Kind.BOILERPLATE),
    ("Jump to navigation Jump to search", Kind.BOILERPLATE),
    ("← Document 65    Foreign Relations, Volume VI    Document 67 →", Kind.BOILERPLATE),  # a navigation bar
    ("This page was last edited on 3 March 2021, at 14:05.", Kind.BOILERPLATE),
    ("Foreign Relations of the United States, 1961–1963, Volume VI/Document 9", Kind.HEADER),  # a wiki page path
    ("Kennedy-Khrushchev Correspondence, 1960-1963", Kind.TITLE),  # a collection: its span of years dates nothing
])
def test_kind_of_a_line_of_the_new_layouts(text, kind):
    assert kind_of(Line(text), Context(in_head=True)) is kind


def test_a_numbered_footnote_block_after_its_paragraph_is_a_note():
    assert kind_of(Line("[Footnote 1: Document 53.]"), Context(in_head=False)) is Kind.NOTE


def test_an_abbreviation_in_capitals_does_not_end_a_sentence():
    assert not Line("CHAIRMAN OF THE COUNCIL OF MINISTERS OF THE U.S.S.R.").sentence
    assert Line("He went back to the U.S.S.R.").sentence
    assert Line("Kennedy-Khrushchev Correspondence, 1960-1963").dateline is None
    assert Line("Washington, December 30, 1961-January 18, 1962").dateline is not None


@pytest.mark.parametrize(("line", "marker"), [
    ("[a] See Document 53.", ("a", "bracket")), ("[iv] Printed from an unsigned copy.", ("iv", "bracket")),
    ("↑ Document 1.", ("", "arrow")), ("^ Document 1.", ("", "arrow")),
    ("[Footnote 12: Printed from a copy.]", ("12", "bracket")),
])
def test_note_markers_of_word_processors_wikis_and_e_texts(line, marker):
    mark, _ = Line(line).note
    assert (mark.number, mark.style) == marker


def test_a_subject_line_that_names_the_document_is_its_title_over_a_letterhead():
    doc = parse_text("            CHAIRMAN OF THE COUNCIL OF MINISTERS OF THE U.S.S.R.\n"
                     "                              MOSCOW\n                                   November 9, 1960\n\n"
                     "His Excellency\nPresident-elect Kennedy,\n\n"
                     "Re: Message From Chairman Khrushchev to President-elect Kennedy\n\n"
                     f"{BODY}[a]\n\n--------------------\n[a] Document 1.\n", "t")
    assert doc.title == "Message From Chairman Khrushchev to President-elect Kennedy"
    assert (doc.place, doc.date.iso) == ("Moscow", "1960-11-09")
    assert [(f.number, f.text, f.paragraph) for f in doc.footnotes] == [("a", "Document 1.", 1)]


def test_one_line_paragraphs_without_blank_lines():
    doc = parse_text(f"SECRET//EYES ONLY\nLetter From President Kennedy to Chairman Khrushchev\nWashington\n"
                     f"Thursday 15 February 1962\n{BODY}[i]\n{BODY} And so it ended.[ii]\n________________\n"
                     f"[i] Document 30.\n[ii] Printed from an unsigned copy.\nSECRET//EYES ONLY\n", "t")
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev"
    assert (doc.place, doc.date.iso, doc.classification) == ("Washington", "1962-02-15", ("SECRET", "EYES ONLY"))
    assert len(doc.paragraphs) == 2
    assert [(f.number, f.paragraph) for f in doc.footnotes] == [("i", 1), ("ii", 2)]


def test_a_title_ending_in_a_letter_keeps_it_when_notes_are_lettered():
    doc = parse_text(f"Re: Telegram From the Department of State to Secretary Rusk at Geneva\n\n{BODY}[a]\n\n"
                     "Notes\n[a] Document 14.\n", "t")
    assert doc.title == "Telegram From the Department of State to Secretary Rusk at Geneva"


def test_printed_pages_running_heads_and_notes_at_each_page_foot():
    page1 = ("                    Kennedy-Khrushchev Exchanges            133\n\n"
             "11. Letter From Chairman Khrushchev to President Kennedy1\n\nMoscow, April 22, 1961.\n\n"
             "    Mr. President, I have received your reply of April 18.2 You write\n"
             "that the United States intends no military intervention in Cuba.\n\n"
             "1 Source: Department of State, Presidential Correspondence: Lot 66 D\n"
             "204. No classification marking. Transmitted in telegram 2562.\n2 Document 10.\n")
    page2 = ("134            Foreign Relations, 1961–1963, Volume VI\n\n"
             "    Of freedom to strangle the Cuban people with the bony hand of hunger\n"
             "through the establishment of an economic blockade? Is that freedom?3\n\n"
             "3 Printed from a copy that bears this typed signature.\n")
    doc = parse_text(page1 + "\f" + page2, "t")
    assert doc.title == "Letter From Chairman Khrushchev to President Kennedy"
    assert doc.citation.startswith("Department of State, Presidential Correspondence")
    assert [(f.number, f.paragraph) for f in doc.footnotes if f.number != "1"] == [("2", 1), ("3", 2)]
    assert [(p.text[:16], p.page) for p in doc.paragraphs] == [("Mr. President, I", "133"), ("Of freedom to st", "134")]
    assert not any("Exchanges" in h or "Foreign Relations" in h for h in doc.header)


def test_project_gutenberg_footnote_blocks_and_wiki_notes():
    doc = parse_text(f"     LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV\n\n"
                     f"                 _Washington, October 16, 1961._\n\n{BODY}[1]\n\n"
                     "[Footnote 1: Document 21.]\n\n[Pg 212]\n\nAnd so it went on.\n", "t")
    assert (doc.place, doc.date.iso) == ("Washington", "1961-10-16")
    assert [(f.number, f.text, f.paragraph) for f in doc.footnotes] == [("1", "Document 21.", 1)]
    wiki = parse_text("Volume VI/Document 2\nFrom Wikisource\nJump to navigation Jump to search\n"
                      "← Document 1    Volume VI    Document 3 →\n\n"
                      "Message From President-elect Kennedy to Chairman Khrushchev\nby President-elect Kennedy\n\n"
                      f"November 10, 1960\n\n{BODY}[1] {BODY}[2]\n\nNotes\n↑ Document 1.\n↑ Printed from a copy.\n\n"
                      'Retrieved from "https://en.wikisource.org/w/index.php?title=X&oldid=1"\n'
                      "Categories: Foreign Relations\nThis page was last edited on 3 March 2021, at 14:05.\n", "t")
    assert (wiki.title, wiki.date.iso) == ("Message From President-elect Kennedy to Chairman Khrushchev", "1960-11-10")
    assert [(f.number, f.text) for f in wiki.footnotes] == [("1", "Document 1."), ("2", "Printed from a copy.")]


def test_a_finding_aid_item_line_and_its_access_note():
    doc = parse_text("Kennedy-Khrushchev Correspondence, 1960-1963\nSeries 2: Correspondence, 1961-1963\n"
                     "Box 1, Folder 10\n"
                     "Item 9: Telegram From the Embassy in the Soviet Union to the Department of State, 1961 April 18\n"
                     "Conditions Governing Access: Originally classified Secret; Niact. Declassified 1996.\n\n"
                     f"{BODY}\n", "t")
    assert doc.title == "Telegram From the Embassy in the Soviet Union to the Department of State"
    assert (doc.date.iso, doc.classification, doc.place) == ("1961-04-18", ("SECRET", "NIACT"), "")
    undated = parse_text("Kennedy-Khrushchev Correspondence, 1960-1963\nItem 20: Editorial Note\n\n" + BODY + "\n", "t")
    assert (undated.title, undated.date) == ("Editorial Note", None)


def test_a_journal_entry_with_a_bracketed_weekday_date_and_place():
    doc = parse_text("[Sunday, May 6, 1962]\nLetter From President Kennedy to Chairman Khrushchev\n[Washington]\n"
                     "(Secret; Eyes Only)\n\n" + BODY + " [Ed.: See Document 13.]\n", "t")
    assert (doc.title, doc.date.iso, doc.place) == ("Letter From President Kennedy to Chairman Khrushchev",
                                                   "1962-05-06", "Washington")
    assert doc.classification == ("SECRET", "EYES ONLY") and len(doc.footnotes) == 1


@pytest.mark.parametrize(("name", "title"), [
    ("FRUS-VI-066 Letter From Chairman Khrushchev to President Kennedy (1962-02-15)",
     "Letter From Chairman Khrushchev to President Kennedy"),
    ("FRUS_VI_001_Message_From_Chairman_Khrushchev_to_President-elect_Kennedy_1960-11-09",
     "Message From Chairman Khrushchev to President-elect Kennedy"),
    ("104-10001-10001", "104-10001-10001"), ("memo-a", "memo-a"), ("folder/d1", "folder/d1"),
])
def test_a_document_that_states_no_title_is_named_by_its_file(name, title):
    doc = parse_text(f"MOSCOW, February 15, 1962\n\n{BODY}\n", name)
    assert doc.title == title and doc.date.iso == "1962-02-15"


def test_a_source_note_marked_with_a_symbol_is_cited_by_the_title():
    # the note list's first note is the source note, marked "*": its marker is a literal, not a pattern
    doc = parse_text("Letter From Chairman Khrushchev to President Kennedy*\n\nMoscow, April 22, 1961\n\n"
                     f"{BODY}†\n\nNotes\n\n* Source: Department of State, Central Files. Secret.\n† Document 10.\n", "t")
    assert doc.title == "Letter From Chairman Khrushchev to President Kennedy"
    assert (doc.date.iso, doc.classification, len(doc.footnotes)) == ("1961-04-22", ("SECRET",), 2)


def test_a_double_spaced_typescript_is_single_spaced_before_its_paragraphs_are_read():
    text = ("LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV\n\n\nWashington, June 10, 1961\n\n\n"
            "     Dear Mr. Chairman: Many thanks for your kindness in presenting me with a\n\n"
            "case of beverages during our recent meeting in Vienna. I would also like\n\n"
            "to express my appreciation to the Soviet Government for the gold cigar\n\n"
            "chest, caviar and records. For these courtesies I am very grateful.\n\n\n"
            "     The second paragraph is short and ends here.\n\n\n     Sincerely,\n")
    doc = parse_text(text, "t")
    assert [p.text[:30] for p in doc.paragraphs] == ["Dear Mr. Chairman: Many thanks", "The second paragraph is short ",
                                                     "Sincerely,"]
    assert doc.paragraphs[0].text.endswith("For these courtesies I am very grateful.")
    # a text with one blank line between its paragraphs and its fields is not double-spaced
    fields = parse_text("MEMORANDUM\n\nTO: The President\n\nFROM: McGeorge Bundy\n\nSUBJECT: Soviet missiles in Cuba"
                        f"\n\n{BODY}\n\nit goes on in lower case, and ends.\n", "t")
    assert fields.title.endswith("Soviet missiles in Cuba") and len(fields.paragraphs) == 2


def test_a_banner_at_the_top_and_foot_of_every_page_is_furniture_however_long():
    banner = "Approved For Release 2003/04/17 : CIA-RDP80B01676R000400010012-3"
    doc = parse_text(f"{banner}\n\nMessage From President Kennedy to Chairman Khrushchev\n\nWashington, May 6, 1962\n\n"
                     f"{BODY}\n\n{banner}\n\f{banner}\n\n{BODY}\n\n{banner}\n", "t")
    assert doc.title == "Message From President Kennedy to Chairman Khrushchev"
    assert doc.date.iso == "1962-05-06" and len(doc.paragraphs) == 2
    assert not any("Approved" in p.text for p in doc.paragraphs) and banner not in doc.header
    # a stamp at the top and foot is a stamp, not furniture
    stamped = parse_text(f"SECRET\n\nA Message\n\n{BODY}\n\nSECRET\n", "t")
    assert stamped.classification == ("SECRET",)


def test_a_line_longer_than_any_wrap_is_a_paragraph_of_its_own():
    # a head of lines of a wrapped text's width (an e-mail's headers) does not make the long lines below wrapped
    doc = parse_text("From: Reading Room <reading.room@archives.example.org>\n"
                     "To: Department of State, Bureau of European Affairs, Office of Soviet Union Affairs\n"
                     "Cc: Embassy in the Soviet Union, Embassy in the United Kingdom, Embassy in France\n"
                     "Subject: Telegram From the Department of State to the Embassy in the Soviet Union\n"
                     f"Source: Department of State, Central Files, 711.11-KE/2-1261. Official Use Only. {BODY}\n"
                     f"1724. Deliver following message to Khrushchev from the President. {BODY}\n"
                     f"{BODY}\nRusk\n", "t")
    assert [p.text[:12] for p in doc.paragraphs][:2] == ["1724. Delive", BODY[:12]]


@pytest.mark.parametrize(("line", "place", "iso"), [
    ("Hyannis Port, Monday, Oct. 16, 1961", "Hyannis Port", "1961-10-16"),
    ("MOSCOW, Sunday, 2/15/62", "Moscow", "1962-02-15"),
    ("Moscow, jeudi, 15 février 1962", "Moscow", "1962-02-15"),
    ("Monday, Oct. 16, 1961", "", "1961-10-16"),  # a weekday is not a place
    ("Sun Valley, May 6, 1962", "Sun Valley", "1962-05-06"),  # ... and a place that begins like one is a place
])
def test_a_dateline_may_name_the_weekday(line, place, iso):
    doc = parse_text(f"Letter From President Kennedy to Chairman Khrushchev\n\n{line}\n\n{BODY}\n", "t")
    assert (doc.title, doc.place, doc.date.iso) == ("Letter From President Kennedy to Chairman Khrushchev", place, iso)


@pytest.mark.parametrize(("name", "title"), [
    ("doc 044 - Telegram From the Department of State to the Embassy in the Soviet Union",
     "Telegram From the Department of State to the Embassy in the Soviet Union"),
    ("Item_12_Letter_From_Chairman_Khrushchev_to_President_Kennedy", "Letter From Chairman Khrushchev to President Kennedy"),
    ("0012. Letter From Chairman Khrushchev", "Letter From Chairman Khrushchev"),
    ("1961-12-13 Letter From Chairman Khrushchev to President Kennedy",
     "Letter From Chairman Khrushchev to President Kennedy"),
])
def test_a_file_name_loses_the_number_a_scanner_or_a_person_put_before_the_title(name, title):
    doc = parse_text(f"MOSCOW, February 15, 1962\n\n{BODY}\n", name)
    assert doc.title == title


def test_a_heading_that_cites_its_note_in_words_loses_the_citation():
    doc = parse_text(f"Message From President Kennedy to Chairman Khrushchev (note 1)\n\nWashington, May 6, 1962\n\n"
                     f"{BODY} (note 2)\n\nNotes\n\nNote 1. Source: Department of State, Central Files. Secret.\n"
                     "Note 2. Document 10.\n", "t")
    assert doc.title == "Message From President Kennedy to Chairman Khrushchev"
    assert len(doc.footnotes) == 2 and doc.classification == ("SECRET",)


SOURCE = "Source: Department of State, Central Files, 711.11/2-1562. Secret; Niact. Drafted by Kohler."


@pytest.mark.parametrize("where", ["head", "after the text", "after the notes"])
def test_a_source_note_states_the_citation_and_markings_wherever_it_stands(where):
    title = "Telegram From the Department of State to the Embassy in the Soviet Union"
    head, tail = (f"{SOURCE}\n\n", "") if where == "head" else ("", f"{SOURCE}\n")
    notes = "NOTES\n(1) Document 14.\n(2) Not printed.\n"
    body = f"{BODY} (1)\n\nRusk went on to say he would call. (2)\n\n"
    text = (f"{title}\n\nWashington, February 15, 1962\n\n{head}{body}"
            + (notes + tail if where == "after the notes" else tail + "\n" + notes))
    doc = parse_text(text, "t")
    assert doc.citation.startswith("Department of State, Central Files") and doc.classification == ("SECRET", "NIACT")
    assert [f.text for f in doc.footnotes] == ["Document 14.", "Not printed."]
    assert [p.text[:12] for p in doc.paragraphs] == [BODY[:12], "Rusk went on"]


def test_a_note_number_glued_to_a_dates_figures_is_a_marker_not_part_of_the_date():
    text = ("Telegram From the Department of State to the Embassy in the Soviet Union\n\n"
            "WASHINGTON, February 6, 19621\n\n"
            f"{BODY} Your message of February 21,2 I welcome. In 19623 cases it was so.\n\n"
            "1 Source: Department of State, Central Files. Secret.\n2 Document 10.\n")
    doc = parse_text(text, "t")
    assert (doc.date.iso, doc.place, doc.classification) == ("1962-02-06", "Washington", ("SECRET",))
    assert [f.number for f in doc.footnotes] == ["2", "1"] or [f.number for f in doc.footnotes] == ["1", "2"]
    assert "February 21,[2] I welcome" in doc.paragraphs[0].text
    assert "In 19623 cases" in doc.paragraphs[0].text  # no note 3: the figure is the text's own


def test_notes_at_a_pages_foot_cited_by_numbers_glued_to_dates_are_found():
    # pdftotext of a printed volume: the superscripts lost, glued to a word, a year and a day; the notes at the foot
    # of the page, the next page after its form feed
    page = ("                    Kennedy-Khrushchev Exchanges            199\n\n"
            "33. Message From President Kennedy to Chairman Khrushchev1\n\nWashington, February 14, 1962.\n\n"
            "    Dear Mr. Chairman: In reading your letter of February 10, 19622 I was gratified to see that you\n"
            "have been thinking along the same lines. The letter Prime Minister Macmillan and I addressed to you\n"
            f"on February 73 is the one best suited to the purpose.\n\n    {BODY}\n\n"
            "1 Source: Department of State, Presidential Correspondence: Lot 66 D\n204. Secret.\n"
            "2 Document 32.\n3 See Document 31.\n"
            "\f200            Foreign Relations, 1961–1963, Volume VI\n\n"
            f"    {BODY}\n\n    John F. Kennedy\n")
    doc = parse_text(page, "t")
    assert doc.title == "Message From President Kennedy to Chairman Khrushchev"
    assert doc.classification == ("SECRET",)
    assert sorted(f.text for f in doc.footnotes if not f.text.startswith("Source")) == ["Document 32.",
                                                                                        "See Document 31."]
    assert "February 10, 1962[2]" in doc.paragraphs[0].text and "February 7[3]" in doc.paragraphs[0].text
    # a month and its year in two figures is no day glued to a note: a cable's date-time group keeps its date
    assert unglue_note_numbers("R 101200Z JUN 61\nFM SECSTATE", {"1"}) == "R 101200Z JUN 61\nFM SECSTATE"
    assert unglue_note_numbers("on 10 June 61 the", {"1"}) == "on 10 June 61 the"
    cable = (f"TELEGRAM\n\nR 101200Z JUN 61\n\nFM SECSTATE WASHDC\n\nTO AMEMBASSY PARIS 987\n\n"
             f"SUBJ: LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV\n\n{BODY} in Vienna.1\n\n1 Document 7.\n")
    assert parse_text(cable, "t").date.iso == "1961-06-10"


def test_a_heading_that_ends_with_its_date_and_a_note_marker():
    doc = parse_text("Box 1, Folder 14\n\nItem 13: Telegram From Chairman Khrushchev to President Kennedy, "
                     f"1961-05-06[1]\n\n{BODY}\n\nNotes\n[1] Source: Kennedy Library. Top Secret.\n", "t")
    assert (doc.title, doc.date.iso) == ("Telegram From Chairman Khrushchev to President Kennedy", "1961-05-06")
    assert doc.classification == ("TOP SECRET",)


def test_a_lettered_list_between_blank_lines_is_not_double_spacing():
    items = "\n\n".join(f"{letter}) The Cuban Government is recruiting Latin Americans and sending them to Cuba for "
                        f"training in guerrilla tactics, then returning them to their countries ({letter})."
                        for letter in "abc")
    doc = parse_text(f"Oral Statement From President Kennedy to Chairman Khrushchev\n\n{BODY}\n\n{items}\n\n"
                     "In sum, it is the behavior of the Castro regime that is to blame.\n", "t")
    assert len(doc.paragraphs) == 5


# ---------------------------------------------------------------- frames and marks a capture or an export adds

@pytest.mark.parametrize("text", ["Control: 25824", "Rec'd: 22 APR 61, 4:06 p.m.", "Control No.: 4711/B"])
def test_a_routing_field_with_a_code_is_a_header_line_not_the_title(text):
    line = Line(text)
    assert line.coded_field and kind_of(line, Context(True)) is Kind.HEADER


@pytest.mark.parametrize("text", ["Berlin: The Crisis of 1961", "Cuba: Instructions to the Embassy"])
def test_a_title_with_a_colon_is_no_routing_field(text):
    assert not Line(text).coded_field


def test_an_institution_is_no_place():
    assert Line("Moscow").place_name and Line("Hyannis Port").place_name
    assert not Line("Department of State").place_name and not Line("Office of the Historian").place_name


@pytest.mark.parametrize("text", ["Print Share", "Cite this document", "Share this page", "Print | Email | Download",
                                  "Menu Search",
                                  "Home Historical Documents Countries Departmental History About Search"])
def test_a_pages_tool_bar_and_menu_are_chrome(text):
    assert kind_of(Line(text), Context(True)) is Kind.BOILERPLATE


def test_a_site_or_office_name_above_a_heading_that_names_the_document_is_not_the_title():
    doc = parse_text("Skip to main content\n\nOffice of the Historian\n\nPrint   Share\n\n"
                     "Letter From President Kennedy to Chairman Khrushchev\n\nWashington, June 10, 1961\n\n" + BODY, "x")
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev"
    titled = parse_text("Cuban Missile Crisis, Document 29\n\nExtract from protocol No. 63 of the meeting\n\n" + BODY, "y")
    assert titled.title == "Cuban Missile Crisis, Document 29"  # figures and a clause: a title, not a name


def test_a_file_name_that_names_the_document_outranks_a_sites_name():
    doc = parse_text("Office of the Historian\n\nMoscow, May 6, 1961\n\n" + BODY,
                     "1961-05-06 Letter From Chairman Khrushchev to President Kennedy")
    assert doc.title == "Letter From Chairman Khrushchev to President Kennedy"


def test_a_reply_quoting_the_document_gives_the_documents_head():
    quoted = "\n".join(">" + (" " + line if line else "") for line in [
        "Letter From President Kennedy to Chairman Khrushchev", "", "Washington, June 21, 1961", "", BODY, "",
        "Sincerely,", "John F. Kennedy"])
    doc = parse_text("Thank you, this is exactly what I needed.\n\nBest,\nJ.\n\n"
                     "On Tue, Mar 5, 2019 at 10:14 AM Reading Room <reading.room@archives.example.org> wrote:\n"
                     + quoted + "\n", "reply")
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev"
    assert doc.date.iso == "1961-06-21" and doc.place == "Washington"
    assert any(BODY[:40] in p.text for p in doc.paragraphs) and not any(">" in p.text for p in doc.paragraphs)


def test_a_cover_sheet_page_before_the_document_does_not_name_or_date_it():
    sheet = ("WITHDRAWAL SHEET (PRESIDENTIAL LIBRARIES)\n\n"
             "FORM OF DOCUMENT    CORRESPONDENTS OR TITLE                 DATE      RESTRICTION\n"
             "Letter              Kennedy to Khrushchev (2 pp.)           6/21/61   A\n"
             "                    OPENED 4/15/98\n\n"
             "RESTRICTION CODES\n"
             "(A) Closed by applicable Executive order governing access to national security information.\n\n"
             "NA FORM 1429 (6-95)\n\f")
    doc = parse_text(sheet + "Letter From President Kennedy to Chairman Khrushchev\n\nWashington, June 21, 1961\n\n"
                     + BODY + "\n", "sheet")
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev" and doc.date.iso == "1961-06-21"
    assert "WITHDRAWAL SHEET (PRESIDENTIAL LIBRARIES)" in doc.header  # kept, not lost
    undated = parse_text(sheet + "Editorial Note\n\n" + BODY + "\n", "note")
    assert undated.date is None  # the day the library opened it is not the document's


def test_a_short_first_page_of_text_is_no_cover_sheet():
    doc = parse_text("Letter From President Kennedy to Chairman Khrushchev\n\nWashington, June 21, 1961\n\n"
                     "Dear Mr. Chairman:\n\nI write to you briefly.\n\f"
                     "because the matter cannot wait, and I hope you will answer soon.\n", "short")
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev"
    assert any("I write to you briefly" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize(("line", "page"), [("The President    - 2 -    February 15, 1962", "2"),
                                            ("Chairman Khrushchev  -3-", "3"), ("  - 4 -    May 6, 1961", "4")])
def test_a_letters_continuation_head_is_page_furniture(line, page):
    from search_engine.ingest.blocks import running_head

    assert running_head(line) == page


def test_a_continuation_head_is_neither_title_nor_text():
    from search_engine.ingest.text import parse_text_documents

    for turn in ("\n\f", "\n\n(continued)\n\n"):  # a form feed, or nothing but the head marks the page
        text = ("Letter From President Kennedy to Chairman Khrushchev\n\nWashington, June 21, 1961\n\n"
                f"{BODY}{turn}Chairman Khrushchev    - 2 -    June 21, 1961\n\n{BODY}\n\nSincerely,\n")
        docs = parse_text_documents(text, "cont")  # one document: the continuation head opens none
        assert len(docs) == 1 and docs[0].title == "Letter From President Kennedy to Chairman Khrushchev"
        assert not any("- 2 -" in p.text for p in docs[0].paragraphs)


def test_a_double_spaced_cover_sheet_keeps_its_page_break():
    from search_engine.ingest.blocks import undouble

    assert undouble(["A", "", "B", "", "\f", "", "C"]) == ["A", "B", "\f", "C"]
    sheet = ("WITHDRAWAL SHEET (PRESIDENTIAL LIBRARIES)\n\n"
             "(A) Closed by applicable Executive order governing access to national security information.\n"
             "(B) Closed by statute or by the agency which originated the document.\n\f\n")
    head = "Box 1, Folder 26\nItem 25: Letter From President Kennedy to Chairman Khrushchev, 16 NOV 61\n\n"
    text = sheet + head + BODY + "\n"
    double = "\n".join(x for line in text.split("\n") for x in ((line, "") if line else ("",)))
    for typed in (text, double):
        doc = parse_text(typed, "sheet")
        assert doc.title == "Letter From President Kennedy to Chairman Khrushchev" and doc.date.iso == "1961-11-16"


def test_a_short_forwarded_mail_is_typed_text_not_a_scan():
    from search_engine.ingest.ocr import seems_ocr

    mail = ("From: Reading Room <reading.room@archives.example.org>\nSent: Tuesday, March 5, 2019 10:14 AM\n"
            "To: researcher@example.edu\nSubject: FW: Letter From President Kennedy to Chairman Khrushchev\n"
            "Please find the requested document below.\n---------- Forwarded message ---------\n"
            "From: President Kennedy\nSent: 8/16/63\nTo: Chairman Khrushchev\n"
            "Subject: Letter From President Kennedy to Chairman Khrushchev\n" + BODY + "\nSincerely,\nJohn Kennedy\n")
    assert not seems_ocr(mail)
    doc = parse_text(mail, "mail")
    assert doc.title == "Letter From President Kennedy to Chairman Khrushchev" and doc.date.iso == "1963-08-16"


def test_a_continued_mark_ends_a_page_and_the_text_overleaf_is_text_not_a_note():
    text = ("Letter From Chairman Khrushchev to President Kennedy\n\nMoscow, June 12, 1962\n\n"
            "Dear Mr. President, Good news has come from Laos.* As a result of the\n\n____________\n"
            "* Source: Department of State, Presidential Correspondence.\n\n(continued)\n\n"
            "successful completion of negotiations it has been possible to form a Government.\n\n" + BODY + "\n")
    doc = parse_text(text, "cont")
    assert any("successful completion" in p.text for p in doc.paragraphs)
    assert any(BODY[:40] in p.text for p in doc.paragraphs)
    assert not any("continued" in p.text for p in doc.paragraphs)


def test_a_title_field_gives_its_date_and_loses_its_note_marker():
    doc = parse_text("Box 1, Folder 14\nItem 13: Telegram From Chairman Khrushchev to President Kennedy, 1961-05-06[a]\n\n"
                     + BODY + "\n", "item")
    assert doc.title == "Telegram From Chairman Khrushchev to President Kennedy" and doc.date.iso == "1961-05-06"
    subject = parse_text("Subject: Telegram From the Department of State to the Embassy in the Soviet Union (1)\n\n"
                         + BODY + "\n", "subject")
    assert subject.title == "Telegram From the Department of State to the Embassy in the Soviet Union"


@pytest.mark.parametrize("line", ["Экз. № 1", "Copy No. 1 of 4 copies, Series A", "Cy 3 of 10", "Экз. единств.",
                                  "This document consists of 2 pages. Number 2 of 4 copies, Series A."])
def test_a_copy_number_is_a_control_line_never_a_title(line):
    assert kind_of(Line(line)) is Kind.HEADER


def test_a_cipher_telegram_is_titled_by_its_kind_not_its_copy_number():
    doc = parse_text("СОВЕРШЕННО СЕКРЕТНО\nЭкз. № 1\n\nШИФРОТЕЛЕГРАММА\n\nВашингтон, 27 октября 1962 г.\n\n"
                     "Вечером 27 октября я пригласил Р. Кеннеди в посольство для беседы. Он сказал, что положение "
                     "очень серьезное.\n\nДОБРЫНИН\n", "tel")
    assert doc.title == "ШИФРОТЕЛЕГРАММА"
    assert doc.date.iso == "1962-10-27" and doc.classification == ("TOP SECRET",)
    assert "Экз. № 1" in doc.header


def test_a_cable_date_time_group_is_a_date_with_or_without_its_precedence():
    from search_engine.vocabulary.dates import parse_date

    assert parse_date("211200Z JAN 61").iso == "1961-01-21"
    assert Line("R 211200Z JAN 61").date.iso == "1961-01-21"  # R: routine precedence
    assert Line("O 281530Z OCT 1962").date.iso == "1962-10-28"
    assert Line("or 281530Z OCT 1962").date is None  # a word, not a precedence letter


def test_archive_release_lines_are_boilerplate():
    for text in ("Approved For Release 2004/06/12 : CIA-RDP80B01676R0000320001-2",
                 "DECLASSIFIED Authority NND 959000 By SH NARA Date 3/1/96",
                 "Released under the John F. Kennedy Assassination Records Collection Act of 1992"):
        assert Line(text).boilerplate, text
    assert not Line("Approved for release by the Secretary after a long discussion of its terms.").boilerplate


def test_an_endnote_reference_n_1_is_a_marker_not_part_of_a_title():
    assert Line("LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV (n. 1)").unmarked == \
        "LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV"


def test_ead_and_nara_catalog_labels_are_fields():
    assert field_of("Unit title")[0] == "title" and field_of("unitdate")[0] == "date"
    assert field_of("Date(s)")[0] == "date" and field_of("Container")[0] == "archive"
    assert field_of("TOT")[0] == "date" and field_of("TOR")[0] == "archive"  # sent, not received


# -- what a new user's documents showed (fourth round) ------------------------------------------------------------

def test_an_archives_reference_above_the_heading_is_not_the_title():
    doc = parse_text("FO 371/162375\n                                   CONFIDENTIAL\n\nMinute by Sir Harold Caccia\n\n"
                     "CUBA: SOVIET MISSILE BASES\n\n" + BODY + "\n\n                      22nd October, 1962.\n", "t")
    assert doc.title == "Minute by Sir Harold Caccia"
    assert "FO 371/162375" in doc.header  # kept, and searched, where the document is filed
    assert doc.date.iso == "1962-10-22" and doc.classification == ("CONFIDENTIAL",)
    for text in ("FO 371/162375", "PREM 11/3689", "RG 59", "104-10015-10123", "CIA-RDP80B01676R000800080012-5"):
        assert Line(text).code_line, text
    for text in ("DEPARTMENT OF STATE", "Telegram 1115", "Document 27", "October 27, 1962"):
        assert not Line(text).code_line, text
    # alone, a line of codes is still the title: nothing says more
    assert parse_text("NSC 5412/2\n\n" + BODY + "\n", "t").title == "NSC 5412/2"


@pytest.mark.parametrize(("text", "title", "iso"), [
    ("Diary, October 27, 1962", "Diary", "1962-10-27"),
    ("Diary. October 27, 1962", "Diary", "1962-10-27"),
    ("Diary entry, 27 October 1962", "Diary entry", "1962-10-27"),
    ("Record of a conversation. 5 May 1961", "Record of a conversation", "1961-05-05"),
    ("Дневник. 27 октября 1962 г.", "Дневник", "1962-10-27"),
    ("Запись беседы с послом, 27 октября 1962 г.", "Запись беседы с послом", "1962-10-27"),
])
def test_a_kind_and_its_date_on_one_line_is_a_title_and_a_date_not_a_dateline(text, title, iso):
    line = Line(text)
    assert line.dateline is None and line.dated_title[0] == title and line.dated_title[1].iso == iso
    doc = parse_text(f"{text}\n\n{BODY}\n", "t")
    assert (doc.title, doc.date.iso, doc.place) == (title, iso, "")
    assert Line("Moscow, October 27, 1962").dateline[0] == "Moscow"  # a place and its date still a dateline


def test_a_sentence_that_ends_on_a_date_is_no_dated_heading_and_opens_no_document():
    # the last lines of a telegram printed in a volume: "Message being released ..." names no document
    text = "Message being released to press approximately 7:00 pm Washington time, January 21, 1961."
    assert Line(text).dated_title is None
    assert Line("Letter was handed to the Ambassador, October 27, 1962").dated_title is None
    assert Line("Letter From Chairman Khrushchev to President Kennedy, October 26, 1962").dated_title[0] == \
        "Letter From Chairman Khrushchev to President Kennedy"
    volume = "".join(f"{n}. Telegram From the Department of State to the Embassy in the Soviet Union\n\n"
                     f"Washington, January {20 + n}, 1961, 6:34 p.m.\n\n{BODY}\n\n{BODY}\n\n"
                     f"Message being released to press approximately 7:00 pm Washington time, January {20 + n}, "
                     "1961.\n\nRusk\n\n" for n in (1, 2, 3))
    docs = parse_text_documents(volume, "v")
    assert [d.date.iso for d in docs] == ["1961-01-21", "1961-01-22", "1961-01-23"]
    assert all(d.paragraphs[-1].text.startswith("Message being released") for d in docs)


def test_a_memorandum_heading_naming_whom_it_is_for_is_a_kind_heading():
    text = ("SECRET -- EYES ONLY\n\nTHE WHITE HOUSE\nWASHINGTON\n\nNovember 4, 1962\n\nMEMORANDUM FOR THE PRESIDENT\n\n"
            "SUBJECT: The IL-28 bombers\n\n" + BODY + "\n\nMcG. B.\n")
    doc = parse_text(text, "t")
    assert (doc.title, doc.date.iso, doc.place) == ("Memorandum for the President: The IL-28 bombers", "1962-11-04",
                                                    "Washington")
    assert "MEMORANDUM FOR THE PRESIDENT" in doc.header
    assert Line("MEMORANDUM FOR THE SECRETARY OF STATE").kind_heading
    assert not Line("Memorandum for the President's file, as he asked").kind_heading  # not typed as a heading


def test_a_messages_number_before_its_date_is_no_place():
    place, date = Line("A-412, November 12, 1962").dateline
    assert (place, date.iso) == ("", "1962-11-12")
    doc = parse_text("CONFIDENTIAL\n\nAirgram from Embassy Rio de Janeiro to the Department of State\n\n"
                     "A-412, November 12, 1962\n\n" + BODY + "\n", "t")
    assert (doc.date.iso, doc.place) == ("1962-11-12", "")
    assert "A-412, November 12, 1962" in doc.header


# -- what a new user's documents showed (fifth round) -------------------------------------------------------------

@pytest.mark.parametrize(("stamp", "markings"), [
    ("VS-Vertraulich", ("CONFIDENTIAL",)),
    ("VS-NUR FÜR DEN DIENSTGEBRAUCH", ("OFFICIAL USE ONLY",)),
    ("Streng geheim!", ("TOP SECRET",)),
    ("TRÈS SECRET", ("TOP SECRET",)),
    ("Secret Défense", ("SECRET",)),
    ("CONFIDENTIEL", ("CONFIDENTIAL",)),
    ("Ściśle tajne", ("TOP SECRET",)),
])
def test_other_governments_stamps_are_their_markings(stamp, markings):
    assert Line(stamp).markings == markings
    assert kind_of(Line(stamp), Context(in_head=True)) is Kind.STAMP
    assert Line("Personnel").markings == ()  # an English word, not a French stamp


@pytest.mark.parametrize(("text", "place", "iso"), [
    ("Paris, le 24 octobre 1962", "Paris", "1962-10-24"),
    ("Bonn, den 29. Oktober 1962", "Bonn", "1962-10-29"),
    ("Roma, lì 24 ottobre 1962", "Roma", "1962-10-24"),
    ("Madrid, a 24 de octubre de 1962", "Madrid", "1962-10-24"),
    ("Rio de Janeiro, 24 de outubro de 1962", "Rio de Janeiro", "1962-10-24"),
])
def test_datelines_with_the_article_letters_set_before_the_date(text, place, iso):
    found = Line(text).dateline
    assert (found[0], found[1].iso) == (place, iso)


def test_a_ministrys_letterhead_and_a_kind_heading_in_other_languages():
    french = ("TRÈS SECRET\n\nMINISTÈRE DES AFFAIRES ÉTRANGÈRES\nDirection d'Amérique\n\nParis, le 24 octobre 1962\n\n"
              "NOTE\npour le Ministre\n\na.s. : Réaction soviétique à la « quarantaine » américaine\n\n" + BODY + "\n")
    doc = parse_text(french, "t")
    assert doc.title == "Note pour le Ministre: Réaction soviétique à la « quarantaine » américaine"
    assert (doc.date.iso, doc.place, doc.classification) == ("1962-10-24", "Paris", ("TOP SECRET",))
    assert "MINISTÈRE DES AFFAIRES ÉTRANGÈRES" in doc.header and "pour le Ministre" in doc.header
    german = ("VS-Vertraulich\n\nAuswärtiges Amt\nMinisterbüro\n\nBonn, den 29. Oktober 1962\n\nVermerk\n\n"
              "Betr.: Gespräch des Herrn Bundesministers mit Botschafter Dowling\n\n" + BODY + "\n")
    doc = parse_text(german, "t")
    assert doc.title == "Vermerk: Gespräch des Herrn Bundesministers mit Botschafter Dowling"
    assert (doc.date.iso, doc.place, doc.classification) == ("1962-10-29", "Bonn", ("CONFIDENTIAL",))
    # the same layout in English: the line under the kind heading says whom the memorandum is for
    english = ("TOP SECRET\n\nDEPARTMENT OF STATE\nBureau of Inter-American Affairs\n\nWashington, October 24, 1962\n\n"
               "MEMORANDUM\nfor the Secretary\n\nSubject: Soviet reaction to the quarantine\n\n" + BODY + "\n")
    assert parse_text(english, "t").title == "Memorandum for the Secretary: Soviet reaction to the quarantine"
    heading = english.replace("for the Secretary", "An assessment of Soviet intentions")
    assert "An assessment of Soviet intentions" not in parse_text(heading, "t").title.split(":")[0]


def test_an_archives_reference_written_out_at_the_end_is_the_citation():
    for text in ("Archives diplomatiques, La Courneuve, 91QO/125.", "АПРФ, ф. 3, оп. 65, д. 904, л. 176.",
                 "Politisches Archiv des Auswärtigen Amts, B 150, Bd. 4.",
                 "John F. Kennedy Library, President's Office Files, Box 115, Cuba."):
        doc = parse_text(f"Note on the talks\n\n{BODY}\n\nThe Minister agreed.¹\n\n¹ Telegram 6215 of 24 October.\n\n"
                         f"{text}\n", "t")
        assert doc.citation == text and len(doc.footnotes) == 1, text
        assert all(p.text != text for p in doc.paragraphs)
    # a paragraph that mentions an archive is no citation, nor a clause, nor a line above more text
    assert Line("Transcriber’s note: reproduction fee €12.50, paid to the archive in 2011.").citation is None
    doc = parse_text(f"Note on the talks\n\n{BODY}\n\nThe papers were found in the archives in 1992, in box 4, "
                     "with the rest of the files of the Ministry, and sent to Moscow.\n", "t")
    assert doc.citation == "" and len(doc.paragraphs) == 2
    doc = parse_text(f"Note on the talks\n\n{BODY}\n\nArchives diplomatiques, 91QO/125.\n\n{BODY}\n", "t")
    assert doc.citation == "" and len(doc.paragraphs) == 3


def test_custody_notices_are_no_title_and_a_wrapped_heading_with_its_date_and_hour_is():
    text = ("THIS DOCUMENT IS THE PROPERTY OF HER BRITANNIC MAJESTY'S GOVERNMENT\n\nPrinted for the Cabinet.  October 1962\n\n"
            "SECRET                                                    Copy No. 42\n\nC.C. (62)\n61st Conclusions\n\n"
            "CABINET\n\nCONCLUSIONS of a Meeting of the Cabinet held at Admiralty House, S.W.1,\n"
            "on Saturday, 27th October, 1962, at 10 a.m.\n\n" + BODY + "\n")
    doc = parse_text(text, "t")
    assert doc.title == "CONCLUSIONS of a Meeting of the Cabinet held at Admiralty House, S.W.1"
    assert (doc.date.iso, doc.classification) == ("1962-10-27", ("SECRET",))
    assert "61st Conclusions" in doc.header
    line = Line("Record of a Meeting held at Lancaster House, on Monday, 5 November 1962, at 3.30 p.m.")
    assert line.dated_title[0] == "Record of a Meeting held at Lancaster House" and line.dated_title[1].iso == "1962-11-05"


def test_a_telegrams_routing_line_outranks_its_handling_lines():
    text = ("CONFIDENTIAL\n\nFOREIGN OFFICE AND WHITEHALL DISTRIBUTION\n\nCYPHER/OTP\n\nFROM WASHINGTON TO FOREIGN OFFICE\n\n"
            "Sir D. Ormsby Gore\nNo. 2636\n\nOctober 27, 1962\n\nIMMEDIATE\n\n" + BODY + "\n")
    doc = parse_text(text, "t")
    assert (doc.title, doc.date.iso) == ("FROM WASHINGTON TO FOREIGN OFFICE", "1962-10-27")
    assert "FOREIGN OFFICE AND WHITEHALL DISTRIBUTION" in doc.header
    assert Line("FROM WASHINGTON TO FOREIGN OFFICE").routing == ("WASHINGTON", "FOREIGN OFFICE")
    assert (dict(doc.metadata)["from"], dict(doc.metadata)["to"]) == ("WASHINGTON", "FOREIGN OFFICE")
    assert Line("From Washington to Moscow in a day").routing is None  # not typed as a routing line
    assert not Line("LIMITED DISSEMINATION").title_like


def test_a_russian_addressee_in_the_dative_is_an_address():
    assert Line("Товарищу Хрущеву Н. С.").address and Line("Тов. Громыко").address
    assert not Line("товарищу было сказано, что ответ будет завтра.").address
    doc = parse_text("СОВЕРШЕННО СЕКРЕТНО\n\nШИФРТЕЛЕГРАММА\n\nГавана, 27 октября 1962 г.\n\nТоварищу Хрущеву Н. С.\n\n"
                     "Фидель Кастро передал нам письмо, в котором выражает мнение, что нападение на Кубу неизбежно в "
                     "ближайшие 24–72 часа.\n", "t")
    assert "Товарищу Хрущеву Н. С." in doc.header and len(doc.paragraphs) == 1


def test_a_speakers_words_in_a_protocol_are_no_address():
    assert not Line("Тов. Хрущёв: если будет спровоцировано нападение, нами дан приказ нанести ответный удар.").address
    assert Line("Товарищам Хрущеву, Козлову").address


# -- printed editions of other governments, database records and releases (the fourth round of dev layouts) -------

@pytest.mark.parametrize(("text", "place", "iso", "markings"), [
    # Documents diplomatiques français: the telegram's numbers, its dateline with the hour, its markings
    ("T. nos 2126 à 2132. Paris, 7 février 1962, 19 h. Secret. Diffusion restreinte.", "Paris", "1962-02-07",
     ("SECRET", "RESTRICTED")),
    ("D. no 512. Londres, 3 octobre 1962.", "Londres", "1962-10-03", ()),
    # a Confidential Print despatch's serial, dateline and marking as one line
    ("No. 45. Moscow, February 15, 1962. Confidential.", "Moscow", "1962-02-15", ("CONFIDENTIAL",)),
])
def test_a_dispatch_line_gives_the_place_date_and_markings(text, place, iso, markings):
    line = Line(text)
    assert kind_of(line) is Kind.DATELINE
    assert (line.dispatch[0], line.dispatch[1].iso, line.dispatch[2]) == (place, iso, markings)
    doc = parse_text(f"40\n\nM. Couve de Murville, ministre des Affaires étrangères, à M. Alphand\n\n{text}\n\n"
                     f"{BODY}\n", "t")
    assert (doc.place, doc.date.iso, doc.classification) == (place, iso, markings)
    assert doc.title == "M. Couve de Murville, ministre des Affaires étrangères, à M. Alphand"


def test_a_sentence_before_a_dateline_is_no_dispatch_line():
    assert Line("He left at once. Moscow, February 15, 1962.").dispatch is None
    assert Line("u. NeW. May 7, 1982").dispatch is None  # a scan's debris: no message number
    assert Line("Washington, D.C. February 15, 1962.").dispatch is None  # an abbreviation's stop, not a sentence's


@pytest.mark.parametrize(("text", "place", "iso"), [
    ("Paris, 7 février 1962, 19 h.", "Paris", "1962-02-07"),
    ("Moscou, 27 octobre 1962, 19 h 30", "Moscou", "1962-10-27"),
    ("Bonn, 15. Februar 1962, 19.30 Uhr", "Bonn", "1962-02-15"),
    ("Paris, 7 février 1962, 19h30", "Paris", "1962-02-07"),
    ("Moscou, du 30 décembre 1961 au 18 janvier 1962", "Moscou", "1961-12-30/1962-01-18"),
])
def test_datelines_as_french_and_german_editions_print_them(text, place, iso):
    assert (Line(text).dateline[0], Line(text).dateline[1].iso) == (place, iso)
    assert Line("2h January 1952").date is None  # OCR's "24" with its 4 read as h is no hour


@pytest.mark.parametrize(("text", "markings"), [
    ("TOP SECRET AND PERSONAL", ("TOP SECRET", "PERSONAL")),
    ("geheim und persönlich", ()),  # a stamp starts with a capital
    ("Geheim und persönlich", ("SECRET", "PERSONAL")),
    ("II A 1-82.00/94.29-216/62 geheim", ("SECRET",)),  # a file reference with its grade, as the AAPD prints it
    ("LIMITED OFFICIAL USE Control No. 4512", ("LIMITED OFFICIAL USE",)),
    ("(No. 45. Secret. Eyes Only.)", ("SECRET", "EYES ONLY")),
    ("SECRET PLAN FOR 1962", ()),  # a heading that names a marking is no stamp
    ("Top Secret 1962 Report", ()),
    ("7 TQ FILE NO.", ()),  # a number beside no marking ("no" opens "no foreign dissem") is no stamp
])
def test_a_stamp_typed_with_its_file_number_or_joined_by_and(text, markings):
    assert Line(text).markings == markings


def test_the_day_a_despatch_was_received_is_no_part_of_its_heading():
    text = ("THIS DOCUMENT IS THE PROPERTY OF HER BRITANNIC MAJESTY'S GOVERNMENT\n\n"
            "                         CONFIDENTIAL\n\nNo. 12.\n\n"
            "Sir F. Roberts to the Earl of Home.—(Received October 27.)\n\n"
            "(No. 45. Confidential.)                                   Moscow,\n"
            "                                                October 25, 1962.\n\nMy Lord,\n\n" + BODY + "\n")
    doc = parse_text(text, "t")
    assert doc.title == "Sir F. Roberts to the Earl of Home"
    assert (doc.date.iso, doc.place, doc.classification) == ("1962-10-25", "Moscow", ("CONFIDENTIAL",))
    assert Line("Telegram From Bonn (Rec'd 5:02 p.m.)").unmarked == "Telegram From Bonn"
    assert Line("The telegram (received late) was read.").unmarked.endswith("read.")  # only at the end of a line


def test_a_date_set_apart_on_an_editions_heading_line():
    from search_engine.ingest.blocks import split_columns

    doc = parse_text("12   PREM 11/3689, no 4   15 Feb 1962\nRecord of a meeting at Admiralty House\n\n" + BODY + "\n",
                     "t")
    assert (doc.title, doc.date.iso) == ("Record of a meeting at Admiralty House", "1962-02-15")
    assert split_columns(["12   PREM 11/3689, no 4   15 Feb 1962"]) == ["12   PREM 11/3689, no 4",
                                                                         " " * 26 + "15 Feb 1962"]
    # a stamp on the left stands apart however many words it has
    assert split_columns(["(No. 71. Secret. Niact. Limit Distribution. Eyes Only.)      Washington,",
                          "                                            January 21, 1961."])[1].strip() == "Washington,"
    # a label and its value in aligned columns stay one line; so does a line of prose
    assert split_columns(["Date        15 February 1962"]) == ["Date        15 February 1962"]
    prose = "The meeting on the Berlin question was held at Admiralty House and went on   15 Feb 1962"
    assert split_columns([prose]) == [prose]
    # nor is a line split once the text has begun: a letter's continuation head, a wrapped paragraph's line
    text = ["Dear Mr. Chairman: I am responding to the", "communication received through the Ambassador",
            "Chairman Khrushchev    - 2 -    July 17, 1962", "should also like to take this opportunity",
            "the Secretary of State and   15 Feb 1962"]
    assert split_columns(text) == text
    assert split_columns(text[2:3]) == text[2:3]  # a continuation head is a page's turn wherever it stands


def test_a_file_reference_under_a_heading_is_no_part_of_it():
    text = ("Nr. 40\nAufzeichnung des Ministerialdirektors Jansen\nII A 1-82.00/94.29-216/62\n"
            "                                     Bonn, den 5. März 1962\n\n" + BODY + "\n")
    doc = parse_text(text, "t")
    assert (doc.title, doc.date.iso, doc.place) == ("Aufzeichnung des Ministerialdirektors Jansen", "1962-03-05", "Bonn")
    # above a heading that names the document's kind, a file reference is not its title
    doc = parse_text("II A 3-82.00/94.40-220/62\n\nEditorial Note\n\n" + BODY + "\n", "t")
    assert doc.title == "Editorial Note"


FOIA_LETTER = """United States Department of State
Washington, D.C. 20520

                                                   March 12, 2019

Case No. F-2018-01266

Mr. John Smith
Department of History

Dear Mr. Smith:

This is in response to your Freedom of Information Act (FOIA) request, dated February 2, 2018. We located one
document responsive to your request and have determined that it may be released in full. It is enclosed.

Sincerely,

Jane Doe, Chief
Requester Communication Branch

Enclosure: As stated.

"""


def test_a_covering_letter_above_an_enclosure_is_not_the_document():
    from search_engine.ingest.text import parse_text_documents

    released = ("UNCLASSIFIED U.S. Department of State Case No. F-2018-01266 Doc No. C06512066 Date: 03/12/2019\n"
                "RELEASED IN FULL\n\n                          SECRET\n\n"
                "                                                           Moscow\n"
                "                                                 October 27, 1962\n\n"
                "       Telegram From the Embassy in the Soviet Union to the Department of State\n\n" + BODY +
                "\n\n                          SECRET\n")
    docs = parse_text_documents(FOIA_LETTER + released, "t")
    assert len(docs) == 1
    doc = docs[0]
    assert doc.title == "Telegram From the Embassy in the Soviet Union to the Department of State"
    assert (doc.date.iso, doc.place, doc.classification) == ("1962-10-27", "Moscow", ("SECRET",))
    assert "Dear Mr. Smith:" in doc.header and len(doc.paragraphs) == 1  # the letter is kept, as the header
    # an undated document is not dated by the letter that covers it
    undated = parse_text(FOIA_LETTER + "                         Editorial Note\n\n" + BODY + "\n", "t")
    assert (undated.title, undated.date) == ("Editorial Note", None)
    # a letter whose enclosure is only mentioned (no document's head below it) stays the document
    doc = parse_text(FOIA_LETTER + "cc: Office of the Historian\n", "t")
    assert doc.date.iso == "2019-03-12" and doc.paragraphs[0].text == "Dear Mr. Smith:"


@pytest.mark.parametrize(("text", "field"), [
    ("Aufgabe: 21. Januar 1961, 11.00 Uhr", "date"),  # a German telegram's time of dispatch
    ("Expédié: 3 juin 1961", "date"),
    ("Ankunft: 22. Januar 1961, 00.05 Uhr", None),  # when it arrived, not when it was written
    ("Received: January 22, 1961", None),
    ("Released: 2025-03-18", None),  # the record's release, not the document's date
    ("Meeting: October 5, 1962 at the White House", None),  # a value that is more than a date
])
def test_a_label_no_list_names_whose_value_is_a_date_gives_the_date(text, field):
    label = Line(text).label
    assert (label.field if label is not None and label.field == "date" else None) == field


@pytest.mark.parametrize("field", ["Date: Moscow, November 9, 1960", "Dateline: Moscow, November 9, 1960",
                                   "Place and date: Moscow, November 9, 1960",
                                   "Ort und Datum: Moscow, 9. November 1960"])
def test_a_date_field_whose_value_is_a_dateline_gives_the_place_too(field):
    doc = parse_text(f"Message From Chairman Khrushchev to President-elect Kennedy\n\n{field}\n\n{BODY}\n", "d1")
    assert (doc.date.iso, doc.place) == ("1960-11-09", "Moscow")


@pytest.mark.parametrize(("dateline", "place"), [
    ("Washington, D.C., October 27, 1962", "Washington, D.C."),
    ("Key West, Florida, October 27, 1962", "Key West, Florida"),
    ("The White House, Washington, October 27, 1962", "The White House, Washington"),
    ("Moscow, the Kremlin, October 27, 1962", "Moscow, the Kremlin"),
    ("Havana (Cuba), 27 October 1962", "Havana (Cuba)"),
    ("Berlin (West), 27 October 1962", "Berlin (West)"),
    ("Moscow, Sunday, October 28, 1962", "Moscow"),
])
def test_a_place_that_names_its_state_or_building_is_the_whole_place(dateline, place):
    doc = parse_text(f"Message From Chairman Khrushchev to President Kennedy\n\n{dateline}\n\n{BODY}\n", "d1")
    assert (doc.place, doc.date.iso[:7]) == (place, "1962-10")


@pytest.mark.parametrize(("stamp", "markings"), [
    ("SECRET, October 27, 1962", ("SECRET",)),
    ("Secret, Eyes Only, October 27, 1962", ("SECRET", "EYES ONLY")),
    ("TOP SECRET -- 27 October 1962", ("TOP SECRET",)),
])
def test_a_stamp_with_its_date_is_a_stamp_and_no_place(stamp, markings):
    doc = parse_text(f"Message From Chairman Khrushchev to President Kennedy\n\n{stamp}\n\n{BODY}\n", "d1")
    assert (doc.classification, doc.place, doc.date.iso) == (markings, "", "1962-10-27")


def test_a_source_note_wrapped_below_the_notes_is_the_whole_citation():
    # the source note below the notes, hard-wrapped where a line of it begins with a figure and a full stop
    doc = parse_text(f"A Letter\n\n{BODY}\n\nSincerely,[1]\n\nNotes\n\n1. Printed from an unsigned copy.\n\n"
                     "Source: Department of State, Presidential Correspondence: Lot 66 D 204. The Russian text is ibid.: Lot 77 D\n"
                     "163. The source text is apparently a Soviet translation.\n", "t")
    assert [f.text for f in doc.footnotes] == ["Printed from an unsigned copy."]
    assert doc.citation.endswith("Lot 77 D 163. The source text is apparently a Soviet translation.")


def test_a_line_below_an_archives_reference_under_the_notes_is_not_taken_into_the_reference():
    # a repository's reference written out below the notes, then a web capture's access line: the access line
    # ("Retrieved ... from https://...") makes no citation of the reference (it crashed the reader)
    doc = parse_text(f"A Letter\n\n{BODY}\n\nSincerely,[1]\n\nNotes\n\n[1] Printed from an unsigned copy.\n\n"
                     "John F. Kennedy Library, National Security Files, Countries, USSR, Box 185, June 10, 1961.\n\n"
                     "Retrieved 2014-12-06 from https://history.state.gov/\n", "t")
    assert [f.text for f in doc.footnotes] == ["Printed from an unsigned copy."]
    assert doc.citation.startswith("John F. Kennedy Library, National Security Files")
    assert "Retrieved" not in doc.citation


@pytest.mark.parametrize(("foot", "place", "iso"), [
    ("Done at Moscow, 15 February 1962.", "Moscow", "1962-02-15"),  # a communiqué's or agreement's closing formula
    ("Done in duplicate at Vienna this 4th day of June, 1961.", "Vienna", "1961-06-04"),  # a treaty's
    ("Signed at Moscow on 5 August 1963.", "Moscow", "1963-08-05"),
    ("Moscow, 15 February 1962", "Moscow", "1962-02-15"),  # a letter dated at its foot, above the signature
])
def test_a_document_its_head_does_not_date_is_dated_at_its_foot(foot, place, iso):
    doc = parse_text(f"Joint Statement on the Talks\n\n{BODY}\n\n{BODY}\n\n{foot}\n\nN. Khrushchev\n", "t")
    assert (doc.date.iso, doc.place) == (iso, place)


def test_a_dateline_in_the_head_outranks_a_date_at_the_foot():
    doc = parse_text(f"Joint Statement on the Talks\n\nWashington, February 20, 1962\n\n{BODY}\n\n"
                     "Done at Moscow, 15 February 1962.\n", "t")
    assert (doc.date.iso, doc.place) == ("1962-02-20", "Washington")


def test_a_sentence_that_opens_like_a_closing_formula_dates_nothing():
    doc = parse_text(f"Joint Statement on the Talks\n\n{BODY}\n\nDone at the meeting of 1962, the work went on.\n", "t")
    assert doc.date is None or doc.date.iso == "1962"


def test_notes_lettered_in_parentheses_are_notes_and_their_markers_leave_the_title():
    # an older printed edition letters its notes "(a)", "(b)" and cites them glued to a word or its stop
    doc = parse_text(f"MESSAGE FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY(a)\n\nMoscow, December 11, 1962\n\n{BODY}(b)\n\n"
                     f"Please convey my wishes to your family.(c)\n\nNotes\n\n"
                     "(a) Source: Department of State, Presidential Correspondence: Lot 77 D 163. Secret.\n\n"
                     "(b) Document 85.\n\n(c) Printed from an unsigned copy.\n", "t")
    assert doc.title == "MESSAGE FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY"
    assert [f.text for f in doc.footnotes if not f.text.startswith("Source:")] == [
        "Document 85.", "Printed from an unsigned copy."]
    assert doc.classification == ("SECRET",)


def test_a_texts_own_enumeration_in_parentheses_is_no_note_list():
    # "(a) ... (b) ..." paragraphs that end a text, cited nowhere as notes are: the text's own points
    doc = parse_text(f"Memorandum on the Talks\n\n{BODY}\n\nThe Minister proposed that:\n\n"
                     "(a) the talks resume in Geneva next month;\n\n(b) the experts meet before them.\n", "t")
    assert doc.footnotes == ()
    assert doc.paragraphs[-1].text == "(b) the experts meet before them."


@pytest.mark.parametrize("stamp", [
    "RECEIVED\nFEB 16 1961",  # a registry's rubber stamp, its word above its date
    "Rec'd February 18, 1961",
    "DECLASSIFIED\nE.O. 12958, Sec. 3.6\nBy SH NARA, Date 5/7/1997",  # a presidential library's stamp
    "Scanned 11 Feb 2007 by the Digital Collections unit",
])
def test_a_handling_stamp_above_the_head_neither_titles_nor_dates_the_document(stamp):
    doc = parse_text(f"{stamp}\n\nLetter From Chairman Khrushchev to President Kennedy\n\nMoscow, February 15, 1961\n\n"
                     f"{BODY}\n", "t")
    assert (doc.title, doc.date.iso) == ("Letter From Chairman Khrushchev to President Kennedy", "1961-02-15")


def test_a_declassification_stamp_at_the_foot_dates_nothing():
    doc = parse_text(f"Letter From Chairman Khrushchev to President Kennedy\n\n{BODY}\n\nN. Khrushchev\n\n"
                     "DECLASSIFIED\nE.O. 12958, Sec. 3.6\nBy SH NARA, Date 5/7/1997\n", "t")
    assert doc.date is None


@pytest.mark.parametrize("reference", [
    "[John F. Kennedy Library, National Security Files, Countries, USSR, Box 185, June 10, 1961]",
    "Citation: Department of State, Presidential Correspondence: Lot 77 D 163, 1961 Jun 10.",
])
def test_the_date_that_ends_an_archival_citation_below_the_text_dates_a_document_that_gives_no_other(reference):
    doc = parse_text(f"Letter From President Kennedy to Chairman Khrushchev\n\n{BODY}\n\n{BODY}\n\nJohn F. Kennedy\n\n"
                     f"{reference}\n", "t")
    assert doc.date.iso == "1961-06-10"


def test_a_sentence_that_names_an_archive_and_a_date_is_no_citation_of_the_item():
    doc = parse_text(f"Letter From President Kennedy to Chairman Khrushchev\n\n{BODY}\n\n"
                     "The copy was sent to the Library, and to the Archives, on June 10, 1961.\n", "t")
    assert doc.date is None or doc.date.iso != "1961-06-10"


def test_a_closing_formula_that_ends_a_paragraph_dates_the_document():
    # the text typed without blank lines: the formula is the last sentence of the paragraph it ends
    doc = parse_text(f"Telegram From the Department of State to the Embassy in the Soviet Union\n\n{BODY}\n\n"
                     "Message being released to press at 7:00 pm Washington time. Done at Washington, 21 JAN 61.\n\n"
                     "Rusk\n", "t")
    assert (doc.date.iso, doc.place) == ("1961-01-21", "Washington")


def test_the_foot_names_the_place_of_the_day_the_head_gives():
    # the head gives the day alone; only the dateline above the signature names the place
    doc = parse_text(f"Telegram From the Embassy in the Soviet Union to the Department of State\n\nJuly 27, 1963\n\n"
                     f"{BODY}\n\n{BODY}\n\nMoscow, July 27, 1963\n\nKohler\n", "t")
    assert (doc.date.iso, doc.place) == ("1963-07-27", "Moscow")
