"""Checks of the public API's arguments: a wrong type is a TypeError and a value out of bounds a ValueError,
each naming the parameter, before anything is read (the CLI validates its options before it calls the API).
"""

from __future__ import annotations

import math
import operator
import os
from datetime import date, datetime
from typing import Any, Callable

MAX_LIMIT = 10_000  # hits on one page: a page is made of stored fields and snippets, unlike the total
SORTS = ("relevance", "date", "-date")


def _kind(value: Any) -> str:
    return type(value).__name__


def text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_kind(value)}")
    return value


def optional_text(name: str, value: Any) -> str | None:
    return None if value is None else text(name, value)


def integer(name: str, value: Any, minimum: int, maximum: int | None = None) -> int:
    """An int (or an int-like such as numpy's), not a bool or a float, within the bounds."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not bool")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, not {_kind(value)} ({value!r})") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {number}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{name} must be at most {maximum}, not {number}")
    return number


def seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {_kind(value)}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number of seconds, 0 or more, not {value}")
    return float(value)


def flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {_kind(value)}")
    return value


def choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}")
    return value


def strings(name: str, value: Any) -> list[str]:
    """A str, or an iterable of str (a list, a tuple, a set...), as a list; empty strings left out."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (bytes, bytearray)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a str or an iterable of str, not {_kind(value)}")
    out = list(value)
    for item in out:
        if not isinstance(item, str):
            raise TypeError(f"{name} must hold str values, not {_kind(item)} ({item!r})")
    return [item for item in out if item]


def filter_date(name: str, value: Any) -> str | date | None:
    """A date filter: None, a datetime.date (a datetime is taken as its date) or a str to parse."""
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"{name} must be a str such as '1962-10', a datetime.date or None, not {_kind(value)}")


def path(name: str, value: Any) -> str | os.PathLike:
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or os.PathLike), not {_kind(value)}")
    if isinstance(value, str) and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def optional_path(name: str, value: Any) -> str | os.PathLike | None:
    return None if value is None else path(name, value)


def sources(value: Any) -> list[str | os.PathLike] | None:
    """Files and folders to index: one path (a str or a PathLike is one source, never its characters), an
    iterable of paths, or None for the sources the index remembers."""
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)):
        return [path("sources", value)]
    if isinstance(value, (bytes, bytearray)) or not hasattr(value, "__iter__"):
        raise TypeError(f"sources must be a path or an iterable of paths, not {_kind(value)}")
    return [path("sources", item) for item in value] or None


def callback(name: str, value: Any) -> Callable | None:
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be a callable or None, not {_kind(value)}")
    return value


def search_basics(query: Any, limit: Any, offset: Any, date_from: Any, date_to: Any, classification: Any,
                  language: Any, doc: Any) -> tuple:
    """The arguments every backend's ``search`` shares, checked in this order: (query, limit, offset, date_from,
    date_to, classification, language, doc)."""
    return (text("query", query), integer("limit", limit, 1, MAX_LIMIT), integer("offset", offset, 0),
            filter_date("date_from", date_from), filter_date("date_to", date_to),
            strings("classification", classification), strings("language", language), strings("doc", doc))
