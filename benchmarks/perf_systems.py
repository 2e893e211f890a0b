"""The three systems benchmarks/run.py times, behind one interface, and our queries translated for the baselines.

Each system builds an index in a folder (``build``: ours from the source folder, a baseline from the
passage texts), opens it once for warm queries (``open`` returns a
searcher with ``search(query, snippets)``), updates one document (``update``) and gives the command line of a
cold one-query process (``cold_command``):

- ``search-engine``: our engine through its public API, from the source files themselves;
- ``whoosh``: bare whoosh 2.7.4 over the same passage texts, ``RegexTokenizer | LowercaseFilter |
  StemFilter(nltk Snowball English)``, default BM25F, ``QueryParser("body")`` (AND), ``ContextFragmenter``;
- ``fts5``: SQLite FTS5 (``porter unicode61``), ``bm25(p)``, ``snippet()``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = 10

# ---------------------------------------------------------------- passages on disk, for the baselines' builds


def write_passages(path: Path, passages: Iterable[tuple[str, str]]) -> None:
    """One JSON array ``[passage_id, body]`` a line."""
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps([pid, body], ensure_ascii=False) + "\n" for pid, body in passages)


def read_passages(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as f:
        return [tuple(json.loads(line)) for line in f]


def folder_bytes(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum((Path(root) / name).stat().st_size for root, _, names in os.walk(path) for name in names)


# ---------------------------------------------------------------- our query syntax -> the baselines'

class Untranslatable(ValueError):
    """A query a baseline cannot express; the message says what is missing."""


FILTER_FIELDS = {"date", "classification"}  # filters of ours: a baseline searches only the words beside them
_OPERATORS = {"AND", "OR", "NOT"}
_TOKEN = re.compile(r"""
      (?P<paren>[()])
    | (?P<field>[A-Za-z_]+):(?=[^\s)])
    | (?P<phrase>"[^"]*")(?:~(?P<slop>\d+))?
    | (?P<range>\[[^\]]*\])
    | (?P<word>[^\s()"]+)
""", re.VERBOSE)


@dataclass(frozen=True)
class _Item:
    kind: str  # "op", "paren", "phrase", "word"
    text: str
    slop: int = 0
    negated: bool = False  # -word


def _items(query: str) -> tuple[list[_Item], list[str]]:
    """The query as operands and operators, with our filters taken out (returned as the second value)."""
    items: list[_Item] = []
    dropped: list[str] = []
    drop_next = None
    for m in _TOKEN.finditer(query):
        if m.group("field"):
            field = m.group("field").lower()
            drop_next = field if field in FILTER_FIELDS else None
            continue
        if drop_next:
            if m.group("paren"):
                raise Untranslatable(f"a grouped {drop_next}: filter")
            dropped.append(f"{drop_next}:{m.group(0)}")
            drop_next = None
            continue
        if m.group("paren"):
            items.append(_Item("paren", m.group("paren")))
        elif m.group("phrase"):
            words = m.group("phrase")[1:-1].split()
            if words:
                items.append(_Item("phrase", " ".join(words), int(m.group("slop") or 0)))
        elif m.group("range"):
            raise Untranslatable("a range outside a date: filter")
        else:
            word = m.group("word")
            if word in _OPERATORS:
                items.append(_Item("op", word))
            elif word.startswith("-") and len(word) > 1:
                items.append(_Item("word", word[1:], negated=True))
            else:
                items.append(_Item("word", word.lstrip("+")))
    return _tidy(items), dropped


def _tidy(items: list[_Item]) -> list[_Item]:
    """Drop operators left dangling where a filter was taken out ("Laos AND date:1962" -> "Laos")."""
    out: list[_Item] = []
    for item in items:
        if item.kind == "op" and item.text != "NOT" and (not out or out[-1].kind == "op" or out[-1].text == "("):
            continue
        if item.text == ")" and out and out[-1].kind == "op":
            out.pop()
        out.append(item)
    while out and out[-1].kind == "op":
        out.pop()
    if not any(i.kind in ("word", "phrase") for i in out):
        raise Untranslatable("nothing but a filter")
    return out


def _fuzzy(word: str) -> bool:
    return bool(re.search(r"~\d*$", word))


def whoosh_query(query: str) -> str:
    """The query for whoosh's default QueryParser: filters dropped, field prefixes dropped, -w as NOT w."""
    items, _ = _items(query)
    parts = []
    for item in items:
        if item.kind == "word" and _fuzzy(item.text):
            raise Untranslatable("fuzzy word (whoosh's default parser has no fuzzy terms)")
        if item.kind == "phrase":
            parts.append(f'"{item.text}"' + (f"~{item.slop}" if item.slop else ""))
        else:
            parts.append(("NOT " if item.negated else "") + item.text)
    return " ".join(parts)


def fts5_query(query: str) -> str:
    """The query as an FTS5 MATCH expression: words and phrases quoted, ``"a b"~N`` as NEAR, ``w*`` as a prefix."""
    items, _ = _items(query)
    parts: list[str] = []
    for item in items:
        if item.kind in ("op", "paren"):
            parts.append(item.text)
            continue
        if item.kind == "phrase":
            words = ['"' + w.replace('"', '""') + '"' for w in item.text.split()]
            expression = f"NEAR({' '.join(words)}, {item.slop})" if item.slop else '"' + item.text.replace('"', '""') + '"'
        else:
            word = re.sub(r"\^[\d.]+$", "", item.text)
            if _fuzzy(word):
                raise Untranslatable("fuzzy word (FTS5 has no fuzzy match)")
            if "?" in word or "*" in word.rstrip("*"):
                raise Untranslatable("a wildcard other than a trailing * (FTS5 has prefix queries only)")
            expression = '"' + word.rstrip("*").replace('"', '""') + '"' + ("*" if word.endswith("*") else "")
        if item.negated:
            if not parts or parts[-1] in ("(", "AND", "OR", "NOT"):
                raise Untranslatable("a leading -word (FTS5's NOT needs a left operand)")
            parts.append("NOT")
        parts.append(expression)
    return " ".join(parts)


def dropped_filters(query: str) -> list[str]:
    """The date:/classification: filters a baseline leaves out of ``query``."""
    try:
        return _items(query)[1]
    except Untranslatable:
        return []


# ---------------------------------------------------------------- the systems

def api_skips_snippets() -> bool:
    """Whether ``SearchEngine.search`` takes a ``snippets`` flag (it has had none: every hit gets one)."""
    import inspect

    from search_engine import SearchEngine

    return "snippets" in inspect.signature(SearchEngine.search).parameters


class OurEngine:
    """search_engine.SearchEngine as a user calls it."""

    name = "search-engine"
    cold_label = "python -m search_engine --index DIR search QUERY"

    @staticmethod
    def prepare() -> None:
        import nltk.stem.snowball  # noqa: F401  the libraries the baselines import before their clock starts
        import whoosh.index  # noqa: F401

    @staticmethod
    def build(source: Path, dest: Path) -> dict:
        from search_engine import SearchEngine

        summary = SearchEngine(dest).index([source], rebuild=True)
        return {"passages": summary.passages, "documents": summary.documents,
                "skipped": [f"{s.path}: {s.reason}" for s in summary.skipped]}

    @staticmethod
    def update(dest: Path) -> dict:
        from search_engine import SearchEngine

        summary = SearchEngine(dest).index()
        return {"changed": list(summary.changed), "passages": summary.passages}

    @staticmethod
    def translate(query: str) -> str:
        return query

    @staticmethod
    def cold_command(dest: Path, query: str) -> list[str]:
        # -m with ROOT on PYTHONPATH runs the engine beside this script, whatever the virtualenv installed
        return [sys.executable, "-m", "search_engine", "--index", str(dest), "search", query]

    class Searcher:
        def __init__(self, dest: Path):
            from search_engine import SearchEngine
            from search_engine.errors import SearchEngineError

            self.engine = SearchEngine(dest)
            self.errors = (SearchEngineError,)
            self.can_skip_snippets = api_skips_snippets()

        def search(self, query: str, snippets: bool, facets: bool = False) -> list:
            options = {} if snippets or not self.can_skip_snippets else {"snippets": False}
            return [(h.passage_id, h.snippet) for h in self.engine.search(query, limit=TOP, facets=facets,
                                                                          **options).hits]

        def close(self) -> None:
            pass


def whoosh_schema():
    """Passage id (stored ID) and body (stored TEXT, nltk Snowball English behind whoosh's StemFilter)."""
    from nltk.stem.snowball import SnowballStemmer
    from whoosh import fields
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter

    analyzer = RegexTokenizer() | LowercaseFilter() | StemFilter(stemfn=SnowballStemmer("english").stem)
    return fields.Schema(pid=fields.ID(stored=True), body=fields.TEXT(analyzer=analyzer, stored=True))


class WhooshBaseline:
    name = "whoosh"
    cold_label = 'python -c: open_dir, QueryParser("body").parse, search(limit=10), hit.highlights("body")'
    prepare = OurEngine.prepare

    @staticmethod
    def build(passages: Sequence[tuple[str, str]], dest: Path) -> dict:
        from whoosh.index import create_in

        dest.mkdir(parents=True, exist_ok=True)
        ix = create_in(str(dest), whoosh_schema())
        writer = ix.writer()
        for pid, body in passages:
            writer.add_document(pid=pid, body=body)
        writer.commit()
        return {"passages": len(passages)}

    @staticmethod
    def update(dest: Path, old: Sequence[str], new: Sequence[tuple[str, str]]) -> dict:
        from whoosh.index import open_dir

        writer = open_dir(str(dest)).writer()
        for pid in old:
            writer.delete_by_term("pid", pid)
        for pid, body in new:
            writer.add_document(pid=pid, body=body)
        writer.commit()
        return {"deleted": len(old), "added": len(new)}

    translate = staticmethod(whoosh_query)

    @staticmethod
    def cold_command(dest: Path, query: str) -> list[str]:
        return [sys.executable, "-c", _WHOOSH_COLD, str(dest), query]

    class Searcher:
        def __init__(self, dest: Path):
            from whoosh.index import open_dir
            from whoosh.qparser import QueryParser, QueryParserError

            ix = open_dir(str(dest))
            self.searcher = ix.searcher()
            self.parser = QueryParser("body", ix.schema)
            self.errors = (QueryParserError,)

        def search(self, query: str, snippets: bool) -> list:
            from whoosh.highlight import ContextFragmenter

            results = self.searcher.search(self.parser.parse(query), limit=TOP)
            if not snippets:
                return [hit["pid"] for hit in results]
            results.fragmenter = ContextFragmenter()
            return [(hit["pid"], hit.highlights("body")) for hit in results]

        def close(self) -> None:
            self.searcher.close()


_WHOOSH_COLD = """\
import sys
from whoosh.highlight import ContextFragmenter
from whoosh.index import open_dir
from whoosh.qparser import QueryParser
ix = open_dir(sys.argv[1])
with ix.searcher() as searcher:
    results = searcher.search(QueryParser("body", ix.schema).parse(sys.argv[2]), limit=10)
    results.fragmenter = ContextFragmenter()
    for hit in results:
        print(hit["pid"], hit.highlights("body"))
"""

FTS5_FILE = "fts5.db"
_FTS5_SEARCH = "SELECT pid FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10"
_FTS5_SNIPPETS = "SELECT pid, snippet(p, 1, '[', ']', '…', 12) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10"


class Fts5Baseline:
    name = "fts5"
    cold_label = "python -c: sqlite3.connect, MATCH ORDER BY bm25(p) LIMIT 10 with snippet()"

    @staticmethod
    def prepare() -> None:
        pass

    @staticmethod
    def build(passages: Sequence[tuple[str, str]], dest: Path) -> dict:
        dest.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(dest / FTS5_FILE)
        db.execute("CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, body, tokenize='porter unicode61')")
        db.executemany("INSERT INTO p (pid, body) VALUES (?, ?)", passages)
        db.commit()
        db.close()
        return {"passages": len(passages)}

    @staticmethod
    def update(dest: Path, old: Sequence[str], new: Sequence[tuple[str, str]]) -> dict:
        db = sqlite3.connect(dest / FTS5_FILE)
        db.execute(f"DELETE FROM p WHERE pid IN ({', '.join('?' * len(old))})", list(old))
        db.executemany("INSERT INTO p (pid, body) VALUES (?, ?)", new)
        db.commit()
        db.close()
        return {"deleted": len(old), "added": len(new)}

    translate = staticmethod(fts5_query)

    @staticmethod
    def cold_command(dest: Path, query: str) -> list[str]:
        return [sys.executable, "-c", _FTS5_COLD, str(dest / FTS5_FILE), query]

    class Searcher:
        def __init__(self, dest: Path):
            self.db = sqlite3.connect(dest / FTS5_FILE)
            self.errors = (sqlite3.OperationalError,)

        def search(self, query: str, snippets: bool) -> list:
            return self.db.execute(_FTS5_SNIPPETS if snippets else _FTS5_SEARCH, (query,)).fetchall()

        def close(self) -> None:
            self.db.close()


_FTS5_COLD = f"""\
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for pid, snippet in db.execute({_FTS5_SNIPPETS!r}, (sys.argv[2],)):
    print(pid, snippet)
"""

SYSTEMS = {s.name: s for s in (OurEngine, WhooshBaseline, Fts5Baseline)}
BASELINES = ("whoosh", "fts5")
