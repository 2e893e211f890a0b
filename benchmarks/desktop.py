"""Set beside a desktop indexer: the rows of the issue "Search as a desktop indexer's users expect", measured.

    python benchmarks/desktop.py [--out DIR] [--code DIR] [--scales 1,10] [--rows ROWS] [--json FILE] [--compile]

Writes the folder the issue compares on (FRUS written out as text, one file per document; the seeds; the 561
OCR'd files of ``../shared/corpora/jfk-ocr/``: 683 files, 25 MB) once, and beside it ten renamed copies of
it (245 MB: each file of copy N is named ``NAME_cNN.EXT``, so its documents have ids of their own), indexes
both with ``search-engine index`` and measures, each with the command a user types (the CLI, run as a new
process with ``python -m search_engine``, timed from start to exit, its peak RSS from ``wait4``):

1. ``assassinat*`` against ``assassination``: the documents each finds, in the OCR files and in FRUS;
2. the exact form: ``=missiles`` against the FRUS passages whose own text or notes hold "missiles", and the
   passages that say only "missile";
3. ``dir:`` and ``ext:`` filters, negated too, against the same search narrowed by hand;
4. two indexes (FRUS and the seeds; the OCR files) searched at once, against one index of both;
5. an update with nothing changed, and after one file is edited (``index``, then ``index FILE``): seconds,
   peak RSS, and the source files the process opened (an audit hook counts them);
6. ``watch``: seconds from a file's save to its new word being found;
7. the index on disk, against the text it holds;
8. a cold query (top 10 with snippets) from a new process: seconds (wall, and CPU: user + system) and peak
   RSS, median of the queries;
9. ``--rows breakdown``: what each part of the index costs on disk (files, whoosh's parts, each field's
   postings and positions, the written forms, stored fields by key, ``words.sqlite``) and what a cold query
   imports and decodes before it answers (see ``breakdown.py``, which also runs alone on an index folder).

``--code DIR`` measures another checkout (its ``search_engine`` is put first on ``PYTHONPATH``): the
"before" figures come from the commit this work started from, the "after" from this one, on the same
machine; a row the code cannot do says what happened. The machine is shared: compare within one run.
Each code's bytecode is kept (in ``--out``), as an installed package's is; ``--compile`` compiles it in every
process instead (about 0.1 s of CPU more a process), as the measurements before 2026-12-07's last round did.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
JFK = SHARED / "corpora" / "jfk-ocr"
COPIES = 10
EDITED = "jfk-ocr/jfk_doc_100.md"  # the file an update edits (in copy 0 of the 10x folder)
NEW_WORD = "quokkasaurus"  # a word no document holds, written into the edited file
COLD_QUERIES = ["Oswald Mexico City", "dismantle the missiles", "assassination", "Castro", "\"Warren Commission\"",
                "Khrushchev letter Berlin"]

# Runs a module of the code under test with an audit hook that counts the files it opens under a folder.
_OPENS = textwrap.dedent("""
    import os, runpy, sys
    watched, report = sys.argv[1], sys.argv[2]
    seen = []
    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)):
            p = os.fsdecode(args[0])
            if p.startswith(watched):
                seen.append(p)
    sys.addaudithook(hook)
    import atexit
    atexit.register(lambda: open(report, "w").write("\\n".join(seen)))
    sys.argv = ["search-engine", *sys.argv[3:]]
    runpy.run_module("search_engine", run_name="__main__")
""")


class Code:
    """The engine under test: a checkout whose ``search_engine`` package is run, from its own folder (``-c`` and
    ``-m`` put the working folder first on the path: run from another checkout, they would import that one).

    Its modules' bytecode is kept in ``bytecode`` (outside the checkout, which is not written into), as an
    installed package keeps it (pip compiles it at install): without it every new process compiles the package
    again (about 0.1 s of CPU). None compiles in every process, as the rounds before 2026-12-07's last did."""

    def __init__(self, folder: Path, bytecode: Path | None = None):
        self.folder = folder.resolve()
        self.env = {**os.environ, "PYTHONPATH": str(self.folder), "NO_COLOR": "1", "COLUMNS": "200"}
        if bytecode is None:
            self.env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            self.env.pop("PYTHONDONTWRITEBYTECODE", None)
            self.env["PYTHONPYCACHEPREFIX"] = str(bytecode.resolve())

    def python(self, script: str, *args: str) -> dict:
        """A Python snippet run against the code under test; its stdout parsed as JSON."""
        proc = subprocess.run([sys.executable, "-c", script, *args], env=self.env, cwd=self.folder, capture_output=True,
                              text=True)
        if proc.returncode:
            return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
        return json.loads(proc.stdout)


def run_measured(code: Code, *args: str, opens_under: Path | None = None) -> dict:
    """``search-engine ARGS`` as a new process: seconds, its own peak RSS (os.wait4), exit code, output, and the
    files it opened under ``opens_under``."""
    report = None
    if opens_under is not None:
        fd, report = tempfile.mkstemp(suffix=".opens")
        os.close(fd)
        cmd = [sys.executable, "-c", _OPENS, str(opens_under), report, *args]
    else:
        cmd = [sys.executable, "-m", "search_engine", *args]
    out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=code.env, cwd=code.folder, stdout=out_file, stderr=err_file)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_file.seek(0)
    err_file.seek(0)
    result = {"seconds": round(seconds, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3), "rc": proc.returncode,
              "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
              "out": out_file.read().decode(errors="replace"), "err": err_file.read().decode(errors="replace")}
    if report is not None:
        result["opened"] = sorted({p for p in Path(report).read_text().splitlines() if p})
        os.unlink(report)
    return result


# -- the folder ----------------------------------------------------------------------------------------------

def write_folder(folder: Path) -> Path:
    """FRUS written out as text (one file per document), the seeds, and the OCR files: the 1x folder."""
    sys.path.insert(0, str(ROOT))
    from search_engine.ingest.readers import read_documents

    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "frus").mkdir(parents=True)
    for doc in read_documents(str(FRUS)):
        notes = "".join(f"[{n.number}] {n.text}\n\n" for n in doc.footnotes)
        body = "".join(p.text + "\n\n" for p in doc.paragraphs)
        (folder / "frus" / f"{doc.doc_id}.txt").write_text(
            f"{doc.title}\n\n{doc.date.iso if doc.date else ''}\n\n{body}{notes}", encoding="utf-8")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(JFK, folder / "jfk-ocr", ignore=shutil.ignore_patterns("SOURCE.md"))
    (folder / ".complete").write_text("")
    return folder


def write_copies(one: Path, folder: Path, copies: int = COPIES) -> Path:
    """``copies`` renamed copies of the 1x folder: copy N's files are named NAME_cNN.EXT."""
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for n in range(copies):
        for path in sorted(p for p in one.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rel = path.relative_to(one)
            target = folder / f"copy{n:02d}" / rel.parent / f"{path.stem}_c{n:02d}{path.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (folder / ".complete").write_text("")
    return folder


def text_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def index_bytes(index: Path) -> dict:
    """The live generation's size (what a search reads), by file, and the whole folder's."""
    name = (index / "CURRENT").read_text().strip()
    gen = index / name
    files = {p.name: p.stat().st_size for p in gen.iterdir() if p.is_file()}
    return {"live": sum(files.values()), "folder": sum(p.stat().st_size for p in index.rglob("*") if p.is_file()),
            "files": dict(sorted(files.items(), key=lambda kv: -kv[1]))}


# -- the rows ------------------------------------------------------------------------------------------------

_DOCUMENTS = """
import inspect, json, sys
from search_engine import SearchEngine
engine = SearchEngine(sys.argv[1])
kwargs = {"limit": 1, "facets": True, "per_doc": 0}
if "dedupe" in inspect.signature(engine.search).parameters:
    kwargs["dedupe"] = False
out = {}
for q in sys.argv[2:]:
    try:
        r = engine.search(q, **kwargs)
        out[q] = {"total": r.total, "documents": sorted(r.facets["document"]), "warnings": list(r.warnings)}
    except Exception as e:
        out[q] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
"""

_PASSAGES = """
import inspect, json, sys
from search_engine import SearchEngine
engine = SearchEngine(sys.argv[1])
kwargs = {"limit": 10000, "per_doc": 0, "snippets": False}
if "dedupe" in inspect.signature(engine.search).parameters:
    kwargs["dedupe"] = False
out = {}
for q in sys.argv[2:]:
    try:
        r = engine.search(q, **kwargs)
        out[q] = {"total": r.total, "passages": sorted(h.passage_id for h in r.hits), "warnings": list(r.warnings)}
    except Exception as e:
        out[q] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
"""


def wildcard_row(code: Code, index: Path) -> dict:
    found = code.python(_DOCUMENTS, str(index), "assassinat*", "assassination")
    row = {}
    for q, r in found.items():
        if "error" in r:
            row[q] = r
            continue
        docs = r["documents"]
        row[q] = {"jfk": sum(d.startswith("jfk_doc") for d in docs), "frus": sum(d.startswith("frus") for d in docs)}
    if all("jfk" in r for r in row.values()):
        wild, plain = found["assassinat*"]["documents"], found["assassination"]["documents"]
        row["missed by assassinat*"] = sorted(set(plain) - set(wild))[:20]
    return row


def exact_row(code: Code, index: Path, folder: Path) -> dict:
    """``=missiles`` against the FRUS passages whose text or notes hold the form (and those with only 'missile')."""
    sys.path.insert(0, str(ROOT))
    from search_engine.analysis.tokens import TOKEN_PATTERN, fold
    from search_engine.ingest.readers import read_documents

    holds, only_singular = set(), set()
    for path in sorted((folder / "frus").glob("*.txt")):
        for doc in read_documents(str(path)):
            notes = {f.number: f.text for f in doc.footnotes}
            for p in doc.paragraphs:
                lead = [f.text for f in doc.footnotes if p.number == 1 and (f.paragraph is None)]
                text = " ".join([p.text, *(notes.get(n, "") for n in p.footnotes), *lead])
                words = {fold(w) for w in re.findall(TOKEN_PATTERN, text)}
                if "missiles" in words:
                    holds.add(doc.passage_id(p.number))
                elif "missile" in words:
                    only_singular.add(doc.passage_id(p.number))
    found = code.python(_PASSAGES, str(index), "=missiles", "missiles")
    row = {"passages with 'missiles'": len(holds), "passages with only 'missile'": len(only_singular)}
    for q, r in found.items():
        if "error" in r:
            row[q] = r
            continue
        frus = {p for p in r["passages"] if p.startswith("frus")}
        row[q] = {"found": len(frus), "of those with 'missiles'": len(frus & holds),
                  "with only 'missile'": len(frus & only_singular), "other": len(frus - holds - only_singular)}
    return row


def filter_row(code: Code, index: Path) -> dict:
    queries = ["dir:frus Berlin", "Berlin", "ext:md Oswald", "-dir:jfk-ocr Oswald", "Oswald", "dir:corpora/frus Berlin",
               "ext:txt Oswald"]
    found = code.python(_DOCUMENTS, str(index), *queries)
    row = {}
    for q, r in found.items():
        row[q] = r if "error" in r else {"total": r["total"], "jfk": sum(d.startswith("jfk_doc") for d in r["documents"]),
                                         "frus": sum(d.startswith("frus") for d in r["documents"]),
                                         "seeds": sum(d.startswith("00") for d in r["documents"])}
    return row


def multi_index_row(code: Code, work: Path, folder: Path, merged: Path | None = None) -> dict:
    """FRUS and the seeds in one index, the OCR files in another: one search over both against one index of all
    (``merged``): the top 10 of each, how many passages they share, and whether ranks and scores agree."""
    a, b = work / "index-frus-seeds", work / "index-jfk"
    for index, sources in ((a, ["frus", "seeds"]), (b, ["jfk-ocr"])):
        if not (index / "CURRENT").exists():
            built = run_measured(code, "index", *(str(folder / s) for s in sources), "--index", str(index))
            if built["rc"]:
                return {"error": built["err"][-300:]}
    row = {}
    for q in ("Oswald Mexico City", "Castro"):
        both = run_measured(code, "search", q, "-n", "10", "--json", "--index", str(a), "--index", str(b))
        if both["rc"]:
            row[q] = {"error": both["err"].strip()[-300:]}
            continue
        data = json.loads(both["out"])
        row[q] = {"total": data.get("total"), "top10": [h["doc_id"] for h in data["hits"]],
                  "indexes": sorted({h.get("index", "") for h in data["hits"]}), "seconds": both["seconds"]}
        if merged is not None:
            one = run_measured(code, "search", q, "-n", "10", "--json", "--index", str(merged))
            if one["rc"] == 0:
                whole = json.loads(one["out"])
                mine = [(h["passage_id"], h["score"]) for h in data["hits"]]
                theirs = [(h["passage_id"], h["score"]) for h in whole["hits"]]
                row[q]["merged index"] = {"total": whole["total"], "same top 10": mine == theirs,
                                          "shared passages": len({p for p, _ in mine} & {p for p, _ in theirs}),
                                          "seconds": one["seconds"]}
    return row


def update_rows(code: Code, index: Path, folder: Path, edited: Path) -> dict:
    """An update with nothing changed, then after one file (``edited``) is edited: ``index`` and ``index FILE``."""
    row = {}
    # settled first: a file written less than 2 s before an update hashed it (an earlier row's restored file) is
    # hashed again by the next one, which then records its stamp
    time.sleep(2.5)
    run_measured(code, "index", "--index", str(index))
    unchanged = [run_measured(code, "index", "--index", str(index), opens_under=folder) for _ in range(3)]
    row["nothing changed"] = _summarise(unchanged)
    original = edited.read_bytes()
    try:
        edited.write_bytes(original + f"\n\nAn added paragraph about the {NEW_WORD}.\n".encode())
        one = run_measured(code, "index", "--index", str(index), opens_under=folder)
        row["one file edited"] = _summarise([one])
        row["one file edited"]["found"] = _found(code, index, NEW_WORD)
        edited.write_bytes(original + f"\n\nAnother paragraph about the {NEW_WORD}s.\n".encode())
        named = run_measured(code, "index", str(edited), "--index", str(index), opens_under=folder)
        row["index FILE"] = _summarise([named])
    finally:
        edited.write_bytes(original)
        restore = run_measured(code, "index", "--index", str(index))
        row["restored"] = restore["rc"]
    return row


def _summarise(runs: list[dict]) -> dict:
    good = [r for r in runs if r["rc"] in (0, 6)]
    if not good:
        return {"error": runs[-1]["err"].strip()[-300:], "rc": runs[-1]["rc"]}
    return {"seconds": statistics.median(r["seconds"] for r in good), "cpu_s": statistics.median(r["cpu_s"] for r in good),
            "maxrss_mb": max(r["maxrss_mb"] for r in good),
            "opened": len(good[-1]["opened"]), "opened_files": good[-1]["opened"][:5],
            "said": good[-1]["out"].strip().splitlines()[:1]}


def _found(code: Code, index: Path, word: str) -> int:
    r = run_measured(code, "search", word, "--json", "--index", str(index))
    return json.loads(r["out"])["total"] if r["rc"] == 0 else -1


def watch_row(code: Code, index: Path, folder: Path, edited: Path) -> dict:
    """Start ``watch``, save a change, and time until a search finds its new word (polled in one process)."""
    proc = subprocess.Popen([sys.executable, "-m", "search_engine", "watch", "--index", str(index)], env=code.env,
                            cwd=code.folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        if proc.poll() is not None or not line.startswith("Watching"):
            proc.wait(timeout=10)
            return {"error": (line + proc.stdout.read()).strip()[-300:]}
        original = edited.read_bytes()
        # one poller, started (and its engine opened) before the saves: each line it reads is a word saved at
        # a time; it prints the seconds until a search finds it
        poll = textwrap.dedent("""
            import sys, time
            from search_engine import SearchEngine
            engine = SearchEngine(sys.argv[1])
            engine.count("warm")
            print("ready", flush=True)
            for line in sys.stdin:
                word, started = line.split()
                while time.time() - float(started) < 60:
                    if engine.count("=" + word):  # the exact form: no respelling to an earlier round's word
                        print(round(time.time() - float(started), 3), flush=True)
                        break
                    time.sleep(0.02)
                else:
                    print(-1, flush=True)
        """)
        poller = subprocess.Popen([sys.executable, "-c", poll, str(index)], env=code.env, cwd=code.folder,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        poller.stdout.readline()
        times = []
        try:
            for n in range(5):
                word = f"{NEW_WORD}{'x' * (n + 1)}"
                started = time.time()
                edited.write_bytes(original + f"\n\nSaved while watched: {word}.\n".encode())
                poller.stdin.write(f"{word} {started}\n")
                poller.stdin.flush()
                times.append(float(poller.stdout.readline().strip() or -1))
                time.sleep(1)
        finally:
            edited.write_bytes(original)
            poller.stdin.close()
            poller.wait(timeout=30)
        return {"seconds to searchable": times, "median": statistics.median(times)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def cold_row(code: Code, index: Path) -> dict:
    run_measured(code, "search", "warm", "-n", "1", "--index", str(index))  # the bytecode written, if it is kept
    runs = {}
    for q in COLD_QUERIES:
        r = run_measured(code, "search", q, "-n", "10", "--index", str(index))
        runs[q] = {"seconds": r["seconds"], "cpu_s": r["cpu_s"], "maxrss_mb": r["maxrss_mb"], "rc": r["rc"],
                   "first line": r["out"].strip().splitlines()[:1] or r["err"].strip().splitlines()[-1:]}
    good = [r for r in runs.values() if r["rc"] == 0]
    # CPU seconds (user + system) beside the wall time: on a shared machine the wall time is mostly waiting
    return {"median seconds": statistics.median(r["seconds"] for r in good) if good else None,
            "median CPU s": statistics.median(r["cpu_s"] for r in good) if good else None,
            "max seconds": max((r["seconds"] for r in good), default=None),
            "max RSS MB": max((r["maxrss_mb"] for r in good), default=None), "queries": runs}


def breakdown_row(code: Code, index: Path) -> dict:
    """The index's size by part, and a cold query's imports and costliest functions (benchmarks/breakdown.py)."""
    from breakdown import size_breakdown, startup_profile

    size = size_breakdown(index)
    mb = {k: round(v / 1e6, 2) if isinstance(v, int) else v for k, v in size.items() if isinstance(v, int)}
    parts = {key: {k: ({f: (round(x / 1e6, 2) if f not in ("terms", "=word terms") else x) for f, x in v.items()}
                       if isinstance(v, dict) else round(v / 1e6, 2) if isinstance(v, int) else v)
                   for k, v in value.items()}
             for key, value in size.items() if isinstance(value, dict)}
    return {"MB": mb, **parts, "cold query": startup_profile(index, COLD_QUERIES[0], code.folder)}


def build(code: Code, index: Path, sources: list[Path]) -> dict:
    if (index / "CURRENT").exists():
        return {"reused": True}
    r = run_measured(code, "index", *map(str, sources), "--index", str(index))
    return {"seconds": r["seconds"], "maxrss_mb": r["maxrss_mb"], "rc": r["rc"],
            "said": r["out"].strip().splitlines()[:1] + r["err"].strip().splitlines()[-2:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "desktop-benchmark",
                        help="where the folders and indexes go (reused between runs: the 10x folder takes 250 MB)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--label", default="", help="a name for the indexes of this code (default: the folder's)")
    parser.add_argument("--scales", default="1,10", help="1 (the folder), N (N renamed copies of it: the issue's is 10),"
                                                       " or both, comma-separated")
    parser.add_argument("--rows", default="all", help="comma-separated: build,wildcard,exact,filters,multi,"
                                                      "update,watch,size,cold,breakdown (default all but breakdown)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--compile", action="store_true", help="compile the code under test in every process "
                        "(no bytecode kept), as the measurements before 2026-12-07's last round did")
    args = parser.parse_args()
    if not (FRUS.exists() and JFK.exists()):
        sys.exit(f"needs {FRUS} and {JFK}")
    label = args.label or args.code.resolve().name
    code = Code(args.code, None if args.compile else args.out / f"bytecode-{label}")

    rows = set(args.rows.split(",")) if args.rows != "all" else {
        "build", "wildcard", "exact", "filters", "multi", "update", "watch", "size", "cold"}
    scales = [int(s) for s in args.scales.split(",")]
    one = write_folder(args.out / "folder-1x")
    results: dict = {"code": str(code.folder), "text_bytes": {"1": text_bytes(one)}, "load": os.getloadavg()}
    work = args.out / label
    work.mkdir(parents=True, exist_ok=True)

    def report(key: str, value) -> None:
        results[key] = value
        print(f"{key}: {json.dumps(value, ensure_ascii=False)[:2000]}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))

    if 1 in scales:
        index1 = work / "index-1x"
        if rows & {"build", "wildcard", "exact", "filters", "multi", "update", "watch", "size", "cold", "breakdown"}:
            report("build 1x", build(code, index1, [one]))
        if "wildcard" in rows:
            report("assassinat* vs assassination (documents)", wildcard_row(code, index1))
        if "exact" in rows:
            report("exact form =missiles (FRUS passages)", exact_row(code, index1, one))
        if "filters" in rows:
            report("folder and file-type filters", filter_row(code, index1))
        if "multi" in rows:
            report("several indexes in one search", multi_index_row(code, work, one, index1))
        if "update" in rows:
            report("updates 1x", update_rows(code, index1, one, one / EDITED))
        if "watch" in rows:
            report("watch 1x", watch_row(code, index1, one, one / EDITED))
        if "size" in rows:
            size = index_bytes(index1)
            report("index on disk 1x", {"MB": round(size["live"] / 1e6, 1), "x text": round(size["live"] / text_bytes(one), 2),
                                        "files MB": {k: round(v / 1e6, 2) for k, v in list(size["files"].items())[:12]}})
        if "cold" in rows:
            report("cold query 1x", cold_row(code, index1))
        if "breakdown" in rows:
            report("breakdown 1x", breakdown_row(code, index1))
    for n in (s for s in scales if s > 1):  # 10: the issue's; a smaller number of copies where 10 cannot be built
        many = write_copies(one, args.out / f"folder-{n}x", n)
        results["text_bytes"][str(n)] = text_bytes(many)
        index_n = work / f"index-{n}x"
        edited = many / "copy00" / EDITED.replace(".md", "_c00.md")
        if rows & {"build", "update", "watch", "cold", "breakdown"}:
            report(f"build {n}x", build(code, index_n, [many]))
        if "size" in rows:
            size = index_bytes(index_n)
            report(f"index on disk {n}x", {"MB": round(size["live"] / 1e6, 1),
                                           "x text": round(size["live"] / text_bytes(many), 2)})
        if "update" in rows:
            report(f"updates {n}x", update_rows(code, index_n, many, edited))
        if "watch" in rows:
            report(f"watch {n}x", watch_row(code, index_n, many, edited))
        if "cold" in rows:
            report(f"cold query {n}x", cold_row(code, index_n))
        if "breakdown" in rows:
            report(f"breakdown {n}x", breakdown_row(code, index_n))
    report("load after", os.getloadavg())


if __name__ == "__main__":
    main()
