import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

# The suite runs offline, as our users' machines may: nltk finds no data packages (an empty NLTK_DATA,
# inherited by every subprocess a test starts), and no test may open a network connection, except
# to this machine's own loopback address, where the Solr tests' cluster listens.
os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="empty-nltk-data-")
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_LOOPBACK = ("127.0.0.1", "::1")


def _offline(method):
    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in _LOOPBACK:
            raise OSError(f"network access is blocked in the tests (tried {address!r})")
        return method(self, address)

    return guarded


socket.socket.connect, socket.socket.connect_ex = _offline(_connect), _offline(_connect_ex)

from search_engine import SearchEngine
from tests import solr_cluster as solr

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
SEED_000 = "000_17656c3dbdfa3f82"
SEED_002 = "002_54cc86d0ab452d54"


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory) -> Path:
    """An index of the bundled seeds, built once for the read-only tests."""
    index_dir = tmp_path_factory.mktemp("seeds_index")
    SearchEngine(index_dir).index([SEEDS])
    return index_dir


@pytest.fixture
def engine(seeds_index) -> SearchEngine:
    return SearchEngine(seeds_index)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the seeds, for tests that add, change and delete files."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def solr_cluster():
    """A two-node SolrCloud on 127.0.0.1 for the whole session (tests using it are marked `solr`)."""
    if solr.policy() == "skip":
        pytest.skip("SEARCH_ENGINE_SOLR_TESTS=skip")
    try:
        with solr.solr_cluster(nodes=2) as cluster:
            yield cluster
    except solr.SolrUnavailable as exc:
        if solr.policy() == "require":
            pytest.fail(f"SEARCH_ENGINE_SOLR_TESTS=require, but the Solr cluster cannot run: {exc}")
        pytest.skip(f"no Solr cluster: {exc}")


def pytest_collection_modifyitems(items):
    for item in items:
        if "solr_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.solr)
