"""Stemming: nltk's Snowball stemmer of each word's script, and the index terms of a word.

Each token is stemmed by the Snowball stemmer of its script (Cyrillic -> Russian, Latin -> English), so a
document that mixes a Russian original with an English translation is analysed correctly word by word.
nltk is imported on the first stem, not before: opening an index or listing documents never pays for it.

Names cross scripts: a Cyrillic word is indexed with its BGN/PCGN transliteration beside it, at the same
position, so "Khrushchev" finds Хрущёва and Хрущёв finds "Khrushchev" (see :func:`index_terms`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .tokens import CYRILLIC, LATIN, SURFACE, TOKEN_PATTERN, fold

_stemmers: dict[str, object] = {}
# where the stems the indexes already know are looked up (each open index's words table: see index.words): a
# query made of words the documents use is stemmed without importing nltk, most of the cost of a cold search
_known_stems: list = []


def know_stems(lookup) -> None:
    """Look stems up with ``lookup(word) -> stem or None`` (the Snowball stems computed when an index was
    built) before stemming a word."""
    if lookup not in _known_stems:
        _known_stems.append(lookup)


def forget_stems(lookup) -> None:
    """Stop looking stems up with ``lookup`` (its index was closed)."""
    if lookup in _known_stems:
        _known_stems.remove(lookup)


def _stemmer(language: str):
    if language not in _stemmers:
        english, russian = _snowball()
        _stemmers["english"] = english()
        _stemmers["russian"] = russian()
    return _stemmers[language]


def stemmers_loaded() -> bool:
    """Whether this process has stemmed a word with nltk's Snowball stemmers (a word no index knew)."""
    return bool(_stemmers)


def _snowball():
    """nltk's English and Russian Snowball stemmers, without running nltk's package ``__init__`` where it can (see
    :func:`_snowball_alone`), else imported the usual way."""
    found = _snowball_alone()
    if found is None:
        from nltk.stem.snowball import EnglishStemmer, RussianStemmer

        found = EnglishStemmer, RussianStemmer
    return found


def _snowball_alone():
    """The stemmer classes, or None where they must be imported the usual way (nltk imported already, missing, or
    laid out otherwise). Importing ``nltk.stem.snowball`` the usual way imports all of nltk first (its corpora
    readers, metrics, translation models and NumPy: about 0.45 s of CPU), for two classes that need three small
    modules of it (about 0.02 s). While they load, ``nltk``, ``nltk.stem`` and ``nltk.corpus`` are empty packages
    on nltk's own folders (the corpus's ``stopwords``, which the stemmers read only when told to ignore stop
    words, is looked up in the real ``nltk.corpus`` when first used); then every ``nltk`` module this loaded
    leaves ``sys.modules``, so that a later ``import nltk`` (a program embedding the engine) imports nltk whole,
    as if this had not run."""
    import importlib.util
    import os
    import sys
    import types

    before = {name for name in sys.modules if name == "nltk" or name.startswith("nltk.")}
    spec = importlib.util.find_spec("nltk") if "nltk" not in before else None
    if spec is None or spec.origin is None:
        return None

    class _Stopwords:
        def __getattr__(self, name):
            return getattr(importlib.import_module("nltk.corpus").stopwords, name)

    root = os.path.dirname(spec.origin)
    for name, folder in (("nltk", root), ("nltk.stem", os.path.join(root, "stem")),
                         ("nltk.corpus", os.path.join(root, "corpus"))):
        package = types.ModuleType(name)
        package.__path__ = [folder]
        package.__package__ = name
        sys.modules[name] = package
    sys.modules["nltk.corpus"].stopwords = _Stopwords()
    try:
        snowball = importlib.import_module("nltk.stem.snowball")
        return snowball.EnglishStemmer, snowball.RussianStemmer
    except Exception:  # noqa: BLE001 - any failure: the usual import
        return None
    finally:
        for name in [name for name in sys.modules if name == "nltk" or name.startswith("nltk.")]:
            if name not in before:
                del sys.modules[name]


def load_stemmers() -> None:
    """Load nltk's Snowball stemmers now (see _snowball): a build's process does before it forks the workers
    that read ahead (index.ahead), which then share the import rather than each making its own."""
    _stemmer("english")


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Stem a folded word with the Snowball stemmer of its script; numbers and other scripts pass."""
    if word.isdigit() or len(word) < 3:
        return word
    for lookup in tuple(_known_stems):  # a copy: a closing index may forget its lookup meanwhile
        known = lookup(word)
        if known is not None:
            return known
    return snowball_stem(word)


def snowball_stem(word: str) -> str:
    """:func:`stem` without its lookups: the Snowball stemmer of the word's script (nltk), uncached."""
    if word.isdigit() or len(word) < 3:
        return word
    if LATIN.search(word):
        return _stemmer("english").stem(word)
    if CYRILLIC.search(word):
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
    if not CYRILLIC.search(word):
        return (own,)
    from .transliteration import transliterate

    out = [own]
    for latin in (transliterate(own), transliterate(word)):
        term = stem(latin)
        if term not in out:
            out.append(term)
    return tuple(out)


def stems_of(words, stemmer=stem) -> dict[str, str]:
    """word -> stem for folded words and, for Cyrillic ones, their transliterations (what index_terms
    stems), leaving out the words that stem to themselves without nltk (numbers, short words)."""
    from .transliteration import transliterate

    out: dict[str, str] = {}
    for word in words:
        forms = [word]
        if CYRILLIC.search(word):
            own = stemmer(word)
            forms += [transliterate(own), transliterate(word)]
        for form in forms:
            if not (form.isdigit() or len(form) < 3) and (LATIN.search(form) or CYRILLIC.search(form)):
                out[form] = stemmer(form)
    return out


def terms(text: str) -> list[str]:
    """The index terms of a text, in order (for tests and for the highlighter)."""
    return [stem(fold(m.group(0))) for m in re.finditer(TOKEN_PATTERN, text)]


def tokens_with_offsets(text: str) -> list[tuple[tuple[str, ...], int, int]]:
    """(index terms, start, end) for each word of ``text``: the highlighter's view of a stored field. The
    terms are the word's stems and its written form (``=missiles``)."""
    return [(indexed_terms(m.group(0)), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


_WORD_TERMS: dict[str, tuple[str, ...]] = {}  # a word as written -> its index terms
_TOKEN_RE = re.compile(TOKEN_PATTERN)


_INDEXED: dict[str, tuple[str, ...]] = {}  # a word as written -> its index terms and its written form


def indexed_terms(word: str) -> tuple[str, ...]:
    """Every term a word as written is indexed under: its index terms (:func:`word_terms`), then its written
    form (``=missiles``); cached, as the index, the highlighter and the snippets ask for every word."""
    found = _INDEXED.get(word)
    if found is None:
        found = _INDEXED[word] = (*word_terms(word), SURFACE + fold(word))
    return found


_POSTED: dict[str, tuple[str, ...]] = {}  # a word as written -> the terms the index posts it under


def posted_terms(word: str) -> tuple[str, ...]:
    """The terms the index posts a word as written under: :func:`indexed_terms`, without the written form of a
    word that is its own one index term ("castro", "1962", most words an OCR misreads): its stem's postings
    hold it, and ``=castro`` is searched there (see :func:`written_posted` and query.compiler)."""
    found = _POSTED.get(word)
    if found is None:
        terms = indexed_terms(word)
        found = _POSTED[word] = terms if written_posted(terms[-1][1:]) else terms[:-1]
    return found


def written_posted(folded: str) -> bool:
    """Whether the index posts a folded word's written form (``=missiles``) beside its index terms: not when
    the word is its own one index term, whose postings then hold the word at every position where no other
    word's written form stands."""
    return index_terms(folded) != (folded,)


def word_terms(word: str) -> tuple[str, ...]:
    """The index terms of a word as written (cached: the index and the highlighter ask for every word)."""
    found = _WORD_TERMS.get(word)
    if found is None:
        found = _WORD_TERMS[word] = index_terms(fold(word))
    return found
