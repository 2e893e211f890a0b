"""The words as written: each passage keeps its words folded but not stemmed (=word), beside their stems, so
that the exact form, wildcards and spelling suggestions work on the words people type; and spelling adds to
a query, never swaps a name for a common word."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from search_engine import Document, Paragraph, QueryError, SearchEngine
from search_engine.analysis.tokens import TOKEN_PATTERN, fold
from search_engine.cli import main
from search_engine.query.compiler import MAX_EXPANSION

TEXTS = {
    "installations.txt": "Installations\n\nWe agree to dismantle the missile installations.\n",
    "at-once.txt": "At Once\n\nThey will dismantle the missiles at once, and the MISSILES' crates too.\n",
    "plot.txt": "The Plot\n\nThe assassination of the President was planned in the autumn.\n",
    "attempt.txt": "The Attempt\n\nAn assassin was seen near the road.\n",
    "attempts.txt": "Attempts\n\nTwo men assassinated the mayor; a third assassinatlon (so the scan reads) failed.\n",
    "havana.txt": "Havana\n\nPresident Dorticós received the ambassador.\n",
    "ruble.txt": "Money\n\nThe ruble fell against the dollar in the autumn.\n",
    "russian.txt": "Телеграмма\n\nПередать товарищу Алексееву текст письма о ракетах.\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    src = tmp_path_factory.mktemp("written")
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def small(folder, tmp_path_factory) -> SearchEngine:
    engine = SearchEngine(tmp_path_factory.mktemp("written-ix"))
    engine.index([folder])
    return engine


def docs(results) -> set[str]:
    return {h.doc_id for h in results}


def test_the_exact_form_matches_that_form_only(small):
    assert docs(small.search("missiles")) == {"installations", "at-once"}  # every inflection
    assert docs(small.search("=missiles")) == {"at-once"}
    assert docs(small.search("=missile")) == {"installations"}
    assert small.search("=MISSILES").total == small.search("=missiles").total  # case folded
    assert docs(small.search("=Dorticos")) == docs(small.search("=dorticós")) == {"havana"}  # accents folded
    assert small.search("=missil").total == 0  # the stem is no word anyone wrote


OWN_STEM = {
    "castro.txt": "Castro\n\nCastro spoke at length to the crowd.\n",
    "castros.txt": "The Brothers\n\nBoth Castros spoke, and Castro's brother listened.\n",
    "both.txt": "Both\n\nCastro said that the Castros would stay.\n",
    "cyrillic.txt": "Письмо\n\nПередать Хрущеву письмо.\n",
    "latin.txt": "Letter\n\nKhrushchev wrote the letter at once.\n",
}


def test_the_exact_form_of_a_word_that_is_its_own_stem(tmp_path):
    """The index posts no written form for a word that is its own one index term (=castro beside castro): its
    exact form is its term where no other word posted under it stands, and still matches that form only."""
    from search_engine.analysis.stemming import posted_terms

    assert posted_terms("Castro") == ("castro",) and posted_terms("Castros") == ("castro", "=castros")
    for name, text in OWN_STEM.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([tmp_path])
    assert docs(engine.search("castro")) == {"castro", "castros", "both"}
    assert docs(engine.search("=castro")) == {"castro", "both"}  # not "Castros" nor "Castro's" alone
    assert docs(engine.search("=castros")) == {"castros", "both"}
    assert docs(engine.search("=Castro's")) == {"castros"}
    assert docs(engine.search("khrushchev")) == {"cyrillic", "latin"}  # through the transliteration
    assert docs(engine.search("=khrushchev")) == {"latin"}  # the Latin word only
    assert docs(engine.search("=castr*")) == {"castro", "castros", "both"}
    assert docs(engine.search("=castro -=castros")) == {"castro"}
    assert docs(engine.search('="castro said"')) == {"both"}
    assert docs(engine.search('="castros spoke"')) == {"castros"}
    assert docs(engine.search('="castro spoke"')) == {"castro"}  # "Castros spoke" is not it
    assert docs(engine.search('="at once"')) == {"latin"}
    assert docs(engine.search("=castrp~")) == {"castro", "both"}  # one edit from castro, two from castros
    hit = engine.search("=castro", doc=["both"])[0]
    assert "<mark>Castro</mark> said" in hit.snippet and "<mark>Castros</mark>" not in hit.snippet
    assert engine.search("Castrq").respellings == (("Castrq", "Castro"),)  # a word no written form stands for


def test_an_exact_phrase_matches_the_words_as_written(small):
    assert docs(small.search('"dismantle the missiles"')) == {"installations", "at-once"}
    assert docs(small.search('="dismantle the missiles"')) == {"at-once"}
    assert docs(small.search('="dismantle the missile"')) == {"installations"}
    assert docs(small.search('title:="at once"')) == {"at-once"}


def test_the_exact_form_is_marked_where_it_stands(small):
    hit = small.search("=missiles")[0]
    assert "<mark>missiles</mark>" in hit.snippet and "<mark>MISSILES</mark>" in hit.snippet
    assert "<mark>missile</mark>" not in small.search("=missiles missile")[0].snippet.replace(
        "<mark>missile</mark> installations", "")


def test_a_wildcard_matches_the_words_as_written_each_in_every_inflection(small):
    # the stem of assassination and assassinated is "assassin": a wildcard on stems found none of them
    assert docs(small.search("assassinat*")) >= docs(small.search("assassination")) == {"plot", "attempt", "attempts"}
    # each word the wildcard matches is searched as a typed word is: "assassin" comes with "assassination"
    assert docs(small.search("=assassinat*")) == {"plot", "attempts"}  # the forms themselves only
    assert docs(small.search("=assassinat?on")) == {"plot", "attempts"}  # assassinatlon, the OCR's reading
    assert docs(small.search("=assassinate?")) == {"attempts"}


def test_a_wildcard_may_start_with_a_star(small):
    assert docs(small.search("*ssination")) == {"plot", "attempt", "attempts"}
    assert docs(small.search("=*tions")) == {"installations"}
    assert docs(small.search("=*ракет*")) == {"russian"}
    with pytest.raises(QueryError, match="alone would match every word"):
        small.search("*?*")


def test_the_cap_on_a_leading_wildcard_says_so(tmp_path):
    words = [f"{a}{b}{c}zq" for a in "abcdefghij" for b in "abcdefghij" for c in "abcdefgh"]
    assert len(words) > MAX_EXPANSION
    (tmp_path / "words.txt").write_text("Words\n\n" + " ".join(words) + "\n", encoding="utf-8")
    engine = SearchEngine(tmp_path / "ix")
    engine.index([tmp_path / "words.txt"])
    with pytest.raises(QueryError, match=rf"'\*zq' matches more than {MAX_EXPANSION} words; give more letters \("):
        engine.search("*zq")
    assert engine.search("*azq").total == 1  # 80 words: one passage


def test_written_forms_do_not_lengthen_a_passage(small):
    """BM25F divides by a passage's length in words: the written forms beside the stems do not count, so
    the stems score as they did before the written forms were kept."""
    from whoosh.index import open_dir
    from whoosh.util.numeric import byte_to_length, length_to_byte

    from search_engine.analysis.stemming import word_terms
    from search_engine.index.layout import WHOOSH_INDEX
    from search_engine.search.hits import passage_fields

    gen = small.index_dir / (small.index_dir / "CURRENT").read_text().strip()
    with open_dir(str(gen), indexname=WHOOSH_INDEX).searcher() as searcher:
        for docnum, _ in searcher.iter_docs():
            # a word's terms: its stem, and the transliterations of a Cyrillic word (not its written form); the
            # passage's text is stored with its neighbours' (index.schema's texts)
            text = passage_fields(searcher, docnum)["body"]
            assert text
            terms = sum(len(word_terms(w)) for w in re.findall(TOKEN_PATTERN, text))
            assert searcher.reader().doc_field_length(docnum, "body") == byte_to_length(length_to_byte(terms))


def test_suggestions_come_from_the_words_as_written(small):
    # "misiles" is one letter from "missiles" as written, two from "missile" (its stem "misil" is one
    # letter from "missil", the stem of both: the stems could not tell which was meant)
    assert small.search("misiles").respellings == (("misiles", "missiles"),)
    assert small.search("Алексееву").total == 1
    results = small.search("asassination")
    assert results.respellings == (("asassination", "assassination"),) and docs(results) >= {"plot"}


def test_a_name_is_never_swapped_for_a_common_word(small):
    """Nothing matches "Oswald OR Ruby": the results of "Oswald OR Ruble" are not shown instead, only
    suggested, and the words no passage holds are named."""
    results = small.search("Oswald OR Ruby")
    assert results.total == 0 and not results.hits
    assert results.unknown == ("Oswald", "Ruby")
    assert results.suggestions == ("Oswald OR Ruble",)
    assert not any("showing the results" in w for w in results.warnings)
    # a plain word is searched as its nearest spelling too, within one edit (two past six letters); where that
    # is not done (a field's words), a query that finds nothing shows what the nearest spelling finds, and says so
    assert docs(small.search("rublle")) == {"ruble"} and small.search("rublle").respellings == (("rublle", "ruble"),)
    swapped = small.search("body:rublle")
    assert docs(swapped) == {"ruble"}
    assert "no passage matches 'body:rublle'; showing the results for 'body:ruble'" in swapped.warnings
    assert small.search("body:rubel").total == 0  # two edits from "ruble": a short word is not swapped that far
    assert small.search("body:rubel").suggestions == ("body:ruble",)


def test_the_cli_says_which_words_no_passage_holds(small):
    result = CliRunner().invoke(main, ["--index", str(small.index_dir), "search", "Oswald OR Ruby"])
    assert result.exit_code == 0
    assert "No passage holds 'Oswald' or 'Ruby'." in result.stderr
    assert "Did you mean: Oswald OR Ruble" in result.stderr
    data = json.loads(CliRunner().invoke(main, ["--index", str(small.index_dir), "search", "ruble Oswald",
                                                "--json"]).stdout)
    assert data["unknown"] == ["Oswald"] and data["total"] == 1


def test_every_inflection_is_still_found_without_the_exact_form(small):
    for text in TEXTS.values():
        for word in re.findall(TOKEN_PATTERN, text.split("\n\n", 1)[1])[:4]:
            if len(word) > 3:
                assert small.search(word).total >= small.search("=" + word).total >= 1, word
                assert small.search("=" + fold(word).upper()).total == small.search("=" + word).total


def test_added_and_deleted_documents_keep_the_words_table_right(folder, tmp_path):
    engine = SearchEngine(tmp_path / "ix")
    engine.index([folder])
    engine.add(Document("card", "Index card", (Paragraph(1, "The Katangese gendarmes withdrew to Kolwezi."),)))
    assert docs(engine.search("=katangese")) == {"card"} and docs(engine.search("katang*")) == {"card"}
    assert engine.search("=katangese")[0].folder == ""  # an added document lies in no folder
    assert docs(engine.search("kolwez?")) == {"card"}
    # the respelling is written as the added document writes it: the words table has its form
    assert engine.search("Katangse").respellings == (("Katangse", "Katangese"),)
    engine.delete("card")
    assert engine.search("katang*").total == 0 and engine.search("=katangese").total == 0
    gone = engine.search("Katangse")
    assert gone.total == 0 and gone.respellings == () and gone.unknown == ("Katangse",)
    engine.compact()  # the table is carried into the compacted generation
    assert docs(engine.search("assassinat*")) >= {"plot", "attempts"} and docs(engine.search("=missiles")) == {"at-once"}
    assert engine.search("katang*").total == 0


def test_closing_the_words_table_never_waits_for_a_query_of_its_own_thread(tmp_path):
    """An engine's finalizer can run in the middle of a query of the same thread (the garbage collector runs
    where it likes): closing the table must not wait for the lock that query holds, or the thread waits for
    itself (a build hung in CI that way). The query closes the connection when it ends."""
    import sqlite3
    import threading

    from search_engine.index.words import _SCHEMA, Words

    path = tmp_path / "words.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO words VALUES ('missiles', 'missil', NULL, 3)")
    words = Words(path)
    assert words.stem("missiles") == "missil"
    with words._lock:  # as a query of this thread holds it
        closer = threading.Thread(target=words.close)
        closer.start()
        closer.join(5)
        assert not closer.is_alive()
    # the next query that reads the table closes it after answering (one asked before is answered from memory)
    assert words.written("missiles") == "missiles" and words._db is None
