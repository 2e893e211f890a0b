"""The profiles of a generation's documents and the connections between them, as an SQLite table per kind
(``links.sqlite``), read and written a document at a time.

They were two JSON files (``sketches.json``, ``links.json``) that an update read whole and wrote whole, and
that a new process parsed whole before its first hit could say "also in": at 64 copies of the FRUS volume,
40 MB, a cost that grew with the archive whatever changed. Here an update copies the previous generation's
file and changes the rows of what it changed (:func:`.connections.update_links`); a query reads the rows of
the documents it shows.

Tables (each row's JSON is what the files held for it):

- ``documents``: each document's entry in the catalog (``catalog.document_summary``: its title, date,
  source...), what a link to it shows;
- ``profiles``: each document's profile (:func:`.sketches.profile`), with its day and its volume, number
  and pages (what references look documents up by) in columns of their own, its MinHash signature as bytes
  in a column, the rest compressed (zlib). It and ``documents`` are tables with a rowid: their rows of a
  kilobyte or more took a page each in a table without one (SQLite's advice: rows under a twentieth of a
  page); at 4 copies of the FRUS volume, profiles 2.26 -> 0.73 MB;
- ``identifiers``: each document's record numbers (``identifiers`` of its profile), by number;
- ``pairs``: the pairs of related documents (copies, versions, records), each once (a < b), but for the
  pairs of one text: two documents of one MinHash signature are always the same text (similarity and
  containment 1.0, :func:`.connections._identical`), which the ``copy`` column of their profiles says
  (:func:`implied_pairs`). Kept as pairs, the 64 copies of a file were 2,016 rows, and 64 copies of the
  FRUS volume 246,000 (168 MB of links.sqlite's);
- ``groups``: each group of copies and versions (``kind`` "all"), or of copies alone (same text and
  excerpts: "copies"), once, by its first member (best source first), and ``grouped`` each member's group;
- ``resolved``: each reference's indexed documents before copies are taken into account, and ``lookups``
  what it looked them up by (a changed document that has one of those is a reason to resolve it again);
- ``cites``: each resolved reference as it is shown (the best source of a text with copies, not the
  citing document's own group), and ``cited_by`` the same the other way.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .layout import damaged
from .published import PublishedDatabase, open_readonly

VERSION = 2  # of the tables' layout; an index of another format is rebuilt (layout.FORMAT_VERSION)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE documents (doc_id TEXT NOT NULL UNIQUE, summary TEXT NOT NULL);
CREATE TABLE profiles (doc_id TEXT NOT NULL UNIQUE, version INTEGER, day TEXT, volume TEXT, number TEXT,
                       first_page INTEGER, last_page INTEGER, shingles INTEGER, minhash BLOB, copy INTEGER,
                       data BLOB NOT NULL);
CREATE INDEX profiles_by_copy ON profiles (copy) WHERE copy IS NOT NULL;
CREATE INDEX profiles_by_day ON profiles (day) WHERE day IS NOT NULL;
CREATE INDEX profiles_by_volume ON profiles (volume, number) WHERE volume IS NOT NULL;
CREATE TABLE identifiers (kind TEXT, number TEXT, doc_id TEXT, PRIMARY KEY (kind, number, doc_id)) WITHOUT ROWID;
CREATE INDEX identifiers_by_doc ON identifiers (doc_id);
CREATE TABLE pairs (a TEXT, b TEXT, relation TEXT, data TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX pairs_by_b ON pairs (b);
CREATE TABLE groups (kind TEXT, head TEXT, members TEXT NOT NULL, PRIMARY KEY (kind, head)) WITHOUT ROWID;
CREATE TABLE grouped (kind TEXT, doc_id TEXT, head TEXT NOT NULL, PRIMARY KEY (kind, doc_id)) WITHOUT ROWID;
CREATE TABLE resolved (doc_id TEXT, ref INTEGER, targets TEXT NOT NULL, PRIMARY KEY (doc_id, ref)) WITHOUT ROWID;
CREATE TABLE resolved_targets (target TEXT, doc_id TEXT, PRIMARY KEY (target, doc_id)) WITHOUT ROWID;
CREATE INDEX resolved_targets_by_doc ON resolved_targets (doc_id);
CREATE TABLE lookups (key TEXT, doc_id TEXT, ref INTEGER, PRIMARY KEY (key, doc_id, ref)) WITHOUT ROWID;
CREATE INDEX lookups_by_doc ON lookups (doc_id);
CREATE TABLE cites (doc_id TEXT, ref INTEGER, data TEXT NOT NULL, PRIMARY KEY (doc_id, ref)) WITHOUT ROWID;
CREATE TABLE cited_by (target TEXT, doc_id TEXT, ref INTEGER, PRIMARY KEY (target, doc_id, ref)) WITHOUT ROWID;
CREATE INDEX cited_by_doc ON cited_by (doc_id);
"""


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def key_text(key: tuple) -> str:
    """A lookup key (``connections._lookups``: a tuple of strings) as the text the table keeps."""
    return dumps(list(key))


def create(path: Path, previous: Path | None) -> sqlite3.Connection:
    """A new store at ``path`` to write: a copy of ``previous`` (when there is one), else empty. It is written
    without a journal: a build that fails removes its whole generation."""
    import shutil

    from .writer import _open_output

    path.unlink(missing_ok=True)
    if previous is not None and previous.is_file():
        with open(previous, "rb") as src, _open_output(path) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        fresh = False
    else:
        _open_output(path).close()  # created through the one place a full disk is simulated
        fresh = True
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    if fresh:
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (str(VERSION),))
    db.execute("BEGIN")
    return db


def usable(path: Path) -> bool:
    """Whether ``path`` is a store this version writes (an update copies it rather than starting over)."""
    if not path.is_file():
        return False
    try:
        db = open_readonly(path)
        try:
            return db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() == (str(VERSION),)
        finally:
            db.close()
    except sqlite3.Error:
        return False


# -- profiles -------------------------------------------------------------------------------------------------


def put_profile(db: sqlite3.Connection, doc_id: str, p: dict) -> None:
    import base64
    import zlib

    pages = p.get("pages") or (None, None)
    minhash = base64.b64decode(p.get("minhash", ""))
    data = zlib.compress(dumps({k: v for k, v in p.items() if k != "minhash"}).encode("utf-8"), 6)
    db.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (doc_id, p.get("version"), p.get("date") or None, p.get("volume") or None, p.get("number") or "",
                pages[0], pages[1], p.get("shingles", 0), minhash, copy_key(p, minhash), data))
    db.execute("DELETE FROM identifiers WHERE doc_id = ?", (doc_id,))
    db.executemany("INSERT OR IGNORE INTO identifiers VALUES (?, ?, ?)",
                   ((kind, number, doc_id) for kind, number in p.get("identifiers", ())))


def _profile(data: bytes, minhash: bytes) -> dict:
    """A profile as :func:`put_profile` was given it."""
    import base64
    import zlib

    p = json.loads(zlib.decompress(data))
    out = {"version": p.pop("version")} if "version" in p else {}
    out["minhash"] = base64.b64encode(minhash).decode("ascii")
    out.update(p)
    return out


def copy_key(p: dict, minhash: bytes) -> int | None:
    """What the documents of one text share (a 63-bit hash of the MinHash signature, for those compared as
    copies: 20 shingles or more); None for the others."""
    import hashlib

    from .connections import comparable

    if not comparable(p):
        return None
    return int.from_bytes(hashlib.blake2b(minhash, digest_size=8).digest(), "little") >> 1


def copies_of(db: sqlite3.Connection, doc_id: str) -> list[str]:
    """The other documents of a document's text (its MinHash signature), in order: each is the same text as
    it (:func:`implied_pairs`)."""
    return [d for (d,) in db.execute(
        "SELECT q.doc_id FROM profiles p JOIN profiles q ON q.copy = p.copy AND q.minhash = p.minhash "
        "WHERE p.doc_id = ? AND p.copy IS NOT NULL AND q.doc_id != p.doc_id ORDER BY q.doc_id", (doc_id,))]


def implied_pairs(db: sqlite3.Connection, doc_id: str | None = None) -> list[dict]:
    """The pairs of documents of one text (of ``doc_id``, or all), as :func:`.connections.connect` gives
    them: the table of pairs leaves them out."""
    from .connections import IDENTICAL

    if doc_id is not None:
        return [{"a": min(doc_id, d), "b": max(doc_id, d), **IDENTICAL} for d in copies_of(db, doc_id)]
    texts: dict[tuple[int, bytes], list[str]] = {}
    for copy, minhash, d in db.execute("SELECT copy, minhash, doc_id FROM profiles WHERE copy IS NOT NULL "
                                       "ORDER BY copy, doc_id"):
        texts.setdefault((copy, minhash), []).append(d)
    return [{"a": a, "b": b, **IDENTICAL} for members in texts.values()
            for i, a in enumerate(members) for b in members[i + 1:]]


def drop_profile(db: sqlite3.Connection, doc_id: str) -> None:
    db.execute("DELETE FROM profiles WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM identifiers WHERE doc_id = ?", (doc_id,))


def profile_versions(db: sqlite3.Connection) -> dict[str, int]:
    """The version of each document's profile (:data:`.sketches.PROFILE_VERSION` when it was made)."""
    return dict(db.execute("SELECT doc_id, version FROM profiles"))


def signatures(db: sqlite3.Connection):
    """The documents of 20 shingles or more, in order, and their MinHash signatures (a row each)."""
    import numpy as np

    from .sketches import PERMUTATIONS

    rows = db.execute("SELECT doc_id, minhash FROM profiles WHERE shingles >= 20 ORDER BY doc_id").fetchall()
    sigs = np.frombuffer(b"".join(m for _, m in rows), dtype="<u4").reshape(len(rows), PERMUTATIONS)
    return [d for d, _ in rows], sigs


def all_profiles(db: sqlite3.Connection) -> dict[str, dict]:
    """Every document's profile (what ``sketches.json`` held), by document id."""
    return {d: _profile(data, minhash) for d, data, minhash in
            db.execute("SELECT doc_id, data, minhash FROM profiles ORDER BY doc_id")}


class Profiles:
    """The profiles of a store by document id, each read (and kept) when first asked for: the mapping
    :mod:`.connections` reads documents' profiles through, without reading every one."""

    def __init__(self, db: sqlite3.Connection, known: dict[str, dict] | None = None):
        self.db = db
        self._read: dict[str, dict | None] = dict(known or {})

    def get(self, doc_id: str, default=None):
        if doc_id not in self._read:
            row = self.db.execute("SELECT data, minhash FROM profiles WHERE doc_id = ?", (doc_id,)).fetchone()
            self._read[doc_id] = _profile(*row) if row else None
        found = self._read[doc_id]
        return default if found is None else found

    def __getitem__(self, doc_id: str) -> dict:
        found = self.get(doc_id)
        if found is None:
            raise KeyError(doc_id)
        return found

    def __contains__(self, doc_id: str) -> bool:
        return self.get(doc_id) is not None

    def many(self, doc_ids) -> None:
        """Read these profiles now, in one query per 500 (the pairs of one day, a group's members)."""
        wanted = [d for d in dict.fromkeys(doc_ids) if d not in self._read]
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            found = {d: (data, minhash) for d, data, minhash in self.db.execute(
                f"SELECT doc_id, data, minhash FROM profiles WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk)}
            self._read.update((d, _profile(*found[d]) if d in found else None) for d in chunk)

    def on_day(self, day: str) -> list[str]:
        return [d for (d,) in self.db.execute("SELECT doc_id FROM profiles WHERE day = ? ORDER BY doc_id", (day,))]


# -- what a query reads ---------------------------------------------------------------------------------------


class LinkReader(PublishedDatabase):
    """The connections of a published generation, read a document at a time (``search.links.Links``)."""

    def document(self, doc_id: str) -> dict | None:
        """A document's entry in the catalog (its title, date, source...), None for a document not indexed."""
        rows = self._rows("SELECT summary FROM documents WHERE doc_id = ?", (doc_id,))
        return json.loads(rows[0][0]) if rows else None

    def documents(self, doc_ids: list[str]) -> dict[str, dict]:
        """The catalog entries of many documents at once (those indexed), as :meth:`document` gives each."""
        found: dict[str, dict] = {}
        for start in range(0, len(doc_ids), 500):  # (SQLite's limit on the parameters of one statement)
            chunk = doc_ids[start:start + 500]
            found.update((d, json.loads(summary)) for d, summary in self._rows(
                f"SELECT doc_id, summary FROM documents WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def cites(self, doc_id: str) -> list[dict]:
        return [json.loads(data) for (data,) in
                self._rows("SELECT data FROM cites WHERE doc_id = ? ORDER BY ref", (doc_id,))]

    def cited_by(self, doc_id: str) -> list[dict]:
        return [{"from": d, "ref": ref} for d, ref in
                self._rows("SELECT doc_id, ref FROM cited_by WHERE target = ? ORDER BY doc_id, ref", (doc_id,))]

    def pairs(self, doc_id: str) -> list[dict]:
        from .connections import IDENTICAL

        rows = self._rows("SELECT a, b, data FROM pairs WHERE a = ?1 UNION ALL SELECT a, b, data FROM pairs "
                          "WHERE b = ?1", (doc_id,))
        found = [{"a": a, "b": b, **json.loads(data)} for a, b, data in rows]
        found += [{"a": min(doc_id, d), "b": max(doc_id, d), **IDENTICAL} for (d,) in self._rows(
            "SELECT q.doc_id FROM profiles p JOIN profiles q ON q.copy = p.copy AND q.minhash = p.minhash "
            "WHERE p.doc_id = ? AND p.copy IS NOT NULL AND q.doc_id != p.doc_id", (doc_id,))]
        return sorted(found, key=lambda pair: (pair["a"], pair["b"]))

    def groups(self, kind: str = "all") -> dict[str, tuple[str, ...]]:
        """Each document in a group, with its group (one tuple shared by its members)."""
        out: dict[str, tuple[str, ...]] = {}
        for members in self._rows("SELECT members FROM groups WHERE kind = ?", (kind,)):
            group = tuple(json.loads(members[0]))
            out.update((d, group) for d in group)
        return out


def read_all(path: Path) -> tuple[dict[str, dict], dict]:
    """Every profile and the connections as one map (what ``sketches.json`` and ``links.json`` held): for what
    reads them all (related documents' index headings, copies across several indexes, the tests)."""
    if not path.is_file():
        return {}, {}
    try:
        db = open_readonly(path)
        try:
            return all_profiles(db), links_of(db)
        finally:
            db.close()
    except sqlite3.Error as e:
        raise damaged(f"cannot read {path.parent.name}/{path.name} ({e})") from e


def links_of(db: sqlite3.Connection) -> dict:
    """The connections as :func:`.connections.connect` gives them."""
    from .connections import CONNECTIONS_VERSION

    groups = [members for (members,) in db.execute("SELECT members FROM groups WHERE kind = 'all'")]
    cites: dict[str, list] = {}
    for d, data in db.execute("SELECT doc_id, data FROM cites ORDER BY doc_id, ref"):
        cites.setdefault(d, []).append(json.loads(data))
    cited_by: dict[str, list] = {}
    for t, d, ref in db.execute("SELECT target, doc_id, ref FROM cited_by ORDER BY target, doc_id, ref"):
        cited_by.setdefault(t, []).append({"from": d, "ref": ref})
    resolved: dict[str, list] = {}
    for d, ref, targets in db.execute("SELECT doc_id, ref, targets FROM resolved ORDER BY doc_id, ref"):
        resolved.setdefault(d, []).append([ref, json.loads(targets)])
    return {
        "version": CONNECTIONS_VERSION,
        "pairs": sorted([*({"a": a, "b": b, **json.loads(data)} for a, b, data in
                           db.execute("SELECT a, b, data FROM pairs")), *implied_pairs(db)],
                        key=lambda pair: (pair["a"], pair["b"])),
        "groups": sorted(json.loads(g) for g in groups),
        "cites": cites,
        "cited_by": cited_by,
        "resolved": resolved,
    }


# -- writing --------------------------------------------------------------------------------------------------


def put_documents(db: sqlite3.Connection, documents: dict[str, dict], doc_ids, gone=()) -> None:
    """The catalog entries of ``doc_ids`` (from ``documents``, the catalog's) written, those of ``gone`` removed;
    where a document lies in the store is the catalog's alone (a merge of store files moves it)."""
    db.executemany("DELETE FROM documents WHERE doc_id = ?", ((d,) for d in gone))
    db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?)",
                   ((d, dumps({k: v for k, v in documents[d].items() if k != "store"})) for d in doc_ids))

_LINK_TABLES = ("pairs", "groups", "grouped", "resolved", "resolved_targets", "lookups", "cites", "cited_by")


def store_all(db: sqlite3.Connection, profiles: dict[str, dict], links: dict) -> None:
    """Write every profile and the connections :func:`.connections.connections` computed for them, in place of
    what the store held."""
    from .connections import _groups, _lookups

    for table in ("profiles", "identifiers", *_LINK_TABLES):
        db.execute(f"DELETE FROM {table}")
    for d, p in profiles.items():
        put_profile(db, d, p)
    pairs = dict(sorted(links["pairs"].items()))  # in order, as a record lists them
    put_pairs(db, pairs, profiles)
    put_groups(db, "all", links["groups"])
    put_groups(db, "copies", _groups(pairs, profiles, ("same text", "excerpt")))
    for d, found in links["resolved"].items():
        for i, targets in found:
            put_resolved(db, d, i, targets)
    for d, p in profiles.items():
        for i, ref in enumerate(p.get("references", ())):
            db.executemany("INSERT OR IGNORE INTO lookups VALUES (?, ?, ?)",
                           ((key_text(k), d, i) for k in _lookups(ref, p)))
    for d, entries in links["cites"].items():
        put_cites(db, d, entries)


def put_pairs(db: sqlite3.Connection, pairs: dict[tuple[str, str], dict], profiles) -> None:
    """The pairs written, but for those of one text (:func:`implied_pairs` gives them)."""
    from .connections import _identical

    db.executemany("INSERT OR REPLACE INTO pairs VALUES (?, ?, ?, ?)",
                   ((a, b, entry["relation"], dumps(entry)) for (a, b), entry in pairs.items()
                    if not _identical(profiles[a], profiles[b])))


def put_groups(db: sqlite3.Connection, kind: str, groups) -> None:
    for members in groups:
        db.execute("INSERT OR REPLACE INTO groups VALUES (?, ?, ?)", (kind, members[0], dumps(list(members))))
        db.executemany("INSERT OR REPLACE INTO grouped VALUES (?, ?, ?)", ((kind, d, members[0]) for d in members))


def drop_groups(db: sqlite3.Connection, kind: str, doc_ids) -> None:
    """The groups (of ``kind``) that hold any of ``doc_ids`` removed, with every member's row."""
    heads = set()
    for d in doc_ids:
        row = db.execute("SELECT head FROM grouped WHERE kind = ? AND doc_id = ?", (kind, d)).fetchone()
        if row:
            heads.add(row[0])
    for head in heads:
        (members,) = db.execute("SELECT members FROM groups WHERE kind = ? AND head = ?", (kind, head)).fetchone()
        db.executemany("DELETE FROM grouped WHERE kind = ? AND doc_id = ?", ((kind, d) for d in json.loads(members)))
        db.execute("DELETE FROM groups WHERE kind = ? AND head = ?", (kind, head))


def group_of(db: sqlite3.Connection, kind: str, doc_id: str) -> list[str] | None:
    """A document's group of ``kind`` (best source first), None when it is in none."""
    row = db.execute("SELECT g.members FROM grouped m JOIN groups g ON g.kind = m.kind AND g.head = m.head "
                     "WHERE m.kind = ? AND m.doc_id = ?", (kind, doc_id)).fetchone()
    return json.loads(row[0]) if row else None


def put_resolved(db: sqlite3.Connection, doc_id: str, ref: int, targets: list[str]) -> None:
    db.execute("INSERT OR REPLACE INTO resolved VALUES (?, ?, ?)", (doc_id, ref, dumps(targets)))
    db.executemany("INSERT OR IGNORE INTO resolved_targets VALUES (?, ?)", ((t, doc_id) for t in targets))


def put_cites(db: sqlite3.Connection, doc_id: str, entries: list[dict]) -> None:
    db.executemany("INSERT INTO cites VALUES (?, ?, ?)", ((doc_id, e["ref"], dumps(e)) for e in entries))
    db.executemany("INSERT OR IGNORE INTO cited_by VALUES (?, ?, ?)",
                   ((t, doc_id, e["ref"]) for e in entries for t in e["targets"]))
