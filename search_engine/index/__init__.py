"""The index on disk: Documents in, a live generation out.

:mod:`.layout` (the files of an index folder), :mod:`.schema` (the whoosh schema and the records a
Document becomes), :mod:`.catalog` (what a generation holds, for ``list`` and the document store),
:mod:`.storage` (finding and verifying the live generation), :mod:`.writer` (the build lock, writing a
new generation, the atomic swap), :mod:`.build` (what changed, read it, index it, publish it).
"""
