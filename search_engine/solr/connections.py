"""The connections between a collection's documents (cross-references resolved, copies and versions, records
of the same protocol), computed by the embedded index's own code (index/connections.py) from each document's
profile (index/sketches.py), which its document record keeps (``profile_json``), and kept in one record of
the collection (``_links!links``) that ``show``, ``search`` ("also in", a hit's references) and the API read.

Computed again after every change (an index run that wrote or removed a document, add, delete), as the
embedded index computes them after an update: only the pairs with a changed document are compared again
(index.connections.Previous), every pair's relation depending on the two documents alone. Which documents
changed: their records' versions against those the links were computed for (kept in ``_links!subjects``);
what they were: their profiles, kept in ``_links!before`` by every write that replaces or removes a
document record (:func:`remember_profiles`) until the links are computed again. Without them (a links
record from before, a profile not kept) every pair is compared. A collection made before its records had
profiles (an older configset) has no connections: the build says so and the references stay unresolved.
"""

from __future__ import annotations

import json

from .client import SolrClient, SolrError
from .query import quote
from .records import BEFORE_ID, LINKS_ID, SUBJECTS_ID, document_id_of


def has_profiles(client: SolrClient) -> bool:
    """Whether the collection's schema keeps documents' profiles (made from this configset or a later one)."""
    return has_field(client, "profile_json")


def has_field(client: SolrClient, name: str) -> bool:
    """Whether the collection's schema has the field ``name`` (a collection made from an older configset
    lacks the later ones)."""
    try:
        client.request(f"{client.collection}/schema/fields/{name}", {})
    except SolrError:
        return False
    return True


def remember_profiles(client: SolrClient, doc_ids) -> None:
    """Keep the profiles of these documents as they are now, before their records are replaced or removed,
    until the connections are next computed (the first one kept of each stands: the links were computed with
    it). Read in real time: a build's earlier batches are not committed yet."""
    kept = _realtime(client, [BEFORE_ID], "links_json")
    before = json.loads(kept[0]["links_json"]) if kept else {}
    wanted = [d for d in dict.fromkeys(doc_ids) if d not in before]
    found = False
    for start in range(0, len(wanted), 200):
        for record in _realtime(client, [document_id_of(d) for d in wanted[start:start + 200]], "doc_id,profile_json"):
            if record.get("profile_json"):
                before[record["doc_id"]] = json.loads(record["profile_json"])
                found = True
    if found:
        client.update([{"id": BEFORE_ID, "record": "links", "links_json": json.dumps(before, ensure_ascii=False)}])


def _realtime(client: SolrClient, ids: list[str], fields: str) -> list[dict]:
    """The records of these ids as last written, committed or not (Solr's real-time get)."""
    if not ids:
        return []
    answer = client.request(f"{client.collection}/get", {"id": ids, "fl": fields})
    if "doc" in answer:  # (one id asked: Solr answers with the record alone)
        return [answer["doc"]] if answer["doc"] else []
    return answer["response"]["docs"]


def links_fingerprint(client: SolrClient) -> str:
    """What identifies the documents held: each document record's id and version (Solr's ``_version_``
    changes at every write)."""
    import hashlib

    from .build import all_records

    digest = hashlib.sha256()
    for record in all_records(client, "record:document", "id,_version_"):
        digest.update(f"{record['id']}\t{record['_version_']}\n".encode("utf-8"))
    return digest.hexdigest()


def current_links_fingerprint(client: SolrClient) -> str | None:
    """The fingerprint of the documents the links record was computed for (None: no links record)."""
    found = client.select({"q": f"id:{quote(LINKS_ID)}", "fl": "links_json", "rows": 1})["response"]["docs"]
    return json.loads(found[0]["links_json"]).get("fingerprint") if found else None


def update_links(client: SolrClient, fingerprint: str = "", *, every_pair: bool = False) -> dict:
    """Connect the collection's documents and write the links record (with the ``fingerprint`` of the
    documents it was computed for): only the pairs with a changed document are compared again, unless
    ``every_pair`` or what changed is not known (see the module's docstring). What it holds (as links.json)."""
    from ..index.connections import connect
    from ..model import Document
    from .build import all_records

    profiles: dict[str, dict] = {}
    summaries: dict[str, dict] = {}
    versions: dict[str, int] = {}
    for record in all_records(client, "record:document", "doc_id,profile_json,summary_json,_version_"):
        if record.get("profile_json"):
            profiles[record["doc_id"]] = json.loads(record["profile_json"])
            summaries[record["doc_id"]] = json.loads(record["summary_json"])
            versions[record["doc_id"]] = record["_version_"]
    previous = None if every_pair else _previous(client, versions)

    def load(doc_id: str) -> Document | None:
        found = client.select({"q": f"id:{quote(document_id_of(doc_id))}", "fl": "document_json",
                               "rows": 1})["response"]["docs"]
        return Document.from_json(json.loads(found[0]["document_json"])) if found else None

    data = connect(profiles, load, previous)
    named = {c["from"] for cs in data.get("cited_by", {}).values() for c in cs}
    named |= {t for cs in data.get("cites", {}).values() for c in cs for t in c.get("targets", ())}
    named |= {d for pair in data.get("pairs", ()) for d in (pair["a"], pair["b"])}
    named |= {d for group in data.get("groups", ()) for d in group}
    # the catalog entries of the documents a link names (its title, date, source...), kept beside them so
    # that a search reads one record
    data["documents"] = {d: summaries[d] for d in sorted(named) if d in summaries}
    data["fingerprint"] = fingerprint
    subjects = {"profiles": subject_profiles(profiles), "versions": versions}
    client.update([{"id": LINKS_ID, "record": "links", "links_json": json.dumps(data, ensure_ascii=False)},
                   {"id": SUBJECTS_ID, "record": "subjects", "links_json": json.dumps(subjects, ensure_ascii=False)},
                   {"id": BEFORE_ID, "record": "links", "links_json": "{}"}])
    return data


def _previous(client: SolrClient, versions: dict[str, int]):
    """What the links record was computed from (index.connections.Previous): its connections, the documents
    changed since (their records' versions) and what they were (their kept profiles); None when not known."""
    from ..index.connections import Previous

    held = {r["id"]: json.loads(r["links_json"]) for r in client.select({
        "q": "id:(" + " OR ".join(quote(i) for i in (LINKS_ID, SUBJECTS_ID, BEFORE_ID)) + ")",
        "fl": "id,links_json", "rows": 3})["response"]["docs"]}
    then = held.get(SUBJECTS_ID, {}).get("versions")
    if LINKS_ID not in held or not isinstance(then, dict):
        return None
    before = held.get(BEFORE_ID, {})
    changed = {d for d, v in versions.items() if then.get(d) != v} | (then.keys() - versions.keys())
    if any(d in then and d not in before for d in changed):
        return None  # a document replaced without its profile kept: compare every pair
    return Previous(held[LINKS_ID], {d: before[d] for d in changed if d in before}, changed)


def subject_profiles(profiles: dict[str, dict]) -> dict[str, dict]:
    """What search.related.Subjects reads of every document's profile: its index headings and paragraphs."""
    return {d: {k: p[k] for k in ("subjects", "paragraphs") if p.get(k)} for d, p in profiles.items()}


class CollectionLinks:
    """The links record as :class:`search_engine.search.links.Links`, read again when it changes."""

    def __init__(self, client: SolrClient):
        self.client = client
        self._version = None
        self._links = None
        self._subjects = None

    def current(self):
        from ..search.links import Links

        found = self.client.select({"q": f"id:{quote(LINKS_ID)}", "fl": "_version_", "rows": 1})["response"]["docs"]
        version = found[0]["_version_"] if found else None
        if self._links is None or version != self._version:
            data: dict = {}
            if version is not None:
                held = self.client.select({"q": f"id:{quote(LINKS_ID)}", "fl": "links_json,_version_",
                                           "rows": 1})["response"]["docs"]
                if held:
                    data, version = json.loads(held[0]["links_json"]), held[0]["_version_"]
            self._links, self._version, self._subjects = Links(data, data.get("documents", {})), version, None
        return self._links

    def subjects(self):
        """The documents' index headings (search.related.Subjects), from the record written with the links (a
        collection connected before there was one: from the documents' profiles), read again when they change."""
        from ..search.related import Subjects
        from .build import all_records

        self.current()
        if self._subjects is None:
            held = self.client.select({"q": f"id:{quote(SUBJECTS_ID)}", "fl": "links_json",
                                       "rows": 1})["response"]["docs"]
            if held:
                profiles = json.loads(held[0]["links_json"])["profiles"]
            else:
                profiles = subject_profiles({r["doc_id"]: json.loads(r["profile_json"]) for r in all_records(
                    self.client, "record:document", "doc_id,profile_json") if r.get("profile_json")})
            self._subjects = Subjects(profiles)
        return self._subjects
