"""Tests for search_engine.ingest.tei: the FRUS volume in the shared corpus, and small inline TEI fixtures."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from search_engine.errors import SourceError
from search_engine.ingest.tei import is_tei, parse_tei
from search_engine.model import Document

ROOT = Path(__file__).resolve().parent.parent
FRUS = ROOT.parent / "shared" / "corpora" / "frus" / "frus1961-63v06.xml"
GOLDEN = ROOT / "tests" / "golden"

TEI_OPEN = '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'


def tei(body: str, root_attrs: str = ' xml:id="vol"', header: str = "<teiHeader/>") -> bytes:
    return f"{TEI_OPEN}{root_attrs}>{header}<text><body>{body}</body></text></TEI>".encode()


def one(body: str, **kwargs) -> Document:
    """The only document of a fixture."""
    (doc,) = parse_tei(tei(body, **kwargs), "fixture.xml", "fixture")
    return doc


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


# -- the FRUS volume ---------------------------------------------------------------------------

needs_frus = pytest.mark.skipif(not FRUS.exists(), reason=f"the FRUS volume is not in the shared corpus ({FRUS})")


@pytest.fixture(scope="module")
def volume() -> dict[str, Document]:
    """The volume parsed once, by the div id of each document ("d66")."""
    docs = parse_tei(FRUS.read_bytes(), "frus1961-63v06.xml", "frus1961-63v06")
    return {d.doc_id.rsplit("-", 1)[1]: d for d in docs}


@needs_frus
def test_volume_has_its_120_documents_with_stable_ids(volume):
    assert list(volume) == [f"d{n}" for n in range(1, 121)]
    ids = [d.doc_id for d in volume.values()]
    assert len(set(ids)) == 120
    assert volume["d66"].doc_id == "frus1961-63v06-d66"
    again = parse_tei(FRUS.read_bytes(), "frus1961-63v06.xml", "other-stem")
    assert [d.doc_id for d in again] == ids  # the volume's own id, not the file name, and the same every run


@needs_frus
def test_every_document_has_a_title_and_text(volume):
    for doc in volume.values():
        assert doc.title and doc.paragraphs, doc.doc_id
        assert doc.format == "tei" and doc.source == "frus1961-63v06.xml"
        assert doc.language == ""  # the volume gives no xml:lang


@needs_frus
def test_d66_title_date_place_and_citation(volume):
    doc = volume["d66"]
    assert doc.title == "Letter From Chairman Khrushchev to President Kennedy"
    assert doc.date is not None and doc.date.exact and doc.date.start == date(1962, 10, 27)
    assert doc.date.raw == "October 27, 1962"
    assert doc.place == "Moscow"
    assert doc.header == ("Moscow, October 27, 1962.",)
    assert doc.citation.startswith("Department of State, Presidential Correspondence: Lot 66 D 204. No classification")
    assert doc.classification == ()
    assert doc.persons == ("Khrushchev, Nikita S.", "Kennedy, John F.")


@needs_frus
@pytest.mark.parametrize("div, marks", [
    ("d74", ("TOP SECRET", "EYES ONLY")),  # "Top Secret; Eyes Only for the Secretary."
    ("d9", ("SECRET", "NIACT", "LIMIT DISTRIBUTION")),
    ("d4", ("UNCLASSIFIED", "NIACT")),
    ("d96", ("SECRET", "OPERATIONAL IMMEDIATE", "EYES ONLY")),  # "Secret; Verbatim Text; Operational Immediate; ..."
    ("d66", ()),  # "No classification marking."
    ("d33", ()),  # a press release 'marked “immediate release.”'
    ("d20", ()),  # an editorial note has no source note
])
def test_classification_comes_from_the_source_notes_classification_sentence(volume, div, marks):
    assert volume[div].classification == marks


@needs_frus
@pytest.mark.parametrize("div", ["d47", "d50", "d58", "d103", "d109", "d118"])
def test_limited_official_use_is_its_own_marking(volume, div):
    marks = volume[div].classification
    assert "LIMITED OFFICIAL USE" in marks and "OFFICIAL USE ONLY" not in marks


@needs_frus
def test_markings_a_later_agency_gave_are_markings_and_say_who(volume):
    doc = volume["d83"]  # "No classification marking, but the Department of State classified the message ..."
    assert doc.classification == ("TOP SECRET", "EYES ONLY")
    assert dict(doc.metadata) == {"classified_by": "Department of State"}
    assert volume["d66"].metadata == ()  # a plain "No classification marking." names nobody


@needs_frus
@pytest.mark.parametrize("div, day, raw", [
    ("d20", date(1961, 9, 5), "September 5, 1961"),  # between d19 (July 4, 1961) and d21 (September 29, 1961)
    ("d76", date(1962, 11, 12), "November 12, 1962"),  # its citation's folder, 11/11/62-11/15/62, is not its date
    ("d80", date(1962, 11, 20), "November 20, 1962"),
])
def test_an_editorial_note_is_dated_by_its_text_not_by_the_volumes_span(volume, div, day, raw):
    """FRUS gives an editorial note (no dateline) its compilation's span, 1960-11-09 to 1963-12-01: that
    matched every date filter and sorted first. The note's date is what its own text says, between the
    dates of the documents beside it."""
    doc = volume[div]
    assert doc.title == "Editorial Note" and doc.citation == "" and doc.place == ""
    assert (doc.date.start, doc.date.end, doc.date.raw) == (day, day, raw) and doc.period is None


@needs_frus
def test_every_document_of_the_volume_keeps_its_golden_date(volume):
    """tests/golden/frus1961-63v06-dates.json: the date the reader gives each of the 120 documents (as ISO,
    a span as start/end). Review a change of it by hand."""
    golden = json.loads((GOLDEN / "frus1961-63v06-dates.json").read_text(encoding="utf-8"))
    actual = {d.doc_id: d.date.iso if d.date else None for d in volume.values()}
    assert {k: v for k, v in actual.items() if golden.get(k) != v} == {}


@needs_frus
def test_undated_document_gets_the_range_of_its_dateline(volume):
    doc = volume["d30"]  # <date notBefore="1961-12-30T00:00:00-05:00" notAfter="1962-01-18T23:59:59+03:00">
    assert (doc.date.start, doc.date.end, doc.date.raw) == (date(1961, 12, 30), date(1962, 1, 18), "undated")


@needs_frus
def test_footnotes_are_attached_to_the_paragraph_they_stand_in(volume):
    d66 = volume["d66"]
    assert [(f.number, f.paragraph) for f in d66.footnotes] == [("1", 1), ("2", 19)]
    assert d66.footnote("1").text == "Regarding this message, see vol. XI, Document 59."
    assert d66.paragraphs[0].footnotes == ("1",)
    assert d66.paragraphs[18].text == "N. Khrushchev"  # the signature, which the note "2" is about
    assert d66.footnote("2").text.startswith("Printed from a translation that indicates Khrushchev signed")

    d74 = volume["d74"]
    assert [(f.number, f.paragraph) for f in d74.footnotes] == [("1", 1), ("2", 2), ("3", 2), ("4", 2), ("5", 14)]
    assert d74.paragraphs[1].footnotes == ("2", "3", "4")
    assert d74.footnote("3").text == "See footnote 1, Document 60."
    assert d74.footnote("4").text.startswith("For text, see Public Papers of the Presidents of the United States: John")

    d105 = volume["d105"]  # a note inside a list item
    assert d105.footnote("1").paragraph == 4
    assert d105.paragraphs[3].text.startswith("1. Since we received your letter of May 8")


@needs_frus
def test_no_source_note_among_the_footnotes_and_no_note_in_the_text(volume):
    for doc in volume.values():
        assert "0" not in [f.number for f in doc.footnotes]
        numbers = [f.number for f in doc.footnotes]
        assert len(numbers) == len(set(numbers)), doc.doc_id
        for note in doc.footnotes:
            assert note.paragraph is not None and note.number in doc.paragraphs[note.paragraph - 1].footnotes
            assert not any(note.text in p.text for p in doc.paragraphs), (doc.doc_id, note.number)
        assert not any(doc.citation[:60] in p.text for p in doc.paragraphs if doc.citation)
    assert volume["d2"].paragraphs[0].text.startswith("I am most appreciative of your courtesy in sending me a "
                                                      "message of congratulations. The achievement")


@needs_frus
def test_pages_follow_the_page_breaks_across_the_volume(volume):
    assert volume["d1"].paragraphs[0].page == "1"  # the <pb n="1"/> stands before the compilation div
    assert volume["d2"].paragraphs[0].page == "2"  # ...and this one between d1 and d2
    pages = [p.page for p in volume["d66"].paragraphs]
    assert pages[0] == "178" and pages[4] == "179" and pages[9] == "180" and pages[-1] == "181"
    assert pages == sorted(pages)
    d20 = volume["d20"]  # <pb n="25"/> between the quoted paragraphs
    assert [p.page for p in d20.paragraphs] == ["24", "24", "25", "25"]


@needs_frus
def test_nested_paragraphs_are_read_once(volume):
    d20 = volume["d20"]  # <p>... September 10: <quote><p>..</p><pb/><p>..</p><p>..</p></quote></p>
    assert len(d20.paragraphs) == 4
    assert d20.paragraphs[0].text.endswith("Sulzberger transmitted the following message to the President on "
                                           "September 10:")
    assert d20.paragraphs[1].text.startswith('"If you are personally in a position to meet President Kennedy')
    assert d20.paragraphs[3].text.endswith("Also printed in Last of the Giants, pages 801-802.")
    for doc in volume.values():
        counts = Counter(p.text for p in doc.paragraphs)
        assert all(c == 1 for c in counts.values()), doc.doc_id
        for a in doc.paragraphs:  # no paragraph holds the whole text of another
            assert not any(b is not a and len(b.text) > 40 and b.text in a.text for b in doc.paragraphs), doc.doc_id
    d93 = volume["d93"]  # <p>..<list><item><p>“First. ...</p></item>...</list></p>
    assert len(d93.paragraphs) == 70
    assert d93.paragraphs[1].text.startswith("“First. In past conversations we have spoken")


@needs_frus
def test_list_items_signatures_and_memo_lists(volume):
    d26 = volume["d26"]  # <list><label>(1)</label><item>Western forces...
    assert d26.paragraphs[6].text.startswith("(1) Western forces are in West Berlin now")
    signatures = ("N. Khrushchev Chairman of the Council of Ministers of the USSR "
                  "L. Brezhnev Chairman of the Presidium of the Supreme Soviet of the USSR")
    assert volume["d3"].paragraphs[-1].text == signatures
    d116 = volume["d116"]
    assert d116.subtitle == "United States Actions in Cuba"
    participants = ("PARTICIPANTS: Ambassador Anatoliy F. Dobrynin, USSR; Llewellyn E. Thompson, "
                    "Ambassador-at-Large Department of State")
    assert d116.header[1:] == ("SUBJECT: United States Actions in Cuba", participants)
    assert not any(p.text.startswith(("SUBJECT", "PARTICIPANTS")) for p in d116.paragraphs)


@needs_frus
def test_spaces_lost_at_tags_are_restored(volume):
    assert "Mr. Kennedy" in volume["d20"].paragraphs[3].text  # Mr.<persName>Kennedy</persName>
    assert volume["d1"].citation.startswith("American Foreign Policy")  # Source:<hi>American...
    assert "USSR N.S. Khrushchev" in volume["d93"].paragraphs[64].text  # USSR</gloss><persName>N.S.


# -- fixtures ----------------------------------------------------------------------------------


def test_nested_paragraphs_in_quote_and_list_are_each_read_once():
    doc = one("""<div type="document" xml:id="d1" n="1"><head>1. A Letter</head>
        <p>He wrote: <quote><p>First quoted.</p>
            <p>Second <hi>quoted</hi>.</p></quote></p>
        <list><label>1.</label><item>Point one.</item><label>2.</label><item><p>Point two.</p></item></list>
        <p>Before the list <list><item>inside</item></list> after the list.</p>
        <floatingText><body><p>Floating.</p></body></floatingText>
        <p/><p> </p></div>""")
    assert texts(doc) == ["He wrote:", "First quoted.", "Second quoted.", "1. Point one.", "Point two.",
                          "Before the list", "inside", "after the list.", "Floating."]
    assert [p.number for p in doc.paragraphs] == list(range(1, 10))
    assert doc.title == "A Letter"


def test_a_note_inside_a_word_neither_glues_nor_splits_it():
    doc = one("""<div type="document" xml:id="d1"><head>Title<note n="1">On the title.</note></head>
        <p>Khru<note n="2">A note inside the name.</note>shchev said.<note n="3">After the sentence.</note> Next.</p>
        <p>Glued.<note n="4">x</note>Here</p></div>""")
    assert texts(doc) == ["Khrushchev said. Next.", "Glued.Here"]
    assert doc.title == "Title"
    assert [(f.number, f.text, f.paragraph) for f in doc.footnotes] == [
        ("1", "On the title.", None), ("2", "A note inside the name.", 1), ("3", "After the sentence.", 1),
        ("4", "x", 2)]
    assert doc.paragraphs[0].footnotes == ("2", "3")


def test_notes_without_or_with_repeated_numbers_get_unique_ones():
    doc = one("""<div type="document" xml:id="d1"><p>a<note>first</note> b<note n="1">second</note>
        c<note n="1">third</note></p></div>""")
    assert [f.number for f in doc.footnotes] == ["*1", "1", "*2"]
    assert doc.paragraphs[0].footnotes == ("*1", "1", "*2")


def test_page_and_line_breaks_inside_a_paragraph():
    doc = one("""<pb n="32"/><div type="document" xml:id="d1"><head>T</head>
        <p>Starts on one page <pb n="33"/>and ends on the next, Khru<lb break="no"/>shchev.</p>
        <p>Third.</p>
        <closer><signed>N. Khrushchev<lb/>Chairman</signed></closer></div>""")
    assert [(p.text, p.page) for p in doc.paragraphs] == [
        ("Starts on one page and ends on the next, Khrushchev.", "32"), ("Third.", "33"),
        ("N. Khrushchev Chairman", "33")]


def test_a_space_dropped_before_a_tag_is_restored():
    doc = one("""<div type="document" xml:id="d1"><head>T</head>
        <p>Mr.<persName>Rusk</persName> met the <gloss>USSR</gloss><persName>N.S. Khrushchev</persName>, and
        U.S.S.R. stays, as does <hi>Khru</hi>shchev.</p></div>""")
    assert texts(doc) == ["Mr. Rusk met the USSR N.S. Khrushchev, and U.S.S.R. stays, as does Khrushchev."]


@pytest.mark.parametrize("date_el, start, end, raw", [
    ('<date when="1962-10-27">October 27, 1962</date>', date(1962, 10, 27), date(1962, 10, 27), "October 27, 1962"),
    # the day as written, not the UTC day (1962-10-28T04:30Z)
    ('<date when="1962-10-27T23:30:00-05:00">11:30 p.m.</date>', date(1962, 10, 27), date(1962, 10, 27), "11:30 p.m."),
    ('<date when="1962-10-28T01:00:00+03:00">1 a.m.</date>', date(1962, 10, 28), date(1962, 10, 28), "1 a.m."),
    ('<date notBefore="1961-12-30T00:00:00-05:00" notAfter="1962-01-18T23:59:59+03:00">undated</date>',
     date(1961, 12, 30), date(1962, 1, 18), "undated"),
    ('<date when="1962-10">October 1962</date>', date(1962, 10, 1), date(1962, 10, 31), "October 1962"),
    ('<date>28 October 1962</date>', date(1962, 10, 28), date(1962, 10, 28), "28 October 1962"),
])
def test_dateline_dates(date_el, start, end, raw):
    doc = one(f"""<div type="document" xml:id="d1"><head>T</head>
        <dateline><placeName>Moscow</placeName>, {date_el}</dateline><p>Text.</p></div>""")
    assert (doc.date.start, doc.date.end, doc.date.raw) == (start, end, raw)
    assert doc.place == "Moscow"


@pytest.mark.parametrize("low, high, exact", [
    ("1962-10-27T00:00:00-05:00", "1962-10-27T23:59:59-05:00", True),
    ("1960-11-09T00:00:00-05:00", "1963-12-01T23:59:59-05:00", False),
])
def test_without_a_dateline_the_editions_span_is_the_date(low, high, exact):
    doc = one(f"""<div type="document" xml:id="d1" frus:doc-dateTime-min="{low}" frus:doc-dateTime-max="{high}">
        <head>Editorial Note</head><p>Text.</p></div>""")
    assert doc.date.exact is exact and doc.date.start.isoformat() == low[:10] and doc.date.raw == ""


COMPILATION = ('<div type="compilation" frus:doc-dateTime-min="1960-11-09T00:00:00-05:00" '
               'frus:doc-dateTime-max="1963-12-01T23:59:59-05:00">{}</div>')
NOTE = ('<div type="document" xml:id="{id}" subtype="editorial-note" frus:doc-dateTime-min="1960-11-09T00:00:00-05:00" '
        'frus:doc-dateTime-max="1963-12-01T23:59:59-05:00"><head>Editorial Note</head><p>{text}</p></div>')


def letter(div_id: str, day: str) -> str:
    return (f'<div type="document" xml:id="{div_id}"><head>Letter</head><dateline>Moscow, <date when="{day}">{day}'
            f'</date></dateline><p>Text.</p></div>')


def dates(body: str) -> dict[str, tuple]:
    return {d.doc_id: (d.date.iso if d.date else None, d.period.iso if d.period else None)
            for d in parse_tei(tei(COMPILATION.format(body)), "x.xml", "x")}


@pytest.mark.parametrize("text, expected", [
    # the dates of its own text that fall between its neighbours', as a span
    ("On October 25, 1962, and again on October 27, 1962, the Ambassador called.", "1962-10-25/1962-10-27"),
    ("Late in October 1962 the Ambassador called.", "1962-10"),
    # a date outside them (an earlier event it recalls) or in parentheses (a citation) is not its date: the
    # span between its neighbours is
    ("Recalling the meeting at Vienna on June 4, 1961, the Ambassador called.", "1962-10-20/1962-10-28"),
    ("The Ambassador called. (Kennedy Library, Countries, Cuba, 10/24/62-10/26/62)", "1962-10-20/1962-10-28"),
    ("The Ambassador called.", "1962-10-20/1962-10-28"),
])
def test_an_undated_note_takes_the_dates_its_text_or_its_neighbours_give(text, expected):
    found = dates(letter("d1", "1962-10-20") + NOTE.format(id="d2", text=text) + letter("d3", "1962-10-28"))
    assert found == {"vol-d1": ("1962-10-20", None), "vol-d2": (expected, None), "vol-d3": ("1962-10-28", None)}


def test_an_undated_note_without_dated_neighbours_is_undated_in_its_volumes_span():
    found = dates(NOTE.format(id="d1", text="The Ambassador called.") + letter("d2", "1962-10-28"))
    assert found["vol-d1"] == (None, "1960-11-09/1963-12-01")  # matches no date filter; shown as the volume's


def test_a_document_without_any_date_has_none():
    assert one('<div type="document" xml:id="d1"><head>T</head><p>Text.</p></div>').date is None


def test_classification_is_read_from_the_classification_sentence_only():
    doc = one("""<div type="document" xml:id="d1"><head>T<note type="source" n="0">Source: Secret Files of the
        Department, Box 3. Secret; Niact; Limit Distribution. The text is marked “immediate release” and was
        for the President’s eyes only.</note></head><p>Text.</p></div>""")
    assert doc.classification == ("SECRET", "NIACT", "LIMIT DISTRIBUTION")
    assert doc.citation.startswith("Secret Files of the Department, Box 3. Secret; Niact;")
    assert doc.footnotes == ()


def test_volume_id_from_the_publication_idno_or_the_file_stem():
    header = ('<teiHeader><fileDesc><publicationStmt><idno type="isbn-10">0160420180</idno>'
              '<idno type="frus">frus1961-63v99</idno></publicationStmt></fileDesc></teiHeader>')
    body = '<div type="document" xml:id="d7"><p>Text.</p></div>'
    (doc,) = parse_tei(tei(body, root_attrs="", header=header), "x.xml", "stem")
    assert doc.doc_id == "frus1961-63v99-d7"
    (doc,) = parse_tei(tei(body, root_attrs=""), "x.xml", "stem")
    assert doc.doc_id == "stem-d7"
    assert doc.title == "stem-d7"  # no head


def test_only_document_divs_are_documents():
    docs = parse_tei(tei("""<div type="section" xml:id="preface"><p>Preface.</p></div>
        <div type="compilation"><div type="document" xml:id="d1"><p>One.</p></div>
        <div type="document" xml:id="d2" xml:lang="ru-RU"><p>Два.</p></div></div>"""), "x.xml", "x")
    assert [(d.doc_id, texts(d), d.language) for d in docs] == [("vol-d1", ["One."], ""), ("vol-d2", ["Два."], "ru")]


def test_a_tei_file_without_document_divs_is_one_document():
    header = "<teiHeader><fileDesc><titleStmt><title>A Single Letter</title></titleStmt></fileDesc></teiHeader>"
    (doc,) = parse_tei(tei("""<dateline>Moscow, <date when="1962-10-27">October 27, 1962</date></dateline>
        <p>Dear Mr. President,</p><p>Text.<note n="1">A note.</note></p>""", header=header), "letter.xml", "letter")
    assert doc.doc_id == "vol" and doc.title == "A Single Letter"
    assert texts(doc) == ["Dear Mr. President,", "Text."]
    assert doc.date.start == date(1962, 10, 27) and doc.footnote("1").paragraph == 2


@pytest.mark.parametrize("data, line", [
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n<body><p>open</body></text></TEI>', 3),
    (b"", 1),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&nbsp;</p></body></text></TEI>', 1),
])
def test_malformed_xml_is_a_source_error_with_its_line(data, line):
    with pytest.raises(SourceError) as err:
        parse_tei(data, "bad.xml", "bad")
    assert err.value.path == "bad.xml"
    assert err.value.reason.startswith("not well-formed XML: ")
    assert f"(line {line}, column " in err.value.reason


def test_deeply_nested_xml_is_a_source_error():
    data = tei('<div type="document" xml:id="d1"><p>' + "<hi>" * 5000 + "x" + "</hi>" * 5000 + "</p></div>")
    with pytest.raises(SourceError, match="not well-formed XML"):
        parse_tei(data, "deep.xml", "deep")


def test_the_deepest_xml_the_parser_accepts_is_read():
    depth = 245  # libxml2 refuses more than 256 levels; TEI, text, body, div and p take five
    data = tei('<div type="document" xml:id="d1"><head>' + "<hi>" * depth + "Title" + "</hi>" * depth + "</head><p>"
               + "<hi>" * depth + "deep" + "</hi>" * depth + "</p></div>")
    (doc,) = parse_tei(data, "deep.xml", "deep")
    assert (doc.title, texts(doc)) == ("Title", ["deep"])


def test_entities_are_not_expanded():
    data = (b'<!DOCTYPE TEI [<!ENTITY boom "BOOM BOOM">]>' + tei('<div type="document" xml:id="d1"><p>a &boom; b</p>'
                                                                 '</div>'))
    (doc,) = parse_tei(data, "x.xml", "x")
    assert texts(doc) == ["a b"]


def test_xml_that_is_not_tei_is_a_source_error():
    with pytest.raises(SourceError, match="not a TEI P5 document"):
        parse_tei(b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "x.xml", "x")


@needs_frus
def test_is_tei_on_the_volume():
    assert is_tei(FRUS.read_bytes()[:4096])


@pytest.mark.parametrize("head, expected", [
    (tei("<p>x</p>"), True),
    ((b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a comment -->\n<?xml-model href="tei_all.rng"?>\n'
      b'<!DOCTYPE TEI>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'), True),
    (b'<tei:TEI xmlns:tei="http://www.tei-c.org/ns/1.0"><tei:teiHeader>', True),
    (b'<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">', True),
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0">'.encode("utf-16"), True),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1961-63v06"><teiHeader><fileDesc><titl', True),
    (b'<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>TEI</title>', False),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:tei="http://www.tei-c.org/ns/1.0">',
     False),
    (b'<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.tei-c.org/ns/1.0">', False),
    (b'<?xml version="1.0"?><catalog><book id="1">TEI</book></catalog>', False),
    (b"<TEI.2><teiHeader>", False),  # TEI P4, without the namespace
    (b"Plain text that mentions <TEI> once.", False),
    (b"", False),
])
def test_is_tei(head, expected):
    assert is_tei(head) is expected


# -- the edition's back-of-book index ----------------------------------------------------------------

INDEX = """
<div type="document" xml:id="d1"><head>First</head><pb n="7" xml:id="pg_7"/><p>On page seven.</p>
  <pb n="8" xml:id="pg_8"/><p>On page eight.</p><pb n="9" xml:id="pg_9"/><p>On page nine.</p></div>
<div type="section" xml:id="index"><head>Index</head><list type="index">
  <item>Bay of Pigs invasion: <list>
    <item><persName>Kennedy</persName> on, <ref target="#pg_7">7</ref>–<ref target="#pg_9">9</ref></item>
  </list></item>
  <item>Offensive weapons issue (<hi rend="italic">see also</hi> <ref target="#in11">IL-28 bombers</ref>
    <hi rend="italic">above</hi>), <ref target="#pg_8">8<hi rend="italic">n</hi></ref></item>
  <item><persName corresp="#p_BCE2">Bohlen, Charles E.,</persName> <ref target="#pg_9">9</ref></item>
</list></div>
"""


def test_index_headings_become_the_subjects_of_the_paragraphs_on_their_pages():
    doc = one(INDEX)
    subjects = {p.page: p.subjects for p in doc.paragraphs}
    assert subjects["7"] == ("Bay of Pigs invasion: Kennedy on",)  # a sub-entry is read with its entry
    assert subjects["8"] == ("Bay of Pigs invasion: Kennedy on", "Offensive weapons issue")  # in the range 7–9
    assert subjects["9"] == ("Bay of Pigs invasion: Kennedy on", "Bohlen, Charles E.")
    assert "Index" not in texts(doc)  # the index itself is no document


@needs_frus
def test_frus_index_names_the_crisis_the_letters_never_name(volume):
    d66 = volume["d66"]
    assert "Cuban missile crisis" not in " ".join(texts(d66))
    assert any("Turkish missile quid pro quo" in s for p in d66.paragraphs for s in p.subjects)
    assert all(p.subjects for d in volume.values() for p in d.paragraphs if p.page and p.page.isdigit())


# -- the volume a document is printed in --------------------------------------------------------------

@needs_frus
def test_documents_keep_their_volume_for_citations(volume):
    doc = volume["d66"]
    assert doc.container_title == ("Foreign Relations of the United States, 1961–1963, Volume VI, "
                                   "Kennedy-Khrushchev Exchanges")
    assert doc.editors == ("Charles S. Sampson", "Glenn W. LaFantasie")
    assert (doc.publisher, doc.publisher_place, doc.issued) == ("United States Government Printing Office",
                                                                 "Washington", "1996")
    assert doc.document_number == "66"
    assert doc.url == "https://history.state.gov/historicaldocuments/frus1961-63v06/d66"
    assert {d.container_title for d in volume.values()} == {doc.container_title}


def test_an_edition_without_a_frus_id_has_its_volume_but_no_history_state_gov_address():
    header = ('<teiHeader><fileDesc><titleStmt><title>Letters of 1962</title><editor role="general">B. Gen</editor>'
              '<editor>A. Vol</editor></titleStmt><publicationStmt><publisher>Press</publisher><pubPlace>Oxford'
              '</pubPlace><date>2001</date></publicationStmt></fileDesc></teiHeader>')
    doc = one('<div type="document" xml:id="d3" n="3"><head>A letter</head><p>Text of it.</p></div>', header=header)
    assert (doc.container_title, doc.editors, doc.publisher, doc.publisher_place, doc.issued, doc.document_number) == (
        "Letters of 1962", ("A. Vol", "B. Gen"), "Press", "Oxford", "2001", "3")
    assert doc.url == ""
    assert Document.from_json(doc.to_json()) == doc


def test_an_undated_note_is_shown_in_its_volumes_span_and_matches_no_date_filter(tmp_path):
    from click.testing import CliRunner

    from search_engine import SearchEngine
    from search_engine.cli import main

    (tmp_path / "vol.xml").write_bytes(tei(COMPILATION.format(
        NOTE.format(id="d1", text="The Ambassador called about the quarantine.") + letter("d2", "1962-10-28"))))
    index = tmp_path / "ix"
    SearchEngine(index).index([tmp_path / "vol.xml"])
    text = CliRunner().invoke(main, ["search", "quarantine", "--index", str(index)])
    assert "Editorial Note  [undated (in a volume of 1960–1963) · en]" in text.stdout
    hit = json.loads(CliRunner().invoke(main, ["search", "quarantine", "--json", "--index", str(index)]).stdout)["hits"][0]
    assert hit["date"] is None and hit["period"] == "1960-11-09/1963-12-01"
    assert SearchEngine(index).search("quarantine", date_from="1961").total == 0
    shown = CliRunner().invoke(main, ["show", "vol-d1", "--index", str(index)]).stdout
    assert "Date: undated (in a volume of 1960–1963)" in shown
    listing = CliRunner().invoke(main, ["list", "--json", "--index", str(index)]).stdout
    assert json.loads(listing)[1]["period"] == "1960-11-09/1963-12-01"
