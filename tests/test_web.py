"""The web page in-process (Flask's test client): every route and its JSON twin, the state in the URL,
errors (400 with the CLI's message, 404, 405, 503), the security headers, a hostile document shown as
text, the original file, citations, unAPI and exports. The browser tests are in test_browser.py."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import rispy
from click.testing import CliRunner

from search_engine import SearchEngine
from search_engine.cli import main
from search_engine.web import create_app
from search_engine.web.render import histogram
from search_engine.web.server import is_loopback

from .conftest import SEED_000, SEED_002, SEEDS

HOSTILE = """<script>alert('title')</script> Memorandum on the missiles <img src=x onerror=alert(1)>

28 October 1962

The missiles are <script>alert("body")</script> to be removed, <img src=x onerror="alert(2)"> said the memo about the missile bases.[1]

A second paragraph mentions </mark><b>bold</b> and &amp; entities and the missiles again, with "quotes" and 'apostrophes'.

[1] A note with <script>alert("note")</script> about the missiles inside it.
"""


def write_hostile_sources(folder):
    """The seeds and a text file full of markup, as a source folder."""
    shutil.copytree(SEEDS, folder)
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>A saved page</title></head><body><main><h1>A saved page about missiles</h1>"
        "<p>The missiles in Cuba are to be removed, the page says, and more words follow here.</p>"
        "<script>document.title='pwned'</script></main></body></html>", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def web_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    sources = write_hostile_sources(root / "sources")
    SearchEngine(root / "index").index([sources])
    (root / "index" / "aliases.txt").write_text("Alekseev = Pavlov = Alexeyev\n", encoding="utf-8")
    return root / "index"


@pytest.fixture(scope="module")
def client(web_index):
    return create_app(SearchEngine(web_index)).test_client()


@pytest.fixture(scope="module")
def engine_(web_index):
    return SearchEngine(web_index)


def page(client, url: str, status: int = 200) -> str:
    with client.get(url) as response:
        assert response.status_code == status, (url, response.data[:500])
        return response.get_data(as_text=True)


def cli_json(index, *args):
    result = CliRunner().invoke(main, ["--index", str(index), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- every route and its JSON twin -----------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/search", "/search?q=missiles", "/documents", f"/doc/{SEED_002}",
                                 f"/doc/{SEED_002}?q=Pavlov&p=10", f"/doc/{SEED_000}/cite.txt", "/unapi",
                                 f"/file/{SEED_000}", "/search.csv?q=missiles", "/static/style.css"])
def test_routes_answer_with_the_security_headers(client, url):
    with client.get(url) as response:
        response.get_data()
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_search_json_is_the_cli_json(client, web_index):
    data = json.loads(page(client, "/search.json?q=dismantle+missiles&n=5"))
    cli = cli_json(web_index, "search", "dismantle missiles", "--facets", "-n", "5")
    assert data == cli


def test_search_json_keeps_filters_and_pages(client, web_index):
    data = json.loads(page(client, "/search.json?q=missiles&classification=top+secret&per_doc=0&n=3&page=2"))
    cli = cli_json(web_index, "search", "missiles", "--facets", "-c", "top secret", "--per-doc", "0", "-n", "6")
    assert data["total"] == cli["total"] and data["facets"] == cli["facets"]
    assert [h["passage_id"] for h in data["hits"]] == [h["passage_id"] for h in cli["hits"][3:6]]
    assert data["hits"] and [h["rank"] for h in data["hits"]] == list(range(4, 4 + len(data["hits"])))


def test_document_and_list_json_are_the_cli_json(client, web_index):
    assert json.loads(page(client, f"/doc/{SEED_002}.json")) == cli_json(web_index, "show", SEED_002)
    assert json.loads(page(client, "/documents.json")) == cli_json(web_index, "list")


# -- the search page ---------------------------------------------------------------------------------------

def test_search_page_shows_ranked_hits_with_marked_words_notes_and_links(client):
    html = page(client, "/search?q=pseudonym+Alekseev&per_doc=3")
    assert "Searched <b>Alekseev</b> as Alekseev OR Pavlov OR Alexeyev (aliases)." in html
    assert re.search(r"On the telegram to Cde\. <mark>Pavlov</mark>", html)
    assert "Translator&#39;s Note: Here, once again, &#34;Pavlov&#34; is the pseudonym" in html  # the note it cites
    assert f'href="/doc/{SEED_002}?q=pseudonym+Alekseev' in html and "#p10" in html
    assert re.search(r"\+ \d+ more in this document", html)
    assert f'<abbr class="unapi-id" title="{SEED_002}%23p10">' in html


def test_search_page_facets_histogram_and_downloads_link_to_filtered_searches(client):
    html = page(client, "/search?q=missiles")
    assert 'href="?q=missiles&amp;classification=TOP+SECRET"' in html
    assert 'href="?q=missiles&amp;lang=en"' in html
    assert re.search(r'<a href="/search\?q=missiles&amp;from=1962-10&amp;to=1962-10" class="bar"', html)
    assert "<svg" in html and "October 1962:" in html
    for fmt in ("csv", "jsonl", "ris"):
        assert f'href="/search.{fmt}?q=missiles"' in html


def test_filters_live_in_the_url(client):
    html = page(client, "/search?q=missiles&classification=TOP+SECRET&from=1962-10&to=1962-10&sort=-date")
    assert "TOP SECRET" in html and "date 1962-10 – 1962-10" in html
    hits = json.loads(page(client, "/search.json?q=missiles&classification=TOP+SECRET&from=1962-10&to=1962-10"))["hits"]
    assert hits and all("TOP SECRET" in h["classification"] and h["date"].startswith("1962-10") for h in hits)
    only = json.loads(page(client, f"/search.json?q=missiles&doc={SEED_000}&per_doc=0"))
    assert {h["doc_id"] for h in only["hits"]} == {SEED_000} and len(only["hits"]) == only["total"]
    by_date = json.loads(page(client, "/search.json?q=missiles&sort=date&per_doc=0&n=50"))["hits"]
    dates = [h["date"] for h in by_date if h["date"]]
    assert dates == sorted(dates)


def test_pages_of_results(client):
    first = page(client, "/search?q=missiles&per_doc=0&n=3")  # per_doc=0 is the default: not in the links
    assert 'rel="next" href="/search?q=missiles&amp;n=3&amp;page=2"' in first
    second = page(client, "/search?q=missiles&per_doc=0&n=3&page=2")
    assert 'value="4"' in second and 'rel="prev"' in second and "showing 4–6" in second


def test_did_you_mean_and_respellings_are_links(client):
    html = page(client, "/search?q=title%3AKhrushchov")
    assert re.search(r'Did you mean:\s*<a href="/search\?q=title%3AKhrushchev">title:Khrushchev</a>', html)
    html = page(client, "/search?q=Khrushchov")
    assert ('No passage holds <b>Khrushchov</b>: searched <a href="/search?q=Khrushchev">Khrushchev</a> too.'
            in html)


def test_no_hits_is_a_page_not_an_error(client):
    assert "No passages match <b>zzyzx</b>" in page(client, "/search?q=zzyzx")


@pytest.mark.parametrize("url, message", [
    ("/search?q=%22unclosed", "unbalanced quote: this phrase is never closed (at position 1"),
    ("/search?q=Castro&from=soon", "cannot read --from &#39;soon&#39; as a date"),
    ("/search?q=Castro&lang=klingon", "--lang &#39;klingon&#39; is not a language this engine knows"),
    ("/search?q=Castro&sort=sideways", "--sort must be one of relevance, date, -date"),
    ("/search?q=Castro&page=0", "page must be 1 or more, not 0"),
    ("/search?q=Castro&n=many", "n must be a whole number, not &#39;many&#39;"),
    ("/search?q=Castro&page=900", "pages reach the first 1000 passages"),
    (f"/doc/{SEED_002}?p=99", "p must be a paragraph of"),
])
def test_bad_parameters_are_a_400_with_the_cli_message(client, url, message):
    assert message in page(client, url, 400)


def test_errors_of_a_json_twin_are_json(client):
    response = client.get("/search.json?q=%22unclosed")
    assert response.status_code == 400 and response.json["status"] == 400
    assert response.json["error"].startswith("unbalanced quote")
    response = client.get("/doc/no-such-doc.json")
    assert response.status_code == 404 and "no document 'no-such-doc'" in response.json["error"]


def test_unknown_documents_and_addresses_are_404_and_writes_405(client):
    assert "no document &#39;no-such-doc&#39;" in page(client, "/doc/no-such-doc", 404)
    page(client, "/nothing/here", 404)
    page(client, "/file/..%2F..%2Fetc%2Fpasswd", 404)
    page(client, "/file/../../etc/passwd", 404)
    for method in (client.post, client.put, client.delete):
        assert method("/search?q=missiles").status_code == 405


def test_a_damaged_index_is_a_503(tmp_path):
    index = tmp_path / "ix"
    SearchEngine(index).index([SEEDS])
    client = create_app(SearchEngine(index)).test_client()
    (index / "CURRENT").write_text("gen-missing\n")
    for url in ("/search?q=missiles", f"/doc/{SEED_000}", "/documents.json"):
        response = client.get(url)
        assert response.status_code == 503 and b"index damaged" in response.data
        assert b"Traceback" not in response.data


def test_one_engine_serves_concurrent_requests_while_it_is_updated(tmp_path):
    """The server's threads share one engine (no lock around it) while the same engine adds and deletes a
    document: every request is answered, and each search sees the note either wholly there or not at all."""
    import threading

    engine = SearchEngine(tmp_path / "index")
    engine.index([SEEDS])
    app = create_app(engine)
    failures: list = []
    stop = threading.Event()

    def serve():
        client = app.test_client()
        while not stop.is_set():
            for url in ("/search.json?q=%22quokka+ledger%22&per_doc=0", "/search?q=Castro", "/documents.json"):
                with client.get(url) as response:
                    if response.status_code != 200:
                        failures.append((url, response.status_code, response.data[:300]))
                    elif url.startswith("/search.json"):
                        data = response.get_json()
                        if data["total"] == 0:
                            continue
                        hit = data["hits"][0]  # the note, whole: its one passage, its id, its marked words
                        if (data["total"], hit["doc_id"], hit["snippet"].count("<mark>")) != (1, "note-web", 2):
                            failures.append((url, data["total"], hit["doc_id"], hit["snippet"]))

    threads = [threading.Thread(target=serve) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for n in range(3):
            engine.add(f"A note {n}\n\nThe quokka ledger, version {n}.\n", doc_id="note-web")
            engine.delete("note-web")
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == []


# -- a hostile document ------------------------------------------------------------------------------------

class Tags(HTMLParser):
    """The elements and attributes of a page, as a browser's parser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_a_hostile_document_is_shown_as_text(client):
    for url in ("/search?q=missiles+memo", "/doc/hostile", "/doc/hostile?q=missiles", "/documents",
                "/doc/hostile?p=1", "/search?q=alert"):
        tags = Tags(page(client, url)).tags
        assert [a for t, a in tags if t == "script"] == [{"src": "/static/page.js", "defer": None}], url
        assert not [t for t, _ in tags if t in ("img", "b", "iframe", "object")], url
        assert not [(t, k) for t, a in tags for k in a if k.startswith("on")], url
    doc = page(client, "/doc/hostile?q=missiles")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Memorandum" in doc
    assert "<mark>missiles</mark> are &lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in doc
    assert "&lt;/mark&gt;&lt;b&gt;bold&lt;/b&gt; and &amp;amp; entities" in doc
    assert "A note with &lt;script&gt;alert(&#34;note&#34;)&lt;/script&gt;" in doc


def test_search_page_snippets_are_the_engines_escaped_once(client):
    html = page(client, "/search?q=alert+bold&per_doc=0")
    assert '&lt;script&gt;<mark>alert</mark>(&#34;body&#34;)&lt;/script&gt;' in html
    assert "&lt;/mark&gt;&lt;b&gt;<mark>bold</mark>&lt;/b&gt; and &amp;amp; entities" in html
    assert "&amp;lt;" not in html


# -- a document ------------------------------------------------------------------------------------------------

def test_document_page_metadata_notes_and_neighbours(client, engine_):
    html = page(client, f"/doc/{SEED_002}")
    assert "Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63" in html
    assert "Wilson Center Digital Archive, RGANI" in html and "(original: Russian)" in html
    assert '<p id="p10" class="para">' in html
    assert '<sup class="noteref"><a href="#n1" id="ref-n1">1</a></sup>' in html  # the marker [1] as a link
    assert '<li id="n1"><span class="num">[1]</span>' in html
    docs = [d.doc_id for d in engine_.documents()]
    at = docs.index(SEED_002)
    for neighbour in (docs[at - 1] if at else None, docs[at + 1] if at + 1 < len(docs) else None):
        if neighbour:
            assert f'href="/doc/{neighbour}"' in html
    assert f'href="/file/{SEED_002}"' in html


def test_document_page_lists_the_labelled_fields_the_header_does_not_hold(client):
    html = page(client, f"/doc/{SEED_002}")
    assert '<dl class="metadata fields" aria-label="Labelled fields">' in html
    assert "<dt>Contents</dt><dd>Translation - English</dd>" in html


def test_document_page_marks_the_searched_words_and_the_hits(client, engine_):
    html = page(client, f"/doc/{SEED_002}?q=Pavlov")
    found = engine_.highlights("Pavlov", SEED_002)
    assert found.passages == (10, 17, 20, 21)  # ¶17 through the aliases: "About the instructions to Alekseev."
    assert "is found in 4 passages" in html and '<a href="#p10">¶10</a>' in html
    assert '<p id="p20" class="para hit">' in html and "Cde. <mark>Pavlov</mark>" in html
    assert "once again, &#34;<mark>Pavlov</mark>&#34; is the pseudonym" in html  # the note too


def test_document_page_with_a_malformed_query_still_shows_the_document(client):
    html = page(client, f"/doc/{SEED_002}?q=%22unclosed")
    assert "are not marked: unbalanced quote" in html and '<p id="p1" class="para">' in html


def test_cite_box_has_every_format_for_the_document_or_the_passage(client, engine_):
    html = page(client, f"/doc/{SEED_002}")
    assert "Cite this document" in html
    chicago = engine_.cite(SEED_002).replace("“", "“")
    assert f'<p class="chicago" id="cite-chicago">{chicago}</p>' in html
    for suffix in ("txt", "ris", "json", "bib"):
        assert f'href="/doc/{SEED_002}/cite.{suffix}"' in html
    passage = page(client, f"/doc/{SEED_002}?p=10")
    assert "Cite ¶10 of this document" in passage and "para. 10" in passage
    assert f'href="/doc/{SEED_002}/cite.ris?p=10"' in passage
    assert f'<abbr class="unapi-id" title="{SEED_002}%23p10">' in passage


def test_citation_downloads(client, engine_):
    response = client.get(f"/doc/{SEED_002}/cite.ris?p=10")
    assert response.mimetype == "application/x-research-info-systems"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{SEED_002}_p10.ris"'
    (record,) = rispy.loads(response.get_data(as_text=True))
    assert record["id"] == f"{SEED_002}#p10" and record["type_of_reference"] == "MANSCPT"
    csl = client.get(f"/doc/{SEED_000}/cite.json")
    assert csl.mimetype == "application/vnd.citationstyles.csl+json" and csl.json[0]["id"] == SEED_000
    assert page(client, f"/doc/{SEED_000}/cite.txt").strip() == engine_.cite(SEED_000)
    assert page(client, f"/doc/{SEED_000}/cite.bib").startswith(f"@unpublished{{{SEED_000},")


def test_unapi_serves_what_zoteros_translator_asks_for(client, engine_):
    formats = client.get("/unapi")
    assert formats.status_code == 200 and b'<format name="ris" type="application/x-research-info-systems"/>' in formats.data
    listed = client.get(f"/unapi?id={SEED_002}")
    assert listed.status_code == 300 and f'<formats id="{SEED_002}">'.encode() in listed.data
    ris = client.get(f"/unapi?id={SEED_002}%23p10&format=ris")
    assert ris.status_code == 200 and ris.get_data(as_text=True) == engine_.cite(f"{SEED_002}#p10", "ris")
    assert client.get(f"/unapi?id={SEED_002}&format=marc").status_code == 406
    assert client.get("/unapi?id=no-such-doc&format=ris").status_code == 404
    html = page(client, f"/doc/{SEED_002}")
    assert '<link rel="unapi-server" type="application/xml" title="unAPI" href="/unapi">' in html


def test_original_file_is_served_from_the_catalog_only(client, web_index, engine_):
    response = client.get(f"/file/{SEED_000}")
    assert response.data == (SEEDS / f"{SEED_000}.txt").read_bytes()
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    with client.get("/file/page") as saved:
        assert b"A saved page about missiles" in saved.get_data()
    assert saved.mimetype == "text/html"
    assert saved.headers["Content-Security-Policy"].startswith("sandbox;")  # shown, but nothing in it runs
    engine_.source_file("hostile").rename(engine_.source_file("hostile").with_suffix(".moved"))
    try:
        assert "is no longer at" in page(client, "/file/hostile", 404)
    finally:
        engine_.source_file("hostile").with_suffix(".moved").rename(engine_.source_file("hostile"))


# -- exports -------------------------------------------------------------------------------------------------------

def test_exports_have_every_matching_passage(client, engine_):
    total = engine_.search("missiles").total
    response = client.get("/search.csv?q=missiles")
    assert response.headers["Content-Disposition"] == 'attachment; filename="search-missiles.csv"'
    assert response.headers["X-Passages-Matching"] == str(total)
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == total
    lines = page(client, "/search.jsonl?q=missiles&classification=TOP+SECRET").splitlines()
    assert lines and all("TOP SECRET" in json.loads(line)["classification"] for line in lines)
    records = rispy.loads(page(client, "/search.ris?q=missiles&per_doc=1"))
    assert len(records) == len({r["id"].split("#")[0] for r in records})  # one per document, as asked
    assert "an export needs a query" in page(client, "/search.csv", 400)


# -- the parts ----------------------------------------------------------------------------------------------------

def test_histogram_keeps_time_to_scale():
    chart = histogram({"1962-10": 4, "1963-01": 2, "undated": 3}, "1962-10", "1962-10", width=400)
    assert [b.key for b in chart.bars] == ["1962-10", "1962-11", "1962-12", "1963-01"]
    assert [b.count for b in chart.bars] == [4, 0, 0, 2] and chart.undated == 3
    assert chart.bars[0].selected and not chart.bars[3].selected
    assert chart.bars[0].height > chart.bars[3].height > 0
    decades = histogram({"1945-05": 1, "1991-12": 2})
    assert decades.unit == "year" and len(decades.bars) == 47


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                         ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.4", False)])
def test_loopback_hosts(host, local):
    assert is_loopback(host) is local


def test_serve_prints_its_address_and_warns_off_loopback(web_index):
    proc = subprocess.Popen([sys.executable, "-m", "search_engine", "--index", str(web_index), "serve", "--port", "0",
                             "--host", "0.0.0.0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert re.fullmatch(rf"Serving {re.escape(str(web_index))}/ at http://0\.0\.0\.0:\d+/ \(Ctrl-C to stop\)\n", line)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "makes the index in" in err and "readable by anyone who can reach this computer" in err


# -- connections: references, copies and versions, related documents ------------------------------------------

HOSTILE_CITING = """<script>alert('cites')</script> Note on the protocol <img src=x onerror=alert(3)>

28 October 1962

The decision of Protocol No. 63 <script>alert("ref")</script> on the missiles, with <b>instructions</b> to Pavlov.
"""


@pytest.fixture(scope="module")
def connected(tmp_path_factory):
    """The seeds, three copies of seed 000 (a page, an OCR'd copy, its first 60%) and a hostile note that
    cites Protocol No. 63: a client and the index folder."""
    from .test_connections import _copies_of_seed_000

    root = tmp_path_factory.mktemp("connected")
    shutil.copytree(SEEDS, root / "sources")
    _copies_of_seed_000(root / "sources")
    (root / "sources" / "citing.txt").write_text(HOSTILE_CITING, encoding="utf-8")
    SearchEngine(root / "index").index([root / "sources"])
    return create_app(SearchEngine(root / "index")).test_client(), root / "index"


def test_a_document_page_links_what_it_cites_and_what_cites_it(connected):
    client, _ = connected
    html = page(client, f"/doc/{SEED_000}")
    # in the text: the reference as a link to the cited document; one not in the index kept as written
    assert f'<a class="ref" href="/doc/{SEED_002}" title="Central Committee of the Communist Party of the Soviet Union ' \
           'Presidium Protocol 63, 1962-10-28">Protocol No. 63</a>' in html
    assert '<span class="ref unresolved" title="not in the index">our 28 October message</span>' in html
    connections = html[html.index('id="connections"'):]
    assert re.search(r'<a href="#p15">¶15</a></span>\s*<span class="said">our 28 October message</span> →\s*'
                     r'<span class="unresolved">not in the index</span>', connections)
    cited_by = connections[connections.index('class="cited-by"'):]
    assert f'<a href="/doc/{SEED_002}#p13">¶13</a> <span class="said">“Protocol No. 63”</span>' in cited_by
    assert ('<a href="/doc/citing#p1">&lt;script&gt;alert(&#39;cites&#39;)&lt;/script&gt; Note on the protocol '
            '&lt;img src=x onerror=alert(3)&gt;</a>') in cited_by


def test_a_document_page_shows_its_copies_and_the_aligned_paragraphs_of_its_record(connected):
    client, _ = connected
    html = page(client, f"/doc/{SEED_000}")
    copies = html[html.index('class="copies"'):html.index('class="records"')]
    assert '<a href="/doc/document29">' in copies and '<span class="relation">same text, 100%</span>' in copies
    assert '<a href="/doc/document29_short">' in copies and '<span class="relation">excerpt</span>' in copies
    records = html[html.index('class="records"'):]
    assert (f'This document is its section <a href="/doc/{SEED_002}#p20">IX. On the instructions to Cde. Pavlov</a> '
            '(¶20–25).') in records
    assert f'<tr><td><a href="#p3">¶3</a></td><td><a href="/doc/{SEED_002}#p8">¶8</a></td></tr>' in records
    assert f'<a class="aligned" href="/doc/{SEED_002}#p8"' in html  # beside the paragraph itself
    other = page(client, f"/doc/{SEED_002}")
    records = other[other.index('class="records"'):]
    # the extract and its copies are one text: one record, its copies named with it
    assert records.count("<li>") == 1 and f'<li><a href="/doc/{SEED_000}">' in records
    assert ('<span class="also-copies">(also in its copies <a href="/doc/document29">document29</a>, '
            '<a href="/doc/document29_ocr">document29_ocr</a>, <a href="/doc/document29_short">document29_short</a>)'
            '</span>') in records
    assert "Its subject is this document's section <a href=\"#p20\">IX. On the instructions to Cde. Pavlov</a>" in records
    assert f'<a class="aligned" href="/doc/{SEED_000}#p3"' in other


def test_a_document_page_lists_the_documents_most_like_it(connected):
    client, index = connected
    html = page(client, f"/doc/{SEED_000}")
    related = html[html.index('<h3 id="related">'):]
    first = cli_json(index, "related", SEED_000, "-n", "5")["hits"][0]
    assert f'<a href="/doc/{first["doc_id"]}#p{first["paragraph"]}">' in related
    assert "The same Protocol 63: IX. On the instructions to Cde. Pavlov" in related  # seed 002, the session
    assert "<span class=\"label\">Shares</span>" in related
    assert f'<a href="/related/{SEED_000}">More like this, with filters →</a>' in related


def test_search_hits_show_the_other_copies_and_the_references_resolved(connected):
    client, _ = connected
    html = page(client, "/search?q=Familiarize+Comrade+Pavlov")
    first = html[html.index('<li class="hit"'):html.index("</li>")]
    assert "Also in: " in first
    # each copy opens with the searched words marked
    assert (f'<a href="/doc/{SEED_000}?q=Familiarize+Comrade+Pavlov" title="Cuban Missile Crisis, Document 29">'
            f'{SEED_000}</a> <span class="raw">(same text, 100%: ') in first
    assert '>document29_short</a> <span class="raw">(excerpt: ' in first
    cites = page(client, "/search?q=%22Paragraph+IV+of+Protocol%22")
    assert (f'<p class="refs">→ <span class="said">Protocol No. 63</span>: <a href="/doc/{SEED_002}">Central '
            'Committee of the Communist Party of the Soviet Union Presidium Protocol 63</a>, 1962-10-28</p>') in cites
    # a reference to a text with copies points at one of them, its best source (the saved page)
    session = page(client, "/search?q=%22Protocol+No.+63+continuation%22")
    assert ('<p class="refs">→ <span class="said">Protocol No. 63</span>: <a href="/doc/document29">Cuban Missile '
            'Crisis, Document 29</a>, 1962-10-28</p>') in session
    assert f'<a class="like" href="/related/{SEED_002}?p=' in page(client, "/search?q=Pavlov")


def test_the_related_page_and_its_json_twin(connected):
    client, index = connected
    data = json.loads(page(client, f"/related/{SEED_002}.json?p=20&n=3"))
    assert data == cli_json(index, "related", f"{SEED_002}#p20", "-n", "3")
    assert data["hits"][0]["link"]["relation"] == "record"
    html = page(client, f"/related/{SEED_002}?p=20&n=3")
    assert f'More like ¶20 of <a href="/doc/{SEED_002}#p20">' in html
    assert "The same Protocol 63: IX. On the instructions to Cde. Pavlov" in html
    assert f'<a href="/related/{SEED_002}.json?p=20&amp;n=3">These results as JSON</a>' in html
    filtered = json.loads(page(client, f"/related/{SEED_000}.json?from=1962-10-28&to=1962-10-28&per_doc=2"))
    assert filtered == cli_json(index, "related", SEED_000, "--from", "1962-10-28", "--to", "1962-10-28",
                                "--per-doc", "2")
    assert page(client, f"/related/{SEED_000}?lang=ru").count('<li class="hit related-hit"') == 0


@pytest.mark.parametrize("url, status, message", [
    (f"/related/{SEED_002}?p=99", 400, "p must be a paragraph of 002_54cc86d0ab452d54, 1 to 25, not 99"),
    (f"/related/{SEED_002}?p=x", 400, "p must be a whole number, not &#39;x&#39;"),
    (f"/related/{SEED_002}?from=yesterday", 400, "yesterday"),
    ("/related/nope", 404, "no document &#39;nope&#39;"),
])
def test_related_page_errors(connected, url, status, message):
    client, _ = connected
    assert message in page(client, url, status)
    assert json.loads(page(client, url.replace("?", ".json?", 1) if "?" in url else url + ".json", status))["status"] == status


def test_connections_of_a_hostile_document_are_text(connected):
    client, _ = connected
    for url in (f"/doc/{SEED_002}", "/doc/citing", f"/related/{SEED_002}", "/related/citing",
                "/search?q=decision+protocol"):
        tags = Tags(page(client, url)).tags
        assert [a for t, a in tags if t == "script"] == [{"src": "/static/page.js", "defer": None}], url
        assert not [t for t, _ in tags if t in ("img", "b", "iframe", "object")], url
        assert not [(t, k) for t, a in tags for k in a if k.startswith("on")], url
    citing = page(client, "/doc/citing")
    # "Protocol No. 63" of that day: the extract (at its best copy) and the session's notes, the second as a "2"
    assert ('The decision of <a class="ref" href="/doc/document29" title="Cuban Missile Crisis, Document 29, 1962-10-28">'
            f'Protocol No. 63</a><sup class="ref-more"><a href="/doc/{SEED_002}" title="Central Committee of the '
            'Communist Party of the Soviet Union Presidium Protocol 63, 1962-10-28">2</a></sup> '
            '&lt;script&gt;alert(&#34;ref&#34;)&lt;/script&gt;') in citing
