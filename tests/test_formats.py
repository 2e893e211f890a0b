"""Every file in a historian's folder: Word, OpenDocument, RTF, EPUB, e-mail, mbox, ZIP bundles and scans.

The files are made here from known text with the libraries that write them (benchmarks/formats_kit.py); the
scans are rendered from the text with Pillow at 200 dpi and read back by Tesseract (those tests are skipped,
saying why, where Tesseract is not installed: `.ci/run` installs it).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.errors import SourceError
from search_engine.ingest.readers import read_documents, read_file
from search_engine.ingest.tesseract import Tesseract

from .conftest import ROOT, SEED_000, SEEDS

sys.path.insert(0, str(ROOT / "benchmarks"))
import formats_kit as kit  # noqa: E402

TESSERACT = Tesseract()
needs_tesseract = pytest.mark.skipif(TESSERACT.problem is not None or TESSERACT.languages.split("+")[0] != "eng",
                                     reason=f"{TESSERACT.problem or 'no English data'}: {TESSERACT.advice}")

CABLE = [
    "Today an embassy representative met with a source who stated that the missile bases in Cuba would be "
    "bombed and there would be assault landings there.",
    "The source said that Castro might just as well make a statement that he is prepared to dismantle and "
    "remove the missile launchers if President Kennedy gives his guarantee that he will not invade Cuba.",
    "In the evening the source once again called the embassy representative and asked to meet him urgently.",
]
WRAPPED_PHRASE = "guarantee that he will not invade"  # crosses a line wrap on the rendered page


def _search(engine: SearchEngine, query: str, **kw):
    return engine.search(query, per_doc=0, limit=50, **kw)


def _sources(results) -> set[str]:
    return {Path(h.source).as_posix().split("folder/", 1)[-1] for h in results}


# -- a folder of every format, indexed once ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    f = root / "folder"
    f.mkdir()
    (f / "memo.docx").write_bytes(kit.docx_bytes(
        ["Washington, October 26, 1962", "The President asked for the quarantine line to be drawn closer to Cuba.",
         "The Secretary agreed to a delay of the boarding."],
        title_style="Memorandum for the Record", footnotes={1: "Source: Kennedy Library, NSF, Meetings."},
        endnotes={2: "The boarding took place the next morning."}, header="TOP SECRET",
        properties={"title": "Microsoft Word - memo_final.doc", "author": "jsmith",
                    "created": datetime(1601, 1, 1)}))
    (f / "stated.docx").write_bytes(kit.docx_bytes(
        ["The ambassador delivered the aide-memoire on the Berlin corridors."],
        properties={"title": "Aide-memoire on the Berlin corridors", "created": datetime(1961, 8, 17)}))
    (f / "protocol.odt").write_bytes(kit.odt_bytes(
        ["The Presidium resolved to send the telegram to Comrade Pavlov at once.",
         "Adopted unanimously after a short discussion."],
        heading="Protocol No. 63", footnotes={0: "Pavlov is the pseudonym of Ambassador Alekseev."},
        title="Presidium Protocol 63", creator="archivist", created=datetime(1962, 10, 28)))
    (f / "letter.rtf").write_bytes(kit.rtf_bytes(
        ["Dear Mr. President, I have received your letter of October 27.",
         "Москва, 28 октября 1962 года: мы согласны демонтировать ракетные установки."],
        title="Letter From Chairman Khrushchev", author="N. S. Khrushchev", created=datetime(1962, 10, 28),
        footnotes={0: "Translated from the Russian by the Department of State."}))
    (f / "edition.epub").write_bytes(kit.epub_bytes(
        "Foreign Relations of the United States, 1961-1963, Volume VI", [
            ("66. Telegram From the Embassy in the Soviet Union", ["Moscow, October 27, 1962.",
                                                                   "The Soviet note proposed a trade of the Turkish bases."]),
            ("67. Editorial Note", ["The Executive Committee met twice that afternoon on the Jupiter question."]),
        ], creator="Charles S. Sampson", published="1996", notes={0: "Source: Department of State, Central Files."}))
    minutes = "Minutes of the meeting\n\nThe committee reviewed the release of the Oswald file in full.\n"
    (f / "telegram.eml").write_bytes(kit.email_bytes(
        "Your request for the 1962 cables", "Dear colleague,\n\nthe reading room has scanned the blockade cables "
        "you asked for; the minutes are attached.\n\nRegards,\nThe archivist\n",
        sent=datetime(2024, 3, 5, 10, 30, tzinfo=timezone.utc),
        attachments=[("attachment-minutes.txt", minutes.encode()), ("photo.gif", b"GIF89a not read")]))
    kit.write_mbox(f / "correspondence.mbox", [
        kit.email_bytes("First reply about the Vienna summit", "The Vienna summit folder is available.\n",
                        sent=datetime(2024, 1, 9, 9, 0, tzinfo=timezone.utc)),
        kit.email_bytes("Second reply about the test ban", "The test ban treaty drafts are in box 12.\n",
                        sent=datetime(2024, 1, 10, 9, 0, tzinfo=timezone.utc)),
    ])
    broken_docx = kit.docx_bytes(["This member is cut short."])[:900]
    seed = (SEEDS / f"{SEED_000}.txt").read_bytes()
    (f / "release-bundle.zip").write_bytes(kit.zip_bytes({
        "release-2025/memo-a.txt": b"Memorandum A\n\nThe naval quarantine of Cuba began at ten in the morning.\n",
        "release-2025/deep/memo-b.docx": kit.docx_bytes(["The Jupiter missiles in Turkey were obsolete."]),
        "release-2025/cut.docx": broken_docx,
        "release-2025/seed.txt": seed,
        "release-2025/table.xlsx": b"PK\x03\x04 not really",
        "__MACOSX/._memo-a.txt": b"resource fork",
    }))
    (f / "damaged.docx").write_bytes(broken_docx)
    (f / "notes.xls").write_bytes(b"\xd0\xcf\x11\xe0 an old spreadsheet")
    return root, f


@pytest.fixture(scope="module")
def indexed(folder):
    root, f = folder
    engine = SearchEngine(root / "ix")
    summary = engine.index([f])
    return engine, summary


def test_every_format_is_found_by_a_phrase_of_its_text(indexed):
    engine, _ = indexed
    for phrase, source in [
        ('"quarantine line to be drawn closer"', "memo.docx"),
        ('"aide-memoire on the Berlin corridors"', "stated.docx"),
        ('"telegram to Comrade Pavlov"', "protocol.odt"),
        ('"received your letter of October 27"', "letter.rtf"),
        ('"демонтировать ракетные установки"', "letter.rtf"),
        ('"trade of the Turkish bases"', "edition.epub"),
        ('"scanned the blockade cables"', "telegram.eml"),
        ('"release of the Oswald file"', "telegram.eml/attachment-minutes.txt"),
        ('"Vienna summit folder"', "correspondence.mbox/1"),
        ('"test ban treaty drafts"', "correspondence.mbox/2"),
        ('"naval quarantine of Cuba"', "release-bundle.zip/release-2025/memo-a.txt"),
        ('"Jupiter missiles in Turkey"', "release-bundle.zip/release-2025/deep/memo-b.docx"),
    ]:
        assert _sources(_search(engine, phrase)) == {source}, phrase


def test_titles_and_dates_from_properties_checked_for_junk(indexed):
    engine, _ = indexed
    docs = {d.doc_id: d for d in engine.documents()}
    # junk properties (a file name, a user name, 1601) give way to the text: its Title paragraph and dateline
    memo = engine.document("memo")
    assert (memo.title, memo.date.iso, memo.classification) == ("Memorandum for the Record", "1962-10-26", ("TOP SECRET",))
    # a text with no title or date of its own: the properties, when they pass
    assert (docs["stated"].title, docs["stated"].date.iso) == ("Aide-memoire on the Berlin corridors", "1961-08-17")
    assert (docs["protocol"].title, docs["protocol"].date.iso) == ("Presidium Protocol 63", "1962-10-28")
    assert (docs["letter"].title, docs["letter"].date.iso) == ("Letter From Chairman Khrushchev", "1962-10-28")
    # e-mail: Subject and Date
    assert (docs["telegram"].title, docs["telegram"].date.iso) == ("Your request for the 1962 cables", "2024-03-05")
    assert (docs["correspondence/2"].title, docs["correspondence/2"].date.iso) == (
        "Second reply about the test ban", "2024-01-10")


def test_word_and_odf_notes_are_footnotes_of_their_paragraphs(indexed):
    engine, _ = indexed
    memo = engine.document("memo")
    notes = {n.number: n.text for n in memo.footnotes}
    assert notes == {"1": "Source: Kennedy Library, NSF, Meetings.", "2": "The boarding took place the next morning."}
    cited = {p.text: p.footnotes for p in memo.paragraphs}
    assert cited["The President asked for the quarantine line to be drawn closer to Cuba.[1]"] == ("1",)
    assert cited["The Secretary agreed to a delay of the boarding.[2]"] == ("2",)
    protocol = engine.document("protocol")
    assert [(n.number, n.paragraph) for n in protocol.footnotes] == [("1", 1)]
    hit = _search(engine, "pseudonym Alekseev")[0]
    assert hit.doc_id == "protocol" and hit.footnotes[0].text == "Pavlov is the pseudonym of Ambassador Alekseev."
    letter = engine.document("letter")
    assert letter.footnotes[0].text == "Translated from the Russian by the Department of State."


def test_epub_chapters_are_documents_of_their_book(indexed):
    engine, _ = indexed
    first, second = engine.document("edition-ch01"), engine.document("edition-ch02")
    assert first.title == "66. Telegram From the Embassy in the Soviet Union" and first.date.iso == "1962-10-27"
    assert second.title == "67. Editorial Note" and second.date is None  # the book's 1996 is not its date
    assert first.container_title == "Foreign Relations of the United States, 1961-1963, Volume VI"
    assert (first.issued, first.editors) == ("1996", ("Charles S. Sampson",))
    assert [(n.number, n.text, n.paragraph) for n in first.footnotes] == [
        ("1", "Source: Department of State, Central Files.", 1)]


def test_members_name_their_container_and_skips_are_named(indexed):
    engine, summary = indexed
    ids = {d.doc_id: d.source for d in engine.documents()}
    assert ids["release-bundle/release-2025/memo-a"].endswith("release-bundle.zip/release-2025/memo-a.txt")
    assert ids["telegram/attachment-minutes"].endswith("telegram.eml/attachment-minutes.txt")
    reasons = {Path(s.path).as_posix().split("folder/", 1)[-1]: (s.kind, s.reason) for s in summary.skipped}
    assert reasons["damaged.docx"][0] == "damaged" and "Word" in reasons["damaged.docx"][1]
    assert reasons["release-bundle.zip/release-2025/cut.docx"][0] == "damaged"
    assert reasons["release-bundle.zip/release-2025/table.xlsx"][0] in ("unsupported", "damaged")
    assert reasons["telegram.eml/photo.gif"][0] == "unsupported"
    assert reasons["notes.xls"] == ("unsupported", "unsupported type: a spreadsheet (save it as CSV)")
    assert not any("__MACOSX" in s.path for s in summary.skipped)
    # a container's file counts under its own format, and so do the documents it gave (an mbox's messages)
    rows = {f.format: f for f in summary.formats}
    assert rows["zip"].files >= 1 and rows["zip"].documents == sum(
        1 for d in ids if d.startswith("release-bundle/"))
    assert (rows["mbox"].files, rows["mbox"].documents) == (1, 2)
    assert rows["email"].documents == sum(1 for d in ids if d.startswith("telegram"))
    assert summary.skipped_by_kind()["unsupported"] >= 2


def test_cli_counts_skips_by_reason_lists_them_with_verbose_and_exits_0(folder, tmp_path):
    _, f = folder
    result = CliRunner().invoke(main, ["index", str(f), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["skipped_by_kind"]["damaged"] == 2 and data["skipped_by_kind"]["unsupported"] >= 2
    assert any(s["path"].endswith("damaged.docx") and s["kind"] == "damaged" for s in data["skipped"])
    # a folder with more skips than are listed: counted, and listed with --verbose
    many = tmp_path / "many"
    shutil.copytree(f, many)
    for n in range(12):
        (many / f"sheet{n}.xlsx").write_bytes(b"x")
    result = CliRunner().invoke(main, ["index", str(many), "--index", str(tmp_path / "ix2")])
    assert result.exit_code == 0
    assert re.search(r"Passed over, by reason: \d+ unsupported type, 2 damaged", result.output)
    assert len(re.findall(r"^  /.*: ", result.output, re.MULTILINE)) == 10  # the first ten of them
    assert re.search(r"\.\.\. and \d+ more \(search-engine index.*--verbose.* lists them\)", result.output)
    verbose = CliRunner().invoke(main, ["index", str(many), "--index", str(tmp_path / "ix2"), "--verbose"])
    assert all(f"sheet{n}.xlsx: unsupported type: a spreadsheet (save it as CSV)" in verbose.output for n in range(12))
    assert re.search(r"damaged\.docx: damaged Word file", verbose.output)


def test_a_hit_in_a_member_names_its_container_and_member(folder, indexed):
    engine, _ = indexed
    result = CliRunner().invoke(main, ["search", '"release of the Oswald file"', "--index", str(engine.index_dir)])
    assert result.exit_code == 0
    assert re.search(r"telegram/attachment-minutes#p\d+ · \S*folder/telegram\.eml/attachment-minutes\.txt", result.output)


def test_updating_a_container_updates_its_members_and_removing_it_removes_them(tmp_path):
    bundle = tmp_path / "src" / "bundle.zip"
    bundle.parent.mkdir()
    bundle.write_bytes(kit.zip_bytes({"a.txt": b"Memo A\n\nThe first memo speaks of the blockade.\n",
                                      "b.txt": b"Memo B\n\nThe second memo speaks of the Jupiters.\n"}))
    engine = SearchEngine(tmp_path / "ix")
    engine.index([bundle.parent])
    assert {d.doc_id for d in engine.documents()} == {"bundle/a", "bundle/b"}
    bundle.write_bytes(kit.zip_bytes({"a.txt": b"Memo A\n\nThe first memo now speaks of the quarantine.\n",
                                      "c.txt": b"Memo C\n\nA third memo on the U-2 flight.\n"}))
    summary = engine.index()
    assert len(summary.changed) == 1
    assert {d.doc_id for d in engine.documents()} == {"bundle/a", "bundle/c"}
    assert not _search(engine, "blockade").hits and _search(engine, "quarantine").hits[0].doc_id == "bundle/a"
    bundle.unlink()
    (bundle.parent / "other.txt").write_text("Other\n\nA text that stays.\n")
    engine.index()
    assert {d.doc_id for d in engine.documents()} == {"other"}


def test_an_unchanged_container_reports_its_skipped_members_again(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "bundle.zip").write_bytes(kit.zip_bytes({"a.txt": b"Memo A\n\nText of memo A.\n", "b.docx": b"PK broken"}))
    engine = SearchEngine(tmp_path / "ix")
    first = engine.index([src])
    second = engine.index()
    assert [s.path for s in first.skipped] == [s.path for s in second.skipped]
    assert second.skipped[0].path.endswith("bundle.zip/b.docx") and second.unchanged == 1


# -- bombs --------------------------------------------------------------------------------------------------
def _zip_with(members: dict[str, bytes]) -> bytes:
    return kit.zip_bytes(members)


def test_a_member_that_inflates_past_the_limit_is_refused_and_the_rest_read(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ok.txt", "Memo\n\nThe ambassador called at noon.\n")
        with z.open("bomb.txt", "w") as member:  # 65 MB of zeros: about 64 kB packed
            block = b"0" * (1 << 20)
            for _ in range(65):
                member.write(block)
    path = tmp_path / "bomb.zip"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 1_000_000
    contents = read_file(str(path))
    assert [d.doc_id for d in contents.documents] == ["bomb/ok"]
    (skip,) = contents.skipped
    assert skip.path.endswith("bomb.zip/bomb.txt") and skip.kind == "too-large" and "65 MB" in skip.reason


def test_an_archive_of_too_many_members_is_refused(tmp_path, monkeypatch):
    from search_engine.ingest import containers

    monkeypatch.setattr(containers, "MAX_MEMBERS", 50)
    path = tmp_path / "many.zip"
    path.write_bytes(_zip_with({f"m{n}.txt": b"Memo\n\nText.\n" for n in range(51)}))
    with pytest.raises(SourceError, match=r"ZIP archive of 51 members \(the limit is 50\)") as e:
        read_file(str(path))
    assert e.value.kind == "too-large"


def test_nested_archives_past_the_depth_are_refused(tmp_path):
    inner = _zip_with({"deepest.txt": b"Memo\n\nThe deepest memo.\n"})
    for level in range(5):
        inner = _zip_with({f"level{level}.zip": inner, f"note{level}.txt": f"Note\n\nA note at level {level}.\n".encode()})
    path = tmp_path / "nest.zip"
    path.write_bytes(inner)
    contents = read_file(str(path))
    found = {d.doc_id for d in contents.documents}
    assert "nest/note4" in found and "nest/level4/note3" in found
    assert not any("deepest" in d for d in found)
    (skip,) = contents.skipped
    assert skip.kind == "too-large" and "nested 4 containers deep (the limit is 4)" in skip.reason


def test_an_encrypted_member_is_named(tmp_path):
    data = bytearray(_zip_with({"secret.txt": b"Memo\n\nHidden.\n", "open.txt": b"Memo\n\nOpen text.\n"}))
    # set the "encrypted" flag of the first member in its local header and in the central directory
    for offset in [m.start() for m in re.finditer(rb"PK\x03\x04", data)][:1] + \
                  [m.start() + 2 for m in re.finditer(rb"PK\x01\x02", data)][:1]:
        data[offset + 6] |= 1
    path = tmp_path / "locked.zip"
    path.write_bytes(bytes(data))
    contents = read_file(str(path))
    assert [d.doc_id for d in contents.documents] == ["locked/open"]
    assert contents.skipped[0].kind == "encrypted" and contents.skipped[0].path.endswith("locked.zip/secret.txt")


# -- properties and sniffing --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("title", "people", "kept"), [
    ("Microsoft Word - draft.doc", (), ""), ("draft.docx", (), ""), ("Document1", (), ""), ("Untitled", (), ""),
    ("jsmith", (), ""), ("CORP\\jsmith", (), ""), ("John Smith", ("John Smith",), ""),
    ("Memorandum of Conversation", ("jsmith",), "Memorandum of Conversation"), ("TELEGRAM", (), "TELEGRAM"),
])
def test_junk_titles(title, people, kept):
    from search_engine.ingest.properties import plausible_title

    assert plausible_title(title, people) == kept


def test_junk_dates():
    from datetime import date

    from search_engine.ingest.properties import plausible_date

    for junk in ("1601-01-01T00:00:00Z", "1899-12-30", "1970-01-01", "1980-01-01", "2999-01-01"):
        assert plausible_date(junk) is None, junk
    assert plausible_date("1962-10-28T09:30:00Z").iso == "1962-10-28"
    assert plausible_date(date(2019, 5, 2), {date(2019, 5, 2)}) is None  # the day the file was copied


def test_a_typed_memo_with_from_and_to_lines_stays_text(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("MEMORANDUM\n\nFrom: Rusk\nTo: The President\nSubject: Cuba\n\nThe blockade holds.\n")
    (doc,) = read_documents(str(path))
    assert doc.format == "text"


def test_unsupported_files_in_a_folder_are_counted_not_silently_passed_over(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "memo.txt").write_text("Memo\n\nThe ambassador called.\n")
    (src / "scan.gif").write_bytes(b"GIF89a")
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (src / ".DS_Store").write_bytes(b"x")
    summary = SearchEngine(tmp_path / "ix").index([src])
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert reasons == {"old.doc": "unsupported type: an old Word file (.doc): save it as .docx",
                       "scan.gif": "unsupported type: a GIF image (save scans as PNG, JPEG or TIFF)"}


def test_a_folder_of_only_unreadable_files_says_which_and_why(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "damaged.docx").write_bytes(b"PK\x03\x04 cut")
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = CliRunner().invoke(main, ["index", str(src), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert "damaged.docx: damaged" in result.output and "old.doc: unsupported type" in result.output


# -- scans ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    root = tmp_path_factory.mktemp("scans")
    src = root / "src"
    src.mkdir()
    page, rendered = kit.page_image("\n\n".join(CABLE))
    (src / "phone-photo.png").write_bytes(kit.image_bytes([page]))
    second, rendered2 = kit.page_image("The minister replied that the quarantine line would hold through the night.")
    (src / "two-pages.tif").write_bytes(kit.image_bytes([page, second], "TIFF"))
    (src / "scanned.pdf").write_bytes(kit.scanned_pdf_bytes([second]))
    return root, src, rendered


@needs_tesseract
def test_scans_are_read_with_their_pages_and_found_across_line_wraps(scans):
    root, src, rendered = scans
    lines = rendered.split("\n")
    assert WRAPPED_PHRASE in " ".join(lines) and not any(WRAPPED_PHRASE in line for line in lines)  # it crosses a wrap
    engine = SearchEngine(root / "ix")
    summary = engine.index([src])
    assert summary.ocr_pages == 4 and not summary.skipped
    found = _search(engine, f'"{WRAPPED_PHRASE}"')
    assert {Path(h.source).name for h in found} == {"phone-photo.png", "two-pages.tif"}
    quarantine = {Path(h.source).name: h.page for h in _search(engine, '"quarantine line would hold"')}
    assert quarantine == {"two-pages.tif": "2", "scanned.pdf": "1"}
    assert engine.document("phone-photo").format == "scan"
    # a rebuild with the scans unchanged runs no OCR: every page comes from the cache
    again = engine.index(rebuild=True)
    assert (again.ocr_pages, again.ocr_cached) == (0, 4)


@needs_tesseract
def test_ocr_of_a_clean_page_gets_its_words_right(scans):
    import difflib

    _, src, rendered = scans
    (doc,) = read_documents(str(src / "phone-photo.png"), ocr=Tesseract())
    words = lambda text: re.findall(r"\w+", text.lower())  # noqa: E731
    expected, got = words(rendered), words(" ".join([doc.title, *doc.header, *(p.text for p in doc.paragraphs)]))
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    right = sum(block.size for block in matcher.get_matching_blocks())
    assert right / len(expected) >= 0.98


def _words_right(expected: str, got: str) -> float:
    import difflib

    words = lambda text: re.findall(r"\w+", text.lower())  # noqa: E731
    a, b = words(expected), words(got)
    return sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()) / len(a)


needs_russian = pytest.mark.skipif("rus" not in TESSERACT.languages.split("+"),
                                   reason="no Russian data for Tesseract: sudo apt-get install tesseract-ocr-rus")


@needs_tesseract
@needs_russian
def test_a_russian_scan_is_read_as_russian_with_the_default_languages(tmp_path):
    # the default reads English and Russian together: a page in Russian is not read as English letters
    protocol = (ROOT / "tests" / "fixtures" / "ru" / "protocol_63_ru.txt").read_text(encoding="utf-8")
    page, rendered = kit.page_image(protocol)
    path = tmp_path / "protocol-63.png"
    path.write_bytes(kit.image_bytes([page]))
    (doc,) = read_documents(str(path), ocr=Tesseract())
    got = " ".join([doc.title, *doc.header, *(p.text for p in doc.paragraphs)])
    # read as English letters, under 5% of its words would be right; Tesseract 5.3 reads 79 of its 82 words
    # (the preposition "О" as the digit "0" twice, and "ЦК" as "UK": the same with Russian alone, 80 of 82)
    assert _words_right(rendered, got) >= 0.95
    assert doc.language == "ru"
    engine = SearchEngine(tmp_path / "ix")
    engine.index([path])
    assert [Path(h.source).name for h in _search(engine, '"ракетные установки"')] == ["protocol-63.png"]


@needs_tesseract
@needs_russian
def test_a_page_of_russian_and_english_keeps_both(tmp_path):
    letter = (ROOT / "tests" / "fixtures" / "ru" / "letter_bilingual.md").read_text(encoding="utf-8")
    page, rendered = kit.page_image(letter.split("---")[-1].strip())
    path = tmp_path / "telegram.png"
    path.write_bytes(kit.image_bytes([page]))
    (doc,) = read_documents(str(path), ocr=Tesseract())
    got = " ".join([doc.title, *doc.header, *(p.text for p in doc.paragraphs)])
    assert _words_right(rendered, got) >= 0.98
    assert "нападение на Кубу неизбежно" in got and "an attack on Cuba is inevitable" in got


@needs_tesseract
def test_a_pdf_of_typed_and_scanned_pages_keeps_both_in_order(tmp_path):
    from fpdf import FPDF

    page, _ = kit.page_image(CABLE[1])
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 16, "A typed first page about the naval quarantine and the Soviet ships approaching it.")
    pdf.add_page()
    buf = io.BytesIO()
    page.save(buf, "PNG")
    buf.seek(0)
    pdf.image(buf, x=0, y=0, w=612, h=792)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    (doc,) = read_documents(str(path), ocr=Tesseract())
    pages = [(p.page, p.text) for p in doc.paragraphs]
    assert pages[0][0] == "1" and "naval quarantine" in pages[0][1]
    assert any(page == "2" and "dismantle" in text for page, text in pages)


@needs_tesseract
def test_a_language_that_is_not_installed_is_a_clear_skip(tmp_path, scans):
    _, src, _ = scans
    result = CliRunner().invoke(main, ["index", str(src / "phone-photo.png"), str(SEEDS),
                                       "--index", str(tmp_path / "ix"), "--ocr-lang", "eng+xyz"])
    assert result.exit_code == 0, result.output
    assert "needs OCR" in result.output and "no language data for xyz" in result.output
    assert "apt-get install tesseract-ocr-xyz" in result.output


def test_without_tesseract_scans_are_skipped_once_with_the_install_command(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    page, _ = kit.page_image(CABLE[0], dpi=50, font_size=8)
    for name in ("a.png", "b.jpg"):
        (src / name).write_bytes(kit.image_bytes([page], "PNG" if name.endswith("png") else "JPEG", dpi=50))
    shutil.copy(SEEDS / f"{SEED_000}.txt", src)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = CliRunner().invoke(main, ["index", str(src), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "1 documents" in result.output or "1 document" in result.output
    assert "Skipped 2 file(s):" in result.output and "Passed over, by reason: 2 needs OCR" in result.output
    assert result.output.count("sudo apt-get install tesseract-ocr") == 1
    assert "2 scans were not read: Tesseract is not installed; install it: sudo apt-get install tesseract-ocr" \
           in result.output


def test_a_damaged_image_is_named(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(200))
    with pytest.raises(SourceError, match="damaged or unreadable image") as e:
        read_documents(str(path), ocr=Tesseract())
    assert e.value.kind in ("damaged", "needs-ocr")


def test_the_web_page_serves_a_members_container_and_a_document_of_it(indexed):
    from search_engine.web import create_app

    engine, _ = indexed
    client = create_app(SearchEngine(engine.index_dir)).test_client()
    page = client.get("/doc/release-bundle/release-2025/memo-a")
    assert page.status_code == 200 and b"naval quarantine of Cuba" in page.data
    original = client.get("/file/release-bundle/release-2025/memo-a")
    assert original.status_code == 200 and original.mimetype == "application/zip"
    assert "attachment" in original.headers["Content-Disposition"] and original.data.startswith(b"PK")
    original.close()
    cited = client.get("/doc/release-bundle/release-2025/deep/memo-b/cite.ris")
    assert cited.status_code == 200 and cited.data.startswith(b"TY  -")


def test_a_message_forwarding_a_dated_document_is_that_document(tmp_path):
    """A transcription forwarded by e-mail is dated and titled by its own head; a reply that quotes a message, or
    a forward whose text dates nothing, keeps the mail's Subject and Date."""
    from search_engine import read_documents

    memo = ("Here is my transcription of the memo. Footnotes are mine.\n\n---------- Forwarded message ----------\n\n"
            "SECRET -- EYES ONLY\n\nTHE WHITE HOUSE\nWASHINGTON\n\nNovember 4, 1962\n\nMEMORANDUM FOR THE PRESIDENT\n\n"
            "SUBJECT: The IL-28 bombers\n\nThe Soviets have not yet agreed to remove the IL-28s. Stevenson and McCloy "
            "believe that Kuznetsov will give way if we hold firm on the quarantine.\n")
    sent = datetime(2023, 3, 14, 10, 12, tzinfo=timezone.utc)
    (tmp_path / "fwd.eml").write_bytes(kit.email_bytes("Fwd: Bundy memo (transcription)", memo, sent=sent))
    (doc,) = read_documents(str(tmp_path / "fwd.eml"))
    assert (doc.date.iso, doc.classification) == ("1962-11-04", ("SECRET", "EYES ONLY"))
    assert doc.title != "Fwd: Bundy memo (transcription)" and doc.header[0].startswith("From: ")
    assert any(line.startswith("Date: ") for line in doc.header)  # when it was mailed, still said
    plain = "Here are my notes.\n\n---------- Forwarded message ----------\n\nThe folder is at the archive.\n"
    (tmp_path / "plain.eml").write_bytes(kit.email_bytes("Fwd: notes", plain, sent=sent))
    (doc,) = read_documents(str(tmp_path / "plain.eml"))
    assert (doc.title, doc.date.iso) == ("Fwd: notes", "2023-03-14")
