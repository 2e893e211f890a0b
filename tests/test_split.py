"""A file of many documents is parted at the heads it repeats; a document of one file stays whole."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine, read_documents
from search_engine.cli import main
from search_engine.ingest.text import parse_text, parse_text_documents

from .conftest import SEEDS

BODY = ("The Ambassador said that the talks had reached a point where both governments would have to decide "
        "whether an agreement on the cessation of nuclear tests was possible this year, and that his government "
        "was ready to consider any proposal which did not require inspection on its territory.")


def _memo(subject: str, day: str, stamp: str = "SECRET") -> str:
    return f"{stamp}\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: {subject}\n\nDATE: {day}\n\n{BODY}\n\n{BODY}\n"


def test_a_bundle_of_memoranda_is_parted_into_its_documents():
    text = "\n\n".join([_memo("Talks with the Ambassador", "14 June 1963"),
                        _memo("Second Meeting on the Test Ban", "2 July 1963", "CONFIDENTIAL"),
                        _memo("Conclusions", "15 July 1963")])
    docs = parse_text_documents(text, "bundle", "folder/bundle.txt")
    assert [d.doc_id for d in docs] == ["bundle", "bundle/2", "bundle/3"]
    assert [d.title for d in docs] == ["Memorandum for the Record: Talks with the Ambassador",
                                       "Memorandum for the Record: Second Meeting on the Test Ban",
                                       "Memorandum for the Record: Conclusions"]
    assert [d.date.iso for d in docs] == ["1963-06-14", "1963-07-02", "1963-07-15"]
    assert [d.classification for d in docs] == [("SECRET",), ("CONFIDENTIAL",), ("SECRET",)]
    assert all(len(d.paragraphs) == 2 for d in docs)
    # parse_text reads a text as one document, as it did (an e-mail's body, a string handed to the API)
    assert parse_text(text, "bundle").doc_id == "bundle"


def test_an_edition_printed_in_one_file_is_parted_at_its_numbered_headings():
    text = ("Foreign Relations of the United States\n\nVolume VI\n\n"
            "1. Letter From Chairman Khrushchev to President Kennedy\n\nMoscow, October 26, 1962.\n\n"
            f"{BODY}\n\n"
            "2. Editorial Note\n\nOn October 27 the President met with his advisers in the Cabinet Room.\n\n"
            "3. Telegram From the Embassy in the Soviet Union to the Department of State\n\n"
            f"Moscow, October 28, 1962, 5 p.m.\n\n{BODY}\n")
    docs = parse_text_documents(text, "volume")
    assert [d.title for d in docs] == ["Letter From Chairman Khrushchev to President Kennedy", "Editorial Note",
                                       "Telegram From the Embassy in the Soviet Union to the Department of State"]
    assert [d.date.iso if d.date else None for d in docs] == ["1962-10-26", None, "1962-10-28"]


@pytest.mark.parametrize("text", [
    # a letter with its date and signature at the end
    f"Letter From President Kennedy to Chairman Khrushchev\n\nWashington, October 27, 1962\n\n{BODY}\n\n{BODY}\n\n"
    "Washington, October 28, 1962\n\nJOHN F. KENNEDY\n",
    # numbered paragraphs are a document's own sections
    f"MEMORANDUM FOR THE RECORD\n\nDATE: 14 June 1963\n\n1. Background\n\n{BODY}\n\n2. Discussion\n\n{BODY}\n\n"
    f"3. Conclusions\n\n{BODY}\n",
    # a telegram that quotes a letter with its own dateline
    f"Telegram From the Embassy in the Soviet Union to the Department of State\n\nMoscow, October 26, 1962\n\n"
    f"{BODY}\n\nMoscow, October 25, 1962\n\nDear Mr. President,\n\n{BODY}\n",
])
def test_a_document_of_one_file_stays_whole(text):
    assert len(parse_text_documents(text, "one")) == 1


def test_a_routing_slip_goes_with_the_memorandum_it_covers():
    slip = "ROUTING SLIP\n\nTO: Chief, SR Division\nFROM: DDP\nDATE: 1 June 1963\n\n"
    text = _memo("First Memorandum", "14 May 1963") + "\n\n" + slip + _memo("Second Memorandum", "2 June 1963")
    docs = parse_text_documents(text, "slips")
    assert len(docs) == 2 and docs[0].title == "Memorandum for the Record: First Memorandum"
    assert docs[1].title.endswith(": Second Memorandum") and "ROUTING SLIP" in docs[1].header


def test_front_matter_that_titles_the_file_keeps_it_one_document():
    text = "---\ntitle: Notes of the Working Group\n---\n" + _memo("One", "14 June 1963") + "\n" + _memo("Two",
                                                                                                          "2 July 1963")
    (doc,) = parse_text_documents(text, "notes")
    assert doc.title == "Notes of the Working Group"


def test_the_seeds_are_one_document_each():
    for path in sorted(SEEDS.glob("*.txt")):
        assert len(read_documents(str(path))) == 1, path.name


def test_a_file_of_many_is_indexed_searched_and_shown_by_part(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "bundle.txt").write_text(_memo("Talks with the Ambassador", "14 June 1963") + "\n\n"
                                       + _memo("Second Meeting on the Test Ban", "2 July 1963", "CONFIDENTIAL"))
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    hits = engine.search("ambassador", date_from="1963-07-01")
    assert {h.doc_id for h in hits} == {"bundle/2"}
    assert hits[0].source.endswith("bundle.txt") and hits[0].date.iso == "1963-07-02"
    runner = CliRunner()
    result = runner.invoke(main, ["show", "bundle/2", "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["title"] == "Memorandum for the Record: Second Meeting on the Test Ban"
    assert shown["classification"] == ["CONFIDENTIAL"]


@pytest.mark.parametrize("turn", ["\n\n", "\n\f\n"])
def test_a_closing_stamp_stays_with_the_document_it_closes(turn):
    # each memorandum typed with its marking at its top and its foot: the foot's stamp closes the one before, the
    # next top's opens the next (with or without a form feed between them)
    def closed(subject: str, day: str, stamp: str) -> str:
        return _memo(subject, day, stamp) + f"\n{stamp}\n"

    text = turn.join([closed("Talks with the Ambassador", "14 June 1963", "SECRET"),
                      closed("Second Meeting on the Test Ban", "2 July 1963", "CONFIDENTIAL"),
                      closed("Conclusions", "15 July 1963", "TOP SECRET")])
    docs = parse_text_documents(text, "bundle")
    assert [d.date.iso for d in docs] == ["1963-06-14", "1963-07-02", "1963-07-15"]
    assert [d.classification for d in docs] == [("SECRET",), ("CONFIDENTIAL",), ("TOP SECRET",)]
    assert [d.header[0] for d in docs] == ["SECRET", "CONFIDENTIAL", "TOP SECRET"]


def test_a_closing_stamp_at_a_pages_foot_is_not_the_next_documents():
    one = _memo("Talks with the Ambassador", "14 June 1963", "CONFIDENTIAL") + "\nSECRET\n"
    two = "Telegram From the Embassy in the Soviet Union to the Department of State\n\nMoscow, July 2, 1963\n\n" + BODY
    docs = parse_text_documents(one + "\f\n" + two + "\n\n" + BODY + "\n", "pair")
    assert len(docs) == 2 and docs[1].title.startswith("Telegram From the Embassy")
    assert "SECRET" in docs[0].classification and docs[1].classification == ()


DIARY = ("Diary of a Desk Officer, Bureau of Inter-American Affairs\nOctober 1962\n\n"
         "Tuesday, October 16, 1962\n\nArrived at 8:15. The Secretary's staff meeting ran long. Rumors on the seventh\n"
         "floor of something serious concerning Cuba; nobody would say what.\n\n"
         "Wednesday, October 17, 1962\n\nLong day. Asked to prepare background on the Rio Treaty's provisions for\n"
         "collective action. Martin came down at six and told us to stay late all week.\n\n"
         "Thursday, October 18, 1962\n\nGromyko at the White House this afternoon. We heard nothing until the\n"
         "evening, when the Assistant Secretary said only that the President had listened.\n\n"
         "Monday, October 22, 1962\n\nThe President spoke at seven. The quarantine proclamation is being drafted\n"
         "here tonight. Everyone in the bureau is sleeping in the office.\n")


def test_a_calendar_of_entries_is_parted_into_its_days(tmp_path):
    docs = parse_text_documents(DIARY, "diary", "folder/diary.txt")
    assert [d.doc_id for d in docs] == ["diary", "diary/2", "diary/3", "diary/4"]
    assert [d.date.iso for d in docs] == ["1962-10-16", "1962-10-17", "1962-10-18", "1962-10-22"]
    # each entry bears the title of the whole; its own text is its own
    assert {d.title for d in docs} == {"Diary of a Desk Officer, Bureau of Inter-American Affairs"}
    assert [len(d.paragraphs) for d in docs] == [1, 1, 1, 1]
    assert docs[3].paragraphs[0].text.startswith("The President spoke at seven.")
    # found and narrowed by its own day
    (tmp_path / "diary.txt").write_text(DIARY, encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([tmp_path / "diary.txt"])
    hits = engine.search("quarantine", date_from="1962-10-20").hits
    assert [h.doc_id for h in hits] == ["diary/4"]


@pytest.mark.parametrize("text", [
    # two dated entries: a letter's date and its postscript's as often as a diary's
    DIARY.split("Thursday")[0],
    # days out of order are no calendar: dates a text quotes
    DIARY.replace("Monday, October 22, 1962", "Monday, October 15, 1962"),
    # a document's own head above the first date, and prose before it: a memorandum that quotes a chronology
    f"MEMORANDUM FOR THE RECORD\n\nSUBJECT: Chronology\n\n{BODY}\n\n" + DIARY.split("\n\n", 1)[1],
])
def test_dates_alone_that_are_no_calendar_leave_the_text_whole(text):
    assert len(parse_text_documents(text, "x")) == 1


NOTES = """# Research notes: Berlin, 1961

## Letter from Khrushchev to Kennedy, 9 November 1961

Source: FRUS 1961-63, vol. XIV, doc. 209.

Khrushchev proposes that the two leaders continue their private correspondence on Berlin and Germany.

My note: compare with the Vienna memorandum of 4 June.

## Memorandum of conversation, Rusk and Gromyko, 21 September 1961

Source: FRUS 1961-63, vol. XIV, doc. 154. SECRET.

Rusk and Gromyko discussed access to West Berlin and the status of the city.

## Telegram from Bonn, 2 October 1961

Source: NARA, RG 59, Central Decimal File 762.00/10-261. CONFIDENTIAL.

Ambassador Dowling reports Adenauer's worry that the Americans would negotiate over the Germans' heads.
"""


def test_headings_that_name_and_date_their_documents_part_a_researchers_notes():
    """Excerpts too short to be documents under a head of fields are documents under a heading that names and
    dates each one, as under an edition's numbered headings; the file's own title goes to the first one's header."""
    docs = parse_text_documents(NOTES, "research_notes", "research_notes.md", "markdown")
    assert [(d.doc_id, d.title, d.date.iso, d.classification) for d in docs] == [
        ("research_notes", "Letter from Khrushchev to Kennedy", "1961-11-09", ()),
        ("research_notes/2", "Memorandum of conversation, Rusk and Gromyko", "1961-09-21", ("SECRET",)),
        ("research_notes/3", "Telegram from Bonn", "1961-10-02", ("CONFIDENTIAL",))]
    assert docs[0].header[0] == "Research notes: Berlin, 1961"
    assert docs[2].citation.startswith("NARA, RG 59")
    # the same excerpts under headings that do not date them stay one file's text
    undated = "\n".join(line.split(",")[0] if line.startswith("## ") else line for line in NOTES.splitlines())
    assert len(parse_text_documents(undated, "n", "n.md", "markdown")) == 1


def test_a_source_below_each_text_closes_its_document_not_the_next(tmp_path):
    """A researcher's transcriptions, each ending with its signature and "Source:": the file's last lines show that
    its documents give their source after their text, so the citation below one text is that document's."""
    text = ("# Berlin, 1961: my transcriptions\n\n"
            "## 1. Ulbricht to Khrushchev, 15 September 1960\n\n*Streng geheim*\n\nDear Comrade Khrushchev,\n\n"
            "The situation in Berlin is becoming more difficult every week. The flight of specialists to West Berlin "
            "damages our economy.\n\nWith communist greetings, W. Ulbricht\n\nSource: SAPMO-BArch, DY 30/3682, Bl. 1-4.\n\n"
            "## 2. Minute by the Prime Minister, 14 August 1961\n\nSECRET\n\nForeign Secretary,\n\n"
            "I do not think we should make too much of the closing of the sector border. It is, after all, their "
            "territory.\n\nH.M.\n\nSource: TNA, PREM 11/3348.\n\n"
            "## 3. Record of a conversation between Rusk and Gromyko, 21 September 1961\n\nCONFIDENTIAL\n\n"
            "The Secretary opened by saying that the United States would not accept any interference with access to "
            "West Berlin.\n\nSource: FRUS, 1961-1963, vol. XIV, doc. 156.\n")
    (tmp_path / "notes.md").write_text(text, encoding="utf-8")
    docs = read_documents(str(tmp_path / "notes.md"))
    assert [(d.title, d.date.iso, d.citation) for d in docs] == [
        ("1. Ulbricht to Khrushchev", "1960-09-15", "SAPMO-BArch, DY 30/3682, Bl. 1-4."),
        ("Minute by the Prime Minister", "1961-08-14", "TNA, PREM 11/3348."),
        ("Record of a conversation between Rusk and Gromyko", "1961-09-21", "FRUS, 1961-1963, vol. XIV, doc. 156.")]
    assert docs[0].paragraphs[-1].text == "With communist greetings, W. Ulbricht"
    assert [d.classification for d in docs] == [("TOP SECRET",), ("SECRET",), ("CONFIDENTIAL",)]


def _stamped(subject: str, day: str, stamp: str | None) -> str:
    """A memorandum as a registry typed it: its marking at its top and again at its foot (none when unmarked)."""
    mark = f"{stamp}\n\n" if stamp else ""
    foot = f"\n\n{stamp}" if stamp else ""
    return f"{mark}MEMORANDUM\n\nSUBJECT: {subject}\n\nDATE: {day}\n\n{BODY}\n\n{BODY}{foot}\n"


def test_a_marking_at_a_documents_foot_closes_it_and_is_not_the_next_ones():
    # the second memorandum bears no marking: the SECRET between them is the first one's foot, and a marking typed
    # at the foot and at the next top (CONFIDENTIAL, CONFIDENTIAL) is one each; the headings "MEMORANDUM" repeated
    # through the file are headings, not running heads
    text = "\n\n".join([_stamped("Talks with the Ambassador", "14 June 1963", "SECRET"),
                        _stamped("Arrangements for the Visit", "20 June 1963", None),
                        _stamped("Second Meeting on the Test Ban", "2 July 1963", "CONFIDENTIAL"),
                        _stamped("Third Meeting on the Test Ban", "9 July 1963", "CONFIDENTIAL")])
    docs = parse_text_documents(text, "bundle")
    assert [d.title for d in docs] == ["Memorandum: Talks with the Ambassador", "Memorandum: Arrangements for the Visit",
                                       "Memorandum: Second Meeting on the Test Ban",
                                       "Memorandum: Third Meeting on the Test Ban"]
    assert [d.classification for d in docs] == [("SECRET",), (), ("CONFIDENTIAL",), ("CONFIDENTIAL",)]


def test_a_marking_between_two_documents_opens_the_next_when_the_one_before_bears_none():
    # documents marked at their top only: a marking after an unmarked document's text is the next one's
    text = "\n\n".join([f"MEMORANDUM\n\nSUBJECT: A Note for the Files\n\nDATE: 20 June 1963\n\n{BODY}\n",
                        _stamped("Talks with the Ambassador", "14 June 1963", "SECRET"),
                        f"MEMORANDUM\n\nSUBJECT: Conclusions\n\nDATE: 15 July 1963\n\n{BODY}\n\nSECRET\n"])
    docs = parse_text_documents(text, "bundle")
    assert [d.classification for d in docs] == [(), ("SECRET",), ("SECRET",)]


def test_saved_pages_one_after_another_keep_their_notes_and_the_site_lines_go_with_the_next():
    # history.state.gov pages saved into one file: each page's site name, breadcrumb and volume title stand between
    # the notes of one document and the numbered heading of the next
    def page(number: int, title: str, dateline: str, source: str) -> str:
        return (f"Office of the Historian\n\nHome › Historical Documents › Foreign Relations of the United States, "
                f"1961–1963, Volume VI › Document {number}\n\nForeign Relations of the United States, 1961–1963, "
                f"Volume VI, Kennedy-Khrushchev Exchanges\n\n{number}. {title}¹\n\n{dateline}\n\n{BODY}²\n\n{BODY}\n\n"
                f"Footnotes\n\n1. Source: {source}\n\n2. See Document {number - 1}.\n")
    text = "\n\n".join([page(4, "Telegram From the Department of State to the Embassy in the Soviet Union",
                             "Washington, January 21, 1961, 6:34 p.m.",
                             "Department of State, Central Files, 711.11-KE/1-2161. Unclassified; Niact."),
                        page(5, "Letter From President Kennedy to Chairman Khrushchev", "Washington, February 13, 1961.",
                             "Department of State, Presidential Correspondence: Lot 66 D 204. Secret."),
                        page(6, "Message From Chairman Khrushchev to President Kennedy", "Moscow, February 15, 1961.",
                             "Department of State, Presidential Correspondence: Lot 66 D 204. No classification "
                             "marking.")])
    docs = parse_text_documents(text, "hsg")
    assert [d.title for d in docs] == ["Telegram From the Department of State to the Embassy in the Soviet Union",
                                       "Letter From President Kennedy to Chairman Khrushchev",
                                       "Message From Chairman Khrushchev to President Kennedy"]
    assert [d.classification for d in docs] == [("UNCLASSIFIED", "NIACT"), ("SECRET",), ()]
    assert [sorted(f.text[:6] for f in d.footnotes) for d in docs] == [["See Do", "Source"]] * 3
    assert all(d.citation.startswith("Department of State") for d in docs)
    assert not any("Foreign Relations of the United States, 1961–1963, Volume VI" in p.text
                   for d in docs for p in d.paragraphs)


def test_a_printed_volume_whose_documents_each_begin_a_page_keeps_their_headings_and_notes():
    # pdftotext's form feeds between the pages; letters titled alike, each on a page of its own, each ending with the
    # same editor's note: the headings and notes at the pages' edges are the documents', not running heads and feet
    def letter(title: str, dateline: str) -> str:
        return (f"{title}\n\n{dateline}\n\n{BODY}<1>\n\n{BODY}\n\nENDNOTES\n\n"
                "<1> Printed from a copy that bears this typed signature.\n")
    pages = [letter("Letter From President Kennedy to Chairman Khrushchev", "Washington, April 18, 1961"),
             letter("Letter From Chairman Khrushchev to President Kennedy", "Moscow, April 22, 1961"),
             letter("Letter From President Kennedy to Chairman Khrushchev", "Washington, May 16, 1961"),
             letter("Letter From Chairman Khrushchev to President Kennedy", "Moscow, June 4, 1961")]
    docs = parse_text_documents("\f".join(pages), "volume")
    assert [d.title for d in docs] == ["Letter From President Kennedy to Chairman Khrushchev",
                                       "Letter From Chairman Khrushchev to President Kennedy"] * 2
    assert [d.date.iso for d in docs] == ["1961-04-18", "1961-04-22", "1961-05-16", "1961-06-04"]
    assert [[f.text for f in d.footnotes] for d in docs] == [["Printed from a copy that bears this typed signature."]] * 4


def test_records_forwarded_one_after_another_are_each_the_forwarded_document():
    # a reading room's replies saved into one file: each forwards a record whose own header dates it, and the
    # record's classification field stands in its header and again at its foot
    def forward(subject: str, sent: str, marking: str | None) -> str:
        field = f"Classification: {marking}\n\n" if marking else ""
        foot = f"\n\nClassification: {marking}" if marking else ""
        return ("From: Reading Room <reading.room@archives.example.org>\nSent: Tuesday, March 5, 2019 10:14 AM\n"
                f"To: researcher@example.edu\nSubject: FW: {subject}\n\nPlease find the requested document below.\n\n"
                f"-----Original Message-----\n\nFrom: the Department of State\nSent: {sent}\n"
                f"To: the Embassy in the Soviet Union\nSubject: {subject}\n\n{field}{BODY}\n\n{BODY}{foot}\n")
    text = "\n\n".join([forward("Telegram on the Test Ban Talks", "Saturday, January 21, 1961", "SECRET // NIACT"),
                        forward("Telegram on the Vienna Meeting", "Monday, May 15, 1961", None),
                        forward("Telegram on Laos", "Friday, June 2, 1961", "CONFIDENTIAL"),
                        forward("Telegram on Berlin", "Monday, July 17, 1961", "CONFIDENTIAL")])
    docs = parse_text_documents(text, "replies")
    assert [d.title for d in docs] == ["Telegram on the Test Ban Talks", "Telegram on the Vienna Meeting",
                                       "Telegram on Laos", "Telegram on Berlin"]
    assert [d.date.iso for d in docs] == ["1961-01-21", "1961-05-15", "1961-06-02", "1961-07-17"]
    assert [d.classification for d in docs] == [("SECRET", "NIACT"), (), ("CONFIDENTIAL",), ("CONFIDENTIAL",)]


def test_an_etext_of_a_documentary_volume_is_parted_at_its_headings():
    # a Project Gutenberg e-text: each document's heading in capitals, its dateline in emphasis, the book's page
    # markers and bracketed footnotes in the text
    def document(title: str, dateline: str, page: int) -> str:
        wrapped = textwrap.fill(BODY, 70)
        return (f"{title}\n\n_{dateline}._\n\n{wrapped}[1]\n\n[Pg {page}]\n\n{wrapped}\n\n{wrapped}\n\n"
                "[Footnote 1: Printed from a copy that bears this typed signature.]\n")
    text = "\n\n\n".join([document("LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV", "Washington, April 18, 1961", 12),
                          document("LETTER FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY", "Moscow, April 22, 1961", 15),
                          document("TELEGRAM FROM THE EMBASSY IN THE SOVIET UNION TO THE DEPARTMENT OF STATE",
                                   "Moscow, May 16, 1961", 19)])
    docs = parse_text_documents(text, "etext")
    assert [d.date.iso for d in docs] == ["1961-04-18", "1961-04-22", "1961-05-16"]
    assert [d.place for d in docs] == ["Washington", "Moscow", "Moscow"]
    assert [d.title.lower() for d in docs] == ["letter from president kennedy to chairman khrushchev",
                                               "letter from chairman khrushchev to president kennedy",
                                               "telegram from the embassy in the soviet union to the department of state"]


@pytest.mark.parametrize(("cited", "note"), [("(NOTE 1)", "NOTE 1 -"), ("^1", "^1"), ("[^1]", "[^1]:")])
def test_a_signature_that_cites_a_note_in_each_letter_of_a_bundle_is_no_running_head(cited, note):
    # each letter ends with the same signature and its note's reference: the reference, dropped with the line as a
    # running head, would leave the note below it unattached
    def letter(day: str) -> str:
        return (f"MEMORANDUM\n\nSUBJECT: Message to Chairman Khrushchev\n\nDATE: {day}\n\n{BODY}\n\n{BODY}\n\n"
                f"John F. Kennedy{cited}\n\n{note} Printed from a copy that bears this typed signature.\n")
    docs = parse_text_documents("\n\n".join(letter(d) for d in ("14 June 1963", "2 July 1963", "15 July 1963",
                                                                  "2 August 1963")), "bundle")
    assert [d.date.iso for d in docs] == ["1963-06-14", "1963-07-02", "1963-07-15", "1963-08-02"]
    assert [[f.text for f in d.footnotes] for d in docs] == [["Printed from a copy that bears this typed signature."]] * 4


def test_a_printed_editions_document_numbers_above_their_headings_open_the_documents():
    # a foreign ministry's edition (the French DDF, the German AAPD) sets each document's number on a line of its
    # own above its heading, and prints its notes at the document's end with markers the text cites, no heading
    # above them: the number opens the next document, so the notes stay the last lines of theirs
    def document(number: str, title: str, dateline: str, note: str) -> str:
        return f"{number}\n\n{title}\n\n{dateline}\n\n{BODY}(1)\n\n{BODY}\n\n(1) {note}\n"
    text = "\n\n".join([
        document("1", "Message From Chairman Khrushchev to President-elect Kennedy", "Moscou, 9 novembre 1960.",
                 "Printed from an unsigned copy."),
        document("2", "Message From President-elect Kennedy to Chairman Khrushchev", "10 novembre 1960.",
                 "Document 1."),
        document("Nr. 3", "Message From Chairmen Khrushchev and Brezhnev to President Kennedy",
                 "Moscow, den 20. Januar 1961", "Printed from a copy that bears this typed signature.")])
    docs = parse_text_documents(text, "edition")
    assert [d.title for d in docs] == ["Message From Chairman Khrushchev to President-elect Kennedy",
                                       "Message From President-elect Kennedy to Chairman Khrushchev",
                                       "Message From Chairmen Khrushchev and Brezhnev to President Kennedy"]
    assert [d.date.iso for d in docs] == ["1960-11-09", "1960-11-10", "1961-01-20"]
    assert [[f.text for f in d.footnotes] for d in docs] == [["Printed from an unsigned copy."], ["Document 1."],
                                                            ["Printed from a copy that bears this typed signature."]]
    assert not any(p.text in ("1", "2", "Nr. 3") for d in docs for p in d.paragraphs)


def test_a_head_set_in_two_columns_is_read_in_every_document_of_a_file():
    # a printed despatch's number and markings on the left, its place on the right, in each document of a volume
    def despatch(number: int, title: str, markings: str, place: str, day: str) -> str:
        left = f"(No. {number}. {markings})"
        return (f"No. {number - 40}.\n\n{title}.—(Received {day.split(',')[0]}.)\n\n{left:<50}{place},\n"
                f"{day:>62}.\n\n{BODY}\n\n{BODY}\n")
    text = "\n\n\n".join([despatch(44, "Telegram From the Department of State to the Embassy in the Soviet Union",
                                   "Unclassified. Niact.", "Washington", "January 21, 1961"),
                          despatch(45, "Telegram From President Kennedy to Chairman Khrushchev", "Secret.",
                                   "Washington", "February 13, 1961"),
                          despatch(46, "Message From Chairman Khrushchev to President Kennedy", "Confidential.",
                                   "Moscow", "February 15, 1961")])
    docs = parse_text_documents(text, "print")
    assert [d.classification for d in docs] == [("UNCLASSIFIED", "NIACT"), ("SECRET",), ("CONFIDENTIAL",)]
    assert [d.place for d in docs] == ["Washington", "Washington", "Moscow"]
    assert [d.date.iso for d in docs] == ["1961-01-21", "1961-02-13", "1961-02-15"]


def test_telegrams_dated_by_a_label_no_list_names_are_parted():
    # the German edition's telegrams: the heading, the file reference, the telegram's number, and its times of
    # dispatch ("Aufgabe") and arrival ("Ankunft") under labels of their own; dated by the dispatch
    def telegram(number: int, title: str, sent: str, arrived: str) -> str:
        return (f"Nr. {number}\n\n{title}\n\nII A 5-82.00/94.{number}/62\n\nFernschreiben Nr. {100 + number}\n\n"
                f"Aufgabe: {sent}, 11.00 Uhr\n\nAnkunft: {arrived}, 00.05 Uhr\n\n{BODY}\n\n{BODY}\n")
    text = "\n\n".join([telegram(4, "Telegram From the Department of State to the Embassy in the Soviet Union",
                                 "21. Januar 1961", "22. Januar 1961"),
                        telegram(5, "Telegram From President Kennedy to Chairman Khrushchev", "13. Februar 1961",
                                 "14. Februar 1961"),
                        telegram(6, "Telegram From the Embassy in the Soviet Union to the Department of State",
                                 "18. April 1961", "18. April 1961")])
    docs = parse_text_documents(text, "aapd")
    assert [d.title for d in docs] == ["Telegram From the Department of State to the Embassy in the Soviet Union",
                                       "Telegram From President Kennedy to Chairman Khrushchev",
                                       "Telegram From the Embassy in the Soviet Union to the Department of State"]
    assert [d.date.iso for d in docs] == ["1961-01-21", "1961-02-13", "1961-04-18"]


def test_a_dated_line_above_the_notes_opens_no_document_of_notes():
    # a telegram's last line gives the day its message was released, and the notes below it are long: the notes
    # are the telegram's, no document of their own
    text = ("Telegram From the Department of State to the Embassy in the Soviet Union¹\n\nWashington, January 21, 1961\n\n"
            f"{BODY}\n\n{BODY}²\n\nMessage being released to press approximately 7:00 pm Washington time, January 21, "
            "1961.\n\nRusk\n\n____________\n¹ Source: Department of State, Central Files, 711.11-KE/1-2161. "
            "Unclassified; Niact. Drafted by McSweeney and Veliotes (SOV) and cleared by Goodpaster, Kretzmann, and "
            "Rusk. Another copy of this message is in the Kennedy Library, National Security Files, Countries Series, "
            "USSR, Khrushchev Correspondence.\n² Document 3.\n")
    docs = parse_text_documents(text, "telegram")
    assert len(docs) == 1
    assert [f.text for f in docs[0].footnotes if not f.text.startswith("Source")] == ["Document 3."]
    assert docs[0].classification == ("UNCLASSIFIED", "NIACT")


def test_a_confidential_print_keeps_each_despatchs_stamp_above_its_file_reference():
    # the Foreign Office's print: each despatch opens with the property notice, its marking, its file reference and
    # its number, then its heading and "(No. 48. Official Use Only.)"; the marking above the reference is the next
    # despatch's, not the foot of the one before (which bears another, or none)
    def despatch(marking: str, reference: str, number: int, title: str, stated: str, place: str, day: str) -> str:
        stamp = f"{marking:^60}\n" if marking else ""
        return (f"THIS DOCUMENT IS THE PROPERTY OF HER BRITANNIC MAJESTY'S GOVERNMENT\n\n{stamp}{reference:>64}\n\n"
                f"No. {number}.\n\n{title}.—(Received {day.split(',')[0]}.)\n\n{'(No. ' + str(40 + number) + '.' + stated + ')':<50}"
                f"{place},\n{day:>62}.\n\n{BODY}\n\n{BODY}\n")
    text = "\n\n\n".join([
        despatch("", "AN 1014/3", 3, "Message From Chairman Khrushchev to President Kennedy", "", "Moscow",
                 "January 20, 1961"),
        despatch("UNCLASSIFIED", "AN 1015/4", 4, "Telegram From the Department of State to the Embassy in the Soviet "
                 "Union", " Unclassified. Niact.", "Washington", "January 21, 1961"),
        despatch("OFFICIAL USE ONLY", "AN 1019/8", 8, "Telegram From the Department of State to the Embassy in the "
                 "Soviet Union", " Official Use Only.", "Washington", "April 12, 1961"),
        despatch("SECRET", "AN 1011/9", 9, "Telegram From the Embassy in the Soviet Union to the Department of State",
                 " Secret. Niact.", "Moscow", "April 18, 1961")])
    docs = parse_text_documents(text, "print")
    assert [d.date.iso for d in docs] == ["1961-01-20", "1961-01-21", "1961-04-12", "1961-04-18"]
    assert [d.classification for d in docs] == [(), ("UNCLASSIFIED", "NIACT"), ("OFFICIAL USE ONLY",),
                                                ("SECRET", "NIACT")]


def test_the_tail_of_a_heading_wrapped_alike_in_every_document_is_no_running_line():
    # pdftotext's printed volume: each telegram's heading wraps at the same word, so its last word (with the source
    # note's marker) stands alone on a line the file repeats, as a running head does
    def telegram(number: int, day: str) -> str:
        return (f"{number}. Telegram From the Department of State to the Embassy in the Soviet\nUnion1\n\n"
                f"Washington, {day}.\n\n    {BODY}\n\n    {BODY}\n")
    text = "\f".join(telegram(n, day) for n, day in [(4, "January 21, 1961"), (8, "April 12, 1961"),
                                                        (29, "December 4, 1961"), (31, "January 5, 1962")])
    docs = parse_text_documents(text, "volume")
    assert all("Union1" in d.header for d in docs)  # kept with its heading, not dropped as furniture
    assert [d.date.iso for d in docs] == ["1961-01-21", "1961-04-12", "1961-12-04", "1962-01-05"]


def test_a_note_that_ends_many_documents_of_an_etext_is_no_running_line():
    # a Project Gutenberg e-text of letters: each ends with its notes in footnote blocks, and many end with the same
    # editor's note; repeated, it is still each letter's note
    def letter(title: str, dateline: str) -> str:
        return (f"     {title}\n\n                 _{dateline}._\n\n{BODY}[1]\n\n{BODY}[2]\n\n"
                "[Footnote 1: Document 1.]\n\n[Footnote 2: Printed from an unsigned copy.]\n")
    text = "\n\n\n".join(letter(title, day) for title, day in [
        ("MESSAGE FROM PRESIDENT-ELECT KENNEDY TO CHAIRMAN KHRUSHCHEV", "Washington, November 10, 1960"),
        ("MESSAGE FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY", "Moscow, January 20, 1961"),
        ("LETTER FROM PRESIDENT KENNEDY TO CHAIRMAN KHRUSHCHEV", "Washington, February 22, 1961"),
        ("LETTER FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY", "Moscow, March 10, 1961")])
    docs = parse_text_documents(text, "etext")
    assert len(docs) == 4
    assert [[f.text for f in d.footnotes] for d in docs] == [["Document 1.", "Printed from an unsigned copy."]] * 4


def test_a_byline_below_each_heading_of_a_volume_is_not_the_headings_tail():
    # Wikisource pages saved into one file: each heading is followed by its byline, and the same author signs many
    def page(title: str, author: str, day: str) -> str:
        return f"{title}\nby {author}\n\n{day}\n\n{BODY}\n\n{BODY}\n"
    text = "\n\n\n".join(page(t, a, d) for t, a, d in [
        ("Message From President Kennedy to Chairman Khrushchev", "President Kennedy", "February 14, 1962"),
        ("Letter From President Kennedy to Chairman Khrushchev", "President Kennedy", "February 15, 1962"),
        ("Letter From President Kennedy to Chairman Khrushchev", "President Kennedy", "March 7, 1962"),
        ("Message From President Kennedy to Chairman Khrushchev", "President Kennedy", "April 9, 1962")])
    docs = parse_text_documents(text, "wikisource")
    assert [d.title for d in docs] == ["Message From President Kennedy to Chairman Khrushchev",
                                       "Letter From President Kennedy to Chairman Khrushchev",
                                       "Letter From President Kennedy to Chairman Khrushchev",
                                       "Message From President Kennedy to Chairman Khrushchev"]


def test_records_exported_one_after_another_with_their_text_are_parted_at_each_records_head():
    # a spreadsheet export repeats its header row above each record's row, a catalogue's MARC display its leader;
    # the text of each record follows its head
    tsv = "".join(f"doc_id\tdate\ttitle\tclassification\n{n}\t{day}\t{title}\tSECRET\n\n{BODY}\n\n{BODY}\n\n"
                  for n, day, title in [("d4", "1961-01-21", "Telegram From the Department of State to the Embassy"),
                                        ("d5", "1961-02-13", "Telegram From President Kennedy to Chairman Khrushchev"),
                                        ("d6", "1961-02-22", "Letter From President Kennedy to Chairman Khrushchev")])
    docs = parse_text_documents(tsv, "export")
    assert [(d.title, d.date.iso, d.classification) for d in docs] == [
        ("Telegram From the Department of State to the Embassy", "1961-01-21", ("SECRET",)),
        ("Telegram From President Kennedy to Chairman Khrushchev", "1961-02-13", ("SECRET",)),
        ("Letter From President Kennedy to Chairman Khrushchev", "1961-02-22", ("SECRET",))]
    assert all(len(d.paragraphs) == 2 for d in docs)
    marc = "".join(f"LEADER 00000ntc a2200000 i 4500\n001    frus-{n}\n245 10 $a {title}. $f {day}.\n"
                   f"506 ## $a Secret.\n651 #0 $a Washington.\n\n{BODY}\n\n{BODY}\n\n"
                   for n, day, title in [("d4", "1961 Jan. 21", "Telegram From the Department of State"),
                                         ("d5", "1961 Feb. 13", "Telegram From President Kennedy"),
                                         ("d6", "1961 Feb. 22", "Letter From President Kennedy")])
    docs = parse_text_documents(marc, "catalogue")
    assert [(d.title, d.date.iso, d.classification) for d in docs] == [
        ("Telegram From the Department of State", "1961-01-21", ("SECRET",)),
        ("Telegram From President Kennedy", "1961-02-13", ("SECRET",)),
        ("Letter From President Kennedy", "1961-02-22", ("SECRET",))]
    assert all(len(d.paragraphs) == 2 for d in docs)


def test_letters_of_one_day_keep_their_date_in_a_bundle_of_letters_on_letterhead():
    # each letter on its letterhead, dated below it; three written the same day: their date is no running line
    def letter(head: str, day: str, subject: str) -> str:
        return (f"{head}\n                                                 {day}\n\nHis Excellency\nPresident Kennedy,\n\n"
                f"Re: {subject}\n\n{BODY}\n\n{BODY}\n\nRespectfully yours,\n\nN. Khrushchev\n\n\n")
    head = "       CHAIRMAN OF THE COUNCIL OF MINISTERS OF THE U.S.S.R.\n                              MOSCOW"
    days = ["October 26, 1962", "October 27, 1962", "October 28, 1962", "October 28, 1962", "October 28, 1962",
            "November 4, 1962", "November 20, 1962"]
    text = "".join(letter(head, day, f"Letter {n} From Chairman Khrushchev to President Kennedy")
                   for n, day in enumerate(days, 1))
    docs = parse_text_documents(text, "bundle")
    assert [d.date.iso for d in docs] == ["1962-10-26", "1962-10-27", "1962-10-28", "1962-10-28", "1962-10-28",
                                          "1962-11-04", "1962-11-20"]
    assert [d.title for d in docs] == [f"Letter {n} From Chairman Khrushchev to President Kennedy"
                                       for n in range(1, 8)]
    # the date a running head repeats on every page is still the page's, not a document's
    page = f"SOVIET PRESS DIGEST\nOctober 28, 1962\n\n{BODY}\n\n{BODY}\n\f"
    one = parse_text_documents(page * 5, "digest")
    assert len(one) == 1 and not any("October 28, 1962" == p.text for p in one[0].paragraphs)


def test_wiki_pages_one_after_another_keep_their_headings_bylines_and_dated_notes():
    # each page: the site's lines, the heading with its byline below it, the dateline, the text, the notes under
    # the wiki's back-link arrows (one of them ends on a date, as a note citing a newspaper does)
    def page(n: int, heading: str, by: str, day: str) -> str:
        return (f"Foreign Relations of the United States, 1961–1963, Volume VI/Document {n}\nFrom Wikisource\n"
                f"Jump to navigation Jump to search\n← Document {n - 1}    Volume VI    Document {n + 1} →\n\n"
                f"{heading}\nby {by}\n\nMoscow, {day}\n\n{BODY} [1]\n\n{BODY} [2]\n\nNotes\n"
                f"↑ Dated October 23. (Department of State, Central Files, 611.3722/10-2362)\n"
                f"↑ For text of this statement, see The New York Times, {day}.\n\n"
                f'Retrieved from "https://en.wikisource.org/w/index.php?title=FRUS_VI/Document_{n}"\n'
                "This page was last edited on 3 March 2021, at 14:05.\n\n\n")
    pages = [(61, "Letter From Chairman Khrushchev to President Kennedy", "Nikita Khrushchev", "October 24, 1962"),
             (62, "Message From the Soviet Ministry of Foreign Affairs to the Soviet Ambassador to the United States "
                  "(Dobrynin)", "the Soviet Ministry of Foreign Affairs", "October 25, 1962"),
             (63, "Letter From Chairman Khrushchev to President Kennedy", "Nikita Khrushchev", "October 26, 1962")]
    docs = parse_text_documents("".join(page(*p) for p in pages), "wiki")
    assert [d.title for d in docs] == [p[1] for p in pages]
    assert [d.date.iso for d in docs] == ["1962-10-24", "1962-10-25", "1962-10-26"]
    assert [len(d.footnotes) for d in docs] == [2, 2, 2]


def test_an_etext_letters_closing_note_directly_above_the_next_heading_is_the_letters():
    # the letter's signature cites the note; the next letter's heading follows the note's block: the note closes
    # the letter above it and is no title of the next one
    def letter(title: str, dateline: str, note: str) -> str:
        return (f"     {title}\n\n                 _{dateline}._\n\n{BODY}\n\n{BODY}[1]\n\n"
                + textwrap.fill(f"[Footnote 1: On November 24 the President also wrote. {BODY} (Ibid.: Lot 77 D 163)]", 70)
                + "\n\n"
                f"[Pg {len(note)}]\n\nRespectfully,\n\nN. Khrushchev[2]\n\n[Footnote 2: {note}]\n")
    letters = [("MESSAGE FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY", "Moscow, January 20, 1961", "Printed from "
                "an unsigned copy."),
               ("LETTER FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY", "Moscow, March 10, 1961", "Printed from a "
                "copy that bears this typed signature."),
               ("LETTER FROM CHAIRMAN KHRUSHCHEV TO PRESIDENT KENNEDY", "Moscow, May 10, 1961", "Printed from a copy "
                "that bears this typed signature.")]
    docs = parse_text_documents("\n\n\n".join(letter(*x) for x in letters), "etext")
    assert [d.title.upper() for d in docs] == [x[0] for x in letters]
    assert [len(d.footnotes) for d in docs] == [2, 2, 2] and [d.footnotes[1].text for d in docs] == [x[2] for x in letters]


def test_letters_that_each_end_with_the_same_editors_note_keep_it():
    # a diary-like edition: each letter under its date, the editor's notes in brackets where they belong, and many
    # letters end with the same signature and note: repeated, the line is still each letter's
    def letter(day: str, title: str) -> str:
        return (f"{day}\n{title}\n[Washington]\n\nDear Mr. Chairman: {BODY} [Ed.: Document 1.]\n\n{BODY}\n\n"
                "Sincerely, [Ed.: Printed from an unsigned copy.]\n")
    text = "\n\n".join(letter(day, f"Letter {n} From President Kennedy to Chairman Khrushchev") for n, day in
                       enumerate(["Saturday, December 2, 1961", "Monday, January 15, 1962", "Wednesday, February 21, 1962",
                                  "Friday, March 2, 1962"], 1))
    docs = parse_text_documents(text, "diary")
    assert len(docs) == 4
    assert [len(d.footnotes) for d in docs] == [2, 2, 2, 2]
    assert all(any("Printed from an unsigned copy." in f.text for f in d.footnotes) for d in docs)
