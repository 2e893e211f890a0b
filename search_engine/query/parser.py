"""The query language: parse a query string into a small syntax tree, then compile it to whoosh.

Syntax (see the README): words, "exact phrases", "proximity phrases"~5, AND / OR / NOT (upper case),
parentheses, +required and -excluded, field:value on the fields in FIELDS, date:1962-10, date:[a TO b],
date:>=1962-10-27, wildcards (dismant*), fuzzy terms (Khrushchov~, Alekseyev~2) and boosts (word^2).
Every problem is reported as a QueryError that names the position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError

# user-facing field name -> index fields it searches
FIELDS: dict[str, tuple[str, ...]] = {
    "body": ("body",),
    "text": ("body",),
    "title": ("title",),
    "footnote": ("footnote",),
    "note": ("footnote",),
    "citation": ("citation",),
    "summary": ("description",),
    "description": ("description",),
    "classification": ("classification_tag",),
    "date": ("date",),
    "doc": ("doc_id",),
}
# the fields a bare word searches, with their boosts: the passage's own words first
DEFAULT_FIELDS: dict[str, float] = {"body": 1.0, "title": 0.6, "footnote": 1.0, "description": 0.25, "citation": 0.15}
# the fields that belong to the passage itself (the index holds the document's title, summary and
# citation on its first passage only, which stands for the document): -word excludes by these
PASSAGE_FIELDS: dict[str, float] = {"body": 1.0, "footnote": 0.5}
# the fields of the document, indexed on its first passage: `title:letter` asks for the passages of
# documents whose title matches
DOCUMENT_FIELDS = frozenset({"title", "description", "citation"})
MAX_QUERY_LENGTH = 1000  # characters
MAX_QUERY_WORDS = 64  # words and phrase words in all (a 400-word phrase takes whoosh seconds)
MAX_NESTING = 20  # parentheses inside parentheses
MAX_EXPANSION = 512  # terms one wildcard or fuzzy word may expand to
MAX_TOTAL_EXPANSION = 1024  # terms all the wildcards and fuzzy words of one query may expand to
MIN_WILDCARD_PREFIX = 2
MAX_FUZZY_DISTANCE = 2
MIN_FUZZY_LETTERS = {1: 3, 2: 5}  # a shorter word is within that many edits of too many others


def _valid_iso(text: str) -> bool:
    from datetime import date

    parts = [int(x) for x in text.split("-")] + [1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


# -- syntax tree -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Word:
    text: str
    pos: int
    fields: tuple[str, ...] | None = None  # None: the default fields
    fuzzy: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    text: str
    pos: int
    fields: tuple[str, ...] | None = None
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class DateQuery:
    start: object  # date or None
    end: object
    pos: int


@dataclass(frozen=True)
class Bool:
    op: str  # "and", "or", "any" (plain words: all of them rank first, some of them still match)
    items: tuple
    required: tuple = ()
    excluded: tuple = ()


@dataclass(frozen=True)
class _Tok:
    kind: str  # word, phrase, lparen, rparen, and, or, not, plus, minus, field, range, cmp
    text: str
    pos: int
    extra: object = None


_OPERATORS = {"AND": "and", "OR": "or", "NOT": "not", "&&": "and", "||": "or"}


def _scan(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        if c == "(":
            toks.append(_Tok("lparen", c, i))
            i += 1
            continue
        if c == ")":
            toks.append(_Tok("rparen", c, i))
            i += 1
            continue
        if c in "“”":
            c = '"'
        if c == '"':
            start = i
            end = _find_quote(q, i + 1)
            if end < 0:
                raise QueryError("unbalanced quote: this phrase is never closed", q, i)
            text = q[i + 1:end]
            i = end + 1
            m = re.match(r"~(\d+)", q[i:])
            slop = 1
            if m:
                slop = int(m.group(1))
                i += m.end()
            boost, i = _boost(q, i)
            toks.append(_Tok("phrase", text, start, (slop, boost)))
            continue
        if c in "+-" and i + 1 < n and not q[i + 1].isspace() and (i == 0 or q[i - 1].isspace() or q[i - 1] == "("):
            toks.append(_Tok("plus" if c == "+" else "minus", c, i))
            i += 1
            continue
        if c == "[" and toks and toks[-1].kind == "field":
            end = q.find("]", i)
            if end < 0:
                raise QueryError("unbalanced bracket: a range needs a closing ]", q, i)
            parts = re.split(r"\s+TO\s+", q[i + 1:end].strip())
            if len(parts) != 2:
                raise QueryError("a range is written [FROM TO UNTIL], e.g. date:[1962-10-27 TO 1962-10-29]", q, i)
            toks.append(_Tok("range", q[i:end + 1], i, tuple(p.strip() for p in parts)))
            i = end + 1
            continue
        m = re.match(r"(>=|<=|>|<)", q[i:])
        if m and toks and toks[-1].kind == "field":
            j = i + m.end()
            word = re.match(r"[^\s()]+", q[j:])
            if not word:
                raise QueryError(f"'{m.group(1)}' needs a value after it", q, i)
            toks.append(_Tok("cmp", word.group(0), i, m.group(1)))
            i = j + word.end()
            continue
        m = re.match(r"([^\W\d_][\w]*):(?=[^\s])", q[i:])
        if m and not q[i + m.end()].isspace():
            toks.append(_Tok("field", m.group(1).lower(), i))
            i += m.end()
            continue
        m = re.match(r'[^\s()"“”]+', q[i:])
        text = m.group(0)
        if text in _OPERATORS:
            toks.append(_Tok(_OPERATORS[text], text, i))
        else:
            toks.append(_Tok("word", text, i))
        i += m.end()
    return toks


def _find_quote(q: str, start: int) -> int:
    for j in range(start, len(q)):
        if q[j] in '"“”':
            return j
    return -1


def _boost(q: str, i: int) -> tuple[float, int]:
    m = re.match(r"\^(\d+(?:\.\d+)?)", q[i:])
    if m:
        return float(m.group(1)), i + m.end()
    return 1.0, i


class _Parser:
    def __init__(self, q: str):
        self.q = q
        self.toks = _scan(q)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr(None)
        tok = self.peek()
        if tok is not None:
            if tok.kind == "rparen":
                raise QueryError("unbalanced parenthesis: ')' has no matching '('", self.q, tok.pos)
            raise QueryError(f"unexpected {tok.text!r}", self.q, tok.pos)
        return node

    def or_expr(self, fields):
        items = [self.and_expr(fields)]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("rparen", "or", "and"):
                raise QueryError("OR needs a term after it", self.q, tok.pos)
            items.append(self.and_expr(fields))
        return items[0] if len(items) == 1 else Bool("or", tuple(items))

    def and_expr(self, fields):
        """A run of clauses: joined by AND they are all required; side by side they rank by how many match."""
        should, required, excluded = [], [], []
        explicit_and = False
        while (tok := self.peek()) is not None and tok.kind not in ("rparen", "or"):
            if tok.kind == "and":
                self.take()
                if self.peek() is None or self.peek().kind in ("rparen", "or", "and"):
                    raise QueryError("AND needs a term after it", self.q, tok.pos)
                if not should and not required and not excluded:
                    raise QueryError("AND needs a term before it", self.q, tok.pos)
                explicit_and = True
                if should:  # "a AND b": the clause before AND becomes required too
                    required.extend(should)
                    should = []
                continue
            if tok.kind in ("not", "minus"):
                self.take()
                if self.peek() is None or self.peek().kind in ("rparen", "or", "and"):
                    raise QueryError(f"{tok.text} needs a term after it", self.q, tok.pos)
                excluded.append(self.unary(fields))
                continue
            if tok.kind == "plus":
                self.take()
                required.append(self.unary(fields))
                continue
            node = self.unary(fields)
            (required if explicit_and else should).append(node)
        if not (should or required or excluded):
            tok = self.peek()
            raise QueryError("empty query" if tok is None else "empty group", self.q, tok.pos if tok else None)
        if not required and not excluded and len(should) == 1:
            return should[0]
        return Bool("any", tuple(should), tuple(required), tuple(excluded))

    def unary(self, fields):
        tok = self.take()
        if tok.kind == "lparen":
            return self.group(tok, fields)
        if tok.kind == "field":
            return self.field_value(tok)
        if tok.kind == "phrase":
            slop, boost = tok.extra
            return Phrase(tok.text, tok.pos, fields, max(1, slop), boost)
        if tok.kind == "word":
            return self.word(tok, fields)
        if tok.kind == "rparen":
            raise QueryError("unbalanced parenthesis: ')' has no matching '('", self.q, tok.pos)
        raise QueryError(f"{tok.text} cannot stand here", self.q, tok.pos)

    def group(self, open_tok: _Tok, fields):
        """The inside of ( ... ), whose opening parenthesis has been taken."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QueryError(f"parentheses nested more than {MAX_NESTING} deep", self.q, open_tok.pos)
        node = self.or_expr(fields)
        self.depth -= 1
        close = self.peek()
        if close is None or close.kind != "rparen":
            raise QueryError("unbalanced parenthesis: '(' is never closed", self.q, open_tok.pos)
        self.take()
        return node

    def word(self, tok: _Tok, fields) -> Word:
        text, fuzzy, boost = tok.text, 0, 1.0
        m = re.match(r"^(.*?)(?:\^(\d+(?:\.\d+)?))?$", text)
        if m.group(2):
            text, boost = m.group(1), float(m.group(2))
        m = re.match(r"^(.+?)~(\d*)$", text)
        if m:
            text = m.group(1)
            fuzzy = int(m.group(2) or 1)
            if not 1 <= fuzzy <= MAX_FUZZY_DISTANCE:
                raise QueryError(f"fuzzy distance must be 1 or 2, not {fuzzy}", self.q, tok.pos)
            if len(text) < MIN_FUZZY_LETTERS[fuzzy]:
                raise QueryError(f"{text}~{fuzzy if fuzzy > 1 else ''}: a word needs at least {MIN_FUZZY_LETTERS[fuzzy]} "
                                 f"letters to be matched within {fuzzy} edit{'s' if fuzzy > 1 else ''}", self.q, tok.pos)
        return Word(text, tok.pos, fields, fuzzy, boost)

    def field_value(self, tok: _Tok):
        name = tok.text
        if name not in FIELDS:
            known = ", ".join(k for k in FIELDS if k not in ("text", "note", "description"))
            raise QueryError(f"unknown field '{name}' (fields are: {known}); to search for the word itself, "
                             f"put it in quotes: \"{name}:\"", self.q, tok.pos)
        fields = FIELDS[name]
        nxt = self.peek()
        if nxt is None:
            raise QueryError(f"'{name}:' needs a value", self.q, tok.pos)
        if fields == ("date",):
            return self.date_value(self.take())
        if nxt.kind == "lparen":
            return self.group(self.take(), fields)
        val = self.take()
        if val.kind == "phrase":
            slop, boost = val.extra
            return Phrase(val.text, val.pos, fields, max(1, slop), boost)
        if val.kind == "word":
            return self.word(val, fields)
        raise QueryError(f"'{name}:' needs a word or a \"phrase\"", self.q, val.pos)

    def date_value(self, tok: _Tok) -> DateQuery:
        from ..vocabulary.dates import parse_date

        def one(text: str):
            if text in ("*", ""):
                return None
            d = parse_date(text)
            if re.fullmatch(r"\d{4}(?:-\d{1,2}){1,2}", text) and not _valid_iso(text):
                raise QueryError(f"{text!r} is not a date of the calendar (year-month-day)", self.q, tok.pos)
            if d is None:
                raise QueryError(f"cannot read {text!r} as a date (try 1962-10-28, 1962-10 or 1962)", self.q, tok.pos)
            return d

        if tok.kind == "range":
            a, b = (one(x) for x in tok.extra)
            return DateQuery(a.start if a else None, b.end if b else None, tok.pos)
        if tok.kind in ("cmp", "word", "phrase") and tok.text.strip() in ("*", ""):
            raise QueryError("date: needs a date here, not * (a range may be open: date:[1962-10-27 TO *])",
                             self.q, tok.pos)
        if tok.kind == "cmp":
            d = one(tok.text)
            op = tok.extra
            from datetime import timedelta

            if op == ">=":
                return DateQuery(d.start, None, tok.pos)
            if op == ">":
                return DateQuery(d.end + timedelta(days=1), None, tok.pos)
            if op == "<=":
                return DateQuery(None, d.end, tok.pos)
            return DateQuery(None, d.start - timedelta(days=1), tok.pos)
        if tok.kind in ("word", "phrase"):
            d = one(tok.text)
            return DateQuery(d.start, d.end, tok.pos)
        raise QueryError("date: needs a date, a range [FROM TO UNTIL] or a comparison like >=1962-10-27", self.q, tok.pos)


def parse(q: str):
    """Parse a query string into a syntax tree; raise QueryError naming what is wrong and where."""
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryError(f"query too long ({len(q)} characters; the limit is {MAX_QUERY_LENGTH})")
    if not q.strip():
        raise QueryError("empty query")
    words = len(re.findall(r"\w+", q))
    if words > MAX_QUERY_WORDS:
        raise QueryError(f"query too long ({words} words; the limit is {MAX_QUERY_WORDS})")
    return _Parser(q).parse()


# -- compiling to whoosh -----------------------------------------------------------------------
class Compiler:
    """Turn a syntax tree into a whoosh query against one reader (wildcards and fuzzy words are
    expanded to the index's own terms here, under MAX_EXPANSION), collecting the terms to highlight."""

    def __init__(self, reader, q: str = "", aliases=None, passage_only: bool = False):
        self.reader = reader
        self.passage_only = passage_only  # bare words search PASSAGE_FIELDS only (for -word)
        self.q = q
        self.aliases = aliases  # an aliases.Aliases, or None
        self.highlight: dict[str, set[str]] = {}
        self.warnings: list[str] = []
        self.expansions: list[tuple[str, tuple[str, ...]]] = []  # (query text, the alias group it was searched as)
        self._expanding = False
        self._expanded: dict[int, int] = {}  # query position -> terms the wildcard or fuzzy word there expanded to

    def compile_tiers(self, node):
        """(strict, loose): for plain words side by side, ``strict`` requires all of them and ranks
        first, ``loose`` also finds passages with some; for any other query ``strict`` is None."""
        loose = self.compile(node)
        if isinstance(node, Bool) and node.op == "any" and len(node.items) > 1:
            # every word, one-letter ones apart ("U Thant": passages with "Thant" rank as all-words)
            items = tuple(x for x in node.items if not (isinstance(x, Word) and len(x.text) < 2)) or node.items
            return self.compile(Bool("and", (), items + node.required, node.excluded)), loose
        return None, loose

    def compile(self, node):
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
                return wq.Or([self.compile(x) for x in node.items])
            # date: and classification: beside plain words narrow the search, as filters do
            narrowing = [self.compile(x) for x in node.items if _narrows(x)]
            words = [x for x in node.items if not _narrows(x)]
            if node.op == "any" and any(not _function_word(x) for x in words):
                # "withdrawal of troops from Cuba": the small words rank passages that hold them all
                # (the strict tier) but do not make a passage a hit on their own
                words = [x for x in words if not _function_word(x)]
            should = [self.compile(x) for x in words]
            required = [self.compile(x) for x in node.required]
            # -word excludes passages that hold it, not every passage of a document whose title does
            own = self if self.passage_only else Compiler(self.reader, self.q, self.aliases, passage_only=True)
            excluded = [own.compile(x) for x in node.excluded]
            if should:
                # each extra matching clause adds to the score: passages with all the words rank first
                # (not with a document-field clause: whoosh's coordination divides by the number of term
                # matchers left, zero once only that clause's constant-score part remains)
                scale = None if any(_document_level(x) for x in words) else 0.9
                base = should[0] if len(should) == 1 else wq.Or(should, scale=scale)
            else:
                base = None
            if required:
                must = required[0] if len(required) == 1 else wq.And(required)
                base = must if base is None else wq.AndMaybe(must, base)
            if base is None:
                base = wq.Every()
            if excluded:
                base = wq.AndNot(base, excluded[0] if len(excluded) == 1 else wq.Or(excluded))
            if narrowing:  # date: and classification: restrict whatever the words find (all, if no words)
                base = wq.And(narrowing) if isinstance(base, wq.Every) else wq.And([*narrowing, base])
            return base
        raise TypeError(node)

    def _documents_matching(self, q):
        """Every passage of the documents whose first passage matches ``q`` (a title, summary or citation
        query): the first passage scores as ``q`` does, the others as a constant."""
        from whoosh import query as wq
        from whoosh.searching import Searcher

        leads = list(q.docs(Searcher(self.reader, closereader=False)))
        if not leads:
            return wq.NullQuery
        doc_ids = column_values(self.reader, "doc_id")
        return wq.Or([q, documents_in({doc_ids[d] for d in leads})])

    def _fields(self, fields) -> dict[str, float]:
        if fields is None:
            return PASSAGE_FIELDS if self.passage_only else DEFAULT_FIELDS
        return {f: 1.0 for f in fields}

    def word(self, w: Word):
        from whoosh import query as wq

        from ..analysis.stemming import TOKEN_PATTERN, fold, index_terms

        fields = self._fields(w.fields)
        if fields == {"classification_tag": 1.0}:
            from ..ingest.text import normalize_classification

            tags = normalize_classification(w.text) or (w.text.upper(),)
            return wq.Or([wq.Term("classification_tag", t) for t in tags]) if len(tags) > 1 else wq.Term("classification_tag", tags[0])
        if fields == {"doc_id": 1.0}:
            return wq.Term("doc_id", w.text)
        if "*" in w.text or "?" in w.text:
            return self.wildcard(w, fields)
        if (alias := self._alias(w.text, w.pos, w.fields, w.boost)) is not None and not w.fuzzy:
            return alias
        words = re.findall(TOKEN_PATTERN, w.text)
        if not words:
            self.warnings.append(f"ignored {w.text!r} at position {w.pos + 1}: it has no letters or digits")
            return wq.NullQuery
        if len(words) > 1:  # "surface-to-air": the words in order
            return self.phrase(Phrase(" ".join(words), w.pos, w.fields, 1, w.boost))
        found = index_terms(fold(words[0]))  # a Cyrillic word also matches its transliterations
        if w.fuzzy:
            return self.fuzzy(w, fold(words[0]), found[0], fields)
        return self._any_field(fields, list(found), w.boost, variants=True)

    def _alias(self, text: str, pos: int, fields, boost: float):
        """The query for any name of the alias group ``text`` belongs to, or None."""
        from whoosh import query as wq

        group = self.aliases.group(text) if self.aliases and not self._expanding else None
        if group is None:
            return None
        self._expanding = True  # an alias is searched as itself, not expanded again
        try:
            clauses = [self.phrase(Phrase(name, pos, fields, 1, boost)) for name in group]
        finally:
            self._expanding = False
        if (text, group) not in self.expansions:
            self.expansions.append((text, group))
        return wq.Or(clauses)

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
        return clauses[0] if len(clauses) == 1 else wq.Or(clauses)

    def wildcard(self, w: Word, fields: dict[str, float]):
        from ..analysis.stemming import fold

        pattern = fold(w.text)
        first = min(i for i, c in enumerate(pattern) if c in "*?")
        if first < MIN_WILDCARD_PREFIX:
            what = "* alone would match every word" if not pattern.strip("*?") else (
                "a wildcard at the start would scan every word of the index" if first == 0 else "too short a start")
            raise QueryError(f"{what}: a wildcard needs at least {MIN_WILDCARD_PREFIX} letters before * or ? "
                             "(dismant*)", self.q, w.pos)
        regex = re.compile(re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$")
        prefix = pattern[:first]
        terms: set[str] = set()
        for field in fields:
            for t in self.reader.expand_prefix(field, prefix):
                t = t.decode("utf-8") if isinstance(t, bytes) else t
                if regex.match(t) or (pattern.endswith("*") and t.startswith(pattern.rstrip("*"))):
                    terms.add(t)
                    if len(terms) > MAX_EXPANSION:
                        raise QueryError(f"{w.text!r} matches more than {MAX_EXPANSION} words; "
                                         "give more letters before the *", self.q, w.pos)
        return self._expanded_terms(w, fields, terms)

    def _expanded_terms(self, w: Word, fields: dict[str, float], terms: set[str]):
        from whoosh import query as wq

        self._expanded[w.pos] = len(terms)  # a word compiled twice (for two ranking tiers) counts once
        if sum(self._expanded.values()) > MAX_TOTAL_EXPANSION:
            raise QueryError(f"the wildcards and fuzzy words of this query match more than {MAX_TOTAL_EXPANSION} "
                             "words in all; make them more specific", self.q, w.pos)
        if not terms:
            return wq.NullQuery
        return self._any_field(fields, sorted(terms), w.boost)

    def fuzzy(self, w: Word, folded: str, term: str, fields: dict[str, float]):
        terms: set[str] = set()
        for field in fields:
            for candidate in (folded, term):
                for t in self.reader.terms_within(field, candidate, w.fuzzy, prefix=1):
                    terms.add(t)
                    if len(terms) > MAX_EXPANSION:
                        raise QueryError(f"{w.text}~ matches more than {MAX_EXPANSION} words", self.q, w.pos)
        return self._expanded_terms(w, fields, terms)

    def phrase(self, p: Phrase):
        from whoosh import query as wq

        from ..analysis.stemming import terms as analyze

        words = analyze(p.text)
        fields = self._fields(p.fields)
        if "classification_tag" in fields or "doc_id" in fields:
            return self.word(Word(p.text, p.pos, p.fields, 0, p.boost))
        if not words:
            self.warnings.append(f"ignored the empty phrase at position {p.pos + 1}")
            return wq.NullQuery
        if p.slop <= 1 and (alias := self._alias(p.text, p.pos, p.fields, p.boost)) is not None:
            return alias
        if len(words) == 1:  # a quoted single word: as a word (with its transliterations)
            return self.word(Word(p.text, p.pos, p.fields, 0, p.boost))
        clauses = []
        for field, fboost in fields.items():
            self.highlight.setdefault(field, set()).update(words)
            clauses.append(wq.Phrase(field, words, slop=p.slop, boost=fboost * p.boost))
        return clauses[0] if len(clauses) == 1 else wq.Or(clauses)


def _document_level(node) -> bool:
    """A word or phrase asked of the document's fields only (title:, summary:, citation:)."""
    return isinstance(node, (Word, Phrase)) and bool(node.fields) and DOCUMENT_FIELDS.issuperset(node.fields)


def _function_word(node) -> bool:
    """A one-letter word or a closed-class word of English ("of", "from", "the") typed as a plain word."""
    from ..analysis.languages import FUNCTION_WORDS

    if not isinstance(node, Word) or node.fields is not None or node.fuzzy or node.boost != 1.0:
        return False
    text = node.text.lower()
    return len(text) < 2 or text in FUNCTION_WORDS["en"]


def _narrows(node) -> bool:
    """A date: or classification: term, which restricts a query rather than adding words to it."""
    return isinstance(node, DateQuery) or (isinstance(node, (Word, Phrase)) and node.fields == ("classification_tag",))


def date_filter(start, end):
    """Passages whose document date range overlaps [start, end] (either end may be open)."""
    return _column_queries()[0](start, end)


def documents_in(doc_ids, score: float = 1.0):
    """Every passage of these documents, each scoring ``score``."""
    return _column_queries()[1](frozenset(doc_ids), score)


_COLUMN_QUERIES: tuple | None = None


def _column_queries():
    """Queries answered from the index's columns rather than its postings. A TermRange on the date fields
    has to union the postings of every date in the range (for `date_end >= X`, nearly all of them), and an
    Or of one doc_id term per document walks a union tree as deep as the documents are many: both made
    the query several times slower than the words beside it. (whoosh 2.7's NumericRange gives wrong
    answers for open or wide ranges.) The classes are built on first use: ``import search_engine`` does not
    import whoosh."""
    global _COLUMN_QUERIES
    if _COLUMN_QUERIES is not None:
        return _COLUMN_QUERIES
    from whoosh import query as wq
    from whoosh.matching import ListMatcher, NullMatcher

    from ..index.build import date_term

    class _ColumnQuery(wq.Query):
        def __eq__(self, other):
            return type(other) is type(self) and other._key() == self._key()

        def __hash__(self):
            return hash((type(self).__name__, self._key()))

        def __repr__(self):
            return f"{type(self).__name__}{self._key()}"

        def is_leaf(self):
            return True

        def estimate_size(self, reader):
            return reader.doc_count()

        def matcher(self, searcher, context=None):
            reader = searcher.reader()
            ids = self._ids(reader)
            if reader.has_deletions():
                ids = [i for i in ids if not reader.is_deleted(i)]
            return ListMatcher(ids, all_weights=self._weight()) if ids else NullMatcher()

        def _weight(self) -> float:
            return 0.0

    class _DateOverlap(_ColumnQuery):
        """Passages whose document's [date_start, date_end] overlaps [start, end]."""

        def __init__(self, start, end, boost: float = 1.0):
            self.start, self.end, self.boost = start, end, boost

        def _key(self):
            return self.start, self.end

        def _ids(self, reader):
            starts, ends = column_values(reader, "date_start"), column_values(reader, "date_end")
            low = date_term(self.start) if self.start is not None else ""
            high = date_term(self.end) if self.end is not None else "99999999"
            return [i for i, (s, e) in enumerate(zip(starts, ends)) if s and s <= high and e >= low]

    class _DocumentsIn(_ColumnQuery):
        """Every passage of the given documents, each scoring a constant."""

        def __init__(self, doc_ids: frozenset, score: float = 1.0, boost: float = 1.0):
            self.doc_ids, self.score, self.boost = doc_ids, score, boost

        def _key(self):
            return tuple(sorted(self.doc_ids)), self.score

        def _ids(self, reader):
            wanted = self.doc_ids
            return [i for i, d in enumerate(column_values(reader, "doc_id")) if d in wanted]

        def _weight(self) -> float:
            return self.score

    _COLUMN_QUERIES = (_DateOverlap, _DocumentsIn)
    return _COLUMN_QUERIES


_COLUMNS: dict[tuple, list[str]] = {}  # (segments, field) -> the field's value for each passage


def column_values(reader, name: str) -> list[str]:
    """A text column as a list indexed by document number, kept for as long as the reader's segments
    exist (segments never change once written)."""
    key = (tuple((r.segment().segment_id(), r.doc_count_all()) for r, _ in reader.leaf_readers()), name)
    if key not in _COLUMNS:
        if len(_COLUMNS) > 256:
            _COLUMNS.clear()
        _COLUMNS[key] = [_text(v) for v in reader.column_reader(name)]
    return _COLUMNS[key]


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")
