"""Edit distance between short strings: an OCR'd label against the labels it may be, a fuzzy query word against an
index's words."""

from __future__ import annotations


def edit_distance(a: str, b: str, cap: int | None = None) -> int:
    """Levenshtein distance of ``a`` and ``b``. With ``cap``, any distance above it may be given as ``cap + 1``
    (strings whose lengths differ by more are not compared)."""
    if cap is not None and abs(len(a) - len(b)) > cap:
        return cap + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
