"""The development layouts: eight ways real archives and transcriptions lay out a document as plain text.

A parser may be tuned on these. Each renders every FRUS document and states what its text gives (Expected);
the summary line of each says what it withholds.
"""

from __future__ import annotations

import random

from layouts_kit import (
    Expected, Layout, Rendered, centre, date_text, join, ocr_noise, paginate, parties, right, split_markings,
    superscript, symbol, time_of_day, typed, wrap, wrap_hyphenated,
)
from layouts_reference import Reference


def catalogue(ref: Reference, rng: random.Random) -> Rendered:
    """An archive's catalogue record: labelled fields above the text, "[1]" markers, notes under "Notes"."""
    fields = [f"Title: {ref.title}"]
    if ref.date:
        fields.append(f"Date: {date_text(ref, '{d} {month} {y}')}")
    if ref.place:
        fields.append(f"Place: {ref.place}")
    marks = "; ".join(typed(m, "title") for m in ref.markings)
    fields.append(f"Classification: {marks or 'No classification marking'}")
    if ref.source_note:
        fields.append(f"Source: {ref.source_note.removeprefix('Source: ')}")
    fields.append(f"Document number: {ref.number}")
    body = [ref.paragraph(i, lambda k: f"[{k}]") for i in range(len(ref.paragraphs))]
    notes = ["Notes", *(f"[{k}] {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([fields, *body, notes]), Expected.of(ref))


def cable(ref: Reference, rng: random.Random) -> Rendered:
    """A telegram as typed: stamps at top and bottom, a capitals caption, FROM/TO/NR/DATE lines, capitals body
    wrapped at 65 columns; no footnotes and no place (a cable carries neither)."""
    levels, precedence, handling = split_markings(ref.markings)
    stamp = " ".join(levels) or None
    who = parties(ref.title)
    head = [ref.title.upper(), ""]
    if who:
        head += [f"FROM: {who[1].upper()}", f"TO:   {who[2].upper()}"]
    first = ref.paragraphs[0].split(".", 1)[0] if ref.paragraphs else ""
    if first.isdigit():  # FRUS prints the telegram number at the start of the text: "1042. Policy."
        head.append(f"NR:   {first}")
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}", supplied="{} (undated)")
    if day:
        hour = time_of_day(ref)
        head.append(f"DATE: {day.upper()}{', ' + hour.upper() if hour else ''}")
    routing = precedence + handling or None  # one caption a line: NIACT, EYES ONLY
    body = [wrap(p.upper()) for p in ref.paragraphs]
    return Rendered(join([right(stamp) if stamp else None, routing, head, *body, "END OF MESSAGE",
                          right(stamp) if stamp else None]),
                    Expected.of(ref, footnotes=0, place=""))


def memo(ref: Reference, rng: random.Random) -> Rendered:
    """A memorandum: stamp top and bottom ("SECRET -- EYES ONLY"), MEMORANDUM FOR / FROM / SUBJECT (the title),
    a right-aligned dateline, notes marked * † ‡ after a rule."""
    stamp = " -- ".join(ref.markings) or None
    who = parties(ref.title)
    head = ["MEMORANDUM"]
    if who:
        head += [f"MEMORANDUM FOR: {who[2]}", f"FROM: {who[1]}"]
    head.append(f"SUBJECT: {ref.title}")
    day = date_text(ref, "{d} {month} {y}", span="{a} to {b}")
    dateline = right(", ".join(x for x in (ref.place, day) if x)) if day or ref.place else None
    body = [ref.paragraph(i, symbol) for i in range(len(ref.paragraphs))]
    notes = ["_" * 20, *(f"{symbol(k)} {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([centre(stamp) if stamp else None, head, dateline, *body, notes,
                          centre(stamp) if stamp else None]), Expected.of(ref))


def hsg(ref: Reference, rng: random.Random) -> Rendered:
    """A history.state.gov page saved as text: site furniture, "66. Letter From ...¹" with the source note as
    footnote 1 (its classification sentence the only statement of the markings), the dateline as printed
    ("Moscow, undated."), superscript markers, the notes numbered 1, 2... under "Footnotes"."""
    shift = 1 if ref.source_note else 0
    heading = f"{ref.number}. {ref.title}" + (superscript(1) if shift else "")
    breadcrumb = f"Home › Historical Documents › {ref.volume} › Document {ref.number}"
    dateline = None
    if ref.date_printed:
        printed = ", ".join(x for x in (ref.place, ref.date_printed) if x)
        dateline = printed if printed.endswith(".") else printed + "."
    body = [ref.paragraph(i, lambda k: superscript(k + shift)) for i in range(len(ref.paragraphs))]
    notes = [*([ref.source_note] if shift else []), *ref.notes]
    foot = ["Footnotes", *(f"{k}. {text}" for k, text in enumerate(notes, 1))] if notes else None
    undated = ref.date is not None and ref.date.supplied
    expected = Expected.of(ref, date=None if undated else (ref.date.iso if ref.date else None))
    return Rendered(join(["Office of the Historian", breadcrumb, ref.volume, heading, dateline, *body, foot]), expected)


def transcription(ref: Reference, rng: random.Random) -> Rendered:
    """A scholar's transcription: the marking in title case at the top only, a dateline in capitals above the
    title ("WASHINGTON, February 15, 1962"), "(1)" markers and a NOTES list at the end."""
    stamp = ", ".join(typed(m, "title") for m in ref.markings) or None
    day = date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    dateline = ", ".join(x for x in (ref.place.upper(), day) if x) or None
    body = [ref.paragraph(i, lambda k: f" ({k})") for i in range(len(ref.paragraphs))]
    notes = ["NOTES", *(f"({k}) {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([stamp, dateline, ref.title, *body, notes]), Expected.of(ref))


def letter(ref: Reference, rng: random.Random) -> Rendered:
    """A typed letter: "SECRET - EYES ONLY" top and bottom, the title centred, place and date on two
    right-aligned lines, superscript markers (¹²) with the notes after a rule, each led by its superscript."""
    stamp = " - ".join(ref.markings) or None
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}")
    corner = [right(x) for x in (ref.place, day) if x] or None
    body = [ref.paragraph(i, superscript) for i in range(len(ref.paragraphs))]
    notes = ["_" * 15, *(f"{superscript(k)} {text}" for k, text in enumerate(ref.notes, 1))] if ref.notes else None
    return Rendered(join([right(stamp) if stamp else None, centre(ref.title), corner, *body, notes,
                          right(stamp) if stamp else None]), Expected.of(ref))


def typescript(ref: Reference, rng: random.Random) -> Rendered:
    """A government typescript: letter-spaced stamps top and bottom ("T O P   S E C R E T"), a capitals
    dateline above the capitals title, paragraphs hard-wrapped at 65 columns and told apart only by their
    indent (no blank lines), "1/" markers and the notes after a dashed rule."""
    stamp = "   -   ".join(typed(m, "spaced") for m in ref.markings) or None
    day = date_text(ref, "{month} {d}, {y}", span="{a} - {b}")
    dateline = ", ".join(x for x in (ref.place, day) if x).upper() or None
    lines: list[str] = []
    for i in range(len(ref.paragraphs)):
        lines += wrap(ref.paragraph(i, lambda k: f"{k}/"), indent="", first="     ")
    notes = ["-" * 10, *(line for k, text in enumerate(ref.notes, 1) for line in wrap(f"{k}/ {text}", indent="   "))]
    return Rendered(join([centre(stamp) if stamp else None, dateline, centre(ref.title.upper()), lines,
                          notes if ref.notes else None, centre(stamp) if stamp else None]),
                    Expected.of(ref))


def ocr(ref: Reference, rng: random.Random) -> Rendered:
    """A scanned typescript through OCR: ~1% of the body's letters dropped or misread, stray marks, words broken
    with hyphens at line ends, a page header ("-2-") and footer every 40 lines, superscript note numbers read
    as plain digits glued to the word ("tests,1"), notes as "1 text" at the end, markings only at the bottom."""
    day = date_text(ref, "{month} {d}, {y}", span="{a}-{b}")
    dateline = ", ".join(x for x in (ref.place, day) if x) or None
    lines = [ref.title, ""] + ([dateline, ""] if dateline else [])
    for i in range(len(ref.paragraphs)):
        text = ocr_noise(ref.paragraph(i, str), rng)
        lines += wrap_hyphenated(text, 65, rng) + [""]
        if rng.random() < 0.08:
            lines += [rng.choice(("'", ". ,", "~", "|  .")), ""]
    if ref.notes:
        lines += ["_" * 12] + [line for k, text in enumerate(ref.notes, 1)
                               for line in wrap_hyphenated(f"{k} {ocr_noise(text, rng)}", 65, rng)] + [""]
    if ref.markings:
        lines.append(" ".join(ref.markings))
    pages = paginate(lines, 40, header=lambda n: [centre(f"-{n}-"), ""] if n > 1 else [],
                     footer=lambda n: ["", f"FRUS-1961-63v06 DocId:{ref.doc_id} Page {n}", ""])
    return Rendered("\n".join(pages) + "\n", Expected.of(ref))


LAYOUTS = [
    Layout("catalogue", "archive catalogue record: Title:/Date:/Place:/Classification:/Source: fields, [1] notes",
           catalogue),
    Layout("cable", "telegram: stamps top and bottom, FROM/TO/NR/DATE, capitals body at 65 cols; no notes, no place",
           cable),
    Layout("memo", "memorandum: MEMORANDUM FOR/FROM/SUBJECT (the title), right-aligned dateline, * † ‡ notes",
           memo),
    Layout("hsg", "history.state.gov capture: '66. Letter From ...¹', source note as footnote 1, 'Moscow, undated.'",
           hsg),
    Layout("transcription", "transcription: 'Top Secret' at top, 'WASHINGTON, February 15, 1962' above the title, "
           "(1) notes under NOTES", transcription),
    Layout("letter", "typed letter: 'SECRET - EYES ONLY' top and bottom, centred title, place/date right-aligned, "
           "¹ notes", letter),
    Layout("typescript", "typescript: 'T O P   S E C R E T', capitals dateline and title, indented paragraphs "
           "without blank lines, 1/ notes", typescript),
    Layout("ocr", "OCR'd scan: 1% letter noise, broken hyphenation, page header/footer every 40 lines, glued note "
           "digits, markings at the bottom only", ocr),
]
