"""Time the web page: the search page (and its JSON twin) for each query of queries.txt, served warm.

    python benchmarks/web.py [--index DIR] [--rounds 5] [--json OUT]

Builds an index of the FRUS volume and the seeds in a temporary folder (or uses --index), serves it with
``search-engine serve``'s server (waitress, 4 threads) on a free loopback port in this process, makes one
warm-up pass over the queries, then requests ``/search?q=...`` (the HTML page: search with facets, snippets,
histogram, rendering) and ``/search.json?q=...`` ``--rounds`` times each over one keep-alive connection, and
prints p50/p95/max per kind of page. A document page (FRUS d66 with a query, or the first seed) is timed too.
Times are wall-clock from request to the last byte, on this machine; compare them, not the absolute figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import load_queries, percentile  # noqa: E402

from search_engine import SearchEngine  # noqa: E402
from search_engine.web import create_app  # noqa: E402
from search_engine.web.server import make_server  # noqa: E402

FRUS = ROOT.parent / "shared" / "corpora" / "frus"
SEEDS = ROOT / "seeds"


def timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def summary(times: list[float]) -> dict:
    return {"requests": len(times), "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
            "max_ms": round(max(times), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index to serve (default: build FRUS + seeds in a temporary folder)")
    parser.add_argument("--rounds", type=int, default=5, help="timed requests per query and page kind")
    parser.add_argument("--json", dest="json_out", help="also write the figures to this file")
    args = parser.parse_args()

    if args.index:
        index_dir = Path(args.index)
    else:
        index_dir = Path(tempfile.mkdtemp(prefix="web-bench-")) / "index"
        sources = [s for s in (FRUS, SEEDS) if s.exists()]
        summary_ = SearchEngine(index_dir).index(sources)
        print(f"indexed {', '.join(map(str, sources))}: {summary_.documents} documents, {summary_.passages} passages",
              file=sys.stderr)
    engine = SearchEngine(index_dir)
    server = make_server(create_app(engine), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    port = server.effective_port
    queries = [q.text for q in load_queries()]
    docs = [d.doc_id for d in engine.documents()]
    doc = "frus1961-63v06-d66" if "frus1961-63v06-d66" in docs else docs[0]

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    kinds = {"search page": "/search?", "search JSON": "/search.json?"}
    times: dict[str, list[float]] = {k: [] for k in kinds}
    times["document page"] = []
    statuses: dict[int, int] = {}
    for q in queries:  # warm-up: the index's files, whoosh's caches, the templates
        for prefix in kinds.values():
            timed_get(conn, prefix + urlencode({"q": q}))
    for _ in range(args.rounds):
        for q in queries:
            for kind, prefix in kinds.items():
                ms, status, _ = timed_get(conn, prefix + urlencode({"q": q}))
                statuses[status] = statuses.get(status, 0) + 1
                times[kind].append(ms)
        for q in queries[:20]:
            ms, status, _ = timed_get(conn, f"/doc/{quote(doc)}?" + urlencode({"q": q}))
            statuses[status] = statuses.get(status, 0) + 1
            times["document page"].append(ms)
    conn.close()
    server.close()

    figures = {kind: summary(values) for kind, values in times.items()}
    print(f"{len(queries)} queries x {args.rounds} rounds on {index_dir} ({len(docs)} documents); HTTP statuses {statuses}")
    print(f"{'page':<15}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, f in figures.items():
        print(f"{kind:<15}{f['requests']:>9}{f['p50_ms']:>9}{f['p95_ms']:>9}{f['max_ms']:>9}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"queries": len(queries), "rounds": args.rounds,
                                                   "statuses": statuses, "figures": figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
