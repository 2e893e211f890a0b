"""Build time, CPU and peak RSS of our engine from one or more checkouts beside bare whoosh, at one scale.

    python benchmarks/builds.py --scale 16 [--repeat N] [--code DIR ...] [--profile DIR]

The corpus is ``run.py``'s (FRUS and the seeds, replicated ×k, written once); each build is ``run.py``'s own
(a fresh process, timed the same way, peak RSS of the process tree). The systems are interleaved build by
build (whoosh, then each checkout), so that a noisy minute of a shared machine hits them all: compare the
ratios to whoosh within one run. ``--code DIR`` builds with the engine of another checkout (its own
``benchmarks/run.py``), e.g. ``--code /work/main`` to put main's code beside this one; this checkout is
built too unless ``--no-self``. ``--profile DIR`` writes a cProfile of this checkout's last build there (the build's parent process;
the workers that read the files are not in it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402 - after the path above
from run import OURS, copy_passages, file_passages, log, replicate  # noqa: E402


def build_with(code: Path, system: str, source: Path, dest: Path, profile: Path | None = None) -> dict:
    """run.run_build, with the engine of checkout ``code`` (its own run.py in the child)."""
    script = code / "benchmarks" / "run.py"
    command = [sys.executable, str(script), "--_build", system, str(source), str(dest)]
    if profile is not None:
        command[1:1] = ["-m", "cProfile", "-o", str(profile)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [env.get("PYTHONPATH")])])
    return run.measure_child(command, env)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=16, help="replication factor (default 16)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per system (default 1)")
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="another checkout whose engine is built too (repeatable)")
    parser.add_argument("--no-whoosh", action="store_true", help="leave bare whoosh out")
    parser.add_argument("--no-self", action="store_true", help="leave this checkout out (only --code's)")
    parser.add_argument("--profile", type=Path, help="folder for a cProfile of this checkout's last build")
    args = parser.parse_args(argv)

    corpus, _ = run.choose_corpus(None, run.DEFAULT_FRUS)
    base = {source: file_passages(source) for source in corpus.files}
    codes = [*([] if args.no_self else [run.ROOT]), *(c.resolve() for c in args.code)]
    systems = ([] if args.no_whoosh else [("whoosh", run.ROOT)]) + [(OURS, c) for c in codes]
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix=f"builds-{args.scale}x-") as tmp:
        tmp = Path(tmp)
        written = replicate(corpus, args.scale, tmp / "sources")
        passages = [p for source, copies in written.items() for copy, _ in copies
                    for p in copy_passages(base[source], copy)]
        run.ps.write_passages(tmp / "passages.jsonl", passages)
        log(f"[{args.scale}x] {len(passages)} passages; load {os.getloadavg()[0]:.1f}")
        for r in range(args.repeat):
            for system, code in systems:
                name = system if system != OURS else f"{OURS}@{code}"
                source = tmp / "sources" if system == OURS else tmp / "passages.jsonl"
                dest = tmp / "index"
                subprocess.run(["rm", "-rf", str(dest)], check=True)
                profile = None
                if args.profile and code == run.ROOT and system == OURS and r == args.repeat - 1:
                    args.profile.mkdir(parents=True, exist_ok=True)
                    profile = args.profile / f"build-{args.scale}x.prof"
                result = build_with(code, system, source, dest, profile)
                result["index_bytes"] = run.ps.folder_bytes(dest) if dest.exists() else None
                runs.setdefault(name, []).append(result)
                shown = result.get("error") or (f"{result['seconds']:.2f} s, CPU {result['cpu_seconds']:.2f} s "
                                                f"({result.get('own_cpu_seconds', float('nan')):.2f} s in the build's "
                                                "own process), "
                                                f"{result['maxrss'] / 2**20:.0f} MB")
                log(f"[{args.scale}x] {name} {r + 1}/{args.repeat}: {shown}; load {os.getloadavg()[0]:.1f}")
    whoosh = runs.get("whoosh")
    rows = []
    for name, results in runs.items():
        good = [x for x in results if "error" not in x]
        if not good:
            rows.append({"system": name, "error": results[-1]["error"]})
            continue
        row = {"system": name, "seconds": statistics.median(x["seconds"] for x in good),
               "cpu_seconds": statistics.median(x["cpu_seconds"] for x in good),
               "own_cpu_seconds": statistics.median(x.get("own_cpu_seconds", float("nan")) for x in good),
               "peak_rss_mb": max(x["maxrss"] for x in good) / 2**20,
               "index_mb": (good[-1]["index_bytes"] or 0) / 2**20}
        if whoosh and name != "whoosh":
            w = [x for x in whoosh if "error" not in x]
            row["ratios"] = {k: row[k] / v for k, v in (
                ("seconds", statistics.median(x["seconds"] for x in w)),
                ("cpu_seconds", statistics.median(x["cpu_seconds"] for x in w)),
                ("peak_rss_mb", max(x["maxrss"] for x in w) / 2**20))}
        rows.append(row)
    print(json.dumps({"scale": args.scale, "repeat": args.repeat, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                      time.gmtime()), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
