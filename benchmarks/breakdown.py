"""What an index costs on disk, and what a new process reads and decodes before its first query.

    python benchmarks/breakdown.py INDEX [--code DIR] [--query Q] [--json FILE]

Size: every file of the live generation; inside whoosh's segments, each part (postings, term index, stored
fields, each column); the postings of each field split into their document numbers and weights, their
positions, and the written forms (``=word``) among them; the stored fields by key (each passage's ``meta``
split into its keys); ``words.sqlite`` by table and index. Compressed parts are weighed as they lie on disk:
a postings block's positions are what the block loses when it is compressed again without them.

Start-up: a cold query (``search-engine search Q -n 10``, top 10 with snippets) run once in a new process of
the code under test (``--code``, as ``desktop.py`` runs it) under ``cProfile`` and ``-X importtime``: the
seconds of each top-level import (nltk, numpy, whoosh...), the package's functions that take the most time
(manifest checks, the catalog, the connections, the columns, the stems), and the peak RSS.

Used by ``desktop.py --rows breakdown``; runs alone on any index folder.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import re
import sqlite3
import subprocess
import sys
import tempfile
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def live_generation(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def size_breakdown(index: Path) -> dict:
    """Bytes by file of the live generation, by part of each whoosh segment, by field, stored key and table."""
    gen = live_generation(index)
    files = {p.name: p.stat().st_size for p in gen.iterdir() if p.is_file()}
    out: dict = {"generation": sum(files.values()), "files": dict(sorted(files.items(), key=lambda kv: -kv[1]))}
    segments = _whoosh_parts(gen)
    if segments is not None:
        out["whoosh parts"], out["postings by field"], out["stored by key"] = segments
    for name in files:
        if name.endswith(".sqlite"):
            out[name] = _sqlite_parts(gen / name)
    return out


def _whoosh_parts(gen: Path):
    try:
        from whoosh.filedb.compound import CompoundStorage
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import open_dir
    except ImportError:
        return None
    if not list(gen.glob("*.toc")):
        return None
    parts: dict[str, int] = defaultdict(int)
    storage = FileStorage(str(gen))
    for seg in gen.glob("*.seg"):
        compound = CompoundStorage(storage.open_file(seg.name), use_mmap=False)
        for name in compound.list():
            parts[name.split(".", 1)[1]] += compound.file_length(name)
    for path in gen.iterdir():  # segments not written as one compound file
        if re.search(r"\.(pst|trm|col|vps)$", path.name):
            parts[path.name.split(".", 1)[1]] += path.stat().st_size
    ix = open_dir(str(gen), indexname="MAIN", readonly=True)
    own_stems = _own_stems(gen / "words.sqlite")
    fields: dict[str, dict[str, int]] = {}
    stored: dict[str, int] = defaultdict(int)
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            _postings_by_field(leaf, fields, own_stems)
            _stored_by_key(leaf, stored)
    ix.close()
    return (dict(sorted(parts.items(), key=lambda kv: -kv[1])),
            dict(sorted(fields.items(), key=lambda kv: -kv[1]["postings"])),
            dict(sorted(stored.items(), key=lambda kv: -kv[1])))


def _postings_by_field(leaf, fields: dict, own_stems=None) -> None:
    """For each field: its terms, the bytes of its postings (in the postings file, plus those inlined in the term
    index), of which positions, and of which the written forms (``=word``) take, and among those the forms
    that are their own stem and nothing else (``=castro``: the same postings as ``castro``; ``own_stems``
    tells them)."""
    terms = leaf._terms
    postfile = terms._postfile
    for (fieldname, btext), info in _term_infos(leaf):
        row = fields.setdefault(fieldname, {"terms": 0, "postings": 0, "positions": 0, "=word terms": 0,
                                            "=word postings": 0, "=word own stem": 0, "inlined": 0})
        row["terms"] += 1
        written = btext[:1] == b"="
        if info.is_inlined():
            ids, weights, values = info.inlined_postings()
            size = len(pickle.dumps((ids, weights, values), -1))
            row["inlined"] += size
            positions = len(pickle.dumps(values, -1)) if values else 0
        else:
            start, length = info.extent()
            length = length[0] if isinstance(length, tuple) else length  # whoosh 2.7 reads it back as a tuple
            size, positions = length, _block_positions(postfile, start)
        row["postings"] += size
        row["positions"] += positions
        if written:
            row["=word terms"] += 1
            row["=word postings"] += size
            if own_stems is not None and own_stems(btext[1:].decode("utf-8")):
                row["=word own stem"] += size


def _own_stems(path: Path):
    """Whether a folded word is its own stem and has no other index term (not Cyrillic: those have their
    transliterations), from the words table; None without one."""
    if not path.is_file():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    own = {w for (w,) in db.execute("SELECT word FROM words WHERE stem IS NULL AND n > 0")}
    db.close()
    cyrillic = re.compile(r"[\u0400-\u04ff]")
    return lambda word: word in own and not cyrillic.search(word)


def _term_infos(leaf):
    return leaf._terms.items()


def _block_positions(postfile, start: int) -> int:
    """What a term's postings blocks lose, compressed as they were, when their positions are left out."""
    position, saved = start + 4, 0
    while True:
        length = postfile.get_int(position)
        block = postfile.get(position + 4, abs(length))
        buffer = io.BytesIO(block)
        info = pickle.load(buffer)
        compression = info[3]
        data = block[buffer.tell():]
        ids, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
        if values is not None:
            bare = pickle.dumps((ids, weights, None), -1)
            saved += len(data) - len(zlib.compress(bare, compression) if compression else bare)
        if length < 0:
            return saved
        position += 4 + length


def _stored_by_key(leaf, stored: dict) -> None:
    """Bytes of each stored field's values as pickled (``meta``, a JSON object, by its keys), before whoosh
    compresses each passage's fields (the stored-fields part above is what they take on disk)."""
    raw: dict[str, int] = defaultdict(int)
    for docnum in range(leaf.doc_count_all()):
        fields = leaf.stored_fields(docnum)
        for name, value in fields.items():
            if name == "meta" and isinstance(value, str):
                try:
                    meta = json.loads(value)
                except ValueError:
                    meta = None
                if isinstance(meta, dict):
                    for k, v in meta.items():
                        raw[f"meta.{k}"] += len(json.dumps(v, ensure_ascii=False).encode()) + len(k) + 4
                    continue
            raw[name] += len(pickle.dumps(value, -1))
    for k, v in raw.items():
        stored[k] += v


def _sqlite_parts(path: Path) -> dict:
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        return dict(rows)
    except sqlite3.Error:  # no dbstat in this SQLite: the tables' row counts
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: f"{db.execute(f'SELECT count(*) FROM {n}').fetchone()[0]} rows" for n in names}
    finally:
        db.close()


# -- start-up -------------------------------------------------------------------------------------------------

_PROFILE = """
import cProfile, pstats, resource, sys, io, os, time, json
out, index = sys.argv[1], sys.argv[2]
from search_engine.index.layout import FORMAT_VERSION
gen = os.path.join(index, open(os.path.join(index, "CURRENT")).read().strip())
built = json.load(open(os.path.join(gen, "MANIFEST.json"))).get("format")
if built != FORMAT_VERSION:  # the CLI would rebuild it: not a query, and not ours to rewrite
    sys.exit(f"{index} is in format {built}, this code reads {FORMAT_VERSION}")
sys.argv = ["search-engine", *sys.argv[3:]]
started = time.perf_counter()
profile = cProfile.Profile()
code = 0
profile.enable()
try:
    import runpy
    runpy.run_module("search_engine", run_name="__main__")
except SystemExit as e:
    code = e.code or 0
profile.disable()
seconds = time.perf_counter() - started
stats = pstats.Stats(profile)
rows = []
for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
    rows.append((ct, tt, nc, file, line, name))
json.dump({"seconds": seconds, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "rows": rows, "modules": sorted(sys.modules)}, open(out, "w"))
"""


def startup_profile(index: Path, query: str, code: Path = ROOT, top: int = 25) -> dict:
    """A cold query in a new process of ``code``: imports by top-level package, the package's costliest
    functions (cumulative seconds under cProfile, which slows them about twice alike), peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(code), "NO_COLOR": "1", "COLUMNS": "200"}
    fd, report = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", _PROFILE, report, str(index), "search", query,
                               "-n", "10", "--index", str(index)], env=env, cwd=code, capture_output=True, text=True)
        if proc.returncode:
            return {"error": proc.stderr.strip().splitlines()[-1]}
        data = json.loads(Path(report).read_text())
    finally:
        os.unlink(report)
    imports: dict[str, float] = defaultdict(float)
    for line in proc.stderr.splitlines():  # import time: self [us] | cumulative | imported package
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m:  # each module's own time, added up by top-level package (nltk's own imports count as nltk's)
            imports[m.group(2).split(".")[0]] += int(m.group(1)) / 1e6
    package = str(code / "search_engine")
    mine = [r for r in data["rows"] if r[3].startswith(package)]
    mine.sort(key=lambda r: -r[0])
    return {
        "seconds (profiled)": round(data["seconds"], 3),
        "maxrss_mb": round(data["maxrss_mb"], 1),
        "rc": proc.returncode,
        "imports s": {k: round(v, 3) for k, v in sorted(imports.items(), key=lambda kv: -kv[1])[:12]},
        "imported": {name: name in data["modules"] for name in ("nltk", "numpy", "whoosh", "click", "sqlite3")},
        "functions s": {f"{Path(r[3]).relative_to(code)}:{r[5]}": round(r[0], 3) for r in mine[:top]},
    }


def print_table(title: str, rows: dict, total: int | None = None) -> None:
    print(f"\n{title}")
    for name, value in rows.items():
        if isinstance(value, bool):
            print(f"  {name:<28} {'yes' if value else 'no'}")
        elif isinstance(value, dict):
            print(f"  {name:<28} " + "  ".join(f"{k} {v if 'terms' in k else _mb(v)}" for k, v in value.items()))
        else:
            share = f"  {100 * value / total:5.1f}%" if total and isinstance(value, (int, float)) else ""
            print(f"  {name:<28} {_mb(value) if isinstance(value, int) else value}{share}")


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose CLI runs the cold query")
    parser.add_argument("--query", default="Oswald Mexico City")
    parser.add_argument("--text-bytes", type=int, help="the bytes of text the index holds, for the ratio")
    parser.add_argument("--size-only", action="store_true", help="leave out the cold query's profile")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    size = size_breakdown(args.index)
    total = size["generation"]
    print(f"generation: {_mb(total)}" + (f" = {total / args.text_bytes:.2f}x the text" if args.text_bytes else ""))
    print_table("files", size["files"], total)
    for key in ("whoosh parts", "postings by field", "stored by key"):
        if key in size:
            print_table(key, size[key], total)
    for key, value in size.items():
        if key.endswith(".sqlite"):
            print_table(key, value, total)
    if args.size_only:
        if args.json:
            args.json.write_text(json.dumps({"size": size}, indent=2))
        return
    start = startup_profile(args.index, args.query, args.code.resolve())
    if "error" in start:
        sys.exit(start["error"])
    print(f"\ncold query {args.query!r}: {start['seconds (profiled)']} s under cProfile, {start['maxrss_mb']} MB RSS")
    print_table("imports (s)", start["imports s"])
    print_table("imported", start["imported"])
    print_table("functions (cumulative s)", start["functions s"])
    if args.json:
        args.json.write_text(json.dumps({"size": size, "startup": start}, indent=2))


if __name__ == "__main__":
    main()
