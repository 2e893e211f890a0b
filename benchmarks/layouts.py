"""Layout benchmark: how well the text parser reads a document's metadata whatever the archive's layout.

    python benchmarks/layouts.py [--frus PATH] [--set dev|heldout|unseen|unseen2|unseen3|unseen4|unseen5|unseen6|all] [--layout NAME ...]
                                 [--doc ID ...] [--json OUT] [--markdown OUT] [--show-failures N] [--keep DIR]
    python benchmarks/layouts.py --set random [--seeds 0-199,200-399] [--show-failures N] [--json OUT] ...

Every document of the FRUS 1961-63 vol. VI TEI file is rendered as a plain-text file in each layout (the
development layouts, ``layouts_dev.py``; six held-out ones, ``layouts_heldout.py``, which whoever tunes the
parser does not read; eight unseen ones, ``layouts_unseen.py``, written apart from the parser and the other sets
from real archives' formats, which whoever tunes the parser does not read either; ten more, ``layouts_unseen2.py``,
written the same way from other real sources when the first unseen set was opened; eight more, ``layouts_unseen3.py``,
written the same way from still other sources when the second was opened; ten more, ``layouts_unseen4.py``,
written the same way from still other sources when the third was opened; eight more, ``layouts_unseen5.py``, written
the same way from still other sources when the fourth was opened; eight more, ``layouts_unseen6.py``, written the
same way from still other sources when the fifth was opened), written to a folder and read
back with ``search_engine.read_documents`` as a user's folder is. Each parse is compared with what that rendering
states (reference metadata from the TEI, ``layouts_reference.py``): title, date, classification markings,
footnote count, place, paragraph count. The seeds and the saved web pages in ``tests/fixtures`` are scored against
``tests/golden`` as "real captures".
Prints a Markdown table (% of documents right per layout and field); ``--show-failures N`` adds N
expected-vs-got examples per layout and field (held-out and unseen examples only when that set is asked for:
``--set heldout``, ``--set unseen``, ``--set unseen2``, ``--set unseen3``, ``--set unseen4``, ``--set unseen5``,
``--set unseen6``).

``--set random`` renders generated layouts instead (``layouts_random.py``): each seed draws one document and,
independently, every choice of its layout (order of the head, title form and case, date style, dateline,
markings, note markers and list, page furniture, wrapping, spacing, noise; and in later rounds how labelled
fields are typed, frames, record families, note and stamp styles, and records as exports, editions and calendars
give them, with their label vocabularies and date forms; and metadata moved below the text, dates that are not the
document's, endnote styles and places in their own language's form). Seeds 0-199 are the tuning range,
200-399 the check range, reported but never tuned on: failures are shown for the tuning range only. The table
gives each range's figures, then each choice value's figures on the tuning range ("title = e-mail Subject").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for _path in (ROOT, HERE):  # run as a script from anywhere, without installing the project
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from layouts_kit import FIELDS, Expected, Layout  # noqa: E402
from layouts_reference import Reference, load_references  # noqa: E402

DEFAULT_FRUS = ROOT.parent / "shared" / "corpora" / "frus" / "frus1961-63v06.xml"
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
# saved web pages of the seed documents: each must parse as its seed's golden file says (tests/test_readers.py)
CAPTURES = {"wilson_center_115092.html": "002_54cc86d0ab452d54", "wordpress_document_29.html": "000_17656c3dbdfa3f82"}
SETS = ("dev", "heldout", "unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6")
# sets whose failures are shown only when that set alone is asked for
HIDDEN = ("heldout", "unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6")
SEED_RANGES = "0-199,200-399"  # the tuning range, then the check range (layouts_random.TUNING, CHECK)


def layout_sets(which: str = "all") -> list[tuple[str, Layout]]:
    """(set, layout) pairs of the development, held-out and/or unseen layouts."""
    import importlib

    # only the chosen set's module is imported: a dev run does not so much as load the held-out layouts
    return [(name, layout) for name in SETS if which in (name, "all")
            for layout in importlib.import_module(f"layouts_{name}").LAYOUTS]


# ---------------------------------------------------------------- comparison (pure functions)

def normal_text(text: str) -> str:
    """A title or place as compared: as the relevance judgements match text (NFKC, straight quotes, whitespace
    collapsed), case folded, and without the trailing punctuation a record adds ("Letter From X." is the title
    "Letter From X")."""
    from relevance import normalize

    return normalize(text).rstrip(" .,:;/").casefold()


# spellings of one marking; Limited Official Use and Official Use Only are two markings and must be read apart
_FOLD = {"NIGHT ACTION": "NIACT"}


def canonical_marking(marking: str) -> str:
    """"Top-Secret", "top  secret" -> TOP SECRET; "Night Action" -> NIACT."""
    text = re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFKC", marking)).strip().upper()
    return _FOLD.get(text, text)


def same_markings(expected: Iterable[str], got: Iterable[str], optional: Iterable[str] = ()) -> bool:
    """Every expected marking and nothing else, but for words the text printed that may or may not be markings."""
    want = {canonical_marking(m) for m in expected}
    have = {canonical_marking(m) for m in got}
    return want <= have <= want | {canonical_marking(m) for m in optional}


def is_source_note(text: str) -> bool:
    """A source note ("Source: ...") is the citation, not a footnote (as the TEI reader has it)."""
    return re.match(r"\s*source\s*:", text, re.IGNORECASE) is not None


def note_count(doc) -> int:
    """The parsed footnotes, without a source note."""
    return sum(1 for f in doc.footnotes if not is_source_note(f.text))


def close_count(expected: int, got: int) -> bool:
    """Paragraph counts agree within 10% of the expected count."""
    return abs(got - expected) <= 0.1 * expected


def got_values(doc) -> dict:
    """What the parser read, in the form it is compared in."""
    if doc is None:
        return {"title": None, "date": None, "classification": [], "footnotes": 0, "place": "", "paragraphs": 0}
    return {"title": doc.title, "date": doc.date.iso if doc.date else None,
            "classification": list(doc.classification), "footnotes": note_count(doc), "place": doc.place,
            "paragraphs": len(doc.paragraphs)}


def expected_values(expected: Expected) -> dict:
    return {"title": expected.title, "date": expected.date, "classification": sorted(expected.classification),
            "footnotes": expected.footnotes, "place": expected.place, "paragraphs": expected.paragraphs}


def check(expected: Expected, doc) -> dict[str, bool]:
    """Field -> whether the parse of one rendered file (None: it could not be read) is right."""
    if doc is None:
        return dict.fromkeys(FIELDS, False)
    got = got_values(doc)
    return {
        "title": normal_text(expected.title) == normal_text(got["title"]),
        "date": expected.date == got["date"],
        "classification": same_markings(expected.classification, got["classification"], expected.optional_markings),
        "footnotes": expected.footnotes == got["footnotes"],
        "place": normal_text(expected.place) == normal_text(got["place"]),
        "paragraphs": close_count(expected.paragraphs, got["paragraphs"]),
    }


# ---------------------------------------------------------------- running

@dataclass
class Row:
    """One layout's (or the real captures') results."""

    name: str
    set: str
    summary: str
    documents: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    withheld: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    failures: dict[str, list[dict]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    unreadable: list[dict] = field(default_factory=list)

    def percent(self, name: str) -> float:
        return 100.0 * self.right[name] / self.documents if self.documents else 0.0

    def score(self, doc_id: str, expected: Expected, doc, error: str = "") -> None:
        self.documents += 1
        if doc is None:
            self.unreadable.append({"doc": doc_id, "error": error})
        want, got = expected_values(expected), got_values(doc)
        for name, right in check(expected, doc).items():
            if right:
                self.right[name] += 1
            else:
                self.failures[name].append({"doc": doc_id, "expected": want[name], "got": got[name]})

    def to_json(self) -> dict:
        return {"layout": self.name, "set": self.set, "summary": self.summary, "documents": self.documents,
                "percent": {f: round(self.percent(f), 1) for f in FIELDS}, "right": self.right,
                "withheld": self.withheld, "unreadable": self.unreadable, "failures": self.failures}


def read_file(path: str | Path) -> tuple[object, str]:
    """(The file's first document, "") or (None, the reason it could not be read)."""
    from search_engine.errors import SourceError
    from search_engine.ingest.readers import read_documents

    try:
        return read_documents(str(path))[0], ""
    except SourceError as error:
        return None, error.reason


def read_folder(folder: Path) -> dict[str, tuple[object, str]]:
    """File stem -> ``read_file``: a user's folder, read as ``search-engine index`` reads it (``discover``, then
    ``read_documents`` per file)."""
    from search_engine.ingest.sources import discover

    paths, skipped = discover([folder])
    out: dict[str, tuple[object, str]] = {Path(s.path).stem: (None, s.reason) for s in skipped}
    out.update((Path(path).stem, read_file(path)) for path in paths)
    return out


def run_layout(set_name: str, layout: Layout, references: Sequence[Reference], folder: Path) -> Row:
    """Render every reference in ``layout`` into ``folder/<layout>/``, read the folder back, and score it."""
    out = folder / layout.name
    out.mkdir(parents=True, exist_ok=True)
    row = Row(layout.name, set_name, layout.summary)
    expected: dict[str, Expected] = {}
    stems: dict[str, str] = {}  # document id -> the file's stem (a layout may name its files)
    for ref in references:
        rendered = layout.render(ref, layout.rng(ref))
        stems[ref.doc_id] = rendered.stem or ref.doc_id
        (out / f"{stems[ref.doc_id]}{rendered.suffix}").write_text(rendered.text, encoding="utf-8")
        expected[ref.doc_id] = rendered.expected
        default = Expected.of(ref)
        for name in FIELDS:
            if getattr(rendered.expected, name) != getattr(default, name):
                row.withheld[name] += 1
    parsed = read_folder(out)
    for ref in references:
        doc, error = parsed.get(stems[ref.doc_id], (None, "not found in the folder"))
        row.score(ref.doc_id, expected[ref.doc_id], doc, error)
    return row


def golden_expected(doc_id: str) -> Expected:
    data = json.loads((GOLDEN / f"{doc_id}.json").read_text(encoding="utf-8"))
    notes = sum(1 for f in data["footnotes"] if not is_source_note(f["text"]))
    return Expected(title=data["title"], date=data["date"], classification=frozenset(data["classification"]),
                    footnotes=notes, place=data["place"], paragraphs=len(data["paragraphs"]))


def run_real_captures() -> Row:
    """The seeds and their saved web pages, against the reviewed golden files."""
    row = Row("real captures", "real", f"{SEEDS.name}/*.txt and {len(CAPTURES)} saved pages in tests/fixtures, "
                                       "against tests/golden")
    files = [(p, p.stem) for p in sorted(SEEDS.glob("*.txt")) if (GOLDEN / f"{p.stem}.json").is_file()]
    files += [(FIXTURES / name, doc_id) for name, doc_id in CAPTURES.items()]
    for path, doc_id in files:
        row.score(path.name, golden_expected(doc_id), *read_file(path))
    return row


def parse_seeds(text: str) -> list[int]:
    """"0-199,200-399" -> [0, 1, ..., 399]; "5" -> [5]."""
    seeds: list[int] = []
    for part in text.split(","):
        a, _, b = part.strip().partition("-")
        seeds += list(range(int(a), int(b or a) + 1))
    return seeds


def run_random(seeds: Sequence[int], references: Sequence[Reference], folder: Path) -> tuple[list[Row], list[Row]]:
    """Render each seed's generated layout into ``folder/random/``, read the folder back, and score it: one row
    per seed range (tuning, check, other), and one row per choice value over the tuning range's seeds."""
    from layouts_random import (
        CHECK,
        CHOICES,
        CONVENTIONS,
        PLACEMENT,
        TUNING,
        WIDER,
        render_seed,
    )

    out = folder / "random"
    out.mkdir(parents=True, exist_ok=True)
    seeded = [render_seed(seed, list(references)) for seed in seeds]
    stems = {}
    for s in seeded:
        stems[s.seed] = s.rendered.stem or f"seed{s.seed:04d}-{s.doc_id}"
        (out / f"{stems[s.seed]}{s.rendered.suffix}").write_text(s.rendered.text, encoding="utf-8")
    parsed = read_folder(out)

    def range_of(seed: int) -> str:
        return "tuning" if seed in TUNING else "check" if seed in CHECK else "other"

    ranges: dict[str, Row] = {}
    choices: dict[tuple[str, str], Row] = {(name, value): Row(f"{name} = {value}", "choice", "")
                                           for name, values in {**CHOICES, **WIDER, **CONVENTIONS, **PLACEMENT}.items()
                                           for value in values}
    for s in seeded:
        name = range_of(s.seed)
        seeds_in = [x for x in seeds if range_of(x) == name]
        row = ranges.setdefault(name, Row(f"{name} (seeds {min(seeds_in)}-{max(seeds_in)})", "random",
                                          f"{len(seeds_in)} generated layouts"))
        doc, error = parsed.get(stems[s.seed], (None, "not found in the folder"))
        label = f"seed {s.seed} ({s.doc_id})"
        row.score(label, s.rendered.expected, doc, error)
        if name == "tuning":
            for choice, value in s.choices.items():
                choices[(choice, value)].score(label, s.rendered.expected, doc, error)
    order = [ranges[n] for n in ("tuning", "check", "other") if n in ranges]
    return order, [r for r in choices.values() if r.documents]


def random_markdown(ranges: Sequence[Row], choices: Sequence[Row], notes: Sequence[str]) -> str:
    head = "| " + " | ".join(HEADINGS[f] for f in FIELDS) + " |"
    rule = "|" + "---:|" * len(FIELDS)
    lines = ["# Generated layouts", ""] + [f"{n}  " for n in notes] + [""]
    lines += ["| seeds | docs " + head, "|---|---:" + rule]
    for r in ranges:
        lines.append(f"| {r.name} | {r.documents} | " + " | ".join(f"{r.percent(f):.1f}" for f in FIELDS) + " |")
    if choices:
        lines += ["", "Per choice value, tuning range (the seeds that drew it):", "",
                  "| choice = value | docs " + head, "|---|---:" + rule]
        for r in choices:
            lines.append(f"| {r.name} | {r.documents} | " + " | ".join(f"{r.percent(f):.0f}" for f in FIELDS) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- reporting

HEADINGS = {"title": "title", "date": "date", "classification": "classification", "footnotes": "footnote count",
            "place": "place", "paragraphs": "paragraphs ±10%"}
SET_LABELS = {"dev": "dev", "heldout": "held-out", "unseen": "unseen", "unseen2": "unseen2", "unseen3": "unseen3",
              "unseen4": "unseen4", "unseen5": "unseen5", "unseen6": "unseen6", "real": "real"}


def mean_row(rows: Sequence[Row], set_name: str) -> dict[str, float]:
    """Each field's mean over the layouts of one set (every layout weighs the same)."""
    chosen = [r for r in rows if r.set == set_name]
    return {f: sum(r.percent(f) for r in chosen) / len(chosen) for f in FIELDS} if chosen else {}


def markdown(rows: Sequence[Row], notes: Sequence[str], discrepancies: Sequence[dict]) -> str:
    lines = ["# Layout benchmark", ""] + [f"{n}  " for n in notes] + [""]
    lines += ["| set | layout | docs | " + " | ".join(HEADINGS[f] for f in FIELDS) + " | expected empty |",
              "|---|---|---:|" + "---:|" * len(FIELDS) + "---|"]
    for set_name in (*SETS, "real"):
        chosen = [r for r in rows if r.set == set_name]
        for r in chosen:
            withheld = ", ".join(f"{f} ({n})" for f, n in r.withheld.items() if n)
            lines.append(f"| {SET_LABELS[set_name]} | {r.name} | {r.documents} | "
                         + " | ".join(f"{r.percent(f):.1f}" for f in FIELDS) + f" | {withheld} |")
        if len(chosen) > 1:
            means = mean_row(rows, set_name)
            lines.append(f"| {SET_LABELS[set_name]} | **mean** | | "
                         + " | ".join(f"**{means[f]:.1f}**" for f in FIELDS) + " | |")
    dev = [r for r in rows if r.set == "dev"]
    if dev:
        lines += ["", "Development layouts:", ""] + [f"- `{r.name}`: {r.summary}" for r in dev]
    lines += ["", "Right means: the title equal to the reference's (whitespace, case, quotes and trailing "
              "punctuation aside); the date's ISO form or span equal; the same set of markings (Limited Official "
              "Use is not OFFICIAL USE ONLY); as many footnotes (a \"Source:\" note is the citation and not "
              "counted); the same place; a paragraph count within 10%. \"Expected empty\" counts the documents "
              "whose layout does not state that field (no place line, no notes, \"undated\"): there the parser "
              "is right to find nothing, and only then. The real captures are scored against tests/golden, the "
              "reviewed output of the parser when those files were written: a regression check more than a "
              "measure."]
    if discrepancies:
        lines += ["", f"The reference against search_engine's TEI reader ({len(discrepancies)} notes; where they "
                      "differ, the reference takes the TEI's value):", ""]
        grouped: dict[tuple[str, str], list[str]] = {}
        for d in discrepancies:
            grouped.setdefault((d["field"], d["note"] or f"reader {d['reader']!r}, TEI {d['tei']!r}"), []).append(
                d["doc_id"])
        for (name, note), docs in grouped.items():
            lines.append(f"- {name}: {note} ({', '.join(docs)})")
    return "\n".join(lines) + "\n"


def show_failures(rows: Sequence[Row], limit: int) -> str:
    """Up to ``limit`` expected-vs-got examples per layout and field."""
    lines = []
    for r in rows:
        for name in FIELDS:
            failures = r.failures[name]
            if not failures:
                continue
            lines.append(f"{r.name} / {name}: {len(failures)} wrong")
            for f in failures[:limit]:
                lines.append(f"  {f['doc']}: expected {f['expected']!r}, got {f['got']!r}")
        for u in r.unreadable[:limit]:
            lines.append(f"{r.name}: {u['doc']} not read: {u['error']}")
    return "\n".join(lines) + "\n" if lines else ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frus", type=Path, default=DEFAULT_FRUS, help=f"the FRUS TEI volume (default {DEFAULT_FRUS})")
    parser.add_argument("--set", choices=(*SETS, "all", "random"), default="all", dest="which",
                        help="which layouts to run (default all; the real captures always run; random: the "
                             "generated layouts of --seeds, without the real captures)")
    parser.add_argument("--seeds", default=SEED_RANGES, metavar="A-B,C-D",
                        help=f"with --set random: the seeds to render (default {SEED_RANGES}: the tuning range, then "
                             "the check range)")
    parser.add_argument("--layout", action="append", default=[], metavar="NAME", help="only this layout (repeatable)")
    parser.add_argument("--doc", action="append", default=[], metavar="ID",
                        help="only this document, e.g. d66 (repeatable)")
    parser.add_argument("--json", type=Path, help="write every figure and every failure here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown table here too")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N",
                        help="print N expected-vs-got examples per layout and field")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="render into DIR (kept) instead of a temporary folder")
    args = parser.parse_args(argv)

    if args.which == "random":
        return main_random(args, parser)
    chosen = layout_sets(args.which)
    known = {layout.name for _, layout in layout_sets()}
    unknown = [name for name in args.layout if name not in known]
    if unknown:
        parser.error(f"unknown layout(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if args.layout:
        chosen = [(s, layout) for s, layout in chosen if layout.name in args.layout]

    import search_engine

    started = time.perf_counter()
    notes = [f"Parser: search_engine {search_engine.__version__} (`search_engine.read_documents` on each rendered "
             f"file). Figures: % of documents with the field right."]
    references, discrepancies = [], []
    if args.frus.is_file():
        loaded = load_references(args.frus)
        references, discrepancies = loaded.references, loaded.discrepancies
        if args.doc:
            references = [r for r in references if r.doc_id in args.doc]
            if not references:
                parser.error(f"no document {', '.join(args.doc)} in {args.frus}")
        notes.append(f"Reference: {len(references)} documents of {args.frus.name} (TEI), each rendered in every "
                     f"layout.")
    else:
        chosen = []
        notes.append(f"FRUS volume not found at {args.frus}: only the real captures are scored.")

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="layouts-") as tmp:
        folder = args.keep or Path(tmp)
        for set_name, layout in chosen:
            rows.append(run_layout(set_name, layout, references, folder))
    rows.append(run_real_captures())

    text = markdown(rows, notes, discrepancies)
    print(text, end="")
    if args.show_failures > 0:
        shown = [r for r in rows if r.set not in HIDDEN or args.which == r.set]
        print("\n" + show_failures(shown, args.show_failures), end="")
        if len(shown) < len(rows):
            print("(held-out failures are shown only with --set heldout, unseen ones only with --set unseen, "
                  "unseen2 ones only with --set unseen2, unseen3 ones only with --set unseen3, unseen4 ones only with "
                  "--set unseen4, unseen5 ones only with --set unseen5, unseen6 ones only with --set unseen6)")
    files = sum(r.documents for r in rows)
    print(f"\n{len(rows)} rows, {files} files parsed in {time.perf_counter() - started:.1f} s.")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        report = {"parser": f"search_engine {search_engine.__version__}",
                  "frus": str(args.frus) if references else None, "documents": len(references), "fields": list(FIELDS),
                  "means": {s: {f: round(v, 1) for f, v in mean_row(rows, s).items()} for s in SETS},
                  "rows": [r.to_json() for r in rows], "reference_discrepancies": discrepancies}
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def main_random(args, parser) -> int:
    from layouts_random import TUNING

    import search_engine

    if not args.frus.is_file():
        parser.error(f"FRUS volume not found at {args.frus}: the generated layouts render its documents")
    started = time.perf_counter()
    references = load_references(args.frus).references
    seeds = parse_seeds(args.seeds)
    notes = [f"Parser: search_engine {search_engine.__version__}. Figures: % of documents with the field right.",
             f"Reference: {args.frus.name}, document = seed mod {len(references)}; layout choices drawn per seed "
             f"(benchmarks/layouts_random.py). Tuning range: seeds 0-199; check range: 200-399 (never tuned on)."]
    with tempfile.TemporaryDirectory(prefix="layouts-random-") as tmp:
        ranges, choices = run_random(seeds, references, args.keep or Path(tmp))
    text = random_markdown(ranges, choices, notes)
    print(text, end="")
    if args.show_failures > 0:
        tuning = [r for r in ranges if r.name.startswith("tuning")]
        print("\n" + show_failures(tuning, args.show_failures), end="")
        if len(tuning) < len(ranges):
            print("(failures are shown for the tuning range only)")
    print(f"\n{len(seeds)} files parsed in {time.perf_counter() - started:.1f} s.")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        report = {"parser": f"search_engine {search_engine.__version__}", "seeds": args.seeds,
                  "tuning": [TUNING.start, TUNING.stop - 1], "ranges": [{**r.to_json(), **({} if r.name.startswith("tuning") else {"failures": "not shown: "
                                                                                         "not tuned on"})}
                             for r in ranges],
                  "choices": [{"choice": r.name, "documents": r.documents,
                               "percent": {f: round(r.percent(f), 1) for f in FIELDS}} for r in choices]}
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
