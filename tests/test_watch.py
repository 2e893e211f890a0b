"""``watch``: saves, moves and deletions published as updates, in-process (no timing assertions: each test waits
for the batch with a generous timeout)."""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path

import pytest

from search_engine import SearchEngine
from search_engine.index.watch import _Root, _to_update

from .conftest import ROOT, SHARED
from .test_libraries import frus, make_zotero, retitle_protocol  # noqa: F401 - frus is a fixture

TIMEOUT = 60  # seconds a test waits for a batch: far above the second or two it takes


class Watching:
    """An engine's watch() in a thread: its batches in a queue, stopped at the end."""

    def __init__(self, engine: SearchEngine, sources=None):
        self.batches: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.started = threading.Event()
        self.watched: list[str] = []

        def on_start(watched):
            self.watched = watched
            self.started.set()

        self.thread = threading.Thread(target=engine.watch, args=(sources,),
                                       kwargs={"stop": self.stop, "on_batch": self.batches.put, "on_start": on_start})
        self.thread.start()
        assert self.started.wait(TIMEOUT), "watch did not start"

    def next_change(self):
        """The next batch that changed the index (a batch that found nothing new is skipped)."""
        while True:
            batch = self.batches.get(timeout=TIMEOUT)
            assert batch.error is None, batch.error
            if batch.summary.modified:
                return batch

    def close(self):
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


@pytest.fixture
def folder(tmp_path) -> Path:
    src = tmp_path / "papers"
    src.mkdir()
    for seed in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(seed, src)
    (src / "notes").mkdir()
    (src / "notes" / "memo.md").write_text("A memo\n\nThe courier left for Reykjavik.\n", encoding="utf-8")
    return src


def test_saves_moves_and_deletions_are_published(folder, tmp_path):
    engine = SearchEngine(tmp_path / "index")
    watching = Watching(engine, [folder])  # indexes the folder first, then watches it
    try:
        assert watching.watched == [str(folder)]
        assert engine.count("courier") == 1
        (folder / "notes" / "memo.md").write_text("A memo\n\nThe courier left for Leningrad.\n", encoding="utf-8")
        batch = watching.next_change()
        assert [Path(p).name for p in batch.summary.changed] == ["memo.md"]
        assert engine.count("Leningrad") == 1 and engine.count("Reykjavik") == 0
        (folder / "notes" / "memo.md").rename(folder / "memo-1962.md")  # moved: the same text under its new name
        moved = str(folder / "memo-1962.md")
        while not (engine.count("Leningrad") == 1 and moved.endswith(engine.search("Leningrad")[0].source)):
            watching.next_change()  # the move may come as one batch or two (the old name, then the new)
        (folder / "memo-1962.md").unlink()
        batch = watching.next_change()
        assert batch.summary.removed and engine.count("Leningrad") == 0
    finally:
        watching.close()


def test_a_burst_of_saves_is_published_in_few_updates(folder, tmp_path):
    engine = SearchEngine(tmp_path / "index")
    engine.index([folder])
    watching = Watching(engine)  # the sources the index remembers
    try:
        for n in range(8):
            (folder / "notes" / f"card-{n}.md").write_text(f"Card {n}\n\nIndex card number zebra{n}.\n",
                                                           encoding="utf-8")
        batches = [watching.next_change()]
        while sum(engine.count(f"zebra{n}") for n in range(8)) < 8:
            batches.append(watching.next_change())
        assert len(batches) < 8  # coalesced: not one update per file
        assert sum(len(b.summary.added) for b in batches) == 8
    finally:
        watching.close()


def test_a_source_that_disappears_keeps_its_documents(folder, tmp_path):
    """An unmounted folder (here moved away) is not a folder whose files were deleted: nothing to update."""
    roots = [_Root(folder)]
    away = tmp_path / "away"
    folder.rename(away)
    assert _to_update({str(folder / "notes" / "memo.md"), str(folder)}, roots, tmp_path / "index") == []
    away.rename(folder)
    # a file deleted inside a source that is there updates its folder (whose listing says what is gone)
    assert _to_update({str(folder / "notes" / "gone.md")}, [_Root(folder)], tmp_path / "index") == \
        [str(folder / "notes")]
    # the index's own writes, and hidden swap files, are not changes of a source
    index = folder / "index"
    assert _to_update({str(index / "gen-1" / "x"), str(folder / ".memo.md.swp")}, [_Root(folder)], index) == []


@pytest.mark.skipif(not (SHARED / "corpora" / "frus").exists(), reason="the library is made from the FRUS volume")
def test_a_zotero_library_is_re_read_when_its_database_changes(tmp_path, frus):  # noqa: F811
    library = make_zotero(tmp_path / "Zotero", frus)
    engine = SearchEngine(tmp_path / "index")
    engine.index([library])
    watching = Watching(engine)
    try:
        retitle_protocol(library)
        batch = watching.next_change()
        assert batch.paths == (str(library),)
        assert [Path(p).name for p in batch.summary.changed] == ["PROT63RG"]
        assert engine.document("zotero-PROT63RG").title == "Presidium Protocol No. 63"
    finally:
        watching.close()


def test_ctrl_c_stops_the_command_cleanly(folder, tmp_path):
    import signal
    import subprocess
    import sys

    index = tmp_path / "index"
    proc = subprocess.Popen([sys.executable, "-m", "search_engine", "watch", str(folder), "--index", str(index)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"Watching {folder} for {index}/"), line + proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out.strip().endswith("Stopped watching.") and "Traceback" not in err
    assert SearchEngine(index).count("courier") == 1
