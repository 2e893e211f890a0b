"""The posting arrays written beside each whoosh segment (index.postings) against whoosh's own postings."""

from __future__ import annotations

import numpy as np
import pytest

from search_engine import SearchEngine
from search_engine.index.storage import current_generation, open_whoosh

from .conftest import SEEDS


@pytest.fixture(scope="module", params=["one chunk", "chunks of 500 postings"])
def seeds_index(request, tmp_path_factory):
    from search_engine.index import postings

    chunk = postings._CHUNK
    if request.param != "one chunk":  # each term's weights are found from its chunk's: many chunks, each looked up
        postings._CHUNK = 500
    try:
        engine = SearchEngine(tmp_path_factory.mktemp("postings") / "index")
        engine.index([SEEDS])
    finally:
        postings._CHUNK = chunk
    ix = open_whoosh(current_generation(engine.index_dir))
    yield ix
    ix.close()


def test_every_term_has_whooshs_documents_and_weights(seeds_index):
    """Every term held by two passages or more has whoosh's documents and weights in the arrays; a term held by one
    (whoosh keeps its posting in its term table) is left out, and the arrays say so (None: read whoosh's)."""
    from search_engine.index.postings import segment_postings
    from search_engine.index.writer import INLINE_POSTINGS

    with seeds_index.reader() as reader:
        for segment, _ in reader.leaf_readers():
            arrays = segment_postings(seeds_index.storage.folder, segment.segment().segment_id())
            assert arrays is not None and arrays.terms > 20 and arrays.rare == INLINE_POSTINGS
            checked = rare = 0
            for field, btext in segment.all_terms():
                ids, weights = _postings(segment, field, btext)
                found = arrays.get(field, btext)
                if len(ids) < INLINE_POSTINGS:
                    assert found is None and segment._terms.term_info(field, btext).is_inlined(), (field, btext)
                    rare += 1
                    continue
                assert found is not None, (field, btext)
                assert found[0].tolist() == ids and np.array_equal(found[1].astype(np.float64), weights), (field, btext)
                checked += 1
            assert checked == arrays.terms and rare > 500
            # a term the segment does not hold: empty, but for the Bloom filter's few false positives (None: whoosh's
            # term table is asked)
            absent = [arrays.get("body", f"no-such-term-{n}".encode()) for n in range(2000)]
            assert all(a is None or [len(x) for x in a] == [0, 0] for a in absent)
            assert sum(a is None for a in absent) < 60


def test_the_lengths_read_once_are_whooshs(seeds_index):
    """The field lengths the codec gives whoosh's postings writer, read once per document and field, are those
    whoosh reads for each posting."""
    from whoosh.codec.whoosh3 import W3PerDocReader

    from search_engine.index.postings import _Lengths

    segment = seeds_index._segments()[0]
    storage = segment.open_compound_file(seeds_index.storage) if segment.is_compound() else seeds_index.storage
    reader = W3PerDocReader(storage, segment)
    fast = _Lengths(reader)
    for field in ("body", "title", "footnote", "citation", "passage_id", "no_such_field"):
        for docnum in range(segment.doc_count_all()):
            assert fast.doc_field_length(docnum, field) == reader.doc_field_length(docnum, field), (field, docnum)
    reader.close()
    if storage is not seeds_index.storage:  # the compound file it opened (read from the file, not mapped)
        storage.close()


def test_a_weight_the_arrays_cannot_hold_is_left_to_whoosh(tmp_path):
    """A weight that is not a whole number below 65,536 (a boosted field's, a word said 70,000 times) is not
    written to the arrays: the term says so (None), and whoosh's postings are read for it."""
    from whoosh.fields import TEXT, Schema
    from whoosh.filedb.filestore import FileStorage

    from search_engine.index.postings import codec, segment_postings

    ix = FileStorage(str(tmp_path)).create_index(Schema(a=TEXT(field_boost=1.5), b=TEXT()))
    writer = ix.writer(codec=codec())
    writer.add_document(a="cuba berlin berlin", b="cuba " * 70_000 + "berlin")
    writer.add_document(a="", b="cuba berlin berlin")
    writer.commit()
    arrays = segment_postings(str(tmp_path), ix._segments()[0].segment_id())
    assert arrays.get("a", b"cuba") is None  # 1.5: the field's boost times one
    assert arrays.get("a", b"berlin")[1].tolist() == [3]  # 1.5 times two: a whole number
    assert arrays.get("b", b"cuba") is None  # 70,000
    ids, weights = arrays.get("b", b"berlin")
    assert ids.tolist() == [0, 1] and weights.tolist() == [1, 2]
    ix.close()


@pytest.mark.parametrize("said", [3, 255, 256, 40_000])
def test_a_chunks_weights_take_a_byte_each_when_they_fit(tmp_path, said):
    """The posting arrays' weights are one byte each in a chunk whose weights are all below 256 and two otherwise;
    either reads back as whoosh's weights."""
    from whoosh.fields import TEXT, Schema
    from whoosh.filedb.filestore import FileStorage

    from search_engine.index.postings import codec, segment_postings

    ix = FileStorage(str(tmp_path)).create_index(Schema(b=TEXT()))
    writer = ix.writer(codec=codec())
    for n in range(12):
        writer.add_document(b=f"cuba berlin word{n % 2} " + "berlin " * (said if n == 5 else n))
    writer.commit()
    arrays = segment_postings(str(tmp_path), ix._segments()[0].segment_id())
    assert arrays._chunk_widths.tolist() == [1 if said < 255 else 2]  # berlin: n + 1 times, said + 1 in passage 5
    ids, weights = arrays.get("b", b"berlin")
    assert ids.tolist() == list(range(12)) and weights.tolist() == [said + 1 if n == 5 else n + 1 for n in range(12)]
    assert arrays.get("b", b"cuba")[1].tolist() == [1] * 12
    assert arrays.get("b", b"word1")[0].tolist() == list(range(1, 12, 2))
    ix.close()


def test_the_term_table_gives_whooshs_statistics(seeds_index):
    """Every term of the lean term table (index.terms: most of them with their statistics left to the reader, in a
    table without whoosh's hash tables) is found by whoosh's look-up and has the statistics whoosh's writer counts: its
    passages, total and highest weight, first and last passage, shortest and longest field (as whoosh's length
    byte holds them); a term the segment does not hold is not found."""
    from whoosh.reading import TermNotFound
    from whoosh.util.numeric import byte_to_length, length_to_byte

    from search_engine.index.terms import LEAN, TermsCodec

    def quantized(n):
        return byte_to_length(length_to_byte(n))

    with seeds_index.reader() as reader:
        for segment, _ in reader.leaf_readers():
            assert isinstance(segment.segment().codec(), TermsCodec)
            lean = 0
            for field, btext in segment.all_terms():
                info = segment._terms.term_info(field, btext)
                ids, weights = _postings(segment, field, btext)
                assert (info.doc_frequency(), info.weight(), info.max_weight()) == (len(ids), sum(weights),
                                                                                   max(weights)), (field, btext)
                assert (info.min_id(), info.max_id()) == (ids[0], ids[-1]), (field, btext)
                assert segment.doc_frequency(field, btext) == len(ids) and segment.frequency(field, btext) == sum(weights)
                if segment.schema[field].scorable:
                    lengths = [segment.doc_field_length(d, field) for d in ids]
                    assert (info.min_length(), info.max_length()) == (quantized(min(lengths)),
                                                                      quantized(max(lengths))), (field, btext)
                key = segment._terms._keycoder(field, btext)
                lean += segment._terms._tindex[key][0] == LEAN
            assert lean > 500
            assert segment.doc_frequency("body", b"no-such-term") == 0
            with pytest.raises(TermNotFound):
                segment._terms.term_info("body", b"no-such-term")
            cursor = segment._terms.cursor("body", segment.schema["body"])
            assert cursor.term_info().doc_frequency() == segment.doc_frequency("body", cursor.text().encode())


@pytest.mark.parametrize("postings", [
    ((0,), (1,), (b"\x03",)),
    ((5, 200, 70_000, 70_001), (1, 300, 0, 2), (b"", b"\x81\x01\x02" * 100, b"\x00", b"")),
    ((1 << 31, (1 << 32) - 1), (7, 1 << 20), (b"\x7f", b"\xff" * 200 + b"\x01")),
])
def test_a_lean_entry_gives_back_its_postings(postings):
    """A term's inlined postings written as index.terms' varints read back as whoosh inlines them (document
    numbers, whole weights, each posting's encoded positions), with its statistics; a weight that is not a
    whole number keeps whoosh's entry."""
    from whoosh.codec.whoosh3 import W3TermInfo

    from search_engine.index.terms import LEAN, lean_entry, term_info

    info = W3TermInfo()
    info._minlength, info._maxlength, info._inlined = 3, 40, postings
    entry = lean_entry(info)
    assert entry[0] == LEAN
    read = term_info(entry)
    assert read.inlined_postings() == postings
    assert all(type(x) is int for x in (*read.inlined_postings()[0], *read.inlined_postings()[1]))
    assert (read.doc_frequency(), read.weight(), read.max_weight()) == (len(postings[0]), sum(postings[1]),
                                                                        max(postings[1]))
    assert (read.min_id(), read.max_id()) == (postings[0][0], postings[0][-1])
    info._inlined = (postings[0], (1.5,) * len(postings[0]), postings[2])
    assert lean_entry(info) is None


def test_the_term_table_finds_every_key_and_the_keys_after_any(tmp_path):
    """index.terms.TermTable: every key is found by its binary searches (of the sampled keys, then of a run of
    terms), with its entry whole (keys and entries longer than a read at a key's place, lengths past one byte of
    varint, an empty entry); a key not held is not found, and the keys from any key on (in every run, and past the
    last) are the table's from the first that is not less; an empty table holds nothing."""
    import random

    from whoosh.filedb.filestore import FileStorage

    from search_engine.index.terms import TermTable, TermTableReader

    rng = random.Random(7)
    keys = sorted({bytes(rng.randrange(97, 123) for _ in range(rng.choice([1, 2, 5, 12, 40, 300])))
                   for _ in range(3000)})
    table = {k: bytes(rng.randrange(256) for _ in range(rng.choice([0, 3, 12, 200, 20_000]))) for k in keys}
    storage = FileStorage(str(tmp_path))
    writer = TermTable(storage.create_file("t"))
    writer.extras["fieldmap"] = {"body": 0}
    for k in keys:
        writer.add(k, table[k])
    with pytest.raises(ValueError):
        writer.add(keys[0], b"")
    writer.close()
    reader = TermTableReader(storage.open_file("t"), storage.file_length("t"))
    assert reader.extras["fieldmap"] == {"body": 0}
    assert all(reader[k] == table[k] and k in reader for k in keys)
    assert list(reader.items()) == list(table.items()) and list(reader.keys()) == keys
    for probe in [b"", b"a", b"mz", b"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", *rng.sample(keys, 50)]:
        after = [k for k in keys if k >= probe]
        assert list(reader.keys_from(probe)) == after
        assert (probe in reader) == (probe in table) and reader.get(probe) == table.get(probe)
    with pytest.raises(KeyError):
        reader[b"{"]
    assert [reader.key_at(reader.closest_key_pos(k + b"\0")) for k in keys[:-1]] == keys[1:]  # across every run
    assert reader.closest_key_pos(keys[-1] + b"\0") is None
    reader.close()
    empty = TermTable(storage.create_file("e"))
    empty.extras["fieldmap"] = {}
    empty.close()
    reader = TermTableReader(storage.open_file("e"), storage.file_length("e"))
    assert b"a" not in reader and list(reader.keys_from(b"")) == [] and reader.closest_key_pos(b"") is None
    reader.close()


def _postings(segment, field, btext) -> tuple[list[int], list[float]]:
    """A term's passages and weights as whoosh's own matcher reads them."""
    m = segment.postings(field, btext)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights
