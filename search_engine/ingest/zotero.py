"""A Zotero data folder (``zotero.sqlite`` and ``storage/``): each regular item a document with the item's own
metadata, its passages read from its attachments (through the reader of each file's format), its child notes
and its annotations; standalone notes and attachments are documents too.

Everything is joined on names (``fields.fieldName``, ``itemTypes.typeName``, ``creatorTypes.creatorType``, and
``baseFieldMappings`` for a type's own name of a base field), never on numbers: a library first made by an old
Zotero numbers its fields differently from a fresh one. Items in the trash (and the children of trashed items)
are left out and counted. Zotero's own full-text tables are not used: the attachment files are read, with the
``.zotero-ft-cache`` Zotero writes beside a file as the fallback for a file that cannot be read.

Tested on libraries of userdata versions 123 (Zotero 7 and 8), 125 (Zotero 9) and 129 (Zotero 10: its full-text
word tables moved to ``fulltext.sqlite``, which is not read, and its database is kept in write-ahead-log mode,
which the copy in :func:`~search_engine.ingest.library.snapshot` takes with its log); versions 95 to 129 are read.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from ..errors import SourceError
from ..model import Creator, DateRange, Document, Paragraph, SkippedFile
from .library import (
    ZOTERO_DATABASE,
    Assembler,
    Entry,
    Library,
    columns,
    file_state,
    fingerprint,
    finish,
    html_paragraphs,
    snapshot,
    text_paragraphs,
)

MIN_SCHEMA = 95  # Zotero 5.0: items.version, itemNotes.parentItemID, itemAttachments.contentType
MAX_SCHEMA = 129  # Zotero 10
NOT_DOCUMENTS = ("note", "attachment", "annotation")
# itemAttachments.linkMode
IMPORTED_FILE, IMPORTED_URL, LINKED_FILE, LINKED_URL, EMBEDDED_IMAGE = range(5)
FT_CACHE = ".zotero-ft-cache"


def read_zotero(root: str) -> Library:
    """The items of a Zotero data folder (or of the ``zotero.sqlite`` file named itself)."""
    root_path = Path(root)
    folder = root_path if root_path.is_dir() else root_path.parent
    database = folder / ZOTERO_DATABASE
    display = _shown(str(database))
    base = attachment_base(str(folder))
    with snapshot(str(database), display) as db:
        schema = _schema_version(db, display)
        items = _load(db, display, schema)
    library = Library(os.fspath(root), "zotero")
    key_root = os.path.abspath(database)
    for item in items["trashed"]:
        library.skipped.append(SkippedFile(f"{display}/{item['where']}", f"in Zotero's trash: {item['title']!r}",
                                           "zotero", kind="trash"))
    for item in items["documents"]:
        entry_path = f"{key_root}/{item['where']}"
        attachments = [dict(a, file=_attachment_file(a, str(folder), base)) for a in item["attachments"]]
        files = [(a["file"], file_state(a["file"]) if a["file"] else None,
                  file_state(_ft_cache(str(folder), a["key"]))) for a in attachments]
        size = sum(state[0] for _, state, _ in files if state)
        library.entries.append(Entry(
            entry_path, fingerprint(item, files), size,
            _reader(dict(item, attachments=attachments), f"{display}/{item['where']}", str(folder)), "zotero",
            os.path.abspath(folder), tuple(os.path.abspath(a["file"]) for a in attachments if a["file"])))
    return library


def _shown(path: str) -> str:
    from .readers import display_path

    return display_path(path)


def _schema_version(db, display: str) -> int:
    try:
        row = db.execute("SELECT version FROM version WHERE schema = 'userdata'").fetchone()
    except Exception as e:  # noqa: BLE001 - any failure here means the file is not a Zotero database
        raise SourceError(display, f"not a Zotero database ({e})", "damaged") from e
    if row is None:
        raise SourceError(display, "not a Zotero database (no userdata schema version)", "damaged")
    version = int(row[0])
    if version < MIN_SCHEMA:
        raise SourceError(display, f"a Zotero database of schema {version}, older than Zotero 5: open it once in a "
                                   "current Zotero to upgrade it", "unsupported")
    if version > MAX_SCHEMA:
        raise SourceError(display, f"a Zotero database of schema {version}, newer than this version of "
                                   f"search-engine reads (up to {MAX_SCHEMA}, Zotero 10)", "unsupported")
    return version


def _load(db, display: str, schema: int) -> dict:
    """Every item of every user and group library, with its metadata, children and files, by names."""
    types_table = "itemTypesCombined" if columns(db, "itemTypesCombined") else "itemTypes"
    fields_table = "fieldsCombined" if columns(db, "fieldsCombined") else "fields"
    mappings = "baseFieldMappingsCombined" if columns(db, "baseFieldMappingsCombined") else "baseFieldMappings"
    # a type's own name of a base field (letterType -> type, institution -> publisher): read by its base name
    base_name: dict[tuple[str, str], str] = {}
    for type_name, base, own in db.execute(
            f"SELECT t.typeName, b.fieldName, f.fieldName FROM {mappings} m "
            f"JOIN {types_table} t ON t.itemTypeID = m.itemTypeID "
            f"JOIN {fields_table} b ON b.fieldID = m.baseFieldID JOIN {fields_table} f ON f.fieldID = m.fieldID"):
        base_name[(type_name, own)] = base
    libraries: dict[int, str] = {}
    groups = {row[0]: row[1] for row in db.execute("SELECT libraryID, groupID FROM groups")} \
        if columns(db, "groups") else {}
    for library_id, kind in db.execute("SELECT libraryID, type FROM libraries"):
        if kind == "user":
            libraries[library_id] = "library"
        elif kind == "group" and library_id in groups:
            libraries[library_id] = f"groups/{groups[library_id]}"
    items: dict[int, dict] = {}
    for item_id, key, version, modified, type_name, library_id in db.execute(
            f"SELECT i.itemID, i.key, i.version, i.clientDateModified, t.typeName, i.libraryID FROM items i "
            f"JOIN {types_table} t ON t.itemTypeID = i.itemTypeID"):
        if library_id not in libraries:  # a feed's items are not the user's
            continue
        items[item_id] = {"id": item_id, "key": key, "version": version, "modified": modified, "type": type_name,
                          "library": libraries[library_id], "fields": {}, "creators": [], "collections": [],
                          "tags": [], "attachments": [], "notes": [], "annotations": []}
    for item_id, name, value in db.execute(
            f"SELECT d.itemID, f.fieldName, v.value FROM itemData d JOIN {fields_table} f ON f.fieldID = d.fieldID "
            "JOIN itemDataValues v ON v.valueID = d.valueID"):
        item = items.get(item_id)
        if item is not None and value is not None:
            item["fields"][base_name.get((item["type"], name), name)] = str(value)
    for item_id, first, last, mode, role in db.execute(
            "SELECT ic.itemID, c.firstName, c.lastName, c.fieldMode, ct.creatorType FROM itemCreators ic "
            "JOIN creators c ON c.creatorID = ic.creatorID JOIN creatorTypes ct ON ct.creatorTypeID = ic.creatorTypeID "
            "ORDER BY ic.itemID, ic.orderIndex"):
        if item_id in items:
            items[item_id]["creators"].append([role, first or "", last or "", int(mode or 0)])
    trashed = {row[0] for row in db.execute("SELECT itemID FROM deletedItems")}
    collections = _collections(db)
    for collection_id, item_id in db.execute("SELECT collectionID, itemID FROM collectionItems"):
        if item_id in items and collection_id in collections:
            for name in collections[collection_id]:
                if name not in items[item_id]["collections"]:
                    items[item_id]["collections"].append(name)
    for item_id, name in db.execute("SELECT it.itemID, t.name FROM itemTags it JOIN tags t ON t.tagID = it.tagID "
                                    "ORDER BY t.name"):
        if item_id in items:
            items[item_id]["tags"].append(name)
    parents: dict[int, int] = {}
    attachment_columns = columns(db, "itemAttachments")
    mode_column = "contentType" if "contentType" in attachment_columns else "mimeType"
    for item_id, parent, link_mode, content_type, path in db.execute(
            f"SELECT itemID, parentItemID, linkMode, {mode_column}, path FROM itemAttachments"):
        if item_id not in items:
            continue
        item = items[item_id]
        item["attachment"] = {"key": item["key"], "link_mode": link_mode, "content_type": content_type or "",
                              "path": path or "", "title": item["fields"].get("title", ""),
                              "version": item["version"], "modified": item["modified"], "library": item["library"]}
        if parent is not None and parent in items:
            parents[item_id] = parent
            items[parent]["attachments"].append(item["attachment"])
    for item_id, parent, note, title in db.execute("SELECT itemID, parentItemID, note, title FROM itemNotes"):
        if item_id not in items:
            continue
        items[item_id]["note"] = {"key": items[item_id]["key"], "html": note or "", "title": title or "",
                                  "version": items[item_id]["version"], "modified": items[item_id]["modified"]}
        if parent is not None and parent in items and items[item_id]["type"] == "note":
            parents[item_id] = parent
            items[parent]["notes"].append(items[item_id]["note"])
    if columns(db, "itemAnnotations"):
        for item_id, parent, text, comment, page_label in db.execute(
                "SELECT itemID, parentItemID, text, comment, pageLabel FROM itemAnnotations "
                "ORDER BY parentItemID, sortIndex"):
            if item_id in items and parent in items and (text or comment):
                parents[item_id] = parent
                items[parent].setdefault("annotations", []).append(
                    {"key": items[item_id]["key"], "text": text or "", "comment": comment or "",
                     "page": page_label or "", "trashed": item_id in trashed})

    def in_trash(item_id: int) -> bool:
        seen = set()
        while item_id is not None and item_id not in seen:
            if item_id in trashed:
                return True
            seen.add(item_id)
            item_id = parents.get(item_id)
        return False

    by_key = {(i["library"], i["key"]): item_id for item_id, i in items.items()}

    def trashed_child(library: str, key: str) -> bool:
        return by_key.get((library, key)) in trashed

    documents, left_out = [], []
    for item_id, item in items.items():
        if item_id in parents and items[parents[item_id]]["type"] not in NOT_DOCUMENTS:
            continue  # a child: read with its parent
        if item["type"] == "annotation" or (item["type"] == "attachment" and item_id in parents):
            continue
        where = f"{item['library']}/items/{item['key']}"
        if in_trash(item_id):
            left_out.append({"where": where, "title": _title(item)})
            continue
        item["attachments"] = [a for a in item["attachments"] if not trashed_child(item["library"], a["key"])]
        item["notes"] = [n for n in item["notes"] if not trashed_child(item["library"], n["key"])]
        if item["type"] == "attachment":
            item["attachments"] = [item["attachment"]]
        for attachment in item["attachments"]:
            child = items[by_key[(item["library"], attachment["key"])]]
            attachment["annotations"] = [a for a in child.get("annotations", []) if not a["trashed"]]
        item.pop("attachment", None)
        documents.append({k: v for k, v in item.items() if k not in ("id", "annotations")} | {"where": where})
    return {"documents": documents, "trashed": left_out, "schema": schema}


def _collections(db) -> dict[int, list[str]]:
    """Each collection's name with the names of the collections it stands in (an item in "Cuba/October" is
    in "Cuba" too); collections in the trash are left out."""
    deleted = {row[0] for row in db.execute("SELECT collectionID FROM deletedCollections")} \
        if columns(db, "deletedCollections") else set()
    rows = {cid: (name, parent) for cid, name, parent in
            db.execute("SELECT collectionID, collectionName, parentCollectionID FROM collections")}
    out: dict[int, list[str]] = {}
    for cid in rows:
        names, seen, current = [], set(), cid
        while current is not None and current in rows and current not in seen:
            if current in deleted:
                names = []
                break
            seen.add(current)
            names.append(rows[current][0])
            current = rows[current][1]
        if names:
            out[cid] = names
    return out


def _title(item: dict) -> str:
    if item["type"] == "note":
        return item.get("note", {}).get("title") or "Untitled note"
    return item["fields"].get("title") or f"Untitled {item['type']}"


def attachment_base(folder: str) -> str:
    """The base folder of linked files stored relative to it (``attachments:...``), from the Zotero profile's
    ``prefs.js`` (Zotero keeps it there, not in the database): the profile whose data folder is ``folder``,
    else the only one that names a base folder."""
    home = Path(os.path.expanduser("~"))
    candidates = [home / ".zotero" / "zotero", home / "Library" / "Application Support" / "Zotero" / "Profiles",
                  Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "Zotero" / "Zotero" / "Profiles"]
    found: list[tuple[str, str]] = []
    for profiles in candidates:
        for prefs in sorted(profiles.glob("*/prefs.js")) if profiles.is_dir() else ():
            try:
                text = prefs.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            base = _pref(text, "extensions.zotero.baseAttachmentPath")
            data_dir = _pref(text, "extensions.zotero.dataDir")
            if base:
                found.append((base, data_dir))
    for base, data_dir in found:
        if data_dir and os.path.abspath(data_dir) == os.path.abspath(folder):
            return base
    return found[0][0] if len(found) == 1 else ""


def _pref(text: str, name: str) -> str:
    m = re.search(r'user_pref\("' + re.escape(name) + r'",\s*"((?:[^"\\]|\\.)*)"\);', text)
    return m.group(1).encode().decode("unicode_escape") if m else ""


def _attachment_file(attachment: dict, folder: str, base: str) -> str:
    """Where an attachment's file is: ``storage/KEY/NAME`` for a stored file, the path of a linked one
    (absolute, or relative to the base folder); "" for a link to a web page."""
    mode, path = attachment["link_mode"], attachment["path"]
    if mode in (IMPORTED_FILE, IMPORTED_URL):
        if not path:
            return ""
        name = path[len("storage:"):] if path.startswith("storage:") else os.path.basename(path)
        return os.path.join(folder, "storage", attachment["key"], name)
    if mode == LINKED_FILE and path:
        if path.startswith("attachments:"):
            relative = path[len("attachments:"):]
            return os.path.join(base, relative) if base else ""
        return path
    return ""


def _ft_cache(folder: str, key: str) -> str:
    return os.path.join(folder, "storage", key, FT_CACHE)


def item_link(library: str, key: str) -> str:
    return f"zotero://select/{library}/items/{key}"


def _reader(item: dict, display: str, folder: str):
    def read(options):
        return read_item(item, display, folder, options)

    return read


def read_item(item: dict, display: str, folder: str, options):
    """One item as a document (a FileContents, as a file gives): metadata, then the paragraphs of its
    attachments, notes and annotations."""
    from .library import attachment_paragraphs
    from .readers import FileContents

    library = item["library"]
    assembled = Assembler()
    skipped: list[SkippedFile] = []
    ocr_pages: list[str] = []
    for attachment in item["attachments"]:
        path, key = attachment["file"], attachment["key"]
        shown = f"{display}/{key}" + (f" ({Path(path).name})" if path else "")
        if attachment["link_mode"] in (LINKED_URL, EMBEDDED_IMAGE):
            pass
        elif not path and attachment["link_mode"] == LINKED_FILE and attachment["path"].startswith("attachments:"):
            skipped.append(SkippedFile(shown, "a linked file relative to the base folder, and Zotero's settings "
                                              "(prefs.js) name no base folder", "zotero", kind="missing"))
        else:
            pdf = attachment["content_type"] == "application/pdf"

            def link(page, key=key, pdf=pdf):
                if pdf and page and page.isdigit():
                    return f"zotero://open-pdf/{library}/items/{key}?page={page}"
                return item_link(library, key)

            try:
                if not path or not os.path.isfile(path):
                    raise SourceError(shown, "attachment file missing" + (f": {path}" if path else ""), "missing")
                paragraphs, notes, pages = attachment_paragraphs(path, options, shown)
                assembled.add_file(paragraphs, notes, link)
                ocr_pages += pages
            except SourceError as e:
                cached = _read_ft_cache(folder, key)
                if cached:
                    assembled.add_texts(cached, link=item_link(library, key))
                else:
                    skipped.append(SkippedFile(e.path if e.path != path else shown, e.reason, "zotero", kind=e.kind))
        for annotation in attachment.get("annotations", ()):
            link = (f"zotero://open-pdf/{library}/items/{key}?page={annotation['page']}&annotation={annotation['key']}"
                    if annotation["page"] else item_link(library, key))
            assembled.add_texts([t for t in (annotation["text"], annotation["comment"]) if t.strip()],
                                annotation["page"] or None, link)
    notes = item["notes"] + ([item["note"]] if item["type"] == "note" and "note" in item else [])
    for note in notes:
        assembled.add_texts(html_paragraphs(note["html"]), link=item_link(library, note["key"]))
    doc = _document(item, display, assembled)
    return FileContents(documents=[finish(doc)], skipped=skipped, ocr_pages=ocr_pages, container="zotero")


def _read_ft_cache(folder: str, key: str) -> list[str]:
    try:
        with open(_ft_cache(folder, key), encoding="utf-8", errors="replace") as f:
            return text_paragraphs(f.read())
    except OSError:
        return []


def _document(item: dict, display: str, assembled: Assembler) -> Document:
    from ..vocabulary.language_names import language_code

    fields = item["fields"]
    title = _title(item)
    creators = tuple(_creator(*c) for c in item["creators"])
    paragraphs = assembled.paragraphs
    if not paragraphs:  # an item with no text of its own: its record is its passage
        record = ". ".join(x for x in (title, "; ".join(c.name for c in creators), fields.get("date", "").split(" ", 1)[-1],
                                       ", ".join(x for x in (fields.get("archive", ""), fields.get("archiveLocation", ""))
                                                 if x)) if x)
        paragraphs = [Paragraph(1, fields.get("abstractNote") or record, link=item_link(item["library"], item["key"]))]
    doc_id = "zotero-" + ("" if item["library"] == "library" else item["library"].split("/")[1] + "-") + item["key"]
    archive = ", ".join(x for x in (fields.get("archive", ""), fields.get("archiveLocation", "")) if x)
    header = tuple(f"{c.role}: {c.name}" for c in creators)
    return Document(
        doc_id=doc_id,
        title=title,
        paragraphs=tuple(paragraphs),
        footnotes=tuple(assembled.footnotes),
        date=zotero_date(fields.get("date", "")),
        citation=archive,
        summary=fields.get("abstractNote", "") if assembled.paragraphs else "",
        url=fields.get("url", ""),
        header=header,
        metadata=tuple((k, fields[k]) for k in ("extra", "type", "rights") if fields.get(k)),
        source=display,
        format="zotero",
        language=language_code(fields["language"]) if fields.get("language") else "",
        place=fields.get("place", ""),
        item_type=item["type"],
        creators=creators,
        fields=tuple(sorted((k, v) for k, v in fields.items() if v)),
        collections=tuple(item["collections"]),
        tags=tuple(item["tags"]),
        link=item_link(item["library"], item["key"]),
    )


def _creator(role: str, first: str, last: str, mode: int) -> Creator:
    if mode == 1 or not first:  # a single-field name (an institution)
        return Creator(role, literal=last or first)
    return Creator(role, family=last, given=first)


_SQL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (.*))?$")


def zotero_date(value: str) -> DateRange | None:
    """A Zotero date field: ``'1962-10-27 October 27, 1962'`` (the SQL form, a space, the date as typed), with
    ``00`` for an unknown month or day: ``'1962-10-00 October 1962'`` is the month, kept as a span. A span typed
    in full ("October 27-29, 1962") is kept when its start is the SQL date."""
    from ..vocabulary.dates import _range, parse_date

    value = (value or "").strip()
    if not value:
        return None
    m = _SQL_DATE.match(value)
    if not m:
        return parse_date(value)
    y, mo, d, typed = int(m.group(1)), int(m.group(2)), int(m.group(3)), (m.group(4) or "").strip()
    if y == 0:
        return parse_date(typed) if typed else None
    found = _range(y, mo or None, d or None, typed or value)
    spans = _typed_span(typed)
    if found is not None and spans is not None and spans.start == found.start and spans.end > found.end:
        return DateRange(spans.start, spans.end, typed)
    return found


def _typed_span(typed: str) -> DateRange | None:
    m = re.match(r"^([A-Za-z]+)\.? (\d{1,2})\s*[-–]\s*(\d{1,2}),? (\d{4})$", typed)
    if not m:
        return None
    from ..vocabulary.dates import month_number

    month = month_number(m.group(1))
    if month is None:
        return None
    try:
        return DateRange(date(int(m.group(4)), month, int(m.group(2))), date(int(m.group(4)), month, int(m.group(3))))
    except ValueError:
        return None

