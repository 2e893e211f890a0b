"""Text from documents made safe for the page, with the searched words marked and note markers and
cross-references linked; and the histogram of hits over time as the bars an SVG draws. Every text of a
document is escaped here or by Jinja's autoescaping: nothing from a source reaches the page as markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape


def spans_html(spans) -> Markup:
    """A hit's snippet from its ``(text, matched)`` spans (``Hit.snippet_spans``): the text escaped, the
    matched words in <mark>."""
    return Markup("".join(f"<mark>{escape(text)}</mark>" if matched else str(escape(text)) for text, matched in spans))


def highlighted(text: str, spans=(), notes: dict[str, str] | None = None, references=()) -> Markup:
    """``text`` escaped, with the character ``spans`` marked, its footnote markers ("[1]", "[*2]") made links
    to the notes (``notes`` maps a note number the paragraph carries to the anchor of the note), and the
    cross-references it makes as links: ``references`` are ``(start, end, targets)``, each target an
    ``(address, label)``; a reference with no target is kept as written, marked as not in the index."""
    notes = notes or {}
    events: list[tuple[int, int, str]] = []  # (start, end, kind) with kind "mark" or a note number
    for m in re.finditer(r"\[(\*?\d+)\]", text):
        if m.group(1) in notes:
            events.append((m.start(), m.end(), m.group(1)))
    for start, end in spans:
        if not any(s < end and start < e for s, e, _ in events):
            events.append((start, end, "mark"))
    events.sort()
    out: list[str] = []
    pos = 0
    for start, end, targets in sorted(references):
        if start < pos:
            continue
        out.append(_marked_range(text, pos, start, events, notes))
        inner = _marked_range(text, start, end, events, notes)
        if targets:
            (href, label), others = targets[0], targets[1:]
            out.append(f'<a class="ref" href="{escape(href)}" title="{escape(label)}">{inner}</a>')
            out.extend(f'<sup class="ref-more"><a href="{escape(h)}" title="{escape(lab)}">{i}</a></sup>'
                       for i, (h, lab) in enumerate(others, 2))
        else:
            out.append(f'<span class="ref unresolved" title="not in the index">{inner}</span>')
        pos = end
    out.append(_marked_range(text, pos, len(text), events, notes))
    return Markup("".join(out))


def _marked_range(text: str, start: int, end: int, events, notes: dict[str, str]) -> str:
    """``text[start:end]`` escaped, with the marks and note markers that lie in it (a mark across the edge is
    cut at it)."""
    out: list[str] = []
    pos = start
    for s, e, kind in events:
        if kind != "mark" and (s < start or e > end):
            continue  # a note marker is linked whole or not at all
        s, e = max(s, start), min(e, end)
        if s >= e or s < pos:
            continue
        out.append(str(escape(text[pos:s])))
        if kind == "mark":
            out.append(f"<mark>{escape(text[s:e])}</mark>")
        else:
            out.append(f'<sup class="noteref"><a href="#{escape(notes[kind])}" id="ref-{escape(notes[kind])}">'
                       f"{escape(kind)}</a></sup>")
        pos = e
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def reference_spans(text: str, written: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[int, int, list]]:
    """Where each reference (its words as written, and its targets) stands in ``text``: the first place its
    words stand that no earlier reference took; a reference whose words are not found is left out."""
    taken: list[tuple[int, int]] = []
    out = []
    for words, targets in written:
        start = text.find(words) if words else -1
        while start >= 0 and any(s < start + len(words) and start < e for s, e in taken):
            start = text.find(words, start + 1)
        if start >= 0:
            taken.append((start, start + len(words)))
            out.append((start, start + len(words), targets))
    return out


def markers_in_text(text: str) -> set[str]:
    """The note numbers whose markers ("[1]") stand in the text itself."""
    return set(re.findall(r"\[(\*?\d+)\]", text))


# -- the histogram --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    key: str  # "1962-10" (a month) or "1962" (a year)
    label: str  # "October 1962"
    count: int
    x: float
    height: float
    selected: bool = False


@dataclass(frozen=True)
class Histogram:
    bars: tuple[Bar, ...]
    unit: str  # "month" or "year"
    peak: int
    width: float
    height: float
    bar_width: float
    ticks: tuple[tuple[float, str], ...]  # (x, label) under the axis
    undated: int = 0


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
MAX_MONTH_BARS = 120  # beyond ten years of months, a bar per year


def histogram(month_counts: dict[str, int], selected_from: str = "", selected_to: str = "",
              width: float = 640, height: float = 90) -> Histogram | None:
    """Bars of matching passages over time, every month from the first to the last (empty ones too, so the
    time axis keeps its scale), or every year when that would be more than ten years of months."""
    undated = month_counts.get("undated", 0)
    months = {k: v for k, v in month_counts.items() if k != "undated"}
    if not months:
        return None
    first, last = min(months), max(months)
    y0, m0, y1, m1 = int(first[:4]), int(first[5:7]), int(last[:4]), int(last[5:7])
    span = (y1 - y0) * 12 + m1 - m0 + 1
    if span > MAX_MONTH_BARS:
        years: dict[str, int] = {}
        for k, v in months.items():
            years[k[:4]] = years.get(k[:4], 0) + v
        keys = [f"{y:04d}" for y in range(y0, y1 + 1)]
        counts = [years.get(k, 0) for k in keys]
        labels = keys
        unit = "year"
    else:
        keys, labels = [], []
        y, m = y0, m0
        for _ in range(span):
            keys.append(f"{y:04d}-{m:02d}")
            labels.append(f"{_MONTHS[m - 1]} {y}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        counts = [months.get(k, 0) for k in keys]
        unit = "month"
    peak = max(counts)
    step = width / len(keys)
    bar_width = max(1.0, min(step * 0.8, 24.0))  # a few months are not a wall of colour
    chosen = selected_from if selected_from and selected_from == selected_to else ""
    bars = tuple(Bar(k, lab, n, round(i * step, 2), round((height - 2) * n / peak, 2) if n else 0,
                     selected=(k == chosen))
                 for i, (k, lab, n) in enumerate(zip(keys, labels, counts, strict=True)))
    if unit == "month":
        candidates = [(b.x, b.key[:4]) for b in bars if b.key.endswith("-01") or b is bars[0]]
    else:
        candidates = [(b.x, b.key) for b in bars]
    ticks: list[tuple[float, str]] = []
    for x, label in candidates:  # labels need about 30 units of room each
        if not ticks or x - ticks[-1][0] >= 30:
            ticks.append((x, label))
        elif len(ticks) == 1 and label[:4] != ticks[0][1][:4]:
            ticks[0] = (x, label)  # a new year just after the first bar: label the year
    return Histogram(bars, unit, peak, width, height, round(bar_width, 2), tuple(ticks), undated)
