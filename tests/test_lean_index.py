"""A lean index reads as the full one did: rare terms' postings inlined in whoosh's term table, each segment's
per-passage arrays beside it (index.arrays), the document's display data stored on its first passage only."""

from __future__ import annotations

import json

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN

from search_engine import SearchEngine
from search_engine.index.arrays import SUFFIX, segment_arrays
from search_engine.index.schema import DOCUMENT_META
from search_engine.query.columns import column_values
from search_engine.search.scores import Scorer
from tests.conftest import SEED_002


def _live(engine):
    gen = engine._acquire()
    gen.release()
    return gen


def test_rare_terms_are_inlined_and_scored_as_whoosh_scores_them(engine):
    gen = _live(engine)
    with gen.searcher() as searcher:
        reader = searcher.reader()
        rare = [t for t, info in ((t, reader.term_info("body", t)) for t in reader.lexicon("body"))
                if info.doc_frequency() == 1][:50]
        assert rare
        leaf = next(iter(reader.leaf_readers()))[0]
        assert all(leaf._terms.term_info("body", t).is_inlined() for t in rare)
        scorer = Scorer(searcher)
        for t in rare:
            text = t.decode("utf-8")
            expected = {d: s for s, d in searcher.search(wq.Term("body", text), limit=None).top_n}
            found = scorer.term("body", text)
            assert found.ids.tolist() == sorted(expected), text
            assert np.allclose(found.scores, [expected[d] for d in found.ids.tolist()], rtol=1e-9, atol=0), text


def test_a_phrase_of_a_word_written_once_is_found(engine):
    gen = _live(engine)
    with gen.searcher() as searcher:
        reader = searcher.reader()
        once = {t.decode("utf-8") for t in reader.lexicon("body")
                if t[:1] == b"=" and reader.doc_frequency("body", t) == 1 and t[1:].isalpha() and len(t) > 6}
    document = engine.document(SEED_002)
    for p in document.paragraphs:
        words = p.text.split()
        pairs = [(a, b) for a, b in zip(words, words[1:], strict=False)
                 if a.isalpha() and b.isalpha() and "=" + b.lower() in once]
        if pairs:
            a, b = pairs[0]
            hits = engine.search(f'"{a} {b}"', limit=5, dedupe=False).hits
            assert any(h.passage_id == document.passage_id(p.number) for h in hits), (a, b)
            return
    raise AssertionError("no phrase with a word written once in the seed")


def test_each_segment_has_its_arrays_and_they_are_whoosh_columns(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "index")
    engine.index([corpus])
    (corpus / "added.txt").write_text("A memorandum on Berlin\n\nThe allies discussed Berlin access.\n\n"
                                      "A second paragraph about the quokka.\n", encoding="utf-8")
    engine.index()  # a new segment (merged or not with the first, as the merge policy decides)
    gen = _live(engine)
    with gen.searcher() as searcher:
        reader = searcher.reader()
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        assert {p.name for p in gen.path.glob("*" + SUFFIX)} == {leaf.segment().segment_id() + SUFFIX
                                                                 for leaf in leaves}
        for leaf in leaves:
            arrays = segment_arrays(leaf)
            assert arrays is not None
            codes, names = arrays.coded("doc_id")
            whoosh = [v.decode() if isinstance(v, bytes) else v for v in leaf.column_reader("doc_id")]
            assert [names[c] for c in codes] == whoosh
            assert arrays.numbers("paragraph").tolist() == list(leaf.column_reader("paragraph"))
            lengths = leaf._perdoc._cached_reader("_body_len", LENGTHS_COLUMN)
            assert arrays.lengths("body").tolist() == [lengths[i] for i in range(leaf.doc_count_all())]
        assert list(column_values(reader, "doc_id")) == [d for leaf in leaves for d in
                                                         (v.decode() if isinstance(v, bytes) else v
                                                          for v in leaf.column_reader("doc_id"))]
    assert engine.search("quokka").hits[0].paragraph == 2
    engine.compact()  # one segment: the arrays of the merged ones are gone
    assert len(list(_live(engine).path.glob("*" + SUFFIX))) == 1
    assert engine.search("quokka").hits[0].paragraph == 2


@pytest.mark.parametrize("save", [np.savez, np.savez_compressed])
def test_a_segments_arrays_are_views_of_the_file_where_they_are_stored_as_they_are(tmp_path, save):
    """np.savez stores each array as it is: it is read as a view of the mapped file (read-only, nothing copied);
    a compressed member is read as np.load reads it. Either way the values are np.load's."""
    from search_engine.index.arrays import SegmentArrays

    arrays = {"doc_id.codes": np.array([0, 2, 1, 2], np.int32), "paragraph": np.arange(4, dtype=np.int64) + 1,
              "body.lengths": np.array([3, 0, 255, 7], np.uint8), "wide": np.arange(6).reshape(2, 3),
              "fortran": np.asfortranarray(np.arange(6).reshape(2, 3)), "empty": np.empty(0, np.int64)}
    path = tmp_path / ("MAIN_x" + SUFFIX)
    with open(path, "wb") as f:
        save(f, **arrays)
    read = SegmentArrays(path)
    for name, value in arrays.items():
        got = read.get(name)
        assert got.dtype == value.dtype and got.shape == value.shape and np.array_equal(got, value)
        assert not got.flags.writeable or save is np.savez_compressed
    assert read.get("missing") is None


def test_document_fields_are_stored_once_and_every_hit_carries_them(engine):
    from search_engine.search.hits import passage_fields

    gen = _live(engine)
    document = engine.document(SEED_002)
    with gen.searcher() as searcher:
        stored = {passage_fields(searcher, d)["passage_id"]: json.loads(searcher.stored_fields(d).get("meta", "{}"))
                  for d in searcher.document_numbers(doc_id=SEED_002)}
    assert DOCUMENT_META[0] in stored[document.passage_id(1)]
    assert not any(key in meta for p, meta in stored.items() if p != document.passage_id(1) for key in DOCUMENT_META)
    later = [h for h in engine.search("Pavlov", limit=50, dedupe=False, context=1) if h.doc_id == SEED_002
             and h.paragraph > 1]
    assert later
    for hit in later:
        assert (hit.title, hit.date, hit.citation, hit.source) == (document.title, document.date, document.citation,
                                                                  document.source)
        assert [p.paragraph for p in hit.before] == [hit.paragraph - 1]


def test_a_passage_stores_no_id_and_nothing_when_it_has_nothing_of_its_own(engine):
    """A passage's id is read from the doc_id and paragraph columns; a passage whose meta would be empty (its
    page, language and notes are its first passage's) and that ends no chunk of texts stores nothing at all."""
    from search_engine.search.hits import passage_fields

    gen = _live(engine)
    empty = 0
    with gen.searcher() as searcher:
        for info in engine.documents():
            document = engine.document(info.doc_id)
            for d in searcher.document_numbers(doc_id=info.doc_id):
                stored = searcher.stored_fields(d)
                assert "passage_id" not in stored
                fields = passage_fields(searcher, d)
                assert fields["passage_id"] == document.passage_id(fields["paragraph"])
                assert fields["body"] == document.paragraphs[fields["paragraph"] - 1].text
                empty += not stored
                assert stored.get("meta") != "{}"
    assert empty >= 10
    hit = engine.search("Pavlov", limit=1, context=1).hits[0]
    assert hit.passage_id == f"{hit.doc_id}#p{hit.paragraph}"


def _marker(n: int) -> str:
    """A word only paragraph ``n`` holds: its digits as letters (33 -> "ddquorx")."""
    return "".join(chr(ord("a") + int(c)) for c in str(n)) + "quorx"


def test_passage_texts_are_stored_together_and_each_hit_reads_its_own(tmp_path):
    """A document's passage texts are stored TEXTS_CHUNK at a time on the last passage of each chunk, nowhere else;
    each passage, and its neighbours across a chunk's end, read their own text."""
    from search_engine.index.schema import TEXTS_CHUNK
    from search_engine.search.hits import passage_fields

    count = 2 * TEXTS_CHUNK + 5
    (tmp_path / "cables").mkdir()
    (tmp_path / "cables" / "long-cable.txt").write_text("".join(
        f"The embassy reported on the {_marker(n)} proposal that the talks went on without result, and the "
        f"delegation asked for instructions before the next meeting.\n\n" for n in range(1, count + 1)),
        encoding="utf-8")
    engine = SearchEngine(tmp_path / "index")
    engine.index([tmp_path / "cables"])
    [info] = engine.documents()
    document = engine.document(info.doc_id)
    texts = [p.text for p in document.paragraphs]
    assert len(texts) == count and _marker(TEXTS_CHUNK + 1) in texts[TEXTS_CHUNK]
    gen = _live(engine)
    with gen.searcher() as searcher:
        numbers = sorted(searcher.document_numbers(doc_id=document.doc_id))
        stored = [searcher.stored_fields(d) for d in numbers]
        assert not any("body" in s for s in stored)
        chunks = [(n, s["texts"]) for n, s in enumerate(stored, 1) if "texts" in s]
        assert [n for n, _ in chunks] == [TEXTS_CHUNK, 2 * TEXTS_CHUNK, count]
        assert [t for _, chunk in chunks for t in chunk] == texts
        assert stored[0]["passages"] == count
        for n, d in enumerate(numbers, 1):
            fields = passage_fields(searcher, d)
            assert fields["body"] == texts[n - 1]
            assert [fields["texts"].get(m) for m in (n - 1, n + 1)] == [
                texts[m - 1] if 1 <= m <= count else None for m in (n - 1, n + 1)]
    for n in (TEXTS_CHUNK, TEXTS_CHUNK + 1, count):
        [hit] = engine.search(_marker(n), context=1).hits
        assert (hit.paragraph, hit.text) == (n, texts[n - 1])
        assert [(p.paragraph, p.text) for p in (*hit.before, *hit.after)] == [
            (m, texts[m - 1]) for m in (n - 1, n + 1) if m <= count]


def test_a_passage_reads_its_page_language_and_notes_as_its_document_gives_them(engine):
    """A passage's meta leaves out its page and language when its document's first passage has the same, and its
    notes when it cites none (index.schema.INHERITED); every hit and every neighbour still reads its own."""
    from search_engine.search.hits import passage_fields

    gen = _live(engine)
    left_out = 0
    with gen.searcher() as searcher:
        for info in engine.documents():
            document = engine.document(info.doc_id)
            notes = {f.number: f.text for f in document.footnotes}
            for d in searcher.document_numbers(doc_id=info.doc_id):
                fields = passage_fields(searcher, d)
                own = json.loads(searcher.stored_fields(d).get("meta", "{}"))
                paragraph = document.paragraphs[fields["paragraph"] - 1]
                left_out += len({"page", "language", "footnotes"} - own.keys())
                assert fields["meta"]["page"] == paragraph.page, (info.doc_id, paragraph.number)
                assert fields["meta"]["language"], (info.doc_id, paragraph.number)
                if paragraph.number > 1:
                    assert [n["text"] for n in fields["meta"]["footnotes"]] == [
                        notes[n] for n in paragraph.footnotes if n in notes], (info.doc_id, paragraph.number)
    assert left_out > 100
    paged = [h for h in engine.search("Khrushchev", limit=30, dedupe=False, context=1) if h.paragraph > 1]
    for hit in paged:
        document = engine.document(hit.doc_id)
        assert hit.page == document.paragraphs[hit.paragraph - 1].page
        assert [p.page for p in (*hit.before, *hit.after)] == [
            document.paragraphs[p.paragraph - 1].page for p in (*hit.before, *hit.after)]


def test_the_store_leaves_a_files_passage_texts_to_whoosh(tmp_path, corpus):
    """A document read from a file is stored without its passages' texts (whoosh's stored fields hold them) and
    reads back whole; a document added through the API keeps them in the store (no file holds them)."""
    import zlib

    from search_engine.model import Document, Paragraph

    engine = SearchEngine(tmp_path / "index")
    engine.index([corpus])
    engine.add(Document(doc_id="added-note", title="A note added by hand",
                        paragraphs=(Paragraph(1, "Kennedy spoke with the ambassador."),
                                    Paragraph(2, "The ambassador answered at once."))))
    gen = _live(engine)
    catalog = gen.catalog()
    for doc_id, entry in catalog.documents.items():
        name, offset, length = entry["store"]
        with open(gen.path / name, "rb") as f:
            f.seek(offset)
            stored = json.loads(zlib.decompress(f.read(length)))
        document = engine.document(doc_id)
        if doc_id == "added-note":
            assert [p["text"] for p in stored["paragraphs"]] == [p.text for p in document.paragraphs]
            continue
        assert not any("text" in p for p in stored["paragraphs"]), doc_id
        assert all(p.text for p in document.paragraphs) and len(document.paragraphs) == len(stored["paragraphs"])
    from search_engine.ingest.readers import read_documents

    for path in sorted(corpus.iterdir()):
        for parsed in read_documents(str(path)):
            if parsed.doc_id in catalog.documents:
                assert engine.document(parsed.doc_id).paragraphs == parsed.paragraphs, parsed.doc_id


@pytest.mark.parametrize("distinct", [3, 300, 70_000])
def test_a_references_column_keeps_every_value_however_many_there_are(tmp_path, distinct):
    """index.columns.References: whoosh's RefBytesColumn turns the 65,536th distinct value of a segment and every
    later one into b"" (a segment of that many documents would lose their ids); each value reads back here, in
    one, two or four bytes a passage."""
    from whoosh.filedb.filestore import FileStorage

    from search_engine.index.columns import References

    values = [f"doc-{i % distinct:06d}".encode() for i in range(75_000)]
    values[7] = b""  # a passage without a value
    storage = FileStorage(str(tmp_path))
    column = References()
    with storage.create_file("c") as f:
        writer = column.writer(f)
        for docnum, value in enumerate(values):
            if value:
                writer.add(docnum, value)
        writer.finish(len(values))
    length = storage.file_length("c")
    with storage.open_file("c") as f:
        reader = column.reader(f, 0, length, len(values))
        assert list(reader) == values
        assert [reader[i] for i in (0, 7, 8, len(values) - 1)] == [values[i] for i in (0, 7, 8, len(values) - 1)]
    assert length < len(values) * (1 if distinct < 256 else 2 if distinct < 65_536 else 4) + (distinct + 1) * 12 + 8


class _Segment:
    def __init__(self, segment_id: str, values: list[str]):
        self.id, self.values = segment_id, values

    def segment(self):
        return self

    def segment_id(self):
        return self.id

    def doc_count_all(self):
        return len(self.values)


class _Arrays:
    def __init__(self, values: list[str]):
        self.names = sorted(set(values))
        self.codes = np.asarray([self.names.index(v) for v in values], np.int32)

    def coded(self, name):
        return self.codes, self.names


class _Reader:
    def __init__(self, *segments):
        self.segments = segments

    def leaf_readers(self):
        return [(s, 0) for s in self.segments]


@pytest.mark.parametrize("small", [
    ["d2", "d2", "d5"],  # an update's segment: documents the largest names already (their old passages deleted)
    ["d0", "d9", "d3"],  # new documents, before, after and among the largest's
    [],
])
def test_a_column_of_several_segments_gives_each_passage_its_value_and_the_names_sorted(monkeypatch, small):
    import search_engine.index.arrays as arrays_module
    from search_engine.query.columns import coded_column

    large = ["d1", "d2", "d2", "d4", "d5", "d5", "d5", "d7"]
    segments = [_Segment("a", large), _Segment("b", small), _Segment("c", ["d4"])]
    monkeypatch.setattr(arrays_module, "segment_arrays", lambda leaf: _Arrays(leaf.values))
    codes, names = coded_column(_Reader(*segments), "doc_id")
    assert names == sorted(set(large + small + ["d4"]))
    assert [names[c] for c in codes.tolist()] == large + small + ["d4"]
    assert codes.dtype == np.int32
