"""A Tropy project (a ``.tpy`` file, or a ``.tropy`` project folder holding ``project.tpy`` and its ``assets/``):
each item a document with its own metadata (Dublin Core title, date, creator, source as the archive; Tropy's
collection, box and folder as the place in it; any other property by the label its name gives), its notes and
transcriptions as passages, each with the photo it belongs to.

A note is stored twice: as the editor's JSON state and as a ``text`` column that joins its paragraphs with
single spaces; the paragraphs are read from the state. Items and photos in Tropy's trash, and deleted notes and
transcriptions, are left out. Photo paths are relative to the project (``project.base``) or absolute, as the
project says. An item's date is its own ``dc:date``, never the date a photo was taken.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import SourceError
from ..model import Creator, Document, Paragraph, SkippedFile
from .library import (
    TROPY_DATABASE,
    Assembler,
    Entry,
    Library,
    columns,
    file_state,
    fingerprint,
    finish,
    slug,
    snapshot,
    text_paragraphs,
)

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
TROPY = "https://tropy.org/v1/tropy#"
TITLE, DATE, CREATOR, SOURCE = DC + "title", DC + "date", DC + "creator", DC + "source"
# where in the archive: Tropy's own properties, in the order a citation gives them
LOCATION = (TROPY + "collection", TROPY + "box", TROPY + "folder", TROPY + "piece", DC + "identifier")
MIN_VERSION = 1610181540  # the notes and full-text tables of Tropy 1.0


def project_database(root: str) -> tuple[str, str]:
    """(the project's database, the folder its relative photo paths start from)."""
    p = Path(root)
    if p.is_dir():
        return str(p / TROPY_DATABASE), str(p)
    return str(p), str(p.parent)


def read_tropy(root: str) -> Library:
    database, folder = project_database(root)
    from .readers import display_path

    display = display_path(os.path.abspath(root))
    with snapshot(database, display) as db:
        project = _load(db, display)
    library = Library(os.fspath(root), "tropy")
    base = _base(project["base"], folder)
    key_root = os.path.abspath(root)
    name = slug(Path(root).stem)
    for item in project["trashed"]:
        library.skipped.append(SkippedFile(f"{display}/items/{item['id']}", f"in Tropy's trash: {item['title']!r}",
                                           "tropy", kind="trash"))
    library.files = [os.path.abspath(f) for f in (_photo_file(p, base) for p in project["kept_out"]) if f]
    for item in project["items"]:
        for photo in item["photos"]:
            photo["file"] = _photo_file(photo, base)
        states = [file_state(p["file"]) if p["file"] else None for p in item["photos"]]
        size = sum(s[0] for s in states if s)
        where = f"items/{item['id']}"
        library.entries.append(Entry(f"{key_root}/{where}", fingerprint(item, states), size,
                                     _reader(item, f"{display}/{where}", name, project["name"]), "tropy", key_root,
                                     tuple(os.path.abspath(p["file"]) for p in item["photos"] if p["file"])))
    return library


def _base(base: str | None, folder: str) -> str:
    if base == "project":
        return folder
    if base == "home":
        return os.path.expanduser("~")
    return ""


def _photo_file(photo: dict, base: str) -> str:
    if photo["protocol"] not in ("file", "", None):
        return ""
    path = photo["path"]
    if not os.path.isabs(path) and base:
        path = os.path.join(base, path)
    return os.path.normpath(path)


def _load(db, display: str) -> dict:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if not columns(db, "project") or not columns(db, "items") or not columns(db, "notes"):
        raise SourceError(display, "not a Tropy project (no project, items and notes tables)", "damaged")
    if version and version < MIN_VERSION:
        raise SourceError(display, f"a Tropy project of an early version ({version}): open it once in a current "
                                   "Tropy to upgrade it", "unsupported")
    row = db.execute("SELECT name, " + ("base" if "base" in columns(db, "project") else "NULL") + " FROM project").fetchone()
    if row is None:
        raise SourceError(display, "not a Tropy project (its project table is empty)", "damaged")
    name, base = row
    trash = {row[0] for row in db.execute("SELECT id FROM trash")} if columns(db, "trash") else set()
    metadata: dict[int, dict[str, str]] = {}
    for subject, prop, text in db.execute(
            "SELECT m.id, m.property, v.text FROM metadata m JOIN metadata_values v ON v.value_id = m.value_id"):
        metadata.setdefault(subject, {})[prop] = str(text)
    items: dict[int, dict] = {}
    trashed: list[dict] = []
    for item_id, modified in db.execute("SELECT i.id, s.modified FROM items i JOIN subjects s ON s.id = i.id "
                                        "ORDER BY i.id"):
        record = {"id": item_id, "modified": str(modified), "metadata": metadata.get(item_id, {}), "photos": [],
                  "lists": [], "tags": []}
        if item_id in trash:
            trashed.append({"id": item_id, "title": record["metadata"].get(TITLE, f"item {item_id}")})
            continue
        items[item_id] = record
    photo_columns = columns(db, "photos")
    filename = "filename" if "filename" in photo_columns else "NULL"
    photos: dict[int, dict] = {}
    kept_out: list[dict] = []  # the photos of trashed items, and trashed photos
    for photo_id, item_id, path, protocol, page, name_, modified in db.execute(
            f"SELECT p.id, p.item_id, p.path, p.protocol, p.page, {filename}, s.modified FROM photos p "
            "JOIN subjects s ON s.id = p.id ORDER BY p.item_id, p.position, p.id"):
        if item_id not in items or photo_id in trash:
            kept_out.append({"path": path, "protocol": protocol})  # still the project's: not a file of its own
            continue
        photo = {"id": photo_id, "path": path, "protocol": protocol, "page": page, "name": name_ or Path(path).name,
                 "modified": str(modified), "metadata": metadata.get(photo_id, {}), "notes": [], "transcriptions": []}
        photos[photo_id] = photo
        items[item_id]["photos"].append(photo)
    for item in items.values():
        for n, photo in enumerate(item["photos"], 1):
            photo["number"] = n
    owner = dict(photos)  # a selection's notes belong to its photo
    if columns(db, "selections"):
        for selection_id, photo_id in db.execute("SELECT id, photo_id FROM selections"):
            if photo_id in photos and selection_id not in trash:
                owner[selection_id] = photos[photo_id]
    deleted = "deleted IS NULL" if "deleted" in columns(db, "notes") else "1"
    for note_id, subject, text, state, modified in db.execute(
            f"SELECT note_id, id, text, state, modified FROM notes WHERE {deleted} ORDER BY id, note_id"):
        if subject in owner:
            owner[subject]["notes"].append({"id": note_id, "paragraphs": note_paragraphs(state, text),
                                            "modified": str(modified)})
    if columns(db, "transcriptions"):
        for tid, subject, text, modified in db.execute(
                "SELECT transcription_id, id, text, modified FROM transcriptions WHERE deleted IS NULL "
                "ORDER BY id, transcription_id"):
            if subject in owner and text and text.strip():
                owner[subject]["transcriptions"].append({"id": tid, "paragraphs": text_paragraphs(text),
                                                         "modified": str(modified)})
    if columns(db, "lists"):
        lists = {lid: (n, parent) for lid, n, parent in db.execute("SELECT list_id, name, parent_list_id FROM lists")}
        deleted_items = "deleted IS NULL" if "deleted" in columns(db, "list_items") else "1"
        for list_id, item_id in db.execute(f"SELECT list_id, id FROM list_items WHERE {deleted_items}"):
            current, seen = list_id, set()
            while item_id in items and current in lists and current != 0 and current not in seen:
                seen.add(current)
                if lists[current][0] not in items[item_id]["lists"]:
                    items[item_id]["lists"].append(lists[current][0])
                current = lists[current][1]
    for item_id, tag in db.execute("SELECT tg.id, t.name FROM taggings tg JOIN tags t ON t.tag_id = tg.tag_id "
                                   "ORDER BY t.name"):
        if item_id in items:
            items[item_id]["tags"].append(tag)
    return {"name": name, "base": base, "items": list(items.values()), "trashed": trashed, "kept_out": kept_out}


def note_paragraphs(state: str | None, text: str | None) -> list[str]:
    """The paragraphs of a Tropy note, from the editor's JSON state (a ProseMirror document: paragraphs,
    headings, list items, quotes); the plain ``text`` column, which joins them with single spaces, only when
    the state cannot be read."""
    try:
        data = json.loads(state or "")
    except ValueError:
        data = None
    doc = data.get("doc", data) if isinstance(data, dict) else None
    if not isinstance(doc, dict):
        return [text.strip()] if text and text.strip() else []
    out: list[str] = []

    def inline(node) -> str:
        if node.get("type") == "text":
            return node.get("text", "")
        if node.get("type") == "hard_break":
            return " "
        return "".join(inline(c) for c in node.get("content", ()) if isinstance(c, dict))

    def walk(node) -> None:
        content = [c for c in node.get("content", ()) if isinstance(c, dict)]
        if any(c.get("type") == "text" for c in content):  # a text block: a paragraph, a heading
            line = " ".join(inline(node).split())
            if line:
                out.append(line)
            return
        for child in content:
            walk(child)

    walk(doc)
    return out


def _reader(item: dict, display: str, project_slug: str, project_name: str):
    def read(options):
        return read_item(item, display, project_slug, project_name, options)

    return read


def read_item(item: dict, display: str, project_slug: str, project_name: str, options):
    from .readers import FileContents

    meta = item["metadata"]
    assembled = Assembler()
    skipped: list[SkippedFile] = []
    ocr_pages: list[str] = []
    for photo in item["photos"]:
        page = str(photo["number"])
        image = photo["file"]
        shown = f"{display}/photo {page} ({photo['name']})"
        if image and not os.path.isfile(image):
            skipped.append(SkippedFile(shown, f"photo file missing: {image}", "tropy", kind="missing"))
            image = ""
        for part in photo["transcriptions"] + photo["notes"]:
            assembled.add_texts(part["paragraphs"], page, image=image)
        if image and options.ocr_photos:
            try:
                texts, keys = _ocr_photo(image, shown, options.ocr)
            except SourceError as e:
                skipped.append(SkippedFile(shown, e.reason, "tropy", kind=e.kind))
            else:
                assembled.add_texts(texts, page, image=image)
                ocr_pages += keys
    title = meta.get(TITLE) or f"Untitled item {item['id']}"
    creators = tuple(Creator("author", literal=meta[CREATOR]) for _ in (0,) if meta.get(CREATOR))
    archive = meta.get(SOURCE, "")
    location = ", ".join(f"{_label(p)} {meta[p]}" if p in (TROPY + "box", TROPY + "folder") else meta[p]
                         for p in LOCATION if meta.get(p))
    shown = {TITLE, DATE, CREATOR, SOURCE, *LOCATION}
    other = tuple((_label(p), v) for p, v in sorted(meta.items()) if p not in shown and v)
    paragraphs = assembled.paragraphs
    if not paragraphs:  # photos without notes: the item's record is its passage, so its metadata is found
        record = ". ".join(x for x in (title, meta.get(CREATOR, ""), meta.get(DATE, ""),
                                       ", ".join(x for x in (archive, location) if x),
                                       *(f"{k}: {v}" for k, v in other)) if x)
        first = next((p["file"] for p in item["photos"] if p["file"] and os.path.isfile(p["file"])), "")
        paragraphs = [Paragraph(1, record, page="1" if item["photos"] else None, image=first)]
    from ..vocabulary.dates import parse_date

    fields = {"title": title, "date": meta.get(DATE, ""), "archive": archive, "archiveLocation": location,
              **{k.lower(): v for k, v in other}}
    doc = Document(
        doc_id=f"tropy-{project_slug}-{item['id']}",
        title=title,
        paragraphs=tuple(paragraphs),
        date=parse_date(meta[DATE]) if meta.get(DATE) else None,
        citation=", ".join(x for x in (archive, location) if x),
        header=tuple(f"{c.role}: {c.name}" for c in creators) + tuple(f"{k}: {v}" for k, v in other),
        metadata=(("project", project_name),) + other,
        source=display,
        format="tropy",
        item_type="photo" if not meta.get(DC + "type") else meta[DC + "type"].lower(),
        creators=creators,
        fields=tuple(sorted((k, v) for k, v in fields.items() if v)),
        collections=tuple(item["lists"]),
        tags=tuple(item["tags"]),
    )
    return FileContents(documents=[finish(doc)], skipped=skipped, ocr_pages=ocr_pages, container="tropy")


def _ocr_photo(path: str, shown: str, ocr) -> tuple[list[str], list[str]]:
    """The paragraphs Tesseract reads on a photo (each page of a multi-page TIFF), and their OCR cache keys."""
    import hashlib

    from .scans import read_scan
    from .sources import read_bytes

    data = read_bytes(path)
    doc, keys = read_scan(data, hashlib.sha256(data).hexdigest(), "photo", shown, ocr)
    return [p.text for p in doc.paragraphs], keys


def _label(prop: str) -> str:
    """A property's label from its name: ``https://tropy.org/v1/tropy#box`` -> ``Box``,
    ``http://purl.org/dc/terms/isPartOf`` -> ``Is Part Of``."""
    import re

    local = re.split(r"[#/]", prop.rstrip("/#"))[-1]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).replace("_", " ")
    return words[:1].upper() + words[1:]
