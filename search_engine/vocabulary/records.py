"""Kinds of records and how a text names one: "Protocol No. 63", "Протокол № 63", "telegram 1070", "your letter
of October 26", "our 28 October message". Reading (cross-references) and the index (which document is
"Protocol 63") share these words.
"""

from __future__ import annotations

import re
from datetime import date

# kind -> the words (folded, a prefix of each inflected form) that name it, in English and Russian
KINDS: dict[str, tuple[str, ...]] = {
    "protocol": ("protocol", "протокол"),
    "telegram": ("telegram", "cable", "airgram", "телеграмм", "шифртелеграмм"),
    "letter": ("letter", "message", "reply", "replies", "письм", "послани", "ответ"),
    "memorandum": ("memorandum", "memoranda", "memo", "меморандум", "записк"),
    "note": ("note", "нота", "ноты", "ноту"),
    "resolution": ("resolution", "decree", "постановлени", "решени", "указ"),
    "directive": ("directive", "instruction", "директив", "указани", "инструкци"),
    "report": ("report", "доклад", "донесени", "отчет"),
    "statement": ("statement", "заявлени"),
    "document": ("document", "документ"),
}
_BY_PREFIX = sorted(((w, k) for k, words in KINDS.items() for w in words), key=lambda wk: -len(wk[0]))
# the kinds a reference by date can mean: correspondence and the papers sent with it
CORRESPONDENCE = ("letter", "telegram", "memorandum", "note", "statement", "report", "directive")


def record_kind(word: str) -> str:
    """The kind a word names ("Letter" -> letter, "телеграммы" -> telegram), or ""."""
    w = word.lower().replace("ё", "е")
    if len(w) > 16:
        return ""
    for prefix, kind in _BY_PREFIX:
        if w.startswith(prefix):
            rest = w[len(prefix):]
            # an English word only in its plural or possessive ("reported" is not a report); a Russian one
            # in any ending
            if (rest in _ENGLISH_ENDINGS) if prefix.isascii() else len(rest) <= 4:
                return kind
    return ""


_ENGLISH_ENDINGS = ("", "s", "es", "'s", "’s")


_KIND_WORD = r"[A-Za-zА-Яа-яЁё]{3,16}"
_NUMBER_MARK = r"(?:No\.?|Nos\.?|Number|N[o°º]|№|#)"
# "Protocol No. 63", "Протокол № 63", "Telegram 1070", "document No. 29"; a kind followed by a bare number
# only when written with a capital (a title's "Protocol 63"), so "telegram 1962" in running text is not one
_RECORD = re.compile(rf"(?<![\w-])(?P<kind>{_KIND_WORD})\s*(?:(?P<mark>{_NUMBER_MARK})\s*)?(?P<number>\d{{1,6}}[A-Za-z]?)(?![\w.,]\d)(?!\w)")


def record_numbers(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, number, start, end) for each numbered record a text names: "Protocol No. 63" -> ("protocol", "63")."""
    out = []
    for m in _RECORD.finditer(text):
        kind = record_kind(m.group("kind"))
        if not kind or not (m.group("mark") or m.group("kind")[0].isupper()):
            continue
        if not m.group("mark") and re.fullmatch(r"1[5-9]\d\d|20\d\d", m.group("number")):
            continue  # "Letter 1962": a year
        out.append((kind, m.group("number").lstrip("0") or "0", m.start(), m.end()))
    return out


# -- references by date ------------------------------------------------------------------------------

_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_MONTH = (r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
          r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)")
_DATE = (r"(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH.format(n="m1") + r"|" + _MONTH.format(n="m2")
         + r"\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)(?:,?\s+(?P<y>1[89]\d\d|20\d\d))?(?:\s*г\.?)?(?![\w])")
_KIND_WORDS = "(?i:" + "|".join(sorted({w for words in KINDS.values() for w in words}, key=len, reverse=True)) + ")"
_KIND = r"(?P<kind>" + _KIND_WORDS + r"[\w’']{0,4})"
_WHOSE = (r"(?:(?<![\w’'])(?P<whose>(?i:your|my|our|his|her|their|ваш\w{0,3}|мо[её]\w{0,2}|наш\w{0,3})|"
          r"[A-ZА-Я][\w’'.-]*(?:’s|'s))\s+)?")
# "your letter of October 26", "message to President Kennedy on 28 October", "письмо от 28 октября"
_KIND_THEN_DATE = re.compile(_WHOSE + _KIND + r"(?P<between>(?:\s+(?!" + _KIND_WORDS + r")[\w’'.-]+){0,5}?)\s+(?:of|dated|on|from|от)\s+" + _DATE)
# "our 28 October message", "the October 26 letter"
_DATE_THEN_KIND = re.compile(_WHOSE + r"(?:the\s+)?" + _DATE + r"\s+" + _KIND)
# a month's name, which both need: a text without one is not searched with them (most paragraphs, and far faster)
_ANY_MONTH = re.compile(_MONTH.format(n="m"))


def dated_records(text: str, year_of) -> list[dict]:
    """The records a text names by their date: ``[{"kind", "date", "whose", "words", "start", "end"}]``.

    ``year_of(month, day)`` gives the year of a date written without one (the citing document's), or None.
    ``whose`` is the possessive before the kind ("your", "my", "Khrushchev's"); ``words`` the words between the
    kind and the date ("to President Kennedy"), which say more about which record it is."""
    if not _ANY_MONTH.search(text):
        return []
    from .dates import month_number

    out: list[dict] = []
    taken: list[tuple[int, int]] = []
    for regex in (_KIND_THEN_DATE, _DATE_THEN_KIND):
        for m in regex.finditer(text):
            kind = record_kind(m.group("kind"))
            if kind not in CORRESPONDENCE or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            month = month_number(m.group("m1") or m.group("m2"))
            day = int(m.group("d1") or m.group("d2"))
            year = int(m.group("y")) if m.group("y") else year_of(month, day)
            if month is None or year is None:
                continue
            try:
                when = date(year, month, day)
            except ValueError:
                continue
            groups = m.groupdict()
            out.append({"kind": kind, "date": when.isoformat(), "whose": (groups.get("whose") or "").lower(),
                        "words": (groups.get("between") or "").strip(), "start": m.start(), "end": m.end()})
            taken.append((m.start(), m.end()))
    out.sort(key=lambda r: r["start"])
    return out


_FROM_TO = re.compile(r"\b(?:from|by)\s+(?P<sender>.+?)(?:\s+to\s+(?P<recipient>.+?))?\s*$|\bto\s+(?P<only>.+?)\s*$",
                      re.IGNORECASE)


def sender_and_recipient(title: str) -> tuple[str, str]:
    """Who a letter's or telegram's title says wrote it and to whom ("Letter From Chairman Khrushchev to
    President Kennedy" -> ("Chairman Khrushchev", "President Kennedy")); empty where the title does not say."""
    m = _FROM_TO.search(title)
    if not m:
        return "", ""
    if m.group("only"):
        return "", m.group("only")
    return m.group("sender") or "", m.group("recipient") or ""
