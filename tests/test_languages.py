"""Language detection, transliteration, and searching across languages and scripts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search_engine import SearchEngine
from search_engine.analysis.languages import (
    detect_language,
    dominant_language,
    passage_language,
)
from search_engine.analysis.stemming import index_terms, terms
from search_engine.analysis.transliteration import transliterate
from search_engine.errors import QueryError
from search_engine.vocabulary.language_names import language_code

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(("text", "code"), [
    ("The Soviet government has agreed to dismantle the missile installations in Cuba.", "en"),
    ("Мы согласны демонтировать ракетные установки на Кубе.", "ru"),
    ("Le gouvernement soviétique a accepté de démanteler les installations de missiles à Cuba.", "fr"),
    ("Die sowjetische Regierung ist bereit, die Raketenanlagen auf Kuba abzubauen, und das ist gut.", "de"),
    ("El gobierno soviético ha aceptado desmantelar las instalaciones de misiles en Cuba.", "es"),
    ("Ми згодні демонтувати ракетні установки, і це їхнє рішення.", "uk"),
    ("Brezhnev, Kozlov, Kosygin, Mikoyan.", ""),  # names only: nothing to tell by
    ("Top secret", ""),  # too short
])
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_dominant_language_weighs_by_length():
    assert dominant_language(["Short note.", "Мы согласны демонтировать ракетные установки на Кубе, и это решение."]) == "ru"
    assert dominant_language([]) == ""


@pytest.mark.parametrize(("text", "document", "code"), [
    # seed 002's short English lines, once tagged cs, cs, pt and pl
    ("Present: Brezhnev, Kozlov, Kosygin, Mikoyan, Suslov, Khrushchev, S. Ivanov, Malin.", "en", "en"),
    ("/s/John F. Kennedy", "en", "en"),
    ("[Here follow two paragraphs of personal greetings.]", "en", "en"),
    ("I am sending a similar message to Prime Minister H. Macmillan.", "en", "en"),
    # strong evidence of another language: its script, or several function words English does not have
    ("Мы согласны демонтировать ракетные установки на Кубе.", "en", "ru"),
    ("Le gouvernement soviétique a accepté de démanteler les installations de missiles à Cuba.", "en", "fr"),
    ("The government will not agree to this, and we said so.", "fr", "en"),
    # too short to tell, in another script than the document's: unknown rather than the document's language
    ("Top Secret", "ru", ""),
    ("Лично", "en", ""),
    ("1962", "en", "en"),
    ("Top Secret", "", ""),
])
def test_short_paragraphs_inherit_their_documents_language(text, document, code):
    assert passage_language(text, document) == code


def test_seed_002s_short_english_lines_are_found_with_lang_en(engine):
    hits = engine.search("Brezhnev Kozlov Kosygin", language="en", limit=50)
    assert "002_54cc86d0ab452d54#p1" in {h.passage_id for h in hits}
    assert {h.language for h in engine.search("Brezhnev", doc="002_54cc86d0ab452d54", limit=50)} == {"en"}


@pytest.mark.parametrize(("given", "code"), [("Russian", "ru"), ("русский", "ru"), ("ru-RU", "ru"), ("EN", "en"),
                                              ("en_US", "en"), ("Klingon", ""), ("", "")])
def test_language_code(given, code):
    assert language_code(given) == code


@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("хрущев", "khrushchev"), ("громыко", "gromyko"), ("ельцин", "yeltsin"), ("алексеев", "alekseyev"),
    ("малиновский", "malinovskiy"), ("дорожный", "dorozhnyy"), ("объект", "obyekt"), ("щука", "shchuka"),
])
def test_transliterate_bgn_pcgn(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_russian_inflections_share_a_stem():
    assert len({terms(w)[0] for w in ("ракеты", "ракет", "ракетами", "ракета")}) == 1


def test_cyrillic_words_carry_their_transliteration():
    assert "khrushchev" in index_terms("хрущева")
    assert "khrushchev" in index_terms("хрущев")
    assert terms("Khrushchev") == ["khrushchev"]
    assert index_terms("kennedy") == (terms("Kennedy")[0],)  # Latin words get one term
    assert terms("Кеннеди")[0] != terms("Kennedy")[0] and terms("Kennedy")[0] in index_terms("кеннеди")


def test_yo_and_diacritics_fold():
    assert terms("Хрущёв") == terms("Хрущев")
    assert terms("Dorticós") == terms("Dorticos")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("lang")
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "ru", corpus)
    shutil.copy(Path(__file__).resolve().parent.parent / "seeds" / "002_54cc86d0ab452d54.txt", corpus)
    engine = SearchEngine(root / "ix")
    engine.index([corpus])
    return engine


def test_documents_get_their_language(engine):
    langs = {d.doc_id: d.language for d in engine.documents()}
    assert langs == {"protocol_63_ru": "ru", "letter_bilingual": "en", "002_54cc86d0ab452d54": "en"}


def test_russian_query_matches_inflected_forms(engine):
    hits = engine.search("ракета")
    assert hits.hits[0].passage_id == "protocol_63_ru#p4"
    assert "<mark>Ракеты</mark>" in hits.hits[0].snippet and "<mark>ракетами</mark>" in hits.hits[0].snippet


def test_latin_name_finds_cyrillic_text(engine):
    ids = {h.passage_id for h in engine.search("Khrushchev", limit=50)}
    assert {"protocol_63_ru#p3", "letter_bilingual#p2", "letter_bilingual#p4"} <= ids
    hit = next(h for h in engine.search("Khrushchev", limit=50) if h.passage_id == "protocol_63_ru#p3")
    assert "<mark>Хрущёв</mark>" in hit.snippet


def test_cyrillic_name_finds_english_text(engine):
    ids = {h.passage_id for h in engine.search("Хрущёв", limit=50)}
    assert "letter_bilingual#p4" in ids  # "Comrade Khrushchev"
    assert any(i.startswith("002_") for i in ids)


def test_diacritics_do_not_matter(engine):
    for q in ("Dorticos", "Dorticós"):
        assert engine.search(q).hits[0].passage_id == "letter_bilingual#p3"


def test_lang_filter_keeps_passages_in_that_language(engine):
    ru = engine.search("Castro OR Кастро", language="ru", limit=50)
    assert ru.hits and {h.language for h in ru.hits} == {"ru"}
    assert {h.passage_id for h in ru.hits} >= {"letter_bilingual#p1", "protocol_63_ru#p6"}
    en = engine.search("Castro OR Кастро", language=["English"], limit=50)
    assert en.hits and {h.language for h in en.hits} == {"en"}
    assert not {h.passage_id for h in ru.hits} & {h.passage_id for h in en.hits}


def test_unknown_lang_is_a_query_error(engine):
    with pytest.raises(QueryError, match="not a language"):
        engine.search("Castro", language="xx")
