"""Building and updating the index: incremental updates, atomic swaps, bad files, locking."""

import os
import subprocess
import sys
import textwrap

import pytest

from search_engine import IndexLockedError, NoDocumentsError, SearchEngine
from search_engine.errors import IndexWriteError
from search_engine.index.layout import CURRENT, VERIFIED
from search_engine.index.storage import current_generation
from search_engine.index.writer import writer_lock
from search_engine.model import FormatSummary

from .conftest import SEED_000, SEED_002

NEW_DOC = textwrap.dedent("""\
    Memorandum on Jupiter Missiles

    27 October 1962

    TOP SECRET

    The Jupiter missiles at Izmir are obsolete and their removal was already under study.
    """)


def test_build_summary_counts_documents_passages_and_footnotes(tmp_path, corpus):
    summary = SearchEngine(tmp_path / "ix").index([corpus])
    assert (summary.documents, summary.passages, summary.footnotes) == (2, 45, 4)
    assert len(summary.added) == 2 and not summary.skipped
    assert summary.formats == (FormatSummary("text", files=2, documents=2, passages=45, footnotes=4),)


def test_incremental_update_adds_changes_and_removes(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])

    again = engine.index()  # remembers its sources
    assert not again.modified and again.unchanged == 2

    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    added = engine.index()
    assert [os.path.basename(p) for p in added.added] == ["jupiter.txt"] and added.unchanged == 2
    hit = engine.search("Izmir obsolete")[0]
    assert hit.doc_id == "jupiter" and hit.classification == ("TOP SECRET",) and hit.date.iso == "1962-10-27"

    (corpus / "jupiter.txt").write_text(NEW_DOC.replace("obsolete", "outdated"), encoding="utf-8")
    changed = engine.index()
    assert len(changed.changed) == 1 and not changed.added
    assert engine.search("obsolete").total == 0
    assert engine.search("outdated").total == 1
    assert engine.documents()[-1].doc_id in {"jupiter", SEED_000, SEED_002}

    (corpus / f"{SEED_000}.txt").unlink()
    removed = engine.index()
    assert len(removed.removed) == 1
    assert SEED_000 not in {d.doc_id for d in engine.documents()}
    assert engine.search("\"Dear Comrade Fidel Castro\"").total == 0
    assert removed.documents == 2


def test_update_never_changes_the_live_generation(tmp_path, corpus):
    """The update works on hard links to the live files: they must stay byte for byte the same."""
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    live = current_generation(engine.index_dir)
    before = {p.name: p.read_bytes() for p in live.rglob("*") if p.is_file() and p.name != VERIFIED}
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    (corpus / f"{SEED_002}.txt").write_text((corpus / f"{SEED_002}.txt").read_text() + "\nA new line.\n")
    engine.index()
    assert current_generation(engine.index_dir) != live
    after = {p.name: p.read_bytes() for p in live.rglob("*") if p.is_file() and p.name != VERIFIED}
    assert after == before


def test_rebuild_swaps_atomically_and_keeps_searches_working(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    old = current_generation(engine.index_dir)
    reader = SearchEngine(engine.index_dir)
    assert reader.search("Castro").total > 0
    summary = engine.index([corpus], rebuild=True)
    assert summary.rebuilt
    new = current_generation(engine.index_dir)
    assert new != old
    assert reader.search("Castro").total > 0  # the reader follows CURRENT to the new generation
    assert not (engine.index_dir / (CURRENT + ".tmp")).exists()
    assert sorted(p.name for p in engine.index_dir.glob("gen-*")) == sorted([old.name, new.name])


def test_rebuild_with_no_readable_document_keeps_the_old_index(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    live = current_generation(engine.index_dir)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   \n", encoding="utf-8")
    with pytest.raises(NoDocumentsError, match="old index is kept"):
        engine.index([empty], rebuild=True)
    assert current_generation(engine.index_dir) == live
    assert engine.search("Castro").total > 0


def test_bad_files_are_reported_and_skipped(tmp_path, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (corpus / "nul.txt").write_bytes(b"text\x00with\x00nul" * 100)
    (corpus / "bad_front.txt").write_text("---\ntitle: [unclosed\n---\nBody text here.\n", encoding="utf-8")
    summary = SearchEngine(tmp_path / "ix").index([corpus])
    reasons = {os.path.basename(s.path): s.reason for s in summary.skipped}
    assert reasons.keys() == {"empty.txt", "image.txt", "nul.txt", "bad_front.txt"}
    assert reasons["empty.txt"] == "empty file"
    assert "PNG" in reasons["image.txt"]
    assert "NUL" in reasons["nul.txt"]
    assert "front matter" in reasons["bad_front.txt"]
    assert summary.documents == 2


def test_failed_build_leaves_the_index_and_no_debris(tmp_path, corpus, monkeypatch):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    live = current_generation(engine.index_dir)
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")

    import search_engine.index.writer as index_module

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_module, "_fsync_tree", broken)
    with pytest.raises(IndexWriteError, match="No space left on device; the previous index is unchanged"):
        engine.index()
    monkeypatch.undo()
    assert current_generation(engine.index_dir) == live
    assert [p.name for p in engine.index_dir.glob("gen-*")] == [live.name]
    assert engine.search("Izmir").total == 0
    assert engine.index().added  # the next build succeeds without clean-up
    assert engine.search("Izmir").total == 1


def test_killed_build_leaves_the_old_index(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    live = current_generation(engine.index_dir)
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    script = textwrap.dedent(f"""
        import os
        import search_engine.index.writer as ix
        from search_engine.index.build import build
        def die(*a, **k):
            os._exit(9)  # dies like kill -9, after whoosh's commit and before the swap
        ix._fsync_tree = die
        build({str(engine.index_dir)!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    assert current_generation(engine.index_dir) == live
    assert engine.search("Izmir").total == 0
    with writer_lock(engine.index_dir):  # the dead process held no stale lock
        pass
    engine.index()
    assert engine.search("Izmir").total == 1
    assert len(list(engine.index_dir.glob("gen-*"))) == 2


def test_second_writer_gets_a_clear_lock_error(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    with writer_lock(engine.index_dir):
        with pytest.raises(IndexLockedError, match="locked by another build"):
            engine.index(wait=0.2)
    engine.index()


def test_duplicate_document_ids_are_reported(tmp_path, corpus):
    other = tmp_path / "other"
    other.mkdir()
    (other / f"{SEED_000}.txt").write_text(NEW_DOC, encoding="utf-8")
    summary = SearchEngine(tmp_path / "ix").index([corpus, other])
    assert len(summary.skipped) == 1 and "already used" in summary.skipped[0].reason


def test_show_and_list_read_the_catalog(engine):
    docs = engine.documents()
    assert [d.doc_id for d in docs] == [SEED_000, SEED_002]
    assert docs[0].classification == ("TOP SECRET", "SPECIAL FOLDER")
    assert (docs[1].passages, docs[1].footnotes) == (25, 3)
    doc = engine.document(SEED_002)
    assert doc.footnote("1").paragraph == 10
    doc, passages = engine.passage(f"{SEED_002}#p10", context=1)
    assert [p.paragraph for p in passages] == [9, 10, 11]


def test_progress_counts_the_bytes_of_the_files_read_in_both_phases(tmp_path, corpus):
    events = []
    SearchEngine(tmp_path / "ix").index([corpus], progress=lambda *e: events.append(e))
    sizes = sorted(p.stat().st_size for p in corpus.iterdir())
    total = sum(sizes)
    assert {t for _, _, t, _ in events} == {total}
    reads = [(done, os.path.basename(item)) for phase, done, _, item in events if phase == "read"]
    assert reads == [(0, f"{SEED_000}.txt"), ((corpus / f"{SEED_000}.txt").stat().st_size, f"{SEED_002}.txt")]
    writes = [done for phase, done, _, _ in events if phase == "write"]
    assert len(writes) == 45 and writes == sorted(writes) and writes[-1] == total
    assert events[-1][:3] == ("save", total, total)


def index_content(index_dir) -> dict:
    """What an index holds, without what differs from one build of the same files to the next (file names, times,
    where each document lies in the store): every posting with its weight and positions, the stored fields, the
    columns and field lengths of every passage, the catalog, the words table, the profiles and the connections."""
    import json
    import sqlite3

    from search_engine.index.storage import open_whoosh

    gen = current_generation(index_dir)
    ix = open_whoosh(gen)
    with ix.reader() as reader:
        postings = {}
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            postings[field, term] = []
            while matcher.is_active():
                postings[field, term].append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
        names = reader.schema.names()
        columns = {name: list(reader.column_reader(name)) for name in names if reader.has_column(name)}
        lengths = {name: [reader.doc_field_length(i, name) for i in range(reader.doc_count_all())]
                   for name in names if reader.schema[name].scorable}
        stored = list(reader.all_stored_fields())
    ix.close()
    catalog = json.loads((gen / "catalog.json").read_text(encoding="utf-8"))
    del catalog["created"]
    for entry in [*catalog["documents"].values(), *catalog["files"].values()]:
        entry.pop("store", None)
        entry.pop("stamp", None)
    db = sqlite3.connect(gen / "words.sqlite")
    words = db.execute("SELECT * FROM words ORDER BY word").fetchall()
    db.close()
    from search_engine.index.storage import load_connections

    sidecars = dict(zip(("profiles", "links"), load_connections(gen), strict=True))
    return {"postings": postings, "columns": columns, "lengths": lengths, "stored": stored, "catalog": catalog,
            "words": words, **sidecars}


# a build in a fresh process (no thread of another test running: index.ahead forks only then), its files read
# ahead by worker processes whatever their size; argv: index folder, source folder, and "dies" for workers that die
_BUILD_AHEAD = """
import os, sys
import search_engine.index.ahead as ahead
from search_engine import SearchEngine

ahead.READ_AHEAD_BYTES = 0
used = []
workers = ahead.workers
ahead.workers = lambda files, size: used.append(workers(files, size)) or used[-1]
if sys.argv[3:] == ["dies"]:
    def _work(path, deleted):
        os._exit(9)
    ahead._work = _work
    _work.__module__ = ahead.__name__
elif sys.argv[3:] == ["no-pool"]:  # multiprocessing without its semaphores, as on some systems
    import concurrent.futures
    def refused(*args, **kwargs):
        raise NotImplementedError("no sem_open")
    concurrent.futures.ProcessPoolExecutor.__init__ = refused
elif sys.argv[3:] == ["no-fork"]:  # the system refuses a new process
    import errno
    def refused():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
    os.fork = refused
summary = SearchEngine(sys.argv[1]).index([sys.argv[2]])
print(used, summary.documents, summary.passages, sorted(summary.added), sorted(s.path for s in summary.skipped))
"""


def _build_ahead(index_dir, sources, *args) -> str:
    done = subprocess.run([sys.executable, "-c", _BUILD_AHEAD, str(index_dir), str(sources), *args],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_files_read_ahead_by_worker_processes_give_the_same_index(tmp_path, corpus):
    """A build whose files are read, parsed and analysed by worker processes (index.ahead) writes the index a build
    in one process writes, whatever the timing: the files in their order, a PDF (which may ask for OCR) and a
    file that cannot be read handed back to the build's own process."""
    import shutil

    from .conftest import ROOT
    from .test_pdf import make_pdf

    for folder in ("encodings", "ru", "translations"):
        for path in (ROOT / "tests" / "fixtures" / folder).iterdir():
            if path.name != "README.md":
                shutil.copy(path, corpus / f"{folder}-{path.name}")
    shutil.copy(ROOT / "tests" / "fixtures" / "wilson_center_115092.html", corpus)
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    (corpus / "memo.pdf").write_bytes(make_pdf([[NEW_DOC.replace("Jupiter", "Thor")]]))
    (corpus / "nul.txt").write_bytes(b"text\x00with\x00nul" * 100)
    alone = SearchEngine(tmp_path / "alone").index([corpus])
    shared = _build_ahead(tmp_path / "shared", corpus)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    files = len(alone.added) + len(alone.skipped)
    assert shared == str([min(cores, files) if cores > 1 else 0]) + (
        f" {alone.documents} {alone.passages} {sorted(alone.added)} {sorted(s.path for s in alone.skipped)}")
    assert "memo.pdf" in " ".join(alone.added)
    assert index_content(tmp_path / "shared") == index_content(tmp_path / "alone")


def test_a_build_undoes_its_own_gc_freeze_and_only_its_own(tmp_path, corpus):
    """The read-ahead freezes the objects it shares with its forked workers out of the collector while they read,
    and unfreezes them after; what a program embedding the engine froze itself before the build stays frozen."""
    script = _BUILD_AHEAD.replace("summary = SearchEngine", "import gc\nif sys.argv[3:] == ['frozen']:\n"
                                  "    gc.freeze()\nsummary = SearchEngine") + "print(gc.get_freeze_count() > 0)\n"
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    for mode, frozen in (("frozen", "True"), ("plain", "False")):
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path / mode), str(corpus), mode],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().split("\n")[-1] == frozen, done.stdout


def test_a_worker_that_dies_leaves_its_files_to_the_build(tmp_path, corpus):
    """A worker killed while it reads (out of memory, a crash in a parser) costs time, not the build: the files
    not yet prepared are read by the build's own process."""
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    alone = SearchEngine(tmp_path / "alone").index([corpus])
    survived = _build_ahead(tmp_path / "survived", corpus, "dies")
    assert survived.endswith(f" {alone.documents} {alone.passages} {sorted(alone.added)} []")
    assert index_content(tmp_path / "survived") == index_content(tmp_path / "alone")


@pytest.mark.parametrize("refused", ["no-pool", "no-fork"])
def test_a_build_where_no_worker_can_be_started_reads_its_files_itself(tmp_path, corpus, refused):
    """Where multiprocessing does not work (no semaphores) or the system refuses to fork, the build reads its files in
    its own process and writes the index a build in one process writes, the file that cannot be read skipped."""
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    (corpus / "nul.txt").write_bytes(b"text\x00with\x00nul" * 100)
    alone = SearchEngine(tmp_path / "alone").index([corpus])
    read_here = _build_ahead(tmp_path / "here", corpus, refused)
    assert read_here.endswith(f" {alone.documents} {alone.passages} {sorted(alone.added)} "
                              f"{sorted(s.path for s in alone.skipped)}")
    assert [s.path for s in alone.skipped] and "nul.txt" in alone.skipped[0].path
    assert index_content(tmp_path / "here") == index_content(tmp_path / "alone")


def test_no_worker_reads_ahead_on_one_core_without_fork_or_beside_other_threads(monkeypatch):
    """index.ahead forks workers only where that pays and is safe: two cores or more, fork available, no other
    thread (a lock another thread holds would stay held in the child)."""
    import multiprocessing
    import threading

    from search_engine.index import ahead

    size = 1 << 30
    monkeypatch.setattr(ahead.threading, "active_count", lambda: 1)
    monkeypatch.setattr(ahead.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert ahead.workers(10, size) == 2
    assert ahead.workers(1, size) == 0 and ahead.workers(10, ahead.READ_AHEAD_BYTES - 1) == 0
    monkeypatch.setattr(ahead.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert ahead.workers(10, size) == 0
    monkeypatch.setattr(ahead.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert ahead.workers(10, size) == 0
    monkeypatch.undo()
    monkeypatch.setattr(ahead.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert ahead.workers(10, size) == 0
