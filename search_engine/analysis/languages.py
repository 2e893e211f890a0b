"""Languages: detect the language of a text, name it, and transliterate Russian into Latin letters.

Detection needs no downloaded model (our users work offline): a text whose letters are mostly Cyrillic
is Russian (Ukrainian or Bulgarian when their own letters show), and a Latin-script text is the language
whose most frequent function words it uses most. That is reliable for paragraphs of a few dozen words,
which is what archival documents are made of; a text with too few words to tell gets no language.

Transliteration follows BGN/PCGN (Хрущёв -> Khrushchev, Громыко -> Gromyko), the system English-language
archives and the State Department use, so that a name indexed in Cyrillic is found by its English
spelling and the other way round.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# ISO 639-1 code -> English name, for the languages we can detect and stem
LANGUAGES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "fr": "French", "de": "German",
    "es": "Spanish", "it": "Italian", "pt": "Portuguese", "pl": "Polish", "cs": "Czech",
}
_NAMES = {name.lower(): code for code, name in LANGUAGES.items()} | {
    "русский": "ru", "английский": "en", "українська": "uk", "français": "fr", "deutsch": "de",
    "español": "es", "czech": "cs", "polski": "pl",
}

# the most frequent function words of each Latin-script language (closed-class words: articles,
# prepositions, pronouns, auxiliaries) -- a handful per language is enough to tell them apart
_FUNCTION_WORDS = {
    "en": "the of and to in is that it for was on with as be by this are not from at have which but had his "
          "will would been were they their we an or has there you he she its our no if can should",
    "fr": "le la les de des du et est un une que qui dans pour pas sur au aux ne se ce il elle nous vous sont "
          "avec par plus ont été cette ses leur mais ou",
    "de": "der die das und ist nicht den dem des ein eine zu mit sich auf für von im auch es sie wir ich dass "
          "wird wurde sind bei aus nach oder aber wie",
    "es": "el la los las de del y que en un una es por con para no se su al lo como más pero sus le ya fue "
          "este esta son entre cuando muy sin sobre",
    "it": "il di che la le gli è per un una non sono del della dei nel con da si al alla anche come ma più "
          "questo questa ha essere",
    "pt": "o os a as de do da dos das e que em um uma não para com por se mais na no foi ao pelo pela "
          "como mas seu sua são",
    "pl": "i w na nie się z do że to jest o jak ale od po przez dla co tak są jego jej było może",
    "cs": "a v se na je že s z do to o jako ale by od po pro jsou jeho její bylo také které",
}
FUNCTION_WORDS = {code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
MIN_WORDS = 4  # fewer words than this and the language is not guessed


def language_code(value: str) -> str:
    """``"Russian"``, ``"русский"``, ``"ru"`` or ``"ru-RU"`` -> ``"ru"``; ``""`` for a language we do not know."""
    v = value.strip().lower()
    if not v:
        return ""
    if v in _NAMES:
        return _NAMES[v]
    code = re.split(r"[-_]", v)[0]
    return code if code in LANGUAGES else ""


@lru_cache(maxsize=8192)  # a paragraph is asked about twice: for its document's language, then its own
def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or ``""`` when there is too little to tell."""
    words = _WORD.findall(text[:20_000].lower())
    if len(words) < MIN_WORDS:
        return ""
    cyrillic = sum(1 for w in words if _CYRILLIC.match(w))
    if cyrillic * 2 > len(words):
        if _UKRAINIAN.search(text):
            return "uk"
        return "ru"
    counts = Counter(words)
    scores = {code: sum(n for w, n in counts.items() if w in vocab) for code, vocab in FUNCTION_WORDS.items()}
    best = max(scores, key=scores.get)
    # a run of names and numbers ("Brezhnev, Kozlov, Kosygin") has no function words: call it English
    # only when some English word shows, otherwise leave it unknown
    return best if scores[best] else ""


def dominant_language(texts: list[str]) -> str:
    """The language of most of the words of ``texts`` (each detected on its own)."""
    weight: dict[str, int] = {}
    for text in texts:
        code = detect_language(text)
        if code:
            weight[code] = weight.get(code, 0) + len(text)
    return max(weight, key=weight.get) if weight else ""


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
