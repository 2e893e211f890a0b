"""The Solr backend against a real SolrCloud (2 nodes, 2 shards x 2 replicas): the same documents, results,
filters, facets and JSON as the embedded index; a stopped node loses no query and an interrupted build
resumes; bad input gives a message and an exit code."""

import json
import time

import pytest
from click.testing import CliRunner

from benchmarks.solr_compare import benchmark_queries, compare
from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.errors import DocumentNotFoundError, IndexNotFoundError
from search_engine.solr.build import build
from search_engine.solr.client import SolrClient, SolrError
from tests.conftest import SEEDS

pytestmark = pytest.mark.solr


def url_of(cluster, collection, nodes=None):
    hosts = ",".join(u.split("//")[1].split("/")[0] for u in (nodes or cluster.node_urls))
    return f"solr://{hosts}/solr/{collection}"


def wait_for_leaders(engine, timeout=90):
    """Until every shard has a live leader (after a node stops, the other replica is elected)."""
    deadline = time.monotonic() + timeout
    while not all(any(r["leader"] and r["live"] for r in rs) for rs in engine.health().values()):
        assert time.monotonic() < deadline, engine.health()
        time.sleep(0.5)


def wait_until_active(engine, timeout=90):
    deadline = time.monotonic() + timeout
    while not all(r["state"] == "active" and r["live"] for rs in engine.health().values() for r in rs):
        assert time.monotonic() < deadline, engine.health()
        time.sleep(0.5)


@pytest.fixture(scope="module")
def collection(solr_cluster, seeds_index):
    url = url_of(solr_cluster, "seeds16")
    engine = SearchEngine(url)
    done = engine.init_collection(shards=2, replicas=2)
    assert done["created"]
    summary = engine.index([str(SEEDS)])
    assert (summary.documents, summary.passages) == (2, 45)
    yield engine
    solr_cluster.get("admin/collections", {"action": "DELETE", "name": "seeds16"})


@pytest.fixture(scope="module")
def local(seeds_index):
    return SearchEngine(seeds_index)


def test_the_collection_holds_the_same_documents_metadata_and_passages(collection, local):
    assert collection.documents() == local.documents()
    for info in local.documents():
        assert collection.document(info.doc_id) == local.document(info.doc_id)
    assert collection.passage("000_17656c3dbdfa3f82#p8", context=1) == local.passage("000_17656c3dbdfa3f82#p8",
                                                                                       context=1)
    assert collection.cite("000_17656c3dbdfa3f82") == local.cite("000_17656c3dbdfa3f82")
    assert collection.verify() == 2


def test_an_unchanged_folder_is_not_sent_again(collection):
    summary = collection.index()
    assert (summary.unchanged, summary.added, summary.changed, summary.modified) == (2, (), (), False)
    assert [s.path for s in collection.sources()] == [str(SEEDS)]


def test_the_benchmark_queries_agree_with_the_embedded_index(collection, local):
    result = compare(local, collection, benchmark_queries())
    # measured: 65 of 71 totals, 64 of 71 facet sets, 0.94 of the top 10 in common (see the README)
    assert result["same_totals"] >= 0.85 * result["queries"], result["differing"]
    assert result["same_facets"] >= 0.85 * result["queries"], result["differing"]
    assert result["top10_overlap"] >= 0.9


def test_the_collection_ranks_as_the_embedded_index_does(collection, local):
    # Solr finds the candidates; our BM25F and ranking rules score them with the collection's statistics
    result = compare(local, collection, benchmark_queries())
    # measured: 0.90 (the rest are queries with a misspelt word, which Solr's spellchecker respells)
    assert result["top10_same_position"] >= 0.85, result
    for query in ("dismantle the missiles", "Khrushchev", '"missile installations"', "title:letter", "Хрущёв"):
        a = local.search(query, dedupe=False)
        b = collection.search(query)
        assert [h.passage_id for h in b] == [h.passage_id for h in a]
        assert [h.score for h in b] == pytest.approx([h.score for h in a], rel=1e-9)


def test_ranking_writes_nothing_to_the_temporary_folder(collection, local, tmp_path, monkeypatch):
    # whoosh's RamStorage sorted a writer's postings in <tmp>/MAIN.tmp, one folder for every writer: two
    # searches at once (the web page's threads, two processes) deleted it under each other
    import tempfile

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))
    found = collection.search("Kennedy -Castro")
    assert [h.passage_id for h in found] == [h.passage_id for h in local.search("Kennedy -Castro", dedupe=False)]


@pytest.mark.parametrize("query", [
    "=missiles", '="missile bases"', "=missile*", "dir:seeds missiles", "ext:txt Khrushchev", "Cuba -dir:seeds",
    "assassinat*", "Khrushch?v",
])
def test_written_forms_folders_and_file_types_find_the_same_passages(collection, local, query):
    a = local.search(query, limit=50, dedupe=False)
    b = collection.search(query, limit=50)
    assert b.total == a.total
    assert [h.passage_id for h in b] == [h.passage_id for h in a]


@pytest.mark.parametrize("places", [
    {"dir": "seeds"}, {"ext": "txt"}, {"dir": ["nowhere", "seeds"]}, {"ext": ".pdf"}, {"dir": "eds"},
    {"dir": "seeds", "ext": "md"},
])
def test_the_folder_and_file_type_arguments_keep_the_same_passages(collection, local, places):
    a = local.search("missiles", limit=50, facets=True, dedupe=False, **places)
    b = collection.search("missiles", limit=50, facets=True, **places)
    assert (b.total, b.facets) == (a.total, a.facets)
    assert [h.passage_id for h in b] == [h.passage_id for h in a]


def test_a_bad_file_type_argument_is_the_same_error(collection, local):
    from search_engine.errors import QueryError

    for engine in (local, collection):
        with pytest.raises(QueryError, match="ext: takes a file type"):
            engine.search("missiles", ext="a/b")


def test_documents_are_added_deleted_and_the_collection_compacted(solr_cluster, local):
    from search_engine.model import Document, Paragraph

    engine = SearchEngine(url_of(solr_cluster, "edits16"))
    engine.init_collection(shards=2, replicas=1)
    try:
        engine.index([str(SEEDS)])
        note = Document(doc_id="note-1", title="Reading-room note",
                        paragraphs=(Paragraph(1, "The quarantine line was drawn at five hundred miles."),))
        info = engine.add(note)
        assert info.doc_id == "note-1" and info.passages == 1
        assert [h.passage_id for h in engine.search("quarantine line")] == ["note-1#p1"]
        with pytest.raises(ValueError, match="is the id of a document of"):
            engine.add(Document(doc_id="000_17656c3dbdfa3f82", title="x", paragraphs=(Paragraph(1, "x"),)))
        engine.delete("000_17656c3dbdfa3f82")
        assert sorted(d.doc_id for d in engine.documents()) == ["002_54cc86d0ab452d54", "note-1"]
        assert engine.search("Castro").total == local.search("Castro", doc="002_54cc86d0ab452d54", dedupe=False).total
        # the file is unchanged: the deleted document stays out; the added one is kept
        summary = engine.index()
        assert summary.unchanged == 2
        assert sorted(d.doc_id for d in engine.documents()) == ["002_54cc86d0ab452d54", "note-1"]
        compacted = engine.compact()
        assert (compacted.documents, compacted.passages) == (2, 26)
        assert engine.verify() == 2
        engine.delete("note-1")
        assert engine.search("quarantine line").total == 0
        with pytest.raises(DocumentNotFoundError):
            engine.delete("note-1")
        assert engine.index(rebuild=True).documents == 2  # read again: the deleted document is back
        assert sorted(d.doc_id for d in engine.documents()) == ["000_17656c3dbdfa3f82", "002_54cc86d0ab452d54"]
    finally:
        solr_cluster.get("admin/collections", {"action": "DELETE", "name": "edits16"})


@pytest.mark.parametrize("query", [
    "dismantle the missiles", '"missile installations"', "dismant*", "Khrushchov~", "Хрущёв",
    "title:letter", "date:1962-10-28 Castro", "classification:\"top secret\" missiles", "Cuba AND NOT Kennedy",
    "+guarantee Cuba", '"missile bases"~3', "doc:002_54cc86d0ab452d54 missile",
])
def test_query_syntax_finds_the_same_passages(collection, local, query):
    a = local.search(query, limit=50, dedupe=False)
    b = collection.search(query, limit=50)
    assert b.total == a.total
    assert {h.passage_id for h in b} == {h.passage_id for h in a}
    if a.hits and b.hits[0].passage_id == a.hits[0].passage_id:
        assert b.hits[0].snippet == a.hits[0].snippet


@pytest.mark.parametrize("filters", [
    {"date_from": "1962-10-28", "date_to": "1962-10-28"}, {"classification": "top secret"},
    {"language": "en"}, {"doc": "000_17656c3dbdfa3f82"}, {"date_from": "1963"},
])
def test_filters_and_facets_count_the_same(collection, local, filters):
    a = local.search("missile", facets=True, dedupe=False, **filters)
    b = collection.search("missile", facets=True, **filters)
    assert (b.total, b.documents, b.facets, b.document_titles) == (a.total, a.documents, a.facets, a.document_titles)


def test_grouping_per_document_says_how_many_more(collection, local):
    a = local.search("missile", limit=5, per_doc=1, dedupe=False)
    b = collection.search("missile", limit=5, per_doc=1)
    assert [(h.doc_id, h.more_in_document) for h in b] == [(h.doc_id, h.more_in_document) for h in a]


def test_search_json_has_the_same_shape(collection, local, seeds_index):
    runner = CliRunner()
    on_solr = runner.invoke(main, ["search", "dismantle the missiles", "--json", "--index", collection.url])
    on_disk = runner.invoke(main, ["search", "dismantle the missiles", "--json", "--index", str(seeds_index)])
    assert on_solr.exit_code == on_disk.exit_code == 0, on_solr.output
    a, b = json.loads(on_disk.output), json.loads(on_solr.output)
    assert b.keys() == a.keys() and b["hits"][0].keys() == a["hits"][0].keys()
    assert [h["passage_id"] for h in b["hits"]][:3] == [h["passage_id"] for h in a["hits"]][:3]
    shown = runner.invoke(main, ["show", "000_17656c3dbdfa3f82#p8", "--index", collection.url])
    assert shown.exit_code == 0 and "dismantle" in shown.output
    listed = runner.invoke(main, ["list", "--index", collection.url])
    assert listed.exit_code == 0 and "Presidium Protocol 63" in listed.output
    checked = runner.invoke(main, ["check", "--index", collection.url])
    assert checked.exit_code == 0 and "2 documents hold exactly their passages" in checked.output
    shards = runner.invoke(main, ["solr", "--index", collection.url, "--json"])
    assert shards.exit_code == 0 and sorted(json.loads(shards.output)) == ["shard1", "shard2"]


def test_related_documents_and_passages_are_those_of_the_embedded_index(collection, local):
    # the same ranking (search.related) over the collection's passages: hits, scores, shared words and forms
    for info in local.documents():
        assert collection.related(info.doc_id) == local.related(info.doc_id), info.doc_id
        assert collection.related(info.doc_id, per_doc=0, limit=30) == local.related(info.doc_id, per_doc=0, limit=30)
    for passage in ("000_17656c3dbdfa3f82#p8", "002_54cc86d0ab452d54#p3"):
        assert collection.related(passage) == local.related(passage), passage
    found = collection.related("000_17656c3dbdfa3f82", per_doc=0)
    assert found.hits and found.terms and found.hits[0].shared
    for filters in ({"language": "ru"}, {"language": "en"}, {"date_from": "1962-10-29"},
                    {"classification": "TOP SECRET"}, {"doc": ["002_54cc86d0ab452d54"]}):
        assert collection.related("000_17656c3dbdfa3f82", per_doc=0, **filters) == \
            local.related("000_17656c3dbdfa3f82", per_doc=0, **filters), filters


def test_related_is_the_same_json_from_the_cli_and_the_web_page(collection, local):
    from search_engine.web import create_app

    runner = CliRunner()
    a = runner.invoke(main, ["related", "000_17656c3dbdfa3f82", "--json", "--index", str(local.index_dir)])
    b = runner.invoke(main, ["related", "000_17656c3dbdfa3f82", "--json", "--index", collection.url])
    assert b.exit_code == 0, b.output
    assert json.loads(b.output) == json.loads(a.output) and json.loads(b.output)["hits"]
    missing = runner.invoke(main, ["related", "no-such-doc", "--index", collection.url])
    assert missing.exit_code == 1 and "no-such-doc" in missing.output and "Traceback" not in missing.output
    pages = {}
    for name, engine in (("local", local), ("solr", collection)):
        client = create_app(engine).test_client()
        pages[name] = client.get("/related/000_17656c3dbdfa3f82.json").get_json()
        page = client.get("/doc/000_17656c3dbdfa3f82").get_data(as_text=True)
        assert "002_54cc86d0ab452d54" in page and "not computed" not in page
    assert pages["solr"] == pages["local"]


def test_a_stopped_node_loses_no_query(solr_cluster, collection, local):
    # the URL names the node that stops first: the client goes on to the other one
    engine = SearchEngine(url_of(solr_cluster, "seeds16", solr_cluster.node_urls[::-1]))
    queries = [q for _, q in benchmark_queries()]
    before = {q: engine.search(q).total for q in queries}
    solr_cluster.stop_node(1)
    try:
        during = {q: engine.search(q).total for q in queries}
    finally:
        solr_cluster.start_node(1)
    assert during == before
    wait_until_active(collection)


def test_a_build_interrupted_by_a_node_stop_resumes_without_loss_or_duplicates(solr_cluster, local, tmp_path):
    import shutil

    url = url_of(solr_cluster, "resume16")
    engine = SearchEngine(url)
    engine.init_collection(shards=2, replicas=2)
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)

    class NodeStopsMidBuild(SolrClient):
        """The node stops (and the build with it) once passages are in but before documents' records are."""

        def update(self, docs, **kwargs):
            if any(d.get("record") == "document" for d in docs):
                solr_cluster.stop_node(0)
                raise KeyboardInterrupt
            return super().update(docs, **kwargs)

    try:
        with pytest.raises(KeyboardInterrupt):
            build(NodeStopsMidBuild(url), [str(folder)], batch=5, workers=1)
        wait_for_leaders(engine)  # the other replica of node 0's shards takes over, then what it holds is committed
        SolrClient(url).commit()
        with pytest.raises(SolrError, match="without a record"):
            engine.verify()
        summary = engine.index([str(folder)])  # with node 0 still down
        assert (summary.documents, summary.passages) == (2, 45)
        assert engine.verify() == 2
        assert [(d.doc_id, d.passages) for d in engine.documents()] == [(d.doc_id, d.passages) for d in local.documents()]
        hits = engine.search("missile", limit=100)
        assert len({h.passage_id for h in hits}) == len(hits) == hits.total
    finally:
        if not all(solr_cluster.running()):
            solr_cluster.start_node(0)
        wait_until_active(engine)
        solr_cluster.get("admin/collections", {"action": "DELETE", "name": "resume16"})


def test_bad_urls_and_collections_give_a_message_and_an_exit_code(solr_cluster):
    from tests.solr_cluster import CONFIGSETS, upload_configset

    runner = CliRunner()
    unreachable = runner.invoke(main, ["search", "cuba", "--index", "solr://127.0.0.1:9/solr/x"])
    assert unreachable.exit_code == 1
    assert "no Solr node of solr://127.0.0.1:9/solr/x answers" in unreachable.output
    missing = runner.invoke(main, ["list", "--index", url_of(solr_cluster, "nothing16")])
    assert missing.exit_code == 3 and "search-engine solr init" in missing.output
    upload_configset(solr_cluster, "foreign16", CONFIGSETS / "sources")  # another configset: the tests' own
    solr_cluster.get("admin/collections", {"action": "CREATE", "name": "foreign16", "collection.configName": "foreign16",
                                           "numShards": 1, "replicationFactor": 1, "waitForFinalState": "true"})
    try:
        foreign = runner.invoke(main, ["search", "cuba", "--index", url_of(solr_cluster, "foreign16")])
        assert foreign.exit_code == 3 and "not made from search-engine's configset" in foreign.output
        with pytest.raises(IndexNotFoundError):
            SearchEngine(url_of(solr_cluster, "foreign16")).index([str(SEEDS)])
    finally:
        solr_cluster.get("admin/collections", {"action": "DELETE", "name": "foreign16"})
        solr_cluster.get("admin/configs", {"action": "DELETE", "name": "foreign16"})
    refused = runner.invoke(main, ["solr", "init", url_of(solr_cluster, "bad name!")])
    assert refused.exit_code == 1 and refused.output.startswith("Error: Solr answered 400")
    assert "Traceback" not in refused.output


def test_the_web_page_searches_and_shows_documents_from_the_collection(collection):
    from search_engine.web.app import create_app

    client = create_app(collection).test_client()
    found = client.get("/?q=dismantle+missiles")
    assert found.status_code == 200 and "002_54cc86d0ab452d54" in found.get_data(as_text=True)
    page = client.get("/doc/000_17656c3dbdfa3f82?q=dismantle")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<mark>dismantle</mark>" in text
    # related documents are computed on a collection too (the page's list, and /related/ID)
    assert 'class="related"' in text and "not computed" not in text
    related = client.get("/related/000_17656c3dbdfa3f82.json")
    assert related.status_code == 200 and related.get_json()["hits"][0]["doc_id"] == "002_54cc86d0ab452d54"


def test_strict_writes_nothing_and_a_missing_source_keeps_its_documents(solr_cluster, tmp_path):
    import shutil

    from search_engine.errors import StrictBuildError

    url = url_of(solr_cluster, "strict16")
    engine = SearchEngine(url)
    engine.init_collection(shards=1, replicas=1)
    try:
        folder = tmp_path / "papers"
        shutil.copytree(SEEDS, folder)
        (folder / "broken.pdf").write_bytes(b"not a pdf at all")
        with pytest.raises(StrictBuildError, match="broken.pdf"):
            engine.index([str(folder)], strict=True)
        assert engine.documents() == []
        summary = engine.index([str(folder)])
        assert (summary.documents, [s.path for s in summary.skipped]) == (2, [str(folder / "broken.pdf")])
        shutil.rmtree(folder)
        kept = engine.index()
        assert [(m.path, m.documents) for m in kept.missing] == [(str(folder), 2)]
        assert kept.documents == 2
        result = CliRunner().invoke(main, ["index", "--index", url])
        assert result.exit_code == 6 and f"source {folder} is missing" in result.output
    finally:
        solr_cluster.get("admin/collections", {"action": "DELETE", "name": "strict16"})


@pytest.fixture(scope="module")
def connected(solr_cluster, tmp_path_factory):
    """The seeds, three copies of seed 000 and protocol 63 in Russian with two translations (as
    tests/test_connections.py's corpus), in an embedded index and a collection."""
    from tests.test_connections import write_connections_corpus

    folder = tmp_path_factory.mktemp("solr_connections")
    write_connections_corpus(folder)
    sources = [str(folder / "seeds"), str(folder / "ru")]
    local = SearchEngine(folder / "index")
    local.index(sources)
    engine = SearchEngine(url_of(solr_cluster, "connected16"))
    engine.init_collection(shards=2, replicas=1)
    engine.index(sources)
    yield local, engine
    solr_cluster.get("admin/collections", {"action": "DELETE", "name": "connected16"})


def test_connections_are_those_of_the_embedded_index(connected):
    local, engine = connected
    for info in local.documents():
        assert engine.connections(info.doc_id) == local.connections(info.doc_id), info.doc_id
    seed = engine.connections("000_17656c3dbdfa3f82")
    assert {c.relation for c in seed.copies} == {"same text", "excerpt"} and seed.records
    shown = CliRunner().invoke(main, ["show", "000_17656c3dbdfa3f82", "--json", "--index", engine.url])
    on_disk = CliRunner().invoke(main, ["show", "000_17656c3dbdfa3f82", "--json", "--index", str(local.index_dir)])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["connections"] == json.loads(on_disk.output)["connections"]


@pytest.mark.parametrize("query", ["dismantle remove long-range missiles neutral observers",
                                   "Familiarize Comrade Pavlov with this telegram", "Protocol 63", "Pavlov"])
@pytest.mark.parametrize("dedupe", [True, False])
def test_copies_are_shown_once_with_also_in_as_on_the_embedded_index(connected, query, dedupe):
    local, engine = connected
    a = local.search(query, limit=20, facets=True, dedupe=dedupe)
    b = engine.search(query, limit=20, facets=True, dedupe=dedupe)
    assert (b.total, b.documents, b.facets) == (a.total, a.documents, a.facets)
    assert [(h.passage_id, h.also_in, h.references) for h in b] == [(h.passage_id, h.also_in, h.references) for h in a]
    assert engine.count(query, dedupe=dedupe) == local.count(query, dedupe=dedupe) == a.total
    if dedupe and query.startswith("Familiarize"):
        assert any(h.also_in for h in b)


def test_related_leaves_out_copies_and_lists_them_as_on_the_embedded_index(connected):
    local, engine = connected
    for info in local.documents():
        assert engine.related(info.doc_id, limit=20) == local.related(info.doc_id, limit=20), info.doc_id
    assert any(h.also_in for h in engine.related("002_54cc86d0ab452d54", limit=20))


def test_an_update_compares_only_the_pairs_with_a_changed_document(connected, monkeypatch):
    from search_engine.index import connections
    from search_engine.solr.connections import update_links

    local, engine = connected
    seen = []
    connect = connections.connect

    def spy(profiles, load, previous=None):
        seen.append(previous)
        return connect(profiles, load, previous)

    monkeypatch.setattr(connections, "connect", spy)
    note = ("The telegram to Comrade Pavlov of 28 October: familiarize him with Protocol No. 63, and see the message "
            "to President Kennedy on 28 October.")
    for change in (lambda e: e.add(note, doc_id="note16"), lambda e: e.delete("note16")):
        change(engine)
        assert seen[-1] is not None and set(seen[-1].changed) == {"note16"}  # the collection's update
        change(local)
        for info in local.documents():
            assert engine.connections(info.doc_id) == local.connections(info.doc_id), info.doc_id
        stored = engine.client.select({"q": 'id:"_links!links"', "fl": "links_json"})["response"]["docs"][0]
        stored = json.loads(stored["links_json"])
        assert update_links(engine.client, stored["fingerprint"], every_pair=True) == stored  # as comparing every pair
    assert engine.related("000_17656c3dbdfa3f82") == local.related("000_17656c3dbdfa3f82")


def test_a_source_is_forgotten_as_on_the_embedded_index(solr_cluster, tmp_path):
    from tests.test_connections import write_connections_corpus

    write_connections_corpus(tmp_path)
    sources = [str(tmp_path / "seeds"), str(tmp_path / "ru")]
    local = SearchEngine(tmp_path / "index")
    local.index(sources)
    url = url_of(solr_cluster, "forget16")
    engine = SearchEngine(url)
    engine.init_collection(shards=2, replicas=1)
    runner = CliRunner()
    try:
        engine.index(sources)
        a = runner.invoke(main, ["sources", "remove", sources[1], "--index", str(local.index_dir)])
        b = runner.invoke(main, ["sources", "remove", sources[1], "--index", url])
        assert (b.exit_code, b.output.split("Updated")[0]) == (a.exit_code, a.output.split("Updated")[0]) == (
            0, f"Forgot {sources[1]}: removed 3 documents (3 files).\n")
        assert engine.documents() == local.documents() and [s.path for s in engine.sources()] == [sources[0]]
        assert engine.verify() == len(local.documents())
        for info in local.documents():
            assert engine.connections(info.doc_id) == local.connections(info.doc_id), info.doc_id
        for args in (["sources", "remove", sources[1]], ["sources", "remove", sources[0]]):  # not a source; the last
            a = runner.invoke(main, [*args, "--index", str(local.index_dir)])
            b = runner.invoke(main, [*args, "--index", url])
            assert b.exit_code == a.exit_code != 0 and "Traceback" not in b.output, b.output
            assert b.output.replace(url + "/", "").replace(url, "") == a.output.replace(str(local.index_dir) + "/", "")
        assert engine.documents() == local.documents()
    finally:
        solr_cluster.get("admin/collections", {"action": "DELETE", "name": "forget16"})


def test_connections_follow_a_deleted_copy(connected):
    local, engine = connected
    before = engine.connections("000_17656c3dbdfa3f82")
    assert "document29_short" in {c.doc_id for c in before.copies}
    engine.delete("document29_short")
    local.delete("document29_short")
    assert engine.connections("000_17656c3dbdfa3f82") == local.connections("000_17656c3dbdfa3f82")
    assert "document29_short" not in {c.doc_id for c in engine.connections("000_17656c3dbdfa3f82").copies}


def test_a_folder_holding_a_zotero_library_and_a_tropy_project_is_read_as_the_embedded_index_reads_it(
        solr_cluster, tmp_path):
    from search_engine.ingest.readers import read_documents
    from tests.test_libraries import FRUS, make_tropy, make_zotero

    frus = {d.doc_id.rsplit("-", 1)[1]: d for d in read_documents(str(FRUS))}
    research = tmp_path / "Research"
    make_zotero(research / "Zotero", frus)
    make_tropy(research / "trip" / "Archive trip.tpy", frus)
    (research / "notes.txt").write_text("Title: Reading notes\n\nThe quarantine line and the Kohler telegram.\n",
                                        encoding="utf-8")
    local = SearchEngine(tmp_path / "index")
    a = local.index([research])
    engine = SearchEngine(url_of(solr_cluster, "libraries16"))
    engine.init_collection(shards=2, replicas=1)
    try:
        b = engine.index([research], workers=2)
        assert (b.documents, b.passages, b.skipped_by_kind()) == (a.documents, a.passages, a.skipped_by_kind())
        assert engine.documents() == local.documents()
        assert any(d.doc_id.startswith("zotero-") for d in engine.documents())
        assert not any("storage" in d.doc_id or d.doc_id.startswith("zotero.sqlite") for d in engine.documents())
        for info in local.documents():
            assert engine.document(info.doc_id) == local.document(info.doc_id)
        for query in ("Kohler", "quarantine", "missiles Turkey"):
            x, y = local.search(query, limit=20, dedupe=False), engine.search(query, limit=20, dedupe=False)
            assert (y.total, [h.passage_id for h in y]) == (x.total, [h.passage_id for h in x])
        # a library's collections (Tropy's lists) and tags: the filters, their query language and facets
        x = local.search("missiles", facets=True, per_doc=0)
        assert x.facets["collection"] and x.facets["tag"]
        for query, options in (("missiles", {}), ('missiles collection:"Cuban Missile Crisis"', {}),
                               ("missiles", {"collection": "letters"}), ("missiles tag:FRUS", {}),
                               ("missiles", {"tag": ["castro", "turkey"]}), ('Kohler list:"cuban crisis"', {}),
                               ("Kohler tag:telegram", {}), ("Castro", {"tag": "telegram"}),
                               ("missiles -tag:frus", {"collection": ["Letters", "Cuban Missile Crisis"]})):
            x = local.search(query, limit=50, facets=True, dedupe=False, **options)
            y = engine.search(query, limit=50, facets=True, dedupe=False, **options)
            assert (y.total, y.facets) == (x.total, x.facets), query
            # the same passages (every match; their scores on this library differ a little, see the README)
            assert y.total <= 50 and {h.passage_id for h in y} == {h.passage_id for h in x}, query
            if not options:  # (count() takes the query language's collection: and tag:)
                assert engine.count(query) == local.count(query) == x.total, query
        runner = CliRunner()
        for index in (str(tmp_path / "index"), engine.url):
            shown = runner.invoke(main, ["search", "missiles", "--collection", "Letters", "--tag", "turkey", "--json",
                                         "--index", index])
            assert shown.exit_code == 0, shown.output
        assert json.loads(shown.output)["total"] == local.search("missiles", collection="Letters", tag="turkey").total
        again = engine.index()
        assert (again.added, again.changed, again.modified) == ((), (), False)
    finally:
        solr_cluster.get("admin/collections", {"action": "DELETE", "name": "libraries16"})
