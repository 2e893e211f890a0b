"""Language detection: which language a paragraph is written in, from its script and function words.

Detection needs no downloaded model (our users work offline): a text whose letters are mostly Cyrillic
is Russian (Ukrainian or Bulgarian when their own letters show), and a Latin-script text is the language
whose most frequent function words it uses most. That is reliable for paragraphs of a few dozen words,
which is what archival documents are made of; a text with too few words to tell gets no language.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .tokens import normalize_text

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
# closed-class words of English beyond the most frequent: question words, auxiliaries, pronouns,
# determiners and prepositions. In a query ("what did the soviets want in exchange for...") they rank
# passages that hold them too but do not make a passage a hit, nor count among the words it should hold.
QUERY_FUNCTION_WORDS = FUNCTION_WORDS["en"] | frozenset(
    "a what why how when where who whom whose which whether did does do done doing was were am being "
    "could may might must shall i me my mine your yours us them him her hers his theirs ours itself "
    "himself herself themselves these those such than then so any some all both each either neither "
    "about above after against among around before behind below between beyond during into onto over "
    "through toward towards under until upon within without via per".split())
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
MIN_WORDS = 4  # fewer words than this and the language is not guessed


@lru_cache(maxsize=8192)  # a paragraph is asked about twice: for its document's language, then its own
def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or ``""`` when there is too little to tell."""
    words = _WORD.findall(normalize_text(text[:20_000]).lower())
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


# a paragraph written in another language than its document's shows at least this many function words of
# that language that the document's language does not share ("Present: Brezhnev, ... S. Ivanov" has one Czech
# "s"; "I am sending a similar message to ..." has Polish "i" and "to", which English shares)
STRONG_EVIDENCE = 3


def passage_language(text: str, document_language: str) -> str:
    """The language of one paragraph of a document written in ``document_language``.

    A paragraph inherits its document's language unless it carries strong evidence of another: its own script
    (Cyrillic in a Latin-script document, or the reverse), or several function words of another language that
    the document's language does not share. Short English lines of an English document ("/s/ John F. Kennedy",
    "[Here follow two paragraphs ...]") are English, while a French paragraph quoted in it is French.
    """
    own = detect_language(text)
    if not document_language or own == document_language:
        return own or document_language
    if own in _CYRILLIC_LANGUAGES:
        return own  # told by its script, which is evidence enough
    words = set(_WORD.findall(text[:20_000].lower()))
    theirs = FUNCTION_WORDS.get(document_language, frozenset())
    if own and len((words & FUNCTION_WORDS[own]) - theirs) >= STRONG_EVIDENCE:
        return own
    # too little to tell: the document's language, unless the paragraph is not even written in its script
    script = _script(text)
    if script and script != ("cyrillic" if document_language in _CYRILLIC_LANGUAGES else "latin"):
        return ""
    return document_language


_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "bg", "be", "sr", "mk"})


def _script(text: str) -> str:
    """``"cyrillic"`` or ``"latin"``: the script most words of ``text`` are written in ("" without words)."""
    words = _WORD.findall(text[:20_000])
    if not words:
        return ""
    return "cyrillic" if sum(1 for w in words if _CYRILLIC.match(w)) * 2 > len(words) else "latin"


def dominant_language(texts: list[str]) -> str:
    """The language of most of the words of ``texts`` (each detected on its own)."""
    weight: dict[str, int] = {}
    for text in texts:
        code = detect_language(text)
        if code:
            weight[code] = weight.get(code, 0) + len(text)
    return max(weight, key=weight.get) if weight else ""
