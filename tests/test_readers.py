"""Reading sources of every format: sniffing, saved web pages, sidecar metadata, mixed folders."""

from __future__ import annotations

import json
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from search_engine import SearchEngine
from search_engine.errors import SourceError
from search_engine.ingest.readers import read_documents, sniff_format
from tests.test_documents import SEED_000, SEED_002, parse_seed

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGE_002 = FIXTURES / "wilson_center_115092.html"
PAGE_000 = FIXTURES / "wordpress_document_29.html"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# -- format sniffing -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "fmt"), [
    ("a.txt", b"%PDF-1.4\n...", "pdf"),  # by content, whatever the name
    ("a.txt", b"<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
    ("a.html", b"\xef\xbb\xbf  <html lang='en'><p>x</p></html>", "html"),
    ("a.xml", b"<?xml version='1.0'?><TEI xmlns='http://www.tei-c.org/ns/1.0'><text/></TEI>", "tei"),
    ("a.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "xml"),
    ("a.md", b"# Memo\n\nText.", "markdown"),
    ("a.html", b"Plain text in a file named .html", "text"),
    ("a.txt", b"<b>Bold</b> words at the start of a text file", "text"),
])
def test_format_is_told_by_content(name, data, fmt):
    assert sniff_format(name, data) == fmt


def test_xml_that_is_not_tei_is_skipped_with_a_reason(tmp_path):
    path = write(tmp_path / "books.xml", "<?xml version='1.0'?><catalog><book>Moby Dick</book></catalog>")
    with pytest.raises(SourceError, match="XML that is not TEI"):
        read_documents(str(path))


# -- saved web pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "seed"), [(PAGE_002, SEED_002), (PAGE_000, SEED_000)])
def test_saved_page_parses_like_its_text_capture(page, seed):
    """The Wilson Center and WordPress layouts: the same document from HTML as from the text capture."""
    (doc,) = read_documents(str(page))
    text = parse_seed(seed)
    assert doc.format == "html"
    differing = [f.name for f in fields(doc) if getattr(doc, f.name) != getattr(text, f.name)]
    assert differing == ["doc_id", "source", "format"]


def test_page_furniture_is_not_text():
    (doc,) = read_documents(str(PAGE_000))
    body = "\n".join(p.text for p in doc.paragraphs)
    for furniture in ("Skip to content", "Leave a Reply", "Share this", "Blog at WordPress.com", "Posted on",
                      "Previous Post", "bloggers like this", "Professional RU-EN translator", "_wpcom_js"):
        assert furniture not in body


def test_page_footnotes_come_from_the_note_list():
    (doc,) = read_documents(str(PAGE_002))
    assert [f.number for f in doc.footnotes] == ["1", "2", "3"]
    assert doc.footnote("1").text.startswith("Translator's Note: Here, once again, \"Pavlov\"")
    assert "↩" not in doc.footnote("1").text
    cited = next(p for p in doc.paragraphs if p.footnotes == ("1",))
    assert cited.text == "On the telegram to Cde. Pavlov[1]"  # the marker stays, as in the text capture


PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}"><title>{title} | Some Archive</title>
{meta}
</head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<div id="sidebar"><p>Popular documents this week and a long list of links that are not the document.</p></div>
<div class="content"><div class="text">
<p>{body}</p>
<p>The second paragraph, with a line<br>break inside it.</p>
</div></div>
<div class="footer"><p>Copyright 2020 Some Archive. All rights reserved.</p></div>
</body></html>
"""


def page(tmp_path, name="page.html", *, lang="en", charset="utf-8", title="Memorandum for the Record", meta="",
         body="The meeting discussed the withdrawal of the missiles from Cuba.", encoding="utf-8") -> Path:
    return write(tmp_path / name, PAGE.format(lang=lang, charset=charset, title=title, meta=meta, body=body),
                 encoding)


def test_page_without_headings_takes_title_from_markup_without_the_site_name(tmp_path):
    (doc,) = read_documents(str(page(tmp_path)))
    assert doc.title == "Memorandum for the Record"
    assert [p.text for p in doc.paragraphs] == [
        "The meeting discussed the withdrawal of the missiles from Cuba.",
        "The second paragraph, with a line break inside it.",
    ]


def test_page_date_comes_from_scholarly_meta_never_from_publication_time(tmp_path):
    published = '<meta property="article:published_time" content="2019-03-02T18:47:51+00:00">'
    (doc,) = read_documents(str(page(tmp_path, meta=published)))
    assert doc.date is None
    cited = published + '<meta name="citation_date" content="1962-11-05">'
    (doc,) = read_documents(str(page(tmp_path, meta=cited)))
    assert doc.date.iso == "1962-11-05"


def test_page_in_a_declared_legacy_encoding(tmp_path):
    path = page(tmp_path, lang="ru", charset="windows-1251", title="Записка",
                body="Мы согласны демонтировать ракетные установки на Кубе.", encoding="cp1251")
    (doc,) = read_documents(str(path))
    assert doc.paragraphs[0].text == "Мы согласны демонтировать ракетные установки на Кубе."
    assert doc.language == "ru"


def test_html_lang_gives_the_language(tmp_path):
    (doc,) = read_documents(str(page(tmp_path, lang="de")))  # English text, but the page says German
    assert doc.language == "de"


def test_page_with_no_text_is_skipped(tmp_path):
    path = write(tmp_path / "empty.html", "<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(SourceError, match="no body text"):
        read_documents(str(path))


# -- sidecar metadata ------------------------------------------------------------------------------


def test_sidecar_overrides_metadata(tmp_path):
    src = write(tmp_path / "cable.txt", "Cable\n\nThe ambassador met the foreign minister at noon today.\n")
    write(tmp_path / "cable.meta.yaml", "title: Cable from Havana\ndate: 1962-10-26\nclassification: Secret; Eyes Only\n"
                                        "place: Havana\nlanguage: en\ncitation: Archive X, f. 1, d. 2\n")
    (doc,) = read_documents(str(src))
    assert (doc.title, doc.date.iso, doc.classification, doc.place, doc.citation) == (
        "Cable from Havana", "1962-10-26", ("SECRET", "EYES ONLY"), "Havana", "Archive X, f. 1, d. 2")


def test_sidecar_beside_a_web_page_with_full_name(tmp_path):
    src = page(tmp_path)
    write(tmp_path / "page.html.meta.json", json.dumps({"id": "memo-1962-11", "date": "November 1962"}))
    (doc,) = read_documents(str(src))
    assert doc.doc_id == "memo-1962-11" and doc.date.iso == "1962-11"


def test_bad_sidecar_skips_the_file_with_a_reason(tmp_path):
    src = write(tmp_path / "cable.txt", "Cable\n\nThe ambassador met the foreign minister at noon today.\n")
    write(tmp_path / "cable.meta.json", "{not json")
    with pytest.raises(SourceError, match="cable.meta.json"):
        read_documents(str(src))
    write(tmp_path / "cable.meta.json", json.dumps({"date": "the day after"}))
    with pytest.raises(SourceError, match="not a date"):
        read_documents(str(src))


def test_editing_a_sidecar_reindexes_its_file_and_sidecars_are_not_sources(tmp_path):
    src = write(tmp_path / "c" / "cable.txt", "Cable\n\nThe ambassador met the foreign minister at noon today.\n")
    side = write(tmp_path / "c" / "cable.meta.yaml", "title: First title\n")
    engine = SearchEngine(tmp_path / "ix")
    summary = engine.index([src.parent])
    assert summary.documents == 1 and not summary.skipped
    assert engine.document("cable").title == "First title"
    side.write_text("title: Second title\n")
    summary = engine.index()
    assert len(summary.changed) == 1 and summary.changed[0].endswith("cable.txt")
    assert engine.document("cable").title == "Second title"


# -- a folder of many formats ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(PAGE_002, corpus)
    shutil.copy(Path(__file__).resolve().parent.parent / "seeds" / f"{SEED_000}.txt", corpus)
    shutil.copytree(FIXTURES / "ru", corpus / "ru")
    write(corpus / "scan.pdf", "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "latin-1")
    write(corpus / "notes.xml", "<?xml version='1.0'?><notes><n>x</n></notes>")
    write(corpus / "picture.png", "named as an image, but text")
    return root, corpus


def test_mixed_folder_summary_by_format(mixed):
    root, corpus = mixed
    summary = SearchEngine(root / "ix").index([corpus])
    rows = {f.format: f for f in summary.formats}
    assert rows["html"].documents == 1 and rows["html"].passages == 25 and rows["html"].footnotes == 3
    assert rows["text"].documents == 2 and rows["markdown"].documents == 1
    assert rows["pdf"].skipped == 1 and rows["xml"].skipped == 1 and rows["scan"].skipped == 1
    assert {s.path.rsplit("/", 1)[-1]: s.kind for s in summary.skipped} == {
        "scan.pdf": "damaged", "notes.xml": "unsupported", "picture.png": "damaged"}
    assert summary.documents == 4
    data = summary.to_json()["formats"]
    assert data["html"] == {"files": 1, "documents": 1, "passages": 25, "footnotes": 3, "skipped": 0}


def test_build_reports_progress_in_phases(tmp_path, mixed):
    _, corpus = mixed
    calls = []
    SearchEngine(tmp_path / "ix").index([corpus], progress=lambda *a: calls.append(a))
    phases = [c[0] for c in calls]
    assert phases.index("write") > phases.index("read") and set(phases) == {"read", "write", "save"}
    assert phases[-1] == "save" and phases.count("save") == 1
    # done and total count the bytes of the files read: one total for the build, done never goes back
    total = calls[-1][2]
    assert {c[2] for c in calls} == {total} and [c[1] for c in calls] == sorted(c[1] for c in calls)
    reads = [c for c in calls if c[0] == "read"]
    assert reads[0][1] == 0 and len({c[3] for c in reads}) == len(reads)
    # each file's documents are indexed right after it is read: a read, then its writes
    assert calls[phases.index("read") + 1][0] == "write"


def test_an_index_of_an_older_format_is_rebuilt_from_its_sources(tmp_path, mixed):
    _, corpus = mixed
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus / "ru"])
    from search_engine.index.layout import CATALOG, MANIFEST
    from search_engine.index.storage import current_generation

    gen = current_generation(engine.index_dir)
    data = json.loads((gen / CATALOG).read_text())
    data["version"] = 3  # as an index from before checksum manifests
    (gen / CATALOG).write_text(json.dumps(data))
    (gen / MANIFEST).unlink()
    from search_engine.errors import IndexDamagedError

    with pytest.raises(IndexDamagedError, match="another version"):
        engine.documents()
    summary = engine.index()
    assert summary.rebuilt and summary.documents == 2


# -- PDF through the whole read path ----------------------------------------------------------------


def make_pdf(path: Path, pages: list[list[str]], title: str = "") -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    if title:
        pdf.set_title(title)
    for paragraphs in pages:
        pdf.add_page()
        for text in paragraphs:
            pdf.multi_cell(0, 6, text)
            pdf.ln(6)
    pdf.output(str(path))
    return path


def test_pdf_named_txt_is_read_as_pdf_with_pages_and_stamps(tmp_path):
    body = "The Soviet government has agreed to dismantle the missile installations and return them to the USSR."
    path = make_pdf(tmp_path / "cable.txt", [
        ["Telegram From the Embassy in Moscow", "TOP SECRET", "October 28, 1962", body],
        ["Ambassador Thompson reported that the letter was broadcast on Moscow radio at noon."],
    ])
    (doc,) = read_documents(str(path))
    assert (doc.format, doc.title, doc.date.iso, doc.classification) == (
        "pdf", "Telegram From the Embassy in Moscow", "1962-10-28", ("TOP SECRET",))
    assert [(p.text[:20], p.page) for p in doc.paragraphs] == [(body[:20], "1"), ("Ambassador Thompson ", "2")]
    assert doc.language == "en"


def test_pdf_title_from_its_info_when_the_text_has_none(tmp_path):
    text = ("we met at the ministry in the morning and discussed the withdrawal of the missiles from the island, "
            "which the minister said would take some weeks.")
    (doc,) = read_documents(str(make_pdf(tmp_path / "memo.pdf", [[text]], title="Memorandum of Conversation")))
    assert doc.title == "Memorandum of Conversation"
    (doc,) = read_documents(str(make_pdf(tmp_path / "memo2.pdf", [[text]], title="Microsoft Word - memo2.doc")))
    assert doc.title == "memo2"


def test_scanned_pdf_is_skipped_as_needing_ocr(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("L", (200, 100), 255).save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(SourceError, match=r"no text layer \(needs OCR\)") as e:
        read_documents(str(tmp_path / "scan.pdf"))
    assert e.value.path.endswith("scan.pdf")
