"""Updates that cost nothing when nothing changed: a source file whose size and modification time (and
inode) are as they were when it was hashed is neither opened nor hashed again; a changed one is."""

from __future__ import annotations

import os
import time

import pytest

import search_engine.ingest.sources as sources
from search_engine import SearchEngine


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    past = time.time() - 60
    for n in range(5):
        path = src / f"memo{n}.txt"
        path.write_text(f"Memo {n}\n\nThe blockade, day {n}.\n", encoding="utf-8")
        os.utime(path, (past, past))  # written well before the build hashes it
    return src


@pytest.fixture
def hashed(monkeypatch):
    """The source files hashed (read whole) by each build."""
    seen: list[str] = []
    real = sources.file_hash

    def file_hash(path):
        seen.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(sources, "file_hash", file_hash)
    return seen


def test_an_update_with_nothing_changed_hashes_no_file(folder, tmp_path, hashed):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    assert sorted(hashed) == [f"memo{n}.txt" for n in range(5)]
    hashed.clear()
    summary = engine.index()
    assert hashed == [] and summary.unchanged == 5 and not summary.changed


def test_only_the_edited_file_is_hashed_and_read(folder, tmp_path, hashed):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    hashed.clear()
    (folder / "memo3.txt").write_text("Memo 3\n\nThe quarantine, day 3.\n", encoding="utf-8")
    summary = engine.index()
    assert hashed == ["memo3.txt"] and len(summary.changed) == 1 and summary.unchanged == 4
    assert engine.search("quarantine").total == 1


def test_a_touched_file_is_hashed_once_not_read(folder, tmp_path, hashed):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    later = time.time() - 30
    os.utime(folder / "memo1.txt", (later, later))  # same content, a new time
    hashed.clear()
    summary = engine.index()
    assert hashed == ["memo1.txt"] and not summary.changed and summary.unchanged == 5
    hashed.clear()
    engine.index()
    assert hashed == []  # its new stamp was kept


def test_a_file_written_just_before_the_hash_is_hashed_again(folder, tmp_path, hashed):
    """Its time may not tell a later write in the same clock tick apart: it is hashed until it is older."""
    (folder / "memo0.txt").write_text("Memo 0\n\nWritten just now.\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    hashed.clear()
    engine.index()
    assert hashed == ["memo0.txt"]


def test_a_changed_sidecar_is_a_changed_file(folder, tmp_path, hashed):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    hashed.clear()
    (folder / "memo2.meta.json").write_text('{"title": "The Second Memo"}', encoding="utf-8")
    summary = engine.index()
    assert hashed == ["memo2.txt"] and len(summary.changed) == 1
    assert engine.search('title:"second memo"').total == 1


def test_index_file_updates_just_that_file(folder, tmp_path, hashed):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    (folder / "memo1.txt").write_text("Memo 1\n\nThe quarantine, day 1.\n", encoding="utf-8")
    (folder / "memo2.txt").write_text("Memo 2\n\nThe embargo, day 2.\n", encoding="utf-8")
    (folder / "memo4.txt").unlink()
    hashed.clear()
    summary = engine.index([folder / "memo1.txt"])
    assert hashed == ["memo1.txt"] and len(summary.changed) == 1 and not summary.removed
    assert engine.search("quarantine").total == 1 and engine.search("embargo").total == 0
    assert engine.search('"day 4"').total == 1  # the rest stays as the last update left it
    assert [s.path for s in engine.sources()] == [str(folder)]  # the file is not a source of its own
    summary = engine.index()  # and a full update sees the rest
    assert engine.search("embargo").total == 1 and len(summary.removed) == 1


def test_index_folder_inside_a_source_updates_that_folder(folder, tmp_path, hashed):
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").write_text("Inner\n\nThe blockade inside.\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    (folder / "sub" / "inner.txt").write_text("Inner\n\nThe quarantine inside.\n", encoding="utf-8")
    (folder / "memo0.txt").write_text("Memo 0\n\nThe embargo.\n", encoding="utf-8")
    hashed.clear()
    engine.index([folder / "sub"])
    assert hashed == ["inner.txt"]
    assert engine.search("quarantine").total == 1 and engine.search("embargo").total == 0


def _old(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))


@pytest.mark.parametrize("text", ["", "   \n\n", "# Document\n\n## Page 1\n\n```text\n14-00000\n```\n"])
def test_a_file_skipped_for_its_content_is_not_opened_again_while_unchanged(folder, tmp_path, hashed, text):
    """An empty file, or an OCR transcript with no body text, is skipped; the next update passes over it without
    reading it (it still says so), and reads it again once it changes."""
    _old(folder / "blank.md", text)
    engine = SearchEngine(tmp_path / "ix")
    first = engine.index([folder])
    assert [(os.path.basename(s.path), s.kind, s.new) for s in first.skipped] == [("blank.md", "empty", True)]
    hashed.clear()
    again = engine.index()
    assert hashed == [] and again.unchanged == 5
    assert [(s.path, s.reason, s.format, s.kind, s.new) for s in again.skipped] == [
        (first.skipped[0].path, first.skipped[0].reason, first.skipped[0].format, "empty", False)]
    assert engine.index().skipped == again.skipped  # and so on, from the record the update kept
    _old(folder / "blank.md", "Blank no more\n\nThe quarantine.\n")
    hashed.clear()
    later = engine.index()
    assert hashed == ["blank.md"] and not later.skipped and len(later.added) == 1
    assert engine.search("quarantine").total == 1


def test_a_file_skipped_for_another_reason_is_tried_again(folder, tmp_path, hashed):
    """A document id another file already uses depends on the other files, not on its content: tried each time."""
    _old(folder / "zz.txt", "---\nid: memo1\n---\nDuplicate\n\nThe embargo.\n")
    engine = SearchEngine(tmp_path / "ix")
    assert [s.kind for s in engine.index([folder]).skipped] == ["duplicate"]
    hashed.clear()
    assert [s.kind for s in engine.index().skipped] == ["duplicate"] and hashed == ["zz.txt"]


def test_sidecars_are_found_from_the_folders_listing(tmp_path):
    """file_stamp with a FolderNames listing finds the same sidecars as one look-up per name."""
    for name in ("a.txt", "a.meta.json", "b.pdf", "b.pdf.meta.yaml", "c.md", "C.META.JSON", "d.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "d.meta.json").mkdir()  # a folder is no sidecar
    listing = sources.FolderNames()
    for name in ("a.txt", "b.pdf", "c.md", "d.txt"):
        path = str(tmp_path / name)
        assert sources.sidecar_for(path, listing) == sources.sidecar_for(path)
        assert sources.file_stamp(path, listing) == sources.file_stamp(path)
    assert sources.sidecar_for(str(tmp_path / "a.txt"), listing).name == "a.meta.json"
    assert sources.sidecar_for(str(tmp_path / "d.txt"), listing) is None


def test_an_update_maps_no_segment_into_memory(folder, tmp_path, monkeypatch):
    """whoosh maps a compound segment whole where its storage allows it, and a reader of the mapping holds its
    term table in memory: an update reads the segments it keeps from their files, as a search does, so its
    memory does not grow with them."""
    import whoosh.filedb.compound as compound

    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    engine.index([folder / "memo1.txt"])  # two segments from here on: the update opens the first
    mapped = []
    real = compound.mmap.mmap

    def mmap(fileno, length, *args, **kwargs):
        mapped.append(fileno)
        return real(fileno, length, *args, **kwargs)

    monkeypatch.setattr(compound.mmap, "mmap", mmap)
    (folder / "memo3.txt").write_text("Memo 3\n\nThe quarantine, day 3.\n", encoding="utf-8")
    engine.index([folder / "memo3.txt"])
    engine.index()
    assert mapped == [] and engine.search("quarantine").total == 1
