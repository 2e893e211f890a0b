"""Zotero libraries and Tropy projects as sources: written here with their real database schemas
(benchmarks/library_kit.py) from FRUS documents, the seeds and the JFK OCR corpus, then indexed and searched."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.ingest.readers import read_documents
from search_engine.ingest.tropy import note_paragraphs
from search_engine.ingest.zotero import zotero_date
from tests.conftest import ROOT, SEED_000, SEED_002, SEEDS, SHARED

sys.path.insert(0, str(ROOT / "benchmarks"))
import formats_kit  # noqa: E402
import library_kit as kit  # noqa: E402

FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
JFK = SHARED / "corpora" / "jfk-ocr"


@pytest.fixture(scope="module")
def frus() -> dict:
    return {d.doc_id.rsplit("-", 1)[1]: d for d in read_documents(str(FRUS))}


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _seed_paragraphs(name: str) -> list[str]:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    return [" ".join(b.split()) for b in text.split("\n\n") if len(b.split()) > 6]


def _jfk_paragraphs(name: str) -> list[str]:
    text = (JFK / name).read_text(encoding="utf-8")
    text = re.sub(r"^#.*$|^```.*$", "", text, flags=re.MULTILINE)
    return [" ".join(b.split()) for b in text.split("\n\n") if len(b.split()) > 8][:6]


def make_zotero(folder: Path, frus: dict, numbering: str = "fresh", schema: int = 123) -> Path:
    d66, d68, d67 = frus["d66"], frus["d68"], frus["d67"]
    half = len(d66.paragraphs) // 2
    letter = kit.Item(
        "LTR66KHR", "letter",
        {"title": d66.title, "date": "1962-10-27 October 27, 1962", "place": "Moscow",
         "archive": "Department of State", "archiveLocation": "Presidential Correspondence: Lot 66 D 204",
         "extra": "Original Date: 1962-10-27", "letterType": "Letter", "language": "English"},
        creators=[("author", "Nikita", "Khrushchev"), ("recipient", "John F.", "Kennedy")],
        collections=["Cuban Missile Crisis/Letters"], tags=["Khrushchev", "Turkey"],
        attachments=[
            kit.Attachment("PDF66KHR", "Khrushchev to Kennedy 1962-10-27.pdf",
                           kit.pdf_bytes([_texts(d66)[:half], _texts(d66)[half:]]),
                           annotations=[("the removal of the missiles from Turkey", "the Turkish trade", "2")]),
            kit.Attachment("TRASHATT", "draft.txt", b"An abandoned draft about the walrus committee.\n",
                           "text/plain", trashed=True)],
        notes=[kit.note_html(["Compare with the telegram of the same day.",
                              "The offer on Turkey is new in this letter: a public trade."])])
    protocol = kit.Item(
        "PROT63RG", "manuscript",
        {"title": "Presidium Protocol 63", "date": "1962-10-00 October 1962", "archive": "RGANI",
         "archiveLocation": "F. 3, Op. 16, D. 947, L. 45-46ob", "manuscriptType": "protocol"},
        creators=[("contributor", "", "Central Committee of the CPSU")], collections=["Cuban Missile Crisis"],
        attachments=[kit.Attachment(
            "SNAP63RG", "protocol-63.html",
            ("<html><head><title>Protocol 63</title></head><body><main>"
             + "".join(f"<p>{p}</p>" for p in _seed_paragraphs(SEED_002)) + "</main></body></html>").encode(),
            "text/html", link_mode="imported_url")])
    book = kit.Item(
        "EPUB0068", "book", {"title": "Kennedy-Khrushchev Exchanges: a selection", "date": "1996-00-00 1996"},
        creators=[("editor", "Charles S.", "Sampson")], tags=["FRUS"],
        attachments=[kit.Attachment("EPUBATT1", "exchanges.epub",
                                    formats_kit.epub_bytes("Kennedy-Khrushchev Exchanges",
                                                           [(d68.title, _texts(d68)[:8]), (d67.title, _texts(d67))]),
                                    "application/epub+zip")])
    linked = folder.parent / "elsewhere" / "extract-protocol-63.txt"
    extract = kit.Item(
        "EXTR6300", "document", {"title": "Extract from Protocol No. 63", "date": "1962-10-28 28 October 1962"},
        collections=["Cuban Missile Crisis"], tags=["Castro"],
        attachments=[kit.Attachment("LINK0001", linked.name, (SEEDS / f"{SEED_000}.txt").read_bytes(),
                                    "text/plain", link_mode="linked_file", linked_path=str(linked))])
    trashed = kit.Item("TRASH001", "report", {"title": "A report put in the trash", "date": "1963-01-05"},
                       trashed=True, attachments=[kit.Attachment(
                           "TRASHPDF", "trash.pdf", kit.pdf_bytes([["The quarantine of the zebra islands."]]))])
    missing = kit.Item("MISS0001", "document", {"title": "Cable whose PDF was never synced",
                                                "date": "1963-10-22 October 22, 1963", "abstractNote":
                                                "A cable on the Berlin autobahn convoys."},
                       attachments=[kit.Attachment("GONE0001", "cable.pdf", None)])
    cached = kit.Item("CACHE001", "document", {"title": _jfk_paragraphs("jfk_doc_10.md")[0][:60],
                                               "date": "1964-00-00 1964"},
                      attachments=[kit.Attachment("DMGPDF01", "scan.pdf", b"%PDF-1.4\n%damaged beyond repair",
                                                  ft_cache="\n\n".join(_jfk_paragraphs("jfk_doc_10.md")))])
    group = kit.Item("GRP00001", "manuscript", {"title": "Shared transcription of the Castro letter",
                                                "date": "1962-10-26"}, group=4711,
                     notes=[kit.note_html(["Castro urges a first strike should Cuba be invaded."])])
    return kit.write_zotero(folder, [letter, protocol, book, extract, trashed, missing, cached, group],
                            standalone_notes=[("STNOTE01", kit.note_html(
                                ["Reading list for the quarantine chapter.", "Look for the naval blockade orders."]))],
                            numbering=numbering, schema=schema)


@pytest.fixture(scope="module")
def zotero(tmp_path_factory, frus) -> Path:
    return make_zotero(tmp_path_factory.mktemp("zotero") / "Zotero", frus)


@pytest.fixture(scope="module")
def zotero_index(tmp_path_factory, zotero):
    index = tmp_path_factory.mktemp("zotero-index")
    summary = SearchEngine(index).index([zotero])
    return index, summary


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- Zotero ------------------------------------------------------------------------------------------------------
def test_each_attachment_note_and_annotation_is_found_under_its_item(zotero_index, frus):
    index, _ = zotero_index
    engine = SearchEngine(index)
    cases = [
        (frus["d66"].paragraphs[1].text[:80], "zotero-LTR66KHR", frus["d66"].title, "1962-10-27"),  # the PDF
        ("the removal of the missiles from Turkey", "zotero-LTR66KHR", None, "1962-10-27"),  # an annotation
        ("a public trade", "zotero-LTR66KHR", None, "1962-10-27"),  # a child note
        ("We agree to dismantle the missile installations", "zotero-PROT63RG", "Presidium Protocol 63", "1962-10"),
        (frus["d68"].paragraphs[2].text[:80], "zotero-EPUB0068", "Kennedy-Khrushchev Exchanges: a selection", "1996"),
        ("draft instructions to the Soviet Embassy in Cuba", "zotero-EXTR6300", "Extract from Protocol No. 63",
         "1962-10-28"),
        (_jfk_paragraphs("jfk_doc_10.md")[2][:60], "zotero-CACHE001", None, "1964"),  # from .zotero-ft-cache
        ("Castro urges a first strike", "zotero-4711-GRP00001", "Shared transcription of the Castro letter",
         "1962-10-26"),
        ("naval blockade orders", "zotero-STNOTE01", "Reading list for the quarantine chapter.", None),
    ]
    for phrase, doc_id, title, day in cases:
        phrase = " ".join(re.findall(r"[\w’']+", phrase)[:9])
        hits = engine.search(f'"{phrase}"', limit=3)
        assert hits.total >= 1, phrase
        hit = hits[0]
        assert hit.doc_id == doc_id, phrase
        if title:
            assert hit.title == title
        assert (str(hit.date) if hit.date else None) == day
        assert hit.library_link.startswith("zotero://")


def test_pdf_passages_link_to_their_page_and_items_to_their_item(zotero_index, frus):
    engine = SearchEngine(zotero_index[0])
    last = frus["d66"].paragraphs[-2].text
    hit = engine.search('"' + " ".join(last.split()[:8]) + '"')[0]
    assert int(hit.page) >= 2 and hit.library_link == f"zotero://open-pdf/library/items/PDF66KHR?page={hit.page}"
    note = engine.search('"a public trade"')[0]
    assert note.library_link == "zotero://select/library/items/LTR6NT00"
    annotation = engine.search('"the Turkish trade"')[0]
    assert annotation.library_link == "zotero://open-pdf/library/items/PDF66KHR?page=2&annotation=PDF6AN00"
    group = engine.search('"Castro urges"')[0]
    assert group.library_link == "zotero://select/groups/4711/items/GRP0NT00"
    results = engine.search("Khrushchev OR Castro OR missiles", limit=50, per_doc=0)
    assert results.total > 20 and all(h.library_link.startswith("zotero://") for h in results)
    assert results.to_json()["hits"][0]["library_link"].startswith("zotero://")


def test_the_trash_and_missing_files_are_left_out_and_counted(zotero_index):
    index, summary = zotero_index
    engine = SearchEngine(index)
    assert engine.search("zebra").total == 0  # the trashed item's PDF
    assert engine.search("walrus").total == 0  # a trashed attachment of a kept item
    by_kind = summary.skipped_by_kind()
    assert by_kind == {"missing": 1, "trash": 1}
    trash = next(s for s in summary.skipped if s.kind == "trash")
    assert trash.path.endswith("zotero.sqlite/library/items/TRASH001") and "A report put in the trash" in trash.reason
    gone = next(s for s in summary.skipped if s.kind == "missing")
    assert "GONE0001" in gone.path and gone.reason.startswith("attachment file missing")
    # the item whose file is missing is still a document: its record and abstract are searchable
    hit = engine.search("autobahn convoys")[0]
    assert hit.doc_id == "zotero-MISS0001" and str(hit.date) == "1963-10-22"
    assert {d.doc_id for d in engine.documents()} == {
        "zotero-LTR66KHR", "zotero-PROT63RG", "zotero-EPUB0068", "zotero-EXTR6300", "zotero-MISS0001",
        "zotero-CACHE001", "zotero-4711-GRP00001", "zotero-STNOTE01"}
    assert [(f.format, f.files, f.documents, f.skipped) for f in summary.formats] == [("zotero", 10, 8, 2)]


def test_the_item_keeps_its_own_metadata(zotero_index):
    engine = SearchEngine(zotero_index[0])
    doc = engine.document("zotero-LTR66KHR")
    assert doc.item_type == "letter" and doc.place == "Moscow" and doc.format == "zotero"
    assert [(c.role, c.family, c.given) for c in doc.creators] == [("author", "Khrushchev", "Nikita"),
                                                                   ("recipient", "Kennedy", "John F.")]
    assert doc.field("type") == "Letter"  # letterType, read by its base field's name
    assert doc.collections == ("Letters", "Cuban Missile Crisis") and doc.tags == ("Khrushchev", "Turkey")
    assert doc.citation == "Department of State, Presidential Correspondence: Lot 66 D 204"
    span = engine.document("zotero-PROT63RG").date
    assert (span.start.isoformat(), span.end.isoformat(), span.raw) == ("1962-10-01", "1962-10-31", "October 1962")


def test_cite_uses_the_items_own_fields(zotero_index):
    engine = SearchEngine(zotero_index[0])
    (item,) = json.loads(engine.cite("zotero-LTR66KHR", format="csl-json"))
    assert item["type"] == "personal_communication"
    assert item["author"] == [{"family": "Khrushchev", "given": "Nikita"}]
    assert item["recipient"] == [{"family": "Kennedy", "given": "John F."}]
    assert item["issued"] == {"date-parts": [[1962, 10, 27]]}
    assert item["archive"] == "Department of State"
    assert item["archive_location"] == "Presidential Correspondence: Lot 66 D 204"
    assert item["publisher-place"] == "Moscow" and item["note"] == "Original Date: 1962-10-27"
    (book,) = json.loads(engine.cite("zotero-EPUB0068", format="csl-json"))
    assert book["type"] == "book" and book["editor"] == [{"family": "Sampson", "given": "Charles S."}]
    chicago = engine.cite("zotero-PROT63RG#p3")
    assert "RGANI" in chicago and "F. 3, Op. 16, D. 947" in chicago and "October 1962" in chicago


def test_collection_and_tag_filter_and_count(zotero_index):
    engine = SearchEngine(zotero_index[0])
    everywhere = engine.search("missiles", limit=100, per_doc=0, facets=True)
    in_crisis = engine.search('missiles collection:"Cuban Missile Crisis"', limit=100, per_doc=0)
    assert {h.doc_id for h in in_crisis} == {"zotero-LTR66KHR", "zotero-PROT63RG", "zotero-EXTR6300"}
    letters = engine.search("missiles", collection="letters", limit=100, per_doc=0)
    assert {h.doc_id for h in letters} == {"zotero-LTR66KHR"}
    assert {h.doc_id for h in engine.search("missiles tag:FRUS", limit=50, per_doc=0)} == {"zotero-EPUB0068"}
    assert engine.search("missiles", tag=["castro", "turkey"], per_doc=0).total == \
        engine.search("missiles", doc=["zotero-EXTR6300", "zotero-LTR66KHR"], per_doc=0).total
    assert everywhere.facets["collection"]["Cuban Missile Crisis"] == in_crisis.total
    assert everywhere.facets["tag"]["FRUS"] == engine.search("missiles tag:frus", per_doc=0).total


def test_the_library_is_never_written_and_is_read_while_locked(tmp_path, frus):
    library = make_zotero(tmp_path / "Zotero", frus)
    database = library / "zotero.sqlite"
    before = _sha(database)
    # a running Zotero holds its database under an exclusive lock, as this process does
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
         "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
         "c.execute(\"UPDATE settings SET value = value WHERE 0\")\n"
         "print('locked', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        reader = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            reader.execute("SELECT count(*) FROM items").fetchone()
        reader.close()
        summary = SearchEngine(tmp_path / "index").index([library])
        assert summary.documents == 8
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert _sha(database) == before
    assert sorted(p.name for p in library.iterdir()) == ["storage", "zotero.sqlite"]


def test_an_old_library_numbers_its_fields_differently_and_reads_the_same(tmp_path, frus, zotero_index):
    old = make_zotero(tmp_path / "Zotero", frus, numbering="old")
    engine = SearchEngine(tmp_path / "index")
    engine.index([old])
    fresh = SearchEngine(zotero_index[0])
    for doc_id in ("zotero-LTR66KHR", "zotero-PROT63RG", "zotero-4711-GRP00001"):
        a, b = engine.document(doc_id), fresh.document(doc_id)
        assert (a.title, a.date, a.creators, a.fields, a.collections, a.tags, len(a.paragraphs)) == \
               (b.title, b.date, b.creators, b.fields, b.collections, b.tags, len(b.paragraphs))


@pytest.mark.parametrize("schema", [125, 129])
def test_the_schemas_of_zotero_9_and_10_read_the_same(tmp_path, frus, zotero_index, schema):
    library = make_zotero(tmp_path / "Zotero", frus, schema=schema)
    engine = SearchEngine(tmp_path / "index")
    summary = engine.index([library])
    fresh = SearchEngine(zotero_index[0])
    assert summary.documents == zotero_index[1].documents == 8
    assert sorted(s.kind for s in summary.skipped) == sorted(s.kind for s in zotero_index[1].skipped)
    for info in fresh.documents():
        a, b = engine.document(info.doc_id), fresh.document(info.doc_id)
        assert (a.title, a.date, a.creators, a.fields, a.collections, a.tags, [p.text for p in a.paragraphs]) == \
               (b.title, b.date, b.creators, b.fields, b.collections, b.tags, [p.text for p in b.paragraphs])
    if schema >= kit.FULLTEXT_APART:  # Zotero 10 writes ahead to a log: a commit not yet in the database file
        database = library / "zotero.sqlite"
        before = _sha(database)
        writer = sqlite3.connect(database, isolation_level=None)
        try:
            writer.execute("PRAGMA wal_autocheckpoint=0")
            writer.execute("UPDATE itemDataValues SET value = 'Presidium Protocol No. 63' "
                           "WHERE value = 'Presidium Protocol 63'")
            writer.execute("UPDATE items SET version = version + 1 WHERE key = 'PROT63RG'")
            assert (library / "zotero.sqlite-wal").stat().st_size > 0
            summary = engine.index()
            assert [Path(p).name for p in summary.changed] == ["PROT63RG"]
            assert engine.document("zotero-PROT63RG").title == "Presidium Protocol No. 63"
            assert _sha(database) == before
        finally:
            writer.close()


def retitle_protocol(library: Path) -> None:
    """Edit one item in the library as Zotero does when its title is changed: protocol 63 becomes "No. 63"."""
    db = sqlite3.connect(library / "zotero.sqlite")
    db.execute("UPDATE itemDataValues SET value = 'Presidium Protocol No. 63' WHERE value = 'Presidium Protocol 63'")
    db.execute("UPDATE items SET version = version + 1, clientDateModified = '2026-11-03 09:00:00' "
               "WHERE key = 'PROT63RG'")
    db.commit()
    db.close()


def test_an_update_reads_only_the_items_that_changed(tmp_path, frus):
    library = make_zotero(tmp_path / "Zotero", frus)
    engine = SearchEngine(tmp_path / "index")
    engine.index([library])
    assert not engine.index().modified
    pdf = library / "storage" / "PDF66KHR" / "Khrushchev to Kennedy 1962-10-27.pdf"
    pdf.write_bytes(kit.pdf_bytes([["A corrected scan: the letter proposes a trade of the Jupiter missiles."]]))
    summary = engine.index()
    assert [Path(p).name for p in summary.changed] == ["LTR66KHR"] and summary.unchanged == 7
    assert engine.search('"trade of the Jupiter missiles"')[0].doc_id == "zotero-LTR66KHR"
    retitle_protocol(library)
    summary = engine.index()
    assert [Path(p).name for p in summary.changed] == ["PROT63RG"]
    assert engine.document("zotero-PROT63RG").title == "Presidium Protocol No. 63"


def test_a_library_that_cannot_be_opened_is_named_and_the_rest_goes_on(tmp_path, frus):
    library = make_zotero(tmp_path / "Zotero", frus)
    engine = SearchEngine(tmp_path / "index")
    engine.index([library, SEEDS])
    db = sqlite3.connect(library / "zotero.sqlite")
    db.execute("UPDATE version SET version = 131 WHERE schema = 'userdata'")
    db.commit()
    db.close()
    summary = engine.index()
    (missing,) = summary.missing
    assert missing.path == str(library) and missing.documents == 8
    assert "schema 131, newer than this version of search-engine reads (up to 129" in missing.reason
    assert len(engine.documents()) == 10  # nothing dropped
    other = SearchEngine(tmp_path / "index2")
    summary = other.index([library, SEEDS])
    assert summary.documents == 2
    assert any("schema 131" in s.reason for s in summary.skipped)
    (library / "zotero.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    summary = engine.index()
    assert "damaged database" in summary.missing[0].reason or "not a Zotero database" in summary.missing[0].reason


def test_linked_files_relative_to_the_base_folder(tmp_path, monkeypatch):
    home = tmp_path / "home"
    base = tmp_path / "Dropbox" / "sources"
    (base / "jfk").mkdir(parents=True)
    (base / "jfk" / "memo.txt").write_text("\n\n".join(_jfk_paragraphs("jfk_doc_100.md")), encoding="utf-8")
    profile = home / ".zotero" / "zotero" / "ab12cd34.default"
    profile.mkdir(parents=True)
    (profile / "prefs.js").write_text(
        f'user_pref("extensions.zotero.baseAttachmentPath", "{base}");\n'
        f'user_pref("extensions.zotero.dataDir", "{tmp_path / "Zotero"}");\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    library = kit.write_zotero(tmp_path / "Zotero", [kit.Item(
        "JFKMEMO1", "document", {"title": "JFK memo", "date": "1963-11-00 November 1963"},
        attachments=[kit.Attachment("JFKLINK1", "memo.txt", None, "text/plain", link_mode="linked_file",
                                    linked_path="attachments:jfk/memo.txt")])])
    engine = SearchEngine(tmp_path / "index")
    engine.index([library])
    doc = engine.document("zotero-JFKMEMO1")
    text = " ".join([p.text for p in doc.paragraphs] + list(doc.header))
    words = [w for p in _jfk_paragraphs("jfk_doc_100.md") for w in re.findall(r"[A-Za-z]{6,}", p)]
    assert len(words) > 20 and sum(w in text for w in words) > len(words) // 2  # the linked file, not the record


@pytest.mark.parametrize("value, iso, raw", [
    ("1962-10-27 October 27, 1962", "1962-10-27", "October 27, 1962"),
    ("1962-10-00 October 1962", "1962-10", "October 1962"),
    ("1962-00-00 1962", "1962", "1962"),
    ("1962-10-27 October 27-29, 1962", "1962-10-27/1962-10-29", "October 27-29, 1962"),
    ("0000-00-00 autumn 1962", "1962", "autumn 1962"),
    ("", None, None),
])
def test_zotero_dates(value, iso, raw):
    parsed = zotero_date(value)
    assert (parsed.iso if parsed else None) == iso
    if parsed:
        assert parsed.raw == raw


def test_cli_index_search_and_sources(tmp_path, zotero):
    runner = CliRunner()
    index = str(tmp_path / "index")
    result = runner.invoke(main, ["--index", index, "index", str(zotero)])
    assert result.exit_code == 0, result.output
    assert re.search(r"zotero\s+10\s+8\s+\d+\s+\d+\s+2", result.output)
    assert "Passed over, by reason: 1 file missing, 1 in the library's trash" in result.output
    result = runner.invoke(main, ["--index", index, "search", "public trade", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["hits"][0]["library_link"] == "zotero://select/library/items/LTR6NT00"
    result = runner.invoke(main, ["--index", index, "search", "missiles", "--collection", "Letters"])
    assert result.exit_code == 0 and "zotero://open-pdf/library/items/PDF66KHR?page=" in result.output
    assert "Presidium Protocol 63" not in result.output
    result = runner.invoke(main, ["--index", index, "sources"])
    assert result.exit_code == 0 and re.search(r"ok\s+8\s+8\s+" + re.escape(str(zotero)), result.output)


# -- Tropy -------------------------------------------------------------------------------------------------------
def _photo(text: str) -> bytes:
    image, _ = formats_kit.page_image(text, dpi=50, font_size=10)
    return formats_kit.image_bytes([image], "JPEG", dpi=50)


def make_tropy(path: Path, frus: dict) -> Path:
    d65 = frus["d65"]
    telegram = kit.TropyItem(
        {"dc:title": "Moscow embassy telegram 1101", "dc:date": "1962-10-26", "dc:creator": "Foy D. Kohler",
         "dc:source": "National Archives", "tropy:collection": "RG 59", "tropy:box": "3641",
         "tropy:folder": "611.3722/10-2662", "dc:identifier": "1101", "http://purl.org/dc/terms/extent": "4 pages"},
        photos=[kit.Photo("IMG_0412.jpg", _photo(d65.paragraphs[0].text),
                          notes=[kit.Note(_texts(d65)[3:6]),
                                 kit.Note(["A deleted note about the pelican."], deleted=True)]),
                kit.Photo("IMG_0413.jpg", _photo(d65.paragraphs[6].text),
                          transcriptions=["\n\n".join(_texts(d65)[6:9])], absolute=True)],
        lists=["Cuban crisis"], tags=["telegram", "to transcribe"])
    unread = kit.TropyItem({"dc:title": "Folder cover, Castro correspondence", "dc:date": "1962-10",
                            "dc:source": "Archivo Nacional", "tropy:box": "12"},
                           photos=[kit.Photo("IMG_0500.jpg", _photo("Castro correspondence"))],
                           lists=["Cuban crisis"])
    thrown = kit.TropyItem({"dc:title": "Blurred duplicate"},
                           photos=[kit.Photo("IMG_0414.jpg", _photo("blurred"),
                                             notes=[kit.Note(["A note on the flamingo stamp."])])], trashed=True)
    return kit.write_tropy(path, "Archive trip, College Park", [telegram, unread, thrown])


@pytest.mark.parametrize("name", ["Archive trip.tpy", "Archive trip.tropy"])
def test_a_tropy_project(tmp_path, frus, name):
    project = make_tropy(tmp_path / "trip" / name, frus)
    database = project / "project.tpy" if project.is_dir() else project
    before = _sha(database)
    engine = SearchEngine(tmp_path / "index")
    summary = engine.index([project])
    assert _sha(database) == before
    assert summary.documents == 2 and summary.skipped_by_kind() == {"trash": 1}
    d65 = frus["d65"]
    note = engine.search('"' + " ".join(d65.paragraphs[4].text.split()[:8]) + '"')[0]
    assert note.title == "Moscow embassy telegram 1101" and str(note.date) == "1962-10-26"  # not the photo's date
    assert note.page == "1" and Path(note.image).name == "IMG_0412.jpg" and Path(note.image).is_file()
    transcribed = engine.search('"' + " ".join(d65.paragraphs[7].text.split()[:8]) + '"')[0]
    assert transcribed.page == "2" and Path(transcribed.image).name == "IMG_0413.jpg"
    doc = engine.document(note.doc_id)
    # the note's paragraphs, as the editor holds them (not the text column, which runs them together)
    assert [p.text for p in doc.paragraphs[:3]] == [" ".join(t.split()) for t in _texts(d65)[3:6]]
    assert doc.citation == "National Archives, RG 59, Box 3641, Folder 611.3722/10-2662, 1101"
    assert ("Extent", "4 pages") in doc.metadata
    assert engine.search("pelican").total == 0 and engine.search("flamingo").total == 0
    cover = engine.search("Archivo Nacional")[0]  # a photo without notes: its metadata is searchable
    assert cover.title == "Folder cover, Castro correspondence" and str(cover.date) == "1962-10"
    assert Path(cover.image).name == "IMG_0500.jpg"
    assert engine.search('Kohler list:"cuban crisis" tag:telegram').total >= 1
    assert engine.search("Castro", tag="telegram").total == 0
    (csl,) = json.loads(engine.cite(note.doc_id, format="csl-json"))
    assert csl["archive"] == "National Archives" and csl["author"] == [{"literal": "Foy D. Kohler"}]


def test_tropy_note_state_paragraphs():
    state = json.dumps({"doc": {"type": "doc", "content": [
        {"type": "heading", "attrs": {"level": 1}, "content": [{"type": "text", "text": "Box 12"}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "First "},
                                          {"type": "text", "marks": [{"type": "bold"}], "text": "line"}]},
        {"type": "bullet_list", "content": [{"type": "list_item", "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "an item"}]}]}]},
        {"type": "paragraph"}]}})
    assert note_paragraphs(state, "Box 12 First line an item") == ["Box 12", "First line", "an item"]
    assert note_paragraphs("not json", "the text column") == ["the text column"]


def test_a_project_whose_photos_moved_keeps_its_notes_and_names_the_photo(tmp_path, frus):
    project = make_tropy(tmp_path / "trip" / "Archive trip.tpy", frus)
    (project.parent / "photos" / "IMG_0412.jpg").unlink()
    summary = SearchEngine(tmp_path / "index").index([project])
    assert summary.documents == 2
    assert [s.kind for s in summary.skipped if "IMG_0412" in s.path] == ["missing"]


def test_a_library_moved_away_for_a_moment_loses_nothing(tmp_path, frus):
    project = make_tropy(tmp_path / "trip" / "Archive trip.tpy", frus)
    engine = SearchEngine(tmp_path / "index")
    engine.index([project])
    away = tmp_path / "away.tpy"
    project.rename(away)
    summary = engine.index()
    assert summary.missing and summary.missing[0].documents == 2 and len(engine.documents()) == 2
    away.rename(project)
    time.sleep(0.01)
    summary = engine.index()
    assert not summary.missing and not summary.modified
    assert os.path.exists(project)


# -- the web page --------------------------------------------------------------------------------------------------
def test_the_web_page_links_hits_to_zotero_and_shows_tropy_photos(tmp_path, zotero, frus):
    from search_engine.web import create_app

    project = make_tropy(tmp_path / "trip" / "Archive trip.tpy", frus)
    engine = SearchEngine(tmp_path / "index")
    engine.index([zotero, project])
    client = create_app(engine).test_client()
    html = client.get("/search?q=%22a+public+trade%22").get_data(as_text=True)
    assert 'href="zotero://select/library/items/LTR6NT00"' in html
    html = client.get("/search?q=Turkey+collection%3ALetters").get_data(as_text=True)
    assert re.search(r'href="zotero://open-pdf/library/items/PDF66KHR\?page=\d+"', html)
    data = client.get("/search.json?q=Kohler").get_json()
    hit = data["hits"][0]
    assert hit["image"].endswith("IMG_0412.jpg") or hit["image"].endswith("IMG_0413.jpg")
    html = client.get("/search?q=Kohler").get_data(as_text=True)
    sources = re.findall(r'<img class="photo" src="([^"]+)"', html)
    assert sources
    photo = client.get(sources[0].replace("&amp;", "&"))
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg" and photo.data[:3] == b"\xff\xd8\xff"
    page = client.get("/doc/zotero-LTR66KHR").get_data(as_text=True)
    assert "Khrushchev" in page and "Cuban Missile Crisis" in page and 'href="zotero://select/library/items/LTR66KHR"' in page
    assert client.get("/photo/zotero-LTR66KHR/1.jpg").status_code == 404
    html = client.get("/search?q=missiles").get_data(as_text=True)
    assert "<h2>Collection</h2>" in html and 'href="?q=missiles&amp;collection=Letters"' in html
    assert 'href="?q=missiles&amp;tag=FRUS"' in html
    data = client.get("/search.json?q=missiles&collection=Letters").get_json()
    assert data["total"] > 0 and {h["doc_id"] for h in data["hits"]} == {"zotero-LTR66KHR"}
    html = client.get("/search?q=missiles&collection=Letters").get_data(as_text=True)
    assert "collection Letters" in html


def _tesseract_problem() -> str | None:
    from search_engine.ingest.tesseract import Tesseract

    found = Tesseract()
    return found.problem or (None if found.languages.split("+")[0] == "eng" else "no English for Tesseract")


@pytest.mark.skipif(_tesseract_problem() is not None, reason="Tesseract with English is not installed")
def test_ocr_reads_the_photos_of_a_tropy_project(tmp_path, frus):
    words = " ".join(frus["d65"].paragraphs[10].text.split()[:40])
    image, shown = formats_kit.page_image(words)
    project = kit.write_tropy(tmp_path / "Scans.tpy", "Scans", [kit.TropyItem(
        {"dc:title": "Unread telegram", "dc:date": "1962-10-26"},
        photos=[kit.Photo("IMG_0900.jpg", formats_kit.image_bytes([image], "JPEG"))])])
    engine = SearchEngine(tmp_path / "index")
    engine.index([project])
    phrase = " ".join(shown.split()[3:8])
    assert engine.search(f'"{phrase}"').total == 0
    summary = engine.index(ocr_photos=True)
    assert [Path(p).name for p in summary.changed] == ["1"] and summary.ocr_pages == 1
    hit = engine.search(f'"{phrase}"')[0]
    assert hit.title == "Unread telegram" and hit.page == "1" and hit.image.endswith("IMG_0900.jpg")


# -- a library inside a folder -------------------------------------------------------------------------------------
def _research_folder(tmp_path: Path, frus: dict) -> Path:
    """A historian's folder: a Zotero data folder (with what Zotero keeps beside its database), a Tropy project
    with its photos beside it, and notes of their own."""
    research = tmp_path / "Research"
    zotero = make_zotero(research / "Zotero", frus)
    (zotero / "styles").mkdir()
    (zotero / "styles" / "chicago-note-bibliography.csl").write_text("<style/>", encoding="utf-8")
    (zotero / "zotero.sqlite.bak").write_bytes((zotero / "zotero.sqlite").read_bytes())
    make_tropy(research / "trip" / "Archive trip.tpy", frus)
    (research / "notes").mkdir()
    (research / "notes" / "memo.txt").write_bytes((SEEDS / f"{SEED_000}.txt").read_bytes())
    return research


def test_a_library_inside_a_folder_is_read_as_a_library(tmp_path, frus):
    research = _research_folder(tmp_path, frus)
    engine = SearchEngine(tmp_path / "index")
    summary = engine.index([research])
    apart = SearchEngine(tmp_path / "apart").index(
        [research / "Zotero", research / "trip" / "Archive trip.tpy", research / "notes"])
    # the same documents as the library, the project and the notes named apart: no storage PDF, linked file,
    # photo or Zotero's own files as anonymous documents, nothing counted twice
    assert sorted(d.doc_id for d in engine.documents()) == \
        sorted(d.doc_id for d in SearchEngine(tmp_path / "apart").documents())
    assert summary.documents == apart.documents == 11
    assert sorted(s.reason for s in summary.skipped) == sorted(s.reason for s in apart.skipped)
    assert not any(part in s.path for s in summary.skipped for part in ("styles", ".bak", "photos/"))
    hits = engine.search('"The offer on Turkey is new in this letter"')
    assert [h.doc_id for h in hits] == ["zotero-LTR66KHR"]
    (info,) = engine.sources()
    assert (info.path, info.kind, info.files, info.documents) == (str(research), "folder", 11, 11)
    assert [(i.path, i.kind, i.files, i.documents) for i in info.libraries] == [
        (str(research / "Zotero"), "zotero", 8, 8), (str(research / "trip" / "Archive trip.tpy"), "tropy", 2, 2)]
    result = CliRunner().invoke(main, ["--index", str(tmp_path / "index"), "sources"])
    assert result.exit_code == 0
    assert re.search(r"ok\s+11\s+11\s+" + re.escape(str(research)) + "\n", result.output)
    assert re.search(r"ok\s+8\s+8\s{4}" + re.escape(str(research / "Zotero")) + r" \(Zotero library\)", result.output)
    assert "Archive trip.tpy (Tropy project)" in result.output


def test_updates_follow_a_library_inside_a_folder(tmp_path, frus):
    research = _research_folder(tmp_path, frus)
    engine = SearchEngine(tmp_path / "index")
    engine.index([research])
    assert not engine.index().modified
    pdf = research / "Zotero" / "storage" / "PDF66KHR" / "Khrushchev to Kennedy 1962-10-27.pdf"
    pdf.write_bytes(kit.pdf_bytes([["A corrected scan: the letter proposes a trade of the Jupiter missiles."]]))
    summary = engine.index()
    assert [Path(p).name for p in summary.changed] == ["LTR66KHR"] and not summary.added
    assert engine.search('"trade of the Jupiter missiles"')[0].doc_id == "zotero-LTR66KHR"
    # the attachment named on its own, inside the remembered folder: its item is read again, not the file
    pdf.write_bytes(kit.pdf_bytes([["A second scan: the letter names the Jupiter missiles in Turkey."]]))
    summary = engine.index([pdf])
    assert [Path(p).name for p in summary.changed] == ["LTR66KHR"] and not summary.added
    assert [s.path for s in engine.sources()] == [str(research)]
    assert len(engine.documents()) == 11
    # a folder of a project's photos updated on its own (a watcher saw a photo change): the photo's item is read
    # again, and the photos are not scans of their own
    photos = research / "trip" / "photos"
    (photos / "IMG_0412.jpg").write_bytes(_photo(frus["d65"].paragraphs[1].text))
    summary = engine.index([photos])
    assert [Path(p).name for p in summary.changed] == ["1"] and not summary.added
    assert len(engine.documents()) == 11
    # the library cannot be opened for a moment: what it gave is kept, its files are not indexed as files
    db = sqlite3.connect(research / "Zotero" / "zotero.sqlite")
    db.execute("UPDATE version SET version = 131 WHERE schema = 'userdata'")
    db.commit()
    db.close()
    photo = research / "trip" / "photos" / "IMG_0500.jpg"
    tpy = research / "trip" / "Archive trip.tpy"
    tpy.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    summary = engine.index()
    assert sorted((m.path, m.documents) for m in summary.missing) == sorted([(str(tpy), 2), (str(research / "Zotero"), 8)])
    assert len(engine.documents()) == 11 and not summary.added
    assert photo.exists() and not any("IMG_" in s.path for s in summary.skipped)
