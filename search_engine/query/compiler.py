"""Compile a query's syntax tree to a whoosh query against one index reader.

In: the tree :func:`.parser.parse` makes. Out: a whoosh query (all-words and any-word tiers for plain
words), the index terms to highlight per field, warnings and the alias expansions that were used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError
from ..index.cache import generation_dict, keep
from .columns import column_values, date_filter, documents_in, excluding, in_place
from .parser import Bool, DateQuery, Phrase, Word
from .spans import near, unless
from .union import any_of

# the fields a bare word searches, with their boosts: the passage's own words first
DEFAULT_FIELDS: dict[str, float] = {"body": 1.0, "title": 0.6, "footnote": 1.0, "subjects": 0.3, "description": 0.25,
                                    "citation": 0.15}
# the fields that belong to the passage itself (the index holds the document's title, summary and
# citation on its first passage only, which stands for the document): -word excludes by these
PASSAGE_FIELDS: dict[str, float] = {"body": 1.0, "footnote": 0.5}
# the fields whose words a passage holds as its own, for the share of a query's words it holds: its text,
# its notes and its page's index headings (a word only in the document's title counts for less)
OWN_FIELDS: dict[str, float] = {"body": 1.0, "footnote": 1.0, "subjects": 1.0}
# the fields of the document, indexed on its first passage: `title:letter` asks for the passages of
# documents whose title matches
DOCUMENT_FIELDS = frozenset({"title", "description", "citation"})
MAX_EXPANSION = 512  # terms one wildcard or fuzzy word may expand to
MAX_TOTAL_EXPANSION = 1024  # terms all the wildcards and fuzzy words of one query may expand to
MAX_ALIAS_WORDS = 8  # the longest run of plain words looked up as a name in the aliases


@dataclass(frozen=True)
class Compiled:
    """A compiled query. For plain words side by side (``"jupiter missiles in turkey"``) it also holds
    each counted word or phrase (function words left out) as a query of its own, over every field and
    over the passage's own fields, and the query that requires them all: the ranking weighs a passage by
    the share of the words it holds (search.rank)."""

    query: object  # the whoosh query: what matches, scored as the sum of its clauses
    clauses: tuple = ()
    own_clauses: tuple = ()
    every_word: object = None


class Compiler:
    """Turn a syntax tree into a whoosh query against one reader (wildcards and fuzzy words are
    expanded to the index's own terms here, under MAX_EXPANSION), collecting the terms to highlight."""

    def __init__(self, reader, q: str = "", aliases=None, passage_only: bool = False, own_fields: bool = False,
                 vocabulary=None, shared=None, documents=None):
        self.reader = reader
        # a callable giving the document numbers a whoosh query matches (the search's array scorer); else
        # whoosh's matchers are asked (title:, summary: and citation: find their documents' passages by them)
        self.documents = documents
        # searching several indexes at once (search.several.Shared): a word is respelled only when none holds it
        self.shared = shared
        self.vocabulary = vocabulary  # a callable giving the index's words table (index.words): respellings, wildcards
        self._words_table = vocabulary  # ...and the other words under a term, for the exact form (kept by -word's compiler)
        self.passage_only = passage_only  # bare words search PASSAGE_FIELDS only (for -word)
        self.own_fields = own_fields  # ...or OWN_FIELDS (for counting the words a passage holds itself)
        self.q = q
        self.aliases = aliases  # an aliases.Aliases, or None
        self.highlight: dict[str, set[str]] = {}  # field -> index terms to mark wherever they stand
        self.phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}  # field -> (phrase terms, slop) to mark
        self.warnings: list[str] = []
        self.expansions: list[tuple[str, tuple[str, ...]]] = []  # (query text, the alias group it was searched as)
        self.respellings: list[tuple[str, str]] = []  # (a query word no passage holds, the spelling searched too)
        self._expanding = False
        # query position of a plain word -> (the run of plain words it starts or belongs to that names an
        # alias group, e.g. "cuban missile crisis", the run's position, its number of words)
        self._runs: dict[int, tuple[str, int, int]] = {}
        self._run_queries: dict[tuple, object] = {}  # (run text, field set) -> the alias group's query
        self._expanded: dict[int, int] = {}  # query position -> terms the wildcard or fuzzy word there expanded to
        # (id of a word or phrase of the tree, the alias run at its position) -> (the node, its query): the ranking
        # tiers compile the query's words again (see compile_ranked); each is compiled once, and its query is then
        # the same object in every tier, whose matches the scorer reads once
        self._compiled: dict[tuple, tuple[object, object]] = {}

    def compile_ranked(self, node) -> Compiled:
        """The query, and for plain words side by side the clauses whose share a passage holds counts
        in its rank (see :class:`Compiled`)."""
        query = self.compile(node)
        if not (isinstance(node, Bool) and node.op == "any"):
            return Compiled(query)
        narrowing, words = _narrowing(node)
        counted = [x for x in words if not _function_word(x)]
        if len(counted) < 2:
            return Compiled(query)
        own = Compiler(self.reader, self.q, self.aliases, passage_only=True, own_fields=True,
                       vocabulary=self.vocabulary, shared=self.shared, documents=self.documents)
        own._runs, own._run_queries = self._runs, self._run_queries
        clauses = tuple(self.compile(x) for x in counted)
        own_clauses = tuple(own.compile(x) for x in counted)
        everything = Bool("and", (), tuple(counted) + node.required, node.excluded)
        if narrowing:
            everything = Bool("any", tuple(narrowing), everything.required, everything.excluded)
        return Compiled(query, clauses, own_clauses, self.compile(everything))

    def compile(self, node):
        if not isinstance(node, (Word, Phrase)) or self._expanding:
            return self._compile(node)
        key = (id(node), self._runs.get(node.pos))
        found = self._compiled.get(key)
        if found is None or found[0] is not node:
            found = self._compiled[key] = (node, self._compile(node))
        return found[1]

    def _compile(self, node):
        from whoosh import query as wq

        if _document_level(node):
            return self._documents_matching(self.word(node) if isinstance(node, Word) else self.phrase(node))
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, DateQuery):
            return date_filter(node.start, node.end)
        if isinstance(node, Bool):
            if node.op == "or":
                return any_of([self.compile(x) for x in node.items])
            self._runs.update(alias_runs(node.items, self.aliases))
            narrows, words = _narrowing(node)
            narrowing = self._filters(narrows)
            if node.op == "any" and any(not _function_word(x) for x in words):
                # "withdrawal of troops from Cuba": the small words rank passages that hold them all
                # (the strict tier) but do not make a passage a hit on their own
                words = [x for x in words if not _function_word(x)]
            should = [self.compile(x) for x in words]
            required = [self.compile(x) for x in node.required]
            # -word excludes passages that hold it, not every passage of a document whose title does
            own = self if self.passage_only else Compiler(self.reader, self.q, self.aliases, passage_only=True,
                                                          documents=self.documents)
            own._words_table = self._words_table
            excluded = [own.compile(x) for x in node.excluded]
            if should:  # each matching clause adds to the score (the share of them held is ranked in search/)
                base = should[0] if len(should) == 1 else any_of(should)
            else:
                base = None
            if required:
                must = required[0] if len(required) == 1 else wq.And(required)
                base = must if base is None else wq.AndMaybe(must, base)
            if base is None:
                base = wq.Every()
            if excluded:
                base = excluding(base, excluded[0] if len(excluded) == 1 else any_of(excluded))
            if narrowing:  # date:, classification: and the like restrict whatever the words find (all, if no words)
                base = wq.And(narrowing) if isinstance(base, wq.Every) else wq.And([*narrowing, base])
            return base
        raise TypeError(node)

    def _documents_matching(self, q, scored: bool = True):
        """Every passage of the documents whose first passage matches ``q`` (a title, summary or citation
        query): the first passage scores as ``q`` does, the others as a constant (all as 0 unless ``scored``:
        a filter)."""
        from whoosh import query as wq

        if self.documents is not None:
            leads = [int(d) for d in self.documents(q)]
        else:
            from whoosh.searching import Searcher

            leads = list(q.docs(Searcher(self.reader, closereader=False)))
        if not leads:
            return wq.NullQuery
        doc_ids = column_values(self.reader, "doc_id")
        if not scored:
            return documents_in({doc_ids[d] for d in leads}, 0.0)
        return any_of([q, documents_in({doc_ids[d] for d in leads})])

    def _filters(self, nodes) -> list:
        """Queries that narrow without scoring: each date:, classification: and document field, and the
        doc: terms together (a passage is in one document: doc:A doc:B means either)."""
        docs = {n.text for n in nodes if _doc_id(n)}
        filters = [self._documents_matching(self.word(n) if isinstance(n, Word) else self.phrase(n), scored=False)
                   if _document_level(n) else self.compile(n) for n in nodes if not _doc_id(n)]
        return filters + ([documents_in(docs, 0.0)] if docs else [])

    def _fields(self, fields) -> dict[str, float]:
        if fields is None:
            if self.own_fields:
                return OWN_FIELDS
            return PASSAGE_FIELDS if self.passage_only else DEFAULT_FIELDS
        return {f: 1.0 for f in fields}

    def word(self, w: Word):
        from whoosh import query as wq

        from ..analysis.stemming import index_terms
        from ..analysis.tokens import TOKEN_PATTERN, fold, surface

        fields = self._fields(w.fields)
        if fields == {"classification_tag": 1.0}:
            from ..vocabulary.markings import normalize_classification

            tags = normalize_classification(w.text) or (w.text.upper(),)
            return any_of([wq.Term("classification_tag", t) for t in tags]) if len(tags) > 1 else wq.Term("classification_tag", tags[0])
        if fields == {"doc_id": 1.0}:
            return wq.Term("doc_id", w.text)
        if len(fields) == 1 and next(iter(fields)) in LIBRARY_FIELDS:
            from ..index.schema import keyword_term

            return wq.Term(next(iter(fields)), keyword_term(w.text))
        if len(fields) == 1 and next(iter(fields)) in ("folder", "ext"):
            return self._place(next(iter(fields)), w.text, w.pos)
        if "*" in w.text or "?" in w.text:
            return self.wildcard(w, fields)
        if not w.exact and (alias := self._alias(w.text, w.pos, w.fields, w.boost)) is not None and not w.fuzzy:
            return alias
        words = re.findall(TOKEN_PATTERN, w.text)
        if not words:
            self.warnings.append(f"ignored {w.text!r} at position {w.pos + 1}: it has no letters or digits")
            return wq.NullQuery
        if len(words) > 1:  # "surface-to-air": the words in order
            return self.phrase(Phrase(" ".join(words), w.pos, w.fields, 1, w.boost, w.exact))
        if w.exact:  # =missiles: the word as written (folded), not its stem
            if w.fuzzy:
                return self.fuzzy(w, surface(words[0]), surface(words[0]), fields)
            return self._exact(fields, [fold(words[0])], w.boost)
        found = index_terms(fold(words[0]))  # a Cyrillic word also matches its transliterations
        parts = designator_parts(words[0]) if not w.fuzzy and not self._expanding else ()
        if self.vocabulary is not None and not w.fuzzy and w.fields is None and not self._expanding and not parts:
            found = self._respelled(words[0], found, fields)
        if w.fuzzy:
            return self.fuzzy(w, fold(words[0]), found[0], fields)
        query = self._any_field(fields, list(found), w.boost, variants=True)
        if parts:  # "IL28" is also written "IL-28" or "IL 28": the parts in order, searched beside the word
            split = " ".join(parts)
            if not self._held_anywhere(fields, found) and (words[0], split) not in self.respellings:
                self.respellings.append((words[0], split))
            query = any_of([query, self.phrase(Phrase(split, w.pos, w.fields, 1, w.boost))])
        if w.pos in self._runs and not self._expanding:  # "cuban missile crisis": each word also matches the
            # other names of the group (one query for the run, shared by its words)
            text, pos, n = self._runs[w.pos]
            cache_key = (text, self.own_fields, self.passage_only)
            if cache_key not in self._run_queries:
                self._run_queries[cache_key] = self._alias(text, pos, w.fields, w.boost / n)
            query = any_of([query, self._run_queries[cache_key]])
        return query

    def _respelled(self, typed: str, found: tuple[str, ...], fields: dict[str, float]) -> tuple[str, ...]:
        """The terms of a word, with its nearest spelling beside them when no passage holds the word
        (a misspelling, an OCR error, another transliteration: "Krushchev" also searches Khrushchev)."""
        from .suggest import respelling

        if self._held_anywhere(fields, found):
            return found
        if self.shared is None:
            nearest = respelling(self.reader, typed, self.vocabulary)
        else:
            nearest = respelling(self.shared.readers, typed, self.shared.vocabulary)
        if nearest is None:
            return found
        terms, form = nearest
        if (typed, form) not in self.respellings:
            self.respellings.append((typed, form))
        return (*found, *(t for t in terms if t not in found))

    def _held_anywhere(self, fields: dict[str, float], terms) -> bool:
        """Whether a passage holds one of ``terms`` in one of ``fields``: in any of the indexes searched together
        (their shared statistics), else in this one."""
        if self.shared is not None:
            return any(self.shared.doc_frequency(f, t) for f in fields for t in terms)
        return any(_held(self.reader, f, t) for f in fields for t in terms)

    def _alias(self, text: str, pos: int, fields, boost: float):
        """The query for any name of the alias group ``text`` belongs to, or None."""

        group = self.aliases.group(text) if self.aliases and not self._expanding else None
        if group is None:
            return None
        self._expanding = True  # an alias is searched as itself, not expanded again
        try:
            # the names no passage can hold are left out unstemmed (stemming them would import nltk)
            clauses = [self.phrase(Phrase(name, pos, fields, 1, boost)) for name in group
                       if name == text or not self._cannot_match(name)]
        finally:
            self._expanding = False
        if (text, group) not in self.expansions:
            self.expansions.append((text, group))
        return any_of(clauses)

    def _cannot_match(self, name: str) -> bool:
        """Whether a name of an alias group has a word that no word of the index can share a stem with, told
        without stemming it: the word is not in the words table, and no word there begins with the part of it a
        Snowball stemmer keeps whatever the ending (the letters before its R1 region: "chrus" of "chruschtschow";
        endings are only taken off within R1, bar a few short English words listed as exceptions). Only for
        a Latin word of five letters or more, in one index with a words table."""
        from ..analysis.tokens import TOKEN_PATTERN, fold

        if self._words_table is None or self.shared is not None:
            return False
        table = self._words_table()
        if table is None:
            return False
        for word in (fold(w) for w in re.findall(TOKEN_PATTERN, name)):
            if len(word) < 5 or not _LATIN_WORD.fullmatch(word) or table.stem(word) is not None:
                continue
            if not table.matching(_kept_prefix(word) + "*", 0):
                return True
        return False

    def _any_field(self, fields: dict[str, float], terms: list[str], boost: float, variants: bool = False):
        """Any of ``terms`` in any of ``fields``. Variants of one word (a Cyrillic word and its
        transliterations) score as the best of them in each field, not their sum."""
        from whoosh import query as wq

        clauses = []
        for field, fboost in fields.items():
            self.highlight.setdefault(field, set()).update(terms)
            per_field = [wq.Term(field, t, boost=fboost * boost) for t in terms]
            if variants and len(per_field) > 1:
                clauses.append(wq.DisjunctionMax(per_field))
            else:
                clauses.extend(per_field)
        return clauses[0] if len(clauses) == 1 else any_of(clauses)

    def _exact(self, fields: dict[str, float], words, boost: float, mark: bool = True):
        """Any of ``words`` (folded) as written, in any of ``fields``: its written form's postings (``=missiles``),
        or, for a word that is its own one index term, whose written form the index does not post (``castro``,
        see analysis.stemming.posted_terms), the term's postings at the positions where no other word it is
        posted for stands (``castro's``, ``castros``, a Cyrillic word it transliterates: each of those has its
        written form beside it). Scored as the term is; the written forms are highlighted (with ``mark``)."""
        from whoosh import query as wq

        from ..analysis.stemming import written_posted
        from ..analysis.tokens import SURFACE

        posted = [SURFACE + word for word in words if written_posted(word)]
        clauses = []
        if posted:
            marked = {f: set(t) for f, t in self.highlight.items()}
            clauses.append(self._any_field(fields, posted, boost))
            if not mark:
                self.highlight = marked
        for word in (word for word in words if not written_posted(word)):
            others = self._spellings(word, fields)
            for field, fboost in fields.items():
                if mark:
                    self.highlight.setdefault(field, set()).add(SURFACE + word)
                term = wq.Term(field, word, boost=fboost * boost)
                clauses.append(unless(term, [wq.Term(field, SURFACE + x) for x in others]) if others else term)
        if not clauses:
            return wq.NullQuery
        return clauses[0] if len(clauses) == 1 else any_of(clauses)

    def _spellings(self, word: str, fields: dict[str, float]) -> list[str]:
        """The words other than ``word`` that the index posts under the term ``word``: from the words table, or,
        without one, the written forms in the index that begin with it and have it among their terms."""
        if self._words_table is not None:
            return self._words_table().spellings(word)
        from ..analysis.stemming import index_terms
        from ..analysis.tokens import SURFACE

        found = {t.decode("utf-8") if isinstance(t, bytes) else t
                 for field in fields for t in self.reader.expand_prefix(field, SURFACE + word)}
        return sorted(x[1:] for x in found if x[1:] != word and word in index_terms(x[1:]))

    def _place(self, field: str, text: str, pos: int):
        return place_filter(field, text, self.q, pos)

    def wildcard(self, w: Word, fields: dict[str, float]):
        """The words as written that match the pattern (``assassinat*``: assassination, assassinated...), each
        searched in every inflection, as a typed word is; with ``=``, in the matching forms only."""
        from ..analysis.stemming import index_terms, written_posted
        from ..analysis.tokens import SURFACE, fold

        pattern = fold(w.text)
        if not pattern.strip("*?"):
            raise QueryError("* alone would match every word: a wildcard needs letters beside * or ? (dismant*)",
                             self.q, w.pos)
        regex = re.compile(re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$")
        prefix = SURFACE + pattern[:min(i for i, c in enumerate(pattern) if c in "*?")]
        forms: set[str] = set()
        if self._words_table is not None:  # the index's words table: one range, or one scan in C
            forms = {SURFACE + word for word in self._words_table().matching(pattern, MAX_EXPANSION)}
        else:  # the written forms in the index, and the terms that may be words written as their own stem
            # (a stem no one wrote, "missil", is held only where other words' forms stand: _exact finds nothing)
            for field in fields:
                for t in (*self.reader.expand_prefix(field, prefix), *self.reader.expand_prefix(field, prefix[1:])):
                    t = t.decode("utf-8") if isinstance(t, bytes) else t
                    if t[:1] != SURFACE:
                        if written_posted(t):
                            continue
                        t = SURFACE + t
                    if t not in forms and regex.match(t, 1):
                        forms.add(t)
                        if len(forms) > MAX_EXPANSION:
                            break
        if len(forms) > MAX_EXPANSION:
            where = " before the *" if len(prefix) > 1 else ""
            raise QueryError(f"{w.text!r} matches more than {MAX_EXPANSION} words; give more letters{where}",
                             self.q, w.pos)
        if w.exact:
            return self._expanded_terms(w, fields, forms, exact=True)
        terms = {t for form in forms for t in index_terms(form[1:])}
        return self._expanded_terms(w, fields, terms, counted=len(forms))

    def _expanded_terms(self, w: Word, fields: dict[str, float], terms: set[str], counted: int | None = None,
                        exact: bool = False):
        """The query for the terms a wildcard or fuzzy word expanded to (with ``exact``: written forms, =word)."""
        from whoosh import query as wq

        # a word compiled twice (for two ranking tiers) counts once
        self._expanded[w.pos] = len(terms) if counted is None else counted
        if sum(self._expanded.values()) > MAX_TOTAL_EXPANSION:
            raise QueryError(f"the wildcards and fuzzy words of this query match more than {MAX_TOTAL_EXPANSION} "
                             "words in all; make them more specific", self.q, w.pos)
        if not terms:
            return wq.NullQuery
        if exact:
            return self._exact(fields, [t[1:] for t in sorted(terms)], w.boost)
        return self._any_field(fields, sorted(terms), w.boost)

    def fuzzy(self, w: Word, folded: str, term: str, fields: dict[str, float]):
        from ..analysis.stemming import written_posted
        from ..analysis.tokens import SURFACE

        terms: set[str] = set()
        prefix = 2 if w.exact else 1  # the first letter is given ("=" and the first letter of a written form)
        for field in fields:
            for candidate in dict.fromkeys((folded, term)):
                found = self.reader.terms_within(field, candidate, w.fuzzy, prefix=prefix)
                if w.exact:  # and the words written as their own one term, whose forms the index does not post
                    found = [*found, *(SURFACE + t for t in self.reader.terms_within(field, candidate[1:], w.fuzzy,
                                                                                   prefix=1) if not written_posted(t))]
                for t in found:
                    terms.add(t)
                    if len(terms) > MAX_EXPANSION:
                        raise QueryError(f"{w.text}~ matches more than {MAX_EXPANSION} words", self.q, w.pos)
        return self._expanded_terms(w, fields, terms, exact=w.exact)

    def phrase(self, p: Phrase):
        from whoosh import query as wq

        from ..analysis.stemming import terms as analyze
        from ..analysis.stemming import written_posted
        from ..analysis.tokens import TOKEN_PATTERN, surface

        # ="a phrase": each word as written (folded), not its stem
        words = [surface(x) for x in re.findall(TOKEN_PATTERN, p.text)] if p.exact else analyze(p.text)
        fields = self._fields(p.fields)
        if fields.keys() & {"classification_tag", "doc_id", "folder", "ext"} or LIBRARY_FIELDS.intersection(fields):
            return self.word(Word(p.text, p.pos, p.fields, 0, p.boost))
        if not words:
            self.warnings.append(f"ignored the empty phrase at position {p.pos + 1}")
            return wq.NullQuery
        if not p.exact and p.slop <= 1 and (alias := self._alias(p.text, p.pos, p.fields, p.boost)) is not None:
            return alias
        if len(words) == 1:  # a quoted single word: as a word (with its transliterations)
            return self.word(Word(p.text, p.pos, p.fields, 0, p.boost, p.exact))
        clauses = []
        for field, fboost in fields.items():
            marked = self.phrases.setdefault(field, [])
            if (tuple(words), p.slop) not in marked:
                marked.append((tuple(words), p.slop))
            if p.exact and not all(written_posted(word[1:]) for word in words):
                # a word written as its own one term is its term where no other word stands (see _exact)
                clauses.append(near([self._exact({field: 1.0}, [word[1:]], 1.0, mark=False) for word in words],
                                    p.slop, fboost * p.boost))
            else:
                clauses.append(wq.Phrase(field, words, slop=p.slop, boost=fboost * p.boost))
        return clauses[0] if len(clauses) == 1 else any_of(clauses)


_MAX_HELD = 65_536  # terms whose presence is remembered per generation (see _held)


# a designator: a few letters and a number run together ("IL28", "MiG21", "U2", "SS4", "B52") or a number and
# a suffix ("1960s")
_DESIGNATOR = re.compile(r"([^\W\d_]{1,4})(\d{1,4})|(\d{1,4})([^\W\d_]{1,4})")


def designator_parts(word: str) -> tuple[str, ...]:
    """The parts of a word that runs letters and figures together, as they are also written apart ("IL28" ->
    ("IL", "28"), as in "IL-28"); () for any other word."""
    m = _DESIGNATOR.fullmatch(word)
    return tuple(g for g in m.groups() if g) if m else ()


_LATIN_WORD = re.compile(r"[a-z]+")


def _kept_prefix(word: str) -> str:
    """The letters of a folded Latin word before its R1 region (Snowball: after the first non-vowel that follows
    a vowel), which no ending the stemmer takes off reaches: "chrus" of "chruschtschow", "khrou" of "khrouchtchev"."""
    vowels = "aeiouy"
    for i in range(1, len(word)):
        if word[i] not in vowels and word[i - 1] in vowels:
            return word[:i + 1]
    return word


def _held(reader, field: str, term: str) -> bool:
    """Whether a passage holds ``term`` in ``field``: asked of every word of every query (and of each of its ranking
    tiers) to know whether to respell it, so remembered with the reader's generation (the oldest forgotten past
    _MAX_HELD)."""
    known = generation_dict(reader, "held")
    key = (field, term)
    found = known.get(key)
    if found is None:
        found = keep(known, key, bool(reader.doc_frequency(field, term)), _MAX_HELD)
    return found


def place_filter(field: str, text: str, query: str = "", pos: int = 0):
    """dir:NAME (``field`` "folder": the source's folder holds NAME as whole path components, in that order) or
    ext:NAME (the document's file type), case and accents folded, ``*`` and ``?`` within a component; a
    QueryError at ``pos`` of ``query`` for a name that is not one."""
    return in_place(field, place_parts(field, text, query, pos))


def _document_level(node) -> bool:
    """A word or phrase asked of the document's fields only (title:, summary:, citation:)."""
    return isinstance(node, (Word, Phrase)) and bool(node.fields) and DOCUMENT_FIELDS.issuperset(node.fields)


def _function_word(node) -> bool:
    """A one-letter word or a closed-class word of English ("of", "from", "the") typed as a plain word."""
    from ..analysis.languages import QUERY_FUNCTION_WORDS

    if not isinstance(node, Word) or node.fields is not None or node.fuzzy or node.boost != 1.0 or node.exact:
        return False
    text = node.text.lower()
    return len(text) < 2 or text in QUERY_FUNCTION_WORDS


def alias_runs(items, aliases) -> dict[int, tuple[str, int, int]]:
    """Runs of two or more plain words side by side that name an alias group, longest first: the position of
    each word in a run -> (the run's text, its first position, its length)."""
    runs: dict[int, tuple[str, int, int]] = {}
    if not aliases:
        return runs
    i = 0
    while i < len(items):
        for j in range(min(len(items), i + MAX_ALIAS_WORDS), i + 1, -1):
            run = items[i:j]
            text = " ".join(x.text for x in run) if all(_plain(x) for x in run) else ""
            if text and aliases.group(text):
                runs.update((x.pos, (text, run[0].pos, len(run))) for x in run)
                i = j
                break
        else:
            i += 1
    return runs


def _plain(node) -> bool:
    """A plain word as typed: no field, fuzziness, boost or wildcard."""
    return (isinstance(node, Word) and node.fields is None and not node.fuzzy and node.boost == 1.0
            and not node.exact and "*" not in node.text and "?" not in node.text)


LIBRARY_FIELDS = frozenset({"collection", "tag"})  # a library's collections (lists) and tags: whole names


def _narrows(node) -> bool:
    """A date:, classification:, collection:, tag:, dir: or ext: term, which restricts a query rather than adding
    words to it."""
    if isinstance(node, Bool):  # dir:(frus OR seeds): a group of filters is a filter
        return bool(node.items or node.required) and all(_narrows(x) for x in (*node.items, *node.required))
    return isinstance(node, DateQuery) or (isinstance(node, (Word, Phrase)) and (
        node.fields in (("classification_tag",), ("folder",), ("ext",))
        or bool(node.fields and LIBRARY_FIELDS.issuperset(node.fields))))


def _doc_id(node) -> bool:
    return isinstance(node, (Word, Phrase)) and node.fields == ("doc_id",)


def place_parts(field: str, text: str, q: str = "", pos: int = 0) -> tuple[str, ...]:
    """The folded path components of dir:NAME, or the file type of ext:NAME (both backends' compilers)."""
    from ..analysis.tokens import fold

    parts = tuple(fold(c.lower()) for c in re.split(r"[/\\]+", text) if c)
    if field == "ext":
        parts = tuple(p.lstrip(".") for p in parts)
        if len(parts) != 1 or not parts[0]:
            raise QueryError(f"ext: takes a file type such as pdf or md, not {text!r}", q, pos)
    if not parts:
        raise QueryError(f"dir: takes a folder name such as frus or corpora/frus, not {text!r}", q, pos)
    return parts


def _narrowing(node: Bool) -> tuple[list, list]:
    """(the clauses of a run that narrow it, the others). date: and classification: always narrow; the
    document's fields (doc:, title:, summary:, citation:) narrow what plain words beside them find, as
    filters do (`doc:X Turkey`: the Turkey passages of X), unless OR is written."""
    about_documents = [x for x in (*node.items, *node.required) if _doc_id(x) or _document_level(x)]
    plain = any(not _narrows(x) and not any(x is y for y in about_documents) for x in (*node.items, *node.required))
    narrows = [x for x in node.items if _narrows(x) or (plain and any(x is y for y in about_documents))]
    return narrows, [x for x in node.items if not any(x is y for y in narrows)]

