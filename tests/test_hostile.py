"""Hostile and awkward sources: legacy encodings, damaged and binary files, bombs, loops, odd names, bad dates.

Every file a build meets is either indexed, with the right characters, or skipped with a reason that names
it and says why; the build always finishes and the good files beside it stay searchable. The encoding
fixtures in ``fixtures/encodings/`` are checked byte by byte first, so that a test cannot pass on a
fixture that is not what its name says. Files too big or too odd to commit are made in ``tmp_path``.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.errors import SourceError, SourceWarning
from search_engine.ingest.readers import read_documents
from search_engine.ingest.sources import MAX_BYTES
from search_engine.ingest.text import parse_text
from search_engine.model import DateRange, Document, IndexSummary
from search_engine.vocabulary.dates import parse_date

ENCODINGS = Path(__file__).resolve().parent / "fixtures" / "encodings"
CYRILLIC = "telegram_havana_cp1251.txt"
FRENCH = "lettre_washington_latin1.txt"
GERMAN = "brief_bonn_latin1.txt"
CABLE_UTF8 = "cable_paris_utf8.txt"
CABLES = [CABLE_UTF8, "cable_paris_utf8_bom.txt", "cable_paris_utf16.txt", "cable_paris_cp1252.txt"]
# what a wrong decoding leaves behind: C1 controls (latin-1 read of cp1252), replacement characters, and
# the first bytes of UTF-8 read as cp1252, mac-roman or cp1251 ("Ã©", "â€™", "‚Äú", "Ð¸", "Рё")
MOJIBAKE = re.compile(r"[\x80-\x9f\ufffd]|Ã|â€|‚Ä|Ð|Р[ёµ°]")

GOOD = ("Telegram\n\nThe ambassador reported that the quarantine line held through the night and that no ship "
        "had tried to cross it.\n")


def text_of(doc: Document) -> str:
    return "\n".join([doc.title, *doc.header, *(p.text for p in doc.paragraphs)])


def read_one(path: Path, encoding: str | None = None) -> Document:
    (doc,) = read_documents(str(path), encoding)
    return doc


# -- A. the encoding fixtures are what their names say ----------------------------------------------


def test_cp1251_fixture_is_cyrillic_in_cp1251_without_a_bom():
    data = (ENCODINGS / CYRILLIC).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = data.decode("cp1251")
    assert len(re.findall("[А-Яа-яЁё]", text)) > 500 and "Кастро" in text


@pytest.mark.parametrize("name, words", [
    (FRENCH, ["très haute considération", "démantèlement", "ÉTATS-UNIS"]),
    (GERMAN, ["Äußerungen", "Rückwirkungen", "Maßnahmen", "Übereinstimmung"]),
])
def test_latin1_fixtures_hold_no_byte_that_only_cp1252_defines(name, words):
    data = (ENCODINGS / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert not re.search(rb"[\x80-\x9f]", data)  # C1 controls in latin-1; letters and quotes in cp1252
    assert len(re.findall(rb"[\xc0-\xff]", data)) >= 25
    text = data.decode("latin-1")
    assert all(w in text for w in words)


def test_cp1252_fixture_holds_the_bytes_latin1_reads_as_control_characters():
    data = (ENCODINGS / "cable_paris_cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    for byte, char in [(0x93, "“"), (0x94, "”"), (0x92, "’"), (0x96, "–"), (0x97, "—"), (0x85, "…"), (0x80, "€")]:
        assert bytes([byte]) in data, char
        assert char in data.decode("cp1252")
    assert re.search("[\x80-\x9f]", data.decode("latin-1"))  # latin-1 would be the wrong reading
    assert data.decode("cp1252") == (ENCODINGS / CABLE_UTF8).read_text(encoding="utf-8")


def test_unicode_fixtures_carry_their_byte_order_marks():
    utf8 = (ENCODINGS / CABLE_UTF8).read_bytes()
    assert not utf8.startswith(codecs.BOM_UTF8) and re.search(rb"[\x80-\xff]", utf8)
    text = utf8.decode("utf-8")
    bom = (ENCODINGS / "cable_paris_utf8_bom.txt").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf") and bom[3:] == utf8
    utf16 = (ENCODINGS / "cable_paris_utf16.txt").read_bytes()
    assert utf16.startswith(b"\xff\xfe") and utf16[2:].decode("utf-16-le") == text
    assert b"\x00" in utf16[:16]  # without its BOM it would look binary


# -- A. decoding ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CABLES)
def test_cable_decodes_to_the_same_document_in_every_encoding(name):
    doc = read_one(ENCODINGS / name)
    text = text_of(doc)
    for piece in ["President’s “personal representative”", "a first step — not a settlement", "22–28 October",
                  "firmly denied…", "€12.50", "Action: Amembassy PARIS — Priority"]:
        assert piece in text
    assert not MOJIBAKE.search(text)
    reference = read_one(ENCODINGS / CABLE_UTF8)
    assert (doc.title, doc.date, doc.classification, doc.paragraphs) == (
        reference.title, reference.date, reference.classification, reference.paragraphs)
    assert (doc.date.iso, doc.classification, doc.language) == ("1962-10-29", ("CONFIDENTIAL",), "en")


def test_cp1251_file_decodes_to_russian():
    doc = read_one(ENCODINGS / CYRILLIC)
    text = text_of(doc)
    assert "демонтаж ракетных установок идёт по графику" in text and "бомбардировщиках Ил-28" in text
    assert not MOJIBAKE.search(text)
    assert (doc.title, doc.date.iso, doc.classification, doc.place, doc.language) == (
        "ШИФРОТЕЛЕГРАММА", "1962-10-31", ("TOP SECRET",), "Гавана", "ru")


@pytest.mark.parametrize("name, words, language, iso", [
    (FRENCH, ["très haute considération", "le démantèlement des rampes", "Général de Gaulle", "Hervé Alphand"],
     "fr", "1962-10-29"),
    (GERMAN, ["äußerte der Botschafter", "Rückwirkungen", "unmittelbaren Maßnahmen", "größte Zurückhaltung"],
     "de", "1962-10-30"),
])
def test_latin1_letters_decode_with_their_accents(name, words, language, iso):
    doc = read_one(ENCODINGS / name)
    text = text_of(doc)
    assert all(w in text for w in words)
    assert not MOJIBAKE.search(text) and not re.search("[čřęąŕĺ]", text)  # cp1250 or cp1257 readings
    assert (doc.language, doc.date.iso) == (language, iso)


@pytest.fixture(scope="module")
def encodings_index(tmp_path_factory) -> tuple[IndexSummary, SearchEngine]:
    engine = SearchEngine(tmp_path_factory.mktemp("encodings") / "ix")
    return engine.index([ENCODINGS]), engine


def test_every_encoding_fixture_is_indexed(encodings_index):
    summary, _ = encodings_index
    assert summary.skipped == () and summary.documents == 7


@pytest.mark.parametrize("query, expected", [
    ("Кастро", {"telegram_havana_cp1251"}),
    ("бомбардировщики", {"telegram_havana_cp1251"}),  # another form of the word in the text
    ("démantèlement", {"lettre_washington_latin1"}),
    ("demantelement considération", {"lettre_washington_latin1"}),
    ("Äußerungen", {"brief_bonn_latin1"}),
    ("Zurückhaltung", {"brief_bonn_latin1"}),
    ('"personal representative"', {Path(c).stem for c in CABLES}),
])
def test_words_of_every_encoding_are_found(encodings_index, query, expected):
    _, engine = encodings_index
    results = engine.search(query, per_doc=1, dedupe=False)  # the same cable in several encodings: copies
    assert {hit.doc_id for hit in results} == expected
    assert not any(MOJIBAKE.search(hit.text) for hit in results)


def test_curly_quotes_come_back_as_written(encodings_index):
    _, engine = encodings_index
    hit = engine.search('"personal representative"', doc="cable_paris_cp1252")[0]
    assert "the President’s “personal representative” that" in hit.text
    assert "<mark>personal</mark> <mark>representative</mark>" in hit.snippet


# -- A. what cannot be decoded, and --encoding ------------------------------------------------------


def high_bytes(n: int = 4000, seed: int = 1962) -> bytes:
    """Bytes 0x80-0xFF at random: not UTF-8, and no legacy encoding reads them as text."""
    rng = random.Random(seed)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(n))


def cyrillic_soup(seed: int = 0) -> bytes:
    """Words of random cp1251 letters: Cyrillic, but no language, so only --encoding can say what it is."""
    rng = random.Random(seed)
    return b" ".join(bytes(rng.randrange(0xC0, 0x100) for _ in range(rng.randrange(2, 9))) for _ in range(400)) + b".\n"


def test_garbage_is_refused_with_a_reason_that_mentions_encoding(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(high_bytes())
    with pytest.raises(SourceError) as e:
        read_documents(str(path))
    assert e.value.path.endswith("garbage.txt") and "--encoding" in e.value.reason


def test_text_mixing_utf8_with_another_encoding_is_refused(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(("Протокол заседания.\n".encode("utf-8") + "Протокол заседания.\n".encode("cp1251")) * 20)
    with pytest.raises(SourceError, match=r"partly UTF-8 and partly not \(\d+ places that are not, the first on "
                                          r"line 2\); convert it to one encoding, or pass --encoding"):
        read_documents(str(path))


def test_the_given_encoding_is_used_as_given(tmp_path):
    soup = tmp_path / "soup.txt"
    soup.write_bytes(cyrillic_soup())
    with pytest.raises(SourceError, match="--encoding"):
        read_documents(str(soup))
    doc = read_one(soup, encoding="cp1251")
    assert " ".join(p.text for p in doc.paragraphs) == soup.read_bytes().decode("cp1251").strip()
    # even a wrong one: this is the user's call
    assert "trčs haute" in text_of(read_one(ENCODINGS / FRENCH, encoding="cp1250"))
    assert "très haute" in text_of(read_one(ENCODINGS / FRENCH, encoding="latin-1"))


@pytest.mark.parametrize("encoding, reason", [
    ("utf-8", r"cannot decode as utf-8: 'utf-8' codec can't decode byte 0xd8 in position 0"),
    ("no-such-codec", r"cannot decode as no-such-codec: unknown encoding"),
])
def test_an_encoding_that_does_not_fit_is_a_source_error(encoding, reason):
    with pytest.raises(SourceError, match=reason):
        read_documents(str(ENCODINGS / CYRILLIC), encoding)


def test_build_with_an_encoding_indexes_what_detection_refuses(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "soup.txt").write_bytes(cyrillic_soup())
    (folder / CYRILLIC).write_bytes((ENCODINGS / CYRILLIC).read_bytes())
    summary = SearchEngine(tmp_path / "ix").index([folder])
    assert [(Path(s.path).name, "--encoding" in s.reason) for s in summary.skipped] == [("soup.txt", True)]
    engine = SearchEngine(tmp_path / "ix2")
    summary = engine.index([folder], encoding="cp1251")
    assert summary.skipped == () and summary.documents == 2
    assert [h.doc_id for h in engine.search("Кастро", per_doc=1)] == ["telegram_havana_cp1251"]


def test_a_forced_encoding_applies_only_to_files_that_are_not_utf8(tmp_path):
    """--encoding cp1251 on a folder of cp1251 and UTF-8 files: the UTF-8 ones stay UTF-8 (they used to
    become mojibake), as do files with a byte-order mark."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "soup.txt").write_bytes(cyrillic_soup())
    utf8 = (ENCODINGS / CYRILLIC).read_bytes().decode("cp1251")
    (folder / "telegram_utf8.txt").write_text(utf8.replace("Гавана", "Сантьяго"), encoding="utf-8")
    (folder / "telegram_bom.txt").write_bytes(codecs.BOM_UTF8 + utf8.encode("utf-8"))
    assert text_of(read_one(folder / "telegram_utf8.txt", encoding="cp1251")) == text_of(
        read_one(folder / "telegram_utf8.txt"))
    assert "Кастро" in text_of(read_one(folder / "telegram_bom.txt", encoding="cp1251"))
    damaged = utf8.encode("utf-8").replace("Гавана".encode("utf-8"), b"\xff\xfe")  # UTF-8 with a bad byte or two
    (tmp_path / "damaged.txt").write_bytes(damaged)
    assert text_of(read_one(tmp_path / "damaged.txt", encoding="cp1251")) == text_of(read_one(tmp_path / "damaged.txt"))
    summary = SearchEngine(tmp_path / "ix").index([folder], encoding="cp1251")
    assert summary.skipped == () and summary.documents == 3
    engine = SearchEngine(tmp_path / "ix")
    assert engine.search("Сантьяго").total == 1
    # a forced UTF-16 without a byte-order mark is still applied (its bytes hold NULs, not UTF-8 text)
    (folder / "utf16.txt").write_bytes(utf8.encode("utf-16-le"))
    assert "Кастро" in text_of(read_one(folder / "utf16.txt", encoding="utf-16-le"))


def test_an_unknown_encoding_option_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["index", str(ENCODINGS), "--encoding", "no-such-codec",
                                       "--index", str(tmp_path / "ix")])
    assert result.exit_code == 2 and "unknown encoding 'no-such-codec'" in result.output


# -- B. hostile files, each beside a good one ---------------------------------------------------------


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def pdf(text: str) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=11)
    doc.multi_cell(0, 6, text)
    return bytes(doc.output())


def tei(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
            "<teiHeader><fileDesc><titleStmt><title>Letter</title></titleStmt></fileDesc></teiHeader>\n"
            f"<text><body>{body}</body></text>\n</TEI>\n").encode()


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return tei("<p>The ambassador laughed: &lol9;</p>", "<!DOCTYPE TEI [\n" + "\n".join(entities) + "\n]>\n")


def damaged_utf8() -> bytes:
    """A UTF-8 cable with one byte of another encoding in its middle (a cp1252 é typed into it)."""
    text = (ENCODINGS / CABLE_UTF8).read_text(encoding="utf-8")
    before, after = text.split("You should make clear")
    return before.encode() + b"Le caf\xe9 du coin. You should make clear" + after.encode()


MISNESTED_HTML = b"""<html><head><title>Cable 1234</title></head><body><div class=content>
<p>The ambassador <b>reported <i>that the</b> missiles</i> were leaving Zanzibar.</div></span></p>
<p>A second <a href=foo>paragraph, & an unclosed link &nbsp and <td>a stray cell</td>.</p>
</body>"""

# name -> (content, then "skipped" and a pattern of the reason, or "indexed" and a word the file is found by)
HOSTILE = {
    "empty.txt": (lambda: b"", "skipped", r"^empty file$"),
    "whitespace.txt": (lambda: b" \n\t\r\n \x0b\x0c\n", "skipped", r"^empty file$"),
    "unicode_spaces.txt": (lambda: "\u00a0\u2003\u3000\n\ufeff \u200b\n".encode(), "skipped", r"^no body text found$"),
    "picture.txt": (png, "skipped", r"^binary file \(a PNG image\), not text$"),
    "nul.txt": (lambda: b"Cable\n\nThe ambassador\x00 reported at noon.\n", "indexed", "noon"),
    "mostly_nul.txt": (lambda: b"Cable\n\n" + b"T\x00h\x00e\x00 \x00" * 50 + b"noon.\n", "skipped",
                       r"^binary file \(contains NUL bytes\), not text$"),
    "garbage.txt": (high_bytes, "skipped", r"^cannot tell the text encoding with confidence; pass --encoding"),
    "deep.html": (lambda: b"<html><body>" + b"<div>" * 100_000 + b"<p>Deep.</p>" + b"</div>" * 100_000
                  + b"</body></html>", "skipped", r"^cannot parse the HTML: elements nested more than 256 deep"),
    "deep.xml": (lambda: tei("<p>" + "<hi>" * 100_000 + "Deep." + "</hi>" * 100_000 + "</p>"), "skipped",
                 r"^not well-formed XML: elements nested more than 256 deep \(line 4, column \d+\)$"),
    "broken.xml": (lambda: tei("<p>The ambassador <persName>Dobrynin</persNme> called.</p>"), "skipped",
                   r"^not well-formed XML: Opening and ending tag mismatch: persName line 4 and persNme "
                   r"\(line 4, column \d+\)$"),
    "bomb.xml": (billion_laughs, "skipped", r"^not well-formed XML: entities that expand without bound"),
    "long_text.html": (lambda: b"<html><body><pre>" + b"word " * 2_200_000 + b"</pre></body></html>", "skipped",
                       r"^cannot parse the HTML: Buffer size limit exceeded \(line 1\)$"),  # libxml2 reads 10 MB
    "long_text.xml": (lambda: tei("<p>" + "word " * 2_200_000 + "</p>"), "skipped",
                      r"^not well-formed XML: Text node too long \(line 4, column \d+\)$"),
    # (not a copy of good.txt: search would then show good.txt as "also in" under it)
    "late_nul.txt": (lambda: b"Late\n\nThe consul wrote that the harbour was quiet and the ferries ran.\n" * 120
                     + b"Then\x00 Zanzibar.\n",
                     "indexed", "Zanzibar"),
    "token.txt": (lambda: ("Cable\n\nThe ambassador wrote " + "x" * 100_000 + " and then Zanzibar.\n\n"
                           "The second paragraph is about the blockade.\n").encode(), "indexed", "Zanzibar"),
    "misnested.html": (lambda: MISNESTED_HTML, "indexed", "Zanzibar"),
    "damaged.txt": (damaged_utf8, "indexed", "verification"),
    "scan.txt": (lambda: pdf("Telegram from Zanzibar. The ambassador reported that the island was calm."),
                 "indexed", "Zanzibar"),
    "truncated_pdf.txt": (lambda: pdf("Telegram from the embassy about the weather.")[:400], "skipped",
                          r"^damaged or unreadable PDF: "),
}


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def build(folder: Path, **kwargs) -> tuple[IndexSummary, SearchEngine]:
    """Index a folder of hostile files beside good.txt: the build finishes, and good.txt is found."""
    engine = SearchEngine(folder.parent / "ix")
    summary = engine.index([folder], **kwargs)
    assert "good" in {hit.doc_id for hit in engine.search("quarantine line", per_doc=1)}
    assert sum(f.skipped for f in summary.formats) == len(summary.skipped)
    return summary, engine


def skipped(summary: IndexSummary) -> dict[str, str]:
    """File name -> reason, for each file the build skipped."""
    return {Path(s.path).name: s.reason for s in summary.skipped}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_indexed_safely_or_skipped_with_a_reason(sources, name):
    make, outcome, expected = HOSTILE[name]
    (sources / name).write_bytes(make())
    summary, engine = build(sources)
    stem = Path(name).stem
    if outcome == "skipped":
        assert re.search(expected, skipped(summary)[name])
        assert stem not in {d.doc_id for d in engine.documents()}
    else:
        assert skipped(summary) == {}
        assert stem in {hit.doc_id for hit in engine.search(expected)}
        assert not MOJIBAKE.search(text_of(engine.document(stem)).replace("\ufffd", ""))


def test_every_hostile_file_at_once(sources):
    for name, (make, _, _) in HOSTILE.items():
        (sources / name).write_bytes(make())
    summary, engine = build(sources)
    indexed = {d.doc_id for d in engine.documents()}
    assert set(skipped(summary)) == {name for name, (_, outcome, _) in HOSTILE.items() if outcome == "skipped"}
    assert indexed == {"good"} | {Path(name).stem for name, (_, outcome, _) in HOSTILE.items() if outcome == "indexed"}
    rows = {f.format: f.skipped for f in summary.formats if f.skipped}
    assert rows == {"text": 7, "html": 2, "xml": 4}  # a file named .txt is counted as text until it is read


def test_a_few_nul_bytes_are_removed_with_a_warning(sources):
    """Stray NUL bytes in good text (early or late) are removed and the file indexed; the build says so."""
    (sources / "nul.txt").write_bytes(HOSTILE["nul.txt"][0]())
    data = HOSTILE["late_nul.txt"][0]()
    assert data.index(b"\x00") > 8192
    (sources / "late_nul.txt").write_bytes(data)
    summary, engine = build(sources)
    assert "Then Zanzibar." in text_of(engine.document("late_nul")) and "\x00" not in text_of(engine.document("late_nul"))
    assert engine.document("nul").paragraphs[0].text == "The ambassador reported at noon."
    assert sorted((Path(w.path).name, w.message) for w in summary.warnings) == [
        ("late_nul.txt", "1 NUL byte removed"), ("nul.txt", "1 NUL byte removed")]
    assert summary.to_json()["warnings"][0]["message"] == "1 NUL byte removed"


def test_nul_bytes_read_directly_raise_a_python_warning(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(HOSTILE["nul.txt"][0]())
    with pytest.warns(SourceWarning, match=r"nul\.txt: 1 NUL byte removed"):
        (doc,) = read_documents(str(path))
    assert doc.paragraphs[0].text == "The ambassador reported at noon."


def test_a_long_token_leaves_the_rest_of_its_document_searchable(sources):
    (sources / "token.txt").write_bytes(HOSTILE["token.txt"][0]())
    _, engine = build(sources)
    assert [h.passage_id for h in engine.search("Zanzibar")] == ["token#p1"]
    assert [h.passage_id for h in engine.search("blockade")] == ["token#p2"]
    assert len(engine.document("token").paragraphs[0].text) > 100_000


def test_damaged_utf8_keeps_every_other_character(sources):
    (sources / "damaged.txt").write_bytes(damaged_utf8())
    _, engine = build(sources)
    text = text_of(engine.document("damaged"))
    assert "Le caf\ufffd du coin." in text and text.count("\ufffd") == 1
    assert "President’s “personal representative”" in text and "22–28 October" in text
    assert [h.doc_id for h in engine.search("coin verification")] == ["damaged"]


def test_malformed_html_is_read_as_a_browser_would(sources):
    (sources / "misnested.html").write_bytes(MISNESTED_HTML)
    _, engine = build(sources)
    doc = engine.document("misnested")
    assert doc.title == "Cable 1234"
    assert doc.paragraphs[0].text == "The ambassador reported that the missiles were leaving Zanzibar."
    assert "A second paragraph, & an unclosed link and" in text_of(doc) and "a stray cell" in text_of(doc)


def test_nested_html_within_the_parser_limit_is_read(sources):
    depth = 250  # html, body and p make 253: libxml2 stops at 256
    (sources / "nested.html").write_text("<html><body>" + "<div>" * depth + "<p>Deep in Zanzibar.</p>"
                                         + "</div>" * depth + "</body></html>", encoding="utf-8")
    _, engine = build(sources)
    assert [h.doc_id for h in engine.search("Zanzibar")] == ["nested"]


def test_external_entities_are_not_read(sources, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Kilimanjaro", encoding="utf-8")
    doctype = f'<!DOCTYPE TEI [<!ENTITY secret SYSTEM "{secret.as_uri()}">]>\n'
    (sources / "xxe.xml").write_bytes(tei("<p>The secret is: &secret; nothing at all.</p>", doctype))
    _, engine = build(sources)
    assert text_of(engine.document("xxe")) == "Letter\nThe secret is: nothing at all."
    assert engine.search("Kilimanjaro").total == 0


def test_a_billion_laughs_are_not_expanded():
    with pytest.raises(SourceError, match="entities that expand without bound"):
        from search_engine.ingest.tei import parse_tei

        parse_tei(billion_laughs(), "bomb.xml", "bomb")


SLOW = pytest.mark.skipif(not os.environ.get("SEARCH_ENGINE_SLOW_TESTS"),
                          reason="builds an index of a 50 MB file (minutes): set SEARCH_ENGINE_SLOW_TESTS=1")


@pytest.mark.parametrize("megabytes", [1, pytest.param(50, marks=SLOW)])
def test_a_large_file_under_the_limit_is_indexed(sources, megabytes):
    rng = random.Random(megabytes)
    words = ("ambassador minister missiles island quarantine verification observers ships night reply "
             "letter proposal talks withdrawal bases").split()
    paragraphs = [" ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(500)]
    block = ("\n\n".join(paragraphs) + "\n\n").encode()
    copies = megabytes * 1024 * 1024 // len(block) + 1
    with open(sources / "huge.txt", "wb") as f:
        f.write(b"Verbatim Transcript\n\n")
        for _ in range(copies):
            f.write(block)
        f.write(b"The last paragraph names Zanzibar.\n")
    assert (sources / "huge.txt").stat().st_size < MAX_BYTES
    summary, engine = build(sources)
    assert summary.skipped == ()
    last = len(paragraphs) * copies + 1
    assert [h.passage_id for h in engine.search("Zanzibar")] == [f"huge#p{last}"]


def test_a_file_over_the_limit_is_skipped_unread(sources):
    with open(sources / "huge.txt", "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    summary, _ = build(sources)
    assert skipped(summary) == {"huge.txt": "file too large (64 MB; the limit is 64 MB)"}


def test_unreadable_file_and_folder_are_skipped(sources):
    (sources / "locked.txt").write_text(GOOD.replace("Telegram", "Locked"), encoding="utf-8")
    (sources / "locked").mkdir()
    (sources / "locked" / "inside.txt").write_text(GOOD, encoding="utf-8")
    (sources / "locked.txt").chmod(0)
    (sources / "locked").chmod(0)
    try:
        try:
            (sources / "locked.txt").read_bytes()
        except PermissionError:
            pass
        else:  # root, unless run without CAP_DAC_OVERRIDE (setpriv --inh-caps=-dac_override,-dac_read_search ...)
            pytest.skip("this user reads any file whatever its mode")
        summary, _ = build(sources)
    finally:
        (sources / "locked.txt").chmod(0o644)
        (sources / "locked").chmod(0o755)
    assert skipped(summary) == {"locked.txt": "Permission denied",
                                "locked": "cannot read the folder: Permission denied"}


def test_symlink_loops_end(sources):
    (sources / "sub").mkdir()
    (sources / "sub" / "inner.txt").write_text("Inner\n\nA note about the blockade of the island.\n", encoding="utf-8")
    (sources / "sub" / "parent").symlink_to("..", target_is_directory=True)  # sources/sub/parent/sub/parent/...
    (sources / "self.txt").symlink_to("self.txt")
    (sources / "dangling.txt").symlink_to("nowhere.txt")
    summary, engine = build(sources)
    assert {d.doc_id for d in engine.documents()} == {"good", "inner"}
    assert [h.passage_id for h in engine.search("blockade")] == ["inner#p1"]
    assert skipped(summary) == {"self.txt": "Too many levels of symbolic links",
                                "dangling.txt": "No such file or directory"}


ODD_NAMES = ["name with\na newline", "quotes \"'` and  spaces", "-rf", "memo#p2", "Протокол № 63 (копия)",
             "semi;colon|pipe*star?", "ta\tb", "émigré\u200b"]


def test_odd_file_names_are_indexed_and_found(sources):
    for i, stem in enumerate(ODD_NAMES):
        (sources / f"{stem}.txt").write_text(f"Note {i}\n\nThe courier carried message number {i} to Zanzibar.\n",
                                             encoding="utf-8")
    summary, engine = build(sources)
    assert summary.skipped == ()
    assert {h.doc_id for h in engine.search("Zanzibar", limit=20, dedupe=False)} == set(ODD_NAMES)
    for stem in ODD_NAMES:
        doc, (passage,) = engine.passage(f"{stem}#p1")
        assert doc.doc_id == stem and passage.text.endswith("to Zanzibar.")


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in a name")
def test_a_file_name_that_is_not_utf8_is_skipped_with_its_name_shown(sources):
    with open(os.path.join(os.fsencode(sources), b"telegram-\xcf\xf0\xee.txt"), "wb") as f:  # cp1251 bytes
        f.write(GOOD.encode())
    summary, _ = build(sources)
    (skip,) = summary.skipped
    assert skip.path.endswith("telegram-\\xcf\\xf0\\xee.txt") and skip.format == "text"
    assert skip.reason == "its path is not valid UTF-8 (shown here as \\xNN): rename it"
    json.dumps(summary.to_json(), ensure_ascii=False).encode("utf-8")  # printable and writable anywhere


# -- C. dates that are wrong, vague or not dates at all -----------------------------------------------

# (as written, what it is read as: a month, a year, a span, or None when nothing in it is a date)
MALFORMED_DATES = [
    ("31.02.1962", "1962-02"),  # no such day: the month it names
    ("1962?", "1962"),
    ("ca. 1962", "1962"),
    ("Oct. 1962", "1962-10"),
    ("c. October 1962", "1962-10"),
    ("1962-02-30", "1962-02"),
    ("October 32, 1962", "1962-10"),
    ("Sept. 1962", "1962-09"),
    ("[1962]", "1962"),
    ("early 1962", "1962"),
    ("1961/62", "1961-01-01/1962-12-31"),
    ("00.00.1962", "1962"),
    ("0000-00-00", None),
    ("99999", None),
]


@pytest.mark.parametrize("raw, iso", MALFORMED_DATES)
def test_parse_date_reads_what_can_be_read_and_keeps_the_raw_string(raw, iso):
    found = parse_date(raw)
    assert (found.iso if found else None) == iso
    if found:
        assert found.raw == raw and found.start <= found.end


@pytest.mark.parametrize("raw, iso", MALFORMED_DATES)
def test_a_malformed_date_label_is_kept_as_written(raw, iso):
    doc = parse_text(f"Memorandum\n\nDate: {raw}\n\nThe ambassador called on the minister at noon.\n", "memo")
    assert (doc.date.iso if doc.date else None) == iso
    if doc.date:
        assert doc.date.raw == raw
    else:
        assert ("date", raw) in doc.metadata


@pytest.mark.parametrize("raw, iso", MALFORMED_DATES)
def test_a_malformed_date_line_stays_in_the_header(tmp_path, raw, iso):
    path = tmp_path / "memo.txt"
    path.write_text(f"Memorandum\n\n{raw}\n\nThe ambassador called on the minister at noon.\n", encoding="utf-8")
    doc = read_one(path)
    assert raw in doc.header
    assert (doc.date.iso if doc.date else None) == iso
    assert [p.text for p in doc.paragraphs] == ["The ambassador called on the minister at noon."]


@pytest.mark.parametrize("raw, iso", MALFORMED_DATES)
def test_a_malformed_front_matter_date_is_read_or_reported(tmp_path, raw, iso):
    path = tmp_path / "memo.md"
    path.write_text(f"---\ndate: {json.dumps(raw)}\n---\nThe ambassador called on the minister at noon.\n",
                    encoding="utf-8")
    if iso is None:
        with pytest.raises(SourceError, match="is not a date this parser knows"):
            read_documents(str(path))
    else:
        assert (read_one(path).date.iso, read_one(path).date.raw) == (iso, raw)


@pytest.mark.parametrize("value, iso", [
    ("1962-02-30", "1962-02"),  # YAML would make these date objects, and fail on the impossible ones
    ("1962-10-28T25:00:00Z", "1962-10-28"),
    ("2024-13-01", "2024"),
    ("1962-10-28", "1962-10-28"),
    ("0000-00-00", None),
])
def test_front_matter_dates_are_read_as_written_not_as_yaml_timestamps(tmp_path, value, iso):
    path = tmp_path / "memo.md"
    path.write_text(f"---\ndate: {value}\n---\nThe ambassador called on the minister at noon.\n", encoding="utf-8")
    if iso is None:
        with pytest.raises(SourceError, match=f"front matter date '{value}' is not a date"):
            read_documents(str(path))
    else:
        assert (read_one(path).date.iso, read_one(path).date.raw) == (iso, value)


def yaml_alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\ntitle: *a8\n"


@pytest.mark.parametrize("metadata, reason", [
    (yaml_alias_bomb(), "aliases"),  # 9**9 "lol"s once written out as the title
    ("title: " + "[" * 600 + "]" * 600 + "\n", "nested too deeply"),
])
def test_hostile_front_matter_and_sidecars_are_refused(tmp_path, metadata, reason):
    path = tmp_path / "memo.md"
    path.write_text(f"---\n{metadata}---\nThe ambassador called on the minister at noon.\n", encoding="utf-8")
    with pytest.raises(SourceError, match=f"front matter is not valid YAML: .*{reason}"):
        read_documents(str(path))
    path = tmp_path / "cable.txt"
    path.write_text(GOOD, encoding="utf-8")
    (tmp_path / "cable.meta.yaml").write_text(metadata, encoding="utf-8")
    with pytest.raises(SourceError, match=f"cannot read its metadata file cable.meta.yaml: .*{reason}"):
        read_documents(str(path))


def test_a_json_sidecar_nested_too_deeply_is_refused(tmp_path):
    path = tmp_path / "cable.txt"
    path.write_text(GOOD, encoding="utf-8")
    (tmp_path / "cable.meta.json").write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(SourceError, match="cannot read its metadata file cable.meta.json: nested too deeply"):
        read_documents(str(path))


# -- C. properties ----------------------------------------------------------------------------------

DATE_CHARACTERS = "0123456789 ./-–,?[]()cCaA.OoctSeptXIVLМаряоктбг"
DATE_WORDS = ["ca.", "c.", "circa", "early", "late", "Oct.", "Sept.", "October", "октября", "г.", "X", "XI", "n.d.",
              "1962", "62", "00", "0000", "31", "32", "99999", "/", "-", "–", ".", "?", "[", "]", "T", ":", "Z"]
dates_text = st.one_of(
    st.text(max_size=100),
    st.text(alphabet=DATE_CHARACTERS, max_size=40),
    st.lists(st.sampled_from(DATE_WORDS), max_size=12).map(" ".join),
    st.lists(st.sampled_from(DATE_WORDS), max_size=12).map("".join),
)


@settings(max_examples=500, deadline=1000)
@given(dates_text)
def test_parse_date_never_raises(text):
    found = parse_date(text)
    assert found is None or (isinstance(found, DateRange) and found.start <= found.end and found.raw == text.strip())


LINE_KINDS = ["---", "...", "title: x", "date: 1962-02-30", "Date:", "Date: 31.02.1962", "[1] A note.", "[1]", "[*1]",
              "[Translator's note: x]", "[Editor", "— page break —", "[Page 2]", "- 3 -", "TOP SECRET", "SECRET",
              "Moscow, October 27, 1962", "1961/62", "Citation:", "Summary: x", "TO: the President", "SUBJECT: x",
              "* item", "1. item", "\ufeff", "\x00", "\r", "\t", "\u00a0", "Leave a Reply", "Published by x",
              "ЦК КПСС", "Протокол № 63", "28 октября 1962 г.", "a" * 300, "[" * 50, "1962 " * 200]
lines = st.lists(st.one_of(st.sampled_from(LINE_KINDS), st.text(max_size=80)), max_size=40).map("\n".join)
FRONT_MATTER_LINES = ["title: Memo", "date: 1962-02-30", "date: 0000-00-00", "date: 1962-10-28T25:00:00Z",
                      "date: [1962]", "date: ca. 1962", "id: 7", "language: xx", "classification: [Secret, 1]",
                      "a: &x [1]", "b: *x", "c: {", "- item", "? complex", "persons: [Castro, Khrushchev]", "tags:"]
front_matter = st.builds(lambda head, body: "---\n" + "\n".join(head) + "\n---\n" + body,
                         st.lists(st.one_of(st.sampled_from(FRONT_MATTER_LINES), st.text(max_size=30)), max_size=8),
                         lines)
TOML_LINES = ['title = "Memo"', "date = 1962-02-30", 'document_title = "Memo"', 'caveats = ["Secret", 1]',
              "created = 2023-05-01T10:22:00", "x = {", "[table]", 'post = "Moscow"', "a.b = 1", "= 3"]
toml_front_matter = st.builds(lambda head, body: "+++\n" + "\n".join(head) + "\n+++\n" + body,
                              st.lists(st.one_of(st.sampled_from(TOML_LINES), st.text(max_size=30)), max_size=8),
                              lines)
document_text = st.one_of(lines, front_matter, toml_front_matter)


@settings(max_examples=300, deadline=5000)
@given(document_text)
def test_parse_text_always_gives_a_document(text):
    try:
        doc = parse_text(text, "doc", "doc.txt")
    except SourceError as e:  # only front matter may be refused (bad YAML, an unknown date or language)
        assert e.path == "doc.txt" and e.reason and text.lstrip("\ufeff").startswith(("---", "+++"))
        return
    assert isinstance(doc, Document) and doc.doc_id and doc.title
    assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    assert all(p.text for p in doc.paragraphs)
    assert doc.date is None or doc.date.start <= doc.date.end
    assert all(f.paragraph is None or 1 <= f.paragraph <= len(doc.paragraphs) for f in doc.footnotes)
