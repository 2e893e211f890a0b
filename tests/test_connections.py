"""Connections between documents: references resolved against the index, copies and versions grouped, records of
the same protocol aligned, "more like this"."""

from __future__ import annotations

import html
import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main

from .conftest import SEEDS, SHARED

ROOT = Path(__file__).resolve().parent
RU = ROOT / "fixtures" / "ru"
TRANSLATIONS = ROOT / "fixtures" / "translations"
FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
needs_frus = pytest.mark.skipif(not FRUS.exists(), reason="needs ../shared/corpora/frus")
SEED_000, SEED_002 = "000_17656c3dbdfa3f82", "002_54cc86d0ab452d54"


def _copies_of_seed_000(folder: Path) -> None:
    """Seed 000 saved as a web page, an OCR'd copy (3% of its letters misread) and its first 60%."""
    text = (SEEDS / f"{SEED_000}.txt").read_text(encoding="utf-8")
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    body = "".join(f"<p>{html.escape(b)}</p>\n" for b in blocks)
    (folder / "document29.html").write_text(f"<!DOCTYPE html><html lang='en'><head><title>Document 29</title></head>"
                                            f"<body><main>{body}</main></body></html>", encoding="utf-8")
    rng = random.Random(3)
    noisy = "".join(rng.choice("il1rnmce") if c.isalpha() and rng.random() < 0.03 else c for c in text)
    (folder / "document29_ocr.txt").write_text(noisy, encoding="utf-8")
    (folder / "document29_short.txt").write_text("\n\n".join(blocks[:len(blocks) * 6 // 10]), encoding="utf-8")


def write_connections_corpus(folder):
    """Write the corpus of these tests into ``folder``: ``seeds/`` (with three copies of seed 000) and ``ru/``."""
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copytree(RU, folder / "ru")
    (folder / "ru" / "letter_bilingual.md").unlink()
    for translation in TRANSLATIONS.glob("*.txt"):
        shutil.copy(translation, folder / "ru")
    _copies_of_seed_000(folder / "seeds")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds, three copies of seed 000, and protocol 63 in Russian with two English translations."""
    folder = tmp_path_factory.mktemp("connections")
    write_connections_corpus(folder)
    engine = SearchEngine(folder / "index")
    engine.index([folder / "seeds", folder / "ru"])
    return engine


def test_seeds_000_and_002_are_records_of_the_same_protocol_not_copies(corpus):
    seed_000 = corpus.connections(SEED_000)
    record = next(link for link in seed_000.records if link.doc_id == SEED_002)
    assert record.detail == "Protocol 63"
    assert record.section == "IX. On the instructions to Cde. Pavlov"
    assert record.section_paragraphs == (20, 25)
    assert SEED_002 not in {link.doc_id for link in seed_000.copies}
    # "Familiarize Comrade Pavlov with this telegram" aligns with a paragraph of 002 naming Pavlov
    assert any(a == 20 and "Pavlov" in corpus.document(SEED_002).paragraphs[b - 1].text for a, b in record.alignment)


def test_copies_of_one_text_are_one_group(corpus):
    copies = {link.doc_id: link.relation for link in corpus.connections(SEED_000).copies}
    assert copies == {"document29": "same text", "document29_ocr": "same text", "document29_short": "excerpt"}
    assert {link.doc_id for link in corpus.connections("document29_short").copies} >= {SEED_000, "document29"}


def test_translations_are_versions_and_002_a_record_of_the_same_protocol(corpus):
    versions = {link.doc_id: link.detail for link in corpus.connections("protocol_63_ru").copies}
    assert versions == {"protocol_63_en_literal": "translation", "protocol_63_en_free": "translation"}
    assert {link.relation for link in corpus.connections("protocol_63_en_free").copies} == {"version"}
    assert SEED_002 in {link.doc_id for link in corpus.connections("protocol_63_ru").records}


def test_search_shows_one_hit_per_group_with_also_in(corpus):
    results = corpus.search("dismantle remove long-range missiles neutral observers", limit=10)
    group = {SEED_000, "document29", "document29_ocr", "document29_short"}
    shown = [h for h in results if h.doc_id in group]
    assert len({h.doc_id for h in shown}) == 1
    assert {link.doc_id for link in shown[0].also_in} == group - {shown[0].doc_id}
    every = corpus.search("dismantle remove long-range missiles neutral observers", limit=20, dedupe=False)
    assert len({h.doc_id for h in every if h.doc_id in group}) > 1
    assert every.total > results.total


def test_references_resolve_against_the_index(corpus):
    refs = corpus.connections(SEED_000).references
    protocol = next(links for ref, links in refs if ref.text == "Protocol No. 63")
    assert {link.doc_id for link in protocol} >= {SEED_002, "protocol_63_ru"}
    cited_by = corpus.connections(SEED_002).cited_by
    assert any(link.doc_id == SEED_000 and link.reference.paragraph == 2 for link in cited_by)


def test_json_carries_the_connections(corpus):
    result = CliRunner().invoke(main, ["show", SEED_000, "--index", str(corpus.index_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["connections"]
    assert data["records"][0]["section"].startswith("IX.")
    assert {c["relation"] for c in data["copies"]} == {"same text", "excerpt"}
    hits = json.loads(CliRunner().invoke(main, ["search", "Familiarize Comrade Pavlov", "--json", "--index",
                                                str(corpus.index_dir)]).output)["hits"]
    assert any(h["also_in"] for h in hits)


def test_show_prints_what_a_document_cites_and_its_related_records(corpus):
    result = CliRunner().invoke(main, ["show", SEED_000, "--index", str(corpus.index_dir)])
    assert result.exit_code == 0
    assert "Cites\n  ¶2         Protocol No. 63 → 002_54cc86d0ab452d54" in result.output
    assert "Related records" in result.output and "corresponds to 'IX. On the instructions to Cde. Pavlov'" in result.output
    assert "Copies and versions" in result.output


def test_search_no_dedupe_shows_every_copy(corpus):
    args = ["search", "Familiarize Comrade Pavlov with this telegram", "--index", str(corpus.index_dir)]
    grouped = CliRunner().invoke(main, args)
    assert grouped.exit_code == 0 and "also in: " in grouped.output
    every = CliRunner().invoke(main, args + ["--no-dedupe"])
    assert every.exit_code == 0 and "also in: " not in every.output
    assert every.output.count("Cuban Missile Crisis, Document 29") > grouped.output.count("Cuban Missile Crisis, Document 29")


def test_related_leaves_out_the_source_and_its_copies(corpus):
    results = corpus.related(SEED_000, limit=5)
    assert results.terms and all(h.doc_id not in {SEED_000, "document29", "document29_ocr", "document29_short"}
                                 for h in results)
    # each hit says why: the words it shares, or (protocol 63 in Russian and its translations) being a record
    # of the same protocol, which seed 000's "Protocol No. 63" also cites
    assert all(h.shared or h.link for h in results)
    russian = next(h for h in results if h.doc_id in {"protocol_63_ru", "protocol_63_en_free", "protocol_63_en_literal"})
    assert russian.link.relation == "record" and russian.link.detail == "Protocol 63"
    assert {link.doc_id for link in russian.also_in} == {"protocol_63_ru", "protocol_63_en_free",
                                                         "protocol_63_en_literal"} - {russian.doc_id}
    assert len({h.doc_id for h in results} & {"protocol_63_ru", "protocol_63_en_free", "protocol_63_en_literal"}) == 1
    passage = corpus.related(f"{SEED_002}#p20", limit=3)
    assert passage.source == f"{SEED_002}#p20" and passage.hits
    # item IX of the session's notes is what seed 000 extracts: the record comes with the section
    extract = next(h for h in passage if h.doc_id == SEED_000)
    assert extract.link.relation == "record" and extract.link.section.startswith("IX.")


def test_related_command(corpus):
    result = CliRunner().invoke(main, ["related", f"{SEED_002}#p20", "-n", "2", "--index", str(corpus.index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Searched the words and names that stand out in {SEED_002}#p20: ")
    assert "shares: " in result.output
    missing = CliRunner().invoke(main, ["related", "nope", "--index", str(corpus.index_dir)])
    assert missing.exit_code == 1 and "no document 'nope'" in missing.output


def test_an_update_regroups_what_changed(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(SEEDS, folder)
    engine = SearchEngine(tmp_path / "index")
    engine.index([folder])
    assert not engine.connections(SEED_000).copies
    _copies_of_seed_000(folder)
    engine.index()
    assert len(engine.connections(SEED_000).copies) == 3
    (folder / "document29_ocr.txt").unlink()
    engine.index()
    assert {link.doc_id for link in engine.connections(SEED_000).copies} == {"document29", "document29_short"}


def _links_of(engine) -> dict:
    """The connections of the engine's live generation, and the catalog entries its store holds for the links."""
    import sqlite3

    from search_engine.index.storage import current_generation, load_connections

    gen = current_generation(engine.index_dir)
    db = sqlite3.connect(gen / "links.sqlite")
    try:
        documents = {d: json.loads(s) for d, s in db.execute("SELECT doc_id, summary FROM documents")}
    finally:
        db.close()
    catalog = json.loads((gen / "catalog.json").read_text(encoding="utf-8"))["documents"]
    assert documents == {d: {k: v for k, v in e.items() if k != "store"} for d, e in catalog.items()}
    return {**load_connections(gen)[1], "documents": documents}


@pytest.mark.parametrize("change", ["append to a record", "remove a copy", "add a version", "edit a translation"])
def test_an_update_connects_as_a_fresh_build_does(tmp_path, change):
    """An update compares again only the pairs with a changed document: what it finds is what a build of the same
    files from nothing finds (copies, versions, records, references, groups)."""
    folder = tmp_path / "src"
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copytree(RU, folder / "ru")
    (folder / "ru" / "letter_bilingual.md").unlink()
    translations = sorted(TRANSLATIONS.glob("*.txt"))
    for translation in translations[1:]:
        shutil.copy(translation, folder / "ru")
    _copies_of_seed_000(folder / "seeds")
    engine = SearchEngine(tmp_path / "index")
    engine.index([folder])
    before = _links_of(engine)
    if change == "append to a record":
        with open(folder / "seeds" / f"{SEED_002}.txt", "a", encoding="utf-8") as f:
            f.write("\n\nX. On the instructions to Cde. Pavlov: Familiarize Comrade Pavlov with the telegram.\n")
    elif change == "remove a copy":
        (folder / "seeds" / "document29_ocr.txt").unlink()
    elif change == "add a version":
        shutil.copy(translations[0], folder / "ru")
    else:
        edited = folder / "ru" / translations[1].name
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text[:len(text) // 2], encoding="utf-8")
    summary = engine.index()
    assert summary.added or summary.changed or summary.removed
    fresh = SearchEngine(tmp_path / "fresh")
    fresh.index([folder])
    after = _links_of(engine)
    assert after == _links_of(fresh)
    assert after != before


@needs_frus
def test_an_update_resolves_references_as_a_fresh_build_does(tmp_path):
    """A letter added on a day the volume's references name ("your letter of October 26") and a document with a
    number they cite: the unchanged documents' references that could find them are resolved again, the others
    kept, and the connections are those of a fresh build."""
    extra = tmp_path / "extra"
    extra.mkdir()
    engine = SearchEngine(tmp_path / "index")
    (extra / "note.txt").write_text("---\nid: note-1\ntitle: A note\n---\n\nNothing to connect.\n", encoding="utf-8")
    engine.index([FRUS, extra])
    before = _links_of(engine)
    (extra / "letter.txt").write_text(
        "---\nid: letter-26-october\ntitle: Letter From Chairman Khrushchev to President Kennedy\n"
        "date: 1962-10-26\n---\n\nDear Mr. President, I have received your letter of October 25.\n", encoding="utf-8")
    (extra / "d59.txt").write_text("---\nid: frus1961-63v11-d59\ntitle: Memorandum for the Record\ndate: 1962-10-27\n"
                                   "---\n\nThe message from Khrushchev was discussed.\n", encoding="utf-8")
    engine.index()
    fresh = SearchEngine(tmp_path / "fresh")
    fresh.index([FRUS, extra])
    after = _links_of(engine)
    assert after == _links_of(fresh)
    assert after["cited_by"] != before["cited_by"]


@needs_frus
def test_frus_references_resolve_and_a_missing_volume_resolves_once_indexed(tmp_path):
    engine = SearchEngine(tmp_path / "index")
    engine.index([FRUS])
    d66 = engine.connections("frus1961-63v06-d66")
    # Kennedy's reply of 27 October (d67) cites Khrushchev's letter of the same day (d66)
    assert any(link.doc_id == "frus1961-63v06-d66" for ref, links in engine.connections("frus1961-63v06-d67").references
               for link in links)
    other = next(links for ref, links in d66.references if ref.doc_id == "frus1961-63v11-d59")
    assert other == ()
    extra = tmp_path / "v11"
    extra.mkdir()
    (extra / "d59.txt").write_text("---\nid: frus1961-63v11-d59\ntitle: Memorandum for the Record\ndate: 1962-10-27\n"
                                   "---\n\nThe message from Khrushchev was discussed.\n", encoding="utf-8")
    engine.index([extra])
    other = next(links for ref, links in engine.connections("frus1961-63v06-d66").references
                 if ref.doc_id == "frus1961-63v11-d59")
    assert [link.doc_id for link in other] == ["frus1961-63v11-d59"]


@pytest.fixture(scope="module")
def frus(tmp_path_factory):
    if not FRUS.exists():
        pytest.skip("needs ../shared/corpora/frus")
    engine = SearchEngine(tmp_path_factory.mktemp("frus") / "index")
    engine.index([FRUS])
    return engine


def test_related_to_khrushchevs_letter_of_27_october_finds_the_crisis_letters(frus):
    results = frus.related("frus1961-63v06-d66", limit=10)
    found = [h.doc_id for h in results]
    assert {"frus1961-63v06-d67", "frus1961-63v06-d68", "frus1961-63v06-d70"} <= set(found)
    assert found[0] == "frus1961-63v06-d70"
    # before anything else: the ten are the letters and telegrams of the crisis, 22 October to 22 November 1962
    assert all("1962-10-22" <= h.date.iso <= "1962-11-22" for h in results), [(h.doc_id, h.date) for h in results]
    limited = frus.related("frus1961-63v06-d66", limit=5, date_from="1962-10-20", date_to="1962-11-30")
    assert all("1962-10-20" <= h.date.iso <= "1962-11-30" for h in limited)


def test_related_is_not_a_rule_for_one_letter(frus):
    """Other letters find their own correspondence: the IL-28 messages of November 1962 for d79, the Berlin
    and German peace treaty letters of 1961-62 for d27, the exchange of April 1961 for d11 (Bay of Pigs)."""
    d79 = frus.related("frus1961-63v06-d79", limit=5)
    assert all("1962-10-28" <= h.date.iso <= "1962-12-31" for h in d79)
    assert all(any(s.startswith("Cuban missile crisis") for s in h.shared_subjects) for h in d79)
    d27 = frus.related("frus1961-63v06-d27", limit=5)
    assert all(any(s.startswith(("Berlin", "Germany")) for s in h.shared_subjects) for h in d27)
    d11 = [h.doc_id for h in frus.related("frus1961-63v06-d11", limit=5)]
    assert d11[:2] == ["frus1961-63v06-d10", "frus1961-63v06-d9"] and "frus1961-63v06-d8" in d11


def test_related_hits_say_why(frus):
    results = frus.related("frus1961-63v06-d66", limit=10)
    assert results.date == "1962-10-27"
    d70 = results[0]
    assert d70.link.relation == "cites" and d70.link.reference.text == "my message to you of October 27"
    assert "Turkey" in d70.shared and "Cuban missile crisis: Turkish missile quid pro quo" in d70.shared_subjects
    assert results.when(d70) == "1 day after"
    d65 = next(h for h in results if h.doc_id == "frus1961-63v06-d65")  # the telegram of the day before
    assert results.when(d65) == "1 day before"
    assert d65.link.relation == "cited with" and d65.link.doc_id == "frus1961-63v06-d67"
    data = json.loads(CliRunner().invoke(main, ["related", "frus1961-63v06-d66", "-n", "2", "--json", "--index",
                                                str(frus.index_dir)]).output)
    assert data["date"] == "1962-10-27" and data["hits"][0]["link"]["relation"] == "cites"
    assert data["hits"][0]["shared_subjects"][0].startswith("Cuban missile crisis")
    printed = CliRunner().invoke(main, ["related", "frus1961-63v06-d66", "-n", "1", "--index", str(frus.index_dir)])
    assert printed.exit_code == 0
    assert "score 1.97 · 1 day after" in printed.output
    assert "   cites frus1961-63v06-d66 in ¶2 (“my message to you of October 27”)" in printed.output
    assert "   index: Cuban missile crisis: Turkish missile quid pro quo" in printed.output


def test_filters_choose_among_the_related_documents_without_reordering_them(frus):
    every = [h.doc_id for h in frus.related("frus1961-63v06-d66", limit=120)]
    dates = {d.doc_id: d.date.iso if d.date else None for d in frus.documents()}
    kept = [h.doc_id for h in frus.related("frus1961-63v06-d66", limit=120, date_from="1962-11", date_to="1962-12")]
    assert kept == [d for d in every if dates[d] and "1962-11" <= dates[d][:7] <= "1962-12"]
    secret = frus.related("frus1961-63v06-d66", limit=5, classification="secret")
    assert secret.hits and all("SECRET" in h.classification for h in secret)


def test_a_profile_of_an_older_build_is_made_again(frus, tmp_path):
    """Profiles kept from a build before they carried index headings are made again from the stored documents."""
    from search_engine.index.catalog import load_catalog
    from search_engine.index.storage import current_generation, load_connections
    from search_engine.index.writer import _profiles_from

    gen = current_generation(frus.index_dir)
    old = load_connections(gen)[0]
    for entry in old.values():
        del entry["version"], entry["subjects"]
    profiles = _profiles_from(old, {}, load_catalog(gen), gen)
    d66 = profiles["frus1961-63v06-d66"]
    assert d66["subjects"]["Cuban missile crisis: Turkish missile quid pro quo, Khrushchev on"] == 15  # ¶5-19
    assert d66["paragraphs"] == 19


def test_an_update_that_fills_a_bucket_past_its_cap_connects_as_a_fresh_build_does(tmp_path, monkeypatch):
    """A fourth copy of one text makes each band's bucket of its copies larger than the cap (here 3): no pair
    in it is a candidate any more, not even the unchanged ones, so the update connects every document again.
    The copies of one text (one MinHash signature) stay the same text whatever the buckets."""
    from search_engine.index import connections

    monkeypatch.setattr(connections, "_BUCKET_CAP", 3)
    updated = []
    update_links = connections.update_links
    monkeypatch.setattr(connections, "update_links", lambda *args: updated.append(update_links(*args)) or updated[-1])
    folder = tmp_path / "src"
    shutil.copytree(SEEDS, folder)
    text = (SEEDS / f"{SEED_000}.txt").read_text(encoding="utf-8")
    for name in ("copy_a", "copy_b"):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    engine = SearchEngine(tmp_path / "index")
    engine.index([folder])
    assert {link.doc_id for link in engine.connections(SEED_000).copies} == {"copy_a", "copy_b"}
    (folder / "copy_c.txt").write_text(text, encoding="utf-8")
    engine.index()
    fresh = SearchEngine(tmp_path / "fresh")
    fresh.index([folder])
    assert updated == [False]  # connected again from every document's profile
    assert _links_of(engine) == _links_of(fresh)
    # four files of one text are the same text (before format 16, a full bucket left them versions only, by
    # their paragraphs that align: the 256 copies of a file had no copies at all)
    assert {(link.doc_id, link.relation, link.similarity) for link in engine.connections(SEED_000).copies} == {
        (name, "same text", 1.0) for name in ("copy_a", "copy_b", "copy_c")}


def test_a_search_reads_the_connections_of_its_documents_as_the_whole_store_gives_them(corpus):
    """The connections a query reads a document at a time from the store are those of the whole store read at once."""
    from search_engine.index.layout import LINKS
    from search_engine.index.linkstore import LinkReader
    from search_engine.index.storage import current_generation, load_connections
    from search_engine.search.links import Links

    gen = current_generation(corpus.index_dir)
    documents = {d.doc_id: {"doc_id": d.doc_id, "title": d.title, "language": d.language} for d in corpus.documents()}
    whole = Links(load_connections(gen)[1], documents)
    reader = LinkReader(gen / LINKS)
    stored = Links.stored(reader, documents)
    try:
        assert stored.copies == whole.copies and whole.copies
        for doc_id in documents:
            doc = corpus.document(doc_id)
            assert stored.connections(doc) == whole.connections(doc)
            for paragraph in range(1, len(doc.paragraphs) + 1):
                assert stored.passage_references(doc_id, paragraph) == whole.passage_references(doc_id, paragraph)
                assert stored.also_in(doc_id, paragraph) == whole.also_in(doc_id, paragraph)
    finally:
        reader.close()


def test_the_copies_of_one_text_are_one_text_in_the_store_and_are_compared_once(tmp_path, monkeypatch):
    """Three renamed copies of seed 000 and two of seed 002 (records of one protocol): the store keeps no pair of two
    copies of one text (their profiles say they are one text), yet every reader gives them as pairs of the same
    text; an update compares an edited copy with each text of its day once, not with each copy of it, and gives
    what a fresh build gives."""
    import sqlite3

    from search_engine.index import connections
    from search_engine.index.storage import current_generation

    folder = tmp_path / "src"
    shutil.copytree(SEEDS, folder)
    for seed, names in ((SEED_000, ("copy_a", "copy_b", "copy_c")), (SEED_002, ("copy_y", "copy_z"))):
        for name in names:
            shutil.copy(folder / f"{seed}.txt", folder / f"{name}.txt")
    engine = SearchEngine(tmp_path / "index")
    engine.index([folder])
    ones = {SEED_000, "copy_a", "copy_b", "copy_c"}
    db = sqlite3.connect(current_generation(engine.index_dir) / "links.sqlite")
    try:
        stored = db.execute("SELECT a, b, relation FROM pairs").fetchall()
        assert stored and all(a not in ones or b not in ones for a, b, _ in stored)
        assert {relation for _, _, relation in stored} == {"record"}
        assert db.execute("SELECT count(*) FROM groups WHERE kind = 'all'").fetchone() == (2,)
    finally:
        db.close()
    assert {(link.doc_id, link.relation, link.similarity) for link in engine.connections("copy_b").copies} == {
        (d, "same text", 1.0) for d in ones - {"copy_b"}}
    records = engine.connections("copy_b").records
    assert {link.doc_id for link in records} == {SEED_002, "copy_y", "copy_z"}
    # the section of the longer record is named in the other document of each pair
    assert all(link.passage_id.startswith(link.doc_id + "#p") for link in records if link.passage_id)
    hits = engine.search('"Special Folder"').hits
    assert hits and {link.doc_id for hit in hits for link in hit.also_in} & ones

    compared = []
    align_best = connections.align_best
    monkeypatch.setattr(connections, "align_best", lambda a, b, *rest: compared.append((a.doc_id, b.doc_id))
                        or align_best(a, b, *rest))
    with open(folder / "copy_b.txt", "a", encoding="utf-8") as f:
        f.write("\n\nA postscript on the instructions to Cde. Pavlov.\n")
    engine.index()
    # copy_b is aligned with seed 002 (before it) and with one of copy_y and copy_z (after it): two texts in their
    # order, not three documents
    assert len(compared) == 2
    fresh = SearchEngine(tmp_path / "fresh")
    fresh.index([folder])
    assert _links_of(engine) == _links_of(fresh)


@pytest.mark.parametrize("count, low", [(1, 0), (7, 0), (1024, 0), (1025, 0), (5000, 2**64 - 2**20)])
def test_a_minhash_is_the_universal_permutations_modulo_the_prime(count, low):
    """sketches.minhash reduces modulo 2**61 - 1 without a division, a chunk at a time: the same minima as the
    formula itself (datasketch's), for hashes whose products wrap past 2**64 and for a chunk's edges."""
    import numpy as np

    from search_engine.index import sketches

    hashes = np.unique(np.random.default_rng(count).integers(low, 2**64 - 1, count, dtype=np.uint64))
    a, b = sketches._permutations()
    with np.errstate(over="ignore"):
        permuted = (a[:, None] * hashes[None, :] + b[:, None]) % np.uint64(sketches._PRIME) & np.uint64(sketches._MAX)
    assert sketches.minhash(hashes) == permuted.min(axis=1).astype("<u4").tobytes()


def _candidates_one_by_one(sigs) -> list[tuple[int, int]]:
    """The candidate pairs as their definition lists them: the documents of one signature, and those sharing a
    band's bucket of at most _BUCKET_CAP documents (the bands' rows as bytes)."""
    from search_engine.index.connections import _BUCKET_CAP, _ROWS

    found = {(i, j) for i in range(len(sigs)) for j in range(i + 1, len(sigs)) if (sigs[i] == sigs[j]).all()}
    for band in range(sigs.shape[1] // _ROWS):
        buckets: dict[bytes, list[int]] = {}
        for i, row in enumerate(sigs[:, band * _ROWS:(band + 1) * _ROWS]):
            buckets.setdefault(row.tobytes(), []).append(i)
        for m in buckets.values():
            if 1 < len(m) <= _BUCKET_CAP:
                found.update((m[x], m[y]) for x in range(len(m)) for y in range(x + 1, len(m)))
    return sorted(found)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_candidate_pairs_found_among_distinct_signatures_are_those_of_every_document(seed, monkeypatch):
    """connections._candidates finds the buckets among the distinct signatures, each counted once a document:
    the same pairs as the documents' own buckets give, with copies, near copies, and buckets over the cap."""
    import numpy as np

    from search_engine.index import connections

    monkeypatch.setattr(connections, "_BUCKET_CAP", 6)
    rng = np.random.default_rng(seed)
    texts = rng.integers(0, 5, size=(12, 16), dtype=np.uint32)  # few values: buckets shared across texts
    sigs = texts[rng.integers(0, len(texts), size=40)]  # copies of the texts, in any order
    sigs[::7, :3] = rng.integers(0, 5, size=(len(sigs[::7]), 3))  # near copies
    n = len(sigs)
    codes = connections._candidates(sigs).tolist()
    assert [(c // n, c % n) for c in codes] == _candidates_one_by_one(sigs)
