"""whoosh analyzers and the full-text field type: the analysis stage as the index sees it.

One analyzer serves every language: each token is stemmed by the Snowball stemmer of its script, and a
Cyrillic word is indexed with its transliterations at the same position (see :mod:`.stemming`).
"""

from __future__ import annotations

import re

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions

from .stemming import index_terms, posted_terms, written_posted
from .tokens import SURFACE, TOKEN_PATTERN, fold


class FoldFilter(Filter):
    """Case and diacritic folding (see :func:`fold`)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class StemFilter(Filter):
    """Snowball stemming by script, with the transliterations of Cyrillic words and the word as written
    (``=missiles``, see :data:`.tokens.SURFACE`; not for a word that is its own one index term, see
    :func:`.stemming.posted_terms`) at the same position."""

    def __call__(self, tokens):
        for t in tokens:
            if t.stopped:
                yield t
                continue
            written = (SURFACE + t.text,) if written_posted(t.text) else ()
            found = index_terms(t.text)
            t.text = found[0]
            yield t
            for extra in (*found[1:], *written):
                t.text = extra
                yield t


def text_analyzer():
    """The analyzer of every full-text field: tokenize, fold, stem (and keep the folded word as written)."""
    return RegexTokenizer(TOKEN_PATTERN) | FoldFilter() | StemFilter()


def varint(number: int) -> bytes:
    """A non-negative integer in 7-bit groups, low first, the high bit set on all but the last (LEB128)."""
    out = bytearray()
    while number > 0x7F:
        out.append(0x80 | (number & 0x7F))
        number >>= 7
    out.append(number)
    return bytes(out)


# the encoding of one position, made once (as varint writes them: one byte below 128, two below 16,384)
_ONE_POSITION = [bytes((n,)) for n in range(1 << 7)] + [bytes((0x80 | n & 0x7F, n >> 7)) for n in range(1 << 7, 1 << 12)]


class CompactPositions(Positions):
    """whoosh's positions format with each posting's positions as varints of their gaps (7 bits a byte, the high
    bit set on every byte but a number's last): one or two bytes for most postings, where whoosh's own format
    (a 4-byte count and a pickled list) takes about 15 and its blocks pickle them at 20 more each. The count is
    the number of bytes without the high bit."""

    def encode(self, poslist):
        if len(poslist) == 1 and poslist[0] < len(_ONE_POSITION):  # most terms of a passage: written once, early
            return _ONE_POSITION[poslist[0]]
        out = bytearray()
        base = 0
        for pos in poslist:
            gap, base = pos - base, pos
            while gap > 0x7F:
                out.append(0x80 | (gap & 0x7F))
                gap >>= 7
            out.append(gap)
        return bytes(out)

    def decode_positions(self, valuestring):
        positions, number, shift, base = [], 0, 0, 0
        for byte in valuestring:
            number |= (byte & 0x7F) << shift
            if byte & 0x80:
                shift += 7
            else:
                base += number
                positions.append(base)
                number = shift = 0
        return positions

    def decode_many(self, valuestrings):
        """The positions of many postings at once, as NumPy arrays: for each position, the index of its posting
        in ``valuestrings``, and the position (in order within a posting); what :meth:`decode_positions` gives
        each posting, flattened, without a Python loop over their bytes."""
        import numpy as np

        lengths = np.fromiter(map(len, valuestrings), np.int64, len(valuestrings))
        data = np.frombuffer(b"".join(valuestrings), np.uint8)
        ends = np.flatnonzero(data < 0x80)  # the last byte of each number
        if len(ends) == len(data):  # every gap in one byte (most postings)
            gaps = data.astype(np.int64)
        else:
            number = np.cumsum(data < 0x80) - (data < 0x80)  # the number each byte belongs to
            starts = np.concatenate(([0], ends[:-1] + 1))
            shifts = 7 * (np.arange(len(data)) - starts[number])
            gaps = np.zeros(len(ends), np.int64)
            np.add.at(gaps, number, (data & 0x7F).astype(np.int64) << shifts)
        where = np.repeat(np.arange(len(valuestrings)), lengths)[ends]
        counts = np.bincount(where, minlength=len(valuestrings))
        running = np.cumsum(gaps)
        before = np.zeros(len(valuestrings), np.int64)  # the sum of the gaps of the postings before each
        held = counts > 0
        before[held] = running[(np.cumsum(counts) - counts)[held]] - gaps[(np.cumsum(counts) - counts)[held]]
        return where, running - np.repeat(before, counts)

    def decode_frequency(self, valuestring):
        return sum(byte < 0x80 for byte in valuestring)

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost


class IndexedText(TEXT):
    """A full-text field (``text_analyzer``, positions for phrases) that indexes a value without whoosh's
    token objects: the postings of ``TEXT.index`` (a test compares them), about three times faster, which is
    most of the time whoosh spends on a document before its commit.

    The words as written (``=missiles``) are indexed with a frequency of 0, which is what whoosh adds up as
    the field's length: a passage is as long as its words, so BM25F scores the stems exactly as it did
    before the written forms were kept (the postings still carry their weight and positions). Positions are
    written in :class:`CompactPositions`."""

    _PATTERN = re.compile(TOKEN_PATTERN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.format = CompactPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if isinstance(value, Analysed):  # analysed before whoosh took the passage (see index.build)
            return iter(value)
        return iter(self.postings(self._PATTERN.findall(value)))

    def postings(self, words: list[str]) -> Analysed:
        """The postings of a value given as its words (``TOKEN_PATTERN``'s matches, in order)."""
        return Analysed(self.word_positions(words), self.format.encode, self.format.field_boost)

    def positions(self, value: str) -> dict[str, list[int]]:
        """Each index term of ``value`` (stems, transliterations, ``=written`` forms) -> the positions of its words,
        in the order of first use."""
        return self.word_positions(self._PATTERN.findall(value))

    @staticmethod
    def word_positions(words: list[str]) -> dict[str, list[int]]:
        """Each index term of a value given as its words -> the positions of its words, in the order of first use."""
        positions: dict[str, list[int]] = {}
        for pos, word in enumerate(words):
            for term in posted_terms(word):
                positions.setdefault(term, []).append(pos)
        return positions


class Analysed:
    """A full-text value's postings, made from the words the build already split the text into for the words
    table (index.build.prepare_documents), possibly in another process: :meth:`IndexedText.index` gives them to
    whoosh as they are, and the text is not tokenized again. Kept as four byte strings (the terms, how often
    each is written, their encoded positions and where each one's end): as whoosh's tuples, a volume's
    passages took fifty times its text, in the worker that made them and in the build's process that took them."""

    _SEPARATOR = "\0"  # no term holds it (a term is a word's letters and digits, or them after SURFACE)

    def __init__(self, positions: dict[str, list[int]], encode, boost: float):
        from array import array
        from itertools import accumulate

        values = [encode(where) for where in positions.values()]
        self.terms = self._SEPARATOR.join(positions).encode("utf-8")
        self.counts = array("I", [len(where) for where in positions.values()]).tobytes()
        self.values = b"".join(values)
        self.ends = array("Q", accumulate(len(v) for v in values)).tobytes()
        self.boost = boost
        # the words it counts (the field's length in the passage): a word as written (=missiles) is not counted again
        self.length = sum(len(where) for term, where in positions.items() if not term.startswith(SURFACE))

    def __iter__(self):
        """(term, frequency, weight, positions) of each term: those of ``TEXT.index``, but that a word as written
        (``=missiles``) has a frequency of 0 (see :class:`IndexedText`)."""
        from array import array

        if not self.counts:  # a value without a word (its terms, "", would split into one empty term)
            return
        counts, ends = array("I"), array("Q")
        counts.frombytes(self.counts)
        ends.frombytes(self.ends)
        values, boost, start = self.values, self.boost, 0
        surface = SURFACE.encode()
        for term, n, end in zip(self.terms.split(self._SEPARATOR.encode()), counts, ends, strict=True):
            yield term, 0 if term[:1] == surface else n, n * boost, values[start:end]
            start = end
