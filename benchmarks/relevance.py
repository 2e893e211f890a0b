"""Relevance evaluation: judged queries over the FRUS volume and the seeds, our engine against baselines.

    python benchmarks/relevance.py [--split dev|test|all] [--frus PATH] [--baseline RUN.json]
                                   [--json OUT] [--markdown OUT] [--solr URL]

Builds our index of the FRUS 1961-63 vol. VI TEI file plus ``seeds/`` in a temporary folder, indexes the very
same passages in plain whoosh and in SQLite FTS5, runs every judged query of ``relevance/queries.tsv`` (of the
chosen split) through each system and scores the top 10 against the judgements of ``relevance/qrels.tsv``
(grades 1 and 2) and ``relevance/judged0.tsv`` (passages read and judged not relevant): nDCG@10 (gains
2^grade - 1, log2 discount), MRR (first passage of grade >= 1), recall@10 and judged@10 (the share of the
top 10 that was judged at all: where it is low, the other figures are guesses). A paired randomisation test
compares our engine's nDCG@10 with each baseline's and with a saved run (``--baseline``).

Systems: ``search_engine`` (ours, ``engine.search(q, limit=10)``, default settings), SQLite FTS5 (porter
unicode61, bm25), bare whoosh BM25F (``QueryParser("body")``, its default AND group and OrGroup), and a
reference line: plain BM25 (K1=0.6, B=0.35, OR) over each passage's text with its footnotes appended. The
baselines get the words of a query: operators they do not share with us (``date:``, ``~``, ``title:``...)
are dropped, quoted phrases kept. Queries are split into ``dev`` (for whoever tunes the ranking) and
``test`` (for checking the tuning); per-query detail is printed for dev queries only.
Without the FRUS file, only the queries judged on the seeds are run, and the report says so. Queries that
have no judgement yet (see relevance_pool.py) are listed as pending and left out.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import random
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing the project
    sys.path.insert(0, str(ROOT))

HERE = Path(__file__).resolve().parent / "relevance"
QUERIES = HERE / "queries.tsv"
QRELS = HERE / "qrels.tsv"
JUDGED0 = HERE / "judged0.tsv"
SEEDS = ROOT / "seeds"
K = 10
SPLITS = ("dev", "test")
# The categories of queries asked as a historian types them; with no operator in them they are the
# "plain" kind, the measure that matters most (the others test one feature each: dates, notes, fuzzy...).
PLAIN_CATEGORIES = frozenset({"topical", "question", "later-name", "name", "event", "plain"})


def find_shared(start: Path = ROOT) -> Path:
    """The ``shared`` folder beside the project, or beside a folder that holds it (a worktree of it)."""
    for folder in start.parents:
        if (folder / "shared" / "corpora").is_dir():
            return folder / "shared"
    return start.parent / "shared"


DEFAULT_FRUS = find_shared() / "corpora" / "frus" / "frus1961-63v06.xml"


# ---------------------------------------------------------------- metrics (pure functions)

def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain of grades in rank order: sum of (2^g - 1) / log2(rank + 1)."""
    return sum((2 ** g - 1) / math.log2(rank + 1) for rank, g in enumerate(grades, 1))


def ndcg_at_k(ranking: Sequence[str], judgements: Mapping[str, int], k: int = K) -> float:
    """nDCG of the first ``k`` passages of ``ranking``; unjudged passages have grade 0."""
    ideal = dcg(sorted((g for g in judgements.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judgements.get(p, 0) for p in ranking[:k]]) / ideal


def reciprocal_rank(ranking: Sequence[str], judgements: Mapping[str, int]) -> float:
    """1 / rank of the first passage with grade >= 1, or 0 when there is none."""
    return next((1 / rank for rank, p in enumerate(ranking, 1) if judgements.get(p, 0) >= 1), 0.0)


def recall_at_k(ranking: Sequence[str], judgements: Mapping[str, int], k: int = K) -> float:
    """Share of the passages judged relevant (grade >= 1) that are in the first ``k``."""
    relevant = {p for p, g in judgements.items() if g >= 1}
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def judged_at_k(ranking: Sequence[str], judgements: Mapping[str, int], k: int = K) -> float | None:
    """Share of the first ``k`` passages that carry a judgement of any grade (None for an empty ranking)."""
    top = ranking[:k]
    return sum(1 for p in top if p in judgements) / len(top) if top else None


def score(ranking: Sequence[str], judgements: Mapping[str, int], k: int = K) -> dict[str, float]:
    """The three metrics of one ranking; a passage listed twice counts at its first rank only."""
    ranking = list(dict.fromkeys(ranking))
    return {"ndcg@10": ndcg_at_k(ranking, judgements, k), "rr": reciprocal_rank(ranking[:k], judgements),
            "recall@10": recall_at_k(ranking, judgements, k)}


def mean(values: Iterable[float | None]) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else 0.0


def permutation_test(ours: Sequence[float], other: Sequence[float], samples: int = 20_000,
                     seed: int = 0) -> dict:
    """Paired randomisation test of the mean difference ``ours - other`` (two-sided).

    Under the null hypothesis each query's pair of scores could as well be swapped, so the sign of each
    difference is flipped at random: the p-value is the share of sign assignments whose mean difference is
    at least as far from zero as the observed one. Up to 16 queries with a non-zero difference every
    assignment is enumerated (an exact p); beyond, ``samples`` random ones are drawn with a fixed seed and
    the observed assignment is counted in (p = (hits + 1) / (samples + 1)).
    """
    if len(ours) != len(other):
        raise ValueError("the two systems must be scored on the same queries")
    differences = [a - b for a, b in zip(ours, other)]
    nonzero = [d for d in differences if abs(d) > 1e-12]
    observed = abs(sum(nonzero))
    result = {"queries": len(differences), "better": sum(1 for d in nonzero if d > 0),
              "worse": sum(1 for d in nonzero if d < 0), "tied": len(differences) - len(nonzero),
              "mean_difference": sum(differences) / len(differences) if differences else 0.0}
    if not nonzero:
        return {**result, "p": 1.0, "exact": True}
    if len(nonzero) <= 16:
        hits = sum(1 for signs in itertools.product((1, -1), repeat=len(nonzero))
                   if abs(sum(s * d for s, d in zip(signs, nonzero))) >= observed - 1e-12)
        return {**result, "p": hits / 2 ** len(nonzero), "exact": True}
    rng = random.Random(seed)
    hits = sum(1 for _ in range(samples)
               if abs(sum(d if rng.random() < 0.5 else -d for d in nonzero)) >= observed - 1e-12)
    return {**result, "p": (hits + 1) / (samples + 1), "exact": False}


# ---------------------------------------------------------------- queries and judgements

class QrelsError(ValueError):
    """A line of the queries or qrels file that cannot be used, named by file and line."""


@dataclass(frozen=True)
class Query:
    query_id: str
    text: str
    category: str  # the note's text before the first colon: topical, question, later-name, name, phrase...
    note: str
    split: str = ""  # dev or test


@dataclass(frozen=True)
class Judgement:
    query_id: str
    doc_id: str
    fragment: str
    grade: int
    line: int  # line number in its file, for error messages
    source: str = "qrels.tsv"


def _rows(path: Path, columns: Sequence[int]):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in columns:
            expected = " or ".join(str(c) for c in columns)
            raise QrelsError(f"{path.name} line {number}: expected {expected} tab-separated fields, got {len(fields)}")
        yield number, [f.strip() for f in fields]


def _hash(query_id: str) -> str:
    return hashlib.sha256(query_id.encode("utf-8")).hexdigest()


def assign_splits(queries: Sequence[Query]) -> dict[str, str]:
    """A split for each query that has none, stratified by category and deterministic.

    Queries without a split are taken in the order of the SHA-256 of their id; each goes to the split
    that has fewer queries of its category so far (counting those already assigned), a tie to ``dev``
    when the hash's first hex digit is even. Recorded splits never move.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for q in queries:
        if q.split:
            counts[q.category][q.split] += 1
    assigned = {}
    for q in sorted((q for q in queries if not q.split), key=lambda q: _hash(q.query_id)):
        dev, test = counts[q.category]["dev"], counts[q.category]["test"]
        split = "dev" if dev < test else "test" if test < dev else SPLITS[int(_hash(q.query_id)[0], 16) % 2]
        counts[q.category][split] += 1
        assigned[q.query_id] = split
    return assigned


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The queries, in file order: id, query, note (category before the first colon) and split.

    A row without the fourth column (the split) gets one from ``assign_splits``.
    """
    queries, seen = [], set()
    for number, fields in _rows(path, (3, 4)):
        query_id, text, note = fields[:3]
        split = fields[3] if len(fields) == 4 else ""
        if query_id in seen:
            raise QrelsError(f"{path.name} line {number}: query id {query_id} used twice")
        if split and split not in SPLITS:
            raise QrelsError(f"{path.name} line {number}: split must be dev or test, not {split!r}")
        seen.add(query_id)
        category = note.split(":", 1)[0].strip() if ":" in note else "other"
        queries.append(Query(query_id, text, category, note, split))
    assigned = assign_splits(queries)
    return [Query(q.query_id, q.text, q.category, q.note, assigned[q.query_id]) if not q.split else q
            for q in queries]


def load_qrels(path: Path = QRELS, grades: Sequence[str] = ("1", "2")) -> list[Judgement]:
    """The judgements of one file; ``grades`` are the ones it may hold (qrels.tsv 1 and 2, judged0.tsv 0)."""
    judgements = []
    for number, (query_id, doc_id, fragment, grade) in _rows(path, (4,)):
        if grade not in grades:
            raise QrelsError(f"{path.name} line {number}: grade must be {' or '.join(grades)}, not {grade!r}")
        judgements.append(Judgement(query_id, doc_id, fragment, int(grade), number, path.name))
    return judgements


def load_judgements(qrels: Path = QRELS, judged0: Path = JUDGED0) -> list[Judgement]:
    """Every judgement: the relevant passages of ``qrels`` and the not-relevant ones of ``judged0``."""
    return load_qrels(qrels) + (load_qrels(judged0, grades=("0",)) if judged0.is_file() else [])


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def normalize(text: str) -> str:
    """Text as fragments are matched: NFKC, straight quotes, whitespace runs collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def paragraphs_matching(document, fragment: str) -> list:
    """The paragraphs of ``document`` that contain ``fragment``; when several do, the one that *is* the
    fragment (a short paragraph such as "Cde. Khrushchev" quoted whole) if there is exactly one."""
    fragment = normalize(fragment)
    found = [p for p in document.paragraphs if fragment in normalize(p.text)]
    whole = [p for p in found if normalize(p.text) == fragment]
    return whole if len(found) > 1 and len(whole) == 1 else found


def resolve(judgements: Iterable[Judgement], documents: Mapping[str, object]) -> dict[str, dict[str, int]]:
    """``{query_id: {passage_id: grade}}``: each fragment must occur in exactly one paragraph of its document.

    ``documents`` maps doc ids to ``Document`` objects. A fragment found in no paragraph or in several (see
    ``paragraphs_matching``), an unknown document, or two judgements of one passage for one query raise
    ``QrelsError`` naming the line.
    """
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for j in judgements:
        doc = documents.get(j.doc_id)
        if doc is None:
            raise QrelsError(f"{j.source} line {j.line}: no document {j.doc_id!r} in the index")
        found = paragraphs_matching(doc, j.fragment)
        if len(found) != 1:
            where = ", ".join(f"#p{p.number}" for p in found) or "no paragraph"
            raise QrelsError(f"{j.source} line {j.line} ({j.query_id}): fragment {j.fragment!r} matches "
                             f"{where} of {j.doc_id}; it must match exactly one")
        passage_id = doc.passage_id(found[0].number)
        if passage_id in qrels[j.query_id]:
            raise QrelsError(f"{j.source} line {j.line} ({j.query_id}): {passage_id} is judged twice")
        qrels[j.query_id][passage_id] = j.grade
    return dict(qrels)


def fragment_for(document, number: int) -> str:
    """A verbatim fragment of paragraph ``number`` that no other paragraph of the document contains.

    The earliest run of 8 words that is unique in the document (then runs of 10, 12, 15, 6 and 5 words);
    a paragraph of fewer than 5 words is its own fragment when ``paragraphs_matching`` finds it alone.
    """
    text = normalize(next(p.text for p in document.paragraphs if p.number == number))

    def unique(fragment: str) -> bool:
        return [p.number for p in paragraphs_matching(document, fragment)] == [number]

    words = text.split(" ")
    for length in (8, 10, 12, 15, 6, 5):
        for start in range(len(words) - length + 1):
            fragment = " ".join(words[start:start + length])
            if unique(fragment):
                return fragment
    if len(words) < 5 and unique(text):
        return text
    raise QrelsError(f"{document.passage_id(number)}: no fragment of 5-15 words identifies this paragraph alone")


def corpus_of(doc_id: str) -> str:
    """The corpus a judged document belongs to: "frus" (the TEI volume), "jfk" (the OCR'd JFK files, not
    indexed yet: their judgements are set aside) or "seeds"."""
    return "frus" if doc_id.startswith("frus") else "jfk" if doc_id.startswith("jfk_") else "seeds"


# ---------------------------------------------------------------- systems: search(query) -> passage ids

@dataclass(frozen=True)
class Passage:
    passage_id: str
    body: str
    footnotes: str = ""  # the texts of the footnotes the paragraph carries


class OurEngine:
    """search_engine.SearchEngine as users call it: ``engine.search(query, limit=10)``; ``per_doc`` None is
    the engine's own default grouping."""

    def __init__(self, engine, limit: int = K, per_doc: int | None = None):
        from search_engine.errors import SearchEngineError

        self.engine, self.limit = engine, limit
        self.options = {} if per_doc is None else {"per_doc": per_doc}
        self.name = "search_engine" if per_doc is None else f"search_engine_per_doc{per_doc}"
        self.label = "search_engine (ours)" if per_doc is None else f"search_engine (ours, per_doc={per_doc})"
        self.rejects = SearchEngineError  # a query it refuses (QueryError...) counts as no results

    def search(self, query: str) -> list[str]:
        return [hit.passage_id for hit in self.engine.search(query, limit=self.limit, snippets=False,
                                                              **self.options).hits]

    def close(self) -> None:
        pass


def build_whoosh_index(passages: Sequence[Passage], footnotes: bool = False):
    """A whoosh index in memory: ``passage_id`` (stored ID) and ``body`` (TEXT, StemmingAnalyzer); with
    ``footnotes`` the body is the passage text with its footnotes appended."""
    from whoosh import analysis, fields
    from whoosh.filedb.filestore import RamStorage

    schema = fields.Schema(passage_id=fields.ID(stored=True, unique=True),
                           body=fields.TEXT(analyzer=analysis.StemmingAnalyzer()))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for p in passages:
            writer.add_document(passage_id=p.passage_id, body=f"{p.body}\n{p.footnotes}" if footnotes else p.body)
    return index


_PHRASE = re.compile(r'"([^"]*)"(?:~\d+)?')
_FIELD_PREFIX = re.compile(r"\b[A-Za-z_]+:")
_OPERATORS = {"AND", "OR", "NOT", "TO"}


def query_parts(query: str) -> tuple[list[str], list[str]]:
    """The quoted phrases of a query and its other words, without our operators.

    A ``~N`` slop after a phrase is dropped; outside phrases, field prefixes (``title:``, ``date:``...) are
    dropped but their values kept as words, the upper-case operators AND OR NOT TO are dropped, and the
    words are ``\\w+`` runs (so ``IL-28`` gives ``IL`` and ``28``, and ``+ - ^2 ~ [ ] ( )`` fall away).
    """
    phrases = [phrase for phrase in _PHRASE.findall(query) if phrase.strip()]
    rest = _FIELD_PREFIX.sub(" ", _PHRASE.sub(" ", query))
    return phrases, [w for w in re.findall(r"\w+", rest) if w not in _OPERATORS]


_OPERATOR = re.compile(r'["~*?()\[\]]|\^\d|\b[A-Za-z_]+:|(?:^|\s)[+-]\S|\b(?:AND|OR|NOT|TO)\b')


def has_operators(query: str) -> bool:
    """Whether a query uses our syntax: quotes, fuzzy, wildcards, boosts, fields, +/-, Boolean operators."""
    return bool(_OPERATOR.search(query))


def query_kind(query: Query) -> str:
    """"plain" for a query of a plain category without operators, "feature" for the others."""
    return "plain" if query.category in PLAIN_CATEGORIES and not has_operators(query.text) else "feature"


def fts5_query(query: str) -> str:
    """Our query syntax turned into an FTS5 MATCH expression, minimally: the phrases and words of
    ``query_parts``, each quoted as an FTS5 string, OR-ed. A query with nothing left is ``""`` (no results)."""
    phrases, words = query_parts(query)
    return " OR ".join(['"' + phrase.replace('"', '""') + '"' for phrase in phrases] + [f'"{w}"' for w in words])


def whoosh_query(query: str) -> str:
    """The phrases (quoted) and words of ``query_parts``, as whoosh's QueryParser reads them."""
    phrases, words = query_parts(query)
    return " ".join([f'"{phrase}"' for phrase in phrases] + words)


class WhooshBaseline:
    """Plain whoosh: ``QueryParser("body", schema)`` with its default AND group or with OrGroup, default BM25F
    unless ``weighting`` says otherwise; it searches the words and phrases of the query (``whoosh_query``)."""

    def __init__(self, index, group: str, limit: int = K, weighting=None, name: str = "", label: str = ""):
        from whoosh import qparser

        self.name = name or f"whoosh_{group}"
        self.label = label or f"whoosh BM25F ({group.upper()})"
        self.limit = limit
        self.searcher = index.searcher(**({"weighting": weighting} if weighting else {}))
        grouping = qparser.OrGroup if group == "or" else qparser.AndGroup
        self.parser = qparser.QueryParser("body", index.schema, group=grouping)
        self.rejects = qparser.QueryParserError

    def search(self, query: str) -> list[str]:
        hits = self.searcher.search(self.parser.parse(whoosh_query(query)), limit=self.limit)
        return [hit["passage_id"] for hit in hits]

    def close(self) -> None:
        self.searcher.close()


def bm25_with_footnotes(passages: Sequence[Passage], limit: int = K) -> WhooshBaseline:
    """The reference line: plain BM25 (whoosh BM25F with K1=0.6, B=0.35), OR of the query's words, over each
    passage's text with the footnotes it carries appended."""
    from whoosh import scoring

    return WhooshBaseline(build_whoosh_index(passages, footnotes=True), "or", limit,
                          weighting=scoring.BM25F(B=0.35, K1=0.6), name="bm25_footnotes",
                          label="BM25 K1=0.6 B=0.35, text + footnotes (OR)")


class Fts5Baseline:
    """SQLite FTS5 with the porter + unicode61 tokenizer, ranked by ``bm25(p)`` (ties by insertion order)."""

    name = "fts5"
    label = "SQLite FTS5 bm25"
    rejects = sqlite3.OperationalError  # an FTS5 syntax error

    def __init__(self, passages: Sequence[Passage], limit: int = K):
        self.limit = limit
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(passage_id UNINDEXED, body, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO p (passage_id, body) VALUES (?, ?)",
                            [(p.passage_id, p.body) for p in passages])

    def search(self, query: str) -> list[str]:
        expression = fts5_query(query)
        if not expression:
            return []
        rows = self.db.execute("SELECT passage_id FROM p WHERE p MATCH ? ORDER BY bm25(p), rowid LIMIT ?",
                               (expression, self.limit))
        return [row[0] for row in rows]

    def close(self) -> None:
        self.db.close()


# ---------------------------------------------------------------- the corpus and the runs

@dataclass(frozen=True)
class Corpus:
    engine: object  # SearchEngine
    documents: dict  # doc_id -> Document, as the index returns them
    passages: tuple[Passage, ...]


def build_corpus(index_dir: Path, frus: Path | None) -> Corpus:
    """Our index of the FRUS volume (when given) and the seeds, and its passages in a fixed order."""
    from search_engine import SearchEngine

    engine = SearchEngine(index_dir)
    engine.index([frus, SEEDS] if frus else [SEEDS])
    documents = {info.doc_id: engine.document(info.doc_id) for info in engine.documents()}
    passages = []
    for doc_id in sorted(documents):
        doc = documents[doc_id]
        for p in doc.paragraphs:
            notes = " ".join(f.text for f in (doc.footnote(n) for n in p.footnotes) if f is not None)
            passages.append(Passage(doc.passage_id(p.number), p.text, notes))
    return Corpus(engine, documents, tuple(passages))


def evaluated_systems(corpus: Corpus, limit: int = K) -> list:
    """The systems this script scores: ours as users call it, the two baselines, the BM25 reference line."""
    whoosh_index = build_whoosh_index(corpus.passages)
    return [OurEngine(corpus.engine, limit), Fts5Baseline(corpus.passages, limit),
            WhooshBaseline(whoosh_index, "and", limit), WhooshBaseline(whoosh_index, "or", limit),
            bm25_with_footnotes(corpus.passages, limit)]


def run_system(system, queries: Sequence[Query]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Each query's ranking; a query the system rejects (``system.rejects``) gets an empty ranking and
    its error message."""
    rankings, errors = {}, {}
    for q in queries:
        try:
            rankings[q.query_id] = system.search(q.text)
        except system.rejects as error:
            rankings[q.query_id], errors[q.query_id] = [], f"{type(error).__name__}: {error}"
    return rankings, errors


# ---------------------------------------------------------------- scoring and reporting

METRICS = (("ndcg@10", "ndcg@10"), ("rr", "mrr"), ("recall@10", "recall@10"), ("judged@10", "judged@10"))


def _means(entries: Sequence[dict], name: str) -> dict:
    return {**{mean_name: round(mean(e["systems"][name][m] for e in entries), 4) for m, mean_name in METRICS},
            "queries": len(entries)}


def evaluate(queries, qrels, systems, rankings, errors) -> dict:
    """Per-query scores, and means per system overall, per split and per category, as one JSON-ready dict."""
    per_query = []
    for q in queries:
        entry = {"query_id": q.query_id, "query": q.text, "category": q.category, "kind": query_kind(q),
                 "split": q.split, "judged": sum(1 for g in qrels[q.query_id].values() if g >= 1), "systems": {}}
        for s in systems:
            ranking = rankings[s.name][q.query_id]
            result = {k: round(v, 4) for k, v in score(ranking, qrels[q.query_id]).items()}
            judged = judged_at_k(list(dict.fromkeys(ranking)), qrels[q.query_id])
            result["judged@10"] = None if judged is None else round(judged, 4)
            result["ranking"] = ranking
            if q.query_id in errors[s.name]:
                result["error"] = errors[s.name][q.query_id]
            entry["systems"][s.name] = result
        per_query.append(entry)
    groups = {key: sorted({e[field] for e in per_query}, key=order)
              for key, field, order in (("by_split", "split", SPLITS.index), ("by_kind", "kind", lambda k: k != "plain"),
                                        ("by_category", "category", str))}
    fields = {"by_split": "split", "by_kind": "kind", "by_category": "category"}
    summary = {}
    for s in systems:
        summary[s.name] = {"label": s.label, **_means(per_query, s.name), "errors": len(errors[s.name])}
        for key, values in groups.items():
            summary[s.name][key] = {v: _means([e for e in per_query if e[fields[key]] == v], s.name) for v in values}
    return {"systems": summary, "queries": per_query}


def significance(report: dict, ours: str, others: Sequence[str], baseline: dict | None) -> dict:
    """Paired randomisation tests of our nDCG@10 against each other system's and against a saved run's."""
    entries = report["queries"]
    mine = [e["systems"][ours]["ndcg@10"] for e in entries]
    tests = {name: permutation_test(mine, [e["systems"][name]["ndcg@10"] for e in entries]) for name in others}
    if baseline is not None:
        saved = {e["query_id"]: e["systems"][ours]["ndcg@10"] for e in baseline["queries"] if ours in e["systems"]}
        common = [e for e in entries if e["query_id"] in saved]
        tests["baseline"] = permutation_test([e["systems"][ours]["ndcg@10"] for e in common],
                                             [saved[e["query_id"]] for e in common])
    return tests


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _p_value(p: float) -> str:
    return "<0.0001" if p < 0.0001 else f"{p:.4f}"


def markdown(report: dict, systems, notes: Sequence[str]) -> str:
    """The report as Markdown: metrics per system, nDCG@10 per split, kind and category, the significance
    tests, and the dev queries where a baseline beats ours."""
    labels = {s.name: s.label for s in systems}
    lines = ["# Relevance evaluation", ""] + [f"{n}  " for n in notes] + [""]
    lines += [_row(["system", "queries", "nDCG@10", "MRR", "recall@10", "judged@10"]), "|---|---:|---:|---:|---:|---:|"]
    for s in systems:
        r = report["systems"][s.name]
        lines.append(_row([s.label, str(r["queries"])] + [f"{r[m]:.3f}" for _, m in METRICS]))
    first = report["systems"][systems[0].name]
    for column, key, caption in (("split", "by_split", "split"),
                                 ("kind", "by_kind", "kind of query (plain: a plain category, no operator)"),
                                 ("category", "by_category", "query category")):
        if len(first[key]) < 2:
            continue
        lines += ["", f"nDCG@10 by {caption} (number of queries):", ""]
        lines += [_row([column] + [s.label for s in systems]), "|---|" + "---:|" * len(systems)]
        for group, stats in first[key].items():
            cells = [f"{report['systems'][s.name][key][group]['ndcg@10']:.3f}" for s in systems]
            lines.append(_row([f"{group} ({stats['queries']})"] + cells))
    ours = systems[0].name
    if report.get("significance"):
        lines += ["", f"Paired randomisation tests of {labels[ours]}'s nDCG@10 (two-sided; better/worse/tied "
                      "count queries):", ""]
        lines += [_row(["against", "queries", "mean difference", "better", "worse", "tied", "p"]),
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name, t in report["significance"].items():
            against = "the saved run (--baseline)" if name == "baseline" else labels[name]
            lines.append(_row([against, str(t["queries"]), f"{t['mean_difference']:+.3f}", str(t["better"]),
                               str(t["worse"]), str(t["tied"]), _p_value(t["p"])]))
    if not any(e["split"] == "dev" for e in report["queries"]):
        return "\n".join(lines) + "\n"
    others = [s.name for s in systems[1:]]
    losses = []
    for e in report["queries"]:
        if e["split"] != "dev":
            continue
        best = max(others, key=lambda name: e["systems"][name]["ndcg@10"])
        gap = e["systems"][best]["ndcg@10"] - e["systems"][ours]["ndcg@10"]
        if gap > 0:
            losses.append((gap, e, best))
    losses.sort(key=lambda item: (-item[0], item[1]["query_id"]))
    lines += ["", f"Dev queries where another system beats {labels[ours]} on nDCG@10 ({len(losses)}; test "
                  "queries are only summarised):", ""]
    if losses:
        lines += ["| query | category | ours | best other | gap |", "|---|---|---:|---|---:|"]
        for gap, e, best in losses:
            query = e["query"].replace("|", "\\|")
            lines.append(f"| {e['query_id']} `{query}` | {e['category']} | {e['systems'][ours]['ndcg@10']:.3f} | "
                         f"{labels[best]} {e['systems'][best]['ndcg@10']:.3f} | {gap:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="score the dev queries, the test queries, or all (default)")
    parser.add_argument("--frus", type=Path, default=DEFAULT_FRUS, help=f"the FRUS TEI volume (default {DEFAULT_FRUS})")
    parser.add_argument("--baseline", type=Path, help="a previous run's --json output to test our engine against")
    parser.add_argument("--solr", metavar="URL", help="also score our engine on this SolrCloud collection "
                        "(solr://HOST:PORT/solr/COLLECTION, made with `search-engine solr init`; rebuilt here)")
    parser.add_argument("--json", type=Path, help="write per-query scores and rankings here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown report here too")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    queries, judgements = load_queries(), load_judgements()
    known = {q.query_id for q in queries}
    for j in judgements:
        if j.query_id not in known:
            raise QrelsError(f"{j.source} line {j.line}: query {j.query_id} is not in queries.tsv")
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None

    notes = []
    frus = args.frus if args.frus.is_file() else None
    if frus is None:
        notes.append(f"FRUS volume not found at {args.frus}: only the queries judged on the seeds are run, "
                     f"with their seed judgements.")

    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        corpus = build_corpus(Path(tmp) / "index", frus)
        indexed = time.perf_counter()
        corpora = {"frus", "seeds"} if frus else {"seeds"}  # judgements of other corpora are set aside
        aside = sorted({corpus_of(j.doc_id) for j in judgements} - corpora)
        if aside:
            notes.append(f"Judgements of {', '.join(aside)} documents are set aside: that corpus is not indexed here.")
        judgements = [j for j in judgements if corpus_of(j.doc_id) in corpora]
        qrels = resolve(judgements, corpus.documents)
        pending = [q.query_id for q in queries if q.query_id not in qrels]
        if frus is not None and pending:
            notes.append(f"{len(pending)} queries have no judgements yet and are left out: {', '.join(pending)}.")
        unanswerable = [q for q in qrels if not any(g > 0 for g in qrels[q].values())]
        if frus is not None and unanswerable:
            notes.append(f"No passage is relevant to {', '.join(sorted(unanswerable))}; left out.")
        queries = [q for q in queries if q.query_id in qrels and q.query_id not in unanswerable
                   and args.split in ("all", q.split)]
        splits = Counter(q.split for q in queries)
        notes.append(f"{len(corpus.documents)} documents, {len(corpus.passages)} passages; split {args.split}: "
                     f"{len(queries)} queries ({', '.join(f'{n} {s}' for s, n in sorted(splits.items()))}), "
                     f"{sum(1 for q in queries for g in qrels[q.query_id].values() if g > 0)} judged relevant and "
                     f"{sum(1 for q in queries for g in qrels[q.query_id].values() if g == 0)} judged not relevant "
                     f"passages; top {K}.")

        systems = evaluated_systems(corpus)
        if args.solr:  # the same passages in a SolrCloud collection, searched through the Solr backend
            from search_engine import SearchEngine

            on_solr = SearchEngine(args.solr)
            on_solr.index([frus, SEEDS] if frus else [SEEDS], rebuild=True)
            solr_system = OurEngine(on_solr)
            solr_system.name, solr_system.label = "search_engine_solr", "search_engine on Solr (ours)"
            systems.insert(1, solr_system)
        rankings, errors, seconds = {}, {}, {}
        for s in systems:
            t0 = time.perf_counter()
            rankings[s.name], errors[s.name] = run_system(s, queries)
            seconds[s.name] = time.perf_counter() - t0
        for s in systems:
            s.close()
    for s in systems:
        if errors[s.name]:
            notes.append(f"{s.label} failed on {', '.join(sorted(errors[s.name]))}; those count as no results.")

    report = evaluate(queries, qrels, systems, rankings, errors)
    report["significance"] = significance(report, systems[0].name, [s.name for s in systems[1:]], baseline)
    report = {"corpus": {"frus": str(frus) if frus else None, "seeds": str(SEEDS), "documents": len(corpus.documents),
                         "passages": len(corpus.passages), "seeds_only": frus is None},
              "k": K, "split": args.split, "pending": pending,
              "metrics": {"ndcg@10": "gains 2^grade - 1, log2 discount, ideal from the judged grades",
                          "mrr": "1 / rank of the first passage of grade >= 1 in the top 10",
                          "recall@10": "judged relevant passages in the top 10 / judged relevant",
                          "judged@10": "passages of the top 10 with a judgement of any grade / passages returned",
                          "significance": "paired randomisation test of nDCG@10, two-sided"},
              **report}
    text = markdown(report, systems, notes)
    print(text, end="")
    timing = ", ".join(f"{s.label} {seconds[s.name]:.2f} s" for s in systems)
    print(f"\nIndexed in {indexed - started:.1f} s; {len(queries)} queries: {timing}; "
          f"total {time.perf_counter() - started:.1f} s.")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
