"""What a file's own properties say (Word, OpenDocument, RTF, EPUB, PDF info), checked for the usual junk.

Office programs fill in a title and dates whether or not anyone meant them: the name of the file a PDF was
printed from ("Microsoft Word - draft.doc"), the template's "Title" or "Document1", the author's user name, an
empty date written as the first day the format can hold (1601-01-01 in Word, 1899-12-30, 1970-01-01,
1980-01-01 in a ZIP), or the day the file was saved, copied or converted. Such values are not evidence of the
document; the readers use a property only when it passes these checks, and prefer what the text says.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..model import DateRange

_PROGRAM_PREFIX = re.compile(r"^(?:Microsoft\s+(?:Word|Office\s+Word|PowerPoint|Excel)|Word|WordPerfect|"
                             r"LibreOffice(?:\s+Writer)?|OpenOffice(?:\.org)?(?:\s+Writer)?|Pages)\s*[-–—:]\s*",
                             re.IGNORECASE)
_FILE_NAME = re.compile(r"\.(?:docx?|dotx?|odt|ott|rtf|txt|pdf|wpd|pages|html?|xml|tiff?|jpe?g|png|epub)\s*$",
                        re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(?:untitled(?:\s+document)?|document\s*\d*|doc\d+|new\s+document|title|"
                          r"документ\s*\d*|без\s+названия|dokument\s*\d*|sans\s+titre|"
                          r"click\s+here.*|type\s+(?:the\s+)?(?:document\s+)?title.*|\[?title\]?)$", re.IGNORECASE)
# a login rather than a name: "jsmith", "j.smith2", "CORP\\jsmith", "user", "Administrator"
_USER_NAME = re.compile(r"^[\w.-]+\\[\w.-]+$|^[a-z][a-z0-9._-]*$|^[A-Za-z]+[._]?[A-Za-z]*\d+$")
_ACCOUNT = re.compile(r"^(?:user|admin|administrator|owner|пользователь|администратор|windows user|unknown)$",
                      re.IGNORECASE)
# the dates a format writes for "no date": Windows FILETIME zero, OLE/Excel zero, Unix and Mac epochs, DOS/ZIP zero
_EMPTY_DATES = {date(1601, 1, 1), date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1), date(1904, 1, 1),
                date(1970, 1, 1), date(1980, 1, 1)}


def plausible_title(title: str | None, people: tuple[str | None, ...] = ()) -> str:
    """The title a file's properties give, or "" when it is junk (a file name, a placeholder, a user name)."""
    title = re.sub(r"\s+", " ", title or "").strip()
    if not title or _PROGRAM_PREFIX.match(title) or _FILE_NAME.search(title) or _PLACEHOLDER.match(title):
        return ""
    folded = title.casefold()
    if any(person and folded == re.sub(r"\s+", " ", person).strip().casefold() for person in people):
        return ""  # the author's name in the title field
    if _ACCOUNT.match(title) or (" " not in title and _USER_NAME.match(title)):
        return ""
    if not re.search(r"[^\W\d_]{2}", title):
        return ""
    return title


def plausible_date(value: str | date | datetime | None, file_days: frozenset[date] | set[date] = frozenset(),
                   ) -> DateRange | None:
    """A date from a file's properties as a DateRange, or None when it is junk: a format's "no date", a date
    still to come, or a day the file itself was written or copied (``file_days``)."""
    day = _as_date(value)
    if day is None or day in _EMPTY_DATES or day > date.today() or day in file_days:
        return None
    return DateRange(day, day, day.isoformat())


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    m = re.match(r"^\s*(?:D:)?(\d{4})-?(\d{2})-?(\d{2})", str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
