"""Pools of candidate passages for judging the relevance queries, and the judgements read back from them.

    python benchmarks/relevance_pool.py build [QUERY_ID...]      write relevance/pools/<query_id>.tsv
    python benchmarks/relevance_pool.py add QUERY_ID PASSAGE_ID...   put passages found by reading into a pool
    python benchmarks/relevance_pool.py record [--replace] [QUERY_ID...]   pool grades -> qrels.tsv, judged0.tsv
    python benchmarks/relevance_pool.py status                    what is judged, what is left
    python benchmarks/relevance_pool.py splits                    record the dev/test split of new queries

A pool is the union of the top 20 passages of each pooling system for one query: our engine through its
public API with its default grouping and with ``per_doc=0``, SQLite FTS5, bare whoosh BM25F (AND and OR
groups) and plain BM25 over text + footnotes (see relevance.py; the baselines get the words of a query).
Each pool file lists, per passage, the grade (blank until judged), the passage id, which systems retrieved it
at which rank, the document's date and title, the full paragraph text and the footnotes it carries; passages
judged or added outside the pool come last, retrieved by "-". Rebuilding a pool keeps the grades typed into
it. The judge fills the grade column (2, 1 or 0; see the guidelines at the top of qrels.tsv) and runs
``record``, which writes each new judgement as a verbatim fragment that identifies its paragraph:
grades 1 and 2 to qrels.tsv, 0 to judged0.tsv. A grade that differs from the recorded one is an error
unless ``--replace`` says the recorded one is to be changed. A query is complete when every passage of its
pool is judged; ``status`` lists the others.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance as rel  # noqa: E402  (the benchmark folder is not a package)

POOLS = rel.HERE / "pools"
DEPTH = 20
COLUMNS = ("grade", "passage", "retrieved_by", "document", "text", "footnotes")
GRADES = ("0", "1", "2")


@dataclass(frozen=True)
class PoolRow:
    grade: str  # "", "0", "1" or "2"
    passage_id: str
    retrieved_by: str  # "fts5:3 search_engine:1 ..." or "-" for a passage added by hand
    document: str
    text: str
    footnotes: str


def _one_line(text: str) -> str:
    return " ".join(text.split())


def pooling_systems(corpus: rel.Corpus) -> list:
    """The systems whose top ``DEPTH`` passages make a pool: the evaluated ones plus ours with per_doc=0."""
    systems = rel.evaluated_systems(corpus, limit=DEPTH)
    return systems[:1] + [rel.OurEngine(corpus.engine, DEPTH, per_doc=0)] + systems[1:]


def pool_path(query_id: str, pools: Path = POOLS) -> Path:
    return pools / f"{query_id}.tsv"


def read_pool(path: Path) -> list[PoolRow]:
    """The rows of a pool file (comments and the header line skipped)."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("grade\t"):
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise rel.QrelsError(f"{path.name} line {number}: expected {len(COLUMNS)} tab-separated fields, "
                                 f"got {len(fields)}")
        if fields[0] not in ("",) + GRADES:
            raise rel.QrelsError(f"{path.name} line {number}: grade must be 2, 1, 0 or blank, not {fields[0]!r}")
        rows.append(PoolRow(*fields))
    return rows


def write_pool(path: Path, query: rel.Query, systems: Sequence[str], rows: Sequence[PoolRow]) -> None:
    head = [f"# pool for {query.query_id}\t{query.text}",
            f"# need: {query.note}",
            f"# split: {query.split}",
            f"# systems, top {DEPTH} each: {', '.join(systems)}; '-' = judged or added outside the pool",
            "# grade: 2 answers the need, 1 relevant in part or as context, 0 not relevant, blank not judged yet;"
            " see qrels.tsv for the guidelines, then run: python benchmarks/relevance_pool.py record",
            "\t".join(COLUMNS)]
    body = ["\t".join(_one_line(value) for value in (r.grade, r.passage_id, r.retrieved_by, r.document, r.text,
                                                       r.footnotes)) for r in rows]
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")


def describe(document, number: int) -> tuple[str, str, str]:
    """The document column, the paragraph text and its footnotes ("[1] ..."), as a pool shows them."""
    paragraph = next(p for p in document.paragraphs if p.number == number)
    date = document.date.iso if document.date else "undated"
    notes = " ".join(f"[{n}] {f.text}" for n, f in ((n, document.footnote(n)) for n in paragraph.footnotes) if f)
    return f"{date} {document.title}", paragraph.text, notes


def split_passage_id(passage_id: str) -> tuple[str, int]:
    doc_id, _, number = passage_id.rpartition("#p")
    return doc_id, int(number)


def pool_rows(rankings: dict[str, list[str]], documents: dict, grades: dict[str, str],
              extra: Sequence[str]) -> list[PoolRow]:
    """The rows of one pool: pooled passages by their best rank, then the ``extra`` ones judged or added
    outside it; ``grades`` are the known grades by passage id."""
    ranks: dict[str, dict[str, int]] = defaultdict(dict)
    for system, ranking in rankings.items():
        for rank, passage_id in enumerate(dict.fromkeys(ranking), 1):
            ranks[passage_id][system] = rank
    pooled = sorted(ranks, key=lambda p: (min(ranks[p].values()), -len(ranks[p]), p))
    rows = []
    for passage_id in pooled + [p for p in extra if p not in ranks]:
        doc_id, number = split_passage_id(passage_id)
        retrieved = " ".join(f"{s}:{r}" for s, r in sorted(ranks[passage_id].items(), key=lambda sr: (sr[1], sr[0])))
        rows.append(PoolRow(grades.get(passage_id, ""), passage_id, retrieved or "-",
                            *describe(documents[doc_id], number)))
    return rows


def recorded_grades(documents: dict, qrels: Path = rel.QRELS, judged0: Path = rel.JUDGED0) -> dict[str, dict[str, int]]:
    """The recorded judgements of every query whose documents are here."""
    return rel.resolve([j for j in rel.load_judgements(qrels, judged0) if j.doc_id in documents], documents)


def build(query_ids: Sequence[str], frus: Path, pools: Path = POOLS) -> None:
    queries = [q for q in rel.load_queries() if not query_ids or q.query_id in query_ids]
    pools.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="relevance-pool-") as tmp:
        corpus = rel.build_corpus(Path(tmp) / "index", frus)
        recorded = recorded_grades(corpus.documents)
        systems = pooling_systems(corpus)
        rankings = {s.name: rel.run_system(s, queries)[0] for s in systems}
        for s in systems:
            s.close()
        for q in queries:
            path = pool_path(q.query_id, pools)
            typed = [r for r in read_pool(path) if r.grade or r.retrieved_by == "-"] if path.is_file() else []
            grades = {p: str(g) for p, g in recorded.get(q.query_id, {}).items()}
            grades.update({r.passage_id: r.grade for r in typed if r.grade})
            extra = list(recorded.get(q.query_id, {})) + [r.passage_id for r in typed]
            rows = pool_rows({s.name: rankings[s.name][q.query_id] for s in systems}, corpus.documents, grades,
                             list(dict.fromkeys(extra)))
            write_pool(path, q, [s.name for s in systems], rows)
            print(f"{q.query_id}: {sum(r.retrieved_by != '-' for r in rows)} pooled, "
                  f"{sum(r.retrieved_by == '-' for r in rows)} outside the pool, {sum(bool(r.grade) for r in rows)} graded")


def read_documents(frus: Path | None) -> dict:
    """The documents of the FRUS volume (when given) and the seeds, parsed by our reader."""
    from search_engine.ingest.readers import read_documents as parse

    paths = ([frus] if frus else []) + sorted(rel.SEEDS.glob("*.txt"))
    return {d.doc_id: d for path in paths for d in parse(str(path))}


def add(query_id: str, passage_ids: Sequence[str], documents: dict, pools: Path = POOLS) -> None:
    """Append passages found by reading (neighbours, other letters) to a pool, ungraded."""
    path = pool_path(query_id, pools)
    rows = read_pool(path)
    known = {r.passage_id for r in rows}
    query = next(q for q in rel.load_queries() if q.query_id == query_id)
    for passage_id in passage_ids:
        doc_id, number = split_passage_id(passage_id)
        if doc_id not in documents or number not in {p.number for p in documents[doc_id].paragraphs}:
            raise rel.QrelsError(f"no passage {passage_id}")
        if passage_id not in known:
            rows.append(PoolRow("", passage_id, "-", *describe(documents[doc_id], number)))
            known.add(passage_id)
    systems = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# systems"))
    write_pool(path, query, systems.split(": ", 1)[1].split(";")[0].split(", "), rows)


def _rewrite(path: Path, judgements: Sequence[rel.Judgement], order: dict[str, int]) -> None:
    """Rewrite a judgements file: its leading comment lines, then the judgements grouped by query."""
    head = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        if not line.startswith("#"):
            break
        head.append(line)
    body = sorted(judgements, key=lambda j: (order.get(j.query_id, len(order)), j.line))
    lines = head + [f"{j.query_id}\t{j.doc_id}\t{j.fragment}\t{j.grade}" for j in body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def record(query_ids: Sequence[str], documents: dict, replace_grades: bool = False, pools: Path = POOLS,
           qrels: Path = rel.QRELS, judged0: Path = rel.JUDGED0) -> int:
    """Write the grades typed into pools as judgements; the number of judgements written or changed."""
    queries = rel.load_queries()
    order = {q.query_id: i for i, q in enumerate(queries)}
    judgements = rel.load_judgements(qrels, judged0)
    where = {}  # (query_id, passage_id) -> index in judgements
    for i, j in enumerate(judgements):
        passage_id = next(iter(rel.resolve([j], documents)[j.query_id]))
        where[j.query_id, passage_id] = i
    changes, conflicts = 0, []
    for q in queries:
        path = pool_path(q.query_id, pools)
        if (query_ids and q.query_id not in query_ids) or not path.is_file():
            continue
        for row in read_pool(path):
            if not row.grade:
                continue
            key, grade = (q.query_id, row.passage_id), int(row.grade)
            if key in where and judgements[where[key]].grade == grade:
                continue
            if key in where and not replace_grades:
                conflicts.append(f"{q.query_id} {row.passage_id}: pool says {grade}, "
                                 f"{judgements[where[key]].source} says {judgements[where[key]].grade}")
                continue
            doc_id, number = split_passage_id(row.passage_id)
            if key in where:  # keep the recorded fragment, change the grade (and so maybe the file)
                old = judgements[where[key]]
                judgements[where[key]] = replace(old, grade=grade)
            else:
                where[key] = len(judgements)
                judgements.append(rel.Judgement(q.query_id, doc_id, rel.fragment_for(documents[doc_id], number),
                                                grade, len(judgements) + 1))
            changes += 1
    if conflicts:
        raise rel.QrelsError("grades differ from the recorded ones (use --replace to change them):\n  "
                             + "\n  ".join(conflicts))
    _rewrite(qrels, [j for j in judgements if j.grade > 0], order)
    _rewrite(judged0, [j for j in judgements if j.grade == 0], order)
    return changes


def record_splits(path: Path = rel.QUERIES) -> list[str]:
    """Write the split ``load_queries`` assigns into the rows of queries.tsv that have none; their ids."""
    split = {q.query_id: q.split for q in rel.load_queries(path)}
    lines, added = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.strip() and not line.startswith("#") and len(fields) == 3:
            line = f"{line}\t{split[fields[0].strip()]}"
            added.append(fields[0].strip())
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return added


def status(documents: dict, pools: Path = POOLS, qrels: Path = rel.QRELS, judged0: Path = rel.JUDGED0) -> list[dict]:
    """Per query: pooled and added passages, how many are judged and relevant, whether it is complete."""
    recorded = recorded_grades(documents, qrels, judged0)
    out = []
    for q in rel.load_queries():
        path = pool_path(q.query_id, pools)
        rows = read_pool(path) if path.is_file() else []
        grades = recorded.get(q.query_id, {})
        out.append({"query_id": q.query_id, "split": q.split, "category": q.category, "pool": len(rows),
                    "typed": sum(bool(r.grade) for r in rows), "recorded": len(grades),
                    "relevant": sum(1 for g in grades.values() if g > 0),
                    "complete": bool(rows) and all(r.passage_id in grades for r in rows)})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frus", type=Path, default=rel.DEFAULT_FRUS, help="the FRUS TEI volume")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="write the pools").add_argument("query_ids", nargs="*")
    adding = commands.add_parser("add", help="add passages found by reading to a pool")
    adding.add_argument("query_id")
    adding.add_argument("passage_ids", nargs="+")
    recording = commands.add_parser("record", help="record the grades typed into the pools")
    recording.add_argument("--replace", action="store_true", help="change recorded grades the pools contradict")
    recording.add_argument("query_ids", nargs="*")
    commands.add_parser("status", help="what is judged and what is left")
    commands.add_parser("splits", help="write the dev/test split of new queries into queries.tsv")
    args = parser.parse_args(argv)
    frus = args.frus if args.frus.is_file() else None
    if args.command == "build":
        if frus is None:
            parser.error(f"the FRUS volume is not at {args.frus}; pass --frus PATH")
        build(args.query_ids, frus)
    elif args.command == "add":
        add(args.query_id, args.passage_ids, read_documents(frus))
    elif args.command == "splits":
        added = record_splits()
        print(f"Split written for {' '.join(added) or 'no query'}.")
    elif args.command == "record":
        print(f"{record(args.query_ids, read_documents(frus), args.replace)} judgements written or changed.")
    else:
        rows = status(read_documents(frus))
        print("query\tsplit\tcategory\tpool\ttyped\trecorded\trelevant\tcomplete")
        for r in rows:
            print("\t".join(str(r[k]) for k in ("query_id", "split", "category", "pool", "typed", "recorded",
                                                "relevant", "complete")))
        left = [r["query_id"] for r in rows if not r["complete"]]
        print(f"{len(rows) - len(left)} of {len(rows)} queries complete; left: {' '.join(left) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
