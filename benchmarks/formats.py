"""Every file in a historian's folder: a mixed folder made from real FRUS documents and the seeds, measured.

    python benchmarks/formats.py [--docs 40] [--ocr-pages 8] [--out DIR] [--json FILE]

Builds, from ``../shared/corpora/frus/frus1961-63v06.xml`` (or the seeds alone) and the seeds, a folder of
Word, OpenDocument, RTF, EPUB, e-mail (with an attachment), mbox, ZIP (nested folders), PNG, multi-page TIFF
and image-only PDF files and one damaged .docx (benchmarks/formats_kit.py writes them with the libraries),
indexes it with ``search-engine index`` and reports each target of the issue:

1. every file found by a phrase of its text; titles and dates where the container states them; the scans'
   text found, a phrase that crosses a line wrap too; the attachment and the ZIP member under their
   container; the damaged .docx named and skipped; exit 0;
2. OCR: word accuracy of clean 200 dpi pages against the text rendered on them (three English pages, and a
   Russian one from ``tests/fixtures/ru``, read with the default languages); on ``--ocr-pages`` English pages,
   Tesseract's CPU time per page (user + system of its processes: on a shared machine the wall time says
   more about the other work) and so pages per second per core, and the wall-clock pages per second per
   core beside it (and the CPU per page of the whole build: Tesseract's, fitting the pages to their type size
   and indexing the text); a rebuild with unchanged scans runs no OCR;
3. indexing speed of each format against plain text of the same documents (the same words), best of 3.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import formats_kit as kit  # noqa: E402

from search_engine import SearchEngine  # noqa: E402
from search_engine.ingest.readers import read_documents  # noqa: E402

FRUS = ROOT.parent / "shared" / "corpora" / "frus" / "frus1961-63v06.xml"
SEEDS = ROOT / "seeds"
RUSSIAN = ROOT / "tests" / "fixtures" / "ru" / "protocol_63_ru.txt"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def word_accuracy(expected: str, got: str) -> tuple[int, int]:
    a, b = words(expected), words(got)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(a)


def phrase_of(text: str, n: int = 6) -> str:
    """n words from the middle of a paragraph, as a phrase query."""
    w = [x for x in re.findall(r"[A-Za-z]+", text)]
    mid = max(0, len(w) // 2 - n // 2)
    return " ".join(w[mid:mid + n])


def load_documents(limit: int):
    docs = []
    if FRUS.is_file():
        docs = [d for d in read_documents(str(FRUS)) if d.date and d.date.exact and len(d.paragraphs) >= 3][:limit]
    seeds = [d for path in sorted(SEEDS.glob("*.txt")) for d in read_documents(str(path))]
    return docs, seeds


def plain_text(doc) -> str:
    notes = "\n\n".join(f"[{n.number}] {n.text}" for n in doc.footnotes)
    body = "\n\n".join(p.text for p in doc.paragraphs)
    return f"{doc.title}\n\n{doc.date.start.strftime('%B %-d, %Y') if doc.date else ''}\n\n{body}\n\n{notes}\n"


def paragraphs_with_date(doc) -> list[str]:
    dateline = [f"{doc.place + ', ' if doc.place else ''}{doc.date.start.strftime('%B %-d, %Y')}"] if doc.date else []
    return dateline + [re.sub(r"\[\d+\]", "", p.text) for p in doc.paragraphs]


# -- 1. the mixed folder -----------------------------------------------------------------------------------------
def make_folder(folder: Path, docs, seeds) -> list[dict]:
    """Write one file of each format; return what each must be found by (phrase, source, title, date)."""
    checks: list[dict] = []
    pick = iter(docs or seeds * 10)

    def check(source, doc, phrase_text=None, title=None, date=None, **extra):
        """``phrase_text`` for a scan (what was rendered); else the document's longest paragraph."""
        text = phrase_text or max((p.text for p in doc.paragraphs), key=len)
        checks.append({"source": source, "phrase": phrase_of(text), "title": title, "date": date, **extra})

    d = next(pick)
    body = paragraphs_with_date(d)
    (folder / "transcription.docx").write_bytes(kit.docx_bytes(
        body, title_style=d.title, footnotes={1: "Source: Department of State, Central Files."},
        properties={"title": "Microsoft Word - transcr_v2.doc", "author": "jsmith", "created": datetime(1601, 1, 1)}))
    check("transcription.docx", d, None, d.title, d.date.iso)
    d = next(pick)
    body = [re.sub(r"\[\d+\]", "", p.text) for p in d.paragraphs]
    (folder / "notes.odt").write_bytes(kit.odt_bytes(body, title=d.title, created=datetime.combine(d.date.start, datetime.min.time()),
                                                     footnotes={0: "Transcribed in the reading room."}))
    check("notes.odt", d, None, d.title, d.date.iso)
    d = next(pick)
    body = [re.sub(r"\[\d+\]", "", p.text) for p in d.paragraphs]
    (folder / "older-transcript.rtf").write_bytes(kit.rtf_bytes(
        body, title=d.title, author="N. N.", created=datetime.combine(d.date.start, datetime.min.time())))
    check("older-transcript.rtf", d, None, d.title, d.date.iso)
    chapters = [next(pick) for _ in range(3)]
    (folder / "edition.epub").write_bytes(kit.epub_bytes(
        "Foreign Relations of the United States, 1961-1963, Volume VI",
        [(c.title, paragraphs_with_date(c)) for c in chapters], creator="Charles S. Sampson", published="1996"))
    for c in chapters:
        check("edition.epub", c, None, c.title, c.date.iso)
    d, att = next(pick), next(pick)
    mail = kit.email_bytes("Re: the cables you requested", plain_text(d),
                           sent=datetime(2024, 3, 5, 10, 30, tzinfo=timezone.utc),
                           attachments=[("attachment-minutes.txt", plain_text(att).encode())])
    (folder / "telegram.eml").write_bytes(mail)
    check("telegram.eml", d, None, "Re: the cables you requested", "2024-03-05")
    check("telegram.eml/attachment-minutes.txt", att, None, att.title, att.date.iso)
    box = [next(pick) for _ in range(2)]
    kit.write_mbox(folder / "correspondence.mbox", [
        kit.email_bytes(f"Copy of {b.title[:40]}", plain_text(b), sent=datetime(2024, 1, 9 + n, tzinfo=timezone.utc))
        for n, b in enumerate(box)])
    for n, b in enumerate(box, 1):
        check(f"correspondence.mbox/{n}", b, None, f"Copy of {b.title[:40]}", f"2024-01-{8 + n:02d}")
    a, b = next(pick), next(pick)
    (folder / "release-bundle.zip").write_bytes(kit.zip_bytes({
        "release-2025/memo-a.txt": plain_text(a).encode(),
        "release-2025/cables/memo-b.docx": kit.docx_bytes(paragraphs_with_date(b), title_style=b.title),
        "release-2025/" + f"{seeds[0].doc_id}.txt": (SEEDS / f"{seeds[0].doc_id}.txt").read_bytes(),
    }))
    check("release-bundle.zip/release-2025/memo-a.txt", a, None, a.title, a.date.iso)
    check("release-bundle.zip/release-2025/cables/memo-b.docx", b, None, b.title, b.date.iso)
    # the scans: a phone photo (PNG) of one page, a two-page TIFF, a scanner's image-only PDF
    s1, s2, s3 = next(pick), next(pick), next(pick)
    page1, rendered1 = kit.page_image("\n\n".join(p.text for p in s1.paragraphs[:4]))
    (folder / "reading-room-photo.png").write_bytes(kit.image_bytes([page1]))
    lines = rendered1.split("\n")
    wrap = next(" ".join(lines[i].split()[-2:] + lines[i + 1].split()[:2]) for i in range(len(lines) - 1)
                if len(lines[i].split()) > 1 and len(lines[i + 1].split()) > 1)
    checks.append({"source": "reading-room-photo.png", "phrase": wrap, "title": None, "date": None, "wrap": True})
    check("reading-room-photo.png", s1, rendered1.split("\n\n")[0])
    pages = [kit.page_image("\n\n".join(p.text for p in s2.paragraphs[i:i + 2]))[0] for i in (0, 2)]
    (folder / "two-page-scan.tif").write_bytes(kit.image_bytes(pages, "TIFF"))
    check("two-page-scan.tif", s2, s2.paragraphs[2].text)
    page3, rendered3 = kit.page_image("\n\n".join(p.text for p in s3.paragraphs[:3]))
    (folder / "scanner-output.pdf").write_bytes(kit.scanned_pdf_bytes([page3]))
    check("scanner-output.pdf", s3, rendered3.split("\n\n")[0])
    (folder / "damaged.docx").write_bytes(kit.docx_bytes(["cut short"])[:1200])
    return checks


def run_mixed(out: Path, docs, seeds) -> dict:
    folder = out / "mixed"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    checks = make_folder(folder, docs, seeds)
    index = out / "mixed-ix"
    shutil.rmtree(index, ignore_errors=True)
    started = time.monotonic()
    cli = subprocess.run([sys.executable, "-m", "search_engine", "index", str(folder), "--index", str(index), "--json"],
                         capture_output=True, text=True, cwd=out)
    seconds = time.monotonic() - started
    summary = json.loads(cli.stdout)
    engine = SearchEngine(index)
    by_source = {}
    for d in engine.documents():
        by_source.setdefault(d.source.split("mixed/", 1)[-1], []).append(d)
    rows = []
    for c in checks:
        hits = engine.search(f'"{c["phrase"]}"', per_doc=0, limit=100)
        sources = {h.source.split("mixed/", 1)[-1] for h in hits}
        row = {"source": c["source"], "phrase": c["phrase"], "found": c["source"] in sources}
        if c.get("title"):
            docs_here = by_source.get(c["source"], [])
            row["title_ok"] = any(d.title == c["title"] for d in docs_here)
            row["date_ok"] = any(d.date is not None and d.date.iso == c["date"] for d in docs_here)
        if c.get("wrap"):
            row["crosses_wrap"] = True
        rows.append(row)
    damaged = [s for s in summary["skipped"] if s["path"].endswith("damaged.docx")]
    return {"exit": cli.returncode, "seconds": round(seconds, 2), "files": len(list(folder.iterdir())),
            "documents": summary["documents"], "checks": rows, "damaged_docx": damaged,
            "skipped": summary["skipped"], "ocr": summary["ocr"]}


# -- 2. OCR -------------------------------------------------------------------------------------------------------
def run_ocr(out: Path, docs, seeds, pages: int) -> dict:
    from search_engine.ingest.tesseract import Tesseract

    texts = [d for d in (docs or seeds)]
    folder = out / "ocr"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rendered = []
    pool = [p.text for d in texts for p in d.paragraphs if len(p.text) > 200]
    for n in range(pages):
        image, text = kit.page_image("\n\n".join(pool[n * 4:(n + 1) * 4]))
        (folder / f"page{n:02d}.png").write_bytes(kit.image_bytes([image]))
        rendered.append(text)
    ocr = Tesseract()
    right = total = 0
    for n in range(min(3, pages)):
        r, t = _read_accuracy(folder / f"page{n:02d}.png", rendered[n], ocr)
        right, total = right + r, total + t
    russian_page, russian_text = kit.page_image(RUSSIAN.read_text(encoding="utf-8"))
    (out / "russian.png").write_bytes(kit.image_bytes([russian_page]))
    ru_right, ru_total = _read_accuracy(out / "russian.png", russian_text, ocr)
    index = out / "ocr-ix"
    shutil.rmtree(index, ignore_errors=True)
    engine = SearchEngine(index)
    started, cpu, own = time.monotonic(), _children_cpu(), time.process_time()
    first = engine.index([folder])
    seconds, cpu_seconds = time.monotonic() - started, _children_cpu() - cpu
    own_seconds = time.process_time() - own
    started = time.monotonic()
    again = engine.index(rebuild=True)
    rebuild_seconds = time.monotonic() - started
    cores = os.cpu_count() or 1
    cpu_per_page = cpu_seconds / max(1, first.ocr_pages)
    return {"languages": ocr.languages, "accuracy": {"right": right, "words": total, "share": round(right / total, 4)},
            "accuracy_russian": {"right": ru_right, "words": ru_total, "share": round(ru_right / ru_total, 4)},
            "pages": pages, "cores": cores, "build_seconds": round(seconds, 2),
            "cpu_seconds_per_page": round(cpu_per_page, 3),
            # Tesseract's and the whole build's own (fitting the pages to their type size, indexing the text)
            "all_cpu_seconds_per_page": round((cpu_seconds + own_seconds) / max(1, first.ocr_pages), 3),
            "pages_per_cpu_second": round(1 / cpu_per_page, 3) if cpu_per_page else None,
            "pages_per_second_per_core": round(first.ocr_pages / seconds / cores, 3),
            "first_build_ocr_pages": first.ocr_pages,
            "rebuild": {"ocr_pages_read": again.ocr_pages, "from_cache": again.ocr_cached,
                        "seconds": round(rebuild_seconds, 2)}}


def _read_accuracy(path: Path, rendered: str, ocr) -> tuple[int, int]:
    """(words right, words rendered) of one scan read by the engine."""
    (doc,) = read_documents(str(path), ocr=ocr)
    got = " ".join([doc.title, *doc.header, *(p.text for p in doc.paragraphs), *(f.text for f in doc.footnotes)])
    return word_accuracy(rendered, got)


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (Tesseract's) of this process."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


# -- 3. speed against plain text ---------------------------------------------------------------------------------
def run_speed(out: Path, docs, seeds) -> dict:
    base = out / "speed"
    shutil.rmtree(base, ignore_errors=True)
    chosen = docs or seeds
    makers = {
        "text": lambda d: ("txt", plain_text(d).encode()),
        "docx": lambda d: ("docx", kit.docx_bytes(paragraphs_with_date(d), title_style=d.title)),
        "odt": lambda d: ("odt", kit.odt_bytes(paragraphs_with_date(d), heading=d.title)),
        "rtf": lambda d: ("rtf", kit.rtf_bytes([d.title, *paragraphs_with_date(d)])),
        "email": lambda d: ("eml", kit.email_bytes(d.title, plain_text(d), sent=datetime(2024, 1, 1, tzinfo=timezone.utc))),
    }
    results = {}
    for fmt, make in makers.items():
        folder = base / fmt
        folder.mkdir(parents=True)
        for n, d in enumerate(chosen):
            suffix, data = make(d)
            (folder / f"doc{n:03d}.{suffix}").write_bytes(data)
    (base / "zip").mkdir()
    (base / "zip" / "bundle.zip").write_bytes(kit.zip_bytes({f"doc{n:03d}.txt": plain_text(d).encode()
                                                             for n, d in enumerate(chosen)}))
    (base / "epub").mkdir()
    (base / "epub" / "edition.epub").write_bytes(kit.epub_bytes("Edition", [(d.title, paragraphs_with_date(d))
                                                                          for d in chosen]))
    for fmt in [*makers, "zip", "epub"]:
        times = []
        for _ in range(3):
            index = base / f"ix-{fmt}"
            shutil.rmtree(index, ignore_errors=True)
            started = time.monotonic()
            summary = SearchEngine(index).index([base / fmt])
            times.append(time.monotonic() - started)
        results[fmt] = {"seconds": round(min(times), 3), "documents": summary.documents, "passages": summary.passages}
    for fmt, r in results.items():
        r["vs_text"] = round(r["seconds"] / results["text"]["seconds"], 2)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=40, help="FRUS documents for the speed comparison")
    parser.add_argument("--ocr-pages", type=int, default=8, help="pages for the OCR throughput")
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="formats-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    docs, seeds = load_documents(max(args.docs, 30))
    report = {"mixed": run_mixed(out, docs, seeds), "ocr": run_ocr(out, docs, seeds, args.ocr_pages),
              "speed": run_speed(out, docs[:args.docs], seeds)}
    m = report["mixed"]
    print(f"1. mixed folder: {m['files']} files -> {m['documents']} documents in {m['seconds']} s, exit {m['exit']}")
    for row in m["checks"]:
        extra = "".join(f"  {k}={'yes' if row[k] else 'NO'}" for k in ("title_ok", "date_ok") if k in row)
        print(f"   {'found' if row['found'] else 'NOT FOUND'}  {row['source']}: \"{row['phrase']}\""
              f"{'  (crosses a line wrap)' if row.get('crosses_wrap') else ''}{extra}")
    for s in m["damaged_docx"]:
        print(f"   skipped {s['path'].split('mixed/', 1)[-1]}: {s['reason']} ({s['kind']})")
    o = report["ocr"]
    print(f"2. OCR ({o['languages']}): {o['accuracy']['right']} of {o['accuracy']['words']} words right "
          f"({o['accuracy']['share']:.1%}) on English pages, {o['accuracy_russian']['right']} of "
          f"{o['accuracy_russian']['words']} ({o['accuracy_russian']['share']:.1%}) on a Russian page; "
          f"{o['first_build_ocr_pages']} pages: Tesseract's CPU {o['cpu_seconds_per_page']} s per page = "
          f"{o['pages_per_cpu_second']} page/s per core ({o['all_cpu_seconds_per_page']} s with the build's own CPU: "
          f"fitting pages, indexing); wall clock {o['build_seconds']} s on {o['cores']} cores = "
          f"{o['pages_per_second_per_core']} page/s per core; rebuild: "
          f"{o['rebuild']['ocr_pages_read']} pages read, {o['rebuild']['from_cache']} from the cache "
          f"({o['rebuild']['seconds']} s)")
    print("3. indexing speed, the same documents in each format (best of 3):")
    for fmt, r in report["speed"].items():
        print(f"   {fmt:<6} {r['seconds']:>7.3f} s  {r['documents']:>4} documents {r['passages']:>5} passages  "
              f"{r['vs_text']:.2f}x text")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
