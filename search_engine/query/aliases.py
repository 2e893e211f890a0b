"""Aliases: names that stand for one another, so a search for one finds the others.

An aliases file holds one group per line, names separated by ``=``::

    # the translator's note in 002: "Pavlov" is the pseudonym used for Ambassador Alekseev
    Pavlov = Alekseev = Alexeyev
    Robert F. Kennedy = RFK

A query word, quoted phrase or run of plain words that is one of a group's names is also searched as
any of them. Matching folds case and diacritics, like the index. The file is read from the index folder
(``aliases.txt``) unless another is named, and joined to the thesaurus that ships with the engine
(``vocabulary/thesaurus.txt``: events, treaties, bodies and people under the names historians and the
records of the time give them).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import AliasesError

FILENAME = "aliases.txt"


@dataclass(frozen=True)
class Aliases:
    """Alias groups, looked up by the folded form of any of their names."""

    groups: tuple[tuple[str, ...], ...] = ()
    source: str = ""
    _index: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for group in self.groups:
            for name in group:
                self._index[key(name)] = group

    def group(self, text: str) -> tuple[str, ...] | None:
        """The group ``text`` belongs to (itself included), or None."""
        return self._index.get(key(text))

    def __bool__(self) -> bool:
        return bool(self.groups)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    from ..analysis.tokens import TOKEN_PATTERN, fold

    return " ".join(fold(w) for w in re.findall(TOKEN_PATTERN, text))


def parse_aliases(text: str, source: str = "") -> Aliases:
    """Read alias groups; AliasesError names the line of a group that is malformed."""
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        names = tuple(n.strip() for n in line.split("="))
        if len(names) < 2 or not all(key(n) for n in names):
            raise AliasesError(f"{source or 'aliases'} line {number}: expected 'Name = Other name [= ...]', "
                               f"got {raw.strip()!r}")
        for n in names:
            k = key(n)
            if k in seen and seen[k] != number:
                raise AliasesError(f"{source or 'aliases'} line {number}: {n!r} is already in the group on line "
                                   f"{seen[k]}; put all its names on one line")
            seen[k] = number
        groups.append(names)
    return Aliases(tuple(groups), source)


def load_aliases(path: str | os.PathLike | None, index_dir: str | os.PathLike | None = None,
                 thesaurus: bool = True) -> Aliases:
    """The aliases of ``path``, else of the index folder's aliases.txt (else none), joined to the shipped
    thesaurus of names of events, treaties, bodies and people (unless ``thesaurus`` is False)."""
    if path is None and index_dir is not None and (Path(index_dir) / FILENAME).is_file():
        path = Path(index_dir) / FILENAME
    own = Aliases()
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise AliasesError(f"cannot read the aliases file {path}: {getattr(e, 'strerror', None) or e}") from e
        own = parse_aliases(text, str(path))
    return _with_thesaurus(own) if thesaurus else own


@lru_cache(maxsize=16)
def _with_thesaurus(own: Aliases) -> Aliases:
    """The shipped thesaurus joined to ``own``, merged once per distinct set of groups (every search loads
    the aliases, and merging the thesaurus again took about 10 ms of each)."""
    return merge(shipped_thesaurus(), own)


THESAURUS = Path(__file__).resolve().parent.parent / "vocabulary" / "thesaurus.txt"
# the Snowball stems of the thesaurus's words, which ship beside it: a query expanded through the thesaurus
# stems the names no document writes (the index's words table knows only the documents' words), and
# stemming them with nltk cost a cold query as much as the rest of it (tests/test_query_features.py checks
# the file against nltk, and writes it again with UPDATE_GOLDEN=1)
THESAURUS_STEMS = THESAURUS.with_name("thesaurus_stems.txt")


@lru_cache(maxsize=1)
def shipped_thesaurus() -> Aliases:
    """The thesaurus that ships with the engine (vocabulary/thesaurus.txt); its words' stems are known from
    then on (vocabulary/thesaurus_stems.txt)."""
    from ..analysis.stemming import know_stems

    know_stems(shipped_stems().get)
    return parse_aliases(THESAURUS.read_text(encoding="utf-8"), str(THESAURUS))


@lru_cache(maxsize=1)
def shipped_stems() -> dict[str, str]:
    """Folded word -> Snowball stem, for the words of the shipped thesaurus (and the transliterations of its
    Cyrillic words): lines of ``word<TAB>stem`` after a comment, as :func:`thesaurus_stems` makes them."""
    try:
        lines = THESAURUS_STEMS.read_text(encoding="utf-8").splitlines()
    except OSError:  # not shipped: the words are stemmed as any other
        return {}
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def thesaurus_stems() -> str:
    """The text of vocabulary/thesaurus_stems.txt for the thesaurus as it is (stemmed with nltk)."""
    from ..analysis.stemming import snowball_stem, stems_of
    from ..analysis.tokens import TOKEN_PATTERN, fold

    text = THESAURUS.read_text(encoding="utf-8")
    words = {fold(w) for group in parse_aliases(text).groups for name in group for w in re.findall(TOKEN_PATTERN, name)}
    stems = stems_of(sorted(words), snowball_stem)  # nltk's, not the lookups' (these among them)
    return ("# The Snowball stems of the words of thesaurus.txt (folded), and of their transliterations: made by\n"
            "# search_engine.query.aliases.thesaurus_stems (UPDATE_GOLDEN=1 python -m pytest tests/test_query_features.py)\n"
            + "".join(f"{w}\t{stems[w]}\n" for w in sorted(stems)))


def merge(*sets: Aliases) -> Aliases:
    """One set of groups from several: groups that share a name become one group (names in first-seen order)."""
    groups: list[list[str] | None] = []
    where: dict[str, int] = {}  # a name's key -> the index of the group that holds it
    for aliases in sets:
        for group in aliases.groups:
            joined = sorted({where[k] for n in group if (k := key(n)) in where})
            names: list[str] = [n for i in joined for n in groups[i]]  # type: ignore[union-attr]
            seen = {key(n) for n in names}
            names += [n for n in group if key(n) not in seen and not seen.add(key(n))]
            for i in joined:
                groups[i] = None
            groups.append(names)
            for n in names:
                where[key(n)] = len(groups) - 1
    return Aliases(tuple(tuple(g) for g in groups if g is not None), "; ".join(a.source for a in sets if a.source))
