"""Searching the seeds through the Python API."""

import dataclasses
from pathlib import Path

import pytest

from search_engine import QueryError, SearchEngine
from search_engine.analysis.stemming import terms

from .conftest import SEED_000, SEED_002


def ids(results):
    return [h.passage_id for h in results]


@pytest.mark.parametrize("a, b", [
    ("dismantle", "dismantling"), ("missile", "missiles"), ("installations", "installation"),
    ("Kennedy's", "Kennedy"), ("It’s", "it's"), ("Dorticós", "Dorticos"), ("Хрущёв", "хрущев"),
    ("ракеты", "ракетами"),
])
def test_inflections_and_folding_share_a_term(a, b):
    assert terms(a) == terms(b)


def test_tokenizer_is_unicode_aware_and_splits_on_nbsp():
    assert terms("Log\u00a0Out\u00a0/\u00a0Change") == ["log", "out", "chang"]
    assert terms("«особая папка»") == terms("особая папка")


def test_stemming_matches_inflected_forms(engine):
    results = engine.search("dismantling missile", limit=5)
    texts = [h.text for h in results]
    assert any("dismantle the missile installations" in t for t in texts)
    assert any("dismantling the missile installations" in t for t in texts)
    top = results[0]
    assert "<mark>dismantle</mark>" in top.snippet or "<mark>dismantling</mark>" in top.snippet


def test_passages_with_all_words_rank_first(engine):
    results = engine.search("pseudonym Alekseev", limit=10)
    assert results[0].passage_id == f"{SEED_002}#p10"
    assert results[0].text == "On the telegram to Cde. Pavlov[1]"
    assert f"{SEED_002}#p17" in ids(results)  # "About the instructions to Alekseev." has one of the words


def test_footnote_only_match_returns_the_citing_passage_with_the_note_highlighted(engine):
    hit = engine.search("pseudonym", limit=1)[0]
    assert hit.passage_id == f"{SEED_002}#p10"
    assert hit.matched_fields == ("footnote",)
    assert hit.snippet_field == "footnote"
    assert "<mark>pseudonym</mark>" in hit.snippet
    assert [f.number for f in hit.footnotes] == ["1"]
    assert "pseudonym used for Ambassador Alekseev" in hit.footnotes[0].text


def test_inline_translator_note_is_searchable_as_footnote(engine):
    results = engine.search("footnote:archival", limit=3)
    assert results[0].passage_id == f"{SEED_000}#p1"
    assert results[0].footnotes[0].number == "*1"


def test_title_and_subtitle_are_searchable(engine):
    results = engine.search('title:"dialogue with Castro"', limit=50)
    assert results.total == 20  # every passage of seed 000, none of 002
    assert {h.doc_id for h in results} == {SEED_000}
    assert results[0].snippet_field in ("body", "title")


@pytest.mark.parametrize("field_query, doc_id", [
    (f"doc:{SEED_000}", SEED_000), ("title:presidium", SEED_002), ('title:"dialogue with Castro"', SEED_000),
    ("citation:RGANI", SEED_002),
])
def test_a_document_field_beside_words_narrows_what_the_words_find(engine, field_query, doc_id):
    """`doc:X Turkey`, `title:letter Berlin`: the words' passages in those documents, as date: and
    classification: narrow (the field query used to add every passage of its documents)."""
    words = engine.search("missiles Castro", doc=doc_id, per_doc=0, limit=100)
    narrowed = engine.search(f"{field_query} missiles Castro", per_doc=0, limit=100)
    assert narrowed.total == words.total > 0
    assert [h.passage_id for h in narrowed] == [h.passage_id for h in words]  # ranked by the words alone
    either = engine.search(f"{field_query} OR missiles", per_doc=0, limit=100)  # OR written: either one
    assert either.total > engine.search(f"{field_query} missiles", per_doc=0, limit=100).total
    assert {h.doc_id for h in either} == {SEED_000, SEED_002}


def test_boilerplate_is_not_indexed(engine):
    for q in ['"Leave a Reply"', "bloggers", "misterestes", "WordPress", '"Fill in your details"']:
        assert engine.search(q).total == 0, q


def test_header_stamps_are_not_standalone_results(engine):
    for h in engine.search("HAVANA OR TOP OR SECRET", limit=50):
        assert h.text.strip() not in ("HAVANA", "TOP SECRET", "SPECIAL FOLDER", "No. P63/IV")


def test_phrase_and_boolean_queries(engine):
    assert ids(engine.search('"missile launchers"')) == [f"{SEED_000}#p6"]
    assert engine.search('"launchers missile"').total == 0
    both = engine.search("Zorin AND Thant", limit=20)
    assert all("Zorin" in h.text and "Thant" in h.text for h in both)
    assert engine.search("Zorin NOT Stevenson").total == 1
    assert ids(engine.search("body:Zorin -Stevenson")) == [f"{SEED_002}#p18"]


def test_field_queries(engine):
    assert {h.doc_id for h in engine.search("citation:RGANI", limit=50)} == {SEED_002}
    assert engine.search('classification:"top secret"', limit=50).total == 20
    assert engine.search("classification:secret", limit=50).total == 0  # exact markings only
    assert engine.search("date:1962-10-28", limit=100).total == 45
    assert engine.search("date:1962-11").total == 0
    assert engine.search("date:[1962-10-27 TO 1962-10-29]", limit=100).total == 45
    assert engine.search("date:>=1962-10-29").total == 0


def test_date_filters(engine):
    assert engine.search("Castro", date_from="1962-10-28", date_to="1962-10-28").total > 0
    assert engine.search("Castro", date_from="1962-10-29").total == 0
    assert engine.search("Castro", date_to="1962-10-27").total == 0
    assert engine.search("Castro", date_from="1962-10", date_to="1962").total > 0  # month and year ranges
    with pytest.raises(QueryError, match="cannot read date_from='not a date'"):
        engine.search("Castro", date_from="not a date")
    with pytest.raises(QueryError, match="date_from 1963-01-01 is after date_to 1962-12-31"):
        engine.search("Castro", date_from="1963", date_to="1962")


def test_classification_filter(engine):
    top = engine.search("Castro", classification=["top secret"], limit=50)
    assert top.total > 0 and all("TOP SECRET" in h.classification for h in top)
    assert engine.search("Castro", classification="Eyes Only").total == 0
    either = engine.search("Castro", classification=["eyes only", "special folder"], limit=50)
    assert either.total == top.total


def test_context_returns_neighbouring_paragraphs(engine):
    hit = engine.search('"telegram to Cde. Pavlov"', context=1)[0]
    assert [p.paragraph for p in hit.before] == [9]
    assert [p.paragraph for p in hit.after] == [11]
    assert hit.after[0].text == "Cde. Khrushchev is dictating the text of the telegram."
    first = engine.search('"Present: Brezhnev"', context=2)[0]
    assert first.paragraph == 1 and first.before == ()


def test_wildcard_and_fuzzy(engine):
    assert engine.search("dismant*").total >= 4
    assert engine.search("Khrushchov~").total > 0
    # a wildcard needs no letters before it, only fewer words to match than the cap: d* is every word in d...
    assert engine.search("d*").total > engine.search("dismant*").total
    with pytest.raises(QueryError, match="alone would match every word"):
        engine.search("*")


@pytest.mark.parametrize("query, message", [
    ('"unclosed', "unbalanced quote"),
    ("(Castro AND Kennedy", "never closed"),
    ("Castro)", "no matching"),
    ("nosuchfield:Castro", "unknown field 'nosuchfield'"),
    ("date:yesterday", "cannot read 'yesterday' as a date"),
    ("Castro AND", "AND needs a term after it"),
    ("", "empty query"),
    ("x" * 2000, "query too long"),
])
def test_malformed_queries_say_what_and_where(engine, query, message):
    with pytest.raises(QueryError, match=message):
        engine.search(query)


def test_hits_are_frozen_and_json_shaped(engine):
    results = engine.search("Castro", limit=2)
    hit = results[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.title = "x"
    data = results.to_json()
    assert set(data) >= {"query", "total", "hits"}
    for key in ("rank", "score", "passage_id", "doc_id", "title", "date", "classification", "paragraph",
                "text", "snippet", "footnotes", "source"):
        assert key in data["hits"][0], key
    assert isinstance(data["hits"][0]["classification"], list)


def test_search_without_index_says_so(tmp_path):
    from search_engine import IndexNotFoundError

    with pytest.raises(IndexNotFoundError, match="no index"):
        SearchEngine(tmp_path / "none").search("Castro")


def test_long_passage_is_highlighted_deep_inside(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    filler = "The committee discussed routine matters of no consequence. " * 1200  # ~70k characters
    (src / "long.txt").write_text(f"A Long Memorandum\n\n{filler}Then the word Jupiter appears.\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([src])
    hit = engine.search("Jupiter")[0]
    assert "<mark>Jupiter</mark>" in hit.snippet
    assert len(hit.snippet) < 600


def test_indexed_text_gives_whooshs_postings(corpus):
    """IndexedText skips whoosh's token objects; its postings must be exactly TEXT's, but that the words as
    written (=word) are given a frequency of 0, so that they do not count in the field's length."""
    from whoosh.fields import TEXT

    from search_engine.analysis.fields import IndexedText, text_analyzer
    from search_engine.ingest.readers import read_documents

    fixtures = Path(__file__).parent / "fixtures" / "ru"
    texts = [p.text for path in [*corpus.glob("*.txt"), *fixtures.iterdir()] for d in read_documents(str(path))
             for p in d.paragraphs]
    texts += ["", "Хрущёв's “quoted” words, 1962-10-28, IL-28s and Dorticós", "a a a b a"]
    whoosh_text, ours = TEXT(analyzer=text_analyzer(), phrase=True), IndexedText(analyzer=text_analyzer(), phrase=True)
    whoosh_text.format = ours.format  # the positions as IndexedText writes them (CompactPositions)
    for text in texts:
        expected = [(t, 0 if t.startswith(b"=") else n, w, v) for t, n, w, v in whoosh_text.index(text)]
        assert sorted(ours.index(text)) == sorted(expected), text[:60]


def test_compact_positions_read_back_as_written():
    """Each posting's positions as varints of their gaps: read back as whoosh's own format reads its values."""
    from whoosh.formats import Positions

    from search_engine.analysis.fields import CompactPositions

    ours, whooshs = CompactPositions(), Positions()
    for positions in ([0], [5], [127], [128], [3, 4, 300, 20000, 2**21 + 7], list(range(0, 5000, 7))):
        value = ours.encode(positions)
        assert ours.decode_positions(value) == whooshs.decode_positions(whooshs.encode(positions)) == positions
        assert ours.decode_frequency(value) == len(positions) and ours.decode_weight(value) == len(positions)
        assert len(value) < len(whooshs.encode(positions))


def test_compact_positions_read_back_together():
    """Many postings' positions decoded at once (for a phrase's candidates) are each posting's, in order."""
    from search_engine.analysis.fields import CompactPositions

    ours = CompactPositions()
    for postings in ([[0], [5], [127]], [[128], [], [3, 4, 300, 20000, 2**21 + 7]], [list(range(0, 5000, 7)), [1]],
                     [[], []], [], [[2**28, 2**28 + 1], [0, 128, 16384]]):
        where, positions = ours.decode_many([ours.encode(p) for p in postings])
        assert [positions[where == i].tolist() for i in range(len(postings))] == postings
        assert where.tolist() == sorted(where.tolist()) and len(positions) == sum(map(len, postings))


def test_hits_without_snippets_rank_the_same(engine):
    with_snippets = engine.search("dismantle missiles")
    plain = engine.search("dismantle missiles", snippets=False)
    assert [h.passage_id for h in plain] == [h.passage_id for h in with_snippets]
    assert all("<mark>" not in h.snippet for h in plain)
    assert any("<mark>" in h.snippet for h in with_snippets)


def test_a_phrase_is_marked_where_its_words_stand_together():
    from search_engine.search.highlight import matches, snippet

    text = ("The law is on your side, but the near-war situation does not play the role it should. The US is "
            "rattled by the missiles. " + "The forces are the ones to watch. " * 12 + "We agree to dismantle the "
            "missile installations.")
    phrase = (tuple(terms("dismantle the missiles")), 1)
    spans = matches(text, set(), [phrase])
    assert [text[s:e] for s, e in spans] == ["dismantle", "the", "missile"]
    window = snippet(text, spans)
    assert "<mark>dismantle</mark> <mark>the</mark> <mark>missile</mark>" in window
    assert window.count("<mark>") == 3  # no "the" elsewhere, no lone "missiles"


def test_a_text_marked_again_is_marked_the_same():
    # a stored text's words are cut once and kept (search.highlight): the second and third time a text is marked,
    # from the kept words and from their index of terms, the spans are those of the first
    from search_engine.search.highlight import _WORD, _Read, matches

    text = ("Be\u0301rlin: Khrushchev's missiles, O\u2019Brien's missile \u00adbases (x'\u200bmissiles) and the "
            "missiles_of 1962; MISSILES.")
    assert _Read(text).tokens == [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    first = matches(text, {"missil"})
    assert [text[s:e] for s, e in first] == ["missiles", "missile", "missiles", "missiles", "MISSILES"]
    assert matches(text, {"missil"}) == matches(text, {"missil"}) == first
    both = matches(text, {"missil", "berlin"})
    assert [text[s:e] for s, e in both] == ["Be\u0301rlin", *[text[s:e] for s, e in first]]
    assert matches(text, {"missil", "berlin"}) == both


def test_phrase_query_snippets_mark_no_stray_function_words(engine):
    results = engine.search('"dismantle the missiles"', per_doc=0, limit=20)
    assert results.hits
    for hit in results:
        assert "<mark>the</mark> " not in hit.snippet.replace("<mark>the</mark> <mark>missile", "")


@pytest.mark.parametrize("query, warning", [
    ("missiles @@ Khrushchev", "ignored '@@' at position 10: it has no letters or digits"),
    ('missiles "" Khrushchev', "ignored the empty phrase at position 10"),
])
def test_a_query_warns_once_of_what_it_ignores(engine, query, warning):
    # the ranking tiers compile the query's words again: each word is compiled once, and warns once
    results = engine.search(query)
    assert results.warnings == (warning,)
    assert results.total == engine.search("missiles Khrushchev").total
