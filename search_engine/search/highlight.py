"""Snippets: the best window of a stored text, with the matched words wrapped in <mark>...</mark>.

Our own highlighter rather than whoosh's: it reads the whole field (whoosh's stops at 32k characters),
marks exactly the words whose index term matched, and picks the window with the most matches.
"""

from __future__ import annotations

from ..analysis.stemming import tokens_with_offsets

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
SNIPPET_CHARS = 320


def matches(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` whose index term is in ``terms``."""
    if not terms or not text:
        return []
    return [(s, e) for found, s, e in tokens_with_offsets(text) if not terms.isdisjoint(found)]


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """The window of ``text`` (about ``width`` characters) holding the most spans, marked up."""
    if len(text) <= width:
        start, end = 0, len(text)
    elif not spans:
        start, end = 0, _word_end(text, width)
    else:
        best, best_count = spans[0][0], 0
        j = 0
        for i, (s, _) in enumerate(spans):  # slide a window that starts at each match
            while j < len(spans) and spans[j][1] <= s + width:
                j += 1
            if j - i > best_count:
                best, best_count = s, j - i
        first = best
        last = max(e for s, e in spans if first <= s and e <= first + width) if best_count else first
        slack = max(0, width - (last - first))
        start = _word_start(text, max(0, first - slack // 3))
        end = _word_end(text, min(len(text), max(last, start + width)))
    out = []
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(text[pos:s])
        out.append(MARK_OPEN + text[s:e] + MARK_CLOSE)
        pos = e
    out.append(text[pos:end])
    body = "".join(out).strip().replace("\n", " · ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _word_start(text: str, i: int) -> int:
    if i <= 0:
        return 0
    j = text.rfind(" ", 0, i)
    return 0 if j < 0 or i - j > 30 else j + 1


def _word_end(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    j = text.find(" ", i)
    return len(text) if j < 0 or j - i > 30 else j
