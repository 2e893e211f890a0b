"""Parse the text of a source into a Document.

The parser recognises *kinds of lines*, not particular files: front matter, labelled metadata blocks
("Citation:", "Summary:"), dates and datelines, classification stamps, reference numbers and address
lines, page-break rules, footnote definitions and markers, inline bracketed notes, and web boilerplate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import SourceError
from ..model import DateRange, Document, Footnote, Paragraph
from ..vocabulary.dates import date_line, dateline, find_dates, parse_date
from ..vocabulary.markings import LEVELS, MARKING_PATTERN, normalize_classification


def _stamp(line: str) -> tuple[str, ...]:
    """The markings of a line that holds nothing but markings (and "copy No. 3"-like residue), else ()."""
    first = next((c for c in line if c.isalpha()), "")
    if not first.isupper() or (line.endswith((".", ",")) and not line.isupper()):
        return ()  # "strictly secret." inside wrapped prose is not a stamp
    rest = MARKING_PATTERN.sub(" ", line)
    rest = re.sub(r"(?i)\b(copy|экз|экземпляр)\.?\s*(no\.?|№)?\s*\d+\b", " ", rest)
    if re.search(r"[^\W\d_]", rest) or len(line) > 120:
        return ()
    found = normalize_classification(line)
    return found if any(m in LEVELS for m in found) else ()


# -- labelled metadata blocks ------------------------------------------------------------------
LABELS: dict[str, str] = {
    "citation": "citation", "cite": "citation", "to cite": "citation", "cite as": "citation",
    "source": "citation", "source note": "citation", "archival citation": "citation",
    "summary": "summary", "abstract": "summary", "description": "summary",
    "original language": "original_language", "language": "original_language",
    "url": "url", "link": "url", "permalink": "url", "source url": "url",
    "title": "title", "date": "date", "classification": "classification",
    "credits": "credits", "contents": "contents", "record id": "record_id", "rights": "rights",
    "author": "author", "authors": "author", "translator": "translator", "translated by": "translator",
    "archive": "archive", "original archive": "archive", "repository": "archive", "collection": "collection",
    "keywords": "keywords", "subjects discussed": "keywords", "subjects": "keywords", "tags": "keywords",
    "associated people & organizations": "people", "associated people and organizations": "people",
    "associated places": "places", "associated topics": "topics", "document type": "document_type",
    "type": "document_type", "record group": "archive", "box": "box", "folder": "folder",
}
_LABEL_ALONE = re.compile(r"^(?P<label>[^\W\d_][\w &'’/-]{0,40}?)\s*:\s*$")
_LABEL_INLINE = re.compile(r"^(?P<label>[^\W\d_][\w &'’/-]{0,40}?)\s*:\s+(?P<value>\S.*)$")

# -- other kinds of lines ----------------------------------------------------------------------
_RULE = re.compile(r"^[\s\-–—_=*·•.~]{3,}$")
_PAGE_BREAK = re.compile(r"^[\s\-–—_=*·.~]*\[?\s*page[\s-]*break\s*\]?[\s\-–—_=*·.~]*$", re.IGNORECASE)
# "[Page 12]", "Page 12", "- 12 -": a page number on a line of its own
_PAGE_NUMBER = re.compile(
    r"^(?:\[\s*(?:page|p\.|стр\.?|л\.)\s*(?P<a>\d{1,4}[a-z]?)\s*\]|(?:page|стр\.?)\s+(?P<b>\d{1,4}[a-z]?)|"
    r"[-–—]\s*(?P<c>\d{1,4})\s*[-–—])$", re.IGNORECASE)
_REFERENCE = re.compile(r"^(?:No\.|Nr\.?|№|Ref\.?|Reference|Doc\.?|Telegram No\.?|Cable No\.?)\s*[\w/.\-№]+\.?$", re.IGNORECASE)
_ADDRESS = re.compile(
    r"^(?:to|from|cc|copy to|attn|attention|для|тов\.|товарищам?)\s*:?\s+(?:comrades?|cdes?\.|messrs\.?|mr\.|mrs\.|"
    r"dr\.|the\s+(?:president|secretary|ambassador|embassy|minister|chairman)|товарищ)",
    re.IGNORECASE,
)
_MEMO_FIELD = re.compile(r"^(?P<label>to|from|cc|subject|subj|re|via|thru|through)\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)
_FOOTNOTE_DEF = re.compile(r"^[-*•–]?\s*\[(?P<n>\d{1,3})\]\s*(?P<text>\S.*)$", re.DOTALL)
_FOOTNOTE_MARK = re.compile(r"\[(\d{1,3})\]")
_NOTE_WORDS = r"(?:translator|translator['’]s|trans\.|tr\.|editor|editor['’]s|ed\.|eds\.|note|comment|примечание|прим\.)"
_INLINE_NOTE = re.compile(r"\[(?=" + _NOTE_WORDS + r")(?P<text>[^\[\]]{3,}?)\]", re.IGNORECASE)
_NOTE_BLOCK = re.compile(r"^\[(?P<text>" + _NOTE_WORDS + r".*?)\]?$", re.IGNORECASE | re.DOTALL)
_BULLET = re.compile(r"^[-*•·]\s+")
_LIST_ITEM = re.compile(r"^(?:[-*•·]\s+|\d{1,3}[.)]\s+|[IVXLC]{1,6}\.\s+)")
_DATE_DESC = re.compile(r"^\s*(?P<sep>\s[/|–—-]\s|:\s)")
_URL = re.compile(r"https?://\S+[\w/]")
_SENTENCE_END = re.compile(r"[.!?:;…»\"”’')\]]$")

# web boilerplate: lines that are never content, and markers after which a page's footer begins
_BOILERPLATE = re.compile(
    r"^(?:leave a (?:reply|comment)|cancel reply|post comment|post navigation|share this:?|like this:?|"
    r"like loading\.*|loading\.*|related(?: posts| documents| articles)?|you may also like|"
    r"fill in your details below or click an icon to log in:?|you are commenting using your .{1,40} account\..*|"
    r"log\s*out\s*/\s*change\s*\)?|connecting to %s|%d bloggers like this:?|\d+ bloggers? likes? this\.?|"
    r"(?:wordpress\.com|facebook|twitter|google|gravatar) (?:logo|photo|account)|"
    r"notify me of (?:new )?(?:follow-up )?(?:comments|posts).*|(?:email|name|website)(?: \(required\))?(?: \(address never made public\))?|"
    r"skip to (?:main )?content|menu|search|search for:?|toggle navigation|subscribe|subscribed|follow|following|"
    r"sign me up|already have a wordpress\.com account\?.*|log in now\.?|blog at wordpress\.com\.?|"
    r"create a free website or blog at wordpress\.com\.?|powered by .{1,60}|privacy (?:&|and) cookies:?.*|"
    r"this site uses cookies.*|copyright ©.*|© \d{4}.*|all rights reserved\.?|previous post|next post|"
    r"posted in .{1,80}|tagged .{1,120}|categories|archives|recent posts|recent comments|comments|\d+ comments?|"
    r"download(?: pdf)?|print|email|tweet|pin it|reblog|report this content|view full site|"
    r"published by .{1,80}|written by .{1,80}|about the author|about these ads|advertisements?|"
    r"occasionally, some of your visitors may see an advertisement here.*|share on .{1,30})$",
    re.IGNORECASE,
)
_FOOTER_START = re.compile(
    r"^(?:leave a (?:reply|comment)|published by .{1,80}|share this:?|like this:?|post navigation|"
    r"related posts|you may also like|%d bloggers like this:?|about the author|written by .{1,80})$",
    re.IGNORECASE,
)


def clean_line(line: str) -> str:
    """Fold every kind of space (NBSP, thin space...) to one plain space and trim. A zero-width space or
    byte-order mark inside a word stays (the word is one word: see analysis.tokens); beside a space or
    at either end of the line it is space."""
    line = unicodedata.normalize("NFC", line)
    line = re.sub(r"(?<!\w)[\u200b\ufeff]+|[\u200b\ufeff]+(?!\w)", " ", line)
    return re.sub(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", line).strip()


@dataclass
class _Block:
    text: str
    page: str | None


@dataclass
class _Draft:
    """Mutable state of one parse; frozen into a Document at the end."""

    title: str = ""
    subtitle: str = ""
    date: DateRange | None = None
    classification: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    body: list[_Block] = field(default_factory=list)
    body_notes: dict[int, list[str]] = field(default_factory=dict)  # body index -> inline note texts
    numbered: dict[str, str] = field(default_factory=dict)
    pending_notes: list[str] = field(default_factory=list)


def parse_text(text: str, doc_id: str, source: str = "", fmt: str = "text") -> Document:
    """Parse the text of one source file into a Document."""
    front, text = split_front_matter(text, source)
    blocks = _blocks(text)
    draft = _Draft()
    in_preamble = True  # before the first sentence of the body
    pending_label: str | None = None
    for i, block in enumerate(blocks):
        line = block.text
        if pending_label is not None:
            label, pending_label = pending_label, None
            if not _label_of(line):
                _set_meta(draft, label, line)
                continue
        if _BOILERPLATE.match(line):
            footer = bool(_FOOTER_START.match(line)) and _footer_follows(blocks[i + 1:i + 6])
            if footer and draft.body:
                _footnotes_after(blocks[i + 1:], draft)
                break
            if footer or not _FOOTER_START.match(line):
                continue
            # a footer marker with real text after it ("Published by Pravda on...") is ordinary text
        if label := _label_of(line):
            pending_label = label
            continue
        m = _LABEL_INLINE.match(line) if in_preamble else None
        if m and m.group("label").lower() in LABELS and not _MEMO_FIELD.match(line):
            _set_meta(draft, LABELS[m.group("label").lower()], m.group("value"))
            continue
        m = _FOOTNOTE_DEF.match(line)
        if m and draft.body:
            draft.numbered[m.group("n")] = m.group("text").strip()
            continue
        m = _NOTE_BLOCK.match(line)
        if m:
            _attach_inline_note(draft, m.group("text").strip())
            continue
        if stamp := _stamp(line):
            draft.classification.extend(c for c in stamp if c not in draft.classification)
            draft.header.append(line)
            continue
        if in_preamble and not draft.title and _title_like(line):
            draft.title = line
            continue
        if d := date_line(line):
            if draft.date is None:
                draft.date = d
            draft.header.append(line)
            continue
        if dl := dateline(line):
            draft.meta.setdefault("place", dl[0])
            draft.date = draft.date or dl[1]
            draft.header.append(line)
            continue
        if in_preamble and (dd := _date_with_description(line)):
            draft.date = draft.date or dd[0]
            draft.subtitle = draft.subtitle or dd[1]
            continue
        m = _MEMO_FIELD.match(line)
        if m and in_preamble:
            if m.group("label").lower() in ("subject", "subj", "re") and not draft.subtitle:
                draft.subtitle = m.group("value")
            draft.header.append(line)
            continue
        if _REFERENCE.match(line) or (_ADDRESS.match(line) and len(line) < 160) or _is_caps_line(line):
            draft.header.append(line)
            continue
        if in_preamble and not _is_sentence(line):
            draft.header.append(line)
            continue
        in_preamble = False
        draft.body.append(block)
        if draft.pending_notes:  # notes that came before any paragraph annotate the first one
            draft.body_notes.setdefault(len(draft.body) - 1, []).extend(draft.pending_notes)
            draft.pending_notes.clear()
    return _finish(draft, front, doc_id, source, fmt)


def split_front_matter(text: str, source: str = "") -> tuple[dict, str]:
    """Split a YAML front matter block (between ``---`` lines at the very top) from the text."""
    stripped = text.lstrip("\ufeff")
    m = re.match(r"^---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", stripped, re.DOTALL)
    if not m:
        return {}, text
    import yaml  # only files that have front matter pay for the import

    try:
        data = load_yaml(m.group(1))
    except yaml.YAMLError as e:
        raise SourceError(source, f"front matter is not valid YAML: {str(e).splitlines()[0]}") from e
    if not isinstance(data, dict):
        raise SourceError(source, "front matter must be a block of 'key: value' lines")
    return metadata_keys(data), stripped[m.end():]


def load_yaml(text: str):
    """The YAML of front matter or a sidecar file; any failure is a ``yaml.YAMLError``.

    Dates stay the strings they were written as, for the date parser (which reads impossible ones too);
    aliases are refused, since a few lines of them can stand for billions of values.
    """
    import yaml

    try:
        return yaml.load(text, Loader=_yaml_loader())
    except ValueError as e:  # a value PyYAML recognised but could not build
        raise yaml.YAMLError(str(e)) from e
    except RecursionError as e:
        raise yaml.YAMLError("nested too deeply") from e


@lru_cache(maxsize=1)
def _yaml_loader():
    import yaml
    from yaml.composer import ComposerError

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise ComposerError(None, None, "aliases (*name) are not read in metadata", mark)
            return super().compose_node(parent, index)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def metadata_keys(data: dict) -> dict:
    """Front matter or sidecar keys as metadata_fields reads them: "Original-Language" -> original_language."""
    return {str(k).lower().replace("-", "_").replace(" ", "_"): v for k, v in data.items() if v is not None}


def _blocks(text: str) -> list[_Block]:
    """Split text into blocks: blank-line separated, hard-wrapped lines joined, list items and rules apart."""
    blocks: list[_Block] = []
    page: str | None = None
    breaks = 0
    current: list[str] = []

    def flush():
        if current:
            blocks.append(_Block(" ".join(current), page))
            current.clear()

    for raw in text.split("\n"):
        line = clean_line(raw)
        if not line:
            flush()
            continue
        if _PAGE_BREAK.match(line):
            flush()
            breaks += 1
            page = str(breaks + 1)
            continue
        if m := _PAGE_NUMBER.match(line):
            flush()
            page = m.group("a") or m.group("b") or m.group("c")
            breaks += 1
            continue
        if _RULE.match(line):
            flush()
            continue
        if current and (_LIST_ITEM.match(line) or _FOOTNOTE_DEF.match(line) or _stamp(line)
                        or _MEMO_FIELD.match(line) or _is_label_line(line)):
            flush()
        current.append(_BULLET.sub("", line) if _BULLET.match(line) and not _FOOTNOTE_DEF.match(line) else line)
    flush()
    if breaks:  # pages are known only once a break is seen: the first page is page 1
        blocks = [_Block(b.text, b.page or "1") for b in blocks]
    return blocks


def _is_label_line(line: str) -> bool:
    """A metadata label alone ("Citation:") or with its value ("Original Language: Russian")."""
    m = _LABEL_INLINE.match(line)
    return _label_of(line) is not None or (bool(m) and m.group("label").lower().strip() in LABELS)


def _label_of(line: str) -> str | None:
    m = _LABEL_ALONE.match(line)
    if m:
        return LABELS.get(m.group("label").lower().strip())
    return None


def _set_meta(draft: _Draft, key: str, value: str) -> None:
    value = value.strip()
    if key == "title":
        draft.title = draft.title or value
    elif key == "date":
        parsed = parse_date(value)
        if parsed is None:  # kept as the source wrote it rather than lost
            draft.meta.setdefault("date", value)
        draft.date = draft.date or parsed
    elif key == "classification":
        draft.classification.extend(c for c in normalize_classification(value) if c not in draft.classification)
    elif key in draft.meta:
        draft.meta[key] += "\n" + value
    else:
        draft.meta[key] = value


def _attach_inline_note(draft: _Draft, text: str) -> None:
    if draft.body:
        draft.body_notes.setdefault(len(draft.body) - 1, []).append(text)
    else:
        draft.pending_notes.append(text)


def _footer_follows(blocks: list[_Block]) -> bool:
    """Whether a page footer goes on after a footer marker: more boilerplate, or nothing at all."""
    return not blocks or any(_BOILERPLATE.match(b.text) for b in blocks)


def _footnotes_after(blocks: list[_Block], draft: _Draft) -> None:
    """Footnote definitions that follow the page footer still belong to the document."""
    for b in blocks:
        m = _FOOTNOTE_DEF.match(b.text)
        if m:
            draft.numbered[m.group("n")] = m.group("text").strip()


def _words(line: str) -> list[str]:
    return re.findall(r"\w+", line)


def _title_like(line: str) -> bool:
    return (
        0 < len(_words(line)) <= 30
        and len(line) <= 250
        and not line.endswith((".", ":", ";", ","))
        and not _REFERENCE.match(line)
        and not _ADDRESS.match(line)
        and not _MEMO_FIELD.match(line)
        and date_line(line) is None
        and _date_with_description(line) is None
    )


def _is_sentence(line: str) -> bool:
    line = _FOOTNOTE_MARK.sub("", line).rstrip()  # "...to President Kennedy[1]" is still a heading
    return len(_words(line)) >= 20 or bool(_SENTENCE_END.search(line))


def _is_caps_line(line: str) -> bool:
    """A short line in capitals: a letterhead, addressee, place or signature ("HAVANA", "SECRETARY of the TsK")."""
    words = _words(line)
    if len(words) > 8:
        return False
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 3 or line.endswith((".", ":", ";", ",")) and len(words) > 3:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.6


def _date_with_description(line: str) -> tuple[DateRange, str] | None:
    """"28 October 1962 / Extract from Protocol No. 63...": a date, a separator, then a description."""
    found = find_dates(line)
    if not found or found[0][1] > 2:
        return None
    parsed, _, end = found[0]
    m = _DATE_DESC.match(line[end:])
    if not m:
        return None
    desc = line[end + m.end():].strip()
    if len(_words(desc)) < 2:
        return None
    return DateRange(parsed.start, parsed.end, line[:end].strip()), desc


def _finish(draft: _Draft, front: dict, doc_id: str, source: str, fmt: str) -> Document:
    numbered = draft.numbered
    paragraphs: list[Paragraph] = []
    footnotes: list[Footnote] = []
    inline_count = 0
    for i, block in enumerate(draft.body):
        number = len(paragraphs) + 1
        text = block.text
        refs: list[str] = []

        text, notes = _split_inline_notes(text)
        for k, note in enumerate([*notes, *draft.body_notes.get(i, ())]):
            inline_count += 1
            label = f"*{inline_count}"
            footnotes.append(Footnote(label, note, number))
            refs.append(label)
            if k < len(notes):  # notes from inside the text leave a marker where they stood
                text = text.replace("\x00", f"[{label}]", 1)
        for n in _FOOTNOTE_MARK.findall(text):
            if n in numbered and n not in refs:
                refs.append(n)
        paragraphs.append(Paragraph(number, text, tuple(refs), block.page))
    for n, note in numbered.items():
        cited_by = next((p.number for p in paragraphs if n in p.footnotes), None)
        footnotes.append(Footnote(n, note, cited_by))
    footnotes.sort(key=lambda f: (f.paragraph or 10**9, f.number.startswith("*"), _note_order(f.number)))

    meta = dict(draft.meta)
    citation = meta.pop("citation", "")
    if not citation:  # a source note cited from the heading (FRUS: "[1] Source: Department of State...")
        source_note = next((f for f in footnotes if f.paragraph is None and re.match(r"(?i)source:", f.text)), None)
        citation = source_note.text.split(":", 1)[1].strip() if source_note else ""
    title = draft.title
    quoted = re.match(r"^[\"“](?P<t>[^\"”]{3,250})[\"”]", citation)
    if quoted and not front.get("title"):
        title = quoted.group("t").strip()
        if draft.title and draft.title != title and not draft.subtitle:
            draft.subtitle = draft.title
    # else the first date within one year in the citation or a header line ("SUBJECT: ..., 22 October 1962")
    date = draft.date or next((d for text in (citation, *draft.header) for d, _, _ in find_dates(text)
                               if d.start.year == d.end.year), None)
    url = meta.pop("url", "") or (m.group(0) if (m := _URL.search(citation)) else "")

    fields = {
        "doc_id": str(front.get("doc_id") or front.get("id") or doc_id),
        "title": title or doc_id,
        "subtitle": draft.subtitle,
        "date": date,
        "classification": tuple(draft.classification),
        "citation": citation,
        "summary": meta.pop("summary", ""),
        "original_language": meta.pop("original_language", ""),
        "url": url,
        "place": meta.pop("place", ""),
    }
    fields.update(metadata_fields(front, source))
    return Document(
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes),
        header=tuple(draft.header),
        metadata=tuple(sorted(meta.items())),
        source=source,
        format=fmt,
        **fields,
    )


def _split_inline_notes(text: str) -> tuple[str, list[str]]:
    """Take "[Editor's note: ...]" out of a paragraph, leaving a NUL placeholder where each stood."""
    notes = [m.group("text").strip() for m in _INLINE_NOTE.finditer(text)]
    return _INLINE_NOTE.sub("\x00", text).strip(), notes


def _note_order(number: str) -> int:
    digits = re.sub(r"\D", "", number)
    return int(digits) if digits else 0


def metadata_fields(front: dict, source: str) -> dict:
    """Document fields given by front matter or a sidecar file, which override what the parser found.

    ``language`` is the language of the text as written (a code or a name: ``ru``, ``Russian``);
    ``original_language`` the language a translation was made from.
    """
    from ..vocabulary.language_names import language_code

    out: dict = {}
    for key in ("title", "subtitle", "citation", "summary", "url", "place", "original_language"):
        if key in front and str(front[key]).strip():
            out[key] = str(front[key]).strip()
    if "description" in front and "subtitle" not in front:
        out["subtitle"] = str(front["description"]).strip()
    if "language" in front:
        code = language_code(str(front["language"]))
        if not code:
            raise SourceError(source, f"language {front['language']!r} is not one this engine knows "
                                      f"(use a code such as en or ru)")
        out["language"] = code
    if "persons" in front:
        value = front["persons"]
        out["persons"] = tuple(str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip())
    if "source_url" in front:
        out["url"] = str(front["source_url"]).strip()
    if "date" in front:
        raw = front["date"]
        parsed = parse_date(str(raw))
        if parsed is None:
            raise SourceError(source, f"front matter date {raw!r} is not a date this parser knows")
        out["date"] = parsed
    if "classification" in front:
        value = front["classification"]
        items = value if isinstance(value, list) else [value]
        marks: list[str] = []
        for item in items:
            for c in normalize_classification(str(item)):
                if c not in marks:
                    marks.append(c)
        out["classification"] = tuple(marks)
    return out
