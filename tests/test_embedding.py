"""Embedding the engine in other tools: one engine shared by threads while the index changes, readers
that never write, snippets that are safe to render."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.index.layout import CURRENT
from search_engine.index.storage import current_generation
from search_engine.search.run import run

# queries that touch every part of a search: ranking tiers, phrases, fuzzy and wildcard expansion, footnotes,
# Cyrillic and transliteration, facets and context paragraphs, a misspelling that is corrected
QUERIES = ["Castro", "dismantle missiles", '"special folder"', "Khrushchov~", "missil*", "pseudonym Alekseev",
           "Хрущёв", "Cuba date:1962", "Dismantel", "Jupiter Izmir", "update"]
SEARCH = {"limit": 5, "facets": True, "context": 1}


def _snapshot(index_dir: Path, store: Path) -> None:
    """Keep the live generation (hard links, so its files are the very ones searched) as an index of its own,
    to compute its single-threaded results after the run."""
    gen = current_generation(index_dir, verify=False)
    folder = store / gen.name
    if folder.exists():
        return
    (folder / gen.name).mkdir(parents=True)
    for path in gen.iterdir():
        os.link(path, folder / gen.name / path.name)
    (folder / CURRENT).write_text(gen.name + "\n")


UPDATE = textwrap.dedent("""
    import sys
    from search_engine import SearchEngine
    SearchEngine(sys.argv[1]).index()
""")


def test_one_engine_shared_by_8_threads_while_two_writers_update_the_index(tmp_path, corpus):
    """8 threads search one engine while another process and the engine itself update the index 10 times:
    no exception, and every result equals the single-threaded result on the generation it came from."""
    index_dir = tmp_path / "ix"
    store = tmp_path / "generations"
    engine = SearchEngine(index_dir)
    engine.index([corpus])
    _snapshot(index_dir, store)
    seen: list[tuple[str, str, dict]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def search(k: int) -> None:
        i = k
        while not stop.is_set():
            query = QUERIES[i % len(QUERIES)]
            i += 1
            try:
                results = engine.search(query, **SEARCH)
                seen.append((results.generation, query, results.to_json()))
            except BaseException as e:  # noqa: BLE001 - every failure is the test's finding
                errors.append(e)
            time.sleep(0.005)  # the searches still overlap (each takes longer); the builds get the GIL now and then

    threads = [threading.Thread(target=search, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    try:
        for n in range(10):
            (corpus / f"update-{n % 3}.txt").write_text(
                f"Update {n}\n\nCastro and Khrushchev discussed the missiles, update {n}.\n\n"
                + "Jupiter missiles in Izmir. " * n + "\n", encoding="utf-8")
            if n % 2:
                proc = subprocess.run([sys.executable, "-c", UPDATE, str(index_dir)], capture_output=True, text=True)
                assert proc.returncode == 0, proc.stderr
            else:
                engine.index()
            _snapshot(index_dir, store)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[:3]
    generations = {g for g, _, _ in seen}
    assert len(generations) >= 6, generations  # the searches ran across the updates
    expected: dict[tuple[str, str], dict] = {}
    for gen, query, data in seen:
        if (gen, query) not in expected:
            expected[gen, query] = SearchEngine(store / gen).search(query, **SEARCH).to_json()
        assert data == expected[gen, query], (gen, query)
    assert len(seen) > 100


def test_index_never_closes_a_searcher_in_use(tmp_path, corpus):
    """A query holds its generation: an update (and a close) by the same engine in the middle of it does not
    close what the query reads."""
    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    castro = engine.search("Castro").total
    gen = engine._acquire()
    try:
        with gen.searcher() as searcher:
            (corpus / "new.txt").write_text("Note\n\nCastro spoke of Izmir.\n", encoding="utf-8")
            engine.index()
            assert engine.search("Izmir").total == 1  # the new generation
            engine.close()
            assert run(searcher, "Castro").total == castro  # still open: the query goes on reading it
    finally:
        gen.release()
    assert gen._closed  # closed once its last query ended


def _tree(folder: Path) -> dict[str, tuple]:
    """Every file and folder under ``folder`` with what a write would change."""
    out = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        st = path.lstat()
        out[str(path.relative_to(folder))] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode)
    return out


# Searches in a process that cannot write into the index folder: a read-only bind mount where the system
# allows one, else an audit hook that refuses every write into the folder as a read-only file system would.
READ_ONLY_HOOK = textwrap.dedent("""
    import errno, os, sys
    ROOT = os.path.realpath(sys.argv[1])
    WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def inside(path):
        try:
            return os.path.realpath(os.fsdecode(path)).startswith(ROOT)
        except TypeError:
            return False

    def refuse(event, args):
        if event == "open":
            path, mode, flags = args
            writing = any(c in (mode or "") for c in "wax+") or (flags or 0) & WRITES
        elif event in ("os.remove", "os.rename", "os.replace", "os.mkdir", "os.rmdir", "os.link", "os.symlink",
                       "os.truncate", "os.utime", "os.chmod", "shutil.rmtree"):
            path, writing = args[0], True
        else:
            return
        if writing and isinstance(path, (str, bytes, os.PathLike)) and inside(path):
            raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))

    sys.addaudithook(refuse)
""")

READ_ONLY_SEARCHES = textwrap.dedent("""
    import sys
    import search_engine.index.storage as storage
    from search_engine import SearchEngine
    hashed = []
    sha256 = storage.file_sha256
    storage.file_sha256 = lambda path: hashed.append(path.name) or sha256(path)
    try:
        open(sys.argv[1] + "/probe", "w")
        print("the index folder is writable")
        sys.exit(3)
    except OSError:
        pass
    engine = SearchEngine(sys.argv[1])
    first = engine.search("Castro", facets=True)
    after_first = len(hashed)
    for q in ("dismantle missiles", "Khrushchov~", "Dismantel", "pseudonym Alekseev", "Castro"):
        engine.search(q, context=2)
    engine.documents()
    engine.passage(first[0].passage_id, context=1)
    by_searches = len(hashed) - after_first
    checked = engine.verify()
    print(first.total, after_first, by_searches, len(hashed) - after_first - by_searches, checked)
""")


@pytest.mark.parametrize("how", ["read-only mount", "writes refused"])
def test_searches_never_write_into_the_index_folder(tmp_path, corpus, how):
    """A read-only index works, and a reader verifies a generation once (in memory), not on every search."""
    built = tmp_path / "built"
    SearchEngine(built).index([corpus])
    index_dir = tmp_path / "ix"
    shutil.copytree(built, index_dir)  # new inodes: the build's stamps no longer vouch, the reader must hash
    script = tmp_path / "searches.py"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    if how == "read-only mount":
        if not shutil.which("unshare") or subprocess.run(
                ["unshare", "-m", "sh", "-c", f"mount --bind -o ro {index_dir} {index_dir}"],
                capture_output=True).returncode:
            pytest.skip("no mount namespace here (unshare -m needs CAP_SYS_ADMIN); the audit-hook variant runs")
        script.write_text(READ_ONLY_SEARCHES)
        command = ["unshare", "-m", "sh", "-c", 'mount --bind -o ro "$1" "$1" && exec "$2" "$3" "$1"', "sh",
                   str(index_dir), sys.executable, str(script)]
    else:
        script.write_text(READ_ONLY_HOOK + READ_ONLY_SEARCHES)
        command = [sys.executable, str(script), str(index_dir)]
    before = _tree(index_dir)
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    total, hashed_first, hashed_by_searches, hashed_by_verify, checked = map(int, proc.stdout.split())
    assert total == SearchEngine(built).search("Castro").total > 0
    assert hashed_first == checked  # every file once, in memory...
    assert hashed_by_searches == 0  # ...not again by the searches that follow...
    assert hashed_by_verify == checked  # ...until verify() reads everything
    assert _tree(index_dir) == before


def test_the_build_stamps_its_files_so_readers_hash_nothing(tmp_path, corpus, monkeypatch):
    import search_engine.index.storage as storage

    engine = SearchEngine(tmp_path / "ix")
    engine.index([corpus])
    hashed = []
    sha256 = storage.file_sha256
    monkeypatch.setattr(storage, "file_sha256", lambda path: hashed.append(path.name) or sha256(path))
    assert SearchEngine(tmp_path / "ix").search("Castro").total > 0
    assert hashed == []


# -- snippets ------------------------------------------------------------------------------------------

HOSTILE = textwrap.dedent("""\
    A page with markup in its text

    The cable quoted <script>alert(1)</script> and <b>bold</b> & "quotes" beside the missiles.

    Another paragraph cites a note about missiles.[1]

    [1] The note holds <img src=x onerror=alert(2)> about the Izmir missiles.
    """)


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "markup.txt").write_text(HOSTILE, encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    return engine


def test_snippets_escape_the_text_and_mark_the_matches(hostile):
    hit = hostile.search("alert")[0]
    assert "<script>" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    assert ("alert", True) in hit.snippet_spans
    assert "".join(t for t, _ in hit.snippet_spans) == hit.text.strip()  # the spans are the plain text
    note = hostile.search("Izmir")[0]
    assert note.snippet_field == "footnote"
    assert "<img" not in note.snippet and "&lt;img src=x onerror=alert(2)&gt;" in note.snippet
    assert note.snippet.startswith("[note 1] ") and "<mark>Izmir</mark>" in note.snippet
    assert "<mark>" not in note.passage_snippet and note.passage_snippet_spans == (
        ("Another paragraph cites a note about missiles.[1]", False),)
    plain = hostile.search("alert", snippets=False)[0]
    assert "&lt;script&gt;" in plain.snippet and "<mark>" not in plain.snippet


def test_the_cli_prints_snippet_text_not_markup(hostile):
    result = CliRunner().invoke(main, ["--index", str(hostile.index_dir), "search", "alert"])
    assert result.exit_code == 0, result.output
    assert "The cable quoted <script>alert(1)</script> and <b>bold</b> & \"quotes\"" in result.output
    assert "&lt;" not in result.output and "<mark>" not in result.output
    styled = CliRunner().invoke(main, ["--index", str(hostile.index_dir), "search", "alert"], color=True)
    assert "\x1b[" in styled.output and "alert" in styled.output
    data = json.loads(CliRunner().invoke(main, ["--index", str(hostile.index_dir), "search", "alert", "--json"]).output)
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in data["hits"][0]["snippet"]


def test_a_searcher_a_query_broke_is_not_reused(tmp_path, corpus):
    from search_engine import QueryError

    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    engine.search("Castro")
    gen = engine._acquire()
    try:
        with gen.searcher() as first:
            pass
        with pytest.raises(QueryError):  # refused as written: the searcher goes back to the pool
            with gen.searcher() as searcher:
                assert searcher is first
                run(searcher, '"unclosed')
        with pytest.raises(ZeroDivisionError):  # failed below the API: closed, not reused
            with gen.searcher() as searcher:
                assert searcher is first
                raise ZeroDivisionError("a failure below the API")
        with gen.searcher() as searcher:
            assert searcher is not first
            assert run(searcher, "Castro").total > 0
    finally:
        gen.release()


def test_threads_see_whole_states_while_another_thread_rebuilds_adds_deletes_and_compacts(tmp_path, corpus):
    """8 threads search, count and read documents on one engine while a writer thread rebuilds the index,
    adds a two-paragraph note, replaces it, deletes it and compacts: no exception, and no answer shows a
    half-state (a source document missing mid-rebuild, one paragraph of the note, or two of its versions)."""
    from search_engine import DocumentNotFoundError

    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    sources = {d.doc_id for d in engine.documents()}
    castro = engine.search("Castro", limit=1000)
    castro_ids = {h.passage_id for h in castro}
    assert castro.total == len(castro_ids) > 0
    findings: list = []
    stop = threading.Event()
    done = {"search": 0, "note": 0}

    def note(version: int) -> str:
        return f"A note\n\nThe quokka ledger, version {version}.\n\nMore of the quokka ledger, version {version}.\n"

    def whole_note(texts: list[str]) -> bool:
        """Both paragraphs of the note, of one version."""
        versions = {t.rsplit("version ", 1)[-1].strip(".</mark>") for t in texts}
        return len(texts) == 2 and len(versions) == 1

    def read(k: int) -> None:
        while not stop.is_set():
            try:
                results = engine.search("Castro", limit=1000)
                if {h.passage_id for h in results} != castro_ids or results.total != castro.total:
                    findings.append(("Castro", results.generation, results.total))
                if engine.count("Castro") != castro.total:
                    findings.append(("count Castro", engine.count("Castro")))
                found = engine.search('"quokka ledger"', limit=10)
                if found.total and not (whole_note([h.snippet for h in found])
                                        and {h.doc_id for h in found} == {"note-q"}):
                    findings.append(("quokka", found.generation, [h.snippet for h in found]))
                listed = {d.doc_id for d in engine.documents()}
                if listed - {"note-q"} != sources:
                    findings.append(("documents", sorted(listed ^ sources)))
                try:
                    doc = engine.document("note-q")
                    done["note"] += 1
                    if not whole_note([p.text for p in doc.paragraphs]):
                        findings.append(("document", [p.text for p in doc.paragraphs]))
                except DocumentNotFoundError:
                    pass
                done["search"] += 1
            except BaseException as e:  # noqa: BLE001 - every failure is the test's finding
                findings.append(e)

    def write() -> None:
        try:
            for n in range(3):
                engine.add(note(n), doc_id="note-q")
                engine.index(rebuild=True)  # the added note is kept by a rebuild
                engine.add(note(n + 10), doc_id="note-q")
                engine.compact()
                engine.delete("note-q")
        except BaseException as e:  # noqa: BLE001
            findings.append(("writer", e))

    readers = [threading.Thread(target=read, args=(k,)) for k in range(8)]
    writer = threading.Thread(target=write)
    for t in readers:
        t.start()
    writer.start()
    writer.join()
    stop.set()
    for t in readers:
        t.join()
    assert findings == [], findings[:5]
    assert done["search"] > 20 and done["note"] > 0  # the readers ran across the writer's states
    assert engine.count('"quokka ledger"') == 0 and {d.doc_id for d in engine.documents()} == sources
