"""A result set as a file: CSV (one row per passage), JSON Lines (one hit per line, the shape of
``search --json``'s hits) or RIS (one record per passage, for a reference manager)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Callable, Iterator

from ..model import Hit, Reference, SearchResults

EXPORT_FORMATS = ("csv", "jsonl", "ris")
EXPORT_LIMIT = 10_000  # passages in one export: every matching passage up to this many
MEDIA_TYPES = {"csv": "text/csv", "jsonl": "application/jsonl", "ris": "application/x-research-info-systems"}
EXPORT_MEDIA_TYPES = MEDIA_TYPES  # as search_engine exports it
CSV_COLUMNS = ("rank", "passage_id", "doc_id", "title", "date", "place", "classification", "language", "page",
               "paragraph", "score", "text", "footnotes", "citation", "source")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    """A result set in one format: iterate for the text, in pieces to write or stream one after another.
    ``passages`` of the ``total`` matching passages are in it (at most EXPORT_LIMIT)."""

    format: str
    total: int
    passages: int
    results: SearchResults
    reference_of: Callable[[str], Reference]

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    def __iter__(self) -> Iterator[str]:
        return export(self.results, self.format, self.reference_of)


def export(results: SearchResults, fmt: str, reference_of: Callable[[str], Reference]) -> Iterator[str]:
    """The results in ``fmt`` (one of EXPORT_FORMATS), in pieces to write or stream one after another.

    ``reference_of(passage_id)`` gives a passage's Reference, for RIS."""
    if fmt == "csv":
        yield from _csv(results.hits)
    elif fmt == "jsonl":
        for hit in results.hits:
            yield json.dumps(hit.to_json(), ensure_ascii=False) + "\n"
    elif fmt == "ris":
        from .ris import ris

        for hit in results.hits:
            yield ris(reference_of(hit.passage_id))
    else:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")


def _csv(hits: tuple[Hit, ...]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        notes = " | ".join(f"[{n.number}] {n.text}" for n in hit.footnotes)
        writer.writerow([_cell(v) for v in (
            hit.rank, hit.passage_id, hit.doc_id, hit.title, hit.date or "", hit.place, "; ".join(hit.classification),
            hit.language, hit.page or "", hit.paragraph, f"{hit.score:.4f}", hit.text, notes, hit.citation,
            hit.source)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula ("=HYPERLINK(...)", "- 2. We agree")
    gets a leading apostrophe, as OWASP advises against CSV injection."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
