"""Files of many documents: how the reader parts a file that holds a whole volume, and leaves one document whole.

    python benchmarks/volumes.py [--frus PATH] [--jfk DIR] [--layout NAME ...] [--json OUT] [--markdown OUT]

Three measures, each over files the parser was not written for:

- **volumes**: the FRUS volume's 120 documents rendered in each development layout (``layouts_dev.py``; never
  the held-out ones) and written one after another into one file, as a printed volume, a release or a bundle
  of memoranda is (a form feed between documents when the layout is paged, blank lines otherwise). The file is
  read with ``search_engine.read_documents`` and each source document is looked for among the parts by its first
  paragraph: *found alone* when one part holds it and no other document's opening, and then its title and date
  are compared with what the rendering states (as ``layouts.py`` compares them);
- **kept whole**: the same layouts, one document per file, as ``layouts.py`` writes them: the files the reader
  parts (each is one document, so every parted file is a mistake);
- **real files**: the seeds and the OCR'd JFK release (``../shared/corpora/jfk-ocr``): the files parted, with
  their parts' titles, for a person to read (most are one record; a few hundred-page files hold many).

Layouts that name their files (the title is the file name) cannot be a volume and are left out of the first
measure.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for _path in (ROOT, HERE):  # run as a script from anywhere, without installing the project
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from layouts import DEFAULT_FRUS, check  # noqa: E402
from layouts_reference import load_references  # noqa: E402

DEFAULT_JFK = ROOT.parent / "shared" / "corpora" / "jfk-ocr"
FIELDS = ("title", "date", "classification", "footnotes")


def opening(text: str, words: int = 10) -> str:
    """A paragraph's first words, folded: how a source document is recognised among the parts."""
    return " ".join(re.findall(r"[^\W\d_]+", text.casefold())[:words])


def read(path: Path) -> list:
    from search_engine.ingest.readers import read_documents

    return read_documents(str(path))


def run_volume(layout, references, folder: Path) -> dict:
    """One layout's 120 documents in one file: parts found, documents found alone, their titles and dates."""
    rendered = [layout.render(ref, layout.rng(ref)) for ref in references]
    paged = any("\f" in r.text for r in rendered)
    text = ("\f" if paged else "\n\n\n").join(r.text.rstrip("\n") + "\n" for r in rendered)
    path = folder / f"{layout.name}-volume{rendered[0].suffix}"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    parts = read(path)
    seconds = time.perf_counter() - started
    texts = [[opening(p.text) for p in part.paragraphs] for part in parts]
    openings = [opening(ref.paragraphs[0]) if ref.paragraphs else "" for ref in references]
    holder = {}  # reference index -> the part holding its opening
    for i, first in enumerate(openings):
        holder[i] = next((n for n, paras in enumerate(texts) if first and first in paras), None)
    row = {"layout": layout.name, "documents": len(references), "parts": len(parts), "seconds": round(seconds, 2),
           "alone": 0, "right": dict.fromkeys(FIELDS, 0), "failures": []}
    shared = {}
    for n in holder.values():
        shared[n] = shared.get(n, 0) + 1
    for i, ref in enumerate(references):
        n = holder[i]
        if n is None or shared[n] > 1:
            continue
        row["alone"] += 1
        right = check(rendered[i].expected, parts[n])
        for name in FIELDS:
            row["right"][name] += right[name]
            if not right[name] and len(row["failures"]) < 6:
                row["failures"].append({"doc": ref.doc_id, "field": name,
                                        "got": str(getattr(parts[n], name if name != "footnotes" else "doc_id"))})
    return row


def run_whole(layout, references, folder: Path) -> dict:
    """The layout's documents one per file: the files read as more than one document."""
    out = folder / layout.name
    out.mkdir(parents=True, exist_ok=True)
    for ref in references:
        rendered = layout.render(ref, layout.rng(ref))
        (out / f"{rendered.stem or ref.doc_id}{rendered.suffix}").write_text(rendered.text, encoding="utf-8")
    parted = []
    for path in sorted(out.iterdir()):
        docs = read(path)
        if len(docs) > 1:
            parted.append({"file": path.name, "parts": len(docs)})
    return {"layout": layout.name, "files": len(references), "parted": parted}


def run_real(paths: Sequence[Path]) -> dict:
    """Real files: how many are parted, and into what."""
    from search_engine.errors import SourceError

    parted, read_files, documents = [], 0, 0
    for path in paths:
        try:
            docs = read(path)
        except SourceError:
            continue
        read_files += 1
        documents += len(docs)
        if len(docs) > 1:
            parted.append({"file": path.name, "parts": len(docs),
                           "titles": [f"{d.doc_id}: {d.title[:70]} [{d.date.iso if d.date else 'undated'}]"
                                      for d in docs]})
    return {"files": read_files, "documents": documents, "parted": parted}


def markdown(volumes: list[dict], whole: list[dict], real: dict[str, dict]) -> str:
    lines = ["## One file, a whole volume", "",
             "| layout | documents | parts | found alone | title | date | classification | footnotes | s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in volumes:
        alone = row["alone"] or 1
        cells = [f"{100 * row['right'][f] / alone:.1f}" for f in FIELDS]
        lines.append(f"| {row['layout']} | {row['documents']} | {row['parts']} | "
                     f"{100 * row['alone'] / row['documents']:.1f} | " + " | ".join(cells) + f" | {row['seconds']} |")
    total = sum(r["documents"] for r in volumes)
    alone = sum(r["alone"] for r in volumes)
    cells = [f"{100 * sum(r['right'][f] for r in volumes) / max(alone, 1):.1f}" for f in FIELDS]
    lines.append(f"| **all** | {total} | {sum(r['parts'] for r in volumes)} | {100 * alone / max(total, 1):.1f} | "
                 + " | ".join(cells) + " | |")
    lines += ["", "Title, date, classification and footnotes: % of the documents found alone.", "",
              "## One document per file: files parted (each a mistake)", "",
              "| layout | files | parted |", "|---|---:|---:|"]
    for row in whole:
        lines.append(f"| {row['layout']} | {row['files']} | {len(row['parted'])} |")
    lines += ["", "## Real files", ""]
    for name, row in real.items():
        lines.append(f"- **{name}**: {row['files']} files read, {row['documents']} documents, "
                     f"{len(row['parted'])} files parted")
        for part in row["parted"]:
            lines.append(f"  - {part['file']}: {part['parts']} documents")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frus", type=Path, default=DEFAULT_FRUS)
    parser.add_argument("--jfk", type=Path, default=DEFAULT_JFK)
    parser.add_argument("--layout", action="append", help="only these development layouts")
    parser.add_argument("--no-real", action="store_true", help="leave out the seeds and the JFK release")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    import layouts_dev

    references = load_references(args.frus).references
    layouts = [lay for lay in layouts_dev.LAYOUTS if not args.layout or lay.name in args.layout]
    volumes, whole = [], []
    with tempfile.TemporaryDirectory(prefix="volumes-") as tmp:
        folder = Path(tmp)
        for layout in layouts:
            whole.append(run_whole(layout, references, folder / "whole"))
            if layout.render(references[0], layout.rng(references[0])).stem:
                continue  # its title is the file's name: no volume can hold it
            volumes.append(run_volume(layout, references, folder))
            print(f"{layout.name}: {volumes[-1]['parts']} parts, {volumes[-1]['alone']} alone, "
                  f"{len(whole[-1]['parted'])} single files parted", file=sys.stderr)
    real = {}
    if not args.no_real:
        real["seeds"] = run_real(sorted((ROOT / "seeds").iterdir()))
        if args.jfk.is_dir():
            real["jfk-ocr"] = run_real(sorted(p for p in args.jfk.glob("*.md")))
    report = markdown(volumes, whole, real)
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"volumes": volumes, "whole": whole, "real": real}, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
