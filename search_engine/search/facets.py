"""Counts: matching passages per document, and facets by classification, year and month, read from the
index's columns (no stored fields are loaded)."""

from __future__ import annotations

from ..query.columns import column_values


def count_matches(reader, matched: list[int], facets: bool) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Matching passages per document, and for facets by classification, year and month, read from the
    index's columns (no stored fields are loaded)."""
    from collections import Counter

    docs = column_values(reader, "doc_id")
    per_document = Counter(docs[d] for d in matched)
    if not facets:
        return dict(per_document), {}
    counts: dict[str, dict[str, int]] = {}
    tags = column_values(reader, "classification_key")
    counts["classification"] = dict(sorted(Counter(t for d in matched for t in tags[d].split(",") if t).items(),
                                           key=lambda kv: (-kv[1], kv[0])))
    counts["language"] = _languages(reader, matched)
    for name in ("year", "month"):
        column = column_values(reader, name)
        found = Counter(column[d] for d in matched)
        undated = found.pop("", 0)
        counts[name] = dict(sorted(found.items()))
        if undated:
            counts[name]["undated"] = undated
    return dict(per_document), counts


def _languages(reader, matched: list[int]) -> dict[str, int]:
    """Matching passages per language code, from the postings of the few language terms."""
    wanted = set(matched)
    found = {}
    for code in reader.lexicon("language"):
        code = code.decode("utf-8") if isinstance(code, bytes) else code
        n = len(wanted.intersection(reader.postings("language", code).all_ids()))
        if n:
            found[code] = n
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def document_titles(searcher, matched: list[int]) -> dict[str, str]:
    """The title of each document with a matching passage, read from one of its passages' stored fields."""
    import json

    docs = column_values(searcher.reader(), "doc_id")
    first: dict[str, int] = {}
    for d in matched:
        first.setdefault(docs[d], d)
    return {doc_id: json.loads(searcher.stored_fields(d)["meta"])["title"] for doc_id, d in first.items()}
