"""What is computed from an open index reader (column lists, suggestions, array postings), kept with the
reader for as long as it is open and shared by the readers of one generation (see :mod:`.generation`).
"""

from __future__ import annotations

from typing import Any, Callable

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


_SEGMENTS_KEY = "_search_engine_segments_key"  # the attribute of a reader that holds its segments_key


def segments_key(reader) -> tuple:
    """What identifies a reader's documents and their numbering: its segments and their sizes (computed once for
    a reader, which reads the same segments for as long as it is open: a query asks for it a few dozen times)."""
    key = reader.__dict__.get(_SEGMENTS_KEY)
    if key is None:
        key = reader.__dict__[_SEGMENTS_KEY] = tuple(
            (r.segment().segment_id(), r.doc_count_all()) for r, _ in reader.leaf_readers())
    return key


def cached(reader, kind: str, name: str, make: Callable[[], Any]) -> Any:
    """What ``make()`` computes of column ``name`` of the reader's documents (``kind`` says in what form), computed
    once for the reader's segments and kept in :func:`reader_cache` (None too: then it is not computed again)."""
    cache = reader_cache(reader)
    key = (kind, segments_key(reader), name)
    if key not in cache:
        cache[key] = make()
    return cache[key]


def generation_dict(reader, kind: str) -> dict:
    """A dict of values of one ``kind`` kept with the reader's generation (in :func:`reader_cache`, under its
    segments' key), the reader holding its own reference to it so that a look-up does not compute that key again."""
    attribute = "_search_engine_kept_" + kind
    kept = reader.__dict__.get(attribute)
    if kept is None:
        kept = reader.__dict__[attribute] = reader_cache(reader).setdefault((kind, segments_key(reader)), {})
    return kept


def keep(kept: dict, key, value, most: int):
    """``kept[key] = value`` in a dict of at most ``most`` values (the oldest forgotten first); returns ``value``.
    The searchers of one generation serve several threads: another may have taken the oldest out first."""
    if len(kept) >= most:
        try:
            del kept[next(iter(kept))]
        except (KeyError, RuntimeError, StopIteration):
            pass
    kept[key] = value
    return value
