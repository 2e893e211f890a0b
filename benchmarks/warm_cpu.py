"""Warm search with top-10 snippets in CPU time: our engine and bare whoosh, query by query in one process.

    python benchmarks/warm_cpu.py [--runs N] [--frus PATH] [--work DIR] [--slowest K]

``benchmarks/run.py`` times each system's queries in wall time, one system after the other: on a shared machine
the load moves between the two, and a ratio of wall times moves with it (at a load of 8 to 15 its ratio to bare
whoosh at 1x went from 0.04x to 0.30x between two runs of the same code). Here each query of ``queries.txt``
is run by our engine (``engine.search(q, limit=10)``, snippets on; and again with ``facets=True``) and by bare
whoosh (run.py's baseline: the same passages, ``QueryParser("body")``, ContextFragmenter highlights), one right
after the other, ``--runs`` times after one untimed pass, and timed by the process's CPU time; the median of each
query's runs, then p50 and p95 over the queries both systems ran, as run.py takes them. The corpus is run.py's
1x (the FRUS volume and the seeds), indexed once into ``--work`` (kept for the next run) or a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import perf_systems as ps  # noqa: E402
import run as bench  # noqa: E402


def cpu_ms(call) -> float:
    started = time.process_time()
    call()
    return (time.process_time() - started) * 1000


def indexes(work: Path, frus: Path) -> tuple[Path, Path]:
    """Our index and bare whoosh's of run.py's 1x corpus in ``work``, built when they are not there."""
    corpus, _ = bench.choose_corpus("frus", frus)
    ours, whoosh = work / "search-engine", work / "whoosh"
    if not ours.exists():
        from search_engine import SearchEngine

        SearchEngine(ours).index(list(corpus.files), rebuild=True)
    if not whoosh.exists():
        ps.WhooshBaseline.build([p for f in corpus.files for p in bench.file_passages(f)], whoosh)
    return ours, whoosh


def measure(work: Path, frus: Path, runs: int) -> dict[str, dict[str, float]]:
    """Each query's median CPU ms: ``{"ours": ..., "whoosh": ..., "ours_facets": ...}``."""
    ours_dir, whoosh_dir = indexes(work, frus)
    ours, whoosh = ps.OurEngine.Searcher(ours_dir), ps.WhooshBaseline.Searcher(whoosh_dir)
    queries = []
    for q in bench.load_queries():
        try:
            queries.append((q.text, ps.whoosh_query(q.text)))
        except ps.Untranslatable:
            continue
    systems = {"ours": lambda q, w: ours.search(q, snippets=True), "whoosh": lambda q, w: whoosh.search(w, True),
               "ours_facets": lambda q, w: ours.search(q, snippets=True, facets=True)}
    for q, w in queries:
        for search in systems.values():
            search(q, w)
    samples: dict[str, dict[str, list[float]]] = {name: {q: [] for q, _ in queries} for name in systems}
    for _ in range(runs):
        for q, w in queries:
            for name, search in systems.items():
                samples[name][q].append(cpu_ms(lambda: search(q, w)))  # noqa: B023 - called at once
    return {name: {q: statistics.median(v) for q, v in per_query.items()} for name, per_query in samples.items()}


def report(medians: dict[str, dict[str, float]], slowest: int) -> str:
    def pct(name: str, p: float) -> float:
        return bench.percentile(list(medians[name].values()), p)

    lines = [f"{len(medians['ours'])} queries, CPU ms (median of each query's runs):", "",
             "| | ours | bare whoosh | ours / whoosh | ours with facets |", "|---|---:|---:|---:|---:|"]
    for label, p in (("p50", 50), ("p95", 95)):
        lines.append(f"| {label} | {pct('ours', p):.2f} | {pct('whoosh', p):.2f} | "
                     f"{pct('ours', p) / pct('whoosh', p):.2f}x | {pct('ours_facets', p):.2f} |")
    if slowest:
        lines += ["", f"slowest {slowest} of ours (ours, whoosh, ours with facets):"]
        for q in sorted(medians["ours"], key=lambda q: -medians["ours"][q])[:slowest]:
            lines.append(f"  {medians['ours'][q]:7.2f} {medians['whoosh'][q]:7.2f} {medians['ours_facets'][q]:7.2f}  {q}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query (default 5)")
    parser.add_argument("--frus", type=Path, default=bench.DEFAULT_FRUS, help="the FRUS TEI volume")
    parser.add_argument("--work", type=Path, help="folder for the two indexes (kept; default a temporary one)")
    parser.add_argument("--slowest", type=int, default=0, help="also list the K slowest queries")
    args = parser.parse_args(argv)
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        print(report(measure(args.work, args.frus, args.runs), args.slowest))
        return 0
    with tempfile.TemporaryDirectory(prefix="warm-cpu-") as tmp:
        print(report(measure(Path(tmp), args.frus, args.runs), args.slowest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
