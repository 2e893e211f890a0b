"""The sources an index remembers: a missing or emptied folder keeps its documents, a mistyped path is not
remembered, a file that cannot be read now keeps its last good version, and `search-engine sources`."""

import json
import os
import shutil
import textwrap
from pathlib import PurePath

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.errors import (
    ExitStatus,
    SourceNotFoundError,
    SourcesMissingError,
    StrictBuildError,
)
from search_engine.ingest.sources import name_parts

from .conftest import SEED_000, SEED_002

CABLE = textwrap.dedent("""\
    Telegram From the Embassy in Turkey

    27 October 1962

    SECRET

    The Jupiter missiles at Izmir are obsolete and their removal was already under study.
    """)


@pytest.fixture
def two_sources(tmp_path, corpus):
    """An index of two folders: the seeds (2 documents) and `cables` (1 document)."""
    cables = tmp_path / "cables"
    cables.mkdir()
    (cables / "jupiter.txt").write_text(CABLE, encoding="utf-8")
    index = tmp_path / "ix"
    SearchEngine(index).index([corpus, cables])
    return index, corpus, cables


def _cli(index, *args):
    return CliRunner().invoke(main, [*args, "--index", str(index)])


# -- 1. a remembered source that is missing keeps its documents ---------------------------------------

def test_a_missing_source_folder_keeps_its_documents_and_exits_non_zero(two_sources, tmp_path):
    index, corpus, cables = two_sources
    cables.rename(tmp_path / "elsewhere")  # an unmounted drive, a renamed folder
    summary = SearchEngine(index).index()
    assert summary.documents == 3 and not summary.removed
    assert [(m.path, m.documents) for m in summary.missing] == [(str(cables), 1)]
    assert "no such file or folder" in summary.missing[0].reason
    assert SearchEngine(index).search("Izmir").total == 1

    result = _cli(index, "index")
    assert result.exit_code == ExitStatus.SOURCES_MISSING == 6
    assert "removed" not in result.stdout or "removed 0" in result.stdout
    assert f"source {cables} is missing (no such file or folder): its 1 document is kept" in result.stderr
    assert f"search-engine sources remove {cables}" in result.stderr and "--prune" in result.stderr
    data = json.loads(_cli(index, "index", "--json").stdout)
    assert data["missing"] == [{"path": str(cables), "reason": "no such file or folder", "files": 1, "documents": 1}]

    (tmp_path / "elsewhere").rename(cables)  # mounted again: nothing to do
    back = _cli(index, "index")
    assert back.exit_code == 0 and back.stdout.startswith("Up to date") and "is missing" not in back.output


def test_prune_drops_the_documents_of_missing_sources_and_forgets_them(two_sources, tmp_path):
    index, corpus, cables = two_sources
    shutil.rmtree(cables)
    result = _cli(index, "index", "--prune")
    assert result.exit_code == 0, result.output
    assert "removed 1" in result.stdout and f"Forgot the missing source {cables}" in result.stdout
    engine = SearchEngine(index)
    assert engine.search("Izmir").total == 0 and len(engine.documents()) == 2
    assert [s.path for s in engine.sources()] == [str(corpus)]
    assert _cli(index, "index").exit_code == 0


def test_a_source_folder_that_is_now_empty_is_missing_but_deleting_files_one_by_one_removes_them(two_sources):
    index, corpus, cables = two_sources
    (cables / "jupiter.txt").unlink()  # an unmounted mount point is an empty folder
    summary = SearchEngine(index).index()
    assert [m.path for m in summary.missing] == [str(cables)] and "empty" in summary.missing[0].reason
    assert summary.documents == 3 and not summary.removed
    (corpus / f"{SEED_000}.txt").unlink()  # one file of a folder that still holds others: deleted
    summary = SearchEngine(index).index()
    assert [os.path.basename(p) for p in summary.removed] == [f"{SEED_000}.txt"]
    assert summary.documents == 2


def test_a_rebuild_with_a_missing_source_is_refused_unless_pruned(two_sources):
    index, corpus, cables = two_sources
    shutil.rmtree(cables)
    engine = SearchEngine(index)
    with pytest.raises(SourcesMissingError, match=f"{cables} is missing.*1 document would be lost.*prune=True"):
        engine.index(rebuild=True)
    assert engine.search("Izmir").total == 1
    result = _cli(index, "index", "--rebuild")
    assert result.exit_code == ExitStatus.SOURCES_MISSING and "Traceback" not in result.output
    summary = engine.index(rebuild=True, prune=True)
    assert summary.documents == 2 and engine.search("Izmir").total == 0


# -- 3. a path that does not exist is an error, and is not remembered --------------------------------------

def test_a_source_that_does_not_exist_is_a_usage_error_and_is_not_remembered(two_sources, tmp_path):
    index, corpus, cables = two_sources
    typo = tmp_path / "typo_folder"
    result = _cli(index, "index", str(typo))
    assert result.exit_code == ExitStatus.USAGE
    assert f"no such file or folder: {typo}" in result.stderr and "nothing was indexed" in result.stderr
    with pytest.raises(SourceNotFoundError):
        SearchEngine(index).index([corpus, typo])
    assert [s.path for s in SearchEngine(index).sources()] == [str(corpus), str(cables)]
    again = _cli(index, "index")
    assert again.exit_code == 0 and "typo" not in again.output
    first = _cli(tmp_path / "new", "index", str(typo))  # nor does a first build start from it
    assert first.exit_code == ExitStatus.USAGE and not (tmp_path / "new" / "CURRENT").exists()


def test_sources_lists_the_remembered_sources_and_remove_forgets_one(two_sources, tmp_path):
    index, corpus, cables = two_sources
    listing = _cli(index, "sources")
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["status", "files", "documents", "source"]
    assert lines[1].split() == ["ok", "2", "2", str(corpus)] and lines[2].split() == ["ok", "1", "1", str(cables)]
    cables.rename(tmp_path / "away")
    data = json.loads(_cli(index, "sources", "--json").stdout)
    assert data[1] == {"path": str(cables), "status": "missing", "files": 1, "documents": 1, "passages": 1,
                       "kind": "folder", "libraries": []}

    unknown = _cli(index, "sources", "remove", str(tmp_path / "nope"))
    assert unknown.exit_code == ExitStatus.USAGE and "is not a source of this index" in unknown.stderr
    removed = _cli(index, "sources", "remove", str(cables))
    assert removed.exit_code == 0, removed.output
    assert f"Forgot {cables}: removed 1 document" in removed.stdout
    engine = SearchEngine(index)
    assert [s.path for s in engine.sources()] == [str(corpus)]
    assert engine.search("Izmir").total == 0 and len(engine.documents()) == 2
    assert _cli(index, "index").exit_code == 0


def test_sources_add_indexes_and_remembers_a_folder(tmp_path, corpus):
    index = tmp_path / "ix"
    result = _cli(index, "sources", "add", str(corpus))
    assert result.exit_code == 0 and "2 documents" in result.stdout
    assert [s.path for s in SearchEngine(index).sources()] == [str(corpus)]


# -- 2. a file that cannot be read now keeps its last good version --------------------------------------

@pytest.mark.parametrize("damage", [b"", b"\x00\x01\x02" * 40])  # truncated to nothing; overwritten by binary
def test_an_indexed_file_that_cannot_be_read_now_keeps_its_last_good_version(tmp_path, corpus, damage):
    index = tmp_path / "ix"
    engine = SearchEngine(index)
    engine.index([corpus])
    path = corpus / f"{SEED_000}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(damage)
    summary = engine.index()
    assert summary.documents == 2 and not summary.removed and not summary.skipped
    assert [os.path.basename(s.path) for s in summary.stale] == [f"{SEED_000}.txt"]
    assert engine.search('"dialogue with F. Castro"').total > 0

    result = _cli(index, "index")
    assert result.exit_code == 0
    assert "Kept the last indexed version of 1 file that cannot be read now" in result.stderr
    assert f"{SEED_000}.txt: {summary.stale[0].reason}" in result.stderr
    assert json.loads(_cli(index, "index", "--json").stdout)["stale"][0]["reason"] == summary.stale[0].reason
    with pytest.raises(StrictBuildError):
        engine.index(strict=True)

    path.write_text(text.replace("dialogue with F. Castro", "talk with F. Castro"), encoding="utf-8")
    fixed = engine.index()  # readable again: the new version replaces the old
    assert len(fixed.changed) == 1 and not fixed.stale
    assert engine.search('"talk with F. Castro"').total > 0
    path.unlink()  # removed on purpose
    assert len(engine.index().removed) == 1 and SEED_000 not in {d.doc_id for d in engine.documents()}
    assert SEED_002 in {d.doc_id for d in engine.documents()}


@pytest.mark.parametrize("name", ["a.tar.gz", "README", "README.", ".notes", "x.TXT", "a..b", "a.b.", "letter.pdf.meta.json",
                                  "a", "Документ.txt", "report 1962.10.27.md"])
def test_a_file_names_stem_and_suffix_are_pathlibs(name):
    # a folder walk splits every name as text; it must split it as pathlib does (which file types are read, which
    # notes of a folder are passed over)
    assert name_parts(name) == (PurePath(name).stem, PurePath(name).suffix)
