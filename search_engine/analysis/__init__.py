"""Analysis: text -> index terms.

:mod:`.tokens` (what a word is, case and diacritic folding), :mod:`.stemming` (Snowball stemmers by
script, the index terms of a word), :mod:`.transliteration` (Cyrillic names in Latin letters),
:mod:`.languages` (which language a paragraph is in), :mod:`.fields` (the same analysis as whoosh
analyzers and the full-text field type). Only :mod:`.fields` imports whoosh; nltk is imported on the
first word that must be stemmed.
"""
