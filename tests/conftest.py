import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

# The suite runs offline, as our users' machines may: nltk finds no data packages (an empty NLTK_DATA,
# inherited by every subprocess a test starts), and no test may open a network connection.
os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="empty-nltk-data-")
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


def _offline(method):
    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"network access is blocked in the tests (tried {address!r})")
        return method(self, address)

    return guarded


socket.socket.connect, socket.socket.connect_ex = _offline(_connect), _offline(_connect_ex)

from search_engine import SearchEngine

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
