"""Generated layouts: every rendered document draws its layout from independent choices, so that no rule can fit
one layout.

A seed picks one FRUS document (seed modulo the volume's 120) and, independently, a value for each of the
choices below; together they lay the document out as some archive, reading room, typist, web page or export tool
would. A parser that is right on these is right on mechanisms (a dateline with its weekday, a note list under
whatever heading, a running head repeated on every page), not on layouts.

Seeds 0-199 are the **tuning** range: look at their failures, fix the mechanism they reveal. Seeds 200-399 are
the **check** range: report its figures, never look at its failures nor tune on them (``layouts.py --set random``
shows failures only for the tuning range).

The choices (``CHOICES``): where the head's blocks stand (``order``), how the title is given (``title``: a heading,
a numbered heading, a memo's Subject:/Re:/TITLE: line, the Subject header of a forwarded e-mail, a catalogue
record's field in one of several label vocabularies, or only the file name) and its ``case``; the ``date`` style
and the ``dateline`` form (one line, in capitals above or below the title, place on its own line, a labelled
field, a weekday after the place); how the markings are typed (``marking_style``) and where (``markings``: top,
bottom, both, only in the source note or an access note); the ``source`` note's place; note ``markers`` and the
``note_list`` heading, with the notes at the end or at each page's foot (``notes_at``); the page ``furniture``;
``wrap`` width (with hyphenation), ``spacing`` (blank lines, indent only, double spacing, none) and OCR-like
``noise``. Added after a survey of how catalogues, reading rooms and exports present documents as text: how
labelled fields are typed (``labels``: "Label: value", "LABEL : value", aligned columns without a colon as a
catalogue display pastes, dot leaders, the label on a line above its value); what ``frame``s the document (a web
capture of the edition's page with its navigation and foot, a presidential library's withdrawal sheet before it
with its own date and "opened" date, a reply quoting it line by line under "On ... wrote:", a telegram form's
banner, control number, time received and action line); and marks inside the pages (``page_marks``: the printed
edition's "[Page N]" on a line of its own or inside a line, the marking at the top and foot of every page, a
letter's continuation head "addressee - 2 - date").

A fourth family (``CONVENTIONS``, its own random stream again: every seed keeps its earlier choices) adds how
record displays, exports and editions outside our own files give metadata, each a convention many tools and
archives share, none taken from one page:

- ``record``: the metadata as a record, not a letterhead: "Label: value" lines (any catalogue's item display);
  a Markdown pipe table of field and value (wikis, README-style exports, notebooks); a tab-separated header row
  and value row (a spreadsheet or database export of one record); YAML front matter between ``---`` (static site
  generators, Pandoc, reference managers' Markdown notes), and TOML front matter between ``+++`` (Hugo, Zola);
  a definition list as HTML-to-text converters and Pandoc write ``<dl>`` (the label, then its value indented or
  after ``:``); a calendar-of-documents entry where description, place, date, marking and extent run in one
  paragraph, as printed calendars and descriptive lists of state papers give them ("Letter from X to Y,
  Moscow, February 15, 1962. Secret. 3 pp."); the record's fields below the body instead of above it (full-text
  exports and repository pages that give the text first and its "Details" after). With a record come an
  archive reference and an extent, as every catalogue gives them.
- the label each field goes by (``title_label``, ``date_label``, ``marking_label``, ``place_label``; in front
  matter a creation date is the file's, so the document's date goes by ``date`` there): the names
  catalogues and metadata schemes give them (Dublin Core's "Created" and "Issued", NARA's and ArchivesSpace's
  "Date(s)", DACS' "Title" and "Scope and content", ISAD(G)'s "Dates of creation", DNSA's and ProQuest's
  "Origination Date" and "Summary", "Security Classification", "Original Classification" and "Handling" as
  declassification records and cable databases name markings, "Place of writing" as correspondence databases
  give it, "Post" for where a Foreign Service message was written; "Origin", which names who as often as where,
  is left out).
- ``date_print``: dates as clerks and databases print them: "1962 Feb 15" (archival date order, DACS),
  "19620215" (ISO 8601's basic form, database keys), "15/02/1962" (day first, as European databases print it;
  printed so only when the day cannot be a month, else "5 Feb. 1962": the text alone cannot tell 05/02 apart),
  "Feb 15 1962", "15 Feb. 1962", an ISO timestamp ("1962-02-15T00:00:00Z", "1962-02-15 14:30") and a military
  date-time group ("151230Z FEB 62"); the last three only in a record's fields (a typist's dateline does not use
  them), and none where a record or message family of the third round prints dates its own way.
- ``title_given``: a title a cataloguer supplied, in square brackets ("[Letter from Khrushchev to Kennedy]"), as
  descriptive cataloguing (AACR2, DACS, RDA) marks a devised title.

A fifth family (``PLACEMENT``, its own random stream and its own render stream: every seed keeps its earlier
choices and text) moves the metadata away from where a head puts it, and adds candidates that are not the
document's own, each a convention many editions and archives share:

- ``meta_at``: the date and place only below the text: a treaty's or communiqué's closing formula ("Done at
  Moscow, February 15, 1962.", or "this 15th day of February, 1962", as treaty series and state papers print
  it); a letter dated at its foot above the signature, as continental and Soviet letters and diplomatic notes
  are; the date only in the closing citation line an edition or a repository gives the item ("[John F. Kennedy
  Library, National Security Files, Box 185, February 15, 1962]"), the place then given nowhere.
- ``other_date``: a date that is not the document's, beside it: a registry's "Received" stamp (a day or two
  later), a "Drafted by" line with its own day (the day before, as State's memoranda and telegrams carry it), a
  declassification stamp ("DECLASSIFIED E.O. 13526 ... Date 3/1/2011", as presidential libraries and NARA stamp
  copies), a web capture's "Accessed on" line, a digitisation note ("Digitized 2009-04-01"); at the top or the
  foot.
- ``endnotes``: note lists as other editions and converters print them: back-links after each note ("↩" as
  Pandoc and GitHub render Markdown footnotes, "[back]" as older web editions), lettered notes "(a)" (older
  printed editions and parliamentary papers), the list headed "Editor's Notes" or "Notes and References"
  (journals' and scholarly editions' endnotes), and notes numbered continuously through a file of several
  documents (the first note of this one is note 37).
- ``place_form``: the place as the document writes it: in its own language's form ("Moskva", "Moskau",
  "Moscou") as letters and notes written abroad give it, or qualified by its state or country
  ("Washington, D.C.", "Moscow, USSR", as American letterheads and datelines write it; the place read is the
  city).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from layouts_kit import (
    MONTHS,
    Expected,
    Rendered,
    centre,
    date_fields,
    date_of,
    ocr_noise,
    parties,
    superscript,
    symbol,
    typed,
    wrap,
    wrap_hyphenated,
)
from layouts_reference import Reference

TUNING = range(0, 200)
CHECK = range(200, 400)
RANGES = {"tuning": TUNING, "check": CHECK}

CHOICES: dict[str, tuple[str, ...]] = {
    "order": ("title first", "dateline first", "markings first", "source first", "shuffled"),
    "title": ("heading", "numbered heading", "Subject: line", "Re: line", "TITLE: line", "e-mail Subject",
              "catalogue: plain labels", "catalogue: Dublin Core", "catalogue: MARC", "catalogue: finding aid",
              "catalogue: NARA/CREST form", "file name only"),
    "case": ("as printed", "UPPER", "lower"),
    "date": ("February 15, 1962", "15 February 1962", "Feb. 15, 1962", "2/15/62", "1962-02-15", "15 FEB 62",
             "15.2.1962"),
    "dateline": ("place, date", "PLACE, date", "place, weekday, date", "place above date", "date line only",
                 "Date: field", "after the title"),
    "marking_style": ("CAPS", "Title", "S P A C E D", "SECRET//NOFORN slashes", "(Secret) parenthesised",
                      "Classification: label"),
    "markings": ("top", "bottom", "top and bottom", "source note only", "access note only"),
    "source": ("in the head", "at the end", "as footnote 1", "none"),
    "markers": ("superscript ¹", "lost superscript", "(1)", "[1]", "* †", "[a]", "(note 1)", "Footnote 1:"),
    "note_list": ("NOTES", "Notes:", "Endnotes", "Footnotes", "---", "______", "no heading"),
    "notes_at": ("end", "page foot"),
    "furniture": ("none", "running head with page", "Page N of M", "- N -", "form feed", "release banner",
                  "(continued)"),
    "wrap": ("none", "55", "65", "72", "80"),
    "spacing": ("blank lines", "indent only", "double spacing", "none"),
    "noise": ("none", "light OCR"),
    # added after the first rounds: how labelled fields are typed, what frames the document, marks inside pages
    "labels": ("Label: value", "LABEL : value", "aligned columns", "dot leaders", "label above value"),
    "frame": ("none", "none", "web capture", "withdrawal sheet", "quoted reply", "cable form"),
    "page_marks": ("none", "[Page N] markers", "marking on every page", "continuation head"),
}
# added in a later round, drawn apart (their own random stream) so that every seed keeps its earlier choices and
# only takes one of these on top: real archives' record and message formats, note styles of editors, typists and
# web pages, stamps as typists and rubber stamps give them, date styles of clerks. "as drawn" keeps the seed's
# earlier choice.
WIDER: dict[str, tuple[str, ...]] = {
    "family": ("as drawn", "as drawn", "as drawn", "NARA catalog record", "EAD component", "State cable",
               "FBI airtel", "CREST cover sheet"),
    "note_style": ("as drawn", "as drawn", "Markdown [^1]", "1) list", "web ^ backlinks", "References heading",
                   "Notes and Sources heading", "endnote numbers n. 1"),
    "stamp": ("as drawn", "as drawn", "S-E-C-R-E-T", "— SECRET —", "stamped twice", "with control number"),
    "date_style": ("as drawn", "as drawn", "15th February 1962", "February 15th, 1962", "15-Feb-1962",
                   "Thursday 15 February 1962"),
}
# a fourth round, again in its own stream: metadata as records, exports and editions give it (module docstring)
CONVENTIONS: dict[str, tuple[str, ...]] = {
    "record": ("as drawn",) * 8 + ("Label: value", "Markdown table", "tab-separated row",
               "YAML front matter", "TOML front matter", "definition list", "calendar entry", "below the body"),
    "title_label": ("Title", "Item Title", "Document Title", "Description", "Short Description", "Summary"),
    "date_label": ("Date", "Document Date", "Date of Document", "Date Created", "Created", "Issued", "Date(s)",
                   "Origination Date", "Dates of creation"),
    "marking_label": ("Classification", "Security Classification", "Original Classification", "Markings",
                      "Handling", "Caveats"),
    "place_label": ("Place", "Place of writing", "Place of Origin", "Post", "Location", "Place written"),
    "date_print": ("as drawn",) * 7 + ("1962 Feb 15", "19620215", "15/02/1962", "Feb 15 1962", "15 Feb. 1962",
                   "ISO with time", "DTG 151230Z FEB 62"),
    "title_given": ("as printed",) * 4 + ("[supplied in brackets]",),
}
# a fifth round, in its own stream: metadata away from the head, and dates that are not the document's (module
# docstring)
PLACEMENT: dict[str, tuple[str, ...]] = {
    "meta_at": ("as drawn",) * 5 + ("closing formula", "foot above signature", "citation line only"),
    "other_date": ("none",) * 4 + ("received stamp", "drafted line", "declassification stamp", "accessed on",
                                   "digitized"),
    "endnotes": ("as drawn",) * 5 + ("↩ backlinks", "[back] links", "(a) letters", "Editor's Notes",
                                     "Notes and References", "numbered through the file"),
    "place_form": ("as printed",) * 5 + ("own language", "qualified"),
}
# the place as written in its own language (or another's), and qualified by its state or country
_OWN_LANGUAGE = {"Moscow": ("Moskva", "Moskau", "Moscou"), "Bonn": ("Bonn",), "Washington": ("Washington",),
                 "Hyannis Port": ("Hyannis Port",)}
_QUALIFIED = {"Moscow": ("Moscow, USSR", "Moscow, U.S.S.R."), "Bonn": ("Bonn, Germany",),
              "Washington": ("Washington, D.C.", "Washington, DC"), "Hyannis Port": ("Hyannis Port, Mass.",)}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def draw(seed: int) -> dict[str, str]:
    """The layout of seed ``seed``: one value per choice, each drawn on its own."""
    rng = random.Random(f"random-layout:{seed}")
    chosen = {name: rng.choice(values) for name, values in CHOICES.items()}
    if chosen["spacing"] == "none" and chosen["wrap"] != "none":
        chosen["wrap"] = "none"  # hard-wrapped lines with neither blank lines nor indents: no one could tell paragraphs
    if chosen["notes_at"] == "page foot" and chosen["markers"] == "(note 1)":
        chosen["notes_at"] = "end"
    if chosen["frame"] == "withdrawal sheet" and chosen["title"] == "file name only":
        chosen["frame"] = "none"  # the sheet's "correspondents or title" would be the only title the text gives
    wider = random.Random(f"random-layout-wider:{seed}")
    chosen.update({name: wider.choice(values) for name, values in WIDER.items()})
    if chosen["family"] != "as drawn":  # a record or message format states title, date and markings its own way
        chosen["title"], chosen["dateline"], chosen["frame"] = "heading", "place, date", "none"
    if chosen["note_style"] != "as drawn" and chosen["notes_at"] == "page foot":
        chosen["notes_at"] = "end"
    conventions = random.Random(f"random-layout-conventions:{seed}")
    chosen.update({name: conventions.choice(values) for name, values in CONVENTIONS.items()})
    placement = random.Random(f"random-layout-placement:{seed}")
    chosen.update({name: placement.choice(values) for name, values in PLACEMENT.items()})
    if chosen["endnotes"] != "as drawn":  # endnotes: listed after the text, not at each page's foot
        chosen["notes_at"] = "end"
    return chosen


def in_effect(chosen: dict[str, str]) -> dict[str, str]:
    """The choices a layout renders with: a record of the fourth round states title, date, place and markings in its
    own fields, in place of the head, family and frame drawn before (``draw`` keeps what each stream drew); a date
    and place moved below the text (``meta_at``) come with a plain head, no record, family or catalogue fields."""
    if chosen.get("meta_at", "as drawn") != "as drawn":
        title = "heading" if chosen["title"].startswith("catalogue") else chosen["title"]
        return {**chosen, "record": "as drawn", "family": "as drawn", "title": title}
    if chosen.get("record", "as drawn") == "as drawn":
        return chosen
    chosen = {**chosen, "family": "as drawn", "title": "heading", "dateline": "place, date", "frame": "none"}
    if chosen["record"] in ("YAML front matter", "TOML front matter", "Markdown table"):
        # a Markdown or site generator's file: born digital, its front matter on the first line
        chosen.update(furniture="none", page_marks="none", noise="none", spacing="blank lines")
    return chosen


@dataclass
class Seeded:
    seed: int
    doc_id: str
    choices: dict[str, str]
    rendered: Rendered


def render_seed(seed: int, references: list[Reference]) -> Seeded:
    ref = references[seed % len(references)]
    choices = in_effect(draw(seed))
    rng = random.Random(f"random-render:{seed}")
    return Seeded(seed, ref.doc_id, choices, render(ref, choices, rng, random.Random(f"random-render-conventions:{seed}"),
                                                    random.Random(f"random-render-placement:{seed}")))


# -- the pieces ------------------------------------------------------------------------------------------------

def _day(iso: str, style: str) -> str:
    d = date_of(iso)
    month = MONTHS[d.month - 1]
    abbrev = month if len(month) <= 4 else month[:3] + "."
    return {
        "February 15, 1962": f"{month} {d.day}, {d.year}",
        "15 February 1962": f"{d.day} {month} {d.year}",
        "Feb. 15, 1962": f"{abbrev} {d.day}, {d.year}",
        "2/15/62": f"{d.month}/{d.day}/{d.year % 100:02d}",
        "1962-02-15": iso,
        "15 FEB 62": f"{d.day:02d} {month[:3].upper()} {d.year % 100:02d}",
        "15.2.1962": f"{d.day}.{d.month}.{d.year}",
        "15th February 1962": f"{_ordinal(d.day)} {month} {d.year}",
        "February 15th, 1962": f"{month} {_ordinal(d.day)}, {d.year}",
        "15-Feb-1962": f"{d.day:02d}-{month[:3]}-{d.year}",
        "Thursday 15 February 1962": f"{WEEKDAYS[d.weekday()]} {d.day} {month} {d.year}",
        "NARA 2/15/1962": f"{d.month}/{d.day}/{d.year}",
        "EAD 1962 Feb. 15": f"{d.year} {abbrev} {d.day}",
        "DTG 151200Z FEB 62": f"{d.day:02d}1200Z {month[:3].upper()} {d.year % 100:02d}",
        "1962 Feb 15": f"{d.year} {month[:3]} {d.day}",
        "19620215": f"{d.year}{d.month:02d}{d.day:02d}",
        "15/02/1962": f"{d.day:02d}/{d.month:02d}/{d.year}" if d.day > 12 else f"{d.day} {abbrev} {d.year}",
        "Feb 15 1962": f"{month[:3]} {d.day} {d.year}",
        "15 Feb. 1962": f"{d.day} {abbrev} {d.year}",
        "ISO with time": f"{iso}T00:00:00Z" if d.day % 2 else f"{iso} {8 + d.day % 10:02d}:{d.month * 4 % 60:02d}",
        "DTG 151230Z FEB 62": f"{d.day:02d}1230Z {month[:3].upper()} {d.year % 100:02d}",
    }[style]


def _ordinal(n: int) -> str:
    return date_fields(date(1962, 1, n))["ord"]


def date_words(ref: Reference, style: str, weekday: bool = False) -> tuple[str | None, str | None]:
    """(the date as printed, its expected ISO form); an inferred date in brackets, a span with a dash."""
    if ref.date is None:
        return None, None
    a = _day(ref.date.start, style)
    if ref.date.start != ref.date.end:
        text = f"{a} - {_day(ref.date.end, style)}"
    else:
        text = a
        if weekday:
            text = f"{WEEKDAYS[date_of(ref.date.start).weekday()]}, {text}"
    if ref.date.supplied:
        text = f"[{text}]"
    return text, ref.date.iso


def marking_line(markings: tuple[str, ...], style: str) -> str:
    if style == "S-E-C-R-E-T":  # a typist's letter-spaced stamp with hyphens
        return " - ".join("-".join(w for w in m if w != " ") if " " not in m else
                          " ".join("-".join(word) for word in m.split()) for m in markings)
    if style == "— SECRET —":
        return "— " + " — ".join(markings) + " —"
    if style == "stamped twice":  # a rubber stamp struck twice on one line
        return "   ".join([" - ".join(markings)] * 2)
    if style == "with control number":
        return " - ".join(markings) + "    Control No. 4512"
    if style == "CAPS":
        return " - ".join(markings)
    if style == "Title":
        return "; ".join(typed(m, "title") for m in markings)
    if style == "S P A C E D":
        return "   -   ".join(typed(m, "spaced") for m in markings)
    if style == "SECRET//NOFORN slashes":
        return "//".join(markings)
    if style == "(Secret) parenthesised":
        return "(" + "; ".join(typed(m, "title") for m in markings) + ")"
    return "Classification: " + ", ".join(markings)


def marker_of(style: str) -> tuple:
    """(the marker the text carries for note k, the prefix of note k in the list)."""
    return {
        "superscript ¹": (superscript, lambda k: f"{superscript(k)} "),
        "lost superscript": (str, lambda k: f"{k} "),
        "(1)": (lambda k: f" ({k})", lambda k: f"({k}) "),
        "[1]": (lambda k: f"[{k}]", lambda k: f"[{k}] "),
        "* †": (symbol, lambda k: f"{symbol(k)} "),
        "[a]": (lambda k: f"[{_LETTERS[(k - 1) % 26]}]", lambda k: f"[{_LETTERS[(k - 1) % 26]}] "),
        "(note 1)": (lambda k: f" (note {k})", lambda k: f"Note {k}. "),
        "Footnote 1:": (lambda k: f"[{k}]", lambda k: f"Footnote {k}: "),
        "Markdown [^1]": (lambda k: f"[^{k}]", lambda k: f"[^{k}]: "),
        "1) list": (lambda k: f"[{k}]", lambda k: f"{k}) "),
        "web ^ backlinks": (lambda k: f"[{k}]", lambda k: f"{k}. ^ "),
        "References heading": (lambda k: f"[{k}]", lambda k: f"[{k}] "),
        "Notes and Sources heading": (superscript, lambda k: f"{k}. "),
        "endnote numbers n. 1": (lambda k: f" (n. {k})", lambda k: f"n. {k} "),
    }[style]


def _endnote_marks(style: str, rng: random.Random) -> tuple:
    """(marker of note k, prefix of note k in the list, (the list's heading,), what follows each note) for the
    ``endnotes`` choice ``style``."""
    if style == "↩ backlinks":  # Markdown footnotes as Pandoc and GitHub render them, copied as text
        return superscript, lambda k: f"{k}. ", ("-" * 20,), " ↩"
    if style == "[back] links":
        return (lambda k: f"[{k}]"), (lambda k: f"[{k}] "), ("Notes",), " [back]"
    if style == "(a) letters":
        return (lambda k: f"({_LETTERS[(k - 1) % 26]})"), (lambda k: f"({_LETTERS[(k - 1) % 26]}) "), ("Notes",), ""
    if style == "Editor's Notes":
        return superscript, (lambda k: f"{k} "), (rng.choice(("Editor's Notes", "EDITOR'S NOTES")),), ""
    if style == "Notes and References":
        return (lambda k: f"[{k}]"), (lambda k: f"{k}. "), ("Notes and References",), ""
    first = rng.randrange(20, 300)  # numbered through a file of documents: this one's first note is not 1
    if rng.random() < 0.5:
        return (lambda k: superscript(k + first)), (lambda k: f"{k + first}. "), (rng.choice(("NOTES", "Notes")),), ""
    return (lambda k: f"[{k + first}]"), (lambda k: f"[{k + first}] "), (rng.choice(("NOTES", "Notes")),), ""


def _other_date(kind: str, ref: Reference, rng: random.Random, dated: bool) -> tuple[list[str], list[str]]:
    """(lines at the top, lines at the foot) that give a date other than the document's: a received stamp or a
    drafting line (only beside a document that states its own date), a declassification stamp, a web capture's
    access line, a digitisation note."""
    d = date_of(ref.date.end)
    at_top = rng.random() < 0.5
    if kind in ("received stamp", "drafted line") and not dated:
        return [], []
    if kind == "received stamp":
        r = d + timedelta(days=rng.randrange(1, 4))
        lines = rng.choice((["RECEIVED", f"{MONTHS[r.month - 1][:3].upper()} {r.day} {r.year}"],
                            [f"Rec'd {MONTHS[r.month - 1]} {r.day}, {r.year}"],
                            [f"Received: {r.day} {MONTHS[r.month - 1]} {r.year}"]))
    elif kind == "drafted line":
        r = date_of(ref.date.start) - timedelta(days=rng.randrange(1, 3))
        lines = [rng.choice((f"Drafted by: EUR/SOV:RHDavies:{r.month}/{r.day}/{r.year % 100:02d}",
                             f"Drafted: {r.month}/{r.day}/{r.year % 100:02d}",
                             f"Drafted by F. D. Kohler on {MONTHS[r.month - 1]} {r.day}, {r.year}"))]
        at_top = False  # a State memorandum's or telegram's drafting line stands below the text
    elif kind == "declassification stamp":
        y = rng.randrange(1994, 2015)
        lines = ["DECLASSIFIED", rng.choice(("E.O. 13526, Sec. 3.5", "E.O. 12958, Sec. 3.6", "Authority NLK-98-214")),
                 f"By {rng.choice(('SH', 'JW', 'RM'))} NARA, Date {rng.randrange(1, 13)}/{rng.randrange(1, 29)}/{y}"]
    elif kind == "accessed on":
        a = date(rng.randrange(2012, 2025), rng.randrange(1, 13), rng.randrange(1, 29))
        lines = [rng.choice((f"Accessed on {MONTHS[a.month - 1]} {a.day}, {a.year}.",
                             f"Retrieved {a.isoformat()} from https://history.state.gov/",
                             f"(accessed {a.day} {MONTHS[a.month - 1]} {a.year})"))]
        at_top = False
    else:
        a = date(rng.randrange(2005, 2020), rng.randrange(1, 13), rng.randrange(1, 29))
        lines = [rng.choice((f"Digitized {a.isoformat()}", f"Date digitized: {MONTHS[a.month - 1]} {a.day}, {a.year}",
                             f"Scanned {a.day} {MONTHS[a.month - 1][:3]} {a.year} by the Digital Collections unit"))]
    return (lines, []) if at_top else ([], lines)


def _case(text: str, case: str) -> str:
    return text.upper() if case == "UPPER" else text.lower() if case == "lower" else text


def _file_stem(title: str, rng: random.Random, iso: str | None) -> str:
    clean = re.sub(r"[\\/:*?\"<>|]+", " ", title).strip()
    iso = iso.replace("/", "_") if iso else iso  # a span (1963-04-23/1963-04-29): no folder in a file's name
    style = rng.randrange(3)
    if style == 0:
        return "_".join(clean.split()) + (f"_{iso}" if iso else "")
    if style == 1:
        return f"{iso or 'undated'} {clean}"
    return f"doc {rng.randrange(10, 999):03d} - {clean}"


# -- one document -------------------------------------------------------------------------------------------


def render(ref: Reference, c: dict[str, str], rng: random.Random, more: random.Random | None = None,
           placed: random.Random | None = None) -> Rendered:
    """One document laid out as ``c`` says; ``more`` draws what the ``CONVENTIONS`` choices need and ``placed``
    what the ``PLACEMENT`` choices need (their own streams, so that ``rng`` draws as it did before they were
    added)."""
    more = more or random.Random(f"random-render-conventions:{ref.doc_id}")
    placed = placed or random.Random(f"random-render-placement:{ref.doc_id}")
    c = in_effect(c)
    width = 0 if c["wrap"] == "none" else int(c["wrap"])
    title = _case(ref.title, c["case"])
    if c.get("title_given") == "[supplied in brackets]":
        title = f"[{title}]"
    record = c.get("record", "as drawn")
    who = parties(ref.title)
    stamp = c.get("stamp", "as drawn")
    marks_text = marking_line(ref.markings, c["marking_style"] if stamp == "as drawn" else stamp) \
        if ref.markings else ""
    family = c.get("family", "as drawn")
    source_note = ref.source_note if c["source"] != "none" else ""
    shift = 1 if c["source"] == "as footnote 1" and source_note else 0
    note_style = c.get("note_style", "as drawn")
    cite, list_prefix = marker_of(c["markers"] if note_style == "as drawn" else note_style)
    note_heading: tuple[str | None, ...] = ()  # () : the list's heading as drawn
    note_suffix = ""
    if c.get("endnotes", "as drawn") != "as drawn":
        cite, list_prefix, note_heading, note_suffix = _endnote_marks(c["endnotes"], placed)
    weekday = c["dateline"] == "place, weekday, date"
    date_style = {"NARA catalog record": "NARA 2/15/1962", "EAD component": "EAD 1962 Feb. 15",
                  "State cable": "DTG 151200Z FEB 62", "FBI airtel": "2/15/62"}.get(
        family, c["date"] if c.get("date_style", "as drawn") == "as drawn" else c.get("date_style"))
    # a family prints dates its own way; a database's forms (basic ISO, a timestamp, a date-time group) stand in a
    # record's field, not in a typed dateline
    if c.get("date_print", "as drawn") != "as drawn" and family == "as drawn" and (
            record != "as drawn" or c["date_print"] not in ("19620215", "ISO with time", "DTG 151230Z FEB 62")):
        date_style = c["date_print"]
    day, iso = date_words(ref, date_style, weekday=weekday and not c["title"].startswith("catalogue")
                          and family == "as drawn" and not date_style.startswith("Thursday"))
    stem = ""
    place = ref.place

    # where the markings are stated: the source note's classification sentence counts only if it is printed
    stated_in_source = bool(source_note) and bool(ref.markings)
    top = c["markings"] in ("top", "top and bottom") and marks_text
    bottom = c["markings"] in ("bottom", "top and bottom") and marks_text
    access = c["markings"] == "access note only" and ref.markings
    every_page = c["page_marks"] == "marking on every page" and bool(marks_text)
    classification = (frozenset(ref.markings) if (top or bottom or access or stated_in_source or every_page)
                      else frozenset())

    blocks: dict[str, list[str]] = {}
    head_title: list[str] = []
    fields: list[str] = []  # a record's labelled fields, kept in one block
    pre: list[str] = []  # lines before everything (an e-mail's outer header)
    title_form = c["title"]
    numbered_title = f"{ref.number}. {title}" + (cite(1) if shift else "")
    if title_form == "heading":
        head_title = [title + (cite(1) if shift else "")]
    elif title_form == "numbered heading":
        head_title = [numbered_title]
    elif title_form == "Subject: line":
        head_title = [f"SUBJECT: {title}"]
    elif title_form == "Re: line":
        head_title = [f"Re: {title}"]
    elif title_form == "TITLE: line":
        head_title = [f"TITLE: {title}"]
    elif title_form == "e-mail Subject":
        pre = ["From: Reading Room <reading.room@archives.example.org>", "Sent: Tuesday, March 5, 2019 10:14 AM",
               "To: researcher@example.edu", f"Subject: FW: {title}", "",
               rng.choice(("Please find the requested document below.", "See below, as requested.")), "",
               rng.choice(("-----Original Message-----", "---------- Forwarded message ---------",
                           "Begin forwarded message:"))]
        head_title = [f"Subject: {title}"]
    elif title_form == "file name only":
        stem = _file_stem(ref.title, rng, iso)
    else:
        vocabulary = title_form.split(": ", 1)[1]
        in_record = bool(top or bottom)  # a record states the markings in its own field, not as a stamp
        fields = _record_fields(ref, vocabulary, title, day, marks_text if in_record else "", rng)
        top = bottom = False
        # a MARC 651 is a subject heading (a place written about), not where the document was written
        place = ref.place if any(re.match(r"(?i)place|dc.coverage", f) for f in fields) else ""

    message_head: list[str] = []  # a State cable's or an FBI airtel's own head, which dates and names it
    levels = "; ".join(typed(m, "title") for m in ref.markings)
    in_record = bool(top or bottom)
    if family == "NARA catalog record":  # the National Archives Catalog's description of an item
        fields = [f"Title: {title}"] + ([f"Date(s): {day}"] if day else []) + [
            "Creator(s): Department of State. Office of the Historian. (1789 - )",
            f"National Archives Identifier: {7350000 + int(ref.number)}", "Level of Description: Item",
            "Series: Foreign Relations of the United States, 1961-1963"]
        fields += [f"Security Classification: {levels}"] if in_record and marks_text else []
        top = bottom = False
        place = ""
    elif family == "EAD component":  # an EAD finding aid's component, its elements named as a display gives them
        fields = [f"Container: Box {1 + int(ref.number) // 30}, Folder {1 + int(ref.number) % 30}",
                  f"Unit title: {title}"] + ([f"Unit date: {day}"] if day else [])
        fields += [f"Physical description: {1 + len(ref.paragraphs) // 4} pages"]
        fields += [f"Conditions governing access: Originally classified {levels}. Declassified 1996."] \
            if in_record and marks_text else []
        top = bottom = False
        place = ""
    elif family == "State cable":  # a Department of State telegram: its form's banner, date-time group, routing
        message_head = ["TELEGRAM", "Department of State", ""] + ([marks_text, ""] if top else []) + (
            [f"R {day}"] if day else []) + [
            f"FM AMEMBASSY {ref.place.upper()}" if ref.place and ref.place.lower() != "washington" else "FM SECSTATE WASHDC",
            "TO SECSTATE WASHDC 1234" if ref.place and ref.place.lower() != "washington" else "TO AMEMBASSY PARIS 987",
            "", f"SUBJ: {title}"]
        top = False
    elif family == "FBI airtel":  # an FBI airtel: its kind, the date typed top right, To/From/Subject
        message_head = ["AIRTEL", "", f"{'':>40}Date: {day}" if day else "", "",
                        "To: Director, FBI (105-82555)", "From: SAC, New York (100-12345)", "",
                        f"Subject: {title}"]
        message_head = [x for k, x in enumerate(message_head) if x or (k and message_head[k - 1])]

    # the dateline, unless the record's fields carry the date
    dateline: list[str] = []
    where = ref.place  # the place as the dateline writes it
    if c.get("place_form", "as printed") != "as printed" and ref.place:
        forms = _OWN_LANGUAGE if c["place_form"] == "own language" else _QUALIFIED
        where = placed.choice(forms.get(ref.place, (ref.place,)))
    if not fields:
        form = c["dateline"]
        if form == "place, date" or form == "place, weekday, date" or form == "after the title":
            dateline = [", ".join(x for x in (where, day) if x)]
        elif form == "PLACE, date":
            dateline = [", ".join(x for x in (where.upper(), day) if x)]
        elif form == "place above date":
            dateline = [x for x in (where, day) if x]
        elif form == "date line only":
            dateline = [day] if day else []
            place = ""
        elif form == "Date: field":
            dateline = ([f"Place: {where}"] if where else []) + ([f"Date: {day}"] if day else [])
        dateline = [x for x in dateline if x]
        if title_form == "e-mail Subject":
            # the forwarded message's own header carries the date; the place stays in the body
            dateline = [f"Sent: {day}"] if day else []
            place = ""
        if not dateline:
            place = ""
        elif place and c.get("place_form") == "own language":
            place = where
    if message_head:
        head_title, dateline, place = message_head, [], ""
    date_expected = iso if day and (dateline or any(day in f for f in fields + message_head)) else None
    # the date and place only below the text: a closing formula, a dateline above the signature, a citation line
    closing: list[str] = []
    foot: list[str] = []  # lines at the very end
    moved = c.get("meta_at", "as drawn")
    if moved != "as drawn" and dateline and day and record == "as drawn" and title_form != "e-mail Subject":
        if moved == "closing formula":
            d = date_of(ref.date.start)
            if ref.date.start == ref.date.end and not ref.date.supplied and placed.random() < 0.4:
                when = f"this {_ordinal(d.day)} day of {MONTHS[d.month - 1]}, {d.year}"
                closing = [f"Done at {where} {when}." if place else f"Done {when}."]
            else:
                closing = [f"Done at {where}, {day}." if place else f"Done on {day}."]
        elif moved == "foot above signature":
            closing = [", ".join(x for x in (where if place else "", day) if x)]
        else:
            archive = placed.choice(("John F. Kennedy Library, National Security Files, Countries, USSR, Box 185",
                                     "National Archives, RG 59, Central Files 1960-63, 611.61",
                                     "Department of State, Presidential Correspondence: Lot 77 D 163"))
            foot = [placed.choice((f"[{archive}, {day}]", f"{archive}, {day}.", f"Citation: {archive}, {day}."))]
            place = ""
        dateline, date_expected = [], iso
    if c.get("other_date", "none") != "none" and ref.date:
        stamp_lines, foot_lines = _other_date(c["other_date"], ref, placed, bool(date_expected))
        foot += foot_lines
    else:
        stamp_lines = []
    record_lines: list[str] = []
    if record != "as drawn":  # the record's fields say it all: no heading, dateline or stamp besides
        in_record = bool(top or bottom)
        record_lines, place = _record(ref, c, more, title, day, ref.markings if in_record else (), width)
        head_title, dateline, top, bottom = [], [], False, False
        date_expected = iso if day else None

    parties_block = []
    if who and title_form not in ("Subject: line", "Re: line") and rng.random() < 0.4:
        parties_block = [f"FROM: {who[1]}", f"TO: {who[2]}"]
    elif who and title_form in ("Subject: line", "Re: line"):
        parties_block = [f"TO: {who[2]}", f"FROM: {who[1]}"]
    if title_form == "e-mail Subject":
        inner = ([f"From: {who[1]}"] if who else []) + dateline + ([f"To: {who[2]}"] if who else []) + head_title
        head_title, dateline, parties_block = inner, [], []

    source_block = []
    if source_note and c["source"] in ("in the head", "at the end"):
        source_block = wrap(source_note, width) if width else [source_note]
    access_block = []
    if access:
        access_block = [f"Conditions Governing Access: Originally classified "
                        f"{'; '.join(typed(m, 'title') for m in ref.markings)}. Declassified 1996."]

    if c["dateline"] == "after the title" and not fields:
        blocks["title"] = head_title + ([""] if head_title else []) + dateline
        dateline = []
    else:
        blocks["title"] = head_title
    blocks["dateline"] = dateline
    blocks["markings"] = [marks_text] if top else []
    blocks["parties"] = parties_block
    blocks["source"] = source_block if c["source"] == "in the head" else []
    order = ["title", "dateline", "markings", "parties", "source"]
    first = {"title first": "title", "dateline first": "dateline", "markings first": "markings",
             "source first": "source"}.get(c["order"])
    if first:
        order.remove(first)
        order.insert(0, first)
    else:
        rng.shuffle(order)
    labelled = {"title": title_form in ("Subject: line", "Re: line", "TITLE: line"),
                "dateline": c["dateline"] == "Date: field", "parties": True,
                "markings": c["marking_style"] == "Classification: label"}
    head = [_labelled(fields, c["labels"], rng)] + [
        _labelled(blocks[name], c["labels"], rng) if labelled.get(name) else list(blocks[name]) for name in order
    ] + [_labelled(access_block, c["labels"], rng)]
    head = [_frame_head(ref, c, rng, day if date_expected else None), stamp_lines] + head
    # a record cites no note: the source note is cited at the first paragraph's first word
    cite_source = bool(shift) and (title_form not in ("heading", "numbered heading") or record != "as drawn")
    if cite_source:  # the source note is cited where the title is given, else after the dateline
        for block in head:
            at = next((k for k, x in enumerate(block) if title in x), None)
            if at is not None:
                block[at] += cite(1)
                cite_source = False
                break
    if cite_source and blocks["dateline"]:
        for block in head:
            if block == blocks["dateline"]:
                block[-1] += cite(1)
                cite_source = False
    if record not in ("as drawn", "below the body"):
        head = [record_lines] + head

    # the body and the notes
    notes = [*([source_note] if shift else []), *ref.notes]
    paragraphs = []
    for i in range(len(ref.paragraphs)):
        text = ref.paragraph(i, lambda k: cite(k + shift))
        if i == 0 and cite_source:  # nowhere else to cite it: the first paragraph's first word
            first, _, rest = text.partition(" ")
            text = f"{first}{cite(1)} {rest}"
        if c["noise"] == "light OCR":
            text = ocr_noise(text, rng, rate=0.006)
        paragraphs.append(text)
    if closing:  # above the signature when the text ends with one, else after the text
        at = len(paragraphs) - 1 if len(paragraphs) > 1 and len(paragraphs[-1]) < 40 else len(paragraphs)
        paragraphs[at:at] = closing
    note_texts = [(ocr_noise(t, rng, rate=0.006) if c["noise"] == "light OCR" else t) + note_suffix for t in notes]

    frame_pre, frame_post = _frame(ref, c, rng, day)
    if family == "CREST cover sheet":  # CIA CREST: the release line at the top and foot, a date that is not the document's
        release = f"Approved For Release 2004/0{1 + int(ref.number) % 9}/12 : CIA-RDP80B01676R00{ref.number:0>4}0001-{ref.number[-1:]}"
        frame_pre, frame_post = [release, ""] + frame_pre, frame_post + ["", release]
    lines = _lay_out(ref, c, rng, width, frame_pre + pre, head, paragraphs, note_texts, list_prefix, shift,
                     ([marks_text] if bottom else record_lines if record == "below the body" else []) + foot,
                     source_block if c["source"] == "at the end" else [], marks_text, day if date_expected else None,
                     note_heading)
    lines = _frame_after(lines, frame_post, c, rng)
    expected = Expected.of(ref, title=ref.title, date=date_expected, classification=classification,
                           place=place)
    if not stated_in_source:
        expected = replace(expected, optional_markings=frozenset(ref.extra_markings))
    return Rendered(lines, expected, stem=stem)


def _record(ref: Reference, c: dict[str, str], rng: random.Random, title: str, day: str | None,
            markings: tuple[str, ...], width: int) -> tuple[list[str], str]:
    """(the lines of a record that gives the document's metadata in the convention ``c["record"]``, the place it
    states or "")."""
    levels = "; ".join(typed(m, "title") for m in markings)
    place = ref.place if ref.place and rng.random() < 0.7 else ""
    pages = 1 + len(ref.paragraphs) // 4
    if c["record"] == "calendar entry":
        entry = (f"{ref.number}. " if rng.random() < 0.5 else "") + title
        entry += "".join(f", {x}" for x in (place, day) if x) + "."
        entry += (f" {levels}." if levels else "") + f" {pages} pp."
        return (wrap(entry, width) if width else [entry]), place
    d = date_of(ref.date.start) if ref.date else None
    reference = (f"RG 59, Central Decimal File, 611.61/{d.month}-{d.day}{d.year % 100:02d}" if d and rng.random() < 0.5
                 else f"frus1961-63v06/{ref.doc_id}")
    fields = [(c["title_label"], title)] + ([(c["date_label"], day)] if day else []) + (
        [(c["place_label"], place)] if place else [])
    fields += [(c["marking_label"], list(typed(m, "title") for m in markings))] if markings else []
    fields += [(rng.choice(("Reference", "Identifier", "Call Number", "Local Identifier", "Archival Reference")),
                reference),
               (rng.choice(("Extent", "Pages", "Physical Description")), rng.choice((f"{pages} page" + "s" * (pages > 1), f"{pages} p.")))]
    if rng.random() < 0.3:
        fields.insert(0, fields.pop(-2))  # the reference first, as a call number heads a record
    style = c["record"]

    def text(value) -> str:
        return "; ".join(value) if isinstance(value, list) else value

    def key(label: str) -> str:
        return re.sub(r"\W+", "_", label.lower()).strip("_")

    if style in ("Label: value", "below the body"):
        lines = [f"{label}: {text(value)}" for label, value in fields]
        if style == "below the body":
            heading = rng.choice(("Details", "Metadata", "Document details", "Record", "----"))
            lines = [heading, ""] + lines
        return lines, place
    if style == "Markdown table":
        head = rng.choice((("Field", "Value"), ("Property", "Value"), ("Metadata", "")))
        return [f"| {head[0]} | {head[1]} |", "| --- | --- |"] + [f"| {label} | {text(value)} |"
                                                                    for label, value in fields], place
    if style == "tab-separated row":
        return ["\t".join(label for label, _ in fields), "\t".join(text(value) for _, value in fields)], place
    if style in ("YAML front matter", "TOML front matter"):
        # in front matter, "created" is what a note-taking app or site generator stamps on the file: the document's
        # date goes by another key
        fields = [("Date", value) if label == c["date_label"] and "creat" in label.lower() else (label, value)
                  for label, value in fields]
    if style == "YAML front matter":
        lines = ["---"]
        for label, value in fields:
            if isinstance(value, list) and (len(value) > 1 or rng.random() < 0.5):
                lines += [f"{key(label)}:"] + [f"  - {v}" for v in value] if rng.random() < 0.5 else \
                    [f"{key(label)}: [{', '.join(value)}]"]
                continue
            value = text(value)
            quoted = any(ch in value for ch in ":[]#{}") or rng.random() < 0.3
            lines.append(f"{key(label)}: " + (f'"{value}"' if quoted else value))
        return lines + ["---"], place
    if style == "TOML front matter":
        lines = ["+++"]
        for label, value in fields:
            if isinstance(value, list):
                lines.append(f"{key(label)} = [" + ", ".join(f'"{v}"' for v in value) + "]")
            elif re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                lines.append(f"{key(label)} = {value}")  # a TOML local date
            else:
                lines.append(f'{key(label)} = "{value}"')
        return lines + ["+++"], place
    # a definition list as an HTML-to-text converter or Pandoc writes it
    colon = rng.random() < 0.5
    return [x for label, value in fields for x in (label, (":   " if colon else "    ") + text(value))], place


def _record_fields(ref: Reference, vocabulary: str, title: str, day: str | None, marks: str,
                   rng: random.Random) -> list[str]:
    """A catalogue record's labelled fields, in one vocabulary."""
    levels = "; ".join(typed(m, "title") for m in ref.markings)
    if vocabulary == "plain labels":
        out = [f"Title: {title}"] + ([f"Date: {day}"] if day else []) + ([f"Place: {ref.place}"] if ref.place else [])
        if marks:
            out.append(f"Classification: {levels}")
        return out + [f"Document number: {ref.number}"]
    if vocabulary == "Dublin Core":
        out = [f"dc.title: {title}"] + ([f"dc.date: {day}"] if day else [])
        out += [f"dc.coverage.spatial: {ref.place}"] if ref.place else []
        out += [f"dc.rights: {levels}"] if marks else []
        return out + [f"dc.identifier: frus1961-63v06/{ref.doc_id}", "dc.type: Text"]
    if vocabulary == "MARC":
        out = [f"245 10 $a {title}."] + ([f"260 ## $c {day}."] if day else [])
        out += [f"651 #0 $a {ref.place}."] if ref.place else []
        out += [f"506 ## $a {levels}."] if marks else []
        return out + [f"001    frus-{ref.doc_id}"]
    if vocabulary == "finding aid":
        out = [f"Box {1 + int(ref.number) // 30}, Folder {1 + int(ref.number) % 30}",
               f"Item {ref.number}: {title}" + (f", {day}" if day else "")]
        out += [rng.choice(("Conditions Governing Access", "Access Restrictions"))
                + f": Originally classified {levels}. Declassified 1996."] if marks else []
        return out
    # a NARA/CREST-style identification form, labels in capitals with a space before the colon
    out = ["AGENCY : STATE", f"RECORD NUMBER : 104-10{rng.randrange(100, 999)}-{rng.randrange(10000, 99999)}",
           f"TITLE : {title}"] + ([f"DATE : {day}"] if day else []) + ([f"PAGES : {1 + len(ref.paragraphs) // 4}"])
    out += [f"CLASSIFICATION : {marks.upper()}"] if marks else []
    return out


def _lay_out(ref, c, rng, width, pre, head, paragraphs, notes, list_prefix, shift, bottom, tail_source,
             marks_text, day, note_heading=()) -> str:
    """Head blocks, body paragraphs, notes and furniture as lines, then pages."""
    spacing = c["spacing"]
    indent = "     " if spacing in ("indent only", "double spacing") else ""
    gap = [] if spacing in ("indent only", "none") else [""]

    def para(text: str, first_indent: str = indent, hang: str = "") -> list[str]:
        if not width:
            return [first_indent + text]
        lines = wrap_hyphenated(text, width - len(first_indent), rng, rate=0.4)
        return [first_indent + lines[0]] + [hang + x for x in lines[1:]]

    out: list[str] = list(pre) + ([""] if pre else [])
    for block in head:
        if block:
            out += block + gap
    body_start = len(out)
    for text in paragraphs:
        out += para(text) + gap
    # notes: at the end (under their heading) or at the foot of the page that cites them
    note_lines = [para(list_prefix(k + 1) + text, "", "   ") for k, text in enumerate(notes)]
    heading = {"NOTES": "NOTES", "Notes:": "Notes:", "Endnotes": "Endnotes", "Footnotes": "Footnotes",
               "---": "---", "______": "_" * 15, "no heading": None}[c["note_list"]]
    heading = {"Markdown [^1]": None, "1) list": "Notes", "web ^ backlinks": "References",
               "References heading": "References", "Notes and Sources heading": "Notes and Sources",
               "endnote numbers n. 1": "NOTES"}.get(c.get("note_style", ""), heading)
    heading = note_heading[0] if note_heading else heading
    tail: list[str] = []
    if notes and c["notes_at"] == "end":
        tail += ([heading] + gap if heading else [])
        for lines in note_lines:
            tail += lines + (gap if spacing != "double spacing" else [""])
    tail += tail_source + (gap if tail_source else [])
    tail += bottom
    if c["page_marks"] == "[Page N] markers":
        out = out[:body_start] + _print_pages(out[body_start:], rng)
    if spacing == "double spacing":
        out = [x for line in out for x in ((line, "") if line else ("",))]
    lines = out + tail
    pages = _paginate(ref, c, rng, lines, body_start, note_lines if notes and c["notes_at"] == "page foot" else [],
                      shift, marks_text, day)
    return pages


def _paginate(ref, c, rng, lines, body_start, foot_notes, shift, marks_text="", day=None) -> str:
    furniture = c["furniture"]
    marks = c["page_marks"] in ("marking on every page", "continuation head")
    if furniture == "none" and not foot_notes and not marks:
        return "\n".join(lines) + "\n"
    per_page = rng.randrange(30, 50)
    pages: list[list[str]] = []
    foot: list[list[str]] = []
    page: list[str] = []
    cited_pattern = _citation_finder(c["markers"] if c.get("note_style", "as drawn") == "as drawn"
                                     else c["note_style"])
    seen: set[int] = set()
    for line in lines:
        page.append(line)
        if foot_notes:
            for k in cited_pattern(line):
                n = k - 1
                if 0 <= n < len(foot_notes) and n not in seen:
                    seen.add(n)
                    foot.append(foot_notes[n])
        if len(page) + sum(len(f) for f in foot) >= per_page:
            pages.append(page + _foot(foot))
            page, foot = [], []
    rest = [foot_notes[n] for n in range(len(foot_notes)) if n not in seen]  # a marker wrapped across lines
    if page or foot or rest:
        pages.append(page + _foot(foot + rest))
    total = len(pages)
    running = rng.choice(("Foreign Relations, 1961-1963, Volume VI", "KENNEDY-KHRUSHCHEV EXCHANGES",
                          "U.S. Department of State"))
    banner = rng.choice(("Approved For Release 2003/04/17 : CIA-RDP80B01676R000400010012-3",
                         "DECLASSIFIED Authority NND 959000 By SH NARA Date 3/1/96",
                         "Released under the John F. Kennedy Assassination Records Collection Act of 1992"))
    text: list[str] = []
    for n, body in enumerate(pages, 1):
        top: list[str] = []
        bottom: list[str] = []
        if furniture == "running head with page":
            top = [f"{n}    {running}" if n % 2 == 0 else f"{running}    {n}", ""] if n > 1 else []
        elif furniture == "Page N of M":
            bottom = ["", f"Page {n} of {total}"]
        elif furniture == "- N -":
            top = [centre(f"- {n} -"), ""] if n > 1 else []
        elif furniture == "release banner":
            top, bottom = [banner, ""], ["", banner]
        elif furniture == "(continued)":
            bottom = ["", "(continued)"] if n < total else []
        if c["page_marks"] == "marking on every page" and marks_text:
            top, bottom = [centre(marks_text), ""] + top, bottom + ["", centre(marks_text)]
        elif c["page_marks"] == "continuation head" and n > 1:
            top = top + [_continuation(ref, n, day), ""]
        page_text = "\n".join(top + body + bottom)
        text.append(page_text)
    sep = "\n\f" if furniture in ("form feed", "running head with page", "none") else "\n\n"
    return sep.join(text) + "\n"


def _foot(notes: list[list[str]]) -> list[str]:
    if not notes:
        return []
    return ["", "_" * 12] + [line for lines in notes for line in lines]


def _citation_finder(style: str):
    """The note numbers a body line cites, in the marker style ``style``."""
    if style == "superscript ¹":
        table = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
        return lambda line: [int(m.translate(table)) for m in re.findall(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", line)]
    if style in ("[1]", "Footnote 1:", "1) list", "web ^ backlinks", "References heading"):
        return lambda line: [int(m) for m in re.findall(r"\[(\d+)\]", line)]
    if style == "Markdown [^1]":
        return lambda line: [int(m) for m in re.findall(r"\[\^(\d+)\]", line)]
    if style == "endnote numbers n. 1":
        return lambda line: [int(m) for m in re.findall(r"\(n\. (\d+)\)", line)]
    if style == "(1)":
        return lambda line: [int(m) for m in re.findall(r"\((\d+)\)", line)]
    if style == "[a]":
        return lambda line: [_LETTERS.index(m) + 1 for m in re.findall(r"\[([a-z])\]", line)]
    if style == "* †":
        return lambda line: [_symbol_number(m) for m in re.findall(r"[*†‡§‖¶]+", line)]
    # lost superscripts: a figure glued to a word or to its punctuation
    return lambda line: [int(m) for m in re.findall(r"(?<=[^\W\d_]|[.,;:!?\"”’')])(\d{1,2})(?!\d)", line)]


def _symbol_number(mark: str) -> int:
    order = "*†‡§‖¶"
    return order.index(mark[0]) + 1 + 6 * (len(mark) - 1)


# -- labelled fields, frames and marks inside the pages ---------------------------------------------------

_LABEL = re.compile(r"^(?P<label>(?:dc\.)?[A-Za-z][A-Za-z./ ]{0,30}?) ?: (?P<value>.+)$")


def _labelled(lines: list[str], style: str, rng: random.Random) -> list[str]:
    """Labelled lines ("Title: X") typed in ``style``: as they are, label in capitals with a spaced colon, in
    aligned columns (a catalogue display copied as text: spaces or a tab, no colon), with dot leaders, or the
    label on a line of its own above its value (a web catalogue's two-column display pasted)."""
    out: list[str] = []
    for line in lines:
        m = _LABEL.match(line)
        if not m or style == "Label: value":
            out.append(line)
            continue
        label, value = m.group("label"), m.group("value")
        if style == "LABEL : value":
            out.append(f"{label.upper()} : {value}")
        elif style == "aligned columns":
            out.append(f"{label}\t{value}" if rng.random() < 0.5 else f"{label:<{max(22, len(label) + 2)}}{value}")
        elif style == "dot leaders":
            out.append(f"{label} {'.' * max(3, 20 - len(label))}: {value}")
        else:
            out += [label + (":" if rng.random() < 0.5 else ""), ("    " if rng.random() < 0.5 else "") + value]
    return out


def _frame_head(ref: Reference, c: dict[str, str], rng: random.Random, day: str | None) -> list[str]:
    """A telegram's own head (its form's banner, control number, time received) before the document's head."""
    if c["frame"] != "cable form":
        return []
    banner = rng.choice((["TELEGRAM", "Department of State"], ["INCOMING TELEGRAM", "Department of State"],
                         ["DEPARTMENT OF STATE", "OUTGOING TELEGRAM"], ["Department of State TELEGRAM"]))
    received = [f"Rec'd: {day}, {rng.randrange(1, 12)}:{rng.randrange(60):02d} p.m."] if day and "[" not in day \
        and " - " not in day else []
    return banner + ["", f"Control: {rng.randrange(1000, 30000)}"] + received + [
        rng.choice(("ACTION: SS", "Action: EUR", "Info: SS, G, SP, L, H"))]


def _frame(ref: Reference, c: dict[str, str], rng: random.Random, day: str | None) -> tuple[list[str], list[str]]:
    """Lines that frame the document: before (a web page's navigation, a withdrawal sheet) and after (a web page's
    foot)."""
    frame = c["frame"]
    if frame == "web capture":
        volume = "Foreign Relations of the United States, 1961–1963, Volume VI, Kennedy-Khrushchev Exchanges"
        pre = ["Skip to main content", "", "Office of the Historian", "",
               rng.choice(("Home  Historical Documents  Countries  Departmental History  About  Search",
                           "Menu   Search")), "",
               " › ".join(("Home", "Historical Documents", volume, f"Document {ref.number}")), "",
               rng.choice(("Print   Share", "Share this page", "Cite this document"))]
        post = ["", rng.choice(("‹ Previous    Next ›", "< Document " + str(int(ref.number) - 1)
                                + "    Document " + str(int(ref.number) + 1) + " >")), "",
                "Office of the Historian, Shared Knowledge Services, Bureau of Administration",
                "United States Department of State", "history@state.gov", "Phone: 202-955-0200"]
        return pre, post
    if frame == "withdrawal sheet":
        who = parties(ref.title)
        kind, about = (who[0], f"{who[1]} to {who[2]}") if who else ("Document", ref.title[:40])
        when = "n.d."
        if ref.date and ref.date.start == ref.date.end:
            d = date_of(ref.date.start)
            when = f"{d.month}/{d.day}/{d.year % 100:02d}"
        pages = 1 + len(ref.paragraphs) // 4
        about = f"{about} ({pages} pp.)"
        row = f"{kind[:18]:<20}{about:<{max(48, len(about) + 2)}}{when:<10}A"
        opened = f"{rng.randrange(1, 13)}/{rng.randrange(1, 29)}/{rng.choice((96, 97, 98, 99, 2003))}"
        pre = ["WITHDRAWAL SHEET (PRESIDENTIAL LIBRARIES)", "",
               f"{'FORM OF DOCUMENT':<20}{'CORRESPONDENTS OR TITLE':<48}{'DATE':<10}RESTRICTION", row,
               f"{'':<20}OPENED {opened}", "",
               f"FILE LOCATION   National Security Files, Countries, USSR, Box {rng.randrange(170, 190)}", "",
               "RESTRICTION CODES",
               "(A) Closed by applicable Executive order governing access to national security information.",
               "(B) Closed by statute or by the agency which originated the document.", "",
               "NA FORM 1429 (6-95)", "\f"]
        return pre, []
    return [], []


def _frame_after(text: str, post: list[str], c: dict[str, str], rng: random.Random) -> str:
    """The framed text: a web page's foot appended; a reply quoting the whole document line by line."""
    if post:
        text = text.rstrip("\n") + "\n" + "\n".join(post) + "\n"
    if c["frame"] != "quoted reply":
        return text
    quote = rng.choice(("> ", ">"))
    quoted = [(quote + line).rstrip() if line.strip() else ">" for line in text.replace("\f", "").split("\n")]
    while quoted and quoted[-1] == ">":
        quoted.pop()
    reply = [rng.choice(("Thank you, this is exactly what I needed.", "Many thanks -- see my question below.")),
             "", "Best,", "J.", "",
             rng.choice(("On Tue, Mar 5, 2019 at 10:14 AM Reading Room <reading.room@archives.example.org> wrote:",
                         "On 05/03/2019 10:14, Reading Room wrote:"))]
    return "\n".join(reply + quoted) + "\n"


def _print_pages(lines: list[str], rng: random.Random) -> list[str]:
    """The edition's page numbers as a web edition prints them: "[Page 123]" on a line of its own or inside a line
    at the word where the printed page turned."""
    out: list[str] = []
    page = rng.randrange(40, 800)
    due = rng.randrange(20, 40)
    for line in lines:
        due -= 1
        words = line.split(" ")
        if due <= 0 and len(words) > 4:
            page += 1
            due = rng.randrange(20, 40)
            if rng.random() < 0.5:
                at = rng.randrange(1, len(words) - 1)
                line = " ".join(words[:at] + [f"[Page {page}]"] + words[at:])
            else:
                out.append(f"[Page {page}]")
        out.append(line)
    return out


def _continuation(ref: Reference, n: int, day: str | None) -> str:
    """A letter's or memorandum's continuation head on pages after the first: addressee, page, date."""
    who = parties(ref.title)
    return "    ".join(x for x in ((who[2] if who else ""), f"- {n} -", day or "") if x)
