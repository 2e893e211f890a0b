"""A table of records (CSV or TSV): a database's or catalogue's export, a calendar of documents, one document a row.

The first row names the columns; each is read by its label as any labelled field is (``vocabulary.labels``:
``Title``, ``Date``, ``Classification``, ``Record Group``, ``Summary``...), and a column no list names is kept as
the documents' metadata under its own name. The document's text is the column labelled as text (``Text``,
``Body``, ``Full text``, ``Transcript``, ``Content``...), else the column whose cells hold the most words
(a dozen on average at the least), else the summary; its paragraphs are its lines. A list of documents (a
column of titles and one of dates: a researcher's reading log) whose notes are shorter takes its notes column as
each record's text. A table with no such column (a budget, a list of figures) is no source of documents and is
skipped with its reason. Rows without any value
are passed over. The first row's document is ``name/1``, the next ``name/2``... as an mbox's messages are.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace

from ..errors import SourceError
from ..model import Document
from ..vocabulary.labels import field_of
from .blocks import text_blocks
from .lines import Label

# the labels of a column that holds a document's own text
_TEXT_LABELS = frozenset({"text", "body", "full text", "fulltext", "document text", "transcript", "transcription",
                          "content", "contents", "text of document", "document", "extract", "excerpt", "texte",
                          "texto", "текст", "volltext", "passage", "message", "message text", "body text"})
_MIN_WORDS = 12  # on average, for a column no label names as text to be taken for it
_DELIMITERS = ",;\t|"


def read_table(text: str, doc_id: str, source: str, name: str = "") -> list[Document]:
    """The documents of a CSV or TSV table's rows (see the module docstring)."""
    from .text import parse_documents

    try:
        rows = _rows(text, name)
    except csv.Error as e:  # a quote never closed, a cell beyond any file's size: said, never a traceback
        raise SourceError(source, f"a table csv cannot read ({e})", "damaged") from None
    if len(rows) < 2:
        raise SourceError(source, "a table without rows under its header row", "unsupported")
    header = [cell.strip() for cell in rows[0]]
    body_column = _text_column(header, rows[1:])
    if body_column is None:
        raise SourceError(source, "a table with no column of text (its columns: "
                          f"{', '.join(h for h in header if h) or 'none'})", "unsupported")
    labels = [_label(name) for name in header]
    docs = []
    for n, row in enumerate(rows[1:], 1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        fields = tuple(replace(labels[i], value=value) for i, value in enumerate(cells)
                       if i < len(header) and i != body_column and value and header[i])
        body = cells[body_column] if body_column < len(cells) else ""
        # each line of the cell a paragraph (a cell's lines are not wrapped at a typewriter's width)
        blocks = text_blocks("\n\n".join(line for line in body.splitlines() if line.strip()))
        docs.extend(parse_documents(blocks, f"{doc_id}/{n}", source, "table", fields=fields, many=False))
    if not docs:
        raise SourceError(source, "a table whose rows are all empty", "unsupported")
    return docs


def _rows(text: str, name: str) -> list[list[str]]:
    """The table's rows, its delimiter told by csv's sniffer among comma, semicolon, tab and bar (a .tsv has tabs)."""
    text = text.lstrip("\ufeff")
    sample = text[:64 * 1024]
    if name.lower().endswith(".tsv"):
        delimiter = "\t"
    else:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
        except csv.Error:
            delimiter = ","
    from .sources import MAX_BYTES

    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))  # a cell may hold a whole document's text
    return list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))


def _text_column(header: list[str], rows: list[list[str]]) -> int | None:
    """The column of the documents' text: the one labelled so, else the wordiest, else the summary."""
    for i, label in enumerate(header):
        if re.sub(r"[\W_]+", " ", label).strip().lower() in _TEXT_LABELS:
            return i
    words = [0] * len(header)
    for row in rows:
        for i, cell in enumerate(row[:len(header)]):
            words[i] += len(cell.split())
    best = max(range(len(header)), key=lambda i: words[i], default=None)
    if best is not None and words[best] >= _MIN_WORDS * len(rows):
        found = field_of(header[best], guess=True)
        if found is None or found[0] in ("summary", "comments"):
            return best
    summary = next((i for i, label in enumerate(header)
                    if (found := field_of(label, guess=True)) and found[0] == "summary"), None)
    if summary is not None or not _catalogue(header):
        return summary
    # a researcher's or archive's list of documents (a column of titles and one of dates): its notes column, the
    # wordiest that no list names otherwise, is each record's text however short ("Supports the quarantine.")
    notes = [i for i, label in enumerate(header)
             if words[i] and ((found := field_of(label, guess=True)) is None or found[0] == "comments")]
    best = max(notes, key=lambda i: words[i], default=None)
    return best if best is not None and words[best] >= 3 * len(rows) else None


def _catalogue(header: list[str]) -> bool:
    """Whether a table's columns describe documents: one of titles (or subjects) and one of dates."""
    fields = {found[0] for label in header if (found := field_of(label, guess=True))}
    return bool(fields & {"title", "subject"}) and "date" in fields


def _label(header: str) -> Label:
    """The field a column's label names, its value to be filled in for each row."""
    found = field_of(header, guess=True)
    if found is None:  # a column no list names: kept as metadata under its own name
        return Label("comments", header, "", 99)
    field, _, rank = found
    return Label(field, header, "", rank)
