"""Measure the connections between documents: grouping of copies and versions, "more like this", and the cost.

    python benchmarks/connections.py [--out DIR] [--skip-cost]

1. **Copies and versions.** Builds a folder of known copies from real documents (needs fpdf2, a test
   dependency, for the PDFs): 8 FRUS documents and seed 000, each as .txt, .html and .pdf, an OCR'd copy (4%
   of its letters misread, as tesseract misreads them: rn/m, l/1/i, e/c), and a shortened copy (its first
   60%); protocol 63 in Russian with two English translations (tests/fixtures/ru, translations); seed 002 and the rest of
   the FRUS volume as distractors. Indexes it, and reports the pairwise precision and recall of the groups
   the index makes against the known groups (a pair is right when both documents are copies or versions of
   one text), overall and per kind of copy.
2. **More like this.** On the FRUS volume, every document that cites another document of the volume
   (``<ref target="#dN">``, the edition's own links) asks ``related`` for its top 10 documents; recall@10 is
   the share of the cited documents found there. Since ``related`` counts citations among its signals, each
   document is ranked without the citations it makes itself (they are the judgments; the others' still
   count), and again with each signal switched off in turn.
3. **Cost.** Builds FRUS + seeds + the JFK OCR files twice, without and with the connections (the first by
   switching off the profile and links steps), and reports build time and index size; and lists the groups
   found in the JFK files (the same cable released twice), also written to ``jfk-groups.json`` for reading.
"""

from __future__ import annotations

import argparse
import html
import itertools
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
JFK = SHARED / "corpora" / "jfk-ocr"
COPIED = ["d23", "d45", "d63", "d66", "d67", "d84", "d99", "d110"]
_OCR = {"m": "rn", "l": "1", "i": "l", "e": "c", "o": "0", "n": "ri", "h": "b", "c": "e"}


def ocr_noise(text: str, rng: random.Random, rate: float = 0.04) -> str:
    out = []
    for c in text:
        if c.isalpha() and rng.random() < rate:
            out.append(_OCR.get(c.lower(), rng.choice("il1")))
        else:
            out.append(c)
    return "".join(out)


def as_text(doc) -> str:
    lines = [doc.title, "", doc.date.iso if doc.date else "", ""]
    lines += [p.text + "\n" for p in doc.paragraphs]
    return "\n".join(lines)


def as_html(doc) -> str:
    body = "".join(f"<p>{html.escape(p.text)}</p>\n" for p in doc.paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(doc.title)}</title></head>"
            f"<body><main><h1>{html.escape(doc.title)}</h1><p>{doc.date.iso if doc.date else ''}</p>{body}</main></body></html>")


def as_pdf(doc, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if Path(font).exists():
        pdf.add_font("dejavu", fname=font)
        pdf.set_font("dejavu", size=11)
    else:
        pdf.set_font("helvetica", size=11)
    for block in [doc.title, doc.date.iso if doc.date else ""] + [p.text for p in doc.paragraphs]:
        text = block if Path(font).exists() else block.encode("latin-1", "replace").decode("latin-1")
        pdf.multi_cell(0, 6, text)
        pdf.ln(3)
    pdf.output(str(path))


def duplicates_folder(folder: Path) -> dict[str, str]:
    """Write the folder; return doc id -> the id of the text it is a copy or version of (its true group)."""
    from search_engine.ingest.readers import read_documents

    rng = random.Random(7)
    truth: dict[str, str] = {}
    frus = {d.doc_id.rsplit("-", 1)[1]: d for d in read_documents(str(FRUS))} if FRUS.exists() else {}
    seed = read_documents(str(ROOT / "seeds" / "000_17656c3dbdfa3f82.txt"))[0]
    originals = [(k, frus[k]) for k in COPIED if k in frus] + [("seed000", seed)]
    (folder / "copies").mkdir(parents=True)
    for key, doc in originals:
        group = doc.doc_id
        truth[group] = group
        for suffix, write in (("txt", lambda p, d=doc: p.write_text(as_text(d), encoding="utf-8")),
                              ("html", lambda p, d=doc: p.write_text(as_html(d), encoding="utf-8")),
                              ("pdf", lambda p, d=doc: as_pdf(d, p))):
            name = f"{key}_{suffix}"
            write(folder / "copies" / f"{name}.{suffix}")
            truth[name] = group
        (folder / "copies" / f"{key}_ocr.txt").write_text(ocr_noise(as_text(doc), rng), encoding="utf-8")
        truth[f"{key}_ocr"] = group
        short = doc.paragraphs[:max(1, len(doc.paragraphs) * 6 // 10)]
        (folder / "copies" / f"{key}_short.txt").write_text(
            "\n".join([doc.title, "", *(p.text + "\n" for p in short)]), encoding="utf-8")
        truth[f"{key}_short"] = group
    shutil.copy(ROOT / "seeds" / "000_17656c3dbdfa3f82.txt", folder / "copies")
    truth["000_17656c3dbdfa3f82"] = seed.doc_id
    shutil.copy(ROOT / "seeds" / "002_54cc86d0ab452d54.txt", folder / "copies")
    for folder_name, name in (("ru", "protocol_63_ru"), ("translations", "protocol_63_en_literal"),
                              ("translations", "protocol_63_en_free")):
        shutil.copy(ROOT / "tests" / "fixtures" / folder_name / f"{name}.txt", folder / "copies")
        truth[name] = "protocol_63_ru"
    return truth


def kind_of(doc_id: str) -> str:
    for kind in ("html", "pdf", "txt", "ocr", "short"):
        if doc_id.endswith("_" + kind):
            return {"txt": "text", "ocr": "OCR noise", "short": "shortened"}.get(kind, kind)
    if doc_id.startswith("protocol_63"):
        return "translation"
    return "original"


def grouping(engine, truth: dict[str, str]) -> dict:
    from search_engine.index.storage import current_generation, load_connections

    links = load_connections(current_generation(engine.index_dir))[1]
    predicted = {d: i for i, g in enumerate(links["groups"]) for d in g}
    ids = sorted(d.doc_id for d in engine.documents())
    true_pairs = {(a, b) for a, b in itertools.combinations(ids, 2) if a in truth and truth.get(b) == truth[a]}
    found_pairs = {(a, b) for a, b in itertools.combinations(ids, 2)
                   if a in predicted and predicted.get(b) == predicted[a]}
    tp = true_pairs & found_pairs
    per_kind = {}
    for kind in ("text", "html", "pdf", "OCR noise", "shortened", "translation"):
        mine = {p for p in true_pairs if kind in (kind_of(p[0]), kind_of(p[1]))}
        per_kind[kind] = (len(mine & found_pairs), len(mine))
    wrong = sorted(found_pairs - true_pairs)
    missed = sorted(true_pairs - found_pairs)
    return {"precision": len(tp) / max(1, len(found_pairs)), "recall": len(tp) / max(1, len(true_pairs)),
            "pairs": len(true_pairs), "found": len(found_pairs), "per_kind": per_kind, "wrong": wrong[:10],
            "missed": missed[:10], "records": [(p["a"], p["b"], p.get("section", {}).get("heading"))
                                               for p in links["pairs"] if p["relation"] == "record"][:5]}


def recall_at_10(engine, held_out: bool = False) -> dict:
    """The share of the documents each FRUS document cites (the edition's ``<ref target="#dN">`` links) found
    among its top 10 related documents. ``held_out``: ranked without the citations the document itself makes
    (they are the judgments; the citations of the others still count)."""
    ids = {d.doc_id for d in engine.documents()}
    hits = total = 0
    per_doc = []
    for doc_id in sorted(i for i in ids if i.startswith("frus1961-63v06-")):
        cited = {r.doc_id for r in engine.document(doc_id).references
                 if r.kind == "document" and r.doc_id in ids and r.doc_id != doc_id}
        if not cited:
            continue
        found = {h.doc_id for h in (related_held_out(engine, doc_id, 10) if held_out else engine.related(doc_id, limit=10))}
        hits += len(cited & found)
        total += len(cited)
        per_doc.append((doc_id, len(cited & found), len(cited)))
    d66 = [(h.doc_id, h.date, h.title) for h in engine.related("frus1961-63v06-d66", limit=10)]
    return {"recall@10": hits / max(1, total), "documents": len(per_doc), "citations": total, "d66": d66,
            "per_doc": per_doc}


def related_held_out(engine, doc_id: str, limit: int):
    """``engine.related(doc_id)`` as if the document cited nothing (its own citations removed from the links)."""
    import copy

    from search_engine.search.related import related, whoosh_index

    source = engine.document(doc_id)

    def work(searcher, gen):
        links = copy.copy(engine._links_of(gen))
        links.cites = {d: c for d, c in links.cites.items() if d != doc_id}
        links.cited_by = {d: [c for c in cs if c["from"] != doc_id] for d, cs in links.cited_by.items()}
        return related(whoosh_index(searcher), source, limit=limit, exclude=links.copies.get(doc_id, ()), links=links,
                       subjects=engine._subjects_of(gen))

    return engine._on_live_generation(work)


def ablations(engine) -> list[tuple[str, float]]:
    """recall@10 (held out) with each part of the likeness switched off in turn."""
    from search_engine.search import related

    saved = related.SUBJECTS, related.CITATION, related.FAR
    out = []
    for label, subjects, citation, far in (("words only", 0.0, 0.0, 1.0), ("words + subjects", saved[0], 0.0, 1.0),
                                           ("words + time", 0.0, 0.0, saved[2]),
                                           ("words + subjects + time", saved[0], 0.0, saved[2]),
                                           ("all: + others' citations", *saved)):
        related.SUBJECTS, related.CITATION, related.FAR = subjects, citation, far
        try:
            out.append((label, recall_at_10(engine, held_out=True)["recall@10"]))
        finally:
            related.SUBJECTS, related.CITATION, related.FAR = saved
    return out


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cost(out: Path) -> dict:
    """Build FRUS + seeds + JFK with and without the connections; time, size, and the JFK groups found."""
    import json

    from search_engine import SearchEngine
    from search_engine.index import connections, sketches
    from search_engine.index.layout import LINKS
    from search_engine.index.storage import current_generation, load_connections

    sources = [str(s) for s in (FRUS, ROOT / "seeds", JFK) if s.exists()]
    result = {}
    for label in ("without connections", "with connections"):
        index = out / label.replace(" ", "-")
        shutil.rmtree(index, ignore_errors=True)
        saved = sketches.profile, connections.connect
        if label == "without connections":  # the same build with no profile of a document and no links
            sketches.profile = lambda doc: {}
            connections.connect = lambda profiles, load: {"pairs": [], "groups": [], "cites": {}, "cited_by": {},
                                                          "resolved": {}}
        try:
            started = time.monotonic()
            summary = SearchEngine(index).index(sources)
            seconds = time.monotonic() - started
        finally:
            sketches.profile, connections.connect = saved
        gen = current_generation(index)
        result[label] = {"seconds": round(seconds, 1), "mb": round(folder_size(index) / 1e6, 2),
                         "documents": summary.documents,
                         "links_mb": round((gen / LINKS).stat().st_size / 1e6, 3)}
    engine = SearchEngine(out / "with-connections")
    gen = current_generation(engine.index_dir)
    links = load_connections(gen)[1]
    pairs = {(p["a"], p["b"]): p for p in links["pairs"]}
    infos = {d.doc_id: d for d in engine.documents()}
    groups = []
    for group in links["groups"]:
        if not any(d.startswith("jfk_doc") for d in group):
            continue
        members = []
        for d in group:
            pair = pairs.get(tuple(sorted((group[0], d))), {})
            info = infos[d]
            members.append({"doc_id": d, "relation": pair.get("relation", "") if d != group[0] else "best source",
                            "similarity": pair.get("similarity"), "title": info.title, "date": info.date,
                            "passages": info.passages})
        groups.append(members)
    result["jfk_groups"] = groups
    result["jfk_documents"] = sum(1 for d in infos if d.startswith("jfk_doc"))
    started = time.monotonic()
    engine.index()  # nothing changed: no new generation
    result["unchanged update, s"] = round(time.monotonic() - started, 2)
    (out / "jfk-groups.json").write_text(json.dumps(groups, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="folder for the test folder and indexes (a temporary one)")
    parser.add_argument("--skip-cost", action="store_true", help="skip the FRUS + seeds + JFK builds")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="connections-"))
    from search_engine import SearchEngine

    truth = duplicates_folder(out / "folder")
    engine = SearchEngine(out / "duplicates-index")
    started = time.monotonic()
    sources = [out / "folder" / "copies"] + ([FRUS] if FRUS.exists() else [])
    summary = engine.index([str(s) for s in sources], rebuild=True)
    print(f"Duplicates folder: {summary.documents} documents ({len(truth)} in {len(set(truth.values()))} known groups), "
          f"built in {time.monotonic() - started:.1f} s; skipped {len(summary.skipped)}")
    g = grouping(engine, truth)
    print(f"  grouping: precision {g['precision']:.3f}, recall {g['recall']:.3f} "
          f"({g['found']} pairs grouped, {g['pairs']} true pairs)")
    for kind, (found, total) in g["per_kind"].items():
        print(f"    pairs with a {kind} copy: {found}/{total} grouped")
    if g["wrong"]:
        print("  grouped but not copies:", g["wrong"])
    if g["missed"]:
        print("  copies not grouped:", g["missed"])
    print("  records of the same protocol:", g["records"])
    if FRUS.exists():
        frus = SearchEngine(out / "frus-index")
        frus.index([str(FRUS)], rebuild=True)
        r = recall_at_10(frus)
        held = recall_at_10(frus, held_out=True)
        print(f"More like this on FRUS: recall@10 {held['recall@10']:.3f} of {held['citations']} citations "
              f"from {held['documents']} documents, each ranked without its own citations "
              f"({r['recall@10']:.3f} with them, which are the judgments)")
        for label, value in ablations(frus):
            print(f"    {label:<28} {value:.3f}")
        print("  related to d66:")
        for doc_id, date, title in r["d66"]:
            print(f"    {doc_id}  {date}  {title}")
    if not args.skip_cost and JFK.exists():
        c = cost(out)
        for label in ("without connections", "with connections"):
            x = c[label]
            print(f"Build FRUS + seeds + JFK {label}: {x['documents']} documents, {x['seconds']} s, index {x['mb']} MB "
                  f"(links.sqlite {x['links_mb']} MB)")
        print(f"  an update with nothing changed: {c['unchanged update, s']} s")
        in_groups = sum(len(g) for g in c["jfk_groups"])
        print(f"  JFK: {len(c['jfk_groups'])} groups of copies or versions, {in_groups} of {c['jfk_documents']} "
              f"documents (listed in {out / 'jfk-groups.json'}):")
        for group in c["jfk_groups"]:
            print("   ", "; ".join(f"{m['doc_id']} ({m['relation']}{', %.2f' % m['similarity'] if m['similarity'] else ''}, "
                                   f"{m['passages']} passages)" for m in group))


if __name__ == "__main__":
    main()
