"""The command line, through click's CliRunner: exit codes and output."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_engine.cli import main
from search_engine.errors import ExitStatus
from search_engine.index.writer import writer_lock

from .conftest import ROOT, SEED_000, SEED_002, SEEDS


@pytest.fixture
def run(seeds_index):
    def _run(*args, index=seeds_index):
        return CliRunner().invoke(main, [*args, "--index", str(index)])
    return _run


def test_search_prints_ranked_passages_with_metadata_and_footnotes(run):
    result = run("search", "pseudonym Alekseev")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("2 passage(s) in 1 document(s) match; showing 2.")
    first = out.split("\n\n")[1]
    assert "1. Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63" in first
    assert "[1962-10-28 · en]" in first
    assert f"{SEED_002}#p10" in first
    assert "On the telegram to Cde. Pavlov[1]" in first
    assert 'is the pseudonym used for Ambassador Alekseev' in first
    assert "<mark>" not in out and "\x1b[" not in out  # no markup when not on a terminal


def test_search_shows_classification_and_page(run):
    result = run("search", '"missile launchers"')
    assert result.exit_code == 0
    assert "TOP SECRET, SPECIAL FOLDER" in result.output
    assert "· p. 2" in result.output


def test_search_highlights_on_a_terminal(seeds_index):
    result = CliRunner().invoke(main, ["search", "Zorin", "--index", str(seeds_index)], color=True)
    assert "\x1b[" in result.output and "Zorin" in result.output


def test_search_json_shape(run):
    result = run("search", "dismantle missiles", "--json", "--limit", "3")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["query"] == "dismantle missiles" and data["total"] >= 3 and len(data["hits"]) == 3
    hit = data["hits"][0]
    for key in ("rank", "score", "passage_id", "doc_id", "title", "date", "classification", "paragraph",
                "text", "snippet", "footnotes", "source"):
        assert key in hit
    assert hit["rank"] == 1 and "<mark>" in hit["snippet"]
    assert hit["passage_id"] == f"{hit['doc_id']}#p{hit['paragraph']}"
    footnoted = json.loads(run("search", "pseudonym", "--json").output)["hits"][0]
    assert footnoted["footnotes"][0]["number"] == "1" and "pseudonym" in footnoted["footnotes"][0]["text"]


def test_search_filters_and_context(run):
    out = json.loads(run("search", "Castro", "--classification", "top secret", "--json", "-n", "50").output)
    assert out["hits"] and all("TOP SECRET" in h["classification"] for h in out["hits"])
    none = run("search", "Castro", "--from", "1962-11-01")
    assert none.exit_code == 0 and "No passages match" in none.output
    ctx = json.loads(run("search", '"telegram to Cde. Pavlov"', "-C", "1", "--json").output)["hits"][0]
    assert [p["paragraph"] for p in ctx["context"]["before"]] == [9]
    assert [p["paragraph"] for p in ctx["context"]["after"]] == [11]
    text = run("search", '"telegram to Cde. Pavlov"', "--context", "1").output
    assert "¶9 The text of the letter is being dictated" in text and "¶11 Cde. Khrushchev" in text


def test_no_hits_exit_zero_with_message(run):
    result = run("search", "zyzzyva")
    assert result.exit_code == 0
    assert "No passages match 'zyzzyva'." in result.output


@pytest.mark.parametrize("query, fragment", [
    ('"unclosed', "unbalanced quote"),
    ("(Castro", "never closed"),
    ("bogus:Castro", "unknown field 'bogus'"),
    ("date:someday", "cannot read 'someday' as a date"),
    ("title:", "'title:' needs a value right after the colon (title:word or title:\"a phrase\") (at position 1"),
    ("Castro^x", "a boost is ^ and a number at the end of a word"),
])
def test_malformed_query_is_a_usage_error(run, query, fragment):
    result = run("search", query)
    assert result.exit_code == ExitStatus.USAGE
    assert fragment in result.output and "Traceback" not in result.output


def test_bad_date_option_is_a_usage_error(run):
    result = run("search", "Castro", "--from", "soon")
    assert result.exit_code == ExitStatus.USAGE and "cannot read --from 'soon'" in result.output


def test_missing_index_exit_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./seeds here, so nothing to build from
    for args in (["list"], ["show", SEED_000], ["search", "Castro"]):
        result = CliRunner().invoke(main, [*args, "--index", str(tmp_path / "none")])
        assert result.exit_code == ExitStatus.NO_INDEX, args
        assert "no index in" in result.output


def test_search_builds_the_index_on_first_use(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["search", "dismantle missiles"])
    assert result.exit_code == 0, result.output
    assert "building it from seeds/" in result.output
    assert "dismantle" in result.output
    assert (tmp_path / "index_data" / "CURRENT").is_file()


def test_damaged_index_exit_code(tmp_path, corpus):
    index = tmp_path / "ix"
    assert CliRunner().invoke(main, ["index", str(corpus), "--index", str(index)]).exit_code == 0
    (index / "CURRENT").write_text("gen-missing\n")
    result = CliRunner().invoke(main, ["search", "Castro", "--index", str(index)])
    assert result.exit_code == ExitStatus.INDEX_DAMAGED
    assert "index damaged" in result.output and "--rebuild" in result.output


def test_locked_index_exit_code(tmp_path, corpus):
    index = tmp_path / "ix"
    with writer_lock(index):
        result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(index)])
    assert result.exit_code == ExitStatus.INDEX_LOCKED
    assert "locked by another build" in result.output


def test_index_command_summary_and_skips(tmp_path, corpus):
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    index = tmp_path / "ix"
    result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "2 documents, 45 passages, 4 footnotes" in result.output
    assert "Skipped 1 file(s):" in result.output and "broken.txt: binary file" in result.output
    again = CliRunner().invoke(main, ["index", "--index", str(index), "--json"])
    data = json.loads(again.output)
    assert data["unchanged"] == 2 and data["documents"] == 2 and data["skipped"][0]["path"].endswith("broken.txt")
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = CliRunner().invoke(main, ["index", str(empty), "--rebuild", "--index", str(index)])
    assert refused.exit_code == ExitStatus.ERROR and "old index is kept" in refused.output


def test_list_and_show(run):
    listing = run("list")
    assert listing.exit_code == 0
    assert re.search(rf"{SEED_000}\s+1962-10-28\s+Cuban Missile Crisis, Document 29 \[TOP SECRET, SPECIAL FOLDER\]", listing.output)
    docs = json.loads(run("list", "--json").output)
    assert [d["doc_id"] for d in docs] == [SEED_000, SEED_002]
    assert {"doc_id", "title", "date", "classification", "source", "passages", "footnotes"} <= set(docs[0])
    assert docs[1]["passages"] == 25 and docs[1]["footnotes"] == 3

    shown = run("show", SEED_002)
    assert shown.exit_code == 0
    assert "Citation: \"Central Committee" in shown.output and "¶25 Compose an informational letter" in shown.output
    assert "[3] Translator's Note" in shown.output
    data = json.loads(run("show", SEED_002, "--json").output)
    assert len(data["paragraphs"]) == 25 and len(data["footnotes"]) == 3
    one = json.loads(run("show", f"{SEED_002}#p10", "-C", "1", "--json").output)
    assert [p["number"] for p in one["paragraphs"]] == [9, 10, 11]
    assert [f["number"] for f in one["footnotes"]] == ["1"]
    missing = run("show", "nope")
    assert missing.exit_code == ExitStatus.ERROR and "no document 'nope'" in missing.output


def test_index_command_warns_about_removed_nul_bytes(tmp_path, corpus):
    (corpus / "stray.txt").write_bytes(b"Cable\n\nThe ambassador\x00 reported at noon.\n")
    result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output and "Skipped" not in result.output
    assert "Warnings for 1 file(s):" in result.output and "stray.txt: 1 NUL byte removed" in result.output


def test_index_option_before_the_command(seeds_index):
    result = CliRunner().invoke(main, ["--index", str(seeds_index), "list", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.output)) == 2


def test_every_command_has_help_and_a_readme_entry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and command.help, name
        assert f"search-engine {name}" in readme, f"README does not document `search-engine {name}`"


def test_import_is_cheap_and_help_list_show_do_not_import_nltk(seeds_index):
    code = (
        "import sys, search_engine; assert 'whoosh' not in sys.modules and 'nltk' not in sys.modules;"
        "from search_engine.cli import main;"
        "import click.testing as t;"
        f"r = t.CliRunner().invoke(main, ['list', '--index', {str(seeds_index)!r}]); assert r.exit_code == 0, r.output;"
        f"r = t.CliRunner().invoke(main, ['show', {SEED_002!r}, '--index', {str(seeds_index)!r}]); assert r.exit_code == 0;"
        "r = t.CliRunner().invoke(main, ['--help']); assert r.exit_code == 0;"
        "assert 'nltk' not in sys.modules, 'nltk imported';"
        "from search_engine.analysis.stemming import stemmers_loaded; assert not stemmers_loaded()"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "NLTK_DATA": "/nonexistent"})
    assert proc.returncode == 0, proc.stderr


def test_module_entry_point(seeds_index):
    proc = subprocess.run([sys.executable, "-m", "search_engine", "list", "--index", str(seeds_index)],
                          capture_output=True, text=True, cwd=Path(__file__).parent)
    assert proc.returncode == 0 and SEED_000 in proc.stdout


def test_progress_bar_waits_a_second_then_counts_bytes_through_both_phases():
    """One large file moves the bar as its passages are indexed (it used to count files: one file, no bar)."""
    from search_engine.cli import _ProgressBar

    now = [0.0]
    bar = _ProgressBar()
    bar._clock, bar._started = (lambda: now[0]), 0.0
    bar("read", 0, 1000, "volume.xml")
    assert bar._bar is None  # a quick build shows nothing
    now[0] = 1.5
    bar("write", 300, 1000, "vol-d1#p5")
    assert bar._bar is not None and bar._bar.length == 1000 and bar._bar.pos == 300
    assert bar._bar.label.startswith("Indexing passages")
    bar("write", 600, 1000, "vol-d9#p2")
    assert bar._bar.pos == 600
    bar("read", 900, 1000, "/corpus/letter.txt")
    assert bar._bar.pos == 900 and bar._bar.label.startswith("Reading letter.txt")
    bar("save", 1000, 1000, "index_data")
    assert bar._bar.pos == 1000 and bar._bar.label.startswith("Writing the index")
    bar.finish()
    assert bar._bar is None


def test_index_messages_first_build_plurals_and_an_empty_folder(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "note.txt").write_text("A Note\n\nThe only paragraph.\n", encoding="utf-8")
    index = tmp_path / "ix"
    first = CliRunner().invoke(main, ["index", str(folder), "--index", str(index)])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"Built {index}/: 1 document, 1 passage, 0 footnotes (")
    assert "added" not in first.stdout  # everything was: the table says what
    listing = CliRunner().invoke(main, ["list", "--index", str(index)])
    assert "(1 passage, 0 footnotes; " in listing.stdout and "1 document." in listing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = CliRunner().invoke(main, ["index", str(empty), "--index", str(tmp_path / "ix2")])
    assert refused.exit_code == ExitStatus.ERROR
    assert "no file to index" in refused.stderr and ".html" in refused.stderr and ".pdf" in refused.stderr
    assert ".txt or .md files" not in refused.stderr


def test_an_update_lists_new_and_changed_skips_and_summarises_the_rest(tmp_path, corpus):
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    index = tmp_path / "ix"

    def build():
        return CliRunner().invoke(main, ["index", str(corpus), "--index", str(index)])

    first = build()
    assert "Skipped 1 file(s):" in first.stderr and "broken.txt: binary file" in first.stderr
    assert re.search(r"text\s+3\s+2\s+45\s+4\s+1", first.stdout)  # files counts the skipped one too
    again = build()
    assert again.exit_code == 0 and again.stdout.startswith("Up to date")
    assert "broken.txt" not in again.stderr
    assert "Skipped 1 file(s) as before, unchanged since the last build" in again.stderr
    (corpus / "other.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    third = build()
    assert "Skipped 1 file(s):\n" in third.stderr and "other.txt: binary file (a PNG image)" in third.stderr
    assert "broken.txt" not in third.stderr and "Skipped 1 file(s) as before" in third.stderr
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x03" * 50)  # changed, still unreadable: shown again
    fourth = build()
    assert "broken.txt: binary file" in fourth.stderr and "other.txt" not in fourth.stderr
    data = json.loads(CliRunner().invoke(main, ["index", "--index", str(index), "--json"]).stdout)
    assert sorted((os.path.basename(s["path"]), s["new"]) for s in data["skipped"]) == [
        ("broken.txt", False), ("other.txt", False)]


def test_the_more_in_this_document_hint_is_a_command_that_works_as_typed(seeds_index, tmp_path):
    """It used to drop --index and the filters: run as printed, it failed (exit 3) or showed other passages."""
    import shlex

    index = tmp_path / "elsewhere"
    shutil.copytree(seeds_index, index)
    for args in (["search", "missiles", "--index", str(index), "--from", "1962-10", "-c", "top secret", "-n", "2",
                  "--per-doc", "2"],
                 ["--index", str(index), "search", "missiles", "-n", "1", "--per-doc", "1"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        hint = re.search(r"\+ (\d+) more in this document \((search-engine .*)\)\n", result.stdout)
        assert hint, result.stdout
        command = shlex.split(hint.group(2))
        assert command[:2] == ["search-engine", "search"] and command[command.index("--index") + 1] == str(index)
        doc_id = command[command.index("--doc") + 1]
        again = CliRunner().invoke(main, command[1:])
        assert again.exit_code == 0, again.output
        shown_before = result.stdout.count(f"{doc_id}#p")
        assert again.stdout.count(f"{doc_id}#p") == int(hint.group(1)) + shown_before
        assert "more in this document" not in again.stdout
    hint = re.search(r"\((search-engine .*)\)\n", CliRunner().invoke(
        main, ["search", "missiles", "--index", str(index), "--from", "1962-10", "-c", "top secret", "--per-doc", "3"]
    ).stdout).group(1)
    assert "--from 1962-10" in hint and "--classification 'top secret'" in hint and "--per-doc 0" in hint


def test_check_takes_json(seeds_index):
    result = CliRunner().invoke(main, ["check", "--json", "--index", str(seeds_index)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] > 3 and data["index_dir"] == str(seeds_index)


def test_every_command_takes_index_and_json():
    """The README says so (of every command that prints results: serve serves a page): check used to
    refuse --json."""
    commands = [(name, c) for name, c in main.commands.items() if name != "serve"]
    commands += [(f"{name} {sub}", s) for name, c in main.commands.items() for sub, s in getattr(c, "commands", {}).items()]
    for name, command in commands:
        options = {o for p in command.params for o in p.opts}
        assert {"--index", "--json"} <= options, name


def test_several_query_words_are_one_query_and_dashes_go_after_double_dash(run, seeds_index):
    unquoted = run("search", "Castro", "Kennedy", "--json")
    assert unquoted.exit_code == 0, unquoted.output
    assert json.loads(unquoted.stdout) == json.loads(run("search", "Castro Kennedy", "--json").stdout)
    refused = run("search", "-Castro")
    assert refused.exit_code == 2
    assert "a query that starts with '-' goes after '--': search-engine search -- -Castro" in refused.output
    excluded = CliRunner().invoke(main, ["--index", str(seeds_index), "search", "--json", "--", "Khrushchev", "-Castro"])
    assert excluded.exit_code == 0, excluded.output
    data = json.loads(excluded.stdout)
    assert data["query"] == "Khrushchev -Castro" and data["total"] > 0
    assert all("Castro" not in h["text"] for h in data["hits"])


def test_facets_by_document_show_titles(run):
    text = run("search", "missiles", "--facets").stdout
    by_document = text.split("By document")[1].split("By month")[0]
    assert re.search(rf"{SEED_000}\s+\d+  █+\s+Cuban Missile Crisis, Document 29\n", by_document)
    data = json.loads(run("search", "missiles", "--facets", "--json").stdout)
    assert data["facets"]["document"][SEED_002] > 0  # counts as before
    assert data["document_titles"][SEED_002].startswith("Central Committee of the Communist Party")


def test_cite_json_is_csl_json(seeds_index):
    as_json = CliRunner().invoke(main, ["cite", SEED_002, "--json", "--index", str(seeds_index)])
    assert as_json.exit_code == 0, as_json.output
    assert as_json.stdout == CliRunner().invoke(main, ["cite", SEED_002, "--format", "csl-json", "--index",
                                                       str(seeds_index)]).stdout
    assert json.loads(as_json.stdout)


def test_a_forms_labelled_fields_are_shown_and_searched(tmp_path):
    """The identification form of a real OCR'd JFK record: its record number, originator and comments are no
    field of the document (title, date...), yet a historian cites and searches by them."""
    jfk = ROOT.parent / "shared" / "corpora" / "jfk-ocr" / "jfk_doc_1040.md"
    if not jfk.exists():
        pytest.skip("../shared/corpora/jfk-ocr is not beside the project")
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(jfk, folder / jfk.name)
    (folder / "telegram.txt").write_text(
        "SECRET\n\nDEPARTMENT OF STATE\nINCOMING TELEGRAM\n\nFROM: MOSCOW\nTO: Secretary of State\n"
        "NO: 1115, October 26, 7 PM\n\nEMBASSY RECEIVED THIS EVENING A LONG LETTER FROM KHRUSHCHEV TO THE "
        "PRESIDENT.\n\nFULL TEXT FOLLOWS BY SEPARATE TELEGRAM.\n\nKOHLER\n", encoding="utf-8")
    runner = CliRunner()
    index = str(tmp_path / "ix")
    assert runner.invoke(main, ["index", str(folder), "--index", index]).exit_code == 0
    for query, doc_id in (('"176-10036-10058"', "jfk_doc_1040"), ("1115", "telegram")):
        result = runner.invoke(main, ["search", query, "--index", index, "--json"])
        assert result.exit_code == 0, result.output
        assert [h["doc_id"] for h in json.loads(result.output)["hits"]] == [doc_id], query
    shown = runner.invoke(main, ["show", "jfk_doc_1040", "--index", index])
    assert shown.exit_code == 0
    assert "Fields:\n" in shown.output and "  Record number: 176-10036-10058\n" in shown.output
    assert "  Originator: CIA\n" in shown.output
    shown = runner.invoke(main, ["show", "telegram", "--index", index])
    assert "  No: 1115, October 26, 7 PM\n" in shown.output
    assert "Fields:" not in runner.invoke(main, ["show", "telegram", "--index", index, "--json"]).output


def test_show_does_not_repeat_a_subtitle_its_title_holds(tmp_path):
    folder = tmp_path / "memos"
    folder.mkdir()
    (folder / "mfr.txt").write_text("TOP SECRET\n\nOctober 27, 1962\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Meeting of "
                                    "the Executive Committee\n\n1. The meeting opened with a briefing by the Director "
                                    "on the status of the missile sites.\n", encoding="utf-8")
    runner = CliRunner()
    index = str(tmp_path / "ix")
    assert runner.invoke(main, ["index", str(folder), "--index", index]).exit_code == 0
    data = json.loads(runner.invoke(main, ["show", "mfr", "--index", index, "--json"]).output)
    shown = runner.invoke(main, ["show", "mfr", "--index", index]).output
    assert data["subtitle"] == "Meeting of the Executive Committee" and data["subtitle"] in data["title"]
    assert shown.count("Meeting of the Executive Committee") == 2  # the title and the SUBJECT: header line


def test_an_index_the_user_named_is_never_filled_with_the_seeds(tmp_path, monkeypatch):
    """A build of the user's own files that failed leaves their index missing: a search there says so, and does
    not build the seeds into the folder they named."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    for args in (["search", "Castro", "--index", "mine"], ["--index", "mine", "search", "Castro"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == ExitStatus.NO_INDEX and "no index in" in result.output, result.output
        assert not (tmp_path / "mine" / "CURRENT").exists()
    monkeypatch.setenv("SEARCH_ENGINE_INDEX", str(tmp_path / "env"))
    assert CliRunner().invoke(main, ["search", "Castro"]).exit_code == ExitStatus.NO_INDEX
