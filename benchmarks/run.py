"""Performance benchmark: our engine against bare whoosh and SQLite FTS5, on the same passages, at several scales.

    python benchmarks/run.py [--scale 1,16,64[,256]] [--repeat N] [--corpus frus|standin|seeds|real] [--quick] [--out DIR]
                             [--rows build,queries,cold,imports,reindex]

Writes ``DIR/latest.md`` (the tables it prints) and ``DIR/latest.json`` (every raw number, the machine, the
date, the scales, the corpus); DIR is ``benchmarks/results`` unless ``--out`` says otherwise.

Corpus. The FRUS 1961-63 vol. VI TEI file (``../shared/corpora/frus/``, found beside the project, or
``--frus PATH``) plus ``seeds/``. Scale k is *replicated*: k copies of the same volume and seeds, written as
real files into a temporary folder (each TEI copy gets its own volume id, so its document ids differ; each
text copy a file-name suffix). Our engine indexes that folder as a user would; the baselines index the very
same paragraph texts, parsed once by our reader and repeated k times. Every table prints the passage count,
which is checked to be the same for all systems. Without the FRUS file (or with ``--corpus standin``) the
stand-in is the seeds copied 37 times per 1x, about as many passages as FRUS; ``--corpus seeds`` is the two
seeds alone (45 passages, for smoke tests). ``--corpus real --scale 1`` is FRUS, the seeds and the 561 OCR'd
JFK files of ``../shared/corpora/jfk-ocr/`` (``--jfk PATH``), one copy each: real, varied, noisy text, so that
the figures do not rest only on copies of one volume. 256x (about 435,000 passages) is opt-in: ``--scale
1,16,64,256``; it takes hours. The output says which corpus was used.

Systems: ``search-engine`` (the public API, ``SearchEngine(dir).index([folder], rebuild=True)`` and
``engine.search(q, limit=10)``; the CLI for cold starts), ``whoosh`` (bare whoosh 2.7.4, nltk Snowball
behind whoosh's StemFilter, BM25F, ``QueryParser("body")`` with its default AND, ContextFragmenter
highlights) and ``fts5`` (SQLite FTS5 ``porter unicode61``, bm25, ``snippet()``); see perf_systems.py.
tantivy is not measured.

Figures, per system and scale:

- build: median wall time of ``--repeat`` builds (default 3 up to 4x, 1 above), each in a fresh process,
  timed around the build call after whoosh and nltk are imported. Ours includes reading and parsing the
  source files; a baseline starts from the parsed passage texts (loaded before its clock starts), so the
  parse time of the sources is reported apart. Passages/second = passages / build time.
- build CPU: user + system seconds of the build's process and the workers it waited for (``RUSAGE_CHILDREN``),
  the whole process (starting Python, imports, loading a baseline's passages), median of the repeats: on a
  shared machine it says more than the wall time, which follows the load and how many cores a build can use.
- peak RSS: of the build's processes together (ours reads its files in worker processes): the largest sum of
  the proportional set sizes of the build process and its children (a page a forked worker still shares with
  its parent counted once), sampled every 0.1 s (Linux), or the build process's own ``ru_maxrss`` if that is
  larger; the largest over the repeats.
- index size: bytes on disk of the finished index folder (ours: whoosh files plus its catalog and documents).
- query latency: the queries of ``queries.txt`` on the index opened once, after one warm-up pass; each query
  run ``--query-runs`` times, its median taken, then p50 and p95 across queries. Percentiles use only the
  queries every system ran (a baseline skips what it cannot express: fuzzy words, ``?`` in FTS5); filters
  (``date:``, ``classification:``) are dropped for the baselines, which search the words beside them.
  "Without snippets" is the top 10 ids (whoosh: no highlights; FTS5: no snippet()); our API always makes
  snippets, so our "without snippets" figure is the same call as "with snippets" (marked with a dagger)
  unless ``engine.search`` gains a ``snippets`` flag.
- cold start: median wall time of ``--cold-runs`` fresh processes answering one query with the top 10 and
  their snippets (ours: ``python -m search_engine --index DIR search Q``; whoosh and FTS5: ``python -c``),
  after one untimed run; at the smallest and the largest scale. ``python -c pass`` is given for scale.
  The engine is byte-compiled first (``compileall``), as a wheel install does for it and did for whoosh
  and nltk.
- warm search with facets (ours only: the web page's case, a long-lived process): every query of ours with
  ``facets=True``, timed as above on the index opened once, p50 and p95 over all the queries it ran.
- re-index one changed document, at every scale: a paragraph is appended to one seed copy and
  ``SearchEngine(dir).index()`` (an update, no rebuild) is timed; whoosh times delete_by_term + add_document
  for that document's passages + commit, FTS5 DELETE + INSERT + commit.
- the commands ``--help``, ``list`` and ``show ID`` are run in fresh processes that report whether nltk
  (and whoosh) got imported.

``--rows`` measures some of these stages only (the builds always run): ``--rows build,reindex`` gives the
build, its CPU and memory, the index size and the update, without the queries and cold starts.
``benchmarks/builds.py`` times the builds alone, with the engine of other checkouts beside this one.

Reading ratios: each ratio is ours / baseline from the same run (below 1 means ours is faster or smaller;
for passages/second above 1 is better). The machines are shared and noisy: absolute times move by tens of
percent between runs, so compare ratios within one run, never absolute times across runs. Targets
(PASS/MISS, issue 13): build time <= 1.0x whoosh at 16x and up, build peak RSS <= 1.0x there, search with
snippets p50 and p95 <= 0.5x whoosh at every scale and <= 4x FTS5 from 64x, their growth from one scale to
the next (from 16x) at most linear in the passages, warm search with facets p95 < 50 ms from 64x, cold start
<= 0.5x whoosh, re-index of one document < 1 s from 64x, and no nltk import in ``--help``, ``list`` and ``show``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for _path in (ROOT, HERE):  # run as a script from anywhere, without installing the project
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import perf_systems as ps  # after the sys.path set-up above

SEEDS = ROOT / "seeds"
DEFAULT_FRUS = ROOT.parent / "shared" / "corpora" / "frus" / "frus1961-63v06.xml"
DEFAULT_JFK = ROOT.parent / "shared" / "corpora" / "jfk-ocr"
QUERIES = HERE / "queries.txt"
RESULTS = HERE / "results"
STANDIN_COPIES = 37  # seeds copies per 1x in the stand-in: 37 x 45 passages ~ FRUS vol. VI's 1,653
COLD_QUERY = "missiles Cuba"  # the same words for every system: no translation needed
APPENDED = ("\n\nThis paragraph was appended by benchmarks/run.py to time the re-indexing of one changed "
            "document.\n")
SYSTEM_NAMES = ("search-engine", "whoosh", "fts5")
STAGES = ("build", "queries", "cold", "imports", "reindex")  # what --rows may name; the builds always run
OURS = "search-engine"


# ---------------------------------------------------------------- small pure helpers

def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def ratio(ours: float | None, baseline: float | None) -> float | None:
    if ours is None or not baseline:
        return None
    return ours / baseline


def maxrss_bytes() -> int:
    """This process's peak resident set size (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def child_env() -> dict[str, str]:
    """The environment of every child process: this project's engine first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def guarded(stage: str, measure: Callable, *args):
    """``measure(*args)``, or ``{"error": ...}``: the engine may change under a long run, the rest goes on."""
    try:
        return measure(*args)
    except Exception as e:  # noqa: BLE001 - whatever a half-edited engine raises, the other stages still run
        log(f"{stage} failed: {type(e).__name__}: {e}")
        return {"error": f"{stage}: {type(e).__name__}: {e}"}


def engine_fingerprint() -> str:
    """SHA-256 of the engine's source files, to tell whether the engine changed during the run."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "search_engine").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# ---------------------------------------------------------------- queries

@dataclass(frozen=True)
class Query:
    category: str
    text: str


def load_queries(path: Path = QUERIES) -> list[Query]:
    """``category<TAB>query`` lines; ``#`` starts a comment line."""
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        category, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise ValueError(f"{path.name} line {number}: expected category<TAB>query")
        queries.append(Query(category.strip(), text.strip()))
    return queries


def translate_all(queries: Sequence[Query]) -> tuple[dict[str, dict[str, str | None]], dict[str, dict[str, str]]]:
    """``{system: {query: what the system is sent, or None}}`` and ``{system: {query: why it cannot be sent}}``."""
    sent: dict[str, dict[str, str | None]] = {name: {} for name in SYSTEM_NAMES}
    reasons: dict[str, dict[str, str]] = {}
    for name in SYSTEM_NAMES:
        for q in queries:
            try:
                sent[name][q.text] = ps.SYSTEMS[name].translate(q.text)
            except ps.Untranslatable as e:
                sent[name][q.text] = None
                reasons.setdefault(name, {})[q.text] = str(e)
    return sent, reasons


# ---------------------------------------------------------------- the corpus and its replication

@dataclass(frozen=True)
class Corpus:
    name: str  # frus, standin, seeds, real
    description: str
    files: tuple[Path, ...]  # the sources of one copy
    copies_per_unit: int  # copies of the files at 1x
    replicated: bool = True  # False: the real corpus, one copy only


def choose_corpus(kind: str | None, frus: Path, jfk: Path = DEFAULT_JFK) -> tuple[Corpus, list[str]]:
    """The corpus asked for (default: FRUS + seeds when the FRUS file is there, else the stand-in) and notes."""
    seeds = tuple(sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md")))
    notes = []
    if kind == "real":
        scans = tuple(sorted(p for p in jfk.glob("*.md") if p.name != "SOURCE.md")) if jfk.is_dir() else ()
        if not frus.is_file() or not scans:
            raise SystemExit(f"--corpus real needs the FRUS volume ({frus}) and the JFK OCR folder ({jfk})")
        return Corpus("real", f"FRUS 1961-63 vol. VI ({frus.name}) + seeds/ ({len(seeds)} files) + {len(scans)} "
                              f"OCR'd JFK files ({jfk.name}/), one copy each (not replicated)",
                      (frus, *seeds, *scans), 1, replicated=False), notes
    if kind in (None, "frus") and not frus.is_file():
        notes.append(f"FRUS volume not found at {frus}: using the stand-in corpus instead.")
        kind = "standin"
    kind = kind or "frus"
    if kind == "frus":
        return Corpus("frus", f"FRUS 1961-63 vol. VI ({frus.name}) + seeds/ ({len(seeds)} files)",
                      (frus, *seeds), 1), notes
    if kind == "standin":
        return Corpus("standin", f"stand-in for FRUS: seeds/ ({len(seeds)} files) copied {STANDIN_COPIES} times "
                                 f"per 1x, about FRUS vol. VI's passage count", seeds, STANDIN_COPIES), notes
    return Corpus("seeds", f"seeds/ only ({len(seeds)} files)", seeds, 1), notes


_ROOT_TAG = re.compile(r"<(?:[\w.-]+:)?(?:TEI|teiCorpus)\b[^>]*>")
_XML_ID = re.compile(r'(\bxml:id\s*=\s*")([^"]*)(")')


def tei_copy(data: bytes, copy: int, stem: str) -> bytes:
    """A TEI file whose root xml:id (the volume id our reader puts in every document id) ends in -x<copy>."""
    text = data.decode("utf-8")
    root = _ROOT_TAG.search(text)
    if root is None:
        raise ValueError("no TEI root element")
    tag = root.group(0)
    if _XML_ID.search(tag):
        new_tag = _XML_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}-x{copy}{m.group(3)}", tag, count=1)
    else:
        new_tag = tag[:-1] + f' xml:id="{stem}-x{copy}">'
    return (text[:root.start()] + new_tag + text[root.end():]).encode("utf-8")


def copy_name(path: Path, copy: int) -> str:
    return path.name if copy == 1 else f"{path.stem}-x{copy}{path.suffix}"


def replicate(corpus: Corpus, scale: int, folder: Path) -> dict[Path, list[tuple[int, Path]]]:
    """Write ``scale`` x copies_per_unit copies of the corpus files into ``folder``: {source: [(copy, path)]}."""
    from search_engine.ingest.readers import sniff_format

    folder.mkdir(parents=True)
    written: dict[Path, list[tuple[int, Path]]] = {}
    for source in corpus.files:
        data = source.read_bytes()
        is_tei = sniff_format(str(source), data) == "tei"
        for copy in range(1, scale * corpus.copies_per_unit + 1):
            target = folder / copy_name(source, copy)
            target.write_bytes(tei_copy(data, copy, source.stem) if is_tei and copy > 1 else data)
            written.setdefault(source, []).append((copy, target))
    return written


def file_passages(path: Path) -> list[tuple[str, str]]:
    """(passage id, paragraph text) of every document of one source file, as our reader parses it."""
    from search_engine.ingest.readers import read_documents

    return [(doc.passage_id(p.number), p.text) for doc in read_documents(str(path)) for p in doc.paragraphs]


def copy_passages(passages: Sequence[tuple[str, str]], copy: int) -> list[tuple[str, str]]:
    """The baselines' passages of one copy of a file: the same texts, ids prefixed by the copy number."""
    return [(f"x{copy}/{pid}", text) for pid, text in passages]


# ---------------------------------------------------------------- builds, each in a fresh process

def build_child(system: str, source: Path, dest: Path) -> None:
    """``--_build``: build one index in this fresh process and print its figures as one JSON line."""
    impl = ps.SYSTEMS[system]
    impl.prepare()
    what = source if system == OURS else ps.read_passages(source)
    started = time.perf_counter()
    info = impl.build(what, dest)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "maxrss": maxrss_bytes(), "own_cpu_seconds": own.ru_utime + own.ru_stime,
                      **info}))


def run_build(system: str, source: Path, dest: Path) -> dict:
    """One build in a child process; ``{"error": ...}`` when it fails (the engine may be mid-change). Its
    ``maxrss`` is the peak of its processes together (see :func:`tree_rss`), or its own if that is larger."""
    command = [sys.executable, str(Path(__file__).resolve()), "--_build", system, str(source), str(dest)]
    return measure_child(command, child_env())


def measure_child(command: list[str], env: dict[str, str]) -> dict:
    """Run a ``--_build`` child (``command``) and return its JSON line with the peak RSS of its process tree and
    its CPU seconds (its own and its waited-for workers'); ``{"error": ...}`` when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        peak = 0
        while child.poll() is None:
            peak = max(peak, tree_rss(child.pid))
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child and the workers it waited for
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if child.returncode != 0:
        return {"error": (stderr.strip().splitlines() or [f"exit code {child.returncode}"])[-1]}
    result = json.loads(stdout.strip().splitlines()[-1])
    return {**result, "own_maxrss": result["maxrss"], "maxrss": max(result["maxrss"], peak), "cpu_seconds": cpu}


def tree_rss(pid: int) -> int:
    """Bytes of memory process ``pid`` and its descendants hold now (Linux's /proc; 0 elsewhere): the sum of
    their proportional set sizes (a page shared by n processes counts 1/n in each: a forked worker shares its
    parent's pages until one writes them), or of their resident sets where the kernel gives no PSS."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += _proc_kib(f"/proc/{p}/smaps_rollup", "Pss:") or _proc_kib(f"/proc/{p}/status", "VmRSS:")
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as f:
                todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total * 1024


def _proc_kib(path: str, key: str) -> int:
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return next((int(line.split()[1]) for line in f if line.startswith(key)), 0)
    except OSError:
        return 0


def measure_builds(sources: dict[str, Path], work: Path, repeat: int, scale: int) -> dict[str, dict]:
    """Median build time and peak RSS of each system over ``repeat`` builds; the last index is kept in work/."""
    runs: dict[str, list[dict]] = {name: [] for name in SYSTEM_NAMES}
    for r in range(repeat):
        for name in SYSTEM_NAMES:  # interleaved, so that a noisy minute hits every system
            dest = work / name
            if dest.exists():
                shutil.rmtree(dest)
            result = run_build(name, sources[name], dest)
            runs[name].append(result)
            shown = result.get("error") or f"{result['seconds']:.2f} s, {result['maxrss'] / 2**20:.0f} MB"
            log(f"[{scale}x] build {name} {r + 1}/{repeat}: {shown}")
    out = {}
    for name, results in runs.items():
        good = [r for r in results if "error" not in r]
        if not good:
            out[name] = {"error": results[-1]["error"], "runs": results}
            continue
        seconds = statistics.median(r["seconds"] for r in good)
        passages = good[-1]["passages"]
        out[name] = {"seconds": seconds, "passages_per_second": passages / seconds if seconds else None,
                     "cpu_seconds": statistics.median(r["cpu_seconds"] for r in good),
                     "peak_rss_bytes": max(r["maxrss"] for r in good), "passages": passages,
                     "index_bytes": ps.folder_bytes(work / name), "runs": results}
        if "error" in results[-1]:
            out[name]["error"] = results[-1]["error"]
            out[name]["index_bytes"] = None
    return out


# ---------------------------------------------------------------- warm queries

def time_queries(search: Callable[[str], object], sent: dict[str, str], runs: int, errors: tuple) -> dict:
    """{query: {"ms": median of ``runs`` timed runs, "hits": n}} after one untimed pass; failures as "error"."""
    out: dict[str, dict] = {}
    for query, expression in sent.items():
        try:
            out[query] = {"hits": len(search(expression)), "samples": []}
        except errors as e:
            out[query] = {"error": f"{type(e).__name__}: {e}"}
    for _ in range(runs):
        for query, expression in sent.items():
            if "error" in out[query]:
                continue
            started = time.perf_counter()
            search(expression)
            out[query]["samples"].append((time.perf_counter() - started) * 1000)
    for entry in out.values():
        if "samples" in entry:
            entry["ms"] = statistics.median(entry.pop("samples"))
    return out


def measure_queries(work: Path, sent: dict[str, dict[str, str | None]], runs: int, scale: int) -> dict[str, dict]:
    """Per-query medians with and without snippets for each system that has an index here."""
    return {name: guarded(f"queries of {name}", system_queries, name, work / name, sent[name], runs, scale)
            for name in SYSTEM_NAMES if (work / name).exists()}


def system_queries(name: str, index: Path, sent: dict[str, str | None], runs: int, scale: int) -> dict:
    queries = {q: e for q, e in sent.items() if e is not None}
    searcher = ps.SYSTEMS[name].Searcher(index)
    try:
        with_snippets = time_queries(lambda e: searcher.search(e, snippets=True), queries, runs, searcher.errors)
        skip = name != OURS or searcher.can_skip_snippets
        without = (time_queries(lambda e: searcher.search(e, snippets=False), queries, runs, searcher.errors)
                   if skip else with_snippets)
    finally:
        searcher.close()
    ok = [e["ms"] for e in with_snippets.values() if "ms" in e]
    log(f"[{scale}x] queries {name}: {len(ok)} ran, median {statistics.median(ok) if ok else 0:.2f} ms with snippets")
    out = {"with_snippets": with_snippets, "without_snippets": without, "without_snippets_measured": skip}
    if name == OURS:  # the web page's case: a long-lived process, every query with its facets (issue 13)
        searcher = ps.SYSTEMS[name].Searcher(index)
        try:
            out["with_facets"] = time_queries(lambda e: searcher.search(e, snippets=True, facets=True), queries,
                                              runs, searcher.errors)
        finally:
            searcher.close()
    return out


def latency_summary(per_query: dict[str, dict]) -> dict[str, dict]:
    """p50/p95 per system and mode over the queries every measured system ran, and over each system's own."""
    def timed(name, mode):
        return {q: e["ms"] for q, e in per_query[name][mode].items() if "ms" in e}

    modes = ("without_snippets", "with_snippets")
    measured = [name for name, entry in per_query.items() if "error" not in entry]
    common = set.intersection(*(set(timed(n, m)) for n in measured for m in modes)) if measured else set()
    out = {}
    for name in measured:
        out[name] = {"queries_common": len(common)}
        for mode in modes:
            own = timed(name, mode)
            shared = [own[q] for q in common]
            out[name][mode] = {"p50_ms": percentile(shared, 50), "p95_ms": percentile(shared, 95),
                               "own_queries": len(own), "own_p50_ms": percentile(list(own.values()), 50),
                               "own_p95_ms": percentile(list(own.values()), 95)}
        if "with_facets" in per_query[name]:  # over every query it ran: no baseline counts facets
            own = list(timed(name, "with_facets").values())
            out[name]["with_facets"] = {"p50_ms": percentile(own, 50), "p95_ms": percentile(own, 95),
                                        "own_queries": len(own)}
    return out


# ---------------------------------------------------------------- fresh processes: cold start, nltk check

def time_process(command: list[str], runs: int) -> dict:
    """Median wall time of ``runs`` fresh processes, after one untimed run (files in the page cache)."""
    env = child_env()
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if first.returncode != 0:
        return {"error": (first.stderr.strip().splitlines() or [f"exit code {first.returncode}"])[-1]}
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        samples.append((time.perf_counter() - started) * 1000)
    return {"ms": statistics.median(samples), "samples_ms": samples,
            "printed_lines": len(first.stdout.splitlines())}


def measure_cold_start(work: Path, runs: int, scale: int) -> dict:
    # byte-compile the engine first, as installing it from a wheel does: whoosh and nltk were compiled when
    # pip installed them, while an editable checkout (or PYTHONDONTWRITEBYTECODE=1) recompiles every
    # module of ours in every fresh process
    import compileall

    compileall.compile_dir(str(ROOT / "search_engine"), quiet=1)
    out = {"query": COLD_QUERY, "python_pass": time_process([sys.executable, "-c", "pass"], runs)}
    for name in SYSTEM_NAMES:
        if (work / name).exists():
            impl = ps.SYSTEMS[name]
            out[name] = time_process(impl.cold_command(work / name, impl.translate(COLD_QUERY)), runs)
            out[name]["command"] = impl.cold_label
            log(f"[{scale}x] cold start {name}: {out[name].get('ms', 0):.0f} ms {out[name].get('error', '')}")
    return out


_IMPORT_CHECK = """\
import json, runpy, sys
sys.argv = ["search-engine", *json.loads(sys.argv[1])]
code = 0
try:
    runpy.run_module("search_engine", run_name="__main__", alter_sys=True)
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
sys.stdout.flush()
stemming = sys.modules.get("search_engine.analysis.stemming")  # nltk's Snowball loaded alone (see stemming.py)
nltk = "nltk" in sys.modules or bool(stemming and stemming.stemmers_loaded())
print("\\n@@imports " + json.dumps({"exit": code, "nltk": nltk, "whoosh": "whoosh" in sys.modules}))
"""


def check_imports(index_dir: Path, shown: str) -> dict[str, dict]:
    """Which of nltk and whoosh ``--help``, ``list`` and ``show ID`` import, each in a fresh process."""
    commands = {"--help": ["--help"], "list": ["--index", str(index_dir), "list"],
                f"show {shown}": ["--index", str(index_dir), "show", shown]}
    out = {}
    for label, args in commands.items():
        done = subprocess.run([sys.executable, "-c", _IMPORT_CHECK, json.dumps(args)], capture_output=True,
                              text=True, env=child_env(), check=False)
        marker = [line for line in done.stdout.splitlines() if line.startswith("@@imports ")]
        if marker:
            out[label] = json.loads(marker[-1].split(" ", 1)[1])
        else:
            out[label] = {"error": (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]}
    return out


# ---------------------------------------------------------------- re-index one changed document

def measure_reindex(work: Path, changed: Path, copy: int, old: list[tuple[str, str]], scale: int) -> dict:
    """Append a paragraph to ``changed`` (a copy in our engine's folder) and time each system's update."""
    with open(changed, "a", encoding="utf-8") as f:
        f.write(APPENDED)
    new = copy_passages(file_passages(changed), copy)
    old_ids = [pid for pid, _ in copy_passages(old, copy)]
    out = {"file": changed.name, "passages_before": len(old_ids), "passages_after": len(new)}
    for name in SYSTEM_NAMES:
        if not (work / name).exists():
            continue
        impl = ps.SYSTEMS[name]
        started = time.perf_counter()
        try:
            info = impl.update(work / name) if name == OURS else impl.update(work / name, old_ids, new)
        except Exception as e:  # noqa: BLE001 - the engine may be mid-change under us: report, go on
            out[name] = {"error": f"{type(e).__name__}: {e}"}
            continue
        out[name] = {"seconds": time.perf_counter() - started, **info}
        log(f"[{scale}x] re-index one document {name}: {out[name]['seconds']:.3f} s")
    return out


# ---------------------------------------------------------------- one scale

def run_scale(corpus: Corpus, base: dict[Path, list[tuple[str, str]]], scale: int, settings: dict,
              queries: dict[str, dict[str, str | None]], cold: bool, smallest: bool) -> dict:
    rows = settings.get("rows", STAGES)
    with tempfile.TemporaryDirectory(prefix=f"bench-{scale}x-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        written = replicate(corpus, scale, tmp / "sources")
        passages = [p for source, copies in written.items() for copy, _ in copies
                    for p in copy_passages(base[source], copy)]
        ps.write_passages(tmp / "passages.jsonl", passages)
        files = sum(len(c) for c in written.values())
        log(f"[{scale}x] {files} files, {len(passages)} passages written in {time.perf_counter() - started:.1f} s")
        sources = {OURS: tmp / "sources", "whoosh": tmp / "passages.jsonl", "fts5": tmp / "passages.jsonl"}
        work = tmp / "indexes"
        work.mkdir()
        result: dict = {"scale": scale, "files": files, "passages": len(passages),
                        "copies": scale * corpus.copies_per_unit, "real": not corpus.replicated}
        result["build"] = measure_builds(sources, work, settings["repeat"](scale), scale)
        counts = {n: b.get("passages") for n, b in result["build"].items()}
        result["passage_counts"] = counts
        result["passage_counts_match"] = len({c for c in counts.values() if c is not None}) <= 1
        for name, build in result["build"].items():
            if build.get("skipped"):
                result.setdefault("warnings", []).append(f"{name} skipped files: {build['skipped'][:3]}")
        for name in SYSTEM_NAMES:  # a failed last build leaves nothing to query
            if "error" in result["build"][name] and (work / name).exists():
                shutil.rmtree(work / name)
        if "queries" in rows:
            result["queries"] = guarded("queries", measure_queries, work, queries, settings["query_runs"], scale)
            result["latency"] = guarded("latency", latency_summary, result["queries"])
        if cold and "cold" in rows:
            result["cold_start"] = guarded("cold start", measure_cold_start, work, settings["cold_runs"], scale)
        text_sources = [s for s in corpus.files if s.suffix in (".txt", ".md")]
        if smallest and "imports" in rows and (work / OURS).exists():
            shown = base[text_sources[-1]][0][0].rpartition("#p")[0]  # a document of copy 1: its id unchanged
            result["imports"] = check_imports(work / OURS, shown)
        # at every scale (its cost should follow the changed document, not the archive: issue 13)
        copy, path = written[text_sources[-1]][0]
        if "reindex" in rows:
            result["reindex"] = guarded("re-index", measure_reindex, work, path, copy, base[text_sources[-1]], scale)
        result["seconds"] = time.perf_counter() - started
        return result


# ---------------------------------------------------------------- targets, tables

def figures(result: dict) -> dict[str, dict[str, float | None]]:
    """{figure: {system: value}} of one scale, the rows of its table."""
    rows: dict[str, dict[str, float | None]] = {}

    def put(figure, get):
        rows[figure] = {}
        for name in SYSTEM_NAMES:
            try:
                rows[figure][name] = get(name)
            except (KeyError, TypeError):
                rows[figure][name] = None

    build, latency = result["build"], result.get("latency", {})
    put("build_s", lambda n: build[n]["seconds"])
    put("build_cpu_s", lambda n: build[n]["cpu_seconds"])
    put("passages_per_s", lambda n: build[n]["passages_per_second"])
    put("peak_rss_mb", lambda n: build[n]["peak_rss_bytes"] / 2**20)
    put("index_mb", lambda n: build[n]["index_bytes"] / 2**20)
    if "latency" not in result:  # --rows without queries
        return _cold_and_reindex(result, put, rows)
    put("search_p50_ms", lambda n: latency[n]["without_snippets"]["p50_ms"])
    put("search_p95_ms", lambda n: latency[n]["without_snippets"]["p95_ms"])
    put("snippets_p50_ms", lambda n: latency[n]["with_snippets"]["p50_ms"])
    put("snippets_p95_ms", lambda n: latency[n]["with_snippets"]["p95_ms"])
    put("facets_p50_ms", lambda n: latency[n]["with_facets"]["p50_ms"])
    put("facets_p95_ms", lambda n: latency[n]["with_facets"]["p95_ms"])
    return _cold_and_reindex(result, put, rows)


def _cold_and_reindex(result: dict, put: Callable, rows: dict) -> dict:
    if "cold_start" in result:
        put("cold_start_ms", lambda n: result["cold_start"][n]["ms"])
    if "reindex" in result:
        put("reindex_s", lambda n: result["reindex"][n]["seconds"])
    return rows


LABELS = {
    "build_s": "build, s",
    "build_cpu_s": "build, CPU s (its processes: starting Python, importing, reading, indexing)",
    "passages_per_s": "build, passages/s",
    "peak_rss_mb": "build peak RSS, MB",
    "index_mb": "index size, MB",
    "search_p50_ms": "search p50, ms (no snippets)",
    "search_p95_ms": "search p95, ms (no snippets)",
    "snippets_p50_ms": "search + snippets p50, ms",
    "snippets_p95_ms": "search + snippets p95, ms",
    "facets_p50_ms": "warm search + snippets + facets p50, ms (every query)",
    "facets_p95_ms": "warm search + snippets + facets p95, ms (every query)",
    "cold_start_ms": "CLI cold start, ms",
    "reindex_s": "re-index one document, s",
}


def targets_of(result: dict, rows: dict) -> dict[str, tuple[str, bool | None]]:
    """{figure: (target text, passed)} for the figures with a target at this scale."""
    out = {}

    def against_whoosh(figure, limit):
        r = ratio(rows[figure]["search-engine"], rows[figure]["whoosh"])
        return (f"<= {limit}x whoosh", None if r is None else r <= limit)

    if result["scale"] >= 16:
        out["build_s"] = against_whoosh("build_s", 1.0)
        out["peak_rss_mb"] = against_whoosh("peak_rss_mb", 1.0)
    if "snippets_p50_ms" not in rows:  # --rows without queries
        return _reindex_target(result, rows, out)
    out["snippets_p50_ms"] = against_whoosh("snippets_p50_ms", 0.5)
    out["snippets_p95_ms"] = against_whoosh("snippets_p95_ms", 0.5)
    if result["scale"] >= 64:  # and within reach of FTS5 (issue 13)
        for figure in ("snippets_p50_ms", "snippets_p95_ms"):
            r = ratio(rows[figure]["search-engine"], rows[figure]["fts5"])
            out[figure + "_fts5"] = ("<= 4x fts5", None if r is None else r <= 4.0)
    if "cold_start_ms" in rows:
        out["cold_start_ms"] = against_whoosh("cold_start_ms", 0.5)
    if result["scale"] >= 64:  # the web page's warm queries (issue 13)
        ours = rows["facets_p95_ms"]["search-engine"]
        out["facets_p95_ms"] = ("< 50 ms", None if ours is None else ours < 50.0)
    return _reindex_target(result, rows, out)


def _reindex_target(result: dict, rows: dict, out: dict) -> dict:
    if "reindex_s" in rows and result["scale"] >= 64:
        ours = rows["reindex_s"]["search-engine"]
        out["reindex_s"] = ("< 1 s", None if ours is None else ours < 1.0)
    return out


def growth_targets(results: list[dict]) -> list[dict]:
    """Query cost grows at most linearly with the corpus from 16x up (issue 13): for each pair of scales from 16x,
    (ours at the larger / ours at the smaller) / (passages at the larger / passages at the smaller) <= 1."""
    out = []
    replicated = [r for r in results if r["scale"] >= 16 and not r.get("real") and "snippets_p50_ms" in r["figures"]]
    for small, large in zip(replicated, replicated[1:], strict=False):
        for figure in ("snippets_p50_ms", "snippets_p95_ms"):
            a, b = small["figures"][figure]["search-engine"], large["figures"][figure]["search-engine"]
            growth = None if not a or b is None else (b / a) / (large["passages"] / small["passages"])
            out.append({"target": f"{LABELS[figure]} grows at most as the passages do",
                        "scale": f"{small['scale']}× → {large['scale']}×",
                        "value": "—" if growth is None else f"{growth:.2f}x linear",
                        "passed": None if growth is None else growth <= 1.0})
    return out


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def _verdict(passed: bool | None) -> str:
    return "—" if passed is None else ("PASS" if passed else "MISS")


def scale_table(result: dict, rows: dict, targets: dict, repeat: int, copies_of: str) -> list[str]:
    lines = [(f"## {result['scale']}×: {result['passages']:,} passages, {result['files']} files, "
              f"replicated ×{result['scale']} (copies of the same {copies_of})") if not result.get("real") else
             f"## Real corpus: {result['passages']:,} passages, {result['files']} files, not replicated", ""]
    if not result["passage_counts_match"]:
        lines += [f"**Passage counts differ between systems: {result['passage_counts']}**", ""]
    lines += ["| figure | search-engine | whoosh | fts5 | ours / whoosh | ours / fts5 | target | |",
              "|---|---:|---:|---:|---:|---:|---|---|"]
    unmeasured = not result.get("queries", {}).get(OURS, {}).get("without_snippets_measured", True)
    for figure, values in rows.items():
        label = LABELS[figure] + (f" (median of {repeat})" if figure == "build_s" else "")
        ours = _num(values["search-engine"])
        if unmeasured and figure in ("search_p50_ms", "search_p95_ms") and values["search-engine"] is not None:
            ours += " †"
        target, passed = targets.get(figure, ("", None))
        if figure + "_fts5" in targets:
            more, also = targets[figure + "_fts5"]
            target, passed = f"{target}, {more}", (None if passed is None or also is None else passed and also)
        lines.append(f"| {label} | {ours} | {_num(values['whoosh'])} | {_num(values['fts5'])} | "
                     f"{_ratio(ratio(values['search-engine'], values['whoosh']))} | "
                     f"{_ratio(ratio(values['search-engine'], values['fts5']))} | {target} | "
                     f"{_verdict(passed) if figure in targets else ''} |")
    lines.append("")
    common = [entry["queries_common"] for entry in result.get("latency", {}).values() if isinstance(entry, dict)]
    if common:
        lines.append(f"Latency over the {common[0]} queries every system ran (warm, median of each query's runs, "
                     "top 10).  ")
    cold = result.get("cold_start", {})
    if "python_pass" in cold:
        lines.append(f"Cold start of `{cold['query']}` with snippets; `python -c pass` takes "
                     f"{_num(cold['python_pass'].get('ms'))} ms.  ")
    lines += [f"{error}  " for error in failures(result)]
    return lines + [""]


def failures(result: dict) -> list[str]:
    """What failed at one scale: builds, stages, processes, and the queries a system rejected."""
    out = []
    for stage in ("build", "queries", "cold_start", "reindex"):
        entries = result.get(stage, {})
        if "error" in entries:
            out.append(f"Failed: {entries['error']}")
            continue
        for name, entry in entries.items():
            if isinstance(entry, dict) and "error" in entry:
                out.append(f"Failed: {stage} of {name}: {entry['error']}")
    out += result.get("warnings", [])
    for name, entry in result.get("queries", {}).items():
        rejected = [q for q, e in entry.get("with_snippets", {}).items() if "error" in e] if isinstance(entry, dict) else []
        if rejected:
            out.append(f"{name} rejected {len(rejected)} queries: " + ", ".join(f"`{q}`" for q in rejected))
    return out


def markdown(report: dict) -> str:
    machine = report["machine"]
    scales = ", ".join(f"{s}×" for s in report["scales"])
    lines = ["# Performance benchmark", "",
             (f"{report['date']} · {machine['platform']} · {machine['cpus']} CPUs · Python {machine['python']} · "
              f"whoosh {machine['whoosh']} · nltk {machine['nltk']} · SQLite {machine['sqlite']} · "
              f"commit {machine['commit']} (engine source {machine['engine_source']}) · "
              f"load average {machine['load_before']} -> {machine['load_after']}  "),
             (f"Corpus: {report['corpus']['description']}; scales {scales}, "
              f"scale k replicated ×k (copies of the same {report['corpus']['copies_of']}).  "),
             (f"Parsing the 1× sources with our reader takes {report['corpus']['parse_seconds']:.2f} s; it is part "
              "of search-engine's build time, not of the baselines' (they index the parsed passage texts).  "),
             ("Ratios are ours / baseline from this run (below 1: ours faster or smaller; for passages/s, above 1 "
              "is better). Compare ratios, not absolute times across runs: the machine is shared.  ")]
    lines += [f"{note}  " for note in report["notes"]] + [""]
    for result in report["results"]:
        lines += scale_table(result, result["figures"], result["targets"], result["repeat"],
                             report["corpus"]["copies_of"])
    checks = report.get("imports") or {}
    if checks:
        lines += ["## Commands that must not import nltk", "",
                  "| command | exit | nltk imported | whoosh imported | target | |", "|---|---:|---|---|---|---|"]
        for command, check in checks.items():
            if "error" in check:
                lines.append(f"| `search-engine {command}` | — | — | — | no nltk | MISS ({check['error']}) |")
                continue
            lines.append(f"| `search-engine {command}` | {check['exit']} | {'yes' if check['nltk'] else 'no'} | "
                         f"{'yes' if check['whoosh'] else 'no'} | no nltk | {_verdict(not check['nltk'])} |")
        lines.append("")
    lines += ["## Targets", "", "| target | scale | value | |", "|---|---:|---:|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['target']} | {t['scale']} | {t['value']} | {_verdict(t['passed'])} |")
    return "\n".join(lines) + "\n"


def target_list(results: list[dict], imports: dict) -> list[dict]:
    out = []
    for result in results:
        for target, (text, passed) in result["targets"].items():
            figure = target.removesuffix("_fts5")
            values = result["figures"][figure]
            value = (_num(values["search-engine"]) + " s" if figure == "reindex_s"
                     else _num(values["search-engine"]) + " ms" if figure == "facets_p95_ms"
                     else _ratio(ratio(values["search-engine"], values["fts5" if target != figure else "whoosh"])))
            out.append({"target": f"{LABELS[figure]} {text}", "scale": f"{result['scale']}×", "value": value,
                        "passed": passed})
    out += growth_targets(results)
    for command, check in imports.items():
        out.append({"target": f"`search-engine {command}` does not import nltk", "scale": "—",
                    "value": "error" if "error" in check else ("nltk imported" if check["nltk"] else "no nltk"),
                    "passed": None if "error" in check else not check["nltk"]})
    return out


def machine_info() -> dict:
    import sqlite3

    import nltk
    import whoosh

    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"platform": platform.platform(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "python": platform.python_version(), "whoosh": whoosh.versionstring(), "nltk": nltk.__version__,
            "sqlite": sqlite3.sqlite_version, "commit": commit,
            "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()), "engine_source": engine_fingerprint()}


# ---------------------------------------------------------------- main

def parse_rows(text: str) -> tuple[str, ...]:
    rows = tuple(r.strip() for r in text.split(",") if r.strip())
    unknown = [r for r in rows if r not in STAGES]
    if unknown or not rows:
        raise argparse.ArgumentTypeError(f"--rows takes stages of {','.join(STAGES)} separated by commas, not {text!r}")
    return rows


def parse_scales(text: str) -> list[int]:
    try:
        scales = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scale takes whole numbers separated by commas, not {text!r}") from None
    if not scales or scales[0] < 1:
        raise argparse.ArgumentTypeError("--scale needs at least one scale, each 1 or more")
    return scales


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=parse_scales, default=[1, 4, 16], help="replication factors (default 1,4,16)")
    parser.add_argument("--repeat", type=int, help="builds per system and scale (default 3 up to 4x, 1 above)")
    parser.add_argument("--query-runs", type=int, help="timed runs of each query (default 5)")
    parser.add_argument("--cold-runs", type=int, help="fresh processes per cold start (default 5)")
    parser.add_argument("--corpus", choices=("frus", "standin", "seeds", "real"),
                        help="frus (default when the FRUS file is there), standin (seeds copied to FRUS's size), "
                             "seeds (the two seeds alone), real (FRUS + seeds + the 561 OCR'd JFK files, one copy: "
                             "--scale 1 only)")
    parser.add_argument("--frus", type=Path, default=DEFAULT_FRUS, help=f"the FRUS TEI volume (default {DEFAULT_FRUS})")
    parser.add_argument("--jfk", type=Path, default=DEFAULT_JFK, help=f"the JFK OCR folder (default {DEFAULT_JFK})")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 1 build, 1 timed run of every 4th query, 2 cold starts")
    parser.add_argument("--rows", type=parse_rows, default=STAGES,
                        help="the stages to measure, of " + ",".join(STAGES) + " (default all; the builds always run): "
                             "--rows build,reindex for the build, its memory and the update alone")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"folder for latest.md and latest.json (default {RESULTS})")
    parser.add_argument("--_build", nargs=3, metavar=("SYSTEM", "SOURCE", "DEST"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._build:
        system, source, dest = args._build
        build_child(system, Path(source), Path(dest))
        return 0

    started = time.perf_counter()
    settings = {
        "repeat": (lambda scale: args.repeat) if args.repeat else (lambda scale: 1 if args.quick or scale > 4 else 3),
        "query_runs": args.query_runs or (1 if args.quick else 5),
        "cold_runs": args.cold_runs or (2 if args.quick else 5),
        "rows": args.rows,
    }
    corpus, notes = choose_corpus(args.corpus, args.frus, args.jfk)
    if not corpus.replicated and args.scale != [1]:
        parser.error("--corpus real is one copy of real files: use --scale 1")
    queries = load_queries()
    if args.quick:
        queries = queries[::4]
    sent, reasons = translate_all(queries)
    for name, skipped in reasons.items():
        notes.append(f"{name} cannot express {len(skipped)} of the {len(queries)} queries: " +
                     "; ".join(f"`{q}` ({why})" for q, why in skipped.items()))
    filtered = [q.text for q in queries if ps.dropped_filters(q.text)]
    if filtered:
        notes.append(f"{len(filtered)} queries carry date:/classification: filters, which the baselines cannot "
                     "apply: they search the words only.")
    notes.append("search-engine's `engine.search` always makes snippets: its 'no snippets' latency (†) is the same "
                 "call as 'with snippets'." if not ps.api_skips_snippets() else
                 "search-engine's 'no snippets' latency passes snippets=False to engine.search.")
    notes.append("tantivy is not measured" + (" (installed, but this script has no tantivy runner)."
                                              if _has_module("tantivy") else " (not installed)."))

    parse_started = time.perf_counter()
    base = {source: file_passages(source) for source in corpus.files}
    parse_seconds = time.perf_counter() - parse_started
    machine = machine_info()
    log(f"corpus: {corpus.description}; {sum(map(len, base.values())) * corpus.copies_per_unit} passages at 1x; "
        f"{len(queries)} queries; scales {args.scale}")

    results = []
    for scale in args.scale:
        smallest, largest = scale == args.scale[0], scale == args.scale[-1]
        result = run_scale(corpus, base, scale, settings, sent, cold=smallest or largest,
                           smallest=smallest)
        result["repeat"] = settings["repeat"](scale)
        result["figures"] = figures(result)
        result["ratios"] = {figure: {b: ratio(values[OURS], values[b]) for b in ps.BASELINES}
                            for figure, values in result["figures"].items()}
        result["targets"] = targets_of(result, result["figures"])
        results.append(result)
    imports = next((r["imports"] for r in results if "imports" in r), {})
    machine["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    machine["engine_source_after"] = engine_fingerprint()
    if machine["engine_source_after"] != machine["engine_source"]:
        notes.append(f"**The engine's source changed during this run** ({machine['engine_source']} -> "
                     f"{machine['engine_source_after']}): the figures may mix versions of search-engine.")

    report = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine,
        "corpus": {"name": corpus.name, "description": corpus.description,
                   "files": [str(f) for f in corpus.files], "copies_per_1x": corpus.copies_per_unit,
                   "passages_1x": sum(map(len, base.values())) * corpus.copies_per_unit,
                   "parse_seconds": parse_seconds, "copies_of": {"frus": "volume", "real": "files"}.get(corpus.name, "seeds"),
                   "replication": "scale k = k copies of the same files, each TEI copy with its own volume id"},
        "scales": args.scale,
        "settings": {"repeat": {str(s): settings["repeat"](s) for s in args.scale},
                     "query_runs": settings["query_runs"], "cold_runs": settings["cold_runs"], "quick": args.quick,
                     "rows": list(args.rows)},
        "queries": {"count": len(queries), "file": str(QUERIES),
                    "sent": {name: sent[name] for name in SYSTEM_NAMES}, "untranslatable": reasons},
        "notes": notes,
        "results": results,
        "imports": imports,
    }
    report["targets"] = target_list(results, imports)
    text = markdown(report)
    print(text, end="")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n",
                                          encoding="utf-8")
    log(f"wrote {args.out / 'latest.md'} and {args.out / 'latest.json'} in {time.perf_counter() - started:.0f} s")
    return 0


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    sys.exit(main())
