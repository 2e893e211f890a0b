"""Queries: text -> a syntax tree -> a whoosh query.

:mod:`.parser` (the query language, with every error's position), :mod:`.compiler` (the tree against
one index reader: fields, tiers, wildcards and fuzzy words expanded), :mod:`.columns` (queries answered
from the index's columns), :mod:`.aliases` (names that stand for one another), :mod:`.suggest`
("did you mean"). Nothing here reads source files.
"""
