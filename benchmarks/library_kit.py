"""Write a Zotero data folder and a Tropy project with their real database schemas, from known text.

Used by the tests (``tests/test_libraries.py``) and by ``benchmarks/libraries.py``. The tables are those of
Zotero's ``resource/schema/userdata.sql`` at userdata version 123 (Zotero 7 and 8; the global schema's tables,
which Zotero fills from its schema.json, are filled here with the few item types, fields and creator types the
items use) and of Tropy's ``db/schema/project.sql`` with its migrations up to 2403201717 (transcriptions).
``numbering="old"`` numbers the item types, fields and creator types differently, as a library first made by an
old Zotero does. ``schema`` writes the userdata version of a later Zotero: 125 (Zotero 9) with the same tables,
129 (Zotero 10) without the full-text word tables (``fulltextWords``, ``fulltextItemWords``: Zotero 10 keeps its
full-text index in a separate ``fulltext.sqlite``) and in write-ahead-log mode. Nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

ZOTERO_SCHEMA = """
CREATE TABLE itemTypes (itemTypeID INTEGER PRIMARY KEY, typeName TEXT, templateItemTypeID INT, display INT DEFAULT 1);
CREATE TABLE itemTypesCombined (itemTypeID INT NOT NULL, typeName TEXT NOT NULL, display INT DEFAULT 1 NOT NULL,
    custom INT NOT NULL, PRIMARY KEY (itemTypeID));
CREATE TABLE fields (fieldID INTEGER PRIMARY KEY, fieldName TEXT, fieldFormatID INT);
CREATE TABLE fieldsCombined (fieldID INT NOT NULL, fieldName TEXT NOT NULL, label TEXT, fieldFormatID INT,
    custom INT NOT NULL, PRIMARY KEY (fieldID));
CREATE TABLE itemTypeFields (itemTypeID INT, fieldID INT, hide INT, orderIndex INT,
    PRIMARY KEY (itemTypeID, orderIndex), UNIQUE (itemTypeID, fieldID));
CREATE TABLE baseFieldMappings (itemTypeID INT, baseFieldID INT, fieldID INT,
    PRIMARY KEY (itemTypeID, baseFieldID, fieldID));
CREATE TABLE baseFieldMappingsCombined (itemTypeID INT, baseFieldID INT, fieldID INT,
    PRIMARY KEY (itemTypeID, baseFieldID, fieldID));
CREATE TABLE creatorTypes (creatorTypeID INTEGER PRIMARY KEY, creatorType TEXT);
CREATE TABLE version (schema TEXT PRIMARY KEY, version INT NOT NULL);
CREATE INDEX schema ON version(schema);
CREATE TABLE settings (setting TEXT, key TEXT, value, PRIMARY KEY (setting, key));
CREATE TABLE items (itemID INTEGER PRIMARY KEY, itemTypeID INT NOT NULL,
    dateAdded TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, dateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, libraryID INT NOT NULL, key TEXT NOT NULL,
    version INT NOT NULL DEFAULT 0, synced INT NOT NULL DEFAULT 0, UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID) ON DELETE CASCADE);
CREATE INDEX items_synced ON items(synced);
CREATE TABLE itemDataValues (valueID INTEGER PRIMARY KEY, value UNIQUE);
CREATE TABLE itemData (itemID INT, fieldID INT, valueID, PRIMARY KEY (itemID, fieldID),
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (fieldID) REFERENCES fieldsCombined(fieldID), FOREIGN KEY (valueID) REFERENCES itemDataValues(valueID));
CREATE INDEX itemData_fieldID ON itemData(fieldID);
CREATE TABLE itemNotes (itemID INTEGER PRIMARY KEY, parentItemID INT, note TEXT, title TEXT,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE);
CREATE TABLE itemAttachments (itemID INTEGER PRIMARY KEY, parentItemID INT, linkMode INT, contentType TEXT,
    charsetID INT, path TEXT, syncState INT DEFAULT 0, storageModTime INT, storageHash TEXT,
    lastProcessedModificationTime INT, FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE);
CREATE TABLE itemAnnotations (itemID INTEGER PRIMARY KEY, parentItemID INT NOT NULL, type INTEGER NOT NULL,
    authorName TEXT, text TEXT, comment TEXT, color TEXT, pageLabel TEXT, sortIndex TEXT NOT NULL,
    position TEXT NOT NULL, isExternal INT NOT NULL, FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES itemAttachments(itemID));
CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE itemTags (itemID INT NOT NULL, tagID INT NOT NULL, type INT NOT NULL, PRIMARY KEY (itemID, tagID));
CREATE TABLE creators (creatorID INTEGER PRIMARY KEY, firstName TEXT, lastName TEXT, fieldMode INT,
    UNIQUE (lastName, firstName, fieldMode));
CREATE TABLE itemCreators (itemID INT NOT NULL, creatorID INT NOT NULL, creatorTypeID INT NOT NULL DEFAULT 1,
    orderIndex INT NOT NULL DEFAULT 0, PRIMARY KEY (itemID, creatorID, creatorTypeID, orderIndex),
    UNIQUE (itemID, orderIndex));
CREATE TABLE collections (collectionID INTEGER PRIMARY KEY, collectionName TEXT NOT NULL,
    parentCollectionID INT DEFAULT NULL, clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL, key TEXT NOT NULL, version INT NOT NULL DEFAULT 0, synced INT NOT NULL DEFAULT 0,
    UNIQUE (libraryID, key));
CREATE TABLE collectionItems (collectionID INT NOT NULL, itemID INT NOT NULL, orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (collectionID, itemID));
CREATE TABLE deletedCollections (collectionID INTEGER PRIMARY KEY, dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL);
CREATE TABLE deletedItems (itemID INTEGER PRIMARY KEY, dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL);
CREATE TABLE libraries (libraryID INTEGER PRIMARY KEY, type TEXT NOT NULL, editable INT NOT NULL,
    filesEditable INT NOT NULL, version INT NOT NULL DEFAULT 0, storageVersion INT NOT NULL DEFAULT 0,
    lastSync INT NOT NULL DEFAULT 0, archived INT NOT NULL DEFAULT 0);
CREATE TABLE users (userID INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE groups (groupID INTEGER PRIMARY KEY, libraryID INT NOT NULL UNIQUE, name TEXT NOT NULL,
    description TEXT NOT NULL, version INT NOT NULL);
CREATE TABLE fulltextItems (itemID INTEGER PRIMARY KEY, indexedPages INT, totalPages INT, indexedChars INT,
    totalChars INT, version INT NOT NULL DEFAULT 0, synced INT NOT NULL DEFAULT 0);
CREATE TABLE fulltextWords (wordID INTEGER PRIMARY KEY, word TEXT UNIQUE);
CREATE TABLE fulltextItemWords (wordID INT, itemID INT, PRIMARY KEY (wordID, itemID));
"""

ITEM_TYPES = ["annotation", "attachment", "note", "book", "document", "letter", "manuscript", "report"]
FIELDS = ["title", "abstractNote", "date", "place", "archive", "archiveLocation", "extra", "url", "language",
          "rights", "type", "letterType", "manuscriptType", "publisher", "institution", "pages", "accessDate"]
BASE_MAPPINGS = [("letter", "type", "letterType"), ("manuscript", "type", "manuscriptType"),
                 ("report", "publisher", "institution")]
CREATOR_TYPES = ["author", "contributor", "editor", "translator", "recipient"]
LINK_MODES = {"imported_file": 0, "imported_url": 1, "linked_file": 2, "linked_url": 3}
FULLTEXT_APART = 129  # Zotero 10: the full-text word tables are no longer in zotero.sqlite


@dataclass
class Attachment:
    key: str
    filename: str
    data: bytes | None  # None: the file is missing from storage
    content_type: str = "application/pdf"
    link_mode: str = "imported_file"
    linked_path: str = ""  # for linked files: absolute, or "attachments:relative/path"
    title: str = ""
    annotations: list[tuple[str, str, str]] = field(default_factory=list)  # (text, comment, page label)
    ft_cache: str | None = None  # Zotero's .zotero-ft-cache beside the file
    trashed: bool = False


@dataclass
class Item:
    key: str
    type: str
    fields: dict[str, str]
    creators: list[tuple[str, str, str]] = field(default_factory=list)  # (role, first, last); first "" = one field
    collections: list[str] = field(default_factory=list)  # "Parent/Child" for a subcollection
    tags: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # HTML
    trashed: bool = False
    version: int = 1
    group: int | None = None  # a group library's id


def write_zotero(folder: Path, items: list[Item], *, standalone_notes: list[tuple[str, str]] = (),
                 numbering: str = "fresh", schema: int = 123, modified: str = "2026-11-02 10:00:00") -> Path:
    """A Zotero data folder: ``zotero.sqlite`` (and the files of ``storage/``) holding ``items`` and the
    ``standalone_notes`` (key, HTML)."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "zotero.sqlite"
    if database.exists():
        database.unlink()
    for companion in (folder / "zotero.sqlite-wal", folder / "zotero.sqlite-shm", folder / "zotero.sqlite-journal"):
        if companion.exists():
            companion.unlink()
    db = sqlite3.connect(database)
    db.executescript(ZOTERO_SCHEMA)
    if schema >= FULLTEXT_APART:
        db.executescript("DROP TABLE fulltextWords; DROP TABLE fulltextItemWords;")
        db.execute("PRAGMA journal_mode=WAL")

    def ids(names: list[str]) -> dict[str, int]:
        if numbering == "old":  # an old library numbers them in another order, from elsewhere
            return {n: 300 + i for i, n in enumerate(reversed(names))}
        return {n: i for i, n in enumerate(names, 1)}

    type_ids, field_ids, creator_type_ids = ids(ITEM_TYPES), ids(FIELDS), ids(CREATOR_TYPES)
    for name, i in type_ids.items():
        db.execute("INSERT INTO itemTypes VALUES (?, ?, NULL, 1)", (i, name))
        db.execute("INSERT INTO itemTypesCombined VALUES (?, ?, 1, 0)", (i, name))
    for name, i in field_ids.items():
        db.execute("INSERT INTO fields VALUES (?, ?, NULL)", (i, name))
        db.execute("INSERT INTO fieldsCombined VALUES (?, ?, NULL, NULL, 0)", (i, name))
    for type_name, base, own in BASE_MAPPINGS:
        for table in ("baseFieldMappings", "baseFieldMappingsCombined"):
            db.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (type_ids[type_name], field_ids[base], field_ids[own]))
    for name, i in creator_type_ids.items():
        db.execute("INSERT INTO creatorTypes VALUES (?, ?)", (i, name))
    for name, version in (("userdata", schema), ("system", 33), ("triggers", 18), ("globalSchema", 34)):
        db.execute("INSERT INTO version VALUES (?, ?)", (name, version))
    db.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (1, 'user', 1, 1)")
    groups = sorted({i.group for i in items if i.group})
    for n, group in enumerate(groups, 2):
        db.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (?, 'group', 1, 1)", (n,))
        db.execute("INSERT INTO groups VALUES (?, ?, ?, '', 1)", (group, n, f"Group {group}"))
    library_of = {None: 1, **{g: n for n, g in enumerate(groups, 2)}}
    values: dict[str, int] = {}
    next_id = [1]

    used: set[tuple[int, str]] = set()

    def new_item(type_name: str, key: str, library: int, version: int = 1) -> int:
        item_id = next_id[0]
        next_id[0] += 1
        if (library, key) in used:  # a child's key made from its parent's is taken: a key of its own
            key = f"K{item_id:07d}"
        used.add((library, key))
        db.execute("INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, libraryID, "
                   "key, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (item_id, type_ids[type_name], modified, modified, modified, library, key, version))
        return item_id

    def set_field(item_id: int, name: str, value: str) -> None:
        if value not in values:
            values[value] = len(values) + 1
            db.execute("INSERT INTO itemDataValues VALUES (?, ?)", (values[value], value))
        db.execute("INSERT INTO itemData VALUES (?, ?, ?)", (item_id, field_ids[name], values[value]))

    collections: dict[tuple[int, str], int] = {}

    def collection(library: int, path: str) -> int:
        parent = None
        for depth, name in enumerate(path.split("/")):
            so_far = "/".join(path.split("/")[:depth + 1])
            if (library, so_far) not in collections:
                cid = len(collections) + 1
                collections[(library, so_far)] = cid
                db.execute("INSERT INTO collections (collectionID, collectionName, parentCollectionID, libraryID, key) "
                           "VALUES (?, ?, ?, ?, ?)", (cid, name, parent, library, f"COLL{cid:04d}"))
            parent = collections[(library, so_far)]
        return parent

    tags: dict[str, int] = {}
    creators: dict[tuple[str, str, int], int] = {}
    for item in items:
        library = library_of[item.group]
        item_id = new_item(item.type, item.key, library, item.version)
        for name, value in item.fields.items():
            set_field(item_id, name, value)
        for order, (role, first, last) in enumerate(item.creators):
            mode = 0 if first else 1
            if (first, last, mode) not in creators:
                creators[(first, last, mode)] = len(creators) + 1
                db.execute("INSERT INTO creators VALUES (?, ?, ?, ?)", (creators[(first, last, mode)], first, last, mode))
            db.execute("INSERT INTO itemCreators VALUES (?, ?, ?, ?)",
                       (item_id, creators[(first, last, mode)], creator_type_ids[role], order))
        for path in item.collections:
            db.execute("INSERT INTO collectionItems VALUES (?, ?, 0)", (collection(library, path), item_id))
        for tag in item.tags:
            if tag not in tags:
                tags[tag] = len(tags) + 1
                db.execute("INSERT INTO tags VALUES (?, ?)", (tags[tag], tag))
            db.execute("INSERT INTO itemTags VALUES (?, ?, 0)", (item_id, tags[tag]))
        if item.trashed:
            db.execute("INSERT INTO deletedItems (itemID) VALUES (?)", (item_id,))
        for a in item.attachments:
            att_id = new_item("attachment", a.key, library)
            set_field(att_id, "title", a.title or a.filename)
            mode = LINK_MODES[a.link_mode]
            path = f"storage:{a.filename}" if mode in (0, 1) else a.linked_path
            db.execute("INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, path) "
                       "VALUES (?, ?, ?, ?, ?)", (att_id, item_id, mode, a.content_type, path))
            if a.trashed:
                db.execute("INSERT INTO deletedItems (itemID) VALUES (?)", (att_id,))
            if mode in (0, 1):
                storage = folder / "storage" / a.key
                storage.mkdir(parents=True, exist_ok=True)
                if a.data is not None:
                    (storage / a.filename).write_bytes(a.data)
                if a.ft_cache is not None:
                    (storage / ".zotero-ft-cache").write_text(a.ft_cache, encoding="utf-8")
            elif a.data is not None and not a.linked_path.startswith("attachments:"):
                Path(a.linked_path).parent.mkdir(parents=True, exist_ok=True)
                Path(a.linked_path).write_bytes(a.data)
            for n, (text, comment, page) in enumerate(a.annotations):
                ann_id = new_item("annotation", f"{a.key[:4]}AN{n:02d}", library)
                db.execute("INSERT INTO itemAnnotations VALUES (?, ?, 1, '', ?, ?, '#ffd400', ?, ?, '{}', 0)",
                           (ann_id, att_id, text, comment, page, f"{int(page or 0):05d}|000000|00000"))
        for n, html in enumerate(item.notes):
            note_id = new_item("note", f"{item.key[:4]}NT{n:02d}", library)
            db.execute("INSERT INTO itemNotes VALUES (?, ?, ?, ?)", (note_id, item_id, html, _note_title(html)))
    for key, html in standalone_notes:
        note_id = new_item("note", key, 1)
        db.execute("INSERT INTO itemNotes VALUES (?, NULL, ?, ?)", (note_id, html, _note_title(html)))
    db.commit()
    db.close()
    return folder


def _note_title(html: str) -> str:
    import re

    text = re.sub(r"<[^>]+>", "\n", html)
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def note_html(paragraphs: list[str]) -> str:
    """A Zotero note as Zotero 7 writes it."""
    inner = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
    return f'<div data-schema-version="9">{inner}</div>'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- Tropy -------------------------------------------------------------------------------------------------------
TROPY_SCHEMA = """
PRAGMA user_version=2403201717;
CREATE TABLE project (project_id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL,
  created NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, base TEXT, store TEXT,
  CHECK (project_id != ''), CHECK (name != '')) WITHOUT ROWID;
CREATE TABLE access (uuid TEXT NOT NULL, version TEXT NOT NULL, path TEXT NOT NULL,
  opened NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, closed NUMERIC);
CREATE TABLE subjects (id INTEGER PRIMARY KEY, template TEXT NOT NULL DEFAULT 'https://tropy.org/v1/templates/generic',
  type TEXT, created NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, modified NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE images (id INTEGER PRIMARY KEY REFERENCES subjects ON DELETE CASCADE, width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0, angle NUMERIC NOT NULL DEFAULT 0, mirror BOOLEAN NOT NULL DEFAULT 0,
  brightness INTEGER NOT NULL DEFAULT 0, contrast INTEGER NOT NULL DEFAULT 0, hue INTEGER NOT NULL DEFAULT 0,
  saturation INTEGER NOT NULL DEFAULT 0, negative BOOLEAN NOT NULL DEFAULT 0, sharpen INTEGER NOT NULL DEFAULT 0)
  WITHOUT ROWID;
CREATE TABLE photos (id INTEGER PRIMARY KEY REFERENCES images ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items ON DELETE CASCADE, position INTEGER, path TEXT NOT NULL,
  protocol TEXT NOT NULL DEFAULT 'file', mimetype TEXT NOT NULL, checksum TEXT NOT NULL,
  orientation INTEGER NOT NULL DEFAULT 1, metadata TEXT NOT NULL DEFAULT '{}', size INTEGER NOT NULL DEFAULT 0,
  page NOT NULL DEFAULT 0, color TEXT, density INTEGER, filename TEXT) WITHOUT ROWID;
CREATE TABLE items (id INTEGER PRIMARY KEY REFERENCES subjects ON DELETE CASCADE,
  cover_image_id INTEGER REFERENCES images ON DELETE SET NULL) WITHOUT ROWID;
CREATE TABLE metadata (id INTEGER NOT NULL REFERENCES subjects ON DELETE CASCADE, property TEXT NOT NULL,
  value_id INTEGER NOT NULL REFERENCES metadata_values, language TEXT,
  created NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (id, property)) WITHOUT ROWID;
CREATE TABLE metadata_values (value_id INTEGER PRIMARY KEY, datatype TEXT NOT NULL, text NOT NULL, data TEXT,
  UNIQUE (datatype, text));
CREATE TABLE notes (note_id INTEGER PRIMARY KEY, id INTEGER NOT NULL REFERENCES subjects ON DELETE CASCADE,
  text TEXT NOT NULL, state TEXT NOT NULL, language TEXT NOT NULL DEFAULT 'en',
  created NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, modified NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted NUMERIC, CHECK (text != ''));
CREATE TABLE lists (list_id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE,
  parent_list_id INTEGER DEFAULT 0 REFERENCES lists ON DELETE CASCADE, position INTEGER,
  created NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, modified NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (parent_list_id, name));
INSERT INTO lists VALUES(0,'ROOT',NULL,NULL,'2017-01-31 12:00:00','2017-01-31 12:00:00');
CREATE TABLE list_items (list_id INTEGER REFERENCES lists ON DELETE CASCADE,
  id INTEGER REFERENCES items ON DELETE CASCADE, position INTEGER, added NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted NUMERIC, PRIMARY KEY (list_id, id)) WITHOUT ROWID;
CREATE TABLE tags (tag_id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE, color,
  created NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, modified NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (name));
CREATE TABLE taggings (tag_id INTEGER NOT NULL REFERENCES tags ON DELETE CASCADE,
  id INTEGER NOT NULL REFERENCES subjects ON DELETE CASCADE, PRIMARY KEY (id, tag_id)) WITHOUT ROWID;
CREATE TABLE trash (id INTEGER PRIMARY KEY REFERENCES subjects ON DELETE CASCADE,
  deleted NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP, reason TEXT NOT NULL DEFAULT 'user') WITHOUT ROWID;
CREATE TABLE selections (id INTEGER PRIMARY KEY REFERENCES images ON DELETE CASCADE,
  photo_id INTEGER NOT NULL REFERENCES photos ON DELETE CASCADE, x NUMERIC NOT NULL DEFAULT 0,
  y NUMERIC NOT NULL DEFAULT 0, position INTEGER) WITHOUT ROWID;
CREATE TABLE deleted_photos (path TEXT NOT NULL, checksum TEXT NOT NULL,
  deleted NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE VIRTUAL TABLE fts_notes USING fts5(id UNINDEXED, text, language UNINDEXED, content = 'notes',
  content_rowid = 'note_id', tokenize = 'porter unicode61');
CREATE TRIGGER notes_ai_fts AFTER INSERT ON notes BEGIN
  INSERT INTO fts_notes (rowid, id, text, language) VALUES (NEW.note_id, NEW.id, NEW.text, NEW.language); END;
CREATE TABLE transcriptions (transcription_id INTEGER PRIMARY KEY,
  id INTEGER NOT NULL REFERENCES images ON DELETE CASCADE, text TEXT, config TEXT, data TEXT,
  status NUMERIC NOT NULL DEFAULT 0, deleted NUMERIC, created NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP,
  modified NUMERIC NOT NULL DEFAULT CURRENT_TIMESTAMP);
"""

DC = "http://purl.org/dc/elements/1.1/"
TROPY = "https://tropy.org/v1/tropy#"


@dataclass
class Note:
    paragraphs: list[str]
    deleted: bool = False


@dataclass
class Photo:
    filename: str
    data: bytes | None  # None: the photo file is missing
    notes: list[Note] = field(default_factory=list)
    transcriptions: list[str] = field(default_factory=list)
    taken: str = "2026:03:14 10:22:00"  # the camera's date, which is not the item's
    absolute: bool = False  # stored with its absolute path rather than relative to the project


@dataclass
class TropyItem:
    metadata: dict[str, str]  # property URI (or dc:title, tropy:box shorthand) -> value
    photos: list[Photo] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    trashed: bool = False


def note_state(paragraphs: list[str]) -> str:
    """A note's editor state as Tropy stores it (ProseMirror's JSON)."""
    return json.dumps({"doc": {"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": p}]} for p in paragraphs]},
        "selection": {"type": "text", "anchor": 1, "head": 1}})


def _uri(prop: str) -> str:
    if prop.startswith("dc:"):
        return DC + prop[3:]
    if prop.startswith("tropy:"):
        return TROPY + prop[6:]
    return prop


def write_tropy(path: Path, name: str, items: list[TropyItem], *, managed: bool | None = None) -> Path:
    """A Tropy project: a ``.tpy`` file with photos in ``photos/`` beside it, or (``managed``, a path ending
    ``.tropy``) a project folder holding ``project.tpy`` and ``assets/``. Photo paths are stored relative to the
    project (``base = 'project'``) unless a photo asks for its absolute path."""
    managed = path.suffix == ".tropy" if managed is None else managed
    if managed:
        path.mkdir(parents=True, exist_ok=True)
        database, photos_dir, relative_to = path / "project.tpy", path / "assets", path
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        database, photos_dir, relative_to = path, path.parent / "photos", path.parent
    photos_dir.mkdir(parents=True, exist_ok=True)
    if database.exists():
        database.unlink()
    db = sqlite3.connect(database)
    db.executescript(TROPY_SCHEMA)
    db.execute("INSERT INTO project VALUES ('3f1c1d52-1b63-4c8e-a0b9-3a2d5c0f7e11', ?, '2026-03-14 09:00:00', "
               "'project', ?)", (name, "assets" if managed else None))
    subject = [0]
    values: dict[tuple[str, str], int] = {}

    def new_subject(template: str = "https://tropy.org/v1/templates/generic") -> int:
        subject[0] += 1
        db.execute("INSERT INTO subjects (id, template, created, modified) VALUES (?, ?, ?, ?)",
                   (subject[0], template, "2026-03-14 10:30:00", "2026-03-15 18:00:00"))
        return subject[0]

    def set_meta(sid: int, prop: str, text: str, datatype: str = "http://www.w3.org/2001/XMLSchema#string") -> None:
        if (datatype, text) not in values:
            values[(datatype, text)] = len(values) + 1
            db.execute("INSERT INTO metadata_values VALUES (?, ?, ?, NULL)", (values[(datatype, text)], datatype, text))
        db.execute("INSERT INTO metadata (id, property, value_id) VALUES (?, ?, ?)", (sid, _uri(prop), values[(datatype, text)]))

    lists: dict[str, int] = {}
    tags: dict[str, int] = {}
    for item in items:
        item_id = new_subject()
        db.execute("INSERT INTO items VALUES (?, NULL)", (item_id,))
        for prop, text in item.metadata.items():
            set_meta(item_id, prop, text, "https://tropy.org/v1/tropy#date" if prop == "dc:date"
                     else "http://www.w3.org/2001/XMLSchema#string")
        for position, photo in enumerate(item.photos, 1):
            photo_id = new_subject("https://tropy.org/v1/templates/photo")
            db.execute("INSERT INTO images (id, width, height) VALUES (?, 1700, 2200)", (photo_id,))
            file = photos_dir / photo.filename
            if photo.data is not None:
                file.write_bytes(photo.data)
            stored = str(file.resolve()) if photo.absolute else os.path.relpath(file, relative_to)
            db.execute("INSERT INTO photos (id, item_id, position, path, mimetype, checksum, size, filename) "
                       "VALUES (?, ?, ?, ?, 'image/jpeg', ?, ?, ?)",
                       (photo_id, item_id, position, stored, f"{photo_id:032x}", len(photo.data or b""), photo.filename))
            set_meta(photo_id, "http://purl.org/dc/elements/1.1/date", photo.taken)
            for note in photo.notes:
                db.execute("INSERT INTO notes (id, text, state, deleted) VALUES (?, ?, ?, ?)",
                           (photo_id, " ".join(note.paragraphs), note_state(note.paragraphs),
                            "2026-03-16 09:00:00" if note.deleted else None))
            for text in photo.transcriptions:
                db.execute("INSERT INTO transcriptions (id, text, status) VALUES (?, ?, 1)", (photo_id, text))
        for list_name in item.lists:
            if list_name not in lists:
                lists[list_name] = len(lists) + 1
                db.execute("INSERT INTO lists (list_id, name, parent_list_id, position) VALUES (?, ?, 0, ?)",
                           (lists[list_name], list_name, lists[list_name]))
            db.execute("INSERT INTO list_items (list_id, id, position) VALUES (?, ?, 0)", (lists[list_name], item_id))
        for tag in item.tags:
            if tag not in tags:
                tags[tag] = len(tags) + 1
                db.execute("INSERT INTO tags (tag_id, name) VALUES (?, ?)", (tags[tag], tag))
            db.execute("INSERT INTO taggings VALUES (?, ?)", (tags[tag], item_id))
        if item.trashed:
            db.execute("INSERT INTO trash (id) VALUES (?)", (item_id,))
    db.commit()
    db.close()
    return path


# -- files ---------------------------------------------------------------------------------------------------
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf")


def pdf_bytes(pages: list[list[str]], *, unicode: bool = True) -> bytes:
    """A PDF whose pages hold the given paragraphs (fpdf2; a Unicode font when the system has one and
    ``unicode``, else Helvetica with the text folded to Latin-1, which is many times faster to write)."""
    import fpdf

    pdf = fpdf.FPDF()
    pdf.set_creation_date(__import__("datetime").datetime(2001, 5, 4, 12, 0))
    font = next((f for f in FONTS if os.path.exists(f)), None) if unicode else None
    if font:
        pdf.add_font("Body", fname=font)
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Body" if font else "Helvetica", size=11)
        for text in paragraphs:
            if not font:
                text = (text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
                        .replace("\u2014", "--").replace("\u2013", "-").encode("latin-1", "replace").decode("latin-1"))
            pdf.multi_cell(0, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    return bytes(pdf.output())


def plain_pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold the given paragraphs, written directly (Helvetica, one of the fonts every PDF
    reader knows, text folded to Latin-1, lines wrapped at a width Helvetica's average letter fills): a
    hundred times faster than :func:`pdf_bytes`, for the thousand PDFs of ``benchmarks/libraries.py``. A page
    that overflows goes on to the next page, as a typewriter's would."""
    import textwrap

    size, leading, gap, left, top, bottom, columns = 11, 14, 8, 56, 786, 56, 88
    streams: list[bytes] = []
    for paragraphs in pages:
        lines: list[str | None] = []
        for text in paragraphs:
            lines.extend(textwrap.wrap(_latin1(text), columns) or [""])
            lines.append(None)  # the gap after a paragraph
        y, ops = top, []
        for line in lines:
            if line is None:
                y -= gap
                continue
            if y < bottom:
                streams.append("\n".join(ops).encode("latin-1"))
                y, ops = top, []
            ops.append(f"BT /F1 {size} Tf {left} {y} Td ({_pdf_string(line)}) Tj ET")
            y -= leading
        streams.append("\n".join(ops).encode("latin-1"))
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for stream in streams:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _latin1(text: str) -> str:
    text = (text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
            .replace("\u2014", "--").replace("\u2013", "-"))
    return " ".join(text.encode("latin-1", "replace").decode("latin-1").split())


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
