"""What is computed from an open index reader (column lists, suggestions, array postings), kept with the
reader for as long as it is open and shared by the readers of one generation (see :mod:`.generation`).
"""

from __future__ import annotations

_CACHE = "_search_engine_cache"  # the attribute of a whoosh reader that holds what is computed from it


def reader_cache(reader) -> dict:
    """Values computed from a reader's segments (column lists, suggestions), kept for as long as the reader
    is open: shared by the readers of one generation (:func:`share_cache`), else the reader's own."""
    cache = reader.__dict__.get(_CACHE)
    if cache is None:
        cache = reader.__dict__.setdefault(_CACHE, {})
    return cache


def share_cache(reader, cache: dict) -> None:
    """Make ``reader`` and its segments' readers keep their computed values in ``cache``: the searchers of one
    generation read the same segments, so one copy of each column serves them all."""
    for r in (reader, *(leaf for leaf, _ in reader.leaf_readers())):
        r.__dict__[_CACHE] = cache


def segments_key(reader) -> tuple:
    """What identifies a reader's documents and their numbering: its segments and their sizes."""
    return tuple((r.segment().segment_id(), r.doc_count_all()) for r, _ in reader.leaf_readers())
