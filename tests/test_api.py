"""The Python API as a careless caller meets it: checked arguments, pages and counts, plain-dict results,
short reprs, one date type, errors that speak Python and say what they are."""

import datetime
import inspect
import json
import math
import os

import pytest
from click.testing import CliRunner

import search_engine
import search_engine.errors as errors
from search_engine import (
    DateRange,
    IndexPathError,
    PassageView,
    QueryError,
    SearchEngine,
)
from search_engine.cli import main

from .conftest import ROOT, SEED_000, SEED_002, SEEDS

# -- 1. a path is one source ------------------------------------------------------------------------


@pytest.mark.parametrize("as_type", [str, os.fspath, lambda p: p])
def test_index_takes_one_path_as_one_source(tmp_path, corpus, as_type):
    summary = SearchEngine(tmp_path / "ix").index(as_type(corpus))
    assert summary.documents == 2 and len(summary.added) == 2 and not summary.skipped


def test_index_with_a_relative_folder_name(tmp_path, corpus, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    assert SearchEngine(tmp_path / "ix").index("corpus").documents == 2


@pytest.mark.parametrize("sources", [b"seeds", 42, [SEEDS, None], [b"seeds"]])
def test_index_refuses_sources_that_are_not_paths(tmp_path, sources):
    with pytest.raises(TypeError, match="sources must be a path"):
        SearchEngine(tmp_path / "ix").index(sources)
    assert not (tmp_path / "ix").exists()


# -- 4. arguments checked at the boundary ---------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"query": None}, TypeError, "query must be a str, not NoneType"),
    ({"query": b"Castro"}, TypeError, "query must be a str, not bytes"),
    ({"limit": 2.5}, TypeError, r"limit must be an int, not float \(2.5\)"),
    ({"limit": "5"}, TypeError, r"limit must be an int, not str \('5'\)"),
    ({"limit": True}, TypeError, "limit must be an int, not bool"),
    ({"limit": 0}, ValueError, "limit must be at least 1, not 0"),
    ({"limit": 10**6}, ValueError, "limit must be at most 10000, not 1000000"),
    ({"offset": -1}, ValueError, "offset must be at least 0, not -1"),
    ({"context": -1}, ValueError, "context must be at least 0, not -1"),
    ({"context": 1.0}, TypeError, "context must be an int"),
    ({"per_doc": None}, TypeError, "per_doc must be an int, not NoneType"),
    ({"per_doc": -2}, ValueError, "per_doc must be at least 0, not -2"),
    ({"sort": "title"}, ValueError, "sort must be one of 'relevance', 'date', '-date', not 'title'"),
    ({"sort": None}, ValueError, "sort must be one of"),
    ({"facets": "yes"}, TypeError, "facets must be True or False, not str"),
    ({"snippets": None}, TypeError, "snippets must be True or False"),
    ({"classification": 5}, TypeError, "classification must be a str or an iterable of str, not int"),
    ({"language": [None]}, TypeError, r"language must hold str values, not NoneType \(None\)"),
    ({"doc": b"x"}, TypeError, "doc must be a str or an iterable of str, not bytes"),
    ({"date_from": 1962}, TypeError, "date_from must be a str such as '1962-10', a datetime.date or None, not int"),
    ({"aliases": 3}, TypeError, "aliases must be a path"),
])
def test_search_checks_its_arguments(engine, kwargs, error, message):
    kwargs = {"query": "Castro", **kwargs}
    with pytest.raises(error, match=message):
        engine.search(kwargs.pop("query"), **kwargs)


def test_other_methods_check_their_arguments(engine, tmp_path):
    with pytest.raises(TypeError, match="passage_id must be a str, not NoneType"):
        engine.passage(None)
    with pytest.raises(ValueError, match="context must be at least 0"):
        engine.passage(f"{SEED_002}#p10", context=-3)
    with pytest.raises(TypeError, match="doc_id must be a str, not int"):
        engine.document(7)
    with pytest.raises(TypeError, match="query must be a str"):
        engine.count(None)
    with pytest.raises(TypeError, match="index_dir must be a path"):
        SearchEngine(None)
    with pytest.raises(ValueError, match="wait must be a finite number of seconds"):
        SearchEngine(tmp_path / "ix").index(SEEDS, wait=math.inf)
    with pytest.raises(TypeError, match="progress must be a callable or None, not str"):
        SearchEngine(tmp_path / "ix").index(SEEDS, progress="bar")
    with pytest.raises(TypeError, match="rebuild must be True or False"):
        SearchEngine(tmp_path / "ix").index(SEEDS, rebuild="no")
    with pytest.raises(TypeError, match="doc_or_passage_id must be a str, not NoneType"):
        engine.cite(None)
    with pytest.raises(ValueError, match="format must be one of 'chicago', .*, not 'mla'"):
        engine.cite(SEED_002, format="mla")
    with pytest.raises(TypeError, match="query must be a str"):
        engine.highlights(None, SEED_002)
    with pytest.raises(TypeError, match="limit must be an int, not str"):
        engine.export("Castro", "csv", limit="all")
    with pytest.raises(TypeError, match="doc_id must be a str, not int"):
        engine.source_file(3)


def test_dates_may_be_dates_and_datetimes(engine):
    as_text = engine.search("Castro", date_from="1962-10-28", date_to="1962-10-28").total
    assert as_text > 0
    assert engine.search("Castro", date_from=datetime.date(1962, 10, 28), date_to=datetime.date(1962, 10, 28)).total == as_text
    assert engine.search("Castro", date_from=datetime.datetime(1962, 10, 28, 12, 0)).total == as_text


def test_context_is_clamped_to_the_document(engine):
    hit = engine.search('"telegram to Cde. Pavlov"', context=10**6)[0]
    document = engine.document(hit.doc_id)
    assert [p.paragraph for p in hit.before] == list(range(1, hit.paragraph))
    assert [p.paragraph for p in hit.after] == list(range(hit.paragraph + 1, len(document.paragraphs) + 1))
    view = engine.passage(hit.passage_id, context=10**6)
    assert len(view.passages) == len(document.paragraphs)


def test_numpy_style_integers_are_taken(engine):
    class Index:  # what numpy's integers implement
        def __index__(self):
            return 3

    assert len(engine.search("Castro", limit=Index(), per_doc=0)) == 3


# -- 10. pages, counts, dicts, records -------------------------------------------------------------

def test_offset_pages_through_the_same_ranking(engine):
    whole = engine.search("missiles", limit=12, per_doc=0)
    first = engine.search("missiles", limit=5, per_doc=0)
    second = engine.search("missiles", limit=5, offset=5, per_doc=0)
    assert [h.passage_id for h in first] + [h.passage_id for h in second] == [h.passage_id for h in whole][:10]
    assert [h.rank for h in second] == [6, 7, 8, 9, 10]
    assert second.total == whole.total
    past = engine.search("missiles", offset=whole.total)
    assert past.hits == () and past.total == whole.total


def test_offset_with_grouping_and_dates(engine):
    grouped = engine.search("missiles", limit=6)
    page = engine.search("missiles", limit=3, offset=3)
    assert [h.passage_id for h in page] == [h.passage_id for h in grouped][3:]
    by_date = engine.search("Castro", sort="date", limit=6, per_doc=0)
    later = engine.search("Castro", sort="date", limit=3, offset=3, per_doc=0)
    assert [h.passage_id for h in later] == [h.passage_id for h in by_date][3:]


def test_count_is_the_total_without_the_hits(engine):
    for query, kwargs in (("Castro", {}), ("missiles", {"classification": "top secret"}),
                          ("Хрущёв", {"language": "ru"}), ("missiles", {"doc": SEED_000}),
                          ("Castro", {"date_from": "1962-10-29"}), ("Alekseev", {})):
        assert engine.count(query, **kwargs) == engine.search(query, **kwargs).total, (query, kwargs)
    with pytest.raises(QueryError, match="unbalanced quote"):
        engine.count('"open')


def test_scores_are_kept_when_sorting_by_date(engine):
    by_relevance = {h.passage_id: h.score for h in engine.search("Castro missiles", limit=1000, per_doc=0)}
    by_date = engine.search("Castro missiles", sort="date", limit=1000, per_doc=0)
    assert by_date.hits and all(h.score > 0 for h in by_date)
    assert {h.passage_id: h.score for h in by_date} == pytest.approx(by_relevance)


def test_results_are_plain_dicts_for_json(engine):
    results = engine.search("Castro", facets=True, context=1)
    data = results.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == results.to_json()  # the older name
    assert data["hits"][0]["date"] == results[0].date.iso
    for record in (results[0], engine.documents()[0], engine.document(SEED_002), engine.passage(f"{SEED_002}#p1"),
                   engine.document(SEED_002).date, engine.document(SEED_002).paragraphs[0]):
        assert json.loads(json.dumps(record.to_dict())) == record.to_dict()


def test_passage_returns_a_named_record_that_still_unpacks(engine):
    view = engine.passage(f"{SEED_002}#p10", context=1)
    assert isinstance(view, PassageView)
    assert view.document.doc_id == SEED_002 and [p.paragraph for p in view.passages] == [9, 10, 11]
    document, passages = view
    assert document is view.document and passages == view.passages


def test_one_date_type_on_hits_documents_and_listings(engine):
    hit = engine.search("Castro")[0]
    info = next(d for d in engine.documents() if d.doc_id == hit.doc_id)
    document = engine.document(hit.doc_id)
    assert isinstance(hit.date, DateRange) and hit.date == info.date
    assert document.date.start == hit.date.start and document.date.end == hit.date.end
    assert document.date.raw == hit.date.raw == info.date.raw != ""
    assert str(hit.date) == f"{hit.date}" == hit.date.iso == "1962-10-28"
    assert f"{hit.date:12}|" == "1962-10-28  |"


@pytest.mark.parametrize("iso", ["1962-10-28", "1962-10", "1962", "1962-02", "1960-12", "1962-10-27/1962-10-29"])
def test_a_date_range_round_trips_through_its_iso_form(iso):
    assert DateRange.from_iso(iso).iso == iso
    assert eval(repr(DateRange.from_iso(iso, raw="Oct. 1962")), {"DateRange": DateRange}) == DateRange.from_iso(
        iso, raw="Oct. 1962")


def test_reprs_are_short(engine):
    results = engine.search("Castro", limit=10, context=2)
    assert len(repr(results)) < 120, repr(results)
    assert repr(results).startswith("SearchResults(query='Castro', total=")
    for record in (*results, engine.documents()[0], engine.document(SEED_002), engine.passage(f"{SEED_002}#p3", 2),
                   engine.document(SEED_002).footnotes[0], engine.document(SEED_002).paragraphs[0],
                   SearchEngine(engine.index_dir), engine.search("Castro").hits[0].date):
        assert len(repr(record)) < 200, repr(record)
        assert "\n" not in repr(record)


def test_notebooks_show_escaped_html(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "x.txt").write_text("<i>Title</i> & co\n\nThe <script>alert(1)</script> missiles.\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index(folder)
    results = engine.search("missiles <u>")
    html = results._repr_html_()
    assert "<script>" not in html and "<i>Title</i>" not in html and "<u>" not in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;Title&lt;/i&gt; &amp; co" in html
    assert "<mark>missiles</mark>" in html and "<code>missiles &lt;u&gt;</code>" in html
    assert results[0]._repr_html_() in html


# -- 6. a wrong index path --------------------------------------------------------------------------

def test_an_index_path_that_is_a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not an index")
    engine = SearchEngine(path)
    for action in (lambda: engine.search("Castro"), engine.documents, lambda: engine.index(SEEDS), engine.verify):
        with pytest.raises(IndexPathError, match=f"the index folder {path} is a file, not a folder"):
            action()
    assert path.read_text() == "not an index"


def test_an_index_path_inside_a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not an index")
    engine = SearchEngine(path / "ix")
    for action in (lambda: engine.search("Castro"), engine.documents, lambda: engine.index(SEEDS)):
        with pytest.raises(IndexPathError, match=f"is inside {path}, which is a file"):
            action()


def test_an_index_path_that_does_not_exist_yet(tmp_path):
    engine = SearchEngine(tmp_path / "a" / "b" / "ix")
    with pytest.raises(search_engine.IndexNotFoundError, match="no index in"):
        engine.search("Castro")
    assert engine.index(SEEDS).documents == 2


def test_the_cli_reports_a_wrong_index_path(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not an index")
    for args in (["search", "Castro"], ["list"], ["index", str(SEEDS)]):
        result = CliRunner().invoke(main, ["--index", str(path / "ix"), *args])
        assert result.exit_code == 2, result.output
        assert "is inside" in result.output and "which is a file" in result.output
        assert "Traceback" not in result.output and "damaged" not in result.output


# -- 12. errors: their docs, their words -----------------------------------------------------------

def test_every_error_class_documents_itself():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, Exception) and c.__module__ == errors.__name__]
    assert len(classes) >= 12
    for cls in classes:
        assert "__doc__" in vars(cls) and cls.__doc__.strip(), cls  # its own, not its base class's
    assert len({c.__doc__ for c in classes}) == len(classes)


@pytest.mark.parametrize(("kwargs", "api", "cli_args", "cli"), [
    ({"date_from": "soon"}, "cannot read date_from='soon' as a date", ["--from", "soon"], "cannot read --from 'soon'"),
    ({"date_from": "1963", "date_to": "1962"}, "date_from 1963-01-01 is after date_to 1962-12-31",
     ["--from", "1963", "--to", "1962"], "--from 1963-01-01 is after --to 1962-12-31"),
    ({"language": "klingon"}, "language='klingon' is not a language", ["--lang", "klingon"],
     "--lang 'klingon' is not a language"),
    ({"classification": "top sekret"}, "classification='top sekret' is not a marking",
     ["-c", "top sekret"], "--classification 'top sekret' is not a marking"),
    ({"doc": "nope"}, r"no document 'nope' in .* \(see documents\(\)\)", ["--doc", "nope"],
     "(see `search-engine list`)"),
])
def test_api_errors_name_parameters_and_the_cli_its_options(engine, kwargs, api, cli_args, cli):
    with pytest.raises(search_engine.SearchEngineError, match=api) as info:
        engine.search("Castro", **kwargs)
    assert "--" not in str(info.value) and "search-engine" not in str(info.value)
    result = CliRunner().invoke(main, ["--index", str(engine.index_dir), "search", "Castro", *cli_args])
    assert result.exit_code != 0 and cli in result.output, result.output


def test_an_unknown_classification_is_an_error_that_lists_the_known_ones(engine):
    with pytest.raises(QueryError) as info:
        engine.search("Castro", classification="topsecret")
    assert "the index holds SPECIAL FOLDER, TOP SECRET" in str(info.value)
    assert "known markings: TOP SECRET, SECRET, CONFIDENTIAL" in str(info.value)
    # a marking the engine knows is not an error when no document carries it: it simply matches nothing
    assert engine.search("Castro", classification="Eyes Only").total == 0
    # nor is one the index holds although the engine does not know it (front matter can give any marking)


def test_a_marking_only_the_index_knows_is_a_filter(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "x.md").write_text("---\nclassification: [Cosmic Top Secret]\n---\n# Memo\n\nThe missiles.\n")
    engine = SearchEngine(tmp_path / "ix")
    engine.index(folder)
    assert engine.search("missiles", classification="cosmic top secret").total == 1


def test_the_lock_message_speaks_python_and_the_cli_speaks_options(tmp_path, corpus):
    from search_engine.index.writer import writer_lock

    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    with writer_lock(engine.index_dir):
        with pytest.raises(search_engine.IndexLockedError, match="pass wait=SECONDS$"):
            engine.index(rebuild=True)


def test_every_export_resolves():
    from importlib import import_module

    for name in search_engine.__all__:
        module = import_module(f"search_engine.{search_engine._EXPORTS[name]}")
        assert getattr(search_engine, name) is getattr(module, name)


def test_type_checkers_see_every_export():
    """The lazy __getattr__ hides the exports from type checkers: each is also imported under TYPE_CHECKING,
    and __all__ is a literal list of them."""
    import ast

    tree = ast.parse((ROOT / "search_engine" / "__init__.py").read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")
    imported = {(node.module, alias.name) for node in guarded.body for alias in node.names}
    assert imported == {(module, name) for name, module in search_engine._EXPORTS.items()}
    listed = next(n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "__all__")
    assert sorted(ast.literal_eval(listed)) == sorted(search_engine._EXPORTS) == sorted(search_engine.__all__)
