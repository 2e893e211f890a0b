"""Create a collection from the configset shipped in search_engine/solr/configset/, and check its health."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .client import SolrClient, SolrError

CONFIGSET_DIR = Path(__file__).resolve().parent / "configset"
CONFIGSET_NAME = "search-engine"


def configset_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(CONFIGSET_DIR.iterdir()):
            if path.is_file():
                archive.write(path, path.name)
    return buffer.getvalue()


def init_collection(client: SolrClient, *, shards: int = 1, replicas: int = 1, configset: str = CONFIGSET_NAME) -> dict:
    """Upload the configset (replacing an older upload of ours) and create the collection; returns what was done.

    An existing collection made from our configset is left as it is; one made from another is an error.
    """
    if shards < 1 or replicas < 1:
        raise SolrError(f"a collection needs at least one shard and one replica, not {shards} x {replicas}")
    existing = client.admin("LIST").get("collections", [])
    if client.collection in existing:
        client.check_collection()
        return {"collection": client.collection, "created": False}
    client.request("admin/configs", {"action": "UPLOAD", "name": configset, "overwrite": "true",
                                     "cleanup": "true"}, body=configset_zip(), content_type="application/octet-stream")
    client.admin("CREATE", name=client.collection, **{"collection.configName": configset}, numShards=shards,
                 replicationFactor=replicas, waitForFinalState="true")
    return {"collection": client.collection, "created": True, "shards": shards, "replicas": replicas,
            "configset": configset}


def health(client: SolrClient) -> dict:
    """Each shard's replicas, their state and whether their node is live."""
    status = client.admin("CLUSTERSTATUS", collection=client.collection)
    live = set(status["cluster"]["live_nodes"])
    shards = status["cluster"]["collections"][client.collection]["shards"]
    return {shard: [{"node": r["node_name"], "state": r["state"], "live": r["node_name"] in live,
                     "leader": r.get("leader") == "true"} for r in info["replicas"].values()]
            for shard, info in shards.items()}
