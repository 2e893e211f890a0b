"""Counts: matching passages per document, and facets by classification, language, folder, year and month, read
from the index's columns as arrays (no stored fields are loaded, no Python loop over the matches)."""

from __future__ import annotations

from .scores import codes


def count_matches(scorer, matched, facets: bool) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Matching passages per document (``matched`` is an array of document numbers), and for facets by
    classification, language, folder, year and month."""
    reader = scorer.reader
    per_document = _counts(reader, "doc_id", matched)
    if not facets:
        return per_document, {}
    counts: dict[str, dict[str, int]] = {}
    tags: dict[str, int] = {}
    for key, n in _counts(reader, "classification_key", matched).items():
        for tag in key.split(","):
            if tag:
                tags[tag] = tags.get(tag, 0) + n
    counts["classification"] = dict(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])))
    counts["language"] = _languages(scorer, matched)
    for name in ("collection", "tag"):  # a library's collections (lists) and tags, when the index holds any
        if f"{name}_key" in reader.schema and reader.has_column(f"{name}_key"):
            found: dict[str, int] = {}
            for key, n in _counts(reader, f"{name}_key", matched).items():
                for value in key.split("\x1f"):
                    if value:
                        found[value] = found.get(value, 0) + n
            if found:
                counts[name] = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
    folders = _counts(reader, "folder", matched)
    folders.pop("", None)
    counts["folder"] = dict(sorted(folders.items(), key=lambda kv: (-kv[1], kv[0])))
    for name in ("year", "month"):
        found = _counts(reader, name, matched)
        undated = found.pop("", 0)
        counts[name] = dict(sorted(found.items()))
        if undated:
            counts[name]["undated"] = undated
    return per_document, counts


def _counts(reader, column: str, matched) -> dict[str, int]:
    """Matching passages per value of a text column."""
    import numpy as np

    coded, values = codes(reader, column)
    found = np.bincount(coded[matched], minlength=len(values))
    return {values[i]: int(found[i]) for i in np.flatnonzero(found)}


def _languages(scorer, matched) -> dict[str, int]:
    """Matching passages per language code, from the postings of the few language terms."""
    import numpy as np

    found = {}
    for code in scorer.reader.lexicon("language"):
        code = code.decode("utf-8") if isinstance(code, bytes) else code
        n = int(np.count_nonzero(np.isin(matched, scorer.term("language", code).ids, assume_unique=True)))
        if n:
            found[code] = n
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def document_titles(searcher, matched) -> dict[str, str]:
    """The title of each document with a matching passage, read from its first passage's stored fields
    (once per document, cached with the reader)."""
    import numpy as np

    from ..query.columns import reader_cache, segments_key
    from .hits import document_meta
    from .scores import numbers

    reader = searcher.reader()
    known = reader_cache(reader).setdefault(("titles", segments_key(reader)), {})
    coded, values = codes(reader, "doc_id")
    paragraphs = numbers(reader, "paragraph")
    _, first = np.unique(coded[matched], return_index=True)
    out = {}
    for d in matched[first]:
        doc_id = values[coded[d]]
        if doc_id not in known:
            known[doc_id] = document_meta(searcher, int(d), doc_id, int(paragraphs[d])).get("title", "")
        out[doc_id] = known[doc_id]
    return out
