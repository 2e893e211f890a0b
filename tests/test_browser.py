"""The web page end to end: `search-engine serve` in its own process, driven by Debian's headless Chromium
through Playwright (pointed at /usr/bin/chromium: nothing downloads a browser). A person's steps: type a
query, see the highlighted hit, click a facet and a histogram bar, open the document at the passage,
copy a citation, and open a hostile document. Screenshots go to tests/artifacts/ (git-ignored).

Skipped, with the reason, where Chromium or Playwright is not installed (`.ci/run` installs both)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from search_engine import SearchEngine

from .conftest import SEED_000, SEED_002, SEEDS
from .test_web import write_hostile_sources

CHROMIUM = os.environ.get("SEARCH_ENGINE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium: apt-get install -y chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")


def serve(index: Path):
    """`search-engine serve` on a free port over ``index``: yields its address, then stops it."""
    proc = subprocess.Popen([sys.executable, "-m", "search_engine", "--index", str(index), "serve",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        proc.kill()
        pytest.fail(f"serve did not print its address: {line!r} {proc.stderr.read()}")
    yield match.group(1)
    proc.terminate()
    proc.communicate(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The web page over the seeds and a hostile document; its address."""
    root = tmp_path_factory.mktemp("browser")
    sources = write_hostile_sources(root / "sources")
    SearchEngine(root / "index").index([sources])
    yield from serve(root / "index")


@pytest.fixture(scope="module")
def copies_server(tmp_path_factory):
    """The web page over the seeds and three copies of seed 000 (a saved page, an OCR'd copy, its first 60%)."""
    from .test_connections import _copies_of_seed_000

    root = tmp_path_factory.mktemp("browser-copies")
    shutil.copytree(SEEDS, root / "sources")
    _copies_of_seed_000(root / "sources")
    SearchEngine(root / "index").index([root / "sources"])
    yield from serve(root / "index")


@pytest.fixture(scope="module")
def browser_context():
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="chromium-profile-"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()


@pytest.fixture
def tab(browser_context, server):
    page = browser_context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    page.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_type_a_query_and_see_the_highlighted_hit(tab, server):
    tab.goto(server)
    tab.fill("input[name=q]", "dismantle the missiles")
    tab.press("input[name=q]", "Enter")
    tab.wait_for_url(re.compile(r"/search\?q=dismantle\+the\+missiles"))
    first = tab.locator("li.hit").first
    assert first.locator("h3").inner_text() == "Central Committee of the Communist Party of the Soviet Union Presidium Protocol 63"
    marks = first.locator("p.snippet mark").all_inner_texts()
    assert marks[:2] == ["dismantle", "missile"]
    assert tab.locator("mark").first.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "passages in" in tab.locator("p.count").inner_text()
    shot(tab, "search.png")
    assert not tab.errors and not tab.dialogs


def test_click_a_facet_then_a_histogram_bar(tab, server):
    tab.goto(server + "search?q=missiles")
    tab.locator("ul.facet a", has_text="TOP SECRET").click()
    tab.wait_for_url(re.compile(r"classification=TOP\+SECRET"))
    assert tab.locator("ul.chips li", has_text="TOP SECRET").count() == 1
    markings = tab.locator("li.hit p.meta").all_inner_texts()
    assert markings and all("TOP SECRET" in m for m in markings)
    bar = tab.locator("figure.histogram a.bar").first
    key = bar.get_attribute("data-key")
    bar.click()
    tab.wait_for_url(re.compile(rf"from={key}&to={key}"))
    assert tab.locator("figure.histogram a.bar.on").get_attribute("data-key") == key
    assert all(d.startswith(key) for d in tab.locator("li.hit span.date").all_inner_texts())
    assert "classification=TOP+SECRET" in tab.url  # the facet stays


def test_open_the_document_at_the_passage_and_copy_a_citation(tab, server, browser_context):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    tab.goto(server + "search?q=telegram+Pavlov")
    hit = tab.locator("li.hit", has_text="On the telegram to Cde.").first
    hit.locator("h3 a").click()
    tab.wait_for_url(re.compile(rf"/doc/{SEED_002}\?.*#p10$"))
    target = tab.locator("#p10")
    assert target.evaluate("p => p.matches(':target')")
    box = target.bounding_box()
    assert -1 < box["y"] < 900  # scrolled to the passage (its top at the window's, give or take a sub-pixel)
    assert target.locator("mark").all_inner_texts() == ["telegram", "Pavlov"]
    target.locator("a.num").click()  # cite this passage
    tab.wait_for_url(re.compile(r"p=10"))
    assert "Cite ¶10 of this document" in tab.locator("aside.cite h2").inner_text()
    chicago = tab.locator("#cite-chicago").inner_text()
    assert "para. 10" in chicago and "Wilson Center Digital Archive" in chicago
    button = tab.locator(".citation-format[data-format=chicago] button.copy")
    button.click()
    sync_api.expect(button).to_have_text("Copied")  # set once the clipboard has the text
    assert tab.evaluate("navigator.clipboard.readText()") == chicago
    tab.locator(".citation-format[data-format=ris] summary").click()
    assert tab.locator("#cite-ris").inner_text().startswith("TY  - MANSCPT")
    tab.goto(tab.url.split("#")[0] + "#p10")
    shot(tab, "document.png")
    assert not tab.errors and not tab.dialogs


def test_a_hostile_document_runs_nothing(tab, server):
    tab.goto(server + "search?q=missiles+memo")
    tab.locator("li.hit h3 a", has_text="Memorandum on the missiles").first.click()
    tab.wait_for_url(re.compile(r"/doc/hostile"))
    title = tab.locator("article h1").inner_text()
    assert title == "<script>alert('title')</script> Memorandum on the missiles <img src=x onerror=alert(1)>"
    assert "<script>alert(\"body\")</script>" in tab.locator("#p1").inner_text()
    assert tab.evaluate("document.images.length") == 0
    assert tab.evaluate("[...document.scripts].map(s => s.getAttribute('src'))") == ["/static/page.js"]
    assert tab.title().startswith("<script>alert('title')</script> Memorandum")
    shot(tab, "hostile-document.png")
    tab.goto(server + "file/page")  # the original saved web page: shown, its script does not run
    assert tab.title() == "A saved page"
    shot(tab, "hostile-original.png")
    assert not tab.dialogs


def test_follow_a_reference_see_what_cites_it_and_what_is_like_it(tab, server):
    tab.goto(server + f"doc/{SEED_000}")
    link = tab.locator("#p2 a.ref", has_text="Protocol No. 63")  # the reference, in the text itself
    assert link.get_attribute("title").startswith("Central Committee of the Communist Party")
    connections = tab.locator("section.connections")
    connections.scroll_into_view_if_needed()
    assert "IX. On the instructions to Cde. Pavlov" in connections.locator("ul.records").inner_text()
    related = connections.locator("ol.related li.related-hit")
    assert related.count() >= 1 and related.first.locator("p.why").count() >= 1
    shot(tab, "connections.png")
    link.click()
    tab.wait_for_url(re.compile(rf"/doc/{SEED_002}$"))
    cited_by = tab.locator("ul.cited-by li", has_text="Cuban Missile Crisis, Document 29")
    assert "“Protocol No. 63”" in cited_by.inner_text()
    tab.locator(f"a[href='/related/{SEED_002}']").click()  # More like this, with filters
    tab.wait_for_url(re.compile(rf"/related/{SEED_002}$"))
    assert tab.locator("h1.related-title").inner_text().startswith("More like Central Committee")
    first = tab.locator("li.related-hit").first
    assert first.locator("h3 a").inner_text() == "Cuban Missile Crisis, Document 29"
    assert "The same Protocol 63" in first.locator("p.why.link").inner_text()
    shot(tab, "related.png")
    assert not tab.errors and not tab.dialogs


def test_one_hit_for_a_text_and_its_copies_then_open_a_copy(tab, copies_server):
    tab.goto(copies_server + "search?q=%22Familiarize+Comrade+Pavlov%22")
    hits = tab.locator("li.hit")
    assert hits.count() == 1  # seed 000 and its three copies: one hit, the others under it
    also = hits.first.locator("p.also")
    assert also.inner_text().startswith("Also in: ")
    names = also.locator("a").all_inner_texts()
    assert len(names) == 3 and SEED_000 in names and "document29_short" in names
    assert "excerpt" in also.inner_text()
    shot(tab, "also-in.png")
    also.locator("a", has_text=SEED_000).click()  # a copy opens with the searched words marked
    tab.wait_for_url(re.compile(rf"/doc/{SEED_000}\?q=%22Familiarize"))
    marks = tab.locator("article p mark").all_inner_texts()
    assert marks[:3] == ["Familiarize", "Comrade", "Pavlov"], marks
    connections = tab.locator("section.connections")
    connections.scroll_into_view_if_needed()
    copies = connections.locator("ul.copies li")
    assert copies.count() == 3  # the saved page, the OCR'd copy, the excerpt
    assert "excerpt" in connections.locator("ul.copies").inner_text()
    assert "IX. On the instructions to Cde. Pavlov" in connections.locator("ul.records").inner_text()
    copies.locator("a", has_text="Cuban Missile Crisis, Document 29").first.click()
    tab.wait_for_url(re.compile(r"/doc/document29[^/]*$"))
    assert tab.locator("section.connections ul.copies li").count() == 3
    assert not tab.errors and not tab.dialogs


def test_the_folder_facet_and_each_hits_folder_filter(tab, server):
    tab.goto(server + "search?q=missiles")
    facet = tab.locator("ul.facet.folders a").first
    folder = facet.get_attribute("title")
    assert folder and tab.locator("li.hit a.folder").count() > 0
    shown = tab.locator("li.hit a.folder").first  # the hit's folder (its last two names) and file name
    own = shown.get_attribute("title").removeprefix("Only the files in ")
    assert shown.inner_text().startswith("/".join(own.split("/")[-2:]) + "/")
    facet.click()
    tab.wait_for_url(re.compile(r"[?&]dir="))
    assert tab.locator("ul.chips li", has_text="in folder").count() == 1
    assert tab.locator("ul.facet.folders a.on").count() == 1
    hits = tab.locator("li.hit a.folder").all()
    assert hits and all(h.get_attribute("title") == f"Only the files in {folder}" for h in hits)
    tab.locator("ul.chips li", has_text="in folder").locator("a").click()  # the filter removed
    tab.wait_for_load_state()
    assert "dir=" not in tab.url
    assert not tab.errors and not tab.dialogs
