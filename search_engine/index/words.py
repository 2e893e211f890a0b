"""The words of a generation as written: each folded word, its stem, the form the documents write it in most
often, and how often; an SQLite table (``words.sqlite``), read where it lies.

A query reads a few rows of it, never all: the stems of its words (so a query made of words the documents use
is stemmed without importing nltk), the words a wildcard matches (``assassinat*``, ``*ation``: one indexed range
or one scan in C), the form to show for a suggested word or an index term (``khrushchev`` -> "Khrushchev").
It replaces two JSON maps (every word's stem, every stem's commonest form) that each new process parsed whole
before its first query: 8 MB each for the 25 MB of the OCR corpus.

Rows: ``word`` (folded: case, accents, ё), ``stem`` (NULL when the word is its own stem), ``form`` (NULL when
the documents write it as folded), ``n`` (times written in the documents; 0 for a transliteration, kept for its
stem only). A build copies the previous generation's table and adds the words of the files it read (a word of
a removed document stays, as its index terms do until segments merge: a wildcard that matches it finds nothing
more).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Iterable

from .published import PublishedDatabase

_SCHEMA = """
CREATE TABLE words (word TEXT PRIMARY KEY, stem TEXT, form TEXT, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX by_stem ON words (stem, n) WHERE stem IS NOT NULL;
CREATE TABLE spelt (term TEXT, word TEXT, PRIMARY KEY (term, word)) WITHOUT ROWID;
"""
# spelt: each Cyrillic word the documents write under the Latin terms of its transliterations (хрущева under
# khrushchev): with the words whose stem a term is, the words other than the term itself that stand where it
# is posted, which an exact search of a word that is its own stem (=khrushchev) leaves out (see spellings)
# by_stem holds only the words that are not their own stem (a word that is, is found by its primary key): most
# words of OCR'd text are read once and are their own stem, and an index of every word took as much room as
# the table


_MAX_ANSWERS = 65_536  # look-ups a table remembers (all forgotten at once past it)


class Words(PublishedDatabase):
    """A generation's words table, opened read-only on first use (a reader never writes into the index).

    Its answers are remembered: the table never changes once published, and the queries of one engine ask the
    same few things again (the thesaurus's names are checked against it for every query that names one of
    their groups, about a tenth of the time of such a query)."""

    def __init__(self, path: Path):
        super().__init__(path)
        self._answers: dict[tuple, tuple] = {}

    def _rows(self, sql: str, args=()) -> tuple:
        key = (sql, args)
        found = self._answers.get(key)
        if found is None:
            found = tuple(super()._rows(sql, args))
            if len(self._answers) >= _MAX_ANSWERS:
                self._answers.clear()
            self._answers[key] = found
        return found

    def stem(self, word: str) -> str | None:
        """The stem of a folded word, as the build's Snowball stemmer made it; None for an unknown word."""
        rows = self._rows("SELECT coalesce(stem, word) FROM words WHERE word = ?", (word,))
        return rows[0][0] if rows else None

    def written(self, word: str) -> str | None:
        """How the documents write a folded word most often ("khrushchev" -> "Khrushchev")."""
        rows = self._rows("SELECT coalesce(form, word) FROM words WHERE word = ? AND n > 0", (word,))
        return rows[0][0] if rows else None

    def form_of_stem(self, stem: str) -> str | None:
        """The word the documents write most often among those with this stem ("missil" -> "missiles")."""
        rows = self._rows("SELECT coalesce(form, word) FROM words WHERE (stem = ?1 OR (word = ?1 AND stem IS NULL)) "
                           "AND n > 0 ORDER BY n DESC, word LIMIT 1", (stem,))
        return rows[0][0] if rows else None

    def spellings(self, term: str) -> list[str]:
        """The words the documents write, other than ``term`` itself, that the index posts under the term
        ``term``: the words whose stem it is, and the Cyrillic words it is a transliteration of. Each of them
        has its written form posted beside it (``=castro's``: see analysis.stemming.posted_terms)."""
        rows = self._rows("SELECT word FROM words WHERE stem = ?1 AND n > 0 "
                           "UNION SELECT word FROM spelt WHERE term = ?1", (term,))
        return sorted(r[0] for r in rows if r[0] != term)

    def matching(self, pattern: str, limit: int) -> list[str]:
        """The folded words the documents write that match a wildcard pattern (``*`` any letters, ``?`` one),
        at most ``limit`` + 1 of them (one more than the limit tells the caller it was reached)."""
        if not re.fullmatch(r"[\w'*?]+", pattern):  # no word holds anything else (and GLOB reads [ ] specially)
            return []
        first = min((i for i, c in enumerate(pattern) if c in "*?"), default=len(pattern))
        prefix = pattern[:first]
        if prefix:  # a range of the primary key, then the pattern
            rows = self._rows("SELECT word FROM words WHERE word >= ? AND word < ? AND word GLOB ? AND n > 0 "
                               "ORDER BY word LIMIT ?", (prefix, _after(prefix), pattern, limit + 1))
        else:  # a leading wildcard: every word is looked at (in C; about 0.1 s for the 400,000 of the OCR corpus)
            rows = self._rows("SELECT word FROM words WHERE word GLOB ? AND n > 0 ORDER BY word LIMIT ?",
                               (pattern, limit + 1))
        return [r[0] for r in rows]


def _after(prefix: str) -> str:
    """The least string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def write_words(path: Path, previous: Path | None, forms: dict[str, dict[str, int]], stems: dict[str, str]) -> None:
    """Write the words table of a new generation: the previous one's, with ``forms`` (folded word -> written
    form -> times) and ``stems`` (word -> stem, transliterations included) of the files this build read."""
    from .writer import _open_output

    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    if previous is not None and previous.is_file():
        with open(previous, "rb") as src, _open_output(tmp) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    else:
        _open_output(tmp).close()  # created through the one place a full disk is simulated
    db = sqlite3.connect(tmp, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # a failed build removes the whole file: no journal needed
        db.execute("PRAGMA synchronous = OFF")  # the generation is synced as a whole before it is published
        if previous is None or not previous.is_file():
            db.executescript(_SCHEMA)
        db.execute("BEGIN")
        old = dict(_rows(db, forms.keys()))
        rows = []
        for word, counts in forms.items():
            stem = stems.get(word, word)
            n, form = _commonest(counts)
            if word in old:
                old_form, old_n = old[word]
                n, form = n + old_n, form if n >= old_n else old_form
            rows.append((word, None if stem == word else stem, None if form == word else form, n))
        db.executemany("INSERT OR REPLACE INTO words VALUES (?, ?, ?, ?)", rows)
        db.executemany("INSERT OR IGNORE INTO words VALUES (?, ?, NULL, 0)",
                       ((w, None if s == w else s) for w, s in stems.items() if w not in forms))
        db.executemany("INSERT OR IGNORE INTO spelt VALUES (?, ?)", _spelt(forms))
        db.execute("COMMIT")
        if previous is None or not previous.is_file():
            # a new table, its rows added in no order, leaves about a tenth of each page empty: written again in order,
            # the OCR corpus's table and index take 11.60 MB, not 12.86 (an update adds its rows to a copy as they come)
            db.execute("VACUUM")
    finally:
        db.close()
    os.replace(tmp, path)


def _spelt(words: Iterable[str]):
    """(Latin term, Cyrillic word) for each Cyrillic word of ``words`` and the terms of its transliterations."""
    from ..analysis.stemming import index_terms
    from ..analysis.tokens import CYRILLIC

    for word in words:
        if CYRILLIC.search(word):
            yield from ((term, word) for term in index_terms(word)[1:])


def _rows(db: sqlite3.Connection, words: Iterable[str]):
    """(word, (form, n)) for the given words the table holds."""
    words = list(words)
    for i in range(0, len(words), 500):
        chunk = words[i:i + 500]
        yield from ((w, (f or w, n)) for w, f, n in db.execute(
            f"SELECT word, form, n FROM words WHERE word IN ({','.join('?' * len(chunk))})", chunk))


def _commonest(counts: dict[str, int]) -> tuple[int, str]:
    """(times written in all, the form to show): the commonest form that is not all capitals (a cable's
    "MISSILES" says nothing of how the word is written), a capitalised one among equals (a name); the word
    in lower case if it is only ever written in capitals."""
    total = sum(counts.values())
    shown = [(n, form[:1].isupper(), form) for form, n in counts.items() if not (form.isupper() and len(form) > 1)]
    if not shown:
        return total, next(iter(counts)).lower()
    return total, max(shown)[2]
