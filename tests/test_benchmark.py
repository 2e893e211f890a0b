"""The performance benchmark runs end to end on the seeds and reports every figure; no timing is judged here."""

import importlib.util
import json
import subprocess
import sys

import pytest

from .conftest import ROOT

SYSTEMS = ("search-engine", "whoosh", "fts5")
FIGURES = ("build_s", "passages_per_s", "peak_rss_mb", "index_mb", "search_p50_ms", "search_p95_ms",
           "snippets_p50_ms", "snippets_p95_ms", "cold_start_ms", "reindex_s")


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("benchmark")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scale", "1", "--quick",
                           "--corpus", "seeds", "--out", str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "| build, s (median of 1) |" in done.stdout
    assert (out / "latest.md").read_text(encoding="utf-8") == done.stdout
    return json.loads((out / "latest.json").read_text(encoding="utf-8"))


def test_report_has_every_figure_for_every_system(report):
    assert {"date", "machine", "corpus", "scales", "settings", "queries", "results", "imports", "targets"} <= set(report)
    assert report["scales"] == [1]
    assert report["corpus"]["name"] == "seeds"
    assert {"platform", "cpus", "python", "whoosh", "nltk"} <= set(report["machine"])
    (result,) = report["results"]
    assert result["passage_counts_match"] and result["passages"] > 0
    assert set(result["passage_counts"].values()) == {result["passages"]}
    for figure in FIGURES:
        for system in SYSTEMS:
            assert result["figures"][figure][system] > 0, (figure, system)
        for baseline in ("whoosh", "fts5"):
            assert result["ratios"][figure][baseline] > 0, (figure, baseline)
    assert result["latency"]["search-engine"]["queries_common"] > 0
    # the warm queries with facets are ours alone (no baseline counts facets)
    assert result["figures"]["facets_p95_ms"]["search-engine"] >= result["figures"]["facets_p50_ms"]["search-engine"] > 0
    assert result["figures"]["facets_p95_ms"]["whoosh"] is None


def test_import_checks_and_targets_are_reported(report):
    assert set(report["imports"]) >= {"--help", "list"}
    for check in report["imports"].values():
        assert check["exit"] == 0
        assert isinstance(check["nltk"], bool)
    assert report["targets"] and all(t["passed"] in (True, False) for t in report["targets"])


def test_queries_translate_for_the_baselines():
    ps = _load("perf_systems")
    assert ps.whoosh_query("Laos AND date:1962") == "Laos"
    assert ps.whoosh_query("Kennedy -Castro") == "Kennedy NOT Castro"
    assert ps.fts5_query('title:"test ban" Moscow') == '"test ban" "Moscow"'
    assert ps.fts5_query('"dismantle missiles"~5') == 'NEAR("dismantle" "missiles", 5)'
    assert ps.fts5_query("dismant*") == '"dismant"*'
    for untranslatable in ("Khrushch?v", "Gromyko~", "-Castro", "date:1962-10"):
        with pytest.raises(ps.Untranslatable):
            ps.fts5_query(untranslatable)
    with pytest.raises(ps.Untranslatable):
        ps.whoosh_query("Gromyko~")


def test_at_least_fifty_queries_of_every_kind():
    run = _load("run")
    queries = run.load_queries()
    assert len(queries) >= 50
    assert {"common", "rare", "boolean", "phrase", "field", "filter"} <= {q.category for q in queries}


def test_warm_cpu_reports_percentiles_and_the_ratio_to_whoosh():
    warm = _load("warm_cpu")
    medians = {"ours": {"a": 1.0, "b": 2.0, "c": 3.0}, "whoosh": {"a": 4.0, "b": 4.0, "c": 8.0},
               "ours_facets": {"a": 1.5, "b": 2.5, "c": 3.5}}
    text = warm.report(medians, slowest=2)
    assert "| p50 | 2.00 | 4.00 | 0.50x | 2.50 |" in text
    assert "| p95 | 2.90 | 7.60 | 0.38x | 3.40 |" in text
    assert text.splitlines()[-2].endswith("  c") and text.splitlines()[-1].endswith("  b")
