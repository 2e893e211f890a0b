"""What a layout is, and the typing tools layouts share: dates, markings, wrapping, page furniture, OCR noise.

A layout is a function ``render(reference, rng) -> Rendered``: the text of one document as some archive would
present it, and the metadata a parser can be expected to read from *that* text (``Expected``). A layout with
no place for a field says so in its Expected (no place line: ``place=""``), so that a parser is only asked
for what is there. ``rng`` is seeded by layout and document: every run renders the same files.
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from layouts_reference import LEVELS, PRECEDENCE, Reference

FIELDS = ("title", "date", "classification", "footnotes", "place", "paragraphs")


@dataclass(frozen=True)
class Expected:
    """What a parser should read from one rendered file."""

    title: str
    date: str | None  # ISO date or span ("1961-12-30/1962-01-18"), None when the text gives none
    classification: frozenset[str]  # canonical markings
    footnotes: int
    place: str
    paragraphs: int
    # words of the classification sentence outside the vocabulary ("Verbatim Text"), and markings a later agency
    # gave a document that bears none: wherever a layout prints the source note, a parser may take them for
    # markings or not
    optional_markings: frozenset[str] = frozenset()

    @classmethod
    def of(cls, ref: Reference, **changes) -> Expected:
        """The reference's own metadata, with the fields this layout withholds changed."""
        base = cls(title=ref.title, date=ref.date.iso if ref.date else None,
                   classification=frozenset(ref.markings), footnotes=len(ref.notes), place=ref.place,
                   paragraphs=len(ref.paragraphs), optional_markings=frozenset(ref.extra_markings + ref.later_markings))
        return replace(base, **changes)


@dataclass(frozen=True)
class Rendered:
    text: str
    expected: Expected
    suffix: str = ".txt"
    stem: str = ""  # the file's name without its suffix, when the layout names files itself ("" : the document id)


@dataclass(frozen=True)
class Layout:
    name: str
    summary: str  # one line: what archive or practice it imitates, and what it withholds
    render: Callable[[Reference, random.Random], Rendered]

    def rng(self, ref: Reference) -> random.Random:
        return random.Random(f"{self.name}:{ref.doc_id}")  # str seeds are hashed with sha512: stable across runs


# -- dates ---------------------------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre")


MONATE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
          "Dezember")


def date_fields(day: date) -> dict[str, str]:
    """The pieces a date format may use: {d} 7, {dd} 07, {m} 10, {mm} 10, {month} October, {mon} Oct,
    {y} 1962, {yy} 62, {ord} 7th; in French {jour} 7 (1er on the first) and {mois} octobre; in German {monat}
    Oktober."""
    return {"d": str(day.day), "dd": f"{day.day:02d}", "m": str(day.month), "mm": f"{day.month:02d}",
            "month": MONTHS[day.month - 1], "mon": MONTHS[day.month - 1][:3], "y": str(day.year),
            "yy": f"{day.year % 100:02d}", "jour": "1er" if day.day == 1 else str(day.day),
            "mois": MOIS[day.month - 1], "monat": MONATE[day.month - 1],
            "ord": f"{day.day}{'th' if 10 <= day.day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day.day % 10, 'th')}"}


def date_of(iso: str) -> date:
    return date.fromisoformat(iso)


def format_day(iso: str, fmt: str) -> str:
    return fmt.format(**date_fields(date.fromisoformat(iso)))


def date_text(ref: Reference, fmt: str, span: str = "between {a} and {b}", supplied: str = "[{}]") -> str | None:
    """The document's date in ``fmt``; a span as ``span``; a date the editors inferred wrapped in ``supplied``."""
    if ref.date is None:
        return None
    a = format_day(ref.date.start, fmt)
    text = a if ref.date.start == ref.date.end else span.format(a=a, b=format_day(ref.date.end, fmt))
    return supplied.format(text) if ref.date.supplied else text


def time_of_day(ref: Reference) -> str:
    """"5:56 p.m." when the printed date gives the hour, else ""."""
    m = re.search(r"\d{1,2}(?::\d\d)?\s*[ap]\.\s?m\.|\bnoon\b|\bmidnight\b", ref.date_printed)
    return m.group(0) if m else ""


# -- markings ------------------------------------------------------------------------------------------

_TITLE_CASE = {"NIACT": "Niact"}


def typed(marking: str, style: str = "caps") -> str:
    """A canonical marking as typed: ``caps`` TOP SECRET, ``title`` Top Secret, ``spaced`` T O P   S E C R E T."""
    if style == "caps":
        return marking
    if style == "title":
        return _TITLE_CASE.get(marking, marking.title())
    if style == "spaced":
        return "   ".join(" ".join(word) for word in marking.split())
    raise ValueError(f"unknown marking style {style!r}")


# the security grades as other governments' editions print them (the handling and precedence words have no
# equivalent there, and are not printed)
GRADES = {"fr": {"TOP SECRET": "Très secret", "SECRET": "Secret", "CONFIDENTIAL": "Confidentiel"},
          "de": {"TOP SECRET": "streng geheim", "SECRET": "geheim", "CONFIDENTIAL": "VS-vertraulich"}}


def split_markings(markings: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """(security levels, precedence, handling) of a document's markings."""
    markings = list(markings)
    return ([m for m in markings if m in LEVELS], [m for m in markings if m in PRECEDENCE],
            [m for m in markings if m not in LEVELS and m not in PRECEDENCE])


# -- who wrote to whom ---------------------------------------------------------------------------------

_PARTIES = re.compile(r"^(?P<kind>.+?) (?:From|by) (?P<sender>.+?) to (?P<recipient>.+)$")


def parties(title: str) -> tuple[str, str, str] | None:
    """(kind, sender, recipient) of a title: "Letter From Chairman Khrushchev to President Kennedy" ->
    ("Letter", "Chairman Khrushchev", "President Kennedy"); None for "Editorial Note"."""
    m = _PARTIES.match(title)
    return (m.group("kind"), m.group("sender"), m.group("recipient")) if m else None


# -- lines ---------------------------------------------------------------------------------------------


def wrap(text: str, width: int = 65, indent: str = "", first: str | None = None) -> list[str]:
    """Hard-wrap a paragraph at ``width`` columns; words (and markers glued to them) are never split."""
    return textwrap.wrap(text, width=width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False) or [""]


def wrap_hyphenated(text: str, width: int, rng: random.Random, rate: float = 0.5) -> list[str]:
    """Hard-wrap as a typist or an OCR engine does: a long word at the line end is often broken with a hyphen."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - (2 if line else 1)  # a space and the hyphen
        cut = _syllable_break(word, room) if rng.random() < rate else None
        if cut:
            lines.append(f"{line} {word[:cut]}-" if line else f"{word[:cut]}-")
            line = word[cut:]
            continue
        if line:
            lines.append(line)
        line = word
    lines.append(line)
    return lines


def _syllable_break(word: str, room: int) -> int | None:
    """Where a long word may be broken within ``room`` characters: the last vowel-consonant-vowel seam
    ("disarma-ment"), at least three letters from either end; None if there is none."""
    letters = len(word.rstrip(",.;:"))
    if not re.fullmatch(r"[A-Za-z]{7,}[,.;:]?", word):
        return None
    seams = [i for i in range(3, min(room, letters - 3) + 1)
             if word[i - 1] in _VOWELS and word[i] not in _VOWELS and word[i + 1] in _VOWELS]
    return seams[-1] if seams else None


_VOWELS = set("aeiouyAEIOUY")


def right(text: str, width: int = 65) -> str:
    return text.rjust(width)


def centre(text: str, width: int = 65) -> str:
    return text.center(width).rstrip()


def paginate(lines: list[str], per_page: int, header: Callable[[int], list[str]],
             footer: Callable[[int], list[str]]) -> list[str]:
    """Lines cut into pages of ``per_page`` lines, each framed by its header and footer (page numbers from 1)."""
    out: list[str] = []
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    for number, page in enumerate(pages, 1):
        out += header(number) + page + footer(number)
    return out


# -- OCR noise -----------------------------------------------------------------------------------------

_LOOKALIKES = {"e": "c", "c": "e", "l": "I", "I": "l", "o": "a", "a": "o", "h": "b", "u": "n", "n": "u",
               "m": "rn", "t": "f", "f": "t", "S": "5", "O": "0", "B": "8"}
STRAY = ("'", "`", ",", ".", "‘", "~", "_", "|", "»", "•")


def ocr_noise(text: str, rng: random.Random, rate: float = 0.01) -> str:
    """Letters dropped or misread at ``rate`` (a letter only becomes a letter, or a digit inside a word, so that
    footnote numbers and markers stay countable), and now and then a stray mark before a word."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch.isalpha() and rng.random() < rate:
            roll = rng.random()
            if roll < 0.35:
                continue  # dropped
            swap = _LOOKALIKES.get(ch, ch)
            inside = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
            out.append(swap if not swap.isdigit() or inside else ch)
            continue
        if ch == " " and rng.random() < rate / 4:
            out.append(" " + rng.choice(STRAY))
        out.append(ch)
    return "".join(out)


# -- footnote marker styles ----------------------------------------------------------------------------

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int) -> str:
    return str(number).translate(SUPERSCRIPT)


_SYMBOLS = ("*", "†", "‡", "§", "‖", "¶")


def symbol(number: int) -> str:
    """The printers' sequence of reference marks: * † ‡ § ‖ ¶, then doubled (** ††...), then tripled."""
    return _SYMBOLS[(number - 1) % len(_SYMBOLS)] * ((number - 1) // len(_SYMBOLS) + 1)


def join(blocks: Iterable[str | list[str] | None]) -> str:
    """Blocks (a line or a list of lines) separated by blank lines; None and empty blocks are left out."""
    parts = []
    for block in blocks:
        if not block:
            continue
        parts.append(block if isinstance(block, str) else "\n".join(block))
    return "\n\n".join(parts) + "\n"
