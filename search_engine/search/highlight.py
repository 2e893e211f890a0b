"""Snippets: the best window of a stored text, as spans of text and matched words.

Our own highlighter rather than whoosh's: it reads the whole field (whoosh's stops at 32k characters),
marks exactly the words whose index term matched, and picks the window with the most matches. A snippet
is a tuple of ``(text, marked)`` spans: :func:`to_html` escapes the text and wraps the marked spans in
<mark>...</mark> (documents may hold markup of their own: ``<script>`` comes out as text, never as markup).
"""

from __future__ import annotations

import re
import threading
from html import escape
from itertools import accumulate

from ..analysis.stemming import indexed_terms
from ..analysis.tokens import TOKEN_PATTERN

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
SNIPPET_CHARS = 320
Spans = tuple[tuple[str, bool], ...]
_WORD = re.compile(TOKEN_PATTERN)  # the words analysis.stemming.tokens_with_offsets reads
_SPLIT = re.compile(f"({TOKEN_PATTERN})")  # (the same words, as the parts between which a text is cut)


def matches(text: str, terms: set[str], phrases=()) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` whose index term is in ``terms``, and of the words of each
    occurrence of a phrase of ``phrases`` ((index terms in order, slop) pairs: the words of a phrase are
    marked where they stand together, not wherever "the" or "of" occurs)."""
    if not (terms or phrases) or not text:
        return []
    read = _read(text)
    terms = terms if isinstance(terms, (set, frozenset)) else set(terms)
    if not phrases:  # the common case: the spans of the words held under the terms
        held = read.held(terms)
        return read.spans(held) if held else []
    tokens = read.tokens
    held = read.held(terms) if terms else set()
    marked = {i for i, (w, _, _) in enumerate(tokens) if w in held} if held else set()
    # the words as written under any term of a phrase, then under each
    candidates = read.held({word for words, _ in phrases for word in words})
    for words, slop in phrases:
        holding = [{w for w in candidates if word in indexed_terms(w)} for word in words]
        if all(holding):
            marked.update(j for i, (w, _, _) in enumerate(tokens) if w in holding[0]
                          for j in _phrase_at(tokens, i, holding, slop))
    return [(tokens[i][1], tokens[i][2]) for i in sorted(marked)]


def matched(text: str, terms: set[str], phrases=()) -> bool:
    """Whether :func:`matches` finds a span in ``text``, without listing the spans when no phrase is asked for."""
    if not text:
        return False
    if terms and _read(text).held(terms if isinstance(terms, (set, frozenset)) else set(terms)):
        return True  # a word held under a term is marked, whatever the phrases
    return bool(phrases) and bool(matches(text, set(), phrases))


class _Read:
    """A text's words (as written, in order) with where each stands, and the distinct words."""

    __slots__ = ("tokens", "words", "_terms")

    def __init__(self, text: str):
        # the text cut at its words (the words are every other part): their places are the parts' running lengths
        parts = _SPLIT.split(text)
        ends = list(accumulate(map(len, parts)))
        words = parts[1::2]
        self.tokens: list[tuple[str, int, int]] = list(zip(words, ends[0:-1:2], ends[1::2], strict=True))
        self.words = set(words)
        self._terms: dict[str, str | tuple[str, ...]] | None = None

    def spans(self, held) -> list[tuple[int, int]]:
        """Where the words of ``held`` stand, in order."""
        return [(s, e) for w, s, e in self.tokens if w in held]

    def held(self, terms) -> set[str]:
        """The words (as written) indexed under one of ``terms``: their stems, or their written form
        (``=missiles``), as :func:`~search_engine.analysis.stemming.tokens_with_offsets` gives them."""
        words = self._terms
        if words is None:  # read once: each word's terms looked up (the next time, from an index of them)
            self._terms = {}
            return _marked_words(self.words, terms)
        if not words:  # each index term of the text -> the word indexed under it, or a tuple of the words (made
            # whole, then kept: the texts are shared by the threads of a web server); no list: the kept texts' terms
            # are hundreds of thousands of values, which the garbage collector would walk at every full collection
            words = {}
            for word in self.words:
                for term in indexed_terms(word):
                    found = words.get(term)
                    if found is None:
                        words[term] = word
                    elif found != word and (type(found) is str or word not in found):
                        words[term] = (found, word) if type(found) is str else (*found, word)
            self._terms = words
        held: set[str] = set()
        for term in (terms if len(terms) <= len(words) else words.keys() & terms):
            found = words.get(term)
            if found is not None:
                if type(found) is str:
                    held.add(found)
                else:
                    held.update(found)
        return held


# the texts read last: the snippets of one query read its documents' titles, summaries and citations once per hit,
# and the next queries read the same documents' again (a stored text does not change; the key is the text itself)
_READ: dict[str, _Read] = {}
_MAX_READ_CHARS = 1_000_000  # characters of the texts remembered, in all (the oldest forgotten first)
_read_chars = 0
_read_lock = threading.Lock()  # (the snippets of a web server's threads)


def _read(text: str) -> _Read:
    global _read_chars
    found = _READ.get(text)
    if found is None:
        found = _Read(text)
        if len(text) <= _MAX_READ_CHARS // 16:  # a very long text is read again each time
            with _read_lock:
                if text not in _READ:
                    while _READ and _read_chars + len(text) > _MAX_READ_CHARS:
                        oldest = next(iter(_READ))
                        del _READ[oldest]
                        _read_chars -= len(oldest)
                    _READ[text] = found
                    _read_chars += len(text)
    return found


# the words as written already looked up for a set of query terms (those held under one of them, and all of
# them): the snippets of one query's hits, its fields and notes, and the next page's, share most of their words
_SEEN: dict[frozenset, tuple[set[str], set[str]]] = {}
_MAX_SEEN = 64  # sets of terms remembered
_MAX_WORDS = 200_000  # words remembered for one set


def _marked_words(words: set[str], terms: set[str]) -> set[str]:
    """The words of ``words`` (as written) indexed under one of ``terms`` (see :meth:`_Read.held`)."""
    key = frozenset(terms)
    found = _SEEN.get(key)
    if found is None or len(found[1]) > _MAX_WORDS:
        if len(_SEEN) >= _MAX_SEEN:
            _SEEN.clear()
        found = _SEEN[key] = (set(), set())
    held, seen = found
    for word in words - seen:
        seen.add(word)
        if not key.isdisjoint(indexed_terms(word)):
            held.add(word)
    return words & held


def _phrase_at(tokens, i: int, words: list[set[str]], slop: int) -> list[int]:
    """The token positions of a phrase starting at token ``i`` (``words``: for each of its terms in order, the
    words as written indexed under it), its words in order with at most ``slop - 1`` other words among them in
    all; [] when it does not occur there."""
    positions, j = [i], i + 1
    last = i + len(words) - 1 + max(0, slop - 1)
    for word in words[1:]:
        while j <= last and j < len(tokens) and tokens[j][0] not in word:
            j += 1
        if j > last or j >= len(tokens):
            return []
        positions.append(j)
        j += 1
    return positions


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """The window of ``text`` (about ``width`` characters) holding the most spans, as HTML (see :func:`to_html`)."""
    return to_html(snippet_spans(text, spans, width))


def snippet_spans(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Spans:
    """The window of ``text`` (about ``width`` characters) holding the most matches, as (text, marked) spans;
    "…" where the window cuts the text, " · " for a line break."""
    if len(text) <= width:
        start, end = 0, len(text)
    elif not spans:
        start, end = 0, _word_end(text, width)
    else:
        best, best_count = spans[0][0], 0
        j = 0
        for i, (s, _) in enumerate(spans):  # slide a window that starts at each match
            while j < len(spans) and spans[j][1] <= s + width:
                j += 1
            if j - i > best_count:
                best, best_count = s, j - i
        first = best
        last = max(e for s, e in spans if first <= s and e <= first + width) if best_count else first
        slack = max(0, width - (last - first))
        start = _word_start(text, max(0, first - slack // 3))
        end = _word_end(text, min(len(text), max(last, start + width)))
    out: list[tuple[str, bool]] = []
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    out.append((text[pos:end], False))
    if out:  # the window's own leading and trailing white space goes
        out[0] = (out[0][0].lstrip(), out[0][1])
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    out.insert(0, ("…" if start > 0 else "", False))
    out.append(("…" if end < len(text) else "", False))
    return join_spans((t.replace("\n", " · "), m) for t, m in out)


def join_spans(spans) -> Spans:
    """Spans with the empty ones dropped and neighbours of the same kind joined."""
    out: list[tuple[str, bool]] = []
    for text, marked in spans:
        if not text:
            continue
        if out and out[-1][1] == marked:
            out[-1] = (out[-1][0] + text, marked)
        else:
            out.append((text, marked))
    return tuple(out)


def to_html(spans: Spans) -> str:
    """The spans as HTML: the text escaped, the matched words in <mark>...</mark>."""
    return "".join(MARK_OPEN + escape(t, quote=False) + MARK_CLOSE if m else escape(t, quote=False)
                   for t, m in spans)


def to_text(spans: Spans) -> str:
    return "".join(t for t, _ in spans)


def _word_start(text: str, i: int) -> int:
    if i <= 0:
        return 0
    j = text.rfind(" ", 0, i)
    return 0 if j < 0 or i - j > 30 else j + 1


def _word_end(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    j = text.find(" ", i)
    return len(text) if j < 0 or j - i > 30 else j
