"""A whoosh column of a few distinct values, each passage's as a reference: :class:`References`.

whoosh's RefBytesColumn stores each distinct value once and each document's as its number (one byte below 256
distinct values, two above), where its VarBytesColumn stores each document's value with its length and offset
(about 12 bytes for a document id or a yyyymmdd date). But it holds at most 65,535 distinct values a segment and
turns the others into the empty value with a warning: a segment of more documents than that would lose their
ids. :class:`References` writes four-byte numbers when there are more; whoosh's own reader reads either.
"""

from __future__ import annotations

from array import array

from whoosh.columns import RefBytesColumn


class References(RefBytesColumn):
    """RefBytesColumn without its limit on distinct values: numbers of 1, 2 or 4 bytes, as many as they need."""

    def writer(self, dbfile):
        return self.Writer(dbfile, self._fixedlen, self._default)

    class Writer(RefBytesColumn.Writer):
        def __init__(self, dbfile, fixedlen, default):
            super().__init__(dbfile, fixedlen, default)
            self._refs = array("I")  # every passage's number, kept until the segment ends (4 bytes a passage)

        def __repr__(self):
            return "<References.Writer>"

        def fill(self, docnum):
            if docnum > self._count:
                self._refs.extend(0 for _ in range(docnum - self._count))

        def add(self, docnum, v):
            self.fill(docnum)
            self._refs.append(self._uniques.setdefault(v, len(self._uniques)))
            self._count = docnum + 1

        def finish(self, doccount):
            self.fill(doccount)
            size = len(self._uniques)
            typecode = "B" if size <= 1 << 8 else "H" if size <= 1 << 16 else "I"
            refs = self._refs if typecode == "I" else array(typecode, self._refs)
            self._dbfile.write_array(refs)
            self._write_uniques(typecode)
            self._dbfile.write_byte(ord(typecode))
