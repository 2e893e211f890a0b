"""Classification markings: the canonical names of stamps and handling instructions, and their spellings.

Reading uses them to recognise a stamp line; querying uses them so that ``-c "top secret"`` and
``classification:"Top Secret"`` mean the marking the index holds.
"""

from __future__ import annotations

import re

# canonical marking -> the spellings that mean it (matched case-insensitively, whole words)
MARKINGS: dict[str, tuple[str, ...]] = {
    # the grades of other governments' archives as their own equivalents: German (VS), French, Italian, Spanish,
    # Polish, Czech and Hungarian stamps
    "TOP SECRET": ("top secret", "top-secret", "совершенно секретно", "strictly secret", "строго секретно",
                   "streng geheim", "vs-streng geheim", "très secret", "très secret défense", "tres secret", "segretissimo", "alto secreto", "ściśle tajne",
                   "přísně tajné", "szigorúan titkos"),
    "SECRET": ("secret", "секретно", "секрет", "geheim", "vs-geheim", "secret défense", "segreto", "secreto", "tajne", "tajné", "titkos"),
    "CONFIDENTIAL": ("confidential", "конфиденциально", "vertraulich", "vs-vertraulich", "confidentiel", "confidentiel défense", "confidencial",
                     "riservatissimo", "poufne", "důvěrné", "bizalmas"),
    "RESTRICTED": ("restricted", "diffusion restreinte", "riservato", "reservado", "vyhrazené"),
    "UNCLASSIFIED": ("unclassified",),
    # the State Department's "Limited Official Use" is a marking of its own, not "(For) Official Use Only"
    "LIMITED OFFICIAL USE": ("limited official use",),
    "OFFICIAL USE ONLY": ("official use only", "for official use only", "для служебного пользования",
                          "nur für den dienstgebrauch", "vs-nur für den dienstgebrauch", "vs-nfd"),
    "SPECIAL FOLDER": ("special folder", "особая папка"),
    "EYES ONLY": ("eyes only", "for the eyes only", "personal and eyes only"),
    "PERSONAL": ("personal", "лично", "persönlich"),
    "NOFORN": ("noforn", "no foreign dissem", "no foreign dissemination"),
    "NODIS": ("nodis", "no distribution"),
    "EXDIS": ("exdis", "exclusive distribution"),
    "LIMDIS": ("limdis",),
    "LIMIT DISTRIBUTION": ("limit distribution", "limited distribution"),
    "NIACT": ("niact", "night action"),
    "IMMEDIATE": ("immediate",),
    "PRIORITY": ("priority",),
    "OPERATIONAL IMMEDIATE": ("operational immediate",),
    "FLASH": ("flash",),
    "CRITIC": ("critic",),
    "SENSITIVE": ("sensitive",),
    "PRIVATE": ("private",),
    "URGENT": ("urgent", "срочно", "dringend", "urgente", "très urgent"),
}
MARKING_LOOKUP = {spelling: canon for canon, spellings in MARKINGS.items() for spelling in spellings}
MARKING_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(s) for s in MARKING_LOOKUP), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_FIRST_WORDS = frozenset(re.split(r"[\s-]", spelling)[0] for spelling in MARKING_LOOKUP)
_WORD = re.compile(r"\w+")
# a word typed letter by letter, as typists set off a stamp: "S-E-C-R-E-T", "S E C R E T", "C-O-N-F-I-D-E-N-T-I-A-L"
_SPACED_OUT = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[- ][^\W\d_]){2,}(?![^\W\d_])")


def closed_up(text: str) -> str:
    """``text`` with each word typed letter by letter written as one word ("S-E-C-R-E-T NOFORN" -> "SECRET NOFORN")."""
    return _SPACED_OUT.sub(_closed, text) if _SPACED_OUT.search(text) else text


def _closed(m: re.Match) -> str:
    # letters apart by hyphens: a space parts two words ("E-Y-E-S O-N-L-Y" -> "EYES ONLY"); apart by spaces, one word
    run = m.group()
    return " ".join(word.replace("-", "") for word in run.split(" ")) if "-" in run else run.replace(" ", "")


def has_marking(text: str) -> bool:
    """Whether ``text`` may hold a marking: a quick test before MARKING_PATTERN, which is slow to search. A
    marking typed letter by letter counts (see :func:`closed_up`)."""
    if any(w in _FIRST_WORDS for w in _WORD.findall(text.lower())):
        return True
    closed = closed_up(text)
    return closed != text and any(w in _FIRST_WORDS for w in _WORD.findall(closed.lower()))


# markings that make a document classified; a line of only handling words ("Personal") is not a stamp
LEVELS = {"TOP SECRET", "SECRET", "CONFIDENTIAL", "RESTRICTED", "UNCLASSIFIED", "LIMITED OFFICIAL USE", "OFFICIAL USE ONLY",
           "SPECIAL FOLDER", "EYES ONLY", "NOFORN", "NODIS", "EXDIS", "LIMDIS", "LIMIT DISTRIBUTION"}
# the security grades: a document bears one of them (its handling words, EYES ONLY or NODIS, it may share with another)
GRADES = frozenset({"TOP SECRET", "SECRET", "CONFIDENTIAL", "RESTRICTED", "UNCLASSIFIED", "LIMITED OFFICIAL USE",
                    "OFFICIAL USE ONLY"})


def normalize_classification(text: str) -> tuple[str, ...]:
    """The canonical markings named in ``text`` ("Top Secret; Eyes Only" -> TOP SECRET, EYES ONLY; "S-E-C-R-E-T" ->
    SECRET)."""
    text = closed_up(text)
    if re.search(r"\bno classification marking\b", text, re.IGNORECASE):
        return ()
    out: list[str] = []
    for m in MARKING_PATTERN.finditer(text):
        canon = MARKING_LOOKUP[m.group(1).lower()]
        if canon not in out:
            out.append(canon)
    if not out:  # an unknown marking given explicitly (front matter): keep it, upper-cased
        out = [s.strip().upper() for s in re.split(r"[;,/]", text) if s.strip()]
    return tuple(out)


_SPELLINGS = frozenset(MARKING_LOOKUP) | {"no classification marking"}
# "No classification marking, but the Department of State classified the message Top Secret and Eyes Only."
# (or "... but it was classified Secret by the Embassy"): markings a later agency gave an unmarked text
_LATER_ACTIVE = re.compile(
    r"\bbut\s+(?:the\s+)?(?P<by>[^,.;]{3,80}?)\s+(?:later\s+|subsequently\s+)?(?:classified|marked|graded)\s+"
    r"(?:(?:it|them|the\s+(?:message|letter|telegram|cable|document|memorandum|text|note|report))\s+)?(?P<marks>[^.;]+)",
    re.IGNORECASE)
_LATER_PASSIVE = re.compile(
    r"\bbut\s+(?:it\s+|they\s+)?(?:was|were)\s+(?:later\s+|subsequently\s+)?(?:classified|marked|graded)\s+"
    r"(?P<marks>[^.;]+?)\s+by\s+(?:the\s+)?(?P<by>[^,.;]{3,80})", re.IGNORECASE)


def source_note_markings(note: str) -> tuple[tuple[str, ...], str]:
    """The markings an edition's source note gives in its classification sentences, and who gave them.

    A classification sentence is one whose first clause is nothing but a marking ("Secret; Niact; Limit
    Distribution."), so "marked “immediate release”" or "for the President's eyes only" elsewhere in the note
    are not taken for markings. "No classification marking" means none, unless the sentence goes on to say that
    a later agency classified the text: then its markings are returned with that agency ("Department of State");
    otherwise the second item is "".
    """
    marks: list[str] = []
    by = ""
    for sentence in re.split(r"(?<=\.)\s+", note):
        first = re.split(r"[;,—]", sentence, maxsplit=1)[0].strip(" .").lower()
        if first not in _SPELLINGS:
            continue
        if first == "no classification marking":
            later = _LATER_PASSIVE.search(sentence) or _LATER_ACTIVE.search(sentence)
            found = normalize_classification(later.group("marks")) if later else ()
            if later and any(m in MARKINGS for m in found):
                marks.extend(m for m in found if m in MARKINGS and m not in marks)
                by = later.group("by").strip()
            continue
        marks.extend(m for m in normalize_classification(sentence) if m not in marks)
    return tuple(marks), by
