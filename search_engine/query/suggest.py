""""Did you mean": spellings from the words as the documents write them, for query words no passage holds.

A query word that matches no passage, searched as the query searches it (its stem, its transliterations,
its aliases, in every field it is searched in), such as a misspelling, an OCR error or another
transliteration ("Khrushchov"), has a nearest word as written in the documents (folded for case and
accents): within one edit, else two; among equals, the one most passages hold; shown as the documents write
it most often ("Khrushchev"). The compiler searches it beside the typed word (see :func:`respelling`);
otherwise it is suggested. A word that matches is never corrected: "Алексеев" finds "Алексееву" through
their common transliteration, though their Russian stems differ.

A capitalised word is taken for a name: it is searched as another spelling only when the documents write
that spelling as a name too ("Dobrinin" -> Dobrynin), never as a common word ("Ruby" is not searched as
"ruble"), and a query that finds nothing is not swapped for one that turns a name into a common word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .parser import Bool, Word

FIELDS = ("body", "title")
MAX_SUGGESTIONS = 1
SHORT_WORD = 6  # letters: a word this short is searched as another spelling only one edit away


@dataclass(frozen=True)
class Correction:
    """A query word no passage holds (``typed``, at ``start:end`` of the query) and the nearest word as
    written in the documents (``form``, with the typed word's capital; "" when there is none)."""

    start: int
    end: int
    typed: str
    form: str
    name: bool  # the documents write ``form`` capitalised: a name
    edits: int = 0  # how far ``form`` is from ``typed``

    @property
    def searchable(self) -> bool:
        """Whether ``form`` may be searched for ``typed`` (the rule :func:`respelling` follows): within one edit,
        or two for a word of more than six letters, and a capitalised word only as a name."""
        return (bool(self.form) and (self.edits <= 1 or len(self.typed) > SHORT_WORD)
                and (self.name or not self.typed[:1].isupper()))


def corrections(query: str, node, searcher, vocabulary: Callable[[], object], aliases=None,
                matches_any: Callable[[object], bool] | None = None, readers=None,
                holds: Callable[[Word], bool] | None = None,
                term_held: Callable[[str, str], bool] | None = None) -> list[Correction]:
    """The plain words of ``query`` that no passage holds, each with its nearest written word.

    ``matches_any(whoosh query)`` says whether a query matches a passage (by default whoosh is asked); searching
    several indexes, ``holds(word)`` says whether any of them holds a word of the query, and ``readers`` are their
    readers, whose words the nearest word is chosen from. ``term_held(field, term)``, when given, says whether a
    passage holds an index term: a word one of whose own terms a passage holds in a field the word searches is
    held without compiling it (its query is those terms or'ed with its other names and spellings)."""
    from ..analysis.stemming import index_terms
    from ..analysis.tokens import TOKEN_PATTERN, fold
    from .compiler import DEFAULT_FIELDS, Compiler

    reader = searcher.reader()
    probe = Compiler(reader, query, aliases)  # apart from the query's own: its highlights stay as they are
    probe._words_table = vocabulary if readers is None else None  # its aliases' unknown names left unstemmed
    found: list[Correction] = []
    for w in _words(node):
        words = re.findall(TOKEN_PATTERN, w.text)
        if len(words) != 1 or w.fuzzy or w.exact or "*" in w.text or "?" in w.text or words[0].isdigit():
            continue
        if holds is not None:
            held = holds(w)
        elif term_held is not None and w.fields is None and any(
                term_held(f, t) for t in index_terms(fold(words[0])) for f in DEFAULT_FIELDS):
            continue
        elif matches_any is None:
            held = next(iter(searcher.docs_for_query(probe.compile(w))), None) is not None
        else:
            held = matches_any(probe.compile(w))
        if held:
            continue
        start = query.find(words[0], w.pos)
        best, edits = nearest_word(readers or reader, words[0], vocabulary) or ("", 0)
        form, name = written_form(best, vocabulary) if best else ("", False)
        if form and words[0][:1].isupper():  # keep the user's capital: "Dismantel" -> "Dismantle"
            form = form[:1].upper() + form[1:]
        if form.lower() == words[0].lower():
            continue
        found.append(Correction(start, start + len(words[0]), words[0], form, name, edits))
    return found


def corrected(query: str, chosen: list[Correction]) -> str:
    """``query`` with each chosen word replaced by its nearest written word."""
    for c in sorted(chosen, key=lambda c: c.start, reverse=True):
        if c.form and c.start >= 0:
            query = query[:c.start] + c.form + query[c.end:]
    return query


def suggest(query: str, node, searcher, vocabulary: Callable[[], object], aliases=None,
            matches_any: Callable[[object], bool] | None = None) -> tuple[str, ...]:
    """Corrected versions of ``query`` (at most MAX_SUGGESTIONS), or () when every word matches."""
    found = [c for c in corrections(query, node, searcher, vocabulary, aliases, matches_any) if c.form]
    return (corrected(query, found),) if found else ()


def _words(node):
    if isinstance(node, Word):
        if node.fields is None or set(node.fields) & set(FIELDS):
            yield node
    elif isinstance(node, Bool):
        for child in (*node.items, *node.required):
            yield from _words(child)


def nearest_word(reader, typed: str, vocabulary: Callable[[], object] | None = None) -> tuple[str, int] | None:
    """The word as written (folded) nearest ``typed`` among the documents' words, and how many edits away:
    fewest edits first, then most passages (remembered for as long as the reader is open: scanning the term
    list costs more than the search). ``reader`` may be a list of several indexes' readers: the nearest word
    of them all, by the passages of them all. ``vocabulary()`` (the words table) tells which terms that are their
    own stem are words someone wrote ("castro", not "missil"): the index posts no written form for those."""
    from ..analysis.tokens import fold

    folded = fold(typed)
    if len(folded) < 4:
        return None
    from .columns import reader_cache, segments_key

    readers = list(reader) if isinstance(reader, (list, tuple)) else [reader]
    # kept with the first reader, under the segments of them all
    cache = reader_cache(readers[0])
    key = ("nearest", tuple(segments_key(r) for r in readers), folded)
    if key not in cache:
        cache[key] = _scan_nearest(readers[0] if len(readers) == 1 else _Readers(readers), folded, vocabulary)
    return cache[key]


def _scan_nearest(reader, folded: str, vocabulary=None) -> tuple[str, int] | None:
    from ..analysis.stemming import written_posted
    from ..analysis.tokens import SURFACE

    written = SURFACE + folded
    table = vocabulary() if vocabulary is not None else None
    for distance in (1, 2):
        # prefix 2: "=" and the first letter, as people rarely mistype the first letter of a word
        candidates = {t for f in FIELDS for t in reader.terms_within(f, written, distance, prefix=2)}
        # the words written as their own one term (the index posts no written form for them: their term's
        # passages are counted)
        own = {t for f in FIELDS for t in reader.terms_within(f, folded, distance, prefix=1)
               if not written_posted(t) and (table is None or table.written(t) is not None)}
        candidates.update(SURFACE + t for t in own)
        candidates.discard(written)
        if candidates:
            def passages(t, own=own):
                term = t[len(SURFACE):] if t[len(SURFACE):] in own else t
                return sum(reader.doc_frequency(f, term) for f in FIELDS)

            best = max(sorted(candidates), key=passages)
            return best[len(SURFACE):], distance
    return None


class _Readers:
    """Several readers' terms as one reader's, for :func:`_scan_nearest`."""

    def __init__(self, readers):
        self.readers = readers

    def terms_within(self, field, text, maxdist, prefix=0):
        return {t for r in self.readers for t in r.terms_within(field, text, maxdist, prefix=prefix)}

    def doc_frequency(self, field, text) -> int:
        return sum(r.doc_frequency(field, text) for r in self.readers)


def written_form(word: str, vocabulary: Callable[[], object]) -> tuple[str, bool]:
    """How the documents write a folded word most often ("khrushchev" -> "Khrushchev"), and whether that is
    capitalised (a name); ``vocabulary()`` is the index's words table (index.words.Words)."""
    form = vocabulary().written(word) or word
    return form, form[:1].isupper()


def respelling(reader, typed: str, vocabulary: Callable[[], object]) -> tuple[tuple[str, ...], str] | None:
    """(index terms, written form) to search beside ``typed``, a query word no passage holds: the nearest
    word as written within one edit (two for words of more than six letters), in every inflection. A
    capitalised word is taken for a name and only respelled as a name ("Dobrinin" -> Dobrynin), never as a
    common word ("Ruby" is not searched as "ruble")."""
    from ..analysis.stemming import index_terms

    nearest = nearest_word(reader, typed, vocabulary)
    if nearest is None:
        return None
    best, edits = nearest
    form, name = written_form(best, vocabulary)
    if not Correction(0, 0, typed, form, name, edits).searchable:
        return None
    return index_terms(best), form
