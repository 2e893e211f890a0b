"""index.pool: a build's postings held compactly come out as whoosh's own pool gives them, in memory and spilled."""

import tempfile

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import PostingPool

from search_engine.index.pool import CompactPostingPool
from search_engine.index.schema import passage_records, schema
from search_engine.ingest.readers import read_documents

from .conftest import SEEDS


@pytest.fixture(autouse=True)
def _own_temp_folder(tmp_path, monkeypatch):
    """whoosh spills a RAM index's pool into tempfile's folder under the index's name (/tmp/MAIN.tmp), which two
    test runs on one machine would share and clean up under each other: each test gets its own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _postings(pool_class, limitmb):
    """Every posting of the seeds' passages as a pool gives them to the segment's writer."""
    storage = RamStorage()
    ix = storage.create_index(schema())
    writer = ix.writer()
    writer.pool = pool_class(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    if limitmb == 0:  # spill after every posting or so: the runs and their merge
        writer.pool.limit = 4096
    for path in sorted(SEEDS.iterdir()):
        for doc in read_documents(str(path)):
            for record in passage_records(doc, str(path), inherit=True):  # as a build writes them (no id)
                writer.add_document(**record)
    spilled = len(writer.pool.runs)
    items = list(writer.pool.iter_postings())
    writer.cancel()
    return items, spilled


def test_compact_pool_gives_whooshs_postings():
    expected, _ = _postings(PostingPool, 128)
    held, spilled = _postings(CompactPostingPool, 128)
    assert spilled == 0
    assert held == expected
    assert [type(w) for *_, w, _ in held] == [type(w) for *_, w, _ in expected]  # floats stay floats


def test_compact_pool_spilled_gives_whooshs_postings():
    expected, _ = _postings(PostingPool, 128)
    merged, spilled = _postings(CompactPostingPool, 0)
    assert spilled > 1
    assert merged == expected


def _index(compact: bool):
    """An index of the seeds' passages analysed as a build analyses them (index.build.prepare_documents), by
    whoosh's writer or by index.pool's."""
    from search_engine.index import pool
    from search_engine.index.build import prepare_documents

    ix = RamStorage().create_index(schema())
    writer = pool.writer(ix, 128) if compact else ix.writer()
    for path in sorted(SEEDS.iterdir()):
        for record in prepare_documents(str(path), read_documents(str(path))).records:
            writer.add_document(**record)
    writer.commit()
    return ix


def test_compact_writer_indexes_as_whoosh_does():
    expected, got = _index(False).reader(), _index(True).reader()
    assert list(got.all_terms()) == list(expected.all_terms())
    for fieldname, term in expected.all_terms():
        for kind in ("positions", "weight") if expected.schema[fieldname].format.supports("positions") else ("weight",):
            ours = list(got.postings(fieldname, term).items_as(kind))
            assert ours == list(expected.postings(fieldname, term).items_as(kind)), (fieldname, term, kind)
        assert got.term_info(fieldname, term).weight() == expected.term_info(fieldname, term).weight()
    for docnum in range(expected.doc_count_all()):
        assert got.stored_fields(docnum) == expected.stored_fields(docnum)
        for fieldname in expected.indexed_field_names():
            assert got.doc_field_length(docnum, fieldname) == expected.doc_field_length(docnum, fieldname)
    assert got.field_length("body") == expected.field_length("body")
