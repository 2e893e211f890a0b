"""Make files of every format a historian's folder holds, from known text, with the libraries that write them.

Used by ``benchmarks/formats.py`` (a mixed folder made from real FRUS documents and the seeds) and by the tests
(``tests/test_formats.py``): Word files with python-docx (footnotes and endnotes added to its XML, which
python-docx does not write), OpenDocument with odfdo, EPUB with zipfile (as the standard lays it out), e-mail and mbox with the standard
library, ZIP with zipfile, and scans rendered from text with Pillow (PNG, JPEG, multi-page TIFF, and PDFs of
page images with fpdf2). Nothing is downloaded.
"""

from __future__ import annotations

import io
import mailbox
import re
import textwrap
import zipfile
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MONO_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", "/usr/share/fonts/TTF/DejaVuSansMono.ttf")


# -- Word ------------------------------------------------------------------------------------------------
def docx_bytes(paragraphs: list[str], *, title_style: str = "", headings: dict[int, str] | None = None,
               footnotes: dict[int, str] | None = None, endnotes: dict[int, str] | None = None,
               properties: dict | None = None, header: str = "") -> bytes:
    """A .docx: ``title_style`` as a Title paragraph, ``headings`` {index: text} before paragraph ``index``,
    ``footnotes``/``endnotes`` {paragraph index: note} cited at the end of that paragraph, core properties
    (title, author, created...), and a page header line."""
    import docx

    document = docx.Document()
    if title_style:
        document.add_heading(title_style, 0)
    note_marks: list[tuple[str, int, str]] = []
    for i, text in enumerate(paragraphs):
        if headings and i in headings:
            document.add_heading(headings[i], 1)
        p = document.add_paragraph(text)
        for kind, notes in (("fn", footnotes or {}), ("en", endnotes or {})):
            if i in notes:
                n = sum(1 for k, _, _ in note_marks if k == kind) + 1
                note_marks.append((kind, n, notes[i]))
                p.add_run(f"{{{{{kind}{n}}}}}")
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for key, value in (properties or {}).items():
        setattr(document.core_properties, key, value)
    out = io.BytesIO()
    document.save(out)
    return _add_notes(out.getvalue(), note_marks) if note_marks else out.getvalue()


def _add_notes(data: bytes, marks: list[tuple[str, int, str]]) -> bytes:
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            files[name] = z.read(name)
    body = files["word/document.xml"].decode()
    parts = {"fn": ("footnotes", "footnote", "footnoteRef", "footnoteReference"),
             "en": ("endnotes", "endnote", "endnoteRef", "endnoteReference")}
    for kind, (part, element, ref, reference) in parts.items():
        notes = [(n, text) for k, n, text in marks if k == kind]
        if not notes:
            continue
        xml = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{part} xmlns:w="{_W}" xmlns:r="{_R}">',
               f'<w:{element} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{element}>',
               f'<w:{element} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f'</w:p></w:{element}>']
        for n, text in notes:
            xml.append(f'<w:{element} w:id="{n}"><w:p><w:r><w:{ref}/></w:r><w:r><w:t xml:space="preserve"> '
                       f'{_xml(text)}</w:t></w:r></w:p></w:{element}>')
        xml.append(f"</w:{part}>")
        files[f"word/{part}.xml"] = "".join(xml).encode()
        files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(b"</Types>", (
            f'<Override PartName="/word/{part}.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'wordprocessingml.{part}+xml"/></Types>').encode())
        files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", (f'<Relationship Id="rId{part}" Type="{_R}/{part}" Target="{part}.xml"/>'
                                  "</Relationships>").encode())
        for n, _ in notes:
            body = re.sub(r"<w:r>(?:(?!</w:r>).)*?\{\{" + kind + str(n) + r"\}\}(?:(?!</w:r>).)*?</w:r>",
                          f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{reference} w:id="{n}"/></w:r>',
                          body, count=1)
    files["word/document.xml"] = body.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- OpenDocument ----------------------------------------------------------------------------------------
def odt_bytes(paragraphs: list[str], *, heading: str = "", footnotes: dict[int, str] | None = None,
              endnotes: dict[int, str] | None = None, title: str = "", creator: str = "",
              created: datetime | None = None) -> bytes:
    from odfdo import Document, Header, Paragraph

    document = Document("text")
    body = document.body
    if heading:
        body.append(Header(1, heading))
    for i, text in enumerate(paragraphs):
        p = Paragraph(text)
        for kind, notes in (("footnote", footnotes or {}), ("endnote", endnotes or {})):
            if i in notes:
                last = text.rstrip(".").split()[-1]
                p.insert_note(note_class=kind, note_id=f"{kind}{i}", citation=str(i + 1), body=notes[i], after=last)
        body.append(p)
    if title:
        document.meta.set_title(title)
    if creator:
        document.meta.set_initial_creator(creator)
    if created:
        document.meta.set_creation_date(created)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- RTF -------------------------------------------------------------------------------------------------
def rtf_bytes(paragraphs: list[str], *, title: str = "", author: str = "", created: datetime | None = None,
              footnotes: dict[int, str] | None = None) -> bytes:
    """RTF 1 with an ``\\info`` group, ``\\uN?`` escapes for what is not ASCII, and ``{\\footnote}`` groups."""
    def esc(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                code = ord(ch)
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
        return "".join(out)

    info = ""
    if title or author or created:
        info = "{\\info"
        if title:
            info += "{\\title " + esc(title) + "}"
        if author:
            info += "{\\author " + esc(author) + "}"
        if created:
            info += f"{{\\creatim\\yr{created.year}\\mo{created.month}\\dy{created.day}\\hr{created.hour}\\min{created.minute}}}"
        info += "}"
    lines = ["{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}", info]
    for i, text in enumerate(paragraphs):
        note = ""
        if footnotes and i in footnotes:
            note = "{\\super\\chftn}{\\footnote\\pard\\plain{\\super\\chftn} " + esc(footnotes[i]) + "}"
        lines.append("\\pard\\plain " + esc(text) + note + "\\par")
    lines.append("}")
    return "\n".join(lines).encode("ascii")


# -- EPUB ------------------------------------------------------------------------------------------------
def epub_bytes(title: str, chapters: list[tuple[str, list[str]]], *, creator: str = "", published: str = "",
               language: str = "en", notes: dict[int, str] | None = None) -> bytes:
    """An EPUB 3 (written as the standard lays it out: mimetype, container, package document, navigation
    document, one XHTML file per chapter) whose chapters are (title, paragraphs); ``notes`` {chapter index: note}
    adds an EPUB 3 footnote (``<aside epub:type="footnote">``) cited at the end of the chapter's last paragraph."""
    import html

    esc = html.escape
    files: dict[str, str] = {"META-INF/container.xml": (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>")}
    manifest, spine, nav = [], [], []
    for n, (heading, paragraphs) in enumerate(chapters, 1):
        name = f"chapter{n:03d}.xhtml"
        body = [f"<h1>{esc(heading)}</h1>"]
        for i, p in enumerate(paragraphs):
            ref = ""
            if notes and n - 1 in notes and i == len(paragraphs) - 1:
                ref = f'<sup><a epub:type="noteref" href="#fn{n}">1</a></sup>'
            body.append(f"<p>{esc(p)}{ref}</p>")
        if notes and n - 1 in notes:
            body.append(f'<aside epub:type="footnote" id="fn{n}"><p>{esc(notes[n - 1])}</p></aside>')
        files[f"OEBPS/{name}"] = (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{language}"><head><title>{esc(heading)}</title></head>'
            f"<body>{''.join(body)}</body></html>")
        manifest.append(f'<item id="c{n}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="c{n}"/>')
        nav.append(f'<li><a href="{name}">{esc(heading)}</a></li>')
    files["OEBPS/nav.xhtml"] = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body>'
        f'<nav epub:type="toc"><ol>{"".join(nav)}</ol></nav></body></html>')
    meta = [f"<dc:title>{esc(title)}</dc:title>", f"<dc:language>{language}</dc:language>",
            '<dc:identifier id="id">urn:uuid:0000</dc:identifier>']
    if creator:
        meta.append(f"<dc:creator>{esc(creator)}</dc:creator>")
    if published:
        meta.append(f"<dc:date>{esc(published)}</dc:date>")
    files["OEBPS/content.opf"] = (
        '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">' + "".join(meta) +
        '</metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        + "".join(manifest) + '</manifest><spine><itemref idref="nav" linear="no"/>' + "".join(spine)
        + "</spine></package>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # first and stored, as the standard asks
        for name, content in files.items():
            z.writestr(name, content.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


# -- e-mail ----------------------------------------------------------------------------------------------
def email_bytes(subject: str, body: str, *, sent: datetime, sender: str = "archivist@archive.example",
                to: str = "historian@university.example", attachments: list[tuple[str, bytes]] = ()) -> bytes:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{abs(hash((subject, sent.isoformat())))}@archive.example>"
    message.set_content(body)
    for name, data in attachments:
        kind = {".txt": ("text", "plain"), ".pdf": ("application", "pdf"), ".png": ("image", "png"),
                ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")}.get(
            Path(name).suffix, ("application", "octet-stream"))
        if kind[0] == "text":
            message.add_attachment(data.decode("utf-8"), subtype=kind[1], filename=name)
        else:
            message.add_attachment(data, maintype=kind[0], subtype=kind[1], filename=name)
    return message.as_bytes()


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(str(path), create=True)
    try:
        for data in messages:
            box.add(mailbox.mboxMessage(data))
        box.flush()
    finally:
        box.close()
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


# -- scans -----------------------------------------------------------------------------------------------
def page_image(text: str, *, dpi: int = 200, font_size: int = 30, columns: int = 64, font: str | None = None):
    """A letter-size page of ``text`` rendered at ``dpi`` (paragraphs wrapped at ``columns``), as a Pillow image,
    and the text as rendered (what fits on the page)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.5 * dpi), int(11 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    path = font or next((f for f in MONO_FONTS if Path(f).is_file()), None)
    face = ImageFont.truetype(path, font_size) if path else ImageFont.load_default(size=font_size)
    margin, y, step = int(0.8 * dpi), int(0.8 * dpi), int(font_size * 1.45)
    rendered: list[str] = []
    for paragraph in text.split("\n\n"):
        lines = textwrap.wrap(paragraph, columns) or [""]
        if y + step * len(lines) > height - margin:
            break
        for line in lines:
            draw.text((margin, y), line, font=face, fill=0)
            y += step
        y += step
        rendered.append("\n".join(lines))
    return image, "\n\n".join(rendered)


def image_bytes(images: list, fmt: str = "PNG", dpi: int = 200) -> bytes:
    """One image as PNG or JPEG, or several as one multi-page TIFF."""
    out = io.BytesIO()
    if len(images) > 1 or fmt == "TIFF":
        images[0].save(out, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    else:
        images[0].save(out, fmt, dpi=(dpi, dpi), **({"quality": 92} if fmt == "JPEG" else {}))
    return out.getvalue()


def scanned_pdf_bytes(images: list, dpi: int = 200) -> bytes:
    """A PDF whose pages are only these images (no text layer), as a scanner writes it."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    for image in images:
        pdf.add_page()
        buf = io.BytesIO()
        image.save(buf, "PNG")
        buf.seek(0)
        pdf.image(buf, x=0, y=0, w=image.width * 72 / dpi, h=image.height * 72 / dpi)
    return bytes(pdf.output())
