"""Read a source's own citation string ("…, Wilson Center Digital Archive, RGANI, F. 3, Op. 16, D. 947, L. 5-6.
Translated by …") into the parts a reference manager keeps apart: repository, location in it, translators, URL.

The rule, for any citation string (the README states it too):

1. the URL, a sentence naming translators ("Translated [and edited] by A[ and B][, with assistance from C]"),
   a leading quoted title and a date are taken out;
2. what is left of the first sentence is cut at its commas into parts;
3. the **repository** is the first part that names an institution (a word such as Archive, Library,
   Center, Museum, Institute, Department, Ministry, University, Архив); failing one, an archive's siglum
   (``RGANI``, ``AVP RF``: a part written in capitals) that stands before unit designators;
4. the **location** is every part after the repository, in order, and any part before it that is
   archival: a unit designator with its number (``F. 3``, ``Op. 16``, ``D. 947``, ``Ll. 5-6``, ``Box 12``,
   ``RG 59``, ``Lot 66 D 204``, ``ф. 3``), a siglum, or a collection (Papers, Files, Records, Collection,
   Correspondence, Fonds).

A citation in which neither a repository nor a location is found is kept whole as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL = re.compile(r"https?://[^\s<>\"]+")
_TRANSLATED = re.compile(
    r"\b(?:translated|translation)(?:\s+and\s+(?:edited|annotated))?\s+by\s+(?P<names>[^.;(]+?)"
    r"(?=\s*(?:,\s*with\b|\.(?:\s|$)|;|\(|$))[^.;]*\.?", re.IGNORECASE)
_QUOTED_TITLE = re.compile(r"^\s*[\"“«„](?P<title>[^\"”»“]+)[\"”»“],?\s*")
_INSTITUTION = re.compile(
    r"\b(?:archives?|archiv\w*|archivo|library|libraries|biblioth\w+|cent(?:er|re)|museum|institut\w*|"
    r"department|ministry|university|foundation|office|national\s+security\s+archive|"
    r"архив\w*|библиотек\w*|музе\w*|институт\w*)\b", re.IGNORECASE)
_COLLECTION = re.compile(r"\b(?:papers|files|records|collection|collections|correspondence|fonds?|series)\b",
                         re.IGNORECASE)
# a unit of archival arrangement, abbreviated or not, followed by its number ("F. 3", "Ll. 5-6", "Box 12",
# "RG 59", "Lot 66 D 204", "ф. 3", "лл. 1-2"); the number may be Roman, carry letters ("46ob") or a range
_DESIGNATOR = re.compile(
    r"^(?:f|fond|op|opis|d|delo|l|ll|list|listy|k|kart|box|folder|file|fol|fols|ff|folio|series|ser|subseries|"
    r"record\s+group|rg|entry|lot|reel|item|vol|volume|no|doc|document|carton|sheet|p|pp|page|pages|"
    r"leg|legajo|exp|expediente|caja|carpeta|cote|sig|signatur|bestand|akte|"
    r"ф|фонд|оп|опись|д|дело|л|лл|лист|листы|к|п|папка|ед\.\s*хр)\.?\s*"
    r"(?:[0-9IVXLCDM][\w\-–/.]*|[a-zа-я]?\d[\w\-–/.]*)(?:\s+\w{1,3}\s+\d[\w\-–/.]*)?\.?$", re.IGNORECASE)
_SIGLUM = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9-]{1,9}(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ0-9-]{0,5}){0,2}$")
_DATE_PART = re.compile(
    r"^(?:\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2}|\w+\s+\d{1,2},?\s+\d{4}|\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}\s*г\.?|"
    r"\d{1,2}\.[IVX\d]{1,4}\.\d{2,4})$")


@dataclass(frozen=True)
class CitationParts:
    """What :func:`split_citation` found in a citation string."""

    archive: str = ""
    archive_location: str = ""
    translators: tuple[str, ...] = ()
    url: str = ""
    title: str = ""
    rest: str = ""  # the first sentence when neither repository nor location could be told apart


def split_citation(text: str) -> CitationParts:
    """The repository, location, translators and URL of a citation string (see the module docstring)."""
    text = " ".join((text or "").split())
    if not text:
        return CitationParts()
    url = ""
    if m := _URL.search(text):
        url = m.group(0).rstrip(".,;)")
        text = (text[:m.start()] + text[m.end():]).strip()
    translators: list[str] = []
    if m := _TRANSLATED.search(text):
        translators = [n for n in re.split(r"\s*(?:,|\band\b|&)\s*", m.group("names").strip()) if n.strip()]
        text = (text[:m.start()] + text[m.end():]).strip()
    title = ""
    if m := _QUOTED_TITLE.match(text):
        title = m.group("title").strip().rstrip(",")
        text = text[m.end():]
    parts = [p.strip() for p in _first_sentence(text).split(",")]
    parts = _without_date(p for p in parts if p)
    repo = next((i for i, p in enumerate(parts) if _INSTITUTION.search(p)), None)
    if repo is None:
        repo = next((i for i, p in enumerate(parts)
                     if _SIGLUM.match(p) and i + 1 < len(parts) and _DESIGNATOR.match(parts[i + 1])), None)
    if repo is None:
        location = [p for p in parts if _DESIGNATOR.match(p)]
        if len(location) < 2:  # one "No. 5" in running text is not an archive location
            return CitationParts(translators=tuple(translators), url=url, title=title, rest=", ".join(parts))
        return CitationParts("", ", ".join(parts), tuple(translators), url, title)
    before = [p for p in parts[:repo] if _archival(p)]
    return CitationParts(parts[repo], ", ".join(before + parts[repo + 1:]), tuple(translators), url, title)


def _archival(part: str) -> bool:
    return bool(_DESIGNATOR.match(part) or _SIGLUM.match(part) or _COLLECTION.search(part))


def _first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence: not the one of an abbreviation ("F. 3", "L. 46ob.",
    "Cde. Khrushchev"), which is followed by a number, or stands after one or two letters."""
    for m in re.finditer(r"\.(?=\s+|$)", text):
        before = text[:m.start()]
        word = re.search(r"(\S+)$", before)
        nxt = text[m.end():].lstrip()
        if word and (len(word.group(1)) <= 3 and word.group(1).isalpha()) and nxt[:1].isdigit():
            continue  # "F. 3", "Op. 16"
        if word and re.fullmatch(r"[A-ZА-Я]\w{0,2}", word.group(1)) and nxt[:1].isupper() and len(word.group(1)) < 3:
            continue  # an initial: "S. Ivanov"
        return before.strip()
    return text.strip().rstrip(".")


def _without_date(parts) -> list[str]:
    """The parts without the citation's date ("October 28", "1962", "28 October 1962")."""
    from ..vocabulary.dates import parse_date

    parts = list(parts)
    out: list[str] = []
    i = 0
    while i < len(parts):
        pair = f"{parts[i]}, {parts[i + 1]}" if i + 1 < len(parts) else ""
        if pair and _DATE_PART.match(parts[i]) and re.fullmatch(r"\d{4}", parts[i + 1]) and parse_date(pair):
            i += 2
            continue
        if _DATE_PART.match(parts[i]) and parse_date(parts[i]) and not _DESIGNATOR.match(parts[i]):
            i += 1
            continue
        out.append(parts[i])
        i += 1
    return out
