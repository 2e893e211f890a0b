"""Archival dates: "28 October 1962", "October 28, 1962", "28.X.1962", "1.XI.62", "Oct. 1962", "1962?".

A date known only to the month or year becomes a range covering it; nothing is invented.
"""

from __future__ import annotations

import bisect
import calendar
import re
from datetime import date

from ..model import DateRange

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Russian, nominative and genitive stems
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    # French, German, Spanish and Italian (months of diplomatic correspondence)
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9, "ottobre": 10,
    "dicembre": 12,
    "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "dezembro": 12,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}

_MONTH_WORD = r"(?P<{name}>[A-Za-zÀ-ÿ]{{3,9}}\.?|[А-Яа-яЁё]{{2,9}})"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?P<{name}>1[5-9]\d\d|20\d\d)"
# what joins the two days of a span: a hyphen set close ("3-4 June"; "No. 3 - 4 June" is a number and a date), a
# dash, or a word ("12 and 13 December", "30 July to 2 August", "du 3 au 4 juin")
_DAYS_JOIN = r"(?:-|\s?[–—]\s?|\s+(?:and|&|to|through|until|au|bis|y|e|и|по)\s+)"
_PATTERNS = [
    # 1962-10-28, 1962-10-28T09:00:00, 1962-10
    # (never the year and day of a span run together: "30 December 1961-18 January 1962")
    ("iso", r"(?<!\d)(?P<y>1[5-9]\d\d|20\d\d)-(?P<m>[01]\d)(?:-(?P<d>[0-3]\d))?(?:T[\d:.+\-Z]*)?(?!\d)"
     r"(?!\s+(?:jan|feb|m[aä]r|apr|avr|ma[iy]|jun|juin|jul|juil|aug|août|sep|o[ck]t|nov|d[eé][cz])[^\W\d_]*\.?\s+\d)"),
    # 1962/10/28, 1962.10.28: year first with slashes or dots
    ("iso", r"(?<![\w.])(?P<y>1[5-9]\d\d|20\d\d)(?P<sep>[./])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d.]\d)"),
    # a span of days in one year, read before its last day alone: "3-4 June 1961", "12 and 13 December 1961",
    # "30 July–2 August 1962"; "June 3–4, 1961", "October 30-November 1, 1962"
    ("dmy span", r"(?<![\w.])" + _DAY.format(name="d") + r"\.?(?:\s+" + _MONTH_WORD.format(name="mw") + r")?"
     + _DAYS_JOIN + _DAY.format(name="d2") + r"\.?\s+(?:de\s+)?" + _MONTH_WORD.format(name="mw2") + r",?\s+(?:de\s+)?"
     + _YEAR.format(name="y") + r"(?!\d)"),
    ("mdy span", r"(?<![\w.])" + _MONTH_WORD.format(name="mw") + r"\s+" + _DAY.format(name="d") + _DAYS_JOIN
     + r"(?:" + _MONTH_WORD.format(name="mw2") + r"\s+)?" + _DAY.format(name="d2") + r",?\s+" + _YEAR.format(name="y")
     + r"(?!\d)"),
    # 28 October 1962, 28 Oct. 1962, 28 октября 1962 г., 30. Oktober 1962
    # 24 de octubre de 1962 (Spanish, Portuguese)
    # the 15th day of February, 1962: as treaties, proclamations and commissions close
    ("dmy", r"(?<![\w.])" + _DAY.format(name="d") + r"\.?\s+(?:day\s+of\s+)?(?:de\s+)?" + _MONTH_WORD.format(name="mw") + r",?\s+(?:de\s+)?" + _YEAR.format(name="y") + r"(?!\d)"),
    # 1962 October 28, 1962 Oct. 28: the archival (DACS, MARC) order
    ("ymd", r"(?<![\w.])" + _YEAR.format(name="y") + r"\s+" + _MONTH_WORD.format(name="mw") + r"\s+" + _DAY.format(name="d") + r"(?![\w])"),
    # October 28, 1962
    ("mdy", r"(?<![\w.])" + _MONTH_WORD.format(name="mw") + r"\s+" + _DAY.format(name="d") + r",?\s+" + _YEAR.format(name="y") + r"(?!\d)"),
    # 28-Oct-1962, 28-OCT-62: a spreadsheet's or database's date
    ("dmy", r"(?<![\w.])(?P<d>[0-3]?\d)-" + _MONTH_WORD.format(name="mw") + r"-(?P<y>1[5-9]\d\d|20\d\d|\d\d)(?![\w-])"),
    # 281530Z OCT 62: a cable's or signal's date-time group (day, hour and minute, Z for GMT, month, year), with the
    # precedence letters before it that the message's routing gives it (R routine, P priority, O immediate, Z flash)
    ("dmy", r"(?<![\w.])(?:(?-i:[ROPZ]{1,2})\s+)?(?P<d>[0-3]\d)[0-2]\d[0-5]\dZ\s+" + _MONTH_WORD.format(name="mw") + r"\s+(?P<y>1[5-9]\d\d|20\d\d|\d\d)(?![\w])"),
    # 28 OCT 62, 28 Oct 62: a military or cable date, two-digit year after a month's name
    ("dmy", r"(?<![\w.])" + _DAY.format(name="d") + r"\.?\s+" + _MONTH_WORD.format(name="mw") + r"\s+(?P<y>\d\d)(?![\w.:/,-]?\d)"),
    # 28.X.1962, 1.XI.62
    ("roman", r"(?<![\w.])(?P<d>[0-3]?\d)\s?\.\s?(?P<rm>X{0,1}(?:IX|IV|V?I{0,3})|XI{1,2})\s?\.\s?(?P<y>\d{4}|\d{2})(?![\w])"),
    # 28.10.1962, 10/28/62
    ("numeric", r"(?<![\w.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)(?![\w.]\d)"),
    # 11-22-63: a teletype's or typist's date with hyphens (US order, as with slashes); never a part of a longer
    # run of numbers joined by hyphens (a file or serial number: "105-82555-12", "89-11-22-63")
    ("numeric", r"(?<![\w.\-/])(?P<a>[0-3]?\d)(?P<sep>-)(?P<b>[0-3]?\d)-(?P<y>\d{4}|\d{2})(?![\w\-/]?\d)(?!-)"),
    # October 1962, Oct. 1962
    ("my", r"(?<![\w.])" + _MONTH_WORD.format(name="mw") + r",?\s+" + _YEAR.format(name="y") + r"(?!\d)"),
    # 1961/62, 1962-1963: a span of years (a fiscal year, a session)
    ("years", r"(?<![\w.\-/])" + _YEAR.format(name="y") + r"\s?[/–—-]\s?(?P<y2>1[5-9]\d\d|20\d\d|\d\d)(?![\w\-/])"),
    # 1962 (alone, possibly "1962?" or "ca. 1962")
    ("y", r"(?<![\w.\-/])" + _YEAR.format(name="y") + r"(?![\w\-/])"),
]
_REGEXES = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]

# the days of the week, which a date may name before itself ("Sunday, May 6, 1962", "Moscow, Sunday, May 6, 1962")
WEEKDAYS = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
            r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
            r"sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo|понедельник|вторник|среда|четверг|пятница|"
            r"суббота|воскресенье)")
_WEEKDAY_BEFORE = re.compile(rf"(?<![^\W\d_]){WEEKDAYS}\.?\s*,?\s*(?=[\[(]?\s*$)", re.IGNORECASE)

# Words that may stand beside a date on a line that is still "just a date".
_FILLER = re.compile(
    r"^[\s,.;:/()\[\]?–—-]*(?:(?:" + WEEKDAYS + r"|from|of|on|dated?|the|session|meeting|ca|circa|c|about|approx|between|г|года?|от|le|du|den|el|il|"

    r"undated|no date|n\.d|supplied|assigned|estimated|inferred|conjectured|am|pm|a\.m|p\.m|\d{1,2}[:.]\d\d|\d{1,2}(?=\s*[ap]\.?\s?m\b)|noon|midnight|hours|local time|"
    # the hour as French and German editions print it: "19 h.", "19 h 30", "19h30", "19.30 Uhr" (never "2h" alone:
    # OCR reads a 4 as h, "2h January 1952")
    r"\d{1,2}\s+h(?:\s?\d\d)?|\d{1,2}h\d\d|uhr|heures?|"
    r"gmt|[a-z]{0,3}t)\b[\s,.;:/()\[\]?–—-]*)*$",
    re.IGNORECASE,
)


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _MONTHS:
        return _MONTHS[w]
    if re.match(r"[а-яё]", w):
        for stem in sorted((k for k in _MONTHS if re.match(r"[а-яё]", k)), key=len, reverse=True):
            if w.startswith(stem) and (stem != "ма" or w in ("май", "мая", "мае")):
                return _MONTHS[stem]
    return None


def month_number(word: str) -> int | None:
    """The month a word names (October, Oct., октября, Oktober), or None."""
    return _month(word)


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:  # fixed pivot, so that a parse never changes with the calendar: 00-30 -> 2000s
        y += 2000 if y <= 30 else 1900
    return y


def _range(y: int, m: int | None = None, d: int | None = None, raw: str = "") -> DateRange | None:
    """Build the range a (year, month, day) triple denotes; an impossible day falls back to its month."""
    if not 1 <= y <= 9999:
        return None
    if m is None:
        return DateRange(date(y, 1, 1), date(y, 12, 31), raw)
    if not 1 <= m <= 12:
        return DateRange(date(y, 1, 1), date(y, 12, 31), raw)
    last = calendar.monthrange(y, m)[1]
    if d is None or not 1 <= d <= last:
        return DateRange(date(y, m, 1), date(y, m, last), raw)
    return DateRange(date(y, m, d), date(y, m, d), raw)


def _from_match(kind: str, m: re.Match) -> DateRange | None:
    raw = m.group(0).strip()
    g = m.groupdict()
    if kind == "iso":
        return _range(int(g["y"]), int(g["m"]), int(g["d"]) if g.get("d") else None, raw)
    if kind in ("dmy", "mdy", "my", "ymd"):
        month = _month(g["mw"])
        if month is None:
            return None
        return _range(_year(g["y"]), month, int(g["d"]) if g.get("d") else None, raw)
    if kind in ("dmy span", "mdy span"):
        return _days(g, raw)
    if kind == "roman":
        month = _ROMAN.get(g["rm"].lower())
        if month is None:
            return None
        return _range(_year(g["y"]), month, int(g["d"]), raw)
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), _year(g["y"])
        if g["sep"] in "/-" and 1 <= a <= 12:  # slashes are US order (10/28/62) unless the first can't be a month
            a, b = b, a
        if not 1 <= b <= 12:  # "00.00.1962", "00/00/63": the year is still known, the day and month are not
            return _range(y, raw=raw) if len(g["y"]) == 4 or (a == 0 and b == 0 and int(g["y"]) != 0) else None
        return _range(y, b, a, raw)
    if kind == "years":
        first, last = int(g["y"]), int(g["y2"])
        if last < 100:  # 1961/62, 1999/00
            last += first // 100 * 100 + (100 if last < first % 100 else 0)
        if last <= first:
            return None
        return DateRange(date(first, 1, 1), date(last, 12, 31), raw)
    if kind == "y":
        return _range(int(g["y"]), raw=raw)
    return None


def _days(g: dict, raw: str) -> DateRange | None:
    """The span "3-4 June 1961" or "30 July–2 August 1962" names; None unless both days are real and in order (the
    first month is the last's where the span names one; a span over New Year starts in the year before)."""
    last_month = _month(g["mw2"] if g.get("mw2") else g["mw"])
    first_month = _month(g["mw"]) if g.get("mw") else last_month
    if first_month is None or last_month is None:
        return None
    year = _year(g["y"])
    first_year = year - 1 if first_month > last_month else year
    try:
        first, last = date(first_year, first_month, int(g["d"])), date(year, last_month, int(g["d2"]))
    except ValueError:
        return None
    return DateRange(first, last, raw) if first < last else None


_DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[tuple[DateRange, int, int]]:
    """All dates in ``text`` with their (start, end) offsets, the most specific reading of each span."""
    found: list[tuple[DateRange, int, int]] = []
    if not _DIGIT.search(text):  # every form of a date has a number in it
        return found
    taken: list[tuple[int, int]] = []  # spans already read, sorted: they never overlap, so their ends are sorted too
    for kind, regex in _REGEXES:  # ordered from most to least specific
        for m in regex.finditer(text):
            before = bisect.bisect_left(taken, (m.end(),))  # the spans that start before this one ends
            if before and taken[before - 1][1] > m.start():
                continue
            parsed = _from_match(kind, m)
            if parsed is not None:
                found.append((parsed, m.start(), m.end()))
                taken.insert(before, (m.start(), m.end()))
    found.sort(key=lambda t: t[1])
    return found


def parse_date(text: str) -> DateRange | None:
    """Parse a string that holds one date (perhaps with "ca.", "?", "from"); None if there is none.

    >>> parse_date("28.X.1962").iso
    '1962-10-28'
    >>> parse_date("Oct. 1962").iso
    '1962-10'
    """
    text = text.strip()
    if not text:
        return None
    found = spans(text, find_dates(text))
    if not found:
        if m := _BASIC.fullmatch(text):  # ISO 8601's basic form, a value of its own only: in text, any 8 figures
            return _range(int(m.group("y")), int(m.group("m")), int(m.group("d")), text)
        return None
    best = found[0][0]
    return DateRange(best.start, best.end, text)


# a day in ISO 8601's basic form, its figures run together: "19620215" (year, month, day)
BASIC_DAY = r"(?P<y>1[5-9]\d\d|20\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
# "19620215", "[19620215]", "19620215T143000Z": a database's or a file name's date, day and time run together
_BASIC = re.compile(rf"\[?{BASIC_DAY}(?:T\d{{4}}(?:\d\d)?Z?)?\]?")


_SPAN_JOIN = re.compile(r"^\s*(?:[-–—/]|to|until|till|through|thru|and|or|по|до|au|bis)\s*$", re.IGNORECASE)


def spans(text: str, found: list[tuple[DateRange, int, int]]) -> list[tuple[DateRange, int, int]]:
    """Dates joined by "to", "–" or "and" read as one span: "30 December 1961 to 18 January 1962"."""
    out: list[tuple[DateRange, int, int]] = []
    for parsed, start, end in found:
        if out and _SPAN_JOIN.match(text[out[-1][2]:start]) and parsed.end > out[-1][0].start:
            first, first_start, _ = out.pop()
            parsed = DateRange(first.start, parsed.end, text[first_start:end])
            start = first_start
        out.append((parsed, start, end))
    return out


# a date with its filler words or its place is short: longer lines (body paragraphs) are not searched for one
_MAX_DATE_LINE = 160


def date_line(line: str) -> DateRange | None:
    """The date of a line that is nothing but a date (with filler words such as "from" or "г."), else None."""
    if len(line) > _MAX_DATE_LINE:
        return None
    found = spans(line, find_dates(line))
    if len(found) != 1:
        return None
    parsed, start, end = found[0]
    rest = line[:start] + " " + line[end:]
    if not _FILLER.match(rest):
        return None
    return DateRange(parsed.start, parsed.end, line.strip())


# "Moscow, [November 11, 1962]", "Moscow -- 10 March 1962", "Moscow — 10 March 1962"
# the article French, German, Italian and Spanish letters set between the place and the date: "Paris, le 24 octobre
# 1962", "Bonn, den 29. Oktober 1962", "Roma, lì 24 ottobre 1962", "Madrid, a 24 de octubre de 1962"
# (a span after the place may open with its own word: "Moscou, du 30 décembre 1961 au 18 janvier 1962")
# (a place may name its state, country or building after commas, or in brackets: "Washington, D.C.", "Key West,
# Florida", "The White House, Washington", "Havana (Cuba)", "Berlin (West)")
_PLACE = re.compile(r"^\s*(?P<place>[A-ZА-ЯЁ][\w.'’ -]{1,40}?(?:\s?\([A-ZА-ЯЁ][\w.'’ -]{1,30}\))?"
                    r"(?:,\s*(?:the\s+)?[A-ZА-ЯЁ][\w.'’ -]{0,30}?(?:\s?\([A-ZА-ЯЁ][\w.'’ -]{1,30}\))?)?)"
                    r"\s*(?:,|\s--?\s|\s[–—]\s)\s*"
                    r"(?:(?:le|den|am|li|lì|a|du)\s+)?[\[(]?\s*$")
# a place after the date: "10 March 1962, Moscow", "10.3.1962; Moscow", "10 March 1962 -- Moscow"
_PLACE_AFTER = re.compile(r"^\s*[\])]?\s*(?:[,;]|\s--?|\s[–—])\s*(?P<place>[A-ZА-ЯЁ][\w.'’ -]{1,40}?)\.?\s*$")
_UNDATED = re.compile(r"^\s*(?P<place>[A-ZА-ЯЁ][\w.'’ -]{1,40}?)\s*,\s*[\[(]?(?:undated|not dated|no date|n\.\s?d\.?|"
                      r"date unknown|без даты|sans date|ohne datum)[\])]?\.?\s*$", re.IGNORECASE)


def undated_place(line: str) -> str | None:
    """The place of a dateline that says the document is undated ("Moscow, undated."), else None."""
    m = _UNDATED.match(line) if len(line) <= _MAX_DATE_LINE else None
    return m.group("place").strip() if m else None


def dateline(line: str) -> tuple[str, DateRange] | None:
    """A dateline "Moscow, October 27, 1962" as (place, date); None for any other line."""
    if len(line) > _MAX_DATE_LINE or line.count(")") > line.count("("):  # "... General, 11/11/62)": a wrapped line
        return None
    found = spans(line, find_dates(line))
    if len(found) != 1:
        return None
    parsed, start, end = found[0]
    m = _PLACE.match(_WEEKDAY_BEFORE.sub("", line[:start]))  # "Moscow, Sunday, May 6, 1962": the place is Moscow
    if m and _FILLER.match(line[end:]):
        return m.group("place").strip(), DateRange(parsed.start, parsed.end, line.strip())
    after = _PLACE_AFTER.match(line[end:])
    if after and _FILLER.match(line[:start]) and not re.search(r"\d", after.group("place")):
        return after.group("place").strip(), DateRange(parsed.start, parsed.end, line.strip())
    return None
