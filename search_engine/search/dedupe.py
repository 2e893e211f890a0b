"""One hit per group of copies: the same text read from a page, its PDF and its transcript, an OCR'd copy, a
shortened copy, another translation (the groups are found when the index is built: ``index.connections``).

Of a group's documents that match a query, the one with the most matching passages stands for the group
(the group's first, its best source, among equals); the others' passages are left out of the hits and the
counts, and the API lists them under the hit as "also in". ``search --no-dedupe`` keeps them all.
"""

from __future__ import annotations

from collections import Counter

from ..query.columns import column_values


def keep_one_copy(reader, matched: list[int], copies: dict[str, tuple[str, ...]] | None) -> list[int]:
    """``matched`` without the passages of the copies that do not stand for their group.

    ``copies`` maps a document id to its group (every member, best source first); None or {} keeps all."""
    if not copies or not matched:
        return matched
    doc_ids = column_values(reader, "doc_id")
    per_document = Counter(doc_ids[d] for d in matched)
    left_out: set[str] = set()
    seen: set[tuple[str, ...]] = set()
    for doc_id in per_document:
        group = copies.get(doc_id)
        if group is None or group in seen:
            continue
        seen.add(group)
        present = [m for m in group if per_document.get(m)]
        if len(present) < 2:
            continue
        best = max(present, key=lambda m: (per_document[m], -group.index(m)))
        left_out.update(m for m in present if m != best)
    if not left_out:
        return matched
    return [d for d in matched if doc_ids[d] not in left_out]
