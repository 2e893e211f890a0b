"""HTTP to a SolrCloud collection: JSON in and out, every node of the URL tried in turn.

The standard library's urllib is the client: the project depends on no HTTP library (Flask and waitress
serve, they do not fetch), Solr speaks plain JSON over HTTP/1.1, and what a cluster client needs beyond
that (trying the next node when one does not answer) is a loop here, not a dependency.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..errors import IndexNotFoundError, SearchEngineError

SCHEME = "solr://"
TIMEOUT = 60.0  # seconds for one request to one node
RETRY_SECONDS = 30.0  # how long an update keeps retrying while the cluster elects new leaders
SCHEMA_NAME = "search-engine-passages"  # managed-schema.xml's name: a collection made from our configset

# Loopback and cluster-internal hosts: never send the requests to a proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SolrError(SearchEngineError):
    """Solr refused a request or no node of the URL answered."""


class ForeignCollectionError(IndexNotFoundError):
    """The collection exists but was not made from our configset."""


class SolrUnreachableError(SolrError):
    """No node of the URL answered."""


@dataclass(frozen=True)
class SolrURL:
    """``solr://host:port[,host:port...]/solr/COLLECTION``: the nodes to ask, the path and the collection."""

    nodes: tuple[str, ...]  # http://host:port/solr
    collection: str
    text: str

    @classmethod
    def parse(cls, url: str) -> SolrURL:
        if not url.startswith(SCHEME):
            raise SolrError(f"{url!r} is not a Solr URL (solr://HOST:PORT/solr/COLLECTION)")
        hosts, _, path = url[len(SCHEME):].partition("/")
        parts = [p for p in path.split("/") if p]
        if not hosts or len(parts) < 2:
            raise SolrError(f"{url!r}: a Solr URL names a node and a collection, "
                            "e.g. solr://localhost:8983/solr/frus (several nodes: solr://h1:8983,h2:8983/solr/frus)")
        collection = parts[-1]
        base = "/" + "/".join(parts[:-1])
        nodes = tuple(f"http://{h.strip()}{base}" for h in hosts.split(",") if h.strip())
        return cls(nodes, collection, url)


def is_solr_url(value) -> bool:
    return isinstance(value, str) and value.startswith(SCHEME)


class SolrClient:
    """Requests to one collection (and the cluster's admin API), node after node until one answers."""

    def __init__(self, url: str | SolrURL):
        self.url = url if isinstance(url, SolrURL) else SolrURL.parse(url)
        self.collection = self.url.collection
        self._preferred = 0  # the node that answered last is asked first

    def select(self, params: dict) -> dict:
        return self.request(f"{self.collection}/select", params, method="POST")

    def update(self, docs: list[dict], *, commit: bool = False) -> dict:
        params = {"commit": "true"} if commit else {}
        return self.request(f"{self.collection}/update", params, body=docs, retry=True)

    def delete(self, query: str) -> dict:
        return self.request(f"{self.collection}/update", {}, body={"delete": {"query": query}}, retry=True)

    def commit(self) -> dict:
        return self.request(f"{self.collection}/update", {"commit": "true", "waitSearcher": "true"}, body={},
                            retry=True)

    def admin(self, action: str, **params) -> dict:
        return self.request("admin/collections", {"action": action, **params})

    def request(self, path: str, params: dict, *, body=None, method: str | None = None, retry: bool = False,
                content_type: str = "application/json") -> dict:
        """One request, to the first node of the URL that answers; with ``retry``, also again for up to
        RETRY_SECONDS while the cluster answers 503 or no node answers (a leader being elected)."""
        deadline = time.monotonic() + (RETRY_SECONDS if retry else 0)
        while True:
            try:
                return self._once(path, params, body, method, content_type)
            except SolrError as e:
                if not retry or time.monotonic() > deadline or not _transient(e):
                    raise
                time.sleep(0.5)

    def _once(self, path, params, body, method, content_type) -> dict:
        query = dict(params, wt="json")
        if body is None and method == "POST":  # a long query goes in the body, form-encoded
            data = urllib.parse.urlencode(query, doseq=True).encode("utf-8")
            query, content_type = {}, "application/x-www-form-urlencoded"
        elif body is None:
            data = None
        else:
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
        suffix = ("?" + urllib.parse.urlencode(query, doseq=True)) if query else ""
        failures = []
        order = list(range(len(self.url.nodes)))
        order = order[self._preferred:] + order[:self._preferred]
        for i in order:
            node = self.url.nodes[i]
            request = urllib.request.Request(f"{node}/{path}{suffix}", data=data, method=method or (
                "POST" if data is not None else "GET"), headers={"Content-Type": content_type} if data else {})
            try:
                with _OPENER.open(request, timeout=TIMEOUT) as response:
                    answer = json.load(response)
                self._preferred = i
                return answer
            except urllib.error.HTTPError as e:
                message = _solr_message(e)
                if e.code == 404 and path.startswith(self.collection + "/"):
                    raise IndexNotFoundError(
                        f"no collection {self.collection!r} at {node} (create it with `search-engine solr init "
                        f"{self.url.text}`)") from None
                if e.code in (502, 503, 504):  # this node cannot serve it now: the next one may
                    failures.append(f"{node}: {e.code} {message}")
                    continue
                raise SolrError(f"Solr answered {e.code} to {path}: {message}") from None
            except (urllib.error.URLError, OSError, ValueError) as e:
                reason = getattr(e, "reason", e)
                failures.append(f"{node}: {reason}")
        if all(": 5" not in f for f in failures):
            raise SolrUnreachableError(f"no Solr node of {self.url.text} answers ({'; '.join(failures)})")
        raise SolrError(f"Solr cannot serve {path} now ({'; '.join(failures)})")

    def check_collection(self) -> None:
        """Raise unless the collection exists and was made from our configset."""
        try:
            name = self.request(f"{self.collection}/schema/name", {}).get("name")
        except IndexNotFoundError:
            raise
        if name != SCHEMA_NAME:
            raise ForeignCollectionError(
                f"collection {self.collection!r} was not made from search-engine's configset (its schema is "
                f"{name!r}); create one with `search-engine solr init {self.url.text}`")


def _transient(error: SolrError) -> bool:
    return isinstance(error, SolrUnreachableError) or "cannot serve" in str(error) or " 503 " in str(error)


def _solr_message(error: urllib.error.HTTPError) -> str:
    raw = error.read().decode("utf-8", "replace")
    try:
        return json.loads(raw)["error"]["msg"]
    except (ValueError, KeyError, TypeError):
        return raw.strip()[:300] or error.reason
