"""OCR benchmark: how the engine reads a folder of real OCR'd scans (the JFK records in ../shared/corpora/jfk-ocr).

    python benchmarks/ocr.py [--corpus DIR] [--split dev|test|all] [--no-search] [--show N] [--json OUT]
                             [--markdown OUT]

Reads every file of the corpus with ``search_engine.read_documents``, as a user's folder is read, and reports:

- **junk passages**: passages of fewer than 3 words, or under 60% letters (of their non-space characters);
- **passages and titles with Markdown or page furniture**: code fences, "# Document" / "## Page N" headings, the
  release banner, page stamps ("HW 50953 DocId:32337464 Page 2");
- **titles found** (not empty, not "# Document" or "Document", not the file name) and **dates found** (and how many
  of those fall in 1940-1999, the years the records were written: a 2025 is the release banner's);
- **title and date accuracy** on a hand-checked sample (``ocr/truth.tsv``: the title and date a person read in each
  scan, split into dev and test documents: tune on dev, report both; the rows a ``#-- batch N`` line opens were
  checked later, so each batch's figures are given apart too). A title is right when, case and punctuation aside,
  it reads as the true one (difflib ratio >= 0.85: OCR misspells a letter here and there); a date when its
  ISO form is the true one ("" for a document that gives none);
- **phrases across line wraps** (``ocr/wraps.tsv``): each phrase, which the scan breaks over two lines, must be in
  one passage of its document, and (unless ``--no-search``) be found by a phrase search of an index of the corpus.

The truth sample's figures, the mistakes ``--show N`` lists and those ``--json`` writes are the chosen split's
(dev unless ``--split test`` or ``--split all``): whoever tunes on dev does not see the test split.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing the project
    sys.path.insert(0, str(ROOT))

HERE = Path(__file__).resolve().parent / "ocr"
TRUTH = HERE / "truth.tsv"
WRAPS = HERE / "wraps.tsv"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "jfk-ocr"
# what must never reach a title or a passage: the scan's wrapper and page furniture
FURNITURE = re.compile(r"```|^#{1,6}\s|(?:^|\s)##\s*Page\b|RELEASE UNDER THE PRESIDENT JOHN F\. KENNEDY|"
                       r"\bDoc\s?[Il1]d\s*[:.]?\s*\d{6,}\s+Page\b", re.IGNORECASE | re.MULTILINE)


# ---------------------------------------------------------------- measures (pure functions)

def is_junk(text: str) -> bool:
    """A passage of fewer than 3 words, or under 60% letters."""
    visible = [c for c in text if not c.isspace()]
    letters = sum(c.isalpha() for c in visible)
    return len(re.findall(r"\w+", text)) < 3 or letters < 0.6 * len(visible)


def normal(text: str) -> str:
    """Text as titles are compared: case folded, punctuation and spacing gone."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def same_title(got: str, true: str) -> bool:
    a, b = normal(got), normal(true)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def title_found(title: str, doc_id: str) -> bool:
    return bool(title.strip()) and title.strip() not in ("# Document", "Document", doc_id)


@dataclass
class Truth:
    file: str
    split: str
    kind: str
    title: str
    date: str
    batch: int = 1  # the rows a "#-- batch N" line opens were checked later: their figures are also given apart


def load_truth(path: Path = TRUTH) -> list[Truth]:
    rows, batch = [], 1
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#-- batch "):
            batch = int(line.split()[2].rstrip(":"))
        elif line.strip() and not line.startswith("#"):
            rows.append(Truth(*line.rstrip("\n").split("\t"), batch=batch))
    return rows[1:]


def load_wraps(path: Path = WRAPS) -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(f, p) for f, p in rows[1:]]


# ---------------------------------------------------------------- running

@dataclass
class Report:
    files: int = 0
    documents: int = 0  # files read
    parts: int = 0  # documents they hold (a release of many is parted: search_engine.ingest.split)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    passages: int = 0
    junk: int = 0
    furniture_passages: int = 0
    titles_found: int = 0
    furniture_titles: int = 0
    dates_found: int = 0
    dates_in_period: int = 0
    seconds: float = 0.0
    accuracy: dict = field(default_factory=dict)  # split -> {"documents", "title", "date", "form title", ...}
    wrong: list[dict] = field(default_factory=list)
    wraps: list[dict] = field(default_factory=list)


def run(corpus: Path, search: bool = True) -> tuple[Report, dict]:
    from search_engine import SourceError, read_documents

    report = Report()
    documents = {}
    files = sorted(p for p in corpus.glob("*.md") if p.stem.upper() != "SOURCE")
    started = time.perf_counter()
    for path in files:
        report.files += 1
        try:
            docs = read_documents(str(path))
        except SourceError as e:
            report.skipped.append((path.name, e.reason))
            continue
        documents[path.name] = docs  # the first keeps the file's id: the one a person judged (ocr/truth.tsv)
        report.documents += 1
        for doc in docs:
            report.parts += 1
            for p in doc.paragraphs:
                report.passages += 1
                report.junk += is_junk(p.text)
                report.furniture_passages += bool(FURNITURE.search(p.text))
            report.titles_found += title_found(doc.title, doc.doc_id)
            report.furniture_titles += bool(FURNITURE.search(doc.title))
            if doc.date:
                report.dates_found += 1
                report.dates_in_period += 1940 <= doc.date.start.year <= 1999
    report.seconds = time.perf_counter() - started
    _score(report, documents)
    _wraps(report, documents, corpus, search)
    return report, documents


def _score(report: Report, documents: dict) -> None:
    truths = load_truth()
    batched = any(t.batch > 1 for t in truths)  # then each batch's figures too: "dev batch 1", "dev batch 2 form"
    for truth in truths:
        doc = documents[truth.file][0] if truth.file in documents else None
        got_title = doc.title if doc else ""
        got_date = doc.date.iso if doc and doc.date else ""
        title_ok, date_ok = same_title(got_title, truth.title), got_date == truth.date
        keys = [truth.split, f"{truth.split} {truth.kind}"]
        if batched:
            keys += [f"{truth.split} batch {truth.batch}", f"{truth.split} batch {truth.batch} {truth.kind}"]
        for key in keys:
            row = report.accuracy.setdefault(key, {"documents": 0, "title": 0, "date": 0})
            row["documents"] += 1
            row["title"] += title_ok
            row["date"] += date_ok
        if not (title_ok and date_ok):
            report.wrong.append({"file": truth.file, "split": truth.split, "kind": truth.kind,
                                 "title": [truth.title, got_title] if not title_ok else None,
                                 "date": [truth.date, got_date] if not date_ok else None})


def _wraps(report: Report, documents: dict, corpus: Path, search: bool) -> None:
    wraps = load_wraps()
    engine = None
    if search:
        from search_engine import SearchEngine

        folder = Path(tempfile.mkdtemp(prefix="ocr-bench-"))
        engine = SearchEngine(folder / "index")
        engine.index([str(corpus)])
    for file, phrase in wraps:
        wanted = " ".join(phrase.split()).casefold()
        in_passage = any(wanted in " ".join(p.text.split()).casefold() for doc in documents.get(file, ())
                         for p in doc.paragraphs)
        row = {"file": file, "phrase": phrase, "in_passage": in_passage}
        if engine is not None:
            doc_id = Path(file).stem
            ids = [d.doc_id for d in documents.get(file, ())] or [doc_id]
            row["found"] = any(h.doc_id in ids for h in engine.search(f'"{phrase}"', limit=50, doc=ids))
        report.wraps.append(row)


# ---------------------------------------------------------------- reporting

def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "-"


def markdown(report: Report) -> str:
    r = report
    lines = [
        "| measure | value |", "|---|---:|",
        f"| files read | {r.documents} of {r.files} ({len(r.skipped)} skipped) |",
        f"| documents they hold | {r.parts} |",
        f"| passages | {r.passages} |",
        f"| junk passages (< 3 words or < 60% letters) | {r.junk} ({_pct(r.junk, r.passages)}) |",
        f"| passages with Markdown or page furniture | {r.furniture_passages} |",
        f"| titles found | {r.titles_found} of {r.parts} ({_pct(r.titles_found, r.parts)}) |",
        f"| titles with Markdown or page furniture | {r.furniture_titles} |",
        f"| dates found | {r.dates_found} of {r.parts} ({_pct(r.dates_found, r.parts)}) |",
        f"| dates found in 1940-1999 | {r.dates_in_period} ({_pct(r.dates_in_period, r.parts)}) |",
    ]
    if r.wraps:
        in_passage = sum(w["in_passage"] for w in r.wraps)
        lines.append(f"| phrases across a line wrap in one passage | {in_passage} of {len(r.wraps)} |")
        if "found" in r.wraps[0]:
            found = sum(w["found"] for w in r.wraps)
            lines.append(f"| phrases across a line wrap found by a phrase search | {found} of {len(r.wraps)} |")
    lines.append(f"| seconds to read the corpus | {r.seconds:.1f} |")
    lines += ["", "| truth sample | documents | title right | date right |", "|---|---:|---:|---:|"]
    for key in sorted(r.accuracy, key=lambda k: (k.split()[0] != "dev", k)):
        row = r.accuracy[key]
        lines.append(f"| {key} | {row['documents']} | {_pct(row['title'], row['documents'])} | "
                     f"{_pct(row['date'], row['documents'])} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"the OCR corpus (default {DEFAULT_CORPUS})")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev",
                        help="the truth sample's split whose figures and mistakes are shown (tune on dev)")
    parser.add_argument("--no-search", action="store_true", help="skip indexing the corpus for the phrase searches")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="list N wrong titles and dates")
    parser.add_argument("--json", type=Path, help="write every figure and every mistake here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown tables here too")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: pass --corpus DIR", file=sys.stderr)
        return 2
    report, _ = run(args.corpus, search=not args.no_search)
    # only the split asked for: whoever tunes on dev does not see the test split's figures or mistakes
    report.accuracy = {k: v for k, v in report.accuracy.items() if args.split in ("all", k.split()[0])}
    report.wrong = [w for w in report.wrong if args.split in ("all", w["split"])]
    text = markdown(report)
    print(text)
    if args.show:
        shown = report.wrong[:args.show]
        for w in shown:
            for key in ("title", "date"):
                if w[key]:
                    print(f"  {w['file']} ({w['split']}, {w['kind']}) {key}: expected {w[key][0]!r}, got {w[key][1]!r}")
        for w in report.wraps:
            if not w["in_passage"] or not w.get("found", True):
                print(f"  {w['file']}: phrase {w['phrase']!r} not found")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        data = {k: v for k, v in report.__dict__.items()}
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
