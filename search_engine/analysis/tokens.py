"""Tokens and folding: what a word is, and the case- and diacritic-folded form every stage compares."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# words, with inner apostrophes kept (Kennedy's, It’s) so the stemmer can take off the possessive
TOKEN_PATTERN = r"[^\W_]+(?:['’][^\W_]+)*"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[a-z]")


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "йЙ":
        return c.lower()
    return "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case, ё -> е, strip diacritics (Dorticós -> dorticos), curly apostrophes -> '."""
    word = word.lower()
    if word.isascii():
        return word
    word = word.replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return "".join(_fold_char(c) if not c.isascii() else c for c in word)
