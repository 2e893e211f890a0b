""""Did you mean": spellings from the index's own vocabulary for query words it does not hold.

A query word that matches no passage, searched as the query searches it (its stem, its transliterations,
its aliases, in every field it is searched in), such as a misspelling, an OCR error or another
transliteration ("Khrushchov"), is replaced by the nearest term the index holds (within one edit, else
two; among equals, the most frequent), written as the word form seen most often for that term
("Khrushchev"). A word that matches is never corrected: "Алексеев" finds "Алексееву" through their
common transliteration, though their Russian stems differ.
"""

from __future__ import annotations

import re
from typing import Callable

from .parser import Bool, Word

FIELDS = ("body", "title")
MAX_SUGGESTIONS = 1


def suggest(query: str, node, searcher, vocabulary: Callable[[], dict], aliases=None,
            matches_any: Callable[[object], bool] | None = None) -> tuple[str, ...]:
    """Corrected versions of ``query`` (at most MAX_SUGGESTIONS), or () when every word matches.

    ``matches_any(whoosh query)`` says whether a query matches a passage (by default whoosh is asked)."""
    from ..analysis.stemming import stem
    from ..analysis.tokens import TOKEN_PATTERN, fold
    from .compiler import Compiler

    reader = searcher.reader()
    probe = Compiler(reader, query, aliases)  # apart from the query's own: its highlights stay as they are
    replacements: list[tuple[int, int, str]] = []
    vocab = None
    for w in _words(node):
        words = re.findall(TOKEN_PATTERN, w.text)
        if len(words) != 1 or w.fuzzy or "*" in w.text or "?" in w.text or words[0].isdigit():
            continue
        if matches_any is None:
            found = next(iter(searcher.docs_for_query(probe.compile(w))), None) is not None
        else:
            found = matches_any(probe.compile(w))
        if found:
            continue
        term = stem(fold(words[0]))
        best = _nearest(reader, term)
        if best is None:
            continue
        if vocab is None:
            vocab = vocabulary()
        form = vocab.get(best, [best])[0]
        if words[0][:1].isupper():  # keep the user's capital: "Dismantel" -> "Dismantle"
            form = form[:1].upper() + form[1:]
        start = query.find(words[0], w.pos)
        if start >= 0 and form.lower() != words[0].lower():
            replacements.append((start, start + len(words[0]), form))
    if not replacements:
        return ()
    corrected = query
    for start, end, form in sorted(replacements, reverse=True):
        corrected = corrected[:start] + form + corrected[end:]
    return (corrected,)


def _words(node):
    if isinstance(node, Word):
        if node.fields is None or set(node.fields) & set(FIELDS):
            yield node
    elif isinstance(node, Bool):
        for child in (*node.items, *node.required):
            yield from _words(child)


def _nearest(reader, term: str) -> str | None:
    """The index term nearest ``term``: fewest edits first, then most passages (remembered for as long as
    the reader is open: scanning the term list costs more than the search)."""
    if len(term) < 4:
        return None
    from .columns import reader_cache, segments_key

    cache = reader_cache(reader)
    key = ("nearest", segments_key(reader), term)
    if key not in cache:
        cache[key] = _scan_nearest(reader, term)
    return cache[key]


def _scan_nearest(reader, term: str) -> str | None:
    for distance in (1, 2):
        candidates = {t for f in FIELDS for t in reader.terms_within(f, term, distance, prefix=1)}
        candidates.discard(term)
        if candidates:
            return max(sorted(candidates), key=lambda t: sum(reader.doc_frequency(f, t) for f in FIELDS))
    return None


def respelling(reader, term: str, typed: str, vocabulary: Callable[[], dict]) -> tuple[str, str] | None:
    """(index term, word form) to search beside ``typed``, a query word whose index term ``term`` no passage
    holds: the nearest term within one edit (two for words of more than six letters). A capitalised word
    is taken for a name and only respelled as a name ("Dobrinin" -> Dobrynin), never as a common word
    ("Ruby" is not searched as "ruble")."""
    best = _nearest(reader, term)
    if best is None:
        return None
    if len(typed) <= 6 and not any(best in reader.terms_within(f, term, 1, prefix=1) for f in FIELDS):
        return None
    form = vocabulary().get(best, [best])[0]
    if typed[:1].isupper() and not form[:1].isupper():
        return None
    return best, form
