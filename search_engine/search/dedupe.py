"""One hit per group of copies: the same text read from a page, its PDF and its transcript, an OCR'd copy, a
shortened copy, another translation (the groups are found when the index is built: ``index.connections``).

Of a group's documents that match a query, the one with the most matching passages stands for the group
(the group's first, its best source, among equals); the others' passages are left out of the hits and the
counts, and the API lists them under the hit as "also in". ``search --no-dedupe`` keeps them all.
"""

from __future__ import annotations


def keep_one_copy(reader, matched, copies: dict[str, tuple[str, ...]] | None):
    """``matched`` (an array of document numbers) without the passages of the copies that do not stand for
    their group.

    ``copies`` maps a document id to its group (every member, best source first); None or {} keeps all."""
    if not copies or not len(matched):
        return matched
    import numpy as np

    from .scores import codes

    doc_codes, _ = codes(reader, "doc_id")
    group_of, place = _groups(reader, copies)
    counts = np.bincount(doc_codes[matched], minlength=len(group_of))
    present = np.flatnonzero((counts > 0) & (group_of >= 0))
    if not len(present):
        return matched
    # per group, its matching members by most matching passages, then by their place in the group
    present = present[np.lexsort((place[present], -counts[present], group_of[present]))]
    groups = group_of[present]
    stands = np.ones(len(present), bool)
    stands[1:] = groups[1:] != groups[:-1]
    if stands.all():
        return matched
    dropped = np.zeros(len(group_of), bool)
    dropped[present[~stands]] = True
    return matched[~dropped[doc_codes[matched]]]


def _groups(reader, copies: dict[str, tuple[str, ...]]):
    """For each document (by its code in ``scores.codes``), the number of its group of copies (-1: none) and
    its place in the group, cached with the reader for this copies map."""
    import numpy as np

    from ..query.columns import reader_cache, segments_key
    from .scores import codes

    cache = reader_cache(reader)
    key = ("copies", segments_key(reader))
    cached = cache.get(key)
    if cached is not None and cached[0] is copies:
        return cached[1]
    _, names = codes(reader, "doc_id")
    group_of = np.full(len(names), -1, np.int64)
    place = np.zeros(len(names), np.int64)
    numbered: dict[tuple[str, ...], int] = {}
    for i, name in enumerate(names):
        group = copies.get(name)
        if group is not None:
            group_of[i] = numbered.setdefault(group, len(numbered))
            place[i] = group.index(name)
    cache[key] = (copies, (group_of, place))
    return group_of, place


def copies_left_out(counts: dict[str, int], copies: dict[str, tuple[str, ...]] | None) -> set[str]:
    """The documents whose matching passages :func:`keep_one_copy` leaves out, from each document's number of
    matching passages (``counts``; the Solr backend's per-document facet): of each group's matching members,
    all but the one with the most, the best source among equals."""
    if not copies:
        return set()
    best: dict[tuple[str, ...], tuple[int, int, str]] = {}
    present: dict[tuple[str, ...], list[str]] = {}
    for doc_id, n in counts.items():
        group = copies.get(doc_id)
        if group is None or not n:
            continue
        present.setdefault(group, []).append(doc_id)
        key = (-n, group.index(doc_id), doc_id)
        if group not in best or key < best[group]:
            best[group] = key
    return {d for group, members in present.items() for d in members if d != best[group][2]}
