"""What a cold query imports: only what it needs (search_engine/deferred.py, the CLI's lazy imports)."""

import os
import subprocess
import sys

from .conftest import ROOT

# modules a query does not use: whoosh's and NumPy's imports that deferred.py puts off (urllib.request pulls
# http.client, email, ssl and socket; numpy.linalg pulls numpy._typing), numpy.ma (np.unique reads np.ma),
# logging (the CLI sets pdfminer's level only when it reads sources), nltk (the highlighter reads stems from
# words.sqlite, the thesaurus's names no document writes from vocabulary/thesaurus_stems.txt)
NOT_FOR_A_QUERY = ("urllib.request", "http.client", "email.parser", "ssl", "socket", "whoosh.lang.morph_en",
                   "numpy.linalg", "numpy._typing", "ctypes", "tempfile", "numpy.ma", "logging", "nltk")


def _python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "NLTK_DATA": "/nonexistent", **env})


def _runs_through(code: str, **env) -> None:
    """Run ``code`` in a new process: each of its assertions holds and it runs to its end."""
    proc = _python(code + "print('ok')\n", **env)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_a_cold_query_imports_only_what_it_needs(seeds_index):
    # the CLI itself, not click's CliRunner (which imports tempfile)
    code = (
        "import sys\n"
        "from search_engine.cli import main\n"
        # the last is searched under the thesaurus's other names of the treaty too, which no seed writes
        f"for q in ('missiles Cuba', '\"missile installations\" Khrushchev', 'test ban treaty'):\n"
        f"    main(['search', q, '-n', '10', '--index', {str(seeds_index)!r}], standalone_mode=False)\n"
        "assert 'whoosh.searching' in sys.modules and 'numpy' in sys.modules  # the query did run\n"
        "from search_engine.analysis.stemming import stemmers_loaded\n"
        "assert not stemmers_loaded(), 'a word was stemmed with nltk'\n"
        f"print('imported:', sorted(m for m in {NOT_FOR_A_QUERY!r} if m in sys.modules))\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert sum(line.startswith("1. ") for line in lines) >= 2, proc.stdout
    assert lines[-1] == "imported: []", proc.stdout


def test_whooshs_deferred_functions_are_the_real_ones_when_called(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("local file", encoding="utf-8")
    code = (
        "import sys\n"
        "import search_engine\n"
        "import whoosh.compat, whoosh.query.terms, whoosh.searching\n"
        "assert 'urllib.request' not in sys.modules and 'whoosh.lang.morph_en' not in sys.modules\n"
        "words = whoosh.query.terms.variations('render')\n"
        "from whoosh.lang.morph_en import variations\n"
        "assert variations is not whoosh.query.terms.variations and words == variations('render'), words\n"
        "assert {'render', 'renders', 'rendered'} <= words\n"
        f"name, _ = whoosh.compat.urlretrieve({page.as_uri()!r}, {str(tmp_path / 'copy.txt')!r})\n"
        "assert open(name).read() == 'local file'\n"
        "import urllib.request\n"
        "assert type(urllib.request).__name__ == 'module' and urllib.request.urlopen and urllib.request.Request\n"
        "assert urllib.request.urlretrieve is not whoosh.compat.urlretrieve\n"
        # whoosh's own Variations query, which the stand-in's function serves
        "from whoosh import fields, query\n"
        "from whoosh.filedb.filestore import RamStorage\n"
        "ix = RamStorage().create_index(fields.Schema(body=fields.TEXT(stored=True)))\n"
        "w = ix.writer(); w.add_document(body='rendered pages'); w.commit()\n"
        "with ix.searcher() as s:\n"
        "    assert len(s.search(query.Variations('body', 'render'))) == 1\n"
    )
    _runs_through(code)


def test_numpys_deferred_functions_are_the_real_ones_when_called():
    code = (
        "import sys\n"
        "import search_engine\n"
        "import numpy as np\n"
        "assert not {'numpy.linalg', 'numpy._typing', 'ctypes'} & set(sys.modules), sys.modules.keys()\n"
        "m = np.matrix([[1, 1], [0, 1]])\n"
        "assert (m ** 3).tolist() == [[1, 3], [0, 1]]\n"  # matrix_power
        "assert np.allclose(np.polyfit([0, 1, 2], [1, 3, 5], 1), [2, 1])\n"  # lstsq
        "assert np.allclose(np.polyfit([0, 1, 2, 3], [1, 3, 5, 8], 1, cov=True)[0], [2.3, 0.8])\n"  # inv
        "assert np.allclose(sorted(np.roots([1, -3, 2])), [1, 2])\n"  # eigvals
        "import numpy.linalg\n"
        "assert type(sys.modules['numpy.linalg']).__name__ == 'module' and np.linalg is numpy.linalg\n"
        "assert np.allclose(np.linalg.inv(np.eye(2) * 2), np.eye(2) / 2)\n"
        "a = np.arange(3)\n"
        "assert a.ctypes.data == a.__array_interface__['data'][0]\n"  # ndarray.ctypes imports ctypes then
        "assert type(sys.modules['ctypes']).__name__ == 'module'\n"
        "import tempfile\n"
        "from whoosh.filedb.filestore import FileStorage\n"  # its temporary storage reads tempfile
        "st = FileStorage(tempfile.mkdtemp()).temp_storage()\n"
        "assert st.folder.startswith(tempfile.gettempdir())\n"
    )
    _runs_through(code)


def test_a_module_imported_before_whoosh_is_not_stood_in():
    code = (
        "import urllib.request, whoosh.lang.morph_en\n"
        "import search_engine\n"
        "import whoosh.compat, whoosh.query.terms\n"
        "assert whoosh.compat.urlretrieve is urllib.request.urlretrieve\n"
        "assert whoosh.query.terms.variations is whoosh.lang.morph_en.variations\n"
    )
    _runs_through(code)


def test_a_finder_that_asks_the_others_in_turn_finds_whoosh():
    """Another meta path finder that asks every finder in turn (as coverage tools and profilers do) asks the
    deferring finder, which asks it again: neither recurses."""
    code = (
        "import sys\n"
        "import search_engine\n"
        "class Asking:\n"
        "    busy = set()\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name in self.busy:\n"
        "            return None\n"
        "        self.busy.add(name)\n"
        "        try:\n"
        "            for f in sys.meta_path:\n"
        "                if f is not self and hasattr(f, 'find_spec'):\n"
        "                    spec = f.find_spec(name, path, target)\n"
        "                    if spec is not None:\n"
        "                        return spec\n"
        "        finally:\n"
        "            self.busy.discard(name)\n"
        "sys.meta_path.insert(0, Asking())\n"
        "import whoosh.searching\n"
        "assert 'urllib.request' not in sys.modules and 'whoosh.lang.morph_en' not in sys.modules\n"
    )
    _runs_through(code)


def test_the_cli_sets_pdfminers_log_level_where_it_reads_sources(tmp_path):
    """pdfminer's messages about the damaged PDFs it repairs are shown under --debug only; the CLI sets that
    where a command reads sources, not for every command (a query would import logging for it)."""
    import logging

    from click.testing import CliRunner

    from search_engine.cli import main

    from .conftest import SEEDS

    logger = logging.getLogger("pdfminer")
    for options, level in (([], logging.ERROR), (["--debug"], logging.DEBUG)):
        logger.setLevel(logging.NOTSET)
        result = CliRunner().invoke(main, [*options, "index", str(SEEDS), "--index", str(tmp_path / "ix")])
        assert result.exit_code == 0, result.output
        assert logger.level == level
    logger.setLevel(logging.NOTSET)
    result = CliRunner().invoke(main, ["search", "missiles", "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0 and logger.level == logging.NOTSET


def test_a_query_command_runs_without_the_collector_and_turns_it_on_again(seeds_index, tmp_path, monkeypatch):
    """search, show, related, cite and list answer and end: the collector's rounds over the modules they import
    free nothing (search_engine.cli._one_answer). It is on again after them, whatever they end with; a build
    keeps it."""
    import gc

    from click.testing import CliRunner

    from search_engine.api import SearchEngine
    from search_engine.cli import main

    seen = []

    def watching(real):
        def watched(self, *args, **kwargs):
            seen.append(gc.isenabled())
            return real(self, *args, **kwargs)
        return watched

    for name in ("search", "documents", "document", "index"):
        monkeypatch.setattr(SearchEngine, name, watching(getattr(SearchEngine, name)))

    runner = CliRunner()
    for args, code in ((["search", "missiles Cuba", "-n", "10", "--facets"], 0), (["list"], 0),
                       (["show", "no-such-document"], 1), (["search", "NOT"], 2)):
        seen.clear()
        result = runner.invoke(main, [*args, "--index", str(seeds_index)])
        assert result.exit_code == code, result.output
        assert False in seen and True not in seen and gc.isenabled(), (args, seen)
    gc.disable()
    try:
        assert runner.invoke(main, ["list", "--index", str(seeds_index)]).exit_code == 0
        assert not gc.isenabled()  # as the caller had it
    finally:
        gc.enable()
    seen.clear()
    (tmp_path / "memo.txt").write_text("MEMORANDUM\n\nThe missiles in Cuba were discussed.\n", encoding="utf-8")
    result = runner.invoke(main, ["index", str(tmp_path / "memo.txt"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert seen == [True]


def test_stemming_loads_only_nltks_snowball_and_leaves_nltk_whole_for_others():
    # a word no index knows is stemmed by nltk's Snowball stemmers, loaded without nltk's package __init__ (which
    # imports all of nltk); nltk imported afterwards by a program embedding the engine is nltk as usual
    code = (
        "import sys\n"
        "from search_engine.analysis.stemming import snowball_stem, stemmers_loaded\n"
        "assert (snowball_stem('missiles'), snowball_stem('ракеты')) == ('missil', 'ракет')\n"
        "assert stemmers_loaded() and not [m for m in sys.modules if m.split('.')[0] == 'nltk'], sys.modules\n"
        "assert 'numpy' not in sys.modules\n"
        "import nltk\n"
        "from nltk.stem.snowball import EnglishStemmer, SnowballStemmer\n"
        "assert nltk.stem.snowball.EnglishStemmer is EnglishStemmer and hasattr(nltk, 'word_tokenize')\n"
        "assert SnowballStemmer('russian').stem('ракеты') == 'ракет' and EnglishStemmer().stem('missiles') == 'missil'\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr


def test_the_program_starts_numpys_blas_with_one_thread_unless_told_otherwise(seeds_index):
    # NumPy's OpenBLAS reads the setting once, as NumPy is imported: the program sets it before any query runs
    code = (
        "import os, sys\n"
        "from search_engine.cli import run\n"
        f"sys.argv = ['search-engine', 'search', 'missiles', '-n', '1', '--index', {str(seeds_index)!r}]\n"
        "try:\n"
        "    run()\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "assert 'numpy' in sys.modules\n"
        "print('threads:', os.environ.get('OPENBLAS_NUM_THREADS'))\n"
    )
    without = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=without)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "threads: 1", proc.stdout
    told = _python(code, OPENBLAS_NUM_THREADS="2")
    assert told.returncode == 0, told.stderr
    assert told.stdout.splitlines()[-1] == "threads: 2", told.stdout
