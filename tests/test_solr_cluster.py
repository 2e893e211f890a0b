"""The test SolrCloud itself: a collection of 2 shards x 2 replicas survives a stopped node, and the
configset's analysis and search features (ICU folding, Snowball English and Russian, date ranges,
highlighting, collapse, spellcheck, synonyms) load and work on Solr 9.10.1."""

import time

import pytest

from tests.solr_cluster import upload_configset

pytestmark = pytest.mark.solr

CONFIGSET = "sources"

PASSAGES = [
    {"id": "frus-1!p1", "doc_id": "frus-1", "dates": ["1962-10"],
     "text_en": "The Soviet Ambassador delivered a cable to the Secretary of State about Cuba."},
    {"id": "frus-1!p2", "doc_id": "frus-1", "dates": ["[1962-10-22 TO 1962-10-28]"],
     "text_en": "The Secretary replied that the missiles in Cuba must be removed."},
    {"id": "prot-7!p1", "doc_id": "prot-7", "dates": ["1962-10-25"],
     "text_ru": "Протокол заседания Политбюро о положении на Кубе. Товарищ Хрущёв выступил с докладом."},
    {"id": "memo-3!p1", "doc_id": "memo-3", "dates": ["[1961-06 TO 1961-11]"],
     "text_en": "Memorandum for the President on the Berlin crisis, after a meeting at the café."},
]


@pytest.fixture(scope="module")
def configset(solr_cluster):
    upload_configset(solr_cluster, CONFIGSET)
    return CONFIGSET


def create_collection(cluster, name, shards, replicas):
    cluster.get("admin/collections", {"action": "CREATE", "name": name, "collection.configName": CONFIGSET,
                                      "numShards": shards, "replicationFactor": replicas,
                                      "waitForFinalState": "true"})


def replicas(cluster, collection):
    """(shard, node base URL, state, node is live) for every replica of the collection."""
    status = cluster.get("admin/collections", {"action": "CLUSTERSTATUS", "collection": collection})
    live = set(status["cluster"]["live_nodes"])
    shards = status["cluster"]["collections"][collection]["shards"]
    return [(shard, replica["base_url"], replica["state"], replica["node_name"] in live)
            for shard, info in shards.items() for replica in info["replicas"].values()]


def wait_until_all_active(cluster, collection, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        states = replicas(cluster, collection)
        if all(state == "active" and live for _, _, state, live in states):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"replicas of {collection} not all active after {timeout} s: {states}")
        time.sleep(0.5)


def select(cluster, collection, node=0, **params):
    return cluster.get(f"{collection}/select", params, node=node)


def ids(response):
    return sorted(doc["id"] for doc in response["response"]["docs"])


def test_collection_answers_while_a_node_is_down(solr_cluster, configset):
    cluster = solr_cluster
    create_collection(cluster, "failover", shards=2, replicas=2)
    try:
        # Each shard has a replica on each node, so either node alone holds the whole collection.
        placement = {}
        for shard, node_url, _, _ in replicas(cluster, "failover"):
            placement.setdefault(shard, set()).add(node_url)
        assert placement == {"shard1": set(cluster.node_urls), "shard2": set(cluster.node_urls)}

        cluster.post("failover/update", PASSAGES, params={"commit": "true"})
        everything = select(cluster, "failover", q="*:*", rows=10)
        assert everything["response"]["numFound"] == len(PASSAGES)
        assert ids(select(cluster, "failover", q="text_en:cuba")) == ["frus-1!p1", "frus-1!p2"]

        cluster.stop_node(1)
        assert cluster.running() == [True, False]
        while_down = select(cluster, "failover", node=0, q="*:*", rows=10)
        assert while_down["response"]["numFound"] == len(PASSAGES)
        assert not while_down["responseHeader"].get("partialResults")
        assert ids(select(cluster, "failover", node=0, q="text_en:cuba")) == ["frus-1!p1", "frus-1!p2"]

        cluster.start_node(1)
        wait_until_all_active(cluster, "failover")
        assert select(cluster, "failover", node=1, q="*:*")["response"]["numFound"] == len(PASSAGES)
    finally:
        if not all(cluster.running()):
            cluster.start_node(1)
        cluster.get("admin/collections", {"action": "DELETE", "name": "failover"})


@pytest.fixture(scope="module")
def features(solr_cluster, configset):
    """A collection of the passages; the compositeId prefix keeps a document's passages on one shard."""
    create_collection(solr_cluster, "features", shards=2, replicas=1)
    solr_cluster.post("features/update", PASSAGES, params={"commit": "true"})
    yield "features"
    solr_cluster.get("admin/collections", {"action": "DELETE", "name": "features"})


@pytest.mark.parametrize("query, expected", [
    ("text_en:cafe", ["memo-3!p1"]),                    # ICU folding: café
    ("text_en:missile", ["frus-1!p2"]),                  # Snowball English: missiles
    ("text_en:replies", ["frus-1!p2"]),                  # replied
    ("text_en:USSR", ["frus-1!p1"]),                     # synonyms.txt: ussr, soviet
    ("text_en:telegram", ["frus-1!p1"]),                 # synonyms.txt: cable, telegram
    ("text_ru:Хрущев", ["prot-7!p1"]),                   # ICU folding: ё
    ("text_ru:протоколы", ["prot-7!p1"]),                # Snowball Russian: протокол
    ("text_ru:заседании", ["prot-7!p1"]),                # заседания
])
def test_analysis_folds_and_stems(solr_cluster, features, query, expected):
    assert ids(select(solr_cluster, features, q=query)) == expected


@pytest.mark.parametrize("op, dates, expected", [
    ("Intersects", "[1962-10-24 TO 1962-10-26]", ["frus-1!p1", "frus-1!p2", "prot-7!p1"]),
    ("Intersects", "1961", ["memo-3!p1"]),
    ("Within", "[1962-10-20 TO 1962-10-31]", ["frus-1!p2", "prot-7!p1"]),
    ("Contains", "1962-10-23", ["frus-1!p1", "frus-1!p2"]),
])
def test_date_range_queries(solr_cluster, features, op, dates, expected):
    query = f"{{!field f=dates op={op}}}{dates}"
    assert ids(select(solr_cluster, features, q=query)) == expected


def test_highlighting_marks_stored_text(solr_cluster, features):
    response = select(solr_cluster, features, q="text_en:missile", **{"hl": "true", "hl.fl": "text_en"})
    [snippet] = response["highlighting"]["frus-1!p2"]["text_en"]
    assert "<em>missiles</em>" in snippet


def test_collapse_and_expand_group_passages_by_document(solr_cluster, features):
    response = select(solr_cluster, features, q="text_en:secretary", fq="{!collapse field=doc_id}",
                      expand="true")
    assert response["response"]["numFound"] == 1
    [head] = response["response"]["docs"]
    others = response["expanded"]["frus-1"]["docs"]
    assert sorted([head["id"], *(doc["id"] for doc in others)]) == ["frus-1!p1", "frus-1!p2"]


def test_spellcheck_suggests_indexed_words(solr_cluster, features):
    response = select(solr_cluster, features, q="text_en:missils", spellcheck="true",
                      **{"spellcheck.q": "missils"})
    suggestions = response["spellcheck"]["suggestions"]
    assert suggestions[0] == "missils"
    assert "missiles" in suggestions[1]["suggestion"]


def test_managed_synonyms_apply_after_reload(solr_cluster, features):
    assert ids(select(solr_cluster, features, q="text_syn:envoy")) == []
    solr_cluster.post(f"{features}/schema/analysis/synonyms/english", {"envoy": ["ambassador"]},
                      method="PUT")
    solr_cluster.get("admin/collections", {"action": "RELOAD", "name": features})
    assert ids(select(solr_cluster, features, q="text_syn:envoy")) == ["frus-1!p1"]
