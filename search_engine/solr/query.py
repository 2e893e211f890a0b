"""Compile our query syntax tree (:mod:`search_engine.query.parser`) to a Solr query.

Out: the main query in Solr's standard (Lucene) syntax, whose sub-queries (joins, the ranking's word
clauses) are request parameters referred to by name (``$w1``), so no user text is ever pasted into a
local-params string; the filters; the terms to mark per field, for our own highlighter. Words are sent
as typed, quoted, and Solr analyses them with the configset's analyzer, which is ours (see the README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..analysis.stemming import index_terms
from ..analysis.stemming import terms as analyze
from ..analysis.tokens import CYRILLIC, TOKEN_PATTERN, fold, surface
from ..analysis.transliteration import transliterate
from ..errors import QueryError
from ..query.compiler import (
    DEFAULT_FIELDS,
    LIBRARY_FIELDS,
    OWN_FIELDS,
    PASSAGE_FIELDS,
    _document_level,
    _function_word,
    _narrowing,
    alias_runs,
)
from ..query.parser import Bool, DateQuery, Phrase, Word

# Solr expands a wildcard over its own terms: it keeps the letters-before-* rule the local engine had before
# its words table (index.words) let a wildcard start with * under a cap
MIN_WILDCARD_PREFIX = 2


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _escape_wildcard(text: str) -> str:
    return re.sub(r'([+\-!(){}\[\]^"~:\\/&|\s])', r"\\\1", text)


@dataclass
class SolrQuery:
    """A compiled query: ``q`` with its parameters, and what our highlighter marks."""

    q: str
    params: dict = field(default_factory=dict)
    highlight: dict = field(default_factory=dict)  # field -> our index terms
    phrases: dict = field(default_factory=dict)  # field -> [(terms, slop)]
    patterns: list = field(default_factory=list)  # (field, compiled regex | (term, distance)) of wildcards, fuzzy
    warnings: list = field(default_factory=list)
    expansions: list = field(default_factory=list)
    respellings: list = field(default_factory=list)  # (a query word no passage holds, the spelling searched too)
    matching: str = ""  # ``q`` without the boost by the share of the query's words: the same matches, unranked


class SolrCompiler:
    """Turn a syntax tree into Solr query syntax, mirroring :class:`search_engine.query.compiler.Compiler`:
    the same fields and boosts, document fields through a join, plain words ranked by the share of them a
    passage holds (a boost function), aliases as alternative phrases."""

    def __init__(self, q: str = "", aliases=None, respelled: dict[str, str] | None = None, places=None):
        self.q = q
        self.places = places  # "folder" or "ext" -> the distinct values the collection's passages hold
        self.aliases = aliases
        self.respelled = respelled or {}  # folded word no passage holds -> the nearest indexed word
        self.out = SolrQuery("")
        self._n = 0
        self._expanding = False
        self._runs: dict[int, tuple[str, int, int]] = {}
        self._run_queries: dict[tuple, str] = {}

    def _param(self, value: str) -> str:
        self._n += 1
        name = f"se{self._n}"
        self.out.params[name] = value
        return name

    def compile_ranked(self, node) -> SolrQuery:
        main = self.out.matching = self.compile(node)
        if isinstance(node, Bool) and node.op == "any":
            _, words = _narrowing(node)
            counted = [x for x in words if not _function_word(x)]
            if len(counted) >= 2:
                # the share of the query's words a passage holds, cubed (search/rank.py): held in the
                # passage's own fields counts 1, only in its document's fields 0.5
                held = []
                for x in counted:
                    anywhere = self._param(self.compile(x))
                    own = self._param(self.compile(x, OWN_FIELDS))
                    held.append(f"if(exists(query(${own})),1,if(exists(query(${anywhere})),0.5,0))")
                share = f"div(sum({','.join(held)}),{len(counted)})" if len(held) > 1 else held[0]
                inner = self._param(main)
                main = f"{{!boost b='pow({share},3)' v=${inner}}}"
        self.out.q = main
        return self.out

    def compile(self, node, fields: dict | None = None) -> str:
        if _document_level(node):
            return self._documents_matching(node)
        if isinstance(node, Word):
            return self.word(node, fields)
        if isinstance(node, Phrase):
            return self.phrase(node, fields)
        if isinstance(node, DateQuery):
            return date_clause(node.start, node.end)
        if isinstance(node, Bool):
            if node.op == "or":
                return "(" + " OR ".join(self.compile(x, fields) for x in node.items) + ")"
            self._runs.update(alias_runs(node.items, self.aliases))
            narrows, words = _narrowing(node)
            if node.op == "any" and any(not _function_word(x) for x in words):
                words = [x for x in words if not _function_word(x)]
            parts = []
            if node.op == "and":
                parts += [f"+{self.compile(x, fields)}" for x in words]
            else:
                parts += [self.compile(x, fields) for x in words]
            parts += [f"+{self.compile(x, fields)}" for x in node.required]
            parts += [f"-{self.compile(x, PASSAGE_FIELDS)}" for x in node.excluded]
            parts += [f"+filter({self._narrow(x)})" for x in narrows]
            if not any(p[0] != "-" for p in parts):
                parts.insert(0, "+*:*")
            if node.op == "any" and words and narrows and not node.required:
                # plain words beside a filter: at least one of them must match (beside +word, none need to)
                parts = [p for p in parts if p.startswith(("+", "-"))] + [
                    "+(" + " ".join(self.compile(x, fields) for x in words) + ")"]
            return "(" + " ".join(parts) + ")"
        raise TypeError(node)

    def _narrow(self, node) -> str:
        if _document_level(node):
            return self._documents_matching(node, scored=False)
        return self.compile(node)

    def _documents_matching(self, node, scored: bool = True) -> str:
        """Every passage of the documents whose first passage matches (title:, summary:, citation:): a join
        on doc_id, which Solr runs within each shard, where all of a document's passages are."""
        own = self.word(node) if isinstance(node, Word) else self.phrase(node)
        inner = self._param(own)
        join = f"_query_:\"{{!join from=doc_id to=doc_id v=${inner}}}\""
        return f"({own} OR {join})" if scored else join

    def _fields(self, fields, override: dict | None) -> dict[str, float]:
        if fields is not None:
            return {f: 1.0 for f in fields}
        return override or DEFAULT_FIELDS

    def _mark(self, fields: dict, terms) -> None:
        for f in fields:
            self.out.highlight.setdefault(f, set()).update(terms)

    def word(self, w: Word, override: dict | None = None) -> str:
        fields = self._fields(w.fields, override)
        if fields == {"classification_tag": 1.0}:
            from ..vocabulary.markings import normalize_classification

            tags = normalize_classification(w.text) or (w.text.upper(),)
            return "classification_tag:(" + " OR ".join(quote(t) for t in tags) + ")"
        if fields == {"doc_id": 1.0}:
            return f"doc_id:{quote(w.text)}"
        if len(fields) == 1 and next(iter(fields)) in LIBRARY_FIELDS:  # a whole name, as index.schema keeps it
            from ..index.schema import keyword_term

            return f"{next(iter(fields))}:{quote(keyword_term(w.text))}"
        if len(fields) == 1 and next(iter(fields)) in ("folder", "ext"):
            return self.place(next(iter(fields)), w)
        if "*" in w.text or "?" in w.text:
            return self.wildcard(w, fields)
        if not w.fuzzy and (alias := self._alias(w.text, w.pos, w.fields, w.boost, override)) is not None:
            return alias
        words = re.findall(TOKEN_PATTERN, w.text)
        if not words:
            self.out.warnings.append(f"ignored {w.text!r} at position {w.pos + 1}: it has no letters or digits")
            return "(-*:*)"
        if len(words) > 1:
            return self.phrase(Phrase(" ".join(words), w.pos, w.fields, 1, w.boost, w.exact), override)
        folded = fold(words[0])
        if w.exact:  # =missiles: the word as written (folded), not its stem, in each field's written forms
            if w.fuzzy:
                self.out.patterns.extend((f, ("fuzzy", folded, w.fuzzy)) for f in fields)
                return "(" + " OR ".join(f"{f}_written:{_escape_wildcard(folded)}~{w.fuzzy}" + _boost(b * w.boost)
                                         for f, b in fields.items()) + ")"
            self._mark(fields, [surface(words[0])])
            return "(" + " OR ".join(f"{f}_written:{quote(folded)}" + _boost(b * w.boost)
                                     for f, b in fields.items()) + ")"
        if w.fuzzy:
            # fuzzy terms are compared with the index's terms, which hold a Cyrillic word in Latin letters
            typed = transliterate(folded) if CYRILLIC.search(folded) else folded
            self.out.patterns.extend((f, ("fuzzy", folded, w.fuzzy)) for f in fields)
            return "(" + " OR ".join(f"{f}:{_escape_wildcard(typed)}~{w.fuzzy}" + _boost(b * w.boost)
                                     for f, b in fields.items()) + ")"
        self._mark(fields, index_terms(folded))
        typed = [words[0]]
        if CYRILLIC.search(folded) and transliterate(folded) != transliterate(index_terms(folded)[0]):
            # the index holds a Cyrillic word as the transliteration of its Russian stem; the embedded index
            # also holds the transliteration of the word itself (хрущев -> khrushchev, whose stem is хрущ),
            # which is how Хрущёв finds Khrushchev: search that spelling too
            typed.append(transliterate(folded))
        if w.fields is None and not self._expanding and (nearest := self.respelled.get(folded)):
            typed.append(nearest)  # "Krushchev" also searches Khrushchev
            self._mark(fields, index_terms(fold(nearest)))
            if (words[0], nearest) not in self.out.respellings:
                self.out.respellings.append((words[0], nearest))
        query = "(" + " OR ".join(f"{f}:{quote(t)}" + _boost(b * w.boost) for f, b in fields.items()
                                  for t in typed) + ")"
        if w.pos in self._runs and not self._expanding:
            text, pos, n = self._runs[w.pos]
            key = (text, tuple(fields))
            if key not in self._run_queries:
                self._run_queries[key] = self._alias(text, pos, w.fields, w.boost / n, override) or "(-*:*)"
            query = f"({query} OR {self._run_queries[key]})"
        return query

    def place(self, field: str, w: Word) -> str:
        """dir:NAME and ext:NAME as the embedded index matches them (query.columns.place_matches), over the few
        distinct folders and file types the collection holds: the ones that match, as terms."""
        from ..query.compiler import place_parts

        return place_clause(field, place_parts(field, w.text, self.q, w.pos), self.places)

    def wildcard(self, w: Word, fields: dict) -> str:
        pattern = fold(w.text)
        first = min(i for i, c in enumerate(pattern) if c in "*?")
        if first < MIN_WILDCARD_PREFIX:
            what = "* alone would match every word" if not pattern.strip("*?") else (
                "a wildcard at the start would scan every word of the index" if first == 0 else "too short a start")
            raise QueryError(f"{what}: a wildcard needs at least {MIN_WILDCARD_PREFIX} letters before * or ? "
                             "(dismant*)", self.q, w.pos)
        regex = re.compile(re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$")
        self.out.patterns.extend((f, ("wildcard", regex, pattern)) for f in fields)
        # over the words as written (assassinat* finds assassination, whose stem is assassin), as the embedded
        # index's words table does, and over the index terms (khrushch?v finds Хрущёв, indexed as khrushchev)
        clauses = [f"{f}_written:{_escape_wildcard(pattern)}" + _boost(b * w.boost) for f, b in fields.items()]
        if not w.exact:
            typed = "".join(transliterate(c) if CYRILLIC.search(c) else c for c in pattern)
            clauses += [f"{f}:{_escape_wildcard(typed)}" + _boost(b * w.boost) for f, b in fields.items()]
        return "(" + " OR ".join(clauses) + ")"

    def phrase(self, p: Phrase, override: dict | None = None) -> str:
        # ="a phrase": each word as written (folded), in the fields of written forms
        words = [surface(x) for x in re.findall(TOKEN_PATTERN, p.text)] if p.exact else analyze(p.text)
        fields = self._fields(p.fields, override)
        if "classification_tag" in fields or "doc_id" in fields or LIBRARY_FIELDS.intersection(fields):
            return self.word(Word(p.text, p.pos, p.fields, 0, p.boost), override)
        if not words:
            self.out.warnings.append(f"ignored the empty phrase at position {p.pos + 1}")
            return "(-*:*)"
        if not p.exact and p.slop <= 1 and (alias := self._alias(p.text, p.pos, p.fields, p.boost, override)) is not None:
            return alias
        if len(words) == 1:
            return self.word(Word(p.text, p.pos, p.fields, 0, p.boost, p.exact), override)
        for f in fields:
            marked = self.out.phrases.setdefault(f, [])
            if (tuple(words), p.slop) not in marked:
                marked.append((tuple(words), p.slop))
        # whoosh's slop 1 is words side by side, Lucene's 0
        slop = f"~{p.slop - 1}" if p.slop > 1 else ""
        written = "_written" if p.exact else ""
        return "(" + " OR ".join(f"{f}{written}:{quote(p.text)}{slop}" + _boost(b * p.boost)
                                 for f, b in fields.items()) + ")"

    def _alias(self, text: str, pos: int, fields, boost: float, override) -> str | None:
        group = self.aliases.group(text) if self.aliases and not self._expanding else None
        if group is None:
            return None
        self._expanding = True
        try:
            clauses = [self.phrase(Phrase(name, pos, fields, 1, boost), override) for name in group]
        finally:
            self._expanding = False
        if (text, group) not in self.out.expansions:
            self.out.expansions.append((text, group))
        return "(" + " OR ".join(clauses) + ")"


def _boost(value: float) -> str:
    return "" if value == 1.0 else f"^{value:g}"


def date_clause(start, end) -> str:
    """Passages whose document's date span overlaps [start, end] (DateRangeField's Intersects)."""
    a = start.isoformat() if start else "*"
    b = end.isoformat() if end else "*"
    return f"date:[{a} TO {b}]"


def place_clause(field: str, parts: tuple[str, ...], places) -> str:
    """The passages of a folder (``field`` "folder") or file type ("ext") given as :func:`place_parts` gives it,
    matched as the embedded index matches them against the distinct values the collection holds
    (``places``, see solr.search.places)."""
    from ..query.columns import place_matches

    held = places(field) if places else []
    found = [v for v in held if place_matches(field, v, parts)]
    return f"{field}:(" + " OR ".join(quote(v) for v in found) + ")" if found else "(-*:*)"
