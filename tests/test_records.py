"""A record's head in other syntaxes (tables, MARC, Markdown, spaced or boxed fields), dates in other forms,
headings that end with their date, forwarded messages: read by the general mechanisms of ingest/records.py,
lines.py and vocabulary/, each shown on a small text."""

from __future__ import annotations

import pytest

from search_engine.ingest.lines import Line
from search_engine.ingest.records import _calendar_entry, record_lines
from search_engine.ingest.text import parse_text
from search_engine.vocabulary.dates import dateline, parse_date
from search_engine.vocabulary.labels import field_of

BODY = "The Ambassador called on the Foreign Minister this morning and handed him the President's reply in full."


def _doc(head: str, tail: str = ""):
    return parse_text(f"{head}\n\n{BODY}\n{tail}", "t")


@pytest.mark.parametrize("head", [
    "dc.title          Letter From the Ambassador\ndc.date.created   1962-02-15\ndc.rights         Secret",
    "title\tdate\tclassification\nLetter From the Ambassador\t1962-02-15\tSECRET",
    "| Title | Date | Classification |\n|---|---|---|\n| Letter From the Ambassador | 15.2.1962 | Secret |",
    "245 10 $a Letter From the Ambassador. $f 1962 Feb. 15.\n506 ## $a Secret.",
    "1. TITLE OF DOCUMENT ........ Letter From the Ambassador\n2. DATE OF DOCUMENT ......... 15 FEB 62\n"
    "3. SECURITY CLASSIFICATION .. SECRET",
    "## Document 12\n\n### Letter From the Ambassador\n\n**Date:** 15 February 1962  \n**Classification:** Secret",
    "Le 15 février 1962\nIntitulé : Letter From the Ambassador\nNiveau de classification : SECRET",
    "Date of conversation: 15 February 1962\nSecurity classification level: Secret\n\nLetter From the Ambassador",
])
def test_a_record_head_in_any_syntax_gives_title_date_and_marking(head):
    doc = _doc(head)
    assert (doc.title, doc.date.iso, doc.classification) == ("Letter From the Ambassador", "1962-02-15", ("SECRET",))


def test_a_table_row_keeps_its_empty_cells():
    doc = _doc("doc_id\tdate\ttitle\tclassification\tplace\nd2\t1962-02-15\tLetter From the Ambassador\t\t")
    assert (doc.title, doc.date.iso, doc.classification) == ("Letter From the Ambassador", "1962-02-15", ())


def test_a_heading_that_ends_with_its_date_gives_both():
    doc = _doc("SECRET\n\nLetter From the Ambassador to the Secretary of State, February 15, 1962")
    assert (doc.title, doc.date.iso) == ("Letter From the Ambassador to the Secretary of State", "1962-02-15")


def test_a_forwarded_message_is_described_by_its_own_header():
    head = ("From: Reading Room <rr@example.org>\nSent: Tuesday, March 5, 2019 10:14 AM\nSubject: FW: Letter From "
            "the Ambassador\n\nPlease find the document below.\n\n-----Original Message-----\nFrom: The Ambassador\n"
            "Sent: Thursday, February 15, 1962\nSubject: Letter From the Ambassador\nClassification: SECRET")
    doc = _doc(head)
    assert (doc.title, doc.date.iso, doc.classification) == ("Letter From the Ambassador", "1962-02-15", ("SECRET",))


@pytest.mark.parametrize("marker, note", [("{1}", "{1} Not printed."), ("<1>", "<1> Not printed."),
                                          (" (NOTE 1)", "NOTE 1 - Not printed.")])
def test_note_markers_in_braces_angles_and_words(marker, note):
    text = f"Letter From the Ambassador\n\n{BODY[:-1]}{marker}.\n\nREMARKS\n\n{note}\n"
    doc = parse_text(text, "t")
    assert [(f.number, f.text, f.paragraph) for f in doc.footnotes] == [("1", "Not printed.", 1)]


@pytest.mark.parametrize("text, iso", [
    ("1962 Feb. 15", "1962-02-15"), ("1961 Dec. 30-1962 Jan. 18", "1961-12-30/1962-01-18"),
    ("15 FEB 62", "1962-02-15"), ("15-Feb-1962", "1962-02-15"), ("1962/02/15", "1962-02-15"),
    ("Le 1er mars 1962", "1962-03-01"), ("Du 4 juillet 1962 au 5 juillet 1962", "1962-07-04/1962-07-05"),
    ("between December 30, 1961 and January 18, 1962", "1961-12-30/1962-01-18"),
])
def test_date_forms(text, iso):
    assert parse_date(text).iso == iso


@pytest.mark.parametrize("line, place", [("Moscow -- 10 March 1962", "Moscow"), ("10.3.1962; Moscow", "Moscow"),
                                         ("10 March 1962, Moscow", "Moscow")])
def test_datelines_with_the_place_after_a_dash_or_after_the_date(line, place):
    assert dateline(line)[0] == place


def test_a_weekday_before_the_date_is_a_date_line():
    assert record_lines(["Thursday, February 15, 1962", "Sunday school"]) == \
        ["Date: Thursday, February 15, 1962", "Sunday school"]


@pytest.mark.parametrize("label, field", [("dc.title", "title"), ("dc.coverage.spatial", "place"),
                                          ("DATE OF DOCUMENT", "date"), ("Intitulé", "title"), ("Sent", "date")])
def test_labels_of_other_vocabularies(label, field):
    assert field_of(label)[0] == field


def test_a_label_is_guessed_only_when_asked_and_never_for_the_records_own_dates():
    assert field_of("Date of conversation") is None
    assert field_of("Date of conversation", guess=True)[0] == "date"
    assert field_of("Date accessed", guess=True) is None and field_of("JFK Assassination System Date", guess=True) is None


def test_a_label_above_its_value_is_a_field():
    assert record_lines(["TITLE", "    Letter From X to Y", "Date:", "", "February 15, 1962"]) == [
        "TITLE: Letter From X to Y", "Date: February 15, 1962"]
    # a heading such as "Summary" above a paragraph, or a label whose next line is a field of its own, stays
    assert record_lines(["Summary", "The Ambassador saw the Minister."]) == ["Summary", "The Ambassador saw the Minister."]
    assert record_lines(["Title", "Date: 1962"]) == ["Title", "Date: 1962"]


def test_quoting_is_taken_off_a_quoted_document_only():
    from search_engine.ingest.records import unquoted

    lines = ["Thanks!", "", "On Tue, X wrote:", "> TITLE: A", ">", "> Moscow, May 6, 1961", "> Text.", "> More.", "> End."]
    assert unquoted(lines)[2:7] == ["On Tue, X wrote:", "", "TITLE: A", "", "Moscow, May 6, 1961"]
    prose = ["He wrote:", "> one quoted line", "and went on.", "And on.", "And on.", "And on.", "And on."]
    assert unquoted(prose) == prose


@pytest.mark.parametrize(("line", "expected"), [
    ("FM AMEMBASSY MOSCOW", "FM: AMEMBASSY MOSCOW"),
    ("TO SECSTATE WASHDC IMMEDIATE 1234", "TO: SECSTATE WASHDC IMMEDIATE 1234"),
    ("INFO AMEMBASSY LONDON 567", "INFO: AMEMBASSY LONDON 567"),
    ("FROM SAC DALLAS 89-43", "FROM: SAC DALLAS 89-43"),  # a teletype's
    ("TO THE PRESIDENT", "TO: THE PRESIDENT"),
    ("To the President", "To the President"),  # not typed as a cable's header: a heading as it is
    ("TOP SECRET", "TOP SECRET"),
    ("FMLN OFFENSIVE", "FMLN OFFENSIVE"),
])
def test_a_telegrams_routing_lines_are_read_as_fields(line, expected):
    assert record_lines([line]) == [expected]


def test_a_capitals_body_line_that_opens_with_to_is_not_a_routing_line():
    lines = ["SUBJECT: BERLIN", "", "1. THE AMBASSADOR CALLED ON GROMYKO THIS MORNING AND WAS ASKED",
             "TO CONVEY TO THE PRESIDENT THE SOVIET VIEW OF THE ACCESS ROUTES.", "TO THE PRESIDENT."]
    assert record_lines(lines)[3:] == lines[3:]


# ---------------------------------------------------------------- records as exports, editions and calendars give them

@pytest.mark.parametrize("head", [
    # a two-column table of fields under a header row that names the columns (a wiki's or a notebook's export)
    "| Field | Value |\n| --- | --- |\n| Item Title | Letter From the Ambassador |\n| Date(s) | 15 Feb. 1962 |\n"
    "| Security Classification | Secret |\n| Call Number | RG 59, Central Decimal File, 611.61/2-1562 |",
    # TOML front matter, as Hugo and Zola write it, keys from a catalogue's vocabulary
    '+++\ndocument_title = "Letter From the Ambassador"\ndate_of_document = 1962-02-15\n'
    'original_classification = ["Secret"]\nextent = "2 pages"\n+++',
    # YAML front matter whose keys are a catalogue's labels, not the engine's own
    "---\nitem_title: Letter From the Ambassador\ndate_of_document: 1962 Feb 15\nhandling:\n  - Secret\n---",
    # a definition list as Pandoc writes it, and as an HTML-to-text converter indents it
    "Local Identifier\n:   RG 59, 611.61/2-1562\nDocument Title\n:   Letter From the Ambassador\nCreated\n:   19620215\n"
    "Caveats\n:   Secret",
    "Archival Reference\n\n    RG 59, 611.61/2-1562\n\nTitle\n\n    [Letter From the Ambassador]\n\nIssued\n\n"
    "    1962-02-15T00:00:00Z\n\nMarkings\n\n    Secret",
    # a calendar of documents' entry: description, place, date, marking and extent in one paragraph, wrapped
    "12. Letter From the Ambassador, Moscow,\nFebruary 15, 1962. Secret. 3 pp.",
    "[Letter From the Ambassador], Moscow, 1962-02-15 14:30. Secret. 2 pages",
])
def test_a_record_as_exports_and_calendars_give_it(head):
    doc = _doc(head)
    assert (doc.title, doc.date.iso, doc.classification) == ("Letter From the Ambassador", "1962-02-15", ("SECRET",))


def test_a_records_fields_below_the_body_are_read_as_if_above_it():
    tail = ("\nNotes\n\n1. Printed from an unsigned copy.\n\nDetails\n\nReference: frus1961-63v06/d26\n"
            "Document Title: Letter From the Ambassador\n\f2    U.S. Department of State\n\n"
            "Issued: 15 February 1962\nPost: Moscow\nHandling: Secret\n\nPage 2 of 2\n")
    doc = parse_text(f"{BODY}[1]\n{tail}", "t")
    assert (doc.title, doc.date.iso, doc.place, doc.classification) == (
        "Letter From the Ambassador", "1962-02-15", "Moscow", ("SECRET",))
    assert [p.text for p in doc.paragraphs][0].startswith("The Ambassador called") and len(doc.footnotes) == 1


def test_a_letters_closing_fields_are_not_a_record():
    # a title or description is what makes labelled lines at the end a record: a letter's "cc:" and "Enclosure:" are not
    doc = parse_text(f"Letter From the Ambassador\n\n{BODY}\n\nEnclosure: Draft reply\ncc: Mr. Bohlen\nDate: 1962", "t")
    assert doc.title == "Letter From the Ambassador" and doc.paragraphs[0].text == BODY


def test_a_record_titled_only_by_its_description_or_summary():
    assert _doc("Summary: Letter From the Ambassador\nDate: 15 Feb 1962").title == "Letter From the Ambassador"
    assert _doc("---\ndescription: Letter From the Ambassador\ndate: 1962-02-15\n---").title == \
        "Letter From the Ambassador"
    # a long abstract is no title: the heading is
    assert _doc("Telegram 1234\nSummary: The Ambassador reports his talk. He handed over the reply.").title == \
        "Telegram 1234"


@pytest.mark.parametrize("title", ["[Memorandum of Conversation]", "66. [Memorandum of Conversation]",
                                   "[Editorial Note]"])
def test_a_title_a_cataloguer_supplied_in_brackets_is_the_title(title):
    expected = title.split("[")[1].rstrip("]")
    assert _doc(f"{title}\nMoscow, February 15, 1962").title == expected


def test_an_editors_note_in_brackets_stays_a_note():
    doc = parse_text(f"Letter From the Ambassador\n\n{BODY}\n\n[Editorial note: the rest is illegible.]", "t")
    assert doc.title == "Letter From the Ambassador"
    assert all("illegible" not in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("label, field", [("Created", "date"), ("Issued", "date"), ("Dates of creation", "date"),
                                          ("Origination Date", "date"), ("Post", "place"), ("Place of writing", "place"),
                                          ("Archival Reference", "archive"), ("Short Description", "summary")])
def test_catalogue_and_schema_labels(label, field):
    assert field_of(label)[0] == field


def test_origin_names_the_sender_as_often_as_the_place_and_is_read_as_the_sender():
    doc = _doc("Title: Letter From the Ambassador\nOrigin: Chairmen Khrushchev and Brezhnev\nDate: 1962-02-15")
    assert doc.place == "" and "Chairmen Khrushchev and Brezhnev" in dict(doc.metadata).values()


def test_a_heading_over_a_dispatch_line_is_no_calendar_entry():
    # the heading, then the dispatch's number and dateline: two sentences, not one entry's description
    lines = ["Telegram From the Department of State to the Embassy in Paris",
             "T. nos 2105 à 2108. Washington, 15 février 1962, 19 h. Secret."]
    assert _calendar_entry(lines, 0) is None
    assert _calendar_entry(["Telegram From the Department of State to the Embassy in Paris, Washington,",
                            "15 février 1962. Secret."], 0) is not None


@pytest.mark.parametrize("text, iso", [("19620215", "1962-02-15"), ("[19620215]", "1962-02-15"),
                                       ("19620215T143000Z", "1962-02-15"), ("1962-02-15 14:30", "1962-02-15")])
def test_a_databases_date_forms(text, iso):
    assert parse_date(text).iso == iso


def test_front_matter_that_dates_the_file_does_not_date_the_document():
    # a note-taking app's or site generator's stamps: when the note was made, not when the letter was written
    doc = _doc("---\ncreated: 2023-05-01T10:22\nupdated: 2023-05-02\ntags: [kennedy]\n---\n"
               "Letter From the Ambassador\nMoscow, February 15, 1962")
    assert (doc.title, doc.date.iso, doc.place) == ("Letter From the Ambassador", "1962-02-15", "Moscow")


@pytest.mark.parametrize("head", [
    # a guide to a microfilm or a list of items: the column of frame or item numbers under its heading
    "Frame No.\n0654  Letter From the Ambassador. 2/15/62. Secret. Eyes Only. 2 pp.",
    "Item\n12\tLetter From the Ambassador. 15 February 1962. Secret. Eyes Only. 3 pp.",
    # an entry under its number, the markings after a comma, apart by slashes
    "Document 09\nLetter From the Ambassador, 15 February 1962, Secret/Eyes Only",
])
def test_an_entry_of_a_list_gives_title_date_and_markings(head):
    doc = _doc(head)
    assert (doc.title, doc.date.iso, doc.classification) == ("Letter From the Ambassador", "1962-02-15",
                                                             ("SECRET", "EYES ONLY"))


def test_a_heading_over_its_dateline_and_marking_is_no_entry_of_a_list():
    doc = _doc("LETTER FROM THE AMBASSADOR\n\n    _Moscow, February 15, 1962._\n\n    SECRET--EYES ONLY.")
    assert (doc.title, doc.date.iso, doc.place) == ("LETTER FROM THE AMBASSADOR", "1962-02-15", "Moscow")


def test_the_records_own_dates_do_not_date_the_document():
    # a cable database's record: its disposition and review dates are the record's history, the draft date its own
    doc = _doc("Disposition Date: 01 JAN 1960\nDocument Number: 1962MOSCOW01234\nDraft Date: 15 FEB 1962\n"
               "Original Classification: SECRET\nOriginal Handling Restrictions: EYES ONLY\n"
               "Review Date: 02 NOV 1999\nSubject: Letter From the Ambassador")
    assert (doc.date.iso, doc.classification) == ("1962-02-15", ("SECRET", "EYES ONLY"))
    assert dict(doc.metadata)["disposition_date"] == "01 JAN 1960"


def test_a_pages_posting_date_is_no_dateline():
    doc = _doc("Posted - November 7, 2012\n\nLetter From the Ambassador\nMoscow, February 15, 1962")
    assert (doc.title, doc.date.iso, doc.place) == ("Letter From the Ambassador", "1962-02-15", "Moscow")
    assert dateline("Posted - November 7, 2012") is not None  # the form of a dateline, read as one only by Line


def test_a_catalogue_display_with_a_gloss_under_each_label():
    # a catalogue's description pasted as a list: each label, its explanation in brackets, its value
    head = ("Catalogue description\n\n- Reference\n- (The unique identifier of the record)\n- FO 371/162313\n"
            "- Title\n- (The name of the record)\n- Letter From the Ambassador\n- Date\n- (When it was created)\n"
            "- 30 Dec 1961 - 18 Jan 1962\n- Description\n- (What the record is about)\n"
            "- Copy as received in the Foreign Office from the United States Embassy, with minutes.\n"
            "- Held by\n- (Who holds the record)\n- The National Archives, Kew\n- Record opening date\n"
            "- (When the record was made available to the public)\n- 01 January 1992\n\nTranscription\n"
            "Transcribed from the photocopy in the file; spelling as in the original.\n\n[Marked: Secret. Niact.]\n\n"
            "Moscow, 30 December 1961")
    doc = _doc(head)
    assert (doc.title, doc.date.iso, doc.classification, doc.place) == (
        "Letter From the Ambassador", "1961-12-30/1962-01-18", ("SECRET", "NIACT"), "Moscow")
    meta = dict(doc.metadata)
    assert (meta["held_by"], meta["record_opening_date"], meta["reference"]) == (
        "The National Archives, Kew", "01 January 1992", "FO 371/162313")
    assert doc.paragraphs[0].text == BODY


def test_an_editors_bracketed_note_in_the_text_stays_an_editors_note():
    # only markings and a source are read as fields in square brackets: an editor's note stays a note of the text
    doc = _doc("Letter From the Ambassador\nMoscow, February 15, 1962",
               "\n[Note: The last paragraph is struck through in the original.]\n\nMore text of the letter follows here.")
    assert [f.text[:20] for f in doc.footnotes] == ["Note: The last parag"] and not doc.metadata


def test_an_outliners_properties_are_fields():
    # Logseq, Roam and Obsidian's Dataview write "key:: value", their values page links
    doc = _doc("title:: Letter From the Ambassador\ntype:: [[Letter]]\ndate:: [[Feb 15th, 1962]]\nplace:: [[Moscow]]\n"
               "classification:: [[Secret]]")
    assert (doc.title, doc.date.iso, doc.place, doc.classification) == (
        "Letter From the Ambassador", "1962-02-15", "Moscow", ("SECRET",))


@pytest.mark.parametrize("head", [
    # a heading wrapped over two lines, centred, or its second line ending with the date
    "   LETTER FROM THE AMBASSADOR IN THE SOVIET UNION TO THE\n                    DEPARTMENT OF STATE\n\nMoscow, 15 February 1962",
    "Letter From the Ambassador in the Soviet Union to the\nDepartment of State, 15 February 1962",
])
def test_a_heading_wrapped_on_a_word_no_heading_ends_with_goes_on(head):
    doc = _doc(head)
    assert (doc.title.lower(), doc.date.iso) == (
        "letter from the ambassador in the soviet union to the department of state", "1962-02-15")


@pytest.mark.parametrize("head", [
    # a series' or a site's name, a citation or an edition's number above the heading that names the document
    "Documents on Irish Foreign Policy\n\nLetter From the Ambassador to the Minister\n\nMoscow, 15 February 1962",
    "Department of State, Central Files, 611.61/2-1562\n\n4.\n\nLetter From the Ambassador to the Minister\n\n"
    "Moscow, 15 February 1962",
    "Historical documents: Foreign Relations of the United States, Volume VI\n\n‹ Previous document    Document 4    "
    "Next document ›\n\n4 LETTER FROM THE AMBASSADOR TO THE MINISTER\n\nCablegram\nMOSCOW, 15 February 1962, 6.34 p.m.",
])
def test_the_heading_that_names_the_document_is_its_title(head):
    doc = _doc(head)
    assert (doc.title.lower(), doc.date.iso) == ("letter from the ambassador to the minister", "1962-02-15")


def test_a_span_of_days_written_close_is_one_span():
    assert parse_date("[30 December 1961-18 January 1962]").iso == "1961-12-30/1962-01-18"
    assert parse_date("1962-02 memorandum").iso == "1962-02"


def test_notes_numbered_on_from_a_books_earlier_chapters_at_each_pages_foot():
    # a thesis' appendix through pdftotext: the note numbers run on from the chapters before, glued to the words
    page1 = ("Document B.1\n\nLetter From the Ambassador to the Minister548\n\nMoscow, 15 February 1962\n\n"
             + "\n".join([BODY] * 3) + "\n\n____________________\n548 Source: Department of State, Central Files.\n")
    page2 = "\f" + BODY + " The Minister agreed.549\n\n____________________\n549 Printed from an unsigned copy.\n"
    doc = parse_text(page1 + page2, "t")
    assert doc.title == "Letter From the Ambassador to the Minister"
    assert {f.number for f in doc.footnotes} == {"548", "549"} and doc.citation.startswith("Department of State")


def test_a_sites_menu_and_foot_are_no_text_and_no_note():
    doc = _doc("Documents on Irish Foreign Policy\nSearch the documents | Browse by volume | About the project\n\n"
               "Letter From the Ambassador to the Minister\n\nMoscow, 15 February 1962",
               "The Minister agreed to the proposal.1\n\n1 Not printed.\n\nRoyal Irish Academy · National Archives · "
               "Department of Foreign Affairs\nSearch the documents | Browse by volume | About the project | Contact")
    assert doc.title == "Letter From the Ambassador to the Minister"
    assert [(f.number, f.text) for f in doc.footnotes] == [("1", "Not printed.")]
    assert not any("Browse" in p.text or "Royal Irish" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("marker", ["## p. 940 (#956) ##############################", "--- Page 940 ---"])
def test_a_full_text_exports_page_separator_is_a_page_break(marker):
    doc = parse_text(f"{marker}\n\nLetter From the Ambassador to the Minister\n\nMOSCOW, February 15, 1962.\n\n{BODY}",
                     "t")
    assert (doc.title, doc.date.iso, doc.paragraphs[0].page) == (
        "Letter From the Ambassador to the Minister", "1962-02-15", "940")


@pytest.mark.parametrize("stamp", ["Monday, March 4, 2024\n10:42 AM", "4 March 2024\n15:12",
                                   "Mon, Mar 4, 2024\n3:05 p.m. EST"])
def test_a_note_programs_stamp_under_the_title_is_when_the_page_was_made(stamp):
    # a page of a note-taking program (OneNote heads every page with the day and, below it, the time it was made),
    # a document pasted into it: the document's dateline dates it, the stamp is kept as the page's history
    doc = _doc(f"Letter From the Ambassador to the Minister\n{stamp}\n\nMOSCOW, February 15, 1962.",
               "\nPasted from <https://history.state.gov/historicaldocuments/frus1961-63v06/d27>")
    assert (doc.title, doc.date.iso, doc.place) == ("Letter From the Ambassador to the Minister", "1962-02-15", "Moscow")
    assert dict(doc.metadata)["created"].endswith(stamp.split("\n")[1])
    # a date line with no time of day under it is the document's, as before
    doc = _doc("Letter From the Ambassador to the Minister\n\nFebruary 15, 1962")
    assert doc.date.iso == "1962-02-15" and "created" not in dict(doc.metadata)


def test_a_table_of_contents_is_no_text_and_its_entries_no_notes():
    # an outliner's plain-text export (Emacs Org's ASCII export): a centred title between rules, a table of contents
    # whose numbered entries repeat the section headings, underlined with box-drawing rules
    text = ("              ______________________________\n\n               LETTER FROM THE AMBASSADOR TO THE\n"
            "                          MINISTER\n\n                        A. Researcher\n"
            "              ______________________________\n\n\nTable of Contents\n_________________\n\n"
            "1. Source\n2. Text\n\n\n1 Source\n════════\n\n  Department of State, Central Files, 611.61/2-1562.\n\n\n"
            f"2 Text\n══════\n\n  MOSCOW, February 15, 1962.\n\n  {BODY}\n")
    doc = parse_text(text, "t")
    assert doc.title.casefold() == "letter from the ambassador to the minister"
    assert doc.date.iso == "1962-02-15" and doc.footnotes == ()
    assert "Table of Contents" not in doc.header and any(BODY[:40] in p.text for p in doc.paragraphs)
    # a "Contents" heading whose entries the text does not carry is left as it is: a list of what a box holds
    doc = parse_text("Contents\n\nLetter of 3 May\nTelegram of 5 May\n\nMOSCOW, February 15, 1962.\n\n" + BODY, "t")
    assert "Contents" in doc.header


def test_an_outliners_title_block_byline_and_export_date_give_way_to_the_documents_own():
    # Emacs Org's ASCII export: the title wrapped in a centred block with the author's name and the export's date
    # below; the document's dateline and markings in the first section
    text = ("   ______________________________________________\n\n"
            "     Message From Chairmen Khrushchev and Brezhnev to President\n"
            "                         Kennedy\n\n                        A. Novak\n"
            "   ______________________________________________\n\n\n                       2020-02-12\n\n\n"
            "1 The document\n══════════════\n\n  Moscow, 18 April 1961, 2 p.m.\n\n"
            "  Secret; Niact; Limit Distribution.\n\n  Source: Department of State, Presidential Correspondence: Lot 66 D\n"
            "  204. Secret; Niact. Another copy is in the Kennedy Library, National Security Files,\n"
            f"  Countries Series, USSR.\n\n\n2 Text\n══════\n\n  {BODY}\n")
    doc = parse_text(text, "t")
    assert doc.title == "Message From Chairmen Khrushchev and Brezhnev to President Kennedy"  # no title ends "to President"
    assert (doc.date.iso, doc.place) == ("1961-04-18", "Moscow")  # not the export's day, not the author's name
    assert doc.classification == ("SECRET", "NIACT", "LIMIT DISTRIBUTION")  # the markings' sentence, a line of its own
    assert doc.citation.startswith("Department of State, Presidential Correspondence: Lot 66 D 204. Secret")
    # a date line without a place still dates a document that has no dateline
    assert parse_text(f"Letter From the Ambassador to the Minister\n\n2 March 1962\n\n{BODY}", "t").date.iso == \
        "1962-03-02"


def test_a_title_over_a_dateline_on_the_next_line_is_parted_from_its_place():
    # a word processor's export: the title, then the dateline on the next line, then the markings
    doc = parse_text("Telegram From the Department of State to the Embassy in the Soviet Union\n"
                     f"Washington, 21 January 1961, 6:34 p.m.\n\nUNCLASSIFIED - NIACT\n\n{BODY}", "t")
    assert (doc.title, doc.place, doc.date.iso) == (
        "Telegram From the Department of State to the Embassy in the Soviet Union", "Washington", "1961-01-21")
    assert doc.classification == ("UNCLASSIFIED", "NIACT")


# a printed page's lines of text, wrapped at its width
PRINTED_PROSE = ["The Ambassador called on the Foreign Minister this morning and", "handed him the President's reply "
                 "in full; the conversation went", "on for an hour and a half without a break, and the Minister"] * 5


def _printed_page(number: int, head: str, lines: list[str]) -> str:
    return f"{head}\n\n\n" + "\n".join(lines) + "\n\n\n"


def test_running_heads_set_narrow_on_an_ocr_text_layer_are_pages_and_no_title():
    # the Internet Archive's djvu.txt of a printed volume: running heads with the page number one space from the
    # book's or chapter's title, superscript note figures read as "^" or "'"
    prose = PRINTED_PROSE
    text = (_printed_page(244, "244 Foreign Relations, 1961-1963, Volume VI",
                          ["    22. Letter From President Kennedy to Chairman Khrushchev1", "",
                           "                        Hyannis Port, October 16, 1961.", "", *prose,
                           "answered your letter of September 29.2 He said so to Gromyko.3", "", "",
                           "^ Source: Kennedy Library, National Security Files, Countries",
                           "Series, USSR. Top Secret.", "2 Document 21.", "' Not printed."])
            + _printed_page(245, "Kennedy-Khrushchev Exchanges 245", [*prose, "agreed."]))
    doc = parse_text(text, "t")
    assert (doc.title, doc.date.iso, doc.classification) == (
        "Letter From President Kennedy to Chairman Khrushchev", "1961-10-16", ("TOP SECRET",))
    assert doc.citation.startswith("Kennedy Library")
    assert sorted((f.number, f.text[:12]) for f in doc.footnotes) == [
        ("1", "Source: Kenn"), ("2", "Document 21."), ("3", "Not printed.")]
    assert {p.page for p in doc.paragraphs} == {"244", "245"}
    assert not any("Exchanges 245" in p.text for p in doc.paragraphs)
    # one page of it saved alone: its running head names the volume
    page = parse_text(_printed_page(212, "212 Foreign Relations, 1961-1963, Volume VI",
                                    ["    6. Message From Chairman Khrushchev to President Kennedy", "",
                                     "                    Moscow, February 15, 1961.", "", *prose]), "t")
    assert page.title == "Message From Chairman Khrushchev to President Kennedy" and page.paragraphs[0].page == "212"


@pytest.mark.parametrize(("head", "foot"), [
    ("Letters of the Cold War\n\nHome | Timeline | Documents | People | Links", ""),
    ("Letters of the Cold War", "Copyright © 1998-2014 Letters of the Cold War. All rights reserved."),
])
def test_an_enthusiasts_site_name_is_no_title(head, foot):
    # a page of an enthusiast's site saved as text: the site's name above its menu, or named by its copyright line
    doc = _doc(f"{head}\n\nLetter From President Kennedy to Chairman Khrushchev\n\nFebruary 22, 1961",
               f"\nReturn to the Documents page\n\n{foot}")
    assert (doc.title, doc.date.iso) == ("Letter From President Kennedy to Chairman Khrushchev", "1961-02-22")
    assert "Letters of the Cold War" in doc.header


def test_a_monitored_broadcasts_source_line_dates_it_not_the_issues_masthead():
    # an FBIS Daily Report item: the issue's number and day in the masthead, the item's station, time and day below
    doc = parse_text("FOREIGN BROADCAST INFORMATION SERVICE\nDAILY REPORT\n\nNo. 156    Thursday, 10 November 1960\n\n"
                     "USSR & EAST EUROPE                                      BB 8\n\n"
                     "MESSAGE FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT-ELECT KENNEDY\n\n"
                     f"Moscow TASS International Service in English 2122 GMT 9 Nov 60--L\n\n(Text)\n\n{BODY}", "t")
    assert (doc.date.iso, doc.place) == ("1960-11-09", "Moscow")
    assert doc.title.casefold() == "message from chairman khrushchev to president-elect kennedy"
    assert Line("East Berlin ADN International Service in German 1900 GMT 3 Nov 61").dateline[0] == "East Berlin"


def test_notes_whose_figures_ocr_garbled_are_numbered_by_their_place():
    # an OCR text layer of a printed volume: the heading's superscript read as a caret, the first page's two notes
    # as carets, the next page's note numbered 3
    prose = PRINTED_PROSE
    text = (_printed_page(242, "242 Foreign Relations, 1961-1963, Volume VI",
                          ["    21. Letter From Chairman Khrushchev to President Kennedy^", "",
                           "                        Moscow, September 29, 1961.", "", *prose,
                           "recalled the talks of June.^ He asked for more.", "", "",
                           "^ Source: Department of State, Presidential Correspondence. Secret.",
                           "^ See the memorandum of conversation of June 26."])
            + _printed_page(243, "Kennedy-Khrushchev Exchanges 243", [*prose, "agreed to it.3", "", "",
                                                                        "3 See Document 16."]))
    doc = parse_text(text, "t")
    assert doc.title == "Letter From Chairman Khrushchev to President Kennedy" and doc.classification == ("SECRET",)
    assert sorted((f.number, f.text[:10]) for f in doc.footnotes) == [
        ("1", "Source: De"), ("2", "See the me"), ("3", "See Docume")]


def test_an_outliners_bulleted_properties_and_tags_are_fields():
    # a Roam Research page exported as Markdown: properties as bullets, dates as daily-note links, markings as tags,
    # the text under a bold block; the title only in the file's name
    doc = parse_text("- Type:: [[Letter]]\n- Date:: [[May 15th, 1963]]\n- Place:: [[Moscow]]\n"
                     "- Classification:: #[[Top Secret]] #[[Eyes Only]]\n- Source:: [[FRUS 1961-1963 Vol VI]], Document 101\n"
                     f"- **Transcript**\n    - {BODY}\n", "FRUS VI 101 - Letter From Chairman Khrushchev to President Kennedy")
    assert (doc.title, doc.date.iso, doc.place) == (
        "Letter From Chairman Khrushchev to President Kennedy", "1963-05-15", "Moscow")
    assert doc.classification == ("TOP SECRET", "EYES ONLY") and doc.citation.startswith("FRUS 1961-1963 Vol VI")


def test_a_registers_grading_is_the_classification():
    doc = _doc("Title         : Letter From the Ambassador to the Minister\nDate of doc.  : 15-FEB-1962\n"
               "Grading       : SECRET / NIACT\n-------------------------------------------------------------------\n"
               "FULL TEXT:")
    assert (doc.title, doc.date.iso, doc.classification) == (
        "Letter From the Ambassador to the Minister", "1962-02-15", ("SECRET", "NIACT"))


def test_a_withdrawal_sheets_rows_are_the_papers_taken_out_not_the_document():
    # a presidential library's digitized folder: the withdrawal sheet lists another paper with its own date
    doc = _doc("John F. Kennedy Presidential Library & Museum\n\nDigital Identifier: JFKPOF-100-002\n\n"
               "               WITHDRAWAL SHEET (PRESIDENTIAL LIBRARIES)\n\n"
               "NO. FORM OF  CORRESPONDENTS OR TITLE         DATE      PAGES RESTRICTION\n    DOCUMENT\n\n"
               "1   memo      Rusk to JFK                 1/17/62  2p   A\n\n"
               "RESTRICTION CODES\n(A) Closed by Executive Order 12356 governing access to national security "
               "information.\n\n                           SECRET\n\n"
               "TELEGRAM FROM THE DEPARTMENT OF STATE TO THE EMBASSY IN THE SOVIET UNION\n\n"
               "                                           Washington, December 30, 1961")
    assert doc.title.casefold() == "telegram from the department of state to the embassy in the soviet union"
    assert (doc.date.iso, doc.place, doc.classification) == ("1961-12-30", "Washington", ("SECRET",))


def test_a_converters_property_header_is_the_files_properties():
    # an RTF file through unrtf --text: its \\info block as "###" comment lines above the text
    doc = _doc("###  Translation from RTF performed by UnRTF, version 0.21.10 \n### font table contains 4 fonts total\n"
               "### creation date: 08 January 2003 15:36\n### revision date: 08 January 2003 14:47\n"
               "### title: Message From Chairman Khrushchev to President Kennedy\n### author: Reading Room\n"
               "-----------------\n\nDIVISION OF LANGUAGE SERVICES\n(TRANSLATION)\nLS NO. 46883\n\n"
               "\t\t\t\t\tMoscow, November 9, 1960")
    assert (doc.title, doc.date.iso, doc.place) == (
        "Message From Chairman Khrushchev to President Kennedy", "1960-11-09", "Moscow")
    assert dict(doc.metadata)["creation_date"].startswith("08 January 2003")
    assert not any("UnRTF" in p.text or "font table" in p.text for p in doc.paragraphs)
    # Markdown headings are no property header
    assert parse_text(f"### Letter From the Ambassador\n\n### Date: 15 February 1962\n\n{BODY}", "t").title == \
        "Letter From the Ambassador"


def test_a_document_printed_within_a_record_is_dated_by_its_own_dateline():
    # the Congressional Record's text: the issue's header, a Senator's request, then the document as printed
    doc = parse_text("[Congressional Record Volume 148, Number 120 (Tuesday, October 1, 2002)]\n[Senate]\n"
                     "[Pages S10043-S10044]\n\n          LETTER FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY\n\n"
                     "  Mr. BIDEN. Mr. President, I ask unanimous consent that the \ntext of this document be printed "
                     "in the Record. \n  There being no objection, the material was ordered to be \nprinted in the "
                     f"Record, as follows: \n\n                                 Moscow, October 24, 1962.\n\n{BODY}\n",
                     "t")
    assert (doc.date.iso, doc.place) == ("1962-10-24", "Moscow")
    assert doc.title.casefold() == "letter from chairman khrushchev to president kennedy"


def test_a_digital_librarys_cover_sheet_and_download_stamps_are_no_part_of_the_document():
    # a journal's documents section downloaded from JSTOR, as pdftotext gives it: the cover sheet (the article's
    # record and the library's terms), a download stamp at each page's foot, notes numbered on from the article's
    stamp = ("This content downloaded from 128.158.83.171 on Thu, 25 Jun 2020 03:19:45 UTC\n"
             "All use subject to https://about.jstor.org/terms\n")
    text = ("Kennedy, Khrushchev, and the Letters: New Documents\nAuthor(s): Editors\n"
            "Source: Diplomatic History, Vol. 30, No. 3 (Spring 2006), pp. 251-402\nPublished by: Oxford University Press\n"
            "Stable URL: https://www.jstor.org/stable/24526627\nAccessed: 25-06-2020 03:19 UTC\n\n"
            "JSTOR is a not-for-profit service that helps scholars, researchers, and students discover, use, and build\n"
            "upon a wide range of content in a trusted digital archive.\n\n"
            "Your use of the JSTOR archive indicates your acceptance of the Terms & Conditions of Use, available at\n"
            f"https://about.jstor.org/terms\n\n{stamp}\n534   DIPLOMATIC HISTORY\n\n"
            "Letter From Chairman Khrushchev to President Kennedy35\n\nMoscow, May 15, 1963\n\n"
            "Dear Mr. President: I have received your message of May 13, 1963.36\n"
            "I was pleased to learn from it that as your personal representative for a trip\n"
            "to Moscow you have designated Secretary of State Dean Rusk and that he would like to\n"
            "make use in this connection of the invitation once extended to him by Foreign Minister\n"
            "Andrey A. Gromyko. We will be glad to see Mr. Rusk here and to have a frank exchange of\n"
            "opinion with him on questions of interest for both sides. You write that you are more\n"
            "than ever of the opinion that a visit to Moscow by your personal representative would be\n"
            "useful. I want to think so too. Let us hope that the trip by Secretary of State Dean Rusk\n"
            "will turn out to be both useful and fruitful.37\n\n"
            "35. Source: Department of State, Presidential Correspondence: Lot 77\nD 163. Top Secret; Eyes Only.\n"
            f"36. Document 100.\n37. Printed from an unsigned copy.\n\n{stamp}")
    doc = parse_text(text, "t")
    assert (doc.title, doc.date.iso, doc.place) == (
        "Letter From Chairman Khrushchev to President Kennedy", "1963-05-15", "Moscow")
    assert doc.classification == ("TOP SECRET", "EYES ONLY")
    assert doc.container_title == "Kennedy, Khrushchev, and the Letters: New Documents"
    assert sorted(f.number for f in doc.footnotes) == ["35", "36", "37"]
    assert {p.page for p in doc.paragraphs} == {"534"}
    assert not any("JSTOR" in p.text or "downloaded" in p.text for p in doc.paragraphs)


def test_a_notebooks_code_cells_are_no_text_and_its_printed_record_gives_fields():
    # a Jupyter notebook exported by nbconvert to Markdown: a heading cell, a code cell printing the document's
    # record as a Python mapping, the text with HTML superscripts, the notes
    doc = parse_text("## 108. Message From Chairmen Khrushchev and Brezhnev to President Kennedy\n\n```python\n"
                     "row = letters.loc['d108']\nprint(row.to_dict())\n```\n\n"
                     "    {'doc': 'frus1961-63v06/d108', 'date': '1963-07-04', 'place': 'Moscow', "
                     "'classification': ['Secret', 'Eyes Only'], 'notes': 1}\n\n\n"
                     f"{BODY}<sup>1</sup>\n\n### Notes\n\n1. Printed from a copy that bears these typed signatures.\n\n"
                     "```python\nlen(text.split())\n```\n\n    121\n", "t")
    assert (doc.title, doc.date.iso, doc.place) == (
        "Message From Chairmen Khrushchev and Brezhnev to President Kennedy", "1963-07-04", "Moscow")
    assert doc.classification == ("SECRET", "EYES ONLY")
    assert [f.number for f in doc.footnotes] == ["1"] and doc.paragraphs[0].text.endswith("in full.[1]")
    assert not any("loc[" in p.text or "split()" in p.text for p in doc.paragraphs)


def test_a_withdrawal_sheets_row_dates_the_paper_it_describes_when_that_paper_follows():
    # the paper withdrawn and since opened follows its sheet, which alone dates it (generated layout, seed 111)
    doc = _doc('          — SECRET — EYES ONLY — OPERATIONAL IMMEDIATE —\n\nWITHDRAWAL SHEET (PRESIDENTIAL LIBRARIES)\n\n\nFORM OF DOCUMENT    CORRESPONDENTS OR TITLE                         DATE      RESTRICTION\n\nTelegram            the Embassy in the Soviet Union to the Department of State (4 pp.)  7/27/63   A\n\n                    OPENED 10/16/96\n\n\nFILE LOCATION   National Security Files, Countries, USSR, Box 181\n\n\nRESTRICTION CODES\n\n(A) Closed by applicable Executive order governing access to national security information.\n\n(B) Closed by statute or by the agency which originated the document.\n\n\nNA FORM 1429 (6-95)\n\n\x0c\n\n\nRe\t[telegram from the embassy in the soviet union to the department of state]\n\n\nTO                    the Department of State\n\nFROM                  the Embassy in the Soviet Union\n')
    assert doc.title.casefold() == "telegram from the embassy in the soviet union to the department of state"
    assert doc.date.iso == "1963-07-27"


def test_a_site_path_a_search_box_and_a_menu_apart_by_spaces_are_chrome():
    # a documents database's page copied from the browser (Dodis), and a parliament's debates site (historic Hansard)
    doc = _doc("Dodis\nHome  Database  Publications  e-Dossiers  About us\nSearch...\n\ndodis.ch/30715\n"
               "Letter From Chairman Khrushchev to President Kennedy\n\nDate: 17.5.1963\nPlace: Moscow")
    assert (doc.title, doc.date.iso, doc.place) == (
        "Letter From Chairman Khrushchev to President Kennedy", "1963-05-17", "Moscow")
    doc = _doc("HANSARD 1803–2005 → 1960s → 1962 → October 1962 → 29 October 1962 → Commons Sitting\n\n"
               "LETTER FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY")
    assert doc.title.casefold() == "letter from chairman khrushchev to president kennedy"


def test_a_court_exhibits_filing_stamp_and_label_are_no_title():
    # a released document filed as an exhibit in a FOIA suit, as text from the court's PDF (PACER's header on
    # every page)
    doc = parse_text("Case 1:18-cv-02099-CKK Document 35-7 Filed 05/03/22 Page 1 of 2\n\nEXHIBIT G\n\n"
                     "Exhibit G: Letter From Chairman Khrushchev to President Kennedy (May. 17, 1963).\n\n"
                     "Case 1:18-cv-02099-CKK Document 35-7 Filed 05/03/22 Page 2 of 2\n\n"
                     f"                                             Moscow, May 17, 1963\n\n{BODY}\n", "t")
    assert (doc.title, doc.date.iso, doc.place) == (
        "Letter From Chairman Khrushchev to President Kennedy", "1963-05-17", "Moscow")
    assert not any("Filed" in p.text for p in doc.paragraphs)


def test_a_spreadsheet_saved_as_tab_delimited_text_is_a_table(tmp_path):
    from search_engine.ingest.readers import read_documents

    path = tmp_path / "letters.txt"  # Excel's "Text (Tab delimited)", named .txt
    path.write_text("ID\tTitle\tDate\tClassification\tText\r\n"
                    f"FRUS-VI-102\tLetter From Chairman Khrushchev to President Kennedy\t5/17/1963\tNone\t\"{BODY}\r\n"
                    "The Soviet people send congratulations.\"\r\n", encoding="utf-8")
    (doc,) = read_documents(str(path))
    assert (doc.title, doc.date.iso, doc.format) == (
        "Letter From Chairman Khrushchev to President Kennedy", "1963-05-17", "table")
    # a text with tabs in its lines stays text
    path.write_text(f"Letter From the Ambassador\n\nDate:\t15 February 1962\n\n{BODY}\n", encoding="utf-8")
    assert read_documents(str(path))[0].format == "text"


def test_a_note_programs_created_and_updated_stamps_are_the_notes_history():
    # an Evernote note exported and saved as text: its attributes apart by tabs, stamped to the minute
    doc = _doc("Letter From Chairman Khrushchev to President Kennedy\n\nCreated:\t5/14/2017 3:24 PM\n"
               "Updated:\t5/14/2017 11:30 PM\nAuthor:\tmlopez\nTags:\tFRUS, Secret\n"
               "Source:\thttps://history.state.gov/historicaldocuments/frus1961-63v06/d106\n\nMoscow, 8 June 1963")
    assert (doc.date.iso, doc.place) == ("1963-06-08", "Moscow")
    assert dict(doc.metadata)["created"] == "5/14/2017 3:24 PM" and dict(doc.metadata)["updated"] == "5/14/2017 11:30 PM"
    # a catalogue's "Created" without a time of day is the document's date, as before
    assert _doc("Letter From the Ambassador to the Minister\n\nCreated: 15 February 1962").date.iso == "1962-02-15"
