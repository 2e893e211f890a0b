"""Time the steps of a one-document update of an index of replicated copies (issue 13's "re-index one changed
document at 64x stays under 1 s"), and dump its connections to compare two versions of the code.

    python benchmarks/update_steps.py --scale 16 --work DIR [--keep] [--profile N]

Writes ``scale`` copies of FRUS vol. VI and the seeds into DIR/sources as ``benchmarks/run.py`` does, builds an
index (DIR/index; kept between runs with ``--keep``), appends a paragraph to the first copy of the last seed (the
re-index row of run.py), updates, and prints: the build's and the update's wall and CPU seconds, the update's
peak RSS, the size of the index and of links.sqlite, the update's profile (cumulative, top ``--profile`` rows),
and writes DIR/links-<stage>.json: every connection (``linkstore.read_all``) and each document's pairs and
"also in" as a query reads them (``LinkReader``), before and after the update.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def dump(index: Path, out: Path) -> None:
    """Every connection of the live generation, and what a query reads of each document's."""
    from search_engine.index.layout import LINKS
    from search_engine.index.linkstore import LinkReader, read_all

    gen = index / (index / "CURRENT").read_text().strip()
    profiles, links = read_all(gen / LINKS)
    reader = LinkReader(gen / LINKS)
    per_doc = {d: {"pairs": reader.pairs(d), "cites": reader.cites(d), "cited_by": reader.cited_by(d)}
               for d in sorted(profiles)}
    groups = {kind: {d: list(g) for d, g in sorted(reader.groups(kind).items())} for kind in ("all", "copies")}
    out.write_text(json.dumps({"links": links, "per_doc": per_doc, "groups": groups}, sort_keys=True))
    reader.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--keep", action="store_true", help="reuse DIR/index and DIR/sources when there")
    parser.add_argument("--profile", type=int, default=25)
    parser.add_argument("--no-dump", action="store_true")
    parser.add_argument("--frus", type=Path, default=Path("/work/shared/corpora/frus/frus1961-63v06.xml"))
    args = parser.parse_args()
    import run

    from search_engine import SearchEngine
    from search_engine.index.layout import LINKS

    corpus, _ = run.choose_corpus("frus", args.frus)
    sources, index = args.work / "sources", args.work / "index"
    if not (args.keep and index.exists()):
        shutil.rmtree(args.work, ignore_errors=True)
        args.work.mkdir(parents=True)
        written = run.replicate(corpus, args.scale, sources)
        started, cpu = time.perf_counter(), time.process_time()
        SearchEngine(index).index([sources], rebuild=True)
        print(f"build: {time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU")
        shutil.copytree(index, args.work / "built")
    else:
        shutil.rmtree(index)
        shutil.copytree(args.work / "built", index)
        written = {s: [(1, sources / run.copy_name(s, 1))] for s in corpus.files}
        changed = written[[s for s in corpus.files if s.suffix in (".txt", ".md")][-1]][0][1]
        base = Path(str(changed) + ".orig")
        if base.exists():
            shutil.copyfile(base, changed)
    gen = index / (index / "CURRENT").read_text().strip()
    print(f"index {size_of(index) / 1e6:.1f} MB, links.sqlite {(gen / LINKS).stat().st_size / 1e6:.1f} MB")
    if not args.no_dump:
        dump(index, args.work / "links-built.json")
    changed = written[[s for s in corpus.files if s.suffix in (".txt", ".md")][-1]][0][1]
    if not Path(str(changed) + ".orig").exists():
        shutil.copyfile(changed, Path(str(changed) + ".orig"))
    with open(changed, "a", encoding="utf-8") as f:
        f.write(run.APPENDED)
    engine = SearchEngine(index)
    profiler = cProfile.Profile()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    engine.index()
    profiler.disable()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"update of {changed.name}: {wall:.2f} s wall, {cpu:.2f} s CPU (peak RSS {rss / 1024:.0f} MB, "
          f"{rss_before / 1024:.0f} MB before)")
    gen = index / (index / "CURRENT").read_text().strip()
    print(f"index {size_of(index) / 1e6:.1f} MB, links.sqlite {(gen / LINKS).stat().st_size / 1e6:.1f} MB")
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(args.profile)
    print(text.getvalue())
    if not args.no_dump:
        dump(index, args.work / "links-updated.json")


if __name__ == "__main__":
    main()
