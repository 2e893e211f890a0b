"""The connections of the live generation (``links.sqlite``, written by ``index.connections``) as the API
gives them: :class:`~search_engine.model.Link` and :class:`~search_engine.model.Connections` objects, the
groups of copies a search collapses, and the references a hit's passage makes.
"""

from __future__ import annotations

from ..model import Connections, CrossReference, Link

_REMEMBERED = 100_000  # passages whose references and copies a generation's Links keeps


class Links:
    """One generation's connections, with the catalog entries that describe the documents they name."""

    def __init__(self, data: dict, documents: dict[str, dict]):
        pairs: dict[str, list[dict]] = {}
        for pair in data.get("pairs", ()):
            pairs.setdefault(pair["a"], []).append(pair)
            pairs.setdefault(pair["b"], []).append(pair)
        copies: dict[str, tuple[str, ...]] = {}
        for group in data.get("groups", ()):
            members = tuple(group)
            copies.update((d, members) for d in members)
        self._start(documents, data.get("cites", {}), data.get("cited_by", {}), pairs, lambda: copies)

    @classmethod
    def stored(cls, store, documents: dict[str, dict]) -> Links:
        """The connections of a generation's store (``index.linkstore.LinkReader``), each document's read when
        first asked for: a new process reads what its hits need, not every document's."""
        links = cls.__new__(cls)
        links._start(documents, _ByDocument(store.cites), _ByDocument(store.cited_by), _ByDocument(store.pairs),
                     store.groups)
        return links

    def _start(self, documents, cites, cited_by, pairs, copies) -> None:
        self.documents = documents
        self.cites: dict[str, list[dict]] = cites
        self.cited_by: dict[str, list[dict]] = cited_by
        self.pairs: dict[str, list[dict]] = pairs
        self._copies: dict[str, tuple[str, ...]] | None = None
        self._read_copies = copies
        # what passage_references and also_in gave (a passage's hits repeat across pages and queries)
        self._references: dict[tuple[str, int], tuple] = {}
        self._also_in: dict[tuple[str, int], tuple[Link, ...]] = {}

    @property
    def copies(self) -> dict[str, tuple[str, ...]]:
        """Each document in a group of copies and versions, with its group (best source first)."""
        if self._copies is None:
            self._copies = self._read_copies()
        return self._copies

    def link(self, relation: str, doc_id: str, **fields) -> Link:
        entry = self.documents.get(doc_id, {})
        return Link(relation, doc_id, title=entry.get("title", ""), date=entry.get("date"),
                    source=entry.get("source", ""), format=entry.get("format", ""),
                    language=entry.get("language", ""), **fields)

    def references(self, doc, paragraph: int | None = None) -> tuple[tuple[CrossReference, tuple[Link, ...]], ...]:
        """The document's references (of one paragraph, or all), each with the documents it resolves to."""
        resolved = {c["ref"]: c["targets"] for c in self.cites.get(doc.doc_id, ())}
        return tuple((ref, tuple(self.link("cites", t, reference=ref) for t in resolved.get(i, ())))
                     for i, ref in enumerate(doc.references) if paragraph is None or ref.paragraph == paragraph)

    def passage_references(self, doc_id: str, paragraph: int) -> tuple[tuple[CrossReference, tuple[Link, ...]], ...]:
        """The resolved references a passage makes (read from the links alone, without loading the document)."""
        if doc_id not in self.cites:
            return ()
        return _remembered(self._references, (doc_id, paragraph), lambda: self._references_of(doc_id, paragraph))

    def _references_of(self, doc_id: str, paragraph: int) -> tuple[tuple[CrossReference, tuple[Link, ...]], ...]:
        out = []
        for c in self.cites.get(doc_id, ()):
            ref = CrossReference.from_json(c["reference"])
            if ref.paragraph == paragraph:
                out.append((ref, tuple(self.link("cites", t, reference=ref) for t in c["targets"])))
        return tuple(out)

    def connections(self, doc) -> Connections:
        cited_by = []
        # a reference to a text with copies points at its best source: it cites each copy
        citing = [c for member in self.copies.get(doc.doc_id, (doc.doc_id,)) for c in self.cited_by.get(member, ())]
        for c in sorted({(c["from"], c["ref"]): c for c in citing}.values(), key=lambda c: (c["from"], c["ref"])):
            ref = next((CrossReference.from_json(x["reference"]) for x in self.cites.get(c["from"], ())
                        if x["ref"] == c["ref"]), None)
            cited_by.append(self.link("cited by", c["from"], reference=ref))
        copies, records = [], []
        for pair in self.pairs.get(doc.doc_id, ()):
            other = pair["b"] if pair["a"] == doc.doc_id else pair["a"]
            mine_first = pair["a"] == doc.doc_id
            alignment = tuple((x, y) if mine_first else (y, x) for x, y, *_ in pair.get("alignment", ()))
            if pair["relation"] == "record":
                section = pair.get("section") or {}
                in_other = section.get("of") == other
                records.append(self.link(
                    "record", other, detail=pair.get("record", ""), alignment=alignment,
                    section=section.get("heading", "") if section else "",
                    section_paragraphs=tuple(section["paragraphs"]) if section else None,
                    passage_id=f"{section['of']}#p{section['paragraphs'][0]}" if section and in_other else ""))
            else:
                detail = ""
                if pair["relation"] == "version":
                    mine, theirs = self.documents.get(doc.doc_id, {}), self.documents.get(other, {})
                    detail = "translation" if mine.get("language") != theirs.get("language") else "another version"
                copies.append(self.link(pair["relation"], other, similarity=pair.get("similarity"), detail=detail,
                                        alignment=alignment))
        order = {"same text": 0, "excerpt": 1, "version": 2}
        copies.sort(key=lambda link: (order.get(link.relation, 3), link.doc_id))
        return Connections(doc.doc_id, self.references(doc), tuple(cited_by), tuple(copies), tuple(records))

    def also_in(self, doc_id: str, paragraph: int) -> tuple[Link, ...]:
        """The other members of a document's group of copies, each with its passage aligned to ``paragraph``."""
        group = self.copies.get(doc_id)
        if not group:
            return ()
        return _remembered(self._also_in, (doc_id, paragraph), lambda: self._copies_of(doc_id, paragraph, group))

    def _copies_of(self, doc_id: str, paragraph: int, group: tuple[str, ...]) -> tuple[Link, ...]:
        read_ahead = getattr(self.documents, "read_ahead", None)  # (a store's entries, read when asked for)
        if read_ahead is not None:
            read_ahead(group)
        out = []
        for other in group:
            if other == doc_id:
                continue
            pair = next((p for p in self.pairs.get(doc_id, ()) if other in (p["a"], p["b"])), None)
            relation = pair["relation"] if pair else "same text"
            passage = ""
            for x, y, *_ in (pair or {}).get("alignment", ()):
                mine, theirs = (x, y) if pair["a"] == doc_id else (y, x)
                if mine == paragraph:
                    passage = f"{other}#p{theirs}"
            out.append(self.link(relation, other, similarity=(pair or {}).get("similarity"), passage_id=passage))
        return tuple(out)


class _ByDocument:
    """A document's entries of one kind (what it cites, what cites it, its pairs), read when first asked for."""

    def __init__(self, read):
        self._read = read
        self._found: dict[str, list[dict]] = {}

    def get(self, doc_id: str, default=()):
        return _remembered(self._found, doc_id, lambda: self._read(doc_id)) or default

    def __contains__(self, doc_id: str) -> bool:
        return bool(self.get(doc_id))


def _remembered(cache: dict, key, compute):
    """``cache[key]``, computed once; the cache is emptied when it holds ``_REMEMBERED`` entries (it lives as long
    as the generation, and a long session reads many passages)."""
    found = cache.get(key)
    if found is None:
        if len(cache) >= _REMEMBERED:
            cache.clear()
        found = cache[key] = compute()
    return found
