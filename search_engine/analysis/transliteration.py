"""Transliteration of Russian into Latin letters, BGN/PCGN (Хрущёв -> Khrushchev, Громыко -> Gromyko).

The system English-language archives and the State Department use, so that a name indexed in Cyrillic
is found by its English spelling and the other way round.
"""

from __future__ import annotations

from functools import lru_cache

# BGN/PCGN romanization of Russian, for folded text (ё is already е, ъ and ь drop out)
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
_YE_AFTER = set("аеиоуыэюяйъь")  # е is written "ye" at the start of a word and after these


@lru_cache(maxsize=100_000)
def transliterate(word: str) -> str:
    """A folded Cyrillic word in Latin letters, BGN/PCGN: хрущев -> khrushchev, ельцин -> yeltsin."""
    out = []
    previous = ""
    for c in word:
        if c == "е" and (not previous or previous in _YE_AFTER):
            out.append("ye")
        else:
            out.append(_TRANSLIT.get(c, c))
        previous = c
    return "".join(out)
