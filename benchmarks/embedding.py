"""Embedding benchmark: what one engine shared by threads and kept open for long costs.

    python benchmarks/embedding.py [--parts threads,edits,queries,updates] [--updates 100]
                                   [--corpus frus|seeds] [--reps 5] [--rounds 30] [--json OUT]

On the FRUS volume and the seeds (``../shared/corpora/frus/``, else ``--corpus seeds``), with the queries of
``queries.txt``; each part can be run alone (``--parts``):

- **threads**: the queries answered by one engine from N threads (1, 2, 4, 8), each thread taking the next
  query: per-query latency (median, 95th percentile) and queries per second, against one thread. Python's
  GIL lets only one thread run Python code at a time, so more threads give no more throughput than the
  machine's cores and whoosh's C parts allow; the figure says what a web server's threads get.
- **edits**: what an update costs against a rebuild: ``add()`` of a one-paragraph note, ``add()``
  replacing it, ``delete()`` of it, ``index()`` after one source file changed, ``compact()``, and
  ``index(rebuild=True)``; median of ``--reps`` runs each (the rebuild: best of two).
- **queries**: a long-lived engine answering the queries ``--rounds`` times over, with no update: its
  resident set size after each round. Target: no growth (the last round within 5% of the second, the
  first warming the caches).
- **updates**: see below.

The updates part gives two figures:

- **memory**: a long-lived process opens one SearchEngine and answers the queries of ``queries.txt`` after
  each of ``--updates`` single-file updates made by another process (this one); its resident set size
  after the last update is compared with that of a fresh process that opens the final index and answers
  the same queries twice. Target: within 10%.
- **search time**: the same queries, best of ``--reps`` passes after a warm-up, in a fresh process, on the
  index after the updates, on the same sources rebuilt from scratch, and on the updated index after
  ``compact()``. CPU time of the process (the machine is shared: wall time is given too, but moves with
  other load). Target: after the updates, within 10% of the rebuilt index.

The updates alternate as a user's would: one seed file edited (a paragraph appended, then another), and
one of five small note files written. Each is ``SearchEngine(dir).index()``: an incremental update that
merges segments and document files as index.merge decides. The segment and file counts of the live
generation are printed after each tenth update.

Benchmarks are run by hand; nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FRUS = ROOT.parent / "shared" / "corpora" / "frus" / "frus1961-63v06.xml"
sys.path.insert(0, str(ROOT))

from search_engine import SearchEngine  # noqa: E402

# a process that keeps one engine open: "search" answers the queries and prints its RSS, "quit" ends it
LONG_LIVED = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from search_engine import SearchEngine
    queries = json.loads(sys.argv[3])
    engine = SearchEngine(sys.argv[2])

    def rss_kb():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

    for command in sys.stdin:
        if command.strip() == "quit":
            break
        for _ in range(int(command)):
            for q in queries:
                engine.search(q)
        print(json.dumps({"rss_kb": rss_kb(), "generation": engine.search(queries[0]).generation}), flush=True)
""")

# search timing in a fresh process: the queries once to warm up, then the best of REPS passes
TIMING = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    from search_engine import SearchEngine
    queries, reps = json.loads(sys.argv[3]), int(sys.argv[4])
    engine = SearchEngine(sys.argv[2])
    for q in queries:
        engine.search(q)
    cpu, wall = [], []
    for _ in range(reps):
        c, w = time.process_time(), time.perf_counter()
        for q in queries:
            engine.search(q)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    print(json.dumps({"cpu_s": min(cpu), "wall_s": min(wall)}))
""")


def queries() -> list[str]:
    out = []
    for line in (HERE / "queries.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.partition("\t")[2].strip())
    return out


def layout(index_dir: Path) -> dict[str, int]:
    """Files of the live generation: all of them, whoosh segments, document store files."""
    from search_engine.index.layout import MANIFEST
    from search_engine.index.storage import current_generation

    names = json.loads((current_generation(index_dir) / MANIFEST).read_bytes())["files"]
    return {"files": len(names) + 1, "segments": sum(n.endswith(".seg") for n in names),
            "stores": sum(n.startswith("docs-") for n in names)}


def update(corpus: Path, n: int, seed: Path, seed_text: str) -> None:
    """The n-th single-file change: a seed file edited, or a small note written."""
    if n % 2:
        seed.write_text(seed_text + f"\n\nUpdate {n}: Castro spoke of Berlin and the missiles in Izmir.\n",
                        encoding="utf-8")
    else:
        (corpus / f"note-{n % 5}.txt").write_text(
            f"Note {n}\n\n28 October 1962\n\nKhrushchev and Kennedy on the missiles in Cuba, note {n}.\n",
            encoding="utf-8")


def timing(index_dir: Path, qs: list[str], reps: int) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", TIMING, str(ROOT), str(index_dir), json.dumps(qs), str(reps)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def threads_part(index_dir: Path, qs: list[str], reps: int) -> dict:
    """Latency and throughput of the queries from N threads sharing one engine."""
    engine = SearchEngine(index_dir)
    for q in qs:  # warm: the generation, its searchers' columns, the aliases
        engine.search(q)
    figures = {}
    for n in (1, 2, 4, 8):
        latencies: list[float] = []
        best_wall, cpu = float("inf"), 0.0
        for _ in range(reps):
            todo = iter(qs * 2)
            lock = threading.Lock()
            times: list[float] = []

            def worker(todo=todo, lock=lock, times=times) -> None:
                while True:
                    with lock:
                        q = next(todo, None)
                    if q is None:
                        return
                    t = time.perf_counter()
                    engine.search(q)
                    times.append(time.perf_counter() - t)

            pool = [threading.Thread(target=worker) for _ in range(n)]
            c, w = time.process_time(), time.perf_counter()
            for t in pool:
                t.start()
            for t in pool:
                t.join()
            wall = time.perf_counter() - w
            if wall < best_wall:
                best_wall, cpu, latencies = wall, time.process_time() - c, times
        latencies.sort()
        figures[n] = {"queries": len(latencies), "wall_s": best_wall, "cpu_s": cpu,
                      "qps": len(latencies) / best_wall, "median_ms": 1000 * statistics.median(latencies),
                      "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))]}
    engine.close()
    one = figures[1]
    for n, f in figures.items():
        print(f"  {n} thread{'s' if n > 1 else ' '}: {f['qps']:6.1f} queries/s ({f['qps'] / one['qps']:.2f}x), "
              f"latency median {f['median_ms']:6.1f} ms ({f['median_ms'] / one['median_ms']:.2f}x), "
              f"p95 {f['p95_ms']:6.1f} ms; CPU {f['cpu_s']:.2f} s for {f['queries']} queries in {f['wall_s']:.2f} s")
    return figures


def edits_part(corpus: Path, work: Path, reps: int) -> dict:
    """Seconds per add(), replacing add(), delete(), one-file index(), compact() and rebuild."""
    index_dir = work / "edits"
    engine = SearchEngine(index_dir)
    engine.index(corpus)
    seed = sorted(corpus.glob("*.txt"))[0]
    seed_text = seed.read_text(encoding="utf-8")
    runs: dict[str, list[float]] = {k: [] for k in ("add", "add_replacing", "delete", "index_one_file", "compact")}

    def timed(key: str, call) -> None:
        t = time.perf_counter()
        call()
        runs[key].append(time.perf_counter() - t)

    for n in range(reps):
        timed("add", lambda n=n: engine.add(f"A note {n}\n\nThe Jupiter missiles at Izmir, note {n}.\n", doc_id=f"note-{n}"))
        timed("add_replacing", lambda n=n: engine.add(f"A note {n}\n\nThe Jupiter missiles, again {n}.\n", doc_id=f"note-{n}"))
        timed("delete", lambda n=n: engine.delete(f"note-{n}"))
        seed.write_text(seed_text + f"\n\nEdit {n}: Castro on the missiles.\n", encoding="utf-8")
        timed("index_one_file", lambda: engine.index())
        timed("compact", lambda: engine.compact())
    seed.write_text(seed_text, encoding="utf-8")
    rebuild = []
    for _ in range(2):
        t = time.perf_counter()
        engine.index(rebuild=True)
        rebuild.append(time.perf_counter() - t)
    engine.close()
    figures = {k: statistics.median(v) for k, v in runs.items()}
    figures["rebuild"] = min(rebuild)
    for k, v in figures.items():
        print(f"  {k:15} {v:7.2f} s  ({v / figures['rebuild']:.3f} of a rebuild)")
    return figures


def queries_part(index_dir: Path, qs: list[str], rounds: int) -> dict:
    """RSS of one long-lived engine answering the queries ``rounds`` times, with no update."""
    engine = subprocess.Popen([sys.executable, "-c", LONG_LIVED, str(ROOT), str(index_dir), json.dumps(qs)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert engine.stdin is not None and engine.stdout is not None
    rss = []
    try:
        for n in range(1, rounds + 1):
            engine.stdin.write("1\n")
            engine.stdin.flush()
            rss.append(json.loads(engine.stdout.readline())["rss_kb"] / 1024)
            if n in (1, 2) or n % 10 == 0:
                print(f"  after {n * len(qs):5} queries: RSS {rss[-1]:.1f} MB")
        engine.stdin.write("quit\n")
        engine.stdin.close()
        engine.wait()
    finally:
        if engine.poll() is None:  # interrupted: the long-lived process goes too
            engine.kill()
    figures = {"queries": rounds * len(qs), "rss_mb": rss, "ratio_last_to_second": rss[-1] / rss[1]}
    print(f"  RSS after round 2 {rss[1]:.1f} MB, after round {rounds} {rss[-1]:.1f} MB: "
          f"{figures['ratio_last_to_second']:.3f}x (target <= 1.05)")
    return figures


def updates_part(corpus: Path, work: Path, index_dir: Path, qs: list[str], args: argparse.Namespace) -> dict:
    """RSS of a long-lived engine after ``--updates`` updates by another process, and search time after them."""
    seed = sorted(corpus.glob("*.txt"))[0]
    seed_text = seed.read_text(encoding="utf-8")

    engine = subprocess.Popen([sys.executable, "-c", LONG_LIVED, str(ROOT), str(index_dir), json.dumps(qs)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert engine.stdin is not None and engine.stdout is not None

    def ask(passes: int) -> dict:
        engine.stdin.write(f"{passes}\n")
        engine.stdin.flush()
        return json.loads(engine.stdout.readline())

    try:
        start_rss = ask(2)["rss_kb"]
        rss = [start_rss]
        update_s = []
        for n in range(1, args.updates + 1):
            update(corpus, n, seed, seed_text)
            t = time.perf_counter()
            SearchEngine(index_dir).index()
            update_s.append(time.perf_counter() - t)
            rss.append(ask(1)["rss_kb"])
            if n % 10 == 0:
                print(f"  after {n} updates: engine RSS {rss[-1] / 1024:.1f} MB, {layout(index_dir)}, "
                      f"update {update_s[-1]:.2f} s")
        engine.stdin.write("quit\n")
        engine.stdin.close()
        engine.wait()
    finally:
        if engine.poll() is None:  # interrupted: the long-lived process goes too
            engine.kill()
    fresh = subprocess.Popen([sys.executable, "-c", LONG_LIVED, str(ROOT), str(index_dir), json.dumps(qs)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out, _ = fresh.communicate("2\nquit\n")
    fresh_rss = json.loads(out.splitlines()[0])["rss_kb"]

    updated = timing(index_dir, qs, args.reps)
    updated_layout = layout(index_dir)
    rebuilt_dir = work / "rebuilt"
    SearchEngine(rebuilt_dir).index(corpus)
    rebuilt = timing(rebuilt_dir, qs, args.reps)
    rebuilt_layout = layout(rebuilt_dir)
    t = time.perf_counter()
    SearchEngine(index_dir).compact()
    compact_s = time.perf_counter() - t
    compacted = timing(index_dir, qs, args.reps)
    figures = {
        "updates": args.updates,
        "rss_mb": {"long_lived_start": start_rss / 1024, "long_lived_end": rss[-1] / 1024,
                   "long_lived_peak": max(rss) / 1024, "fresh": fresh_rss / 1024,
                   "ratio_end_to_fresh": rss[-1] / fresh_rss},
        "search_s": {"after_updates": updated, "rebuilt": rebuilt, "compacted": compacted,
                     "ratio_cpu_updates_to_rebuilt": updated["cpu_s"] / rebuilt["cpu_s"],
                     "ratio_cpu_compacted_to_rebuilt": compacted["cpu_s"] / rebuilt["cpu_s"]},
        "layout": {"after_updates": updated_layout, "rebuilt": rebuilt_layout},
        "update_s": {"median": sorted(update_s)[len(update_s) // 2], "max": max(update_s)},
        "compact_s": compact_s,
    }
    r, s = figures["rss_mb"], figures["search_s"]
    print(f"  RSS: long-lived engine {r['long_lived_start']:.1f} MB at start, {r['long_lived_end']:.1f} MB after "
          f"{args.updates} updates (peak {r['long_lived_peak']:.1f}); fresh open {r['fresh']:.1f} MB: "
          f"{r['ratio_end_to_fresh']:.3f}x (target <= 1.10)")
    print(f"  search, {len(qs)} queries, CPU s (wall s): after {args.updates} updates {updated['cpu_s']:.3f} "
          f"({updated['wall_s']:.3f}), rebuilt {rebuilt['cpu_s']:.3f} ({rebuilt['wall_s']:.3f}): "
          f"{s['ratio_cpu_updates_to_rebuilt']:.3f}x (target <= 1.10); after compact() {compacted['cpu_s']:.3f}: "
          f"{s['ratio_cpu_compacted_to_rebuilt']:.3f}x")
    print(f"  files of the live generation: after the updates {updated_layout}, rebuilt {rebuilt_layout}; "
          f"update median {figures['update_s']['median']:.2f} s (max {figures['update_s']['max']:.2f} s), "
          f"compact {compact_s:.2f} s")
    return figures


PARTS = ("threads", "edits", "queries", "updates")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated, of: " + ", ".join(PARTS))
    parser.add_argument("--updates", type=int, default=100)
    parser.add_argument("--corpus", choices=("frus", "seeds"), default="frus" if FRUS.exists() else "seeds")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=30, help="passes over the queries in the queries part")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}: use {', '.join(PARTS)}")
    qs = queries()
    work = Path(tempfile.mkdtemp(prefix="embedding-"))
    try:
        corpus = work / "corpus"
        shutil.copytree(ROOT / "seeds", corpus)
        if args.corpus == "frus":
            shutil.copy(FRUS, corpus)
        index_dir = work / "ix"
        summary = SearchEngine(index_dir).index(corpus)
        print(f"{args.corpus}: {summary.documents} documents, {summary.passages} passages; {len(qs)} queries; "
              f"{os.cpu_count()} cores")
        figures: dict = {"corpus": args.corpus, "queries": len(qs), "cores": os.cpu_count()}
        for part in parts:
            print(f"{part}:")
            if part == "threads":
                figures[part] = threads_part(index_dir, qs, args.reps)
            elif part == "edits":
                figures[part] = edits_part(corpus, work, args.reps)
            elif part == "queries":
                figures[part] = queries_part(index_dir, qs, args.rounds)
            else:
                figures[part] = updates_part(corpus, work, index_dir, qs, args)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("NLTK_DATA", tempfile.mkdtemp(prefix="empty-nltk-data-"))
    main()
