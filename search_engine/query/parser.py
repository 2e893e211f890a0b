"""The query language: parse a query string into a small syntax tree (see :mod:`.compiler` for whoosh).

Syntax (see the README): words, "exact phrases", "proximity phrases"~5, AND / OR / NOT (upper case),
parentheses, +required and -excluded, field:value on the fields in FIELDS (dir:frus, ext:pdf), date:1962-10, date:[a TO b],
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
    "subject": ("subjects",),
    "citation": ("citation",),
    "summary": ("description",),
    "description": ("description",),
    "classification": ("classification_tag",),
    "date": ("date",),
    "doc": ("doc_id",),
    "collection": ("collection",),  # a Zotero collection (with those it stands in), a Tropy list
    "list": ("collection",),
    "tag": ("tag",),
    "dir": ("folder",),  # the folder of the source file: whole path components (dir:frus, dir:corpora/frus)
    "ext": ("ext",),  # the document's file type (ext:pdf)
}
PLACE_FIELDS = (("folder",), ("ext",))  # their values are names as written, not words
MAX_QUERY_LENGTH = 1000  # characters
MAX_QUERY_WORDS = 64  # words and phrase words in all (a 400-word phrase takes whoosh seconds)
MAX_NESTING = 20  # parentheses inside parentheses
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
    exact: bool = False  # =word: this form only (folded for case and accents), no stemming


@dataclass(frozen=True)
class Phrase:
    text: str
    pos: int
    fields: tuple[str, ...] | None = None
    slop: int = 1
    boost: float = 1.0
    exact: bool = False  # ="a phrase": each word in this form only


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
        exact = c == "=" and i + 1 < n and q[i + 1] in '"“”'
        if exact:  # ="a phrase": its words as written
            i += 1
            c = q[i]
        if c in "“”":
            c = '"'
        if c == '"':
            start = i - exact
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
            toks.append(_Tok("phrase", text, start, (slop, boost, exact)))
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
        m = re.match(r"([^\W\d_][\w]*):(?=$|[\s)])", q[i:])
        if m and m.group(1).lower() in FIELDS:  # "title:" with nothing after it: not the word "title"
            name = m.group(1).lower()
            raise QueryError(f"'{name}:' needs a value right after the colon ({name}:word or {name}:\"a phrase\")",
                             q, i)
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
            slop, boost, exact = tok.extra
            return Phrase(tok.text, tok.pos, fields, max(1, slop), boost, exact)
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
        exact = text.startswith("=") and len(text) > 1  # =missiles: that form only
        if exact:
            text = text[1:]
        if "^" in text:  # a boost: a number after ^ that ends the word ("Castro^2")
            m = re.fullmatch(r"(.+?)\^(\d+(?:\.\d+)?)", text)
            bad = text.index("^") if m is None or "^" in m.group(1) else None
            if bad is not None:
                raise QueryError("a boost is ^ and a number at the end of a word, as in Castro^2 (to search for ^ "
                                 "itself, put the word in quotes)", self.q, tok.pos + bad)
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
        return Word(text, tok.pos + exact, fields, fuzzy, boost, exact)

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
        if val.kind == "word" and fields in PLACE_FIELDS:  # a folder or a file type: no ~, ^ or = in it
            return Word(val.text, val.pos, fields)
        if val.kind == "phrase":
            slop, boost, exact = val.extra
            return Phrase(val.text, val.pos, fields, max(1, slop), boost, exact)
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
