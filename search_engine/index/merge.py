"""Merging as an index is updated: whoosh's segments and the document store files.

Every update writes a new whoosh segment and a new document store file. Left alone they pile up: 63
single-file updates left 7 segments and 91 store files, and searches 55% slower than on a rebuilt index
(whoosh matches every query term in every segment, and a query checks every file). Merging everything at
each update would cost as much as a rebuild (whoosh copies about 800 passages a second).

The policy is Lucene's log merge policy kept to one segment per tier: a size's tier is how many times
FACTOR goes into it above a floor, and a new segment (or store file) takes in every existing one of its
tier or below, carrying upwards as a binary counter does. So an update rewrites little (the floor's worth,
usually), a large segment is rewritten only when the small ones have grown to its tier, and there are
never more segments than tiers (about log10 of the index's size). A segment or file more than a third of
which is deleted documents is rewritten whatever its tier, to give the space and the time back.
A segment whose deleted documents are more than EXPUNGE_SHARE of it is also rewritten, on its own, at the
next update; below that they stay whoosh's list of deleted documents (see EXPUNGE_SHARE). ``compact()`` merges
everything into one segment and one store file.
"""

from __future__ import annotations

FACTOR = 10
SEGMENT_FLOOR = 250  # passages: segments below it are one tier, merged at every update (about 0.3 s)
STORE_FLOOR = 4 << 20  # bytes of document store
MAX_DELETED = 1 / 3
# A segment's deleted documents are whoosh's list of them: a query leaves their postings out with a mask of the
# live passages (search.scores), which cost nothing measurable with 1% of the FRUS volume's passages deleted
# (benchmarks/queries.txt, CPU per query, median ratio 1.00 against the rewritten segment). Rewriting the
# segment for them cost as much as a build of its passages (at 1x, 3 s of a one-document update's 3.2 s on a
# quiet machine). It is rewritten when they are more than this share of it: they are still counted in the
# statistics a score reads (the number of passages, of those holding a word, the fields' average length), as
# they were in every segment above 2,500 passages before (this limit) and in whoosh itself.
EXPUNGE_SHARE = 0.1


def tier(size: int, floor: int) -> int:
    """0 below ``floor``, then 1 up to ``floor * FACTOR``, and so on."""
    level = 0
    while size >= floor:
        size //= FACTOR
        level += 1
    return level


def plan(new: int, existing: list[tuple[int, int]], floor: int) -> set[int]:
    """Which existing segments (or files), given as (live, total) sizes, to merge into a new one of ``new``
    live items: those mostly deleted, then every one whose tier is at most the merged result's, until none is."""
    chosen = {i for i, (live, total) in enumerate(existing) if total and total - live > MAX_DELETED * total}
    size = new + sum(existing[i][0] for i in chosen)
    while True:
        level = tier(size, floor)
        more = {i for i, (live, _) in enumerate(existing) if i not in chosen and tier(live, floor) <= level}
        if not more:
            return chosen
        chosen |= more
        size += sum(existing[i][0] for i in more)


def merge_segments(writer, segments):
    """whoosh's ``mergetype``: merge the segments :func:`plan` chooses into the one being written, keep the
    others."""
    from whoosh.reading import SegmentReader

    chosen = plan(writer.doc_count(), [(s.doc_count(), s.doc_count_all()) for s in segments], SEGMENT_FLOOR)
    if not chosen or (writer.doc_count() == 0 and len(chosen) == 1 and not segments[min(chosen)].has_deletions()):
        return list(segments)  # nothing to gain: one clean segment would be copied as it is
    for i in sorted(chosen):
        reader = SegmentReader(writer.storage, writer.schema, segments[i])
        writer.add_reader(reader)
        reader.close()
    return [s for i, s in enumerate(segments) if i not in chosen]


def expunge_deletions(writer, segments):
    """whoosh's ``mergetype`` for a writer that adds nothing: rewrite the segments more than EXPUNGE_SHARE of
    which is deleted documents, together (the documents an update just added stay in their own segment, so
    that the next update of the same file does not dirty the large one again)."""
    from whoosh.reading import SegmentReader

    chosen = [s for s in segments if _worn(s)]
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in chosen]


def needs_expunging(segments) -> bool:
    return any(_worn(s) for s in segments)


def _worn(segment) -> bool:
    """Whether more than EXPUNGE_SHARE of a segment is deleted documents."""
    total = segment.doc_count_all()
    return segment.has_deletions() and total - segment.doc_count() > EXPUNGE_SHARE * total
