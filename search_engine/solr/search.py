"""Run one query on a SolrCloud collection: compile it, ask Solr for the matching passages, their count,
per-document counts and facets, rank and group them as the embedded engine does, and make the Hits.

In: a query string, the filters and a :class:`.client.SolrClient`. Out: SearchResults, shaped as
:func:`search_engine.search.run.run` shapes them (the same JSON).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Iterable

from ..errors import QueryError
from ..model import Passage, SearchResults
from ..query.compiler import place_parts
from ..query.parser import parse
from ..search.hits import make_hit
from ..search.rank import RANKING, SCORE_ALL, grouped
from ..search.run import SORTS, parse_filter_date
from ..vocabulary.distance import edit_distance
from .client import SolrClient
from .query import SolrCompiler, date_clause, place_clause, quote

PASSAGE_FIELDS = "id,passage_id,doc_id,paragraph,body,meta,score"
MIN_CANDIDATES = 100  # passages ranked together, so that a neighbour's score can lift a passage (search/rank.py)


def filters(date_from=None, date_to=None, classification: Iterable[str] = (), language: Iterable[str] = (),
            doc: Iterable[str] = (), folder: Iterable[str] = (), ext: Iterable[str] = (),
            held_places=None, collection: Iterable[str] = (), tag: Iterable[str] = ()) -> list[str]:
    """The filter queries of the search options (the same checks and messages as search.run.build_filter);
    ``folder`` and ``ext`` (dir=, ext=) as dir:NAME and ext:NAME in a query, over ``held_places``
    (:func:`places`); a library's ``collection`` and ``tag`` names as collection:NAME and tag:NAME."""
    fq = ["record:passage"]
    start = parse_filter_date(date_from, "--from", end=False)
    end = parse_filter_date(date_to, "--to", end=True)
    if start and end and start > end:
        raise QueryError(f"--from {start} is after --to {end}")
    if start or end:
        fq.append(date_clause(start, end))
    tags: list[str] = []
    if classification:
        from ..vocabulary.markings import normalize_classification
    for c in classification:
        tags += [t for t in normalize_classification(c) if t not in tags]
    if tags:
        fq.append("classification_tag:(" + " OR ".join(quote(t) for t in tags) + ")")
    from ..vocabulary.language_names import language_codes

    codes = language_codes(language, "--lang ")
    if codes:
        fq.append("language:(" + " OR ".join(quote(c) for c in codes) + ")")
    doc_ids = list(dict.fromkeys(d for d in doc if d))
    if doc_ids:
        fq.append("doc_id:(" + " OR ".join(quote(d) for d in doc_ids) + ")")
    from ..index.schema import keyword_term

    for field, names in (("collection", collection), ("tag", tag)):  # any of them, as run.build_filter's any_of
        terms = list(dict.fromkeys(keyword_term(n) for n in names if n and n.strip()))
        if terms:
            fq.append(f"{field}:(" + " OR ".join(quote(t) for t in terms) + ")")
    for field, names in (("folder", folder), ("ext", ext)):  # any of them, as run.build_filter's any_of
        clauses = [place_clause(field, place_parts(field, n), held_places) for n in names if n and n.strip()]
        if clauses:
            fq.append(" OR ".join(clauses))
    return fq


class _Passages:
    """What make_hit asks of a searcher for a hit's neighbouring paragraphs, answered by Solr."""

    def __init__(self, client: SolrClient):
        self.client = client

    def passage_at(self, doc_id: str, n: int) -> Passage | None:
        """Paragraph ``n`` of ``doc_id``, None when the document has no such paragraph."""
        from .records import passage_id_of

        docs = self.client.select({"q": f"id:{quote(passage_id_of(doc_id, n))}", "fl": PASSAGE_FIELDS,
                                   "rows": 1})["response"]["docs"]
        if not docs:
            return None
        d = docs[0]
        return Passage(d["passage_id"], d["paragraph"], d["body"], json.loads(d["meta"]).get("page"))


def run(client: SolrClient, query: str, *, limit: int = 10, offset: int = 0, date_from=None, date_to=None,
        classification: Iterable[str] = (), language: Iterable[str] = (), doc: Iterable[str] = (),
        sort: str = "relevance", per_doc: int = 0, facets: bool = False, aliases=None, context: int = 0,
        snippets: bool = True, suggest: bool = True, folder: Iterable[str] = (),
        ext: Iterable[str] = (), copies: dict[str, tuple[str, ...]] | None = None, collection: Iterable[str] = (),
        tag: Iterable[str] = (), libraries: bool = False) -> SearchResults:
    """``libraries``: the collection has the fields of a library's collections and tags (facets count them)."""
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    if sort not in SORTS:
        raise QueryError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if per_doc < 0:
        raise QueryError(f"--per-doc must be 0 (no grouping) or more, not {per_doc}")
    node = parse(query)
    held_places = places(client)
    fq = filters(date_from, date_to, classification, language, doc, folder, ext, held_places, collection, tag)
    respelled = respellings(client, node) if suggest else {}
    compiled = SolrCompiler(query, aliases, respelled, held_places).compile_ranked(node)
    fq += one_copy(client, compiled, fq, copies)
    params = {"q": compiled.q, "fq": fq, "fl": PASSAGE_FIELDS, "defType": "lucene", "q.op": "OR",
              "facet": "true", "facet.field": ["doc_id"], "f.doc_id.facet.limit": -1, "facet.mincount": 1,
              **compiled.params}
    if facets:
        params["facet.field"] += ["classification_tag", "language", "year", "month"]
        if libraries:
            params["facet.field"] += ["collection_name", "tag_name"]
            params.update({"f.collection_name.facet.limit": -1, "f.tag_name.facet.limit": -1})
        params.update({"f.year.facet.missing": "true", "f.month.facet.missing": "true",
                       "f.classification_tag.facet.limit": -1, "f.language.facet.limit": -1,
                       "f.year.facet.limit": -1, "f.month.facet.limit": -1})
    if sort == "relevance":
        params["sort"] = "score desc,id asc"
    else:
        direction = "asc" if sort == "date" else "desc"
        params["sort"] = f"date_start {direction},doc_id asc,paragraph {direction}"
    wanted = offset + limit  # the hits of earlier pages are ranked (and grouped) too, then skipped
    ours = sort == "relevance" and not respelled  # ranked by our rules (solr/rerank.py), unless respelled
    k = max(wanted * (per_doc or 1) * 2, MIN_CANDIDATES if sort == "relevance" else wanted)
    counted = None
    if ours:
        from .rerank import CANDIDATES, CollectionStatistics

        stats = CollectionStatistics(client)
        k = max(k, CANDIDATES)
        # the total and the counts first, unranked: Solr's boost by the share of the query's words evaluates
        # each word's query for every match (seconds for a few hundred matches on a busy node), and its order
        # only chooses the candidates of a query of more than SCORE_ALL matches
        counted = client.select({**params, "q": compiled.matching, "sort": "id asc", "fl": "id", "rows": 0})
        params = {**params, "fl": params["fl"] + ",record_json", "facet": "false"}
        if counted["response"]["numFound"] <= SCORE_ALL:  # every match is ranked, as the embedded engine does
            params.update(q=compiled.matching, sort="id asc")
            k = counted["response"]["numFound"]
    while True:
        answer = client.select({**params, "rows": k})
        total = answer["response"]["numFound"]
        docs = answer["response"]["docs"]
        chosen = None
        if ours:
            chosen = _reranked(client, query, node, docs, aliases, wanted, per_doc, total, stats)
            if chosen is None:  # a collection without the passages' records: Solr's order
                ours = False
                params.update(q=compiled.q, sort="score desc,id asc")
                k = max(wanted * (per_doc or 1) * 2, MIN_CANDIDATES)
                continue
        if chosen is None:
            order = _ranked(docs) if sort == "relevance" else [(d.get("score", 0.0), d, d["doc_id"]) for d in docs]
            chosen = grouped(order, wanted, per_doc)
        if len(chosen) == wanted or k >= total:
            break
        k *= 4
    before = chosen[:offset]
    chosen = chosen[offset:]
    fields = (counted or answer)["facet_counts"]["facet_fields"]
    per_document = _pairs(fields["doc_id"])
    shown: dict[str, int] = {}
    for _, stored in before + chosen:
        shown[stored["doc_id"]] = shown.get(stored["doc_id"], 0) + 1
    highlight = _with_patterns(compiled, [stored for _, stored in chosen]) if snippets else {}
    searcher = _Passages(client)
    hits = tuple(
        make_hit(rank, score if sort == "relevance" else 0.0, {**stored, "meta": json.loads(stored["meta"])},
                 highlight, searcher, context,
                 more=per_document.get(stored["doc_id"], 0) - shown[stored["doc_id"]] if per_doc else 0,
                 phrases=compiled.phrases if snippets else {})
        for rank, (score, stored) in enumerate(chosen, offset + 1))
    suggestions: tuple[str, ...] = ()
    if respelled and not total:  # nothing at all: show what the corrected query finds, and say so
        suggestions = (corrected_query(query, node, respelled),)
        corrected = run(client, suggestions[0], limit=limit, offset=offset, date_from=date_from, date_to=date_to,
                        classification=classification, language=language, doc=doc, sort=sort, per_doc=per_doc,
                        facets=facets, aliases=aliases, context=context, snippets=snippets, suggest=False,
                        folder=folder, ext=ext, copies=copies, collection=collection, tag=tag, libraries=libraries)
        if corrected.total:
            note = f"no passage matches {query!r}; showing the results for {suggestions[0]!r}"
            return replace(corrected, query=query, suggestions=suggestions,
                           warnings=(*compiled.warnings, note, *corrected.warnings))
    counts = None
    titles = None
    if facets:
        counts = {"classification": dict(sorted(_pairs(fields["classification_tag"]).items(),
                                                key=lambda kv: (-kv[1], kv[0]))),
                  "language": dict(sorted(_pairs(fields["language"]).items(), key=lambda kv: (-kv[1], kv[0])))}
        for name in ("collection", "tag"):  # when the documents have any, as search.facets counts them
            found = _pairs(fields.get(f"{name}_name", []))
            if found:
                counts[name] = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
        records = document_records(client, list(per_document))
        counts["folder"] = _folders(per_document, records)
        for name in ("year", "month"):
            found = _pairs(fields[name])
            undated = found.pop(None, 0)
            counts[name] = dict(sorted(found.items()))
            if undated:
                counts[name]["undated"] = undated
        counts["document"] = dict(sorted(per_document.items(), key=lambda kv: (-kv[1], kv[0])))
        titles = {d: title for d, (title, _) in records.items()}
    return SearchResults(query=query, total=total, hits=hits, warnings=tuple(compiled.warnings),
                         suggestions=suggestions, expansions=tuple(compiled.expansions),
                         respellings=tuple(compiled.respellings), facets=counts,
                         documents=len(per_document), document_titles=titles)


def count(client: SolrClient, query: str, *, date_from=None, date_to=None, classification: Iterable[str] = (),
          language: Iterable[str] = (), doc: Iterable[str] = (), aliases=None,
          copies: dict[str, tuple[str, ...]] | None = None, collection: Iterable[str] = (),
          tag: Iterable[str] = ()) -> int:
    """The number of passages ``query`` matches under the filters, without ranking or reading them."""
    fq = filters(date_from, date_to, classification, language, doc, collection=collection, tag=tag)
    compiled = SolrCompiler(query, aliases, respellings(client, parse(query)), places(client)).compile_ranked(parse(query))
    fq += one_copy(client, compiled, fq, copies)
    answer = client.select({"q": compiled.matching, "fq": fq, "rows": 0, "defType": "lucene", **compiled.params})
    return answer["response"]["numFound"]


def one_copy(client: SolrClient, compiled, fq: list[str], copies: dict[str, tuple[str, ...]] | None) -> list[str]:
    """A filter query leaving out the passages of the copies of a text that do not stand for their group
    (search.dedupe: the copy with the most matching passages, the best source among equals), when the query
    matches several copies of one text; else none. ``copies``: doc id -> its group (None: keep them all)."""
    from ..search.dedupe import copies_left_out

    if not copies:
        return []
    answer = client.select({"q": compiled.matching, "fq": fq, "rows": 0, "defType": "lucene", "q.op": "OR",
                            "facet": "true", "facet.field": "doc_id", "f.doc_id.facet.limit": -1,
                            "facet.mincount": 1, **compiled.params})
    left_out = copies_left_out(_pairs(answer["facet_counts"]["facet_fields"]["doc_id"]), copies)
    return ["-doc_id:(" + " OR ".join(quote(d) for d in sorted(left_out)) + ")"] if left_out else []


def places(client: SolrClient):
    """``field -> values``: the distinct folders ("folder") or file types ("ext") the passages hold, asked once."""
    held: dict[str, list[str]] = {}

    def distinct(field: str) -> list[str]:
        if field not in held:
            answer = client.select({"q": "record:passage", "rows": 0, "facet": "true", "facet.field": field,
                                    f"f.{field}.facet.limit": -1, "facet.mincount": 1})
            held[field] = list(_pairs(answer["facet_counts"]["facet_fields"][field]))
        return held[field]

    return distinct


def _pairs(flat: list) -> dict:
    """Solr's facet list [value, count, value, count...] as a dict (the missing bucket under None)."""
    return {flat[i]: flat[i + 1] for i in range(0, len(flat), 2)}


def _reranked(client: SolrClient, query: str, node, docs: list[dict], aliases, wanted: int, per_doc: int,
              total: int, stats):
    """Solr's candidates ranked by the embedded engine's rules (solr/rerank.py); None for a collection built
    before its passages carried their records (Solr's order is kept, see :func:`_ranked`)."""
    from .rerank import MissingRecords, leads_of, rank

    try:
        extra = leads_of(client, docs, PASSAGE_FIELDS + ",record_json") if len(docs) < total else []
        return rank(client, query, node, docs, extra, aliases, wanted, per_doc, total, stats)[0]
    except MissingRecords:
        return None


def _ranked(docs: list[dict]):
    """(final score, stored fields, doc_id), best first: Solr's score (BM25 times the share of the query's
    words, cubed) plus a part of the best neighbouring paragraph's among the candidates (search/rank.py)."""
    scores = {(d["doc_id"], d["paragraph"]): d["score"] for d in docs}
    out = []
    for d in docs:
        score = d["score"]
        if RANKING.window:
            near = max(scores.get((d["doc_id"], d["paragraph"] + s), 0.0) for s in (-1, 1))
            score += RANKING.window * near
        out.append((score, d, d["doc_id"]))
    out.sort(key=lambda t: (-t[0], t[1]["id"]))
    return out


def _with_patterns(compiled, shown: list[dict]) -> dict[str, set[str]]:
    """The terms to mark: the query's words, and the words of the shown passages that its wildcards and
    fuzzy words matched (Solr expands those on its side)."""
    from ..analysis.stemming import tokens_with_offsets
    from ..analysis.tokens import fold

    terms = {f: set(t) for f, t in compiled.highlight.items()}
    if not compiled.patterns:
        return terms
    texts = []
    for stored in shown:
        meta = json.loads(stored["meta"])
        texts += [("body", stored["body"])] + [("footnote", n["text"]) for n in meta["footnotes"]]
    for field, text in texts:
        for found, start, end in tokens_with_offsets(text):
            word = fold(text[start:end])
            for f, (kind, a, b) in compiled.patterns:
                if f != field:
                    continue
                if kind == "wildcard" and (a.match(found[0]) or a.match(word)):
                    terms.setdefault(f, set()).update(found)
                elif kind == "fuzzy" and min(edit_distance(a, word, 2), edit_distance(a, found[0], 2)) <= b:
                    terms.setdefault(f, set()).update(found)
    return terms


def document_titles(client: SolrClient, doc_ids: list[str]) -> dict[str, str]:
    return {d: title for d, (title, _) in document_records(client, doc_ids).items()}


def document_records(client: SolrClient, doc_ids: list[str]) -> dict[str, tuple[str, str]]:
    """(title, file path) of each document, from its ``DOC!doc`` record."""
    from .records import document_id_of

    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start:start + 500]
        ids = " OR ".join(quote(document_id_of(d)) for d in chunk)
        for record in client.select({"q": f"id:({ids})", "fl": "doc_id,title_text,file_path", "rows": len(chunk)})[
                "response"]["docs"]:
            found[record["doc_id"]] = (record.get("title_text", ""), record.get("file_path", ""))
    return {d: found.get(d, ("", "")) for d in doc_ids}


def _folders(per_document: dict[str, int], records: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Matching passages per folder on disk, as the embedded index counts them (see index.schema.source_place)."""
    from ..index.schema import source_place

    folders: dict[str, int] = {}
    for doc_id, n in per_document.items():
        folder = source_place(records.get(doc_id, ("", ""))[1], "")[0]
        if folder:
            folders[folder] = folders.get(folder, 0) + n
    return dict(sorted(folders.items(), key=lambda kv: (-kv[1], kv[0])))


def plain_words(node) -> list:
    """The plain words of a query (no field, fuzziness or wildcard), where a respelling may stand in."""
    from ..query.parser import Bool, Word

    if isinstance(node, Word):
        plain = node.fields is None and not node.fuzzy and "*" not in node.text and "?" not in node.text
        return [node] if plain and len(node.text) >= 3 else []
    if isinstance(node, Bool):
        return [w for x in (*node.items, *node.required) for w in plain_words(x)]
    return []


def respellings(client: SolrClient, node) -> dict[str, str]:
    """folded word -> the nearest indexed word, for the plain words of the query that no passage holds (a
    misspelling, an OCR error, another transliteration): Solr's spellchecker, and a count per word, in one
    request."""
    from ..analysis.tokens import fold
    from ..query.compiler import DEFAULT_FIELDS

    words = list(dict.fromkeys(fold(w.text) for w in plain_words(node)))
    if not words:
        return {}
    counts = [f"{{!key=w{i}}}" + " OR ".join(f"{f}:{quote(w)}" for f in DEFAULT_FIELDS) for i, w in enumerate(words)]
    answer = client.select({"q": "*:*", "rows": 0, "fq": "record:passage", "spellcheck": "true",
                            "spellcheck.q": " ".join(words), "spellcheck.count": 1, "facet": "true",
                            "facet.query": counts})
    held = answer["facet_counts"]["facet_queries"]
    flat = answer.get("spellcheck", {}).get("suggestions", [])
    nearest = {}
    for i in range(0, len(flat) - 1, 2):
        found = flat[i + 1].get("suggestion") or []
        if found:
            nearest[flat[i]] = found[0]["word"] if isinstance(found[0], dict) else found[0]
    typed = {}
    for w in plain_words(node):
        typed.setdefault(fold(w.text), w.text)
    return {w: nearest[w] for i, w in enumerate(words)
            if not held.get(f"w{i}") and w in nearest and _searchable(client, typed[w], nearest[w])}


def _searchable(client: SolrClient, typed: str, nearest: str) -> bool:
    """Whether ``nearest`` may be searched for ``typed`` by the embedded engine's rule (query.suggest.Correction):
    within one edit, or two for a word of more than six letters; a capitalised word only as a name, which is
    how the documents write ``nearest`` most often (counted in the passages that hold it)."""
    import re

    from ..analysis.tokens import fold
    from ..query.suggest import SHORT_WORD

    if edit_distance(fold(typed), nearest, 2) > (1 if len(typed) <= SHORT_WORD else 2):
        return False
    if not typed[:1].isupper():
        return True
    found = client.select({"q": f"body_written:{quote(nearest)}", "fq": "record:passage", "fl": "body", "rows": 20})
    pattern = re.compile(r"\b\w+\b")
    capital = lower = 0
    for d in found["response"]["docs"]:
        for word in pattern.findall(d.get("body", "")):
            if fold(word) == nearest:
                capital += word[:1].isupper()
                lower += not word[:1].isupper()
    return capital > lower


def corrected_query(query: str, node, respelled: dict[str, str]) -> str:
    """The query as typed with each respelled word replaced by its nearest spelling."""
    from ..analysis.tokens import fold

    out = query
    for w in sorted(plain_words(node), key=lambda w: -w.pos):
        better = respelled.get(fold(w.text))
        if better and out[w.pos:w.pos + len(w.text)] == w.text:
            out = out[:w.pos] + better + out[w.pos + len(w.text):]
    return out


def passages(client: SolrClient, doc_id: str) -> list[Passage]:
    """Every passage of a document as stored in the collection (for checks)."""
    from .build import all_records

    found = all_records(client, f"doc_id:{quote(doc_id)} AND record:passage", "passage_id,paragraph,body,meta")
    return sorted((Passage(d["passage_id"], d["paragraph"], d["body"], json.loads(d["meta"]).get("page"))
                   for d in found), key=lambda p: p.paragraph)
