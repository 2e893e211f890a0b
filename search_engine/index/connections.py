"""Connections between the documents of a generation, computed when it is built: which indexed document each
cross-reference points at, which documents are copies or versions of one another, and which are records
of the same protocol or file. Kept in ``links.sqlite`` (:mod:`.linkstore`; read by ``show``, ``search`` and
``related``).

In: the profile of every document (:mod:`.sketches`; kept between builds, so an update only profiles the
files that changed) and a way to load a document (for aligning the paragraphs of a candidate pair).

- **same text**: the MinHash estimate of the Jaccard similarity of the two texts' shingles is at least
  ``SAME_TEXT`` (the same text read from a page, its PDF and its text capture; an OCR'd copy);
- **excerpt**: the shorter text's shingles are nearly all in the longer one (a shortened copy);
- **version**: another translation or edition: the same day, and paragraphs that align in order by the
  names, numbers and dates they share (and their words, in one language) over most of both texts;
- **record**: records of the same numbered record (two documents both "Protocol No. 63" of the same day: the
  working notes of a session and an extract of its decisions): not copies, shown side by side with the part
  of the longer one that the shorter one is (its section, by its heading) and their paragraphs that align.

Copies, excerpts and versions form groups: a search shows one hit per group ("also in: ...").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from ..model import Document
from .sketches import name_key, signature

SAME_TEXT = 0.5  # estimated Jaccard similarity of the shingle sets
EXCERPT = 0.8  # share of the shorter text's shingles found in the longer one
CANDIDATE = 0.1  # pairs below this estimated similarity are not compared further
VERSION_COVERAGE = 0.5  # share of the shorter text in paragraphs aligned with the other version
_FORMAT_ORDER = {"tei": 0, "html": 1, "markdown": 2, "text": 3, "pdf": 4}
# how pairs are compared changed: connections kept from another version are computed again, all of them
CONNECTIONS_VERSION = 1
_ROWS = 2  # rows of the MinHash signature per LSH band
_BUCKET_CAP = 200  # a band's bucket of more documents than this gives no candidates (see _similar_texts)
_CHUNK = 1 << 14  # candidate pairs estimated at a time
_SHINGLES = 20  # a text of fewer shingles is not compared as a copy
# two documents of one MinHash signature (the same text: a file's copies) are always this pair (see _identical)
IDENTICAL = {"relation": "same text", "similarity": 1.0, "contained": 1.0}


def comparable(p: dict) -> bool:
    """Whether a document's profile is compared with the others' as a copy (its text is long enough)."""
    return p.get("shingles", 0) >= _SHINGLES


def _identical(p: dict, q: dict) -> bool:
    """Whether two documents are the same text by their MinHash signatures alone, whatever the others: their
    pair is :data:`IDENTICAL` (the estimate of equal signatures), and a band's bucket that the copies of a
    file filled beyond ``_BUCKET_CAP`` does not hide it."""
    return comparable(p) and comparable(q) and p["minhash"] == q["minhash"]


def connect(profiles: dict[str, dict], load: Callable[[str], Document | None],
            previous: Previous | None = None) -> dict:
    """The connections of a generation as a record (a Solr collection's links record; the embedded index's
    store keeps :func:`connections` as they are, and its update changes them a document at a time instead:
    :func:`update_links`). With ``previous`` (the connections and profiles they were computed from, and the
    documents changed since: a Solr collection's links record), only the pairs of documents with a changed
    one are compared again: every pair's relation depends on the two documents alone, so the result is the
    one a fresh build of the same documents gives."""
    found = connections(profiles, load, previous)
    return {**found, "pairs": [{"a": a, "b": b, **entry} for (a, b), entry in sorted(found["pairs"].items())]}


def connections(profiles: dict[str, dict], load: Callable[[str], Document | None],
                previous: Previous | None = None) -> dict:
    """:func:`connect`'s connections, with the pairs as a map {(a, b): entry} (what :func:`.linkstore.store_all`
    keeps: at 64x FRUS, a quarter of a million pairs of copies, which a list of records held a second time)."""
    if previous is not None and not previous.usable():
        previous = None
    pairs: dict[tuple[str, str], dict]
    similar, pairs = (_similar_texts(profiles), {}) if previous is None else previous.similar_texts(profiles)
    _add_copies(pairs, similar)
    if previous is None:
        same_day = _same_day(profiles)
    else:
        same_day, kept = previous.same_day_pairs(profiles, pairs)
        pairs.update(kept)
    _align_pairs(pairs, same_day, profiles, _loader(load))
    groups = _groups(pairs, profiles)
    resolved = _resolved(profiles, previous)
    cites, cited_by = resolve_references(profiles, groups, _groups(pairs, profiles, ("same text", "excerpt")), resolved)
    return {
        "version": CONNECTIONS_VERSION,
        "pairs": pairs,
        "groups": groups,
        "cites": cites,
        "cited_by": cited_by,
        # each reference's documents before copies and versions are taken into account, for the next update
        "resolved": {d: [[i, targets] for i, targets in sorted(found.items())] for d, found in sorted(resolved.items())},
    }


def _add_copies(pairs: dict[tuple[str, str], dict], similar) -> None:
    """The same texts and excerpts among ``similar`` (as :func:`_estimates` yields them) added to ``pairs``. Pairs
    of equal entries share one (never changed after: the copies of a text, most of an archive's pairs)."""
    entries: dict[tuple, dict] = {}
    for a, b, similarity, contained in similar:
        relation = "same text" if similarity >= SAME_TEXT else "excerpt" if contained >= EXCERPT else ""
        if relation:
            key = (relation, round(similarity, 3), round(contained, 3))
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = {"relation": relation, "similarity": key[1], "contained": key[2]}
            pairs[(a, b)] = entry


def _loader(load: Callable[[str], Document | None]) -> Callable[[str], Document | None]:
    """``load``, each document loaded once."""
    documents: dict[str, Document | None] = {}

    def doc(doc_id: str) -> Document | None:
        if doc_id not in documents:
            documents[doc_id] = load(doc_id)
        return documents[doc_id]

    return doc


_UNREAD = object()  # a comparison that could not be made (a document not loaded)


def _align_pairs(pairs: dict[tuple[str, str], dict], candidates, profiles,
                 doc: Callable[[str], Document | None]) -> None:
    """The versions and records among ``candidates`` (pairs of one day, a < b) that are not copies (in
    ``pairs``) added to ``pairs``. A comparison depends on the two texts alone (each profile's ``text``, the
    digest of what it reads: :func:`.sketches.text_digest`), so it is made once for each pair of texts in
    this order: the 64 copies of a file of one day as another file are aligned with it once, not 64 times."""
    made: dict[tuple[str, str], dict | None] = {}
    for a, b in candidates:
        if (a, b) in pairs:
            continue
        pa, pb = profiles[a], profiles[b]
        key = (pa.get("text"), pb.get("text"))
        found = made.get(key, _UNREAD) if None not in key else _UNREAD
        if found is _UNREAD:
            found = _compare(a, b, pa, pb, doc)
            if found is _UNREAD:
                continue
            if None not in key:
                made[key] = found
        if found is not None:
            pairs[(a, b)] = _named(found, a, b)


def _compare(a: str, b: str, pa: dict, pb: dict, doc: Callable[[str], Document | None]):
    """The version or record two documents of one day are (None: neither), its section's documents named by
    their place in the pair ("a", "b": see :func:`_named`); ``_UNREAD`` when one cannot be loaded."""
    shared = _shared_identifiers(pa, pb)
    if not shared and not _share_names(pa, pb):
        return None
    da, db = doc(a), doc(b)
    if da is None or db is None:
        return _UNREAD
    alignment, coverage = align_in_order(da, db)
    if coverage >= VERSION_COVERAGE:
        return {"relation": "version", "coverage": round(coverage, 3), "alignment": alignment}
    if not shared:
        return None
    entry = {"relation": "record", "record": " ".join(shared[0]).title(), "coverage": round(coverage, 3),
             "alignment": align_best(da, db)}
    section = matching_section(da, db)
    if section:
        entry["section"] = {**section, "doc": "a" if section["doc"] == a else "b",
                            "of": "a" if section["of"] == a else "b"}
    return entry


def _named(entry: dict, a: str, b: str) -> dict:
    """A comparison's entry for the pair (a, b): its section's documents by id."""
    if "section" not in entry:
        return entry
    section = entry["section"]
    return {**entry, "section": {**section, "doc": a if section["doc"] == "a" else b,
                                 "of": a if section["of"] == "a" else b}}


# -- copies: MinHash ---------------------------------------------------------------------------------


def _similar_texts(profiles: dict[str, dict]):
    """(a, b, estimated Jaccard similarity, share of the shorter set in the longer) for candidate pairs.

    Candidates come from banded LSH (64 bands of 2 rows: a pair with similarity 0.25 is a candidate with
    probability 0.98, one with 0.05 with 0.15), then every candidate is compared on all 128 minima."""
    import numpy as np

    ids = sorted(d for d, p in profiles.items() if comparable(p))
    if len(ids) < 2:
        return
    sigs = np.stack([signature(profiles[d]) for d in ids])
    yield from _estimates(ids, sigs, profiles, _candidates(sigs))


def _candidates(sigs):
    """The candidate pairs of ``sigs`` (one signature a row) as sorted codes ``i * len(sigs) + j`` (i < j): the
    copies of one text (_identical), whatever the buckets, and the pairs that share a band's bucket of at most
    ``_BUCKET_CAP`` documents. The buckets are found among the distinct signatures, each counted as many times
    as documents have it: an archive's copies of one text (a volume indexed 64 times) share every bucket, and
    their pairs, candidates anyway, are not listed again for each band."""
    import numpy as np

    n = len(sigs)
    unique, inverse, counts = np.unique(sigs, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    by_text = np.argsort(inverse, kind="stable")  # each distinct signature's documents, in id order
    members = np.split(by_text, np.cumsum(counts)[:-1])
    found = [_all_pairs(m, n) for m in members if len(m) > 1]
    keys = np.ascontiguousarray(unique).view(np.uint64)  # each band's two 32-bit rows as one key
    shared: set[tuple[int, int]] = set()  # pairs of distinct signatures in one bucket
    for band in range(sigs.shape[1] // _ROWS):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        stops = np.append(starts[1:], len(order))
        documents = np.add.reduceat(counts[order], starts)
        shares = (stops - starts > 1) & (documents <= _BUCKET_CAP)  # buckets of two signatures or more, not too big
        for a, b in zip(starts[shares].tolist(), stops[shares].tolist(), strict=True):
            held = sorted(order[a:b].tolist())
            shared.update((held[x], held[y]) for x in range(len(held)) for y in range(x + 1, len(held)))
    for u, v in shared:
        mine, theirs = members[u], members[v]
        i, j = np.repeat(mine, len(theirs)), np.tile(theirs, len(mine))
        found.append(np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j))
    return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)


def _all_pairs(members, n: int):
    """The codes ``i * n + j`` of every pair of ``members`` (ascending)."""
    import numpy as np

    x, y = np.triu_indices(len(members), 1)
    return members[x].astype(np.int64) * n + members[y]


class Previous:
    """What an update starts from: the connections and profiles of the generation it replaces, and the documents
    whose profile is new (added, read again, made again) or gone. The pairs of two unchanged documents keep
    their relation; what is compared again is every pair with a changed document."""

    def __init__(self, links: dict, profiles: dict[str, dict], changed: set[str]):
        self.links, self.profiles, self.changed = links, profiles, frozenset(changed)
        self.copies: dict[tuple[str, str], dict] = {}  # the previous pairs of same text and excerpts
        self.aligned: dict[tuple[str, str], dict] = {}  # the previous versions and records
        for entry in links.get("pairs", ()) if self.usable() else ():
            pair = (entry["a"], entry["b"])
            kept = {k: v for k, v in entry.items() if k not in ("a", "b")}
            (self.copies if entry["relation"] in ("same text", "excerpt") else self.aligned)[pair] = kept

    def usable(self) -> bool:
        # (links.json written before it carried a version holds version 1's comparisons)
        return self.links.get("version", 1) == CONNECTIONS_VERSION and isinstance(self.links.get("pairs"), list)

    def _unchanged(self, pair: tuple[str, str]) -> bool:
        return pair[0] not in self.changed and pair[1] not in self.changed

    def similar_texts(self, profiles: dict[str, dict]):
        """The candidate pairs of copies to estimate (as :func:`_similar_texts` yields them) and the previous
        ones kept. A pair of unchanged documents is a candidate as before unless a band's bucket they share
        crossed ``_BUCKET_CAP`` with the changed documents: then every pair is estimated again."""
        import numpy as np

        ids = sorted(d for d, p in profiles.items() if comparable(p))
        if len(ids) < 2:
            return iter(()), {}
        sigs = np.stack([signature(profiles[d]) for d in ids])
        then = [signature(p) for d in sorted(self.changed)
                if (p := self.profiles.get(d)) is not None and comparable(p)]
        candidates = _candidates_with(ids, sigs, self.changed, then)
        if candidates is None:
            return _similar_texts(profiles), {}
        kept = {pair: entry for pair, entry in self.copies.items() if self._unchanged(pair)
                and pair[0] in profiles and pair[1] in profiles}
        return _estimates(ids, sigs, profiles, candidates), kept

    def same_day_pairs(self, profiles: dict[str, dict], pairs: dict[tuple[str, str], dict]):
        """The pairs of one day to align (those with a changed document, and unchanged ones that were copies
        and are not now) and the previous versions and records of unchanged documents that are not copies now."""
        kept = {pair: entry for pair, entry in self.aligned.items() if self._unchanged(pair) and pair not in pairs
                and pair[0] in profiles and pair[1] in profiles}
        by_day: dict[str, list[str]] = {}
        for d, p in profiles.items():
            if p.get("date"):
                by_day.setdefault(p["date"], []).append(d)
        todo: set[tuple[str, str]] = set()
        for d in self.changed:
            day = profiles.get(d, {}).get("date")
            todo.update((min(d, other), max(d, other)) for other in by_day.get(day, ()) if other != d)
        for a, b in self.copies:
            if (self._unchanged((a, b)) and (a, b) not in pairs and a in profiles and b in profiles
                    and profiles[a].get("date") and profiles[a].get("date") == profiles[b].get("date")):
                todo.add((a, b))
        return sorted(todo), kept


def _estimates(ids: list[str], sigs, profiles: dict[str, dict], candidates):
    """(a, b, estimated Jaccard similarity, share of the shorter set in the longer) of each candidate pair
    (positions in ``ids`` and ``sigs``: a set of pairs, or the codes of :func:`_candidates`) whose estimate is
    at least ``CANDIDATE``, in order of the pairs. The estimates are made a chunk of pairs at a time."""
    import numpy as np

    n, width = len(ids), sigs.shape[1]
    if isinstance(candidates, set):
        candidates = np.array([i * n + j for i, j in sorted(candidates)], np.int64)
    for start in range(0, len(candidates), _CHUNK):
        codes = candidates[start:start + _CHUNK]
        first, second = codes // n, codes % n
        similarity = np.count_nonzero(sigs[first] == sigs[second], axis=1) / width  # as np.mean of the two
        keep = similarity >= CANDIDATE
        first, second, similarity = first[keep], second[keep], similarity[keep]
        # the profiles of these pairs' documents only (an update's profiles are read from its store one by one)
        held = np.sort(np.concatenate((first, second)))  # distinct, without np.unique (which imports numpy.ma)
        held = held[np.concatenate(([True], held[1:] != held[:-1]))] if len(held) else held
        place = np.searchsorted(held, first), np.searchsorted(held, second)
        shingles = np.array([float(profiles[ids[i]]["shingles"]) for i in held.tolist()])
        size_i, size_j = shingles[place[0]], shingles[place[1]]
        common = similarity * (size_i + size_j) / (1 + similarity)
        contained = np.minimum(1.0, common / np.minimum(size_i, size_j))
        for i, j, s, c in zip(first.tolist(), second.tolist(), similarity.tolist(), contained.tolist(), strict=True):
            yield ids[i], ids[j], s, c


def _groups(pairs: dict[tuple[str, str], dict], profiles: dict[str, dict],
            relations: tuple[str, ...] = ("same text", "excerpt", "version")) -> list[list[str]]:
    """Copies, excerpts and versions (``relations``) joined into groups; the best source first (an edition's
    text before a page, a page before plain text and PDF, the longer text first)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for (a, b), entry in pairs.items():
        if entry["relation"] in relations:
            parent[find(a)] = find(b)
    members: dict[str, list[str]] = {}
    for d in parent:
        members.setdefault(find(d), []).append(d)

    def order(d: str):
        p = profiles.get(d, {})
        return (_FORMAT_ORDER.get(p.get("format", "text"), 5), -p.get("characters", 0), d)

    return sorted(sorted(m, key=order) for m in members.values() if len(m) > 1)


# -- versions and records: paragraphs that align -------------------------------------------------------


def _same_day(profiles: dict[str, dict]):
    by_day: dict[str, list[str]] = {}
    for d, p in profiles.items():
        if p.get("date"):
            by_day.setdefault(p["date"], []).append(d)
    for ids in by_day.values():
        ids.sort()
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                yield a, b


def _shared_identifiers(a: dict, b: dict) -> list[list[str]]:
    """Numbered records both documents are (or are part of), other than a number in a series of documents."""
    theirs = {tuple(x) for x in b.get("identifiers", ())}
    return [x for x in a.get("identifiers", ()) if tuple(x) in theirs and x[0] != "document"]


def _share_names(a: dict, b: dict) -> bool:
    """Whether two documents of one day name mostly the same people and places (a version's first sign)."""
    na, nb = set(a.get("names", ())[:40]), set(b.get("names", ())[:40])
    return bool(na and nb) and len(na & nb) >= 0.4 * min(len(na), len(nb))


_STOP = frozenset("the and for that with this from have will been were which their there they about would "
                  "what when into than them these then some such only also other more most very should "
                  "could upon your our his her its not are was has had but all any can may one two".split())


@lru_cache(maxsize=8192)
def anchors(text: str, words: bool) -> frozenset[str]:
    """What a paragraph shares with its translation: names (as transliteration-proof keys), numbers and
    dates; with ``words``, also the stems of its content words (for two texts in one language). (Kept for the
    pairs to come: a changed document is aligned with every other document of its day.)"""
    from ..analysis.stemming import stem
    from ..analysis.tokens import fold
    from ..vocabulary.dates import find_dates
    from .sketches import names

    out = {f"#{n}" for n in re.findall(r"(?<![\w.])\d{1,6}(?![\w])", text)}
    out |= {f"@{d.iso}" for d, _, _ in find_dates(text) if d.exact}
    out |= set(names(text))
    if words:
        out |= {stem(fold(w)) for w in re.findall(r"[^\W\d_]{4,}", text) if fold(w) not in _STOP}
    return frozenset(out)


def _similarity(x: set[str], y: set[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / (len(x | y) ** 0.5 * min(len(x), len(y)) ** 0.5)


def align_in_order(a: Document, b: Document, limit: int = 400) -> tuple[list[list], float]:
    """Paragraphs of ``a`` and ``b`` that correspond, in the order of both texts (the best such chain), and the
    share of each text (in characters) that they cover, the smaller of the two."""
    same_language = bool(a.language) and a.language == b.language
    pa, pb = a.paragraphs[:limit], b.paragraphs[:limit]
    xa = [anchors(p.text, same_language) for p in pa]
    xb = [anchors(p.text, same_language) for p in pb]
    n, m = len(pa), len(pb)
    if not n or not m:
        return [], 0.0
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev = score[i], score[i - 1]
        for j in range(1, m + 1):
            s = _similarity(xa[i - 1], xb[j - 1])
            row[j] = max(prev[j], row[j - 1], prev[j - 1] + s if s >= 0.3 else 0.0)
    pairs = []
    i, j = n, m
    while i and j:
        s = _similarity(xa[i - 1], xb[j - 1])
        if s >= 0.3 and abs(score[i][j] - (score[i - 1][j - 1] + s)) < 1e-9:
            pairs.append([pa[i - 1].number, pb[j - 1].number, round(s, 3)])
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    covered_a = sum(len(a.paragraphs[x - 1].text) for x, _, _ in pairs)
    covered_b = sum(len(b.paragraphs[y - 1].text) for _, y, _ in pairs)
    total_a, total_b = sum(len(p.text) for p in pa), sum(len(p.text) for p in pb)
    # both texts: a version renders the whole of the other (a summary or an extract in another language
    # covers only part of the longer text, and is a record of the same thing, not a version of it)
    return pairs, min(covered_a / max(1, total_a), covered_b / max(1, total_b))


def align_best(a: Document, b: Document, limit: int = 400) -> list[list]:
    """Each paragraph of ``a`` with the paragraph of ``b`` that shares most with it (at least two names,
    numbers, dates or words, and a third of the smaller), in the order of ``a``, with what they share."""
    same_language = bool(a.language) and a.language == b.language
    xb = [(p.number, anchors(p.text, same_language)) for p in b.paragraphs[:limit]]
    out = []
    for p in a.paragraphs[:limit]:
        x = anchors(p.text, same_language)
        best = max(((_similarity(x, y), n, y) for n, y in xb), default=None, key=lambda t: t[0])
        if best and best[0] >= 0.3 and len(x & best[2]) >= 2:
            out.append([p.number, best[1], round(best[0], 3)])
    return out


_HEADING = re.compile(r"^\s*(?:(?P<roman>[IVXLC]{1,6})|(?P<arabic>\d{1,3}))\s*[.)]\s+\S")


def sections(doc: Document) -> list[tuple[str, int, int]]:
    """The numbered sections of a document (a protocol's items "I.", "IX."...): (number, first paragraph,
    last paragraph), each from its heading to the next heading of the same numbering."""
    heads = []
    for p in doc.paragraphs:
        m = _HEADING.match(p.text)
        if m and len(p.text) < 200:
            heads.append((m.group("roman") or m.group("arabic"), "roman" if m.group("roman") else "arabic", p.number))
    if not heads:
        return []
    style = max(("roman", "arabic"), key=lambda s: sum(1 for h in heads if h[1] == s))
    starts = [(n, first) for n, s, first in heads if s == style]
    last = len(doc.paragraphs)
    return [(n, first, (starts[k + 1][1] - 1) if k + 1 < len(starts) else last) for k, (n, first) in enumerate(starts)]


def matching_section(a: Document, b: Document) -> dict | None:
    """The section of the longer of two records that the shorter one is: the section whose heading names the
    same kind of paper as the shorter one's title (instructions, a letter, a telegram), then the same people,
    then the most shared words. ``{"doc", "of", "number", "paragraphs": [first, last], "shared": [...]}``"""
    short, long_ = (a, b) if len(a.paragraphs) <= len(b.paragraphs) else (b, a)
    found = sections(long_)
    if not found:
        return None
    from ..vocabulary.records import record_kind

    subject = " ".join([short.title, short.subtitle, *short.header])
    kinds = {record_kind(w) for w in re.findall(r"[^\W\d_]+", subject)} - {"", "protocol", "document"}
    people = set(name_key(w) for w in re.findall(r"[^\W\d_]{3,}", subject) if w[0].isupper()) - {""}
    words = anchors(subject, short.language == long_.language)
    best = None
    for number, first, last in found:
        heading = long_.paragraphs[first - 1].text
        heading_kinds = {record_kind(w) for w in re.findall(r"[^\W\d_]+", heading)} - {""}
        heading_people = set(name_key(w) for w in re.findall(r"[^\W\d_]{3,}", heading) if w[0].isupper()) - {""}
        shared = (sorted(k for k in kinds & heading_kinds), sorted(people & heading_people))
        body = anchors(" ".join(p.text for p in long_.paragraphs[first - 1:last]), short.language == long_.language)
        key = (len(kinds & heading_kinds), len(people & heading_people), len(words & body))
        if best is None or key > best[0]:
            best = (key, number, first, last, shared)
    key, number, first, last, shared = best
    if not (key[0] or key[1]):  # a heading that names neither the same kind of paper nor the same people
        return None
    return {"doc": short.doc_id, "of": long_.doc_id, "number": number, "paragraphs": [first, last],
            "heading": long_.paragraphs[first - 1].text, "kinds": shared[0]}


# -- cross-references ----------------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total = 0
    for i, c in enumerate(text):
        v = _ROMAN.get(c)
        if v is None:
            return None
        total += -v if i + 1 < len(text) and _ROMAN.get(text[i + 1], 0) > v else v
    return total or None


def _volume_id(written: str, citing_volume: str) -> str:
    """A volume as written ("XI", or an edition's id) as the id of a volume of the citing one's series:
    "XI" from frus1961-63v06 -> frus1961-63v11."""
    if not written or re.fullmatch(r"[A-Za-z][\w.-]*\d", written) and not re.fullmatch(r"[IVXLC]+", written):
        return written
    number = _roman(written)
    m = re.fullmatch(r"(?P<series>.*v)(?P<n>\d+)", citing_volume)
    if number is None or not m:
        return ""
    return f"{m.group('series')}{number:0{len(m.group('n'))}d}"


def _resolved(profiles: dict[str, dict], previous: Previous | None = None) -> dict[str, dict[int, list[str]]]:
    """doc -> position of a reference -> the indexed documents it names (:func:`_targets`; empty left out). An
    update resolves again the references of changed documents and those that look documents up by something a
    changed document has or had (its id, volume and number, a record number, its day, its volume)."""
    index = _ReferenceIndex(profiles)
    kept: dict[str, dict[int, list[str]]] = {}
    touched: set[tuple] = set()
    if previous is not None and isinstance(previous.links.get("resolved"), dict):
        kept = {d: {i: targets for i, targets in found} for d, found in previous.links["resolved"].items()}
        for d in previous.changed:
            for p in (previous.profiles.get(d), profiles.get(d)):
                touched |= _lookup_keys_of(d, p) if p is not None else {("doc", d)}
    else:
        previous = None
    out: dict[str, dict[int, list[str]]] = {}
    for d, p in sorted(profiles.items()):
        mine = kept.get(d, {}) if previous is not None and d not in previous.changed else None
        for i, ref in enumerate(p.get("references", ())):
            if mine is not None and not (_lookups(ref, p) & touched):
                targets = mine.get(i, [])
            else:
                targets = _targets(ref, d, p, profiles, index)
            if targets:
                out.setdefault(d, {})[i] = targets
    return out


def _found_as(p: dict) -> tuple:
    """What another document's reference finds a document by (:func:`_targets` reads nothing else of it)."""
    return tuple(p.get(k) for k in ("volume", "number", "identifiers", "pages", "date", "title", "sender", "recipient"))


def _lookup_keys_of(doc_id: str, p: dict) -> set[tuple]:
    """What a reference can find a document by (see :func:`_lookups`)."""
    keys = {("doc", doc_id)}
    if p.get("volume"):
        keys.add(("volume", p["volume"]))
        if p.get("number"):
            keys.add(("number", p["volume"], p["number"]))
    keys.update(("record", kind, number) for kind, number in p.get("identifiers", ()))
    if p.get("date"):
        keys.add(("day", p["date"]))
    return keys


def _lookups(ref: dict, p: dict) -> set[tuple]:
    """What :func:`_targets` looks documents up by for ``ref`` of the document ``p``."""
    kind = ref.get("kind")
    if ref.get("doc_id"):
        return {("doc", ref["doc_id"])}
    if kind == "document":
        volume = _volume_id(ref.get("volume", ""), p.get("volume", "")) if ref.get("volume") else p.get("volume", "")
        return {("number", volume, ref.get("number", ""))} if volume else {("record", "document", ref.get("number", ""))}
    if kind == "pages":
        return {("volume", _volume_id(ref.get("volume", ""), p.get("volume", "")))}
    if kind == "record":
        from ..vocabulary.records import record_numbers

        found = record_numbers(ref.get("target", ""))
        return {("record", found[0][0], found[0][1])} if found else set()
    if kind == "date":
        return {("day", ref.get("date"))}
    return set()


class _ReferenceIndex:
    """The documents by volume and number, by record number and by day (what references name)."""

    def __init__(self, profiles: dict[str, dict]):
        self.profiles = profiles
        self.by_volume: dict[tuple[str, str], str] = {}
        self.by_identifier: dict[tuple[str, str], list[str]] = {}
        self.by_day: dict[str, list[str]] = {}
        for d, p in profiles.items():
            if p.get("volume") and p.get("number"):
                self.by_volume[(p["volume"], p["number"])] = d
            for kind, number in p.get("identifiers", ()):
                self.by_identifier.setdefault((kind, number), []).append(d)
            if p.get("date"):
                self.by_day.setdefault(p["date"], []).append(d)

    def pages(self, volume: str, lo: int, hi: int) -> list[str]:
        """The documents of ``volume`` printed on pages ``lo`` to ``hi``, by their first page."""
        profiles = self.profiles
        return sorted((d for d, q in profiles.items() if q.get("volume") == volume and q.get("pages")
                       and q["pages"][0] <= hi and lo <= q["pages"][1]), key=lambda d: profiles[d]["pages"][0])


def resolve_references(profiles: dict[str, dict], groups: list[list[str]] = (),
                       copies: list[list[str]] = (), resolved: dict[str, dict[int, list[str]]] | None = None
                       ) -> tuple[dict, dict]:
    """``cites``: doc -> [{"ref": position in its references, "targets": [doc ids], "reference": the reference}]
    for the references that point at indexed documents; ``cited_by``: doc -> [{"from": doc, "ref": position}].
    A document does not cite its own copies and versions (``groups``); a reference to a text with copies
    (``copies``: same text and excerpts, best source first) points at its best source only (its versions,
    another translation, each stay a target of their own)."""
    group_of = {d: frozenset(g) for g in groups for d in g}
    best_of = {d: g[0] for g in copies for d in g}
    if resolved is None:
        resolved = _resolved(profiles, None)
    cites: dict[str, list] = {}
    cited_by: dict[str, list] = {}
    for d, found in sorted(resolved.items()):
        references = profiles[d].get("references", ())
        for i, targets in sorted(found.items()):
            ref = references[i]
            mine = group_of.get(d, frozenset((d,)))  # a copy of itself is not what a document cites
            targets = [t for t in dict.fromkeys(best_of.get(t, t) for t in targets) if t != d and t not in mine][:5]
            if targets:
                cites.setdefault(d, []).append({"ref": i, "targets": targets, "reference": ref})
                for t in targets:
                    cited_by.setdefault(t, []).append({"from": d, "ref": i})
    return cites, cited_by


def _targets(ref: dict, doc_id: str, p: dict, profiles, index: _ReferenceIndex) -> list[str]:
    by_volume, by_identifier, by_day = index.by_volume, index.by_identifier, index.by_day
    kind = ref.get("kind")
    if ref.get("doc_id"):
        return [ref["doc_id"]] if ref["doc_id"] in profiles else []
    if kind == "document":
        volume = _volume_id(ref.get("volume", ""), p.get("volume", "")) if ref.get("volume") else p.get("volume", "")
        if volume:
            hit = by_volume.get((volume, ref.get("number", "")))
            return [hit] if hit else []
        return [d for d in by_identifier.get(("document", ref.get("number", "")), []) if not profiles[d].get("volume")]
    if kind == "pages":
        volume = _volume_id(ref.get("volume", ""), p.get("volume", ""))
        first, _, last = ref.get("pages", "").partition("-")
        if not volume or not first.isdigit():
            return []
        lo, hi = int(first), int(last) if last.isdigit() else int(first)
        return index.pages(volume, lo, hi)
    if kind == "record":
        from ..vocabulary.records import record_numbers

        found = record_numbers(ref.get("target", ""))
        return list(by_identifier.get((found[0][0], found[0][1]), [])) if found else []
    if kind == "date":
        return _by_date(ref, doc_id, p, profiles, by_day)
    return []


@lru_cache(maxsize=8192)
def _keys(text: str) -> frozenset[str]:
    return frozenset(k for w in re.findall(r"[^\W\d_]{3,}", text or "") if w[0].isupper() and (k := name_key(w)))


@lru_cache(maxsize=8192)
def _title_kinds(title: str) -> frozenset[str]:
    from ..vocabulary.records import record_kind

    return frozenset(record_kind(w) for w in re.findall(r"[^\W\d_]+", title))


def _by_date(ref: dict, doc_id: str, p: dict, profiles, by_day) -> list[str]:
    """The letter or telegram of the day a reference names that fits best what it says of it: its kind, who
    wrote it ("your letter": the citing letter's addressee; "my message": its writer; "Khrushchev's letter"),
    to whom ("a message to President Kennedy")."""
    from ..vocabulary.records import dated_records

    said = dated_records(ref.get("text", ""), lambda month, day: int(ref["date"][:4]))
    if not said or not ref.get("date"):
        return []
    said = said[0]
    scored = []
    for d in by_day.get(ref["date"], ()):
        q = profiles[d]
        if d == doc_id:
            continue
        kinds = _title_kinds(q.get("title", ""))
        if said["kind"] not in kinds:
            continue
        score = 0
        whose = said["whose"]
        sender, recipient = _keys(q.get("sender", "")), _keys(q.get("recipient", ""))
        if whose in ("your", "ваше", "вашего", "вашем"):
            score += 2 if sender & _keys(p.get("recipient", "")) else -2 if p.get("recipient") else 0
        elif whose in ("my", "our", "моё", "мое", "моего", "нашего", "наше"):
            score += 2 if sender & _keys(p.get("sender", "")) else -2 if p.get("sender") else 0
        elif whose:
            score += 2 if sender & _keys(whose) else -2
        words = said["words"]
        if words.lower().startswith(("to ", "для ")):
            score += 2 if recipient & _keys(words) else -2
        elif words.lower().startswith(("from ", "от ")):
            score += 2 if sender & _keys(words) else -2
        scored.append((score, d))
    scored.sort(key=lambda t: (-t[0], t[1]))
    if not scored or scored[0][0] < 0:
        return []
    best = [d for s, d in scored if s == scored[0][0]]
    # equally fitting letters of one day (Khrushchev wrote Kennedy twice on 28 October 1962): all of them when
    # what the text says of it fits them, none when nothing does
    return best if len(best) == 1 or (scored[0][0] > 0 and len(best) <= 3) else []


# -- an update, a document at a time ----------------------------------------------------------------------------


def update_links(db, new: dict[str, dict], gone: set[str], load: Callable[[str], Document | None]) -> bool:
    """Change the connections in a store (:mod:`.linkstore`: a copy of the previous generation's) for the
    documents whose profile is new (``new``: added, read again, made again) or gone: the pairs with one of them
    are compared again, the references that could find one of them resolved again, the groups that hold one
    of them and the citations of what those touch made again. Every pair's relation depends on its two
    documents alone, so the result is what :func:`connect` gives for all the documents (see
    tests/test_connections.py). False, with the profiles written, when the change reaches further (a band's
    bucket of copies crossed ``_BUCKET_CAP``): then every pair is compared again (:func:`.linkstore.store_all`)."""
    import json

    from . import linkstore as ls

    before = ls.Profiles(db)
    changed = set(new) | set(gone)
    old = {d: before.get(d) for d in sorted(changed)}
    for d in gone:
        ls.drop_profile(db, d)
    for d, p in new.items():
        ls.put_profile(db, d, p)
    profiles = ls.Profiles(db, new)
    ids, sigs = ls.signatures(db)
    then = [signature(p) for p in old.values() if p is not None and comparable(p)]
    candidates = _candidates_with(ids, sigs, changed, then)
    if candidates is None:
        return False
    found: dict[tuple[str, str], dict] = {}
    _add_copies(found, _estimates(ids, sigs, profiles, candidates))
    days = {day for d in new if (day := new[d].get("date"))}
    same_day = {(min(d, other), max(d, other)) for day in days for other in profiles.on_day(day)
                for d in new if new[d].get("date") == day and other != d}
    profiles.many(d for pair in same_day for d in pair)
    _align_pairs(found, sorted(same_day), profiles, _loader(load))
    marks = ",".join("?" * len(changed))
    db.execute(f"DELETE FROM pairs WHERE a IN ({marks}) OR b IN ({marks})", [*changed, *changed])
    ls.put_pairs(db, found, profiles)
    regrouped = {kind: _regroup(db, kind, relations, changed, profiles)
                 for kind, relations in (("all", ("same text", "excerpt", "version")), ("copies", ("same text", "excerpt")))}
    again = _resolve_again(db, new, gone, old, profiles)
    # the citations of the documents whose references, group, or targets' best source may have changed
    cited = set(changed) | again | regrouped["all"]
    copies = sorted(regrouped["copies"])
    for i in range(0, len(copies), 500):
        chunk = copies[i:i + 500]
        cited.update(d for (d,) in db.execute(
            f"SELECT doc_id FROM resolved_targets WHERE target IN ({','.join('?' * len(chunk))})", chunk))
    group_of = _Groups(db)
    for d in sorted(cited):
        db.execute("DELETE FROM cites WHERE doc_id = ?", (d,))
        db.execute("DELETE FROM cited_by WHERE doc_id = ?", (d,))
        p = profiles.get(d)
        if p is None:
            continue
        references = p.get("references", ())
        mine = group_of("all", d) or (d,)
        entries = []
        for i, targets in db.execute("SELECT ref, targets FROM resolved WHERE doc_id = ? ORDER BY ref", (d,)).fetchall():
            best = dict.fromkeys((group_of("copies", t) or (t,))[0] for t in json.loads(targets))
            shown = [t for t in best if t != d and t not in mine][:5]
            if shown:
                entries.append({"ref": i, "targets": shown, "reference": references[i]})
        ls.put_cites(db, d, entries)
    return True


def _candidates_with(ids: list[str], sigs, changed: set[str], then: list) -> set[tuple[int, int]] | None:
    """The candidate pairs of copies (positions in ``ids``) with a changed document: those sharing a band's
    bucket of at most ``_BUCKET_CAP`` documents with it. None when a pair of unchanged documents would be a
    candidate now and not before, or the other way (a bucket they share crossed the cap with the changed
    documents, ``then`` their signatures before): every pair is estimated again then."""
    import numpy as np

    keys = np.ascontiguousarray(sigs).view(np.uint64)  # each band's two 32-bit rows as one key
    position = {d: i for i, d in enumerate(ids)}
    mine = sorted(position[d] for d in changed if d in position)
    mine_set = set(mine)
    before = [np.ascontiguousarray(s).view(np.uint64) for s in then]
    candidates: set[tuple[int, int]] = set()
    for i in mine:  # its text's other copies, whatever the buckets (_identical)
        candidates.update((min(i, j), max(i, j)) for j in np.flatnonzero((keys == keys[i]).all(axis=1)).tolist() if j != i)
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")  # a bucket's members: a run of the sorted keys, in id order
        ordered = column[order]
        now: dict[int, int] = {}
        for i in mine:
            now[int(column[i])] = now.get(int(column[i]), 0) + 1
        earlier: dict[int, int] = {}
        for k in before:
            earlier[int(k[band])] = earlier.get(int(k[band]), 0) + 1
        for key in now.keys() | earlier.keys():
            lo, hi = np.searchsorted(ordered, np.uint64(key), "left"), np.searchsorted(ordered, np.uint64(key), "right")
            unchanged = int(hi - lo) - now.get(key, 0)
            if unchanged >= 2 and (unchanged + earlier.get(key, 0) <= _BUCKET_CAP) != (hi - lo <= _BUCKET_CAP):
                return None
            if key in now and 1 < hi - lo <= _BUCKET_CAP:
                members = order[lo:hi].tolist()
                for i in members:
                    if i in mine_set:
                        candidates.update((min(i, j), max(i, j)) for j in members if j != i)
    return candidates


def _regroup(db, kind: str, relations: tuple[str, ...], changed: set[str], profiles) -> set[str]:
    """Make again the groups (of ``kind``: joined by ``relations``) that held or now hold a changed document;
    the documents whose group may have changed."""
    from .linkstore import copies_of, drop_groups, group_of, put_groups

    held: set[str] = set()
    for d in changed:
        held.update(group_of(db, kind, d) or ())
    marks = ",".join("?" * len(relations))
    seen: set[str] = set()
    components = []
    for start in sorted(held | changed):
        if start in seen:
            continue
        seen.add(start)
        component, todo = [start], [start]
        while todo:
            x = todo.pop()
            linked = [y for (y,) in db.execute(f"SELECT b FROM pairs WHERE a = ? AND relation IN ({marks}) UNION "
                                               f"SELECT a FROM pairs WHERE b = ? AND relation IN ({marks})",
                                               (x, *relations, x, *relations))]
            for y in [*linked, *(copies_of(db, x) if IDENTICAL["relation"] in relations else ())]:
                if y not in seen:
                    seen.add(y)
                    component.append(y)
                    todo.append(y)
        if len(component) > 1:
            components.append(component)
    drop_groups(db, kind, held | seen)
    profiles.many(seen)

    def order(d: str):
        p = profiles.get(d, {})
        return (_FORMAT_ORDER.get(p.get("format", "text"), 5), -p.get("characters", 0), d)

    put_groups(db, kind, [sorted(c, key=order) for c in components])
    return held | seen


def _resolve_again(db, new: dict[str, dict], gone: set[str], old: dict[str, dict | None], profiles) -> set[str]:
    """Resolve the references of the new profiles, and those of the others that look documents up by something
    a changed document has or had (its id, volume and number, a record number, its day, its volume); the
    documents whose references were resolved again."""
    import json

    from . import linkstore as ls

    touched: set[tuple] = set()
    for d, before in old.items():
        if before is not None and d in new and _found_as(before) == _found_as(new[d]):
            continue  # read again, but found by the same: no other document's reference finds anything new
        for p in (before, new.get(d)):
            touched |= _lookup_keys_of(d, p) if p is not None else {("doc", d)}
    keys = sorted(ls.key_text(k) for k in touched)
    again: dict[str, set[int]] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        for d, ref in db.execute(f"SELECT doc_id, ref FROM lookups WHERE key IN ({','.join('?' * len(chunk))})", chunk):
            if d not in new and d not in gone:
                again.setdefault(d, set()).add(ref)
    for d in [*new, *gone]:
        for table in ("resolved", "lookups"):
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (d,))
    index = _StoredIndex(db, profiles)
    for d, p in new.items():
        for i, ref in enumerate(p.get("references", ())):
            db.executemany("INSERT OR IGNORE INTO lookups VALUES (?, ?, ?)",
                           ((ls.key_text(k), d, i) for k in _lookups(ref, p)))
            targets = _targets(ref, d, p, profiles, index)
            if targets:
                db.execute("INSERT INTO resolved VALUES (?, ?, ?)", (d, i, ls.dumps(targets)))
    for d, refs in again.items():
        p = profiles[d]
        for i in sorted(refs):
            db.execute("DELETE FROM resolved WHERE doc_id = ? AND ref = ?", (d, i))
            targets = _targets(p["references"][i], d, p, profiles, index)
            if targets:
                db.execute("INSERT INTO resolved VALUES (?, ?, ?)", (d, i, ls.dumps(targets)))
    for d in {*new, *gone, *again}:
        db.execute("DELETE FROM resolved_targets WHERE doc_id = ?", (d,))
        db.executemany("INSERT OR IGNORE INTO resolved_targets VALUES (?, ?)",
                       ((t, d) for (targets,) in db.execute("SELECT targets FROM resolved WHERE doc_id = ?", (d,))
                        for t in json.loads(targets)))
    return set(again)


class _StoredIndex:
    """:class:`_ReferenceIndex` read from a store's columns, a lookup at a time."""

    def __init__(self, db, profiles):
        self.db = db
        self.by_volume = _Lookup(lambda key: next(iter(db.execute(
            "SELECT doc_id FROM profiles WHERE volume = ? AND number = ? AND number != '' ORDER BY doc_id DESC "
            "LIMIT 1", key).fetchall()), (None,))[0])
        self.by_identifier = _Lookup(lambda key: [d for (d,) in db.execute(
            "SELECT doc_id FROM identifiers WHERE kind = ? AND number = ? ORDER BY doc_id", key)] or None)
        self.by_day = _Lookup(lambda day: profiles.on_day(day) or None)
        self.profiles = profiles

    def pages(self, volume: str, lo: int, hi: int) -> list[str]:
        return [d for (d,) in self.db.execute(
            "SELECT doc_id FROM profiles WHERE volume = ? AND first_page IS NOT NULL AND first_page <= ? AND "
            "? <= last_page ORDER BY first_page, doc_id", (volume, hi, lo))]


class _Lookup:
    """A dict's ``get`` over a query (None: not there)."""

    def __init__(self, find: Callable):
        self.find = find
        self.found: dict = {}

    def get(self, key, default=None):
        if key not in self.found:
            self.found[key] = self.find(key)
        value = self.found[key]
        return default if value is None else value


class _Groups:
    """Each document's group of a kind in a store (None: in none), read once."""

    def __init__(self, db):
        self.db = db
        self.found: dict[tuple[str, str], tuple[str, ...] | None] = {}

    def __call__(self, kind: str, doc_id: str) -> tuple[str, ...] | None:
        from .linkstore import group_of

        key = (kind, doc_id)
        if key not in self.found:
            found = group_of(self.db, kind, doc_id)
            self.found[key] = tuple(found) if found is not None else None
        return self.found[key]
