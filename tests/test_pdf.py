"""Tests for search_engine.ingest.pdf: PDFs made here with fpdf2, read back through pdfminer's layout analysis."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf")
pytest.importorskip("pdfminer")

from search_engine.errors import SourceError
from search_engine.ingest.pdf import NO_TEXT, clean_text, extract_pdf
from search_engine.ingest.text import parse_text

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# distinct prose, so that no line looks like a running header repeated on every page
PROSE = [
    ("The Soviet government has agreed to remove from Cuba the weapons which the United States regards as "
     "offensive, and to do so under appropriate supervision of the United Nations."),
    ("In return the United States would give assurances against an invasion of Cuba, and would ask the other "
     "nations of the Western Hemisphere to give the same assurances in their turn."),
    ("The Ambassador replied that he would report the conversation to Moscow at once, and that he hoped for an "
     "answer before the meeting of the Security Council on Monday morning."),
    ("Quarantine vessels were instructed to hail approaching ships, to request their cargo manifests, and to "
     "avoid any use of force unless a ship refused to stop after warning shots."),
    ("Reconnaissance flights over the western provinces showed that work on the launch sites continued through "
     "the night, and that several missiles had been moved into firing positions."),
    ("The Secretary of State asked that the text of the letter be published only after the President had "
     "spoken on the radio, so that the two statements would not contradict each other."),
]


@dataclass(frozen=True)
class Lines:
    """Lines written one by one, broken where told (or, given one text, where fpdf2 would break it).

    ``indent`` moves the first line right, ``height`` is the distance between lines and ``gap`` the space
    after the paragraph, all in mm; a line given as ``(x, text)`` starts ``x`` mm right of the margin.
    """

    lines: tuple[str | tuple[float, str], ...] | str
    indent: float = 0
    height: float = 6
    gap: float = 4


class _Pdf(fpdf.FPDF):
    running_header: str | None = None
    running_footer: str | None = None

    def header(self):
        if self.running_header:
            self.set_font("Helvetica", size=9)
            self.cell(0, 5, self.running_header.format(page=self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(8)

    def footer(self):
        if self.running_footer:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            page = self.page_no()
            roman = ("i", "ii", "iii", "iv", "v")[page - 1] if "{roman}" in self.running_footer else ""
            self.cell(0, 5, self.running_footer.format(page=page, pages="{nb}", roman=roman), align="C")


def make_pdf(pages, *, header=None, footer=None, font=None, setup=None) -> bytes:
    """A PDF whose pages hold the given paragraphs: strings wrap by themselves, ``Lines`` break where told."""
    pdf = _Pdf()
    pdf.running_header, pdf.running_footer = header, footer
    pdf.set_creation_date(datetime(1999, 5, 4, 12, 0))
    if font:
        pdf.add_font("Body", fname=str(font))
    if setup:
        setup(pdf)
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Body" if font else "Helvetica", size=11)
        for item in paragraphs:
            _write(pdf, item)
    return bytes(pdf.output())


def _write(pdf, item) -> None:
    if isinstance(item, str):
        pdf.multi_cell(0, 6, item, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        return
    lines = item.lines
    if isinstance(lines, str):
        lines = pdf.multi_cell(pdf.epw - item.indent, item.height, lines, align="L", dry_run=True, output="LINES")
    for i, line in enumerate(lines):
        x, line = line if isinstance(line, tuple) else (item.indent if i == 0 else 0, line)
        pdf.set_x(pdf.l_margin + x)
        pdf.cell(0, item.height, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(item.gap)


def broken_at_lowercase(text: str) -> tuple[Lines, Lines]:
    """``text`` wrapped as fpdf2 wraps it, cut after the first full line that is followed by a lowercase one:
    the two halves of a paragraph that a page break interrupts."""
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    lines = pdf.multi_cell(0, 6, text, align="L", dry_run=True, output="LINES")
    cut = next(i for i in range(1, len(lines) - 1) if lines[i][0].islower())
    return Lines(tuple(lines[:cut])), Lines(tuple(lines[cut:]))


def blocks(text: str) -> list[tuple[str | None, str]]:
    """(page, block) pairs of extract_pdf's text, the way the parser will see them."""
    out, page = [], None
    for block in text.split("\n\n"):
        block = block.strip()
        if m := re.fullmatch(r"\[Page (\d+)\]", block):
            page = m.group(1)
        elif block:
            assert "\n" not in block, "a paragraph comes out as one line"
            out.append((page, block))
    return out


def texts(data: bytes) -> list[str]:
    return [block for _, block in blocks(extract_pdf(data, "x.pdf").text)]


def png(width: int = 40, height: int = 30) -> io.BytesIO:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    out.seek(0)
    return out


# -- paragraphs -----------------------------------------------------------------------------------------


def test_paragraphs_separated_by_space_are_blocks():
    result = extract_pdf(make_pdf([PROSE[:4]]), "x.pdf")
    assert result.pages == 1
    assert [text for _, text in blocks(result.text)] == PROSE[:4]
    assert result.text.startswith("[Page 1]\n")


def test_first_line_indent_starts_a_paragraph_without_space_between():
    first = Lines(("The meeting began at ten o'clock in the Cabinet Room of the White House, with all", "members present."),
                  indent=10, gap=0)
    second = Lines(("After a short report on the night's events the President asked for the views of", "each member."),
                   indent=10, gap=0)
    assert texts(make_pdf([[first, second]])) == [
        "The meeting began at ten o'clock in the Cabinet Room of the White House, with all members present.",
        "After a short report on the night's events the President asked for the views of each member.",
    ]


def test_short_lines_of_a_heading_stay_apart_without_space_between():
    heading = Lines(("MEMORANDUM FOR THE RECORD", "Washington, October 27, 1962", "SUBJECT: Meeting of the Executive Committee"),
                    gap=4)
    assert texts(make_pdf([[heading, PROSE[0]]])) == [
        "MEMORANDUM FOR THE RECORD", "Washington, October 27, 1962", "SUBJECT: Meeting of the Executive Committee",
        PROSE[0],
    ]


def test_double_spaced_typescript_with_indents_only_keeps_its_paragraphs():
    page = [Lines(text, indent=12, height=9, gap=0) for text in PROSE[:4]]
    assert texts(make_pdf([page])) == PROSE[:4]


def test_double_spaced_typescript_with_blank_lines_keeps_its_paragraphs():
    page = [Lines(text, height=9, gap=9) for text in PROSE[:4]]
    assert texts(make_pdf([page])) == PROSE[:4]


def test_hyphenated_word_at_line_end_is_joined():
    lines = Lines(("The representatives of the Soviet and American govern-",
                   "ments met at the United Nations, and the Soviet-",
                   "American talks went on until the evening."))
    assert texts(make_pdf([[lines]])) == [
        "The representatives of the Soviet and American governments met at the United Nations, and the "
        + "Soviet-American talks went on until the evening."
    ]


def test_list_items_with_a_hanging_indent_are_one_paragraph_each():
    items = Lines((
        "1. The Soviet Union will remove the missiles from Cuba under the supervision of the United Nations",
        (5, "and will not introduce such weapons again."),
        "2. The United States will give assurances against an invasion of Cuba.",
        "3. The quarantine will be lifted as soon as the United Nations has taken the necessary measures to",
        (5, "verify the removal."),
    ))
    assert texts(make_pdf([[items]])) == [
        "1. The Soviet Union will remove the missiles from Cuba under the supervision of the United Nations and "
        + "will not introduce such weapons again.",
        "2. The United States will give assurances against an invasion of Cuba.",
        "3. The quarantine will be lifted as soon as the United Nations has taken the necessary measures to verify "
        + "the removal.",
    ]


def test_notes_at_the_foot_of_a_page_are_one_paragraph_each():
    notes = Lines((
        "[1] Source: Department of State, Central Files, 611.3722/10-2762. Top Secret; Eyes Only; Niact. Drafted",
        "by the Ambassador and approved by the Secretary of State on the evening of the same day in Washington",
        "[2] Not printed.",
    ), height=5)
    assert texts(make_pdf([[PROSE[0], notes]]))[1:] == [
        "[1] Source: Department of State, Central Files, 611.3722/10-2762. Top Secret; Eyes Only; Niact. Drafted by "
        + "the Ambassador and approved by the Secretary of State on the evening of the same day in Washington",
        "[2] Not printed.",
    ]


def test_a_table_running_over_the_top_of_every_page_is_not_a_running_header():
    names = ("ALIAS", "PARENT", "LITERAL", "GLOB", "MAGIC", "ICONS")
    rows = Lines(tuple(f"CARD32{' ' * 12}{name}_OFFSET" for name in names), height=5)
    result = extract_pdf(make_pdf([[rows, PROSE[i]] for i in range(3)]), "x.pdf")
    for page in "123":
        assert (page, "CARD32 ALIAS_OFFSET") in blocks(result.text)


def test_two_columns_read_left_before_right():
    pdf = _Pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    top = pdf.get_y()
    for x, paragraphs in ((10, PROSE[:2]), (110, PROSE[2:4])):
        pdf.set_xy(x, top)
        for text in paragraphs:
            pdf.multi_cell(90, 5, text, align="L", new_x="LEFT", new_y="NEXT")
            pdf.ln(4)
            pdf.set_x(x)
    assert texts(bytes(pdf.output())) == PROSE[:4]


def test_paragraph_running_from_the_left_column_into_the_right_is_joined():
    pdf = _Pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    lines = pdf.multi_cell(90, 5, LONG, align="L", dry_run=True, output="LINES")
    cut = next(i for i in range(3, len(lines)) if lines[i][0].islower())
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 5, PROSE[0], align="L", new_x="LEFT", new_y="NEXT")
    pdf.ln(4)
    for x, column in ((10, lines[:cut]), (110, lines[cut:])):
        pdf.set_y(pdf.get_y() if x == 10 else top)
        for line in column:
            pdf.set_x(x)
            pdf.cell(90, 5, line, new_x="LEFT", new_y="NEXT")
    pdf.ln(4)
    pdf.set_x(110)
    pdf.multi_cell(90, 5, PROSE[1], align="L", new_x="LEFT", new_y="NEXT")
    assert texts(bytes(pdf.output())) == [PROSE[0], LONG, PROSE[1]]


# -- pages ----------------------------------------------------------------------------------------------


def test_pages_are_marked_before_their_paragraphs():
    result = extract_pdf(make_pdf([PROSE[0:2], PROSE[2:4], PROSE[4:6]]), "x.pdf")
    assert result.pages == 3
    assert blocks(result.text) == [("1", PROSE[0]), ("1", PROSE[1]), ("2", PROSE[2]), ("2", PROSE[3]),
                                   ("3", PROSE[4]), ("3", PROSE[5])]
    assert result.text.index("[Page 2]") < result.text.index(PROSE[2]) < result.text.index("[Page 3]")


@pytest.mark.parametrize("footer", ["{page}", "- {page} -", "Page {page} of {pages}", "p. {page}", "{roman}"])
def test_running_header_and_page_number_footer_are_removed(footer):
    header = "Foreign Relations of the United States, 1961-1963, Volume XI"
    result = extract_pdf(make_pdf([PROSE[0:2], PROSE[2:4], PROSE[4:6]], header=header, footer=footer), "x.pdf")
    assert blocks(result.text) == [("1", PROSE[0]), ("1", PROSE[1]), ("2", PROSE[2]), ("2", PROSE[3]),
                                   ("3", PROSE[4]), ("3", PROSE[5])]
    assert "Foreign Relations" not in result.text


def test_a_classification_stamp_on_every_page_is_kept_once():
    result = extract_pdf(make_pdf([PROSE[0:2], PROSE[2:4], PROSE[4:6]], header="TOP SECRET"), "x.pdf")
    assert blocks(result.text)[0] == ("1", "TOP SECRET")
    assert result.text.count("TOP SECRET") == 1


LONG = ("The Ambassador said that the removal of the missiles from Cuba would have to be matched by the removal of "
        "the missiles in Turkey, and that he was authorised to discuss it with the Attorney General at any time of the "
        "day or night, as the situation in the Caribbean was growing more dangerous by the hour and neither side could "
        "afford to wait for the slow machinery of diplomacy to turn.")


def test_paragraph_across_a_page_break_is_joined_on_its_first_page():
    start, rest = broken_at_lowercase(LONG)
    result = extract_pdf(make_pdf([[PROSE[0], start], [rest, PROSE[1]]]), "x.pdf")
    assert blocks(result.text) == [("1", PROSE[0]), ("1", LONG), ("2", PROSE[1])]


def test_heading_at_the_foot_of_a_page_is_not_joined_to_the_next():
    result = extract_pdf(make_pdf([[PROSE[0], "Notes on the conversation"], ["as dictated by the Ambassador."]]),
                         "x.pdf")
    assert blocks(result.text) == [("1", PROSE[0]), ("1", "Notes on the conversation"),
                                   ("2", "as dictated by the Ambassador.")]


def test_paragraph_ending_a_page_with_a_full_stop_is_not_joined():
    result = extract_pdf(make_pdf([[PROSE[0]], ["and so the matter rested until the morning."]]), "x.pdf")
    assert blocks(result.text) == [("1", PROSE[0]), ("2", "and so the matter rested until the morning.")]


def test_page_labels_are_used_when_they_are_numbers():
    def labels(pdf):
        pdf.add_page()
        pdf.set_page_label(label_style="D", label_start=101)
        pdf.set_font("Helvetica", size=11)
        _write(pdf, PROSE[0])

    result = extract_pdf(make_pdf([PROSE[1:2]], setup=labels), "x.pdf")
    assert blocks(result.text) == [("101", PROSE[0]), ("102", PROSE[1])]


def test_pages_without_text_are_skipped_and_the_others_kept():
    def picture_first(pdf):
        pdf.add_page()
        pdf.image(png(), x=20, y=20, w=100)

    result = extract_pdf(make_pdf([PROSE[:1]], setup=picture_first), "x.pdf")
    assert result.pages == 2
    assert blocks(result.text) == [("2", PROSE[0])]


# -- errors ---------------------------------------------------------------------------------------------


def test_image_only_pdf_needs_ocr():
    pdf = fpdf.FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(png(), x=20, y=20, w=150)
    with pytest.raises(SourceError) as err:
        extract_pdf(bytes(pdf.output()), "scan.pdf")
    assert err.value.reason == NO_TEXT
    assert err.value.path == "scan.pdf"


@pytest.mark.parametrize("cut", [
    pytest.param(lambda data: b"this is not a PDF at all\n" * 20, id="garbage"),
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
    pytest.param(lambda data: data[:400], id="header-only"),
    pytest.param(lambda data: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8, id="random-body"),
])
def test_damaged_pdf_is_a_source_error(cut):
    data = make_pdf([PROSE[:3], PROSE[3:]])
    with pytest.raises(SourceError) as err:
        extract_pdf(cut(data), "bad.pdf")
    assert err.value.reason.startswith("damaged or unreadable PDF: ")
    assert "Traceback" not in str(err.value)


def test_encrypted_pdf_is_a_source_error():
    data = make_pdf([PROSE[:2]], setup=lambda pdf: pdf.set_encryption(owner_password="owner", user_password="secret"))
    with pytest.raises(SourceError) as err:
        extract_pdf(data, "locked.pdf")
    assert err.value.reason == "encrypted PDF (needs a password)"


def test_pdf_with_only_an_owner_password_opens():
    data = make_pdf([PROSE[:2]], setup=lambda pdf: pdf.set_encryption(owner_password="owner"))
    assert texts(data) == PROSE[:2]


# -- text and info --------------------------------------------------------------------------------------


def test_document_info():
    def info(pdf):
        pdf.set_title("Telegram from Dobrynin to the Foreign Ministry")
        pdf.set_author("Anatoly Dobrynin")
        pdf.set_subject("Cuban missile crisis")
        pdf.set_creation_date(datetime(1962, 10, 27, 12, 0))

    assert extract_pdf(make_pdf([PROSE[:1]], setup=info), "x.pdf").info == {
        "title": "Telegram from Dobrynin to the Foreign Ministry",
        "author": "Anatoly Dobrynin",
        "subject": "Cuban missile crisis",
        "date": "1962-10-27",
    }


def test_document_info_leaves_out_empty_values():
    assert extract_pdf(make_pdf([PROSE[:1]]), "x.pdf").info == {"date": "1999-05-04"}


@pytest.mark.parametrize("raw, cleaned", [
    ("Kennedy(cid:12) and(cid:3) Khrushchev", "Kennedy and Khrushchev"),
    ("the ﬁrst and ﬂeet", "the first and fleet"),
    ("bell\x07 and\x0c form feed", "bell and form feed"),
    ("  spaced    out\t text  ", "spaced out text"),
    ("telegram № 1234", "telegram № 1234"),
    ("govern\u00ad", "govern-"),
    ("in\u00advisible", "invisible"),
])
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


@pytest.mark.skipif(not DEJAVU.exists(), reason="no DejaVu Sans font with Cyrillic on this machine")
def test_cyrillic_text():
    text = "Совершенно секретно. Товарищ Хрущёв принял посла в Кремле, и беседа продолжалась два часа."
    assert texts(make_pdf([[text, "Телеграмма № 1234 отправлена в Москву."]], font=DEJAVU)) == [
        text, "Телеграмма № 1234 отправлена в Москву."]


# -- end to end: the parser reads what extract_pdf gives it ------------------------------------------------

CABLE_TITLE = "Telegram from Soviet Ambassador Dobrynin to the USSR Foreign Ministry"
CABLE_BODY = [
    ("Late in the evening R. Kennedy invited me to come and see him. We talked alone. The Cuban crisis, Kennedy "
     "began, continues to quickly worsen."),
    ("He said that the President was under strong pressure from the military, who were insisting on an answer "
     "to the shooting down of the reconnaissance plane over Cuba."),
    ("The United States government, he went on, is determined to get rid of those bases, up to and including "
     "the step of bombing them, since they are a great threat to the security of the country and of its allies in "
     "the hemisphere. But in response to the bombing of these bases the Soviet Union would surely respond in kind "
     "against targets somewhere in Europe, and a real war would begin."),
    ("I asked him what proposal the President would make about the missile bases in Turkey, and he said that "
     "this question did not present an insurmountable difficulty."),
]


def cable_pdf() -> bytes:
    pdf = _Pdf()
    pdf.running_header, pdf.running_footer = "TOP SECRET", "Page {page} of {pages}"
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=13)
    pdf.multi_cell(0, 7, CABLE_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "October 27, 1962", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    start, rest = broken_at_lowercase(CABLE_BODY[2])
    for item in [*CABLE_BODY[:2], start]:
        _write(pdf, item)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for item in [rest, CABLE_BODY[3]]:
        _write(pdf, item)
    return bytes(pdf.output())


def test_parse_text_reads_a_cable_pdf():
    extracted = extract_pdf(cable_pdf(), "x.pdf")
    doc = parse_text(extracted.text, "x", "x.pdf", "pdf")
    assert doc.title == CABLE_TITLE
    assert doc.date is not None and doc.date.iso == "1962-10-27"
    assert doc.classification == ("TOP SECRET",)
    assert doc.format == "pdf"
    assert [(p.text, p.page) for p in doc.paragraphs] == [
        (CABLE_BODY[0], "1"), (CABLE_BODY[1], "1"), (CABLE_BODY[2], "1"), (CABLE_BODY[3], "2")]


def test_a_short_typescript_of_one_line_paragraphs_keeps_its_blank_lines_as_paragraph_breaks():
    # a diary printed from a typescript: a date, a blank line, two full lines, a blank line... A blank line's gap is
    # more common here than the line pitch itself; the pitch is still the smaller, so each date stands alone
    days = ["Tuesday, October 16, 1962", "Wednesday, October 17, 1962", "Thursday, October 18, 1962",
            "Monday, October 22, 1962"]
    pages = [[]]
    for day, text in zip(days, PROSE, strict=False):
        words = text.split()
        half = len(words) // 2  # two lines of about the same, full width
        pages[0] += [Lines((day,), height=5, gap=5),
                     Lines((" ".join(words[:half]), " ".join(words[half:])), height=5, gap=5)]
    text = extract_pdf(make_pdf(pages), "diary.pdf").text
    for day in days:
        assert f"\n\n{day}\n\n" in text


def test_a_fields_value_set_under_its_first_word_goes_on_in_a_pdf_as_in_a_typescript():
    # a memorandum of conversation printed from a typewriter layout: the participants one a line under the first
    # word of the field's value, as a typescript sets them (fixed-width font, so the columns line up)
    column = len("PARTICIPANTS:  ")
    head = Lines(("MEMORANDUM OF CONVERSATION",), height=5, gap=5)
    date = Lines(("DATE:          October 18, 1962",), height=5, gap=5)
    participants = Lines(("PARTICIPANTS:  The President",
                          (0, " " * column + "Andrei A. Gromyko, Minister of Foreign Affairs"),
                          (0, " " * column + "Secretary Rusk")), height=5, gap=5)
    subject = Lines(("SUBJECT:       Berlin; Cuba",), height=5, gap=5)
    pdf = _Pdf()
    pdf.add_page()
    pdf.set_font("Courier", size=11)
    for item in (head, date, participants, subject, PROSE[0], PROSE[1]):
        _write(pdf, item)
    text = extract_pdf(bytes(pdf.output()), "memcon.pdf").text
    doc = parse_text(text, "memcon")
    assert doc.title == "Memorandum of Conversation: Berlin; Cuba"
    assert doc.persons == ("The President", "Andrei A. Gromyko", "Secretary Rusk")
    assert len(doc.paragraphs) == 2


def test_a_kind_heading_on_every_page_opens_each_document_of_a_release(tmp_path):
    """A release of one-page memoranda, each opening with the form's "Memorandum": not a running head, so each
    document is titled by its kind and subject."""
    memo = [("UNITED STATES GOVERNMENT", "Memorandum", "TO: DIRECTOR, FBI", "FROM: SAC, NEW ORLEANS", "SUBJECT: LEE HARVEY OSWALD",
             "DATE: August 15, 1963"),
            ("UNITED STATES GOVERNMENT", "Memorandum", "TO: SAC, DALLAS", "FROM: SAC, NEW ORLEANS", "SUBJECT: FAIR PLAY FOR CUBA COMMITTEE",
             "DATE: September 3, 1963")]
    pages = [[Lines(head, height=5), PROSE[i], PROSE[i + 1]] for i, head in enumerate(memo)]
    (tmp_path / "release.pdf").write_bytes(make_pdf(pages))
    from search_engine import read_documents

    docs = read_documents(str(tmp_path / "release.pdf"))
    assert [(d.title, d.date.iso) for d in docs] == [("Memorandum: LEE HARVEY OSWALD", "1963-08-15"),
                                                     ("Memorandum: FAIR PLAY FOR CUBA COMMITTEE", "1963-09-03")]
    assert all("Memorandum" in d.header for d in docs)
    # without the letterhead, "Memorandum" is each page's first line: still no page furniture
    pages = [[Lines(head[1:], height=5), PROSE[i], PROSE[i + 1]] for i, head in enumerate(memo)]
    (tmp_path / "bare.pdf").write_bytes(make_pdf(pages))
    assert [d.title for d in read_documents(str(tmp_path / "bare.pdf"))] == [
        "Memorandum: LEE HARVEY OSWALD", "Memorandum: FAIR PLAY FOR CUBA COMMITTEE"]
