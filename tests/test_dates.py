"""Tests for search_engine.vocabulary.dates: parse_date, date_line, dateline and find_dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search_engine.model import DateRange
from search_engine.vocabulary.dates import date_line, dateline, find_dates, parse_date

D = date

# (text, start, end, iso)
PARSE_CASES = [
    ("28 October 1962", D(1962, 10, 28), D(1962, 10, 28), "1962-10-28"),
    ("October 28, 1962", D(1962, 10, 28), D(1962, 10, 28), "1962-10-28"),
    ("28.X.1962", D(1962, 10, 28), D(1962, 10, 28), "1962-10-28"),
    ("1.XI.62", D(1962, 11, 1), D(1962, 11, 1), "1962-11-01"),
    ("1962-10-28", D(1962, 10, 28), D(1962, 10, 28), "1962-10-28"),
    ("1962-10-28T14:00:00", D(1962, 10, 28), D(1962, 10, 28), "1962-10-28"),
    ("Oct. 1962", D(1962, 10, 1), D(1962, 10, 31), "1962-10"),
    ("1962", D(1962, 1, 1), D(1962, 12, 31), "1962"),
    ("1962?", D(1962, 1, 1), D(1962, 12, 31), "1962"),
    ("ca. 1962", D(1962, 1, 1), D(1962, 12, 31), "1962"),
    # an impossible day: the raw string is kept and the date falls back to the month it names
    ("31.02.1962", D(1962, 2, 1), D(1962, 2, 28), "1962-02"),
    ("28 октября 1962 г.", D(1962, 10, 28), D(1962, 10, 28), "1962-10-28"),
    ("10/28/62", D(1962, 10, 28), D(1962, 10, 28), "1962-10-28"),
]


@pytest.mark.parametrize(("text", "start", "end", "iso"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse_date(text, start, end, iso):
    d = parse_date(text)
    assert isinstance(d, DateRange)
    assert (d.start, d.end) == (start, end)
    assert d.iso == iso
    assert d.exact == (start == end)
    assert d.raw == text  # the string as written is kept, never a normalised form


def test_parse_date_month_range_is_whole_month():
    d = parse_date("Oct. 1962")
    assert d.start == D(1962, 10, 1)
    assert d.end == D(1962, 10, 31)
    assert not d.exact
    assert d.iso == "1962-10"


def test_parse_date_impossible_day_keeps_raw_and_falls_back_to_month():
    d = parse_date("31.02.1962")
    assert d.raw == "31.02.1962"
    assert not d.exact
    assert (d.start, d.end) == (D(1962, 2, 1), D(1962, 2, 28))


def test_parse_date_strips_surrounding_space():
    d = parse_date("   28 October 1962 \n")
    assert d.iso == "1962-10-28"
    assert d.raw == "28 October 1962"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "no date in this sentence", "Instructions to the Soviet Embassy in Cuba", "Protocol No. 63"],
)
def test_parse_date_none_without_a_date(text):
    assert parse_date(text) is None


# -- date_line -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("from 28 October 1962", "1962-10-28"),
        ("28 October 1962", "1962-10-28"),
        ("October 28, 1962", "1962-10-28"),
        ("28 октября 1962 г.", "1962-10-28"),
        # a diary's or letter's day names its weekday
        ("Tuesday, October 16, 1962", "1962-10-16"),
        ("Sun. 28 October 1962", "1962-10-28"),
        ("воскресенье, 28 октября 1962 г.", "1962-10-28"),
        # a teletype's date with hyphens, US order as with slashes
        ("11-22-63", "1963-11-22"),
        ("22-11-1963", "1963-11-22"),
    ],
)
def test_date_line_accepts_a_line_that_is_only_a_date(line, iso):
    d = date_line(line)
    assert d is not None
    assert d.iso == iso
    assert d.raw == line.strip()


@pytest.mark.parametrize(
    "line",
    [
        "The Presidium met on 28 October 1962 to discuss the situation in Cuba.",
        "Protocol No. 63 (continuation) Session of 28 October 1962",
        "Sent 28 October 1962, received 1.XI.62",  # two dates: not one dateline
        "Approve the draft instructions to the Soviet Embassy in Cuba.",
    ],
)
def test_date_line_rejects_a_sentence(line):
    assert date_line(line) is None


# -- dateline ------------------------------------------------------------------------------------


def test_dateline_place_and_date():
    result = dateline("Moscow, October 27, 1962")
    assert result is not None
    place, d = result
    assert place == "Moscow"
    assert d.start == d.end == D(1962, 10, 27)
    assert d.iso == "1962-10-27"


# a meeting or a conference over several days: FRUS heads the Vienna summit's records "Vienna, June 3-4, 1961"; the
# whole span is the document's date, never its last day alone, a bare year, or "June 3-4" taken for the place
DAY_SPANS = [
    ("Vienna, June 3–4, 1961", "Vienna", D(1961, 6, 3), D(1961, 6, 4)),
    ("Vienna, June 3-4, 1961", "Vienna", D(1961, 6, 3), D(1961, 6, 4)),
    ("Paris, December 12 and 13, 1961", "Paris", D(1961, 12, 12), D(1961, 12, 13)),
    ("Moscow, October 30-November 1, 1962", "Moscow", D(1962, 10, 30), D(1962, 11, 1)),
    ("Geneva, 30 July–2 August 1962", "Geneva", D(1962, 7, 30), D(1962, 8, 2)),
    ("Geneva, 30 December–2 January 1962", "Geneva", D(1961, 12, 30), D(1962, 1, 2)),
    ("Moscou, du 3 au 4 juin 1961", "Moscou", D(1961, 6, 3), D(1961, 6, 4)),
    ("Washington, December 30, 1961–January 2, 1962", "Washington", D(1961, 12, 30), D(1962, 1, 2)),
]


@pytest.mark.parametrize(("line", "place", "start", "end"), DAY_SPANS, ids=[c[0] for c in DAY_SPANS])
def test_a_span_of_days_is_the_date_of_a_dateline(line, place, start, end):
    found = dateline(line)
    assert found is not None and found[0] == place
    assert (found[1].start, found[1].end) == (start, end)
    alone = line.split(", ", 1)[1]
    assert (parse_date(alone).start, parse_date(alone).end) == (start, end)
    assert (date_line(alone).start, date_line(alone).end) == (start, end)


@pytest.mark.parametrize("text", ["June 4-3, 1961", "31-32 May 1962", "30 February-2 March 1962"])
def test_days_out_of_order_or_unreal_are_no_span(text):
    found = parse_date(text)
    # one of its days, or the month or year it names, never a span of days
    assert found is None or found.exact or found.start.day == 1


@pytest.mark.parametrize(
    "line",
    [
        "October 27, 1962",  # no place
        "We met in Moscow, October 27, 1962, and talked for hours.",
        "Moscow and Washington",  # no date
    ],
)
def test_dateline_rejects_other_lines(line):
    assert dateline(line) is None


# -- find_dates ----------------------------------------------------------------------------------


def test_find_dates_offsets_and_order():
    text = "Sent 28 October 1962, received 1.XI.62."
    found = find_dates(text)
    assert [d.iso for d, _, _ in found] == ["1962-10-28", "1962-11-01"]
    for d, start, end in found:
        assert text[start:end] == d.raw
    starts = [s for _, s, _ in found]
    assert starts == sorted(starts)


def test_find_dates_prefers_the_most_specific_reading():
    # "28 October 1962" must not also yield "October 1962" or "1962"
    found = find_dates("on 28 October 1962")
    assert len(found) == 1
    assert found[0][0].iso == "1962-10-28"


def test_find_dates_empty():
    assert find_dates("nothing to see here") == []


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_date_and_date_line_never_raise(text):
    for result in (parse_date(text), date_line(text)):
        assert result is None or isinstance(result, DateRange)
        if result is not None:
            assert result.start <= result.end
    dl = dateline(text)
    assert dl is None or (isinstance(dl[0], str) and isinstance(dl[1], DateRange))


@pytest.mark.parametrize("text", ["file 105-82555-12", "89-11-22-63", "Central Files, 737.00/10-2762", "4-5-6-7"])
def test_numbers_joined_by_hyphens_are_no_date(text):
    assert find_dates(text) == []
