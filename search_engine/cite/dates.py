"""Dates as citations write them: "October 27, 1962", "October 1962", "October 27–29, 1962"."""

from __future__ import annotations

from ..model import DateRange

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def date_text(date: DateRange | None) -> str:
    """A date or span in words, month first (Chicago's form); "" when undated."""
    if date is None:
        return ""
    s, e = date.start, date.end
    iso = date.iso
    if date.exact:
        return f"{MONTHS[s.month - 1]} {s.day}, {s.year}"
    if iso == f"{s.year:04d}":
        return str(s.year)
    if iso == f"{s.year:04d}-{s.month:02d}":
        return f"{MONTHS[s.month - 1]} {s.year}"
    if s.year == e.year and s.month == e.month:
        return f"{MONTHS[s.month - 1]} {s.day}–{e.day}, {s.year}"
    if s.year == e.year:
        return f"{MONTHS[s.month - 1]} {s.day}–{MONTHS[e.month - 1]} {e.day}, {s.year}"
    return f"{MONTHS[s.month - 1]} {s.day}, {s.year}–{MONTHS[e.month - 1]} {e.day}, {e.year}"


def date_parts(date: DateRange | None) -> list[int] | None:
    """The date as [year, month, day], shortened to what is known for a whole month or year; a span's
    start otherwise (its end is in ``span_parts``)."""
    if date is None:
        return None
    s = date.start
    iso = date.iso
    if iso == f"{s.year:04d}":
        return [s.year]
    if iso == f"{s.year:04d}-{s.month:02d}":
        return [s.year, s.month]
    return [s.year, s.month, s.day]


def zotero_date(date: DateRange | None) -> str:
    """What Zotero reads as the date: the day, month or year that is known; a span's start (the span itself
    goes into the item's extra field)."""
    parts = date_parts(date)
    return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts)) if parts else ""
