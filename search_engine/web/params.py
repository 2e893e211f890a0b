"""The search page's state, read from the URL: every filter, the sort, the grouping and the page live in the
query string, so a search can be bookmarked and shared. Bad values are a 400 with a message that says which."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PASSAGES_PAGED = 1000  # pages reach this many passages; the exports have every matching passage
SORTS = ("relevance", "date", "-date")


class BadParameter(ValueError):
    """A query-string value the page cannot use: shown as a 400 page with this message."""


@dataclass(frozen=True)
class SearchState:
    q: str = ""
    date_from: str = ""
    date_to: str = ""
    classification: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    doc: tuple[str, ...] = ()
    collection: tuple[str, ...] = ()  # a library's collections (Tropy lists) and tags
    tag: tuple[str, ...] = ()
    folder: tuple[str, ...] = ()  # dir= in the address: the folders of the source files, as dir:NAME
    ext: tuple[str, ...] = ()  # file types, as ext:NAME
    sort: str = "relevance"
    per_doc: int = 0
    page: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def from_args(cls, args) -> SearchState:
        """Read ``request.args`` (a MultiDict)."""
        sort = args.get("sort", "relevance") or "relevance"
        if sort not in SORTS:
            raise BadParameter(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
        state = cls(
            q=args.get("q", "").strip(),
            date_from=args.get("from", "").strip(),
            date_to=args.get("to", "").strip(),
            classification=_values(args, "classification"),
            language=_values(args, "lang"),
            doc=_values(args, "doc"),
            collection=_values(args, "collection"),
            tag=_values(args, "tag"),
            folder=_values(args, "dir"),
            ext=_values(args, "ext"),
            sort=sort,
            per_doc=_whole(args, "per_doc", 0, 0, 1000),
            page=_whole(args, "page", 1, 1, None),
            size=_whole(args, "n", PAGE_SIZE, 1, MAX_PAGE_SIZE),
        )
        if state.page * state.size > MAX_PASSAGES_PAGED + state.size:
            raise BadParameter(f"pages reach the first {MAX_PASSAGES_PAGED} passages; download the results "
                               "(CSV, JSON Lines or RIS) for all of them")
        return state

    def search_kwargs(self) -> dict:
        """The keyword arguments of ``SearchEngine.search`` (and ``export``) for the filters."""
        return {"date_from": self.date_from or None, "date_to": self.date_to or None,
                "classification": list(self.classification), "language": list(self.language), "doc": list(self.doc),
                "collection": list(self.collection), "tag": list(self.tag), "sort": self.sort,
                **({"dir": list(self.folder)} if self.folder else {}), **({"ext": list(self.ext)} if self.ext else {})}

    def query_string(self, **changes) -> str:
        """This state's URL query, with ``changes`` (page resets to 1 unless given)."""
        state = replace(self, **({"page": 1} | changes))
        pairs: list[tuple[str, str]] = [("q", state.q)] if state.q else []
        if state.date_from:
            pairs.append(("from", state.date_from))
        if state.date_to:
            pairs.append(("to", state.date_to))
        pairs += [("classification", c) for c in state.classification]
        pairs += [("lang", v) for v in state.language]
        pairs += [("doc", d) for d in state.doc]
        pairs += [("collection", c) for c in state.collection]
        pairs += [("tag", t) for t in state.tag]
        pairs += [("dir", f) for f in state.folder]
        pairs += [("ext", e) for e in state.ext]
        if state.sort != "relevance":
            pairs.append(("sort", state.sort))
        if state.per_doc != 0:
            pairs.append(("per_doc", str(state.per_doc)))
        if state.size != PAGE_SIZE:
            pairs.append(("n", str(state.size)))
        if state.page != 1:
            pairs.append(("page", str(state.page)))
        return urlencode(pairs)

    def with_value(self, name: str, value: str) -> str:
        """The query string with ``value`` added to the list filter ``name`` (classification, language, doc,
        collection, tag, folder, ext)."""
        values = getattr(self, name)
        return self.query_string(**{name: values if value in values else values + (value,)})

    def without_value(self, name: str, value: str) -> str:
        return self.query_string(**{name: tuple(v for v in getattr(self, name) if v != value)})

    @property
    def filtered(self) -> bool:
        return bool(self.date_from or self.date_to or self.classification or self.language or self.doc
                    or self.collection or self.tag or self.folder or self.ext)


def _values(args, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))


def _whole(args, name: str, default: int, low: int, high: int | None) -> int:
    raw = args.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw!r}") from None
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise BadParameter(f"{name} must be {bounds}, not {value}")
    return value


@dataclass(frozen=True)
class RelatedState:
    """The state of a "more like this" page (/related/ID): the source's paragraph, if a passage, and the
    filters of ``search-engine related``."""

    paragraph: int | None = None
    date_from: str = ""
    date_to: str = ""
    classification: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    per_doc: int = 1
    size: int = 10

    @classmethod
    def from_args(cls, args) -> RelatedState:
        return cls(
            paragraph=_whole(args, "p", 0, 1, None) or None,
            date_from=args.get("from", "").strip(),
            date_to=args.get("to", "").strip(),
            classification=_values(args, "classification"),
            language=_values(args, "lang"),
            per_doc=_whole(args, "per_doc", 1, 0, 1000),
            size=_whole(args, "n", 10, 1, MAX_PAGE_SIZE),
        )

    def related_kwargs(self) -> dict:
        """The keyword arguments of ``SearchEngine.related``."""
        return {"limit": self.size, "per_doc": self.per_doc, "date_from": self.date_from or None,
                "date_to": self.date_to or None, "classification": list(self.classification),
                "language": list(self.language)}

    @property
    def filtered(self) -> bool:
        return bool(self.date_from or self.date_to or self.classification or self.language)
