"""Hostile queries: anything a user can type either runs or raises our own QueryError, quickly.

The limits (documented in the README) keep every query that passes them cheap: at most
MAX_QUERY_LENGTH characters and MAX_QUERY_WORDS words, parentheses at most MAX_NESTING deep,
wildcards with letters beside * or ?, and at most MAX_EXPANSION words per wildcard or fuzzy word
(MAX_TOTAL_EXPANSION for the whole query).
"""

import re
import string
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_engine import QueryError, SearchEngine
from search_engine.query.compiler import MAX_EXPANSION, MAX_TOTAL_EXPANSION
from search_engine.query.parser import (
    MAX_NESTING,
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    parse,
)

# pieces of the query language, to build strings that reach deep into the parser
SYNTAX = ['"', "(", ")", "*", "?", "~", "~2", "^", "^3", "-", "+", ":", "AND", "OR", "NOT", "date:", "title:",
          "footnote:", "classification:", "doc:", "[", "]", "TO", ">=", "<", "..", "1962", "1962-10-28",
          "1962-13-45", "Castro", "missiles", "Хрущёв", "dismant*", "Khrushchov~", "\\", "\x00", "\u202e", " "]
query_strings = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(SYNTAX), max_size=30).map(" ".join),
    st.lists(st.sampled_from(SYNTAX), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(string.printable, max_size=8)), max_size=20).map(" ".join),
)


@settings(max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query_strings)
def test_any_string_runs_or_raises_a_query_error(engine, q):
    try:
        results = engine.search(q, limit=5, facets=True)
    except QueryError as e:
        assert str(e)  # says what is wrong
        return
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert hit.snippet


@settings(max_examples=300, deadline=2000)
@given(query_strings)
def test_the_parser_accepts_or_refuses_any_string(q):
    try:
        parse(q)
    except QueryError as e:
        assert e.position is None or 0 <= e.position <= len(q)


@pytest.mark.parametrize("q, message", [
    ("*", r"\* alone would match every word"),
    ("**", r"\* alone would match every word"),
    ("?", r"\* alone would match every word"),
    ("title:*", r"\* alone would match every word"),
    ("x" * (MAX_QUERY_LENGTH + 1), f"query too long .*the limit is {MAX_QUERY_LENGTH}"),
    (" ".join(["Castro"] * (MAX_QUERY_WORDS + 1)), f"the limit is {MAX_QUERY_WORDS}"),
    ("(" * (MAX_NESTING + 1) + "Castro" + ")" * (MAX_NESTING + 1), f"nested more than {MAX_NESTING} deep"),
    ("(" * 450 + "x" + ")" * 450, f"nested more than {MAX_NESTING} deep"),
    ("th~2", "at least 5 letters"),
    ("of~", "at least 3 letters"),
    ("Castro~3", "fuzzy distance must be 1 or 2"),
    ("date:*", r"date: needs a date here, not \*"),  # found by the property test below
    ("DATE:>=*", r"date: needs a date here, not \*"),
])
def test_hostile_queries_get_clear_errors_fast(engine, q, message):
    started = time.monotonic()
    with pytest.raises(QueryError, match=message):
        engine.search(q)
    assert time.monotonic() - started < 1.0  # refused before any search runs


@pytest.fixture(scope="module")
def many_words(tmp_path_factory):
    """An index with more words starting 'zq' than one wildcard may expand to."""
    folder = tmp_path_factory.mktemp("many")
    words = [f"zq{a}{b}{c}" for a in "abcdefghij" for b in "abcdefghij" for c in "abcdefgh"]  # 800 words
    assert len(words) > MAX_EXPANSION
    (folder / "words.txt").write_text("A list of words\n\n" + "\n\n".join(
        " ".join(words[i:i + 40]) for i in range(0, len(words), 40)) + "\n", encoding="utf-8")
    engine = SearchEngine(folder / "ix")
    engine.index([folder / "words.txt"])
    return engine


def test_a_wildcard_past_the_expansion_cap_is_refused(many_words):
    started = time.monotonic()
    with pytest.raises(QueryError, match=f"'zq\\*' matches more than {MAX_EXPANSION} words; give more letters"):
        many_words.search("zq*")
    assert time.monotonic() - started < 1.0
    assert many_words.search("zqa*").total > 0  # 80 words: fine


def test_a_leading_wildcard_scans_every_word_under_the_same_cap(many_words):
    started = time.monotonic()
    with pytest.raises(QueryError, match=f"'\\*q\\*' matches more than {MAX_EXPANSION} words; give more letters \\("):
        many_words.search("*q*")  # all 800 words hold a q
    assert time.monotonic() - started < 1.0
    assert many_words.search("*ja").total > 0  # the 10 words that end in ja (zqaja, zqbja...)
    assert many_words.search("?qabc").total > 0


def test_wildcards_past_the_cap_for_the_whole_query_are_refused(many_words):
    under = " ".join(f"zq{a}*" for a in "abcdefghij")  # 800 words in all
    assert many_words.search(under).total > 0
    q = under + " " + " ".join(f"zq{a}{b}*" for a in "abc" for b in "abcdefghij")  # and 240 more
    with pytest.raises(QueryError, match=f"more than {MAX_TOTAL_EXPANSION} words in all"):
        many_words.search(q)


def test_control_characters_and_bidi_marks_are_harmless(engine):
    for q in ("Castro\x00", "\u202eCastro", "Castro\u200b", "\ufeffCastro"):
        assert engine.search(q).total >= 0


@pytest.mark.parametrize("q, position", [
    ("title:", 1), ("date:", 1), ("classification:", 1), ("Castro title:", 8), ("title: letter", 1),
    ("doc: Castro", 1), ("(Castro OR summary:)", 12),
])
def test_a_field_without_a_value_is_an_error_at_its_position(q, position):
    with pytest.raises(QueryError, match=r"needs a value right after the colon") as e:
        parse(q)
    assert e.value.position == position


def test_a_word_with_a_colon_that_is_no_field_is_still_a_word():
    assert parse("Re: Cuba") is not None  # "Re:" is not a field: the words are searched


@pytest.mark.parametrize("q, position", [("Castro^x", 7), ("Castro^", 7), ('"Fidel Castro"^x', 15), ("^2", 1),
                                         ("Castro^2^3", 7)])
def test_a_boost_needs_a_number_after_a_word(q, position):
    with pytest.raises(QueryError, match=r"boost") as e:
        parse(q)
    assert e.value.position == position


def test_boosts_that_are_numbers_parse():
    assert parse("Castro^2").boost == 2.0 and parse("Castro^1.5").boost == 1.5
    assert parse('"Fidel Castro"^3').boost == 3.0


@pytest.mark.parametrize("q", ['"unclosed', "(Castro", "Castro)", "title:", "Castro^x", "date:[1962 TO",
                               "Castro AND", "bogus:x"])
def test_the_position_of_an_error_is_the_one_its_message_gives(q):
    """1-based, as the message says: query[position - 1] is where the problem starts."""
    with pytest.raises(QueryError) as e:
        parse(q)
    said = re.search(r"at position (\d+): (.*)»(.*)\)$", str(e.value))
    assert said and int(said.group(1)) == e.value.position
    assert said.group(2) == q[:e.value.position - 1] and said.group(3) == q[e.value.position - 1:]
