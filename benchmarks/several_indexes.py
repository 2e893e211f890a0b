"""Several indexes in one search against one index of all their files: do the rankings agree?

    python benchmarks/several_indexes.py [--out DIR] [--json FILE]

Indexes the FRUS volume and the seeds three times (FRUS alone, the seeds alone, both in one index), then runs
the 118 judged queries of ``relevance/queries.tsv``, the 71 of ``queries.txt`` and a few of the query language's
operators, each four ways (as typed; ``per_doc=2, facets=True``; by date; newest first from the sixth hit), over
the two indexes searched as one and over the one index of both. A result agrees when its top 10 (passage ids,
scores to 6 decimals and "+ K more" counts), total, documents, facets (but the facet by index), suggestions,
respellings, unknown words and warnings are the same. Also prints the median query time of each, from one
warm process (the machine is shared: compare within one run).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FRUS = ROOT.parent / "shared" / "corpora" / "frus"
EXTRA = ["Krushchev blockade", "Oswald OR Ruby", "body:rublle", "assassinat*", "=missiles", "Berlin -dir:seeds",
         "dir:seeds Pavlov"]
WAYS = ({}, {"per_doc": 2, "facets": True}, {"sort": "date"}, {"sort": "-date", "offset": 5})


def queries() -> list[str]:
    rows = [r for r in csv.reader((ROOT / "benchmarks" / "relevance" / "queries.tsv").open(encoding="utf-8"),
                                  delimiter="\t") if r and not r[0].startswith("#")]
    found = [r[1] for r in rows if len(r) > 1 and r[0] != "query_id"]
    found += [line.rstrip("\n").split("\t")[-1] for line in (ROOT / "benchmarks" / "queries.txt").open(encoding="utf-8")
              if line.strip() and not line.startswith("#")]
    return found + EXTRA


def key(results, drop_index: bool):
    facets = results.facets
    if facets is not None and drop_index:
        facets = {k: v for k, v in facets.items() if k != "index"}
    return ([(h.passage_id, round(h.score, 6), h.more_in_document) for h in results], results.total,
            results.documents, facets, results.suggestions, results.respellings, results.unknown, results.warnings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "several-indexes")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from search_engine import SearchEngine

    built = {}
    for name, sources in (("frus", [FRUS]), ("seeds", [ROOT / "seeds"]), ("both", [FRUS, ROOT / "seeds"])):
        engine = SearchEngine(args.out / name)
        if not engine.exists:
            engine.index(sources)
        built[name] = engine
    one, several = built["both"], SearchEngine([built["frus"].index_dir, built["seeds"].index_dir])
    found = queries()
    agree, differ, times = 0, [], {"one": [], "several": []}
    for way in WAYS:
        for q in found:
            started = time.perf_counter()
            a = one.search(q, limit=10, **way)
            times["one"].append(time.perf_counter() - started)
            started = time.perf_counter()
            b = several.search(q, limit=10, **way)
            times["several"].append(time.perf_counter() - started)
            if key(a, False) == key(b, True):
                agree += 1
            else:
                differ.append({"query": q, "way": way, "one": key(a, False)[0][:3], "several": key(b, True)[0][:3]})
    report = {"queries": len(found), "searches": len(found) * len(WAYS), "agree": agree, "differ": differ,
              "median ms one index": round(1000 * statistics.median(times["one"]), 1),
              "median ms several": round(1000 * statistics.median(times["several"]), 1)}
    print(json.dumps({k: v for k, v in report.items() if k != "differ"}))
    for d in differ:
        print("differs:", json.dumps(d, default=str)[:400])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
