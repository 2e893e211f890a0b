"""whoosh's term table, leaner: what each term of a segment costs there, where OCR'd text has hundreds of
thousands of terms, most of them misreadings held by one passage.

whoosh keeps a term's statistics in 23 bytes (flags, total weight, passages, shortest and longest length, highest
weight, first and last document number) beside its postings, inlined in the term table for a rare term
(index.writer's INLINE_POSTINGS). For inlined postings all but the lengths can be counted from the postings
themselves, so such a term's entry here is the byte ``LEAN``, its two length bytes and its pickled postings
(3 bytes where whoosh's took 23); a term with a block in the postings file, or a weight that is not a whole
number (whoosh keeps it as a 32-bit float), keeps whoosh's entry. The segments a build writes name
:class:`TermsCodec`, whose reader decodes either entry into whoosh's own term info, with the same values.
"""

from __future__ import annotations

from pickle import loads

from whoosh.codec.whoosh3 import W3Codec, W3FieldCursor, W3TermInfo, W3TermsReader
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

LEAN = 2  # the first byte of a lean entry (whoosh's flags byte is 0, or 1 for inlined postings)


def lean_entry(terminfo: W3TermInfo, pickled: bytes) -> bytes | None:
    """A term's lean entry (``pickled``: its inlined postings), None when whoosh's entry must stay (a term whose
    postings have a block, or a weight that is not a whole number)."""
    if terminfo._inlined is None or not all(isinstance(w, int) for w in terminfo._inlined[1]):
        return None
    lengths = (0 if terminfo._minlength is None else length_to_byte(terminfo._minlength),
               length_to_byte(terminfo._maxlength))
    return bytes((LEAN, *lengths)) + pickled


def term_info(entry: bytes) -> W3TermInfo:
    """whoosh's term info of a term table's entry, lean or whoosh's own."""
    if entry[0] != LEAN:
        return W3TermInfo.from_bytes(entry)
    ids, weights, values = postings = loads(entry[3:])
    info = W3TermInfo()
    # as whoosh's writer counts them (TermInfo.add_block), its floats as a 32-bit float holds a whole number
    info._weight, info._df = float(sum(weights)), len(ids)
    info._minlength, info._maxlength = byte_to_length(entry[1]), byte_to_length(entry[2])
    info._maxweight, info._minid, info._maxid = float(max(weights)), ids[0], ids[-1]
    info._inlined = postings
    return info


class TermsCodec(W3Codec):
    """whoosh's W3 codec, reading a segment's term table with :func:`term_info` (named by the segments a build
    writes: see index.postings.codec)."""

    def terms_reader(self, storage, segment):
        name = segment.make_filename(self.TERMS_EXT)
        return _TermsReader(self, storage.open_file(name), storage.file_length(name),
                            segment.open_file(storage, self.POSTS_EXT))


class _TermsReader(W3TermsReader):
    def items(self):
        decode = self._keydecoder
        return ((decode(key), term_info(entry)) for key, entry in self._tindex.items())

    def items_from(self, fieldname, prefix):
        decode = self._keydecoder
        return ((decode(key), term_info(entry))
                for key, entry in self._tindex.items_from(self._keycoder(fieldname, prefix)))

    def term_info(self, fieldname, tbytes):
        try:
            return term_info(self._tindex[self._keycoder(fieldname, tbytes)])
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def frequency(self, fieldname, tbytes):
        return self._entry_info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname, tbytes):
        return self._entry_info(fieldname, tbytes).doc_frequency()

    def _entry_info(self, fieldname, tbytes) -> W3TermInfo:
        """The term info of a term; KeyError when the segment does not hold it (as whoosh's reader raises)."""
        datapos, datalen = self._range_for_key(fieldname, tbytes)
        return term_info(self._dbfile.get(datapos, datalen))

    def cursor(self, fieldname, fieldobj):
        return _FieldCursor(self._tindex, fieldname, self._keycoder, self._keydecoder, fieldobj)


class _FieldCursor(W3FieldCursor):
    def term_info(self):
        if self._pos is None:
            return None
        return term_info(self._tindex.dbfile.get(self._datapos, self._datalen))
