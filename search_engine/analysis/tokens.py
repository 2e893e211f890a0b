"""Tokens and folding: what a word is, and the case- and diacritic-folded form every stage compares.

Text arrives in more than one Unicode form: a decomposed "Be\u0301rlin" (macOS file names, pasted text)
and a zero-width space or soft hyphen inside a word (web pages, OCR) must be the word they look like. So
a word runs on across combining marks and invisible format characters (:data:`TOKEN_PATTERN`), and
:func:`normalize` (NFC, format characters removed) is applied to every word before it is folded: the
index, the highlighter, the query, suggestions and aliases all tokenize and fold through this module.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# combining marks (the diacritics blocks and Cyrillic's) and invisible format characters (soft hyphen,
# zero-width space, non-joiner and joiner, direction marks and embeddings, word joiner, byte-order mark)
# that may stand inside a word
_JOINERS = ("\u00ad\u0300-\u036f\u0483-\u0489\u061c\u180e\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f"
            "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u20d0-\u20ff\ufe20-\ufe2f\ufeff")
_WORD = rf"[^\W_]+(?:[{_JOINERS}]+[^\W_]*)*"
# words, with inner apostrophes kept (Kennedy's, It’s) so the stemmer can take off the possessive
TOKEN_PATTERN = rf"{_WORD}(?:['’]{_WORD})*"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# the mark of a word's written form among the index terms of a field (Manticore's "=word"): "=missiles" is the
# folded word as written, beside its stem "missil"; no stem starts with it (a token is letters and digits)
SURFACE = "="
LATIN = re.compile(r"[a-z]")


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "йЙ":
        return c.lower()
    return "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))


@lru_cache(maxsize=200_000)
def normalize(word: str) -> str:
    """A word in one Unicode form: composed (NFC: "Be\u0301rlin" -> "Bérlin"), format characters removed
    ("Ber\u200blin" -> "Berlin"). Case and diacritics are kept (see :func:`fold`)."""
    if word.isascii():
        return word
    if any(unicodedata.category(c) == "Cf" for c in word):
        word = "".join(c for c in word if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFC", word)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Normalized (see :func:`normalize`), lower-case, ё -> е, diacritics stripped (Dorticós -> dorticos),
    compatibility forms spelt out (ﬁ -> fi), curly apostrophes -> '."""
    word = word.lower()
    if word.isascii():
        return word
    word = normalize(word).replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return "".join(_fold_char(c) if not c.isascii() else c for c in word)


def normalize_text(text: str) -> str:
    """:func:`normalize` of a whole text, not cached (a cache of every paragraph and document a build reads
    held them all to its end)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text.translate(_FORMAT_CHARACTERS))


def fold_text(text: str) -> str:
    """:func:`fold` of a whole text, not cached, and a character at a time in C (str.translate)."""
    text = text.lower()
    if text.isascii():
        return text
    return normalize_text(text).replace("ё", "е").replace("’", "'").replace("ʼ", "'").translate(_FOLDED)


class _Characters(dict):
    """A str.translate table filled as characters are met: ``rule(c)`` for each."""

    def __init__(self, rule):
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int):
        c = chr(code)
        self[code] = value = self.rule(c)
        return value


# format characters removed (normalize), other characters folded one by one (fold)
_FORMAT_CHARACTERS = _Characters(lambda c: "" if unicodedata.category(c) == "Cf" else c)
_FOLDED = _Characters(lambda c: c if c.isascii() else _fold_char(c))


def surface(word: str) -> str:
    """The index term of a word as written: folded (case, accents, ё), not stemmed; ``=missiles``."""
    return SURFACE + fold(word)
