"""Updates that stay cheap to search: segments and document stores merged as the index changes, compaction,
and documents added or deleted through the API (published like any update, and what later updates do
with them)."""

import json

import pytest
from click.testing import CliRunner

from search_engine import Document, DocumentNotFoundError, Paragraph, SearchEngine
from search_engine.cli import main
from search_engine.index.layout import MANIFEST
from search_engine.index.merge import (
    EXPUNGE_SHARE,
    FACTOR,
    MAX_DELETED,
    SEGMENT_FLOOR,
    plan,
    tier,
)
from search_engine.index.storage import current_generation

from .conftest import SEED_000, SEED_002, SHARED

FRUS = SHARED / "corpora" / "frus"


def _files(index_dir) -> tuple[int, int]:
    """(whoosh segments, document store files) of the live generation."""
    names = json.loads((current_generation(index_dir) / MANIFEST).read_bytes())["files"]
    return sum(n.endswith(".seg") for n in names), sum(n.startswith("docs-") for n in names)


# -- the policy ------------------------------------------------------------------------------------

def test_tiers_grow_by_the_factor():
    assert [tier(n, 100) for n in (0, 99, 100, 100 * FACTOR - 1, 100 * FACTOR, 100 * FACTOR ** 2)] == [0, 0, 1, 1, 2, 3]


@pytest.mark.parametrize(("new", "existing", "merged"), [
    (10, [(5000, 5000), (40, 40)], {1}),  # the small one joins the new one; the large one stays
    (10, [(5000, 5000)], set()),  # nothing of the new one's tier
    (10, [(2000, 2000), (240, 240)], {0, 1}),  # 250 reaches the large one's tier: carried upwards
    (0, [(5000, 9000), (40, 40)], {0, 1}),  # mostly deleted: rewritten, and the small one with it
    (10, [(90_000, 90_000), (5000, 5000), (40, 40)], {2}),
    (10, [(0, 30)], {0}),  # nothing left in it
])
def test_a_new_segment_takes_in_its_tier_and_those_below(new, existing, merged):
    assert plan(new, existing, 250) == merged


def test_one_segment_per_tier_whatever_the_updates():
    segments: list[tuple[int, int]] = []
    for n in range(1, 400):
        chosen = plan(7, segments, 250)
        merged = 7 + sum(segments[i][0] for i in chosen)
        segments = [s for i, s in enumerate(segments) if i not in chosen] + [(merged, merged)]
        tiers = [tier(live, 250) for live, _ in segments]
        assert len(tiers) == len(set(tiers)), (n, segments)
    assert sum(live for live, _ in segments) == 7 * 399
    assert MAX_DELETED < 0.5


# -- merging during updates ------------------------------------------------------------------------

def test_many_single_file_updates_keep_few_segments_and_store_files(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    seed = corpus / f"{SEED_002}.txt"
    text = seed.read_text(encoding="utf-8")
    for n in range(30):
        if n % 2:
            seed.write_text(text + f"\n\nUpdate {n}: Castro spoke of Izmir.\n", encoding="utf-8")
        else:
            (corpus / f"note-{n % 5}.txt").write_text(f"Note {n}\n\nCastro spoke of Izmir, note {n}.\n", encoding="utf-8")
        engine.index()
    segments, stores = _files(engine.index_dir)
    assert segments <= 2 and stores <= 2, (segments, stores)
    rebuilt = SearchEngine(tmp_path / "rebuilt")
    rebuilt.index(corpus)
    for query in ("Castro", "Izmir", "dismantle missiles", '"special folder"'):
        assert engine.count(query) == rebuilt.count(query), query
    assert len(engine.documents()) == len(rebuilt.documents())


def test_each_segment_has_its_posting_arrays_and_a_merged_one_loses_them(tmp_path, corpus):
    """The posting arrays (index.postings) are written with every segment, new or merged, dropped with it,
    and checksummed in the manifest like whoosh's files."""
    from search_engine.index.postings import SUFFIX

    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    seed = corpus / f"{SEED_002}.txt"
    text = seed.read_text(encoding="utf-8")
    seen: set[str] = set()
    for n in range(4):
        seed.write_text(text + f"\n\nUpdate {n}: Castro spoke of Izmir.\n", encoding="utf-8")
        engine.index()
        gen = current_generation(engine.index_dir)
        arrays = {p.name for p in gen.glob("*" + SUFFIX)}
        assert arrays == {segment_id + SUFFIX for segment_id, _, _ in _segments(engine.index_dir)}
        assert arrays <= set(json.loads((gen / "MANIFEST.json").read_text())["files"])
        seen |= arrays
    assert len(seen) > len(arrays)  # segments were merged away, and their arrays with them
    assert engine.count("Izmir") == 1 and engine.count('"Castro spoke of Izmir"') == 1


def test_a_file_whose_documents_all_changed_leaves_no_dead_segment(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    for path in corpus.iterdir():
        path.write_text(path.read_text(encoding="utf-8") + "\n\nOne more paragraph.\n", encoding="utf-8")
    engine.index()
    from whoosh.index import open_dir

    ix = open_dir(str(current_generation(engine.index_dir)), indexname="MAIN")
    assert all(not s.has_deletions() for s in ix._segments())  # the old segment, wholly deleted, is gone
    ix.close()


def _segments(index_dir) -> list[tuple[str, int, bool]]:
    """(segment id, live passages, has deletions) of the live generation's whoosh segments."""
    from whoosh.index import open_dir

    ix = open_dir(str(current_generation(index_dir)), indexname="MAIN")
    try:
        return sorted((s.segment_id(), s.doc_count(), s.has_deletions()) for s in ix._segments())
    finally:
        ix.close()


def test_a_segment_keeps_its_deleted_passages_until_they_are_a_tenth_of_it(tmp_path, corpus):
    """An edited file's passages are deleted from the large segment by whoosh's list of deleted documents, not by
    rewriting it (that cost as much as building its passages again); it is rewritten, on its own, once more than
    EXPUNGE_SHARE of it is deleted, apart from the new documents' segment."""
    for n in range(12):  # 12 copies of the seeds: one segment above the lowest tier
        for seed in (SEED_000, SEED_002):
            (corpus / f"{seed}-{n}.txt").write_text((corpus / f"{seed}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    (built,) = _segments(engine.index_dir)
    assert built[1] > SEGMENT_FLOOR
    edited = corpus / f"{SEED_002}-3.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA postscript on Izmir.\n", encoding="utf-8")
    engine.index()
    first = _segments(engine.index_dir)
    assert len(first) == 2
    (kept,) = [s for s in first if s[0] == built[0]]  # the same segment, the file's passages deleted in it
    replaced = built[1] - kept[1]
    assert kept[2] and 0 < replaced <= EXPUNGE_SHARE * built[1]
    assert engine.count("postscript Izmir") == 1
    # more copies edited, until more than a tenth of the large segment is deleted: it is rewritten on its own
    edits = int(EXPUNGE_SHARE * built[1]) // replaced + 1
    for n in range(edits):
        path = corpus / f"{SEED_002}-{n}.txt"
        path.write_text(path.read_text(encoding="utf-8") + f"\nAnother postscript, {n}.\n", encoding="utf-8")
    engine.index()
    second = _segments(engine.index_dir)
    assert built[0] not in {segment_id for segment_id, _, _ in second}
    assert not any(deleted for _, _, deleted in second)
    assert engine.count("postscript Izmir") == 1 and engine.count('"Another postscript"', dedupe=False) == edits


# -- compact -----------------------------------------------------------------------------------------

def test_compact_leaves_one_segment_and_one_store_and_the_same_results(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    for n in range(4):
        (corpus / f"note-{n}.txt").write_text(f"Note {n}\n\nCastro and Izmir, note {n}.\n", encoding="utf-8")
        engine.index()
    engine.delete(SEED_000)
    before = {q: engine.search(q, limit=20).to_dict()["hits"] for q in ("Castro", "Izmir", "missiles")}
    live = current_generation(engine.index_dir)
    summary = engine.compact()
    assert summary.documents == len(engine.documents()) == 5
    assert current_generation(engine.index_dir) != live
    assert _files(engine.index_dir) == (1, 1)
    for query, hits in before.items():
        after = engine.search(query, limit=20).to_dict()["hits"]
        assert [h["passage_id"] for h in after] == [h["passage_id"] for h in hits], query
    assert engine.document(SEED_002).paragraphs  # the store was rewritten and still reads


def test_the_compact_command(tmp_path, corpus):
    SearchEngine(tmp_path / "ix").index(corpus)
    result = CliRunner().invoke(main, ["--index", str(tmp_path / "ix"), "compact"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Compacted {tmp_path / 'ix'}/: 2 documents, 45 passages, 4 footnotes (")
    data = json.loads(CliRunner().invoke(main, ["--index", str(tmp_path / "ix"), "compact", "--json"]).output)
    assert data["documents"] == 2 and data["passages"] == 45
    missing = CliRunner().invoke(main, ["--index", str(tmp_path / "none"), "compact"])
    assert missing.exit_code == 3 and "no index in" in missing.output


# -- add ---------------------------------------------------------------------------------------------

NOTE = "---\nid: note-izmir\ndate: 1962-10-27\nclassification: Secret\n---\nA note on Izmir\n\nThe Jupiter missiles at Izmir were obsolete.\n"


def test_a_text_added_without_a_file_is_searched_and_survives_updates_and_rebuilds(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    info = engine.add(NOTE)
    assert (info.doc_id, info.title, str(info.date), info.classification, info.passages) == (
        "note-izmir", "A note on Izmir", "1962-10-27", ("SECRET",), 1)
    hit = engine.search("Izmir obsolete")[0]
    assert hit.doc_id == "note-izmir" and "<mark>Izmir</mark>" in hit.snippet
    assert engine.index().documents == 3  # an update keeps it: it has no file to be missing
    (corpus / "jupiter.txt").write_text("Jupiter\n\nThe Jupiter missiles at Izmir.\n", encoding="utf-8")
    assert engine.index().documents == 4
    assert engine.index(rebuild=True).documents == 4  # a rebuild indexes it again from the previous store
    assert engine.document("note-izmir").paragraphs[0].text == "The Jupiter missiles at Izmir were obsolete."
    summary = engine.index()
    assert sum(f.files for f in summary.formats) == 3  # three files; the added document is no file
    with pytest.raises(DocumentNotFoundError, match="was added through the API: it has no source file"):
        engine.source_file("note-izmir")


def test_an_added_document_replaces_one_with_its_id_and_a_files_id_is_refused(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    engine.add("A note\n\nFirst version about Izmir.\n", doc_id="note")
    engine.add(Document("note", "A note", (Paragraph(1, "The second version of the note is about Ankara and the missiles."),)))
    assert engine.count("Izmir") == 0 and engine.count("Ankara") == 1
    assert engine.document("note").language == "en"  # detected, as for a file
    with pytest.raises(ValueError, match=f"doc_id '{SEED_002}' is the id of a document of"):
        engine.add("Text\n\nBody.\n", doc_id=SEED_002)


def test_add_all_publishes_one_generation(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    live = current_generation(engine.index_dir)
    infos = engine.add_all([NOTE, Document("card-7", "Index card 7", (Paragraph(1, "Khrushchev on Berlin."),))])
    assert [i.doc_id for i in infos] == ["note-izmir", "card-7"]
    generations = sorted(p.name for p in engine.index_dir.glob("gen-*"))
    assert len(generations) == 2 and live.name in generations  # one new generation beside the old one
    assert engine.add_all([]) == []


def test_a_first_document_can_be_added_to_no_index(tmp_path):
    engine = SearchEngine(tmp_path / "ix")
    engine.add(NOTE)
    assert engine.search("Izmir").total == 1
    assert engine.index().documents == 1  # no sources to update from: the added document stays


@pytest.mark.parametrize(("document", "kwargs", "error", "message"), [
    ("A text\n\nwith no id.\n", {}, ValueError, "doc_id is needed"),
    ("", {"doc_id": "x"}, ValueError, "has no body text"),
    (b"bytes", {"doc_id": "x"}, TypeError, "must be a Document or a str, not bytes"),
    (None, {}, TypeError, "not NoneType"),
    (Document("", "Untitled", (Paragraph(1, "Text."),)), {}, ValueError, "needs a doc_id"),
    (Document("x", "No paragraphs", ()), {}, ValueError, "needs paragraphs"),
    (Document("x", "Gaps", (Paragraph(1, "One."), Paragraph(3, "Three."))), {}, ValueError, "numbered 1, 2, 3"),
    ("Text\n\nBody.\n", {"doc_id": 5}, TypeError, "doc_id must be a str"),
])
def test_add_checks_what_it_is_given(tmp_path, document, kwargs, error, message):
    engine = SearchEngine(tmp_path / "ix")
    with pytest.raises(error, match=message):
        engine.add(document, **kwargs)
    assert not engine.exists


# -- delete ------------------------------------------------------------------------------------------

def test_a_deleted_document_stays_out_until_its_file_changes(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    castro = engine.count("Castro")
    engine.delete(SEED_000)
    assert SEED_000 not in {d.doc_id for d in engine.documents()}
    assert engine.count("Castro") < castro and engine.count("Castro", doc=SEED_002) == engine.count("Castro")
    with pytest.raises(DocumentNotFoundError):
        engine.document(SEED_000)
    assert not engine.index().modified  # its file is unchanged: it stays out
    assert engine.index(rebuild=True).documents == 1  # a rebuild remembers it too
    path = corpus / f"{SEED_000}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA postscript.\n", encoding="utf-8")
    summary = engine.index()
    assert len(summary.changed) == 1 and summary.documents == 2  # the file changed: the document is back
    assert engine.count("Castro") == castro


def test_delete_from_a_file_of_many_documents_keeps_the_others(tmp_path):
    if not (FRUS / "frus1961-63v06.xml").exists():
        pytest.skip("needs ../shared/corpora/frus")
    engine = SearchEngine(tmp_path / "ix")
    engine.index(FRUS)
    engine.delete(["frus1961-63v06-d66", "frus1961-63v06-d74"])
    ids = {d.doc_id for d in engine.documents()}
    assert len(ids) == 118 and "frus1961-63v06-d66" not in ids and "frus1961-63v06-d67" in ids
    assert engine.search("Khrushchev", doc="frus1961-63v06-d67").total > 0
    assert not engine.index().modified


def test_deleting_an_added_document_forgets_it(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    engine.add(NOTE)
    engine.delete("note-izmir")
    assert engine.count("Izmir") == 0
    assert engine.index(rebuild=True).documents == 2


def test_delete_needs_a_document_the_index_holds(tmp_path, corpus):
    engine = SearchEngine(tmp_path / "ix")
    engine.index(corpus)
    live = current_generation(engine.index_dir)
    with pytest.raises(DocumentNotFoundError, match=r"no document 'nope' in .* \(see documents\(\)\)"):
        engine.delete([SEED_000, "nope"])
    assert current_generation(engine.index_dir) == live  # nothing published
    with pytest.raises(ValueError, match="doc_id must name at least one document"):
        engine.delete([])
    with pytest.raises(TypeError, match="doc_id must"):
        engine.delete(None)
