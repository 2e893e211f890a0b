"""Relevance on the JFK OCR corpus: judged pages, our engine against page-level baselines.

    python benchmarks/relevance_jfk.py [--split dev|test|all] [--json OUT] [--markdown OUT]
                                       [--corpus DIR] [--index DIR] [--pool]

An independent measuring stick on a corpus unlike the one the ranking was tuned on: the 561 real OCR'd records
of ``../shared/corpora/jfk-ocr`` (each file a ``# Document`` heading, then ``## Page N`` headings, each with the
page's OCR text in a fenced block). The unit judged and scored is a PAGE, a file and a page number, because a
page is what every system shares and what a reader opens (``relevance_jfk/README.md``).

Systems: ``search_engine`` (ours: ``SearchEngine`` over the corpus folder with default settings and
``engine.search(q)`` as users call it; each hit is mapped to its page, by the hit's ``page`` when the file has
that page and the hit's text is on it, else by finding the hit's text in the file, and a page's rank is the rank
of its first passage), and over pages: SQLite FTS5 (porter unicode61, bm25, words OR-ed), bare whoosh BM25F (its
default AND group and an OR group) and plain Okapi BM25 (k1 0.9, b 0.4, Snowball stems, OR) written out here.
Metrics, splits and the paired randomisation test are those of ``relevance.py``, imported from it.

``--pool`` writes ``relevance_jfk/pools/<query_id>.tsv`` (the top 20 pages of every system, with the pages
judged so far) and lists the pages still to judge, after a change to the engine or to the queries.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # relevance.py beside this file; it puts the project on the path
    sys.path.insert(0, str(HERE))

import relevance  # noqa: E402  (after the path is set)
from relevance import (  # noqa: E402
    Passage,
    QrelsError,
    Query,
    evaluate,
    load_queries,
    markdown,
    mean,
    significance,
)

DATA = HERE / "relevance_jfk"
QUERIES = DATA / "queries.tsv"
QRELS = DATA / "qrels.tsv"
POOLS = DATA / "pools"
DEFAULT_CORPUS = relevance.find_shared() / "corpora" / "jfk-ocr"
K = relevance.K
POOL_DEPTH = 20
CATEGORIES = ("name", "place", "operation", "event", "agency", "question", "date", "phrase", "misspelling")


# ---------------------------------------------------------------- pages

@dataclass(frozen=True)
class Page:
    file: str  # the file's stem: jfk_doc_10
    number: str  # the N of its "## Page N" heading
    text: str

    @property
    def page_id(self) -> str:
        return page_id(self.file, self.number)


def page_id(file: str, number: str | int) -> str:
    """How a page is named in rankings and reports: ``jfk_doc_10#page1``."""
    return f"{file}#page{number}"


_PAGE = re.compile(r"^##\s+Page\s+(\w+)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def read_pages(text: str, file: str) -> list[Page]:
    """The pages of one file: each ``## Page N`` heading with the text of the fenced blocks under it.

    Text under a heading that is not fenced is taken as it stands (without its blank edges); a file with no
    page heading is one page, numbered 1.
    """
    headings = list(_PAGE.finditer(text))
    if not headings:
        return [Page(file, "1", _unfence(text))]
    pages = []
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        pages.append(Page(file, heading.group(1), _unfence(text[heading.end():end])))
    return pages


def _unfence(section: str) -> str:
    blocks = _FENCE.findall(section)
    return "\n".join(b.rstrip("\n") for b in blocks) if blocks else section.strip()


def load_pages(corpus: Path) -> dict[str, list[Page]]:
    """``{file stem: [Page, ...]}`` for every ``*.md`` file of the corpus folder but its SOURCE.md."""
    files = sorted(p for p in corpus.glob("*.md") if p.name.upper() != "SOURCE.MD")
    if not files:
        raise SystemExit(f"no Markdown files in {corpus}: give the JFK OCR folder with --corpus")
    return {f.stem: read_pages(f.read_text(encoding="utf-8", errors="replace"), f.stem) for f in files}


# ---------------------------------------------------------------- judgements

def load_page_qrels(path: Path = QRELS) -> dict[str, dict[str, int]]:
    """``{query_id: {page_id: grade}}`` from ``query_id, file, page, grade`` rows (grades 0, 1, 2).

    Grade 0 rows are pages read and judged not relevant; a page judged twice for one query is an error.
    """
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for number, (query_id, file, page, grade) in relevance._rows(path, (4,)):
        if grade not in ("0", "1", "2"):
            raise QrelsError(f"{path.name} line {number}: grade must be 0, 1 or 2, not {grade!r}")
        pid = page_id(file, page)
        if pid in qrels[query_id]:
            raise QrelsError(f"{path.name} line {number} ({query_id}): {pid} is judged twice")
        qrels[query_id][pid] = int(grade)
    return dict(qrels)


def check_qrels(qrels: Mapping[str, Mapping[str, int]], queries: Sequence[Query],
                pages: Mapping[str, Sequence[Page]]) -> None:
    """Every judged query is in queries.tsv and every judged page is a page of the corpus."""
    known_queries = {q.query_id for q in queries}
    known_pages = {p.page_id for file_pages in pages.values() for p in file_pages}
    for query_id, judged in qrels.items():
        if query_id not in known_queries:
            raise QrelsError(f"{QRELS.name}: query {query_id} is not in {QUERIES.name}")
        missing = sorted(set(judged) - known_pages)
        if missing:
            raise QrelsError(f"{QRELS.name} ({query_id}): no page {missing[0]} in the corpus")


# ---------------------------------------------------------------- our engine, page by page

def _squash(text: str) -> str:
    """Text as hits are found in pages: letters and digits only, lower case (the parser joins lines, drops
    furniture and normalises quotes and spaces, so only the word characters are compared)."""
    return re.sub(r"[\W_]+", "", text.casefold())


class PageMapper:
    """Maps a hit of our engine to the page of the corpus it comes from, and counts how it was done."""

    def __init__(self, pages: Mapping[str, Sequence[Page]]):
        self.pages = pages
        self._squashed: dict[str, list[str]] = {}
        self.how: Counter = Counter()  # page field / text / only page / unmapped

    def file_of(self, hit) -> str | None:
        for name in (Path(hit.source).stem if hit.source else "", hit.doc_id, hit.doc_id.split("/")[-1]):
            if name in self.pages:
                return name
        return None

    def page_of(self, hit) -> tuple[str | None, str]:
        """The hit's page id (None when it cannot be told) and how it was told."""
        file = self.file_of(hit)
        if file is None:
            return None, "unmapped"
        file_pages = self.pages[file]
        if file not in self._squashed:
            self._squashed[file] = [_squash(p.text) for p in file_pages]
        probe = _squash(hit.text)[:200]
        if hit.page is not None:
            for page, squashed in zip(file_pages, self._squashed[file], strict=True):
                if page.number == str(hit.page) and probe in squashed:
                    return page.page_id, "page field"
        if len(file_pages) == 1:  # no page field that names one of its pages, but there is only one
            return file_pages[0].page_id, "only page"
        found = [p for p, squashed in zip(file_pages, self._squashed[file], strict=True) if probe and probe in squashed]
        if found:
            return found[0].page_id, "text"
        return None, "unmapped"


class OurEngine:
    """``SearchEngine.search(query)`` as users call it, default settings, its passages mapped to pages: a page
    ranks where its first passage does. Asks for more passages until ``depth`` pages are found."""

    name = "search_engine"
    label = "search_engine (ours)"

    def __init__(self, engine, mapper: PageMapper, depth: int = K):
        from search_engine.errors import SearchEngineError

        self.engine, self.mapper, self.depth = engine, mapper, depth
        self.rejects = SearchEngineError

    def search(self, query: str) -> list[str]:
        limit = 100
        while True:
            results = self.engine.search(query, limit=limit, snippets=False)
            ranking, how = [], Counter()
            for hit in results.hits:
                page, way = self.mapper.page_of(hit)
                if len(ranking) < self.depth:
                    how[way] += 1  # counted for the hits that fill the ranking
                if page is not None and page not in ranking:
                    ranking.append(page)
            if len(ranking) >= self.depth or len(results.hits) < limit or limit >= 12_800:
                self.mapper.how.update(how)
                return ranking[:self.depth]
            limit *= 4

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- page baselines

class PageFts5(relevance.Fts5Baseline):
    """SQLite FTS5 over pages: one row per page, porter unicode61, bm25, the query's words OR-ed."""

    label = "SQLite FTS5 bm25, pages"


class PageWhoosh(relevance.WhooshBaseline):
    """Bare whoosh BM25F over pages (``QueryParser("body")``, StemmingAnalyzer), AND or OR group."""


_WORD = re.compile(r"\w+")


class PlainBM25:
    """Okapi BM25 written out, over pages: lower-cased ``\\w+`` words with Snowball (English) stems, Lucene's
    idf ``log(1 + (N - n + 0.5) / (n + 0.5))``, k1 0.9 and b 0.4 (the common defaults of Anserini), the query's
    words OR-ed (a quoted phrase counts as its words)."""

    name = "bm25"
    label = "BM25 k1 0.9 b 0.4, pages (OR)"
    rejects = ()

    def __init__(self, passages: Sequence[Passage], limit: int = K, k1: float = 0.9, b: float = 0.4):
        from nltk.stem.snowball import SnowballStemmer

        self.limit, self.k1, self.b = limit, k1, b
        stemmer, stems = SnowballStemmer("english"), {}

        def stem(word: str) -> str:
            if word not in stems:
                stems[word] = stemmer.stem(word)
            return stems[word]

        self.stem = stem
        self.ids = [p.passage_id for p in passages]
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths = []
        for i, p in enumerate(passages):
            counts = Counter(stem(w) for w in _WORD.findall(p.body.casefold()))
            self.lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self.postings[term].append((i, tf))
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0

    def search(self, query: str) -> list[str]:
        phrases, words = relevance.query_parts(query)
        terms = {self.stem(w) for w in _WORD.findall(" ".join(phrases + words).casefold())}
        n, scores = len(self.ids), defaultdict(float)
        for term in terms:
            postings = self.postings.get(term, ())
            idf = math.log(1 + (n - len(postings) + 0.5) / (len(postings) + 0.5))
            for i, tf in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.average)
                scores[i] += idf * tf * (self.k1 + 1) / (tf + norm)
        best = sorted(scores, key=lambda i: (-scores[i], i))[:self.limit]
        return [self.ids[i] for i in best]

    def close(self) -> None:
        pass


def build_whoosh_index(passages: Sequence[Passage], folder: Path):
    """The whoosh index of ``relevance.build_whoosh_index`` (``passage_id``, ``body`` with StemmingAnalyzer), on
    disk in ``folder``: 24 MB of pages overflow whoosh's memory pool, and a RAM index spills its runs into a
    ``MAIN.tmp`` folder of the system's temporary directory that other whoosh processes share."""
    from whoosh import analysis, fields, index

    schema = fields.Schema(passage_id=fields.ID(stored=True, unique=True),
                           body=fields.TEXT(analyzer=analysis.StemmingAnalyzer()))
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema)
    with ix.writer(limitmb=256) as writer:
        for p in passages:
            writer.add_document(passage_id=p.passage_id, body=p.body)
    return ix


def page_systems(engine, pages: Mapping[str, Sequence[Page]], mapper: PageMapper, folder: Path,
                 depth: int = K) -> list:
    """Ours, then the baselines over the very same pages (the whoosh index in ``folder``)."""
    passages = [Passage(p.page_id, p.text) for file in sorted(pages) for p in pages[file]]
    whoosh_index = build_whoosh_index(passages, folder)
    return [OurEngine(engine, mapper, depth), PageFts5(passages, depth),
            PageWhoosh(whoosh_index, "and", depth, name="whoosh_and", label="whoosh BM25F (AND), pages"),
            PageWhoosh(whoosh_index, "or", depth, name="whoosh_or", label="whoosh BM25F (OR), pages"),
            PlainBM25(passages, depth)]


def build_engine(corpus: Path, index_dir: Path):
    """Our index of the corpus folder with default settings (reused when ``index_dir`` already holds one)."""
    from search_engine import SearchEngine

    engine = SearchEngine(index_dir)
    if not engine.exists:
        engine.index([corpus])
    return engine


# ---------------------------------------------------------------- pools

def write_pools(queries: Sequence[Query], systems, rankings, qrels, pools: Path = POOLS) -> dict[str, list[str]]:
    """``pools/<query_id>.tsv``: every page in some system's top 20, which systems put it there at what rank,
    and its grade when judged (empty when not). Returns the pages still to judge per query."""
    pools.mkdir(parents=True, exist_ok=True)
    todo = {}
    for q in queries:
        retrieved: dict[str, list[str]] = defaultdict(list)
        for s in systems:
            for rank, pid in enumerate(rankings[s.name][q.query_id][:POOL_DEPTH], 1):
                retrieved[pid].append(f"{s.name}:{rank}")
        judged = qrels.get(q.query_id, {})
        rows = sorted(set(retrieved) | set(judged), key=lambda pid: (pid not in retrieved, pid))
        lines = [f"# {q.query_id}\t{q.text}\t{q.note}", "grade\tpage\tretrieved_by"]
        lines += [f"{judged.get(pid, '')}\t{pid}\t{' '.join(retrieved.get(pid, ['judged (grep)']))}" for pid in rows]
        (pools / f"{q.query_id}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        todo[q.query_id] = [pid for pid in rows if pid not in judged]
    return todo


# ---------------------------------------------------------------- the run

def _by_category(report: dict) -> None:
    """Categories in the fixed order of CATEGORIES, and no "kind" table (every JFK query is plain words, the
    kinds of relevance.py do not apply)."""
    for stats in report["systems"].values():
        stats["by_kind"] = {}
        stats["by_category"] = {c: stats["by_category"][c] for c in CATEGORIES if c in stats["by_category"]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="score the dev queries, the test queries, or all (default)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"the JFK OCR folder ({DEFAULT_CORPUS})")
    parser.add_argument("--index", type=Path, help="build our index here and keep it (reused when it exists: "
                                                   "delete it after changing the engine); default a temporary folder")
    parser.add_argument("--json", type=Path, help="write per-query scores and rankings here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown report here too")
    parser.add_argument("--pool", action="store_true", help=f"write the pools (top {POOL_DEPTH} of every system) "
                                                            f"to {POOLS} and list the pages still to judge")
    args = parser.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"JFK OCR corpus not found at {args.corpus}: give it with --corpus", file=sys.stderr)
        return 2
    started = time.perf_counter()
    queries = [q for q in load_queries(QUERIES) if args.split in ("all", q.split)]
    pages = load_pages(args.corpus)
    qrels = load_page_qrels() if QRELS.is_file() else {}
    check_qrels(qrels, load_queries(QUERIES), pages)
    depth = POOL_DEPTH if args.pool else K

    with tempfile.TemporaryDirectory(prefix="relevance-jfk-") as tmp:
        engine = build_engine(args.corpus, args.index or Path(tmp) / "index")
        indexed = time.perf_counter()
        mapper = PageMapper(pages)
        systems = page_systems(engine, pages, mapper, Path(tmp) / "whoosh", depth)
        baselines = time.perf_counter()
        rankings, errors, seconds = {}, {}, {}
        for s in systems:
            t0 = time.perf_counter()
            rankings[s.name], errors[s.name] = relevance.run_system(s, queries)
            seconds[s.name] = time.perf_counter() - t0
        for s in systems:
            s.close()
        documents = len(engine.documents())

    if args.pool:
        todo = write_pools(queries, systems, rankings, qrels)
        left = sum(len(v) for v in todo.values())
        print(f"Pools of {len(queries)} queries written to {POOLS}; {left} pages still to judge:")
        for query_id, pids in todo.items():
            if pids:
                print(f"  {query_id}: {' '.join(pids)}")
        return 0

    n_pages = sum(len(v) for v in pages.values())
    notes = [f"{len(pages)} files, {n_pages} pages (the unit judged); our index holds {documents} documents."]
    pending = [q.query_id for q in queries if not any(g > 0 for g in qrels.get(q.query_id, {}).values())]
    if pending:
        notes.append(f"No page is judged relevant for {', '.join(pending)} yet: left out.")
    queries = [q for q in queries if q.query_id not in pending]
    splits = Counter(q.split for q in queries)
    judged = [g for q in queries for g in qrels[q.query_id].values()]
    notes.append(f"Split {args.split}: {len(queries)} queries ({', '.join(f'{n} {s}' for s, n in sorted(splits.items()))}); "
                 f"{len(judged)} pages judged ({mean([len(qrels[q.query_id]) for q in queries]):.1f} per query), "
                 f"{sum(1 for g in judged if g == 2)} of grade 2, {sum(1 for g in judged if g == 1)} of grade 1; top {K}.")
    how = mapper.how
    notes.append(f"Our hits mapped to pages: {how['page field']} by the hit's page, {how['only page']} to the only "
                 f"page of their file (the hit named no page of it), {how['text']} by finding the hit's text, "
                 f"{how['unmapped']} not mapped.")
    for s in systems:
        if errors[s.name]:
            notes.append(f"{s.label} failed on {', '.join(sorted(errors[s.name]))}; those count as no results.")

    report = evaluate(queries, qrels, systems, {n: {q: r[:K] for q, r in v.items()} for n, v in rankings.items()},
                      errors)
    _by_category(report)
    report["significance"] = significance(report, systems[0].name, [s.name for s in systems[1:]], None)
    report = {"corpus": {"folder": str(args.corpus), "files": len(pages), "pages": n_pages, "documents": documents},
              "k": K, "split": args.split, "pending": pending, "mapping": dict(how), **report}
    text = markdown(report, systems, notes).replace("# Relevance evaluation", "# Relevance on the JFK OCR pages", 1)
    print(text, end="")
    timing = ", ".join(f"{s.label} {seconds[s.name]:.2f} s" for s in systems)
    print(f"\nOur index built (or reused) in {indexed - started:.1f} s, the page baselines in "
          f"{baselines - indexed:.1f} s; {len(queries)} queries: {timing}; total {time.perf_counter() - started:.1f} s.")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
