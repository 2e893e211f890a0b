import shutil
from pathlib import Path

import pytest

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
