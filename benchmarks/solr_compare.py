"""Compare the Solr backend with the embedded index: documents, passages, the benchmark queries' top 10,
totals and facet counts, and index and query speed.

    python benchmarks/solr_compare.py solr://HOST:PORT/solr/COLLECTION SOURCE... [--local DIR] [--init 2x2] [--related] [--updates]

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


def compare_related(local: SearchEngine, solr: SearchEngine, every: int = 10) -> dict:
    """``related`` on both for every document, and paragraphs 1 and 3 of every ``every``-th one: how many
    results are identical (hits, scores, totals, shared words and their forms, subjects, links, also in),
    how many rank the same passages with the same scores and totals, and their latencies."""
    documents = [d.doc_id for d in local.documents()]
    sources = documents + [f"{d}#p{n}" for d in documents[::every] for n in (1, 3)]
    timings: dict[str, list[float]] = {"local": [], "solr": []}
    identical = ranked = positions = same_positions = 0
    asked = []
    differing = []
    for source in sources:
        runs = {}
        for name, engine in (("local", local), ("solr", solr)):
            started = time.perf_counter()
            try:
                runs[name] = engine.related(source)
            except Exception as e:  # noqa: BLE001 - a source one backend refuses (no such paragraph) is skipped
                runs[name] = e
            timings[name].append(time.perf_counter() - started)
        a, b = runs["local"], runs["solr"]
        if isinstance(a, Exception) and isinstance(b, Exception):
            continue
        asked.append(source)
        if isinstance(a, Exception) or isinstance(b, Exception):
            differing.append({"source": source, "local": repr(a)[:200], "solr": repr(b)[:200]})
            continue
        identical += a == b
        key_a = [(h.passage_id, round(h.score, 9), h.more_in_document) for h in a.hits], a.total, a.documents
        key_b = [(h.passage_id, round(h.score, 9), h.more_in_document) for h in b.hits], b.total, b.documents
        ranked += key_a == key_b
        positions += max(len(a.hits), len(b.hits))
        same_positions += sum(x.passage_id == y.passage_id for x, y in zip(a.hits, b.hits, strict=False))
        if a != b:
            forms = sum(x != y for x, y in zip(a.terms, b.terms, strict=False)) + sum(
                x.shared != y.shared for x, y in zip(a.hits, b.hits, strict=False))
            differing.append({"source": source, "same_ranking": key_a == key_b, "forms_differing": forms})
    ms = {k: {"median_ms": round(1000 * statistics.median(v), 1),
              "p95_ms": round(1000 * sorted(v)[int(0.95 * (len(v) - 1))], 1)} for k, v in timings.items() if v}
    return {"sources": len(asked), "identical": identical, "same_ranking_scores_totals": ranked,
            "same_passage_at_same_rank": round(same_positions / positions, 3) if positions else None,
            "latency": ms, "differing": differing}


def connection_updates(solr: SearchEngine) -> dict:
    """Seconds the connections take after add() and delete() of one document (only the pairs with a changed
    document compared) against comparing every pair of the same documents, and whether the two agree."""
    from search_engine.solr import connections

    update = connections.update_links
    timed: list[float] = []

    def timing(*args, **kwargs):
        started = time.perf_counter()
        try:
            return update(*args, **kwargs)
        finally:
            timed.append(time.perf_counter() - started)

    note = ("A note on the telegram of 28 October to Comrade Pavlov: see Protocol No. 63 and the message to "
            "President Kennedy on 28 October.")
    out = {}
    connections.update_links = timing
    try:
        for name, change in (("add", lambda: solr.add(note, doc_id="connections-benchmark-note")),
                             ("delete", lambda: solr.delete("connections-benchmark-note"))):
            timed.clear()
            change()
            changed = timed[-1]
            stored = solr.client.select({"q": 'id:"_links!links"', "fl": "links_json"})["response"]["docs"][0]
            stored = json.loads(stored["links_json"])
            started = time.perf_counter()
            full = update(solr.client, stored["fingerprint"], every_pair=True)
            out[name] = {"changed_pairs_seconds": round(changed, 2),
                         "every_pair_seconds": round(time.perf_counter() - started, 2), "same_links": full == stored}
    finally:
        connections.update_links = update
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--local", help="folder of the embedded index (default: a temporary one)")
    parser.add_argument("--init", help="create the collection first with SHARDSxREPLICAS, e.g. 2x2")
    parser.add_argument("--workers", type=int, default=None, help="processes that parse files for Solr")
    parser.add_argument("--related", action="store_true",
                        help="also compare `related` for every document and some passages (compare_related)")
    parser.add_argument("--updates", action="store_true",
                        help="also time the connections after add() and delete() of one document (connection_updates)")
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
        if args.related:
            out["related"] = compare_related(local, solr)
        if args.updates:
            out["connection_updates"] = connection_updates(solr)
        local.close()
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
