"""Text analysis: Unicode tokenizer, case/diacritic folding and nltk Snowball stemming.

One analyzer serves every language: each token is stemmed by the Snowball stemmer of its script
(Cyrillic -> Russian, Latin -> English), so a document that mixes a Russian original with an English
translation is analysed correctly word by word. nltk is imported on the first stem, not before:
opening an index or listing documents never pays for it.

Names cross scripts: a Cyrillic word is indexed with its BGN/PCGN transliteration beside it, at the same
position, so "Khrushchev" finds Хрущёва and Хрущёв finds "Khrushchev" (see :func:`index_terms`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.fields import TEXT

# words, with inner apostrophes kept (Kennedy's, It’s) so the stemmer can take off the possessive
TOKEN_PATTERN = r"[^\W_]+(?:['’][^\W_]+)*"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")


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


_stemmers: dict[str, object] = {}
# stems the index already knows (its stems.json, loaded when it is opened): a query made of words the
# documents use is stemmed without importing nltk, which is most of the cost of a cold search
_known_stems: dict[str, str] = {}


def know_stems(stems: dict[str, str]) -> None:
    """Take word -> stem pairs computed by the Snowball stemmers when the index was built."""
    _known_stems.update(stems)


def _stemmer(language: str):
    if language not in _stemmers:
        from nltk.stem.snowball import (  # about 0.2 s: only when stemming
            EnglishStemmer,
            RussianStemmer,
        )

        _stemmers["english"] = EnglishStemmer()
        _stemmers["russian"] = RussianStemmer()
    return _stemmers[language]


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Stem a folded word with the Snowball stemmer of its script; numbers and other scripts pass."""
    if word.isdigit() or len(word) < 3:
        return word
    known = _known_stems.get(word)
    if known is not None:
        return known
    if _LATIN.search(word):
        return _stemmer("english").stem(word)
    if _CYRILLIC.search(word):
        return _stemmer("russian").stem(word)
    return word


@lru_cache(maxsize=200_000)
def index_terms(word: str) -> tuple[str, ...]:
    """Every index term of a folded word: its stem, and for a Cyrillic word the English-stemmed
    transliterations of its Russian stem and of the word itself (хрущева -> хрущев, khrushchev, khrushcheva).

    The first term is the word's own; the others are indexed at the same position and searched as
    alternatives, never in phrases.
    """
    own = stem(word)
    if not _CYRILLIC.search(word):
        return (own,)
    from .languages import transliterate

    out = [own]
    for latin in (transliterate(own), transliterate(word)):
        term = stem(latin)
        if term not in out:
            out.append(term)
    return tuple(out)


class FoldFilter(Filter):
    """Case and diacritic folding (see :func:`fold`)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class StemFilter(Filter):
    """Snowball stemming by script, with the transliterations of Cyrillic words at the same position."""

    def __call__(self, tokens):
        for t in tokens:
            if t.stopped:
                yield t
                continue
            found = index_terms(t.text)
            t.text = found[0]
            yield t
            for extra in found[1:]:
                t.text = extra
                yield t


def text_analyzer():
    """The analyzer of every full-text field: tokenize, fold, stem."""
    return RegexTokenizer(TOKEN_PATTERN) | FoldFilter() | StemFilter()


class IndexedText(TEXT):
    """A full-text field (``text_analyzer``, positions for phrases) that indexes a value without whoosh's
    token objects: the same postings as ``TEXT.index`` (a test compares them), about three times faster,
    which is most of the time whoosh spends on a document before its commit."""

    _PATTERN = re.compile(TOKEN_PATTERN)

    def index(self, value, **kwargs):
        positions: dict[str, list[int]] = {}
        for pos, match in enumerate(self._PATTERN.finditer(value)):
            word = match.group(0)
            found = _WORD_TERMS.get(word)
            if found is None:
                found = _WORD_TERMS[word] = index_terms(fold(word))
            for term in found:
                positions.setdefault(term, []).append(pos)
        boost = self.format.field_boost
        encode = self.format.encode
        for term, where in positions.items():
            yield term.encode("utf-8"), len(where), len(where) * boost, encode(where)


_WORD_TERMS: dict[str, tuple[str, ...]] = {}  # a word as written -> its index terms
_TOKEN_RE = re.compile(TOKEN_PATTERN)


def keyword_analyzer():
    """Classification markings and other exact words: tokenize and fold, no stemming."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldFilter()


def stems_of(words) -> dict[str, str]:
    """word -> stem for folded words and, for Cyrillic ones, their transliterations (what index_terms
    stems), leaving out the words that stem to themselves without nltk (numbers, short words)."""
    from .languages import transliterate

    out: dict[str, str] = {}
    for word in words:
        forms = [word]
        if _CYRILLIC.search(word):
            own = stem(word)
            forms += [transliterate(own), transliterate(word)]
        for form in forms:
            if not (form.isdigit() or len(form) < 3) and (_LATIN.search(form) or _CYRILLIC.search(form)):
                out[form] = stem(form)
    return out


def terms(text: str) -> list[str]:
    """The index terms of a text, in order (for tests and for the highlighter)."""
    return [stem(fold(m.group(0))) for m in re.finditer(TOKEN_PATTERN, text)]


def tokens_with_offsets(text: str) -> list[tuple[tuple[str, ...], int, int]]:
    """(index terms, start, end) for each word of ``text``: the highlighter's view of a stored field."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group(0)
        found = _WORD_TERMS.get(word)
        if found is None:
            found = _WORD_TERMS[word] = index_terms(fold(word))
        out.append((found, m.start(), m.end()))
    return out
