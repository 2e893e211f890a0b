"""More like this: the passages and documents most like a given document or passage, from the index's own
statistics, explained by the words and names they share.

The source's most distinctive words are its query: each index term of its text, weighted by how often the
source uses it (dampened: 1 + log tf) times how rare it is in the index (idf), names (capitalised words
that do not open a sentence) counting ``NAME_WEIGHT`` times; the ``TERMS`` heaviest, OR-ed with those
weights as boosts, are ranked by the index's BM25F like any query, under the same filters as ``search``.
A document's score is the sum of its best ``DOCUMENT_PASSAGES`` passages' (a letter that answers another
is like it in several places, a passing mention in one); the source itself and its copies are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from ..model import Document, RelatedResults
from .hits import make_hit
from .run import build_filter

TERMS = 30
NAME_WEIGHT = 1.5
DOCUMENT_PASSAGES = 3
_MAX_SHARE = 0.25  # a term in more than this share of the passages says nothing about what a text is about


def distinctive_terms(reader, text: str, names: set[str] = frozenset(), own: Counter | None = None) -> list[tuple[str, float]]:
    """The index terms of ``text`` that best tell what it is about, heaviest first: (term, weight). ``own``
    counts the passages of the source itself that hold each term: a term no other passage holds finds nothing."""
    from ..analysis.stemming import word_terms

    counts: Counter = Counter()
    for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text):
        if len(word) < 3:
            continue
        terms = word_terms(word)
        counts[terms[0]] += 1
        if word in names:
            counts[("name", terms[0])] += 1
    n = max(1, reader.doc_count())
    weighted = []
    for term, tf in counts.items():
        if isinstance(term, tuple):
            continue
        df = reader.doc_frequency("body", term) - (own or {}).get(term, 0)
        if df <= 0 or df / n > _MAX_SHARE:
            continue
        weight = (1 + math.log(tf)) * math.log(1 + n / df)
        if counts.get(("name", term)):
            weight *= NAME_WEIGHT
        weighted.append((term, weight))
    weighted.sort(key=lambda tw: (-tw[1], tw[0]))
    return weighted[:TERMS]


def source_names(text: str) -> set[str]:
    """The capitalised words of a text that do not open a sentence: its names."""
    out = set()
    for m in re.finditer(r"(?<![.!?:;]\s)(?<!^)\b([A-ZА-ЯЁ][^\W\d_]{2,})", text, re.MULTILINE):
        out.add(m.group(1))
    return out


# BM25 of the distinctive words of the source over each passage: long passages that share many of them count
RELATED_K1, RELATED_B = 1.2, 0.75


def related(searcher, doc: Document, paragraph: int | None = None, *, limit: int = 10, per_doc: int = 1,
            exclude: tuple[str, ...] = (), date_from=None, date_to=None, classification=(), language=(),
            doc_filter=(), vocabulary=None) -> RelatedResults:
    """The passages most like ``doc`` (or its paragraph ``paragraph``), at most ``per_doc`` of one document
    (0: no limit), documents ordered by the sum of their best passages' scores (each hit's ``score``); each
    hit's ``shared`` says what it shares."""
    from whoosh import query as wq

    from ..query.columns import column_values, documents_in

    if paragraph is None:
        text = "\n".join([doc.title, doc.subtitle, *(p.text for p in doc.paragraphs), *(f.text for f in doc.footnotes)])
        label = doc.doc_id
    else:
        p = doc.paragraphs[paragraph - 1]
        notes = [f.text for f in doc.footnotes if f.number in p.footnotes]
        text = "\n".join([p.text, *notes])
        label = doc.passage_id(paragraph)
    reader = searcher.reader()
    from ..analysis.stemming import word_terms

    own: Counter = Counter()
    for p in doc.paragraphs:
        own.update({t for w in re.findall(r"[^\W\d_]+", p.text) for t in word_terms(w)})
    terms = distinctive_terms(reader, text, source_names(text), own)
    if not terms:
        return RelatedResults(label, (), 0, 0, (), (f"{label} has no words distinctive enough to look for",))
    query = wq.Or([wq.Term(field, term, boost=weight) for term, weight in terms for field in ("body", "footnote")])
    user_filter = build_filter(date_from, date_to, classification, language, doc_filter)
    left_out = wq.Not(documents_in({doc.doc_id, *exclude}))
    # its own weighting: the passage ranking's (short passages, few query words) is not a document likeness
    from whoosh.scoring import BM25F
    from whoosh.searching import Searcher

    likeness = Searcher(reader, weighting=BM25F(B=RELATED_B, K1=RELATED_K1), closereader=False)
    found = likeness.search(query, limit=None, filter=left_out if user_filter is None else wq.And([user_filter, left_out]))
    doc_ids = column_values(reader, "doc_id")
    passages: dict[str, list[tuple[float, int]]] = {}
    for score, docnum in found.top_n:
        passages.setdefault(doc_ids[docnum], []).append((score, docnum))
    doc_score = {d: sum(sorted((s for s, _ in found_passages), reverse=True)[:DOCUMENT_PASSAGES])
                 for d, found_passages in passages.items()}
    chosen: list[tuple[float, int]] = []
    for d in sorted(passages, key=lambda d: (-doc_score[d], d)):
        # each hit scores as its document does: the documents are what is ranked
        chosen.extend((doc_score[d], docnum) for _, docnum in
                      sorted(passages[d], key=lambda sd: (-sd[0], sd[1]))[:per_doc or None])
        if len(chosen) >= limit:
            break
    chosen = chosen[:limit]
    weights = dict(terms)
    forms = vocabulary() if vocabulary else {}
    hits = []
    for rank, (score, docnum) in enumerate(chosen, 1):
        stored = searcher.stored_fields(docnum)
        hit = make_hit(rank, score, stored, {"body": set(weights), "footnote": set(weights)}, searcher, 0,
                       more=len(passages[stored["doc_id"]]) - sum(1 for _, d in chosen if doc_ids[d] == stored["doc_id"]))
        hits.append(replace(hit, shared=tuple(_form(t, forms) for t in _shared(stored, weights))))
    return RelatedResults(label, tuple(_form(t, forms) for t, _ in terms), len(found.top_n), len(passages), tuple(hits))


def _shared(stored: dict, weights: dict[str, float]) -> list[str]:
    """The source's terms a passage holds (its text and notes), heaviest first."""
    import json

    from ..analysis.stemming import word_terms

    meta = json.loads(stored["meta"])
    text = stored["body"] + "\n" + "\n".join(n["text"] for n in meta.get("footnotes", ()))
    held = {t for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text) for t in word_terms(w)}
    return sorted((t for t in weights if t in held), key=lambda t: -weights[t])


def _form(term: str, forms: dict) -> str:
    """The word form the documents use most for an index term (``vocabulary.json``), else the term."""
    found = forms.get(term)
    return found[0] if found else term
