"""Compare the Solr backend with the embedded index: documents, passages, the benchmark queries' top 10,
totals and facet counts, and index and query speed.

    python benchmarks/solr_compare.py solr://HOST:PORT/solr/COLLECTION SOURCE... [--local DIR] [--init 2x2]

The collection is rebuilt from SOURCE (and the local index in DIR, by default a temporary folder).
Prints one JSON object; see the README, "When one machine is not enough", for the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_engine import SearchEngine  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "queries.txt"


def benchmark_queries() -> list[tuple[str, str]]:
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, _, query = line.partition("\t")
            rows.append((category, query))
    return rows


def compare(local: SearchEngine, solr: SearchEngine, queries, limit: int = 10) -> dict:
    """Top-10 positions that hold the same passage, totals and facet counts that agree, query latencies."""
    same_positions = positions = same_totals = same_facets = 0
    overlap = []
    timings = {"local": [], "solr": []}
    differing = []
    for category, query in queries:
        runs = {}
        for name, engine in (("local", local), ("solr", solr)):
            started = time.perf_counter()
            try:
                runs[name] = engine.search(query, limit=limit, facets=True, dedupe=False)
            except Exception as e:  # noqa: BLE001 - a query one backend refuses is a difference to report
                runs[name] = e
            timings[name].append(time.perf_counter() - started)
        a, b = runs["local"], runs["solr"]
        if isinstance(a, Exception) or isinstance(b, Exception):
            differing.append({"query": query, "local": repr(a)[:200] if isinstance(a, Exception) else a.total,
                              "solr": repr(b)[:200] if isinstance(b, Exception) else b.total})
            continue
        ids_a = [h.passage_id for h in a]
        ids_b = [h.passage_id for h in b]
        n = max(len(ids_a), len(ids_b))
        positions += n
        same_positions += sum(1 for x, y in zip(ids_a, ids_b, strict=False) if x == y)
        overlap.append(len(set(ids_a) & set(ids_b)) / n if n else 1.0)
        same_totals += a.total == b.total
        facets_a = {k: v for k, v in (a.facets or {}).items()}
        same_facets += facets_a == (b.facets or {})
        if a.total != b.total or facets_a != (b.facets or {}):
            differing.append({"query": query, "category": category, "local": a.total, "solr": b.total,
                              "facets": [k for k in facets_a if facets_a[k] != (b.facets or {}).get(k)]})
    ms = {k: {"median_ms": round(1000 * statistics.median(v), 1),
              "p95_ms": round(1000 * sorted(v)[int(0.95 * (len(v) - 1))], 1)} for k, v in timings.items()}
    return {"queries": len(queries), "top10_same_position": round(same_positions / positions, 3) if positions else None,
            "top10_overlap": round(statistics.mean(overlap), 3) if overlap else None,
            "same_totals": same_totals, "same_facets": same_facets, "latency": ms, "differing": differing}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--local", help="folder of the embedded index (default: a temporary one)")
    parser.add_argument("--init", help="create the collection first with SHARDSxREPLICAS, e.g. 2x2")
    parser.add_argument("--workers", type=int, default=None, help="processes that parse files for Solr")
    args = parser.parse_args(argv)
    out: dict = {"sources": args.sources}
    solr = SearchEngine(args.url)
    if args.init:
        shards, replicas = (int(x) for x in args.init.lower().split("x"))
        solr.init_collection(shards=shards, replicas=replicas)
    with tempfile.TemporaryDirectory() as tmp:
        local = SearchEngine(args.local or tmp)
        started = time.perf_counter()
        built = local.index(args.sources, rebuild=True)
        local_seconds = time.perf_counter() - started
        started = time.perf_counter()
        sent = solr.index(args.sources, rebuild=True, workers=args.workers)
        solr_seconds = time.perf_counter() - started
        out["index"] = {
            "local": {"documents": built.documents, "passages": built.passages, "seconds": round(local_seconds, 2),
                      "passages_per_second": round(built.passages / local_seconds)},
            "solr": {"documents": sent.documents, "passages": sent.passages, "seconds": round(solr_seconds, 2),
                     "passages_per_second": round(sent.passages / solr_seconds)},
        }
        docs_local = {d.doc_id: d for d in local.documents()}
        docs_solr = {d.doc_id: d for d in solr.documents()}
        out["same_documents"] = docs_local == docs_solr
        out["compare"] = compare(local, solr, benchmark_queries())
        local.close()
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
