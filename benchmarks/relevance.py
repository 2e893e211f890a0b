"""Relevance evaluation: judged queries over the FRUS volume and the seeds, our engine against two baselines.

    python benchmarks/relevance.py [--frus PATH] [--json OUT] [--markdown OUT]

Builds our index of the FRUS 1961-63 vol. VI TEI file plus ``seeds/`` in a temporary folder, indexes the very
same passages (paragraph text only) in plain whoosh and in SQLite FTS5, runs every query of
``relevance/queries.tsv`` through each system and scores the top 10 against ``relevance/qrels.tsv``:
nDCG@10 (gains 2^grade - 1, log2 discount), MRR (first passage of grade >= 1) and recall@10.
Without the FRUS file, only the queries judged on the seeds are run, and the report says so.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing the project
    sys.path.insert(0, str(ROOT))

HERE = Path(__file__).resolve().parent / "relevance"
QUERIES = HERE / "queries.tsv"
QRELS = HERE / "qrels.tsv"
SEEDS = ROOT / "seeds"
DEFAULT_FRUS = ROOT.parent / "shared" / "corpora" / "frus" / "frus1961-63v06.xml"
K = 10


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


def score(ranking: Sequence[str], judgements: Mapping[str, int], k: int = K) -> dict[str, float]:
    """The three metrics of one ranking; a passage listed twice counts at its first rank only."""
    ranking = list(dict.fromkeys(ranking))
    return {"ndcg@10": ndcg_at_k(ranking, judgements, k), "rr": reciprocal_rank(ranking[:k], judgements),
            "recall@10": recall_at_k(ranking, judgements, k)}


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# ---------------------------------------------------------------- queries and judgements

class QrelsError(ValueError):
    """A line of the queries or qrels file that cannot be used, named by file and line."""


@dataclass(frozen=True)
class Query:
    query_id: str
    text: str
    category: str  # the note's first word: name, event, phrase, date, footnote, misspelling, plain, russian
    note: str


@dataclass(frozen=True)
class Judgement:
    query_id: str
    doc_id: str
    fragment: str
    grade: int
    line: int  # line number in the qrels file, for error messages


def _rows(path: Path, columns: int):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise QrelsError(f"{path.name} line {number}: expected {columns} tab-separated fields, got {len(fields)}")
        yield number, [f.strip() for f in fields]


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The judged queries, in file order; the category is the note's text before the first colon."""
    queries, seen = [], set()
    for number, (query_id, text, note) in _rows(path, 3):
        if query_id in seen:
            raise QrelsError(f"{path.name} line {number}: query id {query_id} used twice")
        seen.add(query_id)
        category = note.split(":", 1)[0].strip() if ":" in note else "other"
        queries.append(Query(query_id, text, category, note))
    return queries


def load_qrels(path: Path = QRELS) -> list[Judgement]:
    judgements = []
    for number, (query_id, doc_id, fragment, grade) in _rows(path, 4):
        if grade not in ("1", "2"):
            raise QrelsError(f"{path.name} line {number}: grade must be 1 or 2, not {grade!r}")
        judgements.append(Judgement(query_id, doc_id, fragment, int(grade), number))
    return judgements


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def normalize(text: str) -> str:
    """Text as fragments are matched: NFKC, straight quotes, whitespace runs collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def resolve(judgements: Iterable[Judgement], documents: Mapping[str, object]) -> dict[str, dict[str, int]]:
    """``{query_id: {passage_id: grade}}``: each fragment must occur in exactly one paragraph of its document.

    ``documents`` maps doc ids to ``Document`` objects. A fragment found in no paragraph or in several, an
    unknown document, or two judgements of one passage for one query raise ``QrelsError`` naming the line.
    """
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for j in judgements:
        doc = documents.get(j.doc_id)
        if doc is None:
            raise QrelsError(f"qrels.tsv line {j.line}: no document {j.doc_id!r} in the index")
        fragment = normalize(j.fragment)
        found = [p for p in doc.paragraphs if fragment in normalize(p.text)]
        if len(found) != 1:
            where = ", ".join(f"#p{p.number}" for p in found) or "no paragraph"
            raise QrelsError(f"qrels.tsv line {j.line} ({j.query_id}): fragment {j.fragment!r} matches "
                             f"{where} of {j.doc_id}; it must match exactly one")
        passage_id = doc.passage_id(found[0].number)
        if passage_id in qrels[j.query_id]:
            raise QrelsError(f"qrels.tsv line {j.line} ({j.query_id}): {passage_id} is judged twice")
        qrels[j.query_id][passage_id] = j.grade
    return dict(qrels)


# ---------------------------------------------------------------- systems: search(query) -> passage ids

@dataclass(frozen=True)
class Passage:
    passage_id: str
    body: str


class OurEngine:
    """search_engine.SearchEngine as users call it: ``engine.search(query, limit=10)``."""

    name = "search_engine"
    label = "search_engine (ours)"

    def __init__(self, engine):
        from search_engine.errors import SearchEngineError

        self.engine = engine
        self.rejects = SearchEngineError  # a query it refuses (QueryError...) counts as no results

    def search(self, query: str) -> list[str]:
        return [hit.passage_id for hit in self.engine.search(query, limit=K).hits]

    def close(self) -> None:
        pass


def build_whoosh_index(passages: Sequence[Passage]):
    """A whoosh index in memory: ``passage_id`` (stored ID) and ``body`` (TEXT, StemmingAnalyzer)."""
    from whoosh import analysis, fields
    from whoosh.filedb.filestore import RamStorage

    schema = fields.Schema(passage_id=fields.ID(stored=True, unique=True),
                           body=fields.TEXT(analyzer=analysis.StemmingAnalyzer()))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for p in passages:
            writer.add_document(passage_id=p.passage_id, body=p.body)
    return index


class WhooshBaseline:
    """Plain whoosh: default BM25F, ``QueryParser("body", schema)`` with its default AND group or with OrGroup.

    Queries go in as typed; what whoosh makes of syntax it does not share with us (``date:``, ``~``) is its score.
    """

    def __init__(self, index, group: str):
        from whoosh import qparser

        self.name = f"whoosh_{group}"
        self.label = f"whoosh BM25F ({group.upper()})"
        self.searcher = index.searcher()
        grouping = qparser.OrGroup if group == "or" else qparser.AndGroup
        self.parser = qparser.QueryParser("body", index.schema, group=grouping)
        self.rejects = qparser.QueryParserError

    def search(self, query: str) -> list[str]:
        hits = self.searcher.search(self.parser.parse(query), limit=K)
        return [hit["passage_id"] for hit in hits]

    def close(self) -> None:
        self.searcher.close()


_PHRASE = re.compile(r'"([^"]*)"(?:~\d+)?')
_FIELD_PREFIX = re.compile(r"\b[A-Za-z_]+:")
_OPERATORS = {"AND", "OR", "NOT", "TO"}


def fts5_query(query: str) -> str:
    """Our query syntax turned into an FTS5 MATCH expression, minimally.

    Quoted phrases stay phrases (a ``~N`` slop after one is dropped); outside them, field prefixes
    (``title:``, ``date:``...) are dropped but their values kept as words, the upper-case operators
    AND OR NOT TO are dropped, and every remaining word (``\\w+``, so ``IL-28`` gives ``IL`` and ``28``,
    and ``+ - ^2 ~ [ ] ( )`` fall away) is quoted as an FTS5 string. Phrases and words are OR-ed.
    A query with nothing left is ``""`` (no results).
    """
    parts = ['"' + phrase.replace('"', '""') + '"' for phrase in _PHRASE.findall(query) if phrase.strip()]
    rest = _FIELD_PREFIX.sub(" ", _PHRASE.sub(" ", query))
    words = [w for w in re.findall(r"\w+", rest) if w not in _OPERATORS]
    parts += [f'"{w}"' for w in words]
    return " OR ".join(parts)


class Fts5Baseline:
    """SQLite FTS5 with the porter + unicode61 tokenizer, ranked by ``bm25(p)`` (ties by insertion order)."""

    name = "fts5"
    label = "SQLite FTS5 bm25"
    rejects = sqlite3.OperationalError  # an FTS5 syntax error

    def __init__(self, passages: Sequence[Passage]):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(passage_id UNINDEXED, body, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO p (passage_id, body) VALUES (?, ?)",
                            [(p.passage_id, p.body) for p in passages])

    def search(self, query: str) -> list[str]:
        expression = fts5_query(query)
        if not expression:
            return []
        rows = self.db.execute("SELECT passage_id FROM p WHERE p MATCH ? ORDER BY bm25(p), rowid LIMIT ?",
                               (expression, K))
        return [row[0] for row in rows]

    def close(self) -> None:
        self.db.close()


# ---------------------------------------------------------------- running and reporting

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
    passages = tuple(Passage(documents[doc_id].passage_id(p.number), p.text)
                     for doc_id in sorted(documents) for p in documents[doc_id].paragraphs)
    return Corpus(engine, documents, passages)


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


def evaluate(queries, qrels, systems, rankings, errors) -> dict:
    """Per-query scores, means per system and per category, as one JSON-ready dict."""
    per_query = []
    for q in queries:
        entry = {"query_id": q.query_id, "query": q.text, "category": q.category,
                 "judged": sum(1 for g in qrels[q.query_id].values() if g >= 1), "systems": {}}
        for s in systems:
            result = score(rankings[s.name][q.query_id], qrels[q.query_id])
            result = {k: round(v, 4) for k, v in result.items()}
            result["ranking"] = rankings[s.name][q.query_id]
            if q.query_id in errors[s.name]:
                result["error"] = errors[s.name][q.query_id]
            entry["systems"][s.name] = result
        per_query.append(entry)

    def means(entries, name):
        return {mean_name: round(mean(e["systems"][name][m] for e in entries), 4)
                for m, mean_name in (("ndcg@10", "ndcg@10"), ("rr", "mrr"), ("recall@10", "recall@10"))}

    categories = sorted({q.category for q in queries})
    summary = {}
    for s in systems:
        summary[s.name] = {
            "label": s.label, "queries": len(per_query), **means(per_query, s.name), "errors": len(errors[s.name]),
            "by_category": {c: dict(means([e for e in per_query if e["category"] == c], s.name),
                                    queries=sum(1 for e in per_query if e["category"] == c))
                            for c in categories},
        }
    return {"systems": summary, "queries": per_query}


def markdown(report: dict, systems, notes: Sequence[str]) -> str:
    """The report as Markdown: a system x metric table, nDCG@10 by category, and our largest losses."""
    lines = ["# Relevance evaluation", ""] + [f"{n}  " for n in notes] + [""]
    lines += ["| system | queries | nDCG@10 | MRR | recall@10 |", "|---|---:|---:|---:|---:|"]
    for s in systems:
        r = report["systems"][s.name]
        lines.append(f"| {s.label} | {r['queries']} | {r['ndcg@10']:.3f} | {r['mrr']:.3f} | {r['recall@10']:.3f} |")
    lines += ["", "nDCG@10 by query category (number of queries):", ""]
    lines += ["| category | " + " | ".join(s.label for s in systems) + " |", "|---|" + "---:|" * len(systems)]
    first = report["systems"][systems[0].name]["by_category"]
    for category, stats in first.items():
        cells = [f"{report['systems'][s.name]['by_category'][category]['ndcg@10']:.3f}" for s in systems]
        lines.append(f"| {category} ({stats['queries']}) | " + " | ".join(cells) + " |")
    ours, others = systems[0].name, [s.name for s in systems[1:]]
    losses = []
    for e in report["queries"]:
        best = max(others, key=lambda name: e["systems"][name]["ndcg@10"])
        gap = e["systems"][best]["ndcg@10"] - e["systems"][ours]["ndcg@10"]
        if gap > 0:
            losses.append((gap, e, best))
    losses.sort(key=lambda item: (-item[0], item[1]["query_id"]))
    labels = {s.name: s.label for s in systems}
    lines += ["", f"Queries where a baseline beats {labels[ours]} on nDCG@10 ({len(losses)}):", ""]
    if losses:
        lines += ["| query | category | ours | best baseline | gap |", "|---|---|---:|---|---:|"]
        for gap, e, best in losses:
            query = e["query"].replace("|", "\\|")
            lines.append(f"| {e['query_id']} `{query}` | {e['category']} | {e['systems'][ours]['ndcg@10']:.3f} | "
                         f"{labels[best]} {e['systems'][best]['ndcg@10']:.3f} | {gap:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frus", type=Path, default=DEFAULT_FRUS, help=f"the FRUS TEI volume (default {DEFAULT_FRUS})")
    parser.add_argument("--json", type=Path, help="write per-query scores and rankings here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown report here too")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    queries, judgements = load_queries(), load_qrels()
    known = {q.query_id for q in queries}
    for j in judgements:
        if j.query_id not in known:
            raise QrelsError(f"qrels.tsv line {j.line}: query {j.query_id} is not in queries.tsv")

    notes = []
    frus = args.frus if args.frus.is_file() else None
    if frus is None:
        notes.append(f"FRUS volume not found at {args.frus}: only the queries judged on the seeds are run, "
                     f"with their seed judgements.")

    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        corpus = build_corpus(Path(tmp) / "index", frus)
        indexed = time.perf_counter()
        if frus is None:  # judgements of the missing volume's documents are set aside, not errors
            judgements = [j for j in judgements if j.doc_id in corpus.documents]
        qrels = resolve(judgements, corpus.documents)
        unjudged = [q.query_id for q in queries if q.query_id not in qrels]
        if frus is not None and unjudged:
            raise QrelsError(f"queries without any judgement: {', '.join(unjudged)}")
        queries = [q for q in queries if q.query_id in qrels]
        notes.append(f"{len(corpus.documents)} documents, {len(corpus.passages)} passages; "
                     f"{len(queries)} queries, {sum(len(v) for v in qrels.values())} judged passages; top {K}.")

        whoosh_index = build_whoosh_index(corpus.passages)
        systems = [OurEngine(corpus.engine), WhooshBaseline(whoosh_index, "and"), WhooshBaseline(whoosh_index, "or"),
                   Fts5Baseline(corpus.passages)]
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
    report = {"corpus": {"frus": str(frus) if frus else None, "seeds": str(SEEDS), "documents": len(corpus.documents),
                         "passages": len(corpus.passages), "seeds_only": frus is None},
              "k": K, "metrics": {"ndcg@10": "gains 2^grade - 1, log2 discount, ideal from the judged grades",
                                  "mrr": "1 / rank of the first passage of grade >= 1 in the top 10",
                                  "recall@10": "judged relevant passages in the top 10 / judged relevant"},
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
