"""More like this: the documents (and their passages) most like a given document or passage, ranked by what a
historian weighs, each explained by what it shares with the source.

A candidate document's likeness to the source is

    (words + SUBJECTS x subjects) x time + CITATION x citation

- **words**: the source's most distinctive words and names (each index term of its text weighted by how
  often the source uses it, 1 + log tf, times how rare it is among the *documents*, idf; names, capitalised
  words that do not open a sentence, ``NAME_WEIGHT`` times; function words ("the", "have", "would"), terms
  in more than a quarter of the documents or of the passages, or in none but the source and its copies,
  left out; the ``TERMS`` heaviest kept) scored by BM25 against each *whole
  document* (its passages' and notes' words together, its length normalised), not as a sum of passage
  scores: a long letter that answers the source point by point outranks one paragraph that happens to use
  the same words. For a passage as the source, against each passage (a document scores as its best one).
- **subjects**: where the edition has a back-of-book index (``Paragraph.subjects``: the editors' headings
  for the page each paragraph is on), the cosine of the two documents' heading profiles: each heading and
  the headings above it ("Cuban missile crisis" above "Cuban missile crisis: Turkish missile quid pro quo"),
  with and without its "..., Khrushchev on" attribution, weighted by the share of paragraphs carrying it and
  by its rarity among the documents.
- **time**: a letter is most like the letters just before and after it on the same subject, so the likeness
  of words and subjects is weighted by nearness in time: ``FAR + (1 - FAR) / (1 + days / MONTH)`` (1 on
  the same day, about 0.65 a month apart, ``FAR`` years apart; ``FAR`` when either is undated).
- **citation**: the document cites the source, or the source cites it (what was resolved at build time,
  ``links.sqlite``: "See Document 66", "your letter of October 27"), or they are records of the same protocol
  or file (an extract of a session's decisions and its working notes): 1; a third document cites both, or
  both cite a third: ``INDIRECT``.

Words and subjects are each divided by the best candidate's, so each counts up to 1. The source and its
copies are left out, and of a group of copies or versions only the likest is shown (the API lists the
others under it, "also in"); the filters of ``search`` choose among the ranked documents (they never change
the order of those they keep).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from datetime import date

from ..model import Document, Link, RelatedResults, iso_span
from .hits import make_hit, passage_fields
from .run import build_filter

TERMS = 40
NAME_WEIGHT = 1.5
SUBJECTS = 0.5
CITATION = 0.5
INDIRECT = 0.5
MONTH = 30.0  # days
FAR = 0.3
_MAX_SHARE = 0.25  # a term in more than this share of the documents (or passages) says little of what a text is about
_FIELDS = ("body", "footnote")  # a passage's words and the notes it cites
# BM25 of the source's distinctive words over a whole document (or a passage): its own weighting, the
# passage ranking's (tuned for short passages and short queries) is not a likeness of documents
RELATED_K1, RELATED_B = 1.2, 0.75
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def source_names(text: str) -> set[str]:
    """The capitalised words of a text that do not open a sentence: its names."""
    out = set()
    for m in re.finditer(r"(?<![.!?:;]\s)(?<!^)\b([A-ZА-ЯЁ][^\W\d_]{2,})", text, re.MULTILINE):
        out.add(m.group(1))
    return out


def related(index, doc: Document, paragraph: int | None = None, *, limit: int = 10, per_doc: int = 1,
            exclude: tuple[str, ...] = (), links=None, subjects: Subjects | None = None, date_from=None,
            date_to=None, classification=(), language=(), doc_filter=(), vocabulary=None,
            catalog=None) -> RelatedResults:
    """The documents most like ``doc`` (or its paragraph ``paragraph``), each as its passages most like it (at
    most ``per_doc``; 0: every one that shares a word), in the order of the documents' likeness (each hit's
    ``score``). ``index`` is the passages seen document by document (:func:`whoosh_index` of a searcher, or a
    Solr collection's, solr/related.py: the same interface). ``links`` (:class:`~.links.Links`) and
    ``subjects`` (:class:`Subjects`) are the index's citations and index headings; ``catalog`` the catalog
    entries (dates) of its documents (by default ``links.documents``); each hit says what it shares
    (``shared``, ``shared_subjects``, ``link``)."""
    if paragraph is None:
        text = "\n".join([doc.title, doc.subtitle, *(p.text for p in doc.paragraphs), *(f.text for f in doc.footnotes)])
        label = doc.doc_id
    else:
        p = doc.paragraphs[paragraph - 1]
        text = "\n".join([p.text, *(f.text for f in doc.footnotes if f.number in p.footnotes)])
        label = doc.passage_id(paragraph)
    left_out = {doc.doc_id, *exclude}
    copies = links.copies if links is not None else {}
    # documents are counted as texts: a cable released twice, a page and its PDF, count once
    texts = index.documents - sum(len(g) - 1 for g in set(copies.values()))

    def idf(term: str) -> float:
        df = len({copies.get(d, d) for d in index.documents_with(term) - left_out})
        return math.log(1 + (texts - df + 0.5) / (df + 0.5)) if df else 0.0

    terms = _distinctive_terms(index, text, left_out, copies, texts)
    weights = dict(terms)

    # words: BM25 over whole documents (a document source) and over passages (to show, or a passage source)
    passage_score: Counter = Counter()
    document_words: dict[str, Counter] = {}  # doc -> term -> tf
    for term, _ in terms:
        for docnum, tf in index.postings(term).items():
            d = index.doc_ids[docnum]
            if d in left_out:
                continue
            passage_score[docnum] += weights[term] * index.passage_idf(term) * _saturated(
                tf, index.lengths[docnum] / index.mean_passage)
            words = document_words.setdefault(d, Counter())
            words[term] += tf

    subject_score, shared_subjects = {}, {}
    if subjects is not None:
        mine = subjects.of_paragraph(doc.paragraphs[paragraph - 1]) if paragraph else subjects.vector(doc.doc_id)
        subject_score, shared_subjects = subjects.similar(mine, left_out)
    citation = _citations(links, doc, paragraph, left_out) if links is not None else {}
    # every candidate's passages and length (a backend that reads them as asked, reads them now)
    index.load_documents(set(document_words) | set(subject_score) | set(citation))

    contribution: dict[str, Counter] = {}  # doc -> term -> its part of the document's words score
    if paragraph is None:
        for d, words in document_words.items():
            norm = index.document_lengths[d] / index.mean_document
            contribution[d] = Counter({t: weights[t] * idf(t) * _saturated(tf, norm) for t, tf in words.items()})
        word_score = {d: sum(c.values()) for d, c in contribution.items()}
    else:
        word_score = {}
        for docnum, score in passage_score.items():
            d = index.doc_ids[docnum]
            word_score[d] = max(word_score.get(d, 0.0), score)

    day = (doc.date.start, doc.date.end) if doc.date else None
    if catalog is None and links is not None:
        catalog = links.documents
    best_words = max(word_score.values(), default=0.0) or 1.0
    best_subjects = max(subject_score.values(), default=0.0) or 1.0
    likeness: dict[str, float] = {}
    for d in set(word_score) | set(subject_score) | set(citation):
        alike = word_score.get(d, 0.0) / best_words + SUBJECTS * subject_score.get(d, 0.0) / best_subjects
        theirs = iso_span(catalog.get(d, {}).get("date")) if catalog is not None else None
        likeness[d] = alike * _nearness(day, theirs) + CITATION * (citation[d][0] if d in citation else 0.0)

    allowed = index.allowed(date_from, date_to, classification, language, doc_filter)
    passages_of = index.passages_of
    matching = {d: [n for n in passages_of.get(d, ()) if passage_score.get(n) and (allowed is None or n in allowed)]
                for d in likeness}
    ranked = [d for d in sorted(likeness, key=lambda d: (-likeness[d], d))
              if allowed is None or any(n in allowed for n in passages_of.get(d, ()))]
    if not ranked:
        return RelatedResults(label, tuple(_form(t, None) for t, _ in terms), 0, 0, (),
                              (f"{label} has no words, subjects or citations that lead to another document",),
                              date=doc.date.iso if doc.date else None)
    paragraphs = index.paragraphs
    chosen: list[tuple[str, int, int]] = []  # (document, passage, how many more of it match)
    groups_shown: set[tuple[str, ...]] = set()
    for d in ranked:
        if len(chosen) >= limit:
            break
        group = links.copies.get(d) if links is not None else None
        if group:  # one document per group of copies and versions: the others are "also in"
            if group in groups_shown:
                continue
            groups_shown.add(group)
        found = sorted(matching[d], key=lambda n: (-passage_score[n], paragraphs[n]))
        cited_in = citation[d][2] if d in citation else None
        if not found:  # like it by its subjects or citations alone: the paragraph that cites, else the first
            found = sorted((n for n in passages_of.get(d, ()) if allowed is None or n in allowed),
                           key=lambda n: (paragraphs[n] != cited_in, paragraphs[n]))[:1]
        shown = found[:per_doc] if per_doc else found
        chosen += [(d, docnum, len(matching[d]) - len(shown)) for docnum in shown[:limit - len(chosen)]]
    stored_of = index.stored([docnum for _, docnum, _ in chosen])
    forms = vocabulary() if vocabulary else None
    hits = []
    for d, docnum, more in chosen:
        stored = stored_of[docnum]
        hit = make_hit(len(hits) + 1, likeness[d], stored, {f: set(weights) for f in _FIELDS}, index.searcher, 0,
                       more=more, docnum=docnum)
        if paragraph is None:
            shared = [t for t, _ in contribution.get(d, Counter()).most_common()]
        else:
            shared = _shared(stored, weights)
        hits.append(replace(hit, shared=tuple(_form(t, forms) for t in shared),
                            shared_subjects=shared_subjects.get(d, ()),
                            link=citation[d][1] if d in citation else None))
    total = sum(len(m) for d, m in matching.items() if d in set(ranked))
    return RelatedResults(label, tuple(_form(t, forms) for t, _ in terms), total, len(ranked), tuple(hits),
                          date=doc.date.iso if doc.date else None)


def _saturated(tf: float, length_ratio: float) -> float:
    return tf * (RELATED_K1 + 1) / (tf + RELATED_K1 * (1 - RELATED_B + RELATED_B * length_ratio))


def _distinctive_terms(index: _Index, text: str, left_out: set[str], copies: dict, texts: int) -> list[tuple[str, float]]:
    """The index terms of ``text`` that best tell what it is about, heaviest first: (term, weight)."""
    from ..analysis.languages import FUNCTION_WORDS, QUERY_FUNCTION_WORDS
    from ..analysis.stemming import word_terms

    function_words = QUERY_FUNCTION_WORDS.union(*FUNCTION_WORDS.values())
    names = source_names(text)
    counts: Counter = Counter()
    named: set[str] = set()
    for word in _WORD.findall(text):
        if len(word) < 3 or word.lower() in function_words:
            continue
        term = word_terms(word)[0]
        counts[term] += 1
        if word in names:
            named.add(term)
    # first by rarity among the passages (one number each, from the term index), then by the documents
    # the heaviest of them are in (their postings)
    passages = max(1, index.passage_count)
    frequencies = index.frequencies(counts)
    rough = sorted(((t, (1 + math.log(tf)) * math.log(1 + passages / df)) for t, tf in counts.items()
                    if (df := frequencies.get(t, 0))),
                   key=lambda tw: (-tw[1], tw[0]))[:3 * TERMS]
    index.load([t for t, _ in rough])
    weighted = []
    for term, _ in rough:
        df = len({copies.get(d, d) for d in index.documents_with(term) - left_out})
        # (a term in one other text tells them apart however few texts there are)
        if df == 0 or (df > 1 and df / texts > _MAX_SHARE) or len(index.postings(term)) / passages > _MAX_SHARE:
            continue
        weight = (1 + math.log(counts[term])) * math.log(1 + texts / df)
        weighted.append((term, weight * NAME_WEIGHT if term in named else weight))
    weighted.sort(key=lambda tw: (-tw[1], tw[0]))
    return weighted[:TERMS]


def whoosh_index(searcher) -> _Index:
    """The embedded index's passages seen document by document, for :func:`related`."""
    view = _Index.of(searcher.reader())
    view.searcher = searcher
    return view


class _Index:
    """The passage index seen document by document: each term's passages and how often each holds it, the
    length of each passage and document, and their counts. Kept per reader (its segments never change).

    What :func:`related` asks of an index (solr/related.py answers the same for a collection): the number
    of documents and live passages, each term's passages (``postings``, ``documents_with``), each passage's
    document, paragraph and length, each document's passages and length, their means, the terms' frequencies
    (``frequencies``), the passages the filters keep (``allowed``), the stored fields of the passages shown
    (``stored``), and ``load``/``load_documents`` (what is read on demand is read in one go)."""

    searcher = None

    _cache: dict = {}

    @classmethod
    def of(cls, reader) -> _Index:
        """The view of ``reader``'s segments: what is computed of them is shared, the reader is this caller's
        (another thread's may be closed while this one reads)."""
        import copy

        # (live passages too: an update or delete() marks passages of a kept segment deleted)
        key = tuple((r.segment().segment_id(), r.doc_count_all(), r.doc_count()) for r, _ in reader.leaf_readers())
        found = cls._cache.get(key)
        if found is None:
            if len(cls._cache) > 8:
                cls._cache.clear()
            found = cls._cache[key] = cls(reader)
            found.reader = None  # the views carry theirs
        view = copy.copy(found)
        view.reader = reader
        return view

    def __init__(self, reader):
        from ..query.columns import column_values

        self.reader = reader
        self.doc_ids = column_values(reader, "doc_id")
        live = [n for n in range(len(self.doc_ids)) if not reader.has_deletions() or not reader.is_deleted(n)]
        self.live = live
        self.lengths = [0] * len(self.doc_ids)
        self.document_lengths: Counter = Counter()
        for n in live:
            self.lengths[n] = sum(reader.doc_field_length(n, f, 0) or 0 for f in _FIELDS)
            self.document_lengths[self.doc_ids[n]] += self.lengths[n]
        self.documents = max(1, len(self.document_lengths))
        self.passage_count = len(live)
        self.mean_passage = max(1.0, sum(self.lengths) / max(1, len(live)))
        self.mean_document = max(1.0, sum(self.document_lengths.values()) / self.documents)
        self._postings: dict[str, dict[int, int]] = {}
        self.passages_of: dict[str, list[int]] = {}
        for n in live:
            self.passages_of.setdefault(self.doc_ids[n], []).append(n)
        self.paragraphs = list(reader.column_reader("paragraph"))

    def postings(self, term: str) -> dict[int, int]:
        """passage -> how often it holds ``term`` (in its text or its notes)."""
        found = self._postings.get(term)
        if found is None:
            found = {}
            for field in _FIELDS:
                if (field, term) not in self.reader:
                    continue
                m = self.reader.postings(field, term)
                while m.is_active():
                    found[m.id()] = found.get(m.id(), 0) + int(m.value_as("frequency"))
                    m.next()
            if len(self._postings) > 5000:
                self._postings.clear()
            self._postings[term] = found
        return found

    def documents_with(self, term: str) -> set[str]:
        return {self.doc_ids[n] for n in self.postings(term)}

    def passage_idf(self, term: str) -> float:
        df = len(self.postings(term))
        return math.log(1 + (self.passage_count - df + 0.5) / (df + 0.5))

    def frequencies(self, terms) -> dict[str, int]:
        """term -> how many passages hold it in their text plus how many in their notes (the term index's
        numbers), for the terms held."""
        reader = self.reader
        return {t: n for t in terms if (n := reader.doc_frequency("body", t) + reader.doc_frequency("footnote", t))}

    def load(self, terms) -> None:
        """Nothing to read ahead: the postings are read as asked."""

    def load_documents(self, doc_ids) -> None:
        """Nothing to read ahead: every document's passages are known."""

    def allowed(self, date_from, date_to, classification, language, doc_filter) -> set[int] | None:
        """The passages the filters keep (None: no filter)."""
        user_filter = build_filter(self.reader, date_from, date_to, classification, language, doc_filter)
        if user_filter is None:
            return None
        return set(self.searcher.docs_for_query(user_filter))

    def stored(self, docnums) -> dict[int, dict]:
        """The stored fields of these passages (:func:`~.hits.passage_fields`)."""
        return {n: passage_fields(self.searcher, n) for n in docnums}


# -- subjects: the edition's index headings -------------------------------------------------------------

_ATTRIBUTION = re.compile(r"[,:]\s*[^,:]{1,40}\son$")  # "..., Khrushchev on": whose view of the subject


def heading_features(heading: str) -> set[str]:
    """A heading and those above it, with and without its attribution: "Cuban missile crisis: Removal of
    Soviet weapons: Khrushchev on" -> itself, "Cuban missile crisis: Removal of Soviet weapons", "Cuban
    missile crisis"."""
    out = set()
    for h in {heading.strip(), _ATTRIBUTION.sub("", heading).strip()}:
        parts = [p.strip() for p in h.split(":") if p.strip()]
        out.update(": ".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


class Subjects:
    """The index headings of every document (from their profiles, ``links.sqlite``) as tf-idf vectors of
    heading features, for the cosine of two documents' subjects."""

    def __init__(self, profiles: dict[str, dict]):
        shares: dict[str, dict[str, float]] = {}
        for d, p in profiles.items():
            if p.get("subjects"):
                shares[d] = self._shares(p["subjects"], p.get("paragraphs") or 1)
        self.documents = max(1, len(profiles))
        df = Counter(f for v in shares.values() for f in v)
        self.idf = {f: math.log(self.documents / n) for f, n in df.items() if n < self.documents}
        self.vectors = {d: self._weighted(v) for d, v in shares.items()}
        self.with_feature: dict[str, list[str]] = {}
        for d, v in self.vectors.items():
            for f in v:
                self.with_feature.setdefault(f, []).append(d)

    @staticmethod
    def _shares(headings: dict[str, int], paragraphs: int) -> dict[str, float]:
        carried: Counter = Counter()
        for heading, n in headings.items():
            for f in heading_features(heading):
                carried[f] = max(carried[f], n)  # a parent heading is carried where any of its children is
        return {f: min(1.0, n / paragraphs) for f, n in carried.items()}

    def _weighted(self, shares: dict[str, float]) -> dict[str, float]:
        v = {f: s * self.idf[f] for f, s in shares.items() if f in self.idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {f: x / norm for f, x in v.items()}

    def vector(self, doc_id: str) -> dict[str, float]:
        return self.vectors.get(doc_id, {})

    def of_paragraph(self, paragraph) -> dict[str, float]:
        return self._weighted(self._shares(Counter(paragraph.subjects), 1))

    def similar(self, mine: dict[str, float], left_out: set[str]) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
        """The cosine of each document that shares a heading with ``mine``, and the headings it shares (the
        most specific, without attributions, heaviest first: at most three)."""
        scores: Counter = Counter()
        for f, x in mine.items():
            for d in self.with_feature.get(f, ()):
                if d not in left_out:
                    scores[d] += x * self.vectors[d][f]
        shared = {}
        for d in scores:
            common = sorted((f for f in mine if f in self.vectors[d] and not _ATTRIBUTION.search(f)),
                            key=lambda f: (-mine[f] * self.vectors[d][f], f))
            leaves = [f for f in common if not any(g.startswith(f + ": ") for g in common)]
            shared[d] = tuple(leaves[:3])
        return dict(scores), shared


# -- citations and time ---------------------------------------------------------------------------------


def _citations(links, doc: Document, paragraph: int | None, left_out: set[str]) -> dict[str, tuple[float, Link, int | None]]:
    """doc -> (strength, the Link that says how it and the source cite each other, the paragraph of it
    that cites the source): it cites the source or is cited by it, or is a record of the same protocol or
    file, 1; cited with it, or citing what it cites, ``INDIRECT``. For a passage as the source, what that
    paragraph cites, and a record whose section (or aligned paragraph) it is counts twice."""
    from ..model import CrossReference

    out: dict[str, tuple[float, Link, int | None]] = {}
    source = doc.doc_id
    cites = [c for c in links.cites.get(source, ())
             if paragraph is None or c["reference"].get("paragraph") == paragraph]
    cited_by = [c for member in links.copies.get(source, (source,)) for c in links.cited_by.get(member, ())]

    def put(d: str, strength: float, link: Link, where: int | None = None) -> None:
        if d not in left_out and (d not in out or out[d][0] < strength):
            out[d] = (strength, link, where)

    # first: between equals, being the same protocol says more than citing it
    for link in links.connections(doc).records:  # the same protocol or file: the extract and the session's notes
        span = link.section_paragraphs if link.section_paragraphs and not link.passage_id else None
        here = paragraph is not None and (
            (span is not None and span[0] <= paragraph <= span[1]) or any(a == paragraph for a, _ in link.alignment))
        put(link.doc_id, 2.0 if here else 1.0, link)  # the passage is the part of the record the other one is
    for c in cites:
        ref = CrossReference.from_json(c["reference"])
        for t in c["targets"]:
            put(t, 1.0, links.link("cited by", source, reference=ref))
    citing: dict[str, list[CrossReference]] = {}
    for c in cited_by:
        citing.setdefault(c["from"], []).extend(CrossReference.from_json(x["reference"])
                                                for x in links.cites.get(c["from"], ()) if x["ref"] == c["ref"])
    for d, refs in citing.items():
        ref = min(refs, key=lambda r: bool(r.footnote), default=None)  # its own words before an editor's note
        put(d, 1.0, links.link("cites", source, reference=ref), ref.paragraph if ref else None)
    for c in cited_by:  # a third document that cites the source cites these too
        for x in links.cites.get(c["from"], ()):
            for t in x["targets"]:
                if t != source:
                    put(t, INDIRECT, links.link("cited with", c["from"]))
    for c in cites:  # documents that cite what the source cites
        for t in c["targets"]:
            for x in links.cited_by.get(t, ()):
                if x["from"] != source:
                    put(x["from"], INDIRECT, links.link("cites the same", t))
    return out


def _nearness(a: tuple[date, date] | None, b: tuple[date, date] | None) -> float:
    """How near in time two documents are: 1 on the same day (or overlapping spans), ``FAR`` far apart or
    when either is undated."""
    if a is None or b is None:
        return FAR
    days = max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)
    return FAR + (1 - FAR) / (1 + days / MONTH)


def _shared(stored: dict, weights: dict[str, float]) -> list[str]:
    """The source's terms a passage holds (its text and notes), heaviest first."""
    from ..analysis.stemming import word_terms

    meta = stored["meta"]
    text = stored["body"] + "\n" + "\n".join(n["text"] for n in meta.get("footnotes", ()))
    held = {t for w in _WORD.findall(text) for t in word_terms(w)}
    return sorted((t for t in weights if t in held), key=lambda t: -weights[t])


def _form(term: str, forms) -> str:
    """The word the documents write most for an index term (the words table, index.words), else the term."""
    return (forms.form_of_stem(term) if forms is not None else None) or term
