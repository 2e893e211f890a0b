"""A table of records (CSV, TSV) is read one document a row, its columns by their labels."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine, read_documents
from search_engine.cli import main
from search_engine.errors import SourceError

ROWS = [
    ("Title", "Date", "Classification", "Record Group", "Reel", "Text"),
    ("Telegram From the Embassy in Moscow", "1962-10-24", "Secret", "RG 59", "12",
     "Khrushchev received Knox for three hours this afternoon.\nHe said the missiles were under Soviet control."),
    ("Memorandum for the Record: ExComm meeting", "October 27, 1962", "Top Secret", "RG 218", "",
     "The meeting considered the second Khrushchev letter and the proposal to trade the Jupiter missiles."),
    ("", "", "", "", "", ""),
    ("Letter From President Kennedy to Chairman Khrushchev", "28 Oct 1962", "Unclassified", "", "3",
     "I welcome your message of October 28 and the statement that the weapons will be dismantled."),
]


def _write(path, rows, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def test_each_row_of_a_table_is_a_document_its_columns_read_by_their_labels(tmp_path):
    docs = read_documents(str(_write(tmp_path / "calendar.csv", ROWS)))
    assert [d.doc_id for d in docs] == ["calendar/1", "calendar/2", "calendar/4"]  # the empty row passed over
    assert [d.title for d in docs] == [r[0] for r in ROWS if r[0]][1:]
    assert [d.date.iso for d in docs] == ["1962-10-24", "1962-10-27", "1962-10-28"]
    assert [d.classification for d in docs] == [("SECRET",), ("TOP SECRET",), ("UNCLASSIFIED",)]
    # the text column's lines are the paragraphs; the other columns are metadata under their own names
    assert [p.text for p in docs[0].paragraphs] == ["Khrushchev received Knox for three hours this afternoon.",
                                                    "He said the missiles were under Soviet control."]
    meta = dict(docs[0].metadata)
    assert meta["record_group"] == "RG 59" and meta["reel"] == "12"
    assert all(d.format == "table" and d.source.endswith("calendar.csv") for d in docs)


def test_a_tables_delimiter_and_its_text_column_are_told_from_its_content(tmp_path):
    rows = [("Betreff", "Datum", "Notiz")] + [
        (f"Gespräch {n}", f"{n}.11.1962",
         "Der Botschafter sprach mit dem Minister über die Lage in Berlin und über die Zugangswege nach "
         f"West-Berlin, Runde {n}.") for n in (1, 2)]
    docs = read_documents(str(_write(tmp_path / "export.csv", rows, delimiter=";")))
    assert [d.date.iso for d in docs] == ["1962-11-01", "1962-11-02"]
    assert docs[1].paragraphs[0].text.endswith("Runde 2.")
    tsv = read_documents(str(_write(tmp_path / "calendar.tsv", ROWS, delimiter="\t")))
    assert [d.title for d in tsv] == [r[0] for r in ROWS if r[0]][1:]


def test_a_table_with_no_text_is_skipped_with_its_reason_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    _write(folder / "budget.csv", [("Item", "Amount", "Year"), ("Travel", "1200", "1962"), ("Books", "300", "1962")])
    _write(folder / "calendar.csv", ROWS)
    result = CliRunner().invoke(main, ["--index", str(tmp_path / "ix"), "index", str(folder)])
    assert result.exit_code == 0, result.output
    assert "budget.csv: a table with no column of text (its columns: Item, Amount, Year)" in result.output
    found = CliRunner().invoke(main, ["--index", str(tmp_path / "ix"), "search", "\"Jupiter missiles\"", "--json"])
    hits = json.loads(found.output)["hits"]
    assert [h["doc_id"] for h in hits] == ["calendar/2"]
    engine = SearchEngine(tmp_path / "ix")
    assert [h.doc_id for h in engine.search("Khrushchev", date_from="1962-10-28").hits] == ["calendar/4"]


def test_a_reading_log_of_short_notes_is_a_list_of_documents(tmp_path):
    """A researcher's log: titles, dates, references and a few words of notes each. Its notes are each record's
    text; a table of figures with a date column but no titles stays no source of documents."""
    _write(tmp_path / "reading_log.csv", [
        ("date", "archive", "reference", "title", "notes"),
        ("1962-10-22", "TNA", "PREM 11/3689", "Macmillan to Kennedy", "Supports the quarantine but asks about the Jupiters."),
        ("1962-10-26", "APRF", "f. 3, op. 65, d. 904", "Castro to Khrushchev", "Armageddon letter; attack expected soon."),
    ])
    docs = read_documents(str(tmp_path / "reading_log.csv"))
    assert [(d.doc_id, d.title, d.date.iso, d.paragraphs[0].text) for d in docs] == [
        ("reading_log/1", "Macmillan to Kennedy", "1962-10-22", "Supports the quarantine but asks about the Jupiters."),
        ("reading_log/2", "Castro to Khrushchev", "1962-10-26", "Armageddon letter; attack expected soon.")]
    _write(tmp_path / "figures.csv", [("Date", "Amount", "Account"), ("1962-10-22", "1200", "Travel")])
    with pytest.raises(SourceError, match="no column of text"):
        read_documents(str(tmp_path / "figures.csv"))


def test_a_cell_holding_a_long_text_is_read_and_a_file_of_records_stays_text(tmp_path):
    from search_engine.ingest.readers import read_documents

    long_text = " ".join(["The Ambassador called on the Foreign Minister this morning."] * 4000)  # 240 KB in one cell
    path = tmp_path / "letters.tsv"
    path.write_text(f"Title\tDate\tText\nLetter From the Ambassador\t1962-02-15\t\"{long_text}\"\n", encoding="utf-8")
    (doc,) = read_documents(str(path))
    assert doc.title == "Letter From the Ambassador" and len(doc.paragraphs[0].text) > 200_000
    # records pasted one after another, each a header row and a row above its text: a file of texts, not a table
    record = ("doc_id\tdate\ttitle\tclassification\tplace\nd{n}\t1962-02-1{n}\tLetter Number {n}\tSECRET\tMoscow\n\n"
              "The Ambassador called on the Foreign Minister this morning and handed him the reply in full.\n\n\n")
    path = tmp_path / "records.txt"
    path.write_text("".join(record.format(n=n) for n in range(1, 5)), encoding="utf-8")
    assert {d.format for d in read_documents(str(path))} == {"text"}
