"""Citations: the Chicago note against hand-written notes for the seeds and three FRUS documents; RIS and
BibTeX parsed back with parser libraries; CSL-JSON validated against the CSL schema; the rule that splits
repository from location in a citation string; `search-engine cite` and result exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from click.testing import CliRunner

from search_engine.cite import FORMATS, reference, render
from search_engine.cite.archive import split_citation
from search_engine.cli import main
from search_engine.ingest.tei import parse_tei
from search_engine.model import DateRange, Document, Paragraph

from .conftest import SEED_000, SEED_002, SHARED

FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
needs_frus = pytest.mark.skipif(not FRUS.exists(), reason=f"the FRUS volume is not in the shared corpus ({FRUS})")
CSL_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "csl" / "csl-data.json").read_text(encoding="utf-8"))
FRUS_VOLUME = ("in Foreign Relations of the United States, 1961–1963, Volume VI, Kennedy-Khrushchev Exchanges, "
               "ed. Charles S. Sampson and Glenn W. LaFantasie (Washington: United States Government Printing Office, "
               "1996)")
WILSON_URL = "https://wilson-center-digital-archive.dvincitest.com/document/115092"


@pytest.fixture(scope="module")
def volume() -> dict[str, Document]:
    docs = parse_tei(FRUS.read_bytes(), "frus1961-63v06.xml", "frus1961-63v06")
    return {d.doc_id.rsplit("-", 1)[1]: d for d in docs}


def letter(**changes) -> Document:
    """A small letter that is not printed in a volume, with what a test needs changed."""
    fields = dict(doc_id="khrushchev-castro", title="Letter from Khrushchev to Fidel Castro",
                  paragraphs=(Paragraph(1, "Dear Comrade Fidel Castro,", page="1"),
                              Paragraph(2, "We have received your letter.", page="2")),
                  date=DateRange(date(1962, 10, 28), date(1962, 10, 28), "28 October 1962"), place="Moscow",
                  classification=("TOP SECRET",),
                  citation="Archive of the President of the Russian Federation, f. 3, op. 65, d. 904, ll. 1-2. "
                           "Translated by Svetlana Savranskaya and Anna Melyakova.",
                  language="en", original_language="Russian")
    fields.update(changes)
    return Document(**fields)


# -- the Chicago note -----------------------------------------------------------------------------------

def test_chicago_notes_of_the_seeds(engine):
    assert engine.cite(SEED_002) == (
        "“Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63,” October 28, 1962, "
        f"RGANI, F. 3, Op. 16, D. 947, L. 45-46ob, Wilson Center Digital Archive, trans. Mark Kramer, {WILSON_URL}.")
    assert engine.cite(SEED_000) == (
        "“Cuban Missile Crisis, Document 29: Extract from Protocol No. 63 of the Meeting of the TsK KPSS: "
        "Instructions to the Soviet Ambassador for a dialogue with Castro,” October 28, 1962.")


def test_chicago_note_of_a_passage_adds_page_and_paragraph(engine):
    assert engine.cite(f"{SEED_002}#p10") == (
        "“Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63,” October 28, 1962, "
        f"para. 10, RGANI, F. 3, Op. 16, D. 947, L. 45-46ob, Wilson Center Digital Archive, trans. Mark Kramer, "
        f"{WILSON_URL}.")
    assert engine.cite(f"{SEED_000}#p8") == (
        "“Cuban Missile Crisis, Document 29: Extract from Protocol No. 63 of the Meeting of the TsK KPSS: "
        "Instructions to the Soviet Ambassador for a dialogue with Castro,” October 28, 1962, p. 2, para. 8.")


@needs_frus
def test_chicago_notes_of_frus_documents_cite_a_chapter_of_the_volume(volume):
    assert render(reference(volume["d66"]), "chicago") == (
        f"“Letter From Chairman Khrushchev to President Kennedy,” Moscow, October 27, 1962, {FRUS_VOLUME}, "
        "Document 66, pp. 178–181, https://history.state.gov/historicaldocuments/frus1961-63v06/d66.")
    assert render(reference(volume["d22"]), "chicago") == (
        f"“Letter From President Kennedy to Chairman Khrushchev,” Hyannis Port, October 16, 1961, {FRUS_VOLUME}, "
        "Document 22, pp. 38–44, https://history.state.gov/historicaldocuments/frus1961-63v06/d22.")
    assert render(reference(volume["d9"]), "chicago") == (
        "“Telegram From the Embassy in the Soviet Union to the Department of State,” Moscow, April 18, 1961, "
        f"{FRUS_VOLUME}, Document 9, pp. 7–8, https://history.state.gov/historicaldocuments/frus1961-63v06/d9.")
    assert render(reference(volume["d66"], 5), "chicago") == (
        f"“Letter From Chairman Khrushchev to President Kennedy,” Moscow, October 27, 1962, {FRUS_VOLUME}, "
        "Document 66, p. 179, para. 5, https://history.state.gov/historicaldocuments/frus1961-63v06/d66.")


def test_chicago_note_of_a_letter_names_writer_and_recipient():
    assert render(reference(letter()), "chicago") == (
        "Khrushchev to Fidel Castro, Moscow, October 28, 1962, f. 3, op. 65, d. 904, ll. 1-2, "
        "Archive of the President of the Russian Federation, trans. Svetlana Savranskaya and Anna Melyakova.")


@pytest.mark.parametrize("start, end, written", [
    (date(1962, 10, 1), date(1962, 10, 31), "October 1962"),
    (date(1962, 1, 1), date(1962, 12, 31), "1962"),
    (date(1962, 10, 27), date(1962, 10, 29), "October 27–29, 1962"),
    (date(1962, 10, 27), date(1962, 11, 2), "October 27–November 2, 1962"),
    (date(1960, 11, 9), date(1963, 12, 1), "November 9, 1960–December 1, 1963"),
])
def test_chicago_writes_a_date_span_as_known(start, end, written):
    note = render(reference(letter(date=DateRange(start, end))), "chicago")
    assert f"Moscow, {written}, f. 3" in note


def test_undated_manuscript_says_so():
    assert "Moscow, n.d., f. 3" in render(reference(letter(date=None)), "chicago")


# -- the reference: item types and fields -----------------------------------------------------------------

def test_item_types_are_manuscript_letter_or_book_section(engine):
    assert engine.reference(SEED_002).item_type == "manuscript"
    assert engine.reference(SEED_000).item_type == "manuscript"
    ref = reference(letter())
    assert ref.item_type == "letter"
    assert [(c.role, c.name) for c in ref.creators if c.role in ("author", "recipient")] == [
        ("author", "Khrushchev"), ("recipient", "Fidel Castro")]
    assert reference(letter(container_title="Letters", document_number="3")).item_type == "bookSection"
    for fmt in FORMATS:
        assert "document" not in {render(reference(letter()), fmt).split()[0]}


def test_markings_date_span_and_original_language_go_to_extra():
    ref = reference(letter(date=DateRange(date(1962, 10, 27), date(1962, 10, 29), "27-29 October 1962")))
    assert ref.extra == ("Classification: TOP SECRET", "Date span: 1962-10-27/1962-10-29 (27-29 October 1962)",
                         "Original language: Russian")


def test_reference_of_seed_002_splits_repository_from_location(engine):
    ref = engine.reference(SEED_002)
    assert (ref.archive, ref.archive_location) == ("Wilson Center Digital Archive", "RGANI, F. 3, Op. 16, D. 947, L. 45-46ob")
    assert [(c.role, c.family, c.given) for c in ref.creators] == [("translator", "Kramer", "Mark")]
    assert ref.url == WILSON_URL and ref.language == "en"


# -- the rule for citation strings --------------------------------------------------------------------------

@pytest.mark.parametrize("citation, archive, location", [
    ('"Memorandum", October 1962, Wilson Center Digital Archive, RGANI, F. 3, Op. 16, D. 947, Ll. 5-6.',
     "Wilson Center Digital Archive", "RGANI, F. 3, Op. 16, D. 947, Ll. 5-6"),
    ("RGANI, F. 3, Op. 16, D. 947, Ll. 5-6, Wilson Center Digital Archive",  # the other order
     "Wilson Center Digital Archive", "RGANI, F. 3, Op. 16, D. 947, Ll. 5-6"),
    ("GARF, f. 5446, op. 1, d. 12, l. 3.", "GARF", "f. 5446, op. 1, d. 12, l. 3"),  # the siglum is the archive
    ("AVP RF, f. 0102, op. 18, p. 34, d. 5, ll. 1-4. Translated by Svetlana Savranskaya.",
     "AVP RF", "f. 0102, op. 18, p. 34, d. 5, ll. 1-4"),
    ("Kennedy Library, National Security Files, Countries Series, USSR, Khrushchev Correspondence. Top Secret.",
     "Kennedy Library", "National Security Files, Countries Series, USSR, Khrushchev Correspondence"),
    ("National Archives, RG 59, Central Decimal File, Box 123, Folder 4",
     "National Archives", "RG 59, Central Decimal File, Box 123, Folder 4"),
    ("Department of State, Presidential Correspondence: Lot 66 D 204. No classification marking.",
     "Department of State", "Presidential Correspondence: Lot 66 D 204"),
    ("Архив Президента РФ, ф. 3, оп. 65, д. 904, л. 1", "Архив Президента РФ", "ф. 3, оп. 65, д. 904, л. 1"),
])
def test_repository_and_location_are_split_by_one_rule(citation, archive, location):
    parts = split_citation(citation)
    assert (parts.archive, parts.archive_location) == (archive, location)


def test_a_citation_without_archive_is_kept_as_a_note():
    parts = split_citation("Printed in a blog post about the crisis, no. 5 of many")
    assert (parts.archive, parts.archive_location) == ("", "")
    assert parts.rest == "Printed in a blog post about the crisis, no. 5 of many"
    ref = reference(letter(citation="Printed in a blog post about the crisis, no. 5 of many"))
    assert ref.note and "Printed in a blog post" in render(ref, "chicago")


def test_translators_and_url_are_read_from_the_citation():
    parts = split_citation("Wilson Center Digital Archive, GARF, f. 1, d. 2. Translated and edited by Mark Kramer, "
                           "with assistance from Timothy Naftali. https://example.org/document/1.")
    assert parts.translators == ("Mark Kramer",) and parts.url == "https://example.org/document/1"


# -- RIS, BibTeX and CSL-JSON parsed back ---------------------------------------------------------------------

RIS_MAPPING = {**rispy.TAG_KEY_MAPPING, "M2": "extra", "DB": "archive", "AN": "archive_location"}


def ris_records(text: str) -> list[dict]:
    return rispy.loads(text, mapping=RIS_MAPPING, list_tags=[*rispy.LIST_TYPE_TAGS, "M2"])


def test_ris_of_seed_002_parses_back_as_a_manuscript(engine):
    (record,) = ris_records(engine.cite(SEED_002, "ris"))
    assert record["type_of_reference"] == "MANSCPT"
    assert record["title"] == "Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63"
    assert record["date"] == "1962/10/28/" and record["year"] == "1962"
    assert record["archive"] == "Wilson Center Digital Archive"
    assert record["archive_location"] == "RGANI, F. 3, Op. 16, D. 947, L. 45-46ob"
    assert record["subsidiary_authors"] == ["Kramer, Mark"]  # A4: translator
    assert record["urls"] == [WILSON_URL] and record["language"] == "en"
    assert record["extra"] == ["Original language: Russian"]


def test_ris_of_a_letter_names_its_recipient_and_markings():
    (record,) = ris_records(render(reference(letter()), "ris"))
    assert record["type_of_reference"] == "PCOMM"
    assert record["authors"] == ["Khrushchev"] and record["secondary_authors"] == ["Fidel Castro"]
    assert record["place_published"] == "Moscow"
    assert "Classification: TOP SECRET" in record["extra"]


@needs_frus
def test_ris_of_a_frus_passage_is_a_chapter_with_its_volume(volume):
    (record,) = ris_records(render(reference(volume["d66"], 5), "ris"))
    assert record["type_of_reference"] == "CHAP"
    assert record["secondary_title"].startswith("Foreign Relations of the United States, 1961–1963, Volume VI")
    assert record["secondary_authors"] == ["Sampson, Charles S.", "LaFantasie, Glenn W."]
    assert (record["publisher"], record["place_published"], record["year"]) == (
        "United States Government Printing Office", "Washington", "1996")
    assert record["start_page"] == "179" and record["id"] == "frus1961-63v06-d66#p5"
    assert record["urls"] == ["https://history.state.gov/historicaldocuments/frus1961-63v06/d66"]
    assert {"Document number: 66", "Original Date: 1962-10-27", "Place: Moscow"} <= set(record["extra"])
    assert record["notes"][0].startswith("Department of State, Presidential Correspondence: Lot 66 D 204.")


def bibtex_entry(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry


def test_bibtex_parses_back(engine):
    entry = bibtex_entry(engine.cite(SEED_002, "bibtex"))
    assert entry.entry_type == "unpublished" and entry.key == SEED_002
    fields = entry.fields_dict
    assert fields["title"].value == "{Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63}"
    assert fields["date"].value == "1962-10-28" and fields["translator"].value == "Kramer, Mark"
    assert fields["note"].value == "RGANI, F. 3, Op. 16, D. 947, L. 45-46ob, Wilson Center Digital Archive"
    assert bibtex_entry(engine.cite(f"{SEED_002}#p10", "bibtex")).key == f"{SEED_002}_p10"


@needs_frus
def test_bibtex_of_a_frus_document_is_incollection(volume):
    fields = bibtex_entry(render(reference(volume["d66"]), "bibtex")).fields_dict
    assert fields["booktitle"].value.startswith("Foreign Relations of the United States")
    assert fields["editor"].value == "Sampson, Charles S. and LaFantasie, Glenn W."
    assert fields["pages"].value == "178--181" and fields["number"].value == "66" and fields["year"].value == "1996"


def test_bibtex_escapes_what_would_break_it():
    entry = bibtex_entry(render(reference(letter(title="Letter on 50% of {the} costs & #1_plan~")), "bibtex"))
    assert entry.fields_dict["title"].value == r"{Letter on 50\% of \{the\} costs \& \#1\_plan\textasciitilde{}}"


def validate_csl(text: str) -> list[dict]:
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA)
    return items


def test_csl_json_is_valid_against_the_schema(engine):
    (item,) = validate_csl(engine.cite(SEED_002, "csl-json"))
    assert item["type"] == "manuscript" and item["id"] == SEED_002
    assert item["issued"] == {"date-parts": [[1962, 10, 28]]}
    assert item["archive"] == "Wilson Center Digital Archive" and item["translator"] == [{"family": "Kramer", "given": "Mark"}]
    (item,) = validate_csl(render(reference(letter(date=DateRange(date(1962, 10, 27), date(1962, 10, 29)))), "csl-json"))
    assert item["type"] == "personal_communication" and item["recipient"] == [{"literal": "Fidel Castro"}]
    assert item["issued"] == {"date-parts": [[1962, 10, 27], [1962, 10, 29]]}


@needs_frus
def test_csl_json_of_frus_documents_is_valid(volume):
    items = validate_csl(render([reference(d) for d in volume.values()], "csl-json"))
    assert len(items) == 120 and {i["type"] for i in items} == {"chapter"}
    d66 = next(i for i in items if i["id"] == "frus1961-63v06-d66")
    assert d66["original-date"] == {"date-parts": [[1962, 10, 27]]} and d66["issued"] == {"date-parts": [[1996]]}
    assert d66["number"] == "66" and d66["page"] == "178-181"


@needs_frus
def test_every_frus_document_cites_in_every_format(volume):
    for doc in volume.values():
        for fmt in FORMATS:
            assert render(reference(doc), fmt), (doc.doc_id, fmt)
        assert len(ris_records(render(reference(doc), "ris"))) == 1
        bibtex_entry(render(reference(doc), "bibtex"))


# -- the CLI: cite and exports ------------------------------------------------------------------------------------

@pytest.fixture
def run(seeds_index):
    def _run(*args):
        return CliRunner().invoke(main, ["--index", str(seeds_index), *args])
    return _run


def test_cli_cite_in_every_format(run, engine):
    for fmt in FORMATS:
        result = run("cite", f"{SEED_002}#p10", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.output.rstrip("\n") == engine.cite(f"{SEED_002}#p10", fmt).rstrip("\n")
    assert run("cite", SEED_000).output == engine.cite(SEED_000) + "\n"


def test_cli_cite_unknown_ids_and_formats(run):
    result = run("cite", "no-such-document")
    assert result.exit_code == 1 and "no document 'no-such-document'" in result.output
    result = run("cite", f"{SEED_002}#p999")
    assert result.exit_code == 1 and "has paragraphs 1 to" in result.output
    assert run("cite", SEED_002, "--format", "mla").exit_code == 2


def test_export_csv_has_every_matching_passage(run, engine):
    total = engine.search("Cuba").total
    result = run("search", "Cuba", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == total > 10  # not the page of ten, not grouped per document
    assert [int(r["rank"]) for r in rows] == list(range(1, total + 1))
    assert rows[0]["passage_id"] and rows[0]["title"] and rows[0]["text"]


def test_export_jsonl_has_the_json_hit_shape(run):
    lines = run("search", "dismantle missiles", "--format", "jsonl").stdout.splitlines()
    hits = [json.loads(line) for line in lines]
    page = json.loads(run("search", "dismantle missiles", "--json", "--per-doc", "0", "-n", "3").stdout)["hits"]
    assert [h["passage_id"] for h in hits[:3]] == [h["passage_id"] for h in page]
    assert set(hits[0]) == set(page[0])


def test_export_ris_has_one_record_per_passage_and_says_when_it_stops(run):
    result = run("search", "missiles", "--format", "ris", "-n", "4")
    records = ris_records(result.stdout)
    assert len(records) == 4 and all(r["id"].count("#p") == 1 for r in records)
    assert "Exported the first 4 of" in result.stderr


def test_export_csv_defuses_spreadsheet_formulas(tmp_path):
    from search_engine import SearchEngine

    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "memo.txt").write_text(
        "Memo on formulas\n\n28 October 1962\n\nThe missiles in Cuba are to be dismantled under observation.\n\n"
        "=HYPERLINK(\"http://example.org\",\"click\") said the note about the missiles, as a spreadsheet would run it.\n",
        encoding="utf-8")
    engine = SearchEngine(tmp_path / "idx")
    engine.index([folder])
    rows = list(csv.reader(io.StringIO("".join(engine.export("missiles", "csv")))))
    texts = [row[11] for row in rows[1:]]
    assert any(t.startswith("'=HYPERLINK") for t in texts) and not any(t.startswith("=") for t in texts)
