"""Measure a Zotero library as a source (issue 24's targets), by hand:

    .venv/bin/python benchmarks/libraries.py [--work DIR] [--items 2000] [--pdfs 1000] [--repeat N] [--reuse DIR]
                                             [--together]

1. A Zotero library of ``--items`` items, ``--pdfs`` of them with a PDF (written directly by
   ``library_kit.plain_pdf_bytes`` from the FRUS volume's documents and the JFK OCR corpus, split at its pages:
   a thousand in seconds, where fpdf2 took twenty minutes; ``--reuse`` takes those of a library written before),
   half of the others with a note, the rest metadata only:
   the full build of the library, against a full build of the same PDF files indexed as a folder (CPU time
   of the build, which a machine busy with other work changes less than the wall-clock time; both are printed).
   ``--together`` runs the two builds at the same time, each in a process of its own (its own CPU time is
   measured), so that a busy machine gives both the same share and the run ends sooner.
2. An update after one item's PDF changed: how many items are read again, and which files of the library it
   opens (an audit hook sees every open).
3. Opening ``zotero.sqlite`` while another process holds it exclusively: a read-only connection, an immutable
   connection and a copy (what this engine does), timed on the library; and what each sees of changes not yet
   written to the database file (a transaction cut off mid-commit; a commit still in the write-ahead log).

Needs ../shared/corpora (FRUS and jfk-ocr). Writes everything under --work (default: a temporary folder).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import library_kit as kit  # noqa: E402

SHARED = HERE.parent.parent / "shared" / "corpora"


def texts(pdfs: int) -> list[tuple[str, str, list[list[str]]]]:
    """(title, date, pages of paragraphs) for ``pdfs`` PDFs: the FRUS documents, then the JFK files, each cut in
    two halves when it has at least four paragraphs (the first halves, then the second)."""
    from search_engine.ingest.readers import read_documents

    out = []
    for doc in read_documents(str(SHARED / "frus" / "frus1961-63v06.xml")):
        paragraphs = [p.text for p in doc.paragraphs]
        out.append((doc.title, doc.date.start.isoformat() if doc.date else "", [paragraphs[i:i + 6]
                                                                              for i in range(0, len(paragraphs), 6)]))
    jfk = sorted((SHARED / "jfk-ocr").glob("jfk_doc_*.md"), key=lambda p: int(re.sub(r"\D", "", p.stem)))
    halves: list[tuple[str, list[str]]] = []
    seconds: list[tuple[str, list[str]]] = []
    for path in jfk:
        text = re.sub(r"^(#.*|```.*)$", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.MULTILINE)
        paragraphs = [" ".join(b.split()) for b in text.split("\n\n") if len(b.split()) > 3]
        if len(paragraphs) >= 4:
            middle = len(paragraphs) // 2
            halves.append((f"JFK file {path.stem}", paragraphs[:middle]))
            seconds.append((f"JFK file {path.stem}, part 2", paragraphs[middle:]))
        elif paragraphs:
            halves.append((f"JFK file {path.stem}", paragraphs))
    for title, paragraphs in halves + seconds:
        out.append((title, "", [paragraphs[i:i + 8] for i in range(0, len(paragraphs), 8)]))
    return out[:pdfs]


def make_library(work: Path, items: int, pdfs: int, reuse: Path | None = None) -> Path:
    """The library (made once in ``work``); ``reuse``: take the PDFs from the storage folder of a library this
    script made before (writing a thousand PDFs is most of the time)."""
    library = work / "Zotero"
    if (library / "zotero.sqlite").exists():
        return library
    from search_engine.ingest.readers import read_documents

    frus = read_documents(str(SHARED / "frus" / "frus1961-63v06.xml"))
    made = []
    started = time.monotonic()
    for n, (title, day, pages) in enumerate(texts(pdfs)):
        key = f"I{n:07d}"
        earlier = reuse / "storage" / f"A{n:07d}" / f"{key}.pdf" if reuse else None
        data = earlier.read_bytes() if earlier and earlier.is_file() else kit.plain_pdf_bytes(pages)
        made.append(kit.Item(key, "document", {"title": title, "date": day or "1963-00-00 1963",
                                               "archive": "NARA", "archiveLocation": f"Box {n // 50 + 1}"},
                             collections=[f"Series {n % 7}"], tags=["pdf"],
                             attachments=[kit.Attachment(f"A{n:07d}", f"{key}.pdf", data)]))
    for n in range(len(made), items):
        source = frus[n % len(frus)]
        notes = [kit.note_html([p.text for p in source.paragraphs[:4]])] if n % 2 else []
        made.append(kit.Item(f"I{n:07d}", "manuscript", {"title": f"{source.title} (copy {n})",
                                                         "date": "1962-10-00 October 1962",
                                                         "abstractNote": source.paragraphs[0].text[:300]},
                             collections=[f"Series {n % 7}"], tags=["record"], notes=notes))
    kit.write_zotero(library, made)
    print(f"made {library}: {items} items, {pdfs} PDFs ({time.monotonic() - started:.0f} s)")
    return library


def timed_build(index: Path, sources: list[Path]):
    """(wall-clock seconds, CPU seconds of this process, summary) of a full build."""
    from search_engine import SearchEngine

    shutil.rmtree(index, ignore_errors=True)
    started, cpu = time.monotonic(), time.process_time()
    summary = SearchEngine(index).index(sources)
    return time.monotonic() - started, time.process_time() - cpu, summary


def child_build(index: Path, sources: list[Path]) -> subprocess.Popen:
    """A full build in a process of its own, which prints its figures as JSON when it ends."""
    code = ("import json, sys; sys.path[:0] = [{here!r}, {root!r}]; import libraries; from pathlib import Path\n"
            "wall, cpu, s = libraries.timed_build(Path({index!r}), [Path(p) for p in {sources!r}])\n"
            "print(json.dumps({{'wall': wall, 'cpu': cpu, 'documents': s.documents, 'passages': s.passages}}))"
            ).format(here=str(HERE), root=str(HERE.parent), index=str(index), sources=[str(p) for p in sources])
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def together(work: Path, storage: Path, library: Path):
    """The folder build and the library build at the same time: ((wall, cpu, documents, passages), ...)."""
    import json

    children = [child_build(work / "index-folder", [storage]), child_build(work / "index-library", [library])]
    out = []
    for child in children:
        stdout, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"a build failed (exit {child.returncode})")
        figures = json.loads(stdout.strip().splitlines()[-1])
        out.append((figures["wall"], figures["cpu"], figures["documents"], figures["passages"]))
    return out


def opened_during(action, under: Path) -> tuple[object, list[str]]:
    """What ``action()`` returns, and the files under ``under`` it opened (an audit hook sees each open)."""
    seen: list[str] = []
    prefix = str(under) + os.sep

    def hook(event, args):
        if event == "open" and isinstance(args[0], str) and args[0].startswith(prefix):
            seen.append(os.path.relpath(args[0], under))

    sys.addaudithook(hook)  # hooks cannot be removed: the list is read once, right after
    result = action()
    found = list(dict.fromkeys(seen))
    seen.clear()
    prefix = "\0"  # the hook stays, and matches nothing from now on
    return result, found


def opening(library: Path) -> None:
    """A read-only connection, an immutable connection and a copy, while another process holds the lock."""
    from search_engine.ingest.library import snapshot

    database = library / "zotero.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, time\n"
         f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
         "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
         "print('locked', flush=True); time.sleep(600)"], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        try:
            sqlite3.connect(f"file:{database}?mode=ro", uri=True).execute("SELECT count(*) FROM items").fetchone()
            print("read-only connection: opened")
        except sqlite3.OperationalError as e:
            print(f"read-only connection: {e}")
        query = "SELECT count(*) FROM items JOIN itemData USING (itemID)"
        started = time.monotonic()
        rows = sqlite3.connect(f"file:{database}?immutable=1", uri=True).execute(query).fetchone()[0]
        print(f"immutable connection: {rows} rows in {1000 * (time.monotonic() - started):.0f} ms")
        started = time.monotonic()
        with snapshot(str(database), str(database)) as db:
            rows = db.execute(query).fetchone()[0]
        print(f"copy ({database.stat().st_size / 1e6:.1f} MB) and open: {rows} rows in "
              f"{1000 * (time.monotonic() - started):.0f} ms")
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def unwritten_changes(work: Path) -> None:
    """What an immutable connection and a copy see of changes not yet in the database file alone."""
    from search_engine.ingest.library import snapshot

    # 1. a transaction cut off in the middle of writing (a crash, a kill): its pages are in the file, the old
    # ones in the rollback journal
    db_path = work / "torn.sqlite"
    for p in work.glob("torn.sqlite*"):
        p.unlink()
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE t (n INTEGER, pad TEXT)")
    db.executemany("INSERT INTO t VALUES (?, ?)", ((i, "x" * 200) for i in range(20000)))
    db.commit()
    db.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, time\n"
         f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
         "c.execute('PRAGMA cache_size=10'); c.execute('BEGIN')\n"
         "c.execute(\"UPDATE t SET n = -1, pad = 'y'\")\n"
         "print('written', flush=True); time.sleep(600)"], stdout=subprocess.PIPE, text=True)
    writer.stdout.readline()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    immutable = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    try:
        seen = immutable.execute("SELECT count(*) FROM t WHERE n = -1").fetchone()[0]
        print(f"cut-off write, immutable connection: {seen} of 20000 rows show the unfinished update")
    except sqlite3.DatabaseError as e:
        print(f"cut-off write, immutable connection: {e}")
    with snapshot(str(db_path), str(db_path)) as copy:
        seen = copy.execute("SELECT count(*) FROM t WHERE n = -1").fetchone()[0]
    print(f"cut-off write, copy with its journal: {seen} of 20000 rows show the unfinished update")
    # 2. a commit still in the write-ahead log (a program that keeps its database in WAL mode)
    wal_path = work / "wal.sqlite"
    for p in work.glob("wal.sqlite*"):
        p.unlink()
    db = sqlite3.connect(wal_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE t (n INTEGER)")
    db.execute("INSERT INTO t VALUES (1)")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("INSERT INTO t VALUES (2)")  # committed, in the log only
    seen = sqlite3.connect(f"file:{wal_path}?immutable=1", uri=True).execute("SELECT count(*) FROM t").fetchone()[0]
    print(f"commit in the write-ahead log, immutable connection: {seen} of 2 rows")
    with snapshot(str(wal_path), str(wal_path)) as copy:
        seen = copy.execute("SELECT count(*) FROM t").fetchone()[0]
    print(f"commit in the write-ahead log, copy with its log: {seen} of 2 rows")
    db.close()


def report_build(name: str, source: Path, seconds: float, cpu: float, documents: int, passages: int) -> None:
    print(f"{name} build ({source}): {documents} documents, {passages} passages in "
          f"{seconds:.1f} s, {cpu:.1f} s of CPU (load average {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--pdfs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="builds of each, alternating; the best is kept")
    parser.add_argument("--reuse", type=Path, default=None, help="a library this script made: take its PDFs")
    parser.add_argument("--together", action="store_true", help="run the folder and library builds at once")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="libraries-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    library = make_library(work, args.items, args.pdfs, args.reuse)
    storage = library / "storage"
    folder_times, library_times = [], []
    passages = {}
    for _ in range(args.repeat):  # alternating, so that a busy moment of the machine falls on both
        if args.together:
            (seconds, cpu, documents, n), (l_seconds, l_cpu, l_documents, l_n) = together(work, storage, library)
        else:
            seconds, cpu, folder = timed_build(work / "index-folder", [storage])
            documents, n = folder.documents, folder.passages
        folder_times.append(cpu)
        passages["folder"] = n
        report_build("folder", storage, seconds, cpu, documents, n)
        if not args.together:
            l_seconds, l_cpu, built = timed_build(work / "index-library", [library])
            l_documents, l_n = built.documents, built.passages
        library_times.append(l_cpu)
        passages["library"] = l_n
        report_build("library", library, l_seconds, l_cpu, l_documents, l_n)
    best_library, best_folder = min(library_times), min(folder_times)
    print(f"best of {args.repeat}, CPU: library {best_library:.1f} s, folder {best_folder:.1f} s: "
          f"{best_library / best_folder:.2f} x the folder build; per passage "
          f"{1000 * best_library / passages['library']:.1f} ms against {1000 * best_folder / passages['folder']:.1f} ms "
          f"({(best_library / passages['library']) / (best_folder / passages['folder']):.2f} x)")
    from search_engine import SearchEngine

    engine = SearchEngine(work / "index-library")
    started = time.monotonic()
    summary = engine.index()
    print(f"update, nothing changed: {len(summary.changed)} items read again in {time.monotonic() - started:.2f} s")
    pdf = next((storage / "A0000007").glob("*.pdf"))
    pdf.write_bytes(kit.plain_pdf_bytes([["A corrected scan of the seventh item: the quarantine line moved."]]))
    started = time.monotonic()
    summary, opened = opened_during(engine.index, library)
    print(f"update, one item's PDF changed: {len(summary.changed)} item(s) read again "
          f"({', '.join(Path(p).name for p in summary.changed)}), {summary.unchanged} unchanged, in "
          f"{time.monotonic() - started:.2f} s; files of the library opened: {', '.join(opened)}")
    opening(library)
    unwritten_changes(work)


if __name__ == "__main__":
    main()
