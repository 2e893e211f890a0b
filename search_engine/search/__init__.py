"""Search: a compiled query -> ranked, counted, highlighted Hits.

:mod:`.run` (one query from its string to SearchResults), :mod:`.rank` (weighting, tiers, grouping,
date order), :mod:`.facets` (counts per document, classification, year and month), :mod:`.hits` and
:mod:`.highlight` (Hit records with their snippets).
"""
