"""Crash safety, failed writes, damage detection and locking of the index on disk.

Each test leaves a real index, breaks something the way a crash, a full disk, a bad sector or a
second process would, and checks that the previous index is intact and searchable, that the
error says what to do, and that the next build needs no manual clean-up.
"""

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from click.testing import CliRunner

import search_engine.index.writer as index_module
from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.errors import IndexDamagedError, IndexLockedError, IndexWriteError
from search_engine.index.layout import CURRENT, MANIFEST, VERIFIED, WORDS
from search_engine.index.storage import current_generation
from search_engine.index.writer import writer_lock

from .conftest import SEED_002, SEEDS, SHARED

FRUS = SHARED / "corpora" / "frus"
NEW_DOC = "Memorandum on Jupiter missiles\n\nDate: 1962-10-28\n\nThe Jupiter missiles in Izmir are obsolete.\n"


def _state(engine: SearchEngine) -> tuple:
    """What a search sees: the live generation, the document count and a result count."""
    return current_generation(engine.index_dir).name, len(engine.documents()), engine.search("Castro").total


def _lock_is_free(index_dir) -> bool:
    try:
        with writer_lock(index_dir, wait=0):
            return True
    except IndexLockedError:
        return False


def _debris(engine: SearchEngine) -> list[str]:
    live = current_generation(engine.index_dir).name
    return sorted(p.name for p in engine.index_dir.glob("gen-*") if p.name != live)


# -- 1. crash safety -------------------------------------------------------------------------------

# Each script runs an update in a fresh process and kills it (os._exit, as abrupt as kill -9) at one
# point of the write: before whoosh's commit, after the commit and before the swap, after the swap.
CRASH_POINTS = {
    "before commit": "import whoosh.writing as w\nw.SegmentWriter.commit = lambda self, *a, **k: os._exit(9)",
    "while indexing the documents": "ix.GenerationWriter._store = lambda *a, **k: os._exit(9)",
    "while writing the words table": "import search_engine.index.words as w\nw.write_words = lambda *a, **k: os._exit(9)",
    "after commit, before the manifest": "ix._write_manifest = lambda *a, **k: os._exit(9)",
    "after the manifest, before the swap": "ix._fsync_dir = lambda *a, **k: os._exit(9)",
}


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_build_that_dies_leaves_the_previous_index(tmp_path, corpus, point):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    before = _state(engine)
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    script = f"import os\nimport search_engine.index.writer as ix\nfrom search_engine.index.build import build\n{CRASH_POINTS[point]}\nbuild({str(engine.index_dir)!r})\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    assert _state(SearchEngine(engine.index_dir)) == before
    assert SearchEngine(engine.index_dir).search("Izmir").total == 0
    assert _lock_is_free(engine.index_dir)
    summary = engine.index()  # no manual clean-up
    assert len(summary.added) == 1
    assert engine.search("Izmir").total == 1
    assert len(_debris(engine)) <= 1  # only the generation before, kept for searches still reading it


def test_a_build_that_dies_after_the_swap_leaves_the_new_index(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    script = ("import os\nimport search_engine.index.writer as ix\nfrom search_engine.index.build import build\n"
              "ix._remove_old_generations = lambda *a, **k: os._exit(9)\n"
              f"build({str(engine.index_dir)!r})\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    assert SearchEngine(engine.index_dir).search("Izmir").total == 1
    assert engine.verify() > 0


@pytest.mark.skipif(not FRUS.is_dir(), reason="needs ../shared/corpora/frus")
def test_kill_9_during_a_real_build_of_the_frus_volume(tmp_path):
    """SIGKILL a real rebuild (seeds -> FRUS volume) while it reads, while it indexes and while it commits."""


    engine = SearchEngine(tmp_path / "ix")
    engine.index([SEEDS])
    before = _state(engine)
    script = textwrap.dedent(f"""
        import sys
        from search_engine import SearchEngine

        def progress(phase, done, total, item):
            print(phase, done, total, flush=True)

        SearchEngine({str(engine.index_dir)!r}).index([{str(FRUS)!r}], rebuild=True, progress=progress)
        print("done", flush=True)
    """)
    # kill when the first file is being read, halfway through indexing, and after the last document
    # was handed to whoosh (its commit and our manifest are then being written); progress counts bytes
    for kill_at in (("read", 0.0), ("write", 0.5), ("save", 1.0)):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        for line in proc.stdout:
            phase, done, total, *_ = line.split()
            if phase == kill_at[0] and int(done) >= kill_at[1] * int(total):
                if kill_at[0] == "save":
                    time.sleep(0.3)
                proc.send_signal(signal.SIGKILL)
                break
        proc.stdout.close()
        assert proc.wait() == -signal.SIGKILL, f"the build finished before it was killed at {kill_at}"
        assert _state(SearchEngine(engine.index_dir)) == before, kill_at
        assert _lock_is_free(engine.index_dir)
    summary = engine.index([FRUS], rebuild=True)
    assert summary.documents == 120
    assert _debris(engine) == [before[0]]  # the killed builds' folders are gone; the last live one is kept
    assert engine.search("Castro").total > 0


# -- 2. a write that fails at the N-th step -----------------------------------------------------------


class _Disk:
    """Counts the writes a build makes and fails the N-th one (a full disk, or an I/O error)."""

    def __init__(self, fail_at: int | None = None, error: int = errno.ENOSPC):
        self.writes = 0
        self.fail_at = fail_at
        self.error = error

    def open(self, path, mode="wb"):
        disk = self
        f = open(path, mode)

        class Output:
            def write(self, data):
                disk.writes += 1
                if disk.writes == disk.fail_at:
                    raise OSError(disk.error, os.strerror(disk.error), str(path))
                return f.write(data)

            def __getattr__(self, name):
                return getattr(f, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                f.close()

        return Output()


def _update_writes(tmp_path, corpus, monkeypatch) -> int:
    engine = SearchEngine(tmp_path / "count")
    engine.index([corpus])
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    disk = _Disk()
    monkeypatch.setattr(index_module, "_open_output", disk.open)
    engine.index()
    monkeypatch.undo()
    (corpus / "jupiter.txt").unlink()
    return disk.writes


def test_a_write_that_fails_at_any_step_leaves_the_old_index_and_releases_the_lock(tmp_path, corpus, monkeypatch):
    total = _update_writes(tmp_path, corpus, monkeypatch)
    assert total > 20  # whoosh's segment files, the documents, words table, catalog, manifest, CURRENT
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    before = _state(engine)
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    points = sorted({1, 2, 3, total // 4, total // 2, 3 * total // 4, total - 2, total - 1, total})
    for n, error in [(n, errno.ENOSPC) for n in points] + [(total // 3, errno.EIO), (total, errno.EIO)]:
        monkeypatch.setattr(index_module, "_open_output", _Disk(n, error).open)
        with pytest.raises(IndexWriteError, match=f"{os.strerror(error)}.*the previous index is unchanged"):
            engine.index()
        monkeypatch.undo()
        assert _state(SearchEngine(engine.index_dir)) == before, n
        assert _lock_is_free(engine.index_dir), n
        assert _debris(engine) == [], n
    assert engine.index().added  # and then, with space again, the update goes through
    assert engine.search("Izmir").total == 1


def test_a_failed_fsync_is_a_failed_build(tmp_path, corpus, monkeypatch):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    before = _state(engine)
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")

    def fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(index_module.os, "fsync", fsync)
    with pytest.raises(IndexWriteError, match="Input/output error"):
        engine.index()
    monkeypatch.undo()
    assert _state(engine) == before


def test_the_cli_reports_a_full_disk_and_exits_non_zero(tmp_path, corpus, monkeypatch):
    index_dir = tmp_path / "ix"
    SearchEngine(index_dir).index([corpus])
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    monkeypatch.setattr(index_module, "_open_output", _Disk(5).open)
    result = CliRunner().invoke(main, ["--index", str(index_dir), "index"])
    assert result.exit_code == 1
    assert "Error: cannot write the index" in result.output
    assert "No space left on device" in result.output and "the previous index is unchanged" in result.output
    assert "Traceback" not in result.output


# -- 3. damage detection -----------------------------------------------------------------------------


def _damage(path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "zeroed":
        path.write_bytes(bytes(len(data)))
    elif how == "deleted":
        path.unlink()
    elif how == "bit-flipped":
        i = len(data) // 2
        path.write_bytes(data[:i] + bytes([data[i] ^ 0x10]) + data[i + 1:])


def _index_files(gen) -> dict[str, str]:
    """One file of each kind in a generation."""
    names = sorted(json.loads((gen / MANIFEST).read_bytes())["files"])
    kinds = {
        "whoosh segment": next(n for n in names if n.endswith(".seg")),
        "whoosh table of contents": next(n for n in names if n.endswith(".toc")),
        "documents": next(n for n in names if n.startswith("docs-")),
        "catalog": "catalog.json",
        "words table": WORDS,
        "manifest": MANIFEST,
    }
    return kinds


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A pristine index of the seeds, copied for each damage test."""


    folder = tmp_path_factory.mktemp("pristine")
    SearchEngine(folder / "ix").index([SEEDS])
    return folder / "ix"


@pytest.mark.parametrize("how", ["truncated", "zeroed", "deleted", "bit-flipped"])
@pytest.mark.parametrize("kind", ["whoosh segment", "whoosh table of contents", "documents", "catalog",
                                  "words table", "manifest"])
def test_a_damaged_index_file_is_detected_when_the_index_is_opened(tmp_path, built, kind, how):
    import shutil

    index_dir = tmp_path / "ix"
    shutil.copytree(built, index_dir)
    gen = current_generation(index_dir)
    _damage(gen / _index_files(gen)[kind], how)
    engine = SearchEngine(index_dir)
    for action in (lambda: engine.search("Castro"), engine.documents, lambda: engine.document(SEED_002)):
        with pytest.raises(IndexDamagedError, match=r"^index damaged: .*; run `search-engine index --rebuild`$"):
            action()
    result = CliRunner().invoke(main, ["--index", str(index_dir), "search", "Castro"])
    assert result.exit_code == 4, result.output
    assert "index damaged" in result.output and "search-engine index --rebuild" in result.output
    assert "Traceback" not in result.output
    assert CliRunner().invoke(main, ["--index", str(index_dir), "check"]).exit_code == 4
    # the advice works, without naming the sources again
    result = CliRunner().invoke(main, ["--index", str(index_dir), "index", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert engine.search("Castro").total > 0


@pytest.mark.parametrize("how", ["zeroed", "deleted", "garbage"])
def test_a_damaged_current_pointer_is_detected(tmp_path, built, how):
    import shutil

    index_dir = tmp_path / "ix"
    shutil.copytree(built, index_dir)
    current = index_dir / CURRENT
    if how == "zeroed":
        current.write_bytes(bytes(len(current.read_bytes())))
    elif how == "deleted":
        current.unlink()
    else:
        current.write_bytes(b"\xff\xfe../../etc\n")
    with pytest.raises(IndexDamagedError, match="run `search-engine index --rebuild`"):
        SearchEngine(index_dir).search("Castro")
    SearchEngine(index_dir).index(rebuild=True)
    assert SearchEngine(index_dir).search("Castro").total > 0


def test_damage_after_a_clean_open_is_still_detected(tmp_path, built):
    """Verified files are not re-read on every open; a change to one afterwards is still caught."""
    import shutil

    index_dir = tmp_path / "ix"
    shutil.copytree(built, index_dir)
    engine = SearchEngine(index_dir)
    gen = current_generation(index_dir)
    stamps = json.loads((gen / VERIFIED).read_bytes())
    assert set(stamps["files"]) == set(json.loads((gen / MANIFEST).read_bytes())["files"])
    assert engine.search("Castro").total > 0
    _damage(gen / _index_files(gen)["whoosh segment"], "bit-flipped")
    with pytest.raises(IndexDamagedError, match="does not match its checksum"):
        engine.search("Castro")


def test_check_command_verifies_every_file(seeds_index):
    result = CliRunner().invoke(main, ["--index", str(seeds_index), "check"])
    assert result.exit_code == 0
    assert "files match their checksums" in result.output


# -- 4. locking ----------------------------------------------------------------------------------------

HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from search_engine.index.writer import writer_lock
    with writer_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _hold_lock(index_dir, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index_dir), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_writer_is_told_the_index_is_locked(tmp_path, corpus):
    index_dir = tmp_path / "ix"
    SearchEngine(index_dir).index([corpus])
    holder = _hold_lock(index_dir, 30)
    try:
        with pytest.raises(IndexLockedError, match=f"index is locked by another build \\(process {holder.pid}\\)"):
            SearchEngine(index_dir).index(rebuild=True)
        result = CliRunner().invoke(main, ["--index", str(index_dir), "index", "--rebuild"])
        assert result.exit_code == 5
        assert "index is locked by another build" in result.output and "--wait" in result.output
        assert SearchEngine(index_dir).search("Castro").total > 0  # searching needs no lock
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_wait_waits_for_the_lock(tmp_path, corpus):
    index_dir = tmp_path / "ix"
    SearchEngine(index_dir).index([corpus])
    holder = _hold_lock(index_dir, 1.0)
    try:
        result = CliRunner().invoke(main, ["--index", str(index_dir), "index", "--rebuild", "--wait", "60"])
        assert result.exit_code == 0, result.output
        assert holder.poll() is not None  # it could only go ahead once the holder had finished
    finally:
        holder.wait()
        holder.stdout.close()


def test_a_writer_killed_with_sigkill_leaves_no_stale_lock(tmp_path, corpus):
    index_dir = tmp_path / "ix"
    SearchEngine(index_dir).index([corpus])
    holder = _hold_lock(index_dir, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert (index_dir / ".lock").exists()  # the file stays; the lock on it died with the process
    assert SearchEngine(index_dir).index(rebuild=True).rebuilt


def test_searches_during_rebuilds_see_the_old_or_the_new_index_and_never_fail(tmp_path, corpus):
    extra = corpus / "extra.txt"
    text = "Castro and the Cuban leadership\n\nCastro spoke at length about the missiles.\n"
    totals = set()
    for present in (False, True):
        if present:
            extra.write_text(text, encoding="utf-8")
        totals.add(SearchEngine(tmp_path / f"ix{present}").index([corpus]) and
                   SearchEngine(tmp_path / f"ix{present}").search("Castro").total)
    assert len(totals) == 2
    index_dir = tmp_path / "ix"
    SearchEngine(index_dir).index([corpus])
    done = threading.Event()
    builds = []

    def rebuild_repeatedly():
        try:
            for i in range(6):
                if i % 2:
                    extra.write_text(text, encoding="utf-8")
                else:
                    extra.unlink()
                builds.append(subprocess.run(
                    [sys.executable, "-c", "import sys; from search_engine import SearchEngine; "
                     "SearchEngine(sys.argv[1]).index(rebuild=True)", str(index_dir)], capture_output=True, text=True))
        finally:
            done.set()

    worker = threading.Thread(target=rebuild_repeatedly)
    worker.start()
    seen, searches = set(), 0
    reused = SearchEngine(index_dir)
    try:
        while not done.is_set():
            for engine in (reused, SearchEngine(index_dir)):
                seen.add(engine.search("Castro").total)
                searches += 1
    finally:
        worker.join()
    assert all(b.returncode == 0 for b in builds), [b.stderr for b in builds]
    assert searches > 10
    assert seen == totals  # each search saw one whole index or the other, and both were seen


# -- offline -------------------------------------------------------------------------------------------

OFFLINE = textwrap.dedent("""
    import socket, sys

    def refuse(*args, **kwargs):
        raise OSError("network access is blocked")

    socket.socket.connect = socket.socket.connect_ex = socket.create_connection = refuse
    import nltk.data

    def no_data(resource, *args, **kwargs):
        raise LookupError(f"nltk data {resource!r} requested")

    nltk.data.find = nltk.data.load = no_data
    from search_engine import SearchEngine
    engine = SearchEngine(sys.argv[1])
    engine.index([sys.argv[2]])
    for q in ("dismantle missiles", "Khrushchev~", "Хрущёв", '"missiles and coastal"', "Castro date:1962"):
        assert engine.search(q).total > 0, q
    print("offline ok")
""")


def test_build_and_search_need_no_network_and_no_nltk_data(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    proc = subprocess.run([sys.executable, "-c", OFFLINE, str(tmp_path / "ix"), str(SEEDS)], capture_output=True,
                          text=True, env={**os.environ, "NLTK_DATA": str(empty)})
    assert proc.returncode == 0, proc.stderr
    assert "offline ok" in proc.stdout


def test_an_up_to_date_build_removes_the_folders_of_killed_builds(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")
    engine.index()
    previous = _debris(engine)  # the generation before the live one, kept for searches still reading it
    assert len(previous) == 1
    (corpus / "jupiter.txt").write_text(NEW_DOC + "\nA second paragraph.\n", encoding="utf-8")
    for point in ("before commit", "after the manifest, before the swap"):
        script = ("import os\nimport search_engine.index.writer as ix\nfrom search_engine.index.build import build\n"
                  f"{CRASH_POINTS[point]}\nbuild({str(engine.index_dir)!r})\n")
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert proc.returncode == 9, proc.stderr
        assert len(_debris(engine)) == 2  # each build removes the folders of those killed before it
    (corpus / "jupiter.txt").write_text(NEW_DOC, encoding="utf-8")  # as indexed: nothing to update
    summary = engine.index()
    assert not summary.modified
    assert _debris(engine) == previous
