"""Classification markings: the canonical names of stamps and handling instructions, and their spellings.

Reading uses them to recognise a stamp line; querying uses them so that ``-c "top secret"`` and
``classification:"Top Secret"`` mean the marking the index holds.
"""

from __future__ import annotations

import re

# canonical marking -> the spellings that mean it (matched case-insensitively, whole words)
MARKINGS: dict[str, tuple[str, ...]] = {
    "TOP SECRET": ("top secret", "top-secret", "совершенно секретно", "strictly secret", "строго секретно"),
    "SECRET": ("secret", "секретно", "секрет"),
    "CONFIDENTIAL": ("confidential", "конфиденциально"),
    "RESTRICTED": ("restricted",),
    "UNCLASSIFIED": ("unclassified",),
    "OFFICIAL USE ONLY": ("official use only", "for official use only", "limited official use", "для служебного пользования"),
    "SPECIAL FOLDER": ("special folder", "особая папка"),
    "EYES ONLY": ("eyes only", "for the eyes only", "personal and eyes only"),
    "PERSONAL": ("personal", "лично"),
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
    "URGENT": ("urgent", "срочно"),
}
MARKING_LOOKUP = {spelling: canon for canon, spellings in MARKINGS.items() for spelling in spellings}
MARKING_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(s) for s in MARKING_LOOKUP), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# markings that make a document classified; a line of only handling words ("Personal") is not a stamp
LEVELS = {"TOP SECRET", "SECRET", "CONFIDENTIAL", "RESTRICTED", "UNCLASSIFIED", "OFFICIAL USE ONLY",
           "SPECIAL FOLDER", "EYES ONLY", "NOFORN", "NODIS", "EXDIS", "LIMDIS", "LIMIT DISTRIBUTION"}


def normalize_classification(text: str) -> tuple[str, ...]:
    """The canonical markings named in ``text`` ("Top Secret; Eyes Only" -> TOP SECRET, EYES ONLY)."""
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
