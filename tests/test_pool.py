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


# the postings sorted a slice of terms at a time (pool._SORT_SLICE): in one slice, and in slices of a few
# postings each (a term of more than a slice: one of its own), where each slice's edges meet terms
SLICES = pytest.mark.parametrize("sort_slice", [1 << 18, 7])


@SLICES
def test_compact_pool_gives_whooshs_postings(monkeypatch, sort_slice):
    from search_engine.index import pool

    monkeypatch.setattr(pool, "_SORT_SLICE", sort_slice)
    expected, _ = _postings(PostingPool, 128)
    held, spilled = _postings(CompactPostingPool, 128)
    assert spilled == 0
    assert held == expected
    assert [type(w) for *_, w, _ in held] == [type(w) for *_, w, _ in expected]  # floats stay floats


@SLICES
def test_compact_pool_spilled_gives_whooshs_postings(monkeypatch, sort_slice):
    from search_engine.index import pool

    monkeypatch.setattr(pool, "_SORT_SLICE", sort_slice)
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


def _segment_files(tmp_path, name: str, monkeypatch, pool_bytes: int = 0) -> dict[str, bytes]:
    """The files of the one segment a build of the seeds, copied four times, writes (its id made fixed)."""
    import shutil

    from whoosh.codec.base import Segment

    from search_engine.index.build import build

    monkeypatch.setattr(Segment, "_random_id", classmethod(lambda cls, size=16: "s" * size))
    folder = tmp_path / "sources"  # the same for both builds: the index keeps its path
    if not folder.exists():
        folder.mkdir()
        for copy in range(4):  # words in more passages than a block of whoosh's postings holds (128)
            for path in sorted(SEEDS.iterdir()):
                shutil.copy(path, folder / f"{path.stem}-{copy}{path.suffix}")
    if pool_bytes:  # spill into runs past this many bytes of postings
        from search_engine.index import pool

        made = pool.CompactPostingPool.__init__

        def small(self, *args, **kwargs):
            made(self, *args, **kwargs)
            self.limit = pool_bytes

        monkeypatch.setattr(pool.CompactPostingPool, "__init__", small)
    build(tmp_path / name, [folder])
    gen = next((tmp_path / name).glob("gen-*"))
    return {p.name: p.read_bytes() for p in gen.iterdir() if p.name.startswith("MAIN_ssss")}


def test_a_terms_postings_taken_at_once_write_the_segment_whoosh_writes_one_by_one(tmp_path, monkeypatch):
    """index.postings takes the build pool's postings a term at a time (pool._Held.by_term), in batches of whole
    terms (here of 50 postings, so that terms of several blocks, and longer than a batch, meet its edges): the
    segment's files are byte for byte those whoosh's writer makes from the postings one by one."""
    from search_engine.index import pool

    monkeypatch.setattr(pool, "_BATCH", 50)
    monkeypatch.setattr(pool, "_SORT_SLICE", 7)
    at_once = _segment_files(tmp_path, "at-once", monkeypatch)
    monkeypatch.delattr(pool._Held, "by_term")
    one_by_one = _segment_files(tmp_path, "one-by-one", monkeypatch)
    assert at_once.keys() == one_by_one.keys() and len(at_once) >= 2  # the segment and its posting arrays
    for name in at_once:  # the files held in a compound segment or a zip file, without the times they were made
        assert _members(name, at_once[name]) == _members(name, one_by_one[name]), name


def test_a_spilled_pools_postings_gathered_a_term_at_a_time_write_the_segment_whoosh_writes(tmp_path, monkeypatch):
    """A pool that spilled into runs (pool._Merged) gives the segment's writer a term's postings at once too,
    gathered from the merge of the runs: the same segment as whoosh's writer makes from them one by one."""
    from search_engine.index import pool

    monkeypatch.setattr(pool, "_SORT_SLICE", 7)
    at_once = _segment_files(tmp_path, "at-once", monkeypatch, pool_bytes=20_000)
    monkeypatch.delattr(pool._Merged, "by_term")
    one_by_one = _segment_files(tmp_path, "one-by-one", monkeypatch, pool_bytes=20_000)
    assert at_once.keys() == one_by_one.keys() and len(at_once) >= 2
    for name in at_once:
        assert _members(name, at_once[name]) == _members(name, one_by_one[name]), name


def _members(name: str, data: bytes) -> dict[str, bytes]:
    import io
    import tempfile
    import zipfile

    if name.endswith(".npz"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n: z.read(n) for n in z.namelist()}
    if name.endswith(".seg"):
        from whoosh.filedb.compound import CompoundStorage
        from whoosh.filedb.structfile import StructFile

        with tempfile.TemporaryFile() as f:  # whoosh maps the file
            f.write(data)
            f.flush()
            held = CompoundStorage(StructFile(f))
            return {n: held.open_file(n).read() for n in held.list()}
    return {name: data}


def test_a_spilled_pools_odd_weights_and_missing_values_come_back():
    """Weights uint16 does not hold and postings without a value go through a run as they came, in whoosh's
    order; documents added out of order are put in order when the runs are merged."""
    postings = [("body", b"b", 2, 1.5, b"xy"), ("body", b"a", 0, 70000.0, None), ("title", b"a", 1, 2.0, b""),
                ("body", b"a", 3, 1.0, b"z"), ("body", b"b", 1, 3.0, None), ("body", b"a", 1, 0.25, b"q")]
    storage = RamStorage()
    ix = storage.create_index(schema())
    results = []
    for pool_class in (PostingPool, CompactPostingPool):
        writer = ix.writer()
        pool = pool_class(writer._tempstorage, writer.newsegment, limitmb=128)
        pool.limit = 1  # a run for every posting
        for posting in postings:
            pool.add(posting)
        results.append(list(pool.iter_postings()))
        writer.cancel()
    assert results[1] == results[0] == sorted(postings)
