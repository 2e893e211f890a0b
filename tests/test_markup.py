"""LaTeX and reStructuredText sources: their markup read, then the text parser (search_engine.ingest.markup)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.errors import SourceError
from search_engine.ingest.readers import read_documents, read_file, sniff_format

FIXTURES = Path(__file__).parent / "fixtures" / "markup"
MARKUP_LEFT = re.compile(r"\\[a-zA-Z]+|[{}]|^\.\. |:ref:|\[#\]_|`_", re.MULTILINE)


def _text_of(doc) -> str:
    return "\n".join([doc.title, *doc.header, *(p.text for p in doc.paragraphs), *(f.text for f in doc.footnotes)])


def test_a_latex_transcription_is_read_as_its_printed_page_is():
    (doc,) = read_documents(str(FIXTURES / "memo.tex"))
    assert doc.format == "latex"
    assert doc.title == "Memorandum of Conversation: Soviet missiles in Cuba"  # \title, and the subject line
    assert str(doc.date) == "1962-10-22"  # the flushright dateline; \date{\today} is when it was typeset
    assert doc.place == "Washington"
    assert doc.classification == ("TOP SECRET", "EYES ONLY")  # the centred stamp, a forced line break apart
    assert doc.citation.startswith("Kennedy Library, National Security Files")  # the source note
    assert sorted(f.text[:20] for f in doc.footnotes) == ["See Proclamation 350", "Source: Kennedy Libr"]
    assert "Participants: The President; Secretary Rusk; Ambassador Dobrynin" in doc.header
    assert [p.text[:40] for p in doc.paragraphs] == ["1. The President opened the conversation",
                                                     "2. Secretary Rusk handed the Ambassador "]
    assert "address—“a copy for the Chairman”—and" in doc.paragraphs[1].text  # ---, ``...'' as printed
    assert "transcriber left out" not in _text_of(doc)  # a comment
    assert not MARKUP_LEFT.search(_text_of(doc))


def test_a_latex_edition_of_two_documents_is_two_documents_each_with_its_notes():
    docs = read_documents(str(FIXTURES / "two.tex"))
    assert [(d.title, str(d.date), d.place, d.classification) for d in docs] == [
        ("Letter From President Kennedy to Chairman Khrushchev", "1961-05-16", "Washington", ("SECRET",)),
        ("Telegram From the Embassy in the Soviet Union to the Department of State", "1961-05-17", "Moscow",
         ("CONFIDENTIAL", "PRIORITY"))]
    assert [sorted(f.text[:20] for f in d.footnotes) for d in docs] == [
        ["Document 11.", "Source: Department o"], ["Not printed.", "Source: Department o"]]


def test_latex_named_as_text_is_told_by_its_head(tmp_path):
    source = (FIXTURES / "memo.tex").read_bytes()
    (tmp_path / "memo.txt").write_bytes(source)
    assert sniff_format("memo.txt", source) == "latex"
    (doc,) = read_documents(str(tmp_path / "memo.txt"))
    assert doc.format == "latex" and str(doc.date) == "1962-10-22"
    # a text that only mentions a LaTeX command in a sentence stays text
    prose = b"The typesetter's note says the editors used \\section for each document.\n"
    assert sniff_format("note.txt", prose) == "text"


def test_latex_lists_tables_verbatim_and_footnotemark():
    text = r"""\documentclass{article}
\begin{document}
\section{Agenda of the Presidium}
\begin{enumerate}
\item On the situation in the Presidium\footnotemark
\item Miscellaneous
\end{enumerate}
\footnotetext{Item added by hand.}
\begin{tabular}{ll}
Present: & Brezhnev, Kosygin \\
Absent: & Khrushchev \\
\end{tabular}
The session opened at ten in the morning; Comrade Suslov read the report of the
commission, and the members of the Presidium spoke in turn.
\begin{verbatim}
KOSYGIN: \textbf{no}
\end{verbatim}
\end{document}
"""
    (doc,) = read_documents_from(text, "agenda.tex")
    texts = [p.text for p in doc.paragraphs] + list(doc.header)
    assert doc.title == "Agenda of the Presidium"
    assert "1. On the situation in the Presidium[1]" in texts and "2. Miscellaneous" in texts
    assert any("Brezhnev, Kosygin" in t and "&" not in t for t in texts)
    assert "KOSYGIN: \\textbf{no}" in texts  # verbatim is printed as it is written
    assert [f.text for f in doc.footnotes] == ["Item added by hand."]


def read_documents_from(text: str, name: str, tmp: Path | None = None):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return read_documents(str(path))


def test_a_latex_file_without_text_is_skipped_with_its_reason(tmp_path):
    path = tmp_path / "empty.tex"
    path.write_text("\\documentclass{article}\n\\begin{document}\n% nothing yet\n\\end{document}\n")
    with pytest.raises(SourceError, match="a LaTeX file without any text") as raised:
        read_file(str(path))
    assert raised.value.kind == "empty"
    # in a folder, it is reported by path and reason and the rest is indexed
    (tmp_path / "memo.tex").write_bytes((FIXTURES / "memo.tex").read_bytes())
    result = CliRunner().invoke(main, ["index", str(tmp_path), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(Path(s["path"]).name, s["kind"]) for s in data["skipped"]] == [("empty.tex", "empty")]
    assert data["documents"] == 1


def test_a_restructuredtext_letter_is_read_as_its_printed_page_is():
    (doc,) = read_documents(str(FIXTURES / "letter.rst"))
    assert doc.format == "rst"
    assert doc.title == "Letter From Chairman Khrushchev to President Kennedy"  # overlined and underlined
    assert str(doc.date) == "1962-10-26" and doc.place == "Moscow"
    assert doc.classification == ("EYES ONLY",)  # the :Classification: field
    assert [f.text for f in doc.footnotes] == ["See Document 64."]
    texts = [p.text for p in doc.paragraphs]
    assert "I have received your letter of October 25.[1] From your letter" in texts[1]  # [#]_ after its word
    assert any("(see the President's reply)" in t for t in texts)  # a Sphinx role, as its text
    assert texts[-2:] == ["Respectfully,", "N. Khrushchev"]  # a line block's lines
    assert not MARKUP_LEFT.search(_text_of(doc))


def test_sphinx_directives_print_what_sphinx_prints():
    text = """Memorandum for the Record
=========================

.. toctree::
   :maxdepth: 2

   other

.. centered:: TOP SECRET

.. index:: Berlin

Washington, August 14, 1961

The meeting considered the access routes to Berlin and the measures that the
allies would take should the autobahn be closed to military traffic. [1]_

.. seealso:: The minutes of the meeting of August 10.

.. [1] See Document 30.
"""
    (doc,) = read_documents_from(text, "memo.rst")
    assert doc.title == "Memorandum for the Record" and str(doc.date) == "1961-08-14"
    assert doc.classification == ("TOP SECRET",)
    texts = _text_of(doc)
    assert "The minutes of the meeting of August 10." in texts
    assert "other" not in texts.split() and "maxdepth" not in texts and "Berlin\n" not in texts
    assert [f.text for f in doc.footnotes] == ["See Document 30."]


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("notes.txt", ".. [1] One.\n\nText [1]_ and more [2]_.\n\n.. [2] Two.\n", "rst"),
    ("notes.txt", "A typist's dots:\n\n.. continued overleaf\n\nThe end.\n", "text"),
    ("notes.md", ".. [1] One.\n\nText [1]_ and more [2]_.\n\n.. [2] Two.\n", "markdown"),
    ("letter.rest", "Dear Sir,\n", "rst"),
    # Sphinx publishes a page's source as page.rst.txt ("Show Source")
    ("d9.rst.txt", "Telegram\n========\n\nText.\n", "rst"),
    # a title's field list and a target, as a Sphinx edition heads each document
    ("d9.txt", ".. _frus-d9:\n\nTelegram\n========\n\n:Date: 1961-04-18\n:Place: Moscow\n\nText.\n", "rst"),
    ("memo.txt", "MEMORANDUM\n\nDate: 1961-04-18\nPlace: Moscow\n\nText.\n", "text"),
])
def test_restructuredtext_is_told_by_its_name_or_by_its_own_markup(name, text, expected):
    assert sniff_format(name, text.encode()) == expected


def test_latex_and_restructuredtext_from_the_cli_and_the_api(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in ("memo.tex", "letter.rst"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    result = CliRunner().invoke(main, ["index", str(folder), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["skipped"] == []
    result = CliRunner().invoke(main, ["search", '"quarantine would take effect"', "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0 and "Memorandum of Conversation" in result.output
    engine = SearchEngine(tmp_path / "ix")
    hits = engine.search('"knot of war"', date_from="1962-10-01", classification="eyes only")
    assert [h.title for h in hits] == ["Letter From Chairman Khrushchev to President Kennedy"]


ASCIIDOC = """// Foreign Relations of the United States, 1961–1963, Volume VI
// generated 2021 from the edition's XML

[#d9.document]
== 9. Telegram From the Embassy in the Soviet Union to the Department of State footnote:source[Source: Department \
of State, Presidential Correspondence: Lot 66 D 204. Secret; Niact.]

[.dateline]
_Moscow, April 18, 1961, 2 p.m._

2550. Following letter to President Kennedy from Khrushchev handed me by Acting Foreign Minister Semenov.
Begin text:

Mr. President, I send you this message in an hour of alarm.footnote:[Armed aggression had begun on April 17.]
See <<d10,the reply>> and link:https://history.state.gov[the edition].

----
VERBATIM *as* typed
----

Thompson
"""


def test_an_asciidoc_edition_is_read_as_its_printed_page_is(tmp_path):
    path = tmp_path / "ch009.txt"  # named as text: told by its markup
    path.write_text(ASCIIDOC, encoding="utf-8")
    assert sniff_format(path.name, ASCIIDOC.encode()) == "asciidoc"
    (doc,) = read_documents(str(path))
    assert doc.format == "asciidoc"
    assert (doc.title, str(doc.date), doc.place) == (
        "Telegram From the Embassy in the Soviet Union to the Department of State", "1961-04-18", "Moscow")
    assert doc.classification == ("SECRET", "NIACT") and doc.citation.startswith("Department of State")
    assert [f.text for f in doc.footnotes if not f.text.startswith("Source")] == ["Armed aggression had begun on April 17."]
    texts = [p.text for p in doc.paragraphs]
    assert "2550. Following letter to President Kennedy from Khrushchev handed me by Acting Foreign Minister " \
           "Semenov. Begin text:" in texts  # one sentence a line, joined
    assert any("See the reply and the edition." in t for t in texts) and "VERBATIM *as* typed" in texts
    assert not any("footnote:" in t or "<<" in t or "generated 2021" in t for t in texts)
    # Markdown stays Markdown, and a text with one "== " line stays text
    assert sniff_format("notes.txt", b"== Draft ==\n\nThe Ambassador called.\n") == "text"
